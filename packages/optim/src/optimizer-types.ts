/**
 * The types every optimizer shares. Parameters are plain typed arrays so that an optimizer plugs into anyone's code:
 * a `Parameter` pairs the array an optimizer updates in place with the gradient array the caller fills before each
 * `step()` (PyTorch's `param.data` / `param.grad`).
 */

/** The element types an optimizer works on. Optimizer state has the same element type as its parameter. */
export type FloatArray = Float32Array | Float64Array;

/**
 * A trainable array and its gradient, as an optimizer sees it (a PyTorch parameter's `.data` and `.grad`): the
 * caller writes the gradient, `step()` updates the data in place. Make one with `parameter(data)`.
 */
export interface Parameter<A extends FloatArray = FloatArray> {
  /** Updated in place by `step()`. */
  readonly data: A;
  /** Filled by the caller before `step()`; a parameter whose `grad` is `null` is skipped, as in PyTorch. */
  grad: A | null;
  /** Optional, for error messages and saved state. */
  readonly name?: string;
  /**
   * Optional: the tensor's dimensions, row-major, whose product is `data.length` (`[784, 100]` for a weight matrix).
   * Optimizers that treat matrices as matrices (Adafactor, Muon) need it; the others ignore it.
   */
  readonly shape?: readonly number[];
}

/** A learning rate as a function of the number of steps already taken (0 for the first step). */
export type LearningRateSchedule = (step: number) => number;

/** The chapter: "η need not be constant". A number, or a schedule evaluated once per `step()`. */
export type LearningRate = number | LearningRateSchedule;

/** Every optimizer has a learning rate; the rest of its options are its own. */
export interface BaseOptimizerOptions {
  lr: LearningRate;
  /**
   * Ascend instead of descend (PyTorch's `maximize`): the base class hands the update −g. Optimizers that list
   * `maximizeSpec()` among their options have it; it is read as false when absent.
   */
  maximize?: boolean;
}

/** A group as the caller writes it: its parameters and any options that differ from the optimizer's defaults. */
export type ParamGroupInput<O extends BaseOptimizerOptions = BaseOptimizerOptions> = {
  params: Iterable<Parameter>;
} & Partial<O>;

/** Parameters as a flat list (one group) or as groups with per-group options (the book: momentum per layer). */
export type ParamsInput<O extends BaseOptimizerOptions = BaseOptimizerOptions> =
  | Iterable<Parameter>
  | Iterable<ParamGroupInput<O>>;

/** A group after construction: its parameters and its fully resolved options. */
export interface ParamGroup<O extends BaseOptimizerOptions = BaseOptimizerOptions> {
  readonly params: readonly Parameter[];
  options: O;
}

/** What one parameter's state holds: moment arrays and counters. */
export type ParamState = Record<string, FloatArray | number>;
