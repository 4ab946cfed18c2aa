// The Transformer chapter's homonym view (www/contexts.js): how its box is read into sense groups,
// the sense score it prints (the core's senseScore through wasm), and that its example sentences are made of the corpora's own words
// (no [UNK] for the chapter's default word-level model) with the word as one token in each.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import lib from './pkg.mjs';
import { CONTEXTS, parseGroups } from '../../www/contexts.js';

const score = (vs, groups) => lib.senseScore(Float32Array.from(vs.flat()), vs[0]?.length ?? 0, Uint32Array.from(groups));

test('parseGroups: one sentence a line, blank lines (one or more) between groups, spaces trimmed', () => {
  assert.deepEqual(parseGroups('\n a \nb\n\n\n  \nc\n'), [{ text: 'a', group: 0 }, { text: 'b', group: 0 }, { text: 'c', group: 1 }]);
  assert.deepEqual(parseGroups(''), []);
});

test('senseScore (wasm): nearest neighbours and within / across mean cosines, null without pairs', () => {
  // Two tight pairs far apart: every nearest neighbour is its own group's.
  const vs = [[1, 0], [0.9, 0.1], [0, 1], [0.1, 0.9]];
  const r = score(vs, [0, 0, 1, 1]);
  assert.deepEqual(Object.keys(r).sort(), ['across', 'n', 'nn', 'within']);
  assert.equal(r.nn, 4);
  assert.equal(r.n, 4);
  assert.ok(r.within > 0.99 && r.across < 0.2, JSON.stringify(r));
  // Labelled across the pairs instead: no nearest neighbour in its group, within < across.
  const x = score(vs, [0, 1, 0, 1]);
  assert.equal(x.nn, 0);
  assert.ok(x.within < x.across, JSON.stringify(x));
  // One group: no across pairs (null, not NaN).
  assert.equal(score(vs, [0, 0, 0, 0]).across, null);
  assert.deepEqual(score([], []), { nn: 0, n: 0, within: null, across: null });
  // One group index per vector, finite values: a message naming the problem.
  assert.throws(() => lib.senseScore(new Float32Array(3), 2, Uint32Array.of(0, 1)), /expected 2 vectors of dimension 2/);
  assert.throws(() => lib.senseScore(Float32Array.of(1, NaN), 2, Uint32Array.of(0)), /vector 0/);
});

test('the homonym view\'s examples: 2–3 senses of ≥ 2 sentences, only corpus words, the word one token in each, at one place', () => {
  for (const lang of ['en', 'ko']) {
    const { word, text } = CONTEXTS[lang];
    const items = parseGroups(text);
    const sizes = items.reduce((m, x) => { m[x.group] = (m[x.group] ?? 0) + 1; return m; }, []);
    assert.ok(sizes.length >= 2 && sizes.length <= 3 && sizes.every((n) => n >= 2), `${lang}: ${sizes}`);
    const t = new lib.Transformer(lib.sampleText(lang), { steps: 1 });
    const places = new Set();
    for (const { text: s } of items) {
      const r = t.run(s);
      places.add(r.tokens.indexOf(word));
      assert.deepEqual(r.tokens.filter((x) => x === '[UNK]'), [], `${lang}: ${s} → ${r.tokens.join(' ')}`);
      assert.equal(r.tokens.filter((x) => x === word).length, 1, `${lang}: ${s} → ${r.tokens.join(' ')}`);
      // Held out from the corpus: not one of its lines.
      assert.ok(!lib.sampleText(lang).split('\n').includes(s), `${lang}: ${s} is a line of the corpus`);
    }
    // The word at the same token in every sentence, so only its context tells the uses apart
    // (www/contexts.js).
    assert.equal(places.size, 1, `${lang}: the word at tokens ${[...places]}`);
    t.free();
  }
});

test('the view\'s point labels: runs of three or more sentence numbers as a range', async () => {
  const { idRuns } = await import('../../www/chapters/transformer-sections.js');
  // Word2Vec's one point for all twelve example sentences fits its panel as "1–12".
  assert.equal(idRuns([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), '1–12');
  assert.equal(idRuns([1, 2, 3, 5]), '1–3, 5');
  assert.equal(idRuns([1, 2, 4, 5, 6, 9]), '1, 2, 4–6, 9');
  assert.equal(idRuns([7]), '7');
  assert.equal(idRuns([]), '');
});
