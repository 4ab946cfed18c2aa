// Chapter — FastText: a word is the average of its own vector and the vectors of its character
// n-grams, so a word never seen still gets a vector from the pieces it shares with known words.
// This module: the split view (a word cut into n-grams, one row per n, with hash buckets and
// collisions) and jamo vs syllable n-grams. Training, unseen words and the comparison with
// Word2Vec are in fasttext-train.js.
import { card, debounce, h } from '../dom.js';
import { errorText, fmt } from '../i18n.js';
import { registerDefaults } from '../state.js';
import { ngramStrip } from '../views/ngramstrip.js';
import { caseNote, modelForm, mountTraining } from './fasttext-train.js';

// word: empty = the text's example (examples.js).
registerDefaults('fasttext', { word: '', minn: 2, maxn: 5, markers: true, jamo: false, bucket: 2000000, pairA: '먹었다', pairB: '먹는다' });

const BUCKETS = [2000000, 100000, 1000, 100, 20];

function range(label, value, onInput) {
  const out = h('strong', String(value));
  const input = h('input', { type: 'range', min: '1', max: '8', value: String(value), 'aria-label': label, oninput: () => { out.textContent = input.value; onInput(Number(input.value)); } });
  return { el: h('label.field', label, input, out), input, out, set(v) { input.value = String(v); out.textContent = String(v); } };
}

function mount(root, ctx) {
  const { t, state, setState } = ctx;
  const st = () => state.fasttext;
  const save = (patch) => setState({ fasttext: patch });

  // --- The split view ------------------------------------------------------------------------
  const example = () => ctx.examples().split;
  const word = h('input', { type: 'text', value: st().word || example(), 'aria-label': t('ft.word'), oninput: () => { save({ word: word.value === example() ? '' : word.value }); redraw(); } });
  const splitCase = h('div');
  const minn = range(t('ft.minn'), st().minn, (v) => setN(v, Math.max(v, st().maxn)));
  const maxn = range(t('ft.maxn'), st().maxn, (v) => setN(Math.min(v, st().minn), v));
  function setN(a, b) {
    save({ minn: a, maxn: b });
    minn.set(a);
    maxn.set(b);
    redraw();
  }
  const check = (key, label) => {
    const box = h('input', { type: 'checkbox', checked: st()[key], onchange: () => { save({ [key]: box.checked }); redraw(); } });
    return h('label.field', box, label);
  };
  const bucket = h('select', { 'aria-label': t('ft.bucket'), onchange: () => { save({ bucket: Number(bucket.value) }); redraw(); } },
    BUCKETS.map((b) => h('option', { value: String(b), selected: b === st().bucket }, fmt(b))));
  const wrapped = h('div.ft-wrapped');
  const strip = h('div');
  const note = h('p.ft-note');
  const coll = h('div.ft-coll');
  const splitCard = h('section.card.wide.ft-split',
    h('h3', t('ft.split')),
    h('div.ft-controls',
      h('label.field', t('ft.word'), word), minn.el, maxn.el,
      h('button', { type: 'button', dataset: { preset: '2-5' }, onclick: () => setN(2, 5) }, t('ft.preset25')),
      h('button', { type: 'button', dataset: { preset: '3-6' }, onclick: () => setN(3, 6) }, t('ft.preset36')),
      check('markers', t('ft.markers')), check('jamo', t('ft.jamo')), h('label.field', t('ft.bucket'), bucket)),
    splitCase, wrapped, strip, note, coll, h('p.hint', t('ft.splitHint')));

  let seq = 0;
  async function drawSplit() {
    const mine = ++seq;
    const s = st();
    const typed = word.value;
    splitCase.replaceChildren(caseNote(t, typed) ?? '');
    if (!typed.trim()) {
      wrapped.textContent = '';
      strip.replaceChildren(h('p.empty', t('ft.empty')));
      note.textContent = '';
      coll.replaceChildren();
      return;
    }
    let r;
    try {
      r = await ctx.worker.call('ft.subwords', { word: modelForm(typed), minn: s.minn, maxn: s.maxn, bucket: s.bucket, jamo: s.jamo });
      ctx.clearMessage?.('ft.split');
    } catch (err) {
      ctx.message('error', errorText(err), 'ft.split');
      return;
    }
    if (mine !== seq) return;
    wrapped.textContent = s.markers ? `<${r.spelled}>` : r.spelled;
    const view = ngramStrip(r.ngrams, { markers: s.markers, strings: { row: (n) => t('ft.row', { n }), bucket: t('ft.bucketWord') } });
    strip.replaceChildren(view.el);
    note.textContent = s.markers ? t('ft.rows', { n: view.shown.length, d: new Set(view.shown.map((g) => g.bucket)).size }) : t('ft.rowsNoMarkers');
    if (view.collided.size) {
      coll.replaceChildren(t('ft.collisions'), ' ', ...[...view.collided].map(([b, gs]) => h('span', { style: { color: view.colour.get(b), fontWeight: 700, marginRight: '1rem' } }, `#${b}: ${gs.join(' · ')}`)));
    } else {
      coll.replaceChildren(h('span', { style: { color: 'var(--ink-2)' } }, t('ft.noCollisions', { b: fmt(s.bucket) })));
    }
  }

  // --- Syllables vs jamo ----------------------------------------------------------------------
  const pairIn = (key, label) => {
    const i = h('input', { type: 'text', value: st()[key], 'aria-label': label, oninput: () => { save({ [key]: i.value }); drawPair(); } });
    return h('label.field', label, i);
  };
  const cols = h('div.ft-cols');
  const pairCard = h('section.card.wide.ft-pair', h('h3', t('ft.pair')),
    h('div.ft-controls', pairIn('pairA', t('ft.pairA')), pairIn('pairB', t('ft.pairB'))), cols, h('p.hint', t('ft.pairHint')));

  let pairSeq = 0;
  async function drawPair() {
    const mine = ++pairSeq;
    const s = st();
    let r;
    try {
      r = await ctx.worker.call('ft.pair', { a: s.pairA, b: s.pairB, minn: s.minn, maxn: s.maxn });
    } catch (err) {
      ctx.message('error', errorText(err), 'ft.pair');
      return;
    }
    if (mine !== pairSeq) return;
    cols.replaceChildren(...['syllable', 'jamo'].map((mode) => {
      const { a, b } = r[mode];
      const inB = new Set(b.ngrams.map((g) => g.ngram));
      const shared = new Set(a.ngrams.map((g) => g.ngram).filter((g) => inB.has(g)));
      const side = (x) => h('div', h('div.ft-wrapped', { style: { fontSize: '1.4rem' } }, `<${x.spelled}>`),
        ngramStrip(x.ngrams, { shared, showBuckets: false, strings: { row: (n) => t('ft.row', { n }) } }).el);
      return h('div.ft-col', { dataset: { mode, shared: String(shared.size) } },
        h('h4', mode === 'jamo' ? t('ft.jamoMode') : t('ft.syllable'), ' — ', h('span.ft-sharedcount', t('ft.shared', { k: shared.size }))),
        side(a), side(b));
    }));
  }

  const redraw = debounce(() => { drawSplit(); drawPair(); }, 60);

  const unseenWord = () => ctx.examples().unseen[0] || ctx.examples().split || '…';
  const lede = h('p.lede', t('ft.lede', { w: unseenWord() }));
  root.append(h('h2', t('ch.fasttext')), lede, h('div.grid', splitCard, pairCard));
  const training = mountTraining(root, ctx);
  drawSplit();
  drawPair();
  return {
    onCorpus(info) {
      // Another text: its examples (the state is empty where the user typed nothing).
      lede.textContent = t('ft.lede', { w: unseenWord() });
      if (!st().word && word.value !== example()) { word.value = example(); redraw(); }
      training.onCorpus(info);
    },
    unmount() {
      training.unmount();
    },
  };
}

export default { id: 'fasttext', title: { en: 'FastText', ko: 'FastText' }, mount };
