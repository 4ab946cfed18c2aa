//! The thin `#[wasm_bindgen]` layer: one file per model family. Each method checks its JS
//! arguments ([`args`]), calls the plain-Rust model, and returns `Result<_, crate::Error>`: an
//! error crosses the boundary as a JS `Error` whose `message` is the English text and which also
//! carries `kind` ("settings", "corpus", "format", "checkpoint", "input"), `code` and `params` (the
//! first problem, e.g. `setting.int` with `{name, min, max, got}`) and `problems` (every one, each
//! `{code, params, message}`), so the page can show it in its own language.

mod args;
mod bert;
mod corpus;
mod fasttext;
mod ngram;
pub use bert::*;
mod probe;
mod rnn;
pub use rnn::*;
mod seq2seq;
mod transformer;
pub use seq2seq::*;
pub use transformer::*;
mod settings;
mod vectors;
mod word2vec;
pub use corpus::*;
mod project;
pub use fasttext::*;
pub use ngram::*;
pub use probe::*;
pub use project::*;
pub use settings::*;
pub use word2vec::*;

use crate::error::Problem;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

/// What every binding returns.
pub(crate) type JsResult<T> = Result<T, crate::Error>;

fn set(obj: &Object, key: &str, value: &JsValue) {
    // Setting a plain property on a fresh object cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

fn params_object(p: &Problem) -> Object {
    let params = Object::new();
    for (k, v) in &p.params {
        set(&params, k, &JsValue::from_str(v));
    }
    params
}

impl From<crate::Error> for JsValue {
    /// The JS `Error` the page and Node see (see the module docs for its fields).
    fn from(e: crate::Error) -> JsValue {
        let js = js_sys::Error::new(&e.to_string());
        let first = &e.problems()[0];
        set(&js, "kind", &JsValue::from_str(e.kind().name()));
        set(&js, "code", &JsValue::from_str(first.code.id));
        set(&js, "params", &params_object(first));
        let problems: Array = e
            .problems()
            .iter()
            .map(|p| {
                let o = Object::new();
                set(&o, "code", &JsValue::from_str(p.code.id));
                set(&o, "params", &params_object(p));
                set(&o, "message", &JsValue::from_str(&p.to_string()));
                JsValue::from(o)
            })
            .collect();
        set(&js, "problems", &problems);
        js.into()
    }
}

/// Installs the panic hook once, so a bug (never user input) still prints a readable stack.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}
