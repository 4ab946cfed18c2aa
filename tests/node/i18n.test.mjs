// The page's string tables (www/i18n/<lang>/<part>.js): both languages have the same keys with the
// same {placeholders}; every part is merged by its language's index.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';

const dir = new URL('../../www/i18n/', import.meta.url);
const parts = (lang) => readdirSync(new URL(`${lang}/`, dir)).filter((f) => f.endsWith('.js') && f !== 'index.js').sort();
const load = async (lang, part) => (await import(new URL(`${lang}/${part}`, dir))).default;
const holes = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');

test('English and Korean have the same parts, keys and placeholders', async () => {
  assert.deepEqual(parts('en'), parts('ko'));
  for (const part of parts('en')) {
    const [en, ko] = [await load('en', part), await load('ko', part)];
    // Plural forms: Korean has only "other"; English also "one".
    const missing = Object.keys(en).filter((k) => !(k in ko) && !k.endsWith('.one'));
    assert.deepEqual(missing, [], `${part}: keys without a Korean string`);
    assert.deepEqual(Object.keys(ko).filter((k) => !(k in en)), [], `${part}: Korean keys without English`);
    for (const k of Object.keys(ko)) assert.equal(holes(ko[k]), holes(en[k]), `${part} ${k}: placeholders`);
  }
});

test('each language\'s index.js merges every part, and no key is defined twice', async () => {
  for (const lang of ['en', 'ko']) {
    const all = await load(lang, 'index.js');
    const seen = new Map();
    for (const part of parts(lang)) {
      for (const [k, v] of Object.entries(await load(lang, part))) {
        assert.ok(!seen.has(k), `${lang}: ${k} in both ${seen.get(k)} and ${part}`);
        seen.set(k, part);
        assert.equal(all[k], v, `${lang}/index.js lacks ${part}'s ${k}`);
      }
    }
  }
});
