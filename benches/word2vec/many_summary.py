"""Many seeds, unpaired: each implementation's (or replay column's) WordSim-353 over all its seeds,
against gensim's over all of gensim's. Ours on seed s and gensim on seed s draw from unrelated
generators, so pairing them by seed number removes no variance; with seeds cheap for ours (2 s a
run) and dearer for gensim (~8 s), each side simply gets as many as it can, and the difference of
the means gets a Welch 95 % interval. Also: quantiles (is one side's mean pulled by a tail?) and a
rank test (Mann–Whitney, two-sided).

    python benches/word2vec/many_summary.py out.jsonl [more.jsonl …]
    MANY_BASE=o_stream python benches/word2vec/many_summary.py …   # differences against another run

Reads benches/word2vec/sweep.py lines (`impl`, `spearman`) and replay_sweep.py lines (one column
per run); rows are grouped by (mode, alpha, init) and, within a group, by implementation/column.
"""
import json
import os
import sys
from collections import defaultdict

import numpy as np
from scipy.stats import mannwhitneyu
from scipy.stats import t as student

runs = defaultdict(lambda: defaultdict(dict))  # (mode, alpha, init) → impl → seed → score
for path in sys.argv[1:]:
    for line in open(path):
        r = json.loads(line)
        key = (r["mode"], float(r["alpha"]), r["init"])
        if "impl" in r:
            if r["impl"] == "gensim" and r.get("progress", "sentences") != "words":
                continue
            runs[key][r["impl"]][r["seed"]] = r["spearman"]
        else:
            for k, v in r.items():
                if k not in ("mode", "alpha", "init", "seed"):
                    runs[key][k][r["seed"]] = v

base = os.environ.get("MANY_BASE", "gensim")
print(f"| mode | alpha | init | run | seeds | mean (sd) | min / 10 % / median / 90 % / max | minus {base} | 95 % interval (Welch) | rank test p |")
print("|---|---|---|---|---|---|---|---|---|---|")
for key in sorted(runs):
    cols = runs[key]
    g = np.array(list(cols.get(base, {}).values()))
    for name in sorted(cols, key=lambda c: (c != base, c)):
        v = np.array(list(cols[name].values()))
        if len(v) < 2:
            continue
        q = np.quantile(v, [0, 0.1, 0.5, 0.9, 1])
        row = f"| {key[0]} | {key[1]} | {key[2]} | {name} | {len(v)} | {v.mean():.4f} ({v.std(ddof=1):.3f}) | " + " / ".join(f"{x:.3f}" for x in q)
        if name == base or len(g) < 2:
            print(row + " | | | |")
            continue
        d = v.mean() - g.mean()
        va, vb = v.var(ddof=1) / len(v), g.var(ddof=1) / len(g)
        se = np.sqrt(va + vb)
        df = (va + vb) ** 2 / (va**2 / (len(v) - 1) + vb**2 / (len(g) - 1))
        half = student.ppf(0.975, df) * se
        p = mannwhitneyu(v, g, alternative="two-sided").pvalue
        print(row + f" | {d:+.4f} | [{d - half:+.4f}, {d + half:+.4f}] | {p:.3g} |")
