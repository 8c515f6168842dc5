// Matplotlib's marker letters as SVG paths centred on (0, 0), so figures can use the book's markers.

/** A Matplotlib marker letter, as the book's listings use them. */
export type MarkerName = 'o' | 's' | '>' | '<' | '^' | 'v' | '*' | '+' | 'p' | 'h' | 'P' | 'D' | 'X';

/** Every marker letter the figures can draw. */
export const MARKER_NAMES: readonly MarkerName[] = ['o', 's', '>', '<', '^', 'v', '*', '+', 'p', 'h', 'P', 'D', 'X'];

const f = (v: number) => Number(v.toFixed(2)).toString();

function polygon(points: readonly (readonly [number, number])[]): string {
  return `M${points.map(([x, y]) => `${f(x)},${f(y)}`).join('L')}Z`;
}

function regular(sides: number, r: number, rotation: number): string {
  return polygon(
    Array.from({ length: sides }, (_, k) => {
      const a = rotation + (2 * Math.PI * k) / sides;
      return [r * Math.sin(a), -r * Math.cos(a)] as const;
    }),
  );
}

function star(r: number): string {
  return polygon(
    Array.from({ length: 10 }, (_, k) => {
      const a = (Math.PI * k) / 5;
      const radius = k % 2 === 0 ? r : r * 0.4;
      return [radius * Math.sin(a), -radius * Math.cos(a)] as const;
    }),
  );
}

/** A filled cross of arm width w, rotated by `angle` (the 'P' and 'X' markers). */
function thickCross(r: number, w: number, angle: number): string {
  const base: [number, number][] = [
    [-w, -r], [w, -r], [w, -w], [r, -w], [r, w], [w, w], [w, r], [-w, r], [-w, w], [-r, w], [-r, -w], [-w, -w],
  ];
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return polygon(base.map(([x, y]) => [x * c - y * s, x * s + y * c] as const));
}

/** The SVG path of a marker of radius r; '+' is an open stroke, every other marker is a filled outline. */
export function markerPath(name: MarkerName, r: number): string {
  switch (name) {
    case 'o':
      return `M${f(-r)},0A${f(r)},${f(r)} 0 1,0 ${f(r)},0A${f(r)},${f(r)} 0 1,0 ${f(-r)},0Z`;
    case 's':
      return polygon([[-r * 0.85, -r * 0.85], [r * 0.85, -r * 0.85], [r * 0.85, r * 0.85], [-r * 0.85, r * 0.85]]);
    case '^':
      return regular(3, r, 0);
    case 'v':
      return regular(3, r, Math.PI);
    case '>':
      return regular(3, r, Math.PI / 2);
    case '<':
      return regular(3, r, -Math.PI / 2);
    case 'D':
      return regular(4, r, 0);
    case 'p':
      return regular(5, r, 0);
    case 'h':
      return regular(6, r, 0);
    case '*':
      return star(r * 1.3);
    case '+':
      return `M${f(-r)},0H${f(r)}M0,${f(-r)}V${f(r)}`;
    case 'P':
      return thickCross(r, r * 0.33, 0);
    case 'X':
      return thickCross(r, r * 0.3, Math.PI / 4);
  }
}

/** Whether a marker is drawn as a stroke only. */
export function isOpenMarker(name: MarkerName): boolean {
  return name === '+';
}
