import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from './io.js';
import { main } from './program.js';

// L-BFGS evaluates the objective itself, several times a step (step(closure)); Rprop and ASGD take gradients as the
// others do. All three are built in.

async function run(...argv: string[]) {
  const cwd = mkdtempSync(join(tmpdir(), 'descent-closure-'));
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe('descent path --optimizer lbfgs', () => {
  it('reaches the bowl’s minimum (1, 7/9) in one step: each point is the position after one step(closure)', async () => {
    const r = await run('path', '--surface', 'bowl', '--optimizer', 'lbfgs', '--start', '-0.5,2.9', '--steps', '3', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { points: number[][]; options: Record<string, unknown> };
    expect(out.points).toHaveLength(4);
    expect(out.options).toMatchObject({ lr: 1, maxIter: 20, historySize: 100, lineSearchFn: 'none' });
    const [x, y] = out.points[1] as number[];
    expect(Math.hypot((x as number) - 1, (y as number) - 7 / 9)).toBeLessThan(1e-5);
    // Already at the minimum: the later steps stop at once on the gradient tolerance.
    expect(out.points[3]).toEqual(out.points[1]);
  });

  it('takes the strong Wolfe line search (--line-search-fn strong_wolfe) and the other L-BFGS flags', async () => {
    const r = await run('path', '--surface', 'bowl', '--optimizer', 'lbfgs', '--line-search-fn', 'strong_wolfe', '--max-iter', '2', '--history-size', '3', '--start', '-0.5,2.9', '--steps', '2', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { options: Record<string, unknown>; final: number[] };
    expect(out.options).toMatchObject({ lineSearchFn: 'strong_wolfe', maxIter: 2, historySize: 3 });
    // torch.optim.LBFGS(max_iter=2, history_size=3, line_search_fn='strong_wolfe'), two step(closure) on the bowl
    // from (−0.5, 2.9) (torch 1.13, float64); the budget of ⌊5·2/4⌋ = 2 evaluations cuts each line search short.
    const torch = [0.8874216507692678, 0.742412851317861];
    out.final.forEach((v, i) => {
      expect(Math.abs(v - (torch[i] as number))).toBeLessThan(1e-9);
    });
  });

  it('refuses --line-search-fn bogus: exit 2, one line naming the flag, the value and the allowed names', async () => {
    const r = await run('path', '--surface', 'bowl', '--optimizer', 'lbfgs', '--line-search-fn', 'bogus', '--steps', '2');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("descent: --line-search-fn expects one of 'none', 'strong_wolfe' for lbfgs, got 'bogus'");
  });

  it('lists the choice with its allowed names in optimizers --json', async () => {
    const out = JSON.parse((await run('optimizers', '--json')).stdout) as { id: string; options: Record<string, unknown>[] }[];
    const find = (id: string, name: string) => out.find((p) => p.id === id)?.options.find((o) => o.name === name);
    expect(find('lbfgs', 'lineSearchFn')).toMatchObject({ type: 'choice', default: 'none', choices: ['none', 'strong_wolfe'], flag: '--line-search-fn' });
    expect(find('muon', 'adjustLrFn')).toMatchObject({ type: 'choice', default: 'original', choices: ['original', 'match_rms_adamw'], flag: '--adjust-lr-fn' });
  });

  it('refuses a count that is not whole, naming the flag', async () => {
    const r = await run('path', '--surface', 'bowl', '--optimizer', 'lbfgs', '--max-iter', '2.5', '--steps', '2');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('descent: --max-iter 2.5 is not allowed for lbfgs (expected a whole number ≥ 1)');
  });
});

describe('Rprop and ASGD on the command line', () => {
  it('path takes --eta-minus, --eta-plus, --step-size-min/max (rprop) and --lambd, --alpha, --t0 (asgd)', async () => {
    const rprop = await run('path', '--surface', 'bowl', '--optimizer', 'rprop', '--lr', '0.1', '--eta-minus', '0.4', '--eta-plus', '1.5', '--step-size-max', '1', '--steps', '40', '--json');
    expect(rprop.code).toBe(0);
    expect(JSON.parse(rprop.stdout)).toMatchObject({ options: { etaMinus: 0.4, etaPlus: 1.5, stepSizeMax: 1 } });
    const asgd = await run('path', '--surface', 'bowl', '--optimizer', 'asgd', '--lr', '0.05', '--lambd', '0.001', '--t0', '5', '--steps', '5', '--json');
    expect(asgd.code).toBe(0);
    expect(JSON.parse(asgd.stdout)).toMatchObject({ options: { lambd: 0.001, t0: 5, alpha: 0.75 } });
  });

  it('an η₋ outside (0, 1) is a usage error naming the flag', async () => {
    const r = await run('path', '--surface', 'bowl', '--optimizer', 'rprop', '--eta-minus', '1.5', '--steps', '2');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--eta-minus 1.5 is not allowed for rprop (expected a number in (0, 1))');
  });
});

describe('training refuses an optimizer that needs a closure', () => {
  it('train --optimizer lbfgs: one line naming the flag, exit 2, no stack trace', async () => {
    const r = await run('train', '--dataset', 'fashion-mnist-sample', '--optimizer', 'lbfgs', '--epochs', '1');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--optimizer lbfgs: LBFGS evaluates the loss itself, several times a step (step(closure)), and training steps on one gradient per minibatch; use lbfgs with path or race');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('study --arm with lbfgs likewise', async () => {
    const r = await run('study', '--arm', 'a: lbfgs', '--arm', 'b: sgd', '--runs', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--arm lbfgs: LBFGS evaluates the loss itself');
  });
});
