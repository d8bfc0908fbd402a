//! `file-not-utf8`: a file is not valid UTF-8.
//!
//! Emitted while loading or parsing; see [`RULE`] for the documentation.

use crate::check::{Rule, Run};
use crate::config::Level;

/// The rule.
pub static RULE: Rule =
    Rule { id: "file-not-utf8", level: Level::Deny, summary: "a file is not valid UTF-8", doc: DOC, run: Run::Parser };

const DOC: &str = r#"### What it does

Reports a file under `content/` (or a configuration file) whose bytes are not valid
UTF-8, and points at the first byte that cannot be decoded. The rest of the file is not
checked; every other file is.

### Why is this bad?

protokoll reads every file as UTF-8, the encoding of the web and of git. A file saved
in an older Windows encoding (Windows-1252, "ANSI") or in UTF-16 turns å, ä and ö into
garbage on the published page, or cannot be read at all. Files exported from word
processors are the usual cause.

### Example

A protocol saved as "Text (ANSI)" in Notepad: `Kommunstyrelsen` is fine, but the byte
`0xE5` for `å` in `Rådet` is not UTF-8.

### Use instead

Save the file as UTF-8 (in most editors: *Save as…*, encoding *UTF-8*). A byte-order
mark at the start is allowed, and so are CRLF line ends.
"#;
