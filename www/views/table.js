// A data table: columns [{key, label, num, format}], rows as objects. Shows at most maxRows;
// the caller says how many rows exist in all. Cell text is inserted as text.
import { h } from '../dom.js';

export function table({ columns, rows, maxRows = 500, highlight, onRow }) {
  const head = h('tr', columns.map((c) => h(c.num ? 'th.num' : 'th', { scope: 'col' }, c.label)));
  const body = h('tbody');
  for (const row of rows.slice(0, maxRows)) {
    const tr = h('tr', columns.map((c) => {
      const v = row[c.key];
      return h(c.num ? 'td.num' : 'td', c.format ? c.format(v, row) : v);
    }));
    if (highlight?.(row)) tr.classList.add('hl');
    if (onRow) {
      tr.style.cursor = 'pointer';
      tr.addEventListener('click', () => onRow(row));
    }
    body.append(tr);
  }
  return h('div.table-wrap', h('table.data', h('thead', head), body));
}
