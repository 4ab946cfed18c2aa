//! Built-in tasks whose right alignment is known, so the class can check the attention map:
//!
//! | task | example | alignment |
//! |---|---|---|
//! | `copy` | `c a d` → `c a d` | the diagonal |
//! | `reverse` | `c a d` → `d a c` | the anti-diagonal |
//! | `sort` | `c a d` → `a c d` | each output symbol reads where that symbol is |
//! | `date` | `3 March 2021` → `2 0 2 1 - 0 3 - 0 3` | year, month, day blocks, swapped |
//! | `ko-en` | `나는 학교에서 책을 읽는다` → `I read books at school` | SOV → SVO reordering |
//! | `en-ko` | the same pairs the other way | |
//!
//! Symbol tasks draw lengths uniformly in `minLength..=maxLength` from the first `symbols`
//! letters. The Korean–English phrases are built from a small word list written for this page:
//! subject, optional time, optional place, object and verb in Korean order (S T P O V), and
//! English order (S V O P T), word by word.

use super::data::{Pair, Unit};
use crate::error::Result;
use crate::rng::Rng;
use crate::settings::{Settings, SEED_MAX};
use crate::{err, problem};

crate::settings! {
    /// How a built-in task generates its pairs (`Seq2Seq.fromTask(name, taskConfig, config)`).
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct TaskConfig {
        /// Shortest source (copy, reverse, sort).
        #[limits(1, 40)]
        pub min_length: usize = 4,
        /// Longest source (copy, reverse, sort).
        #[limits(1, 40)]
        pub max_length: usize = 10,
        /// Alphabet size: the first letters a, b, c, … (copy, reverse, sort).
        #[limits(2, 26)]
        pub symbols: usize = 20,
        /// Pairs to generate (before removing repeated sources).
        #[limits(10, 100000)]
        pub count: usize = 10000,
        /// Seed of the generator.
        #[limits(0, SEED_MAX)]
        pub seed: u64 = 1,
    }
}

impl Settings for TaskConfig {
    fn check(&self, problems: &mut Vec<crate::error::Problem>) {
        if self.max_length < self.min_length {
            problems.push(problem!(TASK_LENGTHS, min = self.min_length, max = self.max_length));
        }
    }
}

/// The task names `fromTask` takes.
pub const TASKS: [&str; 6] = ["copy", "reverse", "sort", "date", "ko-en", "en-ko"];

/// Generates the pairs of task `name`, with the unit of each side.
pub fn generate(name: &str, cfg: &TaskConfig) -> Result<(Vec<Pair>, Unit, Unit)> {
    cfg.validate()?;
    let mut rng = Rng::new(cfg.seed);
    let pair = |src: Vec<String>, tgt: Vec<String>| Pair { src, tgt, line: 0 };
    let out = match name {
        "copy" | "reverse" | "sort" => {
            let letters: Vec<String> = (0..cfg.symbols).map(|i| ((b'a' + i as u8) as char).to_string()).collect();
            let pairs = (0..cfg.count)
                .map(|_| {
                    let n = cfg.min_length + rng.below(cfg.max_length - cfg.min_length + 1);
                    let src: Vec<String> = (0..n).map(|_| letters[rng.below(letters.len())].clone()).collect();
                    let mut tgt = src.clone();
                    match name {
                        "reverse" => tgt.reverse(),
                        "sort" => tgt.sort(),
                        _ => {}
                    }
                    pair(src, tgt)
                })
                .collect();
            (pairs, Unit::Symbol, Unit::Symbol)
        }
        "date" => ((0..cfg.count).map(|_| date(&mut rng)).map(|(s, t)| pair(s, t)).collect(), Unit::Word, Unit::Char),
        "ko-en" => ((0..cfg.count).map(|_| phrase(&mut rng)).map(|(s, t)| pair(s, t)).collect(), Unit::Word, Unit::Word),
        "en-ko" => ((0..cfg.count).map(|_| phrase(&mut rng)).map(|(s, t)| pair(t, s)).collect(), Unit::Word, Unit::Word),
        _ => {
            let names = crate::settings::list(&TASKS);
            return Err(match crate::settings::nearest(name, &TASKS) {
                Some(s) => err!(Input, TASK_UNKNOWN_NEAR, name = name, suggestion = s),
                None => err!(Input, TASK_UNKNOWN, name = name, names = names),
            });
        }
    };
    Ok(out)
}

const MONTHS: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS: [usize; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// A date written one of three ways (`3 March 2021`, `March 3 , 2021`, `3 Mar 2021`) as words,
/// and its ISO form `2021-03-03` as characters. Years 1950–2049.
fn date(rng: &mut Rng) -> (Vec<String>, Vec<String>) {
    let year = 1950 + rng.below(100);
    let m = rng.below(12);
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = DAYS[m] + usize::from(m == 1 && leap);
    let d = 1 + rng.below(days);
    let (y, month, day) = (year.to_string(), MONTHS[m].to_string(), d.to_string());
    let src = match rng.below(3) {
        0 => vec![day, month, y],
        1 => vec![month, day, ",".into(), y],
        _ => vec![day, MONTHS[m][..3].to_string(), y],
    };
    let iso = format!("{year:04}-{:02}-{d:02}", m + 1);
    (src, iso.chars().map(String::from).collect())
}

/// (Korean, English, English is third person singular).
const SUBJECTS: [(&str, &str, bool); 9] = [
    ("나는", "I", false),
    ("너는", "you", false),
    ("그는", "he", true),
    ("그녀는", "she", true),
    ("우리는", "we", false),
    ("그들은", "they", false),
    ("학생은", "the student", true),
    ("선생님은", "the teacher", true),
    ("아이들은", "the children", false),
];
const TIMES: [(&str, &str); 5] =
    [("오늘", "today"), ("매일", "every day"), ("아침에", "in the morning"), ("주말에", "on weekends"), ("어제도", "yesterday too")];
const PLACES: [(&str, &str); 6] = [
    ("집에서", "at home"),
    ("학교에서", "at school"),
    ("카페에서", "at the cafe"),
    ("도서관에서", "in the library"),
    ("공원에서", "in the park"),
    ("교실에서", "in the classroom"),
];
/// (Korean verb, English base form, third person form, the objects it takes).
type Verb = (&'static str, &'static str, &'static str, &'static [(&'static str, &'static str)]);
const VERBS: [Verb; 7] = [
    ("먹는다", "eat", "eats", &[("사과를", "apples"), ("빵을", "bread"), ("밥을", "rice"), ("과자를", "cookies")]),
    ("마신다", "drink", "drinks", &[("물을", "water"), ("커피를", "coffee"), ("우유를", "milk"), ("차를", "tea")]),
    ("읽는다", "read", "reads", &[("책을", "books"), ("편지를", "letters"), ("신문을", "newspapers"), ("시를", "poems")]),
    ("쓴다", "write", "writes", &[("편지를", "letters"), ("시를", "poems"), ("일기를", "a diary"), ("노래를", "songs")]),
    ("본다", "watch", "watches", &[("영화를", "movies"), ("뉴스를", "the news"), ("축구를", "soccer")]),
    ("듣는다", "listen to", "listens to", &[("음악을", "music"), ("노래를", "songs"), ("라디오를", "the radio")]),
    (
        "좋아한다",
        "like",
        "likes",
        &[("사과를", "apples"), ("음악을", "music"), ("영화를", "movies"), ("책을", "books"), ("커피를", "coffee")],
    ),
];

/// One phrase pair: Korean `S [T] [P] O V`, English `S V O [P] [T]`.
fn phrase(rng: &mut Rng) -> (Vec<String>, Vec<String>) {
    let (s_ko, s_en, third) = SUBJECTS[rng.below(SUBJECTS.len())];
    let (v_ko, v_base, v_3rd, objects) = VERBS[rng.below(VERBS.len())];
    let (o_ko, o_en) = objects[rng.below(objects.len())];
    let time = (rng.below(3) == 0).then(|| TIMES[rng.below(TIMES.len())]);
    let place = (rng.below(2) == 0).then(|| PLACES[rng.below(PLACES.len())]);
    let mut ko = vec![s_ko];
    ko.extend(time.map(|t| t.0));
    ko.extend(place.map(|p| p.0));
    ko.extend([o_ko, v_ko]);
    let mut en = vec![s_en, if third { v_3rd } else { v_base }, o_en];
    en.extend(place.map(|p| p.1));
    en.extend(time.map(|t| t.1));
    let words = |v: Vec<&str>| v.iter().flat_map(|w| w.split(' ')).map(String::from).collect();
    (words(ko), words(en))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbol_tasks_follow_their_rule() {
        let cfg = TaskConfig { min_length: 3, max_length: 5, symbols: 4, count: 50, seed: 2 };
        for name in ["copy", "reverse", "sort"] {
            let (pairs, su, tu) = generate(name, &cfg).unwrap();
            assert_eq!((pairs.len(), su, tu), (50, Unit::Symbol, Unit::Symbol));
            for p in &pairs {
                assert!((3..=5).contains(&p.src.len()) && p.src.iter().all(|s| ["a", "b", "c", "d"].contains(&s.as_str())));
                let mut want = p.src.clone();
                if name == "reverse" {
                    want.reverse();
                }
                if name == "sort" {
                    want.sort();
                }
                assert_eq!(p.tgt, want);
            }
        }
    }

    #[test]
    fn dates_are_iso_and_real() {
        let (pairs, ..) = generate("date", &TaskConfig { count: 300, ..TaskConfig::default() }).unwrap();
        for p in &pairs {
            let iso: String = p.tgt.concat();
            let (y, rest) = iso.split_at(4);
            let m: usize = rest[1..3].parse().unwrap();
            let d: usize = rest[4..6].parse().unwrap();
            assert!(p.src.contains(&y.to_string()) && p.src.contains(&d.to_string()), "{:?} → {iso}", p.src);
            assert!(p.src.iter().any(|w| MONTHS[m - 1].starts_with(w.as_str()) && w.len() >= 3));
        }
        // 29 February only in leap years.
        assert!(pairs.iter().all(|p| {
            let iso: String = p.tgt.concat();
            !iso.ends_with("-02-29") || iso[..4].parse::<usize>().unwrap() % 4 == 0
        }));
    }

    #[test]
    fn korean_is_verb_final_and_english_verb_second() {
        let (pairs, ..) = generate("ko-en", &TaskConfig { count: 200, ..TaskConfig::default() }).unwrap();
        for p in &pairs {
            let verb = VERBS.iter().find(|v| p.src.last().unwrap() == v.0).expect("Korean ends with its verb");
            let en = p.tgt.join(" ");
            assert!(en.contains(&format!(" {} ", verb.1)) || en.contains(&format!(" {} ", verb.2)), "{:?} → {en}", p.src);
        }
        // "나는 도서관에서 책을 읽는다" style pairs: a place moves from before the object to the end.
        let (en_ko, ..) = generate("en-ko", &TaskConfig { count: 200, ..TaskConfig::default() }).unwrap();
        assert_eq!(en_ko[0].src, pairs[0].tgt);
    }

    #[test]
    fn bad_names_and_lengths_are_refused() {
        let e = generate("revers", &TaskConfig::default()).unwrap_err();
        assert!(e.to_string().contains("did you mean `reverse`"), "{e}");
        let e = generate("copy", &TaskConfig { min_length: 8, max_length: 3, ..TaskConfig::default() }).unwrap_err();
        assert!(e.to_string().contains("maxLength"), "{e}");
    }
}
