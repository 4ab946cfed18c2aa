#!/usr/bin/env bash
# The Transformer speed benchmark (issue 12), one command: the issue's training step measured in
# one run for ours natively, ours in wasm under Node, ours in wasm in headless Chromium's Web Worker
# (the page's own JS API, pkg/), PyTorch on CPU with one thread (nn.TransformerEncoderLayer with a
# causal mask) and TensorFlow.js (wasm backend, one thread) in Node; plus our matmul kernel alone on
# the step's shapes (benches/gemm_bench.rs), natively and in wasm, for the GFLOP/s a step could
# reach. Model: causal LM, vocabulary 64, 2 layers, 2 heads, width 64, feed-forward 256, learned
# positions, post-LN, dropout 0.1, context 32, batch 16, AdamW, clipping at 1.
# The peers run interleaved, ROUNDS times, so machine load hits them alike; the table gives each
# one's median wall and process CPU time per step (on a busy machine CPU time is the better guide)
# and the load average before and after.
# Needs: ./scripts/build.sh (pkg/), npm ci (playwright-core), npm ci --prefix benches (TensorFlow.js),
# Chromium, /work/venvs/torch or TORCH_PYTHON pointing at a Python with torch.
# Usage: benches/transformer.sh [steps] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS="${1:-100}"
ROUNDS="${2:-3}"
unset RUSTFLAGS # an exported RUSTFLAGS would replace .cargo/config.toml's +simd128
cargo build --release --example transformer_speed -q
cargo build --release --target wasm32-unknown-unknown --example rnn_wasm -q # the kernel module
exec benches/peers.sh transformer transformer_speed "$STEPS" "$ROUNDS"
