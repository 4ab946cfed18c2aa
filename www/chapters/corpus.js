// Chapter 1 — Corpus & tokens: the text with its tokens marked, the vocabulary by count,
// Zipf's law, and the key numbers.
import { card, empty, h } from '../dom.js';
import { fmt } from '../i18n.js';
import { lineChart } from '../views/linechart.js';
import { table } from '../views/table.js';
import { markedTokens, selectToken } from '../views/tokens.js';

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

export default { id: 'corpus', title: { en: 'Corpus', ko: '말뭉치' }, mount };
