//! Time as the human formats show it: the as-of date, freshness labels, waiver marks and the
//! sentences that introduce the freshness and waiver sections.
//!
//! Every renderer (terminal, Markdown, HTML, CSV, Word, workbook) takes its wording from here,
//! so a criterion reads "stale, aged out after 2026-09-14" or "waived, not met" the same way in
//! each, in the report's language. Pure: the dates are the report's, never the clock's.

use super::{evidence_line, fill, Report, WaiverPart};
use crate::answers::Evidence;
use crate::criteria::{CriterionId, Requirement};
use crate::messages::Messages;
use crate::scoring::{Freshness, WaiverState};

/// The as-of date with how to reproduce the report
/// ("2026-11-30 (rerun with `--as-of 2026-11-30` to reproduce this report)").
pub(crate) fn as_of_value(msg: &Messages, date: &str) -> String {
    fill(msg.get("report:as-of-value"), &[("date", date.to_string())])
}

/// A freshness in the report's language (`fresh`, `stale`, `no evidence` ...).
pub(crate) fn freshness_label(msg: &Messages, f: Freshness) -> &str {
    msg.get(match f {
        Freshness::Fresh => "freshness:fresh",
        Freshness::Expiring => "freshness:expiring",
        Freshness::Undated => "freshness:undated",
        Freshness::Stale => "freshness:stale",
        Freshness::None => "freshness:none",
    })
}

/// The last day the evidence holds (or held), as a phrase ("aged out after 2026-09-14"),
/// when the freshness has one.
pub(crate) fn until_phrase(msg: &Messages, f: Freshness, until: Option<&str>) -> Option<String> {
    let key = match f {
        Freshness::Fresh => "freshness-until:fresh",
        Freshness::Expiring => "freshness-until:expiring",
        Freshness::Stale => "freshness-until:stale",
        Freshness::Undated | Freshness::None => return None,
    };
    until.map(|u| fill(msg.get(key), &[("until", u.to_string())]))
}

/// A freshness with the last day the evidence holds (or held), when the report knows it
/// ("stale, aged out after 2026-09-14"); the bare label otherwise.
pub(crate) fn freshness_text(msg: &Messages, f: Freshness, until: Option<&str>) -> String {
    let label = freshness_label(msg, f).to_string();
    match until_phrase(msg, f, until) {
        Some(phrase) => fill(
            msg.get("freshness:with-until"),
            &[("freshness", label), ("until", phrase)],
        ),
        None => label,
    }
}

/// What a gap's waiver means, as a short mark: a Must under a waiver that holds is
/// "waived, not met" (CBP does not waive a Must); otherwise the waiver's state.
pub(crate) fn waiver_mark(msg: &Messages, state: WaiverState, requirement: Requirement) -> &str {
    msg.get(match state {
        WaiverState::Expired => "waiver-state:expired",
        _ if requirement == Requirement::Must => "waiver-state:not-met",
        WaiverState::Active => "waiver-state:active",
        WaiverState::Expiring => "waiver-state:expiring",
    })
}

/// The gap's waiver mark, or nothing when it has no waiver.
pub(crate) fn gap_waiver_mark(
    msg: &Messages,
    state: Option<WaiverState>,
    requirement: Requirement,
) -> &str {
    state.map_or("", |s| waiver_mark(msg, s, requirement))
}

/// A waiver's effect (`accepted risk`, `waived, not met`, `expired` ...).
pub(crate) fn waiver_effect(msg: &Messages, w: &WaiverPart) -> String {
    let mut label = msg.get(&format!("waiver-effect:{}", w.effect)).to_string();
    // An accepted risk about to lapse says so, like the gap's mark does.
    if w.state == WaiverState::Expiring && w.effect != "expired" {
        label = format!("{label} · {}", msg.get("waiver-state:expiring"));
    }
    label
}

/// A waiver's heading: "5.1 Secure storage … (⚠ waived, not met)", the mark only when
/// [`waiver_alarming`]; `effect` is the effect as the format writes it.
pub(crate) fn waiver_heading(msg: &Messages, w: &WaiverPart, effect: &str) -> String {
    let effect = if waiver_alarming(w) {
        format!("⚠ {effect}")
    } else {
        effect.to_string()
    };
    fill(
        msg.get("doc:waiver-heading"),
        &[
            ("id", w.criterion.to_string()),
            ("title", w.title.clone()),
            ("effect", effect),
        ],
    )
}

/// Whether a waiver deserves a warning mark: a Must left unmet or an expired waiver.
pub(crate) fn waiver_alarming(w: &WaiverPart) -> bool {
    matches!(w.effect, "not-met" | "expired")
}

/// The waiver of criterion `id`, when the answers give one.
pub(crate) fn waiver_of(r: &Report, id: CriterionId) -> Option<&WaiverPart> {
    r.waivers.iter().find(|w| w.criterion == id)
}

/// Evidence items as the reports show them, each with its dates.
pub(crate) fn evidence_lines(msg: &Messages, evidence: &[Evidence]) -> Vec<String> {
    evidence.iter().map(|e| evidence_line(msg, e)).collect()
}

/// A waiver's details as (label, value) lines, in a fixed order; absent details are left out.
pub(crate) fn waiver_facts<'m>(msg: &'m Messages, w: &WaiverPart) -> Vec<(&'m str, String)> {
    let mut facts = vec![(msg.get("doc:justification"), w.justification.clone())];
    if let Some(by) = &w.approved_by {
        facts.push((msg.get("doc:approved-by"), by.clone()));
    }
    if let Some(on) = &w.approved_on {
        facts.push((msg.get("doc:approved-on"), on.clone()));
    }
    if let Some(expires) = &w.expires {
        facts.push((msg.get("doc:expires"), expires.clone()));
    }
    if !w.compensating_controls.is_empty() {
        facts.push((
            msg.get("doc:compensating-controls"),
            w.compensating_controls.join("\n"),
        ));
    }
    if !w.evidence.is_empty() {
        facts.push((
            msg.get("doc:evidence-cited"),
            evidence_lines(msg, &w.evidence).join("\n"),
        ));
    }
    facts
}

/// How many applicable criteria stand at each freshness, in one line.
pub(crate) fn counts_line(msg: &Messages, r: &Report) -> String {
    let c = &r.freshness.counts;
    fill(
        msg.get("report:freshness-counts"),
        &[
            ("fresh", c.fresh.to_string()),
            ("expiring", c.expiring.to_string()),
            ("stale", c.stale.to_string()),
            ("undated", c.undated.to_string()),
            ("none", c.none.to_string()),
        ],
    )
}

/// The sentence under a section heading (`doc:expiring-intro`, `doc:stale-intro`,
/// `doc:waivers-intro`, `doc:freshness-rules-intro` ...), with the as-of date and window.
pub(crate) fn intro(msg: &Messages, r: &Report, key: &str) -> String {
    fill(
        msg.get(key),
        &[
            ("date", r.as_of.clone()),
            ("days", r.freshness.expiring_within_days.to_string()),
        ],
    )
}

/// The undated criteria as `id title` lines, in catalog order, titles from the register.
pub(crate) fn undated_lines(r: &Report) -> Vec<String> {
    r.freshness
        .undated
        .iter()
        .map(|id| {
            r.register
                .iter()
                .find(|e| e.id == *id)
                .map_or_else(|| id.to_string(), |e| format!("{id} {}", e.title))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Lang;

    #[test]
    fn freshness_names_the_last_day_when_known() {
        let msg = Messages::embedded(Lang::En);
        assert_eq!(
            freshness_text(&msg, Freshness::Stale, Some("2026-09-14")),
            "stale, aged out after 2026-09-14"
        );
        assert_eq!(
            freshness_text(&msg, Freshness::Undated, Some("x")),
            "undated"
        );
        assert_eq!(freshness_text(&msg, Freshness::Fresh, None), "fresh");
        let zh = Messages::embedded(Lang::ZhCn);
        assert_eq!(
            freshness_text(&zh, Freshness::Expiring, Some("2026-12-20")),
            "即将过期，有效期至 2026-12-20"
        );
    }

    #[test]
    fn a_waived_must_is_marked_not_met_until_the_waiver_expires() {
        let msg = Messages::embedded(Lang::En);
        assert_eq!(
            waiver_mark(&msg, WaiverState::Active, Requirement::Must),
            "waived, not met"
        );
        assert_eq!(
            waiver_mark(&msg, WaiverState::Expired, Requirement::Must),
            "waiver expired"
        );
        assert_eq!(
            waiver_mark(&msg, WaiverState::Active, Requirement::Should),
            "waived"
        );
        assert_eq!(gap_waiver_mark(&msg, None, Requirement::Must), "");
    }
}
