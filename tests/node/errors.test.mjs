// Error codes: every code of the library (errorCodes(), src/error/codes.rs) and of the worker
// (worker/fail.js) has an English and a Korean string with the same placeholders, and the page's
// errorText() renders a library error in either language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import lib from './pkg.mjs';
import { render } from '../../scripts/gen_error_strings.mjs';
import enErrors from '../../www/i18n/en/errors.js';
import koErrors from '../../www/i18n/ko/errors.js';
import enWorker from '../../www/i18n/en/worker.js';
import koWorker from '../../www/i18n/ko/worker.js';

const holes = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');

test('www/i18n/en/errors.js is the library\'s English templates (run scripts/gen_error_strings.mjs if not)', () => {
  const file = readFileSync(new URL('../../www/i18n/en/errors.js', import.meta.url), 'utf8');
  assert.equal(file, render(lib.errorCodes()));
});

test('every library error code has a Korean string with the same placeholders', () => {
  const codes = lib.errorCodes();
  assert.ok(codes.length > 50);
  for (const { code, en } of codes) {
    const ko = koErrors[`error.${code}`];
    assert.ok(ko, `no Korean string for ${code}`);
    assert.equal(holes(ko), holes(en), `${code}: placeholders`);
  }
  assert.deepEqual(Object.keys(koErrors).sort(), Object.keys(enErrors).sort(), 'no Korean string for a code that is gone');
});

test('every code the worker raises has an English and a Korean string', () => {
  const dir = new URL('../../www/', import.meta.url);
  const files = ['worker.js', ...readdirSync(new URL('worker/', dir)).map((f) => `worker/${f}`)];
  const used = new Set();
  for (const f of files) for (const m of readFileSync(new URL(f, dir), 'utf8').matchAll(/fail\('([\w.]+)'/g)) used.add(m[1]);
  assert.ok(used.size > 10, [...used].join(' '));
  for (const code of used) {
    assert.ok(enWorker[`error.${code}`], `no English string for ${code}`);
    assert.ok(koWorker[`error.${code}`], `no Korean string for ${code}`);
  }
  for (const k of Object.keys(enWorker)) assert.equal(holes(koWorker[k] ?? ''), holes(enWorker[k]), `${k}: placeholders`);
});

test('errorText: a library error in English is its message; in Korean every problem is translated', async () => {
  globalThis.document = { documentElement: {} };
  const { errorText, setLang } = await import('../../www/i18n.js');
  let err;
  try { new lib.Word2Vec('a b c', { dim: 0, dimension: 3 }); } catch (e) { err = e; }
  setLang('en');
  assert.equal(errorText(err), err.message);
  setLang('ko');
  assert.equal(errorText(err), '잘못된 설정들: `dimension`이라는 설정은 없습니다 — `dim`을(를) 말씀하신 건가요?; dim은(는) 1에서 1000 사이의 정수여야 합니다 (입력값 0)');
  // Every kind of library error renders from the tables, never falling back to English.
  const errs = [];
  const catchIt = (fn) => { try { fn(); } catch (e) { errs.push(e); } };
  catchIt(() => new lib.Corpus(5));
  catchIt(() => new lib.Word2Vec('same same', {}));
  catchIt(() => lib.Word2Vec.fromVec('2 3\na 1 2 3\nb 1 2\n', 10));
  catchIt(() => lib.Bert.load({ config: '{"model_type":"gpt2"}', weights: new Uint8Array(100), vocab: 'a\nb' }));
  assert.equal(errs.length, 4);
  for (const e of errs) {
    assert.ok(e.code, e.message);
    assert.notEqual(errorText(e), e.message, `${e.code} stays English in Korean`);
  }
  // A parameter that is an English word of the library is translated too.
  let side;
  try { new lib.Seq2Seq('a b => c\n => d\n', {}); } catch (e) { side = e; }
  assert.equal(side.params.side, 'source');
  assert.equal(errorText(side), '말뭉치: 2번째 줄: 원문 쪽이 비어 있습니다 (`원문 => 목표`로 쓰세요)');
  try { new lib.Seq2Seq('a b => c\nd =>  \n', {}); } catch (e) { side = e; }
  assert.match(errorText(side), /2번째 줄: 목표 쪽이 비어/);
  setLang('en');
  assert.equal(errorText(side), side.message);
  setLang('ko');
  // An uncoded error shows its message.
  assert.equal(errorText(new Error('plain')), 'plain');
  setLang('en');
});

test('pkg/settings.js (the page\'s copy of the schemas) is the library\'s settingsSpec for every model', async () => {
  const { default: specs } = await import('../../pkg/settings.js');
  assert.deepEqual(Object.keys(specs), lib.settingsModels());
  for (const m of lib.settingsModels()) assert.deepEqual(specs[m], lib.settingsSpec(m), m);
});
