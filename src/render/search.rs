//! The full-text search index: sharded script files that work from `file://`.
//!
//! A browser cannot `fetch` from `file://`, but it runs `<script src>`; so the index is a set
//! of small JavaScript files, each calling one registration function of
//! `themes/default/assets/search.js` with a JSON payload (JSONP style), loaded on demand:
//!
//! - `search/meta.js`: the analyser's settings (language, stop words), the first key of
//!   every term shard, the bodies with their document ranges (`kommunstyrelsen budget`
//!   looks in that body), the document ranges of every year, month names.
//! - `search/terms/N.js`: a slice of the sorted vocabulary, about [`SHARD_BYTES`] each. Every
//!   key maps to `[df, postings]`: its document frequency and its postings (document ids in
//!   order, each with a quantised BM25 weight), packed into a string. A one-word query loads
//!   one shard.
//! - `search/docs/N.js`: what a result shows (body, date, § label and title, link, snippet)
//!   for documents `N*CHUNK ..`, loaded only for the results on screen.
//!
//! **Documents** are every § of every included protocol (its title and its text as the
//! reader of this build sees it, from [`view::paragraph_view`], so confidential text never
//! reaches a public index), every protocol (body, date, place, people present and absent,
//! their organisations, topics, preamble), and every person, organisation, topic and body.
//! Ids are given body by body, each body's meetings oldest first, so a body and a year of a
//! body are ranges of ids.
//!
//! **Keys**: text → NFC → words (runs of letters and digits) → lower case → words of one
//! character dropped → the diacritics the stemmer does not know removed (in Swedish all but
//! å ä ö: "Müller" → "muller") → stop words dropped → Snowball stem (Swedish or English, the
//! site's language; Swedish also loses the definite "-et") → å ä ö folded to a a o.
//! Stemming makes "biblioteket", "biblioteken" and "Bibliotek" one key; folding after
//! stemming (the Swedish stemmer needs å ä ö) makes "Sätila" and "Satila" one key, at the
//! price of merging the few Swedish words that differ only in å ä ö ("får"/"far").
//! search.js does exactly the same to a query (its stemmers are ports of these).
//!
//! **Weights**: BM25 (k1 = 1.2, b = 0.75) with title words counted [`TITLE_WEIGHT`] times,
//! quantised to 1..=[`WEIGHT_LEVELS`]; the page multiplies by the idf from `df`. A term in
//! more than [`MAX_POSTINGS`] documents keeps only its best-weighted postings: it ranks
//! results but does not filter them.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::{PoisonError, RwLock};

use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::Page;
use super::i18n;
use super::view::{self, Paths, ProtocolView};
use crate::config::Language;
use crate::index::{Archive, FastMap};

/// Folder of the index in the output.
pub const DIR: &str = "search";
/// Documents per metadata chunk: `search/docs/N.js` holds ids `N*CHUNK .. (N+1)*CHUNK`.
pub const CHUNK: usize = 32;
/// A term shard is closed once its payload passes this many bytes.
pub const SHARD_BYTES: usize = 32 * 1024;
/// Most postings kept for one term (its best-weighted ones).
pub const MAX_POSTINGS: usize = 20_000;
/// Characters of text shown under a result, at most.
pub const SNIPPET_CHARS: usize = 160;
/// The highest quantised weight (weights are 1..=this).
pub const WEIGHT_LEVELS: u32 = 31;
/// How many times a word of a title counts.
pub const TITLE_WEIGHT: u32 = 3;
/// Longer words (in characters) are not indexed: they are codes or junk, not words.
pub const MAX_WORD_CHARS: usize = 40;
/// The version of the file format; search.js refuses other versions.
pub const FORMAT: u32 = 1;
/// What every index file calls: `window.__protokollSearch.<kind>(<JSON>);`.
pub const CALLBACK: &str = "window.__protokollSearch";

/// BM25's term-frequency saturation.
const K1: f64 = 1.2;
/// BM25's length normalisation.
const B: f64 = 0.75;

/// Digits of the packed postings: values 0–31 end a number, 32–63 continue it.
const DIGITS: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// Snowball's Swedish stop list (sorted: it is binary-searched).
#[rustfmt::skip]
const STOP_SV: &[&str] = &[
    "alla", "allt", "att", "av", "blev", "bli", "blir", "blivit", "de", "dem", "den", "denna", "deras", "dess",
    "dessa", "det", "detta", "dig", "din", "dina", "ditt", "du", "där", "då", "efter", "ej", "eller", "en", "er",
    "era", "ert", "ett", "från", "för", "ha", "hade", "han", "hans", "har", "henne", "hennes", "hon", "honom", "hur",
    "här", "i", "icke", "ingen", "inom", "inte", "jag", "ju", "kan", "kunde", "man", "med", "mellan", "men", "mig",
    "min", "mina", "mitt", "mot", "mycket", "ni", "nu", "när", "någon", "något", "några", "och", "om", "oss", "på",
    "samma", "sedan", "sig", "sin", "sina", "sitta", "själv", "skulle", "som", "så", "sådan", "sådana", "sådant",
    "till", "under", "upp", "ut", "utan", "vad", "var", "vara", "varför", "varit", "varje", "vars", "vart", "vem",
    "vi", "vid", "vilka", "vilkas", "vilken", "vilket", "vår", "våra", "vårt", "än", "är", "åt", "över",
];

/// Snowball's English stop list (without the contracted forms: apostrophes split words).
#[rustfmt::skip]
const STOP_EN: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "before", "being", "below", "between", "both", "but", "by", "could", "did", "do", "does",
    "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her",
    "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself",
    "me", "more", "most", "my", "myself", "no", "nor", "not", "of", "off", "on", "once", "only", "or", "other",
    "ought", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such",
    "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this",
    "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where",
    "which", "while", "who", "whom", "why", "with", "would", "you", "your", "yours", "yourself", "yourselves",
];

/// The path of the search page: `sok.html` / `search.html`.
#[must_use]
pub fn page_path(lang: Language) -> &'static str {
    if lang == Language::Sv { "sok.html" } else { "search.html" }
}

// ---------------------------------------------------------------------------------------
// Analysis: text → keys

/// Turns text into index keys, the same way search.js turns a query into keys.
pub struct Analyzer {
    stemmer: Stemmer,
    stop: &'static [&'static str],
    swedish: bool,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer").field("stop", &self.stop.len()).finish_non_exhaustive()
    }
}

impl Analyzer {
    /// The analyser of a site in `lang`.
    #[must_use]
    pub fn new(lang: Language) -> Self {
        match lang {
            Language::Sv => Self { stemmer: Stemmer::create(Algorithm::Swedish), stop: STOP_SV, swedish: true },
            Language::En => Self { stemmer: Stemmer::create(Algorithm::English), stop: STOP_EN, swedish: false },
        }
    }

    /// The stop words (lower case, sorted).
    #[must_use]
    pub fn stop_words(&self) -> &'static [&'static str] {
        self.stop
    }

    /// The key of one word (a run of letters and digits, as [`words`] gives), or `None` for
    /// a stop word, a one-character word or an overlong one.
    #[must_use]
    pub fn key(&self, word: &str) -> Option<String> {
        let lower = word.to_lowercase();
        let chars = lower.chars().count();
        if !(2..=MAX_WORD_CHARS).contains(&chars) {
            return None;
        }
        let plain = prefold(&lower, self.swedish);
        if self.stop.binary_search(&plain.as_ref()).is_ok() {
            return None;
        }
        let stem = self.stemmer.stem(&plain);
        let stem = if self.swedish { strip_definite_et(&stem) } else { &stem };
        Some(fold(stem))
    }

    /// The keys of the words of `text`, in order (repeats kept).
    #[must_use]
    pub fn keys(&self, text: &str) -> Vec<String> {
        let text = nfc(text);
        words(&text).filter_map(|w| self.key(w)).collect()
    }
}

/// Removes a final "-et" (the definite neuter: "biblioteket", "beslutet", "rådet") that
/// follows a consonant inside Snowball's region R1. The Swedish algorithm of rust-stemmers
/// (Snowball before 3.0) keeps it, so "biblioteket" would not find "bibliotek"; later
/// Snowball releases remove it under a similar condition. Applied after stemming, to the
/// index and (in search.js) to queries alike, so the rare word that merely ends in "et"
/// ("budget") loses it everywhere and still finds its own forms.
fn strip_definite_et(stem: &str) -> &str {
    let vowel = |c: char| "aeiouyäåö".contains(c);
    let chars: Vec<char> = stem.chars().collect();
    // R1 as Snowball's Swedish `mark_regions`: after the first non-vowel that follows a
    // vowel, and at least three letters in.
    let mut i = chars.iter().position(|&c| vowel(c)).unwrap_or(chars.len());
    while chars.get(i).is_some_and(|&c| vowel(c)) {
        i += 1;
    }
    if i >= chars.len() {
        return stem;
    }
    let p1 = (i + 1).max(3);
    let n = chars.len();
    let before = n.checked_sub(3).and_then(|j| chars.get(j)).copied();
    if stem.ends_with("et") && n >= p1 + 2 && before.is_some_and(|c| !vowel(c)) {
        stem.get(..stem.len() - 2).unwrap_or(stem)
    } else {
        stem
    }
}

/// The keys of `text` in a site of language `lang`.
#[must_use]
pub fn keys(lang: Language, text: &str) -> Vec<String> {
    Analyzer::new(lang).keys(text)
}

/// `text` in Unicode NFC (borrowed when it already is).
#[must_use]
pub fn nfc(text: &str) -> Cow<'_, str> {
    if !may_need_nfc(text.as_bytes()) || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    }
}

/// Whether the UTF-8 `b` may not be in NFC: every character below U+0300 is NFC-stable, and
/// so are the punctuation marks of U+2000–U+203F (dashes, quotes), so most text needs no
/// closer look (for the rest, [`nfc`] asks `is_nfc_quick`).
fn may_need_nfc(b: &[u8]) -> bool {
    b.iter().any(|&x| x >= 0xCC)
        && b.iter()
            .enumerate()
            .any(|(i, &x)| x == 0xCC || x == 0xCD || (x >= 0xE1 && !(x == 0xE2 && b.get(i + 1) == Some(&0x80))))
}

/// The words of `text`: maximal runs of letters and digits (Unicode `Alphabetic` or
/// `Numeric`, as `[\p{Alphabetic}\p{N}]` in JavaScript).
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty())
}

/// Calls `f` with every word of `text`, as [`words`] gives them (faster: ASCII byte by byte).
fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (word, len) = if b < 0x80 {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            let c = text.get(i..).and_then(|t| t.chars().next()).unwrap_or(' ');
            (is_word_char(c), c.len_utf8())
        };
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                f(text.get(s..i).unwrap_or(""));
                start = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some(s) = start {
        f(text.get(s..).unwrap_or(""));
    }
}

/// [`byte_class`]: an ASCII letter or digit, part of a word.
const WORD: u8 = 0;
/// [`byte_class`]: ASCII that separates words.
const SPACE: u8 = 1;
/// [`byte_class`]: a byte to look at closer (`<` and `&`, which start a tag or an entity in
/// HTML; a byte of a character that is not ASCII).
const OTHER: u8 = 2;

/// The [`byte_class`] of every byte, made at compile time.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut i = 0;
    while i < 0x80 {
        #[allow(clippy::cast_possible_truncation, reason = "i < 256")]
        let b = i as u8;
        #[allow(clippy::indexing_slicing, reason = "i < 0x80, at compile time")]
        let class = &mut t[i];
        *class = if b.is_ascii_alphanumeric() {
            WORD
        } else if b == b'<' || b == b'&' {
            OTHER
        } else {
            SPACE
        };
        i += 1;
    }
    t
};

/// What the tokenizer does with the byte `x` ([`WORD`], [`SPACE`] or [`OTHER`]): one load
/// from a table instead of a chain of comparisons, for every byte of the archive's text.
#[inline]
fn byte_class(x: u8) -> u8 {
    BYTE_CLASS.get(usize::from(x)).copied().unwrap_or(OTHER)
}

/// The index's tokenizer: calls `f` with every word of `nfc(text)` as [`for_each_word`]
/// gives them; with `html` (safe HTML, as the Markdown renderer writes it), with every word
/// of the text between its tags, entities decoded, as [`Collector::count_html`] finds them
/// run by run. In one pass over the bytes, without copying. It returns true; or false,
/// without calling `f`, for the rare text it leaves to that slow path: text that may not be
/// in NFC ([`may_need_nfc`]) and, with `html`, a numeric entity (`&#…;` may stand for a
/// letter or a combining mark). The other entities (`&amp;` `&lt;` `&gt;` `&quot;`
/// `&apos;` `&nbsp;`, and a bare `&`) all decode to characters that are not letters or
/// digits and do not compose, so here each is just a separator, and so is a tag.
///
/// Indexing runs every word of the archive through here (the slow path costs an NFC check,
/// a copy for entities and a `char` decode per byte): ASCII letters and digits are tested
/// byte by byte, and only other bytes are decoded into characters. `f` gets each word's
/// bytes (UTF-8) and its [`short_key`], read from the text in one load.
#[inline]
fn for_each_plain_word(text: &str, html: bool, mut f: impl FnMut(&[u8], Option<u128>)) -> bool {
    let b = text.as_bytes();
    // A pass without early exit, which the compiler vectorises: most text has no byte of
    // 0xCC or more and no '#', and needs no closer look.
    #[allow(clippy::needless_bitwise_bool, reason = "no branch a byte: vectorised")]
    let suspect = b.iter().fold(false, |s, &x| s | (x >= 0xCC) | (html & (x == b'#')));
    if suspect && (may_need_nfc(b) || (html && memchr::memmem::find(b, b"&#").is_some())) {
        return false;
    }
    let mut i = 0;
    loop {
        // Skip to the start of the next word.
        let start = loop {
            let Some(&x) = b.get(i) else { return true };
            match byte_class(x) {
                WORD => break i,
                SPACE => {
                    i += 1;
                    continue;
                }
                _ if x >= 0x80 && other_letter(text, i) > 0 => break i,
                _ => {}
            }
            i += match x {
                b'<' if html => tag(text.get(i..).unwrap_or("")).1,
                b'&' if html => entity(text.get(i..).unwrap_or("")).1,
                0..0x80 => 1,
                // The length of a character that is not a letter or digit.
                _ => text.get(i..).and_then(|t| t.chars().next()).map_or(1, char::len_utf8),
            };
        };
        // Find its end.
        loop {
            while b.get(i).is_some_and(|&x| byte_class(x) == WORD) {
                i += 1;
            }
            match other_letter(text, i) {
                0 => break,
                n => i += n,
            }
        }
        f(b.get(start..i).unwrap_or_default(), word_key(b, start, i));
    }
}

/// The length of the letter or digit at `text[i..]` that is not ASCII, or 0 for anything
/// else. The Latin-1 letters (0xC3 0x80–0xBF: À–ÿ but × and ÷; å ä ö é) without decoding.
#[allow(clippy::inline_always, reason = "with #[inline] it stays a call: 19 M instructions more at 1,000")]
#[inline(always)]
fn other_letter(text: &str, i: usize) -> usize {
    let b = text.as_bytes();
    match b.get(i) {
        Some(0xC3) if b.get(i + 1).is_some_and(|&y| y != 0x97 && y != 0xB7) => 2,
        Some(0xC3) => 0,
        Some(&x) if x >= 0x80 => {
            text.get(i..).and_then(|t| t.chars().next()).map_or(0, |c| if is_word_char(c) { c.len_utf8() } else { 0 })
        }
        _ => 0,
    }
}

/// The [`short_key`] of the word `b[start..end]`: the 16 bytes from its start in two
/// loads, the bytes after the word masked off; where `b` has them (a word at the very end
/// of `b` is copied).
fn word_key(b: &[u8], start: usize, end: usize) -> Option<u128> {
    let len = end.checked_sub(start).filter(|&n| (1..=16).contains(&n))?;
    let Some((lo, hi)) = b.get(start..).and_then(|r| r.first_chunk::<16>()).and_then(|w| w.split_first_chunk::<8>())
    else {
        return short_key(b.get(start..end)?);
    };
    let (lo, hi) = (u64::from_le_bytes(*lo), u64::from_le_bytes(<[u8; 8]>::try_from(hi).ok()?));
    // Shifts of 0..=56 bits: len is in 1..=16.
    let (lo, hi) =
        if len <= 8 { (lo & (u64::MAX >> (64 - 8 * len)), 0) } else { (lo, hi & (u64::MAX >> (128 - 8 * len))) };
    Some(u128::from(lo) | (u128::from(hi) << 64))
}

/// `char::is_alphanumeric`, with the letters of Latin-1 (å ä ö é ü) answered without a table.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || (!c.is_ascii() && (matches!(c, 'À'..='Ö' | 'Ø'..='ö' | 'ø'..='ÿ') || c.is_alphanumeric()))
}

/// Before stemming, the diacritics the stemmer does not know go: in Swedish all but those
/// of å ä ö (æ and ø are read as ä and ö), so "Müller" and "Muller" stem alike; in English
/// all (æ → ae).
fn prefold(lower: &str, swedish: bool) -> Cow<'_, str> {
    if lower.is_ascii() {
        return Cow::Borrowed(lower);
    }
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        match c {
            c if c.is_ascii() => out.push(c),
            'å' | 'ä' | 'ö' if swedish => out.push(c),
            'æ' if swedish => out.push('ä'),
            'ø' if swedish => out.push('ö'),
            'æ' => out.push_str("ae"),
            c => strip_char(c, &mut out),
        }
    }
    Cow::Owned(out)
}

/// After stemming, every diacritic goes: å ä → a, ö → o (see [`prefold`] for the rest).
#[must_use]
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() { out.push(c) } else { strip_char(c, &mut out) }
    }
    out
}

/// A letter without its diacritics: NFD with the combining marks dropped, or for letters
/// that do not decompose, ß → ss, ł → l, đ ð → d, œ → oe, ı → i, þ → th, æ → a, ø → o.
fn strip_char(c: char, out: &mut String) {
    match c {
        'ß' => out.push_str("ss"),
        'ł' => out.push('l'),
        'đ' | 'ð' => out.push('d'),
        'œ' => out.push_str("oe"),
        'ı' => out.push('i'),
        'þ' => out.push_str("th"),
        'æ' => out.push('a'),
        'ø' => out.push('o'),
        c => out.extend(std::iter::once(c).nfd().filter(|&m| !is_combining_mark(m))),
    }
}

// ---------------------------------------------------------------------------------------
// Plain text from the views' HTML

/// Appends the text of safe HTML (from the Markdown renderer) to `out`, until `out` has
/// `limit` bytes: tags dropped (a space for those that separate words), entities decoded.
fn html_text(html: &str, out: &mut String, limit: usize) {
    const INLINE: &[&str] =
        &["a", "abbr", "b", "code", "del", "em", "i", "ins", "mark", "s", "small", "span", "strong", "sub", "sup", "u"];
    let push = |out: &mut String, s: &str| {
        let mut end = limit.saturating_sub(out.len()).min(s.len());
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        out.push_str(s.get(..end).unwrap_or(""));
    };
    let mut rest = html;
    while let Some(i) = memchr::memchr2(b'<', b'&', rest.as_bytes()) {
        if out.len() >= limit {
            return;
        }
        push(out, rest.get(..i).unwrap_or(""));
        rest = rest.get(i..).unwrap_or("");
        if rest.starts_with('<') {
            let (name, len) = tag(rest);
            if !INLINE.iter().any(|t| t.eq_ignore_ascii_case(name)) {
                out.push(' ');
            }
            rest = rest.get(len..).unwrap_or("");
        } else {
            let (decoded, len) = entity(rest);
            push(out, &decoded);
            rest = rest.get(len..).unwrap_or("");
        }
    }
    push(out, rest);
}

/// The name of the tag at the start of `s` (which starts with `<`) and the tag's length
/// in bytes (quoted attribute values may hold `>`).
fn tag(s: &str) -> (&str, usize) {
    let bytes = s.as_bytes();
    let from = bytes.iter().skip(1).position(|&b| b != b'/' && b != b'!').map_or(1, |p| p + 1);
    let to = bytes.iter().skip(from).position(|b| !b.is_ascii_alphanumeric()).map_or(bytes.len(), |p| p + from);
    let name = s.get(from..to).unwrap_or("");
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return (name, i + 1),
            _ => {}
        }
    }
    (name, s.len())
}

/// The entity at the start of `s` (which starts with `&`), decoded, and its length.
fn entity(s: &str) -> (Cow<'static, str>, usize) {
    let end = s.char_indices().take(12).find(|&(_, c)| c == ';').map(|(i, _)| i);
    let Some(end) = end else { return (Cow::Borrowed("&"), 1) };
    let body = s.get(1..end).unwrap_or("");
    let named = match body {
        "amp" => Some("&"),
        "lt" => Some("<"),
        "gt" => Some(">"),
        "quot" => Some("\""),
        "apos" => Some("'"),
        "nbsp" => Some(" "),
        _ => None,
    };
    if let Some(t) = named {
        return (Cow::Borrowed(t), end + 1);
    }
    let code = if let Some(hex) = body.strip_prefix("#x").or_else(|| body.strip_prefix("#X")) {
        u32::from_str_radix(hex, 16).ok()
    } else {
        body.strip_prefix('#').and_then(|d| d.parse().ok())
    };
    match code.and_then(char::from_u32) {
        Some(c) => (Cow::Owned(c.to_string()), end + 1),
        None => (Cow::Borrowed("&"), 1),
    }
}

/// The first [`SNIPPET_CHARS`] characters of `text` (whitespace collapsed), cut at a word,
/// with "…" when cut.
fn snippet(text: &str) -> String {
    snippet_cut(text).0
}

/// [`snippet`], and whether it was cut.
fn snippet_cut(text: &str) -> (String, bool) {
    spaced_snippet(text).unwrap_or_else(|| words_snippet(text))
}

/// [`snippet_cut`], word by word: for any text (the fast [`spaced_snippet`] declines text
/// whose whitespace is not single spaces), and the reference the fast one is tested against.
fn words_snippet(text: &str) -> (String, bool) {
    let mut out = String::with_capacity(SNIPPET_CHARS * 2);
    let mut chars = 0;
    let mut cut = false;
    for w in text.split_ascii_whitespace() {
        let n = w.chars().count();
        if chars + usize::from(chars > 0) + n > SNIPPET_CHARS {
            cut = true;
            if chars == 0 {
                // One overlong word: cut it.
                out.extend(w.chars().take(SNIPPET_CHARS));
            }
            break;
        }
        if chars > 0 {
            out.push(' ');
            chars += 1;
        }
        out.push_str(w);
        chars += n;
    }
    if cut {
        let kept = out.trim_end_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation()).len();
        out.truncate(kept);
        out.push('…');
    }
    (out, cut)
}

/// [`snippet_cut`] of the usual text, whose words are one space apart (where it matters):
/// then the text is the snippet (less whitespace at its ends), and the cut is found by
/// counting characters, not words. `None` for other text.
///
/// Words one space apart up to character number `SNIPPET_CHARS` (from 0): the words
/// that end before it fit, the one it is in does not. If it is the space after a word,
/// that word just fits, and the next does not (if there is one: else `None`).
fn spaced_snippet(text: &str) -> Option<(String, bool)> {
    let t = text.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let b = t.as_bytes();
    let Some(q) = char_start(t, SNIPPET_CHARS) else {
        // Short enough: all of it.
        let t = t.trim_end_matches(|c: char| c.is_ascii_whitespace());
        return one_space_apart(t.as_bytes()).then(|| (t.to_owned(), false));
    };
    if !one_space_apart(b.get(..=q)?) {
        return None;
    }
    let keep = if b.get(q) == Some(&b' ') {
        if b.get(q..)?.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        q
    } else {
        // Up to the space before the word that does not fit; none: that word is the first,
        // and its first characters are kept.
        memchr::memrchr(b' ', b.get(..q)?).unwrap_or(q)
    };
    let mut out = t.get(..keep)?.trim_end_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation()).to_owned();
    out.push('…');
    Some((out, true))
}

/// Whether the ASCII whitespace in `b` is single spaces (no tab, line break, form feed,
/// and no two spaces in a row). One pass without early exit: the compiler vectorises it.
#[allow(clippy::needless_bitwise_bool, reason = "no branch a byte: vectorised")]
fn one_space_apart(b: &[u8]) -> bool {
    let pairs = b.iter().zip(b.iter().skip(1));
    let two = pairs.fold(false, |any, (&x, &y)| any | ((x == b' ') & (y == b' ')));
    let other = b.iter().fold(false, |any, &x| any | matches!(x, b'\t' | b'\n' | 0x0C | b'\r'));
    !two && !other
}

/// How many bytes of `b` start a character (are not `0b10xx_xxxx`): summed in bytes, 255
/// at most at a time, which the compiler vectorises sixteen or more bytes a step.
fn char_starts(b: &[u8]) -> usize {
    b.chunks(255).map(|c| usize::from(c.iter().fold(0u8, |n, &x| n + u8::from(x & 0xC0 != 0x80)))).sum()
}

/// The byte index of character number `n` (from 0) of `t`, if it has one. Counted in steps
/// of as many bytes as characters are still missing (a character has at least one byte):
/// counting the bytes that start a character in a slice is vectorised.
fn char_start(t: &str, n: usize) -> Option<usize> {
    let b = t.as_bytes();
    let (mut q, mut chars) = (0, 0);
    while chars < n {
        let need = n - chars;
        // Fewer bytes left than characters missing: there are fewer characters.
        let step = b.get(q..q + need)?;
        chars += char_starts(step);
        q += need;
    }
    // `t[..q]` holds `n` characters; `q` may be inside the last one.
    while !t.is_char_boundary(q) {
        q += 1;
    }
    (q < t.len()).then_some(q)
}

// ---------------------------------------------------------------------------------------
// Documents

/// What a result shows, stored in `search/docs/N.js` as a JSON array: `[0, m, label,
/// anchor, title, snippet]` for a § (`m`: its meeting, an index into the chunk's list of
/// meetings), `[1, m, snippet]` for a protocol, `[kind, title, url, snippet]` for a person
/// (2), organisation (3), topic (4) or body (5). Kept as the array's JSON after the kind and
/// meeting, made when the document is counted: one allocation a document, about the size
/// the file needs, until the chunks are written.
#[derive(Debug, Clone)]
struct Record {
    kind: u8,
    /// The meeting (index in the archive) of a § or protocol.
    meeting: Option<usize>,
    /// `,"…","…"]`: the strings, escaped, and the end of the array.
    tail: String,
}

impl Record {
    /// A § of meeting `meeting`.
    fn paragraph(meeting: usize, label: &str, anchor: &str, title: &str, snippet: &str) -> Self {
        Self { kind: 0, meeting: Some(meeting), tail: Self::tail(&[label, anchor, title, snippet]) }
    }

    /// The protocol of meeting `meeting`.
    fn meeting(meeting: usize, snippet: &str) -> Self {
        Self { kind: 1, meeting: Some(meeting), tail: Self::tail(&[snippet]) }
    }

    /// A person (2), organisation (3), topic (4) or body (5) page.
    fn entity(kind: u8, title: &str, url: &str, snippet: &str) -> Self {
        Self { kind, meeting: None, tail: Self::tail(&[title, url, snippet]) }
    }

    fn tail(strings: &[&str]) -> String {
        let mut out = String::with_capacity(strings.iter().map(|s| s.len() + 3).sum::<usize>() + 1);
        for s in strings {
            out.push(',');
            push_json_str(&mut out, s);
        }
        out.push(']');
        out
    }
}

/// A word of up to 16 bytes as one number: its bytes, little-endian, zero-padded. No word
/// holds a zero byte (NUL is not a letter), so different words give different numbers.
fn short_key(b: &[u8]) -> Option<u128> {
    let mut key = [0u8; 16];
    key.get_mut(..b.len())?.copy_from_slice(b);
    Some(u128::from_le_bytes(key))
}

/// One posting while building: a document and how often the term is in its title and text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Posting {
    doc: u32,
    title: u16,
    text: u16,
}

/// The postings of one term in one collector, in the order they were added, packed: for
/// each, the gap from the previous document (from 0 for the first; wrapping, so any order
/// reads back as written) and the two counts, each a LEB128 number. Mostly three bytes a
/// posting instead of eight: at 10,000 protocols there are millions of postings, held
/// until every document is counted.
#[derive(Debug, Default)]
struct PostingList {
    bytes: Vec<u8>,
    /// The document of the last posting.
    last: u32,
    /// How many postings.
    len: u32,
}

impl PostingList {
    fn push(&mut self, p: Posting) {
        let gap = p.doc.wrapping_sub(self.last);
        self.last = p.doc;
        self.len = self.len.saturating_add(1);
        if (gap | u32::from(p.title) | u32::from(p.text)) < 0x80 {
            // Almost every posting: three one-byte numbers.
            self.bytes.extend_from_slice(&[gap as u8, p.title as u8, p.text as u8]);
            return;
        }
        // At most 5 + 3 + 3 bytes; written to the stack, then appended at once.
        let mut buf = [0u8; 11];
        let mut n = leb128(&mut buf, 0, gap);
        n = leb128(&mut buf, n, u32::from(p.title));
        n = leb128(&mut buf, n, u32::from(p.text));
        self.bytes.extend_from_slice(buf.get(..n).unwrap_or(&[]));
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Calls `f` with the postings, as pushed, while it returns true; returns whether it
    /// saw them all. A plain loop: the index weighs millions of postings through it.
    #[inline]
    fn visit(&self, mut f: impl FnMut(Posting) -> bool) -> bool {
        let (mut at, mut doc) = (0, 0u32);
        while let Some((gap, title, text)) = read_posting(&self.bytes, &mut at) {
            doc = doc.wrapping_add(gap);
            if !f(Posting { doc, title, text }) {
                return false;
            }
        }
        true
    }
}

/// Writes `v` as LEB128 (seven bits a byte, least significant first, the high bit saying
/// "more follows") into `buf` at `at`; returns where it ended.
fn leb128(buf: &mut [u8], mut at: usize, mut v: u32) -> usize {
    while v >= 0x80 {
        if let Some(b) = buf.get_mut(at) {
            *b = (v & 0x7f) as u8 | 0x80;
        }
        at += 1;
        v >>= 7;
    }
    if let Some(b) = buf.get_mut(at) {
        *b = v as u8;
    }
    at + 1
}

/// The [`leb128`] number at `bytes[*at..]`, `at` moved past it; `None` at the end.
#[inline]
fn read_number(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut v = 0u32;
    let mut shift = 0u32;
    loop {
        let b = *bytes.get(*at)?;
        *at += 1;
        v |= u32::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
        if b < 0x80 {
            return Some(v);
        }
        shift += 7;
    }
}

/// The posting at `bytes[*at..]` (its document gap and counts), `at` moved past it.
#[inline]
fn read_posting(bytes: &[u8], at: &mut usize) -> Option<(u32, u16, u16)> {
    if let Some(&[gap, title, text]) = bytes.get(*at..*at + 3)
        && (gap | title | text) < 0x80
    {
        // Three one-byte numbers, as almost every posting is.
        *at += 3;
        return Some((u32::from(gap), u16::from(title), u16::from(text)));
    }
    let gap = read_number(bytes, at)?;
    // The counts were u16 when written.
    let title = u16::try_from(read_number(bytes, at)?).unwrap_or(u16::MAX);
    let text = u16::try_from(read_number(bytes, at)?).unwrap_or(u16::MAX);
    Some((gap, title, text))
}

/// Words of up to 16 bytes, by their [`short_key`] → local term id: open addressing with
/// linear probing in a table at most half full. It does what a `HashMap<u128, u32>` does
/// (every word of the archive is looked up here), with less work a lookup: one hash of a
/// number, and mostly one slot to compare. The hash is foldhash's, seeded per process, so
/// crafted words do not make long probe sequences.
#[derive(Default)]
struct WordTable {
    /// Keys and values; key 0 is an empty slot (no word has key 0). Empty, or a power of
    /// two long.
    slots: Vec<(u128, u32)>,
    len: usize,
    /// `64 - log2(slots.len())`: the hash shifted right by this is a slot (kept, not
    /// recomputed a lookup).
    shift: u32,
    hasher: foldhash::fast::RandomState,
}

impl WordTable {
    /// The slot `key` hashes to (the table is not empty): the high bits of the hash, which
    /// a multiply mixes best.
    fn home(&self, key: u128) -> usize {
        (std::hash::BuildHasher::hash_one(&self.hasher, key) >> self.shift) as usize
    }

    /// The value of `key` (not 0), if it was inserted. Terminates: at least half of the
    /// slots are empty.
    #[inline]
    fn get(&self, key: u128) -> Option<u32> {
        let n = self.slots.len();
        if n == 0 {
            return None;
        }
        let mut i = self.home(key);
        loop {
            let &(k, v) = self.slots.get(i)?;
            if k == key {
                return Some(v);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & (n - 1);
        }
    }

    /// Adds `key` (not 0, not in the table yet).
    fn insert(&mut self, key: u128, value: u32) {
        if (self.len + 1) * 2 > self.slots.len() {
            let size = (self.slots.len() * 2).max(1024);
            let old = std::mem::replace(&mut self.slots, vec![(0, 0); size]);
            self.shift = 64 - size.trailing_zeros();
            self.len = 0;
            for (k, v) in old.into_iter().filter(|&(k, _)| k != 0) {
                self.insert(k, v);
            }
        }
        let n = self.slots.len();
        let mut i = self.home(key);
        while let Some(slot) = self.slots.get_mut(i) {
            if slot.0 == 0 {
                *slot = (key, value);
                self.len += 1;
                return;
            }
            i = (i + 1) & (n - 1);
        }
    }
}

/// The keys of the words seen so far, by the word as written (`None`: not indexed), shared
/// by the collectors: each would otherwise analyse (lower-case, stem, fold) every word of
/// its run again, which costs thousands of instructions a word.
struct SharedKeys<'a> {
    analyzer: &'a Analyzer,
    keys: RwLock<FastMap<Box<[u8]>, Option<String>>>,
}

impl<'a> SharedKeys<'a> {
    /// No keys yet; words are analysed with `analyzer`.
    fn new(analyzer: &'a Analyzer) -> Self {
        Self { analyzer, keys: RwLock::default() }
    }

    /// The key of `word` (UTF-8: a word of a `str`), analysed once.
    fn key(&self, word: &[u8]) -> Option<String> {
        if let Some(key) = self.keys.read().unwrap_or_else(PoisonError::into_inner).get(word) {
            return key.clone();
        }
        // Analysed outside the lock: another thread may do the same word meanwhile, to the
        // same result.
        let key = self.analyzer.key(std::str::from_utf8(word).unwrap_or_default());
        self.keys.write().unwrap_or_else(PoisonError::into_inner).entry(word.into()).or_insert_with(|| key.clone());
        key
    }
}

/// Collects the postings and records of a run of documents (one per thread of work).
struct Collector<'a> {
    keys: &'a SharedKeys<'a>,
    /// A word as written → its local term id (`NONE`: not indexed): words of up to 16
    /// bytes (almost all) by [`short_key`], longer ones by their text. Every word of the
    /// archive is looked up here: hashing and comparing one number is several times
    /// cheaper than hashing a string and comparing it with `memcmp`.
    short_words: WordTable,
    long_words: FastMap<Box<[u8]>, u32>,
    /// Local term id → key.
    vocab: Vec<String>,
    key_ids: FastMap<String, u32>,
    postings: Vec<PostingList>,
    /// Counts of the document being added, by local term id.
    counts: Vec<(u16, u16)>,
    touched: Vec<u32>,
    /// (document, number of indexed words).
    lengths: Vec<(u32, u32)>,
    records: Vec<(u32, Record)>,
}

const NONE: u32 = u32::MAX;

impl<'a> Collector<'a> {
    /// An empty collector whose words take their keys from `keys`.
    fn new(keys: &'a SharedKeys<'a>) -> Self {
        Self {
            keys,
            short_words: WordTable::default(),
            long_words: FastMap::default(),
            vocab: Vec::new(),
            key_ids: FastMap::default(),
            postings: Vec::new(),
            counts: Vec::new(),
            touched: Vec::new(),
            lengths: Vec::new(),
            records: Vec::new(),
        }
    }

    /// Counts one word of the document being added (its bytes and [`short_key`]); returns 1
    /// if it is indexed, else 0. Inlined into the tokenizer's loop: it runs for every word.
    #[allow(clippy::inline_always, reason = "with #[inline] it stays a call: 45 M instructions more at 1,000")]
    #[inline(always)]
    fn count_word(&mut self, word: &[u8], key: Option<u128>, title: bool) -> u32 {
        let known = match key {
            Some(k) => self.short_words.get(k),
            None => self.long_words.get(word).copied(),
        };
        let id = match known {
            Some(id) => id,
            None => self.new_word(word, key),
        };
        let Some(c) = self.counts.get_mut(id as usize) else { return 0 };
        if *c == (0, 0) {
            self.touched.push(id);
        }
        if title {
            c.0 = c.0.saturating_add(1);
        } else {
            c.1 = c.1.saturating_add(1);
        }
        1
    }

    /// The local term id of a word not seen before (`NONE`: not indexed): its key analysed,
    /// the key's id (a new one for a new key), remembered for the word. Cold and out of
    /// line: most words were seen before, and the loop that counts them stays small.
    #[cold]
    #[inline(never)]
    fn new_word(&mut self, word: &[u8], key: Option<u128>) -> u32 {
        let id = self.keys.key(word).map_or(NONE, |key| {
            if let Some(&id) = self.key_ids.get(&key) {
                return id;
            }
            let id = u32::try_from(self.vocab.len()).unwrap_or(NONE - 1);
            self.key_ids.insert(key.clone(), id);
            self.vocab.push(key);
            self.postings.push(PostingList::default());
            self.counts.push((0, 0));
            id
        });
        match key {
            Some(k) => self.short_words.insert(k, id),
            None => {
                self.long_words.insert(word.into(), id);
            }
        }
        id
    }

    /// Counts the words of `text` (title or not); returns how many were indexed.
    fn count(&mut self, text: &str, title: bool) -> u32 {
        let mut n = 0;
        if !for_each_plain_word(text, false, |w, k| n += self.count_word(w, k, title)) {
            for_each_word(&nfc(text), |w| n += self.count_word(w.as_bytes(), short_key(w.as_bytes()), title));
        }
        n
    }

    /// Counts the words of safe HTML: the text between tags, entities decoded. (A tag
    /// inside a word splits it; Markdown puts emphasis and links around whole words.)
    fn count_html(&mut self, html: &str) -> u32 {
        let mut n = 0;
        if for_each_plain_word(html, true, |w, k| n += self.count_word(w, k, false)) {
            return n;
        }
        // Text that may need NFC, or with numeric entities: decoded run by run.
        let mut rest = html;
        loop {
            let end = memchr::memchr(b'<', rest.as_bytes()).unwrap_or(rest.len());
            let text = rest.get(..end).unwrap_or("");
            let mut decoded = String::with_capacity(text.len());
            let mut t = text;
            while let Some(i) = memchr::memchr(b'&', t.as_bytes()) {
                decoded.push_str(t.get(..i).unwrap_or(""));
                let (d, len) = entity(t.get(i..).unwrap_or(""));
                decoded.push_str(&d);
                t = t.get(i + len..).unwrap_or("");
            }
            decoded.push_str(t);
            n += self.count(&decoded, false);
            let Some(after) = rest.get(end..).filter(|r| !r.is_empty()) else { break };
            let (_, len) = tag(after);
            rest = after.get(len..).unwrap_or("");
        }
        n
    }

    /// Ends the document `doc` (whose words were counted since the last one) of `len` words.
    fn finish(&mut self, doc: u32, len: u32, record: Record) {
        for id in self.touched.drain(..) {
            let Some(c) = self.counts.get_mut(id as usize) else { continue };
            let (t, x) = std::mem::take(c);
            if let Some(p) = self.postings.get_mut(id as usize) {
                p.push(Posting { doc, title: t, text: x });
            }
        }
        self.lengths.push((doc, len));
        self.records.push((doc, record));
    }

    /// Frees what only counting needs (the words seen and their ids, the counts of the
    /// document being added), keeping the terms and their postings for the merge: at
    /// 10,000 protocols tens of megabytes, which the merge then reuses.
    fn counted(&mut self) {
        self.short_words = WordTable::default();
        self.long_words = FastMap::default();
        self.key_ids = FastMap::default();
        self.counts = Vec::new();
        self.touched = Vec::new();
    }

    /// Adds a document of plain text: its title, its text (pieces), and what its result shows.
    fn add(&mut self, doc: u32, title: &str, text: &[&str], record: Record) {
        let mut len = self.count(title, true);
        for t in text {
            len += self.count(t, false);
        }
        self.finish(doc, len, record);
    }
}

/// The snippet of a §: the start of its intro, else of its sections.
fn paragraph_snippet(v: &view::ParagraphView) -> String {
    intro_snippet(&v.intro_html).unwrap_or_else(|| snippet(&paragraph_text(v)))
}

/// The plain text a §'s snippet is cut from: the start of its intro, or when that has no
/// text, of its sections.
fn paragraph_text(v: &view::ParagraphView) -> String {
    let limit = SNIPPET_CHARS * 4;
    let mut text = String::new();
    html_text(&v.intro_html, &mut text, limit);
    if text.trim().is_empty() {
        text.clear();
        for sec in &v.sections {
            html_text(&sec.body_html, &mut text, limit);
            text.push(' ');
        }
    }
    text
}

/// The snippet [`paragraph_snippet`] finds for the intro `html`, when the intro's first
/// run of text decides it (as it mostly does): taken from `html` itself, without making
/// its text with [`html_text`]. That text (cut at `4 * SNIPPET_CHARS` bytes) starts with
/// what a first tag leaves (a space or nothing) and then this run, up to the next tag or
/// entity; so the run, if need be cut at a character short of the limit, is a prefix of
/// it, give or take a leading space. If a prefix's snippet is cut, it is the whole text's:
/// the words before the one that does not fit are the same, and that word is as long or
/// longer in the whole text. Not cut, it is the whole text's when nothing but tags and
/// whitespace follow the run. (The intro is not blank if the run has a visible character.)
fn intro_snippet(html: &str) -> Option<String> {
    let rest = if html.starts_with('<') { html.get(tag(html).1..)? } else { html };
    let end = memchr::memchr2(b'<', b'&', rest.as_bytes()).unwrap_or(rest.len());
    let mut cut_at = end.min(SNIPPET_CHARS * 4 - 1);
    while !rest.is_char_boundary(cut_at) {
        cut_at -= 1;
    }
    let run = rest.get(..cut_at)?;
    if run.trim().is_empty() {
        return None;
    }
    let (snippet, cut) = snippet_cut(run);
    (cut || (cut_at == end && only_tags_and_space(rest.get(end..)?))).then_some(snippet)
}

/// Whether `html` is nothing but tags and ASCII whitespace (no text, no entity).
fn only_tags_and_space(html: &str) -> bool {
    let mut rest = html.trim_start_matches(|c: char| c.is_ascii_whitespace());
    while rest.starts_with('<') {
        rest = rest.get(tag(rest).1..).unwrap_or("").trim_start_matches(|c: char| c.is_ascii_whitespace());
    }
    rest.is_empty()
}

/// Indexes one meeting: its protocol document, then its paragraphs. (Out of line here and
/// below: a profile shows each step of the index by name.)
#[inline(never)]
fn add_meeting(
    c: &mut Collector<'_>,
    archive: &Archive<'_>,
    internal: bool,
    views: Option<&[ProtocolView]>,
    first_doc: u32,
    mi: usize,
) {
    let Some(m) = archive.meetings.get(mi) else { return };
    let Some(p) = archive.site.protocols.get(m.protocol) else { return };
    let Some(body) = archive.bodies.get(m.body) else { return };
    let lang = archive.site.config.site.language;
    let front = p.front.as_ref();

    // The protocol: body and date (its title), place, people, organisations, topics, preamble.
    let title = format!("{} {}", body.name, i18n::date(lang, m.date));
    let mut people = String::new();
    for a in p.attendees().iter().chain(p.absent()) {
        for v in [a.name.as_ref(), a.org.as_ref()].into_iter().flatten() {
            people.push_str(&v.value);
            people.push('\n');
        }
    }
    let location = front.and_then(|f| f.location.as_ref()).map_or("", |l| l.value.as_str());
    let tags: String =
        front.map(|f| f.tags.iter().map(|t| t.value.as_str()).collect::<Vec<_>>().join("\n")).unwrap_or_default();
    let view = match views.and_then(|v| v.get(mi)) {
        Some(v) => Cow::Borrowed(v),
        None => Cow::Owned(view::protocol_view(archive.site, p, internal)),
    };
    let mut preamble = String::new();
    html_text(&view.preamble_html, &mut preamble, usize::MAX);
    let range = view::range(p);
    let facts: Vec<&str> = [range.as_str(), location].into_iter().filter(|s| !s.is_empty()).collect();
    let snip = if preamble.trim().is_empty() { facts.join(" · ") } else { snippet(&preamble) };
    c.add(first_doc, &title, &[location, &people, &tags, &preamble], Record::meeting(mi, &snip));

    for (i, v) in view.paragraphs.iter().enumerate() {
        let mut len = c.count(&v.title, true);
        len += c.count_html(&v.intro_html);
        for s in &v.sections {
            len += c.count(&s.title, false);
            len += c.count_html(&s.body_html);
        }
        if let Some(dnr) = &v.dnr {
            len += c.count(dnr, false);
        }
        let doc = first_doc + 1 + u32::try_from(i).unwrap_or(0);
        let snippet = paragraph_snippet(v);
        c.finish(doc, len, Record::paragraph(mi, &v.label, &v.anchor, &v.title, &snippet));
    }
}

// ---------------------------------------------------------------------------------------
// The index

/// A key and its postings, packed.
#[derive(Debug)]
struct Term {
    key: String,
    /// In how many documents the key is (before truncation).
    df: usize,
    postings: String,
}

/// `K1 * norm` in BM25 for a document of `len` words, `avg` the mean: the part of a
/// posting's weight that depends on its document only, computed once a document.
fn k1_norm(len: u32, avg: f64) -> f64 {
    let norm = 1.0 - B + B * f64::from(len) / avg.max(1.0);
    K1 * norm
}

/// BM25 weight of a posting in a document of [`k1_norm`] `k1_norm`, quantised to
/// 1..=[`WEIGHT_LEVELS`].
fn weight(p: Posting, k1_norm: f64) -> u32 {
    let tf = f64::from(u32::from(p.title) * TITLE_WEIGHT + u32::from(p.text));
    let bm25 = tf * (K1 + 1.0) / (tf + k1_norm);
    // In 0..WEIGHT_LEVELS by construction (bm25 < K1 + 1).
    let scaled = bm25 / (K1 + 1.0) * f64::from(WEIGHT_LEVELS);
    // `scaled.ceil()`, without the call into libm that `ceil` is on this target, for every
    // posting.
    #[allow(clippy::cast_sign_loss, reason = "0 <= scaled < WEIGHT_LEVELS")]
    let floor = scaled as u32;
    let level = if f64::from(floor) < scaled { floor.saturating_add(1) } else { floor };
    level.clamp(1, WEIGHT_LEVELS)
}

/// Appends `v` in the packed form: five bits a digit, least significant first, digits
/// 32–63 saying "more follows".
fn vlq(out: &mut Vec<u8>, mut v: u32) {
    loop {
        let d = (v & 31) as usize;
        v >>= 5;
        let digit = if v == 0 { d } else { d | 32 };
        out.push(DIGITS.get(digit).copied().unwrap_or(b'0'));
        if v == 0 {
            break;
        }
    }
}

/// Packs postings (document, weight), sorted by document: the gap from the previous
/// document, then one digit of weight.
fn pack(postings: &[(u32, u32)]) -> String {
    let mut out = Vec::with_capacity(postings.len() * 3);
    let mut prev = 0;
    for &(doc, w) in postings {
        vlq(&mut out, doc - prev);
        out.push(DIGITS.get(w as usize).copied().unwrap_or(b'1'));
        prev = doc;
    }
    // DIGITS are ASCII.
    String::from_utf8(out).unwrap_or_default()
}

/// JSON of `value`, with `<` written `\u003c`: the files are loaded with `<script src>`,
/// where `</script>` means nothing, but a theme that inlines one stays safe.
fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    // Serialising strings, numbers and tuples of them cannot fail.
    let s = serde_json::to_string(value).unwrap_or_default();
    if s.contains('<') { s.replace('<', "\\u003c") } else { s }
}

/// The term `key` with its postings, which `from` lists as (collector, local term id),
/// collectors in document order: weighed, cut to the `max_postings` best, packed.
#[inline(never)]
fn weigh_term(
    key: &str,
    from: &[(usize, usize)],
    collectors: &[Collector<'_>],
    k1_norms: &[f64],
    max_postings: usize,
) -> Term {
    let lists: Vec<&PostingList> = from.iter().filter_map(|&(ci, li)| collectors.get(ci)?.postings.get(li)).collect();
    let weigh = |p: Posting| weight(p, k1_norms.get(p.doc as usize).copied().unwrap_or(K1 * (1.0 - B)));
    let df: usize = lists.iter().map(|l| l.len as usize).sum();
    if df <= max_postings {
        // All of them: weighed and packed in one pass, as `pack` does. Collectors hold runs
        // of documents in order, so the postings are sorted (checked on the way).
        let mut out = Vec::with_capacity(df * 3);
        let mut prev = 0;
        let sorted = lists.iter().all(|l| {
            l.visit(|p| {
                let Some(gap) = p.doc.checked_sub(prev) else { return false };
                vlq(&mut out, gap);
                out.push(DIGITS.get(weigh(p) as usize).copied().unwrap_or(b'1'));
                prev = p.doc;
                true
            })
        });
        if sorted {
            // DIGITS are ASCII.
            return Term { key: key.to_owned(), df, postings: String::from_utf8(out).unwrap_or_default() };
        }
    }
    let mut weighted: Vec<(u32, u32)> = Vec::with_capacity(df);
    for l in &lists {
        l.visit(|p| {
            weighted.push((p.doc, weigh(p)));
            true
        });
    }
    weighted.sort_unstable_by_key(|w| w.0);
    let df = weighted.len();
    if weighted.len() > max_postings {
        // The best-weighted, the newest first among equals.
        weighted.select_nth_unstable_by(max_postings - 1, |a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
        weighted.truncate(max_postings);
        weighted.sort_unstable_by_key(|w| w.0);
    }
    Term { key: key.to_owned(), df, postings: pack(&weighted) }
}

/// `search/docs/N.js`: the records of documents `N*CHUNK ..` (`chunk`), written as
/// `serde_json` writes these tuples (the JSON of every document of the archive is written
/// here: directly, not through serde's generic path).
#[inline(never)]
fn docs_page(archive: &Archive<'_>, i: usize, chunk: &[Option<Record>]) -> Page {
    let mut meetings: Vec<usize> = Vec::new();
    let mut local = |mi: usize| {
        meetings.iter().position(|&x| x == mi).unwrap_or_else(|| {
            meetings.push(mi);
            meetings.len() - 1
        })
    };
    let mut docs = String::with_capacity(chunk.len() * 256);
    for (j, r) in chunk.iter().enumerate() {
        if j > 0 {
            docs.push(',');
        }
        let Some(r) = r else {
            docs.push_str("null");
            continue;
        };
        let _ = write!(docs, "[{}", r.kind);
        if let Some(m) = r.meeting {
            let _ = write!(docs, ",{}", local(m));
        }
        docs.push_str(&r.tail);
    }
    let mut content = String::with_capacity(docs.len() + meetings.len() * 48 + 64);
    let _ = write!(content, "{CALLBACK}.docs({{\"id\":{i},\"m\":[");
    for (k, m) in meetings.iter().filter_map(|&mi| archive.meetings.get(mi)).enumerate() {
        let _ = write!(content, "{}[{},", if k > 0 { "," } else { "" }, m.body);
        push_json_str(&mut content, &m.date.to_string());
        content.push(',');
        push_json_str(&mut content, &m.slug);
        content.push(']');
    }
    content.push_str("],\"d\":[");
    content.push_str(&docs);
    content.push_str("]});\n");
    Page { path: format!("{DIR}/docs/{i}.js"), content: content.into_bytes() }
}

/// Appends `s` as a JSON string, escaped as `serde_json` escapes it (`"` `\\` and control
/// characters; `\n` and the like in short form, the rest as `\u00XX`), with `<` written
/// `\u003c` as in [`json`].
fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    let b = s.as_bytes();
    // Control characters are rare: one pass without early exit (vectorised) rules them
    // out, and then `memchr3` finds the other three, sixteen or more bytes at a time.
    #[allow(clippy::needless_bitwise_bool, reason = "no branch a byte: vectorised")]
    let control = b.iter().fold(false, |c, &x| c | (x < 0x20));
    let next = |rest: &str| {
        if control {
            rest.bytes().position(|x| x < 0x20 || x == b'"' || x == b'\\' || x == b'<')
        } else {
            memchr::memchr3(b'"', b'\\', b'<', rest.as_bytes())
        }
    };
    let mut rest = s;
    while let Some(i) = next(rest) {
        out.push_str(rest.get(..i).unwrap_or(""));
        let x = rest.as_bytes().get(i).copied().unwrap_or(b' ');
        match x {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'<' => out.push_str("\\u003c"),
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            b'\r' => out.push_str("\\r"),
            0x08 => out.push_str("\\b"),
            0x0C => out.push_str("\\f"),
            _ => {
                let _ = write!(out, "\\u{x:04x}");
            }
        }
        rest = rest.get(i + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out.push('"');
}

/// `n` as a document id or count (an archive has fewer than 2³² documents; saturates).
fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The search index files of the archive: `search/meta.js`, `search/terms/N.js`,
/// `search/docs/N.js`.
#[must_use]
pub fn files(archive: &Archive<'_>, internal: bool) -> Vec<Page> {
    files_with_views(archive, internal, None)
}

/// [`files`], reusing paragraph views already rendered for this build: `views[m]` holds
/// the views of the paragraphs of `archive.meetings[m]`, made by
/// [`view::paragraph_view`] with the same `internal` (the pages render them anyway; the
/// Markdown is then rendered once). Missing views are rendered here.
#[must_use]
pub fn files_with_views(archive: &Archive<'_>, internal: bool, views: Option<&[ProtocolView]>) -> Vec<Page> {
    files_with(archive, internal, views, Limits::default())
}

/// The sizes an index is cut to. Builds use [`Limits::default`]; tests make them small.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Most postings kept for one term.
    pub max_postings: usize,
    /// A term shard is closed once its payload passes this many bytes.
    pub shard_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self { max_postings: MAX_POSTINGS, shard_bytes: SHARD_BYTES }
    }
}

/// [`files_with_views`], cut to `limits`.
#[must_use]
pub fn files_with(archive: &Archive<'_>, internal: bool, views: Option<&[ProtocolView]>, limits: Limits) -> Vec<Page> {
    let pages = std::sync::Mutex::new(Vec::new());
    let _ = each_file(archive, internal, views, limits, &|page: Page| -> Result<(), std::convert::Infallible> {
        pages.lock().unwrap_or_else(PoisonError::into_inner).push(page);
        Ok(())
    });
    let mut pages = pages.into_inner().unwrap_or_else(PoisonError::into_inner);
    // The order [`each_file`] makes them in (the document chunks are made in parallel):
    // term shards, the meta file, document chunks, each by number.
    pages.sort_by_cached_key(|p| {
        let group = if p.path.starts_with(&format!("{DIR}/terms/")) {
            0
        } else if p.path.starts_with(&format!("{DIR}/docs/")) {
            2
        } else {
            1
        };
        let n: usize =
            p.path.rsplit('/').next().and_then(|f| f.strip_suffix(".js")).and_then(|n| n.parse().ok()).unwrap_or(0);
        (group, n)
    });
    pages
}

/// The search index files, each handed to `sink` as soon as it is made, so that they are
/// not all held at once (at 10,000 protocols the index is some 50 MB): the document
/// chunks (in parallel, in any order) once the documents are counted, then the term
/// shards in order, then `search/meta.js`. `views` as for [`files_with_views`].
///
/// # Errors
/// The first error of `sink`; nothing more is made after it.
pub fn each_file<E: Send>(
    archive: &Archive<'_>,
    internal: bool,
    views: Option<&[ProtocolView]>,
    limits: Limits,
    sink: &(dyn Fn(Page) -> Result<(), E> + Sync),
) -> Result<(), E> {
    let max_postings = limits.max_postings.max(1);
    let lang = archive.site.config.site.language;
    let analyzer = Analyzer::new(lang);
    let keys = SharedKeys::new(&analyzer);
    let paths = Paths { lang };

    // Bodies, people, organisations and topics first.
    let mut entities = Collector::new(&keys);
    let mut doc: u32 = 0;
    let mut body_docs = Vec::new();
    for b in &archive.bodies {
        let prefix = b.config.as_ref().and_then(|c| c.prefix.clone()).unwrap_or_default();
        let url = format!("{}/index.html", b.slug);
        let record = Record::entity(5, &b.name, &url, "");
        entities.add(doc, &b.name, &[&prefix], record);
        body_docs.push(doc);
        doc += 1;
    }
    for p in &archive.people {
        let org = p.org.clone().unwrap_or_default();
        let url = format!("{}/{}.html", paths.people_dir(), p.slug);
        entities.add(doc, &p.name, &[&org], Record::entity(2, &p.name, &url, &org));
        doc += 1;
    }
    for o in &archive.orgs {
        let url = format!("{}/{}.html", paths.orgs_dir(), o.slug);
        entities.add(doc, &o.name, &[], Record::entity(3, &o.name, &url, ""));
        doc += 1;
    }
    for t in &archive.tags {
        let url = format!("{}/{}.html", paths.tags_dir(), t.slug);
        entities.add(doc, &t.name, &[], Record::entity(4, &t.name, &url, ""));
        doc += 1;
    }

    // Then the meetings, body by body, oldest first: a protocol document and its §.
    let mut tasks: Vec<(u32, usize)> = Vec::new();
    let mut body_ranges = Vec::new();
    let mut year_ranges: std::collections::BTreeMap<String, Vec<[u32; 2]>> = std::collections::BTreeMap::new();
    for b in &archive.bodies {
        let start = doc;
        let mut year: Option<(i16, u32)> = None;
        for &mi in &b.meetings {
            let Some(m) = archive.meetings.get(mi) else { continue };
            let Some(p) = archive.site.protocols.get(m.protocol) else { continue };
            let y = m.date.year();
            match year {
                Some((current, _)) if current == y => {}
                Some((current, from)) => {
                    year_ranges.entry(current.to_string()).or_default().push([from, doc]);
                    year = Some((y, doc));
                }
                None => year = Some((y, doc)),
            }
            tasks.push((doc, mi));
            doc += 1 + u32_of(p.paragraphs.len());
        }
        if let Some((current, from)) = year {
            year_ranges.entry(current.to_string()).or_default().push([from, doc]);
        }
        body_ranges.push([start, doc]);
    }
    let total = doc as usize;
    let collectors: Vec<Collector<'_>> = tasks
        .par_iter()
        // Runs of meetings: each collector has its own cache of words.
        .with_min_len(64)
        .fold(
            || Collector::new(&keys),
            |mut c, &(first, mi)| {
                add_meeting(&mut c, archive, internal, views, first, mi);
                c
            },
        )
        .collect();

    // Merge the collectors: lengths and records by document, and for every key the
    // collectors (in document order) that hold postings of it.
    let mut collectors: Vec<Collector<'_>> = std::iter::once(entities).chain(collectors).collect();
    for c in &mut collectors {
        c.counted();
    }
    let mut lengths = vec![0u32; total];
    let mut records: Vec<Option<Record>> = (0..total).map(|_| None).collect();
    let mut ids: FastMap<&str, usize> = FastMap::default();
    let mut parts: Vec<(&str, Vec<(usize, usize)>)> = Vec::new();
    for c in &mut collectors {
        for (d, l) in std::mem::take(&mut c.lengths) {
            if let Some(x) = lengths.get_mut(d as usize) {
                *x = l;
            }
        }
        for (d, r) in std::mem::take(&mut c.records) {
            if let Some(x) = records.get_mut(d as usize) {
                *x = Some(r);
            }
        }
    }
    for (ci, c) in collectors.iter().enumerate() {
        for (li, (key, postings)) in c.vocab.iter().zip(&c.postings).enumerate() {
            if postings.is_empty() {
                continue;
            }
            if let Some(slot) = ids.get(key.as_str()).and_then(|&g| parts.get_mut(g)) {
                slot.1.push((ci, li));
            } else {
                ids.insert(key, parts.len());
                parts.push((key, vec![(ci, li)]));
            }
        }
    }
    drop(ids);

    // Document chunks, written now: the records go before the terms are made.
    records.par_chunks(CHUNK).enumerate().try_for_each(|(i, chunk)| sink(docs_page(archive, i, chunk)))?;
    drop(records);

    // Weigh, keep the best postings of common terms, pack; sort as JavaScript compares strings.
    let avg = lengths.iter().map(|&l| f64::from(l)).sum::<f64>() / f64::from(u32_of(total.max(1)));
    let k1_norms: Vec<f64> = lengths.iter().map(|&l| k1_norm(l, avg)).collect();
    let mut terms: Vec<Term> =
        parts.into_par_iter().map(|(key, from)| weigh_term(key, &from, &collectors, &k1_norms, max_postings)).collect();
    drop(collectors);
    terms.par_sort_unstable_by(|a, b| a.key.encode_utf16().cmp(b.key.encode_utf16()));

    // Term shards, each written straight into its file and handed on,
    // `CALLBACK.shard({"id":N,"t":{"key":[df,"postings"],…}});`.
    let mut firsts: Vec<String> = Vec::new();
    let mut shard = String::new();
    // Where the current shard's terms start in `shard`.
    let mut payload = 0;
    let close = |shard: &mut String, n: usize| {
        shard.push_str("}});\n");
        sink(Page { path: format!("{DIR}/terms/{n}.js"), content: std::mem::take(shard).into_bytes() })
    };
    for t in &terms {
        if shard.is_empty() {
            firsts.push(t.key.clone());
            let _ = write!(shard, "{CALLBACK}.shard({{\"id\":{},\"t\":{{", firsts.len() - 1);
            payload = shard.len();
        } else {
            shard.push(',');
        }
        push_json_str(&mut shard, &t.key);
        let _ = write!(shard, ":[{},\"{}\"]", t.df, t.postings);
        if shard.len() - payload >= limits.shard_bytes {
            close(&mut shard, firsts.len() - 1)?;
        }
    }
    if !shard.is_empty() {
        close(&mut shard, firsts.len() - 1)?;
    }
    drop(terms);

    // The meta file.
    let bodies: Vec<serde_json::Value> = archive
        .bodies
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let mut keys = analyzer.keys(&b.name);
            keys.sort();
            keys.dedup();
            let alias =
                b.config.as_ref().and_then(|c| c.prefix.as_deref()).map(|p| analyzer.keys(p)).unwrap_or_default();
            serde_json::json!({
                "name": b.name,
                "slug": b.slug,
                "keys": keys,
                "alias": alias,
                "doc": body_docs.get(i),
                "range": body_ranges.get(i),
            })
        })
        .collect();
    let months: Vec<String> =
        (1..=12).filter_map(|m| jiff::civil::Date::new(2000, m, 1).ok()).map(|d| i18n::month(lang, d)).collect();
    let meta = serde_json::json!({
        "format": FORMAT,
        "lang": lang.code(),
        "docs": total,
        "chunk": CHUNK,
        "levels": WEIGHT_LEVELS,
        "stop": analyzer.stop_words(),
        "months": months,
        "shards": firsts,
        "bodies": bodies,
        "years": year_ranges,
    });
    sink(Page { path: format!("{DIR}/meta.js"), content: format!("{CALLBACK}.meta({});\n", json(&meta)).into_bytes() })
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::render::view::ParagraphView;

    #[test]
    fn stop_lists_are_sorted() {
        for list in [STOP_SV, STOP_EN] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "binary search needs sorted, distinct words");
        }
    }

    #[test]
    fn swedish_keys() {
        let a = Analyzer::new(Language::Sv);
        for w in ["bibliotek", "Biblioteket", "biblioteken", "BIBLIOTEKS", "bibliotekets"] {
            assert_eq!(a.key(w).as_deref(), Some("bibliotek"), "{w}");
        }
        for (w, k) in [("beslutet", "beslut"), ("huset", "hus"), ("rådet", "rad"), ("kallelsen", "kall")] {
            assert_eq!(a.key(w).as_deref(), Some(k), "{w}");
        }
        assert_eq!(a.keys("Sätila Satila SÄTILA Sa\u{308}tila"), ["satil"; 4]);
        assert_eq!(a.keys("och i Ö x 2020"), ["2020"], "stop words and one-letter words go");
        assert_eq!(a.key("Müller"), a.key("Muller"));
        assert_eq!(a.key("Ærø"), a.key("Ärö"));
        assert_eq!(strip_definite_et("diet"), "diet", "a vowel before -et");
        assert_eq!(strip_definite_et("et"), "et");
    }

    #[test]
    fn english_keys() {
        let a = Analyzer::new(Language::En);
        assert_eq!(a.keys("The libraries' Library opened"), ["librari", "librari", "open"]);
    }

    #[test]
    fn text_of_html() {
        let mut out = String::new();
        html_text(
            "<p>Budget &lt; 2 mkr &amp; <em>mer</em> <a title=\"a>b\">länk</a></p><p>Nästa&#xE5;</p>",
            &mut out,
            999,
        );
        assert_eq!(out, " Budget < 2 mkr & mer länk  Nästaå ");
        assert_eq!(entity("&bogus;x").1, 1, "an unknown entity stays text");
    }

    #[test]
    fn snippets_end_at_a_word() {
        let long = "ord ".repeat(100);
        let s = snippet(&long);
        assert!(s.ends_with("ord…") && s.chars().count() <= SNIPPET_CHARS + 1, "{s}");
        assert_eq!(snippet("  kort\n text "), "kort text");
    }

    #[test]
    fn packed_postings() {
        let postings = [(0, 1), (1, 31), (40, 2), (1_000_000, 7)];
        let packed = pack(&postings);
        // Decode as search.js does.
        let value = |c: char| DIGITS.iter().position(|&d| char::from(d) == c).unwrap_or(0) as u32;
        let mut out = Vec::new();
        let (mut doc, mut v, mut shift, mut weight) = (0, 0, 0, false);
        for c in packed.chars() {
            let d = value(c);
            if weight {
                out.push((doc, d));
                weight = false;
            } else {
                v |= (d & 31) << shift;
                if d & 32 == 0 {
                    doc += v;
                    (v, shift, weight) = (0, 0, true);
                } else {
                    shift += 5;
                }
            }
        }
        assert_eq!(out, postings);
    }

    fn read(list: &PostingList) -> Vec<Posting> {
        let mut out = Vec::new();
        assert!(list.visit(|p| {
            out.push(p);
            true
        }));
        out
    }

    #[test]
    fn posting_lists_read_back_what_was_pushed() {
        // One-byte postings (the fast path), every LEB128 length, the extremes, and a
        // document before the last one (not made by the index, but read back all the same).
        let cases = [
            Posting { doc: 0, title: 0, text: 1 },
            Posting { doc: 5, title: 1, text: 127 },
            Posting { doc: 133, title: 128, text: 0 },
            Posting { doc: 20_000, title: 0, text: 16_384 },
            Posting { doc: 20_001, title: u16::MAX, text: u16::MAX },
            Posting { doc: 7, title: 2, text: 3 },
            Posting { doc: u32::MAX, title: 0, text: 1 },
            Posting { doc: u32::MAX, title: 1, text: 0 },
            Posting { doc: 0, title: 0, text: 0 },
        ];
        let mut list = PostingList::default();
        for (n, &p) in cases.iter().enumerate() {
            list.push(p);
            assert_eq!(list.len as usize, n + 1);
            assert_eq!(read(&list), cases[..=n], "after {p:?}");
        }
        assert!(!list.is_empty());
        assert!(read(&PostingList::default()).is_empty());
        // `visit` stops when told to.
        let mut seen = 0;
        assert!(!list.visit(|_| {
            seen += 1;
            seen < 2
        }));
        assert_eq!(seen, 2);
        // Mostly three bytes a posting.
        let mut small = PostingList::default();
        for doc in 0..1000 {
            small.push(Posting { doc: doc * 3, title: 0, text: 2 });
        }
        assert_eq!(small.bytes.len(), 3000);
    }

    /// A small deterministic generator of test text (xorshift): the same cases every run.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }

        /// `n` pieces of `pieces`, picked at random, concatenated.
        fn text(&mut self, pieces: &[&str], n: usize) -> String {
            (0..n).map(|_| pieces[self.below(pieces.len())]).collect()
        }
    }

    /// Text where the tokenizer and the snippets are easy to get wrong.
    const TRICKY: &[&str] = &[
        "",
        "Å ä ö åäö ÅÄÖ Sätila kärnavfall",
        "Sa\u{308}tila e\u{301}t cafe\u{301}s",
        "rad ett\r\nrad två\r\n\r\n",
        "aaaaaaaaaaaaaaaa aaaaaaaaaaaaaaaaa äääääääää öööööööö",
        "ordningsföreskrifterförallmännaplatseriKungälvskommun",
        "× ÷ a×b c÷d",
        "ǅemal ΑΘΗΝΑ москва 東京 ①② ß ﬁnal",
        "ord—ord “citat” det’s \u{a0}nbsp\u{a0}x",
        "<p>Budget &lt; 2 mkr &amp; <em>mer</em> <a title=\"a>b\">länk</a></p><p>Nästa&#xE5;</p>",
        "a&amp;b &bogus;x &nbsp; AT&T a<b c>d & &",
        "<p>ord<br>ord</p><!-- kommentar > --><p class='x>y'>z</p>",
        "<a href=\"ej stängd",
        "slut<",
        "<p",
        "abcdefghijklmnop",
        "abcdefghijklmno",
        "xabcdefghijklmnopq",
        "x.abcdefghijklmnop",
    ];

    /// The words of `html` as `count_html` found them before the one-pass tokenizer: run
    /// by run between tags, entities decoded, in NFC.
    fn reference_html_words(html: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = html;
        loop {
            let end = rest.find('<').unwrap_or(rest.len());
            let mut decoded = String::new();
            let mut t = &rest[..end];
            while let Some(i) = t.find('&') {
                decoded.push_str(&t[..i]);
                let (d, len) = entity(&t[i..]);
                decoded.push_str(&d);
                t = &t[i + len..];
            }
            decoded.push_str(t);
            out.extend(words(&nfc(&decoded)).map(str::to_owned));
            if end == rest.len() {
                break;
            }
            rest = &rest[end + tag(&rest[end..]).1..];
        }
        out
    }

    /// The words [`for_each_plain_word`] gives, each checked to come with its `short_key`;
    /// `None` when it leaves the text to the slow path.
    fn fast_words(text: &str, html: bool) -> Option<Vec<String>> {
        let mut out = Vec::new();
        let done = for_each_plain_word(text, html, |w, k| {
            assert_eq!(k, short_key(w), "{w:?}");
            out.push(String::from_utf8(w.to_vec()).unwrap());
        });
        done.then_some(out)
    }

    #[test]
    fn one_pass_tokenizer_finds_the_words_of_the_reference() {
        let pieces = [
            "ord",
            "Å",
            "ä",
            "ö",
            "é",
            "e\u{301}",
            " ",
            "\r\n",
            "\t",
            ".",
            "×",
            "<em>",
            "</p>",
            "&amp;",
            "&lt;",
            "&",
            "<",
            "16bokstäverlång",
            "ü",
        ];
        let mut rng = Rng(0x5EED);
        let generated: Vec<String> = (0..2000)
            .map(|_| {
                let n = rng.below(24);
                rng.text(&pieces, n)
            })
            .collect();
        let mut taken = [0, 0];
        for text in TRICKY.iter().copied().chain(generated.iter().map(String::as_str)) {
            let plain: Vec<String> = words(&nfc(text)).map(str::to_owned).collect();
            if let Some(fast) = fast_words(text, false) {
                assert_eq!(fast, plain, "text {text:?}");
                taken[0] += 1;
            }
            if let Some(fast) = fast_words(text, true) {
                assert_eq!(fast, reference_html_words(text), "HTML {text:?}");
                taken[1] += 1;
            }
            // Fast path or not, a collector counts the words the analyser indexes.
            let analyzer = Analyzer::new(Language::Sv);
            let keys = SharedKeys::new(&analyzer);
            let mut c = Collector::new(&keys);
            let indexed = |ws: &[String]| ws.iter().filter(|w| analyzer.key(w).is_some()).count();
            assert_eq!(c.count(text, false) as usize, indexed(&plain), "text {text:?}");
            assert_eq!(c.count_html(text) as usize, indexed(&reference_html_words(text)), "HTML {text:?}");
        }
        assert!(taken[0] > 1000 && taken[1] > 500, "the fast path is tested: {taken:?}");
        assert!(fast_words("Sa\u{308}tila", false).is_none(), "combining marks need NFC");
        assert!(fast_words("N&#xE4;sta", true).is_none(), "a numeric entity may be a letter");
        assert_eq!(fast_words("Nästa&#xE4;", false).unwrap(), ["Nästa", "xE4"]);
    }

    #[test]
    fn word_table_is_a_map() {
        let mut t = WordTable::default();
        assert_eq!(t.get(1), None);
        for k in 1..5000u128 {
            t.insert((k << 64) | (k * 7), u32::try_from(k).unwrap());
        }
        for k in 1..5000u128 {
            assert_eq!(t.get((k << 64) | (k * 7)), Some(u32::try_from(k).unwrap()));
            assert_eq!(t.get((k << 64) | (k * 7 + 1)), None);
        }
    }

    /// [`paragraph_snippet`] as it was before its fast paths: the text of the intro (else
    /// of the sections), then word by word.
    fn reference_paragraph_snippet(v: &ParagraphView) -> String {
        words_snippet(&paragraph_text(v)).0
    }

    #[test]
    fn fast_snippets_are_the_reference_snippets() {
        let long = "x".repeat(170);
        let pieces = [
            "ord",
            "ordet",
            "å",
            "Ärende",
            "e\u{301}",
            "ü",
            "东",
            " ",
            " ",
            " ",
            "  ",
            "\r\n",
            "\t",
            ".",
            ",",
            "\u{a0}",
            "–",
            &long,
            "<p>",
            "</p>",
            "<em>",
            "</em>",
            "<br>",
            "&amp;",
            "&#229;",
            "<!-- x -->",
        ];
        let mut rng = Rng(0x00C0_FFEE);
        let mut fast = 0;
        for case in 0..6000 {
            let n = [rng.below(10), 60 + rng.below(60), 150 + rng.below(200)][case % 3];
            let text = rng.text(&pieces, n);
            assert_eq!(snippet_cut(&text), words_snippet(&text), "{text:?}");
            let v = ParagraphView {
                label: String::new(),
                anchor: String::new(),
                title: String::new(),
                confidential: false,
                withheld: false,
                ground: None,
                dnr: None,
                intro_html: text.clone(),
                sections: vec![view::SectionView {
                    kind: crate::parse::SectionKind::Decision,
                    title: String::new(),
                    body_html: rng.text(&pieces, 40),
                }],
            };
            assert_eq!(paragraph_snippet(&v), reference_paragraph_snippet(&v), "{text:?}");
            fast += usize::from(intro_snippet(&text).is_some());
        }
        assert!(fast > 1000, "the fast path is tested: {fast}");
        for text in TRICKY {
            assert_eq!(snippet_cut(text), words_snippet(text), "{text:?}");
        }
        // Exactly the limit, one more, a word ending at it, an overlong first word.
        for text in ["a".repeat(160), "a".repeat(161), "ab ".repeat(54), format!("{} b", "å".repeat(159)), long.clone()]
        {
            assert_eq!(snippet_cut(&text), words_snippet(&text), "{text:?}");
        }
    }

    #[test]
    fn quantised_weights_round_up_as_ceil_does() {
        let old = |p: Posting, len: u32, avg: f64| {
            let tf = f64::from(u32::from(p.title) * TITLE_WEIGHT + u32::from(p.text));
            let norm = 1.0 - B + B * f64::from(len) / avg.max(1.0);
            let q = (tf * (K1 + 1.0) / (tf + K1 * norm) / (K1 + 1.0) * f64::from(WEIGHT_LEVELS)).ceil();
            #[allow(clippy::cast_sign_loss, reason = "q is positive")]
            let q = q.max(1.0) as u32;
            q.min(WEIGHT_LEVELS)
        };
        for title in [0, 1, 2, 7, u16::MAX] {
            for text in [0, 1, 3, 40, u16::MAX] {
                for len in [0, 1, 5, 80, 100_000] {
                    for avg in [0.0, 1.0, 37.5, 80.0] {
                        let p = Posting { doc: 0, title, text };
                        assert_eq!(weight(p, k1_norm(len, avg)), old(p, len, avg), "{title} {text} {len} {avg}");
                    }
                }
            }
        }
    }

    #[test]
    fn json_strings_are_escaped_as_serde_json_does() {
        let all_ascii: String = (0u8..0x80).map(char::from).collect();
        for s in ["", "plain", "a\"b\\c</script>", "å\u{2028}\u{7f}😀", &all_ascii, "\u{1}x\u{1f}"] {
            let mut out = String::new();
            push_json_str(&mut out, s);
            assert_eq!(out, json(s), "{s:?}");
        }
    }

    #[test]
    fn search_page_path_matches_the_string_table() {
        for lang in [Language::Sv, Language::En] {
            let t = i18n::string(lang, "search_page");
            assert_eq!(t, Some(page_path(lang)));
        }
    }
}
