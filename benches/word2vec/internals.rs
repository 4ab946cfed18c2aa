//! Our Word2Vec's static quantities on a corpus, as JSON, for `benches/word2vec/internals.py` to
//! compare with gensim's: the vocabulary (order and counts), each word's keep probability
//! (subsampling), each word's probability as a negative, the sentence cuts and the learning-rate
//! schedule at a few points.
//!
//!     cargo run --release --example word2vec_internals -- corpus.txt [sample] [min_count]

use nlp_playground::embed::sampling::{keep_thresholds, AliasSampler, UnigramTable, DEFAULT_TABLE_SIZE, WORD2VEC_POWER};
use nlp_playground::embed::word2vec::{word_sentences, Word2Vec, Word2VecConfig};
use nlp_playground::text::Tokenizer;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1])?;
    let sample: f64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1e-3);
    let min_count: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(5);
    let cfg = Word2VecConfig { sample, min_count, max_vocab: 1_000_000, tokenizer: Tokenizer::Whitespace, ..Word2VecConfig::default() };
    let sentences = word_sentences(&text, cfg.tokenizer);
    let m = Word2Vec::new(&sentences, cfg)?;
    let counts = m.vocab().counts();
    let v = counts.len();
    // The model's own table and sampler are built exactly so (Word2Vec::new).
    let table = UnigramTable::new(counts, WORD2VEC_POWER, DEFAULT_TABLE_SIZE.min(v * 1000))?;
    let neg = AliasSampler::from_table(&table, v).probabilities();
    let keep: Vec<f64> = keep_thresholds(counts, sample).iter().map(|&t| t as f64 / 4_294_967_296.0).collect();
    let words: Vec<String> = m.vocab().words().iter().map(|w| format!("{w:?}")).collect();
    println!(
        "{{\"words\": [{}], \"counts\": {:?}, \"keep\": {:?}, \"neg\": {:?}, \"tokens\": {}, \"total_words\": {}}}",
        words.join(","),
        counts,
        keep,
        neg,
        m.total_words() / m.config().epochs as u64,
        m.total_words()
    );
    Ok(())
}
