//! `pytorch_model.bin` in PyTorch's zip format: central directory, CRC, the pickle, storages.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nlp_playground::pretrained::torch;

fuzz_target!(|data: &[u8]| {
    nlp_playground_fuzz::bounded(data.len(), || {
        let _ = torch::load(data);
    });
});
