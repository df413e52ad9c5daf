//! `ctpat validate`: check criteria and answers files for CI and pre-commit hooks.
//!
//! Each file's kind comes from its `format:` tag; criteria files go through the criteria
//! checks (notes on flagged data included), answers files through the answers checks
//! against the catalog they name (or `--criteria FILE`). Every finding of every file is
//! reported in one run, in the format asked for.

use super::discover::is_pattern;
use super::input::ReadError;
use super::{output, Context, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::criteria::Catalog;
use crate::diagnostic::{Diagnostic, Source};
use crate::findings::{self, Counts, Detected, FileFindings, FileKind};
use anyhow::Context as _;
use clap::ValueEnum;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum Format {
    /// Each finding with its source line, for people.
    Human,
    /// The `ctpat-findings/1` JSON document.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning (upload-sarif).
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
A file's kind comes from its `format:` tag: ctpat-criteria/1, ctpat-answers/1, ctpat-tailoring/1
or ctpat-ui/1 (the UI strings file). An answers file is checked against the shipped criteria
version it names, or against --criteria FILE (with --tailoring applied); a tailoring file
against --criteria FILE or the configured (else newest) shipped version; a mapping file
(ctpat-mapping/1) on its own, and against the shipped versions it names. YAML syntax and schema errors (unknown or missing fields)
stop at the first one per file, because YAML cannot be read past them; every other finding is
reported at once. A filled questionnaire workbook (.xlsx, told by its content) is checked as an
answers file; its findings name the sheet and cell (q.xlsx:Answers!E5).

Examples:
  ctpat validate criteria/*.yaml answers.yaml
  ctpat validate --format sarif --output ctpat.sarif criteria/*.yaml
  ctpat validate --format github answers.yaml        # annotations in GitHub Actions
  cat answers.yaml | ctpat validate -
  ctpat validate --strict criteria/my-criteria.yaml  # warnings and notes fail too

Exit codes: 0 no errors, 1 errors (with --strict: any finding), 2 a file could not be read
or bad usage.")]
pub(super) struct Args {
    /// Files to check; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Treat warnings and notes (e.g. data flagged uncertain) as errors.
    #[arg(long)]
    strict: bool,
    /// Skip files that are not ctpat criteria or answers files instead of reporting them
    /// (for hooks that pass every YAML file).
    #[arg(long)]
    skip_unknown: bool,
    /// Write the findings to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "PATH")]
    output: Option<PathBuf>,
    /// Overwrite --output if it exists.
    #[arg(long)]
    force: bool,
}

/// A file that could not be checked at all: reported, and the run exits with 2.
struct CannotRun;

pub(super) fn run(context: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let mut catalogs: BTreeMap<String, Catalog> = BTreeMap::new();
    let mut files = Vec::new();
    let mut could_not_run = false;
    let mut skipped = 0usize;
    let mut stdin_used = false;
    for path in &args.files {
        let is_stdin = path.as_os_str() == "-";
        if is_stdin && std::mem::replace(&mut stdin_used, true) {
            anyhow::bail!(context.messages().get("error:stdin-twice").to_string());
        }
        // A folder or a quoted glob is expanded exactly as `ctpat batch` expands it.
        let text = path.to_string_lossy();
        let expand = !is_stdin
            && (path.is_dir() || (std::fs::symlink_metadata(path).is_err() && is_pattern(&text)));
        let found = if expand {
            let (inputs, problems) = super::discover::discover(std::slice::from_ref(path))?;
            for p in problems {
                could_not_run = true;
                // One code for every file that could not be read; the message says why
                // (`dangling-link`, `link-outside`, `not-a-file`, `no-match`, ...).
                let d = Diagnostic::error(
                    "cannot-read",
                    None,
                    format!("cannot read the file: {} [{}]", p.english, p.code),
                )
                .with_help("check the path and its permissions")
                .translated()
                .arg("error", format!("{} [{}]", p.shown, p.code));
                files.push(FileFindings {
                    source: Source::new(p.path, ""),
                    kind: None,
                    diagnostics: vec![d],
                });
            }
            inputs.into_iter().map(|i| (i.path, i.display)).collect()
        } else {
            vec![(path.clone(), path.display().to_string())]
        };
        for (path, name) in found {
            let (source, problem, workbook) = read(&path, &name, is_stdin);
            if let Some(bytes) = workbook {
                match check_workbook(context, source, &bytes, &mut catalogs) {
                    Ok(found) => files.push(found),
                    Err(CannotRun) => could_not_run = true,
                }
                continue;
            }
            if let Some(d) = problem {
                could_not_run |= d.code == "cannot-read";
                files.push(FileFindings {
                    source,
                    kind: None,
                    diagnostics: vec![d],
                });
                continue;
            }
            match check(context, source, &mut catalogs) {
                Ok(found) if found.kind.is_none() && args.skip_unknown => skipped += 1,
                Ok(found) => files.push(found),
                Err(CannotRun) => could_not_run = true,
            }
        }
    }
    if args.strict {
        findings::make_strict(&mut files);
    }
    let counts = Counts::of_files(&files);
    let text = match args.format {
        Format::Human => {
            // The global --color (auto: stdout is a terminal and NO_COLOR unset); a file
            // written with --output never gets escape codes.
            let color = context.color && args.output.is_none();
            let mut s = findings::to_human(&files, &context.messages(), color);
            s.push_str(&summary(context, files.len(), skipped, counts));
            s
        }
        Format::Json => findings::to_json(&files),
        Format::Sarif => json_text(&findings::to_sarif(&files))?,
        Format::Github => findings::to_github(&files),
    };
    output::write(args.output.as_deref(), &text, args.force)?;
    Ok(ExitCode::from(if could_not_run {
        EXIT_ERROR
    } else if counts.errors > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }))
}

fn json_text(value: &serde_json::Value) -> anyhow::Result<String> {
    let mut s = serde_json::to_string_pretty(value).context("cannot render JSON")?;
    s.push('\n');
    Ok(s)
}

fn summary(context: &Context, checked: usize, skipped: usize, c: Counts) -> String {
    let msg = context.messages();
    let fill = |template: &str, values: &[(&str, usize)]| {
        let values: Vec<(&str, String)> = values.iter().map(|(k, v)| (*k, v.to_string())).collect();
        crate::diagnostic::fill(template, &values)
    };
    let mut s = if c.total() == 0 {
        fill(msg.get("validate:clean"), &[("files", checked)])
    } else {
        fill(
            msg.get("validate:summary"),
            &[
                ("files", checked),
                ("errors", c.errors),
                ("warnings", c.warnings),
                ("notes", c.notes),
            ],
        )
    };
    s.push('\n');
    if skipped > 0 {
        s.push_str(&fill(msg.get("validate:skipped"), &[("count", skipped)]));
        s.push('\n');
    }
    s
}

/// Reads a file (or stdin) as text; a problem is a `cannot-read`, `input-too-large` or
/// `not-utf8` finding. A workbook (told by its content) comes back as its bytes instead.
fn read(path: &Path, name: &str, is_stdin: bool) -> (Source, Option<Diagnostic>, Option<Vec<u8>>) {
    let name = if is_stdin {
        "<stdin>".to_string()
    } else {
        name.to_string()
    };
    let cannot = |e: &dyn std::fmt::Display| {
        (
            Source::new(name.clone(), ""),
            Some(
                Diagnostic::error("cannot-read", None, format!("cannot read the file: {e}"))
                    .with_help("check the path and its permissions")
                    .translated()
                    .arg("error", e),
            ),
            None,
        )
    };
    let path = if is_stdin { Path::new("-") } else { path };
    let bytes = match super::input::read_bytes(path, super::input::TEXT_LIMIT) {
        Ok(bytes) => bytes,
        Err(ReadError::IsDirectory) => return cannot(&"it is a directory"),
        Err(ReadError::Io(e)) => return cannot(&e),
        Err(ReadError::TooLarge { limit, .. }) => {
            let d = Diagnostic::error(
                "input-too-large",
                None,
                format!("the file is larger than {limit} bytes, the most ctpat reads"),
            )
            .with_help("criteria and answers files are small; check that this is the right file")
            .message_template("input-too-large-stream")
            .help_template("input-too-large")
            .arg("limit", limit);
            return (Source::new(name, ""), Some(d), None);
        }
    };
    if crate::workbook::read::kind(&bytes) != crate::workbook::read::Kind::Text {
        return (Source::new(name, ""), None, Some(bytes));
    }
    match crate::yaml::decode(&bytes) {
        Ok(text) => (Source::new(name, text), None, None),
        Err(d) => (
            Source::new(name, String::from_utf8_lossy(&bytes)),
            Some(d),
            None,
        ),
    }
}

/// Checks a partner register workbook as a register, any other workbook as a questionnaire
/// (an answers file): its findings name cells.
fn check_workbook(
    context: &Context,
    source: Source,
    bytes: &[u8],
    catalogs: &mut BTreeMap<String, Catalog>,
) -> Result<FileFindings, CannotRun> {
    if let Some(diagnostics) = crate::partners::check_workbook(&source.name, bytes) {
        return Ok(FileFindings {
            source,
            kind: Some(FileKind::Partners),
            diagnostics,
        });
    }
    let diagnostics = match crate::answers::parse_input(&source.name, bytes) {
        Ok(parsed) => validate_parsed(context, parsed, catalogs)?,
        Err(invalid) => invalid.diagnostics,
    };
    Ok(FileFindings {
        source,
        kind: Some(FileKind::Answers),
        diagnostics,
    })
}

/// Checks one readable file; one that is not a criteria or answers file comes back with no
/// kind and the finding that says so.
fn check(
    context: &Context,
    source: Source,
    catalogs: &mut BTreeMap<String, Catalog>,
) -> Result<FileFindings, CannotRun> {
    // A criteria file that parsed has no parser findings: its `unknown-value`s come from the
    // validation step, which reads on past them, so they get no parser-limit note.
    let mut parsed = false;
    let (kind, diagnostics) = match findings::detect(&source.text) {
        Detected::Kind(FileKind::Criteria) => {
            let (catalog, found) = crate::criteria::check(&source);
            parsed = catalog.is_some();
            (Some(FileKind::Criteria), found)
        }
        Detected::Kind(FileKind::Answers) => (
            Some(FileKind::Answers),
            check_answers(context, &source, catalogs)?,
        ),
        Detected::Kind(FileKind::Ui) => (Some(FileKind::Ui), crate::messages::check(&source)),
        Detected::Kind(FileKind::Tailoring) => (
            Some(FileKind::Tailoring),
            check_tailoring(context, &source)?,
        ),
        Detected::Kind(
            kind @ (FileKind::Partners | FileKind::Threats | FileKind::PartnerRules),
        ) => (Some(kind), crate::partners::check(kind, &source)),
        Detected::Kind(FileKind::Mapping) => {
            (Some(FileKind::Mapping), crate::mapping::check_file(&source))
        }
        Detected::Other(d) => (None, vec![d]),
    };
    let diagnostics = if parsed {
        diagnostics
    } else {
        diagnostics.into_iter().map(note_parser_limit).collect()
    };
    Ok(FileFindings {
        source,
        kind,
        diagnostics,
    })
}

/// Codes of the YAML and schema layer: the parser cannot go past the first one in a file.
const PARSER_CODES: [&str; 8] = [
    "yaml-syntax",
    "yaml-too-complex",
    "multiple-documents",
    "duplicate-key",
    "unknown-field",
    "missing-field",
    "unknown-value",
    "wrong-type",
];

/// Says in the help of a YAML or schema error that later problems show once it is fixed.
fn note_parser_limit(mut d: Diagnostic) -> Diagnostic {
    if PARSER_CODES.contains(&d.code) {
        let limit = "YAML cannot be read past this error, so ctpat reports only the first \
                     YAML or schema error of a file: fix it and run again to see the rest";
        d.help = Some(match d.help.take() {
            Some(h) => format!("{h} ({limit})"),
            None => limit.to_string(),
        });
        d.translation.help_note = Some("parser-limit");
    }
    d
}

/// A tailoring file is checked against the catalog it would change: `--criteria FILE`, else
/// the configured or newest shipped version (never against itself or `--tailoring`).
fn check_tailoring(context: &Context, source: &Source) -> Result<Vec<Diagnostic>, CannotRun> {
    match context.base_catalog(None) {
        Ok(catalog) => Ok(crate::criteria::tailoring::check(source, &catalog).1),
        Err(e) => {
            let _ = super::report_error(&e.context(super::say(
                &context.messages(),
                "error:cannot-check",
                &[("path", &source.name)],
            )));
            Err(CannotRun)
        }
    }
}

fn check_answers(
    context: &Context,
    source: &Source,
    catalogs: &mut BTreeMap<String, Catalog>,
) -> Result<Vec<Diagnostic>, CannotRun> {
    match crate::answers::parse(source) {
        Ok(parsed) => validate_parsed(context, parsed, catalogs),
        Err(invalid) => Ok(invalid.diagnostics),
    }
}

/// Validates parsed answers against the catalog they pick (loaded once per version).
fn validate_parsed(
    context: &Context,
    parsed: crate::answers::Parsed,
    catalogs: &mut BTreeMap<String, Catalog>,
) -> Result<Vec<Diagnostic>, CannotRun> {
    let source = parsed.source().clone();
    // With --criteria FILE, a differing criteria_version is a located finding of the answers,
    // so the catalog is loaded without asking for a version. Otherwise the answers pick the
    // shipped version; an unknown one falls back to the default and is reported at its line.
    let version = if context.criteria.is_some() {
        None
    } else {
        super::assess::shipped_version(&parsed).map(str::to_string)
    };
    let key = version.clone().unwrap_or_default();
    if !catalogs.contains_key(&key) {
        match context.catalog(version.as_deref()) {
            Ok(catalog) => {
                catalogs.insert(key.clone(), catalog);
            }
            Err(e) => {
                let _ = super::report_error(&e.context(super::say(
                    &context.messages(),
                    "error:cannot-check",
                    &[("path", &source.name)],
                )));
                return Err(CannotRun);
            }
        }
    }
    let Some(catalog) = catalogs.get(&key) else {
        return Err(CannotRun);
    };
    Ok(match parsed.validate_at(catalog, Some(context.as_of())) {
        Ok(loaded) => loaded.warnings,
        Err(invalid) => invalid.diagnostics,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::assert_translated;

    /// The findings `validate` makes itself are translated, the parser-limit note included.
    #[test]
    fn validate_own_findings_are_translated() {
        let missing = std::path::Path::new("tests/fixtures/validate/no-such-file.yaml");
        let (_, d, _) = read(missing, "missing", false);
        let d = d.expect("a missing file is a finding");
        assert_translated(&d, "missing file");
        let (_, d, _) = read(std::path::Path::new("tests"), "tests", false);
        assert_translated(&d.expect("a folder is a finding"), "folder");
        let text = "format: ctpat-answers/1\ncompany: [\n";
        let d = crate::answers::parse(&Source::new("a.yaml", text))
            .expect_err("broken")
            .diagnostics
            .remove(0);
        let noted = note_parser_limit(d);
        assert!(noted.translation.help_note.is_some());
        assert_translated(&noted, text);
    }
}
