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
