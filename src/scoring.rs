//! Scoring: `(catalog, answers, as-of date) -> Assessment`, a pure function.
//!
//! Points are integers (half points doubled, see `scoring.points` in the catalog), maps are
//! sorted, and nothing reads the clock or the environment: the as-of date is an argument, so
//! the same input always gives the same assessment. Time enters in two places: evidence ages
//! out by the catalog's `freshness` rules (stale evidence counts as missing evidence on the
//! tier ladder), and waivers hold until their `expires` date. The tier ladder comes from the catalog: a company stands on the
//! highest rung whose requirements (and those of every rung below) it meets, and the
//! assessment lists exactly what blocks the next rung.

use crate::answers::{Answer, Answers, Evidence, Status, Waiver};
use crate::calendar::{self, Date};
use crate::criteria::{Catalog, Criterion, CriterionId, Entity, MustLevel, Requirement, Tier};
use schemars::JsonSchema;
use serde::Serialize;

/// How an applicable criterion stands after scoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Implemented.
    Implemented,
    /// Partly implemented.
    Partial,
    /// Not implemented.
    NotImplemented,
    /// Not answered: scored as not implemented.
    Unanswered,
    /// Not applicable: left out of the score.
    NotApplicable,
}

impl Standing {
    /// The id used in reports.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Standing::Implemented => "implemented",
            Standing::Partial => "partial",
            Standing::NotImplemented => "not_implemented",
            Standing::Unanswered => "unanswered",
            Standing::NotApplicable => "not_applicable",
        }
    }

    fn of(answer: Option<&Answer>) -> Standing {
        Standing::of_status(answer.map(|a| a.status))
    }

    /// The standing of a status; `None`: unanswered.
    #[must_use]
    pub fn of_status(status: Option<Status>) -> Standing {
        match status {
            None => Standing::Unanswered,
            Some(Status::Implemented) => Standing::Implemented,
            Some(Status::Partial) => Standing::Partial,
            Some(Status::NotImplemented) => Standing::NotImplemented,
            Some(Status::NotApplicable) => Standing::NotApplicable,
        }
    }

    /// Whether this standing is a gap (counts against the company).
    #[must_use]
    pub fn is_gap(self) -> bool {
        matches!(
            self,
            Standing::Partial | Standing::NotImplemented | Standing::Unanswered
        )
    }
}

/// How current a criterion's evidence is on the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Freshness {
    /// Some evidence is current, and not about to age out.
    Fresh,
    /// The newest evidence ages out within the catalog's warning window.
    Expiring,
    /// Evidence is listed but none of it is dated: it counts, but cannot be checked.
    Undated,
    /// Every dated item has aged out and none is undated: counts as missing evidence.
    Stale,
    /// No evidence listed.
    None,
}

impl Freshness {
    /// The id used in reports.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Freshness::Fresh => "fresh",
            Freshness::Expiring => "expiring",
            Freshness::Undated => "undated",
            Freshness::Stale => "stale",
            Freshness::None => "none",
        }
    }
}

/// Where a waiver stands on the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WaiverState {
    /// Holds, and not within the warning window of its expiry (or never expires).
    Active,
    /// Holds, but expires within the catalog's warning window.
    Expiring,
    /// Past its `expires` date: the gap it covered counts again.
    Expired,
}

impl WaiverState {
    /// The id used in reports.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            WaiverState::Active => "active",
            WaiverState::Expiring => "expiring",
            WaiverState::Expired => "expired",
        }
    }

    /// Whether the waiver still holds.
    #[must_use]
    pub fn holds(self) -> bool {
        self != WaiverState::Expired
    }
}

/// The state of `waiver` on `as_of`, with `window` days of warning before it expires.
#[must_use]
pub fn waiver_state(waiver: &Waiver, as_of: Date, window: u32) -> WaiverState {
    let Some(expires) = waiver.expires.as_deref().and_then(calendar::date) else {
        return WaiverState::Active;
    };
    if as_of > expires {
        WaiverState::Expired
    } else if calendar::days_between(as_of, expires) <= i64::from(window) {
        WaiverState::Expiring
    } else {
        WaiverState::Active
    }
}

/// The freshness of a criterion's evidence, and the date that decides it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceAge {
    /// Fresh, expiring, undated, stale or none.
    pub freshness: Freshness,
    /// For fresh and expiring evidence with an end: the last day the newest item holds; for
    /// stale evidence: the last day the last item held.
    pub until: Option<String>,
    /// The item that decides it (the one holding longest, or the last to age out).
    pub evidence: Option<String>,
}

/// How the evidence `items` of a criterion recurring every `months` (if it ages) stand on
/// `as_of`. An item ends on its `valid_until`, else `months` after its `date`; a dated item
/// with neither end never ages. The best item decides: fresh before expiring before
/// undated before stale, so later as-of dates can only make it worse.
#[must_use]
pub fn evidence_age(
    items: &[Evidence],
    months: Option<u32>,
    as_of: Date,
    window: u32,
) -> EvidenceAge {
    let mut best: Option<(Freshness, Option<Date>, &Evidence)> = None;
    for e in items {
        let start = e.date.as_deref().and_then(calendar::date);
        let end = e
            .valid_until
            .as_deref()
            .and_then(calendar::date)
            .or_else(|| {
                let m = i32::try_from(months?).ok()?;
                Some(calendar::add_months(start?, m))
            });
        let state = match (start, end) {
            (None, None) => Freshness::Undated,
            (_, None) => Freshness::Fresh,
            (_, Some(end)) if as_of > end => Freshness::Stale,
            (_, Some(end)) if calendar::days_between(as_of, end) <= i64::from(window) => {
                Freshness::Expiring
            }
            _ => Freshness::Fresh,
        };
        // Among items of the same state, the one whose end is latest (no end is latest).
        let better = match &best {
            None => true,
            Some((f, b_end, _)) => {
                state < *f
                    || (state == *f
                        && match (end, b_end) {
                            (None, Some(_)) => true,
                            (Some(a), Some(b)) => a > *b,
                            _ => false,
                        })
            }
        };
        if better {
            best = Some((state, end, e));
        }
    }
    match best {
        None => EvidenceAge {
            freshness: Freshness::None,
            until: None,
            evidence: None,
        },
        Some((freshness, end, e)) => EvidenceAge {
            freshness,
            until: end.map(|d| d.to_string()),
            evidence: (freshness != Freshness::Undated).then(|| e.text.clone()),
        },
    }
}

/// A waiver's criterion, state and expiry, as scoring saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WaiverOutcome {
    /// Active, expiring or expired.
    pub state: WaiverState,
    /// The last day it holds.
    pub expires: Option<String>,
}

/// How one applicable criterion stands: status, evidence freshness, waiver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CriterionResult {
    /// Criterion id.
    pub id: CriterionId,
    /// Must or Should.
    pub requirement: Requirement,
    /// Category number.
    pub category: u16,
    /// Where it stands.
    pub standing: Standing,
    /// How current its evidence is.
    pub age: EvidenceAge,
    /// Its waiver, when the file has one.
    pub waiver: Option<WaiverOutcome>,
}

/// Earned and possible points (doubled integers) and the percentage they make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Score {
    /// Points earned.
    pub earned: u64,
    /// Points possible (N/A excluded).
    pub possible: u64,
    /// `earned / possible × 100`, in tenths of a percent, rounded half up (1000 = 100.0 %).
    pub percent_tenths: u64,
}

impl Score {
    /// Adds points. Saturating, so no catalog can make scoring panic or wrap; the bounds
    /// criteria validation puts on points and weights keep real sums far from the limit.
    fn add(&mut self, earned: u64, possible: u64) {
        self.earned = self.earned.saturating_add(earned);
        self.possible = self.possible.saturating_add(possible);
        self.percent_tenths = percent_tenths(self.earned, self.possible);
    }

    /// The percentage as a number with one decimal, for display and JSON.
    #[must_use]
    pub fn percent(&self) -> f64 {
        // Exact: tenths are at most 1000.
        let tenths = u32::try_from(self.percent_tenths.min(1000)).unwrap_or(1000);
        f64::from(tenths) / 10.0
    }
}

/// `earned / possible × 100` in tenths of a percent, rounded half up, within 0..=1000;
/// nothing possible (all N/A) is 100 %. Computed in `u128`, so no input overflows.
fn percent_tenths(earned: u64, possible: u64) -> u64 {
    if possible == 0 {
        return 1000;
    }
    let earned = u128::from(earned.min(possible));
    let possible = u128::from(possible);
    let tenths = (earned * 2000 + possible) / (2 * possible);
    u64::try_from(tenths).map_or(1000, |t| t.min(1000))
}

/// Counts of standings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, JsonSchema)]
pub struct Counts {
    /// Applicable criteria.
    pub applicable: usize,
    /// Implemented.
    pub implemented: usize,
    /// Partial.
    pub partial: usize,
    /// Not implemented.
    pub not_implemented: usize,
    /// Unanswered.
    pub unanswered: usize,
    /// Not applicable.
    pub not_applicable: usize,
    /// Musts that are gaps.
    pub must_gaps: usize,
    /// Shoulds that are gaps.
    pub should_gaps: usize,
}

impl Counts {
    fn add(&mut self, standing: Standing, requirement: Requirement) {
        self.applicable += 1;
        match standing {
            Standing::Implemented => self.implemented += 1,
            Standing::Partial => self.partial += 1,
            Standing::NotImplemented => self.not_implemented += 1,
            Standing::Unanswered => self.unanswered += 1,
            Standing::NotApplicable => self.not_applicable += 1,
        }
        if standing.is_gap() {
            match requirement {
                Requirement::Must => self.must_gaps += 1,
                Requirement::Should => self.should_gaps += 1,
            }
        }
    }
}

/// The score of one category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategoryScore {
    /// Category number.
    pub number: u16,
    /// Its focus area's id.
    pub focus_area: String,
    /// Points.
    pub score: Score,
    /// Standings.
    pub counts: Counts,
}

/// The score of one focus area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FocusAreaScore {
    /// Focus area id.
    pub id: String,
    /// Points.
    pub score: Score,
    /// Standings.
    pub counts: Counts,
}

/// One applicable criterion that is not fully implemented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// Criterion id.
    pub id: CriterionId,
    /// Must or Should.
    pub requirement: Requirement,
    /// Partial, not implemented or unanswered.
    pub status: Standing,
    /// Category number.
    pub category: u16,
    /// The company's note.
    pub note: Option<String>,
    /// Who will close it.
    pub owner: Option<String>,
    /// By when.
    pub due: Option<String>,
    /// Its waiver, when the file has one.
    pub waiver: Option<WaiverOutcome>,
}

/// Why a tier was reached or what blocks the next one. `code` is stable; renderers turn it
/// into a sentence in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// Stable code, e.g. `musts-unmet`.
    pub code: &'static str,
    /// How many criteria or practices the reason is about.
    pub count: usize,
    /// Out of how many.
    pub total: usize,
    /// The criteria concerned, in catalog order.
    pub criteria: Vec<CriterionId>,
}

impl Reason {
    fn new(code: &'static str, criteria: Vec<CriterionId>, total: usize) -> Reason {
        Reason {
            code,
            count: criteria.len(),
            total,
            criteria,
        }
    }
}

/// One thing that stands between the company and the next tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Blocker {
    /// What is missing: `implementation`, `evidence`, `justification` (for a criterion),
    /// `best-practice` (a qualifying practice) or `best-practice-elements` (of a claimed one).
    pub missing: &'static str,
    /// The criterion, when the blocker is about one.
    pub criterion: Option<CriterionId>,
    /// Its current standing, when about a criterion.
    pub status: Option<Standing>,
    /// For best practices: the claimed practice's title and what it lacks.
    pub practice: Option<String>,
    /// Framework elements the practice lacks.
    pub elements: Vec<&'static str>,
    /// For `fresh-evidence`: the evidence that aged out last, and the last day it held.
    pub aged_out: Option<(String, String)>,
    /// The criterion's waiver, when it has one (a waived Must still blocks).
    pub waiver: Option<WaiverOutcome>,
    /// For a grading gate (`gate-partial`, `gate-total`): what it counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gate: Option<GateBlock>,
    /// For `figures`: why a computed item could not be computed (`missing: total_assets`,
    /// `zero-denominator`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// What a grading gate that does not hold counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GateBlock {
    /// The gate's id.
    pub gate: String,
    /// `gate-partial`: the category (article) over the limit.
    pub category: Option<u16>,
    /// `gate-partial`: items basically met there; `gate-total`: the total reached.
    pub count: i64,
    /// The limit: the most allowed, or the pass line.
    pub limit: u32,
}

/// The tier reached, why, and what blocks the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TierOutcome {
    /// Tier id on the catalog's ladder (`not_ready`, `tier_1`, ...).
    pub id: String,
    /// Position on the ladder, 0 = lowest.
    pub rank: usize,
    /// Whether CBP assigns tiers to this entity type (importers).
    pub cbp_tiers: bool,
    /// Why this tier.
    pub reasons: Vec<Reason>,
    /// The next tier's id, if there is one.
    pub next: Option<String>,
    /// What blocks the next tier.
    pub blockers: Vec<Blocker>,
}

/// The result of scoring a company's answers against a catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assessment {
    /// The date it is as of (`YYYY-MM-DD`): evidence ages and waivers expire against it.
    pub as_of: String,
    /// The entity type assessed.
    pub entity: Entity,
    /// Overall points.
    pub score: Score,
    /// Musts only.
    pub must_score: Score,
    /// Standings over all applicable criteria.
    pub counts: Counts,
    /// Per category, by number (categories with no applicable criterion are left out).
    pub categories: Vec<CategoryScore>,
    /// Per focus area, in catalog order.
    pub focus_areas: Vec<FocusAreaScore>,
    /// Gaps: Musts first, then Shoulds, each in catalog order.
    pub gaps: Vec<Gap>,
    /// The tier recommendation.
    pub tier: TierOutcome,
    /// Best practices claimed, and how many meet the framework.
    pub best_practices_claimed: usize,
    /// Best practices meeting all five elements with evidence.
    pub best_practices_qualifying: usize,
    /// Every applicable criterion, in catalog order: standing, freshness, waiver.
    pub results: Vec<CriterionResult>,
    /// Waivers on criteria that do not apply (or that are not in the catalog's applicable
    /// set), kept out of the results but reported.
    pub waivers: Vec<(CriterionId, WaiverOutcome)>,
    /// The grade, for a catalog that grades by result levels (China Customs' AEO standards).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<crate::grading::Grade>,
    /// Items computed from the answers file's `financials:` (when it gives them and the
    /// catalog has finance rules); their standing is the computed one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub computed: Vec<crate::finance::Computed>,
    /// The same answers graded against the programme's lower level, when this catalog's
    /// gates do not hold and it names one (`grading.fallback`): set by [`with_lower`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lower: Option<LowerStandard>,
}

/// The answers of an assessment graded against a programme's lower level (China Customs'
/// certified standard when the advanced one is not met).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LowerStandard {
    /// The lower standard's catalog id.
    pub version: String,
    /// The tier reached on its ladder.
    pub tier: String,
    /// Whether its gates hold.
    pub passes: bool,
    /// Its total.
    pub total: i64,
    /// Its items whose answer was carried from a different item of the upper standard
    /// (`narrower` and other non-equal rows): worth a look before relying on the result.
    pub review: Vec<CriterionId>,
    /// What blocks its top rung.
    pub blockers: Vec<Blocker>,
}

/// `upper`'s assessment of `answers` with the lower level filled in: when `upper` grades,
/// its gates do not hold, and `lower` is the catalog its `grading.fallback` names, the
/// answers are carried through `mapping` (upper → lower) and graded there; figures are
/// recomputed with the lower standard's thresholds. An answer carried from an item that is
/// not the same on both sides is listed in `review`. Otherwise the assessment is unchanged.
#[must_use]
pub fn with_lower(
    mut assessment: Assessment,
    answers: &Answers,
    upper: &Catalog,
    lower: &Catalog,
    mapping: &crate::mapping::Mapping,
    as_of: Date,
) -> Assessment {
    let wanted = upper
        .grading
        .as_ref()
        .and_then(|g| g.fallback.as_deref())
        .is_some_and(|f| f == lower.program.version);
    let failed = assessment.grade.as_ref().is_some_and(|g| !g.passes);
    if !wanted || !failed {
        return assessment;
    }
    let carried = crate::mapping::migrate(answers, upper, lower, mapping, as_of, "");
    let scored = assess(lower, &carried.answers, as_of);
    assessment.lower = scored.grade.as_ref().map(|g| LowerStandard {
        version: lower.program.version.clone(),
        tier: scored.tier.id.clone(),
        passes: g.passes,
        total: g.total,
        review: carried.plan.review.clone(),
        blockers: scored.tier.blockers.clone(),
    });
    assessment
}

/// Scores `answers` against `catalog` as of `as_of`.
#[must_use]
#[allow(clippy::too_many_lines)]
pub fn assess(catalog: &Catalog, answers: &Answers, as_of: Date) -> Assessment {
    let entity = answers.company.entity;
    let model = catalog.scoring;
    let mut score = Score::default();
    let mut must_score = Score::default();
    let mut counts = Counts::default();
    let mut categories: Vec<CategoryScore> = Vec::new();
    let mut gaps = Vec::new();
    let window = catalog.freshness.expiring_within_days;
    let waivers: Vec<(CriterionId, WaiverOutcome)> = answers
        .waivers
        .iter()
        .map(|w| {
            (
                w.criterion,
                WaiverOutcome {
                    state: waiver_state(w, as_of, window),
                    expires: w.expires.clone(),
                },
            )
        })
        .collect();
    let waiver_of = |id: CriterionId| {
        waivers
            .iter()
            .find(|(c, _)| *c == id)
            .map(|(_, w)| w.clone())
    };
    // Computed items stand as the figures say: with no `financials:` every figure is missing,
    // so they are undetermined (scored as unanswered), never taken from a typed status.
    let no_figures = crate::finance::Financials::default();
    let computed: Vec<crate::finance::Computed> =
        catalog.finance.as_ref().map_or_else(Vec::new, |rules| {
            crate::finance::compute(rules, answers.financials.as_ref().unwrap_or(&no_figures))
        });
    let applicable: Vec<Row<'_>> = catalog
        .applicable(entity)
        .map(|c| {
            let answer = answers.answers.get(&c.id);
            let age = evidence_age(
                answer.map_or(&[][..], |a| &a.evidence),
                catalog.freshness.months(c.recurrence),
                as_of,
                window,
            );
            // A computed item stands as its figures say (undetermined: unanswered), unless
            // the company answered it not applicable.
            let found = computed.iter().find(|k| k.item == c.id);
            let standing = match found {
                Some(_) if answer.is_some_and(|a| a.status == Status::NotApplicable) => {
                    Standing::NotApplicable
                }
                Some(k) => Standing::of_status(k.status),
                None => Standing::of(answer),
            };
            let undetermined = found.filter(|_| standing == Standing::Unanswered).map(|k| {
                if answers.financials.is_none() {
                    "financials: none".to_string()
                } else {
                    k.why.clone().unwrap_or_default()
                }
            });
            Row {
                c,
                standing,
                undetermined,
                answer,
                age,
                waiver: waiver_of(c.id),
            }
        })
        .collect();
    for row in &applicable {
        let (c, standing, answer) = (row.c, &row.standing, row.answer);
        let weight = u64::from(model.weights.of(c.requirement));
        let points = match standing {
            Standing::Implemented => Some(model.points.implemented),
            Standing::Partial => Some(model.points.partial),
            Standing::NotImplemented | Standing::Unanswered => Some(model.points.not_implemented),
            Standing::NotApplicable => None,
        };
        let (earned, possible) = points.map_or((0, 0), |p| {
            (
                u64::from(p).saturating_mul(weight),
                u64::from(model.points.implemented).saturating_mul(weight),
            )
        });
        score.add(earned, possible);
        if c.requirement == Requirement::Must {
            must_score.add(earned, possible);
        }
        counts.add(*standing, c.requirement);
        let category = match categories.iter_mut().find(|k| k.number == c.category) {
            Some(k) => k,
            None => {
                categories.push(CategoryScore {
                    number: c.category,
                    focus_area: catalog
                        .category(c.category)
                        .map(|k| k.focus_area.clone())
                        .unwrap_or_default(),
                    score: Score::default(),
                    counts: Counts::default(),
                });
                categories.last_mut().expect("just pushed")
            }
        };
        category.score.add(earned, possible);
        category.counts.add(*standing, c.requirement);
        if standing.is_gap() {
            gaps.push(Gap {
                id: c.id,
                requirement: c.requirement,
                status: *standing,
                category: c.category,
                note: answer.and_then(|a| a.note.clone()),
                owner: answer.and_then(|a| a.owner.clone()),
                due: answer.and_then(|a| a.due.clone()),
                waiver: row.waiver.clone(),
            });
        }
    }
    categories.sort_by_key(|k| k.number);
    // Stable: keeps catalog order within each requirement level.
    gaps.sort_by_key(|g| g.requirement);
    let focus_areas = catalog
        .focus_areas
        .iter()
        .filter_map(|f| {
            let mut fa = FocusAreaScore {
                id: f.id.clone(),
                score: Score::default(),
                counts: Counts::default(),
            };
            let mut any = false;
            for k in categories.iter().filter(|k| k.focus_area == f.id) {
                fa.score.add(k.score.earned, k.score.possible);
                for r in applicable.iter().filter(|r| r.c.category == k.number) {
                    fa.counts.add(r.standing, r.c.requirement);
                }
                any = true;
            }
            any.then_some(fa)
        })
        .collect();
    let qualifying = answers
        .best_practices
        .iter()
        .filter(|b| b.qualifies())
        .count();
    let grade = catalog.grading.as_ref().map(|g| {
        let standings: Vec<(CriterionId, u16, Standing)> = applicable
            .iter()
            .map(|r| (r.c.id, r.c.category, r.standing))
            .collect();
        crate::grading::grade(g, &crate::grading::items(catalog, &standings))
    });
    let tier = ladder(catalog, answers, &applicable, grade.as_ref());
    let results = applicable
        .iter()
        .map(|r| CriterionResult {
            id: r.c.id,
            requirement: r.c.requirement,
            category: r.c.category,
            standing: r.standing,
            age: r.age.clone(),
            waiver: r.waiver.clone(),
        })
        .collect();
    let outside = waivers
        .into_iter()
        .filter(|(id, _)| !applicable.iter().any(|r| r.c.id == *id))
        .collect();
    Assessment {
        as_of: as_of.to_string(),
        entity,
        score,
        must_score,
        counts,
        categories,
        focus_areas,
        gaps,
        tier,
        best_practices_claimed: answers.best_practices.len(),
        best_practices_qualifying: qualifying,
        results,
        waivers: outside,
        grade,
        computed,
        lower: None,
    }
}

/// One applicable criterion as the ladder sees it.
struct Row<'a> {
    c: &'a Criterion,
    standing: Standing,
    /// A computed item that could not be computed: why.
    undetermined: Option<String>,
    answer: Option<&'a Answer>,
    age: EvidenceAge,
    waiver: Option<WaiverOutcome>,
}

impl Row<'_> {
    /// Whether a waiver covers it on the as-of date.
    fn waived(&self) -> bool {
        self.waiver.as_ref().is_some_and(|w| w.state.holds())
    }
}

fn has_evidence(answer: Option<&Answer>) -> bool {
    answer.is_some_and(|a| !a.evidence.is_empty())
}

fn has_note(answer: Option<&Answer>) -> bool {
    answer.is_some_and(|a| a.note.is_some())
}

/// What failing `tier`'s requirements means, as blockers (empty when it is met).
fn blockers(
    tier: &Tier,
    answers: &Answers,
    rows: &[Row<'_>],
    grade: Option<&crate::grading::Grade>,
) -> Vec<Blocker> {
    let r = &tier.requires;
    let mut out = Vec::new();
    let about = |missing, row: &Row<'_>| Blocker {
        missing,
        criterion: Some(row.c.id),
        status: Some(row.standing),
        practice: None,
        elements: Vec::new(),
        aged_out: None,
        waiver: row.waiver.clone(),
        gate: None,
        why: None,
    };
    if let Some(level) = r.musts {
        // CBP does not waive a Must: a waiver changes nothing here.
        for row in rows.iter().filter(|x| x.c.requirement == Requirement::Must) {
            match row.standing {
                Standing::NotApplicable => {}
                Standing::Implemented => {
                    if level == MustLevel::Evidenced && !has_evidence(row.answer) {
                        out.push(about("evidence", row));
                    } else if level == MustLevel::Evidenced && row.age.freshness == Freshness::Stale
                    {
                        let mut b = about("fresh-evidence", row);
                        b.aged_out = row.age.evidence.clone().zip(row.age.until.clone());
                        out.push(b);
                    }
                }
                _ => out.push(about("implementation", row)),
            }
        }
    }
    if r.shoulds {
        for row in rows
            .iter()
            .filter(|x| x.c.requirement == Requirement::Should)
        {
            match row.standing {
                Standing::Implemented => {}
                // An accepted risk, while its waiver holds.
                _ if row.waived() => {}
                Standing::NotApplicable if has_note(row.answer) => {}
                Standing::NotApplicable => out.push(about("justification", row)),
                _ => out.push(about("implementation", row)),
            }
        }
    }
    for id in &r.criteria {
        if let Some(row) = rows.iter().find(|x| x.c.id == *id) {
            if row.standing != Standing::Implemented
                && !out.iter().any(|b| b.criterion == Some(*id))
            {
                out.push(about("implementation", row));
            }
        }
    }
    if r.grading {
        grade_blockers(grade, rows, &about, &mut out);
    }
    let qualifying = answers
        .best_practices
        .iter()
        .filter(|b| b.qualifies())
        .count();
    let needed = usize::try_from(r.best_practices).unwrap_or(usize::MAX);
    if qualifying < needed {
        out.push(Blocker {
            missing: "best-practice",
            criterion: None,
            status: None,
            practice: None,
            elements: Vec::new(),
            aged_out: None,
            waiver: None,
            gate: None,
            why: None,
        });
        for bp in answers.best_practices.iter().filter(|b| !b.qualifies()) {
            out.push(Blocker {
                missing: "best-practice-elements",
                criterion: None,
                status: None,
                practice: Some(bp.title.clone()),
                elements: bp.missing_elements(),
                aged_out: None,
                waiver: None,
                gate: None,
                why: None,
            });
        }
    }
    out
}

fn ladder(
    catalog: &Catalog,
    answers: &Answers,
    rows: &[Row<'_>],
    grade: Option<&crate::grading::Grade>,
) -> TierOutcome {
    let cbp_tiers = catalog
        .entity(answers.company.entity)
        .is_some_and(|e| e.cbp_tiers);
    let mut rank = 0;
    for (i, tier) in catalog.tiers.iter().enumerate().skip(1) {
        if blockers(tier, answers, rows, grade).is_empty() {
            rank = i;
        } else {
            break;
        }
    }
    let next = catalog.tiers.get(rank + 1);
    TierOutcome {
        id: catalog
            .tiers
            .get(rank)
            .map(|t| t.id.clone())
            .unwrap_or_default(),
        rank,
        cbp_tiers,
        reasons: match grade {
            Some(g) => grade_reasons(g, rows),
            None => reasons(answers, rows),
        },
        next: next.map(|t| t.id.clone()),
        blockers: next
            .map(|t| blockers(t, answers, rows, grade))
            .unwrap_or_default(),
    }
}

/// What keeps the grading gates from holding: each item failed or unanswered
/// (`implementation`), each article with too many items basically met (`gate-partial`), a
/// total under the pass line (`gate-total`). Without a grade (no `grading:` block, which
/// validation refuses beside `grading: pass`) the rung is out of reach.
fn grade_blockers(
    grade: Option<&crate::grading::Grade>,
    rows: &[Row<'_>],
    about: &dyn Fn(&'static str, &Row<'_>) -> Blocker,
    out: &mut Vec<Blocker>,
) {
    let gate = |missing: &'static str, g: GateBlock| Blocker {
        missing,
        criterion: None,
        status: None,
        practice: None,
        elements: Vec::new(),
        aged_out: None,
        waiver: None,
        gate: Some(g),
        why: None,
    };
    let Some(grade) = grade else {
        out.push(gate(
            "gate-total",
            GateBlock {
                gate: String::new(),
                category: None,
                count: 0,
                limit: 0,
            },
        ));
        return;
    };
    for g in grade.gates.iter().filter(|g| !g.holds) {
        match g.kind {
            "no_failed" => {
                for id in &g.items {
                    if let Some(row) = rows.iter().find(|r| r.c.id == *id) {
                        match &row.undetermined {
                            // A computed item whose figures are missing or unusable.
                            Some(why) => {
                                let mut b = about("figures", row);
                                b.why = Some(why.clone());
                                out.push(b);
                            }
                            None => out.push(about("implementation", row)),
                        }
                    }
                }
            }
            "max_partial_per_category" => {
                for (category, count) in &g.categories {
                    out.push(gate(
                        "gate-partial",
                        GateBlock {
                            gate: g.id.clone(),
                            category: Some(*category),
                            count: i64::from(*count),
                            limit: g.limit.unwrap_or(0),
                        },
                    ));
                }
            }
            _ => out.push(gate(
                "gate-total",
                GateBlock {
                    gate: g.id.clone(),
                    category: None,
                    count: grade.total,
                    limit: g.limit.unwrap_or(0),
                },
            )),
        }
    }
}

/// The facts behind a graded result: items failed, unanswered (or undetermined) and
/// basically met, or that every item of the general standard is met.
fn grade_reasons(grade: &crate::grading::Grade, rows: &[Row<'_>]) -> Vec<Reason> {
    let c = grade.counts;
    let total = usize::try_from(c.meets + c.basically + c.fails + c.not_applicable + c.unanswered)
        .unwrap_or(usize::MAX);
    let mut out = Vec::new();
    if grade.failed.is_empty() && grade.unanswered.is_empty() && grade.basically.is_empty() {
        out.push(Reason::new("grade-all-met", Vec::new(), total));
    }
    if !grade.failed.is_empty() {
        out.push(Reason::new("grade-failed", grade.failed.clone(), total));
    }
    if !grade.unanswered.is_empty() {
        out.push(Reason::new(
            "grade-unanswered",
            grade.unanswered.clone(),
            total,
        ));
    }
    if !grade.basically.is_empty() {
        out.push(Reason::new(
            "grade-basically",
            grade.basically.clone(),
            total,
        ));
    }
    let na: Vec<CriterionId> = rows
        .iter()
        .filter(|r| r.standing == Standing::NotApplicable)
        .map(|r| r.c.id)
        .collect();
    if !na.is_empty() {
        out.push(Reason::new("grade-not-applicable", na, total));
    }
    out
}

/// The facts behind the recommendation, in a fixed order.
fn reasons(answers: &Answers, rows: &[Row<'_>]) -> Vec<Reason> {
    let ids = |pred: &dyn Fn(&Row<'_>) -> bool| -> Vec<CriterionId> {
        rows.iter().filter(|r| pred(r)).map(|r| r.c.id).collect()
    };
    let must = |r: &Row<'_>| r.c.requirement == Requirement::Must;
    let should = |r: &Row<'_>| r.c.requirement == Requirement::Should;
    let musts_total = rows.iter().filter(|r| must(r)).count();
    let shoulds_total = rows.iter().filter(|r| should(r)).count();
    let mut out = Vec::new();
    let unmet = ids(&|r| must(r) && r.standing.is_gap());
    if unmet.is_empty() {
        out.push(Reason::new(
            "musts-implemented",
            ids(&|r| must(r) && r.standing == Standing::Implemented),
            musts_total,
        ));
        let implemented = |r: &Row<'_>| must(r) && r.standing == Standing::Implemented;
        let no_evidence = ids(&|r| implemented(r) && !has_evidence(r.answer));
        let stale = ids(&|r| implemented(r) && r.age.freshness == Freshness::Stale);
        if no_evidence.is_empty() && stale.is_empty() {
            out.push(Reason::new("musts-evidenced", Vec::new(), musts_total));
        }
        if !no_evidence.is_empty() {
            out.push(Reason::new("musts-lack-evidence", no_evidence, musts_total));
        }
        if !stale.is_empty() {
            out.push(Reason::new("musts-evidence-stale", stale, musts_total));
        }
    } else {
        out.push(Reason::new("musts-unmet", unmet, musts_total));
    }
    let musts_waived = ids(&|r| must(r) && r.standing.is_gap() && r.waived());
    if !musts_waived.is_empty() {
        out.push(Reason::new("musts-waived", musts_waived, musts_total));
    }
    let musts_na = ids(&|r| must(r) && r.standing == Standing::NotApplicable);
    if !musts_na.is_empty() {
        out.push(Reason::new("musts-not-applicable", musts_na, musts_total));
    }
    let open = |r: &Row<'_>| {
        r.standing.is_gap() || (r.standing == Standing::NotApplicable && !has_note(r.answer))
    };
    let shoulds_open = ids(&|r| should(r) && open(r) && !r.waived());
    if shoulds_open.is_empty() {
        out.push(Reason::new("shoulds-met", Vec::new(), shoulds_total));
    } else {
        out.push(Reason::new("shoulds-open", shoulds_open, shoulds_total));
    }
    let shoulds_waived = ids(&|r| should(r) && open(r) && r.waived());
    if !shoulds_waived.is_empty() {
        out.push(Reason::new("shoulds-waived", shoulds_waived, shoulds_total));
    }
    let expired = ids(&|r| r.waiver.as_ref().is_some_and(|w| !w.state.holds()));
    if !expired.is_empty() {
        out.push(Reason::new("waivers-expired", expired, rows.len()));
    }
    let unanswered = ids(&|r| r.standing == Standing::Unanswered);
    if !unanswered.is_empty() {
        out.push(Reason::new("unanswered", unanswered, rows.len()));
    }
    if !answers.best_practices.is_empty() {
        out.push(Reason {
            code: "best-practices",
            count: answers
                .best_practices
                .iter()
                .filter(|b| b.qualifies())
                .count(),
            total: answers.best_practices.len(),
            criteria: Vec::new(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{Answer, Answers, BestPractice, Company, Evidence, Status, Waiver};
    use crate::criteria::{embedded, load, Catalog};
    use crate::diagnostic::Source;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn catalog_text(version: &str) -> &'static str {
        embedded::get(version).expect("shipped").1
    }

    fn catalog(version: &str) -> Catalog {
        embedded::loaded(version).clone()
    }

    fn answer(status: Status, evidence: bool) -> Answer {
        Answer {
            status,
            evidence: if evidence {
                vec!["doc".into()]
            } else {
                Vec::new()
            },
            note: (status == Status::NotApplicable).then(|| "justified".to_string()),
            owner: None,
            due: None,
        }
    }

    fn answers(entity: Entity, map: BTreeMap<CriterionId, Answer>) -> Answers {
        Answers {
            criteria_version: None,
            company: Company {
                name: "Test".into(),
                entity,
                country: None,
                details: crate::answers::CompanyDetails::default(),
            },
            assessed_on: None,
            assessor: None,
            answers: map,
            best_practices: Vec::new(),
            waivers: Vec::new(),
            kept: crate::answers::Kept::default(),
            financials: None,
        }
    }

    /// Every applicable criterion answered `status`, with or without evidence.
    fn uniform(catalog: &Catalog, entity: Entity, status: Status, evidence: bool) -> Answers {
        let map = catalog
            .applicable(entity)
            .map(|c| (c.id, answer(status, evidence)))
            .collect();
        answers(entity, map)
    }

    fn full_practice() -> BestPractice {
        BestPractice {
            title: "Seal photos".into(),
            criteria: vec![CriterionId::new(7, 5)],
            senior_management_support: true,
            innovative: true,
            documented: true,
            verified: true,
            checks_and_balances: true,
            evidence: vec!["SOP-17".into()],
        }
    }

    fn id(s: &str) -> CriterionId {
        s.parse().expect("valid id")
    }

    #[test]
    fn empty_answers_score_zero_and_are_not_ready() {
        let c = catalog("2023.01");
        let a = assess(
            &c,
            &answers(Entity::Importer, BTreeMap::new()),
            crate::calendar::date("2026-11-30").expect("a date"),
        );
        assert_eq!(a.score.earned, 0);
        assert_eq!(a.score.percent_tenths, 0);
        assert_eq!(a.tier.id, "not_ready");
        assert_eq!(a.counts.applicable, 93);
        assert_eq!(a.counts.unanswered, 93);
        assert_eq!(a.gaps.len(), 93);
        // Musts first, then Shoulds, each in catalog order.
        let first_should = a
            .gaps
            .iter()
            .position(|g| g.requirement == Requirement::Should)
            .expect("shoulds");
        assert!(a.gaps[..first_should]
            .iter()
            .all(|g| g.requirement == Requirement::Must));
        assert!(a.gaps[first_should..]
            .iter()
            .all(|g| g.requirement == Requirement::Should));
        assert!(a.gaps[..first_should].windows(2).all(|w| w[0].id < w[1].id));
    }

    #[test]
    fn weights_and_half_points() {
        let c = catalog("2023.01");
        // 1.1 is a Should (weight 1), 1.3 a Must (weight 3).
        let mut map = BTreeMap::new();
        map.insert(id("1.1"), answer(Status::Partial, false));
        map.insert(id("1.3"), answer(Status::Implemented, true));
        let a = assess(
            &c,
            &answers(Entity::Importer, map),
            crate::calendar::date("2026-11-30").expect("a date"),
        );
        // Doubled points: 1.1 partial = 1 × 1, 1.3 implemented = 2 × 3.
        assert_eq!(a.score.earned, 1 + 6);
        // Possible: 60 Musts × 3 × 2 + 33 Shoulds × 1 × 2.
        assert_eq!(a.score.possible, 60 * 6 + 33 * 2);
        let cat1 = a
            .categories
            .iter()
            .find(|k| k.number == 1)
            .expect("category 1");
        // Category 1: 1.1 S, 1.2 S, 1.3 M, 1.4 M → possible 2+2+6+6 = 16, earned 7.
        assert_eq!((cat1.score.earned, cat1.score.possible), (7, 16));
        assert_eq!(cat1.score.percent_tenths, 438); // 43.75 % rounds half up to 43.8
    }

    #[test]
    fn not_applicable_leaves_the_denominator() {
        let c = catalog("2023.01");
        let a = assess(
            &c,
            &uniform(&c, Entity::Importer, Status::NotApplicable, false),
            crate::calendar::date("2026-11-30").expect("a date"),
        );
        assert_eq!(a.score.possible, 0);
        assert_eq!(a.score.percent_tenths, 1000);
        assert_eq!(a.counts.not_applicable, 93);
    }

    #[test]
    fn the_ladder() {
        let c = catalog("2023.01");
        let e = Entity::Importer;
        assert_eq!(
            assess(
                &c,
                &uniform(&c, e, Status::Partial, true),
                crate::calendar::date("2026-11-30").expect("a date")
            )
            .tier
            .id,
            "not_ready"
        );
        let t1 = assess(
            &c,
            &uniform(&c, e, Status::Implemented, false),
            crate::calendar::date("2026-11-30").expect("a date"),
        );
        assert_eq!(t1.tier.id, "tier_1");
        assert_eq!(t1.tier.next.as_deref(), Some("tier_2"));
        assert_eq!(t1.tier.blockers.len(), 60);
        assert!(t1.tier.blockers.iter().all(|b| b.missing == "evidence"));
        let t2 = assess(
            &c,
            &uniform(&c, e, Status::Implemented, true),
            crate::calendar::date("2026-11-30").expect("a date"),
        );
        assert_eq!(t2.tier.id, "tier_2");
        assert_eq!(t2.tier.blockers.len(), 1);
        assert_eq!(t2.tier.blockers[0].missing, "best-practice");
        let mut with_practice = uniform(&c, e, Status::Implemented, true);
        with_practice.best_practices.push(full_practice());
        let t3 = assess(
            &c,
            &with_practice,
            crate::calendar::date("2026-11-30").expect("a date"),
        );
        assert_eq!(t3.tier.id, "tier_3");
        assert_eq!(t3.tier.next, None);
        assert!(t3.tier.blockers.is_empty());
        assert_eq!(t3.score.percent_tenths, 1000);
    }

    #[test]
    fn a_practice_missing_an_element_does_not_count() {
        let c = catalog("2023.01");
        let mut a = uniform(&c, Entity::Importer, Status::Implemented, true);
        a.best_practices.push(BestPractice {
            innovative: false,
            evidence: Vec::new(),
            ..full_practice()
        });
        let result = assess(&c, &a, crate::calendar::date("2026-11-30").expect("a date"));
        assert_eq!(result.tier.id, "tier_2");
        let detail = result
            .tier
            .blockers
            .iter()
            .find(|b| b.missing == "best-practice-elements")
            .expect("names the claimed practice");
        assert_eq!(detail.elements, vec!["innovative", "evidence"]);
    }

    #[test]
    fn criterion_3_9_blocks_only_in_2023() {
        let mut map: BTreeMap<CriterionId, Answer> = BTreeMap::new();
        for version in ["2020.03", "2023.01"] {
            let c = catalog(version);
            map = c
                .applicable(Entity::Importer)
                .map(|k| (k.id, answer(Status::Implemented, true)))
                .collect();
            map.insert(id("3.9"), answer(Status::NotImplemented, false));
            let a = assess(
                &c,
                &answers(Entity::Importer, map.clone()),
                crate::calendar::date("2026-11-30").expect("a date"),
            );
            let expected = if version == "2020.03" {
                "tier_2"
            } else {
                "not_ready"
            };
            assert_eq!(a.tier.id, expected, "criteria {version}");
        }
        assert_eq!(map.len(), 93);
    }

    #[test]
    fn should_not_applicable_needs_a_note_for_tier_3() {
        let c = catalog("2023.01");
        let mut a = uniform(&c, Entity::Importer, Status::Implemented, true);
        a.best_practices.push(full_practice());
        a.answers.insert(
            id("1.1"),
            Answer {
                note: None,
                ..answer(Status::NotApplicable, false)
            },
        );
        let result = assess(&c, &a, crate::calendar::date("2026-11-30").expect("a date"));
        assert_eq!(result.tier.id, "tier_2");
        assert_eq!(result.tier.blockers[0].missing, "justification");
    }

    #[test]
    fn other_entities_use_the_same_ladder_without_cbp_tiers() {
        let c = catalog("2023.01");
        let a = assess(
            &c,
            &uniform(&c, Entity::Exporter, Status::Implemented, true),
            crate::calendar::date("2026-11-30").expect("a date"),
        );
        assert_eq!(a.tier.id, "tier_2");
        assert!(!a.tier.cbp_tiers);
        assert_eq!(a.counts.applicable, c.applicable(Entity::Exporter).count());
    }

    fn statuses() -> impl Strategy<Value = Vec<(u8, bool)>> {
        prop::collection::vec((0u8..5, any::<bool>()), 97)
    }

    /// Answers from generated (status, evidence) pairs; status 4 = unanswered.
    fn generated(c: &Catalog, entity: Entity, picks: &[(u8, bool)]) -> Answers {
        let mut map = BTreeMap::new();
        for (k, (s, ev)) in c.applicable(entity).zip(picks) {
            let status = match s {
                0 => Status::Implemented,
                1 => Status::Partial,
                2 => Status::NotImplemented,
                3 => Status::NotApplicable,
                _ => continue,
            };
            map.insert(k.id, answer(status, *ev));
        }
        answers(entity, map)
    }

    /// Per applicable importer criterion: a status (4 = unanswered) and an evidence shape
    /// (0 none, 1 undated, 2 dated, 3 dated with an end, 4 an end only) at day offsets.
    fn timed_picks() -> impl Strategy<Value = Vec<(u8, u8, u16, u16)>> {
        prop::collection::vec((0u8..5, 0u8..5, 0u16..1500, 0u16..900), 93)
    }

    /// 2024-01-01 plus `days`.
    fn base_plus(days: u16) -> crate::calendar::Date {
        crate::calendar::add_days(
            crate::calendar::date("2024-01-01").expect("a date"),
            i32::from(days),
        )
    }

    /// Importer answers from [`timed_picks`], with waivers on the picked criteria expiring
    /// at the given offsets (Musts and Shoulds alike).
    fn timed_answers(
        c: &Catalog,
        picks: &[(u8, u8, u16, u16)],
        waived: &[(prop::sample::Index, u16)],
    ) -> Answers {
        let mut map = BTreeMap::new();
        let applicable: Vec<CriterionId> = c.applicable(Entity::Importer).map(|x| x.id).collect();
        for (id, (s, shape, from, span)) in applicable.iter().zip(picks) {
            let status = match s {
                0 => Status::Implemented,
                1 => Status::Partial,
                2 => Status::NotImplemented,
                3 => Status::NotApplicable,
                _ => continue,
            };
            let start = base_plus(*from).to_string();
            let end = base_plus(from.saturating_add(*span)).to_string();
            let evidence = match shape {
                0 => Vec::new(),
                1 => vec![Evidence::from("undated")],
                2 => vec![Evidence {
                    text: "dated".into(),
                    date: Some(start),
                    valid_until: None,
                }],
                3 => vec![Evidence {
                    text: "both".into(),
                    date: Some(start),
                    valid_until: Some(end),
                }],
                _ => vec![Evidence {
                    text: "end".into(),
                    date: None,
                    valid_until: Some(end),
                }],
            };
            map.insert(
                *id,
                Answer {
                    evidence,
                    ..answer(status, false)
                },
            );
        }
        let mut a = answers(Entity::Importer, map);
        for (which, expires) in waived {
            let id = applicable[which.index(applicable.len())];
            if a.waivers.iter().any(|w| w.criterion == id) {
                continue;
            }
            a.waivers.push(Waiver {
                criterion: id,
                justification: "accepted".into(),
                approved_by: None,
                approved_on: None,
                expires: Some(base_plus(*expires).to_string()),
                compensating_controls: Vec::new(),
                evidence: Vec::new(),
            });
        }
        a
    }

    /// The criteria file with its criteria in another order.
    fn reordered(text: &str, seed: u64) -> String {
        let (head, body) =
            text.split_at(text.find("\ncriteria:\n").expect("criteria section") + 11);
        let mut items: Vec<String> = body.split("\n  - id: ").map(str::to_string).collect();
        let first = items.remove(0);
        let mut state = seed | 1;
        for i in (1..items.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let j = usize::try_from(state % (i as u64 + 1)).expect("small");
            items.swap(i, j);
        }
        let mut out = format!("{head}{first}");
        for item in items {
            out.push_str("\n  - id: ");
            out.push_str(item.trim_end_matches('\n'));
            out.push('\n');
        }
        out
    }

    /// A number for a catalog field: small, at a bound, or anything a `u32` holds.
    fn catalog_number() -> impl Strategy<Value = u32> {
        prop_oneof![
            0u32..5,
            Just(crate::criteria::bounds::POINTS),
            Just(crate::criteria::bounds::POINTS + 1),
            Just(u32::MAX),
            any::<u32>(),
        ]
    }

    /// The shipped catalog with its scoring numbers and Tier 3's best-practice count replaced.
    fn with_numbers(points: [u32; 3], weights: [u32; 2], practices: u32) -> String {
        let [implemented, partial, not_implemented] = points;
        let [must, should] = weights;
        catalog_text("2023.01")
            .replace(
                "points: { implemented: 2, partial: 1, not_implemented: 0 }",
                &format!("points: {{ implemented: {implemented}, partial: {partial}, not_implemented: {not_implemented} }}"),
            )
            .replace(
                "weights: { must: 3, should: 1 }",
                &format!("weights: {{ must: {must}, should: {should} }}"),
            )
            .replace("best_practices: 1\n", &format!("best_practices: {practices}\n"))
    }

    /// Regression: `ctpat validate` accepted a catalog whose points and weights overflowed
    /// scoring (a panic, or a division by zero once the sum wrapped) or scored 0.0 %.
    #[test]
    fn huge_catalog_numbers_are_refused_and_score_without_overflow() {
        let text = with_numbers([u32::MAX, u32::MAX, 0], [u32::MAX, u32::MAX], u32::MAX);
        let refused = crate::criteria::load(&crate::diagnostic::Source::new("huge.yaml", &text))
            .expect_err("out of range");
        let codes: Vec<&str> = refused.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(
            codes
                .iter()
                .filter(|c| **c == "number-out-of-range")
                .count(),
            5,
            "{codes:?}"
        );
        // Scoring itself never overflows, even on a catalog that skipped validation.
        let mut c = catalog("2023.01");
        c.scoring.points.implemented = u32::MAX;
        c.scoring.points.partial = u32::MAX;
        c.scoring.weights.must = u32::MAX;
        c.scoring.weights.should = u32::MAX;
        let a = assess(
            &c,
            &uniform(&c, Entity::Importer, Status::Implemented, true),
            crate::calendar::date("2026-11-30").expect("a date"),
        );
        assert_eq!(a.score.percent_tenths, 1000);
        let a = assess(
            &c,
            &uniform(&c, Entity::Importer, Status::Partial, true),
            crate::calendar::date("2026-11-30").expect("a date"),
        );
        assert_eq!(
            a.score.percent_tenths, 1000,
            "partial is worth implemented here"
        );
    }

    fn item(text: &str, date: Option<&str>, until: Option<&str>) -> Evidence {
        Evidence {
            text: text.into(),
            date: date.map(str::to_string),
            valid_until: until.map(str::to_string),
        }
    }

    fn day(s: &str) -> crate::calendar::Date {
        crate::calendar::date(s).expect("a date")
    }

    #[test]
    fn evidence_ages_by_its_recurrence_and_its_own_end() {
        let annual = Some(12);
        let ra = [item("RA-2025", Some("2025-03-01"), None)];
        // Fresh until 2026-03-01 inclusive, expiring within 30 days of it, stale after.
        assert_eq!(
            evidence_age(&ra, annual, day("2026-01-29"), 30).freshness,
            Freshness::Fresh
        );
        let soon = evidence_age(&ra, annual, day("2026-02-01"), 30);
        assert_eq!(soon.freshness, Freshness::Expiring);
        assert_eq!(soon.until.as_deref(), Some("2026-03-01"));
        assert_eq!(
            evidence_age(&ra, annual, day("2026-03-01"), 30).freshness,
            Freshness::Expiring
        );
        let stale = evidence_age(&ra, annual, day("2026-03-02"), 30);
        assert_eq!(stale.freshness, Freshness::Stale);
        assert_eq!(stale.evidence.as_deref(), Some("RA-2025"));
        // A dated item with no rule never ages; valid_until wins over the rule.
        assert_eq!(
            evidence_age(&ra, None, day("2040-01-01"), 30).freshness,
            Freshness::Fresh
        );
        let cert = [item("ISO cert", Some("2025-03-01"), Some("2025-06-30"))];
        assert_eq!(
            evidence_age(&cert, annual, day("2025-07-01"), 30).freshness,
            Freshness::Stale
        );
        // The best item decides: a stale one beside an undated one is undated; beside a
        // fresh one, fresh.
        let mixed = [
            item("old", Some("2020-01-01"), None),
            item("binder", None, None),
        ];
        assert_eq!(
            evidence_age(&mixed, annual, day("2026-11-30"), 30).freshness,
            Freshness::Undated
        );
        let renewed = [
            item("old", Some("2020-01-01"), None),
            item("new", Some("2026-11-01"), None),
        ];
        let age = evidence_age(&renewed, annual, day("2026-11-30"), 30);
        assert_eq!(
            (age.freshness, age.evidence.as_deref()),
            (Freshness::Fresh, Some("new"))
        );
        assert_eq!(
            evidence_age(&[], annual, day("2026-11-30"), 30).freshness,
            Freshness::None
        );
    }

    #[test]
    fn a_stale_must_blocks_tier_2_and_a_waiver_frees_only_shoulds() {
        let c = catalog("2023.01");
        let mut a = uniform(&c, Entity::Importer, Status::Implemented, true);
        let as_of = day("2026-11-30");
        assert_eq!(assess(&c, &a, as_of).tier.id, "tier_2");
        // 2.3 (annual risk-assessment review) with last year's evidence only.
        let ra = CriterionId::new(2, 3);
        a.answers.get_mut(&ra).expect("2.3").evidence =
            vec![item("RA-2025", Some("2025-03-01"), None)];
        let t = assess(&c, &a, as_of).tier;
        assert_eq!(t.id, "tier_1");
        let b = &t.blockers[0];
        assert_eq!((b.missing, b.criterion), ("fresh-evidence", Some(ra)));
        assert_eq!(
            b.aged_out,
            Some(("RA-2025".to_string(), "2026-03-01".to_string()))
        );
        // A waiver changes nothing for a Must, and the reason says so.
        let must = c
            .applicable(Entity::Importer)
            .find(|x| x.requirement == Requirement::Must)
            .expect("a Must")
            .id;
        let should = c
            .applicable(Entity::Importer)
            .find(|x| x.requirement == Requirement::Should)
            .expect("a Should")
            .id;
        let mut b2 = uniform(&c, Entity::Importer, Status::Implemented, true);
        b2.best_practices.push(full_practice());
        b2.answers.insert(must, answer(Status::Partial, true));
        b2.answers
            .insert(should, answer(Status::NotImplemented, false));
        let waiver = |id, expires: &str| Waiver {
            criterion: id,
            justification: "accepted".into(),
            approved_by: None,
            approved_on: None,
            expires: Some(expires.into()),
            compensating_controls: Vec::new(),
            evidence: Vec::new(),
        };
        b2.waivers = vec![waiver(must, "2027-06-30")];
        let r = assess(&c, &b2, as_of);
        assert_eq!(r.tier.id, "not_ready");
        assert!(r.tier.reasons.iter().any(|x| x.code == "musts-waived"));
        // With the Must fixed, the open Should blocks Tier 3 until it is waived...
        b2.answers.insert(must, answer(Status::Implemented, true));
        assert_eq!(assess(&c, &b2, as_of).tier.id, "tier_2");
        b2.waivers.push(waiver(should, "2027-06-30"));
        let r = assess(&c, &b2, as_of);
        assert_eq!(r.tier.id, "tier_3");
        assert!(r.tier.reasons.iter().any(|x| x.code == "shoulds-waived"));
        // ...and blocks again once the waiver has expired.
        let r = assess(&c, &b2, day("2027-07-01"));
        assert_eq!(r.tier.id, "tier_2");
        assert!(r.tier.reasons.iter().any(|x| x.code == "waivers-expired"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn score_is_within_bounds(picks in statuses(), entity in 0usize..13) {
            let c = catalog("2023.01");
            let a = assess(&c, &generated(&c, Entity::ALL[entity], &picks), crate::calendar::date("2026-11-30").expect("a date"));
            prop_assert!(a.score.earned <= a.score.possible);
            prop_assert!(a.score.percent_tenths <= 1000);
            prop_assert!(a.score.percent() >= 0.0 && a.score.percent() <= 100.0);
            for k in &a.categories {
                prop_assert!(k.score.percent_tenths <= 1000);
            }
            prop_assert_eq!(a.counts.applicable, c.applicable(Entity::ALL[entity]).count());
        }

        /// Any catalog criteria validation accepts scores without panic, within 0..=100 %.
        #[test]
        fn any_valid_catalog_scores_within_bounds(
            points in [catalog_number(), catalog_number(), catalog_number()],
            weights in [catalog_number(), catalog_number()],
            practices in catalog_number(),
            picks in statuses(),
            entity in 0usize..13,
        ) {
            let text = with_numbers(points, weights, practices);
            let source = crate::diagnostic::Source::new("generated.yaml", &text);
            let Ok(loaded) = crate::criteria::load(&source) else {
                // Refused: within bounds, only the order rules (bad-points, bad-weights) refuse.
                let in_bounds = points.iter().chain(&weights).chain([&practices]).all(|n| *n <= 1000);
                let ordered = points[0] > 0 && points[1] <= points[0] && points[2] <= points[1]
                    && weights[1] > 0 && weights[1] <= weights[0];
                prop_assert!(!(in_bounds && ordered), "a catalog within bounds was refused");
                return Ok(());
            };
            let c = loaded.value;
            let a = assess(&c, &generated(&c, Entity::ALL[entity], &picks), crate::calendar::date("2026-11-30").expect("a date"));
            prop_assert!(a.score.earned <= a.score.possible);
            prop_assert!(a.score.percent_tenths <= 1000);
            prop_assert!(a.must_score.percent_tenths <= 1000);
            for k in &a.categories {
                prop_assert!(k.score.earned <= k.score.possible);
                prop_assert!(k.score.percent_tenths <= 1000);
            }
            for f in &a.focus_areas {
                prop_assert!(f.score.percent_tenths <= 1000);
            }
        }

        #[test]
        fn fixing_a_gap_never_lowers_score_or_tier(picks in statuses(), which in any::<prop::sample::Index>()) {
            let c = catalog("2023.01");
            let before_answers = generated(&c, Entity::Importer, &picks);
            let before = assess(&c, &before_answers, crate::calendar::date("2026-11-30").expect("a date"));
            prop_assume!(!before.gaps.is_empty());
            let gap = &before.gaps[which.index(before.gaps.len())];
            let mut after_answers = before_answers.clone();
            let evidence = after_answers.answers.get(&gap.id).map(|a| a.evidence.clone()).unwrap_or_default();
            after_answers.answers.insert(gap.id, Answer { evidence, ..answer(Status::Implemented, false) });
            let after = assess(&c, &after_answers, crate::calendar::date("2026-11-30").expect("a date"));
            prop_assert!(after.score.earned >= before.score.earned);
            prop_assert!(after.score.percent_tenths >= before.score.percent_tenths);
            prop_assert!(after.tier.rank >= before.tier.rank);
            prop_assert_eq!(after.gaps.len() + 1, before.gaps.len());
        }

        /// Time only takes away: a later as-of date never raises the tier, never makes a
        /// criterion's evidence fresher and never revives a waiver; points do not move.
        #[test]
        fn a_later_as_of_date_never_makes_an_assessment_better(
            picks in timed_picks(),
            waived in prop::collection::vec((any::<prop::sample::Index>(), 0u16..1500), 0..6),
            day in 0u16..1500,
            later in 0u16..800,
        ) {
            let c = catalog("2023.01");
            let a = timed_answers(&c, &picks, &waived);
            let early = assess(&c, &a, base_plus(day));
            let late = assess(&c, &a, base_plus(day + later));
            prop_assert!(late.tier.rank <= early.tier.rank);
            prop_assert_eq!(late.score, early.score);
            for (e, l) in early.results.iter().zip(&late.results) {
                prop_assert_eq!(e.id, l.id);
                prop_assert!(l.age.freshness >= e.age.freshness, "{} got fresher", e.id);
                let state = |r: &CriterionResult| r.waiver.as_ref().map(|w| w.state);
                prop_assert!(state(l) >= state(e), "{}'s waiver revived", e.id);
            }
        }

        /// Evidence dated on the as-of date is as fresh as evidence gets: adding it never
        /// lowers the tier or the points, and the criterion ends fresh.
        #[test]
        fn adding_fresh_evidence_never_makes_an_assessment_worse(
            picks in timed_picks(),
            which in any::<prop::sample::Index>(),
            day in 0u16..1500,
        ) {
            let c = catalog("2023.01");
            let mut a = timed_answers(&c, &picks, &[]);
            let as_of = base_plus(day);
            let before = assess(&c, &a, as_of);
            let ids: Vec<CriterionId> = a.answers.keys().copied().collect();
            prop_assume!(!ids.is_empty());
            let id = ids[which.index(ids.len())];
            if let Some(answer) = a.answers.get_mut(&id) {
                answer.evidence.push(Evidence {
                    text: "renewed".into(),
                    date: Some(as_of.to_string()),
                    valid_until: None,
                });
            }
            let after = assess(&c, &a, as_of);
            prop_assert!(after.tier.rank >= before.tier.rank);
            prop_assert_eq!(after.score, before.score);
            let fresh = after.results.iter().find(|r| r.id == id).map(|r| r.age.freshness);
            prop_assert_eq!(fresh, Some(Freshness::Fresh));
        }

        /// A waiver can lift the ladder only as far as the Musts allow: never past the tier
        /// the same answers reach with every Should implemented and no waiver at all; and it
        /// never lowers the tier.
        #[test]
        fn a_waiver_never_raises_a_tier_past_what_the_musts_allow(
            picks in timed_picks(),
            waived in prop::collection::vec((any::<prop::sample::Index>(), 0u16..1500), 0..12),
            day in 0u16..1500,
        ) {
            let c = catalog("2023.01");
            let as_of = base_plus(day);
            let with = timed_answers(&c, &picks, &waived);
            let mut without = with.clone();
            without.waivers.clear();
            let mut ceiling = without.clone();
            for crit in c.applicable(Entity::Importer).filter(|x| x.requirement == Requirement::Should) {
                ceiling.answers.insert(crit.id, answer(Status::Implemented, false));
            }
            let rank = assess(&c, &with, as_of).tier.rank;
            prop_assert!(rank >= assess(&c, &without, as_of).tier.rank);
            prop_assert!(rank <= assess(&c, &ceiling, as_of).tier.rank);
        }

        #[test]
        fn criteria_order_in_the_file_does_not_matter(picks in statuses(), seed in any::<u64>()) {
            let original = catalog("2023.01");
            let text = reordered(catalog_text("2023.01"), seed);
            prop_assert_ne!(text.as_str(), catalog_text("2023.01"));
            let shuffled = load(&Source::new("shuffled", text)).expect("reordered catalog is valid").value;
            let a = generated(&original, Entity::ForeignManufacturer, &picks);
            prop_assert_eq!(assess(&original, &a, crate::calendar::date("2026-11-30").expect("a date")), assess(&shuffled, &a, crate::calendar::date("2026-11-30").expect("a date")));
        }
    }

    // ---- graded catalogs (China Customs' AEO standards) ---------------------------------

    const ADVANCED: &str = "gacc-aeo-2026-advanced";
    const CERTIFIED: &str = "gacc-aeo-2026-certified";

    /// Figures that meet every ratio of both standards, a producer with a clean opinion.
    fn sound_figures() -> crate::finance::Financials {
        use crate::finance::{Amount, Figure as F};
        let figures = [
            (F::TotalAssets, 100_000),
            (F::TotalAssetsOpening, 90_000),
            (F::TotalLiabilities, 60_000),
            (F::CurrentAssets, 50_000),
            (F::CurrentLiabilities, 40_000),
            (F::Cash, 9_000),
            (F::TradingFinancialAssets, 0),
            (F::NetOperatingCashFlow, 7_000),
            (F::Revenue, 150_000),
            (F::CostOfSales, 120_000),
            (F::OperatingProfit, 6_000),
            (F::NetProfit, 4_500),
            (F::TotalProfit, 5_200),
            (F::InterestExpense, 800),
        ]
        .into_iter()
        .map(|(f, v)| (f, Amount::whole(v)))
        .collect();
        crate::finance::Financials {
            year: Some(2025),
            producer: Some(true),
            audit_opinion: Some(crate::finance::AuditOpinion::Unqualified),
            in_liquidation: Some(false),
            figures,
        }
    }

    /// A factory's answers to a GACC standard: `status` per item in order (computed items
    /// are left to the figures).
    fn factory(catalog: &Catalog, statuses: &[Status]) -> Answers {
        let map = catalog
            .applicable(Entity::ForeignManufacturer)
            .filter(|c| c.computed.is_none())
            .zip(statuses.iter().cycle())
            .map(|(c, s)| (c.id, answer(*s, true)))
            .collect();
        Answers {
            financials: Some(sound_figures()),
            ..answers(Entity::ForeignManufacturer, map)
        }
    }

    fn graded(version: &str, a: &Answers) -> Assessment {
        assess(embedded::loaded(version), a, day("2026-11-30"))
    }

    fn lower_of(a: &Answers) -> Assessment {
        let (upper, lower) = (embedded::loaded(ADVANCED), embedded::loaded(CERTIFIED));
        let mapping = crate::mapping::between(upper, lower, None).expect("shipped mapping");
        with_lower(
            graded(ADVANCED, a),
            a,
            upper,
            lower,
            &mapping,
            day("2026-11-30"),
        )
    }

    #[test]
    fn a_factory_meeting_every_item_reaches_the_advanced_level() {
        let a = factory(embedded::loaded(ADVANCED), &[Status::Implemented]);
        let r = graded(ADVANCED, &a);
        let g = r.grade.as_ref().expect("graded");
        assert!(g.passes, "{g:?}");
        assert_eq!((g.total, g.bonus), (102, 2));
        assert_eq!(r.tier.id, "gacc_advanced");
        assert!(
            r.computed
                .iter()
                .all(|c| c.status == Some(Status::Implemented)),
            "{:?}",
            r.computed
        );
    }

    #[test]
    fn four_basically_met_items_in_one_article_fall_back_to_the_certified_level() {
        let catalog = embedded::loaded(ADVANCED);
        let mut a = factory(catalog, &[Status::Implemented]);
        for n in [44, 45, 46, 47] {
            a.answers
                .insert(CriterionId::item(n), answer(Status::Partial, true));
        }
        let r = lower_of(&a);
        assert_eq!(r.tier.id, "not_ready");
        assert!(r.tier.blockers.iter().any(|b| b.missing == "gate-partial"));
        let lower = r.lower.expect("graded against the certified standard");
        // (47) has no certified counterpart: three basically-met items remain in article 18.
        assert!(lower.passes, "{lower:?}");
        assert_eq!(lower.tier, "gacc_certified");
    }

    #[test]
    fn without_figures_the_finance_items_are_undetermined_and_block() {
        let catalog = embedded::loaded(ADVANCED);
        let a = Answers {
            financials: None,
            ..factory(catalog, &[Status::Implemented])
        };
        let r = graded(ADVANCED, &a);
        let g = r.grade.expect("graded");
        assert!(!g.passes);
        let ids: Vec<String> = g.unanswered.iter().map(ToString::to_string).collect();
        assert_eq!(ids, ["(12)", "(13)", "(14)", "(15)"]);
    }

    /// A general item's status from an index: implemented, partial or failed.
    fn step(i: u8) -> Status {
        [Status::NotImplemented, Status::Partial, Status::Implemented][usize::from(i % 3)]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// A failed item of the general standard blocks the level of its standard, and,
        /// when the item has a certified counterpart, the certified level too.
        #[test]
        fn a_failed_item_always_blocks_every_level(
            statuses in proptest::collection::vec(0u8..3, 74),
            pick in 0usize..64,
        ) {
            let catalog = embedded::loaded(ADVANCED);
            let general: Vec<CriterionId> = catalog
                .applicable(Entity::ForeignManufacturer)
                .filter(|c| c.computed.is_none() && c.requirement == Requirement::Must)
                .map(|c| c.id)
                .collect();
            let mut a = factory(catalog, &statuses.iter().map(|i| step(*i)).collect::<Vec<_>>());
            let failed = general[pick % general.len()];
            a.answers.insert(failed, answer(Status::NotImplemented, true));
            let r = lower_of(&a);
            prop_assert_eq!(r.tier.id.as_str(), "not_ready");
            let mapping = crate::mapping::between(catalog, embedded::loaded(CERTIFIED), None)
                .expect("shipped mapping");
            let counterpart = mapping
                .rows
                .iter()
                .any(|row| row.from.as_deref() == Some(failed.to_string().as_str()) && row.to.is_some());
            if counterpart {
                let lower = r.lower.expect("graded against the certified standard");
                prop_assert!(!lower.passes);
                prop_assert_eq!(lower.tier.as_str(), "not_ready");
            }
            for version in [ADVANCED, CERTIFIED] {
                let c = embedded::loaded(version);
                let mut b = factory(c, &[Status::Implemented]);
                let id = c.applicable(Entity::ForeignManufacturer)
                    .filter(|x| x.computed.is_none() && x.requirement == Requirement::Must)
                    .nth(pick % 50)
                    .map(|x| x.id)
                    .expect("items");
                b.answers.insert(id, answer(Status::NotImplemented, true));
                let tier = graded(version, &b).tier.id;
                prop_assert_eq!(tier.as_str(), "not_ready");
            }
        }

        /// Improving one answer (failed → basically met → met) never lowers the total.
        #[test]
        fn improving_an_answer_never_lowers_the_total(
            statuses in proptest::collection::vec(0u8..3, 74),
            pick in 0usize..70,
            certified in proptest::bool::ANY,
        ) {
            let version = if certified { CERTIFIED } else { ADVANCED };
            let catalog = embedded::loaded(version);
            let a = factory(catalog, &statuses.iter().map(|i| step(*i)).collect::<Vec<_>>());
            let ids: Vec<CriterionId> = a.answers.keys().copied().collect();
            let id = ids[pick % ids.len()];
            let before = graded(version, &a).grade.expect("graded").total;
            let better = match a.answers[&id].status {
                Status::NotImplemented => Status::Partial,
                _ => Status::Implemented,
            };
            let mut b = a.clone();
            b.answers.insert(id, answer(better, true));
            let after = graded(version, &b).grade.expect("graded").total;
            prop_assert!(after >= before, "{id}: {before} -> {after}");
        }
    }
}
