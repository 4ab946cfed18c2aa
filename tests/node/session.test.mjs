// The word-vector session of the worker (www/worker/session.js) driven as the page drives it, for
// both chapters: create → step → train until done → project → the chapter's queries. Runs the real
// handler modules on the wasm package; `w` stands in for the worker (post, yield, shared text).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import lib from './pkg.mjs';
import { handlers as w2v } from '../../www/worker/word2vec.js';
import { handlers as ft } from '../../www/worker/fasttext.js';

const TEXT = 'the cat sat on the mat\nthe dog sat on the log\nthe cat and the dog sat\n'.repeat(30);

function worker(text) {
  const posts = [];
  return { wasm: lib, shared: { text }, posts, post: (topic, data) => posts.push({ topic, data }), yield: () => new Promise((r) => setTimeout(r, 0)) };
}

for (const [name, h, p, config] of [
  ['Word2Vec', w2v, 'w2v', { dim: 8, minCount: 1, epochs: 3, seed: 2 }],
  ['FastText', ft, 'ft', { dim: 8, minCount: 1, epochs: 3, seed: 2, bucket: 1000 }],
]) {
  test(`${name}: one session module creates, steps, trains, projects; the queries follow`, async () => {
    const w = worker(TEXT);
    for (const k of ['create', 'train', 'step', 'project', 'pause', 'speed']) assert.equal(typeof h[`${p}.${k}`], 'function', k);
    const first = h[`${p}.create`]({ config }, w);
    assert.equal(first.wordsDone, 0);
    assert.equal(first.labels.length, first.vocabSize);
    assert.equal(first.positions.length, 2 * first.labels.length);
    const stepped = h[`${p}.step`]({}, w);
    assert.ok(stepped.wordsDone > 0 && stepped.lossHistory.length === 1, JSON.stringify(stepped.lossHistory));
    h[`${p}.speed`]({ speed: 5 }, w);
    const done = await h[`${p}.train`]({}, w);
    assert.equal(done.done, true);
    assert.equal(done.wordsDone, done.totalWords);
    assert.ok(w.posts.some((x) => x.topic === `${p}.snapshot`));
    const tsne = h[`${p}.project`]({ method: 'tsne', topN: 10, perplexity: 3 }, w);
    assert.equal(tsne.method, 'tsne');
    assert.equal(tsne.positions.length, 2 * Math.min(10, done.vocabSize));
    h[`${p}.project`]({ method: 'pca' }, w); // stops the settling loop
    const nn = h[`${p}.nearest`]({ word: 'cat', k: 3 }, w);
    assert.equal(nn.known, true);
    assert.equal(nn.neighbours.length, 3);
    // Bad settings reach the library untouched and its error comes back; the next step names it.
    assert.throws(() => h[`${p}.create`]({ config: { ...config, dim: -1 } }, w), (e) => e.code === 'setting.int' && /dim must be a whole number between 1 and .* \(got -1\)/.test(e.message));
    assert.throws(() => h[`${p}.step`]({}, w), (e) => e.code === 'setting.int' && /dim must be a whole number between 1 and .* \(got -1\)/.test(e.message));
  });
}

test('Word2Vec chapter: similarity and analogy come from the library, unknown words are listed', () => {
  const w = worker(TEXT);
  w2v['w2v.create']({ config: { dim: 8, minCount: 1, epochs: 2, seed: 1 } }, w);
  const sim = w2v['w2v.similarity']({ a: 'cat', b: 'dog' }, w);
  assert.deepEqual(sim.unknown, []);
  assert.ok(sim.similarity > -1 && sim.similarity < 1);
  assert.deepEqual(w2v['w2v.similarity']({ a: 'cat', b: 'zebra' }, w).unknown, ['zebra']);
  assert.deepEqual(w2v['w2v.analogy']({ a: 'cat', b: 'zebra', c: 'yak' }, w).unknown, ['zebra', 'yak']);
  assert.equal(w2v['w2v.analogy']({ a: 'cat', b: 'dog', c: 'mat', k: 2 }, w).results.length, 2);
});

test('FastText chapter: an unseen word, a word with no n-gram, and the comparison with Word2Vec', async () => {
  const w = worker(TEXT);
  ft['ft.create']({ config: { dim: 8, minCount: 1, epochs: 2, seed: 1, bucket: 1000, minn: 4, maxn: 5 } }, w);
  ft['ft.step']({}, w);
  const cats = ft['ft.unseen']({ word: 'cats', k: 3 }, w);
  assert.equal(cats.known, false);
  assert.equal(cats.zero, false);
  assert.equal(cats.neighbours.length, 3);
  // "<x>" is 3 characters: no n-gram of 4 to 5, so no vector (drawn as zeros) and no neighbours.
  const none = ft['ft.unseen']({ word: 'x', k: 3 }, w);
  assert.equal(none.zero, true);
  assert.deepEqual(Array.from(none.vector), new Array(8).fill(0));
  assert.deepEqual(none.neighbours, []);
  await ft['ft.w2vTrain']({ config: { dim: 8, minCount: 1, epochs: 2, seed: 1 } }, w);
  const cmp = ft['ft.compare']({ word: 'cat', k: 3, senses: [{ label: 'pets', words: ['dog', 'zebra'] }] }, w);
  assert.equal(cmp.fasttext.neighbours.length, 3);
  assert.equal(cmp.word2vec.neighbours.length, 3);
  for (const side of [cmp.fasttext, cmp.word2vec]) assert.ok(Number.isFinite(side.senses[0].similarity));
  const unseen = ft['ft.compare']({ word: 'cats', k: 3, senses: [{ label: 'pets', words: ['dog'] }] }, w);
  assert.equal(unseen.word2vec.known, false);
  assert.deepEqual(unseen.word2vec.neighbours, []);
  assert.equal(unseen.word2vec.senses[0].similarity, null);
  assert.ok(Number.isFinite(unseen.fasttext.senses[0].similarity));
});
