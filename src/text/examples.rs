//! The words and sentences each chapter proposes (the nearest-neighbour word, the analogy, the
//! unseen words, the homonyms, the one-hot and n-gram examples …), taken from the corpus on screen,
//! so that a Korean text never gets an English suggestion and every proposed word is in the text.
//!
//! The built-in samples carry hand-picked examples (`examples_data.rs`, which the corpora were
//! written to make work: `tests/corpora.rs` checks that every word is in its sample and every unseen
//! word is not; `tests/lessons/` checks that the demonstrations succeed). For a pasted text,
//! [`suggest`] picks frequent content words from it.

use super::hangul::{decompose, is_syllable};
use super::{clean, tokenize, tokenize_sentences, TokenRules, Tokenizer, Vocab, VocabConfig};
use crate::settings::Settings;

crate::settings! {
    /// Settings of `suggestExamples(text, settings)`.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct SuggestConfig {
        /// Only words seen at least this often (the models' minCount) are proposed.
        #[limits(1, 1_000_000)]
        pub min_count: u64 = 2,
    }
}

impl Settings for SuggestConfig {}
use serde::ser::{Serialize, SerializeMap, Serializer};

pub use super::examples_data::{builtin, Builtin, BUILTIN};

/// A map that keeps its insertion order when serialised (a JS object whose keys come in this
/// order), e.g. `{royalty: [...], food: [...]}`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ordered<V>(pub Vec<(String, V)>);

impl<V: Serialize> Serialize for Ordered<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<V> Ordered<V> {
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// One sense of a homonym: a label and words that go with that sense.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Sense {
    pub label: String,
    pub words: Vec<String>,
}

/// What the chapters propose for one text. Words are tokens of the word tokeniser (lower-cased);
/// sentences are as written. A field is empty (`""`, `[]`, `{}`) when the text has nothing that fits.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Examples {
    /// "en", "ko", or "" when the text is in neither script.
    pub lang: String,
    /// The nearest-neighbour query (Word2Vec, FastText).
    pub word: String,
    /// Two related words for the similarity box.
    pub similarity: Vec<String>,
    /// a : b :: c : expected (built-in samples); a, b, c only for a pasted text.
    pub analogy: Vec<String>,
    /// Groups of related words (royalty, food, animals, places) that should cluster.
    pub groups: Ordered<Vec<String>>,
    /// Words that never occur in the text but whose pieces do (FastText's unseen-word demo).
    pub unseen: Vec<String>,
    /// For each unseen word, the forms of it that do occur (what its vector should be near).
    pub relatives: Ordered<Vec<String>>,
    /// Words with several senses in the text.
    pub homonyms: Vec<String>,
    /// For each homonym, its senses with words typical of each.
    pub senses: Ordered<Vec<Sense>>,
    /// A short sentence of the text for the one-hot chapter.
    pub onehot_sentence: String,
    /// A start for the n-gram chapter's next-word prediction (tokens joined by spaces).
    pub ngram_prompt: String,
    /// A sentence for the pretrained-model chapter.
    pub pretrained_sentence: String,
    /// A word whose character n-grams the FastText chapter shows.
    pub subword_word: String,
    /// Two forms of one stem (FastText: shared n-grams).
    pub fasttext_pair: Vec<String>,
}

const WORDS: TokenRules = Tokenizer::Word.rules(true, false);

/// The examples of built-in sample `id`, or None.
pub fn for_sample(id: &str) -> Option<Examples> {
    builtin(id).map(Builtin::to_examples)
}

/// Common English function words: never proposed as examples.
const EN_STOP: &[&str] = &[
    "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our", "out", "has", "him", "his",
    "how", "its", "may", "new", "now", "old", "see", "two", "who", "did", "get", "she", "too", "use", "that", "with", "have", "this",
    "will", "your", "from", "they", "been", "were", "said", "each", "which", "their", "there", "what", "about", "would", "them", "then",
    "these", "some", "into", "more", "other", "than", "very", "when", "also", "only", "just", "over", "such", "because", "where", "while",
    "after", "before", "again", "could", "should", "those", "being", "here", "does", "down", "every", "many", "most", "much", "must",
    "never", "same", "still", "through", "under", "upon", "well", "went", "came", "come", "made", "make", "like", "back", "even", "both",
    "between", "off", "own", "why", "yes", "per", "via", "etc",
];

/// Korean words (eojeol) that carry no topic: pronouns, conjunctions, adverbs, the copula and
/// the bare verbs of being and doing.
const KO_STOP: &[&str] = &[
    "그",
    "그는",
    "그녀는",
    "그가",
    "그녀가",
    "그의",
    "그녀의",
    "그를",
    "그녀를",
    "그리고",
    "그래서",
    "그러나",
    "하지만",
    "그런데",
    "그러자",
    "그때",
    "이",
    "저",
    "것",
    "것은",
    "것을",
    "것이",
    "수",
    "있다",
    "있었다",
    "없다",
    "없었다",
    "했다",
    "한다",
    "하는",
    "하고",
    "및",
    "등",
    "또는",
    "또",
    "더",
    "잘",
    "안",
    "못",
    "다",
    "아주",
    "매우",
    "모든",
    "우리는",
    "나는",
    "내가",
    "우리",
    "이런",
    "그런",
    "저런",
    "이것은",
    "그것은",
    "때",
    "때문에",
    "위해",
    "같은",
    "많은",
    "있는",
    "없는",
    "된다",
    "되었다",
    "이다",
    "였다",
    "이었다",
    "그날",
    "오늘",
    "정말",
    "너무",
    "함께",
    "다시",
    "모두",
    "가장",
    "조금",
    "많이",
];

/// "ko" when Hangul syllables outnumber Latin letters, "en" when Latin letters do, "" otherwise.
pub fn detect_lang(text: &str) -> &'static str {
    let (mut hangul, mut latin) = (0usize, 0usize);
    for c in text.chars() {
        if is_syllable(c) {
            hangul += 1;
        } else if c.is_ascii_alphabetic() || ('\u{c0}'..='\u{24f}').contains(&c) {
            latin += 1;
        }
    }
    match (hangul, latin) {
        (0, 0) => "",
        (h, l) if h >= l => "ko",
        _ => "en",
    }
}

/// True when `w` may be proposed as an example word of a text in `lang`.
fn is_content(w: &str, lang: &str) -> bool {
    match lang {
        "ko" => w.chars().all(is_syllable) && !KO_STOP.contains(&w),
        "en" => w.chars().count() >= 3 && w.chars().all(|c| c.is_alphabetic()) && !EN_STOP.contains(&w),
        _ => w.chars().count() >= 2 && w.chars().all(char::is_alphanumeric) && !w.chars().all(|c| c.is_ascii_digit()),
    }
}

/// The final consonant of the last syllable of `w` is ㅆ (a past-tense stem: 먹었-, 갔-, 했-).
fn ends_in_ssangsiot_da(w: &str) -> Option<&str> {
    let stem = w.strip_suffix('다')?;
    let last = stem.chars().last()?;
    matches!(decompose(last), Some((_, _, Some('ㅆ')))).then_some(stem)
}

/// Forms built from a frequent word that the text never uses: English plural / -ing, Korean
/// polite past (먹었다 → 먹었습니다) or another particle (왕은 → 왕만).
fn unseen_forms(content: &[&str], vocab: &Vocab, lang: &str) -> Vec<(String, String)> {
    let absent = |w: &str| vocab.id(w).is_none();
    let mut out: Vec<(String, String)> = Vec::new();
    for &w in content {
        let cand = match lang {
            "en" => english_forms(w).into_iter().find(|c| absent(c)),
            "ko" => match ends_in_ssangsiot_da(w) {
                Some(stem) => Some(format!("{stem}습니다")).filter(|c| absent(c)),
                None => ["은", "는", "이", "가", "을", "를", "에", "의", "도"]
                    .iter()
                    .find_map(|p| w.strip_suffix(p).filter(|s| !s.is_empty()))
                    .and_then(|stem| ["만", "까지", "처럼"].iter().map(|p| format!("{stem}{p}")).find(|c| absent(c))),
            },
            _ => None,
        };
        if let Some(c) = cand {
            if !out.iter().any(|(u, _)| *u == c) {
                out.push((c, w.to_string()));
            }
        }
        if out.len() == 5 {
            break;
        }
    }
    out
}

/// Other inflections of an English word: -ed ↔ -ing, singular ↔ plural (regular forms only).
fn english_forms(w: &str) -> Vec<String> {
    const IRREGULAR: &[&str] = &["man", "woman", "child", "person", "sheep", "fish", "deer", "mouse", "foot", "tooth", "goose"];
    if IRREGULAR.contains(&w) {
        return Vec::new();
    }
    if let Some(stem) = w.strip_suffix("ed").filter(|s| s.len() >= 3) {
        return vec![format!("{stem}ing")];
    }
    if let Some(stem) = w.strip_suffix("ing").filter(|s| s.len() >= 3) {
        return vec![format!("{stem}ed")];
    }
    if w.ends_with("ss") || w.ends_with('x') || w.ends_with("ch") || w.ends_with("sh") {
        return vec![format!("{w}es")];
    }
    if let Some(stem) = w.strip_suffix('s').filter(|s| s.len() >= 3) {
        return vec![stem.to_string()];
    }
    match w.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'i', 'o', 'u']) => vec![format!("{stem}ies")],
        _ => vec![format!("{w}s")],
    }
}

/// Length in characters of the common prefix.
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// Two frequent words sharing a long prefix (two forms of one stem), most frequent pair first.
fn stem_pair(content: &[&str], lang: &str) -> Vec<String> {
    // A Hangul syllable carries more than a letter: 먹었다 / 먹는다 share one syllable of three.
    let (min, ratio) = if lang == "ko" { (1, 3) } else { (3, 2) };
    let top = &content[..content.len().min(200)];
    let mut best: Option<(usize, usize, usize)> = None; // (shared, i, j)
    for i in 0..top.len() {
        for j in i + 1..top.len() {
            let p = common_prefix(top[i], top[j]);
            let shorter = top[i].chars().count().min(top[j].chars().count());
            if p >= min && ratio * p >= shorter && best.is_none_or(|(bp, _, _)| p > bp) {
                best = Some((p, i, j));
            }
        }
    }
    best.map(|(_, i, j)| vec![top[i].to_string(), top[j].to_string()]).unwrap_or_default()
}

/// Examples picked from a pasted text: its most frequent content words (seen at least
/// `min_count` times, so that a model with that min count has vectors for them), sentences of it.
pub fn suggest(raw: &str, min_count: u64) -> Examples {
    let text = clean(raw).text;
    let lang = detect_lang(&text);
    let sentences = tokenize_sentences(&text, WORDS);
    let all = Vocab::from_sentences(&sentences, VocabConfig { min_count: 1, max_size: 10_000_000 }).unwrap_or_default();
    let content: Vec<&str> = all
        .words()
        .iter()
        .enumerate()
        .filter(|&(i, w)| all.count(i as u32) >= min_count.max(1) && is_content(w, lang))
        .map(|(_, w)| w.as_str())
        .collect();
    let word = content.first().map(|w| w.to_string()).unwrap_or_default();
    // The sentences as written, with their tokens: a short one with the top word for the one-hot
    // and n-gram chapters, a longer one for BERT.
    let written: Vec<(&str, Vec<String>)> = super::sentences(&text).into_iter().map(|s| (s.trim(), tokenize(s, WORDS))).collect();
    let pick = |lo: usize, hi: usize| {
        let fits = |t: &Vec<String>| (lo..=hi).contains(&t.len());
        written
            .iter()
            .find(|(_, t)| fits(t) && t.contains(&word))
            .or_else(|| written.iter().find(|(_, t)| fits(t)))
            .or_else(|| written.first())
    };
    let short = pick(3, 8);
    let long = pick(6, 20);
    let unseen = unseen_forms(&content, &all, lang);
    let subword = content.iter().find(|w| w.chars().count() >= if lang == "ko" { 2 } else { 5 }).or(content.first());
    Examples {
        lang: lang.to_string(),
        similarity: if content.len() >= 2 { content[..2].iter().map(|w| w.to_string()).collect() } else { Vec::new() },
        analogy: if content.len() >= 3 { content[..3].iter().map(|w| w.to_string()).collect() } else { Vec::new() },
        unseen: unseen.iter().map(|(u, _)| u.clone()).collect(),
        relatives: Ordered(unseen.iter().map(|(u, w)| (u.clone(), vec![w.clone()])).collect()),
        onehot_sentence: short.map(|(s, _)| s.to_string()).unwrap_or_default(),
        ngram_prompt: short.map(|(_, t)| t.iter().take(2).cloned().collect::<Vec<_>>().join(" ")).unwrap_or_default(),
        pretrained_sentence: long.map(|(s, _)| s.to_string()).unwrap_or_default(),
        subword_word: subword.map(|w| w.to_string()).unwrap_or_default(),
        fasttext_pair: stem_pair(&content, lang),
        word,
        ..Examples::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_text_gets_korean_words_only() {
        let text = "왕은 사과를 먹었다. 여왕은 사과를 먹었다. 왕은 궁전에 갔다. 여왕은 궁전에 갔다. The king.";
        let e = suggest(text, 2);
        assert_eq!(e.lang, "ko");
        assert!(["왕은", "여왕은", "사과를", "먹었다", "궁전에", "갔다"].contains(&e.word.as_str()), "{e:?}");
        for w in e.similarity.iter().chain(&e.analogy).chain(&e.unseen).chain(&e.fasttext_pair) {
            assert!(w.chars().all(is_syllable), "{w} in {e:?}");
        }
        assert!(e.unseen.contains(&"먹었습니다".to_string()), "{:?}", e.unseen);
        assert_eq!(e.relatives.get("먹었습니다"), Some(&vec!["먹었다".to_string()]));
    }

    #[test]
    fn english_text_gets_frequent_content_words_and_its_own_sentences() {
        let text = "The farmer fed the horse. The farmer fed the horse again. The horse liked the farmer.\n\
                    A farmer and a horse walked to the market with apples.";
        let e = suggest(text, 2);
        assert_eq!((e.lang.as_str(), e.word.as_str()), ("en", "farmer"));
        assert_eq!(e.similarity, ["farmer", "horse"]);
        assert_eq!(e.onehot_sentence, "The farmer fed the horse.");
        assert_eq!(e.ngram_prompt, "the farmer");
        assert!(e.unseen.contains(&"farmers".to_string()) && e.relatives.get("farmers").is_some(), "{e:?}");
        assert!(e.analogy.len() == 3 && e.homonyms.is_empty());
    }

    #[test]
    fn empty_and_tiny_texts_give_empty_fields() {
        assert_eq!(suggest("", 2), Examples::default());
        let e = suggest("Hello.", 2);
        assert_eq!((e.word.as_str(), e.analogy.len()), ("", 0));
        assert_eq!(e.onehot_sentence, "Hello.");
    }

    #[test]
    fn stem_pairs_share_a_prefix() {
        assert_eq!(stem_pair(&["cook", "tree", "cooked", "cooking"], "en"), ["cook", "cooked"]);
        assert_eq!(stem_pair(&["먹었다", "사과를", "먹는다"], "ko"), ["먹었다", "먹는다"]);
        assert!(stem_pair(&["apple", "tree"], "en").is_empty());
    }
}
