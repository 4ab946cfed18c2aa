//! Word-vector queries, the `.vec` format, and the Word2Vec walkthrough.

use nlp_playground::embed::vectors::{cosine, Vectors};
use nlp_playground::embed::word2vec::walkthrough::WalkUpdate;
use nlp_playground::embed::word2vec::{Mode, Word2Vec, Word2VecConfig};
use nlp_playground::error::ErrorKind;
use nlp_playground::text::Tokenizer;

const SMALL: &str = "4 2\nking 1 1\nqueen 1 3\nman 2 0\nwoman 2 2\n";

#[test]
fn reads_a_vec_file_and_answers_queries_by_hand() {
    let v = Vectors::from_vec_text(SMALL, usize::MAX).unwrap();
    let q = v.view();
    assert_eq!((q.len(), q.dim), (4, 2));
    assert_eq!(q.vector("queen").unwrap(), [1.0, 3.0]);
    // cos((1,1),(2,0)) = 2 / (√2·2) = 1/√2.
    assert!((q.similarity("king", "man").unwrap() - std::f32::consts::FRAC_1_SQRT_2).abs() < 1e-6);
    // Nearest to king: woman (2,2) is parallel (cos 1), then queen and man (cos ≈ .894 and .707).
    let nn = q.nearest("king", 3).unwrap();
    assert_eq!(nn.iter().map(|n| n.word.as_str()).collect::<Vec<_>>(), ["woman", "queen", "man"]);
    assert!((nn[0].similarity - 1.0).abs() < 1e-6);
    // man : woman :: king : ? → unit(woman) − unit(man) + unit(king) ∝ (1, 1)/√2·2 − (1, 0) …
    // with the three query words excluded the only candidate is queen.
    let a = q.analogy("man", "woman", "king", 5).unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].word, "queen");
    assert_eq!(cosine(&[0.0, 0.0], &[1.0, 0.0]), 0.0);
}

#[test]
fn max_words_headerless_files_and_duplicates() {
    let v = Vectors::from_vec_text(SMALL, 2).unwrap();
    assert_eq!(v.vocab.words(), ["king", "queen"]);
    // GloVe style: no header; the first line sets the dimension.
    let v = Vectors::from_vec_text("a 0.5 1e-3 -2\nb 1 2 3\na 9 9 9\n\n", 10).unwrap();
    assert_eq!((v.dim, v.vocab.len()), (3, 2));
    assert_eq!(v.view().vector("a").unwrap(), [0.5, 0.001, -2.0]);
    // Hangul and emoji words are just words.
    let v = Vectors::from_vec_text("2 1\n고양이 0.25\n🐱 -1\n", 10).unwrap();
    assert_eq!(v.view().vector("🐱").unwrap(), [-1.0]);
}

#[test]
fn malformed_files_name_the_line() {
    let cases = [
        ("2 3\na 1 2 3\nb 1 2\n", 3, "expected 3 values"),
        ("2 2\na 1 x\n", 2, "value 2"),
        ("2 2\na 1 NaN\n", 2, "not a finite number"),
        ("1 0\n", 1, "dimension 0"),
        ("2 2\na\n", 2, "found 0"),
        // A broken header is reported on its own line, not where the first vector then fails.
        ("1 -2\na 1 2\n", 1, "dimension -2"),
        ("-1 2\na 1 2\n", 1, "word count -1"),
    ];
    for (text, line, what) in cases {
        match Vectors::from_vec_text(text, 100) {
            Err(e) if e.is(ErrorKind::Format) => {
                let message = e.to_string();
                assert!(message.starts_with(&format!("line {line}: ")), "{text:?}: {message}");
                assert!(message.contains(what), "{text:?}: {message}");
            }
            other => panic!("{text:?}: {other:?}"),
        }
    }
    assert!(matches!(Vectors::from_vec_text("", 10), Err(e) if e.is(ErrorKind::Format) && !e.to_string().starts_with("line ")));
    assert!(matches!(Vectors::from_vec_text("3 5\n", 10), Err(e) if e.is(ErrorKind::Format)));
}

fn trained(mode: Mode, sample: f64) -> Word2Vec {
    let text = "the cat sat on the mat\nthe dog sat on the rug\na cat and a dog\n".repeat(30);
    let cfg = Word2VecConfig { mode, dim: 8, min_count: 1, epochs: 2, sample, tokenizer: Tokenizer::Whitespace, ..Default::default() };
    let mut m = Word2Vec::from_text(&text, cfg).unwrap();
    while !m.train(u64::MAX).unwrap().done {}
    m
}

#[test]
fn vec_text_round_trips_bit_for_bit_and_tsv_lines_up() {
    let m = trained(Mode::SkipGram, 1e-3);
    let text = m.view().to_vec_text();
    assert!(text.starts_with(&format!("{} 8\n", m.vocab().len())));
    let back = Vectors::from_vec_text(&text, usize::MAX).unwrap();
    assert_eq!(back.vocab.words(), m.vocab().words());
    assert_eq!(back.data, m.input_vectors());
    let (vectors, meta) = m.view().to_tsv();
    assert_eq!(vectors.lines().count(), m.vocab().len());
    assert_eq!(meta.lines().next(), Some("the"));
    assert_eq!(vectors.lines().next().unwrap().split('\t').count(), 8);
}

#[test]
fn walkthrough_follows_training_and_leaves_the_model_alone() {
    for mode in [Mode::SkipGram, Mode::Cbow] {
        // With the default sample = 1e-3 and 510 tokens, t·N = 0.51 and "the" (count 120) is kept
        // with probability sqrt(0.51/120) + 0.51/120 ≈ 0.069: word2vec.c's formula.
        let sub = trained(mode, 1e-3).walkthrough(&["the".to_string()], 1, None);
        let f = 120.0 / 510.0;
        assert!((sub.tokens[0].keep_probability - ((1e-3f64 / f).sqrt() + 1e-3 / f)).abs() < 1e-9);
        let m = trained(mode, 0.0);
        let before = m.input_vectors().to_vec();
        let sentence: Vec<String> = "the cat sat on the zebra mat".split(' ').map(String::from).collect();
        let w = m.walkthrough(&sentence, 7, None);
        assert_eq!(w, m.walkthrough(&sentence, 7, None), "same seed, same walkthrough");
        assert_eq!(m.input_vectors(), before.as_slice());
        assert_eq!(w.tokens.len(), 7);
        let zebra = &w.tokens[5];
        assert!(zebra.id.is_none() && !zebra.kept && zebra.keep_probability == 0.0);
        let kept: Vec<usize> = (0..7).filter(|&i| w.tokens[i].kept).collect();
        assert_eq!(kept, [0, 1, 2, 3, 4, 6], "sample 0 keeps every known word");
        assert_eq!(w.centres.len(), kept.len());
        for c in &w.centres {
            assert!((1..=5).contains(&c.radius));
            let k = kept.iter().position(|&i| i == c.token).unwrap();
            for ctx in &c.contexts {
                let j = kept.iter().position(|i| i == ctx).unwrap();
                assert!(j != k && j.abs_diff(k) <= c.radius);
            }
            let examples = if mode == Mode::SkipGram { c.contexts.len() } else { usize::from(!c.contexts.is_empty()) };
            assert_eq!(c.negatives.len(), examples);
            assert!(c.negatives.iter().flatten().all(|n| *n != w.tokens[c.token].text && m.vocab().id(n).is_some()));
        }
        let u = w.update.expect("a 6-word sentence has an example");
        assert!(u.loss_after < u.loss_before, "{mode:?}: {} → {}", u.loss_before, u.loss_after);
        assert_eq!(u.scores.len(), 1 + u.negatives.len());
        assert_eq!(u.outputs_before.len(), u.scores.len());
        // Each input vector moved by −α·∂L/∂h (per occurrence for CBOW).
        let i0 = &u.inputs[0];
        let times = u.inputs.iter().filter(|x| *x == i0).count() as f32;
        for d in 0..8 {
            let moved = u.inputs_after[0][d] - u.inputs_before[0][d];
            assert!((moved + times * u.alpha * u.grad_hidden[d]).abs() < 1e-6, "{mode:?} dim {d}");
        }
        // Trained to the end, the model's rate has decayed to the floor; by default the update
        // uses it, with an override the same draws are updated at the given rate.
        assert_eq!((u.alpha, u.current_alpha), (m.alpha(), m.alpha()));
        let start = m.config().start_alpha() as f32;
        let at_start = m.walkthrough(&sentence, 7, Some(start)).update.unwrap();
        assert_eq!((at_start.alpha, at_start.current_alpha), (start, m.alpha()));
        assert_eq!((&at_start.negatives, &at_start.scores, at_start.loss_before), (&u.negatives, &u.scores, u.loss_before));
        let step = |v: &WalkUpdate| (0..8).map(|d| (v.inputs_after[0][d] - v.inputs_before[0][d]).abs()).sum::<f32>();
        assert!(step(&at_start) > 100.0 * step(&u), "{mode:?}: the starting rate moves the vectors visibly more");
        assert!(at_start.loss_after < u.loss_after);
    }
}
