// Painting of the state diagram on a 2D canvas: arrows, their percentages and the state boxes.
//
// Why a canvas: with the diagram as SVG (100 boxes, their text and ~150 curved arrows with
// markers) every animation frame re-painted and re-rastered the whole picture — in headless
// Chromium with software rendering that was 15–30 ms per frame for paint and raster alone. A
// canvas repaint is a few ms of path filling and cached glyphs, and the page around it is not
// invalidated. The clickable, focusable states are a separate light layer of buttons (see
// statediagram.js); this module only paints.

/** The diagram's paper colour (the canvas is opaque). */
export const BACKGROUND = '#fbfbfa';
export const FAMILY = 'system-ui, "Noto Sans KR", "Noto Sans CJK KR", "Apple SD Gothic Neo", sans-serif';

/** Point where the segment from the centre of box a towards (x, y) leaves the box (+3 px). */
function borderPoint(a, x, y) {
  const dx = x - a.x;
  const dy = y - a.y;
  const sx = dx ? (a.w / 2 + 3) / Math.abs(dx) : Infinity;
  const sy = dy ? (a.h / 2 + 3) / Math.abs(dy) : Infinity;
  const k = Math.min(sx, sy, 1);
  return [a.x + dx * k, a.y + dy * k];
}

/**
 * The arrow a → b at the nodes' current positions: a quadratic curve bent to the left of its
 * direction (so i→j and j→i do not overlap), or a loop over the top of the box when a = b.
 * Returns the control points, the unit tangent at the tip, and where its label goes.
 */
export function edgeGeometry(a, b) {
  if (a === b) {
    const x = a.x;
    const y = a.y - a.h / 2;
    // Cubic from (x−12, y) over (x∓30, y−46) back to (x+12, y); tangent at the end ∝ (−18, 46).
    const n = Math.hypot(18, 46);
    return { loop: true, p: [x - 12, y, x - 30, y - 46, x + 30, y - 46, x + 12, y], ux: -18 / n, uy: 46 / n, lx: x, ly: y - 40 };
  }
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
  const tl = Math.hypot(x1 - qx, y1 - qy) || 1;
  // The label sits on the curve at t = ½: (P0 + 2Q + P1) / 4.
  return { loop: false, p: [x0, y0, qx, qy, x1, y1], ux: (x1 - qx) / tl, uy: (y1 - qy) / tl, lx: (x0 + 2 * qx + x1) / 4, ly: (y0 + 2 * qy + y1) / 4 };
}

/** Stroke width, colour and opacity of an edge (plain, focused = the selected state's, taken). */
function edgeStyle(p, focus, taken, colors) {
  if (taken) return { width: 6, color: colors.warm, alpha: 1 };
  const width = 1.2 + 7 * p;
  return focus ? { width, color: colors.accent, alpha: 0.9 } : { width, color: '#5b6470', alpha: 0.25 + 0.7 * p };
}

/** Strokes the arrow's line and adds its head to `heads` (filled once per group of arrows). */
function traceEdge(ctx, heads, g, width) {
  // The head grows with the stroke, but less than proportionally so thick arrows stay tidy.
  const head = 4 + 2.2 * width;
  const p = g.p;
  const n = p.length;
  // End the line inside the head's base so the tip stays sharp.
  const ex = p[n - 2] - g.ux * head * 0.7;
  const ey = p[n - 1] - g.uy * head * 0.7;
  // One stroke per arrow: Skia strokes many short separate paths faster than one path holding
  // them all (the latter has to resolve all their overlaps).
  ctx.beginPath();
  ctx.moveTo(p[0], p[1]);
  if (g.loop) ctx.bezierCurveTo(p[2], p[3], p[4], p[5], ex, ey);
  else ctx.quadraticCurveTo(p[2], p[3], ex, ey);
  ctx.stroke();
  const tx = p[n - 2];
  const ty = p[n - 1];
  const hw = head * 0.45;
  heads.moveTo(tx, ty);
  heads.lineTo(tx - g.ux * head - g.uy * hw, ty - g.uy * head + g.ux * hw);
  heads.lineTo(tx - g.ux * head + g.uy * hw, ty - g.uy * head - g.ux * hw);
  heads.closePath();
}

function strokeGroup(ctx, edges, st) {
  const heads = new Path2D();
  ctx.globalAlpha = st.alpha;
  ctx.strokeStyle = st.color;
  ctx.fillStyle = st.color;
  ctx.lineWidth = st.width;
  for (const g of edges) traceEdge(ctx, heads, g, st.width);
  ctx.fill(heads);
}

/** Box colours of a state: fill by frequency ("heat"), border by role (selected, lit, from). */
export function nodeStyle(nd, flags, colors) {
  const plain = nd.kind === 'state';
  let fill = plain ? `hsl(214, 80%, ${(96 - 36 * nd.heat).toFixed(1)}%)` : '#eef0f3';
  let ink = nd.heat > 0.55 && plain ? '#fff' : '#15171a';
  let stroke = '#8a93a3';
  let width = 1.5;
  if (flags.from) { stroke = colors.warm; width = 3; }
  if (flags.selected) { stroke = colors.accent; width = 4; }
  if (flags.lit) { fill = colors.warm; ink = '#fff'; stroke = '#7c2d12'; width = 3; }
  return { fill, ink, stroke, width, dashed: !plain };
}

/** Draws one state box with its label centred on (x, y). */
export function drawNode(ctx, nd, x, y, st, font) {
  ctx.beginPath();
  ctx.roundRect(x - nd.w / 2, y - nd.h / 2, nd.w, nd.h, nd.h / 2);
  ctx.fillStyle = st.fill;
  ctx.fill();
  ctx.setLineDash(st.dashed ? [5, 3] : []);
  ctx.lineWidth = st.width;
  ctx.strokeStyle = st.stroke;
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.font = font;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = st.ink;
  ctx.fillText(nd.label, x, y);
}

/** Sprites: every state box drawn once into an atlas canvas (device pixels), so a frame of the
 * layout animation copies 100 small images instead of filling, stroking and shaping 100 boxes. */
export class NodeAtlas {
  constructor(nodes, font, dpr, colors) {
    const pad = 4; // room for the border and its anti-aliasing
    const maxW = 1200;
    let x = 0;
    let y = 0;
    let rowH = 0;
    for (const nd of nodes) {
      const w = Math.ceil((nd.w + 2 * pad) * dpr);
      const hh = Math.ceil((nd.h + 2 * pad) * dpr);
      if (x + w > maxW * dpr) { x = 0; y += rowH; rowH = 0; }
      nd.sprite = { sx: x, sy: y, sw: w, sh: hh, ox: Math.round((nd.w / 2 + pad) * dpr), oy: Math.round((nd.h / 2 + pad) * dpr) };
      x += w;
      rowH = Math.max(rowH, hh);
    }
    this.canvas = document.createElement('canvas');
    this.canvas.width = Math.max(1, Math.ceil(maxW * dpr));
    this.canvas.height = Math.max(1, y + rowH);
    const ctx = this.canvas.getContext('2d');
    ctx.scale(dpr, dpr);
    for (const nd of nodes) {
      const s = nd.sprite;
      drawNode(ctx, nd, (s.sx + s.ox) / dpr, (s.sy + s.oy) / dpr, nodeStyle(nd, {}, colors), font);
    }
  }
}

/**
 * Paints the paper and every arrow in its plain or focused look, with the focused arrows'
 * percentages: everything that does not change while the chain walks. view: {W, H, dpr, nodes,
 * edges, colors, thin}; nodes carry their current (animated) x, y. `thin`: every arrow one pixel
 * wide (used while the boxes move: Skia draws 1-px lines on a fast path, ~4× cheaper than wide
 * strokes in software; the full weights fade in when the boxes come to rest).
 */
export function paintArrows(ctx, view) {
  const { W, H, dpr, nodes, edges, colors } = view;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.globalAlpha = 1;
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, W, H);
  // Butt caps: an arrow starts at a box's edge and ends under its head, so round caps would not
  // show, and they cost the software rasteriser ~25% more per arrow.
  ctx.lineCap = 'butt';
  // Arrows grouped by look (probability rounded to 5%): one colour/width set-up per group.
  const groups = new Map();
  const labels = [];
  for (const e of edges) {
    const g = edgeGeometry(nodes[e.i], nodes[e.j]);
    const key = `${e.focus ? 'f' : 'p'}${Math.round(e.p * 20)}`;
    if (!groups.has(key)) groups.set(key, { focus: e.focus, p: Math.round(e.p * 20) / 20, list: [] });
    groups.get(key).list.push(g);
    if (e.focus && e.p >= 0.01) labels.push([e, g]);
  }
  for (const grp of groups.values()) {
    const st = edgeStyle(grp.p, grp.focus, false, colors);
    strokeGroup(ctx, grp.list, view.thin ? { ...st, width: 1 } : st);
  }
  ctx.globalAlpha = 1;
  // Percentages of the selected state's arrows, with a white halo so crossing lines stay readable.
  ctx.font = `700 15px ${FAMILY}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.lineWidth = 4;
  ctx.strokeStyle = '#fff';
  ctx.fillStyle = colors.accent;
  for (const [e, g] of labels) {
    const text = `${(100 * e.p).toFixed(e.p < 0.1 ? 1 : 0)}%`;
    ctx.strokeText(text, g.lx, g.ly);
    ctx.fillText(text, g.lx, g.ly);
  }
}

/**
 * Paints what lies over the arrows: the arrow just taken (thick, warm) and the state boxes.
 * view: paintArrows' plus {font, selected, lit: {from, to}, atlas}.
 */
export function paintTop(ctx, view) {
  const { dpr, nodes, selected, lit, colors, atlas } = view;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.lineCap = 'butt';
  if (lit.from !== null && lit.to !== null && view.edges.some((e) => e.i === lit.from && e.j === lit.to)) {
    strokeGroup(ctx, [edgeGeometry(nodes[lit.from], nodes[lit.to])], edgeStyle(1, false, true, colors));
  }
  ctx.globalAlpha = 1;
  // Boxes: plain ones are copied from the atlas at whole device pixels (crisp, no resampling);
  // the few with a role (selected, lit, from) are drawn directly in their colours.
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  const special = [];
  for (const nd of nodes) {
    const flags = { selected: nd.i === selected, lit: nd.i === lit.to, from: nd.i === lit.from && nd.i !== lit.to };
    if (flags.selected || flags.lit || flags.from || !atlas) { special.push([nd, flags]); continue; }
    const sp = nd.sprite;
    ctx.drawImage(atlas.canvas, sp.sx, sp.sy, sp.sw, sp.sh, Math.round(nd.x * dpr - sp.ox), Math.round(nd.y * dpr - sp.oy), sp.sw, sp.sh);
  }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  for (const [nd, flags] of special) drawNode(ctx, nd, nd.x, nd.y, nodeStyle(nd, flags, colors), view.font);
}
