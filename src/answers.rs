//! A company's answers: where it stands on each criterion (`ctpat-answers/1`).
//!
//! Loading is two steps because the file names the criteria version it was answered
//! against: [`parse`] reads the YAML (so the edge can pick the catalog), then
//! [`Parsed::validate`] checks every answer against that catalog and collects every problem.
//! No I/O happens here.

mod migrated;
pub(crate) mod write;

pub use migrated::{KeptAnswer, MigratedFrom};
pub use write::to_yaml;

use crate::calendar::normalize_date;
use crate::criteria::{embedded, Catalog, CriterionId, Entity, Loaded, Requirement};
use crate::diagnostic::{self, did_you_mean, Diagnostic, Invalid, Source};
use crate::workbook::{self, read::Stamp};
use crate::yaml::{self, location, Spanned, SpannedMap};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The format tag every answers file starts with.
pub const FORMAT_TAG: &str = "ctpat-answers/1";

/// Where a company stands on one criterion.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// In place and working.
    Implemented,
    /// Started, not complete: half points.
    Partial,
    /// Not in place.
    NotImplemented,
    /// Does not apply to this company (a Must needs a justification note).
    NotApplicable,
}

impl Status {
    /// Every status, as written in files.
    pub const IDS: [&'static str; 4] = [
        "implemented",
        "partial",
        "not_implemented",
        "not_applicable",
    ];

    /// The id as written in files.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Status::Implemented => "implemented",
            Status::Partial => "partial",
            Status::NotImplemented => "not_implemented",
            Status::NotApplicable => "not_applicable",
        }
    }

    /// The status with id `s` exactly.
    #[must_use]
    pub fn from_id(s: &str) -> Option<Status> {
        [
            Status::Implemented,
            Status::Partial,
            Status::NotImplemented,
            Status::NotApplicable,
        ]
        .into_iter()
        .find(|x| x.id() == s)
    }

    /// The status as a file spells it: its id, or its Chinese label as `ctpat init`'s
    /// comments and the reports show it (已落实, 部分落实, 未落实, 不适用), which a factory
    /// worker types as naturally as the id. Surrounding spaces are ignored.
    fn parse(s: &str) -> Option<Status> {
        match s.trim() {
            "implemented" => Some(Status::Implemented),
            "partial" => Some(Status::Partial),
            "not_implemented" => Some(Status::NotImplemented),
            "not_applicable" => Some(Status::NotApplicable),
            other => status_named_in_chinese(other).and_then(Status::parse),
        }
    }
}

/// One evidence item: a document, log or record, with the dates that age it when given.
///
/// It reads as its text (`Deref<Target = str>`), so code that only shows evidence needs no
/// change; an item with no date is written back, and serialised, as the plain string it was.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Evidence {
    /// What it is (`ref:` in a dated item).
    pub text: String,
    /// When it was made or last done (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// The last day it is valid (`YYYY-MM-DD`), when the document says.
    pub valid_until: Option<String>,
}

impl Evidence {
    /// Whether the item carries a date of either kind.
    #[must_use]
    pub fn is_dated(&self) -> bool {
        self.date.is_some() || self.valid_until.is_some()
    }
}

impl From<String> for Evidence {
    fn from(text: String) -> Self {
        Evidence {
            text,
            date: None,
            valid_until: None,
        }
    }
}

impl From<&str> for Evidence {
    fn from(text: &str) -> Self {
        Evidence::from(text.to_string())
    }
}

impl std::ops::Deref for Evidence {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl PartialEq<&str> for Evidence {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl std::borrow::Borrow<str> for Evidence {
    fn borrow(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Display for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Evidence {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        if !self.is_dated() {
            return serializer.serialize_str(&self.text);
        }
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("ref", &self.text)?;
        if let Some(d) = &self.date {
            map.serialize_entry("date", d)?;
        }
        if let Some(d) = &self.valid_until {
            map.serialize_entry("valid_until", d)?;
        }
        map.end()
    }
}

impl JsonSchema for Evidence {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "EvidenceItem".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An evidence item: its text when undated, else `{ ref, date?, valid_until? }` (dates YYYY-MM-DD).",
            "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "required": ["ref"],
                    "properties": {
                        "ref": { "type": "string" },
                        "date": { "type": "string", "format": "date" },
                        "valid_until": { "type": "string", "format": "date" }
                    },
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// A risk the company accepts on a criterion, until a date: CBP never waives a Must, so a
/// waived Must still blocks every tier; a waived Should no longer blocks Tier 3 while the
/// waiver holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Waiver {
    /// The criterion waived.
    pub criterion: CriterionId,
    /// Why the risk is accepted.
    pub justification: String,
    /// Who approved it.
    pub approved_by: Option<String>,
    /// When (`YYYY-MM-DD`).
    pub approved_on: Option<String>,
    /// The last day it holds (`YYYY-MM-DD`); required for a Must.
    pub expires: Option<String>,
    /// What reduces the risk meanwhile.
    pub compensating_controls: Vec<String>,
    /// Evidence of the decision and the controls.
    pub evidence: Vec<Evidence>,
}

/// One answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    /// Where the company stands.
    pub status: Status,
    /// Evidence cited (document names, logs, records), dated or not.
    pub evidence: Vec<Evidence>,
    /// The company's note (required for N/A on a Must).
    pub note: Option<String>,
    /// Who will close the gap.
    pub owner: Option<String>,
    /// By when (`YYYY-MM-DD`).
    pub due: Option<String>,
}

/// The company being assessed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Company {
    /// Legal name.
    pub name: String,
    /// Entity type.
    pub entity: Entity,
    /// ISO 3166 country code, if given.
    pub country: Option<String>,
    /// The optional fields of the questionnaire's company sheet.
    pub details: CompanyDetails,
}

/// Optional facts about the company, as a questionnaire workbook's company sheet asks them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct CompanyDetails {
    /// The facility or site assessed (one questionnaire per facility).
    pub facility: Option<String>,
    /// The manufacturer identification code (MID) of a foreign manufacturer.
    pub mid: Option<String>,
    /// Who filled in the answers.
    pub respondent: Option<String>,
    /// The respondent's job title.
    pub respondent_title: Option<String>,
    /// `ctpat`, or the name of the AEO programme the company belongs to.
    pub programme: Option<String>,
    /// The company's number in that programme (e.g. the CTPAT SVI number).
    pub programme_number: Option<String>,
}

impl CompanyDetails {
    /// Each field's key in the answers file (`company.<key>`) and its value, in file order.
    #[must_use]
    pub fn fields(&self) -> [(&'static str, Option<&str>); 6] {
        [
            ("facility", self.facility.as_deref()),
            ("mid", self.mid.as_deref()),
            ("respondent", self.respondent.as_deref()),
            ("respondent_title", self.respondent_title.as_deref()),
            ("programme", self.programme.as_deref()),
            ("programme_number", self.programme_number.as_deref()),
        ]
    }
}

/// The five elements of CBP's Best Practices Framework.
pub const BEST_PRACTICE_ELEMENTS: [&str; 5] = [
    "senior_management_support",
    "innovative",
    "documented",
    "verified",
    "checks_and_balances",
];

/// A claimed best practice, toward Tier 3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BestPractice {
    /// What it is.
    pub title: String,
    /// The criteria it goes beyond.
    pub criteria: Vec<CriterionId>,
    /// Backed by senior management.
    pub senior_management_support: bool,
    /// Innovative technology, process or procedure.
    pub innovative: bool,
    /// Written down.
    pub documented: bool,
    /// Verifiable with evidence.
    pub verified: bool,
    /// Subject to regular checks, balances and accountability.
    pub checks_and_balances: bool,
    /// Evidence cited.
    pub evidence: Vec<String>,
}

impl BestPractice {
    /// The framework elements this practice lacks (evidence counts as `evidence`).
    #[must_use]
    pub fn missing_elements(&self) -> Vec<&'static str> {
        let flags = [
            self.senior_management_support,
            self.innovative,
            self.documented,
            self.verified,
            self.checks_and_balances,
        ];
        let mut missing: Vec<&'static str> = BEST_PRACTICE_ELEMENTS
            .iter()
            .zip(flags)
            .filter(|(_, ok)| !ok)
            .map(|(name, _)| *name)
            .collect();
        if self.evidence.is_empty() {
            missing.push("evidence");
        }
        missing
    }

    /// Whether it meets all five elements, with evidence.
    #[must_use]
    pub fn qualifies(&self) -> bool {
        self.missing_elements().is_empty()
    }
}

/// A company's validated answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answers {
    /// The criteria version named in the file, if any.
    pub criteria_version: Option<String>,
    /// The company.
    pub company: Company,
    /// When the assessment was made (`YYYY-MM-DD`).
    pub assessed_on: Option<String>,
    /// Who made it.
    pub assessor: Option<String>,
    /// Answers by criterion, only for criteria of the catalog.
    pub answers: BTreeMap<CriterionId, Answer>,
    /// Best practices claimed.
    pub best_practices: Vec<BestPractice>,
    /// Risks accepted until a date, in file order.
    pub waivers: Vec<Waiver>,
    /// Figures from the audited statements, for items a programme computes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub financials: Option<crate::finance::Financials>,
    /// What the file holds that scoring does not use, kept so that rewriting the file (the
    /// questionnaire's autosave) loses nothing it read.
    #[serde(skip)]
    pub kept: Kept,
}

/// The parts of an answers file that are not scored but belong to the company: a rewrite
/// writes them back where they were (each entry under its criterion id, in id order).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Kept {
    /// The file's leading comment block, line by line as written (each line starts with `#`
    /// or is blank), unless it is the header ctpat itself writes.
    pub header: Vec<String>,
    /// Criteria whose `status:` is left empty but that already carry a note, evidence, an
    /// owner or a due date: unanswered for scoring, drafts for the person filling them in.
    pub drafts: BTreeMap<CriterionId, Draft>,
    /// Answers to criteria that do not apply to the company's entity type: warned about and
    /// left out of the score, but the company's words all the same.
    pub outside: BTreeMap<CriterionId, Answer>,
    /// Entries marked `review: true`: carried by `ctpat migrate` from a criterion that
    /// changed, to be asked again first by the questionnaire's `--resume`. Never scored.
    pub review: BTreeSet<CriterionId>,
    /// The `migrated_from:` block of a migrated file.
    pub migrated_from: Option<MigratedFrom>,
}

/// What an unanswered criterion already carries.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Draft {
    /// Evidence cited.
    pub evidence: Vec<Evidence>,
    /// The company's note.
    pub note: Option<String>,
    /// Who will close the gap.
    pub owner: Option<String>,
    /// By when.
    pub due: Option<String>,
}

impl Draft {
    /// Whether there is nothing in it (such an entry need not be kept).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.evidence.is_empty()
            && self.note.is_none()
            && self.owner.is_none()
            && self.due.is_none()
    }

    /// The draft made an answer with `status`, without copying what it holds.
    #[must_use]
    pub fn into_answer(self, status: Status) -> Answer {
        Answer {
            status,
            evidence: self.evidence,
            note: self.note,
            owner: self.owner,
            due: self.due,
        }
    }

    /// The draft as an answer with `status`, to prefill a question.
    #[must_use]
    pub fn with_status(&self, status: Status) -> Answer {
        Answer {
            status,
            evidence: self.evidence.clone(),
            note: self.note.clone(),
            owner: self.owner.clone(),
            due: self.due.clone(),
        }
    }
}

// ---- raw layer -------------------------------------------------------------------------

/// A company's answers to the C-TPAT Minimum Security Criteria, for `ctpat assess`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "ctpat answers file (ctpat-answers/1)")]
#[schemars(rename = "Answers")]
struct RawAnswers {
    /// Always `ctpat-answers/1`.
    #[schemars(extend("const" = "ctpat-answers/1"))]
    format: Spanned<String>,
    /// The criteria version answered: a C-TPAT MSC version `YYYY.MM`, quoted, or another
    /// programme's catalog id such as `gacc-aeo-2026-advanced`; default: the newest MSC.
    #[schemars(extend("pattern" = "^([0-9]{4}\\.(0[1-9]|1[0-2])|[a-z][a-z0-9-]{2,63})$"))]
    criteria_version: Option<Spanned<String>>,
    company: RawCompany,
    /// When the assessment was made: `YYYY-MM-DD`, or as people type it (`2027/3/31`,
    /// `2027年3月31日`); ctpat reads it as `YYYY-MM-DD`.
    #[schemars(extend("pattern" = DATE_PATTERN))]
    assessed_on: Option<Spanned<String>>,
    /// Who made it.
    assessor: Option<String>,
    /// Answers by criterion id (quote the ids: "5.24"); a missing applicable criterion is
    /// unanswered and scores as not implemented.
    answers: Option<SpannedMap<RawAnswer>>,
    /// Best practices claimed toward Tier 3.
    #[serde(default)]
    best_practices: Vec<RawBestPractice>,
    /// Where this file was migrated from by `ctpat migrate`: the old criteria version, the
    /// SHA-256 of the old file, the date, and the answers with no place at this version.
    migrated_from: Option<migrated::RawMigratedFrom>,
    /// Risks accepted until a date. A waived Must still blocks every tier (CBP does not
    /// waive a Must); a waived Should stops blocking Tier 3 until `expires`.
    #[serde(default)]
    waivers: Vec<RawWaiver>,
    /// Figures from the audited financial statements of one year, for the items a programme
    /// computes from them (China Customs' solvency and profitability ratios). Give every
    /// amount in one unit (yuan or 万元).
    financials: Option<RawFinancials>,
}

/// Figures from the audited financial statements.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Financials")]
struct RawFinancials {
    /// The financial year.
    year: Option<u16>,
    /// Whether the company is a producer (生产型); some thresholds differ by kind.
    producer: Option<bool>,
    /// The auditor's opinion: unqualified, qualified, adverse or disclaimer.
    #[schemars(with = "Option<crate::finance::AuditOpinion>")]
    audit_opinion: Option<Spanned<String>>,
    /// Whether the company is in dissolution or declared bankrupt.
    in_liquidation: Option<bool>,
    total_assets: Option<crate::finance::Amount>,
    /// Total assets at the start of the year (for average total assets).
    total_assets_opening: Option<crate::finance::Amount>,
    total_liabilities: Option<crate::finance::Amount>,
    current_assets: Option<crate::finance::Amount>,
    current_liabilities: Option<crate::finance::Amount>,
    /// 货币资金.
    cash: Option<crate::finance::Amount>,
    trading_financial_assets: Option<crate::finance::Amount>,
    net_operating_cash_flow: Option<crate::finance::Amount>,
    revenue: Option<crate::finance::Amount>,
    cost_of_sales: Option<crate::finance::Amount>,
    operating_profit: Option<crate::finance::Amount>,
    net_profit: Option<crate::finance::Amount>,
    /// 利润总额.
    total_profit: Option<crate::finance::Amount>,
    interest_expense: Option<crate::finance::Amount>,
}

impl RawFinancials {
    /// Sets one figure (a workbook's Financials sheet gives them one by one).
    fn set(&mut self, figure: crate::finance::Figure, amount: crate::finance::Amount) {
        use crate::finance::Figure as F;
        let slot = match figure {
            F::TotalAssets => &mut self.total_assets,
            F::TotalAssetsOpening => &mut self.total_assets_opening,
            F::TotalLiabilities => &mut self.total_liabilities,
            F::CurrentAssets => &mut self.current_assets,
            F::CurrentLiabilities => &mut self.current_liabilities,
            F::Cash => &mut self.cash,
            F::TradingFinancialAssets => &mut self.trading_financial_assets,
            F::NetOperatingCashFlow => &mut self.net_operating_cash_flow,
            F::Revenue => &mut self.revenue,
            F::CostOfSales => &mut self.cost_of_sales,
            F::OperatingProfit => &mut self.operating_profit,
            F::NetProfit => &mut self.net_profit,
            F::TotalProfit => &mut self.total_profit,
            F::InterestExpense => &mut self.interest_expense,
        };
        *slot = Some(amount);
    }

    fn figures(
        &self,
    ) -> std::collections::BTreeMap<crate::finance::Figure, crate::finance::Amount> {
        use crate::finance::Figure as F;
        [
            (F::TotalAssets, self.total_assets),
            (F::TotalAssetsOpening, self.total_assets_opening),
            (F::TotalLiabilities, self.total_liabilities),
            (F::CurrentAssets, self.current_assets),
            (F::CurrentLiabilities, self.current_liabilities),
            (F::Cash, self.cash),
            (F::TradingFinancialAssets, self.trading_financial_assets),
            (F::NetOperatingCashFlow, self.net_operating_cash_flow),
            (F::Revenue, self.revenue),
            (F::CostOfSales, self.cost_of_sales),
            (F::OperatingProfit, self.operating_profit),
            (F::NetProfit, self.net_profit),
            (F::TotalProfit, self.total_profit),
            (F::InterestExpense, self.interest_expense),
        ]
        .into_iter()
        .filter_map(|(f, a)| a.map(|a| (f, a)))
        .collect()
    }
}

/// The `financials:` block as the scoring core takes it; an unknown audit opinion is reported
/// where it is written and left out.
fn check_financials(f: &RawFinancials, out: &mut Vec<Diagnostic>) -> crate::finance::Financials {
    let figures = f.figures();
    let audit_opinion = f.audit_opinion.as_ref().and_then(|o| {
        o.value
            .trim()
            .parse::<crate::finance::AuditOpinion>()
            .map_err(|message| {
                out.push(
                    Diagnostic::error("bad-audit-opinion", location(o), message)
                        .with_help("write the auditor's opinion as it appears on the audit report: unqualified (无保留意见), qualified (保留意见), adverse (否定意见) or disclaimer (无法表示意见)")
                        .translated()
                        .arg("value", o.value.trim()),
                );
            })
            .ok()
    });
    crate::finance::Financials {
        year: f.year,
        producer: f.producer,
        audit_opinion,
        in_liquidation: f.in_liquidation,
        figures,
    }
}

/// A risk accepted on one criterion.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Waiver")]
struct RawWaiver {
    /// The criterion waived, quoted: "3.9".
    criterion: Spanned<String>,
    /// Why the risk is accepted (required).
    justification: Option<Spanned<String>>,
    /// Who approved it.
    approved_by: Option<String>,
    /// When it was approved.
    #[schemars(extend("pattern" = DATE_PATTERN))]
    approved_on: Option<Spanned<String>>,
    /// The last day it holds; required for a Must.
    #[schemars(extend("pattern" = DATE_PATTERN))]
    expires: Option<Spanned<String>>,
    /// What reduces the risk meanwhile.
    #[serde(default)]
    compensating_controls: Vec<String>,
    /// Evidence of the decision and the controls.
    #[serde(default)]
    evidence: Vec<Spanned<RawEvidence>>,
}

/// An evidence item: a plain string, or a mapping with its dates.
#[derive(Debug)]
enum RawEvidence {
    /// `- "Seal log 2026"`
    Plain(String),
    /// `- { ref: "Risk assessment RA-2026", date: 2026-03-01, valid_until: 2027-03-01 }`
    Dated(RawDatedEvidence),
}

/// An evidence item with its dates.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "DatedEvidence")]
struct RawDatedEvidence {
    /// What it is: the document's name and number.
    #[serde(rename = "ref")]
    reference: Spanned<String>,
    /// When it was made or last done.
    #[schemars(extend("pattern" = DATE_PATTERN))]
    date: Option<Spanned<String>>,
    /// The last day it is valid.
    #[schemars(extend("pattern" = DATE_PATTERN))]
    valid_until: Option<Spanned<String>>,
}

impl<'de> Deserialize<'de> for RawEvidence {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Item;
        impl<'de> serde::de::Visitor<'de> for Item {
            type Value = RawEvidence;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "an evidence item: a string, or `{ ref: ..., date: ..., valid_until: ... }`",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(RawEvidence::Plain(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                RawDatedEvidence::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(RawEvidence::Dated)
            }
        }
        deserializer.deserialize_any(Item)
    }
}

impl JsonSchema for RawEvidence {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Evidence".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let dated = generator.subschema_for::<RawDatedEvidence>();
        schemars::json_schema!({
            "description": "An evidence item: the document's name as a string, or a mapping with its dates.",
            "anyOf": [{ "type": "string" }, dated]
        })
    }
}

/// The company being assessed.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Company")]
struct RawCompany {
    /// Legal name.
    name: Spanned<String>,
    /// Entity type.
    #[schemars(with = "Entity")]
    entity: Spanned<String>,
    /// ISO 3166 two-letter country code, e.g. CN.
    #[schemars(extend("pattern" = "^[A-Z]{2}$"))]
    country: Option<Spanned<String>>,
    /// The facility or site assessed.
    facility: Option<String>,
    /// Manufacturer identification code (MID), for a foreign manufacturer.
    mid: Option<String>,
    /// Who filled in the answers.
    respondent: Option<String>,
    /// The respondent's job title.
    respondent_title: Option<String>,
    /// `ctpat`, or the name of the AEO programme the company belongs to.
    programme: Option<String>,
    /// The company's number in that programme, e.g. its CTPAT SVI number.
    programme_number: Option<String>,
}

/// The dates an answers file may hold, for editors: the shapes [`normalize_date`] accepts
/// (ASCII or full-width digits; `-`, `/`, `.` or 年月日 between the parts). Whether the day
/// exists is checked by ctpat, not by the pattern.
pub(crate) const DATE_PATTERN: &str =
    "^\\s*[0-9０-９]{4}[-/.／－．年][0-9０-９]{1,2}[-/.／－．月][0-9０-９]{1,2}日?\\s*$";

/// The schema of `status:`: a [`Status`] id, its Chinese label, or empty (unanswered).
fn status_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let id = generator.subschema_for::<Status>();
    let zh = crate::messages::Messages::embedded(crate::text::Lang::ZhCn);
    let labels: Vec<String> = Status::IDS
        .iter()
        .map(|id| zh.get(&format!("status:{id}")).to_string())
        .collect();
    schemars::json_schema!({
        "anyOf": [
            id,
            {
                "description": "The status's Chinese label, read as its id.",
                "enum": labels,
                "type": "string"
            },
            { "type": "null" }
        ]
    })
}

/// Where the company stands on one criterion.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Answer")]
struct RawAnswer {
    /// `None`: no `status` key; `Some(None)`: `status:` left empty (unanswered).
    /// Required (optional in the schema only so a missing one is reported with its id); an
    /// empty value leaves the criterion unanswered, as in `ctpat init` templates.
    #[serde(default, deserialize_with = "present")]
    #[schemars(schema_with = "status_schema")]
    status: Option<Option<Spanned<String>>>,
    /// Documents, logs or records that prove it: each a string, or
    /// `{ ref: ..., date: YYYY-MM-DD, valid_until: YYYY-MM-DD }` (both dates optional).
    #[serde(default)]
    evidence: Vec<Spanned<RawEvidence>>,
    /// A note; required to justify not_applicable on a Must.
    note: Option<String>,
    /// Who will close the gap.
    owner: Option<String>,
    /// By when: `YYYY-MM-DD`, or as people type it (`2027/3/31`, `2027年3月31日`).
    #[schemars(extend("pattern" = DATE_PATTERN))]
    due: Option<Spanned<String>>,
    /// `true`: carried from a criterion that changed (`ctpat migrate`); the questionnaire's
    /// `--resume` asks it again first and clears the flag. Does not change the score.
    #[serde(default)]
    #[schemars(with = "bool")]
    review: Option<Spanned<bool>>,
}

/// A practice going beyond the criteria; it counts toward Tier 3 when it meets all five
/// elements of CBP's Best Practices Framework and lists evidence.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "BestPractice")]
struct RawBestPractice {
    title: Spanned<String>,
    /// The criteria it goes beyond.
    #[serde(default)]
    #[schemars(extend("items" = { "pattern": "^([A-Z][A-Z0-9]{1,7}-)?[1-9][0-9]{0,3}\\.[1-9][0-9]{0,3}$" }))]
    criteria: Vec<Spanned<String>>,
    #[serde(default)]
    senior_management_support: bool,
    #[serde(default)]
    innovative: bool,
    #[serde(default)]
    documented: bool,
    #[serde(default)]
    verified: bool,
    #[serde(default)]
    checks_and_balances: bool,
    #[serde(default)]
    evidence: Vec<String>,
}

/// Deserialises a key that is present (its value may be null), telling it from an absent one.
fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// The JSON Schema (draft-07) of `ctpat-answers/1` files, for editors and CI.
#[must_use]
pub fn json_schema() -> serde_json::Value {
    schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<RawAnswers>()
        .to_value()
}

/// Used only when parsing failed, to tell "wrong kind of file" from a broken answers file.
#[derive(Deserialize)]
struct FormatProbe {
    format: Option<Spanned<String>>,
}

/// An answers file that parsed (YAML, or a workbook read) but is not yet checked against a
/// catalog.
#[derive(Debug)]
pub struct Parsed {
    raw: RawAnswers,
    source: Source,
    /// Set when the answers came from a questionnaire workbook.
    workbook: Option<FromWorkbook>,
    /// Read without locations ([`yaml::parse_spanless`]): any finding means reading again.
    spanless: bool,
}

/// What a workbook adds to its answers: its stamp, and what reading it found.
#[derive(Debug)]
struct FromWorkbook {
    stamp: Option<Stamp>,
    warnings: Vec<Diagnostic>,
}

/// Parses an answers input of either kind: a questionnaire workbook, told by its content
/// (the zip or OLE signature) whatever its name, or a `ctpat-answers/1` YAML file. Both give
/// the same [`Parsed`], so validation, scoring and reports cannot tell them apart.
///
/// # Errors
/// [`Invalid`] with the problem that stops reading: not UTF-8, a YAML syntax or schema
/// problem, or a workbook that cannot be read safely.
pub fn parse_input(name: &str, bytes: &[u8]) -> Result<Parsed, Invalid> {
    match workbook::read::kind(bytes) {
        workbook::read::Kind::Text => match yaml::decode(bytes) {
            Ok(text) => parse_source(Source::new(name, text)),
            Err(d) => Err(Invalid {
                file: Source::new(name, String::from_utf8_lossy(bytes)),
                diagnostics: vec![d],
            }),
        },
        workbook::read::Kind::Zip | workbook::read::Kind::Ole => parse_workbook(name, bytes),
    }
}

/// Reads a questionnaire workbook into the raw answers layer, every value at its cell.
fn parse_workbook(name: &str, bytes: &[u8]) -> Result<Parsed, Invalid> {
    // A workbook has no text lines to quote; its diagnostics name cells instead.
    let source = Source::new(name, "");
    let book = workbook::read::read(bytes).map_err(|d| Invalid {
        file: source.clone(),
        diagnostics: vec![d],
    })?;
    let mut company = book.company;
    let mut warnings = book.warnings;
    let mut text = |key: &str| company.remove(key);
    let at = book.company_at;
    let entity = text("entity")
        .map(|e| {
            let id = e.value.trim().to_lowercase().replace([' ', '-'], "_");
            Spanned::new(id, location(&e))
        })
        .or_else(|| book.stamp_entity.map(|e| Spanned::new(e, at)))
        .unwrap_or_else(|| Spanned::new(String::new(), at));
    let date = |d: Spanned<String>| {
        let value = crate::calendar::normalize_date(&d.value).unwrap_or(d.value.clone());
        Spanned::new(value, location(&d))
    };
    let plain = |v: Option<Spanned<String>>| v.map(|v| v.value);
    let raw = RawAnswers {
        format: book.stamp.as_ref().map_or_else(
            || Spanned::new(FORMAT_TAG.to_string(), None),
            |s| s.format.clone(),
        ),
        criteria_version: None,
        company: RawCompany {
            name: text("name").unwrap_or_else(|| Spanned::new(String::new(), at)),
            entity,
            country: text("country")
                .map(|c| Spanned::new(c.value.trim().to_string(), location(&c))),
            facility: plain(text("facility")),
            mid: plain(text("mid")),
            respondent: plain(text("respondent")),
            respondent_title: plain(text("respondent_title")),
            programme: plain(text("programme")),
            programme_number: plain(text("programme_number")),
        },
        assessed_on: text("assessed_on").map(date),
        assessor: plain(text("assessor")),
        financials: financials_from_cells(book.financials, &mut warnings),
        answers: Some(SpannedMap(
            book.rows
                .into_iter()
                .map(|r| {
                    (
                        r.id,
                        RawAnswer {
                            status: Some(r.status),
                            evidence: r
                                .evidence
                                .into_iter()
                                .map(|e| {
                                    let at = location(&e);
                                    Spanned::new(evidence_from_cell(&e.value, at), at)
                                })
                                .collect(),
                            note: r.note,
                            owner: r.owner,
                            due: r.due,
                            review: None,
                        },
                    )
                })
                .collect(),
        )),
        best_practices: book
            .practices
            .into_iter()
            .map(|p| RawBestPractice {
                title: p.title,
                criteria: p.criteria,
                senior_management_support: p.elements[0],
                innovative: p.elements[1],
                documented: p.elements[2],
                verified: p.elements[3],
                checks_and_balances: p.elements[4],
                evidence: p.evidence,
            })
            .collect(),
        migrated_from: None,
        waivers: Vec::new(),
    };
    Ok(Parsed {
        raw,
        source,
        spanless: false,
        workbook: Some(FromWorkbook {
            stamp: book.stamp,
            warnings,
        }),
    })
}

/// A workbook's Financials sheet as the `financials:` block: `None` when the sheet is absent
/// or blank. A value that is not one (a year, yes or no, an opinion, an amount) is reported
/// at its cell as `wrong-type`, like the same slip in YAML, and left out; an unknown opinion
/// is kept as typed so validation reports it (`bad-audit-opinion`) at its cell.
fn financials_from_cells(
    mut cells: BTreeMap<&'static str, Spanned<String>>,
    out: &mut Vec<Diagnostic>,
) -> Option<RawFinancials> {
    if cells.is_empty() {
        return None;
    }
    let mut bad = |cell: &Spanned<String>, detail: String| {
        out.push(
            Diagnostic::error("wrong-type", location(cell), detail.clone())
                .with_help("fix the cell on the Financials sheet: a year such as 2025, yes or no, an opinion from the list, an amount such as 1250000.50 (thousands separators allowed)")
                .message_template("wrong-type")
                .help_template("workbook-financials")
                .arg("detail", detail),
        );
    };
    let mut flag = |key: &str| {
        cells.remove(key).and_then(|c| {
            let v = workbook::read::yes_no(&c.value);
            if v.is_none() {
                bad(&c, format!("`{}` is not yes or no", c.value));
            }
            v
        })
    };
    let producer = flag("producer");
    let in_liquidation = flag("in_liquidation");
    let mut f = RawFinancials {
        producer,
        in_liquidation,
        ..RawFinancials::default()
    };
    if let Some(c) = cells.remove("year") {
        match c.value.trim().parse::<u16>() {
            Ok(y) => f.year = Some(y),
            Err(_) => bad(&c, format!("`{}` is not a year", c.value)),
        }
    }
    // The drop-down shows `无保留意见 unqualified`: either word names the opinion.
    f.audit_opinion = cells.remove("audit_opinion").map(|c| {
        let known = std::iter::once(c.value.trim())
            .chain(c.value.split_whitespace())
            .find_map(|w| w.parse::<crate::finance::AuditOpinion>().ok());
        let at = location(&c);
        Spanned::new(known.map_or(c.value, |o| o.id().to_string()), at)
    });
    for figure in crate::finance::Figure::ALL {
        if let Some(c) = cells.remove(figure.id()) {
            match c.value.parse::<crate::finance::Amount>() {
                Ok(a) => f.set(figure, a),
                Err(e) => bad(&c, e),
            }
        }
    }
    Some(f)
}

/// One line of a workbook's Evidence cell: its dates, when it ends in them
/// ([`workbook::split_evidence_line`]), each located at the cell.
fn evidence_from_cell(line: &str, at: Option<diagnostic::Location>) -> RawEvidence {
    match workbook::split_evidence_line(line) {
        (text, None, None) => RawEvidence::Plain(text.to_string()),
        (text, date, until) => {
            let spanned = |d: Option<&str>| d.map(|d| Spanned::new(d.to_string(), at));
            RawEvidence::Dated(RawDatedEvidence {
                reference: Spanned::new(text.to_string(), at),
                date: spanned(date),
                valid_until: spanned(until),
            })
        }
    }
}

/// A workbook stamped for other criteria than `catalog` is refused: its rows were written for
/// that catalog's criteria.
fn check_stamp(stamp: &Stamp, catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let loaded = &catalog.program.version;
    let help = "make a new questionnaire with `ctpat init --output FILE.xlsx`, or turn this one into YAML with `ctpat convert` using the ctpat that made it".to_string();
    if let Some(v) = stamp
        .criteria_version
        .as_ref()
        .filter(|v| v.value != *loaded)
    {
        err(
            out,
            "workbook-version-mismatch",
            v,
            (
                format!(
                    "this workbook was made for criteria {}, but the criteria loaded are {loaded}",
                    v.value
                ),
                help,
            ),
            &[("version", &v.value), ("loaded", loaded)],
        );
    } else if let Some(h) = stamp
        .criteria_sha256
        .as_ref()
        .filter(|h| !h.value.trim().eq_ignore_ascii_case(&catalog.sha256))
    {
        let short = |s: &str| s.chars().take(12).collect::<String>();
        let (stamped, current) = (short(h.value.trim()), short(&catalog.sha256));
        err(
            out,
            "workbook-catalog-changed",
            h,
            (
                format!(
                    "this workbook was made from another text of criteria {loaded} (catalog SHA-256 {stamped}…, loaded {current}…)"
                ),
                help,
            ),
            &[("version", loaded), ("stamped", &stamped), ("loaded", &current)],
        );
    }
}

/// Parses an answers file.
///
/// # Errors
/// [`Invalid`] with the first syntax or schema problem (YAML cannot be read past it), or a
/// `wrong-format` error when the file is another kind of ctpat file.
pub fn parse(source: &Source) -> Result<Parsed, Invalid> {
    parse_source(source.clone())
}

/// [`parse`] of a source the caller no longer needs.
fn parse_source(source: Source) -> Result<Parsed, Invalid> {
    // Most files are valid: read them without recording locations, and read again with
    // them as soon as anything is wrong (here, or when validating: see `Parsed::validate`),
    // so every diagnostic is exactly the one the located parse gives.
    if let Ok(raw) = yaml::parse_spanless::<RawAnswers>(&source.text) {
        return Ok(Parsed {
            raw,
            source,
            workbook: None,
            spanless: true,
        });
    }
    parse_located(&source)
}

/// [`parse`] recording where every value was written, for diagnostics.
fn parse_located(source: &Source) -> Result<Parsed, Invalid> {
    let fail = |d: Diagnostic| Invalid {
        file: source.clone(),
        diagnostics: vec![d],
    };
    match yaml::parse::<RawAnswers>(&source.text) {
        Ok(raw) => Ok(Parsed {
            raw,
            source: source.clone(),
            workbook: None,
            spanless: false,
        }),
        Err(d) => {
            if d.code != "empty-file" {
                if let Ok(FormatProbe { format: Some(f) }) =
                    yaml::parse::<FormatProbe>(&source.text)
                {
                    if f.value != FORMAT_TAG {
                        return Err(fail(wrong_format(&f)));
                    }
                }
            }
            Err(fail(d))
        }
    }
}

fn wrong_format(f: &Spanned<String>) -> Diagnostic {
    let (hint, help_template) = if f.value == crate::criteria::FORMAT_TAG {
        (
            "this is a criteria file; pass it with --criteria, and the answers with --answers"
                .to_string(),
            "wrong-format-criteria",
        )
    } else {
        (
            format!("answers files start with `format: {FORMAT_TAG}`"),
            "wrong-format",
        )
    };
    Diagnostic::error(
        "wrong-format",
        location(f),
        format!("this is not an answers file: format is `{}`", f.value),
    )
    .with_help(hint)
    .translated()
    .help_template(help_template)
    .arg("format", &f.value)
    .arg("expected", FORMAT_TAG)
}

impl Parsed {
    /// The criteria version the file names, if any.
    #[must_use]
    pub fn criteria_version(&self) -> Option<&str> {
        let stamped = self
            .workbook
            .as_ref()
            .and_then(|w| w.stamp.as_ref())
            .and_then(|s| s.criteria_version.as_ref());
        self.raw
            .criteria_version
            .as_ref()
            .or(stamped)
            .map(|v| v.value.as_str())
    }

    /// Whether the answers came from a questionnaire workbook.
    #[must_use]
    pub fn is_workbook(&self) -> bool {
        self.workbook.is_some()
    }

    /// The file's source.
    #[must_use]
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// Checks the answers against `catalog`, collecting every problem.
    ///
    /// # Errors
    /// [`Invalid`] with every problem when any is an error; warnings alone do not fail.
    pub fn validate(self, catalog: &Catalog) -> Result<Loaded<Answers>, Invalid> {
        self.validate_at(catalog, None)
    }

    /// Like [`Parsed::validate`], and, given an as-of date, also checks the waivers against
    /// it: one already expired is an error (`waiver-expired`), one expiring within the
    /// catalog's warning window a warning (`waiver-expiring`). For `ctpat validate`, where a
    /// lapsed acceptance of risk should fail CI; scoring reports it instead.
    ///
    /// # Errors
    /// [`Invalid`] with every problem when any is an error.
    pub fn validate_at(
        self,
        catalog: &Catalog,
        as_of: Option<crate::calendar::Date>,
    ) -> Result<Loaded<Answers>, Invalid> {
        if self.spanless {
            // Check the quick read (always YAML: no workbook); if it finds anything at all,
            // read the file again with locations so every finding points at its line.
            let Parsed { raw, source, .. } = self;
            let mut out = Vec::new();
            let answers = check(raw, leading_comment(&source.text), catalog, as_of, &mut out);
            if let (Some(answers), true) = (answers, out.is_empty()) {
                return Ok(Loaded {
                    value: answers,
                    warnings: out,
                });
            }
            return parse_located(&source)?.validate_at(catalog, as_of);
        }
        let mut out = Vec::new();
        if let Some(book) = &self.workbook {
            out.extend(book.warnings.iter().cloned());
            if let Some(stamp) = &book.stamp {
                check_stamp(stamp, catalog, &mut out);
            }
        }
        // A workbook's source has no text, so it has no leading comment to keep.
        let header = leading_comment(&self.source.text);
        let mut answers = check(self.raw, header, catalog, as_of, &mut out);
        if let (Some(a), Some(_)) = (&mut answers, &self.workbook) {
            // The rows were read against this catalog; a YAML copy (`--resume`) names it.
            a.criteria_version = Some(catalog.program.version.clone());
        }
        diagnostic::sort(&mut out);
        match answers {
            Some(answers) if !out.iter().any(Diagnostic::is_error) => Ok(Loaded {
                value: answers,
                warnings: out,
            }),
            _ => Err(Invalid {
                file: self.source,
                diagnostics: out,
            }),
        }
    }
}

/// Pushes an error with a help line, translated by the templates named after `code`, with
/// placeholders `args`.
fn err<T>(
    out: &mut Vec<Diagnostic>,
    code: &'static str,
    at: &Spanned<T>,
    (message, help): (String, String),
    args: &[(&'static str, &str)],
) {
    out.push(with_args(
        Diagnostic::error(code, location(at), message)
            .with_help(help)
            .translated(),
        args,
    ));
}

fn with_args(d: Diagnostic, args: &[(&'static str, &str)]) -> Diagnostic {
    args.iter().fold(d, |d, (name, value)| d.arg(name, value))
}

#[allow(clippy::too_many_lines)]
fn check(
    raw: RawAnswers,
    header: Vec<String>,
    catalog: &Catalog,
    as_of: Option<crate::calendar::Date>,
    out: &mut Vec<Diagnostic>,
) -> Option<Answers> {
    if raw.format.value != FORMAT_TAG {
        out.push(wrong_format(&raw.format));
    }
    let version = &catalog.program.version;
    if let Some(v) = &raw.criteria_version {
        if &v.value != version {
            let shipped = embedded::versions().join(", ");
            if embedded::get(&v.value).is_none() && !crate::calendar::is_version(&v.value) {
                err(
                    out,
                    "unknown-criteria-version",
                    v,
                    (
                        format!("`{}` is not a criteria version", v.value),
                        format!("write the version as \"YYYY.MM\"; shipped versions: {shipped}"),
                    ),
                    &[("version", &v.value), ("versions", &shipped)],
                );
            } else if embedded::get(&v.value).is_none() {
                out.push(
                    Diagnostic::error(
                        "unknown-criteria-version",
                        location(v),
                        format!(
                            "criteria version {} is not shipped with this ctpat",
                            v.value
                        ),
                    )
                    .with_help(format!(
                        "shipped versions: {shipped}; or pass its criteria file with --criteria"
                    ))
                    .message_template("unshipped-criteria-version")
                    .help_template("unshipped-criteria-version")
                    .arg("version", &v.value)
                    .arg("versions", &shipped),
                );
            } else {
                err(
                    out,
                    "criteria-version-mismatch",
                    v,
                    (
                        format!(
                            "the answers were given against criteria {}, but the criteria loaded are {version}",
                            v.value
                        ),
                        "drop --criteria to use the shipped version, or change criteria_version"
                            .to_string(),
                    ),
                    &[("version", &v.value), ("loaded", version)],
                );
            }
        }
    }
    let entity = match raw.company.entity.value.parse::<Entity>() {
        Ok(e) => Some(e),
        Err(message) => {
            let value = &raw.company.entity.value;
            let near = did_you_mean(value, Entity::ids());
            let entities = Entity::ids().join(", ");
            out.push(
                Diagnostic::error("unknown-entity", location(&raw.company.entity), message)
                    .with_help(format!("entity types are: {entities}"))
                    .translated()
                    .message_template(if near.is_some() {
                        "unknown-entity-near"
                    } else {
                        "unknown-entity"
                    })
                    .arg("entity", value)
                    .arg("near", near.unwrap_or_default())
                    .arg("entities", entities),
            );
            None
        }
    };
    if raw.company.name.value.trim().is_empty() {
        err(
            out,
            "empty-company-name",
            &raw.company.name,
            (
                "the company name is empty".into(),
                "write the company's legal name".into(),
            ),
            &[],
        );
    }
    if let Some(c) = &raw.company.country {
        let ok = c.value.len() == 2 && c.value.bytes().all(|b| b.is_ascii_uppercase());
        if !ok {
            err(
                out,
                "bad-country",
                c,
                (
                    format!("`{}` is not a two-letter country code", c.value),
                    "use the ISO 3166 code in capitals, e.g. CN, US, MX".into(),
                ),
                &[("value", &c.value)],
            );
        }
    }
    let assessed_on = raw.assessed_on.as_ref().and_then(|d| check_date(out, d));
    let migrated_from = raw.migrated_from.map(|m| migrated::check(m, out));
    // Collected in file order, then made a map at once: inserting 93 answers one by one
    // cost more than building the map from them (ids are unique by then).
    let mut answers = Vec::new();
    // Each id seen so far with its line, sorted; files list ids in order, so the usual
    // insert is a push at the end.
    let mut first_line: Vec<(CriterionId, u32)> = Vec::new();
    let mut drafts = BTreeMap::new();
    let mut review = BTreeSet::new();
    let mut first_review = None;
    for (key, a) in raw.answers.map(|m| m.0).unwrap_or_default() {
        let Some(id) = criterion_id(out, &key, catalog) else {
            continue;
        };
        let line = location(&key).map_or(0, |l| l.line);
        // Only a finding needs these: most answers never build them.
        let id_text = std::cell::LazyCell::new(|| id.to_string());
        let statuses = std::cell::LazyCell::new(|| Status::IDS.join(", "));
        let seen = match first_line.last() {
            Some((last, _)) if *last < id => Err(first_line.len()),
            None => Err(0),
            Some(_) => first_line.binary_search_by(|(x, _)| x.cmp(&id)),
        };
        let earlier = match seen {
            Ok(at) => Some(first_line[at].1),
            Err(at) => {
                first_line.insert(at, (id, line));
                None
            }
        };
        if let Some(first) = earlier {
            err(
                out,
                "duplicate-answer",
                &key,
                (
                    format!("criterion {id} is answered twice"),
                    format!("the first answer is at line {first}; keep one (\"{id}\" and {id} are the same key)"),
                ),
                &[("id", id_text.as_str()), ("first", &first.to_string())],
            );
            continue;
        }
        if let Some(flag) = a.review.as_ref().filter(|f| f.value) {
            first_review.get_or_insert(location(flag));
            review.insert(id);
        }
        let criterion = catalog.criterion(id);
        let status_raw = match &a.status {
            None => {
                err(
                    out,
                    "missing-status",
                    &key,
                    (
                        format!("the answer for {id} has no status"),
                        format!(
                            "add `status:` with one of: {}; leave it empty to keep the criterion unanswered",
                            *statuses
                        ),
                    ),
                    &[("id", id_text.as_str()), ("statuses", statuses.as_str())],
                );
                continue;
            }
            Some(s) => s.as_ref().filter(|s| !s.value.trim().is_empty()),
        };
        // `status:` left empty (as `ctpat init` writes it) means not answered yet.
        let Some(status_raw) = status_raw else {
            // A draft marked for review is named once, in the `review-pending` note.
            let carries =
                !a.evidence.is_empty() || a.note.as_deref().is_some_and(|n| !n.trim().is_empty());
            if carries && !review.contains(&id) {
                out.push(
                    Diagnostic::warning(
                        "status-left-empty",
                        location(&key),
                        format!(
                            "{id} has a note or evidence but no status; it counts as unanswered"
                        ),
                    )
                    .with_help(format!("fill in `status:` with one of: {}", *statuses))
                    .translated()
                    .arg("id", id_text.as_str())
                    .arg("statuses", statuses.as_str()),
                );
            }
            // Unanswered, but what it carries is the company's: keep it for the rewrite (an
            // empty one too when it is marked `review: true`, so the mark is kept).
            let draft = details(a, id, out);
            if !draft.is_empty() || review.contains(&id) {
                drafts.insert(id, draft);
            }
            continue;
        };
        let Some(status) = Status::parse(&status_raw.value) else {
            let near = did_you_mean(&status_raw.value, Status::IDS);
            let (hint, help_template) = match near {
                Some(near) => (format!("did you mean `{near}`?"), "did-you-mean"),
                None => (format!("use one of: {}", *statuses), "unknown-status"),
            };
            out.push(
                Diagnostic::error(
                    "unknown-status",
                    location(status_raw),
                    format!("unknown status `{}` for {id}", status_raw.value),
                )
                .with_help(hint)
                .translated()
                .help_template(help_template)
                .arg("value", &status_raw.value)
                .arg("id", id_text.as_str())
                .arg("near", near.unwrap_or_default())
                .arg("values", statuses.as_str()),
            );
            continue;
        };
        let has_note = a.note.as_deref().is_some_and(|n| !n.trim().is_empty());
        if let (Some(c), Some(e)) = (criterion, entity) {
            if !c.applies(e) {
                out.push(
                    Diagnostic::warning(
                        "not-applicable-to-entity",
                        location(&key),
                        format!("criterion {id} does not apply to {e}; this answer is ignored"),
                    )
                    .with_help("remove it, or check `company.entity`")
                    .translated()
                    .arg("id", id_text.as_str())
                    .arg("entity", e),
                );
            } else if status == Status::NotApplicable
                && c.requirement == Requirement::Must
                && !has_note
            {
                err(
                    out,
                    "na-without-note",
                    status_raw,
                    (
                        format!("{id} is a Must: marking it not_applicable needs a justification"),
                        "add a `note:` explaining why it does not apply to your operations".into(),
                    ),
                    &[("id", id_text.as_str())],
                );
            }
        }
        answers.push((id, details(a, id, out).into_answer(status)));
    }
    if let Some(at) = first_review {
        let ids: Vec<String> = review.iter().map(ToString::to_string).collect();
        out.push(
            Diagnostic::note(
                "review-pending",
                at,
                format!(
                    "{} {} marked `review: true`: {}",
                    ids.len(),
                    if ids.len() == 1 { "answer is" } else { "answers are" },
                    ids.join(", ")
                ),
            )
            .with_help("check them: `ctpat assess --resume FILE` asks them first and clears each flag once answered")
            .translated()
            .arg("count", ids.len())
            .arg("ids", ids.join(", ")),
        );
    }
    let mut best_practices = Vec::new();
    for bp in raw.best_practices {
        let mut criteria = Vec::new();
        for c in &bp.criteria {
            if let Some(id) = criterion_id(out, c, catalog) {
                criteria.push(id);
            }
        }
        if bp.title.value.trim().is_empty() {
            err(
                out,
                "empty-best-practice-title",
                &bp.title,
                (
                    "a best practice has no title".into(),
                    "say in a few words what the practice is".into(),
                ),
                &[],
            );
        }
        best_practices.push(BestPractice {
            title: bp.title.value.trim().to_string(),
            criteria,
            senior_management_support: bp.senior_management_support,
            innovative: bp.innovative,
            documented: bp.documented,
            verified: bp.verified,
            checks_and_balances: bp.checks_and_balances,
            evidence: bp
                .evidence
                .into_iter()
                .map(|e| e.trim().to_string())
                .filter(|e| !e.is_empty())
                .collect(),
        });
    }
    let waivers = check_waivers(raw.waivers, catalog, as_of, out);
    let financials = raw.financials.as_ref().map(|f| check_financials(f, out));
    // Answers to criteria that do not apply were warned about and must not score; they are
    // set aside, not dropped, so a rewrite keeps them.
    let mut answers: BTreeMap<CriterionId, Answer> = answers.into_iter().collect();
    let mut outside = BTreeMap::new();
    if let Some(e) = entity {
        // Usually none: only those are moved, the map is not rebuilt.
        let misplaced: Vec<CriterionId> = answers
            .keys()
            .filter(|id| !catalog.criterion(**id).is_some_and(|c| c.applies(e)))
            .copied()
            .collect();
        for id in misplaced {
            if let Some(a) = answers.remove(&id) {
                outside.insert(id, a);
            }
        }
    }
    Some(Answers {
        criteria_version: raw.criteria_version.map(|v| v.value),
        company: Company {
            name: raw.company.name.value.trim().to_string(),
            entity: entity?,
            country: raw.company.country.map(|c| c.value),
            details: CompanyDetails {
                facility: filled(raw.company.facility),
                mid: filled(raw.company.mid),
                respondent: filled(raw.company.respondent),
                respondent_title: filled(raw.company.respondent_title),
                programme: filled(raw.company.programme),
                programme_number: filled(raw.company.programme_number),
            },
        },
        assessed_on,
        assessor: raw
            .assessor
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty()),
        answers,
        best_practices,
        waivers,
        financials,
        kept: Kept {
            header,
            drafts,
            outside,
            review,
            migrated_from,
        },
    })
}

/// The waivers, checked: a known criterion, a justification, real dates, an expiry date for
/// a Must, one waiver per criterion. Whether one has expired depends on the as-of date, so
/// that is for scoring and `ctpat validate`, not for loading.
fn check_waivers(
    raw: Vec<RawWaiver>,
    catalog: &Catalog,
    as_of: Option<crate::calendar::Date>,
    out: &mut Vec<Diagnostic>,
) -> Vec<Waiver> {
    let mut waivers: Vec<Waiver> = Vec::new();
    for w in raw {
        let Some(id) = criterion_id(out, &w.criterion, catalog) else {
            continue;
        };
        let id_text = id.to_string();
        if waivers.iter().any(|x| x.criterion == id) {
            err(
                out,
                "duplicate-waiver",
                &w.criterion,
                (
                    format!("criterion {id} is waived twice"),
                    "keep one waiver per criterion".into(),
                ),
                &[("id", &id_text)],
            );
            continue;
        }
        let justification = w
            .justification
            .as_ref()
            .map(|j| j.value.trim().to_string())
            .filter(|j| !j.is_empty());
        if justification.is_none() {
            let at = w
                .justification
                .as_ref()
                .map_or(location(&w.criterion), location);
            out.push(
                Diagnostic::error(
                    "waiver-without-justification",
                    at,
                    format!("the waiver of {id} gives no justification"),
                )
                .with_help(
                    "add `justification:` saying why the risk is accepted and who weighed it",
                )
                .translated()
                .arg("id", &id_text),
            );
        }
        let approved_on = w.approved_on.as_ref().and_then(|d| check_date(out, d));
        let expires = w.expires.as_ref().and_then(|d| check_date(out, d));
        let must = catalog
            .criterion(id)
            .is_some_and(|c| c.requirement == Requirement::Must);
        if must && w.expires.is_none() {
            err(
                out,
                "must-waiver-without-expiry",
                &w.criterion,
                (
                    format!("{id} is a Must: its waiver needs an `expires:` date"),
                    "CBP does not waive a Must; accept the risk only until a date (`expires: YYYY-MM-DD`) by which it is closed".into(),
                ),
                &[("id", &id_text)],
            );
        }
        if let (Some(today), Some(raw), Some(end)) = (
            as_of,
            &w.expires,
            expires.as_deref().and_then(crate::calendar::date),
        ) {
            let left = crate::calendar::days_between(today, end);
            let window = i64::from(catalog.freshness.expiring_within_days);
            let (day, end) = (today.to_string(), end.to_string());
            if left < 0 {
                err(
                    out,
                    "waiver-expired",
                    raw,
                    (
                        format!("the waiver of {id} expired on {end} (as of {day})"),
                        "close the gap, or renew the waiver with a new justification, approval and expiry date".into(),
                    ),
                    &[("id", &id_text), ("expires", &end), ("as_of", &day)],
                );
            } else if left <= window {
                let days = left.to_string();
                out.push(
                    Diagnostic::warning(
                        "waiver-expiring",
                        location(raw),
                        format!("the waiver of {id} expires on {end}, in {days} days"),
                    )
                    .with_help("plan the fix or the renewal now")
                    .translated()
                    .arg("id", &id_text)
                    .arg("expires", &end)
                    .arg("count", &days),
                );
            }
        }
        let evidence = w
            .evidence
            .into_iter()
            .filter_map(|e| evidence_item(e, &id_text, out))
            .collect();
        waivers.push(Waiver {
            criterion: id,
            justification: justification.unwrap_or_default(),
            approved_by: filled(w.approved_by),
            approved_on,
            expires,
            compensating_controls: w
                .compensating_controls
                .into_iter()
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect(),
            evidence,
        });
    }
    waivers
}

/// A free text, trimmed; `None` when there is none left.
fn filled(text: Option<String>) -> Option<String> {
    text.map(trimmed).filter(|t| !t.is_empty())
}

/// `text` without surrounding white space, reusing its buffer when there is none to remove
/// (the usual case: every answer's texts pass through here).
fn trimmed(text: String) -> String {
    if text.trim().len() == text.len() {
        text
    } else {
        text.trim().to_string()
    }
}

/// The evidence, note, owner and due date of an answer (trimmed, blanks dropped), with a
/// warning for each blank evidence item and an error for a due date that is not a date.
fn details(a: RawAnswer, id: CriterionId, out: &mut Vec<Diagnostic>) -> Draft {
    // A date as people type it (2027/3/31, 2027年3月31日) is kept in ISO form.
    let due = a.due.as_ref().and_then(|d| check_date(out, d));
    let evidence = a
        .evidence
        .into_iter()
        .filter_map(|e| evidence_item(e, &id, out))
        .collect();
    Draft {
        evidence,
        note: filled(a.note),
        owner: filled(a.owner),
        due,
    }
}

/// One evidence item of `whose` (a criterion id, or a waiver), trimmed and with its dates in
/// ISO form; `None` (with a warning) for an empty one. A date that is not a date, or a
/// `valid_until` before the item's `date`, is an error.
fn evidence_item(
    e: Spanned<RawEvidence>,
    whose: &dyn std::fmt::Display,
    out: &mut Vec<Diagnostic>,
) -> Option<Evidence> {
    let at = location(&e);
    let (text, date, valid_until) = match e.value {
        RawEvidence::Plain(text) => (text, None, None),
        RawEvidence::Dated(d) => {
            let date = d.date.as_ref().and_then(|x| check_date(out, x));
            let until = d.valid_until.as_ref().and_then(|x| check_date(out, x));
            if let (Some(from), Some(to), Some(raw)) = (&date, &until, &d.valid_until) {
                if to < from {
                    err(
                        out,
                        "evidence-valid-before-dated",
                        raw,
                        (
                            format!(
                                "evidence `{}` is valid until {to}, before its date {from}",
                                d.reference.value.trim()
                            ),
                            "check both dates: valid_until is the last day the document holds"
                                .into(),
                        ),
                        &[
                            ("evidence", d.reference.value.trim()),
                            ("until", to),
                            ("date", from),
                        ],
                    );
                }
            }
            (d.reference.value, date, until)
        }
    };
    if text.trim().is_empty() {
        out.push(
            Diagnostic::warning(
                "empty-evidence",
                at,
                format!("an evidence item of {whose} is empty"),
            )
            .with_help("name the document or record, or remove the item")
            .translated()
            .arg("id", whose.to_string()),
        );
        return None;
    }
    Some(Evidence {
        text: trimmed(text),
        date,
        valid_until,
    })
}

/// The leading comment block of `text` (lines starting with `#`, and blank lines between
/// them), unless it is the header ctpat writes itself, which a rewrite renews in the
/// language of the run.
fn leading_comment(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for line in text.trim_start_matches('\u{feff}').lines() {
        let t = line.trim_start();
        if !(t.is_empty() || t.starts_with('#')) {
            break;
        }
        // A control character (a lone carriage return is a YAML line break) would let a
        // comment line turn into data when written back: such a block is not kept.
        if line.chars().any(|c| c.is_control() && c != '\t') {
            return Vec::new();
        }
        lines.push(line.trim_end().to_string());
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    if write::is_own_header(&lines) {
        Vec::new()
    } else {
        lines
    }
}

/// Parses and checks a criterion id used as a key or reference.
fn criterion_id(
    out: &mut Vec<Diagnostic>,
    raw: &Spanned<String>,
    catalog: &Catalog,
) -> Option<CriterionId> {
    let (code, message) = match raw.value.parse::<CriterionId>() {
        Ok(id) if catalog.criterion(id).is_some() => return Some(id),
        Ok(id) => (
            "unknown-criterion",
            format!(
                "criterion {id} is not in criteria version {}",
                catalog.program.version
            ),
        ),
        Err(message) => ("bad-id", message),
    };
    // Only for a bad id: the nearest id, or a pointer to the list, with the template that
    // says it (every answer passes through here, so the search is kept off the good path).
    let ids: Vec<String> = catalog.criteria.iter().map(|c| c.id.to_string()).collect();
    // Curly quotes and full-width digits or dots (a Chinese input method) around a good id.
    let ascii: String = raw
        .value
        .chars()
        .filter(|c| !matches!(c, '\u{201c}' | '\u{201d}' | '\u{2018}' | '\u{2019}'))
        .map(|c| match c {
            '\u{ff10}'..='\u{ff19}' => {
                char::from_u32(u32::from(c) - 0xff10 + u32::from('0')).unwrap_or(c)
            }
            '\u{ff0e}' | '\u{3002}' => '.',
            c => c,
        })
        .collect();
    let near = did_you_mean(&raw.value, ids.iter().map(String::as_str)).or_else(|| {
        ids.iter()
            .map(String::as_str)
            .find(|id| *id == ascii.trim())
    });
    let house = raw
        .value
        .parse::<CriterionId>()
        .is_ok_and(|id| id.house.is_some());
    let (hint, help_template) = match near {
        // A tailoring's own criterion, answered but assessed without the tailoring file.
        _ if house => (
            "this is a house criterion of a tailoring file: give that file with --tailoring FILE (or `tailoring =` in ctpat.toml)".to_string(),
            "house-id-needs-tailoring",
        ),
        Some(n) => (format!("did you mean \"{n}\"?"), "did-you-mean-id"),
        None => (
            "run `ctpat criteria list` to see the ids".to_string(),
            "list-ids",
        ),
    };
    out.push(
        Diagnostic::error(code, location(raw), message)
            .with_help(hint)
            .translated()
            .help_template(help_template)
            .arg("id", raw.value.trim())
            .arg("value", &raw.value)
            .arg("version", &catalog.program.version)
            .arg("near", near.unwrap_or_default()),
    );
    None
}

/// The date `d` as ISO `YYYY-MM-DD`, accepting the ways people type it (`2027/3/31`,
/// `2027年3月31日`: see [`normalize_date`]); an error diagnostic and `None` otherwise.
fn check_date(out: &mut Vec<Diagnostic>, d: &Spanned<String>) -> Option<String> {
    let iso = normalize_date(&d.value);
    if iso.is_none() {
        err(
            out,
            "bad-date",
            d,
            (
                format!("`{}` is not a date", d.value),
                "write dates as YYYY-MM-DD, e.g. 2027-03-31".into(),
            ),
            &[("value", &d.value)],
        );
    }
    iso
}

/// The status id whose Chinese name (as the template's comments give them: 已落实, 部分落实,
/// 未落实, 不适用) is `value`: a factory user may well type the name instead of the id.
fn status_named_in_chinese(value: &str) -> Option<&'static str> {
    let zh = crate::messages::Messages::embedded(crate::text::Lang::ZhCn);
    Status::IDS
        .iter()
        .copied()
        .find(|id| zh.get(&format!("status:{id}")) == value.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::assert_translated;
    use crate::yaml::MAX_INPUT_BYTES;

    fn catalog() -> Catalog {
        let (name, text) = embedded::get(embedded::default_version()).expect("default shipped");
        crate::criteria::load(&Source::new(name, text))
            .expect("shipped catalog loads")
            .value
    }

    /// Every diagnostic an answers file can get: parsed, then validated.
    fn diagnostics_of(text: &str, catalog: &Catalog) -> Vec<Diagnostic> {
        let source = Source::new("a.yaml", text);
        // `\u{fffd}` stands for a byte that is not UTF-8.
        let bytes = text.replace('\u{fffd}', "\u{ff}");
        let bytes: Vec<u8> = bytes
            .chars()
            .map(|c| u8::try_from(c).unwrap_or(b'?'))
            .collect();
        let bytes_problem = text
            .contains('\u{fffd}')
            .then(|| yaml::decode(&bytes).err())
            .flatten();
        match parse(&source) {
            Err(invalid) => invalid.diagnostics,
            // As `ctpat validate` checks them: as of a date, so waivers can have lapsed.
            Ok(parsed) => match parsed.validate_at(catalog, crate::calendar::date("2026-11-30")) {
                Ok(loaded) => loaded.warnings,
                Err(invalid) => invalid.diagnostics,
            },
        }
        .into_iter()
        .chain(bytes_problem)
        .collect()
    }

    /// Answers files that, between them, raise every code and every wording an answers file
    /// can get.
    fn corpus(catalog: &Catalog) -> Vec<String> {
        let must = catalog
            .applicable(Entity::Importer)
            .find(|c| c.requirement == Requirement::Must)
            .expect("importers have Musts");
        let second = catalog
            .applicable(Entity::Importer)
            .find(|c| c.id != must.id)
            .expect("importers have several criteria");
        let (other, outside) = catalog
            .criteria
            .iter()
            .find_map(|c| {
                Entity::ALL
                    .into_iter()
                    .find(|e| !c.applies(*e))
                    .map(|e| (c.id, e))
            })
            .expect("some criterion does not apply to some entity");
        let head = |entity: &str| {
            format!("format: ctpat-answers/1\ncompany: {{ name: Acme, entity: {entity} }}\n")
        };
        let importer = head("importer");
        let mut files = vec![
            String::new(),
            "format: ctpat-criteria/1\n".to_string(),
            "format: ctpat-ui/1\ncompany: 3\n".to_string(),
            "format: ctpat-answers/1\ncriteria_version: \"1999.01\"\ncompany: { name: \" \", entity: importr, country: cn }\nassessed_on: 2027-13-45\n".to_string(),
            "format: ctpat-answers/1\ncriteria_version: banana\ncompany: { name: A, entity: warehouse }\n".to_string(),
            "format: ctpat-answers/1\ncompany: { name: A }\n".to_string(),
            format!(
                "format: ctpat-answers/1\ncriteria_version: \"{}\"\ncompany: {{ name: A, entity: importer }}\n",
                embedded::versions()
                    .into_iter()
                    .find(|v| *v != catalog.program.version)
                    .expect("two versions are shipped")
            ),
            "format: ctpat-answers/1\ncompany: { name: A, entity: importer, colour: red }\n".to_string(),
            "format: ctpat-answers/1\ncompnay: {}\n".to_string(),
            "format: ctpat-answers/1\ncompany: { name: A, entity: importer }\nfinancials: { audit_opinion: clean, total_assets: 1200.5 }\n".to_string(),
            "format: ctpat-answers/1\nformat: x\n".to_string(),
            "format: ctpat-answers/1\ncompany: [\n".to_string(),
            "format: ctpat-answers/1\ncompany: 5\n".to_string(),
            "format: ctpat-answers/1\n---\nformat: ctpat-answers/1\n".to_string(),
            "format: ctpat-answers/1\ncompany: { name: A, entity: importer }\n---\nformat: ctpat-answers/1\n".to_string(),
            "format: ctpat-answers/1\ncompany: { name: \"A }\n".to_string(),
            "format: ctpat-answers/1\ncompany: { name: \u{fffd} }\n".to_string(),
            // A UTF-16 byte order mark (FF FE).
            "\u{fffd}\u{fe}f\u{0}\n".to_string(),
            // Typing slips and values where a list or mapping belongs.
            "format: ctpat-answers/1\ncompany\u{ff1a}\n  name: A\n".to_string(),
            "format: ctpat-answers/1\ncompany:\u{3000}{ name: A }\n".to_string(),
            "format: ctpat-answers/1\ncompany:\n  name:A\n".to_string(),
            "- format: ctpat-answers/1\n".to_string(),
            format!("{importer}answers:\n  \"{}\": {{ status: implemented, evidence: [\"a\"，\"b\"] }}\n", must.id),
            format!("{importer}answers:\n  \"{}\": {{ status: implemented, evidence: x }}\n", must.id),
            format!("{}\n", "#".repeat(MAX_INPUT_BYTES + 1)),
            format!(
                "{importer}answers:\n  \"{id}\": {{ status: done }}\n  \" {id}\": {{ status: implemented }}\n",
                id = must.id
            ),
            format!("{importer}answers:\n  \"{}\": {{ status: implemnted }}\n", must.id),
            format!(
                "{importer}answers:\n  \"{id}\": {{ status: not_applicable }}\n  \"99.1\": {{ status: partial }}\n  \"9x\": {{ status: partial }}\n  \"{near}\": {{ status: partial }}\n",
                id = must.id,
                near = format!("{}.{}9", must.id.category, must.id.number),
            ),
            format!(
                "{importer}answers:\n  \"{}\": {{ evidence: [x] }}\n  \"{}\": {{ status: \"\", note: why }}\n",
                must.id, second.id
            ),
            format!(
                "{importer}answers:\n  \"{}\": {{ status: implemented, evidence: [\" \"], due: tomorrow }}\nbest_practices:\n  - {{ title: \"\", criteria: [\"0.0\"] }}\n",
                must.id
            ),
            format!(
                "{}answers:\n  \"{other}\": {{ status: implemented }}\n",
                head(outside.id())
            ),
        ];
        files.push(format!("{importer}answers:\n  \"{}\": {{}}\n", must.id));
        // An answer carried by `ctpat migrate` still to review.
        files.push(format!(
            "{importer}answers:\n  \"{}\": {{ status: implemented, review: true }}\n",
            must.id
        ));
        // Dated evidence whose end comes before its date, and waivers gone wrong.
        files.push(format!(
            "{importer}answers:\n  \"{m}\": {{ status: implemented, evidence: [{{ ref: RA, date: 2026-03-01, valid_until: 2025-03-01 }}] }}\nwaivers:\n  - {{ criterion: \"{m}\" }}\n  - {{ criterion: \"{m}\", justification: x }}\n  - {{ criterion: \"{s}\", justification: \" \", expires: 2027-01-01 }}\n",
            m = must.id,
            s = second.id
        ));
        // Waivers lapsed, and about to, as of the corpus's date (2026-11-30).
        files.push(format!(
            "{importer}waivers:\n  - {{ criterion: \"{m}\", justification: x, expires: 2026-11-01 }}\n  - {{ criterion: \"{s}\", justification: y, expires: 2026-12-15 }}\n",
            m = must.id,
            s = second.id
        ));
        // A house criterion answered, assessed without its tailoring file.
        files.push(format!(
            "{importer}answers:\n  ACME-5.1: {{ status: implemented }}\n"
        ));
        files
    }

    /// The code and the message and help templates of each diagnostic.
    fn covered(catalog: &Catalog) -> Vec<(Diagnostic, String)> {
        let mut out: Vec<(Diagnostic, String)> = corpus(catalog)
            .into_iter()
            .flat_map(|text| {
                diagnostics_of(&text, catalog)
                    .into_iter()
                    .map(move |d| (d, text.clone()))
            })
            .collect();
        // Budgets trip on any file; an alias bomb does it fast (a million nodes would too).
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        if let Err(d) = yaml::parse::<BTreeMap<String, serde::de::IgnoredAny>>(&bomb) {
            out.push((d, bomb));
        }
        // Every questionnaire-workbook fixture, hostile ones included: what reading and
        // validating each one says (its findings name cells, not lines).
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/workbook");
        let mut books: Vec<_> = std::fs::read_dir(&dir)
            .expect("workbook fixtures")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "xlsx"))
            .collect();
        books.sort();
        for path in books {
            let name = path.display().to_string();
            let bytes = std::fs::read(&path).expect("fixture reads");
            let found = match parse_input(&name, &bytes) {
                Ok(parsed) => match parsed.validate(catalog) {
                    Ok(loaded) => loaded.warnings,
                    Err(invalid) => invalid.diagnostics,
                },
                Err(invalid) => invalid.diagnostics,
            };
            out.extend(found.into_iter().map(|d| (d, name.clone())));
        }
        out
    }

    /// The English templates give back exactly the English text, so the arguments carry
    /// everything the English says; the Chinese templates exist and use only those arguments.
    #[test]
    fn a_status_is_read_from_its_id_or_its_chinese_label() {
        for (spelling, status) in [
            ("implemented", Status::Implemented),
            (" partial ", Status::Partial),
            ("已落实", Status::Implemented),
            ("部分落实", Status::Partial),
            ("未落实", Status::NotImplemented),
            ("不适用", Status::NotApplicable),
        ] {
            assert_eq!(Status::parse(spelling), Some(status), "{spelling}");
        }
        for typo in ["implemnted", "已落", "Implemented", ""] {
            assert_eq!(Status::parse(typo), None, "{typo}");
        }
    }

    #[test]
    fn dates_as_people_type_them_load_as_iso_and_are_written_back_as_iso() {
        let catalog = catalog();
        let must = catalog
            .applicable(Entity::Importer)
            .next()
            .expect("importers have criteria");
        let text = format!(
            "format: ctpat-answers/1\ncompany: {{ name: X, entity: importer }}\n\
             assessed_on: 2026年11月3日\nanswers:\n  \"{}\": {{ status: 部分落实, due: 2027/3/31 }}\n",
            must.id
        );
        let answers = parse(&Source::new("a.yaml", text))
            .expect("parses")
            .validate(&catalog)
            .expect("valid")
            .value;
        assert_eq!(answers.assessed_on.as_deref(), Some("2026-11-03"));
        let answer = &answers.answers[&must.id];
        assert_eq!(answer.status, Status::Partial);
        assert_eq!(answer.due.as_deref(), Some("2027-03-31"));
        let rewritten = write::to_yaml(&answers, None);
        assert!(rewritten.contains("assessed_on: 2026-11-03"), "{rewritten}");
        assert!(rewritten.contains("due: 2027-03-31"), "{rewritten}");
        assert!(rewritten.contains("status: partial"), "{rewritten}");
    }

    #[test]
    fn every_answers_diagnostic_is_translated_with_its_arguments() {
        let catalog = catalog();
        for (d, text) in covered(&catalog) {
            assert_translated(&d, &text);
        }
    }

    /// The quick read (no locations) never changes what a file means or what is said about
    /// it: for every corpus file, the findings are those of the located read, line and
    /// column included, and a valid file gives the same answers.
    #[test]
    fn reading_without_locations_changes_nothing_a_user_sees() {
        let catalog = catalog();
        let mut files = corpus(&catalog);
        for example in ["importer-tier2.yaml", "foreign-manufacturer-cn.yaml"] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("examples")
                .join(example);
            files.push(std::fs::read_to_string(path).expect("example"));
        }
        let as_of = crate::calendar::date("2026-11-30");
        let outcome = |parsed: Result<Parsed, Invalid>| match parsed {
            Err(invalid) => Err(invalid.diagnostics),
            Ok(p) => match p.validate_at(&catalog, as_of) {
                Ok(loaded) => Ok((loaded.value, loaded.warnings)),
                Err(invalid) => Err(invalid.diagnostics),
            },
        };
        for text in files {
            let source = Source::new("a.yaml", text.clone());
            let quick = outcome(parse(&source));
            let located = outcome(parse_located(&source));
            assert_eq!(format!("{quick:?}"), format!("{located:?}"), "{text}");
        }
    }

    /// The corpus above reaches every code an answers file can get, so the test above checks
    /// them all; a new code in answers.rs or yaml.rs without a case here fails.
    #[test]
    fn the_corpus_raises_every_code_of_answers_files() {
        let catalog = catalog();
        let covered = covered(&catalog);
        // Codes, and the names of the templates that word them.
        let mut raised: Vec<&str> = covered
            .iter()
            .flat_map(|(d, _)| {
                let t = &d.translation;
                [Some(d.code), t.message, t.help, t.help_note]
            })
            .flatten()
            .collect();
        raised.sort_unstable();
        raised.dedup();
        let mut written = Vec::new();
        for file in [include_str!("answers.rs"), include_str!("yaml.rs")] {
            let code = file.split("#[cfg(test)]").next().unwrap_or_default();
            for piece in code.split('"').skip(1).step_by(2) {
                let kebab = piece.len() > 3
                    && piece.contains('-')
                    && piece
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b == b'-' || b.is_ascii_digit());
                if kebab && !written.contains(&piece) {
                    written.push(piece);
                }
            }
        }
        let codes_only = |c: &&str| {
            !["ctpat-answers", "ctpat-criteria", "ctpat-ui"]
                .iter()
                .any(|f| c.starts_with(f))
        };
        let mut missing: Vec<&str> = written
            .into_iter()
            .filter(codes_only)
            .filter(|c| !raised.contains(c))
            .collect();
        missing.sort_unstable();
        // Wordings the corpus cannot reach with real input, named so the list stays honest.
        let unreachable = [
            // The parser names the key of every duplicate it has seen.
            "duplicate-key-unnamed",
            // Template names of wording variants, checked through the codes that use them.
            "wrong-format-criteria",
            "unshipped-criteria-version",
            "unknown-entity-near",
            "did-you-mean",
            "did-you-mean-id",
            "use-one-of",
            "allowed-here",
            "list-ids",
            // The help of a `wrong-type` on a workbook's Financials sheet (the corpus is
            // YAML; tests in src/workbook/write/mod.rs raise it).
            "workbook-financials",
            // Answers files have no enumerated field the parser checks (statuses are checked
            // by the validation step, as `unknown-status`).
            "unknown-value",
        ];
        missing.retain(|c| !unreachable.contains(c));
        assert!(
            missing.is_empty(),
            "codes no corpus file raises: {missing:?}"
        );
        // Names the scan above can miss (it pairs quotes, and escaped quotes in a nearby
        // message shift the pairs).
        for name in [
            "full-width-colon",
            "full-width-space",
            "no-space-after-colon",
            "wrong-type-list",
            "wrong-type-mapping",
            "not-utf8-utf16",
            "full-width-char",
        ] {
            assert!(raised.contains(&name), "no corpus file raises {name}");
        }
    }
}
