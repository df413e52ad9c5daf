//! Mappings between two sets of criteria (`ctpat-mapping/1`), and carrying answers across one.
//!
//! A mapping says, one row per old → new id pair, how the items of one programme version
//! relate to those of another: the same C-TPAT criterion in the next MSC version (`equal`,
//! `changed`), criteria split or merged, removed or added, and, for crosswalks between
//! programmes (C-TPAT to China Customs AEO), items that ask more (`broader`), less
//! (`narrower`) or overlap (`related`). Ids are plain strings (`5.24`, `1.2.3`), so one
//! format serves every programme.
//!
//! Between two C-TPAT catalogs the mapping is [`derive`]d from the criteria themselves, then
//! the shipped mapping file for that pair (under `criteria/mappings/`) and a user's file
//! override the rows for the ids they name ([`overlay`]). [`migrate`] then carries an answers
//! file across: the pure function `ctpat migrate` writes and `ctpat compare` scores. The file
//! goes through the usual layers (raw serde types, then [`check`] collecting every problem,
//! located). No I/O here.

use crate::answers::{Answer, Answers, Draft, KeptAnswer, MigratedFrom, Status};
use crate::calendar::Date;
use crate::criteria::{Catalog, Criterion, CriterionId, Loaded};
use crate::diagnostic::{self, did_you_mean, Diagnostic, Invalid, Location, Source};
use crate::yaml::{self, location, Spanned};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The format tag every mapping file starts with.
pub const FORMAT_TAG: &str = "ctpat-mapping/1";

/// The programme id of the C-TPAT Minimum Security Criteria catalogs. Every shipped catalog
/// is one of its versions today; a catalog of another programme will name its own.
pub const CTPAT_PROGRAMME: &str = "ctpat-msc";

/// The pattern of an item id in any programme: dotted numbers (`5.24`, `1.2.3`), optionally
/// after a house namespace (`ACME-5.1`).
const ITEM_ID_PATTERN: &str =
    "^(([A-Z][A-Z0-9]{1,7}-)?[0-9]{1,4}(\\.[0-9]{1,4}){1,3}|\\([1-9][0-9]{0,3}\\))$";

/// The shipped mapping files, as (from version, to version, file name, YAML text, compiled
/// JSON). Each overrides the mapping derived between the two shipped catalogs it names. As
/// with the catalogs, a run reads the compiled form, which the test
/// `compiled_mappings_match_the_yaml` makes from the YAML through the full loader
/// (`CTPAT_BLESS=1 cargo test --lib compiled`) and keeps current.
const SHIPPED: &[(&str, &str, &str, &str, &str)] = &[
    (
        "2020.03",
        "2023.01",
        "criteria/mappings/ctpat-msc-2020.03-2023.01.yaml",
        include_str!("../criteria/mappings/ctpat-msc-2020.03-2023.01.yaml"),
        include_str!("../criteria/compiled/mappings/ctpat-msc-2020.03-2023.01.json"),
    ),
    (
        "2023.01",
        "gacc-aeo-2026-advanced",
        "criteria/mappings/ctpat-msc-2023.01-gacc-aeo-2026-advanced.yaml",
        include_str!("../criteria/mappings/ctpat-msc-2023.01-gacc-aeo-2026-advanced.yaml"),
        include_str!("../criteria/compiled/mappings/ctpat-msc-2023.01-gacc-aeo-2026-advanced.json"),
    ),
    (
        "2023.01",
        "gacc-aeo-2026-certified",
        "criteria/mappings/ctpat-msc-2023.01-gacc-aeo-2026-certified.yaml",
        include_str!("../criteria/mappings/ctpat-msc-2023.01-gacc-aeo-2026-certified.yaml"),
        include_str!(
            "../criteria/compiled/mappings/ctpat-msc-2023.01-gacc-aeo-2026-certified.json"
        ),
    ),
    (
        "gacc-aeo-2026-advanced",
        "gacc-aeo-2026-certified",
        "criteria/mappings/gacc-aeo-2026-advanced-gacc-aeo-2026-certified.yaml",
        include_str!("../criteria/mappings/gacc-aeo-2026-advanced-gacc-aeo-2026-certified.yaml"),
        include_str!(
            "../criteria/compiled/mappings/gacc-aeo-2026-advanced-gacc-aeo-2026-certified.json"
        ),
    ),
];

// ---- the domain ------------------------------------------------------------------------

/// How an old item relates to a new one.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The same item, same requirement and text: the answer carries as it is.
    Equal,
    /// The same item with its requirement or text changed: the answer carries, to review.
    Changed,
    /// The old item became several new ones (one row per new item): each gets the answer,
    /// to review.
    Split,
    /// Several old items became one (one row per old item): the new item gets the weakest
    /// of their answers, to review; every old answer is kept in `migrated_from`.
    Merged,
    /// The old item has no successor (`to` left out): its answer is kept in `migrated_from`.
    Removed,
    /// The new item has no predecessor (`from` left out): it starts unanswered.
    Added,
    /// Crosswalks: the new item asks more than the old one covers. Carries, to review.
    Broader,
    /// Crosswalks: the new item asks less than the old one. Carries, to review.
    Narrower,
    /// Crosswalks: the items overlap, neither holds the other. Carries, to review.
    Related,
}

impl Relation {
    /// Every relation, in file order of the docs.
    pub const ALL: [Relation; 9] = [
        Relation::Equal,
        Relation::Changed,
        Relation::Split,
        Relation::Merged,
        Relation::Removed,
        Relation::Added,
        Relation::Broader,
        Relation::Narrower,
        Relation::Related,
    ];

    /// Every relation, as written in files.
    pub const IDS: [&'static str; 9] = [
        "equal", "changed", "split", "merged", "removed", "added", "broader", "narrower", "related",
    ];

    /// The id as written in files.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Relation::Equal => "equal",
            Relation::Changed => "changed",
            Relation::Split => "split",
            Relation::Merged => "merged",
            Relation::Removed => "removed",
            Relation::Added => "added",
            Relation::Broader => "broader",
            Relation::Narrower => "narrower",
            Relation::Related => "related",
        }
    }

    fn parse(s: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|r| r.id() == s.trim())
    }

    /// Whether a row of this relation names an old item.
    #[must_use]
    pub fn has_from(self) -> bool {
        self != Relation::Added
    }

    /// Whether a row of this relation names a new item.
    #[must_use]
    pub fn has_to(self) -> bool {
        self != Relation::Removed
    }
}

/// Whether rows were checked by a person.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Proposed (by a tool or from a draft table), not yet checked.
    Draft,
    /// Checked by a person against the sources.
    Reviewed,
}

/// Which side of a crosswalk row asks more.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Stricter {
    /// The old (`from`) programme's item.
    From,
    /// The new (`to`) programme's item.
    To,
}

/// One side of a mapping: a programme and a version of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Side {
    /// The programme, lower-case words with dashes: `ctpat-msc` for the C-TPAT Minimum
    /// Security Criteria (other programmes name their own, e.g. `gacc-aeo-2026-advanced`).
    #[schemars(extend("pattern" = "^[a-z][a-z0-9-]{1,63}$"))]
    pub programme: String,
    /// Its version as the catalog names it (`2023.01`; quote it).
    pub version: String,
}

/// A document the mapping was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    /// Its title.
    pub title: String,
    /// Where to find it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When it was issued (`YYYY-MM` or `YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// What it says about the mapping.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One old → new pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// The old item (none for `added`).
    pub from: Option<String>,
    /// The new item (none for `removed`).
    pub to: Option<String>,
    /// How they relate.
    pub relation: Relation,
    /// Whether this row was checked.
    pub state: State,
    /// Why, in a few words.
    pub note: Option<String>,
    /// For crosswalks: the side whose requirement is stricter, where one clearly is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stricter: Option<Stricter>,
    /// Where the row is written (none for derived rows).
    #[serde(skip)]
    at: Option<Location>,
}

/// A mapping between two programme versions, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    /// What this mapping is.
    pub title: Option<String>,
    /// The items mapped from.
    pub from: Side,
    /// The items mapped to.
    pub to: Side,
    /// Whether the rows were checked (rows may say otherwise, one by one).
    pub state: State,
    /// Documents the mapping was made from.
    pub sources: Vec<SourceRef>,
    /// The rows, in file order (derived rows in id order).
    pub rows: Vec<Row>,
    /// The files whose rows override the derived ones, in the order applied.
    pub overrides: Vec<String>,
}

// ---- the file as written -----------------------------------------------------------------

/// How the items of one programme version map to those of another, one row per old → new
/// pair. See docs/migrate.md.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "ctpat mapping file (ctpat-mapping/1)")]
#[schemars(rename = "Mapping")]
struct RawMapping {
    /// Always `ctpat-mapping/1`.
    #[schemars(extend("const" = "ctpat-mapping/1"))]
    format: Spanned<String>,
    /// What this mapping is, in a few words.
    title: Option<String>,
    /// The programme and version mapped from.
    from: Spanned<Side>,
    /// The programme and version mapped to.
    to: Spanned<Side>,
    /// `draft` (proposed, not yet checked: the default) or `reviewed`; a row may say otherwise.
    #[schemars(with = "Option<State>")]
    state: Option<Spanned<String>>,
    /// Documents the mapping was made from.
    #[serde(default)]
    sources: Vec<SourceRef>,
    /// One row per old → new pair.
    #[serde(default)]
    rows: Vec<RawRow>,
}

/// One old → new pair.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Row")]
struct RawRow {
    /// The old item's id (quote it: "5.24"); left out for `added`.
    #[schemars(extend("pattern" = ITEM_ID_PATTERN))]
    from: Option<Spanned<String>>,
    /// The new item's id; left out for `removed`.
    #[schemars(extend("pattern" = ITEM_ID_PATTERN))]
    to: Option<Spanned<String>>,
    /// How the two relate.
    #[schemars(with = "Relation")]
    relation: Spanned<String>,
    /// `draft` or `reviewed`; default: the file's `state`.
    #[schemars(with = "Option<State>")]
    state: Option<Spanned<String>>,
    /// Why, in a few words.
    note: Option<String>,
    /// For crosswalks: `from` or `to`, the side whose requirement is clearly stricter.
    stricter: Option<Stricter>,
}

/// The JSON Schema (draft-07) of `ctpat-mapping/1` files, for editors and CI.
#[must_use]
pub fn json_schema() -> serde_json::Value {
    schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<RawMapping>()
        .to_value()
}

/// Used only when parsing failed, to tell "wrong kind of file" from a broken mapping file.
#[derive(Deserialize)]
struct FormatProbe {
    format: Option<Spanned<String>>,
}

// ---- validation --------------------------------------------------------------------------

/// Parses and checks a mapping file on its own (ids well formed, each row complete, no pair
/// twice, no id both removed and mapped), collecting every problem.
///
/// # Errors
/// [`Invalid`] with every problem when any is an error.
pub fn parse(source: &Source) -> Result<Loaded<Mapping>, Invalid> {
    let (mapping, mut out) = check(source);
    diagnostic::sort(&mut out);
    match mapping {
        Some(value) if !out.iter().any(Diagnostic::is_error) => Ok(Loaded {
            value,
            warnings: out,
        }),
        _ => Err(Invalid {
            file: source.clone(),
            diagnostics: out,
        }),
    }
}

/// Parses a mapping file and checks it against the catalogs it maps between: the versions
/// match and every id is in its catalog.
///
/// # Errors
/// [`Invalid`] with every problem when any is an error.
pub fn load(source: &Source, old: &Catalog, new: &Catalog) -> Result<Loaded<Mapping>, Invalid> {
    let (mapping, mut out) = check(source);
    if let Some(m) = &mapping {
        check_catalogs(m, old, new, &mut out);
    }
    diagnostic::sort(&mut out);
    match mapping {
        Some(value) if !out.iter().any(Diagnostic::is_error) => Ok(Loaded {
            value,
            warnings: out,
        }),
        _ => Err(Invalid {
            file: source.clone(),
            diagnostics: out,
        }),
    }
}

fn error(code: &'static str, at: Option<Location>, message: String, help: String) -> Diagnostic {
    Diagnostic::error(code, at, message)
        .with_help(help)
        .translated()
}

/// The mapping and every problem found; `None` when it could not be read at all.
fn check(source: &Source) -> (Option<Mapping>, Vec<Diagnostic>) {
    let raw = match yaml::parse::<RawMapping>(&source.text) {
        Ok(raw) => raw,
        Err(d) => {
            if let Ok(FormatProbe { format: Some(f) }) = yaml::parse::<FormatProbe>(&source.text) {
                if f.value != FORMAT_TAG {
                    return (None, vec![wrong_format(&f)]);
                }
            }
            return (None, vec![d]);
        }
    };
    let mut out = Vec::new();
    if raw.format.value != FORMAT_TAG {
        out.push(wrong_format(&raw.format));
    }
    let from = side(&raw.from, &mut out);
    let to = side(&raw.to, &mut out);
    let state = raw
        .state
        .as_ref()
        .and_then(|s| state_of(s, &mut out))
        .unwrap_or(State::Draft);
    let mut rows = Vec::new();
    for r in raw.rows {
        let Some(relation) = Relation::parse(&r.relation.value) else {
            let values = Relation::IDS.join(", ");
            let near = did_you_mean(&r.relation.value, Relation::IDS);
            out.push(
                error(
                    "mapping-unknown-relation",
                    location(&r.relation),
                    format!("unknown relation `{}`", r.relation.value),
                    format!("use one of: {values}"),
                )
                .arg("value", &r.relation.value)
                .arg("values", &values)
                .arg("near", near.unwrap_or_default()),
            );
            continue;
        };
        let at = location(&r.relation);
        let from = r.from.as_ref().and_then(|id| item_id(id, &mut out));
        let to = r.to.as_ref().and_then(|id| item_id(id, &mut out));
        if relation.has_from() != r.from.is_some() || relation.has_to() != r.to.is_some() {
            let (code, message, help) = match (relation.has_from(), relation.has_to()) {
                (true, false) => (
                    "mapping-removed-has-to",
                    "a `removed` row has `from:` only".to_string(),
                    "name the old item in `from:` and leave out `to:`".to_string(),
                ),
                (false, true) => (
                    "mapping-added-has-from",
                    "an `added` row has `to:` only".to_string(),
                    "name the new item in `to:` and leave out `from:`".to_string(),
                ),
                _ => (
                    "mapping-row-incomplete",
                    format!("a `{}` row needs both `from:` and `to:`", relation.id()),
                    "name the old item in `from:` and the new one in `to:`".to_string(),
                ),
            };
            out.push(error(code, at, message, help).arg("relation", relation.id()));
            continue;
        }
        if (relation.has_from() && from.is_none()) || (relation.has_to() && to.is_none()) {
            continue;
        }
        let row_state = r.state.as_ref().and_then(|s| state_of(s, &mut out));
        rows.push(Row {
            from,
            to,
            relation,
            state: row_state.unwrap_or(state),
            note: r
                .note
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty()),
            stricter: r.stricter,
            at,
        });
    }
    check_rows(&rows, &mut out);
    let mapping = from.zip(to).map(|(from, to)| Mapping {
        title: raw
            .title
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty()),
        from,
        to,
        state,
        sources: raw.sources,
        rows,
        overrides: Vec::new(),
    });
    (mapping, out)
}

fn wrong_format(f: &Spanned<String>) -> Diagnostic {
    error(
        "mapping-wrong-format",
        location(f),
        format!("this is not a mapping file: format is `{}`", f.value),
        format!("mapping files start with `format: {FORMAT_TAG}`"),
    )
    .arg("format", &f.value)
    .arg("expected", FORMAT_TAG)
}

fn side(s: &Spanned<Side>, out: &mut Vec<Diagnostic>) -> Option<Side> {
    let v = &s.value;
    let programme_ok = v.programme.len() >= 2
        && v.programme.len() <= 64
        && v.programme.starts_with(|c: char| c.is_ascii_lowercase())
        && v.programme
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !programme_ok {
        out.push(
            error(
                "mapping-bad-programme",
                location(s),
                format!("`{}` is not a programme id", v.programme),
                format!("write it in lower-case words with dashes, e.g. {CTPAT_PROGRAMME}"),
            )
            .arg("value", &v.programme)
            .arg("example", CTPAT_PROGRAMME),
        );
        return None;
    }
    if v.version.trim().is_empty() {
        out.push(error(
            "mapping-empty-version",
            location(s),
            "the version is empty".to_string(),
            "write the version as its catalog names it, e.g. \"2023.01\"".to_string(),
        ));
        return None;
    }
    Some(Side {
        programme: v.programme.clone(),
        version: v.version.trim().to_string(),
    })
}

fn state_of(s: &Spanned<String>, out: &mut Vec<Diagnostic>) -> Option<State> {
    match s.value.trim() {
        "draft" => Some(State::Draft),
        "reviewed" => Some(State::Reviewed),
        other => {
            out.push(
                error(
                    "mapping-unknown-state",
                    location(s),
                    format!("unknown state `{other}`"),
                    "use draft or reviewed".to_string(),
                )
                .arg("value", other),
            );
            None
        }
    }
}

/// Whether `s` is an item id of some programme (see [`ITEM_ID_PATTERN`]).
#[must_use]
pub fn is_item_id(s: &str) -> bool {
    if let Some(n) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        return (1..=4).contains(&n.len())
            && !n.starts_with('0')
            && n.bytes().all(|b| b.is_ascii_digit());
    }
    let (ns, numbers) = match s.split_once('-') {
        Some((ns, rest)) => (Some(ns), rest),
        None => (None, s),
    };
    let ns_ok = ns.is_none_or(|ns| {
        (2..=8).contains(&ns.len())
            && ns.starts_with(|c: char| c.is_ascii_uppercase())
            && ns
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    });
    let parts: Vec<&str> = numbers.split('.').collect();
    ns_ok
        && (2..=4).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

fn item_id(id: &Spanned<String>, out: &mut Vec<Diagnostic>) -> Option<String> {
    let value = id.value.trim();
    if is_item_id(value) {
        return Some(value.to_string());
    }
    out.push(
        error(
            "mapping-bad-id",
            location(id),
            format!("`{}` is not an item id", id.value),
            "ids are dotted numbers or numbered items, quoted: \"5.24\", \"1.2.3\", \"(44)\""
                .to_string(),
        )
        .arg("value", &id.value),
    );
    None
}

/// Problems between rows: a pair twice; an id removed (or added) and mapped in another row.
fn check_rows(rows: &[Row], out: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<(Option<&str>, Option<&str>), Option<Location>> = BTreeMap::new();
    for r in rows {
        let key = (r.from.as_deref(), r.to.as_deref());
        if let Some(first) = seen.insert(key, r.at) {
            let pair = pair_text(r);
            let first_line = first.map_or(0, |l| l.line).to_string();
            out.push(
                error(
                    "mapping-duplicate-row",
                    r.at,
                    format!("the pair {pair} is mapped twice"),
                    format!("the first row is at line {first_line}; keep one"),
                )
                .arg("pair", &pair)
                .arg("first", &first_line),
            );
        }
    }
    // How many rows name `id` as their old item, and as their new item.
    let as_from = |id: &str| {
        rows.iter()
            .filter(|r| r.from.as_deref() == Some(id))
            .count()
    };
    let as_to = |id: &str| rows.iter().filter(|r| r.to.as_deref() == Some(id)).count();
    for r in rows {
        let relation = r.relation.id();
        // The side a relation is about, and how many rows name that item on that side.
        let (id, rows_naming) = match (r.relation, &r.from, &r.to) {
            (Relation::Removed | Relation::Split, Some(id), _) => (id.as_str(), as_from(id)),
            (Relation::Added | Relation::Merged, _, Some(id)) => (id.as_str(), as_to(id)),
            _ => continue,
        };
        let lone = matches!(r.relation, Relation::Removed | Relation::Added);
        if lone && rows_naming > 1 {
            out.push(
                error(
                    "mapping-lone-and-mapped",
                    r.at,
                    format!("{id} is `{relation}` in one row and mapped in another"),
                    "keep either this row or the others naming it".to_string(),
                )
                .arg("id", id)
                .arg("relation", relation),
            );
        } else if !lone && rows_naming < 2 {
            out.push(
                Diagnostic::warning(
                    "mapping-single-row",
                    r.at,
                    format!("{id} is `{relation}` in only one row"),
                )
                .with_help("a split has a row per new item, a merge a row per old item; with one row, use `changed`")
                .translated()
                .arg("id", id)
                .arg("relation", relation),
            );
        }
    }
}

fn pair_text(r: &Row) -> String {
    format!(
        "{} → {}",
        r.from.as_deref().unwrap_or("-"),
        r.to.as_deref().unwrap_or("-")
    )
}

/// The programme of `catalog`: `ctpat-msc`, or the one its `program.programme` names.
#[must_use]
pub fn programme_of(catalog: &Catalog) -> &str {
    &catalog.program.programme
}

/// Every finding of a mapping file for `ctpat validate`: its own problems, and, when both
/// sides are shipped C-TPAT versions, the checks against those catalogs.
#[must_use]
pub fn check_file(source: &Source) -> Vec<Diagnostic> {
    let (mapping, mut out) = check(source);
    let shipped = |side: &Side| {
        crate::criteria::embedded::catalog(&side.version)
            .and_then(Result::ok)
            .filter(|c| c.program.programme == side.programme)
    };
    if let Some(m) = &mapping {
        if let (Some(old), Some(new)) = (shipped(&m.from), shipped(&m.to)) {
            check_catalogs(m, &old, &new, &mut out);
        }
    }
    diagnostic::sort(&mut out);
    out
}

/// Checks the mapping's sides and ids against the catalogs it maps between.
fn check_catalogs(m: &Mapping, old: &Catalog, new: &Catalog, out: &mut Vec<Diagnostic>) {
    for (side, catalog, key) in [(&m.from, old, "from"), (&m.to, new, "to")] {
        let (programme, version) = (programme_of(catalog), &catalog.program.version);
        if side.programme != programme || side.version != *version {
            let wanted = format!("{programme} {version}");
            let found = format!("{} {}", side.programme, side.version);
            out.push(
                error(
                    "mapping-catalog-mismatch",
                    None,
                    format!("the mapping's `{key}` is {found}, but the criteria are {wanted}"),
                    "this mapping is for other criteria: check its `from:` and `to:`".to_string(),
                )
                .arg("side", key)
                .arg("found", &found)
                .arg("wanted", &wanted),
            );
        }
    }
    for r in &m.rows {
        for (id, catalog) in [(&r.from, old), (&r.to, new)] {
            let Some(id) = id else { continue };
            let known = id
                .parse::<CriterionId>()
                .ok()
                .and_then(|c| catalog.criterion(c))
                .is_some();
            if !known {
                let version = &catalog.program.version;
                out.push(
                    error(
                        "mapping-unknown-item",
                        r.at,
                        format!("{id} is not in criteria version {version}"),
                        "run `ctpat criteria list` to see the ids".to_string(),
                    )
                    .arg("id", id)
                    .arg("version", version),
                );
            }
        }
    }
}

// ---- deriving and overriding -------------------------------------------------------------

fn same_text(o: &Criterion, n: &Criterion) -> bool {
    o.title == n.title && o.question == n.question && o.guidance == n.guidance
}

/// The mapping between two catalogs read off the criteria: an id in both with the same
/// requirement and text is `equal`, with either changed `changed`; an id only in the old
/// catalog is `removed`, only in the new one `added`. Every row is `draft`: no person checked
/// it, the rule did.
#[must_use]
pub fn derive(old: &Catalog, new: &Catalog) -> Mapping {
    let mut rows = Vec::new();
    let row = |from: Option<CriterionId>, to: Option<CriterionId>, relation| Row {
        from: from.map(|id| id.to_string()),
        to: to.map(|id| id.to_string()),
        relation,
        state: State::Draft,
        note: None,
        stricter: None,
        at: None,
    };
    for o in &old.criteria {
        rows.push(match new.criterion(o.id) {
            Some(n) if n.requirement == o.requirement && same_text(o, n) => {
                row(Some(o.id), Some(n.id), Relation::Equal)
            }
            Some(n) => row(Some(o.id), Some(n.id), Relation::Changed),
            None => row(Some(o.id), None, Relation::Removed),
        });
    }
    for n in &new.criteria {
        if old.criterion(n.id).is_none() {
            rows.push(row(None, Some(n.id), Relation::Added));
        }
    }
    Mapping {
        title: None,
        from: Side {
            programme: programme_of(old).to_string(),
            version: old.program.version.clone(),
        },
        to: Side {
            programme: programme_of(new).to_string(),
            version: new.program.version.clone(),
        },
        state: State::Draft,
        sources: Vec::new(),
        rows,
        overrides: Vec::new(),
    }
}

/// `base` with the rows of `file` in place of its rows for the ids `file` names: every base
/// row whose old item is a `from` of `file`, or whose new item is a `to` of `file`, is
/// dropped, then `file`'s rows are added. An old item left with no row is treated as
/// removed, a new one as added (see [`migrate`]). `name` says where `file` came from.
#[must_use]
pub fn overlay(base: Mapping, file: &Mapping, name: &str) -> Mapping {
    let froms: BTreeSet<&str> = file.rows.iter().filter_map(|r| r.from.as_deref()).collect();
    let tos: BTreeSet<&str> = file.rows.iter().filter_map(|r| r.to.as_deref()).collect();
    let mut rows: Vec<Row> = base
        .rows
        .into_iter()
        .filter(|r| {
            !r.from.as_deref().is_some_and(|id| froms.contains(id))
                && !r.to.as_deref().is_some_and(|id| tos.contains(id))
        })
        .collect();
    rows.extend(file.rows.iter().cloned());
    let mut sources = base.sources;
    sources.extend(file.sources.iter().cloned());
    let mut overrides = base.overrides;
    overrides.push(name.to_string());
    Mapping {
        title: file.title.clone().or(base.title),
        rows,
        sources,
        overrides,
        ..base
    }
}

/// The shipped mapping file from `old` to `new` version, as (file name, text), if any.
#[must_use]
pub fn shipped(old: &str, new: &str) -> Option<(&'static str, &'static str)> {
    SHIPPED
        .iter()
        .find(|(f, t, ..)| *f == old && *t == new)
        .map(|(_, _, name, text, _)| (*name, *text))
}

/// The shipped mapping from `old` to `new`, from its compiled form (falling back to loading
/// the YAML, which a test guarantees never happens), with its file name.
fn shipped_mapping(old: &str, new: &str) -> Option<Result<(Mapping, &'static str), Invalid>> {
    let (_, _, name, text, compiled) = SHIPPED.iter().find(|(f, t, ..)| *f == old && *t == new)?;
    if let Ok(mapping) = serde_json::from_str::<Mapping>(compiled) {
        return Some(Ok((mapping, *name)));
    }
    let source = Source::new(format!("<embedded {name}>"), *text);
    Some(parse(&source).map(|loaded| (loaded.value, *name)))
}

/// The mapping from `old` to `new`: derived, then the shipped file for the pair (if any),
/// then `user`'s file (if any) overriding the rows for the ids they name.
///
/// # Errors
/// [`Invalid`] when the shipped file does not fit the catalogs given (a catalog loaded from
/// a file under a shipped version's name); a test keeps the shipped ones valid.
pub fn between(
    old: &Catalog,
    new: &Catalog,
    user: Option<(&Mapping, &str)>,
) -> Result<Mapping, Invalid> {
    // Ids mean the same thing only across versions of the C-TPAT MSC; between programmes, or
    // versions of another programme (China Customs renumbers its items), only the files map.
    let mut mapping = derive(old, new);
    if !(old.program.is_msc() && new.program.is_msc()) {
        mapping.rows.clear();
    }
    if let Some(found) = shipped_mapping(&old.program.version, &new.program.version) {
        let (file, name) = found?;
        // The catalogs may be files under a shipped version's name: the ids must still fit.
        let mut out = Vec::new();
        check_catalogs(&file, old, new, &mut out);
        if !out.is_empty() {
            let text = shipped(&old.program.version, &new.program.version).map_or("", |s| s.1);
            return Err(Invalid {
                file: Source::new(format!("<embedded {name}>"), text),
                diagnostics: out,
            });
        }
        mapping = overlay(mapping, &file, name);
    }
    if let Some((file, name)) = user {
        mapping = overlay(mapping, file, name);
    }
    Ok(mapping)
}

// ---- migrating answers -------------------------------------------------------------------

/// What became of each answer, by bucket (ids sorted).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Plan {
    /// The version migrated from.
    pub from_version: String,
    /// The version migrated to.
    pub to_version: String,
    /// New criteria whose answer carried unchanged.
    pub carried: Vec<CriterionId>,
    /// New criteria whose answer carried but must be asked again (`review: true`).
    pub review: Vec<CriterionId>,
    /// New criteria with no predecessor that apply to the company: unanswered.
    pub new: Vec<CriterionId>,
    /// Old criteria whose answer has no successor: kept in `migrated_from`.
    pub removed: Vec<CriterionId>,
}

/// An answers file carried to another criteria version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migrated {
    /// The answers against the new catalog: `criteria_version` set to it, review flags in
    /// `kept.review`, the old file's traces in `kept.migrated_from`. They validate against
    /// the new catalog and score like any answers.
    pub answers: Answers,
    /// What happened to each answer.
    pub plan: Plan,
}

/// An entry of an answers file, scored or not.
#[derive(Debug, Clone)]
enum Entry {
    Answer(Answer),
    Draft(Draft),
}

impl Entry {
    fn kept(&self) -> KeptAnswer {
        match self {
            Entry::Answer(a) => KeptAnswer {
                status: Some(a.status),
                evidence: a.evidence.clone(),
                note: a.note.clone(),
                owner: a.owner.clone(),
                due: a.due.clone(),
            },
            Entry::Draft(d) => KeptAnswer {
                status: None,
                evidence: d.evidence.clone(),
                note: d.note.clone(),
                owner: d.owner.clone(),
                due: d.due.clone(),
            },
        }
    }
}

/// How weak a status is, for a merge: the weakest answer wins (not applicable only when every
/// source is).
fn strength(s: Status) -> u8 {
    match s {
        Status::NotImplemented => 0,
        Status::Partial => 1,
        Status::Implemented => 2,
        Status::NotApplicable => 3,
    }
}

/// Several answers merged into one: the weakest status with its owner and due date, every
/// evidence item once, the notes joined.
fn merge(answers: &[&Answer]) -> Option<Answer> {
    let weakest = answers.iter().min_by_key(|a| strength(a.status))?;
    let mut evidence: Vec<crate::answers::Evidence> = Vec::new();
    for a in answers {
        for e in &a.evidence {
            if !evidence.contains(e) {
                evidence.push(e.clone());
            }
        }
    }
    let notes: Vec<&str> = answers.iter().filter_map(|a| a.note.as_deref()).collect();
    Some(Answer {
        evidence,
        note: (!notes.is_empty()).then(|| notes.join("\n")),
        ..(*weakest).clone()
    })
}

/// Carries `answers`, given against `old`, to `new` through `mapping`, on date `on`;
/// `source_sha256` is the SHA-256 of the old file's bytes, recorded in `migrated_from`.
///
/// - `equal`: the answer (or draft) carries as it is;
/// - `changed`, `split`, `broader`, `narrower`, `related`: it carries with `review: true`
///   (each new item of a split gets it);
/// - `merged` (or any several rows into one new item): the new item gets the weakest of its
///   sources' answers, with `review: true`, and every source's answer is kept in
///   `migrated_from`;
/// - `removed`, or an old id with no row: the answer is kept in `migrated_from`;
/// - new criteria with no predecessor stay unanswered.
///
/// An answer that would not load at the new version (not applicable on what is now a Must,
/// without a note) arrives as a draft to review, its old form kept in `migrated_from`.
/// Answers to criteria that do not apply to the company at the new version are set aside as
/// the loader does. Review flags never change the score: [`crate::scoring::assess`] reads
/// only `answers.answers`.
#[must_use]
#[allow(clippy::too_many_lines)]
pub fn migrate(
    answers: &Answers,
    old: &Catalog,
    new: &Catalog,
    mapping: &Mapping,
    on: Date,
    source_sha256: &str,
) -> Migrated {
    let entity = answers.company.entity;
    let mut entries: BTreeMap<CriterionId, Entry> = BTreeMap::new();
    for (id, a) in answers.answers.iter().chain(&answers.kept.outside) {
        entries.insert(*id, Entry::Answer(a.clone()));
    }
    for (id, d) in &answers.kept.drafts {
        entries
            .entry(*id)
            .or_insert_with(|| Entry::Draft(d.clone()));
    }
    let parse = |s: &Option<String>| s.as_deref().and_then(|s| s.parse::<CriterionId>().ok());
    // Each new id and the rows into it.
    let mut into: BTreeMap<CriterionId, Vec<(CriterionId, Relation)>> = BTreeMap::new();
    let mut mapped_from: BTreeSet<CriterionId> = BTreeSet::new();
    for r in &mapping.rows {
        let (from, to) = (parse(&r.from), parse(&r.to));
        if let Some(f) = from {
            if r.relation != Relation::Removed {
                mapped_from.insert(f);
            }
        }
        if let (Some(f), Some(t)) = (from, to) {
            into.entry(t).or_default().push((f, r.relation));
        }
    }
    let mut out = Answers {
        criteria_version: Some(new.program.version.clone()),
        answers: BTreeMap::new(),
        best_practices: Vec::new(),
        waivers: Vec::new(),
        kept: crate::answers::Kept {
            header: answers.kept.header.clone(),
            ..crate::answers::Kept::default()
        },
        ..answers.clone()
    };
    let mut plan = Plan {
        from_version: old.program.version.clone(),
        to_version: new.program.version.clone(),
        ..Plan::default()
    };
    let mut kept: BTreeMap<String, KeptAnswer> = BTreeMap::new();
    let mut review: BTreeSet<CriterionId> = BTreeSet::new();
    for n in &new.criteria {
        let sources: Vec<(CriterionId, Relation, &Entry)> = into
            .get(&n.id)
            .into_iter()
            .flatten()
            .filter_map(|(f, rel)| entries.get(f).map(|e| (*f, *rel, e)))
            .collect();
        let applies = n.applies(entity);
        if into.get(&n.id).is_none_or(Vec::is_empty) {
            if applies {
                plan.new.push(n.id);
            }
            continue;
        }
        let answered: Vec<&Answer> = sources
            .iter()
            .filter_map(|(_, _, e)| match e {
                Entry::Answer(a) => Some(a),
                Entry::Draft(_) => None,
            })
            .collect();
        // Several answers into one (a merge, or a crosswalk's many-to-one rows): the new item
        // holds one of them, so each is also kept as it was.
        let merged =
            sources.len() > 1 || sources.iter().any(|(_, rel, _)| *rel == Relation::Merged);
        if merged {
            for (f, _, e) in &sources {
                kept.insert(f.to_string(), e.kept());
            }
        }
        let verbatim = sources.len() == 1 && sources[0].1 == Relation::Equal;
        let entry = if answered.is_empty() {
            // Only drafts: the first carries (a draft is not scored, so nothing to review).
            sources.first().map(|(_, _, e)| (*e).clone())
        } else {
            merge(&answered).map(Entry::Answer)
        };
        let Some(mut entry) = entry else {
            continue;
        };
        let mut to_review = !verbatim;
        // Was it set aside at the old version (did not apply) and applies now?
        let was_outside = sources
            .iter()
            .any(|(f, _, _)| answers.kept.outside.contains_key(f));
        if was_outside && applies {
            to_review = true;
        }
        if let Entry::Answer(a) = &entry {
            let must = n.requirement == crate::criteria::Requirement::Must;
            let unjustified = a.note.as_deref().is_none_or(|t| t.trim().is_empty());
            if applies && must && a.status == Status::NotApplicable && unjustified {
                for (f, _, e) in &sources {
                    kept.insert(f.to_string(), e.kept());
                }
                entry = Entry::Draft(Draft {
                    evidence: a.evidence.clone(),
                    note: a.note.clone(),
                    owner: a.owner.clone(),
                    due: a.due.clone(),
                });
                to_review = true;
            }
        }
        match entry {
            Entry::Answer(a) if applies => {
                out.answers.insert(n.id, a);
            }
            Entry::Answer(a) => {
                out.kept.outside.insert(n.id, a);
            }
            // An empty draft is written only to hold its `review: true`.
            Entry::Draft(d) => {
                if !d.is_empty() || to_review {
                    out.kept.drafts.insert(n.id, d);
                }
            }
        }
        let present = out.answers.contains_key(&n.id) || out.kept.drafts.contains_key(&n.id);
        if to_review && present {
            review.insert(n.id);
        }
        if applies && present {
            if review.contains(&n.id) {
                plan.review.push(n.id);
            } else {
                plan.carried.push(n.id);
            }
        } else if applies {
            plan.new.push(n.id);
        }
    }
    for (id, e) in &entries {
        if !mapped_from.contains(id) {
            kept.insert(id.to_string(), e.kept());
            plan.removed.push(*id);
        }
    }
    // A best practice names the new ids its criteria map to; a criterion with no successor
    // drops out of its list, the practice itself (title, elements, evidence) stays.
    for bp in &answers.best_practices {
        let mut criteria: Vec<CriterionId> = Vec::new();
        for c in &bp.criteria {
            for t in mapping
                .rows
                .iter()
                .filter(|r| parse(&r.from) == Some(*c))
                .filter_map(|r| parse(&r.to))
            {
                if new.criterion(t).is_some() && !criteria.contains(&t) {
                    criteria.push(t);
                }
            }
        }
        out.best_practices.push(crate::answers::BestPractice {
            criteria,
            ..bp.clone()
        });
    }
    let kept_waivers = carry_waivers(answers, new, mapping, &mut out);
    out.kept.review = review;
    out.kept.migrated_from = Some(MigratedFrom {
        criteria_version: old.program.version.clone(),
        sha256: source_sha256.to_string(),
        migrated_on: on.to_string(),
        answers: kept,
        waivers: kept_waivers,
    });
    Migrated { answers: out, plan }
}

/// Carries each waiver to the new criteria its criterion maps to, into `out.waivers`, and
/// returns those to keep as they were: every waiver not carried unchanged to one `equal`
/// successor. A waiver is not carried to a Must when it has no `expires` date (CBP does not
/// waive a Must: such a file would not load), nor to a criterion already waived.
fn carry_waivers(
    answers: &Answers,
    new: &Catalog,
    mapping: &Mapping,
    out: &mut Answers,
) -> Vec<crate::answers::Waiver> {
    let mut kept = Vec::new();
    for w in &answers.waivers {
        let old_id = w.criterion.to_string();
        let rows: Vec<(CriterionId, Relation)> = mapping
            .rows
            .iter()
            .filter(|r| r.from.as_deref() == Some(old_id.as_str()))
            .filter_map(|r| Some((r.to.as_deref()?.parse().ok()?, r.relation)))
            .filter(|(t, _)| new.criterion(*t).is_some())
            .collect();
        let mut unchanged = rows.len() == 1 && rows[0].1 == Relation::Equal;
        for (t, _) in &rows {
            let must = new
                .criterion(*t)
                .is_some_and(|c| c.requirement == crate::criteria::Requirement::Must);
            if (must && w.expires.is_none()) || out.waivers.iter().any(|x| x.criterion == *t) {
                unchanged = false;
                continue;
            }
            out.waivers.push(crate::answers::Waiver {
                criterion: *t,
                ..w.clone()
            });
        }
        if !unchanged {
            kept.push(w.clone());
        }
    }
    kept
}

#[cfg(test)]
mod tests;
