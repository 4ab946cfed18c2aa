// Our wasm side of the RNN speed benchmark (benches/rnn.sh) in Node: the module built from
// benches/rnn/wasm_entry.rs (`cargo build --release --target wasm32-unknown-unknown --example
// rnn_wasm`), the GRU and LSTM steps and the matmul microbenchmark. Prints one JSON line each.
// Usage: node benches/rnn/wasm_step.mjs [steps]
import { readFileSync } from 'node:fs';
import { instantiate, run } from './wasm_core.mjs';
import { KERNEL_WASM } from '../kernel.mjs';

const x = await instantiate(readFileSync(KERNEL_WASM));
for (const row of run(x, 'ours-wasm-node', Number(process.argv[2] ?? 100))) console.log(JSON.stringify(row));
