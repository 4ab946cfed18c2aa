// Pretrained checkpoints (BERT / ELECTRA) in the worker: loading from the shipped demo folder, from
// the user's files, or from the Hugging Face hub (cached with the Cache Storage API); running a
// sentence; context vectors of one word; embedding a data set in slices; nearest lines; the probe.
// A failed load never replaces the model that is already loaded. Fetching and caching: hub.js.
import { cachedModels, fetchFolder, forget, hubFiles, openCache, readBody } from './hub.js';
import { fail } from './fail.js';
import { exportFiles } from './transformer.js';
import { cosineMatrix, flatten, senseScore } from './vectors.js';

const DEMO = new URL('../models/demo/', import.meta.url);
const SLICE_MS = 60; // embed lines for about this long between yields (pause / cancel get through)

/** The files a model folder may hold (all read as bytes; build() decodes the text ones). */
const FILES = ['config.json', 'vocab.txt', 'tokenizer_config.json', 'tokenizer.json', 'model.safetensors', 'pytorch_model.bin'];

let model = null; // {bert, info}
let data = null; // {texts, labels, vectors (n·dim), dim}
let embedGen = 0; // bumps to cancel an embedding run

function progress(api, p) {
  api.post('pt.progress', p);
}

/** Turns the collected files into a Bert (throws a readable error; the old model stays). */
function build(files, source, api) {
  const weights = files['model.safetensors'] ?? files['pytorch_model.bin'];
  const missing = [];
  if (!files['config.json']) missing.push('config.json');
  if (!weights) missing.push('model.safetensors or pytorch_model.bin');
  if (!files['vocab.txt'] && !files['tokenizer.json']) missing.push('vocab.txt or tokenizer.json');
  if (missing.length) throw fail('worker.missingFiles', { files: missing.join(', ') });
  progress(api, { phase: 'parse', loaded: 0, total: 1 });
  const dec = new TextDecoder();
  const text = (name) => (files[name] === undefined ? undefined : typeof files[name] === 'string' ? files[name] : dec.decode(files[name]));
  const t0 = performance.now();
  const bert = api.wasm.Bert.load({
    config: text('config.json'),
    weights,
    vocab: text('vocab.txt'),
    tokenizerConfig: text('tokenizer_config.json'),
    tokenizerJson: text('tokenizer.json'),
  });
  let config = {};
  try { config = JSON.parse(text('config.json')); } catch { /* Bert.load already parsed it */ }
  const info = {
    source,
    family: bert.family,
    architecture: config.architectures?.[0] ?? bert.family,
    // What the checkpoint calls itself (a folder of files has no other name; e.g.
    // "nreimers/MiniLM-L6-H384-uncased"), or null.
    nameOrPath: typeof config._name_or_path === 'string' && config._name_or_path ? config._name_or_path : null,
    numLayers: bert.numLayers,
    numHeads: bert.numHeads,
    hiddenSize: bert.hiddenSize,
    vocabSize: bert.vocabSize,
    maxLength: bert.maxLength,
    hasDiscriminator: bert.hasDiscriminator,
    hasMlmHead: bert.hasMlmHead,
    weightsFile: files['model.safetensors'] ? 'model.safetensors' : 'pytorch_model.bin',
    bytes: weights.length,
    parseMs: performance.now() - t0,
  };
  model?.bert.free();
  model = { bert, info };
  data = null;
  progress(api, { phase: 'parse', loaded: 1, total: 1 });
  return info;
}

function need() {
  if (!model) throw fail('worker.noModel');
  return model.bert;
}

/** The token index where `word` starts in a tokenised sentence (## pieces joined), or -1. */
function findWord(tokens, word) {
  const w = word.normalize('NFC').toLowerCase();
  for (let i = 1; i < tokens.length - 1; i++) {
    let s = tokens[i].toLowerCase();
    for (let j = i + 1; j < tokens.length - 1 && tokens[j].startsWith('##'); j++) s += tokens[j].slice(2);
    if (s.normalize('NFC').startsWith(w) && !tokens[i].startsWith('##')) return i;
  }
  return -1;
}

export const handlers = {
  'pt.loadDemo': async (_, api) => build(await fetchFolder(DEMO.href, 'the demo model', (p) => progress(api, p)), { kind: 'demo' }, api),

  /** The Transformer chapter's homonym view: the open model, or else the demo ('pt.loadDemo'). A
   * model opened while the demo's files were on their way (chapter 9's files, "open in chapter 9")
   * is kept: the demo does not replace it. */
  'pt.demoIfNone': async (_, api) => {
    if (model) return model.info;
    const files = await fetchFolder(DEMO.href, 'the demo model', (p) => progress(api, p));
    return model ? model.info : build(files, { kind: 'demo' }, api);
  },

  /** The Transformer chapter's encoder, through its Hugging Face export (the same files a user saves). */
  'pt.loadTransformer': (_, api) => build(exportFiles(), { kind: 'transformer' }, api),

  /** files: File[] (or {name, bytes}) from the picker or a drop. Unknown names are ignored. */
  'pt.loadFiles': async ({ files }, api) => {
    const got = {};
    for (const f of files) {
      const name = f.name.split('/').pop();
      if (!FILES.includes(name)) continue;
      got[name] = await readBody(f.stream(), f.size, (loaded, total) => progress(api, { phase: 'read', file: name, loaded, total }));
    }
    if (!Object.keys(got).length) throw fail('worker.notModelFolder', { files: FILES.join(', ') });
    return build(got, { kind: 'files', names: Object.keys(got) }, api);
  },

  /** id: a hub model id or URL. Cached files are used first; new ones are stored once they load. */
  'pt.loadHub': async ({ id }, api) => {
    const got = await hubFiles(id, { cache: await openCache(), progress: (p) => progress(api, p) });
    const info = build(got.files, { kind: 'hub', id: String(id).trim(), base: got.base, fromCache: got.fromCache }, api);
    if (!got.fromCache) {
      progress(api, { phase: 'store', loaded: 0, total: 0 });
      info.cacheError = await got.save();
    }
    return info;
  },

  /** The hub models this browser keeps for offline use: [{name, base, bytes, stored}]. */
  'pt.cachedModels': async () => {
    const cache = await openCache();
    return cache ? cachedModels(cache) : [];
  },

  /** Frees the space of one cached model (the loaded model, if it is that one, keeps working). */
  'pt.forget': async ({ base }) => {
    const cache = await openCache();
    if (cache) await forget(cache, base);
    return cache ? cachedModels(cache) : [];
  },

  'pt.info': () => model?.info ?? null,

  /** Everything the attention views draw, plus the discriminator's output when there is one. */
  'pt.run': ({ text }) => {
    const bert = need();
    const r = bert.run(text);
    const replaced = model.info.hasDiscriminator ? bert.replaced(text) : null;
    return { tokens: r.tokens, ids: r.ids, truncated: r.truncated, fullLength: r.fullLength, numLayers: r.numLayers, numHeads: r.numHeads, attentions: r.attentions, replaced };
  },

  /** BERT's masked LM: for each [MASK] of `text`, the k most probable tokens. */
  'pt.predict': ({ text, k }) => need().predictMasked(String(text ?? ''), k ?? 8),

  'pt.replaced': ({ text }) => {
    const bert = need();
    if (!model.info.hasDiscriminator) throw fail('worker.noDiscriminator');
    const enc = bert.tokenize(text);
    return { tokens: enc.tokens, truncated: enc.truncated, p: bert.replaced(text) };
  },

  /** The vector of `word` in each sentence at `layer` (0 = embeddings), their PCA and cosine matrix.
   * A word the tokenizer splits (배가 → 배 ##가) is represented by its first piece's vector, as the
   * word starts there; each point names the pieces (`pieces`). With sentences as {text, group} (the
   * Transformer chapter's homonym view asks so), `senses` is how well the vectors group by `group`
   * (the core's senseScore, the measure that view prints for its own model). */
  'pt.context': ({ sentences, word, layer }, { wasm }) => {
    const bert = need();
    const found = [];
    let dim = 0;
    const vecs = [];
    const L = Math.max(0, Math.min(layer ?? bert.numLayers, bert.numLayers));
    for (const [i, s] of sentences.entries()) {
      const r = bert.run(s.text);
      const t = findWord(r.tokens, word);
      if (t < 0) continue;
      const T = r.tokens.length;
      dim = r.hiddenSize;
      vecs.push(r.hiddenStates.slice((L * T + t) * dim, (L * T + t + 1) * dim));
      let end = t + 1;
      while (end < T - 1 && r.tokens[end].startsWith('##')) end++;
      found.push({ index: i, label: s.label, group: s.group ?? 0, text: s.text, token: r.tokens[t], pieces: r.tokens.slice(t, end) });
    }
    const n = found.length;
    const base = { layer: L, numLayers: bert.numLayers };
    if (!n) return { ...base, points: [], xy: new Float32Array(0), cosine: new Float32Array(0), senses: null };
    const { flat } = flatten(vecs);
    const cosine = cosineMatrix(wasm, vecs);
    const xy = n >= 2 ? wasm.pca2(flat, n, dim) : new Float32Array(2);
    return { ...base, points: found, xy: Float32Array.from(xy), cosine, senses: senseScore(wasm, vecs, found.map((f) => f.group)) };
  },

  /** Embeds every line in slices, posting 'pt.embedProgress'; keeps them for nearest / probe. */
  'pt.embedLines': async ({ lines }, api) => {
    const bert = need();
    const gen = ++embedGen;
    const dim = model.info.hiddenSize;
    const vectors = new Float32Array(lines.length * dim);
    let truncated = 0;
    let t0 = performance.now();
    for (let i = 0; i < lines.length; i++) {
      if (model?.bert !== bert) throw fail('worker.modelChanged');
      vectors.set(bert.embed(lines[i].text), i * dim);
      if (bert.tokenize(lines[i].text).truncated) truncated++;
      if (performance.now() - t0 > SLICE_MS) {
        api.post('pt.embedProgress', { done: i + 1, total: lines.length });
        await api.yield();
        if (gen !== embedGen) throw fail('worker.cancelled');
        t0 = performance.now();
      }
    }
    api.post('pt.embedProgress', { done: lines.length, total: lines.length });
    data = { texts: lines.map((l) => l.text), labels: lines.map((l) => l.label), vectors, dim };
    const xy = lines.length >= 2 ? api.wasm.pca2(vectors, lines.length, dim) : new Float32Array(2 * lines.length);
    return { n: lines.length, dim, xy: Float32Array.from(xy), truncated };
  },

  'pt.cancelEmbed': () => { embedGen++; return true; },

  'pt.nearest': ({ query, k = 8 }) => {
    const bert = need();
    if (!data) throw fail('worker.embedFirst');
    const q = bert.embed(query);
    const { vectors, dim, texts, labels } = data;
    const scores = texts.map((text, i) => {
      let d = 0;
      for (let j = 0; j < dim; j++) d += q[j] * vectors[i * dim + j];
      return { index: i, text, label: labels[i], score: d };
    });
    scores.sort((a, b) => b.score - a.score);
    return scores.slice(0, k);
  },

  'pt.probe': (settings, { wasm }) => {
    if (!data) throw fail('worker.embedFirst');
    const idx = data.labels.map((l, i) => (l ? i : -1)).filter((i) => i >= 0);
    const x = new Float32Array(idx.length * data.dim);
    idx.forEach((i, r) => x.set(data.vectors.subarray(i * data.dim, (i + 1) * data.dim), r * data.dim));
    const report = wasm.trainProbe(x, data.dim, idx.map((i) => data.labels[i]), settings);
    return { ...report, rows: idx };
  },
};

export const _test = { findWord };
