// The page's settings come from the library's schemas (settingsSpec, www/settings.js): every form
// control's limits and choices equal the API's, every preset menu stays within them, links are read
// by the schema's kinds, and a bad value typed in a form is refused by the library itself, in the
// page's language.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import lib from '../node/pkg.mjs';
import { launch, shot } from './harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app?.close(); });

const spec = (model) => Object.fromEntries(lib.settingsSpec(model).map((f) => [f.name, f]));

/** Every `[data-setting]` control under `scope`: {name, tag, type, min, max, options}. */
const controls = (page, scope) => page.$$eval(`${scope} [data-setting]`, (els) => els.map((e) => ({
  name: e.dataset.setting, tag: e.tagName.toLowerCase(), type: e.type ?? '',
  min: e.getAttribute('min'), max: e.getAttribute('max'),
  options: e.tagName === 'SELECT' ? [...e.options].map((o) => o.value) : null,
})));

/** Checks each control against the model's schema; returns the names checked. */
function compare(model, list, { presets = [] } = {}) {
  const s = spec(model);
  for (const c of list) {
    const f = s[c.name];
    assert.ok(f, `${model}: the page shows ${c.name}, which the library does not have`);
    const where = `${model}.${c.name}`;
    if (c.options) {
      if (f.kind === 'choice' && !presets.includes(c.name)) {
        assert.deepEqual(c.options.filter((o) => o !== ''), f.choices, `${where}: the menu is the library's choices`);
      } else {
        // A menu of numbers (an order, a preset list): every entry within the library's limits.
        for (const o of c.options) assert.ok(Number(o) >= f.min && Number(o) <= f.max, `${where}: ${o} outside ${f.min}..${f.max}`);
        if (f.kind === 'int' && f.max - f.min <= 10 && !presets.includes(c.name)) assert.equal(c.options.length, f.max - f.min + 1, `${where}: every value`);
      }
    } else if (c.type === 'checkbox') {
      assert.equal(f.kind, 'bool', `${where}: a checkbox for a ${f.kind}`);
    } else {
      assert.equal(Number(c.min), f.min, `${where}: min`);
      assert.equal(Number(c.max), f.max, `${where}: max`);
    }
  }
  return list.map((c) => c.name);
}

test('form limits and choices equal the library\'s, chapter by chapter', async () => {
  const { page, open, errors } = app;
  await open('#/word2vec?lang=en');
  await page.waitForSelector('.w2v-settings [data-setting="dim"]');
  const w2v = compare('word2vec', await controls(page, '.w2v-settings'));
  // Every Word2Vec setting has a control (the seed is the page's one seed).
  assert.deepEqual(w2v.sort(), Object.keys(spec('word2vec')).sort());

  await open('#/fasttext?lang=en');
  await page.waitForSelector('.ft-split [data-setting="minn"]');
  compare('subwords', await controls(page, '.ft-split'), { presets: ['bucket'] });
  const ft = compare('fasttext', await controls(page, '.ft-train-settings'), { presets: ['bucket'] });
  assert.ok(ft.includes('minn') && ft.includes('bucket') && ft.includes('seed'), ft.join(' '));

  await open('#/ngram?lang=en');
  await page.waitForSelector('.ng-form [data-setting="order"]');
  compare('ngram', await controls(page, '.ng-form'), { presets: ['holdout'] });

  await open('#/rnn?lang=en');
  await page.waitForSelector('.rnn-form [data-setting="cell"]');
  const rnn = compare('rnn', await controls(page, '.rnn-form'));
  assert.deepEqual(rnn.sort(), Object.keys(spec('rnn')).sort());
  compare('longDependency', await controls(page, '.rnn-longdep-row'));

  await open('#/pretrained?lang=en');
  await page.waitForSelector('.pt-probe-form [data-setting="epochs"]');
  compare('probe', await controls(page, '.pt-probe-form'));

  await open('#/attention?lang=en');
  await page.waitForSelector('.s2s-model-form [data-setting="hidden"]');
  // Every model and task setting has a control (the seed is the page's one seed, shown once).
  const s2s = compare('seq2seq', await controls(page, '.s2s-model-form'));
  assert.deepEqual(s2s.sort(), Object.keys(spec('seq2seq')).sort());
  const task = compare('seq2seqTask', await controls(page, '.s2s-task-form'));
  assert.deepEqual(task.sort(), Object.keys(spec('seq2seqTask')).filter((n) => n !== 'seed').sort());

  compare('corpus', await controls(page, '#corpus-panel'));
  assert.deepEqual(errors, []);
});

test('attention: a link sets every setting, the seed is the page\'s one seed, a bad value is named', async () => {
  const { page, open, errors } = app;
  await open('#/attention?lang=en&seed=7&s2s.attention=dot&s2s.hidden=32&s2s.batch=16&s2sTask.maxLength=8');
  await page.waitForFunction(() => document.querySelector('#chapter')?.dataset.ready === 'true');
  const value = (sel) => page.locator(sel).inputValue();
  assert.deepEqual(await Promise.all(['.s2s-model-form [data-setting="seed"]', '.s2s-model-form [data-setting="attention"]',
    '.s2s-model-form [data-setting="hidden"]', '.s2s-model-form [data-setting="batch"]', '.s2s-task-form [data-setting="maxLength"]'].map(value)),
  ['7', 'dot', '32', '16', '8']);
  assert.equal(await page.textContent('.s2s-model'), 'with attention (dot)');
  // The examples are the task's pairs: at most 8 symbols with maxLength=8.
  const longest = await page.$$eval('.s2s-example option', (os) => Math.max(...os.map((o) => o.value.split(' ').length)));
  assert.ok(longest <= 8, `longest example ${longest}`);
  // A change in the form goes to the URL, under the page's seed and the schema's names.
  await page.locator('.s2s-model-form [data-setting="seed"]').fill('9');
  await page.locator('.s2s-model-form [data-setting="embed"]').fill('24');
  await page.locator('.s2s-form button[type="submit"]').click();
  await page.waitForFunction(() => /[?&]seed=9(&|$)/.test(location.hash) && /s2s\.embed=24/.test(location.hash));
  assert.doesNotMatch(await page.evaluate(() => location.hash), /s2s\.seed|s2sTask\.seed/);
  // A bad value from a link reaches the library, which names it; the form marks it.
  await open('#/attention?lang=en&s2s.hidden=abc');
  await page.waitForFunction(() => /hidden must be a whole number between 2 and 512 \(got "abc"\)/.test(document.querySelector('.msg.error')?.textContent ?? ''));
  assert.deepEqual(await page.$$eval('.s2s-form [aria-invalid="true"]', (els) => els.map((e) => e.dataset.setting)), ['hidden']);
  // The box shows the default (a number box cannot show "abc"; empty would say nothing).
  assert.equal(await page.locator('.s2s-form [data-setting="hidden"]').inputValue(), '64');
  assert.deepEqual(errors, []);
});

test('a link is read by the schema: numbers as numbers, a bad value reaches the library and is named', async () => {
  const { page, open } = app;
  // dim=abc is not a number: it is kept as typed and the library says so (never a silent default).
  await open('#/word2vec?lang=en&corpus.sample=en&word2vec.dim=abc&word2vec.window=3');
  await page.waitForFunction(() => /dim must be a whole number between 1 and 1000 \(got "abc"\)/.test(document.querySelector('.msg.error')?.textContent ?? ''));
  assert.equal(await page.locator('[data-setting="window"]').inputValue(), '3');
});

test('a bad value typed in a form is refused by the library, in the page\'s language', async () => {
  const { page, open, errors } = app;
  await open('#/word2vec?lang=ko&corpus.sample=ko');
  await page.waitForFunction(() => Number(document.querySelector('.scatter')?.dataset.points) > 0);
  await page.locator('[data-setting="dim"]').fill('0');
  await page.locator('[data-setting="window"]').fill('2.5');
  await page.locator('.w2v-settings button[type="submit"]').click();
  // Both bad values in one message, in Korean: the library's error codes, rendered by the page.
  await page.waitForFunction(() => /잘못된 설정들: /.test(document.querySelector('.msg.error')?.textContent ?? ''));
  const msg = await page.locator('.msg.error').last().textContent();
  assert.match(msg, /dim은\(는\) 1에서 1000 사이의 정수여야 합니다 \(입력값 0\)/);
  assert.match(msg, /window은\(는\) 1에서 50 사이의 정수여야 합니다 \(입력값 2\.5\)/);
  // The form marks the two settings the library named.
  assert.deepEqual(await page.$$eval('.w2v-settings [aria-invalid="true"]', (els) => els.map((e) => e.dataset.setting).sort()), ['dim', 'window']);
  await page.locator('.w2v-settings').scrollIntoViewIfNeeded();
  await shot(page, 'settings-ko-bad-values');
  assert.deepEqual(errors, []);
});
