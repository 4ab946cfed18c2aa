//! `config.json` of a BERT or ELECTRA checkpoint (HF `BertConfig` / `ElectraConfig`), validated.

use crate::error::Result;
use serde::Deserialize;

/// The encoder family; decides the tensor prefix and ELECTRA's `embedding_size` default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Bert,
    Electra,
}

/// The activation named by `hidden_act`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    /// `"gelu"`: exact, with erf.
    Gelu,
    /// `"gelu_new"`, `"gelu_pytorch_tanh"`, `"gelu_fast"`: the tanh approximation.
    GeluTanh,
    Relu,
}

/// Fields as in HF `config.json`, with HF's `BertConfig` defaults.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub struct Config {
    pub model_type: Option<String>,
    pub architectures: Option<Vec<String>>,
    pub vocab_size: usize,
    pub hidden_size: usize,
    pub num_hidden_layers: usize,
    pub num_attention_heads: usize,
    pub intermediate_size: usize,
    pub hidden_act: String,
    pub max_position_embeddings: usize,
    pub type_vocab_size: usize,
    pub layer_norm_eps: f64,
    /// ELECTRA: width of the embeddings before `embeddings_project` (HF default 128).
    pub embedding_size: Option<usize>,
    pub position_embedding_type: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            model_type: None,
            architectures: None,
            vocab_size: 30522,
            hidden_size: 768,
            num_hidden_layers: 12,
            num_attention_heads: 12,
            intermediate_size: 3072,
            hidden_act: "gelu".into(),
            max_position_embeddings: 512,
            type_vocab_size: 2,
            layer_norm_eps: 1e-12,
            embedding_size: None,
            position_embedding_type: None,
        }
    }
}

/// Architectures whose encoder this crate runs (task heads other than ELECTRA's discriminator
/// are ignored, their tensors skipped).
const KNOWN: [&str; 10] = [
    "BertModel",
    "BertForMaskedLM",
    "BertForPreTraining",
    "BertForSequenceClassification",
    "BertForTokenClassification",
    "ElectraModel",
    "ElectraForPreTraining",
    "ElectraForMaskedLM",
    "ElectraForSequenceClassification",
    "ElectraForTokenClassification",
];

impl Config {
    /// Parses and validates `config.json`.
    pub fn from_json(text: &str) -> Result<Config> {
        let c: Config = serde_json::from_str(text).map_err(|e| crate::err!(Format, JSON_FILE, file = "config.json", detail = e))?;
        c.validate()?;
        Ok(c)
    }

    pub fn family(&self) -> Family {
        let arch_electra = self.architectures.iter().flatten().any(|a| a.starts_with("Electra"));
        if self.model_type.as_deref() == Some("electra") || arch_electra {
            Family::Electra
        } else {
            Family::Bert
        }
    }

    /// Width of the embedding tables: `embedding_size` for ELECTRA (default 128), else `hidden_size`.
    pub fn embedding_size(&self) -> usize {
        match self.family() {
            Family::Electra => self.embedding_size.unwrap_or(128),
            Family::Bert => self.embedding_size.unwrap_or(self.hidden_size),
        }
    }

    pub fn head_dim(&self) -> usize {
        self.hidden_size / self.num_attention_heads.max(1)
    }

    pub fn activation(&self) -> Result<Activation> {
        match self.hidden_act.as_str() {
            "gelu" => Ok(Activation::Gelu),
            "gelu_new" | "gelu_pytorch_tanh" | "gelu_fast" => Ok(Activation::GeluTanh),
            "relu" => Ok(Activation::Relu),
            other => Err(crate::err!(
                Checkpoint,
                CONFIG_UNSUPPORTED,
                key = "hidden_act",
                value = other,
                supported = "gelu, gelu_new, gelu_pytorch_tanh, gelu_fast, relu"
            )),
        }
    }

    /// Checks every size against a sane range and the supported model kinds.
    pub fn validate(&self) -> Result<()> {
        if let Some(t) = self.model_type.as_deref() {
            if t != "bert" && t != "electra" {
                return Err(crate::err!(Checkpoint, CONFIG_UNSUPPORTED, key = "model_type", value = t, supported = "bert, electra"));
            }
        }
        if let Some(archs) = &self.architectures {
            if let Some(a) = archs.iter().find(|a| !KNOWN.contains(&a.as_str())) {
                return Err(crate::err!(Checkpoint, CONFIG_UNSUPPORTED, key = "architecture", value = a, supported = KNOWN.join(", ")));
            }
        }
        if let Some(p) = self.position_embedding_type.as_deref() {
            if p != "absolute" {
                return Err(crate::err!(
                    Checkpoint,
                    CONFIG_UNSUPPORTED,
                    key = "position_embedding_type",
                    value = p,
                    supported = "absolute"
                ));
            }
        }
        config_range("vocab_size", self.vocab_size, 5, 1_000_000)?;
        config_range("hidden_size", self.hidden_size, 1, 8192)?;
        config_range("num_hidden_layers", self.num_hidden_layers, 1, 96)?;
        config_range("num_attention_heads", self.num_attention_heads, 1, 128)?;
        config_range("intermediate_size", self.intermediate_size, 1, 65536)?;
        config_range("max_position_embeddings", self.max_position_embeddings, 2, 65536)?;
        config_range("type_vocab_size", self.type_vocab_size, 1, 1024)?;
        config_range("embedding_size", self.embedding_size(), 1, 8192)?;
        if !(self.layer_norm_eps > 0.0 && self.layer_norm_eps < 1.0) {
            return Err(crate::err!(Checkpoint, CONFIG_RANGE, name = "layer_norm_eps", min = 0, max = 1, got = self.layer_norm_eps));
        }
        if !self.hidden_size.is_multiple_of(self.num_attention_heads) {
            return Err(crate::err!(Checkpoint, CONFIG_HEADS, hidden = self.hidden_size, heads = self.num_attention_heads));
        }
        self.activation()?;
        Ok(())
    }
}

/// `lo <= value <= hi` for a field of `config.json`, with a message naming it.
fn config_range(name: &str, value: usize, lo: usize, hi: usize) -> Result<()> {
    if value < lo || value > hi {
        return Err(crate::err!(Checkpoint, CONFIG_RANGE, name = name, min = lo, max = hi, got = value));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_minilm_like_config_and_defaults() {
        let c = Config::from_json(
            r#"{"architectures": ["BertModel"], "hidden_size": 384, "num_attention_heads": 12,
            "num_hidden_layers": 6, "intermediate_size": 1536, "model_type": "bert", "gradient_checkpointing": false}"#,
        )
        .unwrap();
        assert_eq!((c.hidden_size, c.head_dim(), c.vocab_size, c.embedding_size()), (384, 32, 30522, 384));
        assert_eq!(c.family(), Family::Bert);
        let e = Config::from_json(r#"{"model_type": "electra", "hidden_size": 256, "num_attention_heads": 4}"#).unwrap();
        assert_eq!((e.family(), e.embedding_size()), (Family::Electra, 128));
    }

    #[test]
    fn bad_configs_name_the_problem() {
        let cases = [
            (r#"{"model_type": "gpt2"}"#, "model_type 'gpt2'"),
            (r#"{"architectures": ["RobertaModel"]}"#, "architecture 'RobertaModel'"),
            (r#"{"hidden_size": 100, "num_attention_heads": 12}"#, "not a multiple"),
            (r#"{"hidden_act": "swish"}"#, "hidden_act 'swish'"),
            (r#"{"num_hidden_layers": 0}"#, "num_hidden_layers must be between 1 and 96"),
            (r#"{"position_embedding_type": "relative_key"}"#, "relative_key"),
            (r#"{"layer_norm_eps": -1}"#, "layer_norm_eps"),
            (r#"{"hidden_size": "big"}"#, "config.json"),
            (r#"{"hidden_size": 3"#, "config.json"),
        ];
        for (text, want) in cases {
            let e = Config::from_json(text).unwrap_err().to_string();
            assert!(e.contains(want), "{text}: {e}");
        }
    }
}
