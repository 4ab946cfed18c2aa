//! fastText's character n-grams ("subwords") and their hash buckets.
//!
//! Bojanowski et al. 2017, *Enriching Word Vectors with Subword Information*: a word `w` is
//! represented by its own row plus one row per character n-gram of `"<" + w + ">"`, with
//! `minn ≤ n ≤ maxn`. The n-grams are not stored in a vocabulary: each is hashed into one of
//! `bucket` shared rows, so an unseen word still has a vector, and two unrelated n-grams may share
//! a row (a collision) when `bucket` is small.
//!
//! Ported from fastText `src/dictionary.cc` (`Dictionary::hash`, `Dictionary::computeSubwords`):
//! - n-grams run over **code points**: upstream walks the UTF-8 bytes and never starts or ends an
//!   n-gram on a continuation byte (`(c & 0xC0) == 0x80`), which for valid UTF-8 is exactly "one
//!   code point per step";
//! - order: by start position, then by length (`for i … for n = 1..=maxn`);
//! - the 1-grams made of the boundary markers alone (`<` at the start, `>` at the end) are skipped
//!   (`!(n == 1 && (i == 0 || j == word.size()))`); repeated n-grams ("an" twice in "banana") are
//!   kept, so their row is counted twice in the average;
//! - the hash is 32-bit FNV-1a where each byte goes through C++ `char` (signed on x86) before the
//!   widening to `uint32_t`: a byte ≥ 0x80 is XORed in as `0xFFFFFF00 | b`, not as `b`.
//!
//! - the end-of-sentence token [`EOS`] (`</s>`) has no n-grams at all (`Dictionary::initNgrams`
//!   and `getSubwords` skip it with `if (word != EOS)`): it is only ever its own row.
//!
//! Jamo mode (our addition, not upstream): every Hangul syllable is first written as its 2–3
//! compatibility jamo with [`EMPTY_FINAL`] for an empty final consonant, then the same procedure
//! runs over the jamo. 먹었다 → ㅁㅓㄱㅇㅓㅆㄷㅏ∅ and 먹는다 → ㅁㅓㄱㄴㅡㄴㄷㅏ∅ share `<ㅁㅓㄱ`,
//! `ㄷㅏ∅>` …, while in syllable mode they share only `<먹` and `다>`.

use crate::error::{Problem, Result};
use crate::problem;
use crate::settings::Settings;
use crate::text::hangul::{to_jamo, EMPTY_FINAL};
use serde::Serialize;

/// Longest n-gram we allow. fastText has no limit, but beyond ~12 code points an n-gram is
/// nearly a whole word and only costs time (upstream's default is 6).
pub const MAX_N: usize = 12;
/// fastText's end-of-sentence token (`Dictionary::EOS`). fastText adds it for every line end; our
/// tokenisers only produce it when a whitespace-tokenised text contains it literally. Either way
/// it gets no n-grams.
pub const EOS: &str = "</s>";
/// fastText stores `bucket` in an `int32_t`.
pub const MAX_BUCKET: u32 = i32::MAX as u32;

crate::settings! {
    /// The subword settings, named as fastText's command-line arguments; defaults are fastText's
    /// for unsupervised training (`args.cc`): minn 3, maxn 6, bucket 2,000,000.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct SubwordConfig {
        /// Shortest n-gram, in code points (jamo in jamo mode), counting `<` and `>`.
        #[limits(1, MAX_N)]
        pub minn: usize = 3,
        /// Longest n-gram.
        #[limits(1, MAX_N)]
        pub maxn: usize = 6,
        /// Number of hash buckets (shared n-gram rows).
        #[limits(1, MAX_BUCKET)]
        pub bucket: u32 = 2_000_000,
        /// Decompose Hangul syllables into jamo first (not upstream).
        pub jamo: bool = false,
    }
}

impl Settings for SubwordConfig {
    fn check(&self, problems: &mut Vec<Problem>) {
        if self.maxn < self.minn {
            problems.push(problem!(SUBWORD_MAXN, minn = self.minn, max = MAX_N, maxn = self.maxn));
        }
    }
}

/// fastText's string hash (`Dictionary::hash`): FNV-1a 32-bit over the UTF-8 bytes, each byte
/// sign-extended from `int8` first. For ASCII this is textbook FNV-1a; `사` gives 69310085.
pub fn hash(s: &str) -> u32 {
    let mut h: u32 = 2_166_136_261;
    for &b in s.as_bytes() {
        h ^= b as i8 as i32 as u32; // the int8 cast: 0xEC → 0xFFFFFFEC
        h = h.wrapping_mul(16_777_619);
    }
    h
}

/// The string the n-grams are taken from: `"<" + word + ">"`, with Hangul written as jamo in jamo
/// mode.
pub fn wrap(word: &str, jamo: bool) -> String {
    if jamo {
        format!("<{}>", to_jamo(word, Some(EMPTY_FINAL)))
    } else {
        format!("<{word}>")
    }
}

/// Calls `f(start, end, n)` for every n-gram `wrapped[start..end]` (byte offsets) of `n` code
/// points, in fastText's order. `wrapped` must already carry the `<`/`>` markers (see [`wrap`]).
/// Allocates nothing.
pub fn for_each_ngram(wrapped: &str, minn: usize, maxn: usize, mut f: impl FnMut(usize, usize, usize)) {
    let len = wrapped.len();
    for (i, _) in wrapped.char_indices() {
        // Walk forward one code point at a time from `i`: after step `n`, `j` is the end of the
        // n-gram of n code points starting at `i`.
        let mut ends = wrapped[i..].char_indices().skip(1).map(|(k, _)| i + k).chain(std::iter::once(len));
        for n in 1..=maxn {
            let Some(j) = ends.next() else { break };
            if n >= minn && !(n == 1 && (i == 0 || j == len)) {
                f(i, j, n);
            }
        }
    }
}

/// The n-gram rows of a word, as offsets into the `bucket` shared rows (fastText adds `nwords`
/// to get a row of its input matrix). Appends to `out`; no other allocation for a word that needs
/// no jamo rewriting.
pub fn bucket_ids(word: &str, cfg: &SubwordConfig, out: &mut Vec<u32>) {
    if word == EOS {
        return;
    }
    let wrapped = wrap(word, cfg.jamo);
    for_each_ngram(&wrapped, cfg.minn, cfg.maxn, |s, e, _| out.push(hash(&wrapped[s..e]) % cfg.bucket));
}

/// One n-gram of a word, for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subword {
    /// The n-gram itself, markers included (`"<ap"`).
    pub ngram: String,
    /// [`hash`] of the n-gram.
    pub hash: u32,
    /// `hash % bucket`.
    pub bucket: u32,
    /// Its length in code points (jamo in jamo mode).
    pub n: usize,
    /// Where it starts in the wrapped word, in code points (0 is the `<`).
    pub start: usize,
}

/// Every n-gram of `word` in fastText's order (without the word's own entry); none for [`EOS`].
/// Validates `cfg`.
pub fn subwords(word: &str, cfg: &SubwordConfig) -> Result<Vec<Subword>> {
    cfg.validate()?;
    if word == EOS {
        return Ok(Vec::new());
    }
    let wrapped = wrap(word, cfg.jamo);
    // byte offset → code-point index, for `start`.
    let mut char_at = vec![0usize; wrapped.len() + 1];
    for (k, (b, _)) in wrapped.char_indices().enumerate() {
        char_at[b] = k;
    }
    let mut out = Vec::new();
    for_each_ngram(&wrapped, cfg.minn, cfg.maxn, |s, e, n| {
        let ngram = &wrapped[s..e];
        let h = hash(ngram);
        out.push(Subword { ngram: ngram.to_string(), hash: h, bucket: h % cfg.bucket, n, start: char_at[s] });
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(minn: usize, maxn: usize) -> SubwordConfig {
        SubwordConfig { minn, maxn, bucket: 2_000_000, jamo: false }
    }

    fn grams(word: &str, c: SubwordConfig) -> Vec<String> {
        subwords(word, &c).unwrap().into_iter().map(|s| s.ngram).collect()
    }

    #[test]
    fn hash_is_fnv1a_with_the_int8_cast() {
        // FNV-1a of "" is the offset basis; of "a": (2166136261 ^ 0x61) · 16777619 mod 2^32
        // = 0xE40C292C (the published FNV-1a test vector).
        assert_eq!(hash(""), 2_166_136_261);
        assert_eq!(hash("a"), 0xE40C_292C);
        // 사 = EC 82 AC: with the sign extension fastText gives 69310085; textbook FNV-1a
        // (bytes as unsigned) would give 81403269 (REFERENCE.md, checked against fastText).
        assert_eq!(hash("사"), 69_310_085);
        let textbook = "사".bytes().fold(2_166_136_261u32, |h, b| (h ^ b as u32).wrapping_mul(16_777_619));
        assert_eq!(textbook, 81_403_269);
    }

    #[test]
    fn upstream_order_and_markers() {
        // "<ab>" with 1..=2: starts 0..3; the lone '<' (start 0) and '>' (end) are skipped.
        assert_eq!(grams("ab", cfg(1, 2)), ["<a", "a", "ab", "b", "b>"]);
        // fastText's defaults on "where": 3- to 6-grams by start position, then length.
        let w = grams("where", cfg(3, 6));
        assert_eq!(&w[..4], ["<wh", "<whe", "<wher", "<where"]);
        assert_eq!(w.last().unwrap(), "re>");
        // count: for start s in the 7 code points of "<where>", lengths 3..=6 that fit.
        let expected: usize = (0..7usize).map(|s| (3..=6).filter(|n| s + n <= 7).count()).sum();
        assert_eq!(w.len(), expected);
    }

    #[test]
    fn duplicates_are_kept() {
        let b = grams("banana", cfg(2, 2));
        assert_eq!(b, ["<b", "ba", "an", "na", "an", "na", "a>"]);
    }

    #[test]
    fn code_points_not_bytes() {
        // 사과: each syllable is 3 bytes but one step.
        assert_eq!(grams("사과", cfg(1, 2)), ["<사", "사", "사과", "과", "과>"]);
        // NFD é = e + U+0301: two code points, so two steps.
        assert_eq!(grams("e\u{301}", cfg(2, 2)), ["<e", "e\u{301}", "\u{301}>"]);
    }

    #[test]
    fn jamo_mode_shares_stem_pieces() {
        let c = SubwordConfig { jamo: true, ..cfg(3, 3) };
        let a = grams("먹었다", c);
        let b = grams("먹는다", c);
        assert_eq!(a[0], "<ㅁㅓ");
        let shared: Vec<&String> = a.iter().filter(|g| b.contains(g)).collect();
        // <ㅁㅓ, ㅁㅓㄱ (the stem 먹), ㄷㅏ∅, ㅏ∅> (the ending 다).
        assert_eq!(shared, ["<ㅁㅓ", "ㅁㅓㄱ", "ㄷㅏ∅", "ㅏ∅>"]);
        // Syllable mode at the same n shares nothing of length 3: <먹었 vs <먹는.
        let s: Vec<String> = grams("먹었다", cfg(3, 3));
        assert!(s.iter().all(|g| !grams("먹는다", cfg(3, 3)).contains(g)));
    }

    #[test]
    fn buckets_match_hash_mod_bucket() {
        let c = SubwordConfig { bucket: 7, ..cfg(2, 4) };
        let mut ids = Vec::new();
        bucket_ids("orange", &c, &mut ids);
        let subs = subwords("orange", &c).unwrap();
        assert_eq!(ids, subs.iter().map(|s| s.hash % 7).collect::<Vec<_>>());
        assert!(ids.iter().all(|&b| b < 7));
        assert_eq!(subs[0].start, 0);
        // The last start is the "e" of "<orange>": only "e>" fits after it.
        assert_eq!(subs.last().unwrap().ngram, "e>");
    }

    #[test]
    fn end_of_sentence_has_no_ngrams() {
        // fastText: get_subwords("</s>") is ["</s>"] (its own row only); "<s>" and "x</s>" are
        // ordinary words.
        assert!(grams(EOS, cfg(3, 6)).is_empty());
        let mut ids = Vec::new();
        bucket_ids(EOS, &cfg(1, 6), &mut ids);
        assert!(ids.is_empty());
        assert_eq!(grams("<s>", cfg(2, 2)), ["<<", "<s", "s>", ">>"]);
        assert_eq!(grams("x</s>", cfg(4, 4)).len(), 4);
    }

    #[test]
    fn bad_settings_are_errors() {
        let e = |c: SubwordConfig| subwords("x", &c).unwrap_err().to_string();
        assert!(e(cfg(4, 3)).contains("maxn"));
        assert!(e(cfg(1, 0)).contains("maxn"));
        assert!(e(cfg(0, 0)).contains("minn"));
        assert!(e(cfg(3, 100)).contains("maxn"));
        assert!(e(SubwordConfig { bucket: 0, ..cfg(3, 6) }).contains("bucket"));
    }

    #[test]
    fn odd_words_have_defined_results() {
        // A lone combining mark: "<\u{301}>", the mark alone is its only 1-gram.
        assert_eq!(grams("\u{301}", cfg(1, 1)), ["\u{301}"]);
        // The empty word: only "<>".
        assert_eq!(grams("", cfg(1, 3)), ["<>"]);
        // 10,000 characters: (10,002 starts) × lengths that fit, no panic.
        let long = "a".repeat(10_000);
        let n = subwords(&long, &cfg(3, 6)).unwrap().len();
        assert_eq!(n, (0..10_002usize).map(|s| (3..=6).filter(|k| s + k <= 10_002).count()).sum::<usize>());
    }
}
