#!/usr/bin/env python3
"""PyTorch peer of the RNN speed benchmark (benches/rnn.sh): issue 10's character LM written as a
PyTorch user would (the shape of pytorch/examples word_language_model): nn.Embedding(64, 32) →
nn.GRU / nn.LSTM(32, 128) → nn.Linear(128, 64), batch 16, BPTT 32 (time-major), the hidden state
carried and detached between chunks, cross-entropy, Adam(1e-3). CPU, one thread. One step =
zero_grad, forward, loss, backward, Adam step — the same as ours (benches/rnn/step.rs).

Prints one JSON line per cell: {"peer": "pytorch", "cell": …, "ms_per_step": …, "steps": …}.
Usage: python benches/rnn/torch_step.py [steps] [gru,lstm]
"""
import json
import sys
import time

import torch

V, E, H, B, T = 64, 32, 128, 16, 32


class Model(torch.nn.Module):
    def __init__(self, cell):
        super().__init__()
        self.encoder = torch.nn.Embedding(V, E)
        self.rnn = {"gru": torch.nn.GRU, "lstm": torch.nn.LSTM}[cell](E, H)
        self.decoder = torch.nn.Linear(H, V)

    def forward(self, x, state):
        out, state = self.rnn(self.encoder(x), state)
        return self.decoder(out).reshape(-1, V), state


def detach(state):
    return tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()


def bench(cell, steps):
    torch.manual_seed(1)
    model = Model(cell)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    stream = torch.randint(0, V, (16 * T + 1, B))
    zeros = torch.zeros(1, B, H)
    state = (zeros, zeros.clone()) if cell == "lstm" else zeros
    k = 0

    def step():
        nonlocal state, k
        x, y = stream[k * T:(k + 1) * T], stream[k * T + 1:(k + 1) * T + 1]
        k = (k + 1) % 16
        opt.zero_grad()
        logits, state = model(x, detach(state))
        loss = torch.nn.functional.cross_entropy(logits, y.reshape(-1))
        loss.backward()
        opt.step()
        return loss

    for _ in range(10):
        step()
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(steps):
        loss = step()
    ms = (time.perf_counter() - t0) * 1000 / steps
    cpu = (time.process_time() - c0) * 1000 / steps  # all threads of the process (one here)
    return {"peer": "pytorch", "cell": cell, "ms_per_step": ms, "cpu_ms_per_step": cpu, "steps": steps, "loss": loss.item(), "torch": torch.__version__}


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    cells = sys.argv[2].split(",") if len(sys.argv) > 2 else ["gru", "lstm"]
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    for cell in cells:
        print(json.dumps(bench(cell, steps)), flush=True)


if __name__ == "__main__":
    main()
