import { stateLike } from '../arena.js';
import { InvalidParamsError, StateDictMismatchError } from '../errors.js';
import type { OptimizerV1 } from '../optimizer.js';
import type { BaseOptimizerOptions, FloatArray, ParamGroup, Parameter, ParamsInput } from '../optimizer-types.js';
import type { OptimizerPluginV1 } from '../plugin.js';
import { matchSavedKeys, parameterKeys, type EncodedStateValueV1, type OptimizerStateDict, type OptimizerStateDictV2 } from '../state-dict.js';
import { describeTransformation, findTransformState, splitChainTail, type ChainHead } from './chain.js';
import { clipFactorFor, scaleByClipFactor } from './clipping.js';
import { forgetSumOfSquares } from './norm-kernel.js';
import { loadSlots, saveSlots } from './state-slots.js';
import type { GradientTransformation, TransformContext, TransformState } from './types.js';

/** Transformations around an existing optimizer: `before` its step on the gradients, `after` it on the parameters. */
export interface AroundOptimizer {
  /** Runs on the gradients in place before `step()`, as `clip_grad_norm_` does in PyTorch; may skip the step. */
  readonly before?: GradientTransformation;
  /** Runs after `step()` with the new parameters and zero updates (lookahead, ema, swa); its updates are applied. */
  readonly after?: GradientTransformation;
}

interface MutableContext extends TransformContext {
  step: number;
  lr: Float64Array;
  options: Readonly<Record<string, unknown>>[];
}

/**
 * A `clipByGlobalNorm` that ends the `before` transformations (or is all of them), folded into the optimizer's step:
 * the transformations before it run, it measures the norm, and the optimizer multiplies its gradients by the factor
 * in its own pass (`stepWithScaledGradients`; Adam's kernel does it with one multiply and one store) instead of a
 * pass of scaling over the gradients first.
 */
interface FoldedClip {
  /** Runs the transformations before the clip, or undefined when the clip is alone. */
  readonly head: ChainHead | undefined;
  /** Records the norm in the clip's state and returns the factor, leaving the gradients as they are. */
  readonly factor: (updates: readonly FloatArray[], state: TransformState) => number;
  /** The clip's state inside the `before` state. */
  readonly clipState: (state: TransformState) => TransformState;
}

function foldedClipOf(before: GradientTransformation): FoldedClip | undefined {
  const alone = clipFactorFor(before);
  if (alone !== undefined) return { head: undefined, factor: alone, clipState: (state) => state };
  const split = splitChainTail(before, 1);
  if (split === undefined) return undefined;
  const factor = clipFactorFor(split.tail[0] as GradientTransformation);
  if (factor === undefined) return undefined;
  return { head: split.head, factor, clipState: (state) => split.tailState(state, 0) };
}

/**
 * An optimizer with gradient transformations around it: the optimizer keeps its own update (and its fast path), the
 * transformations clip, guard, accumulate or average. The caller's gradients are transformed in place before the
 * step (PyTorch's `clip_grad_norm_` semantics). `stateDict()` holds the optimizer's state and the transformations'
 * (read them live with `transformState(name)`).
 */
export class TransformedOptimizer<O extends BaseOptimizerOptions = BaseOptimizerOptions> implements OptimizerV1<O> {
  readonly specificationVersion = 'v1' as const;
  readonly id: string;
  private readonly params: Parameter[];
  private readonly zeros: FloatArray[];
  private readonly grads: FloatArray[];
  private readonly datas: FloatArray[];
  private readonly context: MutableContext;
  private readonly beforeState: TransformState | undefined;
  private readonly afterState: TransformState | undefined;
  private readonly foldedClip: FoldedClip | undefined;
  /**
   * The wrapped optimizer's `eval()`/`train()` (Schedule-Free: evaluate at the average x, take gradients at y), present
   * only when it has them, as callers (`Network.evaluate`, `runTrajectory`) test for their presence.
   */
  readonly eval?: () => void;
  readonly train?: () => void;

  constructor(
    readonly inner: OptimizerV1<O>,
    private readonly around: AroundOptimizer,
  ) {
    this.id = inner.id;
    this.params = inner.paramGroups.flatMap((g) => [...g.params]);
    this.datas = this.params.map((p) => p.data);
    this.zeros = this.params.map((p) => stateLike(p.data));
    // Stryker disable next-line ArrowFunction,LogicalOperator: step() sets every grads[j] before anything reads them
    this.grads = this.params.map((p, k) => p.grad ?? (this.zeros[k] as FloatArray));
    const names = this.params.map((p) => p.name);
    // Stryker disable next-line ArrowFunction,BooleanLiteral: step() sets every options[k], and begin() sets skip, before any update reads them
    this.context = { step: 0, names, lr: new Float64Array(this.params.length), options: this.params.map(() => ({})), skip: false };
    this.beforeState = around.before?.init(this.datas, { names });
    this.afterState = around.after?.init(this.datas, { names });
    this.foldedClip = around.before && foldedClipOf(around.before);
    if (inner.eval !== undefined) this.eval = inner.eval.bind(inner);
    if (inner.train !== undefined) this.train = inner.train.bind(inner);
  }

  /** The wrapped optimizer's mode (`'train'` or `'eval'` for Schedule-Free; undefined for the rest). */
  get mode(): 'train' | 'eval' | undefined {
    return this.inner.mode;
  }

  get paramGroups(): readonly ParamGroup<O>[] {
    return this.inner.paramGroups;
  }

  get stepCount(): number {
    return this.inner.stepCount;
  }

  /** The state of the first transformation called `name`, before or after the optimizer. */
  transformState(name: string): TransformState | undefined {
    const { before, after } = this.around;
    return (
      (before === undefined ? undefined : findTransformState(before, this.beforeState as TransformState, name)) ??
      (after === undefined ? undefined : findTransformState(after, this.afterState as TransformState, name))
    );
  }

  step(closure?: () => number): number | undefined {
    const context = this.context;
    const groups = this.inner.paramGroups;
    // An indexed loop: a step allocates nothing (no closure per step).
    for (let g = 0, k = 0; g < groups.length; g++) {
      const group = groups[g] as ParamGroup<O>;
      const lr = this.inner.currentLr(g);
      for (let i = 0; i < group.params.length; i++, k++) {
        context.lr[k] = lr;
        context.options[k] = group.options as unknown as Record<string, unknown>;
      }
    }
    const { before, after } = this.around;
    const loss = closure === undefined ? undefined : closure();
    if (before !== undefined) {
      for (let j = 0; j < this.params.length; j++) {
        const grad = (this.params[j] as Parameter).grad;
        if (grad !== null && grad.length !== (this.datas[j] as FloatArray).length) {
          throw new InvalidParamsError(`${this.inner.id}: gradient ${String(j)} has length ${String(grad.length)}, expected ${String((this.datas[j] as FloatArray).length)}`);
        }
        // The caller's gradient, written in place; a parameter without one is seen as a zero gradient.
        this.grads[j] = grad ?? (this.zeros[j] as FloatArray);
      }
      begin(context, this.inner.stepCount);
      const folded = this.foldedClip;
      if (folded === undefined) {
        before.update(this.grads, this.beforeState as TransformState, this.datas, context);
        if (context.skip) return loss;
        this.inner.step();
      } else {
        const state = this.beforeState as TransformState;
        folded.head?.(this.grads, state, this.datas, context);
        if (context.skip) return loss;
        this.innerStepOnScaledGradients(folded.factor(this.grads, folded.clipState(state)));
      }
    } else this.inner.step();
    if (after !== undefined) {
      for (const z of this.zeros) z.fill(0);
      begin(context, this.inner.stepCount);
      const [updates] = after.update(this.zeros, this.afterState as TransformState, this.datas, context);
      for (let j = 0; j < this.datas.length; j++) {
        const data = this.datas[j] as FloatArray;
        const u = updates[j] as FloatArray;
        // Stryker disable next-line EqualityOperator: with i <= data.length the extra write, past the typed array's end, is dropped
        for (let i = 0; i < data.length; i++) data[i] = (data[i] as number) + (u[i] as number);
      }
    }
    return loss;
  }

  /** The wrapped optimizer's step on gradients multiplied by `factor`, in its own pass when it can. */
  private innerStepOnScaledGradients(factor: number): void {
    if (this.inner.stepWithScaledGradients !== undefined) {
      this.inner.stepWithScaledGradients(factor);
      return;
    }
    scaleByClipFactor(this.grads, factor);
    this.inner.step();
  }

  zeroGrad(): void {
    this.inner.zeroGrad();
  }

  addParamGroup(): void {
    throw new InvalidParamsError(`${this.inner.id}: an optimizer with gradient transformations takes no new parameter group`);
  }

  currentLr(groupIndex?: number): number {
    return this.inner.currentLr(groupIndex);
  }

  /**
   * The optimizer's state dict (version 2, keyed by parameter name) with the transformations' state added: arrays
   * under each parameter's key at `before.<path>` / `after.<path>`, counters in `shared`, and the transformations'
   * shape in `transformations`, so that save → load → continue is bit-identical.
   */
  stateDict(): OptimizerStateDictV2 {
    const saved = this.inner.stateDict();
    if (saved.specificationVersion !== 'v2') {
      throw new InvalidParamsError(`${this.inner.id}: its state dict is version '${saved.specificationVersion}'; transformation state needs version 'v2' (keyed by parameter name)`);
    }
    const keys = parameterKeys(this.params);
    const state: Record<string, Record<string, EncodedStateValueV1>> = {};
    for (const [key, entry] of Object.entries(saved.state)) state[key] = { ...entry };
    const shared: Record<string, number> = { ...saved.shared };
    const transformations: Record<string, string> = {};
    for (const [place, t, s] of this.places()) {
      saveSlots(s, keys, { state, shared }, `${place}.`);
      transformations[place] = describeTransformation(t);
    }
    return { ...saved, state, shared, transformations };
  }

  /**
   * Loads a dict `stateDict()` made: the transformations' state is checked first (the same transformations, every
   * value present and the right length and type), then the optimizer loads its own; every mismatch is listed in one
   * error and nothing changes.
   */
  loadStateDict(saved: OptimizerStateDict): void {
    const fail = (why: string): never => {
      throw new StateDictMismatchError(`${this.inner.id}.loadStateDict: ${why}`);
    };
    const places = this.places();
    if (saved.specificationVersion !== 'v2') {
      if (places.length > 0) fail(`version '${saved.specificationVersion}' holds no transformation state; this optimizer has gradient transformations (a dict saved with them is version 'v2')`);
      this.inner.loadStateDict(saved);
      return;
    }
    const problems: string[] = [];
    const saidShape = saved.transformations ?? {};
    for (const place of ['before', 'after'] as const) {
      const here = places.find(([p]) => p === place);
      const shape = here === undefined ? undefined : describeTransformation(here[1]);
      if (saidShape[place] !== shape) {
        problems.push(`${place} the step: saved ${saidShape[place] === undefined ? 'no transformation' : `'${saidShape[place]}'`}, this optimizer has ${shape === undefined ? 'none' : `'${shape}'`}`);
      }
    }
    const { index, problems: keyProblems } = matchSavedKeys(Object.keys(saved.state), this.params);
    const writes: (() => void)[] = [];
    const known = new Set<string>();
    if (problems.length === 0) {
      problems.push(...keyProblems);
      for (const [place, , s] of places) for (const path of loadSlots(s, saved, index, problems, writes, `${place}.`)) known.add(path);
    }
    const ours = (path: string): boolean => path.startsWith('before.') || path.startsWith('after.');
    const shared: Record<string, number> = {};
    for (const [path, value] of Object.entries(saved.shared ?? {})) {
      if (!ours(path)) shared[path] = value;
      else if (!known.has(path) && problems.length === 0) problems.push(`shared '${path}' belongs to no transformation here`);
    }
    const state: Record<string, Record<string, EncodedStateValueV1>> = {};
    for (const [key, entry] of Object.entries(saved.state)) {
      const own: Record<string, EncodedStateValueV1> = {};
      for (const [field, value] of Object.entries(entry)) {
        if (!ours(field)) own[field] = value;
        else if (!known.has(field) && problems.length === 0) problems.push(`'${key}': state '${field}' belongs to no transformation here`);
      }
      // A parameter with transformation state only (the optimizer had not stepped yet) has no state of the optimizer's.
      if (Object.keys(own).length > 0) state[key] = own;
    }
    if (problems.length > 0) fail(`${String(problems.length)} mismatch${problems.length === 1 ? '' : 'es'}: ${problems.join('; ')}`);
    const { specificationVersion, optimizer, stepCount, paramGroups } = saved;
    // The optimizer checks its own part and throws before changing anything; only then are the transformations loaded.
    this.inner.loadStateDict({ specificationVersion, optimizer, stepCount, paramGroups, state, ...(Object.keys(shared).length > 0 ? { shared } : {}) });
    for (const write of writes) write();
  }

  /** The transformations with their place (the prefix of their saved paths) and state. */
  private places(): [place: 'before' | 'after', transformation: GradientTransformation, state: TransformState][] {
    const places: [place: 'before' | 'after', transformation: GradientTransformation, state: TransformState][] = [];
    if (this.around.before !== undefined) places.push(['before', this.around.before, this.beforeState as TransformState]);
    if (this.around.after !== undefined) places.push(['after', this.around.after, this.afterState as TransformState]);
    return places;
  }
}

/** Readies the context for an update (a function, so that `skip` is read fresh afterwards). */
function begin(context: MutableContext, step: number): void {
  forgetSumOfSquares();
  context.step = step;
  context.skip = false;
}

/**
 * A plugin whose optimizers carry transformations around the plugin's own: what the CLI's `--clip-grad-norm`,
 * `--ema` and the like build. `around` is called once per `create()`, so every optimizer has transformations of its
 * own; `created` sees each optimizer made (to read averages after each step).
 */
export function transformedPlugin<O extends BaseOptimizerOptions>(
  plugin: OptimizerPluginV1<O>,
  around: () => AroundOptimizer,
  created?: (optimizer: TransformedOptimizer<O>) => void,
): OptimizerPluginV1<O> {
  if (plugin.needsClosure === true) {
    throw new InvalidParamsError(`${plugin.id} evaluates the gradient itself (it needs a closure): gradient transformations cannot act before its step`);
  }
  return {
    ...plugin,
    create(params: ParamsInput<O>, options?: Partial<O>) {
      const optimizer = new TransformedOptimizer(plugin.create(params, options), around());
      created?.(optimizer);
      return optimizer;
    },
  };
}
