//! FastText for JS: fastText's subwords of any word, and (below) the trainer.

use super::corpus::{config_from, to_js};
use super::js_err;
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
pub fn subwords(word: &str, config: JsValue) -> Result<JsValue, JsError> {
    let cfg: SubwordConfig = config_from(config)?;
    let subs = subwords::subwords(word, &cfg).map_err(js_err)?;
    to_js(&subs.into_iter().map(|s| SubwordJs { ngram: s.ngram, hash: s.hash, bucket: s.bucket }).collect::<Vec<_>>())
}
