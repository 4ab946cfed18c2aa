// The text with its tokens marked: alternating colours so boundaries show, grey strike-through for
// tokens outside the vocabulary, hover for id and count, click to select every occurrence.
// segments: [[text, id]] where id ≥ 0 is a vocabulary id, -1 a gap, -2 a token outside the vocabulary.
import { h, tooltip } from '../dom.js';

export function markedTokens(segments, { words, counts, t, onSelect, selected } = {}) {
  const box = h('div.tokens', { lang: '' });
  const frag = document.createDocumentFragment();
  let n = 0;
  for (const [text, id] of segments) {
    if (id === -1) {
      frag.append(text);
      continue;
    }
    const span = document.createElement('span');
    span.className = `t ${id === -2 ? 'oov' : n++ % 2 ? 'b' : 'a'}${id === selected ? ' sel' : ''}`;
    span.textContent = text;
    span.dataset.id = id;
    frag.append(span);
  }
  box.append(frag);
  box.addEventListener('mousemove', (e) => {
    const el = e.target.closest?.('.t');
    if (!el) return tooltip(null);
    const id = Number(el.dataset.id);
    const text = id < 0
      ? t('tokens.oov')
      : `${words?.[id] ?? ''} · ${t('common.id')} ${id} · ${t('common.count')} ${counts?.[id] ?? '?'}`;
    tooltip(text, e.clientX, e.clientY);
  });
  box.addEventListener('mouseleave', () => tooltip(null));
  box.addEventListener('click', (e) => {
    const el = e.target.closest?.('.t');
    if (el && Number(el.dataset.id) >= 0) onSelect?.(Number(el.dataset.id));
  });
  return box;
}

/** Re-marks the selected id without rebuilding the text. */
export function selectToken(box, id) {
  for (const el of box.querySelectorAll('.t.sel')) el.classList.remove('sel');
  if (id === null || id === undefined) return;
  for (const el of box.querySelectorAll(`.t[data-id="${Number(id)}"]`)) el.classList.add('sel');
}
