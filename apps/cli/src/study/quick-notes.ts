// The quick forms of the chapter's studies (what `reproduce all` runs) are small: where their numbers contradict
// what the book shows, the output says so and names the command that runs the book's size. Each check reads the
// computed numbers only; none is printed for the full form, whose numbers are the finding.

/** The book's effect, what the numbers here show instead, and the command for the full form. */
export interface QuickNoteInput {
  readonly effect: string;
  readonly here: string;
  readonly quickSize: string;
  readonly command: string;
  readonly fullSize: string;
}

export function quickNote(n: QuickNoteInput): string {
  return `the quick form (${n.quickSize}) is too small to show the book's effect (${n.effect}; here ${n.here}): run \`${n.command}\` for the book's ${n.fullSize}`;
}

/** A normal test that does not reject normality at the 5 % level (or could not run) contradicts figure 11-9's p ≈ 0. */
export function normalityContradicts(p: number | null): boolean {
  return p === null || p >= 0.05;
}

/**
 * Figure 11-8's book result is momentum ahead, t-test p = 3e-8: a quick study where momentum is not ahead at the
 * 5 % level (or with too few runs to test) contradicts it.
 */
export function momentumContradicts(momentumMean: number | null, noMomentumMean: number | null, p: number | null): boolean {
  return momentumMean === null || noMomentumMean === null || p === null || !(momentumMean > noMomentumMean && p < 0.05);
}

/**
 * Figure 11-11's optimizers end within about half a point of accuracy of each other in the book. An optimizer more
 * than 2 points below the best (SGD at 0.21 after two quick epochs) has not trained long enough to be compared:
 * returns it and its gap, or null.
 */
export function laggingOptimizer(means: readonly { name: string; accuracy: number | null }[]): { name: string; accuracy: number; best: string; gap: number } | null {
  const known = means.filter((m): m is { name: string; accuracy: number } => m.accuracy !== null);
  if (known.length < 2) return null;
  const best = known.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
  const worst = known.reduce((a, b) => (b.accuracy < a.accuracy ? b : a));
  const gap = best.accuracy - worst.accuracy;
  return gap > 0.02 ? { name: worst.name, accuracy: worst.accuracy, best: best.name, gap } : null;
}
