//! One settings schema per model. A model's settings are one struct declared with [`settings!`]:
//! each field's type, default, limits, choices and aliases in one place. From that declaration come
//! the serde struct, its `Default`, the schema the page builds its forms from (`settingsSpec(model)`
//! in JS → `[{name, kind, min, max, default, choices, optional, aliases, doc}]`), the reader of a
//! settings object ([`Settings::from_entries`]) and the one check ([`Settings::validate`]).
//!
//! # Declaring the settings of a new model
//!
//! ```ignore
//! use crate::error::Problem;
//! use crate::settings::{Settings, SEED_MAX};
//!
//! crate::choices! {
//!     /// The recurrent cell.
//!     pub enum Cell { Rnn = "rnn", Gru = "gru", Lstm = "lstm" }
//! }
//!
//! crate::settings! {
//!     /// Settings of `RnnLm` (doc comments become the schema's `doc`).
//!     #[derive(Debug, Clone, PartialEq)]
//!     pub struct RnnConfig {
//!         /// Hidden units per layer.
//!         #[limits(1, 512)]
//!         pub hidden: usize = 64,
//!         /// Adam's learning rate.
//!         #[limits(1e-5, 1)]
//!         pub lr: f64 = 3e-3,
//!         pub cell: Cell = Cell::Gru,
//!         /// The page's one seed (every model reads `seed` the same way).
//!         #[limits(0, SEED_MAX)]
//!         pub seed: u64 = 1,
//!     }
//! }
//!
//! // Rules between fields, if any (an empty impl otherwise): push one problem per broken rule,
//! // with a code of `crate::error::codes` (add one there, and its strings in www/i18n/*/errors.js).
//! impl Settings for RnnConfig {
//!     fn check(&self, problems: &mut Vec<Problem>) {
//!         if self.hidden % 2 == 1 && self.cell == Cell::Lstm { /* problems.push(problem!(…)) */ }
//!     }
//! }
//! ```
//! Then: the model's constructor calls `cfg.validate()?` (the one check), the binding in
//! `src/wasm/` reads its argument with `args::settings_from::<RnnConfig>(value)?`, and one line in
//! `src/wasm/settings.rs` (`SCHEMAS`) lists `("rnn", RnnConfig::fields)` for `settingsSpec`.
//!
//! Field attributes, in this order, all optional: doc comments, `#[alias("a", "b")]` (other names
//! accepted when reading, e.g. fastText's `ws`), `#[limits(min, max)]` (inclusive; every number
//! needs them), `#[choices("a", "b")]` (a subset of an enum's names). Types: integers, `f64`,
//! `bool`, enums declared with [`choices!`](crate::choices), and `Option` of those (`null` =
//! automatic). JS names are the camelCase of the field names (`min_count` → `minCount`).
//!
//! Reading a settings object names every bad value in one error: a value of the wrong type or
//! outside its limits (−1 for a count says "between 1 and 1000 (got -1)", never 4294967295), and
//! an unknown name with the nearest valid one ("unknown setting `dimension` — did you mean `dim`?").

#[cfg(test)]
mod tests;
mod value;

pub use value::{Kind, Raw, SettingValue, MAX_SAFE_INTEGER};

use crate::error::{Error, Problem, Result};
use crate::problem;
use serde::Serialize;

/// The largest seed: every seed is a whole number a JS number holds exactly.
pub const SEED_MAX: u64 = MAX_SAFE_INTEGER;

/// One setting in the schema.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// The JS name (camelCase).
    pub name: String,
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choices: Option<&'static [&'static str]>,
    pub default: Raw,
    /// `null` is accepted (automatic).
    pub optional: bool,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub aliases: &'static [&'static str],
    pub doc: String,
}

impl Field {
    /// Used by [`settings!`]: a field of Rust type `T` named `rust_name`.
    pub fn of<T: SettingValue>(
        rust_name: &str,
        default: &T,
        aliases: &'static [&'static str],
        limits: Option<(f64, f64)>,
        choices: Option<&'static [&'static str]>,
        doc: &str,
    ) -> Field {
        let choices = choices.or((T::KIND == Kind::Choice).then(T::choices));
        Field {
            name: camel_case(rust_name),
            kind: T::KIND,
            min: limits.map(|l| l.0),
            max: limits.map(|l| l.1),
            choices,
            default: default.to_raw(),
            optional: T::OPTIONAL,
            aliases,
            doc: doc.lines().map(str::trim).collect::<Vec<_>>().join(" ").trim().to_string(),
        }
    }

    /// The problem for `got` in this field (a wrong type and an out-of-range value read alike).
    pub fn problem(&self, got: &Raw) -> Problem {
        let (name, got) = (self.name.clone(), got.describe());
        let (min, max) = (fmt_limit(self.min), fmt_limit(self.max));
        match self.kind {
            Kind::Int => problem!(SETTING_INT, name = name, min = min, max = max, got = got),
            Kind::Float if self.optional => problem!(SETTING_NUMBER_OR_NULL, name = name, min = min, max = max, got = got),
            Kind::Float => problem!(SETTING_NUMBER, name = name, min = min, max = max, got = got),
            Kind::Bool => problem!(SETTING_BOOL, name = name, got = got),
            Kind::Choice => problem!(SETTING_CHOICE, name = name, choices = list(self.choices.unwrap_or(&[])), got = got),
        }
    }

    /// Whether a value that fits the type is within the limits / choices.
    fn allows(&self, v: &Raw) -> bool {
        match v {
            Raw::Num(x) => self.min.is_none_or(|m| *x >= m) && self.max.is_none_or(|m| *x <= m),
            Raw::Text(s) => self.choices.is_none_or(|c| c.contains(&s.as_str())),
            Raw::Null => self.optional,
            _ => true,
        }
    }
}

fn fmt_limit(x: Option<f64>) -> String {
    x.map_or_else(|| "?".into(), |x| format!("{x}"))
}

/// `` `a`, `b`, `c` ``.
pub fn list(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// `min_count` → `minCount` (serde's `rename_all = "camelCase"`).
pub fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// What [`settings!`] generates: the fields and access to them by index.
pub trait Schema: Default + Sized {
    /// The schema, in declaration order.
    fn fields() -> Vec<Field>;
    /// The value of field `i` as a [`Raw`].
    fn value(&self, i: usize) -> Raw;
    /// Sets field `i` from `raw`; false when it does not fit the field's type.
    fn read(&mut self, i: usize, raw: &Raw) -> bool;
}

/// A model's settings: the checks and the reader, on top of the generated [`Schema`].
pub trait Settings: Schema {
    /// Rules between settings (maxn ≥ minn, a memory budget): one problem per broken rule.
    /// Called after every field is within its limits.
    fn check(&self, _problems: &mut Vec<Problem>) {}

    /// Every problem: values outside their limits, then broken rules between fields.
    fn problems(&self) -> Vec<Problem> {
        let mut out: Vec<Problem> = Vec::new();
        for (i, f) in Self::fields().iter().enumerate() {
            let v = self.value(i);
            let fits = match v {
                Raw::Num(x) => x.is_finite(),
                _ => true,
            };
            if !fits || !f.allows(&v) {
                out.push(f.problem(&v));
            }
        }
        if out.is_empty() {
            self.check(&mut out);
        }
        out
    }

    /// The one check of a model's settings; its constructor calls it.
    fn validate(&self) -> Result<()> {
        let problems = self.problems();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::settings(problems))
        }
    }

    /// Reads `name → value` pairs over the defaults. Each value must fit its field's type and each
    /// name must be a field (or an alias); when something does not, the error also names every
    /// value outside its limits, so one message lists all that is wrong. Limits are otherwise left
    /// to [`Settings::validate`], which the model's constructor runs.
    fn from_entries<K: AsRef<str>>(entries: impl IntoIterator<Item = (K, Raw)>) -> Result<Self> {
        let fields = Self::fields();
        let mut cfg = Self::default();
        let mut problems = Vec::new();
        let mut read = vec![false; fields.len()];
        for (name, raw) in entries {
            let name = name.as_ref();
            match fields.iter().position(|f| f.name == name || f.aliases.contains(&name)) {
                Some(i) if cfg.read(i, &raw) => read[i] = true,
                Some(i) => problems.push(fields[i].problem(&raw)),
                None => problems.push(unknown(name, &fields)),
            }
        }
        if problems.is_empty() {
            return Ok(cfg);
        }
        for (i, f) in fields.iter().enumerate() {
            let v = cfg.value(i);
            if read[i] && !f.allows(&v) {
                problems.push(f.problem(&v));
            }
        }
        Err(Error::settings(problems))
    }
}

/// The problem for an unknown name: the nearest field when one is close, else the list.
fn unknown(name: &str, fields: &[Field]) -> Problem {
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    match nearest(name, &names) {
        Some(s) => problem!(SETTING_UNKNOWN_NEAR, name = name, suggestion = s),
        None => problem!(SETTING_UNKNOWN, name = name, names = list(&names)),
    }
}

/// The candidate a mistyped `name` most likely meant: equal but for case and `_`/`-`, then one
/// being the start of the other (`dimension` → `dim`), then the smallest edit distance if at most
/// a third of the name's length (at least 1).
pub fn nearest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let norm = |s: &str| -> Vec<char> { s.chars().filter(|c| !matches!(c, '_' | '-' | ' ')).flat_map(char::to_lowercase).collect() };
    let n = norm(name);
    if n.is_empty() {
        return None;
    }
    let cands: Vec<(&str, Vec<char>)> = candidates.iter().map(|c| (*c, norm(c))).collect();
    if let Some((c, _)) = cands.iter().find(|(_, cn)| *cn == n) {
        return Some(c);
    }
    let prefix = cands
        .iter()
        .filter(|(_, cn)| cn.len() >= 2 && n.len() >= 2 && (n.starts_with(cn) || cn.starts_with(&n)))
        .min_by_key(|(_, cn)| cn.len().abs_diff(n.len()));
    if let Some((c, _)) = prefix {
        return Some(c);
    }
    let (best, d) = cands.iter().map(|(c, cn)| (*c, edit_distance(&n, cn))).min_by_key(|&(_, d)| d)?;
    (d <= (n.len() / 3).max(1)).then_some(best)
}

/// Levenshtein distance (insert, delete, substitute, each 1).
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1).min(row[j] + 1).min(diag + usize::from(ca != cb));
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// Declares a model's settings struct; see the [module docs](self) for the syntax.
#[macro_export]
macro_rules! settings {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $(
                $(#[doc = $doc:literal])*
                $(#[alias($($alias:literal),+ $(,)?)])?
                $(#[limits($min:expr, $max:expr)])?
                $(#[choices($($choice:literal),+ $(,)?)])?
                $fvis:vis $field:ident : $ty:ty = $default:expr
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "camelCase", default)]
        $vis struct $name {
            $(
                $(#[doc = $doc])*
                $($(#[serde(alias = $alias)])+)?
                $fvis $field: $ty,
            )*
        }

        impl Default for $name {
            fn default() -> Self {
                $name { $($field: $default,)* }
            }
        }

        impl $crate::settings::Schema for $name {
            fn fields() -> Vec<$crate::settings::Field> {
                let d = <Self as Default>::default();
                vec![$({
                    let aliases: &'static [&'static str] = &[$($($alias),+)?];
                    let limits: Option<(f64, f64)> = None $(.or(Some((($min) as f64, ($max) as f64))))?;
                    let choices: Option<&'static [&'static str]> = None $(.or(Some(&[$($choice),+])))?;
                    $crate::settings::Field::of::<$ty>(stringify!($field), &d.$field, aliases, limits, choices, concat!($($doc, "\n"),*))
                }),*]
            }

            #[allow(unused_assignments)]
            fn value(&self, i: usize) -> $crate::settings::Raw {
                let mut k = 0usize;
                $(
                    if k == i {
                        return $crate::settings::SettingValue::to_raw(&self.$field);
                    }
                    k += 1;
                )*
                $crate::settings::Raw::Null
            }

            #[allow(unused_assignments)]
            fn read(&mut self, i: usize, raw: &$crate::settings::Raw) -> bool {
                let mut k = 0usize;
                $(
                    if k == i {
                        return match <$ty as $crate::settings::SettingValue>::from_raw(raw) {
                            Some(v) => {
                                self.$field = v;
                                true
                            }
                            None => false,
                        };
                    }
                    k += 1;
                )*
                false
            }
        }
    };
}
