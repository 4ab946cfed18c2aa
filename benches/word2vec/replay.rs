//! Trains Word2Vec from a recorded stream of examples (`benches/word2vec/replay_gensim.py`: gensim's
//! own draws), so that two update steps can be compared on exactly the same random numbers.
//!
//!     cargo run --release --example word2vec_replay -- dir ours|gensim out.vec
//!     cargo run --release --example word2vec_replay -- record corpus.txt cbow|skipgram alpha seed init dir
//!
//! `record` writes the same files for our own trainer's draws (`Word2Vec::train`'s pipeline
//! re-run step by step: vocabulary, initial vectors, keep draws, radius, negatives, learning rate),
//! so either stream can be trained with either step. Replaying our stream with `ours` gives our
//! trainer's vectors bit for bit (checked by the caller with `cmp`).
//!
//! `ours`: every example through our `ns_step` with our σ table (what `Word2Vec::train` runs).
//! `gensim`: `w2v_fast_sentence_cbow_neg` / `_sg_neg` of gensim 4.4 transcribed — σ from the left
//! edge of each bin, the bin index `(int)((s + 6)·83)` (C integer division 1000/6/2 = 83), and a
//! target whose score is saturated (|s| ≥ 6) skipped instead of clipped.
//! With the draws fixed, what is left between the two is the step itself.

use nlp_playground::embed::logistic::SigmoidTable;
use nlp_playground::embed::negative::ns_step;
use nlp_playground::embed::sampling::{keep, keep_thresholds, AliasSampler, UnigramTable, DEFAULT_TABLE_SIZE, WORD2VEC_POWER};
use nlp_playground::embed::word2vec::{corpus_ids, word_sentences, Init, Mode, Word2VecConfig};
use nlp_playground::nn::kernels::{axpy, dot};
use nlp_playground::rng::Rng;
use nlp_playground::text::{Tokenizer, Vocab, VocabConfig};

fn write_u32(path: &str, v: &[u32]) {
    let b: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
    std::fs::write(path, b).expect(path);
}

/// xoshiro256** (Blackman & Vigna 2018), seeded by SplitMix64: a second generator for the keep and
/// window draws (`REPLAY_GEN=xoshiro`), to tell a property of the generator from one of the procedure.
struct Xoshiro([u64; 4]);

impl Xoshiro {
    fn new(seed: u64) -> Self {
        let mut r = Rng::new(seed ^ 0x5eed_5eed_5eed_5eed);
        Xoshiro([r.next_u64(), r.next_u64(), r.next_u64(), r.next_u64()])
    }
    fn next_u64(&mut self) -> u64 {
        let s = &mut self.0;
        let out = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        out
    }
}

/// Our trainer's draws, in `Word2Vec::train`'s order (src/embed/word2vec/mod.rs).
fn record(args: &[String]) {
    let (path, mode, dir) = (&args[2], &args[3], &args[7]);
    let alpha: f64 = args[4].parse().unwrap();
    let seed: u64 = args[5].parse().unwrap();
    let mode = if mode == "cbow" { Mode::Cbow } else { Mode::SkipGram };
    let init = if args[6] == "word2vec" { Init::Word2vec } else { Init::Gensim };
    let cfg = Word2VecConfig {
        mode,
        dim: 100,
        window: 5,
        negative: 5,
        sample: 1e-3,
        min_count: 5,
        epochs: 5,
        alpha: Some(alpha),
        seed,
        max_vocab: 1_000_000,
        tokenizer: Tokenizer::Whitespace,
        init,
    };
    let sentences = word_sentences(&std::fs::read_to_string(path).unwrap(), cfg.tokenizer);
    let vocab = Vocab::from_sentences(&sentences, VocabConfig { min_count: 5, max_size: 1_000_000 }).unwrap();
    let (corpus, bounds) = corpus_ids(&sentences, &vocab);
    let (v, dim) = (vocab.len(), 100usize);
    let mut rng = Rng::new(seed);
    let w = 2.0 * init.half_width();
    let syn0: Vec<u32> = (0..v * dim).map(|_| (w * (rng.next_f32() - 0.5) / dim as f32).to_bits()).collect();
    let table = UnigramTable::new(vocab.counts(), WORD2VEC_POWER, DEFAULT_TABLE_SIZE.min(v * 1000)).unwrap();
    let sampler = AliasSampler::from_table(&table, v);
    let keeps = keep_thresholds(vocab.counts(), 1e-3);
    let total = 5 * corpus.len() as u64;
    let a0 = alpha as f32;
    let mut done = 0u64;
    let mut steps = Vec::new();
    let mut other = (std::env::var("REPLAY_GEN").as_deref() == Ok("xoshiro")).then(|| Xoshiro::new(seed));
    for _ in 0..5 {
        for s in 0..bounds.len() - 1 {
            let sen: Vec<(u32, u64)> = corpus[bounds[s]..bounds[s + 1]]
                .iter()
                .enumerate()
                .filter(|&(_, &w)| match other.as_mut() {
                    Some(x) => keeps[w as usize] >= 1 << 32 || (x.next_u64() >> 32) < keeps[w as usize],
                    None => keep(keeps[w as usize], &mut rng),
                })
                .map(|(i, &w)| (w, i as u64))
                .collect();
            let mut raw_at = 0;
            for k in 0..sen.len() {
                let need = sen[k].1 + 1 - raw_at;
                let frac = done as f64 / (total as f64 + 1.0);
                let lr = (a0 as f64 * (1.0 - frac)).max(a0 as f64 * 1e-4) as f32;
                let radius = 5 - match other.as_mut() {
                    Some(x) => (((x.next_u64() >> 32) * 5) >> 32) as usize,
                    None => rng.below(5),
                };
                let (lo, hi) = (k.saturating_sub(radius), (k + radius).min(sen.len() - 1));
                let ctx: Vec<u32> = (lo..=hi).filter(|&j| j != k).map(|j| sen[j].0).collect();
                let centre = sen[k].0;
                match mode {
                    Mode::Cbow if !ctx.is_empty() => {
                        let negs: Vec<u32> = (0..5).map(|_| sampler.sample(&mut rng).unwrap()).collect();
                        steps.extend([lr.to_bits(), ctx.len() as u32]);
                        steps.extend(&ctx);
                        steps.push(centre);
                        steps.extend(negs);
                    }
                    Mode::Cbow => {}
                    Mode::SkipGram => {
                        let negs: Vec<u32> = (0..5 * ctx.len()).map(|_| sampler.sample(&mut rng).unwrap()).collect();
                        for (e, &c) in ctx.iter().enumerate() {
                            steps.extend([lr.to_bits(), 1, c, centre]);
                            steps.extend(&negs[5 * e..5 * e + 5]);
                        }
                    }
                }
                raw_at += need;
                done += need;
            }
            done += (bounds[s + 1] - bounds[s]) as u64 - raw_at;
        }
    }
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(format!("{dir}/vocab.txt"), vocab.words().join("\n") + "\n").unwrap();
    write_u32(&format!("{dir}/init.f32"), &syn0);
    write_u32(&format!("{dir}/steps.u32"), &steps);
    println!("{{\"recorded\": {}}}", steps.len());
}

fn read_u32(path: &str) -> Vec<u32> {
    let b = std::fs::read(path).expect(path);
    b.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}

/// gensim's EXP_TABLE: σ at the left edge of bin i of [−6, 6) in 1000 bins.
fn gensim_table() -> Vec<f32> {
    (0..1000)
        .map(|i| {
            let e = (((i as f32 / 1000.0 * 2.0 - 1.0) * 6.0) as f64).exp() as f32;
            e / (e + 1.0)
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn gensim_step(
    wi: &mut [f32],
    wo: &mut [f32],
    dim: usize,
    inputs: &[u32],
    pos: u32,
    negs: &[u32],
    lr: f32,
    t: &[f32],
    h: &mut [f32],
    work: &mut [f32],
) {
    let n = inputs.len();
    if n == 1 {
        h.copy_from_slice(&wi[inputs[0] as usize * dim..][..dim]);
    } else {
        h.fill(0.0);
        for &r in inputs {
            axpy(1.0, &wi[r as usize * dim..][..dim], h);
        }
        if n > 0 {
            let inv = 1.0 / n as f32;
            h.iter_mut().for_each(|x| *x *= inv);
        }
    }
    work.fill(0.0);
    for (d, &target) in std::iter::once(&pos).chain(negs).enumerate() {
        if d > 0 && target == pos {
            continue;
        }
        let label = if d == 0 { 1.0 } else { 0.0 };
        let o = &mut wo[target as usize * dim..][..dim];
        let s = dot(h, o);
        if s <= -6.0 || s >= 6.0 {
            continue;
        }
        let g = (label - t[((s as f64 + 6.0) * 83.0) as usize]) * lr;
        axpy(g, o, work);
        axpy(g, h, o);
    }
    for &r in inputs {
        axpy(1.0, work, &mut wi[r as usize * dim..][..dim]);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args[1] == "record" {
        return record(&args);
    }
    let (dir, which, out) = (&args[1], args[2].as_str(), &args[3]);
    let words: Vec<String> = std::fs::read_to_string(format!("{dir}/vocab.txt")).unwrap().lines().map(String::from).collect();
    let (v, dim, negative) = (words.len(), 100usize, 5usize);
    let mut wi: Vec<f32> = read_u32(&format!("{dir}/init.f32")).into_iter().map(f32::from_bits).collect();
    assert_eq!(wi.len(), v * dim);
    let mut wo = vec![0f32; v * dim];
    let steps = read_u32(&format!("{dir}/steps.u32"));
    let (sig, table) = (SigmoidTable::new(), gensim_table());
    let (mut h, mut g) = (vec![0f32; dim], vec![0f32; dim]);
    let (mut at, mut examples) = (0usize, 0u64);
    while at < steps.len() {
        let lr = f32::from_bits(steps[at]);
        let n = steps[at + 1] as usize;
        let inputs = &steps[at + 2..at + 2 + n];
        let pos = steps[at + 2 + n];
        let negs = &steps[at + 3 + n..at + 3 + n + negative];
        at += 3 + n + negative;
        examples += 1;
        match which {
            "ours" => {
                ns_step(&mut wi, &mut wo, dim, inputs, pos, negs, lr, &mut h, &mut g, &sig);
            }
            _ => gensim_step(&mut wi, &mut wo, dim, inputs, pos, negs, lr, &table, &mut h, &mut g),
        }
    }
    if out.ends_with(".f32") {
        // Raw little-endian (V, dim) in vocab.txt's order, for a quick score.
        write_u32(out, &wi.iter().map(|x| x.to_bits()).collect::<Vec<_>>());
        println!("{{\"examples\": {examples}, \"step\": \"{which}\"}}");
        return;
    }
    let mut text = format!("{v} {dim}\n");
    for (i, w) in words.iter().enumerate() {
        text.push_str(w);
        for x in &wi[i * dim..(i + 1) * dim] {
            text.push_str(&format!(" {x}"));
        }
        text.push('\n');
    }
    std::fs::write(out, text).unwrap();
    println!("{{\"examples\": {examples}, \"step\": \"{which}\"}}");
}
