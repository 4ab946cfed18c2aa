"""Word2Vec's sampling quantities, ours against gensim 4.4's, on one corpus.

    cargo build --release --example word2vec_internals
    python benches/word2vec/internals.py corpus.txt [sample] [min_count]

Compares: the vocabulary (words, order, counts; ties), each word's keep probability under
subsampling (gensim `sample_int / 2^32`, ours the model's thresholds), each word's probability as a
negative (gensim: the increments of `cum_table` over its last value; ours: the alias sampler built
from the model's unigram table), the in-vocabulary token count the learning-rate schedule runs on.
Prints the largest differences and the expected number of kept tokens per epoch for both.
"""
import json
import subprocess
import sys

import numpy as np
from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence

path = sys.argv[1]
sample = float(sys.argv[2]) if len(sys.argv) > 2 else 1e-3
min_count = int(sys.argv[3]) if len(sys.argv) > 3 else 5
ours = json.loads(subprocess.check_output(["target/release/examples/word2vec_internals", path, str(sample), str(min_count)]))
sentences = list(LineSentence(path))
m = Word2Vec(vector_size=10, window=5, negative=5, hs=0, sample=sample, min_count=min_count, workers=1, seed=1)
m.build_vocab(sentences)
g_words = list(m.wv.index_to_key)
g_counts = np.array([m.wv.get_vecattr(w, "count") for w in g_words], dtype=np.float64)
g_keep = np.array([m.wv.get_vecattr(w, "sample_int") for w in g_words], dtype=np.float64) / 2**32
cum = m.cum_table.astype(np.float64)
g_neg = np.diff(np.concatenate([[0.0], cum])) / cum[-1]

o_index = {w: i for i, w in enumerate(ours["words"])}
print(f"vocabulary: gensim {len(g_words)}, ours {len(ours['words'])}; same set: {set(g_words) == set(o_index)}")
same_order = g_words == ours["words"]
print(f"same order: {same_order}")
if not same_order:
    diff = [i for i, (a, b) in enumerate(zip(g_words, ours["words"])) if a != b]
    # Only ties may differ: then the counts at every position agree.
    o_counts_by_pos = np.array(ours["counts"], dtype=np.float64)
    print(f"  first differing position {diff[0]} of {len(diff)}; counts by position equal: "
          f"{np.array_equal(np.sort(g_counts)[::-1], o_counts_by_pos)} (ties ordered differently)")
perm = np.array([o_index[w] for w in g_words])
o_counts = np.array(ours["counts"], dtype=np.float64)[perm]
o_keep = np.array(ours["keep"])[perm]
o_neg = np.array(ours["neg"])[perm]
print(f"counts equal word by word: {np.array_equal(g_counts, o_counts)}")
print(f"in-vocabulary tokens: gensim {int(g_counts.sum())}, ours {ours['tokens']} (schedule total: ours {ours['total_words']} for 5 epochs)")
dk = np.abs(g_keep - o_keep)
print(f"keep probability: max |diff| {dk.max():.3g} (word {g_words[int(dk.argmax())]!r}: gensim {g_keep[dk.argmax()]:.6f}, ours {o_keep[dk.argmax()]:.6f}); "
      f"words with keep < 1: gensim {(g_keep < 0.9999).sum()}, ours {(o_keep < 0.9999).sum()}")
print(f"expected kept tokens per epoch: gensim {float((g_counts * np.minimum(g_keep, 1)).sum()):.0f}, ours {float((o_counts * np.minimum(o_keep, 1)).sum()):.0f}")
rel = np.abs(o_neg - g_neg) / g_neg
print(f"negative distribution: total variation {0.5 * np.abs(o_neg - g_neg).sum():.3g}; max relative diff {rel.max():.3g} "
      f"(word {g_words[int(rel.argmax())]!r}, count {int(g_counts[rel.argmax()])}: gensim {g_neg[rel.argmax()]:.3g}, ours {o_neg[rel.argmax()]:.3g}); "
      f"mean relative diff over words with count ≤ 10: {rel[g_counts <= 10].mean():.3g}")

# The learning-rate schedule: α = α₀·(1 − progress), progress = (epoch + share of this epoch done) /
# epochs. word2vec.c and ours measure the share in words; gensim in sentences when `train` gets
# total_examples. The mean factor (1 − progress) a word is trained with, per schedule:
lens = [len(s) for s in sentences]
n, total = len(lens), sum(lens)
by_sentences = by_words = 0.0
for e in range(5):
    done = 0
    for i, length in enumerate(lens):
        by_sentences += length * (1 - (e + i / n) / 5)
        by_words += length * (1 - (e + done / total) / 5)
        done += length
print(f"schedule: first half of the {n} lines holds {sum(lens[:n // 2]) / total:.0%} of the words; mean learning-rate factor "
      f"per word {by_words / (5 * total):.3f} counting words (word2vec.c, ours, gensim with total_words), "
      f"{by_sentences / (5 * total):.3f} counting sentences (gensim with total_examples)")
