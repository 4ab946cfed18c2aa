#!/usr/bin/env python3
"""Loads a checkpoint written by our Hugging Face export (src/pretrained/export.rs, the JS API's
Transformer.toHuggingFace()) with `transformers` itself and writes what it computes, so that
tests/hf_export_golden.rs can compare our outputs against it.

    /work/venvs/torch/bin/python scripts/goldens/check_hf_export.py [FOLDER …]

each FOLDER (default tests/fixtures/hf-export/tied/ and …/untied/, written by
`HF_EXPORT_WRITE=1 cargo test --test hf_export_golden`) holds config.json, model.safetensors,
vocab.txt and tokenizer_config.json. The script
- loads them as BertForMaskedLM and BertTokenizer and fails if any weight is missing, unexpected or
  of another shape (transformers would otherwise initialise it at random and only warn);
- tokenises the sentences of FOLDER/sentences.txt (one per line) and runs the model in fp32, eager
  attention, eval mode;
- writes FOLDER/expected.json: per sentence the tokens, ids, every hidden state (embeddings first),
  every attention map, and the MLM logits.
"""

import json
import os
import sys

import torch
from transformers import BertForMaskedLM, BertTokenizer

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def main():
    default = [os.path.join(ROOT, "tests", "fixtures", "hf-export", k) for k in ("tied", "untied")]
    for folder in sys.argv[1:] or default:
        check(folder)


def check(folder):
    model, info = BertForMaskedLM.from_pretrained(folder, output_loading_info=True, attn_implementation="eager")
    problems = {k: v for k, v in info.items() if v}
    if problems:
        sys.exit(f"transformers did not load every weight as written: {problems}")
    model.eval()
    tok = BertTokenizer.from_pretrained(folder)
    with open(os.path.join(folder, "sentences.txt"), encoding="utf-8") as f:
        sentences = [line.rstrip("\n") for line in f if line.strip()]
    out = []
    for s in sentences:
        enc = tok(s, return_tensors="pt")
        with torch.no_grad():
            r = model(**enc, output_hidden_states=True, output_attentions=True)
        ids = enc["input_ids"][0].tolist()
        out.append(
            {
                "text": s,
                "tokens": tok.convert_ids_to_tokens(ids),
                "ids": ids,
                # (L+1, T, H) and (L, heads, T, T), flattened row-major as our Bert.run returns them.
                "hiddenStates": torch.stack(r.hidden_states)[:, 0].flatten().tolist(),
                "attentions": torch.stack(r.attentions)[:, 0].flatten().tolist(),
                "logits": r.logits[0].flatten().tolist(),
            }
        )
        print(f"{s!r}: {len(ids)} tokens, logits {tuple(r.logits.shape[1:])}")
    with open(os.path.join(folder, "expected.json"), "w", encoding="utf-8") as f:
        json.dump({"transformers": __import__("transformers").__version__, "sentences": out}, f, ensure_ascii=False)
    print(f"wrote {os.path.join(folder, 'expected.json')}")


if __name__ == "__main__":
    main()
