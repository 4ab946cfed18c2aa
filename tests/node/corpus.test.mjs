// The corpus part of the JS API, used from Node as a library (no page).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import lib from './pkg.mjs';

test('Corpus: stats, vocabulary by count, ids', () => {
  const c = new lib.Corpus('The king loves the queen. The queen loves the king!', { tokenizer: 'word' });
  const s = c.stats();
  assert.equal(s.tokens, 12);
  assert.equal(s.types, 6); // the king loves queen . !
  assert.equal(s.sentences, 2);
  assert.deepEqual(c.words(3), ['the', 'king', 'loves']);
  assert.deepEqual([...c.counts(3)], [4, 2, 2]);
  assert.equal(c.id('queen'), 3);
  assert.equal(c.id('jack'), undefined);
  c.free();
});

test('tokenizers: words, whitespace, characters, jamo; NFC first', () => {
  assert.deepEqual(lib.tokenize('Hello, 세계!', 'word', true), ['hello', ',', '세계', '!']);
  assert.deepEqual(lib.tokenize('a,b c', 'whitespace', false), ['a,b', 'c']);
  assert.deepEqual(lib.tokenize('배를', 'char', false), ['배', '를']);
  assert.deepEqual(lib.tokenize('배', 'jamo', false), ['ㅂ', 'ㅐ']);
  // NFD 한 (U+1112 U+1161 U+11AB) is the same token as precomposed 한.
  assert.deepEqual(lib.tokenize('\u1112\u1161\u11ab', 'word', true), ['한']);
  assert.throws(() => lib.tokenize('x', 'bpe', true), /tokenizer must be/);
});

test('one-hot of the seed example', () => {
  const c = new lib.Corpus('King Love Queen');
  assert.deepEqual(c.oneHot('King Love Queen'), { tokens: ['king', 'love', 'queen'], ids: [0, 1, 2], dim: 3 });
  c.free();
});

test('built-in samples are real corpora in both languages', () => {
  const ids = lib.samples().map((s) => s.id);
  assert.ok(ids.includes('en') && ids.includes('ko'));
  for (const id of ids) {
    const c = new lib.Corpus(lib.sampleText(id));
    assert.ok(c.stats().tokens > 1000, `${id}: ${c.stats().tokens} tokens`);
    c.free();
  }
});

test('bad input: empty, junk, huge vocabulary cap, bad settings', () => {
  const empty = new lib.Corpus('');
  assert.equal(empty.stats().tokens, 0);
  assert.deepEqual(empty.words(10), []);
  const junk = new lib.Corpus('ok \u0000\u0001\ufffd\ufffd fine');
  assert.equal(junk.stats().droppedControls, 2);
  assert.equal(junk.stats().droppedInvalid, 2);
  // A control character between two letters separates two words (was: "theking").
  const nul = new lib.Corpus('the\u0000king the\u0007king');
  assert.deepEqual([nul.stats().tokens, nul.stats().types, nul.stats().droppedControls], [4, 2, 2]);
  const capped = new lib.Corpus('a b c d e f', { maxVocab: 2 });
  assert.equal(capped.stats().keptTypes, 2);
  assert.throws(() => new lib.Corpus('a', { maxVocab: 0 }), /maxVocab must be a whole number between 1 and 10000000 \(got 0\)/);
  assert.throws(() => new lib.Corpus('a', { tokenizer: 42 }), /invalid setting: tokenizer must be one of `word`, `whitespace`, `char`, `jamo` \(got 42\)/);
});
