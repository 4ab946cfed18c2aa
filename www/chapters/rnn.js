// Chapter — Recurrent networks: a recurrent language model (tanh RNN, GRU or LSTM) trained live on
// the corpus, its train and held-out perplexity against the n-gram model's on the same split; the
// unrolled network over a sentence (hidden states, next-token distributions, sampling); the
// gradient that fades as it flows back (the three cells side by side); a long-dependency task;
// the measured cost of computing one step after another. Training runs in the worker
// (worker/rnn.js); this module draws the training card and the settings, rnn-views.js the rest.
import { h } from '../dom.js';
import { withFix } from '../fixes.js';
import { fmt, has } from '../i18n.js';
import { configOf, field, fields } from '../settings.js';
import { registerSchema } from '../state.js';
import { lineChart } from '../views/linechart.js';
import { settingsForm } from '../views/settingsform.js';
import { COLORS, costCard, longdepCard, unrolledCards } from './rnn-views.js';

// The model's settings and defaults are the library's (settingsSpec('rnn')); the seed is the
// page's one seed (state.seed). View settings: the sentence read by the unrolled network (empty:
// the text's example), the chosen position in it (-1: the last token), the sampling temperature,
// which gradient the strips show (now | start: before training).
registerSchema('rnn', 'rnn', { text: '', position: -1, temperature: 0.8, flow: 'now' }, { omit: ['seed'] });
// The long-dependency task's settings (settingsSpec('longDependency')): the cell and the distance
// are what its chart varies.
registerSchema('rnnLong', 'longDependency', {}, { omit: ['seed', 'cell', 'n'] });

const STYLE = `
.rnn-statrow { display: flex; flex-wrap: wrap; gap: .6rem 2rem; align-items: flex-end; margin-bottom: .5rem; }
.rnn-charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(24rem, 1fr)); gap: 1rem; }
.rnn-charts figure, .rnn-fig { margin: 0; }
.rnn-charts figcaption, .rnn-fig figcaption { font-weight: 600; margin-bottom: .3rem; }
.rnn-verdict { font-size: 1.1rem; margin: .4rem 0 .6rem; padding: .4rem .7rem; border-left: 4px solid var(--accent); background: #f3f6fd; }
.rnn-verdict.no { border-color: var(--warm); background: #fff5ec; }
.rnn-form .settings-form { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: end; margin-bottom: .6rem; }
.rnn-form input[type=number] { width: 7rem; }
.rnn-input-row { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; margin-bottom: .5rem; }
.rnn-input-row input[type=text] { flex: 1 1 20rem; font-size: 1.1rem; }
.rnn-toks { display: flex; flex-wrap: wrap; gap: .3rem; margin: .3rem 0 .6rem; }
.rnn-tok { border: 2px solid var(--line); border-radius: .4rem; padding: .15rem .5rem; font-size: 1.15rem; background: #fff; cursor: pointer; min-width: 1.8rem; }
.rnn-tok.on { border-color: var(--accent); background: #e6edfb; font-weight: 700; }
.rnn-unrolled { display: grid; grid-template-columns: minmax(0, 1fr) 22rem; gap: 1rem 1.5rem; align-items: start; }
.rnn-map { overflow-x: auto; }
/* Characters: upright labels in a short band (words keep the rotated default). */
.rnn-map.upright .hm-cols { height: 2.2rem !important; }
.rnn-map.upright .hm-cols span { transform: translateX(-50%); font-size: 1.05rem; }
.rnn-sample-row { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; margin-top: .8rem; }
.rnn-sample-out { font-size: 1.2rem; line-height: 1.5; min-height: 2.2rem; padding: .4rem .7rem; border: 2px solid var(--line); border-radius: .5rem; background: #fff; margin: .4rem 0 0; overflow-wrap: anywhere; }
.rnn-flow { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1rem; }
.rnn-flow figure.rnn-fig { max-width: 40rem; }
.rnn-strips { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: .5rem .8rem; align-items: center; overflow-x: auto; }
.rnn-strip { display: grid; grid-auto-columns: minmax(1.7rem, 1fr); grid-auto-flow: column; gap: 2px; }
.rnn-strip span { display: inline-flex; flex-direction: column; align-items: center; justify-content: center; height: 3.2rem; font-size: 1rem; border-radius: .25rem; overflow: hidden; }
.rnn-strip small { font-size: .72rem; letter-spacing: -.02em; } /* 14 px on a 1920-px projector */
.rnn-strip-name { font-weight: 700; }
.rnn-flow-head { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between; margin-bottom: .5rem; }
.rnn-flow-head p { margin: 0; }
.rnn-flow-rate { margin: .7rem 0 0; max-width: 60rem; line-height: 1.45; font-variant-numeric: tabular-nums; }
.rnn-flow-which { display: flex; gap: .4rem; }
.rnn-flow-which button[aria-pressed=true] { border-color: var(--accent); background: #e6edfb; font-weight: 700; }
.rnn-longdep-row { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: end; margin-bottom: .6rem; }
.rnn-longdep-row .settings-form { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: end; }
.rnn-longdep-row input[type=number] { width: 6rem; }
.rnn-cost-line { font-variant-numeric: tabular-nums; }
@media (max-width: 1500px) { .rnn-unrolled { grid-template-columns: minmax(0, 1fr); } .rnn-unrolled figure.rnn-fig:last-child { max-width: 34rem; } }
`;

const num = (v, d = 1) => (Number.isFinite(v) ? fmt(v, d) : '—');

function mount(root, ctx) {
  const { t, worker, setState } = ctx;
  if (!document.getElementById('rnn-style')) document.head.append(h('style', { id: 'rnn-style' }, STYLE));
  let alive = true;
  let last = null;
  const st = () => ctx.state.rnn;
  const call = (type, payload) => worker.call(type, payload).catch((err) => { if (alive) ctx.message('error', withFix(err, ctx.corpus()), 'rnn'); throw err; });

  // ---- settings, built from the schema ----
  const names = fields('rnn').map((f) => f.name);
  const form = settingsForm({
    model: 'rnn', names, values: { ...st(), seed: ctx.state.seed }, className: 'settings-form',
    label: (n) => (has(`rnn.f.${n}`) ? t(`rnn.f.${n}`) : n),
    choiceLabel: (n, v) => (v === null ? t('rnn.auto') : has(`rnn.${n}.${v}`) ? t(`rnn.${n}.${v}`) : String(v)),
  });
  const apply = () => {
    const { seed, ...rest } = form.read();
    setState({ seed, rnn: rest });
    create();
  };
  const settingsCard = h('section.card.wide.rnn-form', h('h3', t('rnn.settings')),
    h('form', { noValidate: true, onsubmit: (e) => { e.preventDefault(); apply(); } }, form.el, h('button.primary', { type: 'submit' }, t('rnn.apply'))));

  // ---- training ----
  const stat = (label) => { const v = h('strong', '—'); const k = h('span', label); return [h('div.stat', k, v), v, k]; };
  const [stepBox, stepV] = stat(t('rnn.step'));
  const [trainBox, trainV] = stat(t('rnn.trainPP'));
  const [heldBox, heldV, heldK] = stat(t('rnn.heldoutPP'));
  const [ngramBox, ngramV, ngramK] = stat(t('rnn.ngramPP', { order: 3 }));
  const [msBox, msV] = stat(t('rnn.msStep'));
  const [vocabBox, vocabV] = stat(t('rnn.vocab'));
  const verdict = h('p.rnn-verdict', { hidden: true });
  const ppChart = h('div.rnn-chart');
  const cellsChart = h('div.rnn-chart');
  const cellsNote = h('p.hint.rnn-cells-note', { hidden: true, role: 'status' });
  const noModel = h('div.empty-state', { hidden: true, role: 'status' });
  const charts = h('div.rnn-charts', h('figure', h('figcaption', t('rnn.ppChart')), ppChart), h('figure', h('figcaption', t('rnn.cellsChart')), cellsChart, cellsNote));
  const trainingCard = h('section.card.wide.rnn-training', h('h3', t('rnn.training')),
    h('div.rnn-statrow', h('div.stats', stepBox, trainBox, heldBox, ngramBox, msBox, vocabBox)), verdict, noModel, charts, h('p.hint', t('rnn.ppHint')));

  const views = unrolledCards(ctx, call);
  const longdep = longdepCard(ctx, call);
  const cost = costCard(ctx, call);
  root.append(h('h2', t('ch.rnn')), h('p.lede', t('rnn.lede')),
    h('div.grid', trainingCard, ...views.cards, longdep.el, cost.el, settingsCard));

  // ---- drawing ----
  /** A horizontal line across the steps drawn so far (the n-gram baselines). */
  const flat = (y, x1) => (Number.isFinite(y) ? [[0, y], [Math.max(1, x1), y]] : []);
  // The two SVG charts are rebuilt at most once a second while training (a snapshot comes every
  // 250 ms; rebuilding both each time, with the page's relayout, was most of the main thread's
  // work then); the numbers above them follow every snapshot, and the last snapshot of a run
  // (done, paused, one step) is always drawn in full.
  let chartAt = -Infinity;
  function draw(snap, full = true) {
    if (!alive || !snap) return;
    last = snap;
    const cellName = t(`rnn.cell.${snap.cell}`);
    stepV.textContent = `${fmt(snap.step)}${snap.done ? ` · ${t('rnn.done')}` : ''}`;
    trainV.textContent = num(snap.perplexity);
    // The held-out part is evaluated every few steps: its value says at which step.
    const heldAt = snap.evals.at(-1)?.[0];
    heldV.textContent = num(snap.heldout);
    heldK.textContent = Number.isFinite(heldAt) ? t('rnn.heldoutAt', { step: fmt(heldAt) }) : t('rnn.heldoutPP');
    const best = snap.ngram?.best;
    const uni = snap.ngram?.orders.find((o) => o.order === 1);
    ngramK.textContent = t('rnn.ngramPP', { order: best?.order ?? 3 });
    ngramV.textContent = num(best?.perplexity);
    msV.textContent = Number.isFinite(snap.msPerStep) ? fmt(snap.msPerStep, 1) : '—';
    vocabV.textContent = Number.isFinite(snap.vocab) ? fmt(snap.vocab) : '—';
    Object.assign(root.dataset, {
      step: String(snap.step), heldout: String(snap.heldout ?? ''), trainPerplexity: String(snap.perplexity ?? ''),
      ngramBest: String(best?.perplexity ?? ''), unigram: String(uni?.perplexity ?? ''), done: String(snap.done),
    });
    ctx.player.setStatus?.(`${fmt(snap.step)}${snap.done ? ` · ${t('rnn.done')}` : ''}`);
    const now = performance.now();
    if (!full && !snap.done && now - chartAt < 1000) return;
    chartAt = now;
    const xEnd = Math.max(snap.step, ...snap.evals.map((p) => p[0]), 1);
    const baselines = [
      { name: best ? t('rnn.ngramLine', { order: best.order }) : '', color: '#15803d', dashed: true, points: flat(best?.perplexity, xEnd) },
      ...(uni && uni !== best ? [{ name: t('rnn.unigramLine'), color: '#8a8f98', dashed: true, points: flat(uni.perplexity, xEnd) }] : []),
    ];
    // Two charts to a row: a 480-unit viewBox keeps their 15-unit text at 12 px or more on a
    // 1366-px screen (640 units shrank it to 9 px) and about 20 px on a 1920-px projector.
    const opts = { width: 480, height: 270, xLabel: t('rnn.steps'), yLabel: t('rnn.pp'), logY: true, emptyText: '—', legend: true, yFormat: (v) => (v >= 10 ? v.toFixed(0) : v.toFixed(1)) };
    ppChart.replaceChildren(lineChart([
      { name: `${cellName} · ${t('rnn.trainCurve')}`, color: '#7c8db5', points: snap.hist },
      { name: `${cellName} · ${t('rnn.heldoutCurve')}`, color: COLORS[snap.cell], points: snap.evals },
      { color: COLORS[snap.cell], dots: true, points: snap.evals }, // each evaluation, the first one too
      ...baselines], opts));
    const cells = ['rnn', 'gru', 'lstm'].map((c) => ({ name: t(`rnn.cell.${c}`), color: COLORS[c], points: c === snap.cell ? snap.evals : snap.companions[c] ?? [] }));
    // Each evaluation is a dot too: at step 0 a cell has one point (no line yet), the untrained
    // model's held-out perplexity; until the next evaluation a note says what the dots are and
    // when the curves come (with no point at all, the note alone).
    const every = st().evalEvery ?? field('rnn', 'evalEvery')?.default;
    const most = Math.max(...cells.map((c) => c.points.length));
    const dots = cells.map((c) => ({ color: c.color, dots: true, points: c.points }));
    cellsChart.replaceChildren(...(most ? [lineChart([...cells, ...dots, baselines[0]], opts)] : []));
    cellsNote.hidden = most > 1;
    cellsNote.textContent = t(most ? 'rnn.cellsFirst' : 'rnn.cellsEmpty', { every: fmt(every) });
    ppChart.dataset.points = String(snap.hist.length);
    ppChart.dataset.evals = String(snap.evals.length);
    // Where the network stands against counting (said in words: on a tiny text it may not win).
    if (best && Number.isFinite(snap.heldout) && heldAt > 0) {
      const wins = snap.heldout < best.perplexity;
      verdict.hidden = false;
      verdict.classList.toggle('no', !wins);
      verdict.textContent = t(wins ? 'rnn.beats' : 'rnn.notYet', { rnn: num(snap.heldout), ngram: num(best.perplexity), order: best.order });
    } else verdict.hidden = true;
  }

  /** No model: the training card says why and what to change; the views empty. */
  function showFailure(err) {
    last = null;
    const why = withFix(err, ctx.corpus());
    form.markInvalid(err);
    noModel.hidden = false;
    noModel.replaceChildren(h('p', t('rnn.noModel')), h('p', why));
    charts.hidden = true;
    verdict.hidden = true;
    for (const v of [stepV, trainV, heldV, ngramV, msV, vocabV]) v.textContent = '—';
    views.clear();
    ctx.player.setStatus?.('');
    root.dataset.ready = 'false';
  }

  let building = 0;
  async function create() {
    if (!ctx.corpus()) return;
    const mine = ++building;
    ctx.clearMessage?.('rnn');
    noModel.hidden = false;
    noModel.replaceChildren(h('p', t('rnn.waiting')));
    charts.hidden = true;
    delete root.dataset.ready;
    try {
      const snap = await worker.call('rnn.create', { config: configOf('rnn', st(), { seed: ctx.state.seed }) });
      if (!alive || mine !== building) return;
      form.markInvalid();
      noModel.hidden = true;
      charts.hidden = false;
      draw(snap);
      await views.refresh(snap.step);
      root.dataset.ready = 'true';
    } catch (err) {
      if (!alive || mine !== building) return;
      ctx.message('error', withFix(err, ctx.corpus()), 'rnn');
      showFailure(err);
    }
  }

  // While training, the unrolled views follow the weights (one request at a time, ~1 a second),
  // while one of their cards is on screen (scrolled into view, they catch up within a second).
  let viewAt = 0;
  let viewBusy = false;
  const unsubscribe = worker.on('rnn.snapshot', (snap) => {
    draw(snap, false);
    const now = performance.now();
    if (!viewBusy && now - viewAt > 1200 && views.onScreen()) {
      viewBusy = true;
      viewAt = now;
      views.refresh(snap.step).finally(() => { viewBusy = false; });
    }
  });
  const after = async (snap) => { draw(snap); await views.refresh(snap.step); };
  ctx.player.bind({
    play: async () => { try { await after(await call('rnn.train', {})); } catch { /* shown */ } },
    pause: () => call('rnn.pause', {}).catch(() => {}),
    step: async () => { try { await after(await call('rnn.step', {})); } catch { /* shown */ } },
    reset: () => create(),
    speed: (level) => worker.call('rnn.speed', { speed: level }).catch(() => {}),
  });

  return {
    onCorpus: () => { views.onCorpus(); create(); },
    unmount() {
      alive = false;
      unsubscribe();
      views.unmount();
      longdep.unmount();
      for (const k of ['ready', 'step', 'heldout', 'trainPerplexity', 'ngramBest', 'unigram', 'done']) delete root.dataset[k];
      worker.call('rnn.pause', {}).catch(() => {});
    },
    get last() { return last; },
  };
}

export default { id: 'rnn', title: { en: 'RNN', ko: 'RNN' }, mount };
