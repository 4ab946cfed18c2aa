//! The pretrained chapter's offline demo model, trained by us: our Transformer encoder (masked LM,
//! BERT's post-LN block, `crate::lm::transformer`) on both built-in corpora (English and Korean,
//! `corpora/`), written as a Hugging Face `BertForMaskedLM` into `www/models/demo/`
//! (config.json, model.safetensors, vocab.txt, tokenizer_config.json), the folder the page loads.
//!
//! ```sh
//! cargo run --release --example transformer_demo                     # 4000 steps, seed 20261202
//! cargo run --release --example transformer_demo -- 500 /tmp/demo   # fewer steps, another folder
//! MASK=0.45 DECAY=1 cargo run --release --example transformer_demo -- 6000 /tmp/f  # a variant
//! ```
//! Environment overrides for the retraining runs (benches/README.md, "The shipped demo retrained
//! for senses"; unset, the shipped recipe): `LAYERS HEADS DIM FF MASK RANDOM_SHARE LR DROPOUT WD` (config; WD is
//! AdamW's decoupled weight decay, default 0.01), `PREDICT_ALL=1`,
//! `SENTENCE_START=1`, `DECAY=1` (the rate falls linearly to 0 at the last step), `SHUFFLE=1` (the
//! sentences in a fixed random order).
//! Prints the loss and held-out masked-token perplexity as it trains, the masked predictions of a
//! few sentences and how many pieces of the corpora's sentences become [UNK], so what the demo
//! learned is on record.
//!
//! **Vocabulary: words, and characters for the rest.** The page's BERT tokenizer (WordPiece) reads
//! a word it does not know as pieces (`배를` → `배 ##를`) and only gives up with `[UNK]` when no
//! piece fits. So the vocabulary is the words seen at least `MIN_COUNT` times plus every character
//! `c` and continuation `##c`, and the model must have *trained* those character rows: the text is
//! split the way WordPiece will split it (so the model sees at training time what the page feeds
//! it), and in addition each known word is spelled out as characters with probability `SPELL`
//! (a fixed draw: the corpus is tokenised once). Every character of the corpora thus appears as
//! a trained piece, and any word spelled with them tokenises without `[UNK]`. The pieces are then
//! joined by spaces and the Transformer reads them with its `whitespace` tokenizer (one sentence per
//! line), so its vocabulary is exactly the pieces: the exported vocab.txt is what it trained on.
//!
//! The shipped run (2026-12-03, 4000 steps, 1513 s at load 12–18): vocabulary 1,289, 40,988 training
//! and 1,696 held-out tokens; loss 6.69 → 3.10, held-out masked perplexity 512 → 36.6; 1,177,556 bytes
//! of weights; the corpora's 4,301 lines tokenise into 30,796 pieces, none [UNK]. (With dropout 0.1
//! the same steps reached 94.5 with nearly uniform attention; fixed sinusoids at rate 2e-3 stayed at
//! the unigram loss for 700 steps.)

use nlp_playground::lm::transformer::{Kind, Norm, Positional, Transformer, TransformerConfig};
use nlp_playground::pretrained::from_transformer::hf_files;
use nlp_playground::pretrained::wordpiece::{pre_tokenize, Normalizer, WordPiece};
use nlp_playground::rng::Rng;
use nlp_playground::text::corpora::sample;
use nlp_playground::text::Tokenizer;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

const SEED: u64 = 20261202;
/// Words seen fewer times are read as pieces.
const MIN_COUNT: usize = 3;
/// Probability that a known word is spelled out as characters in the training text.
const SPELL: f32 = 0.12;
/// The folder is rewritten every this many steps.
const WRITE_EVERY: usize = 500;
const SPECIALS: [&str; 5] = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

/// As the exported tokenizer_config.json reads text: lower case, accents kept (stripping them
/// would decompose Hangul syllables into jamo).
fn normalizer() -> Normalizer {
    Normalizer { strip_accents: Some(false), ..Normalizer::default() }
}

/// WordPiece's vocabulary for the text: specials, words with ≥ MIN_COUNT uses, every character as
/// `c` and `##c`.
fn full_vocab(lines: &[&str]) -> String {
    let norm = normalizer();
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut chars = BTreeSet::new();
    for line in lines {
        for w in pre_tokenize(&norm.normalize(line)) {
            *counts.entry(w.to_string()).or_default() += 1;
            chars.extend(w.chars());
        }
    }
    let mut words: Vec<(&String, &usize)> = counts.iter().filter(|(w, &n)| n >= MIN_COUNT && w.chars().count() > 1).collect();
    words.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut v: Vec<String> = SPECIALS.iter().map(|s| s.to_string()).collect();
    v.extend(words.into_iter().map(|(w, _)| w.clone()));
    v.extend(chars.iter().map(|c| c.to_string()));
    v.extend(chars.iter().map(|c| format!("##{c}")));
    v.join("\n")
}

/// One line of space-separated pieces per input line: WordPiece's split, with each known word
/// spelled out with probability `spell`. `[MASK]` stays one token.
fn pieces(wp: &WordPiece, line: &str, spell: f32, rng: &mut Rng) -> String {
    let norm = normalizer();
    let mut out: Vec<String> = Vec::new();
    for (i, part) in line.split("[MASK]").enumerate() {
        if i > 0 {
            out.push("[MASK]".into());
        }
        for w in pre_tokenize(&norm.normalize(part)) {
            let ids = wp.tokenize_ids(w);
            if ids.len() == 1 && w.chars().count() > 1 && rng.next_f32() < spell {
                out.extend(w.chars().enumerate().map(|(k, c)| if k == 0 { c.to_string() } else { format!("##{c}") }));
            } else {
                out.extend(ids.iter().map(|&id| wp.token(id).unwrap_or("[UNK]").to_string()));
            }
        }
    }
    out.join(" ")
}

/// An environment override of one setting (the runs of benches/README.md, "The shipped demo
/// retrained"): `DIM=96 PREDICT_ALL=1 cargo run --release --example transformer_demo -- 4000 /tmp/d`.
fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let steps: usize = std::env::args().nth(1).map(|s| s.parse()).transpose()?.unwrap_or(4000);
    let raw = ["en", "ko"].iter().map(|id| sample(id).map(|s| s.text).unwrap_or_default()).collect::<Vec<_>>().join("\n");
    let lines: Vec<&str> = raw.lines().filter(|l| !l.trim().is_empty()).collect();
    let wp = WordPiece::from_vocab(&full_vocab(&lines), normalizer())?;
    let mut rng = Rng::new(SEED ^ 0x5eed);
    let mut piece_lines: Vec<String> = lines.iter().map(|l| pieces(&wp, l, SPELL, &mut rng)).collect();
    if env("SHUFFLE", 0) == 1 {
        // The sentences in a random order (Fisher–Yates, a fixed draw): a training window then
        // runs across unrelated sentences, so a word's context is its own sentence, as when the
        // page reads one sentence, not the paragraph around it.
        let mut r = Rng::new(SEED ^ 0x5_40ff1e);
        for i in (1..piece_lines.len()).rev() {
            piece_lines.swap(i, r.below(i + 1));
        }
    }
    let text: String = piece_lines.iter().map(|l| format!("{l}\n")).collect();
    let cfg = TransformerConfig {
        kind: Kind::Mlm,
        layers: env("LAYERS", 4),
        heads: env("HEADS", 4),
        dim: env("DIM", 64),
        ff: env("FF", 256),
        context: 64,
        // Learned positions (a run with fixed sinusoids and rate 2e-3 stayed at the unigram loss
        // for 700 steps); no dropout: the corpus is small and the goal is clear attention.
        positional: Positional::Learned,
        norm: Norm::Post,
        dropout: Some(env("DROPOUT", 0.0)),
        mask: env("MASK", 0.15),
        // Not `RANDOM`: bash keeps that name for its own random numbers and does not pass it on
        // to a program started from a script.
        random: env("RANDOM_SHARE", 0.1),
        predict_all: env("PREDICT_ALL", 0) == 1,
        sentence_start: env("SENTENCE_START", 0) == 1,
        lr: env("LR", 1e-3),
        weight_decay: env("WD", 0.01),
        warmup: 200,
        // The rate is set here (DECAY below), not by the config's schedule.
        decay: false,
        batch: 16,
        holdout: 0.05,
        steps,
        seed: SEED,
        tokenizer: Some(Tokenizer::Whitespace),
        ..TransformerConfig::default()
    };
    let mut m = Transformer::new(&text, cfg)?;
    println!("vocabulary {}, training tokens {}, held out {}", m.data.vocab(), m.data.train.len(), m.data.heldout.len());
    let t0 = Instant::now();
    let dir =
        std::env::args().nth(2).map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("www/models/demo"));
    let lr = m.config.lr;
    let decay = env("DECAY", 0) == 1;
    while m.steps_done() < steps {
        if decay {
            // BERT's schedule after the warm-up: the rate falls linearly to 0 at the last step
            // (set per 100 steps), so the last checkpoint is a settled model, not one point of a
            // walk at the full rate.
            let done = m.steps_done().saturating_sub(m.config.warmup) as f64;
            m.config.lr = lr * (1.0 - done / (steps - m.config.warmup.min(steps - 1)) as f64).max(0.0);
        }
        let r = m.train(100)?;
        let ppl = r.perplexity.map_or("—".into(), |p| format!("{p:.1}"));
        println!("step {:5}  loss {:.3}  held-out perplexity {ppl}  {:.0} s", r.step, r.loss, t0.elapsed().as_secs_f64());
        // The folder is rewritten every WRITE_EVERY steps, so a long run can be cut short: without
        // DECAY the rate does not depend on the total, so step n of any run is the same model.
        if m.steps_done() % WRITE_EVERY == 0 || m.steps_done() >= steps {
            write(&mut m, &dir, &lines)?;
        }
    }
    for s in ["The cat sat on the [MASK].", "The king and the [MASK] lived in the castle.", "배를 타고 [MASK] 나갔다."] {
        let top = m.predict_masked(&pieces(&wp, s, 0.0, &mut rng), 5)?;
        let words: Vec<String> = top.iter().flatten().map(|c| format!("{} {:.2}", c.token, c.prob)).collect();
        println!("{s}  →  {}", words.join(", "));
    }
    Ok(())
}

/// Writes the checkpoint's four files into `dir` and says how much of the corpora the page's
/// tokenizer, reading the exported vocabulary, cannot read.
fn write(m: &mut Transformer, dir: &Path, lines: &[&str]) -> Result<(), Box<dyn std::error::Error>> {
    let f = hf_files(m)?;
    let page = WordPiece::from_vocab(&f.vocab, normalizer())?;
    let unk = page.id("[UNK]");
    let (mut n, mut bad) = (0, 0);
    for l in lines {
        let ids = page.tokenize_ids(l);
        n += ids.len();
        bad += ids.iter().filter(|&&i| Some(i) == unk).count();
    }
    std::fs::create_dir_all(dir)?;
    for old in ["config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json", "pytorch_model.bin", "tokenizer.json"] {
        let _ = std::fs::remove_file(dir.join(old));
    }
    std::fs::write(dir.join("config.json"), &f.config)?;
    std::fs::write(dir.join("model.safetensors"), &f.weights)?;
    std::fs::write(dir.join("vocab.txt"), &f.vocab)?;
    std::fs::write(dir.join("tokenizer_config.json"), &f.tokenizer_config)?;
    println!(
        "wrote {} at step {} ({} bytes of weights); the corpora's {} lines as the page tokenises them: {n} pieces, {bad} [UNK]",
        dir.display(),
        m.steps_done(),
        f.weights.len(),
        lines.len()
    );
    Ok(())
}
