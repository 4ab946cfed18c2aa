// The example words and sentences the chapters propose — query word, similarity pair, analogy,
// unseen words, words with several senses, one-hot sentence, pretrained sentences — from one place
// per corpus, so a Korean text never gets an English example.
//
// Sources, in order: the examples the wasm layer ships with a built-in corpus (info.examples, from
// `sampleExamples(id)` when the build has it); the table below for the built-in samples; and for
// any other text, words picked from the text itself (frequent words, unseen variants of them).
//
// The shape every chapter reads:
//   {lang, query, pair: [a, b], analogy: [a, b, c], unseen: [w…], homonyms: [w…],
//    senses: {word: [{label, words}]}, split, onehot, pretrained: {sentence, electra, query}}

const BAE = [{ label: '과일 pear', words: ['사과', '과일', '깎아'] }, { label: '배 boat', words: ['바다를', '항구로', '어부는'] }, { label: '신체 belly', words: ['고파서', '아프지', '고프지'] }];

const BUILTIN = {
  en: {
    lang: 'en',
    query: 'king',
    pair: ['king', 'queen'],
    analogy: ['man', 'king', 'woman'],
    // Forms the sample never uses while their relatives occur (FastText's unseen words).
    unseen: ['kingdoms', 'unhappiness', 'eaten', 'princesses', 'queenly'],
    homonyms: ['bank', 'orange', 'bat'],
    senses: {
      bank: [{ label: 'river', words: ['river', 'water', 'grass'] }, { label: 'money', words: ['money', 'loan', 'account'] }],
      orange: [{ label: 'fruit', words: ['juice', 'peeled', 'apple'] }, { label: 'colour', words: ['sky', 'painted', 'red'] }],
      bat: [{ label: 'animal', words: ['cave', 'insects'] }, { label: 'ball', words: ['ball', 'swung'] }],
    },
    split: 'orange',
    onehot: 'King Love Queen',
    pretrained: { sentence: 'I sat by the bank of the river and watched the water.', electra: 'The chef cooked the meal.', query: 'The dog chased the cat.' },
  },
  ko: {
    lang: 'ko',
    query: '왕은',
    pair: ['왕은', '여왕은'],
    analogy: ['남자는', '왕은', '여자는'],
    unseen: ['먹었습니다', '갔습니다', '사랑했습니다', '왕국들', '공주님'],
    homonyms: ['배', '배를', '배가'],
    senses: { 배: BAE, 배를: BAE, 배가: BAE },
    split: '먹었습니다',
    onehot: '왕은 사과를 먹었다',
    pretrained: { sentence: '배가 고파서 밥을 먹었다.', electra: '배를 타고 바다로 나갔다.', query: '고양이가 창가에서 잠을 잤다.' },
  },
};

const HANGUL = /[\uac00-\ud7a3]/;
const isWord = (w) => /^\p{L}[\p{L}\p{M}]*$/u.test(w);

/** The language of a text from its most frequent words (Hangul or not). */
function langOf(words) {
  const top = words.slice(0, 200);
  return top.filter((w) => HANGUL.test(w)).length > top.length / 3 ? 'ko' : 'en';
}

/**
 * Examples for a text that has none of its own: its frequent words (letters only, seen at least
 * twice so that they are in a model's vocabulary at min count 2). The very top of the list is
 * mostly function words (the, and, of; 그, 수, 것), so the first few are skipped when the
 * vocabulary is large enough.
 */
export function fromWords(words, counts) {
  const lang = langOf(words);
  const min = (w) => (HANGUL.test(w) ? 2 : 3);
  const all = words.map((w, i) => [w, counts?.[i] ?? 2]).filter(([w, c]) => c >= 2 && isWord(w) && [...w].length >= min(w)).map(([w]) => w);
  const skip = all.length > 60 ? 8 : all.length > 20 ? 3 : 0;
  const cand = all.slice(skip);
  const known = new Set(words);
  const pick = (i) => cand[i % Math.max(1, cand.length)] ?? '';
  // Unseen: a variant of a frequent word that the text never uses (another ending, a plural).
  const unseen = [];
  for (const w of cand.slice(0, 40)) {
    const variants = HANGUL.test(w) ? [`${w}들`, `${w}요`, `${w.slice(0, -1)}입니다`] : [`${w}s`, `${w}ed`, `un${w}`, `${w}ing`];
    const v = variants.find((x) => !known.has(x) && [...x].length > 2);
    if (v) unseen.push(v);
    if (unseen.length >= 4) break;
  }
  const ex = {
    lang,
    query: pick(0),
    pair: [pick(0), pick(1)],
    analogy: [pick(2), pick(0), pick(3)],
    unseen,
    homonyms: cand.slice(0, 3),
    senses: {},
    split: unseen[0] ?? pick(0),
    onehot: [pick(0), pick(1), pick(2)].filter(Boolean).join(' '),
    pretrained: { ...BUILTIN[lang].pretrained },
  };
  return ex;
}

/** Normalises examples from the wasm layer (`sampleExamples`) into the shape above; fields it
 * does not have come from the built-in table of its language. */
function adopt(x, base) {
  const list = (v) => (Array.isArray(v) ? v.map(String) : v ? [String(v)] : null);
  return {
    ...base,
    ...Object.fromEntries(Object.entries({
      lang: x.lang,
      query: x.query ?? x.word,
      pair: list(x.pair ?? x.similarity),
      analogy: list(x.analogy),
      unseen: list(x.unseen),
      homonyms: list(x.homonyms),
      senses: x.senses,
      split: x.split ?? list(x.unseen)?.[0],
      onehot: x.onehot ?? x.oneHot,
    }).filter(([, v]) => v !== undefined && v !== null)),
    pretrained: { ...base.pretrained, ...(x.pretrained && typeof x.pretrained === 'object' ? x.pretrained : x.pretrained ? { sentence: String(x.pretrained) } : {}) },
  };
}

/** The examples for the corpus summary `info` of the text chosen as `sample` ('en', 'ko', 'custom'). */
export function examplesFor(info, sample) {
  if (info?.examples) return adopt(info.examples, BUILTIN[info.examples.lang] ?? BUILTIN[sample] ?? BUILTIN.en);
  if (BUILTIN[sample]) return BUILTIN[sample];
  if (info?.words?.length) return fromWords(info.words, info.counts);
  return BUILTIN.en;
}

/** The example of the interface language before any text has arrived. */
export function fallbackExamples(lang) {
  return BUILTIN[lang] ?? BUILTIN.en;
}

// The chapter settings that hold an example (empty = "the corpus's example"). When the text
// changes to another one, they go back to empty, so the new text's examples show.
export const EXAMPLE_FIELDS = {
  word2vec: ['word', 'a', 'b', 'x', 'y', 'z'],
  fasttext: ['word', 'unseen', 'compare'],
  onehot: ['sentence'],
  pretrained: ['sentence', 'electra', 'ctxPreset'],
};
