//! Comparing two assessments of one company: what got better, what got worse, and how much
//! of a score change the company made and how much a change of criteria version made.
//!
//! [`compare`] is pure: it takes two scored assessments (each with its own catalog, so OLD
//! may be on 2020.03 and NEW on 2023.01) and, optionally, OLD's answers carried to NEW's
//! criteria version and scored there, which is what splits the score change. The result is
//! data; [`document`] turns it into the `ctpat-compare/1` document in one language and
//! [`render`] prints that for a terminal or as Markdown.

pub mod document;
pub mod render;

use crate::answers::{Answers, Status};
use crate::criteria::{Catalog, CriterionId, Entity, Requirement};
use crate::scoring::{Assessment, CriterionResult, Freshness, Score, Standing};
use serde::Serialize;

/// One scored assessment: the catalog it was scored against, its validated answers and the
/// scoring result.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// The catalog (criteria version, with any tailoring) the answers were scored against.
    pub catalog: &'a Catalog,
    /// The validated answers.
    pub answers: &'a Answers,
    /// The result of scoring them.
    pub assessment: &'a Assessment,
}

/// A value before and after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Pair<T> {
    /// In the OLD assessment.
    pub old: T,
    /// In the NEW assessment.
    pub new: T,
}

/// A tier on a catalog's ladder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TierAt {
    /// Tier id (`not_ready`, `tier_1`, ...).
    pub id: String,
    /// Position on the ladder, 0 = lowest.
    pub rank: usize,
}

/// One criterion on either side's list for the company's entity type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CriterionChange {
    /// Criterion id.
    pub id: CriterionId,
    /// Must or Should in the OLD catalog; `None` when it is not on OLD's list.
    pub old_requirement: Option<Requirement>,
    /// Must or Should in the NEW catalog; `None` when it is not on NEW's list.
    pub new_requirement: Option<Requirement>,
    /// The standing in OLD; `None` when the criterion is not on OLD's list.
    pub old: Option<Standing>,
    /// The standing in NEW; `None` when the criterion is not on NEW's list.
    pub new: Option<Standing>,
}

impl CriterionChange {
    /// The requirement the criterion has now (NEW's), else OLD's.
    #[must_use]
    pub fn requirement(&self) -> Requirement {
        self.new_requirement
            .or(self.old_requirement)
            .unwrap_or(Requirement::Should)
    }
}

/// How a score change splits when the criteria version changed: OLD's answers, carried to
/// NEW's version and scored there, stand between OLD and NEW.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Split {
    /// The tier OLD's answers reach on NEW's criteria.
    pub migrated_tier: TierAt,
    /// The score OLD's answers reach on NEW's criteria.
    pub migrated_score: Score,
    /// What the company changed: NEW's score minus the migrated score, in tenths of a
    /// percentage point.
    pub company_tenths: i64,
    /// What the criteria change caused: the migrated score minus OLD's, in tenths of a
    /// percentage point.
    pub criteria_tenths: i64,
}

/// What changed between two assessments. Every list of ids is in NEW's catalog order with
/// Musts first, except `removed` (OLD's catalog order) and `criteria` (NEW's list in catalog
/// order, then what only OLD's list holds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// The entity type assessed (NEW's).
    pub entity: Entity,
    /// The criteria versions.
    pub versions: Pair<String>,
    /// The tiers reached.
    pub tier: Pair<TierAt>,
    /// Overall scores.
    pub score: Pair<Score>,
    /// Scores over Musts only.
    pub must_score: Pair<Score>,
    /// Criteria on both lists whose standing got worse.
    pub regressed: Vec<CriterionId>,
    /// Criteria on both lists whose standing got better.
    pub improved: Vec<CriterionId>,
    /// Criteria on both lists unanswered in OLD and answered in NEW.
    pub newly_answered: Vec<CriterionId>,
    /// Criteria on both lists answered in OLD and unanswered in NEW.
    pub no_longer_answered: Vec<CriterionId>,
    /// Criteria on NEW's list only (another criteria version, or tailoring).
    pub added: Vec<CriterionId>,
    /// Criteria on OLD's list only.
    pub removed: Vec<CriterionId>,
    /// Criteria whose evidence was fresh in OLD and is stale in NEW. EMPTY UNTIL WIRED: see
    /// [`compare`].
    pub evidence_aged_out: Vec<CriterionId>,
    /// Criteria whose waiver held in OLD and has expired in NEW. EMPTY UNTIL WIRED: see
    /// [`compare`].
    pub waivers_expired: Vec<CriterionId>,
    /// The score change split into the company's part and the criteria change's part; `None`
    /// when both sides use the same criteria version or no migrated assessment was given.
    pub split: Option<Split>,
    /// Every criterion on either list with its standing before and after.
    pub criteria: Vec<CriterionChange>,
}

impl Comparison {
    /// The score change in tenths of a percentage point (NEW minus OLD).
    #[must_use]
    pub fn score_change_tenths(&self) -> i64 {
        tenths_between(&self.score.old, &self.score.new)
    }

    /// Whether the two sides use different criteria versions.
    #[must_use]
    pub fn versions_differ(&self) -> bool {
        self.versions.old != self.versions.new
    }

    /// The criterion `id` as compared.
    #[must_use]
    pub fn criterion(&self, id: CriterionId) -> Option<&CriterionChange> {
        self.criteria.iter().find(|c| c.id == id)
    }

    /// The Musts (in NEW's criteria) that regressed or whose evidence aged out: what
    /// `--fail-on-regression` fails on.
    #[must_use]
    pub fn regressed_musts(&self) -> Vec<CriterionId> {
        // A Must whose evidence aged out has regressed too: it now blocks Tier 2 exactly as
        // a Must without evidence does.
        let mut ids: Vec<CriterionId> = self
            .regressed
            .iter()
            .chain(&self.evidence_aged_out)
            .copied()
            .filter(|id| {
                self.criterion(*id)
                    .is_some_and(|c| c.requirement() == Requirement::Must)
            })
            .collect();
        let mut seen = Vec::new();
        ids.retain(|id| {
            let first = !seen.contains(id);
            seen.push(*id);
            first
        });
        ids
    }
}

/// `new − old` in tenths of a percentage point.
fn tenths_between(old: &Score, new: &Score) -> i64 {
    let signed = |s: &Score| i64::try_from(s.percent_tenths).unwrap_or(i64::MAX);
    signed(new) - signed(old)
}

/// How good a standing is, for telling better from worse: a gap scores nothing when not
/// implemented or unanswered (as the scorer counts it), half when partial, and an
/// implemented or not-applicable criterion is no gap at all.
fn merit(s: Standing) -> u8 {
    match s {
        Standing::Implemented | Standing::NotApplicable => 2,
        Standing::Partial => 1,
        Standing::NotImplemented | Standing::Unanswered => 0,
    }
}

/// The standing of criterion `id` on one side, as the scorer counted it (its result), else
/// as the answers give it.
fn standing(side: &Side<'_>, id: CriterionId) -> Standing {
    if let Some(r) = result(side, id) {
        return r.standing;
    }
    match side.answers.answers.get(&id).map(|a| a.status) {
        None => Standing::Unanswered,
        Some(Status::Implemented) => Standing::Implemented,
        Some(Status::Partial) => Standing::Partial,
        Some(Status::NotImplemented) => Standing::NotImplemented,
        Some(Status::NotApplicable) => Standing::NotApplicable,
    }
}

/// The scorer's result for criterion `id` on one side, when it applies there.
fn result<'a>(side: &Side<'a>, id: CriterionId) -> Option<&'a CriterionResult> {
    side.assessment.results.iter().find(|r| r.id == id)
}

fn tier_at(a: &Assessment) -> TierAt {
    TierAt {
        id: a.tier.id.clone(),
        rank: a.tier.rank,
    }
}

/// Compares `old` with `new`. `migrated` is OLD's answers carried to NEW's criteria version
/// and scored there; with it, and when the versions differ, the score change is split into
/// what the company changed and what the criteria change caused.
#[must_use]
pub fn compare(old: &Side<'_>, new: &Side<'_>, migrated: Option<&Side<'_>>) -> Comparison {
    let old_entity = old.assessment.entity;
    let entity = new.assessment.entity;
    let mut criteria: Vec<CriterionChange> = new
        .catalog
        .applicable(entity)
        .map(|c| {
            let before = old
                .catalog
                .criterion(c.id)
                .filter(|o| o.applies(old_entity));
            CriterionChange {
                id: c.id,
                old_requirement: before.map(|o| o.requirement),
                new_requirement: Some(c.requirement),
                old: before.map(|_| standing(old, c.id)),
                new: Some(standing(new, c.id)),
            }
        })
        .collect();
    let removed: Vec<CriterionId> = old
        .catalog
        .applicable(old_entity)
        .filter(|o| {
            new.catalog
                .criterion(o.id)
                .is_none_or(|c| !c.applies(entity))
        })
        .map(|o| o.id)
        .collect();
    criteria.extend(removed.iter().map(|id| CriterionChange {
        id: *id,
        old_requirement: old.catalog.criterion(*id).map(|o| o.requirement),
        new_requirement: None,
        old: Some(standing(old, *id)),
        new: None,
    }));
    // Musts first, each level in catalog order (the sort is stable).
    let bucket = |keep: &dyn Fn(Standing, Standing) -> bool| {
        let mut ids: Vec<(Requirement, CriterionId)> = criteria
            .iter()
            .filter_map(|c| match (c.old, c.new) {
                (Some(o), Some(n)) if keep(o, n) => Some((c.requirement(), c.id)),
                _ => None,
            })
            .collect();
        ids.sort_by_key(|(r, _)| *r);
        ids.into_iter().map(|(_, id)| id).collect::<Vec<_>>()
    };
    let regressed = bucket(&|o, n| merit(n) < merit(o));
    let improved = bucket(&|o, n| merit(n) > merit(o));
    let newly_answered = bucket(&|o, n| o == Standing::Unanswered && n != Standing::Unanswered);
    let no_longer_answered = bucket(&|o, n| o != Standing::Unanswered && n == Standing::Unanswered);
    // Time, per criterion present on both sides: evidence that was current and has aged
    // out; waivers that held (or were not there) and have expired.
    let over_time = |keep: &dyn Fn(&CriterionResult, &CriterionResult) -> bool| {
        let mut ids: Vec<(Requirement, CriterionId)> = criteria
            .iter()
            .filter_map(|c| match (result(old, c.id), result(new, c.id)) {
                (Some(o), Some(n)) if keep(o, n) => Some((c.requirement(), c.id)),
                _ => None,
            })
            .collect();
        ids.sort_by_key(|(r, _)| *r);
        ids.into_iter().map(|(_, id)| id).collect::<Vec<_>>()
    };
    let evidence_aged_out = over_time(&|o, n| {
        n.age.freshness == Freshness::Stale
            && matches!(o.age.freshness, Freshness::Fresh | Freshness::Expiring)
    });
    let expired = |r: &CriterionResult| r.waiver.as_ref().is_some_and(|w| !w.state.holds());
    let waivers_expired = over_time(&|o, n| expired(n) && !expired(o));
    let added = criteria
        .iter()
        .filter(|c| c.old.is_none())
        .map(|c| c.id)
        .collect();
    let split = migrated
        .filter(|_| old.catalog.program.version != new.catalog.program.version)
        .map(|m| Split {
            migrated_tier: tier_at(m.assessment),
            migrated_score: m.assessment.score,
            company_tenths: tenths_between(&m.assessment.score, &new.assessment.score),
            criteria_tenths: tenths_between(&old.assessment.score, &m.assessment.score),
        });
    Comparison {
        entity,
        versions: Pair {
            old: old.catalog.program.version.clone(),
            new: new.catalog.program.version.clone(),
        },
        tier: Pair {
            old: tier_at(old.assessment),
            new: tier_at(new.assessment),
        },
        score: Pair {
            old: old.assessment.score,
            new: new.assessment.score,
        },
        must_score: Pair {
            old: old.assessment.must_score,
            new: new.assessment.must_score,
        },
        regressed,
        improved,
        newly_answered,
        no_longer_answered,
        added,
        removed,
        evidence_aged_out,
        waivers_expired,
        split,
        criteria,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{Answer, Company, CompanyDetails, Kept};
    use crate::criteria::embedded;
    use crate::scoring::assess;
    use proptest::prelude::*;

    fn answer(status: Status) -> Answer {
        Answer {
            status,
            evidence: vec!["e".into()],
            note: Some("n".into()),
            owner: None,
            due: None,
        }
    }

    /// Answers for an importer on `catalog`: criterion `i` of its list gets `statuses[i]`.
    fn answers(catalog: &Catalog, statuses: &[Option<Status>]) -> Answers {
        Answers {
            criteria_version: Some(catalog.program.version.clone()),
            company: Company {
                name: "T".into(),
                entity: Entity::Importer,
                country: None,
                details: CompanyDetails::default(),
            },
            assessed_on: None,
            assessor: None,
            answers: catalog
                .applicable(Entity::Importer)
                .zip(statuses)
                .filter_map(|(c, s)| s.map(|s| (c.id, answer(s))))
                .collect(),
            best_practices: Vec::new(),
            waivers: Vec::new(),
            kept: Kept::default(),
            financials: None,
        }
    }

    fn id(s: &str) -> CriterionId {
        s.parse().expect("an id")
    }

    /// Scores `answers` on `catalog` and compares, OLD then NEW.
    fn compared(
        old: (&Catalog, &Answers),
        new: (&Catalog, &Answers),
        migrated: Option<(&Catalog, &Answers)>,
    ) -> Comparison {
        let (a, b) = (
            assess(
                old.0,
                old.1,
                crate::calendar::date("2026-11-30").expect("a date"),
            ),
            assess(
                new.0,
                new.1,
                crate::calendar::date("2026-11-30").expect("a date"),
            ),
        );
        let m = migrated.map(|(c, x)| {
            (
                c,
                x,
                assess(c, x, crate::calendar::date("2026-11-30").expect("a date")),
            )
        });
        let side = |c, x, s| Side {
            catalog: c,
            answers: x,
            assessment: s,
        };
        compare(
            &side(old.0, old.1, &a),
            &side(new.0, new.1, &b),
            m.as_ref().map(|(c, x, s)| side(c, x, s)).as_ref(),
        )
    }

    fn with(catalog: &Catalog, base: &Answers, changes: &[(&str, Option<Status>)]) -> Answers {
        let mut a = base.clone();
        for (k, s) in changes {
            match s {
                Some(s) => a.answers.insert(id(k), answer(*s)),
                None => a.answers.remove(&id(k)),
            };
        }
        assert!(catalog.criterion(id(changes[0].0)).is_some());
        a
    }

    #[test]
    fn buckets_sort_musts_first_and_overlap_only_where_they_say() {
        let catalog = embedded::loaded("2023.01");
        let all = vec![Some(Status::Implemented); 200];
        let base = answers(catalog, &all);
        // 1.2 is a Should on the 2023.01 importer list, 1.3 and 2.1 Musts.
        assert_eq!(
            catalog.criterion(id("1.2")).map(|c| c.requirement),
            Some(Requirement::Should)
        );
        let old = with(
            catalog,
            &base,
            &[("1.2", Some(Status::Partial)), ("1.4", None)],
        );
        let new = with(
            catalog,
            &base,
            &[
                ("1.2", Some(Status::NotImplemented)),
                ("2.1", Some(Status::Partial)),
                ("1.3", None),
                ("1.4", Some(Status::Partial)),
            ],
        );
        let c = compared((catalog, &old), (catalog, &new), None);
        assert_eq!(c.regressed, [id("1.3"), id("2.1"), id("1.2")]);
        assert_eq!(c.improved, [id("1.4")]);
        assert_eq!(c.newly_answered, [id("1.4")]);
        assert_eq!(c.no_longer_answered, [id("1.3")]);
        assert_eq!(c.regressed_musts(), [id("1.3"), id("2.1")]);
        assert!(c.added.is_empty() && c.removed.is_empty() && c.split.is_none());
        let one = c.criterion(id("1.2")).expect("compared");
        assert_eq!(
            (one.old, one.new),
            (Some(Standing::Partial), Some(Standing::NotImplemented))
        );
        assert!(c.score_change_tenths() < 0);
    }

    #[test]
    fn not_applicable_counts_as_no_gap_and_unanswered_as_not_implemented() {
        let catalog = embedded::loaded("2023.01");
        let base = answers(catalog, &[Some(Status::Implemented); 200]);
        let old = with(
            catalog,
            &base,
            &[
                ("1.4", Some(Status::NotApplicable)),
                ("1.3", Some(Status::NotImplemented)),
            ],
        );
        let new = with(
            catalog,
            &base,
            &[("1.4", Some(Status::Implemented)), ("1.3", None)],
        );
        let c = compared((catalog, &old), (catalog, &new), None);
        assert!(c.regressed.is_empty(), "{:?}", c.regressed);
        assert!(c.improved.is_empty(), "{:?}", c.improved);
        assert_eq!(c.no_longer_answered, [id("1.3")]);
    }

    /// 2023.01 without 1.4 and with a new Must 12.99: another version of the criteria.
    fn edited_catalog() -> Catalog {
        let mut catalog = embedded::loaded("2023.01").clone();
        catalog.program.version = "2099.01".into();
        let mut extra = catalog.criterion(id("12.1")).expect("12.1").clone();
        extra.id = id("12.99");
        extra.requirement = Requirement::Must;
        catalog.criteria.retain(|c| c.id != id("1.4"));
        catalog.criteria.push(extra);
        catalog.criteria.sort_by_key(|c| c.id);
        catalog
    }

    #[test]
    fn another_version_adds_and_removes_criteria_and_splits_the_score_change() {
        let old_catalog = embedded::loaded("2023.01");
        let new_catalog = edited_catalog();
        let old = answers(old_catalog, &[Some(Status::Implemented); 200]);
        // The stand-in for migration: every answer whose criterion NEW still has.
        let mut migrated = old.clone();
        migrated.answers.remove(&id("1.4"));
        let mut new = migrated.clone();
        new.answers.insert(id("12.99"), answer(Status::Partial));
        new.answers.insert(id("1.1"), answer(Status::Partial));
        let c = compared(
            (old_catalog, &old),
            (&new_catalog, &new),
            Some((&new_catalog, &migrated)),
        );
        assert_eq!(c.added, [id("12.99")]);
        assert_eq!(c.removed, [id("1.4")]);
        assert_eq!(c.regressed, [id("1.1")]);
        assert!(
            c.newly_answered.is_empty(),
            "an added criterion is not newly answered"
        );
        let split = c.split.as_ref().expect("versions differ");
        assert_eq!(
            split.company_tenths + split.criteria_tenths,
            c.score_change_tenths()
        );
        // The new Must, unanswered, cost points; answering it partly gained more than 1.1 (a
        // Should) lost.
        assert!(split.criteria_tenths < 0, "{split:?}");
        assert!(split.company_tenths > 0, "{split:?}");
        let last = c.criteria.last().expect("criteria");
        assert_eq!((last.id, last.new), (id("1.4"), None));
        // Without a migrated assessment, or on one version, there is nothing to split.
        assert!(compared((old_catalog, &old), (&new_catalog, &new), None)
            .split
            .is_none());
        assert!(compared(
            (old_catalog, &old),
            (old_catalog, &old),
            Some((old_catalog, &old))
        )
        .split
        .is_none());
    }

    fn statuses() -> impl Strategy<Value = Vec<Option<Status>>> {
        proptest::collection::vec(
            proptest::option::of(prop_oneof![
                Just(Status::Implemented),
                Just(Status::Partial),
                Just(Status::NotImplemented),
                Just(Status::NotApplicable),
            ]),
            120,
        )
    }

    proptest! {
        /// An assessment compared with itself regresses, improves and adds nothing.
        #[test]
        fn an_assessment_compared_with_itself_changes_nothing(s in statuses(), v in 0usize..2) {
            let catalog = embedded::loaded(embedded::versions()[v]);
            let a = answers(catalog, &s);
            let c = compared((catalog, &a), (catalog, &a), None);
            prop_assert!(c.regressed.is_empty());
            prop_assert!(c.improved.is_empty());
            prop_assert!(c.newly_answered.is_empty() && c.no_longer_answered.is_empty());
            prop_assert!(c.added.is_empty() && c.removed.is_empty());
            prop_assert_eq!(c.score_change_tenths(), 0);
            prop_assert!(c.criteria.iter().all(|x| x.old == x.new));
        }

        /// Swapping OLD and NEW swaps regressed with improved (and newly with no longer
        /// answered), in the same order on one criteria version.
        #[test]
        fn swapping_old_and_new_swaps_regressed_and_improved(a in statuses(), b in statuses()) {
            let catalog = embedded::loaded("2023.01");
            let (a, b) = (answers(catalog, &a), answers(catalog, &b));
            let forth = compared((catalog, &a), (catalog, &b), None);
            let back = compared((catalog, &b), (catalog, &a), None);
            prop_assert_eq!(&forth.regressed, &back.improved);
            prop_assert_eq!(&forth.improved, &back.regressed);
            prop_assert_eq!(&forth.newly_answered, &back.no_longer_answered);
            prop_assert_eq!(forth.score_change_tenths(), -back.score_change_tenths());
        }

        /// Across criteria versions the swap holds too (as sets: Musts-first order follows
        /// NEW's catalog, and 3.9 is a Should in one and a Must in the other), and added and
        /// removed trade places.
        #[test]
        fn swapping_across_versions_swaps_the_buckets(a in statuses(), b in statuses()) {
            use std::collections::BTreeSet;
            let old_catalog = embedded::loaded("2020.03");
            let new_catalog = edited_catalog();
            let (a, b) = (answers(old_catalog, &a), answers(&new_catalog, &b));
            let forth = compared((old_catalog, &a), (&new_catalog, &b), None);
            let back = compared((&new_catalog, &b), (old_catalog, &a), None);
            let set = |v: &[CriterionId]| v.iter().copied().collect::<BTreeSet<_>>();
            prop_assert_eq!(set(&forth.regressed), set(&back.improved));
            prop_assert_eq!(set(&forth.improved), set(&back.regressed));
            prop_assert_eq!(&forth.added, &back.removed);
            prop_assert_eq!(&forth.removed, &back.added);
        }
    }
}
