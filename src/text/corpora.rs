//! Built-in sample corpora, written for this project (see `corpora/README.md`).

/// One built-in text.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub id: &'static str,
    /// BCP 47 language tag.
    pub lang: &'static str,
    pub title: &'static str,
    pub text: &'static str,
}

pub const SAMPLES: &[Sample] = &[
    Sample { id: "en", lang: "en", title: "Kings, food, animals and places (English)", text: include_str!("../../corpora/en.txt") },
    Sample { id: "ko", lang: "ko", title: "왕, 음식, 동물, 장소 (한국어)", text: include_str!("../../corpora/ko.txt") },
];

pub fn sample(id: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|s| s.id == id)
}
