// Chapter 1 — Corpus & tokens: the text with its tokens marked, the vocabulary by count,
// Zipf's law, and the key numbers.
import { card, empty, h } from '../dom.js';
import { fmt } from '../i18n.js';
import { lineChart } from '../views/linechart.js';
import { table } from '../views/table.js';
import { markedTokens, selectToken } from '../views/tokens.js';

const strings = {
  en: {
    'ch.corpus': 'Corpus & tokens',
    'corpusCh.lede': 'A model never sees letters: it sees tokens. Here the text is cut into tokens, each distinct token gets an id (the most frequent gets 0), and the counts already follow a law.',
    'corpusCh.tokens': 'tokens', 'corpusCh.types': 'types (distinct tokens)', 'corpusCh.sentences': 'sentences',
    'corpusCh.chars': 'characters', 'corpusCh.ttr': 'types per token', 'corpusCh.speed': 'tokenised in',
    'corpusCh.marked': 'The text, cut into tokens', 'corpusCh.markedHint': 'Each coloured box is one token. Hover for its id and count; click to find it everywhere.',
    'corpusCh.vocab': 'Vocabulary', 'corpusCh.filter': 'Filter…', 'corpusCh.share': 'share',
    'corpusCh.zipf': "Zipf's law", 'corpusCh.zipfHint': 'On log–log axes, frequency falls almost on a straight line as the rank grows: a few words are everywhere, most words are rare. The dashed line has slope −1.',
    'corpusCh.rank': 'rank (log)', 'corpusCh.freq': 'count (log)', 'corpusCh.ideal': 'slope −1',
    'corpusCh.headOnly': 'Showing the beginning of the text.',
    'tokens.oov': 'outside the vocabulary (rare type cut by the cap)',
  },
  ko: {
    'ch.corpus': '말뭉치와 토큰',
    'corpusCh.lede': '모델은 글자를 보지 않고 토큰을 봅니다. 텍스트를 토큰으로 자르고, 서로 다른 토큰마다 id를 붙입니다(가장 자주 나오는 토큰이 0). 빈도는 이미 하나의 법칙을 따릅니다.',
    'corpusCh.tokens': '토큰', 'corpusCh.types': '유형 (서로 다른 토큰)', 'corpusCh.sentences': '문장',
    'corpusCh.chars': '글자', 'corpusCh.ttr': '토큰당 유형', 'corpusCh.speed': '토큰화 시간',
    'corpusCh.marked': '토큰으로 자른 텍스트', 'corpusCh.markedHint': '색칠된 칸 하나가 토큰 하나입니다. 마우스를 올리면 id와 빈도가, 누르면 같은 토큰이 모두 표시됩니다.',
    'corpusCh.vocab': '어휘', 'corpusCh.filter': '거르기…', 'corpusCh.share': '비율',
    'corpusCh.zipf': '지프의 법칙', 'corpusCh.zipfHint': '로그–로그 축에서 순위가 올라갈수록 빈도가 거의 직선으로 떨어집니다. 몇몇 단어는 어디에나 있고, 대부분의 단어는 드뭅니다. 점선의 기울기는 −1입니다.',
    'corpusCh.rank': '순위 (로그)', 'corpusCh.freq': '빈도 (로그)', 'corpusCh.ideal': '기울기 −1',
    'corpusCh.headOnly': '텍스트의 앞부분을 보여 줍니다.',
    'tokens.oov': '어휘 밖 (상한 때문에 빠진 드문 유형)',
  },
};

function number(value, label) {
  return h('div.number', h('div.v', value), h('div.k', label));
}

function mount(root, ctx) {
  const { t } = ctx;
  let info = null;
  let selected = null;
  let filter = '';
  const numbers = h('div.numbers');
  const marked = h('div');
  const vocab = h('div');
  const zipf = h('div');
  const filterInput = h('input', { type: 'search', placeholder: t('corpusCh.filter'), 'aria-label': t('corpusCh.filter'), oninput: () => { filter = filterInput.value.trim().toLowerCase(); drawVocab(); } });
  root.append(
    h('h2', t('ch.corpus')),
    h('p.lede', t('corpusCh.lede')),
    numbers,
    h('div.grid', { style: { marginTop: '1rem' } },
      h('section.card.wide', h('h3', t('corpusCh.marked')), marked, h('p.hint', t('corpusCh.markedHint'))),
      card(t('corpusCh.vocab'), h('div.row', { style: { marginBottom: '.5rem' } }, filterInput), vocab),
      card(t('corpusCh.zipf'), zipf, h('p.hint', t('corpusCh.zipfHint')))),
  );

  function drawVocab() {
    if (!info?.words.length) return vocab.replaceChildren(empty(t('corpus.emptyView')));
    const total = info.stats.tokens || 1;
    let rows = info.words.map((w, i) => ({ rank: i, word: w, count: info.counts[i] }));
    if (filter) rows = rows.filter((r) => r.word.toLowerCase().includes(filter));
    vocab.replaceChildren(
      table({
        columns: [
          { key: 'rank', label: t('common.id'), num: true },
          { key: 'word', label: t('common.token') },
          { key: 'count', label: t('common.count'), num: true, format: (v) => fmt(v) },
          { key: 'count', label: t('corpusCh.share'), num: true, format: (v) => `${fmt((100 * v) / total, 2)}%` },
        ],
        rows,
        maxRows: 400,
        highlight: (r) => r.rank === selected,
        onRow: (r) => select(r.rank),
      }),
      h('p.hint', t('common.showing', { n: fmt(Math.min(400, rows.length)), total: fmt(info.stats.keptTypes) })),
    );
  }

  function select(id) {
    selected = selected === id ? null : id;
    selectToken(marked.firstChild, selected);
    drawVocab();
  }

  function draw() {
    const s = info.stats;
    numbers.replaceChildren(
      number(fmt(s.tokens), t('corpusCh.tokens')),
      number(fmt(s.types), t('corpusCh.types')),
      number(fmt(s.sentences), t('corpusCh.sentences')),
      number(fmt(s.chars), t('corpusCh.chars')),
      number(s.tokens ? fmt(s.types / s.tokens, 3) : '—', t('corpusCh.ttr')),
      number(`${fmt(info.ms, 0)} ms`, t('corpusCh.speed')),
    );
    if (!s.tokens) {
      marked.replaceChildren(empty(t('corpus.emptyView')));
      zipf.replaceChildren(empty(t('corpus.emptyView')));
      drawVocab();
      return;
    }
    marked.replaceChildren(markedTokens(info.segments, { words: info.words, counts: info.counts, t, onSelect: select, selected }));
    if (info.bytes > 24_000) marked.append(h('p.hint', t('corpusCh.headOnly')));
    const pts = Array.from(info.counts, (c, i) => [i + 1, c]);
    const top = pts[0]?.[1] ?? 1;
    zipf.replaceChildren(lineChart([
      { name: t('corpusCh.freq'), points: pts, dots: true },
      { name: t('corpusCh.ideal'), points: [[1, top], [pts.length, top / pts.length]], dashed: true, color: '#c2410c' },
    ], { logX: true, logY: true, xLabel: t('corpusCh.rank'), yLabel: t('corpusCh.freq'), height: 400 }));
    drawVocab();
  }

  return {
    onCorpus(next) {
      info = next;
      selected = null;
      draw();
    },
  };
}

export default { id: 'corpus', title: { en: 'Corpus', ko: '말뭉치' }, strings, mount };
