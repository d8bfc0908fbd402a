//! `unknown-attribute`: a paragraph attribute in `{…}` that protokoll does not know.
//!
//! Emitted while loading or parsing; see [`RULE`] for the documentation.

use crate::check::{Rule, Run};
use crate::config::Level;

/// The rule.
pub static RULE: Rule = Rule {
    id: "unknown-attribute",
    level: Level::Deny,
    summary: "a paragraph attribute in `{…}` that protokoll does not know",
    doc: DOC,
    run: Run::Parser,
};

const DOC: &str = "TODO";
