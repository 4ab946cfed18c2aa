#!/usr/bin/env bash
# Word2Vec speed and quality: ours (native, wasm in Node, wasm in headless Chromium in a Web
# Worker) against gensim (workers=1), same corpus, same settings, same run. Not part of CI:
#
#     benches/word2vec.sh            # VENV=/work/venvs/gensim by default; created if missing
#     MODES=skipgram SEED=2 INIT=word2vec benches/word2vec.sh
#
# Corpus: real English Wikipedia + news text from gensim's test data (see benches/word2vec/corpus.py),
# written to bench-data/w2v/ (git-ignored). Settings: dim 100, window 5, negative 5, sample 1e-3,
# min count 5, 5 epochs, whitespace tokens, one line per sentence; alpha 0.025 (skip-gram) and
# 0.05 (CBOW) for everyone; initial vectors in gensim's range [-1, 1)/dim (INIT=gensim, default)
# or word2vec.c's [-0.5, 0.5)/dim (INIT=word2vec, the page's default). Throughput = epochs × in-vocabulary tokens / training seconds.
# Quality = Spearman vs WordSim-353 on the pairs all models know.
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUSTFLAGS
VENV=${VENV:-/work/venvs/gensim}
OUT=bench-data/w2v
MODES=${MODES:-"skipgram cbow"}
SEED=${SEED:-1}
INIT=${INIT:-gensim}
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import gensim' 2>/dev/null; then
  python3 -m venv "$VENV" && "$VENV/bin/pip" install -q gensim==4.4.0
fi
PY="$VENV/bin/python"
[ -f $OUT/corpus.txt ] || "$PY" benches/word2vec/corpus.py $OUT
cargo build --release --example word2vec_bench -q
./scripts/build.sh >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)"
for mode in $MODES; do
  "$PY" benches/word2vec/gensim_run.py $OUT/corpus.txt $mode $OUT/gensim-$mode.vec $SEED | tee $OUT/gensim-$mode.json
  target/release/examples/word2vec_bench $OUT/corpus.txt $mode $OUT/native-$mode.vec $SEED $INIT | tee $OUT/native-$mode.json
  node benches/word2vec/node_run.mjs $OUT/corpus.txt $mode $OUT/wasm-$mode.vec $SEED $INIT | tee $OUT/wasm-$mode.json
  node benches/word2vec_browser.mjs $OUT/corpus.txt $mode $OUT/chromium-$mode.vec $SEED $INIT | tee $OUT/chromium-$mode.json
  cmp -s $OUT/native-$mode.vec $OUT/wasm-$mode.vec && cmp -s $OUT/native-$mode.vec $OUT/chromium-$mode.vec \
    && echo "native, wasm-node and wasm-chromium vectors: byte-identical" || echo "WARNING: native and wasm vectors differ"
  "$PY" benches/word2vec/score.py $OUT/wordsim353.tsv $OUT/gensim-$mode.vec $OUT/native-$mode.vec $OUT/wasm-$mode.vec $OUT/chromium-$mode.vec
  "$PY" benches/word2vec/summary.py $OUT $mode
done
