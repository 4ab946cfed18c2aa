#!/usr/bin/env python3
"""Golden fixtures for the Transformer (src/lm/transformer/net.rs on src/nn), made with PyTorch.

Two 2-layer models, one training step each (zero_grad -> forward -> loss -> backward -> AdamW):

mlm.safetensors    transformers' BertForMaskedLM itself (attn_implementation="eager", dropout 0):
                   post-LN blocks, exact GELU, word + learned position + token-type embeddings,
                   embedding LayerNorm, the MLM head (transform + GELU + LayerNorm + decoder tied to
                   the word embeddings, bias cls.predictions.bias). Labels -100 except at the masked
                   positions, so the loss is the mean cross-entropy over those.
causal.safetensors A decoder-only LM as a PyTorch user writes it: nn.Embedding + fixed sinusoids,
                   nn.TransformerEncoderLayer(norm_first=True, activation="gelu", batch_first=True,
                   layer_norm_eps=1e-12) with a causal mask, a final nn.LayerNorm, logits tied to the
                   embedding (x @ E.T + bias). Parameters are stored under our (BERT) names:
                   self_attn.in_proj_weight = [query; key; value], out_proj = attention.output.dense,
                   norm1 = attention.output.LayerNorm, linear1 = intermediate.dense,
                   linear2 = output.dense, norm2 = output.LayerNorm.

Weights are re-drawn larger than BERT's 0.02 init (N(0, 0.3) matrices, biases U(+-0.1), LayerNorm
gains 1 + U(+-0.1)) so every gradient is well away from zero. Each file holds
    param.<name>  initial values     grad.<name>  gradients     after.<name>  after one AdamW step
    ids (B*T), rows, targets (the predicted rows b*T+t and their tokens, as float32)
    logits (len(rows), V)   loss (1,)

Run: /work/venvs/torch/bin/python scripts/goldens/make_transformer_golden.py
"""

import math
import os

import torch
from safetensors.torch import save_file
from transformers import BertConfig, BertForMaskedLM

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "fixtures", "transformer")
V, H, HEADS, FF, LAYERS, CTX, B, T = 13, 16, 2, 32, 2, 8, 3, 7
LR, WD, SEED = 1e-2, 0.01, 2026


def redraw(named):
    g = torch.Generator().manual_seed(SEED)
    with torch.no_grad():
        for name, p in named:
            if p.dim() == 2:
                p.copy_(torch.randn(p.shape, generator=g) * 0.3)
            elif "LayerNorm.weight" in name or name.endswith("norm1.weight") or name.endswith("norm2.weight") or name == "final_norm.weight":
                p.copy_(1 + (torch.rand(p.shape, generator=g) - 0.5) * 0.2)
            else:
                p.copy_((torch.rand(p.shape, generator=g) - 0.5) * 0.2)


def step(model, named, loss_fn):
    """Runs one step; returns (params before, loss, logits, grads, params after) under `named`'s keys."""
    before = {k: p.detach().clone() for k, p in named.items()}
    opt = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=WD)
    opt.zero_grad()
    loss, logits = loss_fn()
    loss.backward()
    grads = {k: p.grad.detach().clone() for k, p in named.items()}
    opt.step()
    after = {k: p.detach().clone() for k, p in named.items()}
    return before, loss.detach(), logits.detach(), grads, after


def save(path, ids, rows, targets, result):
    before, loss, logits, grads, after = result
    out = {"ids": ids.float().reshape(-1), "rows": torch.tensor(rows).float(), "targets": targets.float(), "logits": logits, "loss": loss.reshape(1)}
    for k in before:
        out[f"param.{k}"] = before[k].contiguous()
        out[f"grad.{k}"] = grads[k].contiguous()
        out[f"after.{k}"] = after[k].contiguous()
    save_file(out, path)
    print(f"{path}: loss {loss.item():.6f}, {len(before)} params")


def mlm():
    torch.manual_seed(SEED)
    cfg = BertConfig(vocab_size=V, hidden_size=H, num_hidden_layers=LAYERS, num_attention_heads=HEADS, intermediate_size=FF,
                     max_position_embeddings=CTX, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0, hidden_act="gelu")
    model = BertForMaskedLM(cfg, attn_implementation="eager") if "attn_implementation" in BertForMaskedLM.__init__.__code__.co_varnames else BertForMaskedLM(cfg)
    model.config._attn_implementation = "eager"
    model.train()
    named = dict(model.named_parameters())  # the tied decoder weight is listed once, as the word embeddings
    redraw(named.items())
    g = torch.Generator().manual_seed(SEED + 1)
    ids = torch.randint(5, V, (B, T), generator=g)
    ids[:, 0], ids[:, -1] = 2, 3  # [CLS] ... [SEP]
    rows = [1, 4, 5, T + 2, 2 * T + 1, 2 * T + 3]
    flat = ids.reshape(-1).clone()
    targets = flat[rows].clone()
    flat[rows[:4]] = 4  # [MASK]; the others keep their token (BERT's 10% unchanged)
    labels = torch.full((B * T,), -100)
    labels[rows] = targets
    inp = flat.reshape(B, T)

    def loss_fn():
        out = model(input_ids=inp, labels=labels.reshape(B, T))
        return out.loss, out.logits.reshape(B * T, V)[rows]

    save(os.path.join(OUT, "mlm.safetensors"), inp, rows, targets, step(model, named, loss_fn))


class Causal(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = torch.nn.Embedding(V, H)
        pe = torch.zeros(CTX, H, dtype=torch.float64)
        for p in range(CTX):
            for j in range(H):
                angle = p / 10000 ** ((j - j % 2) / H)
                pe[p, j] = math.sin(angle) if j % 2 == 0 else math.cos(angle)
        self.register_buffer("pe", pe.float())
        self.layers = torch.nn.ModuleList([
            torch.nn.TransformerEncoderLayer(H, HEADS, FF, dropout=0.0, activation="gelu", batch_first=True, norm_first=True, layer_norm_eps=1e-12)
            for _ in range(LAYERS)
        ])
        self.final_norm = torch.nn.LayerNorm(H, eps=1e-12)
        self.bias = torch.nn.Parameter(torch.zeros(V))

    def forward(self, ids):
        t = ids.shape[1]
        x = self.emb(ids) + self.pe[:t]
        mask = torch.nn.Transformer.generate_square_subsequent_mask(t)
        for layer in self.layers:
            x = layer(x, src_mask=mask, is_causal=True)
        return self.final_norm(x) @ self.emb.weight.T + self.bias


def causal():
    torch.manual_seed(SEED)
    model = Causal()
    model.train()
    redraw(model.named_parameters())
    # Our names for PyTorch's tensors; the fused in_proj is split into query/key/value below.
    names = {"emb.weight": "bert.embeddings.word_embeddings.weight", "final_norm.weight": "bert.encoder.final_norm.weight",
             "final_norm.bias": "bert.encoder.final_norm.bias", "bias": "cls.predictions.bias"}
    parts = {"self_attn.out_proj": "attention.output.dense", "norm1": "attention.output.LayerNorm", "linear1": "intermediate.dense",
             "linear2": "output.dense", "norm2": "output.LayerNorm"}
    g = torch.Generator().manual_seed(SEED + 2)
    seq = torch.randint(5, V, (B, T + 1), generator=g)
    inp, tgt = seq[:, :T], seq[:, 1:].reshape(-1)
    rows = list(range(B * T))

    def loss_fn():
        logits = model(inp).reshape(B * T, V)
        return torch.nn.functional.cross_entropy(logits, tgt), logits

    named = dict(model.named_parameters())
    before, loss, logits, grads, after = step(model, named, loss_fn)

    def rename(d):
        out = {}
        for k, v in d.items():
            if k in names:
                out[names[k]] = v
                continue
            l, rest = k.split(".", 2)[1], k.split(".", 2)[2]
            prefix = f"bert.encoder.layer.{l}.attention"
            if rest.startswith("self_attn.in_proj_"):
                kind = rest.rsplit("_", 1)[1]  # weight | bias
                for i, part in enumerate(["query", "key", "value"]):
                    out[f"{prefix}.self.{part}.{kind}"] = v[i * H:(i + 1) * H]
                continue
            mod, kind = rest.rsplit(".", 1)
            out[f"bert.encoder.layer.{l}.{parts[mod]}.{kind}"] = v
        return out

    save(os.path.join(OUT, "causal.safetensors"), inp, rows, tgt, (rename(before), loss, logits, rename(grads), rename(after)))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    mlm()
    causal()
