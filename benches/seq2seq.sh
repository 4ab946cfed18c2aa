#!/usr/bin/env bash
# The seq2seq speed benchmark (issue 11), one command: the same training step measured, in one run,
# for ours (wasm in Node; wasm in a Web Worker of headless Chromium; native), PyTorch on CPU with one
# thread, and TensorFlow.js (wasm backend, one thread) in Node. Model: vocabulary 24, embedding 32,
# hidden 64, source 10, target 10 (+ EOS), batch 16, bidirectional GRU encoder, additive attention,
# teacher forcing, Adam, clipping.
# The peers run one after another, ROUNDS times over (interleaved, so a burst of load from other
# processes hits every peer alike); the table gives each peer's fastest round and the ratios of
# those, and every round is printed above it. Each peer reports wall time and its process's CPU time
# per step (not for Chromium: the worker's thread is not visible from outside); on a busy machine
# the CPU time is the better guide, wall time counts the time other processes held the core.
# Needs: ./scripts/build.sh (pkg/), npm ci (playwright-core) and npm ci --prefix benches
# (TensorFlow.js), /work/venvs/torch or TORCH_PYTHON pointing at a Python with torch.
# Usage: benches/seq2seq.sh [steps] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS="${1:-200}"
ROUNDS="${2:-3}"
PY="${TORCH_PYTHON:-/work/venvs/torch/bin/python}"
cargo build --release --example seq2seq_speed -q
echo "load: $(uptime)"
rows=()
for r in $(seq "$ROUNDS"); do
  rows+=("$(node benches/seq2seq/wasm_step.mjs "$STEPS")")
  rows+=("$(node benches/seq2seq/speed_browser.mjs "$STEPS")")
  rows+=("$(target/release/examples/seq2seq_speed "$STEPS")")
  rows+=("$("$PY" benches/seq2seq/torch_step.py "$STEPS")")
  rows+=("$(node benches/seq2seq/tfjs_step.mjs "$((STEPS / 4))")")
  echo "round $r: ${rows[*]: -5}" | sed 's/} {/}\n         {/g'
  echo "load: $(uptime)"
done
node -e '
const rows = process.argv.slice(1).map((s) => JSON.parse(s));
const peers = [...new Set(rows.map((r) => r.peer))];
const of = (p, k) => rows.filter((r) => r.peer === p).map((r) => r[k]).filter(Number.isFinite);
const best = (p, k) => (of(p, k).length ? Math.min(...of(p, k)) : NaN);
const f = (x) => (Number.isFinite(x) ? x.toFixed(2) : "—");
const [wall, cpu] = [best("ours-wasm-node", "ms_per_step"), best("ours-wasm-node", "cpu_ms_per_step")];
console.log("| implementation | wall ms / step (best round) | all rounds | CPU ms / step (best) | ours (wasm, Node) is … × as fast: wall | CPU |");
console.log("|---|---|---|---|---|---|");
for (const p of peers) {
  console.log(`| ${p} | ${f(best(p, "ms_per_step"))} | ${of(p, "ms_per_step").map(f).join(", ")} | ${f(best(p, "cpu_ms_per_step"))} | ${f(best(p, "ms_per_step") / wall)} | ${f(best(p, "cpu_ms_per_step") / cpu)} |`);
}
' "${rows[@]}"
