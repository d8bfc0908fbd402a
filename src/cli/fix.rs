//! `protokoll fix [SITE|FILE…] [--dry-run] [--unsafe-fixes]`: apply the machine-applicable
//! fixes that diagnostics carry, after verifying each fixed file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::Args;
use protokoll::fix::{self, FileFix, Plan};
use rayon::prelude::*;

use super::{ColorChoice, Status};

/// Arguments of `protokoll fix`.
#[derive(Debug, Args)]
#[command(after_long_help = long_help())]
pub struct FixArgs {
    /// The site folder (default: the current folder), or protocol files or folders inside
    /// one site: then only those are fixed.
    #[arg(value_name = "SITE|FILE")]
    pub paths: Vec<PathBuf>,

    /// Write nothing: print what would change as a unified diff. Exit status 1 when
    /// something would change, 0 when nothing would.
    #[arg(long)]
    pub dry_run: bool,

    /// Apply the unsafe fixes too: those that change a fact (a name, an organisation, a role,
    /// the body, `previous`, a missing key). Review the result before committing it.
    #[arg(long)]
    pub unsafe_fixes: bool,
}

/// The text after `fix --help`: what is fixed, what is safe, how it is verified.
fn long_help() -> String {
    let mut s = format!(
        "Fixes are applied in rounds, like `ruff --fix`: fixes that overlap wait for the next round, \
         until nothing changes (at most {} rounds).\n\n\
         A file is rewritten only when the result is verified: every word of the old text is still \
         there in order (except the § numbers, key names and titles the fixes replace), the file \
         parses again, the problems fixed are gone and no new problem appears, in this file or \
         any other. A fix that fails this is left out and reported. Files whose front matter does \
         not parse, or that are not UTF-8, are never touched. Files are written atomically (a \
         temporary file beside them, then a rename), only if unchanged since they were read, \
         keeping their line ends (CRLF stays CRLF) and byte-order mark.\n\n\
         Safe fixes (applied):\n",
        fix::MAX_ROUNDS
    );
    for r in fix::SAFE {
        let _ = writeln!(s, "  {:<28} {}", r.id, r.what);
    }
    s.push_str("\nUnsafe fixes (they change a fact; applied only with --unsafe-fixes):\n");
    for r in fix::UNSAFE {
        let _ = writeln!(s, "  {:<28} {}", r.id, r.what);
    }
    s.push_str(
        "\nExit status: 0 when the fixes were written (problems without a fix may remain: run \
         `protokoll check`); with --dry-run, 1 when something would change and 0 when nothing \
         would; 2 when fix cannot run (no such site, a file outside a site, a file that cannot \
         be written).",
    );
    s
}

/// Runs `protokoll fix`, colouring the diff as `color` (the global `--color`) says.
pub fn run_with(args: &FixArgs, color: ColorChoice) -> anyhow::Result<Status> {
    let (root, only) = resolve(&args.paths)?;
    let options = fix::Options { unsafe_fixes: args.unsafe_fixes, only, max_rounds: fix::MAX_ROUNDS };
    let plan = fix::plan(&root, &options)?;
    let color = color.enabled(&std::io::stdout());
    let prefix = super::check::path_prefix(&root);

    let mut out = String::new();
    let mut failed = Vec::new();
    let mut written: Vec<&FileFix> = plan.files.iter().collect();
    if args.dry_run {
        for f in &plan.files {
            out.push_str(&paint_diff(&fix::unified_diff(&plan, f, &format!("{prefix}{}", f.rel)), color));
        }
    } else {
        // In parallel: each write waits for the disk (the file is synced before the rename).
        let results: Vec<Result<(), fix::WriteError>> = plan.files.par_iter().map(fix::write_file).collect();
        written.clear();
        for (f, result) in plan.files.iter().zip(results) {
            match result {
                Ok(()) => written.push(f),
                Err(err) => failed.push(format!("{prefix}{} was left as it was: {err}", f.rel)),
            }
        }
    }
    out.push_str(&report(&plan, &written, &prefix, args.dry_run));
    super::print(&out)?;
    if !failed.is_empty() {
        anyhow::bail!("{}", failed.join("\n"));
    }
    Ok(if args.dry_run && !plan.files.is_empty() { Status::Problems } else { Status::Success })
}

/// The site root and the files to fix. No path: the current folder. One folder that is a
/// site (it has `content/` or `protokoll.yaml`): all of it. Otherwise files or folders
/// inside one site, whose root is the nearest folder above them that has `content/`.
fn resolve(paths: &[PathBuf]) -> anyhow::Result<(PathBuf, Option<Vec<PathBuf>>)> {
    match paths {
        [] => return Ok((PathBuf::from("."), None)),
        [one] if is_site(one) => return Ok((one.clone(), None)),
        _ => {}
    }
    let mut root: Option<PathBuf> = None;
    for p in paths {
        if !p.exists() {
            anyhow::bail!("no such file or folder: {}", p.display());
        }
        let abs = std::fs::canonicalize(p).with_context(|| format!("cannot read {}", p.display()))?;
        let Some(r) = site_of(&abs) else {
            anyhow::bail!("{} is not inside the content/ folder of a site", p.display());
        };
        match &root {
            Some(first) if *first != r => {
                anyhow::bail!("{} is in another site than the paths before it; fix one site at a time", p.display());
            }
            _ => root = Some(r),
        }
    }
    let root = root.unwrap_or_else(|| PathBuf::from("."));
    // Shown paths read relative to the working directory when the site is below it.
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| std::fs::canonicalize(cwd).ok())
        .and_then(|cwd| root.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .map_or_else(|| root.clone(), |rel| if rel.as_os_str().is_empty() { PathBuf::from(".") } else { rel });
    Ok((shown, Some(paths.to_vec())))
}

/// The site whose `content/` holds `path`: the nearest folder above it with
/// `protokoll.yaml`, or else the nearest (a body folder may itself be named `content`).
fn site_of(path: &Path) -> Option<PathBuf> {
    let holds = |a: &&Path| path.starts_with(a.join("content"));
    let mut candidates = path.ancestors().filter(holds);
    let nearest = candidates.clone().next()?;
    Some(candidates.find(|a| a.join("protokoll.yaml").is_file()).unwrap_or(nearest).to_path_buf())
}

fn is_site(p: &Path) -> bool {
    p.join("content").is_dir() || p.join("protokoll.yaml").is_file()
}

/// Red and green diff lines when colour is on.
fn paint_diff(diff: &str, color: bool) -> String {
    if !color {
        return diff.to_owned();
    }
    let mut out = String::with_capacity(diff.len() + 256);
    for line in diff.split_inclusive('\n') {
        let style = if line.starts_with("+++") || line.starts_with("---") {
            "\x1b[1m"
        } else if line.starts_with('+') {
            "\x1b[32m"
        } else if line.starts_with('-') {
            "\x1b[31m"
        } else if line.starts_with("@@") {
            "\x1b[36m"
        } else {
            ""
        };
        if style.is_empty() {
            out.push_str(line);
        } else {
            let (text, eol) = line.strip_suffix('\n').map_or((line, ""), |t| (t, "\n"));
            let _ = write!(out, "{style}{text}\x1b[0m{eol}");
        }
    }
    out
}

/// What was fixed, what was not and why, and what remains.
fn report(plan: &Plan, files: &[&FileFix], prefix: &str, dry_run: bool) -> String {
    let mut out = String::new();
    let verb = if dry_run { "would fix" } else { "fixed" };
    for f in files {
        let _ = writeln!(out, "{prefix}{}: {verb} {}", f.rel, count(f.problems(), "problem"));
        let mut rules: Vec<(&str, usize)> = Vec::new();
        for a in &f.applied {
            match rules.iter_mut().find(|(r, _)| *r == a.rule) {
                Some((_, n)) => *n += a.problems,
                None => rules.push((a.rule, a.problems)),
            }
        }
        let list: Vec<String> =
            rules.iter().map(|(r, n)| if *n == 1 { (*r).to_owned() } else { format!("{r} ×{n}") }).collect();
        let _ = writeln!(out, "  {}", list.join(", "));
    }
    for n in &plan.not_applied {
        let _ = writeln!(out, "{prefix}{}: not fixed: {} ({}): {}", n.rel, n.description, n.rule, n.reason);
    }
    for u in &plan.untouched {
        let _ = writeln!(out, "{prefix}{}: not touched: {}", u.rel, u.reason);
    }
    let fixed: usize = files.iter().map(|f| f.problems()).sum();
    let remain = plan.remaining_in_scope;
    if files.is_empty() {
        let rest = match remain {
            0 => String::from("no problems"),
            n => {
                format!("{} {}: run `protokoll check`", count(n, "problem"), if n == 1 { "remains" } else { "remain" })
            }
        };
        let _ = writeln!(out, "nothing to fix; {rest}");
    } else {
        let rest = match (remain, dry_run) {
            (0, _) => String::from("no problems remain"),
            (n, true) => format!("{n} would remain: run `protokoll check`"),
            (1, false) => String::from("1 remains: run `protokoll check`"),
            (n, false) => format!("{n} remain: run `protokoll check`"),
        };
        let _ = writeln!(out, "{verb} {} in {}; {rest}", count(fixed, "problem"), count(files.len(), "file"));
    }
    if plan.unsafe_available > 0 {
        let n = plan.unsafe_available;
        let more = if n == 1 { "1 more fix is available".to_owned() } else { format!("{n} more fixes are available") };
        let _ = writeln!(out, "{more} with `--unsafe-fixes` (they change facts: review them)");
    }
    if dry_run && !files.is_empty() {
        out.push_str("nothing was written (--dry-run)\n");
    }
    out
}

/// `1 problem`, `2 problems`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_lists_every_fixable_rule() {
        let help = long_help();
        for r in fix::SAFE.iter().chain(fix::UNSAFE) {
            assert!(help.contains(r.id), "{} is not in `fix --help`", r.id);
        }
    }
}
