//! t-SNE's input affinities (van der Maaten & Hinton 2008, §2–3): the conditional
//! `p_{j|i} ∝ exp(−β_i ‖x_i − x_j‖²)` with `β_i` calibrated to the perplexity, symmetrised
//! `p_ij = (p_{j|i} + p_{i|j}) / 2n`, over the `k = ⌊3·perplexity⌋` nearest neighbours of each point
//! (van der Maaten 2014, §4.1; with `k = n − 1`, i.e. small sets, that is every pair: the exact `P`).

crate::choices! {
    /// How far apart two points are.
    pub enum Metric {
        /// Squared Euclidean distance.
        Euclidean = "euclidean",
        /// Squared Euclidean distance of the unit-length vectors, `2 − 2 cos`: what word-vector
        /// neighbours use.
        Cosine = "cosine",
    }
}

/// Symmetric sparse `P` in compressed rows: row `i` holds `(col[k], val[k])` for
/// `k in start[i]..start[i+1]`; `Σ val = 1`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Affinity {
    pub start: Vec<usize>,
    pub col: Vec<u32>,
    pub val: Vec<f64>,
}

impl Affinity {
    /// Adds the attractive half of the gradient, `4·exag·Σ_j p_ij w_ij (y_i − y_j)`, to `grad`.
    pub fn attract(&self, y: &[f64], exag: f64, grad: &mut [f64]) {
        for (i, g) in grad.chunks_exact_mut(2).enumerate() {
            let mut a = [0.0; 2];
            for k in self.start[i]..self.start[i + 1] {
                let j = self.col[k] as usize;
                let (dx, dy) = (y[2 * i] - y[2 * j], y[2 * i + 1] - y[2 * j + 1]);
                let pw = self.val[k] / (1.0 + dx * dx + dy * dy);
                a[0] += pw * dx;
                a[1] += pw * dy;
            }
            g[0] += 4.0 * exag * a[0];
            g[1] += 4.0 * exag * a[1];
        }
    }

    /// `KL(P‖Q) = Σ p_ij log(p_ij / q_ij)` with `q_ij = w_ij / z`.
    pub fn kl(&self, y: &[f64], z: f64) -> f64 {
        let mut kl = 0.0;
        for i in 0..self.start.len().saturating_sub(1) {
            for k in self.start[i]..self.start[i + 1] {
                let (j, p) = (self.col[k] as usize, self.val[k]);
                if p > 0.0 {
                    let q = 1.0 / (1.0 + dist2(&y[2 * i..2 * i + 2], &y[2 * j..2 * j + 2])) / z;
                    kl += p * (p / q.max(f64::MIN_POSITIVE)).ln();
                }
            }
        }
        kl
    }
}

/// Rows as f64, unit length for the cosine metric (a zero row stays zero).
pub(crate) fn prepare(x: &[f32], n: usize, d: usize, metric: Metric) -> Vec<f64> {
    let mut rows: Vec<f64> = x[..n * d].iter().map(|&v| v as f64).collect();
    if metric == Metric::Cosine && d > 0 {
        for r in rows.chunks_exact_mut(d) {
            let norm = r.iter().map(|v| v * v).sum::<f64>().sqrt();
            if norm > 0.0 {
                r.iter_mut().for_each(|v| *v /= norm);
            }
        }
    }
    rows
}

/// `‖a − b‖²` with four independent accumulators, so the adds pipeline (and vectorise under
/// simd128) instead of waiting on one running sum: the neighbour search is `n²` of these.
pub(crate) fn dist2(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let (ca, cb) = (a.chunks_exact(4), b.chunks_exact(4));
    let tail: f64 = ca.remainder().iter().zip(cb.remainder()).map(|(x, y)| (x - y) * (x - y)).sum();
    for (u, v) in ca.zip(cb) {
        for l in 0..4 {
            let t = u[l] - v[l];
            acc[l] += t * t;
        }
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// `p_{j|i}` for one row of squared distances, calibrated to `perplexity` by bisection on `β`.
/// Distances are shifted by their minimum before `exp` (the shift cancels in the normalisation),
/// so the nearest neighbour always has weight 1 and the sum never underflows.
pub(crate) fn calibrate_row(dist: &[f64], perplexity: f64) -> Vec<f64> {
    let target = perplexity.ln(); // entropy in nats
    let dmin = dist.iter().copied().fold(f64::INFINITY, f64::min);
    let mut p = vec![0.0; dist.len()];
    if dist.is_empty() {
        return p;
    }
    // Start from β = 1 / mean shifted distance (the right scale whatever the data's units).
    let mean = dist.iter().map(|d| d - dmin).sum::<f64>() / dist.len() as f64;
    let (mut beta, mut lo, mut hi) = (if mean > 0.0 { 1.0 / mean } else { 1.0 }, 0.0f64, f64::INFINITY);
    for _ in 0..100 {
        let mut sum = 0.0;
        let mut sum_dp = 0.0;
        for (pj, &dj) in p.iter_mut().zip(dist) {
            *pj = (-beta * (dj - dmin)).exp();
            sum += *pj;
            sum_dp += (dj - dmin) * *pj;
        }
        // H = log Σ e^{−βd'} + β Σ d' p / Σ p   (d' = d − dmin)
        let h = sum.ln() + beta * sum_dp / sum;
        p.iter_mut().for_each(|pj| *pj /= sum);
        if (h - target).abs() < 1e-5 {
            break;
        }
        if h > target {
            lo = beta;
            beta = if hi.is_finite() { 0.5 * (beta + hi) } else { beta * 2.0 };
        } else {
            hi = beta;
            beta = 0.5 * (beta + lo);
        }
    }
    p
}

/// Exact nearest neighbours (`O(n² d)`), calibration over them, then the symmetrised sparse `P`.
pub(crate) fn affinities(rows: &[f64], n: usize, d: usize, perplexity: f64) -> Affinity {
    let k = ((3.0 * perplexity) as usize).clamp(1, n.saturating_sub(1).max(1));
    let mut triples: Vec<(u32, u32, f64)> = Vec::with_capacity(2 * n * k);
    let mut cand: Vec<(f64, u32)> = Vec::with_capacity(n);
    for i in 0..n {
        let ri = &rows[i * d..(i + 1) * d];
        cand.clear();
        cand.extend((0..n).filter(|&j| j != i).map(|j| (dist2(ri, &rows[j * d..(j + 1) * d]), j as u32)));
        if cand.len() > k {
            cand.select_nth_unstable_by(k - 1, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            cand.truncate(k);
        }
        let dist: Vec<f64> = cand.iter().map(|c| c.0).collect();
        for (pj, &(_, j)) in calibrate_row(&dist, perplexity).iter().zip(&cand) {
            let v = pj / (2.0 * n as f64);
            triples.push((i as u32, j, v));
            triples.push((j, i as u32, v));
        }
    }
    triples.sort_unstable_by_key(|t| (t.0, t.1));
    // Merge the two directions of a pair, count entries per row, then prefix-sum into row starts.
    let (mut start, mut col, mut val) = (vec![0usize; n + 1], Vec::new(), Vec::<f64>::new());
    let mut last = None;
    for (i, j, v) in triples {
        match val.last_mut() {
            Some(lv) if last == Some((i, j)) => *lv += v,
            _ => {
                col.push(j);
                val.push(v);
                start[i as usize + 1] += 1;
                last = Some((i, j));
            }
        }
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    Affinity { start, col, val }
}
