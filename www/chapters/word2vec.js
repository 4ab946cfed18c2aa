// Chapter — Word2Vec: a word becomes a point in a space of a few dimensions, learnt by predicting
// the words around it. How one training example is born, live training (the shared player bar),
// the vector space (PCA / t-SNE), neighbours, similarity, analogies; export / import of vectors.
// All training and projection run in the worker (worker/word2vec.js); this module only draws.
import { card, h } from '../dom.js';
import { withFix } from '../fixes.js';
import { fmt } from '../i18n.js';
import { registerDefaults } from '../state.js';
import { lineChart } from '../views/linechart.js';
import { smallCorpus, vectorSpace } from '../views/vectorspace.js';
import { wordTools } from '../views/wordtools.js';
import { walkthroughCard } from './word2vec-walk.js';

const SETTINGS = {
  mode: { values: ['skipgram', 'cbow'] },
  dim: { min: 2, max: 300, step: 1 }, window: { min: 1, max: 20, step: 1 }, negative: { min: 1, max: 30, step: 1 },
  sample: { values: [0, 1e-5, 1e-4, 1e-3, 1e-2] }, minCount: { min: 1, max: 100, step: 1 }, epochs: { min: 1, max: 200, step: 1 },
  alpha: { min: 0.0001, max: 1, step: 0.0001 }, seed: { min: 0, max: 2 ** 31, step: 1 }, maxVocab: { min: 10, max: 100000, step: 10 },
  tokenizer: { values: ['word', 'whitespace'] },
};
// Defaults for the built-in samples (corpora/README.md: 30 epochs make the analogies work).
// The same values as the API's defaults (Word2VecConfig::default); tests/lessons/ checks both.
registerDefaults('word2vec', {
  mode: 'skipgram', dim: 50, window: 5, negative: 5, sample: 0.001, minCount: 2, epochs: 30, alpha: 0.025, seed: 1, maxVocab: 30000,
  tokenizer: 'word', method: 'pca', topN: 500, perplexity: 20,
  // The query words: empty = the current text's examples (examples.js), so a Korean text gets
  // Korean words; what a user types is kept (and shared in the link).
  word: '', a: '', b: '', x: '', y: '', z: '',
});

function download(name, text, type = 'text/plain') {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function mount(root, ctx) {
  const { t, worker, setState } = ctx;
  const st = () => ctx.state.word2vec;
  // Errors go to the chapter's message, with what to change (a longer text, a lower min count).
  const call = (type, payload) => worker.call(type, payload).catch((err) => { ctx.message('error', withFix(err, ctx.corpus()), 'w2v'); throw err; });
  let alive = true;
  let last = null;
  let chartKey = '';
  let chartAt = 0;

  // ---- settings ----
  const fields = {};
  const field = (key) => {
    const spec = SETTINGS[key];
    const label = t(`w2v.${key}`);
    const el = spec.values
      ? h('select', { 'aria-label': label, dataset: { setting: key } }, spec.values.map((v) => h('option', { value: String(v), selected: String(st()[key]) === String(v) },
        typeof v === 'string' ? t(`w2v.${key === 'tokenizer' ? `tok.${v}` : v}`) : String(v))))
      : h('input', { type: 'number', min: spec.min, max: spec.max, step: spec.step, value: st()[key], 'aria-label': label, dataset: { setting: key } });
    fields[key] = el;
    return h('label.field.w2v-setting', h('span', label), el);
  };
  const readSettings = () => Object.fromEntries(Object.entries(fields).map(([k, el]) => [k, typeof SETTINGS[k].values?.[0] === 'string' ? el.value : Number(el.value)]));
  const settingsCard = h('section.card.wide.w2v-settings', h('h3', t('w2v.settings')),
    h('form.w2v-settings-row', { noValidate: true, onsubmit: (e) => { e.preventDefault(); setState({ word2vec: readSettings() }); create(); } },
      Object.keys(SETTINGS).map(field), h('button.primary', { type: 'submit' }, t('w2v.apply'))));

  // ---- training stats ----
  const stat = (key) => { const v = h('strong', '—'); return [h('div.stat', h('span', t(key)), v), v]; };
  const [progressBox, progressV] = stat('w2v.progress');
  const [speedBox, speedV] = stat('w2v.wordsPerSec');
  const [lrBox, lrV] = stat('w2v.lr');
  const [lossBox, lossV] = stat('w2v.loss');
  const [vocabBox, vocabV] = stat('w2v.vocab');
  const bar = h('progress.w2v-progress', { max: 1, value: 0, 'aria-label': t('w2v.progress') });
  const chart = h('div.w2v-loss');
  // The numbers sit above the picture (what the class watches while it trains); the curve below.
  const statsRow = h('div.stats.w2v-stats', progressBox, speedBox, lrBox, lossBox, vocabBox, bar);
  const trainingCard = card(t('w2v.lossCurve'), chart);

  // ---- vector space, tools ----
  const space = vectorSpace({
    call, prefix: 'w2v', method: st().method, topN: st().topN, perplexity: st().perplexity, height: 600,
    onSettings: (s) => setState({ word2vec: s }),
  });
  // The boxes show the typed word, or else the text's example; only typed words go into the state.
  const exampleWords = () => {
    const ex = ctx.examples();
    return { word: ex.query, a: ex.pair[0], b: ex.pair[1], x: ex.analogy[0], y: ex.analogy[1], z: ex.analogy[2] };
  };
  const shownWords = () => { const ex = exampleWords(); return Object.fromEntries(Object.keys(ex).map((k) => [k, st()[k] || ex[k]])); };
  const tools = wordTools({
    call, prefix: 'w2v', values: shownWords(),
    onChange: (v) => { const ex = exampleWords(); setState({ word2vec: Object.fromEntries(Object.keys(ex).map((k) => [k, v[k] === ex[k] ? '' : v[k]])) }); },
  });

  // ---- files ----
  const maxImport = h('input', { type: 'number', min: 10, max: 200000, step: 10, value: 5000, 'aria-label': t('w2v.importMax') });
  // A styled button opens the (hidden) native file input: no browser-language "Choose File".
  const fileInput = h('input', { type: 'file', accept: '.vec,.txt,text/plain', hidden: true, 'aria-label': t('w2v.import'), onchange: () => importFile(fileInput.files[0]) });
  const filesCard = card(t('w2v.files'),
    h('div.w2v-files', h('button', { type: 'button', dataset: { export: 'vec' }, onclick: () => exportVec() }, t('w2v.exportVec')),
      h('button', { type: 'button', dataset: { export: 'tsv' }, onclick: () => exportTsv() }, t('w2v.exportTsv'))),
    h('div.w2v-files', h('button', { type: 'button', dataset: { action: 'import' }, onclick: () => fileInput.click() }, t('w2v.import')), fileInput,
      h('label.field', t('w2v.importMax'), maxImport)),
    h('p.hint', t('w2v.filesHint')));

  const walk = walkthroughCard({ call, t, seed: () => st().seed });

  root.append(h('h2', t('ch.word2vec')), h('p.lede', t('w2v.lede')), h('div.grid',
    h('section.card.wide.w2v-space', h('h3', t('w2v.space')), statsRow, space.el),
    card(t('w2v.tools'), tools.el),
    trainingCard,
    walk.el,
    settingsCard,
    filesCard));

  // ---- drawing a snapshot ----
  function draw(snap) {
    if (!alive || !snap) return;
    last = snap;
    const frac = snap.totalWords ? Math.min(1, snap.wordsDone / snap.totalWords) : snap.source === 'imported' ? 1 : 0;
    bar.value = frac;
    progressV.textContent = snap.source === 'imported' ? t('w2v.importedSrc') : `${fmt(100 * frac, 1)}%${snap.done ? ` · ${t('w2v.done')}` : ''}`;
    speedV.textContent = snap.wordsPerSec ? fmt(snap.wordsPerSec) : '—';
    lrV.textContent = snap.alpha ? Number(snap.alpha).toPrecision(3) : '—';
    lossV.textContent = Number.isFinite(snap.loss) ? snap.loss.toFixed(4) : '—';
    vocabV.textContent = `${fmt(snap.vocabSize ?? 0)} × ${snap.dim ?? '?'}`;
    // The curve is an SVG rebuilt from scratch: at most twice a second, and only when it grew.
    const hist = snap.lossHistory ?? [];
    const key = `${hist.length}:${hist.at(-1)?.[0]}`;
    if (key !== chartKey && (performance.now() - chartAt > 500 || snap.done || !hist.length)) {
      chartKey = key;
      chartAt = performance.now();
      chart.replaceChildren(lineChart([{ name: t('w2v.loss'), points: hist }],
        // The y-axis starts at 0: a zoomed axis makes a loss that barely moves look like a rise.
        { width: 640, height: 320, xLabel: t('w2v.wordsSeen'), yLabel: t('w2v.loss'), emptyText: '—', yMin: 0 }));
    }
    space.update(snap);
    space.setNotice(snap.source === 'imported' ? null : smallCorpus(snap, st().epochs));
    ctx.player.setStatus?.(`${fmt(100 * frac, 0)}%`);
  }
  const unsubscribe = worker.on('w2v.snapshot', draw);

  async function create() {
    if (!ctx.corpus()) return;
    ctx.clearMessage?.('w2v');
    try {
      const snap = await call('w2v.create', { config: configOf(st()) });
      draw(snap);
      walk.refresh();
      tools.refresh();
    } catch (err) {
      // No model: the picture gives way to why, and what to change.
      if (!alive) return;
      last = null;
      space.setNotice(null);
      space.setEmpty([withFix(err, ctx.corpus())]);
      for (const v of [progressV, speedV, lrV, lossV, vocabV]) v.textContent = '—';
      bar.value = 0;
      chartKey = '';
      chart.replaceChildren(lineChart([], { width: 640, height: 320, emptyText: '—' }));
      ctx.player.setStatus?.('');
    }
  }

  ctx.player.bind({
    play: async () => { try { draw(await call('w2v.train', {})); tools.refresh(); walk.refresh(); } catch { /* shown */ } },
    pause: () => call('w2v.pause', {}).catch(() => {}),
    step: async () => { try { draw(await call('w2v.step', {})); tools.refresh(); walk.refresh(); } catch { /* shown */ } },
    reset: () => create(),
    speed: (level) => worker.call('w2v.speed', { speed: level }).catch(() => {}),
  });

  async function exportVec() {
    try { download('word2vec.vec', await call('w2v.exportVec', {})); } catch { /* shown */ }
  }
  async function exportTsv() {
    try {
      const r = await call('w2v.exportTsv', {});
      download('vectors.tsv', r.vectors, 'text/tab-separated-values');
      download('metadata.tsv', r.metadata, 'text/tab-separated-values');
    } catch { /* shown */ }
  }
  async function importFile(file) {
    if (!file) return;
    try {
      const snap = await call('w2v.importVec', { text: await file.text(), maxWords: Number(maxImport.value) || 5000 });
      draw(snap);
      ctx.message('info', t('w2v.imported', { n: fmt(snap.vocabSize), d: snap.dim, file: file.name }), 'w2v');
      tools.refresh();
    } catch { /* shown */ } finally {
      fileInput.value = '';
    }
  }

  return {
    onCorpus: () => { tools.setValues(shownWords()); create(); },
    unmount() {
      alive = false;
      unsubscribe();
      space.destroy();
      worker.call('w2v.pause', {}).catch(() => {});
    },
    get last() { return last; },
  };
}

/** The model's config from the chapter state (the JS API's keys). */
function configOf(s) {
  return { mode: s.mode, dim: s.dim, window: s.window, negative: s.negative, sample: s.sample, minCount: s.minCount, epochs: s.epochs, alpha: s.alpha, seed: s.seed, maxVocab: s.maxVocab, tokenizer: s.tokenizer };
}

export default { id: 'word2vec', title: { en: 'Word2Vec', ko: 'Word2Vec' }, mount };
