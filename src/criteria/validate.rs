//! Turns a [`RawCatalog`] into a [`Catalog`], collecting every problem.
//!
//! Each check adds a [`Diagnostic`] with a stable code and keeps going, so one run shows a
//! reviewer everything wrong with a criteria file. Codes are documented in README.

use super::raw::{RawCatalog, RawCriterion, RawFlag, RawLooseText, RawText, RawTier, S};
use super::{
    Catalog, Category, Coverage, Criterion, CriterionId, Entity, EntityInfo, EvidenceAge, Flag,
    FlagKind, FocusArea, FreshnessRules, Guidance, Loaded, MustLevel, Points, Program, Recurrence,
    Requirement, ScoringModel, SourceDocument, Subpart, Tier, TierRequires, Weights,
};
use crate::calendar::{is_date, is_version};
use crate::diagnostic::{self, did_you_mean, Diagnostic, Invalid, Location, Severity, Source};
use crate::text::Text;
use crate::yaml::{self, location};
use std::collections::{BTreeMap, BTreeSet};

/// The format tag every criteria file starts with.
pub const FORMAT_TAG: &str = "ctpat-criteria/1";

/// Source-confidence tags of the reference document.
const SOURCE_TAGS: [&str; 5] = ["V", "V2", "P", "S", "B"];

pub(super) fn load(source: &Source) -> Result<Loaded<Catalog>, Invalid> {
    let (catalog, mut out) = check(source);
    // Notes (flagged data) are for `ctpat validate`; loading for use needs only the rest.
    out.retain(|d| d.severity != Severity::Note);
    match catalog {
        Some(catalog) if !out.iter().any(Diagnostic::is_error) => Ok(Loaded {
            value: catalog,
            warnings: out,
        }),
        _ => Err(Invalid {
            file: source.clone(),
            diagnostics: out,
        }),
    }
}

/// Parses and validates, returning the catalog when it parsed and every finding, notes
/// included, in file order.
pub(super) fn check(source: &Source) -> (Option<Catalog>, Vec<Diagnostic>) {
    let raw: RawCatalog = match yaml::parse(&source.text) {
        Ok(raw) => raw,
        Err(d) => return (None, vec![d]),
    };
    let mut v = Validator::default();
    let mut catalog = v.catalog(raw);
    catalog.sha256 = super::sha256(source.text.as_bytes());
    diagnostic::sort(&mut v.out);
    (Some(catalog), v.out)
}

#[derive(Default)]
pub(super) struct Validator {
    pub(super) out: Vec<Diagnostic>,
    /// The catalog's programme (set first): MSC catalogs use dotted ids, other programmes may
    /// number their items `(44)`.
    programme: String,
    /// Where each category's number is written, for findings about the category as a whole.
    category_at: BTreeMap<u16, Option<Location>>,
}

impl Validator {
    pub(super) fn error<T>(&mut self, code: &'static str, at: &S<T>, message: String, help: &str) {
        self.out
            .push(Diagnostic::error(code, location(at), message).with_help(help));
    }

    /// Checks that a number of the catalog is within `range`, the bound that keeps every sum
    /// and product of scoring far inside `u64` (see [`bounds`]).
    fn bounded<T>(&mut self, at: &S<T>, what: &str, range: std::ops::RangeInclusive<u32>) -> bool
    where
        T: Copy + Into<u32>,
    {
        let value: u32 = at.value.into();
        if range.contains(&value) {
            return true;
        }
        self.error(
            "number-out-of-range",
            at,
            format!(
                "{what} is {value}; ctpat accepts {} to {}",
                range.start(),
                range.end()
            ),
            "scores and tiers only compare these numbers with each other: keep them small (the shipped catalog uses points 2/1/0 and weights 3/1)",
        );
        false
    }

    pub(super) fn text(&mut self, raw: &S<RawText>, what: &str) -> Text {
        self.text_at(location(raw), &raw.value, what)
    }

    /// A bilingual text whose map starts at `at`.
    fn text_at(&mut self, at: Option<Location>, raw: &RawText, what: &str) -> Text {
        let mut get = |field: &Option<S<String>>, lang: &str| match field {
            Some(s) if !s.value.trim().is_empty() => s.value.trim().to_string(),
            Some(s) => {
                self.error(
                    "missing-translation",
                    s,
                    format!("the {lang} text of {what} is empty"),
                    "write the text in this language; every text needs `en` and `zh-CN`",
                );
                String::new()
            }
            None => {
                self.out.push(
                    Diagnostic::error(
                        "missing-translation",
                        at,
                        format!("{what} has no `{lang}` text"),
                    )
                    .with_help("add the missing language; every text needs `en` and `zh-CN`"),
                );
                String::new()
            }
        };
        let en = get(&raw.en, "en");
        let zh_cn = get(&raw.zh_cn, "zh-CN");
        Text { en, zh_cn }
    }

    /// A text that may still be one plain string (older files): the string serves both
    /// languages.
    fn loose_text(&mut self, raw: S<RawLooseText>, what: &str) -> Text {
        let at = location(&raw);
        match raw.value {
            RawLooseText::Plain(s) => Text::new(s.trim(), s.trim()),
            RawLooseText::Both(text) => self.text_at(at, &text, what),
        }
    }

    fn flag(&mut self, raw: Option<RawFlag>, what: &str) -> Option<Flag> {
        let raw = raw?;
        let kind = match raw.kind.value.as_str() {
            "uncertain" => FlagKind::Uncertain,
            "unverified" => FlagKind::Unverified,
            other => {
                self.error(
                    "unknown-flag-kind",
                    &raw.kind,
                    format!("unknown flag kind `{other}`"),
                    "use `uncertain` (sources disagree) or `unverified` (one weak source)",
                );
                FlagKind::Uncertain
            }
        };
        if matches!(&raw.note.value, RawLooseText::Plain(s) if s.trim().is_empty()) {
            self.error(
                "empty-flag-note",
                &raw.note,
                "a flag needs a note saying what is unsure".into(),
                "explain what is unsure and how the data treats it",
            );
        }
        let (code, word) = match kind {
            FlagKind::Uncertain => ("flagged-uncertain", "uncertain"),
            FlagKind::Unverified => ("flagged-unverified", "unverified"),
        };
        let at = location(&raw.kind);
        let note = self.loose_text(raw.note, &format!("the flag note of {what}"));
        let message = if note.en.is_empty() {
            format!("{what} is flagged {word}")
        } else {
            format!("{what} is flagged {word}: {}", note.en)
        };
        // The official text to check against is the programme's own.
        let help = if super::is_msc(&self.programme) {
            "confirm it against the official MSC document, then remove the flag; \
                 `ctpat validate --strict` fails on flagged data"
                .to_string()
        } else {
            format!(
                "confirm it against the official text of the {} programme (see `program.sources`), \
                 then remove the flag; `ctpat validate --strict` fails on flagged data",
                self.programme
            )
        };
        self.out
            .push(Diagnostic::note(code, at, message).with_help(help));
        Some(Flag { kind, note })
    }

    fn catalog(&mut self, raw: RawCatalog) -> Catalog {
        if raw.format.value != FORMAT_TAG {
            let got = raw.format.value.clone();
            self.error(
                "wrong-format",
                &raw.format,
                format!("this is not a criteria file: format is `{got}`"),
                &format!("criteria files start with `format: {FORMAT_TAG}`"),
            );
        }
        let program = self.program(raw.program);
        let entities = self.entities(raw.entities);
        let declared: BTreeSet<Entity> = entities.iter().map(|e| e.id).collect();
        let focus_areas = self.focus_areas(raw.focus_areas);
        let categories = self.categories(raw.categories, &focus_areas);
        let scoring = self.scoring(&raw.scoring);
        let freshness = raw.freshness.map(|f| self.freshness(f)).unwrap_or_default();
        let criteria = self.criteria(raw.criteria, &categories, &declared);
        let grading = raw
            .grading
            .map(|g| super::programme::grading(self, g, &focus_areas));
        let finance = raw
            .finance
            .map(|f| super::programme::finance(self, f, &criteria));
        // Where the first tier asks for `grading: pass`, to point at it when there is no block.
        let grading_rule_at = raw.tiers.iter().find_map(|t| {
            let rule = t.requires.as_ref()?.grading.as_ref()?;
            (rule.value == "pass").then(|| (t.id.value.clone(), location(rule)))
        });
        let tiers = self.tiers(raw.tiers, &criteria);
        if let (None, Some((tier, at))) = (&grading, grading_rule_at) {
            self.out.push(
                Diagnostic::error(
                    "tier-grading-without-grading",
                    at,
                    format!(
                        "tier `{tier}` requires `grading: pass`, but the catalog has no `grading:` block to pass"
                    ),
                )
                .with_help(
                    "add a top-level `grading:` block (levels, model, gates; see criteria/FORMAT.md), or remove this rule",
                ),
            );
        }
        super::programme::check_computed(self, &criteria, finance.as_ref());
        Catalog {
            program,
            entities,
            focus_areas,
            categories,
            scoring,
            tiers,
            freshness,
            grading,
            finance,
            criteria,
            sha256: String::new(),
            tailoring: None,
        }
    }

    fn program(&mut self, raw: super::raw::RawProgram) -> Program {
        let programme = raw
            .programme
            .as_ref()
            .map_or_else(|| super::CTPAT_MSC.to_string(), |p| p.value.clone());
        if let Some(p) = &raw.programme {
            if !super::programme::is_slug(&p.value, 2, 32) {
                self.error(
                    "bad-programme",
                    p,
                    format!("programme `{}` is not a lower-case id", p.value),
                    "write the programme's id in lower-case letters, digits and dashes, e.g. `gacc-aeo`; leave `programme` out for a C-TPAT MSC catalog",
                );
            }
        }
        self.programme.clone_from(&programme);
        let msc = programme == super::CTPAT_MSC;
        if !msc {
            if !super::programme::is_slug(&raw.version.value, 3, 64)
                || is_version(&raw.version.value)
            {
                let got = raw.version.value.clone();
                let message = if is_version(&got) {
                    format!("version `{got}` is shaped like an MSC version (YYYY.MM); a `{programme}` catalog names its version with a lower-case id")
                } else {
                    format!("version `{got}` of programme `{programme}` is not a lower-case id")
                };
                self.error(
                    "bad-version",
                    &raw.version,
                    message,
                    "name the version with its programme, year and level, e.g. `gacc-aeo-2026-advanced`",
                );
            }
        } else if !is_version(&raw.version.value) {
            let got = raw.version.value.clone();
            self.error(
                "bad-version",
                &raw.version,
                format!("version `{got}` is not of the form YYYY.MM"),
                "write the version as year and month, quoted: \"2023.01\"",
            );
        }
        if !is_date(&raw.effective.value) {
            let got = raw.effective.value.clone();
            self.error(
                "bad-date",
                &raw.effective,
                format!("`{got}` is not a date"),
                "write dates as YYYY-MM-DD",
            );
        }
        let source_quality = match raw.source_quality.as_ref().map(|q| q.value.as_str()) {
            None | Some("official") => super::SourceQuality::Official,
            Some("secondary") => super::SourceQuality::Secondary,
            Some(other) => {
                let got = other.to_string();
                if let Some(q) = &raw.source_quality {
                    self.error(
                        "unknown-source-quality",
                        q,
                        format!("unknown source quality `{got}` (read as `secondary` meanwhile)"),
                        "use `official` (built from the authority's own text) or `secondary` (from another encoding of it; needs a `notice`)",
                    );
                }
                super::SourceQuality::Secondary
            }
        };
        let notice = raw
            .notice
            .as_ref()
            .map(|n| self.text(n, "the programme notice"));
        if source_quality == super::SourceQuality::Secondary && notice.is_none() {
            let at = raw.source_quality.as_ref().and_then(location);
            self.out.push(
                Diagnostic::error(
                    "secondary-without-notice",
                    at,
                    "this catalog is from a secondary source but has no `notice`, which every output using it must print"
                        .to_string(),
                )
                .with_help("add `notice: { zh-CN: \"...\", en: \"...\" }` under `program`, saying where the content comes from and that results are indicative"),
            );
        }
        let authority = raw
            .authority
            .as_ref()
            .map(|a| self.text(a, "the programme authority"));
        Program {
            programme,
            authority,
            source_quality,
            notice,
            name: self.loose_text(raw.name, "the program name"),
            version: raw.version.value,
            effective: raw.effective.value,
            summary: self.text(&raw.summary, "the program summary"),
            sources: raw
                .sources
                .into_iter()
                .map(|s| SourceDocument {
                    title: s.title,
                    date: s.date,
                    note: s.note,
                })
                .collect(),
        }
    }

    fn entities(&mut self, raw: Vec<super::raw::RawEntity>) -> Vec<EntityInfo> {
        let mut out: Vec<EntityInfo> = Vec::new();
        for e in raw {
            let id = match e.id.value.parse::<Entity>() {
                Ok(id) => id,
                Err(message) => {
                    self.error(
                        "invalid-entity-id",
                        &e.id,
                        message,
                        &format!("entity ids are fixed: {}", Entity::ids().join(", ")),
                    );
                    continue;
                }
            };
            if out.iter().any(|known| known.id == id) {
                self.error(
                    "duplicate-entity",
                    &e.id,
                    format!("entity `{id}` is declared twice"),
                    "remove one of the two declarations",
                );
                continue;
            }
            let coverage = match e.coverage.value.as_str() {
                "cross_checked" => Coverage::CrossChecked,
                "partial" => Coverage::Partial,
                "core_only" => Coverage::CoreOnly,
                "member_profile" => Coverage::MemberProfile,
                other => {
                    self.error(
                        "unknown-coverage",
                        &e.coverage,
                        format!("unknown coverage `{other}`"),
                        &format!("use one of {}", Coverage::IDS.join(", ")),
                    );
                    Coverage::CoreOnly
                }
            };
            let what = format!("entity `{id}`");
            out.push(EntityInfo {
                id,
                name: self.text(&e.name, &format!("the name of {what}")),
                description: self.text(&e.description, &format!("the description of {what}")),
                cbp_tiers: e.cbp_tiers,
                coverage,
                note: e
                    .note
                    .map(|n| self.loose_text(n, &format!("the note of {what}"))),
            });
        }
        out.sort_by_key(|e| e.id);
        out
    }

    fn focus_areas(&mut self, raw: Vec<super::raw::RawFocusArea>) -> Vec<FocusArea> {
        let mut out: Vec<FocusArea> = Vec::new();
        for f in raw {
            if out.iter().any(|known| known.id == f.id.value) {
                let id = f.id.value.clone();
                self.error(
                    "duplicate-focus-area",
                    &f.id,
                    format!("focus area `{id}` is declared twice"),
                    "remove one of the two declarations",
                );
                continue;
            }
            let what = format!("focus area `{}`", f.id.value);
            let name = self.text(&f.name, &what);
            out.push(FocusArea {
                flag: self.flag(f.flag, &what),
                id: f.id.value,
                name,
            });
        }
        out
    }

    fn categories(
        &mut self,
        raw: Vec<super::raw::RawCategory>,
        focus_areas: &[FocusArea],
    ) -> Vec<Category> {
        let mut out: Vec<Category> = Vec::new();
        for c in raw {
            let number = c.number.value;
            if number != 0 && !self.bounded(&c.number, "the category number", 0..=bounds::CATEGORY)
            {
                continue;
            }
            if number == 0 {
                self.error(
                    "bad-category-number",
                    &c.number,
                    "category numbers start at 1".into(),
                    "number categories 1, 2, 3 ... as in the MSC",
                );
                continue;
            }
            if out.iter().any(|known| known.number == number) {
                self.error(
                    "duplicate-category",
                    &c.number,
                    format!("category {number} is declared twice"),
                    "remove one of the two declarations",
                );
                continue;
            }
            if !focus_areas.iter().any(|f| f.id == c.focus_area.value) {
                let got = c.focus_area.value.clone();
                let help = match did_you_mean(&got, focus_areas.iter().map(|f| f.id.as_str())) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "declare it under `focus_areas`, or use a declared one".to_string(),
                };
                self.error(
                    "unknown-focus-area",
                    &c.focus_area,
                    format!("category {number} names an unknown focus area `{got}`"),
                    &help,
                );
            }
            let what = format!("category {number}");
            let name = self.text(&c.name, &what);
            self.category_at.insert(number, location(&c.number));
            out.push(Category {
                number,
                focus_area: c.focus_area.value,
                name,
                flag: self.flag(c.flag, &what),
            });
        }
        out.sort_by_key(|c| c.number);
        out
    }

    fn scoring(&mut self, raw: &super::raw::RawScoring) -> ScoringModel {
        for (at, what) in [
            (&raw.points.implemented, "points.implemented"),
            (&raw.points.partial, "points.partial"),
            (&raw.points.not_implemented, "points.not_implemented"),
        ] {
            self.bounded(at, what, 0..=bounds::POINTS);
        }
        for (at, what) in [
            (&raw.weights.must, "weights.must"),
            (&raw.weights.should, "weights.should"),
        ] {
            // A zero weight is `bad-weights`.
            if at.value != 0 {
                self.bounded(at, what, 1..=bounds::WEIGHT);
            }
        }
        let points = Points {
            implemented: raw.points.implemented.value,
            partial: raw.points.partial.value,
            not_implemented: raw.points.not_implemented.value,
        };
        if points.implemented == 0
            || points.partial > points.implemented
            || points.not_implemented > points.partial
        {
            self.error(
                "bad-points",
                &raw.points.implemented,
                "points must rise from not_implemented to partial to implemented, with implemented above 0".into(),
                "the defaults are implemented: 2, partial: 1, not_implemented: 0",
            );
        }
        let weights = Weights {
            must: raw.weights.must.value,
            should: raw.weights.should.value,
        };
        if weights.must == 0 || weights.should == 0 || weights.should > weights.must {
            self.error(
                "bad-weights",
                &raw.weights.must,
                "weights must be above 0, and a Should may not weigh more than a Must".into(),
                "the defaults are must: 3, should: 1",
            );
        }
        ScoringModel { points, weights }
    }

    fn recurrence(&mut self, r: &S<String>) -> Option<Recurrence> {
        let parsed = match r.value.as_str() {
            "annual" => Some(Recurrence::Annual),
            "periodic" => Some(Recurrence::Periodic),
            "on_change" => Some(Recurrence::OnChange),
            "per_shipment" => Some(Recurrence::PerShipment),
            "at_hire" => Some(Recurrence::AtHire),
            _ => None,
        };
        if parsed.is_none() {
            let got = r.value.clone();
            self.error(
                "unknown-recurrence",
                r,
                format!("unknown recurrence `{got}`"),
                &format!("use one of: {}", Recurrence::IDS.join(", ")),
            );
        }
        parsed
    }

    fn freshness(&mut self, raw: super::raw::RawFreshness) -> FreshnessRules {
        // A year of notice is already more than any renewal needs.
        self.bounded(
            &raw.expiring_within_days,
            "freshness.expiring_within_days",
            0..=366,
        );
        let mut ages: Vec<EvidenceAge> = Vec::new();
        for a in raw.ages {
            let Some(recurrence) = self.recurrence(&a.recurrence) else {
                continue;
            };
            if ages.iter().any(|x| x.recurrence == recurrence) {
                self.error(
                    "duplicate-age",
                    &a.recurrence,
                    format!("recurrence `{}` has two age rules", a.recurrence.value),
                    "keep one rule per recurrence",
                );
                continue;
            }
            if let Some(m) = &a.months {
                // Ten years: far beyond any real renewal, and far inside jiff's range.
                self.bounded(m, "freshness.ages.months", 1..=120);
            }
            let basis = self.text(&a.basis, "an evidence age's basis");
            ages.push(EvidenceAge {
                recurrence,
                months: a.months.map(|m| m.value),
                basis,
            });
        }
        FreshnessRules {
            expiring_within_days: raw.expiring_within_days.value,
            ages,
        }
    }

    fn requirement(&mut self, raw: &S<String>) -> Option<Requirement> {
        match raw.value.as_str() {
            "must" => Some(Requirement::Must),
            "should" => Some(Requirement::Should),
            other => {
                let help = match did_you_mean(other, ["must", "should"]) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "use `must` or `should`".to_string(),
                };
                self.error(
                    "unknown-requirement",
                    raw,
                    format!("unknown requirement `{other}`"),
                    &help,
                );
                None
            }
        }
    }

    fn criteria(
        &mut self,
        raw: Vec<RawCriterion>,
        categories: &[Category],
        declared: &BTreeSet<Entity>,
    ) -> Vec<Criterion> {
        let mut seen: BTreeMap<CriterionId, u32> = BTreeMap::new();
        let mut out = Vec::new();
        for c in raw {
            if let Some(criterion) = self.criterion(c, categories, declared, &mut seen) {
                out.push(criterion);
            }
        }
        for category in categories {
            if !out
                .iter()
                .any(|c: &Criterion| c.category == category.number)
            {
                let at = self.category_at.get(&category.number).copied().flatten();
                self.out.push(
                    Diagnostic::error(
                        "empty-category",
                        at,
                        format!("category {} has no criteria", category.number),
                    )
                    .with_help("add its criteria, or remove the category"),
                );
            }
        }
        out.sort_by_key(|c| c.id);
        out
    }

    fn criterion(
        &mut self,
        c: RawCriterion,
        categories: &[Category],
        declared: &BTreeSet<Entity>,
        seen: &mut BTreeMap<CriterionId, u32>,
    ) -> Option<Criterion> {
        let msc = self.programme == super::CTPAT_MSC;
        let id = match c.id.value.parse::<CriterionId>() {
            Ok(id) if id.is_cbp() || (id.is_item() && !msc) => id,
            Ok(id) if id.is_item() => {
                self.error(
                    "bad-id",
                    &c.id,
                    format!("`{id}` is a numbered item; the C-TPAT MSC uses dotted ids"),
                    "write the official MSC id, quoted, e.g. id: \"5.24\" (numbered items belong to other programmes' catalogs)",
                );
                return None;
            }
            Ok(_) => {
                self.error(
                    "bad-id",
                    &c.id,
                    format!(
                        "`{}` is a house id; a criteria file holds CBP's ids",
                        c.id.value
                    ),
                    "put a consultant's own criteria in a tailoring file (`ctpat-tailoring/1`)",
                );
                return None;
            }
            Err(message) => {
                self.error(
                    "bad-id",
                    &c.id,
                    message,
                    "write the official MSC id, quoted, e.g. id: \"5.24\"",
                );
                return None;
            }
        };
        let line = location(&c.id).map_or(0, |l| l.line);
        // A duplicate is checked like any criterion (its other mistakes are reported in the
        // same run), then dropped.
        let duplicate = seen.insert(id, line).inspect(|first| {
            self.error(
                "duplicate-id",
                &c.id,
                format!("criterion id `{id}` appears twice"),
                &format!("the first `{id}` is at line {first}; each id must be unique"),
            );
        });
        let category = c.category.value;
        if !categories.iter().any(|k| k.number == category) {
            self.error(
                "unknown-category",
                &c.category,
                format!("criterion {id} is in category {category}, which is not declared"),
                "declare the category under `categories`, or fix the number",
            );
        } else if !id.is_item() && id.category != category {
            self.error(
                "id-category-mismatch",
                &c.category,
                format!(
                    "criterion {id} is filed under category {category}, but its id says category {}",
                    id.category
                ),
                "an id's first number is its category; fix the id or the category",
            );
        }
        let requirement = match &c.requirement {
            Some(r) => self.requirement(r),
            None => {
                self.error(
                    "missing-requirement",
                    &c.id,
                    format!("criterion {id} does not say whether it is a must or a should"),
                    "add `requirement: must` or `requirement: should`",
                );
                None
            }
        };
        let mut applies_to = Vec::new();
        for e in &c.applies_to.value {
            match e.value.parse::<Entity>() {
                Ok(entity) if declared.contains(&entity) => applies_to.push(entity),
                Ok(entity) => self.error(
                    "unknown-entity",
                    e,
                    format!("criterion {id} applies to `{entity}`, which is not declared"),
                    "declare the entity under `entities`",
                ),
                Err(message) => self.error(
                    "unknown-entity",
                    e,
                    format!("criterion {id}: {message}"),
                    &format!("entity ids are: {}", Entity::ids().join(", ")),
                ),
            }
        }
        if c.applies_to.value.is_empty() {
            self.error(
                "empty-applies-to",
                &c.applies_to,
                format!("criterion {id} applies to no entity type"),
                "list the entity types it applies to",
            );
        }
        applies_to.sort();
        applies_to.dedup();
        let recurrence = c.recurrence.as_ref().and_then(|r| self.recurrence(r));
        for s in &c.sources {
            if !SOURCE_TAGS.contains(&s.value.as_str()) {
                let got = s.value.clone();
                self.error(
                    "unknown-source-tag",
                    s,
                    format!("unknown source tag `{got}`"),
                    "use the reference's confidence tags: V, V2, P, S or B",
                );
            }
        }
        let what = format!("criterion {id}");
        let title = self.text(&c.title, &format!("the title of {what}"));
        let question = self.text(&c.question, &format!("the question of {what}"));
        let good = self.text(&c.guidance.good, &format!("the guidance of {what}"));
        let evidence = c
            .guidance
            .evidence
            .iter()
            .map(|e| self.text(e, &format!("an evidence item of {what}")))
            .collect();
        let mut subparts = Vec::new();
        for s in &c.subparts {
            let text = self.text(&s.text, &format!("a subpart of {what}"));
            if let Some(requirement) = self.requirement(&s.requirement) {
                subparts.push(Subpart { requirement, text });
            }
        }
        let flag = self.flag(c.flag, &what);
        let not_applicable_when = c
            .not_applicable_when
            .as_ref()
            .map(|t| self.text(t, &format!("the N/A rule of {what}")));
        let label_source = self.one_of(
            c.label_source.as_ref(),
            &["official", "app"],
            "label_source",
        );
        let checked_by = self.one_of(c.checked_by.as_ref(), &["customs_records"], "checked_by");
        let computed = self.one_of(
            c.computed.as_ref(),
            &["audit_opinion", "solvency", "profitability", "liquidation"],
            "computed",
        );
        if duplicate.is_some() {
            return None;
        }
        Some(Criterion {
            id,
            category,
            requirement: requirement?,
            applies_to,
            title,
            question,
            guidance: Guidance { good, evidence },
            subparts,
            recurrence,
            sources: c.sources.into_iter().map(|s| s.value).collect(),
            flag,
            label_source,
            not_applicable_when,
            checked_by,
            computed,
            location: location(&c.id),
        })
    }

    /// A word that must be one of `allowed`.
    fn one_of(&mut self, raw: Option<&S<String>>, allowed: &[&str], field: &str) -> Option<String> {
        let r = raw?;
        if allowed.contains(&r.value.as_str()) {
            return Some(r.value.clone());
        }
        let got = r.value.clone();
        self.error(
            "unknown-value",
            r,
            format!("`{got}` is not a value of `{field}`"),
            &format!("use one of: {}", allowed.join(", ")),
        );
        None
    }

    fn tiers(&mut self, raw: Vec<RawTier>, criteria: &[Criterion]) -> Vec<Tier> {
        let mut out: Vec<Tier> = Vec::new();
        for t in raw {
            if out.iter().any(|known| known.id == t.id.value) {
                let id = t.id.value.clone();
                self.error(
                    "duplicate-tier",
                    &t.id,
                    format!("tier `{id}` is declared twice"),
                    "each rung of the ladder needs its own id",
                );
                continue;
            }
            let before = self.out.len();
            let requires = t
                .requires
                .as_ref()
                .map(|r| self.tier_requires(r, criteria))
                .unwrap_or_default();
            let rules_ok = !self.out[before..].iter().any(Diagnostic::is_error);
            if out.is_empty() && !requires.is_empty() {
                let id = t.id.value.clone();
                self.error(
                    "tier-base-has-requirements",
                    &t.id,
                    format!("the lowest tier `{id}` has requirements, so a company meeting none of them has no tier"),
                    "make the first tier the one with no `requires` (e.g. not_ready)",
                );
            }
            if let Some(below) = out.last() {
                if requires == below.requires && rules_ok {
                    let (id, below_id) = (t.id.value.clone(), below.id.clone());
                    self.out.push(
                        Diagnostic::warning(
                            "tier-not-distinct",
                            location(&t.id),
                            format!("tier `{id}` requires nothing beyond `{below_id}`, so `{below_id}` can never be the result"),
                        )
                        .with_help("give the higher tier a requirement of its own, or merge the two tiers"),
                    );
                } else if !covers(&requires, &below.requires) {
                    let (id, below_id) = (t.id.value.clone(), below.id.clone());
                    self.error(
                        "tier-order",
                        &t.id,
                        format!("tier `{id}` requires less than `{below_id}` below it, so the ladder cannot be climbed in order"),
                        "a higher tier must require at least everything the tier below it requires",
                    );
                }
            }
            let what = format!("tier `{}`", t.id.value);
            out.push(Tier {
                name: self.text(&t.name, &format!("the name of {what}")),
                generic_name: self.text(&t.generic_name, &format!("the generic name of {what}")),
                summary: self.text(&t.summary, &format!("the summary of {what}")),
                id: t.id.value,
                requires,
            });
        }
        if out.is_empty() {
            self.out.push(
                Diagnostic::error("no-tiers", None, "the catalog has no tier ladder")
                    .with_help("declare at least `not_ready` and one tier under `tiers`"),
            );
        }
        out
    }

    fn tier_requires(
        &mut self,
        r: &super::raw::RawTierRequires,
        criteria: &[Criterion],
    ) -> TierRequires {
        let musts = r.musts.as_ref().and_then(|m| match m.value.as_str() {
            "implemented" => Some(MustLevel::Implemented),
            "evidenced" => Some(MustLevel::Evidenced),
            other => {
                self.error(
                    "unknown-tier-rule",
                    m,
                    format!("unknown `musts` level `{other}`"),
                    "use `implemented` or `evidenced`",
                );
                None
            }
        });
        let shoulds = match &r.shoulds {
            Some(s) if s.value == "implemented" => true,
            Some(s) => {
                let got = s.value.clone();
                self.error(
                    "unknown-tier-rule",
                    s,
                    format!("unknown `shoulds` level `{got}`"),
                    "use `implemented`",
                );
                false
            }
            None => false,
        };
        let mut ids = Vec::new();
        for c in &r.criteria {
            match c.value.parse::<CriterionId>() {
                Ok(id) if criteria.iter().any(|k| k.id == id) => ids.push(id),
                Ok(id) => {
                    let candidates: Vec<String> =
                        criteria.iter().map(|k| k.id.to_string()).collect();
                    let help = match did_you_mean(&c.value, candidates.iter().map(String::as_str)) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "name a criterion of this catalog".to_string(),
                    };
                    self.error(
                        "tier-unknown-criterion",
                        c,
                        format!("the tier rule names criterion {id}, which is not in the catalog"),
                        &help,
                    );
                }
                Err(message) => self.error(
                    "tier-unknown-criterion",
                    c,
                    message,
                    "name a criterion of this catalog, quoted: \"3.9\"",
                ),
            }
        }
        ids.sort();
        ids.dedup();
        let best_practices = match &r.best_practices {
            Some(b) if self.bounded(b, "best_practices", 0..=bounds::BEST_PRACTICES) => b.value,
            // Out of range (reported): no company could ever meet it.
            Some(_) => bounds::BEST_PRACTICES,
            None => 0,
        };
        let grading = match &r.grading {
            Some(g) if g.value == "pass" => true,
            Some(g) => {
                let got = g.value.clone();
                self.error(
                    "unknown-tier-rule",
                    g,
                    format!("unknown `grading` rule `{got}`"),
                    "use `pass`",
                );
                false
            }
            None => false,
        };
        TierRequires {
            musts,
            shoulds,
            best_practices,
            criteria: ids,
            grading,
        }
    }
}

/// Whether `upper` requires at least everything `lower` does.
fn covers(upper: &TierRequires, lower: &TierRequires) -> bool {
    upper.musts >= lower.musts
        && (upper.shoulds || !lower.shoulds)
        && upper.best_practices >= lower.best_practices
        && lower.criteria.iter().all(|c| upper.criteria.contains(c))
        && (upper.grading || !lower.grading)
}

/// The largest value each number of a catalog may take.
///
/// With at most [`POINTS`] × [`WEIGHT`] points per criterion and fewer criteria than a
/// file within the input limit can hold (well under a million), every sum scoring makes
/// stays below 10^12, and the percentage (earned × 2000) below 10^16: far inside `u64`.
pub mod bounds {
    /// `scoring.points.*`.
    pub const POINTS: u32 = 1000;
    /// `scoring.weights.*`.
    pub const WEIGHT: u32 = 1000;
    /// A tier's `best_practices` count.
    pub const BEST_PRACTICES: u32 = 1000;
    /// A category number (criterion ids have at most four digits a side).
    pub const CATEGORY: u32 = 9999;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_on_flagged_data_are_for_validate_only() {
        let (name, text) = crate::criteria::embedded::get("2023.01").expect("shipped");
        let source = Source::new(name, text);
        let (catalog, all) = check(&source);
        assert!(catalog.is_some());
        let notes: Vec<&Diagnostic> = all
            .iter()
            .filter(|d| d.severity == Severity::Note)
            .collect();
        assert!(notes.iter().any(|d| d.code == "flagged-uncertain"
            && d.message.starts_with("criterion 2.2 is flagged uncertain")));
        assert!(notes.iter().any(|d| d.code == "flagged-unverified"));
        assert!(notes.iter().all(|d| d.location.is_some()));
        let loaded = load(&source).expect("valid");
        assert!(loaded.warnings.iter().all(|d| d.severity != Severity::Note));
    }

    #[test]
    fn tier_requirements_cover_lower_rungs() {
        let lower = TierRequires {
            musts: Some(MustLevel::Implemented),
            ..TierRequires::default()
        };
        let upper = TierRequires {
            musts: Some(MustLevel::Evidenced),
            best_practices: 1,
            ..TierRequires::default()
        };
        assert!(covers(&upper, &lower));
        assert!(!covers(&lower, &upper));
    }
}
