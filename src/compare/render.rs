//! The terminal and Markdown renderings of a [`CompareReport`].
//!
//! Both print the same things in the same order: the two inputs, the provisional notice
//! when either list is provisional, tier and score before and after (with the split when
//! the criteria versions differ), then one section per bucket. Text from the answers files
//! (company names, file names) is made inert for a terminal and escaped for Markdown.

use super::document::{signed_points, CompareReport, SideManifest};
use crate::criteria::CriterionId;
use crate::diagnostic::fill;
use crate::messages::Messages;
use crate::report::markdown::escape;
use crate::report::{requirement_label, status_label};
use crate::scoring::Standing;
use comfy_table::CellAlignment;
use std::fmt::Write as _;

/// The buckets in the order they are shown, with their heading keys. Added and removed are
/// shown only when the criteria versions differ; aged-out evidence and expired waivers only
/// when there are some.
fn buckets(r: &CompareReport) -> Vec<(&'static str, &[CriterionId], bool)> {
    let differ = r.versions_differ();
    vec![
        ("compare:regressed", &r.regressed[..], true),
        ("compare:improved", &r.improved[..], true),
        ("compare:newly-answered", &r.newly_answered[..], true),
        (
            "compare:no-longer-answered",
            &r.no_longer_answered[..],
            true,
        ),
        ("compare:added", &r.added[..], differ),
        ("compare:removed", &r.removed[..], differ),
        (
            "compare:aged-out",
            &r.evidence_aged_out[..],
            !r.evidence_aged_out.is_empty(),
        ),
        (
            "compare:waivers-expired",
            &r.waivers_expired[..],
            !r.waivers_expired.is_empty(),
        ),
    ]
}

fn heading(msg: &Messages, key: &str, count: usize) -> String {
    fill(
        msg.get("compare:heading"),
        &[("heading", msg.get(key)), ("count", &count.to_string())],
    )
}

fn standing(msg: &Messages, s: Option<Standing>) -> String {
    s.map_or_else(|| "—".to_string(), |s| status_label(msg, s).to_string())
}

fn tier_change(msg: &Messages, change: i64) -> &str {
    match change {
        c if c > 0 => msg.get("compare:higher"),
        c if c < 0 => msg.get("compare:lower"),
        _ => msg.get("compare:unchanged"),
    }
}

/// "file · criteria 2023.01 · assessed on 2026-10-28 · as of 2026-11-30".
fn side_line(msg: &Messages, m: &SideManifest) -> String {
    let line = side_only(msg, m);
    fill(
        msg.get("compare:side-as-of"),
        &[("side", line.as_str()), ("date", m.as_of.as_str())],
    )
}

fn side_only(msg: &Messages, m: &SideManifest) -> String {
    match &m.assessed_on {
        Some(date) => fill(
            msg.get("compare:side-assessed"),
            &[
                ("file", m.file.as_str()),
                ("version", &m.criteria_version),
                ("date", date),
            ],
        ),
        None => fill(
            msg.get("compare:side"),
            &[("file", m.file.as_str()), ("version", &m.criteria_version)],
        ),
    }
}

fn company(r: &CompareReport) -> String {
    if r.company.old == r.company.new {
        r.company.new.clone()
    } else {
        format!("{} → {}", r.company.old, r.company.new)
    }
}

/// The rows of the summary table: label, before, after, change.
fn summary_rows(r: &CompareReport, msg: &Messages) -> [[String; 4]; 3] {
    let percent = |p: f64| format!("{p:.1}%");
    [
        [
            msg.get("report:tier").to_string(),
            r.tier.old_name.clone(),
            r.tier.new_name.clone(),
            tier_change(msg, r.tier.change).to_string(),
        ],
        [
            msg.get("report:score").to_string(),
            percent(r.score.old),
            percent(r.score.new),
            signed_points(r.score.change),
        ],
        [
            msg.get("report:must-score").to_string(),
            percent(r.score.must_old),
            percent(r.score.must_new),
            signed_points(r.score.must_change),
        ],
    ]
}

/// The manifest as (label, value) lines, each side's under its own label.
fn manifest_lines(r: &CompareReport, msg: &Messages) -> Vec<(String, String)> {
    let hash = |h: &Option<String>| {
        h.clone()
            .unwrap_or_else(|| msg.get("doc:not-recorded").to_string())
    };
    let mut lines = vec![(
        msg.get("doc:ctpat-version").to_string(),
        r.manifest.ctpat_version.to_string(),
    )];
    for (key, m) in [
        ("compare:before", &r.manifest.old),
        ("compare:after", &r.manifest.new),
    ] {
        let side = msg.get(key);
        let label = |k: &str| format!("{side} · {}", msg.get(k));
        lines.push((side.to_string(), m.file.clone()));
        lines.push((label("doc:answers-sha"), hash(&m.answers_sha256)));
        lines.push((label("criteria:version"), m.criteria_version.clone()));
        lines.push((label("doc:criteria-sha"), hash(&m.criteria_sha256)));
        lines.push((
            label("coverage:label"),
            crate::coverage::label(m.coverage, msg).to_string(),
        ));
        if let Some(t) = &m.tailoring {
            lines.push((label("doc:tailoring-file"), t.clone()));
        }
    }
    lines
}

/// Renders the comparison for a terminal, `width` columns wide (tables fitted to the
/// terminal and sentences wrapped at 100 when `None`). Control characters other than line
/// breaks come out as U+FFFD.
#[must_use]
pub fn terminal(r: &CompareReport, msg: &Messages, width: Option<u16>) -> String {
    crate::text::inert_except(&terminal_text(r, msg, width), &['\n']).into_owned()
}

fn terminal_text(r: &CompareReport, msg: &Messages, width: Option<u16>) -> String {
    let table = || crate::report::terminal::table(width);
    let mut s = String::new();
    // Sentences are wrapped to the tables' width; a terminal's own wrapping splits words.
    let columns = usize::from(width.unwrap_or(100));
    let mut line = |text: &str| {
        let _ = writeln!(s, "{}", crate::text::wrap(text, columns));
    };
    line(msg.get("compare:title"));
    line(&msg.labelled("report:company", &company(r)));
    line(&msg.labelled("report:entity", &r.entity_name));
    line(&msg.labelled("compare:before", &side_line(msg, &r.manifest.old)));
    line(&msg.labelled("compare:after", &side_line(msg, &r.manifest.new)));
    if let Some(n) = &r.coverage_notice {
        line(&format!("  {}", crate::coverage::headed(n, msg)));
    }
    let _ = writeln!(s);
    let mut summary = table();
    summary.set_header(vec![
        msg.get("compare:measure"),
        msg.get("compare:before"),
        msg.get("compare:after"),
        msg.get("compare:change"),
    ]);
    for row in summary_rows(r, msg) {
        summary.add_row(row.to_vec());
    }
    if let Some(c) = summary.column_mut(3) {
        c.set_cell_alignment(CellAlignment::Right);
    }
    let _ = writeln!(s, "{summary}");
    if let Some(split) = &r.split {
        let _ = writeln!(s, "\n{}", crate::text::wrap(&split.message, columns));
    }
    for (key, ids, shown) in buckets(r) {
        if !shown {
            continue;
        }
        let _ = writeln!(s);
        if ids.is_empty() {
            let _ = writeln!(s, "{}", msg.labelled(key, msg.get("compare:none")));
            continue;
        }
        let _ = writeln!(s, "{}", heading(msg, key, ids.len()));
        let mut t = table();
        t.set_header(vec![
            msg.get("list:id"),
            msg.get("list:requirement"),
            msg.get("compare:before"),
            msg.get("compare:after"),
            msg.get("list:title"),
        ]);
        for id in ids {
            let Some(c) = r.standing(*id) else { continue };
            t.add_row(vec![
                id.to_string(),
                requirement_label(msg, c.requirement).to_string(),
                standing(msg, c.old),
                standing(msg, c.new),
                c.title.clone(),
            ]);
        }
        let _ = writeln!(s, "{t}");
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "{}", msg.labelled("doc:manifest", "").trim_end());
    for (k, v) in manifest_lines(r, msg) {
        let entry = format!("  {}", labelled_text(msg, &k, &v));
        let _ = writeln!(s, "{}", crate::text::wrap(&entry, columns));
    }
    s
}

/// `label: value` with a label that is already text, not a key.
fn labelled_text(msg: &Messages, label: &str, value: &str) -> String {
    // The value goes in last, so braces in it are never read as placeholders.
    msg.get("text:labelled")
        .replacen("{label}", label, 1)
        .replacen("{value}", value, 1)
}

/// A Markdown table row from already-escaped cells.
fn row(s: &mut String, cells: &[String]) {
    let _ = writeln!(s, "| {} |", cells.join(" | "));
}

/// Renders the comparison as GitHub-flavoured Markdown.
#[must_use]
pub fn markdown(r: &CompareReport, msg: &Messages) -> String {
    let mut s = String::new();
    let title = fill(msg.get("compare:doc-title"), &[("company", company(r))]);
    let _ = writeln!(s, "# {}\n", escape(&title));
    let fact = |s: &mut String, label: &str, value: &str| {
        let _ = writeln!(
            s,
            "{}",
            fill(
                msg.get("compare:md-fact"),
                &[("label", escape(label)), ("value", escape(value))]
            )
        );
    };
    fact(&mut s, msg.get("report:company"), &company(r));
    fact(&mut s, msg.get("report:entity"), &r.entity_name);
    fact(
        &mut s,
        msg.get("compare:before"),
        &side_line(msg, &r.manifest.old),
    );
    fact(
        &mut s,
        msg.get("compare:after"),
        &side_line(msg, &r.manifest.new),
    );
    let _ = writeln!(s);
    if let Some(n) = &r.coverage_notice {
        let heading = format!("**{}**", escape(msg.get("coverage:heading")));
        let _ = writeln!(
            s,
            "> {}\n",
            fill(
                msg.get("coverage:headed"),
                &[("heading", heading), ("notice", escape(n))]
            )
        );
    }
    let _ = writeln!(s, "## {}\n", escape(msg.get("compare:summary")));
    row(
        &mut s,
        &[
            escape(msg.get("compare:measure")),
            escape(msg.get("compare:before")),
            escape(msg.get("compare:after")),
            escape(msg.get("compare:change")),
        ],
    );
    let _ = writeln!(s, "|---|---|---|---:|");
    for [label, before, after, change] in summary_rows(r, msg) {
        // The change is a signed number, which `escape` would mark as a list item.
        row(
            &mut s,
            &[escape(&label), escape(&before), escape(&after), change],
        );
    }
    let _ = writeln!(s);
    if let Some(split) = &r.split {
        let _ = writeln!(s, "{}\n", escape(&split.message));
    }
    let _ = writeln!(s, "{}\n", escape(msg.get("compare:legend")));
    for (key, ids, shown) in buckets(r) {
        if !shown {
            continue;
        }
        let _ = writeln!(s, "## {}\n", escape(&heading(msg, key, ids.len())));
        if ids.is_empty() {
            let _ = writeln!(s, "{}\n", escape(msg.get("compare:none")));
            continue;
        }
        row(
            &mut s,
            &[
                escape(msg.get("list:id")),
                escape(msg.get("list:requirement")),
                escape(msg.get("compare:before")),
                escape(msg.get("compare:after")),
                escape(msg.get("list:title")),
            ],
        );
        let _ = writeln!(s, "|---|---|---|---|---|");
        for id in ids {
            let Some(c) = r.standing(*id) else { continue };
            row(
                &mut s,
                &[
                    id.to_string(),
                    escape(requirement_label(msg, c.requirement)),
                    escape(&standing(msg, c.old)),
                    escape(&standing(msg, c.new)),
                    escape(&c.title),
                ],
            );
        }
        let _ = writeln!(s);
    }
    let _ = writeln!(s, "## {}\n", escape(msg.get("doc:manifest")));
    for (k, v) in manifest_lines(r, msg) {
        fact(&mut s, &k, &v);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{Answer, Answers, Company, CompanyDetails, Kept, Status};
    use crate::compare::document::Input;
    use crate::compare::{compare, Side};
    use crate::criteria::{embedded, Entity};
    use crate::scoring::assess;
    use crate::text::Lang;

    /// A comparison with something in every bucket the two shipped versions can give, plus
    /// the two buckets still waiting for dated evidence and waivers, filled by hand.
    fn document(lang: Lang, hostile: &str) -> CompareReport {
        let old_catalog = embedded::loaded("2020.03");
        let new_catalog = embedded::loaded("2023.01");
        let make = |name: &str, statuses: &[(&str, Status)]| Answers {
            criteria_version: None,
            company: Company {
                name: name.into(),
                entity: Entity::Importer,
                country: None,
                details: CompanyDetails::default(),
            },
            assessed_on: Some("2026-01-01".into()),
            assessor: None,
            answers: statuses
                .iter()
                .map(|(id, s)| {
                    let answer = Answer {
                        status: *s,
                        evidence: Vec::new(),
                        note: None,
                        owner: None,
                        due: None,
                    };
                    (id.parse().expect("id"), answer)
                })
                .collect(),
            best_practices: Vec::new(),
            waivers: Vec::new(),
            kept: Kept::default(),
            financials: None,
        };
        let old = make(
            hostile,
            &[("1.3", Status::Implemented), ("1.4", Status::Partial)],
        );
        let new = make(
            "Acme | Co",
            &[("1.4", Status::Implemented), ("2.1", Status::Partial)],
        );
        let (a, b) = (
            assess(
                old_catalog,
                &old,
                crate::calendar::date("2026-11-30").expect("a date"),
            ),
            assess(
                new_catalog,
                &new,
                crate::calendar::date("2026-11-30").expect("a date"),
            ),
        );
        let m = assess(
            new_catalog,
            &old,
            crate::calendar::date("2026-11-30").expect("a date"),
        );
        let side = |catalog, answers, assessment| Side {
            catalog,
            answers,
            assessment,
        };
        let mut c = compare(
            &side(old_catalog, &old, &a),
            &side(new_catalog, &new, &b),
            Some(&side(new_catalog, &old, &m)),
        );
        c.evidence_aged_out = vec!["2.3".parse().expect("id")];
        c.waivers_expired = vec!["3.9".parse().expect("id")];
        let input = |side, file| Input {
            side,
            file,
            answers_sha256: None,
            criteria_sha256: None,
        };
        CompareReport::build(
            &c,
            &input(side(old_catalog, &old, &a), "old\u{1b}[2J.yaml"),
            &input(side(new_catalog, &new, &b), "new.yaml"),
            "migrate",
            &Messages::embedded(lang),
        )
    }

    #[test]
    fn both_renderings_show_every_bucket_in_both_languages() {
        for lang in Lang::ALL {
            let msg = Messages::embedded(lang);
            let r = document(lang, "Old & <Co>");
            assert!(r.split.is_some());
            for text in [terminal(&r, &msg, Some(100)), markdown(&r, &msg)] {
                for key in [
                    "compare:regressed",
                    "compare:improved",
                    "compare:newly-answered",
                    "compare:no-longer-answered",
                    "compare:added",
                    "compare:removed",
                    "compare:aged-out",
                    "compare:waivers-expired",
                ] {
                    assert!(text.contains(msg.get(key)), "{lang} {key}:\n{text}");
                }
                assert!(text.contains("2.3") && text.contains("3.9"), "{text}");
                assert!(!text.contains("compare:"), "untranslated key:\n{text}");
                assert!(!text.contains('{'), "unfilled placeholder:\n{text}");
            }
        }
    }

    #[test]
    fn text_from_the_files_is_inert_on_a_terminal_and_escaped_in_markdown() {
        let msg = Messages::embedded(Lang::En);
        let r = document(Lang::En, "Old <b>Co</b>\n# heading");
        let term = terminal(&r, &msg, Some(100));
        assert!(!term.contains('\u{1b}'), "{term}");
        let md = markdown(&r, &msg);
        assert!(!md.contains("<b>"), "{md}");
        assert!(!md.contains("\n# heading"), "{md}");
        assert!(md.contains("Acme \\| Co"), "{md}");
    }
}
