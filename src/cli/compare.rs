//! `ctpat compare`: score two answers files of one company, each against its own criteria
//! version, and show what got better or worse between them.

use super::assess::read_and_score;
use super::{output, say, Context, EXIT_FINDINGS, EXIT_OK};
use crate::answers::Answers;
use crate::compare::document::{CompareReport, Input};
use crate::compare::{compare, render, Side};
use crate::criteria::Catalog;
use crate::scoring::Assessment;
use anyhow::bail;
use clap::ValueEnum;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// Tables for a terminal.
    Terminal,
    /// GitHub-flavoured Markdown.
    Markdown,
    /// The `ctpat-compare/1` JSON document (schema: `ctpat schema compare`).
    Json,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
OLD and NEW are answers files (YAML or questionnaire workbooks) of the same company, each
scored against the criteria version it names. Regressed: criteria whose standing got worse
(unanswered counts as not implemented, not applicable as no gap), Musts first. When the
versions differ, the score change is split into what the company changed and what the
criteria change caused.

Examples:
  ctpat compare last-year.yaml answers.yaml
  ctpat compare last-year.yaml answers.yaml --format markdown --output changes.md
  ctpat compare last-year.yaml answers.yaml --format json --fail-on-regression   # CI
  ctpat compare 2025.xlsx 2026.xlsx --lang zh-CN

Exit codes: 0 compared, 1 a Must regressed with --fail-on-regression, 2 invalid input or
I/O error.")]
pub(super) struct Args {
    /// The earlier answers file (YAML or workbook); `-` reads standard input.
    #[arg(value_name = "OLD")]
    old: PathBuf,
    /// The later answers file (YAML or workbook); `-` reads standard input.
    #[arg(value_name = "NEW")]
    new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "terminal")]
    format: FormatArg,
    /// Write the comparison to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "PATH")]
    output: Option<PathBuf>,
    /// Overwrite --output if it exists.
    #[arg(long)]
    force: bool,
    /// Exit with 1 when any Must regressed (for CI).
    #[arg(long)]
    fail_on_regression: bool,
}

/// One answers file, read, validated and scored against the criteria version it names.
struct Loaded {
    /// Its name in findings and the manifest (`<stdin>` for standard input).
    name: String,
    answers_sha256: String,
    criteria_sha256: String,
    catalog: Catalog,
    answers: Answers,
    assessment: Assessment,
}

impl Loaded {
    fn side(&self) -> Side<'_> {
        Side {
            catalog: &self.catalog,
            answers: &self.answers,
            assessment: &self.assessment,
        }
    }

    fn input(&self) -> Input<'_> {
        Input {
            side: self.side(),
            file: &self.name,
            answers_sha256: Some(&self.answers_sha256),
            criteria_sha256: Some(&self.criteria_sha256),
        }
    }
}

/// Reads, validates and scores the answers file at `path`, as `ctpat assess` does.
fn load(context: &Context, path: &Path) -> anyhow::Result<Loaded> {
    let file = read_and_score(context, path, |_| Ok(()))?;
    Ok(Loaded {
        answers_sha256: crate::report::sha256_hex(&file.bytes),
        criteria_sha256: crate::criteria::sha256(file.criteria_text.as_bytes()),
        name: file.name,
        catalog: file.catalog,
        answers: file.answers,
        assessment: file.assessment,
    })
}

/// How OLD is carried to NEW's version for the split, named in the document's
/// `split.migration`: the same carrying as `ctpat migrate` ([`crate::mapping::migrate`] over
/// the mapping derived between the catalogs, with the shipped mapping file for the pair).
const MIGRATION: &str = "migrate";

/// `answers` (made against `from`) carried to `to` as `ctpat migrate` carries them: review
/// flags do not score, so the answers to changed criteria count as given.
fn carried(
    answers: &Answers,
    from: &Catalog,
    to: &Catalog,
    on: crate::calendar::Date,
    sha256: &str,
) -> anyhow::Result<Answers> {
    let mapping = crate::mapping::between(from, to, None)?;
    Ok(crate::mapping::migrate(answers, from, to, &mapping, on, sha256).answers)
}

pub(super) fn run(context: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let msg = context.messages();
    if args.old.as_os_str() == "-" && args.new.as_os_str() == "-" {
        bail!(msg.get("error:compare-stdin-twice").to_string());
    }
    let mut old = load(context, &args.old)?;
    let new = load(context, &args.new)?;
    // OLD is scored as of the day it was made, so its evidence is judged as it stood then
    // and "aged out since" means something; NEW as of --as-of (default today).
    if let Some(made) = old
        .answers
        .assessed_on
        .as_deref()
        .and_then(crate::calendar::date)
    {
        if made != context.as_of() {
            old.assessment = crate::scoring::assess(&old.catalog, &old.answers, made);
        }
    }
    let (a, b) = (old.assessment.entity, new.assessment.entity);
    if a != b {
        bail!(say(
            &msg,
            "error:compare-entity",
            &[
                ("old", &old.name),
                ("new", &new.name),
                ("old_entity", a.id()),
                ("new_entity", b.id()),
            ]
        ));
    }
    // OLD's answers on NEW's criteria, for the split; only when the versions differ.
    let migrated = if old.catalog.program.version == new.catalog.program.version {
        None
    } else {
        let answers = carried(
            &old.answers,
            &old.catalog,
            &new.catalog,
            context.as_of(),
            &old.answers_sha256,
        )?;
        let assessment = crate::scoring::assess(&new.catalog, &answers, context.as_of());
        Some((answers, assessment))
    };
    let migrated_side = migrated.as_ref().map(|(answers, assessment)| Side {
        catalog: &new.catalog,
        answers,
        assessment,
    });
    let comparison = compare(&old.side(), &new.side(), migrated_side.as_ref());
    let doc = CompareReport::build(&comparison, &old.input(), &new.input(), MIGRATION, &msg);
    let to_stdout = args.output.as_deref().is_none_or(|p| p.as_os_str() == "-");
    let text = match args.format {
        FormatArg::Terminal => {
            // A terminal gets its own width; files and pipes a stable 100.
            let width = if to_stdout && std::io::stdout().is_terminal() {
                console::Term::stdout().size().1
            } else {
                100
            };
            render::terminal(&doc, &msg, Some(width))
        }
        FormatArg::Markdown => render::markdown(&doc, &msg),
        FormatArg::Json => {
            let mut s = serde_json::to_string_pretty(&doc)?;
            s.push('\n');
            s
        }
    };
    output::write(args.output.as_deref(), &text, args.force)?;
    let musts = comparison.regressed_musts();
    if args.fail_on_regression && !musts.is_empty() {
        let ids: Vec<String> = musts.iter().map(ToString::to_string).collect();
        let line = say(
            &msg,
            "compare:must-regressed",
            &[("count", &ids.len().to_string()), ("ids", &msg.list(&ids))],
        );
        let _ = std::io::Write::write_all(
            &mut std::io::stderr().lock(),
            format!("{line}\n").as_bytes(),
        );
        return Ok(ExitCode::from(EXIT_FINDINGS));
    }
    Ok(ExitCode::from(EXIT_OK))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::embedded;

    /// The split carries OLD as `ctpat migrate` does: every answer, 3.9 (now a Must) too.
    #[test]
    fn the_split_carries_every_answer_as_migrate_does() {
        let from = embedded::loaded("2020.03");
        let to = embedded::loaded("2023.01");
        let text = std::fs::read("examples/importer-2020.03.yaml").expect("example");
        let parsed = crate::answers::parse_input("t.yaml", &text).expect("parses");
        let answers = parsed.validate(from).expect("valid").value;
        let day = crate::calendar::date("2026-11-30").expect("date");
        let carried = carried(&answers, from, to, day, "0").expect("carries");
        assert_eq!(carried.answers, answers.answers);
        assert_eq!(carried.criteria_version.as_deref(), Some("2023.01"));
    }
}
