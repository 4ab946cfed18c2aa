// The measurement shared by benches/bert.mjs (Node) and benches/bert-browser.mjs (headless
// Chromium): the same code times our wasm forward and onnxruntime-web in one JS realm.
//
// measure({ort, Bert, memory, files, weights, onnx, ref, runs, warmup}) →
//   {tokens, loadMs, oursEmbedMs, oursRunMs, ortLoadMs, ortMs, wasmBytes, checks: [{what, diff, tol, ok}]}
// `files` = {config, vocab, tokenizerConfig} strings; `weights`, `onnx` = Uint8Array;
// `ref` = target/bench/reference.json (scripts/export_onnx.py); `memory` = our wasm module's memory.

function maxDiff(a, b) {
  if (!a || a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export async function measure({ ort, Bert, memory, files, weights, onnx, ref, runs = 50, warmup = 10 }) {
  const checks = [];
  const check = (what, diff, tol) => checks.push({ what, diff, tol, ok: diff <= tol });
  const text = ref.bench_sentence;

  // Ours: parse the safetensors bytes and build the model.
  let t0 = performance.now();
  const bert = Bert.load({ ...files, weights });
  const loadMs = performance.now() - t0;

  // Correctness against Hugging Face (eager attention) on every reference sentence:
  // attention probabilities within 1e-4, hidden states and the embedding within 1e-3.
  for (const s of ref.sentences) {
    const out = bert.run(s.text);
    const T = s.ids.length;
    const label = `${JSON.stringify(s.text.slice(0, 32))} (${T} tokens)`;
    const sameIds = JSON.stringify(Array.from(out.ids)) === JSON.stringify(s.ids);
    check(`${label} ids equal`, sameIds ? 0 : Infinity, 0);
    const last = out.hiddenStates.subarray(out.numLayers * T * out.hiddenSize);
    check(`${label} last hidden state`, maxDiff(last, s.last_hidden_state), 1e-3);
    check(`${label} attentions`, maxDiff(out.attentions, s.attentions), 1e-4);
    check(`${label} embedding`, maxDiff(bert.embed(s.text), s.embedding), 1e-3);
  }
  const wasmBytesAfterLoad = memory.buffer.byteLength;

  // onnxruntime-web, wasm backend, one thread, same token ids.
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.simd = true;
  t0 = performance.now();
  const session = await ort.InferenceSession.create(onnx, { executionProviders: ['wasm'] });
  const ortLoadMs = performance.now() - t0;
  const ids = ref.sentences[0].ids;
  const T = ids.length;
  const feeds = {
    input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, T]),
    attention_mask: new ort.Tensor('int64', new BigInt64Array(T).fill(1n), [1, T]),
    token_type_ids: new ort.Tensor('int64', new BigInt64Array(T), [1, T]),
  };
  const ortOut = (await session.run(feeds)).last_hidden_state.data;
  check('onnxruntime-web last hidden state (sanity)', maxDiff(ortOut, ref.sentences[0].last_hidden_state), 1e-3);

  // Interleaved timing: each round times all three once, so a shared machine's load changes hit
  // every engine alike; medians over the rounds.
  const fns = { embed: () => bert.embed(text), run: () => bert.run(text), ort: () => session.run(feeds) };
  const times = { embed: [], run: [], ort: [] };
  for (let i = 0; i < warmup + runs; i++) {
    for (const [k, fn] of Object.entries(fns)) {
      const t = performance.now();
      await fn();
      if (i >= warmup) times[k].push(performance.now() - t);
    }
  }
  const med = (a) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const [oursEmbedMs, oursRunMs, ortMs] = [med(times.embed), med(times.run), med(times.ort)];
  const wasmBytes = memory.buffer.byteLength; // memory only grows: this is the peak
  await session.release();
  bert.free?.();
  return { tokens: T, loadMs, oursEmbedMs, oursRunMs, ortLoadMs, ortMs, wasmBytes, wasmBytesAfterLoad, checks };
}

export function report(where, r, { runs, warmup, torchMs, versions }) {
  const f = (x) => (x == null ? 'n/a' : `${x.toFixed(2)} ms`);
  const lines = [];
  for (const c of r.checks) lines.push(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.what}: max |diff| ${c.diff.toExponential(2)} (tolerance ${c.tol})`);
  lines.push(`all-MiniLM-L6-v2 in ${where}, ${r.tokens} tokens, fp32, 1 thread, median of ${runs} interleaved rounds after ${warmup} warm-up:`);
  lines.push(`  ours (wasm simd128) embed   ${f(r.oursEmbedMs)}`);
  lines.push(`  ours (wasm simd128) run     ${f(r.oursRunMs)}   (also copies out every hidden state and attention map)`);
  lines.push(`  onnxruntime-web wasm        ${f(r.ortMs)}`);
  if (torchMs !== undefined) lines.push(`  PyTorch ${versions.torch}      ${f(torchMs)}`);
  lines.push(`  ours / onnxruntime-web      ${(r.oursEmbedMs / r.ortMs).toFixed(2)}`);
  lines.push(`  load: ours ${f(r.loadMs)} (90 MB safetensors → model), onnxruntime-web session ${f(r.ortLoadMs)}`);
  lines.push(`  wasm memory: ${(r.wasmBytesAfterLoad / 2 ** 20).toFixed(1)} MiB after load, ${(r.wasmBytes / 2 ** 20).toFixed(1)} MiB after all runs (peak)`);
  return lines.join('\n');
}
