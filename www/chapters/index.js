// The chapters, in teaching order. A chapter appears here only once it works.
import corpus from './corpus.js';
import ngram from './ngram.js';
import onehot from './onehot.js';
import pretrained from './pretrained.js';

export const chapters = [corpus, onehot, ngram, pretrained];
