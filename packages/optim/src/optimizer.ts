import { InvalidParamsError, StateDictMismatchError, formatValue } from './errors.js';
import { maximizeSpec, resolveOptions, type OptimizerOptionSpecV1 } from './option-spec.js';
import { stateLike } from './arena.js';
import { scaleInPlace } from './scale-in-place.js';
import { dtypeOf, isFloatArray, shapeMismatch } from './parameter.js';
import {
  decodeArray,
  decodeStateArray,
  encodeArray,
  isEncodedArray,
  matchSavedKeys,
  parameterKeys,
  saveOptions,
  type EncodedStateValueV1,
  type OptimizerStateDict,
  type OptimizerStateDictV1,
  type OptimizerStateDictV2,
} from './state-dict.js';
import type {
  BaseOptimizerOptions,
  FloatArray,
  ParamGroup,
  ParamGroupInput,
  Parameter,
  ParamsInput,
  ParamState,
} from './optimizer-types.js';

/** The stateful optimizer every plugin creates: PyTorch's `torch.optim.Optimizer` surface. */
export interface OptimizerV1<O extends BaseOptimizerOptions = BaseOptimizerOptions> {
  readonly specificationVersion: 'v1';
  /** The plugin id, e.g. `adam`. */
  readonly id: string;
  readonly paramGroups: readonly ParamGroup<O>[];
  /** How many times `step()` has run; the argument of a learning-rate schedule. */
  readonly stepCount: number;
  /** Updates every parameter that has a gradient. A closure, if given, is called first and its loss returned. */
  step(closure?: () => number): number | undefined;
  /**
   * Optional: `step()` after every gradient was multiplied in place by `factor` (rounded to the gradient's precision,
   * as PyTorch multiplies a float32 gradient by a float32 clip coefficient), the gradients left multiplied: what
   * `clip_grad_norm_` then `step()` do. An optimizer that can folds the multiply into its own pass.
   */
  stepWithScaledGradients?(factor: number): void;
  /** Fills every gradient with zeros. */
  zeroGrad(): void;
  /**
   * Adds parameters with their own options (PyTorch's `add_param_group`); options left out take the optimizer's
   * defaults. A parameter may belong to one group only.
   */
  addParamGroup(group: ParamGroupInput<O>): void;
  /** The learning rate group `groupIndex` will use on the next step. */
  currentLr(groupIndex?: number): number;
  /** The optimizer's state as JSON (step count, groups' options, every parameter's state), for `loadStateDict`. */
  stateDict(): OptimizerStateDict;
  /** Loads a state of either version (a version-1 state matches by position, a version-2 one by name). */
  loadStateDict(state: OptimizerStateDict): void;
  /**
   * Optional, for optimizers whose gradients are taken at one point and whose result is another (Schedule-Free: the
   * gradient at y, the average x). `'train'` while the parameters hold the gradient point, `'eval'` after `eval()`.
   */
  readonly mode?: 'train' | 'eval';
  /** Puts the evaluation point into the parameters (the authors' `optimizer.eval()`); `step()` refuses until `train()`. */
  eval?(): void;
  /** Puts the gradient point back (the authors' `optimizer.train()`). */
  train?(): void;
}

/** What a concrete optimizer tells the base class about itself. */
export interface OptimizerDefinition<O extends BaseOptimizerOptions> {
  readonly id: string;
  /** Human name for messages, e.g. `Adam`. */
  readonly name: string;
  readonly optionSpecs: readonly OptimizerOptionSpecV1[];
  /** Checks between options (e.g. Nesterov needs momentum > 0); throws `InvalidOptionError`. */
  readonly validate?: (options: O) => void;
}

/**
 * The shared machinery: parameter groups, lazily created per-parameter state, learning-rate schedules and state
 * save/load. A subclass supplies `initState` and `updateParameter`, the algorithm's loop over one array, which must
 * not allocate.
 */
export abstract class Optimizer<O extends BaseOptimizerOptions, S extends ParamState = ParamState>
  implements OptimizerV1<O>
{
  readonly specificationVersion = 'v1' as const;
  readonly id: string;
  readonly paramGroups: ParamGroup<O>[] = [];
  stepCount = 0;
  protected readonly defaults: O;
  protected readonly state = new Map<Parameter, S>();
  /**
   * True in an optimizer whose `updateParameter` multiplies the gradient by `gradientScale` itself, in place and in
   * its own pass (`applyGradientScale` where it cannot); otherwise `stepWithScaledGradients` scales every gradient
   * before the step.
   */
  protected readonly takesGradientScale: boolean = false;
  /** The factor `updateParameter` multiplies each gradient by: 1 except inside `stepWithScaledGradients`. */
  protected gradientScale = 1;
  private readonly definition: OptimizerDefinition<O>;

  protected constructor(definition: OptimizerDefinition<O>, params: ParamsInput<O>, options?: Partial<O>) {
    // Every optimizer takes `maximize` (the base class implements it), whether or not its spec list names it.
    const listsMaximize = definition.optionSpecs.some((spec) => spec.name === 'maximize');
    this.definition = listsMaximize ? definition : { ...definition, optionSpecs: [...definition.optionSpecs, maximizeSpec()] };
    this.id = definition.id;
    this.defaults = this.resolve(options);
    const groups = toGroups(params, definition.name);
    if (groups.length === 0) throw new InvalidParamsError(`${definition.name} got an empty parameter list`);
    for (const group of groups) this.addParamGroup(group);
  }

  /**
   * Creates the state of one parameter on its first step (PyTorch's lazy state). `parameter` is the whole object
   * (its `shape` and `name`), for optimizers that treat matrices as matrices.
   */
  protected abstract initState(param: FloatArray, options: O, parameter: Parameter): S;

  /** One step for one parameter: `grad` is read, never written; `lr` is already resolved for this step. */
  protected abstract updateParameter(param: FloatArray, grad: FloatArray, state: S, options: O, lr: number, parameter: Parameter): void;

  /**
   * Called for every parameter as it joins a group, after the shared checks: an optimizer that cannot take it (Muon
   * and a parameter that is not a matrix) throws an `InvalidParamsError` naming it (`label`: `'dense0.weight'` or `#2`).
   */
  protected checkParameter?(parameter: Parameter, label: string): void;

  /**
   * The length of a state array that is not the parameter's (Adafactor's row and column factors), so that
   * `loadStateDict` checks it; undefined for the parameter's own length.
   */
  protected stateArrayLength?(field: string, parameter: Parameter): number | undefined;

  /**
   * Adds a group after checking it: every parameter a Float32Array or Float64Array with a shape that fits, none
   * already in a group; the group's options are validated and completed from the defaults. Throws
   * InvalidParamsError naming the parameter, or InvalidOptionError.
   */
  addParamGroup(group: ParamGroupInput<O>): void {
    const { params: iterable, ...overrides } = group;
    const selector: unknown = iterable;
    if (typeof selector === 'function' || selector instanceof RegExp) {
      throw new InvalidParamsError(
        `${this.definition.name}: a group that chooses parameters by name needs the whole list: pass groupsByName(params, groups)`,
      );
    }
    const params = [...iterable];
    if (params.length === 0) throw new InvalidParamsError(`${this.definition.name}: a parameter group has no parameters`);
    for (const [i, p] of params.entries()) {
      if (!isFloatArray(p.data)) {
        throw new InvalidParamsError(
          `${this.definition.name}: parameter ${describeParam(p, i)} must have a Float32Array or Float64Array 'data', got ${formatValue(p.data)}`,
        );
      }
      if (this.paramGroups.some((g) => g.params.some((q) => q === p || q.data === p.data)) || params.indexOf(p) !== i) {
        throw new InvalidParamsError(
          `${this.definition.name}: parameter ${describeParam(p, i)} appears in more than one parameter group`,
        );
      }
      // Parameters may be written by hand, so a shape is checked here too, not only in parameter().
      const badShape = p.shape === undefined ? undefined : shapeMismatch(p.shape, p.data.length);
      if (badShape !== undefined) throw new InvalidParamsError(`${this.definition.name}: parameter ${describeParam(p, i)}: ${badShape}`);
      this.checkParameter?.(p, describeParam(p, i));
    }
    const options = this.resolve(overrides as unknown as Partial<O>, this.defaults);
    this.paramGroups.push({ params, options });
  }

  /**
   * Updates every parameter that has a gradient, group by group with the group's options and learning rate (its
   * schedule evaluated at `stepCount`). A closure, if given, is called first and its loss returned.
   */
  step(closure?: () => number): number | undefined {
    const loss = closure === undefined ? undefined : closure();
    const groups = this.paramGroups;
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g] as ParamGroup<O>;
      const lr = this.currentLr(g);
      const params = group.params;
      for (let i = 0; i < params.length; i++) {
        const p = params[i] as Parameter;
        const grad = p.grad;
        if (grad === null) continue;
        if (grad.length !== p.data.length) {
          throw new InvalidParamsError(
            `${this.definition.name}: gradient of parameter ${describeParam(p, i)} has length ${String(grad.length)}, expected ${String(p.data.length)}`,
          );
        }
        let s = this.state.get(p);
        if (s === undefined) {
          s = this.initState(p.data, group.options, p);
          this.state.set(p, s);
        }
        if (group.options.maximize === true) {
          // PyTorch's `grad = -grad if maximize`, once for every optimizer: the update sees −g, and the caller's
          // gradient is restored after it (negation is exact, so bit for bit) without a temporary array.
          negate(grad);
          try {
            this.updateParameter(p.data, grad, s, group.options, lr, p);
          } finally {
            negate(grad);
          }
        } else {
          this.updateParameter(p.data, grad, s, group.options, lr, p);
        }
      }
    }
    this.stepCount++;
    return loss;
  }

  /**
   * `step()` after every gradient was multiplied in place by `factor` (rounded to float32 for a Float32Array), the
   * gradients left multiplied: `clip_grad_norm_`'s scaling then `step()`, in one pass where the optimizer takes the
   * scale (`takesGradientScale`), bit for bit as the two apart.
   */
  stepWithScaledGradients(factor: number): void {
    if (!this.takesGradientScale) {
      for (const group of this.paramGroups) for (const p of group.params) if (p.grad !== null) scaleInPlace(p.grad, factor);
      this.step();
      return;
    }
    this.gradientScale = factor;
    try {
      this.step();
    } finally {
      this.gradientScale = 1;
    }
  }

  /** Multiplies `grad` in place by `gradientScale`, for the paths of an optimizer that takes the scale but cannot fold it. */
  protected applyGradientScale(grad: FloatArray): void {
    scaleInPlace(grad, this.gradientScale);
  }

  zeroGrad(): void {
    for (const group of this.paramGroups) for (const p of group.params) p.grad?.fill(0);
  }

  currentLr(groupIndex = 0): number {
    const group = this.paramGroups[groupIndex];
    if (group === undefined) throw new RangeError(`No parameter group ${String(groupIndex)}`);
    const lr = group.options.lr;
    if (typeof lr === 'number') return lr;
    const value = lr(this.stepCount);
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(
        `${this.definition.name}: learning-rate schedule returned ${String(value)} at step ${String(this.stepCount)} (expected a finite number ≥ 0)`,
      );
    }
    return value;
  }

  /**
   * The state as JSON, version 2: each parameter's state under its name (`#position` when unnamed), so that it loads
   * into a reordered or partly changed parameter list.
   */
  stateDict(): OptimizerStateDictV2 {
    const params = this.paramGroups.flatMap((group) => [...group.params]);
    const keys = parameterKeys(params);
    const state: Record<string, Record<string, EncodedStateValueV1>> = {};
    params.forEach((p, i) => {
      const s = this.state.get(p);
      if (s === undefined) return;
      const entry: Record<string, EncodedStateValueV1> = {};
      for (const [key, value] of Object.entries(s)) entry[key] = typeof value === 'number' ? value : encodeArray(value);
      state[keys[i] as string] = entry;
    });
    let at = 0;
    const paramGroups = this.paramGroups.map((group) => ({ options: saveOptions(group.options), params: group.params.map(() => keys[at++] as string) }));
    return { specificationVersion: 'v2', optimizer: this.id, stepCount: this.stepCount, paramGroups, state };
  }

  /**
   * Loads a saved state. Version 2 matches parameters by name (unnamed ones by position): every mismatch (a name
   * not here, an array of another length or type) is listed in one error before anything changes, and a parameter
   * the state does not mention starts afresh. Version 1 (by position, as PyTorch) still loads.
   */
  loadStateDict(saved: OptimizerStateDict): void {
    const version: unknown = (saved as { specificationVersion: unknown }).specificationVersion;
    if (version === 'v2') {
      this.loadStateDictV2(saved as OptimizerStateDictV2);
      return;
    }
    this.loadStateDictV1(saved as OptimizerStateDictV1);
  }

  private loadStateDictV2(saved: OptimizerStateDictV2): void {
    const name = this.definition.name;
    const fail = (why: string): never => {
      throw new StateDictMismatchError(`${name}.loadStateDict: ${why}`);
    };
    this.checkSavedHeader(saved, fail);
    const newOptions = this.savedGroupOptions(saved, fail);
    const params = this.paramGroups.flatMap((group) => [...group.params]);
    const { index, problems } = matchSavedKeys(Object.keys(saved.state), params);
    const newState = new Map<Parameter, S>();
    for (const [key, at] of index) {
      const p = params[at] as Parameter;
      const restored: Record<string, FloatArray | number> = {};
      for (const [field, value] of Object.entries(saved.state[key] ?? {})) {
        if (typeof value === 'number') {
          restored[field] = value;
          continue;
        }
        const expected = this.stateArrayLength?.(field, p) ?? p.data.length;
        const decoded = decodeStateArray(value, p.data, expected);
        if ('problem' in decoded) {
          problems.push(`'${key}': state '${field}' ${decoded.problem}`);
          continue;
        }
        // Into an array placed like the parameter (in its arena, if it has one), so a kernel can still reach it.
        const array = expected === p.data.length ? stateLike(p.data) : zerosOfLength(p.data, expected);
        array.set(decoded.array);
        restored[field] = array;
      }
      newState.set(p, restored as S);
    }
    if (problems.length > 0) fail(`${String(problems.length)} mismatch${problems.length === 1 ? '' : 'es'}: ${problems.join('; ')}`);
    this.paramGroups.forEach((group, g) => {
      group.options = newOptions[g] as O;
    });
    this.state.clear();
    for (const [p, s] of newState) this.state.set(p, s);
    this.stepCount = saved.stepCount;
  }

  /** The checks every version makes first: the saving optimizer, the step count, and the number of groups. */
  protected checkSavedHeader(saved: OptimizerStateDict, fail: (why: string) => never): void {
    if (saved.optimizer !== this.id) fail(`state was saved by '${saved.optimizer}', this optimizer is '${this.id}'`);
    if (!Number.isInteger(saved.stepCount) || saved.stepCount < 0) fail(`stepCount ${formatValue(saved.stepCount)} is not a count`);
    if (saved.paramGroups.length !== this.paramGroups.length) {
      fail(`state has ${String(saved.paramGroups.length)} parameter groups, this optimizer has ${String(this.paramGroups.length)}`);
    }
  }

  /** Each group's saved options over its current ones (version 2, where groups carry no parameter indices to check). */
  protected savedGroupOptions(saved: OptimizerStateDictV2, fail: (why: string) => never): O[] {
    return this.paramGroups.map((group, g) => this.savedOptions(savedGroup(saved, g, fail).options, group.options, g, fail));
  }

  /** A saved group's options over the current ones; a saved schedule needs the optimizer to have one already. */
  private savedOptions(saved: Readonly<Record<string, unknown>>, current: O, g: number, fail: (why: string) => never): O {
    const options: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(saved)) {
      if (value !== 'schedule') options[key] = value;
      else if (typeof current.lr !== 'function') {
        fail(`group ${String(g)} was saved with a learning-rate schedule; create the optimizer with that schedule before loading`);
      }
    }
    return this.resolve(options as Partial<O>, current);
  }

  /** A version-1 state: parameters by their index in the order of the groups. */
  private loadStateDictV1(saved: OptimizerStateDictV1): void {
    const name = this.definition.name;
    const fail = (why: string): never => {
      throw new StateDictMismatchError(`${name}.loadStateDict: ${why}`);
    };
    // The state comes from JSON, so its version is checked at run time whatever its static type says.
    const version: unknown = (saved as { specificationVersion: unknown }).specificationVersion;
    if (version !== 'v1') fail(`unsupported specificationVersion ${formatValue(version)}`);
    this.checkSavedHeader(saved, fail);
    // Check everything before changing anything, so a rejected state leaves the optimizer as it was.
    const newOptions: O[] = [];
    const newState = new Map<Parameter, S>();
    const byIndex = new Map<number, Parameter>();
    this.paramGroups.forEach((group, g) => {
      const { options, params } = savedGroup(saved, g, fail);
      if (params.length !== group.params.length) {
        fail(`parameter group ${String(g)} has ${String(params.length)} parameters in the state, ${String(group.params.length)} here`);
      }
      newOptions.push(this.savedOptions(options, group.options, g, fail));
      group.params.forEach((p, i) => byIndex.set(params[i] as number, p));
    });
    for (const [key, entry] of Object.entries(saved.state)) {
      const p = byIndex.get(Number(key));
      if (p === undefined) return fail(`state names parameter ${key}, which no group holds`);
      const restored: Record<string, FloatArray | number> = {};
      for (const [field, value] of Object.entries(entry)) {
        if (typeof value === 'number') {
          restored[field] = value;
          continue;
        }
        if (!isEncodedArray(value)) return fail(`state of parameter ${key} has a malformed '${field}'`);
        const expected = this.stateArrayLength?.(field, p) ?? p.data.length;
        if (value.length !== expected) {
          fail(
            `state '${field}' of parameter ${key} has length ${String(value.length)}, ${expected === p.data.length ? 'the parameter has' : 'expected'} ${String(expected)}`,
          );
        }
        if (value.dtype !== dtypeOf(p.data)) {
          fail(`state '${field}' of parameter ${key} is ${value.dtype}, the parameter is ${dtypeOf(p.data)}`);
        }
        let decoded: FloatArray;
        try {
          decoded = decodeArray(value);
        } catch (error) {
          // Bytes that are not base64, or not `length` numbers: say which state it was, as the checks above do.
          return fail(`state '${field}' of parameter ${key}: ${(error as Error).message}`);
        }
        // Into an array placed like the parameter (in its arena, if it has one), so a kernel can still reach it.
        const array = expected === p.data.length ? stateLike(p.data) : zerosOfLength(p.data, expected);
        array.set(decoded);
        restored[field] = array;
      }
      newState.set(p, restored as S);
    }
    this.paramGroups.forEach((group, g) => {
      group.options = newOptions[g] as O;
    });
    this.state.clear();
    for (const [p, s] of newState) this.state.set(p, s);
    this.stepCount = saved.stepCount;
  }

  private resolve(options: Partial<O> | undefined, base?: O): O {
    const resolved = resolveOptions(this.definition.name, this.definition.optionSpecs, options, base);
    this.definition.validate?.(resolved);
    return resolved;
  }
}

/**
 * Group `g` of a saved state, which comes from JSON: an entry that is not an object (null, say) is refused by both
 * versions, never read as "no saved options".
 */
function savedGroup<G extends { options: Readonly<Record<string, unknown>> }>(
  saved: { readonly paramGroups: readonly G[] },
  g: number,
  fail: (why: string) => never,
): G {
  const group: unknown = saved.paramGroups[g];
  return typeof group === 'object' && group !== null ? (group as G) : fail(`parameter group ${String(g)} is missing`);
}

/** A zeroed array of `array`'s type and `length` values. */
function zerosOfLength(array: FloatArray, length: number): FloatArray {
  return array instanceof Float32Array ? new Float32Array(length) : new Float64Array(length);
}

/** Flips the sign of every entry in place. */
function negate(array: FloatArray): void {
  // Stryker disable next-line EqualityOperator: at i = length the read is undefined and a typed array ignores the write of its negation (NaN)
  for (let i = 0; i < array.length; i++) array[i] = -(array[i] as number);
}

function describeParam(p: Parameter, index: number): string {
  return p.name === undefined ? `#${String(index)}` : `'${p.name}'`;
}

function isGroupInput<O extends BaseOptimizerOptions>(item: unknown): item is ParamGroupInput<O> {
  return typeof item === 'object' && item !== null && 'params' in item;
}

function toGroups<O extends BaseOptimizerOptions>(params: ParamsInput<O>, name: string): ParamGroupInput<O>[] {
  if (isFloatArray(params)) {
    throw new InvalidParamsError(`${name} takes parameters as { data, grad } objects (see parameter()), not a bare typed array`);
  }
  const items = [...(params as Iterable<unknown>)];
  // An empty list passes too (every() of nothing is true): no groups, which the constructor refuses by name.
  if (items.every((item) => isGroupInput<O>(item))) return items as ParamGroupInput<O>[];
  if (items.some((item) => isGroupInput<O>(item))) {
    throw new InvalidParamsError(`${name}: give either parameters or parameter groups, not a mix`);
  }
  return [{ params: items as Parameter[] } as unknown as ParamGroupInput<O>];
}
