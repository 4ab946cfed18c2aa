//! One Word2Vec training example: skip-gram and CBOW steps over the shared kernels of
//! [`crate::nn::kernels`] (whose fixed operation order makes native and wasm training
//! bit-identical), the negatives drawn for it, and the prefetch of the rows it will touch.

use crate::embed::logistic::{ns_update, Logistic};
use crate::embed::sampling::AliasSampler;
use crate::nn::kernels::axpy;
use crate::rng::Rng;

/// Asks the CPU to start loading row `id` of `m` into the cache (x86-64 only; a no-op elsewhere).
/// The rows of the next example's negatives are random, so without this each costs a cache miss
/// at the moment its dot product needs it.
#[inline(always)]
pub fn prefetch_row(m: &[f32], id: u32, dim: usize) {
    #[cfg(target_arch = "x86_64")]
    {
        use core::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        let l = id as usize * dim;
        if dim > 0 && l + dim <= m.len() {
            let row = m[l..l + dim].as_ptr() as *const i8;
            let bytes = dim * 4;
            // SAFETY: every address is inside the row; a prefetch never faults anyway.
            unsafe {
                let mut off = 0;
                while off < bytes {
                    _mm_prefetch::<_MM_HINT_T0>(row.add(off));
                    off += 64;
                }
                _mm_prefetch::<_MM_HINT_T0>(row.add(bytes - 1));
            }
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (m, id, dim);
}

/// Draws `n` negatives, skipping (not redrawing) any that equal the positive target, as
/// word2vec.c and gensim do (`if (target == word) continue;`). Training draws the same `n` numbers
/// and skips the target inside [`sg_step`] / [`cbow_step`]; this filtered list is what the
/// walkthrough shows.
pub fn draw_negatives(sampler: &AliasSampler, rng: &mut Rng, target: u32, n: usize, out: &mut Vec<u32>) {
    out.clear();
    for _ in 0..n {
        match sampler.sample(rng) {
            Some(t) if t != target => out.push(t),
            _ => {}
        }
    }
}

#[inline]
fn row(m: &mut [f32], id: u32, dim: usize) -> &mut [f32] {
    let l = id as usize * dim;
    &mut m[l..l + dim]
}

/// One skip-gram example (word2vec.c's inner loop): the input vector of the context word `input`
/// is the hidden h; it should score the centre word's output vector high and the negatives' low.
/// Loss L = −ln σ(h·o_c) − Σₙ ln σ(−h·oₙ). Each output row gets `o −= lr·∂L/∂o` at once; the input
/// row gets `h −= lr·∂L/∂h` after all targets, with the step summed in `neu1e`. A negative equal
/// to `centre` is skipped. Returns the summed loss (NaN if a score was not finite).
#[allow(clippy::too_many_arguments)]
#[inline]
pub fn sg_step<L: Logistic>(
    syn0: &mut [f32],
    syn1: &mut [f32],
    dim: usize,
    input: u32,
    centre: u32,
    negs: &[u32],
    lr: f32,
    neu1e: &mut [f32],
    lg: &L,
) -> f32 {
    let l1 = input as usize * dim;
    let neu1e = &mut neu1e[..dim];
    neu1e.fill(0.0);
    let h = &syn0[l1..l1 + dim];
    let mut loss = ns_update(h, row(syn1, centre, dim), true, lr, neu1e, lg);
    for &t in negs {
        if t != centre {
            loss += ns_update(h, row(syn1, t, dim), false, lr, neu1e, lg);
        }
    }
    if loss.is_nan() {
        return loss;
    }
    axpy(1.0, neu1e, &mut syn0[l1..l1 + dim]);
    loss
}

/// One CBOW example: h = (1/C)·Σ v_c over the C context words (word2vec.c `neu1 /= cw`), trained
/// like [`sg_step`]. Then every context row gets the full step for h, `v_c −= lr·∂L/∂h`, not the
/// chain-rule share ∂L/∂v_c = (1/C)·∂L/∂h: word2vec.c (and gensim with `cbow_mean=1`) add `neu1e`
/// to each context vector undivided, i.e. the inputs learn at C× the rate the mean implies.
#[allow(clippy::too_many_arguments)]
pub fn cbow_step<L: Logistic>(
    syn0: &mut [f32],
    syn1: &mut [f32],
    dim: usize,
    contexts: &[u32],
    centre: u32,
    negs: &[u32],
    lr: f32,
    neu1: &mut [f32],
    neu1e: &mut [f32],
    lg: &L,
) -> f32 {
    let (neu1, neu1e) = (&mut neu1[..dim], &mut neu1e[..dim]);
    neu1.fill(0.0);
    neu1e.fill(0.0);
    for &c in contexts {
        let l = c as usize * dim;
        axpy(1.0, &syn0[l..l + dim], neu1);
    }
    let inv = 1.0 / contexts.len() as f32;
    neu1.iter_mut().for_each(|x| *x *= inv);
    let mut loss = ns_update(neu1, row(syn1, centre, dim), true, lr, neu1e, lg);
    for &t in negs {
        if t != centre {
            loss += ns_update(neu1, row(syn1, t, dim), false, lr, neu1e, lg);
        }
    }
    if loss.is_nan() {
        return loss;
    }
    for &c in contexts {
        let l = c as usize * dim;
        axpy(1.0, neu1e, &mut syn0[l..l + dim]);
    }
    loss
}
