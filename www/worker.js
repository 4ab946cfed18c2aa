// The Web Worker that hosts the wasm module. Every tokenising and training call runs here, so the
// page's main thread only draws. Protocol (see worker-client.js):
//   page → worker  {id, type, payload}
//   worker → page  {id, ok: true, result} | {id, ok: false, error}   (the reply to a call)
//   worker → page  {topic, data}                                     (a snapshot, unasked)
// Handlers come from one module per model family (worker/*.js), each exporting `handlers`.
import init, * as wasm from '../pkg/nlp_playground.js';
import { handlers as all } from './worker/index.js';
import { fail } from './worker/fail.js';

const ready = init().then((exports) => {
  api.memory = exports.memory;
  // Read by scripts/soak.mjs (wasm memory over a long session); nothing in the page uses it.
  self.__wasmMemory = exports.memory;
});

// Only in a soak run (scripts/soak.mjs opens the page with `?soak`, and worker-client.js then names
// this worker "soak"): each growth of the wasm memory (it never shrinks, so each one is an
// allocation that found no free block large enough), with what was running when it was seen — the
// message being handled or the snapshot topic being posted. At most the last 400. A normal page
// does not keep the log: noteGrowth is an empty function there.
const growth = [];
// And, in a soak run of a pkg built with the cargo feature `heap-trace` (src/heap_trace.rs), the
// allocator's records of blocks of 1 MB or more and of every allocation that grew the memory, each
// tagged like the growths: {what, kind: 'alloc' | 'free' | 'realloc' | 'lost', size, addr, from,
// to (bytes of wasm memory), at}. At most the last 20,000.
const heapTrace = [];
const KINDS = { 1: 'alloc', 2: 'free', 3: 'realloc', 9: 'lost' };
const takeTrace = (what) => {
  if (typeof wasm.heapTraceTake !== 'function') return;
  const r = wasm.heapTraceTake();
  const at = Date.now();
  for (let i = 0; i + 4 < r.length; i += 5) {
    heapTrace.push({ what, kind: KINDS[r[i]], size: r[i + 1], addr: r[i + 2], from: r[i + 3] * 65536, to: r[i + 4] * 65536, at });
  }
  if (heapTrace.length > 20000) heapTrace.splice(0, heapTrace.length - 20000);
};
let seenBytes = 0;
const noteGrowth = self.name === 'soak' ? (what) => {
  takeTrace(what);
  const n = api.memory?.buffer.byteLength ?? 0;
  if (n <= seenBytes) return;
  if (seenBytes) growth.push({ what, from: seenBytes, to: n, at: Date.now() });
  if (growth.length > 400) growth.shift();
  seenBytes = n;
} : () => {};
if (self.name === 'soak') {
  self.__wasmGrowth = growth;
  self.__heapTrace = heapTrace;
  ready.then(() => wasm.heapTrace?.(1 << 20));
}

/** What handlers get besides their payload. */
const api = {
  wasm,
  /** Posts a snapshot to the page; typed arrays in `data` should be copies (not views into wasm memory). */
  post(topic, data, transfer = []) {
    noteGrowth(topic);
    self.postMessage({ topic, data }, transfer);
  },
  /** Lets queued messages (pause, cancel) through between training slices. */
  yield: () => new Promise((r) => setTimeout(r, 0)),
  /** Shared between handler modules: the current corpus and anything else they keep. */
  shared: { text: '', corpus: null, version: 0 },
  memory: null,
};

/** ArrayBuffers of the typed arrays at the top level of a result (or one level below), to move them without copying. */
function transferables(value) {
  const out = new Set();
  const visit = (v, depth) => {
    if (!v || typeof v !== 'object' || depth > 2) return;
    if (ArrayBuffer.isView(v)) { if (v.buffer !== api.memory?.buffer) out.add(v.buffer); return; }
    if (Array.isArray(v)) { if (v.length < 64) v.forEach((x) => visit(x, depth + 1)); return; }
    for (const x of Object.values(v)) visit(x, depth + 1);
  };
  visit(value, 0);
  return [...out];
}

self.onmessage = async (e) => {
  const { id, type, payload } = e.data;
  try {
    await ready;
    noteGrowth(`before ${type}`);
    const handler = all[type];
    if (!handler) throw fail('worker.unknownRequest', { type });
    const result = await handler(payload ?? {}, api);
    noteGrowth(type);
    self.postMessage({ id, ok: true, result }, transferables(result));
  } catch (err) {
    noteGrowth(type);
    // Coded errors (the library's and worker/fail.js's) keep their code, parameters and problems,
    // so the page can say them in its language.
    const { code, params, kind, problems } = err ?? {};
    self.postMessage({ id, ok: false, error: { message: String(err?.message ?? err), code, params, kind, problems } });
  }
};
