//! `ctpat completions`: a shell completion script, generated from the clap definition.

use super::{output, Cli, EXIT_OK};
use clap::CommandFactory as _;
use clap_complete::Shell;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  ctpat completions bash > ~/.local/share/bash-completion/completions/ctpat
  ctpat completions zsh > ~/.zfunc/_ctpat        # with fpath+=(~/.zfunc) in ~/.zshrc
  ctpat completions fish > ~/.config/fish/completions/ctpat.fish
  ctpat completions powershell >> $PROFILE
  ctpat completions elvish >> ~/.config/elvish/rc.elv")]
pub(super) struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: Shell,
}

pub(super) fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "ctpat", &mut script);
    output::write(None, &String::from_utf8_lossy(&script), false)?;
    Ok(ExitCode::from(EXIT_OK))
}
