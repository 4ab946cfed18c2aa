//! FastText for JS: fastText's subwords of any word, and (below) the trainer.

use super::args::{check_finite, count_arg, null_unless_finite, settings_from, text_arg, to_js, MAX_COUNT};
use super::JsResult;
use crate::embed::fasttext::{Config, FastText};
use crate::embed::subwords::{self, SubwordConfig};
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
#[wasm_bindgen(js_name = FastText)]
pub struct FastTextJs {
    model: FastText,
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

    /// Vocabulary words by descending count.
    pub fn vocab(&self) -> Vec<String> {
        self.model.vocab().words().to_vec()
    }

    /// Counts aligned with `vocab()`.
    pub fn counts(&self) -> Vec<f64> {
        self.model.vocab().counts().iter().map(|&c| c as f64).collect()
    }

    pub fn dim(&self) -> usize {
        self.model.dim()
    }

    /// The vector of any word (Float32Array): known or not; all zeros only when it has no n-gram.
    pub fn vector(&self, word: JsValue) -> JsResult<Vec<f32>> {
        let word = text_arg(&word, "word")?;
        let word = word.as_str();
        Ok(self.model.vector(word))
    }

    /// Whether the word (normalised as the corpus was) is in the vocabulary.
    #[wasm_bindgen(js_name = hasWord)]
    pub fn has_word(&self, word: JsValue) -> JsResult<bool> {
        let word = text_arg(&word, "word")?;
        let word = word.as_str();
        Ok(self.model.contains(word))
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

    /// `[{word, similarity}]`, the word itself left out.
    pub fn nearest(&mut self, word: JsValue, k: f64) -> JsResult<JsValue> {
        let k = count_arg("k", k, 0, MAX_COUNT)?;
        let word = text_arg(&word, "word")?;
        let word = word.as_str();
        to_js(&self.model.nearest(word, k)?)
    }

    /// Nearest vocabulary words to a vector (e.g. one from another model), `exclude` left out.
    #[wasm_bindgen(js_name = nearestToVector)]
    pub fn nearest_to_vector(&mut self, v: &[f32], k: f64, exclude: Vec<String>) -> JsResult<JsValue> {
        let k = count_arg("k", k, 0, MAX_COUNT)?;
        if v.len() != self.model.dim() {
            return Err(crate::err!(Input, ARG_VECTOR_SIZE, got = v.len(), dim = self.model.dim()));
        }
        check_finite(v)?;
        let ex: Vec<&str> = exclude.iter().map(String::as_str).collect();
        to_js(&self.model.nearest_to(v, k, &ex))
    }

    /// a : b :: c : ? → `[{word, similarity}]`.
    pub fn analogy(&mut self, a: JsValue, b: JsValue, c: JsValue, k: f64) -> JsResult<JsValue> {
        let k = count_arg("k", k, 0, MAX_COUNT)?;
        let a = text_arg(&a, "a (the first word)")?;
        let a = a.as_str();
        let b = text_arg(&b, "b (the second word)")?;
        let b = b.as_str();
        let c = text_arg(&c, "c (the third word)")?;
        let c = c.as_str();
        to_js(&self.model.analogy(a, b, c, k)?)
    }

    /// Every vocabulary word's vector, row-major `(nwords, dim)` (Float32Array copied out).
    pub fn vectors(&self) -> Vec<f32> {
        self.model.word_vectors()
    }

    /// The word vectors in word2vec / fastText `.vec` text format.
    #[wasm_bindgen(js_name = toVec)]
    pub fn to_vec(&mut self) -> String {
        self.model.to_vec()
    }

    /// TensorFlow Embedding Projector files: `{vectors, metadata}` (TSV texts).
    #[wasm_bindgen(js_name = toTsv)]
    pub fn to_tsv(&mut self) -> JsResult<JsValue> {
        #[derive(Serialize)]
        struct Tsv {
            vectors: String,
            metadata: String,
        }
        let (vectors, metadata) = self.model.view().to_tsv();
        to_js(&Tsv { vectors, metadata })
    }

    /// Bytes held by the weight matrices.
    #[wasm_bindgen(js_name = paramBytes)]
    pub fn param_bytes(&self) -> f64 {
        self.model.param_bytes() as f64
    }
}
