"""Stream against step: gensim's draws and ours, each trained with our step, from either side's
initial vectors, paired by seed (CBOW by default, the setting with the gap; benches/README.md).

    cargo build --release --example word2vec_replay
    python benches/word2vec/replay_sweep.py corpus.txt out.jsonl seeds [mode] [alpha] [init]

Per seed: gensim trains and its draws are recorded (`replay_gensim.py`; score "gensim"), our
trainer's draws are recorded (`word2vec_replay record`), then `word2vec_replay` trains with our step
on: gensim's draws from gensim's initial vectors ("g_stream"), gensim's draws from ours
("g_stream_o_init"), our draws from ours ("o_stream" = our trainer, bit for bit) and our draws from
gensim's ("o_stream_g_init"); initial vectors are exchanged by word. Also gensim's step on gensim's
draws ("g_stream_g_step", which should be gensim itself up to float order), and gensim's procedure
on numpy's PCG64 instead of gensim's generators ("n_stream", `REPLAY_RNG=numpy`) or on our
SplitMix64 ("s_stream", `REPLAY_RNG=splitmix`), and our procedure
with its keep and window draws from xoshiro256** instead of SplitMix64 ("x_stream",
`REPLAY_GEN=xoshiro`) or all its draws ("xa_stream", `REPLAY_GEN=xoshiro_all`), all with our step;
"xa_alias" / "pa_alias": all its draws from xoshiro256** / PCG64 with the trainer's alias sampler
(`REPLAY_GEN=xoshiro_all|pcg_all REPLAY_NEG=alias`), i.e. our trainer with another generator;
"oj_stream": our trainer's draws exactly, with gensim's learning rate (one per job,
`REPLAY_ALPHA=jobs`).
SWEEP_COLUMNS restricts the runs (e.g. "gensim g_stream o_stream n_stream"). One JSON line per seed
with WordSim-353 (Spearman) of each; a seed already in the output is skipped.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from scipy.stats import spearmanr

corpus, out, seeds = sys.argv[1], sys.argv[2], int(sys.argv[3])
mode = sys.argv[4] if len(sys.argv) > 4 else "cbow"
alpha = sys.argv[5] if len(sys.argv) > 5 else "0.025"
init = sys.argv[6] if len(sys.argv) > 6 else "gensim"
# SWEEP_COLUMNS: which of the runs below to make (default: all).
columns = os.environ.get("SWEEP_COLUMNS", "gensim g_stream_g_step g_stream g_stream_o_init o_stream o_stream_g_init n_stream x_stream").split()
here = os.path.dirname(os.path.abspath(__file__))
replay = os.path.join(here, "..", "..", "target", "release", "examples", "word2vec_replay")
pairs = []
for line in open(os.path.join(os.path.dirname(os.path.abspath(corpus)), "wordsim353.tsv"), encoding="utf8"):
    if not line.startswith("#"):
        a, b, s = line.strip().split("\t")
        pairs.append((a.lower(), b.lower(), float(s)))
done = set()
if os.path.exists(out):
    done = {(r["mode"], r["alpha"], r["init"], r["seed"]) for r in map(json.loads, open(out))}
first = int(os.environ.get("SWEEP_FIRST_SEED", "1"))


def words(d):
    return open(os.path.join(d, "vocab.txt"), encoding="utf8").read().split("\n")[:-1]


def score_raw(d, f32):
    w = words(d)
    v = np.fromfile(f32, dtype="<f4").reshape(len(w), -1)
    v = v / np.linalg.norm(v, axis=1, keepdims=True)
    pos = {x: i for i, x in enumerate(w)}
    common = [(a, b, s) for a, b, s in pairs if a in pos and b in pos]
    return float(spearmanr([s for *_, s in common], [v[pos[a]] @ v[pos[b]] for a, b, _ in common]).correlation)


def hybrid(steps_dir, init_dir, o):
    """steps_dir's draws and word order, init_dir's initial vectors moved to that order."""
    os.makedirs(o, exist_ok=True)
    wa, wb = words(steps_dir), words(init_dir)
    ib = np.fromfile(os.path.join(init_dir, "init.f32"), dtype="<f4").reshape(len(wb), -1)
    pos = {w: i for i, w in enumerate(wb)}
    ib[[pos[w] for w in wa]].astype("<f4").tofile(os.path.join(o, "init.f32"))
    for f in ("vocab.txt", "steps.u32"):
        os.symlink(os.path.abspath(os.path.join(steps_dir, f)), os.path.join(o, f))


def train(d, step, tmp):
    f = os.path.join(tmp, "out.f32")
    subprocess.check_call([replay, d, step, f], stdout=subprocess.DEVNULL)
    return score_raw(d, f)


for seed in range(first, seeds + 1):
    if (mode, float(alpha), init, seed) in done:
        continue
    with tempfile.TemporaryDirectory() as tmp:
        g, o = os.path.join(tmp, "g"), os.path.join(tmp, "o")
        # gensim is trained (and its draws recorded) only when a column needs it: a column of our
        # procedure alone can be paired later with an earlier run's "gensim" by seed.
        need_g = any(c in columns for c in ("gensim", "g_stream_g_step", "g_stream", "g_stream_o_init", "o_stream_g_init"))
        if need_g:
            subprocess.check_call([sys.executable, os.path.join(here, "replay_gensim.py"), corpus, mode, alpha, str(seed), g, init],
                                  stdout=subprocess.DEVNULL)
        # Our SplitMix64 stream is recorded only when a column trains on it.
        if any(c in columns for c in ("o_stream", "o_stream_g_init", "g_stream_o_init")):
            subprocess.check_call([replay, "record", corpus, mode, alpha, str(seed), init, o], stdout=subprocess.DEVNULL)
        if "g_stream_o_init" in columns:
            hybrid(g, o, os.path.join(tmp, "go"))
        if "o_stream_g_init" in columns:
            hybrid(o, g, os.path.join(tmp, "og"))
        r = {"mode": mode, "alpha": float(alpha), "init": init, "seed": seed}
        if "gensim" in columns:
            from gensim.models import KeyedVectors
            kv = KeyedVectors.load_word2vec_format(os.path.join(g, "gensim.vec"))
            kv.vectors.astype("<f4").tofile(os.path.join(tmp, "gensim.f32"))
            r["gensim"] = score_raw(g, os.path.join(tmp, "gensim.f32"))
        runs = {"g_stream_g_step": (g, "gensim"), "g_stream": (g, "ours"), "g_stream_o_init": (os.path.join(tmp, "go"), "ours"),
                "o_stream": (o, "ours"), "o_stream_g_init": (os.path.join(tmp, "og"), "ours")}
        for col in columns:
            if col in ("n_stream", "s_stream"):
                # gensim's procedure on numpy's PCG64 (n_stream, REPLAY_RNG=numpy): neither side's
                # generators; or on our SplitMix64 (s_stream, REPLAY_RNG=splitmix).
                n = os.path.join(tmp, "n")
                subprocess.check_call([sys.executable, os.path.join(here, "replay_gensim.py"), corpus, mode, alpha, str(seed), n, init],
                                      stdout=subprocess.DEVNULL, env={**os.environ, "REPLAY_RNG": "numpy" if col == "n_stream" else "splitmix"})
                r[col] = train(n, "ours", tmp)
            elif col in ("o_table", "xa_alias", "pa_alias", "oj_stream"):
                # Only the negatives' sampler changed (REPLAY_NEG): our SplitMix64 stream with the
                # table's uniform slot instead of the alias sampler; or all-xoshiro / all-PCG64 with
                # the alias sampler.
                x = os.path.join(tmp, "x")
                env = {"o_table": {"REPLAY_NEG": "table"}, "xa_alias": {"REPLAY_GEN": "xoshiro_all", "REPLAY_NEG": "alias"},
                       "pa_alias": {"REPLAY_GEN": "pcg_all", "REPLAY_NEG": "alias"},
                       "oj_stream": {"REPLAY_ALPHA": "jobs"}}[col]
                subprocess.check_call([replay, "record", corpus, mode, alpha, str(seed), init, x], stdout=subprocess.DEVNULL,
                                      env={**os.environ, **env})
                r[col] = train(x, "ours", tmp)
            elif col in ("x_stream", "xa_stream"):
                # Our procedure with the keep and window draws (x_stream, REPLAY_GEN=xoshiro) or every
                # draw (xa_stream, REPLAY_GEN=xoshiro_all) from xoshiro256** instead of SplitMix64.
                x = os.path.join(tmp, "x")
                gen = "xoshiro" if col == "x_stream" else "xoshiro_all"
                subprocess.check_call([replay, "record", corpus, mode, alpha, str(seed), init, x], stdout=subprocess.DEVNULL,
                                      env={**os.environ, "REPLAY_GEN": gen})
                r[col] = train(x, "ours", tmp)
            elif col != "gensim":
                r[col] = train(*runs[col], tmp)
    with open(out, "a") as f:
        f.write(json.dumps(r) + "\n")
    print(json.dumps(r), flush=True)
