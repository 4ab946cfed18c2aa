//! Decoding: greedy (a batch of sources at once, the most probable token at every step) and beam
//! search (one source, the `k` best partial outputs by total log-probability kept at each step).

use super::data::UNK;
use super::net::{Net, BOS, EOS};
use crate::nn::math::{exp, ln};
use crate::nn::recurrent::State;
use ndarray::Array2;

/// One decoded output: ids (without EOS), and per output step the attention weights over the
/// source (`steps × S`, row-major; empty without attention) and the chosen token's probability.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub ids: Vec<u32>,
    pub attention: Vec<f32>,
    pub probs: Vec<f32>,
}

/// Pads sources into a time-major batch: `(S·B)` ids and the lengths.
fn batch_sources(srcs: &[&[u32]]) -> (Vec<u32>, Vec<usize>) {
    let b = srcs.len();
    let s = srcs.iter().map(|x| x.len()).max().unwrap_or(1).max(1);
    let mut ids = vec![0; s * b];
    for (r, src) in srcs.iter().enumerate() {
        for (i, &id) in src.iter().enumerate() {
            ids[i * b + r] = id;
        }
    }
    (ids, srcs.iter().map(|x| x.len()).collect())
}

/// Whether a target id may be output: EOS and the real tokens (ids above [`UNK`]).
fn speakable(i: usize) -> bool {
    i as u32 == EOS || i as u32 > UNK
}

/// `ln Σ e^z` of a row.
fn log_sum_exp(z: &[f32]) -> f32 {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    max + ln(z.iter().map(|&v| exp(v - max)).sum::<f32>())
}

/// Greedy decoding of every source (at most `max_len` output tokens each, EOS excluded).
pub fn greedy(net: &mut Net, srcs: &[&[u32]], max_len: usize) -> Vec<Decoded> {
    let b = srcs.len();
    let (ids, lens) = batch_sources(srcs);
    let s = ids.len() / b.max(1);
    let mut state = net.encode(&ids, b, &lens);
    net.start_decoding(b, &lens);
    let mut out: Vec<Decoded> = (0..b).map(|_| Decoded { ids: Vec::new(), attention: Vec::new(), probs: Vec::new() }).collect();
    let mut y = vec![BOS; b];
    let mut done = vec![false; b];
    for _ in 0..=max_len {
        net.decode_step(&y, &mut state);
        let logits = net.step_logits();
        let alpha = net.step_alpha();
        for r in 0..b {
            if done[r] {
                continue;
            }
            let row = logits.row(r);
            let row = row.as_slice().expect("contiguous");
            // The most probable token (lowest id on a tie); padding, BOS and UNK are never output.
            let best = (0..row.len()).filter(|&i| speakable(i)).fold(EOS as usize, |bi, i| if row[i] > row[bi] { i } else { bi });
            if best as u32 == EOS || out[r].ids.len() == max_len {
                done[r] = true;
                continue;
            }
            out[r].ids.push(best as u32);
            out[r].probs.push(exp(row[best] - log_sum_exp(row)));
            if let Some(al) = &alpha {
                out[r].attention.extend(al.row(r).iter().take(s));
            }
            y[r] = best as u32;
        }
        if done.iter().all(|&d| d) {
            break;
        }
    }
    out
}

#[derive(Clone)]
struct Hyp {
    ids: Vec<u32>,
    attention: Vec<f32>,
    probs: Vec<f32>,
    score: f32,
    row: usize,
}

/// Beam search with `k` beams for one source: at each step every live output is extended by its
/// `k` most probable tokens and the `k` best by total log-probability live on; an output that
/// emits EOS is finished. Stops when the best finished output scores at least as well as the
/// best live one (log-probabilities only fall as outputs grow), or at `max_len` tokens.
pub fn beam(net: &mut Net, src: &[u32], k: usize, max_len: usize) -> Decoded {
    let k = k.max(1);
    let srcs: Vec<&[u32]> = vec![src; k];
    let (ids, lens) = batch_sources(&srcs);
    let s = src.len();
    let mut state = net.encode(&ids, k, &lens);
    net.start_decoding(k, &lens);
    let mut live = vec![Hyp { ids: Vec::new(), attention: Vec::new(), probs: Vec::new(), score: 0.0, row: 0 }];
    let mut finished: Vec<Hyp> = Vec::new();
    let mut y = vec![BOS; k];
    for step in 0..=max_len {
        net.decode_step(&y, &mut state);
        let logits = net.step_logits();
        let alpha = net.step_alpha();
        let mut cands: Vec<(f32, usize, u32, f32)> = Vec::new(); // (score, hyp, token, prob)
        for (hi, hyp) in live.iter().enumerate() {
            let row = logits.row(hyp.row);
            let row = row.as_slice().expect("contiguous");
            let lse = log_sum_exp(row);
            let mut order: Vec<usize> = (0..row.len()).filter(|&i| speakable(i)).collect();
            order.sort_by(|&a, &b| row[b].total_cmp(&row[a]));
            for &v in order.iter().take(k) {
                let lp = row[v] - lse;
                cands.push((hyp.score + lp, hi, v as u32, exp(lp)));
            }
        }
        cands.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut next = Vec::new();
        for &(score, hi, v, p) in &cands {
            if next.len() == k {
                break;
            }
            let parent = &live[hi];
            if v == EOS || step == max_len {
                if finished.len() < k {
                    finished.push(Hyp { score, ..parent.clone() });
                }
                continue;
            }
            let mut h = parent.clone();
            h.ids.push(v);
            h.probs.push(p);
            if let Some(al) = &alpha {
                h.attention.extend(al.row(parent.row).iter().take(s));
            }
            h.score = score;
            next.push(h);
        }
        let best_finished = finished.iter().map(|h| h.score).fold(f32::NEG_INFINITY, f32::max);
        let best_live = next.iter().map(|h| h.score).fold(f32::NEG_INFINITY, f32::max);
        if next.is_empty() || best_finished >= best_live {
            break;
        }
        // Each surviving output continues from its parent's state, in rows 0..next.len().
        let mut h = Array2::zeros(state.h.raw_dim());
        let mut c = Array2::zeros(state.c.raw_dim());
        for (j, hyp) in next.iter_mut().enumerate() {
            h.row_mut(j).assign(&state.h.row(hyp.row));
            if c.nrows() > 0 {
                c.row_mut(j).assign(&state.c.row(hyp.row));
            }
            y[j] = *hyp.ids.last().expect("a live output has a token");
            hyp.row = j;
        }
        state = State { h, c };
        live = next;
    }
    let best = finished.into_iter().chain(live).max_by(|a, b| a.score.total_cmp(&b.score)).expect("at least one output");
    Decoded { ids: best.ids, attention: best.attention, probs: best.probs }
}
