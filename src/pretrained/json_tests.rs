//! Tests of the JSON reader: values and nesting, escapes and surrogates, error positions, malformed
//! input (no panics), duplicate keys.

use super::*;

#[test]
fn values_and_nesting() {
    let v = parse(r#" {"a": [1, -2.5e2, 0.125, true, false, null], "b": {"c": "d"}, "e": {}, "f": []} "#).unwrap();
    let a = v.get("a").unwrap().as_array().unwrap();
    assert_eq!(a[0].as_usize(), Some(1));
    assert_eq!(a[1].as_f64(), Some(-250.0));
    assert_eq!(a[2].as_f64(), Some(0.125));
    assert_eq!((a[3].as_bool(), a[4].as_bool(), a[5].is_null()), (Some(true), Some(false), true));
    assert_eq!(v.get("b").and_then(|b| b.get("c")).and_then(Json::as_str), Some("d"));
    assert_eq!(v.get("e").unwrap().as_object().unwrap().len(), 0);
    assert_eq!(v.get("f").unwrap().as_array().unwrap().len(), 0);
    assert_eq!(a[1].as_usize(), None, "negative is not a usize");
    assert_eq!(parse("0.5").unwrap().as_usize(), None, "fraction is not a usize");
}

#[test]
fn string_escapes_and_surrogates() {
    let v = parse(r#""a\"b\\c\/d\b\f\n\r\t\u0041\u00e9\uD55C\ud83d\ude00 한국어""#).unwrap();
    // \uD55C is 한 (BMP, no surrogate); \ud83d\ude00 is U+1F600 😀 as a surrogate pair.
    assert_eq!(v.as_str().unwrap(), "a\"b\\c/d\u{8}\u{c}\n\r\tAé한😀 한국어");
    for bad in [r#""\ud83d""#, r#""\ud83dx""#, r#""\ude00""#, r#""\ud83d\u0041""#, r#""\u12""#, r#""\uzzzz""#, r#""\q""#, "\"a\nb\""] {
        assert!(parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn errors_have_position() {
    let e = parse("{\n  \"a\": 1,\n  \"b\" 2\n}").unwrap_err();
    assert_eq!(e, Error::format(Some(3), "JSON column 7: expected ':' after object key"));
    let e = parse("[1, 2").unwrap_err().to_string();
    assert!(e.starts_with("line 1: JSON column 6"), "{e}");
    // Column counts characters, not bytes.
    let e = parse("[\"한국\", x]").unwrap_err();
    assert_eq!(e, Error::format(Some(1), "JSON column 8: expected a value (object, array, string, number, true, false or null)"));
}

#[test]
fn rejects_malformed_without_panicking() {
    for bad in [
        "",
        " ",
        "{",
        "}",
        "[",
        "[1,]",
        "{\"a\":}",
        "{\"a\" 1}",
        "{1:2}",
        "01",
        "1.",
        "1e",
        "-",
        "+1",
        "tru",
        "nul",
        "1 2",
        "\"abc",
        "{\"a\":1,}",
        "[1 2]",
        ".5",
    ] {
        assert!(parse(bad).is_err(), "{bad:?} should fail");
    }
    // Every prefix of a valid document either parses or errors — never panics.
    let doc = r#"{"k": ["é", 1.5e-3, {"x": null}], "s": "\ud83d\ude00\n"}"#;
    for end in 0..doc.len() {
        if let Some(prefix) = doc.get(..end) {
            let _ = parse(prefix);
        }
    }
    let deep = "[".repeat(10_000);
    assert!(parse(&deep).unwrap_err().to_string().contains("nesting deeper"));
}

#[test]
fn duplicate_key_last_wins() {
    let v = parse(r#"{"a": 1, "a": 2}"#).unwrap();
    assert_eq!(v.get("a").and_then(Json::as_f64), Some(2.0));
}
