// The Transformer chapter's sections, each {el, onModel(snap)?, onSnapshot(snap)?, onStop(snap)?, onSentence()?}:
// the clickable architecture (our drawing of Vaswani et al.'s Figure 1), positional encodings, one
// query token's Q·Kᵀ/√d → softmax → weighted values, context-dependent vectors, masked prediction
// and generation, parallel vs sequential cost, and the Hugging Face export. Layout and wiring
// only; the work happens in the worker (worker/transformer.js).
import { card, h, s } from '../dom.js';
import { CONTEXTS, parseGroups } from '../contexts.js';
import { maskedExample } from '../examples.js';
import { modelName } from './pretrained-sections.js';
import { fmt } from '../i18n.js';
import { fields } from '../settings.js';
import { heatmap } from '../views/heatmap.js';
import { maskedView } from '../views/masked.js';

/** Scales values to [-1, 1] by their largest magnitude (for the diverging colour ramp). */
const scaled = (v) => {
  let m = 1e-9;
  for (const x of v) m = Math.max(m, Math.abs(x));
  return Float32Array.from(v, (x) => x / m);
};
const cellFor = (cols) => Math.max(3, Math.min(16, Math.floor(640 / Math.max(cols, 1))));

// The blocks of the drawing, bottom to top: [key, x, y, colour, the tensor it opens
// (Transformer.intermediates' names; {l}: the chosen layer)].
const BLOCKS = [
  ['input', 60, 560, '#e5e7eb', null], ['embed', 60, 500, '#fde68a', 'embeddings.token'], ['pos', 266, 500, '#fbcfe8', 'embeddings.position'],
  ['sum', 60, 440, '#fde68a', 'embeddings.output'],
  ['attn', 60, 360, '#fed7aa', 'layer.{l}.attention.output'], ['addnorm1', 60, 310, '#fef9c3', 'layer.{l}.addnorm1'],
  ['ff', 60, 240, '#bfdbfe', 'layer.{l}.feedforward'], ['addnorm2', 60, 190, '#fef9c3', 'layer.{l}.output'],
  ['linear', 60, 120, '#ddd6fe', 'logits'], ['softmax', 60, 70, '#bbf7d0', 'softmax'],
];
const MAX_COLS = 200; // the logits' and softmax's columns shown: the most frequent tokens (ids are by count)

export function archSection(ctx) {
  const { t, call } = ctx;
  let layer = 0;
  let picked = 'attn';
  const out = h('div.tf-tensor');
  const layerSel = h('select', { 'aria-label': t('tf.archLayer'), onchange: () => { layer = Number(layerSel.value); show(); } });
  // 370 px keeps the block's tensor beside it at 1366 px; wider screens (a projector) get up to 460
  // px. The view box starts at the dashed frame (nothing is drawn left of x = 40), so 15.5 units
  // read 14.3 px at 370 px and 17.8 at 460 (they were 15 units of a 430-wide box: 12.9 px at 1366).
  const svg = s('svg.tf-arch', { viewBox: '30 60 400 540', style: 'width: clamp(370px, 24vw, 460px); height: auto', role: 'img', 'aria-label': t('tf.arch') });
  svg.append(s('rect', { x: 40, y: 175, width: 240, height: 235, rx: 12, fill: 'none', stroke: '#9ca3af', 'stroke-dasharray': '6 4' }),
    s('text', { x: 290, y: 300, 'font-size': 20 }, 'N×'));
  const rects = {};
  for (const [key, x, y, colour, tensor] of BLOCKS) {
    const g = s('g.tf-block', { dataset: { block: key }, tabindex: 0, role: 'button', style: 'cursor:pointer' });
    const w = key === 'pos' ? 162 : 200; // pos: "Positional encoding" fits at 15.5 units
    rects[key] = s('rect', { x, y, width: w, height: 38, rx: 8, fill: colour, stroke: '#374151' });
    g.append(rects[key], s('text', { x: x + w / 2, y: y + 25, 'text-anchor': 'middle', 'font-size': 15.5 }, t(`tf.b.${key}`)));
    g.addEventListener('click', () => { picked = key; show(); });
    g.addEventListener('keydown', (e) => { if (e.key === 'Enter') { picked = key; show(); } });
    if (tensor?.includes('{l}')) g.dataset.layer = '1';
    svg.append(g);
  }
  async function show() {
    for (const [k, r] of Object.entries(rects)) r.setAttribute('stroke-width', k === picked ? 4 : 1);
    let r;
    try { r = await call('tf.intermediates', { text: ctx.sentence() }, 'tf.arch'); } catch { return; }
    const want = BLOCKS.find((b) => b[0] === picked)?.[4]?.replace('{l}', layer);
    const b = want && r.blocks.find((x) => x.name === want);
    if (!b) {
      out.replaceChildren(h('h4', t(`tf.b.${picked}`)), h('p.tf-input', r.tokens.map((x) => h('span.s2s-out-tok', x))));
      out.dataset.block = picked;
      return;
    }
    const [rows, full] = b.shape;
    const cols = Math.min(full, MAX_COLS);
    const values = cols === full ? b.values : Float32Array.from({ length: rows * cols }, (_, i) => b.values[Math.floor(i / cols) * full + (i % cols)]);
    const prob = picked === 'softmax';
    out.replaceChildren(h('h4', t('tf.tensor', { name: t(`tf.b.${picked}`), shape: `[${b.shape.join(', ')}]` })),
      cols < full ? h('p.hint', t('tf.firstCols', { n: fmt(cols), v: fmt(full) })) : '',
      heatmap(prob ? values.map((v) => Math.sqrt(v)) : scaled(values), { rows, cols, rowLabels: r.tokens, diverging: !prob, numbers: false, cell: cellFor(cols), cellHeight: 22, title: want }));
    out.dataset.block = want;
    out.dataset.shape = b.shape.join('x');
  }
  const el = h('section.card.wide.tf-arch-card', h('h3', t('tf.arch')),
    h('div.tf-arch-split', h('div', svg,
      // Where the drawing comes from, as page text (in the drawing it was 11 px at 1366 and 14 at 1920).
      h('p.hint.tf-arch-from', t('tf.archFrom')), h('label.field', t('tf.archLayer'), layerSel)), out), h('p.hint', t('tf.archHint')));
  return {
    el,
    onModel(snap) {
      layerSel.replaceChildren(...Array.from({ length: snap.info.layers }, (_, i) => h('option', { value: i }, `${i + 1}`)));
      layer = Math.min(layer, snap.info.layers - 1);
      layerSel.value = String(layer);
      show();
    },
    onSentence: () => show(),
  };
}

export function positionsSection(ctx) {
  const { t, call } = ctx;
  const box = h('div.tf-positions');
  let shownAt = -1;
  async function draw(snap) {
    // Learned positions change with training: redraw at most every 50 steps.
    if (snap.info.positional === 'sin' && shownAt >= 0) return;
    if (shownAt >= 0 && snap.step - shownAt < 50 && !snap.done) return;
    shownAt = snap.step;
    let p;
    try { p = snap.positions ?? await call('tf.positions', {}, 'tf.pos'); } catch { return; }
    box.replaceChildren(heatmap(scaled(p.values), { rows: p.rows, cols: p.cols, diverging: true, numbers: false, cell: cellFor(p.cols), cellHeight: Math.max(4, Math.floor(320 / p.rows)), title: t('tf.positions') }));
    box.dataset.rows = String(p.rows);
  }
  // Wide, the table beside its explanation (a half-width card left the other half of its row empty).
  const el = h('section.card.wide.tf-positions-card', h('h3', t('tf.positions')), h('div.tf-pos-split', box, h('p.hint', t('tf.positionsHint'))));
  return { el, onModel: (snap) => { shownAt = -1; draw(snap); }, onSnapshot: draw };
}

export function scoresSection(ctx) {
  const { t, call } = ctx;
  const querySel = h('select', { 'aria-label': t('tf.query'), onchange: () => draw() });
  const layerSel = h('select', { 'aria-label': t('tf.layer'), onchange: () => draw() });
  const box = h('div.tf-scores');
  async function draw() {
    let r;
    try { r = await call('tf.scores', { text: ctx.sentence(), layer: Number(layerSel.value) || 0, query: Number(querySel.value) || 0 }, 'tf.scores'); } catch { return; }
    const T = r.tokens.length;
    if (querySel.options.length !== T) {
      const q = Math.min(Number(querySel.value) || 0, T - 1);
      querySel.replaceChildren(...r.tokens.map((x, i) => h('option', { value: i, selected: i === q }, `${i}: ${x}`)));
    }
    box.replaceChildren(...r.heads.map((hd, j) => h('div.tf-head',
      h('h4', `${t('tf.head')} ${j + 1}`),
      h('figure', h('figcaption', t('tf.raw')), heatmap(scaled(hd.scores.map((v) => v ?? 0)), { rows: 1, cols: T, colLabels: r.tokens, diverging: true, cell: cellFor(T) * 2, cellHeight: 26, format: (v) => v.toFixed(1), title: t('tf.raw') })),
      h('figure', h('figcaption', t('tf.soft')), heatmap(Float32Array.from(hd.probs), { rows: 1, cols: T, colLabels: r.tokens, cell: cellFor(T) * 2, cellHeight: 26, title: t('tf.soft') })),
      h('figure', h('figcaption', t('tf.out')), heatmap(scaled(Float32Array.from(hd.context)), { rows: 1, cols: r.headDim, rowLabels: ['Σ'], diverging: true, numbers: false, cell: cellFor(r.headDim), cellHeight: 20, title: t('tf.out') })))));
    box.dataset.heads = String(r.heads.length);
  }
  return {
    el: h('section.card.wide.tf-scores-card', h('h3', t('tf.scores')),
      h('div.pt-row', h('label.field', t('tf.query'), querySel), h('label.field', t('tf.layer'), layerSel)), box, h('p.hint', t('tf.scoresHint'))),
    onModel(snap) {
      layerSel.replaceChildren(...Array.from({ length: snap.info.layers }, (_, i) => h('option', { value: i }, `${i + 1}`)));
      querySel.replaceChildren();
      draw();
    },
    onSentence: () => { querySel.replaceChildren(); draw(); },
  };
}

// Sense groups' colours (the sentences' numbers in the list carry the same colour); Word2Vec's one
// point is drawn in grey, its own colour, since it has no groups to show.
const GROUP_COLOURS = ['#1f4fd1', '#c2410c', '#15803d', '#7c3aed', '#b91c1c', '#0e7490'];
const groupColour = (g) => GROUP_COLOURS[g % GROUP_COLOURS.length];

/** Sentence numbers as one short label: runs of three or more as a range ([1, 2, 3, 5] → "1–3, 5"),
 * so Word2Vec's one point for a dozen sentences reads "1–12", not a list wider than its panel. */
export function idRuns(ids) {
  const out = [];
  for (let i = 0; i < ids.length;) {
    let j = i;
    while (j + 1 < ids.length && ids[j + 1] === ids[j] + 1) j++;
    if (j - i >= 2) out.push(`${ids[i]}–${ids[j]}`); else out.push(...ids.slice(i, j + 1));
    i = j + 1;
  }
  return out.join(', ');
}

/** Points of one model in its own PCA plane drawn into `svg`, coloured by `fill(i)`, labelled
 * with the sentences' numbers (`ids[i]`). Points of one colour closer than a few pixels are drawn
 * once, labelled with every number; another colour's point at the same place is a ring around it,
 * so both colours stay visible. A label that would cover another label or dot moves a line down
 * (or up), so every number stays readable in a tight cluster. */
function drawDots(svg, xy, fill, ids, r) {
  const groups = [];
  xy.forEach(([x, y], i) => {
    // Within about a label's height: the numbers would overlap.
    const near = (q) => Math.hypot(q.x - x, q.y - y) < 16;
    const g = groups.find((q) => near(q) && q.fill === fill(i));
    if (g) g.ids.push(ids[i]); else groups.push({ x, y, ids: [ids[i]], fill: fill(i), row: groups.filter(near).length });
  });
  const dots = groups.map((g) => ({ g, x: g.x, y: g.y, r: r + 4 * g.row }));
  const labels = []; // placed label boxes {x, y (baseline), w}
  const FONT = 18;
  for (const d of dots) {
    const { g } = d;
    const dot = g.row === 0
      ? { r, fill: g.fill, stroke: '#fff', 'stroke-width': 1.5 }
      : { r: d.r, fill: 'none', stroke: g.fill, 'stroke-width': 3 };
    const text = idRuns(g.ids);
    const w = 0.62 * FONT * text.length;
    const x = g.x + d.r + 4;
    const covers = (y) => labels.some((b) => x < b.x + b.w && b.x < x + w && y - FONT < b.y && b.y - FONT < y)
      || dots.some((o) => o !== d && o.x + o.r > x && o.x - o.r < x + w && o.y + o.r > y - FONT + 2 && o.y - o.r < y);
    const y = [0, 20, -20, 40, -40, 60].map((k) => g.y + 6 + k).find((v) => !covers(v)) ?? g.y + 6;
    labels.push({ x, y, w });
    svg.append(s('circle.tf-ctx-dot', { cx: g.x, cy: g.y, ...dot, 'data-fill': g.fill }),
      s('text', { x, y, 'font-size': FONT, 'font-weight': 700, fill: g.fill }, text));
  }
}

/** Points {x, y} → pixel positions inside [left, left + width] × [top, bottom] (each model's own
 * PCA plane, scaled to its panel; a zero spread sits in the middle). */
function placePoints(ps, left, width, top, bottom) {
  const xs = ps.map((p) => p.x); const ys = ps.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const f = (v, a, b, lo, span) => (b - a < 1e-6 ? lo + span / 2 : lo + ((v - a) / (b - a)) * span);
  return ps.map((p) => [f(p.x, x0, x1, left, width), f(p.y, y0, y1, top, bottom - top)]);
}

const plotTitle = (x, text, size = 19) => s('text', { x, y: 24, 'font-size': size, 'font-weight': 700, fill: '#27272a', 'text-anchor': 'middle' }, text);
// A Korean word a WordPiece vocabulary has no syllables for is cut into conjoining jamo (배 → ᄇ ᅢ),
// which a font draws as fragments when they stand alone: shown as the compatibility jamo (ㅂ ㅐ).
const CHO = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
const JONG = 'ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ';
const showJamo = (x) => x.replace(/[\u1100-\u1112\u1161-\u1175\u11a8-\u11c2]/g, (c) => {
  const k = c.codePointAt(0);
  if (k <= 0x1112) return CHO[k - 0x1100];
  if (k <= 0x1175) return String.fromCodePoint(0x314f + k - 0x1161);
  return JONG[k - 0x11a8];
});
const shorten = (x, n) => (x.length > n ? `${x.slice(0, n - 1)}…` : x);

/** The settings that group a homonym's uses by sense (the context view's first recipe button). */
// benches/README.md, "Random replacements": the chosen words mostly given a random word, and every
// word predicted, so each position must check its word against its context; dropout and decay off
// (they cost the masked guesses); 6,000 steps, twice the default: by then the masked guesses are
// as good as BERT's recipe's at 3,000 and the senses stay apart ("Training R longer"). Every field
// the earlier recipe set is here, so either button leaves no setting of the other behind.
export const SENSES_RECIPE = { mask: 0.3, random: 0.6, predictAll: true, dropout: null, decay: false, steps: 6000 };
const RECIPE_FIELDS = Object.keys(SENSES_RECIPE);

export function contextSection(ctx) {
  const { t, call } = ctx;
  const lang = () => (ctx.examples().lang === 'ko' ? 'ko' : 'en');
  const word = h('input', { type: 'text', value: CONTEXTS[lang()].word, 'aria-label': t('tf.word'), onchange: () => draw() });
  const text = h('textarea', { rows: 8, value: CONTEXTS[lang()].text, 'aria-label': t('tf.sentences'), onchange: () => draw() });
  text.value = CONTEXTS[lang()].text;
  const box = h('div.tf-context');
  // The same sentences through the model open in the pretrained chapter, if one is.
  const ptBox = h('div.tf-ctx-pt');
  const list = h('ol.tf-ctx-list');
  // Two recipes, one click each: the one that groups the uses by sense on most seeds and still
  // guesses masked words (benches/README.md, "Random replacements") and the schema's defaults
  // (BERT's, with the best masked guesses). Either makes a new model; ▶ trains it.
  const schemaDefaults = () => Object.fromEntries(RECIPE_FIELDS.map((n) => [n, fields('transformer').find((f) => f.name === n)?.default ?? null]));
  const recipes = h('div.pt-row.tf-ctx-recipes',
    h('button', { type: 'button', dataset: { recipe: 'senses' }, onclick: () => ctx.retrain(SENSES_RECIPE) }, t('tf.recipeSenses')),
    h('button', { type: 'button', dataset: { recipe: 'default' }, onclick: () => ctx.retrain(schemaDefaults()) }, t('tf.recipeDefault')));
  let seq = 0;
  let demoLoad = null; // the one attempt to open chapter 9's demo from here
  // The printed line under a plot: within / across and the nearest-neighbour count, or why not.
  const senseLine = (sc, layer, groups) => (groups >= 2 && sc.within !== null && sc.across !== null
    ? t('tf.ctxSenses', { layer: fmt(layer), within: sc.within.toFixed(2), across: sc.across.toFixed(2), nn: fmt(sc.nn), n: fmt(sc.n), groups: fmt(groups) })
    : t('tf.ctxOneGroup', { layer: fmt(layer) }));
  const marks = (el, sc) => {
    el.dataset.within = sc?.within == null ? '' : sc.within.toFixed(6);
    el.dataset.across = sc?.across == null ? '' : sc.across.toFixed(6);
    el.dataset.nn = sc ? String(sc.nn) : '';
  };

  async function draw() {
    const mine = ++seq;
    let r;
    // One sentence a line; a blank line starts the next sense group (contexts.js).
    const sentences = parseGroups(text.value);
    const w = word.value.trim();
    try { r = await call('tf.context', { sentences, word: w }, 'tf.context'); } catch { return; }
    const pretrained = drawPretrained(sentences, w, mine);
    if (mine !== seq) return;
    // Every sentence in the list, numbered as in both plots, in its group's colour.
    list.replaceChildren(...sentences.map((p) => h('li', { style: { color: groupColour(p.group) } }, h('span.tf-ctx-text', p.text))));
    if (r.points.length < 2) { box.replaceChildren(h('p.empty', t('tf.ctxNone'))); box.dataset.points = '0'; box.dataset.groups = '0'; marks(box, null); await pretrained; return; }
    const W = 640; const H = 340; const pad = 40;
    const PANEL = 230; // Word2Vec's panel on the right
    const svg = s('svg.tf-ctx', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', style: `max-width:${W}px` });
    const tfW = W - PANEL - 2 * pad;
    svg.append(plotTitle(pad + tfW / 2, `${t('ch.transformer')} · ${t('tf.ctxLayerN', { l: fmt(r.layer) })}`),
      s('text', { x: pad + tfW / 2, y: 46, 'font-size': 16, fill: '#52525b', 'text-anchor': 'middle' }, `${t('tf.step')} ${fmt(r.step)}`),
      s('line', { x1: W - PANEL, y1: 34, x2: W - PANEL, y2: H - 10, stroke: '#d4d4d8' }));
    drawDots(svg, placePoints(r.points, pad, tfW - 40, 64, H - pad), (i) => groupColour(r.points[i].group), r.points.map((p) => p.index + 1), 9);
    if (r.w2v) {
      svg.append(plotTitle(W - PANEL / 2, `Word2Vec · cos ≥ ${r.w2v.minCos.toFixed(3)}`, 17));
      // Room on the right for all the numbers of its one point.
      drawDots(svg, placePoints(r.w2v.points, W - PANEL + 20, PANEL - 170, 50, H - pad), () => '#52525b', r.points.map((p) => p.index + 1), 9);
    }
    const groups = new Set(r.points.map((p) => p.group)).size;
    box.replaceChildren(svg, h('p.tf-ctx-senses', senseLine(r.senses, r.layer, groups)),
      h('p.hint', r.w2v ? t('tf.w2v', { n: fmt(r.points.length), epochs: fmt(r.w2v.epochs), tf: r.minCos.toFixed(3), w2v: r.w2v.minCos.toFixed(3) }) : t('tf.w2vNone')));
    box.dataset.w2vMinCos = r.w2v ? r.w2v.minCos.toFixed(6) : '';
    box.dataset.points = String(r.points.length);
    box.dataset.groups = String(groups);
    marks(box, r.senses);
    await pretrained;
  }

  /** The pretrained chapter's model (worker/pretrained.js 'pt.context', its last layer) on the
   * same sentences, or one line saying how to open one. */
  async function drawPretrained(sentences, w, mine) {
    let info = null;
    let r = null;
    try {
      info = await ctx.worker.call('pt.info', {});
      // No model open in chapter 9: open its shipped demo here (what chapter 9 does on entry), once,
      // so the three plots stand side by side without a click; if that fails, the line below.
      if (!info) info = await (demoLoad ??= ctx.worker.call('pt.demoIfNone', {}).catch(() => null));
      if (info) r = await ctx.worker.call('pt.context', { sentences, word: w, layer: info.numLayers });
    } catch { /* the model cannot read these sentences: said below */ }
    if (mine !== seq) return;
    ptBox.dataset.model = info ? modelName(t, info) : '';
    if (!info) {
      ptBox.replaceChildren(h('p.tf-ctx-ptnone', t('tf.ptNone')));
      ptBox.dataset.points = '0';
      marks(ptBox, null);
      return;
    }
    const name = modelName(t, info);
    if (!r || r.points.length < 2) {
      ptBox.replaceChildren(h('p.empty', t('tf.ptNoWord', { model: name })));
      ptBox.dataset.points = '0';
      marks(ptBox, null);
      return;
    }
    const W = 440; const H = 340; const pad = 40;
    const svg = s('svg.tf-ctx.tf-ctx-ptplot', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', style: `max-width:${W}px` });
    // The name on its own line (a hub id or a checkpoint's name can be long), the layer under it.
    svg.append(plotTitle(W / 2, shorten(name, 36), name.length > 30 ? 17 : 19),
      s('text', { x: W / 2, y: 46, 'font-size': 16, fill: '#52525b', 'text-anchor': 'middle' }, t('tf.ctxLayerN', { l: fmt(r.layer) })));
    const ids = r.points.map((p) => p.index + 1);
    drawDots(svg, placePoints(r.points.map((p, k) => ({ x: r.xy[2 * k], y: r.xy[2 * k + 1] })), pad, W - 2 * pad - 50, 64, H - pad), (i) => groupColour(r.points[i].group), ids, 9);
    const groups = new Set(r.points.map((p) => p.group)).size;
    // How the model's tokenizer cut the word (a WordPiece vocabulary may split it): the vector drawn
    // is the one at its first piece.
    const pieces = [...new Set(r.points.map((p) => p.pieces.join(' ')))];
    const split = pieces.some((p) => p.includes(' '));
    ptBox.dataset.pieces = pieces.join(' | ');
    ptBox.replaceChildren(svg, h('p.tf-ctx-senses', senseLine(r.senses, r.layer, groups)),
      h('p.hint', t(info.source.kind === 'demo' ? 'tf.ptDemoHint' : 'tf.ptHint', { model: name, arch: info.architecture, layers: fmt(info.numLayers), heads: fmt(info.numHeads), dim: fmt(info.hiddenSize) }),
        ' ', split ? t('tf.ptPieces', { word: w, pieces: pieces.map(showJamo).join(' / ') }) : ''));
    ptBox.dataset.points = String(r.points.length);
    ptBox.dataset.groups = String(groups);
    marks(ptBox, r.senses);
  }
  return {
    // A wide card: the inputs and the numbered sentences, then the plots side by side (the
    // in-page model with Word2Vec's one point, and the pretrained chapter's model).
    el: h('section.card.wide.tf-context-card', h('h3', t('tf.context')),
      // The numbered list shows the sentences; the box to edit them folds away, so the plots fit
      // on the projector's screen with the list above them.
      h('div.tf-ctx-split',
        h('div.tf-ctx-controls', h('div.pt-row', h('label.field', t('tf.word'), word)), recipes, h('p.hint', t('tf.recipeHint')),
          h('details.tf-ctx-edit', h('summary', t('tf.editSentences')), h('label.field.tf-ctx-sentences', t('tf.sentences'), text))),
        list),
      h('div.tf-ctx-plots', box, ptBox),
      h('p.hint', t('tf.contextHint'))),
    onModel: () => draw(),
    // Paused, one step, or done: the vectors of the model as it is now (its step is in the plot).
    onStop: () => draw(),
  };
}

export function predictSection(ctx) {
  const { t, call } = ctx;
  const maskText = h('input', { type: 'text', 'aria-label': t('tf.predict') });
  const prompt = h('input', { type: 'text', 'aria-label': t('tf.prompt') });
  const temp = h('input', { type: 'number', min: 0.05, max: 3, step: 0.05, value: 1, 'aria-label': t('tf.temperature') });
  const n = h('input', { type: 'number', min: 1, max: 64, step: 1, value: 20, 'aria-label': t('tf.tokens') });
  const out = h('div.tf-predict-out');
  let kind = 'mlm';
  let seed = 1;
  const predict = async () => {
    try {
      const r = await call('tf.predict', { text: maskText.value, k: 8 }, 'tf.predict');
      out.replaceChildren(...maskedView(r));
      out.dataset.masks = String(r.length);
    } catch { /* shown */ }
  };
  const generate = async () => {
    try {
      const r = await call('tf.generate', { prompt: prompt.value, n: Number(n.value), temperature: Number(temp.value), seed: seed++ }, 'tf.predict');
      out.replaceChildren(h('p.tf-generated', r.text), h('p.hint', `+ ${r.tokens.join(' · ')}`));
      out.dataset.generated = r.tokens.join('');
    } catch { /* shown */ }
  };
  const mlmRow = h('div.pt-row', h('label.field', t('tf.predict'), maskText), h('button', { type: 'button', dataset: { action: 'predict' }, onclick: predict }, t('tf.fill')));
  const genRow = h('div.pt-row', h('label.field', t('tf.prompt'), prompt), h('label.field', t('tf.temperature'), temp), h('label.field', t('tf.tokens'), n),
    h('button', { type: 'button', dataset: { action: 'generate' }, onclick: generate }, t('tf.go')));
  const hint = h('p.hint');
  const title = h('h3');
  return {
    el: h('section.card.tf-predict-card', title, mlmRow, genRow, out, hint),
    onModel(snap) {
      kind = snap.info.kind;
      mlmRow.hidden = kind !== 'mlm';
      genRow.hidden = kind !== 'causal';
      title.textContent = t(kind === 'mlm' ? 'tf.predict' : 'tf.generate');
      hint.textContent = t(kind === 'mlm' ? 'tf.predictHint' : 'tf.generateHint');
      const words = ctx.sentence().split(/\s+/).filter(Boolean);
      if (!maskText.value) maskText.value = maskedExample(ctx.sentence(), ctx.examples().homonyms).text;
      if (!prompt.value) prompt.value = words.slice(0, 3).join(' ');
      out.replaceChildren();
    },
  };
}

export function costSection(ctx) {
  const { t, call } = ctx;
  const box = h('div.tf-cost');
  const measure = async () => {
    const words = ctx.sentence().split(/\s+/).filter(Boolean);
    const sentences = [4, 8, 16, 32].map((k) => Array.from({ length: k }, (_, i) => words[i % Math.max(1, words.length)]).join(' '));
    try {
      const rows = await call('tf.cost', { sentences }, 'tf.cost');
      const num = (v, d) => (v == null ? '—' : d == null ? fmt(v) : v.toFixed(d));
      box.replaceChildren(h('table.tf-cost-table', h('thead',
        h('tr', h('th'), h('th.tf-cost-group', { colSpan: 3 }, t('tf.costTf')), h('th.tf-cost-group', { colSpan: 3 }, t('tf.costRnn'))),
        h('tr', ...['tf.costTokens', 'tf.costMs', 'tf.costPerToken', 'tf.costDepTf', 'tf.costMs', 'tf.costPerToken', 'tf.costDepTf'].map((k) => h('th', t(k))))),
        h('tbody', ...rows.map((r) => h('tr', h('td', fmt(r.tokens)), h('td', r.ms.toFixed(3)), h('td', r.msPerToken.toFixed(4)), h('td', fmt(r.layers)),
          h('td', num(r.rnnMs, 3)), h('td', num(r.rnnMs == null ? null : r.rnnMs / r.rnnTokens, 4)), h('td', num(r.rnnTokens)))))));
      box.dataset.rows = String(rows.length);
    } catch { /* shown */ }
  };
  return { el: h('section.card.wide.tf-cost-card', h('h3', t('tf.cost')), h('button', { type: 'button', dataset: { action: 'measure' }, onclick: measure }, t('tf.measure')), box, h('p.hint', t('tf.costHint'))) };
}

export function exportSection(ctx) {
  const { t, call } = ctx;
  const note = h('p.hint', { hidden: true }, t('tf.exportOnlyMlm'));
  const save = async () => {
    let files;
    try { files = await call('tf.export', {}, 'tf.export'); } catch { return; }
    for (const [name, body] of Object.entries(files)) {
      const a = h('a', { href: URL.createObjectURL(new Blob([body])), download: name });
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    }
  };
  const open = async () => {
    try { await call('pt.loadTransformer', {}, 'tf.export'); } catch { return; }
    ctx.go?.('pretrained');
  };
  const buttons = [h('button', { type: 'button', dataset: { action: 'save-hf' }, onclick: save }, t('tf.save')),
    h('button.primary', { type: 'button', dataset: { action: 'open-pretrained' }, onclick: open }, t('tf.open'))];
  return {
    el: card(t('tf.export'), h('div.pt-row', ...buttons), note, h('p.hint', t('tf.exportHint'))),
    onModel(snap) {
      const ok = snap.info.kind === 'mlm' && snap.info.norm === 'post';
      for (const b of buttons) b.disabled = !ok;
      note.hidden = ok;
    },
  };
}
