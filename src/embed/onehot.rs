//! One-hot vectors: word `i` of a vocabulary of size `V` is `e_i ∈ {0,1}^V`.
//!
//! The point of the chapter is what this representation cannot do: `e_i · e_j = 0` for `i ≠ j`,
//! so the cosine similarity of any two different words is 0 and every pair is equally far apart
//! (`‖e_i − e_j‖ = √2`), whatever the words mean.

use crate::text::Vocab;

/// The one-hot encoding over a vocabulary. It stores nothing but the vocabulary: a one-hot
/// vector is fully described by its index, which is why real systems never materialise it.
pub struct OneHot<'a> {
    vocab: &'a Vocab,
}

impl<'a> OneHot<'a> {
    pub fn new(vocab: &'a Vocab) -> Self {
        OneHot { vocab }
    }

    /// The dimension `V`.
    pub fn dim(&self) -> usize {
        self.vocab.len()
    }

    /// The index of the 1 for each token, `None` for a token outside the vocabulary (which has
    /// no one-hot vector at all).
    pub fn encode<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<Option<u32>> {
        tokens.iter().map(|t| self.vocab.id(t.as_ref())).collect()
    }

    /// The dense vector, for drawing small examples.
    pub fn dense(&self, id: u32) -> Vec<f32> {
        let mut v = vec![0.0; self.dim()];
        v[id as usize] = 1.0;
        v
    }

    /// Cosine similarity of two one-hot vectors: 1 for the same word, 0 otherwise.
    pub fn cosine(a: u32, b: u32) -> f32 {
        if a == b {
            1.0
        } else {
            0.0
        }
    }

    /// Bytes a dense f32 matrix of `tokens` one-hot rows needs: `tokens · V · 4`.
    pub fn dense_bytes(tokens: u64, dim: u64) -> u64 {
        tokens.saturating_mul(dim).saturating_mul(4)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::VocabConfig;

    #[test]
    fn king_love_queen() {
        let v = Vocab::build(["king", "love", "queen"], VocabConfig::default()).unwrap();
        let oh = OneHot::new(&v);
        assert_eq!(oh.dim(), 3);
        assert_eq!(oh.encode(&["king", "love", "queen", "jack"]), [Some(0), Some(1), Some(2), None]);
        assert_eq!(oh.dense(0), [1.0, 0.0, 0.0]);
        assert_eq!(oh.dense(2), [0.0, 0.0, 1.0]);
    }

    #[test]
    fn every_pair_is_equally_far() {
        let v = Vocab::build(["a", "b", "c", "d"], VocabConfig::default()).unwrap();
        let oh = OneHot::new(&v);
        for i in 0..4u32 {
            for j in 0..4u32 {
                let (x, y) = (oh.dense(i), oh.dense(j));
                let dot: f32 = x.iter().zip(&y).map(|(a, b)| a * b).sum();
                assert_eq!(dot, OneHot::cosine(i, j)); // unit vectors: cosine = dot
                let dist: f32 = x.iter().zip(&y).map(|(a, b)| (a - b) * (a - b)).sum::<f32>().sqrt();
                assert_eq!(dist, if i == j { 0.0 } else { 2f32.sqrt() });
            }
        }
    }

    #[test]
    fn memory_grows_with_tokens_times_vocabulary() {
        assert_eq!(OneHot::dense_bytes(1000, 5000), 20_000_000);
        assert_eq!(OneHot::dense_bytes(u64::MAX, 2), u64::MAX); // saturates, never overflows
    }
}
