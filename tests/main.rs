//! Integration tests: one binary, one module per area (see tests/README.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, missing_docs)]

mod browser;
mod build;
mod cli;
mod common;
mod feeds_data;
mod fix;
mod hostile;
mod import;
mod rules;
mod scaffold;
mod search;
#[cfg(feature = "serve")]
mod serve;
mod snapshots;
