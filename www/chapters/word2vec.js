// Chapter — Word2Vec: a word becomes a point in a space of a few dimensions, learnt by predicting
// the words around it. How one training example is born, live training (the shared player bar),
// the vector space (PCA / t-SNE), neighbours, similarity, analogies; export / import of vectors.
// All training and projection run in the worker (worker/word2vec.js); this module only draws.
import { card, h } from '../dom.js';
import { withFix } from '../fixes.js';
import { fmt } from '../i18n.js';
import { configOf, fields } from '../settings.js';
import { registerSchema } from '../state.js';
import { lineChart } from '../views/linechart.js';
import { settingsForm } from '../views/settingsform.js';
import { smallCorpus, vectorSpace } from '../views/vectorspace.js';
import { wordTools } from '../views/wordtools.js';
import { walkthroughCard } from './word2vec-walk.js';

// The model's settings and their defaults are the library's (settingsSpec('word2vec')): the
// form below is built from that schema; the seed is the page's one seed (state.seed).
// Defaults for the built-in samples are the API's own (corpora/README.md: 30 epochs make the
// analogies work); the chapter adds its view settings.
// The picture shows the 300 most frequent words (FastText's too): every word of the samples' four
// groups is among them, and the rarer words left out only crowd the groups apart in t-SNE (with 500,
// the English royalty / places groups fell to a purity of 0.78 on seed 31; README "Seed sweep").
registerSchema('word2vec', 'word2vec', {
  method: 'pca', topN: 300, perplexity: 20,
  // The query words: empty = the current text's examples (examples.js), so a Korean text gets
  // Korean words; what a user types is kept (and shared in the link).
  word: '', a: '', b: '', x: '', y: '', z: '',
}, { omit: ['seed'] });

/** The form's labels: `w2v.<name>`, and `w2v.<name>.<value>` for a choice (null: automatic). */
const CHOICE = { mode: { skipgram: 'w2v.skipgram', cbow: 'w2v.cbow' }, tokenizer: { word: 'w2v.tok.word', whitespace: 'w2v.tok.whitespace' } };

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

  // ---- settings (from the library's schema; the library checks what is typed) ----
  const names = fields('word2vec').map((f) => f.name);
  const form = settingsForm({
    model: 'word2vec', names, values: { ...st(), seed: ctx.state.seed }, className: 'settings-form',
    label: (n) => t(`w2v.${n}`),
    choiceLabel: (n, v) => (v === null ? t('w2v.auto') : CHOICE[n]?.[v] ? t(CHOICE[n][v]) : String(v)),
  });
  const apply = () => {
    const { seed, ...rest } = form.read();
    setState({ seed, word2vec: rest });
    create();
  };
  const settingsCard = h('section.card.wide.w2v-settings', h('h3', t('w2v.settings')),
    h('form', { noValidate: true, onsubmit: (e) => { e.preventDefault(); apply(); } }, form.el, h('button.primary', { type: 'submit' }, t('w2v.apply'))));

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

  const walk = walkthroughCard({ call, t, seed: () => ctx.state.seed });

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
      const snap = await call('w2v.create', { config: configOf('word2vec', st(), { seed: ctx.state.seed }), space: space.settings() });
      form.markInvalid();
      draw(snap);
      walk.refresh();
      tools.refresh();
    } catch (err) {
      // No model: the picture gives way to why, and what to change; the form marks what to fix.
      if (!alive) return;
      form.markInvalid(err);
      last = null;
      space.setNotice(null);
      space.setEmpty([withFix(err, ctx.corpus())]);
      for (const v of [progressV, speedV, lrV, lossV, vocabV]) v.textContent = '—';
      bar.value = 0;
      chartKey = '';
      chart.replaceChildren(lineChart([], { width: 640, height: 320, emptyText: '—' }));
      tools.clear();
      walk.clear();
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

export default { id: 'word2vec', title: { en: 'Word2Vec', ko: 'Word2Vec' }, mount };
