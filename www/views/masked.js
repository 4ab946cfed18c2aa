// Masked-word prediction: for each [MASK] of a sentence, its most probable fillers as bars
// (probabilities on one 0–1 scale, so a confident guess looks confident). Shared by the
// Transformer chapter (our encoder) and the pretrained chapter (a BertForMaskedLM checkpoint).
// results: [[{token, prob}]] as Transformer.predictMasked and Bert.predictMasked return them.
import { h } from '../dom.js';
import { barlist } from './barlist.js';

export function maskedView(results) {
  return results.map((top, i) => h('figure.masked-fig', h('figcaption', `[MASK] ${i + 1}`),
    barlist(top.map((c) => ({ label: c.token, value: c.prob })), { max: 1 })));
}
