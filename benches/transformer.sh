#!/usr/bin/env bash
# The Transformer speed benchmark (issue 12), one command: the same training step measured in one
# run for ours natively and for PyTorch on CPU with one thread. Model: causal LM, vocabulary 64,
# 2 layers, 2 heads, width 64, feed-forward 256, learned positions, post-LN, dropout 0.1, context
# 32, batch 16, AdamW, clipping at 1 (benches/transformer/native_speed.rs, torch_step.py).
# Needs /work/venvs/torch or TORCH_PYTHON pointing at a Python with torch.
# Usage: benches/transformer.sh [steps]
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS="${1:-200}"
PY="${TORCH_PYTHON:-/work/venvs/torch/bin/python}"
echo "load: $(uptime)"
cargo build --release --example transformer_speed -q
native=$(target/release/examples/transformer_speed "$STEPS")
torch=$("$PY" benches/transformer/torch_step.py "$STEPS")
echo "load: $(uptime)"
node -e '
const rows = process.argv.slice(1).map((s) => JSON.parse(s));
const torch = rows.find((r) => r.peer === "pytorch").ms_per_step;
console.log("| implementation | ms / step | GFLOP/s | PyTorch time / this time |");
console.log("|---|---|---|---|");
for (const r of rows) console.log(`| ${r.peer} | ${r.ms_per_step.toFixed(2)} | ${r.gflops ?? ""} | ${(torch / r.ms_per_step).toFixed(2)} |`);
' "$native" "$torch"
