//! `tokenizer_config.json` with a fixed small vocab.txt, then a sentence tokenised with it.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nlp_playground::pretrained::wordpiece::WordPiece;

const VOCAB: &str = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nhello\n##lo\nworld\n,\n!\n<s>\n</s>\n<unk>\n";

fuzz_target!(|data: &[u8]| {
    nlp_playground_fuzz::bounded(data.len(), || {
        if let Ok(text) = std::str::from_utf8(data) {
            if let Ok(wp) = WordPiece::load(Some(VOCAB), Some(text), None) {
                let _ = wp.encode("Hello, [MASK] world! <s> 배 中", 16);
            }
        }
    });
});
