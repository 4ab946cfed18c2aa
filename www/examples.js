// The example words and sentences the chapters propose — query word, similarity pair, analogy,
// unseen words, words with several senses, one-hot sentence, pretrained sentences — from one place,
// and always from the text on screen, so a Korean text never gets an English example.
//
// The words come from the wasm layer with the corpus summary (info.examples): `sampleExamples(id)`
// for a built-in sample (hand-picked, tested against the sample), `suggestExamples(text)` for any
// other text (its frequent content words). A text too large for that second pass gets words picked
// here from the vocabulary the page already has. The sentences for ELECTRA and the data-set query
// are per language (the demo model reads them).
//
// The shape every chapter reads:
//   {lang, query, pair: [a, b], analogy: [a, b, c], expected, unseen: [w…], homonyms: [w…],
//    senses: {word: [{label, words}]}, split, onehot, ngram, pretrained: {sentence, electra, query}}

const SENTENCES = {
  en: { sentence: 'The man sat on the bank of the river.', electra: 'The chef cooked the meal.', query: 'The dog chased the cat.' },
  ko: { sentence: '배가 고파서 밥을 먹었다.', electra: '배를 타고 바다로 나갔다.', query: '고양이가 창가에서 잠을 잤다.' },
};

const EMPTY = { lang: '', query: '', pair: [], analogy: [], expected: '', unseen: [], homonyms: [], senses: {}, split: '', onehot: '', ngram: '' };

const HANGUL = /[\uac00-\ud7a3]/;
const isWord = (w) => /^\p{L}[\p{L}\p{M}]*$/u.test(w);

/** The language of a text from its most frequent words (Hangul or not). */
function langOf(words) {
  const top = words.slice(0, 200);
  return top.filter((w) => HANGUL.test(w)).length > top.length / 3 ? 'ko' : 'en';
}

const withSentences = (ex) => ({ ...ex, pretrained: { ...SENTENCES[ex.lang === 'ko' ? 'ko' : 'en'], ...(ex.pretrained ?? {}) } });

/** The wasm layer's examples (text/examples.rs) in the chapters' shape. */
function fromWasm(x) {
  const list = (v) => (Array.isArray(v) ? v.map(String) : []);
  const analogy = list(x.analogy);
  return withSentences({
    lang: x.lang || langOf([x.word ?? '']),
    query: x.word ?? '',
    pair: list(x.similarity),
    analogy: analogy.slice(0, 3),
    expected: analogy[3] ?? '',
    unseen: list(x.unseen),
    homonyms: list(x.homonyms),
    senses: x.senses && typeof x.senses === 'object' ? x.senses : {},
    split: x.subwordWord || list(x.unseen)[0] || x.word || '',
    onehot: x.onehotSentence ?? '',
    ngram: x.ngramPrompt ?? '',
    pretrained: x.pretrainedSentence ? { sentence: x.pretrainedSentence } : {},
  });
}

/**
 * Examples for a text too large for suggestExamples: its frequent words (letters only, seen at
 * least twice so that they are in a model's vocabulary at min count 2), past the very top of the
 * list, which is mostly function words (the, and, of; 그, 수, 것).
 */
export function fromWords(words, counts) {
  const lang = langOf(words);
  const min = (w) => (HANGUL.test(w) ? 2 : 3);
  const all = words.map((w, i) => [w, counts?.[i] ?? 2]).filter(([w, c]) => c >= 2 && isWord(w) && [...w].length >= min(w)).map(([w]) => w);
  const cand = all.slice(all.length > 60 ? 8 : all.length > 20 ? 3 : 0);
  const known = new Set(words);
  const pick = (i) => (cand.length ? cand[i % cand.length] : '');
  // Unseen: a variant of a frequent word that the text never uses (another ending, a plural).
  const unseen = [];
  for (const w of cand.slice(0, 40)) {
    const variants = HANGUL.test(w) ? [`${w}들`, `${w}요`, `${w.slice(0, -1)}입니다`] : [`${w}s`, `${w}ed`, `un${w}`, `${w}ing`];
    const v = variants.find((x) => !known.has(x) && [...x].length > 2);
    if (v) unseen.push(v);
    if (unseen.length >= 4) break;
  }
  return withSentences({
    ...EMPTY,
    lang,
    query: pick(0),
    pair: [pick(0), pick(1)],
    analogy: [pick(2), pick(0), pick(3)],
    unseen,
    split: unseen[0] ?? pick(0),
    onehot: [pick(0), pick(1), pick(2)].filter(Boolean).join(' '),
  });
}

/** The examples for the corpus summary `info` (null before any text arrived: nothing yet). */
export function examplesFor(info, lang = 'en') {
  if (info?.examples) return fromWasm(info.examples);
  if (info?.words?.length) return fromWords(info.words, info.counts);
  return withSentences({ ...EMPTY, lang });
}

// The chapter settings that hold an example or a choice made in the text (empty = "the text's
// example"): section → keys, each a key the section registered. When the text changes to another
// one, they go back to their defaults (www/app.js), so the new text's examples show and a link
// never carries an English word to a Korean text (tests/e2e/links.test.mjs).
export const EXAMPLE_FIELDS = {
  word2vec: ['word', 'a', 'b', 'x', 'y', 'z'],
  fasttext: ['unseen', 'compare'],
  subwords: ['word'],
  onehot: ['sentence'],
  pretrained: ['sentence', 'electra', 'masked', 'ctxPreset'],
  ngram: ['context'],
  rnn: ['text', 'position'],
  transformer: ['sentence'],
};

/**
 * The Transformer chapter's masked-word example for a sentence: it hides the text's word with
 * several senses when the sentence holds it (bank; 배가 — a Korean word with its particle), so the
 * class sees the model fill it from the context; otherwise the middle word. {text, word}.
 */
export function maskedExample(sentence, homonyms = []) {
  const words = String(sentence ?? '').split(/\s+/).filter(Boolean);
  const bare = (w) => w.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{M}\p{N}]/gu, '');
  const hs = homonyms.map(bare).filter(Boolean);
  let i = words.findIndex((w) => hs.some((x) => bare(w) === x || (HANGUL.test(x) && bare(w).startsWith(x))));
  if (i < 0) i = Math.floor(words.length / 2);
  return { text: words.map((w, k) => (k === i ? '[MASK]' : w)).join(' '), word: words[i] ?? '' };
}
