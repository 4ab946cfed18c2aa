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
//! It also writes the raw draws (`kept.u8`, `radius.u8`, `ctx.u8`, with `counts.u32` and
//! `corpus.u32`) for `benches/word2vec/draws.py`. `REPLAY_GEN` / `REPLAY_NEG` swap the generator or
//! the negative sampler (see `record`); `REPLAY_EVAL=dir` prints, after training, the objective on
//! the first 300,000 examples of another recording.
//!
//! `ours`: every example through our `ns_step` with our σ table (what `Word2Vec::train` runs).
//! `gensim`: `w2v_fast_sentence_cbow_neg` / `_sg_neg` of gensim 4.4 transcribed — σ from the left
//! edge of each bin, the bin index `(int)((s + 6)·83)` (C integer division 1000/6/2 = 83), and a
//! target whose score is saturated (|s| ≥ 6) skipped instead of clipped.
//! With the draws fixed, what is left between the two is the step itself.

use nlp_playground::embed::logistic::SigmoidTable;
use nlp_playground::embed::negative::ns_step;
use nlp_playground::embed::sampling::{keep, keep_thresholds, AliasSampler, UnigramTable, DEFAULT_TABLE_SIZE, WORD2VEC_POWER};
use nlp_playground::embed::word2vec::{corpus_ids, word_sentences, Mode};
use nlp_playground::nn::kernels::{axpy, dot};
use nlp_playground::rng::Rng;
use nlp_playground::text::{Vocab, VocabConfig};

#[path = "bench_config.rs"]
mod bench_config;
use bench_config::bench_config;

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

/// PCG64 (O'Neill 2014; XSL-RR output of a 128-bit LCG, numpy's former default), seeded by
/// SplitMix64 like `Xoshiro`: a third generator (`REPLAY_GEN=pcg_all`), to tell which of two
/// disagreeing generators is the odd one.
struct Pcg64 {
    state: u128,
    inc: u128,
}

impl Pcg64 {
    const MULT: u128 = 0x2360_ED05_1FC6_5DA4_4385_DF64_9FCC_F645;
    fn new(seed: u64) -> Self {
        let mut r = Rng::new(seed ^ 0x0c90_c90c_90c9_0c90);
        let (a, b, c, d) = (r.next_u64() as u128, r.next_u64() as u128, r.next_u64() as u128, r.next_u64() as u128);
        let mut p = Pcg64 { state: 0, inc: ((c << 64) | d) | 1 };
        p.step();
        p.state = p.state.wrapping_add((a << 64) | b);
        p.step();
        p
    }
    fn step(&mut self) {
        self.state = self.state.wrapping_mul(Self::MULT).wrapping_add(self.inc);
    }
    fn next_u64(&mut self) -> u64 {
        self.step();
        let s = self.state;
        ((s >> 64) as u64 ^ s as u64).rotate_right((s >> 122) as u32)
    }
}

/// The generator replacing SplitMix64 for some or all draws.
enum Other {
    Xo(Xoshiro),
    Pcg(Pcg64),
}

impl Other {
    fn next_u64(&mut self) -> u64 {
        match self {
            Other::Xo(x) => x.next_u64(),
            Other::Pcg(p) => p.next_u64(),
        }
    }
}

/// Our trainer's draws, in `Word2Vec::train`'s order (src/embed/word2vec/mod.rs).
fn record(args: &[String]) {
    let (path, mode, dir) = (&args[2], &args[3], &args[7]);
    let alpha: f64 = args[4].parse().unwrap();
    let seed: u64 = args[5].parse().unwrap();
    let cfg = bench_config(mode, Some(alpha), seed, &args[6]);
    let mode = cfg.mode;
    let sentences = word_sentences(&std::fs::read_to_string(path).unwrap(), cfg.tokenizer);
    let vocab = Vocab::from_sentences(&sentences, VocabConfig { min_count: cfg.min_count, max_size: cfg.max_vocab }).unwrap();
    let (corpus, bounds) = corpus_ids(&sentences, &vocab);
    let (v, dim) = (vocab.len(), cfg.dim);
    let mut rng = Rng::new(seed);
    // REPLAY_GEN: unset — the trainer's SplitMix64 for everything; "xoshiro" — keep and window draws
    // from xoshiro256**, the rest from SplitMix64; "xoshiro_all" — every draw (initial vectors,
    // keeps, windows, negatives) from one xoshiro256** stream, negatives as a uniform slot of the
    // unigram table (the alias sampler's distribution exactly); "pcg_all" — likewise from PCG64.
    let gen = std::env::var("REPLAY_GEN").unwrap_or_default();
    let all = gen == "xoshiro_all" || gen == "pcg_all";
    let mut xo_all = match gen.as_str() {
        "xoshiro_all" => Some(Other::Xo(Xoshiro::new(seed))),
        "pcg_all" => Some(Other::Pcg(Pcg64::new(seed))),
        _ => None,
    };
    let w = 2.0 * cfg.init.half_width();
    let syn0: Vec<u32> = (0..v * dim)
        .map(|_| {
            let u = match xo_all.as_mut() {
                Some(x) => (x.next_u64() >> 40) as f32 * (1.0 / (1u32 << 24) as f32),
                None => rng.next_f32(),
            };
            (w * (u - 0.5) / dim as f32).to_bits()
        })
        .collect();
    let table = UnigramTable::new(vocab.counts(), WORD2VEC_POWER, DEFAULT_TABLE_SIZE.min(v * 1000)).unwrap();
    let sampler = AliasSampler::from_table(&table, v);
    let keeps = keep_thresholds(vocab.counts(), cfg.sample);
    let total = cfg.epochs * corpus.len() as u64;
    let (window, negatives) = (cfg.window, cfg.negative);
    let a0 = alpha as f32;
    let mut done = 0u64;
    let mut steps = Vec::new();
    // The raw draws, for benches/word2vec/draws.py: each in-vocabulary token's keep decision
    // (1 kept, 0 dropped), each centre's radius and context size, in drawing order.
    let (mut kept_log, mut radius_log, mut ctx_log) = (Vec::<u8>::new(), Vec::<u8>::new(), Vec::<u8>::new());
    let mut other = if all { xo_all } else { (gen == "xoshiro").then(|| Other::Xo(Xoshiro::new(seed))) };
    let slots = table.slots();
    // REPLAY_NEG: "alias" (the trainer's sampler) or "table" (a uniform slot of the unigram table,
    // the same distribution); the default is the alias sampler, the table for "xoshiro_all".
    let neg = std::env::var("REPLAY_NEG").unwrap_or_else(|_| if all { "table".into() } else { "alias".into() });
    let slot = |r: u64| slots[(((r >> 32) * slots.len() as u64) >> 32) as usize];
    let negative = |rng: &mut Rng, other: &mut Option<Other>| {
        let r = match other.as_mut() {
            Some(x) if all => x.next_u64(),
            _ => rng.next_u64(),
        };
        if neg == "table" {
            slot(r)
        } else {
            sampler.pick(r).unwrap()
        }
    };
    // REPLAY_ALPHA=jobs: gensim's schedule instead of ours — one α per job of whole sentences up to
    // 10,000 raw words (`_job_producer`), from the raw words (out-of-vocabulary ones included) pushed
    // before the job against the corpus's raw total, floored at min_alpha = α₀·10⁻⁴, held in f32
    // (`c.alpha`). Per epoch and raw sentence; `raw_of` maps a training sentence to its line.
    let raw_of: Vec<usize> = (0..sentences.len()).filter(|&i| sentences[i].iter().any(|w| vocab.id(w).is_some())).collect();
    let job_alpha: Option<Vec<Vec<f32>>> = (std::env::var("REPLAY_ALPHA").as_deref() == Ok("jobs")).then(|| {
        assert_eq!(raw_of.len(), bounds.len() - 1, "a sentence was cut: the job schedule assumes none is");
        let total_raw: usize = sentences.iter().map(|s| s.len()).sum();
        let (epochs, min) = (cfg.epochs as f64, alpha * 1e-4);
        (0..cfg.epochs)
            .map(|e| {
                let next = |p: f64| (alpha - (alpha - min) * ((e as f64 + p) / epochs)).max(min) as f32;
                let mut out = vec![0f32; sentences.len()];
                let (mut next_alpha, mut batch, mut pushed, mut first) = (next(0.0), 0usize, 0usize, 0usize);
                for (i, sen) in sentences.iter().enumerate() {
                    if batch + sen.len() > 10_000 {
                        out[first..i].fill(next_alpha);
                        pushed += batch;
                        next_alpha = next(pushed as f64 / total_raw as f64);
                        (first, batch) = (i, 0);
                    }
                    batch += sen.len();
                }
                out[first..].fill(next_alpha);
                out
            })
            .collect()
    });
    for epoch in 0..cfg.epochs as usize {
        for s in 0..bounds.len() - 1 {
            let sen: Vec<(u32, u64)> = corpus[bounds[s]..bounds[s + 1]]
                .iter()
                .enumerate()
                .filter(|&(_, &w)| {
                    let k = match other.as_mut() {
                        Some(x) => keeps[w as usize] >= 1 << 32 || (x.next_u64() >> 32) < keeps[w as usize],
                        None => keep(keeps[w as usize], &mut rng),
                    };
                    kept_log.push(k as u8);
                    k
                })
                .map(|(i, &w)| (w, i as u64))
                .collect();
            let mut raw_at = 0;
            for k in 0..sen.len() {
                let need = sen[k].1 + 1 - raw_at;
                let frac = done as f64 / (total as f64 + 1.0);
                let lr = match &job_alpha {
                    Some(t) => t[epoch][raw_of[s]],
                    None => (a0 as f64 * (1.0 - frac)).max(a0 as f64 * 1e-4) as f32,
                };
                let b = match other.as_mut() {
                    Some(x) => (((x.next_u64() >> 32) * window as u64) >> 32) as usize,
                    None => rng.below(window),
                };
                let radius = window - b;
                radius_log.push(radius as u8);
                let (lo, hi) = (k.saturating_sub(radius), (k + radius).min(sen.len() - 1));
                let ctx: Vec<u32> = (lo..=hi).filter(|&j| j != k).map(|j| sen[j].0).collect();
                ctx_log.push(ctx.len() as u8);
                let centre = sen[k].0;
                match mode {
                    Mode::Cbow if !ctx.is_empty() => {
                        let negs: Vec<u32> = (0..negatives).map(|_| negative(&mut rng, &mut other)).collect();
                        steps.extend([lr.to_bits(), ctx.len() as u32]);
                        steps.extend(&ctx);
                        steps.push(centre);
                        steps.extend(negs);
                    }
                    Mode::Cbow => {}
                    Mode::SkipGram => {
                        let negs: Vec<u32> = (0..negatives * ctx.len()).map(|_| negative(&mut rng, &mut other)).collect();
                        for (e, &c) in ctx.iter().enumerate() {
                            steps.extend([lr.to_bits(), 1, c, centre]);
                            steps.extend(&negs[negatives * e..negatives * (e + 1)]);
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
    let counts: Vec<u32> = vocab.counts().iter().map(|&c| c as u32).collect();
    write_u32(&format!("{dir}/counts.u32"), &counts);
    write_u32(&format!("{dir}/corpus.u32"), &corpus);
    std::fs::write(format!("{dir}/kept.u8"), &kept_log).unwrap();
    std::fs::write(format!("{dir}/radius.u8"), &radius_log).unwrap();
    std::fs::write(format!("{dir}/ctx.u8"), &ctx_log).unwrap();
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
    if let Ok(eval) = std::env::var("REPLAY_EVAL") {
        // The training objective on a fixed set of examples (another recording's first 300,000,
        // its word ids moved to this vocabulary's order), without updating: a quality reading far
        // less noisy than WordSim-353, for comparing two ways of drawing on the same seeds.
        let index: std::collections::HashMap<&str, u32> = words.iter().enumerate().map(|(i, w)| (w.as_str(), i as u32)).collect();
        let map: Vec<u32> = std::fs::read_to_string(format!("{eval}/vocab.txt")).unwrap().lines().map(|w| index[w]).collect();
        let mut ev = read_u32(&format!("{eval}/steps.u32"));
        let mut a = 0;
        while a < ev.len() {
            let k = ev[a + 1] as usize;
            for x in &mut ev[a + 2..a + 3 + k + negative] {
                *x = map[*x as usize];
            }
            a += 3 + k + negative;
        }
        let (mut at, mut n, mut sum) = (0usize, 0u64, 0f64);
        let ln_sig = |x: f64| -(1.0 + (-x).exp()).ln();
        while at < ev.len() && n < 300_000 {
            let k = ev[at + 1] as usize;
            h.fill(0.0);
            for &r in &ev[at + 2..at + 2 + k] {
                axpy(1.0 / k as f32, &wi[r as usize * dim..][..dim], &mut h);
            }
            let pos = ev[at + 2 + k];
            sum -= ln_sig(dot(&h, &wo[pos as usize * dim..][..dim]) as f64);
            for &t in &ev[at + 3 + k..at + 3 + k + negative] {
                if t != pos {
                    sum -= ln_sig(-dot(&h, &wo[t as usize * dim..][..dim]) as f64);
                }
            }
            at += 3 + k + negative;
            n += 1;
        }
        println!("{{\"eval_loss\": {}, \"eval_examples\": {n}}}", sum / n as f64);
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
