//! Reading a trained FastText: the vector of any word, which of its n-grams the model knows,
//! nearest neighbours, analogies and the `.vec` text format.

use super::FastText;
use crate::embed::kernels::{axpy, dot};
use crate::embed::subwords::{self, for_each_ngram, hash, wrap, Subword};
use crate::error::{Error, Result};
use crate::text::{self, Tokenizer};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Neighbour {
    pub word: String,
    pub similarity: f32,
}

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
        match self.cfg.tokenizer() {
            Ok(Tokenizer::Word { lowercase: true, .. }) => w.to_lowercase(),
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

    /// Unit-length word vectors for cosine search, cached until the next training slice.
    fn unit_vectors(&mut self) -> &[f32] {
        if self.word_vecs.is_none() {
            let mut all = self.word_vectors();
            for v in all.chunks_exact_mut(self.cfg.dim) {
                let n = dot(v, v).sqrt();
                if n > 0.0 {
                    v.iter_mut().for_each(|x| *x /= n);
                }
            }
            self.word_vecs = Some(all);
        }
        self.word_vecs.as_deref().unwrap_or(&[])
    }

    /// The `k` vocabulary words most cosine-similar to `query` (a vector), skipping `exclude`.
    pub fn nearest_to(&mut self, query: &[f32], k: usize, exclude: &[&str]) -> Vec<Neighbour> {
        let qn = dot(query, query).sqrt();
        if qn == 0.0 || k == 0 {
            return Vec::new();
        }
        let dim = self.cfg.dim;
        let skip: Vec<Option<u32>> = exclude.iter().map(|w| self.vocab.id(w)).collect();
        let sims: Vec<f32> = self.unit_vectors().chunks_exact(dim).map(|v| dot(v, query) / qn).collect();
        let mut ids: Vec<u32> = (0..sims.len() as u32).filter(|i| !skip.contains(&Some(*i))).collect();
        ids.sort_unstable_by(|&a, &b| sims[b as usize].total_cmp(&sims[a as usize]).then(a.cmp(&b)));
        ids.truncate(k);
        ids.into_iter().map(|i| Neighbour { word: self.vocab.word(i).to_string(), similarity: sims[i as usize] }).collect()
    }

    /// Nearest neighbours of any word (fastText `getNN`); the word itself is left out.
    pub fn nearest(&mut self, word: &str, k: usize) -> Result<Vec<Neighbour>> {
        let w = self.normalize(word);
        let v = self.vector(&w);
        if v.iter().all(|&x| x == 0.0) {
            return Err(Error::input(format!("{w:?} has no n-gram of {} to {} characters, so no vector", self.sub.minn, self.sub.maxn)));
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
                return Err(Error::input(format!("{w:?} has no n-gram, so no vector")));
            }
            axpy(sign / n, &v, &mut q);
        }
        Ok(self.nearest_to(&q, k, &[&a, &b, &c]))
    }

    /// The word vectors in word2vec text format (what fastText writes as `.vec`): a header
    /// `nwords dim`, then one line per word.
    pub fn to_vec(&self) -> String {
        let dim = self.cfg.dim;
        let all = self.word_vectors();
        let mut out = format!("{} {dim}\n", self.vocab.len());
        for (w, v) in self.vocab.words().iter().zip(all.chunks_exact(dim)) {
            out.push_str(w);
            for x in v {
                out.push(' ');
                out.push_str(&format!("{x:.5}"));
            }
            out.push('\n');
        }
        out
    }
}
