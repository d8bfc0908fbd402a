//! `protokoll new BODY [--date DATE]`: the next protocol of a body, pre-filled from its
//! previous meeting.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;
use protokoll::diagnostic::human;
use protokoll::parse::{MeetingRef, front::parse_meeting_ref};

use super::{ColorChoice, Status};

/// Arguments of `protokoll new`.
#[derive(Debug, Args)]
#[command(after_help = "The draft copies time, place, chair, secretary and adjusters from the body's \
                  latest meeting before DATE, lists everyone who attended or was absent then as \
                  attendees (move those who do not come to `absent:`), and opens with the usual items \
                  (Mötets öppnande, Val av justerare, Godkännande av dagordning, …, Mötets avslutande), \
                  numbered by the body's numbering policy: § 1, or on from the last § of the body's \
                  latest meeting that year. It has `status: draft`, so builds leave it out until it \
                  is adjusted.\n\nNothing is overwritten: when the body has a protocol for DATE, nothing \
                  is written and the exit status is 2.")]
pub struct NewArgs {
    /// The body: its folder under content/ (`kommunstyrelsen`), or its name (`Kommunstyrelsen`)
    /// or citation prefix (`KS`) in content/bodies.yaml.
    #[arg(value_name = "BODY")]
    pub body: String,

    /// The day of the meeting, YYYY-MM-DD [default: today]; YYYY-MM-DD-2 for a second
    /// meeting that day.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<MeetingRef>,

    /// The site folder: the one holding protokoll.yaml and content/.
    #[arg(long, default_value = ".", value_name = "SITE")]
    pub site: PathBuf,
}

fn parse_date(s: &str) -> Result<MeetingRef, String> {
    parse_meeting_ref(s)
        .ok_or_else(|| format!("`{s}` is not a date: write YYYY-MM-DD, or YYYY-MM-DD-2 for a second meeting that day"))
}

/// Runs `protokoll new`.
pub fn run(args: &NewArgs) -> anyhow::Result<Status> {
    // src/cli/mod.rs calls `run(args)` without the global `--color`: read it again from the
    // command line (it parsed once already, so it parses again).
    let color = <super::Cli as clap::Parser>::try_parse().map_or(ColorChoice::Auto, |cli| cli.color);
    let meeting = args.date.unwrap_or_else(|| MeetingRef { date: jiff::ZonedDateTime::now().date(), seq: 1 });
    let created = protokoll::scaffold::create(&args.site, &args.body, meeting)?;
    let draft = &created.draft;
    let prefix = super::check::path_prefix(&args.site);
    let mut text = format!("wrote {prefix}{}\n", draft.rel);
    let numbers = format!("§ {}–{}", draft.first, draft.last);
    let _ = match draft.previous {
        Some(previous) => writeln!(text, "  {numbers}, pre-filled from the meeting of {previous}"),
        None => writeln!(text, "  {numbers}; the first meeting of {} in the archive", draft.body_name),
    };
    if !created.diagnostics.is_empty() {
        let options = human::Options { color: color.enabled(&std::io::stdout()), path_prefix: prefix };
        text.push_str("\nStill to fill in before the protocol passes `protokoll check`:\n\n");
        text.push_str(&human::render(&created.diagnostics, &created.site.sources, &options));
    }
    super::print(&text)?;
    Ok(Status::Success)
}
