//! The recurrent LM's text: sentences, vocabulary and held-out split taken from the n-gram model,
//! so both chapters' models read the same tokens and are scored on the same held-out part.
//!
//! The text is cut into sentences by [`Units::sentences`] (the n-gram chapter's tokenisers,
//! `␣` between words in character mode); an order-1 [`NGramModel`] built from them makes the
//! split (its last `holdout` fraction of sentences) and the vocabulary (count-descending,
//! `maxVocab`, the rest `<unk>`). The n-gram ids are `0 = <s>, 1 = </s>, 2 = <unk>, 3… words`;
//! the recurrent model never predicts `<s>`, so its ids are the n-gram ids minus one:
//! `0 = </s>, 1 = <unk>, 2… words`, `V = #words + 2` (the n-gram model's predicted types).
//!
//! Each part becomes one stream `</s> s₁ </s> s₂ </s> …`: the leading `</s>` stands for the
//! sentence start, and every token and every `</s>` after it is predicted — exactly the
//! predictions the n-gram model's perplexity counts.

use crate::error::Result;
use crate::lm::ngram::{NGramConfig, NGramModel, Units, EOS as NGRAM_EOS};

/// End of sentence (also read as the start of the next one).
pub const EOS: u32 = 0;
/// A token outside the training part's vocabulary.
pub const UNK: u32 = 1;

/// The marker a sentence end is shown as.
pub const EOS_TOKEN: &str = "</s>";

#[derive(Debug, Clone)]
pub struct Data {
    /// The n-gram settings that cut, split and count like this model (order 1 here).
    pub ngram_config: NGramConfig,
    /// The unigram model: vocabulary, split, and the baseline perplexity (the comparison's higher
    /// orders are rebuilt from its ids, [`NGramModel::with_order`]: the sentences as strings, a
    /// `String` per character in character mode, are not kept).
    pub unigram: NGramModel,
    /// `</s> s₁ </s> s₂ …` of the training part, as ids.
    pub train: Vec<u32>,
    /// The same of the held-out part (only `</s>` when nothing is held out).
    pub heldout: Vec<u32>,
}

impl Data {
    pub fn new(text: &str, ngram_config: NGramConfig) -> Result<Data> {
        // Read sentence by sentence into ids (never the whole text as strings, a `String` per
        // character: ~100 MB for a moment on a 2 MB paste, a high-water mark the wasm memory
        // keeps; issue 15, paste stress).
        let unigram = NGramModel::from_text(text, ngram_config)?;
        let stream = |parts: &[Vec<u32>]| {
            // Sized at once: grown by doubling, a 2 MB text's stream passed through every power
            // of two below it.
            let mut s = Vec::with_capacity(1 + parts.iter().map(|p| p.len() + 1).sum::<usize>());
            s.push(EOS);
            for sent in parts {
                s.extend(sent.iter().map(|&id| id - 1));
                s.push(EOS);
            }
            s
        };
        let (train, heldout) = (stream(unigram.train_ids()), stream(unigram.heldout_sentences()));
        Ok(Data { ngram_config, unigram, train, heldout })
    }

    /// `V`: the ids a distribution is over.
    pub fn vocab(&self) -> usize {
        self.unigram.num_predicted()
    }

    pub fn units(&self) -> Units {
        self.unigram.units()
    }

    /// The string of an id.
    pub fn token(&self, id: u32) -> &str {
        self.unigram.token(id + 1).unwrap_or("?")
    }

    /// The id of one token of a sentence (literal marker strings are unknown tokens).
    fn id(&self, token: &str) -> u32 {
        match token {
            "<s>" | "</s>" | "<unk>" => UNK,
            t => self.unigram.id(t).saturating_sub(1).max(UNK),
        }
    }

    /// A text as the model reads it: its tokens (sentences separated by `</s>`) and the ids of
    /// the stream `</s> tokens…`, one longer than the tokens.
    pub fn read(&self, text: &str) -> (Vec<String>, Vec<u32>) {
        let mut tokens = Vec::new();
        let mut ids = vec![EOS];
        for (i, s) in self.units().sentences(text).into_iter().enumerate() {
            if i > 0 {
                tokens.push(EOS_TOKEN.to_string());
                ids.push(EOS);
            }
            ids.extend(s.iter().map(|t| self.id(t)));
            tokens.extend(s);
        }
        (tokens, ids)
    }

    /// Tokens for display: sentences on lines of their own, `␣` back to a space in character mode.
    pub fn join(&self, tokens: &[String]) -> String {
        let units = self.units();
        tokens.split(|t| t == EOS_TOKEN).map(|s| units.join(s)).collect::<Vec<_>>().join("\n")
    }

    /// Mean tokens per training sentence, its `</s>` included: the steps one sentence takes.
    pub fn tokens_per_sentence(&self) -> f64 {
        let n = self.unigram.train_sentences().max(1);
        (self.train.len() - 1) as f64 / n as f64
    }
}

// The id arithmetic above relies on the n-gram model's layout.
const _: () = assert!(NGRAM_EOS == 1);
