use nlp_playground::text::{self, corpora::SAMPLES, Tokenizer, Vocab, VocabConfig};
use std::time::Instant;
fn main() {
    let base: String = SAMPLES.iter().map(|s| s.text).collect::<Vec<_>>().join("\n");
    let big = base.repeat(5_000_000 / base.len() + 1);
    let mb = big.len() as f64 / 1e6;
    let t = Instant::now();
    let c = text::clean(&big);
    let t1 = t.elapsed().as_secs_f64();
    let s = text::tokenize_sentences(&c.text, Tokenizer::Word);
    let t2 = t.elapsed().as_secs_f64();
    let v = Vocab::from_sentences(&s, VocabConfig::default()).unwrap();
    let t3 = t.elapsed().as_secs_f64();
    println!(
        "{mb:.1} MB: clean {:.0} ms, tokenize {:.0} ms, vocab {:.0} ms; {} types; {:.1} MB/s",
        t1 * 1e3,
        (t2 - t1) * 1e3,
        (t3 - t2) * 1e3,
        v.len(),
        mb / t3
    );
}
