//! The one error type of the crate. Every variant carries a message written for the person in
//! front of the page: what was wrong and, where it helps, what to do. The wasm layer turns it into
//! a `JsError` whose message the page shows as is.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A setting outside its allowed range, e.g. `dim must be between 1 and 1024 (got 0)`.
    Config(String),
    /// The text gives the model nothing to learn from (empty, one word, …).
    Corpus(String),
    /// A file in a known format that does not parse; `line` is 1-based where it applies.
    Format { line: Option<usize>, message: String },
    /// A checkpoint that is missing a tensor, has a wrong shape, or is of an unsupported kind.
    Checkpoint(String),
    /// Anything else the caller passed that cannot be used (an unknown word where one is needed, …).
    Input(String),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn config(msg: impl Into<String>) -> Self {
        Error::Config(msg.into())
    }
    pub fn corpus(msg: impl Into<String>) -> Self {
        Error::Corpus(msg.into())
    }
    pub fn input(msg: impl Into<String>) -> Self {
        Error::Input(msg.into())
    }
    pub fn checkpoint(msg: impl Into<String>) -> Self {
        Error::Checkpoint(msg.into())
    }
    pub fn format(line: Option<usize>, msg: impl Into<String>) -> Self {
        Error::Format { line, message: msg.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config(m) => write!(f, "invalid setting: {m}"),
            Error::Corpus(m) => write!(f, "corpus: {m}"),
            Error::Format { line: Some(l), message } => write!(f, "line {l}: {message}"),
            Error::Format { line: None, message } => write!(f, "{message}"),
            Error::Checkpoint(m) => write!(f, "checkpoint: {m}"),
            Error::Input(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for Error {}

/// Checks `lo <= value <= hi` for a named setting, with a message that names it.
pub fn check_range<T: PartialOrd + fmt::Display + Copy>(name: &str, value: T, lo: T, hi: T) -> Result<()> {
    if value < lo || value > hi {
        return Err(Error::config(format!("{name} must be between {lo} and {hi} (got {value})")));
    }
    Ok(())
}

/// Checks that a float setting is finite and within `[lo, hi]` (NaN fails).
pub fn check_range_f(name: &str, value: f64, lo: f64, hi: f64) -> Result<()> {
    if !value.is_finite() || value < lo || value > hi {
        return Err(Error::config(format!("{name} must be between {lo} and {hi} (got {value})")));
    }
    Ok(())
}
