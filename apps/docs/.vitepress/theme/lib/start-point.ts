import { computed, ref, watch, type Ref } from 'vue';
import { contourFigureDataAt } from '@descent/plot';
import type { Surface } from '@descent/surfaces';
import { figurePixel } from './svg';

/** Where a contour figure's data lies in its 600-pixel-wide drawing (contourFigure's options). */
export interface MapLayout {
  readonly xDomain: readonly [number, number];
  readonly yDomain: readonly [number, number];
  readonly title?: string;
}

/**
 * The start of a path on a 2D surface: the surface's own until the reader clicks its contour map (bind `img` to the
 * map's <img> and `onMapClick` to its clicks) or types coordinates into inputs bound with `v-model.lazy` to
 * `startX`/`startY`. v-model, not a bound value, so that redraws while a path animates do not overwrite typing.
 */
export function useStartPoint(surface: Ref<Surface>, layout: Ref<MapLayout>) {
  const start = ref<number[]>([...surface.value.defaultStart]);
  watch(surface, (s) => {
    start.value = [...s.defaultStart];
  });
  const img = ref<HTMLImageElement | null>(null);
  function onMapClick(event: MouseEvent): void {
    if (img.value === null) return;
    const [px, py] = figurePixel(event, img.value, 600);
    const point = contourFigureDataAt(layout.value, px, py);
    if (point !== null) start.value = point.map((v) => Number(v.toFixed(3)));
  }
  const axis = (k: number) =>
    computed({
      get: () => start.value[k] ?? 0,
      // v-model hands a number input's value over as a number, or '' when the field is empty.
      set: (value: number | string) => {
        if (typeof value === 'number' && Number.isFinite(value)) start.value = start.value.map((old, i) => (i === k ? value : old));
      },
    });
  return { start, img, onMapClick, startX: axis(0), startY: axis(1) };
}
