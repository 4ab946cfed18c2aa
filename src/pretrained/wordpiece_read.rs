//! Reading a long text in chunks for [`WordPiece::encode`]: stop soon after the pieces that fit.

use super::{pre_tokenize, WordPiece};
use crate::pretrained::unicode_tables::{self as ut, contains};

/// Bytes of text in the first chunk [`WordPiece::tokenize_ids_upto`] reads.
pub(super) const FIRST_CHUNK: usize = 4096;

impl WordPiece {
    /// The first pieces of [`WordPiece::tokenize_ids`], reading only as much text as it takes to
    /// find more than `limit` of them; the flag says whether the whole text was read.
    ///
    /// The text is read in chunks of doubling size, each cut just before an ASCII space, newline
    /// or punctuation mark (or a CJK ideograph when those are isolated), never inside a special
    /// token. Steps 2–4 give the same pieces for the chunks as for the whole: the normaliser works
    /// per character except NFD's reordering of combining marks, which never crosses such a
    /// character (all are starters, canonical class 0), and the pre-tokeniser splits there anyway.
    pub(super) fn tokenize_ids_upto(&self, text: &str, limit: usize, first_chunk: usize) -> (Vec<u32>, bool) {
        let mut ids = Vec::new();
        let mut key = String::new();
        let (mut pos, mut step) = (0, first_chunk.max(1));
        while pos < text.len() {
            if ids.len() > limit {
                return (ids, false);
            }
            let rest = &text[pos..];
            let end = self.cut_point(rest, step);
            // Leftmost, then longest, special token starting in this chunk (it may run past it).
            let hit = rest[..end]
                .char_indices()
                .find_map(|(i, _)| self.specials.iter().find(|(s, _)| rest[i..].starts_with(s.as_str())).map(|(s, id)| (i, s.len(), *id)));
            let (plain, next) = match hit {
                Some((i, len, _)) => (&rest[..i], i + len),
                None => (&rest[..end], end),
            };
            let normalized = self.normalizer.normalize(plain);
            for word in pre_tokenize(&normalized) {
                self.word_pieces(word, &mut key, &mut ids);
            }
            if let Some((_, _, id)) = hit {
                ids.push(id);
            }
            pos += next;
            step = step.saturating_mul(2);
        }
        (ids, true)
    }

    /// The first safe cut (see [`WordPiece::tokenize_ids_upto`]) at or after byte `at` of `text`
    /// (≥ 1 when `text` is not empty), or its length.
    fn cut_point(&self, text: &str, at: usize) -> usize {
        let mut at = at.max(1);
        if at >= text.len() {
            return text.len();
        }
        while !text.is_char_boundary(at) {
            at += 1;
        }
        let cjk = self.normalizer.handle_chinese_chars;
        text[at..]
            .char_indices()
            .find(|&(_, c)| c == ' ' || c == '\n' || c.is_ascii_punctuation() || (cjk && contains(ut::CJK, c)))
            .map_or(text.len(), |(i, _)| at + i)
    }
}
