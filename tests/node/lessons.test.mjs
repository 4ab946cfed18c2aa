// The teaching contract on seed 1 (the full sweep over seeds 1-10 is tests/lessons/contract.test.mjs,
// run once by scripts/test.sh): each chapter's demonstration with the API's defaults, which equal
// the page's, on both built-in corpora, with the examples the page proposes (sampleExamples).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import lib from './pkg.mjs';
import { breaches, exampleChecks, measure } from '../lessons/contract.mjs';
import { defaultMismatches } from '../lessons/defaults.mjs';

test('the page and the API have the same Word2Vec and FastText defaults', () => {
  assert.deepEqual(defaultMismatches(), []);
});

for (const { id } of lib.samples()) {
  test(`${id}: seed 1 — analogy, word groups (vectors and t-SNE), unseen word, homonym, n-gram and one-hot examples`, () => {
    const text = lib.sampleText(id);
    const ex = lib.sampleExamples(id);
    const r = measure(text, ex, 1);
    assert.deepEqual([...breaches(id, [r]), ...exampleChecks(text, ex)], [], JSON.stringify(r));
  });
}
