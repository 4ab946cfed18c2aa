// FastText chapter, part 2: training live (shared player, vector space), vectors for unseen words,
// and Word2Vec vs FastText on the same corpus (an unseen word; a word with several senses).
import { card, h } from '../dom.js';
import { withFix } from '../fixes.js';
import { fmt, fmtBytes } from '../i18n.js';
import { configOf } from '../settings.js';
import { registerSchema } from '../state.js';
import { lineChart } from '../views/linechart.js';
import { settingsForm } from '../views/settingsform.js';
import { ngramStrip } from '../views/ngramstrip.js';
import { smallCorpus, vectorSpace } from '../views/vectorspace.js';

// The unseen words, the words with several senses and each sense's probe words come from the
// text's examples (ctx.examples(), www/examples.js).

/** A word as the model reads it: NFC, trimmed, lower-cased (the chapter trains with the word
 * tokeniser, which lower-cases the text; fastText's `getWordVector` then sees the same spelling).
 * Every panel of the chapter uses this one form, so they agree on "Oranges". */
export function modelForm(word) {
  return word.normalize('NFC').trim().toLowerCase();
}

/** "Oranges is read as oranges" next to a box whose word the model lower-cases; null otherwise. */
export function caseNote(t, typed) {
  const w = modelForm(typed);
  return w && w !== typed.trim() ? h('p.hint.ft-case', t('ft.lowered', { typed: typed.trim(), w })) : null;
}

// The model's settings and defaults are the library's (settingsSpec('fasttext')); the seed is the
// page's one seed. The chapter adds its view settings.
registerSchema('fasttext', 'fasttext', { unseen: '', compare: '', method: 'pca', topN: 300, perplexity: 20 }, { omit: ['seed'] });

/** The settings the training form shows (the others keep the library's defaults: the chapter
 * trains with the word tokeniser, which modelForm() follows). */
const FORM = ['mode', 'dim', 'window', 'negative', 'sample', 'minCount', 'epochs', 'alpha', 'minn', 'maxn', 'bucket', 'jamo', 'seed'];
/** Bucket counts to choose from (all within the schema's limits; tests/e2e/settings.test.mjs). */
export const BUCKET_PRESETS = [10000, 100000, 500000, 2000000];

function neighbourList(list) {
  return h('ol.ft-nn', list.map((n) => h('li', h('span', n.word), h('span.sim', fmt(n.similarity, 3)))));
}

/** The vector as a strip of coloured cells (blue negative, red positive). */
function vectorStrip(v) {
  const c = h('canvas.ft-strip', { width: v.length, height: 1 });
  const g = c.getContext('2d');
  const max = Math.max(1e-9, ...Array.from(v, Math.abs));
  const img = g.createImageData(v.length, 1);
  v.forEach((x, i) => {
    const a = Math.min(1, Math.abs(x) / max);
    const [r, gg, b] = x >= 0 ? [255, 255 * (1 - a), 255 * (1 - a)] : [255 * (1 - a), 255 * (1 - a), 255];
    img.data.set([r, gg, b, 255], 4 * i);
  });
  g.putImageData(img, 0, 0);
  c.style.imageRendering = 'pixelated';
  return c;
}

export function mountTraining(root, ctx) {
  const { t, state, setState, worker } = ctx;
  const st = () => state.fasttext;
  const save = (patch) => setState({ fasttext: patch });
  // Errors go to the chapter's message, with what to change (a longer text, a lower min count).
  const call = (type, payload) => worker.call(type, payload).catch((err) => { ctx.message('error', withFix(err, ctx.corpus()), 'ft'); throw err; });
  const ex = () => ctx.examples();
  let alive = true;
  let trained = false; // some training happened: the unseen-word panels have something to show
  let doneShown = false;

  // ---- settings (from the library's schema; they take effect on reset, the library checks them) ----
  const form = settingsForm({
    model: 'fasttext', names: FORM, values: { ...st(), seed: state.seed }, className: 'settings-form.ft-train-settings',
    label: (n) => (n === 'seed' ? t('w2v.seed') : t(`ft.${n}`)),
    choiceLabel: (n, v) => ({ skipgram: 'skip-gram', cbow: 'CBOW' })[v] ?? fmt(v),
    presets: { bucket: BUCKET_PRESETS.map((b) => [b, fmt(b)]) },
    onChange: (n, v) => (n === 'seed' ? setState({ seed: v }) : save({ [n]: v })),
  });
  const settings = form.el;

  // ---- numbers, curve, space ----
  const stat = (key) => {
    const v = h('div.v', '—');
    return [h('div.number', { dataset: { stat: key } }, v, h('div.k', t(key))), v];
  };
  const [progressBox, progressV] = stat('ft.progress');
  const [speedBox, speedV] = stat('ft.speed');
  const [lrBox, lrV] = stat('ft.lr');
  const [lossBox, lossV] = stat('ft.loss');
  const [vocabBox, vocabV] = stat('ft.vocab');
  const [memBox, memV] = stat('ft.memory');
  const chart = h('div.ft-loss');
  const space = vectorSpace({
    call, prefix: 'ft', method: st().method, topN: st().topN, perplexity: st().perplexity, height: 560,
    onSettings: (s) => save(s),
  });

  // ---- unseen word ----
  const unseenIn = h('input', { type: 'text', value: st().unseen || ex().unseen[0] || '', 'aria-label': t('ft.unseenWord'), onchange: () => { save({ unseen: unseenIn.value }); drawUnseen(); } });
  const unseenCase = h('div');
  const unseenSugg = h('span.ft-chips');
  const unseenBody = h('div.ft-unseen-body');
  // ---- comparison ----
  const compareIn = h('input', { type: 'text', value: st().compare || ex().unseen[0] || '', 'aria-label': t('ft.compareWord'), onchange: () => { save({ compare: compareIn.value }); drawCompare(); } });
  const compareCase = h('div');
  const compareSugg = h('span.ft-chips');
  const w2vBtn = h('button.primary', { type: 'button', dataset: { action: 'w2v' }, onclick: () => trainW2v() }, t('ft.compareTrain'));
  const w2vStatus = h('span.ft-w2vstatus');
  const compareBody = h('div.ft-cols');

  /** The suggestion buttons, from the text's examples; the boxes follow the text unless typed in. */
  function suggestions() {
    const e = ex();
    const chip = (input, w, draw, key) => h('button', { type: 'button', onclick: () => { input.value = w; save({ [key]: w }); draw(); } }, w);
    unseenSugg.replaceChildren(t('ft.try'), ' ', ...e.unseen.map((w) => chip(unseenIn, w, drawUnseen, 'unseen')));
    compareSugg.replaceChildren(t('ft.unseenLabel'), ': ', ...e.unseen.slice(0, 2).map((w) => chip(compareIn, w, drawCompare, 'compare')),
      ' ', t('ft.homonyms'), ': ', ...e.homonyms.map((w) => chip(compareIn, w, drawCompare, 'compare')));
    if (!st().unseen) unseenIn.value = e.unseen[0] ?? '';
    if (!st().compare) compareIn.value = e.unseen[0] ?? '';
  }

  const trainCard = h('section.card.wide.ft-train', h('h3', t('ft.train')), h('div.numbers', progressBox, speedBox, lrBox, lossBox, vocabBox, memBox), space.el, h('p.hint', t('ft.trainHint')));
  root.append(h('div.grid', { style: { marginTop: '1rem' } },
    trainCard,
    h('section.card.wide.ft-unseen', h('h3', t('ft.unseen')), h('div.ft-controls', h('label.field', t('ft.unseenWord'), unseenIn), unseenSugg), unseenCase, unseenBody),
    h('section.card.wide.ft-compare', h('h3', t('ft.compare')), h('div.ft-controls', w2vBtn, w2vStatus, h('label.field', t('ft.compareWord'), compareIn), compareSugg), compareCase, compareBody, h('p.hint', t('ft.compareHint'))),
    card(t('ft.loss'), chart),
    card(t('ft.settings'), settings)));

  let chartAt = 0;
  function draw(snap) {
    if (!alive || !snap) return;
    const frac = snap.totalWords ? Math.min(1, snap.wordsDone / snap.totalWords) : 0;
    progressV.textContent = `${fmt(100 * frac, 1)}%${snap.done ? ` · ${t('ft.done')}` : ''}`;
    speedV.textContent = snap.wordsPerSec ? fmt(snap.wordsPerSec) : '—';
    lrV.textContent = snap.alpha ? (snap.alpha < 1e-3 ? Number(snap.alpha).toExponential(2) : Number(snap.alpha).toPrecision(3)) : '—';
    lossV.textContent = Number.isFinite(snap.loss) && snap.wordsDone ? snap.loss.toFixed(4) : '—';
    vocabV.textContent = `${fmt(snap.vocabSize ?? 0)} × ${snap.dim ?? '?'}`;
    memV.textContent = snap.paramBytes ? fmtBytes(snap.paramBytes) : '—';
    if (performance.now() - chartAt > 500 || snap.done) {
      chartAt = performance.now();
      // The y-axis starts at 0: a zoomed axis makes a loss that barely moves look like a rise.
      chart.replaceChildren(lineChart([{ name: t('ft.loss'), points: snap.lossHistory ?? [] }], { width: 640, height: 300, xLabel: t('ft.wordsSeen'), yLabel: t('ft.loss'), emptyText: '—', yMin: 0 }));
    }
    space.update(snap);
    space.setNotice(smallCorpus(snap, st().epochs));
    ctx.player.setStatus?.(`${fmt(100 * frac, 0)}%`);
    trained = snap.wordsDone > 0;
    if (snap.done && !doneShown) {
      doneShown = true;
      drawUnseen();
      drawCompare();
    }
  }
  const unsubscribe = worker.on('ft.snapshot', draw);
  const unsubW2v = worker.on('ft.w2vProgress', (p) => { if (alive) w2vStatus.textContent = t('ft.w2vTraining', { p: fmt((100 * p.wordsDone) / Math.max(1, p.totalWords)) }); });

  async function drawUnseen() {
    unseenCase.replaceChildren(caseNote(t, unseenIn.value) ?? '');
    const word = modelForm(unseenIn.value);
    if (!word) return unseenBody.replaceChildren();
    if (!trained) return unseenBody.replaceChildren(h('p.empty', t('ft.trainFirst')));
    let r;
    try { r = await call('ft.unseen', { word, k: 8 }); } catch { return; }
    if (!alive) return;
    const known = r.ngrams.filter((g) => g.words > 0).length;
    const text = r.zero ? t('ft.zero', { w: word }) : r.known ? t('ft.inVocab', { w: word, n: r.ngrams.length }) : t('ft.notInVocab', { w: word, n: r.ngrams.length, k: known });
    unseenBody.replaceChildren(
      h('p.ft-note', { dataset: { known: String(r.known), ngrams: String(r.ngrams.length), trained: String(known) } }, text),
      ngramStrip(r.ngrams, { strings: { row: (n) => t('ft.row', { n }), bucket: t('ft.bucketWord'), known: (k) => t('ft.known', { k }), unknown: t('ft.unknownNg') } }).el,
      h('div.ft-cols', { style: { marginTop: '.8rem' } },
        h('div', h('h4', t('ft.vector'), ` (${r.vector.length})`), vectorStrip(r.vector)),
        h('div.ft-unseen-nn', h('h4', t('ft.neighbours')), neighbourList(r.neighbours))));
  }

  async function trainW2v() {
    w2vBtn.disabled = true;
    try {
      // The settings both models share (the FastText form's); the rest are Word2Vec's own defaults.
      const shared = ['mode', 'dim', 'window', 'negative', 'minCount', 'epochs', 'tokenizer'];
      await call('ft.w2vTrain', { config: configOf('word2vec', Object.fromEntries(shared.map((k) => [k, st()[k]])), { seed: state.seed }) });
      w2vStatus.textContent = '';
      drawCompare();
    } catch { /* shown */ } finally {
      w2vBtn.disabled = false;
    }
  }

  async function drawCompare() {
    compareCase.replaceChildren(caseNote(t, compareIn.value) ?? '');
    const word = modelForm(compareIn.value);
    if (!word) return compareBody.replaceChildren();
    if (!trained) return compareBody.replaceChildren(h('p.empty', t('ft.trainFirst')));
    let r;
    const senses = ex().senses?.[word] ?? [];
    try { r = await call('ft.compare', { word, k: 8, senses }); } catch { return; }
    if (!alive) return;
    const senseBars = (m) => (!senses.length || !m?.senses?.length ? null : h('div.ft-senses',
      h('h4', t('ft.senses')),
      ...m.senses.map((x) => h('div.ft-sense', { dataset: { sense: x.label } },
        h('span.ft-sense-label', x.label),
        h('span.ft-sense-bar', h('span', { style: { width: `${Math.max(0, x.similarity ?? 0) * 100}%` } })),
        h('span.sim', x.similarity === null ? '—' : fmt(x.similarity, 2))))));
    const side = (name, m, key) => h('div.ft-col', { dataset: { model: key, known: String(m?.known ?? false) } }, h('h4', name, ' — ', h('q', word)),
      !m ? h('p.empty', t('ft.w2vNeeded')) : m.neighbours.length ? neighbourList(m.neighbours) : h('p.ft-novec', t('ft.noVector')), senseBars(m));
    compareBody.replaceChildren(side(t('ft.w2v'), r.word2vec, 'w2v'), side(t('ft.ft'), r.fasttext, 'ft'));
  }

  async function create() {
    if (!ctx.corpus()) return;
    ctx.clearMessage?.('ft');
    trained = false;
    doneShown = false;
    try {
      const snap = await call('ft.create', { config: configOf('fasttext', st(), { seed: state.seed }), space: space.settings() });
      form.markInvalid();
      draw(snap);
      drawUnseen();
      drawCompare();
    } catch (err) {
      // No model: the picture gives way to why, and what to change; the panels say the same and
      // the form marks the settings to fix.
      if (!alive) return;
      form.markInvalid(err);
      const why = withFix(err, ctx.corpus());
      space.setNotice(null);
      space.setEmpty([why]);
      for (const v of [progressV, speedV, lrV, lossV, vocabV, memV]) v.textContent = '—';
      chart.replaceChildren(lineChart([], { width: 640, height: 300, emptyText: '—' }));
      for (const body of [unseenBody, compareBody]) body.replaceChildren(h('p.empty', why));
      ctx.player.setStatus?.('');
    }
  }

  /** ▶ or ⇥ pressed while the training card is below the fold (the chapter opens on the split
   * view): bring it up, so the class sees the points move instead of a still page. Not when the
   * presenter has scrolled past its top (reading the panels below, which fill in as it trains). */
  function showTraining() {
    const top = trainCard.getBoundingClientRect().top;
    if (top > innerHeight * 0.5) trainCard.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }

  ctx.player.bind({
    play: async () => { showTraining(); try { draw(await call('ft.train', {})); drawUnseen(); drawCompare(); } catch { /* shown */ } },
    pause: () => worker.call('ft.pause', {}).catch(() => {}),
    step: async () => { showTraining(); try { draw(await call('ft.step', {})); drawUnseen(); drawCompare(); } catch { /* shown */ } },
    reset: () => create(),
    speed: (level) => worker.call('ft.speed', { speed: level }).catch(() => {}),
  });

  suggestions();
  return {
    onCorpus: () => { suggestions(); create(); },
    unmount() {
      alive = false;
      unsubscribe();
      unsubW2v();
      space.destroy();
      worker.call('ft.pause', {}).catch(() => {});
    },
  };
}
