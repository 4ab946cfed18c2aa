//! The corpus text path: cleaning, every tokeniser, sentence splitting, the vocabulary, then a
//! small Word2Vec and FastText built and trained on a slice of it (what "use my text" does).
#![no_main]
use libfuzzer_sys::fuzz_target;
use nlp_playground::embed::fasttext::{self, FastText};
use nlp_playground::embed::word2vec::{Word2Vec, Word2VecConfig};
use nlp_playground::text::{self, Tokenizer, Vocab, VocabConfig};

fuzz_target!(|data: &[u8]| {
    nlp_playground_fuzz::bounded(data.len(), || {
        let raw = String::from_utf8_lossy(data);
        let cleaned = text::clean(&raw);
        for tok in [Tokenizer::Word, Tokenizer::Whitespace, Tokenizer::Char, Tokenizer::Jamo] {
            let sentences = text::tokenize_sentences(&cleaned.text, tok);
            let _ = Vocab::from_sentences(&sentences, VocabConfig { min_count: 1, max_size: 1000 });
            for t in text::tokenize::tokenize_spans(&cleaned.text, tok) {
                assert!(cleaned.text.get(t.start..t.end).is_some(), "span {}..{} is not in the text", t.start, t.end);
            }
        }
        // Training costs far more than parsing: only on the first 2 KB, briefly (the tables of
        // a model are built whatever its size, so this still runs every constructor).
        let head = raw.char_indices().nth(2048).map_or(&raw[..], |(i, _)| &raw[..i]);
        for tokenizer in [Tokenizer::Word, Tokenizer::Whitespace] {
            let cfg = Word2VecConfig { dim: 4, min_count: 1, epochs: 1, tokenizer, ..Word2VecConfig::default() };
            if let Ok(mut m) = Word2Vec::from_text(head, cfg) {
                let _ = m.train(300);
            }
        }
        let cfg = fasttext::Config { dim: 4, min_count: 1, epochs: 1, bucket: 1000, tokenizer: Tokenizer::Whitespace, ..fasttext::Config::default() };
        if let Ok(mut m) = FastText::new(head, cfg) {
            let _ = m.train(300);
        }
    });
});
