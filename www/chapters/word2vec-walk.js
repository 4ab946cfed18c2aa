// Word2Vec chapter, part 1: how a training example is born, on one sentence of the raw text.
// Subsampled words greyed out, the window with its random radius around each centre, the
// (context, centre) pairs and the negatives drawn for them; then one real update: scores, σ, the
// loss before and after, the gradient, and the vectors before / after (drawn as colour strips).
import { h } from '../dom.js';
import { fmt } from '../i18n.js';

const STRIP_DIMS = 32;

/** A vector as a row of coloured cells (blue < 0 < red), scaled by `scale`. */
function strip(v, scale) {
  return h('span.strip', { title: Array.from(v.slice(0, STRIP_DIMS), (x) => x.toFixed(3)).join(' ') },
    Array.from(v.slice(0, STRIP_DIMS), (x) => {
      const a = Math.min(1, Math.abs(x) / scale);
      return h('span', { style: { background: x >= 0 ? `rgba(194, 65, 12, ${a})` : `rgba(31, 79, 209, ${a})` } });
    }));
}

/** opts: {call, t, seed()}. Returns {el, refresh(), clear()}. */
export function walkthroughCard({ call, t, seed }) {
  let index = 0;
  let draw = 0;
  let centre = 0;
  let data = null;
  let sentences = 0;
  const body = h('div.walk-body');
  const sentenceLabel = h('span.walk-count');
  const centreLabel = h('span.walk-count');
  const btn = (text, label, fn) => h('button', { type: 'button', 'aria-label': label, title: label, onclick: fn }, text);
  const controls = h('div.walk-controls',
    h('span.field', t('walk.sentence')), btn('◀', `${t('walk.sentence')} −1`, () => go(index - 1)), sentenceLabel, btn('▶', `${t('walk.sentence')} +1`, () => go(index + 1)),
    h('span.field', t('walk.centre')), btn('◀', `${t('walk.centre')} −1`, () => pick(centre - 1)), centreLabel, btn('▶', `${t('walk.centre')} +1`, () => pick(centre + 1)),
    btn(t('walk.redraw'), t('walk.redraw'), () => { draw++; go(index); }));

  async function go(i) {
    if (sentences) i = (i + sentences) % sentences;
    index = Math.max(0, i);
    try {
      const r = await call('w2v.walkthrough', { index, seed: seed() * 1000 + draw });
      data = r.walk;
      sentences = r.sentences;
      centre = 0;
      render();
    } catch {
      body.replaceChildren(h('p.empty', t('walk.none')));
    }
  }

  function pick(c) {
    if (!data?.centres.length) return;
    centre = (c + data.centres.length) % data.centres.length;
    render();
  }

  function render() {
    sentenceLabel.textContent = `${fmt(index + 1)} / ${fmt(sentences)}`;
    if (!data) return body.replaceChildren(h('p.empty', t('walk.none')));
    const c = data.centres[centre];
    centreLabel.textContent = data.centres.length ? `${centre + 1} / ${data.centres.length}` : '—';
    const ctxSet = new Set(c?.contexts ?? []);
    const chips = h('p.walk-tokens', data.tokens.map((tok, i) => {
      const kind = tok.id === null || tok.id === undefined ? 'oov' : !tok.kept ? 'dropped' : c && i === c.token ? 'centre' : ctxSet.has(i) ? 'context' : 'kept';
      const title = kind === 'oov' ? t('walk.legend.oov') : t('walk.keep', { p: fmt(tok.keepProbability, 3) });
      return h(`span.chip.${kind}`, { title, dataset: { kind } }, tok.text);
    }));
    const legend = h('p.walk-legend', ['centre', 'context', 'dropped', 'oov'].map((k) => h(`span.chip.${k}`, t(`walk.legend.${k}`))));
    const parts = [chips, legend];
    if (c) {
      const centreWord = data.tokens[c.token].text;
      const cbow = data.mode === 'cbow';
      const pairs = cbow
        ? (c.contexts.length ? [h('li', h('span.pair', `(${c.contexts.map((j) => data.tokens[j].text).join(', ')} → ${centreWord})`), h('span.neg', `${t('walk.negatives')}: ${(c.negatives[0] ?? []).join(', ')}`))] : [])
        : c.contexts.map((j, e) => h('li', h('span.pair', `(${data.tokens[j].text} → ${centreWord})`), h('span.neg', `${t('walk.negatives')}: ${(c.negatives[e] ?? []).join(', ')}`)));
      parts.push(h('h4', `${t('walk.pairs')} — ${t('walk.radius', { r: c.radius, w: data.window ?? '' }).replace(' (window )', '')}`),
        pairs.length ? h('ol.walk-pairs', pairs) : h('p.empty', t('walk.noPairs')));
    }
    if (data.update) parts.push(updateView(data.update));
    body.replaceChildren(...parts);
  }

  // 0.0250, but 2.50e-6 rather than 0.00000250 for the decayed rate at the end of training.
  const fmtRate = (a) => (a > 0 && a < 1e-3 ? a.toExponential(2) : a.toPrecision(3));

  function updateView(u) {
    const words = [u.centre, ...u.negatives];
    const table = h('table.walk-table', h('thead', h('tr', [t('walk.word'), t('walk.score'), t('walk.sigma'), t('walk.target')].map((x) => h('th', x)))),
      h('tbody', words.map((w, i) => h('tr', { className: i === 0 ? 'pos' : 'negrow' }, h('td', w), h('td', u.scores[i].toFixed(3)), h('td', u.probabilities[i].toFixed(3)), h('td', i === 0 ? '1' : '0')))));
    const gradNorm = Math.sqrt(u.gradHidden.reduce((s, x) => s + x * x, 0));
    const all = [...u.inputsBefore, ...u.inputsAfter, ...u.outputsBefore, ...u.outputsAfter].flatMap((v) => Array.from(v.slice(0, STRIP_DIMS)));
    const scale = Math.max(1e-6, ...all.map(Math.abs));
    const rows = [
      ...u.inputs.map((w, i) => [`${t('walk.input')} ${w}`, u.inputsBefore[i], u.inputsAfter[i]]),
      ...words.map((w, i) => [`${t('walk.output')} ${w}`, u.outputsBefore[i], u.outputsAfter[i]]),
    ];
    return h('div.walk-update',
      h('h4', t('walk.update')), h('p.hint', t('walk.updateHint')),
      h('div.walk-update-grid',
        h('div', table, h('p.walk-loss', `${t('walk.lossBefore')} `, h('strong', u.lossBefore.toFixed(4)), ` → ${t('walk.lossAfter')} `, h('strong', u.lossAfter.toFixed(4)),
          `  ·  α = ${fmtRate(u.alpha)} ${t('walk.alphaStart', { now: fmtRate(u.currentAlpha) })}  ·  ${t('walk.grad')} = ${gradNorm.toFixed(4)}`)),
        h('table.walk-vectors', h('thead', h('tr', h('th', ''), h('th', t('walk.before')), h('th', t('walk.after')))),
          h('tbody', rows.map(([name, b, a]) => h('tr', h('th', name), h('td', strip(b, scale)), h('td', strip(a, scale))))))));
  }

  const el = h('section.card.wide.walk', h('h3', t('walk.title')), controls, body);
  render();
  /** No model: nothing to walk through (the last model's sentence would belong to another text). */
  function clear() {
    data = null;
    sentences = 0;
    index = 0;
    render();
  }
  return { el, refresh: () => go(index), clear };
}
