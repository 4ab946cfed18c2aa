#!/usr/bin/env bash
# The one test command (see README): native tests, lints.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo test
