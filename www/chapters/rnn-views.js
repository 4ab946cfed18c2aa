// The RNN chapter's views besides training (chapters/rnn.js mounts them): the unrolled network
// over a sentence (hidden-state heatmap, next-token distribution, sampling), the gradient flowing
// back from the chosen token in the three cells, the long-dependency task and the sequential cost.
import { card, h } from '../dom.js';
import { fmt } from '../i18n.js';
import { barlist } from '../views/barlist.js';
import { colour, heatmap } from '../views/heatmap.js';
import { lineChart } from '../views/linechart.js';
import { settingsForm } from '../views/settingsform.js';
import { configOf } from '../settings.js';

export const COLORS = { rnn: '#b91c1c', gru: '#1f4fd1', lstm: '#15803d' };
const CELLS = ['rnn', 'gru', 'lstm'];
/** Decades of gradient the flow strips' colour spans: 1 → full colour, 10⁻³ and below → white. */
const DECADES = 3;

/** A small number as the class reads it: 0.42, 0.03, 2e-5. */
const small = (v) => (!Number.isFinite(v) ? '—' : v >= 0.1 ? v.toFixed(2) : v >= 0.01 ? v.toFixed(3) : v.toExponential(0).replace('e-', 'e−'));

/** The unrolled network and the gradient flow, both read from one 'rnn.view' request. */
export function unrolledCards(ctx, call) {
  const { t } = ctx;
  const st = () => ctx.state.rnn;
  const sentence = () => st().text || ctx.examples().onehot || ctx.examples().ngram || '';
  const read = () => { ctx.setState({ rnn: { text: input.value, position: -1 } }); refresh(); };
  const input = h('input', { type: 'text', value: sentence(), 'aria-label': t('rnn.sentence'), spellcheck: false, onchange: read });
  const toks = h('div.rnn-toks');
  const mapBox = h('div.rnn-map');
  const nextBox = h('div');
  const nextCap = h('figcaption');
  const temp = h('input', { type: 'range', min: 0, max: 2, step: 0.1, value: st().temperature, 'aria-label': t('rnn.temperature') });
  const tempOut = h('output', String(st().temperature));
  temp.addEventListener('input', () => { tempOut.textContent = temp.value; ctx.setState({ rnn: { temperature: Number(temp.value) } }); });
  const sampleOut = h('p.rnn-sample-out');
  let sampled = 0;
  const sample = async () => {
    try {
      const r = await call('rnn.sample', { seed: ctx.state.seed + sampled++, n: 60, temperature: Number(temp.value) });
      sampleOut.textContent = r.text;
      sampleOut.dataset.tokens = String(r.tokens.length);
    } catch { /* shown */ }
  };
  const unrolled = h('section.card.wide.rnn-unrolled-card', h('h3', t('rnn.unrolled')),
    h('div.rnn-input-row', h('label.field', { style: { flex: '1 1 24rem' } }, h('span', t('rnn.sentence')), input), h('button', { type: 'button', dataset: { action: 'read' }, onclick: read }, t('rnn.read'))),
    toks,
    h('div.rnn-unrolled', h('figure.rnn-fig', h('figcaption', t('rnn.hiddenMap')), mapBox), h('figure.rnn-fig', nextCap, nextBox)),
    h('p.hint', t('rnn.unrolledHint')),
    h('h4', t('rnn.sampling')),
    h('div.rnn-sample-row', h('label.field', h('span', t('rnn.temperature')), temp, tempOut), h('button', { type: 'button', dataset: { action: 'sample' }, onclick: sample }, t('rnn.sample'))),
    sampleOut, h('p.hint', t('rnn.sampleHint')));

  // The strips show the gradient now or before training (the chart shows both).
  let which = st().flow === 'start' ? 'start' : 'now';
  let lastView = null;
  const whichButtons = ['now', 'start'].map((k) => h('button', { type: 'button', dataset: { flow: k }, 'aria-pressed': String(k === which),
    onclick: () => { which = k; ctx.setState({ rnn: { flow: k } }); for (const b of whichButtons) b.setAttribute('aria-pressed', String(b.dataset.flow === which)); if (lastView) drawFlow(lastView); } }, t(`rnn.flow.${k}`)));
  const strips = h('div.rnn-strips');
  const flowChart = h('div');
  const flowCap = h('p.rnn-flow-at');
  // The fade per step back, measured for each cell now and before training, said in words.
  const rate = h('p.rnn-flow-rate');
  const flowBox = h('div.rnn-flow', h('div', h('div.rnn-flow-head', flowCap, h('div.rnn-flow-which', whichButtons)), strips, rate), h('figure.rnn-fig', h('figcaption', t('rnn.flowChart')), flowChart));
  const flow = h('section.card.wide.rnn-flow-card', h('h3', t('rnn.flow')), flowBox, h('p.hint', t('rnn.flowHint')));

  // Which of the two cards is on screen (the training loop refreshes them only then).
  const visible = new Set();
  const io = typeof IntersectionObserver === 'function'
    ? new IntersectionObserver((entries) => { for (const e of entries) { if (e.isIntersecting) visible.add(e.target); else visible.delete(e.target); } })
    : null;
  for (const el of [unrolled, flow]) io?.observe(el);

  let seq = 0;
  function clear() {
    seq++;
    for (const el of [toks, mapBox, nextBox, strips, flowChart, rate]) el.replaceChildren();
    nextCap.textContent = '';
    flowCap.textContent = '';
    sampleOut.textContent = '';
    delete mapBox.dataset.drawn;
    delete strips.dataset.flows;
  }

  /** Reads the sentence with the current weights (`step`: the training step they are at). */
  async function refresh(step) {
    const text = input.value.trim() ? input.value : sentence();
    if (!text.trim()) return;
    const mine = ++seq;
    let v;
    try {
      v = await call('rnn.view', { text, position: st().position, k: 8 });
    } catch { return; }
    if (mine !== seq || !v.T) return;
    drawTokens(v);
    drawMap(v);
    nextCap.textContent = t('rnn.nextAfter', { token: v.tokens[v.position] });
    nextBox.replaceChildren(barlist(v.next.map((c) => ({ label: c.token, value: c.prob })), { max: 1 }));
    drawFlow(v);
    if (step !== undefined) mapBox.dataset.drawn = String(step);
  }

  function drawTokens(v) {
    toks.replaceChildren(...v.tokens.map((tok, i) => h(`button.rnn-tok${i === v.position ? '.on' : ''}`, {
      type: 'button', 'aria-pressed': String(i === v.position), dataset: { pos: i },
      onclick: () => { ctx.setState({ rnn: { position: i } }); refresh(); },
    }, tok)));
  }

  function drawMap(v) {
    // data is T × H (time-major); the picture is units × time, so transposed.
    const { T, H } = v;
    let maxAbs = 1e-6;
    for (const x of v.data) maxAbs = Math.max(maxAbs, Math.abs(x));
    const m = new Float32Array(H * T);
    for (let ti = 0; ti < T; ti++) for (let u = 0; u < H; u++) m[u * T + ti] = v.data[ti * H + u] / maxAbs;
    // As wide as the figure allows (less the unit labels), between 8 and 48 px a token.
    const room = (mapBox.clientWidth || 1000) - 90;
    const cell = Math.max(8, Math.min(48, Math.floor(room / T)));
    const cellHeight = Math.max(2, Math.min(10, Math.floor(380 / H)));
    mapBox.replaceChildren(heatmap(m, { rows: H, cols: T, colLabels: v.tokens, rowLabels: Array.from({ length: H }, (_, u) => `h${u + 1}`),
      cell, cellHeight, diverging: true, numbers: false, title: t('rnn.hiddenMap') }));
    // The chosen token's column framed: the state the next-token distribution is read from.
    const canvas = mapBox.querySelector('canvas');
    const g = canvas?.getContext('2d');
    if (g) {
      g.strokeStyle = '#15171a';
      g.lineWidth = 3;
      g.strokeRect(v.position * cell + 1.5, 1.5, cell - 3, H * cellHeight - 3);
    }
    mapBox.classList.toggle('upright', v.tokens.every((x) => [...x].length <= 2));
    Object.assign(mapBox.dataset, { T: String(T), H: String(H) });
  }

  function drawFlow(v) {
    lastView = v;
    const pos = v.position;
    flowCap.textContent = t('rnn.flowAt', { token: v.tokens[pos], pos: pos + 1 });
    // inputGradient: the share of ‖∂L_pos/∂x‖ reaching each token 0 … pos (the shares sum to 1).
    const shares = (set) => Object.fromEntries(CELLS.filter((c) => v.flows[set]?.[c]?.length).map((c) => [c, Array.from(v.flows[set][c])]));
    const now = shares('now');
    const start = shares('start');
    const shown = which === 'now' ? now : start;
    strips.replaceChildren(...CELLS.filter((c) => shown[c]).flatMap((c) => {
      const top = Math.max(1e-30, ...shown[c]);
      return [
        h('span.rnn-strip-name', { style: { color: COLORS[c] } }, t(`rnn.cell.${c}`)),
        h('div.rnn-strip', shown[c].map((r, i) => {
          // Colour on a log scale relative to the strip's largest share: DECADES decades to white.
          const a = Math.max(0, Math.min(1, 1 + Math.log10(Math.max(r / top, 1e-30)) / DECADES));
          const [R, G, B] = colour(a);
          // The numbers fit up to ~24 tokens; beyond, the colour (and the tooltip) tells.
          return h('span', { title: `${v.tokens[i]}: ${r.toExponential(2)}`, style: { background: `rgb(${R},${G},${B})`, color: a > 0.55 ? '#fff' : 'inherit' } }, v.tokens[i], pos < 24 ? h('small', small(r)) : null);
        })),
      ];
    }));
    const series = (set, dashed) => CELLS.filter((c) => set[c]).map((c) => ({
      name: dashed ? '' : t(`rnn.cell.${c}`), color: COLORS[c], dashed, // the caption says what dashed means
      points: set[c].map((r, i) => [pos - i, r]).filter(([, r]) => r > 0).reverse(),
    }));
    flowChart.replaceChildren(lineChart([...series(now, false), ...series(start, true)],
      { width: 560, height: 320, xLabel: t('rnn.back'), yLabel: t('rnn.share'), logY: true, emptyText: '—', yFormat: (x) => (x >= 0.01 ? String(x) : small(x)) }));
    strips.dataset.flows = JSON.stringify({ now, start });
    strips.dataset.which = which;
    drawRate(now, start, pos);
  }

  /** The mean factor per step back, (share at the first token / share at the chosen one)^(1/pos),
   * for each cell now and before training, and what it says: whether the tanh RNN's fades faster
   * on this sentence is measured, never assumed (after training on a text that needs little
   * memory the three often fade alike; the long-dependency task below is where they part). */
  function drawRate(now, start, pos) {
    const factor = (r) => (pos >= 2 && r?.[0] > 0 && r[pos] > 0 ? (r[0] / r[pos]) ** (1 / pos) : NaN);
    const f = (set) => Object.fromEntries(CELLS.map((c) => [c, factor(set[c])]));
    const [fNow, fStart] = [f(now), f(start)];
    if (!CELLS.every((c) => Number.isFinite(fNow[c]))) { rate.replaceChildren(); return; }
    const show = (set) => Object.fromEntries(CELLS.map((c) => [c, Number.isFinite(set[c]) ? `×${set[c].toFixed(2)}` : '—']));
    // "Alike": the RNN's factor within 0.05 of the gated cells' (over 10 steps that is less than
    // a factor of ~2 apart, which the log-scale strips barely show).
    const gap = Math.min(fNow.gru, fNow.lstm) - fNow.rnn;
    const verdict = gap > 0.05 ? 'rnn.rateRnnFaster' : 'rnn.rateAlike';
    const before = CELLS.every((c) => Number.isFinite(fStart[c])) ? t('rnn.rateBefore', show(fStart)) : '';
    rate.replaceChildren(h('strong', t('rnn.rateNow', show(fNow))), ' ', before, ' ', t(verdict));
    Object.assign(rate.dataset, { now: JSON.stringify(fNow), start: JSON.stringify(fStart), verdict });
  }

  return {
    cards: [unrolled, flow],
    refresh,
    clear,
    onScreen: () => !io || visible.size > 0,
    unmount: () => io?.disconnect(),
    /** A new text: its example sentence, unless the teacher typed one. */
    onCorpus() { if (!st().text) input.value = sentence(); },
  };
}

/** The long-dependency settings the card offers (the rest are the library's defaults; the cell and
 * N are what the chart varies, the seed is the page's). */
export const LONGDEP_FIELDS = ['steps', 'hidden', 'symbols', 'runs'];

/** The long-dependency task: accuracy against the distance N for the three cells. */
export function longdepCard(ctx, call) {
  const { t, worker } = ctx;
  const form = settingsForm({
    model: 'longDependency', names: LONGDEP_FIELDS, values: ctx.state.rnnLong, className: 'settings-form',
    label: (n) => t(`rnn.ld.${n}`),
    onChange: (n, v) => ctx.setState({ rnnLong: { [n]: v } }),
  });
  const chart = h('div.rnn-longdep', h('p.empty', t('rnn.longdepEmpty')));
  const flowChart = h('div.rnn-longdep-flow');
  const flowCap = h('figcaption');
  const flowFig = h('figure.rnn-fig', { hidden: true }, flowCap, flowChart);
  const decayLine = h('p.rnn-cost-line');
  let chance = null;
  /** The gradient of the trained models' answer reaching back k steps, at the largest N so far:
   * the lesson of the chapter measured after training, on a task that needs the memory. */
  const drawFlow = (rows) => {
    const row = rows.at(-1);
    if (!row?.flow) return;
    flowFig.hidden = false;
    flowCap.textContent = t('rnn.ldFlowChart', { n: row.n });
    const series = CELLS.filter((c) => row.flow[c]).map((c) => ({ name: t(`rnn.cell.${c}`), color: COLORS[c], points: row.flow[c].map((v, k) => [k, v]) }));
    flowChart.replaceChildren(lineChart(series, { width: 640, height: 300, xLabel: t('rnn.ldBack'), yLabel: t('rnn.ldGrad'), logY: true, legend: true, emptyText: '—',
      // Every third decade labelled: the RNN's curve spans ten or more.
      yFormat: (x) => (Math.round(-Math.log10(x)) % 3 ? '' : x >= 0.01 ? String(x) : small(x)) }));
    // The mean factor per step back, (flow at the key)^(1/(N+1)).
    decayLine.textContent = t('rnn.ldDecay', { n: row.n, ...Object.fromEntries(CELLS.map((c) => [c, (row.key[c] ** (1 / (row.n + 1))).toFixed(2)])) });
    flowChart.dataset.key = JSON.stringify({ n: row.n, ...row.key });
  };
  const draw = (rows) => {
    // N doubles from point to point: the x axis is log₂ N, labelled with N itself.
    const x = (n) => Math.log2(n);
    const series = CELLS.map((c) => ({ name: t(`rnn.cell.${c}`), color: COLORS[c], points: rows.map((r) => [x(r.n), 100 * r[c]]) }));
    // Each run as a dot (the line joins the medians), the cells a little apart so that runs at
    // the same accuracy stay visible: the spread shows when a single run would have told otherwise.
    CELLS.forEach((c, i) => series.push({ name: '', color: COLORS[c], dots: true,
      points: rows.flatMap((r) => (r.runs?.[c] ?? []).map((a) => [x(r.n) + 0.08 * (i - 1), 100 * a])) }));
    if (Number.isFinite(chance) && rows.length) series.push({ name: t('rnn.chance'), color: '#8a8f98', dashed: true, points: [[x(rows[0].n), 100 * chance], [x(rows.at(-1).n), 100 * chance]] });
    chart.replaceChildren(lineChart(series, { width: 640, height: 300, xLabel: t('rnn.distance'), yLabel: t('rnn.accuracy'), yMin: 0, yMax: 100, legend: true,
      xFormat: (v) => (Number.isInteger(v) ? String(2 ** v) : '') }));
    chart.dataset.rows = JSON.stringify(rows.map(({ n, rnn, gru, lstm, runs }) => ({ n, rnn, gru, lstm, runs })));
    drawFlow(rows);
  };
  const off = worker.on('rnn.longdep', (p) => { chance = p.chance; draw(p.rows); });
  const button = h('button', { type: 'button', dataset: { action: 'longdep' } }, t('rnn.longdepRun'));
  button.onclick = async () => {
    button.disabled = true;
    try {
      form.markInvalid();
      const r = await call('rnn.longdep', { config: configOf('longDependency', ctx.state.rnnLong, { seed: ctx.state.seed }) }).catch((err) => { form.markInvalid(err); throw err; });
      chance = r.chance;
      draw(r.rows);
      chart.dataset.done = 'true';
    } catch { /* shown */ } finally { button.disabled = false; }
  };
  const el = h('section.card.wide.rnn-longdep-card', h('h3', t('rnn.longdep')), h('div.rnn-longdep-row', form.el, button), h('div.rnn-charts', h('figure.rnn-fig', h('figcaption', t('rnn.ldAccChart')), chart), flowFig),
    decayLine, h('p.hint', t('rnn.longdepHint')));
  return { el, unmount: off };
}

/** The sequential cost: time to read texts of increasing length, and the dependent steps. */
export function costCard(ctx, call) {
  const { t } = ctx;
  const box = h('div.rnn-cost', h('p.empty', t('rnn.costEmpty')));
  const measure = async () => {
    try {
      const { rows, timing } = await call('rnn.cost', {});
      const lastRow = rows.at(-1);
      box.replaceChildren(
        lineChart([{ name: t('rnn.msText'), color: COLORS.lstm, points: rows.map((r) => [r.tokens, r.ms]) }],
          { width: 640, height: 280, xLabel: t('rnn.tokens'), yLabel: t('rnn.msText'), yMin: 0 }),
        lastRow ? h('p.rnn-cost-line', t('rnn.costLine', { tokens: fmt(lastRow.tokens), steps: fmt(lastRow.steps), ms: lastRow.ms.toFixed(1), per: lastRow.msPerToken.toFixed(3) })) : null,
        timing ? h('p.rnn-cost-line', t('rnn.costSentence', {
          tokens: fmt(timing.tokensPerSentence, 1), steps: fmt(timing.dependentSteps, 1), layers: timing.layers,
          train: Number.isFinite(timing.trainMsPerToken) ? timing.trainMsPerToken.toFixed(3) : '—',
        })) : null);
      box.dataset.rows = String(rows.length);
    } catch { /* shown */ }
  };
  const el = card(t('rnn.cost'), h('button', { type: 'button', dataset: { action: 'measure' }, onclick: measure }, t('rnn.measure')), box, h('p.hint', t('rnn.costHint')));
  return { el };
}
