"""Paired differences (ours − gensim, same seed number, same initial range) from benches/word2vec/sweep.py's output:
mean, standard deviation, 95% t-interval of the mean, and how many seeds ours is lower, as a
Markdown table.

    python benches/word2vec/sweep_summary.py bench-data/w2v/sweep.jsonl [words|sentences]

The second argument picks gensim's runs by how its learning rate counted progress (sweep.py).
"""
import json
import sys
from collections import defaultdict

import numpy as np
from scipy.stats import t as student

progress = sys.argv[2] if len(sys.argv) > 2 else "words"
runs = defaultdict(dict)
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["impl"] == "gensim" and r.get("progress", "sentences") != progress:
        continue
    runs[(r["impl"], r["mode"], r["alpha"], r["init"])][r["seed"]] = r["spearman"]
print("| mode | alpha | init (both) | seeds | gensim mean (sd) | ours mean (sd) | mean diff | sd of diff | 95% interval | ours lower |")
print("|---|---|---|---|---|---|---|---|---|---|")
for mode in ("skipgram", "cbow"):
    for alpha in (0.025, 0.05):
        for init in ("word2vec", "gensim"):
            g = runs.get(("gensim", mode, alpha, init), {})
            o = runs.get(("ours", mode, alpha, init), {})
            seeds = sorted(set(g) & set(o))
            if len(seeds) < 2:
                continue
            d = np.array([o[s] - g[s] for s in seeds])
            n = len(d)
            half = student.ppf(0.975, n - 1) * d.std(ddof=1) / np.sqrt(n)
            gv, ov = np.array([g[s] for s in seeds]), np.array([o[s] for s in seeds])
            print(f"| {mode} | {alpha} | {init} | {n} | {gv.mean():.4f} ({gv.std(ddof=1):.3f}) | {ov.mean():.4f} ({ov.std(ddof=1):.3f}) | {d.mean():+.4f} | {d.std(ddof=1):.4f} | "
                  f"[{d.mean() - half:+.4f}, {d.mean() + half:+.4f}] | {(d < 0).sum()} of {n} |")
