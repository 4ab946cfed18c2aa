"""gensim Word2Vec on the benchmark corpus with workers=1; prints one JSON line, writes a .vec.

    python benches/word2vec/gensim_run.py corpus.txt skipgram|cbow out.vec [seed]
"""
import json
import sys
import time

from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence

path, mode, out = sys.argv[1], sys.argv[2], sys.argv[3]
sg = 1 if mode == "skipgram" else 0
alpha = 0.025 if sg else 0.05  # word2vec.c's defaults, used by ours too
sentences = list(LineSentence(path))
m = Word2Vec(vector_size=100, window=5, negative=5, hs=0, sample=1e-3, min_count=5, sg=sg, cbow_mean=1,
             alpha=alpha, min_alpha=alpha * 1e-4, workers=1, seed=int(sys.argv[4]) if len(sys.argv) > 4 else 1, epochs=5)
m.build_vocab(sentences)
in_vocab = int(sum(m.wv.get_vecattr(w, "count") for w in m.wv.index_to_key))
t, c = time.perf_counter(), time.process_time()  # CPU time of all threads (producer + worker)
# total_words: the learning rate falls with the words done, as in word2vec.c and ours (with
# total_examples gensim counts sentences, which on this corpus keeps the rate higher; benches/README.md).
m.train(sentences, total_words=m.corpus_total_words, epochs=m.epochs)
secs = time.perf_counter() - t
cpu = time.process_time() - c
m.wv.save_word2vec_format(out)
print(json.dumps({"impl": "gensim", "mode": mode, "vocab": len(m.wv), "tokens": in_vocab, "seconds": secs,
                  "wordsPerSec": 5 * in_vocab / secs,
                  "cpuSeconds": cpu, "wordsPerCpuSec": 5 * in_vocab / cpu}))
