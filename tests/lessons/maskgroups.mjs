// Masked-word prediction by word group, the Transformer chapter's defaults (encoder, masked LM)
// through the JS API: every royalty and food word of the built-in text's groups (www/examples.js)
// is hidden in up to two sentences of the text where it occurs (its first and its middle
// occurrence), and we count the probes whose top 5 holds a word of the same group (the hidden word
// itself or another). Measured before training (step 0) and at the end, per seed; with the rank of
// the chapter's own masked example (bank / 배가 in the sample's sentence: tests/lessons/chapters.mjs).
//   node tests/lessons/maskgroups.mjs [seeds=10] [en|ko] [--from=1] [--misses]   (--misses: print the probes that miss)
// A benchmark-style command (minutes per seed), not a CI test; the numbers are in README.
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import lib from '../node/pkg.mjs';
import { maskedExample } from '../../www/examples.js';

const norm = (w) => w.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{M}\p{N}]/gu, '');
const GROUPS = ['royalty', 'food'];

/** [{text with [MASK], word, group}] for the text's group words. */
export function groupProbes(text, groups) {
  const lines = text.split(/(?<=[.!?。])\s+|\n+/).map((s) => s.trim()).filter((s) => s.split(/\s+/).length >= 4);
  const out = [];
  for (const g of GROUPS) {
    for (const word of groups[g]) {
      const hits = lines.filter((l) => l.split(/\s+/).some((w) => norm(w) === norm(word)));
      const picked = [...new Set([hits[0], hits[Math.floor(hits.length / 2)]])].filter(Boolean);
      for (const l of picked) {
        const ws = l.split(/\s+/);
        const i = ws.findIndex((w) => norm(w) === norm(word));
        // Only the word is masked, its punctuation stays ("palace." → "[MASK]."). Until
        // 2026-12-03 the whole piece was replaced, so a sentence's last word took its full stop
        // with it ("… went back to the [MASK]"), a sentence the model never saw, and it filled
        // the gap with the missing "."; `legacy` keeps that probe to compare the numbers.
        const masked = (whole) => ws.map((w, k) => (k !== i ? w : whole ? '[MASK]' : w.replace(/[\p{L}\p{M}\p{N}]+/u, '[MASK]'))).join(' ');
        out.push({ text: masked(false), legacy: masked(true), word, group: g });
      }
    }
  }
  return out;
}

/** Share of probes whose top 5 holds a same-group word, and of those whose top 1 is the word. */
export function groupScore(tf, probes, groups, field = 'text') {
  let same = 0;
  let exact = 0;
  const misses = [];
  for (const p of probes) {
    const top = (tf.predictMasked(p[field], 5)[0] ?? []).map((c) => norm(c.token));
    const members = new Set(groups[p.group].map(norm));
    if (top.some((x) => members.has(x))) same++;
    else misses.push(`${p.group} "${p[field]}" (${p.word}) → ${top.join(' ')}`);
    if (top[0] === norm(p.word)) exact++;
  }
  return { probes: probes.length, sameGroupTop5: same / probes.length, exactTop1: exact / probes.length, misses };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const seeds = Number(args.find((a) => /^\d+$/.test(a)) ?? 10);
  const from = Number(args.find((a) => a.startsWith('--from='))?.slice(7) ?? 1);
  const ids = args.filter((a) => /^[a-z]{2}$/.test(a));
  for (const id of ids.length ? ids : ['en', 'ko']) {
    const text = lib.sampleText(id);
    const groups = lib.sampleExamples(id).groups;
    const probes = groupProbes(text, groups);
    const ex = lib.sampleExamples(id);
    const example = maskedExample(ex.pretrainedSentence, ex.homonyms);
    const finals = [];
    const legacyFinals = [];
    for (let seed = from; seed <= seeds; seed++) {
      const t0 = Date.now();
      const tf = new lib.Transformer(text, { seed });
      const start = groupScore(tf, probes, groups);
      tf.train(tf.info().steps);
      const end = groupScore(tf, probes, groups);
      const legacy = groupScore(tf, probes, groups, 'legacy');
      finals.push(end.sameGroupTop5);
      legacyFinals.push(legacy.sameGroupTop5);
      const top = (tf.predictMasked(example.text, 5)[0] ?? []).map((c) => c.token);
      const rank = top.findIndex((x) => norm(x) === norm(example.word)) + 1;
      console.log(`${id} seed ${seed}: step ${tf.info().step}, ${probes.length} probes, same group in top 5 ${start.sameGroupTop5.toFixed(2)} → ${end.sameGroupTop5.toFixed(2)}, exact top 1 ${start.exactTop1.toFixed(2)} → ${end.exactTop1.toFixed(2)} (legacy probes without the full stop: ${legacy.sameGroupTop5.toFixed(2)}); "${example.text}": ${example.word} at rank ${rank || '> 5'} [${top.join(' ')}] (${((Date.now() - t0) / 1000).toFixed(0)} s, load ${os.loadavg()[0].toFixed(1)})`);
      if (args.includes('--misses')) end.misses.forEach((m) => console.log(`  miss: ${m}`));
      tf.free();
    }
    console.log(`${id}: seeds ${from}-${seeds}: same group in top 5 on ≥ 0.8 of the probes for ${finals.filter((x) => x >= 0.8).length} of ${finals.length} seeds, on ≥ half for ${finals.filter((x) => x >= 0.5).length}; range ${Math.min(...finals).toFixed(2)}–${Math.max(...finals).toFixed(2)} (legacy probes: ≥ 0.8 on ${legacyFinals.filter((x) => x >= 0.8).length})`);
  }
}
