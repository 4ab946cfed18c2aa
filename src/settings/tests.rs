use super::*;
use crate::error::ErrorKind;

crate::choices! {
    /// A test enum.
    pub enum Shape {
        Round = "round",
        /// Four corners.
        Square = "square",
        Star = "star",
    }
}

crate::settings! {
    /// A test schema with one field of each kind.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Demo {
        /// Vector
        /// dimensions.
        #[limits(1, 1000)]
        pub dim: usize = 50,
        #[alias("ws")]
        #[limits(1, 50)]
        pub window: u32 = 5,
        #[limits(0, 0.1)]
        pub sample: f64 = 1e-3,
        #[limits(1e-6, 10)]
        pub alpha: Option<f64> = None,
        pub jamo: bool = false,
        #[choices("round", "square")]
        pub shape: Shape = Shape::Round,
        #[limits(1, 1_000_000)]
        pub min_count: u64 = 2,
        #[limits(0, SEED_MAX)]
        pub seed: u64 = 1,
    }
}

impl Settings for Demo {
    fn check(&self, problems: &mut Vec<Problem>) {
        if self.window as usize > self.dim {
            problems.push(crate::problem!(SETTING_RANGE, name = "window", min = 1, max = self.dim, got = self.window));
        }
    }
}

fn read(pairs: &[(&str, Raw)]) -> Result<Demo> {
    Demo::from_entries(pairs.iter().cloned())
}

/// What a JS caller sees: the reader's error, else the constructor's `validate`.
fn message(pairs: &[(&str, Raw)]) -> String {
    read(pairs).and_then(|d| d.validate()).unwrap_err().to_string()
}

#[test]
fn the_schema_lists_each_field_with_its_limits_default_and_doc() {
    let f = Demo::fields();
    let names: Vec<&str> = f.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["dim", "window", "sample", "alpha", "jamo", "shape", "minCount", "seed"]);
    assert_eq!((f[0].kind, f[0].min, f[0].max, &f[0].default), (Kind::Int, Some(1.0), Some(1000.0), &Raw::Num(50.0)));
    assert_eq!(f[0].doc, "Vector dimensions.");
    assert_eq!(f[1].aliases, ["ws"]);
    assert_eq!((f[2].kind, f[2].max), (Kind::Float, Some(0.1)));
    assert_eq!((f[3].optional, &f[3].default), (true, &Raw::Null));
    assert_eq!(f[4].kind, Kind::Bool);
    // A restricted choice lists only what this model accepts.
    assert_eq!((f[5].kind, f[5].choices), (Kind::Choice, Some(&["round", "square"][..])));
    assert_eq!(f[7].max, Some(9_007_199_254_740_991.0));
}

#[test]
fn values_are_read_by_name_and_alias() {
    let d =
        read(&[("dim", Raw::Num(8.0)), ("ws", Raw::Num(3.0)), ("alpha", Raw::Num(0.5)), ("shape", Raw::Text("square".into()))]).unwrap();
    assert_eq!((d.dim, d.window, d.alpha, d.shape), (8, 3, Some(0.5), Shape::Square));
    assert_eq!(read(&[("alpha", Raw::Null)]).unwrap().alpha, None);
    assert_eq!(read(&[]).unwrap(), Demo::default());
}

#[test]
fn a_negative_count_is_refused_as_negative() {
    assert_eq!(message(&[("dim", Raw::Num(-1.0))]), "invalid setting: dim must be a whole number between 1 and 1000 (got -1)");
    // u64 seed: −1 never wraps to 18446744073709551615.
    assert_eq!(
        message(&[("seed", Raw::Num(-1.0))]),
        "invalid setting: seed must be a whole number between 0 and 9007199254740991 (got -1)"
    );
}

#[test]
fn wrong_types_name_the_setting_and_the_value() {
    assert_eq!(message(&[("dim", Raw::Num(2.5))]), "invalid setting: dim must be a whole number between 1 and 1000 (got 2.5)");
    assert_eq!(message(&[("sample", Raw::Num(f64::NAN))]), "invalid setting: sample must be a number between 0 and 0.1 (got NaN)");
    assert_eq!(message(&[("jamo", Raw::Text("yes".into()))]), "invalid setting: jamo must be true or false (got \"yes\")");
    assert_eq!(message(&[("shape", Raw::Text("star".into()))]), "invalid setting: shape must be one of `round`, `square` (got \"star\")");
    assert_eq!(message(&[("shape", Raw::Null)]), "invalid setting: shape must be one of `round`, `square` (got null)");
    assert_eq!(
        message(&[("alpha", Raw::Other("an array"))]),
        "invalid setting: alpha must be a number between 0.000001 and 10, or null for automatic (got an array)"
    );
    // Beyond the type (u32) and beyond 2^53: the same message, no wrap-around.
    assert!(message(&[("window", Raw::Num(1e10))]).contains("window must be a whole number between 1 and 50 (got 10000000000)"));
}

#[test]
fn every_bad_value_is_named_in_one_message() {
    let e = read(&[("dim", Raw::Num(0.0)), ("jamo", Raw::Num(1.0)), ("dimension", Raw::Num(3.0)), ("window", Raw::Num(99.0))]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Settings);
    let codes: Vec<&str> = e.problems().iter().map(|p| p.code.id).collect();
    // Type problems and unknown names in the order given, then the in-type values out of limits.
    assert_eq!(codes, ["setting.bool", "setting.unknownNear", "setting.int", "setting.int"]);
    let m = e.to_string();
    assert!(m.starts_with("invalid settings: "), "{m}");
    for part in ["dim must be", "jamo must be", "`dimension` — did you mean `dim`?", "window must be"] {
        assert!(m.contains(part), "{part} missing from {m}");
    }
}

#[test]
fn limits_are_checked_by_validate_once() {
    // In type but out of limits: the reader accepts it, the model's constructor (validate) refuses.
    let d = read(&[("dim", Raw::Num(0.0))]).unwrap();
    assert_eq!(d.validate().unwrap_err().to_string(), "invalid setting: dim must be a whole number between 1 and 1000 (got 0)");
    let d = Demo { dim: 4, window: 9, ..Demo::default() };
    assert_eq!(d.validate().unwrap_err().to_string(), "invalid setting: window must be between 1 and 4 (got 9)");
    assert!(Demo::default().validate().is_ok());
    // A NaN set from Rust is refused too.
    assert!(Demo { sample: f64::NAN, ..Demo::default() }.validate().is_err());
}

#[test]
fn unknown_names_suggest_the_nearest() {
    let near = |n: &str| message(&[(n, Raw::Num(1.0))]);
    assert_eq!(near("dimension"), "invalid setting: unknown setting `dimension` — did you mean `dim`?");
    assert!(near("min_count").contains("did you mean `minCount`?"));
    assert!(near("windw").contains("did you mean `window`?"));
    assert!(near("seeds").contains("did you mean `seed`?"));
    assert_eq!(
        near("learningRate"),
        "invalid setting: unknown setting `learningRate` (the settings are `dim`, `window`, `sample`, `alpha`, `jamo`, `shape`, `minCount`, `seed`)"
    );
}

#[test]
fn nearest_rules() {
    let c = ["dim", "window", "minCount", "maxVocab", "epochs"];
    assert_eq!(nearest("DIM", &c), Some("dim"));
    assert_eq!(nearest("max_vocab", &c), Some("maxVocab"));
    assert_eq!(nearest("epoch", &c), Some("epochs"));
    assert_eq!(nearest("x", &c), None);
    assert_eq!(nearest("", &c), None);
    assert_eq!(edit_distance(&['a', 'b'], &['b', 'a']), 2);
}

#[test]
fn the_struct_is_a_serde_type_with_the_js_names() {
    #[derive(serde::Serialize)]
    struct Probe<'a>(&'a Demo);
    // Serialises with camelCase names (what `config()` returns to JS).
    let mut s = Vec::new();
    fn walk(v: &Demo, out: &mut Vec<String>) {
        for (i, f) in Demo::fields().iter().enumerate() {
            out.push(format!("{}={}", f.name, v.value(i).describe()));
        }
    }
    walk(&Demo::default(), &mut s);
    assert_eq!(s[6], "minCount=2");
    let _ = Probe(&Demo::default());
}

#[test]
fn command_line_values_parse() {
    assert_eq!(Raw::parse("12"), Raw::Num(12.0));
    assert_eq!(Raw::parse("true"), Raw::Bool(true));
    assert_eq!(Raw::parse("cbow"), Raw::Text("cbow".into()));
    assert_eq!(Raw::parse("null"), Raw::Null);
}
