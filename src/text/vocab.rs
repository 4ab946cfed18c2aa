//! The vocabulary: every distinct token with its count, ids by descending count.

use crate::error::{check_range, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VocabConfig {
    /// Tokens seen fewer times than this are left out (word2vec.c's `min_count`).
    pub min_count: u64,
    /// At most this many types are kept, the most frequent first.
    pub max_size: usize,
}

impl Default for VocabConfig {
    fn default() -> Self {
        VocabConfig { min_count: 1, max_size: 50_000 }
    }
}

impl VocabConfig {
    pub fn validate(&self) -> Result<()> {
        check_range("minCount", self.min_count, 1, 1_000_000_000)?;
        check_range("maxVocab", self.max_size, 1, 10_000_000)
    }
}

/// Distinct tokens, id 0 the most frequent. Equal counts keep the order of first appearance,
/// so the same text always gives the same ids.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Vocab {
    words: Vec<String>,
    counts: Vec<u64>,
    index: HashMap<String, u32>,
    /// Tokens of the text that belong to a kept type.
    kept_tokens: u64,
    /// All tokens counted, kept or not.
    all_tokens: u64,
    /// Distinct types seen, kept or not.
    all_types: usize,
}

impl Vocab {
    /// Counts `tokens` and keeps the types allowed by `config`.
    pub fn build<'a, I>(tokens: I, config: VocabConfig) -> Result<Vocab>
    where
        I: IntoIterator<Item = &'a str>,
    {
        config.validate()?;
        // (count, first position) per type.
        let mut seen: HashMap<&'a str, (u64, usize)> = HashMap::new();
        let mut all_tokens = 0u64;
        for t in tokens {
            let next = seen.len();
            seen.entry(t).or_insert((0, next)).0 += 1;
            all_tokens += 1;
        }
        let all_types = seen.len();
        let mut entries: Vec<(&str, u64, usize)> = seen.into_iter().map(|(w, (c, first))| (w, c, first)).collect();
        entries.retain(|e| e.1 >= config.min_count);
        entries.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
        entries.truncate(config.max_size);
        let mut v = Vocab { all_tokens, all_types, ..Default::default() };
        for (w, c, _) in entries {
            v.push(w.to_string(), c);
        }
        Ok(v)
    }

    /// Counts the tokens of tokenised sentences (see [`crate::text::tokenize_sentences`]).
    pub fn from_sentences(sentences: &[Vec<String>], config: VocabConfig) -> Result<Vocab> {
        Vocab::build(sentences.iter().flatten().map(String::as_str), config)
    }

    /// Builds from (word, count) pairs already in the order wanted (e.g. read from a file).
    pub fn from_counts(pairs: impl IntoIterator<Item = (String, u64)>) -> Vocab {
        let mut v = Vocab::default();
        for (w, c) in pairs {
            if !v.index.contains_key(&w) {
                v.all_tokens += c;
                v.all_types += 1;
                v.push(w, c);
            }
        }
        v
    }

    fn push(&mut self, word: String, count: u64) {
        self.index.insert(word.clone(), self.words.len() as u32);
        self.words.push(word);
        self.counts.push(count);
        self.kept_tokens += count;
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
    pub fn id(&self, word: &str) -> Option<u32> {
        self.index.get(word).copied()
    }
    pub fn word(&self, id: u32) -> &str {
        &self.words[id as usize]
    }
    pub fn count(&self, id: u32) -> u64 {
        self.counts[id as usize]
    }
    pub fn words(&self) -> &[String] {
        &self.words
    }
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }
    /// Tokens that belong to a kept type.
    pub fn kept_tokens(&self) -> u64 {
        self.kept_tokens
    }
    /// Every token counted.
    pub fn total_tokens(&self) -> u64 {
        self.all_tokens
    }
    /// Every distinct type seen, before `min_count` and `max_size`.
    pub fn total_types(&self) -> usize {
        self.all_types
    }
    /// Types left out by `min_count` or `max_size`.
    pub fn dropped_types(&self) -> usize {
        self.all_types - self.words.len()
    }
}

/// How the number of distinct types grows with the number of tokens read (Heaps' law,
/// `V(n) ≈ K·n^β` with β ≈ 0.4–0.6 for natural text): `points` evenly spaced samples `(n, V(n))`,
/// ending at the last token. Empty input gives no points.
pub fn type_growth<'a, I>(tokens: I, total: u64, points: usize) -> Vec<(u64, u64)>
where
    I: IntoIterator<Item = &'a str>,
{
    let points = points.max(1) as u64;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    let mut next = total.div_ceil(points);
    for (i, t) in tokens.into_iter().enumerate() {
        seen.insert(t);
        let n = i as u64 + 1;
        if n >= next || n == total {
            out.push((n, seen.len() as u64));
            next = n + total.div_ceil(points);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(text: &str, min_count: u64, max_size: usize) -> Vocab {
        Vocab::build(text.split_whitespace(), VocabConfig { min_count, max_size }).unwrap()
    }

    #[test]
    fn ids_by_count_then_first_appearance() {
        // counts: b 3, a 2, c 2, d 1 — a before c because it appears first.
        let v = build("a b c b a c b d", 1, 100);
        assert_eq!(v.words(), ["b", "a", "c", "d"]);
        assert_eq!(v.counts(), [3, 2, 2, 1]);
        assert_eq!(v.id("c"), Some(2));
        assert_eq!(v.id("zzz"), None);
        assert_eq!((v.total_tokens(), v.kept_tokens(), v.total_types()), (8, 8, 4));
    }

    #[test]
    fn min_count_and_max_size() {
        let v = build("a b c b a c b d", 2, 100);
        assert_eq!(v.words(), ["b", "a", "c"]);
        assert_eq!(v.kept_tokens(), 7);
        assert_eq!(v.dropped_types(), 1);
        let v = build("a b c b a c b d", 1, 2);
        assert_eq!(v.words(), ["b", "a"]);
    }

    #[test]
    fn deterministic_over_many_builds() {
        let text = "x y z w v u t s r q p o n m l k j i h g f e d c b a";
        let first = build(text, 1, 100);
        for _ in 0..20 {
            assert_eq!(build(text, 1, 100).words(), first.words());
        }
        // All counts equal: the order of first appearance.
        assert_eq!(first.words()[0], "x");
    }

    #[test]
    fn growth_counts_new_types() {
        // a b a c b d: types after 2 tokens = 2, after 4 = 3, after 6 = 4.
        let g = type_growth("a b a c b d".split(' '), 6, 3);
        assert_eq!(g, [(2, 2), (4, 3), (6, 4)]);
        assert!(type_growth(std::iter::empty(), 0, 10).is_empty());
    }

    #[test]
    fn empty_text_and_bad_settings() {
        assert!(build("", 1, 10).is_empty());
        assert!(Vocab::build(["a"], VocabConfig { min_count: 0, max_size: 10 }).is_err());
        assert!(Vocab::build(["a"], VocabConfig { min_count: 1, max_size: 0 }).is_err());
    }
}
