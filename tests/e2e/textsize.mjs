// Text too small for a projector (issue 13's presenter walk): every visible piece of text in a
// chapter — HTML text, form controls, SVG text (scaled by its viewBox) and text drawn on canvases
// (recorded as it is drawn, scaled by the canvas's display size) — whose size on screen is under
// `min` CSS pixels. Used by tests/e2e/layout.test.mjs (at 1920, under 14 px); `node tests/e2e/textsize.mjs [width] [min]`
// prints every chapter's list.
import { launch, waitDrawn } from './harness.mjs';

export const CHAPTERS = ['corpus', 'onehot', 'word2vec', 'fasttext', 'ngram', 'rnn', 'attention', 'transformer', 'pretrained'];

/** Before any page script: remember the size of every fillText/strokeText per canvas. */
export function recordCanvasText() {
  const sizes = new WeakMap();
  window.__canvasText = sizes;
  const px = (font) => Number(/([\d.]+)px/.exec(font)?.[1] ?? 10);
  for (const fn of ['fillText', 'strokeText']) {
    const orig = CanvasRenderingContext2D.prototype[fn];
    CanvasRenderingContext2D.prototype[fn] = function (text, ...rest) {
      const m = this.getTransform();
      const size = px(this.font) * Math.hypot(m.a, m.b);
      const list = sizes.get(this.canvas) ?? [];
      if (String(text).trim()) list.push([size, String(text).slice(0, 30)]);
      if (list.length > 400) list.splice(0, list.length - 400); // a canvas redrawn many times: the newest drawing
      sizes.set(this.canvas, list);
      return orig.call(this, text, ...rest);
    };
  }
}

/** Runs in the page: ["<size> px: <where> \"text\"", …] for text smaller than `min` px. */
export function smallText(min) {
  const out = new Map();
  const shown = (el) => el.checkVisibility?.({ visibilityProperty: true, opacityProperty: true }) ?? true;
  const where = (el) => {
    const parts = [];
    for (let e = el; e && e.id !== 'chapter' && parts.length < 3; e = e.parentElement) {
      const cls = typeof e.className === 'string' ? e.className.trim().split(/\s+/).filter(Boolean).join('.') : (e.getAttribute?.('class') ?? '').trim().split(/\s+/).filter(Boolean).join('.');
      parts.unshift(`${e.tagName.toLowerCase()}${cls ? `.${cls}` : ''}`);
    }
    return parts.join(' > ');
  };
  const add = (size, el, text) => {
    const key = `${size.toFixed(1)} px: ${where(el)} "${text.trim().slice(0, 30)}"`;
    out.set(key, (out.get(key) ?? 0) + 1);
  };
  const root = document.querySelector('#chapter');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el || !shown(el)) continue;
    if (el.closest('svg')) {
      const t = el.closest('text, tspan') ?? el;
      const m = t.getScreenCTM?.();
      const size = parseFloat(getComputedStyle(t).fontSize) * (m ? Math.hypot(m.a, m.b) : 1);
      if (size < min) add(size, t, n.textContent);
      continue;
    }
    const r = document.createRange();
    r.selectNodeContents(n);
    if (!r.getClientRects().length) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < min) add(size, el, n.textContent);
  }
  for (const el of root.querySelectorAll('input:not([type="hidden"]):not([type="range"]):not([type="checkbox"]):not([type="radio"]), select, textarea')) {
    if (!shown(el) || !el.getClientRects().length) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < min) add(size, el, el.value || el.getAttribute('aria-label') || '');
  }
  for (const c of root.querySelectorAll('canvas')) {
    if (!shown(c) || !c.width || !c.clientWidth) continue;
    const scale = c.getBoundingClientRect().width / c.width;
    for (const [size, text] of window.__canvasText?.get(c) ?? []) if (size * scale < min) add(size * scale, c, text);
  }
  return [...out].map(([k, n]) => (n > 1 ? `${k} ×${n}` : k));
}

/** {chapter: [small text …]} at one size and language, each chapter opened fresh on its sample. */
export async function scan({ width = 1920, height = 1080, lang = 'en', min = 13, chapters = CHAPTERS } = {}) {
  const { page, context, open, close, errors } = await launch({ width, height, locale: lang === 'ko' ? 'ko-KR' : 'en-US' });
  await context.addInitScript(recordCanvasText);
  const found = {};
  try {
    for (const ch of chapters) {
      await open(`#/${ch}?lang=${lang}&corpus.sample=${lang}`);
      await waitDrawn(page, ch);
      found[ch] = await page.evaluate(smallText, min);
    }
  } finally {
    await close();
  }
  return { found, errors };
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const width = Number(process.argv[2] ?? 1920);
  const min = Number(process.argv[3] ?? 13);
  for (const lang of ['en', 'ko']) {
    const { found, errors } = await scan({ width, height: width === 1920 ? 1080 : 768, lang, min });
    for (const [ch, list] of Object.entries(found)) console.log(`${lang} ${ch}: ${list.length ? `\n  ${list.join('\n  ')}` : 'none'}`);
    if (errors.length) console.log('errors', errors);
  }
}
