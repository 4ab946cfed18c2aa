#!/usr/bin/env python3
"""Golden fixtures for the recurrent language model (src/lm/rnn, src/nn), made with PyTorch.

The model is pytorch/examples' word_language_model RNNModel (same parameter names as ours):
    encoder = nn.Embedding(V, E); rnn = nn.GRU / nn.LSTM / nn.RNN(E, H, num_layers=2); decoder = nn.Linear(H, V)
    loss = nn.CrossEntropyLoss() (mean) over the T·B next-token predictions, inputs time-major (T, B).
Three chunks of truncated BPTT: the hidden state is carried from chunk to chunk (detached); each
chunk is one training step: zero_grad → forward → loss → backward → clip_grad_norm_ → optimiser step.

Writes tests/fixtures/rnn-lm/{gru,lstm,rnn}.safetensors (float32, a few KB each), with tensors
    param.<name>     initial parameters (PyTorch's default init, torch.manual_seed(SEED))
    ids.<k>, targets.<k>   chunk k = 0, 1, 2 as (T, B) token ids (stored as float32)
    logits.0         (T·B, V) logits of chunk 0          loss  (3,) loss of each chunk
    grad.<name>      every parameter gradient of chunk 0 (before clipping)
    gradnorm         (3,) global gradient norm of each chunk (before clipping)
    after.<name>     parameters after the 3 steps
and the settings in the safetensors metadata (read by tests/rnn_golden.rs).
  gru:  Adam(lr 1e-2), clip 0.2       lstm: AdamW(lr 1e-2, weight decay 0.01), clip 0.2
  rnn:  SGD(lr 0.5, momentum 0.9), clip 0.2
The clip is small on purpose, so that clipping acts on every step.

Run: /work/venvs/torch/bin/python scripts/goldens/make_rnn_goldens.py
"""

import json
import os

import torch
from safetensors.torch import save_file

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "fixtures", "rnn-lm")
V, E, H, LAYERS, T, B, CHUNKS, CLIP = 11, 6, 8, 2, 5, 3, 3, 0.2


class RNNModel(torch.nn.Module):
    """pytorch/examples word_language_model/model.py RNNModel, dropout 0, untied."""

    def __init__(self, cell):
        super().__init__()
        self.encoder = torch.nn.Embedding(V, E)
        kind = {"gru": torch.nn.GRU, "lstm": torch.nn.LSTM, "rnn": torch.nn.RNN}[cell]
        self.rnn = kind(E, H, num_layers=LAYERS)
        self.decoder = torch.nn.Linear(H, V)

    def forward(self, ids, hidden):
        out, hidden = self.rnn(self.encoder(ids), hidden)
        return self.decoder(out).reshape(-1, V), hidden


def make(cell, seed):
    torch.manual_seed(seed)
    model = RNNModel(cell)
    params = {n: p.detach().clone() for n, p in model.named_parameters()}
    if cell == "gru":
        opt, desc = torch.optim.Adam(model.parameters(), lr=1e-2), {"optimizer": "adam", "lr": 1e-2}
    elif cell == "lstm":
        opt = torch.optim.AdamW(model.parameters(), lr=1e-2, weight_decay=0.01)
        desc = {"optimizer": "adamw", "lr": 1e-2, "weight_decay": 0.01}
    else:
        opt, desc = torch.optim.SGD(model.parameters(), lr=0.5, momentum=0.9), {"optimizer": "sgd", "lr": 0.5, "momentum": 0.9}
    stream = torch.randint(0, V, (T * CHUNKS + 1, B))
    zeros = torch.zeros(LAYERS, B, H)
    hidden = (zeros, zeros.clone()) if cell == "lstm" else zeros
    out, losses, norms = {}, [], []
    for k in range(CHUNKS):
        ids, targets = stream[k * T:(k + 1) * T], stream[k * T + 1:(k + 1) * T + 1]
        hidden = tuple(h.detach() for h in hidden) if cell == "lstm" else hidden.detach()
        opt.zero_grad()
        logits, hidden = model(ids, hidden)
        loss = torch.nn.functional.cross_entropy(logits, targets.reshape(-1))
        loss.backward()
        if k == 0:
            out["logits.0"] = logits.detach().clone()
            for n, p in model.named_parameters():
                out[f"grad.{n}"] = p.grad.detach().clone()
        norms.append(float(torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)))
        opt.step()
        losses.append(loss.item())
        out[f"ids.{k}"] = ids.float()
        out[f"targets.{k}"] = targets.float()
    for n, p in params.items():
        out[f"param.{n}"] = p
    for n, p in model.named_parameters():
        out[f"after.{n}"] = p.detach().clone()
    out["loss"] = torch.tensor(losses)
    out["gradnorm"] = torch.tensor(norms)
    meta = {"cell": cell, "vocab": V, "embed": E, "hidden": H, "layers": LAYERS, "T": T, "B": B, "chunks": CHUNKS, "clip": CLIP, "seed": seed,
            "torch": torch.__version__, **desc}
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, f"{cell}.safetensors")
    save_file({n: t.contiguous().float() for n, t in out.items()}, path, metadata={k: json.dumps(v) for k, v in meta.items()})
    print(f"{path}: losses {[round(x, 5) for x in losses]}, grad norms {[round(x, 4) for x in norms]}")


if __name__ == "__main__":
    torch.set_num_threads(1)
    for i, cell in enumerate(["gru", "lstm", "rnn"]):
        make(cell, 1000 + i)
