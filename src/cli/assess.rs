//! `ctpat assess`: score an answers file and report the tier and the gaps.

use super::{output, print_warnings, read_source, Context, EXIT_FINDINGS, EXIT_OK};
use crate::answers::{Answers, Parsed};
use crate::criteria::{embedded, Catalog};
use crate::diagnostic::Diagnostic;
use crate::report::{terminal, Report};
use crate::scoring::Assessment;
use anyhow::{bail, Context as _};
use clap::ValueEnum;
use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum Format {
    /// Tables for a terminal.
    Terminal,
    /// The `ctpat-report/1` JSON document.
    Json,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  ctpat assess --answers examples/importer-tier2.yaml
  ctpat assess --answers answers.yaml --format json --output report.json
  ctpat assess --answers answers.yaml --fail-under tier_2   # exit 1 below Tier 2 (CI)
  ctpat assess --answers examples/foreign-manufacturer-cn.yaml --lang zh-CN

Exit codes: 0 scored, 1 below --fail-under, 2 invalid input or I/O error.")]
pub(super) struct Args {
    /// The answers file to score (`format: ctpat-answers/1`); `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    answers: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Terminal)]
    format: Format,
    /// Write the report to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "PATH")]
    output: Option<PathBuf>,
    /// Overwrite --output if it exists.
    #[arg(long)]
    force: bool,
    /// Exit with 1 when the recommended tier is below this one (tier_1, tier_2, tier_3).
    #[arg(long, value_name = "TIER")]
    fail_under: Option<String>,
}

pub(super) fn run(context: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let Some(path) = &args.answers else {
        bail!(
            "no answers file given; run `ctpat assess --answers FILE` (start from a file in examples/); \
             the interactive questionnaire is not built yet"
        );
    };
    let source = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .context("cannot read standard input")?;
        let text = crate::yaml::decode(&bytes).map_err(|d| crate::diagnostic::Invalid {
            file: crate::diagnostic::Source::new("<stdin>", String::from_utf8_lossy(&bytes)),
            diagnostics: vec![d],
        })?;
        crate::diagnostic::Source::new("<stdin>", text)
    } else {
        read_source(path)?
    };
    let parsed = crate::answers::parse(&source)?;
    let catalog = context.catalog(shipped_version(&parsed))?;
    if let Some(tier) = &args.fail_under {
        threshold(&catalog, tier)?;
    }
    let scored = score(parsed, &catalog)?;
    print_warnings(&source, &scored.warnings);
    let msg = context.messages();
    let report = Report::build(&catalog, &scored.answers, &scored.assessment, &msg);
    let text = match args.format {
        Format::Json => report_json(&report)?,
        Format::Terminal => {
            // A file or a pipe gets a stable width; a terminal gets its own.
            let width = if args.output.is_none() && std::io::stdout().is_terminal() {
                None
            } else {
                Some(100)
            };
            terminal::render(&report, &msg, width)
        }
    };
    output::write(args.output.as_deref(), &text, args.force)?;
    let below = args.fail_under.as_ref().is_some_and(|t| {
        catalog
            .tier_rank(t)
            .is_some_and(|threshold| scored.assessment.tier.rank < threshold)
    });
    Ok(ExitCode::from(if below { EXIT_FINDINGS } else { EXIT_OK }))
}

/// The shipped catalog version an answers file asks for. `None` means the default (or the
/// `--criteria` file): an unknown version falls back to it so validation can point at the line.
pub(super) fn shipped_version(parsed: &Parsed) -> Option<&str> {
    parsed
        .criteria_version()
        .filter(|v| embedded::get(v).is_some())
}

/// Checks a `--fail-under` tier against the catalog's ladder and returns its rank.
///
/// # Errors
/// When the tier is not on the ladder, listing the tiers above its lowest rung.
pub(super) fn threshold(catalog: &Catalog, tier: &str) -> anyhow::Result<usize> {
    match catalog.tier_rank(tier) {
        Some(rank) => Ok(rank),
        None => {
            let ids: Vec<&str> = catalog
                .tiers
                .iter()
                .skip(1)
                .map(|t| t.id.as_str())
                .collect();
            bail!(
                "--fail-under {tier}: unknown tier; use one of: {}",
                ids.join(", ")
            )
        }
    }
}

/// A validated and scored answers file.
pub(super) struct Scored {
    /// The validated answers.
    pub(super) answers: Answers,
    /// Their assessment.
    pub(super) assessment: Assessment,
    /// Warnings validation raised.
    pub(super) warnings: Vec<Diagnostic>,
}

/// Validates parsed answers against `catalog` and scores them: the steps every command that
/// scores a file shares.
///
/// # Errors
/// [`Invalid`](crate::diagnostic::Invalid) with every problem of the file.
pub(super) fn score(
    parsed: Parsed,
    catalog: &Catalog,
) -> Result<Scored, crate::diagnostic::Invalid> {
    let loaded = parsed.validate(catalog)?;
    let assessment = crate::scoring::assess(catalog, &loaded.value);
    Ok(Scored {
        answers: loaded.value,
        assessment,
        warnings: loaded.warnings,
    })
}

/// The `ctpat-report/1` JSON document, with a final line break.
///
/// # Errors
/// Only if serialisation fails, which the report's plain types do not do.
pub(super) fn report_json(report: &Report) -> anyhow::Result<String> {
    let mut s = serde_json::to_string_pretty(report).context("cannot render the report as JSON")?;
    s.push('\n');
    Ok(s)
}
