//! The CSV rendering of a [`Report`]: the action plan, one row per gap, for a spreadsheet.
//!
//! RFC 4180: every field quoted, quotes doubled, CRLF line ends. The file starts with a
//! UTF-8 byte order mark, because Excel (common in Chinese offices) otherwise reads UTF-8
//! CSV as the local code page and garbles Chinese text; other tools skip the mark. A cell
//! that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab, a
//! carriage return, or their full-width forms) gets a leading `'`.
//!
//! Criterion ids and criteria versions look like decimal numbers (`12.10`, `2023.01`), and
//! both Excel (opening the file with a double-click) and LibreOffice (its import defaults)
//! would turn them into the numbers 12.1 and 2023.01 — `12.1` being another criterion. They
//! are written as [`text_field`]s: the formula `="12.10"`, whose value is the text `12.10` in
//! both programs (see docs/spreadsheets.md). Only ctpat's own ids and versions, which hold
//! nothing but digits and a dot, are written so; text from a file never is.

use super::{requirement_label, status_label, Report};
use crate::messages::Messages;

/// The byte order mark the CSV starts with.
pub const BOM: char = '\u{feff}';

/// Characters that make a spreadsheet treat a cell as a formula when they come first.
const FORMULA_STARTS: [char; 10] = [
    '=', '+', '-', '@', '\t', '\r', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
];

/// Whether a spreadsheet would run `value` as a formula, so it needs a leading `'`.
#[must_use]
pub fn runs_as_formula(value: &str) -> bool {
    value.starts_with(FORMULA_STARTS)
}

/// One field, guarded against formula injection and quoted.
#[must_use]
pub fn field(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 3);
    out.push('"');
    if runs_as_formula(value) {
        out.push('\'');
    }
    out.push_str(&value.replace('"', "\"\""));
    out.push('"');
    out
}

/// Whether a spreadsheet would read `value` as a number and so lose its trailing zeros: an
/// id or version, digits with at most one dot.
#[must_use]
pub fn looks_numeric(value: &str) -> bool {
    let mut parts = value.split('.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    parts.next().is_none()
        && !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// A field that must stay text in a spreadsheet although it looks like a number (an id or
/// a version): `="12.10"`, quoted for CSV. Anything else is an ordinary [`field`].
#[must_use]
pub fn text_field(value: &str) -> String {
    if looks_numeric(value) {
        format!("\"=\"\"{value}\"\"\"")
    } else {
        field(value)
    }
}

/// The column of the action plan that holds the criterion id.
const ID_COLUMN: usize = 1;

fn line(out: &mut String, cells: &[&str]) {
    let fields: Vec<String> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i == ID_COLUMN {
                text_field(c)
            } else {
                field(c)
            }
        })
        .collect();
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

/// How many columns the action plan has.
const COLUMNS: usize = 16;

/// Renders the action plan: a header row, then one row per gap in action-plan order
/// (Musts first; assigned gaps by due date, then unassigned). An empty owner means the gap
/// is unassigned. When the result is provisional (the entity type's criteria list is not
/// complete), a first row says so in its first cell, padded to the same number of columns so
/// the file stays rectangular: a plan on a core set must not pass for the whole job.
#[must_use]
pub fn render(report: &Report, msg: &Messages) -> String {
    let mut out = String::new();
    out.push(BOM);
    if let Some(notice) = &report.criteria.coverage_notice {
        let first = crate::coverage::headed(notice, msg);
        let mut cells = [""; COLUMNS];
        cells[0] = &first;
        line(&mut out, &cells);
    }
    // A graded result says its level and total above the plan, as the notice does.
    if let Some(g) = &report.grade {
        let mut first = format!(
            "{} {}",
            msg.labelled("report:tier", &report.tier.name),
            g.total_line
        );
        if let Some(l) = &g.lower {
            first.push('\n');
            first.push_str(&l.line);
        }
        let mut cells = [""; COLUMNS];
        cells[0] = &first;
        line(&mut out, &cells);
    }
    let header: [&str; COLUMNS] = [
        "#",
        msg.get("list:id"),
        msg.get("list:requirement"),
        msg.get("list:category"),
        msg.get("doc:category-name"),
        msg.get("list:title"),
        msg.get("report:status"),
        msg.get("report:owner"),
        msg.get("report:due"),
        msg.get("report:note"),
        msg.get("doc:evidence-cited"),
        msg.get("report:hint"),
        msg.get("show:evidence"),
        // Added with issue 13, at the end so tools reading the first columns keep working.
        msg.get("report:freshness"),
        msg.get("report:waiver"),
        msg.get("report:waiver-expires"),
    ];
    line(&mut out, &header);
    for (i, g) in report.action_plan().into_iter().enumerate() {
        let waiver = super::aging::waiver_of(report, g.id);
        line(
            &mut out,
            &[
                &(i + 1).to_string(),
                &g.id.to_string(),
                requirement_label(msg, g.requirement),
                &g.category.to_string(),
                &g.category_name,
                &g.title,
                &status_cell(report, g, msg),
                g.owner.as_deref().unwrap_or_default(),
                g.due.as_deref().unwrap_or_default(),
                g.note.as_deref().unwrap_or_default(),
                &super::aging::evidence_lines(msg, &g.evidence).join("\n"),
                &g.hint,
                &g.evidence_expected.join("\n"),
                super::aging::freshness_label(msg, g.freshness),
                super::aging::gap_waiver_mark(msg, g.waiver, g.requirement),
                waiver
                    .and_then(|w| w.expires.as_deref())
                    .unwrap_or_default(),
            ],
        );
    }
    out
}

/// A gap's status, marked as the company's declaration when customs checks the item in its
/// own records.
fn status_cell(report: &Report, g: &super::GapPart, msg: &Messages) -> String {
    let status = status_label(msg, g.status);
    if report.declared(g.id) {
        format!("{status}\n{}", msg.get("grade:declared"))
    } else {
        status.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::{field, looks_numeric, text_field};
    use proptest::prelude::*;

    #[test]
    fn ids_and_versions_are_written_as_text_formulas() {
        assert_eq!(text_field("12.10"), "\"=\"\"12.10\"\"\"");
        assert_eq!(text_field("2023.01"), "\"=\"\"2023.01\"\"\"");
        assert_eq!(text_field("7"), "\"=\"\"7\"\"\"");
        // Anything else is an ordinary field, defused as before.
        assert_eq!(text_field("ID"), "\"ID\"");
        assert_eq!(text_field("=1+1"), "\"'=1+1\"");
        assert_eq!(text_field("1.2.3"), "\"1.2.3\"");
        for not in [
            "",
            ".",
            "1.",
            ".5",
            "1e5",
            "-1",
            "1,5",
            "１２.１０",
            "12.10 ",
        ] {
            assert!(!looks_numeric(not), "{not:?}");
        }
    }

    proptest! {
        /// Whatever the value, the text formula never carries anything but digits and a dot:
        /// no text from a file can become a formula through it.
        #[test]
        fn a_text_formula_holds_only_digits_and_a_dot(value in "\\PC{0,12}") {
            let out = text_field(&value);
            if out.starts_with("\"=") {
                let inner = &out[4..out.len() - 3];
                prop_assert!(inner.bytes().all(|b| b.is_ascii_digit() || b == b'.'), "{out}");
                prop_assert_eq!(inner, value.as_str());
            } else {
                prop_assert_eq!(out, field(&value));
            }
        }
    }

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("plain"), "\"plain\"");
        assert_eq!(field("say \"hi\", ok"), "\"say \"\"hi\"\", ok\"");
        assert_eq!(field("=1+1"), "\"'=1+1\"");
        assert_eq!(field("-2"), "\"'-2\"");
        assert_eq!(field("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(field("\tx"), "\"'\tx\"");
        assert_eq!(field("＝1+1"), "\"'＝1+1\"");
        assert_eq!(field("a\nb"), "\"a\nb\"");
        assert_eq!(field("1 = 1"), "\"1 = 1\"");
    }
}
