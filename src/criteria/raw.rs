//! The criteria file exactly as written: serde types mirroring `ctpat-criteria/1`.
//!
//! Unknown fields are rejected here; values whose meaning needs checking (ids, entity names,
//! requirement words, translations) are kept as spanned strings so validation can report
//! each problem at its own line.

use super::{Coverage, Entity, FlagKind, MustLevel, Recurrence, Requirement};
use crate::yaml::Spanned;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::value::MapAccessDeserializer;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::borrow::Cow;
use std::fmt;

pub(super) type S<T> = Spanned<T>;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "ctpat criteria file (ctpat-criteria/1)",
    description = "One version of the C-TPAT Minimum Security Criteria as data for ctpat. See criteria/FORMAT.md."
)]
#[schemars(rename = "Catalog")]
pub(super) struct RawCatalog {
    /// Always `ctpat-criteria/1`.
    #[schemars(extend("const" = "ctpat-criteria/1"))]
    pub format: S<String>,
    pub program: RawProgram,
    pub entities: Vec<RawEntity>,
    pub focus_areas: Vec<RawFocusArea>,
    pub categories: Vec<RawCategory>,
    pub scoring: RawScoring,
    /// How old a criterion's evidence may be before it no longer counts, by recurrence.
    /// Optional: without it, only an evidence item's own `valid_until` ages it out.
    pub freshness: Option<RawFreshness>,
    /// How a programme grades its items (result levels, deductions, gates); a catalog with
    /// it is graded by it rather than by the tier requirements of the MSC.
    pub grading: Option<RawGrading>,
    /// The finance items computed from the figures an answers file gives.
    pub finance: Option<RawFinance>,
    pub tiers: Vec<RawTier>,
    pub criteria: Vec<RawCriterion>,
}

/// A programme's result levels, its scoring model and its gates.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Grading")]
pub(super) struct RawGrading {
    /// The programme's words for each answers-file status.
    pub levels: RawLevels,
    pub model: RawModel,
    /// Every gate must hold for the top rung.
    pub gates: Vec<RawGate>,
    /// A shipped catalog of the same programme's lower level (e.g. `gacc-aeo-2026-certified`),
    /// graded with the same answers when this one's gates do not hold.
    #[schemars(extend("pattern" = "^[a-z][a-z0-9-]{2,63}$"))]
    pub fallback: Option<S<String>>,
}

/// The programme's words for each answers-file status.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Levels")]
pub(super) struct RawLevels {
    pub implemented: S<RawText>,
    pub partial: S<RawText>,
    pub not_implemented: S<RawText>,
    pub not_applicable: S<RawText>,
}

/// Deductions from a base, with capped bonus items.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Model")]
pub(super) struct RawModel {
    /// A lower-case id, e.g. `gacc-indicative`.
    pub id: S<String>,
    pub name: S<RawText>,
    /// Whether the values were checked against the programme's official rules.
    pub verified: S<bool>,
    /// Where the values come from.
    pub basis: S<RawText>,
    /// The total before deductions.
    pub base: S<u32>,
    pub deductions: RawDeductions,
    pub bonus: Option<RawBonus>,
}

/// Points taken off per item, by status.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Deductions")]
pub(super) struct RawDeductions {
    pub partial: S<u32>,
    pub not_implemented: S<u32>,
}

/// Bonus points for the items of one focus area met.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Bonus")]
pub(super) struct RawBonus {
    pub focus_area: S<String>,
    pub per_item: S<u32>,
    pub cap: S<u32>,
}

/// One pass gate.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Gate")]
pub(super) struct RawGate {
    pub id: S<String>,
    /// `no_failed`, `max_partial_per_category` or `min_total`.
    #[schemars(extend("enum" = ["no_failed", "max_partial_per_category", "min_total"]))]
    pub kind: S<String>,
    /// For `max_partial_per_category`: the focus areas whose categories it counts in.
    #[serde(default)]
    pub focus_areas: Vec<S<String>>,
    /// For `max_partial_per_category`.
    pub max: Option<S<u32>>,
    /// For `min_total`.
    pub total: Option<S<u32>>,
    pub basis: S<RawText>,
}

/// The finance items and how they are computed.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Finance")]
pub(super) struct RawFinance {
    pub basis: S<RawText>,
    pub audit_opinion: Option<RawAuditOpinion>,
    pub liquidation: Option<RawLiquidation>,
    #[serde(default)]
    pub groups: Vec<RawRatioGroup>,
}

/// The item graded from the auditor's opinion.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "AuditOpinion")]
pub(super) struct RawAuditOpinion {
    pub item: S<String>,
    /// The status each opinion gives: `unqualified`, `qualified`, `adverse`, `disclaimer`.
    pub levels: std::collections::BTreeMap<String, S<String>>,
}

/// The item that fails when the company is in dissolution or bankrupt.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Liquidation")]
pub(super) struct RawLiquidation {
    pub item: S<String>,
}

/// An item graded by how many of its ratios are met.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "RatioGroup")]
pub(super) struct RawRatioGroup {
    pub id: S<String>,
    pub item: S<String>,
    pub name: S<RawText>,
    /// Ratios met for `implemented`.
    pub meets_at: S<u32>,
    /// Ratios met for `partial`.
    pub basically_at: S<u32>,
    pub ratios: Vec<RawRatio>,
}

/// One ratio (or one figure) and its test.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Ratio")]
pub(super) struct RawRatio {
    pub id: S<String>,
    pub name: S<RawText>,
    /// Figures added up; a leading `-` subtracts one.
    pub numerator: Vec<S<String>>,
    /// Figures added up; left out (with `denominator_average`) to test the numerator itself.
    #[serde(default)]
    pub denominator: Vec<S<String>>,
    /// Figures averaged, e.g. opening and closing total assets.
    #[serde(default)]
    pub denominator_average: Vec<S<String>>,
    pub test: RawTest,
    /// A second test on one figure that must also hold.
    pub also: Option<RawAlso>,
}

/// A comparison with a threshold, one for every company or one per kind.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Test")]
pub(super) struct RawTest {
    #[schemars(extend("enum" = ["le", "lt", "ge", "gt"]))]
    pub op: S<String>,
    pub value: Option<S<f64>>,
    pub producer: Option<S<f64>>,
    pub non_producer: Option<S<f64>>,
}

/// A test on one figure.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Also")]
pub(super) struct RawAlso {
    pub figure: S<String>,
    #[schemars(extend("enum" = ["le", "lt", "ge", "gt"]))]
    pub op: S<String>,
    pub value: S<f64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// A text in English and Simplified Chinese; both are required and may not be empty.
#[schemars(rename = "Text")]
pub(super) struct RawText {
    /// English.
    pub en: Option<S<String>>,
    /// Simplified Chinese.
    #[serde(rename = "zh-CN")]
    pub zh_cn: Option<S<String>>,
}

/// A text that may be bilingual or, in files written before it had to be, one plain string.
///
/// The program's name, an entity's coverage note and a flag's note were plain strings in the
/// first catalogs; they are bilingual now, and a plain string still loads (shown as it is in
/// both languages) so other people's `ctpat-criteria/1` files keep working.
#[derive(Debug)]
pub(super) enum RawLooseText {
    /// One string for both languages.
    Plain(String),
    /// English and Chinese.
    Both(RawText),
}

impl<'de> Deserialize<'de> for RawLooseText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Loose;
        impl<'de> Visitor<'de> for Loose {
            type Value = RawLooseText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text: `{ en: ..., zh-CN: ... }`, or one string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(RawLooseText::Plain(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                RawText::deserialize(MapAccessDeserializer::new(map)).map(RawLooseText::Both)
            }
        }
        deserializer.deserialize_any(Loose)
    }
}

impl JsonSchema for RawLooseText {
    fn schema_name() -> Cow<'static, str> {
        "LooseText".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let both = generator.subschema_for::<RawText>();
        schemars::json_schema!({
            "description": "A text in English and Simplified Chinese; one plain string (the same in both languages) is still accepted.",
            "anyOf": [both, { "type": "string" }]
        })
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Program")]
pub(super) struct RawProgram {
    /// The program's name, in both languages.
    pub name: S<RawLooseText>,
    /// The programme the catalog is a version of: `ctpat-msc` (the default) or another
    /// programme's id, e.g. `gacc-aeo` for China Customs' AEO standards.
    #[schemars(extend("pattern" = "^[a-z][a-z0-9-]{1,31}$"))]
    pub programme: Option<S<String>>,
    /// The version: for the C-TPAT MSC `YYYY.MM`, quoted; for another programme a lower-case
    /// id such as `gacc-aeo-2026-advanced`. Answers files name it in `criteria_version`.
    #[schemars(extend("pattern" = "^([0-9]{4}\\.(0[1-9]|1[0-2])|[a-z][a-z0-9-]{2,63})$"))]
    pub version: S<String>,
    /// The date it took effect, `YYYY-MM-DD`.
    #[schemars(extend("pattern" = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub effective: S<String>,
    pub summary: S<RawText>,
    /// Who issues the programme, in both languages.
    pub authority: Option<S<RawText>>,
    /// `official` (the default): built from the official text; `secondary`: encoded from a
    /// secondary source, so every output that uses the catalog prints `notice`.
    #[schemars(extend("enum" = ["official", "secondary"]))]
    pub source_quality: Option<S<String>>,
    /// What every output using the catalog must say about where its content comes from;
    /// required when `source_quality` is `secondary`.
    pub notice: Option<S<RawText>>,
    #[serde(default)]
    pub sources: Vec<RawSourceDocument>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "SourceDocument")]
pub(super) struct RawSourceDocument {
    pub title: String,
    pub date: String,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "EntityInfo")]
pub(super) struct RawEntity {
    #[schemars(with = "Entity")]
    pub id: S<String>,
    pub name: S<RawText>,
    pub description: S<RawText>,
    #[serde(default)]
    pub cbp_tiers: bool,
    #[schemars(with = "Coverage")]
    pub coverage: S<String>,
    /// What the list is and what is not known about it, in both languages.
    pub note: Option<S<RawLooseText>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// Marks data the sources are unsure of; `ctpat validate` reports it as a note.
#[schemars(rename = "Flag")]
pub(super) struct RawFlag {
    #[schemars(with = "FlagKind")]
    pub kind: S<String>,
    /// What is unsure and how the data treats it, in both languages.
    pub note: S<RawLooseText>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "FocusArea")]
pub(super) struct RawFocusArea {
    pub id: S<String>,
    pub name: S<RawText>,
    pub flag: Option<RawFlag>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Category")]
pub(super) struct RawCategory {
    #[schemars(range(min = 1))]
    pub number: S<u16>,
    pub focus_area: S<String>,
    pub name: S<RawText>,
    pub flag: Option<RawFlag>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Points")]
pub(super) struct RawPoints {
    pub implemented: S<u32>,
    pub partial: S<u32>,
    pub not_implemented: S<u32>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Weights")]
pub(super) struct RawWeights {
    pub must: S<u32>,
    pub should: S<u32>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Scoring")]
pub(super) struct RawScoring {
    pub points: RawPoints,
    pub weights: RawWeights,
}

/// The evidence-age rules: how long evidence of each kind of recurring control stays fresh.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Freshness")]
pub(super) struct RawFreshness {
    /// Evidence whose expiry falls within this many days of the as-of date is `expiring`.
    pub expiring_within_days: S<u32>,
    /// One rule per recurrence; a recurrence without a rule (and a criterion without a
    /// recurrence) gives dated evidence no age limit.
    pub ages: Vec<RawAge>,
}

/// How long evidence of one recurrence stays fresh.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "EvidenceAge")]
pub(super) struct RawAge {
    #[schemars(with = "Recurrence")]
    pub recurrence: S<String>,
    /// Months after its date that evidence stays fresh; absent: no age limit (the evidence
    /// holds until what it proves changes).
    pub months: Option<S<u32>>,
    /// Why: the source of the rule, or ctpat's assumption where CBP gives no interval.
    pub basis: S<RawText>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "TierRequires")]
pub(super) struct RawTierRequires {
    #[schemars(with = "Option<MustLevel>")]
    pub musts: Option<S<String>>,
    #[serde(default)]
    #[schemars(extend("enum" = ["implemented"]))]
    pub shoulds: Option<S<String>>,
    #[serde(default)]
    pub best_practices: Option<S<u32>>,
    /// `pass`: every gate of the catalog's `grading` holds.
    #[schemars(extend("enum" = ["pass"]))]
    pub grading: Option<S<String>>,
    /// Criteria that must be implemented for this tier (where they apply).
    #[serde(default)]
    pub criteria: Vec<S<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Tier")]
pub(super) struct RawTier {
    pub id: S<String>,
    pub name: S<RawText>,
    pub generic_name: S<RawText>,
    pub summary: S<RawText>,
    pub requires: Option<RawTierRequires>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Guidance")]
pub(super) struct RawGuidance {
    pub good: S<RawText>,
    #[serde(default)]
    pub evidence: Vec<S<RawText>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Subpart")]
pub(super) struct RawSubpart {
    #[schemars(with = "Requirement")]
    pub requirement: S<String>,
    pub text: S<RawText>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Criterion")]
pub(super) struct RawCriterion {
    /// The official id, quoted: an MSC id "5.24", or a numbered item "(44)".
    #[schemars(extend("pattern" = "^([1-9][0-9]{0,3}\\.[1-9][0-9]{0,3}|\\([1-9][0-9]{0,3}\\))$"))]
    pub id: S<String>,
    /// The category number: the id's first number (for a numbered item, its article).
    #[schemars(range(min = 1))]
    pub category: S<u16>,
    /// Must or Should (required; optional in the schema only so a missing one is reported
    /// with the criterion's id).
    #[schemars(with = "Option<Requirement>")]
    pub requirement: Option<S<String>>,
    /// The entity types it applies to.
    #[schemars(with = "Vec<Entity>")]
    pub applies_to: S<Vec<S<String>>>,
    pub title: S<RawText>,
    /// `official` (the default) or `app`: whose words the title is.
    #[schemars(extend("enum" = ["official", "app"]))]
    pub label_source: Option<S<String>>,
    pub question: S<RawText>,
    pub guidance: RawGuidance,
    /// When the item does not apply, in both languages.
    pub not_applicable_when: Option<S<RawText>>,
    /// `customs_records`: the authority checks this in its own records; the answer is the
    /// company's declaration.
    #[schemars(extend("enum" = ["customs_records"]))]
    pub checked_by: Option<S<String>>,
    /// The item is computed from the answers file's `financials:`: `audit_opinion`,
    /// `solvency`, `profitability` or `liquidation`.
    pub computed: Option<S<String>>,
    #[serde(default)]
    pub subparts: Vec<RawSubpart>,
    #[schemars(with = "Option<Recurrence>")]
    pub recurrence: Option<S<String>>,
    /// Confidence tags of the reference: V verified, V2 a named secondary source restating
    /// CBP, P portal, S secondary, B background.
    #[serde(default)]
    #[schemars(extend("items" = { "enum": ["V", "V2", "P", "S", "B"] }))]
    pub sources: Vec<S<String>>,
    pub flag: Option<RawFlag>,
}
