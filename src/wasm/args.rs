//! Checks of what JS hands the bindings, so that a wrong argument becomes an `Error` whose message
//! names it. Two holes this closes:
//! - serde alone reports a settings object's bad value as "invalid type: floating point `-1.0`,
//!   expected u64" without saying *which* setting; [`config_from`] finds and names it.
//! - wasm-bindgen's glue copies a `&str` argument without checking that it is a string: a number
//!   or an object there traps inside the allocator ("RuntimeError: memory access out of bounds").
//!   Text arguments therefore come in as `JsValue` and go through [`text_arg`].

use js_sys::{Array, Object, Reflect};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

/// A short description of a JS value for messages: `-1`, `"abc"`, `null`, `an array`.
pub(crate) fn describe(v: &JsValue) -> String {
    if let Some(s) = v.as_string() {
        let short: String = s.chars().take(40).collect();
        return if short.len() < s.len() { format!("{short:?}…") } else { format!("{short:?}") };
    }
    if let Some(x) = v.as_f64() {
        return if x.is_nan() {
            "NaN".into()
        } else if x.is_infinite() {
            (if x > 0.0 { "Infinity" } else { "-Infinity" }).into()
        } else {
            format!("{x}")
        };
    }
    if let Some(b) = v.as_bool() {
        return b.to_string();
    }
    if v.is_null() {
        return "null".into();
    }
    if v.is_undefined() {
        return "undefined".into();
    }
    if Array::is_array(v) {
        return "an array".into();
    }
    if v.is_function() {
        return "a function".into();
    }
    if v.is_bigint() {
        return "a BigInt".into();
    }
    if v.is_object() {
        return "an object".into();
    }
    "a value of another type".into()
}

/// A text argument: the string, or an error naming the argument and what came instead.
pub(crate) fn text_arg(v: &JsValue, name: &str) -> Result<String, JsError> {
    v.as_string().ok_or_else(|| JsError::new(&format!("{name} must be a string (got {})", describe(v))))
}

/// Reads an optional settings object (undefined / null → defaults). Anything but a plain object is
/// refused; a setting of the wrong type is named in the message.
pub(crate) fn config_from<T: DeserializeOwned + Default>(value: JsValue) -> Result<T, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    if !value.is_object() || Array::is_array(&value) || value.is_function() {
        return Err(JsError::new(&format!("invalid settings: expected an object such as {{ seed: 1 }} (got {})", describe(&value))));
    }
    serde_wasm_bindgen::from_value(value.clone()).map_err(|e| {
        culprit::<T>(&value).unwrap_or_else(|| JsError::new(&format!("invalid settings: {}", e.to_string().trim_start_matches("Error: "))))
    })
}

/// Deserialises each setting on its own (the others defaulted) to find the one that fails.
fn culprit<T: DeserializeOwned + Default>(value: &JsValue) -> Option<JsError> {
    let obj: &Object = value.dyn_ref()?;
    for entry in Object::entries(obj).iter() {
        let pair: Array = entry.dyn_into().ok()?;
        let (key, v) = (pair.get(0), pair.get(1));
        let Err(e) = from_single::<T>(&key, &v) else { continue };
        let name = key.as_string().unwrap_or_default();
        let mut why = explain(&e);
        if why.contains("expected enum") {
            // Ask serde for the variant names: a string that no enum uses lists them.
            if let Err(e2) = from_single::<T>(&key, &JsValue::from_str("\u{1}")) {
                if let Some(pos) = e2.find("expected ") {
                    why = format!("must be {}", &e2[pos + "expected ".len()..]);
                }
            }
        }
        return Some(JsError::new(&format!("invalid setting: {name} {why} (got {})", describe(&v))));
    }
    None
}

fn from_single<T: DeserializeOwned>(key: &JsValue, v: &JsValue) -> Result<(), String> {
    let one = Object::new();
    Reflect::set(&one, key, v).map_err(|_| String::from("cannot be read"))?;
    serde_wasm_bindgen::from_value::<T>(one.into()).map(|_| ()).map_err(|e| e.to_string())
}

/// serde's wording → what the person typing settings needs to know.
fn explain(msg: &str) -> String {
    let msg = msg.trim_start_matches("Error: ");
    let ends = |tys: &[&str]| tys.iter().any(|t| msg.ends_with(&format!("expected {t}")));
    if msg.starts_with("invalid value: integer") && ends(&["u8", "u16", "u32", "usize", "u64"]) {
        return "is too large".into();
    }
    if ends(&["u8", "u16", "u32", "usize", "u64"]) {
        return "must be a whole number ≥ 0".into();
    }
    if ends(&["i8", "i16", "i32", "isize", "i64"]) {
        return "must be a whole number".into();
    }
    if ends(&["f32", "f64"]) {
        return "must be a number".into();
    }
    if msg.ends_with("expected a string") {
        return "must be a string".into();
    }
    if msg.ends_with("expected a boolean") {
        return "must be true or false".into();
    }
    if let Some(pos) = msg.find("unknown variant") {
        if let Some(e) = msg[pos..].find("expected ") {
            return format!("must be {}", &msg[pos + e + "expected ".len()..]);
        }
    }
    msg.to_string()
}

/// A count argument (iterations, items): a whole number in `lo..=hi`, or an error naming it.
/// wasm-bindgen would otherwise turn −1 into 4294967295 and NaN into 0 without a word.
pub(crate) fn count_arg(name: &str, v: f64, lo: usize, hi: usize) -> Result<usize, JsError> {
    if !v.is_finite() || v.fract() != 0.0 || v < lo as f64 || v > hi as f64 {
        return Err(super::js_err(crate::Error::config(format!("{name} must be a whole number between {lo} and {hi} (got {v})"))));
    }
    Ok(v as usize)
}

/// Sets `obj[key] = null` when `v` is not finite: a number that does not exist yet (the loss of a
/// slice that made no update) reads as `null`, never as a NaN the caller must know to test for.
pub(crate) fn null_unless_finite(obj: JsValue, key: &str, v: f64) -> JsValue {
    if !v.is_finite() {
        // Setting a property of the plain object serde just made cannot fail.
        let _ = Reflect::set(&obj, &JsValue::from_str(key), &JsValue::NULL);
    }
    obj
}
