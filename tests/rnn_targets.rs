//! Native and wasm train bit-identical recurrent networks from the same seed: every f32 operation
//! order is fixed (src/nn/matmul.rs, src/nn/kernels.rs) and exp / tanh / σ / ln are computed in
//! plain arithmetic (src/nn/math.rs) instead of the platform's libm.
//!
//! This test runs `tests/common/rnn_fingerprint.rs` natively and compares with
//! `tests/fixtures/rnn_fingerprint.txt`; `tests/web.rs` runs the same code in wasm (headless
//! Chromium) against the same file. The file is our own output, not a reference golden: when
//! training changes on purpose, rewrite it with `RNN_FINGERPRINT_UPDATE=1 cargo test --test rnn_targets`.

#[path = "common/rnn_fingerprint.rs"]
mod fingerprint;

use nlp_playground::nn::recurrent::Cell;

#[test]
fn native_training_matches_the_cross_target_fingerprint() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rnn_fingerprint.txt");
    let now: String = [Cell::Rnn, Cell::Gru, Cell::Lstm]
        .map(|c| {
            let (hash, loss) = fingerprint::train(c);
            format!("{c:?} {hash} {}\n", loss.to_bits())
        })
        .concat();
    if std::env::var_os("RNN_FINGERPRINT_UPDATE").is_some() {
        std::fs::write(path, &now).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(path).unwrap(),
        now,
        "training changed; if on purpose, rewrite the fixture (see the top of this file)"
    );
}
