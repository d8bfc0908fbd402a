//! The human renderer: rustc-style diagnostics with the source line and carets.
//!
//! ```text
//! error[paragraph-number-gap]: § 4 follows § 2; § 3 is missing
//!   --> content/trygghetsradet/2020-10-19.md:31:4
//!    |
//! 31 | ## § 4 Avslutning
//!    |    ^^^ expected § 3
//!    = help: renumber with `protokoll fix`
//! ```
//!
//! Related places follow as `:::` blocks underlined with `-`; a diagnostic without a
//! span shows only `--> file`. Columns in `file:line:col` count characters (Unicode
//! scalar values), as in the JSON output; carets are placed by display width, so they
//! stand under the right characters on lines with å, ä, ö, CJK or tabs.
//!
//! Hand-written rather than with `annotate-snippets` 0.12 (rustc's renderer), which was
//! tried: it panics on a span that does not fall on a character boundary, its work grows
//! with the whole line (seconds for a 10 MB line in a debug build, for each diagnostic),
//! it cuts long lines with `...` only at its terminal width, and it cannot show the true
//! column once we cut a line ourselves. This one never panics, and beyond the line and
//! column lookup its work is proportional to the window it shows:
//!
//! - spans past the end of the file, backwards or inside a character are clamped;
//! - a span is drawn on its first line only (to the end of that line when it runs on);
//! - a line wider than [`MAX_LINE_WIDTH`] columns is cut around the caret, with `…`
//!   where text was left out;
//! - `\r` of CRLF files is never shown; tabs show as four spaces; control characters
//!   show as their Unicode control pictures (`␛`) and bidirectional overrides as `�`,
//!   so file content can neither colour nor reorder the terminal.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt::Write as _;

use unicode_width::UnicodeWidthChar;

use super::{Diagnostic, Related, Severity, Summary};
use crate::source::{SourceFile, SourceMap, Span};

/// The widest source line shown, in display columns; longer lines are cut around the caret.
pub const MAX_LINE_WIDTH: usize = 120;

/// Columns of context kept left of the caret when a long line is cut.
const LEFT_CONTEXT: usize = 40;

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Colour with ANSI escapes.
    pub color: bool,
    /// Put before every file path so paths read relative to the working directory: the
    /// site folder as given on the command line, with a trailing `/`; empty for `.`.
    pub path_prefix: String,
}

/// Renders every diagnostic, each followed by a blank line.
#[must_use]
pub fn render(diagnostics: &[Diagnostic], sources: &SourceMap, options: &Options) -> String {
    let mut out = String::new();
    for d in diagnostics {
        render_one(&mut out, d, sources, options);
        out.push('\n');
    }
    out
}

/// The closing line: `checked 12 files: no problems`, or
/// `error: 3 errors and 2 warnings in 2 of 12 files`.
#[must_use]
pub fn summary_line(diagnostics: &[Diagnostic], files: usize, options: &Options) -> String {
    let p = Palette::new(options.color);
    let summary = Summary::of(files, diagnostics);
    let mut out = String::new();
    if diagnostics.is_empty() {
        p.paint(&mut out, p.bold, &format!("checked {}: no problems", count(files, "file")));
        return out;
    }
    let affected = diagnostics.iter().map(|d| d.file).collect::<BTreeSet<_>>().len();
    let (level, style) = if summary.errors > 0 { ("error", p.error) } else { ("warning", p.warning) };
    let found = match (summary.errors, summary.warnings) {
        (e, 0) => count(e, "error"),
        (0, w) => count(w, "warning"),
        (e, w) => format!("{} and {}", count(e, "error"), count(w, "warning")),
    };
    p.paint(&mut out, style, level);
    p.paint(&mut out, p.bold, &format!(": {found} in {affected} of {}", count(files, "file")));
    out
}

/// `1 file`, `2 files`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

fn render_one(out: &mut String, d: &Diagnostic, sources: &SourceMap, options: &Options) {
    let p = Palette::new(options.color);
    let (level, style) = match d.severity {
        Severity::Error => ("error", p.error),
        Severity::Warning => ("warning", p.warning),
    };
    p.paint(out, style, &format!("{level}[{}]", d.rule));
    p.paint(out, p.bold, &format!(": {}", clean(&d.message)));
    out.push('\n');

    let file = sources.get(d.file);
    // A personnummer must not be copied from the source line into a (public) CI log.
    let redact = d.rule == "personnummer";
    let primary = file.zip(d.span).map(|(f, s)| Excerpt::new(f, s, redact));
    let related: Vec<(&Related, Option<(&SourceFile, Excerpt)>)> =
        d.related.iter().map(|r| (r, sources.get(r.file).map(|f| (f, Excerpt::new(f, r.span, redact))))).collect();
    let widest = primary
        .iter()
        .chain(related.iter().filter_map(|(_, x)| x.as_ref().map(|(_, e)| e)))
        .map(|e| e.line)
        .max()
        .unwrap_or(1);
    let width = widest.to_string().len();
    let pad = " ".repeat(width);

    let path = file.map_or_else(|| "<unknown file>".to_owned(), |f| format!("{}{}", options.path_prefix, f.rel));
    p.paint(out, p.gutter, &format!("{pad}--> "));
    match &primary {
        Some(e) => {
            let _ = writeln!(out, "{}:{}:{}", clean(&path), e.line, e.column);
        }
        None => {
            let _ = writeln!(out, "{}", clean(&path));
        }
    }
    if let Some(e) = &primary {
        e.draw(out, &p, width, '^', style, d.label.as_deref());
    }

    for (r, place) in &related {
        match place {
            Some((f, e)) => {
                p.paint(out, p.gutter, &format!("{pad} |\n{pad}::: "));
                let path = format!("{}{}", options.path_prefix, f.rel);
                let _ = writeln!(out, "{}:{}:{}", clean(&path), e.line, e.column);
                e.draw(out, &p, width, '-', p.gutter, Some(&r.message));
            }
            None => note(out, &p, &pad, "note", &r.message),
        }
    }
    if primary.is_none()
        && let Some(label) = &d.label
    {
        note(out, &p, &pad, "note", label);
    }
    if let Some(help) = &d.help {
        note(out, &p, &pad, "help", help);
    }
    if let Some(fix) = &d.fix {
        note(out, &p, &pad, "fix", &fix.description);
    }
}

/// The line with the last four ASCII digits inside `[s, e)` replaced by `*` (same widths,
/// so offsets stay valid).
fn mask_last_digits(line: &str, s: usize, e: usize) -> String {
    let mut bytes = line.as_bytes().to_vec();
    let mut left = 4;
    let mut i = e.min(bytes.len());
    while i > s && left > 0 {
        i -= 1;
        if let Some(b) = bytes.get_mut(i)
            && b.is_ascii_digit()
        {
            *b = b'*';
            left -= 1;
        }
    }
    String::from_utf8(bytes).unwrap_or_default()
}

/// `   = help: text`, with further lines of the text indented under the first.
fn note(out: &mut String, p: &Palette, pad: &str, kind: &str, text: &str) {
    p.paint(out, p.gutter, &format!("{pad} = "));
    p.paint(out, p.bold, &format!("{kind}:"));
    let indent = " ".repeat(pad.len() + 3 + kind.len() + 2);
    for (i, line) in clean(text).lines().enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(&indent);
        } else {
            out.push(' ');
        }
        out.push_str(line);
    }
    out.push('\n');
}

/// One source line as shown, with where the underline goes.
#[derive(Debug)]
struct Excerpt {
    /// 1-based line.
    line: usize,
    /// 1-based column of the span's start, in characters.
    column: usize,
    /// The line as displayed: sanitised, perhaps cut, with `…` where cut.
    shown: String,
    /// Display column (0-based) where the underline starts.
    under_start: usize,
    /// Display width of the underline, at least 1.
    under_len: usize,
}

impl Excerpt {
    fn new(file: &SourceFile, span: Span, redact: bool) -> Self {
        let text = file.text.as_str();
        let start = floor_boundary(text, span.start.min(span.end));
        let end = floor_boundary(text, span.start.max(span.end)).max(start);
        let at = file.line_col(start);
        let line = file.lines.line_span(text, at.line.saturating_sub(1)).unwrap_or_else(|| Span::point(start));
        let line_text = text.get(line.start..line.end).unwrap_or("");
        // Offsets relative to the line; a span on the `\r` of a CRLF line sits at its end,
        // a span running past the line stops at its end.
        let s = floor_boundary(line_text, start.saturating_sub(line.start));
        let e = floor_boundary(line_text, end.saturating_sub(line.start)).max(s);
        let masked;
        let line_text = if redact {
            masked = mask_last_digits(line_text, s, e);
            masked.as_str()
        } else {
            line_text
        };
        let (shown, under_start, under_end) = window(line_text, s, e);
        Self {
            line: at.line,
            column: at.column,
            shown,
            under_start,
            under_len: under_end.saturating_sub(under_start).max(1),
        }
    }

    /// Draws the `|` line, the source line and the underline with its label.
    fn draw(&self, out: &mut String, p: &Palette, width: usize, mark: char, style: &str, label: Option<&str>) {
        let pad = " ".repeat(width);
        p.paint(out, p.gutter, &format!("{pad} |\n{:>width$} | ", self.line));
        out.push_str(self.shown.trim_end());
        out.push('\n');
        p.paint(out, p.gutter, &format!("{pad} | "));
        let mut under = " ".repeat(self.under_start);
        under.extend(std::iter::repeat_n(mark, self.under_len));
        if let Some(label) = label {
            let label = clean(label);
            let mut lines = label.lines();
            if let Some(first) = lines.next() {
                under.push(' ');
                under.push_str(first);
            }
            // Further lines of a label go under the first, aligned with it.
            let indent = " ".repeat(self.under_start + self.under_len + 1);
            for more in lines {
                under.push('\n');
                let _ = write!(under, "{pad} | ");
                under.push_str(&indent);
                under.push_str(more);
            }
        }
        p.paint(out, style, &under);
        out.push('\n');
    }
}

/// Cuts `line` to at most [`MAX_LINE_WIDTH`] display columns around the byte range
/// `s..e`; returns the text shown and the display columns of `s` and `e` in it.
/// Work is proportional to the window, not to the line.
fn window(line: &str, s: usize, e: usize) -> (String, usize, usize) {
    let after = line.get(s..).unwrap_or("");
    let before = line.get(..s).unwrap_or("");
    // How much the right side needs, up to its share; the left side gets the rest.
    let mut right = 0;
    for c in after.chars() {
        if right >= MAX_LINE_WIDTH - LEFT_CONTEXT {
            break;
        }
        right += display(c).1;
    }
    let left_budget = MAX_LINE_WIDTH - right.min(MAX_LINE_WIDTH - LEFT_CONTEXT);
    let mut left = s;
    let mut used = 0;
    for (i, c) in before.char_indices().rev() {
        let w = display(c).1;
        if used + w > left_budget {
            break;
        }
        used += w;
        left = i;
    }

    let mut shown = String::new();
    let mut col = 0;
    let mut limit = MAX_LINE_WIDTH;
    if left > 0 {
        shown.push('…');
        col = 1;
        limit += 1;
    }
    let (mut under_start, mut under_end) = (None, None);
    let mut cut = false;
    for (i, c) in line.get(left..).unwrap_or("").char_indices() {
        let i = i + left;
        if i == s {
            under_start = Some(col);
        }
        if i == e {
            under_end = Some(col);
        }
        let (text, w) = display(c);
        if col + w > limit {
            cut = true;
            break;
        }
        shown.push_str(&text);
        col += w;
    }
    let under_start = under_start.unwrap_or(col);
    let under_end = under_end.unwrap_or(col);
    if cut {
        shown.push('…');
    }
    (shown, under_start, under_end)
}

/// How a character of a source line is shown, and its display width.
fn display(c: char) -> (Cow<'static, str>, usize) {
    match c {
        '\t' => (Cow::Borrowed("    "), 4),
        c if c.is_control() || is_bidi(c) => (Cow::Owned(picture(c).to_string()), 1),
        c => (Cow::Owned(c.to_string()), c.width().unwrap_or(0)),
    }
}

/// The visible stand-in for a control character: its Unicode control picture (`␛`), or `�`.
fn picture(c: char) -> char {
    match c {
        '\0'..='\x1f' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'),
        '\x7f' => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// Bidirectional formatting characters, which could reorder what the terminal shows.
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A message, label or path made safe for a terminal: line breaks kept, tabs as spaces,
/// other control and bidirectional characters replaced by visible stand-ins.
fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| (c.is_control() && c != '\n') || is_bidi(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\n' => '\n',
                '\t' => ' ',
                c if c.is_control() || is_bidi(c) => picture(c),
                c => c,
            })
            .collect(),
    )
}

/// The largest char boundary of `text` at or before `at` (clamped to its length).
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// ANSI styles, or empty strings when colour is off.
#[derive(Debug, Clone, Copy)]
struct Palette {
    error: &'static str,
    warning: &'static str,
    gutter: &'static str,
    bold: &'static str,
    reset: &'static str,
}

impl Palette {
    fn new(color: bool) -> Self {
        if color {
            Self { error: "\x1b[1;31m", warning: "\x1b[1;33m", gutter: "\x1b[1;34m", bold: "\x1b[1m", reset: "\x1b[0m" }
        } else {
            Self { error: "", warning: "", gutter: "", bold: "", reset: "" }
        }
    }

    /// Appends `text` in `style`; a style spanning line breaks is closed and reopened
    /// around each, so a pager or a terminal that cuts lines never bleeds colour.
    fn paint(&self, out: &mut String, style: &str, text: &str) {
        if style.is_empty() {
            out.push_str(text);
            return;
        }
        for (i, part) in text.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            if !part.is_empty() {
                out.push_str(style);
                out.push_str(part);
                out.push_str(self.reset);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, FileKind};

    fn one(text: &str, span: Span) -> String {
        let mut sources = SourceMap::default();
        let id =
            sources.add(SourceFile::new("x".into(), "content/r/2020-01-01.md".into(), FileKind::Protocol, text.into()));
        let d = Diagnostic::new("paragraph-number-gap", id, Some(span), "msg").with_label("here");
        render(&[d], &sources, &Options::default())
    }

    #[test]
    fn caret_under_non_ascii() {
        let text = "a\nplats: Sätila, Öresten\n";
        let at = text.find("Öresten").unwrap_or(0);
        let out = one(text, Span::new(at, at + "Öresten".len()));
        assert!(out.contains(":2:16\n"), "{out}");
        assert!(out.contains("\n  |                ^^^^^^^ here\n"), "{out}");
    }

    #[test]
    fn hostile_spans_never_panic() {
        let long = format!("{}é{}", "x".repeat(1_000_000), "y".repeat(1_000));
        for (text, span) in [
            ("abc", Span { start: 10, end: 20 }),
            ("abc", Span { start: 2, end: 1 }),
            ("åäö", Span::new(1, 2)),
            ("a\r\nb\r\n", Span::new(1, 3)),
            ("", Span::point(0)),
            ("x\n", Span::point(2)),
            (long.as_str(), Span::new(1_000_000, 1_000_002)),
            (long.as_str(), Span::new(0, long.len())),
            ("\u{1b}[31mred\t\u{202e}", Span::new(0, 4)),
        ] {
            let out = one(text, span);
            assert!(out.lines().all(|l| l.chars().count() < MAX_LINE_WIDTH + 20), "{out}");
            assert!(!out.contains('\u{1b}') && !out.contains('\r'), "{out:?}");
        }
        let _ = FileId(0);
    }
}
