//! Conditional probabilities, perplexity and sampling.
//!
//! **Add-k** (Lidstone): `P(w|h) = (c(h w) + k) / (c(h) + k·V)` with the raw counts of the highest
//! order; an unseen context (`c(h) = 0`) gives the uniform `1/V`.
//!
//! **Interpolated Kneser–Ney** (Chen & Goodman 1998, eq. 26, one discount per order):
//! ```text
//! P_m(w | h) = max(a(h w) − D_m, 0) / S(h)  +  γ(h) · P_{m−1}(w | h′)      if S(h) > 0
//! P_m(w | h) = P_{m−1}(w | h′)                                             if h was never seen
//! γ(h) = D_m · N1+(h •) / S(h),   S(h) = Σ_w a(h w),   P_0(w) = 1 / V
//! ```
//! where `h′` is `h` without its first token, `a` the adjusted counts of [`super::counts`] and
//! `N1+(h •)` the number of distinct tokens seen after `h`. Each level sums to 1 because
//! `Σ_w max(a − D, 0) = S − D·N1+(h •)` when every seen `a ≥ 1 ≥ D`, and the rest, `γ(h)`, is
//! spread by a distribution that sums to 1. The uniform floor `P_0` gives `<unk>` and every unseen
//! word some probability, so perplexity stays finite.

use super::{NGramModel, Smoothing, BOS, EOS, UNK};
use crate::error::{check_range, check_range_f, Result};
use crate::rng::Rng;
use serde::Serialize;

/// Perplexity of a text: `exp(−(1/N) Σ ln P(w_i | h_i))` over every token and every `</s>`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Perplexity {
    pub perplexity: f64,
    /// `Σ ln P` (natural log).
    pub log_prob: f64,
    /// `N`: predictions made (tokens + one `</s>` per sentence).
    pub predictions: u64,
    /// Tokens read as `<unk>`.
    pub unknown: u64,
    pub sentences: usize,
}

impl NGramModel {
    /// `P(w | ctx)` for a context of exactly `order − 1` ids (see [`NGramModel::context_ids`]).
    /// `<s>` and ids out of range have probability 0.
    pub fn prob_ids(&self, ctx: &[u32], w: u32) -> f64 {
        let n = self.order();
        debug_assert_eq!(ctx.len(), n - 1);
        if w == BOS || w as usize >= self.num_ids() {
            return 0.0;
        }
        let v = self.num_predicted() as f64;
        match self.config.smoothing {
            Smoothing::AddK => {
                let k = self.config.k;
                let top = &self.levels[n - 1];
                let hk = self.packer.pack(ctx);
                let (c_hw, c_h) = match top.find_ctx(hk) {
                    Some(c) => (top.find(self.packer.push(hk, w)).map_or(0, |i| top.raw[i]), top.ctx_total[c]),
                    None => (0, 0),
                };
                (f64::from(c_hw) + k) / (c_h as f64 + k * v)
            }
            Smoothing::Kn => {
                let mut p = 1.0 / v;
                for m in 1..=n {
                    let level = &self.levels[m - 1];
                    let hk = self.packer.pack(&ctx[ctx.len() - (m - 1)..]);
                    let Some(c) = level.find_ctx(hk) else { continue };
                    let d = self.config.discount.unwrap_or(level.discount);
                    let s = level.ctx_total[c] as f64;
                    let seen_after = level.range(c).len() as f64;
                    let a = level.find(self.packer.push(hk, w)).map_or(0.0, |i| f64::from(level.adj[i]));
                    p = (a - d).max(0.0) / s + d * seen_after / s * p;
                }
                p
            }
        }
    }

    /// The whole next-token distribution after `ctx` (`order − 1` ids), indexed by id
    /// (entry `<s>` is 0). Costs `O(V + entries)` per order rather than `V` lookups.
    pub fn dist(&self, ctx: &[u32]) -> Vec<f64> {
        let mut out = vec![0.0; self.num_ids()];
        self.dist_into(ctx, &mut out);
        out
    }

    pub(super) fn dist_into(&self, ctx: &[u32], out: &mut [f64]) {
        let n = self.order();
        let v = self.num_predicted() as f64;
        match self.config.smoothing {
            Smoothing::AddK => {
                let k = self.config.k;
                let top = &self.levels[n - 1];
                match top.find_ctx(self.packer.pack(ctx)) {
                    Some(c) => {
                        let denom = top.ctx_total[c] as f64 + k * v;
                        out.fill(k / denom);
                        for i in top.range(c) {
                            out[top.word(i) as usize] += f64::from(top.raw[i]) / denom;
                        }
                    }
                    None => out.fill(1.0 / v),
                }
            }
            Smoothing::Kn => {
                out.fill(1.0 / v);
                for m in 1..=n {
                    let level = &self.levels[m - 1];
                    let Some(c) = level.find_ctx(self.packer.pack(&ctx[ctx.len() - (m - 1)..])) else { continue };
                    let d = self.config.discount.unwrap_or(level.discount);
                    let s = level.ctx_total[c] as f64;
                    let gamma = d * level.range(c).len() as f64 / s;
                    out.iter_mut().for_each(|x| *x *= gamma);
                    for i in level.range(c) {
                        out[level.word(i) as usize] += (f64::from(level.adj[i]) - d).max(0.0) / s;
                    }
                }
            }
        }
        out[BOS as usize] = 0.0;
    }

    /// The `top_k` most probable next tokens after `ctx`, most probable first (ties: lower id).
    pub fn next_ids(&self, ctx: &[u32], top_k: usize) -> Vec<(u32, f64)> {
        let d = self.dist(ctx);
        let mut ranked: Vec<(u32, f64)> = d.iter().enumerate().skip(1).map(|(i, &p)| (i as u32, p)).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(top_k);
        ranked
    }

    /// Perplexity of sentences of ids; `None` when there is nothing to predict.
    pub fn perplexity_ids(&self, sentences: &[Vec<u32>]) -> Option<Perplexity> {
        let n1 = self.order() - 1;
        let mut log_prob = 0.0;
        let mut predictions = 0u64;
        let mut unknown = 0u64;
        for s in sentences {
            let mut ctx = vec![BOS; n1];
            for &w in s.iter().chain(std::iter::once(&EOS)) {
                log_prob += self.prob_ids(&ctx, w).ln();
                predictions += 1;
                unknown += u64::from(w == UNK);
                if n1 > 0 {
                    ctx.rotate_left(1);
                    ctx[n1 - 1] = w;
                }
            }
        }
        (predictions > 0).then(|| Perplexity {
            perplexity: (-log_prob / predictions as f64).exp(),
            log_prob,
            predictions,
            unknown,
            sentences: sentences.len(),
        })
    }

    /// Perplexity of a text, tokenised like the training text.
    pub fn perplexity(&self, text: &str) -> Result<Perplexity> {
        let ids: Vec<Vec<u32>> = self.units.sentences(text).iter().map(|s| self.encode(s)).collect();
        self.perplexity_ids(&ids).ok_or_else(|| crate::err!(Input, NGRAM_SCORE_EMPTY))
    }

    /// Perplexity on the held-out sentences (`None` when none were held out).
    pub fn heldout_perplexity(&self) -> Option<Perplexity> {
        self.perplexity_ids(&self.heldout)
    }

    /// Draws one token from `dist` sharpened or flattened by `temperature`:
    /// `q_i ∝ p_i^(1/T)`; `T = 1` is the model itself, `T → 0` the most probable token (below
    /// `T = 0.01` it is taken exactly, ties to the lower id).
    pub fn draw(dist: &[f64], temperature: f64, rng: &mut Rng) -> u32 {
        if temperature < 0.01 {
            let best = dist.iter().enumerate().fold((0, f64::NEG_INFINITY), |b, (i, &p)| if p > b.1 { (i, p) } else { b });
            return best.0 as u32;
        }
        let u = rng.next_f64();
        // Work in logs relative to the largest term so small temperatures cannot overflow.
        let top = dist.iter().cloned().fold(0.0, f64::max);
        let weight = |p: f64| if p > 0.0 { ((p.ln() - top.ln()) / temperature).exp() } else { 0.0 };
        let total: f64 = dist.iter().map(|&p| weight(p)).sum();
        let mut acc = 0.0;
        let target = u * total;
        let mut last = 0;
        for (i, &p) in dist.iter().enumerate() {
            let w = weight(p);
            if w > 0.0 {
                acc += w;
                last = i;
                if acc > target {
                    return i as u32;
                }
            }
        }
        last as u32 // rounding left the target just past the sum
    }

    /// A seeded random walk from the sentence start: `(token, P(token | context))` per step,
    /// with the model's (untempered) probability; ends after `</s>` or `max_tokens` steps.
    pub fn walk(&self, seed: u64, max_tokens: usize, temperature: f64) -> Result<Vec<(u32, f64)>> {
        check_range("maxTokens", max_tokens, 1, 10_000)?;
        check_range_f("temperature", temperature, 0.0, 10.0)?;
        let n1 = self.order() - 1;
        let mut rng = Rng::new(seed);
        let mut ctx = vec![BOS; n1];
        let mut d = vec![0.0; self.num_ids()];
        let mut out = Vec::new();
        while out.len() < max_tokens {
            self.dist_into(&ctx, &mut d);
            let w = Self::draw(&d, temperature, &mut rng);
            out.push((w, d[w as usize]));
            if w == EOS {
                break;
            }
            if n1 > 0 {
                ctx.rotate_left(1);
                ctx[n1 - 1] = w;
            }
        }
        Ok(out)
    }

    /// Generated tokens (without the closing `</s>`).
    pub fn sample(&self, seed: u64, max_tokens: usize, temperature: f64) -> Result<Vec<String>> {
        let steps = self.walk(seed, max_tokens, temperature)?;
        Ok(steps.iter().filter(|s| s.0 != EOS).filter_map(|s| self.token(s.0)).map(String::from).collect())
    }
}

/// One row of the order comparison: how a model of this order does on the held-out part.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderReport {
    pub order: usize,
    /// On the training part (falls with the order: longer contexts memorise).
    pub train: Option<Perplexity>,
    /// On the held-out part (`None` with nothing held out).
    pub heldout: Option<Perplexity>,
    /// Share of held-out predictions whose full n-gram never occurred in training: sparsity.
    pub unseen: Option<f64>,
    /// Distinct contexts of this order in the training part.
    pub contexts: usize,
    pub sample: Vec<String>,
}

impl NGramModel {
    /// Share of held-out predictions (tokens and `</s>`) whose n-gram of full order has count 0.
    pub fn heldout_unseen(&self) -> Option<f64> {
        let n1 = self.order() - 1;
        let (mut unseen, mut total) = (0u64, 0u64);
        let mut gram = Vec::with_capacity(n1 + 1);
        for s in &self.heldout {
            let mut ctx = vec![BOS; n1];
            for &w in s.iter().chain(std::iter::once(&EOS)) {
                gram.clear();
                gram.extend_from_slice(&ctx);
                gram.push(w);
                unseen += u64::from(self.count(&gram) == 0);
                total += 1;
                if n1 > 0 {
                    ctx.rotate_left(1);
                    ctx[n1 - 1] = w;
                }
            }
        }
        (total > 0).then(|| unseen as f64 / total as f64)
    }

    /// Trains orders 1–4 on the same sentences and settings (only `order` differs) and reports
    /// perplexities, sparsity and a seeded sample of `sample_len` tokens at most from each: the
    /// first non-empty one among seeds `seed, seed + 1, …` (10 tries), since a walk may end at once.
    pub fn compare_orders(sentences: &[Vec<String>], config: super::NGramConfig, seed: u64, sample_len: usize) -> Result<Vec<OrderReport>> {
        (1..=4)
            .map(|order| {
                let m = NGramModel::from_sentences(sentences, super::NGramConfig { order, ..config })?;
                Ok(OrderReport {
                    order,
                    train: m.perplexity_ids(&m.train),
                    heldout: m.heldout_perplexity(),
                    unseen: m.heldout_unseen(),
                    contexts: m.levels[order - 1].ctx_keys.len(),
                    sample: first_nonempty(&m, seed, sample_len)?,
                })
            })
            .collect()
    }
}

fn first_nonempty(m: &NGramModel, seed: u64, len: usize) -> Result<Vec<String>> {
    let mut s = Vec::new();
    for i in 0..10 {
        s = m.sample(seed.wrapping_add(i), len, 1.0)?;
        if !s.is_empty() {
            break;
        }
    }
    Ok(s)
}
