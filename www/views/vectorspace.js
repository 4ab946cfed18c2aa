// The vector space as a card body: PCA / t-SNE switch, the scatter of the top-N words, and the
// nearest neighbours of the word under the pointer (lines in the picture, a list beside it).
// Model-agnostic: it talks to the worker through `call(type, payload)` with a handler prefix
// ('w2v' for Word2Vec, 'ft' for FastText), which must serve `<prefix>.project` and `<prefix>.nearest`.
import { h } from '../dom.js';
import { fmt, t } from '../i18n.js';
import { Scatter } from './scatter.js';

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
  return { el, scatter, update, setEmpty, setNotice, showNeighbours, settings: () => ({ ...settings }), destroy: () => scatter.destroy() };
}
