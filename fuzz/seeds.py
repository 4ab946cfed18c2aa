#!/usr/bin/env python3
"""Seed corpora for scripts/fuzz.sh: the real files in tests/fixtures (and corpora/), small
hand-written ones where the fixtures are large, and for each a few truncations and bit flips.

    python3 fuzz/seeds.py fuzz/corpus      # writes fuzz/corpus/<target>/seed-*

Deterministic (fixed random seed); libFuzzer adds what it finds next to these files.
"""
import json
import os
import random
import struct
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
FX = os.path.join(ROOT, "tests", "fixtures")


def read(*p):
    with open(os.path.join(*p), "rb") as f:
        return f.read()


def small_safetensors():
    # Two F32 tensors, one F16, one I64 (skipped by the reader), metadata: the header is the parser's
    # hard part, the data only has to match it.
    tensors = [("a.weight", "F32", [2, 3], struct.pack("<6f", *range(6))),
               ("b.bias", "F16", [4], struct.pack("<4e", 1.0, -2.0, 0.5, 65504.0)),
               ("ids", "I64", [2], struct.pack("<2q", 1, 2)),
               ("c", "BF16", [1, 2], b"\x80\x3f\x00\x40")]
    header, data = {"__metadata__": {"format": "pt"}}, b""
    for name, dt, shape, raw in tensors:
        header[name] = {"dtype": dt, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    h = json.dumps(header).encode()
    return struct.pack("<Q", len(h)) + h + data


VEC = [b"3 4\nking 0.1 0.2 0.3 0.4\nqueen 0.1 0.25 0.3 0.35\n\xec\x99\x95 -1 2e-3 3.5 -0\n",
       b"the 0.1 -0.2\nof 1 2\nthe 3 4\n",  # GloVe: no header, a repeated word
       b"2 3\na 1 2 3\nb 1 2\n",  # a short row
       b"1 -2\nx 1\n", b"0 5\n", b"2 2\na nan 1\nb inf 2\n"]

CORPUS_EXTRA = [b"the\x00king \x1b[31mqueen\r\nline\xe2\x80\xa8two\tend.", b"\xef\xbb\xbf\xea\xb0\x80\xe1\x84\x80\xe1\x85\xa1 cafe\xcc\x81 \xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9 \xf0\x9f\x87\xb0\xf0\x9f\x87\xb7",
                b"</s> <s> a\n" * 5, b"a " * 2000, b"\xff\xfe\xfd broken utf8 \xc3"]


def seeds():
    tb, te, tv = os.path.join(FX, "tiny-bert"), os.path.join(FX, "tiny-electra"), os.path.join(FX, "torch-views")
    return {
        "safetensors": [small_safetensors(), read(tb, "model.safetensors"), read(te, "model.safetensors")],
        "torch_zip": [read(tv, "zip.bin"), read(tv, "zip_protocol4.bin"), read(tv, "deflated.bin"), read(tb, "pytorch_model.bin")],
        "torch_legacy": [read(tv, "legacy.bin"), read(tv, "legacy_protocol4.bin"), read(tb, "pytorch_model_legacy.bin")],
        "config_json": [read(tb, "config.json"), read(te, "config.json")],
        "tokenizer_json": [read(tb, "tokenizer.json"), read(te, "tokenizer.json")],
        "tokenizer_config": [read(tb, "tokenizer_config.json"), read(te, "tokenizer_config.json"),
                             b'{"do_lower_case": false, "unk_token": {"content": "<unk>"}, "cls_token": "<s>", "sep_token": "</s>", "model_max_length": 1e30}'],
        "vocab_txt": [read(tb, "vocab.txt") + b"\x00Hello, [MASK] world! \xeb\xb0\xb0 unaffable",
                      read(te, "vocab.txt") + b"\x00" + "배를 타고 강을 건넜다. 中文".encode()],
        "vec": VEC,
        "corpus": [read(ROOT, "corpora", f)[:4096] for f in ("en.txt", "ko.txt")] + CORPUS_EXTRA,
    }


def variants(data, rng):
    yield data
    n = len(data)
    for cut in sorted({n // 4, n // 2, 3 * n // 4, max(n - 1, 0), min(n, 64)}):
        yield data[:cut]
    for k in range(4):
        b = bytearray(data)
        for _ in range(1 + k):
            if b:
                i = rng.randrange(len(b))
                b[i] ^= 1 << rng.randrange(8)
        yield bytes(b)


def main():
    out = sys.argv[1]
    rng = random.Random(15)
    for target, files in seeds().items():
        d = os.path.join(out, target)
        os.makedirs(d, exist_ok=True)
        for i, data in enumerate(files):
            for j, v in enumerate(variants(data, rng)):
                with open(os.path.join(d, f"seed-{i}-{j}"), "wb") as f:
                    f.write(v)


if __name__ == "__main__":
    main()
