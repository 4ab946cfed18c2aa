// The teaching contract over seeds 1-10 on both built-in corpora (issue 13; tests/lessons/contract.mjs
// says what is measured and the thresholds). About a minute on 2 cores: run once by scripts/test.sh;
// tests/node/lessons.test.mjs runs seed 1 with the normal Node tests.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import lib from '../node/pkg.mjs';
import { breaches, exampleChecks, measure } from './contract.mjs';
import { defaultMismatches } from './defaults.mjs';

test('the page and the API have the same Word2Vec and FastText defaults', () => {
  assert.deepEqual(defaultMismatches(), []);
});

for (const { id } of lib.samples()) {
  test(`${id}: every chapter's demonstration holds with the defaults for seeds 1-10`, () => {
    const text = lib.sampleText(id);
    const ex = lib.sampleExamples(id);
    const rows = [];
    for (let seed = 1; seed <= 10; seed++) {
      const r = measure(text, ex, seed);
      console.log(`${id} seed ${seed}: analogy rank ${r.analogyRank} (${r.analogy}); group precision ${r.groupPrecision.toFixed(3)}`
        + ` (whole vocabulary ${r.vocabPrecision.toFixed(3)}); t-SNE purity ${r.tsnePurity.toFixed(3)}; ${r.unseen}; ${r.homonym} [${r.sensesSpanned}]`);
      rows.push(r);
    }
    assert.deepEqual([...breaches(id, rows), ...exampleChecks(text, ex)], []);
  });
}
