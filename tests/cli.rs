//! Tests: the `protokoll` command (exit statuses, output formats, `rules`, `explain`), run
//! as a user runs it on small sites written to temporary folders.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A site in a temporary folder, removed when dropped.
pub struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    /// An empty site: `protokoll.yaml` and nothing else.
    pub fn new() -> Self {
        let site = Self { dir: tempfile::tempdir().expect("temp dir") };
        site.file("protokoll.yaml", "title: Test\n")
    }

    /// Writes a file (folders created as needed).
    pub fn file(self, rel: &str, text: &str) -> Self {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
        self
    }

    /// The site folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `protokoll ARGS` in the site folder.
    pub fn run(&self, args: &[&str]) -> Output {
        protokoll(args, Some(self.path()))
    }
}

/// Runs the built binary; colour is left to `auto` with a pipe as standard output.
pub fn protokoll(args: &[&str], cwd: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_protokoll"));
    cmd.args(args).env_remove("NO_COLOR");
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    cmd.output().expect("run protokoll")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// A protocol no rule objects to.
pub const CLEAN: &str = "---
body: Rådet
date: 2020-10-19
chair: Anna Berg
secretary: Bo Ek
attendees:
  - { name: Anna Berg, org: Kommunstyrelsen }
  - { name: Bo Ek, org: Kommunledningskontoret, role: sekreterare }
agenda:
  - Öppnande
  - Avslutning
---

## § 1 Öppnande

Ordföranden öppnar mötet.

## § 2 Avslutning

Ordföranden avslutar mötet.
";

/// A protocol with findings the parser makes: a date written as a number (line 3,
/// columns 7–15) and a misspelt key after non-ASCII and astral text (line 6).
pub const BROKEN: &str = "---
body: Rådet
date: 20201019
attendees:
  - { name: Anna Berg, org: Kommunstyrelsen }
  - { name: Sätila 𝄞 Berg, rle: ledamot }
---

## § 1 Öppnande

Text.
";

/// A site with one clean and two broken protocols (one without front matter).
pub fn broken_site() -> Site {
    Site::new()
        .file("content/radet/2020-10-19.md", BROKEN)
        .file("content/radet/2020-02-24.md", "Inget front matter här.\n")
        .file("content/styrelsen/2021-01-11.md", &CLEAN.replace("2020-10-19", "2021-01-11"))
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exit status")
}

#[test]
fn clean_site_exits_0() {
    let site = Site::new().file("content/radet/2020-10-19.md", CLEAN);
    let out = site.run(&["check"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert_eq!(stdout(&out), "checked 2 files: no problems\n");
    assert_eq!(stderr(&out), "");
}

#[test]
fn empty_site_exits_0() {
    let out = Site::new().run(&["check", "."]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
}

#[test]
fn a_site_with_an_error_exits_1() {
    let site = broken_site();
    let out = protokoll(&["check", site.path().to_str().expect("utf-8 path")], None);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(text.contains("error[wrong-type]"), "{text}");
    assert!(text.contains("error[front-matter-missing]"), "{text}");
    assert!(text.trim_end().ends_with("of 4 files"), "{text}");
    assert_eq!(stderr(&out), "", "diagnostics go to stdout");
}

#[test]
fn warnings_alone_exit_0() {
    let site = broken_site()
        .file("protokoll.yaml", "rules:\n  wrong-type: warn\n  unknown-key: warn\n  front-matter-missing: warn\n");
    let out = site.run(&["check"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let text = stdout(&out);
    assert!(text.contains("warning[wrong-type]"), "{text}");
    assert!(text.lines().last().is_some_and(|l| l.starts_with("warning: ")), "{text}");
}

#[test]
fn failures_to_run_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("no-such-site");
    let out = protokoll(&["check", missing.to_str().expect("utf-8 path")], None);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).starts_with("error: no site at "), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");

    // protokoll.yaml that cannot be read (here: a folder).
    std::fs::create_dir_all(dir.path().join("protokoll.yaml")).expect("mkdir");
    let out = protokoll(&["check"], Some(dir.path()));
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("protokoll.yaml"), "{}", stderr(&out));

    for args in [
        &["check", "--bogus"][..],
        &["check", "--format", "xml"],
        &["check", "--color", "sometimes"],
        &["frobnicate"],
        &[],
    ] {
        let out = protokoll(args, Some(dir.path()));
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn help_and_version_exit_0() {
    for args in [&["--help"][..], &["--version"], &["check", "--help"], &["help", "check"]] {
        let out = protokoll(args, None);
        assert_eq!(code(&out), 0, "{args:?}");
    }
    let help = stdout(&protokoll(&["check", "--help"], None));
    assert!(help.contains("standard output"), "the help says where diagnostics go: {help}");
    assert!(help.contains("Exit status"), "{help}");
}

#[test]
fn human_paths_are_relative_to_the_working_directory() {
    let site = broken_site();
    let parent = site.path().parent().expect("parent");
    let name = site.path().file_name().and_then(|n| n.to_str()).expect("name");
    let out = protokoll(&["check", name], Some(parent));
    assert!(stdout(&out).contains(&format!(" --> {name}/content/radet/2020-10-19.md:3:7\n")), "{}", stdout(&out));
    let out = site.run(&["check"]);
    assert!(stdout(&out).contains(" --> content/radet/2020-10-19.md:3:7\n"), "{}", stdout(&out));
}

#[test]
fn quiet_drops_the_summary() {
    let out = broken_site().run(&["check", "--quiet"]);
    assert_eq!(code(&out), 1);
    assert!(!stdout(&out).contains(" of 4 files"), "{}", stdout(&out));
    let out = Site::new().run(&["check", "-q"]);
    assert_eq!(stdout(&out), "");
}

#[test]
fn colour_follows_the_flag() {
    let site = broken_site();
    let plain = site.run(&["check"]);
    assert!(!stdout(&plain).contains('\x1b'), "no colour into a pipe");
    let always = site.run(&["check", "--color", "always"]);
    assert!(stdout(&always).contains("\x1b[1;31merror[wrong-type]\x1b[0m"), "{}", stdout(&always));
    let never = site.run(&["--color=never", "check"]);
    assert_eq!(stdout(&never), stdout(&plain));
    let json = site.run(&["check", "--color", "always", "--format", "json"]);
    assert!(!stdout(&json).contains('\x1b'), "machine formats are never coloured");
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[test]
fn json_follows_the_contract() {
    let site = broken_site();
    let out = protokoll(&["check", "--format", "json", site.path().to_str().expect("utf-8 path")], None);
    assert_eq!(code(&out), 1);
    let doc = json_of(&out);
    assert_eq!(doc["version"], 1);
    let summary = &doc["summary"];
    assert_eq!(summary["files"], 4);
    assert!(summary["errors"].as_u64().is_some_and(|n| n >= 3), "{summary}");
    assert!(summary["warnings"].is_u64());

    let diags = doc["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diags.len() as u64, summary["errors"].as_u64().unwrap() + summary["warnings"].as_u64().unwrap());
    for d in diags {
        let file = d["file"].as_str().expect("file");
        assert!(file.starts_with("content/") && !file.contains('\\'), "relative with '/': {file}");
        for key in ["line", "column", "end_line", "end_column"] {
            assert!(d[key].is_u64() || d[key].is_null(), "{key}: {d}");
        }
        assert!(matches!(d["severity"].as_str(), Some("error" | "warning")), "{d}");
        assert!(d["rule"].is_string() && d["message"].is_string(), "{d}");
        assert!(d["help"].is_string() || d["help"].is_null(), "{d}");
        assert!(d.as_object().expect("object").contains_key("help"), "help is always present: {d}");
        assert!(d["related"].is_array(), "{d}");
    }

    let find = |rule: &str| diags.iter().find(|d| d["rule"] == rule).unwrap_or_else(|| panic!("no {rule}"));
    let date = find("wrong-type");
    assert_eq!(date["file"], "content/radet/2020-10-19.md");
    assert_eq!((&date["line"], &date["column"]), (&Value::from(3), &Value::from(7)));
    assert_eq!((&date["end_line"], &date["end_column"]), (&Value::from(3), &Value::from(15)));
    assert_eq!(date["severity"], "error");

    // Columns count characters: `  - { name: Sätila 𝄞 Berg, ` is 27 characters.
    let key = find("unknown-key");
    assert_eq!(
        (&key["line"], &key["column"], &key["end_column"]),
        (&Value::from(6), &Value::from(28), &Value::from(31))
    );
    assert!(key["help"].as_str().is_some_and(|h| h.contains("role")), "did-you-mean: {key}");

    let missing = find("front-matter-missing");
    assert_eq!(missing["file"], "content/radet/2020-02-24.md");
    assert_eq!((&missing["line"], &missing["column"]), (&Value::from(1), &Value::from(1)));
}

#[test]
fn json_of_a_clean_site() {
    let out = Site::new().file("content/radet/2020-10-19.md", CLEAN).run(&["check", "--format=json"]);
    assert_eq!(code(&out), 0);
    let doc = json_of(&out);
    assert_eq!(doc["diagnostics"], Value::Array(Vec::new()));
    assert_eq!(doc["summary"], serde_json::json!({ "files": 2, "errors": 0, "warnings": 0 }));
}

#[test]
fn github_annotations() {
    let site = broken_site().file("content/radet/2020-03-01.md", "---\nbody: Rådet\nprocent%: 1\n---\n");
    let out = site.run(&["check", "--format", "github"]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    let line = text
        .lines()
        .find(|l| l.starts_with("::error file=content/radet/2020-10-19.md,line=3,"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        line.starts_with(
            "::error file=content/radet/2020-10-19.md,line=3,col=7,endLine=3,endColumn=15,title=wrong-type::"
        ),
        "{line}"
    );
    assert!(line.contains("%0Ahelp: "), "help on its own line: {line}");
    let key = text
        .lines()
        .find(|l| l.contains("title=unknown-key") && l.contains("2020-03-01"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(key.contains("`procent%25`"), "% is escaped: {key}");
    let missing = text.lines().find(|l| l.contains("title=front-matter-missing")).unwrap_or_else(|| panic!("{text}"));
    assert!(missing.starts_with("::error file=content/radet/2020-02-24.md,line=1,col=1,"), "{missing}");
    // The full report follows in a folded group, fenced against workflow commands.
    assert!(text.contains("::group::"), "{text}");
    let token = text.lines().find_map(|l| l.strip_prefix("::stop-commands::")).expect("stop-commands");
    assert!(text.contains(&format!("\n::{token}::\n::endgroup::\n")), "{text}");
    assert!(text.contains("error[wrong-type]"), "{text}");
    assert!(text.trim_end().lines().last().is_some_and(|l| l.starts_with("error: ")), "{text}");
}

#[cfg(unix)]
#[test]
fn github_escapes_properties() {
    let site = Site::new().file("content/a,b:c/2021-01-11.md", "Inget front matter.\n");
    let text = stdout(&site.run(&["check", "--format", "github"]));
    assert!(text.contains("::error file=content/a%2Cb%3Ac/2021-01-11.md,line=1,"), "{text}");
}

#[test]
fn sarif_structure_and_utf16_columns() {
    let site = broken_site();
    let out = site.run(&["check", "--format", "sarif"]);
    assert_eq!(code(&out), 1);
    let log = json_of(&out);
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().is_some_and(|s| s.contains("sarif")), "{}", log["$schema"]);
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "protokoll");
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().expect("%SRCROOT%");
    assert!(root.starts_with("file:///") && root.ends_with('/'), "{root}");

    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), protokoll::check::rules::RULES.len());
    for r in rules {
        assert!(r["id"].is_string() && r["shortDescription"]["text"].is_string(), "{r}");
        assert!(r["fullDescription"]["text"].is_string() && r["help"]["markdown"].is_string(), "{r}");
        assert!(matches!(r["defaultConfiguration"]["level"].as_str(), Some("error" | "warning" | "none")), "{r}");
    }

    let results = run["results"].as_array().expect("results");
    for res in results {
        let index = res["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], res["ruleId"], "{res}");
        assert!(matches!(res["level"].as_str(), Some("error" | "warning")), "{res}");
        assert!(res["message"]["text"].is_string(), "{res}");
        let artifact = &res["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
        assert!(artifact["uri"].as_str().is_some_and(|u| u.starts_with("content/")), "{artifact}");
    }
    // `  - { name: Sätila 𝄞 Berg, `: 27 characters, 28 UTF-16 units (𝄞 takes two).
    let key = results.iter().find(|r| r["ruleId"] == "unknown-key").expect("unknown-key");
    let region = &key["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 6);
    assert_eq!(region["startColumn"], 29);
    assert_eq!(region["endColumn"], 32);
    // A fix, when the diagnostic has one, becomes a SARIF fix.
    let date = results.iter().find(|r| r["ruleId"] == "wrong-type").expect("wrong-type");
    if let Some(fix) = date["fixes"].get(0) {
        let replacement = &fix["artifactChanges"][0]["replacements"][0];
        assert_eq!(replacement["deletedRegion"]["startLine"], 3);
        assert!(replacement["insertedContent"]["text"].is_string());
    }
}

#[test]
fn rules_lists_every_rule() {
    let out = protokoll(&["rules"], None);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    for rule in protokoll::check::rules::RULES {
        let line = text.lines().find(|l| l.split_whitespace().next() == Some(rule.id)).expect(rule.id);
        assert!(line.contains(rule.level.as_str()), "{line}");
    }
    let json = json_of(&protokoll(&["rules", "--format", "json"], None));
    assert_eq!(json["version"], 1);
    assert_eq!(json["rules"].as_array().map(Vec::len), Some(protokoll::check::rules::RULES.len()));
    assert_eq!(code(&protokoll(&["rules", "--markdown", "--format", "json"], None)), 2);
}

#[test]
fn explain_prints_the_doc() {
    let out = protokoll(&["explain", "paragraph-number-gap"], None);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).starts_with("# paragraph-number-gap\n"), "{}", stdout(&out));
    let doc = protokoll::check::rule("paragraph-number-gap").expect("rule").doc.trim();
    assert!(stdout(&out).contains(doc));
    // As pasted from a diagnostic, or in capitals.
    for id in ["error[paragraph-number-gap]", "Paragraph-Number-Gap"] {
        let again = protokoll(&["explain", id], None);
        assert_eq!(stdout(&again), stdout(&out), "{id}");
    }
}

#[test]
fn explain_an_unknown_rule_exits_2_with_a_suggestion() {
    let out = protokoll(&["explain", "paragraf-number-gap"], None);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("did you mean `paragraph-number-gap`?"), "{}", stderr(&out));
    let out = protokoll(&["explain", "nothing-like-it-at-all"], None);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("protokoll rules"), "{}", stderr(&out));
}

#[test]
fn docs_rules_md_is_up_to_date() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default().replace("\r\n", "\n");
    let generated = stdout(&protokoll(&["rules", "--markdown"], None));
    if on_disk != generated {
        let first = on_disk.lines().zip(generated.lines()).position(|(a, b)| a != b);
        let line = first.unwrap_or_else(|| on_disk.lines().count().min(generated.lines().count())) + 1;
        panic!(
            "docs/rules.md is stale (first difference at line {line}): regenerate it with\n\n    \
             cargo run -- rules --markdown > docs/rules.md\n"
        );
    }
}
