//! `protokoll import`: convert protocols exported from a word processor into the format.
//!
//! The conversion is [`protokoll::import::convert`]; this file finds the body's folder,
//! refuses to overwrite, writes each file atomically and prints what was done. Notes
//! (what could not be inferred) go to standard error; `check` then reports the gaps.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use clap::Args;
use jiff::civil::Date;
use protokoll::config::{BodyConfig, parse_config};
use protokoll::import::{self, Imported, Note, Options};
use protokoll::source::{FileKind, Loaded, SourceFile};

use super::{Status, print};

/// Arguments of `protokoll import`.
#[derive(Debug, Args)]
#[command(after_help = "Each FILE is written to DIR/<date>.md (to DIR/<file name>.md when the document gives no \
                        date); an existing file is never overwritten. What could not be inferred is noted on \
                        standard error; run `protokoll check` next.")]
pub struct ImportArgs {
    /// Markdown files exported from a word processor.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// The body (board, council) that met, as named in content/bodies.yaml:
    /// "Trygghets- och säkerhetsrådet".
    #[arg(long, value_name = "NAME")]
    pub body: Option<String>,

    /// The meeting date (YYYY-MM-DD), when the document does not give it or gives it wrong.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<Date>,

    /// Where to write [default: content/<body>/ when the current folder is a site, else
    /// the current folder].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.trim().parse::<Date>().map_err(|_| format!("`{s}` is not a date: write it YYYY-MM-DD, for example 2020-10-19"))
}

/// One converted file, ready to write.
struct Converted {
    input: PathBuf,
    target: PathBuf,
    imported: Imported,
}

/// Runs `protokoll import`.
pub fn run(args: &ImportArgs) -> anyhow::Result<Status> {
    // The current folder is the site; paths stay relative so messages read `content/…`.
    let site_content = PathBuf::from("content");
    let content = args
        .out
        .as_deref()
        .and_then(Path::parent)
        .filter(|p| is_content(p))
        .map_or_else(|| site_content.clone(), Path::to_path_buf);
    let bodies = read_bodies(&content);
    let mut notes: Vec<String> = Vec::new();

    // The body: given, or the one whose folder --out is.
    let mut body = args.body.clone();
    if body.is_none()
        && let Some(slug) = args.out.as_deref().and_then(Path::file_name).map(|n| n.to_string_lossy().into_owned())
        && let Some(b) = bodies.iter().find(|b| b.slug.value == slug)
    {
        notes.push(format!(
            "body \"{}\": the body whose folder is {} in content/bodies.yaml",
            b.name.value, b.slug.value
        ));
        body = Some(b.name.value.clone());
    }
    let known = body.as_deref().and_then(|name| find_body(&bodies, name));
    if let Some(name) = body.as_deref()
        && known.is_none()
        && !bodies.is_empty()
    {
        notes.push(format!(
            "\"{name}\" is not in content/bodies.yaml (it lists {}); `check` will report it",
            bodies.iter().map(|b| format!("\"{}\"", b.name.value)).collect::<Vec<_>>().join(", ")
        ));
    }
    let out_dir = match (&args.out, body.as_deref()) {
        (Some(out), _) => out.clone(),
        (None, Some(name)) if site_content.is_dir() => {
            let slug = known.map_or_else(|| protokoll::parse::slugify(name), |b| b.slug.value.clone());
            site_content.join(slug)
        }
        _ => PathBuf::from("."),
    };

    // Read and convert everything before writing anything.
    let options = Options { body, date: args.date };
    let mut converted: Vec<Converted> = Vec::new();
    for input in &args.files {
        let bytes = std::fs::read(input).with_context(|| format!("cannot read {}", input.display()))?;
        let text = String::from_utf8(bytes).map_err(|_| {
            anyhow::anyhow!(
                "{} is not UTF-8: save it as UTF-8 (in most editors: Save As, Encoding: UTF-8) and import again",
                input.display()
            )
        })?;
        let imported =
            import::convert(&text, &options).with_context(|| format!("cannot import {}", input.display()))?;
        let name = imported.date.map_or_else(
            || {
                let stem = input.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                format!("{}.md", protokoll::parse::slugify(&stem))
            },
            |d| format!("{d}.md"),
        );
        converted.push(Converted { input: input.clone(), target: out_dir.join(name), imported });
    }
    for (i, c) in converted.iter().enumerate() {
        if c.target.exists() {
            bail!(
                "refusing to overwrite {} (from {}): it exists. Nothing was written; give another --out or --date, \
                 or move the file away",
                c.target.display(),
                c.input.display()
            );
        }
        if let Some(other) = converted.iter().take(i).find(|o| o.target == c.target) {
            bail!(
                "{} and {} would both be written to {}. Nothing was written; import them one at a time with --date",
                other.input.display(),
                c.input.display(),
                c.target.display()
            );
        }
    }

    std::fs::create_dir_all(&out_dir).with_context(|| format!("cannot create {}", out_dir.display()))?;
    let mut report = String::new();
    let mut stderr = String::new();
    for note in &notes {
        let _ = writeln!(stderr, "note: {note}");
    }
    let mut any_notes = !notes.is_empty();
    for c in &converted {
        write_new(&c.target, &c.imported.text)?;
        let n = c.imported.counts;
        let _ = writeln!(
            report,
            "imported {} → {}: {} attendees, {} absent, {} agenda entries, {} paragraphs",
            c.input.display(),
            c.target.display(),
            n.attendees,
            n.absent,
            n.agenda,
            n.paragraphs
        );
        for note in &c.imported.notes {
            any_notes = true;
            if matches!(note, Note::MissingDate) {
                let _ = writeln!(
                    stderr,
                    "note: {}: {note}; the file is named {}",
                    c.input.display(),
                    c.target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
                );
            } else {
                let _ = writeln!(stderr, "note: {}: {note}", c.input.display());
            }
        }
    }
    if any_notes {
        stderr.push_str("note: run `protokoll check` to see every place that needs a hand\n");
    }
    print(&report)?;
    // Nothing more can be done if standard error is gone.
    let _ = std::io::stderr().lock().write_all(stderr.as_bytes());
    Ok(Status::Success)
}

/// Whether `dir` is a site's `content/` folder.
fn is_content(dir: &Path) -> bool {
    dir.file_name().is_some_and(|n| n == "content")
}

/// The bodies of `content/bodies.yaml` in `content`, if it exists and reads; problems in
/// it are `check`'s to report.
fn read_bodies(content: &Path) -> Vec<BodyConfig> {
    let path = content.join("bodies.yaml");
    let Ok(text) = std::fs::read_to_string(&path) else { return Vec::new() };
    let mut loaded = Loaded::default();
    loaded.sources.add(SourceFile::new(path, "content/bodies.yaml".into(), FileKind::Bodies, text));
    parse_config(&loaded, &mut Vec::new()).bodies
}

fn find_body<'b>(bodies: &'b [BodyConfig], name: &str) -> Option<&'b BodyConfig> {
    let norm = protokoll::diagnostic::suggest::normalize(name);
    bodies
        .iter()
        .find(|b| b.name.value == name)
        .or_else(|| bodies.iter().find(|b| protokoll::diagnostic::suggest::normalize(&b.name.value) == norm))
}

/// Writes `text` to `target`, which must not exist: a temporary file beside it, then a
/// hard link (which fails rather than replace a file that appeared meanwhile).
fn write_new(target: &Path, text: &str) -> anyhow::Result<()> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.import-{}", std::process::id()));
    let written = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()
    })();
    if let Err(err) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(anyhow::Error::new(err).context(format!("cannot write {}", tmp.display())));
    }
    let linked = match std::fs::hard_link(&tmp, target) {
        Err(err) if err.kind() != std::io::ErrorKind::AlreadyExists && !target.exists() => {
            // A file system without hard links: rename, the target checked just before.
            std::fs::rename(&tmp, target)
        }
        other => other,
    };
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
            bail!("refusing to overwrite {}: it appeared while importing", target.display())
        }
        Err(err) => Err(anyhow::Error::new(err).context(format!("cannot write {}", target.display()))),
    }
}
