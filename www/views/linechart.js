// An SVG line chart: several series, linear or log axes, axis titles, a legend. Used for the
// Zipf plot, the one-hot memory curve, loss curves and perplexity by order.
import { s } from '../dom.js';

const PALETTE = ['#1f4fd1', '#c2410c', '#15803d', '#7c3aed', '#b91c1c', '#0e7490'];

function niceTicks(lo, hi, n = 5) {
  if (!(hi > lo)) return [lo];
  const step0 = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((st) => (hi - lo) / st <= n) ?? 10 * mag;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function logTicks(lo, hi) {
  const out = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    const v = 10 ** e;
    if (v >= lo * 0.999 && v <= hi * 1.001) out.push(v);
  }
  return out.length >= 2 ? out : [lo, hi];
}

export function shortNumber(v) {
  const a = Math.abs(v);
  if (a >= 1e15) return `${(v / 1e15).toPrecision(3)}P`;
  if (a >= 1e12) return `${(v / 1e12).toPrecision(3)}T`;
  if (a >= 1e9) return `${(v / 1e9).toPrecision(3)}G`;
  if (a >= 1e6) return `${(v / 1e6).toPrecision(3)}M`;
  if (a >= 1e4) return `${(v / 1e3).toPrecision(3)}k`;
  if (a === 0 || a >= 1) return String(Number(v.toPrecision(4)));
  return v.toPrecision(2);
}

/**
 * series: [{name, points: [[x, y], …], color?, dots?, dashed?}]
 * opts: {width, height, xLabel, yLabel, logX, logY, xFormat, yFormat, yMin, yMax}
 */
export function lineChart(series, opts = {}) {
  const W = opts.width ?? 640;
  const H = opts.height ?? 360;
  const m = { l: 78, r: 20, t: 16, b: 62 };
  // The legend gets its own band above the plot (inside it, it covered the curves that end high
  // on the right, such as accuracy rising to 100 %): items side by side, wrapped into rows.
  const named = series.filter((se) => se.name);
  const items = [];
  if (named.length > 1 || opts.legend) {
    let [x, row] = [m.l, 0];
    for (const se of named) {
      // Swatch, text (at 15 px: ~8.6 px a Latin character, 15 a Hangul syllable), gap.
      const w = 30 + [...se.name].reduce((a, c) => a + (c.codePointAt(0) >= 0x1100 ? 15 : 8.6), 0) + 22;
      if (x > m.l && x + w > W - m.r) [x, row] = [m.l, row + 1];
      items.push({ se, x, row });
      x += w;
    }
    m.t = 16 + 24 * (items.at(-1)?.row + 1 || 0) + 6;
  }
  const pts = series.flatMap((se) => se.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!opts.logX || x > 0) && (!opts.logY || y > 0));
  const svg = s('svg.chart', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': opts.label ?? opts.yLabel ?? 'chart' });
  if (!pts.length) {
    svg.append(s('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', 'font-size': 18, fill: '#666' }, opts.emptyText ?? '—'));
    return svg;
  }
  let [x0, x1] = [Math.min(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[0]))];
  let [y0, y1] = [opts.yMin ?? Math.min(...pts.map((p) => p[1])), opts.yMax ?? Math.max(...pts.map((p) => p[1]))];
  if (x0 === x1) { x0 = opts.logX ? x0 / 2 : x0 - 1; x1 = opts.logX ? x1 * 2 : x1 + 1; }
  if (y0 === y1) { y0 = opts.logY ? y0 / 2 : y0 - 1; y1 = opts.logY ? y1 * 2 : y1 + 1; }
  const fx = opts.logX ? Math.log10 : (v) => v;
  const fy = opts.logY ? Math.log10 : (v) => v;
  const X = (v) => m.l + ((fx(v) - fx(x0)) / (fx(x1) - fx(x0))) * (W - m.l - m.r);
  const Y = (v) => H - m.b - ((fy(v) - fy(y0)) / (fy(y1) - fy(y0))) * (H - m.t - m.b);
  const xf = opts.xFormat ?? shortNumber;
  const yf = opts.yFormat ?? shortNumber;

  const grid = s('g.grid');
  const axis = s('g.axis');
  for (const v of opts.logX ? logTicks(x0, x1) : niceTicks(x0, x1)) {
    grid.append(s('line', { x1: X(v), x2: X(v), y1: m.t, y2: H - m.b }));
    axis.append(s('text', { x: X(v), y: H - m.b + 22, 'text-anchor': 'middle', 'font-size': 15 }, xf(v)));
  }
  for (const v of opts.logY ? logTicks(y0, y1) : niceTicks(y0, y1)) {
    grid.append(s('line', { x1: m.l, x2: W - m.r, y1: Y(v), y2: Y(v) }));
    axis.append(s('text', { x: m.l - 8, y: Y(v) + 5, 'text-anchor': 'end', 'font-size': 15 }, yf(v)));
  }
  axis.append(s('line', { x1: m.l, x2: W - m.r, y1: H - m.b, y2: H - m.b }));
  axis.append(s('line', { x1: m.l, x2: m.l, y1: m.t, y2: H - m.b }));
  if (opts.xLabel) axis.append(s('text', { x: (m.l + W - m.r) / 2, y: H - 12, 'text-anchor': 'middle', 'font-size': 16, 'font-weight': 600 }, opts.xLabel));
  if (opts.yLabel) axis.append(s('text', { x: 18, y: (m.t + H - m.b) / 2, 'text-anchor': 'middle', 'font-size': 16, 'font-weight': 600, transform: `rotate(-90 18 ${(m.t + H - m.b) / 2})` }, opts.yLabel));
  svg.append(grid, axis);

  series.forEach((se, i) => {
    const color = se.color ?? PALETTE[i % PALETTE.length];
    const p = se.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!opts.logX || x > 0) && (!opts.logY || y > 0));
    if (!p.length) return;
    if (se.dots) {
      const g = s('g', { fill: color, 'fill-opacity': 0.75 });
      // Dots thin out where they would overlap: at most ~W of them.
      const stride = Math.max(1, Math.floor(p.length / (W * 1.5)));
      for (let k = 0; k < p.length; k += stride) g.append(s('circle', { cx: X(p[k][0]), cy: Y(p[k][1]), r: 3 }));
      svg.append(g);
    } else {
      const d = p.map(([x, y], k) => `${k ? 'L' : 'M'}${X(x).toFixed(1)},${Y(y).toFixed(1)}`).join('');
      svg.append(s('path', { d, fill: 'none', stroke: color, 'stroke-width': 3, 'stroke-dasharray': se.dashed ? '8 6' : null }));
    }
  });

  if (items.length) {
    const g = s('g.legend', { 'font-size': 15 });
    for (const { se, x, row } of items) {
      const y = 16 + 24 * row + 6;
      const color = se.color ?? PALETTE[series.indexOf(se) % PALETTE.length];
      g.append(s('line', { x1: x, x2: x + 24, y1: y, y2: y, stroke: color, 'stroke-width': 4, 'stroke-dasharray': se.dashed ? '6 4' : null }));
      g.append(s('text', { x: x + 30, y: y + 5 }, se.name));
    }
    svg.append(g);
  }
  return svg;
}
