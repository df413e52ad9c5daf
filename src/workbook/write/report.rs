//! The report workbook (`--format xlsx`): Summary, Gaps, Action plan, Evidence register and
//! Manifest sheets rendered from the [`Report`] data, like the other report formats.

use super::{new_workbook, WriteError};
use crate::messages::Messages;
use crate::report::aging;
use crate::report::{category_title, manifest_lines, requirement_label, status_label, Report};
use rust_xlsxwriter::{Format, FormatAlign, Table, TableColumn, Workbook, Worksheet, XlsxError};

/// Formats shared by the report sheets.
pub(super) struct Styles {
    pub(super) title: Format,
    pub(super) header: Format,
    pub(super) label: Format,
    pub(super) text: Format,
    pub(super) percent: Format,
}

impl Styles {
    pub(super) fn new() -> Styles {
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new().set_bold().set_text_wrap(),
            label: Format::new().set_bold().set_align(FormatAlign::Top),
            text: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            percent: Format::new()
                .set_num_format("0.0")
                .set_align(FormatAlign::Top),
        }
    }
}

/// Writes a row of strings from column A on.
pub(super) fn strings(
    sheet: &mut Worksheet,
    row: u32,
    cells: &[&str],
    format: &Format,
) -> Result<(), XlsxError> {
    for (col, value) in (0u16..).zip(cells) {
        sheet.write_string_with_format(row, col, *value, format)?;
    }
    Ok(())
}

/// Writes a row of wrapped strings from column A on, tall enough for the longest one in
/// columns of `widths`.
fn fitted(
    sheet: &mut Worksheet,
    row: u32,
    cells: &[&str],
    widths: &[f64],
    format: &Format,
) -> Result<(), XlsxError> {
    strings(sheet, row, cells, format)?;
    let height = super::row_height(cells.iter().copied().zip(widths.iter().copied()));
    sheet.set_row_height(row, height)?;
    Ok(())
}

/// Sets the widths of the first columns.
pub(super) fn widths(sheet: &mut Worksheet, widths: &[f64]) -> Result<(), XlsxError> {
    for (col, w) in (0u16..).zip(widths) {
        sheet.set_column_width(col, *w)?;
    }
    Ok(())
}

/// A4 landscape, fit to one page wide, header row repeated, numbered pages.
pub(super) fn print(sheet: &mut Worksheet, header_row: u32) -> Result<(), XlsxError> {
    sheet.set_footer(super::PAGE_FOOTER);
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(header_row, header_row)?;
    Ok(())
}

/// Renders `report` as a workbook in `msg`'s language.
///
/// # Errors
/// [`WriteError`] when a text breaks a limit of the file format.
pub fn report(report: &Report, msg: &Messages) -> Result<Vec<u8>, WriteError> {
    let styles = Styles::new();
    let mut workbook: Workbook = new_workbook(&format!(
        "{}: {}",
        msg.get("report:title"),
        report.company.name
    ))?;
    summary(workbook.add_worksheet(), report, msg, &styles)?;
    gaps(workbook.add_worksheet(), report, msg, &styles)?;
    plan(workbook.add_worksheet(), report, msg, &styles)?;
    register(workbook.add_worksheet(), report, msg, &styles)?;
    // Sheets that appear only when there is something to list, before the manifest.
    if !report.waivers.is_empty() {
        waivers(workbook.add_worksheet(), report, msg, &styles)?;
    }
    let f = &report.freshness;
    if !(f.expiring.is_empty() && f.stale.is_empty() && f.undated.is_empty()) {
        ages(workbook.add_worksheet(), report, msg, &styles)?;
    }
    manifest(workbook.add_worksheet(), report, msg, &styles)?;
    Ok(workbook.save_to_buffer()?)
}

/// Column widths of the summary sheet.
const SUMMARY_WIDTHS: [f64; 3] = [24.0, 90.0, 14.0];

/// The summary row where a coverage note goes (left empty until there is one).
pub const SUMMARY_COVERAGE_ROW: u32 = 11;

fn summary(sheet: &mut Worksheet, r: &Report, msg: &Messages, s: &Styles) -> Result<(), XlsxError> {
    sheet.set_name(msg.get("xlsx:sheet-summary"))?;
    sheet.write_string_with_format(0, 0, msg.get("report:title"), &s.title)?;
    let country = r
        .company
        .country
        .as_deref()
        .map_or(String::new(), |c| format!(" ({c})"));
    // A graded catalog has a total against a pass line and a model, not percentages.
    let score_lines: [(&str, String); 2] = match &r.grade {
        Some(g) => [
            (msg.get("grade:manifest-total"), g.total_line.clone()),
            (
                msg.get("grade:model-label"),
                crate::report::manifest_lines(r, msg)
                    .into_iter()
                    .find(|(k, _)| *k == msg.get("grade:model-label"))
                    .map(|(_, v)| v)
                    .unwrap_or_default(),
            ),
        ],
        None => [
            (msg.get("report:score"), format!("{:.1} %", r.score.percent)),
            (
                msg.get("report:must-score"),
                format!("{:.1} %", r.score.must_percent),
            ),
        ],
    };
    let lines: [(&str, String); 10] = [
        (
            msg.get("report:company"),
            format!("{}{country}", r.company.name),
        ),
        (msg.get("report:entity"), r.company.entity_name.clone()),
        (
            msg.get("criteria:version"),
            format!("{} ({})", r.criteria.version, r.criteria.name),
        ),
        (
            msg.get("report:assessed-on"),
            r.assessed_on.clone().unwrap_or_default(),
        ),
        (msg.get("report:as-of"), aging::as_of_value(msg, &r.as_of)),
        (
            msg.get("report:assessor"),
            r.assessor.clone().unwrap_or_default(),
        ),
        (msg.get("report:tier"), tier_line(r, msg)),
        score_lines[0].clone(),
        score_lines[1].clone(),
        (msg.get("report:freshness"), aging::counts_line(msg, r)),
    ];
    for (row, (label, value)) in (1u32..).zip(lines) {
        sheet.write_string_with_format(row, 0, label, &s.label)?;
        sheet.write_string_with_format(row, 1, value, &s.text)?;
    }
    // How complete the criteria list is: its name, and when the result is provisional, why.
    let coverage = match &r.criteria.coverage_notice {
        Some(notice) => format!("{}\n{notice}", r.criteria.coverage_name),
        None => r.criteria.coverage_name.clone(),
    };
    sheet.write_string_with_format(SUMMARY_COVERAGE_ROW, 0, msg.get("coverage:label"), &s.label)?;
    sheet.write_string_with_format(SUMMARY_COVERAGE_ROW, 1, coverage, &s.text)?;
    let mut row = SUMMARY_COVERAGE_ROW + 1;
    sheet.write_string_with_format(row, 0, msg.get("report:why"), &s.label)?;
    for reason in &r.tier.reasons {
        sentence(sheet, row, &reason.message, s)?;
        row += 1;
    }
    sentence(sheet, row, &r.tier.notice, s)?;
    row += 2;
    if let Some(next) = &r.tier.next {
        sheet.write_string_with_format(row, 0, msg.get("xlsx:next-blocked"), &s.label)?;
        let heading = crate::settings::fill(msg.get("report:next-tier"), &[("tier", &next.name)]);
        sheet.write_string_with_format(row, 1, heading, &s.label)?;
        row += 1;
        for b in &next.blockers {
            sentence(sheet, row, &b.message, s)?;
            row += 1;
        }
    } else {
        sheet.write_string_with_format(row, 1, msg.get("report:top"), &s.text)?;
        row += 1;
    }
    row += 1;
    let header;
    if let Some(g) = &r.grade {
        row = graded(sheet, row, r, g, msg, s)?;
        header = row;
        articles(sheet, &mut row, g, msg, s)?;
    } else {
        header = row;
        strings(
            sheet,
            header,
            &[
                msg.get("list:category"),
                msg.get("doc:category-name"),
                msg.get("xlsx:percent"),
            ],
            &s.header,
        )?;
        for c in &r.categories {
            row += 1;
            sheet.write_string_with_format(row, 0, c.number.to_string(), &s.text)?;
            sheet.write_string_with_format(row, 1, &c.name, &s.text)?;
            sheet.write_number_with_format(row, 2, c.percent, &s.percent)?;
        }
    }
    row += 2;
    practices(sheet, row, r, msg, s)?;
    widths(sheet, &SUMMARY_WIDTHS)?;
    print(sheet, header)?;
    Ok(())
}

/// The tier and what it means; for a graded catalog whose lower level was graded, the
/// indicative level first and this standard's own result under it.
fn tier_line(r: &Report, msg: &Messages) -> String {
    let own = crate::settings::fill(
        msg.get("xlsx:tier-summary"),
        &[("tier", &r.tier.name), ("summary", &r.tier.summary)],
    );
    match r.grade.as_ref().and_then(|g| g.lower.as_ref()) {
        Some(l) if l.gates_hold => format!("{}\n{own}", l.line),
        Some(l) => format!("{own}\n{}", l.line),
        None => format!("{}: {}", r.tier.name, r.tier.summary),
    }
}

/// The grade under the summary's blockers: gates, the lower level, counts, computed finance
/// items, each a sentence in column B; returns the next free row.
fn graded(
    sheet: &mut Worksheet,
    mut row: u32,
    r: &Report,
    g: &crate::report::grade::GradePart,
    msg: &Messages,
    s: &Styles,
) -> Result<u32, XlsxError> {
    sheet.write_string_with_format(row, 0, msg.get("grade:model-label"), &s.label)?;
    sentence(sheet, row, &g.model.message, s)?;
    row += 2;
    sheet.write_string_with_format(row, 0, msg.get("grade:gates"), &s.label)?;
    for gate in &g.gates {
        let mark = if gate.holds { "✓" } else { "✗" };
        let text = format!(
            "{mark} {}\n{}",
            gate.message,
            msg.labelled("grade:gate-basis", &gate.basis)
        );
        sentence(sheet, row, &text, s)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, msg.get("grade:articles"), &s.label)?;
    for (key, c) in std::iter::once(("grade:general", &g.counts))
        .chain(g.bonus_counts.iter().map(|b| ("grade:bonus-items", b)))
    {
        sentence(
            sheet,
            row,
            &crate::report::grade_counts_line(msg, key, c, &g.levels),
            s,
        )?;
        row += 1;
    }
    if let Some(l) = &g.lower {
        let heading =
            crate::settings::fill(msg.get("grade:lower-heading"), &[("standard", &l.standard)]);
        // Long headings go above their text in column B: column A is narrow.
        sheet.write_string_with_format(row, 1, heading, &s.label)?;
        row += 1;
        let mut text = format!(
            "{} {}",
            msg.labelled("report:tier", &l.tier_name),
            l.total_line
        );
        for extra in l
            .review_line
            .iter()
            .chain(l.blockers.iter().map(|b| &b.message))
        {
            text.push('\n');
            text.push_str(extra);
        }
        sentence(sheet, row, &text, s)?;
        row += 1;
    }
    if let Some(k) = &r.computed {
        sheet.write_string_with_format(row, 1, msg.get("finance:heading"), &s.label)?;
        row += 1;
        sentence(sheet, row, &k.facts, s)?;
        row += 1;
        for item in &k.items {
            sentence(sheet, row, &item.message, s)?;
            row += 1;
            for ratio in &item.ratios {
                let text = format!(
                    "    {}  {}  {}  {}",
                    ratio.name,
                    ratio.value.as_deref().unwrap_or("—"),
                    ratio.test,
                    ratio.result_text
                );
                sentence(sheet, row, &text, s)?;
                row += 1;
            }
        }
        sentence(sheet, row, &msg.labelled("finance:basis", &k.basis), s)?;
        row += 1;
    }
    Ok(row + 1)
}

/// The article table of a graded catalog: each article's items by level.
fn articles(
    sheet: &mut Worksheet,
    row: &mut u32,
    g: &crate::report::grade::GradePart,
    msg: &Messages,
    s: &Styles,
) -> Result<(), XlsxError> {
    let l = &g.levels;
    strings(
        sheet,
        *row,
        &[
            msg.get("grade:article"),
            msg.get("doc:category-name"),
            msg.get("finance:result"),
        ],
        &s.header,
    )?;
    for a in &g.articles {
        *row += 1;
        let c = &a.counts;
        let counts = c
            .labelled(l)
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(w, n)| format!("{w} {n}"))
            .collect::<Vec<_>>()
            .join(" · ");
        sheet.write_string_with_format(*row, 0, a.number.to_string(), &s.text)?;
        sheet.write_string_with_format(*row, 1, &a.name, &s.text)?;
        sheet.write_string_with_format(*row, 2, counts, &s.text)?;
    }
    Ok(())
}

/// The best practices claimed: title, criteria, whether it meets all five elements, what it
/// lacks and its evidence, under the summary's category scores.
fn practices(
    sheet: &mut Worksheet,
    mut row: u32,
    r: &Report,
    msg: &Messages,
    s: &Styles,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(row, 0, msg.get("doc:practices"), &s.label)?;
    if r.best_practices.is_empty() {
        sheet.write_string_with_format(row, 1, msg.get("doc:no-practices"), &s.text)?;
        return Ok(());
    }
    for p in &r.best_practices {
        let lines = [
            p.title.clone(),
            msg.labelled("doc:goes-beyond", &crate::report::ids(&p.criteria, msg)),
            msg.labelled(
                "doc:qualifies",
                msg.get(if p.qualifies { "doc:yes" } else { "doc:no" }),
            ),
        ]
        .into_iter()
        .chain(
            (!p.missing.is_empty())
                .then(|| pair(msg, "doc:lacks", &crate::report::elements(msg, &p.missing))),
        )
        .chain(p.evidence.iter().cloned())
        .collect::<Vec<_>>()
        .join("\n");
        sentence(sheet, row, &lines, s)?;
        row += 1;
    }
    Ok(())
}

/// `Label: value`, punctuated for the language (`标签：值`).
fn pair(msg: &Messages, key: &str, value: &str) -> String {
    let label = crate::report::label(msg, key);
    match msg.lang() {
        crate::text::Lang::ZhCn => format!("{label}{value}"),
        crate::text::Lang::En => format!("{label} {value}"),
    }
}

/// A sentence in column B of the summary, its row tall enough to show it.
fn sentence(sheet: &mut Worksheet, row: u32, text: &str, s: &Styles) -> Result<(), XlsxError> {
    sheet.write_string_with_format(row, 1, text, &s.text)?;
    sheet.set_row_height(row, super::row_height([(text, SUMMARY_WIDTHS[1])]))?;
    Ok(())
}

fn gaps(sheet: &mut Worksheet, r: &Report, msg: &Messages, s: &Styles) -> Result<(), XlsxError> {
    sheet.set_name(msg.get("xlsx:sheet-gaps"))?;
    strings(
        sheet,
        0,
        &[
            msg.get("list:id"),
            msg.get("list:requirement"),
            msg.get("list:category"),
            msg.get("list:title"),
            msg.get("report:status"),
            msg.get("show:question"),
            msg.get("report:hint"),
            msg.get("show:evidence"),
            msg.get("doc:evidence-cited"),
            msg.get("report:note"),
            msg.get("report:freshness"),
            msg.get("report:waiver"),
        ],
        &s.header,
    )?;
    const WIDTHS: [f64; 12] = [
        7.0, 10.0, 22.0, 28.0, 14.0, 45.0, 45.0, 40.0, 30.0, 30.0, 14.0, 16.0,
    ];
    for (row, g) in (1u32..).zip(&r.gaps) {
        fitted(
            sheet,
            row,
            &[
                &g.id.to_string(),
                requirement_label(msg, g.requirement),
                &category_title(msg, g.category, &g.category_name),
                &g.title,
                status_label(msg, g.status),
                &g.question,
                &g.hint,
                &g.evidence_expected.join("\n"),
                &aging::evidence_lines(msg, &g.evidence).join("\n"),
                g.note.as_deref().unwrap_or_default(),
                aging::freshness_label(msg, g.freshness),
                aging::gap_waiver_mark(msg, g.waiver, g.requirement),
            ],
            &WIDTHS,
            &s.text,
        )?;
    }
    let last = u32::try_from(r.gaps.len()).unwrap_or(u32::MAX);
    sheet.autofilter(0, 0, last, 11)?;
    sheet.set_freeze_panes(1, 1)?;
    widths(sheet, &WIDTHS)?;
    print(sheet, 0)
}

fn plan(sheet: &mut Worksheet, r: &Report, msg: &Messages, s: &Styles) -> Result<(), XlsxError> {
    sheet.set_name(msg.get("xlsx:sheet-plan"))?;
    let headers = [
        "#",
        msg.get("list:id"),
        msg.get("list:requirement"),
        msg.get("list:title"),
        msg.get("report:status"),
        msg.get("report:owner"),
        msg.get("report:due"),
        msg.get("report:note"),
        msg.get("report:waiver"),
    ];
    const WIDTHS: [f64; 9] = [5.0, 7.0, 10.0, 40.0, 14.0, 18.0, 12.0, 40.0, 16.0];
    let plan = r.action_plan();
    for (row, g) in (1u32..).zip(&plan) {
        fitted(
            sheet,
            row,
            &[
                &row.to_string(),
                &g.id.to_string(),
                requirement_label(msg, g.requirement),
                &g.title,
                status_label(msg, g.status),
                g.owner.as_deref().unwrap_or_default(),
                g.due.as_deref().unwrap_or_default(),
                g.note.as_deref().unwrap_or_default(),
                aging::gap_waiver_mark(msg, g.waiver, g.requirement),
            ],
            &WIDTHS,
            &s.text,
        )?;
        // `#` is a number so the plan can be sorted back into its order.
        sheet.write_number_with_format(row, 0, f64::from(row), &s.text)?;
    }
    let columns: Vec<TableColumn> = headers
        .iter()
        .map(|h| TableColumn::new().set_header(*h))
        .collect();
    let table = Table::new().set_columns(&columns);
    // A table needs a data row; an empty plan gets an empty one.
    let last = u32::try_from(plan.len()).unwrap_or(u32::MAX).max(1);
    sheet.add_table(0, 0, last, 8, &table)?;
    sheet.set_freeze_panes(1, 2)?;
    widths(sheet, &WIDTHS)?;
    print(sheet, 0)
}

fn register(
    sheet: &mut Worksheet,
    r: &Report,
    msg: &Messages,
    s: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(msg.get("xlsx:sheet-register"))?;
    strings(
        sheet,
        0,
        &[
            msg.get("list:id"),
            msg.get("list:requirement"),
            msg.get("list:title"),
            msg.get("report:status"),
            msg.get("doc:evidence-cited"),
            msg.get("report:note"),
            msg.get("report:freshness"),
        ],
        &s.header,
    )?;
    const WIDTHS: [f64; 7] = [7.0, 10.0, 40.0, 14.0, 50.0, 40.0, 24.0];
    for (row, e) in (1u32..).zip(&r.register) {
        fitted(
            sheet,
            row,
            &[
                &e.id.to_string(),
                requirement_label(msg, e.requirement),
                &e.title,
                status_label(msg, e.status),
                &aging::evidence_lines(msg, &e.evidence).join("\n"),
                e.note.as_deref().unwrap_or_default(),
                &aging::freshness_text(msg, e.freshness, e.evidence_until.as_deref()),
            ],
            &WIDTHS,
            &s.text,
        )?;
    }
    let last = u32::try_from(r.register.len()).unwrap_or(u32::MAX);
    sheet.autofilter(0, 0, last, 6)?;
    sheet.set_freeze_panes(1, 1)?;
    widths(sheet, &WIDTHS)?;
    print(sheet, 0)
}

fn manifest(
    sheet: &mut Worksheet,
    r: &Report,
    msg: &Messages,
    s: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(msg.get("xlsx:sheet-manifest"))?;
    for (row, (label, value)) in (0u32..).zip(manifest_lines(r, msg)) {
        sheet.write_string_with_format(row, 0, label, &s.label)?;
        sheet.write_string_with_format(row, 1, value, &s.text)?;
    }
    // The evidence-age rules the freshness was judged by, under the manifest.
    let mut row = u32::try_from(manifest_lines(r, msg).len()).unwrap_or(u32::MAX) + 1;
    sheet.write_string_with_format(row, 0, msg.get("doc:freshness-rules"), &s.label)?;
    let intro = aging::intro(msg, r, "doc:freshness-rules-intro");
    sheet.write_string_with_format(row, 1, &intro, &s.text)?;
    sheet.set_row_height(row, super::row_height([(intro.as_str(), 80.0)]))?;
    for rule in &r.freshness.rules {
        row += 1;
        sheet.write_string_with_format(row, 1, &rule.message, &s.text)?;
        sheet.set_row_height(row, super::row_height([(rule.message.as_str(), 80.0)]))?;
    }
    widths(sheet, &[30.0, 80.0])?;
    Ok(())
}

/// Every waiver: the criterion, its effect (⚠ for a Must left unmet or an expired waiver),
/// the sentence and the details.
fn waivers(sheet: &mut Worksheet, r: &Report, msg: &Messages, s: &Styles) -> Result<(), XlsxError> {
    sheet.set_name(msg.get("xlsx:sheet-waivers"))?;
    strings(
        sheet,
        0,
        &[
            msg.get("list:id"),
            msg.get("list:title"),
            msg.get("report:effect"),
            msg.get("doc:expires"),
            msg.get("doc:justification"),
            msg.get("doc:approved-by"),
            msg.get("doc:approved-on"),
            msg.get("doc:compensating-controls"),
            msg.get("doc:evidence-cited"),
            msg.get("report:meaning"),
        ],
        &s.header,
    )?;
    const WIDTHS: [f64; 10] = [6.0, 22.0, 16.0, 11.0, 30.0, 14.0, 11.0, 26.0, 24.0, 40.0];
    for (row, w) in (1u32..).zip(&r.waivers) {
        let mut effect = aging::waiver_effect(msg, w);
        if aging::waiver_alarming(w) {
            effect = format!("⚠ {effect}");
        }
        fitted(
            sheet,
            row,
            &[
                &w.criterion.to_string(),
                &w.title,
                &effect,
                w.expires.as_deref().unwrap_or_default(),
                &w.justification,
                w.approved_by.as_deref().unwrap_or_default(),
                w.approved_on.as_deref().unwrap_or_default(),
                &w.compensating_controls.join("\n"),
                &aging::evidence_lines(msg, &w.evidence).join("\n"),
                &w.message,
            ],
            &WIDTHS,
            &s.text,
        )?;
    }
    let last = u32::try_from(r.waivers.len()).unwrap_or(u32::MAX);
    sheet.autofilter(0, 0, last, 9)?;
    sheet.set_freeze_panes(1, 1)?;
    widths(sheet, &WIDTHS)?;
    print(sheet, 0)
}

/// Evidence expiring soon, aged out, and undated where the criterion recurs: one row each.
fn ages(sheet: &mut Worksheet, r: &Report, msg: &Messages, s: &Styles) -> Result<(), XlsxError> {
    use crate::scoring::Freshness;
    sheet.set_name(msg.get("xlsx:sheet-ages"))?;
    strings(
        sheet,
        0,
        &[
            msg.get("report:freshness"),
            msg.get("list:id"),
            msg.get("list:requirement"),
            msg.get("list:title"),
            msg.get("doc:evidence-cited"),
            msg.get("report:until"),
        ],
        &s.header,
    )?;
    const WIDTHS: [f64; 6] = [16.0, 7.0, 10.0, 36.0, 60.0, 14.0];
    let f = &r.freshness;
    let mut rows: Vec<[String; 6]> = Vec::new();
    for (freshness, items) in [
        (Freshness::Expiring, &f.expiring),
        (Freshness::Stale, &f.stale),
    ] {
        for item in items {
            rows.push([
                aging::freshness_label(msg, freshness).to_string(),
                item.id.to_string(),
                requirement_label(msg, item.requirement).to_string(),
                item.title.clone(),
                item.evidence.clone(),
                item.until.clone(),
            ]);
        }
    }
    for e in r.register.iter().filter(|e| f.undated.contains(&e.id)) {
        rows.push([
            aging::freshness_label(msg, Freshness::Undated).to_string(),
            e.id.to_string(),
            requirement_label(msg, e.requirement).to_string(),
            e.title.clone(),
            aging::evidence_lines(msg, &e.evidence).join("\n"),
            String::new(),
        ]);
    }
    for (row, cells) in (1u32..).zip(&rows) {
        let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
        fitted(sheet, row, &cells, &WIDTHS, &s.text)?;
    }
    let last = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    sheet.autofilter(0, 0, last, 5)?;
    sheet.set_freeze_panes(1, 2)?;
    widths(sheet, &WIDTHS)?;
    print(sheet, 0)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{catalog, hostile_answers, open, part, string};
    use crate::messages::Messages;
    use crate::report::Report;
    use crate::text::Lang;
    use calamine::Reader;

    fn build(lang: Lang) -> Vec<u8> {
        let (catalog, _) = catalog();
        let answers = hostile_answers();
        let assessment = crate::scoring::assess(
            &catalog,
            &answers,
            crate::calendar::date("2026-11-30").expect("a date"),
        );
        let msg = Messages::embedded(lang);
        let report = Report::build(&catalog, &answers, &assessment, &msg);
        super::report(&report, &msg).expect("writes")
    }

    #[test]
    fn every_sheet_is_there_in_the_reports_language_and_ids_stay_text() {
        let bytes = build(Lang::ZhCn);
        let mut wb = open(&bytes);
        assert_eq!(
            wb.sheet_names(),
            ["摘要", "差距", "整改计划", "证据登记", "来源说明"]
        );
        let summary = wb.worksheet_range("摘要").expect("summary");
        assert_eq!(string(&summary, 1, 0), "企业");
        let practice = (0..=summary.end().expect("cells").0)
            .find_map(|row| match summary.get_value((row, 1)) {
                Some(calamine::Data::String(s)) if s.starts_with("Live GPS seals\n") => {
                    Some(s.clone())
                }
                _ => None,
            })
            .expect("the best practice is on the summary");
        assert!(practice.contains("7.23、12.10"), "{practice}");
        assert!(practice.contains("满足全部五项要素：否"), "{practice}");
        assert!(practice.ends_with("SP-9"), "{practice}");
        assert!(string(&summary, 1, 1).starts_with("=cmd|"));
        assert!(string(&summary, 3, 1).starts_with("2023.01 ("));
        let gaps = wb.worksheet_range("差距").expect("gaps");
        let ids: Vec<String> = (1..=gaps.end().expect("cells").0)
            .map(|row| string(&gaps, row, 0))
            .collect();
        assert!(ids.contains(&"1.1".to_string()), "{ids:?}");
        // No cell of any sheet is a formula, whatever the answers file holds.
        for n in 1..=5 {
            let xml = part(&bytes, &format!("xl/worksheets/sheet{n}.xml"));
            assert!(!xml.contains("<f>") && !xml.contains("<f "), "sheet{n}");
        }
        let table = part(&bytes, "xl/tables/table1.xml");
        assert!(table.contains("autoFilter"), "{table}");
        assert_eq!(build(Lang::ZhCn), bytes, "reproducible");
    }

    #[test]
    fn the_plan_has_its_header_and_the_summary_states_the_coverage() {
        let bytes = build(Lang::En);
        let mut wb = open(&bytes);
        let plan = wb.worksheet_range("Action plan").expect("plan");
        assert_eq!(string(&plan, 0, 1), "ID");
        let summary = wb.worksheet_range("Summary").expect("summary");
        let row = super::SUMMARY_COVERAGE_ROW;
        assert_eq!(string(&summary, row, 0), "Criteria coverage");
        assert!(!string(&summary, row, 1).is_empty());
    }
}
