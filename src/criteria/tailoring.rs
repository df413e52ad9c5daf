//! Tailoring files (`ctpat-tailoring/1`): one company's or consultant's changes to a catalog.
//!
//! A tailoring file changes the criteria without forking them: which criteria apply to an
//! entity type (a few added or removed, or the member's whole CTPAT Portal security profile),
//! a Must turned Should or back (always with a reason), and the consultant's own criteria in
//! a namespace of their own (`ACME-5.1`) that can never be read as a CBP id. The file goes
//! through the usual layers: the raw serde types mirror it, [`check`] validates it against
//! the catalog it will change and reports every problem located, and [`apply`] returns the
//! changed catalog, recording what changed in [`Catalog::tailoring`] so every report can say
//! so. Pure: the caller reads the file and names it.

use super::raw::{RawText, S};
use super::{
    Catalog, Coverage, Criterion, CriterionId, Entity, Guidance, Loaded, Namespace, Requirement,
};
use crate::diagnostic::{self, did_you_mean, Diagnostic, Invalid, Location, Severity, Source};
use crate::messages::Messages;
use crate::text::Lang;
use crate::text::Text;
use crate::yaml::{self, location};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The format tag every tailoring file starts with.
pub const FORMAT_TAG: &str = "ctpat-tailoring/1";

// ---- the file as written -----------------------------------------------------------------

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "ctpat tailoring file (ctpat-tailoring/1)",
    description = "One company's or consultant's changes to the C-TPAT criteria: criteria added to or removed from an entity type (or the member's whole CTPAT Portal profile), Must/Should changes with reasons, and house criteria. See docs/tailoring.md."
)]
#[schemars(rename = "Tailoring")]
struct RawTailoring {
    /// Always `ctpat-tailoring/1`.
    #[schemars(extend("const" = "ctpat-tailoring/1"))]
    format: S<String>,
    /// What this tailoring is, in a few words (shown in reports).
    title: Option<S<String>>,
    /// The prefix of the house criteria's ids: 2 to 8 capital letters and digits, e.g. `ACME`.
    #[schemars(extend("pattern" = "^[A-Z][A-Z0-9]{1,7}$"))]
    namespace: Option<S<String>>,
    /// Changes to the criteria that apply to each entity type.
    #[serde(default)]
    entities: Vec<RawEntityChange>,
    /// Must/Should changes to CBP criteria.
    #[serde(default)]
    requirements: Vec<RawRequirementChange>,
    /// The house criteria, ids in `namespace`.
    #[serde(default)]
    criteria: Vec<RawHouseCriterion>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "EntityChange")]
struct RawEntityChange {
    /// The entity type changed.
    #[schemars(with = "Entity")]
    entity: S<String>,
    /// The member's whole CTPAT Portal security profile: exactly these CBP criteria apply.
    /// Not together with `add` or `remove`.
    #[schemars(with = "Option<Vec<CbpId>>")]
    profile: Option<S<Vec<S<String>>>>,
    /// CBP criteria that apply besides the catalog's.
    #[serde(default)]
    #[schemars(with = "Vec<CbpId>")]
    add: Vec<S<String>>,
    /// CBP criteria of the catalog that do not apply.
    #[serde(default)]
    #[schemars(with = "Vec<CbpId>")]
    remove: Vec<S<String>>,
}

/// A CBP criterion id, quoted: "5.24".
#[derive(JsonSchema)]
#[schemars(extend("pattern" = "^[1-9][0-9]{0,3}\\.[1-9][0-9]{0,3}$"))]
#[allow(dead_code)]
struct CbpId(String);

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "RequirementChange")]
struct RawRequirementChange {
    /// The CBP criterion.
    #[schemars(with = "CbpId")]
    id: S<String>,
    /// Its requirement from now on.
    #[schemars(with = "Requirement")]
    requirement: S<String>,
    /// Why (required; optional in the schema only so a missing one is reported located).
    reason: Option<S<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "HouseCriterion")]
struct RawHouseCriterion {
    /// `NAMESPACE-category.number`, e.g. `ACME-5.1`: filed under category 5.
    #[schemars(extend("pattern" = "^[A-Z][A-Z0-9]{1,7}-[1-9][0-9]{0,3}\\.[1-9][0-9]{0,3}$"))]
    id: S<String>,
    /// Must or Should (required; optional in the schema only so a missing one is reported
    /// with the criterion's id).
    #[schemars(with = "Option<Requirement>")]
    requirement: Option<S<String>>,
    /// The entity types it applies to.
    #[schemars(with = "Vec<Entity>")]
    applies_to: S<Vec<S<String>>>,
    title: S<RawText>,
    question: S<RawText>,
    /// What a good implementation looks like.
    good: Option<S<RawText>>,
    /// The evidence a validator would ask for.
    #[serde(default)]
    evidence: Vec<S<RawText>>,
}

// ---- validated -------------------------------------------------------------------------

/// How a tailoring changes one entity type's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListChange {
    /// The member's whole Portal profile: exactly these CBP criteria apply.
    Profile(BTreeSet<CriterionId>),
    /// Criteria added and removed.
    Adjust {
        /// Added.
        add: BTreeSet<CriterionId>,
        /// Removed.
        remove: BTreeSet<CriterionId>,
    },
}

/// A validated tailoring file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tailoring {
    /// The file's title.
    pub title: Option<String>,
    /// The house namespace.
    pub namespace: Option<Namespace>,
    /// Per entity type.
    pub entities: BTreeMap<Entity, ListChange>,
    /// Must/Should changes: criterion, new requirement, reason.
    pub requirements: BTreeMap<CriterionId, (Requirement, String)>,
    /// The house criteria.
    pub criteria: Vec<Criterion>,
}

impl Tailoring {
    /// A tailoring that changes nothing.
    #[must_use]
    pub fn empty() -> Self {
        Tailoring {
            title: None,
            namespace: None,
            entities: BTreeMap::new(),
            requirements: BTreeMap::new(),
            criteria: Vec::new(),
        }
    }
}

/// What a tailoring changed in a catalog, kept in [`Catalog::tailoring`] for the reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tailored {
    /// The file's name (without its folder).
    pub name: String,
    /// SHA-256 (lower-case hex) of the file's text.
    pub sha256: String,
    /// The file's title.
    pub title: Option<String>,
    /// Entity types whose list is the member's whole Portal profile.
    pub profiles: Vec<Entity>,
    /// CBP criteria added, per entity type.
    pub added: BTreeMap<Entity, Vec<CriterionId>>,
    /// CBP criteria removed, per entity type.
    pub removed: BTreeMap<Entity, Vec<CriterionId>>,
    /// Criteria changed to Must.
    pub to_must: Vec<CriterionId>,
    /// Criteria changed to Should.
    pub to_should: Vec<CriterionId>,
    /// The house criteria.
    pub house: Vec<CriterionId>,
}

/// What a tailoring changed for one entity type.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EntityChanges {
    /// The list is the member's whole Portal profile.
    pub profile: bool,
    /// CBP criteria added.
    pub added: Vec<CriterionId>,
    /// CBP criteria removed.
    pub removed: Vec<CriterionId>,
    /// Criteria that apply to it and were changed to Must.
    pub to_must: Vec<CriterionId>,
    /// Criteria that apply to it and were changed to Should.
    pub to_should: Vec<CriterionId>,
    /// House criteria that apply to it.
    pub house: Vec<CriterionId>,
}

impl Tailored {
    /// The changes that concern `entity` in the tailored `catalog`.
    #[must_use]
    pub fn for_entity(&self, catalog: &Catalog, entity: Entity) -> EntityChanges {
        let applies =
            |id: &&CriterionId| catalog.criterion(**id).is_some_and(|c| c.applies(entity));
        let pick = |ids: &[CriterionId]| ids.iter().filter(applies).copied().collect();
        EntityChanges {
            profile: self.profiles.contains(&entity),
            added: self.added.get(&entity).cloned().unwrap_or_default(),
            removed: self.removed.get(&entity).cloned().unwrap_or_default(),
            to_must: pick(&self.to_must),
            to_should: pick(&self.to_should),
            house: pick(&self.house),
        }
    }
}

/// Parses and validates a tailoring file against `catalog` and applies it, recording the
/// file's name (without its folder) and the SHA-256 of its text in the result.
///
/// # Errors
/// [`Invalid`] with every problem found, when any of them is an error.
pub fn load(source: &Source, catalog: &Catalog) -> Result<Loaded<Catalog>, Invalid> {
    let (tailoring, diagnostics) = check(source, catalog);
    match tailoring {
        Some(t) if !diagnostics.iter().any(Diagnostic::is_error) => Ok(Loaded {
            value: apply(catalog, &t, &file_name(&source.name), &source.text),
            warnings: diagnostics,
        }),
        _ => Err(Invalid {
            file: source.clone(),
            diagnostics,
        }),
    }
}

/// The last part of a path, for reports (the folder says nothing to a reader).
fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_string()
}

/// Every finding in a tailoring file checked against `catalog`, in file order, with the
/// tailoring when the file parsed (it may still hold errors). For `ctpat validate`.
#[must_use]
pub fn check(source: &Source, catalog: &Catalog) -> (Option<Tailoring>, Vec<Diagnostic>) {
    let raw: RawTailoring = match yaml::parse(&source.text) {
        Ok(raw) => raw,
        Err(d) => return (None, vec![d]),
    };
    let mut v = Validator {
        catalog,
        out: Vec::new(),
    };
    let tailoring = v.tailoring(raw);
    diagnostic::sort(&mut v.out);
    (Some(tailoring), v.out)
}

/// The JSON Schema (draft-07) of `ctpat-tailoring/1` files, for editors and CI.
#[must_use]
pub fn json_schema() -> serde_json::Value {
    schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<RawTailoring>()
        .to_value()
}

/// `catalog` changed by `tailoring`; `name` and `text` are the file's, recorded with its hash.
#[must_use]
pub fn apply(catalog: &Catalog, tailoring: &Tailoring, name: &str, text: &str) -> Catalog {
    let mut out = catalog.clone();
    let mut record = Tailored {
        name: crate::text::inert(name).into_owned(),
        sha256: crate::report::sha256_hex(text.as_bytes()),
        title: tailoring.title.clone(),
        profiles: Vec::new(),
        added: BTreeMap::new(),
        removed: BTreeMap::new(),
        to_must: Vec::new(),
        to_should: Vec::new(),
        house: tailoring.criteria.iter().map(|c| c.id).collect(),
    };
    for (id, (requirement, _)) in &tailoring.requirements {
        if let Some(c) = out.criteria.iter_mut().find(|c| c.id == *id) {
            if c.requirement != *requirement {
                c.requirement = *requirement;
                match requirement {
                    Requirement::Must => record.to_must.push(*id),
                    Requirement::Should => record.to_should.push(*id),
                }
            }
        }
    }
    for (entity, change) in &tailoring.entities {
        let wanted = |c: &Criterion| match change {
            ListChange::Profile(ids) => ids.contains(&c.id),
            ListChange::Adjust { add, remove } => {
                (c.applies(*entity) || add.contains(&c.id)) && !remove.contains(&c.id)
            }
        };
        let (mut added, mut removed) = (Vec::new(), Vec::new());
        for c in &mut out.criteria {
            match (c.applies(*entity), wanted(c)) {
                (false, true) => {
                    c.applies_to.push(*entity);
                    c.applies_to.sort();
                    added.push(c.id);
                }
                (true, false) => {
                    c.applies_to.retain(|e| e != entity);
                    removed.push(c.id);
                }
                _ => {}
            }
        }
        if matches!(change, ListChange::Profile(_)) {
            record.profiles.push(*entity);
            if let Some(info) = out.entities.iter_mut().find(|e| e.id == *entity) {
                info.coverage = Coverage::MemberProfile;
            }
        }
        if !added.is_empty() {
            record.added.insert(*entity, added);
        }
        if !removed.is_empty() {
            record.removed.insert(*entity, removed);
        }
    }
    out.criteria.extend(tailoring.criteria.iter().cloned());
    out.criteria.sort_by_key(|c| c.id);
    out.tailoring = Some(record);
    out
}

// ---- validation ------------------------------------------------------------------------

/// A finding worded by the templates `diag:<message>` and `diag-help:<help>` of
/// criteria/ui.yaml: the English text is the English template filled, so the Chinese one
/// says the same with the same values.
fn finding(
    severity: Severity,
    code: &'static str,
    at: Option<Location>,
    (message, help): (&'static str, &'static str),
    args: &[(&'static str, String)],
) -> Diagnostic {
    let en = Messages::embedded(Lang::En);
    let fill = |area: &str, name: &str| diagnostic::fill(en.get(&format!("{area}:{name}")), args);
    let d = Diagnostic {
        severity,
        ..Diagnostic::error(code, at, fill("diag", message))
    }
    .with_help(fill("diag-help", help))
    .message_template(message)
    .help_template(help);
    args.iter().fold(d, |d, (name, value)| d.arg(name, value))
}

struct Validator<'a> {
    catalog: &'a Catalog,
    out: Vec<Diagnostic>,
}

impl Validator<'_> {
    fn error<T>(
        &mut self,
        code: &'static str,
        at: &S<T>,
        templates: (&'static str, &'static str),
        args: &[(&'static str, String)],
    ) {
        self.push(Severity::Error, code, at, templates, args);
    }

    fn warning<T>(
        &mut self,
        code: &'static str,
        at: &S<T>,
        templates: (&'static str, &'static str),
        args: &[(&'static str, String)],
    ) {
        self.push(Severity::Warning, code, at, templates, args);
    }

    fn push<T>(
        &mut self,
        severity: Severity,
        code: &'static str,
        at: &S<T>,
        templates: (&'static str, &'static str),
        args: &[(&'static str, String)],
    ) {
        self.out
            .push(finding(severity, code, location(at), templates, args));
    }

    fn tailoring(&mut self, raw: RawTailoring) -> Tailoring {
        if raw.format.value != FORMAT_TAG {
            self.error(
                "wrong-format",
                &raw.format,
                ("tailoring-wrong-format", "tailoring-wrong-format"),
                &[("format", raw.format.value.clone())],
            );
        }
        let namespace = raw.namespace.as_ref().and_then(|ns| {
            let value = ns.value.as_str();
            let message = if Namespace::RESERVED.contains(&value) {
                "reserved-namespace"
            } else {
                "bad-namespace"
            };
            let parsed = value.parse::<Namespace>().ok();
            if parsed.is_none() {
                self.error(
                    "bad-namespace",
                    ns,
                    (message, "bad-namespace"),
                    &[("value", value.to_string())],
                );
            }
            parsed
        });
        let requirements = self.requirements(&raw.requirements);
        let criteria = self.house_criteria(&raw.criteria, raw.namespace.as_ref(), namespace);
        let entities = self.entities(&raw.entities);
        Tailoring {
            // Shown in terminals and reports: control and bidi characters made inert here.
            title: raw
                .title
                .map(|t| crate::text::inert(t.value.trim()).into_owned())
                .filter(|t| !t.is_empty()),
            namespace,
            entities,
            requirements,
            criteria,
        }
    }

    /// A CBP criterion of the catalog, or a finding.
    fn cbp_id(&mut self, raw: &S<String>) -> Option<CriterionId> {
        let value = || ("value", raw.value.clone());
        let id = match raw.value.parse::<CriterionId>() {
            Ok(id) if id.is_cbp() => id,
            Ok(id) => {
                self.error(
                    "house-id-in-cbp-list",
                    raw,
                    ("house-id-in-cbp-list", "house-id-in-cbp-list"),
                    &[("id", id.to_string())],
                );
                return None;
            }
            Err(_) => {
                self.error("bad-id", raw, ("bad-id", "cbp-id-example"), &[value()]);
                return None;
            }
        };
        if self.catalog.criterion(id).is_some() {
            return Some(id);
        }
        let shown: Vec<String> = self
            .catalog
            .criteria
            .iter()
            .map(|c| c.id.to_string())
            .collect();
        let near = did_you_mean(&raw.value, shown.iter().map(String::as_str));
        let help = if near.is_some() {
            "did-you-mean"
        } else {
            "tailoring-list-ids"
        };
        self.error(
            "unknown-criterion",
            raw,
            ("tailoring-unknown-criterion", help),
            &[
                ("id", id.to_string()),
                ("near", near.unwrap_or_default().to_string()),
                ("version", self.catalog.program.version.clone()),
            ],
        );
        None
    }

    fn entity(&mut self, raw: &S<String>) -> Option<Entity> {
        raw.value
            .parse::<Entity>()
            .map_err(|_| {
                let near = did_you_mean(&raw.value, Entity::ids());
                let message = if near.is_some() {
                    "unknown-entity-near"
                } else {
                    "unknown-entity"
                };
                self.error(
                    "unknown-entity",
                    raw,
                    (message, "unknown-entity"),
                    &[
                        ("entity", raw.value.clone()),
                        ("near", near.unwrap_or_default().to_string()),
                        ("entities", Entity::ids().join(", ")),
                    ],
                );
            })
            .ok()
    }

    /// The ids of a list, each checked once; a repeat is a `duplicate-id`.
    fn id_list(
        &mut self,
        raw: &[S<String>],
        seen: &mut BTreeMap<CriterionId, u32>,
    ) -> BTreeSet<CriterionId> {
        let mut out = BTreeSet::new();
        for r in raw {
            let Some(id) = self.cbp_id(r) else { continue };
            let line = location(r).map_or(0, |l| l.line);
            if let Some(first) = seen.insert(id, line) {
                self.error(
                    "duplicate-id",
                    r,
                    ("listed-twice", "listed-twice"),
                    &[("id", id.to_string()), ("first", first.to_string())],
                );
                continue;
            }
            out.insert(id);
        }
        out
    }

    fn entities(&mut self, raw: &[RawEntityChange]) -> BTreeMap<Entity, ListChange> {
        let mut out = BTreeMap::new();
        let mut lines: BTreeMap<Entity, u32> = BTreeMap::new();
        for change in raw {
            let entity = self.entity(&change.entity);
            let mut seen = BTreeMap::new();
            let list = match &change.profile {
                Some(profile) => {
                    if !change.add.is_empty() || !change.remove.is_empty() {
                        self.error(
                            "profile-with-changes",
                            profile,
                            ("profile-with-changes", "profile-with-changes"),
                            &[],
                        );
                    }
                    if profile.value.is_empty() {
                        self.error(
                            "empty-profile",
                            profile,
                            ("empty-profile", "empty-profile"),
                            &[],
                        );
                    }
                    ListChange::Profile(self.id_list(&profile.value, &mut seen))
                }
                None => {
                    let add = self.id_list(&change.add, &mut seen);
                    let remove = self.id_list(&change.remove, &mut seen);
                    ListChange::Adjust { add, remove }
                }
            };
            let Some(entity) = entity else { continue };
            if let ListChange::Adjust { add, remove } = &list {
                self.redundant(entity, &change.add, add, true);
                self.redundant(entity, &change.remove, remove, false);
            }
            let line = location(&change.entity).map_or(0, |l| l.line);
            if let Some(first) = lines.insert(entity, line) {
                self.error(
                    "duplicate-entity",
                    &change.entity,
                    ("tailored-twice", "tailored-twice"),
                    &[("entity", entity.to_string()), ("first", first.to_string())],
                );
                continue;
            }
            out.insert(entity, list);
        }
        out
    }

    /// Warns about an added criterion that already applies, or a removed one that does not.
    fn redundant(
        &mut self,
        entity: Entity,
        raw: &[S<String>],
        ids: &BTreeSet<CriterionId>,
        adding: bool,
    ) {
        for r in raw {
            let Ok(id) = r.value.parse::<CriterionId>() else {
                continue;
            };
            let Some(c) = self.catalog.criterion(id) else {
                continue;
            };
            if ids.contains(&id) && c.applies(entity) == adding {
                let message = if adding {
                    "redundant-add"
                } else {
                    "redundant-remove"
                };
                self.warning(
                    "redundant-change",
                    r,
                    (message, "redundant-change"),
                    &[("id", id.to_string()), ("entity", entity.to_string())],
                );
            }
        }
    }

    fn requirement(&mut self, raw: &S<String>) -> Option<Requirement> {
        match raw.value.as_str() {
            "must" => Some(Requirement::Must),
            "should" => Some(Requirement::Should),
            other => {
                let near = did_you_mean(other, ["must", "should"]);
                let help = if near.is_some() {
                    "did-you-mean"
                } else {
                    "must-or-should"
                };
                self.error(
                    "unknown-requirement",
                    raw,
                    ("tailoring-unknown-requirement", help),
                    &[
                        ("value", other.to_string()),
                        ("near", near.unwrap_or_default().to_string()),
                    ],
                );
                None
            }
        }
    }

    fn requirements(
        &mut self,
        raw: &[RawRequirementChange],
    ) -> BTreeMap<CriterionId, (Requirement, String)> {
        let mut out = BTreeMap::new();
        let mut lines: BTreeMap<CriterionId, u32> = BTreeMap::new();
        for change in raw {
            let id = self.cbp_id(&change.id);
            let requirement = self.requirement(&change.requirement);
            let reason = match &change.reason {
                Some(r) if !r.value.trim().is_empty() => Some(r.value.trim().to_string()),
                Some(r) => {
                    self.error("missing-reason", r, ("empty-reason", "empty-reason"), &[]);
                    None
                }
                None => {
                    self.error(
                        "missing-reason",
                        &change.id,
                        ("missing-reason", "missing-reason"),
                        &[("id", change.id.value.clone())],
                    );
                    None
                }
            };
            let (Some(id), Some(requirement), Some(reason)) = (id, requirement, reason) else {
                continue;
            };
            let line = location(&change.id).map_or(0, |l| l.line);
            if let Some(first) = lines.insert(id, line) {
                self.error(
                    "duplicate-id",
                    &change.id,
                    ("changed-twice", "changed-twice"),
                    &[("id", id.to_string()), ("first", first.to_string())],
                );
                continue;
            }
            if self
                .catalog
                .criterion(id)
                .is_some_and(|c| c.requirement == requirement)
            {
                let message = match requirement {
                    Requirement::Must => "redundant-must",
                    Requirement::Should => "redundant-should",
                };
                self.warning(
                    "redundant-change",
                    &change.requirement,
                    (message, "redundant-change"),
                    &[("id", id.to_string())],
                );
            }
            out.insert(id, (requirement, reason));
        }
        out
    }

    /// A house criterion's text in both languages; `field` names it in findings.
    fn text(&mut self, raw: &S<RawText>, id: &str, field: &str) -> Text {
        let mut get = |value: &Option<S<String>>, lang: &str| match value
            .as_ref()
            .filter(|s| !s.value.trim().is_empty())
        {
            Some(s) => s.value.trim().to_string(),
            None => {
                let at = value.as_ref().map_or_else(|| location(raw), location);
                self.out.push(finding(
                    Severity::Error,
                    "missing-translation",
                    at,
                    ("house-text-missing", "house-text-missing"),
                    &[
                        ("id", id.to_string()),
                        ("field", field.to_string()),
                        ("lang", lang.to_string()),
                    ],
                ));
                String::new()
            }
        };
        let en = get(&raw.value.en, "en");
        let zh_cn = get(&raw.value.zh_cn, "zh-CN");
        Text { en, zh_cn }
    }

    fn house_criteria(
        &mut self,
        raw: &[RawHouseCriterion],
        raw_namespace: Option<&S<String>>,
        namespace: Option<Namespace>,
    ) -> Vec<Criterion> {
        let mut out: Vec<Criterion> = Vec::new();
        let mut lines: BTreeMap<CriterionId, u32> = BTreeMap::new();
        for c in raw {
            if let Some(criterion) = self.house_criterion(c, raw_namespace, namespace, &mut lines) {
                out.push(criterion);
            }
        }
        out
    }

    fn house_criterion(
        &mut self,
        c: &RawHouseCriterion,
        raw_namespace: Option<&S<String>>,
        namespace: Option<Namespace>,
        lines: &mut BTreeMap<CriterionId, u32>,
    ) -> Option<Criterion> {
        let shown = c.id.value.trim();
        let id = match c.id.value.parse::<CriterionId>() {
            Ok(id) => self.house_id(id, &c.id, raw_namespace, namespace),
            Err(_) => {
                self.error(
                    "bad-id",
                    &c.id,
                    ("bad-id", "house-id-example"),
                    &[("value", c.id.value.clone())],
                );
                None
            }
        };
        let requirement = match &c.requirement {
            Some(r) => self.requirement(r),
            None => {
                self.error(
                    "missing-requirement",
                    &c.id,
                    ("house-no-requirement", "house-no-requirement"),
                    &[("id", shown.to_string())],
                );
                None
            }
        };
        let mut applies_to = Vec::new();
        for e in &c.applies_to.value {
            if let Some(entity) = self.entity(e) {
                if !applies_to.contains(&entity) {
                    applies_to.push(entity);
                }
            }
        }
        applies_to.sort();
        if c.applies_to.value.is_empty() {
            self.error(
                "empty-applies-to",
                &c.applies_to,
                ("house-applies-to-none", "house-applies-to-none"),
                &[("id", shown.to_string())],
            );
        }
        let title = self.text(&c.title, shown, "title");
        let question = self.text(&c.question, shown, "question");
        let good = match &c.good {
            Some(g) => self.text(g, shown, "good"),
            None => Text {
                en: String::new(),
                zh_cn: String::new(),
            },
        };
        let evidence = c
            .evidence
            .iter()
            .map(|e| self.text(e, shown, "evidence"))
            .collect();
        let id = id?;
        let line = location(&c.id).map_or(0, |l| l.line);
        if let Some(first) = lines.insert(id, line) {
            self.error(
                "duplicate-id",
                &c.id,
                ("house-twice", "house-twice"),
                &[("id", id.to_string()), ("first", first.to_string())],
            );
            return None;
        }
        Some(Criterion {
            id,
            category: id.category,
            requirement: requirement?,
            applies_to,
            title,
            question,
            guidance: Guidance { good, evidence },
            subparts: Vec::new(),
            recurrence: None,
            sources: Vec::new(),
            flag: None,
            label_source: None,
            not_applicable_when: None,
            checked_by: None,
            computed: None,
            location: location(&c.id),
        })
    }

    /// Checks a parsed house id: in the file's namespace, filed under a known category.
    fn house_id(
        &mut self,
        id: CriterionId,
        raw: &S<String>,
        raw_namespace: Option<&S<String>>,
        namespace: Option<Namespace>,
    ) -> Option<CriterionId> {
        let Some(house) = id.house else {
            self.error(
                "cbp-id-as-house",
                raw,
                ("cbp-id-as-house", "cbp-id-as-house"),
                &[("id", id.to_string())],
            );
            return None;
        };
        match (raw_namespace, namespace) {
            (None, _) => {
                self.error(
                    "missing-namespace",
                    raw,
                    ("missing-namespace", "missing-namespace"),
                    &[("namespace", house.to_string())],
                );
                return None;
            }
            (Some(_), Some(ns)) if ns != house => {
                self.error(
                    "outside-namespace",
                    raw,
                    ("outside-namespace", "outside-namespace"),
                    &[
                        ("id", id.to_string()),
                        ("namespace", ns.to_string()),
                        (
                            "example",
                            CriterionId::house(ns, id.category, id.number).to_string(),
                        ),
                    ],
                );
                return None;
            }
            // A bad namespace is reported where it is written.
            (Some(_), None) => return None,
            (Some(_), Some(_)) => {}
        }
        if self.catalog.category(id.category).is_none() {
            let known: Vec<String> = self
                .catalog
                .categories
                .iter()
                .map(|c| c.number.to_string())
                .collect();
            self.error(
                "unknown-category",
                raw,
                ("house-unknown-category", "house-unknown-category"),
                &[
                    ("id", id.to_string()),
                    ("category", id.category.to_string()),
                    ("categories", known.join(", ")),
                ],
            );
            return None;
        }
        Some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::embedded;
    use proptest::prelude::*;

    fn catalog() -> &'static Catalog {
        embedded::loaded(embedded::default_version())
    }

    fn load_text(text: &str) -> Result<Loaded<Catalog>, Invalid> {
        load(&Source::new("dir/acme.yaml", text), catalog())
    }

    const HEAD: &str = "format: ctpat-tailoring/1\n";

    #[test]
    fn an_empty_tailoring_changes_nothing_but_the_record() {
        let tailored = load_text(HEAD).expect("valid").value;
        let record = tailored.tailoring.clone().expect("recorded");
        assert_eq!(record.name, "acme.yaml");
        assert_eq!(record.sha256, crate::report::sha256_hex(HEAD.as_bytes()));
        let mut back = tailored;
        back.tailoring = None;
        assert_eq!(&back, catalog());
    }

    #[test]
    fn a_profile_sets_the_list_and_the_coverage() {
        let base = catalog();
        let core: Vec<CriterionId> = base.applicable(Entity::Exporter).map(|c| c.id).collect();
        let extra: Vec<CriterionId> = base
            .applicable(Entity::ForeignManufacturer)
            .map(|c| c.id)
            .filter(|id| !core.contains(id))
            .take(3)
            .collect();
        assert_eq!(
            extra.len(),
            3,
            "the manufacturer list is longer than the exporter's"
        );
        let dropped = core[0];
        let profile: Vec<String> = core[1..]
            .iter()
            .chain(&extra)
            .map(|id| format!("\"{id}\""))
            .collect();
        let text = format!(
            "{HEAD}entities:\n  - entity: exporter\n    profile: [{}]\n",
            profile.join(", ")
        );
        let tailored = load_text(&text).expect("valid").value;
        let now: Vec<CriterionId> = tailored
            .applicable(Entity::Exporter)
            .map(|c| c.id)
            .collect();
        assert_eq!(now.len(), core.len() - 1 + 3);
        assert!(!now.contains(&dropped));
        assert_eq!(
            tailored.entity(Entity::Exporter).map(|e| e.coverage),
            Some(Coverage::MemberProfile)
        );
        let changes = tailored
            .tailoring
            .as_ref()
            .expect("recorded")
            .for_entity(&tailored, Entity::Exporter);
        assert!(changes.profile);
        assert_eq!(changes.added, extra);
        assert_eq!(changes.removed, vec![dropped]);
        // Other entity types are untouched.
        assert_eq!(
            tailored.applicable(Entity::Importer).count(),
            base.applicable(Entity::Importer).count()
        );
    }

    #[test]
    fn requirement_changes_and_house_criteria_apply() {
        let should = catalog()
            .criteria
            .iter()
            .find(|c| c.requirement == Requirement::Should && c.applies(Entity::Exporter))
            .expect("a Should")
            .id;
        let text = format!(
            "{HEAD}namespace: ACME\nrequirements:\n  - id: \"{should}\"\n    requirement: must\n    reason: our buyer requires it\n\
             criteria:\n  - id: ACME-5.1\n    requirement: should\n    applies_to: [exporter]\n    title: {{en: Gate log, zh-CN: 门卫登记}}\n    question: {{en: Is there a gate log?, zh-CN: 有门卫登记吗？}}\n"
        );
        let tailored = load_text(&text).expect("valid").value;
        assert_eq!(
            tailored.criterion(should).map(|c| c.requirement),
            Some(Requirement::Must)
        );
        let house: CriterionId = "ACME-5.1".parse().expect("id");
        let c = tailored
            .criterion(house)
            .expect("house criterion is in the catalog");
        assert_eq!(c.category, 5);
        assert!(tailored.applicable(Entity::Exporter).any(|c| c.id == house));
        let changes = tailored
            .tailoring
            .as_ref()
            .expect("recorded")
            .for_entity(&tailored, Entity::Exporter);
        assert_eq!(changes.to_must, vec![should]);
        assert_eq!(changes.house, vec![house]);
        assert!(!changes.profile);
    }

    #[test]
    fn every_problem_is_reported_at_its_place() {
        let text = format!(
            "{HEAD}namespace: ACME\n\
             entities:\n  - entity: exportr\n    add: [\"99.1\"]\n  - entity: importer\n    add: [\"1.1\", \"ACME-1.1\"]\n\
             requirements:\n  - id: \"1.1\"\n    requirement: should\n\
             criteria:\n  - id: BETA-5.1\n    requirement: must\n    applies_to: [exporter]\n    title: {{en: T}}\n    question: {{en: Q, zh-CN: 问}}\n  - id: \"5.1\"\n    requirement: must\n    applies_to: []\n    title: {{en: T, zh-CN: 题}}\n    question: {{en: Q, zh-CN: 问}}\n"
        );
        let (_, d) = check(&Source::new("t.yaml", text), catalog());
        let got: Vec<&str> = d.iter().map(|d| d.code).collect();
        for code in [
            "unknown-entity",
            "unknown-criterion",
            "redundant-change",
            "house-id-in-cbp-list",
            "missing-reason",
            "outside-namespace",
            "missing-translation",
            "cbp-id-as-house",
            "empty-applies-to",
        ] {
            assert!(got.contains(&code), "{code} missing from {got:?}");
        }
        assert!(
            d.iter().all(|d| d.location.is_some() && d.help.is_some()),
            "{d:?}"
        );
        let unknown = d
            .iter()
            .find(|d| d.code == "unknown-entity")
            .expect("reported");
        assert!(
            unknown.message.contains("did you mean `exporter`"),
            "{}",
            unknown.message
        );
    }

    #[test]
    fn house_criteria_need_a_namespace() {
        let text = format!(
            "{HEAD}criteria:\n  - id: ACME-5.1\n    requirement: must\n    applies_to: [exporter]\n    title: {{en: T, zh-CN: 题}}\n    question: {{en: Q, zh-CN: 问}}\n"
        );
        let err = load_text(&text).expect_err("no namespace");
        assert_eq!(err.diagnostics[0].code, "missing-namespace");
        let reserved = load_text(&format!("{HEAD}namespace: CBP\n")).expect_err("reserved");
        assert_eq!(reserved.diagnostics[0].code, "bad-namespace");
    }

    /// Every finding a tailoring file can get, each worded in both languages by its templates.
    #[test]
    fn every_tailoring_finding_is_translated() {
        let house = |id: &str, extra: &str| {
            format!("  - id: {id}\n{extra}    applies_to: [exporter]\n    title: {{en: T, zh-CN: 题}}\n    question: {{en: Q, zh-CN: 问}}\n")
        };
        let fixtures = [
            include_str!("../../tests/fixtures/validate/bad-namespace.yaml"),
            include_str!("../../tests/fixtures/validate/missing-namespace.yaml"),
            include_str!("../../tests/fixtures/validate/outside-namespace.yaml"),
            include_str!("../../tests/fixtures/validate/cbp-id-as-house.yaml"),
            include_str!("../../tests/fixtures/validate/house-id-in-cbp-list.yaml"),
            include_str!("../../tests/fixtures/validate/missing-reason.yaml"),
            include_str!("../../tests/fixtures/validate/profile-with-changes.yaml"),
            include_str!("../../tests/fixtures/validate/empty-profile.yaml"),
            include_str!("../../tests/fixtures/validate/redundant-change.yaml"),
            include_str!("../../tests/fixtures/validate/unknown-criterion--tailoring.yaml"),
            include_str!("../../tests/fixtures/validate/missing-translation--tailoring.yaml"),
            include_str!("../../tests/fixtures/validate/duplicate-id--tailoring.yaml"),
        ];
        let mut corpus: Vec<String> = fixtures.iter().map(ToString::to_string).collect();
        corpus.extend([
            "format: ctpat-criteria/1\n".to_string(),
            format!("{HEAD}namespace: CTPAT\n"),
            format!("{HEAD}namespace: ACME\nentities:\n  - entity: exportr\n    add: [\"7.5\"]\ncriteria:\n  - id: ACME-5.1\n    requirement: must\n    applies_to: []\n    title: {{en: T, zh-CN: 题}}\n    question: {{en: Q, zh-CN: 问}}\n"),
            format!("{HEAD}requirements:\n  - {{ id: \"1.1\", requirement: shuld, reason: \" \" }}\n  - {{ id: \"1.2\", requirement: maybe, reason: x }}\n  - {{ id: \"1.3\", requirement: must, reason: x }}\n  - {{ id: \"x.1\", requirement: must, reason: x }}\n"),
            format!("{HEAD}entities:\n  - entity: exporter\n    add: [\"7.5\", \"7.5\"]\n    remove: [\"7.6\"]\n  - entity: exporter\n  - entity: warehouse\n"),
            format!(
                "{HEAD}namespace: ACME\ncriteria:\n{}{}{}{}",
                house("ACME-13.1", "    requirement: must\n"),
                house("ACME-5.1", ""),
                house("ACME-5.2", "    requirement: must\n"),
                house("ACME-5.2", "    requirement: must\n"),
            ),
            format!("{HEAD}namespace: ACME\ncriteria:\n{}", house("ACME-x", "    requirement: must\n")),
        ]);
        let mut seen = BTreeSet::new();
        for text in &corpus {
            let (_, found) = check(&Source::new("t.yaml", text.clone()), catalog());
            for d in found {
                crate::diagnostic::assert_translated(&d, text);
                seen.insert((d.code, d.translation.message));
            }
        }
        let codes: BTreeSet<&str> = seen.iter().map(|(c, _)| *c).collect();
        for code in [
            "wrong-format",
            "bad-namespace",
            "missing-namespace",
            "outside-namespace",
            "cbp-id-as-house",
            "house-id-in-cbp-list",
            "missing-reason",
            "profile-with-changes",
            "empty-profile",
            "redundant-change",
            "unknown-criterion",
            "missing-translation",
            "duplicate-id",
            "duplicate-entity",
            "unknown-entity",
            "unknown-requirement",
            "bad-id",
            "missing-requirement",
            "empty-applies-to",
            "unknown-category",
        ] {
            assert!(
                codes.contains(code),
                "the corpus does not raise {code}: {seen:?}"
            );
        }
        for message in [
            "reserved-namespace",
            "empty-reason",
            "listed-twice",
            "tailored-twice",
            "redundant-add",
            "redundant-remove",
            "redundant-must",
            "house-twice",
            "unknown-entity-near",
        ] {
            assert!(
                seen.iter().any(|(_, m)| *m == Some(message)),
                "the corpus does not word {message}"
            );
        }
    }

    fn namespace() -> impl Strategy<Value = String> {
        "[A-Z][A-Z0-9]{1,7}".prop_filter("not reserved", |s| {
            !Namespace::RESERVED.contains(&s.as_str())
        })
    }

    proptest! {
        /// Applying a tailoring that changes nothing gives back the catalog, whatever its name.
        #[test]
        fn applying_an_empty_tailoring_leaves_the_catalog_unchanged(name in "[a-z]{1,12}\\.yaml", text in ".{0,40}") {
            let mut out = apply(catalog(), &Tailoring::empty(), &name, &text);
            prop_assert!(out.tailoring.is_some());
            out.tailoring = None;
            prop_assert_eq!(&out, catalog());
        }

        /// No string that reads as a house id reads as a CBP id, and a house id shown reads back
        /// as itself: a tailoring cannot reach CBP's ids through its own.
        #[test]
        fn a_house_id_never_collides_with_a_cbp_id(ns in namespace(), category in 1u16..=12, number in 1u16..=9999) {
            let id = CriterionId::house(ns.parse().expect("valid namespace"), category, number);
            let shown = id.to_string();
            let back: CriterionId = shown.parse().expect("reads back");
            prop_assert_eq!(back, id);
            prop_assert!(!back.is_cbp());
            prop_assert_ne!(back, CriterionId::new(category, number));
            prop_assert!(catalog().criterion(back).is_none());
        }

        /// Whatever a tailoring's house criteria are called, the catalog's ids stay unique and
        /// every CBP criterion is still there.
        #[test]
        fn house_criteria_never_replace_cbp_criteria(ns in namespace(), ids in proptest::collection::btree_set((1u16..=12, 1u16..=40), 1..8)) {
            let mut text = format!("{HEAD}namespace: {ns}\ncriteria:\n");
            for (c, n) in &ids {
                text.push_str(&format!("  - id: {ns}-{c}.{n}\n    requirement: should\n    applies_to: [importer]\n    title: {{en: T, zh-CN: 题}}\n    question: {{en: Q, zh-CN: 问}}\n"));
            }
            let tailored = load_text(&text).expect("valid").value;
            let all: BTreeSet<CriterionId> = tailored.criteria.iter().map(|c| c.id).collect();
            prop_assert_eq!(all.len(), tailored.criteria.len());
            prop_assert_eq!(tailored.criteria.len(), catalog().criteria.len() + ids.len());
            for c in &catalog().criteria {
                prop_assert_eq!(tailored.criterion(c.id).map(|t| &t.title), Some(&c.title));
            }
        }
    }
}
