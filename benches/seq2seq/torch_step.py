#!/usr/bin/env python3
"""PyTorch peer of the seq2seq speed benchmark (benches/seq2seq.sh): the same network as ours
(scripts/goldens/make_seq2seq_golden.py: bidirectional GRU encoder over a pack_padded_sequence, the
two directions concatenated into the annotations that additive attention scores, the context the
weighted sum of the source embeddings, decoder GRU(E + E, H), output Linear(H + E, V)), written as a
PyTorch user would, on CPU with one thread. One step = zero_grad, forward with teacher forcing,
cross-entropy, backward, clip_grad_norm_(1), Adam. Vocabulary 24, embedding 32, hidden 64, source
and target length 10 (+ EOS: 11 decoder steps, as ours), batch 16.

Prints one JSON line: {"peer": "pytorch", "ms_per_step": …, "cpu_ms_per_step": …, "steps": …} (wall
and process CPU time per step).
"""
import json
import os
import sys
import time

import torch

V, E, H, S, T, B = 24, 32, 64, 10, 11, 16  # target 10 tokens + EOS, as ours


class Attention(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.query = torch.nn.Linear(H, H)
        self.key = torch.nn.Linear(2 * H, H)
        self.v = torch.nn.Linear(H, 1, bias=False)

    def forward(self, s_prev, values, keys_proj):
        e = self.v(torch.tanh(self.query(s_prev).unsqueeze(0) + keys_proj)).squeeze(-1)
        a = torch.softmax(e, dim=0)
        return (a.unsqueeze(-1) * values).sum(0)


class Seq2Seq(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.src_embed = torch.nn.Embedding(V, E)
        self.encoder = torch.nn.GRU(E, H, bidirectional=True)
        self.tgt_embed = torch.nn.Embedding(V, E)
        self.attention = Attention()
        self.decoder = torch.nn.GRU(E + E, H)
        self.out = torch.nn.Linear(H + E, V)

    def forward(self, src, src_len, tgt_in):
        x = self.src_embed(src)
        packed = torch.nn.utils.rnn.pack_padded_sequence(x, src_len, enforce_sorted=False)
        out, h_n = self.encoder(packed)
        keys, _ = torch.nn.utils.rnn.pad_packed_sequence(out, total_length=src.shape[0])
        keys_proj = self.attention.key(keys)
        s = h_n[0] + h_n[1]
        emb = self.tgt_embed(tgt_in)
        tops = []
        for t in range(tgt_in.shape[0]):
            c = self.attention(s, x, keys_proj)
            _, h = self.decoder(torch.cat([emb[t], c], dim=-1).unsqueeze(0), s.unsqueeze(0))
            s = h[0]
            tops.append(torch.cat([s, c], dim=-1))
        return self.out(torch.stack(tops)).reshape(-1, V)


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    torch.manual_seed(1)
    model = Seq2Seq()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    src = torch.randint(4, V, (S, B))
    src_len = torch.full((B,), S)
    tgt = torch.randint(4, V, (T, B))
    tgt_in = torch.cat([torch.ones(1, B, dtype=torch.long), tgt[:-1]])

    def step():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(src, src_len, tgt_in), tgt.reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()

    for _ in range(20):
        step()
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(steps):
        step()
    ms = (time.perf_counter() - t0) * 1000 / steps
    cpu = (time.process_time() - c0) * 1000 / steps
    print(json.dumps({"peer": "pytorch", "ms_per_step": ms, "cpu_ms_per_step": cpu, "steps": steps, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
