//! Settings of the Corpus chapter (and of `new Corpus(text, settings)` in JS): how the text is
//! tokenised and which types the vocabulary keeps.

use super::{TokenRules, Tokenizer, VocabConfig};
use crate::settings::Settings;

crate::settings! {
    /// How a text becomes tokens and a vocabulary.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct CorpusConfig {
        /// Words, whitespace-separated tokens, characters or jamo.
        pub tokenizer: Tokenizer = Tokenizer::Word,
        /// Lower-case words (word tokenizer).
        pub lowercase: bool = true,
        /// Punctuation marks and emoji as tokens (word tokenizer).
        pub punctuation: bool = true,
        /// Types seen fewer times are left out of the vocabulary.
        #[limits(1, 1_000_000_000)]
        pub min_count: u64 = 1,
        /// At most this many types, the most frequent.
        #[limits(1, 10_000_000)]
        pub max_vocab: usize = 50_000,
    }
}

impl Settings for CorpusConfig {}

impl CorpusConfig {
    pub fn rules(&self) -> TokenRules {
        self.tokenizer.rules(self.lowercase, self.punctuation)
    }
    pub fn vocab(&self) -> VocabConfig {
        VocabConfig { min_count: self.min_count, max_size: self.max_vocab }
    }
}
