// The page's default settings for Word2Vec and FastText (registerDefaults in the chapter files) must
// equal the API's (the Rust config defaults): the contract is measured with the API's.
import lib from '../node/pkg.mjs';
import { pageDefaults } from './contract.mjs';

/** [setting, page value, API value] for every setting where the two differ. */
export function defaultMismatches() {
  const text = lib.sampleText('en');
  const out = [];
  const compare = (file, section, model, keys) => {
    const page = pageDefaults(file, section);
    if (!page) throw new Error(`${file}: no registerDefaults('${section}', {…}) literal; read the page's defaults from where they now live`);
    const api = model.config();
    model.free();
    for (const [pageKey, apiKey] of keys) if (page[pageKey] !== api[apiKey]) out.push([`${section}.${pageKey}`, page[pageKey], api[apiKey]]);
  };
  compare('www/chapters/word2vec.js', 'word2vec', new lib.Word2Vec(text, {}),
    ['mode', 'dim', 'window', 'negative', 'sample', 'minCount', 'epochs', 'alpha', 'seed', 'maxVocab', 'tokenizer'].map((k) => [k, k]));
  compare('www/chapters/fasttext-train.js', 'fasttext', new lib.FastText(text, {}),
    [['mode', 'mode'], ['dim', 'dim'], ['epochs', 'epochs'], ['minCount', 'minCount'], ['tbucket', 'bucket'], ['tminn', 'minn'],
      ['tmaxn', 'maxn'], ['tjamo', 'jamo'], ['sample', 'sample']]);
  return out;
}
