//! `protokoll serve [SITE]`: a preview on 127.0.0.1 that reloads as files change.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context as _;
use clap::Args;
use protokoll::diagnostic::human;
use protokoll::serve::{self, Redone, Report};

use super::{ColorChoice, Status};

/// The port tried first when `--port` is not given.
const DEFAULT_PORT: u16 = 1111;

/// Arguments of `protokoll serve`.
#[derive(Debug, Args)]
#[command(after_help = "The server listens on 127.0.0.1 only and writes nothing: pages are rendered \
                  in memory when the browser asks for them. Saving a protocol re-reads that file, \
                  checks it and reloads the open pages; problems are printed here and shown over \
                  the page. Stop with Ctrl-C.")]
pub struct ServeArgs {
    /// The site folder: the one holding protokoll.yaml and content/.
    #[arg(default_value = ".", value_name = "SITE")]
    pub site: PathBuf,

    /// The port on 127.0.0.1 [default: 1111, or the next free one of the ten after it].
    /// A port given here must be free; 0 takes any free port.
    #[arg(long, short, value_name = "PORT")]
    pub port: Option<u16>,

    /// Serve the internal (intranet) edition, with the text of confidential paragraphs.
    #[arg(long)]
    pub internal: bool,

    /// Include protocols with `status: draft`.
    #[arg(long)]
    pub drafts: bool,
}

/// Runs `protokoll serve` until Ctrl-C.
pub fn run(args: &ServeArgs, color: ColorChoice) -> anyhow::Result<Status> {
    let started = Instant::now();
    let color = color.enabled(&std::io::stdout());
    let options = serve::Options {
        root: args.site.clone(),
        port: args.port.unwrap_or(DEFAULT_PORT),
        port_tries: if args.port.is_some() { 1 } else { 10 },
        internal: args.internal,
        drafts: args.drafts,
        human: human::Options { color, path_prefix: super::check::path_prefix(&args.site) },
        ctrl_c: true,
    };
    let server = serve::start(&options, Box::new(move |report| print_report(&report, color)))
        .with_context(|| format!("cannot serve {}", args.site.display()))?;
    let addr = server.addr();
    let mut text = String::new();
    if args.port.is_none() && addr.port() != DEFAULT_PORT {
        let _ = writeln!(text, "port {DEFAULT_PORT} is in use: using {} instead", addr.port());
    }
    let edition = if args.internal { " (internal edition: do not share this address)" } else { "" };
    let _ = writeln!(
        text,
        "serving {} protocols at http://{addr}/{edition}, ready in {:.2} s; Ctrl-C stops",
        server.protocols(),
        started.elapsed().as_secs_f64()
    );
    super::print(&text)?;
    server.wait().context("the server stopped")?;
    Ok(Status::Success)
}

fn print_report(report: &Report, color: bool) {
    let (dim, off) = if color { ("\x1b[2m", "\x1b[0m") } else { ("", "") };
    let text = match report {
        Report::Diagnostics(text) => text.clone(),
        Report::Reloaded { files, how, took } => {
            let what = match how {
                Redone::Page => "page updated",
                Redone::Index => "indexed again",
                Redone::Theme => "theme loaded again",
                Redone::Site => "site loaded again",
            };
            format!("{dim}changed: {} ({what}), reload sent in {} ms{off}\n", files.join(", "), took.as_millis())
        }
        Report::ArchiveRules { took, new } => {
            format!("{new}{dim}rules over the whole archive checked in {} ms{off}\n", took.as_millis())
        }
        Report::Error(message) => format!("error: {message} (the last good state is still served)\n"),
    };
    // Standard output gone (a closed pipe): nothing more to tell.
    let _ = super::print(&text);
}
