//! The graded part of a report, for a catalog that grades by result levels (China Customs'
//! AEO standards): the indicative total against the pass line, the model and whether it is
//! verified, each gate, the counts per class and per article, and the finance items computed
//! from the company's figures. Every sentence is made here once, in the report's language, so
//! the formats only lay it out.

use super::fill;
use crate::answers::Answers;
use crate::criteria::{Catalog, CriterionId};
use crate::finance::{Computed, RatioResult};
use crate::grading::{GateKind, Grade, Grading, LevelCounts};
use crate::messages::Messages;
use schemars::JsonSchema;
use serde::Serialize;

impl GradePart {
    /// The articles of each focus area that has any, in the report's focus-area order: the
    /// grouping every format's article table shows.
    #[must_use]
    pub fn articles_by_area<'a>(
        &'a self,
        areas: &'a [super::AreaPart],
    ) -> Vec<(&'a super::AreaPart, Vec<&'a ArticlePart>)> {
        areas
            .iter()
            .map(|area| {
                let mine: Vec<&ArticlePart> = self
                    .articles
                    .iter()
                    .filter(|a| a.focus_area == area.id)
                    .collect();
                (area, mine)
            })
            .filter(|(_, mine)| !mine.is_empty())
            .collect()
    }
}

/// The grade of a graded catalog: facts first, the indicative verdict last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct GradePart {
    /// The scoring model, and whether its values were checked against the official rules.
    pub model: ModelPart,
    /// The programme's words for each result level, in the report's language.
    pub levels: LevelWords,
    /// The total before deductions.
    pub base: u32,
    /// Points taken off (items basically met, failed or unanswered).
    pub deducted: u32,
    /// Bonus points for the additional items met (capped).
    pub bonus: u32,
    /// `base − deducted + bonus`; may fall below 0.
    pub total: i64,
    /// The model's points in one phrase: what is deducted per level, and the bonus.
    pub rules: String,
    /// The lowest total of the `min_total` gate, when there is one.
    pub pass_line: Option<u32>,
    /// The total against the pass line in one sentence.
    pub total_line: String,
    /// Whether every gate holds (indicative: customs decides).
    pub gates_hold: bool,
    /// Each gate and whether it holds.
    pub gates: Vec<GatePart>,
    /// Items of the general standard, by level.
    pub counts: CountsPart,
    /// Bonus (additional) items, by level; absent without bonus items.
    pub bonus_counts: Option<CountsPart>,
    /// Per article of the general standard: its items by level.
    pub articles: Vec<ArticlePart>,
    /// Items failed (不达标), in catalog order.
    pub failed: Vec<ItemPart>,
    /// Items basically met (基本达标), in catalog order.
    pub basically: Vec<ItemPart>,
    /// Items unanswered or undetermined, in catalog order.
    pub unanswered: Vec<ItemPart>,
    /// Applicable items that customs checks in its own records: the answer is the company's
    /// declaration.
    pub customs_records: Vec<CriterionId>,
    /// The same answers graded against the programme's lower level, when this level's gates
    /// do not hold and the catalog names one (China Customs' 认证企业 below 高级认证企业).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lower: Option<LowerPart>,
}

/// The lower level's result on the same answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct LowerPart {
    /// The lower standard's catalog id (`gacc-aeo-2026-certified`).
    pub version: String,
    /// Its name.
    pub standard: String,
    /// The tier reached on its ladder.
    pub tier: String,
    /// That tier's name.
    pub tier_name: String,
    /// Whether its gates hold (indicative: customs decides).
    pub gates_hold: bool,
    /// Its total.
    pub total: i64,
    /// Its pass line, when it has one.
    pub pass_line: Option<u32>,
    /// Its items whose answer was carried from an item of the upper standard that is not
    /// the same: worth a check before relying on the result.
    pub review: Vec<CriterionId>,
    /// What blocks its top rung.
    pub blockers: Vec<super::BlockerPart>,
    /// The indicative level in one line ("参考结论：认证企业（高级认证企业未达到）").
    pub line: String,
    /// Its total against its pass line.
    pub total_line: String,
    /// The answers to check, in one sentence; absent when none.
    pub review_line: Option<String>,
}

/// The scoring model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ModelPart {
    /// Its id, e.g. `gacc-indicative`.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Whether its values were checked against the programme's official rules.
    pub verified: bool,
    /// Where its values come from.
    pub basis: String,
    /// The model in one sentence: name, id, verified or not, basis.
    pub message: String,
}

/// A programme's words for each result level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct LevelWords {
    /// For `implemented` (达标).
    pub implemented: String,
    /// For `partial` (基本达标).
    pub partial: String,
    /// For `not_implemented` (不达标).
    pub not_implemented: String,
    /// For `not_applicable` (不适用).
    pub not_applicable: String,
    /// For an unanswered or undetermined item.
    pub unanswered: String,
}

/// How many items stand at each level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CountsPart {
    /// 达标.
    pub meets: u32,
    /// 基本达标.
    pub basically: u32,
    /// 不达标.
    pub fails: u32,
    /// 不适用.
    pub not_applicable: u32,
    /// Unanswered or undetermined.
    pub unanswered: u32,
}

impl CountsPart {
    /// Every item counted.
    #[must_use]
    pub fn total(&self) -> u32 {
        self.meets + self.basically + self.fails + self.not_applicable + self.unanswered
    }

    /// The counts with their level words, in level order.
    #[must_use]
    pub fn labelled<'a>(&self, words: &'a LevelWords) -> [(&'a str, u32); 5] {
        [
            (words.implemented.as_str(), self.meets),
            (words.partial.as_str(), self.basically),
            (words.not_implemented.as_str(), self.fails),
            (words.not_applicable.as_str(), self.not_applicable),
            (words.unanswered.as_str(), self.unanswered),
        ]
    }
}

impl From<LevelCounts> for CountsPart {
    fn from(c: LevelCounts) -> Self {
        CountsPart {
            meets: c.meets,
            basically: c.basically,
            fails: c.fails,
            not_applicable: c.not_applicable,
            unanswered: c.unanswered,
        }
    }
}

/// One article (category) of the general standard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ArticlePart {
    /// Its number.
    pub number: u16,
    /// Its name.
    pub name: String,
    /// Its class (focus area) id.
    pub focus_area: String,
    /// Its items by level.
    pub counts: CountsPart,
}

/// One gate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct GatePart {
    /// Its id.
    pub id: String,
    /// `no_failed`, `max_partial_per_category` or `min_total`.
    pub kind: &'static str,
    /// Whether it holds.
    pub holds: bool,
    /// What it asks, and what breaks it when it does not hold.
    pub message: String,
    /// Where it comes from.
    pub basis: String,
    /// `no_failed`: the items failed or unanswered.
    pub items: Vec<CriterionId>,
    /// `max_partial_per_category`: the articles over the limit.
    pub articles: Vec<ArticleCount>,
    /// The limit, or the pass line.
    pub limit: Option<u32>,
}

/// An article and a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ArticleCount {
    /// The article.
    pub number: u16,
    /// How many items.
    pub count: u32,
}

/// An item named in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ItemPart {
    /// Its id.
    pub id: CriterionId,
    /// Its title.
    pub title: String,
    /// Its article.
    pub category: u16,
}

/// The items computed from the answers file's `financials:`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ComputedPart {
    /// How the ratios are computed and what is not known (the catalog's finance basis).
    pub basis: String,
    /// The financial year the figures are from.
    pub year: Option<u16>,
    /// Whether the company said it is a producer; `null`: not said.
    pub producer: Option<bool>,
    /// The year and the kind of company in one phrase.
    pub facts: String,
    /// Each computed item, in catalog order.
    pub items: Vec<ComputedItemPart>,
}

/// One computed item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ComputedItemPart {
    /// The item.
    pub item: CriterionId,
    /// Its title.
    pub title: String,
    /// `audit_opinion`, `liquidation` or a ratio group's id (`solvency`, `profitability`).
    pub rule: String,
    /// The level it computes to; `null`: undetermined (counted as unanswered).
    pub status: Option<crate::answers::Status>,
    /// The level's word (or "undetermined").
    pub level: String,
    /// For a ratio group: how many ratios were met.
    pub met: u32,
    /// Each ratio of a ratio group.
    pub ratios: Vec<RatioPart>,
    /// Why it is undetermined, as a code (`missing: audit_opinion`, `undetermined-ratios`).
    pub why: Option<String>,
    /// The item and its result in one sentence.
    pub message: String,
}

/// One ratio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RatioPart {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its value to at most 4 decimals, when it could be computed.
    pub value: Option<String>,
    /// The operator: `le`, `lt`, `ge` or `gt`.
    pub op: &'static str,
    /// The threshold, when known.
    pub threshold: Option<String>,
    /// The test as a reader writes it (`≤ 0.85`).
    pub test: String,
    /// `met`, `not_met` or `undetermined`.
    pub result: &'static str,
    /// Why it is undetermined, as a code (`missing: total_profit`, `zero-denominator`,
    /// `producer-unknown`).
    pub why: Option<String>,
    /// The result in words, with the reason when undetermined.
    pub result_text: String,
}

/// The graded part of the report, when the catalog grades.
#[must_use]
pub fn grade_part(
    catalog: &Catalog,
    grading: &Grading,
    grade: &Grade,
    entity: crate::criteria::Entity,
    msg: &Messages,
) -> GradePart {
    let lang = msg.lang();
    let words = LevelWords {
        implemented: grading.levels.implemented.get(lang).to_string(),
        partial: grading.levels.partial.get(lang).to_string(),
        not_implemented: grading.levels.not_implemented.get(lang).to_string(),
        not_applicable: grading.levels.not_applicable.get(lang).to_string(),
        unanswered: msg.get("grade:unanswered").to_string(),
    };
    let item = |id: &CriterionId| {
        let c = catalog.criterion(*id);
        ItemPart {
            id: *id,
            title: c.map_or_else(String::new, |c| c.title.get(lang).to_string()),
            category: c.map_or(0, |c| c.category),
        }
    };
    let pass_line = pass_line(grading);
    let sums = [
        ("total", grade.total.to_string()),
        ("base", grade.base.to_string()),
        ("deducted", grade.deducted.to_string()),
        ("bonus", grade.bonus.to_string()),
        ("line", pass_line.map(|l| l.to_string()).unwrap_or_default()),
    ];
    let total_line = fill(
        msg.get(if pass_line.is_some() {
            "grade:total"
        } else {
            "grade:total-no-line"
        }),
        &sums,
    );
    let model = &grading.model;
    let area_names = |areas: &[String]| {
        msg.list(
            &areas
                .iter()
                .map(|a| {
                    catalog
                        .focus_area(a)
                        .map_or_else(|| a.clone(), |f| f.name.get(lang).to_string())
                })
                .collect::<Vec<_>>(),
        )
    };
    let gates = grading
        .gates
        .iter()
        .zip(&grade.gates)
        .map(|(rule, out)| {
            let limit = out.limit.map(|l| l.to_string()).unwrap_or_default();
            let mut message = match &rule.kind {
                GateKind::NoFailed => msg.get("grade:gate-no-failed").to_string(),
                GateKind::MaxPartialPerCategory { focus_areas, .. } => fill(
                    msg.get("grade:gate-partial"),
                    &[("areas", area_names(focus_areas)), ("limit", limit.clone())],
                ),
                GateKind::MinTotal { .. } => {
                    fill(msg.get("grade:gate-total"), &[("limit", limit.clone())])
                }
            };
            let verdict = msg.get(if out.holds {
                "grade:holds"
            } else {
                "grade:does-not-hold"
            });
            message = fill(
                msg.get("grade:gate-line"),
                &[("gate", message), ("verdict", verdict.to_string())],
            );
            if !out.holds {
                let (key, what) = match rule.kind {
                    GateKind::NoFailed => ("grade:broken-items", super::ids(&out.items, msg)),
                    GateKind::MaxPartialPerCategory { .. } => (
                        "grade:broken-articles",
                        msg.list(
                            &out.categories
                                .iter()
                                .map(|(n, c)| {
                                    fill(
                                        msg.get("grade:article-count"),
                                        &[("article", n.to_string()), ("count", c.to_string())],
                                    )
                                })
                                .collect::<Vec<_>>(),
                        ),
                    ),
                    GateKind::MinTotal { .. } => ("grade:broken-total", grade.total.to_string()),
                };
                message = fill(
                    msg.get("grade:gate-broken-by"),
                    &[
                        ("line", message),
                        ("what", fill(msg.get(key), &[("what", what)])),
                    ],
                );
            }
            GatePart {
                id: out.id.clone(),
                kind: out.kind,
                holds: out.holds,
                message,
                basis: rule.basis.get(lang).to_string(),
                items: out.items.clone(),
                articles: out
                    .categories
                    .iter()
                    .map(|(number, count)| ArticleCount {
                        number: *number,
                        count: *count,
                    })
                    .collect(),
                limit: out.limit,
            }
        })
        .collect();
    let model_key = if model.verified {
        "grade:model-verified"
    } else {
        "grade:model-unverified"
    };
    GradePart {
        model: ModelPart {
            id: model.id.clone(),
            name: model.name.get(lang).to_string(),
            verified: model.verified,
            basis: model.basis.get(lang).to_string(),
            message: fill(
                msg.get(model_key),
                &[
                    ("name", model.name.get(lang).to_string()),
                    ("id", model.id.clone()),
                    ("basis", model.basis.get(lang).to_string()),
                ],
            ),
        },
        rules: {
            let mut r = fill(
                msg.get("grade:rules"),
                &[
                    ("partial", model.partial.to_string()),
                    ("failed", model.not_implemented.to_string()),
                ],
            );
            if let Some(b) = &model.bonus {
                r = fill(
                    msg.get("grade:rules-bonus"),
                    &[
                        ("rules", r),
                        ("per_item", b.per_item.to_string()),
                        ("cap", b.cap.to_string()),
                    ],
                );
            }
            r
        },
        levels: words,
        base: grade.base,
        deducted: grade.deducted,
        bonus: grade.bonus,
        total: grade.total,
        pass_line,
        total_line,
        gates_hold: grade.passes,
        gates,
        counts: grade.counts.into(),
        bonus_counts: model.bonus.as_ref().map(|_| grade.bonus_counts.into()),
        articles: grade
            .categories
            .iter()
            .map(|(n, c)| {
                let k = catalog.category(*n);
                ArticlePart {
                    number: *n,
                    name: k.map_or_else(String::new, |k| k.name.get(lang).to_string()),
                    focus_area: k.map_or_else(String::new, |k| k.focus_area.clone()),
                    counts: (*c).into(),
                }
            })
            .collect(),
        failed: grade.failed.iter().map(item).collect(),
        basically: grade.basically.iter().map(item).collect(),
        unanswered: grade.unanswered.iter().map(item).collect(),
        customs_records: catalog
            .applicable(entity)
            .filter(|c| c.checked_by.as_deref() == Some("customs_records"))
            .map(|c| c.id)
            .collect(),
        lower: None,
    }
}

/// The pass line of `grading`, when one of its gates is a minimum total.
#[must_use]
pub fn pass_line(grading: &Grading) -> Option<u32> {
    grading.gates.iter().find_map(|g| match g.kind {
        GateKind::MinTotal { total } => Some(total),
        _ => None,
    })
}

/// Two tier names without the qualifier they end with alike (both "（参考结论）" or
/// " (indicative)"), so a sentence can say it once.
#[must_use]
pub fn without_shared_qualifier<'a>(a: &'a str, b: &'a str) -> (&'a str, &'a str) {
    for open in ["（", " ("] {
        if let (Some(i), Some(j)) = (a.rfind(open), b.rfind(open)) {
            if a[i..] == b[j..] && i > 0 && j > 0 {
                return (&a[..i], &b[..j]);
            }
        }
    }
    (a, b)
}

/// Why a ratio or an item is undetermined, in words.
fn why_text(why: &str, msg: &Messages) -> String {
    if let Some(figures) = why.strip_prefix("missing: ") {
        return fill(
            msg.get("finance:why-missing"),
            &[(
                "figures",
                msg.list(&figures.split(", ").collect::<Vec<_>>()),
            )],
        );
    }
    match why {
        "zero-denominator" => msg.get("finance:why-zero-denominator").to_string(),
        "producer-unknown" => msg.get("finance:why-producer-unknown").to_string(),
        "undetermined-ratios" => msg.get("finance:why-undetermined-ratios").to_string(),
        other => other.to_string(),
    }
}

/// The computed items, when the catalog computes some.
#[must_use]
pub fn computed_part(
    catalog: &Catalog,
    answers: &Answers,
    computed: &[Computed],
    words: &LevelWords,
    msg: &Messages,
) -> Option<ComputedPart> {
    let rules = catalog.finance.as_ref()?;
    let lang = msg.lang();
    let fin = answers.financials.as_ref();
    let year = fin.and_then(|f| f.year);
    let producer = fin.and_then(|f| f.producer);
    let kind = msg.get(match producer {
        Some(true) => "finance:producer",
        Some(false) => "finance:non-producer",
        None => "finance:kind-unknown",
    });
    let facts = match year {
        Some(y) => fill(
            msg.get("finance:facts"),
            &[("year", y.to_string()), ("kind", kind.to_string())],
        ),
        None => fill(
            msg.get("finance:facts-no-year"),
            &[("kind", kind.to_string())],
        ),
    };
    let items = computed
        .iter()
        .map(|k| {
            let group = rules.groups.iter().find(|g| g.id == k.rule);
            let ratios: Vec<RatioPart> = k
                .ratios
                .iter()
                .map(|r| {
                    let rule = group.and_then(|g| g.ratios.iter().find(|x| x.id == r.id));
                    let result = match r.result {
                        RatioResult::Met => "met",
                        RatioResult::NotMet => "not_met",
                        RatioResult::Undetermined => "undetermined",
                    };
                    let mut result_text = msg.get(&format!("finance:{result}")).to_string();
                    if let Some(why) = &r.why {
                        result_text = fill(
                            msg.get("finance:because"),
                            &[("result", result_text), ("why", why_text(why, msg))],
                        );
                    }
                    RatioPart {
                        id: r.id.clone(),
                        name: rule.map_or_else(|| r.id.clone(), |x| x.name.get(lang).to_string()),
                        value: r.value.as_deref().map(trimmed),
                        op: r.op.id(),
                        threshold: r.threshold.clone(),
                        test: match &r.threshold {
                            Some(t) => format!("{} {t}", r.op.sign()),
                            None => format!("{} ?", r.op.sign()),
                        },
                        result,
                        why: r.why.clone(),
                        result_text,
                    }
                })
                .collect();
            let level = match k.status {
                Some(s) => match s {
                    crate::answers::Status::Implemented => words.implemented.clone(),
                    crate::answers::Status::Partial => words.partial.clone(),
                    crate::answers::Status::NotImplemented => words.not_implemented.clone(),
                    crate::answers::Status::NotApplicable => words.not_applicable.clone(),
                },
                None => msg.get("finance:undetermined").to_string(),
            };
            let title = catalog
                .criterion(k.item)
                .map_or_else(String::new, |c| c.title.get(lang).to_string());
            let mut message = if ratios.is_empty() {
                fill(
                    msg.get("finance:item"),
                    &[
                        ("id", k.item.to_string()),
                        ("title", title.clone()),
                        ("level", level.clone()),
                    ],
                )
            } else {
                fill(
                    msg.get("finance:item-ratios"),
                    &[
                        ("id", k.item.to_string()),
                        ("title", title.clone()),
                        ("level", level.clone()),
                        ("met", k.met.to_string()),
                        ("count", ratios.len().to_string()),
                    ],
                )
            };
            if let Some(why) = &k.why {
                message = fill(
                    msg.get("finance:item-why"),
                    &[("line", message), ("why", why_text(why, msg))],
                );
            }
            ComputedItemPart {
                item: k.item,
                title,
                rule: k.rule.clone(),
                status: k.status,
                level,
                met: k.met,
                ratios,
                why: k.why.clone(),
                message,
            }
        })
        .collect();
    Some(ComputedPart {
        basis: rules.basis.get(lang).to_string(),
        year,
        producer,
        facts,
        items,
    })
}

/// A decimal without its trailing zeros (`55.0000` → `55`, `0.1750` → `0.175`), as the
/// thresholds are written.
fn trimmed(value: &str) -> String {
    match value.split_once('.') {
        Some((whole, frac)) => {
            let frac = frac.trim_end_matches('0');
            if frac.is_empty() {
                whole.to_string()
            } else {
                format!("{whole}.{frac}")
            }
        }
        None => value.to_string(),
    }
}
