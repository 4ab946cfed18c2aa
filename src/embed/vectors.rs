//! Querying and exchanging word vectors, whoever trained them (Word2Vec, FastText, a `.vec` file):
//! cosine nearest neighbours, similarity, analogies, and the word2vec text format.
//!
//! [`WordVectors`] is the one family: a model says what its vocabulary's vectors are (a
//! [`VectorsView`]) and, if it can do more than look a word up (FastText builds a vector for any
//! word from its n-grams), how it spells a query and builds a query's vector; every query is
//! written once, here, on top of that.

use crate::error::{Error, Result};
use crate::nn::kernels::dot;
use crate::text::Vocab;
use serde::Serialize;
use std::borrow::Cow;
use std::fmt::Write;

/// Word vectors, trained (Word2Vec, FastText) or read from a file ([`Vectors`]): vocabulary,
/// vector, nearest, similarity, analogy, export.
pub trait WordVectors {
    /// The vocabulary's vectors, row i the vector of `vocab.word(i)`.
    fn table(&self) -> VectorsView<'_>;

    /// A query spelled as the vocabulary is (FastText: NFC, lower-cased by the word tokeniser).
    fn normalize(&self, word: &str) -> String {
        word.to_string()
    }

    /// The vector of a word already normalised, `None` when the model has none for it: a word
    /// outside the vocabulary (Word2Vec, a `.vec` file), a word without any n-gram (FastText).
    fn vector_of(&self, word: &str) -> Option<Cow<'_, [f32]>> {
        self.table().vector(word).map(Cow::Borrowed)
    }

    /// Why `word` (normalised) has no vector.
    fn no_vector(&self, word: &str) -> Error {
        crate::err!(Input, WORD_UNKNOWN, word = word)
    }

    /// The vector of any query word, `None` when the model has none.
    fn vector(&self, word: &str) -> Option<Cow<'_, [f32]>> {
        self.vector_of(&self.normalize(word))
    }

    /// Whether the word (normalised) is in the vocabulary.
    fn has_word(&self, word: &str) -> bool {
        self.table().vocab.id(&self.normalize(word)).is_some()
    }

    /// The normalised word and its vector, or the error saying why it has none.
    fn need(&self, word: &str) -> Result<(String, Cow<'_, [f32]>)> {
        let w = self.normalize(word);
        match self.vector_of(&w) {
            Some(v) => Ok((w, v)),
            None => Err(self.no_vector(&w)),
        }
    }

    /// The `k` vocabulary words most cosine-similar to the vector `q`, the words in `exclude`
    /// (as spelled in the vocabulary) left out. A zero vector has no direction: no neighbours.
    fn nearest_to(&self, q: &[f32], k: usize, exclude: &[&str]) -> Vec<Neighbour> {
        if k == 0 || q.iter().all(|&x| x == 0.0) {
            return Vec::new();
        }
        let t = self.table();
        let skip: Vec<u32> = exclude.iter().filter_map(|w| t.vocab.id(w)).collect();
        t.nearest_to(q, k, &skip)
    }

    /// The `k` words most cosine-similar to `word`, itself left out.
    fn nearest(&self, word: &str, k: usize) -> Result<Vec<Neighbour>> {
        let (w, v) = self.need(word)?;
        Ok(self.nearest_to(&v, k, &[&w]))
    }

    /// Cosine similarity of two words.
    fn similarity(&self, a: &str, b: &str) -> Result<f32> {
        let (_, va) = self.need(a)?;
        let (_, vb) = self.need(b)?;
        Ok(cosine(&va, &vb))
    }

    /// a : b :: c : ? by 3CosAdd ([`analogy_query`]), the three query words left out.
    fn analogy(&self, a: &str, b: &str, c: &str, k: usize) -> Result<Vec<Neighbour>> {
        let (a, va) = self.need(a)?;
        let (b, vb) = self.need(b)?;
        let (c, vc) = self.need(c)?;
        Ok(self.nearest_to(&analogy_query([&va, &vb, &vc]), k, &[&a, &b, &c]))
    }

    /// The word2vec text format (`.vec`), see [`VectorsView::to_vec_text`].
    fn to_vec_text(&self) -> String {
        self.table().to_vec_text()
    }

    /// TensorFlow Embedding Projector files (vectors.tsv, metadata.tsv).
    fn to_tsv(&self) -> (String, String) {
        self.table().to_tsv()
    }
}

/// unit(b) − unit(a) + unit(c) for `[a, b, c]`, the query of a : b :: c : ? (3CosAdd; fastText's
/// `getAnalogies` normalises each vector the same way). A zero vector adds nothing.
pub fn analogy_query(v: [&[f32]; 3]) -> Vec<f32> {
    let mut q = vec![0.0f32; v[0].len()];
    for (r, sign) in v.into_iter().zip([-1.0f32, 1.0, 1.0]) {
        let n = norm(r);
        if n > 0.0 {
            q.iter_mut().zip(r).for_each(|(qi, ri)| *qi += sign * ri / n);
        }
    }
    q
}

/// A word and its cosine similarity to the query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Neighbour {
    pub word: String,
    pub similarity: f32,
}

/// Borrowed vectors: row i of `data` (V, dim) is the vector of `vocab.word(i)`.
#[derive(Debug, Clone, Copy)]
pub struct VectorsView<'a> {
    pub vocab: &'a Vocab,
    pub dim: usize,
    pub data: &'a [f32],
}

fn norm(v: &[f32]) -> f32 {
    dot(v, v).sqrt()
}

/// cos(a, b) = a·b / (|a||b|), 0 when either vector is zero.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let d = norm(a) * norm(b);
    if d > 0.0 {
        dot(a, b) / d
    } else {
        0.0
    }
}

impl<'a> VectorsView<'a> {
    pub fn len(&self) -> usize {
        self.vocab.len()
    }
    pub fn is_empty(&self) -> bool {
        self.vocab.is_empty()
    }
    pub fn row(&self, id: u32) -> &'a [f32] {
        let l = id as usize * self.dim;
        &self.data[l..l + self.dim]
    }
    /// The vector of a word, `None` for a word outside the vocabulary (it has no vector).
    pub fn vector(&self, word: &str) -> Option<&'a [f32]> {
        self.vocab.id(word).map(|i| self.row(i))
    }

    pub fn similarity(&self, a: &str, b: &str) -> Option<f32> {
        Some(cosine(self.vector(a)?, self.vector(b)?))
    }

    /// The `k` words most cosine-similar to `word`, itself excluded.
    pub fn nearest(&self, word: &str, k: usize) -> Option<Vec<Neighbour>> {
        let id = self.vocab.id(word)?;
        Some(self.nearest_to(self.row(id), k, &[id]))
    }

    /// The `k` words most cosine-similar to the vector `q`, skipping the ids in `exclude`.
    pub fn nearest_to(&self, q: &[f32], k: usize, exclude: &[u32]) -> Vec<Neighbour> {
        let qn = norm(q);
        let mut scored: Vec<(f32, u32)> = (0..self.len() as u32)
            .filter(|i| !exclude.contains(i))
            .map(|i| {
                let r = self.row(i);
                let d = qn * norm(r);
                (if d > 0.0 { dot(q, r) / d } else { 0.0 }, i)
            })
            .collect();
        let k = k.min(scored.len());
        // Highest first; total_cmp keeps the order defined even if a vector went NaN.
        let by = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if k > 0 && k < scored.len() {
            scored.select_nth_unstable_by(k - 1, by);
        }
        scored.truncate(k);
        scored.sort_by(by);
        scored.into_iter().map(|(s, i)| Neighbour { word: self.vocab.word(i).to_string(), similarity: s }).collect()
    }

    /// a : b :: c : ? by 3CosAdd (Mikolov, Yih & Zweig 2013; gensim `most_similar(positive=[b, c],
    /// negative=[a])`): the words nearest to unit(b) − unit(a) + unit(c), the three query words
    /// excluded (otherwise b or c usually wins). `None` if a query word has no vector.
    pub fn analogy(&self, a: &str, b: &str, c: &str, k: usize) -> Option<Vec<Neighbour>> {
        let ids = [self.vocab.id(a)?, self.vocab.id(b)?, self.vocab.id(c)?];
        let q = analogy_query(ids.map(|id| self.row(id)));
        Some(self.nearest_to(&q, k, &ids))
    }

    /// The word2vec text format: a header `V dim`, then one line per word, `word v1 … v_dim`.
    /// Values are written in Rust's shortest form that reads back to the same f32.
    pub fn to_vec_text(&self) -> String {
        let mut out = String::with_capacity(self.len() * (self.dim * 11 + 16));
        let _ = writeln!(out, "{} {}", self.len(), self.dim);
        for (i, w) in self.vocab.words().iter().enumerate() {
            out.push_str(w);
            for x in self.row(i as u32) {
                let _ = write!(out, " {x}");
            }
            out.push('\n');
        }
        out
    }

    /// TensorFlow Embedding Projector files: (vectors.tsv, metadata.tsv), one word per line.
    pub fn to_tsv(&self) -> (String, String) {
        let mut vectors = String::new();
        let mut meta = String::new();
        for (i, w) in self.vocab.words().iter().enumerate() {
            let row: Vec<String> = self.row(i as u32).iter().map(|x| x.to_string()).collect();
            vectors.push_str(&row.join("\t"));
            vectors.push('\n');
            meta.push_str(w);
            meta.push('\n');
        }
        (vectors, meta)
    }
}

/// Owned vectors, e.g. read from a `.vec` file.
#[derive(Debug, Clone, PartialEq)]
pub struct Vectors {
    pub vocab: Vocab,
    pub dim: usize,
    pub data: Vec<f32>,
}

impl WordVectors for Vectors {
    fn table(&self) -> VectorsView<'_> {
        self.view()
    }
}

/// Largest dimension accepted from a file.
pub const MAX_FILE_DIM: usize = 4096;

impl Vectors {
    pub fn view(&self) -> VectorsView<'_> {
        VectorsView { vocab: &self.vocab, dim: self.dim, data: &self.data }
    }

    /// Reads the first `max_words` words of a word2vec / fastText `.vec` text file. The header
    /// line `count dim` is optional (GloVe files have none: the dimension is then the number of
    /// values on the first line). Blank lines are skipped; a repeated word keeps its first vector.
    /// Errors name the 1-based line and what is wrong.
    pub fn from_vec_text(text: &str, max_words: usize) -> Result<Vectors> {
        let mut dim = None;
        let mut words = Vec::new();
        let mut data = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (n, line) in text.lines().enumerate() {
            let lineno = n + 1;
            if words.len() >= max_words {
                break;
            }
            let mut fields = line.split_whitespace();
            let Some(word) = fields.next() else { continue };
            let values: Vec<&str> = fields.collect();
            if dim.is_none() && values.len() == 1 {
                // A header `count dim` (two integers, signs included so that a broken header such as
                // `1 -2` is reported here and not two lines later); otherwise a word with one value.
                if let (Ok(count), Ok(d)) = (word.parse::<i64>(), values[0].parse::<i64>()) {
                    if count < 0 {
                        return Err(crate::err!(Format, VEC_NEGATIVE_COUNT, line = lineno, count = count));
                    }
                    if !(1..=MAX_FILE_DIM as i64).contains(&d) {
                        return Err(crate::err!(Format, VEC_DIM, line = lineno, dim = d, max = MAX_FILE_DIM));
                    }
                    dim = Some(d as usize);
                    continue;
                }
            }
            let d = *dim.get_or_insert(values.len());
            if d == 0 || d > MAX_FILE_DIM {
                return Err(crate::err!(Format, VEC_WORD_VALUES, line = lineno, max = MAX_FILE_DIM, found = values.len()));
            }
            if values.len() != d {
                return Err(crate::err!(Format, VEC_VALUE_COUNT, line = lineno, dim = d, word = word, found = values.len()));
            }
            let start = data.len();
            for (i, v) in values.iter().enumerate() {
                match v.parse::<f32>() {
                    Ok(x) if x.is_finite() => data.push(x),
                    _ => {
                        return Err(crate::err!(
                            Format,
                            VEC_NOT_FINITE,
                            line = lineno,
                            index = i + 1,
                            word = word,
                            value = format!("{:?}", truncate(v))
                        ))
                    }
                }
            }
            if seen.insert(word.to_string()) {
                words.push((word.to_string(), 0));
            } else {
                data.truncate(start);
            }
        }
        let Some(dim) = dim.filter(|_| !words.is_empty()) else {
            return Err(crate::err!(Format, VEC_EMPTY));
        };
        Ok(Vectors { vocab: Vocab::from_counts(words), dim, data })
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}
