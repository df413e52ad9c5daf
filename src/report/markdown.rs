//! The Markdown rendering of a [`Report`]: the full report as GitHub-flavoured Markdown.
//!
//! Every text that comes from the answers file (company, assessor, notes, evidence, owners,
//! best-practice titles) goes through [`escape`], so it renders as the text it is: no
//! headings, lists, tables, links, code or HTML can be smuggled in. Tables are written by
//! hand (comfy-table's Markdown preset does not escape `|`).

use super::aging;
use super::{requirement_label, status_label, GapPart, Report};
use crate::criteria::Requirement;
use crate::messages::Messages;
use std::fmt::Write as _;

/// Escapes free text for use inline in Markdown: in a paragraph, a list item, a heading or
/// a table cell. Line breaks become `<br>`; markup characters are backslash-escaped; `<`,
/// `>` and `&` become entities so no HTML passes; a leading `#`, `-`, `+`, `=` or `1.`
/// cannot start a block; other control characters become spaces.
#[must_use]
pub fn escape(text: &str) -> String {
    let text = text.trim();
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    let mut first = true;
    let mut leading_digits = first_digits(text);
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            '\n' => out.push_str("<br>"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '-' | '+' | '=' if first => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if leading_digits == Some(0) => {
                out.push('\\');
                out.push(c);
            }
            c if crate::text::is_unsafe(c) => out.push(' '),
            c => out.push(c),
        }
        first = false;
        leading_digits = leading_digits.and_then(|n| n.checked_sub(1));
    }
    out
}

/// How many ASCII digits `text` starts with, when they and the `.` or `)` after them would
/// make an ordered list marker (`1. `, `12) `, or the whole text).
fn first_digits(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let n = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let marker = matches!(bytes.get(n), Some(b'.' | b')'))
        && matches!(bytes.get(n + 1), None | Some(b' ' | b'\t' | b'\r' | b'\n'));
    (n > 0 && marker).then_some(n)
}

/// One table row from already-escaped cells.
fn row(s: &mut String, cells: &[String]) {
    let _ = writeln!(s, "| {} |", cells.join(" | "));
}

/// A header row and its delimiter; `right` marks right-aligned columns.
fn header(s: &mut String, cells: &[&str], right: &[usize]) {
    let escaped: Vec<String> = cells.iter().map(|c| escape(c)).collect();
    row(s, &escaped);
    let delims: Vec<&str> = (0..cells.len())
        .map(|i| if right.contains(&i) { "---:" } else { "---" })
        .collect();
    let _ = writeln!(s, "|{}|", delims.join("|"));
}

fn percent(p: f64) -> String {
    format!("{p:.1}%")
}

/// Renders the whole report as Markdown.
#[must_use]
pub fn render(report: &Report, msg: &Messages) -> String {
    let mut s = String::new();
    let title = super::fill(
        msg.get("doc:title"),
        &[("company", report.company.name.clone())],
    );
    let _ = writeln!(s, "# {}\n", escape(&title));
    facts(&mut s, report, msg);
    summary(&mut s, report, msg);
    match &report.grade {
        Some(g) => graded(&mut s, report, g, msg),
        None => scores(&mut s, report, msg),
    }
    gaps(&mut s, report, msg);
    plan(&mut s, report, msg);
    waivers(&mut s, report, msg);
    ages(&mut s, report, msg);
    register(&mut s, report, msg);
    practices(&mut s, report, msg);
    super::also::markdown(&mut s, report, msg);
    manifest(&mut s, report, msg);
    s
}

/// Company, entity, criteria and assessment as labelled lines.
fn facts(s: &mut String, r: &Report, msg: &Messages) {
    let mut entity = r.company.entity_name.clone();
    if let Some(c) = &r.company.country {
        let _ = write!(entity, " · {c}");
    }
    let mut lines = vec![
        ("report:company", r.company.name.clone()),
        ("report:entity", entity),
        (
            "criteria:version",
            format!(
                "{} {} ({} {})",
                r.criteria.name,
                r.criteria.version,
                msg.get("criteria:effective"),
                r.criteria.effective
            ),
        ),
    ];
    if r.tier.provisional {
        lines.push((msg.get("coverage:label"), r.criteria.coverage_name.clone()));
    }
    if let Some(t) = &r.criteria.tailoring {
        lines.push((msg.get("report:tailoring"), t.summary.clone()));
    }
    if let Some(d) = &r.assessed_on {
        lines.push(("report:assessed-on", d.clone()));
    }
    lines.push(("report:as-of", aging::as_of_value(msg, &r.as_of)));
    if let Some(a) = &r.assessor {
        lines.push(("report:assessor", a.clone()));
    }
    for (key, value) in lines {
        fact(s, msg, msg.get(key), &escape(&value));
    }
    let _ = writeln!(s);
}

fn summary(s: &mut String, r: &Report, msg: &Messages) {
    let _ = writeln!(s, "## {}\n", escape(msg.get("doc:summary")));
    match r.grade.as_ref().and_then(|g| g.lower.as_ref()) {
        Some(l) if l.gates_hold => {
            let (first, second) = super::headline(r, msg);
            let _ = writeln!(s, "**{}**\n", escape(&first));
            let second = second.unwrap_or_default();
            let _ = writeln!(s, "**{}** {}\n", escape(&second), escape(&r.tier.summary));
        }
        lower => {
            let headline = super::fill(msg.get("doc:headline"), &[("tier", r.tier.name.clone())]);
            let _ = writeln!(s, "**{}** {}\n", escape(&headline), escape(&r.tier.summary));
            if let Some(l) = lower {
                let _ = writeln!(s, "**{}**\n", escape(&l.line));
            }
        }
    }
    let _ = writeln!(s, "{}\n", escape(&r.tier.notice));
    if let Some(n) = &r.criteria.coverage_notice {
        let heading = format!("**{}**", escape(msg.get("coverage:heading")));
        let _ = writeln!(
            s,
            "> {}\n",
            super::fill(
                msg.get("coverage:headed"),
                &[("heading", heading), ("notice", escape(n))]
            )
        );
    }
    if let Some(g) = &r.grade {
        let _ = writeln!(s, "**{}**\n", escape(&g.total_line));
    } else {
        overall(s, r, msg);
    }
    let _ = writeln!(s, "**{}**\n", escape(&super::label(msg, "report:why")));
    for reason in &r.tier.reasons {
        let _ = writeln!(s, "- {}", escape(&reason.message));
    }
    let _ = writeln!(s);
    match &r.tier.next {
        Some(next) => {
            let heading = super::fill(msg.get("doc:next-heading"), &[("tier", next.name.clone())]);
            let _ = writeln!(s, "**{}**\n", escape(&heading));
            let (shown, more) = super::summary_blockers(next, msg);
            for b in shown {
                let _ = writeln!(s, "- {}", escape(&b.message));
            }
            if let Some(more) = more {
                let _ = writeln!(s, "- {}", escape(&more));
            }
        }
        None => {
            let _ = writeln!(s, "{}", escape(msg.get("report:top")));
        }
    }
    let _ = writeln!(s);
}

/// The C-TPAT score in one sentence.
fn overall(s: &mut String, r: &Report, msg: &Messages) {
    let _ = writeln!(
        s,
        "{}\n",
        escape(&super::fill(
            msg.get("doc:overall"),
            &[
                ("score", percent(r.score.percent)),
                ("must", percent(r.score.must_percent)),
                ("musts", r.counts.must_gaps.to_string()),
                ("shoulds", r.counts.should_gaps.to_string()),
            ],
        ))
    );
}

/// The grade of a graded catalog: total against the pass line, model, gates with their basis,
/// counts per class and per article, the items failed, basically met and unanswered, and the
/// computed finance items.
fn graded(s: &mut String, r: &Report, g: &super::grade::GradePart, msg: &Messages) {
    let _ = writeln!(s, "## {}\n", escape(msg.get("grade:section")));
    let _ = writeln!(s, "**{}**\n", escape(&g.total_line));
    let _ = writeln!(
        s,
        "> **{}** {}\n",
        escape(&super::label(msg, "grade:model-label")),
        escape(&g.model.message)
    );
    let _ = writeln!(s, "### {}\n", escape(msg.get("grade:gates")));
    for gate in &g.gates {
        let mark = if gate.holds { "✓" } else { "✗" };
        let _ = writeln!(s, "- {mark} {}", escape(&gate.message));
        let _ = writeln!(
            s,
            "  - *{}* {}",
            escape(&super::label(msg, "grade:gate-basis")),
            escape(&gate.basis)
        );
    }
    let _ = writeln!(s);
    if let Some(l) = &g.lower {
        let heading = super::fill(
            msg.get("grade:lower-heading"),
            &[("standard", l.standard.clone())],
        );
        let _ = writeln!(s, "### {}\n", escape(&heading));
        let _ = writeln!(
            s,
            "**{}** {}\n",
            escape(&msg.labelled("report:tier", &l.tier_name)),
            escape(&l.total_line)
        );
        if let Some(r) = &l.review_line {
            let _ = writeln!(s, "{}\n", escape(r));
        }
        for b in &l.blockers {
            let _ = writeln!(s, "- {}", escape(&b.message));
        }
        if !l.blockers.is_empty() {
            let _ = writeln!(s);
        }
    }
    let _ = writeln!(s, "### {}\n", escape(msg.get("grade:articles")));
    let _ = writeln!(
        s,
        "- {}",
        escape(&super::grade_counts_line(
            msg,
            "grade:general",
            &g.counts,
            &g.levels
        ))
    );
    if let Some(b) = &g.bonus_counts {
        let _ = writeln!(
            s,
            "- {}",
            escape(&super::grade_counts_line(
                msg,
                "grade:bonus-items",
                b,
                &g.levels
            ))
        );
    }
    let _ = writeln!(s);
    let l = &g.levels;
    header(
        s,
        &[
            msg.get("grade:article"),
            msg.get("report:area"),
            &l.implemented,
            &l.partial,
            &l.not_implemented,
            &l.not_applicable,
            &l.unanswered,
        ],
        &[0, 2, 3, 4, 5, 6],
    );
    for (area, mine) in g.articles_by_area(&r.focus_areas) {
        row(
            s,
            &[
                String::new(),
                format!("**{}**", escape(&area.name)),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ],
        );
        for a in mine {
            let c = &a.counts;
            row(
                s,
                &[
                    a.number.to_string(),
                    escape(&a.name),
                    c.meets.to_string(),
                    c.basically.to_string(),
                    c.fails.to_string(),
                    c.not_applicable.to_string(),
                    c.unanswered.to_string(),
                ],
            );
        }
    }
    let _ = writeln!(s);
    for (key, items) in [
        ("grade:items-failed", &g.failed),
        ("grade:items-unanswered", &g.unanswered),
        ("grade:items-basically", &g.basically),
    ] {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(s, "**{}**\n", escape(&super::label(msg, key)));
        for i in items {
            let _ = writeln!(s, "- {} {}", i.id, escape(&i.title));
        }
        let _ = writeln!(s);
    }
    if let Some(k) = &r.computed {
        computed(s, k, msg);
    }
}

/// The finance items computed from the company's figures, each ratio with its test.
fn computed(s: &mut String, k: &super::grade::ComputedPart, msg: &Messages) {
    let _ = writeln!(s, "## {}\n", escape(msg.get("finance:heading")));
    let _ = writeln!(s, "{}\n", escape(&k.facts));
    for item in &k.items {
        let _ = writeln!(s, "- {}", escape(&item.message));
    }
    let _ = writeln!(s);
    header(
        s,
        &[
            msg.get("list:id"),
            msg.get("finance:ratio"),
            msg.get("finance:value"),
            msg.get("finance:test"),
            msg.get("finance:result"),
        ],
        &[2],
    );
    for item in &k.items {
        for ratio in &item.ratios {
            row(
                s,
                &[
                    item.item.to_string(),
                    escape(&ratio.name),
                    ratio
                        .value
                        .as_deref()
                        .map_or_else(|| "—".to_string(), escape),
                    escape(&ratio.test),
                    escape(&ratio.result_text),
                ],
            );
        }
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "> **{}** {}\n",
        escape(&super::label(msg, "finance:basis")),
        escape(&k.basis)
    );
}

fn scores(s: &mut String, r: &Report, msg: &Messages) {
    let _ = writeln!(s, "## {}\n", escape(msg.get("doc:scores")));
    header(
        s,
        &[
            "#",
            msg.get("report:area"),
            msg.get("report:score"),
            msg.get("doc:points"),
            msg.get("report:must-gaps"),
            msg.get("report:should-gaps"),
        ],
        &[0, 2, 3, 4, 5],
    );
    for area in &r.focus_areas {
        row(
            s,
            &[
                String::new(),
                format!("**{}**", escape(&area.name)),
                format!("**{}**", percent(area.percent)),
                format!("{} / {}", area.earned, area.possible),
                area.counts.must_gaps.to_string(),
                area.counts.should_gaps.to_string(),
            ],
        );
        for k in r.categories.iter().filter(|k| k.focus_area == area.id) {
            row(
                s,
                &[
                    k.number.to_string(),
                    escape(&k.name),
                    percent(k.percent),
                    format!("{} / {}", k.earned, k.possible),
                    k.counts.must_gaps.to_string(),
                    k.counts.should_gaps.to_string(),
                ],
            );
        }
    }
    row(
        s,
        &[
            String::new(),
            format!("**{}**", escape(msg.get("doc:total"))),
            format!("**{}**", percent(r.score.percent)),
            format!("{} / {}", r.score.earned, r.score.possible),
            r.counts.must_gaps.to_string(),
            r.counts.should_gaps.to_string(),
        ],
    );
    let _ = writeln!(s);
}

fn gaps(s: &mut String, r: &Report, msg: &Messages) {
    let _ = writeln!(s, "## {}\n", escape(msg.get("report:gaps")));
    if r.gaps.is_empty() {
        let _ = writeln!(s, "{}\n", escape(msg.get("report:no-gaps")));
        return;
    }
    for (level, heading) in [
        (Requirement::Must, "doc:gaps-musts"),
        (Requirement::Should, "doc:gaps-shoulds"),
    ] {
        let groups = super::gap_groups(r, level);
        if groups.is_empty() {
            continue;
        }
        let _ = writeln!(s, "### {}\n", escape(msg.get(heading)));
        for (number, name, list) in groups {
            let _ = writeln!(
                s,
                "#### {}\n",
                escape(&super::category_title(msg, number, name))
            );
            for g in list {
                gap(s, g, r.declared(g.id), msg);
            }
        }
    }
}

fn gap(s: &mut String, g: &GapPart, declared: bool, msg: &Messages) {
    let _ = writeln!(
        s,
        "##### {} {} ({} · {})\n",
        g.id,
        escape(&g.title),
        escape(requirement_label(msg, g.requirement)),
        escape(status_label(msg, g.status))
    );
    let _ = writeln!(
        s,
        "- **{}** {}",
        escape(&super::label(msg, "show:question")),
        escape(&g.question)
    );
    if declared {
        let _ = writeln!(s, "- *{}*", escape(msg.get("grade:declared")));
    }
    if let Some(note) = &g.note {
        let _ = writeln!(
            s,
            "- **{}** {}",
            escape(&super::label(msg, "report:note")),
            escape(note)
        );
    }
    if !g.evidence.is_empty() {
        let _ = writeln!(
            s,
            "- **{}**",
            escape(&super::label(msg, "doc:evidence-cited"))
        );
        for e in aging::evidence_lines(msg, &g.evidence) {
            let _ = writeln!(s, "  - {}", escape(&e));
        }
    }
    if g.freshness != crate::scoring::Freshness::None {
        let _ = writeln!(
            s,
            "- **{}** {}",
            escape(&super::label(msg, "report:freshness")),
            escape(aging::freshness_label(msg, g.freshness))
        );
    }
    if let Some(state) = g.waiver {
        let _ = writeln!(
            s,
            "- **{}** {}",
            escape(&super::label(msg, "report:waiver")),
            escape(aging::waiver_mark(msg, state, g.requirement))
        );
    }
    let _ = writeln!(
        s,
        "- **{}** {}",
        escape(&super::label(msg, "report:hint")),
        escape(&g.hint)
    );
    if !g.evidence_expected.is_empty() {
        let _ = writeln!(s, "- **{}**", escape(&super::label(msg, "show:evidence")));
        for e in &g.evidence_expected {
            let _ = writeln!(s, "  - {}", escape(e));
        }
    }
    let _ = writeln!(
        s,
        "- **{}** {}",
        escape(&super::label(msg, "report:owner")),
        escape(&super::owner_due(msg, g))
    );
    let _ = writeln!(s);
}

fn plan(s: &mut String, r: &Report, msg: &Messages) {
    let _ = writeln!(s, "## {}\n", escape(msg.get("doc:plan")));
    if r.gaps.is_empty() {
        let _ = writeln!(s, "{}\n", escape(msg.get("report:no-gaps")));
        return;
    }
    let _ = writeln!(s, "{}\n", escape(msg.get("doc:plan-intro")));
    header(
        s,
        &[
            "#",
            msg.get("list:id"),
            msg.get("list:requirement"),
            msg.get("list:title"),
            msg.get("report:status"),
            msg.get("report:owner"),
            msg.get("report:due"),
        ],
        &[0],
    );
    for (i, g) in r.action_plan().into_iter().enumerate() {
        let owner = g.owner.as_deref().map_or_else(
            || format!("*{}*", escape(msg.get("doc:unassigned"))),
            escape,
        );
        row(
            s,
            &[
                (i + 1).to_string(),
                g.id.to_string(),
                escape(requirement_label(msg, g.requirement)),
                escape(&g.title),
                escape(status_label(msg, g.status)),
                owner,
                g.due.as_deref().map_or_else(String::new, escape),
            ],
        );
    }
    let _ = writeln!(s);
}

fn register(s: &mut String, r: &Report, msg: &Messages) {
    let _ = writeln!(s, "## {}\n", escape(msg.get("doc:register")));
    let _ = writeln!(s, "{}\n", escape(msg.get("doc:register-intro")));
    fact(
        s,
        msg,
        msg.get("report:freshness"),
        &escape(&aging::counts_line(msg, r)),
    );
    let _ = writeln!(s);
    if r.register.is_empty() {
        let _ = writeln!(s, "{}\n", escape(msg.get("doc:register-empty")));
        return;
    }
    header(
        s,
        &[
            msg.get("list:id"),
            msg.get("list:requirement"),
            msg.get("list:title"),
            msg.get("report:status"),
            msg.get("report:freshness"),
            msg.get("doc:evidence-or-note"),
        ],
        &[],
    );
    for e in &r.register {
        let mut cited: Vec<String> = aging::evidence_lines(msg, &e.evidence)
            .iter()
            .map(|x| escape(x))
            .collect();
        if let Some(note) = &e.note {
            cited.push(escape(&msg.labelled("report:note", note)));
        }
        if r.declared(e.id) {
            cited.push(format!("*{}*", escape(msg.get("grade:declared"))));
        }
        if cited.is_empty() {
            cited.push(format!("*{}*", escape(msg.get("doc:no-evidence"))));
        }
        row(
            s,
            &[
                e.id.to_string(),
                escape(requirement_label(msg, e.requirement)),
                escape(&e.title),
                escape(status_label(msg, e.status)),
                escape(&aging::freshness_text(
                    msg,
                    e.freshness,
                    e.evidence_until.as_deref(),
                )),
                cited.join("<br>"),
            ],
        );
    }
    let _ = writeln!(s);
}

fn practices(s: &mut String, r: &Report, msg: &Messages) {
    let _ = writeln!(s, "## {}\n", escape(msg.get("doc:practices")));
    if r.best_practices.is_empty() {
        let _ = writeln!(s, "{}\n", escape(msg.get("doc:no-practices")));
        return;
    }
    header(
        s,
        &[
            msg.get("doc:practice"),
            msg.get("doc:goes-beyond"),
            msg.get("doc:qualifies"),
            msg.get("doc:lacks"),
            msg.get("doc:evidence-cited"),
        ],
        &[],
    );
    for p in &r.best_practices {
        row(
            s,
            &[
                escape(&p.title),
                super::ids(&p.criteria, msg),
                escape(msg.get(if p.qualifies { "doc:yes" } else { "doc:no" })),
                escape(&super::elements(msg, &p.missing)),
                p.evidence
                    .iter()
                    .map(|x| escape(x))
                    .collect::<Vec<_>>()
                    .join("<br>"),
            ],
        );
    }
    let _ = writeln!(s);
}

fn manifest(s: &mut String, r: &Report, msg: &Messages) {
    let _ = writeln!(s, "## {}\n", escape(msg.get("doc:manifest")));
    let _ = writeln!(s, "{}\n", escape(msg.get("doc:manifest-intro")));
    for (k, v) in super::manifest_lines(r, msg) {
        let v = if v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()) {
            format!("`{v}`")
        } else {
            escape(&v)
        };
        fact(s, msg, k, &v);
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "### {}\n", escape(msg.get("doc:freshness-rules")));
    let _ = writeln!(
        s,
        "{}\n",
        escape(&aging::intro(msg, r, "doc:freshness-rules-intro"))
    );
    for rule in &r.freshness.rules {
        let _ = writeln!(s, "- {}", escape(&rule.message));
    }
    let _ = writeln!(s);
}

/// Evidence expiring soon, aged out and undated: each section only when it has entries.
fn ages(s: &mut String, r: &Report, msg: &Messages) {
    let f = &r.freshness;
    for (heading, intro, items) in [
        ("doc:expiring", "doc:expiring-intro", &f.expiring),
        ("doc:stale", "doc:stale-intro", &f.stale),
    ] {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(s, "## {}\n", escape(msg.get(heading)));
        let _ = writeln!(s, "{}\n", escape(&aging::intro(msg, r, intro)));
        for item in items {
            let _ = writeln!(s, "- {}", escape(&item.message));
        }
        let _ = writeln!(s);
    }
    if !f.undated.is_empty() {
        let _ = writeln!(s, "## {}\n", escape(msg.get("doc:undated")));
        let _ = writeln!(s, "{}\n", escape(msg.get("doc:undated-intro")));
        for line in aging::undated_lines(r) {
            let _ = writeln!(s, "- {}", escape(&line));
        }
        let _ = writeln!(s);
    }
}

/// Every waiver with its effect, marked ⚠ when a Must stays unmet or the waiver expired.
fn waivers(s: &mut String, r: &Report, msg: &Messages) {
    if r.waivers.is_empty() {
        return;
    }
    let _ = writeln!(s, "## {}\n", escape(msg.get("doc:waivers")));
    let _ = writeln!(
        s,
        "{}\n",
        escape(&aging::intro(msg, r, "doc:waivers-intro"))
    );
    for w in &r.waivers {
        let effect = aging::waiver_effect(msg, w);
        let _ = writeln!(
            s,
            "### {}\n",
            escape(&aging::waiver_heading(msg, w, &effect))
        );
        let _ = writeln!(s, "{}\n", escape(&w.message));
        for (label, value) in aging::waiver_facts(msg, w) {
            fact(s, msg, label, &escape(&value));
        }
        let _ = writeln!(s);
    }
}

/// One `- **Label:** value` line (`value` already Markdown). A list rather than a two-column
/// table: GFM tables need a header row, and an empty one renders as a blank bar.
/// The colon stays outside the emphasis: `**企业：**X` does not render bold in CommonMark
/// (a closing `**` after punctuation must be followed by space or punctuation).
fn fact(s: &mut String, msg: &Messages, label: &str, value: &str) {
    let line = msg
        .get("text:labelled")
        .replacen("{label}", &format!("**{}**", escape(label)), 1)
        .replacen("{value}", value, 1);
    let _ = writeln!(s, "- {line}");
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_neutralises_markup() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("# x"), "\\# x");
        assert_eq!(escape("x # y"), "x # y");
        assert_eq!(escape("<script>"), "&lt;script&gt;");
        assert_eq!(escape("a\r\nb\nc"), "a<br>b<br>c");
        assert_eq!(escape("1. one"), "1\\. one");
        assert_eq!(escape("12) x"), "12\\) x");
        assert_eq!(escape("1.5 kg"), "1.5 kg");
        assert_eq!(escape("7."), "7\\.");
        assert_eq!(escape("v1.5"), "v1.5");
        assert_eq!(escape("- item"), "\\- item");
        assert_eq!(escape("a\\b"), "a\\\\b");
        assert_eq!(escape("[x](javascript:y)"), "\\[x\\](javascript:y)");
        assert_eq!(escape("$x$"), "\\$x\\$");
        assert_eq!(escape("&lt;"), "&amp;lt;");
        assert_eq!(escape("a\u{7}b"), "a b");
    }
}
