//! The terminal rendering of a [`Report`]: summary, scores table and gap table.

use super::Report;
use crate::criteria::Requirement;
use crate::messages::Messages;
use comfy_table::{presets, CellAlignment, ContentArrangement, Table};
use std::fmt::Write as _;

/// How many blockers of the next tier the summary lists before pointing at the gap list.
const BLOCKERS_SHOWN: usize = 8;

/// How many undated criteria ids one line of the undated list holds.
const UNDATED_PER_LINE: usize = 12;

/// Longest note or owner (in characters) the gap table shows; the full text is in the other
/// formats. The table's word wrapping costs time quadratic in the length of an unbroken run
/// of characters, so a megabyte-long note would otherwise stall the terminal report.
const CELL_CHARS: usize = 500;

/// A table with ctpat's look; `width` fixes the width (tests), `None` fits the terminal.
#[must_use]
pub fn table(width: Option<u16>) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(w) = width {
        table.set_width(w);
    }
    table
}

/// Renders the report for a terminal, `width` columns wide (or fitted when `None`).
///
/// Control characters other than line breaks (escape sequences in a hostile note could
/// recolour or clear the terminal) come out as U+FFFD.
#[must_use]
pub fn render(report: &Report, msg: &Messages, width: Option<u16>) -> String {
    let msg = &super::speaking(report, msg);
    crate::text::inert_except(&tables(report, msg, width), &['\n']).into_owned()
}

fn tables(report: &Report, msg: &Messages, width: Option<u16>) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", msg.get("report:title"));
    let _ = writeln!(
        s,
        "{}",
        msg.labelled("report:company", &report.company.name)
    );
    let mut entity = report.company.entity_name.clone();
    if let Some(c) = &report.company.country {
        let _ = write!(entity, " · {c}");
    }
    let _ = writeln!(s, "{}", msg.labelled("report:entity", &entity));
    let version = format!(
        "{} {} ({})",
        report.criteria.name, report.criteria.version, report.criteria.effective
    );
    let _ = writeln!(s, "{}", msg.labelled("criteria:version", &version));
    if report.tier.provisional {
        let _ = writeln!(
            s,
            "{}",
            msg.labelled("coverage:label", &report.criteria.coverage_name)
        );
    }
    if let Some(t) = &report.criteria.tailoring {
        let _ = writeln!(s, "{}", msg.labelled("report:tailoring", &t.summary));
    }
    if let Some(d) = &report.assessed_on {
        let _ = writeln!(s, "{}", msg.labelled("report:assessed-on", d));
    }
    let as_of = super::aging::as_of_value(msg, &report.as_of);
    let _ = writeln!(s, "{}", msg.labelled("report:as-of", &as_of));
    if let Some(a) = &report.assessor {
        let _ = writeln!(s, "{}", msg.labelled("report:assessor", a));
    }
    let _ = writeln!(s);
    let (first, second) = super::headline(report, msg);
    let _ = writeln!(s, "{first}");
    if let Some(second) = second {
        let _ = writeln!(s, "{second}");
    }
    let _ = writeln!(s, "  {}", report.tier.summary);
    let _ = writeln!(s, "  {}", report.tier.notice);
    if let Some(n) = &report.criteria.coverage_notice {
        let _ = writeln!(s, "  {}", crate::coverage::headed(n, msg));
    }
    let _ = writeln!(s, "{}", msg.labelled("report:why", "").trim_end());
    for r in &report.tier.reasons {
        let _ = writeln!(s, "  - {}", r.message);
    }
    match &report.tier.next {
        Some(next) => {
            let heading = super::fill(msg.get("report:next-tier"), &[("tier", next.name.clone())]);
            let _ = writeln!(s, "{heading}");
            for b in next.blockers.iter().take(BLOCKERS_SHOWN) {
                let _ = writeln!(s, "  - {}", b.message);
            }
            if next.blockers.len() > BLOCKERS_SHOWN {
                let more = (next.blockers.len() - BLOCKERS_SHOWN).to_string();
                let _ = writeln!(
                    s,
                    "  {}",
                    crate::diagnostic::fill(msg.get("report:next-more"), &[("count", &more)])
                );
            }
        }
        None => {
            let _ = writeln!(s, "  {}", msg.get("report:top"));
        }
    }
    let _ = writeln!(s);
    match &report.grade {
        Some(g) => graded(&mut s, report, g, msg, width),
        None => scores(&mut s, report, msg, width),
    }

    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "{} ({} {} · {} {})",
        msg.get("report:gaps"),
        report.counts.must_gaps,
        msg.get("badge:must"),
        report.counts.should_gaps,
        msg.get("badge:should")
    );
    if report.gaps.is_empty() {
        let _ = writeln!(s, "  {}", msg.get("report:no-gaps"));
    } else {
        gap_table(&mut s, report, msg, width);
    }
    ages(&mut s, report, msg);
    waivers(&mut s, report, msg);
    super::also::terminal(&mut s, report, msg);
    footer(&mut s, report, msg);
    s
}

/// The C-TPAT score line and the table of scores per focus area and category.
fn scores(s: &mut String, report: &Report, msg: &Messages, width: Option<u16>) {
    let _ = writeln!(
        s,
        "{} · {}",
        msg.labelled("report:score", &format!("{:.1}%", report.score.percent)),
        msg.labelled(
            "report:must-score",
            &format!("{:.1}%", report.score.must_percent)
        )
    );
    let mut scores = table(width);
    scores.set_header(vec![
        "#",
        msg.get("report:area"),
        msg.get("report:score"),
        msg.get("report:must-gaps"),
        msg.get("report:should-gaps"),
    ]);
    for area in &report.focus_areas {
        scores.add_row(vec![
            String::new(),
            area.name.to_uppercase(),
            format!("{:.1}%", area.percent),
            area.counts.must_gaps.to_string(),
            area.counts.should_gaps.to_string(),
        ]);
        for k in report.categories.iter().filter(|k| k.focus_area == area.id) {
            scores.add_row(vec![
                k.number.to_string(),
                k.name.clone(),
                format!("{:.1}%", k.percent),
                k.counts.must_gaps.to_string(),
                k.counts.should_gaps.to_string(),
            ]);
        }
    }
    for column in [0, 2, 3, 4] {
        if let Some(c) = scores.column_mut(column) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    let _ = writeln!(s, "{scores}");
}

/// The grade of a graded catalog: the total against the pass line, the model, each gate, the
/// counts per class and per article, and the computed finance items.
fn graded(
    s: &mut String,
    report: &Report,
    g: &super::grade::GradePart,
    msg: &Messages,
    width: Option<u16>,
) {
    let _ = writeln!(s, "{}", g.total_line);
    let _ = writeln!(
        s,
        "  {}",
        msg.labelled("grade:model-label", &g.model.message)
    );
    let _ = writeln!(s, "{}", super::label(msg, "grade:gates"));
    for gate in &g.gates {
        let mark = if gate.holds { "+" } else { "!" };
        let _ = writeln!(s, "  {mark} {}", gate.message);
    }
    let _ = writeln!(
        s,
        "{}",
        super::grade_counts_line(msg, "grade:general", &g.counts, &g.levels)
    );
    if let Some(b) = &g.bonus_counts {
        let _ = writeln!(
            s,
            "{}",
            super::grade_counts_line(msg, "grade:bonus-items", b, &g.levels)
        );
    }
    if let Some(l) = &g.lower {
        lower(s, l, msg);
    }
    let mut articles = table(width);
    let l = &g.levels;
    articles.set_header(vec![
        msg.get("grade:article"),
        msg.get("report:area"),
        &l.implemented,
        &l.partial,
        &l.not_implemented,
        &l.not_applicable,
        &l.unanswered,
    ]);
    for (area, mine) in g.articles_by_area(&report.focus_areas) {
        articles.add_row(vec![String::new(), area.name.clone()]);
        for a in mine {
            let c = &a.counts;
            articles.add_row(vec![
                a.number.to_string(),
                a.name.clone(),
                c.meets.to_string(),
                c.basically.to_string(),
                c.fails.to_string(),
                c.not_applicable.to_string(),
                c.unanswered.to_string(),
            ]);
        }
    }
    for column in [0, 2, 3, 4, 5, 6] {
        if let Some(c) = articles.column_mut(column) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    let _ = writeln!(s, "{articles}");
    if let Some(k) = &report.computed {
        computed(s, k, msg, width);
    }
}

/// The lower level on the same answers: its line, the answers to check, what blocks it.
fn lower(s: &mut String, l: &super::grade::LowerPart, msg: &Messages) {
    let heading = super::fill(
        msg.get("grade:lower-heading"),
        &[("standard", l.standard.clone())],
    );
    let line = msg
        .get("text:labelled")
        .replacen("{label}", &heading, 1)
        .replacen("{value}", &l.tier_name, 1);
    let _ = writeln!(s, "{line}");
    let _ = writeln!(s, "  {}", l.total_line);
    if let Some(r) = &l.review_line {
        let _ = writeln!(s, "  {r}");
    }
    for b in l.blockers.iter().take(BLOCKERS_SHOWN) {
        let _ = writeln!(s, "  - {}", b.message);
    }
    if l.blockers.len() > BLOCKERS_SHOWN {
        let more = (l.blockers.len() - BLOCKERS_SHOWN).to_string();
        let _ = writeln!(
            s,
            "  {}",
            crate::diagnostic::fill(msg.get("report:next-more"), &[("count", &more)])
        );
    }
}

/// The finance items computed from the company's figures, each ratio with its test.
fn computed(s: &mut String, k: &super::grade::ComputedPart, msg: &Messages, width: Option<u16>) {
    let _ = writeln!(s);
    let _ = writeln!(s, "{}", msg.labelled("finance:heading", &k.facts));
    for item in &k.items {
        let _ = writeln!(s, "  - {}", item.message);
    }
    let mut ratios = table(width);
    ratios.set_header(vec![
        msg.get("list:id"),
        msg.get("finance:ratio"),
        msg.get("finance:value"),
        msg.get("finance:test"),
        msg.get("finance:result"),
    ]);
    for item in &k.items {
        for r in &item.ratios {
            ratios.add_row(vec![
                item.item.to_string(),
                r.name.clone(),
                r.value.clone().unwrap_or_else(|| "—".to_string()),
                r.test.clone(),
                r.result_text.clone(),
            ]);
        }
    }
    if let Some(c) = ratios.column_mut(2) {
        c.set_cell_alignment(CellAlignment::Right);
    }
    let _ = writeln!(s, "{ratios}");
    let _ = writeln!(s, "{}", msg.labelled("finance:basis", &k.basis));
}

/// The evidence register in one line and the manifest, for re-deriving the score.
fn footer(s: &mut String, report: &Report, msg: &Messages) {
    let unevidenced = report
        .register
        .iter()
        .filter(|e| e.status == crate::scoring::Standing::Implemented && e.evidence.is_empty())
        .count();
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "{}",
        super::fill(
            msg.get("doc:register-line"),
            &[
                ("count", report.register.len().to_string()),
                ("unevidenced", unevidenced.to_string()),
            ],
        )
    );
    let counts = super::aging::counts_line(msg, report);
    let _ = writeln!(s, "{}", msg.labelled("report:freshness", &counts));
    let _ = writeln!(s, "{}", super::label(msg, "doc:manifest"));
    for (k, v) in super::manifest_lines(report, msg) {
        let k = super::fill(msg.get("doc:label"), &[("label", k.to_string())]);
        let _ = writeln!(s, "  {k} {v}");
    }
    let _ = writeln!(s, "{}", super::label(msg, "doc:freshness-rules"));
    for rule in &report.freshness.rules {
        let _ = writeln!(s, "  - {}", rule.message);
    }
}

/// The evidence expiring soon, aged out and undated, each only when there is some.
fn ages(s: &mut String, report: &Report, msg: &Messages) {
    let f = &report.freshness;
    for (key, items) in [("doc:expiring", &f.expiring), ("doc:stale", &f.stale)] {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(s);
        let _ = writeln!(s, "{}", super::label(msg, key));
        for item in items {
            let _ = writeln!(s, "  - {}", clip(&item.message, msg));
        }
    }
    if !f.undated.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "{}", super::label(msg, "doc:undated"));
        // A few ids a line: a Chinese list has no space at which the terminal could wrap.
        for chunk in f.undated.chunks(UNDATED_PER_LINE) {
            let _ = writeln!(s, "  {}", super::ids(chunk, msg));
        }
    }
}

/// Every waiver: its sentence, its effect and who accepted it until when.
fn waivers(s: &mut String, report: &Report, msg: &Messages) {
    if report.waivers.is_empty() {
        return;
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "{}", super::label(msg, "doc:waivers"));
    for w in &report.waivers {
        let mark = if super::aging::waiver_alarming(w) {
            "!"
        } else {
            "-"
        };
        let effect = super::aging::waiver_effect(msg, w);
        let _ = writeln!(s, "  {mark} [{effect}] {}", clip(&w.message, msg));
        for (label, value) in super::aging::waiver_facts(msg, w) {
            let value = clip(&value, msg).replace('\n', "; ");
            // `text:labelled` puts the language's colon and spacing between them.
            let line = msg
                .get("text:labelled")
                .replacen("{label}", label, 1)
                .replacen("{value}", &value, 1);
            let _ = writeln!(s, "      {line}");
        }
    }
}

fn gap_table(s: &mut String, report: &Report, msg: &Messages, width: Option<u16>) {
    let mut gaps = table(width);
    gaps.set_header(vec![
        msg.get("list:id"),
        msg.get("list:requirement"),
        msg.get("report:status"),
        msg.get("list:title"),
        msg.get("report:owner"),
    ]);
    for g in &report.gaps {
        let badge = match g.requirement {
            Requirement::Must => msg.get("badge:must"),
            Requirement::Should => msg.get("badge:should"),
        };
        let mut owner = clip(g.owner.as_deref().unwrap_or_default(), msg);
        if let Some(due) = &g.due {
            if !owner.is_empty() {
                owner.push(' ');
            }
            let _ = write!(owner, "({due})");
        }
        let mut title = g.title.clone();
        if report.declared(g.id) {
            let _ = write!(title, "\n{}", msg.get("grade:declared"));
        }
        if let Some(note) = &g.note {
            let note = clip(note, msg);
            let _ = write!(title, "\n{}", msg.labelled("report:note", &note));
        }
        let mut status = msg.get(&format!("status:{}", g.status.id())).to_string();
        if g.freshness != crate::scoring::Freshness::None {
            let freshness = super::aging::freshness_label(msg, g.freshness).to_string();
            let _ = write!(
                status,
                "\n{}",
                super::fill(
                    msg.get("freshness:evidence-is"),
                    &[("freshness", freshness)]
                )
            );
        }
        let waived = super::aging::gap_waiver_mark(msg, g.waiver, g.requirement);
        if !waived.is_empty() {
            let _ = write!(status, "\n{waived}");
        }
        gaps.add_row(vec![
            g.id.to_string(),
            badge.to_string(),
            status,
            title,
            owner,
        ]);
    }
    let _ = writeln!(s, "{gaps}");
}

/// `text`, cut to [`CELL_CHARS`] characters with a pointer to the full report when longer.
fn clip(text: &str, msg: &Messages) -> String {
    match text.char_indices().nth(CELL_CHARS) {
        None => text.to_string(),
        Some((end, _)) => format!("{}{}", &text[..end], msg.get("report:clipped")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Lang;

    #[test]
    fn long_cells_are_clipped_with_a_pointer_to_the_full_report() {
        let msg = Messages::embedded(Lang::En);
        assert_eq!(clip("short note", &msg), "short note");
        let exact = "字".repeat(CELL_CHARS);
        assert_eq!(clip(&exact, &msg), exact);
        let long = clip(&"字".repeat(CELL_CHARS + 1), &msg);
        assert!(long.starts_with(&exact), "{long}");
        assert!(long.ends_with(msg.get("report:clipped")), "{long}");
    }
}
