//! `ctpat assess`: score an answers file and report the tier and the gaps; on a terminal
//! with no answers file, walk the company through the questions first ([`interactive`]).

use super::interactive::{self, Done, Outcome, Request};
use super::report::{FormatArg, OutputArgs};
use super::{print_warnings, read_answers, say, Context, EXIT_FINDINGS, EXIT_OK};
use crate::answers::{Answers, Parsed};
use crate::criteria::{embedded, Catalog};
use crate::diagnostic::Diagnostic;
use crate::messages::Messages;
use crate::report::Report;
use crate::scoring::Assessment;
use anyhow::bail;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Without --answers, on a terminal, ctpat asks the questions one by one (arrow keys and Enter),
saves the answers file after every answer (--save, default ctpat-answers.yaml), and prints the
report at the end. Stop with \"Save and quit\" or Ctrl-C; continue with --resume.

Examples:
  ctpat assess                                   # interactive questionnaire
  ctpat assess --save acme.yaml --lang zh-CN     # interactive, in Chinese, saved to acme.yaml
  ctpat assess --resume acme.yaml                # continue: only unanswered questions
  ctpat assess --answers answers.yaml
  ctpat assess --answers answers.yaml --format json --output report.json
  ctpat assess --answers answers.yaml --format markdown,html,csv --out-dir reports/
  ctpat assess --answers answers.yaml --fail-under tier_2   # exit 1 below Tier 2 (CI)

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
    /// Where the report goes (--force also lets --save replace a file).
    #[command(flatten)]
    out: OutputArgs,
    /// Exit with 1 when the recommended tier is below this one (tier_1, tier_2, tier_3).
    #[arg(long, value_name = "TIER")]
    fail_under: Option<String>,
}

pub(super) fn run(context: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let resume = match (&args.resume, &args.answers, args.interactive) {
        (Some(path), _, _) => Some(path.as_path()),
        (None, Some(path), true) if path.as_os_str() == "-" => {
            bail!(context
                .messages()
                .get("error:interactive-stdin")
                .to_string())
        }
        (None, Some(path), true) => Some(path.as_path()),
        (None, Some(path), false) => {
            if args.save.is_some() {
                bail!(context
                    .messages()
                    .get("error:save-with-answers")
                    .to_string());
            }
            return finish(context, args, path, context.messages()).map(|(code, _, _)| code);
        }
        (None, None, _) => None,
    };
    if let Some(tier) = &args.fail_under {
        // Checked before the questions, not after an hour of answering them.
        check_tier(&context.catalog(None)?, tier, &context.messages())?;
    }
    // Likewise a Word report that cannot be written where asked, or an unusable template.
    args.out.preflight(context, FormatArg::Terminal)?;
    let request = Request {
        resume,
        save: args.save.as_deref(),
        force: args.out.force,
        offer_html: !args.out.names_a_destination(),
    };
    match interactive::run(context, &request)? {
        Outcome::Stopped(code) => Ok(ExitCode::from(code)),
        Outcome::Finished(done) => {
            let Done { msg, path, html } = *done;
            // The saved file is an ordinary answers file: score it exactly as --answers would,
            // so the report's manifest hashes the bytes on disk.
            let (code, scored, written) = finish(context, args, &path, msg)?;
            let shown = &scored.msg;
            let err = console::Term::stderr();
            let _ = err.write_line("");
            if written.is_some() {
                // The report went to files: still show the outcome here.
                let tier = &scored.report.tier;
                let _ = err.write_line(&format!(
                    "{}\n  {}",
                    shown.labelled("report:tier", &tier.name),
                    tier.summary
                ));
                for r in &tier.reasons {
                    let _ = err.write_line(&format!("  - {}", r.message));
                }
            }
            let _ = err.write_line(&crate::diagnostic::fill(
                shown.get("interactive:answers-written"),
                &[("path", path.display().to_string())],
            ));
            if let Some(out) = written {
                let _ = err.write_line(&crate::diagnostic::fill(
                    shown.get("interactive:report-written"),
                    &[("path", out.display().to_string())],
                ));
            }
            if let Some(html) = html {
                // Asked for at the end of the questionnaire, and confirmed if it replaces one.
                let text =
                    crate::report::render(&scored.report, shown, crate::report::Format::Html)?;
                super::output::write_file(&html, text.as_bytes(), true)?;
                let _ = err.write_line(&crate::diagnostic::fill(
                    shown.get("interactive:report-written"),
                    &[("path", html.display().to_string())],
                ));
            }
            Ok(code)
        }
    }
}

fn check_tier(catalog: &Catalog, tier: &str, msg: &Messages) -> anyhow::Result<()> {
    threshold(catalog, tier, msg).map(|_| ())
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
pub(super) fn threshold(catalog: &Catalog, tier: &str, msg: &Messages) -> anyhow::Result<usize> {
    match catalog.tier_rank(tier) {
        Some(rank) => Ok(rank),
        None => {
            let ids: Vec<&str> = catalog
                .tiers
                .iter()
                .skip(1)
                .map(|t| t.id.as_str())
                .collect();
            bail!(say(
                msg,
                "error:unknown-tier",
                &[("tier", tier), ("tiers", &ids.join(", "))]
            ))
        }
    }
}

/// Validated answers and their assessment.
pub(super) struct Validated {
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
pub(super) fn validate_and_score(
    parsed: Parsed,
    catalog: &Catalog,
    as_of: crate::calendar::Date,
) -> Result<Validated, crate::diagnostic::Invalid> {
    let loaded = parsed.validate(catalog)?;
    let assessment = crate::scoring::assess(catalog, &loaded.value, as_of);
    let assessment = graded_lower(assessment, &loaded.value, catalog, as_of);
    Ok(Validated {
        answers: loaded.value,
        assessment,
        warnings: loaded.warnings,
    })
}

/// The assessment with the programme's lower level graded too, when the catalog names a
/// shipped one (`grading.fallback`) and its own gates do not hold; unchanged otherwise (and
/// when the lower catalog or the mapping to it is not shipped, which a test rules out).
pub(super) fn graded_lower(
    assessment: Assessment,
    answers: &Answers,
    catalog: &Catalog,
    as_of: crate::calendar::Date,
) -> Assessment {
    let Some(fallback) = catalog.grading.as_ref().and_then(|g| g.fallback.as_deref()) else {
        return assessment;
    };
    if assessment.grade.as_ref().is_none_or(|g| g.passes) {
        return assessment;
    }
    let Some(Ok(lower)) = crate::criteria::embedded::catalog(fallback) else {
        return assessment;
    };
    match crate::mapping::between(catalog, &lower, None) {
        Ok(mapping) => {
            crate::scoring::with_lower(assessment, answers, catalog, &lower, &mapping, as_of)
        }
        Err(_) => assessment,
    }
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

/// An answers file read, validated and scored against the catalog it picks.
pub(super) struct ScoredFile {
    /// Its name in findings (`<stdin>` for standard input).
    pub name: String,
    /// The file's exact bytes.
    pub bytes: Vec<u8>,
    /// The catalog scored against.
    pub catalog: Catalog,
    /// The text that catalog was loaded from (the embedded text for a shipped one).
    pub criteria_text: String,
    /// The validated answers.
    pub answers: Answers,
    /// Their assessment.
    pub assessment: Assessment,
}

/// Reads `path` (`-`: stdin), picks and loads the catalog, runs `check` on it (to reject
/// bad options before validating the answers), validates and scores, printing the file's
/// warnings: the steps every command that scores one file shares.
///
/// # Errors
/// Unreadable or invalid answers or criteria, or what `check` returns.
pub(super) fn read_and_score(
    context: &Context,
    path: &Path,
    check: impl FnOnce(&Catalog) -> anyhow::Result<()>,
) -> anyhow::Result<ScoredFile> {
    let (parsed, bytes) = read_answers(path)?;
    let source = parsed.source().clone();
    // The answers pick the shipped catalog they were given against; an unknown version
    // falls back to the default so validation can point at the line.
    let version = shipped_version(&parsed).map(str::to_string);
    let (catalog, criteria_source) = context.catalog_and_source(version.as_deref())?;
    check(&catalog)?;
    let Validated {
        answers,
        assessment,
        warnings,
    } = validate_and_score(parsed, &catalog, context.as_of())?;
    print_warnings(&source, &warnings);
    Ok(ScoredFile {
        name: source.name,
        bytes,
        catalog,
        criteria_text: criteria_source.text,
        answers,
        assessment,
    })
}

/// [`read_and_score`], then the report.
///
/// # Errors
/// Unreadable or invalid answers or criteria, or what `check` returns.
pub(super) fn score(
    context: &Context,
    path: &Path,
    msg: Messages,
    check: impl FnOnce(&Catalog) -> anyhow::Result<()>,
) -> anyhow::Result<Scored> {
    let file = read_and_score(context, path, check)?;
    // Both are the files' exact bytes: decoding the criteria checks UTF-8 and changes nothing.
    let report = Report::build(&file.catalog, &file.answers, &file.assessment, &msg)
        .with_input_hashes(file.criteria_text.as_bytes(), &file.bytes);
    Ok(Scored {
        report,
        msg,
        catalog: file.catalog,
        assessment: file.assessment,
    })
}

/// Scores the answers file at `path`, writes the report where asked, and returns the exit
/// code (1 below --fail-under), the scored report and the file or folder written, if any.
fn finish(
    context: &Context,
    args: &Args,
    path: &Path,
    msg: Messages,
) -> anyhow::Result<(ExitCode, Scored, Option<PathBuf>)> {
    let scored = score(context, path, msg, |catalog| match &args.fail_under {
        Some(tier) => check_tier(catalog, tier, &context.messages()),
        None => Ok(()),
    })?;
    let written = args.out.write(
        context,
        &scored.report,
        &scored.msg,
        path,
        FormatArg::Terminal,
    )?;
    let below = args.fail_under.as_ref().is_some_and(|t| {
        scored
            .catalog
            .tier_rank(t)
            .is_some_and(|threshold| scored.assessment.tier.rank < threshold)
    });
    if below {
        // Exit 1 alone left a CI log without a reason when the report went to a file.
        let threshold = args.fail_under.as_deref().unwrap_or_default();
        let line = say(
            &scored.msg,
            "error:below-threshold",
            &[("threshold", threshold), ("tier", &scored.report.tier.name)],
        );
        let _ = std::io::Write::write_all(
            &mut std::io::stderr().lock(),
            format!("{line}\n").as_bytes(),
        );
    }
    let code = ExitCode::from(if below { EXIT_FINDINGS } else { EXIT_OK });
    Ok((code, scored, written))
}
