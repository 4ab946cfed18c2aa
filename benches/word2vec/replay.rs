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
//! the negative sampler (see `record`); `REPLAY_ORDER=gensim` records gensim's procedure on our
//! generator instead (`record_gensim_order`); `REPLAY_EVAL=dir` prints, after training, the objective
//! on the first 300,000 examples of another recording.
//!
//! `ours`: every example through our `ns_step` with our σ table (what `Word2Vec::train` runs).
//! `gensim`: `w2v_fast_sentence_cbow_neg` / `_sg_neg` of gensim 4.4 transcribed — σ from the left
//! edge of each bin, the bin index `(int)((s + 6)·83)` (C integer division 1000/6/2 = 83), and a
//! target whose score is saturated (|s| ≥ 6) skipped instead of clipped.
//! With the draws fixed, what is left between the two is the step itself.

use nlp_playground::embed::logistic::Word2vecSigmoid;
use nlp_playground::embed::negative::ns_step;
use nlp_playground::embed::sampling::{
    keep, keep_probability, keep_thresholds, word2vec_keep_thresholds, AliasSampler, UnigramTable, DEFAULT_TABLE_SIZE, WORD2VEC_POWER,
};
use nlp_playground::embed::word2vec::{corpus_ids, word_sentences, Mode};
use nlp_playground::nn::kernels::{axpy, dot};
use nlp_playground::rng::{Rng, NO_SUBSAMPLING};
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

/// MT19937 as numpy's legacy `RandomState(seed)` (`mt19937_seed` = Matsumoto–Nishimura's
/// `init_genrand`, then `genrand_int32`): gensim's `model.random`, which seeds each job's LCG and
/// draws the job's reduced windows.
struct Mt19937 {
    mt: [u32; 624],
    pos: usize,
}

impl Mt19937 {
    fn new(seed: u32) -> Self {
        let mut mt = [0u32; 624];
        mt[0] = seed;
        for i in 1..624 {
            mt[i] = 1_812_433_253u32.wrapping_mul(mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_add(i as u32);
        }
        Mt19937 { mt, pos: 624 }
    }
    fn next_u32(&mut self) -> u32 {
        if self.pos == 624 {
            for i in 0..624 {
                let y = (self.mt[i] & 0x8000_0000) | (self.mt[(i + 1) % 624] & 0x7fff_ffff);
                self.mt[i] = self.mt[(i + 397) % 624] ^ (y >> 1) ^ if y & 1 == 1 { 0x9908_b0df } else { 0 };
            }
            self.pos = 0;
        }
        let mut y = self.mt[self.pos];
        self.pos += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }
    /// `RandomState.randint(0, n)`: numpy's masked rejection (`buffered_bounded_masked_uint32`):
    /// the draw's low bits under the smallest all-ones mask ≥ n − 1, redrawn while above n − 1.
    fn randint(&mut self, n: u32) -> u32 {
        let rng = n - 1;
        let mask = if rng == 0 { 0 } else { u32::MAX >> rng.leading_zeros() };
        loop {
            let v = self.next_u32() & mask;
            if v <= rng {
                return v;
            }
        }
    }
}

/// gensim's 48-bit LCG (`word2vec_inner.pyx`: r ← (25214903917·r + 11) mod 2⁴⁸, each draw reading
/// r >> 16 before the step), one per job, seeded `2²⁴·randint(0, 2²⁴) + randint(0, 2²⁴)` from
/// `model.random` (`init_w2v_config`).
struct Lcg48(u64);

impl Lcg48 {
    fn next_u32(&mut self) -> u64 {
        let out = self.0 >> 16;
        self.0 = (self.0.wrapping_mul(25_214_903_917).wrapping_add(11)) & ((1u64 << 48) - 1);
        out
    }
}

/// The draws of `record_gensim_order`: our SplitMix64 with our reductions, or gensim's own pair
/// (`REPLAY_RNG=lcg`: MT19937 for the job's LCG seed and radii, the LCG for keeps and negatives).
enum GensimDraws {
    Split(Rng),
    Gensim { mt: Box<Mt19937>, lcg: Lcg48 },
}

impl GensimDraws {
    /// A new job: gensim seeds its LCG from `model.random`; our stream just continues.
    fn job(&mut self) {
        if let GensimDraws::Gensim { mt, lcg } = self {
            let hi = mt.randint(1 << 24) as u64;
            lcg.0 = (hi << 24) + mt.randint(1 << 24) as u64;
        }
    }
    /// A 32-bit draw compared with `sample_int` (kept when ≤).
    fn keep_draw(&mut self) -> u64 {
        match self {
            GensimDraws::Split(r) => r.next_u64() >> 32,
            GensimDraws::Gensim { lcg, .. } => lcg.next_u32(),
        }
    }
    fn reduced(&mut self, window: usize) -> usize {
        match self {
            GensimDraws::Split(r) => r.below(window),
            GensimDraws::Gensim { mt, .. } => mt.randint(window as u32) as usize,
        }
    }
    /// A negative's raw draw: 64 bits (SplitMix64) or the LCG's 32 in the high half, so that
    /// `>> 32` gives the value gensim reduces modulo `cum_table[-1]` either way.
    fn negative_draw(&mut self) -> u64 {
        match self {
            GensimDraws::Split(r) => r.next_u64(),
            GensimDraws::Gensim { lcg, .. } => lcg.next_u32() << 32,
        }
    }
}

/// The generator replacing SplitMix64 for some or all draws.
enum Other {
    Xo(Xoshiro),
    Pcg(Pcg64),
    /// word2vec.c's generator (`REPLAY_GEN=lcg`): next ← 25214903917·next + 11 (mod 2⁶⁴), stepped
    /// before each use and read word2vec.c's way — see `record`.
    Lcg(u64),
}

impl Other {
    fn next_u64(&mut self) -> u64 {
        match self {
            Other::Xo(x) => x.next_u64(),
            Other::Pcg(p) => p.next_u64(),
            Other::Lcg(n) => {
                *n = n.wrapping_mul(25_214_903_917).wrapping_add(11);
                *n
            }
        }
    }
}

/// Our trainer's draws, in `Word2Vec::train`'s order (src/embed/word2vec/mod.rs).
fn record(args: &[String]) {
    if std::env::var("REPLAY_ORDER").as_deref() == Ok("gensim") {
        return record_gensim_order(args);
    }
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
    // "lcg": every draw from word2vec.c's LCG, seeded with the seed, each read as word2vec.c reads
    // it: initial vectors and keeps from the low 16 bits ((next & 0xFFFF)/65536; kept when ≤ the keep
    // probability), the radius's reduction next % window, a negative the slot (next >> 16) % slots
    // of the unigram table — our procedure (order of the draws) on the reference's generator.
    let w2c = gen == "lcg";
    let all = gen == "xoshiro_all" || gen == "pcg_all" || w2c;
    let mut xo_all = match gen.as_str() {
        "xoshiro_all" => Some(Other::Xo(Xoshiro::new(seed))),
        "pcg_all" => Some(Other::Pcg(Pcg64::new(seed))),
        "lcg" => Some(Other::Lcg(seed)),
        _ => None,
    };
    let w = 2.0 * cfg.init.half_width();
    // REPLAY_INIT_SEP=1: the initial vectors from a stream of their own (SplitMix64 seeded with a
    // SplitMix64 output of seed ^ a constant), the training draws from Rng::new(seed) untouched by
    // them — as gensim, whose initial vectors come from another generator than its draws.
    let mut init_rng = match std::env::var("REPLAY_INIT_SEP") {
        Ok(_) => Rng::new(Rng::new(seed ^ 0x1417_2a1e_5eed_0001).next_u64()),
        Err(_) => rng.clone(),
    };
    let sep = std::env::var("REPLAY_INIT_SEP").is_ok();
    // With "lcg", REPLAY_LCG_INIT=splitmix: the initial vectors from a SplitMix64 stream of their
    // own (24 bits), the LCG still stepped once per value — the same training draws as "lcg" with
    // other initial vectors, a paired test of word2vec.c's low-16-bit initialisation (its values
    // repeat with period 2¹⁶, so rows 655 apart are shifted copies of each other).
    let lcg_init_sm = w2c && std::env::var("REPLAY_LCG_INIT").as_deref() == Ok("splitmix");
    let mut sm_init = Rng::new(Rng::new(seed ^ 0x1417_2a1e_5eed_0002).next_u64());
    // With "lcg", REPLAY_LCG_KEEP=top: the keep draws from the top 16 bits (next >> 48) instead of
    // word2vec.c's low 16 (the low k bits of this LCG have period 2^k): a test of that choice.
    let keep_top = w2c && std::env::var("REPLAY_LCG_KEEP").as_deref() == Ok("top");
    let syn0: Vec<u32> = (0..v * dim)
        .map(|_| {
            let u = match xo_all.as_mut() {
                Some(x) if lcg_init_sm => {
                    x.next_u64();
                    sm_init.next_f32()
                }
                Some(x) if w2c => (x.next_u64() & 0xFFFF) as f32 / 65536.0,
                Some(x) => (x.next_u64() >> 40) as f32 * (1.0 / (1u32 << 24) as f32),
                None if sep => init_rng.next_f32(),
                None => rng.next_f32(),
            };
            (w * (u - 0.5) / dim as f32).to_bits()
        })
        .collect();
    let table = UnigramTable::new(vocab.counts(), WORD2VEC_POWER, DEFAULT_TABLE_SIZE.min(v * 1000)).unwrap();
    let sampler = AliasSampler::from_table(&table, v);
    let keeps = keep_thresholds(vocab.counts(), cfg.sample);
    // word2vec.c's keep test ("lcg"): ran as its float/double mix computes it, a draw for every
    // in-vocabulary word when sample > 0 (rare words too), as the trainer (`W2vLcg::keep`).
    let w2c_keeps = word2vec_keep_thresholds(vocab.counts(), cfg.sample);
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
    // the same distribution) or "cum" (gensim's cum_table, below); the default is the alias sampler,
    // the table for "xoshiro_all".
    let neg = std::env::var("REPLAY_NEG").unwrap_or_else(|_| if all { "table".into() } else { "alias".into() });
    assert!(!w2c || neg == "table", "REPLAY_GEN=lcg reads the table as word2vec.c does");
    let slot = |r: u64| {
        if w2c {
            slots[((r >> 16) % slots.len() as u64) as usize]
        } else {
            slots[(((r >> 32) * slots.len() as u64) >> 32) as usize]
        }
    };
    // "cum": gensim's exact shares (its cum_table) at the same uniform u = (r >> 32)/2³² as "table"
    // reads its slot with — both invert their CDF at u, so the two give the same word except where
    // the table's rounding moves a boundary: a paired test of that rounding.
    let cum = cum_table(vocab.counts());
    let top = *cum.last().unwrap();
    let cum_at = |r: u64| {
        let x = ((r >> 32) * top) >> 32;
        cum.partition_point(|&c| c < x) as u32
    };
    let negative = |rng: &mut Rng, other: &mut Option<Other>| {
        let r = match other.as_mut() {
            Some(x) if all => x.next_u64(),
            _ => rng.next_u64(),
        };
        if neg == "table" {
            slot(r)
        } else if neg == "cum" {
            cum_at(r)
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
                        Some(x) if keep_top => {
                            w2c_keeps[w as usize] == NO_SUBSAMPLING || (x.next_u64() >> 48) << 16 <= w2c_keeps[w as usize]
                        }
                        Some(x) if w2c => w2c_keeps[w as usize] == NO_SUBSAMPLING || (x.next_u64() & 0xFFFF) << 16 <= w2c_keeps[w as usize],
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
                    Some(x) if w2c => (x.next_u64() % window as u64) as usize,
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

/// gensim's `make_cum_table` (domain 2³¹ − 1): the cumulative count^0.75 shares, rounded (Python's
/// `round`, ties to even), in the given word order; word i is drawn for x ∈ (cum[i−1], cum[i]].
fn cum_table(counts: &[u64]) -> Vec<u64> {
    let pow: Vec<f64> = counts.iter().map(|&c| (c as f64).powf(WORD2VEC_POWER)).collect();
    let z: f64 = pow.iter().sum();
    let domain = (1u64 << 31) - 1;
    pow.iter()
        .scan(0.0f64, |acc, &p| {
            *acc += p;
            Some((*acc / z * domain as f64).round_ties_even() as u64)
        })
        .collect()
}

/// gensim's jobs: whole lines (raw words, out-of-vocabulary ones included) while the job stays
/// within 10,000 words (`_job_producer`, `job_words`); returns each job's first line and, per epoch,
/// the job's α (`_get_next_alpha` from the raw words pushed before it, floored at α₀·10⁻⁴, f32).
fn gensim_jobs(sentences: &[Vec<String>], alpha: f64, epochs: u64) -> (Vec<usize>, Vec<Vec<f32>>) {
    let total_raw: usize = sentences.iter().map(|s| s.len()).sum();
    let mut starts = vec![0];
    let mut pushed_before = vec![0usize];
    let (mut batch, mut pushed) = (0usize, 0usize);
    for (i, sen) in sentences.iter().enumerate() {
        if batch + sen.len() > 10_000 {
            pushed += batch;
            starts.push(i);
            pushed_before.push(pushed);
            batch = 0;
        }
        batch += sen.len();
    }
    let min = alpha * 1e-4;
    let alphas = (0..epochs)
        .map(|e| {
            pushed_before
                .iter()
                .enumerate()
                .map(|(j, &p)| {
                    // The first job of an epoch gets the α left by the epoch's start (progress 0).
                    let progress = if j == 0 { 0.0 } else { p as f64 / total_raw as f64 };
                    (alpha - (alpha - min) * ((e as f64 + progress) / epochs as f64)).max(min) as f32
                })
                .collect()
        })
        .collect();
    (starts, alphas)
}

/// gensim's procedure (`train_batch_cbow`, `w2v_fast_sentence_cbow_neg`) on our SplitMix64, in
/// Rust: the same draws as `replay_gensim.py` with `REPLAY_RNG=splitmix` (the `s_stream` column),
/// thousands of times faster, with each difference from our trainer switchable on its own:
/// - order (always gensim's here): per job, one keep draw for every in-vocabulary token (kept when
///   the draw's high half ≤ `sample_int` = ⌊p·(2³²−1)⌋), then all the job's radii, then five
///   negatives per kept centre — a centre whose context is empty included (written with no
///   inputs: it changes nothing but uses up draws, as in gensim);
/// - `REPLAY_VOCAB=file`: word ids in that file's order (gensim's `index_to_key`) instead of ours;
/// - `REPLAY_INIT=file`: initial vectors from that file (f32, in the recording's word order),
///   drawn from no stream; unset: drawn first from the stream, as our trainer does;
/// - `REPLAY_NEG=cum`: negatives by `bisect_left(cum_table, (r >> 32) % cum_table[-1])` over
///   gensim's `make_cum_table` (2³¹ − 1 steps); otherwise the trainer's alias sampler on `r`;
/// - `REPLAY_ALPHA=jobs`: one α per job as gensim; otherwise ours, per centre word;
/// - `REPLAY_RNG=lcg`: gensim's own generators (`GensimDraws::Gensim`) instead of SplitMix64 — with
///   gensim's word order, initial vectors, `cum` and `jobs`, real gensim's draws (seed 1 checked
///   byte for byte against `replay_gensim.py`).
fn record_gensim_order(args: &[String]) {
    let (path, mode, dir) = (&args[2], &args[3], &args[7]);
    let alpha: f64 = args[4].parse().unwrap();
    let seed: u64 = args[5].parse().unwrap();
    let cfg = bench_config(mode, Some(alpha), seed, &args[6]);
    assert!(cfg.mode == Mode::Cbow, "REPLAY_ORDER=gensim: CBOW only");
    let sentences = word_sentences(&std::fs::read_to_string(path).unwrap(), cfg.tokenizer);
    let vocab = Vocab::from_sentences(&sentences, VocabConfig { min_count: cfg.min_count, max_size: cfg.max_vocab }).unwrap();
    let (v, dim) = (vocab.len(), cfg.dim);
    // Recording order: ours, or REPLAY_VOCAB's. `id_of[our id]` = index in the recording.
    let words: Vec<String> = match std::env::var("REPLAY_VOCAB") {
        Ok(f) => std::fs::read_to_string(f).unwrap().lines().map(String::from).collect(),
        Err(_) => vocab.words().to_vec(),
    };
    assert_eq!(words.len(), v);
    let index: std::collections::HashMap<&str, u32> = words.iter().enumerate().map(|(i, w)| (w.as_str(), i as u32)).collect();
    let counts: Vec<u64> = words.iter().map(|w| vocab.counts()[vocab.id(w).unwrap() as usize]).collect();
    let mut rng = Rng::new(seed);
    // REPLAY_RNG=lcg: gensim's own generators instead of our SplitMix64 (then the initial vectors
    // must come from REPLAY_INIT, as gensim draws them from a third generator, and negatives from
    // the cum_table: with gensim's word order and REPLAY_ALPHA=jobs this is gensim's run exactly).
    let lcg = std::env::var("REPLAY_RNG").as_deref() == Ok("lcg");
    assert!(
        !lcg || std::env::var("REPLAY_INIT").is_ok() && std::env::var("REPLAY_NEG").as_deref() == Ok("cum"),
        "REPLAY_RNG=lcg needs REPLAY_INIT and REPLAY_NEG=cum"
    );
    let syn0: Vec<u32> = match std::env::var("REPLAY_INIT") {
        Ok(f) => {
            let x = read_u32(&f);
            assert_eq!(x.len(), v * dim);
            // REPLAY_SKIP=n: the stream stepped n times first, as if it had drawn the initial
            // vectors (n = V·dim) — the draws of "init from the stream" with the vectors from the file.
            let skip: u64 = std::env::var("REPLAY_SKIP").map(|n| n.parse().unwrap()).unwrap_or(0);
            (0..skip).for_each(|_| {
                rng.next_u64();
            });
            x
        }
        Err(_) => {
            let w = 2.0 * cfg.init.half_width();
            (0..v * dim).map(|_| (w * (rng.next_f32() - 0.5) / dim as f32).to_bits()).collect()
        }
    };
    let total_vocab: u64 = counts.iter().sum();
    let sample_int: Vec<u64> = counts
        .iter()
        .map(|&c| {
            let p = keep_probability(c, total_vocab, cfg.sample).min(1.0);
            (p * (u32::MAX as f64)) as u64
        })
        .collect();
    let table = UnigramTable::new(&counts, WORD2VEC_POWER, DEFAULT_TABLE_SIZE.min(v * 1000)).unwrap();
    let sampler = AliasSampler::from_table(&table, v);
    let cum = cum_table(&counts);
    let top = *cum.last().unwrap();
    let use_cum = std::env::var("REPLAY_NEG").as_deref() == Ok("cum");
    let job_alpha = std::env::var("REPLAY_ALPHA").as_deref() == Ok("jobs");
    let (starts, alphas) = gensim_jobs(&sentences, alpha, cfg.epochs);
    let (window, negatives) = (cfg.window, cfg.negative);
    let total = cfg.epochs * sentences.iter().map(|s| s.iter().filter(|w| vocab.id(w).is_some()).count() as u64).sum::<u64>();
    let a0 = alpha as f32;
    let (mut steps, mut done) = (Vec::new(), 0u64);
    let mut draws =
        if lcg { GensimDraws::Gensim { mt: Box::new(Mt19937::new(seed as u32)), lcg: Lcg48(0) } } else { GensimDraws::Split(rng) };
    for epoch_alphas in &alphas {
        for (j, &first) in starts.iter().enumerate() {
            let last = starts.get(j + 1).copied().unwrap_or(sentences.len());
            draws.job();
            // Keep draws, token by token (in-vocabulary ones), the job's sentences in turn.
            let mut sens: Vec<Vec<(u32, u64)>> = Vec::new();
            for sen in &sentences[first..last] {
                let ids: Vec<u32> = sen.iter().filter_map(|w| vocab.id(w)).map(|i| index[words_of(&vocab, i)]).collect();
                if ids.is_empty() {
                    continue;
                }
                let kept = ids
                    .iter()
                    .enumerate()
                    .filter(|&(_, &w)| draws.keep_draw() <= sample_int[w as usize])
                    .map(|(i, &w)| (w, i as u64))
                    .collect();
                sens.push(kept);
            }
            let n_kept: usize = sens.iter().map(|s| s.len()).sum();
            let reduced: Vec<usize> = (0..n_kept).map(|_| draws.reduced(window)).collect();
            let mut at = 0usize;
            for (sen, raw_len) in sens
                .iter()
                .zip(sentences[first..last].iter().map(|s| s.iter().filter(|w| vocab.id(w).is_some()).count() as u64).filter(|&n| n > 0))
            {
                let mut raw_at = 0u64;
                for k in 0..sen.len() {
                    let need = sen[k].1 + 1 - raw_at;
                    let lr = if job_alpha {
                        epoch_alphas[j]
                    } else {
                        let frac = done as f64 / (total as f64 + 1.0);
                        (a0 as f64 * (1.0 - frac)).max(a0 as f64 * 1e-4) as f32
                    };
                    let radius = window - reduced[at];
                    at += 1;
                    let (lo, hi) = (k.saturating_sub(radius), (k + radius).min(sen.len() - 1));
                    let ctx: Vec<u32> = (lo..=hi).filter(|&i| i != k).map(|i| sen[i].0).collect();
                    let negs: Vec<u32> = (0..negatives)
                        .map(|_| {
                            let r = draws.negative_draw();
                            if use_cum {
                                let x = (r >> 32) % top;
                                cum.partition_point(|&c| c < x) as u32
                            } else {
                                sampler.pick(r).unwrap()
                            }
                        })
                        .collect();
                    steps.extend([lr.to_bits(), ctx.len() as u32]);
                    steps.extend(&ctx);
                    steps.push(sen[k].0);
                    steps.extend(negs);
                    raw_at += need;
                    done += need;
                }
                done += raw_len - raw_at;
            }
        }
    }
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(format!("{dir}/vocab.txt"), words.join("\n") + "\n").unwrap();
    write_u32(&format!("{dir}/init.f32"), &syn0);
    write_u32(&format!("{dir}/steps.u32"), &steps);
    println!("{{\"recorded\": {}}}", steps.len());
}

fn words_of(vocab: &Vocab, id: u32) -> &str {
    &vocab.words()[id as usize]
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
    clip: bool,
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
        // gensim skips a saturated score (no update); with `clip` it is treated as word2vec.c
        // does (`TrainModelThread`: σ taken as 1 above MAX_EXP, 0 below −MAX_EXP), the one
        // change that isolates how saturation is handled.
        let f = if s >= 6.0 {
            if !clip {
                continue;
            }
            1.0
        } else if s <= -6.0 {
            if !clip {
                continue;
            }
            0.0
        } else {
            t[((s as f64 + 6.0) * 83.0) as usize]
        };
        let g = (label - f) * lr;
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
    let (sig, table) = (Word2vecSigmoid::word2vec(), gensim_table());
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
            "gensim_clip" => gensim_step(&mut wi, &mut wo, dim, inputs, pos, negs, lr, &table, &mut h, &mut g, true),
            _ => gensim_step(&mut wi, &mut wo, dim, inputs, pos, negs, lr, &table, &mut h, &mut g, false),
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
