//! Word2Vec: gradients, learning, reproducibility, slices, bad input.

use nlp_playground::embed::logistic::{ExactLogistic, Logistic};
use nlp_playground::embed::negative::ns_step;
use nlp_playground::embed::word2vec::{Init, Mode, Word2Vec, Word2VecConfig};
use nlp_playground::error::ErrorKind;
use nlp_playground::nn::gradcheck;
use nlp_playground::rng::Rng;
use nlp_playground::text::Tokenizer;

fn random_matrix(rows: usize, dim: usize, rng: &mut Rng) -> Vec<f32> {
    (0..rows * dim).map(|_| rng.next_f32() - 0.5).collect()
}

/// L(h, o_c, o_1..o_n) = −ln σ(h·o_c) − Σ ln σ(−h·o_n), in f64.
fn ns_loss(h: &[f64], outs: &[&[f64]]) -> f64 {
    let nls = |x: f64| if x >= 0.0 { (-x).exp().ln_1p() } else { -x + x.exp().ln_1p() };
    outs.iter().enumerate().map(|(i, o)| nls(if i == 0 { 1.0 } else { -1.0 } * h.iter().zip(*o).map(|(a, b)| a * b).sum::<f64>())).sum()
}

fn rows64(m: &[f32], ids: &[u32], dim: usize) -> Vec<f64> {
    ids.iter().flat_map(|&i| m[i as usize * dim..(i as usize + 1) * dim].iter().map(|&x| x as f64)).collect()
}

#[test]
fn skipgram_gradient_matches_finite_differences() {
    let (dim, v) = (5, 6);
    let mut rng = Rng::new(21);
    let (syn0, syn1) = (random_matrix(v, dim, &mut rng), random_matrix(v, dim, &mut rng));
    let (input, centre, negs) = (1u32, 2u32, [3u32, 4, 5]);
    // The training step with lr = 1: every row moves by exactly −∂L/∂row (h is stepped after all
    // targets; each output row is stepped with the h it was scored with).
    let (mut s0, mut s1) = (syn0.clone(), syn1.clone());
    let (mut neu1, mut neu1e) = (vec![0.0; dim], vec![0.0; dim]);
    ns_step(&mut s0, &mut s1, dim, &[input], centre, &negs, 1.0, &mut neu1, &mut neu1e, &ExactLogistic);
    let outs = [centre, 3, 4, 5];
    let ids_in = [input];
    let analytic: Vec<f64> = rows64(&syn0, &ids_in, dim)
        .iter()
        .zip(rows64(&s0, &ids_in, dim))
        .chain(rows64(&syn1, &outs, dim).iter().zip(rows64(&s1, &outs, dim)))
        .map(|(b, a)| b - a)
        .collect();
    let x: Vec<f64> = rows64(&syn0, &ids_in, dim).into_iter().chain(rows64(&syn1, &outs, dim)).collect();
    let mut f = |p: &[f64]| {
        let o: Vec<&[f64]> = p[dim..].chunks(dim).collect();
        ns_loss(&p[..dim], &o)
    };
    let r = gradcheck::check(&mut f, &x, &analytic, 1e-5, 1e-6);
    assert!(r.max_rel_error < 1e-4, "{r:?}");
}

#[test]
fn cbow_gradient_matches_finite_differences_times_the_context_count() {
    let (dim, v) = (4, 5);
    let mut rng = Rng::new(8);
    let (syn0, syn1) = (random_matrix(v, dim, &mut rng), random_matrix(v, dim, &mut rng));
    // Contexts 0, 1, 1 (a word twice in the window): h = (v0 + 2·v1)/3, C = 3.
    let (ctx, centre, negs) = ([0u32, 1, 1], 2u32, [3u32, 4]);
    let (mut s0, mut s1) = (syn0.clone(), syn1.clone());
    let (mut neu1, mut neu1e) = (vec![0.0; dim], vec![0.0; dim]);
    ns_step(&mut s0, &mut s1, dim, &ctx, centre, &negs, 1.0, &mut neu1, &mut neu1e, &ExactLogistic);
    let ins = [0u32, 1];
    let outs = [centre, 3, 4];
    // word2vec.c moves each context vector by −lr·∂L/∂h per occurrence = −lr·C·∂L/∂v_c, so the
    // chain-rule gradient is the input step divided by C.
    let c = ctx.len() as f64;
    let analytic: Vec<f64> = rows64(&syn0, &ins, dim)
        .iter()
        .zip(rows64(&s0, &ins, dim))
        .map(|(b, a)| (b - a) / c)
        .chain(rows64(&syn1, &outs, dim).iter().zip(rows64(&s1, &outs, dim)).map(|(b, a)| b - a))
        .collect();
    let x: Vec<f64> = rows64(&syn0, &ins, dim).into_iter().chain(rows64(&syn1, &outs, dim)).collect();
    let mut f = |p: &[f64]| {
        let h: Vec<f64> = (0..dim).map(|i| (p[i] + 2.0 * p[dim + i]) / 3.0).collect();
        let o: Vec<&[f64]> = p[2 * dim..].chunks(dim).collect();
        ns_loss(&h, &o)
    };
    let r = gradcheck::check(&mut f, &x, &analytic, 1e-5, 1e-6);
    assert!(r.max_rel_error < 1e-4, "{r:?}");
    // And ExactLogistic agrees with the f64 loss used above: −ln σ(0) = ln 2.
    assert!((ExactLogistic.neg_log_sigmoid(0.0) as f64 - 2f64.ln()).abs() < 1e-7);
}

/// Two groups of words that never meet but share their contexts within the group:
/// "cat"/"dog" appear between the same pet words, "car"/"truck" between the same road words.
pub fn planted_corpus(sentences: usize, seed: u64) -> String {
    let pets = ["the", "small", "furry", "pet", "sleeps", "purrs", "barks", "eats"];
    let roads = ["a", "fast", "red", "engine", "drives", "parks", "honks", "fuel"];
    let mut rng = Rng::new(seed);
    let mut out = String::new();
    for i in 0..sentences {
        let (words, pair) = if i % 2 == 0 { (&pets, ["cat", "dog"]) } else { (&roads, ["car", "truck"]) };
        let mut s: Vec<&str> = (0..6).map(|_| words[rng.below(words.len())]).collect();
        s.insert(3, pair[rng.below(2)]);
        out.push_str(&s.join(" "));
        out.push('\n');
    }
    out
}

fn planted_config(mode: Mode) -> Word2VecConfig {
    Word2VecConfig { mode, dim: 16, epochs: 15, min_count: 1, sample: 0.0, tokenizer: Tokenizer::Whitespace, ..Default::default() }
}

#[test]
fn words_sharing_contexts_become_nearest_neighbours() {
    let text = planted_corpus(1500, 4);
    for mode in [Mode::SkipGram, Mode::Cbow] {
        let mut m = Word2Vec::from_text(&text, planted_config(mode)).unwrap();
        let first = m.train(5000).unwrap().loss;
        let mut p = m.train(u64::MAX).unwrap();
        while !p.done {
            p = m.train(u64::MAX).unwrap();
        }
        assert!(p.loss < first, "{mode:?}: loss {first} → {}", p.loss);
        let view = m.view();
        for (a, b) in [("cat", "dog"), ("dog", "cat"), ("car", "truck"), ("truck", "car")] {
            let nn = view.nearest(a, 3).unwrap();
            assert_eq!(nn[0].word, b, "{mode:?}: nearest to {a}: {nn:?}");
        }
        // Across the groups the similarity is lower than within.
        assert!(view.similarity("cat", "dog").unwrap() > view.similarity("cat", "car").unwrap() + 0.2);
    }
}

#[test]
fn training_runs_exactly_epochs_passes_and_decays_alpha() {
    let text = planted_corpus(200, 1);
    let mut m = Word2Vec::from_text(&text, Word2VecConfig { epochs: 3, ..planted_config(Mode::SkipGram) }).unwrap();
    let tokens = 200 * 7;
    assert_eq!(m.total_words(), 3 * tokens);
    let mut calls = 0;
    let mut p = m.progress();
    while !p.done {
        p = m.train(500).unwrap();
        calls += 1;
        assert!(p.words_done <= p.total_words);
    }
    assert_eq!(p.words_done, 3 * tokens);
    assert_eq!(p.epoch, 3);
    // 4200 words in slices of ≤ 500 (plus at most a sentence of overshoot is impossible with
    // sample 0: slices stop before a centre that would exceed the budget).
    assert!(calls >= 9, "{calls}");
    // The last centre sees α₀·(1 − (N−1)/(N+1)) ≈ α₀·2/N.
    assert!(p.alpha < 0.025 * 0.01 && p.alpha >= 0.025 * 1e-4);
    // Done is sticky and costs nothing.
    assert_eq!(m.train(100).unwrap().words_done, 3 * tokens);
}

#[test]
fn same_seed_same_vectors_and_slices_do_not_change_the_result() {
    let text = planted_corpus(300, 2);
    for mode in [Mode::SkipGram, Mode::Cbow] {
        let cfg = Word2VecConfig { sample: 1e-2, ..planted_config(mode) };
        let mut whole = Word2Vec::from_text(&text, cfg.clone()).unwrap();
        while !whole.train(u64::MAX).unwrap().done {}
        let mut sliced = Word2Vec::from_text(&text, cfg.clone()).unwrap();
        while !sliced.train(37).unwrap().done {}
        assert_eq!(whole.input_vectors(), sliced.input_vectors(), "{mode:?}");
        assert_eq!(whole.output_vectors(), sliced.output_vectors());
        let mut other = Word2Vec::from_text(&text, Word2VecConfig { seed: 2, ..cfg }).unwrap();
        while !other.train(u64::MAX).unwrap().done {}
        assert_ne!(whole.input_vectors(), other.input_vectors());
    }
}

#[test]
fn initialisation_is_word2vec_c() {
    let m = Word2Vec::from_text("a b c a b c", Word2VecConfig { dim: 10, min_count: 1, ..Default::default() }).unwrap();
    // Inputs uniform in [−0.5, 0.5)/dim, outputs zero.
    assert!(m.input_vectors().iter().all(|&x| (-0.05..0.05).contains(&x)));
    assert!(m.input_vectors().iter().any(|&x| x != 0.0));
    assert!(m.output_vectors().iter().all(|&x| x == 0.0));
}

#[test]
fn gensim_initialisation_is_twice_as_wide_from_the_same_draws() {
    let text = planted_corpus(50, 3);
    let cfg = Word2VecConfig { dim: 10, min_count: 1, ..Default::default() };
    let w2v = Word2Vec::from_text(&text, cfg.clone()).unwrap();
    let gensim = Word2Vec::from_text(&text, Word2VecConfig { init: Init::Gensim, ..cfg }).unwrap();
    // gensim 4 prep_vectors: uniform in [−1, 1)/dim — the same draws scaled by 2 (exact in f32).
    for (a, b) in w2v.input_vectors().iter().zip(gensim.input_vectors()) {
        assert_eq!(2.0 * a, *b);
        assert!((-0.1..0.1).contains(b));
    }
    assert!(gensim.input_vectors().iter().any(|x| x.abs() > 0.05));
    assert!(gensim.output_vectors().iter().all(|&x| x == 0.0));
}

#[test]
fn bad_corpora_and_settings_are_refused_with_a_message() {
    let cfg = Word2VecConfig { min_count: 1, ..Default::default() };
    assert!(matches!(Word2Vec::from_text("", cfg.clone()), Err(e) if e.is(ErrorKind::Corpus)));
    assert!(matches!(Word2Vec::from_text("  \n\n ", cfg.clone()), Err(e) if e.is(ErrorKind::Corpus)));
    assert!(matches!(Word2Vec::from_text("same same same", cfg.clone()), Err(e) if e.is(ErrorKind::Corpus)));
    let bad = [
        (Word2VecConfig { dim: 0, ..cfg.clone() }, "dim"),
        (Word2VecConfig { window: 1000, ..cfg.clone() }, "window"),
        (Word2VecConfig { negative: 0, ..cfg.clone() }, "negative"),
        (Word2VecConfig { alpha: Some(f64::NAN), ..cfg.clone() }, "alpha"),
        (Word2VecConfig { sample: -1.0, ..cfg.clone() }, "sample"),
        (Word2VecConfig { epochs: 0, ..cfg.clone() }, "epochs"),
        (Word2VecConfig { min_count: 0, ..cfg.clone() }, "minCount"),
    ];
    for (c, name) in bad {
        match Word2Vec::from_text("a b c", c) {
            Err(e) if e.is(ErrorKind::Settings) => assert!(e.to_string().contains(&format!(": {name} ")), "{e}"),
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[test]
fn a_huge_learning_rate_stops_training_with_a_clear_error() {
    let text = planted_corpus(400, 3);
    let mut m = Word2Vec::from_text(&text, Word2VecConfig { alpha: Some(1e4), ..planted_config(Mode::SkipGram) }).unwrap();
    let err = loop {
        match m.train(1000) {
            Ok(p) if p.done => panic!("trained to the end without diverging"),
            Ok(_) => {}
            Err(e) => break e,
        }
    };
    assert!(err.to_string().contains("diverged") && err.to_string().contains("alpha"), "{err}");
    // It stays stopped, and queries still answer (no panic on NaN vectors).
    assert_eq!(m.train(10).unwrap_err(), err);
    assert_eq!(m.view().nearest("cat", 3).unwrap().len(), 3);
}

#[test]
fn unknown_words_have_no_vector() {
    let m = Word2Vec::from_text(&planted_corpus(50, 1), planted_config(Mode::Cbow)).unwrap();
    let v = m.view();
    assert!(v.vector("zebra").is_none());
    assert!(v.nearest("zebra", 5).is_none());
    assert!(v.similarity("cat", "zebra").is_none());
    assert!(v.analogy("cat", "dog", "zebra", 5).is_none());
    assert_eq!(v.vector("cat").unwrap().len(), 16);
}

#[test]
fn the_word_tokenizer_lowercases_and_drops_punctuation() {
    let m = Word2Vec::from_text("The cat, the DOG! 고양이와 개.", Word2VecConfig { min_count: 1, ..Default::default() }).unwrap();
    let words: Vec<&str> = m.vocab().words().iter().map(String::as_str).collect();
    assert_eq!(words, ["the", "cat", "dog", "고양이와", "개"]);
}
