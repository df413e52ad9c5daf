//! The side-by-side section (`ctpat report --also`): a factory's standing in C-TPAT and in
//! a China Customs AEO standard, control by control, rendered for the terminal, Markdown and
//! HTML (JSON is its serde form, under `also`). Kept apart from the main renderers, which
//! each call one function here when the report has the section.

use super::Report;
use crate::criteria::CriterionId;
use crate::crosswalk::{CtpatSide, SideBySide, Unmatched};
use crate::mapping::Stricter;
use crate::messages::Messages;
use crate::settings::fill;
use askama::Template;
use std::fmt::Write as _;

/// `relation` of a row in words, with who is stricter (`overlapping, China stricter`).
fn relation(msg: &Messages, side: &CtpatSide) -> String {
    let mut s = msg
        .get(&format!("crosswalk:relation-{}", side.relation.id()))
        .to_string();
    match side.stricter {
        Some(Stricter::To) => s.push_str(msg.get("crosswalk:stricter-to")),
        Some(Stricter::From) => s.push_str(msg.get("crosswalk:stricter-from")),
        None => {}
    }
    s
}

fn count(msg: &Messages, key: &str, n: usize) -> String {
    fill(msg.get(key), &[("count", &n.to_string())])
}

/// The lines every format opens with: the result on the other side, the notice, the
/// crosswalk's state.
fn head(a: &SideBySide, msg: &Messages) -> (String, Vec<String>) {
    let title = fill(
        msg.get("also:title"),
        &[("ctpat", &a.ctpat_version), ("other", &a.other_name)],
    );
    let mut lines = Vec::new();
    let result = match (a.other_total, a.pass_line) {
        (Some(total), Some(line)) => fill(
            msg.get("also:result"),
            &[
                ("tier", &a.other_tier),
                ("total", &total.to_string()),
                ("line", &line.to_string()),
            ],
        ),
        _ => fill(msg.get("also:result-no-total"), &[("tier", &a.other_tier)]),
    };
    lines.push(result);
    if let Some(n) = &a.notice {
        lines.push(n.clone());
    }
    if a.draft {
        lines.push(msg.get("also:draft").to_string());
    }
    if a.crosswalked {
        lines.push(fill(
            msg.get("also:crosswalked"),
            &[("other", &a.other_name)],
        ));
    }
    (title, lines)
}

/// China-stricter controls as `(48) 视频监控 ← 9.12, 9.13, 9.16`.
fn china_lines(a: &SideBySide, msg: &Messages) -> Vec<String> {
    let sep = msg.get("report:ids-separator");
    a.controls
        .iter()
        .filter(|c| a.china_stricter.contains(&c.gacc.id))
        .map(|c| {
            let ids: Vec<String> = c
                .ctpat
                .iter()
                .filter(|s| s.stricter == Some(Stricter::To))
                .map(|s| s.item.id.to_string())
                .collect();
            format!("{} {} ← C-TPAT {}", c.gacc.id, c.gacc.title, ids.join(sep))
        })
        .collect()
}

/// C-TPAT-stricter criteria as `4.1 Cybersecurity policy → (9)`.
fn ctpat_lines(a: &SideBySide, msg: &Messages) -> Vec<String> {
    let sep = msg.get("report:ids-separator");
    a.ctpat_stricter
        .iter()
        .map(|id| {
            let title = a
                .controls
                .iter()
                .flat_map(|c| &c.ctpat)
                .find(|s| s.item.id == *id)
                .map_or("", |s| s.item.title.as_str());
            let to: Vec<String> = a
                .controls
                .iter()
                .filter(|c| {
                    c.ctpat
                        .iter()
                        .any(|s| s.item.id == *id && s.stricter == Some(Stricter::From))
                })
                .map(|c| c.gacc.id.to_string())
                .collect();
            format!("{id} {title} → {}", to.join(sep))
        })
        .collect()
}

fn unmatched_line(u: &Unmatched) -> String {
    format!("{} {} — {}", u.id, u.title, u.standing)
}

/// The lists after the table, as (heading, lines).
fn lists(a: &SideBySide, msg: &Messages) -> Vec<(String, Vec<String>)> {
    vec![
        (
            count(msg, "also:china-stricter", a.china_stricter.len()),
            china_lines(a, msg),
        ),
        (
            count(msg, "also:ctpat-stricter", a.ctpat_stricter.len()),
            ctpat_lines(a, msg),
        ),
        (
            count(msg, "also:shared-evidence", a.shared_evidence.len()),
            a.shared_evidence.clone(),
        ),
        (
            count(msg, "also:gacc-only", a.gacc_only.len()),
            a.gacc_only.iter().map(unmatched_line).collect(),
        ),
        (
            count(msg, "also:ctpat-only", a.ctpat_only.len()),
            a.ctpat_only.iter().map(unmatched_line).collect(),
        ),
    ]
}

/// The section as plain text for the terminal (the caller makes it inert).
pub(crate) fn terminal(s: &mut String, r: &Report, msg: &Messages) {
    let Some(a) = &r.also else { return };
    let (title, lines) = head(a, msg);
    let _ = writeln!(s, "\n{title}");
    for l in lines {
        let _ = writeln!(s, "  {l}");
    }
    let _ = writeln!(s, "{}", super::label(msg, "also:controls"));
    for c in &a.controls {
        let _ = writeln!(s, "  {} {} — {}", c.gacc.id, c.gacc.title, c.gacc.standing);
        for side in &c.ctpat {
            let _ = writeln!(
                s,
                "      C-TPAT {} {} — {} ({})",
                side.item.id,
                side.item.title,
                side.item.standing,
                relation(msg, side)
            );
        }
    }
    for (heading, items) in lists(a, msg) {
        let _ = writeln!(s, "{heading}");
        if items.is_empty() {
            let _ = writeln!(s, "  {}", msg.get("also:none"));
        }
        for i in items {
            let _ = writeln!(s, "  - {i}");
        }
    }
}

/// The section as Markdown.
pub(crate) fn markdown(s: &mut String, r: &Report, msg: &Messages) {
    use super::markdown::escape;
    let Some(a) = &r.also else { return };
    let (title, lines) = head(a, msg);
    let _ = writeln!(s, "## {}\n", escape(&title));
    for l in lines {
        let _ = writeln!(s, "> {}\n", escape(&l));
    }
    let _ = writeln!(s, "### {}\n", escape(msg.get("also:controls")));
    let cols = [
        "also:gacc-item",
        "also:gacc-level",
        "also:ctpat",
        "also:ctpat-status",
        "also:relation",
        "also:shared",
    ];
    let header: Vec<String> = cols.iter().map(|k| escape(msg.get(k))).collect();
    let _ = writeln!(s, "| {} |", header.join(" | "));
    let _ = writeln!(s, "|{}|", vec!["---"; cols.len()].join("|"));
    for c in &a.controls {
        for (i, side) in c.ctpat.iter().enumerate() {
            let (item, level) = if i == 0 {
                (
                    escape(&format!("{} {}", c.gacc.id, c.gacc.title)),
                    escape(&c.gacc.standing),
                )
            } else {
                (String::new(), String::new())
            };
            let shared: Vec<String> = side.shared_evidence.iter().map(|e| escape(e)).collect();
            let _ = writeln!(
                s,
                "| {item} | {level} | {} | {} | {} | {} |",
                escape(&format!("{} {}", side.item.id, side.item.title)),
                escape(&side.item.standing),
                escape(&relation(msg, side)),
                shared.join("<br>")
            );
        }
    }
    s.push('\n');
    for (heading, items) in lists(a, msg) {
        let _ = writeln!(s, "### {}\n", escape(&heading));
        if items.is_empty() {
            let _ = writeln!(s, "{}\n", escape(msg.get("also:none")));
            continue;
        }
        for i in items {
            let _ = writeln!(s, "- {}", escape(&i));
        }
        s.push('\n');
    }
}

#[derive(Template)]
#[template(path = "also.html")]
struct Section<'a> {
    a: &'a SideBySide,
    msg: &'a Messages,
    title: String,
    lines: Vec<String>,
    lists: Vec<(String, Vec<String>)>,
}

impl Section<'_> {
    fn t<'k>(&'k self, key: &'k str) -> &'k str {
        self.msg.get(key)
    }

    fn relation(&self, side: &CtpatSide) -> String {
        relation(self.msg, side)
    }

    fn china(&self, id: &CriterionId) -> bool {
        self.a.china_stricter.contains(id)
    }
}

/// The section as an HTML fragment (escaped by the template), or nothing.
///
/// # Errors
/// When the template fails to render.
pub(crate) fn html(r: &Report, msg: &Messages) -> Result<String, askama::Error> {
    let Some(a) = &r.also else {
        return Ok(String::new());
    };
    let (title, lines) = head(a, msg);
    Section {
        a,
        msg,
        title,
        lines,
        lists: lists(a, msg),
    }
    .render()
}
