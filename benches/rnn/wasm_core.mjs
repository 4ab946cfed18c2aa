// The timing loop of the RNN speed benchmark's wasm side, shared by Node (wasm_step.mjs) and the
// Chromium worker (browser_worker.js): instantiates the module built from wasm_entry.rs and times
// its exports with performance.now(). The module also carries the library's wasm-bindgen glue,
// never called here, so its imports are stubs that throw.

/** CPU time of the process in ms where known (Node), else null. */
const cpuMs = () => (globalThis.process?.cpuUsage ? (({ user, system }) => (user + system) / 1e3)(process.cpuUsage()) : null);

/** Instantiates the benchmark module from its bytes. */
export async function instantiate(bytes) {
  const module = await WebAssembly.compile(bytes);
  const imports = {};
  for (const { module: m, name } of WebAssembly.Module.imports(module)) {
    (imports[m] ??= {})[name] = () => {
      throw new Error(`benchmark module called the import ${m}.${name}`);
    };
  }
  return (await WebAssembly.instantiate(module, imports)).exports;
}

/**
 * Runs the step benchmark for both cells and the matmul microbenchmark; returns JSON rows tagged
 * with `peer`. Steps are timed in rounds of `steps / 5`; the reported time is their mean.
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
  for (let i = 0; x.gemm_new(i) > 0; i++) {
    const flops = x.gemm_new(i);
    const s = x.gemm_shape(i);
    const shape = `${Math.floor(s / 1e6)}x${Math.floor(s / 1e3) % 1000}x${s % 1000}`;
    const reps = Math.ceil(2e8 / flops);
    x.gemm_run(Math.ceil(reps / 10));
    let best = Infinity;
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      x.gemm_run(reps);
      best = Math.min(best, performance.now() - t0);
    }
    rows.push({ peer, gemm: shape, gflops: (flops * reps) / best / 1e6 });
  }
  return rows;
}
