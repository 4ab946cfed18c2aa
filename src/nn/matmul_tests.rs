use super::*;
use crate::rng::Rng;
use ndarray::{s, Array2};

fn random(n: usize, rng: &mut Rng) -> Vec<f32> {
    (0..n).map(|_| rng.next_f32() * 2.0 - 1.0).collect()
}

fn random2(r: usize, c: usize, rng: &mut Rng) -> Array2<f32> {
    Array2::from_shape_vec((r, c), random(r * c, rng)).unwrap()
}

/// Shapes with every remainder: m not a multiple of 4, n not a multiple of 8, k = 0, 1, odd.
const SHAPES: [(usize, usize, usize); 8] =
    [(4, 8, 1), (5, 13, 7), (1, 1, 32), (12, 64, 48), (20, 40, 384), (3, 9, 0), (16, 384, 128), (7, 3, 5)];

#[test]
fn gemm_equals_the_reference_order_bit_for_bit_for_every_layout() {
    let mut rng = Rng::new(7);
    for &(m, n, k) in &SHAPES {
        let a = random2(m, k, &mut rng);
        let at = random2(k, m, &mut rng); // used transposed: a strided A
        let b = random2(k, n, &mut rng);
        let bt = random2(n, k, &mut rng); // a PyTorch weight (n × k), used as Wᵀ
        let bias = random(n, &mut rng);
        let c0 = random2(m, n, &mut rng);
        let mut scratch = GemmScratch::default();
        for (av, a_name) in [(a.view(), "A"), (at.t(), "Aᵀ")] {
            for (bv, b_name) in [(b.view(), "B"), (bt.t(), "Wᵀ")] {
                let packed = PackedB::packed(bv);
                for init in [Init::Zero, Init::Add, Init::Bias(&bias)] {
                    let (mut fast, mut slow) = (c0.clone(), c0.clone());
                    gemm(av, &packed, fast.view_mut(), init, &mut scratch);
                    gemm_ref(av, bv, slow.view_mut(), init);
                    for (f, s) in fast.iter().zip(&slow) {
                        assert_eq!(f.to_bits(), s.to_bits(), "m={m} n={n} k={k} {a_name}·{b_name} {init:?}: {f} vs {s}");
                    }
                }
            }
        }
    }
}

#[test]
fn gemm_into_a_column_block_of_a_wider_matrix() {
    // C is a view of columns 3..11 of a 6 × 16 matrix (row stride 16): the rest stays untouched.
    let mut rng = Rng::new(2);
    let (a, b) = (random2(6, 5, &mut rng), random2(5, 8, &mut rng));
    let mut big = Array2::<f32>::from_elem((6, 16), 9.0);
    gemm(a.view(), &PackedB::packed(b.view()), big.slice_mut(s![.., 3..11]), Init::Zero, &mut GemmScratch::default());
    let mut want = Array2::<f32>::zeros((6, 8));
    gemm_ref(a.view(), b.view(), want.view_mut(), Init::Zero);
    assert_eq!(big.slice(s![.., 3..11]), want);
    assert!(big.slice(s![.., ..3]).iter().chain(big.slice(s![.., 11..]).iter()).all(|&v| v == 9.0));
}

#[test]
fn packed_linear_matches_the_f64_loop() {
    let mut rng = Rng::new(7);
    for &(m, n, k) in &SHAPES {
        let x = random(m * k, &mut rng);
        let w = random(n * k, &mut rng);
        let b = random(n, &mut rng);
        let lin = PackedLinear::new(&w, &b, n, k);
        let mut fast = vec![f32::NAN; m * n];
        lin.forward(&x, m, &mut fast);
        let mut slow = vec![0.0; m * n];
        matmul_slow(&x, &w, &b, m, n, k, &mut slow);
        // f32 accumulation of k terms of size ≤ 1 against an f64 sum: error ≲ k·2⁻²⁴.
        let tol = 1e-6 * k as f32 + 1e-6;
        for (i, (f, s)) in fast.iter().zip(&slow).enumerate() {
            assert!((f - s).abs() <= tol, "m={m} n={n} k={k} at {i}: {f} vs {s}");
        }
    }
}

#[test]
fn hand_computed() {
    // W = [[1, 2], [3, 4], [5, 6]] (3 outputs, 2 inputs), b = [0.5, 0, -1], x = [1, -1]:
    // y = [1−2+0.5, 3−4, 5−6−1] = [−0.5, −1, −2]; a zero input row gives the bias.
    let lin = PackedLinear::new(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[0.5, 0.0, -1.0], 3, 2);
    let x = [1.0, -1.0, 0.0, 0.0];
    let mut y = vec![0.0; 6];
    lin.forward(&x, 2, &mut y);
    assert_eq!(y, [-0.5, -1.0, -2.0, 0.5, 0.0, -1.0]);
}
