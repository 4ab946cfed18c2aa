use super::*;
use crate::nn::gradcheck::check_f32;
use crate::nn::recurrent::Recurrent;

fn random(r: usize, c: usize, rng: &mut Rng) -> Array2<f32> {
    Array2::from_shape_fn((r, c), |_| rng.next_f32() * 2.0 - 1.0)
}

fn dot(a: ArrayView2<f32>, b: ArrayView2<f32>) -> f64 {
    a.iter().zip(b.iter()).map(|(x, y)| *x as f64 * *y as f64).sum()
}

fn start_state(cell: Cell, b: usize, h: usize, rng: &mut Rng) -> State {
    let mut s = State::zeros(cell, b, h);
    s.h = random(b, h, rng);
    if cell == Cell::Lstm {
        s.c = random(b, h, rng);
    }
    s
}

/// Without lengths, stepping equals nn's whole-sequence layer bit for bit (the same GEMM order
/// per element), forward and backward.
#[test]
fn equals_the_whole_sequence_layer() {
    for cell in [Cell::Rnn, Cell::Gru, Cell::Lstm] {
        let (t, b, i, h) = (4, 3, 5, 6);
        let mut rng = Rng::new(7);
        let mut whole = Recurrent::new("r", 0, cell, i, h, &mut Rng::new(11));
        let mut step = StepRecurrent::new("r", 0, cell, i, h, &mut Rng::new(11));
        assert_eq!(whole.flat(false), step.flat(false));
        let x = random(t * b, i, &mut rng);
        let s0 = start_state(cell, b, h, &mut rng);
        let dy = random(t * b, h, &mut rng);
        let mut out = Array2::zeros((t * b, h));
        let mut st = s0.clone();
        whole.forward(x.view(), b, &mut st, out.view_mut());
        step.pack();
        step.start(b, t, &s0, None);
        for k in 0..t {
            step.step(x.slice(s![k * b..(k + 1) * b, ..]));
        }
        assert_eq!(step.outputs(), out.view(), "{cell:?} forward");
        assert_eq!(step.state(), st, "{cell:?} state");
        let (mut dx1, mut dx2) = (Array2::zeros((t * b, i)), Array2::zeros((t * b, i)));
        let (mut d1, mut d2) = (State::zeros(cell, b, h), State::zeros(cell, b, h));
        whole.backward(x.view(), out.view(), dy.view(), Some(dx1.view_mut()), Some(&mut d1), None);
        step.backward_seq(dy.view(), dx2.view_mut(), None, Some(&mut d2));
        assert_eq!(whole.flat(true), step.flat(true), "{cell:?} param grads");
        assert_eq!(dx1, dx2, "{cell:?} dx");
        assert_eq!(d1, d2, "{cell:?} d state0");
    }
}

/// Finite differences through a padded batch: L = Σ w·h_t + Σ w'·h_final (+ Σ w''·c_final),
/// with rows of lengths 3, 1, 2 and 0 in 3 steps, so frozen steps and a row that never moves are
/// both crossed; inputs, start state and every parameter are checked.
#[test]
fn gradients_with_lengths_match_central_differences() {
    for cell in [Cell::Rnn, Cell::Gru, Cell::Lstm] {
        let (t, b, i, h) = (3, 4, 3, 4);
        let lens = [3usize, 1, 2, 0];
        let mut rng = Rng::new(3);
        let mut layer = StepRecurrent::new("r", 0, cell, i, h, &mut rng);
        let x = random(t * b, i, &mut rng);
        let s0 = start_state(cell, b, h, &mut rng);
        let (w, wh, wc) = (random(t * b, h, &mut rng), random(b, h, &mut rng), random(b, h, &mut rng));
        let loss = |l: &mut StepRecurrent, x: &Array2<f32>, s0: &State| -> f64 {
            l.pack();
            l.start(b, t, s0, Some(&lens));
            l.forward_seq(x.view());
            let fin = l.state();
            let mut v = dot(l.outputs(), w.view()) + dot(fin.h.view(), wh.view());
            if cell == Cell::Lstm {
                v += dot(fin.c.view(), wc.view());
            }
            v
        };
        loss(&mut layer, &x, &s0);
        layer.zero_grad();
        let mut dx = Array2::zeros((t * b, i));
        let mut ds0 = State::zeros(cell, b, h);
        let d_fin = State { h: wh.clone(), c: if cell == Cell::Lstm { wc.clone() } else { Array2::zeros((0, 0)) } };
        layer.backward_seq(w.view(), dx.view_mut(), Some(&d_fin), Some(&mut ds0));
        // Row 3 (length 0) never moves: its final state is its start state.
        assert_eq!(layer.state().h.row(3), s0.h.row(3));
        let (theta, grads) = (layer.flat(false), layer.flat(true));
        let mut l2 = layer.clone();
        let r = check_f32(
            &mut |p| {
                l2.set_flat(p);
                loss(&mut l2, &x, &s0)
            },
            &theta,
            &grads,
            1e-2,
            1e-2,
        );
        assert!(r.max_rel_error < 2e-3, "{cell:?} params: {r:?}");
        let mut l3 = layer.clone();
        let r = check_f32(
            &mut |v| loss(&mut l3, &Array2::from_shape_vec((t * b, i), v.to_vec()).unwrap(), &s0),
            x.as_slice().unwrap(),
            dx.as_slice().unwrap(),
            1e-2,
            1e-2,
        );
        assert!(r.max_rel_error < 2e-3, "{cell:?} input: {r:?}");
        let r = check_f32(
            &mut |v| {
                let mut s = s0.clone();
                s.h = Array2::from_shape_vec((b, h), v.to_vec()).unwrap();
                loss(&mut l3, &x, &s)
            },
            s0.h.as_slice().unwrap(),
            ds0.h.as_slice().unwrap(),
            1e-2,
            1e-2,
        );
        assert!(r.max_rel_error < 2e-3, "{cell:?} h0: {r:?}");
        if cell == Cell::Lstm {
            let r = check_f32(
                &mut |v| {
                    let mut s = s0.clone();
                    s.c = Array2::from_shape_vec((b, h), v.to_vec()).unwrap();
                    loss(&mut l3, &x, &s)
                },
                s0.c.as_slice().unwrap(),
                ds0.c.as_slice().unwrap(),
                1e-2,
                1e-2,
            );
            assert!(r.max_rel_error < 2e-3, "{cell:?} c0: {r:?}");
        }
    }
}
