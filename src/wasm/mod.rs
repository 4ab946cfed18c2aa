//! The thin `#[wasm_bindgen]` layer: one file per model family. Each method validates its input,
//! calls the plain-Rust model, and maps [`crate::Error`] to a `JsError` with a readable message.

mod args;
mod bert;
mod corpus;
mod fasttext;
mod ngram;
pub use bert::*;
mod probe;
mod word2vec;
pub use corpus::*;
mod project;
pub use fasttext::*;
pub use ngram::*;
pub use probe::*;
pub use project::*;
pub use word2vec::*;

use wasm_bindgen::prelude::*;

/// Converts the crate error into the JS exception the page shows.
pub(crate) fn js_err(e: crate::Error) -> JsError {
    JsError::new(&e.to_string())
}

/// Installs the panic hook once, so a bug (never user input) still prints a readable stack.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}
