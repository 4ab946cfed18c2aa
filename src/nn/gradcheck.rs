//! The one finite-difference gradient check every hand-written backward pass goes through.
//!
//! Central difference in f64: ∂f/∂xᵢ ≈ (f(x + εeᵢ) − f(x − εeᵢ)) / 2ε, whose error is O(ε²)
//! (the ε¹ terms of the two Taylor expansions cancel). Compared by relative error
//! |a − n| / max(|a| + |n|, floor), so large and small components are judged alike and exact zeros
//! do not divide by zero.

/// Result of a check: the worst component and its relative error.
#[derive(Debug, Clone, PartialEq)]
pub struct GradCheck {
    pub max_rel_error: f64,
    pub worst_index: usize,
    pub analytic: f64,
    pub numeric: f64,
}

/// Numerical gradient of `f` at `x` by central differences with step `eps`.
pub fn numeric_gradient(f: &mut dyn FnMut(&[f64]) -> f64, x: &[f64], eps: f64) -> Vec<f64> {
    let mut xp = x.to_vec();
    (0..x.len())
        .map(|i| {
            xp[i] = x[i] + eps;
            let up = f(&xp);
            xp[i] = x[i] - eps;
            let down = f(&xp);
            xp[i] = x[i];
            (up - down) / (2.0 * eps)
        })
        .collect()
}

/// Compares `analytic` with the central-difference gradient of `f` at `x`. `floor` is the
/// magnitude below which differences count as absolute (e.g. 1e-6 when the values are ~1).
pub fn check(f: &mut dyn FnMut(&[f64]) -> f64, x: &[f64], analytic: &[f64], eps: f64, floor: f64) -> GradCheck {
    assert_eq!(x.len(), analytic.len(), "gradient length must match the parameters");
    let numeric = numeric_gradient(f, x, eps);
    let mut worst = GradCheck { max_rel_error: 0.0, worst_index: 0, analytic: 0.0, numeric: 0.0 };
    for (i, (&a, &n)) in analytic.iter().zip(&numeric).enumerate() {
        let rel = (a - n).abs() / (a.abs() + n.abs()).max(floor);
        if rel > worst.max_rel_error || i == 0 {
            worst = GradCheck { max_rel_error: rel, worst_index: i, analytic: a, numeric: n };
        }
    }
    worst
}

/// The check for f32 code (the layers of [`crate::nn`]): `f` runs the f32 forward pass at `x`
/// and returns the loss in f64. Each component moves by ±`eps` in f32, and the difference is
/// divided by the step actually taken (`x + eps` rounds in f32), so the rounding of the step
/// itself does not count as error. The f32 forward rounds at ~1e-7 relative, so with `eps` ≈ 1e-2
/// the numeric gradient is good to ~1e-4: a right backward pass lands below ~1e-3, a wrong one
/// (a missing term, a wrong sign, a factor) far above.
pub fn check_f32(f: &mut dyn FnMut(&[f32]) -> f64, x: &[f32], analytic: &[f32], eps: f32, floor: f64) -> GradCheck {
    assert_eq!(x.len(), analytic.len(), "gradient length must match the parameters");
    let mut xp = x.to_vec();
    let mut worst = GradCheck { max_rel_error: 0.0, worst_index: 0, analytic: 0.0, numeric: 0.0 };
    for i in 0..x.len() {
        let (up, down) = (x[i] + eps, x[i] - eps);
        xp[i] = up;
        let fu = f(&xp);
        xp[i] = down;
        let fd = f(&xp);
        xp[i] = x[i];
        let n = (fu - fd) / (up as f64 - down as f64);
        let a = analytic[i] as f64;
        let rel = (a - n).abs() / (a.abs() + n.abs()).max(floor);
        if rel > worst.max_rel_error || i == 0 {
            worst = GradCheck { max_rel_error: rel, worst_index: i, analytic: a, numeric: n };
        }
    }
    worst
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passes_a_right_gradient_and_catches_a_wrong_one() {
        // f(x, y) = x²y + 5y: ∂f/∂x = 2xy, ∂f/∂y = x² + 5.
        let mut f = |v: &[f64]| v[0] * v[0] * v[1] + 5.0 * v[1];
        let x = [1.5, -2.0];
        let good = [2.0 * 1.5 * -2.0, 1.5 * 1.5 + 5.0];
        assert!(check(&mut f, &x, &good, 1e-5, 1e-8).max_rel_error < 1e-8);
        let bad = [good[0], good[1] * 1.01];
        let r = check(&mut f, &x, &bad, 1e-5, 1e-8);
        assert!(r.max_rel_error > 1e-3 && r.worst_index == 1);
    }
}
