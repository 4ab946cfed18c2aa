//! Pairs of token sequences: reading the user's `source => target` lines, the two vocabularies,
//! and the split into training and held-out pairs.

use super::net::{BOS, EOS, PAD};
use crate::err;
use crate::error::{printable, Result};
use crate::rng::Rng;
use std::collections::HashMap;

/// The id of an unknown source token (a word typed that no pair uses).
pub const UNK: u32 = 3;
/// Ids 0–3 in both vocabularies.
pub const SPECIALS: [&str; 4] = ["<pad>", "<s>", "</s>", "<unk>"];
/// The token that stands for a space between words when the unit is characters (U+2423).
pub const SPACE: &str = "␣";
/// The most tokens one side of a pair may have (an RNN over longer sequences cannot learn them
/// in a page, and the attention map would be unreadable).
pub const MAX_TOKENS: usize = 60;
/// The fewest pairs worth training on.
pub const MIN_PAIRS: usize = 2;

crate::choices! {
    /// What a token is in the user's pairs.
    pub enum Unit {
        /// Words (split at whitespace).
        Word = "word",
        /// Characters (a space becomes the token `␣`).
        Char = "char",
        /// Characters, spaces ignored (the symbol tasks: `cad` and `c a d` read alike).
        Symbol = "symbol",
    }
}

/// Splits `text` into tokens of `unit`.
pub fn tokens(text: &str, unit: Unit) -> Vec<String> {
    match unit {
        Unit::Word => text.split_whitespace().map(str::to_string).collect(),
        Unit::Char => {
            let words: Vec<&str> = text.split_whitespace().collect();
            let mut out = Vec::new();
            for (i, w) in words.iter().enumerate() {
                if i > 0 {
                    out.push(SPACE.to_string());
                }
                out.extend(w.chars().map(String::from));
            }
            out
        }
        Unit::Symbol => text.chars().filter(|c| !c.is_whitespace()).map(String::from).collect(),
    }
}

/// Tokens back to text: words and symbols with spaces, characters joined (`␣` a space).
pub fn join(tokens: &[String], unit: Unit) -> String {
    match unit {
        Unit::Char => tokens.iter().map(|t| if t == SPACE { " " } else { t.as_str() }).collect(),
        Unit::Word | Unit::Symbol => tokens.join(" "),
    }
}

/// A pair as tokens, with the line it came from (1-based; 0 for generated pairs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub src: Vec<String>,
    pub tgt: Vec<String>,
    pub line: usize,
}

/// Reads `source => target` lines. Blank lines and lines starting with `#` are skipped; every
/// other line must have `=>` with tokens on both sides. Errors name the line.
pub fn parse_pairs(text: &str, unit: Unit) -> Result<Vec<Pair>> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let (line, trimmed) = (i + 1, raw.trim());
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((src, tgt)) = trimmed.split_once("=>") else {
            return Err(err!(Corpus, SEQ2SEQ_NO_ARROW, line = line, text = clip(trimmed)));
        };
        let (src, tgt) = (tokens(src, unit), tokens(tgt, unit));
        for (side, toks) in [("source", &src), ("target", &tgt)] {
            if toks.is_empty() {
                return Err(err!(Corpus, SEQ2SEQ_EMPTY_SIDE, line = line, side = side));
            }
            if toks.len() > MAX_TOKENS {
                return Err(err!(Corpus, SEQ2SEQ_TOO_LONG, line = line, side = side, count = toks.len(), max = MAX_TOKENS));
            }
        }
        out.push(Pair { src, tgt, line });
    }
    check_pairs(&out)?;
    Ok(out)
}

/// Rules for any set of pairs: enough of them, and a target side with something to learn.
pub fn check_pairs(pairs: &[Pair]) -> Result<()> {
    if pairs.len() < MIN_PAIRS {
        return Err(err!(Corpus, SEQ2SEQ_FEW_PAIRS, count = pairs.len(), min = MIN_PAIRS));
    }
    let first = &pairs[0].tgt[0];
    if pairs.iter().all(|p| p.tgt.iter().all(|t| t == first)) {
        return Err(err!(Corpus, SEQ2SEQ_ONE_SYMBOL, token = printable(first), line = pairs[0].line));
    }
    Ok(())
}

/// A line shortened for a message, its control characters escaped ([`printable`]).
fn clip(s: &str) -> String {
    let mut it = s.chars();
    let head: String = it.by_ref().take(40).collect();
    if it.next().is_some() {
        format!("{}…", printable(&head))
    } else {
        printable(&head)
    }
}

/// Tokens ↔ ids; ids 0–3 are [`SPECIALS`], then the tokens in order of first use.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Vocab {
    pub tokens: Vec<String>,
    ids: HashMap<String, u32>,
}

impl Vocab {
    pub fn build<'a>(seqs: impl Iterator<Item = &'a [String]>) -> Vocab {
        let mut v = Vocab::default();
        for s in SPECIALS {
            v.add(s);
        }
        for seq in seqs {
            for t in seq {
                v.add(t);
            }
        }
        v
    }
    fn add(&mut self, t: &str) {
        if !self.ids.contains_key(t) {
            self.ids.insert(t.to_string(), self.tokens.len() as u32);
            self.tokens.push(t.to_string());
        }
    }
    pub fn len(&self) -> usize {
        self.tokens.len()
    }
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
    pub fn id(&self, t: &str) -> Option<u32> {
        self.ids.get(t).copied()
    }
    pub fn token(&self, id: u32) -> &str {
        self.tokens.get(id as usize).map_or("?", String::as_str)
    }
}

/// Pairs as ids, split into training and held-out parts.
#[derive(Debug, Clone)]
pub struct Data {
    pub src_vocab: Vocab,
    pub tgt_vocab: Vocab,
    pub train: Vec<(Vec<u32>, Vec<u32>)>,
    pub heldout: Vec<(Vec<u32>, Vec<u32>)>,
    /// The unit of the pairs' sides (for reading a source typed later).
    pub src_unit: Unit,
    pub tgt_unit: Unit,
}

impl Data {
    /// Dedupes pairs by source (the first target wins), shuffles them with `seed`, and holds out
    /// the last `holdout` fraction (none when that is less than one pair).
    pub fn new(pairs: Vec<Pair>, holdout: f64, seed: u64, src_unit: Unit, tgt_unit: Unit) -> Data {
        let mut seen = std::collections::HashSet::new();
        let mut pairs: Vec<Pair> = pairs.into_iter().filter(|p| seen.insert(p.src.clone())).collect();
        let src_vocab = Vocab::build(pairs.iter().map(|p| p.src.as_slice()));
        let tgt_vocab = Vocab::build(pairs.iter().map(|p| p.tgt.as_slice()));
        let mut rng = Rng::new(seed ^ 0x5EC2_5EC2);
        for i in (1..pairs.len()).rev() {
            pairs.swap(i, rng.below(i + 1));
        }
        let held = ((pairs.len() as f64) * holdout).floor() as usize;
        let ids = |p: &Pair| -> (Vec<u32>, Vec<u32>) {
            let s = p.src.iter().map(|t| src_vocab.id(t).unwrap_or(UNK)).collect();
            let t = p.tgt.iter().map(|t| tgt_vocab.id(t).unwrap_or(UNK)).collect();
            (s, t)
        };
        let all: Vec<_> = pairs.iter().map(ids).collect();
        let cut = all.len() - held;
        Data { train: all[..cut].to_vec(), heldout: all[cut..].to_vec(), src_vocab, tgt_vocab, src_unit, tgt_unit }
    }

    /// A source text as ids; unknown tokens are an error naming the first one.
    pub fn source_ids(&self, text: &str) -> Result<Vec<u32>> {
        let toks = tokens(text, self.src_unit);
        if toks.is_empty() {
            return Err(err!(Input, SEQ2SEQ_EMPTY_SOURCE));
        }
        if toks.len() > MAX_TOKENS {
            return Err(err!(Input, SEQ2SEQ_SOURCE_TOO_LONG, count = toks.len(), max = MAX_TOKENS));
        }
        toks.iter()
            .map(|t| self.src_vocab.id(t).filter(|&i| i > UNK).ok_or_else(|| err!(Input, SEQ2SEQ_UNKNOWN_TOKEN, token = printable(t))))
            .collect()
    }

    /// Target ids as tokens, up to (not including) EOS.
    pub fn target_tokens(&self, ids: &[u32]) -> Vec<String> {
        ids.iter().take_while(|&&i| i != EOS).filter(|&&i| i != PAD && i != BOS).map(|&i| self.tgt_vocab.token(i).to_string()).collect()
    }
}
