// A sorted list of horizontal bars with labels: next-token probabilities, counts, similarities.
// items: [{label, value, note?}], value in [0, max]. Labels are text.
import { h } from '../dom.js';

export function barlist(items, { max, format = (v) => v.toFixed(3), color = 'var(--accent)', onClick, selected } = {}) {
  const top = max ?? Math.max(1e-12, ...items.map((i) => i.value));
  return h('div.barlist', { role: 'list' }, items.map((it) => h('div.bar-row', {
    role: 'listitem',
    onclick: onClick ? () => onClick(it) : null,
    style: { cursor: onClick ? 'pointer' : 'default' },
    class: `bar-row${selected === it.label ? ' sel' : ''}`,
  },
  h('span.bar-label', it.label),
  h('span.bar-track', h('span.bar-fill', { style: { width: `${Math.max(0, Math.min(1, it.value / top)) * 100}%`, background: it.color ?? color } })),
  h('span.bar-value', format(it.value, it)))));
}
