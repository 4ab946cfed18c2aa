//! Every error code with its English template. The page's string tables (`www/i18n/en/errors.js`,
//! `www/i18n/ko/errors.js`) carry one string per code with the same `{placeholders}`; a Node test
//! (`tests/node/errors.test.mjs`) checks that both tables cover [`ALL`].

use super::Code;

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $name:ident = $id:literal => $en:literal,)*) => {
        $($(#[doc = $doc])* pub const $name: Code = Code { id: $id, en: $en };)*
        /// Every code, for the completeness test and `errorCodes()`.
        pub const ALL: &[Code] = &[$($name),*];
    };
}

codes! {
    // ---- settings (crate::settings) ----
    SETTING_INT = "setting.int" => "{name} must be a whole number between {min} and {max} (got {got})",
    SETTING_NUMBER = "setting.number" => "{name} must be a number between {min} and {max} (got {got})",
    /// An optional number: `null` means "the default for the other settings" (Word2Vec's alpha).
    SETTING_NUMBER_OR_NULL = "setting.numberOrNull" => "{name} must be a number between {min} and {max}, or null for automatic (got {got})",
    SETTING_BOOL = "setting.bool" => "{name} must be true or false (got {got})",
    SETTING_CHOICE = "setting.choice" => "{name} must be one of {choices} (got {got})",
    SETTING_UNKNOWN_NEAR = "setting.unknownNear" => "unknown setting `{name}` — did you mean `{suggestion}`?",
    SETTING_UNKNOWN = "setting.unknown" => "unknown setting `{name}` (the settings are {names})",
    SETTINGS_NOT_OBJECT = "settings.notObject" => "settings must be an object such as { seed: 1 } (got {got})",
    SETTINGS_UNKNOWN_MODEL_NEAR = "settings.unknownModelNear" => "no settings for `{name}` — did you mean `{suggestion}`?",
    SETTINGS_UNKNOWN_MODEL = "settings.unknownModel" => "no settings for `{name}` (models: {names})",
    /// A number outside its range where no settings object is involved (an argument such as `lr`).
    SETTING_RANGE = "setting.range" => "{name} must be between {min} and {max} (got {got})",
    SUBWORD_MAXN = "setting.maxn" => "maxn must be between minn ({minn}) and {max} (got {maxn}); fastText's own defaults are minn 3, maxn 6",
    FASTTEXT_MEMORY = "setting.fasttextMemory" => "bucket {bucket} × dim {dim} needs {mb} MB of n-gram rows, more than the {limit} MB allowed: lower bucket or dim",
    NGRAM_MAX_VOCAB_ORDER4 = "setting.ngramMaxVocab" => "maxVocab must be at most {max} for order 4 (got {got}): four ids must fit in 64 bits",
    NGRAM_TOKENIZER = "setting.ngramTokenizer" => "tokenizer for unit `{unit}` must be one of {choices} (got {got})",

    // ---- arguments of the JS API (src/wasm) ----
    ARG_NOT_STRING = "arg.notString" => "{name} must be a string (got {got})",
    ARG_COUNT = "arg.count" => "{name} must be a whole number between {min} and {max} (got {got})",
    ARG_NOT_FINITE = "arg.notFinite" => "vector value {index} is not a finite number ({value})",

    // ---- seq2seq (src/lm/seq2seq) ----
    TASK_LENGTHS = "setting.taskLengths" => "maxLength ({max}) must be at least minLength ({min})",
    TASK_UNKNOWN_NEAR = "seq2seq.taskUnknownNear" => "unknown task `{name}` — did you mean `{suggestion}`?",
    TASK_UNKNOWN = "seq2seq.taskUnknown" => "unknown task `{name}` (the tasks are {names})",
    SEQ2SEQ_NO_ARROW = "seq2seq.noArrow" => "line {line}: no `=>` between source and target (write `source => target`): {text}",
    SEQ2SEQ_EMPTY_SIDE = "seq2seq.emptySide" => "line {line}: the {side} is empty (write `source => target`)",
    SEQ2SEQ_TOO_LONG = "seq2seq.tooLong" => "line {line}: the {side} has {count} tokens, more than the {max} a sequence may have",
    SEQ2SEQ_FEW_PAIRS = "seq2seq.fewPairs" => "{count} pairs: at least {min} lines `source => target` are needed to train",
    SEQ2SEQ_ONE_SYMBOL = "seq2seq.oneSymbol" => "every target is made of the one token `{token}` (line {line} and the others): there is nothing to learn",
    SEQ2SEQ_EMPTY_SOURCE = "seq2seq.emptySource" => "the source to translate is empty",
    SEQ2SEQ_SOURCE_TOO_LONG = "seq2seq.sourceTooLong" => "the source has {count} tokens, more than the {max} a sequence may have",
    SEQ2SEQ_UNKNOWN_TOKEN = "seq2seq.unknownToken" => "`{token}` is not in the source vocabulary (no training pair uses it)",
    SEQ2SEQ_DIVERGED = "seq2seq.diverged" => "training diverged at step {step} (the loss is not a number): lower the learning rate and reset",

    /// A message not yet given a code of its own (being converted; never shown translated).
    LEGACY = "legacy" => "{text}",
    LEGACY_LINE = "legacy.line" => "line {line}: {text}",
}
