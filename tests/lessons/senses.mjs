// The Transformer chapter's homonym view on its defaults: does the word's vector group by sense
// in the chapter's own example sentences (www/contexts.js, a blank line between senses)? The
// default model (masked LM, 3,000 steps) trained through the JS API, then the view's vector (the
// last layer's hidden state at the word) scored with the view's measure (the core's senseScore).
//   nice -n 10 node tests/lessons/senses.mjs en|ko SEED…      (about a minute of CPU per seed)
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import lib from '../node/pkg.mjs';
import { CONTEXTS, parseGroups } from '../../www/contexts.js';

/** The view's score of the example sentences (www/contexts.js) at every layer of the trained
 * Transformer `t`: [{nn, n, within, across}] for layers 0 … L, and how many tokens read as [UNK]. */
export function sensesOf(t, lang) {
  const { word, text } = CONTEXTS[lang];
  const items = parseGroups(text);
  const perLayer = [];
  let unknown = 0;
  for (const { text: s } of items) {
    const r = t.run(s);
    unknown += r.tokens.filter((x) => x === '[UNK]').length;
    const i = r.tokens.indexOf(word);
    if (i < 0) throw new Error(`${word} is not a token of ${JSON.stringify(s)}: ${r.tokens.join(' ')}`);
    const T = r.tokens.length; const d = r.hiddenSize;
    for (let l = 0; l <= r.numLayers; l++) (perLayer[l] ??= []).push(r.hiddenStates.slice((l * T + i) * d, (l * T + i + 1) * d));
  }
  const groups = Uint32Array.from(items.map((x) => x.group));
  const senseScore = (vs) => {
    const flat = new Float32Array(vs.length * vs[0].length);
    vs.forEach((v, k) => flat.set(v, k * v.length));
    return lib.senseScore(flat, vs[0].length, groups);
  };
  return { unknown, layers: perLayer.map(senseScore) };
}

/** Trains the chapter's default Transformer on the sample `lang` with `seed` (to `steps`, default
 * the settings' own end) and scores the example sentences at every layer. */
export function measureSenses(lang, seed, steps) {
  const t = new lib.Transformer(lib.sampleText(lang), { seed, ...(steps ? { steps } : {}) });
  t.train(t.info().steps);
  const r = sensesOf(t, lang);
  const info = t.info();
  t.free();
  return { lang, seed, step: info.step, ...r };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [lang, ...seeds] = process.argv.slice(2);
  const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');
  for (const seed of seeds.map(Number)) {
    const t0 = Date.now(); const c0 = process.cpuUsage();
    const r = measureSenses(lang, seed);
    const c = process.cpuUsage(c0);
    const f = (x) => (x === null ? '—' : x.toFixed(3));
    const cells = r.layers.map((s, l) => `L${l} nn ${s.nn}/${s.n} within ${f(s.within)} across ${f(s.across)}`).join(' | ');
    console.log(`${lang} seed ${seed} step ${r.step} unk ${r.unknown}: ${cells}  (${((Date.now() - t0) / 1000).toFixed(0)} s wall, ${((c.user + c.system) / 1e6).toFixed(0)} s CPU, load ${load()})`);
  }
}
