// sampleExamples(id) and suggestExamples(text, config): the words and sentences the chapters
// propose, from the corpus on screen (never an English word on a Korean text).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import lib from './pkg.mjs';

const HANGUL = /^[\uac00-\ud7a3]+$/;
const FIELDS = ['lang', 'word', 'similarity', 'analogy', 'groups', 'unseen', 'relatives', 'homonyms', 'senses',
  'onehotSentence', 'ngramPrompt', 'pretrainedSentence', 'subwordWord', 'fasttextPair'];

/** Every word a chapter would look up (the unseen words excepted). */
function seenWords(e) {
  return [e.word, e.subwordWord, ...e.similarity, ...e.analogy, ...e.fasttextPair, ...Object.values(e.groups).flat(),
    ...Object.values(e.relatives).flat(), ...e.homonyms, ...Object.values(e.senses).flat().flatMap((s) => s.words)];
}

test('sampleExamples: every built-in sample has examples in its own language, all in its vocabulary', () => {
  for (const { id, lang } of lib.samples()) {
    const e = lib.sampleExamples(id);
    assert.deepEqual(Object.keys(e), FIELDS);
    assert.equal(e.lang, lang);
    assert.equal(e.analogy.length, 4);
    assert.deepEqual(Object.keys(e.groups), ['royalty', 'food', 'animals', 'places']);
    assert.deepEqual(Object.keys(e.relatives), e.unseen);
    assert.deepEqual(Object.keys(e.senses), e.homonyms);
    const c = new lib.Corpus(lib.sampleText(id), { tokenizer: 'word', lowercase: true, punctuation: false });
    const words = seenWords(e);
    for (const w of words) assert.notEqual(c.id(w), undefined, `${id}: ${w} is not in the sample`);
    for (const w of e.unseen) assert.equal(c.id(w), undefined, `${id}: ${w} must stay unseen`);
    for (const s of [e.onehotSentence, e.ngramPrompt, e.pretrainedSentence]) {
      for (const t of lib.tokenize(s, 'word', true).filter((x) => /\p{L}/u.test(x))) assert.notEqual(c.id(t), undefined, `${id}: ${t} of "${s}"`);
    }
    if (lang === 'ko') for (const w of [...words, ...e.unseen]) assert.match(w, HANGUL, `ko: ${w}`);
    c.free();
  }
  assert.equal(lib.sampleExamples('fr'), undefined);
  assert.throws(() => lib.sampleExamples(7), /id must be a string/);
});

test('sampleExamples: the demo BERT reads the pretrained sentence and every line of every sample without [UNK]', () => {
  const dir = new URL('../../www/models/demo/', import.meta.url);
  const read = (f) => fs.readFileSync(new URL(f, dir), 'utf8');
  const bert = lib.Bert.load({ config: read('config.json'), vocab: read('vocab.txt'), tokenizerConfig: read('tokenizer_config.json'),
    weights: new Uint8Array(fs.readFileSync(new URL('model.safetensors', dir))) });
  for (const { id } of lib.samples()) {
    const { tokens } = bert.tokenize(lib.sampleExamples(id).pretrainedSentence);
    assert.ok(!tokens.includes('[UNK]'), `${id}: ${tokens.join(' ')}`);
  }
  // Every line of both samples (its vocabulary: their words, and every character as a piece).
  for (const { id } of lib.samples()) {
    for (const line of lib.sampleText(id).split('\n').filter((l) => l.trim())) {
      const { tokens } = bert.tokenize(line);
      assert.ok(!tokens.includes('[UNK]'), `${id}: ${line} → ${tokens.join(' ')}`);
    }
  }
  bert.free();
});

test('suggestExamples: a Korean text gets Korean words from it, never English ones', () => {
  const text = lib.sampleText('ko') + '\nThe king and the queen. The king and the queen.';
  const e = lib.suggestExamples(text, { minCount: 2 });
  assert.equal(e.lang, 'ko');
  const c = new lib.Corpus(text, { tokenizer: 'word', lowercase: true, punctuation: false });
  for (const w of [e.word, ...e.similarity, ...e.analogy, ...e.fasttextPair, e.subwordWord]) {
    assert.match(w, HANGUL, w);
    assert.ok(c.counts(1e6)[c.id(w)] >= 2, w);
  }
  assert.ok(e.unseen.length > 0);
  for (const w of e.unseen) {
    assert.match(w, HANGUL);
    assert.equal(c.id(w), undefined, `${w} is in the text`);
    for (const r of e.relatives[w]) assert.notEqual(c.id(r), undefined);
  }
  assert.ok(text.includes(e.onehotSentence) && text.includes(e.pretrainedSentence));
  assert.deepEqual([e.groups, e.homonyms, e.senses], [{}, [], {}]);
  c.free();
});

test('suggestExamples: an English text gets its frequent content words, not function words', () => {
  const text = 'The farmer fed the horse. The farmer fed the horse again. The horse liked the farmer.\nA farmer and a horse walked to the market.';
  const e = lib.suggestExamples(text);
  assert.equal(e.lang, 'en');
  assert.equal(e.word, 'farmer');
  assert.deepEqual(e.similarity, ['farmer', 'horse']);
  assert.equal(e.onehotSentence, 'The farmer fed the horse.');
  assert.equal(e.ngramPrompt, 'the farmer');
  assert.ok(e.unseen.includes('farmers'));
  // minCount: words seen fewer times are not proposed.
  assert.equal(lib.suggestExamples(text, { minCount: 10 }).word, '');
  assert.equal(lib.suggestExamples('').word, '');
  assert.throws(() => lib.suggestExamples(text, { minCount: 0 }), /minCount must be a whole number between 1/);
  assert.throws(() => lib.suggestExamples(42), /text must be a string/);
});
