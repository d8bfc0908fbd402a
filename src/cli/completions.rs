//! `protokoll completions SHELL` and `protokoll completions --man`: generated from the
//! command line's own definition, so they always match it.

use clap::{Args, CommandFactory as _};
use clap_complete::Shell;

use super::{Cli, Status};

/// Arguments of `protokoll completions`.
#[derive(Debug, Args)]
#[command(after_help = "Install, for example:\n  \
                  bash: protokoll completions bash > ~/.local/share/bash-completion/completions/protokoll\n  \
                  zsh:  protokoll completions zsh > ~/.zfunc/_protokoll   (with fpath+=~/.zfunc before compinit)\n  \
                  fish: protokoll completions fish > ~/.config/fish/completions/protokoll.fish\n  \
                  man:  protokoll completions --man > ~/.local/share/man/man1/protokoll.1")]
pub struct CompletionsArgs {
    /// The shell to print completions for.
    #[arg(value_enum, value_name = "SHELL", required_unless_present = "man")]
    pub shell: Option<Shell>,

    /// Print the man page (roff, section 1) instead.
    #[arg(long, conflicts_with = "shell")]
    pub man: bool,
}

/// Runs `protokoll completions`.
pub fn run(args: &CompletionsArgs) -> anyhow::Result<Status> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    let text = if let Some(shell) = args.shell {
        clap_complete::generate(shell, &mut cmd, "protokoll", &mut out);
        String::from_utf8_lossy(&out).into_owned()
    } else {
        clap_mangen::Man::new(cmd).render(&mut out)?;
        title_first(&String::from_utf8_lossy(&out))
    };
    super::print(&text)?;
    Ok(Status::Success)
}

/// Moves the `.TH` title line to the top. `clap_mangen` writes the definition of the `Aq`
/// (apostrophe) string first; it is only used further down, and tools that read a man
/// page's title (`whatis`, `mandb`, `file`) look for `.TH` at the start.
fn title_first(roff: &str) -> String {
    let Some(at) = roff.find("\n.TH ").map(|i| i + 1) else { return roff.to_owned() };
    let end = roff.get(at..).and_then(|rest| rest.find('\n')).map_or(roff.len(), |e| at + e + 1);
    let (Some(before), Some(title), Some(after)) = (roff.get(..at), roff.get(at..end), roff.get(end..)) else {
        return roff.to_owned();
    };
    let mut out = String::with_capacity(roff.len() + 1);
    out.push_str(title);
    if !title.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(before);
    out.push_str(after);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_moves_first() {
        assert_eq!(title_first(".ie a\n.el b\n.TH x 1\n.SH NAME\n"), ".TH x 1\n.ie a\n.el b\n.SH NAME\n");
        assert_eq!(title_first(".TH x 1\n.SH NAME\n"), ".TH x 1\n.SH NAME\n");
    }
}
