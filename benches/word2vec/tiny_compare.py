"""Step by step on a tiny corpus (issue 15): gensim 4.4's cython CBOW (`w2v_fast_sentence_cbow_neg`,
`train_batch_cbow`) against ours, quantity by quantity.

    cargo build --release --example word2vec_replay
    python benches/word2vec/tiny_compare.py DIR [cbow|skipgram] [alpha] [seed]

On draws.py's tiny corpus (30 Zipf words, 10,000 sentences of 4–16 words, every word subsampled,
written to DIR/tiny.txt), the benchmark's settings (dim 100, window 5, negative 5, sample 1e-3,
5 epochs): gensim trains and its own draws are recomputed (replay_gensim.py); our trainer's draws
are recorded (word2vec_replay record: bit for bit what Word2Vec::train draws). Printed:

1. the step — gensim's draws trained with gensim's step transcribed and with ours (word2vec_replay),
   each against gensim's own vectors after all 5 epochs: the mean of the context rows (cbow_mean=1),
   the error added to every context row undivided, σ and the order of updates all enter here, so
   any difference in them shows as more than float rounding;
2. the drawing, side by side from the two recordings: examples per epoch, the learning rate
   (mean, at the start and end, by tenth of the run: gensim's is per job of 10,000 words, ours per
   word), context sizes (the reduced window b drawn in 0..window−1, radius window − b, cut at the
   sentence ends), centre and negative word frequencies (total variation against each other), and
   how many sentences are cut (gensim at 10,000 words per job, ours at 1,000 per sentence).
"""
import json
import os
import subprocess
import sys

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from draws import tiny  # noqa: E402

d = sys.argv[1]
mode = sys.argv[2] if len(sys.argv) > 2 else "cbow"
alpha = sys.argv[3] if len(sys.argv) > 3 else "0.025"
seed = sys.argv[4] if len(sys.argv) > 4 else "1"
replay = os.path.join(here, "..", "..", "target", "release", "examples", "word2vec_replay")
os.makedirs(d, exist_ok=True)
corpus = os.path.join(d, "tiny.txt")
if not os.path.exists(corpus):
    tiny(d)
g, o = os.path.join(d, "g"), os.path.join(d, "o")
subprocess.check_call([sys.executable, os.path.join(here, "replay_gensim.py"), corpus, mode, alpha, seed, g, "gensim"], stdout=subprocess.DEVNULL)
subprocess.check_call([replay, "record", corpus, mode, alpha, seed, "gensim", o], stdout=subprocess.DEVNULL)
# Ours again on the next seed: how far two runs of the same procedure differ by chance alone.
o2 = os.path.join(d, "o2")
subprocess.check_call([replay, "record", corpus, mode, alpha, str(int(seed) + 1), "gensim", o2], stdout=subprocess.DEVNULL)


def words(x):
    return open(os.path.join(x, "vocab.txt"), encoding="utf8").read().split("\n")[:-1]


def read_vec(path, order):
    rows = {}
    with open(path, encoding="utf8") as f:
        next(f)
        for line in f:
            p = line.rstrip().split(" ")
            rows[p[0]] = np.array(p[1:], dtype=np.float64)
    return np.stack([rows[w] for w in order])


def steps(x, negative=5):
    """(alpha, inputs, positive, negatives) per example of a recording."""
    s = np.fromfile(os.path.join(x, "steps.u32"), dtype="<u4")
    out, at = [], 0
    while at < len(s):
        n = int(s[at + 1])
        out.append((float(s[at : at + 1].view("<f4")[0]), s[at + 2 : at + 2 + n].tolist(), int(s[at + 2 + n]),
                    s[at + 3 + n : at + 3 + n + negative].tolist()))
        at += 3 + n + negative
    return out


wg = words(g)
ref = read_vec(os.path.join(g, "gensim.vec"), wg)
print("## 1. The step, on gensim's draws (max |difference| / max |value| against gensim's own vectors)")
for step in ("gensim", "ours"):
    f = os.path.join(d, f"g_{step}.f32")
    subprocess.check_call([replay, g, step, f], stdout=subprocess.DEVNULL)
    v = np.fromfile(f, dtype="<f4").reshape(len(wg), -1).astype(np.float64)
    cos = (v * ref).sum(1) / np.linalg.norm(v, axis=1) / np.linalg.norm(ref, axis=1)
    print(f"{step:>7} step: {np.abs(v - ref).max() / np.abs(ref).max():.2e}, smallest cosine per word {cos.min():.7f}")

print("\n## 2. The drawing, gensim's against ours (same corpus, same settings, seed " + seed + ")")
sg, so = steps(g), steps(o)
wo = words(o)
to_g = np.array([wg.index(w) for w in wo])  # our ids → gensim's
V = len(wg)


def freq(ex, pick, remap):
    c = np.zeros(V)
    for e in ex:
        for w in pick(e):
            c[remap[w] if remap is not None else w] += 1
    return c / c.sum()


rows = []
for name, ex, remap in (("gensim", sg, None), ("ours", so, to_g), (f"ours, seed {int(seed) + 1}", steps(o2), to_g)):
    a = np.array([e[0] for e in ex])
    n = np.array([len(e[1]) for e in ex])
    tenth = [a[int(i * len(a) / 10) : int((i + 1) * len(a) / 10)].mean() for i in range(10)]
    rows.append({"name": name, "examples": len(ex), "alpha": a, "tenth": tenth, "ctx": np.bincount(n, minlength=11)[:11] / len(n),
                 "centre": freq(ex, lambda e: [e[2]], remap), "neg": freq(ex, lambda e: [t for t in e[3] if t != e[2]], remap),
                 "ctxw": freq(ex, lambda e: e[1], remap)})
for r in rows:
    print(f"{r['name']}: {r['examples']:,} examples ({r['examples'] / 5:,.0f} per epoch); alpha mean {r['alpha'].mean():.6f}, "
          f"first {r['alpha'][0]:.6f}, last {r['alpha'][-1]:.7f}; by tenth " + " ".join(f"{x:.5f}" for x in r["tenth"]))
    print(f"         context size 0..10: " + " ".join(f"{x:.4f}" for x in r["ctx"]) + f"; mean {np.dot(np.arange(11), r['ctx']):.4f}")
gr, orr, o2r = rows
tv = lambda p, q: 0.5 * np.abs(p - q).sum()  # noqa: E731
for what, a, b in (("gensim vs ours", gr, orr), ("ours vs ours on the next seed (chance alone)", orr, o2r)):
    print(f"total variation, {what}: centre words {tv(a['centre'], b['centre']):.4f}, context words {tv(a['ctxw'], b['ctxw']):.4f}, "
          f"negatives {tv(a['neg'], b['neg']):.4f}")
lines = [len(x.split()) for x in open(corpus, encoding="utf8")]
print(f"sentences: {len(lines):,}, longest {max(lines)} words: no cut applies (gensim 10,000 per job, ours 1,000)")
print(json.dumps({"examples": [gr["examples"], orr["examples"]], "alpha_mean": [gr["alpha"].mean(), orr["alpha"].mean()]}))
