#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what is missing, then runs every test —
# lints, native Rust tests, wasm-bindgen tests in headless Chromium, the JS API under Node,
# and end-to-end tests of the page in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUSTFLAGS

./scripts/setup.sh

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  echo "==> installing Chromium and ChromeDriver (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # fonts-noto-cjk: Hangul in the page's screenshots instead of empty boxes.
  apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-noto-cjk >/dev/null
fi
if [ ! -d node_modules/playwright-core ]; then
  echo "==> installing npm packages"
  npm ci --no-audit --no-fund
fi

echo "==> lints"
cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings

echo "==> native tests"
cargo test

echo "==> wasm tests (headless Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web

./scripts/build.sh

echo "==> JS API (Node) and end-to-end tests (headless Chromium)"
# tests/lessons/: the teaching contract — chapters 2-5 over seeds 1-10 (about a minute; tests/node/lessons.test.mjs
# runs seed 1), chapters 6-8 on seed 1 for their first 300 steps (about 40 s of CPU; the full runs over
# seeds 1-10 are node tests/lessons/chapters.mjs, README "Teaching contract").
node --test --test-concurrency=1 tests/node/ tests/lessons/ tests/e2e/
