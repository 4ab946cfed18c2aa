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
`REPLAY_ALPHA=jobs`); "o_table" / "o_cum": our trainer's draws with each negative read at the same
uniform u from the 2²⁰-slot table / gensim's exact cum_table (a paired test of the table's rounding).
"sn_*": gensim's procedure on our SplitMix64 recorded in Rust (`REPLAY_ORDER=gensim`, thousands of
times faster than replay_gensim.py; "sn_stream" = "s_stream" byte for byte: gensim's word order and
initial vectors — numpy's default_rng(seed), no gensim training needed — cum_table, per-job α),
and the same with one part switched to ours: "sn_o_init" our trainer's initial vectors (by word),
"sn_stream_init" initial vectors drawn first from the same stream as the rest (as our trainer
does), "sn_offset" gensim's initial vectors but the stream stepped V·dim times first (the draws of
"sn_stream_init" with sn_stream's vectors), "sn_o_vocab" our word order, "sn_alias" the alias sampler, "sn_o_alpha" our per-word α;
"sn_ours" all of them, i.e. our trainer but for the order of the draws. "sl_stream": gensim's
procedure on gensim's own generators (`REPLAY_RNG=lcg`: MT19937 seeding each job's 48-bit LCG and
drawing the radii) with our step — gensim's run but for the step; "sl_gstep" the same draws with
gensim's step transcribed, i.e. gensim itself; "sl_gclip" gensim's step but with saturated scores
(|h·o| ≥ 6) clipped as word2vec.c does instead of skipped. "ol_stream": our procedure with every draw from
word2vec.c's 64-bit LCG read word2vec.c's way (`REPLAY_GEN=lcg`; our trainer's draws since 10ddf0f),
"ol_gstep" / "ol_gclip" the same draws with gensim's step / gensim's step clipping; "ol_sminit"
the same training draws from other initial vectors (SplitMix64, `REPLAY_LCG_INIT=splitmix`);
"ol_keeptop" keeps drawn from the LCG's top 16 bits instead of its low 16 (`REPLAY_LCG_KEEP=top`). "o_sep": our trainer
with its initial vectors from a stream of their own (`REPLAY_INIT_SEP=1`), the draws from the seed's
stream untouched by them.
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


SN = ("sn_stream", "sn_o_init", "sn_alias", "sn_o_alpha", "sn_ours", "sn_stream_init", "sn_o_vocab", "sn_offset", "sl_stream", "sl_gstep", "sl_gclip")
# The step each column trains with (default "ours"): gensim's transcribed, or gensim's with
# word2vec.c's handling of saturated scores ("gensim_clip").
STEP = {"sl_gstep": "gensim", "sl_gclip": "gensim_clip", "ol_gstep": "gensim", "ol_gclip": "gensim_clip"}


def gensim_vocab():
    """gensim's word order (`index_to_key`; the same for every seed), built once next to the corpus."""
    f = os.path.join(os.path.dirname(os.path.abspath(corpus)), "gensim_vocab.txt")
    if not os.path.exists(f):
        from gensim.models import Word2Vec
        from gensim.models.word2vec import LineSentence
        m = Word2Vec(vector_size=100, window=5, negative=5, sample=1e-3, min_count=5, workers=1, epochs=5)
        m.build_vocab(list(LineSentence(corpus)))
        open(f, "w", encoding="utf8").write("\n".join(m.wv.index_to_key) + "\n")
    return f


def gensim_init(seed, tmp):
    """gensim 4.4's initial vectors for `seed` (`prep_vectors`: numpy's default_rng(seed), f32,
    ·2 − 1, / dim), in gensim's word order, without training gensim."""
    f = os.path.join(tmp, "ginit.f32")
    if not os.path.exists(f):
        n = len(open(gensim_vocab(), encoding="utf8").read().split("\n")[:-1])
        v = np.random.default_rng(seed=seed).random((n, 100), dtype=np.float32)
        v *= 2.0
        v -= 1.0
        v /= 100
        if init == "word2vec":
            v *= 0.5
        v.astype("<f4").tofile(f)
    return f


def our_init_in_gensim_order(seed, tmp):
    """Our trainer's initial vectors for `seed` (`word2vec_replay record`), moved by word to gensim's order."""
    f = os.path.join(tmp, "oinit.f32")
    if not os.path.exists(f):
        o = os.path.join(tmp, "oi")
        subprocess.check_call([replay, "record", corpus, mode, alpha, str(seed), init, o], stdout=subprocess.DEVNULL)
        wo = words(o)
        pos = {w: i for i, w in enumerate(wo)}
        wg = open(gensim_vocab(), encoding="utf8").read().split("\n")[:-1]
        np.fromfile(os.path.join(o, "init.f32"), dtype="<f4").reshape(len(wo), -1)[[pos[w] for w in wg]].astype("<f4").tofile(f)
    return f


def gensim_init_in_our_order(seed, tmp):
    """gensim's initial vectors for `seed`, moved by word to our trainer's word order."""
    f = os.path.join(tmp, "ginit_o.f32")
    if not os.path.exists(f):
        our_init_in_gensim_order(seed, tmp)  # records our word order in tmp/oi
        wo, wg = words(os.path.join(tmp, "oi")), open(gensim_vocab(), encoding="utf8").read().split("\n")[:-1]
        pos = {w: i for i, w in enumerate(wg)}
        np.fromfile(gensim_init(seed, tmp), dtype="<f4").reshape(len(wg), -1)[[pos[w] for w in wo]].astype("<f4").tofile(f)
    return f


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
            elif col in ("o_table", "o_cum", "xa_alias", "pa_alias", "oj_stream", "o_sep", "ol_stream", "ol_gstep", "ol_gclip", "ol_sminit", "ol_keeptop"):
                # Only the negatives' sampler changed (REPLAY_NEG): our SplitMix64 stream with the
                # table's uniform slot instead of the alias sampler; or all-xoshiro / all-PCG64 with
                # the alias sampler.
                x = os.path.join(tmp, "x")
                env = {"o_table": {"REPLAY_NEG": "table"}, "o_cum": {"REPLAY_NEG": "cum"}, "o_sep": {"REPLAY_INIT_SEP": "1"}, "xa_alias": {"REPLAY_GEN": "xoshiro_all", "REPLAY_NEG": "alias"},
                       "pa_alias": {"REPLAY_GEN": "pcg_all", "REPLAY_NEG": "alias"},
                       "oj_stream": {"REPLAY_ALPHA": "jobs"}, "ol_stream": {"REPLAY_GEN": "lcg"}, "ol_gstep": {"REPLAY_GEN": "lcg"},
                       "ol_gclip": {"REPLAY_GEN": "lcg"}, "ol_sminit": {"REPLAY_GEN": "lcg", "REPLAY_LCG_INIT": "splitmix"},
                       "ol_keeptop": {"REPLAY_GEN": "lcg", "REPLAY_LCG_KEEP": "top"}}[col]
                subprocess.check_call([replay, "record", corpus, mode, alpha, str(seed), init, x], stdout=subprocess.DEVNULL,
                                      env={**os.environ, **env})
                r[col] = train(x, STEP.get(col, "ours"), tmp)
            elif col in SN:
                # gensim's procedure on our SplitMix64 in Rust (`REPLAY_ORDER=gensim`; "sn_stream" gives
                # replay_gensim.py's s_stream draws byte for byte), and one difference at a time
                # switched to ours: our trainer's initial vectors moved by word ("sn_o_init"), the alias
                # sampler ("sn_alias"), our per-word α ("sn_o_alpha"); "sn_ours": all of those and our
                # word order too, i.e. our trainer but for the order of the draws.
                x = os.path.join(tmp, "x")
                env = {"REPLAY_ORDER": "gensim"}
                if col != "sn_ours":
                    env.update(REPLAY_VOCAB=gensim_vocab(), REPLAY_INIT=gensim_init(seed, tmp), REPLAY_NEG="cum", REPLAY_ALPHA="jobs")
                if col == "sn_o_init":
                    env["REPLAY_INIT"] = our_init_in_gensim_order(seed, tmp)
                if col == "sn_stream_init":
                    del env["REPLAY_INIT"]  # drawn first from the stream, as our trainer does
                if col == "sn_offset":
                    # gensim's initial vectors, the stream stepped V·dim times first as if it had drawn them
                    env["REPLAY_SKIP"] = str(len(open(gensim_vocab(), encoding="utf8").read().split("\n")[:-1]) * 100)
                if col == "sn_o_vocab":
                    del env["REPLAY_VOCAB"]  # our word order (ties by first appearance)
                    env["REPLAY_INIT"] = gensim_init_in_our_order(seed, tmp)
                if col == "sn_alias":
                    del env["REPLAY_NEG"]
                if col == "sn_o_alpha":
                    del env["REPLAY_ALPHA"]
                if col in ("sl_stream", "sl_gstep", "sl_gclip"):
                    env["REPLAY_RNG"] = "lcg"  # gensim's own generators: gensim's run exactly, recorded in Rust
                subprocess.check_call([replay, "record", corpus, mode, alpha, str(seed), init, x], stdout=subprocess.DEVNULL,
                                      env={**os.environ, **env})
                r[col] = train(x, STEP.get(col, "ours"), tmp)
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
