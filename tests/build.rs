//! Whole-site builds through the library API (`protokoll::build`).
//!
//! Each test copies a site from `tests/sites/<case>/` to a temporary folder (`<tmp>/site`),
//! builds it into `<tmp>/out/public` and asserts on the files written: escaping of hostile
//! text, confidentiality, links, atomicity, slugs and language. Every successful build is
//! also link-checked and scanned for injected markup (see [`check_output`]).
#![allow(clippy::case_sensitive_file_extension_comparisons, reason = "the output's names are ours, lower case")]

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use protokoll::output::OutputError;
use protokoll::{BuildError, BuildOptions, Built, Severity};

use crate::common::{assert_no_errors, copy_dir};

// ---------------------------------------------------------------------------------------
// The harness

/// Every file under a folder: `/`-separated relative path → bytes.
type Files = BTreeMap<String, Vec<u8>>;

/// A fixture site copied to a temporary folder.
struct Fixture {
    tmp: tempfile::TempDir,
    /// `<tmp>/site`: the copy of `tests/sites/<case>/`.
    site: PathBuf,
    /// `<tmp>/out/public`: where builds go.
    out: PathBuf,
    /// Problems of [`check_output`] that this site causes on purpose (substrings).
    expected_problems: Vec<&'static str>,
}

impl Fixture {
    /// Copies `tests/sites/<case>/`.
    fn new(case: &str) -> Self {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites").join(case);
        assert!(from.is_dir(), "no fixture {}", from.display());
        Self::copy_of(&from, None)
    }

    /// Copies a site folder (only the top-level names in `only`, when given).
    fn copy_of(from: &Path, only: Option<&[&str]>) -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        copy_dir(from, &site, only);
        let out_parent = tmp.path().join("out");
        std::fs::create_dir(&out_parent).unwrap();
        let out = out_parent.join("public");
        Self { tmp, site, out, expected_problems: Vec::new() }
    }

    fn build_with(&self, out: &Path, internal: bool, drafts: bool) -> Result<Built, BuildError> {
        protokoll::build(&self.site, &BuildOptions { out: out.to_path_buf(), internal, drafts })
    }

    fn build(&self) -> Result<Built, BuildError> {
        self.build_with(&self.out, false, false)
    }

    /// Runs `protokoll build SITE --out OUT` (without colour).
    fn cli_build(&self) -> std::process::Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_protokoll"))
            .arg("build")
            .arg(&self.site)
            .arg("--out")
            .arg(&self.out)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    }

    /// Builds, expects success, checks the output and returns it.
    fn built(&self, internal: bool, drafts: bool) -> Files {
        let built = self.build_with(&self.out, internal, drafts).unwrap_or_else(|e| panic!("build failed: {e}"));
        assert_no_errors(&built);
        let written = built.written.expect("no error, so the site is written");
        let files = read_tree(&self.out);
        assert!(written > 0 && files.len() >= written, "written {written}, found {}", files.len());
        check_output(&files, &self.expected_problems);
        files
    }

    /// Adds a line (`key: value\n`) to the site's `protokoll.yaml`.
    fn configure(&self, line: &str) {
        let config = self.read("protokoll.yaml");
        self.write("protokoll.yaml", &format!("{config}{line}"));
    }

    /// Writes a file of the site.
    fn write(&self, rel: &str, content: &str) {
        let path = self.site.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.site.join(rel)).unwrap()
    }
}

/// Reads every file under `dir`, asserting that each lies inside it (no symlinks, no
/// special files).
fn read_tree(dir: &Path) -> Files {
    let root = dir.canonicalize().unwrap();
    let mut files = Files::new();
    for entry in walkdir::WalkDir::new(&root).follow_links(false).sort_by_file_name() {
        let entry = entry.unwrap();
        let ty = entry.file_type();
        assert!(!ty.is_symlink(), "symlink in the output: {}", entry.path().display());
        if ty.is_dir() {
            continue;
        }
        assert!(ty.is_file(), "not a regular file: {}", entry.path().display());
        let canonical = entry.path().canonicalize().unwrap();
        assert!(canonical.starts_with(&root), "{} is outside {}", canonical.display(), root.display());
        let rel = entry.path().strip_prefix(&root).unwrap();
        assert!(rel.components().all(|c| matches!(c, Component::Normal(_))), "odd path {}", rel.display());
        let rel = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/");
        files.insert(rel, std::fs::read(entry.path()).unwrap());
    }
    files
}

/// The names in a folder, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

fn text<'f>(files: &'f Files, path: &str) -> &'f str {
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("no {path} in the output; have: {:#?}", files.keys().collect::<Vec<_>>()));
    std::str::from_utf8(bytes).unwrap()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn contains_ignore_case(haystack: &[u8], needle: &str) -> bool {
    let needle = needle.as_bytes();
    haystack.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle))
}

/// The files that contain `needle`.
fn files_containing<'f>(files: &'f Files, needle: &str) -> Vec<&'f str> {
    files.iter().filter(|(_, b)| contains(b, needle.as_bytes())).map(|(p, _)| p.as_str()).collect()
}

fn is_markup(path: &str) -> bool {
    [".html", ".htm", ".xml", ".svg", ".xhtml"].iter().any(|e| path.ends_with(e))
}

// ---------------------------------------------------------------------------------------
// HTML as a browser tokenizes it

/// A start tag.
#[derive(Debug, Clone)]
struct StartTag {
    name: String,
    attrs: Vec<(String, String)>,
}

impl StartTag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// What a page is made of, as the HTML tokenizer sees it.
#[derive(Debug, Default)]
struct Parsed {
    tags: Vec<StartTag>,
    /// Text inside `<script>` elements.
    script_text: String,
    /// Text inside `<style>` elements.
    style_text: String,
    /// Every `id` (and `name` of `<a>`).
    ids: HashSet<String>,
}

#[derive(Default)]
struct Sink {
    parsed: RefCell<Parsed>,
    /// The raw-text element we are in.
    raw: RefCell<Option<String>>,
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut p = self.parsed.borrow_mut();
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                let name = tag.name.to_string();
                let attrs: Vec<(String, String)> =
                    tag.attrs.iter().map(|a| (a.name.local.to_string(), a.value.to_string())).collect();
                for (n, v) in &attrs {
                    if n == "id" || (n == "name" && name == "a") {
                        p.ids.insert(v.clone());
                    }
                }
                p.tags.push(StartTag { name: name.clone(), attrs });
                // Switch to the states a browser's tree builder would.
                let kind = match name.as_str() {
                    "script" => Some(RawKind::ScriptData),
                    "style" | "xmp" | "iframe" | "noembed" | "noframes" => Some(RawKind::Rawtext),
                    "title" | "textarea" => Some(RawKind::Rcdata),
                    _ => None,
                };
                if let Some(kind) = kind {
                    *self.raw.borrow_mut() = Some(name);
                    return TokenSinkResult::RawData(kind);
                }
            }
            Token::TagToken(_) => *self.raw.borrow_mut() = None,
            Token::CharacterTokens(t) => match self.raw.borrow().as_deref() {
                Some("script") => p.script_text.push_str(&t),
                Some("style") => p.style_text.push_str(&t),
                _ => {}
            },
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

fn parse_html(html: &str) -> Parsed {
    let tokenizer = Tokenizer::new(Sink::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.parsed.take()
}

/// Attributes that hold a URL.
const URL_ATTRS: &[&str] =
    &["href", "src", "action", "formaction", "poster", "data", "cite", "background", "xlink:href", "srcset", "ping"];

/// The scheme of a URL as a browser reads it, lowercased (`None` for a relative URL).
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url.chars().filter(|c| !c.is_ascii_control() && !c.is_ascii_whitespace()).collect();
    let end = cleaned.find([':', '/', '?', '#'])?;
    (cleaned.as_bytes().get(end) == Some(&b':')).then(|| cleaned.get(..end).unwrap_or("").to_ascii_lowercase())
}

// ---------------------------------------------------------------------------------------
// Checks on every build

/// What every build must satisfy: no injected markup, links that resolve, nothing loaded
/// from outside. Problems containing one of `expected` are the fixture's own doing.
fn check_output(files: &Files, expected: &[&str]) {
    let mut problems = Vec::new();
    problems.extend(markup_problems(files));
    problems.extend(link_problems(files).0);
    problems.retain(|p| !expected.iter().any(|e| p.contains(e)));
    assert!(problems.is_empty(), "{} problem(s) in the output:\n{}", problems.len(), problems.join("\n"));
}

/// Markup that content could have injected: event handlers, script URLs, frames, inline
/// scripts, payloads of the hostile fixture showing up unescaped.
fn markup_problems(files: &Files) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, bytes) in files {
        if !is_markup(path) {
            continue;
        }
        for payload in ["<script>alert", "<iframe", "<img src=x", "<svg onload", "<style>body", "</title><script"] {
            if contains_ignore_case(bytes, payload) {
                problems.push(format!("{path}: contains `{payload}` unescaped"));
            }
        }
        if !path.ends_with(".html") {
            continue;
        }
        let parsed = parse_html(&String::from_utf8_lossy(bytes));
        for tag in &parsed.tags {
            // (The theme draws with inline <svg>; content cannot: the sanitiser drops it. The
            // theme's own search box is the one form allowed: `role="search"`, a GET to the
            // site's search page.)
            let theme_search = tag.name == "form"
                && tag.attr("role") == Some("search")
                && tag.attr("method").is_none_or(|m| m.eq_ignore_ascii_case("get"))
                && tag.attr("action").is_some_and(|a| scheme(a).is_none() && !a.starts_with("//"));
            if ["iframe", "frame", "frameset", "object", "embed", "applet", "base", "form"].contains(&tag.name.as_str())
                && !theme_search
            {
                problems.push(format!("{path}: <{}> element", tag.name));
            }
            if tag.name == "meta" && tag.attr("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("refresh")) {
                problems.push(format!("{path}: <meta http-equiv=refresh>"));
            }
            if tag.name == "script" && tag.attr("src").is_some_and(|s| scheme(s).is_some() || s.starts_with("//")) {
                problems.push(format!("{path}: script from elsewhere: {:?}", tag.attr("src")));
            }
            for (name, value) in &tag.attrs {
                if name.starts_with("on") {
                    problems.push(format!("{path}: <{} {name}=…> event handler", tag.name));
                }
                if URL_ATTRS.contains(&name.as_str())
                    && scheme(value).is_some_and(|s| ["javascript", "vbscript", "data", "file"].contains(&s.as_str()))
                {
                    problems.push(format!("{path}: <{} {name}={value:?}>", tag.name));
                }
                if name == "style"
                    && (value.to_ascii_lowercase().contains("url(")
                        || value.to_ascii_lowercase().contains("expression("))
                {
                    problems.push(format!("{path}: <{} style={value:?}>", tag.name));
                }
            }
        }
        if parsed.script_text.contains("alert(") {
            problems.push(format!("{path}: inline script runs content: {:?}", parsed.script_text));
        }
        if parsed.style_text.contains("display: none") || parsed.style_text.contains("javascript") {
            problems.push(format!("{path}: content in a <style> element"));
        }
    }
    problems
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(v) = u8::from_str_radix(hex, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Resolves `rel` (already split from its `#fragment` and `?query`) against the folder of
/// the page at `page`; `None` when it climbs out of the site.
fn resolve(page: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if rel.ends_with('/') || rel.is_empty() {
        if !joined.is_empty() {
            joined.push('/');
        }
        joined.push_str("index.html");
    }
    Some(joined)
}

/// Links that do not resolve, `#anchors` that do not exist, root-absolute links, and
/// resources loaded from elsewhere; and how many local links resolved.
fn link_problems(files: &Files) -> (Vec<String>, usize) {
    let mut problems = Vec::new();
    let mut resolved = 0;
    let mut ids: HashMap<String, HashSet<String>> = HashMap::new();
    let mut parsed_pages: Vec<(&str, Parsed)> = Vec::new();
    for (path, bytes) in files {
        if path.ends_with(".html") {
            let parsed = parse_html(&String::from_utf8_lossy(bytes));
            ids.insert(path.clone(), parsed.ids.clone());
            parsed_pages.push((path, parsed));
        }
        if path.ends_with(".css") {
            let css = String::from_utf8_lossy(bytes).to_ascii_lowercase().replace([' ', '"', '\''], "");
            for bad in ["url(http:", "url(https:", "url(//", "@importhttp", "@importurl(http", "@import//"] {
                if css.contains(bad) {
                    problems.push(format!("{path}: loads a resource from elsewhere ({bad})"));
                }
            }
        }
    }
    // The 404 page is served by a web server at any depth: it may link through base_url.
    let base_url = |page: &str| -> Option<String> {
        (page == "404.html").then(|| {
            let html = text(files, page);
            let parsed = parse_html(html);
            parsed
                .tags
                .iter()
                .find(|t| t.name == "link" && t.attr("rel") == Some("stylesheet"))
                .and_then(|t| t.attr("href"))
                .and_then(|h| h.strip_suffix("assets/style.css"))
                .map(str::to_owned)
        })?
    };
    for (page, parsed) in &parsed_pages {
        let base = base_url(page).filter(|b| scheme(b).is_some());
        for tag in &parsed.tags {
            for (name, value) in &tag.attrs {
                if !URL_ATTRS.contains(&name.as_str()) || (tag.name == "meta") {
                    continue;
                }
                let value = value.trim();
                let loads = name != "href"
                    || (tag.name == "link" && !matches!(tag.attr("rel"), Some("canonical" | "alternate")));
                let local = match &base {
                    Some(b) if value.starts_with(b.as_str()) => value.get(b.len()..).map(|v| (v, true)),
                    _ => Some((value, false)),
                };
                let Some((value, from_root)) = local else { continue };
                if let Some(s) = scheme(value) {
                    if loads {
                        problems
                            .push(format!("{page}: <{} {name}={value:?}> loads a resource from elsewhere", tag.name));
                    } else if !["http", "https", "mailto", "tel"].contains(&s.as_str()) {
                        problems.push(format!("{page}: <{} {name}={value:?}>: scheme {s}", tag.name));
                    }
                    continue;
                }
                if value.starts_with("//") || value.starts_with("\\\\") {
                    if loads {
                        problems
                            .push(format!("{page}: <{} {name}={value:?}> loads a resource from elsewhere", tag.name));
                    }
                    continue;
                }
                if value.starts_with('/') {
                    problems.push(format!("{page}: <{} {name}={value:?}> is root-absolute", tag.name));
                    continue;
                }
                let (no_frag, fragment) = value.split_once('#').map_or((value, None), |(a, f)| (a, Some(f)));
                let no_query = no_frag.split_once('?').map_or(no_frag, |(a, _)| a);
                let target = if no_query.is_empty() {
                    Some((*page).to_owned())
                } else if from_root {
                    resolve("index.html", &percent_decode(no_query))
                } else {
                    resolve(page, &percent_decode(no_query))
                };
                let Some(target) = target else {
                    problems.push(format!("{page}: <{} {name}={value:?}> leaves the site", tag.name));
                    continue;
                };
                if !files.contains_key(&target) {
                    problems.push(format!("{page}: <{} {name}={value:?}>: no file {target}", tag.name));
                    continue;
                }
                if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                    let f = percent_decode(f);
                    if !ids.get(&target).is_some_and(|set| set.contains(&f)) {
                        problems.push(format!("{page}: <{} {name}={value:?}>: no id=\"{f}\" in {target}", tag.name));
                        continue;
                    }
                }
                resolved += 1;
            }
        }
    }
    (problems, resolved)
}

// ---------------------------------------------------------------------------------------
// a. Hostile text

#[test]
fn hostile_text_is_escaped_and_paths_stay_inside() {
    let mut fx = Fixture::new("hostile");
    // `<img src=x onerror=…>` keeps its (relative, harmless, missing) `src`.
    fx.expected_problems.push("<img src=\"x\">: no file");
    let site_before = read_tree(&fx.site);
    let out_parent = fx.out.parent().unwrap().to_path_buf();
    assert!(listing(&out_parent).is_empty());
    let tmp_before = listing(fx.tmp.path());

    let files = fx.built(false, false);

    // Nothing written next to the output folder, nothing in the site, nothing elsewhere in tmp.
    assert_eq!(listing(&out_parent), ["public"]);
    assert_eq!(listing(fx.tmp.path()), tmp_before);
    assert_eq!(read_tree(&fx.site), site_before, "the build wrote into the site");

    // The text is shown, escaped (check_output already found no injected markup).
    let protocol = text(&files, "namnden/2020-10-19.html");
    assert!(protocol.contains("Budget &lt; 2 mkr"), "escaped § title");
    assert!(protocol.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "a § title with a script tag is shown as text");
    assert!(protocol.contains("klicka här"), "the text of a javascript: link stays");
    for (path, bytes) in &files {
        if path.ends_with(".html") {
            assert!(!contains_ignore_case(bytes, "href=\"javascript:"), "{path}");
            assert!(!contains_ignore_case(bytes, "onerror=alert(1)>"), "{path}: an unescaped onerror payload");
            assert!(!contains_ignore_case(bytes, "src=\"https://tracker.example"), "{path}: an external image");
        }
    }
    // Hostile names and tags got path-safe slugs inside their sections.
    for path in files.keys() {
        assert!(!path.contains("..") && !path.contains('<') && !path.contains('"'), "{path}");
    }
    assert!(files.keys().any(|p| p.starts_with("personer/") && p != "personer/index.html"), "person pages");
    let tags = files.keys().filter(|p| p.starts_with("amnen/") && *p != "amnen/index.html").count();
    assert_eq!(tags, 4, "one page per tag: {:#?}", files.keys().collect::<Vec<_>>());
    assert!(!files.contains_key("etc/passwd"));
}

// ---------------------------------------------------------------------------------------
// b. Confidentiality

const CANARIES: &[&str] =
    &["KANARIE-7f3a9", "KANARIE-d3c1b", "KANARIE-5e8d", "KANARIE-TITEL-5e8d", "KANARIE-UTKAST-91c2", "KOMMENTAR-b71e"];

#[test]
fn confidential_text_never_reaches_a_public_build() {
    let fx = Fixture::new("confidential");
    let files = fx.built(false, false);
    for canary in CANARIES {
        let found = files_containing(&files, canary);
        assert!(found.is_empty(), "{canary} in {found:?}");
    }
    assert!(files_containing(&files, "KANARIE").is_empty());

    let page = text(&files, "styrelsen/2021-03-01.html");
    // Numbers, anchors and legal grounds stay.
    for anchor in ["p1", "p2", "p3", "p4", "p5"] {
        assert!(page.contains(&format!("id=\"{anchor}\"")), "anchor {anchor}");
    }
    for ground in ["OSL 39 kap. 3 §", "OSL 31 kap. 16 §", "OSL 26 kap. 1 §"] {
        assert!(page.contains(ground), "ground {ground}");
    }
    // show=title (the default) keeps the title; show=decision the title and the decision;
    // show=nothing neither.
    assert!(page.contains("Personalärende"));
    assert!(page.contains("Upphandling av skolskjuts"));
    assert!(page.contains("BESLUT-SYNLIGT-42"));
    assert!(page.contains("Sekretessbelagt ärende"));
    // The open paragraphs are all there.
    assert!(page.contains("Ett öppet ärende.") && page.contains("Inga övriga frågor."));
    // The draft is not built at all.
    assert!(!files.contains_key("styrelsen/2021-04-12.html"));
}

#[test]
fn internal_build_has_the_confidential_text() {
    let fx = Fixture::new("confidential");
    let files = fx.built(true, false);
    let page = text(&files, "styrelsen/2021-03-01.html");
    for canary in ["KANARIE-7f3a9", "KANARIE-d3c1b", "KANARIE-5e8d", "KANARIE-TITEL-5e8d"] {
        assert!(page.contains(canary), "{canary} missing from the internal edition");
    }
    // Comments are never published, not even internally; drafts need --drafts.
    assert!(files_containing(&files, "KOMMENTAR-b71e").is_empty());
    assert!(files_containing(&files, "KANARIE-UTKAST-91c2").is_empty());
}

#[test]
fn internal_from_the_site_config() {
    let fx = Fixture::new("confidential");
    fx.configure("internal: true\n");
    let files = fx.built(false, false);
    assert!(text(&files, "styrelsen/2021-03-01.html").contains("KANARIE-7f3a9"));
}

#[test]
fn drafts_only_with_drafts() {
    let fx = Fixture::new("confidential");
    let files = fx.built(false, true);
    assert!(files.contains_key("styrelsen/2021-04-12.html"));
    assert!(!files_containing(&files, "KANARIE-UTKAST-91c2").is_empty());
    // Drafts do not open confidential paragraphs.
    assert!(files_containing(&files, "KANARIE-7f3a9").is_empty());
}

#[test]
fn comments_in_the_body_are_never_published() {
    for internal in [false, true] {
        let fx = Fixture::new("comments");
        let files = fx.built(internal, false);
        for canary in [
            "HEMLIG-INLEDNING",
            "HEMLIG-INLINE",
            "HEMLIG-MITT",
            "HEMLIG-TABELL",
            "HEMLIG-BLOCK",
            "HEMLIG-BESLUT",
            "HEMLIG-KOD",
            "HEMLIG-OAVSLUTAD",
        ] {
            let found = files_containing(&files, canary);
            assert!(found.is_empty(), "internal: {internal}: {canary} in {found:?}");
        }
        let page = text(&files, "radet/2020-01-13.html");
        assert!(page.contains("Text med  en kommentar mitt i.") && page.contains("Sista"));
    }
}

#[test]
fn comments_in_headings_are_never_published() {
    let fx = Fixture::new("comments");
    let files = fx.built(false, false);
    for canary in ["HEMLIG-RUBRIK", "HEMLIG-SEKTION"] {
        let found = files_containing(&files, canary);
        assert!(found.is_empty(), "{canary} in {found:?}");
    }
}

// ---------------------------------------------------------------------------------------
// c. Links of the example site

#[test]
fn example_site_links_resolve() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !root.join("content").is_dir() {
        eprintln!("no example site under content/ yet: checked the fixtures only");
        return;
    }
    // Copy the site without build products, so the test never writes into the repository.
    let fx = Fixture::copy_of(root, Some(&["protokoll.yaml", "content", "themes"]));
    let files = fx.built(false, false);
    assert!(files.contains_key("index.html") && files.contains_key("404.html"));
    assert!(files.keys().filter(|p| p.ends_with(".html")).count() > 10);
    let (_, resolved) = link_problems(&files);
    assert!(resolved > 500, "only {resolved} local links checked");
}

#[test]
fn the_people_index_groups_people_by_surname() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !root.join("content").is_dir() {
        return;
    }
    let fx = Fixture::copy_of(root, Some(&["protokoll.yaml", "content", "themes"]));
    let files = fx.built(false, false);
    let index = text(&files, "personer/index.html");
    // People are sorted by surname, as in a Swedish register, so a letter heads the
    // surnames that begin with it, and each letter heads one group.
    let mut letters = Vec::new();
    for group in index.split(r#"class="letter">"#).skip(1) {
        let letter = group.split('<').next().unwrap_or_default().to_owned();
        let group = group.split("</section>").next().unwrap_or_default();
        for name in group.split(r#".html">"#).skip(1).map(|s| s.split('<').next().unwrap_or_default()) {
            let surname = name.split_whitespace().last().unwrap_or_default();
            assert!(surname.to_uppercase().starts_with(&letter), "{name} under {letter}");
        }
        letters.push(letter);
    }
    assert!(letters.len() > 5, "{letters:?}");
    let mut unique = letters.clone();
    unique.dedup();
    assert_eq!(unique, letters, "a letter heads one group");
}

#[test]
fn link_checker_finds_problems() {
    let mut files = Files::new();
    files.insert("index.html".into(), br#"<a href="a/b.html#x">ok</a><a href="missing.html">x</a><a href="/abs.html">x</a>
        <img src="https://cdn.example/x.png"><link rel="stylesheet" href="//cdn.example/x.css"><a href="a/b.html#nope">x</a>
        <a href="https://example.se">ok</a><link rel="canonical" href="https://example.se/">"#.to_vec());
    files.insert(
        "a/b.html".into(),
        br#"<h2 id="x">x</h2><a href="../index.html">ok</a><a href="../../up.html">x</a><a href="b%2Ehtml">ok</a>"#
            .to_vec(),
    );
    let (problems, resolved) = link_problems(&files);
    assert_eq!(problems.len(), 6, "{problems:#?}");
    assert_eq!(resolved, 3, "a/b.html#x, ../index.html and b%2Ehtml resolve");
    let mut files = Files::new();
    files.insert(
        "x.html".into(),
        br#"<a href="java&#x09;script:alert(1)">x</a><p onclick="x">y</p><iframe></iframe><script>alert(1)</script><img src="DATA:x">"#.to_vec(),
    );
    let problems = markup_problems(&files);
    assert!(problems.len() >= 5, "{problems:#?}");
}

// ---------------------------------------------------------------------------------------
// d. Atomic output

const CHAIR_NOT_ATTENDEE: &str = "---
body: Testrådet
date: 2021-01-11
status: adjusted
chair: Ingen Närvarande
attendees:
  - { name: Zara Zetterlund, org: Kommunstyrelsen }
---

## § 1 Ärende

Text.
";

const UNCLOSED_FRONT_MATTER: &str = "---
body: Testrådet
date: 2021-01-11
attendees:
  - { name: Zara Zetterlund, org: Kommunstyrelsen }

## § 1 Ärende

Text.
";

#[test]
fn a_failed_build_leaves_the_old_output() {
    for (name, broken) in [("chair not attendee", CHAIR_NOT_ATTENDEE), ("unclosed front matter", UNCLOSED_FRONT_MATTER)]
    {
        let fx = Fixture::new("basic");
        let before = fx.built(false, false);
        fx.write("content/testradet/2021-01-11.md", broken);
        let built = fx.build().unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(built.diagnostics.iter().any(|d| d.severity == Severity::Error), "{name}: an error is found");
        assert!(built.written.is_none(), "{name}: nothing written");
        assert_eq!(read_tree(&fx.out), before, "{name}: the old output is untouched");
        assert_eq!(listing(fx.out.parent().unwrap()), ["public"], "{name}: no temporary folder left");
    }
}

#[test]
fn a_theme_error_leaves_the_old_output() {
    let fx = Fixture::new("basic");
    let before = fx.built(false, false);
    let config = fx.read("protokoll.yaml");
    fx.write("protokoll.yaml", &format!("{config}theme: broken\n"));
    fx.write("themes/broken/templates/base.html", "<!doctype html>{% if %}<p>{% block content %}{% endblock %}\n");
    let err = fx.build().expect_err("a template that does not parse");
    assert!(matches!(err, BuildError::Theme(_)), "{err:?}");
    assert_eq!(read_tree(&fx.out), before);
    assert_eq!(listing(fx.out.parent().unwrap()), ["public"]);
    // A theme named but missing is a theme error too.
    fx.write("protokoll.yaml", &format!("{config}theme: nowhere\n"));
    assert!(matches!(fx.build(), Err(BuildError::Theme(_))));
    assert_eq!(read_tree(&fx.out), before);
}

#[test]
fn a_theme_overrides_the_protocol_template_and_the_header() {
    let fx = Fixture::new("basic");
    fx.configure("theme: own\n");
    // A protocol template of its own that lists the paragraphs and the table of contents
    // from the data (the default theme writes `content_html` and `toc_html` instead), and
    // a header of its own: rendered once per navigation state, from its four variables.
    fx.write(
        "themes/own/templates/protocol.html",
        r#"{% extends "base.html" %}{% block content %}
<ul class="own-toc">{% for e in toc %}<li data-anchor="{{ e.anchor }}">{{ e.label }}</li>{% endfor %}</ul>
{% for p in paragraphs %}<h2 class="own" id="{{ p.anchor }}">§ {{ p.label }}: {{ p.title }} ({{ p.sections | length }})</h2>{% endfor %}
<ul class="own-people">{% for g in attendees %}{% for p in g.people %}<li>{{ p.name }} ({{ g.name }})</li>{% endfor %}{% endfor %}{% for p in absent %}<li class="away">{{ p.name }}</li>{% endfor %}</ul>
{% endblock content %}"#,
    );
    // A person page of its own that lists the meetings one by one.
    fx.write(
        "themes/own/templates/person.html",
        r#"{% extends "base.html" %}{% block content %}<ul class="own-attendance">{% for a in attended %}<li>+{{ a.meeting.date }}</li>{% endfor %}{% for a in missed %}<li>-{{ a.meeting.date }}</li>{% endfor %}</ul>{% endblock content %}"#,
    );
    // A register page of its own that lists the decisions one by one.
    fx.write(
        "themes/own/templates/decisions.html",
        r#"{% extends "base.html" %}{% block content %}<ul class="own-decisions">{% for d in decisions %}<li>{{ d.label }} {{ d.title }}</li>{% endfor %}</ul>{% endblock content %}"#,
    );
    fx.write(
        "themes/own/templates/partials/header.html",
        r#"<header class="own-header" data-kind="{{ kind }}" data-folder="{{ folder }}" data-index="{{ section_index }}"><a href="{{ root }}index.html">{{ site.title }}</a></header>"#,
    );
    fx.write(
        "themes/own/templates/partials/footer.html",
        r#"<footer class="own-footer" data-kind="{{ kind }}"><a href="{{ root }}index.html">{{ site.title }}</a></footer>"#,
    );
    let files = fx.built(false, false);
    let page = text(&files, "testradet/2020-10-19.html");
    assert!(page.contains(r#"<li data-anchor="p1">1</li><li data-anchor="p2">2</li>"#), "{page}");
    assert!(
        page.contains(
            r#"</main>
<footer class="own-footer" data-kind="protocol"><a href="../index.html">"#
        ),
        "{page}"
    );
    assert!(!page.contains("site-footer"), "the default footer is replaced");
    assert!(page.contains(r#"<h2 class="own" id="p1">§ 1: Föregående mötesprotokoll (1)</h2>"#), "{page}");
    assert!(!page.contains(r#"class="paragraphs""#), "the default protocol template is replaced");
    // The participants as lists, since the template names them.
    assert!(page.contains(r#"<ul class="own-people"><li>"#), "{page}");
    assert!(page.contains(r#"<li class="away">Åke Åberg</li>"#), "{page}");
    assert!(
        page.contains(r#"<header class="own-header" data-kind="protocol" data-folder="testradet" data-index="false"><a href="../index.html">"#),
        "{page}"
    );
    let person = text(&files, "personer/ake-aberg.html");
    assert!(person.contains(r#"<ul class="own-attendance"><li>+2020-02-24</li><li>-2020-10-19</li></ul>"#), "{person}");
    let register = text(&files, "beslut/2020.html");
    assert!(register.contains(r#"<ul class="own-decisions"><li>1 Föregående mötesprotokoll</li>"#), "{register}");
    let body = text(&files, "testradet/index.html");
    assert!(body.contains(r#"data-kind="body" data-folder="testradet" data-index="true""#), "{body}");
    let home = text(&files, "index.html");
    assert!(home.contains(r#"data-kind="home" data-folder="" data-index="true"><a href="index.html">"#), "{home}");
}

#[test]
fn a_theme_template_that_dumps_its_context_sees_the_paragraphs() {
    // `{{ __tera_context }}` writes every variable out; Tera does not list it among a
    // template's variables, so protokoll must not leave `paragraphs` and `toc` out then.
    let fx = Fixture::new("basic");
    fx.configure("theme: own\n");
    fx.write("themes/own/templates/protocol.html", "<pre>{{ __tera_context }}</pre>");
    fx.build().unwrap_or_else(|e| panic!("build failed: {e}"));
    // Not `built`: this page has no anchors, so the link check would fail.
    let page = text(&read_tree(&fx.out), "testradet/2020-10-19.html").to_owned();
    for key in ["paragraphs", "toc", "content_html"] {
        assert!(page.contains(&format!("{key}&quot;:")), "{key}: {page}");
    }
    // The views themselves, not only their names: a paragraph's and a toc entry's anchor.
    assert!(page.matches("&quot;anchor&quot;: &quot;p1&quot;").count() >= 2, "{page}");
}

#[test]
fn the_safe_filter_works_in_a_theme_as_teras_own() {
    // protokoll registers its own `safe` (one without a copy): strings pass as they are,
    // other values as their text, and without the filter everything is escaped.
    let fx = Fixture::new("basic");
    fx.configure("theme: own\n");
    fx.write(
        "themes/own/templates/protocol.html",
        r#"<p>{{ "<b>x</b>" | safe }}|{{ "<i>y</i>" }}|{{ (41 + 1) | safe }}|{{ [1, 2] | safe }}|{{ none | safe }}|{{ toc_html | safe | length > 0 }}</p>"#,
    );
    fx.build().unwrap_or_else(|e| panic!("build failed: {e}"));
    let page = text(&read_tree(&fx.out), "testradet/2020-10-19.html").to_owned();
    assert_eq!(page, "<p><b>x</b>|&lt;i&gt;y&lt;/i&gt;|42|[1, 2]||true</p>");
}

#[test]
fn a_folder_protokoll_did_not_write_is_refused() {
    let fx = Fixture::new("basic");
    let other = fx.tmp.path().join("documents");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("thesis.txt"), "mitt arbete").unwrap();
    let err = fx.build_with(&other, false, false).expect_err("not ours");
    assert!(matches!(err, BuildError::Output(OutputError::NotOurs(_))), "{err:?}");
    assert_eq!(listing(&other), ["thesis.txt"]);
    assert_eq!(std::fs::read_to_string(other.join("thesis.txt")).unwrap(), "mitt arbete");

    // The site itself, or a folder holding it.
    let site_before = read_tree(&fx.site);
    for out in [fx.site.clone(), fx.tmp.path().to_path_buf(), fx.site.join("content/..")] {
        let err = fx.build_with(&out, false, false).expect_err("the site's own folder");
        assert!(
            matches!(err, BuildError::Output(OutputError::ContainsSite(_) | OutputError::NotOurs(_))),
            "{}: {err:?}",
            out.display()
        );
    }
    assert_eq!(read_tree(&fx.site), site_before);
    // An empty folder is fine, and then ours.
    let empty = fx.tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    fx.build_with(&empty, false, false).unwrap();
    assert!(empty.join(protokoll::output::MARKER).is_file());
    fx.build_with(&empty, false, false).unwrap();
}

#[test]
fn a_rebuild_replaces_the_whole_output() {
    let fx = Fixture::new("basic");
    let before = fx.built(false, false);
    std::fs::remove_file(fx.site.join("content/testradet/2020-10-19.md")).unwrap();
    let after = fx.built(false, false);
    assert!(before.contains_key("testradet/2020-10-19.html"));
    assert!(!after.contains_key("testradet/2020-10-19.html"), "a stale page stays behind");
    assert_eq!(listing(fx.out.parent().unwrap()), ["public"]);
}

#[test]
fn a_rebuild_keeps_unchanged_files_as_they_were() {
    // Deploy steps (rsync, a web server's caches) go by modification times: a rebuild
    // must not touch what did not change, and must replace what did.
    let fx = Fixture::new("basic");
    fx.built(false, false);
    let past = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_600_000_000);
    let set_past = |rel: &str| {
        let f = std::fs::File::options().write(true).open(fx.out.join(rel)).unwrap();
        f.set_modified(past).unwrap();
    };
    let modified = |rel: &str| std::fs::metadata(fx.out.join(rel)).unwrap().modified().unwrap();
    let (same, changed) = ("testradet/2020-10-19.html", "testradet/2020-02-24.html");
    set_past(same);
    set_past(changed);
    let text = fx.read("content/testradet/2020-02-24.md");
    assert!(text.contains("hälsar alla välkomna"), "the fixture has the text to change");
    fx.write(
        "content/testradet/2020-02-24.md",
        &text.replacen("hälsar alla välkomna", "hälsar alla hjärtligt välkomna", 1),
    );
    let after = fx.built(false, false);
    assert_eq!(modified(same), past, "an unchanged page keeps its time");
    assert_ne!(modified(changed), past, "a changed page is written anew");
    assert!(self::text(&after, changed).contains("hjärtligt"));
    assert_eq!(listing(fx.out.parent().unwrap()), ["public"]);
}

// ---------------------------------------------------------------------------------------
// e. Slug collisions

#[test]
fn names_that_slugify_alike_get_their_own_pages() {
    let fx = Fixture::new("collisions");
    let files = fx.built(false, false);
    let person_pages: Vec<(&String, &str)> = files
        .iter()
        .filter(|(p, _)| p.starts_with("personer/") && *p != "personer/index.html")
        .map(|(p, b)| (p, std::str::from_utf8(b).unwrap()))
        .collect();
    assert_eq!(person_pages.len(), 3, "{:#?}", person_pages.iter().map(|p| p.0).collect::<Vec<_>>());
    let page_of = |name: &str| {
        person_pages
            .iter()
            .filter(|(_, html)| html.contains(&format!("<h1>{name}</h1>")) || html.contains(&format!(">{name}</h1>")))
            .count()
    };
    assert_eq!(page_of("Åsa Öberg"), 1, "one page for Åsa Öberg");
    assert_eq!(page_of("Asa Oberg"), 1, "one page for Asa Oberg");
    // The people index is the index, not a person named Index and not the body in folder `personer`.
    let index = text(&files, "personer/index.html");
    for name in ["Åsa Öberg", "Asa Oberg", "Index"] {
        assert!(index.contains(name), "{name} in the people index");
    }
    assert!(!index.contains("Personalfrågor"));
    // The body in the folder named `personer` got another path, and its pages exist.
    let body_pages: Vec<&String> = files.keys().filter(|p| p.ends_with("/2020-05-04.html")).collect();
    assert_eq!(body_pages.len(), 1);
    assert!(!body_pages[0].starts_with("personer/"), "{}", body_pages[0]);
    assert!(text(&files, body_pages[0]).contains("Personalfrågor"));
}

// ---------------------------------------------------------------------------------------
// f. Language

#[test]
fn swedish_interface() {
    let fx = Fixture::new("basic");
    let files = fx.built(false, false);
    let page = text(&files, "testradet/2020-10-19.html");
    assert!(page.contains("<html lang=\"sv\""));
    assert!(page.contains("19 oktober 2020"));
    assert!(page.contains("Närvarande") && page.contains("Frånvarande"));
    assert!(
        files.contains_key("personer/index.html")
            && files.contains_key("amnen/index.html")
            && files.contains_key("beslut/index.html")
    );
    assert!(files.contains_key("ar/2020.html"));
    // Swedish collation: Å and Ö after Z.
    let index = text(&files, "personer/index.html");
    let pos = |name: &str| index.find(name).unwrap_or_else(|| panic!("{name} in the people index"));
    assert!(pos("Anna Andersson") < pos("Zara Zetterlund"));
    assert!(pos("Zara Zetterlund") < pos("Åke Åberg"), "Å after Z");
    assert!(pos("Åke Åberg") < pos("Örjan Öberg"), "Ö after Å");
    // The accessibility statement, linked from every page's footer.
    assert!(text(&files, "tillganglighet.html").contains("<title>Tillgänglighetsredogörelse"));
    assert!(page.contains("<a href=\"../tillganglighet.html\">Tillgänglighetsredogörelse</a>"));
    // In the sitemap, which a public build with a `base_url` writes.
    fx.configure("base_url: https://example.org/arkiv/\n");
    let files = fx.built(false, false);
    assert!(text(&files, "sitemap.xml").contains("<loc>https://example.org/arkiv/tillganglighet.html</loc>"));
}

#[test]
fn english_interface() {
    let fx = Fixture::new("basic");
    let config = fx.read("protokoll.yaml").replace("language: sv", "language: en");
    fx.write("protokoll.yaml", &config);
    let files = fx.built(false, false);
    let page = text(&files, "testradet/2020-10-19.html");
    assert!(page.contains("<html lang=\"en\""));
    assert!(page.contains("19 October 2020"));
    assert!(!page.contains("oktober"));
    assert!(page.contains("Present") && page.contains("Absent"));
    assert!(!page.contains("Närvarande"));
    for dir in ["people", "organisations", "tags", "decisions", "years"] {
        assert!(files.keys().any(|p| p.starts_with(&format!("{dir}/"))), "{dir}/");
    }
    assert!(!files.keys().any(|p| p.starts_with("personer/")));
    // Protocol text is never translated.
    assert!(page.contains("Trygghetsinsats i Sätila"));
    // The accessibility statement, linked from every page's footer.
    assert!(!files.contains_key("tillganglighet.html"));
    assert!(text(&files, "accessibility.html").contains("<title>Accessibility statement"));
    assert!(page.contains("<a href=\"../accessibility.html\">Accessibility statement</a>"));
}

#[test]
fn decision_register_groups_decisions_by_meeting() {
    let fx = Fixture::new("basic");
    // A second body meeting on the same day as Testrådet: two groups on one date.
    let mut bodies = fx.read("content/bodies.yaml");
    bodies.push_str("- name: Styrelsen\n  slug: styrelsen\n  numbering: per-meeting\n  profile: council\n");
    fx.write("content/bodies.yaml", &bodies);
    let protocol = fx
        .read("content/testradet/2020-10-19.md")
        .replace("body: Testrådet", "body: Styrelsen")
        .replace("previous: 2020-02-24\n", "")
        .replace("[föregående protokoll](2020-02-24.html#p2)", "föregående protokoll");
    fx.write("content/styrelsen/2020-10-19.md", &protocol);
    let files = fx.built(false, false);
    let page = text(&files, "beslut/2020.html");
    // Each meeting's decisions under one heading that links to the meeting, in the order of
    // the register (newest meeting first), every group numbered once.
    let groups: Vec<&str> = page.split("<section class=\"decision-group\"").skip(1).collect();
    let heading = |g: &str| g.split("</h2>").next().unwrap_or("").to_owned();
    let headings: Vec<String> = groups.iter().map(|g| heading(g)).collect();
    assert_eq!(groups.len(), 3, "{headings:#?}");
    for (i, g) in groups.iter().enumerate() {
        assert!(g.contains(&format!("id=\"meeting-{}\"", i + 1)), "group {} numbered: {}", i + 1, heading(g));
        assert_eq!(g.matches("</section>").count(), 1, "each group closed once");
        assert_eq!(g.matches("<ol class=\"decision-list\">").count(), 1);
    }
    let in_group = |body_dir: &str, date: &str| {
        groups
            .iter()
            .position(|g| heading(g).contains(&format!("href=\"../{body_dir}/{date}.html\"")))
            .unwrap_or_else(|| panic!("a group for {body_dir}/{date}: {headings:#?}"))
    };
    let (a, b, old) =
        (in_group("styrelsen", "2020-10-19"), in_group("testradet", "2020-10-19"), in_group("testradet", "2020-02-24"));
    assert!(a != b && old == 2, "the two meetings of 19 October first, then February: {headings:#?}");
    for (g, dir) in [(a, "styrelsen"), (b, "testradet")] {
        let decisions = groups.get(g).map_or(0, |x| x.matches("<li class=\"decision-entry\">").count());
        assert_eq!(decisions, 2, "both decisions of {dir} 2020-10-19 in its group");
        assert!(groups.get(g).is_some_and(|x| x.contains(&format!("href=\"../{dir}/2020-10-19.html#p2\""))));
    }
    // The navigation marks the body of the page: its own page as current, its protocols as
    // inside it; other bodies not at all.
    let body_page = text(&files, "styrelsen/index.html");
    assert!(body_page.contains("<a href=\"../styrelsen/index.html\" aria-current=\"page\">Styrelsen</a>"));
    assert!(body_page.contains("<a href=\"../testradet/index.html\">Testrådet</a>"));
    let protocol_page = text(&files, "testradet/2020-10-19.html");
    assert!(protocol_page.contains("<a href=\"../testradet/index.html\" class=\"is-active\">Testrådet</a>"));
    assert!(protocol_page.contains("<a href=\"../styrelsen/index.html\">Styrelsen</a>"));
    assert!(text(&files, "beslut/2020.html").contains("<a href=\"../styrelsen/index.html\">Styrelsen</a>"));
}

// ---------------------------------------------------------------------------------------
// Snapshots of two rendered pages

#[test]
fn snapshot_pages() {
    let fx = Fixture::new("basic");
    let files = fx.built(false, false);
    insta::assert_snapshot!("protocol_page", text(&files, "testradet/2020-10-19.html"));
    insta::assert_snapshot!("person_page", text(&files, "personer/zara-zetterlund.html"));
}

// ---------------------------------------------------------------------------------------
// The command line

/// A build releases the protocols' text once their paragraphs are rendered, but the
/// warnings it prints still show the line they are about.
#[test]
fn warnings_of_a_build_show_their_source_line() {
    let fx = Fixture::new("basic");
    let rel = "content/testradet/2020-02-24.md";
    fx.write(rel, &fx.read(rel).replace("## § 2 Lägesbild", "## § 2 Lägesbilden i kommunen"));
    let out = fx.cli_build();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("warning[agenda-title-mismatch]"), "{text}");
    assert!(text.contains("testradet/2020-02-24.md:"), "{text}");
    assert!(text.contains("## § 2 Lägesbilden i kommunen"), "the source line is shown: {text}");

    // Through the library: the file a diagnostic points at keeps its text, the others' is
    // released.
    let built = fx.build().unwrap();
    let warned = built.diagnostics.first().map(|d| d.file).unwrap();
    for (id, f) in built.site.sources.iter().filter(|(_, f)| f.kind == protokoll::source::FileKind::Protocol) {
        assert_eq!(f.text.is_empty(), id != warned, "{}", f.rel);
    }
}

#[test]
fn cli_build_exit_codes() {
    let fx = Fixture::new("basic");
    let run = || fx.cli_build();
    let ok = run();
    assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stderr));
    let before = read_tree(&fx.out);
    assert!(before.contains_key("index.html"));
    fx.write("content/testradet/2021-01-11.md", CHAIR_NOT_ATTENDEE);
    let failed = run();
    assert_eq!(failed.status.code(), Some(1), "{}", String::from_utf8_lossy(&failed.stderr));
    assert!(
        String::from_utf8_lossy(&failed.stderr).contains("chair-not-attendee")
            || String::from_utf8_lossy(&failed.stdout).contains("chair-not-attendee")
    );
    assert_eq!(read_tree(&fx.out), before);
    assert_eq!(listing(fx.out.parent().unwrap()), ["public"]);
}
