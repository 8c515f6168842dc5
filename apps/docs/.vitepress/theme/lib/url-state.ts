import { nextTick, onMounted, watch, type Ref } from 'vue';

/** A value a demo keeps in the URL: a number, a string, a boolean, a list of numbers, or a JSON-able record. */
type Value = number | string | boolean | readonly number[] | Record<string, unknown>;

const isRecord = (v: Value): v is Record<string, unknown> => typeof v === 'object' && !Array.isArray(v);

/** The text of a value in the query string. */
export function encodeValue(value: Value): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  if (Array.isArray(value)) return value.map(String).join(',');
  return JSON.stringify(value);
}

/**
 * A value read back from the query string, shaped like `like` (the demo's current value): undefined when the text
 * does not fit that shape (a hand-edited or truncated link), so the demo keeps its own value.
 */
export function decodeValue<T extends Value>(text: string, like: T): T | undefined {
  if (typeof like === 'boolean') return text === '1' ? (true as T) : text === '0' ? (false as T) : undefined;
  if (typeof like === 'number') {
    const n = text.trim() === '' ? Number.NaN : Number(text);
    return Number.isFinite(n) ? (n as T) : undefined;
  }
  if (typeof like === 'string') return text as T;
  if (Array.isArray(like)) {
    const list = text.split(',').map((s) => (s.trim() === '' ? Number.NaN : Number(s)));
    return list.length === like.length && list.every(Number.isFinite) ? (list as unknown as T) : undefined;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as T) : undefined;
  } catch {
    return undefined;
  }
}

/** A whole number from `least` to `most`: a bound for a step count read from a link (steps=1e9 would hang the page). */
export const wholeNumberIn =
  (least: number, most: number) =>
  (n: number): boolean =>
    Number.isInteger(n) && n >= least && n <= most;

/**
 * The value a field takes from its text in the URL: decoded in the shape of `current` (a record merged into the
 * demo's own, so a link from before an entry existed, such as an optimizer added since, still leaves that entry in
 * place), then checked by the field's validator. Undefined, so the demo keeps its own value, when the text does not
 * fit or the validator refuses it (an optimizer id that is not one would throw inside a computed).
 */
export function restoredValue<T extends Value>(text: string, current: T, valid?: (value: T) => boolean): T | undefined {
  const decoded = decodeValue(text, current);
  if (decoded === undefined) return undefined;
  const mine: Value = current;
  const theirs: Value = decoded;
  const value = isRecord(mine) && isRecord(theirs) ? ({ ...mine, ...theirs } as T) : decoded;
  return valid === undefined || valid(value) ? value : undefined;
}

/**
 * Keeps a demo's state in the page's query string, each field as `<demo>.<name>=<value>`, so that a link
 * reproduces the exact picture. On mount the fields found in the URL are restored in the order given, one render
 * apart: a field whose change resets another (the optimizer resets its options) comes first, and the later field's
 * value then stands. Every later change rewrites the URL in place (history.replaceState: no new history entry per
 * slider move). Fields still at their first value are left out of the URL. `valid` holds a check per field for what a
 * link may set (a known optimizer id, a bounded step count): a value it refuses leaves the demo's own.
 */
export function useUrlState<F extends Record<string, Ref<Value>>>(demo: string, fields: F, valid: { readonly [K in keyof F]?: (value: F[K]['value']) => boolean } = {}): void {
  const initial = new Map(Object.entries(fields).map(([name, field]) => [name, encodeValue(field.value)]));
  const key = (name: string) => `${demo}.${name}`;
  function write(): void {
    const url = new URL(window.location.href);
    for (const [name, field] of Object.entries(fields)) {
      const text = encodeValue(field.value);
      if (text === initial.get(name)) url.searchParams.delete(key(name));
      else url.searchParams.set(key(name), text);
    }
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, '', url.href);
  }
  onMounted(async () => {
    const params = new URL(window.location.href).searchParams;
    for (const [name, field] of Object.entries(fields)) {
      const text = params.get(key(name));
      if (text === null) continue;
      const value = restoredValue(text, field.value, valid[name]);
      if (value !== undefined) field.value = value;
      await nextTick();
    }
    watch(Object.values(fields), write, { deep: true });
    write();
  });
}
