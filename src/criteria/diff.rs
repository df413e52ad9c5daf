//! What changed between two versions of the criteria.
//!
//! [`diff`] compares two catalogs criterion by criterion: added, removed, and changed in
//! requirement (Should → Must first: those open new blocking gaps), applicability (entity
//! types gained or lost) or text (title, question, guidance). The result is data
//! (`ctpat-criteria-diff/1` in JSON); [`render_text`] and [`render_markdown`] only print it.

use super::{Catalog, Criterion, CriterionId, Entity, Requirement};
use crate::messages::Messages;
use crate::text::Text;
use serde::Serialize;
use std::fmt::Write as _;

/// The format tag of the JSON form.
pub const FORMAT_TAG: &str = "ctpat-criteria-diff/1";

/// A criterion present on one side only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Listed {
    /// Its id.
    pub id: CriterionId,
    /// Must or Should.
    pub requirement: Requirement,
    /// Its title.
    pub title: Text,
}

/// A change of Must/Should.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RequirementChange {
    /// In the old catalog.
    pub from: Requirement,
    /// In the new catalog.
    pub to: Requirement,
}

/// A text of a criterion that can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TextField {
    /// The title.
    Title,
    /// The self-assessment question.
    Question,
    /// What good looks like and the evidence asked for.
    Guidance,
}

impl TextField {
    /// The UI string key naming the field.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            TextField::Title => "diff:field-title",
            TextField::Question => "diff:field-question",
            TextField::Guidance => "diff:field-guidance",
        }
    }
}

/// A criterion present on both sides that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changed {
    /// Its id.
    pub id: CriterionId,
    /// Its id in the old catalog, when the two catalogs number it differently (China
    /// Customs renumbers items between its standards).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub was: Option<CriterionId>,
    /// Its title in the new catalog.
    pub title: Text,
    /// Must/Should, when it changed.
    pub requirement: Option<RequirementChange>,
    /// Entity types it applies to now and did not before.
    pub entities_added: Vec<Entity>,
    /// Entity types it no longer applies to.
    pub entities_removed: Vec<Entity>,
    /// Texts that changed (in either language).
    pub text: Vec<TextField>,
}

impl Changed {
    /// Whether a Should became a Must: a new blocking gap for anyone without it.
    #[must_use]
    pub fn became_must(&self) -> bool {
        self.requirement
            .is_some_and(|r| r.from == Requirement::Should && r.to == Requirement::Must)
    }

    fn rank(&self) -> u8 {
        match self.requirement {
            Some(r) if r.to == Requirement::Must => 0,
            Some(_) => 1,
            None => 2,
        }
    }
}

/// Counts of the differences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Summary {
    /// Criteria added.
    pub added: usize,
    /// Criteria removed.
    pub removed: usize,
    /// Criteria changed.
    pub changed: usize,
    /// Changed from Should to Must.
    pub should_to_must: usize,
    /// Changed from Must to Should.
    pub must_to_should: usize,
}

/// The differences between two catalogs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogDiff {
    /// [`FORMAT_TAG`].
    pub format: &'static str,
    /// The old catalog's version.
    pub old_version: String,
    /// The new catalog's version.
    pub new_version: String,
    /// The entity type the comparison is limited to, if any.
    pub entity: Option<Entity>,
    /// Counts.
    pub summary: Summary,
    /// Changed criteria: Should → Must first, then Must → Should, then the rest, by id.
    pub changed: Vec<Changed>,
    /// Criteria only in the new catalog, by id.
    pub added: Vec<Listed>,
    /// Criteria only in the old catalog, by id.
    pub removed: Vec<Listed>,
}

impl CatalogDiff {
    /// Whether the catalogs have the same criteria.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

fn listed(c: &Criterion) -> Listed {
    Listed {
        id: c.id,
        requirement: c.requirement,
        title: c.title.clone(),
    }
}

fn requirement_change(o: &Criterion, n: &Criterion) -> Option<RequirementChange> {
    (o.requirement != n.requirement).then_some(RequirementChange {
        from: o.requirement,
        to: n.requirement,
    })
}

fn text_changes(o: &Criterion, n: &Criterion) -> Vec<TextField> {
    [
        (o.title != n.title, TextField::Title),
        (o.question != n.question, TextField::Question),
        (o.guidance != n.guidance, TextField::Guidance),
    ]
    .into_iter()
    .filter_map(|(differs, field)| differs.then_some(field))
    .collect()
}

/// Compares `old` with `new`, limited to the criteria that apply to `entity` on either side
/// when one is given; a criterion is the same on both sides when it has the same id.
#[must_use]
pub fn diff(old: &Catalog, new: &Catalog, entity: Option<Entity>) -> CatalogDiff {
    diff_paired(old, new, entity, None)
}

/// Like [`diff`], pairing old and new items through `pairs` (old id, new id) instead of by
/// id, for catalogs that number the same item differently (a mapping's rows). An old item
/// without a pair is removed, a new one without a pair added.
#[must_use]
pub fn diff_paired(
    old: &Catalog,
    new: &Catalog,
    entity: Option<Entity>,
    pairs: Option<&[(CriterionId, CriterionId)]>,
) -> CatalogDiff {
    let relevant = |c: &&Criterion| entity.is_none_or(|e| c.applies(e));
    let counterpart = |o: &Criterion| -> Option<&Criterion> {
        match pairs {
            None => new.criterion(o.id),
            Some(p) => p
                .iter()
                .find(|(f, _)| *f == o.id)
                .and_then(|(_, t)| new.criterion(*t)),
        }
    };
    let predecessor = |n: &Criterion| -> Option<&Criterion> {
        match pairs {
            None => old.criterion(n.id),
            Some(p) => p
                .iter()
                .find(|(_, t)| *t == n.id)
                .and_then(|(f, _)| old.criterion(*f)),
        }
    };
    let mut added: Vec<Listed> = Vec::new();
    let mut removed: Vec<Listed> = Vec::new();
    let mut changed: Vec<Changed> = Vec::new();
    for n in new.criteria.iter().filter(relevant) {
        if predecessor(n).is_none() {
            added.push(listed(n));
        }
    }
    for o in old.criteria.iter().filter(relevant) {
        let Some(n) = counterpart(o) else {
            removed.push(listed(o));
            continue;
        };
        let keep = |e: &&Entity| entity.is_none_or(|only| **e == only);
        let entities_added: Vec<Entity> = n
            .applies_to
            .iter()
            .filter(|e| !o.applies(**e))
            .filter(keep)
            .copied()
            .collect();
        let entities_removed: Vec<Entity> = o
            .applies_to
            .iter()
            .filter(|e| !n.applies(**e))
            .filter(keep)
            .copied()
            .collect();
        let text = text_changes(o, n);
        let requirement = requirement_change(o, n);
        if requirement.is_some()
            || !entities_added.is_empty()
            || !entities_removed.is_empty()
            || !text.is_empty()
        {
            changed.push(Changed {
                id: n.id,
                was: (o.id != n.id).then_some(o.id),
                title: n.title.clone(),
                requirement,
                entities_added,
                entities_removed,
                text,
            });
        }
    }
    // A criterion that applies to `entity` only in the new catalog was not seen above.
    if let Some(e) = entity {
        for n in new.criteria.iter().filter(|c| c.applies(e)) {
            if let Some(o) = predecessor(n).filter(|o| !o.applies(e)) {
                changed.push(Changed {
                    id: n.id,
                    was: (o.id != n.id).then_some(o.id),
                    title: n.title.clone(),
                    requirement: requirement_change(o, n),
                    entities_added: vec![e],
                    entities_removed: Vec::new(),
                    text: text_changes(o, n),
                });
            }
        }
    }
    changed.sort_by_key(|c| (c.rank(), c.id));
    let summary = Summary {
        added: added.len(),
        removed: removed.len(),
        changed: changed.len(),
        should_to_must: changed.iter().filter(|c| c.became_must()).count(),
        must_to_should: changed
            .iter()
            .filter(|c| c.requirement.is_some() && !c.became_must())
            .count(),
    };
    CatalogDiff {
        format: FORMAT_TAG,
        old_version: old.program.version.clone(),
        new_version: new.program.version.clone(),
        entity,
        summary,
        changed,
        added,
        removed,
    }
}

fn fill(template: &str, values: &[(&str, String)]) -> String {
    crate::diagnostic::fill(template, values)
}

fn badge(r: Requirement, msg: &Messages) -> &str {
    match r {
        Requirement::Must => msg.get("badge:must"),
        Requirement::Should => msg.get("badge:should"),
    }
}

/// What changed in one criterion, as one line of words (no title).
fn describe(c: &Changed, msg: &Messages) -> String {
    let mut parts = Vec::new();
    if let Some(r) = c.requirement {
        let mut s = format!("{} → {}", badge(r.from, msg), badge(r.to, msg));
        if c.became_must() {
            let _ = write!(s, " ({})", msg.get("diff:blocking"));
        }
        parts.push(s);
    }
    let ids = |es: &[Entity]| es.iter().map(|e| e.id()).collect::<Vec<_>>().join(", ");
    if !c.entities_added.is_empty() {
        parts.push(format!(
            "{}: {}",
            msg.get("diff:applies-now"),
            ids(&c.entities_added)
        ));
    }
    if !c.entities_removed.is_empty() {
        parts.push(format!(
            "{}: {}",
            msg.get("diff:applies-no-longer"),
            ids(&c.entities_removed)
        ));
    }
    if !c.text.is_empty() {
        let fields: Vec<&str> = c.text.iter().map(|f| msg.get(f.key())).collect();
        parts.push(format!(
            "{}: {}",
            msg.get("diff:text-changed"),
            fields.join(", ")
        ));
    }
    parts.join("; ")
}

/// The summary line: counts of added, removed and changed criteria.
#[must_use]
pub fn summary_line(d: &CatalogDiff, msg: &Messages) -> String {
    let s = d.summary;
    fill(
        msg.get("diff:summary"),
        &[
            ("added", s.added.to_string()),
            ("removed", s.removed.to_string()),
            ("changed", s.changed.to_string()),
            ("should_to_must", s.should_to_must.to_string()),
            ("must_to_should", s.must_to_should.to_string()),
        ],
    )
}

fn heading(d: &CatalogDiff, msg: &Messages) -> String {
    let entity = d.entity.map_or_else(
        || msg.get("list:all-entities").to_string(),
        |e| e.id().to_string(),
    );
    fill(
        msg.get("diff:heading"),
        &[
            ("old", d.old_version.clone()),
            ("new", d.new_version.clone()),
            ("entity", entity),
        ],
    )
}

/// The terminal form.
#[must_use]
pub fn render_text(d: &CatalogDiff, msg: &Messages) -> String {
    let lang = msg.lang();
    let mut s = String::new();
    let _ = writeln!(s, "{}\n", heading(d, msg));
    if d.is_empty() {
        let _ = writeln!(s, "{}\n", msg.get("diff:none"));
    }
    if !d.changed.is_empty() {
        let _ = writeln!(s, "{} ({})", msg.get("diff:changed"), d.changed.len());
        for c in &d.changed {
            let _ = writeln!(s, "  {:<6} {}", shown_id(c), c.title.get(lang));
            let _ = writeln!(s, "         {}", describe(c, msg));
        }
        s.push('\n');
    }
    for (key, list) in [("diff:added", &d.added), ("diff:removed", &d.removed)] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(s, "{} ({})", msg.get(key), list.len());
        for c in list {
            let _ = writeln!(
                s,
                "  {:<6} [{}] {}",
                c.id.to_string(),
                badge(c.requirement, msg),
                c.title.get(lang)
            );
        }
        s.push('\n');
    }
    let _ = writeln!(s, "{}", summary_line(d, msg));
    s
}

/// A changed item's id, with its old id when it was renumbered: `(11) ← (12)`.
fn shown_id(c: &Changed) -> String {
    match c.was {
        Some(was) => format!("{} ← {was}", c.id),
        None => c.id.to_string(),
    }
}

/// Escapes text for a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

/// The Markdown form (a pull-request comment or a changelog section).
#[must_use]
pub fn render_markdown(d: &CatalogDiff, msg: &Messages) -> String {
    let lang = msg.lang();
    let mut s = String::new();
    let _ = writeln!(s, "## {}\n", cell(&heading(d, msg)));
    if d.is_empty() {
        let _ = writeln!(s, "{}\n", msg.get("diff:none"));
    }
    if !d.changed.is_empty() {
        let _ = writeln!(s, "### {} ({})\n", msg.get("diff:changed"), d.changed.len());
        let _ = writeln!(
            s,
            "| {} | {} | {} |\n|---|---|---|",
            msg.get("list:id"),
            msg.get("list:title"),
            msg.get("diff:change")
        );
        for c in &d.changed {
            let _ = writeln!(
                s,
                "| {} | {} | {} |",
                shown_id(c),
                cell(c.title.get(lang)),
                cell(&describe(c, msg))
            );
        }
        s.push('\n');
    }
    for (key, list) in [("diff:added", &d.added), ("diff:removed", &d.removed)] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(s, "### {} ({})\n", msg.get(key), list.len());
        let _ = writeln!(
            s,
            "| {} | {} | {} |\n|---|---|---|",
            msg.get("list:id"),
            msg.get("list:requirement"),
            msg.get("list:title")
        );
        for c in list {
            let _ = writeln!(
                s,
                "| {} | {} | {} |",
                c.id,
                badge(c.requirement, msg),
                cell(c.title.get(lang))
            );
        }
        s.push('\n');
    }
    let _ = writeln!(s, "**{}**", cell(&summary_line(d, msg)));
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::{embedded, load};
    use crate::diagnostic::Source;
    use crate::text::Lang;

    fn shipped(version: &str) -> Catalog {
        let (name, text) = embedded::get(version).expect("shipped");
        load(&Source::new(name, text)).expect("valid").value
    }

    fn id(s: &str) -> CriterionId {
        s.parse().expect("id")
    }

    #[test]
    fn shipped_2020_to_2023_makes_3_9_a_must_and_nothing_else() {
        let d = diff(&shipped("2020.03"), &shipped("2023.01"), None);
        assert_eq!(d.old_version, "2020.03");
        assert_eq!(d.new_version, "2023.01");
        assert!(d.added.is_empty() && d.removed.is_empty());
        assert_eq!(d.changed.len(), 1);
        let c = &d.changed[0];
        assert_eq!(c.id, id("3.9"));
        assert!(c.became_must());
        assert!(c.text.is_empty() && c.entities_added.is_empty());
        assert_eq!(d.summary.should_to_must, 1);
        assert_eq!(d.summary.must_to_should, 0);
    }

    #[test]
    fn the_same_catalog_has_no_differences() {
        let c = shipped("2023.01");
        let d = diff(&c, &c, None);
        assert!(d.is_empty());
        assert_eq!(d.summary, Summary::default());
    }

    #[test]
    fn added_removed_applicability_and_text_are_found_and_ordered() {
        let old = shipped("2023.01");
        let mut new = old.clone();
        // 1.1 removed; 12.99 added; 1.2 loses importer; 1.3 reworded; 3.9 back to Should;
        // and the first Should past category 3 becomes a Must (it ranks before everything).
        new.criteria.retain(|c| c.id != id("1.1"));
        let mut extra = new.criteria[0].clone();
        extra.id = id("12.99");
        extra.category = 12;
        new.criteria.push(extra);
        new.criteria.sort_by_key(|c| c.id);
        for c in &mut new.criteria {
            if c.id == id("1.2") {
                c.applies_to.retain(|e| *e != Entity::Importer);
            }
            if c.id == id("1.3") {
                c.question.en.push_str(" (reworded)");
                c.guidance.good.zh_cn.push('。');
            }
            if c.id == id("3.9") {
                c.requirement = Requirement::Should;
            }
        }
        let should = old
            .criteria
            .iter()
            .find(|c| c.requirement == Requirement::Should && c.category > 3)
            .expect("a should")
            .id;
        for c in &mut new.criteria {
            if c.id == should {
                c.requirement = Requirement::Must;
            }
        }
        let d = diff(&old, &new, None);
        assert_eq!(
            d.added.iter().map(|l| l.id).collect::<Vec<_>>(),
            [id("12.99")]
        );
        assert_eq!(
            d.removed.iter().map(|l| l.id).collect::<Vec<_>>(),
            [id("1.1")]
        );
        let order: Vec<CriterionId> = d.changed.iter().map(|c| c.id).collect();
        assert_eq!(order, [should, id("3.9"), id("1.2"), id("1.3")]);
        let c12 = &d.changed[2];
        assert_eq!(c12.entities_removed, [Entity::Importer]);
        let c13 = &d.changed[3];
        assert_eq!(c13.text, [TextField::Question, TextField::Guidance]);
        assert_eq!(
            d.summary,
            Summary {
                added: 1,
                removed: 1,
                changed: 4,
                should_to_must: 1,
                must_to_should: 1
            }
        );

        // Limited to customs brokers: 1.2 still applies to them and did not change for them.
        let d = diff(&old, &new, Some(Entity::CustomsBroker));
        assert!(d.changed.iter().all(|c| c.entities_removed.is_empty()));
        // Limited to importers, the reverse diff shows 1.2 gaining importers.
        let d = diff(&new, &old, Some(Entity::Importer));
        let c12 = d.changed.iter().find(|c| c.id == id("1.2")).expect("1.2");
        assert_eq!(c12.entities_added, [Entity::Importer]);
    }

    #[test]
    fn renderings_name_the_change_and_escape_markdown() {
        let msg = Messages::embedded(Lang::En);
        let mut new = shipped("2023.01");
        for c in &mut new.criteria {
            if c.id == id("3.9") {
                c.title.en = "Forced | labor".into();
            }
        }
        let d = diff(&shipped("2020.03"), &new, None);
        let text = render_text(&d, &msg);
        assert!(text.contains("SHOULD → MUST"), "{text}");
        let md = render_markdown(&d, &msg);
        assert!(md.contains("Forced \\| labor"), "{md}");
        assert!(md.contains("| 3.9 |"), "{md}");
    }
}
