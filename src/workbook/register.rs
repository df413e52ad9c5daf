//! The partner register as a workbook: the contract between `ctpat partners init --output
//! register.xlsx` and `ctpat partners assess register.xlsx`.
//!
//! A `Partners` sheet holds one row per partner under a header row, the member's name in a
//! `Member` row above it; an optional `Threats` sheet one row per threat rating, a column per
//! threat category; a hidden `ctpat` sheet stamps the format. As with the questionnaire,
//! columns are found by the English prefix of their header cell (a zh-CN workbook adds the
//! Chinese after a space), rows by content, never by position, and every value keeps its cell
//! (`Partners!C5`) so the register's validation can point at it. Pure: bytes in, cells out.

use super::read;
use super::{SHEET_STAMP, STAMP_FORMAT};
use crate::diagnostic::{Diagnostic, Location};
use crate::yaml::Spanned;
use std::collections::BTreeMap;

/// The partners sheet.
pub const SHEET_PARTNERS: &str = "Partners";
/// The threat ratings sheet (optional).
pub const SHEET_THREATS: &str = "Threats";
/// Column A of the row above the header that holds the member's name in column B.
pub const MEMBER_LABEL: &str = "Member";

/// Header prefixes of the partners sheet, in the order written: the fields of a partner in
/// the YAML register. `Route` holds places separated by `;` or new lines, each `CC` or
/// `CC / region`; `Programme` is `ctpat` or `aeo`, with `Customs`, `Number` and `Checked on`
/// the rest of the certificate.
pub const PARTNER_COLUMNS: [&str; 13] = [
    "ID",
    "Name",
    "Role",
    "Country",
    "Region",
    "Route",
    "Answers",
    "Programme",
    "Customs",
    "Number",
    "Checked on",
    "Volume",
    "Notes",
];

/// Header prefixes of the threats sheet's fixed columns. Between `Region` and `Rated on`
/// comes one column per threat category of the rules, headed by the category's id.
pub const THREAT_COLUMNS: [&str; 4] = ["Country", "Region", "Rated on", "Sources"];

/// How many of the first rows are searched for a header row.
const HEADER_SEARCH_ROWS: u32 = 10;

/// One row of a sheet: its values by column name, each at its cell, and where each column is.
#[derive(Debug)]
pub(crate) struct BookRow {
    /// The row number (1-based).
    pub row: u32,
    /// Non-blank values by column name.
    pub values: BTreeMap<&'static str, Spanned<String>>,
}

/// One row of the threats sheet.
#[derive(Debug)]
pub(crate) struct ThreatRow {
    /// The fixed columns.
    pub row: BookRow,
    /// (category id at the rating's cell, rating at its cell), in the rules' order: the
    /// rating as an id when it names a level in either language, else as typed.
    pub ratings: Vec<(Spanned<String>, Spanned<String>)>,
}

/// What a register workbook holds.
#[derive(Debug)]
pub(crate) struct Book {
    /// The stamp's format, when the hidden sheet is there.
    pub format: Option<Spanned<String>>,
    /// The member's name.
    pub company: Option<Spanned<String>>,
    /// Columns of the partners sheet.
    pub columns: BTreeMap<&'static str, u32>,
    /// The partner rows, in sheet order, blank rows left out.
    pub partners: Vec<BookRow>,
    /// Columns of the threats sheet.
    pub threat_columns: BTreeMap<&'static str, u32>,
    /// The threat rows.
    pub threats: Vec<ThreatRow>,
    /// The first partner row's first cell (the finding for an empty register).
    pub header_at: Location,
    /// Problems that do not stop reading.
    pub warnings: Vec<Diagnostic>,
}

impl Book {
    /// The cell of column `name` in partners row `row`, for a value that is missing.
    #[must_use]
    pub fn partner_cell(&self, row: u32, name: &str) -> Option<Location> {
        self.columns
            .get(name)
            .map(|c| Location::cell(SHEET_PARTNERS, row, *c))
    }

    /// The cell of column `name` in threats row `row`.
    #[must_use]
    pub fn threat_cell(&self, row: u32, name: &str) -> Option<Location> {
        self.threat_columns
            .get(name)
            .map(|c| Location::cell(SHEET_THREATS, row, *c))
    }
}

type Cells = BTreeMap<(u32, u32), String>;

/// Reads a register workbook; `categories` are the rules' threat categories (the threats
/// sheet's rating columns).
///
/// # Errors
/// One diagnostic when the bytes are not a workbook ctpat can read safely, or it has no
/// `Partners` sheet (unless its stamp names another format, which the validation reports).
pub(crate) fn read(bytes: &[u8], categories: &[String]) -> Result<Book, Diagnostic> {
    let sheets = read::sheets(bytes, &[SHEET_STAMP, SHEET_PARTNERS, SHEET_THREATS])?;
    let empty = Cells::new();
    let cells = |name: &str| sheets.cells.get(name).unwrap_or(&empty);
    let format = cells(SHEET_STAMP).iter().find_map(|(&(row, column), key)| {
        let value = cells(SHEET_STAMP).get(&(row, 2))?;
        (column == 1 && key == STAMP_FORMAT)
            .then(|| Spanned::new(value.clone(), Some(Location::cell(SHEET_STAMP, row, 2))))
    });
    let other_format = format
        .as_ref()
        .is_some_and(|f| f.value != crate::partners::register::FORMAT_TAG);
    if !sheets.cells.contains_key(SHEET_PARTNERS) && !other_format {
        return Err(no_sheet(&sheets.names));
    }
    let partner_cells = cells(SHEET_PARTNERS);
    let (header_row, columns) = match header(partner_cells, "ID", &PARTNER_COLUMNS) {
        Some(found) => found,
        None if other_format => (1, BTreeMap::new()),
        None => return Err(no_header(SHEET_PARTNERS, "ID")),
    };
    let header_at = Location::cell(SHEET_PARTNERS, header_row + 1, 1);
    let company = (1..header_row).find_map(|row| {
        let label = partner_cells.get(&(row, 1))?;
        label
            .starts_with(MEMBER_LABEL)
            .then(|| partner_cells.get(&(row, 2)))
            .flatten()
            .map(|v| Spanned::new(v.clone(), Some(Location::cell(SHEET_PARTNERS, row, 2))))
    });
    let partners = rows(SHEET_PARTNERS, partner_cells, header_row, &columns);
    let threat_cells = cells(SHEET_THREATS);
    let (threat_columns, threats) = match header(threat_cells, "Country", &THREAT_COLUMNS) {
        Some((row, fixed)) => {
            let rated: Vec<(u32, &String)> = threat_cells
                .range((row, 1)..=(row, read::MAX_COLUMNS))
                .filter_map(|(&(_, c), text)| {
                    let first = text.split_whitespace().next()?;
                    let id = categories.iter().find(|id| *id == first)?;
                    Some((c, id))
                })
                .collect();
            let levels = Levels::new();
            let threats = rows(SHEET_THREATS, threat_cells, row, &fixed)
                .into_iter()
                .map(|r| {
                    let ratings = rated
                        .iter()
                        .filter_map(|(c, id)| {
                            let at = Some(Location::cell(SHEET_THREATS, r.row, *c));
                            let text = threat_cells.get(&(r.row, *c))?;
                            let value = levels.id_of(text).map_or(text.clone(), str::to_string);
                            Some((Spanned::new((*id).clone(), at), Spanned::new(value, at)))
                        })
                        .collect();
                    ThreatRow { row: r, ratings }
                })
                .collect();
            (fixed, threats)
        }
        None => (BTreeMap::new(), Vec::new()),
    };
    Ok(Book {
        format,
        company,
        columns,
        partners,
        threat_columns,
        threats,
        header_at,
        warnings: sheets.warnings,
    })
}

/// Whether a workbook is a partner register: stamped `ctpat-partners/1`, or unstamped with a
/// `Partners` sheet and no questionnaire `Answers` sheet. `false` for bytes that cannot be
/// read as a workbook (the questionnaire reader then says why).
#[must_use]
pub fn is_register(bytes: &[u8]) -> bool {
    let Ok(sheets) = read::sheets(bytes, &[SHEET_STAMP]) else {
        return false;
    };
    let stamp = sheets.cells.get(SHEET_STAMP);
    let format = stamp.and_then(|cells| {
        cells
            .iter()
            .find(|(&(_, column), key)| column == 1 && *key == STAMP_FORMAT)
            .and_then(|(&(row, _), _)| cells.get(&(row, 2)))
    });
    let has = |name: &str| sheets.names.iter().any(|n| n == name);
    match format {
        Some(f) => f == crate::partners::register::FORMAT_TAG,
        None => has(SHEET_PARTNERS) && !has(super::SHEET_ANSWERS),
    }
}

/// The header row (the first of the first rows whose column A begins with `first`) and each
/// named column's number.
fn header(
    cells: &Cells,
    first: &str,
    names: &[&'static str],
) -> Option<(u32, BTreeMap<&'static str, u32>)> {
    let row = (1..=HEADER_SEARCH_ROWS)
        .find(|r| cells.get(&(*r, 1)).is_some_and(|t| t.starts_with(first)))?;
    let mut columns = BTreeMap::new();
    for (&(_, column), text) in cells.range((row, 1)..=(row, read::MAX_COLUMNS)) {
        if let Some(name) = names.iter().find(|n| text.starts_with(**n)) {
            columns.entry(*name).or_insert(column);
        }
    }
    Some((row, columns))
}

/// The rows under the header with any value in a named column.
fn rows(
    sheet: &'static str,
    cells: &Cells,
    header_row: u32,
    columns: &BTreeMap<&'static str, u32>,
) -> Vec<BookRow> {
    let last_row = cells.keys().next_back().map_or(0, |(r, _)| *r);
    (header_row + 1..=last_row)
        .filter_map(|row| {
            let values: BTreeMap<&'static str, Spanned<String>> = columns
                .iter()
                .filter_map(|(name, c)| {
                    let text = cells.get(&(row, *c)).filter(|t| !t.is_empty())?;
                    let at = Some(Location::cell(sheet, row, *c));
                    Some((*name, Spanned::new(text.clone(), at)))
                })
                .collect();
            (!values.is_empty()).then_some(BookRow { row, values })
        })
        .collect()
}

fn no_sheet(found: &[String]) -> Diagnostic {
    Diagnostic::error(
        "workbook-no-partners-sheet",
        None,
        format!("the workbook has no sheet named `{SHEET_PARTNERS}`"),
    )
    .with_help(format!(
        "a partner register workbook is made by `ctpat partners init --output register.xlsx`; sheets found: {}",
        found.join(", ")
    ))
    .translated()
    .arg("sheet", SHEET_PARTNERS)
    .arg("found", found.join(", "))
}

fn no_header(sheet: &'static str, column: &'static str) -> Diagnostic {
    Diagnostic::error(
        "workbook-no-header",
        Some(Location::cell(sheet, 1, 1)),
        format!("no header row with a `{column}` column in the first {HEADER_SEARCH_ROWS} rows of sheet {sheet}"),
    )
    .with_help("the header row's cells begin with ID, Name, Role and Country; restore it from the register ctpat made")
    .message_template("workbook-no-header")
    .help_template("workbook-register-no-header")
    .arg("sheet", sheet)
    .arg("column", column)
    .arg("rows", HEADER_SEARCH_ROWS)
}

/// The level labels of both languages (`partners:level-*`), and the plain ids.
struct Levels {
    /// (id, English label, Chinese label).
    labels: Vec<(&'static str, String, String)>,
}

impl Levels {
    fn new() -> Levels {
        let en = crate::messages::Messages::embedded(crate::text::Lang::En);
        let zh = crate::messages::Messages::embedded(crate::text::Lang::ZhCn);
        Levels {
            labels: crate::partners::Level::ALL
                .iter()
                .map(|l| {
                    let key = format!("partners:level-{}", l.id());
                    (
                        l.id(),
                        en.get(&key).to_lowercase(),
                        zh.get(&key).to_string(),
                    )
                })
                .collect(),
        }
    }

    /// The level id a cell names: the id or a label of either language, or both (`高 high`).
    fn id_of(&self, text: &str) -> Option<&'static str> {
        let words: Vec<String> = text
            .split(|c: char| c.is_whitespace() || "/()（）".contains(c))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            return None;
        }
        self.labels.iter().find_map(|(id, en, zh)| {
            words
                .iter()
                .all(|w| w == id || w == en || w == zh)
                .then_some(*id)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_header_is_a_prefix_of_another_so_prefix_matching_is_unambiguous() {
        for columns in [&PARTNER_COLUMNS[..], &THREAT_COLUMNS[..]] {
            for a in columns {
                for b in columns {
                    assert!(a == b || !b.starts_with(a), "{a:?} is a prefix of {b:?}");
                }
            }
        }
    }

    #[test]
    fn rating_cells_accept_ids_and_labels_of_both_languages() {
        let levels = Levels::new();
        for (text, id) in [
            ("high", "high"),
            ("High", "high"),
            ("高", "high"),
            ("中 medium", "medium"),
            ("低（low）", "low"),
        ] {
            assert_eq!(levels.id_of(text), Some(id), "{text}");
        }
        for text in ["severe", "", "高 low"] {
            assert_eq!(levels.id_of(text), None, "{text}");
        }
    }
}
