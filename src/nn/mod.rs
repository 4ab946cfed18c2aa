//! Small shared pieces of neural-network code used by several models.

pub mod gradcheck;
