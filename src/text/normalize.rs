//! Cleaning pasted text before anything else sees it.
//!
//! Why NFC: the same Hangul syllable can arrive precomposed (`가` U+AC00) or as conjoining jamo
//! (`ᄀ` U+1100 + `ᅡ` U+1161, e.g. from macOS file names). Without normalisation they would be
//! two different words with different character n-grams (fastText hashes bytes).

use unicode_normalization::UnicodeNormalization;

/// The result of [`clean`]: the text every model sees, and what was removed (for the page's notice).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaned {
    pub text: String,
    /// Control characters (other than newline and tab) and invisible format characters removed:
    /// binary junk, NULs, escapes, BOMs. Controls and zero-width spaces become a space (they stood
    /// between two things, `the\0king` is two words); the other format characters vanish.
    pub dropped_controls: usize,
    /// U+FFFD replacement characters removed: what a decoder writes for bytes that are not UTF-8.
    pub dropped_invalid: usize,
}

/// Normalises line ends to `\n`; turns tabs, control characters and zero-width spaces into plain
/// spaces (a NUL or an escape byte between two letters is junk standing between two words, not a
/// letter that glues them together); drops U+FFFD and the invisible format characters; returns the
/// NFC form.
pub fn clean(raw: &str) -> Cleaned {
    // Fast path: most text needs nothing changed; checking is much cheaper than rebuilding it.
    let untouched =
        |c: char| !(c.is_control() && c != '\n') && c != '\u{FFFD}' && c != '\u{2028}' && c != '\u{2029}' && !is_invisible_format(c);
    if raw.chars().all(untouched) && unicode_normalization::is_nfc_quick(raw.chars()) == unicode_normalization::IsNormalized::Yes {
        return Cleaned { text: raw.to_string(), dropped_controls: 0, dropped_invalid: 0 };
    }
    let mut dropped_controls = 0;
    let mut dropped_invalid = 0;
    let mut pre = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                // "\r\n" and a lone "\r" both end a line.
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                pre.push('\n');
            }
            '\n' => pre.push('\n'),
            '\t' => pre.push(' '),
            '\u{FFFD}' => dropped_invalid += 1,
            // Zero-width joiner and variation selectors are format characters that emoji need.
            '\u{200D}' | '\u{FE00}'..='\u{FE0F}' => pre.push(c),
            '\u{2028}' | '\u{2029}' => pre.push('\n'),
            // A control (or a zero-width space) separates what stands on either side of it.
            c if c.is_control() || c == '\u{200B}' => {
                dropped_controls += 1;
                pre.push(' ');
            }
            // BOM, bidi controls, ZWNJ: they change nothing a word is made of.
            c if is_invisible_format(c) => dropped_controls += 1,
            c => pre.push(c),
        }
    }
    let text = match unicode_normalization::is_nfc_quick(pre.chars()) {
        unicode_normalization::IsNormalized::Yes => pre,
        _ => pre.nfc().collect(),
    };
    Cleaned { text, dropped_controls, dropped_invalid }
}

/// Format characters that only hide things (BOM, bidi overrides, zero-width space/non-joiner).
pub(crate) fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfd_hangul_becomes_precomposed() {
        // 한 = U+1112 U+1161 U+11AB in NFD.
        let c = clean("\u{1112}\u{1161}\u{11AB}\u{1100}\u{1173}\u{11AF}");
        assert_eq!(c.text, "한글");
    }

    #[test]
    fn nfd_latin_accent_is_composed() {
        assert_eq!(clean("cafe\u{301}").text, "café");
    }

    #[test]
    fn controls_and_invalid_bytes_are_counted_and_dropped() {
        let c = clean("a\u{0}b\u{1b}[31mc\u{FFFD}d");
        assert_eq!(c.text, "a b [31mcd");
        assert_eq!(c.dropped_controls, 2);
        assert_eq!(c.dropped_invalid, 1);
    }

    #[test]
    fn controls_separate_words_and_are_counted() {
        use crate::text::{tokenize, Tokenizer};
        let word = Tokenizer::Word.rules(true, true);
        for raw in ["the\u{0}king", "the\u{7}king", "the\u{1f}king", "the\u{7f}king", "the\u{85}king", "the\u{200B}king"] {
            let c = clean(raw);
            assert_eq!(c.dropped_controls, 1, "{raw:?}");
            assert_eq!(tokenize(&c.text, word), ["the", "king"], "{raw:?}");
            assert_eq!(tokenize(&c.text, Tokenizer::Whitespace), ["the", "king"], "{raw:?}");
        }
        // Invisible format characters inside a word keep it one word (a BOM, a ZWNJ in Persian).
        let c = clean("\u{FEFF}می\u{200C}خواهم");
        assert_eq!((c.text.as_str(), c.dropped_controls), ("میخواهم", 2));
    }

    #[test]
    fn line_ends_and_tabs() {
        assert_eq!(clean("a\r\nb\rc\td").text, "a\nb\nc d");
    }

    #[test]
    fn emoji_sequences_survive() {
        let family = "👨\u{200D}👩\u{200D}👧";
        assert_eq!(clean(family).text, family);
        assert_eq!(clean("❤\u{FE0F}").text, "❤\u{FE0F}");
    }

    #[test]
    fn empty_and_whitespace() {
        assert_eq!(clean("").text, "");
        assert_eq!(clean(" \n\t ").text, " \n  ");
    }
}
