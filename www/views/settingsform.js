// A form for a model's settings, built from the library's schema (www/settings.js): one control
// per field, its limits and choices the library's own, labels from the page's strings. Values are
// read back as typed (a number box as a number, an empty one as '' or, where the setting may be
// automatic, null), never clamped or defaulted: a bad value reaches the library, whose error (in
// the page's language) names it.
import { h } from '../dom.js';
import { field as specField, fromText } from '../settings.js';

/**
 * `model`: the schema's name; `names`: the fields to show, in order; `values`: {name: value};
 * `label(name)`, `choiceLabel(name, value)`: the page's words; `presets`: {name: [[value, text]]}
 * shows a field as a menu of those values (each within the schema's limits; a test checks);
 * `onChange(name, value)` after each edit. Returns {el, controls, read(), set(values),
 * markInvalid(err)}.
 * Each control carries data-setting=<name> and the schema's min / max (for the spin buttons and
 * for tests; the form itself does not validate, the library does).
 */
export function settingsForm({ model, names, values, label, choiceLabel = (n, v) => String(v), presets = {}, onChange, className = 'settings-form' }) {
  const controls = {};
  const fieldOf = (name) => {
    const f = specField(model, name);
    if (!f) throw new Error(`${model} has no setting ${name}`);
    return f;
  };
  const select = (f, options) => h('select', { dataset: { setting: f.name } },
    options.map(([v, text]) => h('option', { value: v === null ? '' : String(v) }, text)));
  const make = (name) => {
    const f = fieldOf(name);
    let el;
    if (presets[name]) {
      el = select(f, presets[name]);
    } else if (f.kind === 'choice') {
      el = select(f, [...(f.optional ? [[null, choiceLabel(name, null)]] : []), ...f.choices.map((c) => [c, choiceLabel(name, c)])]);
    } else if (f.kind === 'bool') {
      el = h('input', { type: 'checkbox', dataset: { setting: name } });
    } else if (f.kind === 'int' && f.max - f.min <= 10) {
      // A few whole numbers (an n-gram order): a menu of all of them.
      const n = [];
      for (let v = f.min; v <= f.max; v++) n.push([v, choiceLabel(name, v)]);
      el = select(f, n);
    } else {
      el = h('input', { type: 'number', min: f.min, max: f.max, step: f.kind === 'int' ? 1 : 'any', dataset: { setting: name },
        placeholder: f.optional ? choiceLabel(name, null) : '' });
    }
    el.setAttribute('aria-label', label(name));
    el.addEventListener('change', () => onChange?.(name, readOne(name)));
    controls[name] = el;
    return h('label.field', { dataset: { field: name } }, f.kind === 'bool' ? [el, h('span', label(name))] : [h('span', label(name)), el]);
  };
  const readOne = (name) => {
    const el = controls[name];
    if (el.type === 'checkbox') return el.checked;
    return fromText(fieldOf(name), el.value);
  };
  const set = (vals) => {
    for (const [name, el] of Object.entries(controls)) {
      if (!(name in vals)) continue;
      const v = vals[name];
      const text = v === null || v === undefined ? '' : String(v);
      if (el.type === 'checkbox') el.checked = v === true;
      else if (el.tagName === 'SELECT' && ![...el.options].some((o) => o.value === text)) {
        // A value from a link that is not on the menu is shown as itself (and reaches the library).
        el.append(h('option', { value: text }, text));
        el.value = text;
      } else if (el.type === 'number' && text !== '' && !Number.isFinite(Number(text))) {
        // A link's value that is not a number: a number box cannot hold it (it would show empty),
        // so it shows the default; the value itself still reaches the library, whose message names
        // it, and the box is marked (markInvalid).
        el.value = String(fieldOf(name).default ?? '');
      } else el.value = text;
    }
  };
  const el = h(`div.${className}`, names.map(make));
  set(values ?? {});
  return {
    el,
    controls,
    /** {name: value} of every control, as typed. */
    read: () => Object.fromEntries(names.map((n) => [n, readOne(n)])),
    set,
    /** Marks the controls of the settings a library error names (its problems' `name`); no
     * argument, or an error about something else, clears the marks. */
    markInvalid(err) {
      const named = new Set((err?.kind === 'settings' ? err.problems ?? [] : []).map((p) => p.params?.name));
      for (const [name, el] of Object.entries(controls)) {
        if (named.has(name)) el.setAttribute('aria-invalid', 'true');
        else el.removeAttribute('aria-invalid');
      }
    },
  };
}
