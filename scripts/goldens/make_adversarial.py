#!/usr/bin/env python3
"""Small checkpoints that are valid for PyTorch but ask a reader for far more memory than their
size, for tests/fuzz_regressions.rs (writes tests/fixtures/adversarial/):

    /work/venvs/torch/bin/python scripts/goldens/make_adversarial.py

- expand_{zip,legacy}.bin: {"x": torch.zeros(1).expand(100000, 100000)}: one stored float, a view
  of 10^10 elements with strides (0, 0). torch.save keeps the view, so a reader that materialises it
  allocates 40 GB for a file of 1.6 KB / 363 bytes.
"""
import os

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures", "adversarial")


def main():
    os.makedirs(OUT, exist_ok=True)
    sd = {"x": torch.zeros(1).expand(100000, 100000)}
    assert sd["x"].stride() == (0, 0)
    torch.save(sd, os.path.join(OUT, "expand_zip.bin"))
    torch.save(sd, os.path.join(OUT, "expand_legacy.bin"), _use_new_zipfile_serialization=False)


if __name__ == "__main__":
    main()
