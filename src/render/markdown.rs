//! Markdown → safe HTML, one fragment (a paragraph's intro, a section, the preamble) at a time.
//!
//! The output goes into a page as is (`*_html` fields of the view models), so everything
//! here is about what may reach a reader's browser:
//!
//! 1. **HTML comments are removed from the source** before parsing. Secretaries keep internal
//!    notes in them; they are never published, whether the comment is a block, inline, inside
//!    raw HTML or (conservatively) inside a code span. An unclosed `<!--` hides the rest of the
//!    fragment, as it would in a browser.
//! 2. **pulldown-cmark** parses with tables and strikethrough. Heading attributes stay off (the
//!    `{…}` of a `## §` heading is the parser's business; in a body it is just text), and so do
//!    footnotes: their anchors would collide between the many fragments of one page.
//! 3. **Events are filtered** ([`Filter`]): link and image URLs are checked (a scheme is allowed
//!    only if it is http, https, mailto or tel; relative URLs pass), unsafe links keep their
//!    text and lose the link, images from other sites become plain links (the archive loads
//!    nothing from outside), external links get `rel="noopener noreferrer"`, and headings are
//!    shifted so nothing in a fragment is above `h4` (a page has `h1`, `§` is `h2`, sections
//!    `h3`).
//! 4. **Raw HTML**, if any remains, sends the fragment through [ammonia] with a small
//!    allow-list. Most fragments have no `<` at all and never pay for it. Raw HTML that may
//!    nest deeper than [`MAX_DEPTH`], leave more than [`MAX_OPEN_FORMATTING`] formatting
//!    elements open or has more than [`MAX_RAW_TAGS`] tags is escaped instead (shown as
//!    text): html5ever's tree builder is quadratic on such input (see [`Shape`]). So is raw
//!    HTML in a fragment over [`MAX_SANITISED_BYTES`], which would take ammonia too long.
//!
//! Every step is iterative (pulldown-cmark, its HTML writer, ammonia's cleaner and serializer),
//! so input nested 50,000 levels deep cannot exhaust the stack; the unit tests prove it on a
//! small stack.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

/// The Markdown extensions protocols use.
const OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

/// Raw HTML nested deeper than this (counting the Markdown containers around it) is escaped
/// rather than sanitised.
pub const MAX_DEPTH: usize = 200;

/// A fragment with more raw HTML tags than this has its raw HTML escaped rather than sanitised.
pub const MAX_RAW_TAGS: usize = 20_000;

/// A fragment larger than this (in bytes of Markdown) has its raw HTML escaped rather than
/// sanitised: ammonia runs at a few MB/s, and no real paragraph is this long.
pub const MAX_SANITISED_BYTES: usize = 1 << 20;

/// Renders Markdown to HTML that is safe to put in a page.
#[must_use]
pub fn to_html(md: &str) -> String {
    let mut out = String::with_capacity(md.len() + md.len() / 4 + 16);
    // Plain text first: it has neither `<` nor NUL, so it needs no `scan`.
    if plain_paragraphs(md, &mut out) {
        return out;
    }
    let (lt, nul) = scan(md);
    if !lt && !nul {
        // Comments, raw HTML and autolinks start with a literal `<`: none here, so stream.
        pulldown_cmark::html::push_html(&mut out, Filter::new(Parser::new_ext(md, OPTIONS), Raw::Pass));
        return out;
    }
    let md = preprocess(md, lt, nul);
    let md: &str = &md;
    if memchr::memchr(b'<', md.as_bytes()).is_none() {
        pulldown_cmark::html::push_html(&mut out, Filter::new(Parser::new_ext(md, OPTIONS), Raw::Pass));
        return out;
    }
    // Measure first, then render: holding the events instead would double the memory, which
    // on hostile input (`<` × 10 MB) is hundreds of MB.
    let too_big = md.len() > MAX_SANITISED_BYTES;
    let mut filter = Filter::new(Parser::new_ext(md, OPTIONS), Raw::Measure);
    while filter.next().is_some() {
        if filter.raw > 0 && (too_big || filter.shape.too_complex()) {
            break;
        }
    }
    let raw = if filter.raw == 0 {
        Raw::Pass
    } else if too_big || filter.shape.too_complex() {
        // Show the markup as text: safe, linear, and a reader still sees what was written.
        Raw::Escape
    } else {
        pulldown_cmark::html::push_html(&mut out, Filter::new(Parser::new_ext(md, OPTIONS), Raw::Pass));
        return SANITIZER.clean(&out).to_string();
    };
    pulldown_cmark::html::push_html(&mut out, Filter::new(Parser::new_ext(md, OPTIONS), raw));
    out
}

/// Whether `bytes` has a byte that may begin inline markup, an escape, an entity or a block
/// anywhere in a line, or a control character other than the newline: without any, a
/// fragment can only be paragraphs of text (if its lines also pass [`plain_paragraphs`]'s
/// tests). Written as comparisons without branches over chunks, which the compiler turns
/// into vector instructions (a table lookup per byte was three times slower).
#[allow(clippy::needless_bitwise_bool, reason = "no early exit, so the chunk loop vectorises")]
fn has_markup(bytes: &[u8]) -> bool {
    let markup = |b: u8| {
        (b < 0x20 && b != b'\n')
            | (b == 0x7f)
            | (b == b'\\')
            | (b == b'`')
            | (b == b'*')
            | (b == b'_')
            | (b == b'[')
            | (b == b']')
            | (b == b'<')
            | (b == b'>')
            | (b == b'&')
            | (b == b'#')
            | (b == b'|')
            | (b == b'~')
    };
    bytes.chunks(64).any(|chunk| chunk.iter().fold(false, |acc, &b| acc | markup(b)))
}

/// Writes `md` as pulldown-cmark would when it is nothing but paragraphs of plain text,
/// and says whether it was: `<p>` for each run of non-blank lines, the lines joined by a
/// newline, the text escaped by the same function pulldown-cmark's writer uses. Most
/// sections of a protocol are such text, and for them pulldown-cmark's setup was most of
/// the cost of rendering (300,000 fragments in an archive of 10,000 protocols).
///
/// Anything else writes nothing and returns false: markup ([`has_markup`]), or a line that
/// starts or ends with a space (indented code, a hard break, trimmed whitespace), starts with
/// `-`, `+` or `=` (a list item, a thematic break or a setext underline) or with digits
/// followed by `.` or `)` (an ordered list item). A differential test against pulldown-cmark
/// keeps the two in agreement.
fn plain_paragraphs(md: &str, out: &mut String) -> bool {
    let bytes = md.as_bytes();
    if has_markup(bytes) {
        return false;
    }
    for line in lines(md) {
        let line = line.as_bytes();
        let (Some(&first), Some(&last)) = (line.first(), line.last()) else { continue };
        if first == b' ' || last == b' ' || matches!(first, b'-' | b'+' | b'=') {
            return false;
        }
        if first.is_ascii_digit() && matches!(line.iter().find(|b| !b.is_ascii_digit()), Some(b'.' | b')')) {
            return false;
        }
    }
    let mut open = false;
    for line in lines(md) {
        if line.is_empty() {
            if open {
                out.push_str("</p>\n");
                open = false;
            }
            continue;
        }
        out.push_str(if open { "\n" } else { "<p>" });
        open = true;
        // Writing to a String cannot fail.
        let _ = pulldown_cmark_escape::escape_html_body_text(&mut *out, line);
    }
    if open {
        out.push_str("</p>\n");
    }
    true
}

/// The lines of `md` split at `\n`, as `md.split('\n')` gives them, found with `memchr`
/// (the plain-text path runs over every section of the archive; `split` finds each line
/// end with a setup of its own).
fn lines(md: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', md.as_bytes()).chain(std::iter::once(md.len())).map(move |end| {
        let line = md.get(start..end).unwrap_or("");
        start = end + 1;
        line
    })
}

/// Whether `md` has a `<` and whether it has a NUL byte: one pass, which the compiler
/// vectorises (there is no branch inside a chunk).
fn scan(md: &str) -> (bool, bool) {
    let found = |acc: u8, b: &u8| acc | u8::from(*b == b'<') | (u8::from(*b == 0) << 1);
    let mut chunks = md.as_bytes().chunks_exact(64);
    let mut acc = 0u8;
    for chunk in &mut chunks {
        acc = chunk.iter().fold(acc, found);
        if acc == 3 {
            break;
        }
    }
    acc = chunks.remainder().iter().fold(acc, found);
    (acc & 1 != 0, acc & 2 != 0)
}

/// Removes HTML comments and replaces NUL bytes (which pulldown-cmark passes through) in
/// the source; `lt` and `nul` say whether it has a `<` and a NUL at all.
fn preprocess(md: &str, lt: bool, has_nul: bool) -> Cow<'_, str> {
    let has_comment = lt && md.contains("<!--");
    if !has_comment && !has_nul {
        return Cow::Borrowed(md);
    }
    let mut out = String::with_capacity(md.len());
    let mut rest = md;
    while let Some((before, after)) = rest.split_once("<!--") {
        out.push_str(before);
        // `<!-->` and `<!--->` end a comment in HTML; treating them as openers hides more, not less.
        rest = after.split_once("-->").map_or("", |(_, r)| r);
    }
    out.push_str(rest);
    if has_nul {
        out = out.replace('\0', "\u{FFFD}");
    }
    Cow::Owned(out)
}

/// What a URL is, for deciding whether to link to it or load it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UrlKind {
    /// A path relative to the page: `bilaga.pdf`, `../x.html#p3`, `#p2`, `?q`.
    Relative,
    /// A path from the host's root: `/x` (breaks under a sub-path or from `file://`).
    RootAbsolute,
    /// Another site: `http:`, `https:`, or scheme-relative `//host/…`.
    External,
    /// `mailto:` or `tel:`.
    Contact,
    /// Any other scheme (`javascript:`, `data:`, `vbscript:`, `file:` …) or one that is not a
    /// valid scheme at all.
    Unsafe,
}

/// Classifies `url` as a browser would read it: ASCII whitespace and control characters are
/// ignored (browsers drop tabs and newlines anywhere in a URL and controls at its ends; dropping
/// them everywhere can only make a scheme more visible), the scheme is case-insensitive, and
/// a `:` before any `/`, `?` or `#` makes what precedes it a scheme.
fn classify(url: &str) -> UrlKind {
    let significant = || url.chars().filter(|c| !c.is_ascii_control() && !c.is_ascii_whitespace());
    let mut scheme = String::new();
    for c in significant() {
        match c {
            ':' => {
                return match scheme.as_str() {
                    "http" | "https" => UrlKind::External,
                    "mailto" | "tel" => UrlKind::Contact,
                    _ => UrlKind::Unsafe,
                };
            }
            '/' | '\\' | '?' | '#' => break,
            c => {
                // Longer than any scheme we allow: stop collecting, keep looking for the end.
                if scheme.len() < 8 {
                    scheme.push(c.to_ascii_lowercase());
                } else {
                    scheme.push('~');
                    scheme.truncate(8);
                }
            }
        }
    }
    // Browsers read `\` as `/` in http(s) URLs: `/\host` and `\\host` are scheme-relative too.
    let mut start = significant();
    match (start.next(), start.next()) {
        (Some('/' | '\\'), Some('/' | '\\')) => UrlKind::External,
        (Some('/' | '\\'), _) => UrlKind::RootAbsolute,
        _ => UrlKind::Relative,
    }
}

/// What to do with a link or image's start and end events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    /// Pass the events through.
    Keep,
    /// Our own `<a …>` was written for the start; the end is `</a>`.
    Anchor,
    /// An image rendered as a link: its end becomes `</a>`.
    ImageAsLink,
    /// Drop the start and end; the content stays as text.
    Unwrap,
}

/// What the filter does with raw HTML from the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Raw {
    /// Pass it on.
    Pass,
    /// Pass it on, counting it and measuring its [`Shape`].
    Measure,
    /// Turn it into text.
    Escape,
}

/// The event filter: URLs, external images and heading levels (see the module docs). It also
/// measures the raw HTML of the source, apart from the `<a>` tags it writes itself.
struct Filter<'a, I> {
    inner: I,
    raw_mode: Raw,
    /// Raw HTML events seen.
    raw: usize,
    /// Markdown nesting now.
    depth: usize,
    /// The measurements so far (they stop growing once too complex).
    shape: Shape,
    model: RawModel,
    /// One entry per open link or image.
    stack: Vec<Action>,
    /// Open links (rendered as `<a>`), to avoid nesting links.
    links: usize,
    /// Open kept images: their content is alt text, which the writer renders as plain text.
    images: usize,
    _marker: std::marker::PhantomData<&'a ()>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Filter<'a, I> {
    fn new(inner: I, raw_mode: Raw) -> Self {
        Self {
            inner,
            raw_mode,
            raw: 0,
            depth: 0,
            shape: Shape::default(),
            model: RawModel::default(),
            stack: Vec::new(),
            links: 0,
            images: 0,
            _marker: std::marker::PhantomData,
        }
    }

    fn measure(&mut self, event: &Event<'a>) {
        if self.shape.too_complex() {
            return;
        }
        match event {
            Event::Start(_) => {
                self.depth += 1;
                self.shape.md_depth = self.shape.md_depth.max(self.depth);
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            Event::Html(h) | Event::InlineHtml(h) => self.model.scan(h, &mut self.shape),
            _ => {}
        }
    }

    fn start_link(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
    ) -> Option<Event<'a>> {
        if self.images > 0 || self.links > 0 {
            // Inside alt text the writer ignores tags; inside a link (an image shown as a link)
            // another link would nest. Keep the pair balanced and harmless.
            self.stack.push(Action::Unwrap);
            return None;
        }
        let kind = if link_type == LinkType::Email { UrlKind::Contact } else { classify(&dest_url) };
        match kind {
            UrlKind::Unsafe => {
                self.stack.push(Action::Unwrap);
                None
            }
            UrlKind::External => {
                self.stack.push(Action::Anchor);
                self.links += 1;
                Some(Event::InlineHtml(anchor(&dest_url, &title).into()))
            }
            UrlKind::Relative | UrlKind::RootAbsolute | UrlKind::Contact => {
                self.stack.push(Action::Keep);
                self.links += 1;
                Some(Event::Start(Tag::Link { link_type, dest_url, title, id }))
            }
        }
    }

    fn start_image(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
    ) -> Option<Event<'a>> {
        if self.images > 0 {
            self.stack.push(Action::Unwrap);
            return None;
        }
        match classify(&dest_url) {
            UrlKind::Relative => {
                self.stack.push(Action::Keep);
                self.images += 1;
                Some(Event::Start(Tag::Image { link_type, dest_url, title, id }))
            }
            // Loading it would request a resource from another site: link to it instead.
            UrlKind::External if self.links == 0 => {
                self.stack.push(Action::ImageAsLink);
                self.links += 1;
                Some(Event::InlineHtml(anchor(&dest_url, &title).into()))
            }
            _ => {
                self.stack.push(Action::Unwrap);
                None
            }
        }
    }

    fn end(&mut self, is_image: bool) -> Option<Event<'a>> {
        match self.stack.pop().unwrap_or(Action::Unwrap) {
            Action::Keep if is_image => {
                self.images = self.images.saturating_sub(1);
                Some(Event::End(TagEnd::Image))
            }
            Action::Keep => {
                self.links = self.links.saturating_sub(1);
                Some(Event::End(TagEnd::Link))
            }
            Action::Anchor | Action::ImageAsLink => {
                self.links = self.links.saturating_sub(1);
                Some(Event::InlineHtml(CowStr::Borrowed("</a>")))
            }
            Action::Unwrap => None,
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Filter<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            let event = self.inner.next()?;
            if self.raw_mode == Raw::Measure {
                self.measure(&event);
            }
            let mapped = match event {
                Event::Html(h) | Event::InlineHtml(h) if self.raw_mode == Raw::Escape => Some(Event::Text(h)),
                e @ (Event::Html(_) | Event::InlineHtml(_)) => {
                    self.raw += 1;
                    Some(e)
                }
                Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                    self.start_link(link_type, dest_url, title, id)
                }
                Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                    self.start_image(link_type, dest_url, title, id)
                }
                Event::End(TagEnd::Link) => self.end(false),
                Event::End(TagEnd::Image) => self.end(true),
                Event::Start(Tag::Heading { level, .. }) => Some(Event::Start(Tag::Heading {
                    level: shift(level),
                    id: None,
                    classes: Vec::new(),
                    attrs: Vec::new(),
                })),
                Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(shift(level)))),
                other => Some(other),
            };
            if let Some(e) = mapped {
                return Some(e);
            }
        }
    }
}

/// Headings in a fragment start at `h4`: the page has `h1`, a `§` is `h2`, its sections `h3`.
fn shift(level: HeadingLevel) -> HeadingLevel {
    level.max(HeadingLevel::H4)
}

/// `<a href="…" rel="noopener noreferrer">` for a link to another site.
fn anchor(url: &str, title: &str) -> String {
    let mut s = String::with_capacity(url.len() + title.len() + 48);
    s.push_str("<a href=\"");
    escape_href(&mut s, url);
    if !title.is_empty() {
        s.push_str("\" title=\"");
        escape_attr(&mut s, title);
    }
    s.push_str("\" rel=\"noopener noreferrer\">");
    s
}

/// Percent-encodes what does not belong in a URL and escapes what does not belong in a
/// double-quoted attribute (as pulldown-cmark's writer does for its own links).
fn escape_href(out: &mut String, url: &str) {
    for c in url.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&#x27;"),
            c if c.is_ascii_alphanumeric() || "-_.~!*();:@=+$,/?#[]%".contains(c) => out.push(c),
            c => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(out, "%{b:02X}");
                }
            }
        }
    }
}

/// Escapes text for a double-quoted attribute value.
fn escape_attr(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// How much raw HTML a fragment has, and an upper bound on what it makes html5ever do.
///
/// html5ever's tree builder is quadratic in two ways on hostile input: it scans its stack of
/// open elements for many tags (`<div>` × 50,000 takes seconds), and it re-creates every open
/// formatting element (`<b>`, `<i>` …) each time text is inserted after they were implicitly
/// closed (`<p><b id=1>x</p>` × 20,000 takes seconds, and the output grows with the square).
/// [`RawModel`] bounds both from above; past the limits the raw HTML is escaped instead.
#[derive(Debug, Default)]
struct Shape {
    /// Deepest nesting of Markdown containers.
    md_depth: usize,
    /// Deepest nesting of raw HTML elements, over-approximated (see [`RawModel`]).
    raw_depth: usize,
    /// Most formatting elements left open at once, over-approximated.
    formatting: usize,
    /// Raw HTML tags, opening and closing.
    raw_tags: usize,
}

/// Most formatting elements left open at once before raw HTML is escaped: each is
/// re-created for every paragraph that follows, so this bounds how much the output can grow.
pub const MAX_OPEN_FORMATTING: usize = 8;

impl Shape {
    fn too_complex(&self) -> bool {
        self.md_depth + self.raw_depth > MAX_DEPTH
            || self.raw_tags > MAX_RAW_TAGS
            || self.formatting > MAX_OPEN_FORMATTING
    }
}

/// Elements that never have content, so never nest.
const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

/// Elements a start tag of the same name closes (`<li>a<li>b`).
const SELF_CLOSING_SIBLINGS: &[&str] = &["li", "dt", "dd", "p", "tr", "td", "th", "option"];

/// The HTML standard's formatting elements (those the tree builder re-creates).
const FORMATTING: &[&str] =
    &["a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"];

/// A model of html5ever's stack of open elements and list of formatting elements that never
/// holds fewer elements than html5ever does: an end tag closes only when it matches the top
/// of the stack exactly, `/>` is ignored (as HTML does for non-void elements), and formatting
/// elements leave the list only by their own end tag. html5ever closes more (implied end tags),
/// never less, apart from elements it inserts itself (`tbody`, `tr`, re-created formatting),
/// which are a constant factor more.
#[derive(Debug, Default)]
struct RawModel {
    open: Vec<String>,
    formatting: [usize; FORMATTING.len()],
}

impl RawModel {
    fn scan(&mut self, html: &str, shape: &mut Shape) {
        let bytes = html.as_bytes();
        let mut i = 0;
        while let Some(off) = bytes.get(i..).and_then(|b| b.iter().position(|&c| c == b'<')) {
            i += off + 1;
            let closing = bytes.get(i) == Some(&b'/');
            let from = if closing { i + 1 } else { i };
            if !bytes.get(from).is_some_and(u8::is_ascii_alphabetic) {
                continue;
            }
            let len = bytes
                .get(from..)
                .map_or(0, |b| b.iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'-').count());
            let name = html.get(from..from + len).unwrap_or("").to_ascii_lowercase();
            shape.raw_tags += 1;
            let f = FORMATTING.iter().position(|x| *x == name).and_then(|p| self.formatting.get_mut(p));
            if closing {
                if let Some(n) = f {
                    *n = n.saturating_sub(1);
                }
                if self.open.last() == Some(&name) {
                    self.open.pop();
                }
            } else {
                if let Some(n) = f {
                    *n += 1;
                }
                let sibling = SELF_CLOSING_SIBLINGS.contains(&name.as_str()) && self.open.last() == Some(&name);
                if !sibling && !VOID.contains(&name.as_str()) {
                    self.open.push(name);
                }
            }
            shape.raw_depth = shape.raw_depth.max(self.open.len());
            shape.formatting = shape.formatting.max(self.formatting.iter().sum());
            if shape.too_complex() {
                return;
            }
        }
    }
}

/// The sanitiser for fragments with raw HTML, built once.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::empty();
    b.tags(HashSet::from([
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "dd",
        "del",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
        "var",
    ]))
    // Elements whose content is code or raw text go with their content; any other element
    // not allowed is unwrapped (its text stays).
    .clean_content_tags(HashSet::from([
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "applet",
        "template",
        "noscript",
        "noembed",
        "noframes",
        "textarea",
        "title",
        "xmp",
        "plaintext",
        "svg",
        "math",
        "select",
        "button",
        "frameset",
        "frame",
    ]))
    .generic_attributes(HashSet::from(["title", "lang", "dir"]))
    .generic_attribute_prefixes(HashSet::new())
    .tag_attributes(HashMap::from([
        ("a", HashSet::from(["href"])),
        ("img", HashSet::from(["src", "alt", "width", "height"])),
        ("ol", HashSet::from(["start", "reversed"])),
        ("td", HashSet::from(["colspan", "rowspan"])),
        ("th", HashSet::from(["colspan", "rowspan", "scope"])),
    ]))
    .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
    .url_relative(ammonia::UrlRelative::PassThrough)
    .link_rel(Some("noopener noreferrer"))
    .strip_comments(true)
    .attribute_filter(|element, attribute, value| match (element, attribute) {
        // Only images of the site itself: nothing is loaded from elsewhere.
        ("img", "src") => (classify(value) == UrlKind::Relative).then_some(Cow::Borrowed(value)),
        // ammonia checks schemes; this also catches what it would pass as relative.
        (_, "href") => (classify(value) != UrlKind::Unsafe).then_some(Cow::Borrowed(value)),
        _ => Some(Cow::Borrowed(value)),
    });
    b
});

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn lines_splits_as_split_does() {
        for md in ["", "\n", "a", "a\n", "\na", "a\n\nb", "å\nä\n\n\nö\n", "x\r\ny"] {
            assert_eq!(lines(md).collect::<Vec<_>>(), md.split('\n').collect::<Vec<_>>(), "{md:?}");
        }
    }

    /// What [`to_html`] writes for Markdown without `<` or NUL when it does not take the
    /// plain-text shortcut.
    fn through_pulldown(md: &str) -> String {
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, Filter::new(Parser::new_ext(md, OPTIONS), Raw::Pass));
        out
    }

    #[test]
    fn plain_paragraphs_are_written_as_pulldown_cmark_writes_them() {
        for md in [
            "",
            "\n\n",
            "Nämnden beslutar att godkänna förslaget.",
            "En rad\nen till \"citat\" och 'apostrof'\n\nEtt nytt stycke: 5,5 mkr (2024).\n",
            "Budget 2024. Beslut 3) gäller\n2024 års budget",
            "\u{a0}hårt mellanslag\u{a0}",
        ] {
            let mut fast = String::new();
            assert!(plain_paragraphs(md, &mut fast), "{md:?} is plain");
            assert_eq!(fast, through_pulldown(md), "{md:?}");
        }
        for md in [
            "- punkt",
            "1. första",
            "12) tolfte",
            "text\n===",
            "    indraget",
            "rad med hårt radbrott  \nnästa",
            "**fet**",
            "a & b",
            "tab\there",
            "a\r\nb",
        ] {
            assert!(!plain_paragraphs(md, &mut String::new()), "{md:?} is not plain");
        }
    }

    use proptest::strategy::Strategy as _;

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]

        /// The shortcut agrees with pulldown-cmark on every input it takes, and to_html
        /// with the shortcut equals to_html without it on every input.
        #[test]
        fn plain_paragraphs_agree_with_pulldown_cmark(
            md in proptest::collection::vec(proptest::sample::select(vec![
                "a", "Å", "ö", " ", "  ", "\n", "\n\n", "-", "+", "=", "1", "42", ".", ")", "*", "_",
                "\\", "&", ">", "#", "|", "~", "`", "[", "]", "!", "\t", "\u{a0}", ":", "\"", "'", "x y",
                "\r", "\u{2028}", "§ 3",
            ]), 0..24).prop_map(|parts| parts.concat())
        ) {
            let mut fast = String::new();
            if plain_paragraphs(&md, &mut fast) {
                proptest::prop_assert_eq!(&fast, &through_pulldown(&md), "{:?}", md);
            }
            proptest::prop_assert_eq!(to_html(&md), through_pulldown(&md), "{:?}", md);
        }

        /// The same, on text of the characters the shortcut lets through and the ones
        /// that begin blocks: most inputs reach the line tests.
        #[test]
        fn plain_paragraphs_agree_on_nearly_plain_text(
            md in proptest::collection::vec(proptest::sample::select(vec![
                "a", "Å", "ö", " ", "\n", "\n", "\n\n", "-", "+", "=", "1", "42", ".", ")", "(", ":",
                "\"", "'", "x y", "\u{a0}", "§ 3", "!", "]", "%", "/", "@", "$", "^", "{", "}",
            ]), 0..16).prop_map(|parts| parts.concat())
        ) {
            let mut fast = String::new();
            if plain_paragraphs(&md, &mut fast) {
                proptest::prop_assert_eq!(&fast, &through_pulldown(&md), "{:?}", md);
            }
        }
    }

    /// Runs `f` on a thread with a small stack: recursion on deep input would overflow it.
    fn small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        std::thread::Builder::new().stack_size(256 * 1024).spawn(f).unwrap().join().unwrap()
    }

    /// Renders on a small stack and within a time limit (generous: debug builds, shared cores).
    fn bounded(md: String, secs: u64) -> String {
        let start = std::time::Instant::now();
        let html = small_stack(move || to_html(&md));
        let took = start.elapsed();
        assert!(took.as_secs() < secs, "took {took:?}");
        html
    }

    fn lower(s: &str) -> String {
        s.to_ascii_lowercase()
    }

    #[test]
    fn plain_markdown() {
        assert_eq!(to_html("Hej *du*."), "<p>Hej <em>du</em>.</p>\n");
        let html = to_html("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~struken~~");
        assert!(html.contains("<table>") && html.contains("<td>1</td>"), "{html}");
        assert!(html.contains("<del>struken</del>"), "{html}");
    }

    #[test]
    fn text_is_escaped() {
        let html = to_html("Budget < 2 mkr & \"citat\"");
        assert_eq!(html, "<p>Budget &lt; 2 mkr &amp; \"citat\"</p>\n");
        assert!(to_html("&lt;script&gt;").contains("&lt;script&gt;"));
    }

    #[test]
    fn comments_are_dropped() {
        for md in [
            "Text <!-- HEMLIG anteckning --> mer.",
            "<!-- HEMLIG\nanteckning -->\n\nText.",
            "Text.\n\n<!--\nHEMLIG\n\n\nmer\n-->\n\nSlut.",
            "<div>a <!-- HEMLIG --> b</div>",
            "Text `<!-- HEMLIG -->` kod.",
            "Text <!--> HEMLIG -->",
            "Text <!-- HEMLIG utan slut\n\n- punkt",
            "> citat <!-- HEMLIG\n> mer -->",
        ] {
            let html = to_html(md);
            assert!(!html.contains("HEMLIG"), "{md:?} → {html}");
            assert!(!html.contains("<!--"), "{md:?} → {html}");
        }
        assert_eq!(to_html("a<!-- x -->b"), "<p>ab</p>\n");
        assert_eq!(to_html("Text.\n\n<!-- x -->\n\nSlut."), "<p>Text.</p>\n<p>Slut.</p>\n");
    }

    #[test]
    fn heading_attributes_are_text() {
        let html = to_html("### Beslut {x}\n\n#### Del {confidential .c #i}\n\nText");
        assert!(!html.contains(" x=") && !html.contains("confidential=") && !html.contains("class="), "{html}");
        assert!(html.contains("<h4>Beslut {x}</h4>"), "{html}");
        assert!(html.contains("<h4>Del {confidential .c #i}</h4>"), "{html}");
    }

    #[test]
    fn headings_start_at_h4() {
        let html = to_html("# A\n\n## B\n\n### C\n\n#### D\n\n##### E\n\n###### F\n\nG\n===\n");
        for h in ["<h1", "<h2", "<h3"] {
            assert!(!html.contains(h), "{html}");
        }
        assert!(html.contains("<h4>A</h4>") && html.contains("<h4>D</h4>"), "{html}");
        assert!(html.contains("<h5>E</h5>") && html.contains("<h6>F</h6>") && html.contains("<h4>G</h4>"), "{html}");
    }

    #[test]
    fn url_kinds() {
        use UrlKind::*;
        for (url, kind) in [
            ("bilaga.pdf", Relative),
            ("../2020-02-24.html#p3", Relative),
            ("#p2", Relative),
            ("?q=1", Relative),
            ("a/b:c", Relative),
            ("/abs", RootAbsolute),
            ("https://example.se/", External),
            ("HTTP://example.se/", External),
            ("//evil.example/x.png", External),
            ("\\\\evil.example/x.png", External),
            ("/\\evil.example/x.png", External),
            (" \t//evil.example", External),
            ("mailto:a@b.se", Contact),
            ("TEL:+46123", Contact),
            ("javascript:alert(1)", Unsafe),
            ("JaVaScRiPt:alert(1)", Unsafe),
            ("java\tscript:alert(1)", Unsafe),
            ("java\nscript:alert(1)", Unsafe),
            ("java\u{0}script:alert(1)", Unsafe),
            ("  \u{1}javascript:alert(1)", Unsafe),
            ("vbscript:x", Unsafe),
            ("data:text/html,<script>", Unsafe),
            ("DATA:image/png;base64,AAAA", Unsafe),
            ("file:///etc/passwd", Unsafe),
            ("%6Aavascript:alert(1)", Unsafe),
            ("java\u{a0}script:alert(1)", Unsafe),
            ("httpsx:y", Unsafe),
            ("averyveryverylongscheme:x", Unsafe),
        ] {
            assert_eq!(classify(url), kind, "{url:?}");
        }
    }

    #[test]
    fn unsafe_links_keep_their_text() {
        for md in [
            "[klicka](javascript:alert(1))",
            "[klicka](JaVaScRiPt:alert(1))",
            "[klicka](java\tscript:alert(1))",
            "[klicka](&#106;avascript:alert(1))",
            "[klicka](&#x6A;avascript&#58;alert(1))",
            "[klicka](java&#9;script:alert(1))",
            "[klicka](<javascript:alert(1)>)",
            "[klicka](vbscript:msgbox)",
            "[klicka](data:text/html;base64,PHNjcmlwdD4=)",
            "[klicka][ref]\n\n[ref]: javascript:alert(1)",
            "[klicka](\u{1}javascript:alert(1))",
        ] {
            let html = to_html(md);
            assert!(html.contains("klicka"), "{md:?} → {html}");
            assert!(!html.contains("href"), "{md:?} → {html}");
        }
        // An autolink with a bad scheme is its text, not a link.
        let html = to_html("<javascript:alert(1)>");
        assert!(!html.contains("href"), "{html}");
    }

    #[test]
    fn safe_links() {
        assert_eq!(to_html("[bilaga](bilaga.pdf)"), "<p><a href=\"bilaga.pdf\">bilaga</a></p>\n");
        assert_eq!(to_html("[§ 3](#p3)"), "<p><a href=\"#p3\">§ 3</a></p>\n");
        assert_eq!(to_html("[mejl](mailto:a@b.se)"), "<p><a href=\"mailto:a@b.se\">mejl</a></p>\n");
        assert_eq!(to_html("<a@b.se>"), "<p><a href=\"mailto:a@b.se\">a@b.se</a></p>\n");
        assert_eq!(
            to_html("[Marks kommun](https://www.mark.se/?a=1&b=\"2\" \"Titel\")"),
            "<p><a href=\"https://www.mark.se/?a=1&amp;b=%222%22\" title=\"Titel\" rel=\"noopener noreferrer\">Marks kommun</a></p>\n"
        );
        // Our own `<a>` for an external link is not raw HTML: not sanitised, not escaped.
        assert_eq!(
            to_html("Budget < 2 mkr, se [KS](https://ks.se)"),
            "<p>Budget &lt; 2 mkr, se <a href=\"https://ks.se\" rel=\"noopener noreferrer\">KS</a></p>\n"
        );
        let html = to_html(&format!("[KS](https://ks.se) {}", "<div>".repeat(300)));
        assert!(
            html.starts_with("<p><a href=\"https://ks.se\" rel=\"noopener noreferrer\">KS</a> &lt;div&gt;"),
            "{html}"
        );
        assert_eq!(
            to_html("<https://www.mark.se>"),
            "<p><a href=\"https://www.mark.se\" rel=\"noopener noreferrer\">https://www.mark.se</a></p>\n"
        );
    }

    #[test]
    fn images() {
        // The site's own image stays.
        assert_eq!(to_html("![karta](bilder/karta.png)"), "<p><img src=\"bilder/karta.png\" alt=\"karta\" /></p>\n");
        // Another site's image becomes a link: nothing is loaded from outside.
        assert_eq!(
            to_html("![karta](https://tracker.example/p.png)"),
            "<p><a href=\"https://tracker.example/p.png\" rel=\"noopener noreferrer\">karta</a></p>\n"
        );
        let html = to_html("![karta](//tracker.example/p.png)");
        assert!(!html.contains("<img") && html.contains("karta"), "{html}");
        // Unsafe or non-portable: the alt text only.
        for md in [
            "![karta](data:image/svg+xml;base64,PHN2Zz4=)",
            "![karta](javascript:alert(1))",
            "![karta](/bilder/karta.png)",
            "![karta](mailto:a@b.se)",
        ] {
            let html = to_html(md);
            assert_eq!(html, "<p>karta</p>\n", "{md:?}");
        }
        // An external image inside a link: no nested link, no image.
        let html = to_html("[![logga](https://x.example/l.png)](https://x.example/)");
        assert_eq!(html.matches("<a ").count(), 1, "{html}");
        assert!(!html.contains("<img"), "{html}");
        // A local image inside a link stays.
        let html = to_html("[![logga](logga.png)](https://x.example/)");
        assert!(html.contains("<img src=\"logga.png\" alt=\"logga\" />"), "{html}");
        // Links inside alt text are text.
        let html = to_html("![se [här](javascript:alert(1))](bild.png)");
        assert!(html.contains("alt=\"se här\""), "{html}");
        assert!(!lower(&html).contains("javascript"), "{html}");
    }

    #[test]
    fn raw_html_is_sanitised() {
        for md in [
            "<script>alert(1)</script>",
            "Text <script>alert(1)</script> mer",
            "<SCRIPT SRC=//x.example/x.js></SCRIPT>",
            "<iframe src=\"https://x.example\"></iframe>",
            "<a href=\"javascript:alert(1)\">a</a>",
            "<a href=\"JAVASCRIPT:alert(1)\">a</a>",
            "<a href=\"java&#x09;script:alert(1)\">a</a>",
            "<a href=\"&#106;avascript:alert(1)\">a</a>",
            "<img src=x onerror=alert(1)>",
            "<img src=\"data:image/png;base64,AAAA\">",
            "<img src=\"https://tracker.example/p.gif\">",
            "<img src=\"//tracker.example/p.gif\">",
            "<style>body{display:none}</style>",
            "<p style=\"background:url(javascript:alert(1))\">x</p>",
            "<div onclick=\"alert(1)\">x</div>",
            "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
            "<form action=\"https://x.example\"><input name=q><button>ok</button></form>",
            "<svg><script>alert(1)</script></svg>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "<a href=\"vbscript:x\">a</a>",
            "<base href=\"https://x.example/\"><meta http-equiv=refresh content=\"0;url=https://x.example\">",
            "<link rel=stylesheet href=\"https://x.example/x.css\">",
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        ] {
            let html = lower(&to_html(md));
            for bad in [
                "<script",
                "<iframe",
                "<style",
                "<object",
                "<embed",
                "<form",
                "<input",
                "<svg",
                "<math",
                "<base",
                "<meta",
                "<link",
                "onerror",
                "onclick",
                "style=",
                "javascript:",
                "vbscript:",
                "data:",
                "https://tracker",
                "//tracker",
                "http-equiv",
            ] {
                assert!(!html.contains(bad), "{md:?} → {html}");
            }
        }
    }

    #[test]
    fn allowed_raw_html() {
        let html = to_html("Text<br>mer <abbr title=\"Kommunstyrelsen\">KS</abbr> <sup>2</sup>");
        assert!(
            html.contains("<br>")
                && html.contains("<abbr title=\"Kommunstyrelsen\">KS</abbr>")
                && html.contains("<sup>2</sup>"),
            "{html}"
        );
        let html = to_html("<a href=\"https://www.mark.se\" onclick=\"x\">länk</a>");
        assert_eq!(html, "<p><a href=\"https://www.mark.se\" rel=\"noopener noreferrer\">länk</a></p>\n");
        let html = to_html("<img src=\"bilder/karta.png\" alt=\"karta\">");
        assert!(html.contains("<img src=\"bilder/karta.png\" alt=\"karta\">"), "{html}");
        // Markdown around raw HTML survives the sanitiser.
        let html = to_html("**fet** <span>x</span>\n\n| a |\n|---|\n| 1 |");
        assert!(html.contains("<strong>fet</strong>") && html.contains("<td>1</td>"), "{html}");
        // No ids: raw HTML cannot clobber the page's anchors.
        assert!(!to_html("<span id=\"p1\">x</span>").contains("id="));
    }

    #[test]
    fn code_is_text() {
        let html = to_html("```\"><script>alert(1)</script>\n<script>alert(1)</script>\n```\n\nOch `<b>kod</b>`.");
        assert!(!lower(&html).contains("<script"), "{html}");
        assert!(html.contains("class=\"language-&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""), "{html}");
        assert!(html.contains("<code>&lt;b&gt;kod&lt;/b&gt;</code>"), "{html}");
    }

    #[test]
    fn nul_bytes() {
        let html = to_html("a\0b <b>c\0d</b> [x](java\0script:alert(1))");
        assert!(!html.contains('\0'), "{html:?}");
        assert!(!html.contains("href"), "{html}");
        for md in ["a\0b", "```\na\0b\n```", "`a\0b`", "[a\0b](x\0y \"t\0\")", "| a\0 |\n|---|\n| b |"] {
            let html = to_html(md);
            assert!(!html.contains('\0') && html.contains('\u{FFFD}'), "{md:?} → {html:?}");
        }
    }

    #[test]
    fn scan_finds_lt_and_nul_anywhere() {
        assert_eq!(scan(""), (false, false));
        for n in [0, 1, 63, 64, 65, 127, 128, 200] {
            let mut s = "a".repeat(n);
            assert_eq!(scan(&s), (false, false));
            s.push('<');
            assert_eq!(scan(&s), (true, false), "{n}");
            s.push('\0');
            assert_eq!(scan(&s), (true, true), "{n}");
            assert_eq!(scan(&format!("{}\0", "a".repeat(n))), (false, true), "{n}");
        }
    }

    #[test]
    fn the_sanitiser_builds() {
        // ammonia panics on contradictory settings (a tag both allowed and cleaned, say).
        let _ = SANITIZER.clean("<p>x</p>");
    }

    #[test]
    fn deep_markdown_nesting() {
        for unit in ["> ", "- ", "* ", "1. ", "[", "*", "_", "![", "**a", "`", "<", "|"] {
            let md = unit.repeat(50_000);
            let html = bounded(md, 20);
            assert!(!lower(&html).contains("<script"), "{unit}");
        }
        // Nested over many lines, too.
        bounded("> ".repeat(5_000) + "a\n" + &"> ".repeat(5_000) + "b\n", 20);
        let mut list = String::new();
        for i in 0..5_000 {
            list.push_str(&"  ".repeat(i));
            list.push_str("- x\n");
        }
        bounded(list, 20);
    }

    #[test]
    fn deep_raw_html_nesting() {
        for tag in ["<div>", "<b>", "<span>", "<table>", "<a href=x>", "<i><b>", "<blockquote>", "<li>", "<p>", "<x-y>"]
        {
            let html = bounded(tag.repeat(50_000), 20);
            assert!(!html.contains("<div><div><div>"), "escaped, not sanitised");
            let html = bounded(format!("{}x", tag.repeat(150)), 20);
            assert!(!html.is_empty());
        }
        // Deep Markdown around a little raw HTML.
        let html = bounded(format!("{}<b>x</b>", "> ".repeat(50_000)), 20);
        assert!(html.contains("&lt;b&gt;"), "escaped: {}", html.get(html.len().saturating_sub(300)..).unwrap_or(""));
        // Many tags, shallow.
        bounded("<b>x</b> ".repeat(50_000), 20);
        bounded(format!("<div>{}</div>", "<b id=a>x".repeat(50_000)), 20);
        // Patterns that keep html5ever's stacks growing while the tags look balanced.
        for unit in [
            "<span><div></span>",
            "<p><b id=1>x</p>",
            "<p><i title=a><b title=b>x</p>\n\n",
            "<div/>",
            "<b/>",
            "<ul><li>x</ul>",
        ] {
            let html = bounded(unit.repeat(50_000), 20);
            assert!(html.contains("&lt;"), "{unit}: escaped");
        }
        // A few formatting elements left open are re-created in every paragraph that follows:
        // bounded by MAX_OPEN_FORMATTING.
        let md = format!("{}\n\n{}", "<b title=1><i title=2><u title=3>", "Stycke.\n\n".repeat(100_000));
        let html = bounded(md.clone(), 20);
        assert!(html.len() < md.len() * 20, "{} → {}", md.len(), html.len());
        // Just below the limits: sanitised, on a small stack.
        let html = bounded(format!("{}x{}", "<div>".repeat(150), "</div>".repeat(150)), 20);
        assert!(html.contains("<div><div>"), "sanitised");
    }

    #[test]
    fn huge_input() {
        let line = "ord ".repeat(2_500_000);
        let html = bounded(line, 20);
        assert!(html.len() > 10_000_000);
        let mixed = "Text med <b>fet</b> och [länk](x.html).\n".repeat(100_000);
        let html = bounded(mixed, 30);
        assert!(html.contains("&lt;b&gt;fet&lt;/b&gt;"), "over MAX_SANITISED_BYTES: escaped");
        let mixed = "Text med <b>fet</b> och [länk](x.html).\n".repeat(10_000);
        let html = bounded(mixed, 30);
        assert!(html.contains("<b>fet</b>"), "sanitised");
        let comments = "a <!-- b --> ".repeat(500_000);
        let html = bounded(comments, 20);
        assert!(!html.contains(" b ") && !html.contains("<!--"));
    }
}

/// Throughput on a protocol-like archive: `cargo test --release --lib markdown_throughput -- --ignored --nocapture`.
#[cfg(test)]
#[allow(clippy::cast_precision_loss, clippy::range_plus_one, clippy::indexing_slicing, reason = "a measurement")]
mod bench {
    #[test]
    #[ignore = "a measurement, not a check: run in release"]
    fn markdown_throughput() {
        let words = [
            "kommunstyrelsen",
            "beslutar",
            "att",
            "godkänna",
            "förslaget",
            "och",
            "uppdra",
            "åt",
            "förvaltningen",
            "redovisa",
            "ärendet",
            "Rådet",
            "diskuterar",
            "trygghet",
            "i",
            "centrum",
            "under",
            "våren",
            "2021",
            "med",
            "polisen",
        ];
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(seed >> 33).unwrap_or(0) % n
        };
        let mut fragments = Vec::new();
        let mut total = 0;
        while total < 90_000_000 {
            let mut f = String::new();
            for _ in 0..(1 + next(4)) {
                match next(10) {
                    0 => (0..3).for_each(|_| f.push_str("- punkt om ärendet och dess beredning\n")),
                    1 => f.push_str("| Namn | Organisation |\n|---|---|\n| Anna Berg | Polisen |\n| Per Ek | KS |\n"),
                    _ => {
                        for i in 0..(20 + next(60)) {
                            f.push_str(words[next(words.len())]);
                            f.push(if i % 17 == 16 { '\n' } else { ' ' });
                        }
                        if next(8) == 0 {
                            f.push_str("**Dnr KS 2020/118** se [bilaga](bilaga-1.pdf).");
                        }
                    }
                }
                f.push_str("\n\n");
            }
            total += f.len();
            fragments.push(f);
        }
        let start = std::time::Instant::now();
        let out: usize = fragments
            .iter()
            .map(|f| {
                let mut s = String::new();
                pulldown_cmark::html::push_html(&mut s, pulldown_cmark::Parser::new_ext(f, super::OPTIONS));
                s.len()
            })
            .sum();
        let base = start.elapsed();
        let start = std::time::Instant::now();
        let out2: usize = fragments.iter().map(|f| super::to_html(f).len()).sum();
        let took = start.elapsed();
        println!(
            "{} fragments, {total} bytes → {out2} bytes in {took:?} ({:.0} MB/s, one core); bare pulldown-cmark: {out} bytes in {base:?}",
            fragments.len(),
            total as f64 / took.as_secs_f64() / 1e6
        );
    }
}
