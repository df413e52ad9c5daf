//! `ctpat crosswalk ANSWERS --to PROGRAMME --output FILE`: answer once, see both — a C-TPAT
//! answers file turned into another programme's answers file (China Customs' AEO standards).
//!
//! The edge around [`crate::crosswalk::crosswalk`], mirroring `ctpat migrate`: it reads the
//! answers (YAML or a filled workbook) and an optional `--mapping` file, loads both catalogs,
//! takes the date from the clock, prints the plan and writes the file through the one writer.

use super::assess::shipped_version;
use super::config::Verbosity;
use super::{output, print_warnings, read_answers, read_source, say, Context, EXIT_OK};
use crate::criteria::Catalog;
use crate::crosswalk::{CrosswalkError, Plan};
use crate::mapping::{self, Mapping};
use crate::messages::Messages;
use anyhow::bail;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Through the shipped crosswalk (draft, unreviewed) or --mapping FILE: a GACC item with exactly
one `equal` row takes the C-TPAT answer as it is; every other item with a row arrives with no
status, `review: true`, the C-TPAT answers quoted in its note and their evidence listed (a
guess never becomes a status); items with no C-TPAT counterpart stay unanswered, and the
finance items are computed from a `financials:` block you add. `ctpat assess --interactive
--resume FILE` then asks the items to review first. See docs/gacc.md.

Examples:
  ctpat crosswalk answers.yaml --to gacc-aeo-2026-advanced --dry-run
  ctpat crosswalk answers.yaml --to gacc-aeo-2026-advanced --output gacc.yaml
  ctpat crosswalk answers.yaml --to gacc-aeo-2026-certified --output gacc.yaml --lang zh-CN

Exit codes: 0 crosswalked (or planned), 2 invalid input, usage or I/O error (nothing is written).")]
pub(super) struct Args {
    /// The C-TPAT answers file (YAML or a filled questionnaire workbook; `-`: stdin).
    #[arg(value_name = "ANSWERS")]
    input: PathBuf,
    /// The programme's catalog to crosswalk to, e.g. gacc-aeo-2026-advanced.
    #[arg(long, value_name = "PROGRAMME")]
    to: String,
    /// Write the new answers file to FILE (YAML; `-`: standard output).
    #[arg(long, value_name = "FILE", required_unless_present = "dry_run")]
    output: Option<PathBuf>,
    /// Print the plan (carried, to review, unanswered) and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// A crosswalk file (ctpat-mapping/1) whose rows replace the shipped rows for the ids it names.
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
    /// Overwrite FILE if it exists.
    #[arg(long)]
    force: bool,
}

/// The crosswalk from `msc` to `target`: the shipped rows, then `--mapping FILE`'s.
pub(super) fn mapping_between(
    msc: &Catalog,
    target: &Catalog,
    user: Option<&Path>,
) -> anyhow::Result<Mapping> {
    let user = match user {
        Some(path) => {
            let file = read_source(path)?;
            let loaded = mapping::load(&file, msc, target)?;
            print_warnings(&file, &loaded.warnings);
            Some((loaded.value, file.name))
        }
        None => None,
    };
    Ok(mapping::between(
        msc,
        target,
        user.as_ref().map(|(m, n)| (m, n.as_str())),
    )?)
}

/// Checks that `msc` is a C-TPAT catalog and `target` another programme's.
pub(super) fn check_pair(msc: &Catalog, target: &Catalog, msg: &Messages) -> anyhow::Result<()> {
    if !msc.program.is_msc() {
        bail!(say(
            msg,
            "error:crosswalk-not-ctpat",
            &[("version", &msc.program.version)]
        ));
    }
    if target.program.is_msc() {
        bail!(say(
            msg,
            "error:crosswalk-to-ctpat",
            &[("version", &target.program.version)]
        ));
    }
    Ok(())
}

pub(super) fn run(context: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let msg = context.messages();
    if let (Some(out), false, false) = (&args.output, args.force, args.dry_run) {
        if out.as_os_str() != "-" && out.exists() {
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
    let msc = context.catalog(version.as_deref())?;
    let target = context.catalog(Some(&args.to))?;
    check_pair(&msc, &target, &msg)?;
    let loaded = parsed.validate(&msc)?;
    print_warnings(&source, &loaded.warnings);
    let mapping = mapping_between(&msc, &target, args.mapping.as_deref())?;
    let sha256 = crate::criteria::sha256(&bytes);
    let walked = crate::crosswalk::crosswalk(
        &loaded.value,
        &msc,
        &target,
        &mapping,
        context.as_of(),
        &sha256,
        &msg,
    )
    .map_err(|e| match e {
        CrosswalkError::EntityNotCovered { version, entity } => anyhow::anyhow!(say(
            &msg,
            "error:crosswalk-entity",
            &[("version", &version), ("entity", &entity)]
        )),
    })?;
    let plan = render_plan(&walked.plan, &mapping, &target, &msg);
    let Some(out) = args.output.as_ref().filter(|_| !args.dry_run) else {
        output::write(None, &plan, false)?;
        let line = msg.get("migrate:dry-run");
        let _ = writeln!(std::io::stderr().lock(), "{line}");
        return Ok(ExitCode::from(EXIT_OK));
    };
    let text = crate::answers::to_yaml(&walked.answers, Some((&target, context.lang)));
    output::write(Some(out), &text, args.force)?;
    if context.verbosity > Verbosity::Quiet {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "{plan}");
        if out.as_os_str() != "-" {
            let path = out.display().to_string();
            let line = say(
                &msg,
                "migrate:wrote",
                &[("path", &path), ("version", &target.program.version)],
            );
            let _ = writeln!(err, "{}", crate::text::inert(&line));
            let next = say(&msg, "crosswalk:next", &[("path", &path)]);
            let _ = writeln!(err, "{}", crate::text::inert(&next));
        }
    }
    Ok(ExitCode::from(EXIT_OK))
}

/// The plan as text: a heading, the crosswalk used, the catalog's notice, then each bucket
/// with its count and ids.
fn render_plan(plan: &Plan, mapping: &Mapping, target: &Catalog, msg: &Messages) -> String {
    let mut s = say(
        msg,
        "crosswalk:title",
        &[("from", &plan.from_version), ("to", &plan.to_version)],
    );
    s.push('\n');
    let sep = msg.get("report:ids-separator");
    let sources: Vec<String> = mapping
        .overrides
        .iter()
        .map(|o| crate::text::inert(o).into_owned())
        .collect();
    let _ = writeln!(
        s,
        "{}",
        say(msg, "crosswalk:mapping", &[("sources", &sources.join(sep))])
    );
    if mapping
        .rows
        .iter()
        .any(|r| r.state == mapping::State::Draft)
    {
        let _ = writeln!(s, "{}", msg.get("crosswalk:draft"));
    }
    if let Some(notice) = target.program.notice.as_ref() {
        let _ = writeln!(s, "{}", notice.get(msg.lang()));
    }
    super::migrate::buckets(
        &mut s,
        msg,
        sep,
        &[
            ("crosswalk:carried", &plan.carried),
            ("crosswalk:review", &plan.review),
            ("crosswalk:unanswered", &plan.unanswered),
            ("crosswalk:computed", &plan.computed),
        ],
    );
    s
}

/// The side-by-side section for `ctpat report --also`: `also` is another programme's
/// answers file, or a shipped programme's catalog id (then the C-TPAT answers are
/// crosswalked to it for the report, and its side stands unanswered).
pub(super) fn side_by_side_for(
    context: &Context,
    ctpat: &super::assess::ScoredFile,
    also: &str,
    user_mapping: Option<&Path>,
    msg: &Messages,
) -> anyhow::Result<crate::crosswalk::SideBySide> {
    let msc = &ctpat.catalog;
    let is_id = crate::criteria::embedded::get(also).is_some() && !Path::new(also).exists();
    if is_id {
        let target = context.catalog(Some(also))?;
        check_pair(msc, &target, msg)?;
        let mapping = mapping_between(msc, &target, user_mapping)?;
        let walked = crate::crosswalk::crosswalk(
            &ctpat.answers,
            msc,
            &target,
            &mapping,
            context.as_of(),
            &crate::criteria::sha256(&ctpat.bytes),
            msg,
        )
        .map_err(|e| match e {
            CrosswalkError::EntityNotCovered { version, entity } => anyhow::anyhow!(say(
                msg,
                "error:crosswalk-entity",
                &[("version", &version), ("entity", &entity)]
            )),
        })?;
        let assessment = crate::scoring::assess(&target, &walked.answers, context.as_of());
        return Ok(crate::crosswalk::side_by_side(
            msc,
            &ctpat.answers,
            &target,
            &walked.answers,
            &assessment,
            true,
            &mapping,
            msg,
        ));
    }
    let other = super::assess::read_and_score(context, Path::new(also), |_| Ok(()))?;
    check_pair(msc, &other.catalog, msg)?;
    let mapping = mapping_between(msc, &other.catalog, user_mapping)?;
    Ok(crate::crosswalk::side_by_side(
        msc,
        &ctpat.answers,
        &other.catalog,
        &other.answers,
        &other.assessment,
        false,
        &mapping,
        msg,
    ))
}
