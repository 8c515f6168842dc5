/**
 * An SVG document from @descent/plot as an image URL. As an <img>, each figure keeps its own ids (every figure
 * names its clip path `plot-area`), and the page's styles cannot reach into it.
 */
export function svgUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** The figure's own pixel under a mouse event on its <img>, which may be drawn scaled. */
export function figurePixel(event: MouseEvent, img: HTMLImageElement, width: number): [number, number] {
  const box = img.getBoundingClientRect();
  const scale = width / box.width;
  return [(event.clientX - box.left) * scale, (event.clientY - box.top) * scale];
}
