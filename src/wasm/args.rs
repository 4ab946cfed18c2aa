//! Checks of what JS hands the bindings, so that a wrong argument becomes an `Error` whose message
//! names it:
//! - a settings object is read through the model's schema ([`settings_from`]): every value is
//!   checked against its field's type and every name against the fields, all in one error;
//! - wasm-bindgen's glue copies a `&str` argument without checking that it is a string: a number
//!   or an object there traps inside the allocator ("RuntimeError: memory access out of bounds").
//!   Text arguments therefore come in as `JsValue` and go through [`text_arg`];
//! - a `usize` argument would turn −1 into 4294967295 and NaN into 0 without a word: counts come in
//!   as `f64` and go through [`count_arg`].

use super::JsResult;
use crate::err;
use crate::settings::{Raw, Settings};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

/// A JS value as a setting's [`Raw`] value.
pub(crate) fn raw(v: &JsValue) -> Raw {
    if let Some(s) = v.as_string() {
        Raw::Text(s)
    } else if let Some(x) = v.as_f64() {
        Raw::Num(x)
    } else if let Some(b) = v.as_bool() {
        Raw::Bool(b)
    } else if v.is_null() || v.is_undefined() {
        Raw::Null
    } else if Array::is_array(v) {
        Raw::Other("an array")
    } else if v.is_function() {
        Raw::Other("a function")
    } else if v.is_bigint() {
        Raw::Other("a BigInt")
    } else if v.is_object() {
        Raw::Other("an object")
    } else {
        Raw::Other("a value of another type")
    }
}

/// A short description of a JS value for messages: `-1`, `"abc"`, `null`, `an array`.
pub(crate) fn describe(v: &JsValue) -> String {
    if v.is_undefined() {
        return "undefined".into();
    }
    raw(v).describe()
}

/// A text argument: the string, or an error naming the argument and what came instead.
pub(crate) fn text_arg(v: &JsValue, name: &str) -> JsResult<String> {
    v.as_string().ok_or_else(|| err!(Input, ARG_NOT_STRING, name = name, got = describe(v)))
}

/// Reads an optional settings object (undefined / null → the defaults) through `T`'s schema.
/// Anything but a plain object is refused; a property set to `undefined` counts as absent. Limits
/// are the model constructor's to check (`Settings::validate`).
pub(crate) fn settings_from<T: Settings>(value: JsValue) -> JsResult<T> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    if !value.is_object() || Array::is_array(&value) || value.is_function() {
        return Err(crate::Error::settings(vec![crate::problem!(SETTINGS_NOT_OBJECT, got = describe(&value))]));
    }
    let obj: &Object = value.unchecked_ref();
    let mut entries = Vec::new();
    for key in Object::keys(obj).iter() {
        let v = Reflect::get(obj, &key).unwrap_or(JsValue::UNDEFINED);
        if !v.is_undefined() {
            entries.push((key.as_string().unwrap_or_default(), raw(&v)));
        }
    }
    T::from_entries(entries)
}

/// A count argument (iterations, items, sizes): a whole number in `lo..=hi`, or an error naming it.
pub(crate) fn count_arg(name: &str, v: f64, lo: usize, hi: usize) -> JsResult<usize> {
    if !v.is_finite() || v.fract() != 0.0 || v < lo as f64 || v > hi as f64 {
        return Err(err!(Input, ARG_COUNT, name = name, min = lo, max = hi, got = Raw::Num(v).describe()));
    }
    Ok(v as usize)
}

/// The largest count a JS caller may pass (a `u32`, what wasm32 indexes).
pub(crate) const MAX_COUNT: usize = u32::MAX as usize;

/// A seed argument: a whole number from 0 to 2^53 − 1 (what a JS number holds exactly).
pub(crate) fn seed_arg(v: f64) -> JsResult<u64> {
    let max = crate::settings::SEED_MAX;
    if !v.is_finite() || v.fract() != 0.0 || v < 0.0 || v > max as f64 {
        return Err(err!(Input, ARG_COUNT, name = "seed", min = 0, max = max, got = Raw::Num(v).describe()));
    }
    Ok(v as u64)
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

/// A query vector must be finite: with a NaN in it every cosine is NaN and the "nearest" words
/// would come back in an arbitrary order with similarity 0.
pub(crate) fn check_finite(v: &[f32]) -> JsResult<()> {
    match v.iter().position(|x| !x.is_finite()) {
        Some(i) => Err(err!(Input, ARG_NOT_FINITE, index = i, value = Raw::Num(v[i] as f64).describe())),
        None => Ok(()),
    }
}

/// Serialises a result for JS (plain objects and arrays, numbers as numbers).
pub(crate) fn to_js<T: serde::Serialize>(value: &T) -> JsResult<JsValue> {
    // Our own structs of numbers and strings always serialise.
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| err!(Input, INTERNAL, detail = e))
}
