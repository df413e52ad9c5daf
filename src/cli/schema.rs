//! `ctpat schema`: print the JSON Schema of a ctpat file format.
//!
//! The schemas are generated from the raw serde types, so they cannot drift from what the
//! loaders accept; `schemas/*.schema.json` are committed copies (a test fails when one is
//! stale; `CTPAT_BLESS=1 cargo test` rewrites them).

use super::{output, EXIT_OK};
use anyhow::Context as _;
use clap::ValueEnum;
use std::process::ExitCode;

/// A file format with a JSON Schema. Adding one is a variant here and an arm in `schema`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum Kind {
    /// Criteria files (`ctpat-criteria/1`), e.g. criteria/2023.01.yaml.
    Criteria,
    /// Answers files (`ctpat-answers/1`), e.g. examples/importer-tier2.yaml.
    Answers,
    /// The UI strings file (`ctpat-ui/1`), criteria/ui.yaml.
    Ui,
    /// Tailoring files (`ctpat-tailoring/1`), e.g. examples/tailoring/exporter-portal-profile.yaml.
    Tailoring,
    /// JSON reports (`ctpat-report/1`) from `ctpat assess --format json` and `ctpat report`.
    Report,
    /// Partner registers (`ctpat-partners/1`), e.g. examples/partners/partners.yaml.
    Partners,
    /// Threat ratings (`ctpat-threats/1`), e.g. examples/partners/threats.yaml.
    Threats,
    /// The partner rules (`ctpat-partner-rules/1`), criteria/partners.yaml.
    PartnerRules,
    /// JSON partners reports (`ctpat-partners-report/1`) from `ctpat partners assess`.
    PartnersReport,
    /// Mapping files (`ctpat-mapping/1`) for `ctpat migrate --mapping`, e.g. criteria/mappings/*.yaml.
    Mapping,
    /// JSON comparisons (`ctpat-compare/1`) from `ctpat compare --format json`.
    Compare,
}

impl Kind {
    fn schema(self) -> serde_json::Value {
        match self {
            Kind::Criteria => crate::criteria::json_schema(),
            Kind::Answers => crate::answers::json_schema(),
            Kind::Ui => crate::messages::json_schema(),
            Kind::Tailoring => crate::criteria::tailoring::json_schema(),
            Kind::Report => crate::report::json_schema(),
            Kind::Partners => crate::partners::register::json_schema(),
            Kind::Threats => crate::partners::register::threats_schema(),
            Kind::PartnerRules => crate::partners::rules::json_schema(),
            Kind::PartnersReport => crate::partners::report::json_schema(),
            Kind::Mapping => crate::mapping::json_schema(),
            Kind::Compare => crate::compare::document::json_schema(),
        }
    }
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Editors read the committed copies in schemas/ through the first line of each YAML file, e.g.
  # yaml-language-server: $schema=../schemas/criteria.schema.json

Examples:
  ctpat schema criteria > schemas/criteria.schema.json
  ctpat schema answers
  ctpat schema report")]
pub(super) struct Args {
    /// Which file format.
    #[arg(value_enum)]
    kind: Kind,
}

pub(super) fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let mut text =
        serde_json::to_string_pretty(&args.kind.schema()).context("cannot render the schema")?;
    text.push('\n');
    output::write(None, &text, false)?;
    Ok(ExitCode::from(EXIT_OK))
}
