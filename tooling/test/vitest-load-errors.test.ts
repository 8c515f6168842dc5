import type { RunnerTask, RunnerTestCase, RunnerTestFile, RunnerTestSuite } from 'vitest';
import { describe, expect, it } from 'vitest';
import { reportFailedLoadsAsTests } from '../vitest-load-errors.js';

// Minimal task trees in the shape vitest leaves in its state after a run.
function file(state: 'pass' | 'fail', tasks: RunnerTask[] = [], message = 'boom'): RunnerTestFile {
  const f = {
    type: 'suite',
    id: 'f1',
    name: 'x.test.ts',
    mode: 'run',
    meta: {},
    filepath: '/p/x.test.ts',
    projectName: undefined,
    tasks,
    result: { state, errors: state === 'fail' ? [{ message }] : undefined },
  } as unknown as RunnerTestFile;
  f.file = f;
  for (const task of tasks) Object.assign(task, { suite: f, file: f });
  return f;
}

function test(name: string, state: 'pass' | 'fail'): RunnerTestCase {
  return { type: 'test', id: name, name, mode: 'run', meta: {}, result: { state } } as unknown as RunnerTestCase;
}

function suite(name: string, state: 'pass' | 'fail', tasks: RunnerTask[]): RunnerTestSuite {
  const s = { type: 'suite', id: name, name, mode: 'run', meta: {}, tasks, result: { state, errors: [{ message: `${name} threw` }] } };
  for (const task of tasks) Object.assign(task, { suite: s });
  return s as unknown as RunnerTestSuite;
}

describe('reportFailedLoadsAsTests (Stryker counts a test file that fails to load as killing the mutant)', () => {
  it('gives a file that failed to load, with no tests, one failed test carrying the load error', () => {
    const f = file('fail', [], 'sgdPlugin.create is not a function');
    expect(reportFailedLoadsAsTests([f])).toBe(1);
    expect(f.tasks).toHaveLength(1);
    const added = f.tasks[0] as RunnerTestCase;
    expect(added.type).toBe('test');
    expect(added.result?.state).toBe('fail');
    expect(added.result?.errors?.[0]?.message).toBe('sgdPlugin.create is not a function');
    expect(added.file).toBe(f);
    expect(added.suite).toBe(f);
  });

  it('adds a failed test to a describe block that threw, even when its file has passing tests', () => {
    const broken = suite('conformance', 'fail', []);
    const f = file('fail', [test('by hand', 'pass'), broken]);
    expect(reportFailedLoadsAsTests([f])).toBe(1);
    expect(broken.tasks.map((t) => [t.type, t.result?.state])).toEqual([['test', 'fail']]);
    expect(f.tasks).toHaveLength(2);
  });

  it('leaves files alone that passed, or that failed through a failed test of their own', () => {
    const passed = file('pass', [test('a', 'pass')]);
    const failedByTest = file('fail', [suite('s', 'fail', [test('b', 'fail')])]);
    expect(reportFailedLoadsAsTests([passed, failedByTest])).toBe(0);
    expect(passed.tasks).toHaveLength(1);
    expect(failedByTest.tasks).toHaveLength(1);
  });
});
