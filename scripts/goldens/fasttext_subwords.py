#!/usr/bin/env python3
"""Golden subwords from the real fastText, for tests/fasttext_golden.rs.

Run (writes tests/fixtures/fasttext_subwords.json):
    python3 -m venv /work/venvs/fasttext && /work/venvs/fasttext/bin/pip install fasttext-wheel numpy
    /work/venvs/fasttext/bin/python scripts/goldens/fasttext_subwords.py

How fastText's own code computes every number here (nothing is re-implemented in Python):
- For each (minn, maxn) and each bucket count B in BUCKETS, a tiny model is trained with
  `fasttext.train_unsupervised(..., minn, maxn, bucket=B, dim=1, minCount=1, thread=1)`, the C++
  trainer of the PyPI wheel `fasttext-wheel`. `model.get_subwords(word)` runs C++
  `Dictionary::getSubwords` → `computeSubwords`, returning the n-gram strings and their input-matrix
  rows. A row is `nwords + hash(ngram) % B`, so `row - nwords` is fastText's bucket id.
- For a word in the model's vocabulary, get_subwords returns the word itself first, with its own
  row (< nwords); the fixture records that (`in_vocab`, `word_row`) and lists the n-grams without it.
- The 32-bit hash itself is not exposed by the Python API. It is recovered from fastText's bucket ids
  by the Chinese remainder theorem: with coprime B1 = 2,000,000 and B2 = 999,983 (prime),
  B1·B2 ≈ 2·10^12 > 2^32, so the hash is the unique value below B1·B2 with those two remainders.
  A third count, 65,537 (prime), and 1,000 (small: collisions) are checked / recorded as well.
- Jamo mode is not upstream: it is upstream fastText applied to the word written as jamo. The script
  does that rewrite itself (Unicode §3.12 arithmetic, independent of the Rust code) and feeds the
  jamo string to fastText.
"""
import json
import os
import sys
import tempfile
import unicodedata

import fasttext

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "tests", "fixtures", "fasttext_subwords.json")

PAIRS = [(2, 5), (3, 6), (1, 1), (1, 3), (2, 2), (4, 4), (1, 6), (5, 8)]
B1, B2, B_CHECK, B_SMALL = 2_000_000, 999_983, 65_537, 1_000
BUCKETS = [B1, B2, B_CHECK, B_SMALL]

NFD_CAFE = unicodedata.normalize("NFD", "café")
assert NFD_CAFE != "café"
WORDS = [
    # English: the seed's example, an inflection, repeated n-grams, a one-letter word.
    "orange", "oranges", "banana", "where", "running", "a", "unbelievably",
    # Korean syllables.
    "사과", "먹었다", "먹는다", "배", "학교에서",
    # Accented (NFC) and the same word in NFD (e + combining acute: one more code point).
    "café", "naïve", NFD_CAFE, unicodedata.normalize("NFD", "한"),
    # Emoji: one code point, a ZWJ sequence, a flag (two regional indicators), with a variation selector.
    "🙂", "👩‍💻", "🇰🇷", "❤️",
    # Mixed script, digits, and a lone combining mark.
    "AI배", "2026년", "\u0301",
    # fastText's end-of-sentence token: no n-grams (in every model's vocabulary); look-alikes have them.
    "</s>", "<s>", "x</s>",
]
# Words put into the training text, so get_subwords returns their own entry first.
IN_VOCAB = {"orange", "banana", "사과", "café", "🙂", "배"}
JAMO_WORDS = ["먹었다", "먹는다", "사과", "배", "학교에서", "AI배"]

EMPTY_FINAL = "∅"
INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"


def to_jamo(word):
    out = []
    for ch in word:
        s = ord(ch) - 0xAC00
        if 0 <= s < 11172:
            out.append(INITIALS[s // 588] + MEDIALS[(s % 588) // 28] + (FINALS[s % 28 - 1] if s % 28 else EMPTY_FINAL))
        else:
            out.append(ch)
    return "".join(out)


def crt(r1, r2):
    # x ≡ r1 (mod B1), x ≡ r2 (mod B2), 0 ≤ x < B1·B2.
    inv = pow(B1, -1, B2)
    return r1 + B1 * (((r2 - r1) * inv) % B2)


def train(corpus_path, minn, maxn, bucket):
    return fasttext.train_unsupervised(
        corpus_path, model="skipgram", dim=1, epoch=1, minCount=1, minn=minn, maxn=maxn,
        bucket=bucket, thread=1, verbose=0)


def main():
    version = "unknown"
    try:
        from importlib.metadata import version as v
        version = "fasttext-wheel " + v("fasttext-wheel")
    except Exception:  # pragma: no cover
        pass
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus.txt")
        with open(corpus, "w", encoding="utf-8") as f:
            f.write(" ".join(sorted(IN_VOCAB)) + "\n" + " ".join(sorted(IN_VOCAB)) + "\n")
        queries = [(w, False, w) for w in WORDS] + [(w, True, to_jamo(w)) for w in JAMO_WORDS]
        cases = []
        for minn, maxn in PAIRS:
            per_bucket = {}
            for b in BUCKETS:
                m = train(corpus, minn, maxn, b)
                nwords = len(m.words)
                rows = {}
                for word, jamo, fed in queries:
                    strings, ids = m.get_subwords(fed)
                    strings, ids = list(strings), [int(i) for i in ids]
                    own = None
                    if strings and ids[0] < nwords:
                        # The word's own entry comes first and only for a vocabulary word.
                        assert strings[0] == fed and m.get_word_id(fed) == ids[0], (fed, strings[0])
                        own = ids[0]
                        strings, ids = strings[1:], ids[1:]
                    assert all(i >= nwords for i in ids)
                    rows[(word, jamo)] = (strings, [i - nwords for i in ids], own)
                per_bucket[b] = rows
            for word, jamo, fed in queries:
                strings, r1, own = per_bucket[B1][(word, jamo)]
                _, r2, _ = per_bucket[B2][(word, jamo)]
                hashes = [crt(a, c) for a, c in zip(r1, r2)]
                assert all(h < 2**32 for h in hashes)
                for b in BUCKETS:
                    s_b, ids_b, _ = per_bucket[b][(word, jamo)]
                    assert s_b == strings, "n-grams do not depend on the bucket count"
                    assert ids_b == [h % b for h in hashes], "CRT hash inconsistent with bucket %d" % b
                cases.append({
                    "word": word, "fed": fed, "jamo": jamo, "minn": minn, "maxn": maxn,
                    "in_vocab": own is not None,
                    "ngrams": strings, "hashes": hashes,
                    "buckets": {str(b): per_bucket[b][(word, jamo)][1] for b in BUCKETS},
                })
    doc = {
        "generator": "scripts/goldens/fasttext_subwords.py",
        "reference": version + " (fastText C++ Dictionary::computeSubwords via get_subwords)",
        "note": "ngrams exclude the word's own entry; hashes recovered by CRT from bucket ids mod "
                f"{B1} and {B2}, checked mod {B_CHECK} and {B_SMALL}",
        "cases": cases,
    }
    # One case per line: small, and a diff shows which case changed.
    head = {k: doc[k] for k in ("generator", "reference", "note")}
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "cases": [\n')
        f.write(",\n".join(json.dumps(c, ensure_ascii=False, separators=(",", ":")) for c in cases))
        f.write("\n]}\n")
    print(f"wrote {len(cases)} cases to {os.path.normpath(OUT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
