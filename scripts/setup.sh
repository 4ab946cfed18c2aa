#!/usr/bin/env bash
# Installs what building the page needs and is missing: the wasm32 target and the wasm-bindgen CLI
# pinned to the exact version in Cargo.lock. Idempotent; sourced by build.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null; then
  echo "cargo not found: install Rust from rustup first" >&2
  exit 1
fi
# An exported RUSTFLAGS would replace .cargo/config.toml's flags and silently turn SIMD off.
unset RUSTFLAGS

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "==> adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

want=$(cargo pkgid wasm-bindgen 2>/dev/null | sed 's/.*[@#]//')
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$want" != "$have" ]; then
  echo "==> installing wasm-bindgen-cli $want (have: ${have:-none}); takes a few minutes once"
  # No --locked: the CLI's own lockfile asks for a crate version the registry may lack.
  cargo install wasm-bindgen-cli --version "$want"
fi
