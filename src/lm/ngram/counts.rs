//! Counting n-grams into flat sorted arrays.
//!
//! An m-gram of ids `(t_1 … t_m)` is packed into one `u64` key, `b` bits per token (`b` just
//! large enough for the biggest id; the vocabulary limit per order keeps `m·b ≤ 64`, see
//! [`super::NGramConfig::validate`]) with `t_m` in the lowest bits:
//! `key = Σ_j t_j · 2^(b(m−j))`. Sorting the keys sorts the m-grams lexicographically, so all
//! m-grams with the same context `(t_1 … t_{m−1}) = key >> b` form one run: the contexts are a
//! second sorted array of run starts (a two-level trie, no pointers). Because `<s>` has id 0, the
//! `n − 1` start markers that pad every sentence are the zero bits a key starts with.
//! The highest order's keys (one per predicted position) are sorted in place; the lower orders'
//! distinct keys with an LSD radix sort over their `m·b` used bits (linear time). Order 1 is
//! counted by id.
//!
//! Counts per order m (KenLM's "adjusted counts", Heafield 2013 §3.1, after Chen & Goodman 1998):
//! - `raw[m]`: how often the m-gram ends at a predicted position (each token and each `</s>`).
//! - `adj[m]`: at the highest order, the raw count. At a lower order the continuation count
//!   `N1+(• t_1 … t_m)`, the number of distinct tokens seen before it, except for m-grams that
//!   start with `<s>`: nothing can precede a sentence start, so they keep the raw count.

use super::EOS;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Packs token ids into keys, `bits` per token.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Packer {
    pub bits: u32,
}

impl Packer {
    /// Enough bits for ids `0 .. num_ids` (at least 1, at most 32).
    pub fn for_ids(num_ids: usize) -> Packer {
        Packer { bits: (usize::BITS - num_ids.saturating_sub(1).leading_zeros()).clamp(1, 32) }
    }
    pub fn pack(&self, ids: &[u32]) -> u64 {
        ids.iter().fold(0u64, |k, &t| self.push(k, t))
    }
    /// `key` followed by token `w`.
    pub fn push(&self, key: u64, w: u32) -> u64 {
        (key << self.bits) | u64::from(w)
    }
    /// The last token of a key.
    pub fn word(&self, key: u64) -> u32 {
        (key & ((1u64 << self.bits) - 1)) as u32
    }
    /// Keeps the last `m` tokens of a key.
    pub fn low(&self, key: u64, m: usize) -> u64 {
        let b = self.bits as usize * m;
        if b >= 64 {
            key
        } else {
            key & ((1u64 << b) - 1)
        }
    }
    pub fn unpack(&self, key: u64, len: usize) -> Vec<u32> {
        (0..len).rev().map(|j| self.word(key >> (self.bits as usize * j))).collect()
    }
}

/// One order's m-grams (all of the same length m).
#[derive(Debug, Clone, Default)]
pub(super) struct Level {
    pub packer: Packer,
    /// Sorted packed m-gram keys.
    pub keys: Vec<u64>,
    /// Raw counts, aligned with `keys`.
    pub raw: Vec<u32>,
    /// Adjusted counts (see the module doc), aligned with `keys`.
    pub adj: Vec<u32>,
    /// Sorted distinct contexts `key >> bits`.
    pub ctx_keys: Vec<u64>,
    /// Context `c` owns `keys[ctx_start[c] .. ctx_start[c + 1]]` (length `ctx_keys.len() + 1`).
    pub ctx_start: Vec<u32>,
    /// `Σ_w adj(h w)` per context.
    pub ctx_total: Vec<u64>,
    /// `Σ_w raw(h w)` per context: how often the chain stood in this context.
    pub ctx_raw: Vec<u64>,
    /// `D = n1 / (n1 + 2·n2)` over the adjusted counts of this order, clamped to [0.1, 1].
    pub discount: f64,
}

impl Level {
    /// Index of an m-gram key.
    pub fn find(&self, key: u64) -> Option<usize> {
        self.keys.binary_search(&key).ok()
    }
    /// Index of a context key (`0` is the empty context of order 1 and the all-`<s>` one).
    pub fn find_ctx(&self, ctx: u64) -> Option<usize> {
        self.ctx_keys.binary_search(&ctx).ok()
    }
    /// The entry range of context `c`.
    pub fn range(&self, c: usize) -> std::ops::Range<usize> {
        self.ctx_start[c] as usize..self.ctx_start[c + 1] as usize
    }
    /// The predicted token of entry `i`.
    pub fn word(&self, i: usize) -> u32 {
        self.packer.word(self.keys[i])
    }

    /// Groups sorted keys into contexts and estimates the discount.
    fn finish(packer: Packer, keys: Vec<u64>, raw: Vec<u32>, adj: Vec<u32>) -> Level {
        let mut l = Level { packer, keys, raw, adj, ..Default::default() };
        for i in 0..l.keys.len() {
            let ctx = l.keys[i] >> packer.bits;
            if l.ctx_keys.last() != Some(&ctx) {
                l.ctx_keys.push(ctx);
                l.ctx_start.push(i as u32);
                l.ctx_total.push(0);
                l.ctx_raw.push(0);
            }
            let c = l.ctx_total.len() - 1;
            l.ctx_total[c] += u64::from(l.adj[i]);
            l.ctx_raw[c] += u64::from(l.raw[i]);
        }
        l.ctx_start.push(l.keys.len() as u32);
        let n1 = l.adj.iter().filter(|&&a| a == 1).count() as f64;
        let n2 = l.adj.iter().filter(|&&a| a == 2).count() as f64;
        // Ney, Essen & Kneser (1994): D = n1/(n1 + 2 n2) is the leaving-one-out estimate. With no
        // singletons it would be 0, leaving nothing for unseen tokens: keep it in [0.1, 1].
        l.discount = if n1 + n2 == 0.0 { 0.5 } else { (n1 / (n1 + 2.0 * n2)).clamp(0.1, 1.0) };
        l
    }
}

/// Stable LSD radix sort of `v` by the lowest `bits` bits of `key(x)`, 11 bits per pass.
fn radix_sort<T: Copy + Default>(v: &mut Vec<T>, bits: u32, key: impl Fn(&T) -> u64) {
    const D: u32 = 11;
    let mut buf = vec![T::default(); v.len()];
    let mut shift = 0;
    while shift < bits {
        let digit = |x: &T| ((key(x) >> shift) & ((1 << D) - 1)) as usize;
        let mut count = vec![0usize; (1 << D) + 1];
        v.iter().for_each(|x| count[digit(x) + 1] += 1);
        if count.contains(&v.len()) {
            shift += D; // one bucket holds everything: this pass would not move anything
            continue;
        }
        for i in 1..count.len() {
            count[i] += count[i - 1];
        }
        for x in v.iter() {
            let d = digit(x);
            buf[count[d]] = *x;
            count[d] += 1;
        }
        std::mem::swap(v, &mut buf);
        shift += D;
    }
}

/// Counts all orders `1..=order` of the sentences (ids below `packer`'s range, no markers; `<s>`
/// padding and `</s>` are added here). `levels[m − 1]` is order m.
pub(super) fn build_levels(sentences: &[Vec<u32>], order: usize, packer: Packer) -> Vec<Level> {
    if order == 1 {
        return vec![unigram_level(sentences, packer)];
    }
    if packer.bits * order as u32 <= DENSE_BITS {
        return levels_from_top(dense_top(sentences, order, packer), order, packer);
    }
    sorted_levels(sentences, order, packer)
}

/// Key spaces of at most this many bits are counted in an array indexed by key (4 MB of counts at
/// most): a text read by characters (6 bits a token) up to order 3. Its size depends on the
/// alphabet, not on the text, so a rebuild on another paste finds the block it had; a key per
/// token was a new block of 8 bytes a token, the one that grew the wasm memory in the paste
/// stress once the order-1 count no longer did (issue 15).
const DENSE_BITS: u32 = 20;

/// The highest order's distinct keys (ascending) and their counts, counted by key.
fn dense_top(sentences: &[Vec<u32>], order: usize, packer: Packer) -> (Vec<u64>, Vec<u32>) {
    let mut count = vec![0u32; 1 << (packer.bits * order as u32)];
    for s in sentences {
        let mut key = 0u64; // n − 1 times `<s>` (id 0)
        for &t in s.iter().chain(std::iter::once(&EOS)) {
            key = packer.low(packer.push(key, t), order);
            count[key as usize] += 1;
        }
    }
    count.iter().enumerate().filter(|&(_, &c)| c > 0).map(|(k, &c)| (k as u64, c)).unzip()
}

/// [`build_levels`] by sorting a key per predicted position (any order).
fn sorted_levels(sentences: &[Vec<u32>], order: usize, packer: Packer) -> Vec<Level> {
    levels_from_top(sorted_top(sentences, order, packer), order, packer)
}

/// The highest order's distinct keys (ascending) and their counts, by sorting.
fn sorted_top(sentences: &[Vec<u32>], order: usize, packer: Packer) -> (Vec<u64>, Vec<u32>) {
    let total: usize = sentences.iter().map(|s| s.len() + 1).sum();
    // The highest order: one key per predicted position, the window slid along the sentence.
    let mut all = Vec::with_capacity(total);
    for s in sentences {
        let mut key = 0u64; // n − 1 times `<s>` (id 0)
        for &t in s.iter().chain(std::iter::once(&EOS)) {
            key = packer.low(packer.push(key, t), order);
            all.push(key);
        }
    }
    // In place: the radix sort's buffer would be a second 8 bytes a token, and in the paste
    // stress that second block was the one that found no free space (issue 15). Equal keys are
    // equal, so an unstable sort gives the same result.
    all.sort_unstable();
    let (mut keys, mut raw) = (Vec::new(), Vec::<u32>::new());
    for k in all {
        if keys.last() == Some(&k) {
            *raw.last_mut().expect("aligned") += 1;
        } else {
            keys.push(k);
            raw.push(1);
        }
    }
    (keys, raw)
}

/// All orders from the highest order's distinct keys and counts.
fn levels_from_top((keys, raw): (Vec<u64>, Vec<u32>), order: usize, packer: Packer) -> Vec<Level> {
    let mut levels = vec![Level::default(); order];
    levels[order - 1] = Level::finish(packer, keys, raw.clone(), raw);

    // Each lower order from the distinct keys of the one above: dropping the first token of every
    // distinct (m+1)-gram gives its m-gram suffix once per distinct left neighbour.
    for m in (1..order).rev() {
        let upper = &levels[m];
        let mut pairs: Vec<(u64, u32)> = upper.keys.iter().zip(&upper.raw).map(|(&k, &r)| (packer.low(k, m), r)).collect();
        radix_sort(&mut pairs, packer.bits * m as u32, |p| p.0);
        let mut keys: Vec<u64> = Vec::with_capacity(pairs.len());
        let mut raw: Vec<u32> = Vec::with_capacity(pairs.len());
        let mut cont: Vec<u32> = Vec::with_capacity(pairs.len());
        for (k, r) in pairs {
            if keys.last() == Some(&k) {
                *raw.last_mut().expect("aligned") += r;
                *cont.last_mut().expect("aligned") += 1;
            } else {
                keys.push(k);
                raw.push(r);
                cont.push(1);
            }
        }
        // m-grams that begin with `<s>` (first token 0) keep their raw count; only m ≥ 2 can.
        let starts_with_bos = |k: u64| m >= 2 && k >> (packer.bits as usize * (m - 1)) == 0;
        let adj = keys.iter().zip(raw.iter().zip(&cont)).map(|(&k, (&r, &c))| if starts_with_bos(k) { r } else { c }).collect();
        levels[m - 1] = Level::finish(packer, keys, raw, adj);
    }
    levels
}

/// Order 1 counted in an array by id: the same keys (an order-1 key is the id) and counts as the
/// sort below, without its key per token and the sort's buffer (16 bytes a token: two 10 MB blocks
/// for a 1.5 MB text read by characters, the largest blocks `rnn.create` allocated; issue 15).
fn unigram_level(sentences: &[Vec<u32>], packer: Packer) -> Level {
    let top = sentences.iter().flatten().fold(EOS, |m, &t| m.max(t)) as usize;
    let mut count = vec![0u32; top + 1];
    for s in sentences {
        for &t in s {
            count[t as usize] += 1;
        }
        count[EOS as usize] += 1;
    }
    let (keys, raw): (Vec<u64>, Vec<u32>) = count.iter().enumerate().filter(|&(_, &c)| c > 0).map(|(k, &c)| (k as u64, c)).unzip();
    Level::finish(packer, keys, raw.clone(), raw)
}

/// FxHash (the rustc hasher): one multiply per word. Token strings are not adversarial here and
/// the default SipHash costs more than the counting itself.
#[derive(Default, Clone, Copy)]
pub(super) struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub(super) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unigram_counts_by_id_match_the_sorted_keys() {
        let packer = Packer::for_ids(40);
        let sentences = vec![vec![5, 3, 3, 39], vec![], vec![7, 5, 2, 2, 2], vec![39]];
        let (a, b) = (&build_levels(&sentences, 1, packer)[0], &sorted_levels(&sentences, 1, packer)[0]);
        assert_eq!((&a.keys, &a.raw, &a.adj), (&b.keys, &b.raw, &b.adj));
        assert_eq!((&a.ctx_keys, &a.ctx_start, &a.ctx_total, &a.ctx_raw), (&b.ctx_keys, &b.ctx_start, &b.ctx_total, &b.ctx_raw));
        assert_eq!(a.discount, b.discount);
        assert_eq!(a.keys, [1, 2, 3, 5, 7, 39]);
        assert_eq!(a.raw, [4, 3, 2, 2, 1, 2]);
        assert!(build_levels(&[], 1, packer)[0].keys.is_empty());
    }

    #[test]
    fn counts_by_key_match_the_sorted_keys_at_every_order() {
        let packer = Packer::for_ids(40); // 6 bits: orders 2 and 3 dense, 4 sorted
        let sentences = vec![vec![5, 3, 3, 39], vec![], vec![7, 5, 2, 2, 2], vec![39], vec![5, 3, 3, 7]];
        for order in 2..=3 {
            assert!(packer.bits * order as u32 <= DENSE_BITS);
            let (a, b) = (build_levels(&sentences, order, packer), sorted_levels(&sentences, order, packer));
            for (x, y) in a.iter().zip(&b) {
                assert_eq!((&x.keys, &x.raw, &x.adj, &x.ctx_keys, &x.ctx_start), (&y.keys, &y.raw, &y.adj, &y.ctx_keys, &y.ctx_start));
                assert_eq!((&x.ctx_total, &x.ctx_raw, x.discount), (&y.ctx_total, &y.ctx_raw, y.discount));
            }
        }
    }

    #[test]
    fn radix_sort_matches_sort() {
        let mut r = crate::rng::Rng::new(5);
        for bits in [1u32, 7, 11, 12, 45, 63, 64] {
            let mask = if bits == 64 { u64::MAX } else { (1u64 << bits) - 1 };
            let mut v: Vec<u64> = (0..3000).map(|_| r.next_u64() & mask).collect();
            let mut want = v.clone();
            want.sort_unstable();
            radix_sort(&mut v, bits, |&k| k);
            assert_eq!(v, want, "{bits} bits");
        }
    }

    #[test]
    fn packer_round_trips() {
        assert_eq!(Packer::for_ids(1).bits, 1);
        assert_eq!(Packer::for_ids(4).bits, 2); // ids 0..=3
        assert_eq!(Packer::for_ids(5).bits, 3);
        let p = Packer::for_ids(65_536);
        assert_eq!(p.bits, 16);
        let ids = [0, 65_535, 3, 12];
        let k = p.pack(&ids);
        assert_eq!(p.unpack(k, 4), ids);
        assert_eq!(p.word(k), 12);
        assert_eq!(p.unpack(p.low(k, 2), 2), [3, 12]);
    }
}
