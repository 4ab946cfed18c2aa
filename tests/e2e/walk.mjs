// The presenter's walk (issue 13): open the page fresh, as a teacher would in front of a class, and
// press → through all nine chapters; in the chapters that train, press Space (▶) and let it train a
// few seconds, then Space again; in every chapter try ., 0, Space, ← and → and check the page still
// answers. Screenshots of what the projector shows, for people to look at (not an assertion: run by
// hand, e.g. before a release):
//   node tests/e2e/walk.mjs [1920x1080|1366x768 …] [en|ko …] [--train=4000]
// Writes screenshots/walk-<width>-<lang>-<n>-<chapter>[-trained|-full].png and prints one line per
// chapter (its time to draw, the keys' effect, console errors); exits 1 if the page froze or erred.
import { launch, shot, waitDrawn, SHOTS } from './harness.mjs';

const CHAPTERS = ['corpus', 'onehot', 'word2vec', 'fasttext', 'ngram', 'rnn', 'attention', 'transformer', 'pretrained'];
const TRAINS = new Set(['word2vec', 'fasttext', 'rnn', 'attention', 'transformer']);

const args = process.argv.slice(2);
const sizes = args.filter((a) => /^\d+x\d+$/.test(a)).map((a) => a.split('x').map(Number));
const langs = args.filter((a) => /^(en|ko)$/.test(a));
const trainMs = Number(args.find((a) => a.startsWith('--train='))?.slice(8) ?? 4000);

/** The page answers within `ms` (its main thread is not frozen). */
async function answers(page, ms = 5000) {
  const t0 = Date.now();
  await Promise.race([page.evaluate(() => 1), new Promise((_, no) => setTimeout(() => no(new Error(`no answer in ${ms} ms`)), ms))]);
  return Date.now() - t0;
}

const player = (page) => page.evaluate(() => ({
  running: document.querySelector('#player')?.dataset.running,
  status: document.querySelector('#player .status, #player [data-status]')?.textContent?.trim() ?? '',
  play: document.querySelector('#player [data-action="play"]')?.textContent?.trim(),
}));

let bad = 0;
for (const [width, height] of sizes.length ? sizes : [[1920, 1080], [1366, 768]]) {
  for (const lang of langs.length ? langs : ['en', 'ko']) {
    const { page, open, close, errors } = await launch({ width, height, locale: lang === 'ko' ? 'ko-KR' : 'en-US' });
    try {
      await open(''); // fresh: no hash, the browser's language picks the page's
      for (const [n, id] of CHAPTERS.entries()) {
        const t0 = Date.now();
        if (n > 0) await page.keyboard.press('ArrowRight');
        await waitDrawn(page, id, 120_000);
        const drawnS = ((Date.now() - t0) / 1000).toFixed(1);
        await page.waitForTimeout(300);
        const name = `walk-${width}-${lang}-${n + 1}-${id}`;
        await shot(page, name);
        await page.screenshot({ path: `${SHOTS}${name}-full.png`, fullPage: true });
        const notes = [`drawn ${drawnS} s`];
        if (TRAINS.has(id)) {
          await page.keyboard.press(' ');
          await page.waitForTimeout(trainMs);
          notes.push(`Space: ${JSON.stringify(await player(page))}`);
          await shot(page, `${name}-trained`);
          await page.keyboard.press(' ');
          await page.waitForFunction(() => document.querySelector('#player')?.dataset.running !== 'true', null, { timeout: 60_000 });
          await page.keyboard.press('.');
          await page.waitForTimeout(500);
          notes.push(`.: answers in ${await answers(page)} ms`);
          await page.keyboard.press('0');
          await page.waitForTimeout(500);
          notes.push(`0: answers in ${await answers(page)} ms`);
          // Reset is back at step 0 / 0 % (some chapters keep their old picture, ready, while the
          // worker rebuilds the model: wait for the count, not for a selector).
          const t1 = Date.now();
          await page.waitForFunction(() => /^0(\D|$)/.test(document.querySelector('#player .status')?.textContent?.trim() ?? ''), null, { timeout: 60_000 });
          await waitDrawn(page, id, 60_000);
          notes.push(`back at 0 in ${Date.now() - t1} ms`);
        } else {
          for (const k of [' ', '.', '0']) await page.keyboard.press(k);
          await page.waitForTimeout(300);
          notes.push(`Space . 0: answers in ${await answers(page)} ms`);
        }
        // ← then → comes back to the same chapter.
        if (n > 0) {
          await page.keyboard.press('ArrowLeft');
          await waitDrawn(page, CHAPTERS[n - 1], 60_000);
          await page.keyboard.press('ArrowRight');
          await waitDrawn(page, id, 60_000);
          notes.push('← → ok');
        }
        console.log(`${width}x${height} ${lang} ${n + 1} ${id}: ${notes.join('; ')}; hash ${await page.evaluate(() => location.hash)}`);
      }
      if (errors.length) { bad++; console.log(`${width}x${height} ${lang}: console errors: ${errors.join(' | ')}`); }
    } catch (e) {
      bad++;
      console.log(`${width}x${height} ${lang}: FAILED ${e.message}`);
      await shot(page, `walk-${width}-${lang}-failed`).catch(() => {});
    } finally {
      await close();
    }
  }
}
process.exit(bad ? 1 : 0);
