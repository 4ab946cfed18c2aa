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
            ("food", &["apple", "pear", "banana", "peach", "bread", "cake", "soup", "rice"]),
            ("animals", &["dog", "cat", "horse", "cow", "sheep", "pig", "duck", "goat"]),
            ("places", &["city", "village", "market", "river", "mountain", "forest", "lake", "island"]),
        ],
        unseen: &[
            ("oranges", &["orange"]),
            ("kingdoms", &["kingdom", "kings"]),
            ("princesses", &["princess"]),
            ("unhappiness", &["unhappy", "happiness"]),
            ("eaten", &["eat", "eating", "ate"]),
            ("queenly", &["queen", "queens"]),
        ],
        homonyms: &[
            (
                "bank",
                &[
                    ("river", &["water", "grass", "ducks", "frog", "stream", "muddy", "grassy", "flowers", "bridge", "fish"]),
                    ("money", &["money", "loan", "account", "interest", "saved", "safe", "save"]),
                ],
            ),
            (
                "orange",
                &[
                    ("fruit", &["peeled", "juice", "sweet", "lemon", "juicy", "fruit"]),
                    ("colour", &["sky", "coat", "painted", "leaves", "sunset", "scarf", "colour"]),
                ],
            ),
            ("bat", &[("animal", &["cave", "insects", "wings"]), ("ball", &["ball", "swung", "wooden"])]),
        ],
        onehot_sentence: "The king ate the apple.",
        ngram_prompt: "the king",
        pretrained_sentence: "The woman sat on the bank and watched the water.",
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
            ("royalty", &["왕은", "여왕은", "왕자는", "공주는", "궁전에서", "왕관을", "왕좌에", "왕국을"]),
            ("food", &["사과를", "귤을", "포도를", "복숭아를", "빵을", "떡을", "밥을", "국을"]),
            ("animals", &["개가", "고양이가", "말이", "소가", "양이", "돼지가", "오리가", "닭이"]),
            ("places", &["서울에", "부산에", "마을에", "시장에", "강에", "산에", "바다에", "숲에"]),
        ],
        unseen: &[
            ("먹었습니다", &["먹었다", "먹는다", "먹고", "먹어서", "먹을", "먹으러"]),
            ("갔습니다", &["갔다", "간다", "가고", "가서"]),
            ("사랑했습니다", &["사랑했다", "사랑한다"]),
            ("왕국들", &["왕국을", "왕국의", "왕국이", "왕국은"]),
            ("공주님", &["공주는", "공주가", "공주를"]),
        ],
        homonyms: &[(
            "배",
            &[
                ("과일 pear", &["사과", "과일", "깎아", "달콤한", "달고", "껍질은", "익은", "속은", "과일을", "하나를", "조각을"]),
                (
                    "배 boat",
                    &[
                        "바다를",
                        "항구로",
                        "항구에",
                        "어부는",
                        "선장은",
                        "물고기를",
                        "그물을",
                        "섬으로",
                        "파도를",
                        "부산",
                        "척이",
                        "바다로",
                        "타고",
                    ],
                ),
                ("신체 belly", &["고파서", "아파서", "불러서", "꼬르륵", "고팠다", "불렀다", "아프지", "고픈", "소리가", "속에서", "배가"]),
            ],
        )],
        onehot_sentence: "왕은 여왕을 사랑했다.",
        ngram_prompt: "왕은",
        pretrained_sentence: "점심을 먹지 못해서 배가 고팠다.",
        subword_word: "먹었다",
        fasttext_pair: ["먹었다", "먹는다"],
    },
];

/// The examples of built-in sample `id`.
pub fn builtin(id: &str) -> Option<&'static Builtin> {
    BUILTIN.iter().find(|b| b.id == id)
}
