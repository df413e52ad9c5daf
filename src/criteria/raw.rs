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
    pub tiers: Vec<RawTier>,
    pub criteria: Vec<RawCriterion>,
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
    /// The version, `YYYY.MM`, quoted.
    #[schemars(extend("pattern" = "^[0-9]{4}\\.(0[1-9]|1[0-2])$"))]
    pub version: S<String>,
    /// The date it took effect, `YYYY-MM-DD`.
    #[schemars(extend("pattern" = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub effective: S<String>,
    pub summary: S<RawText>,
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
    /// The official MSC id, quoted: "5.24".
    #[schemars(extend("pattern" = "^[1-9][0-9]{0,3}\\.[1-9][0-9]{0,3}$"))]
    pub id: S<String>,
    /// The category number: the id's first number.
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
    pub question: S<RawText>,
    pub guidance: RawGuidance,
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
