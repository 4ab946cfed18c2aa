// Attention maps: one layer × head as a big heatmap with the tokens on both axes (rows attend to
// columns; every row sums to 1), where hovering a cell or a token highlights its row and column; and
// the grid of every layer × head as thumbnails (click one to enlarge it).
// attentions: Float32Array (L, H, T, T) row-major, as Bert.run returns it.
import { h } from '../dom.js';
import { colour, heatmap } from './heatmap.js';

/** The (T, T) map of one layer and head, as a subarray (no copy). */
export function headMap(attentions, T, H, layer, head) {
  const o = (layer * H + head) * T * T;
  return attentions.subarray(o, o + T * T);
}

/**
 * Big heatmap of one head with row / column highlight on hover.
 * opts: {tokens, maxSide, title, onHover(i | -1)}; returns {el, highlight(i)}.
 */
export function attentionMap(map, opts) {
  const T = opts.tokens.length;
  const bandRow = h('div.att-band.row', { hidden: true });
  const bandCol = h('div.att-band.col', { hidden: true });
  let hm;
  const place = (r, c) => {
    const canvas = hm.querySelector('canvas');
    if (!canvas || r < 0) {
      bandRow.hidden = true;
      bandCol.hidden = true;
      return;
    }
    const cell = canvas.offsetWidth / T;
    Object.assign(bandRow.style, { left: `${canvas.offsetLeft}px`, top: `${canvas.offsetTop + r * cell}px`, width: `${canvas.offsetWidth}px`, height: `${cell}px` });
    Object.assign(bandCol.style, { left: `${canvas.offsetLeft + c * cell}px`, top: `${canvas.offsetTop}px`, width: `${cell}px`, height: `${canvas.offsetHeight}px` });
    bandRow.hidden = false;
    bandCol.hidden = false;
  };
  hm = heatmap(map, {
    rows: T, cols: T, rowLabels: opts.tokens, colLabels: opts.tokens, maxSide: opts.maxSide ?? 760, title: opts.title,
    format: (v) => (v < 0.005 ? '' : v.toFixed(2)),
    onHover: (r, c) => { place(r, c); opts.onHover?.(r); },
  });
  hm.classList.add('att-map');
  hm.append(bandRow, bandCol);
  // Token labels are hover targets too: a row label highlights that row (and the same column).
  const labelHover = (box, axis) => box?.addEventListener('mousemove', (e) => {
    const span = e.target.closest?.('span');
    if (!span) return;
    const canvas = hm.querySelector('canvas');
    const cell = canvas.offsetWidth / T;
    const pos = parseFloat(axis === 'row' ? span.style.top : span.style.left);
    const i = Math.max(0, Math.min(T - 1, Math.floor(pos / cell)));
    place(i, i);
    opts.onHover?.(i);
  });
  labelHover(hm.querySelector('.hm-rows'), 'row');
  labelHover(hm.querySelector('.hm-cols'), 'col');
  hm.addEventListener('mouseleave', () => { place(-1, -1); opts.onHover?.(-1); });
  return { el: hm, highlight: (i) => place(i, i) };
}

/** One small canvas of a (T, T) map, `side` px square. */
function thumb(map, T, side) {
  const c = h('canvas', { width: side, height: side });
  const ctx = c.getContext('2d');
  const img = ctx.createImageData(side, side);
  const cells = Array.from(map, (v) => colour(v)); // one colour per cell, not per pixel
  const col = Array.from({ length: side }, (_, x) => Math.floor((x * T) / side));
  for (let y = 0; y < side; y++) {
    const r = Math.floor((y * T) / side) * T;
    for (let x = 0, o = y * side * 4; x < side; x++, o += 4) {
      const [R, G, B] = cells[r + col[x]];
      img.data[o] = R; img.data[o + 1] = G; img.data[o + 2] = B; img.data[o + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  return c;
}

/**
 * The grid of all layers × heads. opts: {T, L, H, selected: [layer, head], onSelect(layer, head),
 * labels: {layer, head}}.
 */
export function attentionGrid(attentions, opts) {
  const { T, L, H } = opts;
  const side = Math.max(64, Math.min(150, Math.floor(1500 / Math.max(H, 1)) - 16));
  const grid = h('div.att-grid', { style: { gridTemplateColumns: `auto repeat(${H}, ${side + 8}px)` } });
  grid.append(h('span'));
  for (let hd = 0; hd < H; hd++) grid.append(h('span.att-grid-head', `${opts.labels.head} ${hd + 1}`));
  for (let l = 0; l < L; l++) {
    grid.append(h('span.att-grid-layer', `${opts.labels.layer} ${l + 1}`));
    for (let hd = 0; hd < H; hd++) {
      const on = opts.selected[0] === l && opts.selected[1] === hd;
      const b = h(`button.att-thumb${on ? '.on' : ''}`, {
        type: 'button', title: `${opts.labels.layer} ${l + 1} · ${opts.labels.head} ${hd + 1}`,
        'aria-label': `${opts.labels.layer} ${l + 1}, ${opts.labels.head} ${hd + 1}`, 'aria-pressed': String(on),
        dataset: { layer: l, head: hd },
        onclick: () => opts.onSelect(l, hd),
      }, thumb(headMap(attentions, T, H, l, hd), T, side));
      grid.append(b);
    }
  }
  return grid;
}
