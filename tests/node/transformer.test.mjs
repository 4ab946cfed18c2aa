// The Transformer JS API under Node 20 (README "Transformer"): train / evaluate / run in Bert.run's
// layout / predictMasked / generate / positions / intermediates / scores / toHuggingFace, the export
// opened by Bert.load and run to the same attention maps, settings through the schema, bad input named.
// Build pkg/ first (scripts/build.sh), then: node --test tests/node/transformer.test.mjs
import test from 'node:test';
import assert from 'node:assert/strict';
import lib from './pkg.mjs';

const { Transformer, Bert, settingsSpec, sampleText } = lib;
const EN = sampleText('en');
const SMALL = { layers: 2, heads: 2, dim: 32, ff: 64, context: 16, batch: 8, seed: 3 };

test('the encoder trains, and runs in the layout of Bert.run', () => {
  const t = new Transformer(EN, SMALL);
  const first = t.train(5);
  assert.equal(first.step, 5);
  assert.ok(Number.isFinite(first.loss) && first.done === false);
  const r = t.train(195);
  assert.equal(r.step, 200);
  assert.ok(r.loss < first.loss, `loss ${first.loss} → ${r.loss}`);
  assert.ok(Number.isFinite(t.evaluate().perplexity));
  const run = t.run('The king ate the apple.');
  assert.equal(run.tokens[0], '[CLS]');
  assert.equal(run.tokens.at(-1), '[SEP]');
  const T = run.tokens.length;
  assert.deepEqual([run.numLayers, run.numHeads, run.hiddenSize], [2, 2, 32]);
  assert.ok(run.hiddenStates instanceof Float32Array && run.hiddenStates.length === 3 * T * 32);
  assert.ok(run.attentions instanceof Float32Array && run.attentions.length === 2 * 2 * T * T);
  for (let row = 0; row < 2 * 2 * T; row++) {
    const sum = run.attentions.subarray(row * T, row * T + T).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 1) < 1e-4, `row ${row} sums to ${sum}`);
  }
  assert.deepEqual([run.truncated, run.fullLength], [false, T]);
  // Longer than the context (16): cut, and said, as Bert.run says it; a [MASK] past the cut is an error.
  const long = t.run('the king ate the apple and the queen ate the bread and the prince ate the cake in the castle');
  assert.deepEqual([long.tokens.length, long.truncated, long.fullLength], [16, true, 22]);
  assert.throws(() => t.predictMasked('the king ate the apple and the queen ate the bread and the prince ate the [MASK]', 3),
    (e) => e.kind === 'input' && e.code === 'transformer.maskCut' && /first 16 tokens/.test(e.message));
  const masked = t.predictMasked('The king ate the [MASK].', 5);
  assert.equal(masked.length, 1);
  assert.equal(masked[0].length, 5);
  assert.ok(masked[0][0].prob >= masked[0][4].prob && masked[0].every((c) => typeof c.token === 'string'));
  const info = t.info();
  assert.deepEqual([info.kind, info.layers, info.heads, info.dim, info.step], ['mlm', 2, 2, 32, 200]);
  assert.ok(info.params > 0 && info.vocab > 5);
});

test('positions, intermediates and one query\'s scores have the shapes the chapter draws', () => {
  const t = new Transformer(EN, { ...SMALL, positional: 'sin' });
  const p = t.positions();
  assert.deepEqual([p.rows, p.cols, p.values.length], [16, 32, 16 * 32]);
  assert.ok(Math.abs(p.values[0]) < 1e-6 && Math.abs(p.values[1] - 1) < 1e-6, 'sin(0) = 0, cos(0) = 1');
  const im = t.intermediates('The king ate the apple.');
  const T = im.tokens.length;
  const byName = Object.fromEntries(im.blocks.map((b) => [b.name, b]));
  assert.deepEqual(byName['layer.1.feedforward'].shape, [T, 32]);
  assert.equal(byName['layer.1.feedforward'].values.length, T * 32);
  const sm = byName.softmax;
  assert.equal(sm.shape[0], T);
  const s = t.scores('The king ate the apple.', 1, 2);
  assert.equal(s.heads.length, 2);
  assert.equal(s.headDim, 16);
  for (const hd of s.heads) {
    assert.equal(hd.scores.length, T);
    assert.ok(Math.abs(hd.probs.reduce((a, b) => a + b, 0) - 1) < 1e-4);
    assert.equal(hd.context.length, 16);
  }
});

test('the causal model generates, seeded, and sees only the past', () => {
  const t = new Transformer(EN, { ...SMALL, kind: 'causal' });
  t.train(50);
  const a = t.generate('the king', 8, 1, 7);
  assert.equal(a.tokens.length, 8);
  assert.deepEqual(t.generate('the king', 8, 1, 7), a, 'same seed, same text');
  // n = 0: nothing new, the prompt back (as RnnLM.sample(seed, 0, t) gives an empty sample).
  assert.deepEqual(t.generate('the king', 0, 1, 7), { tokens: [], text: 'the king' });
  assert.throws(() => t.generate('the king', 1001, 1, 7), (e) => e.code === 'arg.count');
  // The temperature is checked as the RNN's sample checks it (0–10): NaN used to return the
  // vocabulary's last token n times, a negative one the most probable path.
  for (const bad of [NaN, -1, 11]) assert.throws(() => t.generate('the king', 8, bad, 7), (e) => e.code === 'setting.range' && e.kind === 'settings', String(bad));
  const run = t.run('the king ate the apple');
  const T = run.tokens.length;
  for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) assert.equal(run.attentions[i * T + j], 0, 'no attention to the future');
  assert.throws(() => t.toHuggingFace(), (e) => e.code === 'hfExport.kind');
});

test('toHuggingFace: Bert.load opens it and computes the same attention and hidden states', () => {
  const t = new Transformer(EN, SMALL);
  t.train(30);
  const hf = t.toHuggingFace();
  assert.ok(hf.weights instanceof Uint8Array && JSON.parse(hf.config).architectures[0] === 'BertForMaskedLM');
  assert.deepEqual(hf.vocab.split('\n').slice(0, 5), ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
  const bert = Bert.load({ config: hf.config, weights: hf.weights, vocab: hf.vocab, tokenizerConfig: hf.tokenizerConfig });
  const text = 'the king ate the apple .';
  const ours = t.run(text);
  const theirs = bert.run(text);
  assert.deepEqual(theirs.tokens, ours.tokens);
  const maxDiff = (a, b) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
  assert.ok(maxDiff(ours.attentions, theirs.attentions) < 1e-4, `attention ${maxDiff(ours.attentions, theirs.attentions)}`);
  assert.ok(maxDiff(ours.hiddenStates, theirs.hiddenStates) < 1e-3, `hidden ${maxDiff(ours.hiddenStates, theirs.hiddenStates)}`);
});

test('a character model exports a ## row per character, so WordPiece reads words as its characters', () => {
  const t = new Transformer(EN, { ...SMALL, unit: 'char', context: 32 });
  const hf = t.toHuggingFace();
  const vocab = hf.vocab.trim().split('\n');
  assert.ok(vocab.includes('k') && vocab.includes('##k') && vocab.includes('##g'));
  const bert = Bert.load({ config: hf.config, weights: hf.weights, vocab: hf.vocab, tokenizerConfig: hf.tokenizerConfig });
  assert.deepEqual(bert.tokenize('King').tokens, ['[CLS]', 'k', '##i', '##n', '##g', '[SEP]']);
  assert.equal(bert.vocabSize, vocab.length);
  // A ## row is a copy: the same embedding, so the first layer's input is the same vector.
  const a = bert.run('k k');
  const b = bert.run('kk');
  const H = a.hiddenSize;
  const row = (r, i) => r.hiddenStates.subarray(i * H, (i + 1) * H);
  assert.ok(a.tokens[2] === 'k' && b.tokens[2] === '##k');
  // [CLS] k k [SEP] and [CLS] k ##k [SEP]: same positions, same embedding rows, same layer-0 states.
  assert.deepEqual(Array.from(row(b, 2)), Array.from(row(a, 2)));
});

test('settings come from the schema and bad input is named', () => {
  const spec = settingsSpec('transformer');
  for (const name of ['kind', 'layers', 'heads', 'dim', 'context', 'positional', 'norm', 'seed']) assert.ok(spec.some((f) => f.name === name), name);
  // The rate's schedule: BERT's linear decay, off by default (benches/README.md, "Sense grouping
  // against masked-word accuracy"); on, a model still trains.
  const decay = spec.find((f) => f.name === 'decay');
  assert.deepEqual([decay.kind, decay.default], ['bool', false]);
  const d = new Transformer(EN, { ...SMALL, decay: true, steps: 4, warmup: 1 });
  while (!d.train(1).done) { /* to the last step, whose rate is lr / 3 */ }
  assert.equal(d.info().step, 4);
  // The share of chosen words given a random word instead of [MASK]: BERT's 0.1, 0–0.9.
  const random = spec.find((f) => f.name === 'random');
  assert.deepEqual([random.kind, random.default, random.min, random.max], ['float', 0.1, 0, 0.9]);
  assert.ok(new Transformer(EN, { ...SMALL, random: 0.4, predictAll: true }).train(2).loss > 0);
  assert.throws(() => new Transformer(EN, { random: 1 }), (e) => e.kind === 'settings' && e.problems[0].params.name === 'random');
  assert.throws(() => new Transformer(EN, { heads: 3, dim: 32 }), (e) => e.kind === 'settings');
  assert.throws(() => new Transformer(EN, { context: 0 }), (e) => e.kind === 'settings' && e.problems[0].params.name === 'context');
  assert.throws(() => new Transformer(EN, { context: 100000 }), (e) => e.kind === 'settings');
  assert.throws(() => new Transformer('a b', SMALL), (e) => e.kind === 'corpus');
  assert.throws(() => new Transformer(42, SMALL), (e) => e.code === 'arg.notString');
  const t = new Transformer(EN, SMALL);
  assert.throws(() => t.train(NaN), (e) => e.code === 'arg.count');
  assert.throws(() => t.scores('the king', 5, 0), (e) => typeof e.code === 'string');
  assert.equal(t.train(1).step, 1, 'still usable after errors');
});
