// LambdaLR and MultiplicativeLR take a Python function of the epoch. A JSON spec cannot hold a function, so it holds
// the function's body as a Python expression in `epoch` ("0.95 ** epoch", "epoch // 30", "min(1, (epoch + 1) / 10)"),
// which this file parses once and evaluates with Python's meaning of each operator (`//` floors, `%` takes the sign of
// the divisor, `**` binds tighter than a unary minus on its left). The fixture script hands the same text to Python's
// `eval`, so both sides run one function.

type Node = (epoch: number) => number;

const FUNCTIONS: Readonly<Record<string, (...args: number[]) => number>> = {
  min: Math.min,
  max: Math.max,
  abs: Math.abs,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  cos: Math.cos,
  sin: Math.sin,
  floor: Math.floor,
  ceil: Math.ceil,
};
const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

/** The names an expression may use besides `epoch`, for error messages and docs. */
export const LAMBDA_NAMES = ['epoch', ...Object.keys(CONSTANTS), ...Object.keys(FUNCTIONS)] as const;

const TOKEN = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_]\w*)|(\*\*|\/\/|[-+*/%(),]))/y;

function pyMod(a: number, b: number): number {
  const r = a % b;
  // Stryker disable next-line EqualityOperator: at r = 0 the first test already fails, and at b = 0 r is NaN and NaN + 0 is NaN
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** Parses a Python expression in `epoch` into a function; throws a SyntaxError saying where it went wrong. */
export function parseLrLambda(text: string): (epoch: number) => number {
  if (/^\s*lambda\b/.test(text)) throw new SyntaxError(`write only the body of the lambda, without 'lambda epoch:', in '${text}'`);
  const tokens: string[] = [];
  const kinds: ('number' | 'name' | 'op')[] = [];
  TOKEN.lastIndex = 0;
  // Stryker disable next-line EqualityOperator: at lastIndex = length the rest is empty, which the next line ends on
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const rest = text.slice(TOKEN.lastIndex);
    const at = TOKEN.lastIndex + rest.length - rest.trimStart().length;
    const m = TOKEN.exec(text);
    if (m === null) throw new SyntaxError(`unexpected '${text.charAt(at)}' at position ${String(at)} of '${text}'`);
    const [, num, name, op] = m;
    tokens.push((num ?? name ?? op) as string);
    // Stryker disable next-line StringLiteral: 'op' is only ever told apart from 'number' and 'name'
    kinds.push(num !== undefined ? 'number' : name !== undefined ? 'name' : 'op');
  }
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} in '${text}'`);
  };
  const expect = (op: string): void => {
    if (tokens[pos] !== op) fail(`expected '${op}' but found ${tokens[pos] === undefined ? 'the end' : `'${String(tokens[pos])}'`}`);
    pos++;
  };

  // Python's precedence, loosest first: + -, then * / // %, then unary -, then ** (right-assoc, its right operand
  // may itself be unary), then atoms and calls.
  const sum = (): Node => {
    let left = product();
    for (let op = peek(); op === '+' || op === '-'; op = peek()) {
      pos++;
      const a = left;
      const b = product();
      left = op === '+' ? (x) => a(x) + b(x) : (x) => a(x) - b(x);
    }
    return left;
  };
  const product = (): Node => {
    let left = unary();
    for (let op = peek(); op === '*' || op === '/' || op === '//' || op === '%'; op = peek()) {
      pos++;
      const a = left;
      const b = unary();
      if (op === '*') left = (x) => a(x) * b(x);
      else if (op === '/') left = (x) => a(x) / b(x);
      else if (op === '//') left = (x) => Math.floor(a(x) / b(x));
      else left = (x) => pyMod(a(x), b(x));
    }
    return left;
  };
  const unary = (): Node => {
    const op = peek();
    if (op === '-' || op === '+') {
      pos++;
      const a = unary();
      return op === '-' ? (x) => -a(x) : a;
    }
    return power();
  };
  const power = (): Node => {
    const base = atom();
    if (peek() !== '**') return base;
    pos++;
    const exponent = unary();
    return (x) => base(x) ** exponent(x);
  };
  const atom = (): Node => {
    const token = peek();
    const kind = kinds[pos];
    if (token === undefined) return fail('unexpected end');
    pos++;
    if (kind === 'number') {
      const value = Number(token);
      return () => value;
    }
    if (token === '(') {
      const inner = sum();
      expect(')');
      return inner;
    }
    if (kind === 'name') {
      if (token === 'epoch') return (x) => x;
      const constant = CONSTANTS[token];
      if (constant !== undefined) return () => constant;
      const fn = FUNCTIONS[token];
      if (fn === undefined) return fail(`unknown name '${token}' (known: ${LAMBDA_NAMES.join(', ')})`);
      expect('(');
      const args: Node[] = [sum()];
      while (peek() === ',') {
        pos++;
        args.push(sum());
      }
      expect(')');
      return (x) => fn(...args.map((a) => a(x)));
    }
    return fail(`unexpected '${token}'`);
  };

  if (tokens.length === 0) fail('an empty expression');
  const root = sum();
  if (pos < tokens.length) fail(`unexpected '${String(tokens[pos])}'`);
  return root;
}
