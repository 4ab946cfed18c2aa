// What to change, added to an error from the models: "found 0" alone leaves a teacher guessing.
// Errors arrive as English text from the wasm layer; the hint is in the page's language.
// (The error codes of issue 14 will replace the pattern matching here.)
import { t } from './i18n.js';

/** The error's text followed by what to change; `info` is the current corpus summary, if any.
 * An empty text gets one sentence in the page's language (the model's own words would repeat it). */
export function withFix(err, info) {
  const msg = String(err?.message ?? err).replace(/^corpus: /, '');
  if ((info && !info.stats?.tokens) || /no tokens|corpus is empty/.test(msg)) return t('fix.emptyCorpus');
  if (/\(minCount\)/.test(msg)) return `${msg.replace(/[.\s]*$/, '.')} ${t('fix.minCount')}`;
  return msg;
}
