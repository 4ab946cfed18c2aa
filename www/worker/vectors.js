// Rows of vectors (one per sentence) handed to the core in one call: shared by the Transformer
// chapter's homonym view (worker/transformer.js) and the pretrained model's (worker/pretrained.js),
// so both plots print the same measure computed the same way (src/embed/senses.rs).

/** Rows (each a Float32Array of one length) → one row-major Float32Array and the row length. */
export function flatten(rows) {
  const dim = rows.length ? rows[0].length : 0;
  const flat = new Float32Array(rows.length * dim);
  rows.forEach((r, k) => flat.set(r, k * dim));
  return { flat, dim };
}

/** How well `rows` group by `groups` (one index per row): {nn, n, within, across}. */
export function senseScore(wasm, rows, groups) {
  const { flat, dim } = flatten(rows);
  return wasm.senseScore(flat, dim, Uint32Array.from(groups));
}

/** The (n, n) row-major cosines between the rows, as a Float32Array. */
export function cosineMatrix(wasm, rows) {
  const { flat, dim } = flatten(rows);
  return wasm.cosineMatrix(flat, rows.length, dim);
}
