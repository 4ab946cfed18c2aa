// Chapter — Pretrained models: real BERT / ELECTRA checkpoints run in the page. Loading (shipped
// demo, local files, Hugging Face hub), attention maps (one head, all heads, head view), and the
// sections in pretrained-sections.js (context vectors, ELECTRA's discriminator, the user's data set).
import { card, h } from '../dom.js';
import { errorText, fmt, fmtBytes } from '../i18n.js';
import { registerSchema } from '../state.js';
import { attentionGrid, attentionMap, headMap } from '../views/attention.js';
import { headView } from '../views/headview.js';
import { electraSection, maskedSection } from './pretrained-masked.js';
import { contextSection, dataSection, modelName } from './pretrained-sections.js';

// The probe's settings and defaults are the library's (settingsSpec('probe'); its seed is the
// page's one seed). View settings: sentence, electra, masked, ctxPreset: empty = the text's examples
// (examples.js), in its language.
registerSchema('pretrained', 'probe', {
  sentence: '',
  layer: 0, head: 0, allHeads: false, hub: '',
  ctxPreset: '', ctxLayer: -1,
  electra: '', masked: '',
}, { omit: ['seed'] });

const HEAD_COLOURS = ['#1f4fd1', '#c2410c', '#15803d', '#7c3aed', '#b91c1c', '#0e7490', '#a16207', '#be185d', '#4b5563', '#0f766e', '#9333ea', '#ca8a04'];
const MODEL_FILES = /(^|\/)(config\.json|vocab\.txt|tokenizer_config\.json|tokenizer\.json|model\.safetensors|pytorch_model\.bin)$/;

/** Every file of a drop, descending one level into dropped folders. */
async function droppedFiles(dt) {
  const entries = [...dt.items].map((it) => it.webkitGetAsEntry?.()).filter(Boolean);
  if (!entries.length) return [...dt.files];
  const out = [];
  const file = (e) => new Promise((res, rej) => e.file(res, rej));
  for (const e of entries) {
    if (e.isFile) out.push(await file(e));
    else if (e.isDirectory) {
      const list = await new Promise((res, rej) => e.createReader().readEntries(res, rej));
      for (const c of list) if (c.isFile) out.push(await file(c));
    }
  }
  return out;
}

function mount(root, ctx) {
  const { t, state, setState } = ctx;
  const st = () => state.pretrained;
  const save = (patch) => setState({ pretrained: patch });
  let info = null;
  let run = null; // the last pt.run result
  let alive = true;

  // ---- Loading ----------------------------------------------------------------------------
  const bar = h('progress.pt-progress', { max: 1, value: 0, hidden: true });
  const barText = h('span.pt-progress-text');
  const infoBox = h('div.numbers.pt-info');
  const badge = h('p.pt-demo-note', { hidden: true }, t('pt.demoNote'));
  const offline = h('p.pt-offline', { hidden: navigator.onLine }, t('pt.offline'));
  // No model at all (the demo failed to load and nothing else was loaded): the views below stay
  // hidden and this says what to do, instead of empty cards.
  const noModel = h('div.empty-state.pt-nomodel', { hidden: true, role: 'status' },
    h('p', t('pt.empty')), h('p', t('pt.emptyHow')),
    h('button', { type: 'button', onclick: () => load('pt.loadDemo', {}) }, t('pt.retryDemo')));
  const fileInput = h('input', { type: 'file', multiple: true, hidden: true, onchange: () => loadFiles([...fileInput.files]) });
  fileInput.dataset.role = 'model-files';
  const folderInput = h('input', { type: 'file', multiple: true, hidden: true, webkitdirectory: true, onchange: () => loadFiles([...folderInput.files]) });
  const hub = h('input', { type: 'text', value: st().hub, placeholder: 'owner/model', 'aria-label': t('pt.hub'), style: { width: '30rem' } });
  const loadHub = () => { save({ hub: hub.value }); load('pt.loadHub', { id: hub.value }); };
  hub.dataset.role = 'hub-id';
  hub.addEventListener('keydown', (e) => { if (e.key === 'Enter' && !e.isComposing) loadHub(); });
  const busy = (on) => root.querySelectorAll('.pt-load button, .pt-nomodel button').forEach((b) => { b.disabled = on; });
  const drop = h('div.pt-drop', t('pt.drop'));
  // The hub models this browser keeps: one click loads one offline, ✕ frees its space.
  const cachedBox = h('div.pt-row.pt-cached', { hidden: true });
  function showCached(list) {
    if (!alive) return;
    cachedBox.hidden = !list.length;
    cachedBox.replaceChildren(h('span', t('pt.cachedTitle')), ...list.map((c) => h('span.pt-cached-item',
      h('button', { type: 'button', title: c.base, onclick: () => { hub.value = c.name.includes('@') ? c.base : c.name; loadHub(); } }, `${c.name} (${fmtBytes(c.bytes)})`),
      h('button.ghost', { type: 'button', 'aria-label': t('pt.forget', { name: c.name }), title: t('pt.forget', { name: c.name }), onclick: () => ctx.worker.call('pt.forget', { base: c.base }).then(showCached) }, '✕'))));
  }
  const refreshCached = () => ctx.worker.call('pt.cachedModels', {}).then(showCached, () => {});
  const loadCard = h('section.card.wide.pt-load',
    h('h3', t('pt.model')),
    h('div.pt-row',
      h('button.primary', { type: 'button', onclick: () => load('pt.loadDemo', {}) }, t('pt.demo')),
      h('button', { type: 'button', onclick: () => fileInput.click() }, t('pt.pick')),
      h('button', { type: 'button', onclick: () => folderInput.click() }, t('pt.pickFolder')),
      fileInput, folderInput,
      h('label.field', t('pt.hub'), hub),
      h('button', { type: 'button', dataset: { role: 'hub-load' }, onclick: loadHub }, t('pt.hubLoad'))),
    h('p.hint', t('pt.hubHint')), cachedBox, offline, drop,
    h('div.pt-row', bar, barText),
    infoBox, badge);
  const onOnline = () => { offline.hidden = navigator.onLine; };
  addEventListener('online', onOnline);
  addEventListener('offline', onOnline);
  for (const ev of ['dragenter', 'dragover']) loadCard.addEventListener(ev, (e) => { e.preventDefault(); loadCard.classList.add('dragging'); });
  loadCard.addEventListener('dragleave', (e) => { if (!loadCard.contains(e.relatedTarget)) loadCard.classList.remove('dragging'); });
  loadCard.addEventListener('drop', async (e) => {
    e.preventDefault();
    loadCard.classList.remove('dragging');
    loadFiles(await droppedFiles(e.dataTransfer));
  });

  // Progress is shown only while this chapter loads: chapter 8's homonym view may be fetching the demo
  // too ('pt.demoIfNone'), and its late progress must not overwrite "Loaded …".
  let loading = false;
  const offProgress = ctx.worker.on('pt.progress', (p) => {
    if (!alive || !loading) return;
    bar.hidden = false;
    bar.value = p.total ? p.loaded / p.total : 0;
    if (!p.total) bar.removeAttribute('value');
    const what = p.phase === 'parse' || p.phase === 'store' ? t(`pt.${p.phase}`) : t(p.phase === 'read' ? 'pt.read' : 'pt.download', { file: p.file });
    barText.textContent = `${what} ${p.total ? `${fmtBytes(p.loaded)} / ${fmtBytes(p.total)}` : p.loaded ? fmtBytes(p.loaded) : ''} ${p.cached ? t('pt.cached') : ''}`;
  });

  function loadFiles(files) {
    const wanted = files.filter((f) => MODEL_FILES.test(f.webkitRelativePath || f.name));
    load('pt.loadFiles', { files: wanted.length ? wanted : files });
  }

  async function load(type, payload) {
    loading = true;
    busy(true);
    bar.hidden = false;
    bar.removeAttribute('value');
    barText.textContent = t('pt.loading');
    try {
      info = await ctx.worker.call(type, payload);
      if (!alive) return;
      ctx.clearMessage('pt.load');
      const done = t(info.source.fromCache ? 'pt.loadedCache' : 'pt.loaded', { name: modelName(t, info) });
      barText.textContent = done;
      if (info.cacheError) ctx.message('warn', t('pt.cacheFailed', { error: info.cacheError }), 'pt.load');
      showInfo();
      showViews(true);
      refreshAll();
      if (type === 'pt.loadHub') refreshCached();
    } catch (err) {
      if (!alive) return;
      barText.textContent = '';
      bar.hidden = true;
      const text = t('pt.loadFailed', { error: errorText(err).replace(/[.\s]*$/, '.') });
      ctx.message('error', info ? `${text} ${t('pt.keeps')}` : text, 'pt.load');
      if (!info) showViews(false);
    } finally {
      loading = false;
      busy(false);
    }
  }

  function showInfo() {
    const n = (v, k) => h('div.number', h('div.v', v), h('div.k', t(k)));
    infoBox.replaceChildren(
      n(info.architecture, 'pt.family'), n(fmt(info.numLayers), 'pt.layers'), n(fmt(info.numHeads), 'pt.heads'),
      n(fmt(info.hiddenSize), 'pt.hidden'), n(fmt(info.vocabSize), 'pt.vocab'), n(fmt(info.maxLength), 'pt.maxLen'),
      n(fmtBytes(info.bytes), 'pt.weights'));
    badge.hidden = info.source.kind !== 'demo';
  }

  // ---- Attention ----------------------------------------------------------------------------
  const example = () => ctx.examples().pretrained.sentence;
  const sentence = h('input.big', { type: 'text', value: st().sentence || example(), 'aria-label': t('pt.sentence'),
    oninput: () => { save({ sentence: sentence.value === example() ? '' : sentence.value }); runSentence(); } });
  const notice = h('p.pt-notice', { hidden: true });
  // When the tokenizer reads most of the sentence as [UNK]: why (its vocabulary) and what to load.
  const unkNotice = h('p.pt-notice.pt-unk', { hidden: true, role: 'status' });
  const tokenRow = h('div.pt-tokens');
  const layerSel = h('select', { 'aria-label': t('pt.layer'), onchange: () => { save({ layer: Number(layerSel.value) }); drawAttention(); } });
  const headSel = h('select', { 'aria-label': t('pt.head'), onchange: () => { save({ head: Number(headSel.value) }); drawAttention(); } });
  const allHeads = h('input', { type: 'checkbox', checked: st().allHeads, onchange: () => { save({ allHeads: allHeads.checked }); drawAttention(); } });
  const mapTitle = h('h3');
  const mapBox = h('div.pt-map');
  const hvBox = h('div.pt-hv');
  const gridBox = h('div.pt-grid');

  function options(sel, n, label, value, from = 0) {
    sel.replaceChildren(...Array.from({ length: n }, (_, i) => h('option', { value: i + from, selected: i + from === value }, label(i + from))));
  }

  const runSentence = (() => {
    let seq = 0;
    return async () => {
      if (!info) return;
      const mine = ++seq;
      try {
        const r = await ctx.worker.call('pt.run', { text: sentence.value });
        if (mine !== seq || !alive) return;
        run = r;
        ctx.clearMessage('pt.run');
        drawAll();
      } catch (err) {
        if (alive) ctx.message('error', errorText(err), 'pt.run');
      }
    };
  })();

  function drawAll() {
    const { numLayers: L, numHeads: H, tokens } = run;
    const layer = Math.min(st().layer, L - 1);
    const head = Math.min(st().head, H - 1);
    options(layerSel, L, (i) => `${t('pt.layer')} ${i + 1}`, layer);
    options(headSel, H, (i) => `${t('pt.head')} ${i + 1}`, head);
    notice.hidden = !run.truncated;
    notice.textContent = !run.truncated ? ''
      : run.fullLength == null ? t('pt.truncatedLong', { max: fmt(info.maxLength) })
      : t('pt.truncated', { n: fmt(run.fullLength), max: fmt(info.maxLength) });
    const words = tokens.filter((x) => !/^\[(CLS|SEP|PAD)\]$/.test(x));
    const unk = words.filter((x) => x === '[UNK]').length;
    unkNotice.hidden = !(unk > 0 && unk >= words.length / 2);
    unkNotice.textContent = unkNotice.hidden ? '' : t(info.source.kind === 'demo' ? 'pt.unkDemo' : 'pt.unkModel', { n: fmt(unk), total: fmt(words.length), vocab: fmt(info.vocabSize) });
    tokenRow.replaceChildren(...tokens.map((tok, i) => h('span.pt-tok', { dataset: { i } }, tok)));
    drawAttention();
  }

  function drawAttention() {
    if (!run) return;
    const { numLayers: L, numHeads: H, tokens, attentions } = run;
    const T = tokens.length;
    const layer = Math.min(Number(layerSel.value) || 0, L - 1);
    const head = Math.min(Number(headSel.value) || 0, H - 1);
    mapTitle.textContent = t('pt.attention', { l: layer + 1, h: head + 1 });
    const hover = (i) => {
      for (const el of tokenRow.children) el.classList.toggle('on', Number(el.dataset.i) === i);
    };
    const big = attentionMap(headMap(attentions, T, H, layer, head), { tokens, title: mapTitle.textContent, maxSide: 600, onHover: (i) => { hover(i); hv.setFocus(i); } });
    const maps = st().allHeads
      ? Array.from({ length: H }, (_, hd) => ({ map: headMap(attentions, T, H, layer, hd), colour: HEAD_COLOURS[hd % HEAD_COLOURS.length] }))
      : [{ map: headMap(attentions, T, H, layer, head), colour: HEAD_COLOURS[head % HEAD_COLOURS.length] }];
    const hv = headView(maps, tokens, { onHover: (i) => { hover(i); big.highlight(i); } });
    mapBox.replaceChildren(big.el);
    hvBox.replaceChildren(hv);
    gridBox.replaceChildren(attentionGrid(attentions, {
      T, L, H, selected: [layer, head], labels: { layer: t('pt.layer'), head: t('pt.head') },
      onSelect: (l, hd) => {
        save({ layer: l, head: hd });
        layerSel.value = String(l);
        headSel.value = String(hd);
        drawAttention();
        mapCard.scrollIntoView({ behavior: 'smooth', block: 'start' });
      },
    }));
  }

  const mapCard = h('section.card.wide.pt-attention',
    h('div.pt-row', h('label.field', t('pt.layer'), layerSel), h('label.field', t('pt.head'), headSel),
      h('label.field', allHeads, t('pt.allHeads'))),
    h('div.pt-split.att',
      h('div', mapTitle, mapBox, h('p.hint', t('pt.attHint'))),
      h('div', h('h3', t('pt.headview')), hvBox, h('p.hint', t('pt.hvHint')))));

  const sections = [maskedSection(ctx), contextSection(ctx), electraSection(ctx), dataSection(ctx)];
  const views = [
    h('section.card.wide', h('label.field.pt-sentence', t('pt.sentence'), sentence), notice, unkNotice, h('h3', t('pt.tokens')), tokenRow),
    mapCard,
    card(t('pt.grid'), gridBox, h('p.hint', t('pt.gridHint'))),
    ...sections.map((s) => s.el)];
  root.append(
    h('h2', t('ch.pretrained')),
    h('p.lede', t('pt.lede')),
    h('div.grid', loadCard, h('section.card.wide.pt-nomodel-card', { hidden: true }, noModel), ...views));
  root.querySelector('.pt-attention ~ .card')?.classList.add('wide');
  /** With a model: its views; without one: the empty state in their place. */
  function showViews(on) {
    for (const v of views) v.hidden = !on;
    noModel.hidden = on;
    noModel.parentElement.hidden = on;
  }

  function refreshAll() {
    runSentence();
    for (const s of sections) s.onModel(info);
  }

  refreshCached();
  // The shipped demo model loads by default, unless one is already loaded in the worker.
  ctx.worker.call('pt.info', {}).then((i) => {
    if (!alive) return;
    if (i) {
      info = i;
      // Already open (loaded here before, or by chapter 8's homonym view): say which, as a load does.
      barText.textContent = t(i.source.fromCache ? 'pt.loadedCache' : 'pt.loaded', { name: modelName(t, i) });
      showInfo();
      showViews(true);
      refreshAll();
    } else load('pt.loadDemo', {});
  });

  return {
    /** Another text: the sentences follow its language unless typed in. */
    onCorpus() {
      if (!st().sentence && sentence.value !== example()) { sentence.value = example(); runSentence(); }
      sections.forEach((x) => x.onCorpus?.());
    },
    unmount() {
      alive = false;
      offProgress();
      removeEventListener('online', onOnline);
      removeEventListener('offline', onOnline);
      sections.forEach((s) => s.destroy?.());
    },
  };
}

export default { id: 'pretrained', title: { en: 'Pretrained BERT', ko: '사전학습 BERT' }, mount };
