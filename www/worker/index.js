// Every handler module the worker serves, merged into one table. Add one line per model family.
import { handlers as corpus } from './corpus.js';
import { handlers as fasttext } from './fasttext.js';
import { handlers as ngram } from './ngram.js';
import { handlers as pretrained } from './pretrained.js';
import { handlers as rnn } from './rnn.js';
import { handlers as seq2seq } from './seq2seq.js';
import { handlers as transformer } from './transformer.js';
import { handlers as word2vec } from './word2vec.js';

export const handlers = { ...corpus, ...ngram, ...rnn, ...word2vec, ...fasttext, ...pretrained, ...seq2seq, ...transformer };
