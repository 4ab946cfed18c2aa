// The models' settings as the library defines them: one schema per model (settingsSpec in the JS
// API, src/settings in Rust), generated into pkg/settings.js by scripts/build.sh. The page's forms
// (views/settingsform.js), the URL's types (state.js registerSchema) and the defaults all come from
// here, so a limit or a default is written once, in Rust. The page passes what the user set to the
// library as it is; the library checks it and names every bad value (in the page's language, via
// the error codes).
import specs from '../pkg/settings.js';

/** The fields of a model's schema: [{name, kind, min, max, default, choices, optional, aliases, doc}]. */
export function fields(model) {
  const f = specs[model];
  if (!f) throw new Error(`no settings schema for ${model}`);
  return f;
}

/** One field of a model's schema. */
export function field(model, name) {
  return fields(model).find((f) => f.name === name);
}

/** {name: default} of a model's settings (`omit`: names the page keeps elsewhere, such as the seed). */
export function defaults(model, omit = []) {
  return Object.fromEntries(fields(model).filter((f) => !omit.includes(f.name)).map((f) => [f.name, f.default]));
}

/** The settings object for the library: the schema's names taken from `values` (a state section
 * that also holds view state), untouched; `extra` adds others (the page's one seed). */
export function configOf(model, values, extra = {}) {
  const out = {};
  for (const f of fields(model)) if (values?.[f.name] !== undefined) out[f.name] = values[f.name];
  return { ...out, ...extra };
}

/** A value typed in a URL or a form, read by the field's kind. What does not read as that kind is
 * kept as typed (a string), so the library's error names it instead of a silent default. */
export function fromText(f, raw) {
  const s = String(raw).trim();
  if (f.optional && (s === '' || s === 'null')) return null;
  if (f.kind === 'int' || f.kind === 'float') {
    const n = s === '' ? NaN : Number(s);
    return Number.isFinite(n) ? n : s;
  }
  if (f.kind === 'bool') return s === '1' || s === 'true' ? true : s === '0' || s === 'false' ? false : s;
  return s;
}
