#!/usr/bin/env python3
"""Golden fixture for the seq2seq model with additive attention (src/lm/seq2seq/net.rs), made with PyTorch.

The model, written as a PyTorch user would (the seq2seq tutorial's BahdanauAttention, time-major):
    src_embed = nn.Embedding(Vs, E); encoder = nn.GRU(E, H, bidirectional=True) over a pack_padded_sequence;
    annotations h_s = [forward_s; backward_s] (Bahdanau's, the two directions concatenated), the keys;
    values x_s = src_embed(src_s) (the source tokens themselves: see src/lm/seq2seq/net.rs for why)
    tgt_embed = nn.Embedding(Vt, E)
    attention.query = nn.Linear(H, H); attention.key = nn.Linear(2 * H, H); attention.v = nn.Linear(H, 1, bias=False)
    decoder = nn.GRU(E + E, H); out = nn.Linear(H + E, Vt)
    e_ts = v . tanh(query(s_{t-1}) + key(h_s)), masked past each source's length; a = softmax_s(e)
    c_t = sum_s a_ts x_s;  s_t = decoder([embed(y_{t-1}); c_t], s_{t-1});  logits_t = out([s_t; c_t])
The decoder starts from the sum of the two directions' final states (forward at len-1, backward at 0). Loss: cross-entropy over the target tokens, padding (id 0)
ignored (ignore_index, mean over real tokens). One training step: zero_grad -> forward -> loss ->
backward -> clip_grad_norm_(0.3, so it acts) -> Adam(lr 1e-2).

Batch: 3 pairs of different lengths (sources 5, 2, 4; targets 3, 5, 1 plus EOS), time-major.
Ids: 0 pad, 1 BOS, 2 EOS, 3 unk, then tokens.

Writes tests/fixtures/seq2seq/additive.safetensors (float32, a few KB):
    param.<name>   initial parameters (PyTorch's default init, torch.manual_seed(SEED))
    src, src_len, tgt_in, tgt_out   the batch (stored as float32)
    logits         (T*B, Vt)       loss (1,)      gradnorm (1,)
    grad.<name>    every parameter gradient (before clipping)
    after.<name>   parameters after the Adam step

Run: /work/venvs/torch/bin/python scripts/goldens/make_seq2seq_golden.py
"""

import json
import os

import torch
from safetensors.torch import save_file

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "fixtures", "seq2seq")
VS, VT, E, H, CLIP, LR, SEED = 9, 10, 6, 8, 0.3, 1e-2, 2026
PAD, BOS, EOS = 0, 1, 2
PAIRS = [([4, 5, 6, 7, 8], [5, 6, 9]), ([8, 4], [4, 7, 7, 8, 6]), ([6, 6, 5, 4], [9])]


class Attention(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.query = torch.nn.Linear(H, H)
        self.key = torch.nn.Linear(2 * H, H)
        self.v = torch.nn.Linear(H, 1, bias=False)

    def forward(self, s_prev, keys, values, mask):
        # s_prev (B, H), keys (S, B, 2H), values (S, B, E), mask (S, B) True where padding
        e = self.v(torch.tanh(self.query(s_prev).unsqueeze(0) + self.key(keys))).squeeze(-1)
        a = torch.softmax(e.masked_fill(mask, float("-inf")), dim=0)
        return (a.unsqueeze(-1) * values).sum(0), a


class Seq2Seq(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.src_embed = torch.nn.Embedding(VS, E)
        self.encoder = torch.nn.GRU(E, H, bidirectional=True)
        self.tgt_embed = torch.nn.Embedding(VT, E)
        self.attention = Attention()
        self.decoder = torch.nn.GRU(E + E, H)
        self.out = torch.nn.Linear(H + E, VT)

    def forward(self, src, src_len, tgt_in):
        x = self.src_embed(src)
        packed = torch.nn.utils.rnn.pack_padded_sequence(x, src_len, enforce_sorted=False)
        out, h_n = self.encoder(packed)
        keys, _ = torch.nn.utils.rnn.pad_packed_sequence(out, total_length=src.shape[0])  # (S, B, 2H)
        s = h_n[0] + h_n[1]  # (B, H)
        mask = torch.arange(src.shape[0]).unsqueeze(1) >= src_len.unsqueeze(0)
        emb = self.tgt_embed(tgt_in)
        states = []
        for t in range(tgt_in.shape[0]):
            c, _ = self.attention(s, keys, x, mask)
            _, h = self.decoder(torch.cat([emb[t], c], dim=-1).unsqueeze(0), s.unsqueeze(0))
            s = h[0]
            states.append(torch.cat([s, c], dim=-1))
        return self.out(torch.stack(states)).reshape(-1, VT)


def batch():
    b = len(PAIRS)
    s = max(len(p[0]) for p in PAIRS)
    t = max(len(p[1]) for p in PAIRS) + 1
    src = torch.full((s, b), PAD)
    tgt_in = torch.full((t, b), PAD)
    tgt_out = torch.full((t, b), PAD)
    for r, (x, y) in enumerate(PAIRS):
        src[: len(x), r] = torch.tensor(x)
        tgt_in[: len(y) + 1, r] = torch.tensor([BOS] + y)
        tgt_out[: len(y) + 1, r] = torch.tensor(y + [EOS])
    return src, torch.tensor([len(p[0]) for p in PAIRS]), tgt_in, tgt_out


def main():
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    model = Seq2Seq()
    params = {n: p.detach().clone() for n, p in model.named_parameters()}
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    src, src_len, tgt_in, tgt_out = batch()
    opt.zero_grad()
    logits = model(src, src_len, tgt_in)
    loss = torch.nn.functional.cross_entropy(logits, tgt_out.reshape(-1), ignore_index=PAD)
    loss.backward()
    out = {"logits": logits.detach().clone(), "loss": loss.detach().reshape(1)}
    for n, p in model.named_parameters():
        out[f"grad.{n}"] = p.grad.detach().clone()
    out["gradnorm"] = torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP).reshape(1)
    opt.step()
    for n, p in params.items():
        out[f"param.{n}"] = p
    for n, p in model.named_parameters():
        out[f"after.{n}"] = p.detach().clone()
    for name, tensor in [("src", src), ("src_len", src_len), ("tgt_in", tgt_in), ("tgt_out", tgt_out)]:
        out[name] = tensor.float()
    meta = {"src_vocab": VS, "tgt_vocab": VT, "embed": E, "hidden": H, "clip": CLIP, "lr": LR, "seed": SEED, "torch": torch.__version__}
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "additive.safetensors")
    save_file({n: t.contiguous().float() for n, t in out.items()}, path, metadata={k: json.dumps(v) for k, v in meta.items()})
    print(f"{path}: loss {loss.item():.6f}, grad norm {out['gradnorm'].item():.6f}")


if __name__ == "__main__":
    main()
