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
    if args.is_one_shot() {
        keep_freed_memory();
    }
    match cli::run(&args) {
        Ok(status) => status.exit_code(),
        Err(err) => {
            cli::report_error(&err);
            cli::Status::Failed.exit_code()
        }
    }
}

/// mimalloc's option `purge_delay` (`mi_option_purge_delay` in mimalloc v3's
/// `mimalloc.h`; libmimalloc-sys, pinned in Cargo.toml, does not name it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Tells mimalloc to keep freed memory for reuse instead of returning it to the OS.
///
/// For the one-shot commands (check, build, fix…): they free and re-allocate hundreds of
/// MB, and memory given back is zeroed by the kernel when it is taken again (a tenth of a
/// build's CPU time, see Cargo.toml). The process ends moments later and gives it all
/// back; `serve`, which runs for hours, keeps mimalloc's default.
#[allow(unsafe_code)]
fn keep_freed_memory() {
    // SAFETY: mi_option_set stores a number in mimalloc's option table; it is called once,
    // before any other thread exists, with an option mimalloc reads while allocating.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}
