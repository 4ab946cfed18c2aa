// A dense matrix on canvas (one ImageData, so 1000×1000 cells cost one draw) with row and column
// labels around it, optional numbers in the cells when they are big enough, and hover.
import { h, tooltip } from '../dom.js';

/** Maps t in [0, 1] to a white → blue ramp (or a diverging blue–white–orange one for [-1, 1]). */
export function colour(v, diverging = false) {
  if (diverging) {
    const a = Math.min(1, Math.abs(v));
    return v >= 0 ? [255 - 224 * a, 255 - 176 * a, 255 - 46 * a] : [255 - 61 * a, 255 - 190 * a, 255 - 243 * a];
  }
  const a = Math.max(0, Math.min(1, v));
  return [255 - 224 * a, 255 - 176 * a, 255 - 46 * a];
}

/**
 * values: Float32Array/array of rows×cols in row-major order, in [0, 1] (or [-1, 1] with diverging).
 * opts: {rows, cols, rowLabels, colLabels, cell (px), cellHeight (px, default cell), numbers, diverging,
 * onHover(r, c), format, title}
 */
export function heatmap(values, opts) {
  const { rows, cols } = opts;
  const maxSide = opts.maxSide ?? 720;
  const cell = opts.cell ?? Math.max(1, Math.min(56, Math.floor(maxSide / Math.max(rows, cols, 1))));
  const cellH = opts.cellHeight ?? cell;
  const showNumbers = opts.numbers !== false && cell >= 34 && cellH >= 34;
  const labelEvery = Math.max(1, Math.ceil(18 / cellH));
  const colEvery = Math.max(1, Math.ceil(18 / cell));
  const canvas = h('canvas.heatmap', { width: cols * cell, height: rows * cellH, role: 'img', 'aria-label': opts.title ?? 'heatmap' });
  const ctx = canvas.getContext('2d');
  if (rows * cols <= 4096) {
    // Few big cells (an attention map): one fillRect each is far cheaper than writing every pixel.
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const [R, G, B] = colour(values[r * cols + c], opts.diverging);
        ctx.fillStyle = `rgb(${Math.round(R)},${Math.round(G)},${Math.round(B)})`;
        ctx.fillRect(c * cell, r * cellH, cell, cellH);
      }
    }
  } else {
    const img = ctx.createImageData(cols * cell, rows * cellH);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const [R, G, B] = colour(values[r * cols + c], opts.diverging);
        for (let y = r * cellH; y < (r + 1) * cellH; y++) {
          let o = (y * cols * cell + c * cell) * 4;
          for (let x = 0; x < cell; x++, o += 4) {
            img.data[o] = R; img.data[o + 1] = G; img.data[o + 2] = B; img.data[o + 3] = 255;
          }
        }
      }
    }
    ctx.putImageData(img, 0, 0);
  }
  if (cell >= 6) {
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 1;
    for (let r = 1; r < rows; r++) { ctx.beginPath(); ctx.moveTo(0, r * cellH + 0.5); ctx.lineTo(cols * cell, r * cellH + 0.5); ctx.stroke(); }
    for (let c = 1; c < cols; c++) { ctx.beginPath(); ctx.moveTo(c * cell + 0.5, 0); ctx.lineTo(c * cell + 0.5, rows * cellH); ctx.stroke(); }
  }
  if (showNumbers) {
    const fmt = opts.format ?? ((v) => (Math.abs(v) < 0.005 ? '0' : v.toFixed(2)));
    ctx.font = `${Math.min(18, Math.floor(cell / 2.6))}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const v = values[r * cols + c];
        ctx.fillStyle = Math.abs(v) > 0.55 ? '#fff' : '#15171a';
        ctx.fillText(fmt(v), c * cell + cell / 2, r * cellH + cellH / 2);
      }
    }
  }
  canvas.addEventListener('mousemove', (e) => {
    const rect = canvas.getBoundingClientRect();
    const c = Math.floor(((e.clientX - rect.left) / rect.width) * cols);
    const r = Math.floor(((e.clientY - rect.top) / rect.height) * rows);
    if (r < 0 || c < 0 || r >= rows || c >= cols) return;
    const text = `${opts.rowLabels?.[r] ?? r} → ${opts.colLabels?.[c] ?? c}: ${Number(values[r * cols + c]).toFixed(3)}`;
    tooltip(text, e.clientX, e.clientY);
    opts.onHover?.(r, c);
  });
  canvas.addEventListener('mouseleave', () => { tooltip(null); opts.onHover?.(-1, -1); });

  // Labels as text elements in a grid around the canvas (they wrap Hangul and Latin alike).
  const colLabels = h('div.hm-cols', { style: { width: `${cols * cell}px`, height: opts.colLabels ? '7rem' : '0' } });
  const rowLabels = h('div.hm-rows', { style: { height: `${rows * cellH}px` } });
  if (opts.colLabels) {
    opts.colLabels.forEach((l, c) => {
      if (c % colEvery) return;
      colLabels.append(h('span', { style: { left: `${c * cell + cell / 2}px` } }, l));
    });
  }
  if (opts.rowLabels) {
    // The labels are positioned absolutely, so the column must be made wide enough for the
    // longest one (≈0.6 em per Latin character, 1 em per Hangul/CJK one, at .95rem).
    const em = (l) => [...String(l)].reduce((w, ch) => w + (ch.codePointAt(0) >= 0x1100 ? 1 : 0.6), 0) * 0.95;
    rowLabels.style.minWidth = `${Math.max(5, 1 + Math.max(0, ...opts.rowLabels.map(em)))}rem`;
    opts.rowLabels.forEach((l, r) => {
      if (r % labelEvery) return;
      rowLabels.append(h('span', { style: { top: `${r * cellH + cellH / 2}px` } }, l));
    });
  }
  // A label is centred on its row, so the last one can reach half a line (≈ .6rem) below the
  // canvas, where .hm's overflow would cut it (h127 of a 128-unit map at 2 px a row): room for it.
  const lastLabelled = rows - 1 - ((rows - 1) % labelEvery);
  const below = opts.rowLabels && rows > 0 && (rows - lastLabelled) * cellH - cellH / 2 < 12;
  return h('div.hm', { style: below ? { paddingBottom: '.7rem' } : {} }, h('div'), colLabels, rowLabels, canvas);
}
