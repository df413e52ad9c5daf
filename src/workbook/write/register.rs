//! The partner register as a workbook (`ctpat partners init --output register.xlsx`): a
//! `Partners` sheet with one row per partner, a `Threats` sheet with one row per rating and a
//! column per threat category, and the hidden stamp, laid out as [`crate::workbook::register`]
//! reads them back. The sheets are left unprotected: the member adds and deletes rows.

use super::{
    excel_date, list_validation, new_workbook, print_setup, row_height, Labels, Styles, WriteError,
    LINE_HEIGHT,
};
use crate::criteria::Entity;
use crate::partners::register::FORMAT_TAG;
use crate::partners::{Level, Programme, Register, Threat};
use crate::text::Lang;
use crate::workbook::register::{
    MEMBER_LABEL, PARTNER_COLUMNS, SHEET_PARTNERS, SHEET_THREATS, THREAT_COLUMNS,
};
use crate::workbook::{SHEET_STAMP, STAMP_FORMAT, STAMP_GENERATOR, STAMP_LANG};
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

/// Header keys of [`PARTNER_COLUMNS`] in criteria/ui.yaml, in the same order.
const PARTNER_HEADER_KEYS: [&str; 13] = [
    "xlsx-register:h-id",
    "xlsx-register:h-name",
    "xlsx-register:h-role",
    "xlsx-register:h-country",
    "xlsx-register:h-region",
    "xlsx-register:h-route",
    "xlsx-register:h-answers",
    "xlsx-register:h-programme",
    "xlsx-register:h-customs",
    "xlsx-register:h-number",
    "xlsx-register:h-checked-on",
    "xlsx-register:h-volume",
    "xlsx-register:h-notes",
];

/// Column widths of [`PARTNER_COLUMNS`], in characters.
const PARTNER_WIDTHS: [f64; 13] = [
    16.0, 34.0, 22.0, 12.0, 16.0, 24.0, 34.0, 12.0, 12.0, 18.0, 14.0, 12.0, 40.0,
];

/// Rows offered with drop-downs beyond the partners written.
const SPARE_ROWS: u32 = 200;

/// The header row of both sheets (the member's row and the hint take the row above).
const HEADER_ROW: u32 = 1;

/// Builds the register workbook of `register` (its partners and its threat ratings) in
/// `lang`, with a rating column for each of `categories`.
///
/// # Errors
/// [`WriteError`] when a text breaks a limit of the file format.
pub fn register(
    register: &Register,
    lang: Lang,
    categories: &[String],
) -> Result<Vec<u8>, WriteError> {
    let labels = Labels::new(lang);
    let styles = Styles::new();
    let mut workbook = new_workbook(labels.en.get("xlsx-register:title"))?;
    partners_sheet(workbook.add_worksheet(), register, &labels, &styles)?;
    threats_sheet(
        workbook.add_worksheet(),
        &register.threats,
        categories,
        &labels,
        &styles,
    )?;
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET_STAMP)?;
    let generator = concat!("ctpat ", env!("CARGO_PKG_VERSION"));
    for (row, (key, value)) in (0u32..).zip([
        (STAMP_FORMAT, FORMAT_TAG),
        (STAMP_LANG, lang.tag()),
        (STAMP_GENERATOR, generator),
    ]) {
        sheet.write_string(row, 0, key)?;
        sheet.write_string(row, 1, value)?;
    }
    sheet.set_hidden(true);
    Ok(workbook.save_to_buffer()?)
}

fn column(name: &str) -> u16 {
    let index = PARTNER_COLUMNS.iter().position(|c| *c == name).unwrap_or(0);
    u16::try_from(index).unwrap_or(0)
}

/// Writes `value` as text, or a blank input cell.
fn text_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<&str>,
    format: &Format,
) -> Result<(), XlsxError> {
    match value.filter(|v| !v.is_empty()) {
        Some(v) => sheet.write_string_with_format(row, col, v, format)?,
        None => sheet.write_blank(row, col, format)?,
    };
    Ok(())
}

/// Writes a `YYYY-MM-DD` date as a date cell.
fn date_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<&str>,
    format: &Format,
) -> Result<(), XlsxError> {
    match value.map(|d| (d, excel_date(d))) {
        Some((_, Some(date))) => sheet.write_datetime_with_format(row, col, &date, format)?,
        Some((d, None)) => sheet.write_string_with_format(row, col, d, format)?,
        None => sheet.write_blank(row, col, format)?,
    };
    Ok(())
}

/// The member's row above a header: the label, the value, then the hint across the rest.
fn member_row(
    sheet: &mut Worksheet,
    company: Option<&str>,
    hint: &str,
    last: u16,
    labels: &Labels,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let label = match &labels.zh {
        Some(zh) => format!("{MEMBER_LABEL} {}", zh.get("partners:company")),
        None => MEMBER_LABEL.to_string(),
    };
    sheet.write_string_with_format(0, 0, label, &styles.header)?;
    text_cell(sheet, 0, 1, company, &styles.input)?;
    sheet.merge_range(0, 2, 0, last, hint, &styles.locked)?;
    sheet.set_row_height(0, if labels.zh.is_some() { 4.0 } else { 2.0 } * LINE_HEIGHT)?;
    Ok(())
}

fn partners_sheet(
    sheet: &mut Worksheet,
    register: &Register,
    labels: &Labels,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_PARTNERS)?;
    let last = u16::try_from(PARTNER_COLUMNS.len() - 1).unwrap_or(0);
    member_row(
        sheet,
        register.company.as_deref(),
        &labels.sentence("xlsx-register:hint"),
        last,
        labels,
        styles,
    )?;
    sheet.set_row_height(HEADER_ROW, 2.0 * LINE_HEIGHT)?;
    for ((col, key), width) in (0u16..).zip(PARTNER_HEADER_KEYS).zip(PARTNER_WIDTHS) {
        sheet.write_string_with_format(HEADER_ROW, col, labels.header(key), &styles.header)?;
        sheet.set_column_width(col, width)?;
    }
    let mut row = HEADER_ROW;
    for p in &register.partners {
        row += 1;
        let route: Vec<String> = p.route.iter().map(crate::partners::Place::shown).collect();
        let route = route.join("; ");
        let cert = p.certification.as_ref();
        let (programme, customs) = match cert.map(|c| &c.programme) {
            Some(Programme::Ctpat) => (Some("ctpat"), None),
            Some(Programme::Aeo { customs }) => (Some("aeo"), Some(customs.as_str())),
            None => (None, None),
        };
        let texts = [
            ("ID", Some(p.id.as_str())),
            ("Name", Some(p.name.as_str())),
            ("Role", Some(p.role.id())),
            ("Country", Some(p.place.country.as_str())),
            ("Region", p.place.region.as_deref()),
            ("Route", Some(route.as_str())),
            ("Answers", p.answers.as_deref()),
            ("Programme", programme),
            ("Customs", customs),
            ("Number", cert.and_then(|c| c.number.as_deref())),
            ("Notes", p.notes.as_deref()),
        ];
        let width_of = |name: &str| PARTNER_WIDTHS[usize::from(column(name))];
        sheet.set_row_height(
            row,
            row_height(
                texts
                    .iter()
                    .map(|(name, v)| (v.unwrap_or_default(), width_of(name))),
            ),
        )?;
        for (name, value) in texts {
            text_cell(sheet, row, column(name), value, &styles.input)?;
        }
        let checked = cert.and_then(|c| c.checked_on).map(|d| d.to_string());
        date_cell(
            sheet,
            row,
            column("Checked on"),
            checked.as_deref(),
            &styles.date,
        )?;
        match p.volume {
            #[allow(clippy::cast_precision_loss)]
            Some(v) => {
                sheet.write_number_with_format(row, column("Volume"), v as f64, &styles.input)?
            }
            None => sheet.write_blank(row, column("Volume"), &styles.input)?,
        };
    }
    let first = HEADER_ROW + 1;
    let end = row + SPARE_ROWS;
    let roles = list_validation(
        &Entity::ids(),
        Some(&labels.own("xlsx-register:role-prompt")),
        &labels.own("xlsx-register:role-error"),
    )?;
    sheet.add_data_validation(first, column("Role"), end, column("Role"), &roles)?;
    let programmes = list_validation(
        &["ctpat", "aeo"],
        Some(&labels.own("xlsx-register:programme-prompt")),
        &labels.own("xlsx-register:programme-error"),
    )?;
    sheet.add_data_validation(
        first,
        column("Programme"),
        end,
        column("Programme"),
        &programmes,
    )?;
    let dates = super::date_validation(labels)?;
    sheet.add_data_validation(
        first,
        column("Checked on"),
        end,
        column("Checked on"),
        &dates,
    )?;
    sheet.autofilter(HEADER_ROW, 0, row.max(first), last)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 2)?;
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    print_setup(sheet);
    Ok(())
}

fn threats_sheet(
    sheet: &mut Worksheet,
    threats: &[Threat],
    categories: &[String],
    labels: &Labels,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_THREATS)?;
    // Country, Region, one column per category, Rated on, Sources.
    let mut headers: Vec<(String, f64)> = vec![
        (labels.header("xlsx-register:h-country"), 12.0),
        (labels.header("xlsx-register:h-region"), 18.0),
    ];
    for c in categories {
        // The category's id first (the reader matches it), then its name in a zh-CN book.
        let header = match &labels.zh {
            Some(zh) => match zh.template(&format!("partners:threat-{c}")) {
                Some(name) => format!("{c} {name}"),
                None => c.clone(),
            },
            None => c.clone(),
        };
        // Wide enough for the id on one line (ids such as contraband_smuggling do not wrap).
        #[allow(clippy::cast_precision_loss)]
        let width = (c.len() as f64 + 3.0).max(12.0);
        headers.push((header, width));
    }
    headers.push((labels.header("xlsx-register:h-rated-on"), 12.0));
    headers.push((labels.header("xlsx-register:h-sources"), 40.0));
    debug_assert!(THREAT_COLUMNS
        .iter()
        .all(|c| headers.iter().any(|(h, _)| h.starts_with(c))));
    let last = u16::try_from(headers.len() - 1).unwrap_or(0);
    let hint = labels.sentence("xlsx-register:threats-hint");
    sheet.merge_range(0, 0, 0, last, &hint, &styles.locked)?;
    sheet.set_row_height(0, if labels.zh.is_some() { 4.0 } else { 2.0 } * LINE_HEIGHT)?;
    sheet.set_row_height(HEADER_ROW, 2.0 * LINE_HEIGHT)?;
    for (col, (header, width)) in (0u16..).zip(&headers) {
        sheet.write_string_with_format(HEADER_ROW, col, header, &styles.header)?;
        sheet.set_column_width(col, *width)?;
    }
    let rated_on = u16::try_from(categories.len() + 2).unwrap_or(0);
    let mut row = HEADER_ROW;
    for t in threats {
        row += 1;
        text_cell(sheet, row, 0, Some(&t.place.country), &styles.input)?;
        text_cell(sheet, row, 1, t.place.region.as_deref(), &styles.input)?;
        for (col, c) in (2u16..).zip(categories) {
            let level = t.ratings.get(c).copied().map(Level::id);
            text_cell(sheet, row, col, level, &styles.input)?;
        }
        let date = t.rated_on.map(|d| d.to_string());
        date_cell(sheet, row, rated_on, date.as_deref(), &styles.date)?;
        let sources = t.sources.join("\n");
        sheet.set_row_height(row, row_height([(sources.as_str(), 40.0)]))?;
        text_cell(sheet, row, rated_on + 1, Some(&sources), &styles.input)?;
    }
    let first = HEADER_ROW + 1;
    let end = row + SPARE_ROWS;
    if !categories.is_empty() {
        let levels = list_validation(
            &["high", "medium", "low"],
            None,
            &labels.own("xlsx-register:rating-error"),
        )?;
        sheet.add_data_validation(first, 2, end, rated_on - 1, &levels)?;
    }
    let dates = super::date_validation(labels)?;
    sheet.add_data_validation(first, rated_on, end, rated_on, &dates)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 2)?;
    print_setup(sheet);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Messages;

    #[test]
    fn every_header_begins_with_its_column_in_both_languages() {
        for lang in [Lang::En, Lang::ZhCn] {
            let labels = Labels::new(lang);
            for (name, key) in PARTNER_COLUMNS.iter().zip(PARTNER_HEADER_KEYS) {
                assert!(labels.header(key).starts_with(name), "{lang}: {key}");
            }
        }
        let en = Messages::embedded(Lang::En);
        for (name, key) in THREAT_COLUMNS.iter().zip([
            "xlsx-register:h-country",
            "xlsx-register:h-region",
            "xlsx-register:h-rated-on",
            "xlsx-register:h-sources",
        ]) {
            assert_eq!(en.get(key), *name);
        }
    }

    #[test]
    fn the_template_register_reads_back_as_itself_in_both_languages() {
        let rules = crate::partners::rules::Rules::shipped();
        let categories = &rules.threat_categories;
        for lang in [Lang::En, Lang::ZhCn] {
            let text = crate::partners::template::register(&Messages::embedded(lang));
            let source = crate::diagnostic::Source::new("t.yaml", text);
            let yaml = crate::partners::register::load(&source, categories)
                .expect("template")
                .value;
            let bytes = register(&yaml, lang, categories).expect("written");
            let book = crate::partners::register::load_workbook("t.xlsx", &bytes, categories)
                .unwrap_or_else(|e| panic!("{lang}: {:?}", e.diagnostics));
            assert!(book.warnings.is_empty(), "{lang}: {:?}", book.warnings);
            assert_eq!(book.value, yaml, "{lang}");
        }
    }

    #[test]
    fn an_empty_register_is_refused_at_its_first_partner_row() {
        let categories = crate::partners::rules::Rules::shipped().threat_categories;
        let empty = Register {
            company: Some("Acme".into()),
            partners: Vec::new(),
            threats: Vec::new(),
            threats_file: None,
        };
        let bytes = register(&empty, Lang::En, &categories).expect("written");
        let err = crate::partners::register::load_workbook("e.xlsx", &bytes, &categories)
            .expect_err("no partners");
        let found: Vec<(&str, Option<String>)> = err
            .diagnostics
            .iter()
            .map(|d| (d.code, d.location.and_then(|l| l.cell_ref())))
            .collect();
        assert_eq!(found, [("no-partners", Some("Partners!A3".to_string()))]);
    }
}
