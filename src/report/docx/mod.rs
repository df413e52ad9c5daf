//! The Word (DOCX) rendering of a [`Report`]: an editable document a consultant can brand,
//! rewrite and hand over.
//!
//! It holds what the HTML report holds, laid out with Word's built-in styles (Title,
//! Heading 1–4, List Bullet, Table Grid, Caption, footer) so a theme or a company template
//! restyles it all. Tables repeat their header row on every page and never split a row; the
//! footer carries the company name and the page number; the page is A4 or Letter
//! ([`Paper`]), or the template's own page set-up ([`Template`]).
//!
//! WordprocessingML is written here directly rather than through a DOCX library: the
//! established one (`docx-rs`) numbers paragraphs from a process-wide counter (so the same
//! report rendered in a parallel batch would not give the same bytes), cannot take styles,
//! headers and footers from an existing document, and pulls an image codec we do not need.
//! Pure: the package is built in memory with fixed timestamps and ids, so the same report
//! gives the same bytes.

mod parts;
mod template;
mod xml;

pub use template::{
    Template, TemplateError, MAX_PARTS, MAX_PART_BYTES, MAX_TEMPLATE_BYTES, MAX_UNPACKED_BYTES,
};

use super::{aging, GapPart, Report};
use crate::criteria::Requirement;
use crate::messages::Messages;
use parts::{kind, Relationship};
use std::fmt;
use std::io::{Cursor, Write as _};
use std::str::FromStr;
use xml::{paragraph, run, Look, R_NS, W_NS};

/// Page size of a report without a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    /// ISO A4, 210 × 297 mm, 2 cm margins.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in, 1 in margins.
    Letter,
}

impl Paper {
    /// Every paper size.
    pub const ALL: [Paper; 2] = [Paper::A4, Paper::Letter];

    /// The name in settings and on the command line.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "letter",
        }
    }

    /// `(width, height, side margin, top margin)` in twentieths of a point.
    fn geometry(self) -> (u32, u32, u32, u32) {
        match self {
            Paper::A4 => (11_906, 16_838, 1_134, 1_134),
            Paper::Letter => (12_240, 15_840, 1_440, 1_440),
        }
    }
}

impl fmt::Display for Paper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Paper {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase();
        Paper::ALL
            .into_iter()
            .find(|p| p.id() == s)
            .ok_or_else(|| format!("unknown paper size `{s}`; use a4 or letter"))
    }
}

/// How to lay out the Word report.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// The page size when there is no template.
    pub paper: Paper,
    /// A consultant's document to take styles, page set-up, header and footer from.
    pub template: Option<&'a Template>,
}

/// Why the package could not be written (it is written to memory, so only a zip-library
/// failure can cause this).
#[derive(Debug, thiserror::Error)]
#[error("cannot pack the Word document")]
pub struct PackError(#[from] zip::result::ZipError);

impl From<std::io::Error> for PackError {
    fn from(e: std::io::Error) -> Self {
        PackError(zip::result::ZipError::Io(e))
    }
}

/// Shading of table header cells.
const HEADER_FILL: &str = "D9E2F3";
/// The empty part of a chart bar.
const TRACK_FILL: &str = "E6E9EE";
/// How many cells a chart bar is made of (each is 5 %).
const BAR_CELLS: u32 = 20;

/// A table cell: its paragraphs (XML) and an optional fill colour.
struct Cell {
    paragraphs: String,
    fill: Option<String>,
}

impl Cell {
    fn text(text: &str, look: Look) -> Cell {
        Cell {
            paragraphs: paragraph(None, "", &run(text, look)),
            fill: None,
        }
    }

    fn list(items: &[String], empty: &str) -> Cell {
        let paragraphs = if items.is_empty() {
            paragraph(None, "", &run(empty, Look::ITALIC))
        } else {
            items
                .iter()
                .map(|i| paragraph(None, "", &run(i, Look::PLAIN)))
                .collect()
        };
        Cell {
            paragraphs,
            fill: None,
        }
    }
}

/// The document body being written.
struct Body<'a> {
    xml: String,
    msg: &'a Messages,
    /// Text width, in twentieths of a point.
    width: u32,
    /// The numbering id of the bullet list.
    bullet: u32,
}

impl Body<'_> {
    fn para(&mut self, style: Option<&str>, runs: &str) {
        self.xml.push_str(&paragraph(style, "", runs));
    }

    fn heading(&mut self, level: u8, text: &str) {
        self.para(Some(&format!("Heading{level}")), &run(text, Look::PLAIN));
    }

    fn text(&mut self, text: &str) {
        self.para(None, &run(text, Look::PLAIN));
    }

    fn bullet(&mut self, text: &str) {
        let numbering = format!(
            "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{}\"/></w:numPr>",
            self.bullet
        );
        self.xml.push_str(&paragraph(
            Some("ListBullet"),
            &numbering,
            &run(text, Look::PLAIN),
        ));
    }

    /// `Label: value` with the label in bold and the language's colon.
    fn labelled(&mut self, key: &str, value: &str) {
        self.label_value(&super::label(self.msg, key), value);
    }

    /// A bold label (with its colon) and a value; English puts a space after the colon, a
    /// Chinese full-width colon has its own.
    fn label_value(&mut self, label: &str, value: &str) {
        let space = if self.msg.lang() == crate::text::Lang::En {
            " "
        } else {
            ""
        };
        if value.is_empty() {
            // The lead-in of a list: kept on the page of the list's first item.
            self.xml
                .push_str(&paragraph(None, "<w:keepNext/>", &run(label, Look::BOLD)));
            return;
        }
        let runs = run(label, Look::BOLD) + &run(space, Look::PLAIN) + &run(value, Look::PLAIN);
        self.para(None, &runs);
    }

    /// A data table: a header row repeated on every page, rows that never split, columns
    /// in thousandths of the text width.
    fn table(&mut self, widths: &[u32], header: &[&str], rows: Vec<Vec<Cell>>) {
        let cols: Vec<u32> = widths.iter().map(|w| self.width * w / 1000).collect();
        self.xml.push_str(
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/>\
             <w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" \
             w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
        );
        for c in &cols {
            self.xml.push_str(&format!("<w:gridCol w:w=\"{c}\"/>"));
        }
        self.xml.push_str("</w:tblGrid>");
        let header_cells = header
            .iter()
            .map(|h| Cell {
                paragraphs: paragraph(None, "<w:keepNext/>", &run(h, Look::BOLD)),
                fill: Some(HEADER_FILL.to_string()),
            })
            .collect();
        self.row(&cols, header_cells, true);
        for r in rows {
            self.row(&cols, r, false);
        }
        self.xml.push_str("</w:tbl>");
        // Word needs a paragraph between two tables, and it spaces the next heading.
        self.para(None, "");
    }

    fn row(&mut self, cols: &[u32], cells: Vec<Cell>, header: bool) {
        self.row_with(cols, cells, if header { "<w:tblHeader/>" } else { "" });
    }

    /// A row that never splits, with more row properties (`w:trPr` children after
    /// `w:cantSplit`, in the schema's order).
    fn row_with(&mut self, cols: &[u32], cells: Vec<Cell>, properties: &str) {
        self.xml.push_str("<w:tr><w:trPr><w:cantSplit/>");
        self.xml.push_str(properties);
        self.xml.push_str("</w:trPr>");
        for (cell, width) in cells.into_iter().zip(cols) {
            self.xml.push_str(&format!(
                "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>"
            ));
            if let Some(fill) = &cell.fill {
                self.xml.push_str(&format!(
                    "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{fill}\"/>"
                ));
            }
            self.xml.push_str("</w:tcPr>");
            self.xml.push_str(&cell.paragraphs);
            self.xml.push_str("</w:tc>");
        }
        self.xml.push_str("</w:tr>");
    }

    /// The bar chart: for each focus area and category a row with its name, then a thin row
    /// with the bar (shaded cells, 5 % each) and the value. Native table cells, so it stays
    /// editable in every office program and needs no image.
    fn chart(&mut self, report: &Report) {
        let value_width = self.width * 15 / 100;
        let bar_width = (self.width - value_width) / BAR_CELLS;
        self.xml.push_str(
            "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblLayout w:type=\"fixed\"/>\
             <w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"0\" w:type=\"dxa\"/>\
             <w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"0\" w:type=\"dxa\"/></w:tblCellMar>\
             <w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" \
             w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
        );
        for _ in 0..BAR_CELLS {
            self.xml
                .push_str(&format!("<w:gridCol w:w=\"{bar_width}\"/>"));
        }
        self.xml
            .push_str(&format!("<w:gridCol w:w=\"{value_width}\"/>"));
        self.xml.push_str("</w:tblGrid>");
        let mut rows: Vec<(String, bool, f64)> = Vec::new();
        for area in &report.focus_areas {
            rows.push((area.name.clone(), true, area.percent));
            for k in report.categories.iter().filter(|k| k.focus_area == area.id) {
                rows.push((format!("{}. {}", k.number, k.name), false, k.percent));
            }
        }
        let mut cols = vec![bar_width; BAR_CELLS as usize];
        cols.push(value_width);
        for (label, area, percent) in rows {
            let clamped = percent.clamp(0.0, 100.0);
            // Whole 5 % cells, rounded to the nearest.
            let filled = ((clamped / 5.0).round() as u32).min(BAR_CELLS);
            let colour = super::html::fill(clamped, area)
                .trim_start_matches('#')
                .to_uppercase();
            let look = if area { Look::BOLD } else { Look::PLAIN };
            let label_width = self.width - value_width;
            self.xml.push_str(&format!(
                "<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w=\"{label_width}\" w:type=\"dxa\"/>\
                 <w:gridSpan w:val=\"{BAR_CELLS}\"/><w:vAlign w:val=\"bottom\"/></w:tcPr>{}</w:tc>\
                 <w:tc><w:tcPr><w:tcW w:w=\"{value_width}\" w:type=\"dxa\"/><w:vAlign w:val=\"bottom\"/></w:tcPr>{}</w:tc></w:tr>",
                paragraph(
                    None,
                    "<w:keepNext/><w:spacing w:before=\"60\" w:after=\"20\"/>",
                    &run(&label, look)
                ),
                paragraph(
                    None,
                    "<w:keepNext/><w:spacing w:before=\"60\" w:after=\"20\"/><w:jc w:val=\"right\"/>",
                    &run(&format!("{percent:.1}%"), look)
                )
            ));
            let mut cells = Vec::new();
            for i in 0..BAR_CELLS {
                cells.push(Cell {
                    paragraphs: paragraph(
                        None,
                        "<w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/><w:rPr><w:sz w:val=\"4\"/></w:rPr>",
                        "",
                    ),
                    fill: Some(if i < filled {
                        colour.clone()
                    } else {
                        TRACK_FILL.to_string()
                    }),
                });
            }
            cells.push(Cell {
                paragraphs: paragraph(
                    None,
                    "<w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/><w:rPr><w:sz w:val=\"4\"/></w:rPr>",
                    "",
                ),
                fill: None,
            });
            self.row_with(
                &cols,
                cells,
                "<w:trHeight w:val=\"200\" w:hRule=\"exact\"/>",
            );
        }
        self.xml.push_str("</w:tbl>");
        self.para(None, "");
    }
}

fn pct(p: f64) -> String {
    format!("{p:.1}%")
}

/// The document's body: every section of the report, in the HTML report's order.
fn body(report: &Report, msg: &Messages, width: u32, bullet: u32) -> String {
    let mut b = Body {
        xml: String::new(),
        msg,
        width,
        bullet,
    };
    let r = report;
    b.para(Some("Title"), &run(&r.company.name, Look::PLAIN));
    b.para(Some("Subtitle"), &run(msg.get("report:title"), Look::PLAIN));
    let mut entity = r.company.entity_name.clone();
    if let Some(c) = &r.company.country {
        entity.push_str(" · ");
        entity.push_str(c);
    }
    b.labelled("report:entity", &entity);
    b.labelled(
        "criteria:version",
        &super::fill(
            msg.get("docx:criteria-line"),
            &[
                ("name", r.criteria.name.clone()),
                ("version", r.criteria.version.clone()),
                ("date", r.criteria.effective.clone()),
            ],
        ),
    );
    // How complete the criteria list is, right after the version it qualifies, and what a
    // tailoring file changed.
    b.labelled("coverage:label", &r.criteria.coverage_name);
    if let Some(t) = &r.criteria.tailoring {
        b.labelled("report:tailoring", &t.summary);
    }
    if let Some(d) = &r.assessed_on {
        b.labelled("report:assessed-on", d);
    }
    b.labelled("report:as-of", &aging::as_of_value(msg, &r.as_of));
    if let Some(a) = &r.assessor {
        b.labelled("report:assessor", a);
    }

    b.heading(1, msg.get("doc:summary"));
    if r.grade.as_ref().and_then(|g| g.lower.as_ref()).is_some() {
        let (first, second) = super::headline(r, msg);
        b.para(None, &run(&first, Look::BOLD));
        b.para(None, &run(&second.unwrap_or_default(), Look::BOLD));
    } else {
        b.para(
            None,
            &run(
                &super::fill(msg.get("doc:headline"), &[("tier", r.tier.name.clone())]),
                Look::BOLD,
            ),
        );
    }
    b.text(&r.tier.summary);
    b.para(None, &run(&r.tier.notice, Look::ITALIC));
    if let Some(n) = &r.criteria.coverage_notice {
        b.para(None, &run(&crate::coverage::headed(n, msg), Look::BOLD));
    }
    if let Some(g) = &r.grade {
        b.para(None, &run(&g.total_line, Look::BOLD));
    } else {
        b.text(&super::fill(
            msg.get("doc:overall"),
            &[
                ("score", pct(r.score.percent)),
                ("must", pct(r.score.must_percent)),
                ("musts", r.counts.must_gaps.to_string()),
                ("shoulds", r.counts.should_gaps.to_string()),
            ],
        ));
    }
    b.heading(2, msg.get("report:why"));
    for reason in &r.tier.reasons {
        b.bullet(&reason.message);
    }
    match &r.tier.next {
        Some(next) => {
            b.heading(
                2,
                &super::fill(msg.get("doc:next-heading"), &[("tier", next.name.clone())]),
            );
            let (shown, more) = super::summary_blockers(next, msg);
            for blocker in shown {
                b.bullet(&blocker.message);
            }
            if let Some(more) = more {
                b.bullet(&more);
            }
        }
        None => b.text(msg.get("report:top")),
    }

    match &r.grade {
        Some(g) => graded(&mut b, r, g),
        None => scores(&mut b, r),
    }

    b.heading(1, msg.get("report:gaps"));
    if r.gaps.is_empty() {
        b.text(msg.get("report:no-gaps"));
    }
    for (level, key) in [
        (Requirement::Must, "doc:gaps-musts"),
        (Requirement::Should, "doc:gaps-shoulds"),
    ] {
        let groups = super::gap_groups(r, level);
        if groups.is_empty() {
            continue;
        }
        b.heading(2, msg.get(key));
        for (number, name, gaps) in groups {
            b.heading(3, &super::category_title(msg, number, name));
            for g in gaps {
                gap(&mut b, g, r.declared(g.id));
            }
        }
    }

    b.heading(1, msg.get("doc:plan"));
    if r.gaps.is_empty() {
        b.text(msg.get("report:no-gaps"));
    } else {
        b.text(msg.get("doc:plan-intro"));
        let rows = r
            .action_plan()
            .into_iter()
            .enumerate()
            .map(|(i, g)| {
                vec![
                    Cell::text(&(i + 1).to_string(), Look::PLAIN),
                    Cell::text(&g.id.to_string(), Look::PLAIN),
                    Cell::text(super::requirement_label(msg, g.requirement), Look::PLAIN),
                    Cell::text(&g.title, Look::PLAIN),
                    Cell::text(&gap_status(msg, g), Look::PLAIN),
                    match &g.owner {
                        Some(o) => Cell::text(o, Look::PLAIN),
                        None => Cell::text(msg.get("doc:unassigned"), Look::ITALIC),
                    },
                    Cell::text(g.due.as_deref().unwrap_or(""), Look::PLAIN),
                ]
            })
            .collect();
        b.table(
            &[55, 90, 120, 230, 180, 165, 160],
            &[
                "#",
                msg.get("list:id"),
                msg.get("list:requirement"),
                msg.get("list:title"),
                msg.get("report:status"),
                msg.get("report:owner"),
                msg.get("report:due"),
            ],
            rows,
        );
    }

    waivers(&mut b, r);
    ages(&mut b, r);

    b.heading(1, msg.get("doc:register"));
    b.text(msg.get("doc:register-intro"));
    b.labelled("report:freshness", &aging::counts_line(msg, r));
    if r.register.is_empty() {
        b.text(msg.get("doc:register-empty"));
    } else {
        let rows = r
            .register
            .iter()
            .map(|e| {
                let mut items = aging::evidence_lines(msg, &e.evidence);
                if let Some(n) = &e.note {
                    items.push(format!("{} {n}", super::label(msg, "report:note")));
                }
                vec![
                    Cell::text(&e.id.to_string(), Look::PLAIN),
                    Cell::text(super::requirement_label(msg, e.requirement), Look::PLAIN),
                    Cell::text(&e.title, Look::PLAIN),
                    Cell::text(super::status_label(msg, e.status), Look::PLAIN),
                    Cell::text(
                        &aging::freshness_text(msg, e.freshness, e.evidence_until.as_deref()),
                        Look::PLAIN,
                    ),
                    Cell::list(&items, msg.get("doc:no-evidence")),
                ]
            })
            .collect();
        b.table(
            &[80, 120, 195, 170, 150, 285],
            &[
                msg.get("list:id"),
                msg.get("list:requirement"),
                msg.get("list:title"),
                msg.get("report:status"),
                msg.get("report:freshness"),
                msg.get("doc:evidence-or-note"),
            ],
            rows,
        );
    }

    b.heading(1, msg.get("doc:practices"));
    if r.best_practices.is_empty() {
        b.text(msg.get("doc:no-practices"));
    } else {
        let rows = r
            .best_practices
            .iter()
            .map(|p| {
                vec![
                    Cell::text(&p.title, Look::PLAIN),
                    Cell::text(&super::ids(&p.criteria, msg), Look::PLAIN),
                    Cell::text(
                        msg.get(if p.qualifies { "doc:yes" } else { "doc:no" }),
                        Look::PLAIN,
                    ),
                    Cell::text(&super::elements(msg, &p.missing), Look::PLAIN),
                    Cell::list(&p.evidence, ""),
                ]
            })
            .collect();
        b.table(
            &[280, 130, 130, 200, 260],
            &[
                msg.get("doc:practice"),
                msg.get("doc:goes-beyond"),
                msg.get("doc:qualifies"),
                msg.get("doc:lacks"),
                msg.get("doc:evidence-cited"),
            ],
            rows,
        );
    }

    b.heading(1, msg.get("doc:manifest"));
    b.text(msg.get("doc:manifest-intro"));
    for (label, value) in super::manifest_lines(r, msg) {
        b.label_value(
            &super::fill(msg.get("doc:label"), &[("label", label.to_string())]),
            &value,
        );
    }
    b.heading(2, msg.get("doc:freshness-rules"));
    b.text(&aging::intro(msg, r, "doc:freshness-rules-intro"));
    for rule in &r.freshness.rules {
        b.bullet(&rule.message);
    }
    b.para(
        Some("Caption"),
        &run(
            &format!(
                "{} · ctpat {} · {}",
                msg.get("report:title"),
                r.generator.version,
                msg.get("doc:footer")
            ),
            Look::PLAIN,
        ),
    );
    b.xml
}

/// One gap: a Heading 4 with its id and title, then its facts as labelled paragraphs.
/// The C-TPAT scores: the chart and the table per focus area and category.
fn scores(b: &mut Body<'_>, r: &Report) {
    let msg = b.msg;
    b.heading(1, msg.get("doc:scores"));
    b.para(
        Some("Caption"),
        &run(msg.get("doc:chart-title"), Look::PLAIN),
    );
    b.chart(r);
    let mut rows = Vec::new();
    for area in &r.focus_areas {
        let look = Look::BOLD;
        rows.push(vec![
            Cell::text("", look),
            Cell::text(&area.name, look),
            Cell::text(&pct(area.percent), look),
            Cell::text(&format!("{} / {}", area.earned, area.possible), look),
            Cell::text(&area.counts.must_gaps.to_string(), look),
            Cell::text(&area.counts.should_gaps.to_string(), look),
        ]);
        for k in r.categories.iter().filter(|k| k.focus_area == area.id) {
            let look = Look::PLAIN;
            rows.push(vec![
                Cell::text(&k.number.to_string(), look),
                Cell::text(&k.name, look),
                Cell::text(&pct(k.percent), look),
                Cell::text(&format!("{} / {}", k.earned, k.possible), look),
                Cell::text(&k.counts.must_gaps.to_string(), look),
                Cell::text(&k.counts.should_gaps.to_string(), look),
            ]);
        }
    }
    rows.push(vec![
        Cell::text("", Look::BOLD),
        Cell::text(msg.get("doc:total"), Look::BOLD),
        Cell::text(&pct(r.score.percent), Look::BOLD),
        Cell::text(
            &format!("{} / {}", r.score.earned, r.score.possible),
            Look::BOLD,
        ),
        Cell::text(&r.counts.must_gaps.to_string(), Look::BOLD),
        Cell::text(&r.counts.should_gaps.to_string(), Look::BOLD),
    ]);
    b.table(
        &[60, 440, 120, 140, 120, 120],
        &[
            "#",
            msg.get("report:area"),
            msg.get("report:score"),
            msg.get("doc:points"),
            msg.get("report:must-gaps"),
            msg.get("report:should-gaps"),
        ],
        rows,
    );
}

/// The grade of a graded catalog: total, model, gates with their basis, the lower level,
/// counts per class and article, and the computed finance items.
fn graded(b: &mut Body<'_>, r: &Report, g: &super::grade::GradePart) {
    let msg = b.msg;
    b.heading(1, msg.get("grade:section"));
    b.para(None, &run(&g.total_line, Look::BOLD));
    b.label_value(&super::label(msg, "grade:model-label"), &g.model.message);
    b.heading(2, msg.get("grade:gates"));
    for gate in &g.gates {
        let mark = if gate.holds { "✓" } else { "✗" };
        b.bullet(&format!("{mark} {}", gate.message));
        b.para(
            None,
            &run(&msg.labelled("grade:gate-basis", &gate.basis), Look::ITALIC),
        );
    }
    if let Some(l) = &g.lower {
        b.heading(
            2,
            &super::fill(
                msg.get("grade:lower-heading"),
                &[("standard", l.standard.clone())],
            ),
        );
        b.para(
            None,
            &run(
                &format!(
                    "{} {}",
                    msg.labelled("report:tier", &l.tier_name),
                    l.total_line
                ),
                Look::BOLD,
            ),
        );
        if let Some(rl) = &l.review_line {
            b.text(rl);
        }
        for blocker in &l.blockers {
            b.bullet(&blocker.message);
        }
    }
    b.heading(2, msg.get("grade:articles"));
    b.bullet(&super::grade_counts_line(
        msg,
        "grade:general",
        &g.counts,
        &g.levels,
    ));
    if let Some(c) = &g.bonus_counts {
        b.bullet(&super::grade_counts_line(
            msg,
            "grade:bonus-items",
            c,
            &g.levels,
        ));
    }
    let mut rows = Vec::new();
    for (area, mine) in g.articles_by_area(&r.focus_areas) {
        let mut row = vec![
            Cell::text("", Look::BOLD),
            Cell::text(&area.name, Look::BOLD),
        ];
        row.extend((0..5).map(|_| Cell::text("", Look::PLAIN)));
        rows.push(row);
        for a in mine {
            let c = &a.counts;
            rows.push(
                [
                    a.number.to_string(),
                    a.name.clone(),
                    c.meets.to_string(),
                    c.basically.to_string(),
                    c.fails.to_string(),
                    c.not_applicable.to_string(),
                    c.unanswered.to_string(),
                ]
                .iter()
                .map(|t| Cell::text(t, Look::PLAIN))
                .collect(),
            );
        }
    }
    let l = &g.levels;
    b.table(
        &[60, 400, 100, 120, 100, 100, 120],
        &[
            msg.get("grade:article"),
            msg.get("report:area"),
            &l.implemented,
            &l.partial,
            &l.not_implemented,
            &l.not_applicable,
            &l.unanswered,
        ],
        rows,
    );
    for (key, items) in [
        ("grade:items-failed", &g.failed),
        ("grade:items-unanswered", &g.unanswered),
        ("grade:items-basically", &g.basically),
    ] {
        if items.is_empty() {
            continue;
        }
        b.heading(3, msg.get(key));
        for i in items {
            b.bullet(&format!("{} {}", i.id, i.title));
        }
    }
    if let Some(k) = &r.computed {
        b.heading(1, msg.get("finance:heading"));
        b.text(&k.facts);
        for item in &k.items {
            b.bullet(&item.message);
        }
        let rows = k
            .items
            .iter()
            .flat_map(|item| {
                item.ratios.iter().map(move |ratio| {
                    vec![
                        Cell::text(&item.item.to_string(), Look::PLAIN),
                        Cell::text(&ratio.name, Look::PLAIN),
                        Cell::text(ratio.value.as_deref().unwrap_or("—"), Look::PLAIN),
                        Cell::text(&ratio.test, Look::PLAIN),
                        Cell::text(&ratio.result_text, Look::PLAIN),
                    ]
                })
            })
            .collect();
        b.table(
            &[100, 380, 140, 140, 240],
            &[
                msg.get("list:id"),
                msg.get("finance:ratio"),
                msg.get("finance:value"),
                msg.get("finance:test"),
                msg.get("finance:result"),
            ],
            rows,
        );
        b.label_value(&super::label(msg, "finance:basis"), &k.basis);
    }
}

fn gap(b: &mut Body<'_>, g: &GapPart, declared: bool) {
    let msg = b.msg;
    b.heading(4, &format!("{} {}", g.id, g.title));
    b.labelled(
        "report:status",
        &format!(
            "{} · {}",
            super::requirement_label(msg, g.requirement),
            gap_status(msg, g)
        ),
    );
    b.labelled("show:question", &g.question);
    if declared {
        b.para(None, &run(b.msg.get("grade:declared"), Look::ITALIC));
    }
    if let Some(note) = &g.note {
        b.labelled("report:note", note);
    }
    if !g.evidence.is_empty() {
        b.labelled("doc:evidence-cited", "");
        for e in aging::evidence_lines(msg, &g.evidence) {
            b.bullet(&e);
        }
        b.labelled("report:freshness", aging::freshness_label(msg, g.freshness));
    }
    b.labelled("report:hint", &g.hint);
    if !g.evidence_expected.is_empty() {
        b.labelled("show:evidence", "");
        for e in &g.evidence_expected {
            b.bullet(e);
        }
    }
    b.labelled("report:owner", &super::owner_due(msg, g));
}

/// A gap's standing, with its waiver's mark when it has one ("not implemented · waived, not met").
fn gap_status(msg: &Messages, g: &GapPart) -> String {
    let status = super::status_label(msg, g.status);
    match aging::gap_waiver_mark(msg, g.waiver, g.requirement) {
        "" => status.to_string(),
        mark => format!("{status} · {mark}"),
    }
}

/// The waivers (accepted risks), each with its effect, sentence and details; a Must left
/// unmet and an expired waiver are marked ⚠. Nothing without waivers.
fn waivers(b: &mut Body<'_>, r: &Report) {
    let msg = b.msg;
    if r.waivers.is_empty() {
        return;
    }
    b.heading(1, msg.get("doc:waivers"));
    b.text(&aging::intro(msg, r, "doc:waivers-intro"));
    for w in &r.waivers {
        let effect = aging::waiver_effect(msg, w);
        b.heading(2, &aging::waiver_heading(msg, w, &effect));
        b.para(None, &run(&w.message, Look::BOLD));
        for (label, value) in aging::waiver_facts(msg, w) {
            let label = super::fill(msg.get("doc:label"), &[("label", label.to_string())]);
            let lines: Vec<&str> = value.lines().collect();
            if lines.len() > 1 {
                b.label_value(&label, "");
                for line in lines {
                    b.bullet(line);
                }
            } else {
                b.label_value(&label, &value);
            }
        }
    }
}

/// Evidence expiring soon, aged out and undated: each section only when it has entries.
fn ages(b: &mut Body<'_>, r: &Report) {
    let msg = b.msg;
    let f = &r.freshness;
    for (heading, intro, items) in [
        ("doc:expiring", "doc:expiring-intro", &f.expiring),
        ("doc:stale", "doc:stale-intro", &f.stale),
    ] {
        if items.is_empty() {
            continue;
        }
        b.heading(1, msg.get(heading));
        b.text(&aging::intro(msg, r, intro));
        for item in items {
            b.bullet(&item.message);
        }
    }
    if !f.undated.is_empty() {
        b.heading(1, msg.get("doc:undated"));
        b.text(msg.get("doc:undated-intro"));
        for line in aging::undated_lines(r) {
            b.bullet(&line);
        }
    }
}

/// Our own page set-up, with the footer.
fn section(paper: Paper) -> String {
    let (w, h, side, top) = paper.geometry();
    format!(
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"ctpatFooter\"/><w:pgSz w:w=\"{w}\" w:h=\"{h}\"/>\
         <w:pgMar w:top=\"{top}\" w:right=\"{side}\" w:bottom=\"{top}\" w:left=\"{side}\" w:header=\"567\" \
         w:footer=\"567\" w:gutter=\"0\"/><w:cols w:space=\"425\"/></w:sectPr>"
    )
}

/// The template's section, with our footer added when it has no default footer.
fn template_section(template: &Template, raw: &str) -> String {
    if template.has_footer {
        return raw.to_string();
    }
    let reference = "<w:footerReference w:type=\"default\" r:id=\"ctpatFooter\"/>";
    if let Some(open_end) = raw.find('>') {
        if raw[..open_end].ends_with('/') {
            // `<w:sectPr .../>`: an empty section.
            return format!("{}>{reference}</w:sectPr>", &raw[..open_end - 1]);
        }
        let mut out = raw.to_string();
        out.insert_str(open_end + 1, reference);
        return out;
    }
    raw.to_string()
}

/// The built-in name a style definition of ours declares (`heading 1`, `Title`, ...).
fn style_name(xml: &str) -> &str {
    xml.split("<w:name w:val=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
}

/// Our style ids that the template defines under another id, matched by built-in name:
/// `(ours, theirs)`.
fn style_map(template: &Template) -> Vec<(&'static str, String)> {
    parts::styles()
        .into_iter()
        .filter_map(|(id, xml)| {
            let theirs = template.style_names.get(&style_name(&xml).to_lowercase())?;
            (theirs != id).then(|| (id, theirs.clone()))
        })
        .collect()
}

/// Points style references in `xml` (ours, written by ctpat) at the template's ids.
fn restyle(xml: &str, map: &[(&str, String)]) -> String {
    let mut out = xml.to_string();
    for (ours, theirs) in map {
        for tag in ["pStyle", "tblStyle", "basedOn", "next"] {
            out = out.replace(
                &format!("<w:{tag} w:val=\"{ours}\"/>"),
                &format!("<w:{tag} w:val=\"{}\"/>", xml::escape(theirs)),
            );
        }
    }
    out
}

/// Adds the styles of ours the template does not define (by id or by built-in name) before
/// its closing tag, their references pointed at the template's ids.
fn merged_styles(template_styles: &str, template: &Template) -> String {
    let map = style_map(template);
    let missing: String = parts::styles()
        .into_iter()
        .filter(|(id, xml)| {
            !template.style_ids.contains(*id)
                && !template
                    .style_names
                    .contains_key(&style_name(xml).to_lowercase())
        })
        .map(|(_, xml)| restyle(&xml, &map))
        .collect();
    let end = template_styles
        .rfind("</w:styles>")
        .unwrap_or(template_styles.len());
    format!(
        "{}{missing}{}",
        &template_styles[..end],
        &template_styles[end..]
    )
}

/// Adds our bullet list to the template's numbering: the abstract definition after the
/// last of the template's, the instance at the end (the schema's order).
fn merged_numbering(text: &str, abstract_id: u32, num_id: u32) -> String {
    let (abstract_num, num) = parts::bullet_numbering(abstract_id, num_id);
    let close = text.rfind("</w:numbering>").unwrap_or(text.len());
    // `w:numIdMacAtCleanup`, when Word wrote one, comes after every `w:num`.
    let end = text[..close].find("<w:numIdMacAtCleanup").unwrap_or(close);
    let first_num = text[..end]
        .match_indices("<w:num ")
        .chain(text[..end].match_indices("<w:num>"))
        .map(|(i, _)| i)
        .min()
        .unwrap_or(end);
    let mut out = String::with_capacity(text.len() + abstract_num.len() + num.len());
    out.push_str(&text[..first_num]);
    out.push_str(&abstract_num);
    out.push_str(&text[first_num..end]);
    out.push_str(&num);
    out.push_str(&text[end..]);
    out
}

/// Renders the report as a DOCX package.
///
/// # Errors
/// [`PackError`] when the zip library fails (it writes to memory, so this does not happen
/// in practice).
pub fn render(
    report: &Report,
    msg: &Messages,
    options: &Options<'_>,
) -> Result<Vec<u8>, PackError> {
    let template = options.template;
    let (page_width, _, side, _) = options.paper.geometry();
    let width = template
        .and_then(|t| t.text_width)
        .unwrap_or(page_width - 2 * side);
    let (numbering, bullet) = match template.and_then(|t| t.numbering.as_ref()) {
        Some((text, abstract_id, num_id)) => {
            (merged_numbering(text, *abstract_id, *num_id), *num_id)
        }
        None => (parts::numbering_xml(1, 1), 1),
    };
    let section = match template.and_then(|t| t.section.as_deref().map(|s| (t, s))) {
        Some((t, raw)) => template_section(t, raw),
        None => section(options.paper),
    };
    let map = template.map(style_map).unwrap_or_default();
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W_NS}\" \
         xmlns:r=\"{R_NS}\"><w:body>{}{section}</w:body></w:document>",
        restyle(&body(report, msg, width, bullet), &map)
    );
    let styles = match template.and_then(|t| t.styles.as_deref().map(|s| (t, s))) {
        Some((t, text)) => merged_styles(text, t),
        None => parts::styles_xml(),
    };
    let needs_footer = !template.is_some_and(|t| t.section.is_some() && t.has_footer);

    let mut rels = vec![
        Relationship {
            id: "ctpatStyles".into(),
            kind: kind::STYLES,
            target: "styles.xml".into(),
        },
        Relationship {
            id: "ctpatNumbering".into(),
            kind: kind::NUMBERING,
            target: "numbering.xml".into(),
        },
        Relationship {
            id: "ctpatSettings".into(),
            kind: kind::SETTINGS,
            target: "settings.xml".into(),
        },
        Relationship {
            id: "ctpatFonts".into(),
            kind: kind::FONT_TABLE,
            target: "fontTable.xml".into(),
        },
    ];
    if needs_footer {
        rels.push(Relationship {
            id: "ctpatFooter".into(),
            kind: kind::FOOTER,
            target: "footer1.xml".into(),
        });
    }
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    if let Some(t) = template {
        if let Some(theme) = &t.theme {
            rels.push(Relationship {
                id: "ctpatTheme".into(),
                kind: kind::THEME,
                target: "theme/theme1.xml".into(),
            });
            files.push(("word/theme/theme1.xml".into(), theme.clone()));
        }
        if t.section.is_some() {
            for (id, kind, target) in &t.rels {
                rels.push(Relationship {
                    id: id.clone(),
                    kind,
                    target: target.clone(),
                });
            }
            for p in &t.parts {
                // Our own footer's name wins over a template part of the same name.
                if needs_footer && p.name == "word/footer1.xml" {
                    continue;
                }
                files.push((p.name.clone(), p.bytes.clone()));
            }
        }
    }
    let title = super::fill(
        msg.get("doc:title"),
        &[("company", report.company.name.clone())],
    );
    let mut package: Vec<(String, Vec<u8>)> = vec![
        ("word/document.xml".into(), document.into_bytes()),
        ("word/styles.xml".into(), styles.into_bytes()),
        ("word/numbering.xml".into(), numbering.into_bytes()),
        (
            "word/settings.xml".into(),
            parts::settings_xml().into_bytes(),
        ),
        (
            "word/fontTable.xml".into(),
            parts::font_table_xml().into_bytes(),
        ),
        (
            "word/_rels/document.xml.rels".into(),
            parts::document_rels(&rels).into_bytes(),
        ),
        (
            "docProps/core.xml".into(),
            parts::core_xml(&title, report.lang, report.assessed_on.as_deref()).into_bytes(),
        ),
        ("docProps/app.xml".into(), parts::app_xml().into_bytes()),
        (
            "_rels/.rels".into(),
            parts::PACKAGE_RELS.as_bytes().to_vec(),
        ),
    ];
    if needs_footer {
        let footer = restyle(
            &parts::footer_xml(&report.company.name, msg.get("docx:page"), width),
            &map,
        );
        package.push(("word/footer1.xml".into(), footer.into_bytes()));
    }
    package.extend(files);

    let mut overrides: Vec<(String, String)> = Vec::new();
    for (name, _) in &package {
        let copied = template
            .and_then(|t| t.parts.iter().find(|p| &p.name == name))
            .and_then(|p| p.content_type.clone());
        if let Some(ty) = copied.or_else(|| parts::content_type(name).map(str::to_string)) {
            overrides.push((name.clone(), ty));
        }
    }
    let defaults = template.map(|t| t.defaults.clone()).unwrap_or_default();
    let content_types = parts::content_types(&defaults, &overrides);

    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    // Fixed timestamps (the zip epoch) and order: the same report gives the same bytes.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    zip.start_file("[Content_Types].xml", options)?;
    zip.write_all(content_types.as_bytes())?;
    for (name, bytes) in &package {
        zip.start_file(name.as_str(), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_parses_by_name() {
        assert_eq!("Letter".parse::<Paper>(), Ok(Paper::Letter));
        assert_eq!("a4".parse::<Paper>(), Ok(Paper::A4));
        assert!("legal".parse::<Paper>().is_err());
    }

    fn empty_template() -> Template {
        Template {
            styles: None,
            style_ids: std::collections::BTreeSet::new(),
            style_names: std::collections::BTreeMap::new(),
            numbering: None,
            theme: None,
            section: None,
            has_footer: false,
            rels: Vec::new(),
            parts: Vec::new(),
            defaults: Vec::new(),
            text_width: None,
        }
    }

    #[test]
    fn a_template_section_without_a_footer_gets_ours() {
        let t = empty_template();
        let s = template_section(&t, "<w:sectPr w:rsidR=\"1\"><w:pgSz w:w=\"1\"/></w:sectPr>");
        assert_eq!(
            s,
            "<w:sectPr w:rsidR=\"1\"><w:footerReference w:type=\"default\" r:id=\"ctpatFooter\"/><w:pgSz w:w=\"1\"/></w:sectPr>"
        );
        assert_eq!(
            template_section(&t, "<w:sectPr/>"),
            "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"ctpatFooter\"/></w:sectPr>"
        );
    }

    #[test]
    fn our_bullets_join_the_template_numbering_in_schema_order() {
        let t = "<w:numbering xmlns:w=\"x\"><w:abstractNum w:abstractNumId=\"0\"/><w:num w:numId=\"1\"/></w:numbering>";
        let m = merged_numbering(t, 1, 2);
        let a = m.find("w:abstractNumId=\"1\"").expect("ours");
        let first_num = m.find("<w:num w:numId=\"1\"").expect("theirs");
        let our_num = m.find("<w:num w:numId=\"2\"").expect("ours");
        assert!(a < first_num && first_num < our_num, "{m}");
        assert!(m.ends_with("</w:numbering>"));
    }

    #[test]
    fn template_styles_win_and_ours_fill_the_gaps() {
        let mut t = empty_template();
        t.style_ids.insert("Heading1".into());
        t.style_names.insert("heading 1".into(), "Heading1".into());
        let m = merged_styles("<w:styles><w:style w:styleId=\"Heading1\"/></w:styles>", &t);
        assert_eq!(m.matches("w:styleId=\"Heading1\"").count(), 1);
        assert!(m.contains("w:styleId=\"Heading2\""));
        assert!(m.ends_with("</w:styles>"));
    }

    /// Word and WPS in Chinese save "heading 1" as style `1` and "Normal" as `a`: ctpat's
    /// paragraphs must use those, not add a second, unstyled "Heading1".
    #[test]
    fn styles_of_a_chinese_template_are_matched_by_name() {
        let mut t = empty_template();
        for (name, id) in [("heading 1", "1"), ("normal", "a"), ("title", "a3")] {
            t.style_ids.insert(id.into());
            t.style_names.insert(name.into(), id.into());
        }
        let map = style_map(&t);
        let body = "<w:pStyle w:val=\"Heading1\"/><w:pStyle w:val=\"Title\"/><w:pStyle w:val=\"Heading2\"/>";
        assert_eq!(
            restyle(body, &map),
            "<w:pStyle w:val=\"1\"/><w:pStyle w:val=\"a3\"/><w:pStyle w:val=\"Heading2\"/>"
        );
        let m = merged_styles("<w:styles></w:styles>", &t);
        assert!(!m.contains("w:styleId=\"Heading1\""), "theirs is used");
        assert!(m.contains("w:styleId=\"Heading2\""), "ours fills the gap");
        assert!(
            !m.contains("<w:basedOn w:val=\"Normal\"/>"),
            "based on their Normal"
        );
        assert!(m.contains("<w:basedOn w:val=\"a\"/>"));
    }
}
