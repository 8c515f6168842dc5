import type { RunnerTestCase, RunnerTestFile, RunnerTestSuite } from 'vitest';
import type { Reporter } from 'vitest/reporters';

type Suite = RunnerTestFile | RunnerTestSuite;

function hasFailedTest(suite: Suite): boolean {
  return suite.tasks.some((task) =>
    task.type === 'suite' ? hasFailedTest(task) : task.result?.state === 'fail',
  );
}

/**
 * Adds a failed test to every file or describe block that failed outside its tests (an import that throws, an error
 * in a describe() body) and has no failed test of its own, and returns how many it added.
 *
 * Stryker's vitest runner (9.x, stryker-js issue 6150) judges a mutant by the failed *tests* it finds: a mutant that
 * stops a test file from loading, such as one that empties an optimizer plugin's object, leaves no failed test and
 * counts as survived, and a baseline with such a file passes. With this test in its place the mutant counts as
 * killed, and a broken baseline fails.
 */
export function reportFailedLoadsAsTests(suites: readonly Suite[]): number {
  let added = 0;
  for (const suite of suites) {
    for (const task of suite.tasks) if (task.type === 'suite') added += reportFailedLoadsAsTests([task]);
    if (suite.result?.state !== 'fail' || hasFailedTest(suite)) continue;
    // Only the fields Stryker's runner reads (name, suite, file, mode, result): vitest builds a test's context itself,
    // and nothing reads one after the run.
    const failure = {
      type: 'test',
      id: `${suite.id}_load`,
      name: 'loads and collects its tests',
      mode: 'run',
      meta: {},
      suite,
      file: suite.file,
      timeout: 0,
      annotations: [],
      result: { state: 'fail', errors: suite.result.errors ?? [] },
    } as unknown as RunnerTestCase;
    suite.tasks.push(failure);
    added++;
  }
  return added;
}

/** The reporter that applies {@link reportFailedLoadsAsTests} to every file once the run ends. */
export class FailedLoadsAsTests implements Reporter {
  onFinished(files: RunnerTestFile[]): void {
    reportFailedLoadsAsTests(files);
  }
}
