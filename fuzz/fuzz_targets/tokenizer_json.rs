//! `tokenizer.json` (with a fixed tokenizer_config.json), then a sentence tokenised with it.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nlp_playground::pretrained::wordpiece::WordPiece;

fuzz_target!(|data: &[u8]| {
    nlp_playground_fuzz::bounded(data.len(), || {
        if let Ok(text) = std::str::from_utf8(data) {
            if let Ok(wp) = WordPiece::load(None, Some(r#"{"do_lower_case": true}"#), Some(text)) {
                let _ = wp.encode("Hello, [MASK] wörld! 배를 타고 中文 unaffable", 64);
            }
        }
    });
});
