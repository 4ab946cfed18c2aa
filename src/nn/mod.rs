//! Small shared pieces of neural-network code used by several models.

pub mod gradcheck;
pub mod matmul;
pub mod ops;
