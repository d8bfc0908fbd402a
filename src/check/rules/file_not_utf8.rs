//! `file-not-utf8`: a file is not valid UTF-8.
//!
//! Emitted while loading or parsing; see [`RULE`] for the documentation.

use crate::check::{Rule, Run};
use crate::config::Level;

/// The rule.
pub static RULE: Rule =
    Rule { id: "file-not-utf8", level: Level::Deny, summary: "a file is not valid UTF-8", doc: DOC, run: Run::Parser };

const DOC: &str = "TODO";
