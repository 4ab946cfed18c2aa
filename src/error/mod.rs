//! The one error type of the crate. An error is a kind (what was at fault: the settings, the text,
//! a file, a checkpoint, an argument) and one or more problems; a problem is a code with parameters
//! (`setting.int` with `{name: "dim", min: "1", max: "1000", got: "0"}`), rustc-style. The page
//! renders codes from its en/ko string tables (`www/i18n/{en,ko}/errors.js`); `Display` renders the
//! English template of [`codes`], which the JS API keeps as the `Error`'s `message`.
//!
//! Making one: `err!(Corpus, TOO_FEW_WORDS, min = 2, found = 1)`, or [`Error::settings`] with the
//! problems [`crate::settings`] collects.

pub mod codes;

use std::fmt;

/// A message id and its English template (`{name}` placeholders).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    pub id: &'static str,
    pub en: &'static str,
}

/// One problem: a code and its parameters, already formatted as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: Code,
    pub params: Vec<(&'static str, String)>,
}

impl Problem {
    pub fn new(code: Code, params: Vec<(&'static str, String)>) -> Self {
        Problem { code, params }
    }
    /// The value of a parameter (`""` when absent).
    pub fn param(&self, key: &str) -> &str {
        self.params.iter().find(|(k, _)| *k == key).map_or("", |(_, v)| v.as_str())
    }
}

impl fmt::Display for Problem {
    /// The English template with its placeholders filled in (an unknown placeholder stays as is).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.code.en;
        while let Some(open) = rest.find('{') {
            f.write_str(&rest[..open])?;
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) if self.params.iter().any(|(k, _)| *k == &after[..close]) => {
                    f.write_str(self.param(&after[..close]))?;
                    rest = &after[close + 1..];
                }
                _ => {
                    f.write_str("{")?;
                    rest = after;
                }
            }
        }
        f.write_str(rest)
    }
}

/// What was at fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Settings outside their types or limits; every bad one is a problem of its own.
    Settings,
    /// The text gives the model nothing to learn from (empty, one word, …).
    Corpus,
    /// A file in a known format that does not parse (a `.vec`, `vocab.txt`, JSON, …).
    Format,
    /// A checkpoint that is missing a tensor, has a wrong shape, or is of an unsupported kind.
    Checkpoint,
    /// Anything else the caller passed that cannot be used (an unknown word, a non-string, …).
    Input,
}

impl ErrorKind {
    /// The name the JS `Error` carries in `kind`.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Settings => "settings",
            ErrorKind::Corpus => "corpus",
            ErrorKind::Format => "format",
            ErrorKind::Checkpoint => "checkpoint",
            ErrorKind::Input => "input",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    /// At least one.
    problems: Vec<Problem>,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn new(kind: ErrorKind, code: Code, params: Vec<(&'static str, String)>) -> Self {
        Error { kind, problems: vec![Problem::new(code, params)] }
    }
    /// Every bad setting at once (`problems` must not be empty).
    pub fn settings(problems: Vec<Problem>) -> Self {
        debug_assert!(!problems.is_empty());
        Error { kind: ErrorKind::Settings, problems }
    }
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
    /// The first problem's code.
    pub fn code(&self) -> Code {
        self.problems[0].code
    }
    pub fn is(&self, kind: ErrorKind) -> bool {
        self.kind == kind
    }
    /// The words before the problems in the message (`invalid setting: `, `corpus: `, …): a code
    /// too, so the page says them in its language.
    pub fn prefix(&self) -> Option<Code> {
        match self.kind {
            ErrorKind::Settings if self.problems.len() > 1 => Some(codes::PREFIX_SETTINGS),
            ErrorKind::Settings => Some(codes::PREFIX_SETTING),
            ErrorKind::Corpus => Some(codes::PREFIX_CORPUS),
            ErrorKind::Checkpoint => Some(codes::PREFIX_CHECKPOINT),
            ErrorKind::Format | ErrorKind::Input => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(prefix) = self.prefix() {
            f.write_str(prefix.en)?;
        }
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// `err!(Kind, CODE, key = value, …)`: an [`Error`] of that kind with one coded problem; the
/// values are formatted with `Display`.
#[macro_export]
macro_rules! err {
    ($kind:ident, $code:ident $(, $key:ident = $value:expr)* $(,)?) => {
        $crate::error::Error::new(
            $crate::error::ErrorKind::$kind,
            $crate::error::codes::$code,
            vec![$((stringify!($key), ($value).to_string())),*],
        )
    };
}

/// `problem!(CODE, key = value, …)`: one coded [`Problem`].
#[macro_export]
macro_rules! problem {
    ($code:ident $(, $key:ident = $value:expr)* $(,)?) => {
        $crate::error::Problem::new($crate::error::codes::$code, vec![$((stringify!($key), ($value).to_string())),*])
    };
}

/// Checks `lo <= value <= hi` for a named number outside any settings object (an argument such as
/// `lr`); the message is the settings one, so it reads the same.
pub fn check_range<T: PartialOrd + fmt::Display + Copy>(name: &str, value: T, lo: T, hi: T) -> Result<()> {
    if value < lo || value > hi {
        return Err(Error::settings(vec![crate::problem!(SETTING_RANGE, name = name, min = lo, max = hi, got = value)]));
    }
    Ok(())
}

/// Checks that a float is finite and within `[lo, hi]` (NaN fails). A value that is not finite
/// reads as JS writes it, `Infinity` / `-Infinity` / `NaN`, as in the settings' messages (Rust's
/// own `inf` is no word a page's reader knows).
pub fn check_range_f(name: &str, value: f64, lo: f64, hi: f64) -> Result<()> {
    if !value.is_finite() || value < lo || value > hi {
        let got = crate::settings::Raw::Num(value).describe();
        return Err(Error::settings(vec![crate::problem!(SETTING_RANGE, name = name, min = lo, max = hi, got = got)]));
    }
    Ok(())
}

/// A piece of the user's text made readable inside a message: control characters (a NUL, a bell,
/// an escape byte, a newline) and the invisible format characters (BOM, zero-width space, bidi
/// overrides) written as `\u{7}`, `\u{1b}`, `\u{200b}` instead of raw — raw, they vanish, beep,
/// break the line or reorder the rest of the message.
pub fn printable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() || crate::text::normalize::is_invisible_format(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_their_placeholders() {
        let e = crate::err!(Settings, SETTING_INT, name = "dim", min = 1, max = 1000, got = -1);
        assert_eq!(e.to_string(), "invalid setting: dim must be a whole number between 1 and 1000 (got -1)");
        assert_eq!(e.code().id, "setting.int");
        assert_eq!(e.problems()[0].param("got"), "-1");
    }

    #[test]
    fn several_problems_are_one_message() {
        let e = Error::settings(vec![
            crate::problem!(SETTING_BOOL, name = "jamo", got = "\"yes\""),
            crate::problem!(SETTING_UNKNOWN_NEAR, name = "dimension", suggestion = "dim"),
        ]);
        assert_eq!(
            e.to_string(),
            "invalid settings: jamo must be true or false (got \"yes\"); unknown setting `dimension` — did you mean `dim`?"
        );
    }

    #[test]
    fn non_finite_numbers_and_control_characters_read_in_messages() {
        let msg = |v: f64| check_range_f("temperature", v, 0.0, 10.0).unwrap_err().to_string();
        assert_eq!(msg(f64::INFINITY), "invalid setting: temperature must be between 0 and 10 (got Infinity)");
        assert_eq!(msg(f64::NEG_INFINITY), "invalid setting: temperature must be between 0 and 10 (got -Infinity)");
        assert_eq!(msg(f64::NAN), "invalid setting: temperature must be between 0 and 10 (got NaN)");
        assert_eq!(msg(11.5), "invalid setting: temperature must be between 0 and 10 (got 11.5)");
        assert_eq!(printable("a\u{0}b\u{7}\n\u{1b}[31m\u{202e}é한"), "a\\u{0}b\\u{7}\\u{a}\\u{1b}[31m\\u{202e}é한");
        assert_eq!(printable("plain `text`"), "plain `text`");
    }

    #[test]
    fn every_code_is_unique() {
        let mut ids: Vec<&str> = codes::ALL.iter().map(|c| c.id).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate code ids");
    }
}
