//! `ctpat criteria`: list the shipped versions, list criteria, show one criterion.

use super::{output, print_warnings, read_source, say, Context, EXIT_OK};
use crate::coverage::ListCoverage;
use crate::criteria::{
    embedded, Catalog, Confidence, Coverage, Criterion, CriterionId, Entity, Requirement,
};
use crate::messages::Messages;
use crate::text::Lang;
use crate::yaml;
use anyhow::{bail, Context as _};
use clap::{Subcommand, ValueEnum};
use comfy_table::{presets, ContentArrangement, Table};
use serde::Serialize;
use std::fmt::Write as _;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// List the criteria versions built into ctpat.
    #[command(after_help = "Example:\n  ctpat criteria versions")]
    Versions,
    /// List criteria, filtered by entity type, category or requirement.
    #[command(
        after_help = "Examples:\n  ctpat criteria list --entity importer --must-only\n  \
        ctpat criteria list --entity foreign_manufacturer --lang zh-CN\n  \
        ctpat criteria list --version 2020.03 --format json"
    )]
    List(ListArgs),
    /// Show one criterion in full: question, guidance, evidence, sources and flags.
    #[command(after_help = "Example:\n  ctpat criteria show 3.9 --lang zh-CN")]
    Show(ShowArgs),
    /// Compare two criteria versions: added, removed and changed criteria (Should → Must first).
    #[command(
        after_help = "OLD and NEW are shipped versions (see `ctpat criteria versions`) or \
        criteria file paths.\n\nExamples:\n  ctpat criteria diff 2020.03 2023.01\n  \
        ctpat criteria diff 2020.03 2023.01 --entity foreign_manufacturer --format markdown\n  \
        ctpat criteria diff 2023.01 criteria/draft.yaml --format json\n\n\
        Exit codes: 0 compared (with or without differences), 2 a version or file could not be loaded."
    )]
    Diff(DiffArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum DiffFormat {
    /// Text for a terminal.
    Human,
    /// A Markdown section (pull-request comments, changelogs).
    Markdown,
    /// The `ctpat-criteria-diff/1` JSON document.
    Json,
}

#[derive(Debug, clap::Args)]
pub(super) struct DiffArgs {
    /// The old criteria: a shipped version (e.g. 2020.03) or a file.
    old: String,
    /// The new criteria: a shipped version (e.g. 2023.01) or a file.
    new: String,
    /// Only criteria that apply to this entity type (on either side).
    #[arg(long, value_name = "ENTITY")]
    entity: Option<Entity>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    format: DiffFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum ListFormat {
    Table,
    Json,
    Yaml,
}

#[derive(Debug, clap::Args)]
pub(super) struct ListArgs {
    /// Only criteria that apply to this entity type (e.g. importer, foreign_manufacturer).
    #[arg(long, value_name = "ENTITY")]
    entity: Option<Entity>,
    /// Shipped criteria version [default: the newest].
    #[arg(long, value_name = "VERSION")]
    version: Option<String>,
    /// Only this category (1-12).
    #[arg(long, value_name = "N")]
    category: Option<u16>,
    /// Only Musts.
    #[arg(long)]
    must_only: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    format: ListFormat,
}

#[derive(Debug, clap::Args)]
pub(super) struct ShowArgs {
    /// The criterion's id, e.g. 5.24.
    id: String,
    /// Shipped criteria version [default: the newest].
    #[arg(long, value_name = "VERSION")]
    version: Option<String>,
}

pub(super) fn run(context: &Context, command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Versions => versions(context),
        Command::List(args) => list(context, &args),
        Command::Show(args) => show(context, &args),
        Command::Diff(args) => diff(context, &args),
    }
}

/// Loads a shipped version by name, or else a criteria file by path.
fn load_either(spec: &str) -> anyhow::Result<Catalog> {
    if let Some(shipped) = embedded::catalog(spec) {
        return Ok(shipped?);
    }
    let source = match spec {
        _ if crate::calendar::is_version(spec) && !std::path::Path::new(spec).exists() => {
            bail!(say(
                &super::ui(),
                "error:version-not-shipped-or-path",
                &[
                    ("version", spec),
                    ("versions", &embedded::versions().join(", "))
                ]
            ))
        }
        _ => read_source(std::path::Path::new(spec))?,
    };
    let loaded = crate::criteria::load(&source)?;
    print_warnings(&source, &loaded.warnings);
    Ok(loaded.value)
}

fn diff(context: &Context, args: &DiffArgs) -> anyhow::Result<ExitCode> {
    let old = load_either(&args.old)?;
    let new = load_either(&args.new)?;
    // Ids mean the same item only between versions of the C-TPAT MSC; other catalogs are
    // paired through the shipped mapping between them (China Customs renumbers its items).
    let pairs: Option<Vec<(crate::criteria::CriterionId, crate::criteria::CriterionId)>> =
        if old.program.is_msc() && new.program.is_msc() {
            None
        } else {
            let mapping =
                crate::mapping::between(&old, &new, None).map_err(|e| anyhow::anyhow!("{e:?}"))?;
            Some(
                mapping
                    .rows
                    .iter()
                    .filter_map(|r| {
                        let f = r.from.as_deref()?.parse().ok()?;
                        let t = r.to.as_deref()?.parse().ok()?;
                        Some((f, t))
                    })
                    .collect(),
            )
        };
    let d = crate::criteria::diff::diff_paired(&old, &new, args.entity, pairs.as_deref());
    // Another programme's catalog speaks its own wording, and says where it comes from.
    let msg = if new.program.is_msc() {
        context.messages().for_catalog(&old)
    } else {
        context.messages().for_catalog(&new)
    };
    let notices = secondary_notices(&[&old, &new], &msg);
    let text = match args.format {
        DiffFormat::Human => crate::criteria::diff::render_text(&d, &msg) + &notices,
        DiffFormat::Markdown => {
            let mut text = crate::criteria::diff::render_markdown(&d, &msg);
            if !notices.is_empty() {
                text.push('\n');
                for line in notices.lines() {
                    let _ = writeln!(text, "> {}", crate::report::markdown::escape(line));
                }
            }
            text
        }
        DiffFormat::Json => {
            let mut s = serde_json::to_string_pretty(&d).context("cannot render JSON")?;
            s.push('\n');
            s
        }
    };
    output::write(None, &text, false)?;
    Ok(ExitCode::from(EXIT_OK))
}

/// One line per catalog encoded from a secondary source, with its own notice: every output
/// using such a catalog says where it comes from. Empty for official catalogs.
fn secondary_notices(catalogs: &[&Catalog], msg: &Messages) -> String {
    let mut out = String::new();
    let mut seen: Vec<&str> = Vec::new();
    for c in catalogs {
        let Some(notice) = c.program.secondary_notice() else {
            continue;
        };
        if seen.contains(&c.program.version.as_str()) {
            continue;
        }
        seen.push(&c.program.version);
        let own = msg.for_catalog(c);
        let _ = writeln!(
            out,
            "{}",
            crate::settings::fill(
                own.get("criteria:notice-of"),
                &[
                    ("heading", own.get("coverage:heading")),
                    ("version", &c.program.version),
                    ("notice", notice.get(msg.lang())),
                ],
            )
        );
    }
    out
}

fn versions(context: &Context) -> anyhow::Result<ExitCode> {
    let msg = context.messages();
    let mut table = new_table();
    table.set_header(vec![
        msg.get("criteria:version"),
        msg.get("criteria:effective"),
        msg.get("criteria:count"),
        msg.get("criteria:summary"),
    ]);
    let default = embedded::default_version();
    let mut notices = String::new();
    for version in embedded::versions() {
        // The shipped catalogs as shipped: a tailoring changes one company's view, not them.
        let catalog = context.base_catalog(Some(version))?;
        let mut shown = version.to_string();
        if version == default {
            let _ = write!(shown, " ({})", msg.get("criteria:default"));
        }
        table.add_row(vec![
            shown,
            catalog.program.effective.clone(),
            catalog.criteria.len().to_string(),
            catalog.program.summary.get(context.lang).to_string(),
        ]);
        notices.push_str(&secondary_notices(&[&catalog], &msg));
    }
    output::write(None, &format!("{table}\n{notices}"), false)?;
    Ok(ExitCode::from(EXIT_OK))
}

/// One row of `criteria list --format json|yaml`.
#[derive(Serialize)]
struct ListedCriterion<'a> {
    id: CriterionId,
    category: u16,
    requirement: Requirement,
    applies_to: &'a [Entity],
    title: &'a crate::text::Text,
    question: &'a crate::text::Text,
    /// How far its facts are confirmed, in words (`official`, `two_unofficial`, ...).
    confidence: Confidence,
    #[serde(skip_serializing_if = "Option::is_none")]
    flag: Option<&'a crate::criteria::Flag>,
}

#[derive(Serialize)]
struct Listing<'a> {
    format: &'static str,
    criteria_version: &'a str,
    entity: Option<Entity>,
    /// How complete the entity type's list is (with `--entity` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    coverage: Option<Coverage>,
    /// Whether a result on this list is provisional (with `--entity` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    provisional: Option<bool>,
    /// What is and is not known about the entity type's list (with `--entity` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    coverage_note: Option<&'a crate::text::Text>,
    count: usize,
    musts: usize,
    shoulds: usize,
    /// The tailoring file applied, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    tailoring: Option<&'a str>,
    /// Its SHA-256.
    #[serde(skip_serializing_if = "Option::is_none")]
    tailoring_sha256: Option<&'a str>,
    /// Where the catalog comes from, when it was encoded from a secondary source.
    #[serde(skip_serializing_if = "Option::is_none")]
    notice: Option<&'a crate::text::Text>,
    criteria: Vec<ListedCriterion<'a>>,
}

fn list(context: &Context, args: &ListArgs) -> anyhow::Result<ExitCode> {
    let catalog = context.catalog(args.version.as_deref())?;
    if let Some(n) = args.category {
        if catalog.category(n).is_none() {
            bail!(say(
                &context.messages(),
                "error:unknown-category",
                &[
                    ("number", &n.to_string()),
                    ("version", &catalog.program.version),
                    ("count", &catalog.categories.len().to_string())
                ]
            ));
        }
    }
    let selected: Vec<&Criterion> = catalog
        .criteria
        .iter()
        .filter(|c| args.entity.is_none_or(|e| c.applies(e)))
        .filter(|c| args.category.is_none_or(|n| c.category == n))
        .filter(|c| !args.must_only || c.requirement == Requirement::Must)
        .collect();
    let musts = selected
        .iter()
        .filter(|c| c.requirement == Requirement::Must)
        .count();
    let listing = || Listing {
        format: "ctpat-criteria-list/1",
        criteria_version: &catalog.program.version,
        entity: args.entity,
        coverage: args.entity.map(|e| catalog.coverage(e)),
        provisional: args.entity.map(|e| catalog.coverage(e).is_provisional()),
        coverage_note: args
            .entity
            .and_then(|e| catalog.entity(e))
            .and_then(|e| e.note.as_ref()),
        count: selected.len(),
        musts,
        shoulds: selected.len() - musts,
        tailoring: catalog.tailoring.as_ref().map(|t| t.name.as_str()),
        tailoring_sha256: catalog.tailoring.as_ref().map(|t| t.sha256.as_str()),
        notice: catalog.program.secondary_notice(),
        criteria: selected
            .iter()
            .map(|c| ListedCriterion {
                id: c.id,
                category: c.category,
                requirement: c.requirement,
                applies_to: &c.applies_to,
                title: &c.title,
                question: &c.question,
                confidence: c.confidence(),
                flag: c.flag.as_ref(),
            })
            .collect(),
    };
    let text = match args.format {
        ListFormat::Json => {
            let mut s = serde_json::to_string_pretty(&listing()).context("cannot render JSON")?;
            s.push('\n');
            s
        }
        ListFormat::Yaml => yaml::to_string(&listing()).context("cannot render YAML")?,
        ListFormat::Table => list_table(
            &catalog,
            &selected,
            args.entity,
            context.lang,
            &context.messages().for_catalog(&catalog),
        ),
    };
    output::write(None, &text, false)?;
    Ok(ExitCode::from(EXIT_OK))
}

fn list_table(
    catalog: &Catalog,
    selected: &[&Criterion],
    entity: Option<Entity>,
    lang: Lang,
    msg: &Messages,
) -> String {
    let mut table = new_table();
    table.set_header(vec![
        msg.get("list:id"),
        msg.get("list:requirement"),
        msg.get("list:category"),
        msg.get("list:title"),
    ]);
    for c in selected {
        let mut title = c.title.get(lang).to_string();
        if c.flag.is_some() {
            let _ = write!(title, " [{}]", msg.get("list:flagged"));
        }
        let category = catalog
            .category(c.category)
            .map_or_else(String::new, |k| k.name.get(lang).to_string());
        table.add_row(vec![
            c.id.to_string(),
            requirement_badge(c.requirement, msg).to_string(),
            category,
            title,
        ]);
    }
    let musts = selected
        .iter()
        .filter(|c| c.requirement == Requirement::Must)
        .count();
    let entity_name = entity.and_then(|e| catalog.entity(e)).map_or_else(
        || msg.get("list:all-entities").to_string(),
        |e| e.name.get(lang).to_string(),
    );
    let mut footer = format!(
        "{table}\n{} · {} · {} {} · {} {} · {} {}\n",
        msg.labelled("criteria:version", &catalog.program.version),
        msg.labelled("list:entity", &entity_name),
        selected.len(),
        msg.get("list:criteria"),
        musts,
        msg.get("badge:must"),
        selected.len() - musts,
        msg.get("badge:should"),
    );
    if let Some(note) = entity
        .and_then(|e| catalog.entity(e))
        .and_then(|e| e.note.as_ref())
    {
        let _ = writeln!(
            footer,
            "{}",
            crate::settings::fill(
                msg.get("coverage:headed"),
                &[
                    ("heading", msg.get("coverage:note")),
                    ("notice", note.get(lang))
                ]
            )
        );
    }
    if entity.is_none() {
        footer.push_str(&secondary_notices(&[catalog], msg));
    }
    if let Some(e) = entity {
        let list = ListCoverage::of(catalog, e, msg);
        if let Some(notice) = list.notice(msg) {
            let _ = writeln!(
                footer,
                "{}\n{}",
                crate::settings::fill(
                    msg.get("coverage:headed"),
                    &[
                        ("heading", msg.get("coverage:label")),
                        ("notice", list.label(msg))
                    ]
                ),
                crate::coverage::headed(&notice, msg)
            );
        }
    }
    if let Some(t) = &catalog.tailoring {
        // For one entity type, what changed for it; for all, the file's name and title.
        let said = match entity {
            Some(e) => crate::report::tailoring_summary(t, &t.for_entity(catalog, e), msg),
            None => t
                .title
                .as_ref()
                .map_or_else(|| t.name.clone(), |title| format!("{title} ({})", t.name)),
        };
        let _ = writeln!(footer, "{}: {said}", msg.get("report:tailoring"));
    }
    footer
}

fn requirement_badge(r: Requirement, msg: &Messages) -> &str {
    match r {
        Requirement::Must => msg.get("badge:must"),
        Requirement::Should => msg.get("badge:should"),
    }
}

fn show(context: &Context, args: &ShowArgs) -> anyhow::Result<ExitCode> {
    let catalog = context.catalog(args.version.as_deref())?;
    let msg = context.messages().for_catalog(&catalog);
    let id: CriterionId = args
        .id
        .parse()
        .map_err(|_: String| anyhow::anyhow!(say(&msg, "diag:bad-id", &[("value", &args.id)])))?;
    let Some(c) = catalog.criterion(id) else {
        let ids: Vec<String> = catalog.criteria.iter().map(|c| c.id.to_string()).collect();
        let near = crate::diagnostic::did_you_mean(&args.id, ids.iter().map(String::as_str));
        let id = id.to_string();
        let mut values = vec![("id", id.as_str()), ("version", &catalog.program.version)];
        let key = match near {
            Some(n) => {
                values.push(("near", n));
                "error:unknown-criterion-near"
            }
            None => "error:unknown-criterion",
        };
        bail!(say(&msg, key, &values));
    };
    let lang = context.lang;
    let mut s = String::new();
    let category = catalog
        .category(c.category)
        .map_or("", |k| k.name.get(lang));
    let _ = writeln!(
        s,
        "{} {} — {}",
        c.id,
        requirement_badge(c.requirement, &msg),
        c.title.get(lang)
    );
    let _ = writeln!(
        s,
        "{}",
        msg.labelled("list:category", &format!("{} {category}", c.category))
    );
    let _ = writeln!(
        s,
        "{}",
        msg.labelled("criteria:version", &catalog.program.version)
    );
    let entities: Vec<&str> = c
        .applies_to
        .iter()
        .map(|e| catalog.entity(*e).map_or(e.id(), |i| i.name.get(lang)))
        .collect();
    let _ = writeln!(
        s,
        "{}",
        msg.labelled("show:applies-to", &msg.list(&entities))
    );
    let _ = writeln!(
        s,
        "\n{}\n  {}",
        msg.get("show:question"),
        c.question.get(lang)
    );
    // A tailoring's house criteria may leave it out.
    if !c.guidance.good.get(lang).is_empty() {
        let _ = writeln!(
            s,
            "\n{}\n  {}",
            msg.get("show:good"),
            c.guidance.good.get(lang)
        );
    }
    if !c.guidance.evidence.is_empty() {
        let _ = writeln!(s, "\n{}", msg.get("show:evidence"));
        for e in &c.guidance.evidence {
            let _ = writeln!(s, "  - {}", e.get(lang));
        }
    }
    if !c.subparts.is_empty() {
        let _ = writeln!(s, "\n{}", msg.get("show:subparts"));
        for p in &c.subparts {
            let _ = writeln!(
                s,
                "  - [{}] {}",
                requirement_badge(p.requirement, &msg),
                p.text.get(lang)
            );
        }
    }
    if let Some(r) = c.recurrence {
        let key = match r {
            crate::criteria::Recurrence::Annual => "recurrence:annual",
            crate::criteria::Recurrence::Periodic => "recurrence:periodic",
            crate::criteria::Recurrence::OnChange => "recurrence:on_change",
            crate::criteria::Recurrence::PerShipment => "recurrence:per_shipment",
            crate::criteria::Recurrence::AtHire => "recurrence:at_hire",
        };
        let _ = writeln!(s, "\n{}", msg.labelled("show:recurrence", msg.get(key)));
    }
    let _ = writeln!(
        s,
        "\n{}",
        msg.labelled("show:sources", msg.get(c.confidence().message_key()))
    );
    if let Some(flag) = &c.flag {
        let _ = writeln!(s, "{}", msg.labelled("show:flag", flag.note.get(lang)));
    }
    if c.computed.is_some() {
        let _ = writeln!(s, "{}", msg.get("init:computed"));
    }
    if c.checked_by.as_deref() == Some("customs_records") {
        let _ = writeln!(s, "{}", msg.get("init:customs-records"));
    }
    if let Some(when) = &c.not_applicable_when {
        let _ = writeln!(
            s,
            "{}",
            msg.labelled("init:not-applicable-when", when.get(lang))
        );
    }
    let notice = secondary_notices(&[&catalog], &msg);
    if !notice.is_empty() {
        let _ = write!(s, "\n{notice}");
    }
    output::write(None, &s, false)?;
    Ok(ExitCode::from(EXIT_OK))
}

/// A table with ctpat's look, fitted to the terminal width when there is one.
pub(super) fn new_table() -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    table
}
