//! Language models: n-gram / Markov chains and neural models.

pub mod ngram;
pub mod rnn;
pub mod seq2seq;
pub mod transformer;
