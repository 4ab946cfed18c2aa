//! The one JS query surface of word vectors: `Word2Vec` (trained or read from `.vec`) and
//! `FastText` get the same methods, written once here over [`WordVectors`]. A binding type opts in
//! with `word_vector_queries!(Type, "JsName")` and an inherent `fn words(&self) -> &dyn WordVectors`.
//!
//! | method | returns |
//! |---|---|
//! | `vocab()`, `counts()`, `dim()` | words by descending count, their counts, the dimension |
//! | `vector(word)` | `Float32Array`, or `undefined` when the model has no vector for the word |
//! | `hasWord(word)` | whether the word (spelled as the model spells it) is in the vocabulary |
//! | `vectors()` | every vocabulary vector, row-major `(vocab, dim)` in `vocab()` order |
//! | `nearest(word, k)` | `[{word, similarity}]` by cosine, the word left out; throws without a vector |
//! | `nearestToVector(v, k, exclude)` | the same for any vector of this dimension |
//! | `similarity(a, b)` | cosine of the two words' vectors; throws naming a word without one |
//! | `analogy(a, b, c, k)` | a : b :: c : ? by 3CosAdd, the three words left out |
//! | `toVec()`, `toTsv()` | the `.vec` text; `{vectors, metadata}` for the TensorFlow Projector |

use super::args::{check_finite, count_arg, text_arg, to_js, MAX_COUNT};
use super::JsResult;
use crate::embed::vectors::WordVectors;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The TensorFlow Projector's two files.
#[derive(Serialize)]
pub(crate) struct Tsv {
    vectors: String,
    metadata: String,
}

/// The argument checks of the queries, shared by every model.
pub(crate) fn word(v: &JsValue, what: &str) -> JsResult<String> {
    text_arg(v, what)
}

pub(crate) fn nearest_to_vector(m: &dyn WordVectors, v: &[f32], k: f64, exclude: &[String]) -> JsResult<JsValue> {
    let k = count_arg("k", k, 0, MAX_COUNT)?;
    let dim = m.table().dim;
    if v.len() != dim {
        return Err(crate::err!(Input, ARG_VECTOR_SIZE, got = v.len(), dim = dim));
    }
    check_finite(v)?;
    let ex: Vec<&str> = exclude.iter().map(String::as_str).collect();
    to_js(&m.nearest_to(v, k, &ex))
}

pub(crate) fn to_tsv(m: &dyn WordVectors) -> JsResult<JsValue> {
    let (vectors, metadata) = m.to_tsv();
    to_js(&Tsv { vectors, metadata })
}

/// Generates the query methods (see the module docs) on a binding type.
macro_rules! word_vector_queries {
    ($ty:ident, $js:tt) => {
        #[wasm_bindgen(js_class = $js)]
        impl $ty {
            /// Vocabulary words by descending count.
            pub fn vocab(&self) -> Vec<String> {
                self.words().table().vocab.words().to_vec()
            }

            /// Counts aligned with `vocab()` (0 for vectors read from a file).
            pub fn counts(&self) -> Vec<f64> {
                self.words().table().vocab.counts().iter().map(|&c| c as f64).collect()
            }

            pub fn dim(&self) -> usize {
                self.words().table().dim
            }

            /// The word's vector (Float32Array), or `undefined` when the model has none for it.
            pub fn vector(&self, word: JsValue) -> $crate::wasm::JsResult<Option<Vec<f32>>> {
                let w = $crate::wasm::vectors::word(&word, "word")?;
                Ok(self.words().vector(&w).map(|v| v.into_owned()))
            }

            /// Whether the word (spelled as the model spells a query) is in the vocabulary.
            #[wasm_bindgen(js_name = hasWord)]
            pub fn has_word(&self, word: JsValue) -> $crate::wasm::JsResult<bool> {
                let w = $crate::wasm::vectors::word(&word, "word")?;
                Ok(self.words().has_word(&w))
            }

            /// Every vocabulary vector copied out, row-major `(vocab, dim)` in `vocab()` order.
            pub fn vectors(&self) -> Vec<f32> {
                self.words().table().data.to_vec()
            }

            /// `[{word, similarity}]` by cosine, the word itself left out. Throws for a word
            /// without a vector.
            pub fn nearest(&self, word: JsValue, k: f64) -> $crate::wasm::JsResult<JsValue> {
                let k = super::args::count_arg("k", k, 0, super::args::MAX_COUNT)?;
                let w = $crate::wasm::vectors::word(&word, "word")?;
                super::args::to_js(&self.words().nearest(&w, k)?)
            }

            /// Nearest vocabulary words to any vector of this dimension (e.g. one from another
            /// model), the words in `exclude` left out.
            #[wasm_bindgen(js_name = nearestToVector)]
            pub fn nearest_to_vector(&self, v: &[f32], k: f64, exclude: Vec<String>) -> $crate::wasm::JsResult<JsValue> {
                $crate::wasm::vectors::nearest_to_vector(self.words(), v, k, &exclude)
            }

            /// Cosine similarity of two words. Throws naming the first word without a vector.
            pub fn similarity(&self, a: JsValue, b: JsValue) -> $crate::wasm::JsResult<f32> {
                let a = $crate::wasm::vectors::word(&a, "a (the first word)")?;
                let b = $crate::wasm::vectors::word(&b, "b (the second word)")?;
                self.words().similarity(&a, &b)
            }

            /// a : b :: c : ? by 3CosAdd, the three query words left out: `[{word, similarity}]`.
            pub fn analogy(&self, a: JsValue, b: JsValue, c: JsValue, k: f64) -> $crate::wasm::JsResult<JsValue> {
                let k = super::args::count_arg("k", k, 0, super::args::MAX_COUNT)?;
                let a = $crate::wasm::vectors::word(&a, "a (the first word)")?;
                let b = $crate::wasm::vectors::word(&b, "b (the second word)")?;
                let c = $crate::wasm::vectors::word(&c, "c (the third word)")?;
                super::args::to_js(&self.words().analogy(&a, &b, &c, k)?)
            }

            /// The vectors in word2vec / fastText `.vec` text format.
            #[wasm_bindgen(js_name = toVec)]
            pub fn to_vec(&self) -> String {
                self.words().to_vec_text()
            }

            /// TensorFlow Embedding Projector files: `{vectors, metadata}` (TSV texts).
            #[wasm_bindgen(js_name = toTsv)]
            pub fn to_tsv(&self) -> $crate::wasm::JsResult<JsValue> {
                $crate::wasm::vectors::to_tsv(self.words())
            }
        }
    };
}
pub(crate) use word_vector_queries;
