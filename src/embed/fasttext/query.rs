//! Reading a trained FastText: the vector of any word, which of its n-grams the model knows, and
//! the queries every word-vector model has ([`WordVectors`]: nearest neighbours, similarity,
//! analogies, the `.vec` text format), where a word outside the vocabulary still has a vector.

use super::FastText;
use crate::embed::subwords::{self, for_each_ngram, hash, wrap, Subword};
use crate::embed::vectors::{VectorsView, WordVectors};
use crate::error::{Error, Result};
use crate::nn::kernels::axpy;
use crate::text::{self, Tokenizer};
use serde::Serialize;
use std::borrow::Cow;

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
    fn spell(&self, word: &str) -> String {
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
        let w = self.spell(word);
        if let Some(id) = self.vocab.id(&w) {
            return self.input_rows(id).to_vec();
        }
        let mut rows = Vec::new();
        subwords::bucket_ids(&w, &self.sub, &mut rows);
        let nwords = self.vocab.len() as u32;
        rows.iter_mut().for_each(|r| *r += nwords);
        rows
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

    /// The n-grams of `word` in fastText's order, each with how many vocabulary words train its
    /// bucket.
    pub fn known_ngrams(&self, word: &str) -> Result<Vec<KnownNgram>> {
        let users = self.bucket_users();
        Ok(subwords::subwords(&self.spell(word), &self.sub)?
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
}

impl WordVectors for FastText {
    /// Every vocabulary word's vector (computed once after each training slice).
    fn table(&self) -> VectorsView<'_> {
        let data = self.word_vecs.get_or_init(|| self.word_vectors());
        VectorsView { vocab: &self.vocab, dim: self.cfg.dim, data }
    }

    fn normalize(&self, word: &str) -> String {
        self.spell(word)
    }

    /// fastText `getWordVector`: the mean of the word's rows (own row and n-grams for a vocabulary
    /// word, n-grams only for an unseen one); `None` when it has none (an unseen word shorter than
    /// `minn` − 2 code points).
    fn vector_of(&self, word: &str) -> Option<Cow<'_, [f32]>> {
        let rows = self.rows_of(word);
        (!rows.is_empty()).then(|| Cow::Owned(self.mean_of(&rows)))
    }

    fn no_vector(&self, word: &str) -> Error {
        crate::err!(Input, FT_NO_NGRAM, word = word, minn = self.sub.minn, maxn = self.sub.maxn)
    }
}
