//! `protokoll init`.

use clap::Args;

use super::Status;

/// Arguments of `protokoll init`.
#[derive(Debug, Args)]
pub struct InitArgs {}

/// Runs `protokoll init`.
pub fn run(args: &InitArgs) -> anyhow::Result<Status> {
    let _ = args;
    anyhow::bail!("`protokoll init` is not implemented yet")
}
