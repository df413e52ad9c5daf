//! Writing workbooks: the questionnaire a company fills in ([`questionnaire`]), the report
//! workbook handed back ([`report`]) and the portfolio of a batch run ([`portfolio`]).
//!
//! The questionnaire follows the layout in [`crate::workbook`] exactly, so the workbook
//! reader reads it back as the same answers. Every text that comes from a file (catalog,
//! answers, settings) is written with `write_string`: a cell is never a formula, and ids and
//! versions such as `12.10` or `2023.01` stay text. Pure: the caller writes the bytes, and
//! the document's creation time is a constant so the same input gives the same bytes.

mod partners;
mod portfolio;
mod register;
mod report;

pub use partners::partners;
pub use portfolio::portfolio;
pub use register::register;
pub use report::report;

use super::{
    ANSWER_COLUMNS, BEST_PRACTICE_COLUMNS, COMPANY_FIELDS, COMPANY_HINT_COLUMN, COMPANY_KEY_COLUMN,
    COMPANY_LABEL_COLUMN, COMPANY_VALUE_COLUMN, SHEET_ANSWERS, SHEET_BEST_PRACTICES, SHEET_COMPANY,
    SHEET_FINANCIALS, SHEET_STAMP, STAMP_CRITERIA_SHA256, STAMP_CRITERIA_VERSION, STAMP_ENTITY,
    STAMP_FORMAT, STAMP_GENERATOR, STAMP_LANG,
};
use crate::answers::{Answers, Status, BEST_PRACTICE_ELEMENTS, FORMAT_TAG};
use crate::criteria::{Catalog, Entity, Requirement};
use crate::finance::{Amount, AuditOpinion, Figure};
use crate::messages::Messages;
use crate::text::Lang;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet,
    XlsxError,
};

/// A workbook could not be built (a limit of the file format, such as a text too long for a
/// cell); the message comes from the writer library.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct WriteError(#[from] XlsxError);

/// The company sheet's values: one per [`COMPANY_FIELDS`] key, each optional (an empty cell).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompanyRecord {
    /// Legal name.
    pub name: Option<String>,
    /// Entity type id, e.g. `foreign_manufacturer`.
    pub entity: Option<String>,
    /// ISO 3166 country code.
    pub country: Option<String>,
    /// Facility or site.
    pub facility: Option<String>,
    /// Manufacturer ID (MID).
    pub mid: Option<String>,
    /// Who filled in the workbook.
    pub respondent: Option<String>,
    /// Their job title.
    pub respondent_title: Option<String>,
    /// Date of the answers, `YYYY-MM-DD`.
    pub assessed_on: Option<String>,
    /// Who reviews the answers.
    pub assessor: Option<String>,
    /// `CTPAT` or `AEO`.
    pub programme: Option<String>,
    /// The SVI or AEO number.
    pub programme_number: Option<String>,
}

impl CompanyRecord {
    /// The value of field `key` (one of [`COMPANY_FIELDS`]).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&str> {
        let value = match key {
            "name" => &self.name,
            "entity" => &self.entity,
            "country" => &self.country,
            "facility" => &self.facility,
            "mid" => &self.mid,
            "respondent" => &self.respondent,
            "respondent_title" => &self.respondent_title,
            "assessed_on" => &self.assessed_on,
            "assessor" => &self.assessor,
            "programme" => &self.programme,
            "programme_number" => &self.programme_number,
            _ => return None,
        };
        value.as_deref()
    }

    /// What an answers file says about the company.
    #[must_use]
    pub fn from_answers(answers: &Answers) -> CompanyRecord {
        CompanyRecord {
            name: Some(answers.company.name.clone()),
            entity: Some(answers.company.entity.id().to_string()),
            country: answers.company.country.clone(),
            facility: answers.company.details.facility.clone(),
            mid: answers.company.details.mid.clone(),
            respondent: answers.company.details.respondent.clone(),
            respondent_title: answers.company.details.respondent_title.clone(),
            assessed_on: answers.assessed_on.clone(),
            assessor: answers.assessor.clone(),
            programme: answers.company.details.programme.clone(),
            programme_number: answers.company.details.programme_number.clone(),
        }
    }
}

/// Everything a questionnaire workbook is made from.
#[derive(Debug, Clone, Copy)]
pub struct Questionnaire<'a> {
    /// The catalog whose applicable criteria are asked.
    pub catalog: &'a Catalog,
    /// The entity type asked about.
    pub entity: Entity,
    /// The workbook's language.
    pub lang: Lang,
    /// The company sheet's values (the entity is always `entity`).
    pub company: &'a CompanyRecord,
    /// Answers to prefill (an answers file turned into a workbook to send out again).
    pub answers: Option<&'a Answers>,
}

/// The programmes the company sheet offers.
const PROGRAMMES: [&str; 2] = ["CTPAT", "AEO"];

/// Empty best-practice rows offered for input beyond those prefilled.
const BEST_PRACTICE_SPARE_ROWS: u32 = 15;

/// Width of the company sheet's label column, in characters.
const COMPANY_LABEL_WIDTH: f64 = 30.0;
/// Width of the company sheet's value column, in characters.
const COMPANY_VALUE_WIDTH: f64 = 40.0;
/// Width of the company sheet's hint column, in characters.
const COMPANY_HINT_WIDTH: f64 = 60.0;

/// The fixed creation time of every workbook (a constant, so output is reproducible).
fn creation_time() -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(2020, 1, 1)
}

/// A new workbook with reproducible document properties.
fn new_workbook(title: &str) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let properties = DocProperties::new()
        .set_title(title)
        .set_author(concat!("ctpat ", env!("CARGO_PKG_VERSION")))
        .set_creation_datetime(&creation_time()?);
    workbook.set_properties(&properties);
    Ok(workbook)
}

/// Labels in the workbook's language: a zh-CN workbook shows the Chinese with the English
/// after it; header cells of the contract keep the English first.
struct Labels {
    en: Messages,
    zh: Option<Messages>,
}

impl Labels {
    fn new(lang: Lang) -> Labels {
        Labels {
            en: Messages::embedded(Lang::En),
            zh: (lang == Lang::ZhCn).then(|| Messages::embedded(Lang::ZhCn)),
        }
    }

    /// The labels as they speak about `catalog` (another programme's wording and its words
    /// for the statuses, which the reader accepts back).
    fn for_catalog(lang: Lang, catalog: &crate::criteria::Catalog) -> Labels {
        let plain = Labels::new(lang);
        Labels {
            en: plain.en.for_catalog(catalog),
            zh: plain.zh.map(|zh| zh.for_catalog(catalog)),
        }
    }

    /// `中文 English`, or the English alone.
    fn label(&self, key: &str) -> String {
        match &self.zh {
            Some(zh) => format!("{} {}", zh.get(key), self.en.get(key)),
            None => self.en.get(key).to_string(),
        }
    }

    /// `English 中文`, or the English alone: header cells the reader matches by prefix.
    fn header(&self, key: &str) -> String {
        match &self.zh {
            Some(zh) => format!("{} {}", self.en.get(key), zh.get(key)),
            None => self.en.get(key).to_string(),
        }
    }

    /// A sentence: the Chinese, then the English on the next line; or the English alone.
    fn sentence(&self, key: &str) -> String {
        match &self.zh {
            Some(zh) => format!("{}\n{}", zh.get(key), self.en.get(key)),
            None => self.en.get(key).to_string(),
        }
    }

    /// The string in the workbook's language only (drop-down values).
    fn own(&self, key: &str) -> String {
        match &self.zh {
            Some(zh) => zh.get(key).to_string(),
            None => self.en.get(key).to_string(),
        }
    }
}

/// The formats of a questionnaire.
struct Styles {
    title: Format,
    header: Format,
    locked: Format,
    heading: Format,
    input: Format,
    date: Format,
}

impl Styles {
    fn new() -> Styles {
        let locked = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_background_color(Color::RGB(0x00F2_F2F2))
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0x00BF_BFBF));
        let input = Format::new()
            .set_unlocked()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0x00BF_BFBF));
        Styles {
            title: Format::new().set_bold().set_font_size(12).set_text_wrap(),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0x00D9_E1F2))
                .set_border(FormatBorder::Thin),
            heading: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0x00FF_F2CC)),
            date: input.clone().set_num_format("yyyy-mm-dd"),
            locked,
            input,
        }
    }
}

/// Protects a sheet so only unlocked cells can be edited, without a password (a consultant
/// can lift it), still letting the company filter and resize.
fn protect(sheet: &mut Worksheet) {
    let options = ProtectionOptions {
        use_autofilter: true,
        format_columns: true,
        format_rows: true,
        sort: false,
        ..ProtectionOptions::new()
    };
    sheet.protect_with_options(&options);
}

/// Page numbers at the foot of every printed page: `3 / 12`.
pub(super) const PAGE_FOOTER: &str = "&C&P / &N";

/// A4 landscape, fit to one page wide, numbered pages.
fn print_setup(sheet: &mut Worksheet) {
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_footer(PAGE_FOOTER);
}

/// A drop-down list of `values` on a range, with a prompt and a stop error.
fn list_validation(
    values: &[impl AsRef<str>],
    prompt: Option<&str>,
    error: &str,
) -> Result<DataValidation, XlsxError> {
    let mut v = DataValidation::new()
        .allow_list_strings(values)?
        .set_error_message(error)?
        .set_error_style(DataValidationErrorStyle::Stop);
    if let Some(prompt) = prompt {
        v = v.set_input_message(prompt)?;
    }
    Ok(v)
}

/// A `YYYY-MM-DD` date as an Excel date, or `None` for anything else.
fn excel_date(text: &str) -> Option<ExcelDateTime> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = text.get(0..4)?.parse().ok()?;
    let month = text.get(5..7)?.parse().ok()?;
    let day = text.get(8..10)?.parse().ok()?;
    if !crate::calendar::is_date(text) {
        return None;
    }
    ExcelDateTime::from_ymd(year, month, day).ok()
}

/// Height in points of one line of the default font.
const LINE_HEIGHT: f64 = 15.0;
/// The tallest row a spreadsheet allows, in points.
const MAX_ROW_HEIGHT: f64 = 409.0;

/// The height a row needs so that each wrapped text shows in full: spreadsheet programs do
/// not all fit rows to wrapped text when they open a file (LibreOffice shows one line), so
/// the writer estimates it from each cell's display width and its column's width.
pub(super) fn row_height<'a>(cells: impl IntoIterator<Item = (&'a str, f64)>) -> f64 {
    let lines = cells
        .into_iter()
        .map(|(text, width)| {
            // A column of width w holds about w digits, more of most letters, half as many
            // Chinese characters (display width 2); keep a small margin.
            let per_line = (width * 1.1 - 1.0).max(1.0);
            text.split('\n')
                .map(|line| {
                    let w = crate::text::display_width(line);
                    #[allow(clippy::cast_precision_loss)]
                    let w = w as f64;
                    (w / per_line).ceil().max(1.0)
                })
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    (lines * LINE_HEIGHT).min(MAX_ROW_HEIGHT)
}

/// The status label a workbook shows for `status`, in its language (`status:*` of ui.yaml).
fn status_label(labels: &Labels, status: Status) -> String {
    labels.own(&format!("status:{}", status.id()))
}

/// Builds the questionnaire workbook: Company, Answers, BestPractices and the hidden stamp.
///
/// # Errors
/// [`WriteError`] when a text breaks a limit of the file format.
pub fn questionnaire(q: &Questionnaire<'_>) -> Result<Vec<u8>, WriteError> {
    let labels = Labels::for_catalog(q.lang, q.catalog);
    let styles = Styles::new();
    let programme = if q.catalog.program.is_msc() {
        "C-TPAT"
    } else {
        q.catalog.program.name.get(Lang::En)
    };
    let mut workbook = new_workbook(&format!(
        "{programme} {} {}",
        q.catalog.program.version,
        q.entity.id()
    ))?;
    company_sheet(workbook.add_worksheet(), q, &labels, &styles)?;
    answers_sheet(workbook.add_worksheet(), q, &labels, &styles)?;
    practices_sheet(workbook.add_worksheet(), q, &labels, &styles)?;
    if q.catalog.finance.is_some() {
        financials_sheet(workbook.add_worksheet(), q, &labels, &styles)?;
    }
    stamp_sheet(workbook.add_worksheet(), q)?;
    Ok(workbook.save_to_buffer()?)
}

fn company_sheet(
    sheet: &mut Worksheet,
    q: &Questionnaire<'_>,
    labels: &Labels,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_COMPANY)?;
    sheet.merge_range(
        0,
        COMPANY_LABEL_COLUMN,
        0,
        COMPANY_HINT_COLUMN,
        &labels.label("xlsx:company-title"),
        &styles.title,
    )?;
    sheet.set_row_height(0, 24)?;
    for (column, key) in [
        (COMPANY_LABEL_COLUMN, "xlsx:col-field"),
        (COMPANY_VALUE_COLUMN, "xlsx:col-value"),
        (COMPANY_HINT_COLUMN, "xlsx:col-hint"),
        (COMPANY_KEY_COLUMN, "xlsx:col-key"),
    ] {
        sheet.write_string_with_format(1, column, labels.header(key), &styles.header)?;
    }
    let entity_id = q.entity.id();
    for (row, key) in (2u32..).zip(COMPANY_FIELDS) {
        let hint = labels.sentence(&format!("xlsx:hint-{key}"));
        let value = if key == "entity" {
            Some(entity_id)
        } else {
            q.company.get(key)
        };
        let label = labels.label(&format!("xlsx:field-{key}"));
        sheet.set_row_height(
            row,
            row_height([
                (label.as_str(), COMPANY_LABEL_WIDTH),
                (value.unwrap_or_default(), COMPANY_VALUE_WIDTH),
                (hint.as_str(), COMPANY_HINT_WIDTH),
            ]),
        )?;
        sheet.write_string_with_format(row, COMPANY_HINT_COLUMN, hint, &styles.locked)?;
        sheet.write_string_with_format(row, COMPANY_KEY_COLUMN, key, &styles.locked)?;
        sheet.write_string_with_format(row, COMPANY_LABEL_COLUMN, label, &styles.locked)?;
        // The entity decides which questions are asked, so it is fixed in the workbook.
        let format = if key == "entity" {
            &styles.locked
        } else if key == "assessed_on" {
            &styles.date
        } else {
            &styles.input
        };
        // The date is a real date cell when it is one; anything else stays text.
        let date = value.filter(|_| key == "assessed_on").and_then(excel_date);
        match (value, date) {
            (_, Some(date)) => {
                sheet.write_datetime_with_format(row, COMPANY_VALUE_COLUMN, &date, format)?;
            }
            (Some(v), None) => {
                sheet.write_string_with_format(row, COMPANY_VALUE_COLUMN, v, format)?;
            }
            (None, None) => {
                sheet.write_blank(row, COMPANY_VALUE_COLUMN, format)?;
            }
        }
        let validation = match key {
            "entity" => Some(list_validation(
                &Entity::ids(),
                None,
                &labels.own("xlsx:hint-entity"),
            )?),
            "programme" => Some(list_validation(
                &PROGRAMMES,
                None,
                &labels.own("xlsx:hint-programme"),
            )?),
            "assessed_on" => Some(date_validation(labels)?),
            _ => None,
        };
        if let Some(v) = validation {
            sheet.add_data_validation(row, COMPANY_VALUE_COLUMN, row, COMPANY_VALUE_COLUMN, &v)?;
        }
    }
    sheet.set_column_width(COMPANY_LABEL_COLUMN, COMPANY_LABEL_WIDTH)?;
    sheet.set_column_width(COMPANY_VALUE_COLUMN, COMPANY_VALUE_WIDTH)?;
    sheet.set_column_width(COMPANY_HINT_COLUMN, COMPANY_HINT_WIDTH)?;
    sheet.set_column_hidden(COMPANY_KEY_COLUMN)?;
    sheet.set_freeze_panes(2, 0)?;
    print_setup(sheet);
    protect(sheet);
    Ok(())
}

fn date_validation(labels: &Labels) -> Result<DataValidation, XlsxError> {
    let first = ExcelDateTime::from_ymd(1990, 1, 1)?;
    let last = ExcelDateTime::from_ymd(2099, 12, 31)?;
    DataValidation::new()
        .allow_date(DataValidationRule::Between(first, last))
        .set_input_message(labels.own("xlsx:due-prompt"))?
        .set_error_message(labels.own("xlsx:due-error"))
}

/// Header keys of [`ANSWER_COLUMNS`], in the same order.
const ANSWER_HEADER_KEYS: [&str; 11] = [
    "xlsx:h-id",
    "xlsx:h-requirement",
    "xlsx:h-title",
    "xlsx:h-question",
    "xlsx:h-status",
    "xlsx:h-evidence",
    "xlsx:h-note",
    "xlsx:h-owner",
    "xlsx:h-due",
    "xlsx:h-good",
    "xlsx:h-validator",
];

/// Column widths of [`ANSWER_COLUMNS`], in characters.
const ANSWER_WIDTHS: [f64; 11] = [
    7.0, 10.0, 28.0, 50.0, 16.0, 30.0, 28.0, 14.0, 12.0, 45.0, 40.0,
];

/// The answers sheet's header row (the instructions take the row above it).
const ANSWER_HEADER_ROW: u32 = 1;

fn column(name: &str) -> u16 {
    let index = ANSWER_COLUMNS.iter().position(|c| *c == name).unwrap_or(0);
    u16::try_from(index).unwrap_or(0)
}

fn answers_sheet(
    sheet: &mut Worksheet,
    q: &Questionnaire<'_>,
    labels: &Labels,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let catalog = q.catalog;
    let (en, zh) = (&labels.en, labels.zh.as_ref());
    sheet.set_name(SHEET_ANSWERS)?;
    let entity_name = |lang: Lang| {
        catalog
            .entity(q.entity)
            .map_or(q.entity.id(), |e| e.name.get(lang))
            .to_string()
    };
    let title = |m: &Messages, lang: Lang| {
        crate::settings::fill(
            m.get("xlsx:answers-title"),
            &[
                ("entity", &entity_name(lang)),
                ("version", &catalog.program.version),
            ],
        )
    };
    let mut intro = title(en, Lang::En);
    if let Some(zh) = zh {
        intro = format!("{}\n{intro}", title(zh, Lang::ZhCn));
    }
    // A catalog from a secondary source says so above its questions, in both languages.
    let notice = catalog.program.secondary_notice().map(|n| match zh {
        Some(_) => format!("{}\n{}", n.get(Lang::ZhCn), n.get(Lang::En)),
        None => n.get(Lang::En).to_string(),
    });
    if let Some(n) = &notice {
        intro = format!("{intro}\n{n}");
    }
    let last = u16::try_from(ANSWER_COLUMNS.len() - 1).unwrap_or(0);
    sheet.merge_range(0, 0, 0, last, &intro, &styles.title)?;
    let height = match &notice {
        Some(_) => row_height([(intro.as_str(), ANSWER_WIDTHS.iter().sum::<f64>() / 1.4)]),
        None if zh.is_some() => 48.0,
        None => 32.0,
    };
    sheet.set_row_height(0, height)?;
    sheet.set_row_height(ANSWER_HEADER_ROW, 2.0 * LINE_HEIGHT)?;
    for ((col, key), width) in (0u16..).zip(ANSWER_HEADER_KEYS).zip(ANSWER_WIDTHS) {
        sheet.write_string_with_format(
            ANSWER_HEADER_ROW,
            col,
            labels.header(key),
            &styles.header,
        )?;
        sheet.set_column_width(col, width)?;
    }
    let text = |t: &crate::text::Text| match zh {
        Some(_) => format!("{}\n{}", t.get(Lang::ZhCn), t.get(Lang::En)),
        None => t.get(Lang::En).to_string(),
    };
    let statuses: Vec<String> = [
        Status::Implemented,
        Status::Partial,
        Status::NotImplemented,
        Status::NotApplicable,
    ]
    .into_iter()
    .map(|s| status_label(labels, s))
    .collect();
    let status_rule = list_validation(
        &statuses,
        Some(&labels.own("xlsx:status-prompt")),
        &labels.own("xlsx:status-error"),
    )?;
    let due_rule = date_validation(labels)?;
    let mut row = ANSWER_HEADER_ROW;
    let mut category = None;
    for c in catalog.applicable(q.entity) {
        if category != Some(c.category) {
            category = Some(c.category);
            row += 1;
            let name = catalog.category(c.category).map(|cat| &cat.name);
            let heading = match (name, zh) {
                (Some(n), Some(_)) => {
                    format!("{} {} / {}", c.category, n.get(Lang::ZhCn), n.get(Lang::En))
                }
                (Some(n), None) => format!("{} {}", c.category, n.get(Lang::En)),
                (None, _) => c.category.to_string(),
            };
            sheet.merge_range(row, 0, row, last, &heading, &styles.heading)?;
        }
        row += 1;
        let answer = q.answers.and_then(|a| a.answers.get(&c.id));
        let requirement = match c.requirement {
            Requirement::Must => "badge:must",
            Requirement::Should => "badge:should",
        };
        let evidence_expected: Vec<String> = c.guidance.evidence.iter().map(text).collect();
        let locked = [
            ("ID", c.id.to_string()),
            ("Requirement", labels.label(requirement)),
            ("Title", text(&c.title)),
            ("Question", text(&c.question)),
            ("What good looks like", text(&c.guidance.good)),
            ("Validator asks for", evidence_expected.join("\n")),
        ];
        let width_of = |name: &str| ANSWER_WIDTHS[usize::from(column(name))];
        let height = row_height(
            locked
                .iter()
                .map(|(name, value)| (value.as_str(), width_of(name))),
        );
        sheet.set_row_height(row, height)?;
        for (name, value) in locked {
            sheet.write_string_with_format(row, column(name), value, &styles.locked)?;
        }
        let status = answer.map(|a| status_label(labels, a.status));
        let evidence = answer.map(|a| {
            a.evidence
                .iter()
                .map(crate::workbook::evidence_line)
                .collect::<Vec<_>>()
                .join("\n")
        });
        let note = answer.and_then(|a| a.note.clone());
        let owner = answer.and_then(|a| a.owner.clone());
        for (name, value) in [
            ("Status", status),
            ("Evidence", evidence.filter(|e| !e.is_empty())),
            ("Note", note),
            ("Owner", owner),
        ] {
            match value {
                Some(v) => sheet.write_string_with_format(row, column(name), v, &styles.input)?,
                None => sheet.write_blank(row, column(name), &styles.input)?,
            };
        }
        let due = answer.and_then(|a| a.due.as_deref());
        match due.map(|d| (d, excel_date(d))) {
            Some((_, Some(date))) => {
                sheet.write_datetime_with_format(row, column("Due"), &date, &styles.date)?
            }
            Some((d, None)) => {
                sheet.write_string_with_format(row, column("Due"), d, &styles.date)?
            }
            None => sheet.write_blank(row, column("Due"), &styles.date)?,
        };
    }
    let first = ANSWER_HEADER_ROW + 1;
    if row >= first {
        sheet.add_data_validation(first, column("Status"), row, column("Status"), &status_rule)?;
        sheet.add_data_validation(first, column("Due"), row, column("Due"), &due_rule)?;
        sheet.autofilter(ANSWER_HEADER_ROW, 0, row, last)?;
    }
    sheet.set_freeze_panes(ANSWER_HEADER_ROW + 1, 1)?;
    sheet.set_repeat_rows(ANSWER_HEADER_ROW, ANSWER_HEADER_ROW)?;
    print_setup(sheet);
    protect(sheet);
    Ok(())
}

fn practices_sheet(
    sheet: &mut Worksheet,
    q: &Questionnaire<'_>,
    labels: &Labels,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_BEST_PRACTICES)?;
    let last = u16::try_from(BEST_PRACTICE_COLUMNS.len() - 1).unwrap_or(0);
    sheet.merge_range(
        0,
        0,
        0,
        last,
        &labels.sentence("xlsx:bp-title"),
        &styles.title,
    )?;
    sheet.set_row_height(0, 32)?;
    sheet.set_row_height(1, 2.0 * LINE_HEIGHT)?;
    let keys = ["title", "criteria"]
        .into_iter()
        .chain(BEST_PRACTICE_ELEMENTS)
        .chain(["evidence"]);
    for (col, key) in (0u16..).zip(keys) {
        sheet.write_string_with_format(
            1,
            col,
            labels.header(&format!("xlsx:bp-h-{key}")),
            &styles.header,
        )?;
        let width = match key {
            "title" | "evidence" => 36.0,
            "criteria" => 14.0,
            _ => 14.0,
        };
        sheet.set_column_width(col, width)?;
    }
    let (yes, no) = (labels.own("xlsx:yes"), labels.own("xlsx:no"));
    let practices = q.answers.map_or(&[][..], |a| &a.best_practices[..]);
    let rows = u32::try_from(practices.len()).unwrap_or(u32::MAX) + BEST_PRACTICE_SPARE_ROWS;
    for row in 2..2 + rows {
        let index = usize::try_from(row - 2).unwrap_or(usize::MAX);
        let bp = practices.get(index);
        let flags = bp.map(|bp| {
            [
                bp.senior_management_support,
                bp.innovative,
                bp.documented,
                bp.verified,
                bp.checks_and_balances,
            ]
        });
        let mut cells: Vec<Option<String>> = vec![
            bp.map(|bp| bp.title.clone()),
            // The contract: ids separated by commas, whatever the workbook's language.
            bp.map(|bp| {
                bp.criteria
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
        ];
        for i in 0..BEST_PRACTICE_ELEMENTS.len() {
            cells.push(flags.map(|f| (if f[i] { &yes } else { &no }).clone()));
        }
        cells.push(bp.map(|bp| bp.evidence.join("\n")));
        for (col, value) in (0u16..).zip(cells) {
            match value.filter(|v| !v.is_empty()) {
                Some(v) => sheet.write_string_with_format(row, col, v, &styles.input)?,
                None => sheet.write_blank(row, col, &styles.input)?,
            };
        }
    }
    let yes_no = list_validation(&[&yes, &no], None, &labels.own("xlsx:yes-no-error"))?;
    sheet.add_data_validation(2, 2, rows + 1, last - 1, &yes_no)?;
    sheet.set_freeze_panes(2, 1)?;
    print_setup(sheet);
    protect(sheet);
    Ok(())
}

/// The audit opinion drop-down: each opinion's name on a Chinese audit report, then its id,
/// in every language (the reader takes either word).
fn opinion_label(o: AuditOpinion) -> String {
    format!("{} {}", o.chinese(), o.id())
}

/// Number format of the amounts: thousands separators, two to four decimals.
const AMOUNT_FORMAT: &str = "#,##0.00##";

/// The financials sheet: one row per `financials:` field, laid out like the company sheet.
fn financials_sheet(
    sheet: &mut Worksheet,
    q: &Questionnaire<'_>,
    labels: &Labels,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_FINANCIALS)?;
    let title = labels.sentence("xlsx:fin-title");
    sheet.merge_range(
        0,
        COMPANY_LABEL_COLUMN,
        0,
        COMPANY_HINT_COLUMN,
        &title,
        &styles.title,
    )?;
    let width = COMPANY_LABEL_WIDTH + COMPANY_VALUE_WIDTH + COMPANY_HINT_WIDTH;
    sheet.set_row_height(0, row_height([(title.as_str(), width / 1.2)]))?;
    for (column, key) in [
        (COMPANY_LABEL_COLUMN, "xlsx:col-field"),
        (COMPANY_VALUE_COLUMN, "xlsx:col-value"),
        (COMPANY_HINT_COLUMN, "xlsx:col-hint"),
        (COMPANY_KEY_COLUMN, "xlsx:col-key"),
    ] {
        sheet.write_string_with_format(1, column, labels.header(key), &styles.header)?;
    }
    let given = q.answers.and_then(|a| a.financials.as_ref());
    let (yes, no) = (labels.own("xlsx:yes"), labels.own("xlsx:no"));
    let yes_no = |b: bool| if b { yes.clone() } else { no.clone() };
    let amount = styles.input.clone().set_num_format(AMOUNT_FORMAT);
    let opinions: Vec<String> = AuditOpinion::ALL.into_iter().map(opinion_label).collect();
    for (row, key) in (2u32..).zip(super::financial_keys()) {
        let label = labels.label(&format!("xlsx:fin-field-{key}"));
        let hint = labels.sentence(&format!("xlsx:fin-line-{key}"));
        sheet.set_row_height(
            row,
            row_height([
                (label.as_str(), COMPANY_LABEL_WIDTH),
                (hint.as_str(), COMPANY_HINT_WIDTH),
            ]),
        )?;
        sheet.write_string_with_format(row, COMPANY_LABEL_COLUMN, label, &styles.locked)?;
        sheet.write_string_with_format(row, COMPANY_HINT_COLUMN, hint, &styles.locked)?;
        sheet.write_string_with_format(row, COMPANY_KEY_COLUMN, key, &styles.locked)?;
        let column = COMPANY_VALUE_COLUMN;
        let (text, validation) = match key {
            "year" => {
                if let Some(y) = given.and_then(|f| f.year) {
                    sheet.write_number_with_format(row, column, f64::from(y), &styles.input)?;
                } else {
                    sheet.write_blank(row, column, &styles.input)?;
                }
                let rule = DataValidation::new()
                    .allow_whole_number(DataValidationRule::Between(1990, 2099))
                    .set_error_message(labels.own("xlsx:fin-year-error"))?;
                sheet.add_data_validation(row, column, row, column, &rule)?;
                continue;
            }
            "producer" | "in_liquidation" => {
                let value = given.and_then(|f| {
                    if key == "producer" {
                        f.producer
                    } else {
                        f.in_liquidation
                    }
                });
                let rule = list_validation(&[&yes, &no], None, &labels.own("xlsx:yes-no-error"))?;
                (value.map(yes_no), rule)
            }
            "audit_opinion" => {
                let rule = list_validation(&opinions, None, &labels.own("xlsx:fin-opinion-error"))?;
                let value = given.and_then(|f| f.audit_opinion).map(opinion_label);
                (value, rule)
            }
            figure => {
                let value = figure
                    .parse::<Figure>()
                    .ok()
                    .and_then(|f| given.and_then(|g| g.figures.get(&f)));
                match value {
                    // A number when the spreadsheet holds it exactly; text otherwise, so no
                    // digit is lost (a float has about 15 significant digits).
                    Some(a) => match exact_number(*a) {
                        Some(n) => sheet.write_number_with_format(row, column, n, &amount)?,
                        None => sheet.write_string_with_format(
                            row,
                            column,
                            a.to_string(),
                            &styles.input,
                        )?,
                    },
                    None => sheet.write_blank(row, column, &amount)?,
                };
                continue;
            }
        };
        match text {
            Some(t) => sheet.write_string_with_format(row, column, t, &styles.input)?,
            None => sheet.write_blank(row, column, &styles.input)?,
        };
        sheet.add_data_validation(row, column, row, column, &validation)?;
    }
    sheet.set_column_width(COMPANY_LABEL_COLUMN, COMPANY_LABEL_WIDTH)?;
    sheet.set_column_width(COMPANY_VALUE_COLUMN, COMPANY_VALUE_WIDTH)?;
    sheet.set_column_width(COMPANY_HINT_COLUMN, COMPANY_HINT_WIDTH)?;
    sheet.set_column_hidden(COMPANY_KEY_COLUMN)?;
    sheet.set_freeze_panes(2, 0)?;
    print_setup(sheet);
    protect(sheet);
    Ok(())
}

/// The amount as a spreadsheet number, when it has at most the 15 significant digits that
/// spreadsheet programs keep (Excel shows and LibreOffice may save no more) and reads back as
/// exactly that amount.
fn exact_number(a: Amount) -> Option<f64> {
    let text = a.to_string();
    let digits = text.trim_start_matches(['-', '0', '.']).replace('.', "");
    if digits.len() > 15 {
        return None;
    }
    let n: f64 = text.parse().ok()?;
    (format!("{n}").parse::<Amount>().ok()? == a).then_some(n)
}

fn stamp_sheet(sheet: &mut Worksheet, q: &Questionnaire<'_>) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_STAMP)?;
    let generator = concat!("ctpat ", env!("CARGO_PKG_VERSION"));
    for (row, (key, value)) in (0u32..).zip([
        (STAMP_FORMAT, FORMAT_TAG),
        (STAMP_CRITERIA_VERSION, q.catalog.program.version.as_str()),
        // The catalog's one hash (`criteria::sha256`), which reading the workbook checks.
        (STAMP_CRITERIA_SHA256, q.catalog.sha256.as_str()),
        (STAMP_ENTITY, q.entity.id()),
        (STAMP_LANG, q.lang.tag()),
        (STAMP_GENERATOR, generator),
    ]) {
        sheet.write_string(row, 0, key)?;
        sheet.write_string(row, 1, value)?;
    }
    sheet.set_column_width(0, 18)?;
    sheet.set_column_width(1, 70)?;
    sheet.set_hidden(true);
    protect(sheet);
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::answers::{Answer, BestPractice, Company};
    use crate::criteria::{embedded, load, CriterionId};
    use crate::diagnostic::Source;
    use calamine::{Data, Range, Reader, SheetVisible, Xlsx};
    use std::collections::BTreeMap;
    use std::io::{Cursor, Read as _};

    pub(crate) fn catalog() -> (Catalog, String) {
        let (name, text) = embedded::get("2023.01").expect("shipped");
        let catalog = load(&Source::new(name, text)).expect("valid").value;
        assert_eq!(catalog.sha256, crate::report::sha256_hex(text.as_bytes()));
        let hash = catalog.sha256.clone();
        (catalog, hash)
    }

    pub(crate) fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
        Xlsx::new(Cursor::new(bytes.to_vec())).expect("a workbook")
    }

    /// The text of one part of the zip, e.g. `xl/worksheets/sheet2.xml`.
    pub(crate) fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
        let mut text = String::new();
        zip.by_name(name)
            .expect("part present")
            .read_to_string(&mut text)
            .expect("UTF-8");
        text
    }

    pub(crate) fn string(range: &Range<Data>, row: u32, col: u16) -> String {
        match range.get_value((row, u32::from(col))) {
            Some(Data::String(s)) => s.clone(),
            other => panic!("({row}, {col}) is not a string: {other:?}"),
        }
    }

    fn build(lang: Lang, answers: Option<&Answers>) -> Vec<u8> {
        let (catalog, _) = catalog();
        let company = CompanyRecord {
            name: Some("Shenzhen Example Co.".into()),
            country: Some("CN".into()),
            assessed_on: Some("2026-11-05".into()),
            ..CompanyRecord::default()
        };
        questionnaire(&Questionnaire {
            catalog: &catalog,
            entity: Entity::ForeignManufacturer,
            lang,
            company: &company,
            answers,
        })
        .expect("writes")
    }

    pub(crate) fn hostile_answers() -> Answers {
        let id = |s: &str| s.parse::<CriterionId>().expect("an id");
        let mut answers = BTreeMap::new();
        answers.insert(
            id("1.1"),
            Answer {
                status: Status::Partial,
                evidence: vec!["=HYPERLINK(\"http://x\")".into(), "+1".into()],
                note: Some("@SUM(A1)".into()),
                owner: Some("-Li Wei".into()),
                due: Some("2027-03-31".into()),
            },
        );
        answers.insert(
            id("12.10"),
            Answer {
                status: Status::NotApplicable,
                evidence: vec![],
                note: Some("no trucks".into()),
                owner: None,
                due: None,
            },
        );
        Answers {
            criteria_version: Some("2023.01".into()),
            company: Company {
                name: "=cmd|' /C calc'!A0".into(),
                entity: Entity::ForeignManufacturer,
                country: Some("CN".into()),
                details: crate::answers::CompanyDetails::default(),
            },
            assessed_on: None,
            assessor: None,
            answers,
            waivers: Vec::new(),
            best_practices: vec![BestPractice {
                title: "Live GPS seals".into(),
                criteria: vec![id("7.23"), id("12.10")],
                senior_management_support: true,
                innovative: true,
                documented: false,
                verified: true,
                checks_and_balances: false,
                evidence: vec!["SP-9".into()],
            }],
            kept: crate::answers::Kept::default(),
            financials: None,
        }
    }

    #[test]
    fn the_same_input_gives_the_same_bytes() {
        let answers = hostile_answers();
        for lang in Lang::ALL {
            let first = build(lang, Some(&answers));
            assert_eq!(first, build(lang, Some(&answers)), "{lang:?}");
            let core = part(&first, "docProps/core.xml");
            assert!(core.contains("2020-01-01T00:00:00Z"), "{core}");
        }
    }

    #[test]
    fn sheets_stamp_and_headers_follow_the_contract() {
        let (catalog, hash) = catalog();
        for lang in Lang::ALL {
            let bytes = build(lang, None);
            let mut wb = open(&bytes);
            assert_eq!(
                wb.sheet_names(),
                [
                    SHEET_COMPANY,
                    SHEET_ANSWERS,
                    SHEET_BEST_PRACTICES,
                    SHEET_STAMP
                ]
            );
            let hidden: Vec<_> = wb
                .sheets_metadata()
                .iter()
                .filter(|s| s.visible != SheetVisible::Visible)
                .map(|s| s.name.clone())
                .collect();
            assert_eq!(hidden, [SHEET_STAMP]);
            let stamp = wb.worksheet_range(SHEET_STAMP).expect("stamp");
            let expected = [
                (STAMP_FORMAT, FORMAT_TAG),
                (STAMP_CRITERIA_VERSION, "2023.01"),
                (STAMP_CRITERIA_SHA256, hash.as_str()),
                (STAMP_ENTITY, "foreign_manufacturer"),
                (STAMP_LANG, lang.tag()),
            ];
            for (row, (key, value)) in (0u32..).zip(expected) {
                assert_eq!(string(&stamp, row, 0), key);
                assert_eq!(string(&stamp, row, 1), value);
            }
            assert!(string(&stamp, 5, 1).starts_with("ctpat "));

            let answers = wb.worksheet_range(SHEET_ANSWERS).expect("answers");
            for (col, name) in (0u16..).zip(ANSWER_COLUMNS) {
                let header = string(&answers, ANSWER_HEADER_ROW, col);
                assert!(header.starts_with(name), "{header:?} for {name}");
                assert_eq!(lang == Lang::ZhCn, header != name, "{header:?}");
            }
            let practices = wb.worksheet_range(SHEET_BEST_PRACTICES).expect("bp");
            for (col, name) in (0u16..).zip(BEST_PRACTICE_COLUMNS) {
                assert!(string(&practices, 1, col).starts_with(name));
            }
            let company = wb.worksheet_range(SHEET_COMPANY).expect("company");
            for (row, key) in (2u32..).zip(COMPANY_FIELDS) {
                assert_eq!(string(&company, row, COMPANY_KEY_COLUMN), key);
            }
            assert_eq!(
                string(&company, 3, COMPANY_VALUE_COLUMN),
                "foreign_manufacturer"
            );
            assert_eq!(
                string(&company, 2, COMPANY_VALUE_COLUMN),
                "Shenzhen Example Co."
            );
            let label = string(&company, 2, COMPANY_LABEL_COLUMN);
            match lang {
                Lang::En => assert_eq!(label, "Legal name"),
                Lang::ZhCn => assert_eq!(label, "企业法定名称 Legal name"),
            }
            // Every applicable criterion has its row, in catalog order, its id a string.
            let ids: Vec<String> = (ANSWER_HEADER_ROW + 1..=answers.end().expect("cells").0)
                .filter_map(|row| match answers.get_value((row, 0)) {
                    Some(Data::String(s)) if s.parse::<CriterionId>().is_ok() => Some(s.clone()),
                    Some(Data::String(_)) => None,
                    other => panic!("row {row}: {other:?}"),
                })
                .collect();
            let expected: Vec<String> = catalog
                .applicable(Entity::ForeignManufacturer)
                .map(|c| c.id.to_string())
                .collect();
            assert_eq!(ids, expected);
            assert!(ids.contains(&"12.10".to_string()));
        }
    }

    #[test]
    fn every_entity_type_gets_exactly_its_criteria_in_both_languages() {
        let (catalog, _) = catalog();
        for entity in Entity::ALL {
            for lang in Lang::ALL {
                let bytes = questionnaire(&Questionnaire {
                    catalog: &catalog,
                    entity,
                    lang,
                    company: &CompanyRecord::default(),
                    answers: None,
                })
                .expect("writes");
                let mut wb = open(&bytes);
                let sheet = wb.worksheet_range(SHEET_ANSWERS).expect("answers");
                let ids: Vec<String> = (0..=sheet.end().expect("cells").0)
                    .filter_map(|row| match sheet.get_value((row, 0)) {
                        Some(Data::String(s)) if s.parse::<CriterionId>().is_ok() => {
                            Some(s.clone())
                        }
                        _ => None,
                    })
                    .collect();
                let expected: Vec<String> = catalog
                    .applicable(entity)
                    .map(|c| c.id.to_string())
                    .collect();
                assert_eq!(ids, expected, "{entity:?} {lang:?}");
                let stamp = wb.worksheet_range(SHEET_STAMP).expect("stamp");
                assert_eq!(string(&stamp, 3, 1), entity.id());
            }
        }
    }

    #[test]
    fn prefilled_text_from_a_file_stays_text_and_never_a_formula() {
        let answers = hostile_answers();
        let bytes = build(Lang::ZhCn, Some(&answers));
        let mut wb = open(&bytes);
        let sheet = wb.worksheet_range(SHEET_ANSWERS).expect("answers");
        let row = (0..=sheet.end().expect("cells").0)
            .find(|r| matches!(sheet.get_value((*r, 0)), Some(Data::String(s)) if s == "1.1"))
            .expect("row of 1.1");
        assert_eq!(string(&sheet, row, column("Status")), "部分落实");
        assert_eq!(
            string(&sheet, row, column("Evidence")),
            "=HYPERLINK(\"http://x\")\n+1"
        );
        assert_eq!(string(&sheet, row, column("Note")), "@SUM(A1)");
        assert_eq!(string(&sheet, row, column("Owner")), "-Li Wei");
        match sheet.get_value((row, u32::from(column("Due")))) {
            // 46477 is 2027-03-31 in Excel's serial days (1899-12-30 = 0).
            Some(Data::DateTime(d)) => assert!((d.as_f64() - 46477.0).abs() < 1e-9, "{d:?}"),
            other => panic!("due is not a date: {other:?}"),
        }
        let practices = wb.worksheet_range(SHEET_BEST_PRACTICES).expect("bp");
        assert_eq!(string(&practices, 2, 1), "7.23, 12.10");
        assert_eq!(string(&practices, 2, 2), "是");
        assert_eq!(string(&practices, 2, 4), "否");
        for n in 1..=4 {
            let xml = part(&bytes, &format!("xl/worksheets/sheet{n}.xml"));
            assert!(
                !xml.contains("<f>") && !xml.contains("<f "),
                "sheet{n} has a formula"
            );
        }
    }

    #[test]
    fn sheets_are_protected_without_a_password_and_offer_drop_downs() {
        let bytes = build(Lang::ZhCn, None);
        for n in 1..=4 {
            let xml = part(&bytes, &format!("xl/worksheets/sheet{n}.xml"));
            assert!(xml.contains("<sheetProtection"), "sheet{n}");
            assert!(!xml.contains("password"), "sheet{n}");
        }
        let company = part(&bytes, "xl/worksheets/sheet1.xml");
        assert!(company.contains("\"CTPAT,AEO\""), "{company}");
        assert!(company.contains("foreign_manufacturer"));
        let answers = part(&bytes, "xl/worksheets/sheet2.xml");
        assert!(answers.contains("\"已落实,部分落实,未落实,不适用\""));
        assert!(answers.contains("type=\"date\""));
        assert!(answers.contains("<autoFilter"));
        assert!(answers.contains("orientation=\"landscape\""));
        assert!(answers.contains("paperSize=\"9\""));
        assert!(
            answers.contains("<oddFooter>&amp;C&amp;P / &amp;N</oddFooter>"),
            "{answers}"
        );
        let practices = part(&bytes, "xl/worksheets/sheet3.xml");
        assert!(practices.contains("\"是,否\""));
        let en = part(&build(Lang::En, None), "xl/worksheets/sheet2.xml");
        assert!(en.contains("\"implemented,partial,not implemented,not applicable\""));
        // The input columns are unlocked, the text columns are not.
        let styles = part(&bytes, "xl/styles.xml");
        assert!(styles.contains("locked=\"0\""));
    }

    #[test]
    fn rows_grow_with_wrapped_and_chinese_text_up_to_the_limit() {
        assert!((row_height([("", 10.0)]) - LINE_HEIGHT).abs() < f64::EPSILON);
        assert!((row_height([("abc", 10.0)]) - LINE_HEIGHT).abs() < f64::EPSILON);
        assert!((row_height([("a\nb\nc", 10.0)]) - 3.0 * LINE_HEIGHT).abs() < f64::EPSILON);
        // Ten narrow characters per line of a width-10 column; a Chinese one takes two.
        assert!((row_height([("abcdefghij", 10.0)]) - LINE_HEIGHT).abs() < f64::EPSILON);
        assert!((row_height([("abcdefghijk", 10.0)]) - 2.0 * LINE_HEIGHT).abs() < f64::EPSILON);
        assert!((row_height([("安全安全安全", 10.0)]) - 2.0 * LINE_HEIGHT).abs() < f64::EPSILON);
        let tallest = row_height([("x", 10.0), ("a\nb", 10.0)]);
        assert!((tallest - 2.0 * LINE_HEIGHT).abs() < f64::EPSILON);
        assert!(
            (row_height([("x\n".repeat(100).as_str(), 10.0)]) - MAX_ROW_HEIGHT).abs()
                < f64::EPSILON
        );
    }

    #[test]
    fn dates_are_recognised_only_when_real() {
        assert!(excel_date("2027-03-31").is_some());
        assert!(excel_date("2027-02-30").is_none());
        assert!(excel_date("2027/03/31").is_none());
        assert!(excel_date("31.03.2027").is_none());
        assert!(excel_date("").is_none());
    }

    /// A GACC answers file with every `financials:` field: exact decimals, a negative
    /// figure, and one with more digits than a spreadsheet number holds.
    const GACC_FINANCIALS: &str = "format: ctpat-answers/1
criteria_version: gacc-aeo-2026-advanced
company: { name: 东莞示例, entity: foreign_manufacturer, country: CN }
answers:
  \"(1)\": { status: implemented }
financials:
  year: 2025
  producer: true
  audit_opinion: qualified
  in_liquidation: false
  total_assets: 126000000.5
  total_assets_opening: 118000000
  total_liabilities: 71000000.25
  current_assets: \"64,000,000\"
  current_liabilities: 47000000
  cash: 123456789012.3456
  trading_financial_assets: 0
  net_operating_cash_flow: -9800000.75
  revenue: 152000000
  cost_of_sales: 127500000
  operating_profit: 7300000
  net_profit: -0.0001
  total_profit: 6900000
  interest_expense: 1400000
";

    fn read_back(bytes: &[u8], catalog: &Catalog) -> Result<Answers, Vec<String>> {
        crate::answers::parse_input("q.xlsx", bytes)
            .map_err(|e| vec![format!("{:?}", e.diagnostics)])?
            .validate(catalog)
            .map(|l| l.value)
            .map_err(|e| {
                e.diagnostics
                    .iter()
                    .map(|d| {
                        let at = d
                            .location
                            .as_ref()
                            .and_then(crate::diagnostic::Location::cell_ref);
                        format!("{} {} {}", d.code, at.unwrap_or_default(), d.message)
                    })
                    .collect()
            })
    }

    #[test]
    fn financials_go_to_their_sheet_and_read_back_as_the_same_figures() {
        let catalog = embedded::loaded("gacc-aeo-2026-advanced");
        let yaml = Source::new("a.yaml", GACC_FINANCIALS);
        let answers = crate::answers::parse_input("a.yaml", yaml.text.as_bytes())
            .expect("parses")
            .validate(catalog)
            .expect("valid")
            .value;
        let given = answers.financials.clone().expect("financials");
        assert_eq!(given.figures.len(), 14);
        for lang in Lang::ALL {
            let company = CompanyRecord::from_answers(&answers);
            let bytes = questionnaire(&Questionnaire {
                catalog,
                entity: Entity::ForeignManufacturer,
                lang,
                company: &company,
                answers: Some(&answers),
            })
            .expect("writes");
            let mut wb = open(&bytes);
            let sheet = wb
                .worksheet_range(SHEET_FINANCIALS)
                .expect("financials sheet");
            // The figure too long for a float stays text; the others are numbers.
            let keys: Vec<&str> = crate::workbook::financial_keys().collect();
            let row_of = |key: &str| {
                2 + u32::try_from(keys.iter().position(|k| *k == key).expect("key")).expect("small")
            };
            assert_eq!(
                string(&sheet, row_of("cash"), COMPANY_VALUE_COLUMN),
                "123456789012.3456"
            );
            assert_eq!(
                sheet.get_value((row_of("total_assets"), 1)),
                Some(&Data::Float(126_000_000.5))
            );
            assert_eq!(
                string(&sheet, row_of("audit_opinion"), 1),
                "保留意见 qualified"
            );
            assert_eq!(string(&sheet, row_of("cash"), COMPANY_KEY_COLUMN), "cash");
            let back = read_back(&bytes, catalog).expect("reads back");
            assert_eq!(back.financials.as_ref(), Some(&given), "{lang:?}");
        }
        // A workbook without financials has an empty sheet, read back as none at all.
        let mut bare = answers.clone();
        bare.financials = None;
        let company = CompanyRecord::from_answers(&bare);
        let bytes = questionnaire(&Questionnaire {
            catalog,
            entity: Entity::ForeignManufacturer,
            lang: Lang::ZhCn,
            company: &company,
            answers: Some(&bare),
        })
        .expect("writes");
        assert_eq!(read_back(&bytes, catalog).expect("reads").financials, None);
    }

    #[test]
    fn only_a_catalog_with_finance_rules_gets_a_financials_sheet() {
        let bytes = build(Lang::ZhCn, None);
        assert!(!open(&bytes)
            .sheet_names()
            .contains(&SHEET_FINANCIALS.to_string()));
    }

    #[test]
    fn a_bad_financials_cell_is_reported_at_its_cell() {
        let catalog = embedded::loaded("gacc-aeo-2026-advanced");
        let mut wb = Workbook::new();
        let answers = wb.add_worksheet().set_name(SHEET_ANSWERS).expect("name");
        answers.write_string(0, 0, "ID").expect("cell");
        answers.write_string(0, 1, "Status").expect("cell");
        let fin = wb.add_worksheet().set_name(SHEET_FINANCIALS).expect("name");
        for (row, (key, value)) in (2u32..).zip([
            ("year", "二〇二五"),
            ("producer", "maybe"),
            ("audit_opinion", "clean"),
            ("in_liquidation", "否"),
            ("revenue", "1,2x"),
            ("net_profit", "１００"),
            ("cash", "  1 250 000.50 "),
        ]) {
            fin.write_string(row, COMPANY_KEY_COLUMN, key)
                .expect("cell");
            fin.write_string(row, COMPANY_VALUE_COLUMN, value)
                .expect("cell");
        }
        let bytes = wb.save_to_buffer().expect("saves");
        let found = read_back(&bytes, catalog).expect_err("invalid");
        for expected in [
            "wrong-type Financials!B3 `二〇二五` is not a year",
            "wrong-type Financials!B4 `maybe` is not yes or no",
            "bad-audit-opinion Financials!B5 unknown audit opinion `clean`",
            "wrong-type Financials!B7 `1,2x` is not an amount",
            "wrong-type Financials!B8 `１００` is not an amount",
        ] {
            assert!(
                found.iter().any(|f| f.starts_with(expected)),
                "{expected}\n{found:#?}"
            );
        }
        assert!(
            !found.iter().any(|f| f.contains("B6") || f.contains("B9")),
            "{found:#?}"
        );
    }
}
