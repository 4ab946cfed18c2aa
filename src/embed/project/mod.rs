//! 2-D projections of a set of vectors, for drawing a vector space: [`Pca`] (linear, fast, stable
//! between snapshots) and [`Tsne`] (neighbourhoods, run in slices of iterations so the page can
//! animate it). Both take `(n, d)` row-major `f32` data, the layout the models hand out.

mod affinity;
mod pca;
mod quadtree;
mod tsne;

pub use affinity::Metric;
pub use pca::{pca2, Pca};
pub use tsne::{Init, Tsne, TsneConfig};

use crate::Result;

/// Checks that `x` is `(n, d)` and finite; names the first bad row.
pub(crate) fn check_input(x: &[f32], n: usize, d: usize) -> Result<()> {
    if n.checked_mul(d) != Some(x.len()) {
        return Err(crate::err!(Input, PROJECT_SIZE, n = n, dim = d, numbers = n as u128 * d as u128, got = x.len()));
    }
    if let Some(i) = x.iter().position(|v| !v.is_finite()) {
        let row = i.checked_div(d).unwrap_or(0);
        return Err(crate::err!(Input, PROJECT_NOT_FINITE, row = row, value = x[i]));
    }
    Ok(())
}

/// All eigenpairs of a small symmetric `(k, k)` matrix by cyclic Jacobi rotations (Golub & Van Loan
/// §8.5): each rotation zeroes one off-diagonal pair, the off-diagonal mass falls quadratically.
/// Returns `(values, vectors)` sorted by descending value; `vectors` is `(k, k)` with pair `j` in
/// column `j`.
pub(crate) fn jacobi_eigen(m: &[f64], k: usize) -> (Vec<f64>, Vec<f64>) {
    let mut a = m.to_vec();
    let mut v = vec![0.0f64; k * k];
    (0..k).for_each(|i| v[i * k + i] = 1.0);
    let norm: f64 = a.iter().map(|x| x * x).sum::<f64>().sqrt();
    for _sweep in 0..100 {
        let off: f64 = (0..k).flat_map(|p| (0..k).filter(move |&q| q != p).map(move |q| (p, q))).map(|(p, q)| a[p * k + q].powi(2)).sum();
        if off.sqrt() <= 1e-15 * norm || off == 0.0 {
            break;
        }
        for p in 0..k {
            for q in p + 1..k {
                let apq = a[p * k + q];
                if apq == 0.0 {
                    continue;
                }
                // Choose the rotation angle θ with cot 2θ = (a_qq − a_pp) / 2a_pq; t = tan θ, the
                // smaller root, keeps the rotation small (numerically stable).
                let theta = (a[q * k + q] - a[p * k + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for r in 0..k {
                    let (arp, arq) = (a[r * k + p], a[r * k + q]);
                    a[r * k + p] = c * arp - s * arq;
                    a[r * k + q] = s * arp + c * arq;
                }
                for r in 0..k {
                    let (apr, aqr) = (a[p * k + r], a[q * k + r]);
                    a[p * k + r] = c * apr - s * aqr;
                    a[q * k + r] = s * apr + c * aqr;
                }
                for r in 0..k {
                    let (vrp, vrq) = (v[r * k + p], v[r * k + q]);
                    v[r * k + p] = c * vrp - s * vrq;
                    v[r * k + q] = s * vrp + c * vrq;
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&i, &j| a[j * k + j].total_cmp(&a[i * k + i]));
    let values = order.iter().map(|&i| a[i * k + i]).collect();
    let mut vectors = vec![0.0f64; k * k];
    for (col, &i) in order.iter().enumerate() {
        for r in 0..k {
            vectors[r * k + col] = v[r * k + i];
        }
    }
    (values, vectors)
}

#[cfg(test)]
mod tests;
