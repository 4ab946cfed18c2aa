//! BERT / ELECTRA checkpoints for JS: load a model folder's files, tokenise, run, embed.
//!
//! ```js
//! const bert = Bert.load({config, weights, vocab, tokenizerConfig, tokenizerJson});
//!   // config, vocab, tokenizerConfig, tokenizerJson: strings (the last two optional; vocab or
//!   // tokenizerJson required); weights: Uint8Array of model.safetensors or pytorch_model.bin
//! bert.tokenize(text)  // {tokens, ids, truncated, fullLength}  with [CLS] and [SEP]
//! bert.run(text)       // {tokens, ids, truncated, fullLength, numLayers, numHeads, hiddenSize,
//!                      //  hiddenStates: Float32Array (numLayers+1)×T×hiddenSize (embeddings first),
//!                      //  attentions: Float32Array numLayers×numHeads×T×T}
//! bert.embed(text)     // Float32Array(hiddenSize): masked mean of the last layer, L2-normalised
//! bert.replaced(text)  // Float32Array(T): ELECTRA discriminator, P(token was replaced)
//! bert.predictMasked(text, k)  // [[{token, prob}]]: BERT's MLM head, the k likeliest per [MASK]
//! bert.hasMlmHead      // true when the checkpoint has the MLM head (cls.predictions.*)
//! ```
//! Text longer than `bert.maxLength` tokens is truncated; `truncated` says so, and `fullLength` is
//! null unless the whole text was read (tokenising stops soon after `maxLength` pieces). Every error is a
//! JS `Error` whose message names the file, setting or tensor at fault; the object stays usable.

use super::args::text_arg;
use super::JsResult;
use crate::pretrained::bert::Output;
use crate::pretrained::model::{Files, Pretrained};
use crate::pretrained::wordpiece::Encoding;
use js_sys::{Array, Float32Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

/// A loaded checkpoint with its tokenizer.
#[wasm_bindgen(js_name = Bert)]
pub struct BertJs {
    inner: Pretrained,
}

/// `files[key]` as a string; `None` when absent, null or undefined.
fn opt_string(files: &JsValue, key: &str) -> JsResult<Option<String>> {
    let v = Reflect::get(files, &JsValue::from_str(key)).map_err(|_| crate::err!(Input, BERT_LOAD_FIELD, key = key))?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string().map(Some).ok_or_else(|| crate::err!(Input, BERT_LOAD_FIELD, key = key))
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    // Setting a plain property on a fresh Object cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

fn encoding_object(enc: &Encoding) -> Object {
    let obj = Object::new();
    set(&obj, "tokens", &enc.tokens.iter().map(|t| JsValue::from_str(t)).collect::<Array>());
    set(&obj, "ids", &enc.ids.iter().map(|&i| JsValue::from(i)).collect::<Array>());
    set(&obj, "truncated", &JsValue::from(enc.truncated));
    // null when the text is longer than the model reads: tokenising stopped there.
    set(&obj, "fullLength", &enc.full_len.map_or(JsValue::NULL, |n| JsValue::from(n as u32)));
    obj
}

#[wasm_bindgen(js_class = Bert)]
impl BertJs {
    /// Parses and checks every file; see the module docs for the keys.
    pub fn load(files: JsValue) -> JsResult<BertJs> {
        if !files.is_object() {
            return Err(crate::err!(Input, BERT_LOAD_ARGS));
        }
        let config = opt_string(&files, "config")?.ok_or_else(|| crate::err!(Input, BERT_LOAD_CONFIG))?;
        let w = Reflect::get(&files, &JsValue::from_str("weights")).map_err(|_| crate::err!(Input, BERT_LOAD_WEIGHTS))?;
        let weights = w.dyn_into::<Uint8Array>().map_err(|_| crate::err!(Input, BERT_LOAD_WEIGHTS))?.to_vec();
        let (vocab, tc, tj) = (opt_string(&files, "vocab")?, opt_string(&files, "tokenizerConfig")?, opt_string(&files, "tokenizerJson")?);
        let f = Files {
            config: &config,
            weights: &weights,
            vocab: vocab.as_deref(),
            tokenizer_config: tc.as_deref(),
            tokenizer_json: tj.as_deref(),
        };
        Ok(BertJs { inner: Pretrained::load(&f)? })
    }

    /// `{tokens, ids, truncated, fullLength}`.
    pub fn tokenize(&self, text: JsValue) -> JsResult<Object> {
        let text = text_arg(&text, "text")?;
        let text = text.as_str();
        Ok(encoding_object(&self.inner.encode(text)))
    }

    /// Tokenises and runs the encoder; see the module docs for the fields.
    pub fn run(&mut self, text: JsValue) -> JsResult<Object> {
        let text = text_arg(&text, "text")?;
        let text = text.as_str();
        let (enc, out): (Encoding, Output) = self.inner.run(text)?;
        let obj = encoding_object(&enc);
        set(&obj, "numLayers", &JsValue::from(out.num_layers as u32));
        set(&obj, "numHeads", &JsValue::from(out.num_heads as u32));
        set(&obj, "hiddenSize", &JsValue::from(out.hidden_size as u32));
        set(&obj, "hiddenStates", &Float32Array::from(&out.hidden_states[..]));
        set(&obj, "attentions", &Float32Array::from(&out.attentions[..]));
        Ok(obj)
    }

    /// The sentence embedding (`hiddenSize` floats, unit length).
    pub fn embed(&mut self, text: JsValue) -> JsResult<Float32Array> {
        let text = text_arg(&text, "text")?;
        let text = text.as_str();
        Ok(Float32Array::from(&self.inner.embed(text)?[..]))
    }

    /// ELECTRA discriminator: one probability per token (with `[CLS]`/`[SEP]`).
    pub fn replaced(&mut self, text: JsValue) -> JsResult<Float32Array> {
        let text = text_arg(&text, "text")?;
        let text = text.as_str();
        let (_, p) = self.inner.replaced(text)?;
        Ok(Float32Array::from(&p[..]))
    }

    /// BERT's masked LM: for each `[MASK]` of `text`, the `k` most probable tokens `{token, prob}`.
    #[wasm_bindgen(js_name = predictMasked)]
    pub fn predict_masked(&mut self, text: JsValue, k: f64) -> JsResult<JsValue> {
        let text = text_arg(&text, "text")?;
        let k = super::args::count_arg("k", k, 1, 100)?;
        super::args::to_js(&self.inner.predict_masked(&text, k)?.1)
    }

    #[wasm_bindgen(getter, js_name = hasMlmHead)]
    pub fn has_mlm_head(&self) -> bool {
        self.inner.model.has_mlm_head()
    }

    /// The encoder alone on given ids (with `[CLS]`/`[SEP]`), returning the sentence embedding:
    /// for benchmarks that time the forward pass without tokenising or copying every layer out.
    #[wasm_bindgen(js_name = forwardIds)]
    pub fn forward_ids(&mut self, ids: &[u32]) -> JsResult<Float32Array> {
        let out = self.inner.forward_ids(ids)?;
        Ok(Float32Array::from(&out.mean_pooled()[..]))
    }

    /// Most tokens per input, `[CLS]`/`[SEP]` included.
    #[wasm_bindgen(getter, js_name = maxLength)]
    pub fn max_length(&self) -> u32 {
        self.inner.max_length() as u32
    }

    #[wasm_bindgen(getter, js_name = numLayers)]
    pub fn num_layers(&self) -> u32 {
        self.inner.model.config.num_hidden_layers as u32
    }

    #[wasm_bindgen(getter, js_name = numHeads)]
    pub fn num_heads(&self) -> u32 {
        self.inner.model.config.num_attention_heads as u32
    }

    #[wasm_bindgen(getter, js_name = hiddenSize)]
    pub fn hidden_size(&self) -> u32 {
        self.inner.model.config.hidden_size as u32
    }

    #[wasm_bindgen(getter, js_name = vocabSize)]
    pub fn vocab_size(&self) -> u32 {
        self.inner.model.config.vocab_size as u32
    }

    /// True for an ELECTRA checkpoint with the discriminator head (`replaced` works).
    #[wasm_bindgen(getter, js_name = hasDiscriminator)]
    pub fn has_discriminator(&self) -> bool {
        self.inner.model.has_discriminator()
    }

    /// `"bert"` or `"electra"`.
    #[wasm_bindgen(getter)]
    pub fn family(&self) -> String {
        match self.inner.model.config.family() {
            crate::pretrained::config::Family::Bert => "bert".into(),
            crate::pretrained::config::Family::Electra => "electra".into(),
        }
    }
}
