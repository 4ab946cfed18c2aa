use super::affinity::{affinities, calibrate_row};
use super::tsne::exact_repulsion;
use super::*;
use crate::rng::Rng;

/// `n` points in `d` dimensions, coordinate `a` scaled by `scale[a]`.
fn gaussian(n: usize, d: usize, scale: &[f64], seed: u64) -> Vec<f32> {
    let mut r = Rng::new(seed);
    (0..n * d).map(|k| (r.normal() * scale[k % d]) as f32).collect()
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[test]
fn jacobi_two_by_two() {
    // [[2,1],[1,2]]: eigenvalues 2 ± 1, eigenvectors (1, ±1)/√2.
    let (vals, vecs) = jacobi_eigen(&[2.0, 1.0, 1.0, 2.0], 2);
    assert!((vals[0] - 3.0).abs() < 1e-12 && (vals[1] - 1.0).abs() < 1e-12, "{vals:?}");
    let h = std::f64::consts::FRAC_1_SQRT_2;
    assert!((vecs[0].abs() - h).abs() < 1e-12 && (vecs[2].abs() - h).abs() < 1e-12);
    assert!(vecs[0] * vecs[2] > 0.0, "first eigenvector is (1, 1)/√2 up to sign");
}

#[test]
fn pca_recovers_a_dominant_direction() {
    // x = t·u + noise with t ~ N(0, 10²) and noise ~ N(0, 0.1²): u is the first component and
    // explains 100 / (100 + 6·0.01) ≈ 99.9% of the variance.
    let u = [1.0 / 3.0, 2.0 / 3.0, -2.0 / 3.0, 0.0, 0.0, 0.0];
    let mut r = Rng::new(3);
    let n = 400;
    let mut x = Vec::new();
    for _ in 0..n {
        let t = 10.0 * r.normal();
        x.extend(u.iter().map(|&ua| (t * ua + 0.1 * r.normal() + 5.0) as f32));
    }
    let mut pca = Pca::new();
    let y = pca.fit_transform(&x, n, 6).unwrap();
    let c0 = &pca.components()[..6];
    assert!(dot(c0, &u).abs() > 0.9999, "{c0:?}");
    assert!(pca.explained()[0] > 0.99, "{:?}", pca.explained());
    // Sign rule without history: the largest coordinate (index 1, 2/3) is positive.
    assert!(c0[1] > 0.0);
    // The projection is centred: mean of the first coordinate ≈ 0 although the data sit at 5.
    let m: f64 = y.chunks(2).map(|p| p[0] as f64).sum::<f64>() / n as f64;
    assert!(m.abs() < 1e-3, "{m}");
}

#[test]
fn pca_matches_a_full_eigendecomposition() {
    let (n, d) = (300, 12);
    let scale: Vec<f64> = (0..d).map(|a| 1.0 + a as f64 * 0.3).collect();
    let mut x = gaussian(n, d, &scale, 9);
    // Mix coordinates so the components are not axis-aligned.
    for row in x.chunks_mut(d) {
        let (a, b) = (row[0], row[d - 1]);
        row[0] = 0.6 * a + 0.8 * b;
        row[d - 1] = -0.8 * a + 0.6 * b;
    }
    let mut pca = Pca::new();
    pca.fit_transform(&x, n, d).unwrap();
    let mean: Vec<f64> = (0..d).map(|a| x.chunks(d).map(|r| r[a] as f64).sum::<f64>() / n as f64).collect();
    let c = super::pca::covariance(&x, &mean, n, d);
    let (vals, vecs) = jacobi_eigen(&c, d);
    let trace: f64 = vals.iter().sum();
    for j in 0..2 {
        assert!((pca.explained()[j] - vals[j] / trace).abs() < 1e-9);
        let v: Vec<f64> = (0..d).map(|r| vecs[r * d + j]).collect();
        assert!(dot(&pca.components()[j * d..(j + 1) * d], &v).abs() > 1.0 - 1e-6);
    }
}

#[test]
fn pca_warm_start_keeps_signs_and_is_faster() {
    let (n, d) = (200, 20);
    let scale: Vec<f64> = (0..d).map(|a| 1.0 + 0.15 * a as f64).collect();
    let x = gaussian(n, d, &scale, 4);
    let mut pca = Pca::new();
    let y0 = pca.fit_transform(&x, n, d).unwrap();
    let cold = pca.iterations();
    let prev = pca.components().to_vec();
    // A small training step: every value moves a little; also negate nothing.
    let mut r = Rng::new(5);
    let x2: Vec<f32> = x.iter().map(|&v| v + 0.01 * r.normal() as f32).collect();
    let y1 = pca.fit_transform(&x2, n, d).unwrap();
    assert!(pca.iterations() < cold, "warm {} vs cold {cold}", pca.iterations());
    for j in 0..2 {
        assert!(dot(&pca.components()[j * d..(j + 1) * d], &prev[j * d..(j + 1) * d]) > 0.99);
    }
    let moved = y0.iter().zip(&y1).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
    assert!(moved < 0.2, "points jumped by {moved}");
}

#[test]
fn pca_degenerate_inputs() {
    assert!(pca2(&[], 0, 5).unwrap().is_empty());
    assert_eq!(pca2(&[1.0, 2.0, 3.0], 1, 3).unwrap(), vec![0.0, 0.0]);
    let two = pca2(&[0.0, 0.0, 2.0, 0.0], 2, 2).unwrap();
    assert!((two[0] + 1.0).abs() < 1e-6 && (two[2] - 1.0).abs() < 1e-6, "{two:?}");
    assert!(pca2(&[3.0; 12], 4, 3).unwrap().iter().all(|&v| v == 0.0));
    let one_dim = pca2(&[1.0, 2.0, 3.0], 3, 1).unwrap();
    assert_eq!(one_dim, vec![-1.0, 0.0, 0.0, 0.0, 1.0, 0.0]);
    assert!(
        matches!(pca2(&[1.0, f32::NAN, 0.0, 0.0], 2, 2), Err(e) if e.is(crate::error::ErrorKind::Input) && e.to_string().contains("vector 0"))
    );
    assert!(pca2(&[1.0, 2.0, 3.0], 2, 2).is_err());
}

#[test]
fn perplexity_calibration_hits_the_target() {
    let mut r = Rng::new(2);
    let dist: Vec<f64> = (0..200).map(|_| r.next_f64() * 50.0).collect();
    for perp in [2.0, 5.0, 30.0, 100.0] {
        let p = calibrate_row(&dist, perp);
        let h: f64 = -p.iter().filter(|&&v| v > 0.0).map(|v| v * v.ln()).sum::<f64>();
        assert!((h.exp() - perp).abs() < 1e-3 * perp, "perplexity {} for target {perp}", h.exp());
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }
}

#[test]
fn tsne_gradient_matches_finite_differences() {
    // Central differences of KL(P‖Q(Y)) in f64 against the analytic gradient (exag = 1). With
    // n − 1 = 6 ≤ 3·perplexity the neighbour lists hold every pair: the exact P.
    let (n, d) = (7, 3);
    let x: Vec<f64> = gaussian(n, d, &[1.0; 3], 11).iter().map(|&v| v as f64).collect();
    let p = affinities(&x, n, d, 2.0);
    assert_eq!(p.val.len(), n * (n - 1));
    assert!((p.val.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    let mut r = Rng::new(12);
    let y: Vec<f64> = (0..2 * n).map(|_| r.normal()).collect();
    let kl = |y: &[f64]| {
        let z = exact_repulsion(y, &mut vec![0.0; 2 * n]);
        p.kl(y, z)
    };
    let mut grad = vec![0.0; 2 * n];
    exact_repulsion(&y, &mut grad);
    p.attract(&y, 1.0, &mut grad);
    let h = 1e-5;
    for k in 0..2 * n {
        let (mut yp, mut ym) = (y.clone(), y.clone());
        yp[k] += h;
        ym[k] -= h;
        let fd = (kl(&yp) - kl(&ym)) / (2.0 * h);
        let rel = (fd - grad[k]).abs() / (fd.abs() + grad[k].abs()).max(1e-8);
        assert!(rel < 1e-6, "coordinate {k}: analytic {} vs numeric {fd}", grad[k]);
    }
}

#[test]
fn barnes_hut_at_theta_zero_equals_the_exact_gradient() {
    let (n, d) = (150, 5);
    let x = gaussian(n, d, &[1.0; 5], 21);
    let cfg = TsneConfig { exact_max: 0, angle: 0.0, perplexity: 10.0, ..Default::default() };
    let mut bh = Tsne::new(&x, n, d, cfg).unwrap();
    let mut exact = Tsne::new(&x, n, d, TsneConfig { exact_max: 1000, ..cfg }).unwrap();
    assert!(!bh.is_exact() && exact.is_exact());
    let mut r = Rng::new(8);
    let y: Vec<f64> = (0..2 * n).map(|_| r.normal()).collect();
    *bh.y_mut() = y.clone();
    *exact.y_mut() = y.clone();
    bh.compute_gradient(1.0);
    exact.compute_gradient(1.0);
    for (a, b) in bh.gradient().iter().zip(exact.gradient()) {
        assert!((a - b).abs() < 1e-10 * (1.0 + b.abs()), "{a} vs {b}");
    }
    // With θ = 0.5 the approximation stays close (the usual BH error is a few percent).
    let mut bh5 = Tsne::new(&x, n, d, TsneConfig { angle: 0.5, ..cfg }).unwrap();
    *bh5.y_mut() = y;
    bh5.compute_gradient(1.0);
    let err: f64 = bh5.gradient().iter().zip(exact.gradient()).map(|(a, b)| (a - b).powi(2)).sum::<f64>().sqrt();
    let norm: f64 = exact.gradient().iter().map(|b| b * b).sum::<f64>().sqrt();
    assert!(err < 0.1 * norm, "relative error {}", err / norm);
}

/// Two Gaussian blobs 10σ apart in 10-D: the fraction of each point's 10 nearest 2-D neighbours
/// that come from its own blob.
fn cluster_purity(cfg: TsneConfig, n_half: usize, iters: usize) -> (f64, f64) {
    let d = 10;
    let mut x = gaussian(2 * n_half, d, &[1.0; 10], 31);
    x.iter_mut().skip(n_half * d).step_by(d).for_each(|v| *v += 10.0);
    let mut t = Tsne::new(&x, 2 * n_half, d, cfg).unwrap();
    let kl0 = t.kl_divergence();
    t.step(iters);
    let kl1 = t.kl_divergence();
    assert!(kl1 < kl0, "KL should fall: {kl0} → {kl1}");
    let y = t.positions();
    assert!(y.iter().all(|v| v.is_finite()));
    let n = 2 * n_half;
    let mut same = 0;
    for i in 0..n {
        let mut dists: Vec<(f32, usize)> =
            (0..n).filter(|&j| j != i).map(|j| ((y[2 * i] - y[2 * j]).powi(2) + (y[2 * i + 1] - y[2 * j + 1]).powi(2), j)).collect();
        dists.sort_by(|a, b| a.0.total_cmp(&b.0));
        same += dists[..10].iter().filter(|(_, j)| (j / n_half) == (i / n_half)).count();
    }
    (same as f64 / (10 * n) as f64, kl1)
}

#[test]
fn tsne_keeps_two_clusters_apart_exact_and_barnes_hut() {
    let (purity, _) = cluster_purity(TsneConfig { perplexity: 10.0, ..Default::default() }, 50, 400);
    assert!(purity > 0.99, "exact: {purity}");
    let (purity, _) =
        cluster_purity(TsneConfig { perplexity: 10.0, exact_max: 0, init: Init::Random, seed: 4, ..Default::default() }, 150, 400);
    assert!(purity > 0.99, "Barnes–Hut: {purity}");
}

#[test]
fn tsne_is_deterministic_and_sliceable() {
    let x = gaussian(60, 4, &[1.0; 4], 7);
    let cfg = TsneConfig { perplexity: 8.0, init: Init::Random, seed: 99, ..Default::default() };
    let mut a = Tsne::new(&x, 60, 4, cfg).unwrap();
    let mut b = Tsne::new(&x, 60, 4, cfg).unwrap();
    a.step(300);
    b.step(120);
    b.step(180);
    assert_eq!(a.positions(), b.positions());
    assert_eq!(a.iteration(), 300);
    let mut c = Tsne::new(&x, 60, 4, TsneConfig { seed: 100, ..cfg }).unwrap();
    c.step(300);
    assert_ne!(a.positions(), c.positions());
}

#[test]
fn tsne_set_data_keeps_positions() {
    let x = gaussian(50, 4, &[1.0; 4], 17);
    let mut t = Tsne::new(&x, 50, 4, TsneConfig { perplexity: 8.0, ..Default::default() }).unwrap();
    t.step(300);
    let before = t.positions();
    let x2: Vec<f32> = x.iter().map(|v| v * 1.01).collect();
    t.set_data(&x2, 50, 4).unwrap();
    assert_eq!(t.positions(), before);
    t.step(5);
    let moved = t.positions().iter().zip(&before).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
    let spread = before.iter().map(|v| v.abs()).fold(0.0f32, f32::max);
    assert!(moved < 0.2 * spread, "moved {moved} of {spread}");
}

#[test]
fn tsne_degenerate_inputs() {
    let cfg = TsneConfig::default();
    for n in 0..3 {
        let x: Vec<f32> = (0..n * 3).map(|k| k as f32).collect();
        let mut t = Tsne::new(&x, n, 3, cfg).unwrap();
        t.step(50);
        assert_eq!(t.positions().len(), 2 * n);
        assert!(t.positions().iter().all(|v| v.is_finite()));
        assert!(t.kl_divergence().is_finite());
    }
    // Identical points: uniform P, positions spread but stay finite, both paths.
    for exact_max in [1000, 0] {
        let mut t = Tsne::new(&[1.5; 40], 20, 2, TsneConfig { exact_max, ..cfg }).unwrap();
        t.step(300);
        assert!(t.positions().iter().all(|v| v.is_finite()));
    }
    assert!(matches!(Tsne::new(&[f32::NAN, 0.0], 1, 2, cfg), Err(e) if e.is(crate::error::ErrorKind::Input)));
    assert!(
        matches!(Tsne::new(&[0.0; 4], 2, 2, TsneConfig { perplexity: 0.5, ..cfg }), Err(e) if e.is(crate::error::ErrorKind::Settings) && e.to_string().contains("perplexity"))
    );
    assert!(matches!(Tsne::new(&[0.0; 4], 2, 2, TsneConfig { angle: f64::NAN, ..cfg }), Err(e) if e.is(crate::error::ErrorKind::Settings)));
}

#[test]
fn tsne_cosine_metric_ignores_length() {
    // Cosine: x and 3x are the same point, so each pair (x, 3x) should end up as 2-D neighbours.
    let base = gaussian(30, 6, &[1.0; 6], 41);
    let mut x = base.clone();
    x.extend(base.iter().map(|v| v * 3.0));
    let mut t = Tsne::new(&x, 60, 6, TsneConfig { perplexity: 5.0, metric: Metric::Cosine, ..Default::default() }).unwrap();
    t.step(500);
    let y = t.positions();
    let d2 = |a: usize, b: usize| (y[2 * a] - y[2 * b]).powi(2) + (y[2 * a + 1] - y[2 * b + 1]).powi(2);
    let mut ranks = Vec::new();
    for i in 0..30 {
        // Rank of the twin among i's 2-D neighbours (0 = nearest).
        ranks.push((0..60).filter(|&j| j != i && j != i + 30 && d2(i, j) < d2(i, i + 30)).count());
    }
    let hits = ranks.iter().filter(|&&r| r == 0).count();
    assert!(hits >= 28, "{hits}/30 twins adjacent; ranks {ranks:?}");
}
