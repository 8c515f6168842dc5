import { InvalidParamsError, Optimizer, zerosLike, type FloatArray, type Parameter, type ParamsInput } from '@descent/optim';
import { muonOptionSpecs, validateMuonOptions, type MuonOptions } from './muon-options.js';

/** What Muon keeps for each parameter between steps: `stateDict()` saves it and `loadStateDict` restores it. */
export interface MuonState {
  momentumBuffer: FloatArray;
  [key: string]: FloatArray | number;
}

/** Working arrays of one matrix's Newton–Schulz iteration, made on its first step and kept out of the state dict. */
interface Scratch {
  /** The k × m iterate (k = min(A, B), the matrix transposed when A > B). */
  x: Float64Array;
  /** (X Xᵀ)·X and the next iterate, k × m. */
  next: Float64Array;
  /** X Xᵀ, b·G + c·G², k × k. */
  gram: Float64Array;
  poly: Float64Array;
}

/**
 * Muon (MomentUm Orthogonalized by Newton–Schulz), `torch.optim.Muon` of PyTorch 2.9, for matrices only: the momentum
 * buffer B ← μB + (1 − μ)g, its Nesterov look-ahead (1 − μ)g + μB, orthogonalized by k Newton–Schulz iterations
 * X ← aX + (b·XXᵀ + c·(XXᵀ)²)X from X₀ = U/max(‖U‖_F, ε) (on the transpose when A > B), then θ ← θ(1 − ηλ) − η′·O with
 * η′ = η·√max(1, A/B), or 0.2·η·√max(A, B) with `adjustLrFn: 'match_rms_adamw'`.
 *
 * Every parameter needs a 2-D `shape` ([A, B], row-major). PyTorch iterates in bfloat16; this iterates in float64
 * (for float32 parameters too), so its numbers are the exact polynomial's. Biases and other non-matrix parameters go
 * to another optimizer: `splitForMuon` sorts a network's parameters.
 *
 * @example
 * const w = parameter(new Float64Array([1, 2, 3, 4]), { shape: [2, 2] });
 * const opt = new Muon([w], { lr: 0.02 });
 * for (let i = 0; i < 100; i++) { w.grad.set(gradient(w.data)); opt.step(); }
 */
export class Muon extends Optimizer<MuonOptions, MuonState> {
  private readonly scratch = new Map<FloatArray, Scratch>();

  constructor(params: ParamsInput<MuonOptions>, options?: Partial<MuonOptions>) {
    super({ id: 'muon', name: 'Muon', optionSpecs: muonOptionSpecs, validate: validateMuonOptions }, params, options);
  }

  protected override checkParameter(parameter: Parameter, label: string): void {
    if (parameter.shape === undefined) {
      throw new InvalidParamsError(`Muon needs the shape of parameter ${label}: create it with parameter(data, { shape: [rows, columns] })`);
    }
    if (parameter.shape.length !== 2) {
      throw new InvalidParamsError(
        `Muon only supports 2-D parameters; parameter ${label} has shape [${parameter.shape.join(', ')}]: give it to another optimizer (AdamW), e.g. with splitForMuon`,
      );
    }
  }

  protected initState(param: FloatArray): MuonState {
    return { momentumBuffer: zerosLike(param) };
  }

  protected updateParameter(param: FloatArray, grad: FloatArray, state: MuonState, o: MuonOptions, lr: number, parameter: Parameter): void {
    const [rows, cols] = parameter.shape as readonly [number, number];
    const tall = rows > cols;
    const k = tall ? cols : rows;
    const m = tall ? rows : cols;
    const s = this.scratchFor(param, k, m);
    const { x } = s;
    const mu = o.momentum;
    const buf = state.momentumBuffer;
    // buf.lerp_(grad, 1 − μ); update = grad.lerp(buf, μ) with Nesterov, else buf; into X, transposed when tall.
    let squares = 0;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const at = i * cols + j;
        const g = grad[at] as number;
        const b = (buf[at] as number) + (1 - mu) * (g - (buf[at] as number));
        buf[at] = b;
        const u = o.nesterov ? g + mu * ((buf[at] as number) - g) : (buf[at] as number);
        x[tall ? j * m + i : at] = u;
        squares += u * u;
      }
    }
    const scale = 1 / Math.max(Math.sqrt(squares), o.eps);
    for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) * scale;
    newtonSchulz(s, k, m, o.nsA, o.nsB, o.nsC, o.nsSteps);
    const ratio = o.adjustLrFn === 'match_rms_adamw' ? 0.2 * Math.sqrt(Math.max(rows, cols)) : Math.sqrt(Math.max(1, rows / cols));
    const adjusted = lr * ratio;
    const decay = 1 - lr * o.weightDecay;
    const out = s.x;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const at = i * cols + j;
        param[at] = (param[at] as number) * decay;
        param[at] = (param[at] as number) - adjusted * (out[tall ? j * m + i : at] as number);
      }
    }
  }

  private scratchFor(param: FloatArray, k: number, m: number): Scratch {
    let s = this.scratch.get(param);
    if (s === undefined) {
      s = { x: new Float64Array(k * m), next: new Float64Array(k * m), gram: new Float64Array(k * k), poly: new Float64Array(k * k) };
      this.scratch.set(param, s);
    }
    return s;
  }
}

/**
 * `steps` iterations of X ← aX + (b·G + c·G²)X with G = XXᵀ, in place on `s.x` (k × m, row-major), as PyTorch's
 * `_zeropower_via_newtonschulz` writes them.
 */
function newtonSchulz(s: Scratch, k: number, m: number, a: number, b: number, c: number, steps: number): void {
  const { gram, poly } = s;
  for (let step = 0; step < steps; step++) {
    const x = s.x;
    const next = s.next;
    // G = X Xᵀ (symmetric, k × k).
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        let sum = 0;
        for (let l = 0; l < m; l++) sum += (x[i * m + l] as number) * (x[j * m + l] as number);
        gram[i * k + j] = sum;
      }
    }
    // P = b·G + c·(G G).
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        let sum = 0;
        for (let l = 0; l < k; l++) sum += (gram[i * k + l] as number) * (gram[l * k + j] as number);
        poly[i * k + j] = b * (gram[i * k + j] as number) + c * sum;
      }
    }
    // X′ = a·X + P X.
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < m; j++) {
        let sum = 0;
        for (let l = 0; l < k; l++) sum += (poly[i * k + l] as number) * (x[l * m + j] as number);
        next[i * m + j] = a * (x[i * m + j] as number) + sum;
      }
    }
    s.next = x;
    s.x = next;
  }
}
