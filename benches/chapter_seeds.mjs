// Chapters 6-8 demonstrations on seeds not tried before, JS API defaults: node benches/chapter_seeds.mjs rnn-en|rnn-ko|att-len|bank SEED...
import os from 'node:os';
import lib from '../tests/node/pkg.mjs';
import { measureRnn, measureAttention } from '../tests/lessons/chapters.mjs';
const [what, ...seeds] = process.argv.slice(2);
const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');
for (const s of seeds.map(Number)) {
  const t0 = Date.now(); const c0 = process.cpuUsage();
  let out;
  if (what === 'rnn-en' || what === 'rnn-ko') {
    const r = measureRnn(lib.sampleText(what.slice(4)), s).at(-1);
    out = { heldout: r.heldout, trigram: r.trigram, unigram: r.unigram, below: r.heldout < r.trigram, readable: r.readable };
  } else if (what === 'att') {
    const r = measureAttention(s).at(-1);
    out = r;
  } else if (what === 'att-len') {
    const mk = (extra) => lib.Seq2Seq.fromTask('reverse', { seed: s }, { seed: s, ...extra });
    const a = mk({}), b = mk({ attention: 'none' });
    a.train(a.info().steps); b.train(b.info().steps);
    const long = (e) => { const xs = e.byLength.filter((x) => x.length >= 8); const n = xs.reduce((p, x) => p + x.count, 0); return xs.reduce((p, x) => p + x.accuracy * x.count, 0) / n; };
    const ea = a.evaluate(), eb = b.evaluate();
    out = { att: ea.accuracy, none: eb.accuracy, attLong: long(ea), noneLong: long(eb), steps: a.info().step };
  } else if (what === 'bank') {
    const t = new lib.Transformer(lib.sampleText('en'), { seed: s });
    t.train(t.info().steps);
    const sents = ['I sat by the bank of the river.', 'We walked along the river bank.', 'I went to the bank to take out money.', 'The bank raised its interest rates.'];
    const vecs = sents.map((x) => { const r = t.run(x); const T = r.tokens.length; const i = r.tokens.indexOf('bank'); const d = r.hiddenSize; const L = r.numLayers; return r.hiddenStates.slice((L * T + i) * d, (L * T + i + 1) * d); });
    const cos = (a, b) => { let d = 0, x = 0, y = 0; for (let i = 0; i < a.length; i++) { d += a[i] * b[i]; x += a[i] ** 2; y += b[i] ** 2; } return d / Math.sqrt(x * y); };
    const m = vecs.map((a) => vecs.map((b) => +cos(a, b).toFixed(3)));
    out = { cos: m, within: [m[0][1], m[2][3]], across: [m[0][2], m[0][3], m[1][2], m[1][3]], minCos: Math.min(...m.flat()) };
    out.sensesSeparate = Math.min(...out.within) > Math.max(...out.across);
  }
  const c = process.cpuUsage(c0);
  console.log(what, 'seed', s, JSON.stringify(out), `${((Date.now() - t0) / 1000).toFixed(0)} s wall, ${((c.user + c.system) / 1e6).toFixed(0)} s CPU, load ${load()}`);
}
