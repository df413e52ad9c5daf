//! `portfolio.xlsx` of `ctpat batch --out`: one row per client (tier, score, gaps, or why it
//! could not be scored) and the gaps the clients share most.

use super::report::{print, strings, widths, Styles};
use super::{new_workbook, WriteError};
use crate::messages::Messages;
use crate::portfolio::{Outcome, Summary};
use crate::report::requirement_label;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// Renders the portfolio of a batch run as a workbook in `msg`'s language.
///
/// # Errors
/// [`WriteError`] when a text breaks a limit of the file format.
pub fn portfolio(summary: &Summary, msg: &Messages) -> Result<Vec<u8>, WriteError> {
    let styles = Styles::new();
    let mut workbook = new_workbook("C-TPAT portfolio")?;
    clients(workbook.add_worksheet(), summary, msg, &styles)?;
    common_gaps(workbook.add_worksheet(), summary, msg, &styles)?;
    Ok(workbook.save_to_buffer()?)
}

fn clients(
    sheet: &mut Worksheet,
    summary: &Summary,
    msg: &Messages,
    s: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(msg.get("xlsx:sheet-clients"))?;
    strings(
        sheet,
        0,
        &[
            msg.get("xlsx:path"),
            msg.get("report:company"),
            msg.get("report:entity"),
            msg.get("criteria:version"),
            msg.get("report:tier"),
            msg.get("xlsx:percent"),
            msg.get("xlsx:must-gaps"),
            msg.get("xlsx:should-gaps"),
            msg.get("xlsx:result"),
        ],
        &s.header,
    )?;
    for (row, client) in (1u32..).zip(&summary.clients) {
        sheet.write_string_with_format(row, 0, &client.path, &s.text)?;
        match &client.outcome {
            Outcome::Scored(c) => {
                strings_from(
                    sheet,
                    row,
                    1,
                    &[
                        &c.company,
                        &c.entity_name,
                        &c.criteria_version,
                        &c.tier_name,
                    ],
                    s,
                )?;
                // Tenths of a percent, so the division is exact for every value written.
                #[allow(clippy::cast_precision_loss)]
                let percent = c.score_tenths as f64 / 10.0;
                sheet.write_number_with_format(row, 5, percent, &s.percent)?;
                sheet.write_number(row, 6, u32::try_from(c.must_gaps).unwrap_or(u32::MAX))?;
                sheet.write_number(row, 7, u32::try_from(c.should_gaps).unwrap_or(u32::MAX))?;
                let result = if c.below_threshold {
                    msg.get("xlsx:below")
                } else {
                    msg.get("xlsx:ok")
                };
                sheet.write_string_with_format(row, 8, result, &s.text)?;
            }
            Outcome::Error(f) => {
                let message = f.shown.as_deref().unwrap_or(&f.message);
                let text = format!("{} [{}]: {message}", msg.get("xlsx:error"), f.code);
                sheet.write_string_with_format(row, 8, text, &s.text)?;
            }
        }
    }
    let last = u32::try_from(summary.clients.len()).unwrap_or(u32::MAX);
    sheet.autofilter(0, 0, last, 8)?;
    sheet.set_freeze_panes(1, 1)?;
    widths(
        sheet,
        &[36.0, 30.0, 22.0, 10.0, 16.0, 10.0, 10.0, 10.0, 40.0],
    )?;
    print(sheet, 0)
}

fn strings_from(
    sheet: &mut Worksheet,
    row: u32,
    first: u16,
    cells: &[&str],
    s: &Styles,
) -> Result<(), XlsxError> {
    for (col, value) in (first..).zip(cells) {
        sheet.write_string_with_format(row, col, *value, &s.text)?;
    }
    Ok(())
}

fn common_gaps(
    sheet: &mut Worksheet,
    summary: &Summary,
    msg: &Messages,
    s: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(msg.get("xlsx:sheet-common-gaps"))?;
    strings(
        sheet,
        0,
        &[
            msg.get("list:id"),
            msg.get("list:requirement"),
            msg.get("list:title"),
            msg.get("xlsx:clients-with-gap"),
            msg.get("xlsx:clients-applicable"),
        ],
        &s.header,
    )?;
    for (row, g) in (1u32..).zip(&summary.common_gaps) {
        strings(
            sheet,
            row,
            &[
                &g.id.to_string(),
                requirement_label(msg, g.requirement),
                &g.title,
            ],
            &s.text,
        )?;
        sheet.write_number(row, 3, u32::try_from(g.clients).unwrap_or(u32::MAX))?;
        sheet.write_number(row, 4, u32::try_from(g.applicable).unwrap_or(u32::MAX))?;
    }
    let last = u32::try_from(summary.common_gaps.len()).unwrap_or(u32::MAX);
    sheet.autofilter(0, 0, last, 4)?;
    sheet.set_freeze_panes(1, 1)?;
    widths(sheet, &[7.0, 10.0, 50.0, 14.0, 14.0])?;
    print(sheet, 0)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{open, string};
    use crate::criteria::{Entity, Requirement};
    use crate::messages::Messages;
    use crate::portfolio::{summarize, ClientRow, Failure, GapRef, Outcome, Scored};
    use crate::text::Lang;
    use calamine::{Data, Reader};

    #[test]
    fn clients_and_common_gaps_with_versions_and_ids_as_text() {
        let gap = GapRef {
            id: "12.10".parse().expect("id"),
            requirement: Requirement::Must,
        };
        let scored = ClientRow {
            path: "a/answers.yaml".into(),
            report: None,
            outcome: Outcome::Scored(Scored {
                company: "@SUM(1)".into(),
                entity: Entity::Importer,
                entity_name: "U.S. importer".into(),
                criteria_version: "2023.01".into(),
                tier: "tier_1".into(),
                tier_name: "Tier 1".into(),
                score_tenths: 725,
                must_gaps: 1,
                should_gaps: 0,
                below_threshold: false,
                warnings: 0,
                gaps: vec![gap],
                coverage: crate::criteria::Coverage::CrossChecked,
                provisional: false,
            }),
        };
        let broken = ClientRow {
            path: "b.yaml".into(),
            report: None,
            outcome: Outcome::Error(Failure {
                code: "unknown-field".into(),
                location: None,
                message: "bad".into(),
                errors: 1,
                shown: None,
            }),
        };
        let summary = summarize(
            vec![broken, scored],
            None,
            |_| "Seals".into(),
            |_, _, _| true,
        );
        let bytes = super::portfolio(&summary, &Messages::embedded(Lang::En)).expect("writes");
        let mut wb = open(&bytes);
        let clients = wb.worksheet_range("Clients").expect("clients");
        assert_eq!(string(&clients, 1, 0), "a/answers.yaml");
        assert_eq!(string(&clients, 1, 1), "@SUM(1)");
        assert_eq!(string(&clients, 1, 3), "2023.01");
        assert_eq!(clients.get_value((1, 5)), Some(&Data::Float(72.5)));
        assert!(string(&clients, 2, 8).contains("unknown-field"));
        let gaps = wb.worksheet_range("Common gaps").expect("gaps");
        assert_eq!(string(&gaps, 1, 0), "12.10");
        assert_eq!(gaps.get_value((1, 3)), Some(&Data::Float(1.0)));
    }
}
