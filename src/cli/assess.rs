//! `ctpat assess` (placeholder).
use super::Context;
use std::process::ExitCode;
#[derive(Debug, clap::Args)]
pub(super) struct Args {}
pub(super) fn run(_c: &Context, _a: &Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not yet")
}
