//! n-gram language models for JS:
//! ```js
//! const m = new NGramModel(text, {order: 3, unit: "word", smoothing: "kn", k: 1, tokenizer: "word"});
//! m.prob(["<s>", "the"], "king");   // P(king | <s> the)
//! m.next(["<s>", "the"], 5);        // [{token, prob, count}] most probable first
//! m.sample(42, 30, 1.0);            // string[] (a seeded walk, without the final "</s>")
//! m.perplexity("The king eats.");   // number
//! ```
//! Settings (all optional; `settingsSpec("ngram")` lists them with their limits): `order` 1–4,
//! `unit` "word" | "char", `smoothing` "addk" | "kn", `k`, `discount` (KN, default estimated per
//! order), `tokenizer` ("word" | "whitespace" for words, "char" | "jamo" for characters),
//! `lowercase`, `punctuation`, `spaces` (char mode: a "␣" token between words), `minCount`,
//! `maxVocab`, `holdout` (last fraction of sentences, 0–0.5).

use super::args::{count_arg, seed_arg, settings_from, text_arg, to_js, MAX_COUNT};
use super::JsResult;
use crate::lm::ngram::{self, NGramConfig};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[derive(Serialize)]
struct Next {
    token: String,
    prob: f64,
    count: u64,
}

/// An n-gram model trained on a text (`new NGramModel(text, settings)`).
#[wasm_bindgen(js_name = NGramModel)]
pub struct NGramJs {
    m: ngram::NGramModel,
}

#[wasm_bindgen(js_class = NGramModel)]
impl NGramJs {
    #[wasm_bindgen(constructor)]
    pub fn new(text: JsValue, config: JsValue) -> JsResult<NGramJs> {
        let text = text_arg(&text, "text")?;
        let text = text.as_str();
        let config: NGramConfig = settings_from(config)?;
        Ok(NGramJs { m: ngram::NGramModel::from_text(text, config)? })
    }

    /// `P(token | context)`; the context holds at least `order − 1` tokens (the last ones count).
    pub fn prob(&self, context: Vec<String>, token: JsValue) -> JsResult<f64> {
        let token = text_arg(&token, "token")?;
        let token = token.as_str();
        let ctx = self.m.context_ids(&context)?;
        Ok(self.m.prob_ids(&ctx, self.m.target_id(token)?))
    }

    /// The `topK` most probable next tokens: `[{token, prob, count}]`, `count` = c(context token).
    pub fn next(&self, context: Vec<String>, top_k: f64) -> JsResult<JsValue> {
        let top_k = count_arg("topK", top_k, 0, MAX_COUNT)?;
        let ctx = self.m.context_ids(&context)?;
        let mut gram = ctx.clone();
        gram.push(0);
        let out: Vec<Next> = self
            .m
            .next_ids(&ctx, top_k)
            .into_iter()
            .map(|(w, prob)| {
                *gram.last_mut().expect("context + token") = w;
                Next { token: self.m.token(w).unwrap_or("?").to_string(), prob, count: self.m.count(&gram) }
            })
            .collect();
        to_js(&out)
    }

    /// A seeded sample of at most `maxTokens` tokens (without `</s>`); `temperature` 0–10
    /// (0: always the most probable token).
    pub fn sample(&self, seed: f64, max_tokens: f64, temperature: f64) -> JsResult<Vec<String>> {
        let max_tokens = count_arg("maxTokens", max_tokens, 0, MAX_COUNT)?;
        self.m.sample(seed_arg(seed)?, max_tokens, temperature)
    }

    /// The same walk step by step: `[{token, prob}]`, ending with `"</s>"` if the chain stopped.
    pub fn walk(&self, seed: f64, max_tokens: f64, temperature: f64) -> JsResult<JsValue> {
        let max_tokens = count_arg("maxTokens", max_tokens, 0, MAX_COUNT)?;
        let steps = self.m.walk(seed_arg(seed)?, max_tokens, temperature)?;
        let out: Vec<Next> =
            steps.into_iter().map(|(w, prob)| Next { token: self.m.token(w).unwrap_or("?").to_string(), prob, count: 0 }).collect();
        to_js(&out)
    }

    /// Perplexity of a text tokenised like the training text.
    pub fn perplexity(&self, text: JsValue) -> JsResult<f64> {
        let text = text_arg(&text, "text")?;
        let text = text.as_str();
        Ok(self.m.perplexity(text)?.perplexity)
    }

    /// `{perplexity, logProb, predictions, unknown, sentences}` for a text.
    #[wasm_bindgen(js_name = perplexityDetails)]
    pub fn perplexity_details(&self, text: JsValue) -> JsResult<JsValue> {
        let text = text_arg(&text, "text")?;
        let text = text.as_str();
        to_js(&self.m.perplexity(text)?)
    }

    /// Held-out perplexity details, or `null` when nothing was held out.
    #[wasm_bindgen(js_name = heldoutPerplexity)]
    pub fn heldout_perplexity(&self) -> JsResult<JsValue> {
        to_js(&self.m.heldout_perplexity())
    }

    /// Raw count of an n-gram (1 to `order` tokens) in the training part.
    pub fn count(&self, ngram: Vec<String>) -> f64 {
        let ids: Vec<u32> = ngram.iter().map(|t| self.m.id(t)).collect();
        self.m.count(&ids) as f64
    }

    /// The most frequent contexts: `[{context: string[], label, count}]`.
    pub fn contexts(&self, limit: f64) -> JsResult<JsValue> {
        let limit = count_arg("limit", limit, 0, MAX_COUNT)?;
        #[derive(Serialize)]
        struct Ctx {
            context: Vec<String>,
            label: String,
            count: u64,
        }
        let out: Vec<Ctx> = self
            .m
            .top_contexts(limit)
            .into_iter()
            .map(|c| Ctx {
                label: self.m.label(&c.context),
                context: c.context.iter().map(|&i| self.m.token(i).unwrap_or("?").to_string()).collect(),
                count: c.count,
            })
            .collect();
        to_js(&out)
    }

    /// States and transitions among the `n` most frequent states:
    /// `{labels, states: string[][], counts, other: number|null, end, size, matrix: Float32Array}`.
    pub fn states(&self, n: f64) -> JsResult<JsValue> {
        let n = count_arg("states", n, 0, MAX_COUNT)?;
        #[derive(Serialize)]
        struct Out<'a> {
            labels: &'a [String],
            states: Vec<Vec<String>>,
            counts: &'a [u64],
            other: Option<usize>,
            end: usize,
            size: usize,
        }
        let d = self.m.state_diagram(n)?;
        let states = d.states.iter().map(|s| s.iter().map(|&i| self.m.token(i).unwrap_or("?").to_string()).collect()).collect();
        let obj = to_js(&Out { labels: &d.labels, states, counts: &d.counts, other: d.other, end: d.end, size: d.labels.len() })?;
        js_sys::Reflect::set(&obj, &"matrix".into(), &js_sys::Float32Array::from(&d.matrix[..]))
            .map_err(|_| crate::err!(Input, INTERNAL, detail = "could not attach the transition matrix"))?;
        Ok(obj)
    }

    /// Model facts for the page: order, V, sentence and token counts, n-gram types and KN
    /// discounts per order, the longest training sentence, the held-out unseen share.
    pub fn stats(&self) -> JsResult<JsValue> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Stats {
            order: usize,
            state_len: usize,
            vocab: usize,
            train_sentences: usize,
            train_tokens: u64,
            heldout_sentences: usize,
            longest_sentence: usize,
            ngram_types: Vec<usize>,
            discounts: Vec<f64>,
            heldout_unseen: Option<f64>,
            char_mode: bool,
        }
        let m = &self.m;
        let orders = 1..=m.order();
        to_js(&Stats {
            order: m.order(),
            state_len: m.state_len(),
            vocab: m.num_predicted(),
            train_sentences: m.train_sentences(),
            train_tokens: m.train_tokens(),
            heldout_sentences: m.heldout_sentences().len(),
            longest_sentence: m.longest_sentence(),
            ngram_types: orders.clone().map(|o| m.ngram_types(o)).collect(),
            discounts: orders.filter_map(|o| m.discount(o)).collect(),
            heldout_unseen: m.heldout_unseen(),
            char_mode: m.units().is_char_mode(),
        })
    }

    /// Tokens joined for display (no separator between characters, `␣` back to a space).
    pub fn join(&self, tokens: Vec<String>) -> String {
        self.m.units().join(&tokens)
    }

    /// Orders 1–4 trained on `text` with the same settings: `[{order, train, heldout, unseen,
    /// contexts, sample}]` (perplexity details or `null`; `sample` a token array).
    #[wasm_bindgen(js_name = compareOrders)]
    pub fn compare_orders(text: JsValue, config: JsValue, seed: f64, sample_len: f64) -> JsResult<JsValue> {
        let text = text_arg(&text, "text")?;
        let sample_len = count_arg("sampleLength", sample_len, 0, MAX_COUNT)?;
        let config: NGramConfig = settings_from(config)?;
        let sentences = config.units().sentences(&text);
        to_js(&ngram::NGramModel::compare_orders(&sentences, config, seed_arg(seed)?, sample_len)?)
    }
}
