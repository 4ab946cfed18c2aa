// Chapter — Transformer: a small Transformer (BERT-style masked LM or GPT-style causal LM) trained
// live on the corpus in the worker (worker/transformer.js): loss and held-out perplexity, the
// self-attention of a chosen sentence per layer and head redrawn while it trains (the pretrained
// chapter's heatmap, head view and all-heads grid), and the sections of transformer-sections.js
// (the clickable architecture, positional encodings, one query's Q·Kᵀ/√d → softmax → values,
// context-dependent vectors, prediction / generation, parallel vs sequential cost, export).
// The form is built from the library's schema (settingsSpec('transformer')).
import { h } from '../dom.js';
import { withFix } from '../fixes.js';
import { fmt } from '../i18n.js';
import { configOf, fields } from '../settings.js';
import { registerSchema } from '../state.js';
import { attentionGrid, attentionMap, headMap } from '../views/attention.js';
import { headView } from '../views/headview.js';
import { lineChart } from '../views/linechart.js';
import { settingsForm } from '../views/settingsform.js';
import { archSection, contextSection, costSection, exportSection, positionsSection, predictSection, scoresSection } from './transformer-sections.js';

// The model's settings are the library's; the seed is the page's one seed, the tokenizer follows
// the corpus panel. View settings: the sentence (empty = the text's example), layer, head.
registerSchema('transformer', 'transformer', { sentence: '', layer: 0, head: 0, allHeads: false }, { omit: ['seed', 'tokenizer'] });

const FIELDS = ['kind', 'layers', 'heads', 'dim', 'ff', 'context', 'positional', 'norm', 'mask', 'random', 'predictAll', 'dropout', 'lr', 'warmup', 'decay', 'batch', 'steps', 'unit'];
const HEAD_COLOURS = ['#1f4fd1', '#c2410c', '#15803d', '#7c3aed'];
const COLOR = '#1f4fd1';
const NGRAM_COLORS = ['#9ca3af', '#c2410c', '#15803d'];
const RNN_COLOR = '#7c3aed';

function mount(root, ctx) {
  const { t, state, setState, worker } = ctx;
  const st = () => state.transformer;
  const save = (patch) => setState({ transformer: patch });
  let alive = true;
  let last = null; // the last snapshot
  // Errors say what to change (withFix: an empty text gets "type or paste one", not the model's
  // token count).
  const call = (type, payload, key = 'tf') => worker.call(type, payload).then((r) => { ctx.clearMessage?.(key); return r; },
    (err) => { if (alive) ctx.message('error', withFix(err, ctx.corpus()), key); throw err; });

  // ---- settings, built from the schema ----
  const names = FIELDS.filter((n) => fields('transformer').some((f) => f.name === n));
  const form = settingsForm({
    model: 'transformer', names, values: st(), className: 'settings-form.tf-form',
    label: (n) => t(`tf.f.${n}`),
    // dropout: null is the kind's default (0 masked LM, 0.1 causal), shown as the box's placeholder.
    choiceLabel: (n, v) => (n === 'kind' ? t(`tf.kind.${v}`) : v === null ? t('tf.dropoutAuto') : String(v)),
    onChange: (n, v) => save({ [n]: v }),
  });
  const setup = h('section.card.wide.tf-setup', h('h3', t('tf.setup')), form.el,
    h('button.primary', { type: 'button', dataset: { action: 'apply' }, onclick: () => create() }, t('tf.apply')));

  // ---- training ----
  const stat = (label) => { const v = h('strong', '—'); return [h('div.stat', h('span', label), v), v]; };
  const [stepBox, stepV] = stat(t('tf.step'));
  const [lossBox, lossV] = stat(t('tf.loss'));
  const [pplBox, pplV] = stat(t('tf.ppl'));
  const [msBox, msV] = stat(t('tf.msStep'));
  const [parBox, parV] = stat(t('tf.params'));
  const lossChart = h('div.tf-chart');
  const pplChart = h('div.tf-chart');
  const pplCaption = h('figcaption', t('tf.pplChart'));
  const pplNote = h('p.hint.tf-ppl-note');
  const trainingCard = h('section.card.wide.tf-training', h('h3', t('tf.training')),
    h('div.stats', stepBox, lossBox, pplBox, msBox, parBox),
    h('div.tf-charts', h('figure', h('figcaption', t('tf.lossChart')), lossChart), h('figure', pplCaption, pplChart, pplNote)));

  // ---- self-attention of one sentence ----
  const example = () => ctx.examples().pretrained.sentence;
  const sentence = h('input.big', { type: 'text', value: st().sentence || example(), 'aria-label': t('tf.sentence'),
    onchange: () => { save({ sentence: sentence.value === example() ? '' : sentence.value }); chooseSentence(); } });
  const layerSel = h('select', { 'aria-label': t('tf.layer'), onchange: () => { save({ layer: Number(layerSel.value) }); drawAttention(); } });
  const headSel = h('select', { 'aria-label': t('tf.head'), onchange: () => { save({ head: Number(headSel.value) }); drawAttention(); } });
  const allHeads = h('input', { type: 'checkbox', checked: st().allHeads, onchange: () => { save({ allHeads: allHeads.checked }); drawAttention(); } });
  const mapTitle = h('h3');
  const mapBox = h('div.pt-map.tf-map');
  const hvBox = h('div.pt-hv');
  const gridBox = h('div.pt-grid');
  const causalHint = h('p.hint', { hidden: true }, t('tf.causalHint'));
  // A sentence longer than the context is cut (as in chapter 9): say so, or the heatmap's missing
  // end looks like the model ignoring it.
  const cutNotice = h('p.pt-notice.tf-cut', { hidden: true, role: 'status' });
  const attCard = h('section.card.wide.pt-attention.tf-attention',
    h('label.field.pt-sentence', t('tf.sentence'), sentence), cutNotice,
    h('div.pt-row', h('label.field', t('tf.layer'), layerSel), h('label.field', t('tf.head'), headSel), h('label.field', allHeads, t('tf.allHeads'))),
    h('div.pt-split.att',
      h('div', mapTitle, mapBox, h('p.hint', t('tf.attHint')), causalHint),
      h('div', h('h3', t('tf.headview')), hvBox)),
    h('h3', t('tf.grid')), gridBox, h('p.hint', t('tf.gridHint')));

  // `retrain(patch)`: the form's fields changed by `patch`, then a new model (the context view's recipes).
  const sectionCtx = { ...ctx, call, sentence: () => sentence.value, last: () => last, retrain: (patch) => { form.set(patch); return create(); } };
  // Masked prediction and the export sit side by side (the two half-width cards); the rest are wide.
  const sections = [archSection(sectionCtx), positionsSection(sectionCtx), scoresSection(sectionCtx), contextSection(sectionCtx),
    predictSection(sectionCtx), exportSection(sectionCtx), costSection(sectionCtx)];
  root.append(h('h2', t('ch.transformer')), h('p.lede', t('tf.lede')),
    h('div.grid', trainingCard, sections[0].el, attCard, ...sections.slice(1).map((s) => s.el), setup));

  // ---- drawing ----
  const num = (v, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : '—');
  const drawTime = { ms: 0, n: 0, max: 0 }; // main-thread time of draw(), for the e2e frame diagnostic
  function draw(snap) {
    if (!alive || !snap) return;
    const t0 = performance.now();
    drawSnapshot(snap);
    const ms = performance.now() - t0;
    Object.assign(drawTime, { ms: drawTime.ms + ms, n: drawTime.n + 1, max: Math.max(drawTime.max, ms) });
    root.dataset.drawMs = `${(drawTime.ms / drawTime.n).toFixed(2)} ${drawTime.max.toFixed(2)} ${drawTime.n}`;
  }
  function drawSnapshot(snap) {
    last = snap;
    stepV.textContent = `${fmt(snap.step)} / ${fmt(snap.steps)}${snap.done ? ` · ${t('tf.done')}` : ''}`;
    lossV.textContent = num(snap.hist.at(-1)?.[1]);
    pplV.textContent = num(snap.evals.at(-1)?.[1], 1);
    msV.textContent = snap.msPerStep ? num(snap.msPerStep, 1) : '—';
    parV.textContent = fmt(snap.info.params);
    lossChart.replaceChildren(lineChart([{ name: t('tf.loss'), color: COLOR, points: snap.hist.map((p) => [p[0], p[1]]), dots: false }],
      { width: 480, height: 230, xLabel: t('tf.steps'), yLabel: t('tf.loss'), yMin: 0, emptyText: '—' }));
    // The RNN runs its own number of steps (its chapter's default), in proportion to ours.
    const x1 = Math.max(snap.steps, snap.rnn?.steps ?? 0, 1);
    const baselines = snap.ngram.map((b, i) => ({ name: t('tf.ngram', { n: b.order }), color: NGRAM_COLORS[i], dashed: true, dots: false, points: [[0, b.perplexity], [x1, b.perplexity]] }));
    const rnn = snap.rnn ? [{ name: t('tf.rnn', { cell: snap.rnn.cell.toUpperCase() }), color: RNN_COLOR, dots: false, points: snap.rnn.evals.length > 1 ? snap.rnn.evals : [] }] : [];
    pplChart.replaceChildren(lineChart([{ name: t('tf.pplLine'), color: COLOR, points: snap.evals.length > 1 ? snap.evals : [] }, ...rnn, ...baselines],
      { width: 480, height: 290, xLabel: t('tf.steps'), yLabel: t('tf.ppl'), logY: true, emptyText: '—', legend: true }));
    const causal = snap.info.kind === 'causal';
    pplCaption.textContent = t(causal ? 'tf.pplChartCausal' : 'tf.pplChart');
    pplNote.textContent = causal
      ? (snap.rnn ? t('tf.rnnNote', { cell: snap.rnn.cell.toUpperCase(), steps: fmt(snap.rnn.steps), ppl: num(snap.rnn.evals.at(-1)?.[1], 2) }) : t('tf.rnnNone'))
      : t('tf.compareCausal');
    root.dataset.rnnPerplexity = String(snap.rnn?.evals.at(-1)?.[1] ?? '');
    root.dataset.rnnStep = String(snap.rnn?.evals.at(-1)?.[0] ?? '');
    if (snap.run) { run = snap.run; attentionSoon(snap.done); }
    root.dataset.step = String(snap.step);
    root.dataset.loss = String(snap.hist.at(-1)?.[1] ?? '');
    root.dataset.perplexity = String(snap.evals.at(-1)?.[1] ?? '');
    root.dataset.vocab = String(snap.info.vocab);
    ctx.player.setStatus?.(`${fmt(snap.step)} / ${fmt(snap.steps)}`);
    for (const s of sections) s.onSnapshot?.(snap);
  }

  let run = null; // the sentence through the model: Bert.run's layout
  // The attention views (big map, head view, grid) are the heaviest drawing of a snapshot: while
  // training they redraw at most once a second (the last snapshot always, at most a second late),
  // so the page keeps its frame rate (measured: tests/e2e/transformer.test.mjs, README).
  const ATT_EVERY_MS = 1000;
  let attAt = -Infinity;
  let attTimer = null;
  function attentionSoon(now) {
    clearTimeout(attTimer);
    attTimer = null;
    const wait = attAt + ATT_EVERY_MS - performance.now();
    if (now || wait <= 0) {
      attAt = performance.now();
      drawAttention();
    } else {
      attTimer = setTimeout(() => { if (alive) attentionSoon(true); }, wait);
    }
  }
  function options(sel, n, label, value) {
    sel.replaceChildren(...Array.from({ length: n }, (_, i) => h('option', { value: i, selected: i === value }, label(i))));
  }
  function drawAttention() {
    if (!run) return;
    const { numLayers: L, numHeads: H, tokens, attentions } = run;
    const T = tokens.length;
    cutNotice.hidden = !run.truncated;
    cutNotice.textContent = run.truncated ? t('tf.cut', { n: fmt(run.fullLength), max: fmt(T) }) : '';
    const layer = Math.min(st().layer, L - 1);
    const head = Math.min(st().head, H - 1);
    if (layerSel.options.length !== L) options(layerSel, L, (i) => `${t('tf.layer')} ${i + 1}`, layer);
    if (headSel.options.length !== H) options(headSel, H, (i) => `${t('tf.head')} ${i + 1}`, head);
    layerSel.value = String(layer);
    headSel.value = String(head);
    mapTitle.textContent = t('tf.attention', { l: layer + 1, h: head + 1 });
    causalHint.hidden = last?.info?.kind !== 'causal';
    const big = attentionMap(headMap(attentions, T, H, layer, head), { tokens, title: mapTitle.textContent, maxSide: 560, onHover: (i) => hv.setFocus(i) });
    const maps = st().allHeads
      ? Array.from({ length: H }, (_, hd) => ({ map: headMap(attentions, T, H, layer, hd), colour: HEAD_COLOURS[hd % HEAD_COLOURS.length] }))
      : [{ map: headMap(attentions, T, H, layer, head), colour: HEAD_COLOURS[head % HEAD_COLOURS.length] }];
    const hv = headView(maps, tokens, { onHover: (i) => big.highlight(i) });
    mapBox.replaceChildren(big.el);
    hvBox.replaceChildren(hv);
    gridBox.replaceChildren(attentionGrid(attentions, {
      T, L, H, selected: [layer, head], labels: { layer: t('tf.layer'), head: t('tf.head') },
      onSelect: (l, hd) => { save({ layer: l, head: hd }); drawAttention(); },
    }));
    mapBox.dataset.drawn = String(last?.step ?? 0);
    mapBox.dataset.tokens = String(T);
  }

  async function chooseSentence() {
    try {
      run = await call('tf.sentence', { text: sentence.value }, 'tf.run');
      drawAttention();
      for (const s of sections) s.onSentence?.();
    } catch { /* shown */ }
  }

  // ---- the model ----
  function config() {
    const c = state.corpus;
    const tokenizer = st().unit === 'char' ? 'char' : c.tokenizer === 'whitespace' ? 'whitespace' : 'word';
    return configOf('transformer', { ...st(), ...form.read() }, { seed: state.seed, tokenizer });
  }

  /** A new model; `keep`: on opening the chapter, the worker's model of the same settings and text
   * stays, trained as it was. */
  async function create({ keep = false } = {}) {
    save(form.read());
    lossChart.replaceChildren(h('p.empty', t('tf.waiting')));
    delete root.dataset.ready;
    try {
      const snap = await call('tf.create', { config: config(), sentence: sentence.value, keep });
      form.markInvalid();
      showViews(true);
      run = snap.run;
      draw(snap);
      for (const s of sections) s.onModel?.(snap);
      root.dataset.ready = 'true';
    } catch (err) {
      // No model: the training card says why (and what to change) in place of the charts, the
      // numbers and the views of the model before it go (they belonged to another text or setting).
      form.markInvalid(err);
      last = null;
      run = null;
      for (const v of [stepV, lossV, pplV, msV, parV]) v.textContent = '—';
      lossChart.replaceChildren(h('p.empty-state', withFix(err, ctx.corpus())));
      pplChart.replaceChildren();
      pplNote.textContent = '';
      showViews(false);
      ctx.player.setStatus?.('');
      root.dataset.ready = 'false';
    }
  }

  /** The views of a model (attention, sections) show only while there is one. */
  function showViews(on) {
    attCard.hidden = !on;
    for (const s of sections) s.el.hidden = !on;
  }

  const unsubscribe = worker.on('tf.snapshot', (snap) => draw(snap));
  function stopped(snap) {
    draw(snap);
    if (alive) for (const x of sections) x.onStop?.(snap);
  }
  ctx.player.bind({
    // A run resolves when it is paused or done: the views too costly to redraw while training
    // (the homonym view runs every sentence through two models) catch up then.
    play: async () => { try { stopped(await call('tf.train', {})); } catch { /* shown */ } },
    pause: () => worker.call('tf.pause', {}).catch(() => {}),
    step: async () => { try { stopped(await call('tf.step', {})); } catch { /* shown */ } },
    reset: () => create(),
    speed: (level) => worker.call('tf.speed', { speed: level }).catch(() => {}),
  });
  create({ keep: true });

  return {
    // Also called right after mounting with the current text: the worker keeps its model when the
    // text (its version) and settings are the same, and builds a new one for another text.
    onCorpus() {
      if (!st().sentence) sentence.value = example();
      create({ keep: true });
    },
    unmount() {
      alive = false;
      clearTimeout(attTimer);
      for (const k of ['ready', 'step', 'loss', 'perplexity', 'vocab', 'rnnPerplexity', 'rnnStep', 'drawMs']) delete root.dataset[k];
      unsubscribe();
      sections.forEach((s) => s.destroy?.());
      worker.call('tf.pause', {}).catch(() => {});
    },
  };
}

export default { id: 'transformer', title: { en: 'Transformer', ko: '트랜스포머' }, mount };
