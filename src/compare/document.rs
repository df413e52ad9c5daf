//! The `ctpat-compare/1` document: a [`Comparison`] with the names, titles and sentences of
//! one language and a manifest of both inputs. Its JSON form is the serde form of
//! [`CompareReport`] (schema: [`json_schema`]); the terminal and Markdown renderers print it.
//!
//! `tier.old`, `tier.new`, `score.old`, `score.new`, `regressed` and `improved` are a
//! contract: CI scripts read them, so they keep their names and meaning.

use super::{Comparison, Side};
use crate::coverage::ListCoverage;
use crate::criteria::{Catalog, Coverage, CriterionId, Entity, Requirement};
use crate::messages::Messages;
use crate::report::Generator;
use crate::scoring::{Score, Standing};
use crate::text::Lang;
use schemars::JsonSchema;
use serde::Serialize;

/// The format tag.
pub const FORMAT_TAG: &str = "ctpat-compare/1";

/// Two assessments compared, in one language.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CompareReport {
    /// Always [`FORMAT_TAG`].
    #[schemars(extend("const" = FORMAT_TAG))]
    pub format: &'static str,
    /// The program that made it.
    pub generator: Generator,
    /// The language of every text in it.
    pub lang: Lang,
    /// The company's name in each file.
    pub company: NamesPart,
    /// The entity type assessed.
    pub entity: Entity,
    /// Its display name.
    pub entity_name: String,
    /// The criteria version of each side.
    pub criteria: VersionsPart,
    /// True when either side's criteria list for the entity type is not its full list: the
    /// tiers may fall once the missing criteria are scored.
    pub provisional: bool,
    /// When provisional: what the list is, that CBP's document holds more, and how to fix
    /// it (as in `ctpat report`). `null` otherwise.
    pub coverage_notice: Option<String>,
    /// The tier before and after.
    pub tier: TierChangePart,
    /// The score before and after.
    pub score: ScoreChangePart,
    /// When the criteria versions differ: how much of the score change the company made and
    /// how much the criteria change caused. `null` otherwise.
    pub split: Option<SplitPart>,
    /// Criteria on both lists whose standing got worse (unanswered counts as not
    /// implemented, not applicable as no gap): Musts first, then catalog order.
    pub regressed: Vec<CriterionId>,
    /// Criteria on both lists whose standing got better, ordered like `regressed`.
    pub improved: Vec<CriterionId>,
    /// Criteria unanswered before and answered now.
    pub newly_answered: Vec<CriterionId>,
    /// Criteria answered before and unanswered now.
    pub no_longer_answered: Vec<CriterionId>,
    /// Criteria on the new list only.
    pub added: Vec<CriterionId>,
    /// Criteria on the old list only.
    pub removed: Vec<CriterionId>,
    /// Criteria whose evidence was fresh before and is stale now.
    pub evidence_aged_out: Vec<CriterionId>,
    /// Criteria whose waiver held before and has expired now.
    pub waivers_expired: Vec<CriterionId>,
    /// Every criterion on either list with its standing before and after: the new list in
    /// catalog order, then the removed criteria.
    pub standings: Vec<StandingPart>,
    /// What the comparison was made from.
    pub manifest: CompareManifest,
}

/// A name on each side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct NamesPart {
    /// In OLD.
    pub old: String,
    /// In NEW.
    pub new: String,
}

/// The criteria version of each side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct VersionsPart {
    /// OLD's version (`YYYY.MM`).
    pub old: String,
    /// NEW's version.
    pub new: String,
}

/// The tier before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TierChangePart {
    /// OLD's tier id (`not_ready`, `tier_1`, `tier_2`, `tier_3`).
    pub old: String,
    /// NEW's tier id.
    pub new: String,
    /// OLD's tier name (marked provisional when its list is).
    pub old_name: String,
    /// NEW's tier name.
    pub new_name: String,
    /// Rungs gained on the ladder (negative: lost).
    pub change: i64,
}

/// The score before and after, as percentages with one decimal.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ScoreChangePart {
    /// OLD's score.
    pub old: f64,
    /// NEW's score.
    pub new: f64,
    /// `new − old`, in percentage points.
    pub change: f64,
    /// OLD's score over Musts only.
    pub must_old: f64,
    /// NEW's score over Musts only.
    pub must_new: f64,
    /// `must_new − must_old`.
    pub must_change: f64,
}

/// The score change split, when the criteria versions differ.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SplitPart {
    /// How OLD's answers were carried to NEW's version (`migrate`: as `ctpat migrate` does).
    pub migration: String,
    /// The tier OLD's carried answers reach on NEW's criteria.
    pub migrated_tier: String,
    /// Its name.
    pub migrated_tier_name: String,
    /// The score OLD's carried answers reach on NEW's criteria.
    pub migrated_score: f64,
    /// What the company changed: `score.new − migrated_score`, in percentage points.
    pub company: f64,
    /// What the criteria change caused: `migrated_score − score.old`.
    pub criteria: f64,
    /// The split in one sentence.
    pub message: String,
}

/// One criterion's standing before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct StandingPart {
    /// Criterion id.
    pub id: CriterionId,
    /// Must or Should now (before, for a removed criterion).
    pub requirement: Requirement,
    /// Must or Should in OLD's catalog, when on its list.
    pub old_requirement: Option<Requirement>,
    /// The standing in OLD; `null` when not on OLD's list.
    pub old: Option<Standing>,
    /// The standing in NEW; `null` when not on NEW's list.
    pub new: Option<Standing>,
    /// Title (from NEW's catalog, else OLD's).
    pub title: String,
}

/// What the comparison was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CompareManifest {
    /// ctpat's version.
    pub ctpat_version: &'static str,
    /// The OLD assessment.
    pub old: SideManifest,
    /// The NEW assessment.
    pub new: SideManifest,
}

/// One input of a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SideManifest {
    /// The answers file as named on the command line (`<stdin>` for standard input).
    pub file: String,
    /// SHA-256 (lower-case hex) of its bytes.
    pub answers_sha256: Option<String>,
    /// When it says the assessment was made.
    pub assessed_on: Option<String>,
    /// The date it was scored as of (evidence ages and waivers expire against it): OLD as of
    /// its `assessed_on` date, when it has one; NEW as of `--as-of` (default today).
    pub as_of: String,
    /// The criteria version it was scored against.
    pub criteria_version: String,
    /// SHA-256 of the criteria file's bytes (for the embedded catalog, its embedded text).
    pub criteria_sha256: Option<String>,
    /// How complete the criteria list for the entity type is.
    pub coverage: Coverage,
    /// The tailoring file's name; absent without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tailoring: Option<String>,
}

/// One side as the document names it.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The scored assessment.
    pub side: Side<'a>,
    /// The file name to show.
    pub file: &'a str,
    /// SHA-256 of the answers file's bytes.
    pub answers_sha256: Option<&'a str>,
    /// SHA-256 of the criteria file's bytes.
    pub criteria_sha256: Option<&'a str>,
}

/// Tenths of a percentage point as a number with one decimal.
fn points(tenths: i64) -> f64 {
    // Scores are within 0..=1000 tenths, so any change is within ±1000: exact in an f64.
    f64::from(i32::try_from(tenths).unwrap_or(0)) / 10.0
}

fn signed(s: &Score) -> i64 {
    i64::try_from(s.percent_tenths).unwrap_or(0)
}

/// A change in percentage points with its sign: `+1.5`, `-0.3`, `0.0`.
#[must_use]
pub fn signed_points(value: f64) -> String {
    if value > 0.0 {
        format!("+{value:.1}")
    } else {
        format!("{value:.1}")
    }
}

/// The name of tier `id` on `catalog`'s ladder for `list`, marked when provisional.
fn tier_name(
    catalog: &Catalog,
    id: &str,
    cbp_tiers: bool,
    list: &ListCoverage,
    msg: &Messages,
) -> String {
    let name = catalog.tier(id).map_or_else(
        || id.to_string(),
        |t| t.name_for(cbp_tiers).get(msg.lang()).to_string(),
    );
    list.tier_name_short(&name, msg)
}

fn manifest_of(input: &Input<'_>) -> SideManifest {
    let catalog = input.side.catalog;
    SideManifest {
        file: input.file.to_string(),
        answers_sha256: input.answers_sha256.map(str::to_string),
        assessed_on: input.side.answers.assessed_on.clone(),
        as_of: input.side.assessment.as_of.clone(),
        criteria_version: catalog.program.version.clone(),
        criteria_sha256: input.criteria_sha256.map(str::to_string),
        coverage: catalog.coverage(input.side.assessment.entity),
        tailoring: catalog.tailoring.as_ref().map(|t| t.name.clone()),
    }
}

impl CompareReport {
    /// Builds the document for `comparison` of `old` and `new` in `msg`'s language.
    /// `migration` names how OLD's answers were carried to NEW's version for the split.
    #[must_use]
    pub fn build(
        comparison: &Comparison,
        old: &Input<'_>,
        new: &Input<'_>,
        migration: &str,
        msg: &Messages,
    ) -> CompareReport {
        let lang = msg.lang();
        let c = comparison;
        let entity = c.entity;
        let old_list = ListCoverage::of(old.side.catalog, old.side.assessment.entity, msg);
        let new_list = ListCoverage::of(new.side.catalog, entity, msg);
        let provisional = old_list.is_provisional() || new_list.is_provisional();
        let coverage_notice = new_list.notice(msg).or_else(|| old_list.notice(msg));
        let old_tier = tier_name(
            old.side.catalog,
            &c.tier.old.id,
            old.side.assessment.tier.cbp_tiers,
            &old_list,
            msg,
        );
        let new_tier = tier_name(
            new.side.catalog,
            &c.tier.new.id,
            new.side.assessment.tier.cbp_tiers,
            &new_list,
            msg,
        );
        let rank = |r: usize| i64::try_from(r).unwrap_or(0);
        let split = c.split.as_ref().map(|s| {
            let migrated_tier_name = tier_name(
                new.side.catalog,
                &s.migrated_tier.id,
                new.side.assessment.tier.cbp_tiers,
                &new_list,
                msg,
            );
            let migrated_score = s.migrated_score.percent();
            let message = crate::diagnostic::fill(
                msg.get("compare:split"),
                &[
                    ("old", c.versions.old.clone()),
                    ("new", c.versions.new.clone()),
                    ("total", signed_points(points(c.score_change_tenths()))),
                    ("company", signed_points(points(s.company_tenths))),
                    ("criteria", signed_points(points(s.criteria_tenths))),
                    ("score", format!("{migrated_score:.1}%")),
                    ("tier", migrated_tier_name.clone()),
                ],
            );
            SplitPart {
                migration: migration.to_string(),
                migrated_tier: s.migrated_tier.id.clone(),
                migrated_tier_name,
                migrated_score,
                company: points(s.company_tenths),
                criteria: points(s.criteria_tenths),
                message,
            }
        });
        let title = |id: CriterionId| {
            new.side
                .catalog
                .criterion(id)
                .or_else(|| old.side.catalog.criterion(id))
                .map_or_else(String::new, |k| k.title.get(lang).to_string())
        };
        let entity_name = new
            .side
            .catalog
            .entity(entity)
            .map_or_else(|| entity.id().to_string(), |e| e.name.get(lang).to_string());
        CompareReport {
            format: FORMAT_TAG,
            generator: Generator {
                name: "ctpat",
                version: env!("CARGO_PKG_VERSION"),
            },
            lang,
            company: NamesPart {
                old: old.side.answers.company.name.clone(),
                new: new.side.answers.company.name.clone(),
            },
            entity,
            entity_name,
            criteria: VersionsPart {
                old: c.versions.old.clone(),
                new: c.versions.new.clone(),
            },
            provisional,
            coverage_notice,
            tier: TierChangePart {
                old: c.tier.old.id.clone(),
                new: c.tier.new.id.clone(),
                old_name: old_tier,
                new_name: new_tier,
                change: rank(c.tier.new.rank) - rank(c.tier.old.rank),
            },
            score: ScoreChangePart {
                old: c.score.old.percent(),
                new: c.score.new.percent(),
                change: points(c.score_change_tenths()),
                must_old: c.must_score.old.percent(),
                must_new: c.must_score.new.percent(),
                must_change: points(signed(&c.must_score.new) - signed(&c.must_score.old)),
            },
            split,
            regressed: c.regressed.clone(),
            improved: c.improved.clone(),
            newly_answered: c.newly_answered.clone(),
            no_longer_answered: c.no_longer_answered.clone(),
            added: c.added.clone(),
            removed: c.removed.clone(),
            evidence_aged_out: c.evidence_aged_out.clone(),
            waivers_expired: c.waivers_expired.clone(),
            standings: c
                .criteria
                .iter()
                .map(|k| StandingPart {
                    id: k.id,
                    requirement: k.requirement(),
                    old_requirement: k.old_requirement,
                    old: k.old,
                    new: k.new,
                    title: title(k.id),
                })
                .collect(),
            manifest: CompareManifest {
                ctpat_version: env!("CARGO_PKG_VERSION"),
                old: manifest_of(old),
                new: manifest_of(new),
            },
        }
    }

    /// The entry of criterion `id`.
    #[must_use]
    pub fn standing(&self, id: CriterionId) -> Option<&StandingPart> {
        self.standings.iter().find(|s| s.id == id)
    }

    /// Whether the two sides use different criteria versions.
    #[must_use]
    pub fn versions_differ(&self) -> bool {
        self.criteria.old != self.criteria.new
    }
}

/// The JSON Schema (draft 2020-12) of the `ctpat-compare/1` JSON form, generated from the
/// document types.
#[must_use]
pub fn json_schema() -> serde_json::Value {
    let mut schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<CompareReport>();
    schema.insert(
        "title".to_string(),
        "ctpat-compare/1: two C-TPAT self-assessments compared".into(),
    );
    schema.to_value()
}
