//! `ctpat batch`: score many answers files in one run and show the portfolio.
//!
//! Files are found (folders walked, globs expanded), sorted by path, given safe report names,
//! then scored in parallel on a rayon pool. Each worker reads, parses, scores and writes one
//! client's reports, and hands back only a small [`ClientRow`]: memory grows with the rows,
//! never with the files' contents. The rows become a [`portfolio::Summary`] (pure, sorted by
//! path), so the output is the same whatever the number of threads.

use super::assess::{shipped_version, threshold, validate_and_score};
use super::discover::Input;
use super::docx::DocxArgs;
use super::report::FormatArg;
use super::{error_chain, output, read_input, say, Context, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::criteria::{embedded, Catalog, CriterionId};
use crate::diagnostic::{localize, render_localized, Invalid};
use crate::messages::Messages;
use crate::portfolio::{self, ClientRow, Failure, GapRef, Outcome, Scored, Verdict};
use crate::report::{docx, Format, Report};
use anyhow::{bail, Context as _};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// Renders one client's report in `format`: the same renderers as `ctpat report`.
fn render_client(
    report: &Report,
    msg: &Messages,
    format: Format,
    docx: &docx::Options<'_>,
) -> anyhow::Result<Vec<u8>> {
    Ok(crate::report::render_bytes(report, msg, format, docx)?)
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  ctpat batch clients/                                # every *.yaml / *.yml / *.xlsx under clients/
  ctpat batch clients/ --out reports/                 # plus summary.csv, summary.json, reports
  ctpat batch 'clients/*/answers.yaml' --jobs 4       # a quoted pattern, expanded by ctpat
  ctpat batch clients/ --fail-under tier_2 --quiet    # CI: exit 1 when a client is below Tier 2

With --out DIR, ctpat writes DIR/summary.csv, DIR/summary.json, DIR/common-gaps.csv,
DIR/portfolio.xlsx (clients, tiers, scores, most common gaps) and one
report per client and format in DIR/clients/, named after the answers file's path (never
after the company name inside it). Existing files are kept unless --force is given.

Exit codes: 0 all scored (and at or above --fail-under), 1 some client below --fail-under,
2 some file could not be read, parsed or written, or a usage error (2 wins over 1).")]
pub(super) struct Args {
    /// Answers files, folders (searched recursively for *.yaml, *.yml and *.xlsx, hidden
    /// entries and `~$` lock files skipped) or quoted glob patterns such as
    /// 'clients/*/answers.yaml'.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Write the summaries and each client's reports into this folder (created if missing).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Per-client report formats, comma-separated: markdown, html, json, csv (the action
    /// plan), docx (Word), xlsx (a workbook), terminal [default: json].
    #[arg(
        long,
        value_enum,
        value_name = "FORMATS",
        value_delimiter = ',',
        requires = "out"
    )]
    format: Vec<FormatArg>,
    /// Score with this many threads [default: one per core].
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Exit with 1 when a client's recommended tier is below this one (tier_1, tier_2, tier_3).
    #[arg(long, value_name = "TIER")]
    fail_under: Option<String>,
    /// Overwrite existing summaries and reports in --out.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    docx: DocxArgs,
}

/// The catalogs of one run, each loaded at most once: the `--criteria` file, or the shipped
/// versions the answers files ask for, loaded when first asked.
struct Catalogs<'c> {
    context: &'c Context,
    fixed: Option<Loaded>,
    shipped: Vec<(&'static str, OnceLock<Result<Loaded, String>>)>,
}

/// A catalog and the text it was loaded from (hashed into each report's manifest).
struct Loaded {
    catalog: Catalog,
    text: String,
}

impl Loaded {
    fn load(context: &Context, version: Option<&str>) -> anyhow::Result<Loaded> {
        let (catalog, source) = context.catalog_and_source(version)?;
        Ok(Loaded {
            catalog,
            text: source.text,
        })
    }
}

impl<'c> Catalogs<'c> {
    fn new(context: &'c Context) -> anyhow::Result<Self> {
        let fixed = match &context.criteria {
            Some(_) => Some(Loaded::load(context, None)?),
            None => None,
        };
        let shipped = embedded::versions()
            .into_iter()
            .map(|v| (v, OnceLock::new()))
            .collect();
        Ok(Catalogs {
            context,
            fixed,
            shipped,
        })
    }

    /// The catalog for a file asking for shipped `version` (`None`: the default).
    fn get(&self, version: Option<&str>) -> Result<&Catalog, String> {
        self.get_loaded(version).map(|l| &l.catalog)
    }

    /// Like [`Catalogs::get`], with the catalog's source text.
    fn get_loaded(&self, version: Option<&str>) -> Result<&Loaded, String> {
        if let Some(fixed) = &self.fixed {
            return Ok(fixed);
        }
        let version = version.unwrap_or(embedded::default_version());
        let Some((_, cell)) = self.shipped.iter().find(|(v, _)| *v == version) else {
            return Err(format!("criteria version {version} is not shipped"));
        };
        cell.get_or_init(|| Loaded::load(self.context, Some(version)).map_err(|e| format!("{e:#}")))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// A criterion's title from the first loaded catalog that has it, newest first.
    fn title(&self, id: CriterionId, msg: &Messages) -> String {
        let loaded = self.fixed.iter().chain(
            self.shipped
                .iter()
                .rev()
                .filter_map(|(_, c)| c.get()?.as_ref().ok()),
        );
        loaded
            .filter_map(|l| l.catalog.criterion(id))
            .map(|c| c.title.get(msg.lang()).to_string())
            .next()
            .unwrap_or_default()
    }
}

/// What every worker shares.
struct Job<'a> {
    catalogs: &'a Catalogs<'a>,
    msg: &'a Messages,
    fail_under: Option<&'a str>,
    /// `--out DIR/clients` and the formats to write there.
    reports: Option<(PathBuf, Vec<Format>)>,
    force: bool,
    /// Layout of Word reports.
    docx: docx::Options<'a>,
    /// The date every file is assessed as of.
    as_of: crate::calendar::Date,
}

pub(super) fn run(context: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let msg = context.messages();
    let catalogs = Catalogs::new(context)?;
    // Most files want the default catalog: load it while the folders are listed, so no
    // worker waits for it.
    let found = std::thread::scope(|scope| {
        // A load error is reported by each file that needs the catalog.
        scope.spawn(|| {
            let _ = catalogs.get(None);
        });
        discover(&args.paths)
    });
    if let Some(tier) = &args.fail_under {
        threshold(catalogs.get(None).map_err(anyhow::Error::msg)?, tier, &msg)?;
    }
    let (mut inputs, mut rows) = found?;
    // What an earlier run wrote into --out (portfolio.xlsx, clients' report workbooks) is
    // no client, now that folders are searched for *.xlsx: `batch . --out reports` twice
    // must not read its own reports back as answers.
    if let Some(out) = args
        .out
        .as_deref()
        .and_then(|o| std::fs::canonicalize(o).ok())
    {
        inputs.retain(|i| !i.canonical().is_some_and(|p| p.starts_with(&out)));
    }
    if inputs.is_empty() && rows.is_empty() {
        bail!(msg.get("error:no-answers-files").to_string());
    }
    let stems = portfolio::unique_stems(
        inputs
            .iter()
            .map(|i| {
                let parts: Vec<&str> = i.relative.iter().map(String::as_str).collect();
                portfolio::client_stem(&parts)
            })
            .collect(),
    );
    let mut formats: Vec<Format> = Vec::new();
    for f in &args.format {
        let f = Format::from(*f);
        if !formats.contains(&f) {
            formats.push(f);
        }
    }
    if formats.is_empty() {
        formats.push(Format::Json);
    }
    // A template is read (and checked) once, before any file is written.
    let docx = args.docx.load(
        context,
        args.out.is_some() && formats.contains(&Format::Docx),
    )?;
    let reports = match &args.out {
        Some(out) => Some(prepare_out(out, &stems, &formats, args.force)?),
        None => None,
    };
    let job = Job {
        catalogs: &catalogs,
        msg: &msg,
        fail_under: args.fail_under.as_deref(),
        reports: reports.map(|dir| (dir, formats)),
        force: args.force,
        docx: docx.options(),
        as_of: context.as_of(),
    };

    // The global --quiet: no progress bar and no per-file problems on stderr (the summary
    // still lists them).
    let quiet = context.verbosity == super::config::Verbosity::Quiet;
    let bar = progress_bar(inputs.len(), quiet, &msg);
    let failed = AtomicUsize::new(0);
    let failed_label = msg.get("batch:progress-failed");
    let work = || {
        inputs
            .par_iter()
            .zip(stems.par_iter())
            // Small jobs: rayon otherwise hands out runs of hundreds of files that are not
            // split once started, and one worker can finish its last run while the others
            // wait for it.
            .with_max_len(FILES_PER_JOB)
            .map(|(input, stem)| {
                let (row, problems) = score_file(input, stem, &job).unzip();
                if row
                    .as_ref()
                    .is_some_and(|r| matches!(r.outcome, Outcome::Error(_)))
                {
                    let n = failed.fetch_add(1, Ordering::Relaxed) + 1;
                    bar.set_message(crate::diagnostic::fill(
                        failed_label,
                        &[("count", n.to_string())],
                    ));
                }
                bar.inc(1);
                (row, problems.unwrap_or_default())
            })
            .unzip::<_, _, Vec<Option<ClientRow>>, Vec<String>>()
    };
    let (scored, problems) = match workers(args.jobs, inputs.len()) {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .context("cannot start the worker threads")?
            .install(work),
        None => work(),
    };
    bar.finish_and_clear();
    drop((inputs, stems));
    let mut scored: Vec<ClientRow> = scored.into_iter().flatten().collect();
    if !quiet {
        let mut err = std::io::stderr().lock();
        for text in problems.iter().filter(|p| !p.is_empty()) {
            // File names and messages quoted from files: one line each, sanitized.
            let _ = write!(err, "{}", crate::text::inert_except(text, &['\n']));
        }
    }
    drop(problems);
    scored.append(&mut rows);
    let summary = portfolio::summarize(
        scored,
        args.fail_under.clone(),
        |id| catalogs.title(id, &msg),
        |id, entity, version| {
            catalogs
                .get(Some(version))
                .ok()
                .and_then(|c| c.criterion(id))
                .is_some_and(|c| c.applies(entity))
        },
    );
    if let Some(out) = &args.out {
        write_summaries(out, &summary, &msg, args.force)?;
    }
    // The gaps table fits a terminal; a file or a pipe gets a stable width.
    let width = if std::io::stdout().is_terminal() {
        None
    } else {
        Some(100)
    };
    print_summary(&summary, &msg, width)?;
    // A catalog from a secondary source (China Customs' AEO standards) says so under every
    // summary that scored a file against it.
    let versions: std::collections::BTreeSet<&str> = summary
        .clients
        .iter()
        .filter_map(|c| match &c.outcome {
            portfolio::Outcome::Scored(s) => Some(s.criteria_version.as_str()),
            portfolio::Outcome::Error(_) => None,
        })
        .collect();
    for version in versions {
        if let Ok(catalog) = catalogs.get(Some(version)) {
            if let Some(notice) = catalog.program.secondary_notice() {
                let line = crate::settings::fill(
                    msg.get("batch:source-notice"),
                    &[("version", version), ("notice", notice.get(msg.lang()))],
                );
                output::write(None, &format!("{}\n", crate::text::inert(&line)), false)?;
            }
        }
    }
    Ok(ExitCode::from(match summary.verdict() {
        Verdict::Ok => EXIT_OK,
        Verdict::BelowThreshold => EXIT_FINDINGS,
        Verdict::Errors => EXIT_ERROR,
    }))
}

/// Writes the client table line by line (never the whole table in memory), then the totals
/// and the most common gaps.
fn print_summary(
    summary: &portfolio::Summary,
    msg: &Messages,
    width: Option<u16>,
) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = portfolio::client_lines(summary, msg)
        .try_for_each(|line| writeln!(out, "{line}"))
        .and_then(|()| writeln!(out))
        .and_then(|()| out.write_all(portfolio::render_totals(summary, msg, width).as_bytes()))
        .and_then(|()| out.flush());
    match written {
        // A closed pipe (`ctpat batch ... | head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.with_context(|| msg.get("error:cannot-write-stdout").to_string()),
    }
}

/// The progress bar on stderr: files done / total, rate, ETA and failures so far; hidden
/// off a terminal or with `--quiet`.
fn progress_bar(total: usize, quiet: bool, msg: &Messages) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(u64::try_from(total).unwrap_or(u64::MAX));
    let template = format!(
        "{{bar:30}} {{pos}}/{{len}} {} · {{rate}} · {} {{eta}} {{msg}}",
        msg.get("batch:progress-files"),
        msg.get("batch:progress-eta"),
    );
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style.with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0}/s", state.per_sec());
            },
        ));
    }
    bar
}

/// Creates `--out` and its `clients/` folder and refuses, before any work, to overwrite an
/// existing output without `--force`. Returns the `clients/` folder.
fn prepare_out(
    out: &Path,
    stems: &[String],
    formats: &[Format],
    force: bool,
) -> anyhow::Result<PathBuf> {
    if !force {
        let clients = out.join("clients");
        let clients = clients.as_path();
        let mut existing = SUMMARY_FILES
            .iter()
            .map(|name| out.join(name))
            .chain(stems.iter().flat_map(|stem| {
                formats
                    .iter()
                    .map(move |f| clients.join(format!("{stem}.{}", f.extension())))
            }))
            .filter(|p| std::fs::symlink_metadata(p).is_ok());
        if let Some(first) = existing.next() {
            let more = existing.count();
            let msg = super::ui();
            let path = first.display().to_string();
            bail!(if more > 0 {
                say(
                    &msg,
                    "error:batch-exists-more",
                    &[("path", &path), ("count", &more.to_string())],
                )
            } else {
                say(&msg, "error:batch-exists", &[("path", &path)])
            });
        }
    }
    // `--out` is the user's to choose; `clients/` is ctpat's, so a link planted there is
    // refused rather than followed.
    let msg = super::ui();
    super::output::create_folder(out, &msg)?;
    super::output::create_subfolder(out, "clients", &msg)
}

const SUMMARY_FILES: [&str; 4] = [
    "summary.csv",
    "summary.json",
    "common-gaps.csv",
    "portfolio.xlsx",
];

/// Writes `summary.csv`, `summary.json`, `common-gaps.csv` and `portfolio.xlsx` (in the
/// language of the run) as one set: all or none.
fn write_summaries(
    out: &Path,
    summary: &portfolio::Summary,
    msg: &Messages,
    force: bool,
) -> anyhow::Result<()> {
    let mut json =
        serde_json::to_string_pretty(summary).context("cannot render the summary as JSON")?;
    json.push('\n');
    let workbook = crate::workbook::write::portfolio(summary, msg).map_err(|e| {
        anyhow::anyhow!(say(msg, "error:xlsx-write", &[("reason", &e.to_string())]))
    })?;
    let [csv_name, json_name, gaps_name, workbook_name] = SUMMARY_FILES;
    let mut set = output::OutputSet::new(force);
    set.add(&out.join(workbook_name), &workbook)?;
    set.add(
        &out.join(csv_name),
        portfolio::clients_csv(summary).as_bytes(),
    )?;
    set.add(&out.join(json_name), json.as_bytes())?;
    set.add(
        &out.join(gaps_name),
        portfolio::common_gaps_csv(summary).as_bytes(),
    )?;
    set.commit()
}

/// The most files one rayon job scores in a row: a file takes about a millisecond, so the
/// workers finish within a few milliseconds of each other, and a job costs next to nothing.
const FILES_PER_JOB: usize = 8;

/// The worker threads for `--jobs`: no more than there are files. `--jobs 65535` started
/// 65,535 threads for a handful of files and took minutes before scoring the first one.
fn workers(jobs: Option<u16>, files: usize) -> Option<usize> {
    jobs.map(|n| usize::from(n).min(files.max(1)))
}

/// The answers files the paths name (see [`super::discover`]); paths that name nothing
/// become error rows, so the run goes on.
fn discover(paths: &[PathBuf]) -> anyhow::Result<(Vec<Input>, Vec<ClientRow>)> {
    let (inputs, problems) = super::discover::discover(paths)?;
    let rows = problems
        .into_iter()
        .map(|p| translated_row(error_row(&p.path, p.code, p.english), p.shown))
        .collect();
    Ok((inputs, rows))
}

fn error_row(path: &str, code: &str, message: String) -> ClientRow {
    ClientRow {
        path: path.to_string(),
        report: None,
        outcome: Outcome::Error(Failure {
            code: code.to_string(),
            location: None,
            message,
            errors: 1,
            shown: None,
        }),
    }
}

/// `row` with its message in the language of the run for the terminal summary; the JSON and
/// CSV summaries keep the English.
fn translated_row(mut row: ClientRow, shown: String) -> ClientRow {
    if let Outcome::Error(f) = &mut row.outcome {
        f.shown = Some(shown);
    }
    row
}

/// A failed file's row and its rendered problems (every diagnostic, as `assess` shows them).
/// The row keeps the English text (the JSON summary is the same in every language); the
/// problems shown on stderr speak the language of the run.
fn failure(path: &str, error: &anyhow::Error, msg: &Messages) -> (ClientRow, String) {
    if let Some(invalid) = error.downcast_ref::<Invalid>() {
        return invalid_failure(path, invalid, msg);
    }
    let message = error_chain(error);
    let text = format!("{}\n", say(msg, "error:prefix", &[("message", &message)]));
    (error_row(path, "io-error", message), text)
}

fn invalid_failure(path: &str, invalid: &Invalid, msg: &Messages) -> (ClientRow, String) {
    let first = invalid
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .or(invalid.diagnostics.first());
    let row = ClientRow {
        path: path.to_string(),
        report: None,
        outcome: Outcome::Error(Failure {
            code: first.map_or("invalid", |d| d.code).to_string(),
            location: first.and_then(|d| d.location),
            message: first.map_or_else(|| invalid.to_string(), |d| d.message.clone()),
            errors: invalid.error_count().max(1),
            shown: first.map(|d| localize(d, msg).0),
        }),
    };
    let text = shown_problems(&invalid.file, &invalid.diagnostics, msg);
    (row, text)
}

/// How many problems of one file batch prints on stderr; the rest are counted. A client file
/// for another entity type can hold dozens of `not-applicable-to-entity` warnings, which
/// buried the portfolio's other messages.
const PROBLEMS_SHOWN: usize = 5;

/// The first [`PROBLEMS_SHOWN`] of `diagnostics`, rendered, and a line counting the rest.
fn shown_problems(
    source: &crate::diagnostic::Source,
    diagnostics: &[crate::diagnostic::Diagnostic],
    msg: &Messages,
) -> String {
    let mut text: String = diagnostics
        .iter()
        .take(PROBLEMS_SHOWN)
        .map(|d| render_localized(source, d, msg, false))
        .collect();
    if diagnostics.len() > PROBLEMS_SHOWN {
        let more = (diagnostics.len() - PROBLEMS_SHOWN).to_string();
        text.push_str(&say(
            msg,
            "error:batch-more-problems",
            &[("path", &source.name), ("count", &more)],
        ));
        text.push('\n');
    }
    text
}

/// Reads, parses, scores and writes the reports of one file. Returns its row and the
/// problems to show on stderr (warnings, or every error of a failed file); `None` for a
/// tailoring file, which is no client.
fn score_file(input: &Input, stem: &str, job: &Job<'_>) -> Option<(ClientRow, String)> {
    let path = input.display.as_str();
    let bytes = match read_input(&input.path) {
        Ok((_, b)) => b,
        Err(e) => return Some(failure(path, &e, job.msg)),
    };
    let parsed = match crate::answers::parse_input(path, &bytes) {
        Ok(p) => p,
        // A tailoring file kept beside the clients' answers (see docs/tailoring.md) is not a
        // client: it is skipped, not reported as a broken answers file.
        Err(invalid) if is_tailoring(&invalid.file.text) => return None,
        Err(invalid) => return Some(invalid_failure(path, &invalid, job.msg)),
    };
    let source = parsed.source().clone();
    let (catalog, criteria_text) = match job.catalogs.get_loaded(shipped_version(&parsed)) {
        Ok(l) => (&l.catalog, l.text.as_str()),
        Err(message) => {
            let text = say(
                job.msg,
                "error:file-error",
                &[("path", path), ("message", &message)],
            );
            return Some((error_row(path, "criteria-error", message), text + "\n"));
        }
    };
    let scored = match validate_and_score(parsed, catalog, job.as_of) {
        Ok(s) => s,
        Err(invalid) => return Some(invalid_failure(path, &invalid, job.msg)),
    };
    let warnings = shown_problems(&source, &scored.warnings, job.msg);
    let below = match job.fail_under {
        None => false,
        Some(tier) => match catalog.tier_rank(tier) {
            Some(rank) => scored.assessment.tier.rank < rank,
            None => {
                let version = &catalog.program.version;
                let message = format!("tier {tier} is not on the ladder of criteria {version}");
                let shown = say(
                    job.msg,
                    "error:tier-not-on-ladder",
                    &[("tier", tier), ("version", version)],
                );
                let text = say(
                    job.msg,
                    "error:file-error",
                    &[("path", path), ("message", &shown)],
                );
                let row = translated_row(error_row(path, "unknown-tier", message), shown);
                return Some((row, text + "\n"));
            }
        },
    };
    if let Some((dir, formats)) = &job.reports {
        let report = Report::build(catalog, &scored.answers, &scored.assessment, job.msg)
            .with_input_hashes(criteria_text.as_bytes(), &bytes);
        // One client's reports are one set: all of its formats or none.
        let mut set = output::OutputSet::new(job.force);
        let written = formats
            .iter()
            .try_for_each(|format| {
                let target = dir.join(format!("{stem}.{}", format.extension()));
                render_client(&report, job.msg, *format, &job.docx)
                    .and_then(|bytes| set.add(&target, &bytes))
            })
            .and_then(|()| set.commit());
        if let Err(e) = written {
            return Some(failure(path, &e, job.msg));
        }
    }
    let lang = job.msg.lang();
    let assessment = &scored.assessment;
    let entity = assessment.entity;
    let tier_id = &assessment.tier.id;
    let row = ClientRow {
        path: path.to_string(),
        report: job.reports.as_ref().map(|_| stem.to_string()),
        outcome: Outcome::Scored(Scored {
            company: scored.answers.company.name.clone(),
            entity,
            entity_name: catalog
                .entity(entity)
                .map_or_else(|| entity.id().to_string(), |e| e.name.get(lang).to_string()),
            criteria_version: catalog.program.version.clone(),
            tier: tier_id.clone(),
            tier_name: catalog.tier(tier_id).map_or_else(
                || tier_id.clone(),
                |t| t.name_for(assessment.tier.cbp_tiers).get(lang).to_string(),
            ),
            coverage: catalog.coverage(entity),
            provisional: catalog.coverage(entity).is_provisional(),
            score_tenths: assessment.score.percent_tenths,
            must_gaps: assessment.counts.must_gaps,
            should_gaps: assessment.counts.should_gaps,
            below_threshold: below,
            warnings: scored.warnings.len(),
            gaps: assessment
                .gaps
                .iter()
                .map(|g| GapRef {
                    id: g.id,
                    requirement: g.requirement,
                })
                .collect(),
        }),
    };
    Some((row, warnings))
}

/// Whether `text` is a tailoring file (`format: ctpat-tailoring/1`), a mapping file
/// (`ctpat-mapping/1`), or a partner register, threat ratings or partner rules file
/// (`ctpat partners`), kept beside the answers but no client. Asked only of files that did
/// not parse as answers, so the answers files pay nothing for it.
fn is_tailoring(text: &str) -> bool {
    use crate::findings::{detect, Detected, FileKind};
    matches!(
        detect(text),
        Detected::Kind(
            FileKind::Tailoring
                | FileKind::Partners
                | FileKind::Threats
                | FileKind::PartnerRules
                | FileKind::Mapping
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_65535_starts_no_more_workers_than_files() {
        assert_eq!(workers(Some(65_535), 3), Some(3));
        assert_eq!(workers(Some(2), 3), Some(2));
        assert_eq!(workers(Some(4), 0), Some(1));
        assert_eq!(workers(None, 3), None);
    }
}
