//! Import: convert a protocol exported from a word processor into the format.
