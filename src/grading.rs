//! Grading by result levels: how a programme such as China Customs' AEO standards turns
//! item results into a total and a verdict.
//!
//! The rules are data (a catalog's `grading:` block, [`Grading`]): the programme's words for
//! each answers-file status (达标 / 基本达标 / 不达标 / 不适用), a scoring model of deductions
//! from a base with capped bonus items, and pass gates. [`grade`] applies them to item
//! standings; the tier ladder's `requires: { grading: pass }` asks [`Grade::passes`]. What
//! the facts are (per-item levels, counts per class and per article) is reported whatever the
//! official pass rule turns out to be; the verdict is only as good as the model, which says
//! whether it was verified. Pure: no I/O.

use crate::answers::Status;
use crate::criteria::{Catalog, CriterionId};
use crate::scoring::Standing;
use crate::text::Text;
use serde::{Deserialize, Serialize};

/// The programme's words for each answers-file status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Levels {
    /// For `implemented` (达标).
    pub implemented: Text,
    /// For `partial` (基本达标).
    pub partial: Text,
    /// For `not_implemented` (不达标).
    pub not_implemented: Text,
    /// For `not_applicable` (不适用).
    pub not_applicable: Text,
}

impl Levels {
    /// The word for `status`.
    #[must_use]
    pub fn of(&self, status: Status) -> &Text {
        match status {
            Status::Implemented => &self.implemented,
            Status::Partial => &self.partial,
            Status::NotImplemented => &self.not_implemented,
            Status::NotApplicable => &self.not_applicable,
        }
    }
}

/// Bonus points for the items of one focus area that are met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bonus {
    /// The focus area (class) of the bonus items.
    pub focus_area: String,
    /// Points per item met.
    pub per_item: u32,
    /// At most this many points in all.
    pub cap: u32,
}

/// Deductions from a base, with capped bonus items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Model {
    /// Lower-case id, e.g. `gacc-indicative`.
    pub id: String,
    /// Display name.
    pub name: Text,
    /// Whether the values were checked against the programme's official rules.
    pub verified: bool,
    /// Where the values come from.
    pub basis: Text,
    /// The total before deductions.
    pub base: u32,
    /// Taken off per item basically met.
    pub partial: u32,
    /// Taken off per item failed or unanswered.
    pub not_implemented: u32,
    /// Bonus items, if any.
    pub bonus: Option<Bonus>,
}

/// What a gate asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GateKind {
    /// No applicable item outside the bonus class fails or is unanswered.
    NoFailed,
    /// At most `max` items basically met per category (article), in these focus areas.
    MaxPartialPerCategory {
        /// The focus areas (classes) whose categories are counted.
        focus_areas: Vec<String>,
        /// The most allowed per category.
        max: u32,
    },
    /// The total reaches at least `total`.
    MinTotal {
        /// The pass line.
        total: u32,
    },
}

impl GateKind {
    /// The id as written in files.
    #[must_use]
    pub fn id(&self) -> &'static str {
        match self {
            GateKind::NoFailed => "no_failed",
            GateKind::MaxPartialPerCategory { .. } => "max_partial_per_category",
            GateKind::MinTotal { .. } => "min_total",
        }
    }
}

/// One pass gate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gate {
    /// Its id, e.g. `pass-line`.
    pub id: String,
    /// What it asks.
    #[serde(flatten)]
    pub kind: GateKind,
    /// Where it comes from.
    pub basis: Text,
}

/// A programme's grading rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grading {
    /// Its words per status.
    pub levels: Levels,
    /// The scoring model.
    pub model: Model,
    /// Every gate must hold for the top rung.
    pub gates: Vec<Gate>,
    /// The shipped catalog of the programme's lower level, graded with the same answers when
    /// this one's gates do not hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<String>,
}

/// How many items stand at each level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct LevelCounts {
    /// 达标.
    pub meets: u32,
    /// 基本达标.
    pub basically: u32,
    /// 不达标.
    pub fails: u32,
    /// 不适用.
    pub not_applicable: u32,
    /// Not answered (or undetermined).
    pub unanswered: u32,
}

impl LevelCounts {
    fn add(&mut self, s: Standing) {
        match s {
            Standing::Implemented => self.meets += 1,
            Standing::Partial => self.basically += 1,
            Standing::NotImplemented => self.fails += 1,
            Standing::NotApplicable => self.not_applicable += 1,
            Standing::Unanswered => self.unanswered += 1,
        }
    }
}

/// How one gate came out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GateOutcome {
    /// The gate's id.
    pub id: String,
    /// Its kind (`no_failed`, ...).
    pub kind: &'static str,
    /// Whether it holds.
    pub holds: bool,
    /// `no_failed`: the items failed or unanswered.
    pub items: Vec<CriterionId>,
    /// `max_partial_per_category`: the categories over the limit, with their count.
    pub categories: Vec<(u16, u32)>,
    /// `max_partial_per_category`: the limit; `min_total`: the pass line.
    pub limit: Option<u32>,
}

/// The grade of one assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grade {
    /// The model's id.
    pub model: String,
    /// Whether the model's values are verified.
    pub verified: bool,
    /// The base.
    pub base: u32,
    /// Points taken off.
    pub deducted: u32,
    /// Bonus points (capped).
    pub bonus: u32,
    /// base − deducted + bonus (may fall below 0).
    pub total: i64,
    /// Items of the general standard, by level.
    pub counts: LevelCounts,
    /// Bonus items, by level.
    pub bonus_counts: LevelCounts,
    /// Per category (article), by number: the counts of its items.
    pub categories: Vec<(u16, LevelCounts)>,
    /// Each gate.
    pub gates: Vec<GateOutcome>,
    /// Whether every gate holds.
    pub passes: bool,
    /// Items failed (不达标), in catalog order.
    pub failed: Vec<CriterionId>,
    /// Items basically met (基本达标), in catalog order.
    pub basically: Vec<CriterionId>,
    /// Items unanswered or undetermined, in catalog order.
    pub unanswered: Vec<CriterionId>,
}

/// One graded item: its id, its category and focus area, its standing.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    /// The item.
    pub id: CriterionId,
    /// Its category (article).
    pub category: u16,
    /// Its focus area (class).
    pub focus_area: &'a str,
    /// How it stands.
    pub standing: Standing,
}

/// Grades `items` (the applicable ones, in catalog order) by `grading`.
#[must_use]
pub fn grade(grading: &Grading, items: &[Item<'_>]) -> Grade {
    let model = &grading.model;
    let bonus_area = model.bonus.as_ref().map(|b| b.focus_area.as_str());
    let mut counts = LevelCounts::default();
    let mut bonus_counts = LevelCounts::default();
    let mut categories: Vec<(u16, LevelCounts)> = Vec::new();
    let (mut failed, mut basically, mut unanswered) = (Vec::new(), Vec::new(), Vec::new());
    let mut deducted: u32 = 0;
    for i in items {
        if Some(i.focus_area) == bonus_area {
            bonus_counts.add(i.standing);
            continue;
        }
        counts.add(i.standing);
        match categories.iter_mut().find(|(n, _)| *n == i.category) {
            Some((_, c)) => c.add(i.standing),
            None => {
                let mut c = LevelCounts::default();
                c.add(i.standing);
                categories.push((i.category, c));
            }
        }
        match i.standing {
            Standing::Partial => {
                deducted = deducted.saturating_add(model.partial);
                basically.push(i.id);
            }
            Standing::NotImplemented => {
                deducted = deducted.saturating_add(model.not_implemented);
                failed.push(i.id);
            }
            Standing::Unanswered => {
                deducted = deducted.saturating_add(model.not_implemented);
                unanswered.push(i.id);
            }
            Standing::Implemented | Standing::NotApplicable => {}
        }
    }
    categories.sort_by_key(|(n, _)| *n);
    let bonus = model.bonus.as_ref().map_or(0, |b| {
        bonus_counts.meets.saturating_mul(b.per_item).min(b.cap)
    });
    let total = i64::from(model.base) - i64::from(deducted) + i64::from(bonus);
    let gates: Vec<GateOutcome> = grading
        .gates
        .iter()
        .map(|g| {
            let mut out = GateOutcome {
                id: g.id.clone(),
                kind: g.kind.id(),
                holds: true,
                items: Vec::new(),
                categories: Vec::new(),
                limit: None,
            };
            match &g.kind {
                GateKind::NoFailed => {
                    out.items = items
                        .iter()
                        .filter(|i| Some(i.focus_area) != bonus_area)
                        .filter(|i| {
                            matches!(i.standing, Standing::NotImplemented | Standing::Unanswered)
                        })
                        .map(|i| i.id)
                        .collect();
                    out.holds = out.items.is_empty();
                }
                GateKind::MaxPartialPerCategory { focus_areas, max } => {
                    let mut per: Vec<(u16, u32)> = Vec::new();
                    for i in items.iter().filter(|i| {
                        i.standing == Standing::Partial
                            && focus_areas.iter().any(|f| f == i.focus_area)
                    }) {
                        match per.iter_mut().find(|(n, _)| *n == i.category) {
                            Some((_, c)) => *c += 1,
                            None => per.push((i.category, 1)),
                        }
                    }
                    per.retain(|(_, c)| c > max);
                    per.sort_unstable();
                    out.holds = per.is_empty();
                    out.categories = per;
                    out.limit = Some(*max);
                }
                GateKind::MinTotal { total: line } => {
                    out.holds = total >= i64::from(*line);
                    out.limit = Some(*line);
                }
            }
            out
        })
        .collect();
    let passes = gates.iter().all(|g| g.holds);
    Grade {
        model: model.id.clone(),
        verified: model.verified,
        base: model.base,
        deducted,
        bonus,
        total,
        counts,
        bonus_counts,
        categories,
        gates,
        passes,
        failed,
        basically,
        unanswered,
    }
}

/// The items of `catalog` as [`grade`] takes them, from each applicable criterion's standing.
#[must_use]
pub fn items<'a>(
    catalog: &'a Catalog,
    standings: &[(CriterionId, u16, Standing)],
) -> Vec<Item<'a>> {
    standings
        .iter()
        .map(|(id, category, standing)| Item {
            id: *id,
            category: *category,
            focus_area: catalog
                .category(*category)
                .map_or("", |c| c.focus_area.as_str()),
            standing: *standing,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Grading {
        let t = |s: &str| Text::new(s, s);
        Grading {
            levels: Levels {
                implemented: t("Meets"),
                partial: t("Basically meets"),
                not_implemented: t("Fails"),
                not_applicable: t("N/A"),
            },
            model: Model {
                id: "test".into(),
                name: t("test"),
                verified: false,
                basis: t("test"),
                base: 100,
                partial: 1,
                not_implemented: 2,
                bonus: Some(Bonus {
                    focus_area: "additional".into(),
                    per_item: 1,
                    cap: 2,
                }),
            },
            gates: vec![
                Gate {
                    id: "no-failed".into(),
                    kind: GateKind::NoFailed,
                    basis: t("x"),
                },
                Gate {
                    id: "per-article".into(),
                    kind: GateKind::MaxPartialPerCategory {
                        focus_areas: vec!["trade_security".into()],
                        max: 3,
                    },
                    basis: t("x"),
                },
                Gate {
                    id: "pass-line".into(),
                    kind: GateKind::MinTotal { total: 95 },
                    basis: t("x"),
                },
            ],
            fallback: None,
        }
    }

    fn item(n: u16, category: u16, focus_area: &str, standing: Standing) -> Item<'_> {
        Item {
            id: CriterionId::item(n),
            category,
            focus_area,
            standing,
        }
    }

    #[test]
    fn deductions_bonus_and_gates() {
        let mut items: Vec<Item<'_>> = (1..=4)
            .map(|n| item(n, 20, "trade_security", Standing::Partial))
            .collect();
        items.push(item(5, 24, "additional", Standing::Implemented));
        items.push(item(6, 24, "additional", Standing::Implemented));
        items.push(item(7, 24, "additional", Standing::Implemented));
        let g = grade(&rules(), &items);
        assert_eq!((g.deducted, g.bonus, g.total), (4, 2, 98));
        assert!(!g.passes, "4 basically met in one article is over 3");
        assert_eq!(g.gates[1].categories, vec![(20, 4)]);
        assert!(g.gates[0].holds && g.gates[2].holds);
    }

    #[test]
    fn an_unanswered_item_fails_the_no_failed_gate() {
        let items = [
            item(1, 1, "internal_control", Standing::Implemented),
            item(2, 1, "internal_control", Standing::Unanswered),
        ];
        let g = grade(&rules(), &items);
        assert!(!g.passes);
        assert_eq!(g.gates[0].items, vec![CriterionId::item(2)]);
        assert_eq!(g.total, 98);
    }
}
