// Chapter — Language models as counts: n-grams and Markov chains. The next word as a probability
// learned by counting, drawn as a Markov table, a transition matrix and a state diagram the
// class can watch walk; then why longer contexts help and why the counts run out.
import { card, debounce, empty, h } from '../dom.js';
import { withFix } from '../fixes.js';
import { errorText, fmt } from '../i18n.js';
import { configOf } from '../settings.js';
import { registerSchema } from '../state.js';
import { barlist } from '../views/barlist.js';
import { heatmap } from '../views/heatmap.js';
import { lineChart } from '../views/linechart.js';
import { settingsForm } from '../views/settingsform.js';
import { StateDiagram } from '../views/statediagram.js';

// The model's settings and defaults are the library's (settingsSpec('ngram')); how words are
// tokenised follows the corpus panel (opts() below), so those three are left out here. View
// settings: states shown, walk temperature, the chosen context.
registerSchema('ngram', 'ngram', { states: 20, temperature: 1, context: '' }, { omit: ['tokenizer', 'lowercase', 'punctuation'] });

const STYLE = `
.ng-controls { display: flex; flex-wrap: wrap; gap: .6rem 1.4rem; align-items: center; margin-bottom: .8rem; font-size: 1.05rem; }
.ng-controls input[type=range] { width: 9rem; }
.ng-controls output { min-width: 2.4rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.ng-diagram { display: grid; grid-template-columns: minmax(0, 1fr) 26rem; gap: 1rem; align-items: start; }
.ng-side { display: flex; flex-direction: column; gap: .8rem; }
.ng-gen { font-size: 1.45rem; line-height: 1.6; min-height: 7.5rem; max-height: 16rem; overflow: auto; padding: .6rem .8rem; border: 2px solid var(--line); border-radius: .6rem; background: #fff; }
.ng-gen .tok.last { background: #ffd9b8; border-radius: .25rem; outline: 2px solid var(--warm); }
.ng-gen .eos { color: var(--ink-2); font-size: .9em; }
.ng-now { font-size: 1.1rem; }
.ng-now b { color: var(--warm); }
.ng-samples td.sample { font-size: 1.05rem; }
.statediagram { position: relative; background: #fbfbfa; border: 2px solid var(--line); border-radius: .6rem; }
.statediagram canvas { display: block; width: 100%; height: auto; }
.statediagram .sd-hits { position: absolute; inset: 0; }
.statediagram .sd-node { position: absolute; margin: 0; padding: 0; border: 0; background: none; border-radius: 999px; cursor: pointer; }
.statediagram .sd-node:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
`;

const SPEEDS = [1400, 900, 550, 300, 140]; // ms per step at player speeds 1..5
/** Held-out shares offered (within the schema's limits; tests/e2e/settings.test.mjs). */
export const HOLDOUTS = [0, 0.05, 0.1, 0.2];

function sameTokens(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function mount(root, ctx) {
  const { t, state, setState, worker } = ctx;
  const st = () => state.ngram;
  if (!document.getElementById('ngram-style')) document.head.append(h('style', { id: 'ngram-style' }, STYLE));

  // --- Controls ---------------------------------------------------------------------------
  const range = (key, min, max, step, label, onInput) => {
    const out = h('output', String(st()[key]));
    const input = h('input', { type: 'range', min, max, step, value: st()[key], 'aria-label': label,
      oninput: () => { out.textContent = input.value; setState({ ngram: { [key]: Number(input.value) } }); onInput(); } });
    return h('label.field', label, input, out);
  };
  const form = settingsForm({
    model: 'ngram', names: ['order', 'unit', 'smoothing', 'k', 'holdout'], values: st(), className: 'settings-form.ng-form',
    label: (n) => (n === 'k' ? 'k' : t(`ng.${n}`)),
    choiceLabel: (n, v) => ({
      order: () => `${v} (${t(`ng.order${v}`)})`, unit: () => t(v === 'char' ? 'ng.chars' : 'ng.words'),
      smoothing: () => (v === 'kn' ? 'Kneser–Ney' : 'add-k'),
    })[n]?.() ?? String(v),
    presets: { holdout: HOLDOUTS.map((x) => [x, `${x * 100}%`]) },
    onChange: (n, v) => { setState({ ngram: { [n]: v } }); rebuild(); },
  });
  const kField = form.el.querySelector('[data-field="k"]');
  kField.hidden = st().smoothing !== 'addk'; // k is add-k's pseudo-count
  const controls = h('div.ng-controls',
    form.el,
    range('states', 5, 100, 1, t('ng.states'), debounce(() => refreshStates(), 120)),
    range('temperature', 0, 2, 0.1, t('ng.temperature'), () => resetWalk()),
  );

  // --- Cards --------------------------------------------------------------------------------
  const numbers = h('div.numbers');
  // The diagram fills the first screen: from its top down to the bottom of the chapter's scroll
  // area (the player bar has its own row below it), less a small margin.
  const fitHeight = () => root.getBoundingClientRect().bottom - (diagram.el.getBoundingClientRect().top + root.scrollTop) - 24;
  const diagram = new StateDiagram({ width: 1100, height: 720, otherLabel: t('ng.other'), title: t('ng.diagram'), onSelect: (i) => selectState(i, true), fitHeight });
  // Without a model (an empty text, an order the URL asked for that does not exist) the diagram
  // gives way to an empty state that says why and what to change.
  const noModel = h('div.empty-state', { hidden: true, role: 'status' });
  const gen = h('div.ng-gen', { 'aria-live': 'off' });
  const now = h('div.ng-now');
  const outgoing = h('div');
  const ctxSelect = h('select', { 'aria-label': t('ng.context'), onchange: () => { setState({ ngram: { context: ctxSelect.value } }); drawNext(); } });
  const nextList = h('div');
  const matrixBox = h('div');
  const orderChart = h('div');
  const orderTable = h('div');
  root.append(
    h('h2', t('ch.ngram')),
    h('p.lede', t('ng.lede')),
    controls,
    h('div.grid', { style: { marginTop: '.6rem' } },
      h('section.card.wide', h('h3', t('ng.diagram')),
        h('div.ng-diagram', h('div', diagram.el, noModel),
          h('div.ng-side', h('h3', t('ng.generated')), gen, now, h('h3', t('ng.outgoing')), outgoing))),
      h('div', { style: { gridColumn: '1 / -1' } }, numbers),
      card(t('ng.table'), h('label.field', t('ng.context'), ctxSelect), h('div', { style: { marginTop: '.6rem' } }, nextList), h('p.hint', t('ng.tableHint'))),
      card(t('ng.matrix'), matrixBox, h('p.hint', t('ng.matrixHint'))),
      h('section.card.wide', h('h3', t('ng.orders')),
        h('div', { style: { display: 'grid', gridTemplateColumns: 'minmax(0, 32rem) minmax(0, 1fr)', gap: '1rem', alignItems: 'start' } }, orderChart, orderTable),
        h('p.hint', t('ng.ordersHint')))),
  );

  // --- Model --------------------------------------------------------------------------------
  let model = null; // {stats, contexts, diagram, config, heldout, ms}
  let seq = 0;
  // The model's settings as the user set them; words follow the corpus panel's tokeniser
  // (whitespace or word), characters their own (char).
  const opts = () => {
    const c = state.corpus;
    const tokenizer = st().unit === 'char' ? 'char' : c.tokenizer === 'whitespace' ? 'whitespace' : 'word';
    return configOf('ngram', st(), { tokenizer, lowercase: c.lowercase, punctuation: c.punctuation });
  };

  /** Why there is no model, and what to change. */
  function why(err) {
    const msg = withFix(err, ctx.corpus());
    // Which setting the library named (its error's parameters), not a match on its English words.
    const named = new Set((err?.problems ?? []).map((p) => p.params?.name));
    const fix = named.has('order') ? t('ng.fixOrder') : named.has('k') ? t('ng.fixK') : '';
    return fix ? `${msg.replace(/[.\s]*$/, '.')} ${fix}` : msg;
  }
  let failure = null; // why the last build failed

  async function rebuild() {
    kField.hidden = st().smoothing !== 'addk';
    const mine = ++seq;
    try {
      const m = await worker.call('ngram.build', { options: opts(), states: st().states });
      if (mine !== seq) return;
      ctx.clearMessage?.('ng.error');
      form.markInvalid();
      failure = null;
      diagram.el.hidden = false;
      noModel.hidden = true;
      model = m;
      drawNumbers();
      drawContexts();
      drawDiagram(m.diagram);
      await drawNext();
      await resetWalk();
      compare(mine);
    } catch (err) {
      if (mine !== seq) return;
      model = null;
      matrixSig = '';
      failure = why(err);
      form.markInvalid(err);
      stopWalk();
      ctx.message('error', failure, 'ng.error');
      diagram.el.hidden = true;
      noModel.hidden = false;
      noModel.replaceChildren(h('p', failure));
      for (const el of [nextList, matrixBox, orderChart, orderTable, outgoing]) el.replaceChildren(empty(t('ng.none')));
      gen.replaceChildren();
      now.replaceChildren();
      numbers.replaceChildren();
      ctxSelect.replaceChildren();
    }
  }

  /** ▶ or ⇥ without a model: say why again (the message may have been closed), do nothing. */
  function noModelYet() {
    if (failure) ctx.message('error', failure, 'ng.error');
  }

  function drawNumbers() {
    const s = model.stats;
    const ho = model.heldout;
    const num = (v, k) => h('div.number', h('div.v', v), h('div.k', k));
    numbers.replaceChildren(
      num(fmt(s.vocab), t('ng.vocab')),
      num(fmt(s.trainTokens), t('ng.trainTokens')),
      num(fmt(s.ngramTypes.at(-1)), t('ng.types', { n: s.order })),
      num(ho ? fmt(ho.perplexity, 1) : '—', t('ng.heldoutPP')),
      num(`${fmt(model.ms, 0)} ms`, t('ng.buildTime')),
    );
    if (s.order - 1 > s.longestSentence) ctx.message('info', t('ng.tooLong', { order: s.order, len: s.longestSentence }), 'ng.long');
    else ctx.clearMessage?.('ng.long');
  }

  /** The context the text's example prompt ends with (examples.js), as this order's context. */
  function promptContext() {
    const toks = (ctx.examples().ngram ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const n = model.stats.order - 1;
    return n > 0 && toks.length >= n ? toks.slice(-n).join(' ') : '';
  }

  /**
   * The context the Markov table shows: the one the user chose (in the list or by clicking a
   * state), while this model has it; otherwise the text's example prompt, else the most frequent.
   * Only a choice goes into the state (and the URL): a default shown is not written as if chosen,
   * so a link never carries the English sample's "king" to a Korean text.
   */
  function shownContext() {
    const list = model?.contexts ?? [];
    const has = (k) => list.some((c) => c.context.join(' ') === k);
    if (st().context && has(st().context)) return st().context;
    return has(promptContext()) ? promptContext() : list[0]?.context.join(' ') ?? '';
  }

  function drawContexts() {
    const shown = shownContext();
    ctxSelect.replaceChildren(...model.contexts.map((c) => h('option', { value: c.context.join(' '), selected: c.context.join(' ') === shown },
      `${c.label || t('ng.noContext')}  (${fmt(c.count)})`)));
  }

  async function drawNext() {
    if (!model) return;
    const shown = shownContext();
    const context = shown ? shown.split(' ') : [];
    const next = await worker.call('ngram.next', { context, topK: 15 });
    // Label: the token and (×count) how often it was counted after this context.
    nextList.replaceChildren(barlist(next.map((n) => ({ label: `${n.token}   ×${fmt(n.count)}`, value: n.prob })), {
      max: 1, format: (v) => `${(100 * v).toFixed(1)}%`,
    }));
  }

  let matrixSig = '';
  function drawDiagram(d) {
    model.diagram = d;
    diagram.update(d);
    selectState(diagram.selected);
    // The heatmap: the most frequent states (rows) to the same states and the end (columns).
    const k = Math.min(10, d.size - 2); // 10 rows keep cells big enough to print their numbers
    const cols = [...Array(k).keys(), d.end];
    const values = new Float32Array(k * cols.length);
    for (let r = 0; r < k; r++) cols.forEach((c, j) => { values[r * cols.length + j] = d.matrix[r * d.size + c]; });
    // The top states are the same whatever N is: while the slider moves, keep the drawn matrix.
    const sig = `${d.labels.slice(0, k).join('\u0000')}|${values.join()}`;
    if (sig === matrixSig && matrixBox.firstChild) return;
    matrixSig = sig;
    matrixBox.replaceChildren(k > 0 ? heatmap(values, { rows: k, cols: cols.length, rowLabels: d.labels.slice(0, k), colLabels: cols.map((c) => d.labels[c]),
      maxSide: Math.max(320, Math.min(640, matrixBox.clientWidth - 190)), title: t('ng.matrix') }) : empty(t('ng.none')));
  }

  async function refreshStates() {
    if (!model) return;
    drawDiagram(await worker.call('ngram.states', { n: st().states }));
    lightCurrent();
  }

  /** Shows state `i`'s outgoing arrows; `chosen`: the user clicked it (else a redraw keeps it). */
  function selectState(i, chosen = false) {
    const d = model?.diagram;
    diagram.select(i ?? null);
    if (!d || i === null || i === undefined) return outgoing.replaceChildren(empty(t('ng.clickState')));
    const row = [...d.matrix.subarray(i * d.size, (i + 1) * d.size)].map((p, j) => ({ label: j === d.other ? t('ng.other') : d.labels[j], value: p }));
    row.sort((a, b) => b.value - a.value);
    outgoing.replaceChildren(h('p', { style: { margin: '0 0 .4rem', fontWeight: 700 } }, `${d.labels[i]} →`),
      barlist(row.filter((r) => r.value > 0).slice(0, 10), { max: 1, format: (v) => `${(100 * v).toFixed(1)}%` }));
    // A drawn state of an order-n model is a context: show it in the Markov table too.
    const toks = d.states[i];
    if (chosen && toks?.length === model.stats.order - 1 && toks.length) {
      setState({ ngram: { context: toks.join(' ') } });
      if ([...ctxSelect.options].some((o) => o.value === st().context)) ctxSelect.value = st().context;
      drawNext();
    }
  }

  // --- The walk -----------------------------------------------------------------------------
  let walk = { steps: [], pos: 0, n: 0, history: [], shown: [] };
  let timer = 0;
  let playing = null;

  function stateIndex(history) {
    const d = model.diagram;
    const L = model.stats.stateLen;
    const h0 = [...Array(L).fill('<s>'), ...history].slice(-L);
    const i = d.states.findIndex((s, j) => j !== d.other && j !== d.end && sameTokens(s, h0));
    return i >= 0 ? i : d.other ?? d.end;
  }

  async function resetWalk(keepText = false) {
    if (!model) return;
    const n = keepText ? walk.n + 1 : 0;
    const steps = await worker.call('ngram.walk', { seed: state.seed * 1000 + n, maxTokens: 60, temperature: st().temperature });
    walk = { steps, pos: 0, n, history: [], shown: keepText ? walk.shown : [] };
    diagram.light(null, stateIndex([]));
    drawGen();
  }

  function lightCurrent() {
    if (!model) return;
    const last = walk.steps[walk.pos - 1];
    const from = stateIndex(walk.history.slice(0, last?.token === '</s>' ? undefined : -1));
    const to = last?.token === '</s>' ? model.diagram.end : stateIndex(walk.history);
    diagram.light(walk.pos ? from : null, to);
  }

  async function step() {
    if (!model) return noModelYet();
    if (walk.pos >= walk.steps.length) await resetWalk(true);
    const s = walk.steps[walk.pos++];
    if (s.token !== '</s>') walk.history.push(s.token);
    walk.shown.push(s);
    lightCurrent();
    drawGen(s);
  }

  // The generated text grows by one token per step: append it (and move the highlight) instead
  // of rebuilding hundreds of spans, so a step costs the page a few nodes of layout.
  let genCount = 0; // tokens of walk.shown currently in `gen`
  const tokenNodes = (tok, prev, isLast) => {
    if (tok.token === '</s>') return [h('span.eos', ' </s>'), h('br')];
    const charMode = model?.stats.charMode;
    const text = charMode ? (tok.token === '␣' ? ' ' : tok.token) : `${prev && prev.token !== '</s>' ? ' ' : ''}${tok.token}`;
    return [h(`span.tok${isLast ? '.last' : ''}`, text)];
  };

  function drawGen(last) {
    const n = walk.shown.length;
    if (last && genCount > 0 && genCount === n - 1 && gen.childNodes.length < 1200) {
      gen.querySelector('.tok.last')?.classList.remove('last');
      gen.append(...tokenNodes(last, walk.shown[n - 2], true));
    } else {
      const shown = walk.shown.slice(-400);
      const parts = shown.map((x, i) => tokenNodes(x, shown[i - 1], i === shown.length - 1));
      gen.replaceChildren(...(parts.length ? parts.flat() : [h('span.eos', t('ng.pressPlay'))]));
    }
    genCount = n;
    gen.scrollTop = gen.scrollHeight;
    const d = model?.diagram;
    if (!d) return;
    const cur = walk.pos && walk.steps[walk.pos - 1]?.token === '</s>' ? d.end : stateIndex(walk.history);
    now.replaceChildren(t('ng.state'), ' ', h('b', cur === d.other ? t('ng.other') : d.labels[cur]),
      last ? `   ·   P(${last.token}) = ${(100 * last.prob).toFixed(1)}%` : '');
  }

  let speed = 3;
  /** Ends a walk in progress: the player's ▶ comes back. */
  function stopWalk() {
    clearTimeout(timer);
    playing?.();
    playing = null;
  }
  ctx.player.bind({
    // Resolves when the walk stops (pause, or the model went away), so ▶ always returns.
    play: () => new Promise((resolve) => {
      if (!model) { noModelYet(); resolve(); return; }
      playing = resolve;
      const tick = async () => {
        if (!playing) return;
        if (!model) return stopWalk();
        await step();
        timer = setTimeout(tick, SPEEDS[speed - 1] ?? SPEEDS[2]);
      };
      tick();
    }),
    pause: () => stopWalk(),
    step: () => step(),
    reset: () => resetWalk(false),
    speed: (v) => { speed = v; },
  });

  // --- Orders 1–4 ---------------------------------------------------------------------------
  async function compare(mine) {
    orderChart.replaceChildren(empty('…'));
    let rows;
    try {
      rows = await worker.call('ngram.compare', { options: opts(), seed: state.seed });
    } catch (err) {
      if (mine === seq) orderChart.replaceChildren(empty(errorText(err)));
      return;
    }
    if (mine !== seq) return;
    const pts = (key) => rows.filter((r) => r[key]).map((r) => [r.order, r[key].perplexity]);
    orderChart.replaceChildren(lineChart([
      { name: t('ng.ppHeldout'), points: pts('heldout'), color: '#c2410c' },
      { name: t('ng.ppTrain'), points: pts('train'), color: '#1f4fd1', dashed: true },
    ], { logY: true, yMin: 1, xLabel: t('ng.order'), yLabel: t('ng.perplexity'), height: 360, xFormat: (v) => (Number.isInteger(v) ? String(v) : ''), emptyText: t('ng.noHeldout') }));
    const join = (toks) => (model?.stats.charMode ? toks.map((x) => (x === '␣' ? ' ' : x)).join('') : toks.join(' '));
    orderTable.replaceChildren(h('div.table-wrap', h('table.data.ng-samples',
      h('thead', h('tr', h('th', 'n'), h('th.num', t('ng.ppHeldout')), h('th.num', t('ng.unseen')), h('th', t('ng.sample')))),
      h('tbody', rows.map((r) => h('tr', h('td', String(r.order)), h('td.num', r.heldout ? fmt(r.heldout.perplexity, 1) : '—'),
        h('td.num', r.unseen === null ? '—' : `${fmt(100 * r.unseen, 1)}%`), h('td.sample', join(r.sample))))))));
  }

  return {
    onCorpus() { rebuild(); },
    unmount() { clearTimeout(timer); playing?.(); playing = null; diagram.destroy(); seq++; },
  };
}

export default { id: 'ngram', title: { en: 'n-grams', ko: 'n-그램' }, mount };
