// Errors the worker raises itself, coded like the library's: `throw fail('worker.noModel')` is an
// Error whose message is the English string of www/i18n/en/worker.js and which carries `code`,
// `params` and `kind`, so the page shows it in its language (i18n.js errorText).
import en from '../i18n/en/worker.js';

export function fail(code, params = {}) {
  const p = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const text = (en[`error.${code}`] ?? code).replace(/\{(\w+)\}/g, (m, k) => (k in p ? p[k] : m));
  return Object.assign(new Error(text), { code, params: p, kind: 'input' });
}
