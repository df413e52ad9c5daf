//! The portfolio view of a batch run: one row per answers file, the totals, and the gaps most
//! clients share.
//!
//! `ctpat batch` scores many files in parallel; each worker hands back one small
//! [`ClientRow`]. [`summarize`] turns the rows into a [`Summary`] that does not depend on the
//! order the rows arrived in: rows sort by input path, common gaps by how many clients miss
//! them. The renderers (terminal table, CSV) and the naming of per-client report files are
//! pure string work and live here too, so they are tested without touching the file system.

use crate::criteria::{Coverage, CriterionId, Entity, Requirement};
use crate::diagnostic::{fill, Location};
use crate::messages::Messages;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr as _;

/// The format tag of `summary.json`.
pub const FORMAT_TAG: &str = "ctpat-portfolio/1";

/// How many of the most common gaps the terminal summary lists (the files list them all).
pub const COMMON_GAPS_SHOWN: usize = 10;

/// One answers file's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientRow {
    /// The input path as found (the client's key; rows sort by it).
    pub path: String,
    /// The file stem of the client's reports in `--out DIR/clients/`, when they were written.
    pub report: Option<String>,
    /// What came of it.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// Scored, or why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Scored.
    Scored(Scored),
    /// Could not be read, parsed, validated or written.
    Error(Failure),
}

/// The part of a client's assessment the portfolio keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scored {
    /// Company name, as the file gives it (shown, never used to name files).
    pub company: String,
    /// Entity type.
    pub entity: Entity,
    /// Entity type's display name.
    pub entity_name: String,
    /// Criteria version scored against.
    pub criteria_version: String,
    /// Tier id reached.
    pub tier: String,
    /// Its display name.
    pub tier_name: String,
    /// How complete the entity type's criteria list is.
    pub coverage: Coverage,
    /// True when the tier is provisional (the list is not the entity type's full list).
    pub provisional: bool,
    /// Overall score in tenths of a percent (1000 = 100.0 %).
    pub score_tenths: u64,
    /// Musts that are gaps.
    pub must_gaps: usize,
    /// Shoulds that are gaps.
    pub should_gaps: usize,
    /// Below the `--fail-under` tier.
    pub below_threshold: bool,
    /// Warnings the file raised.
    pub warnings: usize,
    /// The gaps, Musts first then Shoulds, each in catalog order.
    pub gaps: Vec<GapRef>,
}

/// One gap of one client: enough to count it across the portfolio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct GapRef {
    /// Criterion id.
    pub id: CriterionId,
    /// Must or Should in the catalog the client was scored against.
    pub requirement: Requirement,
}

/// Why a file has no score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// Stable code: a diagnostic's code, or `io-error`.
    pub code: String,
    /// Where in the file, when known.
    pub location: Option<Location>,
    /// The first problem.
    pub message: String,
    /// How many errors the file has (at least 1).
    pub errors: usize,
    /// The first problem in the language of the run, for the terminal summary, when it differs
    /// from `message` (which the JSON and CSV summaries keep in English).
    #[serde(skip)]
    pub shown: Option<String>,
}

/// A gap shared by several clients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommonGap {
    /// Criterion id.
    pub id: CriterionId,
    /// Must or Should.
    pub requirement: Requirement,
    /// Criterion title.
    pub title: String,
    /// How many scored clients have this gap.
    pub clients: usize,
    /// How many scored clients the criterion applies to (their entity type and criteria
    /// version have it): the denominator of `clients`.
    pub applicable: usize,
}

/// Counts over the whole run.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Totals {
    /// Files seen.
    pub files: usize,
    /// Files scored.
    pub scored: usize,
    /// Files that failed.
    pub errors: usize,
    /// Scored files below the `--fail-under` tier.
    pub below_threshold: usize,
    /// Scored files per tier id.
    pub tiers: BTreeMap<String, usize>,
}

/// The portfolio: what `summary.json` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Always [`FORMAT_TAG`].
    pub format: &'static str,
    /// The `--fail-under` tier, if one was given.
    pub fail_under: Option<String>,
    /// Counts.
    pub totals: Totals,
    /// One row per file, by path.
    pub clients: Vec<ClientRow>,
    /// Gaps by how many clients share them, then Must first, then catalog order.
    pub common_gaps: Vec<CommonGap>,
}

/// How the run went, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every file scored, none below the threshold.
    Ok,
    /// Every file scored, some below the threshold.
    BelowThreshold,
    /// Some file failed (this wins over a threshold miss).
    Errors,
}

/// Builds the portfolio from rows in any order; `title` names a criterion, and
/// `applies(id, entity, criteria_version)` says whether it applies to such a client.
#[must_use]
pub fn summarize(
    mut clients: Vec<ClientRow>,
    fail_under: Option<String>,
    title: impl Fn(CriterionId) -> String,
    applies: impl Fn(CriterionId, Entity, &str) -> bool,
) -> Summary {
    clients.sort_by(|a, b| a.path.cmp(&b.path));
    let mut totals = Totals {
        files: clients.len(),
        ..Totals::default()
    };
    let mut counts: BTreeMap<GapRef, usize> = BTreeMap::new();
    // Scored clients per (entity type, criteria version): what a criterion can apply to.
    let mut kinds: BTreeMap<(Entity, &str), usize> = BTreeMap::new();
    for row in &clients {
        match &row.outcome {
            Outcome::Scored(s) => {
                totals.scored += 1;
                *kinds
                    .entry((s.entity, s.criteria_version.as_str()))
                    .or_default() += 1;
                totals.below_threshold += usize::from(s.below_threshold);
                *totals.tiers.entry(s.tier.clone()).or_default() += 1;
                // A gap counts once per client, however the file lists it. Gaps come in
                // catalog order, each once: then no set is needed to tell the repeats.
                if s.gaps.is_sorted_by(|a, b| a < b) {
                    for gap in &s.gaps {
                        *counts.entry(*gap).or_default() += 1;
                    }
                } else {
                    let unique: BTreeSet<GapRef> = s.gaps.iter().copied().collect();
                    for gap in unique {
                        *counts.entry(gap).or_default() += 1;
                    }
                }
            }
            Outcome::Error(_) => totals.errors += 1,
        }
    }
    let mut common_gaps: Vec<CommonGap> = counts
        .into_iter()
        .map(|(gap, clients)| CommonGap {
            id: gap.id,
            requirement: gap.requirement,
            title: title(gap.id),
            clients,
            applicable: kinds
                .iter()
                .filter(|((entity, version), _)| applies(gap.id, *entity, version))
                .map(|(_, n)| n)
                .sum::<usize>()
                .max(clients),
        })
        .collect();
    common_gaps.sort_by(|a, b| {
        b.clients
            .cmp(&a.clients)
            .then(a.requirement.cmp(&b.requirement))
            .then(a.id.cmp(&b.id))
    });
    Summary {
        format: FORMAT_TAG,
        fail_under,
        totals,
        clients,
        common_gaps,
    }
}

impl Summary {
    /// Errors beat a threshold miss; otherwise ok.
    #[must_use]
    pub fn verdict(&self) -> Verdict {
        if self.totals.errors > 0 {
            Verdict::Errors
        } else if self.totals.below_threshold > 0 {
            Verdict::BelowThreshold
        } else {
            Verdict::Ok
        }
    }
}

/// A score in tenths of a percent as `87.5`.
fn percent(tenths: u64) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// `file:line:col` (or just `file`) for a failure.
fn located(path: &str, failure: &Failure) -> String {
    match failure.location {
        Some(l) => format!("{path}:{}:{}", l.line, l.column),
        None => path.to_string(),
    }
}

/// A failure's message, with how many more errors the file has.
fn failure_text(failure: &Failure, msg: &Messages) -> String {
    let message = failure.shown.as_ref().unwrap_or(&failure.message);
    if failure.errors > 1 {
        let more = (failure.errors - 1).to_string();
        format!(
            "{message} ({})",
            crate::settings::fill(msg.get("batch:more-errors"), &[("count", &more)])
        )
    } else {
        message.clone()
    }
}

/// Text safe to print on a terminal (escape sequences, line breaks and bidi controls in a
/// file name neutralised): the one sanitizer, [`crate::text::inert`].
#[must_use]
pub fn printable(s: &str) -> String {
    crate::text::inert(s).into_owned()
}

/// The seven cells of a client's line in the terminal table.
fn client_cells(row: &ClientRow, msg: &Messages) -> [String; 8] {
    let path = printable(&row.path);
    match &row.outcome {
        Outcome::Scored(s) => {
            let status = if s.below_threshold {
                msg.get("batch:status-below")
            } else {
                msg.get("batch:status-ok")
            };
            let tier = if s.provisional {
                crate::settings::fill(msg.get("coverage:tier-short"), &[("tier", &s.tier_name)])
            } else {
                s.tier_name.clone()
            };
            [
                path,
                printable(&s.entity_name),
                crate::coverage::label(s.coverage, msg).to_string(),
                printable(&tier),
                percent(s.score_tenths),
                s.must_gaps.to_string(),
                s.should_gaps.to_string(),
                status.to_string(),
            ]
        }
        Outcome::Error(f) => {
            let text = format!(
                "{}: {}",
                msg.get("batch:status-error"),
                printable(&format!(
                    "{}: {}",
                    located(&row.path, f),
                    failure_text(f, msg)
                ))
            );
            [
                path,
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                text,
            ]
        }
    }
}

/// Which columns of the client table are numbers (right-aligned).
const NUMERIC: [bool; 8] = [false, false, false, false, true, true, true, false];

fn table_line(cells: &[String; 8], widths: &[usize; 8]) -> String {
    let mut line = String::new();
    for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
        if i > 0 {
            line.push_str("  ");
        }
        let pad = " ".repeat(width.saturating_sub(cell.width()));
        if NUMERIC[i] {
            line.push_str(&pad);
            line.push_str(cell);
        } else {
            line.push_str(cell);
            if i + 1 < cells.len() {
                line.push_str(&pad);
            }
        }
    }
    line.truncate(line.trim_end().len());
    line
}

/// The client table as lines, without line breaks: a header, a rule, then one line per
/// client in path order. Columns are padded to their widest cell (by display width, so
/// Chinese text lines up) and lines are never wrapped, so the table suits a terminal, a
/// pager and grep alike. Lines are made as they are taken: a caller that writes them out
/// holds one line at a time, however many clients there are.
pub fn client_lines<'a>(
    summary: &'a Summary,
    msg: &'a Messages,
) -> impl Iterator<Item = String> + 'a {
    let header: [String; 8] = [
        msg.get("batch:client"),
        msg.get("report:entity"),
        msg.get("coverage:column"),
        msg.get("report:tier"),
        msg.get("report:score"),
        msg.get("report:must-gaps"),
        msg.get("report:should-gaps"),
        msg.get("report:status"),
    ]
    .map(String::from);
    let mut widths = header.each_ref().map(|h| h.width());
    for row in &summary.clients {
        for (w, cell) in widths.iter_mut().zip(client_cells(row, msg)) {
            *w = (*w).max(cell.width());
        }
    }
    let rule = widths.map(|w| "-".repeat(w));
    let head = [table_line(&header, &widths), table_line(&rule, &widths)];
    head.into_iter().chain(
        summary
            .clients
            .iter()
            .map(move |row| table_line(&client_cells(row, msg), &widths)),
    )
}

/// What follows the client table: the totals and the most common gaps (a table `width`
/// wide, or fitted to the terminal when `None`).
#[must_use]
pub fn render_totals(summary: &Summary, msg: &Messages, width: Option<u16>) -> String {
    use comfy_table::CellAlignment;
    let mut s = String::new();
    let t = &summary.totals;
    let _ = writeln!(
        s,
        "{}",
        fill(
            msg.get("batch:totals"),
            &[
                ("files", t.files.to_string()),
                ("scored", t.scored.to_string()),
                ("errors", t.errors.to_string()),
            ]
        )
    );
    if let Some(tier) = &summary.fail_under {
        let _ = writeln!(
            s,
            "{}",
            fill(
                msg.get("batch:below-total"),
                &[
                    ("count", t.below_threshold.to_string()),
                    ("tier", tier.clone())
                ]
            )
        );
    }
    if !summary.common_gaps.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "{}",
            fill(
                msg.get("batch:common-gaps"),
                &[
                    (
                        "shown",
                        COMMON_GAPS_SHOWN.min(summary.common_gaps.len()).to_string()
                    ),
                    ("total", summary.common_gaps.len().to_string()),
                ]
            )
        );
        let mut gaps = crate::report::terminal::table(width);
        gaps.set_header(vec![
            msg.get("batch:criterion"),
            msg.get("batch:requirement"),
            msg.get("batch:title"),
            msg.get("batch:clients"),
        ]);
        for g in summary.common_gaps.iter().take(COMMON_GAPS_SHOWN) {
            gaps.add_row(vec![
                g.id.to_string(),
                match g.requirement {
                    Requirement::Must => msg.get("badge:must"),
                    Requirement::Should => msg.get("badge:should"),
                }
                .to_string(),
                g.title.clone(),
                format!("{} / {}", g.clients, g.applicable),
            ]);
        }
        if let Some(c) = gaps.column_mut(3) {
            c.set_cell_alignment(CellAlignment::Right);
        }
        let _ = writeln!(s, "{gaps}");
    }
    s
}

/// One CSV field: quoted when needed, control characters turned into `?` (as on the
/// terminal; `summary.json` keeps them escaped), and a value a spreadsheet would run as a
/// formula defused with `'`, by the same rule as the report's action plan.
fn csv_field(out: &mut String, value: &str) {
    let value = printable(value);
    let defuse = crate::report::csv::runs_as_formula(&value);
    let quote = defuse || value.contains([',', '"']);
    if quote {
        out.push('"');
    }
    if defuse {
        out.push('\'');
    }
    for c in value.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quote {
        out.push('"');
    }
}

/// One CSV line; the fields at `text_columns` (ids, versions) stay text in a spreadsheet
/// (see [`crate::report::csv::text_field`]).
fn csv_line(out: &mut String, fields: &[&str], text_columns: &[usize]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if text_columns.contains(&i) && crate::report::csv::looks_numeric(f) {
            out.push_str(&crate::report::csv::text_field(f));
        } else {
            csv_field(out, f);
        }
    }
    out.push_str("\r\n");
}

/// Columns of `summary.csv` that stay text in a spreadsheet: `criteria_version`.
const CLIENT_TEXT_COLUMNS: &[usize] = &[4];

/// `summary.csv`: one line per client, stable English column names (RFC 4180, CRLF, UTF-8
/// with a byte order mark like the action plan, so Excel shows Chinese company names).
#[must_use]
pub fn clients_csv(summary: &Summary) -> String {
    let mut out = String::from(crate::report::csv::BOM);
    csv_line(
        &mut out,
        &[
            "path",
            "status",
            "company",
            "entity",
            "criteria_version",
            "tier",
            "score",
            "must_gaps",
            "should_gaps",
            "warnings",
            "error_code",
            "error_line",
            "error_column",
            "error",
            "report",
            "coverage",
            "provisional",
        ],
        CLIENT_TEXT_COLUMNS,
    );
    for row in &summary.clients {
        match &row.outcome {
            Outcome::Scored(s) => {
                let status = if s.below_threshold { "below" } else { "ok" };
                csv_line(
                    &mut out,
                    &[
                        &row.path,
                        status,
                        &s.company,
                        s.entity.id(),
                        &s.criteria_version,
                        &s.tier,
                        &percent(s.score_tenths),
                        &s.must_gaps.to_string(),
                        &s.should_gaps.to_string(),
                        &s.warnings.to_string(),
                        "",
                        "",
                        "",
                        "",
                        row.report.as_deref().unwrap_or_default(),
                        s.coverage.id(),
                        if s.provisional { "true" } else { "false" },
                    ],
                    CLIENT_TEXT_COLUMNS,
                );
            }
            Outcome::Error(f) => {
                let (line, column) = f.location.map_or((String::new(), String::new()), |l| {
                    (l.line.to_string(), l.column.to_string())
                });
                csv_line(
                    &mut out,
                    &[
                        &row.path, "error", "", "", "", "", "", "", "", "", &f.code, &line,
                        &column, &f.message, "", "", "",
                    ],
                    CLIENT_TEXT_COLUMNS,
                );
            }
        }
    }
    out
}

/// `common-gaps.csv`: every gap shared across the portfolio, most common first (UTF-8 with a
/// byte order mark, like `summary.csv`).
#[must_use]
pub fn common_gaps_csv(summary: &Summary) -> String {
    let mut out = String::from(crate::report::csv::BOM);
    csv_line(
        &mut out,
        &["criterion", "requirement", "title", "clients", "applicable"],
        &[0],
    );
    for g in &summary.common_gaps {
        csv_line(
            &mut out,
            &[
                &g.id.to_string(),
                g.requirement.id(),
                &g.title,
                &g.clients.to_string(),
                &g.applicable.to_string(),
            ],
            &[0],
        );
    }
    out
}

/// Longest file stem ctpat derives, in bytes (file systems allow 255 with the extension).
const MAX_STEM_BYTES: usize = 120;

/// A safe file stem for a client's reports, from the path of its answers file relative to
/// the folder it was found in (or its file name when it was named directly).
///
/// Only letters, digits, `-`, `_` and inner `.` survive; folders join with `__`; the
/// extension goes; nothing can climb (`..`), hide (leading `.`), or name a device. The
/// company name inside the file is never used. Two different paths may still give the same
/// stem: [`unique_stems`] settles that.
#[must_use]
pub fn client_stem(relative: &[&str]) -> String {
    let last = relative.len().saturating_sub(1);
    let parts: Vec<String> = relative
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.is_empty() && **p != "." && **p != "..")
        .map(|(i, p)| {
            let p = if i == last {
                p.rsplit_once('.')
                    .filter(|(stem, _)| !stem.is_empty())
                    .map_or(*p, |(stem, _)| stem)
            } else {
                p
            };
            let mut clean: String = p
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || c == '-' || c == '_' || c == '.' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            while clean.contains("..") {
                clean = clean.replace("..", ".");
            }
            clean.trim_matches('.').to_string()
        })
        .filter(|p| !p.is_empty())
        .collect();
    let mut stem = parts.join("__");
    if stem.is_empty() {
        stem = "client".to_string();
    }
    let device = stem
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    let reserved = matches!(device.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((device.starts_with("COM") || device.starts_with("LPT"))
            && device.len() == 4
            && device.ends_with(|c: char| c.is_ascii_digit()));
    if reserved {
        stem.insert(0, '_');
    }
    if stem.len() > MAX_STEM_BYTES {
        let mut cut = MAX_STEM_BYTES;
        while !stem.is_char_boundary(cut) {
            cut -= 1;
        }
        stem.truncate(cut);
    }
    stem
}

/// Makes stems unique in order: a stem already taken (ignoring case, for case-insensitive
/// file systems) gets `~2`, `~3`, ... Give the stems in path order for stable names.
#[must_use]
pub fn unique_stems(stems: Vec<String>) -> Vec<String> {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    stems
        .into_iter()
        .map(|stem| {
            let mut candidate = stem.clone();
            let mut n = 1;
            while taken.contains(&candidate.to_lowercase()) {
                n += 1;
                candidate = format!("{stem}~{n}");
            }
            taken.insert(candidate.to_lowercase());
            candidate
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Lang;

    fn id(s: &str) -> CriterionId {
        s.parse().expect("valid id")
    }

    fn must(s: &str) -> GapRef {
        GapRef {
            id: id(s),
            requirement: Requirement::Must,
        }
    }

    fn should(s: &str) -> GapRef {
        GapRef {
            id: id(s),
            requirement: Requirement::Should,
        }
    }

    fn scored(path: &str, tier: &str, below: bool, gaps: Vec<GapRef>) -> ClientRow {
        let must_gaps = gaps
            .iter()
            .filter(|g| g.requirement == Requirement::Must)
            .count();
        ClientRow {
            path: path.to_string(),
            report: None,
            outcome: Outcome::Scored(Scored {
                company: format!("Company of {path}"),
                entity: Entity::Importer,
                entity_name: "Importer".into(),
                criteria_version: "2023.01".into(),
                tier: tier.into(),
                tier_name: tier.into(),
                coverage: Coverage::CrossChecked,
                provisional: false,
                score_tenths: 875,
                must_gaps,
                should_gaps: gaps.len() - must_gaps,
                below_threshold: below,
                warnings: 0,
                gaps,
            }),
        }
    }

    fn failed(path: &str) -> ClientRow {
        ClientRow {
            path: path.to_string(),
            report: None,
            outcome: Outcome::Error(Failure {
                code: "unknown-field".into(),
                location: Some(Location::new(3, 5)),
                message: "unknown field `stauts`".into(),
                errors: 1,
                shown: None,
            }),
        }
    }

    fn title(id: CriterionId) -> String {
        format!("Title {id}")
    }

    fn all_apply(_: CriterionId, _: Entity, _: &str) -> bool {
        true
    }

    fn portfolio() -> Vec<ClientRow> {
        vec![
            scored(
                "c.yaml",
                "tier_2",
                false,
                vec![should("3.9"), should("1.2")],
            ),
            failed("b.yaml"),
            scored(
                "a.yaml",
                "not_ready",
                true,
                vec![must("5.2"), must("3.9"), should("1.2")],
            ),
            scored(
                "d.yaml",
                "not_ready",
                true,
                vec![must("5.2"), should("4.10")],
            ),
        ]
    }

    #[test]
    fn a_common_gap_counts_against_the_clients_it_applies_to() {
        let mut factory = scored("f.yaml", "not_ready", false, vec![must("5.2")]);
        if let Outcome::Scored(s) = &mut factory.outcome {
            s.entity = Entity::ForeignManufacturer;
        }
        let rows = vec![
            scored(
                "a.yaml",
                "not_ready",
                false,
                vec![must("5.2"), should("4.10")],
            ),
            scored("b.yaml", "tier_2", false, vec![]),
            factory,
        ];
        // 4.10 applies to importers only; 5.2 to both entity types.
        let applies = |id: CriterionId, entity: Entity, _: &str| {
            id.to_string() != "4.10" || entity == Entity::Importer
        };
        let s = summarize(rows, None, title, applies);
        let of = |id: &str| {
            s.common_gaps
                .iter()
                .find(|g| g.id.to_string() == id)
                .map(|g| (g.clients, g.applicable))
        };
        assert_eq!(of("5.2"), Some((2, 3)));
        assert_eq!(of("4.10"), Some((1, 2)));
        let msg = Messages::embedded(crate::text::Lang::En);
        let text = render_totals(&s, &msg, None);
        assert!(text.contains("1 / 2"), "{text}");
        // The id is a text formula so a spreadsheet shows 4.10, not the number 4.1.
        assert!(
            common_gaps_csv(&s).contains("\r\n\"=\"\"4.10\"\"\",should,Title 4.10,1,2\r\n"),
            "{}",
            common_gaps_csv(&s)
        );
    }

    #[test]
    fn rows_sort_by_path_and_totals_add_up() {
        let s = summarize(portfolio(), Some("tier_1".into()), title, all_apply);
        let paths: Vec<&str> = s.clients.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, ["a.yaml", "b.yaml", "c.yaml", "d.yaml"]);
        assert_eq!(s.totals.files, 4);
        assert_eq!(s.totals.scored, 3);
        assert_eq!(s.totals.errors, 1);
        assert_eq!(s.totals.below_threshold, 2);
        assert_eq!(s.totals.tiers.get("not_ready"), Some(&2));
        assert_eq!(s.totals.tiers.get("tier_2"), Some(&1));
    }

    #[test]
    fn common_gaps_sort_by_count_then_must_then_catalog_order() {
        let s = summarize(portfolio(), None, title, all_apply);
        let order: Vec<(String, Requirement, usize)> = s
            .common_gaps
            .iter()
            .map(|g| (g.id.to_string(), g.requirement, g.clients))
            .collect();
        assert_eq!(
            order,
            [
                ("5.2".to_string(), Requirement::Must, 2),
                ("1.2".to_string(), Requirement::Should, 2),
                ("3.9".to_string(), Requirement::Must, 1),
                ("3.9".to_string(), Requirement::Should, 1),
                ("4.10".to_string(), Requirement::Should, 1),
            ]
        );
        assert_eq!(s.common_gaps[0].title, "Title 5.2");
    }

    #[test]
    fn a_gap_listed_twice_counts_once_per_client() {
        let rows = vec![scored("a", "tier_1", false, vec![must("1.1"), must("1.1")])];
        let s = summarize(rows, None, title, all_apply);
        assert_eq!(s.common_gaps.len(), 1);
        assert_eq!(s.common_gaps[0].clients, 1);
    }

    #[test]
    fn summary_does_not_depend_on_row_order() {
        let mut reversed = portfolio();
        reversed.reverse();
        let a = summarize(portfolio(), Some("tier_1".into()), title, all_apply);
        let b = summarize(reversed, Some("tier_1".into()), title, all_apply);
        assert_eq!(a, b);
        let msg = Messages::embedded(Lang::En);
        assert!(client_lines(&a, &msg).eq(client_lines(&b, &msg)));
        assert_eq!(
            render_totals(&a, &msg, Some(100)),
            render_totals(&b, &msg, Some(100))
        );
        assert_eq!(clients_csv(&a), clients_csv(&b));
    }

    #[test]
    fn errors_win_over_threshold_misses() {
        assert_eq!(
            summarize(portfolio(), None, title, all_apply).verdict(),
            Verdict::Errors
        );
        let no_errors: Vec<ClientRow> = portfolio()
            .into_iter()
            .filter(|r| matches!(r.outcome, Outcome::Scored(_)))
            .collect();
        assert_eq!(
            summarize(no_errors.clone(), None, title, all_apply).verdict(),
            Verdict::BelowThreshold
        );
        let all_ok: Vec<ClientRow> = no_errors
            .into_iter()
            .filter(|r| matches!(&r.outcome, Outcome::Scored(s) if !s.below_threshold))
            .collect();
        assert_eq!(
            summarize(all_ok, None, title, all_apply).verdict(),
            Verdict::Ok
        );
        assert_eq!(
            summarize(Vec::new(), None, title, all_apply).verdict(),
            Verdict::Ok
        );
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let mut rows = vec![scored("x.yaml", "tier_1", false, vec![])];
        if let Outcome::Scored(s) = &mut rows[0].outcome {
            s.company = "=HYPERLINK(\"http://x\"), Inc".into();
        }
        let csv = clients_csv(&summarize(rows, None, title, all_apply));
        let line = csv.lines().nth(1).expect("a data line");
        assert!(
            line.contains(",\"'=HYPERLINK(\"\"http://x\"\"), Inc\","),
            "{line}"
        );
        assert!(csv.starts_with("\u{feff}path,status,company,"));
        let mut rows = vec![scored("y.yaml", "tier_1", false, vec![])];
        if let Outcome::Scored(s) = &mut rows[0].outcome {
            s.company = "A\u{1b}[31m\nB".into();
        }
        let csv = clients_csv(&summarize(rows, None, title, all_apply));
        assert_eq!(csv.lines().count(), 2, "{csv}");
        assert!(csv.contains(",A\u{fffd}[31m\u{fffd}B,"), "{csv}");
        // Full-width formula starts are defused too (Excel runs them in Chinese locales).
        let mut rows = vec![scored("z.yaml", "tier_1", false, vec![])];
        if let Outcome::Scored(s) = &mut rows[0].outcome {
            s.company = "\u{ff1d}1+1".into();
        }
        let csv = clients_csv(&summarize(rows, None, title, all_apply));
        assert!(csv.contains(",\"'\u{ff1d}1+1\","), "{csv}");
    }

    #[test]
    fn a_provisional_client_shows_its_coverage_in_the_table_and_the_csv() {
        let mut rows = vec![
            scored("exporter.yaml", "tier_2", false, vec![]),
            scored("importer.yaml", "tier_2", false, vec![]),
        ];
        if let Outcome::Scored(s) = &mut rows[0].outcome {
            s.entity = Entity::Exporter;
            s.coverage = Coverage::CoreOnly;
            s.provisional = true;
        }
        let summary = summarize(rows, None, title, all_apply);
        let msg = Messages::embedded(Lang::En);
        let lines: Vec<String> = client_lines(&summary, &msg).collect();
        assert!(lines[0].contains("Coverage"), "{lines:?}");
        assert!(lines[2].contains("core set only"), "{lines:?}");
        assert!(lines[2].contains("tier_2 (provisional)"), "{lines:?}");
        assert!(lines[3].contains("cross-checked"), "{lines:?}");
        assert!(!lines[3].contains("provisional"), "{lines:?}");
        let csv = clients_csv(&summary);
        let header = csv.lines().next().expect("a header");
        assert!(header.ends_with(",report,coverage,provisional"), "{header}");
        assert!(
            csv.lines()
                .nth(1)
                .is_some_and(|l| l.ends_with(",core_only,true")),
            "{csv}"
        );
        assert!(
            csv.lines()
                .nth(2)
                .is_some_and(|l| l.ends_with(",cross_checked,false")),
            "{csv}"
        );
    }

    #[test]
    fn csv_reports_failures_with_their_location() {
        let csv = clients_csv(&summarize(vec![failed("b.yaml")], None, title, all_apply));
        let line = csv.lines().nth(1).expect("a data line");
        assert_eq!(
            line,
            "b.yaml,error,,,,,,,,,unknown-field,3,5,unknown field `stauts`,,,"
        );
    }

    #[test]
    fn table_shows_failures_located_and_control_characters_defused() {
        let mut rows = portfolio();
        rows.push(failed("e\u{1b}[31m.yaml"));
        let msg = Messages::embedded(Lang::En);
        let summary = summarize(rows, None, title, all_apply);
        let lines: Vec<String> = client_lines(&summary, &msg).collect();
        assert_eq!(lines.len(), 2 + 5);
        assert!(lines[0].starts_with("Client file"), "{lines:?}");
        assert!(lines[1].starts_with("-----------"), "{lines:?}");
        assert!(
            lines[3].ends_with("error: b.yaml:3:5: unknown field `stauts`"),
            "{lines:?}"
        );
        assert!(lines.iter().all(|l| !l.contains('\u{1b}')));
        assert!(lines[6].starts_with("e\u{fffd}[31m.yaml"), "{lines:?}");
        // Columns line up: every score ends at the same display column.
        let at = |l: &str| l.find(" 87.5").map(|i| l[..i].width());
        assert!(at(&lines[2]).is_some());
        assert_eq!(at(&lines[2]), at(&lines[4]));
        let totals = render_totals(&summary, &msg, Some(200));
        assert!(
            totals.contains("5 files: 3 scored, 2 with errors."),
            "{totals}"
        );
        assert!(totals.contains("5.2"), "{totals}");
    }

    #[test]
    fn stems_come_from_the_path_and_cannot_escape() {
        assert_eq!(client_stem(&["acme.yaml"]), "acme");
        assert_eq!(
            client_stem(&["clients", "acme", "answers.yml"]),
            "clients__acme__answers"
        );
        assert_eq!(client_stem(&["..", "..", "evil", "x.yaml"]), "evil__x");
        assert_eq!(client_stem(&["a/b\\c.yaml"]), "a_b_c");
        assert_eq!(client_stem(&["..yaml"]), "client");
        assert_eq!(client_stem(&["x..y.yaml"]), "x.y");
        assert_eq!(client_stem(&[".hidden.yaml"]), "hidden");
        assert_eq!(client_stem(&["tab\there\n.yaml"]), "tab_here_");
        assert_eq!(client_stem(&["客户 一.yaml"]), "客户_一");
        assert_eq!(client_stem(&["CON.yaml"]), "_CON");
        assert_eq!(client_stem(&["com1.yaml"]), "_com1");
        assert_eq!(client_stem(&[]), "client");
        assert_eq!(client_stem(&["..", "."]), "client");
        let long = format!("{}.yaml", "长".repeat(100));
        let stem = client_stem(&[&long]);
        assert!(stem.len() <= MAX_STEM_BYTES && !stem.is_empty());
        for stem in [
            client_stem(&["../../etc/passwd"]),
            client_stem(&["/abs/x.yaml"]),
        ] {
            assert!(!stem.contains('/') && !stem.contains("..") && !stem.starts_with('.'));
        }
    }

    #[test]
    fn equal_stems_are_numbered_in_order_ignoring_case() {
        let stems = vec![
            "answers".to_string(),
            "Answers".to_string(),
            "answers".to_string(),
            "answers~2".to_string(),
            "other".to_string(),
        ];
        assert_eq!(
            unique_stems(stems),
            ["answers", "Answers~2", "answers~3", "answers~2~2", "other"]
        );
    }
}
