// A tiny element builder: h('div.card', {onclick}, 'text', child). Strings become text nodes,
// never HTML, so user text can be passed straight in.
const SVG_NS = 'http://www.w3.org/2000/svg';

function build(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k in el && !(el instanceof SVGElement)) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function split(tag) {
  const [name, ...classes] = tag.split('.');
  return [name || 'div', classes];
}

/** HTML element: h('button.primary', {onclick}, 'Go'). */
export function h(tag, attrs, ...children) {
  if (attrs instanceof Node || typeof attrs !== 'object' || attrs === null || Array.isArray(attrs)) {
    children.unshift(attrs);
    attrs = {};
  }
  const [name, classes] = split(tag);
  const el = document.createElement(name);
  if (classes.length) el.className = classes.join(' ');
  return build(el, attrs, children);
}

/** SVG element: s('line', {x1, y1, x2, y2}). */
export function s(tag, attrs, ...children) {
  const [name, classes] = split(tag);
  const el = document.createElementNS(SVG_NS, name);
  if (classes.length) el.setAttribute('class', classes.join(' '));
  return build(el, attrs, children);
}

/** A card with a title: the block every chapter is made of. */
export function card(title, ...children) {
  return h('section.card', title ? h('h3', title) : null, ...children);
}

export function empty(text) {
  return h('p.empty', text);
}

/** Runs `fn` at most once per animation frame with the latest arguments. */
export function throttleFrame(fn) {
  let args = null;
  let queued = false;
  return (...a) => {
    args = a;
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      fn(...args);
    });
  };
}

export function debounce(fn, ms) {
  let timer = 0;
  return (...a) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...a), ms);
  };
}

/** A floating tooltip shared by all views. */
let tipEl = null;
export function tooltip(text, x, y) {
  if (!tipEl) {
    tipEl = h('div.tip', { role: 'tooltip' });
    document.body.append(tipEl);
  }
  if (text === null) {
    tipEl.hidden = true;
    return;
  }
  tipEl.hidden = false;
  tipEl.textContent = text;
  const r = tipEl.getBoundingClientRect();
  tipEl.style.left = `${Math.min(x + 14, innerWidth - r.width - 8)}px`;
  tipEl.style.top = `${Math.min(y + 14, innerHeight - r.height - 8)}px`;
}
