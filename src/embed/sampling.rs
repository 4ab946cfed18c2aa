//! The two sampling schemes of word2vec.c, shared with FastText: the unigram table negatives are
//! drawn from, and the subsampling of frequent words.

use crate::error::{check_range, check_range_f, Result};
use crate::rng::Rng;

/// word2vec.c's unigram power (`power = 0.75` in `InitUnigramTable`).
pub const WORD2VEC_POWER: f64 = 0.75;
/// fastText's (`dictionary.cc` getCounts → `pow(c, 0.5)` in `initTableNegatives`).
pub const FASTTEXT_POWER: f64 = 0.5;
/// Slots in the table by default: 2^20 ids = 4 MB. word2vec.c uses 1e8 (400 MB) and fastText 1e7
/// (40 MB); both are too much for a browser tab. A word whose share is below 1/2^20 may get no
/// slot and is then never drawn as a negative — word2vec.c has the same cut-off at 1e-8.
pub const DEFAULT_TABLE_SIZE: usize = 1 << 20;

/// Negatives are drawn with probability P(w) = c(w)^p / Σ_v c(v)^p (Mikolov et al. 2013 §2.2:
/// p = 3/4 "outperformed significantly the unigram and the uniform distributions"). Sampling is a
/// uniform draw of a slot in a table where each word fills a run of slots proportional to P(w):
/// one random number and one memory read per negative.
#[derive(Debug, Clone)]
pub struct UnigramTable {
    table: Vec<u32>,
}

impl UnigramTable {
    /// `counts[id]` for every word id; `power` in [0, 1]; `size` slots (≥ 1).
    pub fn new(counts: &[u64], power: f64, size: usize) -> Result<Self> {
        check_range_f("unigram power", power, 0.0, 1.0)?;
        check_range("unigram table size", size, 1, 1 << 28)?;
        if counts.is_empty() {
            return Ok(UnigramTable { table: Vec::new() });
        }
        let weights: Vec<f64> = counts.iter().map(|&c| (c as f64).powf(power)).collect();
        let total: f64 = weights.iter().sum();
        // Slot a belongs to the word whose cumulative interval [F(w−1), F(w)) holds the slot's
        // centre (a + 0.5) / size: each word gets round(P(w)·size) slots up to ±1.
        let mut table = Vec::with_capacity(size);
        let mut id = 0usize;
        let mut upper = weights[0] / total;
        for a in 0..size {
            let x = (a as f64 + 0.5) / size as f64;
            while x >= upper && id + 1 < counts.len() {
                id += 1;
                upper += weights[id] / total;
            }
            table.push(id as u32);
        }
        Ok(UnigramTable { table })
    }

    /// A word id drawn with probability ∝ count^power (None for an empty vocabulary).
    #[inline]
    pub fn sample(&self, rng: &mut Rng) -> Option<u32> {
        if self.table.is_empty() {
            return None;
        }
        Some(self.table[rng.below(self.table.len())])
    }

    /// The table itself (for drawing it on the page: each word's run of slots).
    pub fn slots(&self) -> &[u32] {
        &self.table
    }

    pub fn len(&self) -> usize {
        self.table.len()
    }
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
}

/// The unigram table's distribution drawn in O(1) from a table of one entry per word (Walker's
/// alias method, in Vose's construction): word w has probability `slots(w) / table size`, exactly
/// the table's, but the sampler is 8 bytes a word (78 KB for 10k words) instead of 4 MB, so a draw
/// reads a cache-resident column instead of missing the cache — a quarter of skip-gram's time
/// went to that miss. Column i (chosen uniformly) keeps i with probability `keep[i] / 2³²` and
/// otherwise gives `alias[i]`.
#[derive(Debug, Clone, Default)]
pub struct AliasSampler {
    /// (keep threshold in units of 2⁻³², alias) per column.
    cols: Vec<(u32, u32)>,
}

impl AliasSampler {
    /// Word w with probability ∝ `weights[w]` (all zero or empty: a sampler that draws nothing).
    pub fn new(weights: &[u64]) -> Self {
        let n = weights.len();
        let total: u64 = weights.iter().sum();
        if n == 0 || total == 0 {
            return AliasSampler::default();
        }
        // Scaled so that the mean column holds 1: q_w = n·p_w.
        let mut q: Vec<f64> = weights.iter().map(|&w| w as f64 * n as f64 / total as f64).collect();
        // Default: a full column (kept always; alias itself, so a 2⁻³² miss still gives w).
        let mut cols: Vec<(u32, u32)> = (0..n as u32).map(|i| (u32::MAX, i)).collect();
        let (mut small, mut large): (Vec<usize>, Vec<usize>) = (0..n).partition(|&i| q[i] < 1.0);
        while let (Some(s), Some(&l)) = (small.pop(), large.last()) {
            // Column s: q_s of its own, topped up to 1 with l's mass.
            cols[s] = ((q[s] * 4_294_967_296.0) as u32, l as u32);
            q[l] -= 1.0 - q[s];
            if q[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        // What is left over is 1 up to rounding: full columns, as initialised.
        AliasSampler { cols }
    }

    /// The distribution of `table`: weights = each word's number of slots.
    pub fn from_table(table: &UnigramTable, words: usize) -> Self {
        let mut slots = vec![0u64; words];
        for &w in table.slots() {
            if let Some(c) = slots.get_mut(w as usize) {
                *c += 1;
            }
        }
        Self::new(&slots)
    }

    /// One draw (one random number: the high half picks the column, the low half decides).
    #[inline]
    pub fn sample(&self, rng: &mut Rng) -> Option<u32> {
        self.pick(rng.next_u64())
    }

    /// The word a uniform 64-bit number `r` draws (what [`AliasSampler::sample`] does with the
    /// generator's next output).
    #[inline]
    pub fn pick(&self, r: u64) -> Option<u32> {
        if self.cols.is_empty() {
            return None;
        }
        let col = (((r >> 32) * self.cols.len() as u64) >> 32) as usize;
        let (keep, alias) = self.cols[col];
        Some(if (r as u32) < keep { col as u32 } else { alias })
    }

    /// The exact probability of each word under this sampler (for tests and the page).
    pub fn probabilities(&self) -> Vec<f64> {
        let n = self.cols.len();
        let mut p = vec![0.0; n];
        for (i, &(keep, alias)) in self.cols.iter().enumerate() {
            let k = keep as f64 / 4_294_967_296.0;
            p[i] += k / n as f64;
            p[alias as usize] += (1.0 - k) / n as f64;
        }
        p
    }
}

/// Probability that one occurrence of a word is kept by frequent-word subsampling, word2vec.c's
/// formula (`TrainModelThread`): with t = `sample`, f = count / total (relative frequency),
///
/// ```text
/// keep(w) = (sqrt(f / t) + 1) · t / f = sqrt(t / f) + t / f
/// ```
///
/// clipped to 1 (words rarer than about 2.6·t are always kept). `sample = 0` turns it off. The
/// paper's formula 1 − sqrt(t/f) is the discard probability of an earlier version; this is the
/// one word2vec.c and gensim use.
pub fn keep_probability(count: u64, total: u64, sample: f64) -> f64 {
    if sample <= 0.0 || count == 0 || total == 0 {
        return 1.0;
    }
    let threshold = sample * total as f64; // t·N
    let c = count as f64;
    ((c / threshold).sqrt() + 1.0) * threshold / c
}

/// [`keep_probability`] for every word, as 32-bit thresholds: keep an occurrence when a uniform
/// u32 is below `threshold[id]` (gensim's `sample_int`). One integer compare per token.
pub fn keep_thresholds(counts: &[u64], sample: f64) -> Vec<u64> {
    let total: u64 = counts.iter().sum();
    counts.iter().map(|&c| (keep_probability(c, total, sample).min(1.0) * 4_294_967_296.0) as u64).collect()
}

/// word2vec.c's keep test as thresholds for [`crate::rng::W2vLcg::keep`]: ⌊ran·2³²⌋ with `ran`
/// computed as `TrainModelThread` computes it, in its mix of float and double —
/// `ran = (sqrt(cn / (sample * train_words)) + 1) * (sample * train_words) / cn`, where `sample`
/// is a float, `sample * train_words` a float product, `cn / (…)` a float quotient, `sqrt` and
/// the rest double, rounded to float on assignment — so that a draw lying between the float and
/// the exact keep probability is decided as word2vec.c decides it. Not clipped at 1: a word with
/// ran ≥ 1 is kept by every draw, but the draw is made. `sample ≤ 0`: no subsampling, no draw
/// ([`crate::rng::NO_SUBSAMPLING`]). (`train_words` here counts the vocabulary's tokens; word2vec.c's
/// also counts one `</s>` per line, a word this crate does not have.)
pub fn word2vec_keep_thresholds(counts: &[u64], sample: f64) -> Vec<u64> {
    if sample <= 0.0 || !sample.is_finite() {
        return vec![crate::rng::NO_SUBSAMPLING; counts.len()];
    }
    let total: u64 = counts.iter().sum();
    let st = sample as f32 * total as f32; // float · long long → float
    counts
        .iter()
        .map(|&cn| {
            let ran = ((((cn as f32 / st) as f64).sqrt() + 1.0) * st as f64 / cn as f64) as f32;
            // ran·2³² is exact in f64; the floor makes `k·2¹⁶ ≤ threshold` ⟺ `k/65536 ≤ ran`.
            (ran as f64 * 4_294_967_296.0).floor().min(u64::MAX as f64 - 1.0) as u64
        })
        .collect()
}

/// Draws the keep decision for a word with the threshold from [`keep_thresholds`].
#[inline]
pub fn keep(threshold: u64, rng: &mut Rng) -> bool {
    threshold >= 1 << 32 || (rng.next_u64() >> 32) < threshold
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word2vec_keep_thresholds_are_word2vec_c_ran() {
        // counts 900, 90, 10 (N = 1000), sample 0.01: t·N = 10 (a float product, exact here).
        // ran(900) = (sqrt(900/10) + 1)·10/900 = (9.4868… + 1)/90 = 0.116520…, rounded to float;
        // ran(10) = (1 + 1)·10/10 = 2: kept by every draw, but the threshold is no sentinel.
        let t = word2vec_keep_thresholds(&[900, 90, 10], 0.01);
        let ran900 = (((900f32 / 10.0) as f64).sqrt() + 1.0) * 10.0 / 900.0;
        assert_eq!(t[0], ((ran900 as f32) as f64 * 4_294_967_296.0).floor() as u64);
        assert!((t[0] as f64 / 4_294_967_296.0 - 0.116520).abs() < 1e-6);
        assert_eq!(t[2], 2 * (1u64 << 32));
        assert!(t.iter().all(|&x| x != crate::rng::NO_SUBSAMPLING));
        // No subsampling: the sentinel, so W2vLcg::keep makes no draw.
        assert!(word2vec_keep_thresholds(&[900, 90], 0.0).iter().all(|&x| x == crate::rng::NO_SUBSAMPLING));
        // The float ran can differ from the exact one in its last bits; the threshold follows the
        // float, as word2vec.c's comparison `ran < (next & 0xFFFF) / 65536` does.
        let exact = keep_thresholds(&[900, 90, 10], 0.01);
        assert!((t[0] as i64 - exact[0] as i64).abs() < 1 << 10);
    }

    #[test]
    fn table_shares_follow_count_to_the_power() {
        // Counts 16, 1 with power 0.5: weights 4, 1 → shares 0.8, 0.2 of 1000 slots.
        let t = UnigramTable::new(&[16, 1], 0.5, 1000).unwrap();
        let ones = t.slots().iter().filter(|&&i| i == 1).count();
        assert_eq!(ones, 200);
        // Power 0.75 on counts 81, 1: weights 27, 1 → 1/28 of 2800 slots = 100.
        let t = UnigramTable::new(&[81, 1], WORD2VEC_POWER, 2800).unwrap();
        assert_eq!(t.slots().iter().filter(|&&i| i == 1).count(), 100);
        // Ids are in runs, in id order.
        assert!(t.slots().windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn draws_match_the_shares() {
        let t = UnigramTable::new(&[100, 10, 1], 0.75, DEFAULT_TABLE_SIZE).unwrap();
        let w: Vec<f64> = [100f64, 10.0, 1.0].iter().map(|c| c.powf(0.75)).collect();
        let z: f64 = w.iter().sum();
        let mut rng = Rng::new(5);
        let n = 200_000;
        let mut seen = [0usize; 3];
        for _ in 0..n {
            seen[t.sample(&mut rng).unwrap() as usize] += 1;
        }
        for i in 0..3 {
            let p = w[i] / z;
            let sd = (n as f64 * p * (1.0 - p)).sqrt();
            assert!((seen[i] as f64 - n as f64 * p).abs() < 5.0 * sd, "{i}: {seen:?}");
        }
    }

    #[test]
    fn empty_and_invalid_tables() {
        assert!(UnigramTable::new(&[], 0.75, 10).unwrap().sample(&mut Rng::new(1)).is_none());
        assert!(UnigramTable::new(&[1], f64::NAN, 10).is_err());
        assert!(UnigramTable::new(&[1], 0.75, 0).is_err());
        // One word: every slot is it.
        assert!(UnigramTable::new(&[3], 0.75, 7).unwrap().slots().iter().all(|&i| i == 0));
    }

    #[test]
    fn keep_probability_by_hand() {
        // t = 1e-3, N = 1e6 → t·N = 1000. A word seen 4000 times: (sqrt(4) + 1)·1000/4000 = 0.75.
        assert!((keep_probability(4000, 1_000_000, 1e-3) - 0.75).abs() < 1e-12);
        // Seen 1000 times: (1 + 1)·1 = 2 → always kept.
        assert!(keep_probability(1000, 1_000_000, 1e-3) >= 1.0);
        // Equivalent form sqrt(t/f) + t/f with f = 0.25, t = 1e-3.
        let (t, f) = (1e-3f64, 0.25);
        assert!((keep_probability(250_000, 1_000_000, t) - ((t / f).sqrt() + t / f)).abs() < 1e-12);
        assert_eq!(keep_probability(5, 10, 0.0), 1.0);
    }

    #[test]
    fn keep_draws_match_the_probability() {
        let th = keep_thresholds(&[4000, 996_000], 1e-3);
        // The frequent word: f = 0.996, keep = sqrt(1e-3/0.996) + 1e-3/0.996 ≈ 0.03269.
        let p = keep_probability(996_000, 1_000_000, 1e-3);
        let mut rng = Rng::new(11);
        let n = 100_000;
        let kept = (0..n).filter(|_| keep(th[1], &mut rng)).count() as f64;
        assert!((kept - n as f64 * p).abs() < 5.0 * (n as f64 * p * (1.0 - p)).sqrt(), "{kept} vs {}", n as f64 * p);
        // A word with keep ≥ 1 never draws (threshold saturates at 2^32) and is always kept.
        // (In a tiny corpus t·N < 1 and every word counts as frequent: [1, 1] would keep ~5%.)
        let th = keep_thresholds(&[1, 999_999], 1e-3);
        assert!(th[0] >= 1 << 32 && keep(th[0], &mut rng));
    }

    #[test]
    fn alias_sampler_has_the_table_distribution() {
        let counts: Vec<u64> = (1..=300u64).map(|i| 5 + 10_000 / i).collect();
        let t = UnigramTable::new(&counts, WORD2VEC_POWER, 1 << 16).unwrap();
        let a = AliasSampler::from_table(&t, counts.len());
        let mut slots = vec![0f64; counts.len()];
        t.slots().iter().for_each(|&w| slots[w as usize] += 1.0);
        for (w, p) in a.probabilities().iter().enumerate() {
            // Exact up to the 2⁻³² quantisation of the keep thresholds.
            assert!((p - slots[w] / (1 << 16) as f64).abs() < 1e-8, "{w}: {p}");
        }
        // And the draws follow it (the most and least likely words, 5 sd).
        let mut rng = Rng::new(2);
        let n = 400_000;
        let mut seen = vec![0usize; counts.len()];
        for _ in 0..n {
            seen[a.sample(&mut rng).unwrap() as usize] += 1;
        }
        for w in [0, 1, 150, 299] {
            let p = slots[w] / (1 << 16) as f64;
            let sd = (n as f64 * p * (1.0 - p)).sqrt();
            assert!((seen[w] as f64 - n as f64 * p).abs() < 5.0 * sd + 1.0, "{w}: {} vs {}", seen[w], n as f64 * p);
        }
        assert!(AliasSampler::new(&[]).sample(&mut rng).is_none());
        assert!(AliasSampler::new(&[0, 0]).sample(&mut rng).is_none());
        assert!((0..100).all(|_| AliasSampler::new(&[0, 3, 0]).sample(&mut rng) == Some(1)));
    }
}
