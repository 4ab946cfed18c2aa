//! Trainable tensors and how optimisers, clipping, checkpoints and gradient checks reach them.
//!
//! A [`Param`] is a value and its gradient of the same shape, with the PyTorch `state_dict` name
//! it is saved under (`rnn.weight_ih_l0`, `decoder.bias`). A layer owns its params; its `backward`
//! **adds** into `grad` (so a parameter used at every time step, or by two layers, sums its
//! contributions, as in PyTorch), and whoever runs the training step calls [`Module::zero_grad`]
//! before the next backward. A model implements [`Module::visit`] by visiting its layers' params
//! in one fixed order; optimisers keep their state (momenta) by that order.

use crate::rng::Rng;
use ndarray::{Array, Dimension, IntoDimension};

/// A value and its gradient, same shape, row-major; `name` as in PyTorch's `state_dict`.
#[derive(Debug, Clone, PartialEq)]
pub struct Param<D: Dimension> {
    pub name: String,
    pub value: Array<f32, D>,
    pub grad: Array<f32, D>,
}

/// What [`Module::visit`] hands out: one param's name, shape and flat value / gradient.
pub struct ParamMut<'a> {
    pub name: &'a str,
    dims: [usize; 4],
    ndim: usize,
    pub value: &'a mut [f32],
    pub grad: &'a mut [f32],
}

impl ParamMut<'_> {
    /// The shape, as PyTorch reports it (`[3H, I]` for `weight_ih_l0`, `[3H]` for a bias).
    pub fn shape(&self) -> &[usize] {
        &self.dims[..self.ndim]
    }
}

impl<D: Dimension> Param<D> {
    /// Zeros of `shape`.
    pub fn zeros(name: impl Into<String>, shape: impl IntoDimension<Dim = D>) -> Self {
        let value = Array::zeros(shape.into_dimension());
        Param { name: name.into(), grad: Array::zeros(value.raw_dim()), value }
    }

    /// Uniform in `[−bound, bound)`: PyTorch's default for `nn.RNN/GRU/LSTM` weights and biases
    /// and for `nn.Linear` (bound `1/√fan_in`; see [`init_bound`]).
    pub fn uniform(name: impl Into<String>, shape: impl IntoDimension<Dim = D>, bound: f32, rng: &mut Rng) -> Self {
        let mut p = Self::zeros(name, shape);
        p.value.mapv_inplace(|_| (rng.next_f64() * 2.0 - 1.0) as f32 * bound);
        p
    }

    /// Standard normal: PyTorch's default for `nn.Embedding`.
    pub fn normal(name: impl Into<String>, shape: impl IntoDimension<Dim = D>, rng: &mut Rng) -> Self {
        let mut p = Self::zeros(name, shape);
        p.value.mapv_inplace(|_| rng.normal() as f32);
        p
    }

    /// The flat view [`Module::visit`] passes on.
    pub fn as_mut(&mut self) -> ParamMut<'_> {
        let shape = self.value.shape();
        assert!(shape.len() <= 4, "params have at most 4 dimensions");
        let mut dims = [0; 4];
        dims[..shape.len()].copy_from_slice(shape);
        ParamMut {
            name: &self.name,
            dims,
            ndim: shape.len(),
            value: self.value.as_slice_mut().expect("params are contiguous"),
            grad: self.grad.as_slice_mut().expect("params are contiguous"),
        }
    }
}

/// PyTorch's default init bound `1/√fan_in`: `nn.Linear` weights (Kaiming-uniform with a = √5 works
/// out to exactly this) and biases, and every `nn.RNN/GRU/LSTM` tensor with fan_in = hidden size.
pub fn init_bound(fan_in: usize) -> f32 {
    1.0 / (fan_in.max(1) as f32).sqrt()
}

/// Anything with trainable params: layers, whole models.
pub trait Module {
    /// Calls `f` once per param, always in the same order.
    fn visit(&mut self, f: &mut dyn FnMut(ParamMut<'_>));

    /// Sets every gradient to zero (before a new backward pass).
    fn zero_grad(&mut self) {
        self.visit(&mut |p| p.grad.fill(0.0));
    }

    /// Number of scalar params.
    fn num_params(&mut self) -> usize {
        let mut n = 0;
        self.visit(&mut |p| n += p.value.len());
        n
    }

    /// All values (or gradients) concatenated in visit order: for gradient checks and goldens.
    fn flat(&mut self, grads: bool) -> Vec<f32> {
        let mut out = Vec::new();
        self.visit(&mut |p| out.extend_from_slice(if grads { p.grad } else { p.value }));
        out
    }

    /// Overwrites all values from a vector laid out as [`Module::flat`] returns them.
    fn set_flat(&mut self, values: &[f32]) {
        let mut at = 0;
        self.visit(&mut |p| {
            let n = p.value.len();
            p.value.copy_from_slice(&values[at..at + n]);
            at += n;
        });
        assert_eq!(at, values.len(), "set_flat: length differs from the params");
    }
}

/// A one-parameter module for the optimiser and averaging tests.
#[cfg(test)]
pub(crate) mod fixture {
    use super::{Module, Param, ParamMut};
    use ndarray::Ix1;

    pub struct One(pub Param<Ix1>);
    impl Module for One {
        fn visit(&mut self, f: &mut dyn FnMut(ParamMut<'_>)) {
            f(self.0.as_mut());
        }
    }

    /// `One` with the given values and gradients.
    pub fn one(v: &[f32], g: &[f32]) -> One {
        let mut p = Param::zeros("p", v.len());
        p.value = ndarray::arr1(v);
        p.grad = ndarray::arr1(g);
        One(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Ix1, Ix2};

    struct Two {
        w: Param<Ix2>,
        b: Param<Ix1>,
    }
    impl Module for Two {
        fn visit(&mut self, f: &mut dyn FnMut(ParamMut<'_>)) {
            f(self.w.as_mut());
            f(self.b.as_mut());
        }
    }

    #[test]
    fn visit_order_flat_and_zero_grad() {
        let mut rng = Rng::new(1);
        let mut m = Two { w: Param::uniform("w", (2, 3), 0.5, &mut rng), b: Param::zeros("b", 3) };
        assert_eq!(m.num_params(), 9);
        assert!(m.w.value.iter().all(|v| v.abs() <= 0.5) && m.w.value.iter().any(|&v| v != 0.0));
        let mut names = Vec::new();
        m.visit(&mut |p| names.push((p.name.to_string(), p.shape().to_vec())));
        assert_eq!(names, [("w".to_string(), vec![2, 3]), ("b".to_string(), vec![3])]);
        let v: Vec<f32> = (0..9).map(|i| i as f32).collect();
        m.set_flat(&v);
        assert_eq!(m.flat(false), v);
        assert_eq!(m.b.value.to_vec(), [6.0, 7.0, 8.0]);
        m.w.grad.fill(1.0);
        m.zero_grad();
        assert!(m.flat(true).iter().all(|&g| g == 0.0));
    }

    #[test]
    fn init_bounds_follow_pytorch() {
        // nn.Linear(100, _): kaiming_uniform(a=√5) bound = √(2/(1+5))·√(3/100) = 1/√100 = 0.1.
        assert!((init_bound(100) - 0.1).abs() < 1e-7);
        let mut rng = Rng::new(2);
        let e: Param<Ix2> = Param::normal("e", (100, 100), &mut rng);
        let mean = e.value.mean().unwrap();
        let var = e.value.mapv(|x| (x - mean) * (x - mean)).mean().unwrap();
        assert!(mean.abs() < 0.03 && (var - 1.0).abs() < 0.05, "{mean} {var}");
    }
}
