"""Spearman correlation with WordSim-353 for several .vec files, on the pairs every file knows.

    python benches/word2vec/score.py wordsim353.tsv a.vec b.vec ...   → one JSON line per file
"""
import json
import sys

from gensim.models import KeyedVectors
from scipy.stats import spearmanr

pairs = []
with open(sys.argv[1], encoding="utf8") as f:
    for line in f:
        if line.startswith("#"):
            continue
        a, b, s = line.strip().split("\t")
        pairs.append((a.lower(), b.lower(), float(s)))
models = {p: KeyedVectors.load_word2vec_format(p) for p in sys.argv[2:]}
common = [(a, b, s) for a, b, s in pairs if all(a in m.key_to_index and b in m.key_to_index for m in models.values())]
for p, m in models.items():
    rho = spearmanr([s for _, _, s in common], [m.similarity(a, b) for a, b, _ in common]).correlation
    print(json.dumps({"vec": p, "pairs": len(common), "of": len(pairs), "spearman": rho}))
