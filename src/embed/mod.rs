//! Word vectors: one-hot, Word2Vec and FastText, their sampling tables, and 2-D projections.

pub mod kernels;
pub mod onehot;
pub mod sampling;
pub mod subwords;
