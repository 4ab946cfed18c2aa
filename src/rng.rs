//! Seeded random numbers. No `rand` dependency: the models need a few draws of a known generator
//! so that a seed typed into the page replays the same run in any browser and natively.
//! [`Rng`] (SplitMix64) serves every model but Word2Vec, which draws from [`W2vLcg`], the
//! generator of the reference `word2vec.c`, read the way word2vec.c reads it.

/// SplitMix64 (Steele, Lea & Flood 2014): one 64-bit state, passes BigCrush, trivially seedable.
/// The general-purpose generator of the crate.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)` with 53 bits of precision.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `[0, 1)` as f32 (24 bits).
    pub fn next_f32(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 * (1.0 / (1u32 << 24) as f32)
    }

    /// Uniform integer in `[0, n)`; `n` must be > 0. Lemire's multiply-shift (bias < 2^-32 for
    /// the sizes used here, which is far below anything a model can notice).
    pub fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// Standard normal via Box–Muller.
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.next_f64(); // (0, 1]: ln is finite
        let u2 = self.next_f64();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
}

/// The keep threshold of a run without subsampling (`sample = 0`): kept, and no draw.
pub const NO_SUBSAMPLING: u64 = u64::MAX;

/// word2vec.c's generator: `next_random = next_random * 25214903917 + 11` modulo 2⁶⁴, stepped
/// before every use, with its reads as methods. Word2Vec draws from it as the reference does
/// (issue 15, benches/README.md seventh to tenth pass: on SplitMix64 our CBOW at α 0.025 scored
/// ~0.004 below gensim, a property of the generator, not of the procedure).
///
/// The LCG's low bits are weak (bit k has period 2^(k+1)), and word2vec.c reads them anyway for
/// the initial vectors and the keep draws (`next & 0xFFFF`): that is part of what is reproduced.
/// The radius `next % window` (window odd or even) and the negative's table slot
/// `(next >> 16) % slots` read the higher bits. Nothing here feeds a coin from the low bits into
/// an alias table — negatives are a uniform slot of the unigram table, as in word2vec.c.
#[derive(Debug, Clone)]
pub struct W2vLcg {
    next: u64,
}

impl W2vLcg {
    /// word2vec.c seeds each thread with its id and `InitNet` with 1; here the run's seed.
    pub fn new(seed: u64) -> Self {
        W2vLcg { next: seed }
    }

    #[inline]
    fn step(&mut self) -> u64 {
        self.next = self.next.wrapping_mul(25_214_903_917).wrapping_add(11);
        self.next
    }

    /// `(next & 0xFFFF) / 65536`: uniform on the 65,536 multiples of 2⁻¹⁶ in `[0, 1)` (InitNet).
    #[inline]
    pub fn unit16(&mut self) -> f32 {
        (self.step() & 0xFFFF) as f32 / 65536.0
    }

    /// Subsampling: word2vec.c drops a word when `ran < (next & 0xFFFF) / 65536`, so keeps it when
    /// `(next & 0xFFFF)·2¹⁶ ≤ ran·2³²` — with `threshold` = ⌊ran·2³²⌋
    /// ([`crate::embed::sampling::word2vec_keep_thresholds`]) the same test in integers. word2vec.c
    /// steps its generator for every in-vocabulary word whenever `sample > 0`, a rare word with
    /// ran ≥ 1 included (kept whatever the draw); only [`NO_SUBSAMPLING`] (`sample = 0`) keeps the
    /// word without a draw.
    #[inline]
    pub fn keep(&mut self, threshold: u64) -> bool {
        threshold == NO_SUBSAMPLING || (self.step() & 0xFFFF) << 16 <= threshold
    }

    /// `next % n` (the window's `b`); `n` must be > 0.
    #[inline]
    pub fn modulo(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        (self.step() % n as u64) as usize
    }

    /// `next >> 16`: the number word2vec.c reduces modulo the unigram table's size for a negative
    /// (`table[(next >> 16) % table_size]`, see [`crate::embed::slot_index::SlotIndex::word`]).
    #[inline]
    pub fn high(&mut self) -> u64 {
        self.step() >> 16
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn w2v_lcg_is_word2vec_c_stream() {
        // next₁ = 1·25214903917 + 11 = 25214903928 = 0x5_DEEC_E678; next₂ = next₁·25214903917 + 11 mod 2⁶⁴.
        let n1: u64 = 25_214_903_928;
        let n2 = n1.wrapping_mul(25_214_903_917).wrapping_add(11);
        let mut r = W2vLcg::new(1);
        assert_eq!(r.unit16(), (n1 & 0xFFFF) as f32 / 65536.0);
        assert_eq!(r.high(), n2 >> 16);
        let mut r = W2vLcg::new(1);
        assert_eq!(r.modulo(5), (n1 % 5) as usize);
        // 0xE678 << 16 = 0xE678_0000: kept at exactly that threshold, dropped one below.
        assert!(W2vLcg::new(1).keep(0xE678_0000));
        assert!(!W2vLcg::new(1).keep(0xE677_FFFF));
        // A threshold at or above 2³² (ran ≥ 1) keeps but still steps, as word2vec.c; only
        // NO_SUBSAMPLING (sample = 0) keeps without stepping.
        let mut r = W2vLcg::new(1);
        assert!(r.keep(1 << 32));
        assert_eq!(r.high(), n2 >> 16);
        let mut r = W2vLcg::new(1);
        assert!(r.keep(NO_SUBSAMPLING));
        assert_eq!(r.modulo(5), (n1 % 5) as usize);
    }

    #[test]
    fn same_seed_same_stream() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut r = Rng::new(7);
        let mut seen = [0usize; 5];
        for _ in 0..5000 {
            seen[r.below(5)] += 1;
        }
        // Each bucket expects 1000; 4 sigma is ~126.
        assert!(seen.iter().all(|&c| (874..=1126).contains(&c)), "{seen:?}");
    }

    #[test]
    fn unit_floats_in_unit_interval() {
        let mut r = Rng::new(1);
        for _ in 0..1000 {
            let x = r.next_f64();
            assert!((0.0..1.0).contains(&x));
            let y = r.next_f32();
            assert!((0.0..1.0).contains(&y));
        }
    }
}
