// A Markov chain as a state-transition diagram (SVG): states are labelled boxes, arrows are
// weighted by transition probability. Built for a projector: no label sits on another one.
//
// Layout, deterministic and stable while N changes:
// 1. States arrive sorted by frequency, so the top-N states are always a prefix of the top-(N+k).
//    State number r starts on a sunflower spiral (r-th point at radius ∝ √r, golden angle apart):
//    frequent states in the middle, and adding states only adds points further out.
// 2. States already placed keep their previous position (warm start), new ones take their spiral
//    point; the whole picture is scaled to fit, labels keep their size.
// 3. Boxes that overlap are pushed apart (a few dozen relaxation sweeps, in a fixed order), and
//    the result is remembered for the next update.
// Position changes are animated over ~0.5 s; frame times are recorded (see `frames`).
import { h, s, tooltip } from '../dom.js';

const GOLDEN = Math.PI * (3 - Math.sqrt(5));
const PAD_X = 10;
const PAD_Y = 6;

let measureCtx = null;
function textWidth(text, font) {
  measureCtx ??= document.createElement('canvas').getContext('2d');
  measureCtx.font = font;
  return measureCtx.measureText(text).width;
}

function keyOf(d, i) {
  if (i === d.other) return '\u0000other';
  if (i === d.end) return '\u0000end';
  return JSON.stringify(d.states[i]);
}

/** Point where the segment from the centre of box a towards (x, y) leaves the box. */
function borderPoint(a, x, y) {
  const dx = x - a.x;
  const dy = y - a.y;
  const sx = dx ? (a.w / 2 + 3) / Math.abs(dx) : Infinity;
  const sy = dy ? (a.h / 2 + 3) / Math.abs(dy) : Infinity;
  const k = Math.min(sx, sy, 1);
  return [a.x + dx * k, a.y + dy * k];
}

export class StateDiagram {
  /** opts: {width, height, onSelect(i), minProb, otherLabel, endLabel} */
  constructor(opts = {}) {
    this.opts = { width: 1100, height: 760, minProb: 0.08, ...opts };
    const { width, height } = this.opts;
    this.svg = s('svg.statediagram', { viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', 'aria-label': opts.title ?? 'state diagram' });
    // One arrowhead per edge colour (plain, focused, taken); CSS picks the marker by class.
    const marker = (id, fill) => s('marker', { id, viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '5', markerHeight: '5', orient: 'auto-start-reverse' },
      s('path', { d: 'M0,0 L10,5 L0,10 z', fill }));
    this.svg.append(s('defs', marker('sd-arrow', '#5b6470'), marker('sd-arrow-focus', '#1f4fd1'), marker('sd-arrow-taken', '#c2410c')));
    this.edgeLayer = s('g.edges');
    this.nodeLayer = s('g.nodes');
    this.svg.append(this.edgeLayer, this.nodeLayer);
    this.el = h('div.statediagram-wrap', this.svg);
    this.memory = new Map(); // key → [x, y] in layout units (before fitting)
    this.nodes = [];
    this.selected = null;
    this.lit = { from: null, to: null };
    this.frames = []; // frame intervals (ms) of the last animation
  }

  /** d: {labels, counts, matrix, size, other, end, states}. */
  update(d) {
    this.d = d;
    const n = d.size;
    // One viewBox unit = one CSS pixel of the drawn width, so labels have their true size.
    const cw = this.el.clientWidth;
    if (cw > 200) {
      this.opts.width = cw;
      const fit = this.opts.fitHeight?.() ?? cw * 0.72;
      this.opts.height = Math.round(Math.max(460, Math.min(820, cw * 0.8, fit)));
      this.svg.setAttribute('viewBox', `0 0 ${this.opts.width} ${this.opts.height}`);
    }
    const px = n > 60 ? 15 : n > 30 ? 17 : 20;
    this.font = `600 ${px}px system-ui, "Noto Sans KR", "Noto Sans CJK KR", sans-serif`;
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
    this.#layout();
    if (this.selected !== null && this.selected >= n) this.selected = null;
    this.#build();
    this.#animate();
  }

  #layout() {
    const { width: W, height: H } = this.opts;
    const spacing = 60;
    const aspect = Math.max(1, W / H); // an elliptical spiral fills a wide box
    // 1–2: remembered position or the state's spiral point (special states: fixed corners-ish).
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
    const pts = base.map(([x, y]) => [W / 2 + (x - cx) * scale, H / 2 + (y - cy) * scale]);
    // 3: push overlapping boxes apart (fixed order → deterministic), keep them inside.
    const gap = 8;
    for (let sweep = 0; sweep < 80; sweep++) {
      let moved = false;
      for (let a = 0; a < pts.length; a++) {
        for (let b = a + 1; b < pts.length; b++) {
          const A = this.nodes[a];
          const B = this.nodes[b];
          const dx = pts[b][0] - pts[a][0];
          const dy = pts[b][1] - pts[a][1];
          const ox = (A.w + B.w) / 2 + gap - Math.abs(dx);
          const oy = (A.h + B.h) / 2 + gap - Math.abs(dy);
          if (ox <= 0 || oy <= 0) continue;
          moved = true;
          // Separate along the axis of least overlap, half each.
          if (ox / (A.w + B.w) < oy / (A.h + B.h)) {
            const m = (ox / 2) * (dx >= 0 ? 1 : -1) || ox / 2;
            pts[a][0] -= m; pts[b][0] += m;
          } else {
            const m = (oy / 2) * (dy >= 0 ? 1 : -1) || oy / 2;
            pts[a][1] -= m; pts[b][1] += m;
          }
        }
      }
      for (let a = 0; a < pts.length; a++) {
        const nd = this.nodes[a];
        pts[a][0] = Math.min(W - nd.w / 2 - 4, Math.max(nd.w / 2 + 4, pts[a][0]));
        pts[a][1] = Math.min(H - nd.h / 2 - 4, Math.max(nd.h / 2 + 4, pts[a][1]));
      }
      if (!moved) break;
    }
    this.nodes.forEach((nd, a) => {
      nd.x1 = pts[a][0];
      nd.y1 = pts[a][1];
      this.memory.set(nd.key, [cx + (pts[a][0] - W / 2) / scale, cy + (pts[a][1] - H / 2) / scale]);
      nd.x = nd.x0 ?? nd.x1;
      nd.y = nd.y0 ?? nd.y1;
      if (nd.x0 === undefined) { nd.x0 = nd.x1; nd.y0 = nd.y1; }
    });
  }

  /** Which arrows to draw: per state its strong transitions among drawn states (and all of the
   * selected or lit state's, including to "other" and "</s>"). */
  #edges() {
    const { size, matrix, other, end } = this.d;
    const out = [];
    for (let i = 0; i < size; i++) {
      const row = matrix.subarray(i * size, (i + 1) * size);
      const focus = i === this.selected;
      const ranked = [...row.keys()].filter((j) => row[j] > 0).sort((a, b) => row[b] - row[a]);
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

  #build() {
    this.edgeLayer.replaceChildren();
    this.nodeLayer.replaceChildren();
    this.edges = this.#edges().map((e) => {
      const path = s('path.edge', { 'stroke-width': (1.2 + 7 * e.p).toFixed(2), 'stroke-opacity': (0.25 + 0.7 * e.p).toFixed(2), fill: 'none' });
      if (e.focus) path.classList.add('focus');
      const lab = e.focus && e.p >= 0.01 ? s('text.edge-label', {}, `${(100 * e.p).toFixed(e.p < 0.1 ? 1 : 0)}%`) : null;
      this.edgeLayer.append(path);
      if (lab) this.edgeLayer.append(lab);
      return { ...e, path, lab };
    });
    for (const nd of this.nodes) {
      const g = s(`g.node.${nd.kind}`, { tabindex: '0', role: 'button', 'aria-label': nd.label, dataset: { i: String(nd.i) } });
      const fill = nd.kind === 'state' ? `hsl(214, 80%, ${96 - 36 * nd.heat}%)` : '#eef0f3';
      g.append(
        s('rect', { x: -nd.w / 2, y: -nd.h / 2, width: nd.w, height: nd.h, rx: nd.h / 2, fill }),
        s('text', { 'text-anchor': 'middle', 'dominant-baseline': 'central', style: `font: ${this.font}`, fill: nd.heat > 0.55 && nd.kind === 'state' ? '#fff' : '#15171a' }, nd.label),
      );
      g.addEventListener('click', () => this.opts.onSelect?.(nd.i));
      g.addEventListener('keydown', (e) => { if (e.key === 'Enter') this.opts.onSelect?.(nd.i); });
      g.addEventListener('mousemove', (e) => tooltip(`${nd.label} · ${this.d.counts[nd.i]}`, e.clientX, e.clientY));
      g.addEventListener('mouseleave', () => tooltip(null));
      nd.g = g;
      this.nodeLayer.append(g);
    }
    this.#classes();
    this.#place();
  }

  #classes() {
    for (const nd of this.nodes) {
      nd.g.classList.toggle('selected', nd.i === this.selected);
      nd.g.classList.toggle('lit', nd.i === this.lit.to);
      nd.g.classList.toggle('from', nd.i === this.lit.from && nd.i !== this.lit.to);
    }
    for (const e of this.edges) e.path.classList.toggle('taken', e.i === this.lit.from && e.j === this.lit.to);
  }

  /** Writes the current node positions into the SVG (cheap: called every animation frame). */
  #place() {
    for (const nd of this.nodes) nd.g.setAttribute('transform', `translate(${nd.x.toFixed(1)},${nd.y.toFixed(1)})`);
    for (const e of this.edges) {
      const a = this.nodes[e.i];
      const b = this.nodes[e.j];
      let d;
      let lx;
      let ly;
      if (e.i === e.j) {
        // A self-loop: an arc over the top of the box.
        const x = a.x;
        const y = a.y - a.h / 2;
        d = `M${x - 12},${y} C${x - 30},${y - 46} ${x + 30},${y - 46} ${x + 12},${y}`;
        [lx, ly] = [x, y - 40];
      } else {
        // A gentle curve, bent to the left of its direction so i→j and j→i do not overlap.
        const mx = (a.x + b.x) / 2;
        const my = (a.y + b.y) / 2;
        const dx = b.x - a.x;
        const dy = b.y - a.y;
        const len = Math.hypot(dx, dy) || 1;
        const bend = Math.min(60, 0.15 * len);
        const qx = mx - (dy / len) * bend;
        const qy = my + (dx / len) * bend;
        const [x0, y0] = borderPoint(a, qx, qy);
        const [x1, y1] = borderPoint(b, qx, qy);
        d = `M${x0.toFixed(1)},${y0.toFixed(1)} Q${qx.toFixed(1)},${qy.toFixed(1)} ${x1.toFixed(1)},${y1.toFixed(1)}`;
        [lx, ly] = [(x0 + 2 * qx + x1) / 4, (y0 + 2 * qy + y1) / 4];
      }
      e.path.setAttribute('d', d);
      if (e.lab) { e.lab.setAttribute('x', lx.toFixed(1)); e.lab.setAttribute('y', ly.toFixed(1)); }
    }
  }

  #animate() {
    cancelAnimationFrame(this.raf);
    const moving = this.nodes.some((nd) => nd.x0 !== nd.x1 || nd.y0 !== nd.y1);
    if (!moving) return;
    const t0 = performance.now();
    let last = t0;
    this.frames = [];
    const dur = 500;
    const tick = (now) => {
      this.frames.push(now - last);
      last = now;
      const t = Math.min(1, (now - t0) / dur);
      const e = t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
      for (const nd of this.nodes) { nd.x = nd.x0 + (nd.x1 - nd.x0) * e; nd.y = nd.y0 + (nd.y1 - nd.y0) * e; }
      this.#place();
      if (t < 1) this.raf = requestAnimationFrame(tick);
      else {
        for (const nd of this.nodes) { nd.x0 = nd.x1; nd.y0 = nd.y1; }
        this.frames.shift(); // the first interval is the wait for the first frame
        this.svg.dataset.frames = JSON.stringify(this.frames.map((f) => Math.round(f * 10) / 10));
      }
    };
    this.raf = requestAnimationFrame(tick);
  }

  /** Selects a state (its outgoing arrows all drawn with their probabilities), or none. */
  select(i) {
    this.selected = i;
    this.#build();
  }

  /** Lights up the current state `to` and the arrow `from → to` just taken (null: nothing). */
  light(from, to) {
    const needsEdge = from !== null && to !== null && !this.edges.some((e) => e.i === from && e.j === to);
    this.lit = { from, to };
    if (needsEdge) this.#build();
    else this.#classes();
  }

  destroy() {
    cancelAnimationFrame(this.raf);
  }
}
