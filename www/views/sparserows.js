// Rows of a very wide 0/1 matrix (one-hot rows over a vocabulary of thousands): every row is a
// thin strip the full width of the card, and its single 1 is a bold mark with its column number,
// so the matrix stays readable whatever the vocabulary size.
import { h } from '../dom.js';

/** rows: [{label, col (number|null)}], dim: number of columns. */
export function sparseRows(rows, dim, { width = 1100, rowHeight = 34, noVector = '—' } = {}) {
  const labelW = 170;
  const canvas = h('canvas', { width: width * devicePixelRatio, height: rows.length * rowHeight * devicePixelRatio, style: { width: `${width}px`, maxWidth: '100%' }, role: 'img', 'aria-label': `one-hot rows, ${dim} columns` });
  const ctx = canvas.getContext('2d');
  ctx.scale(devicePixelRatio, devicePixelRatio);
  const plotW = width - labelW - 80;
  ctx.font = '18px system-ui, "Noto Sans KR", sans-serif';
  ctx.textBaseline = 'middle';
  rows.forEach((r, i) => {
    const y = i * rowHeight;
    ctx.fillStyle = '#15171a';
    ctx.textAlign = 'right';
    ctx.fillText(r.label.length > 14 ? `${r.label.slice(0, 13)}…` : r.label, labelW - 12, y + rowHeight / 2);
    ctx.fillStyle = '#eef0f4';
    ctx.fillRect(labelW, y + 6, plotW, rowHeight - 12);
    if (r.col === null || r.col === undefined) {
      ctx.fillStyle = '#b91c1c';
      ctx.textAlign = 'left';
      ctx.fillText(noVector, labelW + 10, y + rowHeight / 2);
      return;
    }
    const x = labelW + (dim > 1 ? (r.col / (dim - 1)) * (plotW - 6) : 0);
    ctx.fillStyle = '#1f4fd1';
    ctx.fillRect(x, y + 3, 6, rowHeight - 6);
    ctx.textAlign = x > labelW + plotW - 80 ? 'right' : 'left';
    ctx.fillStyle = '#15171a';
    ctx.fillText(`#${r.col}`, x + (ctx.textAlign === 'left' ? 12 : -6), y + rowHeight / 2);
  });
  return canvas;
}
