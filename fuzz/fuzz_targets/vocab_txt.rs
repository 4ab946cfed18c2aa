//! `vocab.txt`: the input is split at its first NUL into the vocabulary and a text to tokenise.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nlp_playground::pretrained::wordpiece::{Normalizer, WordPiece};

fuzz_target!(|data: &[u8]| {
    nlp_playground_fuzz::bounded(data.len(), || {
        let p = nlp_playground_fuzz::parts(data, 2);
        if let (Ok(vocab), Ok(text)) = (std::str::from_utf8(p[0]), std::str::from_utf8(p[1])) {
            for lowercase in [true, false] {
                if let Ok(wp) = WordPiece::from_vocab(vocab, Normalizer { lowercase, ..Normalizer::default() }) {
                    let _ = wp.encode(text, 32);
                    let _ = wp.tokenize_ids(text);
                }
            }
        }
    });
});
