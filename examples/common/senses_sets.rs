//! The labelled sentence sets and the sense score shared by examples/transformer_senses.rs and
//! examples/transformer_senses_steps.rs (benches/README.md, "Transformer context vectors by sense"),
//! and the settings both read from the environment.

use nlp_playground::lm::transformer::{Positional, TransformerConfig};

/// A number from the environment, if set and a number.
fn env(k: &str) -> Option<f64> {
    std::env::var(k).ok().and_then(|s| s.parse::<f64>().ok())
}

/// `TransformerConfig::default()` with `seed`, and from the environment the numbers `STEPS MASK
/// RANDOM_SHARE LAYERS HEADS DIM FF CONTEXT BATCH LR WD DROPOUT`, `POSITIONAL` (sin | learned) and the
/// switches `DECAY PREDICT_ALL SENTENCE_START` (1 = on).
pub fn config_from_env(seed: u64) -> TransformerConfig {
    let def = TransformerConfig::default();
    TransformerConfig {
        seed,
        steps: env("STEPS").map_or(def.steps, |x| x as usize),
        mask: env("MASK").unwrap_or(def.mask),
        // Not `RANDOM`: bash keeps that name for itself and does not pass it to a program started
        // from a script (the demo runs K and L lost it, benches/README.md).
        random: env("RANDOM_SHARE").unwrap_or(def.random),
        layers: env("LAYERS").map_or(def.layers, |x| x as usize),
        heads: env("HEADS").map_or(def.heads, |x| x as usize),
        dim: env("DIM").map_or(def.dim, |x| x as usize),
        ff: env("FF").map_or(def.ff, |x| x as usize),
        context: env("CONTEXT").map_or(def.context, |x| x as usize),
        batch: env("BATCH").map_or(def.batch, |x| x as usize),
        lr: env("LR").unwrap_or(def.lr),
        weight_decay: env("WD").unwrap_or(def.weight_decay),
        dropout: env("DROPOUT").or(def.dropout),
        decay: env("DECAY").map_or(def.decay, |x| x != 0.0),
        predict_all: env("PREDICT_ALL").map_or(def.predict_all, |x| x != 0.0),
        positional: match std::env::var("POSITIONAL").as_deref() {
            Ok("sin") => Positional::Sin,
            Ok("learned") => Positional::Learned,
            _ => def.positional,
        },
        sentence_start: env("SENTENCE_START").map_or(def.sentence_start, |x| x != 0.0),
        ..def
    }
}

/// The view's example set first (www/contexts.js: the word at one place in every sentence), then
/// the earlier check set, the word at matching places in every sense (benches/README.md, "The word
/// at one place").
pub fn sets(lang: &str) -> Vec<(&'static str, Vec<(&'static str, usize)>)> {
    match lang {
        "en" => vec![
            (
                "view",
                vec![
                    ("The bank gave the farmer a loan.", 0),
                    ("The bank kept her money safe.", 0),
                    ("The bank paid interest on the money.", 0),
                    ("The bank opened an account for the queen.", 0),
                    ("The bank counted the money.", 0),
                    ("The bank gave the king his money.", 0),
                    ("The bank was wet and muddy.", 1),
                    ("The bank of the river was green.", 1),
                    ("The bank near the water was grassy.", 1),
                    ("The bank was covered with flowers.", 1),
                    ("The bank of the stream was far away.", 1),
                    ("The bank near the bridge had green grass.", 1),
                ],
            ),
            (
                "matched",
                vec![
                    ("The bank gave the farmer a loan.", 0),
                    ("At the bank, the woman saved her money.", 0),
                    ("The king put his money in the bank.", 0),
                    ("The bank paid interest on the money.", 0),
                    ("The boy took some money from the bank.", 0),
                    ("The princess opened an account at the bank.", 0),
                    ("The bank was wet and muddy.", 1),
                    ("From the bank, the boy watched the fish.", 1),
                    ("The girl sat on the bank of the river.", 1),
                    ("The bank of the stream was green.", 1),
                    ("Ducks rested on the grassy bank.", 1),
                    ("The old man sat on the bank.", 1),
                ],
            ),
        ],
        _ => vec![
            (
                "view",
                vec![
                    ("배가 천천히 항구로 돌아왔다.", 0),
                    ("배가 바다로 나갔다.", 0),
                    ("배가 파도를 넘어 섬으로 갔다.", 0),
                    ("배가 항구에 많이 있었다.", 0),
                    ("배가 달고 맛있다.", 1),
                    ("배가 가을에 잘 익었다.", 1),
                    ("배가 사과보다 크고 물이 많다.", 1),
                    ("배가 사과보다 맛있다.", 1),
                    ("배가 고파서 왕은 밥을 먹었다.", 2),
                    ("배가 아파서 왕자는 누웠다.", 2),
                    ("배가 불러서 공주는 웃었다.", 2),
                    ("배가 아파서 소년은 잠을 잤다.", 2),
                ],
            ),
            (
                "matched",
                vec![
                    ("배가 천천히 항구로 돌아왔다.", 0),
                    ("작은 배가 바다로 나갔다.", 0),
                    ("항구에는 작은 배가 많이 있었다.", 0),
                    ("배가 파도를 넘어 섬으로 갔다.", 0),
                    ("배가 달고 맛있다.", 1),
                    ("가을에는 배가 잘 익었다.", 1),
                    ("이 배가 사과보다 크고 물이 많다.", 1),
                    ("여왕은 달고 시원한 배가 좋았다.", 1),
                    ("배가 고파서 왕은 밥을 먹었다.", 2),
                    ("왕자는 배가 아파서 누웠다.", 2),
                    ("밥을 먹자 공주는 배가 불렀다.", 2),
                    ("찬 우유를 마시고 소년은 배가 아팠다.", 2),
                ],
            ),
        ],
    }
}

pub fn cos(a: &[f32], b: &[f32]) -> f64 {
    let (mut d, mut x, mut y) = (0.0f64, 0.0f64, 0.0f64);
    for (p, q) in a.iter().zip(b) {
        d += (*p as f64) * (*q as f64);
        x += (*p as f64).powi(2);
        y += (*q as f64).powi(2);
    }
    d / (x * y).sqrt().max(1e-30)
}

/// (leave-one-out nearest neighbour of the same sense, within − across mean cosine).
pub fn score(vs: &[Vec<f32>], labels: &[usize]) -> (usize, f64) {
    let n = vs.len();
    let (mut hit, mut w, mut nw, mut a, mut na) = (0, 0.0, 0, 0.0, 0);
    for i in 0..n {
        let mut best = (f64::NEG_INFINITY, 0);
        for j in 0..n {
            if i == j {
                continue;
            }
            let c = cos(&vs[i], &vs[j]);
            if c > best.0 {
                best = (c, j);
            }
            if j > i {
                if labels[i] == labels[j] {
                    w += c;
                    nw += 1;
                } else {
                    a += c;
                    na += 1;
                }
            }
        }
        hit += (labels[best.1] == labels[i]) as usize;
    }
    (hit, w / nw as f64 - a / na as f64)
}
