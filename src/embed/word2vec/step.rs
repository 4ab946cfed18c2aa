//! What Word2Vec adds around the shared negative-sampling step ([`crate::embed::negative`]):
//! the negatives drawn word2vec.c's way, and the prefetch of the rows the next example touches.

use crate::embed::slot_index::SlotIndex;
use crate::rng::W2vLcg;

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

/// Draws `n` negatives as word2vec.c does (`table[(next >> 16) % table_size]`), skipping (not
/// redrawing) any that equal the positive target (`if (target == word) continue;`, gensim too).
/// Training draws the same `n` numbers and lets [`crate::embed::negative::ns_step`] skip the
/// target; this filtered list is what the walkthrough shows.
pub fn draw_negatives(index: &SlotIndex, rng: &mut W2vLcg, target: u32, n: usize, out: &mut Vec<u32>) {
    out.clear();
    for _ in 0..n {
        let t = index.word(rng.high());
        if t != target {
            out.push(t);
        }
    }
}
