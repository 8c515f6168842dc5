import {
  InvalidParamsError,
  Optimizer,
  StateDictMismatchError,
  type FloatArray,
  parameterKeys,
  type OptimizerStateDict,
  type OptimizerStateDictV2,
  type Parameter,
  type ParamGroupInput,
  type ParamsInput,
  type ParamState,
} from '@descent/optim';
import { evaluationBudget, lbfgsOptionSpecs, validateLbfgsOptions, type LbfgsOptions } from './lbfgs-options.js';
import { dot, lineSearchBuffers, strongWolfe, type LineSearchBuffers } from './strong-wolfe.js';

/** Rounds a scalar as a tensor of the parameters' type would hold it: float32 for float32 parameters. */
type Rounding = (x: number) => number;
const exact: Rounding = (x) => x;

/**
 * Everything L-BFGS carries from one `step()` to the next, over the parameters laid end to end (PyTorch keeps it as
 * the state of the first parameter; the state dict splits the vectors by parameter).
 */
interface LbfgsMemory {
  funcEvals: number;
  nIter: number;
  /** The last direction and step length. */
  readonly d: FloatArray;
  t: number;
  /** The (y, s) pairs, oldest first from `head`, and ρ = 1/(yᵀs) of each. */
  readonly oldDirs: FloatArray[];
  readonly oldStps: FloatArray[];
  readonly ro: number[];
  head: number;
  historyLength: number;
  hDiag: number;
  readonly prevFlatGrad: FloatArray;
  prevLoss: number;
}

/** Work arrays of one size, reused by every step so that a warmed-up step allocates nothing. */
interface Scratch {
  readonly flatGrad: FloatArray;
  readonly y: FloatArray;
  readonly s: FloatArray;
  readonly al: number[];
  readonly lineSearch: LineSearchBuffers;
}

/**
 * Limited-memory BFGS, `torch.optim.LBFGS` (1.13), after Nocedal (1980) and minFunc: each iteration builds a
 * quasi-Newton direction d = −H·g from the last `historySize` pairs s = θ_{k+1} − θ_k, y = g_{k+1} − g_k (the two-loop
 * recursion, with H₀ = (yᵀs / yᵀy)·I), then moves θ ← θ + t·d with t = lr (first iteration: min(1, 1/‖g‖₁)·lr), or
 * with the t a strong Wolfe line search finds. One `step(closure)` runs up to `maxIter` iterations and `maxEval`
 * evaluations, stopping early when the gradient, the loss or the step becomes smaller than the tolerances.
 *
 * So `step` needs a closure that sets the parameters' gradients for their current values (zero them first, as in
 * PyTorch) and returns the loss; it is called once at the start and again after every move or line-search trial. A
 * closure may leave a parameter's `grad` null: it counts as zeros. All parameters form one group (as in PyTorch) and
 * share one element type. Scalars PyTorch holds in float32 tensors are rounded to float32 for float32 parameters.
 *
 * @example
 * const w = parameter(new Float64Array([2, -1]));
 * const opt = new Lbfgs([w], { lineSearchFn: 'strong_wolfe' });
 * opt.step(() => {
 *   w.grad[0] = 2 * (w.data[0] - 3); w.grad[1] = 20 * (w.data[1] + 1);
 *   return (w.data[0] - 3) ** 2 + 10 * (w.data[1] + 1) ** 2;
 * }); // w.data ≈ [3, -1] after this one step
 */
export class Lbfgs extends Optimizer<LbfgsOptions> {
  private memory: LbfgsMemory | undefined;
  private scratch: Scratch | undefined;

  /** The one group's parameters. (A getter: a field would be initialised after the base constructor adds the group.) */
  private get params(): readonly Parameter[] {
    return this.paramGroups[0]?.params ?? [];
  }

  constructor(params: ParamsInput<LbfgsOptions>, options?: Partial<LbfgsOptions>) {
    super({ id: 'lbfgs', name: 'LBFGS', optionSpecs: lbfgsOptionSpecs, validate: validateLbfgsOptions }, params, options);
  }

  /**
   * Adds the one parameter group L-BFGS takes; throws InvalidParamsError for a second group (PyTorch's LBFGS has no
   * per-parameter options either) or for parameters whose arrays are not all of one type (all Float32Array or all
   * Float64Array), since the direction is computed over all of them as one vector.
   */
  override addParamGroup(group: ParamGroupInput<LbfgsOptions>): void {
    if (this.paramGroups.length > 0) {
      throw new InvalidParamsError('LBFGS does not take more than one parameter group (as PyTorch: no per-parameter options); give all parameters in one list');
    }
    super.addParamGroup(group);
    const params = (this.paramGroups[0]?.params ?? []);
    const type = params[0]?.data.constructor;
    for (const [i, p] of params.entries()) {
      if (p.data.constructor !== type) {
        throw new InvalidParamsError(`LBFGS: parameter ${p.name === undefined ? `#${String(i)}` : `'${p.name}'`} is ${p.data.constructor.name}, the first is ${String(type?.name)}: all parameters must share one type`);
      }
    }
  }

  /** Never called: L-BFGS works on all parameters at once, in `step`. */
  protected initState(): ParamState {
    return {};
  }

  /** Never called: L-BFGS works on all parameters at once, in `step`. */
  protected updateParameter(): void {
    throw new Error('LBFGS updates all parameters together in step(closure)');
  }

  /**
   * Runs up to `maxIter` L-BFGS iterations. `closure` must write the gradient of the loss at the parameters' current
   * values into their `grad` arrays and return the loss; the returned value is the loss before the step, as PyTorch's.
   */
  override step(closure?: () => number): number {
    if (closure === undefined) {
      throw new TypeError('LBFGS.step needs a closure that sets the gradients for the current parameters and returns the loss: step(() => loss)');
    }
    const options = (this.paramGroups[0] as { options: LbfgsOptions }).options;
    const lr = this.currentLr(0);
    const { maxIter, toleranceGrad, toleranceChange, historySize } = options;
    const maxEval = evaluationBudget(options);
    const sign = options.maximize ? -1 : 1;
    const round: Rounding = this.params[0]?.data instanceof Float32Array ? Math.fround : exact;
    const scratch = this.workArrays(historySize);
    const memory = this.memoryFor();
    const { flatGrad } = scratch;

    const origLoss = closure();
    let loss = sign * origLoss;
    let currentEvals = 1;
    memory.funcEvals += 1;
    this.gatherFlatGrad(flatGrad, sign);
    let optCond = maxAbs(flatGrad) <= toleranceGrad;
    if (optCond) {
      this.stepCount++;
      return origLoss;
    }

    const { d, prevFlatGrad } = memory;
    let t = memory.t;
    let nIter = 0;
    while (nIter < maxIter) {
      nIter++;
      memory.nIter++;

      // The direction: steepest descent at first, then the two-loop recursion over the stored pairs.
      if (memory.nIter === 1) {
        for (let i = 0; i < d.length; i++) d[i] = -(flatGrad[i] as number);
        memory.historyLength = 0;
        memory.head = 0;
        memory.hDiag = 1;
      } else {
        const { y, s } = scratch;
        const ts = round(t);
        for (let i = 0; i < d.length; i++) {
          y[i] = (flatGrad[i] as number) - (prevFlatGrad[i] as number);
          s[i] = (d[i] as number) * ts;
        }
        const ys = dot(y, s);
        if (ys > 1e-10) this.remember(memory, scratch, historySize, round(1 / ys), round(ys / dot(y, y)));
        this.twoLoopDirection(memory, scratch, round);
      }
      prevFlatGrad.set(flatGrad);
      const prevLoss = loss;
      memory.prevLoss = prevLoss;

      // The step length: lr, scaled down on the very first iteration so that the first move is at most lr·1.
      if (memory.nIter === 1) {
        // PyTorch: min(1., 1. / |g|.sum()) * lr, a tensor of the parameters' type when the reciprocal is below 1.
        const reciprocal = round(1 / sumAbs(flatGrad));
        t = reciprocal < 1 ? round(reciprocal * lr) : lr;
      } else {
        t = lr;
      }
      const gtd = dot(flatGrad, d);
      if (gtd > -toleranceChange) break;

      let lsFuncEvals = 0;
      if (options.lineSearchFn === 'strong_wolfe') {
        const found = strongWolfe(
          (x, step, direction, gradOut) => this.directionalEvaluate(closure, x, step, direction, gradOut, sign, round),
          this.flatParams(scratch.lineSearch.xInit),
          t,
          d,
          loss,
          flatGrad,
          gtd,
          toleranceChange,
          scratch.lineSearch,
          round,
        );
        loss = found.loss;
        t = found.t;
        lsFuncEvals = found.evaluations;
        this.addToParams(t, d, round);
        optCond = maxAbs(flatGrad) <= toleranceGrad;
      } else {
        this.addToParams(t, d, round);
        if (nIter !== maxIter) {
          // Re-evaluated only if another iteration follows (PyTorch: in a stochastic setting it would be wasted).
          loss = sign * closure();
          this.gatherFlatGrad(flatGrad, sign);
          optCond = maxAbs(flatGrad) <= toleranceGrad;
          lsFuncEvals = 1;
        }
      }
      currentEvals += lsFuncEvals;
      memory.funcEvals += lsFuncEvals;

      if (nIter === maxIter) break;
      if (currentEvals >= maxEval) break;
      if (optCond) break;
      if (maxAbsScaled(d, round(t)) <= toleranceChange) break;
      if (Math.abs(loss - prevLoss) < toleranceChange) break;
    }
    memory.t = t;
    this.stepCount++;
    return origLoss;
  }

  override stateDict(): OptimizerStateDictV2 {
    // The base class saves `this.state`: fill it with each parameter's slices of the vectors (views, no copies), and
    // the scalars and ρ values in the first parameter's entry, as PyTorch keeps its L-BFGS state on the first one.
    this.state.clear();
    const memory = this.memory;
    if (memory !== undefined) {
      let offset = 0;
      this.params.forEach((p, k) => {
        const slice = (array: FloatArray) => array.subarray(offset, offset + p.data.length);
        const entry: ParamState = { d: slice(memory.d), prevFlatGrad: slice(memory.prevFlatGrad) };
        for (let i = 0; i < memory.historyLength; i++) {
          const slot = (memory.head + i) % memory.oldDirs.length;
          entry[`oldDirs.${String(i)}`] = slice(memory.oldDirs[slot] as FloatArray);
          entry[`oldStps.${String(i)}`] = slice(memory.oldStps[slot] as FloatArray);
        }
        if (k === 0) {
          Object.assign(entry, {
            funcEvals: memory.funcEvals,
            nIter: memory.nIter,
            t: memory.t,
            hDiag: memory.hDiag,
            prevLoss: memory.prevLoss,
            historyLength: memory.historyLength,
          });
          for (let i = 0; i < memory.historyLength; i++) entry[`ro.${String(i)}`] = memory.ro[(memory.head + i) % memory.ro.length] as number;
        }
        this.state.set(p, entry);
        offset += p.data.length;
      });
    }
    const saved = super.stateDict();
    this.state.clear();
    return saved;
  }

  override loadStateDict(saved: OptimizerStateDict): void {
    const read = this.readMemory(saved);
    super.loadStateDict(saved);
    // The base class has checked and decoded each parameter's arrays into `this.state`: lay them end to end.
    if (read !== undefined) {
      let offset = 0;
      for (const p of this.params) {
        const entry = this.state.get(p) ?? {};
        for (const [key, vector] of read.vectors) vector.set(entry[key] as FloatArray, offset);
        offset += p.data.length;
      }
    }
    this.state.clear();
    this.memory = read?.memory;
  }

  /** Checks the L-BFGS fields of a saved state and builds the memory from it, before anything is changed. */
  private readMemory(saved: OptimizerStateDict): { memory: LbfgsMemory; vectors: Map<string, FloatArray> } | undefined {
    const fail = (why: string): never => {
      throw new StateDictMismatchError(`LBFGS.loadStateDict: ${why}`);
    };
    const entries = Object.entries(saved.state);
    if (entries.length === 0) return undefined;
    // Let the base class report malformed arrays and wrong lengths in its own words: check only what it cannot.
    // Version 2 keys parameters by name (or '#position'), version 1 by position.
    const keys2 = parameterKeys(this.params);
    const keyOf = (k: number): string => (saved.specificationVersion === 'v1' ? String(k) : (keys2[k] ?? ''));
    // The scalars sit with the parameter that was first when the state was saved (the list may be reordered since).
    const firstKey = saved.specificationVersion === 'v1' ? '0' : (saved as OptimizerStateDictV2).paramGroups[0]?.params[0] ?? '';
    const first = saved.state[firstKey];
    const number = (key: string): number => {
      const value = first?.[key];
      return typeof value === 'number' ? value : fail(`state of parameter 0 has no number '${key}'`);
    };
    const historyLength = number('historyLength');
    const historySize = (saved.paramGroups[0]?.options.historySize as number | undefined) ?? 0;
    if (!Number.isInteger(historyLength) || historyLength < 0 || historyLength > historySize) {
      fail(`historyLength ${String(historyLength)} is not a count up to historySize ${String(historySize)}`);
    }
    const keys = ['d', 'prevFlatGrad'];
    for (let i = 0; i < historyLength; i++) keys.push(`oldDirs.${String(i)}`, `oldStps.${String(i)}`);
    const total = this.params.reduce((sum, p) => sum + p.data.length, 0);
    const vectors = new Map<string, FloatArray>();
    for (const key of keys) vectors.set(key, this.params[0]?.data instanceof Float32Array ? new Float32Array(total) : new Float64Array(total));
    for (let k = 0; k < this.params.length; k++) {
      const entry = saved.state[keyOf(k)];
      if (entry === undefined) return fail(`parameter ${String(k)} has no state (L-BFGS keeps state for every parameter)`);
      for (const key of keys) if (typeof entry[key] !== 'object') fail(`state of parameter ${String(k)} has no array '${key}'`);
    }
    const ro: number[] = [];
    for (let i = 0; i < historyLength; i++) ro.push(number(`ro.${String(i)}`));
    const memory: LbfgsMemory = {
      funcEvals: number('funcEvals'),
      nIter: number('nIter'),
      d: vectors.get('d') as FloatArray,
      t: number('t'),
      oldDirs: [],
      oldStps: [],
      ro,
      head: 0,
      historyLength,
      hDiag: number('hDiag'),
      prevFlatGrad: vectors.get('prevFlatGrad') as FloatArray,
      prevLoss: number('prevLoss'),
    };
    for (let i = 0; i < historyLength; i++) {
      memory.oldDirs.push(vectors.get(`oldDirs.${String(i)}`) as FloatArray);
      memory.oldStps.push(vectors.get(`oldStps.${String(i)}`) as FloatArray);
    }
    return { memory, vectors };
  }

  /** Stores (y, s) as the newest pair, dropping the oldest when the history is full; y and s swap with that slot. */
  private remember(memory: LbfgsMemory, scratch: Scratch, historySize: number, ro: number, hDiag: number): void {
    let slot: number;
    if (memory.historyLength < historySize) {
      // Still growing: the ring holds exactly the live pairs and starts at 0. Add a slot (only until it is full).
      slot = memory.historyLength;
      memory.oldDirs.push(zerosOf(scratch.y));
      memory.oldStps.push(zerosOf(scratch.s));
      memory.ro.push(0);
      memory.historyLength++;
    } else {
      // Full: the oldest pair's slot takes the new one (PyTorch pops the first and appends).
      slot = memory.head;
      memory.head = (memory.head + 1) % memory.oldDirs.length;
    }
    const dirs = memory.oldDirs[slot] as FloatArray;
    const stps = memory.oldStps[slot] as FloatArray;
    dirs.set(scratch.y);
    stps.set(scratch.s);
    memory.ro[slot] = ro;
    memory.hDiag = hDiag;
  }

  /** d = −H·g by the two-loop recursion, newest pair first, then oldest first (PyTorch's collapsed one-buffer form). */
  private twoLoopDirection(memory: LbfgsMemory, scratch: Scratch, round: Rounding): void {
    const { d } = memory;
    const { flatGrad, al } = scratch;
    const n = memory.historyLength;
    const slots = memory.oldDirs.length;
    for (let i = 0; i < d.length; i++) d[i] = -(flatGrad[i] as number);
    for (let i = n - 1; i >= 0; i--) {
      const slot = (memory.head + i) % slots;
      const a = round(dot(memory.oldStps[slot] as FloatArray, d) * (memory.ro[slot] as number));
      al[i] = a;
      axpy(d, round(-a), memory.oldDirs[slot] as FloatArray);
    }
    const hDiag = memory.hDiag;
    for (let i = 0; i < d.length; i++) d[i] = (d[i] as number) * hDiag;
    for (let i = 0; i < n; i++) {
      const slot = (memory.head + i) % slots;
      const be = round(dot(memory.oldDirs[slot] as FloatArray, d) * (memory.ro[slot] as number));
      axpy(d, round((al[i] as number) - be), memory.oldStps[slot] as FloatArray);
    }
  }

  /** θ ← θ + t·d over the parameters laid end to end. */
  private addToParams(t: number, d: FloatArray, round: Rounding): void {
    const alpha = round(t);
    let offset = 0;
    for (const p of this.params) {
      const data = p.data;
      for (let i = 0; i < data.length; i++) data[i] = (data[i] as number) + alpha * (d[offset + i] as number);
      offset += data.length;
    }
  }

  /** Copies the parameters, end to end, into `out`. */
  private flatParams(out: FloatArray): FloatArray {
    let offset = 0;
    for (const p of this.params) {
      out.set(p.data, offset);
      offset += p.data.length;
    }
    return out;
  }

  /** The gradients end to end (a null gradient counts as zeros), times `sign` (−1 when maximizing). */
  private gatherFlatGrad(out: FloatArray, sign: number): void {
    let offset = 0;
    for (let k = 0; k < this.params.length; k++) {
      const p = this.params[k] as Parameter;
      const grad = p.grad;
      if (grad === null) out.fill(0, offset, offset + p.data.length);
      else {
        if (grad.length !== p.data.length) {
          throw new InvalidParamsError(`LBFGS: gradient of parameter #${String(k)} has length ${String(grad.length)}, expected ${String(p.data.length)}`);
        }
        for (let i = 0; i < grad.length; i++) out[offset + i] = sign * (grad[i] as number);
      }
      offset += p.data.length;
    }
  }

  /** The loss and gradient at x + t·d; the parameters are set back to x afterwards (PyTorch's _directional_evaluate). */
  private directionalEvaluate(
    closure: () => number,
    x: FloatArray,
    t: number,
    d: FloatArray,
    gradOut: FloatArray,
    sign: number,
    round: Rounding,
  ): number {
    this.addToParams(t, d, round);
    const loss = sign * closure();
    this.gatherFlatGrad(gradOut, sign);
    // Back to x, by a loop: a subarray view per parameter would allocate in every evaluation.
    let offset = 0;
    for (const p of this.params) {
      const data = p.data;
      for (let i = 0; i < data.length; i++) data[i] = x[offset + i] as number;
      offset += data.length;
    }
    return loss;
  }

  private memoryFor(): LbfgsMemory {
    if (this.memory === undefined) {
      const like = (this.scratch as Scratch).flatGrad;
      this.memory = {
        funcEvals: 0,
        nIter: 0,
        d: zerosOf(like),
        t: 0,
        oldDirs: [],
        oldStps: [],
        ro: [],
        head: 0,
        historyLength: 0,
        hDiag: 1,
        prevFlatGrad: zerosOf(like),
        prevLoss: 0,
      };
    }
    return this.memory;
  }

  private workArrays(historySize: number): Scratch {
    if (this.scratch === undefined || this.scratch.al.length < historySize) {
      const total = this.params.reduce((sum, p) => sum + p.data.length, 0);
      const first = this.params[0]?.data;
      const make = (): FloatArray => (first instanceof Float32Array ? new Float32Array(total) : new Float64Array(total));
      this.scratch = {
        flatGrad: make(),
        y: make(),
        s: make(),
        al: new Array<number>(historySize).fill(0),
        lineSearch: lineSearchBuffers(make),
      };
    }
    return this.scratch;
  }
}

function zerosOf(like: FloatArray): FloatArray {
  return like instanceof Float32Array ? new Float32Array(like.length) : new Float64Array(like.length);
}

/** y ← y + alpha·x. */
function axpy(y: FloatArray, alpha: number, x: FloatArray): void {
  for (let i = 0; i < y.length; i++) y[i] = (y[i] as number) + alpha * (x[i] as number);
}

function maxAbs(a: FloatArray): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] as number));
  return m;
}

/** max |t·dᵢ|, each product rounded as the parameters' type would (one loop per type: see `dot`). */
function maxAbsScaled(d: FloatArray, t: number): number {
  let m = 0;
  if (d instanceof Float32Array) {
    for (let i = 0; i < d.length; i++) m = Math.max(m, Math.abs(Math.fround((d[i] as number) * t)));
  } else {
    for (let i = 0; i < d.length; i++) m = Math.max(m, Math.abs((d[i] as number) * t));
  }
  return m;
}

/** Σ |aᵢ|, summed in the parameters' type (one loop per type: see `dot`). */
function sumAbs(a: FloatArray): number {
  let s = 0;
  if (a instanceof Float32Array) {
    for (let i = 0; i < a.length; i++) s = Math.fround(s + Math.abs(a[i] as number));
  } else {
    for (let i = 0; i < a.length; i++) s += Math.abs(a[i] as number);
  }
  return s;
}
