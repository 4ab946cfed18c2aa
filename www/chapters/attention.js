// Chapter — Attention: two seq2seq models trained side by side on a task whose alignment is known,
// one with attention and one without; the alignment heatmap forming live, accuracy by length,
// decoding step by step (attention row, context vector, output distribution) and the measured cost
// of running step after step. Training runs in the worker (worker/seq2seq.js); this module draws.
// The settings are the library's (settingsSpec('seq2seq'), 'seq2seqTask'; the form from
// views/settingsform.js, the URL read by the schema's kinds); the seed of the models and of the
// task's pairs is the page's one seed (state.seed). View settings: task, pairs, example.
import { card, h } from '../dom.js';
import { errorText, fmt } from '../i18n.js';
import { configOf, fields } from '../settings.js';
import { registerSchema } from '../state.js';
import { barlist } from '../views/barlist.js';
import { colour, heatmap } from '../views/heatmap.js';
import { lineChart } from '../views/linechart.js';
import { settingsForm } from '../views/settingsform.js';

registerSchema('s2s', 'seq2seq', { task: 'reverse', pairs: '', example: '' }, { omit: ['seed'] });
registerSchema('s2sTask', 'seq2seqTask', {}, { omit: ['seed'] });

const TASKS = ['reverse', 'copy', 'sort', 'date', 'ko-en', 'en-ko', 'own'];
const SYMBOL_TASKS = new Set(['copy', 'reverse', 'sort']);
const SYMBOL_FIELDS = new Set(['minLength', 'maxLength', 'symbols']); // the symbol tasks' only
const OWN_FIELDS = new Set(['unit']); // shown for the user's pairs only
const TASK_NAMES = fields('seq2seqTask').map((f) => f.name).filter((n) => n !== 'seed');
const MODEL_NAMES = fields('seq2seq').map((f) => f.name);
const OWN_SAMPLE = 'I am a student => 나는 학생이다\nyou are a teacher => 너는 선생님이다\nI like apples => 나는 사과를 좋아한다\nyou like books => 너는 책을 좋아한다\nI read books => 나는 책을 읽는다\nyou read letters => 너는 편지를 읽는다';
const COLORS = { att: '#1f4fd1', base: '#c2410c' };

function mount(root, ctx) {
  const { t, worker } = ctx;
  let alive = true;
  let last = null;
  let walk = null;
  let walkAt = 0;
  const call = (type, payload) => worker.call(type, payload).catch((err) => { if (alive) ctx.message('error', errorText(err), 's2s'); throw err; });
  const st = () => ctx.state.s2s;
  const tk = () => ctx.state.s2sTask;

  // ---- settings (from the library's schemas; the library checks what is typed) ----
  const label = (n) => t(`s2s.f.${n}`);
  // The attention kinds in the page's language (the library's values stay in the URL).
  const kind = (v) => t(`s2s.kind.${v}`);
  const choiceLabel = (n, v) => (n === 'attention' ? kind(v) : String(v));
  const taskForm = settingsForm({ model: 'seq2seqTask', names: TASK_NAMES, values: tk(), label, className: 'settings-form.s2s-task-form' });
  const modelForm = settingsForm({ model: 'seq2seq', names: MODEL_NAMES, values: { ...st(), seed: ctx.state.seed }, label, choiceLabel, className: 'settings-form.s2s-model-form' });
  const pairsBox = h('textarea.s2s-pairs', { rows: 6, spellcheck: false, 'aria-label': t('s2s.pairs') });
  const pairsField = h('label.field.s2s-pairs-field', h('span', t('s2s.pairs')), pairsBox);
  const taskSelect = h('select', { dataset: { setting: 'task' }, 'aria-label': t('s2s.task'), onchange: () => showFields() },
    TASKS.map((k) => h('option', { value: k }, t(`s2s.task.${k}`))));
  const form = h('form.s2s-form', { noValidate: true, onsubmit: (e) => { e.preventDefault(); apply(); } },
    h('div.s2s-fields.settings-form', h('label.field', h('span', t('s2s.task')), taskSelect), taskForm.el, modelForm.el),
    pairsField, h('button.primary', { type: 'submit' }, t('s2s.apply')));
  taskSelect.value = st().task;
  pairsBox.value = st().pairs || OWN_SAMPLE;
  /** The fields that matter for the chosen task. */
  function showFields() {
    const task = taskSelect.value;
    for (const [name, el] of Object.entries(taskForm.controls)) el.closest('label').hidden = task === 'own' || (!SYMBOL_TASKS.has(task) && SYMBOL_FIELDS.has(name));
    for (const [name, el] of Object.entries(modelForm.controls)) el.closest('label').hidden = OWN_FIELDS.has(name) && task !== 'own';
    pairsField.hidden = task !== 'own';
  }
  showFields();
  /** The form as typed (never clamped: the library names a bad value). */
  function readForm() {
    const { seed, ...model } = modelForm.read();
    const task = taskSelect.value;
    return { seed, s2s: { ...model, task, pairs: task === 'own' ? pairsBox.value : st().pairs, example: '' }, s2sTask: taskForm.read() };
  }

  // ---- training ----
  const stat = (label, color) => { const v = h('strong', '—'); return [h('div.stat', h('span', { style: { color } }, label), v), v]; };
  const heads = { att: h('h4.s2s-model', { style: { color: COLORS.att } }), base: h('h4.s2s-model', { style: { color: COLORS.base } }, t('s2s.without')) };
  const vals = {};
  const statsFor = (k) => {
    const [a, loss] = stat(t('s2s.loss'));
    const [b, acc] = stat(t('s2s.heldout'));
    vals[k] = { loss, acc };
    return h('div.s2s-modelstats', heads[k], h('div.stats', a, b));
  };
  const [stepBox, stepV] = stat(t('s2s.step'));
  const [msBox, msV] = stat(t('s2s.msStep'));
  const lossChart = h('div.s2s-chart');
  const accChart = h('div.s2s-chart');
  const trainingCard = h('section.card.wide.s2s-training', h('h3', t('s2s.training')),
    h('div.s2s-statrow', h('div.stats', stepBox, msBox), statsFor('att'), statsFor('base')),
    h('div.s2s-charts', h('figure', h('figcaption', t('s2s.lossChart')), lossChart), h('figure', h('figcaption', t('s2s.accChart')), accChart)));

  // ---- alignment ----
  const exampleSelect = h('select.s2s-example', { 'aria-label': t('s2s.example'), onchange: () => chooseExample(exampleSelect.value) });
  const exampleInput = h('input.s2s-example-input', { type: 'text', 'aria-label': t('s2s.example'), onchange: () => chooseExample(exampleInput.value) });
  const outputLine = h('p.s2s-output');
  const alignBox = h('div.s2s-align', { dataset: { drawn: '' } });
  const alignCard = h('section.card.s2s-align-card', h('h3', t('s2s.align')),
    h('div.s2s-example-row', h('label.field', h('span', t('s2s.example')), exampleSelect), exampleInput), outputLine, alignBox, h('p.hint', t('s2s.alignHint')));

  // ---- accuracy by length ----
  const lenChart = h('div.s2s-chart');
  const lenCard = card(t('s2s.byLength'), lenChart, h('p.hint', t('s2s.byLengthHint')));

  // ---- step through ----
  const walkBox = h('div.s2s-walk');
  const walkLabel = h('span.s2s-walk-label');
  const walkCard = h('section.card.wide.s2s-walk-card', h('h3', t('s2s.walk')),
    h('div.s2s-walk-controls', h('button', { type: 'button', dataset: { action: 'walk-prev' }, onclick: () => showWalk(walkAt - 1) }, t('s2s.prev')),
      h('button', { type: 'button', dataset: { action: 'walk-next' }, onclick: () => showWalk(walkAt + 1) }, t('s2s.next')), walkLabel), walkBox);

  // ---- cost ----
  const costBox = h('div.s2s-cost', h('p.empty', t('s2s.costEmpty')));
  const costCard = card(t('s2s.cost'), h('button', { type: 'button', dataset: { action: 'measure' }, onclick: () => measure() }, t('s2s.measure')), costBox, h('p.hint', t('s2s.costHint')));

  root.append(h('h2', t('ch.attention')), h('p.lede', t('s2s.lede')), h('div.grid',
    trainingCard, alignCard, lenCard, walkCard, costCard, h('section.card.wide.s2s-setup', h('h3', t('s2s.setup')), form)));

  // ---- drawing ----
  const num = (v, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : '—');
  function draw(snap) {
    if (!alive || !snap) return;
    last = snap;
    heads.att.textContent = t('s2s.withAtt', { kind: kind(snap.attention) });
    stepV.textContent = `${fmt(snap.step)} / ${fmt(snap.steps)}${snap.done ? ` · ${t('s2s.done')}` : ''}`;
    msV.textContent = snap.msPerStep ? num(snap.msPerStep, 1) : '—';
    for (const k of ['att', 'base']) {
      vals[k].loss.textContent = num(snap.hist[k].at(-1)?.[1]);
      vals[k].acc.textContent = snap.last[k] ? `${num(100 * snap.last[k].accuracy, 1)}%` : '—';
    }
    const series = (k, i, pts) => ({ name: k === 'att' ? t('s2s.withAtt', { kind: kind(snap.attention) }) : t('s2s.without'), color: COLORS[k], points: pts });
    lossChart.replaceChildren(lineChart(['att', 'base'].map((k) => series(k, 1, snap.hist[k].map((p) => [p[0], p[1]]))),
      { width: 480, height: 240, xLabel: t('s2s.steps'), yLabel: t('s2s.loss'), yMin: 0, emptyText: '—' }));
    // A curve needs two evaluations (the first one, before training, is a single point).
    accChart.replaceChildren(lineChart(['att', 'base'].map((k) => series(k, 1, snap.evals[k].length > 1 ? snap.evals[k].map((p) => [p[0], 100 * p[1]]) : [])),
      { width: 480, height: 240, xLabel: t('s2s.steps'), yLabel: '%', yMin: 0, yMax: 100, emptyText: '—' }));
    lenChart.replaceChildren(lineChart(['att', 'base'].map((k) => ({ ...series(k, 0, (snap.last[k]?.byLength ?? []).map((l) => [l.length, 100 * l.accuracy])), dots: false })),
      { width: 480, height: 260, xLabel: t('s2s.length'), yLabel: '%', yMin: 0, yMax: 100, emptyText: '—' }));
    drawAlignment(snap.alignment);
    root.dataset.step = String(snap.step);
    root.dataset.accuracy = String(snap.last.att?.accuracy ?? '');
    root.dataset.evalStep = String(snap.evals.att.at(-1)?.[0] ?? ''); // the step the accuracy is of
    root.dataset.baseAccuracy = String(snap.last.base?.accuracy ?? '');
    root.dataset.byLength = JSON.stringify({ att: snap.last.att?.byLength ?? [], base: snap.last.base?.byLength ?? [] });
    ctx.player.setStatus?.(`${fmt(snap.step)} / ${fmt(snap.steps)}`);
  }

  function drawAlignment(al) {
    if (!al) { alignBox.replaceChildren(h('p.empty', '—')); return; }
    outputLine.replaceChildren(h('span', `${t('s2s.output')}: `), h('strong', al.text));
    const T = al.tokens.length;
    const S = al.sourceTokens.length;
    if (!T || al.attention.length !== T * S) { alignBox.replaceChildren(h('p.empty', t('s2s.noAttention'))); return; }
    alignBox.replaceChildren(heatmap(al.attention, { rows: T, cols: S, rowLabels: al.tokens, colLabels: al.sourceTokens, maxSide: 540, title: t('s2s.align'), format: (v) => (v < 0.05 ? '' : v.toFixed(2)) }));
    // For tests and the class: the source position each output step reads most.
    const argmax = [];
    for (let i = 0; i < T; i++) {
      const row = al.attention.subarray(i * S, (i + 1) * S);
      argmax.push(row.indexOf(Math.max(...row)));
    }
    alignBox.dataset.argmax = argmax.join(',');
    alignBox.dataset.source = al.source ?? '';
    alignBox.dataset.drawn = `${last?.step ?? 0}`;
  }

  async function chooseExample(source) {
    if (!source?.trim()) return;
    exampleInput.value = source;
    ctx.setState({ s2s: { example: source } });
    try {
      drawAlignment(await call('s2s.example', { source }));
      await loadWalk(source);
    } catch { /* shown */ }
  }

  async function loadWalk(source) {
    try {
      walk = await call('s2s.walk', { source });
      showWalk(0);
      walkBox.dataset.forStep = String(last?.step ?? 0); // the training step the walk was decoded at
    } catch { walk = null; walkBox.replaceChildren(); }
  }

  function showWalk(i) {
    if (!walk) return;
    walkAt = Math.max(0, Math.min(walk.steps.length - 1, i));
    const stp = walk.steps[walkAt];
    const S = walk.sourceTokens.length;
    const H = walk.width;
    walkLabel.textContent = t('s2s.walkStep', { i: walkAt + 1, n: walk.steps.length });
    const written = walk.steps.slice(0, walkAt).map((x) => x.token);
    const srcRow = h('div.s2s-src', walk.sourceTokens.map((tok, k) => {
      const a = stp.attention[k] ?? 0;
      const [R, G, B] = colour(a);
      return h('span.s2s-src-tok', { style: { background: `rgb(${R},${G},${B})`, color: a > 0.55 ? '#fff' : 'inherit' } }, tok, h('small', stp.attention.length ? a.toFixed(2) : ''));
    }));
    const outRow = h('div.s2s-out', written.map((x) => h('span.s2s-out-tok', x)), h('span.s2s-out-tok.now', stp.token));
    const parts = [srcRow, outRow];
    if (stp.attention.length) {
      // Every attention (additive, dot, general) reads the source embeddings x, weighted by
      // scores of the encoder states h (src/lm/seq2seq/net.rs).
      const maxAbs = Math.max(1e-6, ...walk.encoderStates.map(Math.abs));
      const scaled = Float32Array.from(walk.encoderStates, (v) => v / maxAbs);
      const ctxScaled = Float32Array.from(stp.context, (v) => v / maxAbs);
      parts.push(h('div.s2s-states',
        h('figure', h('figcaption', t('s2s.encStatesX')), heatmap(scaled, { rows: S, cols: H, rowLabels: walk.sourceTokens.map((tok, k) => `${tok} · α ${stp.attention[k].toFixed(2)}`), diverging: true, cell: Math.max(4, Math.min(14, Math.floor(820 / H))), cellHeight: 26, numbers: false, title: t('s2s.encStatesX') })),
        h('figure', h('figcaption', t('s2s.contextX')), heatmap(ctxScaled, { rows: 1, cols: H, rowLabels: ['c'], diverging: true, cell: Math.max(4, Math.min(14, Math.floor(820 / H))), cellHeight: 26, numbers: false, title: t('s2s.contextX') }))));
    } else {
      parts.push(h('p.hint', t('s2s.noAttention')));
    }
    parts.push(h('figure.s2s-dist', h('figcaption', t('s2s.dist')), barlist(stp.top.map((c) => ({ label: c.token, value: c.prob })), { max: 1 })));
    walkBox.replaceChildren(...parts);
    walkBox.dataset.step = String(walkAt);
  }

  async function measure() {
    try {
      const rows = await call('s2s.cost', {});
      costBox.replaceChildren(lineChart([
        { name: t('s2s.withAtt', { kind: last?.attention ? kind(last.attention) : '' }), color: COLORS.att, points: rows.map((r) => [r.length, r.att]) },
        { name: t('s2s.without'), color: COLORS.base, points: rows.map((r) => [r.length, r.base]) },
      ], { width: 640, height: 300, xLabel: t('s2s.length'), yLabel: t('s2s.msSentence'), yMin: 0 }),
      h('p.s2s-steps', `${t('s2s.depSteps')}: ${rows.map((r) => `${r.length} → ${Math.round(r.steps)}`).join(' · ')}`));
      costBox.dataset.rows = String(rows.length);
    } catch { /* shown */ }
  }

  // ---- models ----
  async function apply() {
    ctx.setState(readForm());
    await create();
  }

  async function create() {
    ctx.clearMessage?.('s2s');
    const s = st();
    const config = configOf('seq2seq', s, { seed: ctx.state.seed });
    const taskConfig = configOf('seq2seqTask', tk(), { seed: ctx.state.seed });
    alignBox.replaceChildren(h('p.empty', t('s2s.waiting')));
    try {
      const snap = await call('s2s.create', { task: s.task, pairs: s.pairs || OWN_SAMPLE, taskConfig, config });
      exampleSelect.replaceChildren(...snap.examples.map((p) => h('option', { value: p.source }, `${p.source}  →  ${p.target}`)));
      const ex = s.example || snap.alignment?.source || snap.examples[0]?.source || '';
      exampleSelect.value = ex;
      exampleInput.value = ex;
      draw(snap);
      if (s.example) drawAlignment(await call('s2s.example', { source: s.example }));
      await loadWalk(ex);
      for (const f of [taskForm, modelForm]) f.markInvalid();
      root.dataset.ready = 'true';
    } catch (err) {
      for (const f of [taskForm, modelForm]) f.markInvalid(err);
      last = null;
      alignBox.replaceChildren(h('p.empty', '—'));
    }
  }

  const unsubscribe = worker.on('s2s.snapshot', (snap) => { draw(snap); });
  ctx.player.bind({
    play: async () => { try { draw(await call('s2s.train', {})); if (walk) await loadWalk(exampleInput.value); } catch { /* shown */ } },
    pause: () => call('s2s.pause', {}).catch(() => {}),
    step: async () => { try { draw(await call('s2s.step', {})); await loadWalk(exampleInput.value); } catch { /* shown */ } },
    reset: () => create(),
    speed: (level) => worker.call('s2s.speed', { speed: level }).catch(() => {}),
  });

  create();

  return {
    unmount() {
      alive = false;
      for (const k of ['ready', 'step', 'accuracy', 'baseAccuracy', 'byLength']) delete root.dataset[k];
      unsubscribe();
      worker.call('s2s.pause', {}).catch(() => {});
    },
    get last() { return last; },
  };
}

export default { id: 'attention', title: { en: 'Attention', ko: '어텐션' }, mount };
