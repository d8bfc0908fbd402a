//! `protokoll completions`.

use clap::Args;

use super::Status;

/// Arguments of `protokoll completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {}

/// Runs `protokoll completions`.
pub fn run(args: &CompletionsArgs) -> anyhow::Result<Status> {
    let _ = args;
    anyhow::bail!("`protokoll completions` is not implemented yet")
}
