//! How well a word's context vectors group by sense: the measure the Transformer chapter's homonym
//! view prints under its plots ("Context changes the vector") and `benches/senses_pretrained.mjs`
//! tabulates per layer. One definition for the in-page model, a pretrained checkpoint and the
//! benchmarks, so the numbers in benches/README.md are the ones the page shows.

use super::project::check_input;
use super::vectors::cosine;
use crate::Result;
use serde::Serialize;

/// `nn` of `n` vectors have as their nearest other vector (by cosine) one of their own group;
/// `within` / `across`: the mean cosine of the pairs in one group / in different groups, `None`
/// (JS `null`) when there is no such pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SenseScore {
    pub nn: usize,
    pub n: usize,
    pub within: Option<f64>,
    pub across: Option<f64>,
}

/// Scores `vectors` (`(groups.len(), dim)` row-major) against `groups` (one group index per
/// vector). Nearest-neighbour ties go to the earlier vector, so the count does not depend on
/// rounding order. A zero vector has cosine 0 with everything ([`cosine`]).
pub fn sense_score(vectors: &[f32], dim: usize, groups: &[u32]) -> Result<SenseScore> {
    let n = groups.len();
    // The whole matrix once: n is a handful of sentences, and each pair is used twice.
    let c: Vec<f64> = cosine_matrix(vectors, n, dim)?.into_iter().map(f64::from).collect();
    let (mut nn, mut within, mut nw, mut across, mut na) = (0, 0.0, 0usize, 0.0, 0usize);
    for i in 0..n {
        let mut best: Option<usize> = None;
        for j in (0..n).filter(|&j| j != i) {
            if best.is_none_or(|b| c[i * n + j] > c[i * n + b]) {
                best = Some(j);
            }
            if j > i {
                if groups[i] == groups[j] {
                    within += c[i * n + j];
                    nw += 1;
                } else {
                    across += c[i * n + j];
                    na += 1;
                }
            }
        }
        if best.is_some_and(|b| groups[b] == groups[i]) {
            nn += 1;
        }
    }
    let mean = |s: f64, k: usize| (k > 0).then(|| s / k as f64);
    Ok(SenseScore { nn, n, within: mean(within, nw), across: mean(across, na) })
}

/// The `(n, n)` row-major matrix of cosines between the `(n, dim)` row-major `vectors` (what the
/// homonym views print beside their plots; a zero vector has cosine 0 with everything).
pub fn cosine_matrix(vectors: &[f32], n: usize, dim: usize) -> Result<Vec<f32>> {
    check_input(vectors, n, dim)?;
    let row = |i: usize| &vectors[i * dim..(i + 1) * dim];
    Ok((0..n * n).map(|k| cosine(row(k / n), row(k % n))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_vectors_are_all_cosine_one() {
        let r = sense_score(&[1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0], 2, &[0, 0, 1, 1]).unwrap();
        // All cosines tie at 1: each vector's nearest is the first other one (ties to the earlier),
        // vector 0 → 1 (same group), 1 → 0 (same), 2 → 0 and 3 → 0 (across).
        assert_eq!((r.nn, r.n), (2, 4));
        assert!((r.within.unwrap() - 1.0).abs() < 1e-6 && (r.across.unwrap() - 1.0).abs() < 1e-6, "{r:?}");
    }

    #[test]
    fn two_clean_groups() {
        // a = (1, 0), b = (0.8, 0.6) against their opposites c = -a, d = -b.
        let vs = [1.0, 0.0, 0.8, 0.6, -1.0, 0.0, -0.8, -0.6];
        let r = sense_score(&vs, 2, &[0, 0, 1, 1]).unwrap();
        assert_eq!((r.nn, r.n), (4, 4));
        // within: a·b = c·d = 0.8; across: a·c = b·d = -1, a·d = b·c = -0.8 → -0.9.
        assert!((r.within.unwrap() - 0.8).abs() < 1e-6, "{r:?}");
        assert!((r.across.unwrap() + 0.9).abs() < 1e-6, "{r:?}");
        // Labelled across the pairs: every nearest neighbour is in the other group, within = -1,
        // across (0.8 - 0.8 - 0.8 + 0.8) / 4 = 0.
        let x = sense_score(&vs, 2, &[0, 1, 0, 1]).unwrap();
        assert_eq!(x.nn, 0);
        assert!((x.within.unwrap() + 1.0).abs() < 1e-6 && x.across.unwrap().abs() < 1e-6, "{x:?}");
    }

    #[test]
    fn one_group_or_too_few_vectors_leave_the_means_null() {
        let r = sense_score(&[1.0, 0.0, 0.0, 1.0, 1.0, 1.0], 2, &[3, 3, 3]).unwrap();
        assert_eq!(r.across, None);
        assert_eq!(r.nn, 3);
        assert!(r.within.is_some());
        // Every vector its own group: no within-pair, none nearest in its group.
        let s = sense_score(&[1.0, 0.0, 0.0, 1.0], 2, &[0, 1]).unwrap();
        assert_eq!((s.nn, s.within, s.across), (0, None, Some(0.0)));
        assert_eq!(sense_score(&[1.0, 0.0], 2, &[0]).unwrap(), SenseScore { nn: 0, n: 1, within: None, across: None });
        assert_eq!(sense_score(&[], 7, &[]).unwrap(), SenseScore { nn: 0, n: 0, within: None, across: None });
    }

    #[test]
    fn a_zero_vector_is_cosine_zero_not_nan() {
        let r = sense_score(&[0.0, 0.0, 1.0, 0.0, 1.0, 0.1], 2, &[0, 1, 1]).unwrap();
        assert!(r.within.unwrap().is_finite() && r.across == Some(0.0), "{r:?}");
    }

    #[test]
    fn cosine_matrix_is_symmetric_with_a_unit_diagonal() {
        // (1, 0), (0.6, 0.8), (0, 0): cos = 0.6 between the first two; the zero row is 0 everywhere.
        let c = cosine_matrix(&[1.0, 0.0, 0.6, 0.8, 0.0, 0.0], 3, 2).unwrap();
        let want = [1.0, 0.6, 0.0, 0.6, 1.0, 0.0, 0.0, 0.0, 0.0];
        assert!(c.iter().zip(want).all(|(a, b)| (a - b).abs() < 1e-6), "{c:?}");
        assert!(cosine_matrix(&[], 0, 5).unwrap().is_empty());
        assert!(cosine_matrix(&[1.0, 2.0, 3.0], 2, 2).is_err());
    }

    #[test]
    fn bad_input_names_the_problem() {
        let e = sense_score(&[1.0, 2.0, 3.0], 2, &[0, 1]).unwrap_err();
        assert!(e.to_string().contains("expected 2 vectors of dimension 2"), "{e}");
        let e = sense_score(&[1.0, f32::NAN, 0.0, 1.0], 2, &[0, 1]).unwrap_err();
        assert!(e.to_string().contains("vector 0"), "{e}");
    }
}
