// What to change, added to an error from the models: "found 0" alone leaves a teacher guessing.
// Errors arrive as English text from the wasm layer; the hint is in the page's language.
// (The error codes of issue 14 will replace the pattern matching here.)
import { t } from './i18n.js';

/** The error's text followed by what to change; `info` is the current corpus summary, if any. */
export function withFix(err, info) {
  const msg = String(err?.message ?? err).replace(/^corpus: /, '');
  let fix = '';
  if (info && !info.stats?.tokens) fix = t('fix.empty');
  else if (/\(minCount\)/.test(msg)) fix = t('fix.minCount');
  else if (/no tokens|corpus is empty/.test(msg)) fix = t('fix.empty');
  return fix ? `${msg.replace(/[.\s]*$/, '.')} ${fix}` : msg;
}
