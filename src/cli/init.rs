//! `ctpat init`: write an answers template for an entity type.

use super::config::Verbosity;
use super::{output, Context, EXIT_OK};
use crate::criteria::Entity;
use crate::settings::fill;
use crate::template::{self, Profile};
use anyhow::bail;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

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

Exit codes: 0 written, 2 usage or I/O error (an existing file without --force).")]
pub(super) struct Args {
    /// Entity type, e.g. importer, foreign_manufacturer [default: `entity` in ctpat.toml or CTPAT_ENTITY].
    #[arg(long, value_name = "ENTITY")]
    entity: Option<Entity>,
    /// Where to write the template (atomically); `-` writes to standard output.
    #[arg(long, short, value_name = "PATH", default_value = "answers.yaml")]
    output: PathBuf,
    /// Overwrite --output if it exists.
    #[arg(long)]
    force: bool,
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
    if !args.force && args.output.as_os_str() != "-" && args.output.exists() {
        bail!(fill(
            msg.get("init:exists"),
            &[("path", &args.output.display().to_string())]
        ));
    }
    let catalog = context.catalog(None)?;
    let profile = Profile {
        name: settings.company_name.value.clone(),
        country: settings.company_country.value.clone(),
        assessor: settings.assessor.value.clone(),
    };
    let text = template::answers(&catalog, entity, &profile, &msg);
    output::write(Some(&args.output), &text, args.force)?;
    if args.output.as_os_str() != "-" && context.verbosity > Verbosity::Quiet {
        let path = args.output.display().to_string();
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
        let _ = writeln!(err, "{}", fill(msg.get("init:next"), &[("path", &path)]));
    }
    Ok(ExitCode::from(EXIT_OK))
}
