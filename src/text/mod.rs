//! Text handling shared by every chapter: cleaning and NFC normalisation, tokenisers (words,
//! characters, Hangul jamo), sentence splitting, the vocabulary, and the built-in corpora.

pub mod corpora;
mod corpus_config;
pub mod examples;
mod examples_data;
pub mod hangul;
pub mod normalize;
pub mod tokenize;
pub mod vocab;

pub use corpus_config::CorpusConfig;
pub use normalize::{clean, Cleaned};
pub use tokenize::{each_tokenized_sentence, sentences, tokenize, tokenize_sentences, TokenRules, Tokenizer};
pub use vocab::{Vocab, VocabConfig};
