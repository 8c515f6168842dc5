#!/usr/bin/env node
// Makes the next `stryker run --incremental` test again the mutants a baseline records as not killed.
//
// Stryker reuses a mutant that was not killed when no new test covers it and no covering test changed. A static mutant
// (one that runs while modules load: a regular expression or a table at the top of a file) records no covering tests,
// so its "Survived" is reused however the tests change, even after a test is written to kill it. Forgetting those
// results is the way to measure the new test: the next incremental run treats them as new mutants.
//
//   node tooling/mutation-retest.mjs <incremental file> [<source file> ...]
//
// With source files (as the report names them, `src/lr-lambda-expression.ts`), only their mutants are forgotten.
// Killed and timed-out results are kept: a test that still exists and did not change still kills them.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

const [file, ...only] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: node tooling/mutation-retest.mjs <incremental file> [<source file> ...]');
  process.exit(2);
}
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.error(`mutation-retest: cannot read ${file} as Stryker's incremental report (${error.message})`);
  process.exit(1);
}
const files = report.files ?? {};
const unknown = only.filter((name) => !(name in files));
if (unknown.length > 0) {
  console.error(`mutation-retest: ${unknown.join(', ')} not in ${file} (it has ${Object.keys(files).join(', ')})`);
  process.exit(2);
}
const RETESTED = new Set(['Survived', 'NoCoverage']);
let forgotten = 0;
for (const [name, result] of Object.entries(files)) {
  if (only.length > 0 && !only.includes(name)) continue;
  const kept = result.mutants.filter((mutant) => !RETESTED.has(mutant.status));
  forgotten += result.mutants.length - kept.length;
  result.mutants = kept;
}
// A temporary name, then a rename: an interrupted write never leaves half a baseline.
writeFileSync(`${file}.tmp`, JSON.stringify(report));
renameSync(`${file}.tmp`, file);
console.log(`mutation-retest: ${String(forgotten)} survived or uncovered mutant result(s) forgotten in ${file}`);
