//! Pretrained transformers: checkpoint formats, WordPiece, BERT / ELECTRA forward passes.
