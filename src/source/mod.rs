//! Load: walk `content/`, read files, and map byte offsets to lines and columns.
//!
//! A [`SourceFile`] keeps the text exactly as it is on disk, less a UTF-8 byte-order
//! mark, so every byte offset a later stage records points into the original file.
//! CRLF line ends are kept; [`LineIndex`] treats `\r\n` and `\n` alike.

mod load;

#[cfg(feature = "serve")]
pub(crate) use load::add;
pub use load::{LoadError, Loaded, load_site};

use std::path::PathBuf;

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A half-open byte range `[start, end)` in one file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (swapped if given backwards).
    #[must_use]
    pub fn new(start: usize, end: usize) -> Self {
        if end < start { Self { start: end, end: start } } else { Self { start, end } }
    }

    /// An empty span at `at`.
    #[must_use]
    pub fn point(at: usize) -> Self {
        Self { start: at, end: at }
    }

    /// Length in bytes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether `other` lies inside this span.
    #[must_use]
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// This span moved `by` bytes to the right.
    #[must_use]
    pub fn shift(self, by: usize) -> Self {
        Self { start: self.start + by, end: self.end + by }
    }
}

/// A value together with where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Its place in the file.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs a value with its span.
    pub fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

/// What kind of file a [`SourceFile`] is: decides which parser reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `protokoll.yaml`.
    SiteConfig,
    /// `content/bodies.yaml`.
    Bodies,
    /// `content/people.yaml`.
    People,
    /// A protocol: `content/<body>/<date>.md`.
    Protocol,
    /// A file that could not be read; it carries only its diagnostics.
    Other,
}

/// One file of the site, read and decoded.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Where it is on disk.
    pub path: PathBuf,
    /// The path relative to the site root, with `/` separators: what diagnostics show.
    pub rel: String,
    /// Which parser reads it.
    pub kind: FileKind,
    /// The text, without a leading byte-order mark. Empty when the file was not UTF-8.
    pub text: String,
    /// Where lines start.
    pub lines: LineIndex,
}

impl SourceFile {
    /// Builds a source file from text already in memory (tests, `serve`).
    #[must_use]
    pub fn new(path: PathBuf, rel: String, kind: FileKind, text: String) -> Self {
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_owned(),
            None => text,
        };
        let lines = LineIndex::new(&text);
        Self { path, rel, kind, text, lines }
    }

    /// The text of a span, or "" when the span is out of range.
    #[must_use]
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// The 1-based line and column (in characters) of a byte offset.
    #[must_use]
    pub fn line_col(&self, offset: usize) -> LineCol {
        self.lines.line_col(&self.text, offset)
    }
}

/// A 1-based position, the way editors count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in Unicode scalar values.
    pub column: usize,
    /// 1-based column in UTF-16 code units (SARIF, LSP).
    pub column_utf16: usize,
}

/// Start offsets of the lines of a text.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    #[must_use]
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Self { starts }
    }

    /// Number of lines (a final line without a newline counts).
    #[must_use]
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether the text had no line at all (never: an empty text has one empty line).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The 0-based line that holds `offset`.
    #[must_use]
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Byte offset where 0-based line `line` starts.
    #[must_use]
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// The span of 0-based line `line`, without its line end (`\n` or `\r\n`).
    #[must_use]
    pub fn line_span(&self, text: &str, line: usize) -> Option<Span> {
        let start = self.line_start(line)?;
        let mut end = self.line_start(line + 1).map_or(text.len(), |next| next - 1);
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Some(Span::new(start, end))
    }

    /// The lines of `text` (the text this index was made of) from byte `from` on: what
    /// [`line_spans`] gives, each line's span without its line end and where the next line
    /// starts, but read from the index instead of searched for, and counted in advance.
    #[must_use]
    pub fn spans_from<'a>(&'a self, text: &'a str, from: usize) -> impl ExactSizeIterator<Item = (Span, usize)> + 'a {
        let len = text.len();
        let first = self.line_of(from);
        // Lines that start before the end of the text, the first one at `from`.
        let count = if from < len { self.starts.partition_point(|&s| s < len).saturating_sub(first).max(1) } else { 0 };
        (0..count).map(move |i| {
            let start = if i == 0 { from } else { self.line_start(first + i).unwrap_or(len) };
            let (end, next) = match self.line_start(first + i + 1) {
                // The line ends with the `\n` before the next line's start.
                Some(next) => (next.saturating_sub(1).max(start), next),
                None => (len, len),
            };
            let end = if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') { end - 1 } else { end };
            (Span::new(start, end), next)
        })
    }

    /// 1-based line and column of `offset` in `text`.
    #[must_use]
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.line_start(line).unwrap_or(0);
        // Step back to a char boundary so a span inside a multi-byte char cannot panic.
        let mut end = offset;
        while end > start && !text.is_char_boundary(end) {
            end -= 1;
        }
        let before = text.get(start..end).unwrap_or("");
        LineCol { line: line + 1, column: before.chars().count() + 1, column_utf16: before.encode_utf16().count() + 1 }
    }
}

/// The lines of `text` from byte `from` on: each line's span without its line end (`\n`
/// or `\r\n`), and where the next line starts.
pub fn line_spans(text: &str, from: usize) -> impl Iterator<Item = (Span, usize)> + '_ {
    let mut pos = from;
    std::iter::from_fn(move || {
        let rest = text.as_bytes().get(pos..).filter(|r| !r.is_empty())?;
        let (len, next) = match memchr::memchr(b'\n', rest) {
            Some(i) => (i, pos + i + 1),
            None => (rest.len(), text.len()),
        };
        let mut end = pos + len;
        if end > pos && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        let span = Span::new(pos, end);
        pos = next;
        Some((span, next))
    })
}

/// [`str::trim`], quick in the usual case: white space at the ends of a line, key or
/// value is ASCII (a space), which is skipped a byte at a time, where `str::trim` decodes
/// every character it looks at. The parsers trim every line, key and value, so this
/// showed in profiles. Where a non-ASCII character is at an end, `str::trim` decides
/// (Unicode white space such as U+00A0).
#[must_use]
#[inline]
pub fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        _ => trim_end(trim_start(s)),
    }
}

/// Whether a byte is ASCII white space as [`char::is_whitespace`] has it (which, unlike
/// [`u8::is_ascii_whitespace`], includes the vertical tab).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// [`str::trim_start`], quick for ASCII (see [`trim`]).
#[must_use]
#[inline]
pub fn trim_start(s: &str) -> &str {
    let b = s.as_bytes();
    if b.first().is_some_and(u8::is_ascii_graphic) {
        return s;
    }
    let i = b.iter().position(|&c| !is_ascii_space(c)).unwrap_or(b.len());
    let rest = s.get(i..).unwrap_or_default();
    if b.get(i).is_none_or(u8::is_ascii) { rest } else { rest.trim_start() }
}

/// [`str::trim_end`], quick for ASCII (see [`trim`]).
#[must_use]
#[inline]
pub fn trim_end(s: &str) -> &str {
    let b = s.as_bytes();
    if b.last().is_some_and(u8::is_ascii_graphic) {
        return s;
    }
    let end = b.iter().rposition(|&c| !is_ascii_space(c)).map_or(0, |i| i + 1);
    let rest = s.get(..end).unwrap_or_default();
    if rest.as_bytes().last().is_none_or(u8::is_ascii) { rest } else { rest.trim_end() }
}

/// All files of a site, addressed by [`FileId`].
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(file);
        id
    }

    /// The file with this id.
    #[must_use]
    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// Every file with its id, in load order.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(u32::try_from(i).unwrap_or(u32::MAX)), f))
    }

    /// Drops the text (and line index) of every protocol file `keep` is false of, leaving
    /// it empty; the files themselves, their paths and ids stay. For a build once the
    /// paragraphs are rendered: from then on it needs the text only of the files its
    /// diagnostics point at, and the rest (a tenth of a GB at 10,000 protocols) is memory
    /// the pages can use instead of fresh memory (see `protokoll::build`).
    pub fn release_protocol_texts(&mut self, keep: impl Fn(FileId) -> bool) {
        for (i, f) in self.files.iter_mut().enumerate() {
            if f.kind == FileKind::Protocol && !keep(FileId(u32::try_from(i).unwrap_or(u32::MAX))) {
                f.text = String::new();
                f.lines = LineIndex::new("");
            }
        }
    }

    /// Number of files.
    #[must_use]
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there is no file.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Puts `file` in place of the file with this id (`serve`, after the file changed on
    /// disk); returns the file it replaced, or gives `file` back when there is no such id.
    pub fn replace(&mut self, id: FileId, file: SourceFile) -> Result<SourceFile, SourceFile> {
        match self.files.get_mut(id.0 as usize) {
            Some(slot) => Ok(std::mem::replace(slot, file)),
            None => Err(file),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_utf16_units() {
        let text = "a\nSätila x\r\nend";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap_or(0);
        let lc = idx.line_col(text, x);
        assert_eq!((lc.line, lc.column, lc.column_utf16), (2, 8, 8));
        assert_eq!(idx.line_span(text, 1).map(|s| &text[s.start..s.end]), Some("Sätila x"));
        let e = idx.line_col(text, text.len());
        assert_eq!((e.line, e.column), (3, 4));
    }

    #[test]
    fn quick_trims_agree_with_str() {
        for s in [
            "",
            " ",
            "a",
            " a ",
            "a b",
            "\u{a0}a\u{a0}",
            "å",
            " å\t",
            "\u{2003}x",
            "x\u{3000}",
            "\n",
            "--",
            " \u{a0} x \u{a0} ",
            "\x0b\x0cx\x1c",
            "\x1fx",
            "  \r\n",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
            assert_eq!(trim_start(s), s.trim_start(), "{s:?}");
            assert_eq!(trim_end(s), s.trim_end(), "{s:?}");
        }
    }

    /// The index gives the lines `line_spans` finds, from any offset.
    #[test]
    fn spans_from_the_index() {
        for text in ["", "a", "a\n", "a\nb", "a\r\nb\r\n", "\n\n", "ab\ncd\n\nef", "x\r", "\r\n"] {
            let idx = LineIndex::new(text);
            for from in 0..=text.len() {
                let fast: Vec<_> = idx.spans_from(text, from).collect();
                let slow: Vec<_> = line_spans(text, from).collect();
                assert_eq!(fast, slow, "{text:?} from {from}");
                assert_eq!(idx.spans_from(text, from).len(), slow.len());
            }
        }
    }

    #[test]
    fn bom_is_dropped() {
        let f = SourceFile::new("x".into(), "x".into(), FileKind::Protocol, "\u{feff}---\n".into());
        assert_eq!(f.text, "---\n");
    }
}
