//! Feeds, sitemap and open data (`src/render/feeds.rs`, `src/render/data.rs`), read back
//! the way their users read them: Atom by a feed parser, XML by a strict XML parser, JSON
//! against the schema the site ships, CSV by a CSV reader, iCalendar line by line.
//!
//! The fixture `tests/sites/feeds/` has a `base_url`, two bodies, notices whose last day
//! to appeal moves past a holiday and a weekend, text to escape, and canaries (`KANARIE-…`)
//! in confidential text and in a draft.
#![allow(clippy::case_sensitive_file_extension_comparisons, reason = "the output's names are ours, lower case")]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use jiff::civil::{Date, date};
use protokoll::BuildOptions;
use protokoll::render::data::{CSV_HEADER, html_to_text, parse_time};
use protokoll::render::feeds::{appeal_last_day, easter_sunday, is_free_day, is_public_holiday};

use crate::common::{assert_no_errors, copy_dir};

type Files = BTreeMap<String, Vec<u8>>;

const BASE: &str = "https://protokoll.example.se/arkiv/";

/// Every canary of the fixture: none may reach a public build.
const CANARIES: &[&str] = &[
    "KANARIE-SEKRETESS-1",
    "KANARIE-TITEL-2",
    "KANARIE-DNR-3",
    "KANARIE-UTKAST-4",
    "KANARIE-ANBUD-5",
    "KANARIE-TEXT-6",
];

struct Site {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    outs: PathBuf,
}

impl Site {
    fn new(case: &str) -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites").join(case), &root, None);
        let outs = tmp.path().join("out");
        std::fs::create_dir(&outs).unwrap();
        Self { _tmp: tmp, root, outs }
    }

    fn edit(&self, rel: &str, f: impl FnOnce(String) -> String) {
        let path = self.root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(path, f(text)).unwrap();
    }

    /// Builds into `out/<name>` and returns every file written.
    fn build(&self, name: &str, internal: bool, drafts: bool) -> Files {
        let out = self.outs.join(name);
        let built = protokoll::build(&self.root, &BuildOptions { out: out.clone(), internal, drafts }).unwrap();
        assert_no_errors(&built);
        assert!(built.written.is_some());
        read_tree(&out)
    }
}

fn read_tree(dir: &Path) -> Files {
    let mut files = Files::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            files.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

fn text<'f>(files: &'f Files, path: &str) -> &'f str {
    std::str::from_utf8(files.get(path).unwrap_or_else(|| panic!("no {path} in {:#?}", files.keys()))).unwrap()
}

fn under<'f>(files: &'f Files, prefix: &str, ext: &str) -> Vec<&'f str> {
    files.keys().filter(|p| p.starts_with(prefix) && p.ends_with(ext)).map(String::as_str).collect()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Resolves a relative reference against the file at `from`.
fn resolve(from: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in rel.split('/') {
        match seg {
            ".." => {
                parts.pop().expect("climbs out of the site");
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The text inside every element named `name`, after a strict parse of the whole document
/// (well-formed, matching end tags, known entities only, one root).
fn strict_xml(xml: &str, name: &str) -> Vec<String> {
    use quick_xml::events::Event;
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"), "XML declaration");
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    reader.config_mut().check_comments = true;
    let (mut depth, mut roots, mut inside, mut found) = (0usize, 0, false, Vec::new());
    let mut current = String::new();
    loop {
        match reader.read_event().unwrap_or_else(|e| panic!("not well-formed at {}: {e}", reader.error_position())) {
            Event::Start(e) => {
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
                if e.name().as_ref() == name.as_bytes() {
                    inside = true;
                    current.clear();
                }
            }
            Event::Empty(_) => assert!(depth > 0, "an element outside the root"),
            Event::End(e) => {
                depth -= 1;
                if e.name().as_ref() == name.as_bytes() {
                    inside = false;
                    found.push(std::mem::take(&mut current));
                }
            }
            Event::Text(t) => {
                let t = t.decode().unwrap();
                assert!(depth > 0 || t.trim().is_empty(), "text outside the root");
                if inside {
                    current.push_str(&t);
                }
            }
            Event::GeneralRef(r) => {
                let r = r.decode().unwrap();
                let c = match &*r {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    "#13" => "\r",
                    other => panic!("unknown entity &{other};"),
                };
                if inside {
                    current.push_str(c);
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::Comment(_) => {}
            other => panic!("unexpected XML: {other:?}"),
        }
    }
    assert_eq!((depth, roots), (0, 1), "one root element, closed");
    found
}

fn feed(files: &Files, path: &str) -> atom_syndication::Feed {
    let xml = text(files, path);
    strict_xml(xml, "id");
    atom_syndication::Feed::read_from(xml.as_bytes()).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// What every feed must have (RFC 4287): id, title, updated and an author for the feed;
/// a unique absolute id, a title, updated and an alternate link for each entry. Links
/// resolve to files of the output.
fn check_feed(files: &Files, path: &str, base: Option<&str>) -> atom_syndication::Feed {
    let f = feed(files, path);
    assert!(!f.id().is_empty() && !f.title().value.is_empty(), "{path}: id and title");
    assert!(!f.authors().is_empty(), "{path}: an author");
    let mut ids = BTreeSet::new();
    for e in f.entries() {
        assert!(ids.insert(e.id().to_owned()), "{path}: duplicate id {}", e.id());
        match base {
            Some(b) => assert!(e.id().starts_with(b), "{path}: id {}", e.id()),
            None => assert!(e.id().starts_with("tag:"), "{path}: id {}", e.id()),
        }
        assert!(!e.title().value.is_empty());
        assert!(f.updated() >= e.updated(), "{path}: the feed is updated when its newest entry is");
        let link = e.links().iter().find(|l| l.rel() == "alternate").expect("an alternate link");
        let target = match base {
            Some(b) => link.href().strip_prefix(b).unwrap_or_else(|| panic!("{path}: link {}", link.href())).to_owned(),
            None => resolve(path, link.href()),
        };
        let target = target.split('#').next().unwrap();
        assert!(files.contains_key(target), "{path}: link to {target}, not in the output");
    }
    let self_link = f.links().iter().find(|l| l.rel() == "self").expect("a self link");
    match base {
        Some(b) => assert_eq!(self_link.href(), format!("{b}{path}")),
        None => assert_eq!(resolve(path, self_link.href()), path),
    }
    f
}

// ---------------------------------------------------------------------------------------
// Atom

#[test]
fn feeds_are_valid_atom_with_absolute_links() {
    let site = Site::new("feeds");
    let files = site.build("public", false, false);
    let feeds = under(&files, "feeds/", ".xml");
    assert_eq!(
        feeds,
        [
            "feeds/index.xml",
            "feeds/kommunstyrelsen-anslag.xml",
            "feeds/kommunstyrelsen.xml",
            "feeds/trygghetsradet-anslag.xml",
            "feeds/trygghetsradet.xml"
        ]
    );
    for path in &feeds {
        check_feed(&files, path, Some(BASE));
    }

    // The archive feed: every adjusted protocol, newest first, the draft left out.
    let index = check_feed(&files, "feeds/index.xml", Some(BASE));
    assert_eq!(index.title().value, "Flödeskommun – protokollarkiv");
    let titles: Vec<&str> = index.entries().iter().map(|e| e.title().value.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Kommunstyrelsen – 1 juni 2021",
            "Trygghetsrådet – 10 maj 2021",
            "Kommunstyrelsen – 20 april 2021",
            "Trygghetsrådet – 22 februari 2021"
        ]
    );
    let ks = index.entries().iter().find(|e| e.title().value == "Kommunstyrelsen – 20 april 2021").unwrap();
    assert_eq!(ks.id(), format!("{BASE}kommunstyrelsen/2021-04-20.html"));
    assert_eq!(ks.links().first().unwrap().href(), format!("{BASE}kommunstyrelsen/2021-04-20.html"));
    // Updated: the justering date, a date of the archive (never the time of the build).
    assert_eq!(ks.updated().to_rfc3339(), "2021-04-21T00:00:00+00:00");
    assert_eq!(index.updated().to_rfc3339(), "2021-06-04T00:00:00+00:00");
    // The summary lists the § titles, unescaped by the parser, confidential ones by show=.
    let summary = &ks.summary().unwrap().value;
    assert_eq!(summary, "§ 1 Budget < 2 mkr & \"citat\"\n§ 2 Personalärende\n§ 3 Upphandling av skolskjuts");
    assert!(text(&files, "feeds/index.xml").contains("Budget &lt; 2 mkr &amp; &quot;citat&quot;"));
    let tr = index.entries().iter().find(|e| e.title().value == "Trygghetsrådet – 10 maj 2021").unwrap();
    assert_eq!(tr.summary().unwrap().value, "§ 1 Trygghetsvandring\n§ 2 Sekretessbelagt ärende");
    assert_eq!(tr.categories().first().unwrap().term(), "trygghetsradet");

    // A body's feed.
    let body = check_feed(&files, "feeds/kommunstyrelsen.xml", Some(BASE));
    assert_eq!(body.entries().len(), 2);
    assert!(body.title().value.starts_with("Kommunstyrelsen"));
}

#[test]
fn anslag_feed_gives_the_last_day_to_appeal() {
    let site = Site::new("feeds");
    let files = site.build("public", false, false);
    let f = check_feed(&files, "feeds/kommunstyrelsen-anslag.xml", Some(BASE));
    let entries: Vec<(&str, String, &str)> = f
        .entries()
        .iter()
        .map(|e| (e.title().value.as_str(), e.updated().to_rfc3339(), e.summary().unwrap().value.as_str()))
        .collect();
    assert_eq!(entries.len(), 2);
    let (title, updated, summary) = entries.first().unwrap();
    assert_eq!(*title, "Anslag: Kommunstyrelsen – 1 juni 2021");
    assert_eq!(updated, "2021-06-05T00:00:00+00:00", "updated when the notice went up");
    // 5 June + 21 days is Saturday 26 June (midsommardagen): the last day is Monday 28 June.
    assert!(summary.contains("Anslaget uppsatt: 5 juni 2021"), "{summary}");
    assert!(summary.contains("Anslaget nedtas: 28 juni 2021"), "{summary}");
    assert!(summary.contains("Sista dag för överklagande: 28 juni 2021"), "{summary}");
    assert!(summary.contains("Justering: 4 juni 2021, Kommunhuset"), "{summary}");
    // 22 April + 21 days is Kristi himmelsfärdsdag (Thursday 13 May): Friday 14 May.
    let (_, _, summary) = entries.get(1).unwrap();
    assert!(summary.contains("Sista dag för överklagande: 14 maj 2021"), "{summary}");
    let ids: Vec<&str> = f.entries().iter().map(atom_syndication::Entry::id).collect();
    assert_eq!(ids.first().unwrap(), &format!("{BASE}kommunstyrelsen/2021-06-01.html#anslag"));

    // A meeting without a notice has no entry; the feed is still there, and valid.
    let tr = check_feed(&files, "feeds/trygghetsradet-anslag.xml", Some(BASE));
    assert_eq!(tr.entries().len(), 1);
}

#[test]
fn without_base_url_feeds_are_relative_and_there_is_no_sitemap() {
    let site = Site::new("feeds");
    site.edit("protokoll.yaml", |t| t.replace("base_url: https://protokoll.example.se/arkiv\n", ""));
    let files = site.build("public", false, false);
    for path in under(&files, "feeds/", ".xml") {
        let f = check_feed(&files, path, None);
        assert!(f.id().starts_with("tag:protokoll.invalid,2000:flodeskommun-protokollarkiv/"), "{}", f.id());
    }
    assert!(!files.contains_key("sitemap.xml") && !files.contains_key("robots.txt"));
    // No absolute URLs anywhere in the open data either.
    for path in under(&files, "data/", "") {
        assert!(!contains(&files[path], "https://protokoll.example.se"), "{path}");
    }
    assert!(!text(&files, "data/calendar/kommunstyrelsen.ics").contains("\r\nURL:"));
}

// ---------------------------------------------------------------------------------------
// Sitemap and robots.txt

#[test]
fn sitemap_lists_every_page_and_robots_points_at_it() {
    let site = Site::new("feeds");
    let files = site.build("public", false, false);
    let locs = strict_xml(text(&files, "sitemap.xml"), "loc");
    assert!(text(&files, "sitemap.xml").contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
    let mut listed = BTreeSet::new();
    for loc in &locs {
        let path = loc.strip_prefix(BASE).unwrap_or_else(|| panic!("not absolute under base_url: {loc}"));
        assert!(files.contains_key(path), "the sitemap lists {path}, which is not in the output");
        assert!(listed.insert(path.to_owned()), "{path} listed twice");
    }
    // Not the 404 page, nor the search page (a form, nothing to index).
    let pages: BTreeSet<String> = files
        .keys()
        .filter(|p| p.ends_with(".html") && !["404.html", "sok.html", "search.html"].contains(&p.as_str()))
        .cloned()
        .collect();
    let missing: Vec<&String> = pages.difference(&listed).collect();
    assert!(missing.is_empty(), "pages missing from the sitemap (add them to feeds::html_pages): {missing:#?}");
    let lastmods = strict_xml(text(&files, "sitemap.xml"), "lastmod");
    assert!(lastmods.contains(&"2021-04-21".to_owned()), "a protocol's lastmod is its justering");
    assert_eq!(text(&files, "robots.txt"), format!("User-agent: *\nDisallow:\n\nSitemap: {BASE}sitemap.xml\n"));
}

#[test]
fn internal_build_is_not_for_search_engines() {
    let site = Site::new("feeds");
    let files = site.build("internal", true, false);
    assert_eq!(
        text(&files, "robots.txt").lines().filter(|l| !l.starts_with('#')).collect::<Vec<_>>(),
        ["User-agent: *", "Disallow: /"]
    );
    assert!(!files.contains_key("sitemap.xml"));
    // The internal edition's open data has the confidential text: it is for the intranet.
    assert!(contains(&files["data/protocols/kommunstyrelsen/2021-04-20.json"], "KANARIE-SEKRETESS-1"));
    for path in under(&files, "feeds/", ".xml") {
        check_feed(&files, path, Some(BASE));
    }
}

// ---------------------------------------------------------------------------------------
// Open data

fn schema(files: &Files, def: &str) -> (boon::Schemas, boon::SchemaIndex) {
    let value: serde_json::Value = serde_json::from_slice(&files["data/schema/protokoll-data.schema.json"]).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("file:///protokoll-data.schema.json", value).unwrap();
    let index = compiler
        .compile(&format!("file:///protokoll-data.schema.json{def}"), &mut schemas)
        .unwrap_or_else(|e| panic!("the shipped schema does not compile: {e:#}"));
    (schemas, index)
}

fn json(files: &Files, path: &str) -> serde_json::Value {
    serde_json::from_slice(files.get(path).unwrap_or_else(|| panic!("no {path}"))).unwrap()
}

fn validate_all(files: &Files) {
    let (schemas, any) = schema(files, "");
    let (pschemas, protocol) = schema(files, "#/$defs/protocol");
    let (aschemas, archive) = schema(files, "#/$defs/archive");
    let index = json(files, "data/index.json");
    schemas.validate(&index, any).unwrap_or_else(|e| panic!("data/index.json: {e:#}"));
    aschemas.validate(&index, archive).unwrap_or_else(|e| panic!("data/index.json: {e:#}"));
    // The index lists exactly the protocol files there are.
    let listed: BTreeSet<&str> =
        index["meetings"].as_array().unwrap().iter().map(|m| m["data"].as_str().unwrap()).collect();
    let present: BTreeSet<&str> = under(files, "data/protocols/", ".json").into_iter().collect();
    assert_eq!(listed, present);
    for path in present {
        let v = json(files, path);
        schemas.validate(&v, any).unwrap_or_else(|e| panic!("{path}: {e:#}"));
        pschemas.validate(&v, protocol).unwrap_or_else(|e| panic!("{path}: {e:#}"));
        assert!(files.contains_key(v["page"].as_str().unwrap()), "{path}: its page");
    }
    // Every path the index names is a file of the output.
    for b in index["bodies"].as_array().unwrap() {
        for key in ["page", "feed", "anslag_feed", "calendar"] {
            assert!(files.contains_key(b[key].as_str().unwrap()), "{key} of {}", b["id"]);
        }
    }
    for key in ["schema", "attendance", "feed"] {
        assert!(files.contains_key(index["site"][key].as_str().unwrap()), "site.{key}");
    }
    for p in index["persons"].as_array().unwrap().iter().chain(index["organizations"].as_array().unwrap()) {
        assert!(files.contains_key(p["page"].as_str().unwrap()), "{}", p["page"]);
    }
}

#[test]
fn open_data_follows_the_shipped_schema() {
    let site = Site::new("feeds");
    let files = site.build("public", false, false);
    validate_all(&files);

    let index = json(&files, "data/index.json");
    assert_eq!(index["version"], 1);
    assert_eq!(index["site"]["base_url"], BASE);
    let bodies: Vec<&str> = index["bodies"].as_array().unwrap().iter().map(|b| b["id"].as_str().unwrap()).collect();
    assert_eq!(bodies, ["kommunstyrelsen", "trygghetsradet"]);
    assert_eq!(index["bodies"][0]["seats"], 11);
    assert_eq!(index["bodies"][0]["profile"], "board");
    assert_eq!(index["meetings"].as_array().unwrap().len(), 4, "the draft is not exported");
    // Memberships: a serving substitute keeps the role written; the absent member counts.
    let memberships = index["memberships"].as_array().unwrap();
    let find = |person: &str, kind: &str| {
        memberships.iter().filter(|m| m["person"] == person && m["kind"] == kind).cloned().collect::<Vec<_>>()
    };
    let dahl = find("david-dahl", "body");
    assert_eq!(dahl.len(), 1);
    assert_eq!(dahl[0]["role"], "ersättare");
    assert_eq!(dahl[0]["body"], "kommunstyrelsen");
    let ek = find("erik-ek", "body");
    let absent: u64 = ek.iter().map(|m| m["absent"].as_u64().unwrap()).sum();
    let present: u64 = ek.iter().map(|m| m["present"].as_u64().unwrap()).sum();
    assert_eq!((present, absent), (1, 1));
    let andersson = find("anna-andersson", "body");
    assert_eq!(andersson.len(), 2, "ordförande of one body, no role in the other: {andersson:#?}");
    let org = find("anna-andersson", "organization");
    assert_eq!(org[0]["organization"], "socialdemokraterna");
    assert_eq!((org[0]["start_date"].as_str(), org[0]["end_date"].as_str()), (Some("2021-02-22"), Some("2021-06-01")));

    let p = json(&files, "data/protocols/kommunstyrelsen/2021-04-20.json");
    assert_eq!(p["meeting"]["start"], "13:00");
    assert_eq!(p["meeting"]["end"], "15:00");
    assert_eq!(p["meeting"]["location"], "Kommunhuset, sal 1; plan 2");
    assert_eq!(p["anslag"]["appeal_last_day"], "2021-05-14");
    assert_eq!(p["next"], "kommunstyrelsen/2021-06-01");
    assert_eq!(p["previous"], serde_json::Value::Null);
    let paras = p["paragraphs"].as_array().unwrap();
    assert_eq!(paras[0]["title"], "Budget < 2 mkr & \"citat\"");
    assert_eq!(paras[0]["dnr"], "KS 2021/12");
    assert_eq!(paras[0]["decision_text"], "Kommunstyrelsen beslutar att anta budgeten, med \"citat\" & allt.");
    assert_eq!(paras[0]["text"], "Ett ärende med tecken som ska skyddas: <, > och &.");
    // show=title: the title and the ground, nothing else.
    assert_eq!(paras[1]["title"], "Personalärende");
    assert_eq!(paras[1]["withheld"], true);
    assert_eq!(paras[1]["ground"], "OSL 39 kap. 3 §");
    assert_eq!((paras[1]["text"].as_str(), paras[1]["decision_text"].as_str()), (Some(""), None));
    assert_eq!(paras[1]["sections"].as_array().unwrap().len(), 0);
    // show=decision: the decision too.
    assert_eq!(paras[2]["decision_text"], "Kommunstyrelsen antar det mest fördelaktiga anbudet (BESLUT-SYNLIGT-7).");
    let attendees = p["attendees"].as_array().unwrap();
    let dahl = attendees.iter().find(|a| a["name"] == "David Dahl").unwrap();
    assert_eq!((dahl["serves_for"].as_str(), dahl["person"].as_str()), (Some("Erik Ek"), Some("david-dahl")));
    assert_eq!(p["absent"][0]["name"], "Erik Ek");

    let p = json(&files, "data/protocols/kommunstyrelsen/2021-06-01.json");
    assert_eq!((p["meeting"]["start"].as_str(), p["meeting"]["end"].as_str()), (Some("09:00"), Some("11:30")));
    assert_eq!(p["paragraphs"][0]["text"], "Delårsrapporten redovisas.\n\n- Intäkter\n- Kostnader");
    assert_eq!(p["next"], serde_json::Value::Null, "the draft that follows is not exported");
    // show=nothing: a neutral title, no case number.
    let p = json(&files, "data/protocols/trygghetsradet/2021-05-10.json");
    assert_eq!(p["paragraphs"][1]["title"], "Sekretessbelagt ärende");
    assert_eq!(p["paragraphs"][1]["dnr"], serde_json::Value::Null);
    let p = json(&files, "data/protocols/trygghetsradet/2021-02-22.json");
    assert_eq!((p["meeting"]["time"].as_str(), p["meeting"]["start"].as_str()), (None, None));
}

#[test]
fn the_schema_rejects_what_it_should() {
    let site = Site::new("feeds");
    let files = site.build("public", false, false);
    let (schemas, protocol) = schema(&files, "#/$defs/protocol");
    let good = json(&files, "data/protocols/kommunstyrelsen/2021-04-20.json");
    let mut leaked = good.clone();
    leaked["paragraphs"][1]["text"] = "secret".into();
    assert!(schemas.validate(&leaked, protocol).is_err(), "a withheld paragraph with text");
    let mut bad_time = good.clone();
    bad_time["meeting"]["start"] = "25:00".into();
    assert!(schemas.validate(&bad_time, protocol).is_err(), "a start at 25:00");
    let mut missing = good;
    missing.as_object_mut().unwrap().remove("attendees");
    assert!(schemas.validate(&missing, protocol).is_err(), "no attendees key");
}

#[test]
fn attendance_csv_is_rfc_4180_with_a_bom() {
    let site = Site::new("feeds");
    let files = site.build("public", false, false);
    let bytes = &files["data/attendance.csv"];
    assert!(bytes.starts_with("\u{FEFF}".as_bytes()), "UTF-8 byte-order mark, for Excel");
    let csv_text = std::str::from_utf8(bytes).unwrap();
    assert!(csv_text.ends_with("\r\n"));
    assert!(!csv_text.replace("\r\n", "").contains('\n'), "CRLF line ends only");
    // The csv crate, like most CSV libraries, skips the byte-order mark.
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header.join(","), CSV_HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows.iter().all(|r| r.len() == header.len()));
    // 5 + 4 rows of Kommunstyrelsen, 2 + 2 of Trygghetsrådet; the draft left out.
    assert_eq!(rows.len(), 13);
    let ek: Vec<Vec<&str>> = rows.iter().filter(|r| &r[5] == "Erik Ek").map(|r| r.iter().collect()).collect();
    assert_eq!(
        ek[0],
        [
            "2021-04-20",
            "kommunstyrelsen",
            "Kommunstyrelsen",
            "kommunstyrelsen/2021-04-20",
            "erik-ek",
            "Erik Ek",
            "Centerpartiet",
            "ledamot",
            "",
            "absent"
        ]
    );
    assert_eq!(ek[1][9], "present");
    // A comma in a cell is quoted, and reads back whole.
    assert!(csv_text.contains("\"Polisen, LPO Mark\""));
    assert!(rows.iter().any(|r| &r[6] == "Polisen, LPO Mark"));
}

#[test]
fn calendars_are_rfc_5545() {
    let site = Site::new("feeds");
    let files = site.build("public", false, false);
    assert_eq!(
        under(&files, "data/calendar/", ".ics"),
        ["data/calendar/kommunstyrelsen.ics", "data/calendar/trygghetsradet.ics"]
    );
    let mut uids = BTreeSet::new();
    for path in under(&files, "data/calendar/", ".ics") {
        let ics = text(&files, path);
        assert!(ics.ends_with("\r\n"), "{path}");
        let physical: Vec<&str> = ics.strip_suffix("\r\n").unwrap().split("\r\n").collect();
        for line in &physical {
            assert!(!line.contains('\n') && !line.contains('\r'), "{path}: a bare line end");
            assert!(line.len() <= 75, "{path}: {} octets: {line}", line.len());
        }
        // Unfold: a line starting with a space continues the one before.
        let mut lines: Vec<String> = Vec::new();
        for line in physical {
            match line.strip_prefix(' ') {
                Some(rest) => lines.last_mut().unwrap().push_str(rest),
                None => lines.push(line.to_owned()),
            }
        }
        let mut stack: Vec<String> = Vec::new();
        let mut event: Vec<String> = Vec::new();
        for line in &lines {
            let (name, value) = line.split_once(':').unwrap_or_else(|| panic!("{path}: no colon in {line}"));
            if name == "BEGIN" {
                stack.push(value.to_owned());
                if value == "VEVENT" {
                    event.clear();
                }
            } else if name == "END" {
                assert_eq!(stack.pop().as_deref(), Some(value), "{path}: END:{value}");
                if value == "VEVENT" {
                    for prop in ["UID", "DTSTAMP", "DTSTART", "SUMMARY"] {
                        assert!(event.iter().any(|p| p == prop), "{path}: an event without {prop}");
                    }
                }
            } else if stack.last().map(String::as_str) == Some("VEVENT") {
                let prop = name.split(';').next().unwrap().to_owned();
                if prop == "UID" {
                    assert!(uids.insert(value.to_owned()), "{path}: duplicate UID {value}");
                }
                event.push(prop);
            }
        }
        assert!(stack.is_empty(), "{path}: unclosed {stack:?}");
        for required in ["BEGIN:VCALENDAR", "VERSION:2.0", "TZID:Europe/Stockholm"] {
            assert!(lines.iter().any(|l| l == required), "{path}: {required}");
        }
        assert!(lines.iter().any(|l| l.starts_with("PRODID:")));
    }
    let ks = text(&files, "data/calendar/kommunstyrelsen.ics").replace("\r\n ", "");
    assert!(ks.contains("\r\nDTSTART;TZID=Europe/Stockholm:20210420T130000\r\n"));
    assert!(ks.contains("\r\nDTEND;TZID=Europe/Stockholm:20210420T150000\r\n"));
    assert!(ks.contains("\r\nDTSTART;TZID=Europe/Stockholm:20210601T090000\r\n"));
    assert!(ks.contains("\r\nLOCATION:Kommunhuset\\, sal 1\\; plan 2\r\n"));
    assert!(ks.contains(&format!("\r\nURL:{BASE}kommunstyrelsen/2021-04-20.html\r\n")));
    assert!(ks.contains("\r\nUID:2021-04-20-kommunstyrelsen@protokoll.example.se\r\n"));
    assert!(ks.contains("\r\nDTSTAMP:20210421T000000Z\r\n"), "DTSTAMP: the justering, not the build time");
    assert!(ks.contains("DESCRIPTION:§ 1 Budget < 2 mkr & \"citat\"\\n§ 2 Personalärende\\n"));
    // The long location is folded (and unfolds to the original).
    assert!(text(&files, "data/calendar/kommunstyrelsen.ics").contains("\r\n "));
    assert!(ks.contains("LOCATION:Stora sammanträdesrummet i kommunhusets östra flygel\\, våning två\\, Kinna (ingång från Boråsvägen)\r\n"));
    let tr = text(&files, "data/calendar/trygghetsradet.ics");
    assert!(tr.contains("\r\nDTSTART;VALUE=DATE:20210222\r\nDTEND;VALUE=DATE:20210223\r\n"), "all day without a time");
}

// ---------------------------------------------------------------------------------------
// Confidentiality, drafts, determinism, hostile text

#[test]
fn canaries_never_reach_a_public_build() {
    let site = Site::new("feeds");
    for drafts in [false, true] {
        let files = site.build(if drafts { "drafts" } else { "public" }, false, drafts);
        for (path, bytes) in &files {
            // With --drafts the draft's own pages are built (a preview); feeds and data never
            // carry it.
            let generated = path.starts_with("feeds/") || path.starts_with("data/") || path.starts_with("sitemap");
            for canary in CANARIES {
                if drafts && !generated && canary.contains("UTKAST") {
                    continue;
                }
                assert!(!contains(bytes, canary), "drafts: {drafts}: {canary} in {path}");
            }
            if generated && path != "sitemap.xml" {
                assert!(!contains(bytes, "2021-09-07"), "drafts: {drafts}: the draft in {path}");
            }
        }
        validate_all(&files);
    }
}

#[test]
fn output_is_deterministic() {
    let site = Site::new("feeds");
    let a = site.build("a", false, false);
    let b = site.build("b", false, false);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between two builds");
    }
}

#[test]
fn hostile_text_stays_well_formed() {
    let site = Site::new("hostile");
    let files = site.build("public", false, false);
    for path in under(&files, "feeds/", ".xml") {
        check_feed(&files, path, None);
        let xml = text(&files, path);
        for payload in ["<script", "<img", "<iframe"] {
            assert!(!xml.contains(payload), "{path}: {payload} unescaped");
        }
    }
    validate_all(&files);
    for path in under(&files, "data/calendar/", ".ics") {
        let ics = text(&files, path);
        assert!(ics.split("\r\n").all(|l| l.len() <= 75 && !l.contains('\n')), "{path}");
    }
}

// ---------------------------------------------------------------------------------------
// The last day to appeal, times and text

#[test]
fn easter() {
    for (y, m, d) in [
        (2008, 3, 23),
        (2019, 4, 21),
        (2020, 4, 12),
        (2021, 4, 4),
        (2022, 4, 17),
        (2024, 3, 31),
        (2025, 4, 20),
        (2038, 4, 25),
        (2285, 3, 22),
    ] {
        assert_eq!(easter_sunday(y), Some(date(y, m, d)), "{y}");
    }
    assert_eq!(easter_sunday(1200), None);
}

#[test]
fn swedish_public_holidays() {
    let holidays_2021 = [
        (1, 1),   // nyårsdagen
        (1, 6),   // trettondedag jul
        (4, 2),   // långfredagen
        (4, 4),   // påskdagen
        (4, 5),   // annandag påsk
        (5, 1),   // första maj
        (5, 13),  // Kristi himmelsfärdsdag
        (5, 23),  // pingstdagen
        (6, 6),   // nationaldagen
        (6, 26),  // midsommardagen
        (11, 6),  // alla helgons dag
        (12, 25), // juldagen
        (12, 26), // annandag jul
    ];
    let mut d = date(2021, 1, 1);
    while d.year() == 2021 {
        let expected = holidays_2021.contains(&(d.month(), d.day()));
        assert_eq!(is_public_holiday(d), expected, "{d}");
        d = d.tomorrow().unwrap();
    }
    // Annandag pingst was a holiday until 2004, nationaldagen from 2005.
    assert!(is_public_holiday(date(2004, 5, 31)));
    assert!(!is_public_holiday(date(2021, 5, 24)));
    assert!(!is_public_holiday(date(2002, 6, 6)));
    // Saturdays that are not holidays, and the eves that are not holidays but still free.
    assert!(!is_public_holiday(date(2021, 10, 30)) && is_free_day(date(2021, 10, 30)));
    for eve in [date(2021, 6, 25), date(2021, 12, 24), date(2021, 12, 31)] {
        assert!(!is_public_holiday(eve) && is_free_day(eve), "{eve}");
    }
    assert!(!is_free_day(date(2021, 6, 24)), "the Thursday before midsommarafton is a working day");
}

#[test]
fn last_day_to_appeal() {
    let cases: &[(Date, Date, &str)] = &[
        (date(2020, 10, 27), date(2020, 11, 17), "a Tuesday: three weeks later, unmoved"),
        (date(2020, 10, 31), date(2020, 11, 23), "ends on a Saturday: Monday"),
        (date(2020, 11, 1), date(2020, 11, 23), "ends on a Sunday: Monday"),
        (date(2021, 4, 22), date(2021, 5, 14), "Kristi himmelsfärdsdag: Friday"),
        (date(2021, 6, 5), date(2021, 6, 28), "midsommardagen, a Saturday: Monday"),
        (date(2022, 6, 3), date(2022, 6, 27), "midsommarafton: past the weekend to Monday"),
        (date(2022, 3, 25), date(2022, 4, 19), "långfredagen: past Easter to Tuesday"),
        (date(2020, 12, 3), date(2020, 12, 28), "julafton: past Christmas to Monday"),
        (date(2021, 12, 10), date(2022, 1, 3), "nyårsafton: past New Year to Monday"),
        (date(2021, 12, 16), date(2022, 1, 7), "trettondedag jul: Friday"),
        (date(2024, 4, 10), date(2024, 5, 2), "första maj: Thursday"),
        (date(2023, 5, 16), date(2023, 6, 7), "nationaldagen: Wednesday"),
        (date(2002, 5, 16), date(2002, 6, 6), "6 June 2002 was a working day"),
        (date(2004, 5, 10), date(2004, 6, 1), "annandag pingst 2004: Tuesday"),
        (date(2021, 5, 3), date(2021, 5, 24), "annandag pingst 2021 is a working day"),
    ];
    for (up, last, why) in cases {
        assert_eq!(appeal_last_day(*up), Some(*last), "{up}: {why}");
    }
}

#[test]
fn meeting_times() {
    assert_eq!(parse_time("13:00-15:00"), Some(((13, 0), Some((15, 0)))));
    assert_eq!(parse_time("kl. 9.00–11.30"), Some(((9, 0), Some((11, 30)))));
    assert_eq!(parse_time("18:30 till 21:00"), Some(((18, 30), Some((21, 0)))));
    assert_eq!(parse_time("13:00"), Some(((13, 0), None)));
    assert_eq!(parse_time("13:00, ajournering 14:00"), Some(((13, 0), None)));
    assert_eq!(parse_time("efter lunch"), None);
    assert_eq!(parse_time("25:00"), None);
    assert_eq!(parse_time("2020.10"), None, "a date-like number is not a time");
    assert_eq!(parse_time("13:000"), None);
}

#[test]
fn text_from_html() {
    assert_eq!(html_to_text("<p>Budget &lt; 2 mkr &amp; &quot;citat&quot;</p>\n"), "Budget < 2 mkr & \"citat\"");
    assert_eq!(html_to_text("<p>Ett</p>\n<ul>\n<li>två</li>\n<li>tre</li>\n</ul>\n"), "Ett\n\n- två\n- tre");
    assert_eq!(html_to_text("<p>rad<br />\nny &#x27;rad&#39;</p>"), "rad\nny 'rad'");
    assert_eq!(html_to_text("<p>R&amp;D &unknown; &</p>"), "R&D &unknown; &");
}

#[test]
fn sitemap_splits_past_50000_urls() {
    let site = Site::new("feeds");
    let loaded = protokoll::load(&site.root).unwrap();
    let archive = protokoll::index::index(&loaded, protokoll::index::Options::default());
    let pages: Vec<(String, Option<Date>)> = (0..120_001).map(|i| (format!("sida/{i}.html"), None)).collect();
    let files: Files =
        protokoll::render::feeds::sitemap(&archive, false, &pages).into_iter().map(|p| (p.path, p.content)).collect();
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        ["robots.txt", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    );
    assert!(text(&files, "sitemap.xml").contains("<sitemapindex"));
    let listed = strict_xml(text(&files, "sitemap.xml"), "loc");
    assert_eq!(listed, [1, 2, 3].map(|i| format!("{BASE}sitemap-{i}.xml")));
    let counts: Vec<usize> =
        (1..=3).map(|i| strict_xml(text(&files, &format!("sitemap-{i}.xml")), "loc").len()).collect();
    assert_eq!(counts, [50_000, 50_000, 20_001]);
}
