//! The parsed protocol: what the parser understood, with a span for every part.
//!
//! Fields the file did not give (or gave with the wrong type) are `None` or empty; the
//! parser reported why. Later stages read only these types, never the raw YAML.

use jiff::civil::Date;

use crate::source::{FileId, Span, Spanned};

/// The workflow state of a protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Being written; left out of builds unless `--drafts`.
    Draft,
    /// Justerat: checked and signed.
    #[default]
    Adjusted,
    /// Announced on the notice board.
    Published,
}

/// What a confidential paragraph still shows in a public build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Show {
    /// The number and title (the default).
    #[default]
    Title,
    /// The number, title and decision.
    Decision,
    /// The number only.
    Nothing,
}

/// `{…}` attributes after a paragraph title.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attributes {
    /// The span of the whole `{…}` group.
    pub span: Option<Span>,
    /// `{confidential}` was given.
    pub confidential: bool,
    /// `ground="OSL 26 kap. 1 §"`.
    pub ground: Option<String>,
    /// `show=title|decision|nothing`.
    pub show: Show,
    /// `dnr="KS 2020/118"`.
    pub dnr: Option<String>,
    /// Attributes not understood, as written (name, span), for a did-you-mean.
    pub unknown: Vec<Spanned<String>>,
    /// A `show=` value not understood.
    pub bad_show: Option<Spanned<String>>,
}

/// How a paragraph heading was written: only [`HeadingStyle::Canonical`] is the format;
/// the others are what word processors produce, recognised so every other check still works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingStyle {
    /// `## § 12 Title` (or `## § 12 a Title`).
    Canonical,
    /// A `§ N` heading at another level (`### § 3 Title`).
    WrongLevel,
    /// `§ N` or `§N` as a plain line, the title (if any) on the next line.
    PlainLine,
    /// `## § N` with the title on the next line (bold or `### **…**`).
    TitleOnNextLine,
    /// `## §12 Title`: no space after `§` (or other spacing slips).
    Spacing,
}

/// A recognised sub-heading inside a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    /// `### Beslut` / `### Decision`.
    Decision,
    /// `### Yrkanden` / `### Motions`.
    Motions,
    /// `### Omröstning` / `### Vote`.
    Vote,
    /// `### Reservation` / `### Dissent`.
    Dissent,
    /// `### Protokollsanteckning` / `### Note`.
    Note,
    /// Any other `###` heading: a sub-item, such as under "Övriga frågor".
    Other,
}

/// A `###` section inside a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Which kind.
    pub kind: SectionKind,
    /// The heading text as written.
    pub title: Spanned<String>,
    /// The Markdown after the heading, up to the next `###`/`##` or the paragraph's end.
    pub body: Span,
}

/// One `§`: the unit of a protocol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// From the heading to the end of the paragraph.
    pub span: Span,
    /// The heading line (for the title-on-next-line styles, both lines).
    pub heading: Span,
    /// How the heading was written.
    pub style: HeadingStyle,
    /// The number, with the span of `§ N` (letter included).
    pub number: Spanned<u32>,
    /// The letter of an inserted item (`17 a`).
    pub letter: Option<char>,
    /// The title; `None` when the heading has none.
    pub title: Option<Spanned<String>>,
    /// `{…}` attributes.
    pub attrs: Attributes,
    /// The Markdown after the heading, up to the next paragraph (or a body table).
    pub body: Span,
    /// The `###` sections of the body, in order.
    pub sections: Vec<Section>,
}

impl Paragraph {
    /// "17 a" or "3".
    #[must_use]
    pub fn number_label(&self) -> String {
        match self.letter {
            Some(l) => format!("{} {l}", self.number.value),
            None => self.number.value.to_string(),
        }
    }

    /// The decision section, if any.
    #[must_use]
    pub fn decision(&self) -> Option<&Section> {
        self.sections.iter().find(|s| s.kind == SectionKind::Decision)
    }
}

/// One person in `attendees` or `absent`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Attendee {
    /// The whole entry.
    pub span: Span,
    /// `name`.
    pub name: Option<Spanned<String>>,
    /// `org`.
    pub org: Option<Spanned<String>>,
    /// `role`.
    pub role: Option<Spanned<String>>,
    /// `serves_for`: the absent member a substitute serves for.
    pub serves_for: Option<Spanned<String>>,
}

/// One entry of `agenda`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaItem {
    /// The whole entry.
    pub span: Span,
    /// Its title.
    pub title: Spanned<String>,
    /// Sub-items (`items:`).
    pub items: Vec<Spanned<String>>,
}

/// `justering: { date, place }`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Justering {
    /// The whole value.
    pub span: Span,
    /// When the protocol was adjusted.
    pub date: Option<Spanned<Date>>,
    /// Where.
    pub place: Option<Spanned<String>>,
}

/// `anslag: { up, down }`: the notice on the notice board.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Anslag {
    /// The whole value.
    pub span: Span,
    /// Put up.
    pub up: Option<Spanned<Date>>,
    /// Taken down.
    pub down: Option<Spanned<Date>>,
}

/// The validated front matter. Every field is optional here: required keys are a check.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FrontMatter {
    /// The YAML between the `---` lines.
    pub span: Span,
    /// `body`.
    pub body: Option<Spanned<String>>,
    /// `date`.
    pub date: Option<Spanned<Date>>,
    /// `time`, free text ("13:00-15:00").
    pub time: Option<Spanned<String>>,
    /// `location`.
    pub location: Option<Spanned<String>>,
    /// `status`.
    pub status: Option<Spanned<Status>>,
    /// `chair`.
    pub chair: Option<Spanned<String>>,
    /// `secretary`.
    pub secretary: Option<Spanned<String>>,
    /// `adjusters`.
    pub adjusters: Vec<Spanned<String>>,
    /// `previous`: the date of the body's previous meeting, with an optional `-N` suffix.
    pub previous: Option<Spanned<MeetingRef>>,
    /// `justering`.
    pub justering: Option<Justering>,
    /// `anslag`.
    pub anslag: Option<Anslag>,
    /// `attendees`; `None` when the key is missing.
    pub attendees: Option<Spanned<Vec<Attendee>>>,
    /// `absent`.
    pub absent: Vec<Attendee>,
    /// `tags`.
    pub tags: Vec<Spanned<String>>,
    /// `agenda`; `None` when the key is missing.
    pub agenda: Option<Spanned<Vec<AgendaItem>>>,
}

/// A meeting of a body named by date: `2020-10-19` or `2020-10-19-2` (the second that day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MeetingRef {
    /// The day.
    pub date: Date,
    /// 1 for the first meeting of the day, 2 for `-2`, …
    pub seq: u32,
}

impl std::fmt::Display for MeetingRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.seq > 1 { write!(f, "{}-{}", self.date, self.seq) } else { write!(f, "{}", self.date) }
    }
}

/// What a Markdown table in the body is, judged by its contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    /// A table of contents: rows of a title and a `§ N` cell.
    Contents,
    /// An attendee list: rows of organisation and name (either order).
    Attendees,
    /// A list of the absent (a table under a "Frånvarande" label).
    Absent,
    /// Any other table: left alone.
    Other,
}

/// One row of a body table, cells trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// The row's line.
    pub span: Span,
    /// The cells, with their spans (empty cells included).
    pub cells: Vec<Spanned<String>>,
}

/// A Markdown table in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyTable {
    /// From the first to the last row.
    pub span: Span,
    /// What it lists.
    pub kind: TableKind,
    /// The header row.
    pub header: TableRow,
    /// The rows after the delimiter row.
    pub rows: Vec<TableRow>,
}

/// A line of the body that matters to a check but belongs to no structure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineFinding {
    /// A list item with no text (`-` alone).
    EmptyListItem(Span),
    /// A line of lone punctuation (`.`), a paragraph of its own.
    StrayPunctuation(Span),
}

/// `<!-- protokoll: allow rule-id … -->`: silences rules for the region it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The comment.
    pub span: Span,
    /// The rule ids named.
    pub rules: Vec<Spanned<String>>,
    /// The bytes it covers: the rest of its paragraph, or the whole file when it stands
    /// in the front matter or before the first paragraph.
    pub covers: Span,
}

/// A protocol file, parsed. Produced for every protocol file, however broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protocol {
    /// The file.
    pub file: FileId,
    /// The body's slug: the first folder under `content/`.
    pub body_slug: String,
    /// The meeting named by the file name (`2020-10-19.md`, `2020-10-19-2.md`), if it is one.
    pub file_meeting: Option<MeetingRef>,
    /// The front matter; `None` when the file has none or it is not a mapping.
    pub front: Option<FrontMatter>,
    /// The body: everything after the front matter.
    pub body: Span,
    /// Text before the first paragraph.
    pub preamble: Span,
    /// The paragraphs, in file order.
    pub paragraphs: Vec<Paragraph>,
    /// Markdown tables in the body.
    pub tables: Vec<BodyTable>,
    /// Empty list items and stray punctuation lines.
    pub lines: Vec<LineFinding>,
    /// Inline suppressions.
    pub suppressions: Vec<Suppression>,
}

impl Protocol {
    /// The meeting date: the front matter's, else the file name's.
    #[must_use]
    pub fn date(&self) -> Option<Date> {
        self.front.as_ref().and_then(|f| f.date.as_ref().map(|d| d.value)).or(self.file_meeting.map(|m| m.date))
    }

    /// The meeting as a reference (date and same-day sequence).
    #[must_use]
    pub fn meeting(&self) -> Option<MeetingRef> {
        let seq = self.file_meeting.map_or(1, |m| m.seq);
        self.date().map(|date| MeetingRef { date, seq })
    }

    /// The status, `adjusted` when not given.
    #[must_use]
    pub fn status(&self) -> Status {
        self.front.as_ref().and_then(|f| f.status.as_ref().map(|s| s.value)).unwrap_or_default()
    }

    /// The attendees (empty when missing).
    #[must_use]
    pub fn attendees(&self) -> &[Attendee] {
        self.front.as_ref().and_then(|f| f.attendees.as_ref()).map_or(&[], |a| a.value.as_slice())
    }

    /// The absent (empty when missing).
    #[must_use]
    pub fn absent(&self) -> &[Attendee] {
        self.front.as_ref().map_or(&[], |f| f.absent.as_slice())
    }
}
