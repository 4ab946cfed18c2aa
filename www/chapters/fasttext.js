// Chapter — FastText: a word is the average of its own vector and the vectors of its character
// n-grams, so a word never seen still gets a vector from the pieces it shares with known words.
// This module: the split view (a word cut into n-grams, one row per n, with hash buckets and
// collisions) and jamo vs syllable n-grams. Training, unseen words and the comparison with
// Word2Vec are in fasttext-train.js.
import { card, debounce, h } from '../dom.js';
import { fmt } from '../i18n.js';
import { registerDefaults } from '../state.js';
import { ngramStrip } from '../views/ngramstrip.js';
import { caseNote, modelForm, mountTraining, trainStrings } from './fasttext-train.js';

const strings = {
  en: {
    'ch.fasttext': 'FastText: words from pieces',
    'ft.lede': 'Word2Vec gives every word one vector and a word it never saw gets nothing. FastText (Bojanowski et al., 2017) also learns a vector for every piece of a word — its character n-grams — and makes a word the average of its own vector and its pieces\u2019 vectors. “{w}” never appears in this text? Its pieces do, so it still gets a vector.',
    'ft.lowered': '“{typed}” is read as “{w}”: the model lower-cases every word, as it did the text, so every panel of this chapter uses “{w}”.',
    'ft.split': 'Cut a word into n-grams', 'ft.word': 'Word', 'ft.minn': 'shortest n (minn)', 'ft.maxn': 'longest n (maxn)',
    'ft.preset25': '2–5 (the lesson)', 'ft.preset36': '3–6 (fastText default)', 'ft.markers': 'boundary markers < >', 'ft.jamo': 'Hangul as jamo',
    'ft.bucket': 'hash buckets', 'ft.row': 'n = {n}', 'ft.bucketWord': 'bucket',
    'ft.rows': 'The word\u2019s vector = average of 1 word row + {n} n-gram rows ({d} distinct buckets).',
    'ft.rowsNoMarkers': 'Without < and > the start and end of the word are invisible: "ora" in "orange" and in "moral" would be the same piece. fastText always adds the markers; switch them back on.',
    'ft.collisions': 'Collisions: different n-grams in one bucket share one row of numbers —',
    'ft.noCollisions': 'No collisions among these n-grams with {b} buckets. Try 20 buckets.',
    'ft.splitHint': 'Every n-gram is hashed (32-bit FNV-1a, exactly as fastText does it) and taken modulo the number of buckets: that is its row in the table of n-gram vectors. n-grams are not stored in a dictionary, so millions of them fit in a fixed table — at the price of collisions.',
    'ft.empty': 'Type a word.',
    'ft.pair': 'Korean: syllables or jamo?', 'ft.pairA': 'word A', 'ft.pairB': 'word B',
    'ft.syllable': 'Syllables (upstream fastText)', 'ft.jamoMode': 'Jamo (our addition)', 'ft.shared': 'shared n-grams: {k}',
    'ft.pairHint': '먹었다 and 먹는다 share the stem 먹 and the ending 다, but the tense sits inside a syllable: 었 vs 는. Cut into syllables, the two words share only <먹 and 다>. Cut into jamo — ㅁㅓㄱ ㅇㅓㅆ ㄷㅏ∅ vs ㅁㅓㄱ ㄴㅡㄴ ㄷㅏ∅ — they also share ㅁㅓㄱ, the final consonant patterns and ㄷㅏ∅>, so the model can learn the stem and the ending from every inflected form. ∅ marks an empty final consonant so that every syllable is three jamo long.',
  },
  ko: {
    'ch.fasttext': 'FastText: 조각으로 만든 단어',
    'ft.lede': 'Word2Vec은 단어마다 벡터를 하나씩 주고, 한 번도 못 본 단어에는 아무것도 주지 못합니다. FastText(Bojanowski 외, 2017)는 단어의 조각 — 문자 n-그램 — 마다 벡터를 배우고, 단어를 자기 벡터와 조각 벡터들의 평균으로 만듭니다. 이 텍스트에 “{w}”가 한 번도 없어도 그 조각들은 있으므로 벡터가 생깁니다.',
    'ft.lowered': '“{typed}”은(는) “{w}”(으)로 읽습니다: 모델은 텍스트를 소문자로 바꿔 배웠으므로 모든 단어를 소문자로 바꿉니다. 이 장의 모든 칸이 “{w}”를 씁니다.',
    'ft.split': '단어를 n-그램으로 자르기', 'ft.word': '단어', 'ft.minn': '가장 짧은 n (minn)', 'ft.maxn': '가장 긴 n (maxn)',
    'ft.preset25': '2–5 (수업 예시)', 'ft.preset36': '3–6 (fastText 기본값)', 'ft.markers': '경계 표시 < >', 'ft.jamo': '한글을 자모로',
    'ft.bucket': '해시 버킷 수', 'ft.row': 'n = {n}', 'ft.bucketWord': '버킷',
    'ft.rows': '단어 벡터 = 단어 행 1개 + n-그램 행 {n}개의 평균 (서로 다른 버킷 {d}개).',
    'ft.rowsNoMarkers': '< 와 > 가 없으면 단어의 처음과 끝을 알 수 없습니다. "orange"의 "ora"와 "moral"의 "ora"가 같은 조각이 됩니다. fastText는 항상 경계 표시를 붙입니다. 다시 켜 보세요.',
    'ft.collisions': '충돌: 서로 다른 n-그램이 한 버킷에 들어가 같은 숫자 행을 나눠 씁니다 —',
    'ft.noCollisions': '버킷 {b}개에서는 이 n-그램들 사이에 충돌이 없습니다. 버킷을 20개로 줄여 보세요.',
    'ft.splitHint': 'n-그램마다 해시(32비트 FNV-1a, fastText와 똑같이)를 구하고 버킷 수로 나눈 나머지를 씁니다. 그것이 n-그램 벡터 표에서의 행 번호입니다. n-그램을 사전에 저장하지 않으므로 수백만 개도 고정된 표에 들어갑니다 — 대신 충돌이 생깁니다.',
    'ft.empty': '단어를 입력하세요.',
    'ft.pair': '한국어: 음절로, 아니면 자모로?', 'ft.pairA': '단어 A', 'ft.pairB': '단어 B',
    'ft.syllable': '음절 (fastText 원래 방식)', 'ft.jamoMode': '자모 (이 페이지의 추가 기능)', 'ft.shared': '공유하는 n-그램: {k}개',
    'ft.pairHint': '먹었다와 먹는다는 어간 먹과 어미 다를 공유하지만, 시제는 음절 안에 숨어 있습니다: 었 대 는. 음절로 자르면 두 단어가 공유하는 것은 <먹 과 다> 뿐입니다. 자모로 자르면 — ㅁㅓㄱ ㅇㅓㅆ ㄷㅏ∅ 대 ㅁㅓㄱ ㄴㅡㄴ ㄷㅏ∅ — ㅁㅓㄱ 과 ㄷㅏ∅> 같은 조각도 공유하므로, 모델은 활용형 하나하나에서 어간과 어미를 배울 수 있습니다. ∅는 받침이 없다는 표시로, 모든 음절을 자모 세 개로 맞춥니다.',
  },
};
for (const l of ['en', 'ko']) Object.assign(strings[l], trainStrings[l]);

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
      ctx.message('error', err.message, 'ft.split');
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
      ctx.message('error', err.message, 'ft.pair');
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

export default { id: 'fasttext', title: { en: 'FastText', ko: 'FastText' }, strings, mount };
