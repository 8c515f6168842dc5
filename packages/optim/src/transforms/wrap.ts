import { stateLike } from '../arena.js';
import { InvalidParamsError } from '../errors.js';
import type { OptimizerV1 } from '../optimizer.js';
import type { BaseOptimizerOptions, FloatArray, ParamGroup, Parameter, ParamsInput } from '../optimizer-types.js';
import type { OptimizerPluginV1 } from '../plugin.js';
import type { OptimizerStateDict } from '../state-dict.js';
import { findTransformState } from './chain.js';
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
 * An optimizer with gradient transformations around it: the optimizer keeps its own update (and its fast path), the
 * transformations clip, guard, accumulate or average. The caller's gradients are transformed in place before the
 * step (PyTorch's `clip_grad_norm_` semantics). `stateDict()` is the optimizer's own; the transformations' state is
 * read with `transformState(name)`.
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

  constructor(
    readonly inner: OptimizerV1<O>,
    private readonly around: AroundOptimizer,
  ) {
    this.id = inner.id;
    this.params = inner.paramGroups.flatMap((g) => [...g.params]);
    this.datas = this.params.map((p) => p.data);
    this.zeros = this.params.map((p) => stateLike(p.data));
    this.grads = this.params.map((p, k) => p.grad ?? (this.zeros[k] as FloatArray));
    const names = this.params.map((p) => p.name);
    this.context = { step: 0, names, lr: new Float64Array(this.params.length), options: this.params.map(() => ({})), skip: false };
    this.beforeState = around.before?.init(this.datas, { names });
    this.afterState = around.after?.init(this.datas, { names });
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
    let k = 0;
    this.inner.paramGroups.forEach((group, g) => {
      const lr = this.inner.currentLr(g);
      for (let i = 0; i < group.params.length; i++, k++) {
        context.lr[k] = lr;
        context.options[k] = group.options as unknown as Record<string, unknown>;
      }
    });
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
      before.update(this.grads, this.beforeState as TransformState, this.datas, context);
      if (context.skip) return loss;
    }
    this.inner.step();
    if (after !== undefined) {
      for (const z of this.zeros) z.fill(0);
      begin(context, this.inner.stepCount);
      const [updates] = after.update(this.zeros, this.afterState as TransformState, this.datas, context);
      for (let j = 0; j < this.datas.length; j++) {
        const data = this.datas[j] as FloatArray;
        const u = updates[j] as FloatArray;
        for (let i = 0; i < data.length; i++) data[i] = (data[i] as number) + (u[i] as number);
      }
    }
    return loss;
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

  stateDict(): OptimizerStateDict {
    return this.inner.stateDict();
  }

  loadStateDict(state: OptimizerStateDict): void {
    this.inner.loadStateDict(state);
  }
}

/** Readies the context for an update (a function, so that `skip` is read fresh afterwards). */
function begin(context: MutableContext, step: number): void {
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
