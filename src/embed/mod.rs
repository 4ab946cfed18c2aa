//! Word vectors: one-hot, Word2Vec and FastText, their sampling tables, and 2-D projections.

pub mod fasttext;
pub mod logistic;
pub mod onehot;
pub mod project;
pub mod sampling;
pub mod subwords;
pub mod vectors;
pub mod walkthrough;
pub mod word2vec;

crate::choices! {
    /// How Word2Vec and FastText turn a window into training examples (one enum for both).
    pub enum Mode {
        /// Each context word predicts the centre word (word2vec.c `cbow = 0`, fastText `skipgram`).
        SkipGram = "skipgram",
        /// The mean of the context words predicts the centre word (`cbow = 1`, fastText `cbow`).
        Cbow = "cbow",
    }
}
