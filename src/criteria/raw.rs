//! The criteria file exactly as written: serde types mirroring `ctpat-criteria/1`.
//!
//! Unknown fields are rejected here; values whose meaning needs checking (ids, entity names,
//! requirement words, translations) are kept as spanned strings so validation can report
//! each problem at its own line.

use crate::yaml::Spanned;
use serde::Deserialize;

pub(super) type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCatalog {
    pub format: S<String>,
    pub program: RawProgram,
    pub entities: Vec<RawEntity>,
    pub focus_areas: Vec<RawFocusArea>,
    pub categories: Vec<RawCategory>,
    pub scoring: RawScoring,
    pub tiers: Vec<RawTier>,
    pub criteria: Vec<RawCriterion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawText {
    pub en: Option<S<String>>,
    #[serde(rename = "zh-CN")]
    pub zh_cn: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProgram {
    pub name: S<String>,
    pub version: S<String>,
    pub effective: S<String>,
    pub summary: S<RawText>,
    #[serde(default)]
    pub sources: Vec<RawSourceDocument>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSourceDocument {
    pub title: String,
    pub date: String,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEntity {
    pub id: S<String>,
    pub name: S<RawText>,
    pub description: S<RawText>,
    #[serde(default)]
    pub cbp_tiers: bool,
    pub coverage: S<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFlag {
    pub kind: S<String>,
    pub note: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFocusArea {
    pub id: S<String>,
    pub name: S<RawText>,
    pub flag: Option<RawFlag>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCategory {
    pub number: S<u16>,
    pub focus_area: S<String>,
    pub name: S<RawText>,
    pub flag: Option<RawFlag>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPoints {
    pub implemented: S<u32>,
    pub partial: S<u32>,
    pub not_implemented: S<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWeights {
    pub must: S<u32>,
    pub should: S<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScoring {
    pub points: RawPoints,
    pub weights: RawWeights,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTierRequires {
    pub musts: Option<S<String>>,
    #[serde(default)]
    pub shoulds: Option<S<String>>,
    #[serde(default)]
    pub best_practices: Option<S<u32>>,
    #[serde(default)]
    pub criteria: Vec<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTier {
    pub id: S<String>,
    pub name: S<RawText>,
    pub generic_name: S<RawText>,
    pub summary: S<RawText>,
    pub requires: Option<RawTierRequires>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGuidance {
    pub good: S<RawText>,
    #[serde(default)]
    pub evidence: Vec<S<RawText>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSubpart {
    pub requirement: S<String>,
    pub text: S<RawText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCriterion {
    pub id: S<String>,
    pub category: S<u16>,
    pub requirement: Option<S<String>>,
    pub applies_to: S<Vec<S<String>>>,
    pub title: S<RawText>,
    pub question: S<RawText>,
    pub guidance: RawGuidance,
    #[serde(default)]
    pub subparts: Vec<RawSubpart>,
    pub recurrence: Option<S<String>>,
    #[serde(default)]
    pub sources: Vec<S<String>>,
    pub flag: Option<RawFlag>,
}
