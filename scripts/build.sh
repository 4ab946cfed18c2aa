#!/usr/bin/env bash
# Builds the wasm package into pkg/ (release, SIMD128 on via .cargo/config.toml). Arguments go to
# cargo build: `./scripts/build.sh --features heap-trace` for scripts/paste_stress.mjs --trace.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
unset RUSTFLAGS
echo "==> building wasm (release)"
cargo build --release --target wasm32-unknown-unknown --lib "$@"
wasm-bindgen --target web --out-dir pkg target/wasm32-unknown-unknown/release/nlp_playground.wasm
# The settings schemas for the page's main thread (forms, URL coercion), from the library itself.
node scripts/gen_settings_spec.mjs > /dev/null
# The file list the service worker (www/sw.js) caches for offline use: paths from the repo root.
find www pkg -type f ! -name files.json ! -name '*.d.ts' ! -name package.json ! -name .gitignore | LC_ALL=C sort \
  | node -e 'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>console.log(JSON.stringify(s.split("\n").filter(Boolean))))' > pkg/files.json
echo "==> pkg/ ready ($(du -h pkg/nlp_playground_bg.wasm | cut -f1) wasm)"
