// Loads the wasm package in Node 20 the way the README shows: initSync with the wasm bytes.
import { readFileSync } from 'node:fs';
import * as lib from '../../pkg/nlp_playground.js';

lib.initSync({ module: readFileSync(new URL('../../pkg/nlp_playground_bg.wasm', import.meta.url)) });
export default lib;
