// The Seq2Seq JS API under Node 20 (README "Seq2Seq"): user pairs and built-in tasks, train /
// translate / evaluate / decodeSteps, settings through the schema, bad input named.
// Build pkg/ first (scripts/build.sh), then: node --test tests/node/seq2seq.test.mjs
import test from 'node:test';
import assert from 'node:assert/strict';
import lib from './pkg.mjs';

const { Seq2Seq, settingsSpec } = lib;

test('reverse with additive attention is learnt and reads the source along the anti-diagonal', () => {
  // A small reverse (lengths 3–6, 6 symbols) so the test is quick; the page's default is larger.
  const s = Seq2Seq.fromTask('reverse', { minLength: 3, maxLength: 6, symbols: 6, count: 3000, seed: 4 },
    { attention: 'additive', hidden: 32, embed: 16, lr: 0.01, seed: 4 });
  const first = s.train(10);
  assert.equal(first.step, 10);
  assert.ok(Number.isFinite(first.loss) && first.accuracy >= 0 && first.accuracy <= 1 && first.done === false);
  const r = s.train(590);
  assert.equal(r.step, 600);
  assert.ok(r.loss < first.loss / 5, `loss ${first.loss} → ${r.loss}`);
  const ev = s.evaluate();
  assert.ok(ev.accuracy > 0.9 && ev.split === 'heldout' && ev.count > 0, JSON.stringify(ev));
  assert.deepEqual(ev.byLength.map((l) => l.length), [3, 4, 5, 6]);
  const t = s.translate('abcdef', { beam: 1 });
  assert.deepEqual(t.tokens, ['f', 'e', 'd', 'c', 'b', 'a']);
  assert.equal(t.text, 'f e d c b a');
  assert.ok(t.attention instanceof Float32Array && t.attention.length === 6 * 6);
  // Row i (output token i) puts most weight on source position 5 − i; every row sums to 1.
  for (let i = 0; i < 6; i++) {
    const row = Array.from(t.attention.subarray(i * 6, i * 6 + 6));
    assert.equal(row.indexOf(Math.max(...row)), 5 - i, `row ${i}: ${row}`);
    assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  }
  assert.deepEqual(s.translate('a b c d e f', { beam: 4 }).tokens, t.tokens, 'spaces are ignored in symbols; a beam agrees');
  // Step by step: the context is the attention-weighted sum of the encoder states.
  const w = s.decodeSteps('abc', 5);
  assert.deepEqual(w.sourceTokens, ['a', 'b', 'c']);
  assert.equal(w.encoderStates.length, 3 * w.width);
  assert.deepEqual(w.steps.map((x) => x.token), ['c', 'b', 'a', '</s>']);
  for (const st of w.steps) {
    for (let j = 0; j < w.width; j++) {
      const want = st.attention.reduce((acc, a, k) => acc + a * w.encoderStates[k * w.width + j], 0);
      assert.ok(Math.abs(st.context[j] - want) < 1e-4);
    }
    assert.ok(st.top.length === 5 && st.top[0].token === st.token && st.top[0].prob >= st.top[1].prob);
  }
  s.free();
});

test('user pairs, words and characters; same seed, same run; no attention gives an empty map', () => {
  const pairs = 'the cat => 고양이\nthe dog => 개\na cat => 고양이 한 마리\n# comment\n\nthe red cat => 빨간 고양이\n';
  const a = new Seq2Seq(pairs, { attention: 'dot', seed: 3, holdout: 0 });
  const b = new Seq2Seq(pairs, { attention: 'dot', seed: 3, holdout: 0 });
  assert.deepEqual(a.train(30), b.train(30));
  assert.equal(a.info().train, 4);
  assert.equal(a.evaluate().split, 'train');
  const n = new Seq2Seq(pairs, { attention: 'none', unit: 'char' });
  n.train(5);
  const t = n.translate('the cat', {});
  assert.equal(t.attention.length, 0);
  assert.deepEqual(t.sourceTokens, ['t', 'h', 'e', '␣', 'c', 'a', 't']);
  assert.deepEqual(Seq2Seq.tasks(), ['copy', 'reverse', 'sort', 'date', 'ko-en', 'en-ko']);
  for (const x of [a, b, n]) x.free();
});

test('the built-in tasks build, with their own units', () => {
  const small = { count: 200, seed: 2 };
  const ko = Seq2Seq.fromTask('ko-en', small, {});
  const ex = ko.examples('train', 3);
  assert.equal(ex.length, 3);
  assert.match(ex[0].source, /[가-힣]/);
  assert.match(ex[0].target, /^[A-Za-z ]+$/);
  const date = Seq2Seq.fromTask('date', small, {});
  assert.match(date.examples('heldout', 1)[0].target, /^\d{4}-\d\d-\d\d$/);
  assert.equal(date.info().tgtUnit, 'char');
  for (const x of [ko, date]) x.free();
});

test('settings come from the schema; every bad value is named', () => {
  const spec = settingsSpec('seq2seq');
  const by = Object.fromEntries(spec.map((f) => [f.name, f]));
  assert.deepEqual(by.attention.choices, ['none', 'additive', 'dot', 'general']);
  assert.deepEqual(by.unit.choices, ['word', 'char']);
  assert.equal(by.hidden.default, 64);
  assert.ok(settingsSpec('seq2seqTask').some((f) => f.name === 'minLength'));
  const bad = (f, code) => {
    let err;
    try { f(); } catch (e) { err = e; }
    assert.ok(err, 'should throw');
    if (code) assert.equal(err.code, code, err.message);
    return err;
  };
  const e = bad(() => new Seq2Seq('a => b\nc => d', { hidden: 0, lr: NaN, atention: 'dot' }));
  assert.deepEqual(e.problems.map((p) => p.params.name).sort(), ['atention', 'hidden', 'lr']);
  assert.match(e.message, /did you mean `attention`/);
  bad(() => Seq2Seq.fromTask('revers', {}, {}), 'seq2seq.taskUnknownNear');
  bad(() => Seq2Seq.fromTask('copy', { minLength: 9, maxLength: 3 }, {}), 'setting.taskLengths');
  const s = new Seq2Seq('a => b\nc => d', {});
  bad(() => s.translate('a', { beam: 0 }), 'setting.int');
  bad(() => s.translate('zzz', {}), 'seq2seq.unknownToken');
  bad(() => s.translate(42, {}), 'arg.notString');
  bad(() => s.train(-1), 'arg.count');
  s.free();
});

test('bad pairs: a clear message naming the line', () => {
  const cases = [
    ['a => b\nno arrow\n', 'seq2seq.noArrow', /line 2/],
    ['a => b\n   => c\n', 'seq2seq.emptySide', /line 2: the source is empty/],
    ['a => b\nc => \n', 'seq2seq.emptySide', /line 2: the target is empty/],
    [`a => b\nc => ${'x '.repeat(10000)}\n`, 'seq2seq.tooLong', /line 2: the target has 10000 tokens/],
    ['a => z\nb => z\nc => z z\n', 'seq2seq.oneSymbol', /`z`/],
    ['', 'seq2seq.fewPairs', /needed to train \(got 0\)/],
  ];
  for (const [text, code, re] of cases) {
    let err;
    try { new Seq2Seq(text, {}); } catch (e) { err = e; }
    assert.equal(err?.code, code, `${JSON.stringify(text.slice(0, 30))}: ${err?.message}`);
    assert.match(err.message, re);
  }
  // Mixed scripts are not an error.
  const m = new Seq2Seq('hello 안녕 => 안녕 hello\n猫 cat => 고양이 猫\n', {});
  assert.ok(Number.isFinite(m.train(3).loss));
  m.free();
});
