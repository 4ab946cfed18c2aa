#!/usr/bin/env python3
"""The small, UNTRAINED demo checkpoint that ships with the page (www/models/demo/), so the
pretrained-models chapter works offline out of the box. Its weights are random: attention maps have
structure (every parameter is drawn with a large spread, not HF's near-zero init, so heads differ),
but nothing it shows is learned. The page labels it "untrained demo"; real checkpoints are one file
drop away.

Architecture: ElectraForPreTraining (so the replaced-token view works), embedding_size 32 ≠ hidden 64
(so `embeddings_project` is used), 4 layers × 4 heads, intermediate 128, max positions 128.

Vocabulary rule (cased, like KoELECTRA, so Hangul keeps its syllables): the specials; every character
c of the built-in corpora (corpora/en.txt, corpora/ko.txt) and of the chapter's example sentences, as c
and as the continuation piece ##c; then the words (split on whitespace and punctuation) that occur at
least 3 times, most frequent first. Every corpus word therefore tokenises without [UNK].

Run with the shared venv:  /work/venvs/torch/bin/python scripts/make_demo_model.py
"""

import collections
import json
import os
import unicodedata

import torch
from transformers import BertTokenizer, ElectraConfig, ElectraForPreTraining

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
OUT = os.path.join(ROOT, "www", "models", "demo")
SEED = 20261127
MIN_COUNT = 3
MAX_WORDS = 3000

# The chapter's example sentences (www/chapters/pretrained.js): their words are always in the vocabulary.
EXAMPLES = """The cat sat on the mat because it was tired.
I sat by the bank of the river and watched the water.
I went to the bank to take out some money.
The bank raised its interest rates.
We walked along the river bank at sunset.
배가 고파서 밥을 먹었다.
배를 타고 바다로 나갔다.
배가 달고 맛있다.
배 한 척이 항구에 들어왔다.
과일 가게에서 배를 샀다.
배가 아파서 병원에 갔다.
The chef cooked the meal. The chef ate the meal."""


def is_punct(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def words(text):
    """BertTokenizer's basic split (cased): whitespace, then every punctuation mark on its own."""
    out = []
    for w in text.split():
        cur = ""
        for ch in w:
            if is_punct(ch):
                if cur:
                    out.append(cur)
                out.append(ch)
                cur = ""
            else:
                cur += ch
        if cur:
            out.append(cur)
    return out


def build_vocab(text):
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    chars = sorted({ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] != "C"})
    for ch in chars:
        vocab.append(ch)
    for ch in chars:
        if not is_punct(ch):
            vocab.append("##" + ch)
    counts = collections.Counter(words(text))
    seen = set(vocab)
    example_words = set(words(EXAMPLES))
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    for w, c in ranked:
        if len([x for x in vocab if not x.startswith("[")]) > MAX_WORDS + len(chars) * 2:
            break
        if (c >= MIN_COUNT or w in example_words) and len(w) > 1 and w not in seen:
            vocab.append(w)
            seen.add(w)
    for w in sorted(example_words - seen):
        vocab.append(w)
        seen.add(w)
    return vocab


def main():
    text = "\n".join(open(os.path.join(ROOT, "corpora", f), encoding="utf-8").read() for f in ("en.txt", "ko.txt"))
    text = unicodedata.normalize("NFC", text + "\n" + EXAMPLES)
    vocab = build_vocab(text)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(vocab) + "\n")
    tok_cfg = {"do_lower_case": False, "strip_accents": None, "tokenize_chinese_chars": True,
               "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]",
               "mask_token": "[MASK]", "tokenizer_class": "BertTokenizer", "model_max_length": 128}
    with open(os.path.join(OUT, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(tok_cfg, f, indent=2, ensure_ascii=False)

    cfg = ElectraConfig(vocab_size=len(vocab), embedding_size=32, hidden_size=64, num_hidden_layers=4,
                        num_attention_heads=4, intermediate_size=128, max_position_embeddings=128,
                        hidden_act="gelu", hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0,
                        layer_norm_eps=1e-12, type_vocab_size=2)
    torch.manual_seed(SEED)
    model = ElectraForPreTraining(cfg).eval()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "LayerNorm.weight" in name:
                p.copy_(1.0 + 0.1 * torch.randn_like(p))
            else:
                p.copy_(0.2 * torch.randn_like(p))
    model.save_pretrained(OUT, safe_serialization=True)
    # save_pretrained adds generation/extra files in some versions: keep only what the page loads.
    keep = {"config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json"}
    for f in os.listdir(OUT):
        if f not in keep:
            os.remove(os.path.join(OUT, f))

    # Checks: the tokenizer HF would build from these files never needs [UNK] on the corpora.
    tok = BertTokenizer(os.path.join(OUT, "vocab.txt"), do_lower_case=False)
    lines = [l for l in text.splitlines() if l.strip()]
    unk = sum(tok(l)["input_ids"].count(tok.unk_token_id) for l in lines)
    pieces = sum(len(tok(l)["input_ids"]) - 2 for l in lines)
    size = os.path.getsize(os.path.join(OUT, "model.safetensors"))
    print(f"vocab {len(vocab)}, model.safetensors {size / 1e6:.2f} MB, corpus pieces {pieces}, [UNK] {unk}")
    for s in EXAMPLES.splitlines()[:3] + EXAMPLES.splitlines()[5:7]:
        print(tok.tokenize(s))


if __name__ == "__main__":
    main()
