//! Corpus and tokens for JS: cleaning, tokenising, the vocabulary, the one-hot view.

use super::args::{count_arg, settings_from, text_arg, to_js, MAX_COUNT};
use super::JsResult;
use crate::embed::onehot::OneHot;
use crate::settings::Settings;
use crate::text::examples::SuggestConfig;
use crate::text::{self, tokenize::tokenize_spans, CorpusConfig, TokenRules, Tokenizer, Vocab};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Stats {
    tokens: u64,
    types: usize,
    kept_types: usize,
    kept_tokens: u64,
    sentences: usize,
    chars: usize,
    dropped_controls: usize,
    dropped_invalid: usize,
}

/// A cleaned, tokenised text with its vocabulary.
#[wasm_bindgen]
pub struct Corpus {
    text: String,
    rules: TokenRules,
    sentences: Vec<Vec<String>>,
    vocab: Vocab,
    cleaned: text::Cleaned,
}

#[wasm_bindgen]
impl Corpus {
    /// `new Corpus(text, {tokenizer, lowercase, punctuation, minCount, maxVocab})`.
    #[wasm_bindgen(constructor)]
    pub fn new(raw: JsValue, config: JsValue) -> JsResult<Corpus> {
        let raw = text_arg(&raw, "text")?;
        let cfg: CorpusConfig = settings_from(config)?;
        cfg.validate()?;
        let rules = cfg.rules();
        let mut cleaned = text::clean(&raw);
        let sentences = text::tokenize_sentences(&cleaned.text, rules);
        let vocab = Vocab::from_sentences(&sentences, cfg.vocab())?;
        let text = std::mem::take(&mut cleaned.text);
        Ok(Corpus { text, rules, sentences, vocab, cleaned })
    }

    /// `{tokens, types, keptTypes, keptTokens, sentences, chars, droppedControls, droppedInvalid}`.
    pub fn stats(&self) -> JsResult<JsValue> {
        to_js(&Stats {
            tokens: self.vocab.total_tokens(),
            types: self.vocab.total_types(),
            kept_types: self.vocab.len(),
            kept_tokens: self.vocab.kept_tokens(),
            sentences: self.sentences.len(),
            chars: self.text.chars().count(),
            dropped_controls: self.cleaned.dropped_controls,
            dropped_invalid: self.cleaned.dropped_invalid,
        })
    }

    /// The cleaned (NFC) text.
    pub fn text(&self) -> String {
        self.text.clone()
    }

    /// Vocabulary words by descending count (at most `limit`).
    pub fn words(&self, limit: f64) -> JsResult<Vec<String>> {
        let limit = count_arg("limit", limit, 0, MAX_COUNT)?;
        Ok(self.vocab.words().iter().take(limit).cloned().collect())
    }

    /// Counts aligned with `words()`.
    pub fn counts(&self, limit: f64) -> JsResult<Vec<f64>> {
        let limit = count_arg("limit", limit, 0, MAX_COUNT)?;
        Ok(self.vocab.counts().iter().take(limit).map(|&c| c as f64).collect())
    }

    /// The vocabulary id of a token, or `undefined`.
    pub fn id(&self, token: JsValue) -> JsResult<Option<u32>> {
        let token = text_arg(&token, "token")?;
        let token = token.as_str();
        Ok(self.vocab.id(token))
    }

    /// The first `max_bytes` of the text cut into segments for drawing marked tokens:
    /// `[[text, id], …]` where `id` is the vocabulary id, -1 for the gaps between tokens and
    /// -2 for a token outside the vocabulary.
    pub fn segments(&self, max_bytes: f64) -> JsResult<JsValue> {
        let max_bytes = count_arg("maxBytes", max_bytes, 0, MAX_COUNT)?;
        let mut end = max_bytes.min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let head = &self.text[..end];
        let mut out: Vec<(&str, i64)> = Vec::new();
        let mut at = 0;
        for t in tokenize_spans(head, self.rules) {
            if t.start < at {
                continue; // jamo: three tokens share one syllable's span; mark it once
            }
            if t.start > at {
                out.push((&head[at..t.start], -1));
            }
            let id = self.vocab.id(&t.text).map_or(-2, i64::from);
            out.push((&head[t.start..t.end], id));
            at = t.end;
        }
        if at < head.len() {
            out.push((&head[at..], -1));
        }
        to_js(&out)
    }

    /// Heaps' law samples `[[tokens, types], …]` (at most `points` of them).
    pub fn growth(&self, points: f64) -> JsResult<JsValue> {
        let points = count_arg("points", points, 0, MAX_COUNT)?;
        let total = self.vocab.total_tokens();
        to_js(&text::vocab::type_growth(self.sentences.iter().flatten().map(String::as_str), total, points))
    }

    /// Sentences as arrays of tokens (at most `limit`).
    pub fn sentences(&self, limit: f64) -> JsResult<JsValue> {
        let limit = count_arg("limit", limit, 0, MAX_COUNT)?;
        to_js(&self.sentences.iter().take(limit).collect::<Vec<_>>())
    }

    /// One-hot ids of a sentence's tokens under this corpus's tokenizer and vocabulary:
    /// `{tokens: string[], ids: (number|null)[], dim}`.
    #[wasm_bindgen(js_name = oneHot)]
    pub fn one_hot(&self, sentence: JsValue) -> JsResult<JsValue> {
        let sentence = text_arg(&sentence, "sentence")?;
        let sentence = sentence.as_str();
        #[derive(Serialize)]
        struct Encoded {
            tokens: Vec<String>,
            ids: Vec<Option<u32>>,
            dim: usize,
        }
        let cleaned = text::clean(sentence).text;
        let tokens = text::tokenize(&cleaned, self.rules);
        let oh = OneHot::new(&self.vocab);
        to_js(&Encoded { ids: oh.encode(&tokens), dim: oh.dim(), tokens })
    }
}

/// Tokens of `text` (cleaned first) with a tokenizer name: "word" | "whitespace" | "char" | "jamo".
#[wasm_bindgen]
pub fn tokenize(text: JsValue, tokenizer: JsValue, lowercase: bool) -> JsResult<Vec<String>> {
    let text = text_arg(&text, "text")?;
    let text = text.as_str();
    let tokenizer: Tokenizer = settings_from::<CorpusConfig>(one("tokenizer", tokenizer))?.tokenizer;
    Ok(text::tokenize(&text::clean(text).text, tokenizer.rules(lowercase, true)))
}

/// The sentences of `text`.
#[wasm_bindgen(js_name = splitSentences)]
pub fn split_sentences(text: JsValue) -> JsResult<Vec<String>> {
    let text = text_arg(&text, "text")?;
    let text = text.as_str();
    Ok(text::sentences(&text::clean(text).text).into_iter().map(String::from).collect())
}

/// NFC-normalised, cleaned text.
#[wasm_bindgen]
pub fn normalize(text: JsValue) -> JsResult<String> {
    let text = text_arg(&text, "text")?;
    let text = text.as_str();
    Ok(text::clean(text).text)
}

/// Hangul syllables written as jamo (`∅` marks an empty final when `mark_empty_final`).
#[wasm_bindgen(js_name = toJamo)]
pub fn to_jamo(text: JsValue, mark_empty_final: bool) -> JsResult<String> {
    let text = text_arg(&text, "text")?;
    let text = text.as_str();
    Ok(text::hangul::to_jamo(text, mark_empty_final.then_some(text::hangul::EMPTY_FINAL)))
}

/// The built-in corpora: `[{id, lang, title}]`.
#[wasm_bindgen]
pub fn samples() -> JsResult<JsValue> {
    #[derive(Serialize)]
    struct Info {
        id: &'static str,
        lang: &'static str,
        title: &'static str,
    }
    to_js(&text::corpora::SAMPLES.iter().map(|s| Info { id: s.id, lang: s.lang, title: s.title }).collect::<Vec<_>>())
}

/// The text of a built-in corpus, or `undefined`.
#[wasm_bindgen(js_name = sampleText)]
pub fn sample_text(id: JsValue) -> JsResult<Option<String>> {
    let id = text_arg(&id, "id")?;
    let id = id.as_str();
    Ok(text::corpora::sample(id).map(|s| s.text.to_string()))
}

/// `{[key]: value}`: one argument read as a setting, so it is checked like one.
fn one(key: &str, value: JsValue) -> JsValue {
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &JsValue::from_str(key), &value);
    o.into()
}

/// The examples the chapters propose for built-in sample `id` (`{word, similarity, analogy, groups,
/// unseen, relatives, homonyms, senses, onehotSentence, ngramPrompt, pretrainedSentence,
/// subwordWord, fasttextPair, lang}`), or `undefined` for an unknown id.
#[wasm_bindgen(js_name = sampleExamples)]
pub fn sample_examples(id: JsValue) -> JsResult<JsValue> {
    let id = text_arg(&id, "id")?;
    match text::examples::for_sample(id.as_str()) {
        Some(e) => to_js(&e),
        None => Ok(JsValue::UNDEFINED),
    }
}

/// Examples picked from a pasted text (same shape as `sampleExamples`; no groups or homonyms):
/// its most frequent content words, never a word of another script than the text's.
#[wasm_bindgen(js_name = suggestExamples)]
pub fn suggest_examples(text: JsValue, config: JsValue) -> JsResult<JsValue> {
    let text = text_arg(&text, "text")?;
    let cfg: SuggestConfig = settings_from(config)?;
    cfg.validate()?;
    to_js(&text::examples::suggest(text.as_str(), cfg.min_count))
}
