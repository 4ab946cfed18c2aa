//! Inputs that broke, or could break, a parser of a user's file: each must give an error or a
//! result, never a panic, a hang, or memory out of proportion to its size. Cases found by
//! `scripts/fuzz.sh` are added here with the finding they reproduce; the rest are crafted.
//!
//! The allocator of this test binary enforces the same budget as the fuzz targets
//! (`fuzz/src/lib.rs`): while [`bounded`] runs, one thread may hold at most 32 MiB + 64 bytes per
//! input byte; a request past that aborts the binary at once, naming its size (so a 40 GB request
//! fails the run instead of swapping the machine).

use nlp_playground::embed::vectors::Vectors;
use nlp_playground::pretrained::wordpiece::WordPiece;
use nlp_playground::pretrained::{load_weights, safetensors};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static LIMIT: Cell<usize> = const { Cell::new(usize::MAX) };
}

struct Bounded;

fn charge(size: usize) {
    let over = LIVE.with(|l| LIMIT.with(|m| l.get().saturating_add(size) > m.get()));
    if over {
        // Printing may allocate: lift the limit first.
        LIMIT.with(|m| m.set(usize::MAX));
        // Straight to the file descriptor: the test harness's capture would be lost in the abort.
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            format!("an allocation of {size} bytes passes the input's memory budget\n").as_bytes(),
        );
        std::process::abort();
    }
    LIVE.with(|l| l.set(l.get() + size));
}

unsafe impl GlobalAlloc for Bounded {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        charge(l.size());
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.with(|c| c.set(c.get().saturating_sub(l.size())));
        System.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        charge(new);
        LIVE.with(|c| c.set(c.get().saturating_sub(l.size())));
        System.realloc(p, l, new)
    }
}

#[global_allocator]
static ALLOC: Bounded = Bounded;

fn bounded<T>(len: usize, f: impl FnOnce() -> T) -> T {
    let base = LIVE.with(Cell::get);
    LIMIT.with(|m| m.set(base + (32 << 20) + 64 * len));
    let out = f();
    LIMIT.with(|m| m.set(usize::MAX));
    out
}

#[path = "common/fixtures.rs"]
mod fixtures;
use fixtures::bytes as fixture;

/// torch.save keeps an `expand`ed view: 10^10 elements over one stored float (strides 0), in a
/// 1.6 KB (zip) or 363-byte (legacy) file. Materialising it would take 40 GB.
#[test]
fn broadcast_views_past_the_file_size_are_refused() {
    for f in ["adversarial/expand_zip.bin", "adversarial/expand_legacy.bin"] {
        let b = fixture(f);
        let e = bounded(b.len(), || load_weights(&b)).unwrap_err().to_string();
        assert!(e.contains("tensor 'x'") && e.contains("10000000000 elements"), "{f}: {e}");
    }
}

/// A safetensors header may claim any shape; the data offsets must cover it exactly.
#[test]
fn safetensors_shapes_larger_than_the_data_are_refused() {
    let header = br#"{"x":{"dtype":"F32","shape":[100000,100000],"data_offsets":[0,4]}}"#;
    let mut b = (header.len() as u64).to_le_bytes().to_vec();
    b.extend_from_slice(header);
    b.extend_from_slice(&[0; 4]);
    assert!(bounded(b.len(), || safetensors::load(&b)).is_err());
    // A header length of 2^63: refused before reading (or allocating) it.
    let mut b = (1u64 << 63).to_le_bytes().to_vec();
    b.extend_from_slice(b"{}");
    assert!(bounded(b.len(), || load_weights(&b)).is_err());
}

/// A `.vec` header may claim any count; memory follows the lines actually present.
#[test]
fn vec_header_counts_are_not_allocated() {
    let text = "4000000000 4096\na 1 2\n";
    assert!(bounded(text.len(), || Vectors::from_vec_text(text, usize::MAX)).is_err());
    let text = "999999999 2\na 1 2\n";
    let v = bounded(text.len(), || Vectors::from_vec_text(text, usize::MAX)).unwrap();
    assert_eq!(v.dim, 2);
}

/// scripts/fuzz.sh (tokenizer_json, 2026-12-02): a 4.6 KB tokenizer.json whose vocabulary gives one
/// token the id 33,333,147 made the id → token table 800 MB. Now refused, naming the ids; a
/// vocabulary with a few holes still loads.
#[test]
fn sparse_tokenizer_ids_are_refused_before_the_table_is_made() {
    let json = |fox: u32| {
        format!(
            r#"{{"model": {{"type": "WordPiece", "unk_token": "[UNK]", "vocab": {{"[UNK]": 0, "[CLS]": 1, "[SEP]": 2, "the": 3, "fox": {fox}}}}}}}"#
        )
    };
    let config = Some(r#"{"do_lower_case": true}"#);
    let text = json(33_333_147);
    let err = bounded(text.len(), || WordPiece::load(None, config, Some(&text))).unwrap_err();
    assert!(err.to_string().contains("33333147"), "{err}");
    let text = json(40);
    let wp = bounded(text.len(), || WordPiece::load(None, config, Some(&text))).unwrap();
    assert_eq!(wp.id("fox"), Some(40));
    assert_eq!(wp.vocab_size(), 41);
}
