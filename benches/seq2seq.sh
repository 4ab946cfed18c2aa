#!/usr/bin/env bash
# The seq2seq speed benchmark (issue 11), one command: the same training step measured, in one run,
# for ours (wasm in Node; native), PyTorch on CPU with one thread, and TensorFlow.js (wasm backend,
# one thread) in Node. Model: vocabulary 24, embedding 32, hidden 64, source 10, target 10 (+ EOS),
# batch 16, bidirectional GRU encoder, additive attention, teacher forcing, Adam, clipping.
# Needs: ./scripts/build.sh (pkg/), npm ci --prefix benches (TensorFlow.js), /work/venvs/torch or
# TORCH_PYTHON pointing at a Python with torch. Usage: benches/seq2seq.sh [steps]
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS="${1:-200}"
PY="${TORCH_PYTHON:-/work/venvs/torch/bin/python}"
echo "load: $(uptime)"
cargo build --release --example seq2seq_speed -q
ours=$(node benches/seq2seq/wasm_step.mjs "$STEPS")
native=$(target/release/examples/seq2seq_speed "$STEPS")
torch=$("$PY" benches/seq2seq/torch_step.py "$STEPS")
tfjs=$(node benches/seq2seq/tfjs_step.mjs "$((STEPS / 4))")
echo "load: $(uptime)"
node -e '
const rows = process.argv.slice(1).map((s) => JSON.parse(s));
const get = (p) => rows.find((r) => r.peer === p).ms_per_step;
const ours = get("ours-wasm-node");
console.log("| implementation | ms / step | ours (wasm) is … × as fast |");
console.log("|---|---|---|");
for (const r of rows) console.log(`| ${r.peer} | ${r.ms_per_step.toFixed(2)} | ${(r.ms_per_step / ours).toFixed(2)} |`);
' "$ours" "$native" "$torch" "$tfjs"
