//! The `protokoll` command: parse the command line, run it, map the outcome to an exit
//! status. Everything else, printing included, is in `cli`.

mod cli;

use std::process::ExitCode;

use clap::Parser as _;

// mimalloc instead of glibc's allocator: the build makes and drops millions of small
// strings and template values on two threads; see Cargo.toml.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // On a usage error clap prints it and exits with status 2 (help and version: 0).
    let args = cli::Cli::parse();
    match cli::run(&args) {
        Ok(status) => status.exit_code(),
        Err(err) => {
            cli::report_error(&err);
            cli::Status::Failed.exit_code()
        }
    }
}
