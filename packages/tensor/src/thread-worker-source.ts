// The program of a pool's worker thread (thread-pool.ts), as source text: a worker is started from it in Node
// (`eval`) and in browsers (a Blob URL) alike, with no file to find next to the bundle. It instantiates the kernel
// module over the shared memory, counts itself started, then sleeps until a round starts, runs the calls listed for its thread (the same
// loop as runCalls in thread-pool.ts), counts itself done, and sleeps again; the stop flag ends it. A thread that
// fails sets the failed word and counts itself done, so that the caller, waiting, learns of it instead of hanging.
// The source uses neither require nor import: a Node worker evaluates it as CommonJS or as an ES module depending on
// the parent's --input-type.
export const THREAD_WORKER_SOURCE = `
function serve(start) {
  const ints = new Int32Array(start.memory.buffer);
  const base = start.control;
  try {
    loop(start, ints, base);
  } catch (error) {
    Atomics.store(ints, base + 3, 1);
    Atomics.add(ints, base + 1, 1);
    Atomics.notify(ints, base + 1);
    throw error;
  }
}

function loop(start, ints, base) {
  const { HEADER, SLOT, RECORD, SPINS } = start.constants;
  const exports = new WebAssembly.Instance(start.module, { env: { memory: start.memory } }).exports;
  const fns = start.names.map((name) => exports[name]);
  Atomics.add(ints, base + 4, 1);
  const slot = base + HEADER + start.thread * SLOT;
  const last = start.threads - 2;
  let seen = 0;
  for (;;) {
    let spins = SPINS;
    while (Atomics.load(ints, base) === seen && spins > 0) spins--;
    Atomics.wait(ints, base, seen);
    const generation = Atomics.load(ints, base);
    if (generation === seen) continue;
    seen = generation;
    if (Atomics.load(ints, base + 2) !== 0) return;
    const count = ints[slot];
    for (let c = 0; c < count; c++) {
      const r = slot + 1 + c * RECORD;
      fns[ints[r]](
        ints[r + 1], ints[r + 2], ints[r + 3], ints[r + 4], ints[r + 5], ints[r + 6], ints[r + 7], ints[r + 8],
        ints[r + 9], ints[r + 10], ints[r + 11], ints[r + 12], ints[r + 13], ints[r + 14], ints[r + 15], ints[r + 16],
        ints[r + 17], ints[r + 18], ints[r + 19], ints[r + 20], ints[r + 21], ints[r + 22], ints[r + 23], ints[r + 24],
      );
    }
    if (Atomics.add(ints, base + 1, 1) === last) Atomics.notify(ints, base + 1);
  }
}
`;
