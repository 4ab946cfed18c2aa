//! Tokenisers and sentence splitting.
//!
//! All of them work on text already passed through [`super::clean`] (NFC, control characters
//! turned into spaces).
//! Spans are byte offsets into that text, so the page can mark each token where it stands.

use super::hangul;
use unicode_normalization::char::is_combining_mark;

crate::choices! {
    /// How text is cut into tokens: the one tokenizer type, named the same in every model's
    /// settings (`tokenizer: "word"`); [`TokenRules`] adds the word tokenizer's options.
    pub enum Tokenizer {
        /// Runs of letters and digits (any script; combining marks stay with their letter). Each
        /// punctuation mark or emoji is a token of its own, or dropped (see [`TokenRules`]).
        Word = "word",
        /// Split on whitespace only, one sentence per line: what word2vec.c and fastText read.
        Whitespace = "whitespace",
        /// Every character that is not whitespace (a Hangul syllable is one character).
        Char = "char",
        /// Hangul syllables decomposed into compatibility jamo (initial, medial, final); other
        /// non-space characters as in `Char`.
        Jamo = "jamo",
    }
}

impl Tokenizer {
    /// This tokenizer with the word options (used by `Word` only; the others keep text as is).
    pub const fn rules(self, lowercase: bool, punctuation: bool) -> TokenRules {
        TokenRules { tokenizer: self, lowercase, punctuation }
    }
}

/// A tokenizer and its options: what [`tokenize`] follows. A bare [`Tokenizer`] converts with
/// both options on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenRules {
    pub tokenizer: Tokenizer,
    /// Words in lower case (`Word` only).
    pub lowercase: bool,
    /// Punctuation marks and emoji as tokens; dropped when off (`Word` only).
    pub punctuation: bool,
}

impl Default for TokenRules {
    fn default() -> Self {
        Tokenizer::Word.into()
    }
}

impl From<Tokenizer> for TokenRules {
    fn from(tokenizer: Tokenizer) -> Self {
        tokenizer.rules(true, true)
    }
}

/// A token and where it came from: `start..end` are byte offsets into the tokenised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Characters that extend the emoji before them: zero-width joiner (which also pulls in the next
/// symbol), variation selectors, skin-tone modifiers, tag characters (flags of regions).
fn is_emoji_extender(c: char) -> bool {
    matches!(c, '\u{200D}' | '\u{FE0E}' | '\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0020}'..='\u{E007F}' | '\u{20E3}')
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

/// Tokens of `text` with their spans.
pub fn tokenize_spans(text: &str, rules: impl Into<TokenRules>) -> Vec<Token> {
    let TokenRules { tokenizer, lowercase, punctuation } = rules.into();
    let mut out = Vec::new();
    match tokenizer {
        Tokenizer::Whitespace => {
            let mut start = None;
            for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
                match (c.is_whitespace(), start) {
                    (true, Some(s)) => {
                        out.push(Token { text: text[s..i].to_string(), start: s, end: i });
                        start = None;
                    }
                    (false, None) => start = Some(i),
                    _ => {}
                }
            }
        }
        Tokenizer::Char => {
            for (i, c) in text.char_indices().filter(|(_, c)| !c.is_whitespace()) {
                out.push(Token { text: c.to_string(), start: i, end: i + c.len_utf8() });
            }
        }
        Tokenizer::Jamo => {
            for (i, c) in text.char_indices().filter(|(_, c)| !c.is_whitespace()) {
                let end = i + c.len_utf8();
                match hangul::decompose(c) {
                    Some((l, v, t)) => {
                        for j in [Some(l), Some(v), t].into_iter().flatten() {
                            out.push(Token { text: j.to_string(), start: i, end });
                        }
                    }
                    None => out.push(Token { text: c.to_string(), start: i, end }),
                }
            }
        }
        Tokenizer::Word => word_tokens(text, lowercase, punctuation, &mut out),
    }
    out
}

fn word_tokens(text: &str, lowercase: bool, punctuation: bool, out: &mut Vec<Token>) {
    let mut it = text.char_indices().peekable();
    while let Some((start, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        let mut end = start + c.len_utf8();
        let is_word = is_word_char(c);
        if is_word {
            while let Some(&(i, n)) = it.peek() {
                if !is_word_char(n) {
                    break;
                }
                end = i + n.len_utf8();
                it.next();
            }
        } else {
            // One symbol, plus whatever glues onto it to make one emoji on screen.
            let mut joined = false;
            let mut flag = is_regional_indicator(c);
            while let Some(&(i, n)) = it.peek() {
                let glue = is_emoji_extender(n) || (joined && !n.is_whitespace() && !is_word_char(n)) || (flag && is_regional_indicator(n));
                if !glue {
                    break;
                }
                flag = false;
                joined = n == '\u{200D}';
                end = i + n.len_utf8();
                it.next();
            }
            if !punctuation {
                continue;
            }
        }
        let slice = &text[start..end];
        let text = if lowercase && is_word { slice.to_lowercase() } else { slice.to_string() };
        out.push(Token { text, start, end });
    }
}

/// Token strings only.
pub fn tokenize(text: &str, rules: impl Into<TokenRules>) -> Vec<String> {
    tokenize_spans(text, rules).into_iter().map(|t| t.text).collect()
}

/// Sentences as byte ranges: every line is cut after `.`, `!`, `?` (and their CJK forms, and `…`)
/// when whitespace or the line end follows. Blank sentences are skipped.
pub fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut push = |s: usize, e: usize| {
        let piece = &text[s..e];
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            let lead = piece.len() - piece.trim_start().len();
            out.push((s + lead, s + lead + trimmed.len()));
        }
    };
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let ends = match c {
            '\n' => true,
            '.' | '!' | '?' | '。' | '！' | '？' | '…' => {
                next.is_none_or(char::is_whitespace) && !matches!(next, Some('.' | '!' | '?'))
            }
            _ => false,
        };
        if ends {
            let e = i + c.len_utf8();
            push(start, e);
            start = e;
        }
    }
    push(start, text.len());
    out
}

/// Sentences as string slices (see [`sentence_spans`]).
pub fn sentences(text: &str) -> Vec<&str> {
    sentence_spans(text).into_iter().map(|(s, e)| &text[s..e]).collect()
}

/// The corpus as sentences of tokens, the form every model trains on. With `Whitespace` a
/// sentence is a line (word2vec.c's convention); otherwise [`sentences`] decides. Sentences with no
/// token are left out.
pub fn tokenize_sentences(text: &str, rules: impl Into<TokenRules>) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    each_tokenized_sentence(text, rules, |s| out.push(s));
    out
}

/// [`tokenize_sentences`] one sentence at a time: a caller that turns each into ids never holds
/// the whole text as strings (a `String` per token; on a pasted 2 MB text in characters, tens of
/// megabytes that the wasm memory keeps once grown; issue 15, paste stress).
pub fn each_tokenized_sentence(text: &str, rules: impl Into<TokenRules>, mut f: impl FnMut(Vec<String>)) {
    let rules = rules.into();
    let pieces: Vec<&str> = match rules.tokenizer {
        Tokenizer::Whitespace => text.lines().collect(),
        _ => sentences(text),
    };
    for s in pieces {
        let t = tokenize(s, rules);
        if !t.is_empty() {
            f(t);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORDS: TokenRules = Tokenizer::Word.rules(true, true);

    #[test]
    fn english_words_and_punctuation() {
        assert_eq!(tokenize("The King, the Queen!", WORDS), ["the", "king", ",", "the", "queen", "!"]);
        assert_eq!(tokenize("don't", WORDS), ["don", "'", "t"]);
        let nop = Tokenizer::Word.rules(false, false);
        assert_eq!(tokenize("The King, the Queen!", nop), ["The", "King", "the", "Queen"]);
    }

    #[test]
    fn korean_eojeol_are_words_and_syllables_are_chars() {
        assert_eq!(tokenize("왕이 배를 먹었다.", WORDS), ["왕이", "배를", "먹었다", "."]);
        assert_eq!(tokenize("배를 먹", Tokenizer::Char), ["배", "를", "먹"]);
        assert_eq!(tokenize("배를", Tokenizer::Jamo), ["ㅂ", "ㅐ", "ㄹ", "ㅡ", "ㄹ"]);
    }

    #[test]
    fn spans_point_into_the_text() {
        let text = "왕 king 👑";
        for t in tokenize_spans(text, WORDS) {
            assert_eq!(&text[t.start..t.end].to_lowercase(), &t.text);
        }
        let j = tokenize_spans("각", Tokenizer::Jamo);
        assert_eq!(j.len(), 3);
        assert!(j.iter().all(|t| (t.start, t.end) == (0, 3)));
    }

    #[test]
    fn emoji_sequences_are_one_token() {
        let fam = "👨\u{200D}👩\u{200D}👧";
        assert_eq!(tokenize(&format!("hi {fam}!"), WORDS), ["hi", fam, "!"]);
        assert_eq!(tokenize("👍🏽👍", WORDS), ["👍🏽", "👍"]);
        assert_eq!(tokenize("🇰🇷🇺🇸", WORDS), ["🇰🇷", "🇺🇸"]);
    }

    #[test]
    fn mixed_scripts_split_at_script_boundaries_only_on_non_letters() {
        // Letters of any script form one run; a digit too (like BERT's basic tokenizer would not
        // split "BTS는" either). Punctuation always splits.
        assert_eq!(tokenize("BTS는 서울-Seoul에", WORDS), ["bts는", "서울", "-", "seoul에"]);
        assert_eq!(tokenize("naïve café", WORDS), ["naïve", "café"]);
    }

    #[test]
    fn combining_marks_stay_with_their_letter() {
        // Devanagari: क + ् (virama, Mn) + ष.
        assert_eq!(tokenize("क्ष", WORDS), ["क्ष"]);
        // NFD input is tokenised consistently even before cleaning.
        assert_eq!(tokenize("cafe\u{301}", WORDS), ["cafe\u{301}"]);
    }

    #[test]
    fn empty_and_whitespace_only() {
        for tok in [WORDS, Tokenizer::Whitespace.into(), Tokenizer::Char.into(), Tokenizer::Jamo.into()] {
            assert!(tokenize("", tok).is_empty());
            assert!(tokenize(" \n  \n", tok).is_empty());
            assert!(tokenize_sentences(" \n ", tok).is_empty());
        }
    }

    #[test]
    fn whitespace_tokenizer_keeps_everything_between_spaces() {
        assert_eq!(tokenize("a,b  c\nd", Tokenizer::Whitespace), ["a,b", "c", "d"]);
        assert_eq!(tokenize_sentences("a b\n\nc", Tokenizer::Whitespace), vec![vec!["a", "b"], vec!["c"]]);
    }

    #[test]
    fn sentence_splitting() {
        assert_eq!(sentences("The king ate. The queen ran!  Why?\nNew line"), ["The king ate.", "The queen ran!", "Why?", "New line"]);
        assert_eq!(sentences("왕이 왔다. 여왕도 왔다."), ["왕이 왔다.", "여왕도 왔다."]);
        // No split inside "3.14" or after "..." that continues.
        assert_eq!(sentences("pi is 3.14 ok... yes"), ["pi is 3.14 ok...", "yes"]);
        assert!(sentences("").is_empty());
    }

    #[test]
    fn control_characters_are_not_words() {
        // Cleaning drops them; if one slips through, it is a lone symbol, never part of a word.
        assert_eq!(tokenize("a\u{7}b", Tokenizer::Word.rules(true, false)), ["a", "b"]);
    }
}
