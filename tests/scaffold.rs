//! Tests: `protokoll init`, `protokoll new` and `protokoll completions`, run as a user
//! runs them, on temporary folders.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::cli::{Site, protokoll, stderr, stdout};

fn code(out: &Output) -> i32 {
    out.status.code().expect("exit status")
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Every diagnostic as `file: rule: message`, for assertion messages.
fn findings(root: &Path) -> Vec<String> {
    let (site, diagnostics) = protokoll::check_site(root).expect("check");
    diagnostics
        .iter()
        .map(|d| {
            let file = site.sources.get(d.file).map_or("?", |f| f.rel.as_str());
            format!("{file}: {}: {}", d.rule, d.message)
        })
        .collect()
}

fn yaml(text: &str) -> Value {
    serde_saphyr::from_str::<Value>(text).expect("valid YAML")
}

/// Every `run:` or `script:` line of a parsed CI file, and every `uses:`.
fn commands(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("run" | "uses", Value::String(s)) => out.push(s.clone()),
                    ("script" | "before_script", Value::Array(lines)) => {
                        out.extend(lines.iter().filter_map(|l| l.as_str().map(str::to_owned)));
                    }
                    _ => commands(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| commands(i, out)),
        _ => {}
    }
}

fn job_commands(file: &Value, job: &str) -> Vec<String> {
    let node = file.get("jobs").and_then(|j| j.get(job)).or_else(|| file.get(job)).expect("job");
    let mut out = Vec::new();
    commands(node, &mut out);
    out
}

// ---------------------------------------------------------------------------------------
// init

#[test]
fn init_writes_a_clean_archive_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("arkiv");
    let out = protokoll(&["init", path_str(&dir)], None);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    for rel in [
        "protokoll.yaml",
        "content/bodies.yaml",
        "content/people.yaml",
        "content/kommunstyrelsen/2026-01-13.md",
        ".gitignore",
        ".github/workflows/protokoll.yml",
        ".gitlab-ci.yml",
    ] {
        assert!(dir.join(rel).is_file(), "{rel} written");
        assert!(stdout(&out).contains(rel), "{rel} reported: {}", stdout(&out));
    }
    assert_eq!(findings(&dir), Vec::<String>::new(), "a new archive has no finding");

    let (site, _) = protokoll::check_site(&dir).unwrap();
    assert_eq!(site.config.site.title, "Protokollarkiv");
    assert_eq!(site.config.bodies.len(), 1);
    assert!(site.config.people.len() >= 3);

    let options = protokoll::BuildOptions { out: dir.join("public"), internal: false, drafts: false };
    let built = protokoll::build(&dir, &options).unwrap();
    assert!(built.written.is_some_and(|n| n > 5), "{:?}", built.written);
    assert!(dir.join("public/index.html").is_file());
    assert!(std::fs::read_to_string(dir.join(".gitignore")).unwrap().lines().any(|l| l == "public/"));
}

#[test]
fn init_into_the_current_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = protokoll(&["init"], Some(tmp.path()));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(tmp.path().join("protokoll.yaml").is_file());
    assert!(stdout(&out).contains("wrote protokoll.yaml"), "{}", stdout(&out));
}

#[test]
fn init_refuses_when_a_file_exists_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join(".gitignore"), "target/\n").unwrap();
    std::fs::create_dir_all(tmp.path().join("content")).unwrap();
    std::fs::write(tmp.path().join("content/people.yaml"), "- name: Anna Berg\n").unwrap();
    let out = protokoll(&["init", path_str(tmp.path())], None);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains(".gitignore") && err.contains("people.yaml"), "both listed: {err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!tmp.path().join("protokoll.yaml").exists());
    assert!(!tmp.path().join(".github").exists());
    assert!(!tmp.path().join("content/bodies.yaml").exists());
    assert_eq!(std::fs::read_to_string(tmp.path().join(".gitignore")).unwrap(), "target/\n");
    assert_eq!(std::fs::read_to_string(tmp.path().join("content/people.yaml")).unwrap(), "- name: Anna Berg\n");
    let entries: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(entries.len(), 2, "no other file or folder appeared");
}

#[test]
fn github_workflow_checks_pull_requests_and_publishes_main() {
    let files = protokoll::scaffold::init_files();
    let text = &files.iter().find(|f| f.rel == ".github/workflows/protokoll.yml").unwrap().text;
    let wf = yaml(text);
    // `on` must stay a key, not turn into `true` (YAML 1.1).
    let on = wf.get("on").expect("on:");
    assert!(on.get("pull_request").is_some());
    assert_eq!(on["push"]["branches"][0], "main");

    let check = job_commands(&wf, "check");
    assert!(check.iter().any(|c| c == "protokoll check --format github"), "{check:?}");
    assert!(check.iter().any(|c| c.starts_with("github/codeql-action/upload-sarif@")), "{check:?}");
    assert!(check.iter().any(|c| c.contains("cargo install") && c.contains("--locked")), "{check:?}");
    assert_eq!(wf["jobs"]["check"]["if"], "github.event_name == 'pull_request'");

    let build = job_commands(&wf, "build");
    assert!(build.iter().any(|c| c == "protokoll build"), "{build:?}");
    assert!(build.iter().any(|c| c.starts_with("actions/upload-pages-artifact@")), "{build:?}");
    assert_eq!(wf["jobs"]["build"]["steps"].as_array().unwrap().last().unwrap()["with"]["path"], "public");
    let deploy = job_commands(&wf, "deploy");
    assert!(deploy.iter().any(|c| c.starts_with("actions/deploy-pages@")), "{deploy:?}");
    assert_eq!(wf["jobs"]["deploy"]["permissions"]["pages"], "write");

    // The version installed is the one that wrote the file; never the unrelated crates.io crate.
    let tag = format!("v{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(wf["env"]["PROTOKOLL_TAG"], tag.as_str());
    assert!(!text.contains("@PROTOKOLL") && !text.contains("@GIT_NOTE@"), "placeholders filled in");
    assert!(!check.iter().any(|c| c.contains("cargo install protokoll")));
}

#[test]
fn gitlab_ci_checks_merge_requests_and_publishes_pages() {
    let files = protokoll::scaffold::init_files();
    let text = &files.iter().find(|f| f.rel == ".gitlab-ci.yml").unwrap().text;
    let ci = yaml(text);
    let check = job_commands(&ci, "protokoll-check");
    assert!(check.iter().any(|c| c.starts_with("protokoll check --format json")), "{check:?}");
    assert!(check.iter().any(|c| c.trim() == "protokoll check"), "{check:?}");
    assert_eq!(ci["protokoll-check"]["rules"][0]["if"], "$CI_PIPELINE_SOURCE == \"merge_request_event\"");
    assert_eq!(ci["protokoll-check"]["artifacts"]["reports"]["codequality"], "gl-code-quality-report.json");
    let pages = job_commands(&ci, "pages");
    assert!(pages.iter().any(|c| c == "protokoll build"), "{pages:?}");
    assert_eq!(ci["pages"]["artifacts"]["paths"][0], "public");
    assert_eq!(ci["pages"]["rules"][0]["if"], "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH");
    assert!(ci["default"]["before_script"][1].as_str().unwrap().contains("cargo install --locked"));
}

/// The jq program of the GitLab job, run over real `check --format json` output, gives
/// Code Quality JSON: an array of issues with the fields GitLab reads.
#[test]
fn gitlab_code_quality_conversion_works() {
    if std::process::Command::new("jq").arg("--version").output().is_err() {
        eprintln!("jq is not installed: skipping the Code Quality conversion test");
        return;
    }
    let files = protokoll::scaffold::init_files();
    let text = &files.iter().find(|f| f.rel == ".gitlab-ci.yml").unwrap().text;
    let ci = yaml(text);
    let script = ci["protokoll-check"]["script"].as_array().unwrap();
    let jq_line = script.iter().filter_map(Value::as_str).find(|l| l.trim_start().starts_with("jq ")).unwrap();
    let program = &jq_line[jq_line.find('\'').unwrap() + 1..jq_line.rfind('\'').unwrap()];

    // A site with an error and a warning in it: the example archive, one protocol broken.
    let tmp = tempfile::tempdir().unwrap();
    protokoll::scaffold::init(tmp.path()).unwrap();
    let broken = "---\nbody: Kommunstyrelsen\ndate: 2026-02-10\nchair: Anna Lindqvist\nsecretary: Lisa Ek\n\
                  adjusters: [Sara Nilsson]\njustering: { date: 2026-02-12 }\nattendees:\n  \
                  - { name: Anna Lindqvist, org: Moderaterna }\n  - { name: Sara Nilson, org: Centerpartiet }\n  \
                  - { name: Lisa Ek, org: Kommunledningskontoret }\n---\n\n## § 7 Övrigt\n\nText.\n";
    std::fs::write(tmp.path().join("content/kommunstyrelsen/2026-02-10.md"), broken).unwrap();
    let out = protokoll(&["check", "--format", "json"], Some(tmp.path()));
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = report["diagnostics"].as_array().unwrap().len();
    assert!(n >= 2);

    let json_path = tmp.path().join("protokoll-check.json");
    std::fs::write(&json_path, &out.stdout).unwrap();
    let jq = std::process::Command::new("jq").arg(program).arg(&json_path).output().unwrap();
    assert!(jq.status.success(), "{}", String::from_utf8_lossy(&jq.stderr));
    let issues: Value = serde_json::from_slice(&jq.stdout).unwrap();
    let issues = issues.as_array().unwrap();
    assert_eq!(issues.len(), n);
    let mut fingerprints = std::collections::HashSet::new();
    for i in issues {
        assert!(i["description"].as_str().is_some_and(|d| !d.is_empty()), "{i}");
        assert!(i["check_name"].is_string(), "{i}");
        assert!(["critical", "minor"].contains(&i["severity"].as_str().unwrap()), "{i}");
        assert!(i["location"]["path"].as_str().unwrap().starts_with("content/"), "{i}");
        assert!(i["location"]["lines"]["begin"].as_u64().is_some_and(|l| l >= 1), "{i}");
        assert!(fingerprints.insert(i["fingerprint"].as_str().unwrap().to_owned()), "unique: {i}");
    }
    let near_miss = issues.iter().find(|i| i["check_name"] == "person-near-miss").expect("a near-miss warning");
    assert_eq!(near_miss["severity"], "minor");
    assert_eq!(near_miss["location"]["path"], "content/kommunstyrelsen/2026-02-10.md");
    assert_eq!(near_miss["location"]["lines"]["begin"], 10);
    assert!(issues.iter().any(|i| i["severity"] == "critical"), "the error: {issues:?}");
}

// ---------------------------------------------------------------------------------------
// new

const BODIES: &str = "\
- name: Trygghetsrådet
  slug: trygghetsradet
  numbering: per-meeting
  profile: council
  prefix: TSR
- name: Kultur- och fritidsnämnden
  slug: kultur-och-fritidsnamnden
  numbering: per-year
  profile: board
";

/// A council meeting: a substitute serving for an absent member.
const COUNCIL: &str = "---
body: Trygghetsrådet
date: 2021-02-22
time: \"13:00-15:00\"
location: Kommunhuset, Kinna
chair: Tomas Johansson
secretary: Rickard Silva
adjusters: [Annika Stomberg]
attendees:
  - { name: Tomas Johansson, org: Kommunstyrelsen, role: ordförande }
  - { name: Annika Stomberg, org: Polisen, role: ledamot }
  - { name: Calle Larsson, org: Socialförvaltningen, role: ersättare, serves_for: Eva Berg }
  - { name: Rickard Silva, org: Kommunledningskontoret, role: sekreterare }
absent:
  - { name: Eva Berg, org: Socialförvaltningen }
agenda:
  - Föregående mötesprotokoll
  - Lägesbild
---

## § 1 Föregående mötesprotokoll

Protokollet från förra mötet läggs till handlingarna.

## § 2 Lägesbild

Polisen redogör för läget i kommunen.
";

/// A board meeting numbered through the year, from § `first`, with `n` paragraphs.
fn board(date: &str, first: u32, n: u32) -> String {
    let mut s = format!(
        "---\nbody: Kultur- och fritidsnämnden\ndate: {date}\nlocation: Kulturhuset\nchair: Kristina Rehn\n\
         secretary: Jenny Ågren\nadjusters: [Oskar Nyberg]\njustering: {{ date: {date}, place: Kulturhuset }}\n\
         attendees:\n  - {{ name: Kristina Rehn, org: Centerpartiet, role: ordförande }}\n  \
         - {{ name: Oskar Nyberg, org: Moderaterna, role: ledamot }}\n  \
         - {{ name: Jenny Ågren, org: Kultur- och fritidsförvaltningen, role: sekreterare }}\n---\n"
    );
    for k in first..first + n {
        let _ = write!(s, "\n## § {k} Ärende {k}\n\nÄrendet redovisas.\n\n### Beslut\n\nBeslut i ärende {k}.\n");
    }
    s
}

fn site() -> Site {
    Site::new()
        .file("content/bodies.yaml", BODIES)
        .file("content/trygghetsradet/2021-02-22.md", COUNCIL)
        .file("content/kultur-och-fritidsnamnden/2020-11-24.md", &board("2020-11-24", 1, 3))
        .file("content/kultur-och-fritidsnamnden/2021-01-19.md", &board("2021-01-19", 1, 4))
        .file("content/kultur-och-fritidsnamnden/2021-03-16.md", &board("2021-03-16", 5, 3))
}

fn new(site: &Site, args: &[&str]) -> Output {
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    site.run(&all)
}

/// The protocol at `rel`, loaded with the rest of the site.
fn protocol<'s>(loaded: &'s protokoll::Site, rel: &str) -> &'s protokoll::Protocol {
    loaded
        .protocols
        .iter()
        .find(|p| loaded.sources.get(p.file).is_some_and(|f| f.rel == rel))
        .unwrap_or_else(|| panic!("{rel} loaded"))
}

fn numbers(p: &protokoll::Protocol) -> Vec<u32> {
    p.paragraphs.iter().map(|q| q.number.value).collect()
}

fn names(list: &[protokoll::parse::Attendee]) -> Vec<&str> {
    list.iter().filter_map(|a| a.name.as_ref().map(|n| n.value.as_str())).collect()
}

#[test]
fn new_per_meeting_starts_at_one_and_copies_the_previous_meeting() {
    let site = site();
    let out = new(&site, &["trygghetsradet", "--date", "2021-04-19"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).starts_with("wrote content/trygghetsradet/2021-04-19.md\n"), "{}", stdout(&out));
    assert!(stdout(&out).contains("pre-filled from the meeting of 2021-02-22"), "{}", stdout(&out));

    let loaded = protokoll::load(site.path()).unwrap();
    let p = protocol(&loaded, "content/trygghetsradet/2021-04-19.md");
    let front = p.front.as_ref().unwrap();
    assert_eq!(numbers(p), [1, 2, 3, 4]);
    assert_eq!(front.body.as_ref().unwrap().value, "Trygghetsrådet");
    assert_eq!(front.previous.as_ref().unwrap().value.to_string(), "2021-02-22");
    assert_eq!(front.status.as_ref().unwrap().value, protokoll::parse::Status::Draft);
    assert_eq!(front.chair.as_ref().unwrap().value, "Tomas Johansson");
    assert_eq!(front.secretary.as_ref().unwrap().value, "Rickard Silva");
    assert_eq!(front.adjusters.iter().map(|a| a.value.as_str()).collect::<Vec<_>>(), ["Annika Stomberg"]);
    assert_eq!(front.time.as_ref().unwrap().value, "13:00-15:00");
    assert_eq!(front.location.as_ref().unwrap().value, "Kommunhuset, Kinna");
    assert!(front.justering.is_none() && front.anslag.is_none(), "left for the secretary");
    // Everyone who usually takes part: last time's attendees and last time's absent.
    assert_eq!(
        names(p.attendees()),
        ["Tomas Johansson", "Annika Stomberg", "Calle Larsson", "Rickard Silva", "Eva Berg"]
    );
    assert!(p.attendees().iter().all(|a| a.serves_for.is_none()), "Eva Berg is listed as present now");
    assert!(p.absent().is_empty());
    let titles: Vec<_> = p.paragraphs.iter().map(|q| q.title.as_ref().unwrap().value.as_str()).collect();
    assert_eq!(titles, ["Mötets öppnande", "Val av justerare", "Godkännande av dagordning", "Mötets avslutande"]);
    let agenda: Vec<_> = front.agenda.as_ref().unwrap().value.iter().map(|a| a.title.value.as_str()).collect();
    assert_eq!(agenda, titles);
    let text = std::fs::read_to_string(site.path().join("content/trygghetsradet/2021-04-19.md")).unwrap();
    assert!(text.contains("# justering: {"), "a commented placeholder:\n{text}");
    assert!(text.contains("absent:"), "{text}");
    assert!(text.contains("utses Annika Stomberg."), "{text}");

    // A council's draft passes the check as it is.
    assert_eq!(findings(site.path()), Vec::<String>::new());
    assert!(!stdout(&out).contains("Still to fill in"), "{}", stdout(&out));
}

#[test]
fn new_per_year_continues_from_the_years_previous_meeting() {
    let site = site();
    // By name, not slug: § 7 ended the meeting of 2021-03-16.
    let out = new(&site, &["Kultur- och fritidsnämnden", "--date", "2021-05-11"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    let loaded = protokoll::load(site.path()).unwrap();
    let p = protocol(&loaded, "content/kultur-och-fritidsnamnden/2021-05-11.md");
    assert_eq!(numbers(p), [8, 9, 10, 11]);
    assert_eq!(p.front.as_ref().unwrap().previous.as_ref().unwrap().value.to_string(), "2021-03-16");
    // Between two meetings of the year: on from the one before.
    let out = new(&site, &["kultur-och-fritidsnamnden", "--date", "2021-02-16"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let loaded = protokoll::load(site.path()).unwrap();
    assert_eq!(numbers(protocol(&loaded, "content/kultur-och-fritidsnamnden/2021-02-16.md")), [5, 6, 7, 8]);
    // The first meeting of a year starts at § 1, though the previous meeting was in 2020.
    let out = new(&site, &["kultur-och-fritidsnamnden", "--date", "2021-01-05"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let loaded = protokoll::load(site.path()).unwrap();
    let p = protocol(&loaded, "content/kultur-och-fritidsnamnden/2021-01-05.md");
    assert_eq!(numbers(p), [1, 2, 3, 4]);
    assert_eq!(p.front.as_ref().unwrap().previous.as_ref().unwrap().value.to_string(), "2020-11-24");
}

/// A board's draft lacks only what is decided after the meeting, the justering, which a
/// draft is not asked for; every paragraph has its decision, so nothing is reported and
/// the draft does not stop the site's build.
#[test]
fn new_board_draft_is_clean() {
    let site = site();
    let out = new(&site, &["kultur-och-fritidsnamnden", "--date", "2021-05-11"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let left = findings(site.path());
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn new_on_a_fresh_archive() {
    let tmp = tempfile::tempdir().unwrap();
    protokoll::scaffold::init(tmp.path()).unwrap();
    let out = protokoll(&["new", "kommunstyrelsen", "--date", "2026-02-10", "--site", path_str(tmp.path())], None);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let loaded = protokoll::load(tmp.path()).unwrap();
    let p = protocol(&loaded, "content/kommunstyrelsen/2026-02-10.md");
    assert_eq!(numbers(p), [7, 8, 9, 10], "on from § 6 of the example");
    // Peter Sandberg served for Karin Holm, who was absent: both are listed now.
    let listed = names(p.attendees());
    assert!(listed.contains(&"Karin Holm") && listed.contains(&"Peter Sandberg"), "{listed:?}");
    let left = findings(tmp.path());
    assert!(left.is_empty(), "a draft is not asked for its justering: {left:?}");
}

#[test]
fn new_refuses_to_overwrite() {
    let site = site();
    let out = new(&site, &["trygghetsradet", "--date", "2021-02-22"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("content/trygghetsradet/2021-02-22.md"), "{err}");
    assert!(err.contains("--date 2021-02-22-2"), "a second meeting that day: {err}");
    assert_eq!(std::fs::read_to_string(site.path().join("content/trygghetsradet/2021-02-22.md")).unwrap(), COUNCIL);

    // Twice the same new meeting: the second run changes nothing.
    assert_eq!(code(&new(&site, &["trygghetsradet", "--date", "2021-06-07"])), 0);
    let path = site.path().join("content/trygghetsradet/2021-06-07.md");
    std::fs::write(&path, "mitt utkast\n").unwrap();
    let out = new(&site, &["trygghetsradet", "--date", "2021-06-07"]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mitt utkast\n");

    // A second meeting the same day is named `-2` and follows the first.
    let out = new(&site, &["trygghetsradet", "--date", "2021-02-22-2"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let loaded = protokoll::load(site.path()).unwrap();
    let p = protocol(&loaded, "content/trygghetsradet/2021-02-22-2.md");
    assert_eq!(p.front.as_ref().unwrap().previous.as_ref().unwrap().value.to_string(), "2021-02-22");
}

#[test]
fn new_suggests_a_body_on_a_miss() {
    let site = site();
    let out = new(&site, &["trygghetsrådet-x"]);
    assert_eq!(code(&out), 2);
    let out = new(&site, &["trygghetsradt"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("did you mean `trygghetsradet`?"), "{}", stderr(&out));
    // The citation prefix names the body too.
    let out = new(&site, &["tsr", "--date", "2021-04-19"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(site.path().join("content/trygghetsradet/2021-04-19.md").is_file());
    let out = new(&site, &["trygghetsradet", "--date", "2021-13-01"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("YYYY-MM-DD"), "{}", stderr(&out));
}

/// Names with YAML's special characters come back exactly as they were.
#[test]
fn new_copies_awkward_names_safely() {
    let awkward = "---
body: Rådet
date: 2021-01-11
chair: \"Berg: Anna #1\"
attendees:
  - { name: \"Berg: Anna #1\", org: \"Kommunen, KS\" }
  - { name: \"Ek, Bo \\\"Boel\\\"\", role: \"yes\" }
  - Per [Pelle] Ås
---

## § 1 Öppnande

Mötet öppnas.
";
    let site = Site::new().file("content/radet/2021-01-11.md", awkward);
    let out = new(&site, &["radet", "--date", "2021-02-08"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let loaded = protokoll::load(site.path()).unwrap();
    let p = protocol(&loaded, "content/radet/2021-02-08.md");
    assert_eq!(names(p.attendees()), ["Berg: Anna #1", "Ek, Bo \"Boel\"", "Per [Pelle] Ås"]);
    assert_eq!(p.attendees()[0].org.as_ref().unwrap().value, "Kommunen, KS");
    assert_eq!(p.attendees()[1].role.as_ref().unwrap().value, "yes");
    assert_eq!(p.front.as_ref().unwrap().chair.as_ref().unwrap().value, "Berg: Anna #1");
    assert_eq!(p.front.as_ref().unwrap().body.as_ref().unwrap().value, "Rådet");
}

/// Without a previous meeting the draft says who must be listed.
#[test]
fn new_first_meeting_of_a_body() {
    let site = Site::new().file("content/bodies.yaml", BODIES);
    let out = new(&site, &["Trygghetsrådet", "--date", "2021-01-11"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("the first meeting of Trygghetsrådet"), "{}", stdout(&out));
    assert!(stdout(&out).contains("missing-required-key"), "the attendees are to be filled in: {}", stdout(&out));
    let left = findings(site.path());
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left[0].contains("attendees"), "{left:?}");
}

// ---------------------------------------------------------------------------------------
// completions

#[test]
fn completions_and_man_page() {
    let out = protokoll(&["completions", "bash"], None);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let bash = stdout(&out);
    assert!(bash.contains("protokoll"), "{bash}");
    assert!(bash.contains("check") && bash.contains("--format"), "subcommands and options complete");
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let out = protokoll(&["completions", shell], None);
        assert_eq!(code(&out), 0, "{shell}: {}", stderr(&out));
        assert!(stdout(&out).contains("protokoll"), "{shell}");
    }
    let out = protokoll(&["completions", "--man"], None);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let man = stdout(&out);
    assert!(man.starts_with(".TH"), "{man}");
    assert!(man.contains("protokoll"), "{man}");
    assert_eq!(code(&protokoll(&["completions"], None)), 2, "a shell or --man is required");
    assert_eq!(code(&protokoll(&["completions", "cmd"], None)), 2);
}
