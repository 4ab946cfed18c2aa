// Word2Vec throughput of our wasm build in headless Chromium, in a module Web Worker (as the page
// trains), on the same corpus and settings as benches/word2vec/node_run.mjs. Prints one JSON line
// and writes the vectors. Part of benches/word2vec.sh; standalone (needs pkg/ and playwright-core):
//
//     scripts/build.sh && node benches/word2vec_browser.mjs corpus.txt skipgram|cbow [out.vec] [seed] [init]
//
// The worker builds the model (not timed), posts "start", trains in slices of 200,000 words and
// posts "end". Wall time is the worker's performance.now(); CPU time (cpuSeconds) is the user +
// system time of every process Chromium runs (all descendants of this Node process, from /proc)
// between the two marks, so it also counts the browser's own housekeeping — an upper bound;
// workerCpuSeconds is the worker thread's alone (the thread named "DedicatedWorker").
import fs from 'node:fs';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';

const [path, mode = 'skipgram', out, seed = '1', init = 'gensim'] = process.argv.slice(2);
if (!path) {
  console.error('usage: node benches/word2vec_browser.mjs corpus.txt skipgram|cbow [out.vec] [seed] [init]');
  process.exit(2);
}
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const config = { mode, dim: 100, window: 5, negative: 5, sample: 1e-3, minCount: 5, epochs: 5,
  alpha: mode === 'cbow' ? 0.05 : 0.025, seed: Number(seed), maxVocab: 1000000, tokenizer: 'whitespace', init };

/** CPU seconds (user + system) of all descendants of this process (`all`), and of their threads
 * named "DedicatedWorker" (`worker`: the thread our Web Worker trains on), from /proc. */
function chromiumCpuSeconds() {
  const parent = new Map();
  const ticks = new Map();
  const fields = (stat) => stat.slice(stat.lastIndexOf(')') + 2).split(' '); // [0] is field 3 (state)
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const f = fields(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
      parent.set(pid, f[1]);
      ticks.set(pid, Number(f[11]) + Number(f[12])); // utime, stime (fields 14, 15)
    } catch { /* the process ended meanwhile */ }
  }
  const mine = (pid) => {
    for (let p = parent.get(pid), hops = 0; p && p !== '0' && hops < 64; p = parent.get(p), hops++) if (p === String(process.pid)) return true;
    return false;
  };
  let all = 0;
  let worker = 0;
  for (const [pid, t] of ticks) {
    if (!mine(pid)) continue;
    all += t;
    try {
      for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
        if (fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').startsWith('DedicatedWorker')) {
          const f = fields(fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
          worker += Number(f[11]) + Number(f[12]);
        }
      }
    } catch { /* gone */ }
  }
  return { all: all / 100, worker: worker / 100 }; // USER_HZ = 100 on Linux
}

// The worker, as a module from a Blob URL (same origin as the page): imports our pkg/ from the server.
const WORKER = `
import init, { Word2Vec } from 'ORIGIN/pkg/nlp_playground.js';
self.onmessage = async ({ data: { text, config, slice, wantVec } }) => {
  try {
    await init();
    const w2v = new Word2Vec(text, config);
    self.postMessage({ kind: 'start' });
    const t0 = performance.now();
    let p;
    do p = w2v.train(slice); while (!p.done);
    const seconds = (performance.now() - t0) / 1000;
    self.postMessage({ kind: 'end', seconds, progress: p, vocab: w2v.vocab().length, vec: wantVec ? w2v.toVec() : null });
  } catch (e) {
    self.postMessage({ kind: 'error', message: String(e) });
  }
};`;

const text = fs.readFileSync(path, 'utf8');
const server = await startServer(0);
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', String(e)));
  const marks = {};
  await page.exposeFunction('w2vMark', (name) => { marks[name] = chromiumCpuSeconds(); });
  await page.goto(`${base}/pkg/nlp_playground.js`); // any document of the server's origin
  const r = await page.evaluate(async ({ text, config, code, wantVec }) => {
    const src = code.replace('ORIGIN', location.origin);
    const worker = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })), { type: 'module' });
    return new Promise((resolve, reject) => {
      worker.onerror = (e) => reject(new Error(e.message));
      worker.onmessage = async ({ data }) => {
        if (data.kind === 'start') await window.w2vMark('start');
        else if (data.kind === 'end') {
          await window.w2vMark('end');
          worker.terminate();
          resolve(data);
        } else reject(new Error(data.message));
      };
      worker.postMessage({ text, config, slice: 200000, wantVec });
    });
  }, { text, config, code: WORKER, wantVec: Boolean(out) });
  if (out) fs.writeFileSync(out, r.vec);
  const words = r.progress.totalWords;
  const cpu = marks.end.all - marks.start.all;
  const workerCpu = marks.end.worker - marks.start.worker;
  console.log(JSON.stringify({ impl: 'wasm-chromium', mode, where: 'module Web Worker', browser: browser.version(), vocab: r.vocab,
    tokens: words / config.epochs, seconds: r.seconds, wordsPerSec: words / r.seconds, loss: r.progress.loss,
    cpuSeconds: cpu, wordsPerCpuSec: words / cpu, workerCpuSeconds: workerCpu, wordsPerWorkerCpuSec: words / workerCpu,
    load: os.loadavg()[0] }));
} finally {
  await browser.close();
  server.close();
}
