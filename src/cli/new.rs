//! `protokoll new`.

use clap::Args;

use super::Status;

/// Arguments of `protokoll new`.
#[derive(Debug, Args)]
pub struct NewArgs {}

/// Runs `protokoll new`.
pub fn run(args: &NewArgs) -> anyhow::Result<Status> {
    let _ = args;
    anyhow::bail!("`protokoll new` is not implemented yet")
}
