//! Hangul syllables and their jamo.
//!
//! A precomposed syllable U+AC00..=U+D7A3 encodes (initial L, medial V, final T) arithmetically
//! (Unicode §3.12): `S = 0xAC00 + (L·21 + V)·28 + T`, with 19 initials, 21 medials and 28 finals
//! (T = 0: no final consonant). We show jamo as *compatibility* jamo (ㄱ, ㅏ, …), the letters a
//! Korean reader recognises, rather than the conjoining forms (ᄀ, ᅡ) that would recombine on screen.

pub const SYLLABLE_FIRST: u32 = 0xAC00;
pub const SYLLABLE_LAST: u32 = 0xD7A3;

/// The placeholder written for an empty final consonant in jamo mode, so that 가 (ㄱㅏ∅) and 각
/// (ㄱㅏㄱ) have the same length and their n-grams line up syllable by syllable.
pub const EMPTY_FINAL: char = '∅';

const INITIALS: [char; 19] =
    ['ㄱ', 'ㄲ', 'ㄴ', 'ㄷ', 'ㄸ', 'ㄹ', 'ㅁ', 'ㅂ', 'ㅃ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅉ', 'ㅊ', 'ㅋ', 'ㅌ', 'ㅍ', 'ㅎ'];
const MEDIALS: [char; 21] =
    ['ㅏ', 'ㅐ', 'ㅑ', 'ㅒ', 'ㅓ', 'ㅔ', 'ㅕ', 'ㅖ', 'ㅗ', 'ㅘ', 'ㅙ', 'ㅚ', 'ㅛ', 'ㅜ', 'ㅝ', 'ㅞ', 'ㅟ', 'ㅠ', 'ㅡ', 'ㅢ', 'ㅣ'];
const FINALS: [char; 27] = [
    'ㄱ', 'ㄲ', 'ㄳ', 'ㄴ', 'ㄵ', 'ㄶ', 'ㄷ', 'ㄹ', 'ㄺ', 'ㄻ', 'ㄼ', 'ㄽ', 'ㄾ', 'ㄿ', 'ㅀ', 'ㅁ', 'ㅂ', 'ㅄ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ',
    'ㅊ', 'ㅋ', 'ㅌ', 'ㅍ', 'ㅎ',
];

pub fn is_syllable(c: char) -> bool {
    (SYLLABLE_FIRST..=SYLLABLE_LAST).contains(&(c as u32))
}

/// Splits a precomposed syllable into (initial, medial, final) compatibility jamo.
/// `None` for anything that is not a precomposed syllable.
pub fn decompose(c: char) -> Option<(char, char, Option<char>)> {
    if !is_syllable(c) {
        return None;
    }
    let s = c as u32 - SYLLABLE_FIRST;
    let l = (s / (21 * 28)) as usize;
    let v = ((s % (21 * 28)) / 28) as usize;
    let t = (s % 28) as usize;
    Some((INITIALS[l], MEDIALS[v], if t == 0 { None } else { Some(FINALS[t - 1]) }))
}

/// Writes `text` with every syllable as its jamo; an empty final becomes `empty_final` when given.
/// Other characters pass through unchanged.
pub fn to_jamo(text: &str, empty_final: Option<char>) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for c in text.chars() {
        match decompose(c) {
            Some((l, v, t)) => {
                out.push(l);
                out.push(v);
                match (t, empty_final) {
                    (Some(t), _) => out.push(t),
                    (None, Some(e)) => out.push(e),
                    (None, None) => {}
                }
            }
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposes_by_the_unicode_formula() {
        // 한 = 0xD55C: s = 0xD55C - 0xAC00 = 10588; l = 10588 / 588 = 18 (ㅎ);
        // v = (10588 % 588) / 28 = 4 / 28 ... 10588 % 588 = 4, so v = 0 (ㅏ), t = 4 (ㄴ).
        assert_eq!(decompose('한'), Some(('ㅎ', 'ㅏ', Some('ㄴ'))));
        assert_eq!(decompose('가'), Some(('ㄱ', 'ㅏ', None)));
        assert_eq!(decompose('힣'), Some(('ㅎ', 'ㅣ', Some('ㅎ'))));
        assert_eq!(decompose('a'), None);
        assert_eq!(decompose('ㄱ'), None);
    }

    #[test]
    fn jamo_strings() {
        assert_eq!(to_jamo("먹었다", Some(EMPTY_FINAL)), "ㅁㅓㄱㅇㅓㅆㄷㅏ∅");
        assert_eq!(to_jamo("먹는다", None), "ㅁㅓㄱㄴㅡㄴㄷㅏ");
        assert_eq!(to_jamo("AI 배", None), "AI ㅂㅐ");
    }
}
