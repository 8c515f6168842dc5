import { InvalidParamsError, StateDictMismatchError, formatValue } from '../errors.js';
import { stateLike } from '../arena.js';
import { Optimizer, type OptimizerV1 } from '../optimizer.js';
import { learningRateSpec, maximizeSpec, weightDecaySpec, type OptimizerOptionSpecV1 } from '../option-spec.js';
import type { OptimizerPluginV1, OptimizerReferenceV1 } from '../plugin.js';
import {
  matchSavedKeys,
  parameterKeys,
  saveOptions,
  type EncodedStateValueV1,
  type OptimizerStateDict,
  type OptimizerStateDictV2,
} from '../state-dict.js';
import type { BaseOptimizerOptions, FloatArray, Parameter, ParamsInput, ParamState } from '../optimizer-types.js';
import { findTransformState, splitChainTail, type ChainHead } from './chain.js';
import { adamThenApplyOf, learningRateOf, type AdamThenApply } from './scale.js';
import { forgetSumOfSquares } from './norm-kernel.js';
import { loadSlots, saveSlots } from './state-slots.js';
import type { GradientTransformation, TransformContext, TransformState } from './types.js';

/** What `fromTransformation` needs besides the parameters. */
export interface ChainOptimizerDefinition<O extends BaseOptimizerOptions> {
  /** The plugin id, e.g. `adamw-clipped`. */
  readonly id: string;
  /** Human name for messages. */
  readonly name: string;
  /** The transformation, or a function of the optimizer's resolved default options that makes it. */
  readonly transformation: GradientTransformation | ((options: O) => GradientTransformation);
  /** Options every group takes; default: lr (1e-3) and weightDecay (read by `scaleByLearningRate()` and `addDecayedWeights()`). */
  readonly optionSpecs?: readonly OptimizerOptionSpecV1[];
}

/** The options of a chain without specs of its own. */
export interface ChainOptions extends BaseOptimizerOptions {
  weightDecay: number;
}

const defaultSpecs: readonly OptimizerOptionSpecV1[] = [learningRateSpec(1e-3), weightDecaySpec(), maximizeSpec()];

/** The per-step facts a transformation reads, owned by the optimizer and rewritten in place. */
interface MutableContext extends TransformContext {
  step: number;
  names: (string | undefined)[];
  options: Readonly<Record<string, unknown>>[];
  lr: Float64Array;
}

type Rate = (k: number, context: TransformContext) => number;

/**
 * How a step runs the chain: as it is; with a final `scaleByLearningRate` folded into the apply pass (one pass over
 * the updates fewer); or with a final scaleByAdam, scaleByLearningRate and the apply as one pass (Adam's own loop,
 * which also reads the caller's gradients directly when nothing runs before it).
 */
type StepPlan =
  | { readonly kind: 'chain' }
  | { readonly kind: 'rate'; readonly head: ChainHead; readonly rate: Rate }
  | {
      readonly kind: 'adam';
      readonly head: ChainHead;
      readonly headLength: number;
      readonly rate: Rate;
      readonly adam: AdamThenApply;
      readonly adamState: (state: TransformState) => TransformState;
    };

function planFor(transformation: GradientTransformation): StepPlan {
  const two = splitChainTail(transformation, 2);
  if (two !== undefined) {
    const adam = adamThenApplyOf(two.tail[0] as GradientTransformation);
    const rate = learningRateOf(two.tail[1] as GradientTransformation);
    if (adam !== undefined && rate !== undefined) {
      return { kind: 'adam', head: two.head, headLength: two.headLength, rate, adam, adamState: (state) => two.tailState(state, 0) };
    }
  }
  const one = splitChainTail(transformation, 1);
  if (one === undefined) return { kind: 'chain' };
  const rate = learningRateOf(one.tail[0] as GradientTransformation);
  return rate === undefined ? { kind: 'chain' } : { kind: 'rate', head: one.head, rate };
}

/** buffer ← −grad (maximize). */
function negateInto(buffer: FloatArray, grad: FloatArray): void {
  // Stryker disable next-line EqualityOperator: a typed array ignores the write at index length
  for (let j = 0; j < grad.length; j++) buffer[j] = -(grad[j] as number);
}

/** Readies the context for a step (a function, so that a transformation's `skip` is read fresh after the update). */
function startStep(context: MutableContext, step: number): void {
  forgetSumOfSquares();
  context.step = step;
  context.skip = false;
}

/**
 * Any gradient transformation as an `Optimizer` (the facade PyTorch users know): param groups with their own options,
 * `step()`, `zeroGrad()`, learning-rate schedules, version-2 state dicts. A step copies each gradient into a buffer of
 * its own (the caller's gradient is never written), runs the transformation on the buffers, and adds the outgoing
 * updates to the parameters: θ ← θ + u. A parameter whose `grad` is null is not moved (its update is computed from a
 * zero gradient, which may age its state, since a chain sees every parameter at once).
 */
export class ChainOptimizer<O extends BaseOptimizerOptions = ChainOptions> extends Optimizer<O> {
  readonly transformation: GradientTransformation;
  private readonly optimizerName: string;
  private chainState: TransformState | undefined;
  // Set by initialize(), which the constructor calls.
  private params!: Parameter[];
  private buffers!: FloatArray[];
  private datas!: FloatArray[];
  /** Per step, what the chain reads for each parameter: its buffer, or (Adam's fused pass) the caller's gradient. */
  private sources!: FloatArray[];
  /** Per step, each parameter's data, or null when it has no gradient (not moved). */
  private targets!: (FloatArray | null)[];
  /** Per step, −η of each parameter (the fused Adam pass's factors). */
  private factors!: Float64Array;
  private context: MutableContext | undefined;
  private readonly plan: StepPlan;

  constructor(definition: ChainOptimizerDefinition<O>, params: ParamsInput<O>, options?: Partial<O>) {
    super({ id: definition.id, name: definition.name, optionSpecs: definition.optionSpecs ?? defaultSpecs }, params, options);
    this.optimizerName = definition.name;
    const t = definition.transformation;
    this.transformation = typeof t === 'function' ? t(this.defaults) : t;
    this.plan = planFor(this.transformation);
    this.initialize();
  }

  /** Unused: a chain updates every parameter at once in `step()`. */
  protected initState(): ParamState {
    return {};
  }

  /** Unused: a chain updates every parameter at once in `step()`. */
  protected updateParameter(): void {
    throw new Error('ChainOptimizer steps every parameter at once');
  }

  override addParamGroup(group: Parameters<Optimizer<O>['addParamGroup']>[0]): void {
    // Until the first step a new group only means a fresh state for every parameter; after it, the state has moved on.
    if (this.stepCount > 0) {
      throw new InvalidParamsError(`${this.optimizerName}: a transformation chain takes no new parameter group after its first step`);
    }
    super.addParamGroup(group);
    if (this.chainState !== undefined) this.initialize();
  }

  private initialize(): void {
    this.params = this.paramGroups.flatMap((g) => [...g.params]);
    this.datas = this.params.map((p) => p.data);
    // Buffers placed like their parameters (in the arena when there is room), so kernels can reach them.
    this.buffers = this.params.map((p) => stateLike(p.data));
    // Sized up front, so that a step only overwrites entries.
    // Stryker disable next-line ArrayDeclaration: every step writes each entry before one is read
    this.sources = [...this.buffers];
    // Stryker disable next-line ArrayDeclaration: every step writes each entry before one is read
    this.targets = [...this.datas];
    this.factors = new Float64Array(this.params.length);
    const names = this.params.map((p) => p.name);
    // Stryker disable next-line ArrowFunction,BooleanLiteral: step() writes every option and skip before a member reads them
    this.context = { step: 0, names, options: this.params.map(() => ({})), lr: new Float64Array(this.params.length), skip: false };
    this.chainState = this.transformation.init(this.datas, { names });
  }

  /** The state of the first transformation called `name` (`'ema'`, `'skipNonFinite'`), to read its counters or averages. */
  transformState(name: string): TransformState | undefined {
    return findTransformState(this.transformation, this.chainState as TransformState, name);
  }

  override step(closure?: () => number): number | undefined {
    const loss = closure === undefined ? undefined : closure();
    const context = this.context as MutableContext;
    const plan = this.plan;
    // Adam's fused pass never writes its gradients, so with nothing before it, it reads the caller's (no copy).
    // Stryker disable next-line ConditionalExpression: the other plans have no headLength, so `true && undefined === 0` is false too
    const direct = plan.kind === 'adam' && plan.headLength === 0;
    const groups = this.paramGroups;
    let k = 0;
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g] as (typeof groups)[number];
      const lr = this.currentLr(g);
      const negate = group.options.maximize === true;
      for (let i = 0; i < group.params.length; i++, k++) {
        const p = group.params[i] as Parameter;
        const buffer = this.buffers[k] as FloatArray;
        context.lr[k] = lr;
        context.options[k] = group.options as unknown as Record<string, unknown>;
        this.sources[k] = buffer;
        const grad = p.grad;
        if (grad === null) {
          buffer.fill(0);
          this.targets[k] = null;
          continue;
        }
        if (grad.length !== p.data.length) {
          throw new InvalidParamsError(
            `${this.optimizerName}: gradient of parameter ${p.name === undefined ? `#${String(k)}` : `'${p.name}'`} has length ${String(grad.length)}, expected ${String(p.data.length)}`,
          );
        }
        this.targets[k] = p.data;
        // Same element type: the buffer would hold the very same values.
        if (direct && !negate && grad.constructor === buffer.constructor) this.sources[k] = grad;
        else if (negate) negateInto(buffer, grad);
        else buffer.set(grad);
      }
    }
    startStep(context, this.stepCount);
    const state = this.chainState as TransformState;
    if (plan.kind === 'chain') {
      const [updates, next] = this.transformation.update(this.buffers, state, this.datas, context);
      this.chainState = next;
      if (context.skip) return loss;
      this.apply(updates);
    } else {
      // The chain's state object is changed in place by its members, so it needs no reassignment here.
      const updates = plan.head(this.sources, state, this.datas, context);
      if (context.skip) return loss;
      if (plan.kind === 'rate') this.applyScaled(updates, plan.rate, context);
      else {
        // Stryker disable next-line EqualityOperator: factors has updates.length entries, so a write at that index is ignored (and a rate, a pure function of the step, has no side effect)
        for (let j = 0; j < updates.length; j++) this.factors[j] = -plan.rate(j, context);
        plan.adam(updates, plan.adamState(state), this.targets, this.factors);
      }
    }
    this.stepCount++;
    return loss;
  }

  /** θ ← θ + u for every parameter with a gradient. */
  private apply(updates: readonly FloatArray[]): void {
    for (let j = 0; j < this.params.length; j++) {
      const p = this.params[j] as Parameter;
      if (p.grad === null) continue;
      const data = p.data;
      const u = updates[j] as FloatArray;
      // Stryker disable next-line EqualityOperator: a typed array ignores the write at index length
      for (let i = 0; i < data.length; i++) data[i] = (data[i] as number) + (u[i] as number);
    }
  }

  /**
   * θ ← θ + (−η·u): a final `scaleByLearningRate` folded into the apply pass (one pass over the updates instead of
   * two). A float32 product is rounded to float32 first, as the buffer would have stored it, so the result is bit for
   * bit the unfused one.
   */
  private applyScaled(updates: readonly FloatArray[], rate: (k: number, context: TransformContext) => number, context: TransformContext): void {
    for (let j = 0; j < this.params.length; j++) {
      const p = this.params[j] as Parameter;
      if (p.grad === null) continue;
      const data = p.data;
      const u = updates[j] as FloatArray;
      const factor = -rate(j, context);
      // Stryker disable EqualityOperator: a typed array ignores the write at index length (a block: a directive above `else` does not reach it)
      if (u instanceof Float32Array) for (let i = 0; i < data.length; i++) data[i] = (data[i] as number) + Math.fround((u[i] as number) * factor);
      else for (let i = 0; i < data.length; i++) data[i] = (data[i] as number) + (u[i] as number) * factor;
      // Stryker restore EqualityOperator
    }
  }

  override stateDict(): OptimizerStateDictV2 {
    const keys = parameterKeys(this.params);
    const state: Record<string, Record<string, EncodedStateValueV1>> = {};
    for (const key of keys) state[key] = {};
    const shared: Record<string, number> = {};
    saveSlots(this.chainState as TransformState, keys, { state, shared });
    let at = 0;
    const paramGroups = this.paramGroups.map((group) => ({
      options: saveOptions(group.options),
      params: group.params.map(() => keys[at++] as string),
    }));
    return { specificationVersion: 'v2', optimizer: this.id, stepCount: this.stepCount, paramGroups, state, shared };
  }

  /**
   * Loads a version-2 state: parameters matched by name (by position when unnamed), so a reordered list loads. Every
   * mismatch is listed, by name, in one error before anything changes. A parameter here that the state does not
   * mention keeps its own state.
   */
  override loadStateDict(saved: OptimizerStateDict): void {
    const fail = (why: string): never => {
      throw new StateDictMismatchError(`${this.optimizerName}.loadStateDict: ${why}`);
    };
    const version: unknown = (saved as { specificationVersion: unknown }).specificationVersion;
    if (version !== 'v2') fail(`unsupported specificationVersion ${formatValue(version)} (a transformation chain saves version 'v2')`);
    const v2 = saved as OptimizerStateDictV2;
    this.checkSavedHeader(v2, fail);
    const newOptions = this.savedGroupOptions(v2, fail);
    const { index, problems } = matchSavedKeys(Object.keys(v2.state), this.params);
    const writes: (() => void)[] = [];
    const shared = v2.shared ?? {};
    const known = loadSlots(this.chainState as TransformState, v2, index, problems, writes);
    for (const path of Object.keys(shared)) if (!known.has(path)) problems.push(`shared '${path}' belongs to no transformation of this chain`);
    for (const [key, entry] of Object.entries(v2.state)) {
      for (const field of Object.keys(entry)) if (!known.has(field)) problems.push(`'${key}': state '${field}' belongs to no transformation of this chain`);
    }
    if (problems.length > 0) fail(`${String(problems.length)} mismatch${problems.length === 1 ? '' : 'es'}: ${problems.join('; ')}`);
    for (const write of writes) write();
    this.paramGroups.forEach((group, g) => (group.options = newOptions[g] as O));
    this.stepCount = v2.stepCount;
  }
}

/**
 * Makes a transformation an optimizer with the options lr and weightDecay (for others, `new ChainOptimizer` with
 * option specs of its own).
 *
 * @example
 * const opt = fromTransformation(() => chain(clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate()), [w], { lr: 1e-3 });
 */
export function fromTransformation(
  transformation: GradientTransformation | ((options: ChainOptions) => GradientTransformation),
  params: ParamsInput<ChainOptions>,
  options?: Partial<ChainOptions>,
  { id = 'chain', name = 'Chain' }: { id?: string; name?: string } = {},
): ChainOptimizer {
  return new ChainOptimizer<ChainOptions>({ id, name, transformation }, params, options);
}

/** What a chain's plugin descriptor says about itself. */
export interface ChainPluginDefinition<O extends BaseOptimizerOptions> extends ChainOptimizerDefinition<O> {
  readonly packageName: string;
  readonly summary: string;
  readonly updateRule: string;
  readonly bookMapping: string;
  readonly references: readonly OptimizerReferenceV1[];
  readonly pytorch?: string;
}

/**
 * A plugin descriptor for a chain, so it registers, lists and runs like any optimizer. `transformation` should be a
 * function of the options: each `create()` then gets transformations (and holders) of its own.
 */
export function chainPlugin<O extends BaseOptimizerOptions = ChainOptions>(definition: ChainPluginDefinition<O>): OptimizerPluginV1<O> {
  const options = definition.optionSpecs ?? defaultSpecs;
  return {
    specificationVersion: 'v1',
    id: definition.id,
    name: definition.name,
    packageName: definition.packageName,
    summary: definition.summary,
    updateRule: definition.updateRule,
    bookMapping: definition.bookMapping,
    ...(definition.pytorch === undefined ? {} : { pytorch: definition.pytorch }),
    definedBy: { source: 'optax', version: 'chain' },
    options,
    references: definition.references,
    create: (params, opts): OptimizerV1<O> => new ChainOptimizer<O>({ ...definition, optionSpecs: options }, params, opts),
  };
}
