// Paste stress (issue 15, the wasm allocator's pool, src/heap.rs): headless Chromium pastes a new
// ~2 MB text into the corpus panel again and again — each with other words, so every model is
// rebuilt at another size — and trains the chapters built on the corpus for a few seconds each.
// After every round it prints the worker's wasm memory (which never shrinks: each growth is an
// allocation that found no free block large enough) and Chromium's RSS. The pool never returns a
// block to dlmalloc, so the question is whether the memory stops growing once the largest
// models have been built, or keeps climbing with every new size. Not part of the test command:
//
//     node scripts/paste_stress.mjs [--rounds 12] [--mb 2] [--train 3]     # after scripts/build.sh
//
// With `--trace FILE` and a pkg built by `./scripts/build.sh --features heap-trace`: the allocator's
// records (blocks of 1 MB or more, and every allocation that grew the memory; www/worker.js) go to
// FILE as JSON lines with their round, and the allocations that grew the memory are printed.
//
// Exit code 1 on a page error or when the last third of the rounds still grew the wasm memory.
import { launch } from '../tests/e2e/harness.mjs';

const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const ROUNDS = arg('rounds', 12);
const MB = arg('mb', 2);
const TRAIN = arg('train', 3) * 1000;
const CHAPTERS = ['word2vec', 'fasttext', 'ngram', 'rnn', 'transformer'];
const ti = process.argv.indexOf('--trace');
const TRACE = ti > 0 ? process.argv[ti + 1] : null;
if (TRACE) (await import('node:fs')).writeFileSync(TRACE, '');

const { page, errors, open, close } = await launch();
const rows = [];
try {
  await open('?soak#/corpus');
  await page.waitForSelector('.tokens .t');
  const wasmMb = async () => {
    const w = page.workers()[0];
    return ((await w?.evaluate(() => self.__wasmMemory?.buffer.byteLength ?? 0).catch(() => 0)) ?? 0) / 2 ** 20;
  };
  // Growth is attributed from the previous round's reading on: training may still grow the memory
  // after the pause click and before the next paste starts.
  let since = Date.now();
  for (let round = 0; round < ROUNDS; round++) {
    // Round r: Zipf-distributed pseudo-words from 4,000–40,000 types and 0.75–1.25 × MB, both
    // changing from round to round, so the vocabulary (and every embedding and output matrix) is
    // rebuilt at another size each time. Same page, same worker: nothing is reloaded.
    const types = 4000 + 9000 * ((round * 7) % 5);
    const bytes = Math.round(MB * 1e6 * (0.75 + 0.5 * ((round * 3) % 4) / 3));
    await page.evaluate(() => { location.hash = '#/corpus'; });
    await page.waitForFunction(() => document.querySelector('#chapter-tabs [aria-current="page"]')?.dataset.chapter === 'corpus', null, { timeout: 30_000 });
    const before = await page.evaluate(() => document.querySelector('.summary')?.textContent ?? '');
    const t0 = Date.now();
    await page.evaluate(({ types, bytes, seed }) => {
      let x = seed >>> 0;
      const rnd = () => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return x / 2 ** 32; };
      const letters = 'abcdefghijklmnopqrstuvwxyz';
      const vocab = Array.from({ length: types }, () => {
        let w = '';
        const n = 2 + Math.floor(rnd() * 7);
        for (let i = 0; i < n; i++) w += letters[Math.floor(rnd() * 26)];
        return w;
      });
      // Zipf(1) by inversion of the harmonic sum: rank ≈ exp(u·ln(types)).
      const parts = [];
      let size = 0;
      while (size < bytes) {
        const w = vocab[Math.min(types - 1, Math.floor(Math.exp(rnd() * Math.log(types))) - 1)];
        parts.push(w);
        size += w.length + 1;
        if (rnd() < 1 / 15) { parts.push('.\n'); size += 2; }
      }
      const data = new DataTransfer();
      data.setData('text/plain', parts.join(' '));
      const ta = document.querySelector('#corpus-panel textarea');
      ta.focus();
      ta.select();
      ta.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, { types, bytes, seed: 1000 + round });
    await page.waitForFunction(({ min, before }) => {
      const s = document.querySelector('.summary')?.textContent ?? '';
      return s !== before && Number((/([\d,]+) tokens/.exec(s)?.[1] ?? '0').replace(/,/g, '')) > min;
    }, { min: bytes / 10, before }, { timeout: 180_000 });
    const pasted = Date.now() - t0;
    const play = page.locator('#player button[data-action="play"]');
    for (const id of CHAPTERS) {
      await page.evaluate((c) => { location.hash = `#/${c}`; }, id);
      await page.waitForFunction((c) => document.querySelector('#chapter-tabs [aria-current="page"]')?.dataset.chapter === c, id, { timeout: 30_000 }).catch(() => {});
      await page.waitForTimeout(1000);
      if (await play.isVisible().catch(() => false)) {
        await page.waitForFunction(() => !document.querySelector('#player button[data-action="play"]')?.disabled, null, { timeout: 120_000 }).catch(() => {});
        await play.click().catch(() => {});
        await page.waitForTimeout(TRAIN);
        if ((await play.textContent().catch(() => '▶')) !== '▶') await play.click().catch(() => {});
      }
    }
    // What grew the memory this round: the worker's log (www/worker.js, on with ?soak), by message.
    const grew = await page.workers()[0]?.evaluate((from) => (self.__wasmGrowth ?? []).filter((g) => g.at >= from), since).catch(() => []) ?? [];
    const byWhat = new Map();
    for (const g of grew) byWhat.set(g.what, (byWhat.get(g.what) ?? 0) + (g.to - g.from) / 2 ** 20);
    if (TRACE) {
      const recs = await page.workers()[0]?.evaluate((from) => (self.__heapTrace ?? []).filter((g) => g.at >= from), since).catch(() => []) ?? [];
      (await import('node:fs')).appendFileSync(TRACE, recs.map((r) => JSON.stringify({ round: round + 1, ...r }) + '\n').join(''));
      const up = recs.filter((r) => r.to > r.from);
      if (!recs.length) console.log('  trace: no records (is pkg built with --features heap-trace?)');
      for (const r of up) console.log(`  grown by: ${r.what} ${r.kind} ${(r.size / 2 ** 20).toFixed(2)} MB at ${(r.addr / 2 ** 20).toFixed(1)} MB: ${(r.from / 2 ** 20).toFixed(1)} → ${(r.to / 2 ** 20).toFixed(1)} MB`);
    }
    const summary = await page.evaluate(() => document.querySelector('.summary')?.textContent ?? '').catch(() => '');
    const row = { round: round + 1, bytes, types, wasmMb: await wasmMb(), pasteMs: pasted, summary: summary.slice(0, 80) };
    since = Date.now();
    rows.push(row);
    console.log(`round ${String(row.round).padStart(2)}: ${(bytes / 1e6).toFixed(2)} MB of ${types} types pasted in ${pasted} ms; ` +
      `wasm ${row.wasmMb.toFixed(1)} MB; errors ${errors.length}`);
    if (byWhat.size) console.log(`  grew in: ${[...byWhat].map(([w, m]) => `${w} +${m.toFixed(1)} MB`).join(', ')}`);
  }
} finally {
  await close();
}
const third = Math.max(1, Math.floor(rows.length / 3));
const before = rows.at(-third - 1)?.wasmMb ?? NaN;
const last = rows.at(-1)?.wasmMb ?? NaN;
console.log(`wasm memory: round 1 ${rows[0]?.wasmMb.toFixed(1)} MB, max ${Math.max(...rows.map((r) => r.wasmMb)).toFixed(1)} MB, ` +
  `last ${third} rounds ${before.toFixed(1)} → ${last.toFixed(1)} MB`);
for (const e of errors.slice(0, 10)) console.log(`error: ${e}`);
const ok = errors.length === 0 && last <= before;
console.log(ok ? 'paste stress: ok (bounded)' : 'paste stress: FAILED');
process.exit(ok ? 0 : 1);
