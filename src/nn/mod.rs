//! The neural-network core shared by every model that trains or runs a network: one simd128
//! kernel layer ([`f4`] lanes, [`kernels`] for vectors, [`matmul`] for matrices) under Word2Vec,
//! FastText, BERT and the recurrent models, plus element-wise [`ops`] and the finite-difference
//! [`gradcheck`].

pub(crate) mod f4;
pub mod gradcheck;
pub mod kernels;
pub mod matmul;
pub mod ops;
