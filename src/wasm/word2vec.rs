//! Word2Vec for JS: `new Word2Vec(text, config)` trains; `Word2Vec.fromVec(text, maxWords)` loads
//! pretrained vectors into the same queries.

use super::args::{count_arg, null_unless_finite, seed_arg, settings_from, text_arg, to_js, MAX_COUNT};
use super::vectors::word_vector_queries;
use super::JsResult;
use crate::embed::sampling::keep_probability;
use crate::embed::vectors::{Vectors, WordVectors};
use crate::embed::word2vec::{word_sentences, Progress, Word2Vec, Word2VecConfig};
use crate::error::check_range_f;
use wasm_bindgen::prelude::*;

enum Inner {
    Trained(Box<Word2Vec>),
    Loaded(Vectors),
}

/// A Word2Vec model and its corpus, or vectors read from a `.vec` file. The queries (`vocab`,
/// `vector`, `nearest`, `similarity`, `analogy`, `toVec`, …) are every word-vector model's, see
/// `wasm/vectors.rs`.
///
/// Config keys (all optional): `mode` ("skipgram" | "cbow"), `dim`, `window`, `negative`,
/// `sample`, `minCount`, `epochs`, `alpha`, `seed`, `maxVocab`, `tokenizer` ("word" | "whitespace"),
/// `init` ("word2vec": inputs uniform in [−0.5, 0.5)/dim | "gensim": [−1, 1)/dim).
/// Defaults: skip-gram, dim 50, window 5, negative 5, sample 1e-3, minCount 2, epochs 5, alpha
/// 0.025 (CBOW 0.05), seed 1, maxVocab 30000, tokenizer "word", init "word2vec".
#[wasm_bindgen(js_name = Word2Vec)]
pub struct Word2VecJs {
    inner: Inner,
}

word_vector_queries!(Word2VecJs, "Word2Vec");

impl Word2VecJs {
    /// What the queries of [`word_vector_queries`] read: the trained model or the loaded file.
    fn words(&self) -> &dyn WordVectors {
        match &self.inner {
            Inner::Trained(m) => m.as_ref(),
            Inner::Loaded(v) => v,
        }
    }
    fn trained(&self) -> JsResult<&Word2Vec> {
        match &self.inner {
            Inner::Trained(m) => Ok(m),
            Inner::Loaded(_) => Err(crate::err!(Input, VECTORS_IMPORTED)),
        }
    }
}

#[wasm_bindgen(js_class = Word2Vec)]
impl Word2VecJs {
    #[wasm_bindgen(constructor)]
    pub fn new(text: JsValue, config: JsValue) -> JsResult<Word2VecJs> {
        let text = text_arg(&text, "text")?;
        let text = text.as_str();
        let cfg: Word2VecConfig = settings_from(config)?;
        Ok(Word2VecJs { inner: Inner::Trained(Box::new(Word2Vec::from_text(text, cfg)?)) })
    }

    /// Vectors from a word2vec / fastText `.vec` text (first `maxWords` words). Errors name the line.
    #[wasm_bindgen(js_name = fromVec)]
    pub fn from_vec(text: JsValue, max_words: f64) -> JsResult<Word2VecJs> {
        let max_words = count_arg("maxWords", max_words, 0, MAX_COUNT)?;
        let text = text_arg(&text, "text")?;
        let text = text.as_str();
        Ok(Word2VecJs { inner: Inner::Loaded(Vectors::from_vec_text(text, max_words)?) })
    }

    /// Trains on up to `maxWords` more corpus tokens: `{wordsDone, totalWords, loss, alpha, epoch, done}`.
    /// `loss` is `null` when the slice made no update (e.g. every word of a tiny text subsampled
    /// away, or one-word sentences). Throws (and stays stopped) if training diverged.
    pub fn train(&mut self, max_words: f64) -> JsResult<JsValue> {
        let n = if max_words.is_finite() && max_words >= 1.0 { max_words as u64 } else { 1 };
        match &mut self.inner {
            Inner::Trained(m) => {
                let p = m.train(n)?;
                Ok(null_unless_finite(to_js(&p)?, "loss", p.loss as f64))
            }
            Inner::Loaded(_) => to_js(&Progress { words_done: 0, total_words: 0, loss: 0.0, alpha: 0.0, epoch: 0, done: true }),
        }
    }

    /// Where training stands, without training.
    pub fn progress(&self) -> JsResult<JsValue> {
        let p = self.trained()?.progress();
        Ok(null_unless_finite(to_js(&p)?, "loss", p.loss as f64))
    }

    /// The settings in effect (defaults filled in; `alpha` resolved for the mode).
    pub fn config(&self) -> JsResult<JsValue> {
        let m = self.trained()?;
        let mut c = m.config().clone();
        c.alpha = Some(c.start_alpha());
        to_js(&c)
    }

    /// How a training example is born, for the first sentence of `text` (tokenised as the corpus
    /// was) and a seed: `{mode, tokens: [{text, id, keepProbability, kept}], centres: [{token,
    /// radius, contexts, negatives}], update: {inputs, centre, negatives, alpha, hidden, scores,
    /// probabilities, lossBefore, lossAfter, gradHidden, inputsBefore, inputsAfter, outputsBefore,
    /// outputsAfter, currentAlpha} | null}`. The update runs at learning rate `lr` when given
    /// (e.g. the starting alpha, `config().alpha`), else at the current, decayed one. The model is
    /// not changed.
    #[wasm_bindgen(js_name = exampleSteps)]
    pub fn example_steps(&self, text: JsValue, seed: f64, lr: Option<f64>) -> JsResult<JsValue> {
        let seed = seed_arg(seed)?;
        let text = text_arg(&text, "text")?;
        let text = text.as_str();
        let m = self.trained()?;
        if let Some(a) = lr {
            check_range_f("lr", a, 1e-6, 1e4)?;
        }
        let sentences = word_sentences(text, m.config().tokenizer);
        let first = sentences.into_iter().next().unwrap_or_default();
        to_js(&m.walkthrough(&first, seed, lr.map(|a| a as f32)))
    }

    /// Per word (in `vocab()` order): the probability of being drawn as a negative,
    /// count^0.75 / Σ count^0.75.
    #[wasm_bindgen(js_name = negativeProbabilities)]
    pub fn negative_probabilities(&self) -> JsResult<Vec<f64>> {
        let counts = self.trained()?.vocab().counts();
        let w: Vec<f64> = counts.iter().map(|&c| (c as f64).powf(0.75)).collect();
        let z: f64 = w.iter().sum();
        Ok(w.iter().map(|x| x / z).collect())
    }

    /// Per word (in `vocab()` order): word2vec.c's subsampling keep probability (clipped to 1).
    #[wasm_bindgen(js_name = keepProbabilities)]
    pub fn keep_probabilities(&self) -> JsResult<Vec<f64>> {
        let m = self.trained()?;
        let total = m.vocab().kept_tokens();
        Ok(m.vocab().counts().iter().map(|&c| keep_probability(c, total, m.config().sample).min(1.0)).collect())
    }
}
