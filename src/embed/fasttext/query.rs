//! Reading a trained FastText: the vector of any word, which of its n-grams the model knows,
//! nearest neighbours, analogies and the `.vec` text format.

use super::FastText;
use crate::embed::subwords::{self, for_each_ngram, hash, wrap, Subword};
use crate::embed::vectors::{Neighbour, VectorsView};
use crate::error::Result;
use crate::nn::kernels::{axpy, dot};
use crate::text::{self, Tokenizer};
use serde::Serialize;

/// One n-gram of a queried word and what the model has for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KnownNgram {
    pub ngram: String,
    pub hash: u32,
    pub bucket: u32,
    /// Vocabulary words whose n-grams use this bucket (0: the row was never trained; it keeps its
    /// random initial value). Counts every word whose n-gram hashes here, colliding ones included.
    pub words: u32,
}

impl FastText {
    /// A query as the corpus was tokenised: cleaned to NFC, lower-cased for the word tokeniser.
    pub fn normalize(&self, word: &str) -> String {
        let w = text::clean(word).text.trim().to_string();
        let rules = self.cfg.rules();
        match rules.tokenizer {
            Tokenizer::Word if rules.lowercase => w.to_lowercase(),
            _ => w,
        }
    }

    /// The input rows that make up `word` (normalised): its own row and n-gram rows for a
    /// vocabulary word (fastText `getSubwords`), n-gram rows only for an unseen one.
    pub fn rows_of(&self, word: &str) -> Vec<u32> {
        let w = self.normalize(word);
        if let Some(id) = self.vocab.id(&w) {
            return self.input_rows(id).to_vec();
        }
        let mut rows = Vec::new();
        subwords::bucket_ids(&w, &self.sub, &mut rows);
        let nwords = self.vocab.len() as u32;
        rows.iter_mut().for_each(|r| *r += nwords);
        rows
    }

    /// fastText `getWordVector`: the mean of the word's rows; all zeros only when it has none
    /// (an unseen word shorter than `minn` − 2 code points).
    pub fn vector(&self, word: &str) -> Vec<f32> {
        self.mean_of(&self.rows_of(word))
    }

    fn mean_of(&self, rows: &[u32]) -> Vec<f32> {
        let mut v = vec![0.0; self.cfg.dim];
        for &r in rows {
            axpy(1.0, self.input_row(r), &mut v);
        }
        if !rows.is_empty() {
            let inv = 1.0 / rows.len() as f32;
            v.iter_mut().for_each(|x| *x *= inv);
        }
        v
    }

    /// Whether the normalised word is in the vocabulary.
    pub fn contains(&self, word: &str) -> bool {
        self.vocab.id(&self.normalize(word)).is_some()
    }

    /// The n-grams of `word` in fastText's order, each with how many vocabulary words train its
    /// bucket.
    pub fn known_ngrams(&self, word: &str) -> Result<Vec<KnownNgram>> {
        let users = self.bucket_users();
        Ok(subwords::subwords(&self.normalize(word), &self.sub)?
            .into_iter()
            .map(|Subword { ngram, hash, bucket, .. }| KnownNgram { ngram, hash, bucket, words: users[bucket as usize] })
            .collect())
    }

    /// For every bucket, how many vocabulary words have an n-gram in it. Computed on demand
    /// (bucket × 4 bytes while it lives).
    fn bucket_users(&self) -> Vec<u32> {
        let mut users = vec![0u32; self.sub.bucket as usize];
        let nwords = self.vocab.len() as u32;
        for id in 0..nwords {
            let mut rows: Vec<u32> = self.input_rows(id)[1..].to_vec();
            rows.sort_unstable();
            rows.dedup();
            rows.iter().for_each(|&r| users[(r - nwords) as usize] += 1);
        }
        users
    }

    /// Distinct n-grams of vocabulary words that hash into `bucket` (collisions), at most `limit`.
    pub fn bucket_ngrams(&self, bucket: u32, limit: usize) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for w in self.vocab.words() {
            let wrapped = wrap(w, self.sub.jamo);
            for_each_ngram(&wrapped, self.sub.minn, self.sub.maxn, |s, e, _| {
                let g = &wrapped[s..e];
                if out.len() < limit && hash(g) % self.sub.bucket == bucket && !out.iter().any(|o| o == g) {
                    out.push(g.to_string());
                }
            });
            if out.len() >= limit {
                break;
            }
        }
        out
    }

    /// Every vocabulary word's vector (`(nwords, dim)`, row i = word id i), as fastText writes
    /// them to `.vec`.
    pub fn word_vectors(&self) -> Vec<f32> {
        let mut all = Vec::with_capacity(self.vocab.len() * self.cfg.dim);
        for id in 0..self.vocab.len() as u32 {
            all.extend(self.mean_of(self.input_rows(id)));
        }
        all
    }

    /// The word vectors as a shared [`VectorsView`] (computed once per training slice).
    pub fn view(&mut self) -> VectorsView<'_> {
        if self.word_vecs.is_none() {
            self.word_vecs = Some(self.word_vectors());
        }
        VectorsView { vocab: &self.vocab, dim: self.cfg.dim, data: self.word_vecs.as_deref().unwrap_or(&[]) }
    }

    /// The `k` vocabulary words most cosine-similar to `query` (a vector), skipping `exclude`.
    pub fn nearest_to(&mut self, query: &[f32], k: usize, exclude: &[&str]) -> Vec<Neighbour> {
        if dot(query, query) == 0.0 || k == 0 {
            return Vec::new();
        }
        let skip: Vec<u32> = exclude.iter().filter_map(|w| self.vocab.id(w)).collect();
        self.view().nearest_to(query, k, &skip)
    }

    /// Nearest neighbours of any word (fastText `getNN`); the word itself is left out.
    pub fn nearest(&mut self, word: &str, k: usize) -> Result<Vec<Neighbour>> {
        let w = self.normalize(word);
        let v = self.vector(&w);
        if v.iter().all(|&x| x == 0.0) {
            return Err(crate::err!(Input, FT_NO_NGRAM, word = w, minn = self.sub.minn, maxn = self.sub.maxn));
        }
        Ok(self.nearest_to(&v, k, &[&w]))
    }

    /// a : b :: c : ?  — the words nearest to b/|b| − a/|a| + c/|c| (fastText `getAnalogies`
    /// normalises each vector first), a, b and c left out.
    pub fn analogy(&mut self, a: &str, b: &str, c: &str, k: usize) -> Result<Vec<Neighbour>> {
        let (a, b, c) = (self.normalize(a), self.normalize(b), self.normalize(c));
        let mut q = vec![0.0f32; self.cfg.dim];
        for (w, sign) in [(&a, -1.0f32), (&b, 1.0), (&c, 1.0)] {
            let v = self.vector(w);
            let n = dot(&v, &v).sqrt();
            if n == 0.0 {
                return Err(crate::err!(Input, FT_NO_NGRAM, word = w, minn = self.sub.minn, maxn = self.sub.maxn));
            }
            axpy(sign / n, &v, &mut q);
        }
        Ok(self.nearest_to(&q, k, &[&a, &b, &c]))
    }

    /// The word vectors in word2vec text format (what fastText writes as `.vec`): a header
    /// `nwords dim`, then one line per word.
    pub fn to_vec(&mut self) -> String {
        self.view().to_vec_text()
    }
}
