//! Finite-difference checks of the Transformer layers (multi-head attention, feed-forward).
//!
//! Floor 1e-2 on the relative error: the loss sums ~50 f32 outputs, whose rounding gives a central
//! difference an absolute noise of ~1e-5, so gradients below ~1e-2 are judged absolutely; a wrong
//! backward (a missing term, a transposed head) is off at the gradient's own scale, far above.

use super::ffn::FeedForward;
use super::gradcheck::check_f32;
use super::mha::{Mask, MultiHeadAttention};
use super::param::Module;
use crate::rng::Rng;
use ndarray::{Array2, ArrayView2};

fn random(r: usize, c: usize, rng: &mut Rng) -> Array2<f32> {
    Array2::from_shape_fn((r, c), |_| rng.next_f32() * 2.0 - 1.0)
}
fn weighted(y: &Array2<f32>, w: &Array2<f32>) -> f64 {
    y.iter().zip(w).map(|(a, b)| *a as f64 * *b as f64).sum()
}

#[test]
fn causal_and_padding_masks_zero_the_hidden_keys() {
    let mut rng = Rng::new(7);
    let (b, t, h) = (2, 4, 6);
    let mut m = MultiHeadAttention::new("a", h, 2, &mut rng);
    let x = random(b * t, h, &mut rng);
    let mut y = Array2::zeros((b * t, h));
    m.forward(x.view(), b, Mask { causal: true, lens: Some(&[4, 2]) }, y.view_mut());
    let p = m.probs();
    for bi in 0..b {
        for j in 0..2 {
            for r in 0..t {
                let row = &p[((bi * 2 + j) * t + r) * t..][..t];
                let visible = (r + 1).min([4, 2][bi]);
                assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-6, "{row:?}");
                assert!(row[visible..].iter().all(|&v| v == 0.0), "b {bi} row {r}: {row:?}");
            }
        }
    }
    // Token 0 of a causal sequence sees only itself.
    assert_eq!(p[0], 1.0);
}

#[test]
fn attention_by_hand_one_head() {
    // Identity projections, no bias, one head of width 2: S = X Xᵀ/√2, P = softmax rows,
    // Y = P X. Rows x₀ = [1, 0], x₁ = [0, 1]: S = [[1, 0], [0, 1]]/√2.
    let mut m = MultiHeadAttention::new("a", 2, 1, &mut Rng::new(1));
    for l in [&mut m.query, &mut m.key, &mut m.value, &mut m.output] {
        l.weight.value = Array2::eye(2);
        l.bias.value.fill(0.0);
    }
    let x = ndarray::arr2(&[[1.0f32, 0.0], [0.0, 1.0]]);
    let mut y = Array2::zeros((2, 2));
    m.forward(x.view(), 1, Mask::default(), y.view_mut());
    let e = (1.0f32 / 2f32.sqrt()).exp();
    let (hi, lo) = (e / (e + 1.0), 1.0 / (e + 1.0));
    for (got, want) in y.iter().zip([hi, lo, lo, hi]) {
        assert!((got - want).abs() < 1e-6, "{y:?}");
    }
}

#[test]
fn attention_gradients_match_central_differences() {
    let mut rng = Rng::new(8);
    let (b, t, h, heads) = (2, 4, 6, 2);
    let lens = [4usize, 3];
    for causal in [false, true] {
        let mut m = MultiHeadAttention::new("a", h, heads, &mut rng);
        let (x, w) = (random(b * t, h, &mut rng), random(b * t, h, &mut rng));
        let mask = Mask { causal, lens: Some(&lens) };
        let mut y = Array2::zeros((b * t, h));
        let mut dx = Array2::zeros((b * t, h));
        m.forward(x.view(), b, mask, y.view_mut());
        m.backward(x.view(), w.view(), dx.view_mut(), false);
        let (theta, grads) = (m.flat(false), m.flat(true));
        let r = check_f32(
            &mut |p| {
                m.set_flat(p);
                m.forward(x.view(), b, mask, y.view_mut());
                weighted(&y, &w)
            },
            &theta,
            &grads,
            1e-2,
            1e-2,
        );
        assert!(r.max_rel_error < 2e-3, "causal {causal}, params: {r:?}");
        m.set_flat(&theta);
        let r = check_f32(
            &mut |v| {
                m.forward(ArrayView2::from_shape((b * t, h), v).unwrap(), b, mask, y.view_mut());
                weighted(&y, &w)
            },
            x.as_slice().unwrap(),
            dx.as_slice().unwrap(),
            1e-2,
            1e-2,
        );
        assert!(r.max_rel_error < 2e-3, "causal {causal}, input: {r:?}");
    }
}

#[test]
fn feed_forward_gradients_match_central_differences() {
    let mut rng = Rng::new(9);
    let (n, h, f) = (5, 4, 10);
    let mut ff = FeedForward::new("l", h, f, &mut rng);
    let (x, w) = (random(n, h, &mut rng), random(n, h, &mut rng));
    let mut y = Array2::zeros((n, h));
    let mut dx = Array2::from_elem((n, h), 1.0f32);
    ff.forward(x.view(), y.view_mut());
    ff.backward(x.view(), w.view(), dx.view_mut(), true);
    dx.mapv_inplace(|v| v - 1.0);
    let (theta, grads) = (ff.flat(false), ff.flat(true));
    let r = check_f32(
        &mut |p| {
            ff.set_flat(p);
            ff.forward(x.view(), y.view_mut());
            weighted(&y, &w)
        },
        &theta,
        &grads,
        1e-2,
        1e-3,
    );
    assert!(r.max_rel_error < 1e-3, "params: {r:?}");
    ff.set_flat(&theta);
    let r = check_f32(
        &mut |v| {
            ff.forward(ArrayView2::from_shape((n, h), v).unwrap(), y.view_mut());
            weighted(&y, &w)
        },
        x.as_slice().unwrap(),
        dx.as_slice().unwrap(),
        1e-2,
        1e-3,
    );
    assert!(r.max_rel_error < 1e-3, "input: {r:?}");
}
