//! Language models: n-gram / Markov chains and neural models.
