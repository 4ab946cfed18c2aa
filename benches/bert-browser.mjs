// The BERT benchmark in headless Chromium (system /usr/bin/chromium via playwright-core): serves the
// repository on 127.0.0.1, opens benches/bert.html and runs benches/bert_core.mjs's `measure` there,
// with our pkg/ and onnxruntime-web's ESM build (benches/node_modules/onnxruntime-web/dist, from
// `npm ci --prefix benches`) loaded by the page.
// Called by benches/bert.mjs; standalone: `node benches/bert-browser.mjs [--runs 50]`.
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export async function runInChromium({ runs = 50, warmup = 10 } = {}) {
  const server = await startServer(0);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('page error:', String(e)));
    await page.goto(`${base}/benches/bert.html`);
    const result = await page.evaluate(async ({ runs, warmup }) => {
      const pkg = await import('/pkg/nlp_playground.js');
      const wasm = await pkg.default();
      const ort = await import('/benches/node_modules/onnxruntime-web/dist/ort.wasm.min.mjs');
      ort.env.wasm.wasmPaths = '/benches/node_modules/onnxruntime-web/dist/';
      const { measure } = await import('/benches/bert_core.mjs');
      const get = async (f) => {
        const r = await fetch(`/target/bench/${f}`);
        if (!r.ok) throw new Error(`${f}: HTTP ${r.status}`);
        return r;
      };
      const text = async (f) => (await get(f)).text();
      const bytes = async (f) => new Uint8Array(await (await get(f)).arrayBuffer());
      return measure({
        ort,
        Bert: pkg.Bert,
        memory: wasm.memory,
        files: { config: await text('config.json'), vocab: await text('vocab.txt'), tokenizerConfig: await text('tokenizer_config.json') },
        weights: await bytes('model.safetensors'),
        onnx: await bytes('minilm.onnx'),
        ref: JSON.parse(await text('reference.json')),
        runs,
        warmup,
      });
    }, { runs, warmup });
    return { browser: browser.version(), result };
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { report } = await import('./bert_core.mjs');
  const i = process.argv.indexOf('--runs');
  const runs = i > 0 ? Number(process.argv[i + 1]) : 50;
  const b = await runInChromium({ runs });
  console.log(report(`headless Chromium ${b.browser}`, b.result, { runs, warmup: 10, versions: {} }));
}
