//! Findings of `ctpat validate`: the diagnostics of many files, and their forms for people
//! and for CI.
//!
//! The command reads the files and calls the loaders; this module tells a criteria file from
//! an answers file by its `format:` tag, and renders the collected [`FileFindings`] as the
//! human form, a `ctpat-findings/1` JSON document, SARIF 2.1.0 for code-scanning upload, or
//! GitHub workflow commands (annotations). Everything here is pure string work.

use crate::diagnostic::{did_you_mean, render_localized, Diagnostic, Severity, Source};
use crate::messages::Messages;
use crate::yaml::{self, Spanned};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::fmt::Write as _;

/// The format tag of the JSON findings document.
pub const FORMAT_TAG: &str = "ctpat-findings/1";

/// What kind of ctpat file a file is, by its `format:` tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    /// `format: ctpat-criteria/1`.
    Criteria,
    /// `format: ctpat-answers/1`.
    Answers,
    /// `format: ctpat-ui/1` (criteria/ui.yaml).
    Ui,
    /// `format: ctpat-tailoring/1`.
    Tailoring,
    /// `format: ctpat-partners/1`: a partner register.
    Partners,
    /// `format: ctpat-threats/1`: threat ratings.
    Threats,
    /// `format: ctpat-partner-rules/1` (criteria/partners.yaml).
    #[serde(rename = "partner-rules")]
    PartnerRules,
    /// `format: ctpat-mapping/1`.
    Mapping,
}

/// The result of looking at a file's `format:` tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detected {
    /// A file ctpat can validate.
    Kind(FileKind),
    /// Not a criteria or answers file (no tag, or another tag); the finding says why.
    Other(Diagnostic),
}

#[derive(Deserialize)]
struct FormatProbe {
    format: Option<Spanned<String>>,
}

/// Tells what kind of ctpat file `text` is.
///
/// The tag is read with the YAML parser; when the YAML is broken, a top-level
/// `format: ctpat-…/1` line still decides, so the real loader can report the syntax error.
#[must_use]
pub fn detect(text: &str) -> Detected {
    let tags = [
        (crate::criteria::FORMAT_TAG, FileKind::Criteria),
        (crate::answers::FORMAT_TAG, FileKind::Answers),
        (crate::messages::FORMAT_TAG, FileKind::Ui),
        (crate::criteria::tailoring::FORMAT_TAG, FileKind::Tailoring),
        (crate::partners::register::FORMAT_TAG, FileKind::Partners),
        (crate::partners::register::THREATS_TAG, FileKind::Threats),
        (crate::partners::rules::FORMAT_TAG, FileKind::PartnerRules),
        (crate::mapping::FORMAT_TAG, FileKind::Mapping),
    ];
    let probe = yaml::parse::<FormatProbe>(text);
    let written = match &probe {
        Ok(FormatProbe { format: Some(f) }) => Some(f.value.trim().to_string()),
        Ok(FormatProbe { format: None }) => None,
        Err(_) => text.lines().find_map(|l| {
            // A full-width colon (Chinese input) still names the kind, so the loader can
            // point at the slip instead of calling the file "not a ctpat file".
            let l = l.trim_start_matches('\u{feff}');
            let rest = l
                .strip_prefix("format:")
                .or_else(|| l.strip_prefix("format\u{ff1a}"))?;
            let value = rest.split('#').next().unwrap_or_default().trim();
            Some(value.trim_matches(|c| c == '"' || c == '\'').to_string())
        }),
    };
    if let Some(kind) = written
        .as_deref()
        .and_then(|w| tags.iter().find(|(tag, _)| *tag == w))
        .map(|(_, kind)| *kind)
    {
        return Detected::Kind(kind);
    }
    let help = format!(
        "criteria files start with `format: {}`, answers files with `format: {}`; \
         pass --skip-unknown to skip other YAML files",
        tags[0].0, tags[1].0
    );
    let tagged = |d: Diagnostic| d.arg("criteria", tags[0].0).arg("answers", tags[1].0);
    Detected::Other(match (probe, written) {
        (Err(d), None) if d.code != "wrong-type" => d,
        (Ok(FormatProbe { format: Some(f) }), Some(w)) => {
            let near = did_you_mean(&w, tags.iter().map(|t| t.0));
            let (help, help_template) = match near {
                Some(near) => (format!("did you mean `{near}`?"), "did-you-mean"),
                None => (help, "unknown-format"),
            };
            tagged(
                Diagnostic::error(
                    "unknown-format",
                    yaml::location(&f),
                    format!("`{w}` is not a format ctpat validates"),
                )
                .with_help(help)
                .translated()
                .help_template(help_template)
                .arg("format", &w)
                .arg("near", near.unwrap_or_default()),
            )
        }
        _ => tagged(
            Diagnostic::error(
                "unknown-format",
                None,
                "this is not a ctpat criteria or answers file: it has no `format:` tag",
            )
            .with_help(help)
            .translated()
            .message_template("no-format"),
        ),
    })
}

/// The findings of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFindings {
    /// The file as named on the command line, and its text.
    pub source: Source,
    /// Its kind, when it could be told.
    pub kind: Option<FileKind>,
    /// Every finding, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// How many findings of each severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Note findings.
    pub notes: usize,
}

impl Counts {
    /// Counts the findings of `diagnostics`.
    #[must_use]
    pub fn of<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Counts {
        let mut c = Counts::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Note => c.notes += 1,
            }
        }
        c
    }

    /// Counts every finding of every file.
    #[must_use]
    pub fn of_files(files: &[FileFindings]) -> Counts {
        Counts::of(files.iter().flat_map(|f| &f.diagnostics))
    }

    /// Total findings.
    #[must_use]
    pub fn total(self) -> usize {
        self.errors + self.warnings + self.notes
    }
}

/// Makes every warning and note an error (`--strict`).
pub fn make_strict(files: &mut [FileFindings]) {
    for d in files.iter_mut().flat_map(|f| &mut f.diagnostics) {
        d.severity = Severity::Error;
    }
}

/// The human form: each finding with its source line and a caret, as compilers print them,
/// in the language of `msg` where the finding has a translation.
#[must_use]
pub fn to_human(files: &[FileFindings], msg: &Messages, color: bool) -> String {
    let mut out = String::new();
    for file in files {
        for d in &file.diagnostics {
            out.push_str(&render_localized(&file.source, d, msg, color));
            out.push('\n');
        }
    }
    out
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    format: &'static str,
    tool: JsonTool,
    summary: JsonSummary,
    files: Vec<JsonFile<'a>>,
}

#[derive(Serialize)]
struct JsonTool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    #[serde(flatten)]
    counts: Counts,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    kind: Option<FileKind>,
    #[serde(flatten)]
    counts: Counts,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'static str,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
    /// The cell of a workbook finding, `Answers!E17` (`line` is its row, `column` its column).
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<String>,
    source_line: Option<&'a str>,
}

/// The `ctpat-findings/1` JSON document (documented in README), pretty-printed, fields in
/// the documented order.
#[must_use]
pub fn to_json(files: &[FileFindings]) -> String {
    let doc = JsonDocument {
        format: FORMAT_TAG,
        tool: JsonTool {
            name: "ctpat",
            version: env!("CARGO_PKG_VERSION"),
        },
        summary: JsonSummary {
            files: files.len(),
            counts: Counts::of_files(files),
        },
        files: files
            .iter()
            .map(|f| JsonFile {
                path: &f.source.name,
                kind: f.kind,
                counts: Counts::of(&f.diagnostics),
                findings: f
                    .diagnostics
                    .iter()
                    .map(|d| JsonFinding {
                        code: d.code,
                        severity: d.severity,
                        message: &d.message,
                        help: d.help.as_deref(),
                        line: d.location.map(|l| l.line),
                        column: d.location.map(|l| l.column),
                        cell: d.location.and_then(|l| l.cell_ref()),
                        source_line: d.location.and_then(|l| f.source.line(l.line)),
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// The level a code is reported at without `--strict`.
fn default_level(code: &str) -> &'static str {
    match code {
        "flagged-uncertain" | "flagged-unverified" => "note",
        "not-applicable-to-entity"
        | "empty-evidence"
        | "status-left-empty"
        | "tier-not-distinct"
        | "workbook-unstamped"
        | "workbook-external-links"
        | "waiver-expiring" => "warning",
        _ => "error",
    }
}

/// A path as a SARIF `uri` reference: relative as given, `/`-separated, percent-encoded.
fn to_uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The finding codes page, embedded: each SARIF rule's help is its section.
const FINDINGS_DOC: &str = include_str!("../docs/findings.md");

/// Where the docs folder is published: relative links of the page resolve against it.
const DOCS_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/");

/// Where the finding codes page is published; a rule's `helpUri` adds `#code`.
const FINDINGS_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/findings.md");

/// The section of docs/findings.md about `code` (its text under `### \`code\``), as
/// Markdown; `None` when the page has no section for it.
#[must_use]
pub fn rule_help_markdown(code: &str) -> Option<&'static str> {
    let heading = format!("### `{code}`\n");
    let start = FINDINGS_DOC.find(&heading)? + heading.len();
    let rest = &FINDINGS_DOC[start..];
    let end = rest.find("\n#").unwrap_or(rest.len());
    Some(rest[..end].trim())
}

/// Markdown as plain text for SARIF's `help.text`: no emphasis or code marks, links as
/// their text.
fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(open) = rest.find("](") {
        let close = rest[open..].find(')').map_or(rest.len(), |c| open + c + 1);
        let text_start = rest[..open].rfind('[').unwrap_or(open);
        out.push_str(&rest[..text_start]);
        out.push_str(&rest[(text_start + 1).min(open)..open]);
        rest = &rest[close..];
    }
    out.push_str(rest);
    out.replace("**", "").replace('`', "")
}

/// A rule's friendly name as SARIF viewers expect it: `unknown-status` is `UnknownStatus`.
fn pascal_case(code: &str) -> String {
    code.split('-')
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
        })
        .collect()
}

/// A SARIF 2.1.0 log with one run: ctpat's rules (every code it can report) and one result
/// per finding. Columns count Unicode code points, as ctpat's locations do.
#[must_use]
pub fn to_sarif(files: &[FileFindings]) -> Value {
    let mut rules: Vec<(&str, &str)> = RULES.to_vec();
    for d in files.iter().flat_map(|f| &f.diagnostics) {
        if !rules.iter().any(|(code, _)| *code == d.code) {
            rules.push((d.code, d.code));
        }
    }
    let rule_values: Vec<Value> = rules
        .iter()
        .map(|(code, text)| {
            // Code scanning shows `help` beside each alert and links `helpUri`.
            // The page's links are relative to docs/; an alert is read elsewhere.
            let markdown = rule_help_markdown(code).map_or_else(
                || format!("{text}\n\nSee the finding codes page for every code ctpat reports."),
                |section| section.replace("](", &format!("]({DOCS_URL}")),
            );
            json!({
                "id": code,
                "name": pascal_case(code),
                "shortDescription": { "text": text },
                "fullDescription": { "text": text },
                "help": { "text": plain_text(&markdown), "markdown": markdown },
                "helpUri": format!("{FINDINGS_URL}#{code}"),
                "defaultConfiguration": { "level": default_level(code) },
            })
        })
        .collect();
    let mut results = Vec::new();
    for file in files {
        for d in &file.diagnostics {
            let index = rules.iter().position(|(code, _)| *code == d.code);
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                let _ = write!(text, "\nhelp: {help}");
            }
            // Code scanning needs a region; a finding about the whole file points at its
            // first line.
            let cell = d.location.and_then(|l| l.cell_ref());
            let mut location = match &cell {
                // A workbook has no lines: the cell is a logical location, and the message
                // names it too, since code scanning shows only the message and the file.
                Some(cell) => {
                    text = format!("{cell}: {text}");
                    json!({
                        "physicalLocation": {
                            "artifactLocation": { "uri": to_uri(&file.source.name) },
                        },
                        "logicalLocations": [{ "fullyQualifiedName": cell, "kind": "element" }],
                    })
                }
                None => {
                    let (line, column) = d.location.map_or((1, 1), |l| (l.line, l.column));
                    json!({
                        "physicalLocation": {
                            "artifactLocation": { "uri": to_uri(&file.source.name) },
                            "region": { "startLine": line, "startColumn": column },
                        }
                    })
                }
            };
            if cell.is_some() {
                // Code scanning needs a region: the file's first line, as for unlocated ones.
                location["physicalLocation"]["region"] =
                    json!({ "startLine": 1, "startColumn": 1 });
            }
            results.push(json!({
                "ruleId": d.code,
                "ruleIndex": index,
                "level": sarif_level(d.severity),
                "message": { "text": text },
                "locations": [location],
            }));
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "ctpat",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rule_values,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// Escapes the message of a GitHub workflow command.
fn escape_data(s: &str) -> String {
    // Other control characters (an escape sequence quoted from a hostile file) would reach
    // the Actions log, which renders ANSI codes; they come out as U+FFFD, as on a terminal.
    // Bidi controls likewise, through the one sanitizer; `\r` and `\n` are encoded first.
    let encoded = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    crate::text::inert(&encoded).into_owned()
}

/// Escapes a property value of a GitHub workflow command (`file=`, `title=`, ...).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub workflow commands, one annotation per finding:
/// `::error file=F,line=L,col=C,title=ctpat CODE::message%0Ahelp: ...`.
#[must_use]
pub fn to_github(files: &[FileFindings]) -> String {
    let mut out = String::new();
    for file in files {
        for d in &file.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "notice",
            };
            let mut props = format!("file={}", escape_property(&file.source.name));
            let cell = d.location.and_then(|l| l.cell_ref());
            if let Some(l) = d.location.filter(|_| cell.is_none()) {
                let _ = write!(props, ",line={},col={}", l.line, l.column);
            }
            let _ = write!(
                props,
                ",title={}",
                escape_property(&format!("ctpat {}", d.code))
            );
            // A workbook cell has no line for the annotation: the message starts with it.
            let mut message = cell.map_or_else(String::new, |c| format!("{c}: "));
            message.push_str(&d.message);
            if let Some(help) = &d.help {
                let _ = write!(message, "\nhelp: {help}");
            }
            let _ = writeln!(out, "::{command} {props}::{}", escape_data(&message));
        }
    }
    out
}

/// Every code ctpat reports, with what it means: the SARIF rules and the README table.
pub const RULES: &[(&str, &str)] = &[
    // Reading and YAML (every file).
    ("cannot-read", "The file could not be read."),
    ("not-utf8", "The file is not UTF-8 text."),
    ("input-too-large", "The file is larger than ctpat reads."),
    ("empty-file", "The file is empty."),
    ("yaml-syntax", "The YAML is malformed."),
    (
        "yaml-too-complex",
        "The YAML nests too deeply or expands too many aliases.",
    ),
    (
        "multiple-documents",
        "The file holds more than one YAML document.",
    ),
    ("duplicate-key", "A mapping repeats a key."),
    ("unknown-field", "A field the format does not have (typo?)."),
    ("missing-field", "A required field is missing."),
    (
        "unknown-value",
        "A value outside the allowed set (a word field such as label_source or computed).",
    ),
    ("wrong-type", "A value of the wrong type."),
    (
        "unknown-format",
        "Not a ctpat criteria, answers, tailoring or UI strings file.",
    ),
    ("wrong-format", "The format tag names another kind of file."),
    // Criteria files.
    (
        "bad-version",
        "The criteria version is not YYYY.MM (another programme's: not a lower-case id).",
    ),
    ("bad-date", "A date that is not a real calendar date."),
    ("invalid-entity-id", "An entity id ctpat does not know."),
    ("duplicate-entity", "An entity type is declared twice."),
    ("unknown-coverage", "An unknown coverage value."),
    ("duplicate-focus-area", "A focus area is declared twice."),
    ("bad-category-number", "A category number below 1."),
    ("duplicate-category", "A category is declared twice."),
    (
        "unknown-focus-area",
        "A category names an undeclared focus area.",
    ),
    ("empty-category", "A category has no criteria."),
    (
        "bad-points",
        "Points do not rise from not_implemented to implemented.",
    ),
    (
        "bad-weights",
        "Weights are 0, or a Should outweighs a Must.",
    ),
    (
        "number-out-of-range",
        "A number (points, weight, category, best-practice count, a model's points, a threshold) beyond what ctpat accepts.",
    ),
    (
        "bad-id",
        "A criterion id is not of the form 5.24 (another programme's item: (44)).",
    ),
    ("duplicate-id", "A criterion id appears twice."),
    (
        "unknown-category",
        "A criterion is filed under an undeclared category.",
    ),
    (
        "id-category-mismatch",
        "A criterion's id does not fit its category.",
    ),
    (
        "missing-requirement",
        "A criterion says neither must nor should.",
    ),
    (
        "unknown-requirement",
        "A requirement other than must or should.",
    ),
    (
        "unknown-entity",
        "An entity type that is not declared or does not exist.",
    ),
    ("empty-applies-to", "A criterion applies to no entity type."),
    ("unknown-recurrence", "An unknown recurrence value."),
    (
        "unknown-source-tag",
        "A source tag other than V, P, S or B.",
    ),
    (
        "missing-translation",
        "A text lacks its English or Chinese version, or it is empty.",
    ),
    (
        "unknown-flag-kind",
        "A flag kind other than uncertain or unverified.",
    ),
    ("empty-flag-note", "A flag without a note."),
    (
        "flagged-uncertain",
        "Data the sources are unsure of (note; an error with --strict).",
    ),
    (
        "flagged-unverified",
        "Data from one weak source (note; an error with --strict).",
    ),
    ("duplicate-tier", "A tier is declared twice."),
    (
        "tier-base-has-requirements",
        "The lowest tier has requirements.",
    ),
    ("tier-order", "A tier requires less than the tier below it."),
    (
        "tier-not-distinct",
        "A tier requires nothing more than the tier below it.",
    ),
    ("unknown-tier-rule", "An unknown tier rule value."),
    (
        "tier-unknown-criterion",
        "A tier rule names a criterion not in the catalog.",
    ),
    ("no-tiers", "The catalog has no tier ladder."),
    // Criteria files of other programmes: the programme, grading and finance blocks.
    (
        "secondary-without-notice",
        "A catalog from a secondary source without the notice its outputs print.",
    ),
    (
        "unknown-source-quality",
        "A source quality other than official or secondary.",
    ),
    (
        "bad-model-id",
        "A scoring model id that is not lower-case words with dashes.",
    ),
    ("duplicate-gate", "A pass gate is declared twice."),
    (
        "gate-missing-value",
        "A gate without the number its kind needs (max or total).",
    ),
    ("unknown-gate", "A gate kind ctpat does not know."),
    (
        "bad-fallback",
        "A grading fallback that is not a catalog id.",
    ),
    (
        "tier-grading-without-grading",
        "A tier requires grading: pass, but the catalog has no grading block.",
    ),
    (
        "finance-unknown-item",
        "A finance rule names an item not in the catalog.",
    ),
    (
        "computed-mismatch",
        "An item marked computed without a finance rule, or a rule for an unmarked item.",
    ),
    (
        "bad-audit-levels",
        "The audit-opinion rule lacks a status for an opinion, or names an unknown one.",
    ),
    (
        "bad-ratio-group",
        "A ratio group's meets_at and basically_at do not fit its ratios.",
    ),
    (
        "bad-ratio",
        "A ratio without a numerator, or with two kinds of denominator.",
    ),
    (
        "unknown-figure",
        "A ratio names a figure that answers files cannot give.",
    ),
    (
        "unknown-operator",
        "A test operator other than le, lt, ge or gt.",
    ),
    (
        "bad-test",
        "A test with neither one value nor both producer and non_producer thresholds.",
    ),
    // Answers files.
    (
        "unknown-criteria-version",
        "The answers name a criteria version that is not shipped.",
    ),
    (
        "criteria-version-mismatch",
        "The answers were given against other criteria.",
    ),
    ("empty-company-name", "The company name is empty."),
    ("bad-country", "The country is not a two-letter ISO code."),
    (
        "unknown-criterion",
        "An answer or best practice names a criterion not in the catalog.",
    ),
    ("duplicate-answer", "A criterion is answered twice."),
    ("missing-status", "An answer without a status."),
    (
        "unknown-status",
        "A status other than implemented, partial, not_implemented, not_applicable.",
    ),
    (
        "not-applicable-to-entity",
        "An answer to a criterion that does not apply to the entity.",
    ),
    (
        "na-without-note",
        "A Must marked not_applicable without a justification note.",
    ),
    ("empty-evidence", "An empty evidence item."),
    (
        "bad-audit-opinion",
        "financials.audit_opinion is not unqualified, qualified, adverse or disclaimer.",
    ),
    (
        "status-left-empty",
        "An answer with a note or evidence but an empty status (counted as unanswered).",
    ),
    (
        "empty-best-practice-title",
        "A best practice without a title.",
    ),
    (
        "evidence-valid-before-dated",
        "A dated evidence item whose valid_until comes before its date.",
    ),
    ("duplicate-waiver", "A criterion waived twice."),
    (
        "waiver-without-justification",
        "A waiver without a justification.",
    ),
    (
        "must-waiver-without-expiry",
        "A waiver of a Must without an expires date.",
    ),
    (
        "waiver-expired",
        "A waiver past its expires date (as of the as-of date).",
    ),
    (
        "waiver-expiring",
        "A waiver expiring within the catalog's warning window (30 days).",
    ),
    // Questionnaire workbooks (answers read from .xlsx).
    (
        "workbook-corrupt",
        "A workbook that is not a readable zip or Office workbook.",
    ),
    (
        "workbook-encrypted",
        "A workbook protected with a password to open.",
    ),
    (
        "workbook-legacy",
        "An Excel 97-2003 .xls file, not an .xlsx workbook.",
    ),
    (
        "workbook-opendocument",
        "An OpenDocument spreadsheet (.ods) under another name.",
    ),
    (
        "workbook-macros",
        "A workbook with macros (VBA): refused, never run.",
    ),
    (
        "workbook-too-large",
        "A workbook over one of the reading limits.",
    ),
    (
        "workbook-too-many-cells",
        "A sheet with more cells than ctpat reads.",
    ),
    (
        "workbook-cell-too-long",
        "A cell with more text than a spreadsheet program writes.",
    ),
    (
        "workbook-no-answers-sheet",
        "A workbook without the questionnaire's Answers sheet.",
    ),
    (
        "workbook-no-header",
        "No header row with ID and Status in a sheet's first rows.",
    ),
    (
        "workbook-numeric-id",
        "An ID cell holds a number instead of an id as text.",
    ),
    (
        "workbook-version-mismatch",
        "A workbook made for another criteria version.",
    ),
    (
        "workbook-catalog-changed",
        "A workbook made from another text of the same criteria version.",
    ),
    (
        "workbook-unstamped",
        "A workbook without ctpat's stamp, read by its header row.",
    ),
    (
        "workbook-external-links",
        "A workbook linking to other files (links ignored).",
    ),
    // UI strings files.
    ("bad-key", "A UI string key not of the form area:name."),
    // Tailoring files.
    (
        "bad-namespace",
        "A tailoring's namespace is not 2-8 capital letters and digits, or is reserved.",
    ),
    (
        "missing-namespace",
        "A tailoring has house criteria but no namespace.",
    ),
    (
        "outside-namespace",
        "A house criterion's id is outside the tailoring's namespace.",
    ),
    (
        "cbp-id-as-house",
        "A house criterion takes a CBP id instead of one in the tailoring's namespace.",
    ),
    (
        "house-id-in-cbp-list",
        "A house id where only CBP criteria belong (profile, add, remove, requirements).",
    ),
    ("missing-reason", "A Must/Should change without a reason."),
    (
        "profile-with-changes",
        "An entity type has both a full profile and add/remove lists.",
    ),
    ("empty-profile", "A profile that lists no criteria."),
    (
        "redundant-change",
        "A tailoring change that changes nothing (already applies, already that requirement).",
    ),
    // Partner registers, threat ratings and the partner rules.
    (
        "partners-wrong-format",
        "Not a partner register: another format tag.",
    ),
    (
        "threats-wrong-format",
        "Not a threat ratings file: another format tag.",
    ),
    ("duplicate-partner", "Two partners share an id."),
    ("no-partners", "A register with no partner."),
    ("empty-field", "A field that is written but empty."),
    ("bad-role", "A partner's role that is not an entity type."),
    (
        "bad-volume",
        "A Volume cell of a partner register workbook that is not a whole number.",
    ),
    (
        "workbook-no-partners-sheet",
        "A workbook given as a partner register has no Partners sheet.",
    ),
    (
        "aeo-without-customs",
        "An AEO certificate without its customs administration.",
    ),
    (
        "bad-programme",
        "A certificate programme other than ctpat or aeo, or a catalog's programme id that is not lower-case words with dashes.",
    ),
    (
        "certificate-unchecked",
        "A certificate without the date it was checked.",
    ),
    (
        "unknown-threat-category",
        "A threat category the rules do not name.",
    ),
    (
        "bad-rating",
        "A threat rating other than high, medium or low.",
    ),
    ("no-ratings", "A threat entry that rates nothing."),
    ("threat-undated", "A threat rating without its date."),
    (
        "missing-condition",
        "The partner rules give no level to a vulnerability condition.",
    ),
    (
        "incomplete-matrix",
        "The partner rules' risk matrix lacks a cell.",
    ),
    (
        "matrix-not-monotone",
        "The partner rules' risk matrix lowers risk as threat or vulnerability rises.",
    ),
    (
        "no-threat-categories",
        "The partner rules name no threat category.",
    ),
    // Mapping files and migrated answers files.
    (
        "review-pending",
        "Answers marked `review: true` by a migration, not yet checked.",
    ),
    (
        "mapping-wrong-format",
        "A mapping file's `format:` is another ctpat format.",
    ),
    (
        "mapping-unknown-relation",
        "A mapping row's relation is not one of the nine.",
    ),
    (
        "mapping-removed-has-to",
        "A `removed` row names a new item.",
    ),
    (
        "mapping-added-has-from",
        "An `added` row names an old item.",
    ),
    (
        "mapping-row-incomplete",
        "A mapping row lacks `from:` or `to:`.",
    ),
    (
        "mapping-bad-programme",
        "A mapping's programme is not lower-case words with dashes.",
    ),
    (
        "mapping-empty-version",
        "A mapping side has an empty version.",
    ),
    (
        "mapping-unknown-state",
        "A mapping's state is not draft or reviewed.",
    ),
    ("mapping-bad-id", "A mapping id is not dotted numbers."),
    (
        "mapping-duplicate-row",
        "The same old → new pair twice in a mapping.",
    ),
    (
        "mapping-lone-and-mapped",
        "An id removed (or added) in one row and mapped in another.",
    ),
    ("mapping-single-row", "A split or merge with one row only."),
    (
        "mapping-catalog-mismatch",
        "A mapping names other versions than the criteria migrated between.",
    ),
    (
        "mapping-unknown-item",
        "A mapping id that is not in its catalog.",
    ),
    (
        "migrated-bad-version",
        "`migrated_from.criteria_version` is not `YYYY.MM`.",
    ),
    (
        "migrated-bad-sha256",
        "`migrated_from.sha256` is not 64 hex digits.",
    ),
    (
        "migrated-bad-id",
        "An id under `migrated_from.answers` is not a criterion id.",
    ),
    ("migrated-bad-status", "A kept answer's status is unknown."),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Location;

    fn one_file() -> Vec<FileFindings> {
        vec![FileFindings {
            source: Source::new("dir, x/a:b.yaml", "format: x\nlevel: 50%\n"),
            kind: Some(FileKind::Answers),
            diagnostics: vec![
                Diagnostic::error("unknown-value", Some(Location::new(2, 8)), "bad\r\nvalue")
                    .with_help("use 1, or 2"),
                Diagnostic::note("flagged-uncertain", None, "unsure"),
            ],
        }]
    }

    #[test]
    fn every_finding_code_has_a_section_in_docs_findings_md() {
        let missing: Vec<&str> = RULES
            .iter()
            .map(|(code, _)| *code)
            .filter(|code| rule_help_markdown(code).is_none_or(|s| !s.contains("**Fix:**")))
            .collect();
        assert!(missing.is_empty(), "docs/findings.md lacks: {missing:?}");
        let sections = FINDINGS_DOC.matches("\n### `").count();
        assert_eq!(
            sections,
            RULES.len(),
            "a section for a code ctpat no longer has"
        );
    }

    #[test]
    fn rule_help_text_is_the_section_without_markup() {
        let md = rule_help_markdown("bad-date").expect("a section");
        assert!(md.starts_with("**error.**"), "{md}");
        let text = plain_text(md);
        assert!(text.starts_with("error. "), "{text}");
        assert!(text.contains("(see answers-format.md)"), "{text}");
        assert!(!text.contains('`') && !text.contains("**"), "{text}");
    }

    /// Every wording of "not a file ctpat validates" is translated with its arguments.
    #[test]
    fn unknown_formats_are_translated() {
        for text in [
            "format: ctpat-answer/1\n",
            "format: something-else\n",
            "name: ci\non: push\n",
            "a: [\n",
        ] {
            let Detected::Other(d) = detect(text) else {
                panic!("{text:?} is not a ctpat file");
            };
            crate::diagnostic::assert_translated(&d, text);
        }
    }

    #[test]
    fn detect_reads_a_tag_after_a_byte_order_mark_in_a_broken_file() {
        assert!(matches!(
            detect("\u{feff}format: ctpat-answers/1\ncompany: {name: \"x\n"),
            Detected::Kind(FileKind::Answers)
        ));
    }

    #[test]
    fn detect_reads_the_format_tag() {
        assert_eq!(
            detect("format: ctpat-criteria/1\nprogram: {}\n"),
            Detected::Kind(FileKind::Criteria)
        );
        assert_eq!(
            detect("# c\nformat: \"ctpat-answers/1\"\nanswers: {}\n"),
            Detected::Kind(FileKind::Answers)
        );
        // Broken YAML still tells its kind by a top-level tag line.
        assert_eq!(
            detect("format: ctpat-answers/1\ncompany: {name: \"x\n"),
            Detected::Kind(FileKind::Answers)
        );
        let Detected::Other(d) = detect("format: ctpat-answer/1\n") else {
            panic!("not a kind");
        };
        assert_eq!(d.code, "unknown-format");
        assert_eq!(d.help.as_deref(), Some("did you mean `ctpat-answers/1`?"));
        let Detected::Other(d) = detect("name: ci\non: push\n") else {
            panic!("not a kind");
        };
        assert_eq!((d.code, d.location), ("unknown-format", None));
        let Detected::Other(d) = detect("- a\n- b\n") else {
            panic!("not a kind");
        };
        assert_eq!(d.code, "unknown-format");
        let Detected::Other(d) = detect("a: [\n") else {
            panic!("not a kind");
        };
        assert_eq!(d.code, "yaml-syntax");
    }

    #[test]
    fn github_annotations_escape_data_and_properties() {
        let text = to_github(&one_file());
        assert_eq!(
            text,
            "::error file=dir%2C x/a%3Ab.yaml,line=2,col=8,title=ctpat unknown-value::bad%0D%0Avalue%0Ahelp: use 1, or 2\n\
             ::notice file=dir%2C x/a%3Ab.yaml,title=ctpat flagged-uncertain::unsure\n"
        );
        assert_eq!(escape_data("100% done"), "100%25 done");
    }

    #[test]
    fn sarif_results_point_at_rules_and_locations() {
        let log = to_sarif(&one_file());
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
        let result = &run["results"][0];
        let index = result["ruleIndex"].as_u64().expect("index");
        assert_eq!(
            rules[usize::try_from(index).expect("small")]["id"],
            "unknown-value"
        );
        assert_eq!(result["level"], "error");
        let loc = &result["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "dir%2C%20x/a%3Ab.yaml");
        assert_eq!(loc["region"]["startLine"], 2);
        assert_eq!(loc["region"]["startColumn"], 8);
        assert_eq!(run["results"][1]["level"], "note");
    }

    #[test]
    fn github_annotations_carry_no_control_characters() {
        let mut files = one_file();
        files[0].diagnostics[0].message = "bad `\x1b[2J` value\nsecond line".into();
        let text = to_github(&files);
        assert!(!text.contains('\x1b'), "{text:?}");
        assert!(
            text.contains("bad `\u{fffd}[2J` value%0Asecond line"),
            "{text}"
        );
    }

    #[test]
    fn rules_are_unique_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for (code, text) in RULES {
            assert!(seen.insert(*code), "{code} twice");
            assert!(
                code.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{code}"
            );
            assert!(!text.is_empty());
        }
    }

    #[test]
    fn json_counts_and_strict() {
        let mut files = one_file();
        let doc: Value = serde_json::from_str(&to_json(&files)).expect("JSON");
        assert_eq!(doc["format"], FORMAT_TAG);
        assert_eq!(doc["summary"]["errors"], 1);
        assert_eq!(doc["summary"]["notes"], 1);
        assert_eq!(doc["files"][0]["findings"][0]["source_line"], "level: 50%");
        make_strict(&mut files);
        assert_eq!(Counts::of_files(&files).errors, 2);
    }
}
