// Word2Vec through the JS API (pkg/ built by scripts/build.sh), under `node --test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as pkg from '../../pkg/nlp_playground.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
pkg.initSync({ module: fs.readFileSync(root + 'pkg/nlp_playground_bg.wasm') });
const { Word2Vec, sampleText } = pkg;

function trainAll(w2v, slice = 5000) {
  let p;
  let slices = 0;
  do {
    p = w2v.train(slice);
    slices++;
  } while (!p.done);
  return { p, slices };
}

// Two groups that share contexts only within the group (same idea as tests/word2vec.rs).
function planted(n) {
  const pets = ['the', 'small', 'furry', 'pet', 'sleeps', 'purrs', 'barks', 'eats'];
  const roads = ['a', 'fast', 'red', 'engine', 'drives', 'parks', 'honks', 'fuel'];
  let seed = 12345;
  const rand = (k) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor((seed / 2147483648) * k); // the high bits: an LCG's low bits cycle quickly
  };
  const lines = [];
  for (let i = 0; i < n; i++) {
    const [words, pair] = i % 2 ? [roads, ['car', 'truck']] : [pets, ['cat', 'dog']];
    const s = Array.from({ length: 6 }, () => words[rand(words.length)]);
    s.splice(3, 0, pair[rand(2)]);
    lines.push(s.join(' '));
  }
  return lines.join('\n');
}

test('planted corpus: words sharing contexts are nearest neighbours, in both modes', () => {
  for (const mode of ['skipgram', 'cbow']) {
    const w2v = new Word2Vec(planted(1500), { mode, dim: 16, epochs: 15, minCount: 1, sample: 0, tokenizer: 'whitespace' });
    const { p } = trainAll(w2v);
    assert.equal(p.wordsDone, p.totalWords);
    assert.equal(p.totalWords, 15 * 1500 * 7);
    assert.ok(Number.isFinite(p.loss) && p.loss > 0);
    assert.equal(w2v.nearest('cat', 3)[0].word, 'dog', mode);
    assert.equal(w2v.nearest('truck', 3)[0].word, 'car', mode);
    assert.ok(w2v.similarity('cat', 'dog') > w2v.similarity('cat', 'car'));
    w2v.free();
  }
});

test('built-in corpora: English and Korean train, answer queries, export and re-import', () => {
  for (const id of ['en', 'ko']) {
    const text = sampleText(id);
    const w2v = new Word2Vec(text, { dim: 20, epochs: 2, seed: 3 });
    const vocab = w2v.vocab();
    assert.ok(vocab.length > 50, `${id}: ${vocab.length} words`);
    const before = w2v.vectors();
    const { p, slices } = trainAll(w2v, 2000);
    assert.ok(slices > 2);
    assert.ok(p.done && p.alpha > 0 && p.alpha < 0.025);
    const all = w2v.vectors();
    assert.ok(all instanceof Float32Array);
    assert.equal(all.length, vocab.length * 20);
    assert.notDeepEqual(all, before, 'training moved the vectors');
    const v = w2v.vector(vocab[0]);
    assert.ok(v instanceof Float32Array && v.length === 20);
    assert.deepEqual(Array.from(v), Array.from(all.subarray(0, 20)));
    const nn = w2v.nearest(vocab[1], 5);
    assert.equal(nn.length, 5);
    assert.ok(nn.every((n) => n.word !== vocab[1] && n.similarity <= 1.0001));
    assert.ok(nn[0].similarity >= nn[4].similarity);
    const an = w2v.analogy(vocab[1], vocab[2], vocab[3], 4);
    assert.ok(an.every((n) => ![vocab[1], vocab[2], vocab[3]].includes(n.word)));
    // .vec round trip, including Hangul words.
    const vec = w2v.toVec();
    assert.ok(vec.startsWith(`${vocab.length} 20\n`));
    const back = Word2Vec.fromVec(vec, 100000);
    assert.deepEqual(back.vocab(), vocab);
    assert.deepEqual(back.vectors(), all);
    assert.deepEqual(back.nearest(vocab[1], 5), nn);
    assert.equal(back.train(100).done, true);
    const tsv = w2v.toTsv();
    assert.equal(tsv.metadata.split('\n')[0], vocab[0]);
    w2v.free();
    back.free();
  }
});

test('same seed, same vectors; another seed, other vectors', () => {
  const text = sampleText('en');
  const run = (seed) => {
    const w = new Word2Vec(text, { dim: 10, epochs: 1, seed, mode: 'cbow' });
    trainAll(w, 777);
    const out = w.vectors();
    w.free();
    return out;
  };
  assert.deepEqual(run(5), run(5));
  assert.notDeepEqual(run(5), run(6));
});

test('unknown words: vector is undefined, queries say so', () => {
  const w2v = new Word2Vec(planted(100), { minCount: 1, tokenizer: 'whitespace' });
  assert.equal(w2v.vector('zebra'), undefined);
  assert.equal(w2v.hasWord('zebra'), false);
  assert.throws(() => w2v.nearest('zebra', 3), /"zebra" is not in the vocabulary: it has no vector/);
  assert.throws(() => w2v.analogy('cat', 'zebra', 'dog', 3), /"zebra" is not in the vocabulary/);
  assert.throws(() => w2v.similarity('cat', 'zebra'), /"zebra"/);
  w2v.free();
});

test('bad input: clear messages, nothing crashes', () => {
  assert.throws(() => new Word2Vec('', {}), /at least two distinct words/);
  assert.throws(() => new Word2Vec('word word word', { minCount: 1 }), /at least two distinct words/);
  assert.throws(() => new Word2Vec('a b c', { dim: 0 }), /dim must be a whole number between 1 and 1000 \(got 0\)/);
  assert.throws(() => new Word2Vec('a b c', { window: 1000 }), /window must be a whole number between/);
  assert.throws(() => new Word2Vec('a b c', { negative: -1 }), /negative must be a whole number between 1 and 50 \(got -1\)/);
  assert.throws(() => new Word2Vec('a b c', { alpha: NaN }), /alpha/);
  assert.throws(() => new Word2Vec('a b c', { mode: 'glove' }), /invalid setting: mode must be one of `skipgram`, `cbow` \(got "glove"\)/);
  assert.throws(() => new Word2Vec('a b c', { init: 'xavier' }), /invalid setting: init must be one of `word2vec`, `gensim` \(got "xavier"\)/);
  assert.equal(new Word2Vec('a b c a b c', { minCount: 1, init: 'gensim' }).config().init, 'gensim');
  assert.equal(new Word2Vec('a b c a b c', { minCount: 1 }).config().init, 'word2vec');
  assert.throws(() => Word2Vec.fromVec('2 3\na 1 2 3\nb 1 2\n', 10), /line 3: expected 3 values/);
  assert.throws(() => Word2Vec.fromVec('2 2\na 1 x\n', 10), /line 2: value 2/);
  // A huge learning rate: training stops with a message, and stays stopped.
  const w2v = new Word2Vec(planted(400), { alpha: 10000, minCount: 1, sample: 0, tokenizer: 'whitespace' });
  assert.throws(() => trainAll(w2v, 1000), /diverged.*alpha/);
  assert.throws(() => w2v.train(10), /diverged/);
  w2v.free();
});

test('exampleSteps: the walkthrough of one sentence', () => {
  const w2v = new Word2Vec(planted(300), { dim: 8, minCount: 1, sample: 0, tokenizer: 'whitespace', window: 3 });
  trainAll(w2v);
  const steps = w2v.exampleSteps('the small cat sleeps on the pet', 4);
  assert.deepEqual(steps, w2v.exampleSteps('the small cat sleeps on the pet', 4));
  assert.deepEqual(steps.tokens.map((t) => t.text), ['the', 'small', 'cat', 'sleeps', 'on', 'the', 'pet']);
  const on = steps.tokens[4];
  assert.equal(on.id, null);
  assert.equal(on.kept, false);
  assert.equal(steps.centres.length, 6);
  for (const c of steps.centres) {
    assert.ok(c.radius >= 1 && c.radius <= 3);
    assert.equal(c.negatives.length, c.contexts.length);
  }
  const u = steps.update;
  assert.ok(u.lossAfter < u.lossBefore);
  assert.equal(u.hidden.length, 8);
  assert.equal(u.outputsAfter.length, 1 + u.negatives.length);
  const cfg = w2v.config();
  assert.equal(cfg.alpha, 0.025);
  assert.equal(cfg.window, 3);
  // By default the update uses the decayed rate; with lr (the page passes the starting alpha) the
  // same draws are updated at that rate, and the current one is reported beside it.
  assert.ok(u.alpha < 0.025 * 1e-3 && Math.fround(u.currentAlpha) === Math.fround(u.alpha));
  const atStart = w2v.exampleSteps('the small cat sleeps on the pet', 4, cfg.alpha);
  assert.equal(atStart.update.alpha, Math.fround(0.025));
  assert.equal(atStart.update.currentAlpha, u.alpha);
  assert.deepEqual(atStart.update.negatives, u.negatives);
  assert.ok(atStart.update.lossAfter < u.lossAfter);
  assert.throws(() => w2v.exampleSteps('the cat', 1, -1), /lr must be between/);
  const pn = w2v.negativeProbabilities();
  assert.ok(Math.abs(pn.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  assert.ok(w2v.keepProbabilities().every((p) => p === 1));
  w2v.free();
});
