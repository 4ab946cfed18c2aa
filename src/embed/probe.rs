//! A linear probe: multinomial logistic regression trained on frozen sentence embeddings, the
//! standard way to ask "does this vector already carry the label?" (Alain & Bengio 2016,
//! "Understanding intermediate layers using linear classifier probes").
//!
//! Model, for an input x ∈ ℝᴰ and K classes: z = W x + b, p = softmax(z), W: (K, D), b: (K).
//! Loss over N training examples with labels yᵢ:
//!
//!   L = −(1/N) Σᵢ log p_{i,yᵢ} + (λ/2) ‖W‖²          (the bias is not penalised)
//!
//! Gradient. log p_{i,y} = z_{i,y} − log Σₖ exp z_{i,k}; the derivative of the log-sum-exp with
//! respect to z_{i,k} is p_{i,k}, and the first term gives 1 at k = y. Hence
//!
//!   ∂L/∂z_{i,k} = (p_{i,k} − [k = yᵢ]) / N,   ∂L/∂W = (∂L/∂Z)ᵀ X + λ W,   ∂L/∂b = Σᵢ ∂L/∂zᵢ.
//!
//! Trained full-batch with Adam (Kingma & Ba 2015). Features are standardised with the mean and
//! standard deviation of the *training* rows (the test rows must not leak into the scaling), which
//! makes one learning rate work for embeddings of any scale. Everything is f64 and seeded.

use crate::error::Result;
use crate::rng::Rng;
use crate::settings::{Settings, SEED_MAX};
use serde::Serialize;

/// Most distinct labels a probe takes: a pasted data set has a few lines per label at best, and
/// each label adds a row of D weights to every step.
pub const MAX_LABELS: usize = 100;

/// Largest training · labels · dimensions · epochs product accepted (≈ 10 s of wasm at the
/// measured ~0.6 ns per unit; the page's defaults on 1,000 lines of a 768-dim model with 10 labels
/// need 1.2·10⁹).
const MAX_WORK: f64 = 1.6e10;

crate::settings! {
    /// Settings of a probe run (JS names in camelCase).
    #[derive(Debug, Clone, PartialEq)]
    pub struct ProbeConfig {
        /// Share of each label's lines held out for testing (0: report training accuracy).
        #[limits(0, 0.9)]
        pub test_fraction: f64 = 0.25,
        /// Seed of the train / test split.
        #[limits(0, SEED_MAX)]
        pub seed: u64 = 1,
        /// Full-batch Adam steps.
        #[limits(1, 5000)]
        pub epochs: usize = 200,
        /// L2 penalty λ on the weights.
        #[limits(0, 10)]
        pub l2: f64 = 1e-3,
        /// Adam learning rate.
        #[limits(1e-5, 1)]
        pub lr: f64 = 0.05,
    }
}

impl Settings for ProbeConfig {}

/// The classifier: parameters in one flat vector θ = [W (K×D, row-major), b (K)] so the optimiser
/// and the gradient check see a single buffer.
#[derive(Debug, Clone)]
pub struct LogReg {
    pub classes: usize,
    pub dim: usize,
    pub theta: Vec<f64>,
}

impl LogReg {
    pub fn new(classes: usize, dim: usize) -> Self {
        LogReg { classes, dim, theta: vec![0.0; classes * dim + classes] }
    }

    /// Class probabilities for one input row x (D) into `p` (K).
    pub fn probs(&self, x: &[f64], p: &mut [f64]) {
        let (k, d) = (self.classes, self.dim);
        let (w, b) = self.theta.split_at(k * d);
        for c in 0..k {
            p[c] = b[c] + w[c * d..(c + 1) * d].iter().zip(x).map(|(a, b)| a * b).sum::<f64>();
        }
        softmax(p);
    }

    pub fn predict(&self, x: &[f64]) -> usize {
        let mut p = vec![0.0; self.classes];
        self.probs(x, &mut p);
        argmax(&p)
    }

    /// Loss L (see the module docs) over the rows `x` (N×D) with labels `y`; writes ∂L/∂θ to `grad`.
    pub fn loss_grad(&self, x: &[f64], y: &[usize], l2: f64, grad: &mut [f64]) -> f64 {
        let (k, d, n) = (self.classes, self.dim, y.len());
        grad.iter_mut().for_each(|g| *g = 0.0);
        let (gw, gb) = grad.split_at_mut(k * d);
        let mut p = vec![0.0; k]; // (K) probabilities, then ∂L/∂z of one row
        let mut loss = 0.0;
        for (i, &yi) in y.iter().enumerate() {
            let xi = &x[i * d..(i + 1) * d];
            self.probs(xi, &mut p);
            loss -= p[yi].max(1e-300).ln();
            p[yi] -= 1.0;
            for c in 0..k {
                let dz = p[c] / n as f64;
                gb[c] += dz;
                gw[c * d..(c + 1) * d].iter_mut().zip(xi).for_each(|(g, &xv)| *g += dz * xv);
            }
        }
        let w = &self.theta[..k * d];
        gw.iter_mut().zip(w).for_each(|(g, &wv)| *g += l2 * wv);
        loss / n as f64 + 0.5 * l2 * w.iter().map(|v| v * v).sum::<f64>()
    }
}

fn softmax(z: &mut [f64]) {
    let m = z.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let mut s = 0.0;
    z.iter_mut().for_each(|v| {
        *v = (*v - m).exp();
        s += *v;
    });
    z.iter_mut().for_each(|v| *v /= s);
}

fn argmax(p: &[f64]) -> usize {
    p.iter().enumerate().fold(0, |best, (i, &v)| if v > p[best] { i } else { best })
}

/// Adam: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − lr · m̂ / (√v̂ + ε) with the bias
/// corrections m̂ = m / (1−β₁ᵗ), v̂ = v / (1−β₂ᵗ).
struct Adam {
    m: Vec<f64>,
    v: Vec<f64>,
    t: i32,
}

impl Adam {
    fn step(&mut self, theta: &mut [f64], g: &[f64], lr: f64) {
        const B1: f64 = 0.9;
        const B2: f64 = 0.999;
        self.t += 1;
        let (c1, c2) = (1.0 - B1.powi(self.t), 1.0 - B2.powi(self.t));
        for i in 0..theta.len() {
            self.m[i] = B1 * self.m[i] + (1.0 - B1) * g[i];
            self.v[i] = B2 * self.v[i] + (1.0 - B2) * g[i] * g[i];
            theta[i] -= lr * (self.m[i] / c1) / ((self.v[i] / c2).sqrt() + 1e-8);
        }
    }
}

/// Stratified split: each label's indices are shuffled with the seed and `round(n·fraction)` of
/// them (at most n − 1, so every label keeps a training example) go to the test set. Both lists
/// come back sorted.
pub fn split(y: &[usize], classes: usize, test_fraction: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
    let mut rng = Rng::new(seed);
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for c in 0..classes {
        let mut idx: Vec<usize> = (0..y.len()).filter(|&i| y[i] == c).collect();
        for i in (1..idx.len()).rev() {
            idx.swap(i, rng.below(i + 1));
        }
        let n_test = ((idx.len() as f64 * test_fraction).round() as usize).min(idx.len().saturating_sub(1));
        test.extend_from_slice(&idx[..n_test]);
        train.extend_from_slice(&idx[n_test..]);
    }
    train.sort_unstable();
    test.sort_unstable();
    (train, test)
}

/// What the page shows after a probe run.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProbeReport {
    /// The distinct labels in order of first appearance; class i is `labels[i]`.
    pub labels: Vec<String>,
    /// Accuracy on the test rows (on the training rows when `evaluated_on_train`).
    pub accuracy: f64,
    pub train_accuracy: f64,
    /// confusion[true][predicted] counts over the evaluated rows.
    pub confusion: Vec<Vec<usize>>,
    /// Predicted class of every input row (train and test).
    pub predictions: Vec<usize>,
    pub test_indices: Vec<usize>,
    pub train_size: usize,
    pub test_size: usize,
    /// True when the test set is empty (testFraction 0 or one line per label).
    pub evaluated_on_train: bool,
    /// Training loss after each epoch.
    pub loss: Vec<f64>,
}

/// Trains a probe on `embeddings` ((N, dim) row-major) with one label per row and evaluates it on a
/// held-out, stratified, seeded test split.
pub fn run_probe(embeddings: &[f32], dim: usize, labels: &[String], cfg: &ProbeConfig) -> Result<ProbeReport> {
    cfg.validate()?;
    let n = labels.len();
    if n == 0 {
        return Err(crate::err!(Input, PROBE_NO_LINES));
    }
    // checked: on wasm32 a huge `dim` from JS would wrap n·dim around to the buffer's length.
    if dim == 0 || n.checked_mul(dim) != Some(embeddings.len()) {
        return Err(crate::err!(Input, PROBE_SIZES, values = embeddings.len(), n = n, dim = dim, expected = n as u128 * dim as u128));
    }
    if embeddings.iter().any(|v| !v.is_finite()) {
        return Err(crate::err!(Input, PROBE_NOT_FINITE));
    }
    let mut names: Vec<String> = Vec::new();
    let y: Vec<usize> = labels
        .iter()
        .map(|l| {
            names.iter().position(|x| x == l).unwrap_or_else(|| {
                names.push(l.clone());
                names.len() - 1
            })
        })
        .collect();
    let k = names.len();
    if k < 2 {
        return Err(crate::err!(Input, PROBE_ONE_LABEL, label = names[0]));
    }
    if k > MAX_LABELS {
        return Err(crate::err!(Input, PROBE_LABELS, k = k, n = n, max = MAX_LABELS));
    }
    let (train, test) = split(&y, k, cfg.test_fraction, cfg.seed);
    // Each epoch costs about train·K·D multiply-adds (forward and gradient); refuse runs that would
    // keep the worker busy for minutes rather than start one the page cannot stop.
    let per_epoch = train.len() as f64 * k as f64 * dim as f64;
    if per_epoch * cfg.epochs as f64 > MAX_WORK {
        let most = ((MAX_WORK / per_epoch).floor() as usize).max(1);
        return Err(crate::err!(Settings, PROBE_EPOCHS, most = most, lines = train.len(), labels = k, dim = dim, got = cfg.epochs));
    }

    // Standardise with training statistics: x' = (x − μ) / σ, σ floored so constant columns stay 0.
    let mut mean = vec![0.0f64; dim];
    let mut var = vec![0.0f64; dim];
    for &i in &train {
        mean.iter_mut().zip(&embeddings[i * dim..(i + 1) * dim]).for_each(|(m, &v)| *m += v as f64);
    }
    mean.iter_mut().for_each(|m| *m /= train.len() as f64);
    for &i in &train {
        var.iter_mut().zip(&embeddings[i * dim..(i + 1) * dim]).zip(&mean).for_each(|((s, &v), m)| *s += (v as f64 - m).powi(2));
    }
    let sd: Vec<f64> = var.iter().map(|s| (s / train.len() as f64).sqrt().max(1e-6)).collect();
    let x: Vec<f64> = (0..n * dim).map(|j| (embeddings[j] as f64 - mean[j % dim]) / sd[j % dim]).collect(); // (N, D)

    let gather = |rows: &[usize]| -> (Vec<f64>, Vec<usize>) {
        (rows.iter().flat_map(|&i| x[i * dim..(i + 1) * dim].iter().copied()).collect(), rows.iter().map(|&i| y[i]).collect())
    };
    let (xt, yt) = gather(&train);
    let mut model = LogReg::new(k, dim);
    let mut grad = vec![0.0; model.theta.len()];
    let mut adam = Adam { m: vec![0.0; grad.len()], v: vec![0.0; grad.len()], t: 0 };
    let mut loss = Vec::with_capacity(cfg.epochs);
    for _ in 0..cfg.epochs {
        loss.push(model.loss_grad(&xt, &yt, cfg.l2, &mut grad));
        adam.step(&mut model.theta, &grad, cfg.lr);
    }

    let predictions: Vec<usize> = (0..n).map(|i| model.predict(&x[i * dim..(i + 1) * dim])).collect();
    let accuracy_on = |rows: &[usize]| rows.iter().filter(|&&i| predictions[i] == y[i]).count() as f64 / rows.len() as f64;
    let evaluated_on_train = test.is_empty();
    let eval = if evaluated_on_train { &train } else { &test };
    let mut confusion = vec![vec![0usize; k]; k];
    for &i in eval {
        confusion[y[i]][predictions[i]] += 1;
    }
    Ok(ProbeReport {
        labels: names,
        accuracy: accuracy_on(eval),
        train_accuracy: accuracy_on(&train),
        confusion,
        predictions,
        train_size: train.len(),
        test_size: test.len(),
        test_indices: test,
        evaluated_on_train,
        loss,
    })
}

#[cfg(test)]
#[path = "probe_tests.rs"]
mod tests;
