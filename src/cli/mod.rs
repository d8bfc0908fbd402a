//! The command line: the only place that knows clap or prints.
//!
//! One file per subcommand, each with its clap `Args` and a `run` that returns a
//! [`Status`] or an error; add a subcommand (build, serve, new, import, fix, init) as a
//! sibling file and a variant of [`Command`]. Errors are `anyhow` here and nowhere else:
//! every error ends the run with status 2 through [`report_error`].

pub mod build;
pub mod check;
pub mod completions;
pub mod fix;
pub mod import;
pub mod init;
pub mod new;
pub mod rules;
#[cfg(feature = "serve")]
pub mod serve;

use std::fmt::Write as _;
use std::io::{IsTerminal, Write as _};

use clap::{Parser, Subcommand, ValueEnum};

/// `protokoll`: validates Markdown meeting protocols and builds a static archive.
#[derive(Debug, Parser)]
#[command(
    name = "protokoll",
    version,
    about = "A compiler for meeting protocols: validates Markdown minutes and builds a static archive",
    propagate_version = true,
    arg_required_else_help = true,
    after_help = "Exit status: 0 when all is well, 1 when `check` finds an error, \
                  2 when the command cannot run (bad arguments, no such site)."
)]
pub struct Cli {
    /// When to colour the output: `auto` colours only when writing to a terminal and
    /// `NO_COLOR` is not set.
    #[arg(long, value_enum, global = true, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// Whether the command runs once and exits (all but `serve`, which runs until stopped).
    #[must_use]
    pub fn is_one_shot(&self) -> bool {
        #[cfg(feature = "serve")]
        if matches!(self.command, Command::Serve(_)) {
            return false;
        }
        true
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a site: report every problem in every protocol.
    ///
    /// Reads every protocol under SITE/content/ and the configuration, applies the rules
    /// (`protokoll rules` lists them) and reports every problem in every file.
    ///
    /// Diagnostics and the closing summary go to standard output, in every format;
    /// standard error is only for a failure to run.
    Check(check::CheckArgs),
    /// Check the site, then compile it into a static HTML archive (default: SITE/public).
    ///
    /// An error-level diagnostic stops the build and leaves the previous output exactly as
    /// it was; warnings are printed and the build goes on. The site is written to a
    /// temporary folder and swapped in, so readers never see a half-written site.
    Build(build::BuildArgs),
    /// Preview the site on 127.0.0.1, reloading pages as protocols, theme or configuration change.
    ///
    /// Nothing is written: pages are rendered in memory when the browser asks for them. A
    /// saved protocol is re-read, checked and swapped in; open pages reload, and problems are
    /// printed here and shown over the page. A file that no longer parses shows its errors on
    /// its own page while the rest of the site keeps its last good state.
    #[cfg(feature = "serve")]
    Serve(serve::ServeArgs),
    /// Apply the safe automatic fixes: renumber §, normalise headings, align the agenda.
    Fix(fix::FixArgs),
    /// Convert protocols exported from a word processor into the format.
    Import(import::ImportArgs),
    /// Start a new archive, ready to commit, with CI workflows.
    Init(init::InitArgs),
    /// Write the next protocol of a body, pre-filled from its previous meeting.
    New(new::NewArgs),
    /// Print shell completions or the man page.
    Completions(completions::CompletionsArgs),
    /// List the rules `check` applies, with their default levels.
    Rules(rules::RulesArgs),
    /// Print the documentation of a rule.
    Explain(rules::ExplainArgs),
}

/// How a command ended, short of failing to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// All is well: exit status 0.
    Success,
    /// The command ran and found errors (`check`): exit status 1.
    Problems,
    /// The command could not run: exit status 2.
    Failed,
}

impl Status {
    /// The process exit status.
    pub fn exit_code(self) -> std::process::ExitCode {
        std::process::ExitCode::from(match self {
            Self::Success => 0,
            Self::Problems => 1,
            Self::Failed => 2,
        })
    }
}

/// When to colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorChoice {
    /// When the output is a terminal and `NO_COLOR` is unset or empty.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether to colour output written to `stream`.
    pub fn enabled(self, stream: &impl IsTerminal) -> bool {
        match self {
            Self::Always => true,
            Self::Never => false,
            Self::Auto => stream.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }
}

/// Runs the command.
pub fn run(cli: &Cli) -> anyhow::Result<Status> {
    match &cli.command {
        Command::Check(args) => check::run(args, cli.color),
        Command::Build(args) => build::run(args, cli.color),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(args, cli.color),
        Command::Fix(args) => fix::run_with(args, cli.color),
        Command::Import(args) => import::run(args),
        Command::Init(args) => init::run(args),
        Command::New(args) => new::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Explain(args) => rules::explain(args),
    }
}

/// Prints an error that stopped the run, with its causes, to standard error.
pub fn report_error(err: &anyhow::Error) {
    let color = ColorChoice::Auto.enabled(&std::io::stderr());
    let (on, off) = if color { ("\x1b[1;31m", "\x1b[0m") } else { ("", "") };
    let mut text = format!("{on}error{off}: {err}\n");
    for cause in err.chain().skip(1) {
        let _ = writeln!(text, "  caused by: {cause}");
    }
    // Nothing more can be done if standard error is gone.
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Writes `text` to standard output. A closed pipe (`protokoll check | head`) is not an
/// error: the reader has what it wanted.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(err).context("cannot write to standard output"))
        }
        _ => Ok(()),
    }
}
