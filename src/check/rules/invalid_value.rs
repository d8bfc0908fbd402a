//! `invalid-value`: a value outside its allowed set (status, numbering, profile, language, rule level).
//!
//! Emitted while loading or parsing; see [`RULE`] for the documentation.

use crate::check::{Rule, Run};
use crate::config::Level;

/// The rule.
pub static RULE: Rule = Rule {
    id: "invalid-value",
    level: Level::Deny,
    summary: "a value outside its allowed set (status, numbering, profile, language, rule level)",
    doc: DOC,
    run: Run::Parser,
};

const DOC: &str = "TODO";
