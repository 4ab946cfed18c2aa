// The one state object. Every setting lives here and is serialised to the URL hash, seed
// included, so a shared link reopens the same view and replays the same run:
//   #/word2vec?seed=7&corpus.sample=ko&word2vec.dim=50
// Only values that differ from the defaults go into the URL. Chapters register their defaults
// under their own section with registerDefaults(section, values); a model's settings are
// registered from its schema with registerSchema(section, model, viewDefaults), which also makes
// the URL read them by their kind (www/settings.js).
import { defaults as schemaDefaults, field, fields, fromText } from './settings.js';

const defaults = {
  chapter: 'corpus',
  lang: '',
  // The one seed every model reads (its `seed` setting): the schema's default, and its limits.
  seed: field('word2vec', 'seed').default,
  // The text (a sample's id or 'custom') and the Corpus settings of the library's schema.
  corpus: { sample: 'en', ...schemaDefaults('corpus') },
  ui: { panel: true },
};

export const state = structuredClone(defaults);
const listeners = new Set();
// Settings that the last readHash() found in the URL (e.g. "corpus.sample"): a setting the URL
// names wins over any guess the page would otherwise make (such as the sample in the UI language).
const inUrl = new Set();

/** Whether the URL named this setting ("section.key"). */
export function urlHas(key) {
  return inUrl.has(key);
}

// Written even when equal to the default, so a shared link opens the same text on any browser
// (without it the page picks a sample by the browser's language).
const ALWAYS_IN_URL = new Set(['corpus.sample']);

// The schema fields of each section (and the seed): their URL values are read by kind.
const schemaFields = { '': { seed: field('word2vec', 'seed') }, corpus: Object.fromEntries(fields('corpus').map((f) => [f.name, f])) };

/** Registers a model's settings under `section`: defaults from the library's schema (minus
 * `omit`, e.g. the seed, which is the page's one `seed`), plus the chapter's own view settings. */
export function registerSchema(section, model, view = {}, { omit = [] } = {}) {
  for (const f of fields(model)) if (!omit.includes(f.name)) (schemaFields[section] ??= {})[f.name] = f;
  registerDefaults(section, { ...schemaDefaults(model, omit), ...view });
}

/** A value from the URL: by its schema field's kind, else by the type of its default. */
function read(sec, key, raw) {
  const f = key === undefined ? schemaFields[''][sec] : schemaFields[sec]?.[key];
  if (f) return fromText(f, raw);
  return key === undefined ? coerce(raw, defaults[sec]) : coerce(raw, defaults[sec]?.[key]);
}

export function registerDefaults(section, values) {
  defaults[section] = { ...(defaults[section] ?? {}), ...values };
  state[section] = { ...structuredClone(defaults[section]), ...(state[section] ?? {}) };
  fixTypes(section);
}

/** The default value of a setting (for "reset to default" buttons). */
export function defaultOf(section, key) {
  return defaults[section]?.[key];
}

/** Merges `patch` (one level deep per section) into the state, updates the URL, notifies. */
export function setState(patch, { replace = true } = {}) {
  for (const [k, v] of Object.entries(patch)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) state[k] = { ...(state[k] ?? {}), ...v };
    else state[k] = v;
  }
  writeHash(replace);
  for (const fn of listeners) fn(state, patch);
}

export function onState(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Parses a value from the URL according to the type of its default. */
function coerce(raw, like) {
  if (typeof like === 'number') {
    const n = Number(raw);
    return Number.isFinite(n) ? n : like;
  }
  if (typeof like === 'boolean') return raw === '1' || raw === 'true';
  return raw;
}

export function toHash(s = state) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(s)) {
    if (k === 'chapter') continue;
    if (v && typeof v === 'object') {
      for (const [kk, vv] of Object.entries(v)) {
        if ((defaults[k]?.[kk] !== vv || ALWAYS_IN_URL.has(`${k}.${kk}`)) && vv !== undefined) params.set(`${k}.${kk}`, typeof vv === 'boolean' ? (vv ? '1' : '0') : String(vv));
      }
    } else if (defaults[k] !== v) params.set(k, String(v));
  }
  const q = params.toString();
  return `#/${s.chapter}${q ? `?${q}` : ''}`;
}

function writeHash(replace) {
  const hash = toHash();
  if (location.hash === hash) return;
  if (replace) history.replaceState(null, '', hash);
  else history.pushState(null, '', hash);
}

/** Reads the URL hash into the state (unknown keys are kept as strings for late registration). */
export function readHash(hash = location.hash) {
  const m = /^#\/?([\w-]*)(?:\?(.*))?$/.exec(hash);
  if (!m) return;
  if (m[1]) state.chapter = m[1];
  inUrl.clear();
  for (const [key, raw] of new URLSearchParams(m[2] ?? '')) {
    inUrl.add(key);
    const [sec, sub] = key.split('.', 2);
    if (sub) {
      state[sec] = state[sec] ?? {};
      state[sec][sub] = read(sec, sub, raw);
    } else {
      state[sec] = read(sec, undefined, raw);
    }
  }
}

/**
 * Makes the state exactly what `hash` says, as opening that link would: every setting the link
 * does not name goes back to its default. Two exceptions keep what the page shows: the interface
 * language and the text (corpus.sample), when the link names neither. Returns the state before.
 */
export function applyHash(hash = location.hash) {
  const before = structuredClone(state);
  for (const k of Object.keys(state)) if (!(k in defaults)) delete state[k];
  for (const [k, v] of Object.entries(defaults)) state[k] = structuredClone(v);
  readHash(hash);
  if (!inUrl.has('lang')) state.lang = before.lang;
  if (!inUrl.has('corpus.sample')) state.corpus.sample = before.corpus.sample;
  return before;
}

/** Writes the URL for the current state (after applyHash, so it names every setting again). */
export function syncHash() {
  writeHash(true);
}

/** Re-coerces values read from the URL before a section's defaults were registered. */
export function fixTypes(section) {
  for (const [k, v] of Object.entries(state[section] ?? {})) {
    if (typeof v === 'string' && defaults[section]?.[k] !== undefined) state[section][k] = read(section, k, v);
  }
}
