//! `wrong-type`: a value of the wrong type: a list where a mapping belongs, a date written as a number, text where a list belongs.
//!
//! Emitted while loading or parsing; see [`RULE`] for the documentation.

use crate::check::{Rule, Run};
use crate::config::Level;

/// The rule.
pub static RULE: Rule = Rule {
    id: "wrong-type",
    level: Level::Deny,
    summary: "a value of the wrong type: a list where a mapping belongs, a date written as a number, text where a list belongs",
    doc: DOC,
    run: Run::Parser,
};

const DOC: &str = "TODO";
