"""Writes the Word2Vec benchmark corpus (not committed): real English Wikipedia text shipped in
gensim's test data, one line per chunk of at most 1000 tokens, plus WordSim-353.

    python benches/word2vec/corpus.py bench-data/w2v

Sources (gensim 4.4.0, gensim/test/test_data/): the shortened English Wikipedia dump
`enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2`, tokenised by gensim's
WikiCorpus (lower-cased, markup and numbers removed), and `lee_background.cor` (Australian news,
through `simple_preprocess`). `wordsim353.tsv` is copied for the quality score.
"""
import os
import shutil
import sys

from gensim.corpora.wikicorpus import WikiCorpus
from gensim.test.utils import datapath
from gensim.utils import simple_preprocess

out = sys.argv[1] if len(sys.argv) > 1 else "bench-data/w2v"
os.makedirs(out, exist_ok=True)
lines = []


def add(tokens):
    for i in range(0, len(tokens), 1000):
        if tokens[i : i + 1000]:
            lines.append(" ".join(tokens[i : i + 1000]))


wiki = WikiCorpus(datapath("enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"), dictionary={}, processes=1)
for tokens in wiki.get_texts():
    add(tokens)
with open(datapath("lee_background.cor"), encoding="utf8") as f:
    for doc in f:
        add(simple_preprocess(doc))
with open(os.path.join(out, "corpus.txt"), "w", encoding="utf8") as f:
    f.write("\n".join(lines) + "\n")
shutil.copy(datapath("wordsim353.tsv"), os.path.join(out, "wordsim353.tsv"))
print(f"{sum(len(l.split()) for l in lines)} tokens in {len(lines)} lines -> {out}/corpus.txt")
