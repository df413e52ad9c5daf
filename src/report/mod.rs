//! The assessment report as data: what every output format renders.
//!
//! [`Report::build`] joins the catalog's texts, the company's answers and the scoring
//! result into one serializable struct in one language. Its JSON form is the `ctpat-report/1`
//! format, described by [`json_schema`]; [`render`] turns it into any [`Format`] (terminal,
//! Markdown, HTML, JSON, CSV). Pure: no I/O, no clock, so the same input gives the same bytes.

use crate::answers::{Answers, Evidence, Status};
use crate::coverage::ListCoverage;
use crate::criteria::{Catalog, Coverage, CriterionId, Entity, Requirement};
use crate::messages::Messages;
use crate::scoring::{
    Assessment, Blocker, Counts, CriterionResult, Freshness, Reason, Score, Standing,
    WaiverOutcome, WaiverState,
};
use crate::text::Lang;
use schemars::JsonSchema;
use serde::Serialize;
use sha2::{Digest as _, Sha256};
use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::str::FromStr;

pub(crate) mod aging;
pub(crate) mod also;
pub mod csv;
pub mod docx;
pub mod grade;
pub mod html;
pub mod markdown;
pub mod terminal;

/// The report format tag.
pub const FORMAT_TAG: &str = "ctpat-report/1";

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Report {
    /// Always [`FORMAT_TAG`].
    #[schemars(extend("const" = FORMAT_TAG))]
    pub format: &'static str,
    /// The program that made it.
    pub generator: Generator,
    /// The language of every text in it.
    pub lang: Lang,
    /// The company.
    pub company: CompanyPart,
    /// When the assessment was made, as the answers say.
    pub assessed_on: Option<String>,
    /// The date the assessment is as of (`YYYY-MM-DD`): evidence ages and waivers expire
    /// against it.
    pub as_of: String,
    /// Who made it.
    pub assessor: Option<String>,
    /// The criteria used.
    pub criteria: CriteriaPart,
    /// The programme of the criteria, when it is not the C-TPAT MSC (`gacc-aeo`); absent for
    /// the MSC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programme: Option<String>,
    /// What the catalog says about where its content comes from, when it was encoded from a
    /// secondary source: every result on it is indicative. Absent for an official catalog.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    /// The tier recommendation.
    pub tier: TierPart,
    /// The grade, for a catalog graded by result levels (China Customs' AEO standards):
    /// total against the pass line, model, gates, counts. Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<grade::GradePart>,
    /// The items computed from the answers file's `financials:`, for a catalog that computes
    /// some. Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub computed: Option<grade::ComputedPart>,
    /// Overall score.
    pub score: ScorePart,
    /// Standings over all applicable criteria.
    pub counts: Counts,
    /// Per focus area.
    pub focus_areas: Vec<AreaPart>,
    /// Per category.
    pub categories: Vec<CategoryPart>,
    /// Gaps: Musts first, then Shoulds, each in catalog order.
    pub gaps: Vec<GapPart>,
    /// Best practices claimed.
    pub best_practices: Vec<PracticePart>,
    /// Evidence ages on the as-of date: the rules, counts, and the items expiring soon, aged
    /// out, or undated where the criterion recurs.
    pub freshness: FreshnessPart,
    /// Waivers (accepted risks) and where each stands on the as-of date.
    pub waivers: Vec<WaiverPart>,
    /// The evidence register: every applicable criterion that is implemented or justified as
    /// not applicable, in catalog order, with the evidence or justification the answers give.
    /// With `gaps` it covers every applicable criterion, so the score can be re-derived.
    pub register: Vec<RegisterPart>,
    /// What the report was made from: versions, input hashes and the scoring model.
    pub manifest: Manifest,
    /// The side-by-side section (`ctpat report --also`): the company's standing in another
    /// programme, control by control through a crosswalk.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub also: Option<crate::crosswalk::SideBySide>,
}

/// One criterion of the evidence register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RegisterPart {
    /// Criterion id.
    pub id: CriterionId,
    /// Must or Should.
    pub requirement: Requirement,
    /// `implemented` or `not_applicable`.
    pub status: Standing,
    /// Category number.
    pub category: u16,
    /// Criterion title.
    pub title: String,
    /// Evidence the answers cite.
    pub evidence: Vec<Evidence>,
    /// How current the evidence is on the as-of date.
    pub freshness: Freshness,
    /// The last day the freshest evidence holds (or, when stale, held), when it ends.
    pub evidence_until: Option<String>,
    /// The company's note (the justification, for not applicable).
    pub note: Option<String>,
}

/// Evidence ages on the as-of date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct FreshnessPart {
    /// Evidence ending within this many days is `expiring`.
    pub expiring_within_days: u32,
    /// How long evidence of each recurrence stays fresh, and why.
    pub rules: Vec<AgeRulePart>,
    /// Applicable criteria by freshness.
    pub counts: FreshnessCounts,
    /// Evidence that ages out within the window, soonest first.
    pub expiring: Vec<AgeItemPart>,
    /// Evidence that has aged out, oldest first.
    pub stale: Vec<AgeItemPart>,
    /// Implemented criteria that recur but whose evidence has no date, in catalog order.
    pub undated: Vec<CriterionId>,
}

/// One evidence-age rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AgeRulePart {
    /// The recurrence (`annual`, `periodic`, ...).
    pub recurrence: &'static str,
    /// Months evidence stays fresh; `null`: no limit.
    pub months: Option<u32>,
    /// Where the rule comes from.
    pub basis: String,
    /// The sentence.
    pub message: String,
}

/// Applicable criteria counted by freshness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct FreshnessCounts {
    /// Fresh.
    pub fresh: usize,
    /// Expiring.
    pub expiring: usize,
    /// Undated.
    pub undated: usize,
    /// Stale.
    pub stale: usize,
    /// No evidence.
    pub none: usize,
}

/// A criterion whose evidence ages out soon, or has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AgeItemPart {
    /// Criterion id.
    pub id: CriterionId,
    /// Must or Should.
    pub requirement: Requirement,
    /// Criterion title.
    pub title: String,
    /// The evidence item that decides it.
    pub evidence: String,
    /// The last day it holds (held).
    pub until: String,
    /// The sentence.
    pub message: String,
}

/// A waiver and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct WaiverPart {
    /// The criterion waived.
    pub criterion: CriterionId,
    /// Its requirement level, when the criterion applies.
    pub requirement: Option<Requirement>,
    /// Criterion title.
    pub title: String,
    /// `active`, `expiring` or `expired` on the as-of date.
    pub state: WaiverState,
    /// What the waiver does: `accepted` (a Should, not blocking), `not-met` (a Must: CBP does
    /// not waive it, it still blocks), `expired` (counts as the gap again), `not-needed` (the
    /// criterion is implemented or not applicable) or `not-applicable` (the criterion does not
    /// apply to the entity type).
    pub effect: &'static str,
    /// Why the risk is accepted.
    pub justification: String,
    /// Who approved it.
    pub approved_by: Option<String>,
    /// When.
    pub approved_on: Option<String>,
    /// The last day it holds.
    pub expires: Option<String>,
    /// What reduces the risk meanwhile.
    pub compensating_controls: Vec<String>,
    /// Evidence of the decision.
    pub evidence: Vec<Evidence>,
    /// The sentence.
    pub message: String,
}

/// What a report was made from, so anyone can check and re-derive it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Manifest {
    /// ctpat's version.
    pub ctpat_version: &'static str,
    /// The criteria version scored against.
    pub criteria_version: String,
    /// The date the report is as of: rerun with `--as-of` this date to reproduce it.
    pub as_of: String,
    /// How complete the criteria list for the entity type is.
    pub coverage: Coverage,
    /// SHA-256 (lower-case hex) of the criteria file's bytes; `null` when not supplied.
    pub criteria_sha256: Option<String>,
    /// SHA-256 (lower-case hex) of the answers file's bytes; `null` when not supplied.
    pub answers_sha256: Option<String>,
    /// The tailoring file's name; absent without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tailoring: Option<String>,
    /// SHA-256 (lower-case hex) of the tailoring file's text; absent without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tailoring_sha256: Option<String>,
    /// The scoring model of the criteria file.
    pub scoring: ScoringModelPart,
}

/// The scoring model: points per standing, weights per requirement level.
///
/// A criterion earns `points × weight`; its possible points are `implemented × weight`;
/// not applicable criteria leave the denominator; a score is `earned / possible`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ScoringModelPart {
    /// Points for an implemented criterion.
    pub implemented: u32,
    /// Points for a partly implemented criterion.
    pub partial: u32,
    /// Points for a criterion not implemented or unanswered.
    pub not_implemented: u32,
    /// Weight of a Must.
    pub must_weight: u32,
    /// Weight of a Should.
    pub should_weight: u32,
}

/// Who made the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Generator {
    /// `ctpat`.
    pub name: &'static str,
    /// ctpat's version.
    pub version: &'static str,
}

/// The company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CompanyPart {
    /// Legal name.
    pub name: String,
    /// Entity type id.
    pub entity: Entity,
    /// Entity type's display name.
    pub entity_name: String,
    /// Country code.
    pub country: Option<String>,
}

/// The criteria used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CriteriaPart {
    /// Program name.
    pub name: String,
    /// `YYYY.MM`.
    pub version: String,
    /// Effective date.
    pub effective: String,
    /// How complete the catalog's list for the entity type is: `cross_checked`, `partial`,
    /// `core_only` or `member_profile`.
    pub coverage: Coverage,
    /// The coverage's short name.
    pub coverage_name: String,
    /// How many criteria the list holds for the entity type.
    pub count: usize,
    /// When the result is provisional: what the list is, that CBP's document holds more, and
    /// how to fix it. `null` otherwise.
    pub coverage_notice: Option<String>,
    /// What a tailoring file changed for this entity type; absent without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tailoring: Option<TailoringPart>,
}

/// What a tailoring file changed for the company's entity type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TailoringPart {
    /// The file's name (without its folder).
    pub file: String,
    /// Its title, if it has one.
    pub title: Option<String>,
    /// Whether it lists the member's whole CTPAT Portal profile for this entity type.
    pub profile: bool,
    /// CBP criteria added to the entity type's list.
    pub added: Vec<CriterionId>,
    /// CBP criteria taken off it.
    pub removed: Vec<CriterionId>,
    /// Applicable criteria changed to Must.
    pub to_must: Vec<CriterionId>,
    /// Applicable criteria changed to Should.
    pub to_should: Vec<CriterionId>,
    /// Applicable house criteria (the tailoring's own).
    pub house: Vec<CriterionId>,
    /// The changes in one sentence, in the report's language.
    pub summary: String,
}

/// A sentence with the stable code it was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ReasonPart {
    /// Stable code.
    pub code: &'static str,
    /// Criteria concerned.
    pub criteria: Vec<CriterionId>,
    /// How many.
    pub count: usize,
    /// Out of how many.
    pub total: usize,
    /// The sentence.
    pub message: String,
}

/// One blocker of the next tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct BlockerPart {
    /// What is missing (see [`Blocker::missing`]).
    pub missing: &'static str,
    /// The criterion, if about one.
    pub criterion: Option<CriterionId>,
    /// Its requirement level.
    pub requirement: Option<Requirement>,
    /// Its standing.
    pub status: Option<Standing>,
    /// For `fresh-evidence`: the evidence that aged out and the last day it held.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aged_out: Option<AgedOutPart>,
    /// The state of the criterion's waiver, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiver: Option<WaiverState>,
    /// The sentence.
    pub message: String,
}

/// Evidence that aged out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AgedOutPart {
    /// The evidence item.
    pub evidence: String,
    /// The last day it held.
    pub until: String,
}

/// The next tier and what blocks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct NextPart {
    /// Tier id.
    pub id: String,
    /// Tier name.
    pub name: String,
    /// Everything that blocks it.
    pub blockers: Vec<BlockerPart>,
}

/// The tier recommendation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TierPart {
    /// Tier id (`not_ready`, `tier_1`, `tier_2`, `tier_3`).
    pub id: String,
    /// Name fitting the entity type; when provisional, it says so and on how many criteria.
    pub name: String,
    /// True when the criteria list is not the entity type's full list (coverage `partial`
    /// or `core_only`): the tier may fall once the missing criteria are scored.
    pub provisional: bool,
    /// What it means.
    pub summary: String,
    /// Whether CBP tiers this entity type.
    pub cbp_tiers: bool,
    /// Said when CBP does not tier this entity type, or always: tiers are CBP's to give.
    pub notice: String,
    /// Why this tier.
    pub reasons: Vec<ReasonPart>,
    /// The next tier, if any.
    pub next: Option<NextPart>,
}

/// A score with its percentage.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ScorePart {
    /// Percentage, one decimal.
    pub percent: f64,
    /// Points earned (doubled integers).
    pub earned: u64,
    /// Points possible.
    pub possible: u64,
    /// Percentage over Musts only.
    pub must_percent: f64,
}

/// A focus area's score.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AreaPart {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Percentage.
    pub percent: f64,
    /// Points earned.
    pub earned: u64,
    /// Points possible.
    pub possible: u64,
    /// Standings.
    pub counts: Counts,
}

/// A category's score.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CategoryPart {
    /// Number.
    pub number: u16,
    /// Name.
    pub name: String,
    /// Focus area id.
    pub focus_area: String,
    /// Percentage.
    pub percent: f64,
    /// Points earned.
    pub earned: u64,
    /// Points possible.
    pub possible: u64,
    /// Standings.
    pub counts: Counts,
}

/// One gap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct GapPart {
    /// Criterion id.
    pub id: CriterionId,
    /// Must or Should.
    pub requirement: Requirement,
    /// Partial, not implemented, unanswered.
    pub status: Standing,
    /// Category number.
    pub category: u16,
    /// Category name.
    pub category_name: String,
    /// Criterion title.
    pub title: String,
    /// The question.
    pub question: String,
    /// What good looks like.
    pub hint: String,
    /// Evidence a validator will ask for.
    pub evidence_expected: Vec<String>,
    /// The company's note.
    pub note: Option<String>,
    /// Evidence the answers cite so far.
    pub evidence: Vec<Evidence>,
    /// How current that evidence is on the as-of date.
    pub freshness: Freshness,
    /// The state of its waiver, when it has one.
    pub waiver: Option<WaiverState>,
    /// Owner.
    pub owner: Option<String>,
    /// Due date.
    pub due: Option<String>,
}

/// A claimed best practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PracticePart {
    /// Title.
    pub title: String,
    /// Criteria it goes beyond.
    pub criteria: Vec<CriterionId>,
    /// Meets all five elements with evidence.
    pub qualifies: bool,
    /// Elements it lacks.
    pub missing: Vec<&'static str>,
    /// Evidence cited.
    pub evidence: Vec<String>,
}

fn percent(s: &Score) -> f64 {
    s.percent()
}

/// Replaces `{name}` placeholders in a template, in one pass ([`crate::diagnostic::fill`]).
fn fill(template: &str, values: &[(&str, String)]) -> String {
    crate::diagnostic::fill(template, values)
}

/// How many ids a sentence lists before it says how many more there are.
const IDS_IN_SENTENCE: usize = 12;

/// The first ids of a sentence and how many more, punctuated for the language: English
/// `1.3, 1.4, and 47 more`, Chinese `1.3、1.4 等另外 47 项` (not `1.3, 1.4, 等另外 47 项`).
fn join_ids(ids: &[CriterionId], msg: &Messages) -> String {
    let mut text = ids
        .iter()
        .take(IDS_IN_SENTENCE)
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(msg.get("report:ids-separator"));
    if ids.len() > IDS_IN_SENTENCE {
        let more = (ids.len() - IDS_IN_SENTENCE).to_string();
        text.push_str(&crate::diagnostic::fill(
            msg.get("report:ids-more"),
            &[("count", &more)],
        ));
    }
    text
}

impl Report {
    /// Builds the report in `msg`'s language.
    #[must_use]
    pub fn build(
        catalog: &Catalog,
        answers: &Answers,
        assessment: &Assessment,
        msg: &Messages,
    ) -> Report {
        let msg = &msg.for_catalog(catalog);
        let lang = msg.lang();
        let entity = assessment.entity;
        let entity_info = catalog.entity(entity);
        let list = ListCoverage::of(catalog, entity, msg);
        let cbp_tiers = assessment.tier.cbp_tiers;
        let tier_name = |id: &str| {
            catalog.tier(id).map_or_else(
                || id.to_string(),
                |t| t.name_for(cbp_tiers).get(lang).to_string(),
            )
        };
        let reasons = assessment
            .tier
            .reasons
            .iter()
            .map(|r: &Reason| ReasonPart {
                code: r.code,
                criteria: r.criteria.clone(),
                count: r.count,
                total: r.total,
                message: fill(
                    msg.get(&format!("reason:{}", r.code)),
                    &[
                        ("count", r.count.to_string()),
                        ("total", r.total.to_string()),
                        ("ids", join_ids(&r.criteria, msg)),
                    ],
                ),
            })
            .collect();
        let next = assessment.tier.next.as_ref().map(|id| NextPart {
            id: id.clone(),
            name: tier_name(id),
            blockers: assessment
                .tier
                .blockers
                .iter()
                .map(|b: &Blocker| blocker_part(catalog, b, msg))
                .collect(),
        });
        let results: BTreeMap<CriterionId, &CriterionResult> =
            assessment.results.iter().map(|r| (r.id, r)).collect();
        let freshness_of = |id: CriterionId| {
            results
                .get(&id)
                .map_or(Freshness::None, |r| r.age.freshness)
        };
        let tier = catalog.tier(&assessment.tier.id);
        let notice = if cbp_tiers {
            msg.get("tier:notice-cbp").to_string()
        } else {
            fill(
                msg.get("tier:notice-not-tiered"),
                &[(
                    "entity",
                    entity_info
                        .map_or_else(|| entity.id().to_string(), |e| e.name.get(lang).to_string()),
                )],
            )
        };
        let grade = catalog
            .grading
            .as_ref()
            .zip(assessment.grade.as_ref())
            .map(|(rules, g)| {
                let mut part = grade::grade_part(catalog, rules, g, entity, msg);
                part.lower = assessment
                    .lower
                    .as_ref()
                    .and_then(|l| lower_part(catalog, l, msg));
                part
            });
        let computed = grade.as_ref().and_then(|g| {
            grade::computed_part(catalog, answers, &assessment.computed, &g.levels, msg)
        });
        Report {
            format: FORMAT_TAG,
            programme: (!catalog.program.is_msc()).then(|| catalog.program.programme.clone()),
            notice: list.source_notice.clone(),
            grade,
            computed,
            generator: Generator {
                name: "ctpat",
                version: env!("CARGO_PKG_VERSION"),
            },
            lang,
            company: CompanyPart {
                name: answers.company.name.clone(),
                entity,
                entity_name: entity_info
                    .map_or_else(|| entity.id().to_string(), |e| e.name.get(lang).to_string()),
                country: answers.company.country.clone(),
            },
            assessed_on: answers.assessed_on.clone(),
            as_of: assessment.as_of.clone(),
            assessor: answers.assessor.clone(),
            criteria: CriteriaPart {
                name: catalog.program.name.get(lang).to_string(),
                version: catalog.program.version.clone(),
                effective: catalog.program.effective.clone(),
                coverage: list.coverage,
                coverage_name: list.label(msg).to_string(),
                count: list.count,
                coverage_notice: list.notice(msg),
                tailoring: catalog
                    .tailoring
                    .as_ref()
                    .map(|t| tailoring_part(t, catalog, entity, msg)),
            },
            tier: TierPart {
                id: assessment.tier.id.clone(),
                name: list.tier_name(&tier_name(&assessment.tier.id), msg),
                provisional: list.is_provisional(),
                summary: tier.map_or_else(String::new, |t| t.summary.get(lang).to_string()),
                cbp_tiers,
                notice,
                reasons,
                next,
            },
            score: ScorePart {
                percent: percent(&assessment.score),
                earned: assessment.score.earned,
                possible: assessment.score.possible,
                must_percent: percent(&assessment.must_score),
            },
            counts: assessment.counts,
            focus_areas: assessment
                .focus_areas
                .iter()
                .map(|f| AreaPart {
                    id: f.id.clone(),
                    name: catalog
                        .focus_area(&f.id)
                        .map_or_else(|| f.id.clone(), |a| a.name.get(lang).to_string()),
                    percent: percent(&f.score),
                    earned: f.score.earned,
                    possible: f.score.possible,
                    counts: f.counts,
                })
                .collect(),
            categories: assessment
                .categories
                .iter()
                .map(|k| CategoryPart {
                    number: k.number,
                    name: catalog
                        .category(k.number)
                        .map_or_else(String::new, |c| c.name.get(lang).to_string()),
                    focus_area: k.focus_area.clone(),
                    percent: percent(&k.score),
                    earned: k.score.earned,
                    possible: k.score.possible,
                    counts: k.counts,
                })
                .collect(),
            gaps: assessment
                .gaps
                .iter()
                .map(|g| {
                    let c = catalog.criterion(g.id);
                    GapPart {
                        id: g.id,
                        requirement: g.requirement,
                        status: g.status,
                        category: g.category,
                        category_name: catalog
                            .category(g.category)
                            .map_or_else(String::new, |k| k.name.get(lang).to_string()),
                        title: c.map_or_else(String::new, |c| c.title.get(lang).to_string()),
                        question: c.map_or_else(String::new, |c| c.question.get(lang).to_string()),
                        hint: c.map_or_else(String::new, |c| c.guidance.good.get(lang).to_string()),
                        evidence_expected: c
                            .map(|c| {
                                c.guidance
                                    .evidence
                                    .iter()
                                    .map(|e| e.get(lang).to_string())
                                    .collect()
                            })
                            .unwrap_or_default(),
                        note: g.note.clone(),
                        evidence: answers
                            .answers
                            .get(&g.id)
                            .map(|a| a.evidence.clone())
                            .unwrap_or_default(),
                        freshness: freshness_of(g.id),
                        waiver: g.waiver.as_ref().map(|w| w.state),
                        owner: g.owner.clone(),
                        due: g.due.clone(),
                    }
                })
                .collect(),
            best_practices: answers
                .best_practices
                .iter()
                .map(|b| PracticePart {
                    title: b.title.clone(),
                    criteria: b.criteria.clone(),
                    qualifies: b.qualifies(),
                    missing: b.missing_elements(),
                    evidence: b.evidence.clone(),
                })
                .collect(),
            freshness: freshness_part(catalog, assessment, msg),
            waivers: waiver_parts(catalog, answers, assessment, msg),
            register: catalog
                .applicable(entity)
                .filter_map(|c| {
                    let a = answers.answers.get(&c.id)?;
                    let status = match a.status {
                        Status::Implemented => Standing::Implemented,
                        Status::NotApplicable => Standing::NotApplicable,
                        Status::Partial | Status::NotImplemented => return None,
                    };
                    Some(RegisterPart {
                        id: c.id,
                        requirement: c.requirement,
                        status,
                        category: c.category,
                        title: c.title.get(lang).to_string(),
                        evidence: a.evidence.clone(),
                        freshness: freshness_of(c.id),
                        evidence_until: results.get(&c.id).and_then(|r| r.age.until.clone()),
                        note: a.note.clone(),
                    })
                })
                .collect(),
            manifest: Manifest {
                ctpat_version: env!("CARGO_PKG_VERSION"),
                criteria_version: catalog.program.version.clone(),
                as_of: assessment.as_of.clone(),
                coverage: list.coverage,
                criteria_sha256: None,
                answers_sha256: None,
                tailoring: catalog.tailoring.as_ref().map(|t| t.name.clone()),
                tailoring_sha256: catalog.tailoring.as_ref().map(|t| t.sha256.clone()),
                scoring: ScoringModelPart {
                    implemented: catalog.scoring.points.implemented,
                    partial: catalog.scoring.points.partial,
                    not_implemented: catalog.scoring.points.not_implemented,
                    must_weight: catalog.scoring.weights.must,
                    should_weight: catalog.scoring.weights.should,
                },
            },
            also: None,
        }
    }

    /// Records the SHA-256 of the exact bytes the report was made from: the criteria file
    /// (for the embedded catalog, its embedded text) and the answers file.
    #[must_use]
    pub fn with_input_hashes(mut self, criteria: &[u8], answers: &[u8]) -> Report {
        self.manifest.criteria_sha256 = Some(crate::criteria::sha256(criteria));
        self.manifest.answers_sha256 = Some(sha256_hex(answers));
        self
    }

    /// Whether `id` is an item customs checks in its own records, so the answer is the
    /// company's declaration (graded catalogs only).
    #[must_use]
    pub fn declared(&self, id: CriterionId) -> bool {
        self.grade
            .as_ref()
            .is_some_and(|g| g.customs_records.contains(&id))
    }

    /// The action plan: every gap, Musts first; within each level the gaps with an owner
    /// (by due date, undated last), then the unassigned ones; ties in catalog order.
    #[must_use]
    pub fn action_plan(&self) -> Vec<&GapPart> {
        let mut plan: Vec<&GapPart> = self.gaps.iter().collect();
        // Stable, so catalog order breaks ties; `None` sorts after every date.
        plan.sort_by(|a, b| {
            (a.requirement, a.owner.is_none(), a.due.is_none(), &a.due).cmp(&(
                b.requirement,
                b.owner.is_none(),
                b.due.is_none(),
                &b.due,
            ))
        });
        plan
    }
}

/// The lower level's result as the report shows it, named from its shipped catalog (`None`
/// when that catalog is not shipped, which the assessment already rules out).
fn lower_part(
    upper: &Catalog,
    lower: &crate::scoring::LowerStandard,
    msg: &Messages,
) -> Option<grade::LowerPart> {
    let lang = msg.lang();
    let catalog = crate::criteria::embedded::catalog(&lower.version)?.ok()?;
    let msg = &msg.for_catalog(&catalog);
    let name = |c: &Catalog, id: &str| {
        c.tier(id)
            .map_or_else(|| id.to_string(), |t| t.name.get(lang).to_string())
    };
    let tier_name = name(&catalog, &lower.tier);
    let pass_line = catalog.grading.as_ref().and_then(grade::pass_line);
    let standard = catalog.program.name.get(lang).to_string();
    let line = if lower.passes {
        // The upper ladder's top rung is the level not reached.
        let top = upper
            .tiers
            .last()
            .map_or_else(String::new, |t| name(upper, &t.id));
        let (reached, missed) = grade::without_shared_qualifier(&tier_name, &top);
        fill(
            msg.get("grade:lower-reached"),
            &[
                ("lower", reached.to_string()),
                ("upper", missed.to_string()),
            ],
        )
    } else {
        fill(
            msg.get("grade:lower-not-reached"),
            &[
                ("standard", standard.clone()),
                ("total", lower.total.to_string()),
                ("line", pass_line.map(|l| l.to_string()).unwrap_or_default()),
            ],
        )
    };
    let total_line = fill(
        msg.get("grade:total-short"),
        &[
            ("total", lower.total.to_string()),
            ("line", pass_line.map(|l| l.to_string()).unwrap_or_default()),
        ],
    );
    let review_line = (!lower.review.is_empty()).then(|| {
        fill(
            msg.get("grade:lower-review"),
            &[("ids", join_ids(&lower.review, msg))],
        )
    });
    Some(grade::LowerPart {
        version: lower.version.clone(),
        standard,
        tier: lower.tier.clone(),
        tier_name,
        gates_hold: lower.passes,
        total: lower.total,
        pass_line,
        review: lower.review.clone(),
        blockers: lower
            .blockers
            .iter()
            .map(|b| blocker_part(&catalog, b, msg))
            .collect(),
        line,
        total_line,
        review_line,
    })
}

/// One blocker of a tier as the report shows it, its sentence in `msg`'s language.
fn blocker_part(catalog: &Catalog, b: &Blocker, msg: &Messages) -> BlockerPart {
    let lang = msg.lang();
    let title = |id: CriterionId| {
        catalog
            .criterion(id)
            .map_or_else(String::new, |c| c.title.get(lang).to_string())
    };

    let criterion = b.criterion.and_then(|id| catalog.criterion(id));
    let aged = b.aged_out.as_ref();
    let mut message = fill(
        msg.get(&format!("blocker:{}", b.missing)),
        &[
            ("id", b.criterion.map(|i| i.to_string()).unwrap_or_default()),
            ("title", b.criterion.map(title).unwrap_or_default()),
            (
                "status",
                b.status
                    .map(|s| msg.get(&format!("status:{}", s.id())).to_string())
                    .unwrap_or_default(),
            ),
            ("practice", b.practice.clone().unwrap_or_default()),
            (
                "elements",
                msg.list(
                    &b.elements
                        .iter()
                        .map(|e| msg.get(&format!("element:{e}")).to_string())
                        .collect::<Vec<_>>(),
                ),
            ),
            ("evidence", aged.map(|a| a.0.clone()).unwrap_or_default()),
            ("until", aged.map(|a| a.1.clone()).unwrap_or_default()),
            (
                "article",
                b.gate
                    .as_ref()
                    .and_then(|g| g.category)
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
            ),
            (
                "article_name",
                b.gate
                    .as_ref()
                    .and_then(|g| g.category)
                    .and_then(|n| catalog.category(n))
                    .map(|k| k.name.get(lang).to_string())
                    .unwrap_or_default(),
            ),
            (
                "count",
                b.gate
                    .as_ref()
                    .map(|g| g.count.to_string())
                    .unwrap_or_default(),
            ),
            (
                "limit",
                b.gate
                    .as_ref()
                    .map(|g| g.limit.to_string())
                    .unwrap_or_default(),
            ),
            ("why", b.why.clone().unwrap_or_default()),
        ],
    );
    if let Some(w) = &b.waiver {
        message.push_str(&waiver_suffix(msg, w, criterion.map(|c| c.requirement)));
    }
    BlockerPart {
        missing: b.missing,
        criterion: b.criterion,
        requirement: criterion.map(|c| c.requirement),
        status: b.status,
        aged_out: aged.map(|(evidence, until)| AgedOutPart {
            evidence: evidence.clone(),
            until: until.clone(),
        }),
        waiver: b.waiver.as_ref().map(|w| w.state),
        message,
    }
}

/// What a waiver means for a blocker, as a clause appended to its sentence.
fn waiver_suffix(msg: &Messages, w: &WaiverOutcome, requirement: Option<Requirement>) -> String {
    let key = match (w.state.holds(), requirement) {
        (false, _) => "waiver:blocker-expired",
        (true, Some(Requirement::Must)) => "waiver:blocker-must",
        (true, _) => return String::new(),
    };
    fill(
        msg.get(key),
        &[("expires", w.expires.clone().unwrap_or_default())],
    )
}

/// The report's account of evidence ages.
fn freshness_part(catalog: &Catalog, assessment: &Assessment, msg: &Messages) -> FreshnessPart {
    let lang = msg.lang();
    let rules = catalog
        .freshness
        .ages
        .iter()
        .map(|a| {
            let months = a.months.map(|m| m.to_string());
            AgeRulePart {
                recurrence: a.recurrence.id(),
                months: a.months,
                basis: a.basis.get(lang).to_string(),
                message: fill(
                    msg.get(if months.is_some() {
                        "freshness:rule"
                    } else {
                        "freshness:rule-no-limit"
                    }),
                    &[
                        (
                            "recurrence",
                            msg.get(&format!("recurrence:{}", a.recurrence.id()))
                                .to_string(),
                        ),
                        ("months", months.unwrap_or_default()),
                        ("basis", a.basis.get(lang).to_string()),
                    ],
                ),
            }
        })
        .collect();
    let mut counts = FreshnessCounts::default();
    let mut expiring = Vec::new();
    let mut stale = Vec::new();
    let mut undated = Vec::new();
    for r in &assessment.results {
        match r.age.freshness {
            Freshness::Fresh => counts.fresh += 1,
            Freshness::Expiring => counts.expiring += 1,
            Freshness::Undated => counts.undated += 1,
            Freshness::Stale => counts.stale += 1,
            Freshness::None => counts.none += 1,
        }
        let c = catalog.criterion(r.id);
        let item = |key: &str| {
            let evidence = r.age.evidence.clone().unwrap_or_default();
            let until = r.age.until.clone().unwrap_or_default();
            let title = c.map_or_else(String::new, |c| c.title.get(lang).to_string());
            AgeItemPart {
                id: r.id,
                requirement: r.requirement,
                message: fill(
                    msg.get(key),
                    &[
                        ("id", r.id.to_string()),
                        ("title", title.clone()),
                        ("evidence", evidence.clone()),
                        ("until", until.clone()),
                    ],
                ),
                title,
                evidence,
                until,
            }
        };
        // Evidence matters where the control is claimed, in whole or in part.
        let claimed = matches!(r.standing, Standing::Implemented | Standing::Partial);
        match r.age.freshness {
            Freshness::Expiring if claimed => expiring.push(item("freshness:expiring-item")),
            Freshness::Stale if claimed => stale.push(item("freshness:stale-item")),
            Freshness::Undated
                if r.standing == Standing::Implemented
                    && catalog
                        .freshness
                        .months(c.and_then(|c| c.recurrence))
                        .is_some() =>
            {
                undated.push(r.id);
            }
            _ => {}
        }
    }
    expiring.sort_by(|a, b| a.until.cmp(&b.until));
    stale.sort_by(|a, b| a.until.cmp(&b.until));
    FreshnessPart {
        expiring_within_days: catalog.freshness.expiring_within_days,
        rules,
        counts,
        expiring,
        stale,
        undated,
    }
}

/// The report's account of the waivers, in file order.
fn waiver_parts(
    catalog: &Catalog,
    answers: &Answers,
    assessment: &Assessment,
    msg: &Messages,
) -> Vec<WaiverPart> {
    let lang = msg.lang();
    answers
        .waivers
        .iter()
        .map(|w| {
            let result = assessment.results.iter().find(|r| r.id == w.criterion);
            let state = result
                .and_then(|r| r.waiver.as_ref())
                .or_else(|| {
                    assessment
                        .waivers
                        .iter()
                        .find(|(id, _)| *id == w.criterion)
                        .map(|(_, o)| o)
                })
                .map_or(WaiverState::Active, |o| o.state);
            let effect = match result {
                None => "not-applicable",
                Some(_) if !state.holds() => "expired",
                Some(r) if !r.standing.is_gap() => "not-needed",
                Some(r) if r.requirement == Requirement::Must => "not-met",
                Some(_) => "accepted",
            };
            let title = catalog
                .criterion(w.criterion)
                .map_or_else(String::new, |c| c.title.get(lang).to_string());
            let expires = w.expires.clone();
            let key = match (effect, &expires) {
                ("accepted", None) => "waiver:accepted-open",
                (e, _) => match e {
                    "accepted" => "waiver:accepted",
                    "expired" => "waiver:expired",
                    "not-needed" => "waiver:not-needed",
                    "not-met" => "waiver:not-met",
                    _ => "waiver:not-applicable",
                },
            };
            WaiverPart {
                criterion: w.criterion,
                requirement: result.map(|r| r.requirement),
                message: fill(
                    msg.get(key),
                    &[
                        ("id", w.criterion.to_string()),
                        ("title", title.clone()),
                        ("expires", expires.clone().unwrap_or_default()),
                    ],
                ),
                title,
                state,
                effect,
                justification: w.justification.clone(),
                approved_by: w.approved_by.clone(),
                approved_on: w.approved_on.clone(),
                expires,
                compensating_controls: w.compensating_controls.clone(),
                evidence: w.evidence.clone(),
            }
        })
        .collect()
}

/// The report's account of a tailoring: what changed for `entity`, and one sentence saying it.
fn tailoring_part(
    t: &crate::criteria::tailoring::Tailored,
    catalog: &Catalog,
    entity: Entity,
    msg: &Messages,
) -> TailoringPart {
    let changes = t.for_entity(catalog, entity);
    TailoringPart {
        file: t.name.clone(),
        title: t.title.clone(),
        summary: tailoring_summary(t, &changes, msg),
        profile: changes.profile,
        added: changes.added,
        removed: changes.removed,
        to_must: changes.to_must,
        to_should: changes.to_should,
        house: changes.house,
    }
}

/// One sentence on what tailoring `t` changed for an entity type (`changes`), in `msg`'s
/// language: "the member's full CTPAT Portal profile (+27, −0 against ctpat's list), 1 changed
/// to Must, +1 house criterion (ACME profile)".
#[must_use]
pub fn tailoring_summary(
    t: &crate::criteria::tailoring::Tailored,
    changes: &crate::criteria::tailoring::EntityChanges,
    msg: &Messages,
) -> String {
    let count = |ids: &[CriterionId]| ids.len().to_string();
    let mut parts = Vec::new();
    if changes.profile {
        parts.push(fill(
            msg.get("tailoring:profile"),
            &[
                ("added", count(&changes.added)),
                ("removed", count(&changes.removed)),
            ],
        ));
    }
    let mut say = |key: &str, ids: &[CriterionId]| {
        if !ids.is_empty() {
            parts.push(fill(msg.get(key), &[("count", count(ids))]));
        }
    };
    if !changes.profile {
        say("tailoring:added", &changes.added);
        say("tailoring:removed", &changes.removed);
    }
    say("tailoring:to-must", &changes.to_must);
    say("tailoring:to-should", &changes.to_should);
    let house = if changes.house.len() == 1 {
        "tailoring:house-one"
    } else {
        "tailoring:house"
    };
    say(house, &changes.house);
    if parts.is_empty() {
        parts.push(msg.get("tailoring:nothing").to_string());
    }
    let name = t.title.clone().unwrap_or_else(|| t.name.clone());
    fill(
        msg.get("tailoring:summary"),
        &[
            ("name", name),
            ("changes", parts.join(msg.get("tailoring:separator"))),
        ],
    )
}

// ---- helpers shared by the renderers ----------------------------------------------------

/// `MUST` or `SHOULD` in the user's language.
pub(crate) fn requirement_label(msg: &Messages, r: Requirement) -> &str {
    match r {
        Requirement::Must => msg.get("badge:must"),
        Requirement::Should => msg.get("badge:should"),
    }
}

/// A standing in the user's language.
pub(crate) fn status_label(msg: &Messages, s: Standing) -> &str {
    match s {
        Standing::Implemented => msg.get("status:implemented"),
        Standing::Partial => msg.get("status:partial"),
        Standing::NotImplemented => msg.get("status:not_implemented"),
        Standing::Unanswered => msg.get("status:unanswered"),
        Standing::NotApplicable => msg.get("status:not_applicable"),
    }
}

/// How many blockers of the next tier a summary lists before pointing at the gap list.
const BLOCKERS_IN_SUMMARY: usize = 12;

/// The blockers a summary lists, and the sentence saying how many more there are.
pub(crate) fn summary_blockers<'a>(
    next: &'a NextPart,
    msg: &Messages,
) -> (&'a [BlockerPart], Option<String>) {
    let shown = &next.blockers[..next.blockers.len().min(BLOCKERS_IN_SUMMARY)];
    let more = (next.blockers.len() > shown.len()).then(|| {
        fill(
            msg.get("report:next-more"),
            &[("count", (next.blockers.len() - shown.len()).to_string())],
        )
    });
    (shown, more)
}

/// A label followed by the language's colon (`Note:`, `备注：`).
pub(crate) fn label(msg: &Messages, key: &str) -> String {
    fill(msg.get("doc:label"), &[("label", msg.get(key).to_string())])
}

/// An evidence item as a report shows it: its text, and its dates when it has any
/// ("Seal log (dated 2026-03-01, valid until 2027-03-01)").
pub(crate) fn evidence_line(msg: &Messages, e: &Evidence) -> String {
    let key = match (&e.date, &e.valid_until) {
        (None, None) => return e.text.clone(),
        (Some(_), None) => "report:evidence-dated",
        (None, Some(_)) => "report:evidence-valid-until",
        (Some(_), Some(_)) => "report:evidence-dated-valid-until",
    };
    fill(
        msg.get(key),
        &[
            ("evidence", e.text.clone()),
            ("date", e.date.clone().unwrap_or_default()),
            ("until", e.valid_until.clone().unwrap_or_default()),
        ],
    )
}

/// `Category 5: Conveyance ...` in the user's language.
pub(crate) fn category_title(msg: &Messages, number: u16, name: &str) -> String {
    fill(
        msg.get("doc:category"),
        &[("number", number.to_string()), ("name", name.to_string())],
    )
}

/// The gaps of one requirement level, grouped by category in category order.
pub(crate) fn gap_groups(r: &Report, level: Requirement) -> Vec<(u16, &str, Vec<&GapPart>)> {
    let mut groups: Vec<(u16, &str, Vec<&GapPart>)> = Vec::new();
    for g in r.gaps.iter().filter(|g| g.requirement == level) {
        match groups.iter_mut().find(|(n, _, _)| *n == g.category) {
            Some((_, _, list)) => list.push(g),
            None => groups.push((g.category, g.category_name.as_str(), vec![g])),
        }
    }
    groups.sort_by_key(|(n, _, _)| *n);
    groups
}

/// `owner (due)`, or the unassigned label.
pub(crate) fn owner_due(msg: &Messages, g: &GapPart) -> String {
    let mut s = g
        .owner
        .clone()
        .unwrap_or_else(|| msg.get("doc:unassigned").to_string());
    if let Some(due) = &g.due {
        let due = fill(msg.get("doc:due-on"), &[("date", due.clone())]);
        s.push_str(&format!(" ({due})"));
    }
    s
}

/// Criterion ids joined as a list in the user's language (`1.1, 1.2` or `1.1、1.2`).
pub(crate) fn ids(ids: &[CriterionId], msg: &Messages) -> String {
    msg.list(&ids.iter().map(ToString::to_string).collect::<Vec<_>>())
}

/// Best-practice framework elements in the user's language, joined as a list.
pub(crate) fn elements(msg: &Messages, elements: &[&str]) -> String {
    msg.list(
        &elements
            .iter()
            .map(|e| msg.get(&format!("element:{e}")).to_string())
            .collect::<Vec<_>>(),
    )
}

/// The manifest as (label, value) lines, the same in every human format.
pub(crate) fn manifest_lines<'a>(r: &Report, msg: &'a Messages) -> Vec<(&'a str, String)> {
    let m = &r.manifest;
    let hash = |h: &Option<String>| {
        h.clone()
            .unwrap_or_else(|| msg.get("doc:not-recorded").to_string())
    };
    let sc = &m.scoring;
    let mut lines = vec![
        (msg.get("doc:ctpat-version"), m.ctpat_version.to_string()),
        (msg.get("criteria:version"), m.criteria_version.clone()),
        (msg.get("report:as-of"), aging::as_of_value(msg, &m.as_of)),
        (
            msg.get("coverage:label"),
            crate::coverage::label(m.coverage, msg).to_string(),
        ),
        (msg.get("doc:criteria-sha"), hash(&m.criteria_sha256)),
        (msg.get("doc:answers-sha"), hash(&m.answers_sha256)),
    ];
    if let (Some(name), Some(sha)) = (&m.tailoring, &m.tailoring_sha256) {
        lines.push((msg.get("doc:tailoring-file"), name.clone()));
        lines.push((msg.get("doc:tailoring-sha"), sha.clone()));
    }
    if let Some(g) = &r.grade {
        let verified = msg.get(if g.model.verified {
            "grade:verified"
        } else {
            "grade:unverified"
        });
        lines.push((
            msg.get("grade:model-label"),
            fill(
                msg.get("grade:manifest-model"),
                &[
                    ("id", g.model.id.clone()),
                    ("verified", verified.to_string()),
                ],
            ),
        ));
        lines.push((msg.get("grade:manifest-rules-label"), g.rules.clone()));
        lines.push((
            msg.get("grade:manifest-total"),
            match g.pass_line {
                Some(line) => format!("{} / {line}", g.total),
                None => g.total.to_string(),
            },
        ));
        return lines;
    }
    lines.extend([
        (
            msg.get("doc:model-points"),
            fill(
                msg.get("doc:model-points-value"),
                &[
                    ("implemented", sc.implemented.to_string()),
                    ("partial", sc.partial.to_string()),
                    ("not_implemented", sc.not_implemented.to_string()),
                ],
            ),
        ),
        (
            msg.get("doc:model-weights"),
            fill(
                msg.get("doc:model-weights-value"),
                &[
                    ("must", sc.must_weight.to_string()),
                    ("should", sc.should_weight.to_string()),
                ],
            ),
        ),
        (
            msg.get("doc:model-result"),
            fill(
                msg.get("doc:model-result-value"),
                &[
                    ("earned", r.score.earned.to_string()),
                    ("possible", r.score.possible.to_string()),
                    ("percent", format!("{:.1}", r.score.percent)),
                ],
            ),
        ),
    ]);
    lines
}

/// The lines that open a result: the indicative level, and for a graded catalog whose lower
/// level was reached, that level first and this standard's own result under it.
pub(crate) fn headline(r: &Report, msg: &Messages) -> (String, Option<String>) {
    let own = |label: &str| {
        msg.get("text:labelled")
            .replacen("{label}", label, 1)
            .replacen("{value}", &r.tier.name, 1)
    };
    match r.grade.as_ref().and_then(|g| g.lower.as_ref()) {
        Some(l) if l.gates_hold => {
            let on = fill(
                msg.get("grade:lower-heading"),
                &[("standard", r.criteria.name.clone())],
            );
            (l.line.clone(), Some(own(&on)))
        }
        Some(l) => (own(msg.get("report:tier")), Some(l.line.clone())),
        None => (own(msg.get("report:tier")), None),
    }
}

/// `General standard, 68 items: Meets 60 · Basically meets 4 · ...` in the user's language.
pub(crate) fn grade_counts_line(
    msg: &Messages,
    key: &str,
    c: &grade::CountsPart,
    words: &grade::LevelWords,
) -> String {
    let parts: Vec<String> = c
        .labelled(words)
        .iter()
        .map(|(w, n)| {
            fill(
                msg.get("grade:count"),
                &[("level", (*w).to_string()), ("count", n.to_string())],
            )
        })
        .collect();
    fill(
        msg.get("grade:counts"),
        &[
            ("class", msg.get(key).to_string()),
            ("total", c.total().to_string()),
            ("counts", parts.join(" · ")),
        ],
    )
}

/// Lower-case hex SHA-256 of `bytes`.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

impl JsonSchema for CriterionId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CriterionId".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An MSC criterion id: category number, a dot, the number within the category; a tailoring's own criteria put their namespace and a dash first (ACME-5.1).",
            "type": "string",
            "pattern": "^([A-Z][A-Z0-9]{1,7}-)?[1-9][0-9]{0,3}\\.[1-9][0-9]{0,3}$"
        })
    }
}

/// The JSON Schema (draft 2020-12) of the `ctpat-report/1` JSON form, generated from the
/// report types. `schemas/report.schema.json` is this, pretty-printed; a test keeps it fresh.
#[must_use]
pub fn json_schema() -> serde_json::Value {
    let mut schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<Report>();
    schema.insert(
        "title".to_string(),
        "ctpat-report/1: a C-TPAT self-assessment report".into(),
    );
    schema.to_value()
}

/// An output format of [`render`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Plain-text tables for a terminal, 100 columns wide: the summary, scores and gaps.
    Terminal,
    /// GitHub-flavoured Markdown: the full report.
    Markdown,
    /// One self-contained HTML file (no scripts, no external files): the full report.
    Html,
    /// The `ctpat-report/1` JSON document (see [`json_schema`]).
    Json,
    /// The action plan as CSV (RFC 4180, UTF-8 with a byte order mark, CRLF line ends).
    Csv,
    /// An editable Word document (binary): the full report.
    Docx,
    /// The report workbook: Summary, Gaps, Action plan, Evidence register, Manifest
    /// (binary: [`render_bytes`]).
    Xlsx,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 7] = [
        Format::Terminal,
        Format::Markdown,
        Format::Html,
        Format::Json,
        Format::Csv,
        Format::Docx,
        Format::Xlsx,
    ];

    /// Whether the format is binary: not text for a terminal or [`render`].
    #[must_use]
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Docx | Format::Xlsx)
    }

    /// The name used on the command line.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Format::Terminal => "terminal",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
        }
    }

    /// The file extension for this format, without the dot.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Format::Terminal => "txt",
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.id() == s || f.extension() == s)
            .ok_or_else(|| {
                let ids: Vec<&str> = Format::ALL.iter().map(|f| f.id()).collect();
                format!("unknown format `{s}`; use one of: {}", ids.join(", "))
            })
    }
}

/// Why a report could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// Serialising to JSON failed.
    #[error("cannot render the report as JSON")]
    Json(#[from] serde_json::Error),
    /// The HTML template failed.
    #[error("cannot render the report as HTML")]
    Html(#[from] askama::Error),
    /// The Word document could not be packed.
    #[error(transparent)]
    Docx(#[from] docx::PackError),
    /// The workbook could not be built.
    #[error("cannot render the report as a workbook")]
    Xlsx(#[from] crate::workbook::write::WriteError),
    /// A binary format was asked of [`render`], which returns text; use [`render_bytes`].
    #[error("the {0} format is binary; render it with render_bytes")]
    Binary(Format),
}

/// `msg` speaking the report's programme: its variants of the fixed strings, and its own words
/// for the result levels (for the C-TPAT MSC, `msg` itself).
#[must_use]
pub fn speaking(report: &Report, msg: &Messages) -> Messages {
    let own: Vec<(&str, &str)> = report.grade.as_ref().map_or_else(Vec::new, |g| {
        vec![
            ("status:implemented", g.levels.implemented.as_str()),
            ("status:partial", g.levels.partial.as_str()),
            ("status:not_implemented", g.levels.not_implemented.as_str()),
            ("status:not_applicable", g.levels.not_applicable.as_str()),
        ]
    });
    msg.for_programme(report.programme.as_deref(), &own)
}

/// Renders `report` in `format`, with the fixed strings of `msg` (whose language should be
/// the report's). Pure and deterministic: the same report gives the same bytes. Terminal
/// output is 100 columns wide; the CSV starts with a UTF-8 byte order mark.
///
/// # Errors
/// [`RenderError`] when serialisation or the template fails (neither happens for a report
/// built by [`Report::build`]).
pub fn render(report: &Report, msg: &Messages, format: Format) -> Result<String, RenderError> {
    let msg = &speaking(report, msg);
    Ok(match format {
        Format::Terminal => terminal::render(report, msg, Some(100)),
        Format::Markdown => markdown::render(report, msg),
        Format::Html => html::render(report, msg)?,
        Format::Json => {
            let mut s = serde_json::to_string_pretty(report)?;
            s.push('\n');
            s
        }
        Format::Csv => csv::render(report, msg),
        Format::Docx | Format::Xlsx => return Err(RenderError::Binary(format)),
    })
}

/// Renders `report` in `format` as bytes: the text formats as [`render`] gives them (UTF-8),
/// the Word document laid out as `docx` says, the workbook as xlsx. Pure and deterministic
/// like [`render`].
///
/// # Errors
/// [`RenderError`] as for [`render`], or when the Word document or the workbook cannot be
/// built.
pub fn render_bytes(
    report: &Report,
    msg: &Messages,
    format: Format,
    docx: &docx::Options<'_>,
) -> Result<Vec<u8>, RenderError> {
    let msg = &speaking(report, msg);
    match format {
        Format::Docx => Ok(docx::render(report, msg, docx)?),
        Format::Xlsx => Ok(crate::workbook::write::report(report, msg)?),
        text => render(report, msg, text).map(String::into_bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{Answer, Answers, BestPractice, Company, Status};
    use crate::criteria::{embedded, load};
    use crate::diagnostic::Source;
    use crate::scoring::assess;
    use crate::text::Lang;

    #[test]
    fn id_lists_are_punctuated_for_chinese_readers() {
        let ids: Vec<CriterionId> = (1..=14)
            .map(|n| format!("7.{n}").parse().expect("an id"))
            .collect();
        let en = join_ids(&ids, &Messages::embedded(Lang::En));
        assert!(en.starts_with("7.1, 7.2, "), "{en}");
        assert!(en.ends_with("7.12, and 2 more"), "{en}");
        let zh = join_ids(&ids, &Messages::embedded(Lang::ZhCn));
        assert!(zh.starts_with("7.1、7.2、"), "{zh}");
        assert!(zh.ends_with("7.12 等另外 2 项"), "{zh}");
        assert_eq!(
            join_ids(&ids[..2], &Messages::embedded(Lang::ZhCn)),
            "7.1、7.2"
        );
    }

    /// Reports for scenarios that between them produce every reason and blocker code.
    fn reports(lang: Lang) -> Vec<Report> {
        let (name, text) = embedded::get("2023.01").expect("shipped");
        let catalog = load(&Source::new(name, text)).expect("valid").value;
        let msg = Messages::embedded(lang);
        let mut out = Vec::new();
        for (i, status) in [
            Status::Partial,
            Status::Implemented,
            Status::NotApplicable,
            Status::NotImplemented,
        ]
        .into_iter()
        .enumerate()
        {
            let mut answers = Answers {
                criteria_version: None,
                company: Company {
                    name: "T".into(),
                    entity: Entity::ALL[i],
                    country: None,
                    details: crate::answers::CompanyDetails::default(),
                },
                assessed_on: None,
                assessor: None,
                answers: catalog
                    .applicable(Entity::ALL[i])
                    .enumerate()
                    .filter(|(n, _)| n % 7 != 3)
                    .map(|(n, c)| {
                        let status = if n % 5 == 0 {
                            Status::NotApplicable
                        } else {
                            status
                        };
                        let note = (status == Status::NotApplicable && n % 2 == 0)
                            .then(|| "n/a".to_string());
                        (
                            c.id,
                            Answer {
                                status,
                                evidence: if n % 3 == 0 {
                                    Vec::new()
                                } else {
                                    vec!["e".into()]
                                },
                                note,
                                owner: None,
                                due: None,
                            },
                        )
                    })
                    .collect(),
                waivers: Vec::new(),
                best_practices: vec![BestPractice {
                    title: "p".into(),
                    criteria: Vec::new(),
                    senior_management_support: true,
                    innovative: false,
                    documented: true,
                    verified: true,
                    checks_and_balances: true,
                    evidence: Vec::new(),
                }],
                kept: crate::answers::Kept::default(),
                financials: None,
            };
            out.push(Report::build(
                &catalog,
                &answers,
                &assess(
                    &catalog,
                    &answers,
                    crate::calendar::date("2026-11-30").expect("a date"),
                ),
                &msg,
            ));
            answers.answers = catalog
                .applicable(Entity::ALL[i])
                .map(|c| {
                    (
                        c.id,
                        Answer {
                            status: Status::Implemented,
                            evidence: Vec::new(),
                            note: None,
                            owner: None,
                            due: None,
                        },
                    )
                })
                .collect();
            out.push(Report::build(
                &catalog,
                &answers,
                &assess(
                    &catalog,
                    &answers,
                    crate::calendar::date("2026-11-30").expect("a date"),
                ),
                &msg,
            ));
        }
        out
    }

    #[test]
    fn every_generated_sentence_is_translated() {
        for lang in Lang::ALL {
            for r in reports(lang) {
                let mut sentences: Vec<&str> =
                    r.tier.reasons.iter().map(|x| x.message.as_str()).collect();
                if let Some(next) = &r.tier.next {
                    sentences.extend(next.blockers.iter().map(|b| b.message.as_str()));
                }
                sentences.push(&r.tier.notice);
                for s in sentences {
                    assert!(!s.is_empty());
                    assert!(!s.contains('{'), "unfilled placeholder in {lang}: {s}");
                    // A raw key is `area:name` with no space after the colon; a title that
                    // ends in "status" followed by ": partial" is fine.
                    for raw in [
                        "reason:", "blocker:", "status:", "element:", "tier:", "report:",
                    ] {
                        let leaked = s.match_indices(raw).any(|(i, _)| {
                            s[i + raw.len()..].starts_with(|c: char| c.is_ascii_lowercase())
                        });
                        assert!(!leaked, "untranslated in {lang}: {s}");
                    }
                }
            }
        }
    }

    #[test]
    fn action_plan_puts_musts_first_then_assigned_by_date_then_unassigned() {
        let mut r = reports(Lang::En).remove(0);
        assert!(r.gaps.len() > 4);
        let first_should = r
            .gaps
            .iter()
            .position(|g| g.requirement == Requirement::Should)
            .unwrap_or(r.gaps.len());
        r.gaps[1].owner = Some("b".into());
        r.gaps[1].due = Some("2027-05-01".into());
        r.gaps[2].owner = Some("a".into());
        r.gaps[2].due = Some("2027-01-01".into());
        r.gaps[3].owner = Some("c".into());
        let plan: Vec<CriterionId> = r.action_plan().iter().map(|g| g.id).collect();
        let want_first = [r.gaps[2].id, r.gaps[1].id, r.gaps[3].id];
        assert!(first_should > 3, "the scenario has at least four Must gaps");
        assert_eq!(plan[..3], want_first);
        assert_eq!(plan[3], r.gaps[0].id);
        assert_eq!(plan.len(), r.gaps.len());
        let levels: Vec<Requirement> = r.action_plan().iter().map(|g| g.requirement).collect();
        assert!(levels.windows(2).all(|w| w[0] <= w[1]), "Musts first");
    }

    #[test]
    fn formats_parse_by_name_and_extension() {
        for f in Format::ALL {
            assert_eq!(f.id().parse::<Format>(), Ok(f));
            assert_eq!(f.extension().parse::<Format>(), Ok(f));
        }
        assert!("pdf".parse::<Format>().is_err());
    }

    #[test]
    fn every_format_renders_every_scenario() {
        for lang in Lang::ALL {
            let msg = Messages::embedded(lang);
            for r in reports(lang) {
                for f in Format::ALL {
                    let bytes =
                        render_bytes(&r, &msg, f, &docx::Options::default()).expect("renders");
                    assert!(!bytes.is_empty());
                    if !f.is_binary() {
                        let text = String::from_utf8(bytes).expect("UTF-8");
                        assert!(!text.contains("doc:"), "untranslated key in {f} ({lang})");
                    }
                }
            }
        }
    }

    #[test]
    fn every_status_and_element_is_translated() {
        let msg = Messages::embedded(Lang::ZhCn);
        for s in [
            "implemented",
            "partial",
            "not_implemented",
            "unanswered",
            "not_applicable",
        ] {
            let key = format!("status:{s}");
            assert_ne!(msg.get(&key), key);
        }
        for e in crate::answers::BEST_PRACTICE_ELEMENTS
            .iter()
            .chain(&["evidence"])
        {
            let key = format!("element:{e}");
            assert_ne!(msg.get(&key), key);
        }
    }
}
