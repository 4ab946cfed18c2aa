//! The encoder we train computes exactly what the pretrained BERT forward (src/pretrained/bert.rs,
//! the reference ported from HF `modeling_bert.py`) computes: a small MLM encoder is trained for a
//! few steps on a corpus, its weights are handed to `pretrained::bert::Bert` in memory under their
//! names, and both forwards run the same sentences — every layer's hidden states and every
//! attention map agree to f32 rounding (the two paths use different kernels: fused vs separate Q,
//! K, V projections, `ops::softmax` vs `nn::math::exp`).

use nlp_playground::lm::transformer::{Kind, Norm, Positional, Transformer, TransformerConfig};
use nlp_playground::nn::param::Module;
use nlp_playground::pretrained::bert::{Bert, Workspace};
use nlp_playground::pretrained::config::Config;
use nlp_playground::pretrained::tensors::{Tensor, Tensors};

const TEXT: &str = "the cat sat on the mat. the dog sat on the log. a cat and a dog met on the mat. \
                    the bird sang on the log. the dog ran to the cat. a bird sat on the cat. the cat ran.";

#[path = "common/fixtures.rs"]
mod fixtures;
use fixtures::rel;

#[test]
fn trained_encoder_runs_the_same_through_the_pretrained_bert_forward() {
    let config = TransformerConfig {
        kind: Kind::Mlm,
        norm: Norm::Post,
        positional: Positional::Learned,
        dim: 32,
        heads: 4,
        ff: 64,
        layers: 2,
        context: 12,
        batch: 8,
        ..Default::default()
    };
    let mut t = Transformer::new(TEXT, config).unwrap();
    t.train(60).unwrap();

    let mut ts = Tensors::new();
    t.net.visit(&mut |p| ts.insert(p.name, Tensor::new(p.shape().to_vec(), p.value.to_vec()).unwrap()).unwrap());
    let bert_config = Config {
        vocab_size: t.data.vocab(),
        hidden_size: 32,
        num_hidden_layers: 2,
        num_attention_heads: 4,
        intermediate_size: 64,
        hidden_act: "gelu".into(),
        max_position_embeddings: 12,
        type_vocab_size: 2,
        layer_norm_eps: 1e-12,
        ..Config::default()
    };
    let bert = Bert::new(bert_config, ts).unwrap();
    let mut ws = Workspace::default();
    for text in ["the cat sat on the mat", "a dog ran", "the bird sang on the log and the cat sat"] {
        let ours = t.run(text).unwrap();
        let theirs = bert.forward(&ours.ids, &mut ws).unwrap();
        assert_eq!(
            (ours.output.seq_len, ours.output.num_layers, ours.output.num_heads, ours.output.hidden_size),
            (theirs.seq_len, theirs.num_layers, theirs.num_heads, theirs.hidden_size)
        );
        let h = rel(&ours.output.hidden_states, &theirs.hidden_states);
        let a = rel(&ours.output.attentions, &theirs.attentions);
        println!("{text:?}: hidden states rel {h:.1e}, attentions rel {a:.1e}");
        assert!(h < 1e-5 && a < 1e-5, "{text:?}: hidden {h:.2e}, attentions {a:.2e}");
    }
}
