// The n-gram JS API under Node 20, on the built-in corpora.
// Build pkg/ first (scripts/build.sh or the cargo + wasm-bindgen recipe), then: node --test tests/node/
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { initSync, NGramModel, samples, sampleText } from '../../pkg/nlp_playground.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
initSync({ module: fs.readFileSync(root + 'pkg/nlp_playground_bg.wasm') });

const en = sampleText('en');
const ko = sampleText('ko');
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

test('prob / next / sample / perplexity on the built-in corpora, words and characters', () => {
  for (const { id } of samples()) {
    const text = sampleText(id);
    for (const unit of ['word', 'char']) {
      for (const order of [1, 2, 3, 4]) {
        for (const smoothing of ['addk', 'kn']) {
          const m = new NGramModel(text, { order, unit, smoothing, k: 0.5, holdout: 0.1 });
          const ctx = Array(order - 1).fill('<s>');
          const next = m.next(ctx, 1_000_000);
          // The whole distribution (every token, </s> and <unk>) sums to 1, sorted by prob.
          assert.ok(Math.abs(sum(next.map((t) => t.prob)) - 1) < 1e-9, `${id} ${unit} ${order} ${smoothing}`);
          for (let i = 1; i < next.length; i++) assert.ok(next[i - 1].prob >= next[i].prob);
          assert.ok(next.some((t) => t.token === '</s>') && next.some((t) => t.token === '<unk>'));
          assert.ok(Math.abs(m.prob(ctx, next[0].token) - next[0].prob) < 1e-12);
          const s = m.sample(7, 25, 1.0);
          assert.deepEqual(s, m.sample(7, 25, 1.0), 'seeded');
          assert.ok(Array.isArray(s) && s.length <= 25 && s.every((t) => typeof t === 'string' && t !== '</s>'));
          const firstSentence = text.split(/[.!?\n]/).find((x) => x.trim());
          assert.ok(Number.isFinite(m.perplexity(firstSentence)) && m.perplexity(firstSentence) >= 1);
          m.free();
        }
      }
    }
  }
});

test('an unseen context: add-k is uniform, KN backs off; counts and next agree', () => {
  const add = new NGramModel(en, { order: 3, smoothing: 'addk', k: 1 });
  const V = add.stats().vocab;
  assert.ok(Math.abs(add.prob(['zzzz', 'qqqq'], 'the') - 1 / V) < 1e-12);
  const kn = new NGramModel(en, { order: 3, smoothing: 'kn' });
  const d = kn.next(['zzzz', 'qqqq'], 1_000_000);
  assert.ok(Math.abs(sum(d.map((t) => t.prob)) - 1) < 1e-9);
  const top = kn.contexts(1)[0];
  assert.equal(top.context.length, 2);
  const first = kn.next(top.context, 3);
  assert.equal(first[0].count, kn.count([...top.context, first[0].token]));
  assert.ok(first[0].count > 0);
});

test('states: rows of the transition matrix sum to 1, other and </s> are there', () => {
  for (const [text, unit] of [[en, 'word'], [ko, 'char']]) {
    for (const order of [1, 2, 3]) {
      const m = new NGramModel(text, { order, unit });
      const d = m.states(12);
      assert.equal(d.matrix.length, d.size * d.size);
      assert.equal(d.labels.length, d.size);
      assert.equal(d.labels[d.end], '</s>');
      for (let i = 0; i < d.size; i++) {
        const row = Array.from(d.matrix.subarray(i * d.size, (i + 1) * d.size));
        assert.ok(Math.abs(sum(row) - 1) < 1e-5, `order ${order} row ${i}: ${sum(row)}`);
      }
      assert.equal(d.states[0].length, Math.max(order - 1, 1));
    }
  }
});

test('walk lights up a path: probabilities match prob() along the history', () => {
  const m = new NGramModel(en, { order: 3 });
  const steps = m.walk(3, 40, 1.0);
  let ctx = ['<s>', '<s>'];
  for (const s of steps) {
    assert.ok(Math.abs(m.prob(ctx, s.token) - s.prob) < 1e-12);
    ctx = [ctx[1], s.token];
  }
  assert.deepEqual(steps.filter((s) => s.token !== '</s>').map((s) => s.token), m.sample(3, 40, 1.0));
  assert.equal(m.join(['the', 'king']), 'the king');
  const c = new NGramModel(ko, { order: 2, unit: 'char' });
  assert.equal(c.join(['왕', '␣', '은']), '왕 은');
});

test('held-out perplexity per order: KN beats add-1 from order 2 on; samples from each', () => {
  for (const text of [en, ko]) {
    const kn = NGramModel.compareOrders(text, { smoothing: 'kn', holdout: 0.2 }, 1, 20);
    const add = NGramModel.compareOrders(text, { smoothing: 'addk', k: 1, holdout: 0.2 }, 1, 20);
    assert.deepEqual(kn.map((r) => r.order), [1, 2, 3, 4]);
    for (const r of kn) assert.ok(Array.isArray(r.sample) && r.sample.length <= 20);
    if (kn[0].heldout) {
      for (let o = 1; o < 4; o++) assert.ok(kn[o].heldout.perplexity < add[o].heldout.perplexity, `order ${o + 1}`);
      // Training perplexity never rises with the order.
      for (let o = 1; o < 4; o++) assert.ok(kn[o].train.perplexity <= kn[o - 1].train.perplexity + 1e-9);
    }
  }
});

test('bad settings and bad input throw readable errors', () => {
  const bad = [
    [{ order: 5 }, /order must be a whole number between 1 and 4/],
    [{ order: 0 }, /order/],
    [{ unit: 'byte' }, /unit must be one of `word`, `char`/],
    [{ smoothing: 'wb' }, /smoothing must be one of `addk`, `kn`/],
    [{ k: 0, smoothing: 'addk' }, /k must be a number between/],
    [{ holdout: 0.9 }, /holdout must be a number between/],
    [{ unit: 'char', tokenizer: 'word' }, /tokenizer for unit/],
    [{ minCount: 0 }, /minCount/],
  ];
  for (const [cfg, re] of bad) assert.throws(() => new NGramModel(en, cfg), re, JSON.stringify(cfg));
  assert.throws(() => new NGramModel('   ', {}), /no tokens/);
  const one = new NGramModel('hello', { order: 4 }); // one word, order larger than the sentence
  assert.equal(one.heldoutPerplexity(), null);
  assert.ok(Number.isFinite(one.perplexity('hello')));
  assert.ok(one.sample(1, 10, 1).every((t) => t === 'hello' || t === '<unk>'));
  const m = new NGramModel(en, { order: 3 });
  assert.throws(() => m.prob(['the'], 'king'), /needs a context of 2 tokens/);
  assert.throws(() => m.prob(['the', '<s>'], 'king'), /start of a context/);
  assert.throws(() => m.prob(['<s>', 'the'], '<s>'), /never predicted/);
  assert.throws(() => m.sample(-1, 10, 1), /seed/);
  assert.throws(() => m.sample(1, 10, 11), /temperature/);
  assert.throws(() => m.states(1), /states must be between/);
  assert.throws(() => m.perplexity(''), /no tokens/);
});
