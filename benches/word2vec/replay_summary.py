"""Each run of benches/word2vec/replay_sweep.py against gensim's own, paired by seed: mean (sd) of
each column and of its difference from "gensim", 95 % t-interval of that mean difference, and how
many seeds it is lower, as a Markdown table. Rows of several output files are merged by seed.

    python benches/word2vec/replay_summary.py bench-data/w2v/replay.jsonl [more.jsonl …]
    REPLAY_BASE=sn_stream python benches/word2vec/replay_summary.py …   # paired against another column

benches/word2vec/sweep.py lines (`impl`, `spearman`; gensim's only with `progress: words`) count as a
column named by `impl`, so replay columns can be paired with many/gensim.jsonl by seed.
"""
import json
import os
import sys
from collections import defaultdict

import numpy as np
from scipy.stats import t as student

runs = defaultdict(dict)  # column → seed → score
for path in sys.argv[1:]:
    for line in open(path):
        r = json.loads(line)
        if "impl" in r:
            # a benches/word2vec/sweep.py line (e.g. many/gensim.jsonl): one run of that implementation
            if r.get("progress", "words") == "words":
                runs[r["impl"]][r["seed"]] = r["spearman"]
            continue
        for k, v in r.items():
            if k not in ("mode", "alpha", "init", "seed"):
                runs[k][r["seed"]] = v
base = os.environ.get("REPLAY_BASE", "gensim")
print(f"| run | seeds | mean (sd) | minus {base}: mean | sd | 95% interval | lower |")
print("|---|---|---|---|---|---|---|")
for col, by_seed in runs.items():
    seeds = sorted(set(by_seed) & set(runs[base]))
    v = np.array([by_seed[s] for s in seeds])
    d = v - np.array([runs[base][s] for s in seeds])
    n = len(seeds)
    if col == base or n < 2:
        print(f"| {col} | {n} | {v.mean():.4f} ({v.std(ddof=1) if n > 1 else 0:.3f}) | | | | |")
        continue
    half = student.ppf(0.975, n - 1) * d.std(ddof=1) / np.sqrt(n)
    print(f"| {col} | {n} | {v.mean():.4f} ({v.std(ddof=1):.3f}) | {d.mean():+.4f} | {d.std(ddof=1):.4f} | "
          f"[{d.mean() - half:+.4f}, {d.mean() + half:+.4f}] | {(d < 0).sum()} of {n} |")
