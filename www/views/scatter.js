// A 2-D scatter of labelled points on canvas: the vector-space view of the Word2Vec and FastText
// chapters. It draws plain arrays it is handed (labels + positions); no model code here.
//
// - crisp on hi-DPI (backing store × devicePixelRatio), big labels with a white halo;
// - labels never pile up: placed greedily in importance order (hovered, highlighted, linked, then
//   by rank), each tries four spots and is dropped if all collide; zooming in makes room for more;
// - zoom (wheel, +/− buttons, keys), pan (drag, arrows), fit;
// - hover → onHover(i), click → onSelect(i); links (e.g. nearest neighbours) drawn from a point;
// - search a label, top-N filter; positions interpolate smoothly between snapshots (matched by label).
// Keyboard (canvas focused): arrows pan, + / − zoom, Home fit, n / p next / previous point, Enter
// selects, Escape clears. Handled keys stop propagating (the player bar uses Space, ".", "0").
import { h } from '../dom.js';

const PALETTE = ['#1f4fd1', '#c2410c', '#15803d', '#7c3aed', '#b91c1c', '#0e7490', '#a16207', '#be185d'];
const FONT = 'system-ui, -apple-system, "Segoe UI", "Noto Sans KR", "Noto Sans CJK KR", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif';
const DEFAULT_STRINGS = {
  find: 'Find', zoomIn: 'Zoom in', zoomOut: 'Zoom out', fit: 'Fit all points', search: 'Find a word', top: 'Show',
  all: 'all', notFound: '“{w}” is not among the points', help: 'Drag to pan, wheel or + / − to zoom, n / p to step through points, Home to fit.',
  label: 'Word vectors in 2-D',
};

const MIN_FRAME_MS = 30; // ~30 pictures a second during transitions
const HALO = 3; // px of white around a label
const ease = (a) => (a < 0.5 ? 2 * a * a : 1 - (-2 * a + 2) ** 2 / 2);
// Fitting the picture to the plot (see base()): the bulk of the points fills the plot up to these
// margins (px; labels that would cross the edge flip inwards), a few outliers may use the margin
// but stay EDGE px inside the canvas.
const MARGIN_X = 20;
const MARGIN_Y = 16;
const EDGE = 6;
const ZOOM_IN_MS = 600; // see followFit()
const CENTRE_MS = 300;
const TAIL = 8; // numbers after the (n, 2) positions in a normalised snapshot, see normalise()

export class Scatter {
  /**
   * opts: {height (CSS px), strings, onHover(i|null), onSelect(i), onTopN(n), topN, topChoices,
   * fontSize, duration (ms of the transition between snapshots), margin: [x, y] px (default
   * [MARGIN_X, MARGIN_Y]; wider for long labels such as whole sentences)}
   */
  constructor(opts = {}) {
    this.opts = opts;
    this.str = { ...DEFAULT_STRINGS, ...(opts.strings ?? {}) };
    this.fontSize = opts.fontSize ?? 18;
    this.duration = opts.duration ?? 180;
    this.lastDraw = 0;
    this.labels = [];
    this.group = null;
    this.index = new Map(); // label → point index
    this.from = new Float64Array(TAIL); // (n, 2) normalised positions at the transition start, + extents
    this.to = new Float64Array(TAIL); // (n, 2) targets, + extents
    this.cur = new Float64Array(TAIL); // (n, 2) as drawn, + extents
    this.screen = new Float32Array(0); // (n, 2) screen positions of the last frame (NaN = hidden)
    this.t0 = 0;
    this.links = [];
    this.highlight = new Set();
    this.hover = null;
    this.topN = opts.topN ?? Infinity;
    this.view = { k: 1, px: 0, py: 0 };
    this.widths = new Map();
    this.sprites = new Map(); // rendered labels, see sprite()
    this.frame = 0;

    this.canvas = h('canvas', { tabIndex: 0, role: 'application', 'aria-label': this.str.label });
    this.live = h('div.sr-only', { 'aria-live': 'polite' });
    const btn = (text, title, fn) => h('button', { type: 'button', title, 'aria-label': title, onclick: fn }, text);
    this.search = h('input', { type: 'search', placeholder: this.str.search, 'aria-label': this.str.search, onkeydown: (e) => { if (e.key === 'Enter') this.find(this.search.value, true); } });
    this.status = h('span.scatter-status', { 'aria-live': 'polite' });
    const choices = opts.topChoices ?? [50, 100, 200, 500, 1000, 2000, Infinity];
    this.topSelect = h('select', { 'aria-label': this.str.top, onchange: () => { this.setTopN(Number(this.topSelect.value)); this.opts.onTopN?.(this.topN); } },
      choices.map((c) => h('option', { value: String(c), selected: c === this.topN }, Number.isFinite(c) ? String(c) : this.str.all)));
    this.el = h('div.scatter',
      h('div.scatter-tools',
        h('label.field', this.search), btn(this.str.find, this.str.search, () => this.find(this.search.value, true)),
        h('label.field', this.str.top, this.topSelect),
        h('span.scatter-zoom', btn('+', this.str.zoomIn, () => this.zoomBy(1.5)), btn('−', this.str.zoomOut, () => this.zoomBy(1 / 1.5)), btn('⤢', this.str.fit, () => this.fit())),
        this.status),
      h('div.scatter-canvas', { style: { height: `${opts.height ?? 560}px` } }, this.canvas),
      h('p.hint', this.str.help), this.live);
    this.el.scatter = this; // for tests and the console
    this.ctx = this.canvas.getContext('2d');
    this.bindEvents();
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(this.canvas.parentElement);
  }

  /** points: {labels: string[], xy: (n·2) numbers, group?: (n) small ints for colour}. */
  setPoints({ labels, xy, group = null }, { animate = true } = {}) {
    const n = labels.length;
    const target = normalise(xy, n);
    const now = performance.now();
    const start = new Float64Array(2 * n + TAIL);
    const oldN = this.labels.length;
    // The extents ease from the old picture's to the new one's, like the points.
    for (let k = 0; k < TAIL; k++) start[2 * n + k] = animate && oldN ? this.cur[2 * oldN + k] : target[2 * n + k];
    for (let i = 0; i < n; i++) {
      const old = this.index.get(labels[i]);
      const src = old !== undefined && animate ? this.cur : target;
      const j = old !== undefined && animate ? old : i;
      start[2 * i] = src[2 * j];
      start[2 * i + 1] = src[2 * j + 1];
    }
    const hoverLabel = this.hover !== null ? this.labels[this.hover] : null;
    const hl = [...this.highlight].map((i) => this.labels[i]);
    this.labels = labels;
    this.group = group;
    this.index = new Map(labels.map((w, i) => [w, i]));
    this.from = start;
    this.to = target;
    this.cur = Float64Array.from(start);
    this.screen = new Float32Array(2 * n).fill(NaN);
    this.t0 = now;
    if (!animate) this.shownFit = null; // a new picture, not the next snapshot: fit it at once
    this.hover = hoverLabel !== null ? (this.index.get(hoverLabel) ?? null) : null;
    this.highlight = new Set(hl.map((w) => this.index.get(w)).filter((i) => i !== undefined));
    this.links = [];
    this.el.dataset.points = String(n);
    this.request();
  }

  /** links: [{from, to, weight ∈ [0, 1]}] by point index (drawn as lines, their labels first). */
  setLinks(links) {
    this.links = links.filter((l) => l.from < this.labels.length && l.to < this.labels.length);
    this.request();
  }

  setHighlight(indices) {
    this.highlight = new Set(indices);
    this.request();
  }

  setTopN(n) {
    this.topN = n > 0 ? n : Infinity;
    this.topSelect.value = String(this.topN);
    this.request();
  }

  /** Finds a label (exact, then case-insensitive); highlights and centres it. Returns its index or -1. */
  find(word, announce = false) {
    const w = word.trim();
    if (!w) return -1;
    let i = this.index.get(w);
    if (i === undefined) i = this.labels.findIndex((l) => l.toLowerCase() === w.toLowerCase());
    if (i === -1 || i === undefined) {
      if (announce) this.status.textContent = this.str.notFound.replace('{w}', w);
      return -1;
    }
    this.status.textContent = '';
    if (i >= this.topN) this.setTopN(Infinity);
    this.setHighlight([i]);
    this.setHover(i, true);
    this.centreOn(i);
    return i;
  }

  setHover(i, fromKeyboard = false) {
    if (i === this.hover) return;
    this.hover = i;
    this.el.dataset.hover = i === null ? '' : this.labels[i];
    if (i !== null && fromKeyboard) this.live.textContent = this.labels[i];
    if (i === null) this.links = [];
    this.opts.onHover?.(i, i === null ? null : this.labels[i]);
    this.request();
  }

  zoomBy(f, sx = this.w / 2, sy = this.h / 2) {
    const k = Math.min(200, Math.max(0.2, this.view.k * f));
    const r = k / this.view.k;
    // Keep the point under (sx, sy) fixed: p' = s − r (s − p) in offsets from the centre.
    this.view.px = sx - this.w / 2 - r * (sx - this.w / 2 - this.view.px);
    this.view.py = sy - this.h / 2 - r * (sy - this.h / 2 - this.view.py);
    this.view.k = k;
    this.request();
  }

  fit() {
    this.view = { k: 1, px: 0, py: 0 };
    this.request();
  }

  /** Pans (and zooms in to at least 2×) so point `i` sits in the middle. */
  centreOn(i) {
    const { s, ox, oy } = this.fitView();
    if (this.view.k < 2) this.view.k = 2;
    this.view.px = -this.view.k * s * (this.to[2 * i] - ox);
    this.view.py = this.view.k * s * (this.to[2 * i + 1] - oy);
    this.request();
  }

  destroy() {
    this.resizeObserver.disconnect();
    cancelAnimationFrame(this.frame);
    this.frame = -1;
  }

  // ---- drawing ----

  /**
   * The view at zoom 1: `s` pixels per normalised unit and the normalised point (ox, oy) drawn at
   * the centre. One scale for both axes (distances and angles stay true), as large as possible
   * such that on each axis the bulk of the points (all but the outermost 1% on each side) lies
   * within the plot minus a small margin and every point, outliers included, stays EDGE px inside
   * the canvas; the limiting axis is filled, and the centre goes to the middle of the offsets that
   * satisfy all four bounds. Also returns `limit(ox, oy)`: the largest scale that keeps those
   * bounds with the centre at (ox, oy) instead.
   */
  fitTarget() {
    const n = this.labels.length;
    const t = this.cur.subarray(2 * n, 2 * n + TAIL);
    const axis = (lo, hi, min, max, half, margin) => {
      // Bounds on the centre c at scale s: s (hi − c) ≤ half − margin, s (c − lo) ≤ half − margin,
      // s (max − c) ≤ half − EDGE, s (c − min) ≤ half − EDGE. A c exists iff each "c ≥" bound is
      // below each "c ≤" bound, which caps s:
      const inner = half - margin;
      const outer = half - EDGE;
      const eps = 1e-9;
      const smax = Math.min(2 * inner / Math.max(eps, hi - lo), 2 * outer / Math.max(eps, max - min),
        (inner + outer) / Math.max(eps, hi - min), (inner + outer) / Math.max(eps, max - lo));
      const limit = (c) => Math.min(inner / Math.max(eps, hi - c), inner / Math.max(eps, c - lo), outer / Math.max(eps, max - c), outer / Math.max(eps, c - min));
      return { smax, limit, centre: (sc) => (Math.max(hi - inner / sc, max - outer / sc) + Math.min(lo + inner / sc, min + outer / sc)) / 2 };
    };
    if (!n || !this.w) return { s: 10, ox: 0, oy: 0, limit: () => Infinity };
    const [mx, my] = this.opts.margin ?? [MARGIN_X, MARGIN_Y];
    const ax = axis(t[0], t[1], t[2], t[3], this.w / 2, mx);
    const ay = axis(t[4], t[5], t[6], t[7], this.h / 2, my);
    // A cloud squeezed to a line or a point must not blow up: at most 1 normalised unit = the plot.
    const sc = Math.max(10, Math.min(ax.smax, ay.smax, Math.min(this.w, this.h) * 2));
    return { s: sc, ox: ax.centre(sc), oy: ay.centre(sc), limit: (cx, cy) => Math.max(10, Math.min(ax.limit(cx), ay.limit(cy))) };
  }

  /** The view at zoom 1 as drawn: fitTarget() followed calmly (see followFit). */
  fitView() {
    return this.shownFit ?? this.fitTarget();
  }

  /**
   * While a model trains, every snapshot has a slightly different shape, so the best fit changes
   * from picture to picture; following it exactly makes the cloud breathe in and out. The view
   * drawn instead zooms out at once when the points need room (that change is already eased by
   * the snapshot transition), zooms in only gradually (time constant ZOOM_IN_MS), and moves its
   * centre gradually (CENTRE_MS); while the centre is on its way the scale is capped so every
   * point stays in view (it zooms out a little more instead of jumping). Returns whether it has
   * reached the target.
   */
  followFit(now) {
    const target = this.fitTarget();
    const f = this.shownFit;
    if (!f) {
      this.shownFit = { s: target.s, ox: target.ox, oy: target.oy, t: now };
      return true;
    }
    const dt = Math.min(200, Math.max(0, now - f.t));
    f.t = now;
    const kc = 1 - Math.exp(-dt / CENTRE_MS);
    f.ox += (target.ox - f.ox) * kc;
    f.oy += (target.oy - f.oy) * kc;
    const zoomed = target.s <= f.s ? target.s : f.s + (target.s - f.s) * (1 - Math.exp(-dt / ZOOM_IN_MS));
    f.s = Math.min(zoomed, target.limit(f.ox, f.oy));
    const close = Math.abs(target.s - f.s) < 1e-3 * target.s && Math.abs(target.ox - f.ox) * f.s < 0.5 && Math.abs(target.oy - f.oy) * f.s < 0.5;
    if (close) Object.assign(f, { s: target.s, ox: target.ox, oy: target.oy });
    return close;
  }

  resize() {
    const box = this.canvas.parentElement.getBoundingClientRect();
    this.w = Math.max(50, box.width);
    this.h = Math.max(50, box.height);
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(this.w * dpr);
    this.canvas.height = Math.round(this.h * dpr);
    this.canvas.style.width = `${this.w}px`;
    this.canvas.style.height = `${this.h}px`;
    this.dpr = dpr;
    this.shownFit = null;
    this.request();
  }

  /** Schedules a draw. Transition frames run at most every MIN_FRAME_MS (a redraw of a few
   * hundred labels is the costly part of the page while a model trains); other changes draw at once. */
  request(animating = false) {
    if (this.frame === -1) return;
    this.el.dataset.moving = '1'; // a draw is due; draw() sets '0' once the picture is at rest (tests wait for it)
    if (this.frame) return;
    this.frame = requestAnimationFrame((t) => {
      this.frame = 0;
      if (animating && t - this.lastDraw < MIN_FRAME_MS) return this.request(true);
      this.lastDraw = t;
      this.draw(t);
    });
  }

  draw(now) {
    if (!this.w) return;
    const { ctx } = this;
    const n = this.labels.length;
    const a = this.duration > 0 ? Math.min(1, (now - this.t0) / this.duration) : 1;
    const e = ease(Math.max(0, a));
    for (let k = 0; k < 2 * n + TAIL; k++) this.cur[k] = this.from[k] + (this.to[k] - this.from[k]) * e;
    const settled = this.followFit(now);
    const fit = this.fitView();
    const s = fit.s * this.view.k;
    const cx = this.w / 2 + this.view.px - s * fit.ox;
    const cy = this.h / 2 + this.view.py + s * fit.oy;
    const shown = Math.min(n, this.topN);
    for (let i = 0; i < n; i++) {
      const x = cx + s * this.cur[2 * i];
      const y = cy - s * this.cur[2 * i + 1];
      const visible = (i < shown || this.highlight.has(i) || i === this.hover) && x > -20 && x < this.w + 20 && y > -20 && y < this.h + 20;
      this.screen[2 * i] = visible ? x : NaN;
      this.screen[2 * i + 1] = visible ? y : NaN;
    }
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.clearRect(0, 0, this.w, this.h);
    const linked = new Map(this.links.map((l) => [l.to, l.weight]));
    // Links under the dots.
    for (const l of this.links) {
      const [x1, y1, x2, y2] = [this.screen[2 * l.from], this.screen[2 * l.from + 1], this.cur[2 * l.to] * s + cx, cy - s * this.cur[2 * l.to + 1]];
      if (Number.isNaN(x1)) continue;
      ctx.strokeStyle = `rgba(21, 128, 61, ${0.25 + 0.75 * Math.max(0, Math.min(1, l.weight))})`;
      ctx.lineWidth = 1 + 3 * Math.max(0, l.weight);
      ctx.beginPath();
      ctx.moveTo(x1, y1);
      ctx.lineTo(x2, y2);
      ctx.stroke();
    }
    // Dots: ordinary ones batched into one path per colour (one fill each), special ones on top.
    let drawn = 0;
    const focus = this.hover !== null || this.highlight.size > 0;
    const paths = new Map();
    const specials = [];
    for (let i = n - 1; i >= 0; i--) {
      const x = this.screen[2 * i];
      if (Number.isNaN(x)) continue;
      drawn++;
      if (this.highlight.has(i) || i === this.hover || linked.has(i)) { specials.push(i); continue; }
      const colour = PALETTE[(this.group?.[i] ?? 0) % PALETTE.length];
      let path = paths.get(colour);
      if (!path) paths.set(colour, (path = new Path2D()));
      path.moveTo(x + 4, this.screen[2 * i + 1]);
      path.arc(x, this.screen[2 * i + 1], 4, 0, 2 * Math.PI);
    }
    ctx.globalAlpha = focus ? 0.3 : 0.7;
    for (const [colour, path] of paths) {
      ctx.fillStyle = colour;
      ctx.fill(path);
    }
    ctx.globalAlpha = 1;
    for (const i of specials) {
      ctx.fillStyle = this.highlight.has(i) ? '#c2410c' : '#15803d';
      ctx.beginPath();
      ctx.arc(this.screen[2 * i], this.screen[2 * i + 1], 6, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.globalAlpha = 1;
    if (this.hover !== null && !Number.isNaN(this.screen[2 * this.hover])) {
      ctx.strokeStyle = '#15171a';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(this.screen[2 * this.hover], this.screen[2 * this.hover + 1], 10, 0, 2 * Math.PI);
      ctx.stroke();
    }
    const labelled = this.drawLabels(linked, shown);
    Object.assign(this.el.dataset, { drawn: String(drawn), labelled: String(labelled), zoom: this.view.k.toFixed(2) });
    if (a < 1 || !settled) this.request(true);
    else this.el.dataset.moving = '0';
  }

  /** Greedy label placement in importance order; returns how many labels were drawn. */
  drawLabels(linked, shown) {
    const { ctx } = this;
    const focus = this.hover !== null || this.highlight.size > 0;
    const order = [];
    const seen = new Set();
    const push = (i) => { if (i !== null && i !== undefined && !seen.has(i) && !Number.isNaN(this.screen[2 * i])) { seen.add(i); order.push(i); } };
    push(this.hover);
    this.highlight.forEach(push);
    [...linked.keys()].forEach(push);
    for (let i = 0; i < shown && order.length < 4000; i++) push(i);
    const cell = 64;
    const grid = new Map();
    const boxes = (x0, y0, x1, y1, fn) => {
      for (let gx = Math.floor(x0 / cell); gx <= Math.floor(x1 / cell); gx++) {
        for (let gy = Math.floor(y0 / cell); gy <= Math.floor(y1 / cell); gy++) if (fn(`${gx},${gy}`)) return true;
      }
      return false;
    };
    const collides = (b) => boxes(b[0], b[1], b[2], b[3], (key) => (grid.get(key) ?? []).some((o) => b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]));
    const occupy = (b) => boxes(b[0], b[1], b[2], b[3], (key) => { (grid.get(key) ?? grid.set(key, []).get(key)).push(b); return false; });
    this.placed = []; // label boxes of this frame (read by the tests)
    for (const i of order) {
      const strong = i === this.hover || this.highlight.has(i) || linked.has(i);
      const size = strong ? this.fontSize + 3 : this.fontSize;
      const font = `${strong ? 700 : 500} ${size}px ${FONT}`;
      const w = this.measure(this.labels[i], font);
      const [x, y] = [this.screen[2 * i], this.screen[2 * i + 1]];
      const hh = size * 0.62;
      const spots = labelSpots(x, y, w, size * 0.62, strong);
      // A spot inside the canvas first: near an edge, the label goes to the point's other side. A
      // label that must be shown (hovered, found, linked) takes the first inside spot even if it overlaps.
      const inside = (b) => b[0] >= 0 && b[2] <= this.w && b[1] >= 0 && b[3] <= this.h;
      const spot = spots.find((b) => inside(b) && !collides(b)) ?? spots.find((b) => !collides(b)) ?? (strong ? (spots.find(inside) ?? spots[0]) : null);
      if (!spot) continue;
      occupy([spot[0] - 2, spot[1], spot[2] + 2, spot[3]]);
      this.placed.push({ i, box: spot });
      const [tx, ty] = [spot[0], (spot[1] + spot[3]) / 2];
      if (strong && (tx > x + 12 || tx + w < x - 12 || spot[3] < y - 12 || spot[1] > y + 12)) {
        // A label pushed away from its point gets a leader line back to it.
        ctx.strokeStyle = 'rgba(21, 23, 26, 0.5)';
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.moveTo(x, y);
        ctx.lineTo(Math.max(spot[0], Math.min(spot[2], x)), Math.max(spot[1], Math.min(spot[3], y)));
        ctx.stroke();
      }
      ctx.globalAlpha = strong || !focus ? 1 : 0.4;
      const colour = this.highlight.has(i) ? '#9a3412' : strong ? '#14532d' : '#15171a';
      const sprite = this.sprite(this.labels[i], font, size, colour);
      ctx.drawImage(sprite.canvas, tx - HALO, ty - sprite.h / 2, sprite.w, sprite.h);
    }
    ctx.globalAlpha = 1;
    return this.placed.length;
  }

  /**
   * A label drawn once (text + white halo) into its own small canvas at the device pixel ratio, then
   * reused with drawImage: stroking glyph outlines every frame is what made labels expensive.
   */
  sprite(text, font, size, colour) {
    const key = `${font}|${colour}|${this.dpr}|${text}`;
    let sp = this.sprites.get(key);
    if (!sp) {
      const w = Math.ceil(this.measure(text, font)) + 2 * HALO;
      const hgt = Math.ceil(size * 1.5) + 2 * HALO;
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(w * this.dpr);
      canvas.height = Math.ceil(hgt * this.dpr);
      const c = canvas.getContext('2d');
      c.scale(this.dpr, this.dpr);
      c.font = font;
      c.textBaseline = 'middle';
      c.lineJoin = 'round';
      c.strokeStyle = 'rgba(255,255,255,0.92)';
      c.lineWidth = 5;
      c.strokeText(text, HALO, hgt / 2);
      c.fillStyle = colour;
      c.fillText(text, HALO, hgt / 2);
      if (this.sprites.size > 6000) this.sprites.clear();
      sp = { canvas, w, h: hgt };
      this.sprites.set(key, sp);
    }
    return sp;
  }

  measure(text, font) {
    const key = `${font}|${text}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      this.ctx.font = font;
      w = this.ctx.measureText(text).width;
      if (this.widths.size > 20000) this.widths.clear();
      this.widths.set(key, w);
    }
    return w;
  }

  // ---- input ----

  nearest(sx, sy, radius = 14) {
    let best = null;
    let bd = radius * radius;
    for (let i = 0; i < this.labels.length; i++) {
      const dx = this.screen[2 * i] - sx;
      const dy = this.screen[2 * i + 1] - sy;
      const d = dx * dx + dy * dy;
      if (d < bd) { bd = d; best = i; }
    }
    return best;
  }

  visibleOrder() {
    const out = [];
    for (let i = 0; i < this.labels.length; i++) if (!Number.isNaN(this.screen[2 * i])) out.push(i);
    return out;
  }

  bindEvents() {
    const c = this.canvas;
    const at = (e) => { const r = c.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; };
    let drag = null;
    c.addEventListener('wheel', (e) => {
      e.preventDefault();
      const [x, y] = at(e);
      this.zoomBy(Math.exp(-e.deltaY * 0.0015), x, y);
    }, { passive: false });
    c.addEventListener('pointerdown', (e) => {
      drag = { x: e.clientX, y: e.clientY, px: this.view.px, py: this.view.py, moved: false };
      c.setPointerCapture(e.pointerId);
    });
    c.addEventListener('pointermove', (e) => {
      if (drag) {
        const dx = e.clientX - drag.x;
        const dy = e.clientY - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
        if (drag.moved) {
          this.view.px = drag.px + dx;
          this.view.py = drag.py + dy;
          c.style.cursor = 'grabbing';
          this.request();
          return;
        }
      }
      const [x, y] = at(e);
      const i = this.nearest(x, y);
      c.style.cursor = i === null ? 'grab' : 'pointer';
      this.setHover(i);
    });
    c.addEventListener('pointerup', (e) => {
      if (drag && !drag.moved) {
        const [x, y] = at(e);
        const i = this.nearest(x, y);
        if (i !== null) this.opts.onSelect?.(i, this.labels[i]);
      }
      drag = null;
      c.style.cursor = 'grab';
    });
    c.addEventListener('pointerleave', () => { if (!drag) this.setHover(null); });
    c.addEventListener('keydown', (e) => {
      const pan = 60;
      const step = (dir) => {
        const vis = this.visibleOrder();
        if (!vis.length) return;
        const at = vis.indexOf(this.hover);
        this.setHover(vis[(at + dir + vis.length) % vis.length], true);
      };
      const actions = {
        ArrowLeft: () => { this.view.px += pan; this.request(); },
        ArrowRight: () => { this.view.px -= pan; this.request(); },
        ArrowUp: () => { this.view.py += pan; this.request(); },
        ArrowDown: () => { this.view.py -= pan; this.request(); },
        '+': () => this.zoomBy(1.5), '=': () => this.zoomBy(1.5), '-': () => this.zoomBy(1 / 1.5), _: () => this.zoomBy(1 / 1.5),
        Home: () => this.fit(), n: () => step(1), p: () => step(-1),
        Enter: () => { if (this.hover !== null) this.opts.onSelect?.(this.hover, this.labels[this.hover]); },
        Escape: () => { this.setHighlight([]); this.setHover(null); },
      };
      const fn = actions[e.key];
      if (!fn) return;
      e.preventDefault();
      e.stopPropagation();
      fn();
    });
  }
}

/**
 * Candidate label boxes `[x0, y0, x1, y1]` around a point, best first: right, left, above, below;
 * important labels also try rings further out (drawn with a leader line), and as a last resort
 * overlap rather than hide what the user points at.
 */
function labelSpots(x, y, w, hh, strong) {
  const out = [];
  for (const r of strong ? [8, 26, 48, 76, 110] : [8]) {
    out.push([x + r, y - hh, x + r + w, y + hh], [x - r - w, y - hh, x - r, y + hh], [x - w / 2, y - r - 2 * hh, x + w / 2, y - r], [x - w / 2, y + r, x + w / 2, y + r + 2 * hh]);
    if (r > 8) out.push([x + r * 0.7, y - r * 0.7 - 2 * hh, x + r * 0.7 + w, y - r * 0.7], [x - r * 0.7 - w, y + r * 0.7, x - r * 0.7, y + r * 0.7 + 2 * hh], [x + r * 0.7, y + r * 0.7, x + r * 0.7 + w, y + r * 0.7 + 2 * hh], [x - r * 0.7 - w, y - r * 0.7 - 2 * hh, x - r * 0.7, y - r * 0.7]);
  }
  return out;
}

/** Of the finite values v[off], v[off + 2], … (n of them): [min, k-th smallest, k-th largest, max]. */
function spread(v, n, off, k) {
  const a = [];
  for (let i = 0; i < n; i++) if (Number.isFinite(v[2 * i]) && Number.isFinite(v[2 * i + 1])) a.push(v[2 * i + off]);
  if (!a.length) return [0, 0, 0, 0];
  a.sort((x, y) => x - y);
  const kk = Math.min(k, Math.floor((a.length - 1) / 2));
  return [a[0], a[kk], a[a.length - 1 - kk], a[a.length - 1]];
}

/**
 * Centres `(n, 2)` positions on the middle of the bulk of the points and scales them so every
 * coordinate lies in [−1, 1], keeping the aspect ratio. "Bulk": what is left after dropping the
 * outermost 1% of the points on each side (none below 50 points), so one far-out word neither
 * decides the centre nor shrinks everything else. (Centring on the mean, as before, left the
 * short side of a skewed cloud empty.) Returns `2n + TAIL` numbers: the positions, then per axis
 * the bulk's bounds and the full bounds (x: lo, hi, min, max; then y) for fitView(); they
 * interpolate between snapshots like the points, so the fit eases instead of jumping.
 */
function normalise(xy, n) {
  const out = new Float64Array(2 * n + TAIL);
  const trim = n >= 50 ? Math.floor(0.01 * n) : 0;
  const [x0, xl, xh, x1] = spread(xy, n, 0, trim);
  const [y0, yl, yh, y1] = spread(xy, n, 1, trim);
  const [mx, my] = [(xl + xh) / 2, (yl + yh) / 2];
  const r = Math.max(x1 - mx, mx - x0, y1 - my, my - y0);
  const k = r > 0 ? 1 / r : 1;
  for (let i = 0; i < n; i++) {
    const ok = Number.isFinite(xy[2 * i]) && Number.isFinite(xy[2 * i + 1]);
    out[2 * i] = ok ? (xy[2 * i] - mx) * k : 0;
    out[2 * i + 1] = ok ? (xy[2 * i + 1] - my) * k : 0;
  }
  const b = (v, m) => (v - m) * k;
  out.set(r > 0 ? [b(xl, mx), b(xh, mx), b(x0, mx), b(x1, mx), b(yl, my), b(yh, my), b(y0, my), b(y1, my)] : [-1, 1, -1, 1, -1, 1, -1, 1], 2 * n);
  return out;
}
