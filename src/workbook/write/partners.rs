//! The partners workbook of `ctpat partners assess --format xlsx`, shaped like the attachments
//! of CBP's 5-step risk assessment guide: one sheet per step (partners and cargo flow,
//! threats, vulnerabilities, action plan, method), rendered from the [`PartnersReport`] data
//! in the language of the run.

use super::report::{print, strings, widths, Styles};
use super::{new_workbook, WriteError};
use crate::messages::Messages;
use crate::partners::report::{self as words, PartnersReport};
use rust_xlsxwriter::{Worksheet, XlsxError};

/// Renders the partners report as a workbook in `msg`'s language.
///
/// # Errors
/// [`WriteError`] when a text breaks a limit of the file format.
pub fn partners(r: &PartnersReport, msg: &Messages) -> Result<Vec<u8>, WriteError> {
    let styles = Styles::new();
    let mut workbook = new_workbook(msg.get("partners:title"))?;
    partner_sheet(workbook.add_worksheet(), r, msg, &styles)?;
    threat_sheet(workbook.add_worksheet(), r, msg, &styles)?;
    vulnerability_sheet(workbook.add_worksheet(), r, msg, &styles)?;
    plan_sheet(workbook.add_worksheet(), r, msg, &styles)?;
    method_sheet(workbook.add_worksheet(), r, msg, &styles)?;
    Ok(workbook.save_to_buffer()?)
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Writes `cells` as wrapped text from column A on, the row tall enough for the longest in
/// columns of `widths` (LibreOffice does not fit rows to wrapped text on opening).
fn texts(
    sheet: &mut Worksheet,
    row: u32,
    cells: &[String],
    widths: &[f64],
    s: &Styles,
) -> Result<(), XlsxError> {
    for (col, value) in (0u16..).zip(cells) {
        sheet.write_string_with_format(row, col, value, &s.text)?;
    }
    let height = super::row_height(cells.iter().map(String::as_str).zip(widths.iter().copied()));
    sheet.set_row_height(row, height)?;
    Ok(())
}

/// The header row, an autofilter over the rows, frozen panes, widths and print setup.
fn table(
    sheet: &mut Worksheet,
    head: &[&str],
    rows: usize,
    w: &[f64],
    s: &Styles,
) -> Result<(), XlsxError> {
    strings(sheet, 0, head, &s.header)?;
    let last_col = u16::try_from(head.len().saturating_sub(1)).unwrap_or(0);
    sheet.autofilter(0, 0, count(rows).max(1), last_col)?;
    sheet.set_freeze_panes(1, 1)?;
    widths(sheet, w)?;
    print(sheet, 0)
}

const PARTNER_WIDTHS: [f64; 9] = [12.0, 30.0, 22.0, 24.0, 16.0, 30.0, 30.0, 30.0, 10.0];

fn partner_sheet(
    sheet: &mut Worksheet,
    r: &PartnersReport,
    msg: &Messages,
    s: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(msg.get("partners:sheet-partners"))?;
    for (row, p) in (1u32..).zip(&r.partners) {
        texts(
            sheet,
            row,
            &[
                p.id.clone(),
                p.name.clone(),
                words::role(r, msg, p.role),
                words::location(p),
                words::status(msg, p.status).to_string(),
                words::certificate(msg, p).unwrap_or_default(),
                p.answers.clone().unwrap_or_default(),
                p.notes.clone().unwrap_or_default(),
            ],
            &PARTNER_WIDTHS,
            s,
        )?;
        if let Some(v) = p.volume {
            #[allow(clippy::cast_precision_loss)]
            sheet.write_number_with_format(row, 8, v as f64, &s.text)?;
        }
    }
    table(
        sheet,
        &[
            "ID",
            msg.get("partners:col-partner"),
            msg.get("partners:col-role"),
            msg.get("partners:col-country"),
            msg.get("partners:col-status"),
            msg.get("partners:col-certificate"),
            msg.get("partners:col-answers"),
            msg.get("partners:col-notes"),
            msg.get("partners:col-volume"),
        ],
        r.partners.len(),
        &PARTNER_WIDTHS,
        s,
    )
}

fn threat_sheet(
    sheet: &mut Worksheet,
    r: &PartnersReport,
    msg: &Messages,
    s: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(msg.get("partners:sheet-threats"))?;
    let categories = &r.rules.rules.threat_categories;
    let mut head: Vec<&str> = vec![msg.get("partners:col-place")];
    head.extend(categories.iter().map(|c| words::category(msg, c)));
    head.extend([
        msg.get("partners:col-highest"),
        msg.get("partners:col-rated-on"),
        msg.get("partners:col-sources"),
    ]);
    let mut w = vec![22.0];
    w.extend(categories.iter().map(|_| 12.0));
    w.extend([10.0, 16.0, 40.0]);
    for (row, t) in (1u32..).zip(&r.threats) {
        let mut cells = vec![t.place.clone()];
        cells.extend(categories.iter().map(|c| {
            t.ratings
                .get(c)
                .map_or_else(String::new, |l| words::level(msg, *l).to_string())
        }));
        cells.push(words::level(msg, t.highest).to_string());
        cells.push(words::rated_on(msg, t));
        cells.push(t.sources.join(msg.get("partners:sep")));
        texts(sheet, row, &cells, &w, s)?;
    }
    table(sheet, &head, r.threats.len(), &w, s)
}

const VULNERABILITY_WIDTHS: [f64; 11] = [
    12.0, 30.0, 10.0, 12.0, 10.0, 34.0, 24.0, 30.0, 30.0, 10.0, 10.0,
];

fn vulnerability_sheet(
    sheet: &mut Worksheet,
    r: &PartnersReport,
    msg: &Messages,
    s: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(msg.get("partners:sheet-vulnerabilities"))?;
    for (row, p) in (1u32..).zip(&r.partners) {
        let conditions: Vec<&str> = p
            .conditions
            .iter()
            .map(|c| words::condition(msg, *c))
            .collect();
        let ids: Vec<String> = p.must_unmet.iter().map(ToString::to_string).collect();
        texts(
            sheet,
            row,
            &[
                p.id.clone(),
                p.name.clone(),
                words::level(msg, p.threat).to_string(),
                words::rating(msg, p.vulnerability).to_string(),
                words::rating(msg, p.risk).to_string(),
                msg.list(&conditions),
                msg.list(&ids),
                words::flags(msg, p),
                p.error.clone().unwrap_or_default(),
            ],
            &VULNERABILITY_WIDTHS,
            s,
        )?;
        if let Some(t) = p.score_tenths {
            #[allow(clippy::cast_precision_loss)]
            sheet.write_number_with_format(row, 9, t as f64 / 10.0, &s.percent)?;
        }
        sheet.write_number_with_format(row, 10, count(p.should_open), &s.text)?;
    }
    table(
        sheet,
        &[
            "ID",
            msg.get("partners:col-partner"),
            msg.get("partners:col-threat"),
            msg.get("partners:col-vulnerability"),
            msg.get("partners:col-risk"),
            msg.get("partners:col-conditions"),
            msg.get("partners:col-musts-unmet"),
            msg.get("partners:col-flags"),
            msg.get("partners:col-error"),
            msg.get("xlsx:percent"),
            msg.get("partners:col-shoulds-open"),
        ],
        r.partners.len(),
        &[
            12.0, 30.0, 10.0, 12.0, 10.0, 34.0, 24.0, 30.0, 30.0, 10.0, 10.0,
        ],
        s,
    )
}

const PLAN_WIDTHS: [f64; 7] = [12.0, 30.0, 10.0, 44.0, 10.0, 20.0, 12.0];

fn plan_sheet(
    sheet: &mut Worksheet,
    r: &PartnersReport,
    msg: &Messages,
    s: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(msg.get("partners:sheet-plan"))?;
    let mut row = 1u32;
    for a in &r.actions {
        let requests: Vec<&str> = a.requests.iter().map(|q| words::request(msg, *q)).collect();
        let requests = msg.list(&requests);
        let head = [
            a.partner.clone(),
            a.name.clone(),
            words::rating(msg, a.risk).to_string(),
            requests,
        ];
        for id in &a.stale {
            let mut cells = head.to_vec();
            cells.extend([id.to_string(), String::new(), String::new()]);
            cells[3] = words::request(msg, crate::partners::Request::FreshEvidence).to_string();
            texts(sheet, row, &cells, &PLAN_WIDTHS, s)?;
            row += 1;
        }
        if a.gaps.is_empty() && a.stale.is_empty() {
            texts(sheet, row, &head, &PLAN_WIDTHS, s)?;
            row += 1;
        }
        for g in &a.gaps {
            let mut cells = head.to_vec();
            cells.extend([
                g.id.to_string(),
                g.owner.clone().unwrap_or_default(),
                g.due.clone().unwrap_or_default(),
            ]);
            texts(sheet, row, &cells, &PLAN_WIDTHS, s)?;
            row += 1;
        }
    }
    table(
        sheet,
        &[
            "ID",
            msg.get("partners:col-partner"),
            msg.get("partners:col-risk"),
            msg.get("partners:col-requests"),
            msg.get("partners:col-criterion"),
            msg.get("partners:col-owner"),
            msg.get("partners:col-due"),
        ],
        usize::try_from(row - 1).unwrap_or(0),
        &PLAN_WIDTHS,
        s,
    )
}

const METHOD_WIDTHS: [f64; 3] = [22.0, 90.0, 66.0];

fn method_sheet(
    sheet: &mut Worksheet,
    r: &PartnersReport,
    msg: &Messages,
    s: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(msg.get("partners:sheet-method"))?;
    sheet.write_string_with_format(0, 0, msg.get("partners:method"), &s.title)?;
    sheet.write_string_with_format(1, 0, msg.get("partners:as-of"), &s.label)?;
    sheet.write_string_with_format(1, 1, &r.as_of, &s.text)?;
    sheet.write_string_with_format(2, 0, msg.get("partners:rules-version"), &s.label)?;
    sheet.write_string_with_format(2, 1, &r.rules.version, &s.text)?;
    sheet.write_string_with_format(3, 0, msg.get("partners:col-summary"), &s.label)?;
    sheet.write_string_with_format(3, 1, words::summary_line(r, msg), &s.text)?;
    let mut row = 5u32;
    for line in words::rule_lines(r, msg) {
        sheet.write_string_with_format(row, 1, &line, &s.text)?;
        sheet.set_row_height(row, super::row_height([(line.as_str(), METHOD_WIDTHS[1])]))?;
        row += 1;
    }
    row += 1;
    strings(
        sheet,
        row,
        &[
            msg.get("partners:col-input"),
            msg.get("partners:col-file"),
            "SHA-256",
        ],
        &s.header,
    )?;
    for i in &r.inputs {
        row += 1;
        texts(
            sheet,
            row,
            &[
                words::input_role(msg, i.role).to_string(),
                i.path.clone(),
                i.sha256.clone(),
            ],
            &METHOD_WIDTHS,
            s,
        )?;
    }
    widths(sheet, &METHOD_WIDTHS)?;
    print(sheet, 0)
}
