// The matmul microbenchmark's wasm side (benches/gemm_bench.rs behind the C exports of the
// benchmark module built from benches/rnn/wasm_entry.rs), shared by the speed benchmarks in Node
// and in Chromium workers: instantiate the module, time `gemm_run` on given shapes.

/** The benchmark module's file, relative to this one (built by `cargo build --release --target
 * wasm32-unknown-unknown --example rnn_wasm`). */
export const KERNEL_WASM = new URL('../target/wasm32-unknown-unknown/release/examples/rnn_wasm.wasm', import.meta.url);

/** Instantiates the benchmark module from its bytes. It also carries the library's wasm-bindgen
 * glue, never called here, so its imports are stubs that throw. */
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

/** For each [m, k, n]: the best of 5 rounds of ≈ 0.2 GFLOP; rows `{peer, gemm: "MxKxN", gflops}`. */
export function runGemm(x, peer, shapes) {
  return shapes.map(([m, k, n]) => {
    const flops = x.gemm_dims(m, k, n);
    const reps = Math.ceil(2e8 / flops);
    x.gemm_run(Math.ceil(reps / 10));
    let best = Infinity;
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      x.gemm_run(reps);
      best = Math.min(best, performance.now() - t0);
    }
    return { peer, gemm: `${m}x${k}x${n}`, gflops: (flops * reps) / best / 1e6 };
  });
}
