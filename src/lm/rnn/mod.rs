//! A recurrent language model (tanh RNN, GRU or LSTM) trained with truncated backpropagation
//! through time on [`crate::nn`].

pub mod net;
#[cfg(test)]
mod tests_net;

pub use net::{Net, Shape};
