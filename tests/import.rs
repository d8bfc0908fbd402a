//! Tests: `protokoll import`, converting word-processor exports into the format.
//!
//! - the real sample (`tests/rules/sample/`, kept byte for byte): imported with the
//!   command into a small site, `check` then reports its real flaws and nothing else;
//! - no word of the input is lost (checked here with a tokenizer of its own);
//! - two documents written in the same style (`tests/import/<case>/input.md`), converted
//!   exactly into `expected.md`; one is a CRLF file with a byte-order mark;
//! - the command's exit statuses: 0, 2 when it would overwrite, 2 for a missing file.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use protokoll::import::{self, Note, Options};

const SAMPLE: &str = "tests/rules/sample/content/trygghetsradet/hosten-2020.md";
const BODY: &str = "Trygghets- och säkerhetsrådet";
const BODIES: &str = "- name: Trygghets- och säkerhetsrådet\n  slug: trygghetsradet\n  profile: council\n";

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo(rel)).unwrap()
}

fn protokoll(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_protokoll")).args(args).current_dir(cwd).output().unwrap()
}

/// A site with the sample's body in bodies.yaml and the sample beside it (not in content/).
fn sample_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("site/content")).unwrap();
    std::fs::write(dir.path().join("site/content/bodies.yaml"), BODIES).unwrap();
    std::fs::copy(repo(SAMPLE), dir.path().join("hosten-2020.md")).unwrap();
    dir
}

// ---------------------------------------------------------------------------------------
// No word lost: a tokenizer independent of the one `import` uses to check itself.
// ---------------------------------------------------------------------------------------

/// Words: maximal runs of letters and digits.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// The input from its first § heading on (the text after the tables), in any style.
fn input_body(input: &str) -> &str {
    let mut at = 0;
    for line in input.split_inclusive('\n') {
        let t = line.trim().trim_start_matches('#').trim().trim_start_matches("**");
        if t.starts_with('§') {
            return &input[at..];
        }
        at += line.len();
    }
    ""
}

/// The output after its front matter.
fn output_body(output: &str) -> &str {
    let rest = output.strip_prefix("---\n").unwrap();
    &rest[rest.find("\n---\n").unwrap() + 5..]
}

/// Every word of the input is in the output at least as often, and the words of the
/// input's body appear in the output's body in the same order.
fn assert_no_word_lost(input: &str, output: &str) {
    let mut have: HashMap<String, i64> = HashMap::new();
    for w in words(output) {
        *have.entry(w).or_default() += 1;
    }
    for w in words(input) {
        let n = have.entry(w.clone()).or_default();
        *n -= 1;
        assert!(*n >= 0, "the output has fewer of the word {w:?} than the input");
    }
    let body_in = words(input_body(input));
    assert!(!body_in.is_empty(), "the input has a body");
    let body_out = words(output_body(output));
    let mut out = body_out.iter();
    for (i, w) in body_in.iter().enumerate() {
        assert!(out.any(|o| o == w), "body word {i} {w:?} is missing or out of order in the output");
    }
}

// ---------------------------------------------------------------------------------------
// The sample
// ---------------------------------------------------------------------------------------

/// The 1-based line of the first line of `text` that contains `needle` after `after`.
fn line_of(text: &str, after: &str, needle: &str) -> usize {
    let start = text.find(after).unwrap_or_else(|| panic!("{after:?} in the output"));
    let at = start + text[start..].find(needle).unwrap_or_else(|| panic!("{needle:?} after {after:?}"));
    text[..at].matches('\n').count() + 1
}

#[test]
fn sample_imports_and_check_reports_its_real_flaws_only() {
    let dir = sample_site();
    let site = dir.path().join("site");
    let run = protokoll(&["import", "../hosten-2020.md", "--body", BODY], &site);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "stderr: {stderr}");
    // No date in the document: the file keeps the input's name, and the user is told.
    assert!(stderr.contains("no meeting date found"), "stderr: {stderr}");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("13 attendees, 0 absent, 11 agenda entries, 11 paragraphs"), "stdout: {stdout}");

    let written = site.join("content/trygghetsradet/hosten-2020.md");
    let out = std::fs::read_to_string(&written).unwrap();
    assert_no_word_lost(&read(SAMPLE), &out);

    let (loaded, diagnostics) = protokoll::check_site(&site).unwrap();
    let file = loaded.sources.iter().find(|(_, f)| f.rel == "content/trygghetsradet/hosten-2020.md").unwrap().1;
    let found: BTreeSet<(String, usize)> =
        diagnostics.iter().map(|d| (d.rule.to_owned(), d.span.map_or(0, |s| file.line_col(s.start).line))).collect();
    let agenda = |title: &str| ("agenda-title-mismatch".to_owned(), line_of(&out, "agenda:", title));
    let expected: BTreeSet<(String, usize)> = [
        // The table of contents disagrees with the headings of § 1, § 6 and § 9.
        agenda("Föregående mötesprotokoll 2020-02-24"),
        agenda("Åtterrapporering om SSPF"),
        agenda("Pågående trygghetsinsatsning i Sätilla"),
        // § 10 repeats § 9's text word for word.
        ("duplicate-paragraph-text".to_owned(), line_of(&out, "## § 10", "Rådets ledamöter")),
        // The stray "." after § 6 and the empty bullet closing § 7's list.
        ("stray-punctuation".to_owned(), line_of(&out, "## § 6", "\n.\n") + 1),
        ("empty-list-item".to_owned(), line_of(&out, "## § 7", "\n-\n") + 1),
        // No date: the key is missing (reported at the front matter) and the file is not
        // named by a date (reported at its start).
        ("missing-required-key".to_owned(), 2),
        ("file-name-date-mismatch".to_owned(), 1),
    ]
    .into_iter()
    .collect();
    let messages: Vec<String> = diagnostics.iter().map(|d| format!("{} {}", d.rule, d.message)).collect();
    assert_eq!(found, expected, "{messages:#?}");
}

#[test]
fn sample_front_matter_and_headings() {
    let imported = import::convert(&read(SAMPLE), &Options { body: Some(BODY.into()), date: None }).unwrap();
    let out = &imported.text;
    assert_eq!(imported.date, None);
    assert_eq!(imported.notes, [Note::MissingDate]);
    assert!(out.starts_with(
        "---
body: Trygghets- och säkerhetsrådet
# Plats och tid: Boråsvägen 40, Öresten, kl 13:00- 15:00
time: \"13:00-15:00\"
location: Boråsvägen 40, Öresten
attendees:
  # Närvarande
  - { name: Tomas Johansson, org: Kommunstyrelsen }
  - { name: Talieh Ashjari, org: Socialförvaltningen }
"
    ));
    for line in [
        "  - { name: Mari Sandell Molander, org: Barn- och utbildningsförvaltningen }\n",
        "  - { name: Svante Dahlquist, org: Marks Bostads AB }\n",
        "  - { name: Annika Stomberg, org: Polisen }\nagenda:\n  # Innehållsförteckning\n",
        "  - Föregående mötesprotokoll 2020-02-24  # § 1\n",
        "  - \"Trygghets- och säkerhetspolicyn: riktlinjer för arbetet\"  # § 3\n",
        "  - title: Övriga frågor  # § 11\n    items:\n      - Effektiv samordning för trygghet (EST).\n",
        "      - \"Områdesdagar och dialogmöten flyttat till 2021: Samarbete mellan Marks kommun, Lokalpolisområde Borås, MBAB, SÄRF\"\n---\n\n## § 1 Föregående mötesprotokoll\n\nRådets",
        "\n## § 3 Trygghets- och säkerhetspolicyn: riktlinjer för arbetet\n\n",
        "\n## § 7 Covid-19: pandemins långsiktiga konsekvenser för brottsutveckling och samhällsordning\n\n",
        "\n## § 10 Trygghetsundersökningen 2020\n\n",
        // The empty bullet closing § 7's list is the author's: kept for `check` to point at.
        "i en sådan utveckling.\n-\n\n## § 8 Gemensamt",
    ] {
        assert!(out.contains(line), "{line:?} in:\n{out}");
    }
    // Every heading in the format, no separators left.
    assert_eq!(out.matches("\n## § ").count(), 11);
    assert_eq!(out.lines().filter(|l| *l == "---").count(), 2, "only the front matter's `---` lines:\n{out}");
    assert!(!out.contains("**"), "no bold title left:\n{out}");
}

// ---------------------------------------------------------------------------------------
// Documents in the same style
// ---------------------------------------------------------------------------------------

fn convert_case(case: &str, body: &str) -> (String, import::Imported) {
    let input = read(&format!("tests/import/{case}/input.md"));
    let imported = import::convert(&input, &Options { body: Some(body.into()), date: None }).unwrap();
    let expected = read(&format!("tests/import/{case}/expected.md"));
    assert_eq!(imported.text, expected, "tests/import/{case}: the conversion differs from expected.md");
    assert_no_word_lost(&input, &imported.text);
    (input, imported)
}

#[test]
fn kommunstyrelsen_absent_table_swapped_columns_date_and_bold_headings() {
    let (_, imported) = convert_case("kommunstyrelsen", "Kommunstyrelsen");
    assert_eq!(imported.date.map(|d| d.to_string()).as_deref(), Some("2021-03-15"));
    assert_eq!(imported.notes, []);
    let c = imported.counts;
    assert_eq!((c.attendees, c.absent, c.agenda, c.paragraphs), (4, 1, 4, 4));

    // Written into a site, it is a clean protocol.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("content/kommunstyrelsen/2021-03-15.md");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, &imported.text).unwrap();
    let (_, diagnostics) = protokoll::check_site(dir.path()).unwrap();
    let messages: Vec<String> = diagnostics.iter().map(|d| format!("{} {}", d.rule, d.message)).collect();
    assert!(messages.is_empty(), "{messages:#?}");
}

#[test]
fn kulturnamnden_crlf_bom_header_row_and_every_heading_style() {
    let (input, imported) = convert_case("kulturnamnden", "Kultur- och fritidsnämnden");
    assert!(input.starts_with('\u{feff}') && input.contains("\r\n"), "the fixture is a CRLF file with a BOM");
    assert!(!imported.text.contains('\r') && !imported.text.starts_with('\u{feff}'));
    assert_eq!(imported.date.map(|d| d.to_string()).as_deref(), Some("2021-02-03"));
    assert_eq!(imported.notes, []);
    // The same document with LF line ends and no BOM converts the same.
    let lf = input.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let again = import::convert(&lf, &Options { body: Some("Kultur- och fritidsnämnden".into()), date: None }).unwrap();
    assert_eq!(again.text, imported.text);
}

#[test]
fn date_option_wins_and_missing_body_is_noted() {
    let input = read("tests/import/kommunstyrelsen/input.md");
    let date = "2021-03-16".parse().unwrap();
    let imported = import::convert(&input, &Options { body: None, date: Some(date) }).unwrap();
    assert!(imported.text.contains("\ndate: 2021-03-16\n"));
    assert!(!imported.text.contains("\nbody:"));
    assert_eq!(
        imported.notes,
        [Note::MissingBody, Note::DateDiffers { document: "2021-03-15".parse().unwrap(), given: date }]
    );
}

#[test]
fn a_file_in_the_format_is_refused() {
    let clean = read("tests/import/kommunstyrelsen/expected.md");
    assert_eq!(import::convert(&clean, &Options::default()).unwrap_err(), import::ImportError::AlreadyInFormat);
}

// ---------------------------------------------------------------------------------------
// The command
// ---------------------------------------------------------------------------------------

#[test]
fn command_writes_by_date_and_refuses_to_overwrite_or_read_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let input = repo("tests/import/kommunstyrelsen/input.md");
    let input = input.to_str().unwrap();
    let out = dir.path().join("ks");
    let out_arg = out.to_str().unwrap();

    let first = protokoll(&["import", input, "--body", "Kommunstyrelsen", "--out", out_arg], dir.path());
    assert_eq!(first.status.code(), Some(0), "{}", String::from_utf8_lossy(&first.stderr));
    let written = out.join("2021-03-15.md");
    assert_eq!(std::fs::read_to_string(&written).unwrap(), read("tests/import/kommunstyrelsen/expected.md"));
    assert!(first.stderr.is_empty(), "nothing to note: {}", String::from_utf8_lossy(&first.stderr));

    // Again: the file exists, so nothing is written and the status is 2.
    std::fs::write(&written, "kept\n").unwrap();
    let again = protokoll(&["import", input, "--body", "Kommunstyrelsen", "--out", out_arg], dir.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("refusing to overwrite"));
    assert_eq!(std::fs::read_to_string(&written).unwrap(), "kept\n");

    // A missing input: status 2, nothing written (the good file given with it is not written either).
    let missing =
        protokoll(&["import", "nowhere.md", input, "--out", dir.path().join("x").to_str().unwrap()], dir.path());
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nowhere.md"));
    assert!(!dir.path().join("x").exists());
    // Only the written protocol is left in the folder: no temporary file.
    let names: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["2021-03-15.md"]);
}
