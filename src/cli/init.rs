//! `protokoll init [DIR]`: a new archive, ready to commit.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;

use super::Status;

/// Arguments of `protokoll init`.
#[derive(Debug, Args)]
#[command(after_help = "Writes protokoll.yaml, content/bodies.yaml, content/people.yaml, an example \
                  protocol, .gitignore, and CI files for GitHub (.github/workflows/protokoll.yml: check \
                  pull requests, publish to GitHub Pages) and GitLab (.gitlab-ci.yml: check merge \
                  requests with a Code Quality report, publish to GitLab Pages). Delete the ones you \
                  do not use.\n\nNothing is ever overwritten: when any of these files exists, nothing \
                  is written and the exit status is 2.")]
pub struct InitArgs {
    /// The folder of the new archive; created when missing.
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,
}

/// Runs `protokoll init`.
pub fn run(args: &InitArgs) -> anyhow::Result<Status> {
    let written = protokoll::scaffold::init(&args.dir)?;
    let prefix = super::check::path_prefix(&args.dir);
    let mut text = String::new();
    for path in &written {
        let rel = path.strip_prefix(&args.dir).unwrap_or(path);
        let _ = writeln!(text, "wrote {prefix}{}", rel.to_string_lossy().replace('\\', "/"));
    }
    let cd = if prefix.is_empty() { String::new() } else { format!("cd {} && ", prefix.trim_end_matches('/')) };
    let _ = write!(
        text,
        "\nNext: {cd}protokoll check && protokoll build, then open public/index.html.\n\
         Write the next protocol with `protokoll new kommunstyrelsen`; replace the example body, \
         people and protocol with your own.\n\
         Before pushing, set the address in protokoll.yaml (base_url) and see the comments at the top \
         of the CI file you keep.\n"
    );
    super::print(&text)?;
    Ok(Status::Success)
}
