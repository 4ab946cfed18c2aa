use super::*;
use crate::nn::gradcheck::check_f32;

fn random(r: usize, c: usize, rng: &mut Rng) -> Array2<f32> {
    Array2::from_shape_fn((r, c), |_| rng.next_f32() * 2.0 - 1.0)
}

fn dot(a: &Array2<f32>, b: &Array2<f32>) -> f64 {
    a.iter().zip(b).map(|(x, y)| *x as f64 * *y as f64).sum()
}

/// A loss that reaches every path: L = Σ W⊙(all h_t) + Σ V⊙h_T + Σ U⊙c_T, so that
/// dL/dout = W, and the state gradient entering from beyond the sequence is (V, U).
struct Probe {
    x: Array2<f32>,
    s0: State,
    w: Array2<f32>,
    v: Array2<f32>,
    u: Array2<f32>,
    batch: usize,
}

impl Probe {
    fn new(cell: Cell, t: usize, batch: usize, input: usize, hidden: usize, rng: &mut Rng) -> Self {
        let mut s0 = State::zeros(cell, batch, hidden);
        s0.h = random(batch, hidden, rng);
        if cell == Cell::Lstm {
            s0.c = random(batch, hidden, rng);
        }
        let u = if cell == Cell::Lstm { random(batch, hidden, rng) } else { Array2::zeros((0, 0)) };
        Probe { x: random(t * batch, input, rng), s0, w: random(t * batch, hidden, rng), v: random(batch, hidden, rng), u, batch }
    }

    fn loss(&self, layer: &mut Recurrent, x: ArrayView2<f32>, s0: &State) -> f64 {
        let mut s = s0.clone();
        let mut out = Array2::zeros((x.nrows(), layer.hidden));
        layer.forward(x, self.batch, &mut s, out.view_mut());
        dot(&out, &self.w) + dot(&s.h, &self.v) + dot(&s.c, &self.u)
    }
}

/// Gradients below this are compared absolutely: the loss sums ~50 terms of size ~1, so the
/// f32 forward's rounding puts ~1e-5 of noise into each numeric derivative.
const FLOOR: f64 = 1e-2;

fn check_cell(cell: Cell) {
    let mut rng = Rng::new(11 + cell.gates() as u64);
    let (t, batch, input, hidden) = (4, 2, 3, 5);
    let mut layer = Recurrent::new("rnn", 0, cell, input, hidden, &mut rng);
    let p = Probe::new(cell, t, batch, input, hidden, &mut rng);
    // Analytic gradients.
    let mut s = p.s0.clone();
    let mut out = Array2::zeros((t * batch, hidden));
    layer.forward(p.x.view(), batch, &mut s, out.view_mut());
    let mut dx = Array2::zeros(p.x.dim());
    let mut ds = State { h: p.v.clone(), c: p.u.clone() };
    let mut rec = Array2::zeros((t * batch, hidden));
    layer.backward(p.x.view(), out.view(), p.w.view(), Some(dx.view_mut()), Some(&mut ds), Some(rec.view_mut()));
    // The recorded ∂L/∂h at the last step is the output's weight plus the state's: W_T + V.
    let last = &p.w.slice(s![(t - 1) * batch.., ..]) + &p.v;
    assert!(rec.slice(s![(t - 1) * batch.., ..]).iter().zip(&last).all(|(a, b)| (a - b).abs() < 1e-6), "{cell:?}: record");

    let (theta, grads) = (layer.flat(false), layer.flat(true));
    let mut l2 = layer.clone();
    let r = check_f32(
        &mut |th| {
            l2.set_flat(th);
            p.loss(&mut l2, p.x.view(), &p.s0)
        },
        &theta,
        &grads,
        1e-2,
        FLOOR,
    );
    assert!(r.max_rel_error < 2e-3, "{cell:?} params: {r:?}");
    let mut l2 = layer.clone();
    let xs = p.x.as_slice().unwrap().to_vec();
    let r =
        check_f32(&mut |v| p.loss(&mut l2, ArrayView2::from_shape(p.x.dim(), v).unwrap(), &p.s0), &xs, dx.as_slice().unwrap(), 1e-2, FLOOR);
    assert!(r.max_rel_error < 2e-3, "{cell:?} input: {r:?}");
    let hs = p.s0.h.as_slice().unwrap().to_vec();
    let r = check_f32(
        &mut |v| {
            let s0 = State { h: Array2::from_shape_vec((batch, hidden), v.to_vec()).unwrap(), c: p.s0.c.clone() };
            p.loss(&mut l2, p.x.view(), &s0)
        },
        &hs,
        ds.h.as_slice().unwrap(),
        1e-2,
        FLOOR,
    );
    assert!(r.max_rel_error < 2e-3, "{cell:?} h0: {r:?}");
    if cell == Cell::Lstm {
        let cs = p.s0.c.as_slice().unwrap().to_vec();
        let r = check_f32(
            &mut |v| {
                let s0 = State { h: p.s0.h.clone(), c: Array2::from_shape_vec((batch, hidden), v.to_vec()).unwrap() };
                p.loss(&mut l2, p.x.view(), &s0)
            },
            &cs,
            ds.c.as_slice().unwrap(),
            1e-2,
            FLOOR,
        );
        assert!(r.max_rel_error < 2e-3, "c0: {r:?}");
    }
}

#[test]
fn rnn_gradients_match_central_differences() {
    check_cell(Cell::Rnn);
}

#[test]
fn gru_gradients_match_central_differences() {
    check_cell(Cell::Gru);
}

#[test]
fn lstm_gradients_match_central_differences() {
    check_cell(Cell::Lstm);
}

#[test]
fn pytorch_names_shapes_and_init() {
    let mut rng = Rng::new(1);
    let mut l = Recurrent::new("rnn", 1, Cell::Lstm, 6, 8, &mut rng);
    let mut seen = Vec::new();
    l.visit(&mut |p| {
        assert!(p.value.iter().all(|v| v.abs() <= 1.0 / 8f32.sqrt()));
        seen.push((p.name.to_string(), p.shape().to_vec()));
    });
    let want =
        [("rnn.weight_ih_l1", vec![32, 6]), ("rnn.weight_hh_l1", vec![32, 8]), ("rnn.bias_ih_l1", vec![32]), ("rnn.bias_hh_l1", vec![32])];
    assert_eq!(seen, want.map(|(n, s)| (n.to_string(), s)));
}

#[test]
fn gru_step_by_hand() {
    // H = 1, I = 1, all weights 0 except W_in = 1 (the n row of W_ih): with x = 1, h₀ = 0.5,
    // r = z = σ(0) = ½, n = tanh(1 + ½·0) = tanh 1, h = (0.5 − n)·½ + n = ¼ + n/2.
    let mut l = Recurrent::new("rnn", 0, Cell::Gru, 1, 1, &mut Rng::new(0));
    for p in [&mut l.w_ih.value, &mut l.w_hh.value] {
        p.fill(0.0);
    }
    l.b_ih.value.fill(0.0);
    l.b_hh.value.fill(0.0);
    l.w_ih.value[[2, 0]] = 1.0;
    let mut s = State::zeros(Cell::Gru, 1, 1);
    s.h.fill(0.5);
    let mut out = Array2::zeros((1, 1));
    l.forward(ndarray::arr2(&[[1.0f32]]).view(), 1, &mut s, out.view_mut());
    let want = 0.25 + 1f64.tanh() / 2.0;
    assert!((out[[0, 0]] as f64 - want).abs() < 1e-6, "{out:?} vs {want}");
    assert_eq!(s.h, out);
}

/// `forward_embedded` gives the bits of `forward` on the looked-up rows, and
/// `backward_embedded` the gradients of `backward` followed by the embedding's scatter (the sums
/// grouped per id, so equal up to rounding), for every cell, with ids repeated and one unused.
#[test]
fn embedded_input_matches_the_looked_up_rows() {
    for cell in [Cell::Rnn, Cell::Gru, Cell::Lstm] {
        let mut rng = Rng::new(21 + cell.gates() as u64);
        let (t, batch, v, input, hidden) = (5, 3, 6, 4, 7);
        let table = random(v, input, &mut rng);
        let ids: Vec<u32> = (0..t * batch).map(|i| [0, 2, 2, 5, 1, 3][i % 6]).collect();
        let x = Array2::from_shape_fn((t * batch, input), |(r, k)| table[[ids[r] as usize, k]]);
        let d_out = random(t * batch, hidden, &mut rng);
        let s0 = State::zeros(cell, batch, hidden);
        let mut dense = Recurrent::new("rnn", 0, cell, input, hidden, &mut rng);
        let mut folded = dense.clone();
        let (mut s1, mut s2) = (s0.clone(), s0.clone());
        let (mut o1, mut o2) = (Array2::zeros((t * batch, hidden)), Array2::zeros((t * batch, hidden)));
        dense.forward(x.view(), batch, &mut s1, o1.view_mut());
        folded.forward_embedded(table.view(), &ids, batch, &mut s2, o2.view_mut());
        assert!(o1.iter().zip(&o2).all(|(a, b)| a.to_bits() == b.to_bits()), "{cell:?}: outputs differ");
        assert_eq!(s1, s2);
        let mut dx = Array2::zeros(x.dim());
        dense.backward(x.view(), o1.view(), d_out.view(), Some(dx.view_mut()), None, None);
        let mut d_table = Array2::zeros(table.dim());
        folded.backward_embedded(table.view(), &ids, d_table.view_mut(), o2.view(), d_out.view(), None, None);
        let mut scattered = Array2::<f32>::zeros(table.dim());
        for (r, &id) in ids.iter().enumerate() {
            let mut row = scattered.row_mut(id as usize);
            row += &dx.row(r);
        }
        let close = |a: &[f32], b: &[f32], what: &str| {
            let scale = a.iter().fold(0.0f32, |m, x| m.max(x.abs()));
            assert!(scale > 0.0 && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= 1e-5 * scale), "{cell:?} {what}: {a:?} vs {b:?}");
        };
        close(scattered.as_slice().unwrap(), d_table.as_slice().unwrap(), "table gradient");
        assert!(d_table.row(4).iter().all(|&g| g == 0.0), "{cell:?}: an unused id gets no gradient");
        let (g1, g2) = (dense.flat(true), folded.flat(true));
        close(&g1, &g2, "parameter gradients");
    }
}
