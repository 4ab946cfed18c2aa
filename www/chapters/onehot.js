// Chapter 2 — One-hot: every word is a vector with a single 1. The dimension is the vocabulary
// size, the vectors are almost all zeros, and every two words are exactly as far apart — which is
// the problem Word2Vec solves next.
import { card, empty, h } from '../dom.js';
import { fmt, fmtBytes } from '../i18n.js';
import { registerDefaults } from '../state.js';
import { heatmap } from '../views/heatmap.js';
import { lineChart } from '../views/linechart.js';
import { sparseRows } from '../views/sparserows.js';

const strings = {
  en: {
    'ch.onehot': 'One-hot vectors',
    'oh.lede': 'The simplest way to turn a word into numbers: give every word of the vocabulary its own position, and write a 1 there and 0 everywhere else.',
    'oh.sentence': 'Sentence', 'oh.scope': 'Vocabulary', 'oh.scope.sentence': "this sentence's words", 'oh.scope.corpus': 'the whole corpus',
    'oh.vectors': 'Each token as a one-hot vector', 'oh.matrix': 'The one-hot matrix (rows = tokens, columns = vocabulary)',
    'oh.dim': 'dimension (= vocabulary size)', 'oh.nonzero': 'non-zero per vector', 'oh.sparsity': 'zeros', 'oh.bytes': 'bytes per vector (float32)',
    'oh.noVector': 'not in the vocabulary: no one-hot vector',
    'oh.cosine': 'Cosine similarity between the words', 'oh.cosineHint': 'Every word is similar only to itself (1) and to nothing else (0): "king" is as far from "queen" as from "apple". One-hot vectors carry no meaning.',
    'oh.memory': 'Memory as the corpus grows', 'oh.memoryHint': 'A dense one-hot matrix of the text needs tokens × vocabulary × 4 bytes, and the vocabulary keeps growing with the text (Heaps\' law). Real systems store only the ids.',
    'oh.tokensRead': 'tokens read', 'oh.dense': 'dense one-hot matrix', 'oh.ids': 'ids only (4 bytes per token)', 'oh.vocabSize': 'vocabulary',
    'oh.memoryNow': 'This corpus: {tokens} tokens × {types} types × 4 bytes = {bytes} as dense one-hot.',
    'oh.wide': 'Too many columns to print: each row is drawn as a strip with its single 1 marked.',
    'oh.enter': 'Type a sentence to encode.',
  },
  ko: {
    'ch.onehot': '원-핫 벡터',
    'oh.lede': '단어를 숫자로 바꾸는 가장 단순한 방법: 어휘의 모든 단어에 자리를 하나씩 주고, 그 자리에만 1을, 나머지에는 모두 0을 씁니다.',
    'oh.sentence': '문장', 'oh.scope': '어휘', 'oh.scope.sentence': '이 문장의 단어', 'oh.scope.corpus': '말뭉치 전체',
    'oh.vectors': '토큰마다 원-핫 벡터', 'oh.matrix': '원-핫 행렬 (행 = 토큰, 열 = 어휘)',
    'oh.dim': '차원 (= 어휘 크기)', 'oh.nonzero': '벡터당 0이 아닌 값', 'oh.sparsity': '0의 비율', 'oh.bytes': '벡터당 바이트 (float32)',
    'oh.noVector': '어휘에 없음: 원-핫 벡터가 없습니다',
    'oh.cosine': '단어 사이의 코사인 유사도', 'oh.cosineHint': '모든 단어는 자기 자신과만 닮았고(1) 다른 어떤 단어와도 닮지 않았습니다(0). "왕"과 "여왕"의 거리는 "왕"과 "사과"의 거리와 같습니다. 원-핫 벡터에는 뜻이 담기지 않습니다.',
    'oh.memory': '말뭉치가 커질 때 필요한 메모리', 'oh.memoryHint': '텍스트 전체를 원-핫 행렬로 두면 토큰 수 × 어휘 크기 × 4바이트가 필요하고, 어휘는 텍스트와 함께 계속 늘어납니다(힙스의 법칙). 실제 시스템은 id만 저장합니다.',
    'oh.tokensRead': '읽은 토큰 수', 'oh.dense': '원-핫 행렬 (밀집)', 'oh.ids': 'id만 (토큰당 4바이트)', 'oh.vocabSize': '어휘',
    'oh.memoryNow': '이 말뭉치: 토큰 {tokens}개 × 유형 {types}개 × 4바이트 = 원-핫으로 {bytes}',
    'oh.wide': '열이 너무 많아 숫자로 적을 수 없습니다. 행마다 띠로 그리고 1의 자리만 표시합니다.',
    'oh.enter': '인코딩할 문장을 입력하세요.',
  },
};

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
      ctx.message('error', err.message, 'oh.error');
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

export default { id: 'onehot', title: { en: 'One-hot', ko: '원-핫' }, strings, mount };
