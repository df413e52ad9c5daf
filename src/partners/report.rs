//! The partners report (`ctpat-partners-report/1`): the roll-up with the as-of date, the rules
//! used and every input's SHA-256 (step 5 of CBP's guide), as data first; JSON is its serde
//! form, Markdown and the terminal text render it in the language of the run.

use super::rules::{Condition, Rules};
use super::{Action, Counts, Flag, Level, Rating, Request, RollUp, Row, Status, Threat};
use crate::messages::Messages;
use crate::report::markdown::escape;
use crate::report::Generator;
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The format tag of the report.
pub const FORMAT_TAG: &str = "ctpat-partners-report/1";

/// The partners report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(
    title = "ctpat partners report (ctpat-partners-report/1)",
    description = "CBP's 5-step risk assessment over a member's business partners: each partner's threat, vulnerability and risk, the risk matrix, the action plan, the rules used and every input's SHA-256. See docs/partners.md."
)]
pub struct PartnersReport {
    /// Always `ctpat-partners-report/1`.
    pub format: &'static str,
    /// The program that wrote it.
    pub generated_by: Generator,
    /// The as-of date (`YYYY-MM-DD`): staleness is judged on it.
    pub as_of: String,
    /// The member, from the register.
    pub company: Option<String>,
    /// Partners per risk and status.
    pub counts: Counts,
    /// Rated partners per cell: `matrix[threat][vulnerability]`, levels high, medium, low.
    pub matrix: [[usize; 3]; 3],
    /// The partners, by risk.
    pub partners: Vec<Row>,
    /// The action plan.
    pub actions: Vec<Action>,
    /// The threat ratings used.
    pub threats: Vec<ThreatPart>,
    /// The rules used.
    pub rules: RulesPart,
    /// Every input and its SHA-256.
    pub inputs: Vec<Input>,
    /// The entity types' names, for the renderings.
    #[serde(skip)]
    #[schemars(skip)]
    pub role_names: BTreeMap<crate::criteria::Entity, crate::text::Text>,
}

/// A threat rating as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ThreatPart {
    /// `CN` or `MX / Tamaulipas`.
    pub place: String,
    /// Level per category.
    pub ratings: BTreeMap<String, Level>,
    /// The highest.
    pub highest: Level,
    /// When rated.
    pub rated_on: Option<String>,
    /// Older than the staleness limit, or undated.
    pub stale: bool,
    /// Sources.
    pub sources: Vec<String>,
}

/// The rules as the report prints them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct RulesPart {
    /// The rules' version.
    pub version: String,
    /// The rules, whole.
    #[serde(flatten)]
    #[schemars(with = "serde_json::Value")]
    pub rules: Rules,
}

/// An input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Input {
    /// `register`, `threats`, `rules`, `criteria` or `answers`.
    pub role: &'static str,
    /// The path as given (answers: relative to the register), or `<embedded ...>`.
    pub path: String,
    /// SHA-256, lower-case hex.
    pub sha256: String,
}

impl PartnersReport {
    /// The report of `roll_up` made with `rules` over `threats`, with `inputs` hashed by the
    /// caller.
    #[must_use]
    pub fn build(
        roll_up: RollUp,
        company: Option<String>,
        rules: &Rules,
        threats: &[Threat],
        inputs: Vec<Input>,
        catalog: &crate::criteria::Catalog,
    ) -> PartnersReport {
        let role_names = catalog
            .entities
            .iter()
            .map(|e| (e.id, e.name.clone()))
            .collect();
        let as_of = crate::calendar::date(&roll_up.as_of);
        let threats = threats
            .iter()
            .map(|t| ThreatPart {
                place: t.place.shown(),
                ratings: t.ratings.clone(),
                highest: t.highest(),
                rated_on: t.rated_on.map(|d| d.to_string()),
                stale: as_of.is_some_and(|a| super::stale(rules, t.rated_on, a)),
                sources: t.sources.clone(),
            })
            .collect();
        PartnersReport {
            format: FORMAT_TAG,
            generated_by: Generator {
                name: "ctpat",
                version: env!("CARGO_PKG_VERSION"),
            },
            as_of: roll_up.as_of,
            company,
            counts: roll_up.counts,
            matrix: roll_up.matrix,
            partners: roll_up.partners,
            actions: roll_up.actions,
            threats,
            rules: RulesPart {
                version: rules.version.clone(),
                rules: rules.clone(),
            },
            inputs,
            role_names,
        }
    }

    /// Whether any partner's risk is at least `level`.
    #[must_use]
    pub fn any_at_least(&self, level: Level) -> bool {
        self.partners
            .iter()
            .any(|p| matches!(p.risk, Rating::Level(l) if l >= level))
    }
}

/// The JSON Schema of the report.
#[must_use]
pub fn json_schema() -> serde_json::Value {
    schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<PartnersReport>()
        .to_value()
}

// ---- words ------------------------------------------------------------------------------

/// `text (note)`, with full-width brackets in Chinese.
#[must_use]
pub fn noted(msg: &Messages, text: &str, note: &str) -> String {
    crate::diagnostic::fill(msg.get("partners:noted"), &[("text", text), ("note", note)])
}

/// An action plan's head line: the partner, its risk and what to request.
#[must_use]
pub fn action_line(msg: &Messages, partner: &str, risk: Rating, requests: &[&str]) -> String {
    let key = if risk == Rating::Exempt {
        "partners:action-exempt"
    } else {
        "partners:action"
    };
    crate::diagnostic::fill(
        msg.get(key),
        &[
            ("partner", partner),
            ("risk", rating(msg, risk)),
            ("requests", &msg.list(requests)),
        ],
    )
}

/// A rating in words.
#[must_use]
pub fn rating(msg: &Messages, r: Rating) -> &str {
    msg.get(match r {
        Rating::Exempt => "partners:level-exempt",
        Rating::Level(Level::High) => "partners:level-high",
        Rating::Level(Level::Medium) => "partners:level-medium",
        Rating::Level(Level::Low) => "partners:level-low",
    })
}

/// A level in words.
#[must_use]
pub fn level(msg: &Messages, l: Level) -> &str {
    rating(msg, Rating::Level(l))
}

/// A status in words.
#[must_use]
pub fn status(msg: &Messages, s: Status) -> &str {
    msg.get(match s {
        Status::Assessed => "partners:status-assessed",
        Status::ExemptCertified => "partners:status-exempt-certified",
        Status::Unassessed => "partners:status-unassessed",
        Status::Error => "partners:status-error",
    })
}

/// A flag in words.
#[must_use]
pub fn flag(msg: &Messages, f: Flag) -> &str {
    msg.get(match f {
        Flag::ThreatUnrated => "partners:flag-threat-unrated",
        Flag::ThreatStale => "partners:flag-threat-stale",
        Flag::CertificateCheckStale => "partners:flag-certificate-check-stale",
        Flag::AeoNotRecognised => "partners:flag-aeo-not-recognised",
        Flag::EvidenceStale => "partners:flag-evidence-stale",
        Flag::RoleMismatch => "partners:flag-role-mismatch",
    })
}

/// A request in words.
#[must_use]
pub fn request(msg: &Messages, r: Request) -> &str {
    msg.get(match r {
        Request::Questionnaire => "partners:request-questionnaire",
        Request::CorrectiveAction => "partners:request-corrective-action",
        Request::FreshEvidence => "partners:request-fresh-evidence",
        Request::Audit => "partners:request-audit",
        Request::ImprovementPlan => "partners:request-improvement-plan",
        Request::CertificateCheck => "partners:request-certificate-check",
    })
}

/// A vulnerability condition in words.
#[must_use]
pub fn condition(msg: &Messages, c: Condition) -> &str {
    msg.get(match c {
        Condition::Unassessed => "partners:condition-unassessed",
        Condition::LoadError => "partners:condition-load-error",
        Condition::MustUnmet => "partners:condition-must-unmet",
        Condition::MustEvidenceStale => "partners:condition-must-evidence-stale",
        Condition::ShouldOpen => "partners:condition-should-open",
    })
}

/// A threat category in words.
#[must_use]
pub fn category<'m>(msg: &'m Messages, id: &'m str) -> &'m str {
    msg.template(&format!("partners:threat-{id}")).unwrap_or(id)
}

/// A partner's role in words (the entity type's id when the catalog has no name for it).
#[must_use]
pub fn role(r: &PartnersReport, msg: &Messages, e: crate::criteria::Entity) -> String {
    r.role_names
        .get(&e)
        .map_or_else(|| e.id().to_string(), |t| t.get(msg.lang()).to_string())
}

/// The flags of a row, joined.
#[must_use]
pub fn flags(msg: &Messages, row: &Row) -> String {
    let words: Vec<&str> = row.flags.iter().map(|f| flag(msg, *f)).collect();
    msg.list(&words)
}

/// The certificate of a row in words, e.g. `CTPAT 1234, checked 2026-05-01`.
#[must_use]
pub fn certificate(msg: &Messages, row: &Row) -> Option<String> {
    let c = row.certification.as_ref()?;
    let programme = match &c.programme {
        super::Programme::Ctpat => "CTPAT".to_string(),
        super::Programme::Aeo { customs } => format!("AEO {customs}"),
    };
    let number = c
        .number
        .as_deref()
        .map(|n| format!(" {n}"))
        .unwrap_or_default();
    let checked = c.checked_on.map_or_else(
        || msg.get("partners:never-checked").to_string(),
        |d| crate::diagnostic::fill(msg.get("partners:checked-on"), &[("date", d.to_string())]),
    );
    Some(noted(msg, &format!("{programme}{number}"), &checked))
}

/// The rules in sentences, for the step 5 section of every rendering.
#[must_use]
pub fn rule_lines(r: &PartnersReport, msg: &Messages) -> Vec<String> {
    let rules = &r.rules.rules;
    let fill = |key: &str, args: &[(&str, String)]| crate::diagnostic::fill(msg.get(key), args);
    let cats: Vec<&str> = rules
        .threat_categories
        .iter()
        .map(|c| category(msg, c))
        .collect();
    let mut lines = vec![
        fill(
            "partners:rule-categories",
            &[("categories", msg.list(&cats))],
        ),
        fill(
            "partners:rule-threat",
            &[("unrated", level(msg, rules.unrated_threat).to_string())],
        ),
    ];
    for (c, l) in &rules.vulnerability {
        lines.push(fill(
            "partners:rule-vulnerability",
            &[
                ("condition", condition(msg, *c).to_string()),
                ("level", level(msg, *l).to_string()),
            ],
        ));
    }
    lines.push(msg.get("partners:rule-vulnerability-low").to_string());
    lines.push(fill(
        "partners:rule-stale",
        &[("months", rules.stale_after_months.to_string())],
    ));
    let mra = &rules.mutual_recognition;
    let list: Vec<String> = mra
        .arrangements
        .iter()
        .map(|a| noted(msg, &a.customs, &a.signed))
        .collect();
    lines.push(fill(
        "partners:rule-mra",
        &[
            ("list", msg.list(&list)),
            ("as_of", mra.as_of.clone()),
            ("confidence", mra.confidence.clone()),
            ("sources", msg.list(&mra.sources)),
        ],
    ));
    lines.push(mra.note.get(msg.lang()).to_string());
    lines
}

// ---- Markdown ---------------------------------------------------------------------------

fn md_row(s: &mut String, cells: &[String]) {
    let _ = writeln!(s, "| {} |", cells.join(" | "));
}

fn md_header(s: &mut String, cells: &[&str]) {
    let _ = writeln!(s, "| {} |", cells.join(" | "));
    let _ = writeln!(s, "|{}", "---|".repeat(cells.len()));
}

/// The report as Markdown, in `msg`'s language. Every value from a file is escaped.
#[must_use]
pub fn markdown(r: &PartnersReport, msg: &Messages) -> String {
    let mut s = String::new();
    let t = |k: &str| msg.get(k).to_string();
    let _ = writeln!(s, "# {}", t("partners:title"));
    let _ = writeln!(s);
    if let Some(company) = &r.company {
        let _ = writeln!(
            s,
            "- {}",
            msg.labelled("partners:company", &escape(company))
        );
    }
    let _ = writeln!(s, "- {}", msg.labelled("partners:as-of", &r.as_of));
    let _ = writeln!(
        s,
        "- {}",
        msg.labelled("partners:rules-version", &r.rules.version)
    );
    let _ = writeln!(s, "- {}", summary_line(r, msg));
    let _ = writeln!(s);
    let _ = writeln!(s, "## {}", t("partners:matrix"));
    let _ = writeln!(s);
    let mut head = vec![t("partners:threat-vs-vulnerability")];
    head.extend(
        [Level::High, Level::Medium, Level::Low]
            .iter()
            .map(|l| level(msg, *l).to_string()),
    );
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    md_header(&mut s, &head);
    for (i, threat) in [Level::High, Level::Medium, Level::Low].iter().enumerate() {
        let mut cells = vec![format!("**{}**", level(msg, *threat))];
        for (j, vuln) in [Level::High, Level::Medium, Level::Low].iter().enumerate() {
            let risk = r.rules.rules.risk(*threat, *vuln);
            cells.push(noted(msg, &r.matrix[i][j].to_string(), level(msg, risk)));
        }
        md_row(&mut s, &cells);
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "{}", t("partners:matrix-legend"));
    let _ = writeln!(s);
    let _ = writeln!(s, "## {}", t("partners:by-risk"));
    let _ = writeln!(s);
    md_header(
        &mut s,
        &[
            msg.get("partners:col-risk"),
            msg.get("partners:col-partner"),
            msg.get("partners:col-role"),
            msg.get("partners:col-country"),
            msg.get("partners:col-status"),
            msg.get("partners:col-threat"),
            msg.get("partners:col-vulnerability"),
            msg.get("partners:col-notes"),
        ],
    );
    for p in &r.partners {
        let mut notes = Vec::new();
        if let Some(c) = certificate(msg, p) {
            notes.push(escape(&c));
        }
        if !p.must_unmet.is_empty() {
            notes.push(crate::diagnostic::fill(
                msg.get("partners:musts-unmet"),
                &[("count", p.must_unmet.len().to_string())],
            ));
        }
        if !p.flags.is_empty() {
            notes.push(flags(msg, p));
        }
        if let Some(e) = &p.error {
            notes.push(escape(e));
        }
        if let Some(n) = &p.notes {
            notes.push(escape(n));
        }
        md_row(
            &mut s,
            &[
                format!("**{}**", rating(msg, p.risk)),
                noted(msg, &escape(&p.name), &escape(&p.id)),
                role(r, msg, p.role),
                escape(&location(p)),
                status(msg, p.status).to_string(),
                level(msg, p.threat).to_string(),
                rating(msg, p.vulnerability).to_string(),
                notes.join(msg.get("partners:sep")),
            ],
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "## {}", t("partners:action-plan"));
    let _ = writeln!(s);
    if r.actions.is_empty() {
        let _ = writeln!(s, "{}", t("partners:no-actions"));
    }
    for a in &r.actions {
        let requests: Vec<&str> = a.requests.iter().map(|q| request(msg, *q)).collect();
        let partner = format!("**{}**", noted(msg, &escape(&a.name), &escape(&a.partner)));
        let _ = writeln!(s, "- {}", action_line(msg, &partner, a.risk, &requests));
        for g in &a.gaps {
            let _ = writeln!(s, "  - {}", gap_line(msg, g, true));
        }
        if let Some(line) = stale_line(msg, a) {
            let _ = writeln!(s, "  - {line}");
        }
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "## {}", t("partners:threats"));
    let _ = writeln!(s);
    if r.threats.is_empty() {
        let _ = writeln!(s, "{}", t("partners:no-threats"));
    } else {
        md_header(
            &mut s,
            &[
                msg.get("partners:col-place"),
                msg.get("partners:col-highest"),
                msg.get("partners:col-ratings"),
                msg.get("partners:col-rated-on"),
                msg.get("partners:col-sources"),
            ],
        );
        for th in &r.threats {
            md_row(
                &mut s,
                &[
                    escape(&th.place),
                    level(msg, th.highest).to_string(),
                    ratings_text(r, msg, th),
                    rated_on(msg, th),
                    escape(&th.sources.join(msg.get("partners:sep"))),
                ],
            );
        }
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "## {}", t("partners:method"));
    let _ = writeln!(s);
    for line in rule_lines(r, msg) {
        let _ = writeln!(s, "- {}", escape(&line));
    }
    let _ = writeln!(s);
    md_header(
        &mut s,
        &[
            msg.get("partners:col-input"),
            msg.get("partners:col-file"),
            "SHA-256",
        ],
    );
    for i in &r.inputs {
        md_row(
            &mut s,
            &[
                input_role(msg, i.role).to_string(),
                escape(&i.path),
                format!("`{}`", i.sha256),
            ],
        );
    }
    s
}

/// `CN / Guangdong` and the route, e.g. `MX / Tamaulipas → US / Laredo`.
#[must_use]
pub fn location(p: &Row) -> String {
    let here = super::Place {
        country: p.country.clone(),
        region: p.region.clone(),
    };
    std::iter::once(here.shown())
        .chain(p.route.iter().map(super::Place::shown))
        .collect::<Vec<_>>()
        .join(" → ")
}

/// A gap of the action plan: `4.1, owner: ..., due ...`.
#[must_use]
pub fn gap_line(msg: &Messages, g: &super::OpenGap, markdown: bool) -> String {
    let e = |s: &str| if markdown { escape(s) } else { s.to_string() };
    let mut line = crate::diagnostic::fill(msg.get("partners:gap"), &[("id", g.id.to_string())]);
    if let Some(o) = &g.owner {
        line.push_str(msg.get("partners:sep"));
        line.push_str(&msg.labelled("partners:owner", &e(o)));
    }
    match &g.due {
        Some(d) => {
            line.push_str(msg.get("partners:sep"));
            line.push_str(&msg.labelled("partners:due", &e(d)));
        }
        None => {
            line.push_str(msg.get("partners:sep"));
            line.push_str(msg.get("partners:no-due"));
        }
    }
    line
}

/// The Musts of an action whose evidence is stale, in a line: `evidence stale: 6.1, 6.2`.
#[must_use]
pub fn stale_line(msg: &Messages, a: &Action) -> Option<String> {
    if a.stale.is_empty() {
        return None;
    }
    let ids: Vec<String> = a.stale.iter().map(ToString::to_string).collect();
    Some(msg.labelled("partners:stale-musts", &msg.list(&ids)))
}

/// A threat's ratings in the rules' order of categories: `terrorism: low, theft: high`.
#[must_use]
pub fn ratings_text(r: &PartnersReport, msg: &Messages, t: &ThreatPart) -> String {
    let order = &r.rules.rules.threat_categories;
    let mut ratings: Vec<(&String, &Level)> = t.ratings.iter().collect();
    ratings.sort_by_key(|(c, _)| order.iter().position(|o| o == *c));
    let parts: Vec<String> = ratings
        .into_iter()
        .map(|(c, l)| {
            msg.get("text:labelled")
                .replacen("{label}", category(msg, c), 1)
                .replacen("{value}", level(msg, *l), 1)
        })
        .collect();
    msg.list(&parts)
}

/// The rating date, marked when stale.
#[must_use]
pub fn rated_on(msg: &Messages, t: &ThreatPart) -> String {
    let date = t
        .rated_on
        .clone()
        .unwrap_or_else(|| msg.get("partners:undated").to_string());
    if t.stale {
        noted(msg, &date, msg.get("partners:stale"))
    } else {
        date
    }
}

/// An input's role in words.
#[must_use]
pub fn input_role<'m>(msg: &'m Messages, role: &str) -> &'m str {
    msg.get(match role {
        "register" => "partners:input-register",
        "threats" => "partners:input-threats",
        "rules" => "partners:input-rules",
        "criteria" => "partners:input-criteria",
        _ => "partners:input-answers",
    })
}

/// `12 partners: 3 high, 4 medium, 3 low, 2 exempt`.
#[must_use]
pub fn summary_line(r: &PartnersReport, msg: &Messages) -> String {
    let c = &r.counts;
    crate::diagnostic::fill(
        msg.get("partners:summary"),
        &[
            ("count", c.partners.to_string()),
            ("high", c.high.to_string()),
            ("medium", c.medium.to_string()),
            ("low", c.low.to_string()),
            ("exempt", c.exempt.to_string()),
            ("unassessed", c.unassessed.to_string()),
            ("errors", c.errors.to_string()),
        ],
    )
}

// ---- terminal ---------------------------------------------------------------------------

/// The matrix, the partners by risk and the action plan for a terminal, `width` columns
/// (fitted when `None`). Text from files is made inert.
#[must_use]
pub fn terminal(r: &PartnersReport, msg: &Messages, width: Option<u16>) -> String {
    use comfy_table::Cell;
    let mut s = String::new();
    let _ = writeln!(s, "{}", msg.get("partners:title"));
    if let Some(company) = &r.company {
        let _ = writeln!(s, "{}", msg.labelled("partners:company", company));
    }
    let _ = writeln!(s, "{}", msg.labelled("partners:as-of", &r.as_of));
    let _ = writeln!(s, "{}", summary_line(r, msg));
    let _ = writeln!(s);
    let _ = writeln!(s, "{}", msg.get("partners:matrix"));
    let mut m = crate::report::terminal::table(width);
    let mut head = vec![Cell::new(msg.get("partners:threat-vs-vulnerability"))];
    head.extend(
        [Level::High, Level::Medium, Level::Low]
            .iter()
            .map(|l| Cell::new(level(msg, *l))),
    );
    m.set_header(head);
    for (i, threat) in [Level::High, Level::Medium, Level::Low].iter().enumerate() {
        let mut row = vec![Cell::new(level(msg, *threat))];
        for (j, vuln) in [Level::High, Level::Medium, Level::Low].iter().enumerate() {
            let risk = r.rules.rules.risk(*threat, *vuln);
            row.push(Cell::new(noted(
                msg,
                &r.matrix[i][j].to_string(),
                level(msg, risk),
            )));
        }
        m.add_row(row);
    }
    let _ = writeln!(s, "{m}");
    let _ = writeln!(s);
    let _ = writeln!(s, "{}", msg.get("partners:by-risk"));
    let mut t = crate::report::terminal::table(width);
    t.set_header(vec![
        msg.get("partners:col-risk"),
        msg.get("partners:col-partner"),
        msg.get("partners:col-country"),
        msg.get("partners:col-status"),
        msg.get("partners:col-threat"),
        msg.get("partners:col-vulnerability"),
        msg.get("partners:col-notes"),
    ]);
    for p in &r.partners {
        let mut notes = Vec::new();
        if !p.must_unmet.is_empty() {
            notes.push(crate::diagnostic::fill(
                msg.get("partners:musts-unmet"),
                &[("count", p.must_unmet.len().to_string())],
            ));
        }
        if !p.flags.is_empty() {
            notes.push(flags(msg, p));
        }
        if let Some(e) = &p.error {
            notes.push(e.clone());
        }
        t.add_row(vec![
            rating(msg, p.risk).to_string(),
            format!("{}\n{}", p.id, p.name),
            location(p),
            status(msg, p.status).to_string(),
            level(msg, p.threat).to_string(),
            rating(msg, p.vulnerability).to_string(),
            notes.join("\n"),
        ]);
    }
    let _ = writeln!(s, "{t}");
    let _ = writeln!(s);
    let _ = writeln!(s, "{}", msg.get("partners:action-plan"));
    if r.actions.is_empty() {
        let _ = writeln!(s, "  {}", msg.get("partners:no-actions"));
    }
    for a in &r.actions {
        let requests: Vec<&str> = a.requests.iter().map(|q| request(msg, *q)).collect();
        let partner = format!("{} {}", a.partner, a.name);
        let _ = writeln!(s, "  {}", action_line(msg, &partner, a.risk, &requests));
        for g in &a.gaps {
            let _ = writeln!(s, "    - {}", gap_line(msg, g, false));
        }
        if let Some(line) = stale_line(msg, a) {
            let _ = writeln!(s, "    - {line}");
        }
    }
    crate::text::inert_except(&s, &['\n']).into_owned()
}

/// The report as one self-contained HTML page (see [`super::html`]).
///
/// # Errors
/// When the template fails to render.
pub fn html(r: &PartnersReport, msg: &Messages) -> Result<String, askama::Error> {
    super::html::render(r, msg)
}
