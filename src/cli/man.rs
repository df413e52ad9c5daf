//! `ctpat man`: the man page (roff), generated from the clap definition.

use super::{output, Cli, EXIT_OK};
use anyhow::Context as _;
use clap::CommandFactory as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  ctpat man | man -l -
  ctpat man --output ~/.local/share/man/man1/ctpat.1")]
pub(super) struct Args {
    /// Write the page to this file (atomically) instead of standard output; `-` is stdout.
    #[arg(long, short, value_name = "PATH")]
    output: Option<PathBuf>,
    /// Overwrite --output if it exists.
    #[arg(long)]
    force: bool,
}

pub(super) fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .context("cannot render the man page")?;
    output::write(
        args.output.as_deref(),
        &String::from_utf8_lossy(&page),
        args.force,
    )?;
    Ok(ExitCode::from(EXIT_OK))
}
