// Ours in wasm under Node for benches/transformer.sh: the page's Transformer (pkg/) timed by
// wasm_core.mjs, and the matmul kernel on the step's shapes (benches/kernel.mjs). One JSON line each.
// Usage: node benches/transformer/wasm_step.mjs [steps]
//   (build pkg/ first: ./scripts/build.sh; and the kernel module: cargo build --release --target
//   wasm32-unknown-unknown --example rnn_wasm)
import { readFileSync } from 'node:fs';
import * as lib from '../../pkg/nlp_playground.js';
import { GEMM_SHAPES, run } from './wasm_core.mjs';
import { KERNEL_WASM, instantiate, runGemm } from '../kernel.mjs';

lib.initSync({ module: readFileSync(new URL('../../pkg/nlp_playground_bg.wasm', import.meta.url)) });
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const peer = 'ours-wasm-node';
console.log(JSON.stringify(run(lib, peer, Number(process.argv[2] ?? 100), cpu)));
for (const row of runGemm(await instantiate(readFileSync(KERNEL_WASM)), peer, GEMM_SHAPES)) console.log(JSON.stringify(row));
