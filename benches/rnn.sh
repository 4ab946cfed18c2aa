#!/usr/bin/env bash
# The RNN speed benchmark (issue 10), one command: one training step of issue 10's character LM
# (vocabulary 64, embedding 32, one GRU or LSTM layer of 128, batch 16, BPTT 32, Adam 1e-3;
# forward + backward + update) measured in one run for ours natively, ours in wasm under Node,
# ours in wasm in headless Chromium's Web Worker, PyTorch on CPU with one thread (nn.GRU / nn.LSTM),
# and TensorFlow.js (wasm backend, one thread) in Node; plus a microbenchmark of our simd128
# matmul kernel (nn::matmul::gemm) natively and in wasm, for the GFLOP/s a step could reach.
# Ours is timed on the public path, `lm.train(1)` of an RnnLM built from a text
# (benches/rnn/public.rs, public.mjs), and on the bare network step (Net + Adam, rows *-net).
# Each row has the wall-clock and, where the runtime has a CPU clock (not in a browser worker),
# the CPU time per step: on a loaded machine the CPU time is the fairer comparison.
# The peers run interleaved, ROUNDS times, so machine load hits them alike; the table gives each
# one's median and the load average before and after.
# Needs: Chromium, npm ci --prefix benches (TensorFlow.js), pkg/ (./scripts/build.sh),
# /work/venvs/torch or TORCH_PYTHON pointing at a Python with torch. Usage: benches/rnn.sh [steps] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS="${1:-100}"
ROUNDS="${2:-3}"
unset RUSTFLAGS # an exported RUSTFLAGS would replace .cargo/config.toml's +simd128
[ -f pkg/nlp_playground_bg.wasm ] || ./scripts/build.sh
cargo build --release --example rnn_speed -q
cargo build --release --target wasm32-unknown-unknown --example rnn_wasm -q
exec benches/peers.sh rnn rnn_speed "$STEPS" "$ROUNDS"
