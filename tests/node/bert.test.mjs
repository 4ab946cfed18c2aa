// Bert through the JS API (pkg/ built by scripts/build.sh), under `node --test`, on the committed
// tiny checkpoints and their Hugging Face goldens (scripts/goldens/make_bert_goldens.py).
// Tolerances as in the Rust golden test: attentions 1e-4, hidden states 1e-3, embedding and
// ELECTRA probabilities 1e-4 (max absolute error). This runs the wasm simd128 kernels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as pkg from '../../pkg/nlp_playground.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
pkg.initSync({ module: fs.readFileSync(root + 'pkg/nlp_playground_bg.wasm') });
const { Bert } = pkg;

const fx = (p) => root + 'tests/fixtures/' + p;
const text = (p) => fs.readFileSync(fx(p), 'utf8');

function files(dir, weights = 'model.safetensors', json = false) {
  return {
    config: text(`${dir}/config.json`),
    weights: new Uint8Array(fs.readFileSync(fx(`${dir}/${weights}`))),
    vocab: json ? undefined : text(`${dir}/vocab.txt`),
    tokenizerConfig: text(`${dir}/tokenizer_config.json`),
    tokenizerJson: json ? text(`${dir}/tokenizer.json`) : undefined,
  };
}

function golden(dir) {
  const g = JSON.parse(text(`${dir}/golden.json`));
  const buf = fs.readFileSync(fx(`${dir}/golden.bin`));
  const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const arr = (rec) => all.subarray(rec.offset, rec.offset + rec.shape.reduce((a, b) => a * b, 1));
  return { sentences: g.sentences, arr };
}

function maxAbs(a, b) {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

for (const dir of ['tiny-bert', 'tiny-electra']) {
  for (const [weights, json] of [['model.safetensors', false], ['pytorch_model.bin', true], ['pytorch_model_legacy.bin', false]]) {
    test(`${dir}/${weights}: run() equals Hugging Face (tokens, hidden states, attentions, embedding)`, () => {
      const bert = Bert.load(files(dir, weights, json));
      assert.equal(bert.numLayers, 2);
      assert.equal(bert.numHeads, 4);
      assert.equal(bert.hiddenSize, 32);
      assert.equal(bert.maxLength, 32);
      assert.equal(bert.hasDiscriminator, dir === 'tiny-electra');
      const { sentences, arr } = golden(dir);
      let worst = { h: 0, a: 0, e: 0 };
      for (const s of sentences) {
        const r = bert.run(s.text);
        assert.deepEqual(r.ids, s.ids, s.text);
        assert.deepEqual(r.tokens, s.tokens, s.text);
        assert.equal(r.truncated, s.untruncated_len > s.ids.length);
        assert.ok(r.hiddenStates instanceof Float32Array && r.attentions instanceof Float32Array);
        const T = s.ids.length;
        assert.equal(r.hiddenStates.length, 3 * T * 32);
        assert.equal(r.attentions.length, 2 * 4 * T * T);
        worst.h = Math.max(worst.h, maxAbs(r.hiddenStates, arr(s.hidden_states)));
        worst.a = Math.max(worst.a, maxAbs(r.attentions, arr(s.attentions)));
        worst.e = Math.max(worst.e, maxAbs(bert.embed(s.text), arr(s.embedding)));
        if (s.replaced) worst.e = Math.max(worst.e, maxAbs(bert.replaced(s.text), arr(s.replaced)));
        assert.deepEqual(bert.tokenize(s.text).ids, s.ids);
      }
      assert.ok(worst.h <= 1e-3, `hidden states off by ${worst.h}`);
      assert.ok(worst.a <= 1e-4, `attentions off by ${worst.a}`);
      assert.ok(worst.e <= 1e-4, `embedding / replaced off by ${worst.e}`);
    });
  }
}

test('bad input: clear errors, and the loaded model keeps working', () => {
  const bert = Bert.load(files('tiny-bert'));
  assert.throws(() => bert.replaced('the cat'), /discriminator/);
  const good = files('tiny-bert');
  // Truncated weights, in every format and at several lengths: an error that says so.
  for (const name of ['model.safetensors', 'pytorch_model.bin', 'pytorch_model_legacy.bin']) {
    const w = files('tiny-bert', name).weights;
    for (const n of [0, 100, w.length >> 1, w.length - 1]) {
      assert.throws(() => Bert.load({ ...good, weights: w.subarray(0, n) }), /^Error: checkpoint: .*(truncated|empty)/, `${name} cut to ${n} bytes`);
    }
  }
  assert.throws(() => Bert.load({ ...good, weights: new TextEncoder().encode('<!doctype html><title>Not found</title>') }),
    /the weights file is neither safetensors nor a PyTorch checkpoint/);
  assert.throws(() => Bert.load({ ...good, weights: 'not bytes' }), /Uint8Array/);
  assert.throws(() => Bert.load({ ...good, config: '{"model_type": "gpt2"}' }), /checkpoint: config.json: model_type 'gpt2' is not supported \(supported: bert, electra\)/);
  assert.throws(() => Bert.load({ ...good, config: 'not json' }), /config.json: .* at line 1 column 2/);
  assert.throws(() => Bert.load({ ...good, config: JSON.stringify({ ...JSON.parse(good.config), num_attention_heads: 5 }) }), /hidden_size 32 is not a multiple of num_attention_heads 5/);
  assert.throws(() => Bert.load({ ...good, config: JSON.stringify({ ...JSON.parse(good.config), max_position_embeddings: 64 }) }), /tensor 'embeddings.position_embeddings.weight' has shape \[32, 32\], expected \[64, 32\]/);
  assert.throws(() => Bert.load({ ...good, vocab: text('minilm-uncased-vocab.txt') }), /the vocabulary has 30522 tokens but the model's word embeddings have 212 rows/);
  assert.throws(() => Bert.load({ ...good, vocab: undefined, tokenizerJson: text('tiny-electra/tokenizer.json') }), /the vocabulary has 237 tokens but the model's word embeddings have 212 rows/);
  assert.throws(() => Bert.load({ ...good, vocab: undefined }), /vocab/);
  assert.throws(() => Bert.load(null), /Bert.load/);
  // Longer than 32 tokens: truncated with the flag, still runs.
  const r = bert.run('the cat sat on the mat '.repeat(20));
  assert.equal(r.truncated, true);
  assert.equal(r.ids.length, 32);
  assert.ok(r.fullLength > 32);
  const e = bert.embed('the cat');
  assert.ok(Math.abs(e.reduce((s, x) => s + x * x, 0) - 1) < 1e-5);
  // forwardIds (benchmarks) gives the same embedding as embed().
  const ids = Uint32Array.from(bert.tokenize('the cat').ids);
  assert.ok(maxAbs(bert.forwardIds(ids), e) < 1e-7);
  assert.throws(() => bert.forwardIds(new Uint32Array([2, 100000, 3])), /token id 100000/);
});

test('tiny-electra: replaced() gives one probability per token', () => {
  const bert = Bert.load(files('tiny-electra', 'model.safetensors', true));
  assert.equal(bert.family, 'electra');
  const p = bert.replaced('The cat sat on the mat.');
  assert.equal(p.length, bert.tokenize('The cat sat on the mat.').ids.length);
  for (const x of p) assert.ok(x > 0 && x < 1);
});

// BERT's masked LM (cls.predictions.*, our head checked against BertForMaskedLM's logits in
// tests/hf_export_golden.rs) through predictMasked, on the shipped demo model.
test('the shipped demo fills [MASK] with the texts\' words; a model without the head says so', () => {
  const demo = (n) => fs.readFileSync(root + 'www/models/demo/' + n);
  const bert = Bert.load({
    config: demo('config.json').toString(), weights: new Uint8Array(demo('model.safetensors')),
    vocab: demo('vocab.txt').toString(), tokenizerConfig: demo('tokenizer_config.json').toString(),
  });
  assert.equal(bert.hasMlmHead, true);
  const [top] = bert.predictMasked('The queen went to the [MASK] to save money.', 8);
  assert.equal(top.length, 8);
  for (let i = 1; i < top.length; i++) assert.ok(top[i].prob <= top[i - 1].prob);
  assert.ok(top.every((c) => !/^\[.*\]$/.test(c.token)), JSON.stringify(top));
  assert.ok(top.reduce((s, c) => s + c.prob, 0) <= 1 + 1e-5);
  assert.ok(top.slice(0, 5).some((c) => c.token === 'bank'), JSON.stringify(top));
  // Two masks: two lists; no mask: the Transformer's message.
  assert.equal(bert.predictMasked('The [MASK] went to the [MASK].', 3).length, 2);
  assert.throws(() => bert.predictMasked('no mask here', 3), /\[MASK\]/);
  const electra = Bert.load(files('tiny-electra', 'model.safetensors', true));
  assert.equal(electra.hasMlmHead, false);
  assert.throws(() => electra.predictMasked('the [MASK] sat', 3), /masked-LM head/);
});
