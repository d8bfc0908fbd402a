//! Integration tests: one binary, one module per area (see tests/README.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, missing_docs)]

mod build;
mod cli;
mod hostile;
mod rules;
mod snapshots;
