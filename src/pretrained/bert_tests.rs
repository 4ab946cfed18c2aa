//! The fast forward pass against a plain re-implementation (naive loops, f64 sums, separate
//! Q/K/V), on random tiny models built here; HF goldens are in `tests/bert_golden.rs`.

use super::*;
use crate::nn::matmul::matmul_slow;
use crate::pretrained::tensors::Tensor;
use crate::rng::Rng;

pub(crate) fn tiny_config(electra: bool) -> Config {
    Config {
        model_type: Some(if electra { "electra" } else { "bert" }.into()),
        vocab_size: 20,
        hidden_size: 12,
        num_hidden_layers: 2,
        num_attention_heads: 3,
        intermediate_size: 20,
        max_position_embeddings: 10,
        type_vocab_size: 2,
        embedding_size: electra.then_some(6),
        ..Config::default()
    }
}

/// Random tensors for `c`, named as HF saves `BertForMaskedLM` (`bert.` prefix, plus an MLM
/// tensor that must be ignored) or `ElectraForPreTraining` (with the discriminator head).
pub(crate) fn tiny_tensors(c: &Config, seed: u64) -> Tensors {
    let mut rng = Rng::new(seed);
    let (h, e, i) = (c.hidden_size, c.embedding_size(), c.intermediate_size);
    let electra = c.family() == Family::Electra;
    let pre = if electra { "electra." } else { "bert." };
    let mut ts = Tensors::new();
    let mut add = |name: String, shape: Vec<usize>, scale: f32, offset: f32| {
        let n = shape.iter().product();
        let data = (0..n).map(|_| offset + scale * (rng.next_f32() * 2.0 - 1.0)).collect();
        ts.insert(name, Tensor::new(shape, data).unwrap()).unwrap();
    };
    let lin = |add: &mut dyn FnMut(String, Vec<usize>, f32, f32), name: &str, n: usize, k: usize| {
        add(format!("{pre}{name}.weight"), vec![n, k], 0.5, 0.0);
        add(format!("{pre}{name}.bias"), vec![n], 0.1, 0.0);
    };
    let ln = |add: &mut dyn FnMut(String, Vec<usize>, f32, f32), name: &str, n: usize| {
        add(format!("{pre}{name}.weight"), vec![n], 0.2, 1.0);
        add(format!("{pre}{name}.bias"), vec![n], 0.1, 0.0);
    };
    add(format!("{pre}embeddings.word_embeddings.weight"), vec![c.vocab_size, e], 1.0, 0.0);
    add(format!("{pre}embeddings.position_embeddings.weight"), vec![c.max_position_embeddings, e], 0.5, 0.0);
    add(format!("{pre}embeddings.token_type_embeddings.weight"), vec![c.type_vocab_size, e], 0.5, 0.0);
    ln(&mut add, "embeddings.LayerNorm", e);
    if e != h {
        lin(&mut add, "embeddings_project", h, e);
    }
    for l in 0..c.num_hidden_layers {
        for part in ["query", "key", "value"] {
            lin(&mut add, &format!("encoder.layer.{l}.attention.self.{part}"), h, h);
        }
        lin(&mut add, &format!("encoder.layer.{l}.attention.output.dense"), h, h);
        ln(&mut add, &format!("encoder.layer.{l}.attention.output.LayerNorm"), h);
        lin(&mut add, &format!("encoder.layer.{l}.intermediate.dense"), i, h);
        lin(&mut add, &format!("encoder.layer.{l}.output.dense"), h, i);
        ln(&mut add, &format!("encoder.layer.{l}.output.LayerNorm"), h);
    }
    if electra {
        add("discriminator_predictions.dense.weight".into(), vec![h, h], 0.5, 0.0);
        add("discriminator_predictions.dense.bias".into(), vec![h], 0.1, 0.0);
        add("discriminator_predictions.dense_prediction.weight".into(), vec![1, h], 0.5, 0.0);
        add("discriminator_predictions.dense_prediction.bias".into(), vec![1], 0.1, 0.0);
    } else {
        add("cls.predictions.bias".into(), vec![c.vocab_size], 0.1, 0.0);
    }
    ts
}

fn get<'a>(ts: &'a Tensors, name: &str) -> &'a [f32] {
    &ts.get_any(name).unwrap().data
}

fn lin_slow(ts: &Tensors, name: &str, x: &[f32], m: usize, n: usize, k: usize) -> Vec<f32> {
    let mut y = vec![0.0; m * n];
    matmul_slow(x, get(ts, &format!("{name}.weight")), get(ts, &format!("{name}.bias")), m, n, k, &mut y);
    y
}

fn ln_slow(ts: &Tensors, name: &str, x: &mut [f32], dim: usize, eps: f32) {
    let (g, b) = (get(ts, &format!("{name}.weight")).to_vec(), get(ts, &format!("{name}.bias")).to_vec());
    for row in x.chunks_exact_mut(dim) {
        let mean = row.iter().map(|&v| v as f64).sum::<f64>() / dim as f64;
        let var = row.iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / dim as f64;
        for j in 0..dim {
            row[j] = (((row[j] as f64 - mean) / (var + eps as f64).sqrt()) as f32) * g[j] + b[j];
        }
    }
}

/// The plain forward: hidden states (L+1)·T·H and attentions L·heads·T·T.
fn forward_slow(c: &Config, ts: &Tensors, ids: &[u32]) -> (Vec<f32>, Vec<f32>) {
    let (t, h, e, i, nh, d) = (ids.len(), c.hidden_size, c.embedding_size(), c.intermediate_size, c.num_attention_heads, c.head_dim());
    let eps = c.layer_norm_eps as f32;
    let (word, pos, typ) = (
        get(ts, "embeddings.word_embeddings.weight"),
        get(ts, "embeddings.position_embeddings.weight"),
        get(ts, "embeddings.token_type_embeddings.weight"),
    );
    let mut x: Vec<f32> =
        (0..t).flat_map(|r| (0..e).map(move |j| (r, j))).map(|(r, j)| word[ids[r] as usize * e + j] + pos[r * e + j] + typ[j]).collect();
    ln_slow(ts, "embeddings.LayerNorm", &mut x, e, eps);
    if e != h {
        x = lin_slow(ts, "embeddings_project", &x, t, h, e);
    }
    let (mut hs, mut atts) = (x.clone(), Vec::new());
    for l in 0..c.num_hidden_layers {
        let p = format!("encoder.layer.{l}");
        let q = lin_slow(ts, &format!("{p}.attention.self.query"), &x, t, h, h);
        let k = lin_slow(ts, &format!("{p}.attention.self.key"), &x, t, h, h);
        let v = lin_slow(ts, &format!("{p}.attention.self.value"), &x, t, h, h);
        let mut ctx = vec![0.0f32; t * h];
        for j in 0..nh {
            for r in 0..t {
                let s: Vec<f64> = (0..t)
                    .map(|s| (0..d).map(|u| q[r * h + j * d + u] as f64 * k[s * h + j * d + u] as f64).sum::<f64>() / (d as f64).sqrt())
                    .collect();
                let mx = s.iter().cloned().fold(f64::MIN, f64::max);
                let z: f64 = s.iter().map(|v| (v - mx).exp()).sum();
                let pr: Vec<f64> = s.iter().map(|v| (v - mx).exp() / z).collect();
                atts.extend(pr.iter().map(|&p| p as f32));
                for u in 0..d {
                    ctx[r * h + j * d + u] = (0..t).map(|s| pr[s] * v[s * h + j * d + u] as f64).sum::<f64>() as f32;
                }
            }
        }
        let mut a = lin_slow(ts, &format!("{p}.attention.output.dense"), &ctx, t, h, h);
        a.iter_mut().zip(&x).for_each(|(a, x)| *a += x);
        ln_slow(ts, &format!("{p}.attention.output.LayerNorm"), &mut a, h, eps);
        let mut m = lin_slow(ts, &format!("{p}.intermediate.dense"), &a, t, i, h);
        // exact GELU with f64 erf from the series in nn::ops tests' spirit: use erf via libm-free
        // identity Φ(x) = ½ erfc(−x/√2); here through the f32 erf, already checked to 5e-7.
        m.iter_mut().for_each(|v| *v = 0.5 * *v * (1.0 + ops::erf(*v / std::f32::consts::SQRT_2)));
        let mut o = lin_slow(ts, &format!("{p}.output.dense"), &m, t, h, i);
        o.iter_mut().zip(&a).for_each(|(o, a)| *o += a);
        ln_slow(ts, &format!("{p}.output.LayerNorm"), &mut o, h, eps);
        x = o;
        hs.extend_from_slice(&x);
    }
    (hs, atts)
}

fn max_abs(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max)
}

#[test]
fn fast_forward_matches_slow_forward() {
    for electra in [false, true] {
        let c = tiny_config(electra);
        let ts = tiny_tensors(&c, 11);
        let model = Bert::new(c.clone(), ts.clone()).unwrap();
        let mut ws = Workspace::default();
        // Lengths 7 then 3 then 7: the workspace is resized and reused.
        for ids in [vec![2u32, 5, 9, 13, 0, 19, 3], vec![2, 7, 3], vec![2, 4, 4, 4, 1, 18, 3]] {
            let out = model.forward(&ids, &mut ws).unwrap();
            let (hs, atts) = forward_slow(&c, &ts, &ids);
            assert_eq!((out.num_layers, out.num_heads, out.hidden_size, out.seq_len), (2, 3, 12, ids.len()));
            assert!(max_abs(&out.hidden_states, &hs) < 1e-4, "electra={electra}: hidden {}", max_abs(&out.hidden_states, &hs));
            assert!(max_abs(&out.attentions, &atts) < 1e-5, "electra={electra}: attention {}", max_abs(&out.attentions, &atts));
            // Every attention row is a distribution.
            for row in out.attentions.chunks_exact(ids.len()) {
                assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-5);
            }
            let emb = out.mean_pooled();
            assert!((emb.iter().map(|v| v * v).sum::<f32>() - 1.0).abs() < 1e-5);
        }
        assert_eq!(model.has_discriminator(), electra);
    }
}

#[test]
fn discriminator_probabilities() {
    let c = tiny_config(true);
    let ts = tiny_tensors(&c, 5);
    let model = Bert::new(c.clone(), ts.clone()).unwrap();
    let mut ws = Workspace::default();
    let ids = [2u32, 8, 9, 3];
    let out = model.forward(&ids, &mut ws).unwrap();
    let p = model.replaced(&out, &mut ws).unwrap();
    // By hand: σ(w₂ · gelu(W₁ h + b₁) + b₂) per token from the last hidden state.
    let last = out.last_hidden();
    let mut z = lin_slow(&ts, "discriminator_predictions.dense", last, 4, 12, 12);
    ops::gelu(&mut z);
    let logit = lin_slow(&ts, "discriminator_predictions.dense_prediction", &z, 4, 1, 12);
    for (a, l) in p.iter().zip(&logit) {
        assert!((a - 1.0 / (1.0 + (-l).exp())).abs() < 1e-6);
    }
    // A BERT checkpoint has no such head: a clear error.
    let bert = Bert::new(tiny_config(false), tiny_tensors(&tiny_config(false), 5)).unwrap();
    let out = bert.forward(&ids, &mut ws).unwrap();
    let e = bert.replaced(&out, &mut ws).unwrap_err().to_string();
    assert!(e.contains("discriminator"), "{e}");
}

#[test]
fn bad_checkpoints_and_inputs_are_errors() {
    let c = tiny_config(false);
    // A missing tensor is named.
    let mut ts = Tensors::new();
    for (n, t) in tiny_tensors(&c, 1).iter().filter(|(n, _)| !n.contains("layer.1.output.dense.bias")) {
        ts.insert(n, t.clone()).unwrap();
    }
    let e = Bert::new(c.clone(), ts).unwrap_err().to_string();
    assert!(e.contains("encoder.layer.1.output.dense.bias") && e.contains("missing"), "{e}");
    // A config whose vocabulary does not match the embedding matrix.
    let e = Bert::new(Config { vocab_size: 21, ..c.clone() }, tiny_tensors(&c, 1)).unwrap_err().to_string();
    assert!(e.contains("[20, 12]") && e.contains("vocab_size 21"), "{e}");
    // A misshapen layer tensor (intermediate_size 20 in the file, 24 in the config).
    let e = Bert::new(Config { intermediate_size: 24, ..c.clone() }, tiny_tensors(&c, 1)).unwrap_err().to_string();
    assert!(e.contains("intermediate.dense.weight") && e.contains("expected [24, 12]"), "{e}");
    // Too long, empty, out-of-vocabulary ids.
    let model = Bert::new(c.clone(), tiny_tensors(&c, 1)).unwrap();
    let mut ws = Workspace::default();
    assert!(model.forward(&[1; 11], &mut ws).unwrap_err().to_string().contains("1 to 10 tokens"));
    assert!(model.forward(&[], &mut ws).is_err());
    assert!(model.forward(&[2, 20], &mut ws).unwrap_err().to_string().contains("token id 20"));
}
