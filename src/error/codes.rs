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
    ARG_VECTOR_SIZE = "arg.vectorSize" => "vector has {got} numbers, the model {dim}",
    BERT_LOAD_ARGS = "bert.loadArgs" => "Bert.load expects an object of files: config, weights, vocab, tokenizerConfig, tokenizerJson",
    BERT_LOAD_FIELD = "bert.loadField" => "Bert.load: '{key}' must be a string (the file's text)",
    BERT_LOAD_CONFIG = "bert.loadConfig" => "Bert.load: 'config' (config.json text) is required",
    BERT_LOAD_WEIGHTS = "bert.loadWeights" => "Bert.load: 'weights' must be a Uint8Array (model.safetensors or pytorch_model.bin)",
    /// Should never be seen: a result that could not be handed to JS.
    INTERNAL = "internal" => "internal error: {detail}",

    // ---- prefixes `Display` puts before the problems of a kind ----
    PREFIX_SETTING = "prefix.setting" => "invalid setting: ",
    PREFIX_SETTINGS = "prefix.settings" => "invalid settings: ",
    PREFIX_CORPUS = "prefix.corpus" => "corpus: ",
    PREFIX_CHECKPOINT = "prefix.checkpoint" => "checkpoint: ",

    // ---- the text ----
    W2V_TOO_FEW_WORDS = "corpus.word2vecWords" => "Word2Vec needs at least two distinct words seen at least {minCount} times (minCount); found {found}",
    FT_TOO_FEW_WORDS = "corpus.fasttextWords" => "FastText needs at least two different words seen at least {minCount} times (minCount); this text has {found}",
    NGRAM_NO_TOKENS = "corpus.ngramEmpty" => "the text has no tokens to learn from; paste or choose a text first",

    // ---- word vectors ----
    WORD_UNKNOWN = "vectors.unknownWord" => "\"{word}\" is not in the vocabulary: it has no vector",
    VECTORS_IMPORTED = "vectors.imported" => "these vectors were imported from a .vec file: there is no training to show",
    TRAINING_DIVERGED = "train.diverged" => "training diverged: a score became infinite or NaN at learning rate {alpha}; lower alpha and start again",
    FT_MEMORY = "fasttext.memory" => "not enough memory for the weights ({mb} MB): lower bucket or dim",
    FT_WEIGHTS = "fasttext.weights" => "bucket {bucket} × dim {dim} needs {mb} MB of weights, more than the {limit} MB allowed: lower bucket or dim",
    FT_NO_NGRAM = "fasttext.noNgram" => "\"{word}\" has no n-gram of {minn} to {maxn} characters, so no vector",
    VEC_NEGATIVE_COUNT = "vec.negativeCount" => "line {line}: the word count {count} in the header is negative",
    VEC_DIM = "vec.dim" => "line {line}: dimension {dim} in the header is outside 1..={max}",
    VEC_WORD_VALUES = "vec.wordValues" => "line {line}: a word needs 1..={max} values, found {found}",
    VEC_VALUE_COUNT = "vec.valueCount" => "line {line}: expected {dim} values after \"{word}\", found {found}",
    VEC_NOT_FINITE = "vec.notFinite" => "line {line}: value {index} of \"{word}\" is not a finite number: {value}",
    VEC_EMPTY = "vec.empty" => "the file holds no word vectors",
    PROJECT_SIZE = "project.size" => "expected {n} vectors of dimension {dim} ({numbers} numbers), got {got} numbers",
    PROJECT_NOT_FINITE = "project.notFinite" => "vector {row} has a value that is not a finite number ({value})",
    TSNE_START = "project.tsneStart" => "t-SNE start positions are not finite",

    // ---- n-grams ----
    NGRAM_CONTEXT_ONE = "ngram.contextOne" => "an order-2 model needs a context of 1 token (use \"<s>\" for the sentence start); got {got}",
    NGRAM_CONTEXT_SHORT = "ngram.contextShort" => "an order-{order} model needs a context of {n} tokens (use \"<s>\" for the sentence start); got {got}",
    NGRAM_BOS_INSIDE = "ngram.bosInside" => "\"<s>\" can only stand at the start of a context",
    NGRAM_EOS_IN_CONTEXT = "ngram.eosInContext" => "\"</s>\" ends a sentence and cannot be part of a context",
    NGRAM_BOS_PREDICTED = "ngram.bosPredicted" => "\"<s>\" is never predicted; ask for a word, \"</s>\" or \"<unk>\"",
    NGRAM_SCORE_EMPTY = "ngram.scoreEmpty" => "the text to score has no tokens",

    // ---- pretrained checkpoints ----
    /// `detail` here and below: the reader's technical English (JSON syntax, zip records, pickle
    /// opcodes); the frame around it is translated.
    JSON_FILE = "file.json" => "{file}: {detail}",
    CONFIG_UNSUPPORTED = "config.unsupported" => "config.json: {key} '{value}' is not supported (supported: {supported})",
    CONFIG_RANGE = "config.range" => "config.json: {name} must be between {min} and {max} (got {got})",
    CONFIG_HEADS = "config.heads" => "config.json: hidden_size {hidden} is not a multiple of num_attention_heads {heads}",
    WEIGHTS_TOO_SHORT = "weights.tooShort" => "the weights file is only {bytes} bytes (empty or truncated)",
    WEIGHTS_UNKNOWN = "weights.unknownFormat" => "the weights file is neither safetensors nor a PyTorch checkpoint (expected model.safetensors or pytorch_model.bin)",
    SAFETENSORS = "weights.safetensors" => "safetensors: {detail}",
    TORCH = "weights.torch" => "pytorch_model.bin: {detail}",
    ZIP = "weights.zip" => "zip: {detail}",
    PICKLE = "weights.pickle" => "pickle at byte {offset}: {detail}",
    TENSOR_MISSING = "tensor.missing" => "tensor '{name}' is missing ({count} tensors in the file)",
    TENSOR_MISSING_PREFIXED = "tensor.missingPrefixed" => "tensor '{name}' is missing (also looked for '{prefixed}'; {count} tensors in the file)",
    TENSOR_MISSING_EMPTY = "tensor.missingEmpty" => "tensor '{name}' is missing (the file holds no f32 tensors)",
    TENSOR_SHAPE = "tensor.shape" => "tensor '{name}' has shape {shape}, expected {expected}",
    TENSOR_TWICE = "tensor.twice" => "tensor '{name}' appears twice in the file",
    TENSOR_TOO_LARGE = "tensor.tooLarge" => "tensor shape {shape} is too large",
    TENSOR_VALUES = "tensor.values" => "tensor of shape {shape} needs {n} values, got {got}",
    TENSOR_BYTES = "tensor.bytes" => "tensor '{name}': {bytes} bytes is not a whole number of {dtype} elements",
    BERT_NO_WORD_EMBEDDINGS = "bert.noWordEmbeddings" => "tensor 'embeddings.word_embeddings.weight' is missing: is this a BERT / ELECTRA checkpoint?",
    BERT_WORD_EMBEDDINGS = "bert.wordEmbeddings" => "the word embeddings have shape {shape} but config.json says vocab_size {vocab} × {field} {size}",
    BERT_SEQUENCE = "bert.sequence" => "a sequence must have 1 to {max} tokens (got {got})",
    BERT_TOKEN_ID = "bert.tokenId" => "token id {id} is outside the model's vocabulary of {vocab}",
    BERT_NO_DISCRIMINATOR = "bert.noDiscriminator" => "this model has no ELECTRA discriminator head (discriminator_predictions.*): replaced-token detection needs an ElectraForPreTraining checkpoint",
    BERT_NO_MLM_HEAD = "bert.noMlmHead" => "this model has no masked-LM head (cls.predictions.*): masked-word prediction needs a BertForMaskedLM or BertForPreTraining checkpoint",
    BERT_VOCAB_MISMATCH = "bert.vocabMismatch" => "the vocabulary has {tokens} tokens but the model's word embeddings have {rows} rows: the vocabulary does not belong to this model",
    WP_NO_VOCAB = "wordpiece.noVocab" => "no vocabulary: give vocab.txt or tokenizer.json",
    WP_SPECIAL = "wordpiece.special" => "the vocabulary has no special token '{token}' ({role})",
    VOCAB_TXT_EMPTY = "wordpiece.vocabEmpty" => "vocab.txt is empty (expected one token per line)",
    TOKENIZER_UNSUPPORTED = "tokenizer.unsupported" => "tokenizer.json: {part} \"{value}\" is not supported (only {supported})",
    TOKENIZER_NORMALIZER = "tokenizer.normalizer" => "tokenizer.json: normalizer \"{value}\" is not supported (only BertNormalizer); give vocab.txt and tokenizer_config.json instead",
    TOKENIZER_FIELD = "tokenizer.field" => "tokenizer.json: {detail}",

    // ---- the probe ----
    PROBE_NO_LINES = "probe.noLines" => "the probe needs labelled lines (got none)",
    PROBE_SIZES = "probe.sizes" => "the probe got {values} embedding values for {n} labels of dimension {dim} (expected {expected})",
    PROBE_NOT_FINITE = "probe.notFinite" => "the embeddings contain NaN or infinite values",
    PROBE_ONE_LABEL = "probe.oneLabel" => "the probe needs at least two different labels (got only \"{label}\")",
    PROBE_LABELS = "probe.labels" => "the probe got {k} different labels for {n} lines; it takes at most {max}, each with several lines (is the label the first column, before a tab?)",
    PROBE_EPOCHS = "probe.epochs" => "epochs must be at most {most} for {lines} training lines × {labels} labels × {dim} dimensions (got {got}); lower epochs or use fewer lines",

    // ---- Hugging Face export (src/pretrained/export.rs) ----
    HF_EXPORT_SHAPE = "hfExport.shape" => "cannot write a BERT with hidden size {hidden}, {heads} heads, {layers} layers and {positions} positions: the heads must divide the hidden size",
    HF_EXPORT_SPECIAL = "hfExport.special" => "the vocabulary has no '{token}': a BERT checkpoint needs [PAD] [UNK] [CLS] [SEP] [MASK]",
    HF_EXPORT_TOKEN = "hfExport.token" => "the token {token} cannot be a line of vocab.txt (empty, with a space, or twice)",
    HF_EXPORT_NOT_FINITE = "hfExport.notFinite" => "tensor '{tensor}' holds a value that is not a number (at {index}): train with a lower learning rate first",
    HF_EXPORT_KIND = "hfExport.kind" => "only the encoder (kind mlm) with post-LayerNorm is a BertForMaskedLM; this model is {kind} with {norm}-LayerNorm",

    // ---- seq2seq (src/lm/seq2seq) ----
    TASK_LENGTHS = "setting.taskLengths" => "maxLength ({max}) must be at least minLength ({min})",
    TASK_UNKNOWN_NEAR = "seq2seq.taskUnknownNear" => "unknown task `{name}` — did you mean `{suggestion}`?",
    TASK_UNKNOWN = "seq2seq.taskUnknown" => "unknown task `{name}` (the tasks are {names})",
    SEQ2SEQ_NO_ARROW = "seq2seq.noArrow" => "line {line}: no `=>` between source and target (write `source => target`): {text}",
    SEQ2SEQ_EMPTY_SIDE = "seq2seq.emptySide" => "line {line}: the {side} is empty (write `source => target`)",
    SEQ2SEQ_TOO_LONG = "seq2seq.tooLong" => "line {line}: the {side} has {count} tokens, more than the {max} a sequence may have",
    SEQ2SEQ_FEW_PAIRS = "seq2seq.fewPairs" => "at least {min} lines `source => target` are needed to train (got {count})",
    SEQ2SEQ_ONE_SYMBOL = "seq2seq.oneSymbol" => "every target is made of the one token `{token}` (line {line} and the others): there is nothing to learn",
    SEQ2SEQ_EMPTY_SOURCE = "seq2seq.emptySource" => "the source to translate is empty",
    SEQ2SEQ_SOURCE_TOO_LONG = "seq2seq.sourceTooLong" => "the source has {count} tokens, more than the {max} a sequence may have",
    SEQ2SEQ_UNKNOWN_TOKEN = "seq2seq.unknownToken" => "`{token}` is not in the source vocabulary (no training pair uses it)",
    SEQ2SEQ_WHICH = "seq2seq.which" => "which must be \"heldout\" or \"train\" (got {got})",
    SEQ2SEQ_DIVERGED = "seq2seq.diverged" => "training diverged at step {step} (the loss is not a number): lower the learning rate and reset",

    // ---- the recurrent language model ----
    RNN_TOO_SMALL = "corpus.rnnTooSmall" => "the training part has {tokens} tokens, fewer than one batch needs (batch × bptt + 1 = {batch} × {bptt} + 1 = {need}): use a longer text, or lower batch or bptt",
    RNN_DIVERGED = "rnn.diverged" => "training diverged at step {step} (the loss is not a number): lower the learning rate or turn clipping on, and reset",
    RNN_EMPTY_TEXT = "rnn.emptyText" => "the text has no tokens to read",
    RNN_TEXT_TOO_LONG = "rnn.textTooLong" => "the text has {count} tokens, more than the {max} this view reads: shorten it",
    RNN_POSITION = "rnn.position" => "position must be a token index from 0 to {max} (the text has {count} tokens; got {got})",

    // ---- transformer (src/lm/transformer) ----
    TRANSFORMER_HEADS = "setting.transformerHeads" => "heads ({heads}) must divide dim ({dim}): each head takes an equal share of the width",
    TRANSFORMER_SHORT = "transformer.short" => "the training text has {count} tokens, but one sequence of context {context} needs {need}: lower the context or use a longer text",
    TRANSFORMER_DIVERGED = "transformer.diverged" => "training diverged at step {step} (the loss is not a number): lower the learning rate and reset",
    TRANSFORMER_EMPTY = "transformer.empty" => "the text has no tokens to run the model on",
    TRANSFORMER_NO_MASK = "transformer.noMask" => "write [MASK] where a token should be predicted",
    TRANSFORMER_MASK_CUT = "transformer.maskCut" => "a [MASK] lies past the first {context} tokens this model reads (the text has {count}): move it forward, shorten the text or raise the context",
    TRANSFORMER_NOT_MLM = "transformer.notMlm" => "masked-token prediction needs a model of kind mlm",
    TRANSFORMER_NOT_CAUSAL = "transformer.notCausal" => "generation needs a model of kind causal",
    TRANSFORMER_INDEX = "transformer.index" => "{name} must be between 0 and {max} (got {got})",
}
