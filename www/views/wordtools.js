// Neighbour tools over a worker-held model: nearest neighbours of a word, the similarity of two
// words, analogies a : b :: c : ?. Shared by Word2Vec and FastText through a handler prefix
// (`<prefix>.nearest`, `<prefix>.similarity`, `<prefix>.analogy`). An unknown word gets the
// message `unknownKey` (Word2Vec: "not in the vocabulary: no vector").
import { h } from '../dom.js';
import { fmt, t } from '../i18n.js';

const bar = (v) => h('span.vs-bar', h('span', { style: { width: `${Math.max(0, Math.min(1, v)) * 100}%` } }));

function resultList(items) {
  if (!items.length) return h('p.empty', t('wt.none'));
  return h('ol.vs-list', items.map((n) => h('li', h('span.vs-word', n.word), bar(n.similarity), h('span.vs-sim', fmt(n.similarity, 3)))));
}

function unknown(words, key) {
  return h('div.wt-unknown', { role: 'status' }, words.map((w) => h('p', t(key, { w }))));
}

/**
 * opts: {call, prefix, values: {word, a, b, x, y, z}, onChange(values), unknownKey}.
 * Returns {el, refresh(), setValues(values), clear()} — refresh re-runs the queries (after training
 * moved the vectors); setValues puts other words in the boxes (another text's examples); clear
 * empties the answers (no model).
 */
export function wordTools(opts) {
  const { call, prefix } = opts;
  const unknownKey = opts.unknownKey ?? 'wt.unknown';
  const v = { word: '', a: '', b: '', x: '', y: '', z: '', ...(opts.values ?? {}) };
  const input = (key, label) => h('input', { type: 'text', value: v[key], 'aria-label': label, dataset: { field: key }, size: 10,
    onchange: (e) => { v[key] = e.target.value.trim(); opts.onChange?.({ ...v }); } });
  const submit = (fn) => (e) => { e.preventDefault(); fn(); };

  const nnOut = h('div.wt-out', { 'aria-live': 'polite' });
  const simOut = h('div.wt-out', { 'aria-live': 'polite' });
  const anOut = h('div.wt-out', { 'aria-live': 'polite' });
  const word = input('word', t('wt.word'));
  const [a, b] = [input('a', 'a'), input('b', 'b')];
  const [x, y, z] = [input('x', 'a'), input('y', 'b'), input('z', 'c')];
  const sync = () => { for (const el of [word, a, b, x, y, z]) v[el.dataset.field] = el.value.trim(); opts.onChange?.({ ...v }); };

  async function nearest() {
    if (!v.word) return nnOut.replaceChildren();
    const r = await call(`${prefix}.nearest`, { word: v.word, k: 10 });
    nnOut.replaceChildren(r.known ? resultList(r.neighbours) : unknown([v.word], unknownKey));
  }
  async function similarity() {
    if (!v.a || !v.b) return simOut.replaceChildren();
    const r = await call(`${prefix}.similarity`, { a: v.a, b: v.b });
    simOut.replaceChildren(r.unknown?.length ? unknown(r.unknown, unknownKey)
      : h('p.wt-sim', h('span.vs-word', `${v.a} · ${v.b}`), bar(r.similarity), h('strong', fmt(r.similarity, 3)), ' ', t('wt.cosine')));
  }
  async function analogy() {
    if (!v.x || !v.y || !v.z) return anOut.replaceChildren();
    const r = await call(`${prefix}.analogy`, { a: v.x, b: v.y, c: v.z, k: 5 });
    anOut.replaceChildren(r.unknown?.length ? unknown(r.unknown, unknownKey) : resultList(r.results));
  }

  const el = h('div.wt',
    h('form.wt-block', { onsubmit: submit(() => { sync(); nearest(); }) },
      h('h4', t('wt.nearest')), h('div.wt-row', word, h('button.primary', { type: 'submit' }, t('wt.go'))), nnOut),
    h('form.wt-block', { onsubmit: submit(() => { sync(); similarity(); }) },
      h('h4', t('wt.similarity')), h('div.wt-row', a, b, h('button', { type: 'submit' }, t('wt.go'))), simOut),
    h('form.wt-block', { onsubmit: submit(() => { sync(); analogy(); }) },
      h('h4', t('wt.analogy')), h('div.wt-row', x, ':', y, '::', z, ': ?', h('button', { type: 'submit' }, t('wt.go'))), h('p.hint', t('wt.analogyHint')), anOut));
  const refresh = () => Promise.all([nearest(), similarity(), analogy()]).catch(() => {});
  function setValues(values) {
    Object.assign(v, values);
    for (const el of [word, a, b, x, y, z]) el.value = v[el.dataset.field] ?? '';
  }
  /** Empties the answers (no model: they belonged to the model before); the typed words stay. */
  const clear = () => { for (const out of [nnOut, simOut, anOut]) out.replaceChildren(); };
  return { el, refresh, setValues, clear };
}
