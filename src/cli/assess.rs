//! `ctpat assess`: score an answers file and report the tier and the gaps.

use super::report::{emit, stem, Destination, FormatArg};
use super::{print_warnings, read_source, Context, EXIT_FINDINGS, EXIT_OK};
use crate::criteria::{embedded, Catalog};
use crate::diagnostic::Source;
use crate::messages::Messages;
use crate::report::Report;
use crate::scoring::Assessment;
use anyhow::{bail, Context as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  ctpat assess --answers examples/importer-tier2.yaml
  ctpat assess --answers answers.yaml --format json --output report.json
  ctpat assess --answers answers.yaml --format markdown,html,csv --out-dir reports/
  ctpat assess --answers answers.yaml --fail-under tier_2   # exit 1 below Tier 2 (CI)
  ctpat assess --answers examples/foreign-manufacturer-cn.yaml --lang zh-CN

Exit codes: 0 scored, 1 below --fail-under, 2 invalid input or I/O error.")]
pub(super) struct Args {
    /// The answers file to score (`format: ctpat-answers/1`); `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    answers: Option<PathBuf>,
    /// Output format; several, comma-separated, with --out-dir.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "terminal")]
    format: Vec<FormatArg>,
    /// Write the report to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "PATH", conflicts_with = "out_dir")]
    output: Option<PathBuf>,
    /// Write one file per format into this folder (created if missing).
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// Overwrite files that exist.
    #[arg(long)]
    force: bool,
    /// Exit with 1 when the recommended tier is below this one (tier_1, tier_2, tier_3).
    #[arg(long, value_name = "TIER")]
    fail_under: Option<String>,
}

/// An answers file scored and turned into a report.
pub(super) struct Scored {
    /// The report, with the hashes of its inputs.
    pub report: Report,
    /// UI strings in the chosen language.
    pub msg: Messages,
    /// The catalog scored against.
    pub catalog: Catalog,
    /// The scoring result.
    pub assessment: Assessment,
}

/// Reads `path` (`-`: stdin), picks and loads the catalog, runs `check` on it (to reject
/// bad options before validating the answers), validates, scores and builds the report.
///
/// # Errors
/// Unreadable or invalid answers or criteria, or what `check` returns.
pub(super) fn score(
    context: &Context,
    path: &Path,
    check: impl FnOnce(&Catalog) -> anyhow::Result<()>,
) -> anyhow::Result<Scored> {
    let source = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .context("cannot read standard input")?;
        let text = crate::yaml::decode(&bytes).map_err(|d| crate::diagnostic::Invalid {
            file: Source::new("<stdin>", String::from_utf8_lossy(&bytes)),
            diagnostics: vec![d],
        })?;
        Source::new("<stdin>", text)
    } else {
        read_source(path)?
    };
    let parsed = crate::answers::parse(&source)?;
    // The answers pick the shipped catalog they were given against; an unknown version
    // falls back to the default so validation can point at the line.
    let version = parsed
        .criteria_version()
        .filter(|v| embedded::get(v).is_some())
        .map(str::to_string);
    let (catalog, criteria_source) = context.catalog_and_source(version.as_deref())?;
    check(&catalog)?;
    let loaded = parsed.validate(&catalog)?;
    print_warnings(&source, &loaded.warnings);
    let answers = loaded.value;
    let assessment = crate::scoring::assess(&catalog, &answers);
    let msg = context.messages();
    // Both texts are the files' exact bytes: decoding checks UTF-8 and changes nothing.
    let report = Report::build(&catalog, &answers, &assessment, &msg)
        .with_input_hashes(criteria_source.text.as_bytes(), source.text.as_bytes());
    Ok(Scored {
        report,
        msg,
        catalog,
        assessment,
    })
}

pub(super) fn run(context: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let Some(path) = &args.answers else {
        bail!(
            "no answers file given; run `ctpat assess --answers FILE` (start from a file in examples/); \
             the interactive questionnaire is not built yet"
        );
    };
    let scored = score(context, path, |catalog| {
        if let Some(tier) = &args.fail_under {
            if catalog.tier(tier).is_none() {
                let ids: Vec<&str> = catalog
                    .tiers
                    .iter()
                    .skip(1)
                    .map(|t| t.id.as_str())
                    .collect();
                bail!(
                    "--fail-under {tier}: unknown tier; use one of: {}",
                    ids.join(", ")
                );
            }
        }
        Ok(())
    })?;
    emit(
        &scored.report,
        &scored.msg,
        &Destination {
            formats: &args.format,
            output: args.output.as_deref(),
            out_dir: args.out_dir.as_deref(),
            force: args.force,
            stem: &stem(path),
        },
    )?;
    let below = args.fail_under.as_ref().is_some_and(|t| {
        scored
            .catalog
            .tier_rank(t)
            .is_some_and(|threshold| scored.assessment.tier.rank < threshold)
    });
    Ok(ExitCode::from(if below { EXIT_FINDINGS } else { EXIT_OK }))
}
