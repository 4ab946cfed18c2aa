// The place for messages and errors. A message with a key replaces the earlier one with that key,
// so repeated notices (e.g. "vocabulary capped") do not pile up. Text only, never HTML.
import { h } from './dom.js';
import { t } from './i18n.js';

const LIFETIME = { info: 6000, warn: 14000, error: 0 }; // 0: stays until closed

export class Messages {
  constructor(el) {
    this.el = el;
    this.byKey = new Map();
  }

  show(kind, text, key = text) {
    this.clear(key);
    const close = h('button', { 'aria-label': t('common.close'), title: t('common.close'), onclick: () => this.clear(key) }, '×');
    const box = h(`div.msg.${kind}`, { role: kind === 'error' ? 'alert' : 'status', dataset: { kind } }, text, close);
    this.el.append(box);
    const timer = LIFETIME[kind] ? setTimeout(() => this.clear(key), LIFETIME[kind]) : 0;
    this.byKey.set(key, { box, timer });
  }

  clear(key) {
    const m = this.byKey.get(key);
    if (!m) return;
    clearTimeout(m.timer);
    m.box.remove();
    this.byKey.delete(key);
  }

  clearAll() {
    for (const k of [...this.byKey.keys()]) this.clear(k);
  }
}
