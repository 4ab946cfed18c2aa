#!/usr/bin/env bash
# The "run the page" command: installs what is missing, builds, serves on 127.0.0.1 and prints the URL.
# PORT=8000 by default.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
exec node scripts/serve.mjs "${PORT:-8000}"
