//! Writing values taken from protocols back into YAML and Markdown, safely: a name with
//! a `:`, `#`, `,` or quote must come back as the same string, never as other YAML.

use std::fmt::Write as _;

/// Words YAML 1.1 readers take for booleans or null when written plainly.
const RESERVED: &[&str] = &["y", "n", "yes", "no", "true", "false", "on", "off", "null"];

/// `s` as a YAML scalar that reads back as exactly `s`, in block and flow context alike:
/// plain when it is made of letters, digits, spaces and harmless punctuation and starts
/// with a letter; double-quoted (with escapes) otherwise.
pub fn scalar(s: &str) -> String {
    if is_plain(s, false) { s.to_owned() } else { quoted(s) }
}

/// `s` as the value of a top-level key (block context), where a comma may stay plain:
/// `location: Kommunhuset, Kinna`.
pub fn block_scalar(s: &str) -> String {
    if is_plain(s, true) { s.to_owned() } else { quoted(s) }
}

fn is_plain(s: &str, block: bool) -> bool {
    s.chars().next().is_some_and(char::is_alphabetic)
        && !s.ends_with(' ')
        && !s.contains("  ")
        && s.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, ' ' | '-' | '.' | '(' | ')' | '–' | '/' | '\'') || (block && c == ',')
        })
        && !RESERVED.contains(&s.to_lowercase().as_str())
}

/// `s` double-quoted: `"` and `\` escaped, control characters as `\uXXXX`.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' || c == '\u{feff}' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A flow sequence of scalars: `[Anna Berg, "Berg, Bo"]`.
pub fn flow_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.into_iter().map(scalar).collect();
    format!("[{}]", items.join(", "))
}

/// `s` as Markdown text: characters that would start markup are escaped with `\`, and
/// line breaks become spaces, so a name stays one line of plain text.
pub fn markdown_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '{' | '}' | '!' | '&' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_when_safe() {
        assert_eq!(scalar("Anna Berg"), "Anna Berg");
        assert_eq!(scalar("Åsa Öberg-Ängström"), "Åsa Öberg-Ängström");
        assert_eq!(scalar("Kultur- och fritidsförvaltningen"), "Kultur- och fritidsförvaltningen");
        for s in ["", "13:00-15:00", "Kommunhuset, Kinna", "yes", "No", "2020-10-19", "#1", "a: b", " x", "x "] {
            assert!(scalar(s).starts_with('"'), "{s:?} must be quoted");
        }
        assert_eq!(quoted("a\"b\\c\nd"), r#""a\"b\\c\u000ad""#);
        assert_eq!(block_scalar("Kommunhuset, Kinna"), "Kommunhuset, Kinna");
        assert_eq!(block_scalar("Kommunhuset: Kinna"), "\"Kommunhuset: Kinna\"");
    }

    #[test]
    fn markdown() {
        assert_eq!(markdown_text("Anna *Berg* <b>"), r"Anna \*Berg\* \<b\>");
    }
}
