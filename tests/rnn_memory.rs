//! What the RNN chapter's models hold, counted (issue 15: one 1.5 MB paste grew the worker's
//! memory by 211 MB in `rnn.create`). A counting allocator, per thread so that tests running side
//! by side do not count each other's allocations; bytes requested, not what an allocator rounds
//! them to. `examples/rnn_memory.rs` prints the same on a paste-sized text.
use nlp_playground::lm::rnn::{RnnConfig, RnnLm};
use nlp_playground::lm::seq2seq::RnnCell;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;
thread_local! {
    // Const-initialised, no destructor: using it inside the allocator allocates nothing.
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let _ = LIVE.try_with(|c| {
            c.set(c.get() + l.size() as isize);
            let _ = PEAK.try_with(|p| p.set(p.get().max(c.get())));
        });
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        let _ = LIVE.try_with(|c| c.set(c.get() - l.size() as isize));
        System.dealloc(p, l)
    }
}

#[global_allocator]
static A: Counting = Counting;

fn live() -> isize {
    LIVE.with(Cell::get)
}

/// The most live at once since the last call, which starts the next count from now.
fn take_peak() -> isize {
    PEAK.with(|p| p.replace(live()))
}

/// ~`bytes` of pseudo-words (Zipf-like over 3,000 types), a sentence end every ~15 words: a
/// pasted text in the manner of `scripts/paste_stress.mjs`.
fn pasted(bytes: usize) -> String {
    let mut x = 7u64;
    let mut rnd = |n: usize| {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((x >> 33) as usize) % n
    };
    let words: Vec<String> = (0..3000).map(|_| (0..2 + rnd(7)).map(|_| (b'a' + rnd(26) as u8) as char).collect()).collect();
    let mut out = String::new();
    while out.len() < bytes {
        let r = rnd(3000);
        out.push_str(&words[r * r / 3000]);
        out.push_str(if rnd(15) == 0 { ".\n" } else { " " });
    }
    out
}

#[test]
fn the_chapters_three_models_hold_the_text_once_and_no_string_per_token() {
    let text = pasted(600_000);
    let cfg = RnnConfig::default(); // the page's: characters, GRU, hidden 128
    let before = live();
    let teacher = RnnLm::new(&text, cfg).unwrap();
    let one = live() - before;
    // Per character of text: the training and held-out streams (4-byte ids) and the unigram
    // model's ids (the same again) with a vector header per sentence, and the network. Measured
    // when written: ~11 bytes; when the sentences were kept as strings (a `String` per
    // character), ~46.
    let per_char = one as f64 / text.len() as f64;
    assert!(per_char < 20.0, "one model holds {per_char:.1} bytes per character of text");
    // The companions (the worker's `withCell`) add their networks only: before, each was a
    // model of its own, text included (twice the first model; measured when written: 14 %).
    let companions: Vec<RnnLm> = [RnnCell::Rnn, RnnCell::Lstm].iter().map(|&c| teacher.with_cell(c).unwrap()).collect();
    let more = live() - before - one;
    assert!(more * 5 < one, "two companions hold {more} bytes, the first model {one}");
    drop(companions);
    drop(teacher);
    assert_eq!(live(), before, "everything is given back");
}

#[test]
fn building_never_holds_the_text_as_strings_and_a_rebuild_holds_what_the_first_build_held() {
    // Issue 15, paste stress: the worker's memory keeps its high-water mark, so what a build
    // allocates for a moment counts as much as what it keeps. The sentences as strings (a `String`
    // per character, all of them at once) were ~46 bytes per character of text above what the
    // model keeps, for the moment the vocabulary was counted; read one sentence at a time into ids,
    // ~10 (measured when written: the cleaned text, the stream, the unigram's sort).
    let text = pasted(600_000);
    let cfg = RnnConfig::default();
    let before = live();
    take_peak();
    let first = RnnLm::new(&text, cfg).unwrap();
    let held = live() - before;
    let transient = (take_peak() - before - held) as f64 / text.len() as f64;
    assert!(transient < 20.0, "building allocates {transient:.1} bytes per character beyond what the model keeps");
    drop(first);
    assert_eq!(live(), before);
    // Built and dropped again and again on the same text: the same bytes each time, all given back.
    for round in 2..=4 {
        let m = RnnLm::new(&text, cfg).unwrap();
        assert_eq!(live() - before, held, "build {round} holds other bytes than the first");
        drop(m);
        assert_eq!(live(), before, "build {round} leaves bytes behind");
    }
}

#[test]
fn the_baselines_allocate_no_copy_of_the_sentences_and_no_key_per_token_for_order_1() {
    // Issue 15, paste stress (the trace of `scripts/paste_stress.mjs --trace`): the blocks that
    // set the worker's new high-water marks in `rnn.create` were the order-1 count's key per token
    // and its sort buffer (8 bytes a token each), and the baselines copied the training sentences
    // (4 bytes a token in small pieces) into the space just freed. Order 1 is now counted by id
    // with no per-token array, and a baseline's perplexity copies no sentences: beyond what the
    // model keeps, order 1 allocates almost nothing, and orders 2–3 of a text read by characters
    // are counted by key in an array of the alphabet's size (sorted keys, 8 bytes a token, above
    // 2^20 keys).
    let text = pasted(600_000);
    let mut m = RnnLm::new(&text, RnnConfig::default()).unwrap();
    let tokens = m.data.train.len() as f64;
    let before = live();
    take_peak();
    m.ngram_heldout_perplexity(1).unwrap();
    let one = (take_peak() - before) as f64 / tokens;
    assert!(one < 1.0, "order 1 allocates {one:.2} bytes per token");
    for order in 2..=3 {
        m.ngram_heldout_perplexity(order).unwrap();
        let more = (take_peak() - before) as f64 / tokens;
        // Measured when written: 0.11 and 1.04 (a count per possible key); sorted keys would be 8,
        // and before this the radix sort's buffer 8 more and a copy of the sentences 4 more.
        assert!(more < 4.0, "order {order} allocates {more:.2} bytes per token");
    }
    assert_eq!(live(), before, "nothing kept but the three perplexities");
}
