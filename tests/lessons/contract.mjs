// The teaching contract (issue 13): every chapter's signature demonstration, run through the JS API
// with the API's default settings (which equal the page's, see pageDefaults) on the built-in corpora,
// with the examples the page proposes (sampleExamples). measure() trains and measures one corpus and
// seed; THRESHOLDS says what must hold and over how many seeds.
//
//   node tests/lessons/contract.mjs [seeds=10] [corpus ...] [--from=1]   # seeds from … seeds; prints every number, exits 1 on a breach
//   node tests/lessons/contract.mjs 10 en --text=path.txt      # a candidate text (corpus design)
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import lib from '../node/pkg.mjs';
import specs from '../../pkg/settings.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** What must hold. `seeds`: the share of seeds on which the per-seed test must pass. */
export const THRESHOLDS = {
  analogyRank1: 0.9, // a : b :: c : expected at rank 1 (Word2Vec)
  groupPrecision: 0.8, // mean top-5 precision of the group words' nearest neighbours among the listed words
  tsnePurity: 0.8, // the same on the 2-D t-SNE layout, among the group words
  unseenTop3: 0.9, // FastText: the first unseen word has one of its seen forms in its top 3
  sensesMin: 2, // FastText: the homonym's top-10 neighbours hold words of at least this many senses
  seeds: 0.9, // share of seeds on which a per-seed number must pass
};

/** The page's defaults for a chapter's state section: its registerSchema(section, model, {...})
 * call in the chapter file, i.e. the library's schema defaults (pkg/settings.js) under the
 * chapter's own view settings (null if the file registers no schema for the section). */
export function pageDefaults(file, section) {
  const src = fs.readFileSync(root + file, 'utf8');
  const m = src.match(new RegExp(`registerSchema\\('${section}', '(\\w+)',\\s*(\\{[\\s\\S]*?\\})(?:, \\{[^}]*\\})?\\);`));
  if (!m) return null;
  const schema = Object.fromEntries(specs[m[1]].map((f) => [f.name, f.default]));
  return { ...schema, ...Function(`return (${m[2]});`)() };
}

/** Cosine top-k of a query vector over all rows of `data` (n × dim), excluding `skip` ids. */
function topK(data, n, dim, q, k, skip = new Set()) {
  const qn = Math.hypot(...q) || 1;
  const out = [];
  for (let i = 0; i < n; i++) {
    if (skip.has(i)) continue;
    let d = 0, nn = 0;
    for (let j = 0; j < dim; j++) { d += data[i * dim + j] * q[j]; nn += data[i * dim + j] ** 2; }
    out.push([d / (qn * (Math.sqrt(nn) || 1)), i]);
  }
  return out.sort((a, b) => b[0] - a[0]).slice(0, k).map((x) => x[1]);
}

/** Mean top-5 precision: for each group word, the share of its 5 nearest (by `near`) in its group. */
function precision(groups, near) {
  const of = new Map(Object.entries(groups).flatMap(([g, ws]) => ws.map((w) => [w, g])));
  let sum = 0, n = 0;
  for (const [w, g] of of) {
    const nb = near(w);
    if (!nb) continue;
    sum += nb.filter((x) => of.get(x) === g).length / 5;
    n++;
  }
  return n ? sum / n : 0;
}

/** The worker's t-SNE view (www/worker/space.js): the chapter's top-N words and perplexity, cosine, seeded. */
function tsneLayout(model, seed, { topN, perplexity } = pageDefaults('www/chapters/word2vec.js', 'word2vec'), iters = 1000) {
  const words = model.vocab();
  const n = Math.min(words.length, topN);
  const dim = model.dim();
  const data = model.vectors().subarray(0, n * dim);
  const ts = new lib.Tsne(data, n, dim, { perplexity, seed, metric: 'cosine', exaggerationIters: 100 });
  let pos;
  for (let done = 0; done < iters; done += 250) pos = ts.step(Math.min(250, iters - done));
  ts.free();
  return { words: words.slice(0, n), pos };
}

function train(model) {
  let p;
  do p = model.train(50_000); while (!p.done);
  return p;
}

/** Every number of the contract for one corpus text and one seed. */
export function measure(text, ex, seed, { tsne = true, fasttext = true, w2vConfig = {}, ftConfig = {} } = {}) {
  const out = { seed };
  const w2v = new lib.Word2Vec(text, { ...w2vConfig, seed });
  train(w2v);
  const [a, b, c, expected] = ex.analogy;
  const ans = w2v.analogy(a, b, c, 10).map((x) => x.word);
  out.analogy = ans.slice(0, 3).join(' ');
  out.analogyRank = ans.indexOf(expected) + 1; // 0: not in the top 10
  // Nearest among the listed words (what the class sees when it looks for them) and, for the
  // record, among the whole vocabulary.
  const listed = Object.values(ex.groups).flat().filter((w) => w2v.hasWord(w));
  const vec = new Map(listed.map((w) => [w, w2v.vector(w)]));
  const cos = (u, v) => { let d = 0, a = 0, b = 0; for (let i = 0; i < u.length; i++) { d += u[i] * v[i]; a += u[i] ** 2; b += v[i] ** 2; } return d / Math.sqrt(a * b); };
  out.groupPrecision = precision(ex.groups, (w) => (vec.has(w)
    ? listed.filter((x) => x !== w).map((x) => [cos(vec.get(w), vec.get(x)), x]).sort((p, q) => q[0] - p[0]).slice(0, 5).map((x) => x[1]) : null));
  out.vocabPrecision = precision(ex.groups, (w) => (w2v.hasWord(w) ? w2v.nearest(w, 5).map((x) => x.word) : null));
  if (tsne) {
    const { words, pos } = tsneLayout(w2v, seed);
    const shown = Object.values(ex.groups).flat().map((w) => words.indexOf(w)).filter((i) => i >= 0);
    const near2d = (w) => {
      const i = words.indexOf(w);
      if (i < 0) return null;
      const d = shown.filter((j) => j !== i).map((j) => [Math.hypot(pos[2 * i] - pos[2 * j], pos[2 * i + 1] - pos[2 * j + 1]), words[j]]);
      return d.sort((x, y) => x[0] - y[0]).slice(0, 5).map((x) => x[1]);
    };
    out.tsnePurity = precision(ex.groups, near2d);
    out.tsneShown = shown.length;
  }
  w2v.free();
  if (fasttext) {
    const ft = new lib.FastText(text, { ...ftConfig, seed });
    train(ft);
    const u = ex.unseen[0];
    out.unseenKnown = ft.hasWord(u);
    const nb = ft.nearest(u, 3).map((x) => x.word);
    out.unseen = `${u} → ${nb.join(' ')}`;
    out.unseenTop3 = nb.some((w) => ex.relatives[u].includes(w));
    const h = ex.homonyms[0];
    const senses = ex.senses[h];
    // Its ten nearest words other than its own forms (배가, 배를 … mix the senses too).
    const top10 = ft.nearest(h, 40).map((x) => x.word).filter((w) => !w.startsWith(h)).slice(0, 10);
    // A neighbour belongs to a sense when it is one of the sense's words or shares its first
    // syllable / four letters with one (the same stem in another form: 바다를 ~ 바다에서).
    const stem = (w) => (/[\uac00-\ud7a3]/.test(w) ? w.slice(0, 2) : w.slice(0, 4));
    const hit = senses.filter((s) => top10.some((w) => s.words.some((x) => x === w || stem(x) === stem(w))));
    out.homonym = `${h} → ${top10.join(' ')}`;
    out.sensesSpanned = hit.map((s) => s.label);
    ft.free();
  }
  return out;
}

/** Breaches of THRESHOLDS over the per-seed results of one corpus (empty: the contract holds). */
export function breaches(id, rows) {
  const need = Math.ceil(THRESHOLDS.seeds * rows.length);
  const count = (f) => rows.filter(f).length;
  const checks = [
    ['analogy at rank 1', count((r) => r.analogyRank === 1), Math.ceil(THRESHOLDS.analogyRank1 * rows.length)],
    [`group top-5 precision ≥ ${THRESHOLDS.groupPrecision}`, count((r) => r.groupPrecision >= THRESHOLDS.groupPrecision), need],
  ];
  if ('tsnePurity' in rows[0]) checks.push([`t-SNE group purity ≥ ${THRESHOLDS.tsnePurity}`, count((r) => r.tsnePurity >= THRESHOLDS.tsnePurity), need]);
  if ('unseenTop3' in rows[0]) {
    checks.push(['unseen word absent from the vocabulary', count((r) => !r.unseenKnown), rows.length]);
    checks.push(['unseen word: a seen form in its top 3', count((r) => r.unseenTop3), Math.ceil(THRESHOLDS.unseenTop3 * rows.length)]);
    checks.push([`homonym: ≥ ${THRESHOLDS.sensesMin} senses in its top 10`, count((r) => r.sensesSpanned.length >= THRESHOLDS.sensesMin), need]);
  }
  return checks.filter(([, got, want]) => got < want).map(([what, got, want]) => `${id}: ${what} on ${got} of ${rows.length} seeds (needs ${want})`);
}

/** The one-hot, n-gram and pretrained examples work on the corpus with the page's defaults. */
export function exampleChecks(text, ex) {
  const problems = [];
  const corpus = new lib.Corpus(text, { tokenizer: 'word', lowercase: true, punctuation: true });
  // The one-hot sentence, and the pretrained chapter's (and the Transformer's masked) example: every
  // word is one of the text's, so the demo BERT trained on it knows them all.
  for (const [chapter, sentence] of [['one-hot', ex.onehotSentence], ['pretrained', ex.pretrainedSentence]]) {
    const oh = corpus.oneHot(sentence);
    if (oh.ids.some((i) => i === null)) problems.push(`${chapter}: "${sentence}" has words outside the vocabulary: ${oh.tokens.filter((_, i) => oh.ids[i] === null)}`);
  }
  corpus.free();
  const { order, unit, smoothing, k } = pageDefaults('www/chapters/ngram.js', 'ngram');
  const ng = new lib.NGramModel(text, { order, unit, smoothing, k });
  const prompt = ex.ngramPrompt.split(' ');
  const next = ng.next(prompt, 5);
  if (!next.length || next[0].prob <= 0) problems.push(`n-gram: no continuation of "${ex.ngramPrompt}"`);
  ng.free();
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const seeds = Number(args.find((a) => /^\d+$/.test(a)) ?? 10);
  const from = Number(args.find((a) => a.startsWith('--from='))?.slice(7) ?? 1);
  const textArg = args.find((a) => a.startsWith('--text='))?.slice(7);
  const exArg = args.find((a) => a.startsWith('--examples='))?.slice(11);
  const ids = args.filter((a) => /^[a-z]{2}$/.test(a));
  // Settings other than the defaults, for designing the corpora and the defaults:
  // --w2v='{"epochs":20}' --ft='{"dim":50}'
  const json = (k) => JSON.parse(args.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3) ?? '{}');
  const opts = { w2vConfig: json('w2v'), ftConfig: json('ft') };
  let failed = 0;
  for (const id of ids.length ? ids : lib.samples().map((s) => s.id)) {
    const text = textArg ? fs.readFileSync(textArg, 'utf8') : lib.sampleText(id);
    const ex = exArg ? { ...lib.sampleExamples(id), ...JSON.parse(fs.readFileSync(exArg, 'utf8')) } : lib.sampleExamples(id);
    const t0 = Date.now();
    const rows = [];
    for (let seed = from; seed <= seeds; seed++) {
      const r = measure(text, ex, seed, opts);
      rows.push(r);
      console.log(id, JSON.stringify(r));
    }
    const bad = [...breaches(id, rows), ...exampleChecks(text, ex)];
    const mean = (k) => (rows.reduce((s, r) => s + r[k], 0) / rows.length).toFixed(3);
    console.log(`${id}: analogy rank 1 on ${rows.filter((r) => r.analogyRank === 1).length}/${rows.length}; group precision mean ${mean('groupPrecision')} (whole vocabulary ${mean('vocabPrecision')}); t-SNE purity mean ${mean('tsnePurity')}; unseen top-3 ${rows.filter((r) => r.unseenTop3).length}/${rows.length}; homonym senses ≥ 2 on ${rows.filter((r) => r.sensesSpanned.length >= 2).length}/${rows.length} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    for (const b of bad) console.log('BREACH', b);
    failed += bad.length;
  }
  process.exit(failed ? 1 : 0);
}
