//! The examples the built-in samples were written for (see corpora/README.md). Every word here is
//! a token of the word tokeniser (lower-cased) and occurs in its sample, except the unseen words,
//! which must not (`tests/corpora.rs`); the demonstrations they stand for are checked across seeds
//! by `tests/lessons/`.

use super::examples::{Examples, Ordered, Sense};

type Senses = &'static [(&'static str, &'static [&'static str])];

/// Hand-picked examples of one built-in sample.
#[derive(Debug)]
pub struct Builtin {
    pub id: &'static str,
    pub lang: &'static str,
    pub word: &'static str,
    pub similarity: [&'static str; 2],
    /// a : b :: c : expected
    pub analogy: [&'static str; 4],
    pub groups: &'static [(&'static str, &'static [&'static str])],
    /// (unseen word, its forms that occur)
    pub unseen: &'static [(&'static str, &'static [&'static str])],
    /// (homonym, [(sense label, words of that sense)])
    pub homonyms: &'static [(&'static str, Senses)],
    pub onehot_sentence: &'static str,
    pub ngram_prompt: &'static str,
    pub pretrained_sentence: &'static str,
    pub subword_word: &'static str,
    pub fasttext_pair: [&'static str; 2],
}

fn strings(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

impl Builtin {
    pub fn to_examples(&self) -> Examples {
        Examples {
            lang: self.lang.into(),
            word: self.word.into(),
            similarity: strings(&self.similarity),
            analogy: strings(&self.analogy),
            groups: Ordered(self.groups.iter().map(|(g, w)| (g.to_string(), strings(w))).collect()),
            unseen: self.unseen.iter().map(|(u, _)| u.to_string()).collect(),
            relatives: Ordered(self.unseen.iter().map(|(u, r)| (u.to_string(), strings(r))).collect()),
            homonyms: self.homonyms.iter().map(|(h, _)| h.to_string()).collect(),
            senses: Ordered(
                self.homonyms
                    .iter()
                    .map(|(h, senses)| {
                        (h.to_string(), senses.iter().map(|(l, w)| Sense { label: l.to_string(), words: strings(w) }).collect())
                    })
                    .collect(),
            ),
            onehot_sentence: self.onehot_sentence.into(),
            ngram_prompt: self.ngram_prompt.into(),
            pretrained_sentence: self.pretrained_sentence.into(),
            subword_word: self.subword_word.into(),
            fasttext_pair: strings(&self.fasttext_pair),
        }
    }

    /// Every word the chapters will look up in the sample (all but the unseen words).
    pub fn seen_words(&self) -> Vec<&'static str> {
        let mut w: Vec<&str> = vec![self.word, self.subword_word];
        w.extend(self.similarity);
        w.extend(self.analogy);
        w.extend(self.fasttext_pair);
        w.extend(self.groups.iter().flat_map(|(_, g)| g.iter().copied()));
        w.extend(self.unseen.iter().flat_map(|(_, r)| r.iter().copied()));
        for (h, senses) in self.homonyms {
            w.push(h);
            w.extend(senses.iter().flat_map(|(_, s)| s.iter().copied()));
        }
        w
    }
}

pub const BUILTIN: &[Builtin] = &[
    Builtin {
        id: "en",
        lang: "en",
        word: "king",
        similarity: ["king", "queen"],
        analogy: ["man", "king", "woman", "queen"],
        groups: &[
            ("royalty", &["king", "queen", "prince", "princess", "palace", "crown", "throne", "kingdom"]),
            ("food", &["apple", "orange", "pear", "banana", "bread", "rice", "soup", "cake"]),
            ("animals", &["dog", "cat", "horse", "cow", "bird", "sheep", "pig", "duck"]),
            ("places", &["city", "village", "market", "river", "mountain", "sea", "forest", "lake"]),
        ],
        unseen: &[
            ("kingdoms", &["kingdom", "kings"]),
            ("unhappiness", &["unhappy", "happiness"]),
            ("eaten", &["eat", "eats", "eating"]),
            ("princesses", &["princess"]),
            ("queenly", &["queen", "queens"]),
        ],
        homonyms: &[
            ("bank", &[("river", &["river", "water", "grass"]), ("money", &["money", "loan", "account"])]),
            ("orange", &[("fruit", &["juice", "peeled", "apple"]), ("colour", &["sky", "painted", "red"])]),
            ("bat", &[("animal", &["cave", "insects"]), ("ball", &["ball", "swung"])]),
        ],
        onehot_sentence: "The king ate an apple.",
        ngram_prompt: "the king",
        pretrained_sentence: "The man sat on the bank of the river.",
        subword_word: "orange",
        fasttext_pair: ["cooked", "cooking"],
    },
    Builtin {
        id: "ko",
        lang: "ko",
        word: "왕은",
        similarity: ["왕은", "여왕은"],
        analogy: ["남자는", "왕은", "여자는", "여왕은"],
        groups: &[
            ("royalty", &["왕은", "여왕은", "왕자는", "공주는", "궁전에서", "왕관을", "왕좌에", "왕국의"]),
            ("food", &["사과를", "귤을", "밥을", "국을", "빵을", "떡을", "사과", "귤"]),
            ("animals", &["개와", "고양이가", "말을", "소가", "새는", "개", "고양이", "새"]),
            ("places", &["서울에", "부산으로", "마을에", "시장에", "강을", "산에서", "바다를", "바다로"]),
        ],
        unseen: &[
            ("먹었습니다", &["먹었다", "먹고", "먹는다"]),
            ("갔습니다", &["갔다", "간다", "가고"]),
            ("사랑했습니다", &["사랑했다", "사랑한다"]),
            ("왕국들", &["왕국을", "왕국의", "왕국이"]),
            ("공주님", &["공주는", "공주가"]),
        ],
        homonyms: &[
            (
                "배",
                &[
                    ("과일 pear", &["사과", "과일", "깎아"]),
                    ("배 boat", &["바다를", "항구로", "어부는"]),
                    ("신체 belly", &["고파서", "아프지", "고프지"]),
                ],
            ),
            (
                "배를",
                &[
                    ("과일 pear", &["사과", "과일", "깎아"]),
                    ("배 boat", &["바다를", "항구로", "어부는"]),
                    ("신체 belly", &["고파서", "아프지", "고프지"]),
                ],
            ),
            (
                "배가",
                &[
                    ("과일 pear", &["사과", "과일", "깎아"]),
                    ("배 boat", &["바다를", "항구로", "어부는"]),
                    ("신체 belly", &["고파서", "아프지", "고프지"]),
                ],
            ),
        ],
        onehot_sentence: "왕은 여왕을 사랑했다.",
        ngram_prompt: "왕은",
        pretrained_sentence: "배가 고파서 밥을 먹었다.",
        subword_word: "먹었다",
        fasttext_pair: ["먹었다", "먹는다"],
    },
];

/// The examples of built-in sample `id`.
pub fn builtin(id: &str) -> Option<&'static Builtin> {
    BUILTIN.iter().find(|b| b.id == id)
}
