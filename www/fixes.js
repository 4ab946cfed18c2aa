// What to change, added to an error from the models: "found 0" alone leaves a teacher guessing.
// Errors carry codes (src/error/codes.rs, worker/fail.js): the text and the hint are both in the
// page's language.
import { errorText, t } from './i18n.js';

/** Codes that mean "the text has too few words for this model". */
const TOO_FEW = new Set(['corpus.word2vecWords', 'corpus.fasttextWords']);
/** Codes that mean "there is no text". */
const EMPTY = new Set(['corpus.ngramEmpty', 'worker.emptyCorpus']);

/** Distinct words of the text as the vector models count them: lower-cased, without punctuation
 * and symbols such as emoji (src/embed/word2vec/config.rs word_sentences), from the summary's
 * vocabulary list (its most frequent words: enough to tell fewer than two). */
function wordTypes(info) {
  return new Set((info.words ?? []).filter((w) => /[\p{L}\p{N}]/u.test(w)).map((w) => w.toLowerCase())).size;
}

/** The error in the page's language followed by what to change; `info` is the current corpus
 * summary, if any. An empty text gets one sentence (the model's own words would repeat it). */
export function withFix(err, info) {
  if ((info && !info.stats?.tokens) || EMPTY.has(err?.code)) return t('fix.emptyCorpus');
  const msg = errorText(err).replace(new RegExp(`^${t('error.prefix.corpus')}`), '');
  // Fewer than two distinct words: a lower min count would not help, only a longer text does.
  if (TOO_FEW.has(err?.code)) return `${msg.replace(/[.\s]*$/, '.')} ${t(info && wordTypes(info) < 2 ? 'fix.longer' : 'fix.minCount')}`;
  return msg;
}
