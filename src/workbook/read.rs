//! Reading a filled questionnaire workbook (`.xlsx`) back as answers, safely.
//!
//! A workbook is a zip of XML parts, and a hostile one can be small on disk and huge once
//! inflated. So before `calamine` sees a byte, [`read`] checks the zip's central directory
//! (entry count, each part's declared size, their total, encryption, compression method,
//! macros, an OpenDocument file under an `.xlsx` name) and then inflates every part once
//! through a bounded reader, so a directory that lies about sizes is caught too; shared
//! strings are counted on the way. Sheets are then read cell by cell with a cap on cells, and
//! only the cells the layout needs are kept. Formulas are never evaluated: a formula cell
//! gives its cached value.
//!
//! The layout is the contract of [`super`]: answer rows are matched by the criterion id in
//! the `ID` column, columns by their header's English prefix, and every value keeps its cell
//! (`Answers!E17`) so the answers' validation can point at it. Pure: bytes in, values out.

use super::{
    financial_keys, ANSWER_COLUMNS, BEST_PRACTICE_COLUMNS, COMPANY_FIELDS, COMPANY_KEY_COLUMN,
    COMPANY_VALUE_COLUMN, SHEET_ANSWERS, SHEET_BEST_PRACTICES, SHEET_COMPANY, SHEET_FINANCIALS,
    SHEET_STAMP, STAMP_CRITERIA_SHA256, STAMP_CRITERIA_VERSION, STAMP_ENTITY, STAMP_FORMAT,
};
use crate::answers::Status;
use crate::diagnostic::{Diagnostic, Location};
use crate::messages::Messages;
use crate::text::Lang;
use crate::yaml::Spanned;
use calamine::{DataRef, Reader as _, Xlsx};
use std::collections::BTreeMap;
use std::io::{Cursor, Read as _};

/// Most entries (parts) a workbook's zip may hold. Excel writes about a dozen.
pub const MAX_ZIP_ENTRIES: usize = 1_000;
/// Largest size one part may have once inflated (a filled questionnaire's sheet is ~200 KiB).
pub const MAX_PART_BYTES: u64 = 16 * 1024 * 1024;
/// Largest total size of all parts once inflated.
pub const MAX_INFLATED_BYTES: u64 = 48 * 1024 * 1024;
/// Most shared strings (distinct texts) a workbook may hold.
pub const MAX_SHARED_STRINGS: usize = 200_000;
/// Most cells read from one sheet, empty formatted cells included.
pub const MAX_CELLS_PER_SHEET: usize = 200_000;
/// Rows beyond this one are not read (the questionnaire has a few hundred).
pub const MAX_ROWS: u32 = 10_000;
/// Columns beyond this one are not read (the questionnaire has eleven).
pub const MAX_COLUMNS: u32 = 64;
/// Longest text one cell may hold, in characters: Excel's own limit.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Most text kept from all sheets together, in bytes (one shared string can be referenced by
/// every cell, so this is counted per cell, not per string).
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;
/// How many of the first rows are searched for a sheet's header row.
const HEADER_SEARCH_ROWS: u32 = 10;

/// What the first bytes of an input say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A zip file: a workbook, or something else zipped.
    Zip,
    /// An OLE compound file: an encrypted (password-protected) workbook or a legacy `.xls`.
    Ole,
    /// Anything else: read as YAML text.
    Text,
}

/// Tells an input's kind by its content (not its name).
#[must_use]
pub fn kind(bytes: &[u8]) -> Kind {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Kind::Zip
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Kind::Ole
    } else {
        Kind::Text
    }
}

/// One cell's value as the reader needs it.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Text(String),
    Number(f64),
    /// A date cell, as `YYYY-MM-DD`.
    Date(String),
    Bool(bool),
}

impl Value {
    /// The value as text, the way the cell shows it.
    fn text(&self) -> String {
        match self {
            Value::Text(t) | Value::Date(t) => t.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
        }
    }
}

/// A sheet's kept cells by 1-based (row, column).
type Cells = BTreeMap<(u32, u32), Value>;

/// The stamp of a workbook made by ctpat.
#[derive(Debug, Clone)]
pub(crate) struct Stamp {
    /// `ctpat-answers/1` in a ctpat workbook.
    pub format: Spanned<String>,
    /// The criteria version it was made for.
    pub criteria_version: Option<Spanned<String>>,
    /// The SHA-256 of the catalog it was made from.
    pub criteria_sha256: Option<Spanned<String>>,
}

/// One answer row of the questions sheet.
#[derive(Debug)]
pub(crate) struct Row {
    /// The criterion id as written, at its cell.
    pub id: Spanned<String>,
    /// The status id (drop-down labels already turned into ids), or the text as typed;
    /// `None` when the cell is empty.
    pub status: Option<Spanned<String>>,
    /// One item per line of the evidence cell.
    pub evidence: Vec<Spanned<String>>,
    /// The note.
    pub note: Option<String>,
    /// The owner.
    pub owner: Option<String>,
    /// The due date, normalised to `YYYY-MM-DD` when it is one.
    pub due: Option<Spanned<String>>,
}

/// One row of the best-practices sheet.
#[derive(Debug)]
pub(crate) struct Practice {
    /// What it is.
    pub title: Spanned<String>,
    /// The ids it goes beyond.
    pub criteria: Vec<Spanned<String>>,
    /// The five framework elements, in [`crate::answers::BEST_PRACTICE_ELEMENTS`] order.
    pub elements: [bool; 5],
    /// One item per line.
    pub evidence: Vec<String>,
}

/// What a workbook holds, each value with its cell.
#[derive(Debug)]
pub(crate) struct Workbook {
    /// The stamp, when the hidden sheet is there.
    pub stamp: Option<Stamp>,
    /// The entity type of the stamp.
    pub stamp_entity: Option<String>,
    /// Company sheet values by field key ([`COMPANY_FIELDS`]); blank values left out.
    pub company: BTreeMap<&'static str, Spanned<String>>,
    /// Where the company sheet's value for a missing field would go.
    pub company_at: Option<Location>,
    /// The answer rows, in sheet order.
    pub rows: Vec<Row>,
    /// The best-practice rows.
    pub practices: Vec<Practice>,
    /// Financials sheet values by key ([`super::financial_keys`]) as the cells show them
    /// (a number as its shortest exact text, `1250000.5`); blank values left out, empty
    /// when the sheet is not there.
    pub financials: BTreeMap<&'static str, Spanned<String>>,
    /// Problems that do not stop reading (no stamp, external links ignored).
    pub warnings: Vec<Diagnostic>,
}

/// Reads a questionnaire workbook from its bytes.
///
/// # Errors
/// One diagnostic when the bytes are not a workbook ctpat can read safely: not a zip, an
/// encrypted or legacy file, an OpenDocument file, macros, sizes over the limits, no
/// `Answers` sheet or no header row.
pub(crate) fn read(bytes: &[u8]) -> Result<Workbook, Diagnostic> {
    if kind(bytes) == Kind::Ole {
        return Err(ole_error(bytes));
    }
    let mut warnings = check_zip(bytes)?;
    let mut xlsx = Xlsx::new(Cursor::new(bytes)).map_err(|e| corrupt(&e.to_string()))?;
    let names = xlsx.sheet_names();
    let has = |sheet: &str| names.iter().any(|n| n == sheet);
    if !has(SHEET_ANSWERS) {
        return Err(Diagnostic::error(
            "workbook-no-answers-sheet",
            None,
            format!("the workbook has no sheet named `{SHEET_ANSWERS}`"),
        )
        .with_help(format!(
            "ctpat reads the questionnaire made by `ctpat init --output FILE.xlsx`; its sheets are {SHEET_COMPANY}, {SHEET_ANSWERS} and {SHEET_BEST_PRACTICES}; sheets found: {}",
            names.join(", ")
        ))
        .translated()
        .arg("sheet", SHEET_ANSWERS)
        .arg("company", SHEET_COMPANY)
        .arg("practices", SHEET_BEST_PRACTICES)
        .arg("found", names.join(", ")));
    }
    let mut budget = MAX_TEXT_BYTES;
    let mut sheet = |name: &'static str| -> Result<Cells, Diagnostic> {
        if has(name) {
            cells(&mut xlsx, name, &mut budget)
        } else {
            Ok(Cells::new())
        }
    };
    let stamp_cells = sheet(SHEET_STAMP)?;
    let company_cells = sheet(SHEET_COMPANY)?;
    let answer_cells = sheet(SHEET_ANSWERS)?;
    let practice_cells = sheet(SHEET_BEST_PRACTICES)?;
    let financial_cells = sheet(SHEET_FINANCIALS)?;
    let (stamp, stamp_entity) = stamp(&stamp_cells);
    if stamp.is_none() {
        warnings.push(
            Diagnostic::warning(
                "workbook-unstamped",
                None,
                format!(
                    "the workbook has no `{SHEET_STAMP}` sheet, so it was not made by ctpat; it is read by its header row"
                ),
            )
            .with_help(
                "check the scores with care, or start from a questionnaire made by `ctpat init --output FILE.xlsx`",
            )
            .translated()
            .arg("sheet", SHEET_STAMP),
        );
    }
    let labels = StatusLabels::new();
    let (company, company_at) = company(&company_cells);
    let keys: Vec<&'static str> = financial_keys().collect();
    let (financials, _) = keyed(&financial_cells, SHEET_FINANCIALS, &keys);
    Ok(Workbook {
        stamp,
        stamp_entity,
        company,
        company_at,
        rows: answer_rows(&answer_cells, &labels)?,
        practices: practices(&practice_cells),
        financials,
        warnings,
    })
}

/// The cells of some sheets of a workbook, as text, with the same checks as [`read`].
#[derive(Debug)]
pub(crate) struct Sheets {
    /// Every sheet's name, in workbook order.
    pub names: Vec<String>,
    /// The kept cells of each wanted sheet present, by 1-based (row, column): trimmed text,
    /// a date cell as `YYYY-MM-DD`, a number as it shows (`120`).
    pub cells: BTreeMap<&'static str, BTreeMap<(u32, u32), String>>,
    /// Problems that do not stop reading (external links ignored).
    pub warnings: Vec<Diagnostic>,
}

/// Reads the sheets named `wanted` of a workbook that is not a questionnaire (the partner
/// register), through the same zip checks, limits and cell reader as [`read`].
///
/// # Errors
/// One diagnostic when the bytes are not a workbook ctpat can read safely.
pub(crate) fn sheets(bytes: &[u8], wanted: &[&'static str]) -> Result<Sheets, Diagnostic> {
    if kind(bytes) == Kind::Ole {
        return Err(ole_error(bytes));
    }
    let warnings = check_zip(bytes)?;
    let mut xlsx = Xlsx::new(Cursor::new(bytes)).map_err(|e| corrupt(&e.to_string()))?;
    let names = xlsx.sheet_names();
    let mut budget = MAX_TEXT_BYTES;
    let mut out = BTreeMap::new();
    for name in wanted {
        if !names.iter().any(|n| n == name) {
            continue;
        }
        let texts = cells(&mut xlsx, name, &mut budget)?
            .into_iter()
            .map(|(at, v)| (at, v.text().trim().to_string()))
            .collect();
        out.insert(*name, texts);
    }
    Ok(Sheets {
        names,
        cells: out,
        warnings,
    })
}

/// An encrypted workbook or a legacy `.xls`: both are OLE compound files.
fn ole_error(bytes: &[u8]) -> Diagnostic {
    // An encrypted OOXML package keeps its content in a stream named `EncryptedPackage`
    // (UTF-16 in the compound file's directory).
    let marker: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    if bytes.windows(marker.len()).any(|w| w == marker.as_slice()) {
        Diagnostic::error(
            "workbook-encrypted",
            None,
            "the workbook is protected with a password (encrypted)",
        )
        .with_help("open it, remove the password (File → Info → Protect Workbook, or Save As without a password) and save it again as .xlsx")
        .translated()
    } else {
        Diagnostic::error(
            "workbook-legacy",
            None,
            "this is an old Excel 97-2003 file (.xls), not an .xlsx workbook",
        )
        .with_help("open it and save it as an Excel workbook (.xlsx)")
        .translated()
    }
}

fn corrupt(detail: &str) -> Diagnostic {
    Diagnostic::error(
        "workbook-corrupt",
        None,
        format!("the workbook cannot be read: {detail}"),
    )
    .with_help("open it in a spreadsheet program and save it again as .xlsx, or ask for a new copy")
    .translated()
    .arg("detail", detail)
}

fn too_large(what: &str, limit: u64) -> Diagnostic {
    Diagnostic::error(
        "workbook-too-large",
        None,
        format!("the workbook is too large to read safely: {what} (limit {limit})"),
    )
    .with_help("a filled questionnaire is far smaller; save only the questionnaire's sheets, or ask for the original file")
    .translated()
    .arg("what", what)
    .arg("limit", limit)
}

/// Checks the zip's directory, then inflates each part through a bounded reader. Returns the
/// warnings (external links ignored).
fn check_zip(bytes: &[u8]) -> Result<Vec<Diagnostic>, Diagnostic> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(&e.to_string()))?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(too_large(
            &format!("{} parts in the zip", zip.len()),
            MAX_ZIP_ENTRIES as u64,
        ));
    }
    let mut total: u64 = 0;
    let mut names = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| corrupt(&e.to_string()))?;
        let name = entry
            .name()
            .map_err(|e| corrupt(&e.to_string()))?
            .trim_start_matches('/')
            .to_ascii_lowercase();
        if entry.encrypted() {
            return Err(ole_like_encrypted());
        }
        if !matches!(
            entry.compression(),
            zip::CompressionMethod::Stored | zip::CompressionMethod::Deflated
        ) {
            return Err(corrupt(&format!(
                "part {name} uses an unsupported compression method"
            )));
        }
        if entry.size() > MAX_PART_BYTES {
            return Err(too_large(
                &format!("part {name} inflates to {} bytes", entry.size()),
                MAX_PART_BYTES,
            ));
        }
        total = total.saturating_add(entry.size());
        if total > MAX_INFLATED_BYTES {
            return Err(too_large(
                &format!("the parts inflate to more than {MAX_INFLATED_BYTES} bytes"),
                MAX_INFLATED_BYTES,
            ));
        }
        names.push((name, entry.size()));
    }
    let has = |n: &str| names.iter().any(|(name, _)| name == n);
    if has("mimetype") || has("content.xml") {
        return Err(Diagnostic::error(
            "workbook-opendocument",
            None,
            "this is an OpenDocument spreadsheet (.ods) with another name, not an .xlsx workbook",
        )
        .with_help("open it and save it as an Excel workbook (.xlsx)")
        .translated());
    }
    if !has("[content_types].xml") {
        return Err(corrupt("it is a zip file but not an Office workbook"));
    }
    if names
        .iter()
        .any(|(n, _)| n.ends_with("vbaproject.bin") || n.ends_with(".bin") && n.contains("vba"))
    {
        return Err(macros());
    }
    // Inflate every part once, bounded by its declared size: a directory that understates a
    // part's size is caught here, before calamine allocates for it.
    for (i, (name, declared)) in names.iter().enumerate() {
        let entry = zip.by_index(i).map_err(|e| corrupt(&e.to_string()))?;
        let shared = name.ends_with("sharedstrings.xml");
        let content_types = name == "[content_types].xml";
        let scan = inflate_bounded(entry, *declared, shared, content_types)
            .map_err(|e| corrupt(&format!("part {name}: {e}")))?;
        if scan.read > *declared {
            return Err(too_large(
                &format!("part {name} inflates past the size its directory declares"),
                *declared,
            ));
        }
        if scan.strings > MAX_SHARED_STRINGS {
            return Err(too_large(
                &format!("more than {MAX_SHARED_STRINGS} shared strings"),
                MAX_SHARED_STRINGS as u64,
            ));
        }
        if scan.macro_enabled {
            return Err(macros());
        }
    }
    let mut warnings = Vec::new();
    if names
        .iter()
        .any(|(n, _)| n.starts_with("xl/externallinks/"))
    {
        warnings.push(
            Diagnostic::warning(
                "workbook-external-links",
                None,
                "the workbook links to other files; the links are ignored and only the values saved in this file are read",
            )
            .with_help("check that the answers do not depend on another file")
            .translated(),
        );
    }
    Ok(warnings)
}

fn ole_like_encrypted() -> Diagnostic {
    Diagnostic::error(
        "workbook-encrypted",
        None,
        "the workbook is protected with a password (encrypted)",
    )
    .with_help("open it, remove the password (File → Info → Protect Workbook, or Save As without a password) and save it again as .xlsx")
    .translated()
}

fn macros() -> Diagnostic {
    Diagnostic::error(
        "workbook-macros",
        None,
        "the workbook contains macros (VBA); ctpat refuses workbooks with macros and never runs them",
    )
    .with_help("save it as an Excel workbook without macros (.xlsx), then run ctpat again")
    .translated()
}

/// What inflating one part found.
struct Scan {
    /// Bytes inflated (at most the declared size plus one).
    read: u64,
    /// Shared strings counted (`<si>` elements), in the shared-strings part.
    strings: usize,
    /// Whether `[Content_Types].xml` declares a macro-enabled workbook.
    macro_enabled: bool,
}

/// Inflates a part into nothing, stopping one byte past `declared`; counts `<si` elements
/// when `shared`, and looks for a macro-enabled content type when `content_types`.
fn inflate_bounded(
    entry: impl std::io::Read,
    declared: u64,
    shared: bool,
    content_types: bool,
) -> std::io::Result<Scan> {
    let mut limited = entry.take(declared.saturating_add(1));
    let mut buf = vec![0u8; 64 * 1024];
    let mut scan = Scan {
        read: 0,
        strings: 0,
        macro_enabled: false,
    };
    // The last bytes of the previous chunk, so a token split across chunks is still seen.
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let n = limited.read(&mut buf)?;
        if n == 0 {
            break;
        }
        scan.read += n as u64;
        if shared || content_types {
            let mut window = std::mem::take(&mut carry);
            let skip = window.len();
            window.extend_from_slice(&buf[..n]);
            if shared {
                // Count tokens that start in the new bytes only.
                scan.strings += window
                    .windows(4)
                    .enumerate()
                    .filter(|(i, w)| {
                        i + 3 >= skip && w[..3] == *b"<si" && matches!(w[3], b'>' | b' ' | b'/')
                    })
                    .count();
                if scan.strings > MAX_SHARED_STRINGS {
                    break;
                }
            }
            if content_types
                && window
                    .windows(b"macroenabled".len())
                    .any(|w| w.eq_ignore_ascii_case(b"macroenabled"))
            {
                scan.macro_enabled = true;
            }
            let keep = window.len().saturating_sub(16);
            carry = window[keep..].to_vec();
        }
    }
    Ok(scan)
}

/// Reads the cells of `sheet`, keeping those within [`MAX_ROWS`] × [`MAX_COLUMNS`], their
/// text taken from `budget` (bytes left of [`MAX_TEXT_BYTES`]).
fn cells(
    xlsx: &mut Xlsx<Cursor<&[u8]>>,
    sheet: &'static str,
    budget: &mut usize,
) -> Result<Cells, Diagnostic> {
    let mut reader = xlsx
        .worksheet_cells_reader(sheet)
        .map_err(|e| corrupt(&format!("sheet {sheet}: {e}")))?;
    let mut out = Cells::new();
    let mut seen = 0usize;
    while let Some(cell) = reader
        .next_cell()
        .map_err(|e| corrupt(&format!("sheet {sheet}: {e}")))?
    {
        seen += 1;
        let (row, column) = cell.get_position();
        if seen > MAX_CELLS_PER_SHEET {
            let at = Location::cell(sheet, row.saturating_add(1), column.saturating_add(1));
            return Err(Diagnostic::error(
                "workbook-too-many-cells",
                Some(at),
                format!("sheet {sheet} has more than {MAX_CELLS_PER_SHEET} cells"),
            )
            .with_help("a filled questionnaire has a few thousand; delete the rows and columns that are not part of it")
            .translated()
            .arg("sheet", sheet)
            .arg("limit", MAX_CELLS_PER_SHEET));
        }
        if row >= MAX_ROWS || column >= MAX_COLUMNS {
            continue;
        }
        let at = || Location::cell(sheet, row + 1, column + 1);
        let mut text = |s: &str| -> Result<Value, Diagnostic> {
            if s.len() > MAX_CELL_CHARS && s.chars().count() > MAX_CELL_CHARS {
                return Err(Diagnostic::error(
                    "workbook-cell-too-long",
                    Some(at()),
                    format!("the cell holds more than {MAX_CELL_CHARS} characters"),
                )
                .with_help("spreadsheet programs do not write longer cells; shorten it, or ask for the original file")
                .translated()
                .arg("limit", MAX_CELL_CHARS));
            }
            if s.len() > *budget {
                return Err(too_large(
                    &format!("more than {MAX_TEXT_BYTES} bytes of text in its cells"),
                    MAX_TEXT_BYTES as u64,
                ));
            }
            *budget -= s.len();
            Ok(Value::Text(s.to_string()))
        };
        let value = match cell.get_value() {
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => text(s)?,
            DataRef::SharedString(s) => text(s)?,
            DataRef::Int(i) => {
                #[allow(clippy::cast_precision_loss)]
                let n = *i as f64;
                Value::Number(n)
            }
            DataRef::Float(f) => Value::Number(*f),
            DataRef::Bool(b) => Value::Bool(*b),
            DataRef::DateTime(d) if d.is_datetime() => {
                let (y, m, day, ..) = d.to_ymd_hms_milli();
                Value::Date(format!("{y:04}-{m:02}-{day:02}"))
            }
            DataRef::DateTime(d) => Value::Number(d.as_f64()),
            DataRef::Error(_) | DataRef::Empty => continue,
        };
        if matches!(&value, Value::Text(t) if t.trim().is_empty()) {
            continue;
        }
        out.insert((row + 1, column + 1), value);
    }
    Ok(out)
}

/// The text of a cell, trimmed; `None` when blank.
fn text_at(cells: &Cells, row: u32, column: u32) -> Option<String> {
    cells
        .get(&(row, column))
        .map(|v| v.text().trim().to_string())
        .filter(|t| !t.is_empty())
}

/// The stamp sheet: keys in column A, values in column B.
fn stamp(cells: &Cells) -> (Option<Stamp>, Option<String>) {
    let mut values: BTreeMap<String, Spanned<String>> = BTreeMap::new();
    for (&(row, column), value) in cells {
        if column != 1 {
            continue;
        }
        if let Some(v) = text_at(cells, row, 2) {
            values.insert(
                value.text().trim().to_string(),
                Spanned::new(v, Some(Location::cell(SHEET_STAMP, row, 2))),
            );
        }
    }
    let Some(format) = values.remove(STAMP_FORMAT) else {
        return (None, None);
    };
    let entity = values.remove(STAMP_ENTITY).map(|e| e.value);
    (
        Some(Stamp {
            format,
            criteria_version: values.remove(STAMP_CRITERIA_VERSION),
            criteria_sha256: values.remove(STAMP_CRITERIA_SHA256),
        }),
        entity,
    )
}

/// The company sheet: the value in column B of the row whose hidden column D holds the key.
fn company(cells: &Cells) -> (BTreeMap<&'static str, Spanned<String>>, Option<Location>) {
    keyed(cells, SHEET_COMPANY, &COMPANY_FIELDS)
}

/// A sheet laid out like the company sheet (the financials): the value in column B of each
/// row whose hidden column D holds one of `keys`, blank values left out; and where the first
/// key's value goes.
fn keyed(
    cells: &Cells,
    sheet: &'static str,
    keys: &[&'static str],
) -> (BTreeMap<&'static str, Spanned<String>>, Option<Location>) {
    let key_column = u32::from(COMPANY_KEY_COLUMN) + 1;
    let value_column = u32::from(COMPANY_VALUE_COLUMN) + 1;
    let mut out = BTreeMap::new();
    let mut first = None;
    for (&(row, column), key) in cells {
        if column != key_column {
            continue;
        }
        let key = key.text();
        let Some(field) = keys.iter().find(|f| **f == key.trim()) else {
            continue;
        };
        let at = Location::cell(sheet, row, value_column);
        first.get_or_insert(at);
        let Some(value) = cells.get(&(row, value_column)) else {
            continue;
        };
        let text = match value {
            Value::Date(d) => d.clone(),
            v => v.text().trim().to_string(),
        };
        if !text.is_empty() {
            out.insert(*field, Spanned::new(text, Some(at)));
        }
    }
    (out, first)
}

/// Columns of a sheet found by header prefix: the header row and each name's column.
fn header(
    cells: &Cells,
    first: &str,
    names: &[&'static str],
) -> Option<(u32, BTreeMap<&'static str, u32>)> {
    let row = (1..=HEADER_SEARCH_ROWS)
        .find(|r| text_at(cells, *r, 1).is_some_and(|t| t.starts_with(first)))?;
    let mut columns = BTreeMap::new();
    for (&(r, column), value) in cells.range((row, 1)..=(row, MAX_COLUMNS)) {
        debug_assert_eq!(r, row);
        let text = value.text();
        let text = text.trim();
        if let Some(name) = names.iter().find(|n| text.starts_with(**n)) {
            columns.entry(*name).or_insert(column);
        }
    }
    Some((row, columns))
}

/// Whether `text` looks like a criterion id (`12.10`), so a row holding it is an answer row.
fn looks_like_id(text: &str) -> bool {
    let mut parts = text.trim().split('.');
    let ok =
        |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    ok(parts.next()) && ok(parts.next()) && parts.next().is_none()
}

/// The answer rows of the questions sheet.
fn answer_rows(cells: &Cells, labels: &StatusLabels) -> Result<Vec<Row>, Diagnostic> {
    let Some((header_row, columns)) = header(cells, "ID", &ANSWER_COLUMNS) else {
        return Err(no_header(SHEET_ANSWERS, "ID"));
    };
    let (Some(&id_column), Some(_)) = (columns.get("ID"), columns.get("Status")) else {
        return Err(no_header(SHEET_ANSWERS, "Status"));
    };
    let at = |row: u32, column: u32| Some(Location::cell(SHEET_ANSWERS, row, column));
    let column = |name: &str| columns.get(name).copied();
    let last_row = cells.keys().next_back().map_or(0, |(r, _)| *r);
    let mut rows = Vec::new();
    for row in header_row + 1..=last_row {
        let input = |name: &str| column(name).and_then(|c| text_at(cells, row, c));
        let filled = ["Status", "Evidence", "Note", "Owner", "Due"]
            .iter()
            .any(|n| input(n).is_some());
        let id = match cells.get(&(row, id_column)) {
            Some(Value::Number(n)) => {
                // 12.10 typed as a number reads 12.1, another real criterion: never guess.
                return Err(Diagnostic::error(
                    "workbook-numeric-id",
                    at(row, id_column),
                    format!("the ID cell holds the number {n}, not an id as text"),
                )
                .with_help("type the id as text (start it with an apostrophe, '12.10): as a number, 12.10 reads as 12.1, another criterion")
                .translated()
                .arg("value", n));
            }
            Some(v) => v.text().trim().to_string(),
            None => String::new(),
        };
        // Blank rows and category headings (text in column A, nothing to answer) are skipped.
        if !looks_like_id(&id) && !filled {
            continue;
        }
        let status = column("Status").and_then(|c| {
            text_at(cells, row, c)
                .map(|t| Spanned::new(labels.id_of(&t).map_or(t, str::to_string), at(row, c)))
        });
        let evidence = column("Evidence")
            .and_then(|c| text_at(cells, row, c).map(|t| (c, t)))
            .map(|(c, t)| {
                t.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(|l| Spanned::new(l.to_string(), at(row, c)))
                    .collect()
            })
            .unwrap_or_default();
        let due = column("Due").and_then(|c| {
            cells.get(&(row, c)).map(|v| {
                let text = v.text();
                let value = crate::calendar::normalize_date(&text).unwrap_or(text);
                Spanned::new(value.trim().to_string(), at(row, c))
            })
        });
        rows.push(Row {
            id: Spanned::new(id, at(row, id_column)),
            status,
            evidence,
            note: input("Note"),
            owner: input("Owner"),
            due,
        });
    }
    Ok(rows)
}

fn no_header(sheet: &'static str, column: &'static str) -> Diagnostic {
    Diagnostic::error(
        "workbook-no-header",
        Some(Location::cell(sheet, 1, 1)),
        format!("no header row with a `{column}` column in the first {HEADER_SEARCH_ROWS} rows of sheet {sheet}"),
    )
    .with_help("the header row's cells begin with ID, Status, Evidence, Note, Owner and Due; restore it from the questionnaire ctpat made")
    .translated()
    .arg("sheet", sheet)
    .arg("column", column)
    .arg("rows", HEADER_SEARCH_ROWS)
}

/// The best-practices sheet, when it has a header row.
fn practices(cells: &Cells) -> Vec<Practice> {
    let Some((header_row, columns)) = header(cells, "Title", &BEST_PRACTICE_COLUMNS) else {
        return Vec::new();
    };
    let last_row = cells.keys().next_back().map_or(0, |(r, _)| *r);
    let mut out = Vec::new();
    for row in header_row + 1..=last_row {
        let get = |name: &str| columns.get(name).and_then(|c| text_at(cells, row, *c));
        if BEST_PRACTICE_COLUMNS.iter().all(|n| get(n).is_none()) {
            continue;
        }
        let at = |name: &str| {
            columns
                .get(name)
                .map(|c| Location::cell(SHEET_BEST_PRACTICES, row, *c))
        };
        let criteria = get("Criteria")
            .map(|t| {
                t.split(|c: char| {
                    c == ',' || c == '，' || c == '、' || c == ';' || c.is_whitespace()
                })
                .filter(|s| !s.is_empty())
                .map(|s| Spanned::new(s.to_string(), at("Criteria")))
                .collect()
            })
            .unwrap_or_default();
        let yes = |name: &str| get(name).is_some_and(|t| is_yes(&t));
        out.push(Practice {
            title: Spanned::new(get("Title").unwrap_or_default(), at("Title")),
            criteria,
            elements: [
                yes("Senior management support"),
                yes("Innovative"),
                yes("Documented"),
                yes("Verified"),
                yes("Checks and balances"),
            ],
            evidence: get("Evidence")
                .map(|t| {
                    t.lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
        });
    }
    out
}

/// A yes-or-no cell as a flag: the words of [`is_yes`], or `no`, `n`, `false`, `否`, `0`;
/// `None` for anything else.
pub(crate) fn yes_no(text: &str) -> Option<bool> {
    let t = text.trim().to_lowercase();
    let first = t.split_whitespace().next().unwrap_or_default();
    if is_yes(first) {
        Some(true)
    } else {
        matches!(first, "no" | "n" | "false" | "否" | "0").then_some(false)
    }
}

/// Whether a framework cell says yes (`yes`, `y`, `true`, `x`, `✓`, `是`, `1`).
pub(crate) fn is_yes(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    let first = t.split_whitespace().next().unwrap_or_default();
    matches!(first, "yes" | "y" | "true" | "x" | "✓" | "✔" | "是" | "1")
}

/// The status drop-down labels of both languages, and the plain ids.
struct StatusLabels {
    /// (id, English label, Chinese label).
    labels: Vec<(&'static str, String, String)>,
}

impl StatusLabels {
    fn new() -> StatusLabels {
        let en = Messages::embedded(Lang::En);
        let zh = Messages::embedded(Lang::ZhCn);
        let mut labels: Vec<(&'static str, String, String)> = Status::IDS
            .iter()
            .map(|id| {
                let key = format!("status:{id}");
                (*id, en.get(&key).to_lowercase(), zh.get(&key).to_string())
            })
            .collect();
        // Another programme's words for the same statuses (China Customs' 达标 …), which
        // a workbook made for its catalog offers in the drop-down.
        for (key, text) in en.all() {
            let Some((base, _programme)) = key.split_once('@') else {
                continue;
            };
            if let Some(id) = Status::IDS
                .iter()
                .find(|id| base.strip_prefix("status:") == Some(**id))
            {
                labels.push((id, text.en.to_lowercase(), text.zh_cn.clone()));
            }
        }
        StatusLabels { labels }
    }

    /// The status id a cell's text names: the id, a label in either language, or both
    /// labels together (`已落实 implemented`, `已落实（Implemented）`).
    fn id_of(&self, text: &str) -> Option<&'static str> {
        let plain = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect()
        };
        let wanted = plain(text);
        if wanted.is_empty() {
            return None;
        }
        self.labels.iter().find_map(|(id, en, zh)| {
            let (id_plain, en_plain) = (plain(id), plain(en));
            let matches = |s: &str| s == id_plain || s == en_plain;
            let hit = matches(&wanted)
                || wanted == *zh
                || wanted.strip_prefix(zh.as_str()).is_some_and(&matches)
                || wanted.strip_suffix(zh.as_str()).is_some_and(&matches);
            hit.then_some(*id)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_is_told_by_the_first_bytes() {
        assert_eq!(kind(b"PK\x03\x04rest"), Kind::Zip);
        assert_eq!(
            kind(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Kind::Ole
        );
        assert_eq!(kind(b"format: ctpat-answers/1\n"), Kind::Text);
        assert_eq!(kind(b"PK"), Kind::Text);
    }

    #[test]
    fn status_cells_accept_ids_and_labels_of_both_languages() {
        let labels = StatusLabels::new();
        for (text, id) in [
            ("implemented", "implemented"),
            ("Implemented", "implemented"),
            (" not_implemented ", "not_implemented"),
            ("Not implemented", "not_implemented"),
            ("not applicable", "not_applicable"),
            ("已落实", "implemented"),
            ("部分落实", "partial"),
            ("未落实", "not_implemented"),
            ("不适用", "not_applicable"),
            ("已落实 Implemented", "implemented"),
            ("部分落实（Partial）", "partial"),
            ("Not applicable / 不适用", "not_applicable"),
        ] {
            assert_eq!(labels.id_of(text), Some(id), "{text}");
        }
        for text in ["done", "落实", "", "implemented partial", "已落实 partial"] {
            assert_eq!(labels.id_of(text), None, "{text}");
        }
    }

    #[test]
    fn ids_are_told_from_category_headings() {
        assert!(looks_like_id("12.10"));
        assert!(looks_like_id(" 1.1 "));
        assert!(!looks_like_id("1. Security Vision and Responsibility"));
        assert!(!looks_like_id("Category 1"));
        assert!(!looks_like_id("1.2.3"));
    }

    #[test]
    fn framework_cells_read_yes_in_either_language() {
        for yes in ["yes", "Yes", "是", "x", "✓", "TRUE", "1"] {
            assert!(is_yes(yes), "{yes}");
        }
        for no in ["no", "否", "", "maybe"] {
            assert!(!is_yes(no), "{no}");
        }
    }

    #[test]
    fn shared_strings_are_counted_across_chunk_boundaries() {
        let part: Vec<u8> = "<sst><si><t>a</t></si><si/>".repeat(30_000).into_bytes();
        let declared = part.len() as u64;
        let scan = inflate_bounded(part.as_slice(), declared, true, false).expect("scan");
        assert_eq!(scan.strings, 60_000);
        assert_eq!(scan.read, declared);
        // A part longer than declared is read one byte past the declaration, no further.
        let scan = inflate_bounded(part.as_slice(), 10, false, false).expect("scan");
        assert_eq!(scan.read, 11);
    }
}
