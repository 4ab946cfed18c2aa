//! Element-wise and row-wise layers of a transformer forward pass: layer norm, GELU (exact and
//! tanh), softmax. Each works in place on rows of a flat `(rows, dim)` buffer.

/// `x ← γ ⊙ (x − μ) / √(σ² + ε) + β` on each row (Ba et al. 2016; HF `nn.LayerNorm`, biased σ²).
pub fn layer_norm(x: &mut [f32], dim: usize, gamma: &[f32], beta: &[f32], eps: f32) {
    for row in x.chunks_exact_mut(dim) {
        let mean = row.iter().sum::<f32>() / dim as f32;
        let var = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / dim as f32;
        let inv = 1.0 / (var + eps).sqrt();
        for ((v, g), b) in row.iter_mut().zip(gamma).zip(beta) {
            *v = (*v - mean) * inv * g + b;
        }
    }
}

/// `erf(x)` in f32 to about 1 ulp·few, branch-free so the loop over a buffer vectorises.
///
/// A rational minimax approximation on [−4, 4] (`erf(x) = x·P(x²)/Q(x²)`, P of degree 6 and Q of
/// degree 4 in x², the form used by Eigen and XNNPACK); beyond ±4, erf is ±1 to f32 precision
/// (1 − erf(4) ≈ 1.5·10⁻⁸), so x is clamped there.
#[inline]
pub fn erf(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let mut p = -2.726_142_3e-10_f32;
    p = p * x2 + 2.770_681_4e-8;
    p = p * x2 + -2.101_024e-6;
    p = p * x2 + -5.692_506_4e-5;
    p = p * x2 + -7.349_906_3e-4;
    p = p * x2 + -2.954_6e-3;
    p = p * x2 + -1.609_603_3e-2;
    let mut q = -1.456_607_2e-5_f32;
    q = q * x2 + -2.133_740_6e-4;
    q = q * x2 + -1.682_827e-3;
    q = q * x2 + -7.373_329e-3;
    q = q * x2 + -1.426_474e-2;
    x * p / q
}

/// HF `"gelu"`: `x·Φ(x) = ½x(1 + erf(x/√2))` (Hendrycks & Gimpel 2016), exact form.
pub fn gelu(x: &mut [f32]) {
    for v in x.iter_mut() {
        *v = 0.5 * *v * (1.0 + erf(*v * std::f32::consts::FRAC_1_SQRT_2));
    }
}

/// HF `"gelu_new"` / `"gelu_pytorch_tanh"`: `½x(1 + tanh(√(2/π)(x + 0.044715x³)))`.
pub fn gelu_tanh(x: &mut [f32]) {
    const C: f32 = 0.797_884_6; // √(2/π)
    for v in x.iter_mut() {
        let u = C * (*v + 0.044_715 * *v * *v * *v);
        *v = 0.5 * *v * (1.0 + u.tanh());
    }
}

/// `max(0, x)`.
pub fn relu(x: &mut [f32]) {
    for v in x.iter_mut() {
        *v = v.max(0.0);
    }
}

/// `x ← exp(x − max x) / Σ exp(x − max x)` on one row (subtracting the max keeps exp finite).
pub fn softmax(row: &mut [f32]) {
    let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in row.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    let inv = 1.0 / sum;
    for v in row.iter_mut() {
        *v *= inv;
    }
}

/// `1 / (1 + e^(−x))`.
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// erf by its Maclaurin series in f64, `erf x = 2/√π Σ (−1)ⁿ x^(2n+1) / (n!(2n+1))`; exact to
    /// f64 rounding for |x| ≤ 3 with enough terms (the terms peak near n ≈ x² and then shrink).
    fn erf_series(x: f64) -> f64 {
        let mut term = x; // (−1)ⁿ x^(2n+1) / n!
        let mut sum = x;
        for n in 1..200 {
            term *= -x * x / n as f64;
            sum += term / (2 * n + 1) as f64;
        }
        sum * 2.0 / std::f64::consts::PI.sqrt()
    }

    #[test]
    fn erf_is_accurate() {
        let mut worst = 0.0f64;
        for i in -3000..=3000 {
            let x = i as f64 / 1000.0;
            worst = worst.max((erf(x as f32) as f64 - erf_series(x)).abs());
        }
        assert!(worst < 5e-7, "max |erf − series| on [−3, 3] = {worst}");
        assert_eq!(erf(0.0), 0.0);
        assert!((erf(10.0) - 1.0).abs() < 1e-6 && (erf(-10.0) + 1.0).abs() < 1e-6);
    }

    #[test]
    fn gelu_values() {
        // Φ(1) = 0.841344746 → gelu(1) = 0.841344746; gelu(−1) = −(1 − Φ(1)) = −0.158655254.
        let mut x = [1.0f32, -1.0, 0.0];
        gelu(&mut x);
        assert!((x[0] - 0.841_344_7).abs() < 1e-6 && (x[1] + 0.158_655_26).abs() < 1e-6 && x[2] == 0.0, "{x:?}");
        // tanh form at 1: ½(1 + tanh(0.79788456·1.044715)) = 0.841191990.
        let mut y = [1.0f32];
        gelu_tanh(&mut y);
        assert!((y[0] - 0.841_192).abs() < 1e-6, "{y:?}");
    }

    #[test]
    fn layer_norm_and_softmax() {
        // Row [1, 2, 3]: μ = 2, σ² = 2/3 → (x − μ)/√σ² = [−1.2247449, 0, 1.2247449]; γ = 2, β = 1.
        let mut x = [1.0f32, 2.0, 3.0];
        layer_norm(&mut x, 3, &[2.0; 3], &[1.0; 3], 0.0);
        for (v, e) in x.iter().zip([1.0 - 2.449_489_8, 1.0, 1.0 + 2.449_489_8]) {
            assert!((v - e).abs() < 1e-5, "{x:?}");
        }
        // softmax [0, ln 3] = [1/4, 3/4]; a huge logit does not overflow.
        let mut s = [0.0f32, 3.0f32.ln()];
        softmax(&mut s);
        assert!((s[0] - 0.25).abs() < 1e-6 && (s[1] - 0.75).abs() < 1e-6);
        let mut big = [1000.0f32, 0.0];
        softmax(&mut big);
        assert_eq!(big, [1.0, 0.0]);
        assert!((sigmoid(0.0) - 0.5).abs() < 1e-7);
    }
}
