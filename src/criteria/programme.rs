//! Validation of what a catalog of another programme adds to `ctpat-criteria/1`: the
//! `grading:` block (result levels, scoring model, gates) and the `finance:` block (items
//! computed from a company's figures).

use super::raw::{RawFinance, RawGrading, RawRatio, RawTest, S};
use super::validate::Validator;
use super::{Criterion, CriterionId, FocusArea};
use crate::answers::Status;
use crate::diagnostic::Diagnostic;
use crate::finance::{
    millionths, AuditOpinion, Denominator, Figure, FinanceRules, Op, Ratio, RatioGroup, Term, Test,
    Threshold,
};
use crate::grading::{Bonus, Gate, GateKind, Grading, Levels, Model};

/// Whether `s` is a lower-case id of `min..max` characters: letters, digits and dashes,
/// starting with a letter.
pub(super) fn is_slug(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len())
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The largest base or pass line a model may have (keeps every total inside `i64`).
const MAX_POINTS: u32 = 100_000;

pub(super) fn grading(v: &mut Validator, g: RawGrading, focus_areas: &[FocusArea]) -> Grading {
    let levels = Levels {
        implemented: v.text(&g.levels.implemented, "the level `implemented`"),
        partial: v.text(&g.levels.partial, "the level `partial`"),
        not_implemented: v.text(&g.levels.not_implemented, "the level `not_implemented`"),
        not_applicable: v.text(&g.levels.not_applicable, "the level `not_applicable`"),
    };
    let m = g.model;
    if !is_slug(&m.id.value, 2, 64) {
        let got = m.id.value.clone();
        v.error(
            "bad-model-id",
            &m.id,
            format!("model id `{got}` is not a lower-case id"),
            "write lower-case letters, digits and dashes, starting with a letter, e.g. `gacc-indicative`",
        );
    }
    let known_area = |v: &mut Validator, a: &S<String>| {
        if !focus_areas.iter().any(|f| f.id == a.value) {
            let got = a.value.clone();
            v.error(
                "unknown-focus-area",
                a,
                format!("the grading names an unknown focus area `{got}`"),
                "name a focus area declared under `focus_areas`",
            );
        }
    };
    let bonus = m.bonus.map(|b| {
        known_area(v, &b.focus_area);
        Bonus {
            focus_area: b.focus_area.value,
            per_item: b.per_item.value.min(MAX_POINTS),
            cap: b.cap.value.min(MAX_POINTS),
        }
    });
    for (n, what) in [
        (&m.base, "the model's `base`"),
        (&m.deductions.partial, "the deduction for `partial`"),
        (
            &m.deductions.not_implemented,
            "the deduction for `not_implemented`",
        ),
    ] {
        if n.value > MAX_POINTS {
            v.error(
                "number-out-of-range",
                n,
                format!("{what} is {}; a grading model accepts 0 to {MAX_POINTS}", n.value),
                "points only compare with each other: keep them small (the shipped GACC catalogs use a base of 100)",
            );
        }
    }
    let model = Model {
        id: m.id.value,
        name: v.text(&m.name, "the model name"),
        verified: m.verified.value,
        basis: v.text(&m.basis, "the model basis"),
        base: m.base.value.min(MAX_POINTS),
        partial: m.deductions.partial.value.min(MAX_POINTS),
        not_implemented: m.deductions.not_implemented.value.min(MAX_POINTS),
        bonus,
    };
    let mut gates: Vec<Gate> = Vec::new();
    for raw in g.gates {
        let basis = v.text(&raw.basis, &format!("the basis of gate `{}`", raw.id.value));
        if gates.iter().any(|k| k.id == raw.id.value) {
            let got = raw.id.value.clone();
            v.error(
                "duplicate-gate",
                &raw.id,
                format!("gate `{got}` is declared twice; this one is ignored"),
                "give each gate its own id, or remove the repeated one",
            );
            continue;
        }
        let kind = match raw.kind.value.as_str() {
            "no_failed" => Some(GateKind::NoFailed),
            "max_partial_per_category" => {
                for a in &raw.focus_areas {
                    known_area(v, a);
                }
                match &raw.max {
                    Some(max) => Some(GateKind::MaxPartialPerCategory {
                        focus_areas: raw.focus_areas.iter().map(|a| a.value.clone()).collect(),
                        max: max.value,
                    }),
                    None => {
                        v.error(
                            "gate-missing-value",
                            &raw.kind,
                            format!(
                                "gate `{}` (max_partial_per_category) has no `max`",
                                raw.id.value
                            ),
                            "add `max:`, the most items basically met in any one category, e.g. `max: 3`",
                        );
                        None
                    }
                }
            }
            "min_total" => match &raw.total {
                Some(t) if t.value <= MAX_POINTS => Some(GateKind::MinTotal { total: t.value }),
                Some(t) => {
                    v.error(
                        "number-out-of-range",
                        t,
                        format!(
                            "the `total` of gate `{}` is {}; a grading model accepts 0 to {MAX_POINTS}",
                            raw.id.value, t.value
                        ),
                        "the pass line is in the model's points: keep it at or below `base` (the shipped GACC catalogs use 95 of 100)",
                    );
                    None
                }
                None => {
                    v.error(
                        "gate-missing-value",
                        &raw.kind,
                        format!("gate `{}` (min_total) has no `total`", raw.id.value),
                        "add `total:`, the pass line in the model's points, e.g. `total: 95`",
                    );
                    None
                }
            },
            other => {
                let got = other.to_string();
                let kinds = ["no_failed", "max_partial_per_category", "min_total"];
                let help = match crate::diagnostic::did_you_mean(&got, kinds) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "use no_failed, max_partial_per_category or min_total".to_string(),
                };
                v.error(
                    "unknown-gate",
                    &raw.kind,
                    format!("gate `{}` has an unknown kind `{got}`", raw.id.value),
                    &help,
                );
                None
            }
        };
        if let Some(kind) = kind {
            gates.push(Gate {
                id: raw.id.value,
                kind,
                basis,
            });
        }
    }
    let fallback = g.fallback.and_then(|f| {
        if is_slug(&f.value, 3, 64) {
            Some(f.value)
        } else {
            let got = f.value.clone();
            v.error(
                "bad-fallback",
                &f,
                format!("fallback `{got}` is not a catalog id"),
                "name the catalog of the programme's lower level by its version, e.g. `gacc-aeo-2026-certified`, or remove the line",
            );
            None
        }
    });
    Grading {
        levels,
        model,
        gates,
        fallback,
    }
}

fn item(v: &mut Validator, raw: &S<String>, criteria: &[Criterion]) -> Option<CriterionId> {
    match raw.value.parse::<CriterionId>() {
        Ok(id) if criteria.iter().any(|c| c.id == id) => Some(id),
        Ok(id) => {
            v.error(
                "finance-unknown-item",
                raw,
                format!("the finance rules name item {id}, which is not in the catalog"),
                "name an item of this catalog, quoted: \"(13)\"",
            );
            None
        }
        Err(message) => {
            v.error(
                "finance-unknown-item",
                raw,
                message,
                "quote the item: \"(13)\"",
            );
            None
        }
    }
}

fn figure(v: &mut Validator, raw: &S<String>) -> Option<Term> {
    let (negative, name) = match raw.value.trim().strip_prefix('-') {
        Some(rest) => (true, rest.trim()),
        None => (false, raw.value.trim()),
    };
    match name.parse::<Figure>() {
        Ok(figure) => Some(Term { figure, negative }),
        Err(_) => {
            let message = format!("`{name}` is not a figure an answers file can give");
            let help = match crate::diagnostic::did_you_mean(name, Figure::ids()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("figures are: {}", Figure::ids().join(", ")),
            };
            v.error("unknown-figure", raw, message, &help);
            None
        }
    }
}

fn op(v: &mut Validator, raw: &S<String>) -> Option<Op> {
    raw.value
        .parse::<Op>()
        .map_err(|_| {
            v.error(
                "unknown-operator",
                raw,
                format!("unknown operator `{}`", raw.value),
                "use le (at most), lt (below), ge (at least) or gt (above)",
            );
        })
        .ok()
}

fn number(v: &mut Validator, raw: &S<f64>) -> Option<i64> {
    let m = millionths(raw.value);
    if m.is_none() {
        v.error(
            "number-out-of-range",
            raw,
            format!(
                "the threshold {} is out of range: ctpat accepts decimals below 1000000000",
                raw.value
            ),
            "write the threshold as a plain decimal, e.g. 0.85 for 85%",
        );
    }
    m
}

fn test(v: &mut Validator, t: &RawTest) -> Option<Test> {
    let op = op(v, &t.op)?;
    let threshold = match (&t.value, &t.producer, &t.non_producer) {
        (Some(x), None, None) => Threshold::All(number(v, x)?),
        (None, Some(p), Some(n)) => Threshold::ByKind {
            producer: number(v, p)?,
            non_producer: number(v, n)?,
        },
        (value, producer, non_producer) => {
            let given: Vec<&str> = [
                (value.is_some(), "`value`"),
                (producer.is_some(), "`producer`"),
                (non_producer.is_some(), "`non_producer`"),
            ]
            .into_iter()
            .filter_map(|(set, name)| set.then_some(name))
            .collect();
            let given = if given.is_empty() {
                "no threshold".to_string()
            } else {
                given.join(" and ")
            };
            v.error(
                "bad-test",
                &t.op,
                format!("this test gives {given}: a test has one `value`, or both `producer` and `non_producer`"),
                "write e.g. { op: ge, value: 0.2 }, or { op: le, producer: 0.85, non_producer: 0.75 }",
            );
            return None;
        }
    };
    Some(Test { op, threshold })
}

fn ratio(v: &mut Validator, r: RawRatio) -> Option<Ratio> {
    let name = v.text(&r.name, &format!("the name of ratio `{}`", r.id.value));
    let numerator: Vec<Term> = r.numerator.iter().filter_map(|f| figure(v, f)).collect();
    let sum: Vec<Term> = r.denominator.iter().filter_map(|f| figure(v, f)).collect();
    let average: Vec<Term> = r
        .denominator_average
        .iter()
        .filter_map(|f| figure(v, f))
        .collect();
    if numerator.len() != r.numerator.len()
        || sum.len() != r.denominator.len()
        || average.len() != r.denominator_average.len()
    {
        return None;
    }
    if numerator.is_empty() {
        v.error(
            "bad-ratio",
            &r.id,
            format!("ratio `{}` has no numerator", r.id.value),
            "list the figures added up, e.g. numerator: [current_assets]",
        );
        return None;
    }
    let denominator = match (sum.is_empty(), average.is_empty()) {
        (true, true) => Denominator::None,
        (false, true) => Denominator::Sum(sum),
        (true, false) if average.iter().all(|t| !t.negative) => {
            Denominator::Average(average.into_iter().map(|t| t.figure).collect())
        }
        _ => {
            v.error(
                "bad-ratio",
                &r.id,
                format!(
                    "ratio `{}` gives both `denominator` and `denominator_average`, or subtracts in an average",
                    r.id.value
                ),
                "keep one of the two, with figures only",
            );
            return None;
        }
    };
    let test = test(v, &r.test)?;
    let also = match r.also {
        Some(a) => {
            let term = figure(v, &a.figure)?;
            Some((term.figure, op(v, &a.op)?, number(v, &a.value)?))
        }
        None => None,
    };
    Some(Ratio {
        id: r.id.value,
        name,
        numerator,
        denominator,
        test,
        also,
    })
}

pub(super) fn finance(v: &mut Validator, f: RawFinance, criteria: &[Criterion]) -> FinanceRules {
    let basis = v.text(&f.basis, "the finance basis");
    let audit_opinion = f.audit_opinion.and_then(|a| {
        let id = item(v, &a.item, criteria)?;
        let mut levels = Vec::new();
        for (opinion, status) in &a.levels {
            let o = opinion.parse::<AuditOpinion>();
            let s = Status::from_id(&status.value);
            match (o, s) {
                (Ok(o), Some(s)) => levels.push((o, s)),
                (Err(m), _) => v.error(
                    "bad-audit-levels",
                    status,
                    m,
                    "keys are unqualified, qualified, adverse and disclaimer",
                ),
                (_, None) => v.error(
                    "bad-audit-levels",
                    status,
                    format!("`{}` is not a status (opinion `{opinion}`)", status.value),
                    "use implemented, partial or not_implemented",
                ),
            }
        }
        if let Some(missing) = AuditOpinion::ALL
            .iter()
            .find(|o| !levels.iter().any(|(k, _)| k == *o))
        {
            v.error(
                "bad-audit-levels",
                &a.item,
                format!(
                    "the audit-opinion rule gives no status for `{}`",
                    missing.id()
                ),
                &format!(
                    "add `{}: <status>` under `levels` (implemented, partial or not_implemented); every opinion needs one",
                    missing.id()
                ),
            );
        }
        Some((id, levels))
    });
    let liquidation = f.liquidation.and_then(|l| item(v, &l.item, criteria));
    let mut groups = Vec::new();
    for g in f.groups {
        let id = item(v, &g.item, criteria);
        let name = v.text(
            &g.name,
            &format!("the name of finance group `{}`", g.id.value),
        );
        let count = u32::try_from(g.ratios.len()).unwrap_or(u32::MAX);
        if g.basically_at.value > g.meets_at.value || g.meets_at.value > count {
            v.error(
                "bad-ratio-group",
                &g.meets_at,
                format!(
                    "group `{}` has basically_at {} and meets_at {} for {count} ratio{}: it needs basically_at ≤ meets_at ≤ {count}",
                    g.id.value,
                    g.basically_at.value,
                    g.meets_at.value,
                    if count == 1 { "" } else { "s" }
                ),
                "meets_at is how many ratios must be met for `implemented`, basically_at for `partial`",
            );
        }
        let ratios: Vec<Ratio> = g.ratios.into_iter().filter_map(|r| ratio(v, r)).collect();
        if let Some(item) = id {
            groups.push(RatioGroup {
                id: g.id.value,
                item,
                name,
                meets_at: g.meets_at.value,
                basically_at: g.basically_at.value,
                ratios,
            });
        }
    }
    FinanceRules {
        basis,
        audit_opinion,
        liquidation,
        groups,
    }
}

/// Every item marked `computed:` has a rule in `finance:`, and every rule's item is marked.
pub(super) fn check_computed(
    v: &mut Validator,
    criteria: &[Criterion],
    rules: Option<&FinanceRules>,
) {
    let ruled = rules.map(FinanceRules::items).unwrap_or_default();
    for c in criteria {
        let marked = c.computed.is_some();
        let has_rule = ruled.contains(&c.id);
        if marked != has_rule {
            let (message, help) = if marked {
                (
                    format!(
                        "item {} is marked `computed`, but `finance:` has no rule for it, so it could never be computed",
                        c.id
                    ),
                    "give its rule under `finance:`, or remove `computed:` so the company answers it",
                )
            } else {
                (
                    format!(
                        "`finance:` computes item {}, but the item is not marked `computed`",
                        c.id
                    ),
                    "add `computed:` to the item (audit_opinion, solvency, profitability or liquidation), or remove its rule",
                )
            };
            v.out
                .push(Diagnostic::error("computed-mismatch", c.location, message).with_help(help));
        }
    }
}
