//! `protokoll import`.

use clap::Args;

use super::Status;

/// Arguments of `protokoll import`.
#[derive(Debug, Args)]
pub struct ImportArgs {}

/// Runs `protokoll import`.
pub fn run(args: &ImportArgs) -> anyhow::Result<Status> {
    let _ = args;
    anyhow::bail!("`protokoll import` is not implemented yet")
}
