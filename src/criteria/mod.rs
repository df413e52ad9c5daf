//! The C-TPAT Minimum Security Criteria as validated domain types.
//!
//! A [`Catalog`] is one version of the criteria: entity types, focus areas, categories,
//! criteria, the scoring weights and the tier ladder, all from data. It is built only by
//! [`load`], which parses a `ctpat-criteria/1` file through the raw layer (`raw`) and
//! validates it (`validate`), reporting every problem. The shipped catalogs are embedded
//! ([`embedded`]).

pub mod diff;
pub mod embedded;
mod programme;
mod raw;
pub mod tailoring;
mod validate;

pub use validate::bounds;

use crate::diagnostic::{Diagnostic, Invalid, Location, Source};
use crate::text::Text;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

pub use validate::FORMAT_TAG;

/// Parses and validates a criteria file.
///
/// # Errors
/// [`Invalid`] with every problem found, when any of them is an error.
pub fn load(source: &Source) -> Result<Loaded<Catalog>, Invalid> {
    validate::load(source)
}

/// Every finding in a criteria file, notes on flagged data included, in file order, with the
/// catalog when the file parsed (it may still hold errors). For `ctpat validate`.
#[must_use]
pub fn check(source: &Source) -> (Option<Catalog>, Vec<Diagnostic>) {
    validate::check(source)
}

/// The one way of knowing a catalog's SHA-256 (lower-case hex) from its exact bytes: a shipped
/// catalog's hash is the one kept beside its compiled form ([`embedded::known_sha256`]), any
/// other file's is computed. [`Catalog::sha256`] and a report's manifest both come from here,
/// so a workbook's stamp and a report name a catalog by the same hash.
#[must_use]
pub fn sha256(bytes: &[u8]) -> String {
    embedded::known_sha256(bytes).map_or_else(|| crate::report::sha256_hex(bytes), str::to_string)
}

/// The JSON Schema (draft-07) of `ctpat-criteria/1` files, for editors and CI.
#[must_use]
pub fn json_schema() -> serde_json::Value {
    schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<raw::RawCatalog>()
        .to_value()
}

/// A validated value with the warnings found while validating it.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// The value.
    pub value: T,
    /// Problems that do not stop the value from being used.
    pub warnings: Vec<Diagnostic>,
}

/// The business types C-TPAT admits. The ids are a contract: answers files, reports and
/// tests depend on them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Entity {
    Importer,
    Exporter,
    ForeignManufacturer,
    HighwayCarrier,
    MexicanLongHaulCarrier,
    RailCarrier,
    SeaCarrier,
    AirCarrier,
    Consolidator,
    ThirdPartyLogistics,
    CustomsBroker,
    MarinePortTerminalOperator,
    ForeignMarinePortTerminalOperator,
}

impl Entity {
    /// Every entity type, in the order of the MSC documents.
    pub const ALL: [Entity; 13] = [
        Entity::Importer,
        Entity::Exporter,
        Entity::ForeignManufacturer,
        Entity::HighwayCarrier,
        Entity::MexicanLongHaulCarrier,
        Entity::RailCarrier,
        Entity::SeaCarrier,
        Entity::AirCarrier,
        Entity::Consolidator,
        Entity::ThirdPartyLogistics,
        Entity::CustomsBroker,
        Entity::MarinePortTerminalOperator,
        Entity::ForeignMarinePortTerminalOperator,
    ];

    /// The id used in files and on the command line.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Entity::Importer => "importer",
            Entity::Exporter => "exporter",
            Entity::ForeignManufacturer => "foreign_manufacturer",
            Entity::HighwayCarrier => "highway_carrier",
            Entity::MexicanLongHaulCarrier => "mexican_long_haul_carrier",
            Entity::RailCarrier => "rail_carrier",
            Entity::SeaCarrier => "sea_carrier",
            Entity::AirCarrier => "air_carrier",
            Entity::Consolidator => "consolidator",
            Entity::ThirdPartyLogistics => "third_party_logistics",
            Entity::CustomsBroker => "customs_broker",
            Entity::MarinePortTerminalOperator => "marine_port_terminal_operator",
            Entity::ForeignMarinePortTerminalOperator => "foreign_marine_port_terminal_operator",
        }
    }

    /// All ids, for suggestions and help text.
    #[must_use]
    pub fn ids() -> Vec<&'static str> {
        Entity::ALL.iter().map(|e| e.id()).collect()
    }
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Entity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Entity::ALL
            .into_iter()
            .find(|e| e.id() == s)
            .ok_or_else(|| {
                let hint = crate::diagnostic::did_you_mean(s, Entity::ids())
                    .map_or_else(String::new, |n| format!(" (did you mean `{n}`?)"));
                format!("unknown entity type `{s}`{hint}")
            })
    }
}

/// The prefix of a tailoring's own criteria, e.g. `ACME` in `ACME-5.1`: 2 to 8 ASCII capital
/// letters and digits, starting with a letter. CBP ids are digits and one dot, so an id with
/// a namespace can never be read as a CBP id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Namespace {
    len: u8,
    bytes: [u8; Namespace::MAX_LEN],
}

impl Namespace {
    /// Longest namespace.
    pub const MAX_LEN: usize = 8;
    /// Names no tailoring may take: they would pass for the program's own.
    pub const RESERVED: [&'static str; 4] = ["CBP", "CTPAT", "MSC", "CT"];

    /// The namespace as written.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Only ASCII is ever stored.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl FromStr for Namespace {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let ok = (2..=Namespace::MAX_LEN).contains(&s.len())
            && s.bytes().next().is_some_and(|c| c.is_ascii_uppercase())
            && s.bytes()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if !ok {
            return Err(format!(
                "`{s}` is not a namespace: use 2 to 8 capital letters and digits, starting with a letter, e.g. `ACME`"
            ));
        }
        if Namespace::RESERVED.contains(&s) {
            return Err(format!(
                "`{s}` is reserved: a house namespace may not pass for CBP's own ids"
            ));
        }
        let mut bytes = [0; Namespace::MAX_LEN];
        bytes[..s.len()].copy_from_slice(s.as_bytes());
        Ok(Namespace {
            len: u8::try_from(s.len()).unwrap_or(0),
            bytes,
        })
    }
}

impl Ord for Namespace {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Namespace {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Namespace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A criterion id: an official MSC id such as `5.24` (category number, then the criterion's
/// number), a tailoring's own criterion such as `ACME-5.1` (its namespace, the category it
/// is filed under, its number there), or an item of a programme whose items are numbered
/// straight through the whole standard, such as China Customs' `(44)`: category 0 marks that
/// form (no MSC category is 0), and the item's article is its criterion's `category`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CriterionId {
    /// The tailoring's namespace; `None` for CBP's criteria.
    pub house: Option<Namespace>,
    /// The category number, 1 to 12 in the MSC; 0 for a numbered item (`(44)`).
    pub category: u16,
    /// The number within the category (and namespace).
    pub number: u16,
}

impl CriterionId {
    /// A CBP id from its two numbers.
    #[must_use]
    pub fn new(category: u16, number: u16) -> Self {
        CriterionId {
            house: None,
            category,
            number,
        }
    }

    /// A house id of `namespace`.
    #[must_use]
    pub fn house(namespace: Namespace, category: u16, number: u16) -> Self {
        CriterionId {
            house: Some(namespace),
            category,
            number,
        }
    }

    /// Whether this is one of CBP's ids (not a tailoring's own).
    #[must_use]
    pub fn is_cbp(&self) -> bool {
        self.house.is_none() && !self.is_item()
    }

    /// An item numbered straight through its standard, e.g. China Customs' `(44)`.
    #[must_use]
    pub fn item(number: u16) -> Self {
        CriterionId {
            house: None,
            category: 0,
            number,
        }
    }

    /// Whether this is a numbered item (`(44)`) rather than a dotted id.
    #[must_use]
    pub fn is_item(&self) -> bool {
        self.house.is_none() && self.category == 0
    }
}

/// Category first, so a house criterion sits with its category; CBP's before house ones.
impl Ord for CriterionId {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.category, self.house, self.number).cmp(&(other.category, other.house, other.number))
    }
}

impl PartialOrd for CriterionId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for CriterionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_item() {
            return write!(f, "({})", self.number);
        }
        if let Some(ns) = self.house {
            write!(f, "{ns}-")?;
        }
        write!(f, "{}.{}", self.category, self.number)
    }
}

impl FromStr for CriterionId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let bad = || format!("`{s}` is not a criterion id; ids look like `5.24` or `(44)`");
        let digits =
            |p: &str| !p.is_empty() && p.len() <= 4 && p.bytes().all(|c| c.is_ascii_digit());
        // A numbered item: `(44)`, also typed with full-width brackets `（44）`.
        let item = s
            .strip_prefix('(')
            .or_else(|| s.strip_prefix('（'))
            .and_then(|r| r.strip_suffix(')').or_else(|| r.strip_suffix('）')));
        if let Some(n) = item {
            if !digits(n) || n.starts_with('0') {
                return Err(bad());
            }
            return Ok(CriterionId::item(n.parse().map_err(|_| bad())?));
        }
        let (house, numbers) = match s.split_once('-') {
            Some((ns, rest)) => (Some(ns.parse::<Namespace>().map_err(|_| bad())?), rest),
            None => (None, s),
        };
        let (a, b) = numbers.split_once('.').ok_or_else(bad)?;
        if !digits(a) || !digits(b) || a.starts_with('0') || b.starts_with('0') {
            return Err(bad());
        }
        Ok(CriterionId {
            house,
            category: a.parse().map_err(|_| bad())?,
            number: b.parse().map_err(|_| bad())?,
        })
    }
}

impl Serialize for CriterionId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CriterionId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Whether a criterion is required (*Must*) or recommended (*Should*).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Requirement {
    /// Required: an unmet Must blocks certification and validation.
    Must,
    /// Recommended: counts toward the score and Tier 3.
    Should,
}

impl Requirement {
    /// `must` or `should`.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Requirement::Must => "must",
            Requirement::Should => "should",
        }
    }
}

/// How often a criterion's control recurs, where the sources say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Recurrence {
    Annual,
    Periodic,
    OnChange,
    PerShipment,
    AtHire,
}

impl Recurrence {
    /// Every value, as written in files.
    pub const IDS: [&'static str; 5] =
        ["annual", "periodic", "on_change", "per_shipment", "at_hire"];
}

impl Recurrence {
    /// The id as written in files.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Recurrence::Annual => "annual",
            Recurrence::Periodic => "periodic",
            Recurrence::OnChange => "on_change",
            Recurrence::PerShipment => "per_shipment",
            Recurrence::AtHire => "at_hire",
        }
    }
}

/// How long evidence of a recurring control stays fresh (the catalog's `freshness:` block).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FreshnessRules {
    /// Evidence expiring within this many days of the as-of date is `expiring`.
    pub expiring_within_days: u32,
    /// One rule per recurrence that has one.
    pub ages: Vec<EvidenceAge>,
}

/// How long evidence of one recurrence stays fresh.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceAge {
    /// The recurrence.
    pub recurrence: Recurrence,
    /// Months after its date that evidence stays fresh; `None`: no limit.
    pub months: Option<u32>,
    /// Where the rule comes from.
    pub basis: Text,
}

impl FreshnessRules {
    /// The months evidence of `recurrence` stays fresh, if it ages at all.
    #[must_use]
    pub fn months(&self, recurrence: Option<Recurrence>) -> Option<u32> {
        let r = recurrence?;
        self.ages.iter().find(|a| a.recurrence == r)?.months
    }
}

/// Why a fact in the catalog is not fully trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// The sources disagree or are unsure.
    Uncertain,
    /// Only one weak source; not checked against the official document.
    Unverified,
}

/// A warning attached to a criterion, category or focus area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    /// Uncertain or unverified.
    pub kind: FlagKind,
    /// What is unsure and how the data treats it.
    pub note: Text,
}

/// How completely the catalog covers an entity type's official criteria.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// Every criterion found, cross-checked between two independent sources.
    CrossChecked,
    /// Many criteria found; the official list may hold more.
    Partial,
    /// Only the criteria believed to apply to every entity type.
    CoreOnly,
    /// The member's own security-profile list, supplied by a tailoring file.
    MemberProfile,
}

impl Coverage {
    /// Every value, as written in files.
    pub const IDS: [&'static str; 4] = ["cross_checked", "partial", "core_only", "member_profile"];

    /// The id used in files and JSON.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Coverage::CrossChecked => "cross_checked",
            Coverage::Partial => "partial",
            Coverage::CoreOnly => "core_only",
            Coverage::MemberProfile => "member_profile",
        }
    }

    /// Whether a result on this list is provisional: the list is known to be shorter than
    /// CBP's document for the entity type, so a tier on it may be too high. Every output that
    /// gives a result or a list asks this one question.
    #[must_use]
    pub fn is_provisional(self) -> bool {
        match self {
            Coverage::CrossChecked | Coverage::MemberProfile => false,
            Coverage::Partial | Coverage::CoreOnly => true,
        }
    }
}

/// How far a criterion's facts are confirmed, from its source tags, in words a user reads
/// (the tags themselves are research shorthand).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Seen in an official CBP document or announcement (`V`).
    Official,
    /// Relayed from CBP by a named secondary source: trade press, an association or a
    /// consultant (`V2`).
    Relayed,
    /// Two unofficial encodings agree (`P` and `S`).
    TwoUnofficial,
    /// One unofficial source (`P` or `S`).
    OneUnofficial,
    /// Believed to apply, not confirmed (`B`, or no tag).
    Believed,
}

impl Confidence {
    /// The confidence the tags of the reference document give.
    #[must_use]
    pub fn from_tags(tags: &[String]) -> Confidence {
        let has = |t: &str| tags.iter().any(|x| x == t);
        if has("V") {
            Confidence::Official
        } else if has("V2") {
            Confidence::Relayed
        } else if has("P") && has("S") {
            Confidence::TwoUnofficial
        } else if has("P") || has("S") {
            Confidence::OneUnofficial
        } else {
            Confidence::Believed
        }
    }

    /// The key of its wording in `criteria/ui.yaml`.
    #[must_use]
    pub fn message_key(self) -> &'static str {
        match self {
            Confidence::Official => "confidence:official",
            Confidence::Relayed => "confidence:relayed",
            Confidence::TwoUnofficial => "confidence:two-unofficial",
            Confidence::OneUnofficial => "confidence:one-unofficial",
            Confidence::Believed => "confidence:believed",
        }
    }
}

/// A source document the catalog was built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceDocument {
    /// Its title.
    pub title: String,
    /// Its date or version as written on it (`2020-03`).
    pub date: String,
    /// What it contributed or how far it was read.
    pub note: Option<String>,
}

/// Whether a catalog was built from its programme's official text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceQuality {
    /// Built from the official documents (as far as each criterion's tags say).
    #[default]
    Official,
    /// Encoded from a secondary source: every output using it prints the catalog's notice.
    Secondary,
}

fn is_msc(programme: &str) -> bool {
    programme == CTPAT_MSC
}

fn is_official(q: &SourceQuality) -> bool {
    *q == SourceQuality::Official
}

fn msc() -> String {
    CTPAT_MSC.to_string()
}

/// The programme id of the C-TPAT Minimum Security Criteria.
pub const CTPAT_MSC: &str = "ctpat-msc";

/// Facts about the catalog as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Program {
    /// The programme it is a version of: `ctpat-msc`, or e.g. `gacc-aeo`.
    #[serde(default = "msc", skip_serializing_if = "is_msc")]
    pub programme: String,
    /// The program's name.
    pub name: Text,
    /// `YYYY.MM`, e.g. `2023.01`; another programme's lower-case id, e.g.
    /// `gacc-aeo-2026-advanced`. Answers files name it in `criteria_version`.
    pub version: String,
    /// The date this version took effect (`YYYY-MM-DD`).
    pub effective: String,
    /// One paragraph on what this version is.
    pub summary: Text,
    /// The documents it was built from.
    pub sources: Vec<SourceDocument>,
    /// Who issues the programme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<Text>,
    /// Whether it was built from the official text.
    #[serde(default, skip_serializing_if = "is_official")]
    pub source_quality: SourceQuality,
    /// What every output using it says about where its content comes from (required when
    /// the source is secondary).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<Text>,
}

impl Program {
    /// Whether this is a version of the C-TPAT MSC.
    #[must_use]
    pub fn is_msc(&self) -> bool {
        is_msc(&self.programme)
    }

    /// The notice every output must carry, when the catalog is from a secondary source.
    #[must_use]
    pub fn secondary_notice(&self) -> Option<&Text> {
        (self.source_quality == SourceQuality::Secondary)
            .then_some(self.notice.as_ref())
            .flatten()
    }
}

/// An entity type as the catalog describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityInfo {
    /// Its fixed id.
    pub id: Entity,
    /// Display name.
    pub name: Text,
    /// One line on who this is.
    pub description: Text,
    /// Whether CBP assigns Tier 1/2/3 to this entity type.
    pub cbp_tiers: bool,
    /// How complete the catalog's criteria for it are.
    pub coverage: Coverage,
    /// What is and is not known about its criteria.
    pub note: Option<Text>,
}

/// One of the three focus areas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FocusArea {
    /// Snake-case id, e.g. `corporate_security`.
    pub id: String,
    /// Display name.
    pub name: Text,
    /// Set where the name is not confirmed.
    pub flag: Option<Flag>,
}

/// One of the twelve categories.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    /// 1 to 12; the prefix of its criteria's ids.
    pub number: u16,
    /// The focus area it belongs to.
    pub focus_area: String,
    /// Display name.
    pub name: Text,
    /// Set where the name or number is not confirmed.
    pub flag: Option<Flag>,
}

/// A part of a criterion that the sources mark differently from the whole (informative only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subpart {
    /// Its own designation.
    pub requirement: Requirement,
    /// What it asks.
    pub text: Text,
}

/// What a validator looks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guidance {
    /// What a good implementation looks like.
    pub good: Text,
    /// The evidence a validator will ask to see.
    pub evidence: Vec<Text>,
}

/// One criterion of the MSC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    /// Official id, e.g. `5.24`.
    pub id: CriterionId,
    /// Category number.
    pub category: u16,
    /// Must or Should.
    pub requirement: Requirement,
    /// The entity types it applies to, in [`Entity::ALL`] order.
    pub applies_to: Vec<Entity>,
    /// A short title.
    pub title: Text,
    /// The self-assessment question.
    pub question: Text,
    /// What good looks like and what evidence proves it.
    pub guidance: Guidance,
    /// Parts with another designation.
    pub subparts: Vec<Subpart>,
    /// How often it recurs, where known.
    pub recurrence: Option<Recurrence>,
    /// Confidence tags of the reference (`V`, `V2`, `P`, `S`, `B`).
    pub sources: Vec<String>,
    /// Set where the reference is unsure.
    pub flag: Option<Flag>,
    /// Whose words the title is, when not the official text's (`app`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_source: Option<String>,
    /// When the item does not apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_applicable_when: Option<Text>,
    /// Who checks it: `customs_records` when the authority checks its own records (the
    /// answer is the company's declaration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked_by: Option<String>,
    /// What computes it from the answers file's `financials:` (`solvency`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub computed: Option<String>,
    /// Where the criterion's id is in its file.
    #[serde(skip)]
    pub location: Option<Location>,
}

impl Criterion {
    /// Whether it applies to `entity`.
    #[must_use]
    pub fn applies(&self, entity: Entity) -> bool {
        self.applies_to.contains(&entity)
    }

    /// How far its facts are confirmed, from its source tags.
    #[must_use]
    pub fn confidence(&self) -> Confidence {
        Confidence::from_tags(&self.sources)
    }
}

/// Points per answer status, doubled so half points stay integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Points {
    /// Points for `implemented` (the full value).
    pub implemented: u32,
    /// Points for `partial`.
    pub partial: u32,
    /// Points for `not_implemented` and unanswered.
    pub not_implemented: u32,
}

/// Weight of each requirement level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Weights {
    /// Weight of a Must.
    pub must: u32,
    /// Weight of a Should.
    pub should: u32,
}

impl Weights {
    /// The weight of `requirement`.
    #[must_use]
    pub fn of(self, requirement: Requirement) -> u32 {
        match requirement {
            Requirement::Must => self.must,
            Requirement::Should => self.should,
        }
    }
}

/// The scoring model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoringModel {
    /// Points per status.
    pub points: Points,
    /// Weight per requirement.
    pub weights: Weights,
}

/// How far the Musts must go for a tier.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum MustLevel {
    /// Every applicable Must is implemented.
    Implemented,
    /// Every applicable Must is implemented and lists evidence.
    Evidenced,
}

/// What a tier requires beyond the one below it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TierRequires {
    /// The Musts' level, if any.
    pub musts: Option<MustLevel>,
    /// Every applicable Should implemented or justified N/A.
    pub shoulds: bool,
    /// How many best practices meeting all five framework elements, with evidence.
    pub best_practices: u32,
    /// Specific criteria that must be implemented (when they apply to the entity).
    pub criteria: Vec<CriterionId>,
    /// Every gate of the catalog's grading holds.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub grading: bool,
}

impl TierRequires {
    /// Whether the tier requires nothing (the bottom rung).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.musts.is_none()
            && !self.shoulds
            && self.best_practices == 0
            && self.criteria.is_empty()
            && !self.grading
    }
}

/// One rung of the tier ladder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    /// `not_ready`, `tier_1`, `tier_2`, `tier_3`.
    pub id: String,
    /// Name for entity types CBP tiers (importers).
    pub name: Text,
    /// Name for the other entity types.
    pub generic_name: Text,
    /// What reaching it means.
    pub summary: Text,
    /// What it requires.
    pub requires: TierRequires,
}

impl Tier {
    /// The name fitting an entity type.
    #[must_use]
    pub fn name_for(&self, cbp_tiers: bool) -> &Text {
        if cbp_tiers {
            &self.name
        } else {
            &self.generic_name
        }
    }
}

/// One version of the MSC, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    /// Name, version, date and sources.
    pub program: Program,
    /// Entity types.
    pub entities: Vec<EntityInfo>,
    /// Focus areas.
    pub focus_areas: Vec<FocusArea>,
    /// Categories, by number.
    pub categories: Vec<Category>,
    /// Points and weights.
    pub scoring: ScoringModel,
    /// The tier ladder, lowest first.
    pub tiers: Vec<Tier>,
    /// How long evidence stays fresh.
    #[serde(default)]
    pub freshness: FreshnessRules,
    /// How a programme grades its items, when it does (China Customs' AEO standards).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grading: Option<crate::grading::Grading>,
    /// The items computed from a company's figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finance: Option<crate::finance::FinanceRules>,
    /// Criteria, in catalog (id) order.
    pub criteria: Vec<Criterion>,
    /// Lower-case hex SHA-256 of the catalog file's exact bytes ([`sha256`]): a questionnaire
    /// workbook is stamped with it, so reading one back can tell it was made from this catalog.
    #[serde(skip)]
    pub sha256: String,
    /// What a tailoring file changed, when one was applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tailoring: Option<tailoring::Tailored>,
}

impl Catalog {
    /// The criterion with `id`.
    #[must_use]
    pub fn criterion(&self, id: CriterionId) -> Option<&Criterion> {
        self.criteria
            .binary_search_by(|c| c.id.cmp(&id))
            .ok()
            .map(|i| &self.criteria[i])
    }

    /// The criteria that apply to `entity`, in catalog order.
    pub fn applicable(&self, entity: Entity) -> impl Iterator<Item = &Criterion> {
        self.criteria.iter().filter(move |c| c.applies(entity))
    }

    /// The category numbered `number`.
    #[must_use]
    pub fn category(&self, number: u16) -> Option<&Category> {
        self.categories.iter().find(|c| c.number == number)
    }

    /// The focus area with `id`.
    #[must_use]
    pub fn focus_area(&self, id: &str) -> Option<&FocusArea> {
        self.focus_areas.iter().find(|f| f.id == id)
    }

    /// What the catalog says about `entity`.
    #[must_use]
    pub fn entity(&self, entity: Entity) -> Option<&EntityInfo> {
        self.entities.iter().find(|e| e.id == entity)
    }

    /// How completely the catalog covers `entity`'s criteria; an entity type the catalog
    /// does not describe counts as [`Coverage::CoreOnly`].
    #[must_use]
    pub fn coverage(&self, entity: Entity) -> Coverage {
        self.entity(entity)
            .map_or(Coverage::CoreOnly, |e| e.coverage)
    }

    /// The tier with `id`.
    #[must_use]
    pub fn tier(&self, id: &str) -> Option<&Tier> {
        self.tiers.iter().find(|t| t.id == id)
    }

    /// The position of tier `id` on the ladder (0 = lowest).
    #[must_use]
    pub fn tier_rank(&self, id: &str) -> Option<usize> {
        self.tiers.iter().position(|t| t.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criterion_ids_sort_numerically() {
        let mut ids: Vec<CriterionId> = ["4.10", "4.2", "12.1", "4.1", "10.10"]
            .iter()
            .map(|s| s.parse().expect("valid"))
            .collect();
        ids.sort();
        let shown: Vec<String> = ids.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["4.1", "4.2", "4.10", "10.10", "12.1"]);
    }

    #[test]
    fn numbered_items_read_in_either_bracket_and_sort_by_number() {
        let mut ids: Vec<CriterionId> = ["(44)", "（9）", " (10) ", "(74)"]
            .iter()
            .map(|s| s.parse().expect("valid"))
            .collect();
        ids.sort();
        let shown: Vec<String> = ids.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["(9)", "(10)", "(44)", "(74)"]);
        assert!(ids.iter().all(|i| i.is_item() && !i.is_cbp()));
        for bad in ["()", "(0)", "(07)", "(4a)", "(44", "44)", "(12345)"] {
            assert!(
                bad.parse::<CriterionId>().is_err(),
                "{bad} should be rejected"
            );
        }
    }

    #[test]
    fn criterion_id_rejects_malformed() {
        for bad in [
            "", "5", "5.", ".5", "a.b", "05.1", "5.01", "5.1.2", "1.-1", "99999.1", "0.5",
        ] {
            assert!(
                bad.parse::<CriterionId>().is_err(),
                "{bad} should be rejected"
            );
        }
    }

    #[test]
    fn source_tags_read_as_plain_confidence() {
        let tags = |t: &[&str]| t.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(
            Confidence::from_tags(&tags(&["V", "P", "S"])),
            Confidence::Official
        );
        assert_eq!(
            Confidence::from_tags(&tags(&["P", "S", "V2"])),
            Confidence::Relayed
        );
        assert_eq!(
            Confidence::from_tags(&tags(&["P", "S"])),
            Confidence::TwoUnofficial
        );
        assert_eq!(
            Confidence::from_tags(&tags(&["S"])),
            Confidence::OneUnofficial
        );
        assert_eq!(Confidence::from_tags(&tags(&["B"])), Confidence::Believed);
        assert_eq!(Confidence::from_tags(&[]), Confidence::Believed);
    }

    #[test]
    fn entity_ids_round_trip() {
        for e in Entity::ALL {
            assert_eq!(e.id().parse::<Entity>(), Ok(e));
        }
        let err = "foreign_manufactuer".parse::<Entity>().expect_err("typo");
        assert!(err.contains("did you mean `foreign_manufacturer`"), "{err}");
    }
}
