// A Markov chain as a state-transition diagram: states are labelled boxes, arrows are weighted by
// transition probability. Built for a projector: no label sits on another one.
//
// Layout, deterministic and stable while N changes:
// 1. States arrive sorted by frequency, so the top-N states are always a prefix of the top-(N+k).
//    State number r starts on a sunflower spiral (r-th point at radius ∝ √r, golden angle apart):
//    frequent states in the middle, and adding states only adds points further out.
// 2. States already placed keep their previous position (warm start), new ones take their spiral
//    point; the whole picture is scaled to fit, labels keep their size.
// 3. Boxes that overlap are pushed apart (a few dozen relaxation sweeps, in a fixed order), and
//    the result is remembered for the next update.
// Position changes are animated over ~0.5 s (arrows drawn 1 px wide while the boxes move, then their
// weights fade in over 0.15 s); frame times are recorded (see `frames`).
//
// Drawing: the picture is painted on one canvas (statediagram-draw.js) — repainting it per frame
// is cheap, where moving 100 SVG groups re-rastered the whole diagram every frame. Over it lies a
// layer of transparent buttons, one per state, at the states' resting places: they take clicks,
// hover and keyboard focus, carry the state's name (aria-label) and its role as classes
// (`selected`, `lit`, `from`). Text widths are measured once per update, never per frame.
import { h, tooltip } from '../dom.js';
import { FAMILY, NodeAtlas, paintArrows, paintTop } from './statediagram-draw.js';

const GOLDEN = Math.PI * (3 - Math.sqrt(5));
const MOVE_MS = 500; // boxes glide to their new places
const FADE_MS = 150; // then the arrows' full weights fade in
const PAD_X = 10;
const PAD_Y = 6;

let measureCtx = null;
const widths = new Map(); // font + label → width: labels come back every time N changes
function textWidth(text, font) {
  const key = `${font}\u0000${text}`;
  let w = widths.get(key);
  if (w === undefined) {
    measureCtx ??= document.createElement('canvas').getContext('2d');
    measureCtx.font = font;
    w = measureCtx.measureText(text).width;
    widths.set(key, w);
  }
  return w;
}

function keyOf(d, i) {
  if (i === d.other) return '\u0000other';
  if (i === d.end) return '\u0000end';
  return JSON.stringify(d.states[i]);
}

function cssVar(name, fallback) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

export class StateDiagram {
  /** opts: {width, height, onSelect(i), minProb, otherLabel, endLabel, title, fitHeight()} */
  constructor(opts = {}) {
    this.opts = { width: 1100, height: 760, minProb: 0.08, ...opts };
    this.canvas = h('canvas.sd-canvas', { 'aria-hidden': 'true' });
    // Opaque: the compositor copies it instead of blending it over the card.
    this.ctx = this.canvas.getContext('2d', { alpha: false });
    this.hits = h('div.sd-hits', { role: 'group', 'aria-label': opts.title ?? 'state diagram' });
    this.el = h('div.statediagram', this.canvas, this.hits);
    this.memory = new Map(); // key → [x, y] in layout units (before fitting)
    this.nodes = [];
    this.edges = [];
    this.selected = null;
    this.lit = { from: null, to: null };
    this.frames = []; // frame intervals (ms) of the last animation
    this.raf = 0;
    this.anim = null; // {phase: 'move' | 'fade', t0, last, e} while the layout animates
    this.cache = null; // off-screen canvas holding the arrows while the layout is at rest
    this.arrows = false; // whether `cache` is up to date
  }

  /** d: {labels, counts, matrix, size, other, end, states}. */
  update(d) {
    this.d = d;
    const n = d.size;
    // One canvas unit = one CSS pixel of the drawn width, so labels have their true size.
    const cw = this.el.clientWidth;
    if (cw > 200) {
      this.opts.width = cw;
      const fit = this.opts.fitHeight?.() ?? cw * 0.72;
      this.opts.height = Math.round(Math.max(460, Math.min(820, cw * 0.8, fit)));
    }
    this.#resize();
    const px = n > 60 ? 15 : n > 30 ? 17 : 20;
    this.font = `600 ${px}px ${FAMILY}`;
    const maxCount = Math.max(1, ...Array.from(d.counts));
    const old = new Map(this.nodes.map((nd) => [nd.key, nd]));
    this.nodes = Array.from({ length: n }, (_, i) => {
      const key = keyOf(d, i);
      const label = i === d.other ? (this.opts.otherLabel ?? '…') : i === d.end ? (this.opts.endLabel ?? '</s>') : d.labels[i];
      const w = textWidth(label, this.font) + 2 * PAD_X;
      const hgt = px + 2 * PAD_Y;
      const heat = Math.log1p(d.counts[i]) / Math.log1p(maxCount);
      const prev = old.get(key);
      return { i, key, label, w, h: hgt, heat, kind: i === d.other ? 'other' : i === d.end ? 'end' : 'state', x0: prev?.x, y0: prev?.y };
    });
    this.atlas = new NodeAtlas(this.nodes, this.font, this.dpr, this.colors);
    this.#layout();
    if (this.selected !== null && this.selected >= n) this.selected = null;
    this.edges = this.#edges();
    this.arrows = false; // the cached arrows no longer match
    this.#buttons();
    // One-time work now, before the animation's clock starts, not in its first frame: style and
    // layout of the new buttons, and rasterising the atlas (a canvas draws lazily; reading a
    // pixel makes it draw now).
    void this.hits.offsetWidth;
    this.atlas.canvas.getContext('2d').getImageData(0, 0, 1, 1);
    this.#animate();
  }

  /** Canvas backing store at the device's pixel density; CSS scales it with the card width. */
  #resize() {
    const { width: W, height: H } = this.opts;
    const dpr = window.devicePixelRatio || 1;
    const bw = Math.round(W * dpr);
    const bh = Math.round(H * dpr);
    if (this.canvas.width !== bw || this.canvas.height !== bh) {
      this.canvas.width = bw;
      this.canvas.height = bh;
    }
    this.dpr = dpr;
    this.colors = { accent: cssVar('--accent', '#1f4fd1'), warm: cssVar('--warm', '#c2410c') };
  }

  #layout() {
    const { width: W, height: H } = this.opts;
    const spacing = 60;
    const aspect = Math.max(1, W / H); // an elliptical spiral fills a wide box
    // 1–2: remembered position or the state's spiral point.
    const base = this.nodes.map((nd, r) => {
      const mem = this.memory.get(nd.key);
      if (mem) return [...mem];
      const rr = spacing * Math.sqrt(r + 0.5);
      return [rr * Math.cos(r * GOLDEN) * aspect, rr * Math.sin(r * GOLDEN)];
    });
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [x, y] of base) { minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y); }
    const margin = 60;
    const scale = Math.min((W - 2 * margin) / Math.max(1, maxX - minX), (H - 2 * margin) / Math.max(1, maxY - minY), 6);
    const cx = (minX + maxX) / 2;
    const cy = (minY + maxY) / 2;
    const n = base.length;
    // Flat typed arrays: the relaxation below is O(n²) per sweep and runs before every animation.
    const px = Float64Array.from(base, ([x]) => W / 2 + (x - cx) * scale);
    const py = Float64Array.from(base, ([, y]) => H / 2 + (y - cy) * scale);
    const bw = Float64Array.from(this.nodes, (nd) => nd.w);
    const bh = Float64Array.from(this.nodes, (nd) => nd.h);
    // 3: push overlapping boxes apart (fixed order → deterministic), keep them inside. Only boxes
    // in neighbouring cells of a grid as coarse as the largest box can overlap, so each sweep
    // checks those pairs (a < b, in order) instead of all n²/2. The grid is built at the start of
    // a sweep; a pair missed because a box moved mid-sweep is caught by the next sweep, and the
    // last sweep moves nothing, so its check is exact: no overlap is left when the loop ends early.
    const gap = 8;
    const cw = Math.max(...bw) + gap;
    const ch = Math.max(...bh) + gap;
    const cols = Math.max(1, Math.ceil(W / cw) + 2);
    const cells = new Map();
    const near = [];
    for (let sweep = 0; sweep < 80; sweep++) {
      let moved = false;
      cells.clear();
      const cell = (a) => [Math.floor(px[a] / cw), Math.floor(py[a] / ch)];
      for (let a = 0; a < n; a++) {
        const [gx, gy] = cell(a);
        const k = gy * cols + gx;
        if (!cells.has(k)) cells.set(k, []);
        cells.get(k).push(a);
      }
      for (let a = 0; a < n; a++) {
        const [gx, gy] = cell(a);
        near.length = 0;
        for (let yy = gy - 1; yy <= gy + 1; yy++) for (let xx = gx - 1; xx <= gx + 1; xx++) for (const b of cells.get(yy * cols + xx) ?? []) if (b > a) near.push(b);
        near.sort((x, y) => x - y);
        for (const b of near) {
          const dx = px[b] - px[a];
          const ox = (bw[a] + bw[b]) / 2 + gap - Math.abs(dx);
          if (ox <= 0) continue;
          const dy = py[b] - py[a];
          const oy = (bh[a] + bh[b]) / 2 + gap - Math.abs(dy);
          if (oy <= 0) continue;
          moved = true;
          // Separate along the axis of least overlap, half each.
          if (ox / (bw[a] + bw[b]) < oy / (bh[a] + bh[b])) {
            const m = (ox / 2) * (dx >= 0 ? 1 : -1) || ox / 2;
            px[a] -= m; px[b] += m;
          } else {
            const m = (oy / 2) * (dy >= 0 ? 1 : -1) || oy / 2;
            py[a] -= m; py[b] += m;
          }
        }
      }
      for (let a = 0; a < n; a++) {
        px[a] = Math.min(W - bw[a] / 2 - 4, Math.max(bw[a] / 2 + 4, px[a]));
        py[a] = Math.min(H - bh[a] / 2 - 4, Math.max(bh[a] / 2 + 4, py[a]));
      }
      if (!moved) break;
    }
    this.nodes.forEach((nd, a) => {
      nd.x1 = px[a];
      nd.y1 = py[a];
      this.memory.set(nd.key, [cx + (px[a] - W / 2) / scale, cy + (py[a] - H / 2) / scale]);
      nd.x = nd.x0 ?? nd.x1;
      nd.y = nd.y0 ?? nd.y1;
      if (nd.x0 === undefined) { nd.x0 = nd.x1; nd.y0 = nd.y1; }
    });
  }

  /** Which arrows to draw: per state its strong transitions among drawn states (and all of the
   * selected or lit state's, including to "other" and "</s>"). */
  #edges() {
    const { size, matrix, other, end } = this.d;
    this.edgesFor = this.selected;
    const out = [];
    for (let i = 0; i < size; i++) {
      const row = matrix.subarray(i * size, (i + 1) * size);
      const focus = i === this.selected;
      const ranked = [];
      for (let j = 0; j < size; j++) if (row[j] > 0) ranked.push(j);
      ranked.sort((a, b) => row[b] - row[a]);
      ranked.forEach((j, rank) => {
        const special = j === other || j === end || i === other || i === end;
        // Fewer arrows when there are many states, or the middle becomes a hairball.
        const strong = size > 42 ? row[j] >= 0.15 || rank < 1 : row[j] >= this.opts.minProb || rank < 2;
        const shown = focus ? row[j] >= 0.005 : strong && !special;
        if (shown || (i === this.lit.from && j === this.lit.to)) out.push({ i, j, p: row[j], focus });
      });
    }
    return out;
  }

  /** The hit layer: one transparent button per state at its resting place, in % of the picture
   * so it scales with the canvas. Written once per update, never per animation frame; buttons are
   * kept by state (only new states get new ones) and events are handled once on the layer. */
  #buttons() {
    const { width: W, height: H } = this.opts;
    const pct = (v, of) => `${((100 * v) / of).toFixed(3)}%`;
    const old = this.buttons ?? new Map();
    this.buttons = new Map();
    for (const nd of this.nodes) {
      let b = old.get(nd.key);
      if (b) old.delete(nd.key);
      else b = h('button.sd-node', { type: 'button' });
      b.className = `sd-node ${nd.kind}`;
      b.setAttribute('aria-label', nd.label);
      b.dataset.i = String(nd.i);
      Object.assign(b.style, { left: pct(nd.x1 - nd.w / 2, W), top: pct(nd.y1 - nd.h / 2, H), width: pct(nd.w, W), height: pct(nd.h, H) });
      nd.btn = b;
      this.buttons.set(nd.key, b);
    }
    for (const b of old.values()) b.remove();
    // In state order, so Tab goes from the most frequent state to the rarest.
    this.hits.append(...this.nodes.map((nd) => nd.btn));
    if (!this.hits.dataset.bound) {
      this.hits.dataset.bound = '1';
      const at = (e) => {
        const i = e.target.closest?.('.sd-node')?.dataset.i;
        return i === undefined ? null : this.nodes[Number(i)] ?? null;
      };
      this.hits.addEventListener('click', (e) => { const nd = at(e); if (nd) this.opts.onSelect?.(nd.i); });
      this.hits.addEventListener('mousemove', (e) => {
        const nd = at(e);
        tooltip(nd ? `${nd.label} · ${this.d.counts[nd.i]}` : null, e.clientX, e.clientY);
      });
      this.hits.addEventListener('mouseleave', () => tooltip(null));
    }
    this.#classes();
  }

  #classes() {
    for (const nd of this.nodes) {
      nd.btn.classList.toggle('selected', nd.i === this.selected);
      nd.btn.classList.toggle('lit', nd.i === this.lit.to);
      nd.btn.classList.toggle('from', nd.i === this.lit.from && nd.i !== this.lit.to);
    }
    // What the canvas shows, for tests and for people reading the DOM.
    const focus = this.edges.filter((e) => e.focus);
    const taken = this.edges.find((e) => e.i === this.lit.from && e.j === this.lit.to);
    Object.assign(this.el.dataset, {
      edges: String(this.edges.length),
      focusEdges: String(focus.length),
      edgeLabels: String(focus.filter((e) => e.p >= 0.01).length),
      taken: taken ? `${taken.i}>${taken.j}` : '',
    });
  }

  /** Paints a frame. While the boxes move everything is painted afresh (arrows thin); at rest the
   * arrows are kept in an off-screen canvas, so a step of the walk only copies them and paints the
   * taken arrow and the boxes (about a fifth of the work). */
  #draw() {
    const view = {
      W: this.opts.width, H: this.opts.height, dpr: this.dpr, font: this.font, nodes: this.nodes, edges: this.edges,
      selected: this.selected, lit: this.lit, colors: this.colors, atlas: this.atlas,
    };
    if (this.anim?.phase === 'move') {
      paintArrows(this.ctx, { ...view, thin: true });
    } else {
      if (!this.arrows) {
        const c = this.cache ?? document.createElement('canvas');
        if (c.width !== this.canvas.width || c.height !== this.canvas.height) { c.width = this.canvas.width; c.height = this.canvas.height; }
        paintArrows(c.getContext('2d', { alpha: false }), view);
        this.cache = c;
        this.arrows = true;
      }
      // Fading in: the thin arrows under the cached full-weight ones at opacity `fade`.
      const fade = this.anim?.phase === 'fade' ? this.anim.e : 1;
      if (fade < 1) paintArrows(this.ctx, { ...view, thin: true });
      this.ctx.setTransform(1, 0, 0, 1, 0, 0);
      this.ctx.globalAlpha = fade;
      this.ctx.drawImage(this.cache, 0, 0);
      this.ctx.globalAlpha = 1;
    }
    paintTop(this.ctx, view);
  }

  /** Repaints on the next frame (once, however many changes arrive before it). */
  #invalidate() {
    if (!this.raf) this.raf = requestAnimationFrame((now) => this.#frame(now));
  }

  #animate() {
    const moving = this.nodes.some((nd) => nd.x0 !== nd.x1 || nd.y0 !== nd.y1);
    this.frames = [];
    this.anim = moving ? { phase: 'move', t0: null, last: null, e: 0 } : null; // t0: the first frame
    this.el.dataset.moving = moving ? '1' : '0'; // '0' once the layout is at rest (tests wait for it)
    this.#invalidate();
  }

  /** One frame: advance the layout animation (if any) and repaint. The animation has two phases:
   * the boxes move (MOVE_MS, arrows drawn thin), then the arrows' full weights fade in (FADE_MS). */
  #frame(now) {
    this.raf = 0;
    const a = this.anim;
    if (a) {
      // The first interval is the wait for the first frame after the update: not recorded.
      if (a.last !== null) this.frames.push(now - a.last);
      a.last = now;
      a.t0 ??= now;
      const t = Math.min(1, Math.max(0, (now - a.t0) / (a.phase === 'move' ? MOVE_MS : FADE_MS)));
      a.e = t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
      if (a.phase === 'move') {
        for (const nd of this.nodes) { nd.x = nd.x0 + (nd.x1 - nd.x0) * a.e; nd.y = nd.y0 + (nd.y1 - nd.y0) * a.e; }
        if (t >= 1) {
          for (const nd of this.nodes) { nd.x0 = nd.x1; nd.y0 = nd.y1; }
          Object.assign(a, { phase: 'fade', t0: now, e: 0 });
          this.arrows = false; // at rest: cache the arrows at their final places
        }
      } else if (t >= 1) {
        this.anim = null;
        this.el.dataset.frames = JSON.stringify(this.frames.map((f) => Math.round(f * 10) / 10));
        this.el.dataset.moving = '0';
      }
    }
    this.#draw();
    if (this.anim) this.#invalidate();
  }

  /** Selects a state (its outgoing arrows all drawn with their probabilities), or none. */
  select(i) {
    if (i === this.selected && this.edgesFor === i) { this.#classes(); return; } // already drawn so
    this.selected = i;
    this.edges = this.#edges();
    this.arrows = false;
    this.#classes();
    this.#invalidate();
  }

  /** Lights up the current state `to` and the arrow `from → to` just taken (null: nothing). */
  light(from, to) {
    const needsEdge = from !== null && to !== null && !this.edges.some((e) => e.i === from && e.j === to);
    this.lit = { from, to };
    if (needsEdge) { this.edges = this.#edges(); this.arrows = false; }
    this.#classes();
    this.#invalidate();
  }

  destroy() {
    cancelAnimationFrame(this.raf);
    this.raf = 0;
    this.anim = null;
  }
}
