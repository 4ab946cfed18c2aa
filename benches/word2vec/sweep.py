"""Paired seeds: WordSim-353 of gensim and ours, per mode, learning rate and (ours) init range.

    cargo build --release --example word2vec_bench
    nice -n 10 python benches/word2vec/sweep.py bench-data/w2v/corpus.txt bench-data/w2v/sweep.jsonl [seeds=20]
    python benches/word2vec/sweep_summary.py bench-data/w2v/sweep.jsonl

Settings as benches/word2vec.sh (dim 100, window 5, negative 5, sample 1e-3, min count 5, 5 epochs,
floor alpha·1e-4), for every seed 1..N, mode in (skipgram, cbow), alpha in (0.025, 0.05): gensim 4.4
(workers=1) and ours (native), each with both initial ranges — "gensim" ([-1, 1)/dim, gensim 4's
own) and "word2vec" ([-0.5, 0.5)/dim, word2vec.c's and the page's default; for gensim its own draw
halved after build_vocab, so the two gensim runs of a seed differ only in the range). Each row of
sweep_summary.py pairs ours and gensim with the same range. One JSON line per run; a run
already in the output file is skipped, so the sweep resumes where it stopped. Each model is scored
on the WordSim-353 pairs whose words are in the (shared) vocabulary.

gensim's learning rate falls with the share of the corpus already pushed to its workers, counted in
sentences when `train` gets `total_examples` and in words when it gets only `total_words`. word2vec.c
and ours count words; this corpus has its long lines first (half the lines hold 70 % of the words),
so counting sentences keeps the rate higher for most words of each epoch (mean factor 0.526 of the
starting rate instead of 0.500). The sweep gives gensim `total_words` (recorded as
`"progress": "words"`); `SWEEP_GENSIM_PROGRESS=sentences` reproduces the sentence count.
`SWEEP_FIRST_SEED=13` starts later (for a second process on another output file), `SWEEP_SEED_LIST`
names the seeds;
`SWEEP_MODES=cbow`, `SWEEP_ALPHAS=0.025`, `SWEEP_INITS=word2vec`, `SWEEP_IMPLS=gensim` restrict the
settings and implementations.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from gensim.models import KeyedVectors, Word2Vec
from gensim.models.word2vec import LineSentence
from scipy.stats import spearmanr

corpus, out = sys.argv[1], sys.argv[2]
seeds = int(sys.argv[3]) if len(sys.argv) > 3 else 20
progress = os.environ.get("SWEEP_GENSIM_PROGRESS", "words")
here = os.path.dirname(os.path.abspath(__file__))
wordsim = os.path.join(os.path.dirname(os.path.abspath(corpus)), "wordsim353.tsv")
pairs = []
for line in open(wordsim, encoding="utf8"):
    if not line.startswith("#"):
        a, b, s = line.strip().split("\t")
        pairs.append((a.lower(), b.lower(), float(s)))
sentences = list(LineSentence(corpus))
done = set()
if os.path.exists(out):
    for line in open(out):
        r = json.loads(line)
        if r["impl"] == "gensim" and r.get("progress", "sentences") != progress:
            continue
        done.add((r["impl"], r["mode"], r["alpha"], r["init"], r["seed"]))
modes = os.environ.get("SWEEP_MODES", "skipgram cbow").split()
alphas = [float(a) for a in os.environ.get("SWEEP_ALPHAS", "0.025 0.05").split()]
inits = os.environ.get("SWEEP_INITS", "word2vec gensim").split()
impls = os.environ.get("SWEEP_IMPLS", "gensim ours").split()


def score(kv):
    common = [(a, b, s) for a, b, s in pairs if a in kv.key_to_index and b in kv.key_to_index]
    rho = spearmanr([s for _, _, s in common], [kv.similarity(a, b) for a, b, _ in common]).correlation
    return float(rho), len(common)


def record(r):
    with open(out, "a") as f:
        f.write(json.dumps(r) + "\n")
    print(json.dumps(r), flush=True)


def gensim_run(mode, alpha, init, seed):
    t = time.time()
    m = Word2Vec(vector_size=100, window=5, negative=5, hs=0, sample=1e-3, min_count=5,
                 sg=int(mode == "skipgram"), cbow_mean=1, alpha=alpha, min_alpha=alpha * 1e-4,
                 workers=1, seed=seed, epochs=5)
    m.build_vocab(sentences)
    if init == "word2vec":
        # gensim 4 draws uniform [-1, 1)/dim (prep_vectors); halved: word2vec.c's [-0.5, 0.5)/dim,
        # from the same draws.
        m.wv.vectors *= 0.5
    if progress == "words":
        m.train(sentences, total_words=m.corpus_total_words, epochs=5)
    else:
        m.train(sentences, total_examples=m.corpus_count, epochs=5)
    rho, n = score(m.wv)
    record({"impl": "gensim", "mode": mode, "alpha": alpha, "init": init, "seed": seed,
            "spearman": rho, "pairs": n, "seconds": time.time() - t, "progress": progress})


def ours_run(mode, alpha, init, seed):
    t = time.time()
    with tempfile.NamedTemporaryFile(suffix=".vec") as vec:
        line = subprocess.check_output(
            [os.path.join(here, "..", "..", "target", "release", "examples", "word2vec_bench"),
             corpus, mode, vec.name, str(seed), init, str(alpha)], text=True)
        rho, n = score(KeyedVectors.load_word2vec_format(vec.name))
    record({"impl": "ours", "mode": mode, "alpha": alpha, "init": init, "seed": seed,
            "spearman": rho, "pairs": n, "loss": json.loads(line)["loss"], "seconds": time.time() - t})


# SWEEP_SEED_LIST="s1 s2 …": exactly these seeds (any u64 for ours; gensim takes < 2**32) instead of
# SWEEP_FIRST_SEED..seeds — e.g. seeds far apart, to check that our runs on neighbouring seeds
# 1, 2, 3 … are not alike (benches/README.md, "Many seeds").
seed_list = [int(x) for x in os.environ.get("SWEEP_SEED_LIST", "").split()] or range(int(os.environ.get("SWEEP_FIRST_SEED", "1")), seeds + 1)
for seed in seed_list:
    for mode in modes:
        for alpha in alphas:
            for init in inits:
                if "gensim" in impls and ("gensim", mode, alpha, init, seed) not in done:
                    gensim_run(mode, alpha, init, seed)
                if "ours" in impls and ("ours", mode, alpha, init, seed) not in done:
                    ours_run(mode, alpha, init, seed)
