// The vector space as a card body: PCA / t-SNE switch, the scatter of the top-N words, and the
// nearest neighbours of the word under the pointer (lines in the picture, a list beside it).
// Model-agnostic: it talks to the worker through `call(type, payload)` with a handler prefix
// ('w2v' for Word2Vec, 'ft' for FastText), which must serve `<prefix>.project` and `<prefix>.nearest`.
import { h } from '../dom.js';
import { addStrings, fmt, t } from '../i18n.js';
import { Scatter } from './scatter.js';

addStrings({
  en: {
    'vs.method': 'Projection', 'vs.pca': 'PCA', 'vs.tsne': 't-SNE', 'vs.perplexity': 'perplexity',
    'vs.pcaCaption': 'PCA: the two directions of largest variance — PC1 holds {a}% of it, PC2 {b}%.',
    'vs.tsneCaption': 't-SNE (iteration {i}): keeps each word near its nearest neighbours; distances between far-apart groups mean little.',
    'vs.neighbours': 'Nearest neighbours of', 'vs.hoverHint': 'Point at a word to see its nearest neighbours (cosine similarity, in all dimensions).',
    'vs.zoomIn': 'Zoom in', 'vs.zoomOut': 'Zoom out', 'vs.fit': 'Fit all points', 'vs.find': 'Find', 'vs.search': 'Find a word', 'vs.top': 'Show',
    'vs.all': 'all', 'vs.notFound': '“{w}” is not among the points shown', 'vs.label': 'Word vectors projected to 2-D',
    'vs.help': 'Drag to pan · wheel or + / − to zoom · n / p step through words · Home fits.',
    'vs.empty': 'No vectors yet.',
    'vs.small': 'A small text for word vectors: {tokens} training words for {vocab} vocabulary words, about {per} occurrences each. With so few, the picture and the neighbours are mostly noise. Use a longer text (a few thousand sentences, each word seen dozens of times) or a built-in sample.',
  },
  ko: {
    'vs.method': '투영', 'vs.pca': 'PCA', 'vs.tsne': 't-SNE', 'vs.perplexity': '퍼플렉서티',
    'vs.pcaCaption': 'PCA: 분산이 가장 큰 두 방향 — PC1이 {a}%, PC2가 {b}%를 담습니다.',
    'vs.tsneCaption': 't-SNE (반복 {i}): 각 단어를 가장 가까운 이웃 곁에 둡니다. 멀리 떨어진 무리 사이의 거리는 큰 뜻이 없습니다.',
    'vs.neighbours': '가장 가까운 이웃:', 'vs.hoverHint': '단어에 포인터를 올리면 가장 가까운 이웃이 보입니다 (모든 차원에서 잰 코사인 유사도).',
    'vs.zoomIn': '확대', 'vs.zoomOut': '축소', 'vs.fit': '전체 보기', 'vs.find': '찾기', 'vs.search': '단어 찾기', 'vs.top': '표시',
    'vs.all': '전체', 'vs.notFound': '“{w}”은(는) 표시된 점에 없습니다', 'vs.label': '2차원으로 투영한 단어 벡터',
    'vs.help': '끌어서 이동 · 휠이나 + / − 로 확대 · n / p 로 단어 이동 · Home 으로 전체 보기.',
    'vs.empty': '아직 벡터가 없습니다.',
    'vs.small': '단어 벡터에는 작은 텍스트입니다: 어휘 {vocab}개에 학습 단어 {tokens}개, 단어마다 {per}번쯤 나옵니다. 이렇게 적으면 그림과 이웃은 대부분 우연입니다. 더 긴 텍스트(문장 수천 개, 단어마다 수십 번)나 내장 예시를 쓰세요.',
  },
});

// Below these, a space says little (word2vec's authors trained on millions of words; a word needs
// dozens of contexts before its vector settles): fewer in-vocabulary tokens per epoch, or fewer
// occurrences per vocabulary word on average.
const SMALL_TOKENS = 3000;
const SMALL_PER_WORD = 8;

/** The small-corpus notice for a snapshot of a model trained for `epochs` epochs, or null. */
export function smallCorpus(snap, epochs) {
  const perEpoch = snap?.totalWords && epochs ? snap.totalWords / epochs : 0;
  const vocab = snap?.vocabSize ?? 0;
  if (!perEpoch || !vocab) return null;
  const per = perEpoch / vocab;
  if (perEpoch >= SMALL_TOKENS && per >= SMALL_PER_WORD) return null;
  return t('vs.small', { tokens: fmt(perEpoch), vocab: fmt(vocab), per: fmt(per, per < 10 ? 1 : 0) });
}

/**
 * opts: {call(type, payload), prefix, method, topN, perplexity, onSettings({method, topN, perplexity}),
 * height}. Returns {el, update(snapshot), setEmpty(lines), setNotice(text), showNeighbours(word), destroy()}.
 */
export function vectorSpace(opts) {
  const { call, prefix } = opts;
  let settings = { method: opts.method ?? 'pca', topN: opts.topN ?? 500, perplexity: opts.perplexity ?? 20 };
  let hoverSeq = 0;
  let labels = [];
  const list = h('ol.vs-list');
  const listTitle = h('h4', t('vs.hoverHint'));
  const caption = h('p.hint.vs-caption');
  const scatter = new Scatter({
    height: opts.height ?? 600,
    topN: settings.topN,
    topChoices: [50, 100, 200, 300, 500, 1000, 2000], // 300: FastText's default
    strings: {
      zoomIn: t('vs.zoomIn'), zoomOut: t('vs.zoomOut'), fit: t('vs.fit'), find: t('vs.find'), search: t('vs.search'), top: t('vs.top'),
      all: t('vs.all'), notFound: t('vs.notFound'), help: t('vs.help'), label: t('vs.label'),
    },
    onHover: (i, word) => { if (word !== null) showNeighbours(word, i); },
    onSelect: (i, word) => showNeighbours(word, i),
    onTopN: (n) => change({ topN: n }),
  });
  scatter.el.dataset.prefix = prefix;

  const methodButtons = ['pca', 'tsne'].map((m) => h('button', {
    type: 'button', dataset: { method: m }, 'aria-pressed': String(settings.method === m), onclick: () => change({ method: m }),
  }, t(`vs.${m}`)));
  const perplexity = h('select', { 'aria-label': t('vs.perplexity'), onchange: () => change({ perplexity: Number(perplexity.value) }) },
    [5, 10, 20, 30, 50].map((p) => h('option', { value: String(p), selected: p === settings.perplexity }, String(p))));
  const perplexityField = h('label.field', t('vs.perplexity'), perplexity);

  function syncControls() {
    for (const b of methodButtons) b.setAttribute('aria-pressed', String(b.dataset.method === settings.method));
    perplexityField.hidden = settings.method !== 'tsne';
  }
  syncControls();

  async function change(patch) {
    settings = { ...settings, ...patch };
    syncControls();
    opts.onSettings?.(settings);
    const snap = await call(`${prefix}.project`, settings);
    if (snap) update(snap, { fresh: true });
  }

  async function showNeighbours(word, index = labels.indexOf(word)) {
    const mine = ++hoverSeq;
    const r = await call(`${prefix}.nearest`, { word, k: 8 });
    if (mine !== hoverSeq) return;
    listTitle.replaceChildren(t('vs.neighbours'), ' ', h('strong', word));
    list.replaceChildren(...(r.neighbours ?? []).map((n) => h('li',
      h('span.vs-word', n.word),
      h('span.vs-bar', h('span', { style: { width: `${Math.max(0, n.similarity) * 100}%` } })),
      h('span.vs-sim', fmt(n.similarity, 3)))));
    if (index >= 0) {
      const links = (r.neighbours ?? []).map((n) => ({ from: index, to: labels.indexOf(n.word), weight: Math.max(0, n.similarity) })).filter((l) => l.to >= 0);
      scatter.setLinks(links);
    }
  }

  function update(snap, { fresh = false } = {}) {
    if (!snap?.labels) return;
    setEmpty(null);
    labels = snap.labels;
    scatter.setPoints({ labels: snap.labels, xy: snap.positions }, { animate: !fresh || snap.method === 'pca' });
    if (snap.method === 'pca' && snap.explained) caption.textContent = t('vs.pcaCaption', { a: fmt(100 * snap.explained[0], 1), b: fmt(100 * snap.explained[1], 1) });
    else if (snap.method === 'tsne') caption.textContent = t('vs.tsneCaption', { i: fmt(snap.iteration ?? 0) });
  }

  // No model (a failed create): why and what to change, where the picture would be.
  const emptyBox = h('div.empty-state.vs-empty', { hidden: true, role: 'status' });
  function setEmpty(lines) {
    emptyBox.hidden = !lines;
    scatter.el.hidden = Boolean(lines);
    emptyBox.replaceChildren(...(lines ?? []).map((x) => h('p', x)));
    if (lines) { labels = []; list.replaceChildren(); listTitle.textContent = t('vs.hoverHint'); caption.textContent = ''; }
  }
  // A notice above the picture (the small-corpus warning): shown while its cause lasts.
  const notice = h('p.notice.vs-notice', { hidden: true, role: 'status' });
  function setNotice(text) {
    notice.hidden = !text;
    notice.textContent = text ?? '';
  }

  const el = h('div.vs',
    h('div.vs-controls', h('span.field', t('vs.method')), h('span.seg', methodButtons), perplexityField, caption),
    notice,
    h('div.vs-body', h('div.vs-main', scatter.el, emptyBox), h('aside.vs-side', listTitle, list)));
  return { el, scatter, update, setEmpty, setNotice, showNeighbours, destroy: () => scatter.destroy() };
}
