//! FastText for JS: fastText's subwords of any word, and (below) the trainer.

use super::args::{count_arg, null_unless_finite, settings_from, text_arg, to_js, MAX_COUNT};
use super::vectors::word_vector_queries;
use super::JsResult;
use crate::embed::fasttext::{Config, FastText};
use crate::embed::subwords::{self, SubwordConfig};
use crate::embed::vectors::WordVectors;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[derive(Serialize)]
struct SubwordJs {
    ngram: String,
    /// fastText's 32-bit hash, as a plain (non-negative) number.
    hash: u32,
    bucket: u32,
}

/// `subwords(word, {minn, maxn, bucket, jamo})` → `[{ngram, hash, bucket}]`: the character n-grams
/// of `"<" + word + ">"` in fastText's order, without the word's own entry. Settings default to
/// fastText's (minn 3, maxn 6, bucket 2,000,000, jamo off). The word is used as given (no NFC):
/// the page shows what fastText would do with exactly these code points.
#[wasm_bindgen]
pub fn subwords(word: JsValue, config: JsValue) -> JsResult<JsValue> {
    let word = text_arg(&word, "word")?;
    let word = word.as_str();
    let cfg: SubwordConfig = settings_from(config)?;
    let subs = subwords::subwords(word, &cfg)?;
    to_js(&subs.into_iter().map(|s| SubwordJs { ngram: s.ngram, hash: s.hash, bucket: s.bucket }).collect::<Vec<_>>())
}

/// A FastText model with its corpus: `new FastText(text, config)`.
///
/// Config keys (all optional; `settingsSpec("fasttext")` lists them) are Word2Vec's — `mode` ("skipgram" | "cbow"), `dim`, `window`,
/// `negative`, `sample`, `minCount`, `epochs`, `alpha`, `lrUpdateRate`, `seed`, `maxVocab`,
/// `tokenizer` ("word" | "whitespace") — plus `minn`, `maxn`, `bucket`, `jamo`; fastText's names
/// `ws`, `neg`, `t`, `epoch`, `lr` are accepted too. Defaults: fastText's, with 100,000 buckets.
/// The queries (`vocab`, `vector`, `nearest`, `similarity`, `analogy`, `toVec`, …) are every
/// word-vector model's (`wasm/vectors.rs`), Word2Vec's names; here any word has a vector, built
/// from its n-grams, unless it has none (`vector` → `undefined`).
#[wasm_bindgen(js_name = FastText)]
pub struct FastTextJs {
    model: FastText,
}

word_vector_queries!(FastTextJs, "FastText");

impl FastTextJs {
    fn words(&self) -> &dyn WordVectors {
        &self.model
    }
}

#[wasm_bindgen(js_class = FastText)]
impl FastTextJs {
    #[wasm_bindgen(constructor)]
    pub fn new(text: JsValue, config: JsValue) -> JsResult<FastTextJs> {
        let text = text_arg(&text, "text")?;
        let text = text.as_str();
        let cfg: Config = settings_from(config)?;
        Ok(FastTextJs { model: FastText::new(text, cfg)? })
    }

    /// Trains on up to `maxWords` more corpus tokens: `{wordsDone, totalWords, loss, alpha, epoch, done}`;
    /// `loss` is `null` when the slice made no update (every word subsampled away).
    pub fn train(&mut self, max_words: f64) -> JsResult<JsValue> {
        let n = if max_words.is_finite() && max_words > 0.0 { max_words as u64 } else { 1 };
        let p = self.model.train(n)?;
        Ok(null_unless_finite(to_js(&p)?, "loss", p.loss))
    }

    /// The settings in effect (defaults filled in), as Word2Vec's `config()`.
    pub fn config(&self) -> JsResult<JsValue> {
        to_js(self.model.config())
    }

    /// `{wordsDone, totalWords, loss: null, alpha, epoch, done}` without training.
    pub fn progress(&self) -> JsResult<JsValue> {
        let p = self.model.progress();
        Ok(null_unless_finite(to_js(&p)?, "loss", p.loss))
    }

    /// `[{ngram, hash, bucket, words}]`: the word's n-grams with how many vocabulary words train
    /// each bucket (0 = never trained).
    #[wasm_bindgen(js_name = knownNgrams)]
    pub fn known_ngrams(&self, word: JsValue) -> JsResult<JsValue> {
        let word = text_arg(&word, "word")?;
        let word = word.as_str();
        to_js(&self.model.known_ngrams(word)?)
    }

    /// Distinct vocabulary n-grams hashed into `bucket` (to show collisions), at most `limit`.
    #[wasm_bindgen(js_name = bucketNgrams)]
    pub fn bucket_ngrams(&self, bucket: f64, limit: f64) -> JsResult<Vec<String>> {
        let bucket = count_arg("bucket", bucket, 0, MAX_COUNT)? as u32;
        let limit = count_arg("limit", limit, 0, MAX_COUNT)?;
        Ok(self.model.bucket_ngrams(bucket, limit))
    }

    /// Bytes held by the weight matrices.
    #[wasm_bindgen(js_name = paramBytes)]
    pub fn param_bytes(&self) -> f64 {
        self.model.param_bytes() as f64
    }
}
