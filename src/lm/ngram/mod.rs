//! n-gram language models (Markov chains of order `n − 1`) over words or characters.
//!
//! A model of order `n` predicts each token from the `n − 1` tokens before it:
//! `P(w_1 … w_T) = Π_i P(w_i | w_{i−n+1} … w_{i−1})`. Every sentence is padded with `n − 1` start
//! markers `<s>` and closed by an end marker `</s>`, which is predicted like a word, so the model
//! also learns where sentences start and stop (Jurafsky & Martin, *SLP3* ch. 3).
//!
//! Ids: `0 = <s>` (only ever in a context), `1 = </s>`, `2 = <unk>`, then the vocabulary words by
//! descending count. The model predicts over `V = #words + 2` types (`</s>`, `<unk>` and the words);
//! tokens outside the vocabulary (unseen, or seen fewer than `minCount` times in the training part)
//! are read as `<unk>`.
//!
//! Smoothing (see [`prob`]): add-k, and interpolated Kneser–Ney with one discount per order
//! `D = n1 / (n1 + 2·n2)` (standard KN, *not* the modified three-discount version; Chen & Goodman
//! 1998, eq. 26 and §3.5), lower orders from continuation counts.
//!
//! Storage (see [`counts`]): for each order one sorted array of packed token-id keys, with the
//! counts beside it and the contexts as runs of that array (a flat, sorted trie).

mod counts;
mod diagram;
mod prob;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_model;

pub use diagram::{ContextCount, StateDiagram};
pub use prob::{OrderReport, Perplexity};

use crate::error::{Problem, Result};
use crate::problem;
use crate::settings::{list, Settings};
use crate::text::{self, TokenRules, Tokenizer, Vocab};
use counts::{FxMap, Level, Packer};

pub const BOS: u32 = 0;
pub const EOS: u32 = 1;
pub const UNK: u32 = 2;
const SPECIALS: [&str; 3] = ["<s>", "</s>", "<unk>"];
/// The token that stands for a space between words in character mode (U+2423 OPEN BOX).
pub const SPACE: &str = "␣";

crate::choices! {
    /// How unseen n-grams get probability mass.
    pub enum Smoothing {
        /// `P(w|h) = (c(h w) + k) / (c(h) + k·V)`.
        AddK = "addk",
        /// Interpolated Kneser–Ney (standard, one discount per order).
        Kn = "kn",
    }
}

crate::choices! {
    /// What a token is.
    pub enum Unit {
        /// Words (tokenizer `word` or `whitespace`).
        Word = "word",
        /// Characters (tokenizer `char` or `jamo`), with a `␣` token between words.
        Char = "char",
    }
}

crate::settings! {
    /// Settings of a model; field names as in the JS API.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct NGramConfig {
        /// `n`: 1 (unigram) to 4.
        #[limits(1, 4)]
        pub order: usize = 2,
        /// Words or characters.
        pub unit: Unit = Unit::Word,
        pub smoothing: Smoothing = Smoothing::Kn,
        /// Pseudo-count of add-k smoothing (1 = Laplace).
        #[limits(1e-6, 100)]
        pub k: f64 = 1.0,
        /// Kneser–Ney discount for every order (D ≤ 1 keeps every distribution summing to 1);
        /// null estimates `D = n1/(n1 + 2·n2)` per order.
        #[limits(0.01, 1)]
        pub discount: Option<f64> = None,
        /// null: `word` for words, `char` for characters; else `word` / `whitespace` for words,
        /// `char` / `jamo` for characters.
        pub tokenizer: Option<Tokenizer> = None,
        /// Lower-case the text first.
        pub lowercase: bool = true,
        /// Punctuation marks as tokens (word tokenizer).
        pub punctuation: bool = true,
        /// Character mode: a `␣` token between words, so generated text keeps its word breaks.
        pub spaces: bool = true,
        /// Training tokens seen fewer times than this become `<unk>`.
        #[limits(1, 1_000_000)]
        pub min_count: u64 = 1,
        /// At most this many word types; the rest become `<unk>` (at most 65,533 for order 4).
        #[limits(1, 1_000_000)]
        pub max_vocab: usize = 50_000,
        /// The last `holdout` fraction of the sentences is kept out of training for perplexity.
        #[limits(0, 0.5)]
        pub holdout: f64 = 0.1,
    }
}

/// Keys pack `order` ids of ⌈log2(maxVocab + 3)⌉ bits into 64 bits (see `counts`): 16 bits each
/// at order 4.
pub const MAX_VOCAB_ORDER4: usize = (1 << 16) - 3;

impl Settings for NGramConfig {
    fn check(&self, problems: &mut Vec<Problem>) {
        if self.order == 4 && self.max_vocab > MAX_VOCAB_ORDER4 {
            problems.push(problem!(NGRAM_MAX_VOCAB_ORDER4, max = MAX_VOCAB_ORDER4, got = self.max_vocab));
        }
        let allowed = self.allowed_tokenizers();
        if let Some(t) = self.tokenizer.filter(|t| !allowed.contains(&t.name())) {
            problems.push(problem!(NGRAM_TOKENIZER, unit = self.unit.name(), choices = list(allowed), got = format!("{:?}", t.name())));
        }
    }
}

impl NGramConfig {
    fn allowed_tokenizers(&self) -> &'static [&'static str] {
        match self.unit {
            Unit::Word => &["word", "whitespace"],
            Unit::Char => &["char", "jamo"],
        }
    }

    /// How the text becomes tokens under these settings.
    pub fn units(&self) -> Units {
        let tokenizer = self.tokenizer.unwrap_or(match self.unit {
            Unit::Word => Tokenizer::Word,
            Unit::Char => Tokenizer::Char,
        });
        Units { tokenizer: tokenizer.rules(self.lowercase, self.punctuation), mark_spaces: self.spaces, lowercase: self.lowercase }
    }
}

/// How text becomes sentences of tokens: a crate tokenizer, and in character mode (`Char` or
/// `Jamo`) a [`SPACE`] token between words, so that generated text keeps its word breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Units {
    pub tokenizer: TokenRules,
    pub mark_spaces: bool,
    /// Character mode only: lowercase the text first (word tokenizers carry their own setting).
    pub lowercase: bool,
}

impl Units {
    pub fn words() -> Self {
        Units { tokenizer: Tokenizer::Word.into(), mark_spaces: false, lowercase: true }
    }
    pub fn chars() -> Self {
        Units { tokenizer: Tokenizer::Char.into(), mark_spaces: true, lowercase: true }
    }
    pub fn is_char_mode(&self) -> bool {
        matches!(self.tokenizer.tokenizer, Tokenizer::Char | Tokenizer::Jamo)
    }
    /// Cleans `raw` and cuts it into sentences of tokens.
    pub fn sentences(&self, raw: &str) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        self.each_sentence(raw, |s| out.push(s));
        out
    }
    /// [`Units::sentences`] one sentence at a time (never empty), for callers that keep ids, not
    /// strings: all of a 2 MB text's sentences as strings, a `String` per character in character
    /// mode, were ~100 MB for the moment they lived, and the wasm memory keeps its high-water mark
    /// (issue 15, paste stress).
    pub fn each_sentence(&self, raw: &str, mut f: impl FnMut(Vec<String>)) {
        let mut cleaned = text::clean(raw).text;
        if self.is_char_mode() && self.lowercase {
            cleaned = cleaned.to_lowercase();
        }
        if !(self.is_char_mode() && self.mark_spaces) {
            return text::each_tokenized_sentence(&cleaned, self.tokenizer, f);
        }
        for s in text::sentences(&cleaned) {
            let mut toks: Vec<String> = Vec::new();
            for word in s.split_whitespace() {
                let pieces = text::tokenize(word, self.tokenizer);
                if pieces.is_empty() {
                    continue;
                }
                if !toks.is_empty() {
                    toks.push(SPACE.to_string());
                }
                toks.extend(pieces);
            }
            if !toks.is_empty() {
                f(toks);
            }
        }
    }
    /// How tokens are joined for display: nothing between characters, a space between words.
    pub fn join(&self, tokens: &[String]) -> String {
        if self.is_char_mode() {
            tokens.iter().map(|t| if t == SPACE { " " } else { t.as_str() }).collect()
        } else {
            tokens.join(" ")
        }
    }
}

/// A trained n-gram model.
#[derive(Debug, Clone)]
pub struct NGramModel {
    config: NGramConfig,
    units: Units,
    /// Word types of the training part (without the specials; model id = vocab id + 3).
    vocab: Vocab,
    /// `levels[m − 1]` holds the m-grams, m = 1..=order.
    levels: Vec<Level>,
    packer: Packer,
    /// Training and held-out sentences as ids (`<unk>` for unknown tokens).
    train: Vec<Vec<u32>>,
    heldout: Vec<Vec<u32>>,
    train_sentences: usize,
    train_tokens: u64,
    longest_sentence: usize,
}

impl NGramModel {
    /// Cleans and tokenises `text`, keeps the last `holdout` of the sentences apart, and counts.
    /// The sentences are read one at a time into ids ([`Units::each_sentence`]): the text is never
    /// held as strings, a `String` per token (issue 15, paste stress).
    pub fn from_text(text: &str, config: NGramConfig) -> Result<Self> {
        config.validate()?;
        let mut ids = Provisional::default();
        config.units().each_sentence(text, |s| ids.push(&s));
        Self::build(ids, config)
    }

    /// Trains on sentences tokenised as `config.units()` says (the held-out split is taken from
    /// their end).
    pub fn from_sentences(sentences: &[Vec<String>], config: NGramConfig) -> Result<Self> {
        config.validate()?;
        let mut ids = Provisional::default();
        for s in sentences {
            ids.push(s);
        }
        Self::build(ids, config)
    }

    /// The model from sentences as provisional ids, for settings already validated: the
    /// vocabulary of the training part (count descending, ties by first appearance — the same
    /// order as [`Vocab::build`]; `minCount` and `maxVocab` applied, the rest `<unk>`), the ids
    /// rewritten in place (no second copy of the text), then the counts.
    fn build(ids: Provisional, config: NGramConfig) -> Result<Self> {
        let units = config.units();
        let Provisional { mut words, sentences: mut train, .. } = ids;
        if train.is_empty() {
            return Err(crate::err!(Corpus, NGRAM_NO_TOKENS));
        }
        // At least one sentence trains; with a single sentence nothing is held out.
        let held = ((train.len() as f64 * config.holdout).round() as usize).min(train.len() - 1);
        let mut test = train.split_off(train.len() - held);
        // Counted in the training part only. The training part comes first, so among the words
        // it holds, first appearance in the text is first appearance in it.
        let mut freq = vec![0u64; words.len()];
        for &p in train.iter().flatten() {
            if p != Provisional::SPECIAL {
                freq[p as usize] += 1;
            }
        }
        let mut order: Vec<u32> =
            (0..words.len() as u32).filter(|&i| freq[i as usize] > 0 && freq[i as usize] >= config.min_count).collect();
        order.sort_by(|&a, &b| freq[b as usize].cmp(&freq[a as usize]).then(a.cmp(&b)));
        order.truncate(config.max_vocab);
        // A literal marker inside the text, a word only held out, a word below `minCount` or
        // beyond `maxVocab`: `<unk>`.
        let mut remap = vec![UNK; words.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old as usize] = new as u32 + 3;
        }
        for p in train.iter_mut().chain(test.iter_mut()).flatten() {
            *p = if *p == Provisional::SPECIAL { UNK } else { remap[*p as usize] };
        }
        let vocab = Vocab::from_counts(order.iter().map(|&i| (std::mem::take(&mut words[i as usize]), freq[i as usize])));
        let packer = Packer::for_ids(vocab.len() + 3);
        let levels = counts::build_levels(&train, config.order, packer);
        Ok(NGramModel {
            config,
            units,
            vocab,
            levels,
            packer,
            train_sentences: train.len(),
            train_tokens: train.iter().map(|s| s.len() as u64).sum(),
            longest_sentence: train.iter().map(Vec::len).max().unwrap_or(0),
            train,
            heldout: test,
        })
    }

    /// The model of another order on the same sentences, split and vocabulary: the same as
    /// [`NGramModel::from_sentences`] with `order` (the vocabulary does not depend on it), from the
    /// ids this model keeps, so a caller need not keep the sentences as strings (the RNN chapter's
    /// baselines on a pasted text, issue 15).
    pub fn with_order(&self, order: usize) -> Result<Self> {
        Ok(NGramModel { train: self.train.clone(), heldout: self.heldout.clone(), ..self.counts_of_order(order)? })
    }

    /// The held-out perplexity of [`NGramModel::with_order`]'s model (`None` when nothing is held
    /// out), without that model's copies of the sentences: a copy of the training part is a small
    /// allocation per sentence, 4 bytes a token (5 MB for a 1.5 MB text read by characters), made
    /// in the space the previous blocks freed just before the next large block is asked for (the
    /// RNN chapter's baselines; issue 15, paste stress).
    pub fn heldout_perplexity_of_order(&self, order: usize) -> Result<Option<prob::Perplexity>> {
        Ok(self.counts_of_order(order)?.perplexity_ids(&self.heldout))
    }

    /// The counts of `order` on this model's ids, with no sentences.
    fn counts_of_order(&self, order: usize) -> Result<Self> {
        let config = NGramConfig { order, ..self.config };
        config.validate()?;
        let levels = counts::build_levels(&self.train, order, self.packer);
        Ok(NGramModel {
            config,
            units: self.units,
            vocab: self.vocab.clone(),
            levels,
            packer: self.packer,
            train: Vec::new(),
            heldout: Vec::new(),
            train_sentences: self.train_sentences,
            train_tokens: self.train_tokens,
            longest_sentence: self.longest_sentence,
        })
    }

    pub fn config(&self) -> &NGramConfig {
        &self.config
    }
    pub fn units(&self) -> Units {
        self.units
    }
    pub fn order(&self) -> usize {
        self.config.order
    }
    /// All ids: the three specials and the words.
    pub fn num_ids(&self) -> usize {
        self.vocab.len() + 3
    }
    /// `V`: the types a distribution is over (`</s>`, `<unk>`, words; never `<s>`).
    pub fn num_predicted(&self) -> usize {
        self.vocab.len() + 2
    }
    pub fn train_sentences(&self) -> usize {
        self.train_sentences
    }
    pub fn train_tokens(&self) -> u64 {
        self.train_tokens
    }
    pub fn heldout_sentences(&self) -> &[Vec<u32>] {
        &self.heldout
    }
    pub fn train_ids(&self) -> &[Vec<u32>] {
        &self.train
    }
    /// Tokens in the longest training sentence (a hint when `order − 1` exceeds it).
    pub fn longest_sentence(&self) -> usize {
        self.longest_sentence
    }
    /// Distinct m-grams stored at order `m` (1-based).
    pub fn ngram_types(&self, m: usize) -> usize {
        self.levels.get(m.wrapping_sub(1)).map_or(0, |l| l.keys.len())
    }
    /// The Kneser–Ney discount of order `m` (as estimated or set).
    pub fn discount(&self, m: usize) -> Option<f64> {
        self.levels.get(m.wrapping_sub(1)).map(|l| self.config.discount.unwrap_or(l.discount))
    }

    /// The id a text token is read as: a vocabulary word, else `<unk>`. In a context, `"<s>"`
    /// is the start marker; `"</s>"` names the end marker.
    pub fn id(&self, token: &str) -> u32 {
        match token {
            "<s>" => BOS,
            "</s>" => EOS,
            _ => self.vocab.id(token).map_or(UNK, |i| i + 3),
        }
    }

    /// The string of an id (`None` for an id out of range).
    pub fn token(&self, id: u32) -> Option<&str> {
        match id {
            BOS | EOS | UNK => Some(SPECIALS[id as usize]),
            _ => self.vocab.words().get(id as usize - 3).map(String::as_str),
        }
    }

    fn encode(&self, sentence: &[String]) -> Vec<u32> {
        // Literal marker strings inside a text are not markers: they are unknown tokens.
        sentence.iter().map(|t| if SPECIALS.contains(&t.as_str()) { UNK } else { self.id(t) }).collect()
    }

    /// Ids of a context given as strings. It must hold at least `order − 1` tokens; only the last
    /// `order − 1` are used (a longer history is allowed and cut).
    pub fn context_ids<S: AsRef<str>>(&self, context: &[S]) -> Result<Vec<u32>> {
        let n1 = self.order() - 1;
        if context.len() < n1 {
            return Err(if n1 == 1 {
                crate::err!(Input, NGRAM_CONTEXT_ONE, got = context.len())
            } else {
                crate::err!(Input, NGRAM_CONTEXT_SHORT, order = self.order(), n = n1, got = context.len())
            });
        }
        let ctx: Vec<u32> = context[context.len() - n1..].iter().map(|t| self.id(t.as_ref())).collect();
        // `<s>` only pads the front: after a real token it cannot come back.
        if let Some(p) = ctx.iter().rposition(|&t| t == BOS) {
            if ctx[..p].iter().any(|&t| t != BOS) {
                return Err(crate::err!(Input, NGRAM_BOS_INSIDE));
            }
        }
        if ctx.contains(&EOS) {
            return Err(crate::err!(Input, NGRAM_EOS_IN_CONTEXT));
        }
        Ok(ctx)
    }

    /// The id of a token to predict (`"</s>"` allowed, `"<s>"` not).
    pub fn target_id(&self, token: &str) -> Result<u32> {
        if token == "<s>" {
            return Err(crate::err!(Input, NGRAM_BOS_PREDICTED));
        }
        Ok(self.id(token))
    }

    /// Raw count of an m-gram of ids (1 ≤ m ≤ order) at predicted positions of the training part.
    pub fn count(&self, ngram: &[u32]) -> u64 {
        match self.levels.get(ngram.len().wrapping_sub(1)) {
            Some(level) => level.find(self.packer.pack(ngram)).map_or(0, |i| u64::from(level.raw[i])),
            None => 0,
        }
    }
}

/// Sentences as provisional ids: each word type numbered by its first appearance, a literal
/// marker string (`<s>`, `</s>`, `<unk>` inside the text: not a marker) as [`Provisional::SPECIAL`].
/// Four bytes a token, where the sentences as strings took a `String` each.
#[derive(Default)]
struct Provisional {
    index: FxMap<String, u32>,
    words: Vec<String>,
    sentences: Vec<Vec<u32>>,
}

impl Provisional {
    const SPECIAL: u32 = u32::MAX;

    fn push(&mut self, sentence: &[String]) {
        let ids = sentence
            .iter()
            .map(|t| {
                if t.starts_with('<') && SPECIALS.contains(&t.as_str()) {
                    return Self::SPECIAL;
                }
                if let Some(&id) = self.index.get(t.as_str()) {
                    return id;
                }
                let id = self.words.len() as u32;
                self.index.insert(t.clone(), id);
                self.words.push(t.clone());
                id
            })
            .collect();
        self.sentences.push(ids);
    }
}
