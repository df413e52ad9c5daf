//! Answer once, see both: a C-TPAT answers file turned into a China Customs (GACC) AEO
//! answers file through a crosswalk, and the two set side by side.
//!
//! [`crosswalk`] is the pure core of `ctpat crosswalk`. A crosswalk row is a guess about how
//! two programmes' items relate, so only a GACC item with exactly one `equal` row takes the
//! C-TPAT answer as it is; every other GACC item with a row arrives as a draft (no status),
//! `review: true`, quoting the C-TPAT answers in its note and listing their evidence. A guess
//! never becomes a status. [`side_by_side`] is the data of the report section `ctpat report
//! --also` adds. No I/O, no clock.

use crate::answers::{Answer, Answers, Draft, Evidence, MigratedFrom, Status};
use crate::calendar::Date;
use crate::criteria::{Catalog, CriterionId, Entity, Requirement};
use crate::mapping::{Mapping, Relation, Row, State, Stricter};
use crate::messages::Messages;
use crate::scoring::Assessment;
use crate::settings::fill;
use crate::text::Lang;
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Why a crosswalk cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CrosswalkError {
    /// The target catalog has no place for the company's entity type.
    #[error("criteria {version} do not cover entity type {entity}")]
    EntityNotCovered {
        /// The target catalog's version.
        version: String,
        /// The company's entity type.
        entity: String,
    },
}

/// What became of each target item, by bucket (ids in catalog order).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Plan {
    /// The C-TPAT version crosswalked from.
    pub from_version: String,
    /// The programme version crosswalked to.
    pub to_version: String,
    /// Items that took a C-TPAT answer as it is (one `equal` row).
    pub carried: Vec<CriterionId>,
    /// Items that arrived as drafts to review, quoting the C-TPAT answers.
    pub review: Vec<CriterionId>,
    /// Items with no C-TPAT counterpart (or none answered): left unanswered.
    pub unanswered: Vec<CriterionId>,
    /// Items computed from the `financials:` block, which C-TPAT does not ask for.
    pub computed: Vec<CriterionId>,
}

/// A C-TPAT answers file crosswalked to another programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crosswalked {
    /// The answers against the target catalog: `criteria_version` set to it, review flags in
    /// `kept.review`, the source in `kept.migrated_from`. They load and score like any.
    pub answers: Answers,
    /// What happened to each item.
    pub plan: Plan,
}

/// An entry of the source file: an answer or a draft.
fn source_entry(answers: &Answers, id: CriterionId) -> Option<(Option<Status>, Draft)> {
    if let Some(a) = answers.answers.get(&id) {
        return Some((
            Some(a.status),
            Draft {
                evidence: a.evidence.clone(),
                note: a.note.clone(),
                owner: a.owner.clone(),
                due: a.due.clone(),
            },
        ));
    }
    answers.kept.drafts.get(&id).map(|d| (None, d.clone()))
}

/// The rows into each target id, in mapping order.
fn rows_into(mapping: &Mapping) -> BTreeMap<CriterionId, Vec<&Row>> {
    let mut into: BTreeMap<CriterionId, Vec<&Row>> = BTreeMap::new();
    for r in &mapping.rows {
        let (Some(_), Some(to)) = (&r.from, &r.to) else {
            continue;
        };
        if let Ok(to) = to.parse::<CriterionId>() {
            into.entry(to).or_default().push(r);
        }
    }
    into
}

/// The words of a relation in a quote.
fn relation_words(msg: &Messages, r: &Row) -> String {
    let mut s = msg
        .get(&format!("crosswalk:relation-{}", r.relation.id()))
        .to_string();
    match r.stricter {
        Some(Stricter::To) => s.push_str(msg.get("crosswalk:stricter-to")),
        Some(Stricter::From) => s.push_str(msg.get("crosswalk:stricter-from")),
        None => {}
    }
    s
}

fn status_word(msg: &Messages, s: Option<Status>) -> &str {
    match s {
        Some(Status::Implemented) => msg.get("status:implemented"),
        Some(Status::Partial) => msg.get("status:partial"),
        Some(Status::NotImplemented) => msg.get("status:not_implemented"),
        Some(Status::NotApplicable) => msg.get("status:not_applicable"),
        None => msg.get("status:unanswered"),
    }
}

fn requirement_word(msg: &Messages, r: Requirement) -> &str {
    match r {
        Requirement::Must => msg.get("crosswalk:must"),
        Requirement::Should => msg.get("crosswalk:should"),
    }
}

/// Crosswalks `answers`, given against the C-TPAT catalog `msc`, to `target` through
/// `mapping` (rows from `msc` ids to `target` ids), on date `on`; `source_sha256` is the
/// SHA-256 of the source file's bytes. Notes are written in `msg`'s language.
///
/// - one row into a target item, `equal`, with an answer on the C-TPAT side: the answer
///   (status, evidence, note, owner, due) carries as it is — unless it is a not-applicable
///   without a note, which would not load on a mandatory item: that arrives to review;
/// - any other target item with a row whose C-TPAT criterion has an answer or a draft: a
///   draft with no status, `review: true`, its note quoting each C-TPAT answer (id,
///   requirement, relation, status, note) and its evidence every C-TPAT evidence item once;
/// - target items with no answered counterpart stay unanswered; computed items are left to
///   the `financials:` block.
///
/// The company, `assessed_on`, `assessor` and `financials` carry; C-TPAT waivers and best
/// practices do not (they are CBP's notions). `migrated_from` records the source version,
/// hash and date.
///
/// # Errors
/// [`CrosswalkError::EntityNotCovered`] when `target` has no item for the company's entity.
#[allow(clippy::too_many_lines)]
pub fn crosswalk(
    answers: &Answers,
    msc: &Catalog,
    target: &Catalog,
    mapping: &Mapping,
    on: Date,
    source_sha256: &str,
    msg: &Messages,
) -> Result<Crosswalked, CrosswalkError> {
    let entity = answers.company.entity;
    if !covers(target, entity) {
        return Err(CrosswalkError::EntityNotCovered {
            version: target.program.version.clone(),
            entity: entity.id().to_string(),
        });
    }
    let into = rows_into(mapping);
    let mut out = Answers {
        criteria_version: Some(target.program.version.clone()),
        answers: BTreeMap::new(),
        best_practices: Vec::new(),
        waivers: Vec::new(),
        kept: crate::answers::Kept::default(),
        ..answers.clone()
    };
    let mut plan = Plan {
        from_version: msc.program.version.clone(),
        to_version: target.program.version.clone(),
        ..Plan::default()
    };
    let mut review: BTreeSet<CriterionId> = BTreeSet::new();
    for item in target.applicable(entity) {
        if item.computed.is_some() {
            plan.computed.push(item.id);
            continue;
        }
        let rows = into.get(&item.id).map_or(&[][..], Vec::as_slice);
        // The rows whose C-TPAT side the company answered (or drafted), in C-TPAT order.
        let mut sources: Vec<(&Row, CriterionId, Option<Status>, Draft)> = rows
            .iter()
            .filter_map(|r| {
                let id = r.from.as_deref()?.parse::<CriterionId>().ok()?;
                let (status, draft) = source_entry(answers, id)?;
                Some((*r, id, status, draft))
            })
            .collect();
        sources.sort_by_key(|(_, id, ..)| *id);
        if sources.is_empty() {
            plan.unanswered.push(item.id);
            continue;
        }
        if let [(row, _, Some(status), draft)] = &sources[..] {
            let bare_na = *status == Status::NotApplicable
                && draft.note.as_deref().is_none_or(|n| n.trim().is_empty());
            if rows.len() == 1 && row.relation == Relation::Equal && !bare_na {
                out.answers
                    .insert(item.id, draft.clone().into_answer(*status));
                plan.carried.push(item.id);
                continue;
            }
        }
        let mut lines = vec![fill(
            msg.get("crosswalk:note-head"),
            &[("version", &msc.program.version)],
        )];
        let mut evidence: Vec<Evidence> = Vec::new();
        for (row, id, status, draft) in &sources {
            let requirement = msc
                .criterion(*id)
                .map_or("", |c| requirement_word(msg, c.requirement));
            let note = draft
                .note
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(|n| fill(msg.get("crosswalk:note-quote"), &[("note", n)]))
                .unwrap_or_default();
            lines.push(fill(
                msg.get("crosswalk:note-line"),
                &[
                    ("id", &id.to_string()),
                    ("requirement", requirement),
                    ("relation", &relation_words(msg, row)),
                    ("status", status_word(msg, *status)),
                    ("note", &note),
                ],
            ));
            for e in &draft.evidence {
                if !evidence.contains(e) {
                    evidence.push(e.clone());
                }
            }
        }
        out.kept.drafts.insert(
            item.id,
            Draft {
                evidence,
                note: Some(lines.join("\n")),
                owner: None,
                due: None,
            },
        );
        review.insert(item.id);
        plan.review.push(item.id);
    }
    out.kept.review = review;
    out.kept.migrated_from = Some(MigratedFrom {
        criteria_version: msc.program.version.clone(),
        sha256: source_sha256.to_string(),
        migrated_on: on.to_string(),
        answers: BTreeMap::new(),
        waivers: Vec::new(),
    });
    Ok(Crosswalked { answers: out, plan })
}

// ---- side by side ----------------------------------------------------------------------

/// Where an item stands in its own programme's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ItemStanding {
    /// The item's id.
    pub id: CriterionId,
    /// Its title.
    pub title: String,
    /// Its status as answered; none when unanswered.
    pub status: Option<Status>,
    /// The status in the programme's words (C-TPAT's status word; GACC's 达标 / 基本达标 /
    /// 不达标 / 不适用), or "unanswered".
    pub standing: String,
}

/// One C-TPAT criterion of a shared control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CtpatSide {
    /// Where it stands.
    #[serde(flatten)]
    pub item: ItemStanding,
    /// Must or Should.
    pub requirement: Requirement,
    /// How the GACC item relates to it (`equal`, `broader`, `narrower`, `related`).
    pub relation: Relation,
    /// The side that asks more, where one clearly does: `to` China, `from` C-TPAT.
    pub stricter: Option<Stricter>,
    /// Whether a person checked the row.
    pub reviewed: bool,
    /// The crosswalk's note on the row.
    pub note: Option<String>,
    /// Evidence items cited, word for word, on both sides of this row.
    pub shared_evidence: Vec<String>,
}

/// A control both programmes ask for: one GACC item and the C-TPAT criteria mapped to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SharedControl {
    /// The GACC item.
    pub gacc: ItemStanding,
    /// The C-TPAT criteria, in catalog order.
    pub ctpat: Vec<CtpatSide>,
}

/// An item with no counterpart in the other programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Unmatched {
    /// Its id.
    pub id: CriterionId,
    /// Its title.
    pub title: String,
    /// Where it stands.
    pub standing: String,
}

/// The side-by-side section of a report: a factory's standing in C-TPAT and in a GACC AEO
/// standard, control by control, through the crosswalk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SideBySide {
    /// The C-TPAT criteria version.
    pub ctpat_version: String,
    /// The other programme's catalog id.
    pub other_version: String,
    /// The other programme's name.
    pub other_name: String,
    /// Its indicative result: the tier's name (e.g. 高级认证企业（参考结论）).
    pub other_tier: String,
    /// Its indicative total, for a graded programme.
    pub other_total: Option<i64>,
    /// The pass line the total is held against, when the grading has one.
    pub pass_line: Option<u32>,
    /// Whether the other side was crosswalked from the C-TPAT answers for this report (its
    /// items are then drafts, unanswered) rather than read from the company's own file.
    pub crosswalked: bool,
    /// The other catalog's notice (secondary source, indicative only), when it has one.
    pub notice: Option<String>,
    /// Whether every row of the crosswalk is still a draft no person checked.
    pub draft: bool,
    /// The crosswalk's files (shipped, then the user's).
    pub mappings: Vec<String>,
    /// Per shared control, in GACC catalog order.
    pub controls: Vec<SharedControl>,
    /// Shared controls where China asks more (at least one row `stricter: to`).
    pub china_stricter: Vec<CriterionId>,
    /// C-TPAT criteria that ask more than their GACC item (a row `stricter: from`).
    pub ctpat_stricter: Vec<CriterionId>,
    /// Evidence items that serve both programmes (cited on both sides of a row), each once.
    pub shared_evidence: Vec<String>,
    /// Applicable C-TPAT criteria no row maps.
    pub ctpat_only: Vec<Unmatched>,
    /// Applicable GACC items no row maps (computed finance items included).
    pub gacc_only: Vec<Unmatched>,
}

/// An item's status in a file, as a scored answer or nothing.
fn status_in(answers: &Answers, id: CriterionId) -> Option<Status> {
    answers.answers.get(&id).map(|a| a.status)
}

fn ctpat_standing(msg: &Messages, s: Option<Status>) -> String {
    status_word(msg, s).to_string()
}

fn gacc_standing(msg: &Messages, catalog: &Catalog, s: Option<Status>, lang: Lang) -> String {
    match (s, &catalog.grading) {
        (Some(s), Some(g)) => g.levels.of(s).get(lang).to_string(),
        (s, _) => status_word(msg, s).to_string(),
    }
}

fn texts(a: Option<&Answer>) -> Vec<&str> {
    a.map(|a| a.evidence.iter().map(|e| e.text.as_str()).collect())
        .unwrap_or_default()
}

/// The side-by-side section: `ctpat_answers` against `msc`, `other_answers` against `other`
/// (a programme catalog), through `mapping` from `msc` to `other`, in `msg`'s language.
/// `other_assessment` is the other answers' assessment; `crosswalked` says they were made
/// from the C-TPAT answers for this report. Only scored answers count as standing (a draft
/// is unanswered); evidence is shared when the same text is cited on both sides of a row.
#[must_use]
#[allow(clippy::too_many_arguments, clippy::too_many_lines)]
pub fn side_by_side(
    msc: &Catalog,
    ctpat_answers: &Answers,
    other: &Catalog,
    other_answers: &Answers,
    other_assessment: &Assessment,
    crosswalked: bool,
    mapping: &Mapping,
    msg: &Messages,
) -> SideBySide {
    let lang = msg.lang();
    let into = rows_into(mapping);
    let ctpat_entity = ctpat_answers.company.entity;
    let other_entity = other_answers.company.entity;
    let mut controls = Vec::new();
    let mut china_stricter = Vec::new();
    let mut ctpat_stricter: BTreeSet<CriterionId> = BTreeSet::new();
    let mut shared_all: Vec<String> = Vec::new();
    let mut mapped_from: BTreeSet<CriterionId> = BTreeSet::new();
    let mut gacc_only = Vec::new();
    for item in other.applicable(other_entity) {
        let status = status_in(other_answers, item.id);
        let gacc = ItemStanding {
            id: item.id,
            title: item.title.get(lang).to_string(),
            status,
            standing: gacc_standing(msg, other, status, lang),
        };
        let mut sides: Vec<CtpatSide> = into
            .get(&item.id)
            .into_iter()
            .flatten()
            .filter_map(|r| {
                let id = r.from.as_deref()?.parse::<CriterionId>().ok()?;
                let c = msc.criterion(id).filter(|c| c.applies(ctpat_entity))?;
                mapped_from.insert(id);
                let status = status_in(ctpat_answers, id);
                let theirs = texts(other_answers.answers.get(&item.id));
                let shared: Vec<String> = texts(ctpat_answers.answers.get(&id))
                    .into_iter()
                    .filter(|t| theirs.contains(t))
                    .map(str::to_string)
                    .collect();
                Some(CtpatSide {
                    item: ItemStanding {
                        id,
                        title: c.title.get(lang).to_string(),
                        status,
                        standing: ctpat_standing(msg, status),
                    },
                    requirement: c.requirement,
                    relation: r.relation,
                    stricter: r.stricter,
                    reviewed: r.state == State::Reviewed,
                    note: r.note.clone(),
                    shared_evidence: shared,
                })
            })
            .collect();
        if sides.is_empty() {
            gacc_only.push(Unmatched {
                id: item.id,
                title: gacc.title,
                standing: gacc.standing,
            });
            continue;
        }
        sides.sort_by_key(|s| s.item.id);
        if sides.iter().any(|s| s.stricter == Some(Stricter::To)) {
            china_stricter.push(item.id);
        }
        for s in &sides {
            if s.stricter == Some(Stricter::From) {
                ctpat_stricter.insert(s.item.id);
            }
            for e in &s.shared_evidence {
                if !shared_all.contains(e) {
                    shared_all.push(e.clone());
                }
            }
        }
        controls.push(SharedControl { gacc, ctpat: sides });
    }
    let ctpat_only = msc
        .applicable(ctpat_entity)
        .filter(|c| !mapped_from.contains(&c.id))
        .map(|c| {
            let status = status_in(ctpat_answers, c.id);
            Unmatched {
                id: c.id,
                title: c.title.get(lang).to_string(),
                standing: ctpat_standing(msg, status),
            }
        })
        .collect();
    SideBySide {
        ctpat_version: msc.program.version.clone(),
        other_version: other.program.version.clone(),
        other_name: other.program.name.get(lang).to_string(),
        other_tier: other
            .tiers
            .iter()
            .find(|t| t.id == other_assessment.tier.id)
            .map_or_else(
                || other_assessment.tier.id.clone(),
                |t| t.name.get(lang).to_string(),
            ),
        other_total: other_assessment.grade.as_ref().map(|g| g.total),
        pass_line: other.grading.as_ref().and_then(|g| {
            g.gates.iter().find_map(|gate| match gate.kind {
                crate::grading::GateKind::MinTotal { total } => Some(total),
                _ => None,
            })
        }),
        crosswalked,
        notice: other
            .program
            .notice
            .as_ref()
            .map(|n| n.get(lang).to_string()),
        draft: mapping.rows.iter().any(|r| r.state == State::Draft),
        mappings: mapping.overrides.clone(),
        controls,
        china_stricter,
        ctpat_stricter: ctpat_stricter.into_iter().collect(),
        shared_evidence: shared_all,
        ctpat_only,
        gacc_only,
    }
}

/// Whether `entity` has any item in `catalog` (a programme may cover only some types).
#[must_use]
pub fn covers(catalog: &Catalog, entity: Entity) -> bool {
    catalog.applicable(entity).next().is_some()
}

#[cfg(test)]
mod tests;
