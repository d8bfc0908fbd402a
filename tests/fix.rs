//! Tests: `protokoll fix` on the fixture sites under `tests/fix/` (copied to a temporary
//! folder first), through the library (`protokoll::fix`) and the command, and a property
//! test: on generated protocols, fixing never loses a word.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use protokoll::fix::{self, Options, Plan};

use crate::cli::{protokoll, stdout};
use crate::common::copy_dir;

/// A fixture site copied to `<tmp>/site`.
struct Fx {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Fx {
    /// A copy of `tests/<case>` (`fix/gap`, or `rules/sample`).
    fn new(case: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join(case), &root, None);
        Self { _dir: dir, root }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    fn bytes(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path(rel)).unwrap()
    }

    fn write(&self, rel: &str, bytes: &[u8]) {
        std::fs::write(self.path(rel), bytes).unwrap();
    }

    fn plan(&self, unsafe_fixes: bool) -> Plan {
        fix::plan(&self.root, &Options { unsafe_fixes, ..Options::default() }).unwrap()
    }

    /// Plans and writes every fixed file, as `protokoll fix` does.
    fn fix(&self, unsafe_fixes: bool) -> Plan {
        let plan = self.plan(unsafe_fixes);
        for f in &plan.files {
            fix::write_file(f).unwrap();
        }
        plan
    }

    /// The rule ids `check` reports now.
    fn rules(&self) -> Vec<&'static str> {
        protokoll::check_site(&self.root).unwrap().1.iter().map(|d| d.rule).collect()
    }
}

/// The words of a text: runs of letters and digits.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect()
}

/// Whether `small` is a subsequence of `big`.
fn in_order(small: &[&str], big: &[&str]) -> bool {
    let mut it = big.iter();
    small.iter().all(|w| it.any(|b| b == w))
}

const GAP: &str = "content/trygghetsradet/2020-10-19.md";
const SAMPLE: &str = "content/trygghetsradet/hosten-2020.md";

#[test]
fn renumbers_a_gap_and_leaves_the_agenda() {
    let fx = Fx::new("fix/gap");
    let before = fx.read(GAP);
    let plan = fx.fix(false);
    assert_eq!(plan.problems_fixed(), 1);
    assert_eq!(fx.read(GAP), before.replace("## § 4 Övriga frågor", "## § 3 Övriga frågor"));
    assert!(fx.rules().is_empty(), "{:?}", fx.rules());
}

#[test]
fn overlapping_fixes_are_applied_in_rounds() {
    let fx = Fx::new("fix/rounds");
    let before = fx.read(GAP);
    let plan = fx.fix(false);
    assert_eq!(plan.rounds, 3);
    assert_eq!(plan.problems_fixed(), 4);
    let want = before
        .replace("§ 3\n\n**Nya representanter**", "## § 2 Nya representanter")
        .replace("## § 5 Nulägesstatus", "## § 3 Nulägesstatus")
        .replace("## § 8 Övriga frågor", "## § 4 Övriga frågor");
    assert_eq!(fx.read(GAP), want);
    assert!(fx.rules().is_empty(), "{:?}", fx.rules());
}

#[test]
fn every_heading_style_of_the_real_sample_becomes_canonical() {
    let fx = Fx::new("rules/sample");
    let before = fx.read(SAMPLE);
    let plan = fx.fix(false);
    let after = fx.read(SAMPLE);

    let headings: Vec<&str> = after.lines().filter(|l| l.contains('§') && !l.starts_with('|')).collect();
    let expected: Vec<String> = [
        "Föregående mötesprotokoll",
        "Nya representanter i Trygghets- och säkerhetsrådet",
        "Trygghets- och säkerhetspolicyn: riktlinjer för arbetet",
        "Informationsutbyte mellan kommun och myndigheter",
        "Nulägesstatus",
        "Återrapportering om SSPF- handlingsplanen som sjösattes inför sommaren med anledning av Covid-19.",
        "Covid-19: pandemins långsiktiga konsekvenser för brottsutveckling och samhällsordning",
        "Gemensamt förhållningssätt avseende kameraövervakning på kommunala skolor/förskolor",
        "Pågående trygghetsinsats i Sätla",
        "Trygghetsundersökningen 2020",
        "Övriga frågor",
    ]
    .iter()
    .enumerate()
    .map(|(i, t)| format!("## § {} {t}", i + 1))
    .collect();
    assert_eq!(headings, expected);

    // The empty bullet and the stray full stop are gone; no other line is.
    assert!(!after.lines().any(|l| l.trim() == "." || l.trim() == "-"));
    let prose = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| !l.contains('§') && !l.trim().starts_with("**") && !l.trim().starts_with("### **"))
            .filter(|l| !matches!(l.trim(), "" | "." | "-"))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(prose(&after), prose(&before));
    assert!(in_order(&words(&before), &words(&after)), "a word was lost");

    let fixed: Vec<&str> = plan.files.iter().flat_map(|f| f.applied.iter().map(|a| a.rule)).collect();
    assert_eq!(fixed.iter().filter(|r| **r == "malformed-paragraph-heading").count(), 11);
    let left = fx.rules();
    for rule in ["malformed-paragraph-heading", "stray-punctuation", "empty-list-item"] {
        assert!(!left.contains(&rule), "{rule} remains: {left:?}");
    }
}

#[test]
fn every_kind_of_safe_fix_leaves_a_clean_protocol() {
    let fx = Fx::new("fix/cleanup");
    let plan = fx.fix(false);
    let after = fx.read(GAP);
    assert_eq!(plan.problems_fixed(), 9);
    for line in [
        "date: 2020-10-19",
        "location: Boråsvägen 40, Öresten",
        "  - Återrapportering om handlingsplanen",
        "## § 1 Föregående mötesprotokoll",
        "## § 2 Återrapportering om handlingsplanen",
        "## § 3 Nulägesstatus",
        "## § 4 Övriga frågor",
    ] {
        assert!(after.lines().any(|l| l == line), "no line `{line}` in\n{after}");
    }
    assert!(!after.lines().any(|l| matches!(l, "." | "-" | "§ 1" | "## § 4")));
    assert!(fx.rules().is_empty(), "{:?}", fx.rules());
}

#[test]
fn crlf_stays_crlf_and_the_byte_order_mark_is_kept() {
    let fx = Fx::new("fix/gap");
    let lf = fx.read(GAP);
    let crlf = lf.replace('\n', "\r\n");
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(crlf.as_bytes());
    fx.write(GAP, &bytes);

    fx.fix(false);
    let mut want = "\u{feff}".as_bytes().to_vec();
    want.extend_from_slice(crlf.replace("## § 4 Övriga", "## § 3 Övriga").as_bytes());
    assert_eq!(String::from_utf8(fx.bytes(GAP)).unwrap(), String::from_utf8(want).unwrap());
}

#[test]
fn crlf_is_kept_where_a_fix_writes_several_lines() {
    // The sample's headings span three lines; the fix writes one. CRLF throughout.
    let fx = Fx::new("rules/sample");
    let crlf = fx.read(SAMPLE).replace('\n', "\r\n");
    fx.write(SAMPLE, crlf.as_bytes());
    let plan = fx.fix(false);
    assert!(plan.problems_fixed() >= 13);
    let after = fx.read(SAMPLE);
    assert!(after.contains("\r\n## § 1 Föregående mötesprotokoll\r\n"));
    assert_eq!(after.matches('\n').count(), after.matches("\r\n").count(), "a lone \\n was written");
}

#[test]
fn a_second_run_changes_nothing() {
    for case in
        ["fix/gap", "fix/cleanup", "fix/rounds", "fix/unsafe", "fix/toc", "fix/per-year", "fix/broken", "rules/sample"]
    {
        let fx = Fx::new(case);
        fx.fix(false);
        let snapshot: Vec<(PathBuf, Vec<u8>)> =
            walk(&fx.root).into_iter().map(|p| (p.clone(), std::fs::read(p).unwrap())).collect();
        let again = fx.fix(false);
        assert!(
            again.files.is_empty(),
            "{case}: the second run changed {:?}",
            again.files.iter().map(|f| &f.rel).collect::<Vec<_>>()
        );
        for (p, b) in snapshot {
            assert_eq!(std::fs::read(&p).unwrap(), b, "{case}: {} changed", p.display());
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() { out.extend(walk(&p)) } else { out.push(p) }
    }
    out.sort();
    out
}

#[test]
fn a_file_whose_front_matter_does_not_parse_is_left_byte_for_byte() {
    let fx = Fx::new("fix/broken");
    let broken = "content/trygghetsradet/2020-10-19.md";
    let good = "content/trygghetsradet/2020-11-30.md";
    let before = fx.bytes(broken);
    let plan = fx.fix(false);
    assert_eq!(fx.bytes(broken), before);
    assert!(plan.untouched.iter().any(|u| u.rel == broken && u.reason.contains("front-matter-malformed")));
    // The good file beside it is fixed.
    assert!(!fx.read(good).lines().any(|l| l == "."));
}

#[test]
fn unsafe_fixes_only_when_asked() {
    let fx = Fx::new("fix/unsafe");
    let plan = fx.fix(false);
    assert_eq!(plan.unsafe_available, 1);
    let text = fx.read(GAP);
    assert!(text.contains("Nikals Gustenius"), "a name was changed without --unsafe-fixes");
    assert!(!text.lines().any(|l| l == "."), "the safe fix was not applied");

    let plan = fx.fix(true);
    assert_eq!(plan.unsafe_available, 0);
    assert!(fx.read(GAP).contains("{ name: Niklas Gustenius, org: Kultur- och fritidsförvaltningen }"));
    assert!(fx.rules().is_empty(), "{:?}", fx.rules());
}

#[test]
fn a_fix_that_would_add_a_problem_is_left_out_and_said_why() {
    let fx = Fx::new("fix/toc");
    let plan = fx.fix(false);
    let text = fx.read(GAP);
    assert!(text.contains("## § 4 Övriga frågor"), "renumbered although the table of contents says § 4");
    assert!(!text.lines().any(|l| l == "."), "the other fix was not applied");
    let left: Vec<_> = plan.not_applied.iter().map(|n| (n.rule, n.reason.as_str())).collect();
    assert_eq!(left, [("paragraph-number-gap", "it would add a `toc-mismatch` problem")]);
}

#[test]
fn a_fix_that_would_break_another_file_is_left_out() {
    // Per-year numbering: closing the gap in the first meeting would leave the second
    // starting at the wrong number.
    let fx = Fx::new("fix/per-year");
    let first = "content/kommunstyrelsen/2020-02-24.md";
    let before = fx.bytes(first);
    let plan = fx.fix(false);
    assert!(plan.files.is_empty());
    assert_eq!(fx.bytes(first), before);
    let [n] = plan.not_applied.as_slice() else { panic!("{:?}", plan.not_applied) };
    assert_eq!(n.rule, "paragraph-number-gap");
    assert!(n.reason.contains("numbering-continuity") && n.reason.contains("2020-03-23.md"), "{}", n.reason);
}

#[test]
fn a_file_changed_after_planning_is_not_written() {
    let fx = Fx::new("fix/gap");
    let plan = fx.plan(false);
    let edited = fx.read(GAP).replace("Arbetet", "Det nya arbetet");
    fx.write(GAP, edited.as_bytes());
    let [file] = plan.files.as_slice() else { panic!("one file expected") };
    assert!(matches!(fix::write_file(file), Err(fix::WriteError::Changed(_))));
    assert_eq!(fx.read(GAP), edited);
}

#[test]
fn dry_run_prints_a_diff_and_writes_nothing() {
    let fx = Fx::new("fix/gap");
    let before = fx.bytes(GAP);
    let out = protokoll(&["fix", "--dry-run"], Some(&fx.root));
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains(&format!("--- {GAP}\n+++ {GAP}\n")), "{text}");
    assert!(text.contains("\n-## § 4 Övriga frågor\n+## § 3 Övriga frågor\n"), "{text}");
    assert!(text.contains("would fix 1 problem in 1 file"), "{text}");
    assert_eq!(fx.bytes(GAP), before);

    let out = protokoll(&["fix"], Some(&fx.root));
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("fixed 1 problem in 1 file; no problems remain"), "{}", stdout(&out));
    assert_ne!(fx.bytes(GAP), before);

    let out = protokoll(&["fix", "--dry-run"], Some(&fx.root));
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("nothing to fix"), "{}", stdout(&out));
}

#[test]
fn named_files_only() {
    let fx = Fx::new("fix/broken");
    let other = "content/trygghetsradet/2020-12-14.md";
    let good = fx.read("content/trygghetsradet/2020-11-30.md");
    fx.write(other, good.replace("2020-11-30", "2020-12-14").as_bytes());
    let out = protokoll(&["fix", "site/content/trygghetsradet/2020-12-14.md"], fx.root.parent());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(!fx.read(other).lines().any(|l| l == "."));
    assert_eq!(fx.read("content/trygghetsradet/2020-11-30.md"), good, "a file not named was fixed");
    let text = stdout(&out);
    assert!(text.contains("site/content/trygghetsradet/2020-12-14.md: fixed 1 problem"), "{text}");
    // What remains is counted in the file named, not in the broken file beside it.
    assert!(text.contains("fixed 1 problem in 1 file; no problems remain"), "{text}");
}

#[test]
fn files_outside_content_or_in_two_sites_are_refused() {
    let fx = Fx::new("fix/gap");
    fx.write("notes.md", b"\xc2\xa7 1\n");
    let out = protokoll(&["fix", "notes.md"], Some(&fx.root));
    assert_eq!(out.status.code(), Some(2));

    let other = Fx::new("fix/unsafe");
    let a = fx.path(GAP);
    let b = other.path(GAP);
    let out = protokoll(&["fix", a.to_str().unwrap(), b.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        fx.read(GAP),
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fix/gap").join(GAP)).unwrap()
    );
}

// ---------------------------------------------------------------------------------------
// Property: no text is lost
// ---------------------------------------------------------------------------------------

/// How a generated paragraph heading is written: the styles of converted documents.
#[derive(Debug, Clone, Copy)]
enum Style {
    Canonical,
    PlainBold,
    PlainHeading3Bold,
    NoSpacePlainBold,
    NextLineBold,
    WrongLevel,
    NoSpace,
}

#[derive(Debug, Clone)]
enum Block {
    Text(String),
    List(Vec<String>, Option<&'static str>),
    Stray(&'static str),
    EmptyBullet(&'static str),
}

#[derive(Debug, Clone)]
struct Para {
    step: u32,
    style: Style,
    title: String,
    blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
struct Doc {
    first: u32,
    paras: Vec<Para>,
    crlf: bool,
    bom: bool,
}

fn capitalised(words: &[String]) -> String {
    let s = words.join(" ");
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec("[a-zåäö]{2,9}", 1..10).prop_map(|w| format!("{}.", capitalised(&w)))
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        4 => prop::collection::vec(sentence(), 1..3).prop_map(|s| Block::Text(s.join(" "))),
        1 => (
            prop::collection::vec(sentence(), 1..4),
            prop::option::of(prop::sample::select(vec!["-", "*", "+"]))
        )
            .prop_map(|(items, empty)| Block::List(items, empty)),
        1 => prop::sample::select(vec![".", ",", "…", "–", ";", "..."]).prop_map(Block::Stray),
        1 => prop::sample::select(vec!["-", "*", "+", "3.", "2)"]).prop_map(Block::EmptyBullet),
    ]
}

fn para() -> impl Strategy<Value = Para> {
    let style = prop::sample::select(vec![
        Style::Canonical,
        Style::PlainBold,
        Style::PlainHeading3Bold,
        Style::NoSpacePlainBold,
        Style::NextLineBold,
        Style::WrongLevel,
        Style::NoSpace,
    ]);
    let title = prop::collection::vec("[a-zåäö]{3,12}", 1..5).prop_map(|w| capitalised(&w));
    // Every paragraph opens with text: a paragraph of a lone `3.` would be empty without it,
    // and `fix` rightly leaves that to a person (`empty-paragraph` would appear).
    let text = prop::collection::vec(sentence(), 1..3).prop_map(|s| Block::Text(s.join(" ")));
    (prop::sample::select(vec![1u32, 1, 1, 2, 3]), style, title, text, prop::collection::vec(block(), 0..4)).prop_map(
        |(step, style, title, text, more)| Para {
            step,
            style,
            title,
            blocks: std::iter::once(text).chain(more).collect(),
        },
    )
}

fn doc() -> impl Strategy<Value = Doc> {
    (prop::sample::select(vec![1u32, 1, 2]), prop::collection::vec(para(), 1..7), any::<bool>(), any::<bool>())
        .prop_map(|(first, paras, crlf, bom)| Doc { first, paras, crlf, bom })
}

const FRONT: &str =
    "---\nbody: Rådet\ndate: 2020-10-19\nattendees:\n  - { name: Anna Berg, org: Kommunstyrelsen }\n---\n";

impl Doc {
    fn render(&self) -> String {
        let mut s = String::from(FRONT);
        let mut n = self.first;
        for (i, p) in self.paras.iter().enumerate() {
            if i > 0 {
                n += p.step;
            }
            let t = &p.title;
            let heading = match p.style {
                Style::Canonical => format!("## § {n} {t}"),
                Style::PlainBold => format!("§ {n}\n\n**{t}**"),
                Style::PlainHeading3Bold => format!("§ {n}\n\n### **{t}**"),
                Style::NoSpacePlainBold => format!("§{n}\n\n**{t}**"),
                Style::NextLineBold => format!("## § {n}\n\n**{t}**"),
                Style::WrongLevel => format!("### § {n} {t}"),
                Style::NoSpace => format!("## §{n} {t}"),
            };
            let _ = writeln!(s, "\n{heading}");
            for b in &p.blocks {
                let _ = match b {
                    Block::Text(t) => writeln!(s, "\n{t}"),
                    Block::List(items, empty) => {
                        let list: Vec<String> =
                            items.iter().map(|i| format!("- {i}")).chain(empty.map(str::to_owned)).collect();
                        writeln!(s, "\n{}", list.join("\n"))
                    }
                    Block::Stray(m) | Block::EmptyBullet(m) => writeln!(s, "\n{m}"),
                };
            }
        }
        if self.crlf { s.replace('\n', "\r\n") } else { s }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    /// After `fix`, every word of the input is still there in the same order (the words of
    /// letters exactly; numbers may go: § numbers are renumbered and `3.` bullets deleted),
    /// no word is added, the front matter is byte-for-byte the same, line ends and the
    /// byte-order mark are kept, and a second run changes nothing.
    #[test]
    fn no_text_is_lost(doc in doc()) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("content/radet/2020-10-19.md");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        let text = doc.render();
        let mut bytes = if doc.bom { "\u{feff}".as_bytes().to_vec() } else { Vec::new() };
        bytes.extend_from_slice(text.as_bytes());
        std::fs::write(&file, &bytes).unwrap();

        let plan = fix::plan(dir.path(), &Options::default()).unwrap();
        for f in &plan.files {
            fix::write_file(f).unwrap();
        }
        let out = std::fs::read(&file).unwrap();
        let (has_bom, body) = match out.strip_prefix("\u{feff}".as_bytes()) {
            Some(rest) => (true, rest),
            None => (false, out.as_slice()),
        };
        let after = String::from_utf8(body.to_vec()).unwrap();

        let letters = |t: &str| -> Vec<String> {
            words(t).into_iter().filter(|w| !w.chars().all(|c| c.is_ascii_digit())).map(str::to_owned).collect()
        };
        prop_assert_eq!(letters(&text), letters(&after));
        let front = if doc.crlf { FRONT.replace('\n', "\r\n") } else { FRONT.to_owned() };
        prop_assert!(after.starts_with(&front), "the front matter changed");
        prop_assert_eq!(has_bom, doc.bom);
        if doc.crlf {
            prop_assert_eq!(after.matches('\n').count(), after.matches("\r\n").count(), "a lone \\n was written");
        } else {
            prop_assert!(!after.contains('\r'));
        }

        // What `fix` is for is done: no heading in another style, no gap, no stray line.
        let left: Vec<&str> = protokoll::check_site(dir.path()).unwrap().1.iter().map(|d| d.rule).collect();
        for rule in ["malformed-paragraph-heading", "paragraph-number-gap", "paragraph-number-start", "stray-punctuation", "empty-list-item"] {
            prop_assert!(!left.contains(&rule), "{} remains in\n{}", rule, after);
        }

        let again = fix::plan(dir.path(), &Options::default()).unwrap();
        prop_assert!(again.files.is_empty(), "a second run would change the file");
    }
}
