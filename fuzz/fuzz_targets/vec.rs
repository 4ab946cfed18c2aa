//! word2vec / fastText / GloVe `.vec` text, then a query on what was read.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nlp_playground::embed::vectors::Vectors;

fuzz_target!(|data: &[u8]| {
    nlp_playground_fuzz::bounded(data.len(), || {
        if let Ok(text) = std::str::from_utf8(data) {
            if let Ok(v) = Vectors::from_vec_text(text, 100_000) {
                let view = v.view();
                if let Some(w) = view.vocab.words().first() {
                    let _ = view.nearest(w, 5);
                    let _ = view.analogy(w, w, w, 3);
                }
                let _ = view.to_vec_text();
            }
        }
    });
});
