//! `invalid-date`: a date that is not a real YYYY-MM-DD date.
//!
//! Emitted while loading or parsing; see [`RULE`] for the documentation.

use crate::check::{Rule, Run};
use crate::config::Level;

/// The rule.
pub static RULE: Rule = Rule {
    id: "invalid-date",
    level: Level::Deny,
    summary: "a date that is not a real YYYY-MM-DD date",
    doc: DOC,
    run: Run::Parser,
};

const DOC: &str = "TODO";
