// Chapter 2 — One-hot: every word is a vector with a single 1. The dimension is the vocabulary
// size, the vectors are almost all zeros, and every two words are exactly as far apart — which is
// the problem Word2Vec solves next.
import { card, empty, h } from '../dom.js';
import { errorText, fmt, fmtBytes } from '../i18n.js';
import { registerDefaults } from '../state.js';
import { heatmap } from '../views/heatmap.js';
import { lineChart } from '../views/linechart.js';
import { sparseRows } from '../views/sparserows.js';

// sentence: empty = the text's example sentence (examples.js), in the text's language.
registerDefaults('onehot', { sentence: '', scope: 'sentence' });

const MAX_PRINTED = 24; // columns printed as digits before the compact notation takes over

function vectorText(id, dim) {
  // [0, 0, 1, 0] for small dimensions; [0, …, 0, 1, 0, …, 0] with the position otherwise.
  if (dim <= MAX_PRINTED) return h('span.vec', '[', Array.from({ length: dim }, (_, i) => [i ? ', ' : '', i === id ? h('span.one', '1') : '0']), ']');
  return h('span.vec', '[0, …, 0, ', h('span.one', '1'), ` (#${id}), 0, …, 0]`, `  — ${fmt(dim)}`);
}

function mount(root, ctx) {
  const { t, state, setState } = ctx;
  const st = () => state.onehot;
  const example = () => ctx.examples().onehot;
  // The box shows the typed sentence, or else the text's example; only a typed one is kept.
  const input = h('input.big', { type: 'text', value: st().sentence || example(), 'aria-label': t('oh.sentence'),
    oninput: () => { setState({ onehot: { sentence: input.value === example() ? '' : input.value } }); encode(); } });
  const scope = h('select', { 'aria-label': t('oh.scope'), onchange: () => { setState({ onehot: { scope: scope.value } }); encode(); } },
    ['sentence', 'corpus'].map((k) => h('option', { value: k, selected: st().scope === k }, t(`oh.scope.${k}`))));
  const numbers = h('div.numbers');
  const vectors = h('div');
  const matrix = h('div');
  const cosine = h('div');
  const memory = h('div');
  root.append(
    h('h2', t('ch.onehot')),
    h('p.lede', t('oh.lede')),
    h('div.row', { style: { display: 'flex', gap: '1rem', alignItems: 'center', flexWrap: 'wrap', marginBottom: '1rem' } },
      h('label.field', t('oh.sentence'), input), h('label.field', t('oh.scope'), scope)),
    numbers,
    h('div.grid', { style: { marginTop: '1rem' } },
      card(t('oh.vectors'), vectors),
      card(t('oh.cosine'), cosine, h('p.hint', t('oh.cosineHint'))),
      h('section.card.wide', h('h3', t('oh.matrix')), matrix),
      card(t('oh.memory'), memory, h('p.hint', t('oh.memoryHint')))),
  );

  let seq = 0;
  async function encode() {
    const mine = ++seq;
    const sentence = input.value;
    if (!sentence.trim()) {
      for (const el of [vectors, matrix, cosine]) el.replaceChildren(empty(t('oh.enter')));
      numbers.replaceChildren();
      return;
    }
    let enc;
    try {
      enc = await ctx.worker.call('corpus.oneHot', { sentence, scope: scope.value });
    } catch (err) {
      ctx.message('error', errorText(err), 'oh.error');
      return;
    }
    if (mine !== seq) return;
    draw(enc);
  }

  function draw({ tokens, ids, dim, words }) {
    const label = (id) => words?.[id] ?? tokens[ids.indexOf(id)];
    numbers.replaceChildren(
      h('div.number', h('div.v', fmt(dim)), h('div.k', t('oh.dim'))),
      h('div.number', h('div.v', '1'), h('div.k', t('oh.nonzero'))),
      h('div.number', h('div.v', dim ? `${fmt(100 * (1 - 1 / dim), dim > 1000 ? 3 : 1)}%` : '—'), h('div.k', t('oh.sparsity'))),
      h('div.number', h('div.v', fmtBytes(dim * 4)), h('div.k', t('oh.bytes'))),
    );
    vectors.replaceChildren(h('div', { style: { display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '.4rem 1rem', alignItems: 'baseline' } },
      tokens.map((tok, i) => [h('strong', { style: { fontSize: '1.2rem' } }, tok), ids[i] === null ? h('span', { style: { color: 'var(--bad)' } }, t('oh.noVector')) : vectorText(ids[i], dim)])));

    // The matrix: printed digits while it fits, strips beyond.
    if (dim <= MAX_PRINTED && words) {
      const head = h('tr', h('th', ''), words.slice(0, dim).map((w) => h('th', { style: { textAlign: 'center' } }, w)));
      const rows = tokens.map((tok, i) => h('tr', h('th', tok), Array.from({ length: dim }, (_, c) => h(`td.bit${ids[i] === c ? '.on' : ''}`, ids[i] === c ? '1' : '0'))));
      matrix.replaceChildren(h('div.table-wrap', h('table.data.onehot-table', h('thead', head), h('tbody', rows))));
    } else {
      matrix.replaceChildren(sparseRows(tokens.map((tok, i) => ({ label: tok, col: ids[i] })), dim, { noVector: t('oh.noVector') }), h('p.hint', t('oh.wide')));
    }

    // Cosine similarity of the distinct known words: the identity matrix, by construction.
    const uniq = [...new Set(ids.filter((x) => x !== null))].slice(0, 16);
    if (!uniq.length) {
      cosine.replaceChildren(empty(t('oh.noVector')));
    } else {
      const n = uniq.length;
      const m = new Float32Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i * n + j] = uniq[i] === uniq[j] ? 1 : 0;
      const labels = uniq.map(label);
      cosine.replaceChildren(heatmap(m, { rows: n, cols: n, rowLabels: labels, colLabels: labels, maxSide: 520, format: (v) => v.toFixed(0), title: t('oh.cosine') }));
    }
  }

  function drawMemory(info) {
    if (!info?.growth?.length) return memory.replaceChildren(empty(t('corpus.emptyView')));
    const dense = info.growth.map(([n, v]) => [n, n * v * 4]);
    const idsOnly = info.growth.map(([n]) => [n, n * 4]);
    const s = info.stats;
    memory.replaceChildren(
      lineChart([{ name: t('oh.dense'), points: dense }, { name: t('oh.ids'), points: idsOnly, color: '#15803d' }],
        { logY: true, xLabel: t('oh.tokensRead'), yLabel: 'bytes', yFormat: fmtBytes, height: 380 }),
      h('p', { style: { fontWeight: 600 } }, t('oh.memoryNow', { tokens: fmt(s.tokens), types: fmt(s.keptTypes), bytes: fmtBytes(s.tokens * s.keptTypes * 4) })),
    );
  }

  encode();
  return {
    onCorpus(info) {
      drawMemory(info);
      const follow = !st().sentence && input.value !== example(); // another text: its example
      if (follow) input.value = example();
      if (follow || scope.value === 'corpus') encode();
    },
  };
}

export default { id: 'onehot', title: { en: 'One-hot', ko: '원-핫' }, mount };
