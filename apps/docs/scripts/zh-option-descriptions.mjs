// The options' descriptions in Chinese, keyed by the descriptor's English text (a descriptor carries its descriptions
// in English only), for the zh optimizer pages. Keyed by the text, not by the option's name: the same words shared by
// many optimizers are translated once, and a description whose English changes needs its translation redone.
// test/zh-option-descriptions.test.ts fails when an option of a built-in optimizer has no entry here, or an entry is
// no longer used. Code, flags, option names and PyTorch's or optax's names stay as they are.
export const zhOptionDescriptions = {
  "Learning rate η, or a schedule (step) => η.":
    "学习率 η，或调度函数 (step) => η。",
  "Coupled L2 penalty λ: the gradient becomes g + λθ before the update (PyTorch weight_decay).":
    "耦合的 L2 惩罚 λ：更新前梯度变为 g + λθ（PyTorch 的 weight_decay）。",
  "Maximize the objective instead of minimizing it: the update uses −g (PyTorch maximize).":
    "最大化目标而不是最小化：更新使用 −g（PyTorch 的 maximize）。",
  "Momentum μ ∈ [0, 1): how much of the previous velocity each step keeps.":
    "动量 μ ∈ [0, 1)：每一步保留上一步速度的多少。",
  "Dampening: scales the gradient by (1 − dampening) when it enters the velocity, from the second step on.":
    "阻尼：从第二步起，梯度进入速度时乘以 (1 − dampening)。",
  "Momentum μ ∈ (0, 1): how much of the previous velocity each step keeps (Nesterov needs μ > 0).":
    "动量 μ ∈ (0, 1)：每一步保留上一步速度的多少（Nesterov 需要 μ > 0）。",
  "Smoothing constant γ of the running mean of squared gradients (the book’s γ; Hinton used 0.9).":
    "梯度平方滑动平均的平滑常数 γ（书中的 γ；Hinton 用 0.9）。",
  "ε added to √m so that the division is safe.":
    "加在 √m 上的 ε，使除法安全。",
  "Momentum μ applied to the scaled gradient steps (0 turns it off).":
    "作用于缩放后步长的动量 μ（0 表示关闭）。",
  "Normalise by an estimate of the gradient’s variance instead of its second moment.":
    "用梯度方差的估计而不是其二阶矩来归一化。",
  "Nesterov look-ahead on the momentum (the book’s eq. 11.8); needs momentum > 0. Not in PyTorch.":
    "在动量上做 Nesterov 向前看（书中的方程式 11.8）；需要 momentum > 0。PyTorch 中没有。",
  "Inverse-time decay: step t uses η / (1 + (t − 1)·lrDecay).":
    "逆时间衰减：第 t 步使用 η / (1 + (t − 1)·lrDecay)。",
  "Starting value of each component’s sum of squared gradients.":
    "每个分量的梯度平方和的初始值。",
  "ε added to the root of the sum so that the division is safe.":
    "加在平方和的平方根上的 ε，使除法安全。",
  "Scale of the update (1 is Zeiler’s method), or a schedule (step) => η.":
    "更新的尺度（1 即 Zeiler 的方法），或调度函数 (step) => η。",
  "Decay ρ of the running averages of squared gradients and of squared updates.":
    "梯度平方与更新量平方的滑动平均的衰减率 ρ。",
  "ε inside both square roots; it also sets the size of the first steps.":
    "两个平方根里面的 ε；它也决定最初几步的大小。",
  "Decay rate β₁ of the running mean of gradients (first moment).":
    "梯度滑动平均（一阶矩）的衰减率 β₁。",
  "Decay rate β₂ of the running mean of squared gradients (second moment).":
    "梯度平方滑动平均（二阶矩）的衰减率 β₂。",
  "ε added to √v̂ for numerical stability.":
    "为数值稳定加在 √v̂ 上的 ε。",
  "AMSGrad: divide by the running maximum of v̂ instead of v̂ itself.":
    "AMSGrad：除以 v̂ 的历史最大值，而不是 v̂ 本身。",
  "Decoupled weight decay λ: the parameter shrinks by θ ← θ(1 − ηλ) before the Adam step, the gradient is left alone.":
    "解耦的权重衰减 λ：在 Adam 这一步之前参数按 θ ← θ(1 − ηλ) 缩小，梯度不变。",
  "Decay rate β₂ of the exponentially weighted infinity norm u = max(β₂u, |g| + ε).":
    "指数加权无穷范数 u = max(β₂u, |g| + ε) 的衰减率 β₂。",
  "ε added to |g| in the running maximum, so u > 0.":
    "在历史最大值中加在 |g| 上的 ε，使 u > 0。",
  "β₁, the limit of the momentum schedule μ_t = β₁(1 − ½·0.96^(tψ)) and the decay of the running mean of gradients.":
    "β₁：动量调度 μ_t = β₁(1 − ½·0.96^(tψ)) 的极限，也是梯度滑动平均的衰减率。",
  "Weight decay λ: the gradient becomes g + λθ (L2 penalty), or with decoupledWeightDecay θ ← θ(1 − ηλ) before the step.":
    "权重衰减 λ：梯度变为 g + λθ（L2 惩罚）；若设 decoupledWeightDecay，则在这一步之前 θ ← θ(1 − ηλ)。",
  "ψ in the momentum schedule μ_t = β₁(1 − ½·0.96^(tψ)).":
    "动量调度 μ_t = β₁(1 − ½·0.96^(tψ)) 中的 ψ。",
  "Decouple the weight decay as AdamW does (NAdamW): the parameter shrinks by 1 − ηλ, the gradient is left alone.":
    "像 AdamW 那样解耦权重衰减（NAdamW）：参数按 1 − ηλ 缩小，梯度不变。",
  "Decay rate β₂ of the running mean of squared gradients; the rectification starts once ρ_t > 5.":
    "梯度平方滑动平均的衰减率 β₂；当 ρ_t > 5 时开始修正。",
  "ε added to √v for numerical stability.":
    "为数值稳定加在 √v 上的 ε。",
  "Decouple the weight decay as AdamW does (RAdamW): the parameter shrinks by 1 − ηλ, the gradient is left alone.":
    "像 AdamW 那样解耦权重衰减（RAdamW）：参数按 1 − ηλ 缩小，梯度不变。",
  "Initial step size of every weight (Rprop then adapts each one); a schedule is read at a parameter’s first step only.":
    "每个权重的初始步长（之后 Rprop 逐个调整）；调度函数只在参数的第一步被读取。",
  "η₋: factor by which a step size shrinks when its gradient changes sign.":
    "η₋：梯度变号时步长缩小的倍数。",
  "η₊: factor by which a step size grows while its gradient keeps its sign.":
    "η₊：梯度保持符号时步长增大的倍数。",
  "Γ_min: the smallest step size.":
    "Γ_min：最小步长。",
  "Γ_max: the largest step size.":
    "Γ_max：最大步长。",
  "Initial step size η₀ (decayed as η₀ / (1 + λη₀t)^α), or a schedule (step) => η₀.":
    "初始步长 η₀（按 η₀ / (1 + λη₀t)^α 衰减），或调度函数 (step) => η₀。",
  "λ: decay term of the step size and of the parameters.":
    "λ：步长和参数的衰减项。",
  "α: power of the step-size decay η₀ / (1 + λη₀t)^α.":
    "α：步长衰减 η₀ / (1 + λη₀t)^α 的幂。",
  "t₀: averaging starts after this many steps.":
    "t₀：这么多步之后开始平均。",
  "Step length along each L-BFGS direction (the first iteration scales it by min(1, 1/‖g‖₁)), or a schedule.":
    "沿每个 L-BFGS 方向的步长（第一次迭代乘以 min(1, 1/‖g‖₁)），或调度函数。",
  "Iterations (direction + step) per step() call: a whole number.":
    "每次 step() 调用的迭代次数（方向 + 步）：整数。",
  "Evaluations of the closure per step() call; 0 means ⌊5·maxIter/4⌋ (PyTorch’s None).":
    "每次 step() 调用中闭包的求值次数；0 表示 ⌊5·maxIter/4⌋（PyTorch 的 None）。",
  "A step ends when no gradient entry exceeds this in absolute value.":
    "当梯度的每个分量的绝对值都不超过这个值时，一步结束。",
  "A step ends when the loss or the parameters change by less than this.":
    "当损失或参数的变化小于这个值时，一步结束。",
  "How many (s, y) pairs approximate the inverse Hessian: a whole number.":
    "用多少对 (s, y) 近似 Hessian 的逆：整数。",
  "'strong_wolfe' chooses each step length by a strong Wolfe line search; 'none' (PyTorch's None) steps a fixed lr.":
    "'strong_wolfe' 用强 Wolfe 线搜索选择每一步的步长；'none'（PyTorch 的 None）按固定的 lr 走。",
  "Maximize the objective: the algorithm sees −f and −g (PyTorch’s LBFGS has no maximize).":
    "最大化目标：算法看到的是 −f 和 −g（PyTorch 的 LBFGS 没有 maximize）。",
  "Largest relative step size ρ_t = min(η, 1/√t) and the weight-decay scale, or a schedule (step) => η.":
    "最大相对步长 ρ_t = min(η, 1/√t)，也是权重衰减的尺度，或调度函数 (step) => η。",
  "τ in β̂₂,t = 1 − t^τ, the decay of the second-moment averages.":
    "β̂₂,t = 1 − t^τ 中的 τ，即二阶矩平均的衰减。",
  "ε₁: floor of the second-moment estimate (as ε₁²) and of its row mean; 0 means the dtype's machine ε (PyTorch eps[0] = None).":
    "ε₁：二阶矩估计（以 ε₁² 计）及其行均值的下限；0 表示该数据类型的机器 ε（PyTorch 的 eps[0] = None）。",
  "ε₂: floor of RMS(θ) in the step size α_t = max(ε₂, RMS(θ))·ρ_t.":
    "ε₂：步长 α_t = max(ε₂, RMS(θ))·ρ_t 中 RMS(θ) 的下限。",
  "Clipping threshold: the update is divided by max(1, RMS(U)/d).":
    "截断阈值：更新除以 max(1, RMS(U)/d)。",
  "Decoupled weight decay λ: θ ← θ(1 − ηλ) before the update (PyTorch weight_decay).":
    "解耦的权重衰减 λ：更新前 θ ← θ(1 − ηλ)（PyTorch 的 weight_decay）。",
  "Momentum μ: B ← μB + (1 − μ)g.":
    "动量 μ：B ← μB + (1 − μ)g。",
  "Orthogonalize (1 − μ)g + μB, the Nesterov look-ahead, instead of B.":
    "正交化 (1 − μ)g + μB（Nesterov 向前看），而不是 B。",
  "Coefficient a of the Newton–Schulz polynomial aX + b(XXᵀ)X + c(XXᵀ)²X (PyTorch ns_coefficients[0]).":
    "Newton–Schulz 多项式 aX + b(XXᵀ)X + c(XXᵀ)²X 的系数 a（PyTorch 的 ns_coefficients[0]）。",
  "Coefficient b of the Newton–Schulz polynomial aX + b(XXᵀ)X + c(XXᵀ)²X (PyTorch ns_coefficients[1]).":
    "Newton–Schulz 多项式 aX + b(XXᵀ)X + c(XXᵀ)²X 的系数 b（PyTorch 的 ns_coefficients[1]）。",
  "Coefficient c of the Newton–Schulz polynomial aX + b(XXᵀ)X + c(XXᵀ)²X (PyTorch ns_coefficients[2]).":
    "Newton–Schulz 多项式 aX + b(XXᵀ)X + c(XXᵀ)²X 的系数 c（PyTorch 的 ns_coefficients[2]）。",
  "Lower bound of the Frobenius norm the update is divided by.":
    "更新所除以的 Frobenius 范数的下限。",
  "Newton–Schulz iterations per step: a whole number below 100.":
    "每一步的 Newton–Schulz 迭代次数：小于 100 的整数。",
  "'original' scales η by √max(1, A/B); 'match_rms_adamw' by 0.2·√max(A, B), to reuse AdamW's η and λ.":
    "'original' 把 η 乘以 √max(1, A/B)；'match_rms_adamw' 乘以 0.2·√max(A, B)，以沿用 AdamW 的 η 和 λ。",
  "β₁ (optax b1): the update is sign(β₁m + (1 − β₁)g).":
    "β₁（optax 的 b1）：更新为 sign(β₁m + (1 − β₁)g)。",
  "β₂ (optax b2): the momentum m ← β₂m + (1 − β₂)g.":
    "β₂（optax 的 b2）：动量 m ← β₂m + (1 − β₂)g。",
  "Decoupled weight decay λ: θ ← θ − η(sign(·) + λθ). optax’s default 1e-3; 0 turns it off.":
    "解耦的权重衰减 λ：θ ← θ − η(sign(·) + λθ)。optax 的默认值为 1e-3；0 表示关闭。",
  "Leave biases and normalization scales out of weight decay: parameters with fewer than 2 dimensions or a name containing bias or norm.":
    "偏置和归一化的缩放参数不做权重衰减：即维数少于 2、或名字中含 bias 或 norm 的参数。",
  "Decay rate β₁ of the running mean of gradients m (optax b1).":
    "梯度滑动平均 m 的衰减率 β₁（optax 的 b1）。",
  "Decay rate β₂ of s, the running mean of (g − m)² (optax b2).":
    "s（(g − m)² 的滑动平均）的衰减率 β₂（optax 的 b2）。",
  "ε added to √ŝ, outside the square root (optax eps).":
    "加在 √ŝ 上、平方根之外的 ε（optax 的 eps）。",
  "Added to s at every step and kept there, inside the square root (optax eps_root).":
    "每一步加到 s 上并保留在其中、位于平方根之内的量（optax 的 eps_root）。",
  "Decoupled weight decay λ: θ ← θ − η(u + λθ) (optax weight_decay).":
    "解耦的权重衰减 λ：θ ← θ − η(u + λθ)（optax 的 weight_decay）。",
  "Nesterov momentum: m̂ = β₁m/(1 − β₁ᵗ⁺¹) + (1 − β₁)g/(1 − β₁ᵗ) (optax nesterov).":
    "Nesterov 动量：m̂ = β₁m/(1 − β₁ᵗ⁺¹) + (1 − β₁)g/(1 − β₁ᵗ)（optax 的 nesterov）。",
  "The authors’ rectified update (their default): RAdam’s rectification r(ρₜ) of the step, a plain momentum step m̂ while ρₜ < 5. optax has none.":
    "作者的修正更新（他们的默认设置）：对步长做 RAdam 的修正 r(ρₜ)，当 ρₜ < 5 时走普通的动量步 m̂。optax 没有这一项。",
  "Rate β₂ of the second moment: v ← v − (1 − β₂)·sign(v − g²)·g² (optax b2).":
    "二阶矩的速率 β₂：v ← v − (1 − β₂)·sign(v − g²)·g²（optax 的 b2）。",
  "ε added to √v̂, outside the square root (optax eps).":
    "加在 √v̂ 上、平方根之外的 ε（optax 的 eps）。",
  "Decay rate β₁ of the running mean of normalised gradients m (optax b1).":
    "归一化梯度的滑动平均 m 的衰减率 β₁（optax 的 b1）。",
  "Decay rate β₂ of the running mean of squared gradients v (optax b2).":
    "梯度平方的滑动平均 v 的衰减率 β₂（optax 的 b2）。",
  "ε: the gradient is divided by max(√v, ε) (optax eps).":
    "ε：梯度除以 max(√v, ε)（optax 的 eps）。",
  "Nesterov momentum: step along β₁m + (1 − β₁)ĝ with the updated m (optax nesterov).":
    "Nesterov 动量：用更新后的 m 沿 β₁m + (1 − β₁)ĝ 走一步（optax 的 nesterov）。",
  "Do not clip the normalised gradient to ±(t − 1)^¼ (optax use_clipping=False, the paper’s plain ADOPT).":
    "不把归一化梯度截断到 ±(t − 1)^¼（optax 的 use_clipping=False，即论文中的原始 ADOPT）。",
  "Decay rate β₁ of the running mean of gradients (optax b1).":
    "梯度滑动平均的衰减率 β₁（optax 的 b1）。",
  "Decay rate β₂ of the running mean of squared gradients (optax b2).":
    "梯度平方滑动平均的衰减率 β₂（optax 的 b2）。",
  "ε added to √(v̂ + ε_root), outside the root (optax eps).":
    "加在 √(v̂ + ε_root) 上、根号之外的 ε（optax 的 eps）。",
  "ε_root added to v̂ inside the square root (optax eps_root).":
    "加在 v̂ 上、平方根之内的 ε_root（optax 的 eps_root）。",
  "Decoupled weight decay λ: the direction r + λθ is what the trust ratio scales (optax weight_decay).":
    "解耦的权重衰减 λ：信任比缩放的是方向 r + λθ（optax 的 weight_decay）。",
  "Weight decay λ: u = g + λθ before the trust ratio (optax weight_decay).":
    "权重衰减 λ：在信任比之前 u = g + λθ（optax 的 weight_decay）。",
  "Trust coefficient c: u is scaled by c‖θ‖/(‖u‖ + ε), per parameter tensor (optax trust_coefficient).":
    "信任系数 c：每个参数张量的 u 乘以 c‖θ‖/(‖u‖ + ε)（optax 的 trust_coefficient）。",
  "ε added to ‖u‖ in the trust ratio (optax eps).":
    "信任比中加在 ‖u‖ 上的 ε（optax 的 eps）。",
  "Momentum μ of the trace of scaled steps (optax momentum).":
    "缩放后步长的累积轨迹的动量 μ（optax 的 momentum）。",
  "Nesterov momentum: the step is u + μ·trace (optax nesterov).":
    "Nesterov 动量：这一步为 u + μ·trace（optax 的 nesterov）。",
  "Linear warmup: η·k/W on the z step k (0, 1, …) of the first W, as optax’s warmup_constant_schedule. 0: none.":
    "线性预热：前 W 步中，第 k 个 z 步（k = 0, 1, …）用 η·k/W，同 optax 的 warmup_constant_schedule。0：不预热。",
  "Warmup of step k (from 0): 'optax' takes the z step at η·k/W (so the first is 0) and the average's weight at η·(k + 1)/W; 'authors' (facebookresearch/schedule_free) takes both at η·(k + 1)/W.":
    "第 k 步（从 0 起）的预热：'optax' 的 z 步取 η·k/W（所以第一步为 0），平均的权重取 η·(k + 1)/W；'authors'（facebookresearch/schedule_free）两者都取 η·(k + 1)/W。",
  "β₁ (optax b1): gradients are taken at y = β₁x + (1 − β₁)z. Must be > 0.":
    "β₁（optax 的 b1）：在 y = β₁x + (1 − β₁)z 处取梯度。必须 > 0。",
  "β₂ (optax b2): v ← β₂v + (1 − β₂)g², bias-corrected.":
    "β₂（optax 的 b2）：v ← β₂v + (1 − β₂)g²，带偏差修正。",
  "ε added to √v̂ in the denominator.":
    "加在分母 √v̂ 上的 ε。",
  "Weight decay λ: the z step is −η(g/(√v̂ + ε) + λy), decay taken at the gradient point y.":
    "权重衰减 λ：z 步为 −η(g/(√v̂ + ε) + λy)，衰减在取梯度的点 y 处计算。",
  "The running average x weighs step t by (max η so far)^power: early, warming-up steps count less.":
    "滑动平均 x 给第 t 步的权重为（到目前为止的最大 η）^power：早期、预热中的几步计得少一些。",
  "β (optax b1): gradients are taken at y = βx + (1 − β)z, the interpolation that replaces momentum. Must be > 0.":
    "β（optax 的 b1）：在 y = βx + (1 − β)z 处取梯度，用这一插值代替动量。必须 > 0。",
  "Weight decay λ: the z step is −η(g + λy), decay taken at the gradient point y.":
    "权重衰减 λ：z 步为 −η(g + λy)，衰减在取梯度的点 y 处计算。",
  "η: multiplies the estimated step size d (1 unless a schedule shapes it), or a schedule (step) => η.":
    "η：乘在估计出的步长 d 上（除非有调度函数调整，否则为 1），或调度函数 (step) => η。",
  "β₁: m ← β₁m + (1 − β₁)d·g.":
    "β₁：m ← β₁m + (1 − β₁)d·g。",
  "β₂: v ← β₂v + (1 − β₂)d²g².":
    "β₂：v ← β₂v + (1 − β₂)d²g²。",
  "β₃: decay of the sums that estimate d. 0 (the default) means √β₂, optax’s default.":
    "β₃：估计 d 的各个和的衰减率。0（默认值）表示 √β₂，即 optax 的默认值。",
  "Decoupled weight decay λ: θ ← θ − dηλθ beside the Adam step.":
    "解耦的权重衰减 λ：在 Adam 步之外再走 θ ← θ − dηλθ。",
  "ε: the denominator is √v + dε.":
    "ε：分母为 √v + dε。",
  "d₀, the first (under-)estimate of the step size.":
    "d₀：步长的第一个（偏小的）估计。",
  "Multiplies every estimate of d.":
    "乘在 d 的每一次估计上。",
  "Leave η out of the sum in the estimate’s denominator, so a warmup schedule’s small η does not inflate d.":
    "估计的分母中的和不含 η，这样预热调度的小 η 不会把 d 放大。",
  "Step by d·η without the bias correction √(1 − β₂ᵗ)/(1 − β₁ᵗ), as the authors’ code by default (use_bias_correction=False); optax always corrects.":
    "按 d·η 走，不做偏差修正 √(1 − β₂ᵗ)/(1 − β₁ᵗ)，同作者代码的默认设置（use_bias_correction=False）；optax 总是做修正。",
};
