//! Hand-computed counts, probabilities and perplexity on a two-sentence corpus.
//!
//! Corpus (whitespace tokens, one sentence per line, nothing held out):
//! ```text
//! a b
//! a b a
//! ```
//! Vocabulary by count: a (3), b (2) → ids a = 3, b = 4; `V` = {</s>, <unk>, a, b} = 4 types.

use super::*;

const TEXT: &str = "a b\na b a";
const A: u32 = 3;
const B: u32 = 4;

fn model(order: usize, smoothing: Smoothing) -> NGramModel {
    let c = NGramConfig { order, smoothing, holdout: 0.0, tokenizer: Some(Tokenizer::Whitespace), lowercase: false, ..Default::default() };
    NGramModel::from_text(TEXT, c).unwrap()
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-12, "{a} vs {b}");
}

#[test]
fn ids_and_raw_counts() {
    let m = model(2, Smoothing::Kn);
    assert_eq!((m.id("a"), m.id("b"), m.id("zzz"), m.id("<s>"), m.id("</s>")), (A, B, UNK, BOS, EOS));
    assert_eq!(m.num_predicted(), 4);
    // Bigrams at predicted positions, <s> padding one:
    // "a b":   (<s> a) (a b) (b </s>);   "a b a": (<s> a) (a b) (b a) (a </s>).
    assert_eq!(m.count(&[BOS, A]), 2);
    assert_eq!(m.count(&[A, B]), 2);
    assert_eq!(m.count(&[B, EOS]), 1);
    assert_eq!(m.count(&[B, A]), 1);
    assert_eq!(m.count(&[A, EOS]), 1);
    assert_eq!(m.count(&[A, A]), 0);
    // Unigrams: a 3, b 2, </s> 2 (one per sentence).
    assert_eq!((m.count(&[A]), m.count(&[B]), m.count(&[EOS])), (3, 2, 2));
    assert_eq!(m.ngram_types(2), 5);
}

#[test]
fn continuation_counts_and_sentence_start_rule() {
    let m = model(3, Smoothing::Kn);
    // Trigrams (padding <s> <s>): (<s> <s> a)×2, (<s> a b)×2, (a b </s>), (a b a), (b a </s>).
    assert_eq!(m.count(&[BOS, BOS, A]), 2);
    assert_eq!(m.count(&[BOS, A, B]), 2);
    let bi = &m.levels[1];
    let adj = |g: &[u32]| bi.adj[bi.find(m.packer.pack(g)).unwrap()];
    // (a b) is preceded only by <s> → continuation count 1, though its raw count is 2.
    assert_eq!((m.count(&[A, B]), adj(&[A, B])), (2, 1));
    // (<s> a) starts with <s>: nothing can precede it, so it keeps its raw count 2.
    assert_eq!(adj(&[BOS, A]), 2);
    let uni = &m.levels[0];
    let adj1 = |w: u32| uni.adj[uni.find(u64::from(w)).unwrap()];
    // N1+(• a) = |{<s>, b}| = 2, N1+(• b) = |{a}| = 1, N1+(• </s>) = |{a, b}| = 2.
    assert_eq!((adj1(A), adj1(B), adj1(EOS)), (2, 1, 2));
}

#[test]
fn add_one_by_hand() {
    let m = model(2, Smoothing::AddK);
    // P(w|a) = (c(a w) + 1) / (c(a) + 4), c(a ·) = 3: b 3/7, </s> 2/7, a 1/7, <unk> 1/7.
    close(m.prob_ids(&[A], B), 3.0 / 7.0);
    close(m.prob_ids(&[A], EOS), 2.0 / 7.0);
    close(m.prob_ids(&[A], A), 1.0 / 7.0);
    close(m.prob_ids(&[A], UNK), 1.0 / 7.0);
    // P(a|<s>) = (2 + 1)/(2 + 4) = 1/2. Unseen context <unk>: uniform 1/4.
    close(m.prob_ids(&[BOS], A), 0.5);
    close(m.prob_ids(&[UNK], B), 0.25);
    assert_eq!(m.prob_ids(&[A], BOS), 0.0);
}

#[test]
fn kneser_ney_by_hand() {
    let m = model(2, Smoothing::Kn);
    // Order 1 (continuation counts a 2, b 1, </s> 2; S = 5): n1 = 1, n2 = 2 → D1 = 1/(1+4) = 0.2.
    // Order 2 (raw: <s>a 2, ab 2, b</s> 1, ba 1, a</s> 1): n1 = 3, n2 = 2 → D2 = 3/7.
    close(m.discount(1).unwrap(), 0.2);
    close(m.discount(2).unwrap(), 3.0 / 7.0);
    // P1(w) = max(a(w) − 0.2, 0)/5 + (0.2·3/5)·(1/4); the second term is 0.03.
    // P1(a) = 1.8/5 + 0.03 = 0.39, P1(b) = 0.8/5 + 0.03 = 0.19, P1(</s>) = 0.39, P1(<unk>) = 0.03.
    let m1 = NGramModel::from_text(TEXT, NGramConfig { order: 1, ..*m.config() }).unwrap();
    // (An order-1 model uses raw counts a 3, b 2, </s> 2 instead; D = n1/(n1+2n2) = 0/(0+4) → 0.1.)
    close(m1.prob_ids(&[], B), (2.0 - 0.1) / 7.0 + 0.1 * 3.0 / 7.0 / 4.0);
    // Context a: S = 3, N1+(a •) = 2 (b, </s>), γ(a) = (3/7)·2/3 = 2/7.
    // P(b|a) = (2 − 3/7)/3 + (2/7)·0.19 = 11/21 + 0.38/7
    close(m.prob_ids(&[A], B), 11.0 / 21.0 + 0.38 / 7.0);
    // P(</s>|a) = (1 − 3/7)/3 + (2/7)·0.39 = 4/21 + 0.78/7
    close(m.prob_ids(&[A], EOS), 4.0 / 21.0 + 0.78 / 7.0);
    // P(a|a) = (2/7)·0.39, P(<unk>|a) = (2/7)·0.03
    close(m.prob_ids(&[A], A), 0.78 / 7.0);
    close(m.prob_ids(&[A], UNK), 0.06 / 7.0);
    // Unseen context <unk>: the unigram level alone.
    close(m.prob_ids(&[UNK], A), 0.39);
    // The vectorised distribution agrees with the one-at-a-time path.
    let d = m.dist(&[A]);
    for w in 1..4 {
        close(d[w as usize], m.prob_ids(&[A], w));
    }
}

#[test]
fn perplexity_by_hand() {
    let m = model(2, Smoothing::Kn);
    // "a b" → P(a|<s>) · P(b|a) · P(</s>|b):
    // P(a|<s>): S = 2, one type, γ = (3/7)·1/2 = 3/14 → (2 − 3/7)/2 + (3/14)·0.39 = 12.17/14
    // P(b|a)  = 11/21 + 0.38/7 (above)
    // P(</s>|b): S = 2, two types, γ = 3/7 → (1 − 3/7)/2 + (3/7)·0.39 = 3.17/7
    let p: [f64; 3] = [12.17 / 14.0, 11.0 / 21.0 + 0.38 / 7.0, 3.17 / 7.0];
    let want = (p[0] * p[1] * p[2]).powf(-1.0 / 3.0); // ≈ 1.63792
    let got = m.perplexity("a b").unwrap();
    close(got.perplexity, want);
    assert_eq!((got.predictions, got.unknown, got.sentences), (3, 0, 1));
    assert!((want - 1.637_918_473).abs() < 1e-8);
    // An unknown word is read as <unk>: "z" → P(<unk>|<s>) · P(</s>|<unk>) = (3/14)·0.03 · 0.39.
    let z = m.perplexity("z").unwrap();
    close(z.perplexity, ((3.0 / 14.0) * 0.03 * 0.39f64).powf(-0.5));
    assert_eq!(z.unknown, 1);
    // Add-1, "a b": (3/6)·(3/7)·(2/6) = 1/14 → perplexity 14^(1/3).
    close(model(2, Smoothing::AddK).perplexity("a b").unwrap().perplexity, 14f64.powf(1.0 / 3.0));
}

#[test]
fn next_is_sorted_and_matches_prob() {
    let m = model(2, Smoothing::Kn);
    let top = m.next_ids(&[A], 10);
    assert_eq!(top.iter().map(|t| t.0).collect::<Vec<_>>(), [B, EOS, A, UNK]);
    assert!(top.windows(2).all(|w| w[0].1 >= w[1].1));
    assert_eq!(m.next_ids(&[A], 2).len(), 2);
}

#[test]
fn state_diagram_by_hand() {
    let m = model(2, Smoothing::AddK);
    // States (histories of one token) by frequency: a 3, <s> 2, b 2 (ties by id: <s> = 0 first).
    let d = m.state_diagram(2).unwrap();
    assert_eq!(d.labels, ["a", "<s>", "…", "</s>"]);
    assert_eq!(d.counts, [3, 2, 2, 2]);
    let s = d.labels.len();
    let at = |i: usize, j: usize| f64::from(d.matrix[i * s + j]);
    // Row a (add-1): → a 1/7, → </s> 2/7, → b and <unk> (not drawn) = other 3/7 + 1/7.
    assert!((at(0, 0) - 1.0 / 7.0).abs() < 1e-6);
    assert!((at(0, 3) - 2.0 / 7.0).abs() < 1e-6);
    assert!((at(0, 2) - 4.0 / 7.0).abs() < 1e-6);
    // <s> can never be re-entered: its column is 0 except from </s>, which restarts there.
    assert_eq!(at(0, 1), 0.0);
    assert_eq!(at(3, 1), 1.0);
    // Other = merged {b}: raw counts b→</s> 1, b→a 1 → ½ to </s>, ½ to a.
    assert!((at(2, 0) - 0.5).abs() < 1e-6 && (at(2, 3) - 0.5).abs() < 1e-6);
    assert_eq!(m.state_of(&d, &[A]), 0);
    assert_eq!(m.state_of(&d, &[]), 1);
    assert_eq!(m.state_of(&d, &[B]), 2);
}
