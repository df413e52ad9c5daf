//! `ctpat migrate ANSWERS --to VERSION --output FILE`: carry an answers file to another
//! criteria version.
//!
//! The edge around [`crate::mapping::migrate`]: it reads the answers (YAML or a filled
//! workbook) and an optional `--mapping` file, loads both catalogs, takes the date from the
//! clock, prints the plan and writes the migrated file through the one writer.

use super::assess::shipped_version;
use super::config::Verbosity;
use super::{clock, output, print_warnings, read_answers, read_source, say, Context, EXIT_OK};
use crate::mapping::{self, Plan};
use crate::messages::Messages;
use anyhow::bail;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Unchanged answers carry as they are; answers to criteria whose requirement or text changed
carry with `review: true` (`ctpat assess --resume FILE` asks them again first); answers to
removed criteria are kept in a `migrated_from` block with the old version, the SHA-256 of the
old file and the date; new criteria stay unanswered. The mapping between the versions is
derived from the criteria, then the shipped mapping and --mapping FILE override it for the
ids they name. See docs/migrate.md.

Examples:
  ctpat migrate answers-2020.yaml --to 2023.01 --dry-run
  ctpat migrate answers-2020.yaml --to 2023.01 --output answers-2023.yaml
  ctpat migrate factory.xlsx --to 2023.01 --mapping our-mapping.yaml --output factory-2023.yaml

Exit codes: 0 migrated (or planned), 2 invalid input, usage or I/O error (nothing is written).")]
pub(super) struct Args {
    /// The answers file to migrate (YAML or a filled questionnaire workbook; `-`: stdin).
    #[arg(value_name = "ANSWERS")]
    input: PathBuf,
    /// The criteria version to migrate to, e.g. 2023.01.
    #[arg(long, value_name = "VERSION")]
    to: String,
    /// Write the migrated answers to FILE (YAML).
    #[arg(long, value_name = "FILE", required_unless_present = "dry_run")]
    output: Option<PathBuf>,
    /// Print the plan (carried, to review, new, removed) and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// A mapping file (ctpat-mapping/1) overriding the derived mapping for the ids it names.
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
    /// Overwrite FILE if it exists.
    #[arg(long)]
    force: bool,
}

pub(super) fn run(context: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let msg = context.messages();
    if let (Some(out), false, false) = (&args.output, args.force, args.dry_run) {
        if out.exists() {
            bail!(say(
                &msg,
                "error:exists",
                &[("path", &out.display().to_string())]
            ));
        }
    }
    let (parsed, bytes) = read_answers(&args.input)?;
    let source = parsed.source().clone();
    let version = shipped_version(&parsed).map(str::to_string);
    let old = context.catalog(version.as_deref())?;
    let new = context.catalog(Some(&args.to))?;
    if old.program.version == new.program.version {
        bail!(say(
            &msg,
            "error:migrate-same-version",
            &[("path", &source.name), ("version", &new.program.version)]
        ));
    }
    let loaded = parsed.validate(&old)?;
    print_warnings(&source, &loaded.warnings);
    let user = match &args.mapping {
        Some(path) => {
            let file = read_source(path)?;
            let loaded = mapping::load(&file, &old, &new)?;
            print_warnings(&file, &loaded.warnings);
            Some((loaded.value, file.name))
        }
        None => None,
    };
    let mapping = mapping::between(&old, &new, user.as_ref().map(|(m, n)| (m, n.as_str())))?;
    let sha256 = crate::criteria::sha256(&bytes);
    let migrated = mapping::migrate(&loaded.value, &old, &new, &mapping, clock::today(), &sha256);
    let plan = render_plan(&migrated.plan, &mapping.overrides, &msg);
    // clap requires --output unless --dry-run.
    let Some(out) = args.output.as_ref().filter(|_| !args.dry_run) else {
        output::write(None, &plan, false)?;
        let line = msg.get("migrate:dry-run");
        let _ = writeln!(std::io::stderr().lock(), "{line}");
        return Ok(ExitCode::from(EXIT_OK));
    };
    let text = crate::answers::to_yaml(&migrated.answers, Some((&new, context.lang)));
    output::write(Some(out), &text, args.force)?;
    // The migrated file is the result (on stdout with `--output -`); the plan says what
    // happened, on stderr like every progress line.
    if context.verbosity > Verbosity::Quiet {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "{plan}");
        if out.as_os_str() != "-" {
            let line = say(
                &msg,
                "migrate:wrote",
                &[
                    ("path", &out.display().to_string()),
                    ("version", &new.program.version),
                ],
            );
            let _ = writeln!(err, "{}", crate::text::inert(&line));
        }
    }
    Ok(ExitCode::from(EXIT_OK))
}

/// The plan as text: a heading, then each bucket with its count and ids (all safe to print:
/// versions, ids, and the mapping files' names through [`crate::text::inert`]).
fn render_plan(plan: &Plan, overrides: &[String], msg: &Messages) -> String {
    let mut s = say(
        msg,
        "migrate:title",
        &[("from", &plan.from_version), ("to", &plan.to_version)],
    );
    s.push('\n');
    let sep = msg.get("report:ids-separator");
    let mut sources = vec![msg.get("migrate:derived").to_string()];
    sources.extend(overrides.iter().map(|o| crate::text::inert(o).into_owned()));
    let _ = writeln!(
        s,
        "{}",
        say(msg, "migrate:mapping", &[("sources", &sources.join(sep))])
    );
    buckets(
        &mut s,
        msg,
        sep,
        &[
            ("migrate:carried", &plan.carried),
            ("migrate:review", &plan.review),
            ("migrate:new", &plan.new),
            ("migrate:removed", &plan.removed),
        ],
    );
    s
}

/// A plan's buckets, one counted line each, with the ids beneath when there are any: the
/// summary `ctpat migrate` and `ctpat crosswalk` print.
pub(super) fn buckets(
    s: &mut String,
    msg: &Messages,
    sep: &str,
    buckets: &[(&str, &Vec<crate::criteria::CriterionId>)],
) {
    for (key, ids) in buckets {
        let _ = writeln!(
            s,
            "  {}",
            say(msg, key, &[("count", &ids.len().to_string())])
        );
        if !ids.is_empty() {
            let list: Vec<String> = ids.iter().map(ToString::to_string).collect();
            let _ = writeln!(s, "    {}", list.join(sep));
        }
    }
}
