//! FastText: the update's gradient, vectors of unseen words, planted structure, slices and errors.

use nlp_playground::embed::fasttext::{Config, FastText, Mode};
use nlp_playground::embed::logistic::ExactLogistic;
use nlp_playground::embed::negative::ns_step;
use nlp_playground::embed::subwords::{bucket_ids, SubwordConfig};
use nlp_playground::embed::vectors::WordVectors;
use nlp_playground::nn::gradcheck;
use nlp_playground::rng::Rng;
use nlp_playground::text::Tokenizer;

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// L = Σⱼ −ln σ(±h·oⱼ) with h = mean of the input rows; parameters packed as
/// [wi rows 0..R (dim each), wo rows 0..T (dim each)].
fn loss_f64(p: &[f64], dim: usize, inputs: &[u32], n_wi: usize, targets: &[(u32, bool)]) -> f64 {
    let mut h = vec![0.0; dim];
    for &r in inputs {
        for k in 0..dim {
            h[k] += p[r as usize * dim + k] / inputs.len() as f64;
        }
    }
    targets
        .iter()
        .map(|&(t, y)| {
            let o = &p[(n_wi + t as usize) * dim..(n_wi + t as usize + 1) * dim];
            let s: f64 = h.iter().zip(o).map(|(a, b)| a * b).sum();
            -sigmoid(if y { s } else { -s }).ln()
        })
        .sum()
}

#[test]
fn ns_step_gradient_matches_central_differences_and_fasttext_scaling() {
    let (dim, n_wi, n_wo) = (6usize, 5usize, 4usize);
    let mut rng = Rng::new(17);
    let wi: Vec<f32> = (0..n_wi * dim).map(|_| rng.next_f32() - 0.5).collect();
    let wo: Vec<f32> = (0..n_wo * dim).map(|_| rng.next_f32() - 0.5).collect();
    // Row 3 appears twice, like a repeated n-gram ("an" in "banana"); targets are distinct.
    let inputs = [0u32, 3, 1, 3];
    let targets = [(2u32, true), (0, false), (3, false)];
    let n = inputs.len() as f64;
    let p: Vec<f64> = wi.iter().chain(&wo).map(|&x| x as f64).collect();

    // Analytic gradient (see `ns_step`'s derivation).
    let mut h = vec![0.0; dim];
    for &r in &inputs {
        for k in 0..dim {
            h[k] += p[r as usize * dim + k] / n;
        }
    }
    let mut g = vec![0.0; p.len()];
    let mut dh = vec![0.0; dim];
    for &(t, y) in &targets {
        let o = (n_wi + t as usize) * dim;
        let s: f64 = (0..dim).map(|k| h[k] * p[o + k]).sum();
        let e = sigmoid(s) - if y { 1.0 } else { 0.0 }; // dL/ds
        for k in 0..dim {
            dh[k] += e * p[o + k];
            g[o + k] += e * h[k];
        }
    }
    for &r in &inputs {
        for k in 0..dim {
            g[r as usize * dim + k] += dh[k] / n; // ∂L/∂wi[r] = (1/N)·∂L/∂h per occurrence
        }
    }
    let mut f = |x: &[f64]| loss_f64(x, dim, &inputs, n_wi, &targets);
    let res = gradcheck::check(&mut f, &p, &g, 1e-6, 1e-9);
    assert!(res.max_rel_error < 1e-6, "{res:?}");

    // The f32 step: wo moves by −lr·∂L/∂o, each input row by −lr·N·∂L/∂wi[r] (fastText leaves
    // out the 1/N), i.e. −lr·mult(r)·∂L/∂h.
    let lr = 0.1f32;
    let (mut wi2, mut wo2) = (wi.clone(), wo.clone());
    let (mut hid, mut grad) = (vec![0.0f32; dim], vec![0.0f32; dim]);
    let loss = ns_step(&mut wi2, &mut wo2, dim, &inputs, 2, &[0, 3], lr, &mut hid, &mut grad, &ExactLogistic);
    assert!((loss as f64 - f(&p)).abs() < 1e-5, "loss {loss} vs {}", f(&p));
    for i in 0..n_wi * dim {
        let want = p[i] - lr as f64 * n * g[i];
        assert!((wi2[i] as f64 - want).abs() < 1e-5, "wi[{i}]: {} vs {want}", wi2[i]);
    }
    for i in 0..n_wo * dim {
        let want = p[n_wi * dim + i] - lr as f64 * g[n_wi * dim + i];
        assert!((wo2[i] as f64 - want).abs() < 1e-5, "wo[{i}]: {} vs {want}", wo2[i]);
    }
    // Row 2 is not an input: unchanged.
    assert_eq!(&wi2[2 * dim..3 * dim], &wi[2 * dim..3 * dim]);
}

/// Four families of words, each with its own context words; sentences mix one family's words
/// with its contexts, so a family's members and contexts share neighbourhoods.
fn planted(families: &[(&[&str], &[&str])], sentences: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::new();
    for _ in 0..sentences {
        let (words, ctx) = families[rng.below(families.len())];
        for i in 0..8 {
            let pool = if i % 2 == 0 { words } else { ctx };
            out.push_str(pool[rng.below(pool.len())]);
            out.push(' ');
        }
        out.push_str(".\n");
    }
    out
}

fn config(jamo: bool) -> Config {
    Config {
        dim: 32,
        min_count: 1,
        sample: 0.0,
        epochs: 8,
        bucket: 20_000,
        minn: 3,
        maxn: 6,
        jamo,
        tokenizer: Tokenizer::Whitespace,
        ..Config::default()
    }
}

fn train(ft: &mut FastText) {
    while !ft.train(5_000).unwrap().done {}
}

#[test]
fn unseen_inflections_land_near_their_stems_relatives() {
    const WALK: &[&str] = &["walk", "walked", "walking", "walker"];
    const COOK: &[&str] = &["cook", "cooked", "cooking", "cookery"];
    const SWIM: &[&str] = &["swim", "swimming", "swimmer", "swimmers"];
    const READ: &[&str] = &["read", "reading", "reader", "reread"];
    let fams: [(&[&str], &[&str]); 4] = [
        (WALK, &["street", "park", "road", "path", "mile"]),
        (COOK, &["kitchen", "pan", "soup", "oven", "recipe"]),
        (SWIM, &["pool", "water", "lake", "beach", "wave"]),
        (READ, &["book", "page", "library", "novel", "story"]),
    ];
    let mut ft = FastText::new(&planted(&fams, 1500, 5), config(false)).unwrap();
    train(&mut ft);
    for (unseen, fam) in [("cooks", 1), ("walks", 0), ("swims", 2), ("readers", 3)] {
        assert!(!ft.has_word(unseen));
        let nn = ft.nearest(unseen, 3).unwrap();
        let (words, ctx) = fams[fam];
        for n in &nn {
            assert!(words.contains(&n.word.as_str()) || ctx.contains(&n.word.as_str()), "{unseen}: {nn:?}");
        }
    }
}

#[test]
fn unseen_korean_form_finds_its_stems_relatives_in_jamo_mode() {
    let fams: [(&[&str], &[&str]); 2] = [
        (&["먹었다", "먹는다", "먹고", "먹을"], &["밥을", "김치를", "식당에서", "점심을"]),
        (&["갔다", "가는", "가고", "갈"], &["학교에", "버스로", "서울에", "역까지"]),
    ];
    let mut ft = FastText::new(&planted(&fams, 800, 8), Config { minn: 2, maxn: 5, ..config(true) }).unwrap();
    train(&mut ft);
    let nn = ft.nearest("먹었어요", 3).unwrap();
    for n in &nn {
        assert!(fams[0].0.contains(&n.word.as_str()) || fams[0].1.contains(&n.word.as_str()), "{nn:?}");
    }
}

fn mean_rows(ft: &FastText, rows: &[u32]) -> Vec<f32> {
    let mut v = vec![0.0f32; ft.dim()];
    for &r in rows {
        for (a, b) in v.iter_mut().zip(ft.input_row(r)) {
            *a += b;
        }
    }
    v.iter().map(|x| x / rows.len() as f32).collect()
}

#[test]
fn vectors_are_means_of_rows() {
    let cfg = Config { epochs: 1, ..config(false) };
    let mut ft = FastText::new("the cat sat on the mat\nthe dog sat on the log\n", cfg.clone()).unwrap();
    ft.train(1_000).unwrap();
    let nwords = ft.vocab().len() as u32;
    // Unseen: the mean of its n-gram rows (nwords + bucket), no word row.
    let mut b = Vec::new();
    bucket_ids("cats", &SubwordConfig { minn: 3, maxn: 6, bucket: cfg.bucket, jamo: false }, &mut b);
    let rows: Vec<u32> = b.iter().map(|x| x + nwords).collect();
    let (got, want) = (ft.vector("cats").unwrap(), mean_rows(&ft, &rows));
    assert!(got.iter().zip(&want).all(|(a, b)| (a - b).abs() < 1e-6));
    // Known: its own row first, then the same n-gram rows as `bucket_ids`.
    let id = ft.vocab().id("cat").unwrap();
    let own = ft.input_rows(id);
    assert_eq!(own[0], id);
    let mut b = Vec::new();
    bucket_ids("cat", &SubwordConfig { minn: 3, maxn: 6, bucket: cfg.bucket, jamo: false }, &mut b);
    assert_eq!(&own[1..], b.iter().map(|x| x + nwords).collect::<Vec<_>>());
    let got = ft.vector("cat").unwrap();
    assert!(got.iter().zip(mean_rows(&ft, own)).all(|(a, b)| (a - b).abs() < 1e-6));
    // Whitespace tokens are taken as they are: "CAT" is another (unseen) word.
    assert!(!ft.has_word("CAT"));
    // The word tokeniser lower-cases, and every query is NFC: "CAFE\u{301}" finds "café".
    let ft = FastText::new("the café sat\nthe cat sat\n", Config { tokenizer: Tokenizer::Word, ..cfg }).unwrap();
    assert!(ft.has_word("CAFE\u{301}"));
    assert_eq!(ft.vector("CAFE\u{301}"), ft.vector("café"));
}

#[test]
fn zero_vector_only_without_ngrams() {
    let cfg = Config { minn: 6, maxn: 6, epochs: 1, ..config(false) };
    let ft = FastText::new("aaaa bbbb aaaa bbbb\n", cfg).unwrap();
    // "<xy>" has 4 code points < 6: no n-gram → no vector, and the queries say why;
    // "<wxyz>" has exactly one 6-gram.
    assert!(ft.vector("xy").is_none());
    let e = ft.nearest("xy", 3).unwrap_err();
    assert_eq!(e.problems()[0].code.id, "fasttext.noNgram", "{e}");
    assert_eq!(ft.similarity("aaaa", "xy").unwrap_err().to_string(), e.to_string());
    assert!(ft.vector("wxyz").unwrap().iter().any(|&x| x != 0.0));
    // A known word always has at least its own row.
    assert!(ft.vector("aaaa").unwrap().iter().any(|&x| x != 0.0));
}

#[test]
fn end_of_sentence_token_trains_only_its_own_row() {
    // fastText's initNgrams skips EOS: "</s>" in a whitespace-tokenised text is one input row,
    // and no n-gram bucket ("<</", "</s", …) is trained through it. "<s>" is an ordinary word.
    let mut ft = FastText::new("a </s> b <s> a </s> b <s>\n", Config { epochs: 1, ..config(false) }).unwrap();
    let eos = ft.vocab().id("</s>").unwrap();
    assert_eq!(ft.input_rows(eos), [eos]);
    assert_eq!(ft.rows_of("</s>"), [eos]);
    assert!(ft.known_ngrams("</s>").unwrap().is_empty());
    assert!(ft.input_rows(ft.vocab().id("<s>").unwrap()).len() > 1);
    let eos_buckets: Vec<u32> = ["<</", "<</s", "</s>", "s>>"]
        .iter()
        .map(|g| nlp_playground::embed::subwords::hash(g) % ft.config().bucket + ft.vocab().len() as u32)
        .collect();
    let before: Vec<Vec<f32>> = eos_buckets.iter().map(|&r| ft.input_row(r).to_vec()).collect();
    train(&mut ft);
    let used: Vec<u32> = (0..ft.vocab().len() as u32).flat_map(|i| ft.input_rows(i).to_vec()).collect();
    for (r, b) in eos_buckets.iter().zip(&before) {
        if !used.contains(r) {
            assert_eq!(ft.input_row(*r), &b[..], "bucket row {r} of an n-gram of </s> was trained");
        }
    }
}

#[test]
fn slices_replay_one_long_run_and_lr_decays() {
    let text = planted(&[(&["a1", "a2"], &["x1", "x2"]), (&["b1", "b2"], &["y1", "y2"])], 400, 3);
    let cfg = Config { epochs: 3, mode: Mode::Cbow, ..config(false) };
    let mut one = FastText::new(&text, cfg.clone()).unwrap();
    let p = one.train(u64::MAX).unwrap();
    assert!(p.done && p.words_done == p.total_words);
    // lr = alpha·(1 − progress): at the end progress is within lrUpdateRate + one line of 1.
    assert!(p.alpha < 0.05 * 0.01, "{p:?}");
    let mut sliced = FastText::new(&text, cfg).unwrap();
    let mut mid = None;
    loop {
        let q = sliced.train(37).unwrap();
        if mid.is_none() && q.words_done * 2 >= q.total_words {
            mid = Some(q);
        }
        if q.done {
            break;
        }
    }
    let mid = mid.unwrap();
    let expect = 0.05 * (1.0 - mid.words_done as f64 / mid.total_words as f64);
    assert!((mid.alpha - expect).abs() < 0.05 * 0.02, "{mid:?} vs {expect}");
    assert_eq!(one.to_vec_text(), sliced.to_vec_text());
    // A finished model does not train further.
    assert_eq!(sliced.train(100).unwrap().words_done, p.words_done);
}

#[test]
fn bad_settings_and_corpora_are_errors() {
    let ok = "a b a b a b\n";
    let err = |cfg: Config, text: &str| FastText::new(text, cfg).err().expect("should fail").to_string();
    assert!(err(Config { minn: 4, maxn: 3, ..config(false) }, ok).contains("maxn"));
    assert!(err(Config { maxn: 100, ..config(false) }, ok).contains("maxn"));
    assert!(err(Config { bucket: 0, ..config(false) }, ok).contains("bucket"));
    assert!(err(Config { dim: 0, ..config(false) }, ok).contains("dim"));
    assert!(err(Config { alpha: f64::NAN, ..config(false) }, ok).contains("alpha"));
    assert!(err(Config { bucket: 2_000_000_000, ..config(false) }, ok).contains("MB"));
    assert!(err(config(false), "").contains("two different words"));
    assert!(err(config(false), "same same same").contains("two different words"));
    // A huge learning rate: training stops with a message, nothing panics.
    let text = "a b c d e f g h\n".repeat(200);
    let mut ft = FastText::new(&text, Config { alpha: 10.0, dim: 8, ..config(false) }).unwrap();
    let mut failed = false;
    for _ in 0..200 {
        match ft.train(1_000) {
            Ok(p) if p.done => break,
            Ok(_) => {}
            Err(e) => {
                assert!(e.to_string().contains("diverged"));
                failed = true;
                break;
            }
        }
    }
    if failed {
        assert!(ft.train(10).is_err());
    }
    // Odd queries: a 10,000-character word and a lone combining mark give vectors, no panic.
    let ft = FastText::new(ok, config(false)).unwrap();
    assert_eq!(ft.vector(&"x".repeat(10_000)).unwrap().len(), 32);
    assert!(ft.vector("\u{301}").is_none_or(|v| v.len() == 32));
}
