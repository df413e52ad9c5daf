//! The rules of the partner roll-up as data (`criteria/partners.yaml`,
//! `ctpat-partner-rules/1`): threat categories, the threat and vulnerability rules, the 3 x 3
//! risk matrix, when a rating or a certificate check is stale, and CBP's mutual recognition
//! arrangements. Shipped inside the binary and printed in every partners report.

use super::Level;
use crate::diagnostic::{Diagnostic, Invalid, Source};
use crate::text::Text;
use crate::yaml::{location, Spanned};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The format tag of the rules file.
pub const FORMAT_TAG: &str = "ctpat-partner-rules/1";

/// The shipped rules' file name and text.
pub const SHIPPED: (&str, &str) = (
    "criteria/partners.yaml",
    include_str!("../../criteria/partners.yaml"),
);

/// The shipped rules in their compiled form (the validated [`Rules`] as JSON), generated from
/// the YAML by the test `compiled_partner_rules_match_the_yaml` (`CTPAT_BLESS=1 cargo test --lib
/// compiled`), which fails when it is stale: a run only deserializes data already checked.
const COMPILED: &str = include_str!("../../criteria/compiled/partners.json");

/// A condition of a partner's answers that raises its vulnerability.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Condition {
    /// No answers file and no recognised certificate.
    Unassessed,
    /// The answers file could not be read or scored.
    LoadError,
    /// An applicable Must is not met.
    MustUnmet,
    /// An applicable Must's evidence is stale.
    MustEvidenceStale,
    /// Every Must is met and some Should is open.
    ShouldOpen,
}

impl Condition {
    /// Every condition, in the order reports list them.
    pub const ALL: [Condition; 5] = [
        Condition::Unassessed,
        Condition::LoadError,
        Condition::MustUnmet,
        Condition::MustEvidenceStale,
        Condition::ShouldOpen,
    ];

    /// The id used in files and reports.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Condition::Unassessed => "unassessed",
            Condition::LoadError => "load-error",
            Condition::MustUnmet => "must-unmet",
            Condition::MustEvidenceStale => "must-evidence-stale",
            Condition::ShouldOpen => "should-open",
        }
    }
}

/// How a partner's threat is drawn from the ratings that concern it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ThreatRule {
    /// The highest rating of any category, over every place of the partner.
    Highest,
}

/// A customs administration whose AEO programme CBP recognises.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Arrangement {
    /// The customs administration: an ISO 3166 country code, or `EU`.
    pub customs: String,
    /// When the arrangement was signed (`YYYY-MM`).
    pub signed: String,
}

/// A customs administration whose AEO programme is known not to be recognised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotRecognised {
    /// The customs administration.
    pub customs: String,
    /// Why it is listed.
    pub reason: String,
}

/// CBP's mutual recognition arrangements, as dated and sourced data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MutualRecognition {
    /// The month the list was last checked (`YYYY-MM`).
    pub as_of: String,
    /// How sure the list is: `verified` (named sources agree) or `believed`.
    pub confidence: String,
    /// Where the list comes from.
    pub sources: Vec<String>,
    /// What a reader must know about the list.
    pub note: Text,
    /// The arrangements.
    pub arrangements: Vec<Arrangement>,
    /// Administrations known not to be on the list.
    #[serde(default)]
    pub not_recognised: Vec<NotRecognised>,
}

/// The rules of the partner roll-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "ctpat partner rules (ctpat-partner-rules/1)",
    description = "The rules of `ctpat partners assess`: threat categories, threat and vulnerability rules, the risk matrix, staleness and CBP's mutual recognition arrangements. See docs/partners.md."
)]
pub struct Rules {
    /// Always `ctpat-partner-rules/1`.
    pub format: String,
    /// The rules' version (`YYYY.MM`).
    pub version: String,
    /// The categories a threat rating covers.
    pub threat_categories: Vec<String>,
    /// How a partner's threat is drawn from its ratings.
    pub threat: ThreatRule,
    /// The threat of a place nobody rated.
    pub unrated_threat: Level,
    /// The level each condition raises a partner's vulnerability to (low when none holds).
    pub vulnerability: BTreeMap<Condition, Level>,
    /// Risk by threat (rows) and vulnerability (columns).
    pub matrix: BTreeMap<Level, BTreeMap<Level, Level>>,
    /// A rating or a certificate check older than this many months is stale.
    pub stale_after_months: u16,
    /// CBP's mutual recognition arrangements.
    pub mutual_recognition: MutualRecognition,
}

impl Rules {
    /// The shipped rules.
    ///
    /// # Panics
    /// Never for a built binary: a unit test loads the shipped file.
    #[must_use]
    pub fn shipped() -> Rules {
        if let Ok(rules) = serde_json::from_str(COMPILED) {
            return rules;
        }
        let (name, text) = SHIPPED;
        match load(&Source::new(format!("<embedded {name}>"), text)) {
            Ok(rules) => rules,
            Err(e) => unreachable!("the shipped partner rules are checked by a test: {e}"),
        }
    }

    /// The risk of a partner with this threat and vulnerability.
    #[must_use]
    pub fn risk(&self, threat: Level, vulnerability: Level) -> Level {
        self.matrix
            .get(&threat)
            .and_then(|row| row.get(&vulnerability))
            .copied()
            .unwrap_or(Level::High)
    }

    /// The vulnerability of a partner for which `holds` conditions hold.
    #[must_use]
    pub fn vulnerability_of(&self, holds: &[Condition]) -> Level {
        holds
            .iter()
            .filter_map(|c| self.vulnerability.get(c).copied())
            .max()
            .unwrap_or(Level::Low)
    }

    /// Whether an AEO certificate of `customs` counts under a mutual recognition arrangement.
    #[must_use]
    pub fn recognises(&self, customs: &str) -> bool {
        self.mutual_recognition
            .arrangements
            .iter()
            .any(|a| a.customs == customs)
    }
}

/// Where the sections of a rules file are written, so a finding about one points at it.
#[derive(Deserialize)]
struct Sections {
    format: Option<Spanned<serde::de::IgnoredAny>>,
    threat_categories: Option<Spanned<serde::de::IgnoredAny>>,
    vulnerability: Option<Spanned<serde::de::IgnoredAny>>,
    matrix: Option<Spanned<serde::de::IgnoredAny>>,
}

/// Parses and checks a rules file: every condition given a level, a full and monotone
/// matrix (a higher threat or vulnerability never gives a lower risk). Each finding names
/// the line of the section it is about, in both languages.
///
/// # Errors
/// [`Invalid`] with every problem found.
pub fn load(source: &Source) -> Result<Rules, Invalid> {
    let rules: Rules = crate::yaml::parse(&source.text).map_err(|d| Invalid {
        file: source.clone(),
        diagnostics: vec![d],
    })?;
    let sections: Option<Sections> = crate::yaml::parse(&source.text).ok();
    let at = |pick: fn(&Sections) -> Option<&Spanned<serde::de::IgnoredAny>>| {
        sections.as_ref().and_then(pick).and_then(location)
    };
    let mut problems = Vec::new();
    if rules.format != FORMAT_TAG {
        problems.push(
            Diagnostic::error(
                "wrong-format",
                at(|s| s.format.as_ref()),
                format!(
                    "this is not a partner rules file: format is `{}`",
                    rules.format
                ),
            )
            .with_help(format!(
                "partner rules files start with `format: {FORMAT_TAG}`"
            ))
            .message_template("partner-rules-wrong-format")
            .help_template("partner-rules-wrong-format")
            .arg("format", &rules.format),
        );
    }
    for c in Condition::ALL {
        if !rules.vulnerability.contains_key(&c) {
            problems.push(
                Diagnostic::error(
                    "missing-condition",
                    at(|s| s.vulnerability.as_ref()),
                    format!("the vulnerability rule gives no level to `{}`", c.id()),
                )
                .with_help(format!(
                    "add `{}: high`, `medium` or `low` under `vulnerability:`",
                    c.id()
                ))
                .translated()
                .arg("condition", c.id()),
            );
        }
    }
    let full = Level::ALL.iter().all(|t| {
        Level::ALL
            .iter()
            .all(|v| rules.matrix.get(t).and_then(|r| r.get(v)).is_some())
    });
    let matrix_at = at(|s| s.matrix.as_ref());
    if !full {
        problems.push(Diagnostic::error(
            "incomplete-matrix",
            matrix_at,
            "the risk matrix needs a cell for every threat and vulnerability (high, medium, low)",
        )
        .with_help("write all nine cells: `high: { high: ..., medium: ..., low: ... }` for each threat")
        .translated());
    } else if !monotone(&rules) {
        problems.push(
            Diagnostic::error(
                "matrix-not-monotone",
                matrix_at,
                "in the risk matrix a higher threat or vulnerability gives a lower risk",
            )
            .with_help("make each row and each column rise (or stay level) from low to high")
            .translated(),
        );
    }
    if rules.threat_categories.is_empty() {
        problems.push(
            Diagnostic::error(
                "no-threat-categories",
                at(|s| s.threat_categories.as_ref()),
                "the rules name no threat category",
            )
            .with_help("list the categories under `threat_categories:`, e.g. terrorism, theft")
            .translated(),
        );
    }
    if problems.is_empty() {
        Ok(rules)
    } else {
        Err(Invalid {
            file: source.clone(),
            diagnostics: problems,
        })
    }
}

/// Whether raising the threat or the vulnerability never lowers the risk.
fn monotone(rules: &Rules) -> bool {
    Level::ALL.iter().all(|&t| {
        Level::ALL.iter().all(|&v| {
            let here = rules.risk(t, v);
            Level::ALL.iter().filter(|&&u| u >= t).all(|&u| {
                Level::ALL
                    .iter()
                    .filter(|&&w| w >= v)
                    .all(|&w| rules.risk(u, w) >= here)
            })
        })
    })
}

/// The JSON Schema of `ctpat-partner-rules/1`.
#[must_use]
pub fn json_schema() -> serde_json::Value {
    schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<Rules>()
        .to_value()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_partner_rules_match_the_yaml() {
        let (name, text) = SHIPPED;
        let rules = load(&Source::new(name, text)).expect("the shipped rules are valid");
        let json = serde_json::to_string(&rules).expect("JSON") + "\n";
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/criteria/compiled/partners.json"
        );
        if std::env::var_os("CTPAT_BLESS").is_some_and(|v| v == "1") {
            std::fs::write(path, &json).expect("write the compiled rules");
        } else {
            assert_eq!(
                COMPILED, json,
                "criteria/compiled/partners.json is stale: CTPAT_BLESS=1 cargo test --lib compiled"
            );
        }
    }

    #[test]
    fn the_shipped_rules_load_and_their_matrix_is_monotone() {
        let rules = Rules::shipped();
        assert!(monotone(&rules));
        assert_eq!(rules.risk(Level::High, Level::High), Level::High);
        assert_eq!(rules.risk(Level::Low, Level::Low), Level::Low);
        assert_eq!(rules.threat_categories.len(), 7);
    }

    #[test]
    fn china_aeo_is_not_recognised_and_the_eu_is() {
        let rules = Rules::shipped();
        assert!(!rules.recognises("CN"));
        assert!(rules.recognises("EU"));
        assert!(rules.recognises("MX"));
        assert_eq!(rules.mutual_recognition.arrangements.len(), 16);
        assert!(rules
            .mutual_recognition
            .not_recognised
            .iter()
            .any(|n| n.customs == "CN"));
    }

    #[test]
    fn a_matrix_where_more_threat_means_less_risk_is_refused() {
        let text = SHIPPED.1.replace(
            "high: { high: high, medium: high, low: medium }",
            "high: { high: low, medium: high, low: medium }",
        );
        let err = load(&Source::new("rules.yaml", text)).expect_err("refused");
        assert!(err
            .diagnostics
            .iter()
            .any(|d| d.code == "matrix-not-monotone"));
    }

    #[test]
    fn vulnerability_is_the_highest_condition_that_holds() {
        let rules = Rules::shipped();
        assert_eq!(rules.vulnerability_of(&[]), Level::Low);
        assert_eq!(
            rules.vulnerability_of(&[Condition::ShouldOpen]),
            Level::Medium
        );
        assert_eq!(
            rules.vulnerability_of(&[Condition::ShouldOpen, Condition::MustUnmet]),
            Level::High
        );
    }
}
