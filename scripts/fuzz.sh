#!/usr/bin/env bash
# Fuzzes every parser of a user's file for a set time each, on stable Rust (not part of the test
# command; see fuzz/README.md):
#
#     scripts/fuzz.sh                  # every target, 60 s each
#     SECONDS_EACH=600 scripts/fuzz.sh vec corpus
#
# libFuzzer comes from the crate libfuzzer-sys (built from source with the C++ compiler); coverage
# from rustc's stable sancov flags below, so no nightly toolchain and no cargo-fuzz are needed. No
# sanitizer runs (ASan needs nightly): findings are panics, aborts, hangs (> TIMEOUT s for one
# input), allocations past the input's budget (fuzz/src/lib.rs) and RSS above RSS_MB.
#
# Seeds: tests/fixtures' real files (checkpoints, tokenizers, configs, vocabularies, corpora, .vec
# written by our own export) plus truncations and bit flips of each, written to
# fuzz/corpus/<target>/ (git-ignored; the corpus grows across runs). Crashes land in
# fuzz/artifacts/<target>/; each becomes a regression test in tests/fuzz_regressions.rs.
# Prints one line per target: executions, coverage (edges), features, corpus size, findings.
set -euo pipefail
cd "$(dirname "$0")/.."
ALL="safetensors torch_zip torch_legacy config_json tokenizer_json tokenizer_config vocab_txt vec corpus"
TARGETS=${*:-$ALL}
SECONDS_EACH=${SECONDS_EACH:-60}
TIMEOUT=${TIMEOUT:-10}
RSS_MB=${RSS_MB:-2048}
TRIPLE=x86_64-unknown-linux-gnu
unset RUSTFLAGS
# What cargo-fuzz passes, minus the nightly-only sanitizer flag. --target keeps these flags off
# build scripts and proc macros (serde_derive).
export RUSTFLAGS="-C passes=sancov-module -C llvm-args=-sanitizer-coverage-level=4 \
 -C llvm-args=-sanitizer-coverage-inline-8bit-counters -C llvm-args=-sanitizer-coverage-pc-table \
 -C llvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing"
# NO_BUILD=1 runs the binaries already built (the build takes long on a shared machine).
[ -n "${NO_BUILD:-}" ] || cargo build --release --manifest-path fuzz/Cargo.toml --target $TRIPLE --bins -q
unset RUSTFLAGS
python3 fuzz/seeds.py fuzz/corpus
printf '%-17s %10s %8s %8s %8s %9s  %s\n' target executions edges features corpus exec/s findings
for t in $TARGETS; do
  mkdir -p fuzz/artifacts/$t fuzz/corpus/$t
  case $t in safetensors|torch_*) maxlen=262144 ;; *) maxlen=65536 ;; esac
  log=fuzz/artifacts/$t.log
  # -close_fd_mask=1: the targets print nothing worth keeping on stdout.
  set +e
  fuzz/target/$TRIPLE/release/$t fuzz/corpus/$t -max_total_time="$SECONDS_EACH" -timeout="$TIMEOUT" -max_len=$maxlen \
    -rss_limit_mb="$RSS_MB" -artifact_prefix=fuzz/artifacts/$t/ -print_final_stats=1 -close_fd_mask=1 >"$log" 2>&1
  rc=$?
  set -e
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
  rate=$(grep -m1 'stat::average_exec_per_sec' "$log" | awk '{print $2}')
  cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$last")
  ft=$(sed -nE 's/.*ft: ([0-9]+).*/\1/p' <<<"$last")
  corp=$(sed -nE 's/.*corp: ([0-9]+).*/\1/p' <<<"$last")
  found=$(find fuzz/artifacts/$t -type f | wc -l)
  status="$found files in fuzz/artifacts/$t"
  [ $rc -ne 0 ] && status="$status; libFuzzer exit $rc: $(grep -m1 -E 'ERROR|panicked|fuzz: an allocation|timeout|out-of-memory' "$log" || true)"
  printf '%-17s %10s %8s %8s %8s %9s  %s\n' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "${rate:-?}" "$status"
done
