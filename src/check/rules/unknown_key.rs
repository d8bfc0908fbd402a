//! `unknown-key`: a key that protokoll does not know, with a did-you-mean.
//!
//! Emitted while loading or parsing; see [`RULE`] for the documentation.

use crate::check::{Rule, Run};
use crate::config::Level;

/// The rule.
pub static RULE: Rule = Rule {
    id: "unknown-key",
    level: Level::Deny,
    summary: "a key that protokoll does not know, with a did-you-mean",
    doc: DOC,
    run: Run::Parser,
};

const DOC: &str = "TODO";
