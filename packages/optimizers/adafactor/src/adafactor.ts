import { InvalidParamsError, Optimizer, zerosLike, type FloatArray, type Parameter, type ParamsInput } from '@descent/optim';
import { adafactorOptionSpecs, type AdafactorOptions } from './adafactor-options.js';

/**
 * Adafactor's state: a step counter and either the row and column factors of the second moment (a parameter of two or
 * more dimensions, factored over its last two) or a full second moment (a vector).
 */
export type AdafactorState = { step: number; rowVar: FloatArray; colVar: FloatArray } | { step: number; variance: FloatArray };

/** How a shape is factored: `batch` matrices of `rows` × `cols` (the last two dimensions), or a vector. */
interface Factoring {
  readonly batch: number;
  readonly rows: number;
  readonly cols: number;
}

function factoring(shape: readonly number[]): Factoring | undefined {
  if (shape.length < 2) return undefined;
  const rows = shape[shape.length - 2] as number;
  const cols = shape[shape.length - 1] as number;
  return { batch: shape.slice(0, -2).reduce((a, b) => a * b, 1), rows, cols };
}

/**
 * Adafactor (Shazeer & Stern, 2018) as `torch.optim.Adafactor` (PyTorch 2.5+, the for-loop implementation) computes
 * it: at step t, β̂₂ = 1 − t^τ, ρ_t = min(η, 1/√t), α_t = max(ε₂, RMS(θ))·ρ_t; θ ← θ(1 − ηλ); for a parameter of two or
 * more dimensions the second moment is kept as row and column means of g² (R ← β̂₂R + (1 − β̂₂)·mean_j g², C likewise
 * over rows) and estimated as V̂ = R Cᵀ / max(mean(R), ε₁), for a vector as V̂ ← β̂₂V̂ + (1 − β̂₂)g²; then
 * U = g / √max(V̂, ε₁²), Û = U / max(1, RMS(U)/d), θ ← θ − α_t Û.
 *
 * Every parameter needs a `shape` (`[n]` for a vector): it decides what is factored.
 *
 * @example
 * const w = parameter(new Float64Array([1, 2]), { shape: [2] });
 * const opt = new Adafactor([w], { lr: 0.01 });
 * for (let i = 0; i < 100; i++) { w.grad.set(gradient(w.data)); opt.step(); }
 */
export class Adafactor extends Optimizer<AdafactorOptions, AdafactorState> {
  constructor(params: ParamsInput<AdafactorOptions>, options?: Partial<AdafactorOptions>) {
    super({ id: 'adafactor', name: 'Adafactor', optionSpecs: adafactorOptionSpecs }, params, options);
  }

  protected override checkParameter(parameter: Parameter, label: string): void {
    if (parameter.shape === undefined) {
      throw new InvalidParamsError(
        `Adafactor needs the shape of parameter ${label} (it factors matrices): create it with parameter(data, { shape }), [n] for a vector`,
      );
    }
  }

  protected override stateArrayLength(field: string, parameter: Parameter): number | undefined {
    const f = factoring(parameter.shape ?? []);
    if (f === undefined) return undefined;
    if (field === 'rowVar') return f.batch * f.rows;
    if (field === 'colVar') return f.batch * f.cols;
    return undefined;
  }

  protected initState(param: FloatArray, _options: AdafactorOptions, parameter: Parameter): AdafactorState {
    const f = factoring(parameter.shape ?? []);
    if (f === undefined) return { step: 0, variance: zerosLike(param) };
    const make = (n: number) => (param instanceof Float32Array ? new Float32Array(n) : new Float64Array(n));
    return { step: 0, rowVar: make(f.batch * f.rows), colVar: make(f.batch * f.cols) };
  }

  protected updateParameter(param: FloatArray, grad: FloatArray, state: AdafactorState, o: AdafactorOptions, lr: number, parameter: Parameter): void {
    const n = param.length;
    const eps1 = o.eps1 === 0 ? (param instanceof Float32Array ? 2 ** -23 : Number.EPSILON) : o.eps1;
    state.step += 1;
    const t = state.step;
    const w = t ** o.beta2Decay;
    const rho = Math.min(lr, 1 / t ** 0.5);
    let squares = 0;
    for (let i = 0; i < n; i++) squares += (param[i] as number) * (param[i] as number);
    const alpha = Math.max(o.eps2, Math.sqrt(squares) / n ** 0.5) * rho;
    if (o.weightDecay !== 0) {
      const decay = 1 - lr * o.weightDecay;
      for (let i = 0; i < n; i++) param[i] = (param[i] as number) * decay;
    }
    // U_i = g_i / √max(V̂_i, ε₁²): computed twice, once for RMS(U) and once for the step, rather than stored.
    let updateSquares = 0;
    if ('variance' in state) {
      const v = state.variance;
      for (let i = 0; i < n; i++) {
        const g = grad[i] as number;
        v[i] = (v[i] as number) + w * (g * g - (v[i] as number));
        const u = g / Math.sqrt(Math.max(v[i] as number, eps1 * eps1));
        updateSquares += u * u;
      }
      const scale = -alpha / Math.max(1, Math.sqrt(updateSquares) / (n ** 0.5 * o.d));
      for (let i = 0; i < n; i++) {
        const u = (grad[i] as number) / Math.sqrt(Math.max(v[i] as number, eps1 * eps1));
        param[i] = (param[i] as number) + scale * u;
      }
      return;
    }
    const { batch, rows, cols } = factoring(parameter.shape as readonly number[]) as Factoring;
    const { rowVar, colVar } = state;
    for (let b = 0; b < batch; b++) {
      const base = b * rows * cols;
      for (let i = 0; i < rows; i++) {
        let sum = 0;
        for (let j = 0; j < cols; j++) sum += (grad[base + i * cols + j] as number) ** 2;
        const r = b * rows + i;
        rowVar[r] = (rowVar[r] as number) + w * (sum / cols - (rowVar[r] as number));
      }
      for (let j = 0; j < cols; j++) {
        let sum = 0;
        for (let i = 0; i < rows; i++) sum += (grad[base + i * cols + j] as number) ** 2;
        const c = b * cols + j;
        colVar[c] = (colVar[c] as number) + w * (sum / rows - (colVar[c] as number));
      }
    }
    // Twice over every entry: pass 0 sums U², pass 1 steps by it.
    let scale = 0;
    for (let pass = 0; pass < 2; pass++) {
      for (let b = 0; b < batch; b++) {
        let rowSum = 0;
        for (let i = 0; i < rows; i++) rowSum += rowVar[b * rows + i] as number;
        const rowMean = Math.max(rowSum / rows, eps1);
        const base = b * rows * cols;
        for (let i = 0; i < rows; i++) {
          const r = rowVar[b * rows + i] as number;
          for (let j = 0; j < cols; j++) {
            const at = base + i * cols + j;
            const estimate = (r * (colVar[b * cols + j] as number)) / rowMean;
            const u = (grad[at] as number) / Math.sqrt(Math.max(estimate, eps1 * eps1));
            if (pass === 0) updateSquares += u * u;
            else param[at] = (param[at] as number) + scale * u;
          }
        }
      }
      scale = -alpha / Math.max(1, Math.sqrt(updateSquares) / (n ** 0.5 * o.d));
    }
  }
}
