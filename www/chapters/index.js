// The chapters, in teaching order. A chapter appears here only once it works.
import corpus from './corpus.js';
import ngram from './ngram.js';
import onehot from './onehot.js';
import pretrained from './pretrained.js';
import word2vec from './word2vec.js';

export const chapters = [corpus, onehot, word2vec, ngram, pretrained];
