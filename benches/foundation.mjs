// Foundation measurements (issue 2): bundle size, tokenising throughput in wasm (Node and
// Chromium), and time to first view on localhost. Run after ./scripts/build.sh:
//   node benches/foundation.mjs
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { cpus } from 'node:os';
import lib from '../tests/node/pkg.mjs';
import { launch } from '../tests/e2e/harness.mjs';

const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
const root = new URL('../', import.meta.url);

// 1. Bundle: the wasm and everything the page loads (www/ + pkg/ JS), raw and gzip -9.
const wasm = readFileSync(new URL('pkg/nlp_playground_bg.wasm', root));
let js = 0; let jsGz = 0;
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = new URL(name, dir);
    if (statSync(p).isDirectory()) walk(new URL(`${name}/`, dir));
    else if (/\.(js|css|html)$/.test(name)) { const b = readFileSync(p); js += b.length; jsGz += gzipSync(b, { level: 9 }).length; }
  }
};
walk(new URL('www/', root));
const glue = readFileSync(new URL('pkg/nlp_playground.js', root));
js += glue.length; jsGz += gzipSync(glue, { level: 9 }).length;
console.log(`bundle: wasm ${kb(wasm.length)} (gzip ${kb(gzipSync(wasm, { level: 9 }).length)}); page JS/CSS/HTML ${kb(js)} (gzip ${kb(jsGz)})`);

// 2. Tokenising throughput: clean + NFC + word tokens + sentences + vocabulary of ~5 MB.
const base = lib.sampleText('en') + '\n' + lib.sampleText('ko');
const big = base.repeat(Math.ceil(5e6 / base.length));
const mb = Buffer.byteLength(big) / 1e6;
const runs = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const c = new lib.Corpus(big, { tokenizer: 'word' });
  runs.push(performance.now() - t0);
  c.free();
}
runs.sort((a, b) => a - b);
console.log(`tokenise (Node ${process.version}, wasm): ${mb.toFixed(1)} MB in ${runs[2].toFixed(0)} ms median → ${(mb / (runs[2] / 1000)).toFixed(1)} MB/s`);

// 3. Time to first view, and the same throughput inside Chromium's worker.
const app = await launch();
try {
  const times = [];
  for (let i = 0; i < 5; i++) {
    await app.page.goto('about:blank');
    const t0 = Date.now();
    await app.page.goto(app.base);
    await app.page.waitForSelector('.tokens .t');
    times.push(Date.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`time to first view (localhost, headless Chromium, page load → marked tokens drawn): median ${times[2]} ms of ${times.join(', ')}`);
  const ms = await app.page.evaluate(async (text) => {
    const mod = await import('/pkg/nlp_playground.js');
    await mod.default();
    const out = [];
    for (let i = 0; i < 5; i++) { const t0 = performance.now(); new mod.Corpus(text, {}).free(); out.push(performance.now() - t0); }
    return out.sort((a, b) => a - b)[2];
  }, big);
  console.log(`tokenise (Chromium, wasm): ${mb.toFixed(1)} MB in ${ms.toFixed(0)} ms median → ${(mb / (ms / 1000)).toFixed(1)} MB/s`);
} finally {
  await app.close();
}
console.log(`machine: ${cpus().length} × ${cpus()[0].model}`);
