// The wasm build trains bit-identical vectors to the native build: same fingerprint as
// tests/word2vec_targets.rs writes and checks (tests/fixtures/word2vec_fingerprint.json), on the same
// frozen copy of the English sample (tests/fixtures/word2vec_fingerprint_en.txt) with every setting
// spelled out, so that new samples or defaults cannot move the fingerprint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as pkg from '../../pkg/nlp_playground.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
pkg.initSync({ module: fs.readFileSync(root + 'pkg/nlp_playground_bg.wasm') });
const saved = JSON.parse(fs.readFileSync(root + 'tests/fixtures/word2vec_fingerprint.json', 'utf8'));
const text = fs.readFileSync(root + 'tests/fixtures/word2vec_fingerprint_en.txt', 'utf8');

// FNV-1a 32-bit over the little-endian bytes of the floats, as the Rust test hashes them.
function fnv1a(floats) {
  const bytes = new Uint8Array(floats.buffer, floats.byteOffset, floats.byteLength);
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

test('wasm vectors equal the native ones bit for bit, in both modes', () => {
  for (const mode of ['skipgram', 'cbow']) {
    const w2v = new pkg.Word2Vec(text, {
      mode, dim: saved.dim, window: 5, negative: 5, sample: 1e-3, minCount: 2, epochs: saved.epochs,
      alpha: mode === 'skipgram' ? 0.025 : 0.05, seed: saved.seed, maxVocab: 30000, tokenizer: 'word', init: 'word2vec',
    });
    let p;
    do p = w2v.train(saved.slice); while (!p.done);
    assert.equal(fnv1a(w2v.vectors()), saved[mode], `${mode}: vectors differ from the native build's`);
    assert.equal(Math.fround(p.loss), Math.fround(saved[`${mode}Loss`]), `${mode}: final loss`);
  }
});
