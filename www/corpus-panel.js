// The corpus panel shared by every chapter: pick a sample, type / paste / drop / open a text,
// choose how it is tokenised. The text is sent to the worker (debounced) and every chapter gets
// the result. Edited text is kept in IndexedDB so it survives a reload; nothing typed is lost:
// a text replaced by a sample, a file or a drop comes back with one click (Undo), and a file that
// is not text is refused before it replaces anything.
import { h, debounce } from './dom.js';
import { errorText, fmt, fmtBytes, getLang, t, tn } from './i18n.js';
import { readTextFile } from './textfile.js';
import { state, setState, urlHas } from './state.js';
import { kvGet, kvSet } from './store.js';
import { configOf, field } from './settings.js';

const STORE_KEY = 'text';
// Above this size the text is not put into the text box: a browser lays out a multi-megabyte
// textarea for seconds (measured: 19 s for 5 MB in headless Chromium) and copies it into the
// history entry on every URL update. The box then shows the beginning, read-only.
const EDIT_LIMIT = 300_000;
const PREVIEW = 20_000;
const MAX_FILE = 64 * 1024 * 1024;

/** A cheap fingerprint of a text (FNV-1a over its first 200,000 UTF-16 units). */
function fingerprint(text) {
  let x = 0x811c9dc5;
  for (let i = 0; i < Math.min(text.length, 200_000); i++) x = Math.imul(x ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return x.toString(16);
}

export class CorpusPanel {
  /** onCorpus(info) is called with each new corpus summary from the worker. */
  constructor(el, { worker, messages, onCorpus, onBusy }) {
    this.el = el;
    this.worker = worker;
    this.messages = messages;
    this.onCorpus = onCorpus;
    this.onBusy = onBusy;
    this.samples = [];
    this.sent = 0;
    this.send = debounce(() => this.#send(), 350);
  }

  async init() {
    this.samples = await this.worker.call('corpus.samples');
    this.render();
    await this.#loadText();
  }

  render() {
    const c = state.corpus;
    this.select = h('select', { 'aria-label': t('corpus.sample'), onchange: () => this.#pickSample(this.select.value) },
      this.samples.map((s) => h('option', { value: s.id, selected: c.sample === s.id }, s.title)),
      h('option', { value: 'custom', selected: c.sample === 'custom' }, t('corpus.custom')));
    this.fileInput = h('input', { type: 'file', accept: '.txt,text/plain', hidden: true, onchange: () => { this.#openFile(this.fileInput.files[0]); this.fileInput.value = ''; } });
    this.textarea = h('textarea', { spellcheck: false, autocomplete: 'off', 'aria-label': t('corpus.panel'), placeholder: t('corpus.drop'), oninput: () => this.#edited(), onpaste: (e) => this.#paste(e) });
    this.large = h('div.large-note', { hidden: true, role: 'status' });
    this.undoText = h('span');
    this.undoBar = h('div.undo-bar', { hidden: !this.undo, role: 'status' }, this.undoText, ' ',
      h('button', { type: 'button', dataset: { action: 'undo' }, onclick: () => this.#undo() }, t('corpus.undo')));
    if (this.undo) this.undoText.textContent = t('corpus.replaced', { what: this.undo.what });
    if (this.text !== undefined) this.#fillBox();
    // The tokenisers and switches of the library's Corpus settings (settingsSpec('corpus')).
    const tok = h('select', { 'aria-label': t('corpus.tokenizer'), dataset: { setting: 'tokenizer' }, onchange: () => this.#option({ tokenizer: tok.value }) },
      field('corpus', 'tokenizer').choices.map((k) => h('option', { value: k, selected: c.tokenizer === k }, t(`corpus.tok.${k}`))));
    const check = (key) => h('label.field', h('input', { type: 'checkbox', checked: c[key], dataset: { setting: key }, onchange: (e) => this.#option({ [key]: e.target.checked }) }), t(`corpus.${key}`));
    this.summary = h('div.summary', { role: 'status' });
    this.el.replaceChildren(
      h('h2.panel-title', t('corpus.panel')),
      h('div.row', this.select, h('button', { type: 'button', dataset: { action: 'open' }, onclick: () => this.fileInput.click() }, t('corpus.open')), this.fileInput),
      this.undoBar,
      this.large,
      this.textarea,
      h('div.row', h('label.field', t('corpus.tokenizer'), tok), check('lowercase'), check('punctuation')),
      h('p.drop-hint', t('corpus.drop')),
      this.summary,
    );
    this.el.ondragover = (e) => { e.preventDefault(); this.el.classList.add('dragging'); };
    this.el.ondragleave = () => this.el.classList.remove('dragging');
    this.el.ondrop = (e) => {
      e.preventDefault();
      this.el.classList.remove('dragging');
      const file = e.dataTransfer?.files?.[0];
      if (file) this.#openFile(file);
      else if (e.dataTransfer?.getData('text/plain')) this.#replace(e.dataTransfer.getData('text/plain'), 'custom', t('corpus.dropNamed'));
    };
    if (this.info) this.showSummary(this.info);
  }

  showSummary(info) {
    this.info = info;
    const s = info.stats;
    this.summary.textContent = [tn('corpus.tokens', s.tokens), tn('corpus.types', s.types), tn('corpus.sentences', s.sentences)].join(' · ');
  }

  async #loadText() {
    let text = null;
    if (!urlHas('corpus.sample')) {
      // A bare link (a bookmark, the first visit): the user's own text if they typed one before,
      // otherwise the sample in the interface language.
      text = (await this.#stored()) || null;
      if (text !== null) setState({ corpus: { sample: 'custom' } });
      else if (this.samples.some((s) => s.id === getLang())) setState({ corpus: { sample: getLang() } });
      this.select.value = state.corpus.sample;
    } else if (state.corpus.sample === 'custom') text = await this.#stored();
    if (text === null) {
      const id = this.samples.some((s) => s.id === state.corpus.sample) ? state.corpus.sample : this.samples[0]?.id;
      text = (await this.worker.call('corpus.sampleText', { id })) ?? '';
      if (state.corpus.sample !== 'custom') setState({ corpus: { sample: id } });
    }
    this.#setText(text, false);
  }

  async #pickSample(id) {
    if (id === 'custom') {
      const text = (await this.#stored()) ?? '';
      setState({ corpus: { sample: 'custom' } });
      this.#setText(text, false);
      return;
    }
    const text = (await this.worker.call('corpus.sampleText', { id })) ?? '';
    const title = this.samples.find((x) => x.id === id)?.title ?? id;
    await this.#replace(text, id, t('corpus.sampleNamed', { name: title }));
  }

  /** Follows corpus settings changed by a link (the page must show what its URL says). */
  async follow(before) {
    const c = state.corpus;
    this.render();
    if (c.sample === before.sample) return this.send();
    if (c.sample !== 'custom' && !this.samples.some((x) => x.id === c.sample)) setState({ corpus: { sample: this.samples[0]?.id ?? 'custom' } });
    this.select.value = state.corpus.sample;
    await this.#pickSample(state.corpus.sample);
  }

  /**
   * Replaces the whole text by a sample (`sample` = its id) or by text from a file or a drop
   * (`sample` = 'custom'), keeping what it replaces for one-click Undo: the text shown, the sample
   * choice, and the user's stored text (a file overwrites it).
   */
  async #replace(text, sample, what) {
    const prev = { text: this.text ?? '', sample: state.corpus.sample, stored: await this.#stored(), what };
    if (prev.text && prev.text !== text) this.undo = prev;
    else this.undo = null;
    this.#showUndo();
    if (sample === 'custom') this.#setText(text, true);
    else {
      setState({ corpus: { sample } });
      this.select.value = sample;
      this.#setText(text, false);
    }
  }

  async #undo() {
    const u = this.undo;
    if (!u) return;
    this.undo = null;
    this.#showUndo();
    if (u.stored !== null && u.stored !== undefined) {
      // After any save still in flight, so the restored text is the one that stays.
      this.saving = (this.saving ?? Promise.resolve()).then(() => kvSet(STORE_KEY, u.stored)).catch(() => {});
      await this.saving;
    }
    setState({ corpus: { sample: u.sample } });
    this.select.value = u.sample;
    this.#setText(u.text, false);
    this.messages.show('info', t('corpus.restored'), 'corpus.undo');
  }

  #showUndo() {
    if (!this.undoBar) return;
    this.undoBar.hidden = !this.undo;
    this.undoText.textContent = this.undo ? t('corpus.replaced', { what: this.undo.what }) : '';
  }

  #option(patch) {
    setState({ corpus: patch });
    this.send();
  }

  #edited() {
    this.text = this.textarea.value;
    if (this.undo) { this.undo = null; this.#showUndo(); } // typing after a replacement: Ctrl+Z is the undo now
    if (state.corpus.sample !== 'custom') {
      setState({ corpus: { sample: 'custom' } });
      this.select.value = 'custom';
    }
    this.messages.clear('corpus.file');
    this.#save();
    this.send();
  }

  /** A paste too big for the text box goes around it, replacing the selection in the full text. */
  #paste(e) {
    const pasted = e.clipboardData?.getData('text/plain') ?? '';
    const readOnly = this.textarea.readOnly;
    if (!readOnly && pasted.length + this.textarea.value.length <= EDIT_LIMIT) return; // the browser inserts it
    e.preventDefault();
    if (readOnly) {
      this.#replace(pasted, 'custom', t('corpus.dropNamed')); // a paste replaces a text too large to edit
      return;
    }
    const { selectionStart: from, selectionEnd: to } = this.textarea;
    const text = this.text ?? '';
    this.#setText(text.slice(0, from) + pasted + text.slice(to), true);
  }

  #fillBox() {
    const big = this.text.length > EDIT_LIMIT;
    this.textarea.readOnly = big;
    this.textarea.value = big ? `${this.text.slice(0, PREVIEW)}\n…` : this.text;
    this.large.hidden = !big;
    if (big) {
      this.large.replaceChildren(t('corpus.largeNote', { size: fmtBytes(this.text.length), preview: fmtBytes(PREVIEW) }), ' ',
        h('button', { onclick: () => this.#replace('', 'custom', t('corpus.emptyNamed')) }, t('corpus.clear')));
    }
  }

  async #stored() {
    try {
      return (await kvGet(STORE_KEY)) ?? null;
    } catch {
      return null;
    }
  }

  #setText(text, edited) {
    this.text = text;
    // A refused or unreadable file is no longer the news once another text is on show.
    this.messages.clear('corpus.file');
    this.#fillBox();
    if (edited) {
      setState({ corpus: { sample: 'custom' } });
      this.select.value = 'custom';
      this.#save();
    }
    this.send();
  }

  #save() {
    // Writes are chained so that the last edit is the one that stays.
    const text = this.text;
    this.saving = (this.saving ?? Promise.resolve()).then(() => kvSet(STORE_KEY, text)).then(
      () => this.messages.clear('corpus.notSaved'),
      () => this.messages.show('warn', t('corpus.notSaved', { size: fmtBytes(text.length) }), 'corpus.notSaved'),
    );
  }

  /** Reads a dropped or opened file; a file that is not text is refused before anything changes. */
  async #openFile(file) {
    if (!file) return;
    if (file.size > MAX_FILE) {
      this.messages.show('error', t('corpus.readFailed', { error: fmtBytes(file.size) }), 'corpus.file');
      return;
    }
    let text;
    try {
      text = await readTextFile(file);
    } catch (err) {
      this.messages.show('error', t('corpus.readFailed', { error: String(err?.message ?? err) }), 'corpus.file');
      return;
    }
    if (text === null) {
      this.messages.show('error', t('corpus.binary', { name: file.name }), 'corpus.file');
      return;
    }
    this.messages.clear('corpus.file');
    await this.#replace(text, 'custom', t('corpus.fileNamed', { name: file.name }));
  }

  async #send() {
    const id = ++this.sent;
    const text = this.text ?? '';
    this.summary.textContent = t('corpus.working');
    this.onBusy?.(true);
    if (text.length > EDIT_LIMIT) this.messages.show('info', t('corpus.big', { size: fmtBytes(text.length) }), 'corpus.big');
    try {
      const sample = state.corpus.sample;
      const info = await this.worker.call('corpus.set', { text, options: configOf('corpus', state.corpus), sample });
      if (id !== this.sent) return; // a newer edit is on its way
      // Which text this is (not how it is tokenised): the chapters' examples follow the text.
      info.sample = sample;
      info.key = sample === 'custom' ? `custom:${text.length}:${fingerprint(text)}` : sample;
      this.showSummary(info);
      this.#notices(info);
      this.onCorpus(info);
    } catch (err) {
      if (id === this.sent) this.messages.show('error', errorText(err), 'corpus.error');
    } finally {
      if (id === this.sent) this.onBusy?.(false);
    }
  }

  #notices(info) {
    const s = info.stats;
    const m = this.messages;
    if (s.tokens === 0) m.show('info', t('corpus.empty'), 'corpus.empty');
    else m.clear('corpus.empty');
    if (s.droppedControls || s.droppedInvalid) m.show('warn', t('corpus.dropped', { controls: fmt(s.droppedControls), invalid: fmt(s.droppedInvalid) }), 'corpus.dropped');
    else m.clear('corpus.dropped');
    if (s.keptTypes < s.types) m.show('warn', t('corpus.capped', { max: fmt(state.corpus.maxVocab), dropped: fmt(s.types - s.keptTypes) }), 'corpus.capped');
    else m.clear('corpus.capped');
  }
}
