// The RNN speed benchmark's table (benches/rnn.sh): reads the JSON lines of every round on stdin
// and prints, per cell, each peer's median ms/step over the rounds, the GFLOP/s that is (the
// matrix products' flops of benches/rnn/step.rs), and the ratios the issue's goals are about;
// then the matmul microbenchmark's best GFLOP/s per shape.
let text = '';
for await (const chunk of process.stdin) text += chunk;
const rows = text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const FLOPS = { gru: 0, lstm: 0 };
for (const r of rows.filter((r) => r.cell && r.gflops)) FLOPS[r.cell] = (r.gflops * r.ms_per_step) * 1e6;
// Every row of a cell has the same flops (the rows without gflops: the peers and the public path).
// ours-*: the public path (RnnLM.train(1)); ours-*-net: the bare network step (Net + Adam).
const PEERS = ['ours-native', 'ours-wasm-node', 'ours-wasm-chromium-worker', 'ours-native-net', 'ours-wasm-node-net', 'ours-wasm-chromium-worker-net', 'pytorch', 'tfjs-wasm'];
for (const l of rows.filter((r) => r.load)) console.log(`load: ${l.load.trim()}`);
console.log(`rounds: ${Math.max(...PEERS.map((p) => rows.filter((r) => r.peer === p && r.cell === 'gru').length))}`);
const f = (v, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '—');
for (const cell of ['gru', 'lstm']) {
  const ms = Object.fromEntries(PEERS.map((p) => [p, rows.filter((r) => r.peer === p && r.cell === cell)])
    .filter(([, v]) => v.length).map(([p, v]) => {
      const cpu = v.map((r) => r.cpu_ms_per_step).filter(Number.isFinite);
      return [p, { med: median(v.map((r) => r.ms_per_step)), all: v.map((r) => r.ms_per_step), cpu: cpu.length ? median(cpu) : NaN }];
    }));
  const ours = ms['ours-wasm-node'];
  console.log(`\n${cell.toUpperCase()} (${(FLOPS[cell] / 1e6).toFixed(0)} MFLOP of matrix products per step)\n`);
  console.log('| implementation | ms / step (median, wall) | each round | CPU ms / step (median) | GFLOP/s (wall / CPU) | ours (wasm, Node, public path) is … × as fast (wall / CPU) |');
  console.log('|---|---|---|---|---|---|');
  for (const [p, { med, all, cpu }] of Object.entries(ms)) {
    console.log(`| ${p} | ${med.toFixed(2)} | ${all.map((v) => v.toFixed(1)).join(', ')} | ${f(cpu)} | ${f(FLOPS[cell] / med / 1e6)} / ${f(FLOPS[cell] / cpu / 1e6)} | ${f(med / ours?.med)} / ${f(cpu / ours?.cpu)} |`);
  }
}
console.log('\nmatmul kernel (nn::matmul::gemm), best GFLOP/s of every round\n');
const shapes = [...new Set(rows.filter((r) => r.gemm).map((r) => r.gemm))];
const gpeers = PEERS.filter((p) => rows.some((r) => r.peer === p && r.gemm));
// The wasm kernel rows come with the bare-step module (peer *-net); the kernel is the same.
console.log(`| m×k×n | ${gpeers.map((p) => p.replace(/-net$/, '')).join(' | ')} |`);
console.log(`|---|${gpeers.map(() => '---').join('|')}|`);
for (const s of shapes) {
  const best = (p) => Math.max(...rows.filter((r) => r.peer === p && r.gemm === s).map((r) => r.gflops));
  console.log(`| ${s} | ${gpeers.map((p) => best(p).toFixed(2)).join(' | ')} |`);
}
