//! The Markov chain as a picture: states, their frequencies, and the transition matrix among the
//! most frequent ones.
//!
//! A **state** is the history the model conditions on: the last `L = max(order − 1, 1)` tokens
//! (for a unigram model the last token, although its predictions ignore it). From state
//! `h = (h_1 … h_L)` emitting `w` the chain moves to `(h_2 … h_L, w)`, or to the end state `</s>`
//! when `w = </s>`; after `</s>` a new sentence starts in the all-`<s>` state.
//!
//! Only the `N` most frequent states are drawn (frequency: how often the chain stood there in the
//! training part). The rest are merged into one **other** state:
//! - a drawn state's row is the model's smoothed `P(w | h)`, each `w` sent to the state it leads
//!   to; what leads outside the drawn states goes to *other*;
//! - the *other* row is the count-weighted average of the merged states' rows, taken from the raw
//!   training counts (`Σ_h c(h w) / Σ_h c(h)` over merged `h`), which is the exact lumping of the
//!   empirical chain; for a unigram model every row is the model's distribution, so it is exact.
//!
//! Each row is renormalised to sum to 1 (it already does up to rounding).

use super::{NGramModel, BOS, EOS};
use crate::error::{check_range, Result};
use serde::Serialize;
use std::collections::HashMap;

/// A context and how often the chain stood in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContextCount {
    pub context: Vec<u32>,
    pub count: u64,
}

/// Drawn states (`tokens` ids, `labels`), then *other* if anything was merged, then `</s>`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StateDiagram {
    /// The tokens of each drawn state (empty for *other* and `</s>`).
    pub states: Vec<Vec<u32>>,
    pub labels: Vec<String>,
    /// How often the chain stood in each state (for *other*: all merged states; for `</s>`: sentences).
    pub counts: Vec<u64>,
    /// Index of the *other* state, if there is one.
    pub other: Option<usize>,
    /// Index of the end state `</s>` (always the last).
    pub end: usize,
    /// `(S, S)` row-major: `matrix[i·S + j] = P(next state j | state i)`.
    pub matrix: Vec<f32>,
}

impl NGramModel {
    /// Tokens in a state.
    pub fn state_len(&self) -> usize {
        (self.order() - 1).max(1)
    }

    /// Every state (packed key) with its frequency, most frequent first (ties: smaller key).
    fn state_counts(&self) -> Vec<(u64, u64)> {
        let mut out: Vec<(u64, u64)> = if self.order() >= 2 {
            let top = &self.levels[self.order() - 1];
            top.ctx_keys.iter().copied().zip(top.ctx_raw.iter().copied()).collect()
        } else {
            // Unigram: the state is the previous token; every token is followed by a prediction.
            let l = &self.levels[0];
            let mut v: Vec<(u64, u64)> =
                (0..l.keys.len()).filter(|&i| l.word(i) != EOS).map(|i| (l.keys[i], u64::from(l.raw[i]))).collect();
            v.push((u64::from(BOS), self.train_sentences as u64));
            v
        };
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    /// The `limit` most frequent contexts (`order − 1` ids each; one empty context for a unigram).
    pub fn top_contexts(&self, limit: usize) -> Vec<ContextCount> {
        let top = &self.levels[self.order() - 1];
        let mut v: Vec<ContextCount> = top
            .ctx_keys
            .iter()
            .zip(&top.ctx_raw)
            .map(|(&k, &count)| ContextCount { context: self.packer.unpack(k, self.order() - 1), count })
            .collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then(a.context.cmp(&b.context)));
        v.truncate(limit);
        v
    }

    /// A readable label: tokens joined by spaces, or run together in character mode (where the
    /// space token stays visible as `␣`).
    pub fn label(&self, ids: &[u32]) -> String {
        let parts: Vec<&str> = ids.iter().map(|&i| self.token(i).unwrap_or("?")).collect();
        if self.units.is_char_mode() {
            parts.concat()
        } else {
            parts.join(" ")
        }
    }

    /// States and transition matrix for the `n` most frequent states (2 ≤ n ≤ 300).
    pub fn state_diagram(&self, n: usize) -> Result<StateDiagram> {
        check_range("states", n, 2, 300)?;
        let l = self.state_len();
        let p = self.packer;
        let all = self.state_counts();
        let shown = &all[..n.min(all.len())];
        let merged = &all[shown.len()..];
        let index: HashMap<u64, usize> = shown.iter().enumerate().map(|(i, s)| (s.0, i)).collect();
        let other = (!merged.is_empty()).then_some(shown.len());
        let end = shown.len() + usize::from(other.is_some());
        let size = end + 1;
        let other_col = other.unwrap_or(end); // with nothing merged, unseen histories can only end
                                              // Where a step from history `key` emitting `w` lands.
        let land = |key: u64, w: u32| -> usize {
            if w == EOS {
                return end;
            }
            let next = p.low(p.push(key, w), l);
            index.get(&next).copied().unwrap_or(other_col)
        };
        let mut matrix = vec![0f64; size * size];
        let mut d = vec![0.0; self.num_ids()];
        if self.order() == 1 {
            self.dist_into(&[], &mut d);
        }
        // Drawn states: group the drawn targets by the history they extend, so each row costs
        // O(drawn targets) lookups instead of O(V).
        let mut by_prefix: HashMap<u64, Vec<(u32, usize)>> = HashMap::new();
        for (j, s) in shown.iter().enumerate() {
            by_prefix.entry(if l == 1 { 0 } else { s.0 >> p.bits }).or_default().push((p.word(s.0), j));
        }
        for (i, s) in shown.iter().enumerate() {
            if self.order() >= 2 {
                self.dist_into(&p.unpack(s.0, l), &mut d);
            }
            let row = &mut matrix[i * size..(i + 1) * size];
            let prefix = if l == 1 { 0 } else { p.low(s.0, l - 1) };
            let mut placed = d[EOS as usize];
            row[end] += placed;
            for &(w, j) in by_prefix.get(&prefix).map_or(&[][..], Vec::as_slice) {
                if w != BOS {
                    row[j] += d[w as usize];
                    placed += d[w as usize];
                }
            }
            row[other_col] += (1.0 - placed).max(0.0);
        }
        if let Some(o) = other {
            let row = &mut matrix[o * size..(o + 1) * size];
            if self.order() == 1 {
                for (w, &p) in d.iter().enumerate().skip(1) {
                    row[land(0, w as u32)] += p;
                }
            } else {
                let top = &self.levels[self.order() - 1];
                for &(key, _) in merged {
                    let Some(c) = top.find_ctx(key) else { continue };
                    for e in top.range(c) {
                        row[land(key, top.word(e))] += f64::from(top.raw[e]);
                    }
                }
            }
        }
        // After `</s>` a new sentence starts in the all-`<s>` history (key 0).
        matrix[end * size + index.get(&0).copied().unwrap_or(other_col)] = 1.0;
        for row in matrix.chunks_mut(size) {
            let s: f64 = row.iter().sum();
            if s > 0.0 {
                row.iter_mut().for_each(|x| *x /= s);
            }
        }
        let mut states: Vec<Vec<u32>> = shown.iter().map(|s| p.unpack(s.0, l)).collect();
        let mut labels: Vec<String> = states.iter().map(|s| self.label(s)).collect();
        let mut counts: Vec<u64> = shown.iter().map(|s| s.1).collect();
        if other.is_some() {
            states.push(Vec::new());
            labels.push("…".into());
            counts.push(merged.iter().map(|s| s.1).sum());
        }
        states.push(Vec::new());
        labels.push("</s>".into());
        counts.push(self.train_sentences as u64);
        Ok(StateDiagram { states, labels, counts, other, end, matrix: matrix.into_iter().map(|x| x as f32).collect() })
    }

    /// The state index a history (ids, any length ≥ L) stands in, for lighting up a walk.
    pub fn state_of(&self, diagram: &StateDiagram, history: &[u32]) -> usize {
        let l = self.state_len();
        let mut h = vec![BOS; l.saturating_sub(history.len())];
        h.extend_from_slice(&history[history.len().saturating_sub(l)..]);
        diagram.states.iter().position(|s| *s == h).or(diagram.other).unwrap_or(diagram.end)
    }
}
