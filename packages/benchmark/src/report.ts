import type { BenchmarkSummary, MeanSe, OptimizerSummary, WorkloadSummary } from './summary.js';

const g = (v: number | null, digits = 4): string => (v === null ? '—' : Number(v.toPrecision(digits)).toString());

/** `0.1234 ± 0.0012`, with the diverged runs named. */
export function formatMeanSe(m: MeanSe): string {
  const body = m.mean === null ? 'all diverged' : m.se === null ? g(m.mean) : `${g(m.mean)} ± ${g(m.se, 2)}`;
  return m.diverged > 0 && m.mean !== null ? `${body} (${String(m.diverged)} diverged)` : body;
}

const steps = (v: number | null): string => (v === null ? 'never' : String(v));

/** The tuned options that differ from the defaults, as `lr=0.0123`. */
function tunedOptions(o: OptimizerSummary): string {
  const changed = Object.entries(o.best).filter(([k, v]) => o.default.options[k] !== v);
  return changed.length === 0 ? 'defaults' : changed.map(([k, v]) => `${k}=${String(v)}`).join(', ');
}

function workloadSection(w: WorkloadSummary): string[] {
  const lines = [
    `## ${w.name}`,
    '',
    `Metric: ${w.metric} (${w.lowerIsBetter ? 'lower' : 'higher'} is better); target ${g(w.target)}; ${String(w.steps)} steps, measured every ${String(w.evalEvery)}.`,
    '',
    '| optimizer | tuned options | steps to target (median) | seconds to target | final (mean ± SE) | default: final | default: steps to target |',
    '|---|---|---|---|---|---|---|',
    ...w.optimizers.map(
      (o) =>
        `| ${o.name} | ${tunedOptions(o)} | ${steps(o.stepsToTarget.median)} | ${o.secondsToTarget.median === null ? 'never' : g(o.secondsToTarget.median, 3)} | ${formatMeanSe(o.final)} | ${formatMeanSe(o.default.final)} | ${steps(o.default.stepsToTarget.median)} |`,
    ),
    '',
  ];
  if (w.deterministic) lines.push('Deterministic: every seed gives the same run, so the final metrics are not compared by a test.', '');
  if (w.comparisons.length > 0) {
    lines.push('Final metrics compared (two-sided Mann–Whitney over seeds, Holm-corrected):', '');
    for (const c of w.comparisons) lines.push(`* ${c.a} vs ${c.b}: U = ${g(c.u)}, p = ${g(c.p, 3)}, Holm p = ${g(c.pHolm, 3)}${c.pHolm < 0.05 ? ' (differ at α = 0.05)' : ''}`);
    lines.push('');
  }
  lines.push(`![${w.name}: learning curves](${w.name}-curves.svg)`, '', `![${w.name}: lr sensitivity](${w.name}-lr-sensitivity.svg)`, '');
  return lines;
}

/** report.md: the settings, the scores, and per workload the table, the tests and the figures. */
export function benchmarkReport(summary: BenchmarkSummary): string {
  const s = summary.settings;
  const ranked = Object.entries(summary.score).sort((a, b) => b[1] - a[1]);
  return [
    '# Benchmark report',
    '',
    `${String(s.trials)} quasi-random trials per optimizer and workload (pruner: ${s.pruner === 'asha' ? 'successive halving, η = 3' : 'none'}), the best re-run with ${String(s.seeds)} seeds; seed ${String(s.seed)}.`,
    '',
    '## Scores',
    '',
    'Area under the performance profile ρ(τ) over τ ∈ [1, 4], divided by 3 (1: fastest to the target on every workload).',
    '',
    '| optimizer | score |',
    '|---|---|',
    ...ranked.map(([name, score]) => `| ${name} | ${score.toFixed(3)} |`),
    '',
    '![performance profile](performance-profile.svg)',
    '',
    ...summary.workloads.flatMap(workloadSection),
  ].join('\n');
}
