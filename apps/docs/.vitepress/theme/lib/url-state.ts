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

/**
 * Keeps a demo's state in the page's query string, each field as `<demo>.<name>=<value>`, so that a link
 * reproduces the exact picture. On mount the fields found in the URL are restored in the order given, one render
 * apart: a field whose change resets another (the optimizer resets its options) comes first, and the later field's
 * value then stands. Every later change rewrites the URL in place (history.replaceState: no new history entry per
 * slider move). Fields still at their first value are left out of the URL.
 */
export function useUrlState(demo: string, fields: Record<string, Ref<Value>>): void {
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
      const value = decodeValue(text, field.value);
      // A record (option values, the racers) is merged into the demo's own, so a link from before an entry existed
      // (an optimizer added since) still leaves that entry in place.
      if (value !== undefined) field.value = isRecord(value) && isRecord(field.value) ? { ...field.value, ...value } : value;
      await nextTick();
    }
    watch(Object.values(fields), write, { deep: true });
    write();
  });
}
