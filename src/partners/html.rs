//! The partners report as one self-contained HTML page: the risk matrix as inline SVG, the
//! partners by risk, the action plan, the threat ratings and the method (step 5).
//!
//! The page comes from `templates/partners.html`, an askama template that escapes every value
//! it prints, so text from the register or an answers file cannot become markup; the only
//! resource is the inline stylesheet, allowed by its hash in the Content-Security-Policy.

use super::report::{self, PartnersReport};
use super::{Level, Rating};
use crate::messages::Messages;
use askama::Template;

const CSS: &str = include_str!("../../templates/partners.css");

/// Matrix geometry (SVG user units).
const CELL: u32 = 110;
const GRID_X: u32 = 96;
const GRID_Y: u32 = 46;

#[derive(Template)]
#[template(path = "partners.html")]
struct Page<'a> {
    r: &'a PartnersReport,
    msg: &'a Messages,
    lang: &'static str,
    csp: String,
    css: &'static str,
    summary: String,
    m: Matrix,
    rows: Vec<RowView>,
    actions: Vec<ActionView>,
    threats: Vec<ThreatView>,
    rules: Vec<String>,
    inputs: Vec<(String, String, String)>,
}

impl Page<'_> {
    fn t<'k>(&'k self, key: &'k str) -> &'k str {
        self.msg.get(key)
    }

    fn label(&self, key: &str) -> String {
        crate::report::label(self.msg, key)
    }
}

struct Matrix {
    width: u32,
    height: u32,
    grid: u32,
    grid_x: u32,
    grid_y: u32,
    cell: u32,
    heads: Vec<Head>,
    rows: Vec<Head>,
    cells: Vec<Cell>,
}

struct Head {
    x: u32,
    label: String,
}

struct Cell {
    x: u32,
    y: u32,
    fill: &'static str,
    count: usize,
    risk: String,
}

struct RowView {
    id: String,
    name: String,
    role: String,
    place: String,
    status: String,
    risk: String,
    risk_id: &'static str,
    threat: String,
    threat_id: &'static str,
    vulnerability: String,
    vulnerability_id: &'static str,
    notes: Vec<String>,
    flags: String,
    error: Option<String>,
}

struct ActionView {
    id: String,
    name: String,
    risk: String,
    risk_id: &'static str,
    requests: String,
    gaps: Vec<String>,
}

struct ThreatView {
    place: String,
    highest: String,
    highest_id: &'static str,
    ratings: String,
    rated_on: String,
    sources: String,
}

/// The colour of a risk cell: darker than the badges, white text readable on each.
fn fill(level: Level) -> &'static str {
    match level {
        Level::High => "#b3261e",
        Level::Medium => "#b86e00",
        Level::Low => "#2e7d32",
    }
}

/// Rows of the picture, top down: high threat first, so "threat" rises upwards.
const ROWS: [Level; 3] = [Level::High, Level::Medium, Level::Low];
/// Columns, left to right: low vulnerability first, so "vulnerability" rises rightwards and
/// the highest risk sits top right.
const COLUMNS: [Level; 3] = [Level::Low, Level::Medium, Level::High];

/// The index of a level in the report's matrix (high, medium, low).
fn index(level: Level) -> usize {
    match level {
        Level::High => 0,
        Level::Medium => 1,
        Level::Low => 2,
    }
}

fn matrix(r: &PartnersReport, msg: &Messages) -> Matrix {
    let grid = CELL * 3;
    let mut cells = Vec::new();
    for (i, threat) in (0u32..).zip(ROWS) {
        for (j, vuln) in (0u32..).zip(COLUMNS) {
            let risk = r.rules.rules.risk(threat, vuln);
            cells.push(Cell {
                x: GRID_X + CELL * j,
                y: GRID_Y + CELL * i,
                fill: fill(risk),
                count: r.matrix[index(threat)][index(vuln)],
                risk: report::level(msg, risk).to_string(),
            });
        }
    }
    let heads = COLUMNS
        .iter()
        .zip(0u32..)
        .map(|(l, k)| Head {
            x: GRID_X + CELL * k + CELL / 2,
            label: report::level(msg, *l).to_string(),
        })
        .collect();
    let rows = ROWS
        .iter()
        .zip(0u32..)
        .map(|(l, k)| Head {
            x: GRID_Y + CELL * k + CELL / 2 + 4,
            label: report::level(msg, *l).to_string(),
        })
        .collect();
    Matrix {
        width: GRID_X + grid + 4,
        height: GRID_Y + grid + 4,
        grid,
        grid_x: GRID_X,
        grid_y: GRID_Y,
        cell: CELL,
        heads,
        rows,
        cells,
    }
}

fn rating_id(r: Rating) -> &'static str {
    r.id()
}

/// Renders the report as one HTML page in `msg`'s language.
///
/// # Errors
/// When the template fails to render (it has no fallible parts; askama's API is fallible).
pub fn render(r: &PartnersReport, msg: &Messages) -> Result<String, askama::Error> {
    let rows = r
        .partners
        .iter()
        .map(|p| {
            let mut notes = Vec::new();
            if let Some(c) = report::certificate(msg, p) {
                notes.push(c);
            }
            if !p.must_unmet.is_empty() {
                notes.push(crate::diagnostic::fill(
                    msg.get("partners:musts-unmet"),
                    &[("count", p.must_unmet.len().to_string())],
                ));
            }
            if let Some(n) = &p.notes {
                notes.push(n.clone());
            }
            RowView {
                id: p.id.clone(),
                name: p.name.clone(),
                role: report::role(r, msg, p.role),
                place: report::location(p),
                status: report::status(msg, p.status).to_string(),
                risk: report::rating(msg, p.risk).to_string(),
                risk_id: rating_id(p.risk),
                threat: report::level(msg, p.threat).to_string(),
                threat_id: p.threat.id(),
                vulnerability: report::rating(msg, p.vulnerability).to_string(),
                vulnerability_id: rating_id(p.vulnerability),
                notes,
                flags: report::flags(msg, p),
                error: p.error.clone(),
            }
        })
        .collect();
    let actions = r
        .actions
        .iter()
        .map(|a| {
            let requests: Vec<&str> = a
                .requests
                .iter()
                .map(|q| report::request(msg, *q))
                .collect();
            ActionView {
                id: a.partner.clone(),
                name: a.name.clone(),
                risk: report::rating(msg, a.risk).to_string(),
                risk_id: rating_id(a.risk),
                requests: msg.list(&requests),
                gaps: a
                    .gaps
                    .iter()
                    .map(|g| report::gap_line(msg, g, false))
                    .chain(report::stale_line(msg, a))
                    .collect(),
            }
        })
        .collect();
    let threats = r
        .threats
        .iter()
        .map(|t| ThreatView {
            place: t.place.clone(),
            highest: report::level(msg, t.highest).to_string(),
            highest_id: t.highest.id(),
            ratings: report::ratings_text(r, msg, t),
            rated_on: report::rated_on(msg, t),
            sources: t.sources.join(msg.get("partners:sep")),
        })
        .collect();
    let inputs = r
        .inputs
        .iter()
        .map(|i| {
            (
                report::input_role(msg, i.role).to_string(),
                i.path.clone(),
                i.sha256.clone(),
            )
        })
        .collect();
    Page {
        r,
        msg,
        lang: msg.lang().tag(),
        csp: crate::report::html::style_csp(CSS),
        css: CSS,
        summary: report::summary_line(r, msg),
        m: matrix(r, msg),
        rows,
        actions,
        threats,
        rules: report::rule_lines(r, msg),
        inputs,
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partners::{roll_up, rules::Rules, Register};
    use crate::text::Lang;
    use std::collections::BTreeMap;

    #[test]
    fn the_picture_puts_the_highest_risk_top_right() {
        let rules = Rules::shipped();
        let register = Register {
            company: None,
            partners: Vec::new(),
            threats: Vec::new(),
            threats_file: None,
        };
        let as_of = crate::calendar::date("2026-11-30").expect("date");
        let rolled = roll_up(&rules, &register, &[], &BTreeMap::new(), as_of);
        let catalog = crate::criteria::embedded::loaded("2023.01");
        let r = PartnersReport::build(rolled, None, &rules, &[], Vec::new(), catalog);
        let m = matrix(&r, &Messages::embedded(Lang::En));
        let fills: Vec<&str> = m.cells.iter().map(|c| c.fill).collect();
        // Top row (high threat), low to high vulnerability; bottom row (low threat).
        assert_eq!(
            &fills[..3],
            [fill(Level::Medium), fill(Level::High), fill(Level::High)]
        );
        assert_eq!(
            &fills[6..],
            [fill(Level::Low), fill(Level::Low), fill(Level::Medium)]
        );
        let heads: Vec<&str> = m.heads.iter().map(|h| h.label.as_str()).collect();
        assert_eq!(heads, ["low", "medium", "high"]);
    }
}
