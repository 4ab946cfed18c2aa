// The scatter view alone, on its static test page (tests/e2e/scatter.html): points and labels
// drawn, labels never overlapping, zoom / pan / keyboard, hover and links, search, top-N, smooth
// transitions between snapshots, hi-DPI backing store. Screenshot: screenshots/scatter-view.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, shot } from './harness.mjs';

const overlaps = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
// The picture at rest: the view sets data-moving="1" when a draw is due and "0" once a draw left
// nothing to animate (transitions and the eased fit are time-based; on a busy machine they take
// more frames, so a fixed sleep is not enough).
const settle = (page) => page.waitForFunction(() => document.querySelector('.scatter')?.dataset.moving === '0');

test('scatter view: labels, zoom, hover, search, top-N, transitions', async () => {
  const { page, base, errors, close } = await launch();
  try {
    await page.goto(new URL('../tests/e2e/scatter.html', base).href);
    await page.waitForSelector('body[data-ready="true"]');
    await settle(page);
    const el = page.locator('.scatter');
    assert.equal(await el.getAttribute('data-points'), '600');
    assert.equal(await el.getAttribute('data-drawn'), '600');
    const boxes = await page.evaluate(() => window.scatter.placed.map((p) => p.box));
    assert.ok(boxes.length >= 20 && boxes.length < 600, `${boxes.length} labels at full view`);
    for (let a = 0; a < boxes.length; a++) for (let b = a + 1; b < boxes.length; b++) assert.ok(!overlaps(boxes[a], boxes[b]), `labels ${a} and ${b} overlap`);
    // The most frequent (first) points get their labels first.
    const first = await page.evaluate(() => window.scatter.placed.slice(0, 5).map((p) => p.i));
    assert.deepEqual(first, [0, 1, 2, 3, 4]);
    await shot(page, 'scatter-view');

    // Zoom in with the button: labels per visible point grow.
    const ratio = async () => Number(await el.getAttribute('data-labelled')) / Number(await el.getAttribute('data-drawn'));
    const r0 = await ratio();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await settle(page);
    assert.ok(Number(await el.getAttribute('data-zoom')) > 2);
    assert.ok((await ratio()) > r0, `label ratio ${r0} → ${await ratio()}`);
    await shot(page, 'scatter-zoomed');
    await page.getByRole('button', { name: 'Fit all points' }).click();

    // Wheel zoom and drag pan.
    const canvas = page.locator('.scatter canvas');
    const cb = await canvas.boundingBox();
    await page.mouse.move(cb.x + cb.width / 2, cb.y + cb.height / 2);
    await page.mouse.wheel(0, -400);
    await settle(page);
    assert.ok(Number(await el.getAttribute('data-zoom')) > 1.5);
    const before = await page.evaluate(() => window.scatter.view.px);
    await page.mouse.down();
    await page.mouse.move(cb.x + cb.width / 2 + 120, cb.y + cb.height / 2, { steps: 5 });
    await page.mouse.up();
    assert.ok(Math.abs((await page.evaluate(() => window.scatter.view.px)) - before - 120) < 2);
    await page.getByRole('button', { name: 'Fit all points' }).click();
    await settle(page);

    // Hover a point: the callback fires and links are drawn to its neighbours.
    const [hx, hy, label] = await page.evaluate(() => [window.scatter.screen[20], window.scatter.screen[21], window.scatter.labels[10]]);
    await page.mouse.move(cb.x + hx, cb.y + hy);
    await settle(page);
    assert.equal(await page.locator('#hovered').textContent(), label);
    assert.equal(await page.evaluate(() => window.scatter.links.length), 3);
    await page.mouse.click(cb.x + hx, cb.y + hy);
    assert.equal(await page.locator('#selected').textContent(), label);
    await shot(page, 'scatter-hover');

    // Search: found → highlighted and centred; not found → a message.
    const target = await page.evaluate(() => window.scatter.labels[450]);
    await page.getByRole('searchbox').fill(target);
    await page.getByRole('searchbox').press('Enter');
    await settle(page);
    assert.equal(await el.getAttribute('data-hover'), target);
    const hl = await page.evaluate(() => [...window.scatter.highlight]);
    assert.deepEqual(hl, [450]);
    const centre = await page.evaluate(() => [window.scatter.screen[900] - window.scatter.w / 2, window.scatter.screen[901] - window.scatter.h / 2]);
    assert.ok(Math.hypot(...centre) < 2, `searched point at ${centre} from the centre`);
    await page.getByRole('searchbox').fill('없는단어');
    await page.getByRole('searchbox').press('Enter');
    assert.match(await page.locator('.scatter-status').textContent(), /없는단어.*not among the points/);

    // Top-N.
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Fit all points' }).click();
    await page.getByLabel('Show').selectOption('50');
    await settle(page);
    assert.ok(Number(await el.getAttribute('data-drawn')) <= 51);
    await page.getByLabel('Show').selectOption('Infinity');

    // Keyboard: focus the canvas, step through points, zoom; '0' is left to the player bar.
    await canvas.focus();
    await page.keyboard.press('n');
    await settle(page);
    assert.notEqual(await el.getAttribute('data-hover'), '');
    const k0 = Number(await el.getAttribute('data-zoom'));
    await page.keyboard.press('+');
    await settle(page);
    assert.ok(Number(await el.getAttribute('data-zoom')) > k0);
    await page.keyboard.press('Home');

    // A new snapshot: positions glide from the old to the new (sampled every frame for 600 ms).
    const seen = await page.evaluate(() => new Promise((r) => {
      const sc = window.scatter;
      const x0 = sc.cur[0];
      window.nextSnapshot(2.0);
      const target = sc.to[0];
      const xs = [];
      const t0 = performance.now();
      const tick = (now) => { xs.push(sc.cur[0]); if (now - t0 < 600) requestAnimationFrame(tick); else r({ x0, target, xs }); };
      requestAnimationFrame(tick);
    }));
    const lo = Math.min(seen.x0, seen.target);
    const hi = Math.max(seen.x0, seen.target);
    assert.ok(Math.abs(seen.xs.at(-1) - seen.target) < 1e-9, 'ends at the target');
    assert.ok(seen.xs.some((x) => x > lo + 1e-6 && x < hi - 1e-6), `an in-between position: ${seen.x0} → ${seen.xs.join(', ')}`);
    assert.ok(seen.xs.every((x) => x >= lo - 1e-9 && x <= hi + 1e-9), 'never overshoots');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('scatter view: the cloud fills the plot (limiting axis), skewed or with an outlier, and the fit eases', async () => {
  const { page, base, errors, close } = await launch();
  try {
    await page.goto(new URL('../tests/e2e/scatter.html', base).href);
    await page.waitForSelector('body[data-ready="true"]');
    // Sets points made in the page by `make` (a function body returning {labels, xy}), waits for the
    // transition to end, returns the share of the plot the points span and whether all are inside.
    const fill = (body, skip = 0) => page.evaluate(async ([src, skipN]) => {
      const sc = window.scatter;
      sc.setPoints(new Function(src)(), { animate: false });
      await new Promise((r) => { const poll = () => (sc.el.dataset.moving === '0' ? r() : setTimeout(poll, 20)); poll(); });
      const xs = [];
      const ys = [];
      for (let i = skipN; i < sc.labels.length; i++) { xs.push(sc.screen[2 * i]); ys.push(sc.screen[2 * i + 1]); }
      const all = [...sc.screen];
      const inside = all.every((v, k) => Number.isFinite(v) && v >= 0 && v <= (k % 2 ? sc.h : sc.w));
      const span = (a) => Math.max(...a) - Math.min(...a);
      return { fx: span(xs) / sc.w, fy: span(ys) / sc.h, inside };
    }, [body, skip]);
    const gauss = `let s = 3; const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
      const g = () => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());`;
    // A round cloud on a wide canvas: equal scales, so the height is the limiting axis and is filled.
    const round = await fill(`${gauss} const n = 400; const xy = new Float32Array(2 * n);
      for (let i = 0; i < 2 * n; i++) xy[i] = g(); return { labels: Array.from({ length: n }, (_, i) => 'w' + i), xy };`);
    assert.ok(round.inside, 'every point inside the canvas');
    assert.ok(Math.max(round.fx, round.fy) > 0.9, `round cloud fills its limiting axis: ${JSON.stringify(round)}`);
    // Skewed: a dense blob and a long tail to the right (mean far from the middle of the box).
    const skewed = await fill(`${gauss} const n = 400; const xy = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) { const t = i % 4 === 0; xy[2 * i] = t ? 3 + 6 * r() : 0.5 * g(); xy[2 * i + 1] = 0.6 * g(); }
      return { labels: Array.from({ length: n }, (_, i) => 'w' + i), xy };`);
    assert.ok(skewed.inside);
    assert.ok(Math.max(skewed.fx, skewed.fy) > 0.9, `skewed cloud fills its limiting axis: ${JSON.stringify(skewed)}`);
    // One point well outside the others: it stays in view, and the rest still fill most of the plot.
    const outlier = await fill(`${gauss} const n = 400; const xy = new Float32Array(2 * n);
      for (let i = 0; i < 2 * n; i++) xy[i] = g(); xy[0] = 0; xy[1] = 4.2; return { labels: Array.from({ length: n }, (_, i) => 'w' + i), xy };`, 1);
    assert.ok(outlier.inside, 'the outlier is drawn');
    assert.ok(Math.max(outlier.fx, outlier.fy) > 0.75, `the bulk still fills the plot: ${JSON.stringify(outlier)}`);
    // The fit follows the next snapshot calmly: a picture twice as wide changes the scale and the
    // centre gradually (no jump: bounded speed, whatever the frame rate), and the view ends at the
    // new fit.
    const track = await page.evaluate(() => new Promise((res) => {
      const sc = window.scatter;
      const { labels } = sc;
      const xy = new Float32Array(2 * labels.length);
      for (let i = 0; i < labels.length; i++) { xy[2 * i] = sc.to[2 * i] * 2 + 0.3; xy[2 * i + 1] = sc.to[2 * i + 1]; }
      sc.setPoints({ labels, xy });
      const out = [];
      const t0 = performance.now();
      const tick = (now) => {
        const f = sc.fitView();
        out.push([f.s, f.ox * f.s, f.oy * f.s, now]);
        if (now - t0 < 3000) requestAnimationFrame(tick);
        else { const t = sc.fitTarget(); res({ out, target: [t.s, t.ox * t.s, t.oy * t.s] }); }
      };
      requestAnimationFrame(tick);
    }));
    // Speeds per ms (a frame is at least 16 ms): the scale follows 180 ms transitions, the centre a
    // 300 ms easing; a jump would be a whole change within one frame.
    const steps = track.out.slice(1).map((v, i) => {
      const u = track.out[i];
      const dt = Math.max(16, v[3] - u[3]);
      return [Math.abs(v[0] - u[0]) / u[0] / dt, Math.hypot(v[1] - u[1], v[2] - u[2]) / dt];
    });
    const worst = [Math.max(...steps.map((x) => x[0])), Math.max(...steps.map((x) => x[1]))];
    assert.ok(worst[0] < 0.004 && worst[1] < 2, `no jump: fastest change ${(100 * worst[0]).toFixed(2)}% of the scale and ${worst[1].toFixed(2)} px of the centre per ms`);
    assert.ok(new Set(track.out.map((v) => v[0].toFixed(2))).size >= 4, 'eased over several frames');
    const end = track.out.at(-1);
    assert.ok(Math.abs(end[0] - track.target[0]) < 0.01 * track.target[0], `ends at the new fit: ${end[0].toFixed(1)} vs ${track.target[0].toFixed(1)}`);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('scatter view: hi-DPI backing store', async () => {
  const { page, base, context, close } = await launch();
  try {
    const hidpi = await context.browser().newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 });
    const p2 = await hidpi.newPage();
    await p2.goto(new URL('../tests/e2e/scatter.html', base).href);
    await p2.waitForSelector('body[data-ready="true"]');
    const [cw, w] = await p2.evaluate(() => [document.querySelector('.scatter canvas').width, window.scatter.w]);
    assert.equal(cw, Math.round(2 * w));
    await hidpi.close();
    void page;
  } finally {
    await close();
  }
});
