// n-gram requests: one model of the current corpus (rebuilt when the corpus or a setting changes),
// its Markov table, state diagram, seeded walks, and the order comparison.
import { fail } from './fail.js';

const CONTEXTS = 60; // contexts offered in the chooser

function settings(o = {}, shared) {
  const c = shared.options ?? {};
  const unit = o.unit === 'char' ? 'char' : 'word';
  return {
    order: Number(o.order ?? 2),
    unit,
    smoothing: o.smoothing === 'addk' ? 'addk' : 'kn',
    k: Number(o.k ?? 1),
    holdout: Number(o.holdout ?? 0.1),
    minCount: Number(o.minCount ?? 1),
    // Words follow the corpus panel's tokenizer settings; characters use their own.
    tokenizer: unit === 'word' ? (c.tokenizer === 'whitespace' ? 'whitespace' : 'word') : 'char',
    lowercase: c.lowercase ?? true,
    punctuation: c.punctuation ?? true,
  };
}

function model(shared) {
  if (!shared.ngram) throw fail('worker.noNgram');
  return shared.ngram;
}

export const handlers = {
  /** (Re)builds the model; returns what the chapter draws first. */
  'ngram.build': ({ options, states }, { wasm, shared }) => {
    const cfg = settings(options, shared);
    const t0 = performance.now();
    const m = new wasm.NGramModel(shared.text, cfg);
    const ms = performance.now() - t0;
    shared.ngram?.free();
    shared.ngram = m;
    return {
      ms,
      config: cfg,
      stats: m.stats(),
      heldout: m.heldoutPerplexity(),
      contexts: m.contexts(CONTEXTS),
      diagram: m.states(states ?? 20),
    };
  },

  /** The next-token distribution after a context: [{token, prob, count}], most probable first. */
  'ngram.next': ({ context, topK }, { shared }) => model(shared).next(context, topK ?? 15),

  'ngram.states': ({ n }, { shared }) => model(shared).states(n),

  /** A seeded walk: [{token, prob}], ending with "</s>" when the sentence ended. */
  'ngram.walk': ({ seed, maxTokens, temperature }, { shared }) => model(shared).walk(seed, maxTokens ?? 60, temperature ?? 1),

  'ngram.join': ({ tokens }, { shared }) => model(shared).join(tokens),

  /** Orders 1–4 on the same text and settings: perplexities, sparsity, one sample each. */
  'ngram.compare': ({ options, seed }, { wasm, shared }) => wasm.NGramModel.compareOrders(shared.text, settings(options, shared), seed ?? 1, 30),
};
