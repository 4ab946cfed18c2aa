"""One line per implementation from the JSON lines benches/word2vec.sh wrote: wall and CPU throughput
and the ratio to gensim.

    python benches/word2vec/summary.py bench-data/w2v skipgram|cbow
"""
import json
import sys

out, mode = sys.argv[1], sys.argv[2]
rows = [json.load(open(f"{out}/{name}-{mode}.json")) for name in ("gensim", "native", "wasm", "chromium")]
g = rows[0]
for r in rows:
    wall, cpu = r["wordsPerSec"], r["wordsPerCpuSec"]
    worker = ""
    if "wordsPerWorkerCpuSec" in r:  # Chromium: CPU of all its processes above, of the worker thread here
        w = r["wordsPerWorkerCpuSec"]
        worker = f"   worker thread {r['workerCpuSeconds']:.2f} s {w / 1e3:.0f}k words/s ({w / g['wordsPerCpuSec']:.2f}x)"
    print(f"{mode:9} {r['impl']:14} wall {r['seconds']:6.2f} s {wall / 1e3:5.0f}k words/s ({wall / g['wordsPerSec']:.2f}x)"
          f"   CPU {r['cpuSeconds']:6.2f} s {cpu / 1e3:5.0f}k words/s ({cpu / g['wordsPerCpuSec']:.2f}x){worker}")
