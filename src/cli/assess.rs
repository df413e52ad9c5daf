//! `ctpat assess`: score an answers file and report the tier and the gaps; on a terminal
//! with no answers file, walk the company through the questions first ([`interactive`]).

use super::interactive::{self, Done, Outcome, Request};
use super::{output, print_warnings, read_source, Context, EXIT_FINDINGS, EXIT_OK};
use crate::answers::Answers;
use crate::criteria::{embedded, Catalog};
use crate::messages::Messages;
use crate::report::{terminal, Report};
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
Without --answers, on a terminal, ctpat asks the questions one by one (arrow keys and Enter),
saves the answers file after every answer (--save, default ctpat-answers.yaml), and prints the
report at the end. Stop with \"Save and quit\" or Ctrl-C; continue with --resume.

Examples:
  ctpat assess                                   # interactive questionnaire
  ctpat assess --save acme.yaml --lang zh-CN     # interactive, in Chinese, saved to acme.yaml
  ctpat assess --resume acme.yaml                # continue: only unanswered questions
  ctpat assess --answers examples/importer-tier2.yaml
  ctpat assess --answers answers.yaml --format json --output report.json
  ctpat assess --answers answers.yaml --fail-under tier_2   # exit 1 below Tier 2 (CI)
  ctpat assess --answers examples/foreign-manufacturer-cn.yaml --lang zh-CN

Exit codes: 0 scored (or saved and quit), 1 below --fail-under, 2 invalid input, I/O error or
no terminal for the questionnaire, 130 questionnaire interrupted with Ctrl-C (answers saved).")]
pub(super) struct Args {
    /// The answers file to score (`format: ctpat-answers/1`); `-` reads standard input.
    /// Without it, on a terminal, the interactive questionnaire starts.
    #[arg(long, value_name = "FILE")]
    answers: Option<PathBuf>,
    /// Questionnaire: save the answers to this file after every answer [default:
    /// ctpat-answers.yaml]. An existing file is never replaced without asking (or --force).
    #[arg(long, value_name = "PATH")]
    save: Option<PathBuf>,
    /// Questionnaire: continue the answers saved in PATH, asking only the unanswered
    /// questions, then offering to review partial and not-applicable ones.
    #[arg(long, value_name = "PATH", conflicts_with = "answers")]
    resume: Option<PathBuf>,
    /// With --answers FILE: continue FILE in the questionnaire (like --resume FILE).
    #[arg(long, requires = "answers")]
    interactive: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Terminal)]
    format: Format,
    /// Write the report to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "PATH")]
    output: Option<PathBuf>,
    /// Overwrite --output (and --save) if it exists.
    #[arg(long)]
    force: bool,
    /// Exit with 1 when the recommended tier is below this one (tier_1, tier_2, tier_3).
    #[arg(long, value_name = "TIER")]
    fail_under: Option<String>,
}

pub(super) fn run(context: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let resume = match (&args.resume, &args.answers, args.interactive) {
        (Some(path), _, _) => Some(path.as_path()),
        (None, Some(path), true) if path.as_os_str() == "-" => {
            bail!("--interactive cannot continue standard input; give the answers file's path")
        }
        (None, Some(path), true) => Some(path.as_path()),
        (None, Some(_), false) => return batch(context, args),
        (None, None, _) => None,
    };
    if let Some(tier) = &args.fail_under {
        // Checked before the questions, not after an hour of answering them.
        check_tier(&context.catalog(None)?, tier)?;
    }
    let request = Request {
        resume,
        save: args.save.as_deref(),
        force: args.force,
    };
    match interactive::run(context, &request)? {
        Outcome::Stopped(code) => Ok(ExitCode::from(code)),
        Outcome::Finished(done) => {
            let Done {
                catalog,
                answers,
                msg,
                path,
            } = *done;
            let code = report(&catalog, &answers, &msg, args)?;
            let err = console::Term::stderr();
            let _ = err.write_line("");
            if args.output.as_ref().is_some_and(|o| o.as_os_str() != "-") {
                // The report went to a file: still show the outcome here.
                let assessment = crate::scoring::assess(&catalog, &answers);
                let built = Report::build(&catalog, &answers, &assessment, &msg);
                let _ = err.write_line(&format!(
                    "{}: {}\n  {}",
                    msg.get("report:tier"),
                    built.tier.name,
                    built.tier.summary
                ));
                for r in &built.tier.reasons {
                    let _ = err.write_line(&format!("  - {}", r.message));
                }
            }
            let _ = err.write_line(
                &msg.get("interactive:answers-written")
                    .replace("{path}", &path.display().to_string()),
            );
            if let Some(out) = args.output.as_ref().filter(|o| o.as_os_str() != "-") {
                let _ = err.write_line(
                    &msg.get("interactive:report-written")
                        .replace("{path}", &out.display().to_string()),
                );
            }
            Ok(code)
        }
    }
}

fn check_tier(catalog: &Catalog, tier: &str) -> anyhow::Result<()> {
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
    Ok(())
}

/// Scores an answers file given with --answers.
fn batch(context: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let Some(path) = &args.answers else {
        bail!("no answers file given; run `ctpat assess --answers FILE`");
    };
    if args.save.is_some() {
        bail!("--save is for the interactive questionnaire; with --answers, use --output for the report");
    }
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
    // The answers pick the shipped catalog they were given against; an unknown version
    // falls back to the default so validation can point at the line.
    let version = parsed
        .criteria_version()
        .filter(|v| embedded::get(v).is_some())
        .map(str::to_string);
    let catalog = context.catalog(version.as_deref())?;
    if let Some(tier) = &args.fail_under {
        check_tier(&catalog, tier)?;
    }
    let loaded = parsed.validate(&catalog)?;
    print_warnings(&source, &loaded.warnings);
    report(&catalog, &loaded.value, &context.messages(), args)
}

/// Scores `answers`, writes the report (stdout or --output) and returns the exit code.
fn report(
    catalog: &Catalog,
    answers: &Answers,
    msg: &Messages,
    args: &Args,
) -> anyhow::Result<ExitCode> {
    let assessment = crate::scoring::assess(catalog, answers);
    let report = Report::build(catalog, answers, &assessment, msg);
    let text = match args.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&report)
                .context("cannot render the report as JSON")?;
            s.push('\n');
            s
        }
        Format::Terminal => {
            // A file or a pipe gets a stable width; a terminal gets its own.
            let width = if args.output.is_none() && std::io::stdout().is_terminal() {
                None
            } else {
                Some(100)
            };
            terminal::render(&report, msg, width)
        }
    };
    output::write(args.output.as_deref(), &text, args.force)?;
    let below = args.fail_under.as_ref().is_some_and(|t| {
        catalog
            .tier_rank(t)
            .is_some_and(|threshold| assessment.tier.rank < threshold)
    });
    Ok(ExitCode::from(if below { EXIT_FINDINGS } else { EXIT_OK }))
}
