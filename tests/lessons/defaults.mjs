// The page's default settings for Word2Vec and FastText (the library's schema, registerSchema in the
// chapter files, under no chapter override) must equal the API's (the Rust config defaults): the
// contract is measured with the API's.
import lib from '../node/pkg.mjs';
import { pageDefaults } from './contract.mjs';

/** [setting, page value, API value] for every setting where the two differ. */
export function defaultMismatches() {
  const text = lib.sampleText('en');
  const out = [];
  const compare = (file, section, model, keys) => {
    const page = pageDefaults(file, section);
    if (!page) throw new Error(`${file}: no registerSchema('${section}', …) call; read the page's defaults from where they now live`);
    const api = model.config();
    model.free();
    for (const [pageKey, apiKey] of keys) if (page[pageKey] !== api[apiKey]) out.push([`${section}.${pageKey}`, page[pageKey], api[apiKey]]);
  };
  compare('www/chapters/word2vec.js', 'word2vec', new lib.Word2Vec(text, {}),
    // alpha: null on both sides means automatic (0.025 for skip-gram), which config() reports resolved.
    ['mode', 'dim', 'window', 'negative', 'sample', 'minCount', 'epochs', 'seed', 'maxVocab', 'tokenizer'].map((k) => [k, k]));
  compare('www/chapters/fasttext-train.js', 'fasttext', new lib.FastText(text, {}),
    ['mode', 'dim', 'epochs', 'minCount', 'bucket', 'minn', 'maxn', 'jamo', 'sample'].map((k) => [k, k]));
  return out;
}
