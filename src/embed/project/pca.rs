//! PCA to two dimensions, for drawing a vector space while it trains.
//!
//! With `X` the `(n, d)` data and `μ` its mean, the covariance is `C = (1/n) Σ (x−μ)(x−μ)ᵀ`
//! `(d, d)`; the picture is the projection `((x−μ)·u₁, (x−μ)·u₂)` on its two leading eigenvectors.
//!
//! The eigenvectors come from block subspace iteration with Rayleigh–Ritz (Golub & Van Loan §8.2.4,
//! §8.1.6): iterate `Q ← orth(C Q)` on a block of `k ≥ 2` vectors; the Ritz pairs of `H = Qᵀ C Q`
//! converge at the rate `λ_{k+1}/λ₂`, so a block larger than 2 converges quickly even when word
//! vectors have several near-equal variances. [`Pca`] remembers its components and starts the next
//! fit from them (a few iterations suffice between training snapshots) and keeps their signs
//! pointing the way they pointed before, so the picture does not flip between snapshots.

use super::{check_input, jacobi_eigen};
use crate::rng::Rng;
use crate::Result;

/// Block size of the subspace iteration (2 wanted vectors + 6 guards).
const BLOCK: usize = 8;
/// Convergence: residual `‖C v − λ v‖ ≤ TOL · λ₁` for both wanted Ritz pairs.
const TOL: f64 = 1e-9;
const MAX_ITERS: usize = 300;

/// A 2-D PCA projector that warm-starts from its previous components.
#[derive(Debug, Clone, Default)]
pub struct Pca {
    /// `(2, d)` row-major: the leading unit eigenvectors, or empty before the first fit.
    components: Vec<f64>,
    /// Fraction of the total variance along each component.
    explained: [f64; 2],
    /// Subspace iterations the last fit took (for tests and curiosity).
    iterations: usize,
}

impl Pca {
    pub fn new() -> Self {
        Self::default()
    }

    /// Fits on `x` `(n, d)` row-major and returns the `(n, 2)` projection. Zero or one point, or
    /// points that are all identical, project to the origin; a non-finite value is an error.
    pub fn fit_transform(&mut self, x: &[f32], n: usize, d: usize) -> Result<Vec<f32>> {
        check_input(x, n, d)?;
        let mut out = vec![0.0f32; 2 * n];
        if n == 0 || d == 0 {
            self.explained = [0.0; 2];
            return Ok(out);
        }
        let mean = mean(x, n, d);
        let c = covariance(x, &mean, n, d);
        let trace: f64 = (0..d).map(|a| c[a * d + a]).sum();
        if trace <= f64::MIN_POSITIVE || n < 2 {
            // No variance: every point sits at the mean. Keep previous components for later fits.
            self.explained = [0.0; 2];
            return Ok(out);
        }
        let prev = if self.components.len() == 2 * d { Some(self.components.clone()) } else { None };
        let (vals, mut comps, iters) = top2(&c, d, prev.as_deref());
        stabilise_signs(&mut comps, d, prev.as_deref());
        self.components = comps;
        self.iterations = iters;
        self.explained = [vals[0].max(0.0) / trace, vals[1].max(0.0) / trace];
        for i in 0..n {
            let row = &x[i * d..(i + 1) * d];
            for j in 0..2 {
                let u = &self.components[j * d..(j + 1) * d];
                let p: f64 = row.iter().zip(&mean).zip(u).map(|((&v, &m), &u)| (v as f64 - m) * u).sum();
                out[2 * i + j] = p as f32;
            }
        }
        Ok(out)
    }

    /// `(2, d)` row-major unit components (empty before a fit with variance).
    pub fn components(&self) -> &[f64] {
        &self.components
    }

    /// Fraction of the variance each component explains.
    pub fn explained(&self) -> [f64; 2] {
        self.explained
    }

    pub fn iterations(&self) -> usize {
        self.iterations
    }
}

/// One-shot PCA: `(n, d)` → `(n, 2)`.
pub fn pca2(x: &[f32], n: usize, d: usize) -> Result<Vec<f32>> {
    Pca::new().fit_transform(x, n, d)
}

fn mean(x: &[f32], n: usize, d: usize) -> Vec<f64> {
    let mut m = vec![0.0f64; d];
    for row in x.chunks_exact(d).take(n) {
        for (a, &v) in m.iter_mut().zip(row) {
            *a += v as f64;
        }
    }
    m.iter_mut().for_each(|a| *a /= n as f64);
    m
}

/// `C = (1/n) Σ (x−μ)(x−μ)ᵀ`, `(d, d)`: the upper triangle accumulated (n·d²/2 multiply-adds), then
/// mirrored.
pub(super) fn covariance(x: &[f32], mean: &[f64], n: usize, d: usize) -> Vec<f64> {
    let mut c = vec![0.0f64; d * d];
    let mut r = vec![0.0f64; d]; // (d,) one centred row
    for row in x.chunks_exact(d).take(n) {
        for ((ra, &v), &m) in r.iter_mut().zip(row).zip(mean) {
            *ra = v as f64 - m;
        }
        for a in 0..d {
            let ra = r[a];
            if ra == 0.0 {
                continue;
            }
            let ca = &mut c[a * d + a..(a + 1) * d];
            for (cab, &rb) in ca.iter_mut().zip(&r[a..]) {
                *cab += ra * rb;
            }
        }
    }
    for a in 0..d {
        for b in a..d {
            let v = c[a * d + b] / n as f64;
            c[a * d + b] = v;
            c[b * d + a] = v;
        }
    }
    c
}

/// The two leading eigenpairs of the symmetric `(d, d)` matrix `c`: `([λ₁, λ₂], (2, d) vectors,
/// iterations)`. Starts from `prev` (the last components) when given.
fn top2(c: &[f64], d: usize, prev: Option<&[f64]>) -> ([f64; 2], Vec<f64>, usize) {
    let k = BLOCK.min(d);
    // q: (k, d), the block stored as rows so each vector is contiguous.
    let mut q = vec![0.0f64; k * d];
    let mut rng = Rng::new(0x5CA7_7E12);
    for (j, qj) in q.chunks_exact_mut(d).enumerate() {
        match prev {
            Some(p) if j < 2 => qj.copy_from_slice(&p[j * d..(j + 1) * d]),
            _ => qj.iter_mut().for_each(|v| *v = rng.normal()),
        }
    }
    orthonormalise(&mut q, k, d, &mut rng);
    let mut z = vec![0.0f64; k * d]; // (k, d) C·q_j
    let mut h = vec![0.0f64; k * k]; // (k, k) Rayleigh quotient QᵀCQ
    let mut best = ([0.0; 2], vec![0.0; 2 * d]);
    for it in 1..=MAX_ITERS {
        for j in 0..k {
            matvec(c, &q[j * d..(j + 1) * d], &mut z[j * d..(j + 1) * d]);
        }
        for a in 0..k {
            for b in 0..k {
                h[a * k + b] = dot(&q[a * d..(a + 1) * d], &z[b * d..(b + 1) * d]);
            }
        }
        let (vals, vecs) = jacobi_eigen(&h, k); // sorted descending, vecs (k, k) column j = pair j
                                                // Ritz vectors y_j = Q v_j and their images C y_j = Z v_j, both (k, d).
        let ritz = combine(&q, &vecs, k, d);
        let images = combine(&z, &vecs, k, d);
        let scale = vals[0].abs().max(f64::MIN_POSITIVE);
        let converged = (0..2.min(k)).all(|j| {
            let (y, cy) = (&ritz[j * d..(j + 1) * d], &images[j * d..(j + 1) * d]);
            let res: f64 = y.iter().zip(cy).map(|(&y, &cy)| (cy - vals[j] * y).powi(2)).sum::<f64>().sqrt();
            res <= TOL * scale
        });
        best.0 = [vals[0], if k > 1 { vals[1] } else { 0.0 }];
        best.1[..d].copy_from_slice(&ritz[..d]);
        if k > 1 {
            best.1[d..].copy_from_slice(&ritz[d..2 * d]);
        }
        if converged {
            return (best.0, best.1, it);
        }
        // Next block: the images, ordered by Ritz value so Gram–Schmidt keeps the leading ones.
        q.copy_from_slice(&images);
        orthonormalise(&mut q, k, d, &mut rng);
    }
    (best.0, best.1, MAX_ITERS)
}

/// Row `j` of the result is `Σ_i vecs[i, j] · rows[i]`: `(k, d)`.
fn combine(rows: &[f64], vecs: &[f64], k: usize, d: usize) -> Vec<f64> {
    let mut out = vec![0.0f64; k * d];
    for j in 0..k {
        let oj = &mut out[j * d..(j + 1) * d];
        for i in 0..k {
            let w = vecs[i * k + j];
            for (o, &r) in oj.iter_mut().zip(&rows[i * d..(i + 1) * d]) {
                *o += w * r;
            }
        }
    }
    out
}

fn matvec(c: &[f64], v: &[f64], out: &mut [f64]) {
    let d = v.len();
    for (a, o) in out.iter_mut().enumerate() {
        *o = dot(&c[a * d..(a + 1) * d], v);
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Modified Gram–Schmidt on the `k` rows of `q` `(k, d)`. A row that collapses (it lay in the span
/// of the earlier ones: rank-deficient data) is replaced by a fresh random vector and redone.
fn orthonormalise(q: &mut [f64], k: usize, d: usize, rng: &mut Rng) {
    for j in 0..k {
        for attempt in 0..8 {
            for i in 0..j {
                let (head, tail) = q.split_at_mut(j * d);
                let qi = &head[i * d..(i + 1) * d];
                let qj = &mut tail[..d];
                let p = dot(qi, qj);
                qj.iter_mut().zip(qi).for_each(|(a, &b)| *a -= p * b);
            }
            let qj = &mut q[j * d..(j + 1) * d];
            let norm = dot(qj, qj).sqrt();
            if norm > 1e-12 {
                qj.iter_mut().for_each(|v| *v /= norm);
                break;
            }
            if attempt == 7 {
                qj.iter_mut().for_each(|v| *v = 0.0); // cannot happen for k ≤ d; keep it finite
            } else {
                qj.iter_mut().for_each(|v| *v = rng.normal());
            }
        }
    }
}

/// Eigenvectors have no sign. With previous components, point each the way its predecessor
/// pointed (`u·u_prev ≥ 0`); without, make the largest-magnitude coordinate positive.
fn stabilise_signs(comps: &mut [f64], d: usize, prev: Option<&[f64]>) {
    for j in 0..2 {
        let u = &comps[j * d..(j + 1) * d];
        let flip = match prev {
            Some(p) => dot(u, &p[j * d..(j + 1) * d]) < 0.0,
            None => {
                let big = u.iter().copied().fold(0.0f64, |acc, v| if v.abs() > acc.abs() { v } else { acc });
                big < 0.0
            }
        };
        if flip {
            comps[j * d..(j + 1) * d].iter_mut().for_each(|v| *v = -*v);
        }
    }
}
