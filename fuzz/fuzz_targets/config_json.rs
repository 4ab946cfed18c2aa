//! `config.json` of a BERT / ELECTRA model folder: parsed and validated.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nlp_playground::pretrained::config::Config;

fuzz_target!(|data: &[u8]| {
    nlp_playground_fuzz::bounded(data.len(), || {
        if let Ok(text) = std::str::from_utf8(data) {
            let _ = Config::from_json(text);
        }
    });
});
