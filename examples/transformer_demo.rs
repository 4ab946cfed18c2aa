//! The pretrained chapter's offline demo model, trained by us: our Transformer encoder (masked LM,
//! BERT's post-LN block, `crate::lm::transformer`) on both built-in corpora (English and Korean,
//! `corpora/`), written as a Hugging Face `BertForMaskedLM` into `www/models/demo/`
//! (config.json, model.safetensors, vocab.txt, tokenizer_config.json), the folder the page loads.
//!
//! ```sh
//! cargo run --release --example transformer_demo            # 3000 steps, seed 20261202
//! cargo run --release --example transformer_demo -- 500 /tmp/demo   # fewer steps, another folder
//! ```
//! Prints the loss and held-out masked-token perplexity as it trains, and the masked predictions
//! of a few sentences at the end, so what the demo learned is on record.

use nlp_playground::lm::transformer::{Kind, Norm, Positional, Transformer, TransformerConfig};
use nlp_playground::pretrained::from_transformer::hf_files;
use nlp_playground::text::corpora::sample;
use std::path::PathBuf;
use std::time::Instant;

const SEED: u64 = 20261202;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let steps: usize = std::env::args().nth(1).map(|s| s.parse()).transpose()?.unwrap_or(3000);
    let text = ["en", "ko"].iter().map(|id| sample(id).map(|s| s.text).unwrap_or_default()).collect::<Vec<_>>().join("\n");
    let cfg = TransformerConfig {
        kind: Kind::Mlm,
        layers: 4,
        heads: 4,
        dim: 64,
        ff: 256,
        context: 64,
        positional: Positional::Learned,
        norm: Norm::Post,
        dropout: 0.1,
        lr: 1e-3,
        warmup: 200,
        batch: 16,
        holdout: 0.05,
        steps,
        seed: SEED,
        ..TransformerConfig::default()
    };
    let mut m = Transformer::new(&text, cfg)?;
    println!("vocabulary {}, training tokens {}, held out {}", m.data.vocab(), m.data.train.len(), m.data.heldout.len());
    let t0 = Instant::now();
    while m.steps_done() < steps {
        let r = m.train(100)?;
        let ppl = r.perplexity.map_or("—".into(), |p| format!("{p:.1}"));
        println!("step {:5}  loss {:.3}  held-out perplexity {ppl}  {:.0} s", r.step, r.loss, t0.elapsed().as_secs_f64());
    }
    for s in ["The cat sat on the [MASK].", "The king and the [MASK] lived in the castle.", "배를 타고 [MASK] 나갔다."] {
        let top = m.predict_masked(s, 5)?;
        let words: Vec<String> = top.iter().flatten().map(|c| format!("{} {:.2}", c.token, c.prob)).collect();
        println!("{s}  →  {}", words.join(", "));
    }
    let f = hf_files(&mut m)?;
    let dir =
        std::env::args().nth(2).map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("www/models/demo"));
    std::fs::create_dir_all(&dir)?;
    for old in ["config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json", "pytorch_model.bin", "tokenizer.json"] {
        let _ = std::fs::remove_file(dir.join(old));
    }
    std::fs::write(dir.join("config.json"), &f.config)?;
    std::fs::write(dir.join("model.safetensors"), &f.weights)?;
    std::fs::write(dir.join("vocab.txt"), &f.vocab)?;
    std::fs::write(dir.join("tokenizer_config.json"), &f.tokenizer_config)?;
    println!("wrote {} ({} bytes of weights)", dir.display(), f.weights.len());
    Ok(())
}
