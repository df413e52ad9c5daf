//! The questionnaire workbook's layout: the contract between the workbook writer and the
//! workbook reader, so that a workbook written by `ctpat init --output q.xlsx` (or by
//! `ctpat convert`) reads back as the same answers.
//!
//! The reader never relies on row positions: answer rows are matched by the criterion id in
//! the `ID` column, and columns are found by the header cells' English prefixes, so a
//! spreadsheet program that inserts, hides or reorders columns does not break reading.
//! Sheet names are identifiers and stay English in every language; the labels inside are
//! bilingual in a zh-CN workbook.

pub mod read;
pub mod register;
pub mod write;

use crate::answers::Evidence;

/// An evidence item as one line of an Evidence cell: its text, then its dates in square
/// brackets when it has any: `RA-2026 [2026-03-01 → 2027-03-01]`, `Seal log [2026-11-02]`,
/// `ISO 28000 certificate [→ 2027-05-31]`. [`split_evidence_line`] reads it back.
#[must_use]
pub fn evidence_line(e: &Evidence) -> String {
    match (&e.date, &e.valid_until) {
        (None, None) => e.text.clone(),
        (Some(d), None) => format!("{} [{d}]", e.text),
        (None, Some(u)) => format!("{} [→ {u}]", e.text),
        (Some(d), Some(u)) => format!("{} [{d} → {u}]", e.text),
    }
}

/// One line of an Evidence cell as (text, date, valid until), the dates as typed. A line
/// ends in dates when its last bracket (`[...]` or `【...】`) holds a date, a date range
/// (`→`, `->`, `~`, `至` or `到` between) or an open end (`→ 2027-05-31`), every date in a
/// shape people type ([`crate::calendar::normalize_date`]); any other bracket is part of
/// the text (`Manual [v3]`).
#[must_use]
pub fn split_evidence_line(line: &str) -> (&str, Option<&str>, Option<&str>) {
    let plain = (line, None, None);
    let trimmed = line.trim_end();
    let (open, close) = if trimmed.ends_with(']') {
        ('[', ']')
    } else if trimmed.ends_with('】') {
        ('【', '】')
    } else {
        return plain;
    };
    let Some(start) = trimmed.rfind(open) else {
        return plain;
    };
    let inside = &trimmed[start + open.len_utf8()..trimmed.len() - close.len_utf8()];
    let text = trimmed[..start].trim_end();
    if text.is_empty() {
        return plain;
    }
    let is_date = |s: &str| crate::calendar::normalize_date(s).is_some();
    let mut parts = inside.splitn(2, ['→', '~', '至', '到']);
    let first = parts.next().unwrap_or_default();
    let (first, second) = match parts.next() {
        Some(rest) => (first, Some(rest)),
        // `->` is two characters: split on it separately.
        None => match inside.split_once("->") {
            Some((a, b)) => (a, Some(b)),
            None => (first, None),
        },
    };
    let (from, until) = (first.trim(), second.map(str::trim));
    match until {
        None if is_date(from) => (text, Some(from), None),
        Some(u) if is_date(u) && from.is_empty() => (text, None, Some(u)),
        Some(u) if is_date(u) && is_date(from) => (text, Some(from), Some(u)),
        _ => plain,
    }
}

/// The company sheet: one row per field, found by the key in [`COMPANY_KEY_COLUMN`].
pub const SHEET_COMPANY: &str = "Company";
/// The questions sheet: one row per criterion under category heading rows.
pub const SHEET_ANSWERS: &str = "Answers";
/// The best-practices sheet (Tier 3 claims): one row per practice.
pub const SHEET_BEST_PRACTICES: &str = "BestPractices";
/// The financial figures (China Customs' computed finance items): one row per field, laid out
/// like [`SHEET_COMPANY`] (label, value, hint, hidden key). Written only for a catalog with
/// `finance:` rules; a workbook without it has no `financials:`.
pub const SHEET_FINANCIALS: &str = "Financials";
/// The hidden sheet that stamps the file: keys in column A, values in column B.
pub const SHEET_STAMP: &str = "ctpat";

/// Stamp keys (column A of [`SHEET_STAMP`]), in the order they are written.
pub const STAMP_FORMAT: &str = "format";
/// Criteria version the workbook was made for, e.g. `2023.01`.
pub const STAMP_CRITERIA_VERSION: &str = "criteria_version";
/// Lower-case hex SHA-256 of the exact catalog bytes the workbook was made from.
pub const STAMP_CRITERIA_SHA256: &str = "criteria_sha256";
/// The entity type id, e.g. `foreign_manufacturer`.
pub const STAMP_ENTITY: &str = "entity";
/// The workbook's language, `en` or `zh-CN`.
pub const STAMP_LANG: &str = "lang";
/// The program and version that wrote the workbook, e.g. `ctpat 0.1.0`.
pub const STAMP_GENERATOR: &str = "generator";

/// Company sheet layout: column A the label shown, column B the value the company fills,
/// column C a short hint, column D (hidden) the field key below. Row 1 is a title row,
/// row 2 the header, fields from row 3.
pub const COMPANY_LABEL_COLUMN: u16 = 0;
/// Column of the value the company fills in.
pub const COMPANY_VALUE_COLUMN: u16 = 1;
/// Column of the hint.
pub const COMPANY_HINT_COLUMN: u16 = 2;
/// Hidden column holding the field key the reader matches on.
pub const COMPANY_KEY_COLUMN: u16 = 3;

/// Field keys of the company sheet, in the order written. `name`, `entity` and `country`
/// map to `company.name`, `company.entity`, `company.country` of the answers file;
/// `assessed_on` and `assessor` to the top-level fields of the same names; the others to the
/// optional `company.<key>` fields.
pub const COMPANY_FIELDS: [&str; 11] = [
    "name",
    "entity",
    "country",
    "facility",
    "mid",
    "respondent",
    "respondent_title",
    "assessed_on",
    "assessor",
    "programme",
    "programme_number",
];

/// Keys of the financials sheet before the figures ([`crate::finance::Figure::ALL`], by id),
/// in the order written: the `financials:` fields of the answers file.
pub const FINANCIAL_FIELDS: [&str; 4] = ["year", "producer", "audit_opinion", "in_liquidation"];

/// Every key of the financials sheet, in the order written: [`FINANCIAL_FIELDS`], then each
/// figure's id.
pub fn financial_keys() -> impl Iterator<Item = &'static str> {
    FINANCIAL_FIELDS.into_iter().chain(
        crate::finance::Figure::ALL
            .into_iter()
            .map(crate::finance::Figure::id),
    )
}

/// Header prefixes of the answers sheet's columns, in the order written. A header cell
/// *begins with* its English name; a zh-CN workbook adds the Chinese after a space
/// (`Status 状态`). The reader finds the header row as the first of the first ten rows whose
/// column A begins with `ID`, then each column by prefix.
pub const ANSWER_COLUMNS: [&str; 11] = [
    "ID",
    "Requirement",
    "Title",
    "Question",
    "Status",
    "Evidence",
    "Note",
    "Owner",
    "Due",
    "What good looks like",
    "Validator asks for",
];

/// Columns the company fills in; every other column is locked text the reader ignores.
pub const ANSWER_INPUT_COLUMNS: [&str; 5] = ["Status", "Evidence", "Note", "Owner", "Due"];

/// Header prefixes of the best-practices sheet. `Criteria` holds ids separated by commas;
/// the five framework elements hold `yes`/`no` (or 是/否); `Evidence` one item per line.
pub const BEST_PRACTICE_COLUMNS: [&str; 8] = [
    "Title",
    "Criteria",
    "Senior management support",
    "Innovative",
    "Documented",
    "Verified",
    "Checks and balances",
    "Evidence",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issue_contract_columns_are_present_and_in_order() {
        let position = |name: &str| ANSWER_COLUMNS.iter().position(|c| *c == name);
        let contract = ["ID", "Status", "Evidence", "Note", "Owner", "Due"];
        let found: Vec<_> = contract.iter().map(|c| position(c)).collect();
        assert!(found.iter().all(Option::is_some), "{found:?}");
        assert!(found.windows(2).all(|w| w[0] < w[1]));
        for input in ANSWER_INPUT_COLUMNS {
            assert!(ANSWER_COLUMNS.contains(&input));
        }
    }

    #[test]
    fn no_header_is_a_prefix_of_another_so_prefix_matching_is_unambiguous() {
        for columns in [&ANSWER_COLUMNS[..], &BEST_PRACTICE_COLUMNS[..]] {
            for a in columns {
                for b in columns {
                    assert!(a == b || !b.starts_with(a), "{a:?} is a prefix of {b:?}");
                }
            }
        }
    }

    #[test]
    fn evidence_lines_carry_their_dates_both_ways() {
        let items = [
            Evidence::from("Seal log, 2026 [v3]"),
            Evidence {
                text: "RA-2026".into(),
                date: Some("2026-03-01".into()),
                valid_until: Some("2027-03-01".into()),
            },
            Evidence {
                text: "Seal log".into(),
                date: Some("2026-11-02".into()),
                valid_until: None,
            },
            Evidence {
                text: "ISO 28000".into(),
                date: None,
                valid_until: Some("2027-05-31".into()),
            },
        ];
        for e in &items {
            let line = evidence_line(e);
            let (text, date, until) = split_evidence_line(&line);
            assert_eq!(
                (text, date.map(str::to_string), until.map(str::to_string)),
                (e.text.as_str(), e.date.clone(), e.valid_until.clone()),
                "{line}"
            );
        }
        // As people type them in a spreadsheet, Chinese brackets and words included.
        assert_eq!(
            split_evidence_line("风险评估报告【2026年3月1日 至 2027年3月1日】"),
            ("风险评估报告", Some("2026年3月1日"), Some("2027年3月1日"))
        );
        assert_eq!(
            split_evidence_line("Audit [2026/3/1->2027/3/1]"),
            ("Audit", Some("2026/3/1"), Some("2027/3/1"))
        );
        assert_eq!(
            split_evidence_line("[2026-03-01]"),
            ("[2026-03-01]", None, None)
        );
        assert_eq!(
            split_evidence_line("Plan [next year]"),
            ("Plan [next year]", None, None)
        );
    }
}
