// The n-gram strip: a word's character n-grams laid out one row per length n, each n-gram a chip
// with its hash bucket under it. Chips of different n-grams that share a bucket (a hash collision)
// get the same coloured outline; with per-bucket vocabulary counts (`words`) chips are marked as
// known (trained by some vocabulary word) or unknown. Pure drawing: the n-grams come from the worker.
import { h } from '../dom.js';

const COLLIDE = ['#c2410c', '#7c3aed', '#0e7490', '#be185d', '#a16207', '#15803d', '#b91c1c', '#1f4fd1'];

/** Code points of a string (a Hangul syllable or a jamo is one). */
export const codePoints = (s) => [...s].length;

/** bucket → distinct n-grams in it, only buckets holding two or more different n-grams. */
export function collisions(ngrams) {
  const by = new Map();
  for (const g of ngrams) {
    if (!by.has(g.bucket)) by.set(g.bucket, new Set());
    by.get(g.bucket).add(g.ngram);
  }
  return new Map([...by].filter(([, set]) => set.size > 1).map(([b, set]) => [b, [...set]]));
}

/**
 * ngrams: [{ngram, bucket, words?}] in fastText's order. opts: {markers (show the n-grams that
 * touch "<" or ">"; default true), strings: {row(n), bucket, known(k), unknown}, showBuckets,
 * shared (a Set of n-grams to highlight)}.
 * Returns {el, shown, collided}.
 */
export function ngramStrip(ngrams, opts = {}) {
  const str = opts.strings ?? {};
  const markers = opts.markers ?? true;
  // Without markers: exactly the n-grams of the bare word (those that do not contain < or >).
  const shown = markers ? ngrams : ngrams.filter((g) => !/[<>]/.test(g.ngram));
  const coll = collisions(shown);
  const colour = new Map([...coll.keys()].map((b, i) => [b, COLLIDE[i % COLLIDE.length]]));
  const rows = new Map();
  for (const g of shown) {
    const n = codePoints(g.ngram);
    if (!rows.has(n)) rows.set(n, []);
    rows.get(n).push(g);
  }
  const el = h('div.ngstrip', [...rows.keys()].sort((a, b) => a - b).map((n) => h('div.ng-row', { dataset: { n: String(n) } },
    h('span.ng-n', str.row ? str.row(n) : `n = ${n}`),
    h('div.ng-chips', rows.get(n).map((g) => {
      const c = colour.get(g.bucket);
      const known = g.words === undefined ? (opts.shared?.has(g.ngram) ? '.shared' : '') : g.words > 0 ? '.known' : '.unknown';
      const title = [`${str.bucket ?? 'bucket'} ${g.bucket}`, g.hash !== undefined ? `hash ${g.hash}` : null,
        g.words === undefined ? null : g.words > 0 ? (str.known ? str.known(g.words) : `${g.words}`) : str.unknown].filter(Boolean).join(' · ');
      return h(`span.ng-chip${c ? '.collide' : ''}${known}`, { title, dataset: { bucket: String(g.bucket), ngram: g.ngram }, style: c ? { borderColor: c, boxShadow: `0 0 0 2px ${c}` } : null },
        h('span.ng-text', g.ngram.split(/([<>])/).filter(Boolean).map((p) => (p === '<' || p === '>' ? h('span.ng-mark', p) : p))),
        opts.showBuckets === false ? null : h('span.ng-bucket', `#${g.bucket}`),
        g.words === undefined ? null : h('span.ng-words', g.words > 0 ? `×${g.words}` : '—'));
    })))));
  return { el, shown, collided: coll, colour };
}
