"""gensim's own random draws, written out so that our update step can be driven by them.

    python benches/word2vec/replay_gensim.py corpus.txt cbow|skipgram alpha seed out_dir [init]

Trains gensim 4.4 (workers=1, the settings of sweep.py) and records, for every job gensim hands its
worker, the job's sentences, its learning rate and the state of `model.random` before the job. From
that state the job's draws are recomputed exactly as `word2vec_inner.pyx` makes them
(`train_batch_cbow` / `train_batch_sg`): the 48-bit LCG seeded by two `model.random.randint(0, 2**24)`
calls, one keep draw per in-vocabulary token (`sample_int < random_int32` drops it), the reduced
windows from one `model.random.randint(0, window, n)` call, then per centre word (CBOW) or per
(centre, context) pair (skip-gram) `negative` draws `bisect_left(cum_table, (r >> 16) % cum_table[-1])`.

Writes to out_dir: `vocab.txt` (gensim's word order), `init.f32` (the initial input vectors, V×dim,
little-endian), `steps.u32` (one record per example: alpha as f32 bits, n inputs, the inputs, the
positive, the `negative` raw draws — a draw equal to the positive is skipped by both steps),
`gensim.vec` (gensim's trained vectors) and `meta.json` (sizes, gensim's WordSim-353 score).
`benches/word2vec/replay.rs` trains from these files with our step and with gensim's.
Checked for CBOW (gensim's step on these draws gives gensim's vectors, benches/README.md); the
skip-gram branch follows `train_batch_sg` but has not been checked that way yet.
"""
import json
import os
import sys
from array import array

import numpy as np
from gensim.models import Word2Vec, word2vec
from gensim.models.word2vec import LineSentence

corpus, mode, alpha, seed, out = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
init = sys.argv[6] if len(sys.argv) > 6 else "gensim"
os.makedirs(out, exist_ok=True)
sentences = list(LineSentence(corpus))
m = Word2Vec(vector_size=100, window=5, negative=5, hs=0, sample=1e-3, min_count=5, sg=int(mode == "skipgram"),
             cbow_mean=1, alpha=alpha, min_alpha=alpha * 1e-4, workers=1, seed=seed, epochs=5)
m.build_vocab(sentences)
if init == "word2vec":
    m.wv.vectors *= 0.5
m.wv.vectors.astype("<f4").tofile(os.path.join(out, "init.f32"))
with open(os.path.join(out, "vocab.txt"), "w", encoding="utf8") as f:
    f.write("\n".join(m.wv.index_to_key) + "\n")

jobs = []
real = {"cbow": word2vec.train_batch_cbow, "sg": word2vec.train_batch_sg}


def recorder(name):
    def run(model, sents, a, *rest):
        jobs.append((list(sents), float(a), model.random.get_state()))
        return real[name](model, sents, a, *rest)
    return run


word2vec.train_batch_cbow, word2vec.train_batch_sg = recorder("cbow"), recorder("sg")
m.train(sentences, total_words=m.corpus_total_words, epochs=5)
word2vec.train_batch_cbow, word2vec.train_batch_sg = real["cbow"], real["sg"]
m.wv.save_word2vec_format(os.path.join(out, "gensim.vec"))

key = m.wv.key_to_index
sample_int = m.wv.expandos["sample_int"].astype(np.uint64)
cum = m.cum_table
top = np.uint64(cum[-1])
window, negative = m.window, m.negative
MOD = np.uint64((1 << 48) - 1)
# The LCG r ← (a·r + 11) mod 2⁴⁸ in closed form, r_i = A_i·r_0 + C_i (mod 2⁴⁸), so a job's draws are
# computed at once; uint64 products wrap mod 2⁶⁴, whose low 48 bits are the ones kept.
LEN = 200_000
A = np.empty(LEN, dtype=np.uint64)
C = np.empty(LEN, dtype=np.uint64)
a, c = 1, 0
for i in range(LEN):
    A[i], C[i] = a, c
    a, c = (a * 25214903917) & ((1 << 48) - 1), (c * 25214903917 + 11) & ((1 << 48) - 1)


def lcg(r0, n):
    """The states r_0 … r_{n−1} (each draw reads r_i >> 16, then steps) and r_n, in chunks of
    LEN − 1 (a skip-gram job draws more than LEN)."""
    parts = []
    while True:
        m = min(n, LEN - 1)
        with np.errstate(over="ignore"):
            r = (A[: m + 1] * np.uint64(r0) + C[: m + 1]) & MOD
        parts.append(r[:m])
        r0, n = int(r[m]), n - m
        if n == 0:
            return np.concatenate(parts), r0


class SplitMix64:
    """Our trainer's generator (src/rng.rs: state = seed, output k = mix(seed + k·γ)), drawn in
    blocks, with the trainer's reductions: a 32-bit draw is the output's high half, an integer
    below n is Lemire's `(high half · n) >> 32`."""

    G, M1, M2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)

    def __init__(self, seed):
        self.state = np.uint64(seed)

    def next_u64(self, n):
        with np.errstate(over="ignore"):
            z = self.state + np.arange(1, n + 1, dtype=np.uint64) * self.G
            self.state = self.state + np.uint64(n) * self.G
            z = (z ^ (z >> np.uint64(30))) * self.M1
            z = (z ^ (z >> np.uint64(27))) * self.M2
        return z ^ (z >> np.uint64(31))

    def integers(self, lo, hi, n, dtype=np.int64):
        high = self.next_u64(n) >> np.uint64(32)
        if hi == 2**32:
            return high.astype(dtype)
        with np.errstate(over="ignore"):
            return ((high * np.uint64(hi)) >> np.uint64(32)).astype(dtype)


# REPLAY_RNG=numpy: the same procedure on numpy's PCG64 (seeded with the seed) instead of gensim's
# generators — a third stream, to tell a property of gensim's generators from one of the procedure.
# REPLAY_RNG=splitmix: on our trainer's SplitMix64, seeded with the seed (one stream for the keeps,
# windows and negatives, in gensim's order): does our generator lower gensim's procedure too?
rng_kind = os.environ.get("REPLAY_RNG")
other = np.random.default_rng(seed) if rng_kind == "numpy" else SplitMix64(seed) if rng_kind == "splitmix" else None
steps = array("I")
examples = 0
for sents, alpha_job, state in jobs:
    rs = np.random.RandomState()
    rs.set_state(state)
    r = (2**24) * int(rs.randint(0, 2**24)) + int(rs.randint(0, 2**24))
    ids, sent_of = [], []
    for si, s in enumerate(x for x in sents if x):
        for tok in s:
            w = key.get(tok)
            if w is not None:
                ids.append(w)
                sent_of.append(si)
    ids, sent_of = np.array(ids, dtype=np.int64), np.array(sent_of)
    if other is None:
        states, r = lcg(r, len(ids))
    else:
        states = other.integers(0, 2**32, len(ids), dtype=np.uint64) << np.uint64(16)
    kept = ~(sample_int[ids] < (states >> np.uint64(16)))  # train_batch_*: drop when sample_int < draw
    idx, sent_of = ids[kept], sent_of[kept]
    bounds = np.searchsorted(sent_of, np.arange(sent_of[-1] + 2 if len(sent_of) else 1))
    reduced = rs.randint(0, window, len(idx)) if other is None else other.integers(0, window, len(idx))
    abits = int(np.array([alpha_job], dtype="<f4").view("<u4")[0])
    # CBOW draws `negative` per centre; skip-gram per (centre, context) pair: count the examples first.
    spans = []
    for b in range(len(bounds) - 1):
        lo_s, hi_s = int(bounds[b]), int(bounds[b + 1])
        for i in range(lo_s, hi_s):
            j = max(i - window + int(reduced[i]), lo_s)
            k = min(i + window + 1 - int(reduced[i]), hi_s)
            spans.append((i, j, k))
    n_ex = len(spans) if mode == "cbow" else sum(k - j - 1 for _, j, k in spans)
    if other is None:
        states, r = lcg(r, n_ex * negative)
    else:
        states = other.integers(0, 2**32, n_ex * negative, dtype=np.uint64) << np.uint64(16)
    draws = np.searchsorted(cum, (states >> np.uint64(16)) % top, side="left").tolist()
    idx = idx.tolist()
    d = 0
    for i, j, k in spans:
        ctx = [idx[t] for t in range(j, k) if t != i]
        if mode == "cbow":
            steps.extend([abits, len(ctx), *ctx, idx[i], *draws[d : d + negative]])
            d += negative
            examples += 1
        else:
            # train_batch_sg: each context word (in window order) predicts the centre.
            for cw in ctx:
                steps.extend([abits, 1, cw, idx[i], *draws[d : d + negative]])
                d += negative
                examples += 1
with open(os.path.join(out, "steps.u32"), "wb") as f:
    steps.tofile(f)  # native order: little-endian on every machine this runs on
json.dump({"vocab": len(m.wv), "dim": 100, "negative": negative, "examples": examples, "jobs": len(jobs),
           "mode": mode, "alpha": alpha, "seed": seed, "init": init}, open(os.path.join(out, "meta.json"), "w"))
print(json.dumps({"jobs": len(jobs), "examples": examples, "vocab": len(m.wv)}))
