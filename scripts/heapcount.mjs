// Counting what a V8 heap holds, for the soak test (scripts/soak.mjs --heap): a heap snapshot
// (CDP HeapProfiler.takeHeapSnapshot, the .heapsnapshot JSON) reduced to live objects grouped by
// kind and constructor name, and the difference of two such counts — what grew between them.
// Not used by the page.

/** Snapshot JSON text → Map "type:name" → {count, bytes} (self sizes). Strings and code are grouped by type only. */
export function countHeap(text) {
  const snap = JSON.parse(text);
  const { node_fields: fields, node_types: [types] } = snap.snapshot.meta;
  const n = fields.length;
  const iType = fields.indexOf('type');
  const iName = fields.indexOf('name');
  const iSize = fields.indexOf('self_size');
  const { nodes, strings } = snap;
  const out = new Map();
  for (let i = 0; i < nodes.length; i += n) {
    const type = types[nodes[i + iType]];
    // Names of strings are their contents, of code the function's: group those by type alone.
    const byName = type === 'object' || type === 'closure' || type === 'native' || type === 'array' || type === 'hidden';
    const key = byName ? `${type}:${strings[nodes[i + iName]].slice(0, 60)}` : type;
    const e = out.get(key) ?? { count: 0, bytes: 0 };
    e.count++;
    e.bytes += nodes[i + iSize];
    out.set(key, e);
  }
  return out;
}

/**
 * A count split in three (bytes): `code` — V8's compiled code, bytecode and type feedback (type
 * "code"), which the engine adds to as it compiles and optimises more functions; `native` — objects
 * outside V8's heap (blink's DOM, layout and performance buffers on a page; ArrayBuffer backing
 * stores); `objects` — everything else: the JS objects, arrays, strings and closures a program keeps.
 */
export function heapParts(counts) {
  const out = { code: 0, native: 0, objects: 0 };
  for (const [key, e] of counts) {
    if (key === 'code') out.code += e.bytes;
    else if (key.startsWith('native:')) out.native += e.bytes;
    else out.objects += e.bytes;
  }
  return out;
}

/** What grew from count `a` to count `b`, largest growth in bytes first: [{key, count, bytes}] (b − a). */
export function heapGrowth(a, b, top = 15) {
  const rows = [];
  for (const [key, e] of b) {
    const was = a.get(key) ?? { count: 0, bytes: 0 };
    if (e.bytes !== was.bytes || e.count !== was.count) rows.push({ key, count: e.count - was.count, bytes: e.bytes - was.bytes, now: e.count });
  }
  for (const [key, was] of a) if (!b.has(key)) rows.push({ key, count: -was.count, bytes: -was.bytes, now: 0 });
  return rows.sort((x, y) => y.bytes - x.bytes).slice(0, top);
}

/** Takes a heap snapshot through `send(method, params)`, with chunks arriving through `onChunk(cb)`; resolves to its text. */
export async function takeSnapshot(send, onChunk) {
  const parts = [];
  const off = onChunk((c) => parts.push(c));
  try {
    await send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
  } finally {
    off();
  }
  return parts.join('');
}
