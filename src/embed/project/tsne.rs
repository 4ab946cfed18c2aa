//! t-SNE (van der Maaten & Hinton 2008, "Visualizing Data using t-SNE"), exact for small sets and
//! Barnes–Hut above (van der Maaten 2014), runnable in slices of iterations.
//!
//! Input affinities: `p_{j|i} ∝ exp(−β_i ‖x_i − x_j‖²)` with `β_i` found by binary search so the row
//! has the chosen perplexity `2^{H(P_i)}`; symmetrised `p_ij = (p_{j|i} + p_{i|j}) / 2n`,
//! over the `⌊3·perplexity⌋` nearest neighbours (every pair for small sets; `affinity.rs`).
//!
//! Output similarities: `q_ij = w_ij / Z`, `w_ij = 1/(1 + ‖y_i − y_j‖²)`, `Z = Σ_{k≠l} w_kl`.
//! The cost `KL(P‖Q) = Σ p_ij log(p_ij / q_ij)` has gradient (eq. 5 of the paper)
//! `∂C/∂y_i = 4 Σ_j (p_ij − q_ij) w_ij (y_i − y_j)`: differentiate `−Σ p log w + log Z` (Σp = 1),
//! `∂(−log w_ij)/∂y_i = 2 w_ij (y_i − y_j)` and `∂ log Z/∂y_i = −(2/Z)·2 Σ_j w_ij² (y_i − y_j)`
//! (each pair appears twice in `Z`); since `w²/Z = q·w`, the two terms combine to the formula.
//! The attractive half `4 Σ p_ij w_ij (y_i − y_j)` is summed over the non-zero `p_ij`; the repulsive
//! half `−(4/Z) Σ w_ij² (y_i − y_j)` exactly or by the quadtree.
//!
//! Optimisation as in the reference implementation: early exaggeration (`P·α` for the first 250
//! iterations, momentum 0.5, then 0.8), per-coordinate gains (+0.2 / ×0.8), learning rate
//! `max(n / α / 4, 1)` by default (after Belkina et al. 2019), positions recentred each iteration.

pub use super::affinity::Metric;
use super::affinity::{affinities, prepare, Affinity};
use super::quadtree::QuadTree;
use super::{check_input, Pca};
use crate::error::check_range;
use crate::rng::Rng;
use crate::settings::{Settings, SEED_MAX};
use crate::Result;

crate::choices! {
    /// Where t-SNE starts.
    pub enum Init {
        /// The PCA picture scaled to standard deviation 1e-4: t-SNE then unfolds what PCA shows.
        Pca = "pca",
        /// Seeded `N(0, 1e-4²)` positions.
        Random = "random",
    }
}

crate::settings! {
    /// Settings (names after scikit-learn's `TSNE`).
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct TsneConfig {
        /// The effective number of neighbours each point keeps (capped at (n − 1)/3).
        #[limits(2, 100)]
        pub perplexity: f64 = 30.0,
        /// α: attraction multiplied by this during the first iterations.
        #[limits(1, 100)]
        pub early_exaggeration: f64 = 12.0,
        #[limits(0, 10_000)]
        pub exaggeration_iters: usize = 250,
        /// 0 = automatic, `max(n / early_exaggeration / 4, 1)`: each point's exaggerated attraction
        /// `4·α·Σ_j p_ij ≈ 4α/n` times the rate stays near 1, so the first steps do not overshoot
        /// (scikit-learn's floor of 50 makes small sets of a few dozen words oscillate).
        #[limits(0, 100_000)]
        pub learning_rate: f64 = 0.0,
        pub metric: Metric = Metric::Euclidean,
        pub init: Init = Init::Pca,
        /// Barnes–Hut θ (0 = exact repulsion even on the tree path).
        #[limits(0, 1)]
        pub angle: f64 = 0.5,
        /// Up to this many points the repulsion is summed exactly over all pairs (`O(n²)`); above,
        /// by the Barnes–Hut tree.
        #[limits(0, MAX_POINTS)]
        pub exact_max: usize = 1000,
        #[limits(0, SEED_MAX)]
        pub seed: u64 = 1,
    }
}

impl Settings for TsneConfig {}

/// Scale of the starting map (as in scikit-learn and openTSNE), also its floor (see `recentre`).
const INIT_SD: f64 = 1e-4;

/// The most points t-SNE accepts (the neighbour search is `O(n² d)` once per data set).
pub const MAX_POINTS: usize = 10_000;

/// A t-SNE run: call [`Tsne::step`] repeatedly, read [`Tsne::positions`].
#[derive(Debug, Clone)]
pub struct Tsne {
    cfg: TsneConfig,
    n: usize,
    p: Affinity,
    y: Vec<f64>,      // (n, 2)
    update: Vec<f64>, // (n, 2) momentum term
    gains: Vec<f64>,  // (n, 2)
    grad: Vec<f64>,   // (n, 2)
    tree: QuadTree,
    iter: usize,
    lr: f64,
    perplexity: f64,
}

impl Tsne {
    pub fn new(x: &[f32], n: usize, d: usize, cfg: TsneConfig) -> Result<Tsne> {
        cfg.validate()?;
        check_range("points", n, 0, MAX_POINTS)?;
        check_input(x, n, d)?;
        let lr = if cfg.learning_rate > 0.0 { cfg.learning_rate } else { (n as f64 / cfg.early_exaggeration / 4.0).max(1.0) };
        let mut t = Tsne {
            n,
            p: Affinity::default(),
            y: init_positions(x, n, d, &cfg)?,
            update: vec![0.0; 2 * n],
            gains: vec![1.0; 2 * n],
            grad: vec![0.0; 2 * n],
            tree: QuadTree::default(),
            iter: 0,
            lr,
            perplexity: 0.0,
            cfg,
        };
        t.set_affinities(x, d);
        Ok(t)
    }

    /// New data for the same points (the model trained on): recomputes `P`, keeps the positions
    /// and continues without exaggeration, so the picture moves smoothly. A different number of
    /// points starts over.
    pub fn set_data(&mut self, x: &[f32], n: usize, d: usize) -> Result<()> {
        if n != self.n {
            *self = Tsne::new(x, n, d, self.cfg)?;
            return Ok(());
        }
        check_input(x, n, d)?;
        self.set_affinities(x, d);
        self.update.iter_mut().for_each(|u| *u = 0.0);
        self.gains.iter_mut().for_each(|g| *g = 1.0);
        self.iter = self.iter.max(self.cfg.exaggeration_iters);
        Ok(())
    }

    fn set_affinities(&mut self, x: &[f32], d: usize) {
        let n = self.n;
        let rows = prepare(x, n, d, self.cfg.metric);
        // Perplexity must stay below the number of neighbours (k = 3·perplexity of them).
        self.perplexity = self.cfg.perplexity.min((n.saturating_sub(1)) as f64 / 3.0).max(1.0);
        self.p = affinities(&rows, n, d, self.perplexity);
    }

    /// Runs `iters` more iterations.
    pub fn step(&mut self, iters: usize) {
        if self.n < 2 {
            return;
        }
        for _ in 0..iters {
            let early = self.iter < self.cfg.exaggeration_iters;
            let exag = if early { self.cfg.early_exaggeration } else { 1.0 };
            let momentum = if early { 0.5 } else { 0.8 };
            self.compute_gradient(exag);
            for ((y, u), (g, gain)) in self.y.iter_mut().zip(&mut self.update).zip(self.grad.iter().zip(&mut self.gains)) {
                // Delta-bar-delta: grow the step where the gradient keeps its direction.
                *gain = if (*g > 0.0) != (*u > 0.0) { *gain + 0.2 } else { *gain * 0.8 }.max(0.01);
                *u = momentum * *u - self.lr * *gain * *g;
                *y += *u;
            }
            recentre(&mut self.y);
            self.iter += 1;
        }
    }

    /// Fills `self.grad` with `∂KL/∂y` for `P·exag`; returns `Z`.
    pub(crate) fn compute_gradient(&mut self, exag: f64) -> f64 {
        let z = if self.is_exact() { exact_repulsion(&self.y, &mut self.grad) } else { self.tree_repulsion() };
        self.p.attract(&self.y, exag, &mut self.grad);
        z
    }

    /// `grad = −(4/Z) Σ_j w_ij² (y_i − y_j)` by the quadtree; returns the approximate `Z`.
    fn tree_repulsion(&mut self) -> f64 {
        let y = &self.y;
        self.tree.build(y);
        let mut z = 0.0;
        for i in 0..self.n {
            let (sw, rep) = self.tree.repulsion(i as u32, y[2 * i], y[2 * i + 1], self.cfg.angle);
            z += sw;
            self.grad[2 * i] = rep[0];
            self.grad[2 * i + 1] = rep[1];
        }
        let z = z.max(f64::MIN_POSITIVE);
        self.grad.iter_mut().for_each(|g| *g *= -4.0 / z);
        z
    }

    /// `KL(P‖Q)` at the current positions (unexaggerated `P`). On the Barnes–Hut path `Z` comes from
    /// the tree, so the value is approximate like the gradient.
    pub fn kl_divergence(&mut self) -> f64 {
        if self.n < 2 {
            return 0.0;
        }
        let z = self.compute_gradient(1.0);
        self.p.kl(&self.y, z)
    }

    /// `(n, 2)` positions.
    pub fn positions(&self) -> Vec<f32> {
        self.y.iter().map(|&v| v as f32).collect()
    }

    pub fn iteration(&self) -> usize {
        self.iter
    }

    /// The perplexity actually used (capped at `(n − 1)/3` for small sets).
    pub fn perplexity(&self) -> f64 {
        self.perplexity
    }

    /// Whether the repulsion is computed exactly (`n ≤ exact_max`) rather than by Barnes–Hut.
    pub fn is_exact(&self) -> bool {
        self.n <= self.cfg.exact_max
    }

    #[cfg(test)]
    pub(crate) fn y_mut(&mut self) -> &mut Vec<f64> {
        &mut self.y
    }

    #[cfg(test)]
    pub(crate) fn gradient(&self) -> &[f64] {
        &self.grad
    }
}

/// `grad = −(4/Z) Σ_j w_ij² (y_i − y_j)` over all pairs, `O(n²)`; returns `Z = Σ_{i≠j} w_ij`.
pub(crate) fn exact_repulsion(y: &[f64], grad: &mut [f64]) -> f64 {
    let n = y.len() / 2;
    grad.iter_mut().for_each(|g| *g = 0.0);
    let mut z = 0.0;
    for i in 0..n {
        let (xi, yi) = (y[2 * i], y[2 * i + 1]);
        let (mut gx, mut gy) = (0.0, 0.0);
        for j in i + 1..n {
            let (dx, dy) = (xi - y[2 * j], yi - y[2 * j + 1]);
            let w = 1.0 / (1.0 + dx * dx + dy * dy);
            z += 2.0 * w;
            let (fx, fy) = (w * w * dx, w * w * dy);
            gx += fx;
            gy += fy;
            grad[2 * j] -= fx;
            grad[2 * j + 1] -= fy;
        }
        grad[2 * i] += gx;
        grad[2 * i + 1] += gy;
    }
    let z = z.max(f64::MIN_POSITIVE);
    grad.iter_mut().for_each(|g| *g *= -4.0 / z);
    z
}

/// Centres the map, and keeps its standard deviation at least the initial 1e-4. Early exaggeration
/// on data without clusters contracts the whole map geometrically (all `w_ij ≈ 1`, the exaggerated
/// attraction beats the uniform repulsion in every direction); in that regime the dynamics are
/// linear in `Y`, so restoring the scale changes nothing but keeps the map out of the denormal
/// range from which it would need many iterations to re-expand.
fn recentre(y: &mut [f64]) {
    let n = (y.len() / 2).max(1) as f64;
    let (mx, my) = y.chunks_exact(2).fold((0.0, 0.0), |(a, b), p| (a + p[0], b + p[1]));
    for p in y.chunks_exact_mut(2) {
        p[0] -= mx / n;
        p[1] -= my / n;
    }
    let sd = (y.iter().map(|v| v * v).sum::<f64>() / (2.0 * n)).sqrt();
    if sd > 0.0 && sd < INIT_SD {
        y.iter_mut().for_each(|v| *v *= INIT_SD / sd);
    }
}

fn init_positions(x: &[f32], n: usize, d: usize, cfg: &TsneConfig) -> Result<Vec<f64>> {
    let mut y = vec![0.0f64; 2 * n];
    if cfg.init == Init::Pca {
        let rows: Vec<f32> = prepare(x, n, d, cfg.metric).iter().map(|&v| v as f32).collect();
        let proj = Pca::new().fit_transform(&rows, n, d)?;
        let m = proj.chunks_exact(2).map(|p| p[0] as f64).sum::<f64>() / n.max(1) as f64;
        let sd = (proj.chunks_exact(2).map(|p| (p[0] as f64 - m).powi(2)).sum::<f64>() / n.max(1) as f64).sqrt();
        if sd > 0.0 && sd.is_finite() {
            y.iter_mut().zip(&proj).for_each(|(y, &p)| *y = p as f64 / sd * INIT_SD);
            return Ok(y);
        }
    }
    // Random init, also the fallback when PCA sees no variance (identical points).
    let mut rng = Rng::new(cfg.seed);
    y.iter_mut().for_each(|v| *v = INIT_SD * rng.normal());
    if y.iter().any(|v| !v.is_finite()) {
        return Err(crate::err!(Input, TSNE_START));
    }
    Ok(y)
}
