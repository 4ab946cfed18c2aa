// The timing loop of the RNN speed benchmark's wasm side, shared by Node (wasm_step.mjs) and the
// Chromium worker (browser_worker.js): times the exports of the module built from wasm_entry.rs
// with performance.now(); the matmul microbenchmark is benches/kernel.mjs's.
import { runGemm } from '../kernel.mjs';

/** CPU time of the process in ms where known (Node), else null. */
const cpuMs = () => (globalThis.process?.cpuUsage ? (({ user, system }) => (user + system) / 1e3)(process.cpuUsage()) : null);

export { instantiate } from '../kernel.mjs';

/**
 * Runs the step benchmark for both cells and the matmul microbenchmark; returns JSON rows tagged
 * with `peer`. The reported step time is the mean over `steps` steps after 10 warm-up steps.
 */
export function run(x, peer, steps) {
  const rows = [];
  for (const [cell, id] of [['gru', 0], ['lstm', 1]]) {
    x.rnn_new(id);
    x.rnn_steps(10);
    const [t0, c0] = [performance.now(), cpuMs()];
    const loss = x.rnn_steps(steps);
    const ms = (performance.now() - t0) / steps;
    const c1 = cpuMs();
    rows.push({ peer, cell, ms_per_step: ms, cpu_ms_per_step: c0 === null ? null : (c1 - c0) / steps, gflops: x.rnn_flops(id) / ms / 1e6, steps, loss });
  }
  const shapes = [];
  for (let i = 0; x.gemm_shape(i) > 0; i++) {
    const s = x.gemm_shape(i);
    shapes.push([Math.floor(s / 1e6), Math.floor(s / 1e3) % 1000, s % 1000]);
  }
  return [...rows, ...runGemm(x, peer, shapes)];
}
