// Two builds of the library side by side on the RNN benchmark's public path (public.mjs:
// `new RnnLM(text, config)`, `lm.train(1)`), interleaved in one Node process so machine load hits
// both alike: for a change to the training step, build pkg/ before and after into two directories
// (wasm-bindgen --target web --out-dir DIR) and compare. Prints wall / CPU ms per step, each round.
//   node benches/rnn/ab.mjs OLD_PKG_DIR NEW_PKG_DIR [steps=30] [rounds=3]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadavg } from 'node:os';
import { config, text } from './public.mjs';

const [oldDir, newDir, steps = 30, rounds = 3] = process.argv.slice(2);
if (!newDir) throw new Error('usage: node benches/rnn/ab.mjs OLD_PKG_DIR NEW_PKG_DIR [steps] [rounds]');
const load = async (dir) => {
  const lib = await import(pathToFileURL(resolve(dir, 'nlp_playground.js')).href);
  lib.initSync({ module: readFileSync(resolve(dir, 'nlp_playground_bg.wasm')) });
  return lib;
};
const libs = { old: await load(oldDir), new: await load(newDir) };
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e3; };
const t = text();
const out = {};
console.log(`load before: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
for (let r = 0; r < Number(rounds); r++) {
  for (const cell of ['lstm', 'gru']) {
    for (const which of ['old', 'new']) {
      const lm = new libs[which].RnnLM(t, config(cell));
      lm.train(10);
      const [c0, t0] = [cpu(), performance.now()];
      let loss;
      for (let i = 0; i < Number(steps); i++) loss = lm.train(1).loss;
      const [ms, cms] = [(performance.now() - t0) / steps, (cpu() - c0) / steps];
      (out[`${cell} ${which}`] ??= []).push(`${ms.toFixed(1)} / ${cms.toFixed(1)}`);
      if (r === 0) console.log(`${cell} ${which}: loss after ${10 + Number(steps)} steps ${loss}`);
      lm.free?.();
    }
  }
}
for (const [k, v] of Object.entries(out)) console.log(`${k.padEnd(9)} wall / CPU ms per step: ${v.join(', ')}`);
console.log(`load after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
