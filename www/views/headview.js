// BertViz's head view, without Python: the tokens in two columns, a line from each token on the
// left (the one attending) to each token on the right (attended to), as opaque as the attention
// weight. Hovering a token shows only its lines. With several heads, one colour per head.
// maps: [{map: (T, T) Float32Array, colour}], tokens: string[].
import { s } from '../dom.js';

const ROW = 34; // px per token: big enough to read on a projector

/** A token's width at the 19-px label font (style.css .headview text): ~19 px a Hangul or CJK
 * character, ~11 px another one (an estimate: the SVG is laid out before it is shown). */
const labelWidth = (tok) => [...String(tok)].reduce((a, c) => a + (c.codePointAt(0) >= 0x1100 ? 19 : 11), 0);

/** `width`: the viewBox width; by default just what the longest token needs on each side plus
 * 140 units for the lines, so that the picture, scaled to its column, keeps its words large. */
export function headView(maps, tokens, { width, onHover } = {}) {
  const T = tokens.length;
  const height = T * ROW + 16;
  const side = Math.max(60, ...tokens.map(labelWidth)) + 16;
  width ??= 2 * side + 140;
  const xl = Math.min(side, width * 0.4);
  const xr = width - xl;
  const y = (i) => 8 + i * ROW + ROW / 2;
  const svg = s('svg.headview', { viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', style: `max-width: ${width}px` });
  const lines = s('g');
  let focus = -1;

  function drawLines() {
    lines.replaceChildren();
    for (const { map, colour } of maps) {
      for (let i = 0; i < T; i++) {
        if (focus >= 0 && i !== focus) continue;
        for (let j = 0; j < T; j++) {
          const a = map[i * T + j];
          if (a < 0.02) continue; // invisible anyway; keeps the SVG small
          lines.append(s('line', { x1: xl + 6, y1: y(i), x2: xr - 6, y2: y(j), stroke: colour, 'stroke-width': focus >= 0 ? 2 + 6 * a : 1 + 4 * a, 'stroke-opacity': Math.min(1, a * (focus >= 0 ? 1.2 : 0.9)) }));
        }
      }
    }
  }

  const label = (i, side) => {
    const t = s(`text.hv-tok.${side}`, { x: side === 'l' ? xl - 10 : xr + 10, y: y(i), 'text-anchor': side === 'l' ? 'end' : 'start', 'dominant-baseline': 'middle', dataset: { i } }, tokens[i]);
    t.addEventListener('mouseenter', () => setFocus(i));
    return t;
  };
  const labels = s('g');
  for (let i = 0; i < T; i++) labels.append(label(i, 'l'), label(i, 'r'));
  svg.append(lines, labels);
  svg.addEventListener('mouseleave', () => setFocus(-1));

  function setFocus(i) {
    if (i === focus) return;
    focus = i;
    for (const t of labels.children) t.classList.toggle('on', Number(t.dataset.i) === i);
    drawLines();
    onHover?.(i);
  }
  drawLines();
  svg.setFocus = setFocus;
  return svg;
}
