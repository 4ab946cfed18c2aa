// Benchmark: build an order-3 n-gram model from ~1M word tokens in wasm under Node.
//   scripts/build.sh (or the cargo + wasm-bindgen recipe in README) && node benches/ngram.mjs [tokens] [runs]
// The text is synthetic and seeded: a Zipf-distributed vocabulary of 20,000 words in sentences of
// 5–25 words, so the number of distinct n-grams resembles a real corpus. Prints one line per run.
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { initSync, NGramModel } from '../pkg/nlp_playground.js';

const root = fileURLToPath(new URL('..', import.meta.url));

const tokens = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 3);

// mulberry32: a tiny seeded generator, enough for a benchmark text.
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function zipfText(n, vocab = 20000, seed = 1) {
  const r = rng(seed);
  // Inverse CDF of Zipf(s = 1) over ranks 1..vocab.
  const cdf = new Float64Array(vocab);
  let acc = 0;
  for (let i = 0; i < vocab; i++) cdf[i] = acc += 1 / (i + 1);
  const words = Array.from({ length: vocab }, (_, i) => 'w' + i.toString(36));
  const out = [];
  let made = 0;
  while (made < n) {
    const len = Math.min(5 + Math.floor(r() * 21), n - made);
    const s = [];
    for (let j = 0; j < len; j++) {
      const u = r() * acc;
      let lo = 0, hi = vocab - 1;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (cdf[mid] < u) lo = mid + 1; else hi = mid; }
      s.push(words[lo]);
    }
    out.push(s.join(' ') + '.');
    made += len + 1; // the period is a token too
  }
  return out.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  initSync({ module: fs.readFileSync(root + 'pkg/nlp_playground_bg.wasm') });
  const text = zipfText(tokens);
  console.log(`text: ${(text.length / 1e6).toFixed(1)} MB, ~${tokens} tokens (words + periods); load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
  for (const smoothing of ['kn', 'addk']) {
    for (let run = 0; run < runs; run++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const m = new NGramModel(text, { order: 3, smoothing, holdout: 0 });
      const t1 = performance.now();
      const cpu = process.cpuUsage(c0);
      const s = m.stats();
      const t2 = performance.now();
      m.sample(run, 30, 1.0);
      const t3 = performance.now();
      console.log(`order 3 ${smoothing}: build ${(t1 - t0).toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU (tokens ${s.trainTokens}, V ${s.vocab}, n-gram types ${s.ngramTypes.join('/')}); stats ${(t2 - t1).toFixed(0)} ms; 30-token sample ${(t3 - t2).toFixed(0)} ms`);
      m.free();
    }
  }
}
