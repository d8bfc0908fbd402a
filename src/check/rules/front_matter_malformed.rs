//! `front-matter-malformed`: the front matter is not valid YAML, is unclosed, is empty or is not a mapping.
//!
//! Emitted while loading or parsing; see [`RULE`] for the documentation.

use crate::check::{Rule, Run};
use crate::config::Level;

/// The rule.
pub static RULE: Rule = Rule {
    id: "front-matter-malformed",
    level: Level::Deny,
    summary: "the front matter is not valid YAML, is unclosed, is empty or is not a mapping",
    doc: DOC,
    run: Run::Parser,
};

const DOC: &str = "TODO";
