// Times the micro-kernel variants of benches/rnn/kernel_variants.rs (build command there) in
// Node, on the process's CPU time (fairer than wall time on a shared machine): GFLOP/s of each
// variant, 3 rounds, interleaved.   node benches/rnn/kernel_variants.mjs WASM [k=128] [variants=0,1,2,5,6,7,10,12]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

const [file, k = 128, list = '0,1,2,5,6,7,10,12'] = process.argv.slice(2);
if (!file) throw new Error('usage: node benches/rnn/kernel_variants.mjs WASM [k] [variants]');
const { instance } = await WebAssembly.instantiate(readFileSync(file));
const x = instance.exports;
x.init();
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e3; };
const variants = list.split(',').map(Number);
const rows = Object.fromEntries(variants.map((v) => [v, []]));
console.log(`load before: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
for (let r = 0; r < 3; r++) {
  for (const v of variants) {
    const flops = x.run(v, Number(k), 1000);
    const reps = Math.ceil(3e8 / flops);
    const c0 = cpu();
    x.run(v, Number(k), reps);
    rows[v].push(((flops * reps) / (cpu() - c0) / 1e6).toFixed(1));
  }
}
for (const v of variants) console.log(`variant ${String(v).padStart(2)}: GFLOP/s (CPU) ${rows[v].join(', ')}`);
console.log(`load after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
