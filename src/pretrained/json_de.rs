//! serde glue for [`super::json::Json`]: lets `#[derive(Deserialize)]` structs (a model's `Config`,
//! `tokenizer_config.json`) be filled from a parsed value, with `#[serde(default)]` and unknown
//! fields ignored as usual. Integral numbers are offered to serde as integers (so `usize` fields
//! work), others as f64.

use super::json::Json;
use crate::error::{Error, Result};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use std::fmt;

/// Deserialises `T` from a parsed JSON value; errors say which field was wrong.
pub fn from_value<T: DeserializeOwned>(v: &Json) -> Result<T> {
    T::deserialize(v).map_err(|e| Error::format(None, format!("JSON: {}", e.0)))
}

/// serde's error type for this deserialiser: a message only.
#[derive(Debug)]
pub struct DeError(String);

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for DeError {}
impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError(msg.to_string())
    }
}

impl<'de> IntoDeserializer<'de, DeError> for &'de Json {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

/// 2^53: integers up to this are exact in f64 and are handed to serde as integers.
const EXACT: f64 = 9_007_199_254_740_992.0;

impl<'de> de::Deserializer<'de> for &'de Json {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> std::result::Result<V::Value, DeError> {
        match self {
            Json::Null => visitor.visit_unit(),
            Json::Bool(b) => visitor.visit_bool(*b),
            Json::Number(x) if x.fract() == 0.0 && (0.0..=EXACT).contains(x) => visitor.visit_u64(*x as u64),
            Json::Number(x) if x.fract() == 0.0 && (-EXACT..0.0).contains(x) => visitor.visit_i64(*x as i64),
            Json::Number(x) => visitor.visit_f64(*x),
            Json::String(s) => visitor.visit_borrowed_str(s),
            Json::Array(items) => visitor.visit_seq(de::value::SeqDeserializer::new(items.iter())),
            Json::Object(kv) => {
                visitor.visit_map(de::value::MapDeserializer::new(kv.iter().map(|(k, v)| (k.as_str().into_deserializer(), v))))
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> std::result::Result<V::Value, DeError> {
        match self {
            Json::Null => visitor.visit_none(),
            v => visitor.visit_some(v),
        }
    }

    /// Unit variants from strings (`"gelu"` → `Act::Gelu` with `rename_all`), others from
    /// single-key objects as serde's externally tagged form.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> std::result::Result<V::Value, DeError> {
        match self {
            Json::String(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            other => Err(de::Error::custom(format!("expected a string naming a variant, found {}", other.kind()))),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> std::result::Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::super::json::from_str;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Act {
        Gelu,
        Relu,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Cfg {
        hidden_size: usize,
        layer_norm_eps: f32,
        hidden_act: Act,
        #[serde(default)]
        embedding_size: Option<usize>,
        architectures: Vec<String>,
        #[serde(default = "yes")]
        do_lower_case: bool,
        offset: i32,
    }
    fn yes() -> bool {
        true
    }

    #[test]
    fn fills_a_config_struct() {
        let c: Cfg = from_str(
            r#"{"hidden_size": 32, "layer_norm_eps": 1e-12, "hidden_act": "gelu", "embedding_size": null,
                "architectures": ["BertForMaskedLM"], "offset": -3, "unknown": {"x": [1]}}"#,
        )
        .unwrap();
        assert_eq!(
            c,
            Cfg {
                hidden_size: 32,
                layer_norm_eps: 1e-12,
                hidden_act: Act::Gelu,
                embedding_size: None,
                architectures: vec!["BertForMaskedLM".into()],
                do_lower_case: true,
                offset: -3
            }
        );
        let c: Cfg = from_str(r#"{"hidden_size": 8, "layer_norm_eps": 1, "hidden_act": "relu", "embedding_size": 4, "architectures": [], "offset": 0, "do_lower_case": false}"#).unwrap();
        assert_eq!((c.embedding_size, c.hidden_act, c.do_lower_case, c.layer_norm_eps), (Some(4), Act::Relu, false, 1.0));
    }

    #[test]
    fn wrong_types_name_the_problem() {
        let e = from_str::<Cfg>(r#"{"hidden_size": 32.5}"#).unwrap_err().to_string();
        assert!(e.contains("32.5"), "{e}");
        let e = from_str::<Cfg>(r#"{"hidden_size": 32, "layer_norm_eps": 1e-12, "hidden_act": "swish", "architectures": [], "offset": 0}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("swish"), "{e}");
        let e = from_str::<Cfg>(r#"{"layer_norm_eps": 1e-12}"#).unwrap_err().to_string();
        assert!(e.contains("hidden_size"), "{e}");
    }
}
