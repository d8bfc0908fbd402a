//! Tests: snapshots (insta) of rendered diagnostics, human and machine formats, so a
//! change in layout or wording shows in review. Diagnostics are built here by hand, so
//! the renderers are tested on every shape a rule can produce; one snapshot runs the
//! binary on a site. Update with `cargo insta review`, or `INSTA_UPDATE=always cargo test`
//! and review the diff.

use protokoll::diagnostic::{Diagnostic, Edit, Severity, Summary, github, human, json, sarif};
use protokoll::source::{FileId, FileKind, SourceFile, SourceMap, Span};

use crate::cli::{Site, broken_site, stdout};

/// A source map of `(site-relative path, text)` files, ids in order.
fn sources(files: &[(&str, &str)]) -> SourceMap {
    let mut map = SourceMap::default();
    for (rel, text) in files {
        map.add(SourceFile::new(rel.into(), (*rel).to_owned(), FileKind::Protocol, (*text).to_owned()));
    }
    map
}

/// The span of the `nth` (0-based) occurrence of `needle` in `text`.
fn span(text: &str, needle: &str, nth: usize) -> Span {
    let start = text.match_indices(needle).nth(nth).map(|(i, _)| i).expect("needle in text");
    Span::new(start, start + needle.len())
}

fn plain() -> human::Options {
    human::Options::default()
}

/// The protocol of the style guide's example: `## § 4 Avslutning` on line 31.
fn gap_protocol() -> String {
    let mut text = String::from("---\nbody: Trygghets- och säkerhetsrådet\ndate: 2020-10-19\n---\n\n");
    text.push_str("## § 1 Föregående mötesprotokoll\n\nGodkänns.\n\n## § 2 Övriga frågor\n\n");
    while text.lines().count() < 30 {
        text.push_str("Text.\n");
    }
    text.push_str("## § 4 Avslutning\n");
    text
}

#[test]
fn human_matches_the_style_guide() {
    let text = gap_protocol();
    let map = sources(&[("content/trygghetsradet/2020-10-19.md", &text)]);
    let d = Diagnostic::new(
        "paragraph-number-gap",
        FileId(0),
        Some(span(&text, "§ 4", 0)),
        "§ 4 follows § 2; § 3 is missing",
    )
    .with_label("expected § 3")
    .with_help("renumber with `protokoll fix`");
    let want = "\
error[paragraph-number-gap]: § 4 follows § 2; § 3 is missing
  --> content/trygghetsradet/2020-10-19.md:31:4
   |
31 | ## § 4 Avslutning
   |    ^^^ expected § 3
   = help: renumber with `protokoll fix`

";
    assert_eq!(human::render(&[d], &map, &plain()), want);
}

#[test]
fn human_shapes() {
    let gap = gap_protocol();
    let crlf = "---\r\nbody: Rådet\r\ndate: 2020-1-5\r\n---\r\n\r\n## § 1 Öppnande\r\n";
    let wide = format!(
        "---\nbody: Rådet\n---\n{}Sätila 漢字 personnummer 19121212-1212 {}\n",
        "å".repeat(300),
        "ö".repeat(300)
    );
    let hostile = "---\nbody: \u{1b}[31mRöd\u{1b}[0m\t\u{202e}txt\n---\n";
    let files = [
        ("content/trygghetsradet/2020-10-19.md", gap.as_str()),
        ("content/radet/2020-01-05.md", crlf),
        ("content/radet/2020-02-02.md", wide.as_str()),
        ("content/radet/2020-03-03.md", hostile),
        ("content/radet/2020-04-04.md", "no newline at the end"),
    ];
    let map = sources(&files);
    let mut diags = vec![
        // Related place in the same file, a fix, a help of two lines.
        Diagnostic::new(
            "paragraph-number-gap",
            FileId(0),
            Some(span(&gap, "§ 4", 0)),
            "§ 4 follows § 2; § 3 is missing",
        )
        .with_label("expected § 3")
        .with_related(FileId(0), span(&gap, "§ 2", 0), "§ 2 is here")
        .with_help("renumber with `protokoll fix`\nor add the missing paragraph")
        .with_fix("renumber § 4 as § 3", vec![Edit { span: span(&gap, "4", 0), replacement: "3".into() }]),
        // A warning in a CRLF file, with a related place in another file.
        Diagnostic::new(
            "invalid-date",
            FileId(1),
            Some(span(crlf, "2020-1-5", 0)),
            "`2020-1-5` is not a date like 2020-01-05",
        )
        .with_label("month and day take two digits")
        .with_related(FileId(0), span(&gap, "date: 2020-10-19", 0), "written in full here"),
        // A span running over the line end: drawn to the end of its first line.
        Diagnostic::new("front-matter-malformed", FileId(1), Some(span(crlf, "body: Rådet\r\ndate", 0)), "two lines"),
        // A 700-column line: cut around the caret.
        Diagnostic::new(
            "personnummer",
            FileId(2),
            Some(span(&wide, "19121212-1212", 0)),
            "a personal identity number in public text",
        )
        .with_label("personnummer"),
        // Terminal escapes and bidi overrides in the file and the message are shown, not obeyed.
        Diagnostic::new("invalid-value", FileId(3), Some(span(hostile, "Röd", 0)), "body `\u{1b}[31mRöd`")
            .with_label("\u{202e}here"),
        // Empty span at the very end of a file without a final newline; past the end.
        Diagnostic::new("no-paragraphs", FileId(4), Some(Span::point(21)), "the protocol has no paragraphs"),
        Diagnostic::new("no-paragraphs", FileId(4), Some(Span { start: 500, end: 400 }), "a span past the end"),
        // No span: the whole file; the label becomes a note.
        Diagnostic::new(
            "file-unreadable",
            FileId(4),
            None,
            "cannot read content/radet/2020-04-04.md: permission denied",
        )
        .with_label("the whole file")
        .with_help("check the file's permissions"),
    ];
    if let Some(d) = diags.get_mut(1) {
        d.severity = Severity::Warning;
    }
    let mut out = human::render(&diags, &map, &plain());
    out.push_str(&human::summary_line(&diags, 7, &plain()));
    insta::assert_snapshot!("human_shapes", out);
}

#[test]
fn human_summary_lines() {
    let map = sources(&[("content/a/2020-01-01.md", "x"), ("content/b/2020-01-01.md", "y")]);
    let e = |f| Diagnostic::new("no-paragraphs", FileId(f), None, "m");
    let mut w = e(1);
    w.severity = Severity::Warning;
    let lines: Vec<String> = [vec![], vec![e(0)], vec![e(0), e(0)], vec![w.clone()], vec![e(0), w.clone(), w]]
        .iter()
        .map(|d| human::summary_line(d, if d.is_empty() { 1 } else { 12 }, &plain()))
        .collect();
    let _ = map;
    insta::assert_snapshot!("human_summary_lines", lines.join("\n"));
}

#[test]
fn a_ten_megabyte_line_renders_quickly_and_short() {
    let text = format!("---\nbody: {}X\n---\n", "a".repeat(10 << 20));
    let map = sources(&[("content/r/2020-01-01.md", &text)]);
    let at = text.find('X').expect("X");
    let diags: Vec<Diagnostic> = (0..3)
        .map(|_| Diagnostic::new("invalid-value", FileId(0), Some(Span::new(at, at + 1)), "far out").with_label("here"))
        .collect();
    let started = std::time::Instant::now();
    let out = human::render(&diags, &map, &plain());
    assert!(out.lines().all(|l| l.chars().count() <= human::MAX_LINE_WIDTH + 12), "lines are cut");
    assert!(
        out.contains("| …aaaa") && out.contains("aaaaX\n"),
        "{}",
        out.lines().take(6).collect::<Vec<_>>().join("\n")
    );
    assert!(out.contains(":2:10485767\n"), "the true column");
    // Line/column lookup is linear in the line (and unoptimised in tests), the excerpt
    // only in the window shown.
    assert!(started.elapsed().as_secs() < 10, "took {:?}", started.elapsed());
}

/// Diagnostics with every optional part, for the machine formats.
fn machine_case() -> (SourceMap, Vec<Diagnostic>) {
    let a = "---\nbody: Rådet\njustering: { place: Sätila 𝄞, date: 20201026 }\n---\n\n## § 1 Öppnande\n\n## § 3 Slut\n";
    let map = sources(&[
        ("content/rådet/2020-10-19.md", a),
        ("content/rådet/2020-11-02.md", "Utan front matter, 50%: a,b\n"),
    ]);
    let mut warn = Diagnostic::new(
        "front-matter-missing",
        FileId(1),
        Some(Span::point(0)),
        "the protocol has no front matter, 50%: a,b",
    )
    .with_label("expected `---`");
    warn.severity = Severity::Warning;
    let diags = vec![
        Diagnostic::new(
            "wrong-type",
            FileId(0),
            Some(span(a, "20201026", 0)),
            "`justering.date` is a number (20201026), not a date",
        )
        .with_label("expected a date like 2020-10-26")
        .with_help("write the date with dashes")
        .with_fix(
            "write the date with dashes",
            vec![Edit { span: span(a, "20201026", 0), replacement: "2020-10-26".into() }],
        ),
        Diagnostic::new("paragraph-number-gap", FileId(0), Some(span(a, "§ 3", 0)), "§ 3 follows § 1; § 2 is missing")
            .with_label("expected § 2")
            .with_related(FileId(0), span(a, "§ 1", 0), "§ 1 is here")
            .with_help("renumber with `protokoll fix`\nor add § 2"),
        warn,
        Diagnostic::new("file-unreadable", FileId(1), None, "cannot read: permission denied"),
        Diagnostic::new("not-a-rule", FileId(1), Some(Span::new(2, 1)), "a rule id not in RULES"),
    ];
    (map, diags)
}

#[test]
fn json_shape() {
    let (map, diags) = machine_case();
    insta::assert_snapshot!("json", json::render(&diags, &map, Summary::of(2, &diags)));
}

#[test]
fn github_shape() {
    let (map, diags) = machine_case();
    let options = human::Options { color: false, path_prefix: "site/".into() };
    insta::assert_snapshot!("github", github::render(&diags, &map, &options));
}

#[test]
fn github_notice_past_ten() {
    let map = sources(&[("content/r/2020-01-01.md", "x\n")]);
    let diags: Vec<Diagnostic> = (0..11).map(|_| Diagnostic::new("no-paragraphs", FileId(0), None, "m")).collect();
    let out = github::render(&diags, &map, &plain());
    assert!(out.contains("::notice title=protokoll::GitHub shows only 10 errors"), "{out}");
    let out = github::render(diags.get(..10).unwrap_or_default(), &map, &plain());
    assert!(!out.contains("::notice"), "{out}");
}

#[test]
fn sarif_shape() {
    let (map, diags) = machine_case();
    let rules = protokoll::check::rules::RULES;
    let options = sarif::Options { rules, root_uri: Some("file:///work/site/") };
    let text = sarif::render(&diags, &map, &options);
    let log: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let result = &log["runs"][0]["results"][0];
    // `justering: { place: Sätila 𝄞, date: `: 36 characters, 37 UTF-16 units.
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (&region["startLine"], &region["startColumn"], &region["endColumn"]),
        (&3.into(), &38.into(), &46.into())
    );
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "content/r%C3%A5det/2020-10-19.md"
    );
    let replacement = &result["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["deletedRegion"]["startColumn"], 38);
    assert_eq!(replacement["insertedContent"]["text"], "2020-10-26");
    // The rules are the registry's; only the results go in the snapshot (the docs change).
    assert_eq!(log["runs"][0]["tool"]["driver"]["rules"].as_array().map(Vec::len), Some(rules.len()));
    let mut run = log["runs"][0].clone();
    run["tool"]["driver"]["rules"] = serde_json::json!("…");
    run["tool"]["driver"]["version"] = serde_json::json!("[version]");
    run["tool"]["driver"]["semanticVersion"] = serde_json::json!("[version]");
    insta::assert_snapshot!("sarif_run", serde_json::to_string_pretty(&run).expect("json"));
}

#[test]
fn human_output_of_a_site() {
    let site = broken_site();
    let root = site.path().to_str().expect("utf-8 path").to_owned();
    let out = crate::cli::protokoll(&["check", &root], None);
    let text = stdout(&out).replace(&root, "[SITE]");
    insta::assert_snapshot!("human_site", text);
    let _ = Site::new;
}
