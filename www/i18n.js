// UI strings in English and Korean, and the functions that pick them. Korean is the default when
// the browser's language is Korean.
//
// Where strings live (one home, one convention): www/i18n/<lang>/<part>.js, one file per chapter
// (corpus, onehot, word2vec, fasttext, ngram, attention, pretrained) plus shell (title bar, corpus panel,
// player), views (shared views) and errors (the library's error codes); each file is
// `export default { 'key': 'text' }` with the part's key prefix (w2v.*, ft.*, ng.*, …) and `{name}`
// placeholders, and i18n/<lang>/index.js merges them. Both languages have the same keys (a test
// checks it; a plural form such as `.one` exists only where the language has it).
import en from './i18n/en/index.js';
import ko from './i18n/ko/index.js';

const tables = { en: { ...en }, ko: { ...ko } };
let lang = 'en';

export const LANGS = ['en', 'ko'];

export function defaultLang() {
  const nav = (globalThis.navigator?.languages ?? [globalThis.navigator?.language ?? 'en']).join(',');
  return /^ko\b|,ko\b/i.test(nav) ? 'ko' : 'en';
}

export function setLang(l) {
  lang = LANGS.includes(l) ? l : 'en';
  document.documentElement.lang = lang;
}

export function getLang() {
  return lang;
}

/** The string for `key` in the current language (English, then the key itself, as fallbacks);
 * `{name}` placeholders are filled from `vars`. */
export function t(key, vars) {
  let s = tables[lang][key] ?? tables.en[key] ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

/** Whether the current language (or English) has a string for `key`. */
export function has(key) {
  return tables[lang][key] !== undefined || tables.en[key] !== undefined;
}

/** An error in the page's language. Errors of the wasm library and of the worker carry a `code`
 * and `params` (and, for settings, every bad value in `problems`): each is rendered from
 * `error.<code>` in i18n/<lang>/errors.js or worker.js, after the kind's prefix ("invalid setting:
 * "). An error without a code, or with one the tables lack, shows its English `message`. */
export function errorText(err) {
  if (!err || typeof err !== 'object') return String(err ?? '');
  const problems = Array.isArray(err.problems) && err.problems.length ? err.problems : err.code ? [{ code: err.code, params: err.params }] : [];
  if (!problems.length || !problems.every((p) => has(`error.${p.code}`))) return String(err.message ?? err);
  const prefix = { settings: problems.length > 1 ? 'prefix.settings' : 'prefix.setting', corpus: 'prefix.corpus', checkpoint: 'prefix.checkpoint' }[err.kind];
  return (prefix ? t(`error.${prefix}`) : '') + problems.map((p) => t(`error.${p.code}`, words(p.params ?? {}))).join('; ');
}

/** Parameters whose values are English words of the library (`side`: "source" / "target"), and
 * the keys of their translations. */
const PARAM_WORDS = { side: 's2s.side' };

/** An error's parameters with those words in the page's language. */
function words(params) {
  const out = { ...params };
  for (const [name, prefix] of Object.entries(PARAM_WORDS)) {
    if (typeof out[name] === 'string' && has(`${prefix}.${out[name]}`)) out[name] = t(`${prefix}.${out[name]}`);
  }
  return out;
}

/** A count with its noun in the right form: `tn('corpus.sentences', 1)` reads the key
 * `corpus.sentences.one` ("{n} sentence") where the language has that form (English), and
 * `corpus.sentences.other` ("{n} sentences", Korean "문장 {n}개") otherwise. */
export function tn(key, n, vars) {
  const rule = new Intl.PluralRules(lang === 'ko' ? 'ko-KR' : 'en-US').select(Number(n));
  const k = (tables[lang][`${key}.${rule}`] ?? tables.en[`${key}.${rule}`]) !== undefined ? `${key}.${rule}` : `${key}.other`;
  return t(k, { n: fmt(n), ...vars });
}

/** Fills every `[data-i18n]` element under `root` with its string (as text, never HTML). */
export function translate(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
}

/** Formats a number for the current language. */
export function fmt(n, digits = 0) {
  return Number(n).toLocaleString(lang === 'ko' ? 'ko-KR' : 'en-US', { maximumFractionDigits: digits });
}

export function fmtBytes(b) {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let i = 0;
  while (b >= 1024 && i < units.length - 1) { b /= 1024; i++; }
  return `${fmt(b, b < 10 && i ? 1 : 0)} ${units[i]}`;
}
