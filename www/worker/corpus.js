// Corpus requests: the shared corpus every chapter's models read, and the one-hot encodings.

const MARKED_BYTES = 24_000; // how much of the text the marked-token view shows
const TABLE_WORDS = 5_000; // vocabulary rows sent for the table
// Up to this size a pasted text gets examples picked by suggestExamples (a second tokenising pass,
// ~50 ms a MB); beyond it the page picks them from the vocabulary it already has (www/examples.js).
const SUGGEST_CHARS = 1_000_000;

/** The examples of the text: a built-in sample's own (sampleExamples), or picked from the text. */
function examplesOf(wasm, sample, text) {
  if (sample && sample !== 'custom') return wasm.sampleExamples(sample) ?? null;
  return text.length <= SUGGEST_CHARS ? wasm.suggestExamples(text, { minCount: 2 }) : null;
}

export const handlers = {
  'corpus.samples': (_, { wasm }) => wasm.samples(),

  'corpus.sampleText': ({ id }, { wasm }) => wasm.sampleText(id) ?? null,

  /** Replaces the shared corpus. Returns what the Corpus chapter draws, and the examples the
   * chapters propose for this text (`sample`: the built-in sample's id, or 'custom'). */
  'corpus.set': ({ text, options: o, sample }, { wasm, shared }) => {
    const t0 = performance.now();
    const corpus = new wasm.Corpus(text, o); // the page's Corpus settings, as they are
    const ms = performance.now() - t0;
    shared.corpus?.free();
    shared.corpus = corpus;
    shared.text = corpus.text();
    shared.options = o ?? {};
    shared.version += 1;
    const stats = corpus.stats();
    return {
      version: shared.version,
      stats,
      ms,
      bytes: text.length,
      words: corpus.words(TABLE_WORDS),
      counts: new Float64Array(corpus.counts(1e9)),
      segments: corpus.segments(MARKED_BYTES),
      growth: corpus.growth(60),
      examples: examplesOf(wasm, sample, text),
    };
  },

  /** One-hot ids of a sentence, over the corpus vocabulary or over the sentence's own words. */
  'corpus.oneHot': ({ sentence, scope }, { wasm, shared }) => {
    const own = scope === 'sentence' || !shared.corpus;
    const base = own ? new wasm.Corpus(sentence, { ...shared.options, punctuation: false }) : shared.corpus;
    try {
      const enc = base.oneHot(sentence);
      // Column labels: the whole vocabulary when small, otherwise only the columns that light up.
      const words = enc.dim <= 64 ? base.words(64) : null;
      return { ...enc, words };
    } finally {
      if (own) base.free();
    }
  },
};
