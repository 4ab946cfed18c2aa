"""Statistical checks of the random draws our Word2Vec trainer makes (issue 15): are the keep
decisions, the window radii and the negatives distributed as word2vec.c's formulas say, and are
consecutive draws (and a radius and the negatives drawn right after it) independent?

    cargo build --release --example word2vec_replay
    target/release/examples/word2vec_replay record corpus.txt cbow|skipgram 0.025 SEED gensim DIR
    python benches/word2vec/draws.py DIR cbow|skipgram
    python benches/word2vec/draws.py DIR tiny     # `tiny` writes a tiny Zipf corpus to DIR/tiny.txt first

`record` re-runs the trainer's drawing (bit-identical to `Word2Vec::train`, benches/README.md) and
writes each token's keep decision (`kept.u8`), each centre's radius and context size (`radius.u8`,
`ctx.u8`), the examples with
their negatives (`steps.u32`), the vocabulary counts and the corpus ids. Every check prints a
statistic and how many standard deviations (or which χ² quantile) it lies at; nothing is fitted.

Expected under word2vec.c's procedure:
- keep: an occurrence of word w is kept with p(w) = (sqrt(f/t) + 1)·t/f (f = count / in-vocabulary
  total, t = 1e-3), independently;
- radius: uniform on 1..=window (b = rand % window, radius = window − b);
- negatives: word w with probability slots(w) / 2²⁰ of the unigram table, ≈ count^0.75 / Σ count^0.75,
  independent of each other, of the centre word and of the radius drawn just before them.
"""
import json
import os
import sys

import numpy as np
from scipy.stats import chi2

WINDOW, NEG, T, POWER, TABLE = 5, 5, 1e-3, 0.75, 1 << 20


def load(d, name, dtype):
    return np.fromfile(os.path.join(d, name), dtype=dtype)


def chi2_line(name, stat, df):
    p = chi2.sf(stat, df)
    return {"check": name, "chi2": round(float(stat), 1), "df": int(df), "chi2/df": round(float(stat) / df, 3), "p": float(f"{p:.3g}")}


def corr_line(name, a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    r = float(np.corrcoef(a, b)[0, 1])
    return {"check": name, "n": len(a), "r": float(f"{r:.2e}"), "z": round(r * np.sqrt(len(a)), 2)}


def table_probs(counts):
    """The unigram table's exact shares (src/embed/sampling.rs UnigramTable::new, slot centres)."""
    w = counts.astype(float) ** POWER
    cum = np.cumsum(w / w.sum())
    size = min(TABLE, len(counts) * 1000)
    centres = (np.arange(size) + 0.5) / size
    ids = np.minimum(np.searchsorted(cum, centres, side="right"), len(counts) - 1)
    return np.bincount(ids, minlength=len(counts)) / size, w / w.sum()


def examples(steps, mode):
    """(centre, negatives[5]) per example from steps.u32 records [lr, n, inputs…, positive, negs…]."""
    centres, negs, at = [], [], 0
    n_steps = len(steps)
    while at < n_steps:
        n = int(steps[at + 1])
        centres.append(steps[at + 2 + n])
        negs.append(steps[at + 3 + n: at + 3 + n + NEG])
        at += 3 + n + NEG
    return np.array(centres), np.array(negs)


def main(d, mode):
    counts = load(d, "counts.u32", "<u4").astype(np.int64)
    corpus = load(d, "corpus.u32", "<u4")
    kept = load(d, "kept.u8", "u1")
    radius = load(d, "radius.u8", "u1").astype(int)
    steps = load(d, "steps.u32", "<u4")
    out = []
    # Keep decisions: one per in-vocabulary token, epoch after epoch.
    words = np.tile(corpus, len(kept) // len(corpus))
    assert len(words) == len(kept)
    f = counts / counts.sum()
    p = np.minimum(((f / T) ** 0.5 + 1) * T / f, 1.0)
    n_w = np.bincount(words, minlength=len(counts))
    k_w = np.bincount(words, weights=kept, minlength=len(counts))
    sub = (p < 1) & (n_w > 0)
    stat = (((k_w - n_w * p)[sub] ** 2) / (n_w * p * (1 - p))[sub]).sum()
    out.append(chi2_line(f"keep: kept per word vs formula ({sub.sum()} subsampled words)", stat, sub.sum()))
    exp, var = (n_w * p).sum(), (n_w * p * (1 - p)).sum()
    out.append({"check": "keep: total kept", "kept": int(kept.sum()), "expected": round(float(exp), 1),
                "z": round(float((kept.sum() - exp) / np.sqrt(var)), 2)})
    # Consecutive keep draws (only words that draw): residuals should be uncorrelated.
    drew = p[words] < 1
    res = (kept[drew] - p[words][drew]) / np.sqrt(p[words][drew] * (1 - p[words][drew]))
    out.append(corr_line("keep: consecutive drawing tokens, residual lag 1", res[:-1], res[1:]))
    # Radii.
    h = np.bincount(radius, minlength=WINDOW + 1)[1:]
    e = len(radius) / WINDOW
    out.append(chi2_line(f"radius: histogram 1..{WINDOW} {h.tolist()}", ((h - e) ** 2 / e).sum(), WINDOW - 1))
    out.append(corr_line("radius: lag 1", radius[:-1], radius[1:]))
    ctx = load(d, "ctx.u8", "u1").astype(int)
    centres, negs = examples(steps, mode)
    # Negatives: the distribution.
    q_table, q_exact = table_probs(counts)
    c = np.bincount(negs.ravel(), minlength=len(counts))
    n = negs.size
    out.append(chi2_line("negatives: counts vs the 2^20-slot table", ((c - n * q_table) ** 2 / (n * q_table)).sum(), len(counts) - 1))
    out.append(chi2_line("negatives: counts vs count^0.75 exactly", ((c - n * q_exact) ** 2 / (n * q_exact)).sum(), len(counts) - 1))
    # Negatives as uniform numbers (mid-CDF of their word) for correlation checks.
    cdf = np.cumsum(q_table) - q_table / 2
    u = cdf[negs]
    out.append(corr_line("negatives: consecutive within an example", u[:, :-1].ravel(), u[:, 1:].ravel()))
    out.append(corr_line("negatives: last of one example vs first of the next", u[:-1, -1], u[1:, 0]))
    # Independence from the centre word (by its frequency rank) and from the radius drawn before.
    out.append(corr_line("negatives: first negative vs centre word id", centres, u[:, 0]))
    # The first example of each centre (CBOW: one per centre with a context; skip-gram: one per
    # context word) holds the first negatives drawn after that centre's radius.
    per = (ctx > 0).astype(int) if mode == "cbow" else ctx
    has = per > 0
    first = np.concatenate([[0], np.cumsum(per)[:-1]])[has]
    assert np.cumsum(per)[-1] == len(negs)
    r, u0 = radius[has], u[first, 0]
    out.append(corr_line("radius vs the first negative drawn after it", r, u0))
    bins = np.minimum((u0 * 10).astype(int), 9)
    ct = np.zeros((WINDOW, 10))
    np.add.at(ct, (r - 1, bins), 1)
    ct = ct[:, ct.sum(0) > 0]  # a tiny vocabulary leaves some deciles without a word
    ex = ct.sum(1, keepdims=True) * ct.sum(0, keepdims=True) / ct.sum()
    out.append(chi2_line("radius × first-negative decile, contingency", ((ct - ex) ** 2 / ex).sum(), (WINDOW - 1) * (ct.shape[1] - 1)))
    for line in out:
        print(json.dumps(line, ensure_ascii=False))


def tiny(d):
    """A tiny corpus: 30 word types, Zipf (s = 1) frequencies, 10,000 sentences of 4–16 words."""
    rng = np.random.default_rng(0)
    v = 30
    p = 1 / np.arange(1, v + 1)
    p /= p.sum()
    with open(os.path.join(d, "tiny.txt"), "w", encoding="utf8") as fh:
        for _ in range(10_000):
            fh.write(" ".join(f"w{i:02d}" for i in rng.choice(v, rng.integers(4, 17), p=p)) + "\n")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[2] == "tiny":
        os.makedirs(sys.argv[1], exist_ok=True)
        tiny(sys.argv[1])
    else:
        main(sys.argv[1], sys.argv[2])
