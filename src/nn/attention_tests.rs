use super::*;
use crate::nn::gradcheck::check_f32;

fn random(r: usize, c: usize, rng: &mut Rng) -> Array2<f32> {
    Array2::from_shape_fn((r, c), |_| rng.next_f32() * 2.0 - 1.0)
}

const T: usize = 3;
const B: usize = 3;
const S: usize = 4;
const H: usize = 5;
const LENS: [usize; B] = [4, 2, 1];

/// L = Σ_t Σ w_t ⊙ c_t for fixed random w, so ∂L/∂c_t = w_t.
fn loss(att: &mut Attention, q: &Array2<f32>, k: &Array2<f32>, w: &Array2<f32>) -> f64 {
    att.prepare(k.view(), B, T, &LENS);
    let mut ctx = Array2::zeros((B, H));
    let mut total = 0.0;
    for t in 0..T {
        att.forward_step(t, q.slice(s![t * B..(t + 1) * B, ..]), k.view(), k.view(), ctx.view_mut());
        total += ctx.iter().zip(w.slice(s![t * B..(t + 1) * B, ..]).iter()).map(|(a, b)| *a as f64 * *b as f64).sum::<f64>();
    }
    total
}

/// Gradients of L: params (in the layer), queries (T·B, H), keys (S·B, H).
fn grads(att: &mut Attention, q: &Array2<f32>, k: &Array2<f32>, w: &Array2<f32>) -> (Array2<f32>, Array2<f32>) {
    loss(att, q, k, w);
    att.zero_grad();
    let (mut dq, mut dk) = (Array2::zeros((T * B, H)), Array2::zeros((S * B, H)));
    att.backward_start(T);
    for t in (0..T).rev() {
        att.backward_step(
            t,
            k.view(),
            k.view(),
            w.slice(s![t * B..(t + 1) * B, ..]),
            dq.slice_mut(s![t * B..(t + 1) * B, ..]),
            dk.view_mut(),
            None,
        );
    }
    att.backward_finish(T, k.view(), dk.view_mut());
    (dq, dk)
}

#[test]
fn weights_are_a_masked_softmax() {
    let mut rng = Rng::new(5);
    for score in [Score::Additive, Score::Dot, Score::General] {
        let mut att = Attention::new("a", score, H, H, &mut rng);
        let (q, k) = (random(B, H, &mut rng), random(S * B, H, &mut rng));
        att.prepare(k.view(), B, 1, &LENS);
        let mut ctx = Array2::zeros((B, H));
        att.forward_step(0, q.view(), k.view(), k.view(), ctx.view_mut());
        for (b, row) in att.alpha(0).rows().into_iter().enumerate() {
            let sum: f32 = row.iter().sum();
            assert!((sum - 1.0).abs() < 1e-6, "{score:?} row {b} sums to {sum}");
            assert!(row.iter().skip(LENS[b]).all(|&a| a == 0.0), "{score:?}: padding gets weight");
            // c = Σ α_s k_s over the row's own keys.
            for j in 0..H {
                let want: f32 = (0..S).map(|s| row[s] * k[[s * B + b, j]]).sum();
                assert!((ctx[[b, j]] - want).abs() < 1e-6);
            }
        }
    }
    // Dot attention by hand: q = [1, 0, …], keys k_0 = [2, …], k_1 = [0, …] for row 1 (length 2):
    // e = (2, 0) → α = (e²/(e²+1), 1/(e²+1)).
    let mut att = Attention::new("a", Score::Dot, H, H, &mut rng);
    let mut k = Array2::zeros((S * B, H));
    k[[B + 1, 0]] = 0.0;
    k[[1, 0]] = 2.0;
    let mut q = Array2::zeros((B, H));
    q[[1, 0]] = 1.0;
    att.prepare(k.view(), B, 1, &LENS);
    let mut ctx = Array2::zeros((B, H));
    att.forward_step(0, q.view(), k.view(), k.view(), ctx.view_mut());
    let e2 = (2.0f32).exp();
    assert!((att.alpha(0)[[1, 0]] - e2 / (e2 + 1.0)).abs() < 1e-6);
    assert!((att.alpha(0)[[1, 1]] - 1.0 / (e2 + 1.0)).abs() < 1e-6);
}

#[test]
fn gradients_match_central_differences() {
    for score in [Score::Additive, Score::Dot, Score::General] {
        let mut rng = Rng::new(9);
        let mut att = Attention::new("a", score, H, H, &mut rng);
        let (q, k, w) = (random(T * B, H, &mut rng), random(S * B, H, &mut rng), random(T * B, H, &mut rng));
        let (dq, dk) = grads(&mut att, &q, &k, &w);
        if score != Score::Dot {
            let (theta, g) = (att.flat(false), att.flat(true));
            let mut a2 = att.clone();
            let r = check_f32(
                &mut |p| {
                    a2.set_flat(p);
                    loss(&mut a2, &q, &k, &w)
                },
                &theta,
                &g,
                1e-2,
                1e-2,
            );
            assert!(r.max_rel_error < 2e-3, "{score:?} params: {r:?}");
        }
        let mut a3 = att.clone();
        let r = check_f32(
            &mut |v| loss(&mut a3, &Array2::from_shape_vec((T * B, H), v.to_vec()).unwrap(), &k, &w),
            q.as_slice().unwrap(),
            dq.as_slice().unwrap(),
            1e-2,
            1e-2,
        );
        assert!(r.max_rel_error < 2e-3, "{score:?} queries: {r:?}");
        let r = check_f32(
            &mut |v| loss(&mut a3, &q, &Array2::from_shape_vec((S * B, H), v.to_vec()).unwrap(), &w),
            k.as_slice().unwrap(),
            dk.as_slice().unwrap(),
            1e-2,
            1e-2,
        );
        assert!(r.max_rel_error < 2e-3, "{score:?} keys: {r:?}");
        // Padded keys get no gradient (row 2 has one valid key; its keys s ≥ 1 are padding).
        for s in 1..S {
            assert!(dk.row(s * B + 2).iter().all(|&g| g == 0.0), "{score:?}: gradient into padding");
        }
    }
}
