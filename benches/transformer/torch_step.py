#!/usr/bin/env python3
"""PyTorch peer of the Transformer speed benchmark (benches/transformer.sh), written as a PyTorch user
would: nn.Embedding + learned position nn.Embedding, two nn.TransformerEncoderLayer(64, 2, 256,
dropout=0.1, activation="gelu", batch_first=True) (post-LN, PyTorch's default) with a causal mask,
logits tied to the embedding, cross-entropy, clip_grad_norm_(1), AdamW. Vocabulary 64, context 32,
batch 16; CPU, one thread. One step = zero_grad, forward, loss, backward, clip, AdamW.

Prints one JSON line: {"peer": "pytorch", "ms_per_step": …, "cpu_ms_per_step": … (process CPU time), "steps": …}.
"""
import json
import sys
import time

import torch

V, H, F, L, T, B = 64, 64, 256, 2, 32, 16


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = torch.nn.Embedding(V, H)
        self.pos = torch.nn.Embedding(T, H)
        self.layers = torch.nn.ModuleList([torch.nn.TransformerEncoderLayer(H, 2, F, dropout=0.1, activation="gelu", batch_first=True) for _ in range(L)])
        self.bias = torch.nn.Parameter(torch.zeros(V))
        self.register_buffer("mask", torch.nn.Transformer.generate_square_subsequent_mask(T))

    def forward(self, ids):
        x = self.emb(ids) + self.pos.weight[: ids.shape[1]]
        for layer in self.layers:
            x = layer(x, src_mask=self.mask, is_causal=True)
        return x @ self.emb.weight.T + self.bias


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    torch.set_num_threads(1)
    torch.manual_seed(1)
    model = Model()
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    stream = torch.randint(0, V, (100_000,))

    def step():
        starts = torch.randint(0, len(stream) - T - 1, (B,))
        seq = torch.stack([stream[s : s + T + 1] for s in starts.tolist()])
        opt.zero_grad()
        logits = model(seq[:, :T])
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, V), seq[:, 1:].reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        return loss.item()

    for _ in range(20):
        step()
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(steps):
        loss = step()
    ms = (time.perf_counter() - t0) * 1e3 / steps
    cpu = (time.process_time() - c0) * 1e3 / steps
    print(json.dumps({"peer": "pytorch", "ms_per_step": round(ms, 3), "cpu_ms_per_step": round(cpu, 3), "steps": steps, "loss": round(loss, 3)}))


if __name__ == "__main__":
    main()
