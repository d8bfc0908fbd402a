//! Tests: hostile inputs. Files meant to break the loader and the parsers: malformed,
//! unclosed or missing front matter, values of the wrong type, an empty file, bytes that
//! are not UTF-8, a YAML alias bomb, Markdown nested 50,000 deep, a 10 MB line, CRLF line
//! ends, a byte-order mark, NUL bytes.
//!
//! All of them go into one site with one valid protocol. Checking must report each as an
//! error that names the file (and the line, where there is one), finish in bounded time
//! without a panic, and go on with the other files: the valid protocol stays clean. The
//! site is checked twice: through the library (`protokoll::check_site`) and through the
//! command (`protokoll check DIR --format json`), each under a timeout.
//!
//! `deep_markdown_builds` sends the deep cases, as valid protocols, through `protokoll
//! build` as well.
//!
//! The cases whose front matter is valid (deep nesting, the long line, CRLF, the BOM, a NUL
//! in the text) carry one planted error after the hostile part, at a known line, so the
//! test also shows that the parser went on past it and still counts lines right.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

/// How long checking the whole hostile site may take (debug build, two busy cores).
const TIMEOUT: Duration = Duration::from_secs(20);

/// Nesting depth of the deep Markdown cases.
const DEPTH: usize = 50_000;

/// Levels of the indented list: each level indents two more spaces, so the file grows with
/// the square of the depth (1,000 levels are 1 MB; 50,000 would be 2.5 GB). Checking time
/// grows with the file, not faster (release: 0.1 s for 2,000 levels, 0.4 s for 4,000).
const INDENTED_DEPTH: usize = 1_000;

/// A valid front matter; the body starts on line 10.
const FRONT: &str = "---
body: Rådet
date: 2020-01-01
chair: Anna Berg
attendees:
  - { name: Anna Berg, org: Kommunstyrelsen }
  - { name: Per Lund, org: Polisen }
---

";

/// The planted error after a hostile part: § 3 follows § 1.
const GAP: &str = "\n\n## § 3 Efter\n\nTexten fortsätter efter det fientliga stycket.\n";

/// A protocol no rule objects to (the example of FORMAT.md).
const VALID: &str = r#"---
body: Trygghets- och säkerhetsrådet
date: 2020-10-19
time: "13:00-15:00"
location: Boråsvägen 40, Öresten
status: adjusted
chair: Tomas Johansson
secretary: Rickard Silva
adjusters: [Annika Stomberg]
justering: { date: 2020-10-26, place: Kommunhuset }
anslag: { up: 2020-10-27, down: 2020-11-18 }
attendees:
  - { name: Tomas Johansson, org: Kommunstyrelsen, role: ordförande }
  - { name: Talieh Ashjari, org: Socialförvaltningen, role: ledamot }
  - { name: Calle Larsson, org: Socialförvaltningen, role: ersättare, serves_for: Eva Berg }
  - { name: Annika Stomberg, org: Polisen }
  - { name: Rickard Silva, org: Kommunledningskontoret, role: sekreterare }
absent:
  - { name: Eva Berg, org: Socialförvaltningen }
tags: [covid-19, kameraövervakning]
agenda:
  - Föregående mötesprotokoll
  - Nya representanter i Trygghets- och säkerhetsrådet
  - title: Övriga frågor
    items: [Effektiv samordning för trygghet (EST), Områdesdagar och dialogmöten]
---

## § 1 Föregående mötesprotokoll

Rådets ledamöter har på förhand tagit del av föregående mötesprotokoll.

## § 2 Nya representanter i Trygghets- och säkerhetsrådet {dnr="KS 2020/118"}

Rådets nya representanter hälsas välkomna av ordföranden och övriga ledamöter.

### Beslut

Rådet välkomnar de nya representanterna.

## § 3 Övriga frågor

### Effektiv samordning för trygghet (EST)

Arbetet startas upp under våren 2021.

### Områdesdagar och dialogmöten

Områdesdagarna flyttas till 2021 i samarbete med polisen och räddningstjänsten.
"#;

const VALID_PATH: &str = "content/radet/2020-10-19.md";

/// One hostile file and what checking must report on it.
struct Case {
    /// Its folder under `content/`: one body a case, so a path says what the case is.
    name: &'static str,
    bytes: Vec<u8>,
    /// Error-level diagnostics the file must get: rule id and 1-based line (`None`: any
    /// line, but a line there must be).
    expect: Vec<(&'static str, Option<usize>)>,
    /// Where the column is known too: (rule, column).
    column: Option<(&'static str, usize)>,
}

impl Case {
    fn new(name: &'static str, bytes: impl Into<Vec<u8>>, rule: &'static str, line: Option<usize>) -> Self {
        Self { name, bytes: bytes.into(), expect: vec![(rule, line)], column: None }
    }

    fn path(&self) -> String {
        format!("content/{}/2020-01-01.md", self.name)
    }
}

/// The 1-based line of the first `needle` in `bytes`.
fn line_of(bytes: &[u8], needle: &str) -> usize {
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
        .unwrap_or_else(|| panic!("{needle:?} not in the case"));
    // One piece a line: the pieces before `at` count the line it is on.
    bytes[..at].split(|&b| b == b'\n').count()
}

/// A case of a valid front matter, then `§ 1` holding `hostile`, then the planted gap.
fn planted(name: &'static str, hostile: &str) -> Case {
    let text = format!("{FRONT}## § 1 Fientligt\n\n{hostile}{GAP}");
    let line = line_of(text.as_bytes(), "## § 3");
    Case::new(name, text, "paragraph-number-gap", Some(line))
}

/// Deeply nested Markdown, by case name; valid protocols apart from their depth, for the
/// parser here and for the renderer (`protokoll build`) too.
pub fn deep_markdown() -> Vec<(&'static str, String)> {
    let mut indented = String::new();
    for level in 0..INDENTED_DEPTH {
        indented.push_str(&"  ".repeat(level));
        indented.push_str("- nivå\n");
    }
    vec![
        ("deep-blockquote", format!("{} text", ">".repeat(DEPTH))),
        ("deep-list", format!("{}text", "- ".repeat(DEPTH))),
        ("deep-list-indented", indented),
        ("deep-brackets", "[".repeat(DEPTH)),
        ("deep-mixed", format!("{}text", "> - ".repeat(DEPTH / 2))),
    ]
}

fn cases() -> Vec<Case> {
    let mut cases = vec![
        // `mapping values are not allowed`: the second `: ` on line 4.
        Case::new(
            "malformed-yaml",
            "---\nbody: Rådet\ndate: 2020-01-01\nlocation: Kommunhuset: sal 3\nattendees: [Anna Berg]\n---\n\n## § 1 A\n\nText.\n",
            "front-matter-malformed",
            Some(4),
        ),
        Case::new(
            "unclosed-front-matter",
            "---\nbody: Rådet\ndate: 2020-01-01\nattendees: [Anna Berg]\n\n## § 1 A\n\nText.\n",
            "front-matter-malformed",
            Some(1),
        ),
        Case::new("no-front-matter", "## § 1 Öppnande\n\nText utan front matter.\n", "front-matter-missing", Some(1)),
        Case::new(
            "list-for-mapping",
            "---\nbody: Rådet\ndate: 2020-01-01\njustering: [a, b]\nattendees: [Anna Berg]\n---\n\n## § 1 A\n\nText.\n",
            "wrong-type",
            Some(4),
        ),
        Case::new(
            "date-as-number",
            "---\nbody: Rådet\ndate: 20201019\nattendees: [Anna Berg]\n---\n\n## § 1 A\n\nText.\n",
            "wrong-type",
            Some(3),
        ),
        Case::new(
            "string-for-list",
            "---\nbody: Rådet\ndate: 2020-01-01\nadjusters: Anna\nattendees: [Anna Berg]\n---\n\n## § 1 A\n\nText.\n",
            "wrong-type",
            Some(4),
        ),
        Case::new("empty", "", "front-matter-missing", Some(1)),
        // Windows-1252: "Rådet" with å as the single byte 0xE5, on line 2.
        Case::new(
            "windows-1252",
            b"---\nbody: R\xe5det\ndate: 2020-01-01\nattendees: [Anna Berg]\n---\n\n## \xa7 1 A\n\nText.\n".to_vec(),
            "file-not-utf8",
            Some(2),
        ),
        Case::new("alias-bomb", alias_bomb(), "front-matter-malformed", None),
        // A NUL is not allowed in YAML: the one on line 4.
        Case::new(
            "nul-in-front-matter",
            "---\nbody: Rådet\ndate: 2020-01-01\nlocation: Kommun\0huset\nattendees: [Anna Berg]\n---\n\n## § 1 A\n\nText.\n",
            "front-matter-malformed",
            Some(4),
        ),
    ];
    for (name, markdown) in deep_markdown() {
        cases.push(planted(name, &markdown));
    }
    cases.push(planted("long-line", &"ord ".repeat(2_500_000)));
    cases.push(planted("nul-in-text", "Text med en NUL\0 mitt i."));

    // CRLF and a BOM are allowed: a finding on line 4 is on line 4, its value at column 8.
    let chair_elsewhere = format!("{FRONT}## § 1 A\n\nText.\n").replace("chair: Anna Berg", "chair: Nobody Här");
    let mut crlf = Case::new("crlf", chair_elsewhere.replace('\n', "\r\n"), "chair-not-attendee", Some(4));
    crlf.column = Some(("chair-not-attendee", 8));
    let mut bom = Case::new("bom", format!("\u{feff}{chair_elsewhere}"), "chair-not-attendee", Some(4));
    bom.column = Some(("chair-not-attendee", 8));
    cases.extend([crlf, bom]);
    cases
}

/// Billion laughs: nine anchors, each a list of nine aliases of the one before (9^9 leaves).
fn alias_bomb() -> String {
    let mut yaml = String::from(
        "---\nbody: Rådet\ndate: 2020-01-01\nattendees: [Anna Berg]\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    let mut prev = 'a';
    for c in 'b'..='j' {
        let refs = vec![format!("*{prev}"); 9].join(", ");
        let _ = writeln!(yaml, "{c}: &{c} [{refs}]");
        prev = c;
    }
    yaml.push_str("---\n\n## § 1 A\n\nText.\n");
    yaml
}

/// Writes the hostile site; returns the cases.
fn write_site(root: &Path) -> Vec<Case> {
    let cases = cases();
    let write = |rel: &str, bytes: &[u8]| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, bytes).expect("write");
    };
    write("protokoll.yaml", b"title: Fientliga filer\nlanguage: sv\n");
    write(VALID_PATH, VALID.as_bytes());
    for case in &cases {
        write(&case.path(), &case.bytes);
    }
    cases
}

/// A diagnostic as the test sees it, from the library or from the JSON.
#[derive(Debug, Clone)]
struct Found {
    rule: String,
    severity: String,
    line: Option<usize>,
    column: Option<usize>,
}

/// Checks the findings per file against the cases; `source` names where they came from.
fn assert_findings(cases: &[Case], by_file: &BTreeMap<String, Vec<Found>>, source: &str) {
    let mut failures = Vec::new();
    let valid = by_file.get(VALID_PATH).cloned().unwrap_or_default();
    if !valid.is_empty() {
        failures.push(format!("{VALID_PATH}: the valid protocol got {valid:?}"));
    }
    for case in cases {
        let path = case.path();
        let found = by_file.get(&path).cloned().unwrap_or_default();
        for &(rule, line) in &case.expect {
            let hit = found.iter().find(|f| {
                f.rule == rule && f.severity == "error" && f.line.is_some() && (line.is_none() || f.line == line)
            });
            match hit {
                None => failures.push(format!("{path}: expected error {rule} at line {line:?}, got {found:?}")),
                Some(f) => {
                    if let Some((r, column)) = case.column
                        && r == rule
                        && f.column != Some(column)
                    {
                        failures.push(format!("{path}: {rule} at column {:?}, expected {column}", f.column));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{source}:\n{}", failures.join("\n"));
}

/// Runs `protokoll ARGS`, killing it after [`TIMEOUT`]; returns its status, standard
/// output and standard error. Fails the test on a timeout or a panic.
fn run_with_timeout(args: &[&str]) -> (std::process::ExitStatus, Vec<u8>, String) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_protokoll"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run protokoll");
    // Read both pipes on threads, so a full pipe cannot stall the child while we wait.
    let read = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = pipe.read_to_end(&mut buf);
            buf
        })
    };
    let stdout = read(Box::new(child.stdout.take().expect("stdout")));
    let stderr = read(Box::new(child.stderr.take().expect("stderr")));
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`protokoll {}` did not finish within {TIMEOUT:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = stdout.join().expect("stdout reader");
    let stderr = String::from_utf8_lossy(&stderr.join().expect("stderr reader")).into_owned();
    eprintln!("protokoll {}: {:.2?}", args.first().unwrap_or(&""), started.elapsed());
    assert!(!stderr.contains("panicked"), "`protokoll {}` panicked:\n{stderr}", args.join(" "));
    (status, stdout, stderr)
}

#[test]
fn hostile_files_are_reported_by_the_library() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases = write_site(dir.path());
    let root = dir.path().to_path_buf();

    // On a thread, so a hang fails the test after the timeout instead of stalling the run.
    let (tx, rx) = mpsc::channel();
    let started = Instant::now();
    std::thread::spawn(move || {
        let result = protokoll::check_site(&root).map(|(site, diagnostics)| {
            let files: Vec<String> = site.sources.iter().map(|(_, f)| f.rel.clone()).collect();
            let mut by_file: BTreeMap<String, Vec<Found>> = BTreeMap::new();
            for d in &diagnostics {
                let Some(file) = site.sources.get(d.file) else { continue };
                let at = d.span.map(|s| file.line_col(s.start));
                by_file.entry(file.rel.clone()).or_default().push(Found {
                    rule: d.rule.to_owned(),
                    severity: d.severity.as_str().to_owned(),
                    line: at.map(|p| p.line),
                    column: at.map(|p| p.column),
                });
            }
            (files, by_file)
        });
        let _ = tx.send(result.map_err(|e| e.to_string()));
    });
    let (files, by_file) = match rx.recv_timeout(TIMEOUT) {
        Ok(result) => result.expect("the site loads"),
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("check_site did not finish within {TIMEOUT:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("check_site panicked"),
    };
    eprintln!("check_site on the hostile site: {:.2?}", started.elapsed());

    // Checking went on: every file was read.
    for path in cases.iter().map(Case::path).chain([VALID_PATH.to_owned()]) {
        assert!(files.contains(&path), "{path} is missing from the site's files");
    }
    assert_findings(&cases, &by_file, "check_site");
}

#[test]
fn hostile_files_are_reported_by_the_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases = write_site(dir.path());
    let site = dir.path().to_str().expect("UTF-8 temp path");

    let (status, stdout, stderr) = run_with_timeout(&["check", site, "--format", "json"]);

    assert_eq!(status.code(), Some(1), "errors make `check` exit with 1; stderr:\n{stderr}");
    let report: Value = serde_json::from_slice(&stdout).unwrap_or_else(|e| {
        panic!("stdout is not JSON ({e}):\n{}\nstderr:\n{stderr}", String::from_utf8_lossy(&stdout))
    });
    assert_eq!(report["version"], 1);
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics is a list");
    let mut by_file: BTreeMap<String, Vec<Found>> = BTreeMap::new();
    for d in diagnostics {
        for key in ["file", "line", "column", "severity", "rule", "message", "help"] {
            assert!(d.get(key).is_some(), "a diagnostic without `{key}`: {d}");
        }
        let file = d["file"].as_str().expect("file is text").to_owned();
        assert!(!file.contains('\\'), "paths use `/`: {file}");
        let line = d["line"].as_u64().map(|l| l as usize);
        let column = d["column"].as_u64().map(|c| c as usize);
        by_file.entry(file).or_default().push(Found {
            rule: d["rule"].as_str().expect("rule is text").to_owned(),
            severity: d["severity"].as_str().expect("severity is text").to_owned(),
            line,
            column,
        });
    }
    assert_findings(&cases, &by_file, "protokoll check --format json");

    let summary = &report["summary"];
    let errors = summary["errors"].as_u64().expect("summary.errors");
    assert!(errors as usize >= cases.len(), "summary counts {errors} errors for {} hostile files", cases.len());
    assert_eq!(summary["files"].as_u64(), Some(cases.len() as u64 + 2), "every file is counted: {summary}");
}

/// The renderer gets the deep cases too, as valid protocols: the build must succeed in
/// bounded time, and each page must go on past the nesting to the next paragraph.
#[test]
fn deep_markdown_builds() {
    const AFTER: &str = "Texten fortsätter efter djupet.";
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    let out = dir.path().join("out");
    let mut names = Vec::new();
    let mut cases = deep_markdown();
    cases.push(("long-line", "ord ".repeat(2_500_000)));
    for (name, markdown) in cases {
        let path = site.join(format!("content/{name}/2020-01-01.md"));
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        let text = format!("{FRONT}## § 1 Djupt\n\n{markdown}\n\n## § 2 Efter\n\n{AFTER}\n");
        std::fs::write(&path, text).expect("write");
        names.push(name);
    }
    std::fs::write(site.join("protokoll.yaml"), "title: Djup Markdown\nlanguage: sv\n").expect("write");

    let (status, _, stderr) =
        run_with_timeout(&["build", site.to_str().expect("UTF-8"), "--out", out.to_str().expect("UTF-8")]);
    assert_eq!(status.code(), Some(0), "the build fails:\n{stderr}");

    // Each case's page, wherever the renderer puts it: an HTML file under a folder named
    // after the case that has the text after the nesting.
    let mut pages = Vec::new();
    let mut stack = vec![out.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read output") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                pages.push(path);
            }
        }
    }
    for name in names {
        let found = pages.iter().any(|page| {
            page.components().any(|c| c.as_os_str() == name)
                && std::fs::read_to_string(page).is_ok_and(|html| html.contains(AFTER))
        });
        assert!(found, "no page of {name} renders the paragraph after the nesting");
    }
}
