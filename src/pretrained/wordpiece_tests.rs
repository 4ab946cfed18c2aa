//! Hand-derived WordPiece cases; the golden comparison against HF lives in `tests/wordpiece_golden.rs`.

use super::*;

const VOCAB: &str =
    "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nun\n##aff\n##able\nwant\n##ed\n,\nrun\n##ning\nhello\nworld\n!\ncafe\n中\n文\n배\n##가\nᄇ\n##ᅢ\n";

fn uncased() -> WordPiece {
    WordPiece::from_vocab(VOCAB, Normalizer::default()).unwrap()
}

fn cased() -> WordPiece {
    WordPiece::from_vocab(VOCAB, Normalizer { lowercase: false, ..Normalizer::default() }).unwrap()
}

fn toks(wp: &WordPiece, text: &str) -> Vec<String> {
    wp.tokenize_ids(text).into_iter().map(|i| wp.token(i).unwrap().to_string()).collect()
}

#[test]
fn normalizer_steps() {
    let n = Normalizer::default();
    // NUL, U+FFFD and a zero-width space (Cf) are dropped; tab / newline / NBSP become spaces.
    assert_eq!(n.normalize("a\u{0}b\u{FFFD}c\u{200B}d\te\nf\u{A0}g"), "abcd e f g");
    // CJK ideographs get spaces around them; Hangul is not CJK here.
    // (and, with accent stripping on, NFD splits the syllable 배 into the jamo ᄇ + ᅢ).
    assert_eq!(n.normalize("中文배"), " 中  文 \u{1107}\u{1162}");
    // NFD then drop Mn: é → e; Å → a after lower-casing; per-char lower case keeps σ for a final Σ.
    assert_eq!(n.normalize("Café ÅNGSTRÖM ΟΔΟΣ"), "cafe angstrom οδοσ");
    // Cased: nothing but cleaning and CJK spacing.
    let c = Normalizer { lowercase: false, ..Normalizer::default() };
    assert_eq!(c.normalize("Café 배"), "Café 배");
    // strip_accents = false overrides lowercase's default.
    let keep = Normalizer { strip_accents: Some(false), ..Normalizer::default() };
    assert_eq!(keep.normalize("Café"), "café");
}

#[test]
fn pre_tokenizer_splits_whitespace_and_isolates_punctuation() {
    assert_eq!(pre_tokenize("Hello, world!"), vec!["Hello", ",", "world", "!"]);
    // ASCII symbols that are not Unicode P* ($ ^ `) still split; so do ¿ and the em dash.
    assert_eq!(pre_tokenize("a$b^c`d ¿e—f"), vec!["a", "$", "b", "^", "c", "`", "d", "¿", "e", "—", "f"]);
    assert_eq!(pre_tokenize("  \t "), Vec::<&str>::new());
    // An emoji is a symbol (So), not punctuation: it stays in the word.
    assert_eq!(pre_tokenize("hi🙂there"), vec!["hi🙂there"]);
}

#[test]
fn greedy_longest_match_first() {
    let wp = uncased();
    // "unaffable" → un + ##aff + ##able (the BERT paper's example).
    assert_eq!(toks(&wp, "unaffable"), ["un", "##aff", "##able"]);
    assert_eq!(toks(&wp, "Wanted, running!"), ["want", "##ed", ",", "run", "##ning", "!"]);
    // No full cover → the whole word is one [UNK], even though "un" matched.
    assert_eq!(toks(&wp, "unx hello"), ["[UNK]", "hello"]);
    // Accent stripping makes "Café" match "cafe".
    assert_eq!(toks(&wp, "Café"), ["cafe"]);
    assert_eq!(toks(&wp, "中文"), ["中", "文"]);
    assert!(toks(&wp, "").is_empty());
}

#[test]
fn hangul_cased_vs_uncased() {
    // Uncased: NFD splits 배 into the jamo ᄇ + ᅢ, which the vocabulary covers as ᄇ ##ᅢ.
    assert_eq!(toks(&uncased(), "배"), ["ᄇ", "##ᅢ"]);
    // Cased (do_lower_case = false, as KoELECTRA): the syllable stays whole.
    assert_eq!(toks(&cased(), "배가"), ["배", "##가"]);
}

#[test]
fn words_over_100_chars_are_unk() {
    let wp = uncased();
    // "ununun…": "un" matches, "##un" is not in the vocabulary → one [UNK] for the word.
    assert_eq!(toks(&wp, &"un".repeat(50)), ["[UNK]"]);
    // 101 characters is over the limit before any matching: [UNK] even for coverable text.
    let wp2 = WordPiece::from_vocab("[UNK]\n[CLS]\n[SEP]\na\n##a\n", Normalizer::default()).unwrap();
    assert_eq!(toks(&wp2, &"a".repeat(100)).len(), 100);
    assert_eq!(toks(&wp2, &"a".repeat(101)), ["[UNK]"]);
}

#[test]
fn special_tokens_are_never_split() {
    let wp = uncased();
    // Matched in the raw text, case-sensitively, even inside a word; lower-case "[mask]" is text.
    assert_eq!(toks(&wp, "hello [MASK] world"), ["hello", "[MASK]", "world"]);
    assert_eq!(toks(&wp, "hello[MASK]world"), ["hello", "[MASK]", "world"]);
    // "[mask]" is plain text: "[" "mask" "]", none of them in this vocabulary.
    assert_eq!(toks(&wp, "[mask]"), ["[UNK]", "[UNK]", "[UNK]"]);
}

#[test]
fn encode_adds_cls_sep_and_truncates() {
    let wp = uncased();
    let e = wp.encode("hello world", 512);
    assert_eq!(e.tokens, ["[CLS]", "hello", "world", "[SEP]"]);
    assert_eq!(e.ids, [2, 13, 14, 3]);
    assert!(!e.truncated);
    assert_eq!(e.full_len, Some(4));
    // max_len 3 keeps one word piece: [CLS] hello [SEP], flagged.
    let e = wp.encode("hello world !", 3);
    assert_eq!(e.tokens, ["[CLS]", "hello", "[SEP]"]);
    assert!(e.truncated);
    assert_eq!(e.full_len, Some(5)); // short: read to the end, so the length is known
    assert_eq!(wp.encode("", 8).tokens, ["[CLS]", "[SEP]"]);
}

#[test]
fn load_from_files() {
    // do_lower_case false from tokenizer_config.json, special tokens as objects (newer HF files).
    let tc = r#"{"do_lower_case": false, "unk_token": {"content": "[UNK]"}, "model_max_length": 1000000000000000019884624838656}"#;
    let wp = WordPiece::load(Some(VOCAB), Some(tc), None).unwrap();
    assert!(!wp.normalizer.lowercase);
    assert_eq!(wp.model_max_length, None, "1e30 means no limit");
    assert_eq!(wp.vocab_size(), 23);
    let tj = r###"{"added_tokens": [{"id": 0, "content": "[PAD]", "special": true}],
        "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true, "strip_accents": null, "lowercase": false},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100,
                  "vocab": {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "Hi": 4, "##!": 5}}}"###;
    let wp = WordPiece::load(None, Some(r#"{"model_max_length": 512}"#), Some(tj)).unwrap();
    assert_eq!(wp.model_max_length, Some(512));
    assert_eq!(wp.encode("Hi [PAD]", 16).tokens, ["[CLS]", "Hi", "[PAD]", "[SEP]"]);
}

#[test]
fn bad_files_are_errors() {
    let e = WordPiece::load(None, None, None).unwrap_err().to_string();
    assert!(e.contains("vocab.txt"), "{e}");
    let e = WordPiece::load(Some(""), None, None).unwrap_err().to_string();
    assert!(e.contains("empty"), "{e}");
    let e = WordPiece::load(Some("a\nb\n"), None, None).unwrap_err().to_string();
    assert!(e.contains("'[UNK]'"), "{e}");
    let e = WordPiece::load(Some(VOCAB), Some("{not json"), None).unwrap_err().to_string();
    assert!(e.contains("tokenizer_config.json"), "{e}");
    let tj = r#"{"normalizer": {"type": "NFKC"}, "model": {"type": "WordPiece", "vocab": {}}}"#;
    let e = WordPiece::load(None, None, Some(tj)).unwrap_err().to_string();
    assert!(e.contains("NFKC") && e.contains("not supported"), "{e}");
    let tj = r#"{"model": {"type": "BPE", "vocab": {}}}"#;
    let e = WordPiece::load(None, None, Some(tj)).unwrap_err().to_string();
    assert!(e.contains("BPE"), "{e}");
}

#[test]
fn reading_in_chunks_gives_the_whole_texts_pieces() {
    // Chunks of 1, 2, 3, … bytes (cut where tokenize_ids_upto cuts) against one chunk, on random
    // text built from the characters whose handling is not local: combining marks (NFD reorders
    // them), controls (dropped, joining their neighbours), specials (never split), CJK (padded).
    let alphabet = [
        "a", "b", "é", "e\u{301}", "\u{301}", "\u{323}", " ", "\n", "\t", "!", ",", "[MASK]", "[CLS]", "[MA", "SK]", "\u{0}", "\u{200B}",
        "中", "文", "배", "가", "want", "un", "aff", "able", "##",
    ];
    let mut rng = crate::rng::Rng::new(5);
    for wp in [uncased(), cased()] {
        for _ in 0..300 {
            let text: String = (0..rng.below(60)).map(|_| alphabet[rng.below(alphabet.len())]).collect();
            let whole = wp.tokenize_ids_upto(&text, usize::MAX, usize::MAX).0;
            for first in [1, 2, 3, 7] {
                assert_eq!(wp.tokenize_ids_upto(&text, usize::MAX, first), (whole.clone(), true), "{text:?} from chunk {first}");
            }
        }
    }
}

#[test]
fn long_text_stops_after_the_pieces_that_fit() {
    let wp = uncased();
    // 5 MB: the first 30 pieces come from the first chunk; the length is then unknown.
    let big = "want unaffable hello world ! ".repeat(5_000_000 / 29);
    let e = wp.encode(&big, 32);
    assert_eq!(e.ids.len(), 32);
    assert!(e.truncated);
    assert_eq!(e.full_len, None);
    assert_eq!(e.ids[1..31], wp.tokenize_ids(&big[..400])[..30]);
    let (pieces, whole) = wp.tokenize_ids_upto(&big, 30, 256);
    assert!(!whole && pieces.len() > 30 && pieces.len() < 200, "{}", pieces.len());
}
