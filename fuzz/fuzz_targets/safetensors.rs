//! `model.safetensors` (header JSON, dtypes, offsets) through the sniffing entry point.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nlp_playground::pretrained::{load_weights, safetensors};

fuzz_target!(|data: &[u8]| {
    nlp_playground_fuzz::bounded(data.len(), || {
        let _ = safetensors::load(data);
        let _ = load_weights(data);
    });
});
