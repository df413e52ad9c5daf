//! `ctpat init`: write an answers template for an entity type, as YAML or as a
//! questionnaire workbook (`--output q.xlsx` or `--format xlsx`).

use super::config::Verbosity;
use super::{output, Context, EXIT_OK};
use crate::criteria::Entity;
use crate::settings::fill;
use crate::template::{self, Profile};
use crate::workbook::write::{questionnaire, CompanyRecord, Questionnaire};
use anyhow::bail;
use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What `ctpat init` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum InitFormat {
    /// A commented `ctpat-answers/1` YAML file.
    Yaml,
    /// A questionnaire workbook (Company, Answers and BestPractices sheets, drop-downs).
    Xlsx,
}

/// Whether `path` names a workbook (`.xlsx`, any case).
pub(super) fn is_xlsx(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
The template lists every criterion that applies to the entity type, in catalog order and
grouped by category, with its question, Must/Should, what good looks like and the evidence a
validator asks for as comments (in --lang). `status:` is left empty for the company to fill
in; a criterion left empty counts as unanswered. The company block comes from [company] in
ctpat.toml when set.

Examples:
  ctpat init --entity importer
  ctpat init --entity foreign_manufacturer --lang zh-CN --output shenzhen-factory.yaml
  ctpat init --entity importer --output - | less
  ctpat init --entity importer --output answers.yaml --force   # overwrite
  ctpat init --entity foreign_manufacturer --lang zh-CN --output factory.xlsx   # a workbook
  ctpat init --entity foreign_manufacturer --version gacc-aeo-2026-advanced -o aeo.yaml   # China AEO

A workbook (--output FILE.xlsx, or --format xlsx) has a Company sheet, an Answers sheet with a
drop-down Status per criterion, a BestPractices sheet and a hidden stamp sheet naming the
criteria version; only the cells to fill in can be edited. See docs/spreadsheets.md.

Exit codes: 0 written, 2 usage or I/O error (an existing file without --force).")]
pub(super) struct Args {
    /// Entity type, e.g. importer, foreign_manufacturer [default: `entity` in ctpat.toml or CTPAT_ENTITY].
    #[arg(long, value_name = "ENTITY")]
    entity: Option<Entity>,
    /// Where to write the template (atomically); `-` writes to standard output [default:
    /// answers.yaml, or answers.xlsx with --format xlsx].
    #[arg(long, short, value_name = "PATH")]
    output: Option<PathBuf>,
    /// yaml or xlsx [default: from the --output extension, else yaml].
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Option<InitFormat>,
    /// Overwrite --output if it exists.
    #[arg(long)]
    force: bool,
    /// Shipped criteria version, e.g. gacc-aeo-2026-advanced for China Customs' advanced standard [default: the newest C-TPAT version].
    #[arg(long, value_name = "VERSION")]
    version: Option<String>,
}

pub(super) fn run(context: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let msg = context.messages();
    let settings = &context.settings;
    let Some(entity) = args.entity.or(settings.entity.value) else {
        bail!(fill(
            msg.get("init:no-entity"),
            &[("entities", &Entity::ids().join(", "))]
        ));
    };
    let format = args.format.unwrap_or(match &args.output {
        Some(p) if is_xlsx(p) => InitFormat::Xlsx,
        _ => InitFormat::Yaml,
    });
    let output = args.output.clone().unwrap_or_else(|| {
        PathBuf::from(match format {
            InitFormat::Yaml => "answers.yaml",
            InitFormat::Xlsx => "answers.xlsx",
        })
    });
    let to_stdout = output.as_os_str() == "-";
    if !args.force && !to_stdout && output.exists() {
        bail!(fill(
            msg.get("init:exists"),
            &[("path", &output.display().to_string())]
        ));
    }
    let profile = Profile {
        name: settings.company_name.value.clone(),
        country: settings.company_country.value.clone(),
        assessor: settings.assessor.value.clone(),
    };
    let catalog = context.catalog(args.version.as_deref())?;
    match format {
        InitFormat::Yaml => {
            let text = template::answers(&catalog, entity, &profile, &msg);
            output::write(Some(&output), &text, args.force)?;
        }
        InitFormat::Xlsx => {
            if to_stdout && std::io::stdout().is_terminal() {
                bail!(fill(
                    msg.get("error:binary-to-terminal"),
                    &[("format", "xlsx")]
                ));
            }
            let company = CompanyRecord {
                name: profile.name,
                entity: Some(entity.id().to_string()),
                country: profile.country,
                assessor: profile.assessor,
                ..CompanyRecord::default()
            };
            let bytes = questionnaire(&Questionnaire {
                catalog: &catalog,
                entity,
                lang: context.lang,
                company: &company,
                answers: None,
            })
            .map_err(|e| {
                anyhow::anyhow!(fill(
                    msg.get("error:xlsx-write"),
                    &[("reason", &e.to_string())]
                ))
            })?;
            output::write_binary((!to_stdout).then_some(output.as_path()), &bytes, args.force)?;
        }
    }
    if !to_stdout && context.verbosity > Verbosity::Quiet {
        let path = output.display().to_string();
        let entity_name = catalog
            .entity(entity)
            .map_or(entity.id(), |e| e.name.get(context.lang));
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "{}",
            fill(
                msg.get("init:wrote"),
                &[
                    ("path", &path),
                    ("count", &catalog.applicable(entity).count().to_string()),
                    ("entity", entity_name),
                    ("version", &catalog.program.version),
                ]
            )
        );
        let next = match format {
            InitFormat::Yaml => "init:next",
            InitFormat::Xlsx => "xlsx:init-next",
        };
        let _ = writeln!(err, "{}", fill(msg.get(next), &[("path", &path)]));
    }
    Ok(ExitCode::from(EXIT_OK))
}
