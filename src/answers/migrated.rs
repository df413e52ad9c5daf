//! The `migrated_from:` block of an answers file: where a migrated file came from (the old
//! criteria version, the SHA-256 of the old file's bytes, the date) and, verbatim, the
//! answers that have no place at the new version, so a migration loses nothing.
//!
//! The old ids are not checked against the loaded catalog (they belong to the old version);
//! only their shape, the statuses and the dates are. Nothing here is scored.

use super::{Evidence, RawEvidence, RawWaiver, Status, Waiver, DATE_PATTERN};
use crate::calendar::{is_version, normalize_date};
use crate::criteria::CriterionId;
use crate::diagnostic::Diagnostic;
use crate::yaml::{location, Spanned, SpannedMap};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An answer kept as it was written at the old version (no status: it was left unanswered
/// with details).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct KeptAnswer {
    /// Where the company stood.
    pub status: Option<Status>,
    /// Evidence cited, dated or not.
    pub evidence: Vec<Evidence>,
    /// The company's note.
    pub note: Option<String>,
    /// Who was to close the gap.
    pub owner: Option<String>,
    /// By when.
    pub due: Option<String>,
}

/// Where a migrated answers file came from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct MigratedFrom {
    /// The criteria version of the old file (`YYYY.MM`).
    pub criteria_version: String,
    /// The SHA-256 of the old file's bytes (lower-case hex).
    pub sha256: String,
    /// When it was migrated (`YYYY-MM-DD`).
    pub migrated_on: String,
    /// Answers to old criteria with no place at the new version (removed, or merged into
    /// another), by old id, as they were.
    pub answers: BTreeMap<String, KeptAnswer>,
    /// Waivers not carried as they were (their criterion changed, split, merged or went), on
    /// their old ids, as they were.
    pub waivers: Vec<Waiver>,
}

/// Where this file was migrated from by `ctpat migrate`; kept as history, never scored.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "MigratedFrom")]
pub(super) struct RawMigratedFrom {
    /// The criteria version of the old file, `YYYY.MM`, quoted.
    #[schemars(extend("pattern" = "^[0-9]{4}\\.(0[1-9]|1[0-2])$"))]
    criteria_version: Spanned<String>,
    /// The SHA-256 of the old file's bytes, 64 hex digits.
    #[schemars(extend("pattern" = "^[0-9a-fA-F]{64}$"))]
    sha256: Spanned<String>,
    /// The date of the migration.
    #[schemars(extend("pattern" = DATE_PATTERN))]
    migrated_on: Spanned<String>,
    /// Answers to old criteria with no place at the new version, by old id, as they were.
    answers: Option<SpannedMap<RawKeptAnswer>>,
    /// Waivers not carried as they were, on their old ids, as they were.
    #[serde(default)]
    waivers: Vec<RawWaiver>,
}

/// An answer as it was at the old version.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "KeptAnswer")]
pub(super) struct RawKeptAnswer {
    /// The old status (empty: it was unanswered).
    #[schemars(with = "Option<Status>")]
    status: Option<Spanned<String>>,
    #[serde(default)]
    evidence: Vec<Spanned<RawEvidence>>,
    note: Option<String>,
    owner: Option<String>,
    due: Option<String>,
}

fn problem(
    out: &mut Vec<Diagnostic>,
    code: &'static str,
    at: &Spanned<String>,
    message: String,
    help: &str,
) {
    out.push(
        Diagnostic::error(code, location(at), message)
            .with_help(help)
            .translated()
            .arg("value", &at.value),
    );
}

/// Checks the block, pushing every problem to `out`.
pub(super) fn check(raw: RawMigratedFrom, out: &mut Vec<Diagnostic>) -> MigratedFrom {
    let version = raw.criteria_version.value.trim().to_string();
    if !is_version(&version) {
        problem(
            out,
            "migrated-bad-version",
            &raw.criteria_version,
            format!("`{}` is not a criteria version", raw.criteria_version.value),
            "write the old version as \"YYYY.MM\", e.g. \"2020.03\"",
        );
    }
    let sha256 = raw.sha256.value.trim().to_ascii_lowercase();
    if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        problem(
            out,
            "migrated-bad-sha256",
            &raw.sha256,
            format!("`{}` is not a SHA-256", raw.sha256.value),
            "a SHA-256 is 64 hexadecimal digits, as `ctpat migrate` writes it",
        );
    }
    let migrated_on = match normalize_date(&raw.migrated_on.value) {
        Some(d) => d,
        None => {
            problem(
                out,
                "bad-date",
                &raw.migrated_on,
                format!("`{}` is not a date", raw.migrated_on.value),
                "write dates as YYYY-MM-DD, e.g. 2027-03-31",
            );
            raw.migrated_on.value.clone()
        }
    };
    let mut answers = BTreeMap::new();
    for (key, a) in raw.answers.map(|m| m.0).unwrap_or_default() {
        let id = key.value.trim().to_string();
        if id.parse::<CriterionId>().is_err() {
            problem(
                out,
                "migrated-bad-id",
                &key,
                format!("`{}` is not a criterion id", key.value),
                "quote the old id as it was: \"3.9\"",
            );
            continue;
        }
        let status = a.status.as_ref().and_then(|s| {
            let text = s.value.trim();
            if text.is_empty() {
                return None;
            }
            let found = Status::parse(text);
            if found.is_none() {
                problem(
                    out,
                    "migrated-bad-status",
                    s,
                    format!("unknown status `{}`", s.value),
                    "the old status is one of: implemented, partial, not_implemented, not_applicable",
                );
            }
            found
        });
        answers.insert(
            id,
            KeptAnswer {
                status,
                evidence: a
                    .evidence
                    .into_iter()
                    .map(|e| as_written(e.value))
                    .collect(),
                note: a.note,
                owner: a.owner,
                due: a.due,
            },
        );
    }
    let mut waivers = Vec::new();
    for w in raw.waivers {
        let Ok(criterion) = w.criterion.value.trim().parse() else {
            problem(
                out,
                "migrated-bad-id",
                &w.criterion,
                format!("`{}` is not a criterion id", w.criterion.value),
                "quote the old id as it was: \"3.9\"",
            );
            continue;
        };
        waivers.push(Waiver {
            criterion,
            justification: w.justification.map(|j| j.value).unwrap_or_default(),
            approved_by: w.approved_by,
            approved_on: w.approved_on.map(|d| d.value),
            expires: w.expires.map(|d| d.value),
            compensating_controls: w.compensating_controls,
            evidence: w
                .evidence
                .into_iter()
                .map(|e| as_written(e.value))
                .collect(),
        });
    }
    MigratedFrom {
        criteria_version: version,
        sha256,
        migrated_on,
        answers,
        waivers,
    }
}

/// An evidence item exactly as written: a kept answer is history, not checked again.
fn as_written(e: RawEvidence) -> Evidence {
    match e {
        RawEvidence::Plain(text) => Evidence::from(text),
        RawEvidence::Dated(d) => Evidence {
            text: d.reference.value,
            date: d.date.map(|x| x.value),
            valid_until: d.valid_until.map(|x| x.value),
        },
    }
}
