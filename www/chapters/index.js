// The chapters, in teaching order. A chapter appears here only once it works.
import attention from './attention.js';
import corpus from './corpus.js';
import fasttext from './fasttext.js';
import ngram from './ngram.js';
import onehot from './onehot.js';
import pretrained from './pretrained.js';
import rnn from './rnn.js';
import transformer from './transformer.js';
import word2vec from './word2vec.js';

// Word vectors before language models: FastText's one-vector-per-spelling limit motivates them.
// The recurrent network after counting (n-grams): the same task learnt, and the fading gradient
// that motivates attention. Attention after the language models; the Transformer built from it;
// then the pretrained ones.
export const chapters = [corpus, onehot, word2vec, fasttext, ngram, rnn, attention, transformer, pretrained];
