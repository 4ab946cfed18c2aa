// The Transformer speed benchmark's table (benches/transformer.sh): reads the JSON lines of every
// round on stdin and prints each peer's median wall and CPU ms/step over the rounds, the GFLOP/s
// that is (the step's matrix products, wasm_core.mjs's flops()), the ratios the goals are
// about (against PyTorch and TensorFlow.js), then the matmul kernel's best GFLOP/s per shape.
import { flops } from './wasm_core.mjs';

let text = '';
for await (const chunk of process.stdin) text += chunk;
const rows = text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const median = (xs) => {
  const s = [...xs].filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const PEERS = ['ours-native', 'ours-wasm-node', 'ours-wasm-chromium-worker', 'pytorch', 'tfjs-wasm'];
for (const l of rows.filter((r) => r.load)) console.log(`load: ${l.load.trim()}`);
const steps = rows.filter((r) => r.ms_per_step);
const of = (p, k) => steps.filter((r) => r.peer === p).map((r) => r[k]);
console.log(`rounds: ${Math.max(...PEERS.map((p) => of(p, 'ms_per_step').length))}; ${f(flops() / 1e6, 0)} MFLOP of matrix products per step\n`);
console.log('| implementation | wall ms / step (median) | each round | CPU ms / step (median) | GFLOP/s (wall) | GFLOP/s (CPU) | PyTorch time / this (wall, CPU) | TF.js time / this (wall, CPU) |');
console.log('|---|---|---|---|---|---|---|---|');
const [tw, tc] = [median(of('pytorch', 'ms_per_step')), median(of('pytorch', 'cpu_ms_per_step'))];
const [jw, jc] = [median(of('tfjs-wasm', 'ms_per_step')), median(of('tfjs-wasm', 'cpu_ms_per_step'))];
for (const p of PEERS.filter((p) => of(p, 'ms_per_step').length)) {
  const [w, c] = [median(of(p, 'ms_per_step')), median(of(p, 'cpu_ms_per_step'))];
  console.log(`| ${p} | ${f(w)} | ${of(p, 'ms_per_step').map((v) => f(v, 1)).join(', ')} | ${f(c)} | ${f(flops() / w / 1e6)} | ${f(flops() / c / 1e6)} | ${f(tw / w)}, ${f(tc / c)} | ${f(jw / w)}, ${f(jc / c)} |`);
}
console.log('\nmatmul kernel (nn::matmul::gemm) alone, best GFLOP/s of every round\n');
const shapes = [...new Set(rows.filter((r) => r.gemm).map((r) => r.gemm))];
const gpeers = PEERS.filter((p) => rows.some((r) => r.peer === p && r.gemm));
console.log(`| m×k×n | ${gpeers.join(' | ')} |`);
console.log(`|---|${gpeers.map(() => '---').join('|')}|`);
for (const s of shapes) {
  const best = (p) => Math.max(...rows.filter((r) => r.peer === p && r.gemm === s).map((r) => r.gflops));
  console.log(`| ${s} | ${gpeers.map((p) => f(best(p))).join(' | ')} |`);
}
