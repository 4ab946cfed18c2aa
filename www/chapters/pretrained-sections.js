// Two of the pretrained chapter's lower sections, each {el, onModel(info), destroy()}: context
// vectors of one word, and the user's data set (embed, map, nearest lines, probe); the head cards
// (masked words, ELECTRA) are in pretrained-masked.js. Layout and wiring only; the work happens in the worker.
import { h } from '../dom.js';
import { errorText, fmt } from '../i18n.js';
import { heatmap } from '../views/heatmap.js';
import { Scatter } from '../views/scatter.js';
import { configOf } from '../settings.js';
import { settingsForm } from '../views/settingsform.js';

// The scatter view's colours, in its order, for the legends (group i is drawn in PALETTE[i]).
const PALETTE = ['#1f4fd1', '#c2410c', '#15803d', '#7c3aed', '#b91c1c', '#0e7490', '#a16207', '#be185d'];

export const PRESETS = {
  ko: {
    word: '배',
    text: ['과일\t과일 가게에서 배를 샀다.', '과일\t배가 달고 맛있다.', '과일\t배와 사과를 깎아 먹었다.',
      '탈것\t배를 타고 바다로 나갔다.', '탈것\t배 한 척이 항구에 들어왔다.', '탈것\t어부는 작은 배 위에서 그물을 던졌다.',
      '몸\t배가 고파서 밥을 먹었다.', '몸\t배가 아파서 병원에 갔다.', '몸\t많이 먹어서 배가 불렀다.'].join('\n'),
  },
  en: {
    word: 'bank',
    text: ['river\tI sat by the bank of the river and watched the water.', 'river\tWe walked along the river bank at sunset.', 'river\tThe boat drifted toward the muddy bank.',
      'money\tI went to the bank to take out some money.', 'money\tThe bank raised its interest rates.', 'money\tShe opened an account at the bank.'].join('\n'),
  },
};

const DATA = [
  'food\tThe soup was hot and tasty.', 'food\tWe ate bread and cheese for lunch.', 'food\tShe cooked rice with vegetables.', 'food\tThe apples in the market were sweet.',
  'food\t우리는 점심으로 김치찌개를 먹었다.', 'food\t어머니가 맛있는 떡을 만들었다.',
  'animal\tThe dog barked at the cat.', 'animal\tA horse ran across the field.', 'animal\tThe birds sang in the tree.', 'animal\tThe cat slept on the warm chair.',
  'animal\t고양이가 창가에서 잠을 잤다.', 'animal\t강아지가 공을 물고 뛰어왔다.',
  'place\tThe city was busy and loud.', 'place\tThe village stood near the river.', 'place\tWe climbed the mountain in the morning.', 'place\tThe market square was full of people.',
  'place\t마을은 강 가까이에 있었다.', 'place\t산 근처에 작은 마을이 있었다.',
].join('\n');

/** "label<TAB>text" or "text" per non-empty line → [{label, text}]. */
/** The open model's name, as the chapter and the Transformer chapter's comparison plot print it:
 * the demo, the Transformer chapter's model, the hub id, or for files the checkpoint's own
 * `_name_or_path` (else its file names). */
export function modelName(t, info) {
  if (info.source.kind === 'demo') return t('pt.demo');
  if (info.source.kind === 'transformer') return t('pt.fromTransformer');
  if (info.source.kind === 'hub') return info.source.id;
  return info.nameOrPath ?? info.source.names.join(', ');
}

export function parseLines(text) {
  return text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim()).map((l) => {
    const i = l.indexOf('\t');
    return i > 0 ? { label: l.slice(0, i).trim(), text: l.slice(i + 1) } : { label: '', text: l };
  });
}

function legend(names) {
  return h('div.pt-legend', names.map((n, i) => h('span', h('i', { style: { background: PALETTE[i % PALETTE.length] } }), n)));
}

/** The scatter view's own words, in the page's language. */
const scatterStrings = (t, label) => ({
  zoomIn: t('pt.scZoomIn'), zoomOut: t('pt.scZoomOut'), fit: t('pt.scFit'), find: t('pt.scFind'), search: t('pt.scSearch'), top: t('pt.scTop'),
  all: t('pt.scAll'), notFound: t('pt.scNotFound'), help: t('pt.scHelp'), label,
});

const short = (s, n = 26) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function contextSection(ctx) {
  const { t, state, setState } = ctx;
  const st = () => state.pretrained;
  const save = (patch) => setState({ pretrained: patch });
  // The preset follows the text's language unless one was chosen.
  const presetOf = () => (PRESETS[st().ctxPreset] ? st().ctxPreset : ctx.examples().lang === 'ko' ? 'ko' : 'en');
  const preset = h('select', { 'aria-label': t('pt.ctxPreset'), onchange: () => { save({ ctxPreset: preset.value }); fill(); show(); } },
    ['ko', 'en'].map((k) => h('option', { value: k, selected: presetOf() === k }, `${PRESETS[k].word} (${k})`)));
  const word = h('input', { type: 'text', 'aria-label': t('pt.ctxWord'), style: { width: '8rem', fontSize: '1.2rem' } });
  const layer = h('select', { 'aria-label': t('pt.ctxLayer'), onchange: () => { save({ ctxLayer: Number(layer.value) }); show(); } });
  const area = h('textarea.pt-area', { rows: 7, 'aria-label': t('pt.ctxSentences'), spellcheck: false });
  const fill = () => { word.value = PRESETS[preset.value].word; area.value = PRESETS[preset.value].text; };
  fill();
  const scatter = new Scatter({ height: 460, fontSize: 20, margin: [150, 28], topChoices: [Infinity], strings: scatterStrings(t, t('pt.context')) });
  const status = h('p.pt-notice', { hidden: true });
  const legendBox = h('div');
  const cosBox = h('div');
  let info = null;
  let seq = 0;

  async function show() {
    if (!info) return;
    const mine = ++seq;
    const lines = parseLines(area.value);
    const L = st().ctxLayer < 0 || st().ctxLayer > info.numLayers ? info.numLayers : st().ctxLayer;
    try {
      const r = await ctx.worker.call('pt.context', { sentences: lines, word: word.value.trim(), layer: L });
      if (mine !== seq) return;
      const missing = lines.length - r.points.length;
      status.hidden = missing === 0;
      status.textContent = r.points.length ? t('pt.ctxMissing', { w: word.value.trim(), n: missing }) : t('pt.ctxNone');
      const senses = [...new Set(r.points.map((p) => p.label))];
      const labels = r.points.map((p, i) => `${i + 1}. ${short(p.text)}`);
      scatter.setPoints({ labels, xy: r.xy, group: r.points.map((p) => senses.indexOf(p.label)) }, { animate: false });
      legendBox.replaceChildren(senses.some(Boolean) ? legend(senses) : '');
      const n = r.points.length;
      cosBox.replaceChildren(n ? heatmap(r.cosine, { rows: n, cols: n, rowLabels: labels.map((l) => short(l, 16)), colLabels: r.points.map((_, i) => String(i + 1)), maxSide: 400, diverging: true, title: t('pt.ctxCosine') }) : '');
    } catch (err) {
      ctx.message('error', errorText(err), 'pt.ctx');
    }
  }

  const el = h('section.card.wide.pt-context', h('h3', t('pt.context')), h('p.hint', t('pt.ctxHint')),
    h('div.pt-row', h('label.field', t('pt.ctxPreset'), preset), h('label.field', t('pt.ctxWord'), word), h('label.field', t('pt.ctxLayer'), layer),
      h('button.primary', { type: 'button', onclick: show }, t('pt.ctxShow'))),
    h('details', h('summary', t('pt.ctxSentences')), area),
    status,
    h('div.pt-split', h('div', legendBox, scatter.el), h('div', h('h3', t('pt.ctxCosine')), cosBox)));
  return {
    el,
    onCorpus() {
      if (preset.value !== presetOf()) { preset.value = presetOf(); fill(); show(); }
    },
    onModel(i) {
      info = i;
      const cur = st().ctxLayer < 0 || st().ctxLayer > i.numLayers ? i.numLayers : st().ctxLayer;
      layer.replaceChildren(...Array.from({ length: i.numLayers + 1 }, (_, l) => h('option', { value: l, selected: l === cur }, l ? `${t('pt.layer')} ${l}` : t('pt.ctxLayer0'))));
      show();
    },
    destroy: () => scatter.destroy(),
  };
}

export function dataSection(ctx) {
  const { t, state, setState } = ctx;
  const st = () => state.pretrained;
  const area = h('textarea.pt-area', { rows: 10, 'aria-label': t('pt.lines'), spellcheck: false, value: DATA });
  area.value = DATA;
  const bar = h('progress.pt-progress', { max: 1, value: 0, hidden: true });
  const status = h('span.pt-status');
  const cancel = h('button', { type: 'button', hidden: true, onclick: () => ctx.worker.call('pt.cancelEmbed', {}) }, t('pt.cancel'));
  const embedBtn = h('button.primary', { type: 'button', onclick: () => embed() }, t('pt.embed'));
  const scatter = new Scatter({ height: 640, fontSize: 18, margin: [130, 28], topChoices: [Infinity], strings: scatterStrings(t, t('pt.map')) });
  const legendBox = h('div');
  const query = h('input', { type: 'text', value: ctx.examples().pretrained.query, 'aria-label': t('pt.query'), style: { flex: '1 1 16rem', fontSize: '1.1rem' } });
  const nearBox = h('div');
  // The probe's settings, from the library's schema (the library checks what is typed).
  const probeForm = settingsForm({
    model: 'probe', names: ['testFraction', 'epochs', 'l2'], values: st(), className: 'settings-form.pt-probe-form',
    label: (n) => t(`pt.${n}`), onChange: (n, v) => setState({ pretrained: { [n]: v } }),
  });
  const probeBox = h('div.pt-probe');
  let lines = [];
  let ready = false;

  const offProgress = ctx.worker.on('pt.embedProgress', ({ done, total }) => {
    bar.value = done / total;
    status.textContent = t('pt.embedding', { done: fmt(done), total: fmt(total) });
  });

  async function embed() {
    lines = parseLines(area.value);
    if (!lines.length) return;
    ready = false;
    bar.hidden = false;
    bar.value = 0;
    cancel.hidden = false;
    embedBtn.disabled = true;
    try {
      const r = await ctx.worker.call('pt.embedLines', { lines });
      status.textContent = t('pt.embedded', { n: fmt(r.n), dim: fmt(r.dim) });
      if (r.truncated) ctx.message('warn', t('pt.dataTrunc', { n: fmt(r.truncated) }), 'pt.dataTrunc');
      const names = [...new Set(lines.map((l) => l.label))];
      scatter.setPoints({ labels: lines.map((l, i) => `${i + 1}. ${short(l.text, 18)}`), xy: r.xy, group: lines.map((l) => names.indexOf(l.label)) }, { animate: false });
      legendBox.replaceChildren(names.some(Boolean) ? legend(names.map((n) => n || '—')) : '');
      ready = true;
      nearest();
      probe();
    } catch (err) {
      status.textContent = '';
      ctx.message(err.code === 'worker.cancelled' ? 'info' : 'error', errorText(err), 'pt.data');
    } finally {
      bar.hidden = true;
      cancel.hidden = true;
      embedBtn.disabled = false;
    }
  }

  async function nearest() {
    if (!ready || !query.value.trim()) return;
    try {
      const rows = await ctx.worker.call('pt.nearest', { query: query.value, k: 6 });
      nearBox.replaceChildren(h('table.data.pt-near', h('thead', h('tr', h('th.num', t('pt.score')), h('th', t('pt.label')), h('th', t('pt.text')))),
        h('tbody', rows.map((r) => h('tr', h('td.num', r.score.toFixed(3)), h('td', r.label || '—'), h('td', r.text))))));
    } catch (err) {
      ctx.message('error', errorText(err), 'pt.near');
    }
  }

  async function probe() {
    if (!ready) return;
    const labelled = lines.filter((l) => l.label);
    if (new Set(labelled.map((l) => l.label)).size < 2) return probeBox.replaceChildren(h('p.empty', t('pt.needLabels')));
    try {
      const r = await ctx.worker.call('pt.probe', configOf('probe', { ...st(), ...probeForm.read() }, { seed: state.seed }));
      const counts = r.labels.map((_, c) => r.confusion[c].reduce((a, b) => a + b, 0));
      const total = counts.reduce((a, b) => a + b, 0);
      const n = (v, k) => h('div.number', h('div.v', v), h('div.k', t(k)));
      const head = h('tr', h('th', ''), r.labels.map((l) => h('th.num', l)));
      const body = r.confusion.map((row, i) => h('tr', h('th', r.labels[i]), row.map((c, j) => h(`td.num${i === j ? '.diag' : c ? '.off' : ''}`, String(c)))));
      probeBox.replaceChildren(
        h('div.numbers', n(`${fmt(100 * r.accuracy, 1)}%`, r.evaluatedOnTrain ? 'pt.trainAcc' : 'pt.accuracy'), n(`${fmt(100 * r.trainAccuracy, 1)}%`, 'pt.trainAcc'),
          n(`${fmt(100 * Math.max(...counts) / Math.max(1, total), 1)}%`, 'pt.chance')),
        h('p', t('pt.split', { train: fmt(r.trainSize), test: fmt(r.testSize) })),
        r.evaluatedOnTrain ? h('p.pt-notice', t('pt.onTrain')) : '',
        h('h3', t('pt.confusion')), h('table.data.pt-confusion', h('thead', head), h('tbody', body)));
    } catch (err) {
      probeBox.replaceChildren(h('p.pt-notice', errorText(err)));
    }
  }

  // Two columns on a wide screen: the lines, the query and the probe on the left; the map beside
  // them (sticky, so it stays in view while the results below are read).
  const el = h('section.card.wide.pt-data', h('h3', t('pt.data')),
    h('div.pt-data-cols',
      h('div',
        h('p.hint', t('pt.dataHint')), area,
        h('div.pt-row', embedBtn, cancel, bar, status),
        h('h3', t('pt.query')), h('div.pt-row', query, h('button', { type: 'button', onclick: nearest }, t('pt.queryBtn'))), nearBox,
        h('h3', t('pt.probe')), h('p.hint', t('pt.probeHint')),
        h('div.pt-row', probeForm.el, h('button.primary', { type: 'button', onclick: probe }, t('pt.train'))),
        probeBox),
      h('div', h('h3', t('pt.map')), legendBox, scatter.el)));
  query.addEventListener('keydown', (e) => { if (e.key === 'Enter') nearest(); });
  return {
    el,
    onModel() {
      ready = false;
      embed();
    },
    destroy() {
      offProgress();
      scatter.destroy();
    },
  };
}
