//! `protokoll fix`.

use clap::Args;

use super::Status;

/// Arguments of `protokoll fix`.
#[derive(Debug, Args)]
pub struct FixArgs {}

/// Runs `protokoll fix`.
pub fn run(args: &FixArgs) -> anyhow::Result<Status> {
    let _ = args;
    anyhow::bail!("`protokoll fix` is not implemented yet")
}
