//! `protokoll build [SITE] [--out DIR]`: check, then compile the archive into a static site.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context as _;
use clap::Args;
use protokoll::diagnostic::{Severity, human};

use super::{ColorChoice, Status};

/// Arguments of `protokoll build`.
#[derive(Debug, Args)]
#[command(after_help = "Exit status: 0 when the site was written (warnings allowed), 1 when an \
                  error-level diagnostic stopped the build (the previous output is left exactly as \
                  it was), 2 when the build cannot run (no such SITE, a broken theme, an output \
                  folder that cannot be written).")]
pub struct BuildArgs {
    /// The site folder: the one holding protokoll.yaml and content/.
    #[arg(default_value = ".", value_name = "SITE")]
    pub site: PathBuf,

    /// Where to write the site [default: SITE/public]. The folder is replaced whole,
    /// atomically; protokoll refuses to replace a non-empty folder it did not write.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Build the internal (intranet) edition, with the text of confidential paragraphs.
    /// Never publish it on the open web.
    #[arg(long)]
    pub internal: bool,

    /// Include protocols with `status: draft`.
    #[arg(long)]
    pub drafts: bool,

    /// Do not print the closing summary line.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Runs `protokoll build`.
pub fn run(args: &BuildArgs, color: ColorChoice) -> anyhow::Result<Status> {
    let started = Instant::now();
    let out = args.out.clone().unwrap_or_else(|| args.site.join("public"));
    let options = protokoll::BuildOptions { out: out.clone(), internal: args.internal, drafts: args.drafts };
    let built =
        protokoll::build(&args.site, &options).with_context(|| format!("cannot build {}", args.site.display()))?;
    let files = built.site.sources.len();
    let hopts =
        human::Options { color: color.enabled(&std::io::stdout()), path_prefix: super::check::path_prefix(&args.site) };
    let mut text = human::render(&built.diagnostics, &built.site.sources, &hopts);
    let errors = built.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let Some(n) = built.written else {
        text.push_str(&human::summary_line(&built.diagnostics, files, &hopts));
        text.push('\n');
        let s = if errors == 1 { "" } else { "s" };
        let _ = writeln!(text, "build stopped by {errors} error{s}: {} was left unchanged", out.display());
        super::print(&text)?;
        return Ok(Status::Problems);
    };
    if !args.quiet {
        if !built.diagnostics.is_empty() {
            text.push_str(&human::summary_line(&built.diagnostics, files, &hopts));
            text.push('\n');
        }
        let edition = if args.internal || built.site.config.site.internal { " (internal edition)" } else { "" };
        let _ = writeln!(
            text,
            "built {} protocols into {}{edition}: {n} files{} in {:.2} s",
            built.site.protocols.len(),
            out.display(),
            if built.unchanged > 0 { format!(" ({} unchanged)", built.unchanged) } else { String::new() },
            started.elapsed().as_secs_f64()
        );
    }
    super::print(&text)?;
    // The process ends now: no need to free the archive allocation by allocation.
    std::mem::forget(built);
    Ok(Status::Success)
}
