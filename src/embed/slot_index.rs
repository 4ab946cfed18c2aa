//! The word in a slot of the unigram table ([`crate::embed::sampling::UnigramTable`]) without
//! reading the table. word2vec.c draws a negative as `table[(next >> 16) % table_size]`; the
//! table is 4 MB (2²⁰ u32 slots), so each draw was a cache miss, which cost Word2Vec 20–30 % of its
//! speed when it switched to word2vec.c's draws (benches/README.md, issue 15, tenth and eleventh
//! passes). Every draw stays the same; only how slot → word is computed changes.
//!
//! The table is monotone in the word id (word w fills slots `[ends[w−1], ends[w])`), so the word of
//! slot s is the smallest w with `ends[w] > s` (words with no slot have `ends[w] = ends[w−1]` and
//! are never chosen). A guide of one entry per block of 2^k slots holds the word of the block's first
//! slot; from there a short forward scan of `ends` finds s's word — the scan passes only the run
//! boundaries inside the block before s. A block inside one word's run (most of the table's mass,
//! the frequent words) is flagged and answered by the guide alone. Guide + ends are
//! 4·(size/2^k + V) bytes: 295 KB for V = 9,733 and k = 4, in the L2 cache where the 4 MB table
//! is not.

use super::sampling::UnigramTable;

/// A guide entry whose whole block is one word.
const PURE: u32 = 1 << 31;

/// slot → word of a [`UnigramTable`], equal to `table.slots()[slot]` for every slot.
#[derive(Debug, Clone)]
pub struct SlotIndex {
    /// Number of slots; `mask = size − 1` when it is a power of two (then `% size` is `& mask`).
    size: u64,
    mask: Option<u64>,
    /// log2 of the block length.
    shift: u32,
    /// (size / 2^shift, rounded up): the word of each block's first slot, `| PURE` if the block holds
    /// no other word.
    guide: Vec<u32>,
    /// (V'): `ends[w]` = one past word w's last slot; V' = the largest word id in the table + 1.
    ends: Vec<u32>,
}

impl SlotIndex {
    /// The index of `table` (which must not be empty), blocks as [`SlotIndex::shift_for`] chooses.
    pub fn new(table: &UnigramTable) -> Self {
        let words = table.slots().last().map_or(0, |&w| w as usize + 1);
        Self::with_shift(table, Self::shift_for(table.len(), words))
    }

    /// log2 of the block length: the largest k with 2^k ≤ size / (4·V), within [2, 10]. A random
    /// slot lies in a block that holds a run boundary with probability ≤ V·2^k / size ≤ 1/4, so at
    /// least three draws in four are answered by the guide alone, and the guide has 4V…8V entries.
    /// Timed on the benchmark corpus (V = 9,733, 2²⁰ slots, so k = 4 and a 256 KB guide): of
    /// k = 3, 4, 5, 6, 8, 10 (CBOW, native, alternated runs), k = 4 was the fastest; k = 6 was 4–9 %
    /// slower natively and in wasm (benches/README.md, eleventh pass). A mixed block's branch is
    /// unpredictable and its scan is long in the tail (words of 1–3 slots), so fewer mixed blocks pay.
    pub fn shift_for(size: usize, words: usize) -> u32 {
        let per = size / (4 * words.max(1));
        per.max(1).ilog2().clamp(2, 10)
    }

    /// The index with blocks of 2^`shift` slots (any shift gives the same words; tests try several).
    pub fn with_shift(table: &UnigramTable, shift: u32) -> Self {
        let slots = table.slots();
        assert!(!slots.is_empty() && slots.len() < PURE as usize, "slot index of an empty or huge table");
        let words = slots.last().map_or(0, |&w| w as usize + 1);
        let mut ends = vec![0u32; words];
        for (s, &w) in slots.iter().enumerate() {
            debug_assert!(s == 0 || slots[s - 1] <= w, "unigram table not monotone");
            ends[w as usize] = s as u32 + 1;
        }
        // Words without slots end where the previous word ends.
        for w in 1..words {
            ends[w] = ends[w].max(ends[w - 1]);
        }
        let block = 1usize << shift;
        let guide = slots.chunks(block).map(|c| if c[0] == c[c.len() - 1] { c[0] | PURE } else { c[0] }).collect();
        let size = slots.len() as u64;
        let mask = size.is_power_of_two().then(|| size - 1);
        SlotIndex { size, mask, shift, guide, ends }
    }

    /// The slot `r % size` (a mask when the size is a power of two: the same slot, no division).
    #[inline]
    pub fn slot(&self, r: u64) -> u32 {
        (match self.mask {
            Some(m) => r & m,
            None => r % self.size,
        }) as u32
    }

    /// The word in slot `s` (< size): `table.slots()[s]`.
    #[inline]
    pub fn word_at(&self, s: u32) -> u32 {
        let g = self.guide[(s >> self.shift) as usize];
        if g & PURE != 0 {
            return g & !PURE;
        }
        let mut w = g;
        while self.ends[w as usize] <= s {
            w += 1;
        }
        w
    }

    /// The word word2vec.c draws from the random number `r`: `table[r % size]`.
    #[inline]
    pub fn word(&self, r: u64) -> u32 {
        self.word_at(self.slot(r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::sampling::{DEFAULT_TABLE_SIZE, WORD2VEC_POWER};
    use crate::rng::Rng;

    /// Counts like a corpus's: a few frequent words, a long tail, ties.
    fn zipf(v: usize, seed: u64) -> Vec<u64> {
        let mut rng = Rng::new(seed);
        let mut c: Vec<u64> = (0..v).map(|i| 5 + (2_000_000 / (i as u64 + 1)) + rng.below(3) as u64).collect();
        c.sort_unstable_by(|a, b| b.cmp(a));
        c
    }

    /// Every slot of the table against the index, for every block length tried.
    fn check_all(counts: &[u64], size: usize) {
        let table = UnigramTable::new(counts, WORD2VEC_POWER, size).unwrap();
        let words = table.slots().last().map_or(0, |&w| w as usize + 1);
        for shift in [0, 3, SlotIndex::shift_for(size, words), 10] {
            let idx = SlotIndex::with_shift(&table, shift);
            for (s, &w) in table.slots().iter().enumerate() {
                assert_eq!(idx.word_at(s as u32), w, "slot {s}, shift {shift}, V {}", counts.len());
            }
        }
    }

    #[test]
    fn every_slot_matches_the_table() {
        // The trainer's sizes: V·1000 slots below V = 1,049 (not a power of two), 2²⁰ above.
        check_all(&[7, 3], 2_000);
        check_all(&zipf(50, 1), 50_000);
        check_all(&zipf(1_048, 2), 1_048_000);
        check_all(&zipf(9_733, 3), DEFAULT_TABLE_SIZE);
        // V = 1,000,000 ≈ 2²⁰: rare words get no slot at all (their `ends` equal the previous).
        let big = zipf(1_000_000, 4);
        check_all(&big, DEFAULT_TABLE_SIZE);
        let table = UnigramTable::new(&big, WORD2VEC_POWER, DEFAULT_TABLE_SIZE).unwrap();
        let with_slots = table.slots().windows(2).filter(|p| p[0] != p[1]).count() + 1;
        assert!(with_slots < 1_000_000, "the test must include words without slots");
    }

    #[test]
    fn block_length_by_vocabulary() {
        // 2²⁰ / (4 · 9,733) = 26.9 → k = 4; 2²⁰ / (4 · 1,049) = 249.9 → 7; tiny V·1000 tables:
        // 1000 / 4 = 250 → 7; huge V clamps at 2, one word at 10.
        assert_eq!(SlotIndex::shift_for(1 << 20, 9_733), 4);
        assert_eq!(SlotIndex::shift_for(1 << 20, 1_049), 7);
        assert_eq!(SlotIndex::shift_for(2_000, 2), 7);
        assert_eq!(SlotIndex::shift_for(1 << 20, 1_000_000), 2);
        assert_eq!(SlotIndex::shift_for(1 << 20, 1), 10);
    }

    #[test]
    fn draws_reduce_as_word2vec_c() {
        // A power-of-two size: the mask is the remainder; any other: the remainder itself.
        for size in [1 << 20, 7_000] {
            let table = UnigramTable::new(&zipf(7, 5), WORD2VEC_POWER, size).unwrap();
            let idx = SlotIndex::new(&table);
            let mut rng = Rng::new(9);
            for _ in 0..10_000 {
                let r = rng.next_u64() >> 16;
                assert_eq!(idx.word(r), table.slots()[(r % size as u64) as usize]);
            }
        }
    }
}
