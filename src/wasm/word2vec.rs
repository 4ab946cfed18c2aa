//! Word2Vec for JS: `new Word2Vec(text, config)` trains; `Word2Vec.fromVec(text, maxWords)` loads
//! pretrained vectors into the same queries.

use super::args::{check_finite, count_arg, null_unless_finite, seed_arg, settings_from, text_arg, to_js, MAX_COUNT};
use super::JsResult;
use crate::embed::sampling::keep_probability;
use crate::embed::vectors::{Vectors, VectorsView};
use crate::embed::word2vec::{word_sentences, Progress, Word2Vec, Word2VecConfig};
use crate::error::check_range_f;
use crate::Error;
use serde::Serialize;
use wasm_bindgen::prelude::*;

enum Inner {
    Trained(Box<Word2Vec>),
    Loaded(Vectors),
}

/// A Word2Vec model and its corpus, or vectors read from a `.vec` file.
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

fn unknown(word: &str) -> Error {
    crate::err!(Input, WORD_UNKNOWN, word = word)
}

impl Word2VecJs {
    fn view(&self) -> VectorsView<'_> {
        match &self.inner {
            Inner::Trained(m) => m.view(),
            Inner::Loaded(v) => v.view(),
        }
    }
    fn trained(&self) -> JsResult<&Word2Vec> {
        match &self.inner {
            Inner::Trained(m) => Ok(m),
            Inner::Loaded(_) => Err(crate::err!(Input, VECTORS_IMPORTED)),
        }
    }
    fn first_unknown<'a>(&self, words: &[&'a str]) -> &'a str {
        words.iter().find(|w| self.view().vector(w).is_none()).copied().unwrap_or("")
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

    /// Vocabulary words by descending count.
    pub fn vocab(&self) -> Vec<String> {
        self.view().vocab.words().to_vec()
    }

    /// Counts aligned with `vocab()` (0 for imported vectors).
    pub fn counts(&self) -> Vec<f64> {
        self.view().vocab.counts().iter().map(|&c| c as f64).collect()
    }

    pub fn dim(&self) -> usize {
        self.view().dim
    }

    /// The word's vector (Float32Array), or `undefined` for a word outside the vocabulary.
    pub fn vector(&self, word: JsValue) -> JsResult<Option<Vec<f32>>> {
        let word = text_arg(&word, "word")?;
        let word = word.as_str();
        Ok(self.view().vector(word).map(<[f32]>::to_vec))
    }

    #[wasm_bindgen(js_name = hasWord)]
    pub fn has_word(&self, word: JsValue) -> JsResult<bool> {
        let word = text_arg(&word, "word")?;
        let word = word.as_str();
        Ok(self.view().vector(word).is_some())
    }

    /// All input vectors copied out, row-major `(vocab, dim)` in `vocab()` order.
    pub fn vectors(&self) -> Vec<f32> {
        self.view().data.to_vec()
    }

    /// Same as `vectors()` (the name FastText uses).
    #[wasm_bindgen(js_name = allVectors)]
    pub fn all_vectors(&self) -> Vec<f32> {
        self.vectors()
    }

    /// `[{word, similarity}]` by cosine, the word itself left out. Throws for an unknown word.
    pub fn nearest(&self, word: JsValue, k: f64) -> JsResult<JsValue> {
        let k = count_arg("k", k, 0, MAX_COUNT)?;
        let word = text_arg(&word, "word")?;
        let word = word.as_str();
        to_js(&self.view().nearest(word, k).ok_or_else(|| unknown(word))?)
    }

    /// Nearest vocabulary words to any vector of this dimension, the words in `exclude` left out.
    #[wasm_bindgen(js_name = nearestToVector)]
    pub fn nearest_to_vector(&self, v: &[f32], k: f64, exclude: Vec<String>) -> JsResult<JsValue> {
        let k = count_arg("k", k, 0, MAX_COUNT)?;
        let view = self.view();
        if v.len() != view.dim {
            return Err(crate::err!(Input, ARG_VECTOR_SIZE, got = v.len(), dim = view.dim));
        }
        check_finite(v)?;
        let ex: Vec<u32> = exclude.iter().filter_map(|w| view.vocab.id(w)).collect();
        to_js(&view.nearest_to(v, k, &ex))
    }

    /// Cosine similarity of two words. Throws for an unknown word.
    pub fn similarity(&self, a: JsValue, b: JsValue) -> JsResult<f32> {
        let a = text_arg(&a, "a (the first word)")?;
        let a = a.as_str();
        let b = text_arg(&b, "b (the second word)")?;
        let b = b.as_str();
        self.view().similarity(a, b).ok_or_else(|| unknown(self.first_unknown(&[a, b])))
    }

    /// a : b :: c : ? by 3CosAdd, the three query words left out: `[{word, similarity}]`.
    pub fn analogy(&self, a: JsValue, b: JsValue, c: JsValue, k: f64) -> JsResult<JsValue> {
        let k = count_arg("k", k, 0, MAX_COUNT)?;
        let a = text_arg(&a, "a (the first word)")?;
        let a = a.as_str();
        let b = text_arg(&b, "b (the second word)")?;
        let b = b.as_str();
        let c = text_arg(&c, "c (the third word)")?;
        let c = c.as_str();
        to_js(&self.view().analogy(a, b, c, k).ok_or_else(|| unknown(self.first_unknown(&[a, b, c])))?)
    }

    /// word2vec text format (`.vec`).
    #[wasm_bindgen(js_name = toVec)]
    pub fn to_vec(&self) -> String {
        self.view().to_vec_text()
    }

    /// TensorFlow Embedding Projector files: `{vectors, metadata}` (TSV texts).
    #[wasm_bindgen(js_name = toTsv)]
    pub fn to_tsv(&self) -> JsResult<JsValue> {
        #[derive(Serialize)]
        struct Tsv {
            vectors: String,
            metadata: String,
        }
        let (vectors, metadata) = self.view().to_tsv();
        to_js(&Tsv { vectors, metadata })
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
