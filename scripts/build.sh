#!/usr/bin/env bash
# Builds the wasm package into pkg/ (release, SIMD128 on via .cargo/config.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
unset RUSTFLAGS
echo "==> building wasm (release)"
cargo build --release --target wasm32-unknown-unknown --lib
wasm-bindgen --target web --out-dir pkg target/wasm32-unknown-unknown/release/nlp_playground.wasm
echo "==> pkg/ ready ($(du -h pkg/nlp_playground_bg.wasm | cut -f1) wasm)"
