#!/usr/bin/env bash
# The round loop shared by benches/rnn.sh and benches/transformer.sh: ROUNDS rounds, each running
# every peer once, one after another (interleaved, so a burst of load hits them alike), each
# printing one JSON row per model; then the load before and after, and DIR/summary.mjs's table.
# Peers: ours native (target/release/examples/EXAMPLE), ours wasm in Node (DIR/wasm_step.mjs) and in
# headless Chromium's worker (DIR/browser.mjs), PyTorch (DIR/torch_step.py with $PY), TF.js
# (DIR/tfjs_step.mjs, a fifth of the steps: it is 10-20x slower).
# Usage (from the repository root, after the caller built EXAMPLE): benches/peers.sh DIR EXAMPLE STEPS ROUNDS
set -euo pipefail
DIR="$1" EXAMPLE="$2" STEPS="$3" ROUNDS="$4"
PY="${TORCH_PYTHON:-/work/venvs/torch/bin/python}"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "{\"load\": \"$(uptime)\"}" >> "$out"
for r in $(seq "$ROUNDS"); do
  echo "round $r / $ROUNDS" >&2
  "target/release/examples/$EXAMPLE" "$STEPS" >> "$out"
  node "benches/$DIR/wasm_step.mjs" "$STEPS" >> "$out"
  node "benches/$DIR/browser.mjs" "$STEPS" >> "$out"
  "$PY" "benches/$DIR/torch_step.py" "$STEPS" >> "$out"
  node "benches/$DIR/tfjs_step.mjs" "$((STEPS / 5))" >> "$out"
done
echo "{\"load\": \"$(uptime)\"}" >> "$out"
node "benches/$DIR/summary.mjs" < "$out"
