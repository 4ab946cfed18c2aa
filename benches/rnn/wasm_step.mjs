// Our wasm side of the RNN speed benchmark (benches/rnn.sh) in Node: the public path (the
// library's pkg/, `lm.train(1)`, public.mjs; build it with ./scripts/build.sh), then the module built from
// benches/rnn/wasm_entry.rs (`cargo build --release --target wasm32-unknown-unknown --example
// rnn_wasm`), the GRU and LSTM steps and the matmul microbenchmark. Prints one JSON line each.
// Usage: node benches/rnn/wasm_step.mjs [steps]
import { readFileSync } from 'node:fs';
import lib from '../../tests/node/pkg.mjs';
import { runPublic } from './public.mjs';
import { instantiate, run } from './wasm_core.mjs';
import { KERNEL_WASM } from '../kernel.mjs';

const x = await instantiate(readFileSync(KERNEL_WASM));
const steps = Number(process.argv[2] ?? 100);
for (const row of runPublic(lib, 'ours-wasm-node', steps)) console.log(JSON.stringify(row));
for (const row of run(x, 'ours-wasm-node-net', steps)) console.log(JSON.stringify(row));
