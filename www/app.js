// Boot and routing: the shell (tabs, corpus panel, messages, player), then one chapter at a time.
import { chapters } from './chapters/index.js';
import { CorpusPanel } from './corpus-panel.js';
import { h } from './dom.js';
import { addStrings, defaultLang, setLang, t, translate } from './i18n.js';
import { Messages } from './messages.js';
import { Player } from './player.js';
import { onState, readHash, setState, state } from './state.js';
import { WorkerClient } from './worker-client.js';

const $ = (sel) => document.querySelector(sel);

readHash();
setLang(state.lang || defaultLang());
for (const ch of chapters) addStrings(ch.strings);

const messages = new Messages($('#messages'));
const player = new Player($('#player'));
const worker = new WorkerClient();
worker.onfatal = (err) => messages.show('error', t('app.loadFailed', { error: err.message }), 'fatal');

let current = null; // {chapter, instance}
let corpusInfo = null;

const ctx = {
  worker,
  player,
  state,
  setState,
  t,
  message: (kind, text, key) => messages.show(kind, text, key),
  clearMessage: (key) => messages.clear(key),
  corpus: () => corpusInfo,
};

function chapterIndex(id) {
  const i = chapters.findIndex((c) => c.id === id);
  return i < 0 ? 0 : i;
}

function renderTabs() {
  const ol = $('#chapter-tabs');
  ol.replaceChildren(...chapters.map((ch, i) => h('li', h('a', {
    href: `#/${ch.id}`,
    'aria-current': ch.id === current?.chapter.id ? 'page' : null,
    dataset: { chapter: ch.id },
  }, h('span.num', String(i + 1)), ch.title[state.lang] ?? ch.title.en))));
}

function show(id, { focus = false } = {}) {
  const ch = chapters[chapterIndex(id)];
  if (current?.chapter === ch) return;
  if (current) {
    player.unbind();
    try { current.instance?.unmount?.(); } catch (err) { console.error(err); }
  }
  const root = $('#chapter');
  root.replaceChildren();
  root.dataset.chapter = ch.id;
  current = { chapter: ch, instance: null };
  if (state.chapter !== ch.id) setState({ chapter: ch.id });
  current.instance = ch.mount(root, ctx);
  if (corpusInfo) current.instance?.onCorpus?.(corpusInfo);
  renderTabs();
  document.title = `${ch.title[state.lang] ?? ch.title.en} · ${t('app.title')}`;
  if (focus) root.focus({ preventScroll: true });
}

function remount() {
  const id = current?.chapter.id ?? state.chapter;
  current && player.unbind();
  try { current?.instance?.unmount?.(); } catch (err) { console.error(err); }
  current = null;
  show(id);
}

function setLanguage(lang) {
  setLang(lang);
  setState({ lang });
  translate();
  player.retranslate();
  panel.render();
  for (const b of document.querySelectorAll('[data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  remount();
}

function isEditable(el) {
  return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
}

document.addEventListener('keydown', (e) => {
  if (e.altKey || e.ctrlKey || e.metaKey || isEditable(e.target)) return;
  const i = chapterIndex(current?.chapter.id);
  if (e.key === 'ArrowRight' && i < chapters.length - 1) { show(chapters[i + 1].id, { focus: true }); e.preventDefault(); }
  else if (e.key === 'ArrowLeft' && i > 0) { show(chapters[i - 1].id, { focus: true }); e.preventDefault(); }
  else if (player.key(e)) e.preventDefault();
});

window.addEventListener('hashchange', () => {
  const before = state.chapter;
  readHash();
  if (state.chapter !== before || state.chapter !== current?.chapter.id) show(state.chapter);
});

for (const b of document.querySelectorAll('[data-lang]')) {
  b.setAttribute('aria-pressed', String(b.dataset.lang === state.lang));
  b.addEventListener('click', () => setLanguage(b.dataset.lang));
}

const panelEl = $('#corpus-panel');
const toggle = $('#toggle-corpus');
function showPanel(open) {
  panelEl.hidden = !open;
  toggle.setAttribute('aria-expanded', String(open));
}
toggle.addEventListener('click', () => {
  setState({ ui: { panel: panelEl.hidden } });
  showPanel(state.ui.panel);
});
showPanel(state.ui.panel !== false);

const panel = new CorpusPanel(panelEl, {
  worker,
  messages,
  onCorpus: (info) => {
    corpusInfo = info;
    current?.instance?.onCorpus?.(info);
  },
  onBusy: (busy) => document.body.classList.toggle('busy', busy),
});

onState((s, patch) => {
  if ('lang' in patch) document.documentElement.lang = s.lang;
});

setState({ lang: state.lang || defaultLang() });
translate();
show(state.chapter);
panel.init().then(() => {
  document.body.dataset.ready = 'true';
  // The offline copy (www/sw.js): registered once the page works, so it never delays the first view.
  if ('serviceWorker' in navigator && window.isSecureContext) navigator.serviceWorker.register('sw.js').catch(() => {});
}, (err) => messages.show('error', t('app.loadFailed', { error: err.message }), 'fatal'));
