// A module compiled to import an ordinary memory cannot be instantiated over a shared one (the import's type says
// "not shared", and linking checks it), yet the code is the same: only the import's limits differ. So that one build
// of each kernel runs on both kinds of arena, the import is rewritten in the bytes before compiling: `env.memory`
// becomes shared, with the largest maximum (65,536 pages), which any shared memory's own maximum satisfies.

const IMPORT_SECTION = 2;
const MEMORY_KIND = 2;
const SHARED_WITH_MAXIMUM = 0x03;
const MAX_PAGES = 65_536;

/** A reader of the binary format: bytes, unsigned LEB128 numbers, names. */
class Reader {
  at: number;
  constructor(
    readonly bytes: Uint8Array,
    start: number,
  ) {
    this.at = start;
  }
  byte(): number {
    if (this.at >= this.bytes.length) throw new Error('Invalid WebAssembly module: truncated');
    return this.bytes[this.at++] as number;
  }
  leb(): number {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = this.byte();
      value += (byte & 127) * 2 ** shift;
      shift += 7;
    } while ((byte & 128) !== 0);
    return value;
  }
  skipName(): void {
    const length = this.leb();
    this.at += length;
  }
  /** Skips a limits entry (a flag byte, then min, then max when the flag's low bit is set). */
  skipLimits(): void {
    const flags = this.byte();
    this.leb();
    if ((flags & 1) !== 0) this.leb();
  }
}

function leb(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  do {
    let byte = rest & 127;
    rest = Math.floor(rest / 128);
    if (rest !== 0) byte |= 128;
    out.push(byte);
  } while (rest !== 0);
  return out;
}

/**
 * The module's bytes with its imported memory declared shared (maximum 65,536 pages), for instantiation over a shared
 * `WebAssembly.Memory`; the code and every other section are unchanged. Returns the bytes as they are when the memory
 * import is already shared, and throws when the module imports no memory.
 */
export function withSharedMemoryImport(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const reader = new Reader(bytes, 8);
  while (reader.at < bytes.length) {
    const sectionStart = reader.at;
    const id = reader.byte();
    const size = reader.leb();
    const contentStart = reader.at;
    if (id !== IMPORT_SECTION) {
      reader.at = contentStart + size;
      continue;
    }
    const count = reader.leb();
    for (let i = 0; i < count; i++) {
      reader.skipName();
      reader.skipName();
      const kind = reader.byte();
      if (kind !== MEMORY_KIND) {
        skipImport(reader, kind);
        continue;
      }
      const limitsStart = reader.at;
      const flags = reader.byte();
      const min = reader.leb();
      if ((flags & 1) !== 0) reader.leb();
      if (flags === SHARED_WITH_MAXIMUM) return bytes;
      const limitsEnd = reader.at;
      const content = [
        ...bytes.subarray(contentStart, limitsStart),
        SHARED_WITH_MAXIMUM,
        ...leb(min),
        ...leb(MAX_PAGES),
        ...bytes.subarray(limitsEnd, contentStart + size),
      ];
      const section = [IMPORT_SECTION, ...leb(content.length), ...content];
      const out = new Uint8Array(sectionStart + section.length + bytes.length - (contentStart + size));
      out.set(bytes.subarray(0, sectionStart));
      out.set(section, sectionStart);
      out.set(bytes.subarray(contentStart + size), sectionStart + section.length);
      return out;
    }
    break;
  }
  throw new Error('Invalid kernel module: it imports no memory');
}

function skipImport(reader: Reader, kind: number): void {
  if (kind === 0 || kind === 4) {
    if (kind === 4) reader.byte(); // a tag's attribute
    reader.leb(); // a function's or tag's type index
  } else if (kind === 1) {
    reader.byte(); // the table's element type
    reader.skipLimits();
  } else if (kind === 3) {
    reader.byte(); // value type
    reader.byte(); // mutability
  } else {
    throw new Error(`Invalid WebAssembly module: import kind ${String(kind)}`);
  }
}

/** Whether a memory is shared (its buffer a SharedArrayBuffer, where the engine has them). */
export function isSharedMemory(memory: WebAssembly.Memory): boolean {
  // Stryker disable next-line ConditionalExpression: where SharedArrayBuffer is missing no memory is shared; every engine these tests run on has it
  return typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer;
}
