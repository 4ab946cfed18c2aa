//! What a setting's value can be: [`Raw`] (a value as it came from JS or a command line) and
//! [`SettingValue`], how a Rust field type reads it. Integer types take whole numbers that fit
//! them, `f64` any finite number, `bool` a boolean, `Option<T>` also `null`, and an enum declared
//! with [`choices!`](crate::choices) one of its names.

use serde::{Serialize, Serializer};

/// A setting's value before it is read into its field.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    Num(f64),
    Text(String),
    Bool(bool),
    Null,
    /// Anything else, described for a message: "an array", "an object", "a function".
    Other(&'static str),
}

impl Raw {
    /// How the value reads in a message: `-1`, `2.5`, `NaN`, `"abc"` (cut at 40 characters), `null`.
    pub fn describe(&self) -> String {
        match self {
            Raw::Num(x) if x.is_nan() => "NaN".into(),
            Raw::Num(x) if x.is_infinite() => (if *x > 0.0 { "Infinity" } else { "-Infinity" }).into(),
            Raw::Num(x) => format!("{x}"),
            Raw::Text(s) => {
                let short: String = s.chars().take(40).collect();
                if short.len() < s.len() {
                    format!("{short:?}…")
                } else {
                    format!("{short:?}")
                }
            }
            Raw::Bool(b) => b.to_string(),
            Raw::Null => "null".into(),
            Raw::Other(what) => (*what).into(),
        }
    }

    /// A value typed on a command line (`key=value`): a number, `true` / `false`, `null`, or text.
    pub fn parse(s: &str) -> Raw {
        match s {
            "true" => Raw::Bool(true),
            "false" => Raw::Bool(false),
            "null" => Raw::Null,
            _ => s.parse::<f64>().map_or_else(|_| Raw::Text(s.to_string()), Raw::Num),
        }
    }
}

impl Serialize for Raw {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Raw::Num(x) => s.serialize_f64(*x),
            Raw::Text(t) => s.serialize_str(t),
            Raw::Bool(b) => s.serialize_bool(*b),
            Raw::Null => s.serialize_unit(),
            Raw::Other(w) => s.serialize_str(w),
        }
    }
}

/// The kinds of setting the schema knows (the page picks a form control by it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A whole number (`min`, `max`).
    Int,
    /// A finite number (`min`, `max`).
    Float,
    Bool,
    /// One of the `choices` (strings).
    Choice,
}

/// A Rust type a setting can have.
pub trait SettingValue: Sized {
    const KIND: Kind;
    /// `null` is allowed (and means "automatic").
    const OPTIONAL: bool = false;
    /// The names of a choice type.
    fn choices() -> &'static [&'static str] {
        &[]
    }
    /// The value if `raw` fits this type (limits are checked apart, by `Settings::validate`).
    fn from_raw(raw: &Raw) -> Option<Self>;
    fn to_raw(&self) -> Raw;
}

/// Integers a JS number represents exactly: |x| ≤ 2^53 − 1.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

macro_rules! int_value {
    ($($t:ty),*) => {$(
        impl SettingValue for $t {
            const KIND: Kind = Kind::Int;
            fn from_raw(raw: &Raw) -> Option<Self> {
                match *raw {
                    // Whole, within the type and within what a JS number holds exactly.
                    Raw::Num(x) if x.fract() == 0.0 && x.abs() <= MAX_SAFE_INTEGER as f64 => {
                        (x >= <$t>::MIN as f64 && x <= <$t>::MAX as f64).then_some(x as $t)
                    }
                    _ => None,
                }
            }
            fn to_raw(&self) -> Raw {
                Raw::Num(*self as f64)
            }
        }
    )*};
}
int_value!(u8, u16, u32, u64, usize, i32, i64);

impl SettingValue for f64 {
    const KIND: Kind = Kind::Float;
    fn from_raw(raw: &Raw) -> Option<Self> {
        match *raw {
            Raw::Num(x) if x.is_finite() => Some(x),
            _ => None,
        }
    }
    fn to_raw(&self) -> Raw {
        Raw::Num(*self)
    }
}

impl SettingValue for bool {
    const KIND: Kind = Kind::Bool;
    fn from_raw(raw: &Raw) -> Option<Self> {
        match *raw {
            Raw::Bool(b) => Some(b),
            _ => None,
        }
    }
    fn to_raw(&self) -> Raw {
        Raw::Bool(*self)
    }
}

impl<T: SettingValue> SettingValue for Option<T> {
    const KIND: Kind = T::KIND;
    const OPTIONAL: bool = true;
    fn choices() -> &'static [&'static str] {
        T::choices()
    }
    fn from_raw(raw: &Raw) -> Option<Self> {
        match raw {
            Raw::Null => Some(None),
            _ => T::from_raw(raw).map(Some),
        }
    }
    fn to_raw(&self) -> Raw {
        self.as_ref().map_or(Raw::Null, T::to_raw)
    }
}

/// Declares an enum whose values are named by strings, for settings:
///
/// ```ignore
/// choices! {
///     /// How examples are made.
///     pub enum Mode {
///         /// Each context word predicts the centre.
///         SkipGram = "skipgram",
///         Cbow = "cbow",
///     }
/// }
/// ```
/// gives the enum (`Debug, Clone, Copy, PartialEq, Eq`, serde as the names), `Mode::NAMES`,
/// `mode.name()`, `Mode::from_name("cbow")` and its [`SettingValue`].
#[macro_export]
macro_rules! choices {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[doc = $doc:literal])* $variant:ident = $js:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        $vis enum $name {
            $($(#[doc = $doc])* #[serde(rename = $js)] $variant,)+
        }

        impl $name {
            /// Every name, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($js),+];
            pub fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $js,)+
                }
            }
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($js => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl $crate::settings::SettingValue for $name {
            const KIND: $crate::settings::Kind = $crate::settings::Kind::Choice;
            fn choices() -> &'static [&'static str] {
                Self::NAMES
            }
            fn from_raw(raw: &$crate::settings::Raw) -> Option<Self> {
                match raw {
                    $crate::settings::Raw::Text(s) => Self::from_name(s),
                    _ => None,
                }
            }
            fn to_raw(&self) -> $crate::settings::Raw {
                $crate::settings::Raw::Text(self.name().to_string())
            }
        }
    };
}
