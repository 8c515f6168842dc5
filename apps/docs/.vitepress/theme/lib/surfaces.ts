import { surfaces, type Surface } from '@descent/surfaces';

/** The surfaces the 2D demos offer: the chapter's and the classics, every one with two dimensions. */
export const twoDimensional = surfaces.filter((s) => s.dimension === 2);

export function surface2D(id: string): Surface {
  return twoDimensional.find((s) => s.id === id) ?? (twoDimensional[0] as Surface);
}
