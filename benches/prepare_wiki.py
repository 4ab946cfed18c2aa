#!/usr/bin/env python3
"""Writes bench-data/enwiki.txt: the Wikipedia extract shipped in gensim's test data
(enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2, 106 articles), turned into
plain text by gensim's own WikiCorpus (markup stripped, lower-cased, tokens of 2-15 letters), one
article per line, tokens separated by spaces: ~453k tokens. Not committed (bench-data/ is ignored).

Needs gensim from PyPI (any venv): python benches/prepare_wiki.py [OUT]
"""
import os
import sys

import gensim
from gensim.corpora.wikicorpus import WikiCorpus

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "bench-data", "enwiki.txt")
src = os.path.join(os.path.dirname(gensim.__file__), "test", "test_data",
                   "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2")
os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
tokens = lines = 0
with open(out + ".tmp", "w", encoding="utf-8") as f:
    for toks in WikiCorpus(src, dictionary={}, processes=1).get_texts():
        f.write(" ".join(toks) + "\n")
        tokens += len(toks)
        lines += 1
os.replace(out + ".tmp", out)
print(f"{out}: {lines} lines, {tokens} tokens", file=sys.stderr)
