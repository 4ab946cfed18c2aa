// The place for messages and errors: a row above the chapter (it never covers the chapter's
// controls). A message with a key replaces the earlier one with that key, so repeated notices
// (e.g. "vocabulary capped") do not pile up. Each message has an owner — the chapter that raised
// it, or 'shell' for the corpus panel and the page itself — and a chapter's messages leave with
// the chapter. Text only, never HTML.
import { h } from './dom.js';
import { t } from './i18n.js';

const LIFETIME = { info: 6000, warn: 14000, error: 0 }; // 0: stays until closed or its cause is gone

export class Messages {
  constructor(el) {
    this.el = el;
    this.byKey = new Map();
  }

  show(kind, text, key = text, owner = 'shell') {
    this.clear(key);
    const close = h('button', { 'aria-label': t('common.close'), title: t('common.close'), onclick: () => this.clear(key) }, '×');
    const box = h(`div.msg.${kind}`, { role: kind === 'error' ? 'alert' : 'status', dataset: { kind, key, owner } }, text, close);
    this.el.append(box);
    const timer = LIFETIME[kind] ? setTimeout(() => this.clear(key), LIFETIME[kind]) : 0;
    this.byKey.set(key, { box, timer, owner });
  }

  clear(key) {
    const m = this.byKey.get(key);
    if (!m) return;
    clearTimeout(m.timer);
    m.box.remove();
    this.byKey.delete(key);
  }

  /** Removes every message `owner` raised (a chapter that is left takes its messages with it). */
  clearOwner(owner) {
    for (const [k, m] of [...this.byKey]) if (m.owner === owner) this.clear(k);
  }

  clearAll() {
    for (const k of [...this.byKey.keys()]) this.clear(k);
  }
}
