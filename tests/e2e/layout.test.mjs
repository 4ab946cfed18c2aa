// Layout, as a projector and a laptop show it: in every chapter, at 1366×768 and 1920×1080, in
// English and Korean, no visible control or label is covered by the player bar or by another
// label; at 1920 no text of the chapter is under 14 px (tests/e2e/textsize.mjs); elements marked `hidden` are really hidden; the corpus panel's controls stay inside it;
// no native "Choose File" button shows; the nine chapter tabs are all on screen, in one row.
// Screenshots: screenshots/layout-<chapter>-<lang>-<width>.png.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { launch, shot, waitDrawn } from './harness.mjs';
import { recordCanvasText, smallText } from './textsize.mjs';

const CHAPTERS = ['corpus', 'onehot', 'word2vec', 'fasttext', 'ngram', 'rnn', 'attention', 'transformer', 'pretrained'];

/**
 * Runs in the page: the visible part of every control and label (clipped by the scroll areas it
 * sits in), then the problems: one covered by the player bar, two labels on top of each other,
 * a [hidden] element that still takes space, a panel control sticking out of the panel, a native
 * file input on show.
 */
function problems() {
  const SEL = 'button, input:not([type="hidden"]), select, textarea, label, a, summary, h2, h3, h4, .hint, .lede, .msg, .number, .stat, .empty, .empty-state p';
  const bar = document.querySelector('#player');
  const barRect = bar && !bar.hidden ? bar.getBoundingClientRect() : null;
  const visibleRect = (el) => {
    let r = el.getBoundingClientRect();
    let box = { l: r.left, t: r.top, r: r.right, b: r.bottom };
    for (let p = el.parentElement; p; p = p.parentElement) {
      const cs = getComputedStyle(p);
      if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') {
        r = p.getBoundingClientRect();
        box = { l: Math.max(box.l, r.left), t: Math.max(box.t, r.top), r: Math.min(box.r, r.right), b: Math.min(box.b, r.bottom) };
      }
    }
    box = { l: Math.max(box.l, 0), t: Math.max(box.t, 0), r: Math.min(box.r, innerWidth), b: Math.min(box.b, innerHeight) };
    return box.r - box.l > 1 && box.b - box.t > 1 ? box : null;
  };
  const shown = (el) => el.checkVisibility?.({ visibilityProperty: true, opacityProperty: true }) ?? el.offsetParent !== null;
  const name = (el) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} "${(el.textContent || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40)}"`;
  const cut = (a, b, pad = 2) => a.l < b.r - pad && b.l < a.r - pad && a.t < b.b - pad && b.t < a.b - pad;
  const out = [];
  const collect = (sel) => {
    const list = [];
    for (const el of document.querySelectorAll(sel)) {
      if (el.closest('#player') || !shown(el)) continue;
      const box = visibleRect(el);
      if (box) list.push({ el, box });
    }
    return list;
  };
  const items = collect(SEL);
  if (barRect) {
    // Pictures too (a scatter's canvas, a diagram, a chart): the bar must not hide any of them.
    const b = { l: barRect.left, t: barRect.top, r: barRect.right, b: barRect.bottom };
    for (const { el, box } of [...items, ...collect('canvas, svg')]) if (cut(box, b, 0)) out.push(`under the player bar: ${name(el)}`);
  }
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const [A, B] = [items[i], items[j]];
      if (A.el.contains(B.el) || B.el.contains(A.el)) continue;
      if (cut(A.box, B.box)) out.push(`overlap: ${name(A.el)} and ${name(B.el)}`);
    }
  }
  for (const el of document.querySelectorAll('[hidden]')) {
    if (getComputedStyle(el).display !== 'none') out.push(`[hidden] but displayed: ${name(el)}`);
  }
  const panel = document.querySelector('#corpus-panel');
  if (panel && !panel.hidden) {
    const pr = panel.getBoundingClientRect();
    for (const el of panel.querySelectorAll('button, select, input, textarea, label')) {
      if (!shown(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.right > pr.right + 0.5 || r.left < pr.left - 0.5) out.push(`sticks out of the corpus panel: ${name(el)}`);
    }
  }
  for (const el of document.querySelectorAll('input[type="file"]')) if (shown(el)) out.push(`native file button shown: ${name(el)}`);
  // The nine chapter tabs: all on screen in one row, none scrolled away or cut, readable from the
  // back of a class (at least 14 px).
  const nav = document.querySelector('.chapters');
  const tabs = [...document.querySelectorAll('#chapter-tabs a')];
  if (nav.scrollWidth > nav.clientWidth + 1) out.push(`the chapter tabs scroll sideways (${nav.scrollWidth} px in ${nav.clientWidth})`);
  const rows = new Set(tabs.map((a) => Math.round(a.getBoundingClientRect().top)));
  if (rows.size > 1) out.push(`the chapter tabs take ${rows.size} rows`);
  const navBox = nav.getBoundingClientRect();
  for (const a of tabs) {
    const r = a.getBoundingClientRect();
    if (r.left < Math.max(0, navBox.left - 1) || r.right > Math.min(innerWidth, navBox.right + 1) || r.bottom > innerHeight || a.scrollWidth > a.clientWidth + 1) out.push(`tab not fully shown: ${name(a)}`);
    if (parseFloat(getComputedStyle(a).fontSize) < 14) out.push(`tab text under 14 px: ${name(a)}`);
  }
  return out;
}

for (const [width, height] of [[1366, 768], [1920, 1080]]) {
  for (const lang of ['en', 'ko']) {
    test(`layout at ${width}×${height} in ${lang}: nothing under the player bar, no labels on top of each other`, async () => {
      const { page, context, open, close, errors } = await launch({ width, height, locale: lang === 'ko' ? 'ko-KR' : 'en-US' });
      await context.addInitScript(recordCanvasText);
      try {
        const found = [];
        for (const ch of CHAPTERS) {
          await open(`#/${ch}?lang=${lang}&corpus.sample=${lang}`);
          await waitDrawn(page, ch); // measured with the chapter's real content
          // On the projector every text of the chapter (HTML, SVG, canvas) reads at 14 px or more.
          if (width === 1920) found.push(...(await page.evaluate(smallText, 14)).map((p) => `${ch}: text under 14 px at ${p}`));
          // At 1366 the Transformer drawing's block names too (the drawing is its own figure, 370 px wide there).
          if (width === 1366 && ch === 'transformer') found.push(...(await page.evaluate(smallText, 14)).filter((p) => p.includes('svg.tf-arch')).map((p) => `${ch}: drawing text under 14 px at ${p}`));
          // Look at the top of the chapter, then at its end.
          found.push(...(await page.evaluate(problems)).map((p) => `${ch} (top): ${p}`));
          await shot(page, `layout-${ch}-${lang}-${width}`);
          await page.evaluate(() => { const c = document.querySelector('#chapter'); c.scrollTop = c.scrollHeight; });
          found.push(...(await page.evaluate(problems)).map((p) => `${ch} (end): ${p}`));
        }
        assert.deepEqual(found, []);
        assert.deepEqual(errors, []);
      } finally {
        await close();
      }
    });
  }
}

test('first visit: the language button of the page language is pressed; counts take the singular', async () => {
  for (const [locale, want] of [['ko-KR', 'ko'], ['en-US', 'en']]) {
    const { page, open, close } = await launch({ locale });
    try {
      await open('#/corpus'); // no lang= in the link: the browser's language
      assert.equal(await page.locator(`button[data-lang="${want}"]`).getAttribute('aria-pressed'), 'true', `${locale}: ${want} pressed`);
      assert.equal(await page.locator(`button[data-lang="${want === 'ko' ? 'en' : 'ko'}"]`).getAttribute('aria-pressed'), 'false');
      if (want === 'en') {
        await page.locator('#corpus-panel textarea').fill('One short sentence');
        await page.waitForFunction(() => /^3 tokens/.test(document.querySelector('.summary')?.textContent ?? ''));
        assert.equal(await page.locator('.summary').textContent(), '3 tokens · 3 types · 1 sentence');
        await page.locator('#corpus-panel textarea').fill('One');
        await page.waitForFunction(() => /^1 token\b/.test(document.querySelector('.summary')?.textContent ?? ''));
        assert.equal(await page.locator('.summary').textContent(), '1 token · 1 type · 1 sentence');
      }
    } finally {
      await close();
    }
  }
});
