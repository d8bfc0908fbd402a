//! The search index (`src/render/search.rs`) and the page that reads it
//! (`themes/default/assets/search.js`), on the `tests/sites/search` fixture.
//!
//! The index files are read back (each is `window.__protokollSearch.<kind>(<JSON>);`) and
//! queried with [`Query`], a port of search.js's lookup and ranking: so the tests run
//! without a JavaScript engine. When `node` is on the PATH, the same queries also run
//! through search.js itself and must give the same results in the same order, and
//! search.js's stemmers must give the same keys as the index's analyser; without node
//! those tests say so and pass.

#![allow(
    clippy::struct_field_names,
    clippy::used_underscore_binding,
    clippy::cast_precision_loss,
    reason = "test helpers: a port of search.js ranking"
)]

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use protokoll::config::Language;
use protokoll::render::search::{self, Analyzer};
use protokoll::{BuildOptions, Severity};
use serde_json::Value;

use crate::common::copy_dir;

// ---------------------------------------------------------------------------------------
// Building a fixture and reading its index

struct Site {
    /// Shared with the indexes built from it, so their files outlive a temporary `Site`.
    tmp: std::sync::Arc<tempfile::TempDir>,
    site: PathBuf,
    out: PathBuf,
}

impl Site {
    /// A copy of `tests/sites/<case>/`.
    fn new(case: &str) -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites").join(case), &site, None);
        let out = tmp.path().join("public");
        Self { tmp: std::sync::Arc::new(tmp), site, out }
    }

    fn write(&self, rel: &str, content: &str) {
        let path = self.site.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }

    /// Builds (no error diagnostics allowed) and reads the index.
    fn build(&self, internal: bool, drafts: bool) -> Index {
        let built = protokoll::build(&self.site, &BuildOptions { out: self.out.clone(), internal, drafts }).unwrap();
        let errors: Vec<_> = built.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        assert!(built.written.is_some());
        let mut ix = Index::read(&self.out);
        ix._tmp = Some(self.tmp.clone());
        ix
    }
}

/// A term shard: key → (document frequency, postings (document, weight)).
type Shard = BTreeMap<String, (usize, Vec<(u32, u32)>)>;

/// The index as the files hold it.
struct Index {
    _tmp: Option<std::sync::Arc<tempfile::TempDir>>,
    out: PathBuf,
    meta: Value,
    shards: Vec<Shard>,
    /// Document chunks by number.
    docs: BTreeMap<usize, Value>,
    /// Every file under `search/`: path → text.
    files: BTreeMap<String, String>,
    analyzer: Analyzer,
}

/// The JSON of an index file, checking the call around it.
fn payload(text: &str, kind: &str) -> Value {
    let prefix = format!("window.__protokollSearch.{kind}(");
    let json = text
        .strip_prefix(&prefix)
        .and_then(|t| t.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("not a {kind} file: {}", text.get(..80).unwrap_or(text)));
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{kind}: {e}"))
}

/// Unpacks postings: a gap (five bits a digit, least significant first, digits 32–63
/// continuing) and a weight digit per document.
fn unpack(packed: &str) -> Vec<(u32, u32)> {
    const DIGITS: &str = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
    let mut out: Vec<(u32, u32)> = Vec::new();
    let (mut doc, mut v, mut shift, mut weight) = (0u32, 0u32, 0, false);
    for c in packed.chars() {
        let d = u32::try_from(DIGITS.find(c).unwrap_or_else(|| panic!("bad digit {c:?}"))).unwrap();
        if weight {
            out.last_mut().unwrap().1 = d;
            weight = false;
            continue;
        }
        v |= (d & 31) << shift;
        if d & 32 != 0 {
            shift += 5;
            continue;
        }
        doc += v;
        out.push((doc, 0));
        (v, shift, weight) = (0, 0, true);
    }
    assert!(!weight, "postings end in the middle of a posting");
    out
}

impl Index {
    fn read(out: &Path) -> Self {
        let mut files = BTreeMap::new();
        for entry in walkdir::WalkDir::new(out.join("search")) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(out).unwrap().to_string_lossy().replace('\\', "/");
                files.insert(rel, std::fs::read_to_string(entry.path()).unwrap());
            }
        }
        let meta = payload(&files["search/meta.js"], "meta");
        assert_eq!(meta["format"], 1);
        let mut shards = Vec::new();
        for i in 0.. {
            let Some(text) = files.get(&format!("search/terms/{i}.js")) else { break };
            let p = payload(text, "shard");
            assert_eq!(p["id"], i);
            let shard: Shard = p["t"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), (v[0].as_u64().unwrap() as usize, unpack(v[1].as_str().unwrap()))))
                .collect();
            shards.push(shard);
        }
        let mut docs = BTreeMap::new();
        for (path, text) in &files {
            if let Some(n) = path.strip_prefix("search/docs/").and_then(|p| p.strip_suffix(".js")) {
                let p = payload(text, "docs");
                assert_eq!(p["id"].as_u64().unwrap().to_string(), n);
                docs.insert(n.parse().unwrap(), p);
            }
        }
        assert_eq!(
            files.len(),
            1 + shards.len() + docs.len(),
            "only meta, terms and docs files: {:?}",
            files.keys().collect::<Vec<_>>()
        );
        let lang = if meta["lang"] == "en" { Language::En } else { Language::Sv };
        Self { _tmp: None, out: out.to_path_buf(), meta, shards, docs, files, analyzer: Analyzer::new(lang) }
    }

    fn n_docs(&self) -> usize {
        self.meta["docs"].as_u64().unwrap() as usize
    }

    /// Every key of the index.
    fn keys(&self) -> HashSet<&str> {
        self.shards.iter().flat_map(|s| s.keys().map(String::as_str)).collect()
    }

    /// The shard whose range holds `key` (JavaScript compares strings by UTF-16 units).
    fn shard_of(&self, key: &str) -> usize {
        let firsts = self.meta["shards"].as_array().unwrap();
        let mut found = 0;
        for (i, f) in firsts.iter().enumerate() {
            if f.as_str().unwrap().encode_utf16().cmp(key.encode_utf16()) != Ordering::Greater {
                found = i;
            }
        }
        found
    }

    /// What result `doc` shows: (kind, URL from the site root, title).
    fn doc(&self, doc: u32) -> (u64, String, String) {
        let chunk = self.meta["chunk"].as_u64().unwrap() as usize;
        let c = &self.docs[&(doc as usize / chunk)];
        let r = &c["d"][doc as usize % chunk];
        let kind = r[0].as_u64().unwrap();
        match kind {
            0 | 1 => {
                let m = &c["m"][r[1].as_u64().unwrap() as usize];
                let body = &self.meta["bodies"][m[0].as_u64().unwrap() as usize];
                let page = format!("{}/{}.html", body["slug"].as_str().unwrap(), m[2].as_str().unwrap());
                if kind == 0 {
                    (0, format!("{page}#{}", r[3].as_str().unwrap()), r[4].as_str().unwrap().to_owned())
                } else {
                    (1, page, body["name"].as_str().unwrap().to_owned())
                }
            }
            _ => (kind, r[2].as_str().unwrap().to_owned(), r[1].as_str().unwrap().to_owned()),
        }
    }
}

// ---------------------------------------------------------------------------------------
// search.js's lookup and ranking, ported

const MIN_PREFIX: usize = 4;
const MAX_EXPANSIONS: usize = 40;
const PREFIX_FACTOR: f64 = 0.5;

struct Clause {
    keys: Vec<String>,
    ranges: Vec<[u32; 2]>,
    prefix: bool,
    scores: HashMap<u32, f64>,
    /// Its word is so common that the index keeps only its best postings.
    truncated: bool,
}

/// The documents every filtering clause matches (common words filter when `common`).
fn select(clauses: &[Clause], common: bool) -> Vec<u32> {
    let filtering: Vec<&Clause> = clauses.iter().filter(|c| !c.truncated || !c.ranges.is_empty() || common).collect();
    let mut all: HashSet<u32> = HashSet::new();
    if filtering.is_empty() {
        for c in clauses {
            all.extend(c.scores.keys().copied());
        }
        return all.into_iter().collect();
    }
    for c in &filtering {
        all.extend(c.scores.keys().copied());
        for r in &c.ranges {
            all.extend(r[0]..r[1]);
        }
    }
    let in_ranges = |c: &Clause, d: u32| c.ranges.iter().any(|r| d >= r[0] && d < r[1]);
    all.into_iter().filter(|&d| filtering.iter().all(|c| c.scores.contains_key(&d) || in_ranges(c, d))).collect()
}

/// A query run against an [`Index`] the way search.js runs it.
struct Query<'a> {
    ix: &'a Index,
}

impl Query<'_> {
    fn idf(&self, df: usize) -> f64 {
        let n = self.ix.n_docs() as f64;
        let df = df as f64;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    fn shards_for(&self, key: &str) -> Vec<usize> {
        let first = self.ix.shard_of(key);
        let mut list = vec![first];
        if key.chars().count() >= MIN_PREFIX {
            let firsts = self.ix.meta["shards"].as_array().unwrap();
            let mut i = first + 1;
            while i < firsts.len() && list.len() < 2 && firsts[i].as_str().unwrap().starts_with(key) {
                list.push(i);
                i += 1;
            }
        }
        list
    }

    /// Adds a term's scores (the best per document); whether its postings were cut.
    fn add_term(
        &self,
        entry: &(usize, Vec<(u32, u32)>),
        factor: f64,
        scores: &mut HashMap<u32, f64>,
        cap: f64,
    ) -> bool {
        let levels = self.ix.meta["levels"].as_f64().unwrap();
        let w = self.idf(entry.0).min(cap) * factor / levels;
        for &(d, q) in &entry.1 {
            let s = w * f64::from(q);
            let e = scores.entry(d).or_insert(f64::NEG_INFINITY);
            if s > *e {
                *e = s;
            }
        }
        entry.1.len() < entry.0
    }

    fn clauses(&self, keys: &[String]) -> Vec<Clause> {
        let meta = &self.ix.meta;
        let mut used: HashSet<String> = HashSet::new();
        let mut clauses = Vec::new();
        let mut bodies: Vec<&Value> = meta["bodies"].as_array().unwrap().iter().collect();
        bodies.sort_by_key(|b| std::cmp::Reverse(b["keys"].as_array().unwrap().len()));
        let strs = |v: &Value| -> Vec<String> {
            v.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_owned()).collect()
        };
        for b in bodies {
            let bkeys = strs(&b["keys"]);
            let named = !bkeys.is_empty() && bkeys.iter().all(|k| keys.contains(k) && !used.contains(k));
            let alias: Vec<String> =
                strs(&b["alias"]).into_iter().filter(|k| keys.contains(k) && !used.contains(k)).collect();
            if !named && alias.is_empty() {
                continue;
            }
            let ks = if named { bkeys } else { alias };
            used.extend(ks.iter().cloned());
            let range = [b["range"][0].as_u64().unwrap() as u32, b["range"][1].as_u64().unwrap() as u32];
            let doc = b["doc"].as_u64().unwrap() as u32;
            clauses.push(Clause {
                keys: ks,
                ranges: vec![range, [doc, doc + 1]],
                prefix: false,
                scores: HashMap::new(),
                truncated: false,
            });
        }
        for k in keys {
            if used.contains(k) {
                continue;
            }
            let year = (k.len() == 4 && k.bytes().all(|b| b.is_ascii_digit()))
                .then(|| meta["years"].get(k))
                .flatten()
                .map(|v| {
                    v.as_array()
                        .unwrap()
                        .iter()
                        .map(|r| [r[0].as_u64().unwrap() as u32, r[1].as_u64().unwrap() as u32])
                        .collect::<Vec<_>>()
                });
            let prefix = year.is_none() && k.chars().count() >= MIN_PREFIX;
            clauses.push(Clause {
                keys: vec![k.clone()],
                ranges: year.unwrap_or_default(),
                prefix,
                scores: HashMap::new(),
                truncated: false,
            });
        }
        clauses
    }

    /// Ranked documents for `q`, best first.
    fn run(&self, q: &str) -> Vec<u32> {
        let mut keys: Vec<String> = Vec::new();
        for k in self.ix.analyzer.keys(q) {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        keys.truncate(10);
        if keys.is_empty() {
            return Vec::new();
        }
        let mut clauses = self.clauses(&keys);
        for c in &mut clauses {
            let mut maps = Vec::new();
            let (mut truncated, mut missing) = (false, false);
            for k in &c.keys {
                let mut scores = HashMap::new();
                let entry = self.ix.shards[self.ix.shard_of(k)].get(k);
                let cap = entry.map_or(f64::INFINITY, |e| self.idf(e.0));
                if let Some(e) = entry {
                    truncated |= self.add_term(e, 1.0, &mut scores, f64::INFINITY);
                }
                if c.prefix {
                    let mut n = 0;
                    for i in self.shards_for(k) {
                        for (x, e) in &self.ix.shards[i] {
                            if x != k && x.starts_with(k.as_str()) && n < MAX_EXPANSIONS {
                                n += 1;
                                self.add_term(e, PREFIX_FACTOR, &mut scores, cap);
                            }
                        }
                    }
                }
                missing |= entry.is_none() && scores.is_empty();
                maps.push(scores);
            }
            let mut map = maps.first().cloned().unwrap_or_default();
            for other in maps.iter().skip(1) {
                map = map.iter().filter_map(|(d, s)| other.get(d).map(|o| (*d, s + o))).collect();
            }
            c.scores = map;
            c.truncated = truncated && !missing;
        }
        // Ranges and complete words filter; common words only when all words are common
        // (then the total is a lower bound), and not at all when that leaves nothing.
        let words: Vec<&Clause> = clauses.iter().filter(|c| c.ranges.is_empty()).collect();
        let partial = !words.is_empty() && words.iter().all(|c| c.truncated);
        let mut candidates = select(&clauses, partial);
        if partial && candidates.is_empty() {
            candidates = select(&clauses, false);
        }
        let score = |d: u32| clauses.iter().map(|c| c.scores.get(&d).copied().unwrap_or(0.0)).sum::<f64>();
        candidates.sort_by(|&a, &b| score(b).partial_cmp(&score(a)).unwrap().then(b.cmp(&a)));
        candidates
    }

    /// The URLs of the results, best first.
    fn urls(&self, q: &str) -> Vec<String> {
        self.run(q).into_iter().map(|d| self.ix.doc(d).1).collect()
    }
}

fn query(ix: &Index) -> Query<'_> {
    Query { ix }
}

// ---------------------------------------------------------------------------------------
// search.js under node, when there is one

fn node() -> Option<&'static str> {
    let ok = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("node not found: search.js itself is not exercised by this test");
    }
    ok.then_some("node")
}

fn search_js() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/assets/search.js")
}

/// Runs `body` (JavaScript, with `S` = the search object, `out` to fill, `arg` the JSON
/// argument) in node after loading search.js with a loader reading `site`.
fn run_node(site: &Path, body: &str, arg: &Value) -> Option<Value> {
    let node = node()?;
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("run.js");
    let arg_file = dir.path().join("arg.json");
    std::fs::write(&arg_file, arg.to_string()).unwrap();
    std::fs::write(
        &script,
        format!(
            r"
global.window = global;
const fs = require('fs'), path = require('path'), vm = require('vm');
require({js});
const S = window.__protokollSearch;
const site = {site};
S.load = (url) => new Promise((resolve, reject) => {{
  try {{ vm.runInThisContext(fs.readFileSync(path.join(site, url), 'utf8')); resolve(); }} catch (e) {{ reject(e); }}
}});
const arg = JSON.parse(fs.readFileSync({arg}, 'utf8'));
const out = {{}};
(async () => {{ {body} }})().then(() => console.log(JSON.stringify(out)), (e) => {{ console.error(e); process.exit(1); }});
",
            js = serde_json::to_string(&search_js()).unwrap(),
            site = serde_json::to_string(site).unwrap(),
            arg = serde_json::to_string(&arg_file).unwrap(),
        ),
    )
    .unwrap();
    let output = Command::new(node).arg(&script).output().unwrap();
    assert!(output.status.success(), "node failed: {}", String::from_utf8_lossy(&output.stderr));
    Some(serde_json::from_slice(&output.stdout).unwrap())
}

/// The URLs search.js gives for each query (all results).
fn js_urls(ix: &Index, queries: &[&str]) -> Option<BTreeMap<String, Vec<String>>> {
    let out = run_node(
        &ix.out,
        "for (const q of arg) { const r = await S.search(q); out[q] = (await S.results(r, 0, r.total)).map(x => x.url); }",
        &serde_json::json!(queries),
    )?;
    Some(serde_json::from_value(out).unwrap())
}

const QUERIES: &[&str] = &[
    "bibliotek",
    "Biblioteken",
    "biblioteket",
    "Sätila",
    "satila",
    "SÄTILA",
    "kallelse",
    "bibliotek lördagar",
    "Fatima Haddad",
    "kommunstyrelsen bibliotek",
    "KS",
    "bibliotek 2021",
    "2020",
    "Bokleverantören",
    "personalärende",
    "och att i",
    "finnsinte",
    "bibliotek finnsinte",
];

// ---------------------------------------------------------------------------------------
// The tests

const P1: &str = "kulturnamnden/2021-03-10.html#p1";
const P2: &str = "kulturnamnden/2021-03-10.html#p2";
const KS1: &str = "kommunstyrelsen/2020-11-05.html#p1";
const KS2: &str = "kommunstyrelsen/2020-11-05.html#p2";

#[test]
fn word_forms_find_each_other() {
    let ix = Site::new("search").build(false, false);
    let q = query(&ix);
    // Stemming: bibliotek, biblioteket, biblioteken, Biblioteken are one key.
    let a = q.analyzer_keys("bibliotek biblioteket biblioteken Biblioteken BIBLIOTEKS");
    assert!(a.iter().all(|k| k == "bibliotek"), "{a:?}");
    for word in ["bibliotek", "Biblioteken", "biblioteket"] {
        let urls = q.urls(word);
        for want in [P1, P2, KS2] {
            assert!(urls.contains(&want.to_owned()), "{word}: {want} not in {urls:?}");
        }
        // A compound starting with the word is found too ("biblioteksplanen").
        assert!(urls.contains(&KS1.to_owned()), "{word}: the compound, {urls:?}");
    }
    // The § whose title has the word ranks before one that only mentions it.
    let urls = q.urls("bibliotek");
    let pos = |u: &str| urls.iter().position(|x| x == u).unwrap();
    assert!(pos(P1) < pos(KS2) && pos(P2) < pos(KS2), "{urls:?}");
    // Kallelsen / kallelse.
    assert_eq!(q.urls("kallelse"), [P1]);
    assert_eq!(q.urls("Kallelsen"), [P1]);
}

impl Query<'_> {
    fn analyzer_keys(&self, text: &str) -> Vec<String> {
        self.ix.analyzer.keys(text)
    }
}

#[test]
fn diacritics_are_optional_in_queries() {
    let ix = Site::new("search").build(false, false);
    let q = query(&ix);
    let with = q.urls("Sätila");
    assert!(with.contains(&P1.to_owned()), "{with:?}");
    // "Satila" in the text of KS § 1 and "Sätila" in the title of § 1 are one key.
    assert!(with.contains(&KS1.to_owned()), "{with:?}");
    assert_eq!(q.urls("satila"), with);
    assert_eq!(q.urls("SÄTILA"), with);
    // Decomposed input (a + combining ring, as macOS and PDFs write it) too.
    assert_eq!(q.urls("Sa\u{308}tila"), with);
}

#[test]
fn every_word_must_match() {
    let ix = Site::new("search").build(false, false);
    let q = query(&ix);
    assert_eq!(q.urls("bibliotek lördagar"), [P2]);
    assert_eq!(q.urls("Biblioteken LÖRDAGAR skene"), [P2]);
    assert!(q.urls("bibliotek finnsinte").is_empty());
    assert!(q.urls("finnsinte").is_empty());
    // Stop words alone are no query.
    assert!(q.urls("och att i").is_empty());
}

#[test]
fn a_name_finds_the_person_first() {
    let ix = Site::new("search").build(false, false);
    let urls = query(&ix).urls("Fatima Haddad");
    assert_eq!(urls.first().map(String::as_str), Some("personer/fatima-haddad.html"), "{urls:?}");
    // Then the meetings she attended.
    assert!(urls.contains(&"kulturnamnden/2021-03-10.html".to_owned()), "{urls:?}");
    assert!(urls.contains(&"kommunstyrelsen/2020-11-05.html".to_owned()), "{urls:?}");
    // Organisations and topics have documents too.
    assert_eq!(
        query(&ix).urls("socialdemokraterna").first().map(String::as_str),
        Some("organisationer/socialdemokraterna.html")
    );
}

#[test]
fn a_body_or_a_year_narrows_the_search() {
    let ix = Site::new("search").build(false, false);
    let q = query(&ix);
    // The body's name: only its documents (and its own page).
    let urls = q.urls("kommunstyrelsen bibliotek");
    assert!(!urls.is_empty() && urls.iter().all(|u| u.starts_with("kommunstyrelsen/")), "{urls:?}");
    assert!(urls.contains(&KS1.to_owned()) && urls.contains(&KS2.to_owned()), "{urls:?}");
    // Its prefix code does the same.
    let ks = q.urls("KS bibliotek");
    assert_eq!(ks, urls);
    // A year: the meetings of that year, and whatever mentions it.
    let urls = q.urls("bibliotek 2021");
    assert!(urls.contains(&P1.to_owned()) && urls.contains(&P2.to_owned()), "{urls:?}");
    assert!(urls.contains(&KS2.to_owned()), "\"budget för 2021\" mentions the year: {urls:?}");
    assert!(!urls.contains(&KS1.to_owned()), "a 2020 § that does not mention 2021: {urls:?}");
    // A body's name alone lists the body, its page first.
    let urls = q.urls("Kultur- och fritidsnämnden");
    assert_eq!(urls.first().map(String::as_str), Some("kulturnamnden/index.html"), "{urls:?}");
}

/// Every search file, lower-cased.
fn all_index_text(ix: &Index) -> String {
    ix.files.values().map(|t| t.to_lowercase()).collect::<Vec<_>>().join("\n")
}

const CANARIES: &[&str] =
    &["Zorbakanarie", "Quorvakanarie", "Vimsekanarie", "Xyloftitel", "Kommentarkanarie", "Utkastkanarie"];

#[test]
fn confidential_text_comments_and_drafts_are_not_searchable() {
    let ix = Site::new("search").build(false, false);
    let text = all_index_text(&ix);
    let keys = ix.keys();
    for canary in CANARIES {
        assert!(!text.contains(&canary.to_lowercase()), "{canary} is in the index");
        for k in ix.analyzer.keys(canary) {
            assert!(!keys.contains(k.as_str()), "the key {k} of {canary} is in the index");
        }
        assert!(query(&ix).urls(canary).is_empty(), "{canary} is found");
    }
    let q = query(&ix);
    // What a reader of the page sees stays searchable: show=title keeps the title,
    // show=decision the decision; show=nothing shows a neutral title.
    assert_eq!(q.urls("personalärende"), ["kulturnamnden/2021-03-10.html#p3"]);
    assert_eq!(q.urls("Bokleverantören"), ["kulturnamnden/2021-03-10.html#p4"]);
    assert!(q.urls("sekretessbelagt").contains(&"kulturnamnden/2021-03-10.html#p5".to_owned()));
    // The draft's meeting is not in the index at all.
    assert!(!text.contains("2021-04-20"));
}

#[test]
fn the_internal_edition_and_drafts_are_searchable_when_built() {
    let site = Site::new("search");
    let ix = site.build(true, false);
    assert_eq!(query(&ix).urls("Zorbakanarie"), ["kulturnamnden/2021-03-10.html#p3"]);
    assert_eq!(query(&ix).urls("Xyloftitel"), ["kulturnamnden/2021-03-10.html#p5"]);
    assert!(query(&ix).urls("Kommentarkanarie").is_empty(), "comments are never published");
    assert!(query(&ix).urls("Utkastkanarie").is_empty(), "drafts need --drafts");
    let ix = site.build(false, true);
    assert_eq!(query(&ix).urls("Utkastkanarie"), ["kommunstyrelsen/2021-04-20.html#p1"]);
    assert!(query(&ix).urls("Zorbakanarie").is_empty(), "drafts do not open confidential text");
}

#[test]
fn results_link_to_pages_that_exist() {
    let ix = Site::new("search").build(false, false);
    for d in 0..u32::try_from(ix.n_docs()).unwrap() {
        let (_, url, title) = ix.doc(d);
        let (page, anchor) = url.split_once('#').map_or((url.as_str(), None), |(p, a)| (p, Some(a)));
        let html = std::fs::read_to_string(ix.out.join(page)).unwrap_or_else(|_| panic!("doc {d}: no page {page}"));
        if let Some(a) = anchor {
            assert!(html.contains(&format!("id=\"{a}\"")), "doc {d}: no #{a} in {page}");
        }
        assert!(!title.is_empty(), "doc {d} ({url}) has no title");
    }
}

#[test]
fn index_files_are_small_and_well_formed() {
    let ix = Site::new("search").build(false, false);
    // Every shard is under the size limit, unless it holds one big term alone.
    for (path, text) in &ix.files {
        assert!(protokoll::output::is_safe(path), "{path}");
        if path.starts_with("search/terms/") {
            let one_term = payload(text, "shard")["t"].as_object().unwrap().len() == 1;
            assert!(text.len() <= search::SHARD_BYTES + 200 || one_term, "{path}: {} bytes", text.len());
        }
    }
    // Shards hold sorted, disjoint key ranges that start where the directory says.
    let firsts: Vec<&str> = ix.meta["shards"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(firsts.len(), ix.shards.len());
    for (i, shard) in ix.shards.iter().enumerate() {
        let lo = shard.keys().next().unwrap();
        assert_eq!(lo, firsts[i]);
        if let Some(next) = firsts.get(i + 1) {
            assert!(shard.keys().all(|k| k.as_str() < *next));
        }
        for (k, (df, postings)) in shard {
            assert!(!postings.is_empty() && postings.len() <= *df && *df <= ix.n_docs(), "{k}");
            assert!(postings.windows(2).all(|w| w[0].0 < w[1].0), "{k}: postings out of order");
            assert!(
                postings.iter().all(|p| (1..=search::WEIGHT_LEVELS).contains(&p.1) && (p.0 as usize) < ix.n_docs())
            );
        }
    }
    // Every document has its record, in a chunk of at most CHUNK.
    let chunk = ix.meta["chunk"].as_u64().unwrap() as usize;
    assert_eq!(chunk, search::CHUNK);
    assert_eq!(ix.docs.len(), ix.n_docs().div_ceil(chunk));
    for c in ix.docs.values() {
        assert!(c["d"].as_array().unwrap().len() <= chunk);
    }
    // Nothing but keys in the shards: no raw words with capitals or diacritics.
    for k in ix.keys() {
        assert_eq!(k, k.to_lowercase());
        assert!(!k.contains(['å', 'ä', 'ö']), "{k}");
    }
}

#[test]
fn the_search_page_and_the_header_box() {
    let site = Site::new("search");
    site.build(false, false);
    let page = std::fs::read_to_string(site.out.join(search::page_path(Language::Sv))).unwrap();
    for needle in [
        "id=\"search\"",
        "id=\"q\"",
        "name=\"q\"",
        "id=\"results\"",
        "id=\"search-status\"",
        "aria-live=\"polite\"",
        "id=\"search-more\"",
        "<noscript>",
        "src=\"assets/search.js\"",
        "<label for=\"q\">",
    ] {
        assert!(page.contains(needle), "sok.html lacks {needle}");
    }
    // The header of every other page has a plain form that opens the search page, so it
    // works without JavaScript.
    let protocol = std::fs::read_to_string(site.out.join("kulturnamnden/2021-03-10.html")).unwrap();
    assert!(protocol.contains("action=\"../sok.html\" role=\"search\""), "header search form");
    assert!(protocol.contains("for=\"site-search-q\""));
    // An English site has search.html.
    site.write("protokoll.yaml", "title: Search test\nlanguage: en\n");
    site.build(false, false);
    assert!(site.out.join("search.html").is_file());
    assert!(!site.out.join("sok.html").exists());
}

#[test]
fn an_english_site_stems_english() {
    let site = Site::new("search");
    site.write("protokoll.yaml", "title: Search test\nlanguage: en\n");
    site.write(
        "content/kulturnamnden/2021-05-12.md",
        "---\nbody: Kultur- och fritidsnämnden\ndate: 2021-05-12\nstatus: adjusted\nprevious: 2021-03-10\n\
         chair: Fatima Haddad\nsecretary: Bo Berg\nattendees:\n  \
         - { name: Fatima Haddad, org: Socialdemokraterna }\n  - { name: Bo Berg, org: Förvaltningen }\n\
         agenda:\n  - Opening hours of the libraries\n---\n\n\
         ## § 1 Opening hours of the libraries\n\nThe libraries will be opened on Saturdays.\n\n\
         ### Beslut\n\nApproved.\n",
    );
    let ix = site.build(false, false);
    let want = "kulturnamnden/2021-05-12.html#p1";
    for q in ["library", "Libraries", "open saturday", "opening"] {
        assert_eq!(query(&ix).urls(q), [want], "{q}");
    }
    assert_eq!(ix.meta["lang"], "en");
    assert_eq!(ix.meta["months"][0], "January");
}

#[test]
fn hostile_text_stays_data() {
    let site = Site::new("hostile");
    let ix = site.build(false, false);
    // Every file is its call and valid JSON (Index::read checks), and a hostile title is
    // stored as text, never as markup to insert.
    assert!(ix.n_docs() > 0);
    for t in ix.files.values() {
        assert!(!t.contains("</script"), "a file could close a script element");
    }
    if let Some(out) = run_node(
        &ix.out,
        "const r = await S.search('script'); out.titles = (await S.results(r, 0, 50)).map(x => x.title);",
        &Value::Null,
    ) {
        let titles = out["titles"].as_array().unwrap();
        assert!(titles.iter().any(|t| t.as_str().unwrap().contains("<script>")), "{titles:?}");
    }
}

#[test]
fn search_js_gives_the_same_results() {
    let ix = Site::new("search").build(false, false);
    let Some(js) = js_urls(&ix, QUERIES) else { return };
    let q = query(&ix);
    for query in QUERIES {
        assert_eq!(js[*query], q.urls(query), "{query}");
    }
    // search.js's own summary of a result.
    let out = run_node(
        &ix.out,
        "const r = await S.search('biblioteket sätila'); out.total = r.total; out.first = (await S.results(r, 0, 1))[0];",
        &Value::Null,
    )
    .unwrap();
    // § 1 ("Biblioteket i Sätila"), then KS § 1 ("biblioteksplanen för Satila").
    assert_eq!(out["total"], 2);
    let first = &out["first"];
    assert_eq!(first["url"], P1);
    assert_eq!(first["label"], "§ 1");
    assert_eq!(first["title"], "Biblioteket i Sätila");
    assert_eq!(first["body"], "Kultur- och fritidsnämnden");
    assert_eq!(first["dateText"], "10 mars 2021");
    assert!(first["snippet"].as_str().unwrap().starts_with("Biblioteket i Sätila flyttar"));
}

/// The index of the `search` fixture cut to `limits`, written over a build's own.
fn cut_index(limits: search::Limits) -> Index {
    let site = Site::new("search");
    let mut ix = site.build(false, false);
    let loaded = protokoll::load(&site.site).unwrap();
    let archive = protokoll::index::index(&loaded, protokoll::index::Options::default());
    std::fs::remove_dir_all(site.out.join("search")).unwrap();
    for page in search::files_with(&archive, false, None, limits) {
        let path = site.out.join(&page.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, page.content).unwrap();
    }
    let tmp = ix._tmp.take();
    let mut ix = Index::read(&site.out);
    ix._tmp = tmp;
    ix
}

#[test]
fn common_words_rank_and_filter_only_when_every_word_is_common() {
    // At most two postings a term: "bibliotek" (in five documents) is a common word here,
    // and shards of one or two terms put longer words in the next shard.
    let ix = cut_index(search::Limits { max_postings: 2, shard_bytes: 64 });
    assert!(ix.shards.len() > 10, "{} shards", ix.shards.len());
    let (_, postings) = &ix.shards[ix.shard_of("bibliotek")]["bibliotek"];
    assert_eq!(postings.len(), 2);
    let q = query(&ix);
    // "lördagar" is in one document: it filters; the common word only ranks.
    assert_eq!(q.urls("bibliotek lördagar"), [P2]);
    // Only common words: their best postings (and the compounds') are the results.
    let urls = q.urls("bibliotek");
    assert!(!urls.is_empty() && urls.len() <= 3, "{urls:?}");
    assert!(urls.contains(&KS1.to_owned()), "the compound biblioteksplanen: {urls:?}");
    // A body and a common word: the word's best postings in that body.
    let urls = q.urls("kommunstyrelsen bibliotek");
    assert!(!urls.is_empty() && urls.iter().all(|u| u.starts_with("kommunstyrelsen/")), "{urls:?}");
    // search.js agrees, and says the count is a lower bound.
    if let Some(js) = js_urls(&ix, QUERIES) {
        for query in QUERIES {
            assert_eq!(js[*query], q.urls(query), "{query}");
        }
        let out = run_node(
            &ix.out,
            "for (const q of ['bibliotek', 'bibliotek lördagar']) out[q] = (await S.search(q)).atLeast;",
            &Value::Null,
        )
        .unwrap();
        assert_eq!(out["bibliotek"], true);
        assert_eq!(out["bibliotek lördagar"], false);
    }
}

/// Words that exercise every rule of both stemmers.
fn stemmer_words(lang: Language) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    if lang == Language::Sv {
        let bases = [
            "bibliotek",
            "beslut",
            "nämnd",
            "kommun",
            "protokoll",
            "sammanträde",
            "ärende",
            "förvaltning",
            "skola",
            "Sätila",
            "kallelse",
            "hus",
            "råd",
            "möte",
            "trygghet",
            "kvalitet",
            "budget",
            "säker",
            "lös",
            "full",
            "grön",
            "fritid",
            "anställ",
            "ö",
            "ål",
            "öst",
            "kvinn",
            "Åsa",
            "Öberg",
            "Müller",
            "Ærø",
            "Straße",
        ];
        let endings = [
            "", "a", "e", "en", "et", "ets", "er", "erna", "ernas", "arna", "arnas", "orna", "ornas", "ar", "or", "as",
            "es", "at", "ad", "ade", "ades", "ande", "andes", "andet", "anden", "arne", "are", "aste", "aren", "arens",
            "ern", "erns", "ens", "het", "heten", "hetens", "heter", "heterna", "ast", "s", "lig", "ig", "els", "löst",
            "fullt", "dd", "gd", "nn", "dt", "gt", "kt", "tt", "ligt", "igt", "ing", "ingen",
        ];
        for b in bases {
            for e in endings {
                words.push(format!("{b}{e}"));
            }
        }
    } else {
        let list = "caresses flies dies mules denied died agreed owned humbled sized meeting stating siezing itemization \
            sensational traditional reference colonizer plotted generously generate generously communism arsenal \
            skies sky dying lying tying idly gently ugly early only singly news howe atlas cosmos bias andes \
            inning outing canning herring earring proceed exceed succeed cry by say yes youth boy enjoy \
            hopping hoping fitting falling happily relational conditional rational valenci hesitanci digitizer \
            conformabli radicalli differentli vileli analogousli vietnamization predication operator feudalism \
            decisiveness hopefulness callousness formaliti sensitiviti sensibiliti triplicate formative formalize \
            electriciti electrical hopeful goodness revival allowance inference airliner gyroscopic adjustable \
            defensible irritant replacement adjustment dependent adoption homologou communism activate angulariti \
            homologous effective bowdlerize probate rate cease controll roll libraries library opening opened \
            saturdays councils minutes decisions approved budgets committee's naïve café";
        words.extend(list.split_whitespace().map(str::to_owned));
    }
    words
}

#[test]
fn search_js_analyses_words_as_the_index_does() {
    for lang in [Language::Sv, Language::En] {
        let analyzer = Analyzer::new(lang);
        let words = stemmer_words(lang);
        let arg = serde_json::json!({
            "lang": lang.code(),
            "stop": analyzer.stop_words(),
            "words": words,
        });
        let Some(out) = run_node(
            Path::new("."),
            "const key = S.analyzer(arg.lang, arg.stop); out.keys = arg.words.map(w => S.keysOf(w, key));",
            &arg,
        ) else {
            return;
        };
        let js: Vec<Vec<String>> = serde_json::from_value(out["keys"].clone()).unwrap();
        let mut differ = Vec::new();
        for (w, j) in words.iter().zip(&js) {
            let mut rust: Vec<String> = Vec::new();
            for k in analyzer.keys(w) {
                if !rust.contains(&k) {
                    rust.push(k);
                }
            }
            if &rust != j {
                differ.push(format!("{w}: rust {rust:?}, js {j:?}"));
            }
        }
        assert!(
            differ.is_empty(),
            "{}: {} of {} words differ:\n{}",
            lang.code(),
            differ.len(),
            words.len(),
            differ.join("\n")
        );
    }
}

/// `benches/search.sh` runs this in release on a generated archive
/// (`PROTOKOLL_BENCH_SITE`): the time to build its search index, best of three, with the
/// paragraph views rendered by the index and with views rendered beforehand (as the pages
/// have them).
#[test]
#[ignore = "a benchmark: benches/search.sh runs it"]
fn bench_index_build() {
    let Some(root) = std::env::var_os("PROTOKOLL_BENCH_SITE") else {
        eprintln!("set PROTOKOLL_BENCH_SITE to a site folder");
        return;
    };
    let site = protokoll::load(Path::new(&root)).unwrap();
    let archive = protokoll::index::index(&site, protokoll::index::Options::default());
    let best = |f: &dyn Fn() -> usize| {
        (0..3)
            .map(|_| {
                let t = std::time::Instant::now();
                let n = f();
                (t.elapsed(), n)
            })
            .min()
            .unwrap()
    };
    let render_views = || protokoll::render::view::meeting_views(&archive, false);
    let (t_views, _) = best(&|| render_views().len());
    let (t_index, files) = best(&|| search::files(&archive, false).len());
    let views = render_views();
    let (t_given, _) = best(&|| search::files_with_views(&archive, false, Some(&views)).len());
    println!(
        "index of {} protocols ({} threads): {:.0} ms, {files} files; with the views given: {:.0} ms \
         (rendering the paragraph views alone: {:.0} ms)",
        archive.meetings.len(),
        rayon::current_num_threads(),
        t_index.as_secs_f64() * 1000.0,
        t_given.as_secs_f64() * 1000.0,
        t_views.as_secs_f64() * 1000.0,
    );
}
