//! Word vectors: one-hot, Word2Vec and FastText, their sampling tables, and what reads any
//! embedding: 2-D projections (PCA, t-SNE) and the linear probe.

pub mod fasttext;
pub mod logistic;
pub mod negative;
pub mod onehot;
pub mod probe;
pub mod project;
pub mod sampling;
pub mod senses;
pub mod slot_index;
pub mod subwords;
pub mod vectors;
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
