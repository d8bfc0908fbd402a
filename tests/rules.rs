//! Rule fixtures: every folder under `tests/rules/` is a small site (or a folder of
//! small sites) whose files say, in comments, which diagnostics checking must produce.
//!
//! ```text
//! <!-- expect: paragraph-number-gap @ 14 -->     in Markdown
//! # expect: person-near-miss @ 7                 in YAML (protokoll.yaml, content/*.yaml, front matter)
//! ```
//!
//! `@ N` is the 1-based line of the diagnostic's primary span in the file holding the
//! comment; `@ 0` is a diagnostic without a span. One comment may hold several
//! expectations separated by `;`. The test compares the set of (file, rule, line) of
//! *every* diagnostic with the set of expectations, so a fixture must be clean apart
//! from what it expects. Files that cannot hold comments are listed in `expect.txt` at
//! the site's root. See tests/README.md.
//!
//! `FIXTURE=<name>` runs only the fixtures whose folder name contains `<name>`;
//! `FIXTURE_SHOW=1` prints every diagnostic with its label, help, related places and fix.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use protokoll::check::{Run, rules::RULES};

/// One diagnostic, as a fixture names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    file: String,
    line: usize,
    rule: String,
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}  {}", self.file, self.line, self.rule)
    }
}

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("rules")
}

/// Sorted subfolders of `dir`.
fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    dirs.sort();
    dirs
}

/// A site folder has `content/` or `protokoll.yaml`; any other folder holds sites.
fn is_site(dir: &Path) -> bool {
    dir.join("content").is_dir() || dir.join("protokoll.yaml").is_file()
}

/// The sites of one rule's fixture folder: itself, or each of its subfolders.
fn sites(fixture: &Path) -> Vec<PathBuf> {
    if is_site(fixture) { vec![fixture.to_path_buf()] } else { subdirs(fixture) }
}

/// Every file of a site, with its `/`-separated path relative to the site.
fn files(root: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else { continue };
        for entry in rd.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(root) {
                let rel: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                out.push((rel.join("/"), path));
            }
        }
    }
    out.sort();
    out
}

/// Expected diagnostics with how many of each (the same expectation twice: two diagnostics).
type Expected = BTreeMap<Key, usize>;

/// The expectations written in one file's text; malformed ones are errors.
fn expectations(rel: &str, text: &str, out: &mut Expected, errors: &mut Vec<String>) {
    for (n, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("expect:") {
            let before = rest.get(..at).unwrap_or("").trim_end();
            let after = rest.get(at + "expect:".len()..).unwrap_or("");
            let html = before.ends_with("<!--");
            let yaml = before.ends_with('#') && {
                let b = before.trim_end_matches('#');
                b.is_empty() || b.ends_with(char::is_whitespace)
            };
            if !html && !yaml {
                rest = after;
                continue;
            }
            let (body, next) = if html {
                match after.find("-->") {
                    Some(end) => (after.get(..end).unwrap_or(""), after.get(end + 3..).unwrap_or("")),
                    None => (after, ""),
                }
            } else {
                (after, "")
            };
            for item in body.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                match parse_expectation(item) {
                    Some((rule, line)) => {
                        *out.entry(Key { file: rel.to_owned(), line, rule: rule.to_owned() }).or_default() += 1;
                    }
                    None => errors
                        .push(format!("{rel}:{}: malformed expectation `{item}`: write `<rule-id> @ <line>`", n + 1)),
                }
            }
            rest = next;
        }
    }
}

/// A list of expectations at the root of a site, for files that cannot hold comments
/// (not UTF-8, or kept byte for byte as a real sample): `<file>: <rule-id> @ <line>` a
/// line; blank lines and lines starting with `#` are skipped.
const EXPECT_FILE: &str = "expect.txt";

fn expect_file(text: &str, out: &mut Expected, errors: &mut Vec<String>) {
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_once(": ").and_then(|(file, item)| Some((file.trim(), parse_expectation(item)?))) {
            Some((file, (rule, at))) => {
                *out.entry(Key { file: file.to_owned(), line: at, rule: rule.to_owned() }).or_default() += 1;
            }
            None => errors.push(format!(
                "{EXPECT_FILE}:{}: malformed expectation `{line}`: write `<file>: <rule-id> @ <line>`",
                n + 1
            )),
        }
    }
}

fn parse_expectation(item: &str) -> Option<(&str, usize)> {
    let (rule, line) = item.split_once('@')?;
    let rule = rule.trim();
    let ok = !rule.is_empty() && rule.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    ok.then_some(())?;
    Some((rule, line.trim().parse().ok()?))
}

/// Every expectation written in a site's files, and errors in writing them.
fn site_expectations(site: &Path) -> (Expected, Vec<String>) {
    let mut expected = Expected::new();
    let mut errors = Vec::new();
    for (rel, path) in files(site) {
        let Ok(bytes) = std::fs::read(&path) else { continue };
        let text = String::from_utf8_lossy(&bytes);
        if rel == EXPECT_FILE {
            expect_file(&text, &mut expected, &mut errors);
        } else {
            expectations(&rel, &text, &mut expected, &mut errors);
        }
    }
    for key in expected.keys() {
        if protokoll::check::rule(&key.rule).is_none() {
            errors.push(format!("{}:{}: no rule `{}`", key.file, key.line, key.rule));
        }
    }
    (expected, errors)
}

/// Checks one site against its expectations; `Err` holds the report of the differences.
fn run_site(site: &Path, expected: &Expected, errors: &[String]) -> Result<(), String> {
    let (loaded, diagnostics) =
        protokoll::check_site(site).map_err(|e| format!("  error       the site cannot be loaded: {e}\n"))?;
    let mut actual: Vec<(Key, String)> = diagnostics
        .iter()
        .map(|d| {
            let file = loaded.sources.get(d.file);
            let key = Key {
                file: file.map_or_else(|| format!("<file {}>", d.file.0), |f| f.rel.clone()),
                line: match (file, d.span) {
                    (Some(f), Some(span)) => f.line_col(span.start).line,
                    _ => 0,
                },
                rule: d.rule.to_owned(),
            };
            (key, d.message.clone())
        })
        .collect();
    actual.sort();
    if std::env::var_os("FIXTURE_SHOW").is_some() {
        for d in &diagnostics {
            let file = loaded.sources.get(d.file);
            let at = match (file, d.span) {
                (Some(f), Some(s)) => format!("{}:{}", f.rel, f.line_col(s.start).line),
                (Some(f), None) => f.rel.clone(),
                _ => String::new(),
            };
            eprintln!("{at} [{}] {}", d.rule, d.message);
            if let Some(l) = &d.label {
                eprintln!("    label: {l}");
            }
            if let Some(h) = &d.help {
                eprintln!("    help: {h}");
            }
            for r in &d.related {
                let rf = loaded.sources.get(r.file);
                let line = rf.map_or(0, |f| f.line_col(r.span.start).line);
                eprintln!("    related: {}:{line} {}", rf.map_or("?", |f| f.rel.as_str()), r.message);
            }
            if let Some(fix) = &d.fix {
                let edits: Vec<String> = fix
                    .edits
                    .iter()
                    .map(|e| format!("{:?} -> {:?}", file.map_or("", |f| f.slice(e.span)), e.replacement))
                    .collect();
                eprintln!("    fix: {} [{}]", fix.description, edits.join(", "));
            }
        }
    }

    let mut report = String::new();
    for e in errors {
        let _ = writeln!(report, "  error       {e}");
    }
    // Match each diagnostic against an expectation, as many times as it was written.
    let mut left = expected.clone();
    let mut unexpected = Vec::new();
    for (key, message) in &actual {
        match left.get_mut(key) {
            Some(n) if *n > 0 => *n -= 1,
            _ => unexpected.push((key, message)),
        }
    }
    for (key, n) in left.iter().filter(|(_, n)| **n > 0) {
        for _ in 0..*n {
            let _ = writeln!(report, "  missing     {key}");
        }
    }
    for (key, message) in unexpected {
        let _ = writeln!(report, "  unexpected  {key}  {message}");
    }
    if report.is_empty() { Ok(()) } else { Err(report) }
}

#[test]
fn rule_fixtures() {
    let root = fixtures_root();
    let filter = std::env::var("FIXTURE").ok().filter(|f| !f.is_empty());
    let fixtures = subdirs(&root);
    let mut failures = Vec::new();
    let mut report = String::new();

    for fixture in &fixtures {
        let name = fixture.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if filter.as_deref().is_some_and(|f| !name.contains(f)) {
            continue;
        }
        // A folder named after a rule must show that rule firing; other folders (a real
        // sample, a mix of rules) are extra cases.
        let is_rule = protokoll::check::rule(&name).is_some();
        let sites = sites(fixture);
        if sites.is_empty() {
            let _ = writeln!(report, "\ntests/rules/{name}: no site (a folder with content/ or protokoll.yaml)");
            failures.push(name.clone());
        }
        let mut tests_itself = false;
        for site in &sites {
            let shown = site.strip_prefix(&root).unwrap_or(site).to_string_lossy().replace('\\', "/");
            let (expected, errors) = site_expectations(site);
            tests_itself |= expected.keys().any(|k| k.rule == name);
            if let Err(r) = run_site(site, &expected, &errors) {
                let _ = write!(report, "\ntests/rules/{shown}:\n{r}");
                failures.push(shown);
            }
        }
        if is_rule && !sites.is_empty() && !tests_itself {
            let _ = writeln!(
                report,
                "\ntests/rules/{name}: expects no `{name}` diagnostic; a fixture must show its rule firing"
            );
            failures.push(name.clone());
        }
    }

    // Every check is tested: each rule that runs on protocols or the archive has a fixture.
    if filter.is_none() {
        let untested: Vec<&str> =
            RULES.iter().filter(|r| !matches!(r.run, Run::Parser) && !root.join(r.id).is_dir()).map(|r| r.id).collect();
        if !untested.is_empty() {
            let _ = writeln!(
                report,
                "\nrules without a fixture (every check needs tests/rules/<rule-id>/):\n  {}",
                untested.join("\n  ")
            );
            failures.push(format!("{} rules without a fixture", untested.len()));
        }
    }

    assert!(
        failures.is_empty(),
        "rule fixtures failed:{report}\n{} failing: {}\n(run one with FIXTURE=<rule-id> cargo test rule_fixtures)",
        failures.len(),
        failures.join(", ")
    );
}

#[test]
fn expectations_are_read_from_comments() {
    let mut set = Expected::new();
    let mut errors = Vec::new();
    let md = "---\nbody: X # expect: invalid-value @ 2\n---\n<!-- expect: a-b @ 4 --> <!-- expect: c @ 5; d @ 0; c @ 5 -->\n\
              # Rubrik utan expect\nsee expect: nothing here\n<!-- expect: broken -->\n";
    expectations("f.md", md, &mut set, &mut errors);
    let got: Vec<String> = set.iter().map(|(k, n)| format!("{k} x{n}")).collect();
    assert_eq!(got, ["f.md:0  d x1", "f.md:2  invalid-value x1", "f.md:4  a-b x1", "f.md:5  c x2"]);
    assert_eq!(errors.len(), 1, "{errors:?}");
}
