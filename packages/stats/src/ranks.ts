/** Ranks 1…n with ties given their average rank (SciPy's `rankdata`, method 'average'), and Σ(t³ − t) over ties. */
export function averageRanks(values: readonly number[]): { ranks: Float64Array; tieTerm: number } {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  const ascending = order.map((k) => values[k]);
  const ranks = new Float64Array(n);
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    // A run of equal values ends before the first different one; past the end, ascending[n] is undefined.
    let j = i;
    while (ascending[j + 1] === ascending[i]) j++;
    const t = j - i + 1;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k] as number] = rank;
    tieTerm += t * t * t - t;
    i = j + 1;
  }
  return { ranks, tieTerm };
}
