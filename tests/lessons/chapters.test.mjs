// Chapters 6–8's teaching contract on every CI run, kept cheap: seed 1, the page's defaults, both
// built-in corpora, trained for the first part of the default run (the same settings, stopped
// early). The full contract — the default run to its end, seeds 1–10 — is the benchmark-style
// `node tests/lessons/chapters.mjs` (tens of minutes on 2 cores; README "Teaching contract" has its
// numbers). Training is seeded and bit-reproducible (tests/rnn_targets.rs), so what this file
// measures is the same on any machine under any load: it cannot flake, and the margins below are
// the measured ones, not hopes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import lib from '../node/pkg.mjs';
import { exampleSentence, measureAttention, measureRnn, measureTransformer, THRESHOLDS } from './chapters.mjs';

const ids = lib.samples().map((s) => s.id);

for (const id of ids) {
  test(`RNN on the ${id} sample, seed 1, first 300 steps of the defaults: held-out perplexity beats the unigram and the uniform guess; the sample reads as words`, () => {
    const [r] = measureRnn(lib.sampleText(id), 1, [], { until: 300 });
    console.log(`rnn ${id}: ${JSON.stringify(r)}`);
    assert.equal(r.step, 300);
    assert.ok(r.heldout < r.unigram && r.heldout < r.uniform, JSON.stringify(r));
    assert.ok(r.readable >= THRESHOLDS.rnnReadable, `${r.readable}: ${r.sample}`);
  });
}

for (const id of ids) {
  test(`Transformer on the ${id} sample, seed 1, defaults: attention maps per layer and head; 300 steps take the held-out perplexity below a third of the uniform guess`, () => {
    const [r] = measureTransformer(lib.sampleText(id), exampleSentence(id), 1, [], { until: 300 });
    console.log(`transformer ${id}: ${JSON.stringify(r)}`);
    assert.ok(r.mapsOk, `maps ${r.maps}: layers × heads × T × T, every row a distribution, ≥ 2 heads`);
    // Measured (seed 1, 300 steps): en 83 of 395, ko 148 of 580. The masked example needs the whole
    // default run (3,000 steps; en "bank" at rank 1): that is the full contract’s part.
    assert.ok(r.perplexity < r.vocab / 3, `held-out perplexity ${r.perplexity}, vocabulary ${r.vocab}`);
  });
}

// Measured on seed 1 at 300 steps with the reworked attention (d8227e8): exact match 0.996 (without
// attention 0.35), anti-diagonal 0.985; before the rework 0.98 and 0.96. With the lr decay from
// step 100 (the default since the third session): 1.0 (without attention 0.374), anti-diagonal 1.0.
test('Attention on reverse, seed 1, first 300 steps of the defaults: exact match well above the model without attention; the alignment is the anti-diagonal', () => {
  const [r] = measureAttention(1, [], { until: 300 });
  console.log(`attention: ${JSON.stringify(r)}`);
  assert.ok(r.accuracy >= 0.9 && r.accuracy > r.baseAccuracy + 0.2, JSON.stringify(r));
  assert.ok(r.diagonal >= THRESHOLDS.s2sDiagonal, JSON.stringify(r));
});
