// Every UI string in English, one file per part of the page (see ../../i18n.js for the convention).
import attention from './attention.js';
import corpus from './corpus.js';
import errors from './errors.js';
import fasttext from './fasttext.js';
import ngram from './ngram.js';
import onehot from './onehot.js';
import pretrained from './pretrained.js';
import rnn from './rnn.js';
import shell from './shell.js';
import transformer from './transformer.js';
import views from './views.js';
import word2vec from './word2vec.js';
import worker from './worker.js';

export default { ...shell, ...views, ...corpus, ...onehot, ...word2vec, ...fasttext, ...ngram, ...rnn, ...attention, ...transformer, ...pretrained, ...errors, ...worker };
