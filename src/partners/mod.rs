//! The business partner programme: CBP's 5-step risk assessment over a member's partners.
//!
//! A partner register ([`register`], step 1) names each partner, its role, country and route,
//! the answers file holding its assessment and its CTPAT or AEO certificate. The member's own
//! threat ratings (step 2) rate countries, regions and route points. Each partner's scored
//! answers give its vulnerability (step 3), and [`roll_up`] combines both on the risk matrix of
//! the [`rules`] into the partners by risk and the action plan (step 4); the report printing
//! the rules, the as-of date and every input's hash is step 5.
//!
//! Pure: [`roll_up`] is a function of (rules, register, threats, scored partners, as-of date).

pub mod html;
pub mod register;
pub mod report;
pub mod rules;
pub mod template;

use crate::answers::Answers;
use crate::calendar::{self, Date};
use crate::criteria::{CriterionId, Entity, Requirement};
use crate::scoring::{Assessment, Freshness, Standing};
use rules::{Condition, Rules};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every finding in a partners file of `kind` (register, threat ratings or rules), for
/// `ctpat validate`. The register's answers files are not opened here.
#[must_use]
pub fn check(
    kind: crate::findings::FileKind,
    source: &crate::diagnostic::Source,
) -> Vec<crate::diagnostic::Diagnostic> {
    use crate::findings::FileKind;
    let categories = Rules::shipped().threat_categories;
    let found = match kind {
        FileKind::Threats => register::load_threats(source, &categories).map(|c| c.warnings),
        FileKind::PartnerRules => rules::load(source).map(|_| Vec::new()),
        _ => register::load(source, &categories).map(|c| c.warnings),
    };
    found.unwrap_or_else(|invalid| invalid.diagnostics)
}

/// Every finding in a partner register workbook, for `ctpat validate`; `None` when `bytes`
/// are not a register workbook (a questionnaire, say). The answers files are not opened.
#[must_use]
pub fn check_workbook(name: &str, bytes: &[u8]) -> Option<Vec<crate::diagnostic::Diagnostic>> {
    if !crate::workbook::register::is_register(bytes) {
        return None;
    }
    let categories = Rules::shipped().threat_categories;
    Some(
        register::load_workbook(name, bytes, &categories)
            .map_or_else(|invalid| invalid.diagnostics, |c| c.warnings),
    )
}

/// A rating on CBP's three-level scale: threat, vulnerability or risk.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Low.
    Low,
    /// Medium.
    Medium,
    /// High.
    High,
}

impl Level {
    /// The levels, lowest first.
    pub const ALL: [Level; 3] = [Level::Low, Level::Medium, Level::High];

    /// The id used in files and reports.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }

    /// The level written `id`.
    #[must_use]
    pub fn from_id(id: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.id() == id)
    }
}

/// A partner's vulnerability or risk: a level, or exempt (certified under a recognised
/// programme, so not rated).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rating {
    /// Exempt from the questionnaire: CTPAT or MRA-recognised AEO.
    Exempt,
    /// Rated.
    Level(Level),
}

impl Serialize for Rating {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl JsonSchema for Rating {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Rating".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "enum": ["high", "medium", "low", "exempt"],
        })
    }
}

impl Rating {
    /// The id used in reports: `high`, `medium`, `low` or `exempt`.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Rating::Exempt => "exempt",
            Rating::Level(l) => l.id(),
        }
    }
}

/// A country, optionally narrowed to a region or route point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Place {
    /// ISO 3166 country code.
    pub country: String,
    /// Region, province or route point.
    pub region: Option<String>,
}

impl Place {
    /// Whether a rating of `rated` concerns this place: same country, and the rating is for
    /// the whole country or for this place's region.
    #[must_use]
    pub fn rated_by(&self, rated: &Place) -> bool {
        self.country == rated.country
            && rated
                .region
                .as_ref()
                .is_none_or(|r| self.region.as_ref() == Some(r))
    }

    /// `CN` or `CN / Guangdong`.
    #[must_use]
    pub fn shown(&self) -> String {
        match &self.region {
            Some(r) => format!("{} / {r}", self.country),
            None => self.country.clone(),
        }
    }
}

/// The programme a partner is certified under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "programme", rename_all = "snake_case")]
pub enum Programme {
    /// CTPAT (the SVI number in `number`).
    Ctpat,
    /// An Authorized Economic Operator programme of a customs administration.
    Aeo {
        /// The customs administration (ISO code, or EU).
        customs: String,
    },
}

/// A partner's certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Certification {
    /// The programme.
    #[serde(flatten)]
    pub programme: Programme,
    /// SVI or AEO number.
    pub number: Option<String>,
    /// When it was last checked.
    #[schemars(with = "Option<String>")]
    #[serde(serialize_with = "date_text")]
    pub checked_on: Option<Date>,
}

/// A date as `YYYY-MM-DD` in the report.
fn date_text<S: serde::Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => s.serialize_str(&d.to_string()),
        None => s.serialize_none(),
    }
}

/// One business partner of the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partner {
    /// Unique id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Entity type.
    pub role: Entity,
    /// Where it is.
    pub place: Place,
    /// Other places its cargo passes.
    pub route: Vec<Place>,
    /// Its answers file, relative to the register.
    pub answers: Option<String>,
    /// Its certificate.
    pub certification: Option<Certification>,
    /// Yearly volume.
    pub volume: Option<u64>,
    /// Notes.
    pub notes: Option<String>,
}

/// A threat rating of one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Threat {
    /// The place rated.
    pub place: Place,
    /// Level by threat category.
    pub ratings: BTreeMap<String, Level>,
    /// When it was rated.
    pub rated_on: Option<Date>,
    /// Sources.
    pub sources: Vec<String>,
}

impl Threat {
    /// The highest of its ratings.
    #[must_use]
    pub fn highest(&self) -> Level {
        self.ratings.values().copied().max().unwrap_or(Level::Low)
    }
}

/// A validated partner register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Register {
    /// The member.
    pub company: Option<String>,
    /// The partners, in file order.
    pub partners: Vec<Partner>,
    /// Threat ratings written in the register.
    pub threats: Vec<Threat>,
    /// The threat ratings file the register names (`threats_file:`), relative to it.
    pub threats_file: Option<String>,
}

/// An open criterion of a partner, for the action plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct OpenGap {
    /// The criterion.
    #[schemars(with = "String")]
    pub id: CriterionId,
    /// Must or Should.
    pub requirement: Requirement,
    /// Who closes it (from the partner's answers).
    pub owner: Option<String>,
    /// By when.
    pub due: Option<String>,
}

/// What a partner's scored answers say about its vulnerability: the input of step 3.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Findings {
    /// The company named in the answers file.
    pub company: String,
    /// The entity type the answers file was filled in for (`None` only in tests).
    pub entity: Option<Entity>,
    /// When the partner answered.
    pub assessed_on: Option<String>,
    /// Score in tenths of a percent.
    pub score_tenths: u64,
    /// Applicable Musts not met (partial, not implemented, unanswered).
    pub must_unmet: Vec<CriterionId>,
    /// Applicable Musts whose evidence is stale.
    pub must_stale: Vec<CriterionId>,
    /// Applicable Shoulds open.
    pub should_open: Vec<CriterionId>,
    /// The Must gaps with owner and due date, for the action plan.
    pub must_gaps: Vec<OpenGap>,
}

impl Findings {
    /// The vulnerability conditions that hold.
    #[must_use]
    pub fn conditions(&self) -> Vec<Condition> {
        let mut out = Vec::new();
        if !self.must_unmet.is_empty() {
            out.push(Condition::MustUnmet);
        }
        if !self.must_stale.is_empty() {
            out.push(Condition::MustEvidenceStale);
        }
        if !self.should_open.is_empty() {
            out.push(Condition::ShouldOpen);
        }
        out
    }
}

/// What a partner's scored answers say about it: the one place that reads an
/// [`Assessment`] for the partner programme.
///
/// Musts not met are the assessment's Must gaps (partial, not implemented, unanswered). Musts
/// whose evidence is stale are the applicable Musts, answered and not yet counted as unmet,
/// whose evidence the time-aware scoring found [`Freshness::Stale`] on the assessment's as-of
/// date (the same criteria its tier blockers name as `fresh-evidence`).
#[must_use]
pub fn findings(assessment: &Assessment, answers: &Answers) -> Findings {
    let musts = assessment
        .gaps
        .iter()
        .filter(|g| g.requirement == Requirement::Must);
    let must_unmet: Vec<CriterionId> = musts.clone().map(|g| g.id).collect();
    let must_stale = assessment
        .results
        .iter()
        .filter(|r| r.requirement == Requirement::Must)
        .filter(|r| r.age.freshness == Freshness::Stale)
        .filter(|r| r.standing != Standing::NotApplicable && !must_unmet.contains(&r.id))
        .map(|r| r.id)
        .collect();
    Findings {
        company: answers.company.name.clone(),
        entity: Some(assessment.entity),
        assessed_on: answers.assessed_on.clone(),
        score_tenths: assessment.score.percent_tenths,
        must_unmet,
        must_stale,
        should_open: assessment
            .gaps
            .iter()
            .filter(|g| g.requirement == Requirement::Should)
            .map(|g| g.id)
            .collect(),
        must_gaps: musts
            .map(|g| OpenGap {
                id: g.id,
                requirement: g.requirement,
                owner: g.owner.clone(),
                due: g.due.clone(),
            })
            .collect(),
    }
}

/// What became of a partner's answers file, as the edge hands it to [`roll_up`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    /// Scored.
    Scored(Findings),
    /// Could not be read, parsed or scored: the first problem, in English.
    Failed {
        /// Stable code of the problem.
        code: String,
        /// What went wrong.
        message: String,
    },
}

/// A partner's place in the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Its answers were scored.
    Assessed,
    /// CTPAT or MRA-recognised AEO: no questionnaire needed.
    ExemptCertified,
    /// No answers file (and no recognised certificate).
    Unassessed,
    /// Its answers file could not be loaded.
    Error,
}

impl Status {
    /// The id used in reports.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Status::Assessed => "assessed",
            Status::ExemptCertified => "exempt-certified",
            Status::Unassessed => "unassessed",
            Status::Error => "error",
        }
    }
}

/// Something about a partner the reader must know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Flag {
    /// A place of the partner has no threat rating: the unrated level was used.
    ThreatUnrated,
    /// A rating used is older than the staleness limit, or undated.
    ThreatStale,
    /// The certificate was checked longer ago than the staleness limit, or never.
    CertificateCheckStale,
    /// An AEO certificate of an administration CBP has no arrangement with.
    AeoNotRecognised,
    /// Some Must's evidence is stale.
    EvidenceStale,
    /// The answers file was filled in for another entity type than the partner's role, so
    /// other criteria were checked than its role calls for.
    RoleMismatch,
}

impl Flag {
    /// The id used in reports.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Flag::ThreatUnrated => "threat-unrated",
            Flag::ThreatStale => "threat-stale",
            Flag::CertificateCheckStale => "certificate-check-stale",
            Flag::AeoNotRecognised => "aeo-not-recognised",
            Flag::EvidenceStale => "evidence-stale",
            Flag::RoleMismatch => "role-mismatch",
        }
    }
}

/// What to ask of a partner next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Request {
    /// Send (or resend) the security questionnaire.
    Questionnaire,
    /// A corrective action plan for its open Musts, with owners and dates.
    CorrectiveAction,
    /// Current evidence for the Musts whose evidence is stale.
    FreshEvidence,
    /// An on-site or virtual audit.
    Audit,
    /// A plan for its open Shoulds.
    ImprovementPlan,
    /// Check its certificate again (SVI or the AEO database).
    CertificateCheck,
}

impl Request {
    /// The id used in reports.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Request::Questionnaire => "questionnaire",
            Request::CorrectiveAction => "corrective-action",
            Request::FreshEvidence => "fresh-evidence",
            Request::Audit => "audit",
            Request::ImprovementPlan => "improvement-plan",
            Request::CertificateCheck => "certificate-check",
        }
    }
}

/// One partner rolled up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Row {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its entity type.
    pub role: Entity,
    /// ISO country code.
    pub country: String,
    /// Region.
    pub region: Option<String>,
    /// Route points.
    pub route: Vec<Place>,
    /// Its status.
    pub status: Status,
    /// Its threat.
    pub threat: Level,
    /// The ratings its threat comes from (`CN`, `MX / Tamaulipas`), with their highest level.
    pub threat_basis: Vec<ThreatRef>,
    /// Its vulnerability.
    pub vulnerability: Rating,
    /// The conditions that set its vulnerability.
    pub conditions: Vec<Condition>,
    /// Its risk.
    pub risk: Rating,
    /// Yearly volume.
    pub volume: Option<u64>,
    /// Its certificate.
    pub certification: Option<Certification>,
    /// Its answers file, as the register names it.
    pub answers: Option<String>,
    /// Company named in the answers file.
    pub company: Option<String>,
    /// When it answered.
    pub assessed_on: Option<String>,
    /// Score in tenths of a percent.
    pub score_tenths: Option<u64>,
    /// Musts not met.
    #[schemars(with = "Vec<String>")]
    pub must_unmet: Vec<CriterionId>,
    /// Musts with stale evidence.
    #[schemars(with = "Vec<String>")]
    pub must_stale: Vec<CriterionId>,
    /// How many Shoulds are open.
    pub should_open: usize,
    /// For an `error` row: the problem.
    pub error: Option<String>,
    /// What the reader must know.
    pub flags: Vec<Flag>,
    /// Notes from the register.
    pub notes: Option<String>,
}

/// A threat rating a partner's threat was drawn from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ThreatRef {
    /// The place rated.
    pub place: String,
    /// Its highest rating.
    pub level: Level,
}

/// One partner's entry in the action plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Action {
    /// The partner.
    pub partner: String,
    /// Its name.
    pub name: String,
    /// Its risk.
    pub risk: Rating,
    /// What to ask of it, in order.
    pub requests: Vec<Request>,
    /// Its open Musts with owner and due date.
    pub gaps: Vec<OpenGap>,
    /// Its Musts whose evidence is stale: current evidence to request.
    #[schemars(with = "Vec<String>")]
    pub stale: Vec<CriterionId>,
}

/// The roll-up: every partner by risk, the matrix counts and the action plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct RollUp {
    /// The as-of date.
    pub as_of: String,
    /// Partners by risk (high first), then volume (largest first), then id.
    pub partners: Vec<Row>,
    /// Rated partners per cell: `matrix[threat][vulnerability]`, levels high, medium, low.
    pub matrix: [[usize; 3]; 3],
    /// How many partners have each risk.
    pub counts: Counts,
    /// The action plan: high-risk partners first.
    pub actions: Vec<Action>,
}

/// Partners per risk and status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, JsonSchema)]
pub struct Counts {
    /// All partners.
    pub partners: usize,
    /// High risk.
    pub high: usize,
    /// Medium risk.
    pub medium: usize,
    /// Low risk.
    pub low: usize,
    /// Exempt.
    pub exempt: usize,
    /// Unassessed.
    pub unassessed: usize,
    /// Files that failed.
    pub errors: usize,
}

/// Whether `date` is older than the rules' staleness limit at `as_of` (or missing).
fn stale(rules: &Rules, date: Option<Date>, as_of: Date) -> bool {
    date.is_none_or(|d| calendar::add_months(d, i32::from(rules.stale_after_months)) < as_of)
}

/// A partner's threat: the rules' threat rule over the ratings of its place and route.
fn threat_of(
    rules: &Rules,
    partner: &Partner,
    threats: &[Threat],
    as_of: Date,
) -> (Level, Vec<ThreatRef>, Vec<Flag>) {
    let mut flags = Vec::new();
    let mut basis = Vec::new();
    let mut level: Option<Level> = None;
    for place in std::iter::once(&partner.place).chain(&partner.route) {
        let mut rated = false;
        for t in threats.iter().filter(|t| place.rated_by(&t.place)) {
            rated = true;
            let high = t.highest();
            level = level.max(Some(high));
            if stale(rules, t.rated_on, as_of) && !flags.contains(&Flag::ThreatStale) {
                flags.push(Flag::ThreatStale);
            }
            let shown = t.place.shown();
            if !basis.iter().any(|b: &ThreatRef| b.place == shown) {
                basis.push(ThreatRef {
                    place: shown,
                    level: high,
                });
            }
        }
        if !rated {
            level = level.max(Some(rules.unrated_threat));
            if !flags.contains(&Flag::ThreatUnrated) {
                flags.push(Flag::ThreatUnrated);
            }
        }
    }
    (level.unwrap_or(rules.unrated_threat), basis, flags)
}

/// Rolls the partners up: threat, vulnerability and risk of each, the matrix and the
/// action plan. `loaded` holds, by partner id, what became of each answers file; a partner
/// with an answers file and no entry is treated as unassessed.
#[must_use]
pub fn roll_up(
    rules: &Rules,
    register: &Register,
    threats: &[Threat],
    loaded: &BTreeMap<String, Loaded>,
    as_of: Date,
) -> RollUp {
    let mut rows: Vec<Row> = register
        .partners
        .iter()
        .map(|p| row(rules, p, threats, loaded.get(&p.id), as_of))
        .collect();
    rows.sort_by(|a, b| {
        risk_rank(b.risk)
            .cmp(&risk_rank(a.risk))
            .then(b.volume.cmp(&a.volume))
            .then(a.id.cmp(&b.id))
    });
    let mut matrix = [[0usize; 3]; 3];
    let mut counts = Counts {
        partners: rows.len(),
        ..Counts::default()
    };
    for r in &rows {
        if let Rating::Level(v) = r.vulnerability {
            matrix[cell(r.threat)][cell(v)] += 1;
        }
        match r.risk {
            Rating::Exempt => counts.exempt += 1,
            Rating::Level(Level::High) => counts.high += 1,
            Rating::Level(Level::Medium) => counts.medium += 1,
            Rating::Level(Level::Low) => counts.low += 1,
        }
        match r.status {
            Status::Unassessed => counts.unassessed += 1,
            Status::Error => counts.errors += 1,
            Status::Assessed | Status::ExemptCertified => {}
        }
    }
    let actions = rows
        .iter()
        .filter_map(|r| action(r, loaded.get(&r.id)))
        .collect();
    RollUp {
        as_of: as_of.to_string(),
        partners: rows,
        matrix,
        counts,
        actions,
    }
}

/// The matrix index of a level: high 0, medium 1, low 2.
fn cell(level: Level) -> usize {
    match level {
        Level::High => 0,
        Level::Medium => 1,
        Level::Low => 2,
    }
}

/// Sort key of a risk: exempt below low.
fn risk_rank(r: Rating) -> u8 {
    match r {
        Rating::Exempt => 0,
        Rating::Level(Level::Low) => 1,
        Rating::Level(Level::Medium) => 2,
        Rating::Level(Level::High) => 3,
    }
}

fn row(
    rules: &Rules,
    p: &Partner,
    threats: &[Threat],
    loaded: Option<&Loaded>,
    as_of: Date,
) -> Row {
    let (threat, threat_basis, mut flags) = threat_of(rules, p, threats, as_of);
    let recognised = p
        .certification
        .as_ref()
        .is_some_and(|c| match &c.programme {
            Programme::Ctpat => true,
            Programme::Aeo { customs } => rules.recognises(customs),
        });
    if let Some(c) = &p.certification {
        if !recognised {
            flags.push(Flag::AeoNotRecognised);
        } else if stale(rules, c.checked_on, as_of) {
            flags.push(Flag::CertificateCheckStale);
        }
    }
    let findings = match loaded {
        Some(Loaded::Scored(f)) => Some(f),
        _ => None,
    };
    let error = match loaded {
        Some(Loaded::Failed { message, .. }) => Some(message.clone()),
        _ => None,
    };
    let (status, conditions) = if recognised {
        (Status::ExemptCertified, Vec::new())
    } else if let Some(f) = findings {
        (Status::Assessed, f.conditions())
    } else if p.answers.is_some() && error.is_some() {
        (Status::Error, vec![Condition::LoadError])
    } else {
        (Status::Unassessed, vec![Condition::Unassessed])
    };
    if findings.is_some_and(|f| !f.must_stale.is_empty()) {
        flags.push(Flag::EvidenceStale);
    }
    if findings.is_some_and(|f| f.entity.is_some_and(|e| e != p.role)) {
        flags.push(Flag::RoleMismatch);
    }
    flags.sort();
    let (vulnerability, risk) = if recognised {
        (Rating::Exempt, Rating::Exempt)
    } else {
        let v = rules.vulnerability_of(&conditions);
        (Rating::Level(v), Rating::Level(rules.risk(threat, v)))
    };
    Row {
        id: p.id.clone(),
        name: p.name.clone(),
        role: p.role,
        country: p.place.country.clone(),
        region: p.place.region.clone(),
        route: p.route.clone(),
        status,
        threat,
        threat_basis,
        vulnerability,
        conditions,
        risk,
        volume: p.volume,
        certification: p.certification.clone(),
        answers: p.answers.clone(),
        company: findings.map(|f| f.company.clone()),
        assessed_on: findings.and_then(|f| f.assessed_on.clone()),
        score_tenths: findings.map(|f| f.score_tenths),
        must_unmet: findings.map(|f| f.must_unmet.clone()).unwrap_or_default(),
        must_stale: findings.map(|f| f.must_stale.clone()).unwrap_or_default(),
        should_open: findings.map_or(0, |f| f.should_open.len()),
        error,
        flags,
        notes: p.notes.clone(),
    }
}

/// A partner's entry in the action plan: high- and medium-risk partners, and exempt ones
/// whose certificate needs checking again.
fn action(r: &Row, loaded: Option<&Loaded>) -> Option<Action> {
    let mut requests = Vec::new();
    match r.risk {
        Rating::Exempt => {
            if r.flags.contains(&Flag::CertificateCheckStale) {
                requests.push(Request::CertificateCheck);
            }
        }
        Rating::Level(Level::Low) => return None,
        Rating::Level(level) => {
            if matches!(r.status, Status::Unassessed | Status::Error) {
                requests.push(Request::Questionnaire);
            }
            if !r.must_unmet.is_empty() {
                requests.push(Request::CorrectiveAction);
            }
            if !r.must_stale.is_empty() {
                requests.push(Request::FreshEvidence);
            }
            if level == Level::High && r.status == Status::Assessed {
                requests.push(Request::Audit);
            }
            if r.must_unmet.is_empty() && r.should_open > 0 {
                requests.push(Request::ImprovementPlan);
            }
        }
    }
    if requests.is_empty() {
        return None;
    }
    let gaps = match loaded {
        Some(Loaded::Scored(f)) => f.must_gaps.clone(),
        _ => Vec::new(),
    };
    Some(Action {
        partner: r.id.clone(),
        name: r.name.clone(),
        risk: r.risk,
        requests,
        gaps,
        stale: r.must_stale.clone(),
    })
}

#[cfg(test)]
mod tests;
