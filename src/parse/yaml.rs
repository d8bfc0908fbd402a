//! The raw layer of the front matter: YAML as a tree of nodes, each with its span.
//!
//! serde-saphyr deserialises the YAML into [`Node`]s (through `Spanned`, so every key,
//! value and list entry keeps its line and byte offset). Converting nodes into the typed
//! front matter is ours (see `front.rs`): every wrong type is a diagnostic at the value,
//! and conversion goes on with the next key, so one run reports every problem.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::source::Span;

/// A YAML value with its place in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Byte span in the whole file (front-matter offset already added).
    pub span: Span,
    /// The value.
    pub kind: NodeKind,
}

/// The kinds of YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// `~`, `null` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string (plain or quoted scalar).
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, keys in file order.
    Map(Vec<(Node, Node)>),
}

impl NodeKind {
    /// What a user calls this kind ("a list", "a number").
    #[must_use]
    pub fn describe(&self) -> &'static str {
        match self {
            Self::Null => "nothing",
            Self::Bool(_) => "true/false",
            Self::Int(_) | Self::Float(_) => "a number",
            Self::Str(_) => "text",
            Self::Seq(_) => "a list",
            Self::Map(_) => "a mapping (key: value)",
        }
    }
}

impl Node {
    /// The string, when this is a string scalar.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Moves every span in the tree `by` bytes right.
    fn shift(&mut self, by: usize) {
        self.span = self.span.shift(by);
        match &mut self.kind {
            NodeKind::Seq(items) => items.iter_mut().for_each(|n| n.shift(by)),
            NodeKind::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
                k.shift(by);
                v.shift(by);
            }),
            _ => {}
        }
    }
}

/// Wire form: serde-saphyr fills the location, we fill the kind.
struct Raw(serde_saphyr::Spanned<RawKind>);
struct RawKind(NodeKind);

impl From<Raw> for Node {
    fn from(raw: Raw) -> Self {
        let loc = raw.0.referenced;
        let span = loc.span();
        let start = span.byte_offset().and_then(|o| usize::try_from(o).ok()).unwrap_or(0);
        let len = span.byte_len().and_then(|o| usize::try_from(o).ok()).unwrap_or(0);
        Node { span: Span::new(start, start + len), kind: raw.0.value.0 }
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde_saphyr::Spanned::<RawKind>::deserialize(d).map(Raw)
    }
}

impl<'de> Deserialize<'de> for RawKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(KindVisitor).map(RawKind)
    }
}

struct KindVisitor;

impl<'de> Visitor<'de> for KindVisitor {
    type Value = NodeKind;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<NodeKind, E> {
        Ok(NodeKind::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<NodeKind, E> {
        Ok(NodeKind::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<NodeKind, E> {
        Ok(i64::try_from(v).map_or(NodeKind::Str(v.to_string()), NodeKind::Int))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<NodeKind, E> {
        Ok(NodeKind::Str(v.to_string()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<NodeKind, E> {
        Ok(NodeKind::Str(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<NodeKind, E> {
        Ok(NodeKind::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<NodeKind, E> {
        Ok(NodeKind::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<NodeKind, E> {
        Ok(NodeKind::Str(v))
    }
    fn visit_char<E: de::Error>(self, v: char) -> Result<NodeKind, E> {
        Ok(NodeKind::Str(v.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<NodeKind, E> {
        Ok(NodeKind::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<NodeKind, E> {
        Ok(NodeKind::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<NodeKind, D::Error> {
        RawKind::deserialize(d).map(|k| k.0)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<NodeKind, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Raw>()? {
            items.push(item.into());
        }
        Ok(NodeKind::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NodeKind, A::Error> {
        let mut entries = Vec::new();
        while let Some((k, v)) = map.next_entry::<Raw, Raw>()? {
            entries.push((k.into(), v.into()));
        }
        Ok(NodeKind::Map(entries))
    }
}

/// A YAML syntax error (or a budget breach), with where it is when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What the YAML library said, first line only.
    pub message: String,
    /// Byte offset in the whole file, when known.
    pub offset: Option<usize>,
}

/// Parses `yaml` (which starts at byte `base` of its file) into a node tree.
///
/// Aliases, nesting depth, node count and scalar size are bounded by a budget, so an
/// alias bomb or a deeply nested document fails fast with an error instead of eating memory.
pub fn parse(yaml: &str, base: usize) -> Result<Node, YamlError> {
    if let Some(node) = super::yaml_fast::parse(yaml, base) {
        return Ok(node);
    }
    parse_full(yaml, base)
}

/// [`parse`] without the fast path: serde-saphyr for the whole document.
pub fn parse_full(yaml: &str, base: usize) -> Result<Node, YamlError> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: 200_000,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_depth: 32,
            max_nodes: 100_000,
            max_total_scalar_bytes: 16 * 1024 * 1024,
            max_recorded_anchor_events: 20_000,
            max_recorded_anchor_bytes: 1024 * 1024,
        },
    };
    match serde_saphyr::from_str_with_options::<Raw>(yaml, options) {
        Ok(raw) => {
            let mut node: Node = raw.into();
            node.shift(base);
            Ok(node)
        }
        Err(err) => {
            let offset =
                err.location()
                    .and_then(|l| {
                        l.span().byte_offset().and_then(|o| usize::try_from(o).ok()).or_else(|| {
                            offset_of(yaml, usize::try_from(l.line()).ok()?, usize::try_from(l.column()).ok()?)
                        })
                    })
                    .map(|o| o + base);
            let text = err.to_string();
            let first = text.lines().next().unwrap_or("invalid YAML").trim();
            // Drop the library's own "line 3 column 22: " prefix: the diagnostic shows the place.
            let message = match first.strip_prefix("error: ").unwrap_or(first).split_once(": ") {
                Some((place, rest)) if place.starts_with("line ") => rest.to_owned(),
                _ => first.strip_prefix("error: ").unwrap_or(first).to_owned(),
            };
            Err(YamlError { message, offset })
        }
    }
}

/// Byte offset of a 1-based line and character column in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let mut start = 0;
    for _ in 1..line {
        start += text.get(start..)?.find('\n')? + 1;
    }
    let rest = text.get(start..)?;
    let within = rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(i, _)| i);
    Some(start + within)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::format_push_string)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_at_values() {
        let y = "body: Rådet\ndate: 2020-10-19\nattendees:\n  - { name: Åsa, org: KS }\n";
        let n = parse(y, 4).unwrap_or_else(|e| panic!("{e:?}"));
        let NodeKind::Map(entries) = &n.kind else { panic!("not a map") };
        let (k, v) = &entries[1];
        assert_eq!(&y[k.span.start - 4..k.span.end - 4], "date");
        assert_eq!(&y[v.span.start - 4..v.span.end - 4], "2020-10-19");
        assert_eq!(v.kind, NodeKind::Str("2020-10-19".into()));
        let NodeKind::Seq(list) = &entries[2].1.kind else { panic!("no list") };
        let NodeKind::Map(att) = &list[0].kind else { panic!("no map") };
        assert_eq!(&y[att[0].1.span.start - 4..att[0].1.span.end - 4], "Åsa");
    }

    #[test]
    fn numbers_and_times() {
        let n = parse("date: 20201019\ntime: 13:00-15:00\nt2: 13:00\n", 0).unwrap_or_else(|e| panic!("{e:?}"));
        let NodeKind::Map(e) = n.kind else { panic!() };
        assert_eq!(e[0].1.kind, NodeKind::Int(20_201_019));
        assert!(matches!(e[1].1.kind, NodeKind::Str(_)));
        assert!(matches!(e[2].1.kind, NodeKind::Str(_)), "{:?}", e[2].1.kind);
    }

    #[test]
    fn alias_bomb_is_stopped() {
        let mut y = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for c in 'b'..='k' {
            y.push_str(&format!(
                "{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
            prev = c;
        }
        assert!(parse(&y, 0).is_err());
    }
}
