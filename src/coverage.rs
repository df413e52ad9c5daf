//! What ctpat says about how complete a criteria list is, in the user's language.
//!
//! For most entity types the catalog holds only part of CBP's list (see
//! [`Coverage`](crate::criteria::Coverage)), so a score on it is provisional. Every output
//! that gives a result or a list (reports, templates, `criteria list`, batch summaries, the
//! questionnaire) takes its wording from here, so they all say the same thing and all ask
//! [`Coverage::is_provisional`] the same question. Pure: texts in, texts out.

use crate::criteria::{Catalog, Coverage, Entity};
use crate::messages::Messages;
use crate::settings::fill;

/// A criteria list for one entity type, as the outputs describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListCoverage {
    /// How complete the list is.
    pub coverage: Coverage,
    /// How many criteria it holds.
    pub count: usize,
    /// The entity type's display name in the user's language, as it reads inside a sentence.
    pub entity_name: String,
    /// The catalog's own notice, in the user's language, when it was encoded from a
    /// secondary source (China Customs' AEO standards): every result on it is indicative.
    pub source_notice: Option<String>,
}

impl ListCoverage {
    /// The list `catalog` has for `entity`, named in `msg`'s language.
    #[must_use]
    pub fn of(catalog: &Catalog, entity: Entity, msg: &Messages) -> ListCoverage {
        ListCoverage {
            coverage: catalog.coverage(entity),
            count: catalog.applicable(entity).count(),
            entity_name: catalog.entity(entity).map_or_else(
                || entity.id().to_string(),
                |e| in_sentence(e.name.get(msg.lang())),
            ),
            source_notice: catalog
                .program
                .secondary_notice()
                .map(|t| t.get(msg.lang()).to_string()),
        }
    }

    /// Whether a result on this list is provisional: the list is short of the official one,
    /// or the catalog comes from a secondary source.
    #[must_use]
    pub fn is_provisional(&self) -> bool {
        self.coverage.is_provisional() || self.source_notice.is_some()
    }

    /// The short name of the coverage, for a table column or a facts line.
    #[must_use]
    pub fn label<'m>(&self, msg: &'m Messages) -> &'m str {
        label(self.coverage, msg)
    }

    /// What the list is, that CBP's document holds more, and how to fix it; `None` when the
    /// list is not provisional (an importer's report says none of this).
    #[must_use]
    pub fn notice(&self, msg: &Messages) -> Option<String> {
        // A catalog from a secondary source says itself what it is and what is not known.
        if let Some(n) = &self.source_notice {
            return Some(n.clone());
        }
        let (what, more) = match self.coverage {
            Coverage::CoreOnly => (msg.get("coverage:what-core"), msg.get("coverage:more")),
            Coverage::Partial => (
                msg.get("coverage:what-partial"),
                msg.get("coverage:more-partial"),
            ),
            Coverage::CrossChecked | Coverage::MemberProfile => return None,
        };
        let count = self.count.to_string();
        let values = [("count", count.as_str()), ("entity", &self.entity_name)];
        Some(fill(
            msg.get("coverage:notice"),
            &[
                ("what", &fill(what, &values)),
                ("more", more),
                ("fix", msg.get("coverage:fix")),
            ],
        ))
    }

    /// A tier's name as a result on this list: qualified as provisional when it is, so a
    /// provisional tier is never shown as a bare "ready for validation".
    #[must_use]
    pub fn tier_name(&self, name: &str, msg: &Messages) -> String {
        if self.source_notice.is_some() {
            fill(msg.get("coverage:tier-secondary"), &[("tier", name)])
        } else if self.is_provisional() {
            fill(
                msg.get("coverage:tier"),
                &[
                    ("tier", name),
                    ("count", &self.count.to_string()),
                    ("entity", &self.entity_name),
                ],
            )
        } else {
            name.to_string()
        }
    }

    /// A tier's name with a short provisional mark, for tables where the full sentence of
    /// [`ListCoverage::tier_name`] does not fit.
    #[must_use]
    pub fn tier_name_short(&self, name: &str, msg: &Messages) -> String {
        if self.source_notice.is_some() {
            fill(msg.get("coverage:tier-secondary-short"), &[("tier", name)])
        } else if self.is_provisional() {
            fill(msg.get("coverage:tier-short"), &[("tier", name)])
        } else {
            name.to_string()
        }
    }
}

/// A display name as it reads inside an English sentence: "Foreign manufacturer" becomes
/// "foreign manufacturer", while "U.S. exporter" keeps its capital. Chinese has no case.
fn in_sentence(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(name.chars().skip(1)).collect()
        }
        _ => name.to_string(),
    }
}

/// `notice` after the "Provisional result:" heading, punctuated for the language (no space
/// after a full-width colon), for plain-text outputs.
#[must_use]
pub fn headed(notice: &str, msg: &Messages) -> String {
    fill(
        msg.get("coverage:headed"),
        &[("heading", msg.get("coverage:heading")), ("notice", notice)],
    )
}

/// The short name of a coverage in `msg`'s language.
#[must_use]
pub fn label(coverage: Coverage, msg: &Messages) -> &str {
    match coverage {
        Coverage::CrossChecked => msg.get("coverage:cross_checked"),
        Coverage::Partial => msg.get("coverage:partial"),
        Coverage::CoreOnly => msg.get("coverage:core_only"),
        Coverage::MemberProfile => msg.get("coverage:member_profile"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::embedded;
    use crate::text::Lang;

    fn list(coverage: Coverage) -> ListCoverage {
        ListCoverage {
            coverage,
            count: 37,
            entity_name: "U.S. exporter".into(),
            source_notice: None,
        }
    }

    proptest::proptest! {
        /// Whatever the list, the tier keeps its name, and the explanation and the provisional
        /// naming come together or not at all.
        #[test]
        fn provisional_naming_and_notice_agree(
            which in 0usize..4,
            count in 0usize..500,
            tier in "[A-Za-z ]{1,20}",
            zh in proptest::bool::ANY,
        ) {
            let coverage = [
                Coverage::CrossChecked,
                Coverage::Partial,
                Coverage::CoreOnly,
                Coverage::MemberProfile,
            ][which];
            let msg = Messages::embedded(if zh { Lang::ZhCn } else { Lang::En });
            let l = ListCoverage { coverage, count, entity_name: "X".into(), source_notice: None };
            let named = l.tier_name(&tier, &msg);
            proptest::prop_assert!(named.starts_with(&tier));
            proptest::prop_assert_eq!(named != tier, coverage.is_provisional());
            proptest::prop_assert_eq!(l.notice(&msg).is_some(), coverage.is_provisional());
            proptest::prop_assert_eq!(
                l.tier_name_short(&tier, &msg) != tier,
                coverage.is_provisional()
            );
        }
    }

    #[test]
    fn a_catalog_from_a_secondary_source_is_indicative_and_says_why_in_both_languages() {
        for version in ["gacc-aeo-2026-advanced", "gacc-aeo-2026-certified"] {
            let catalog = embedded::loaded(version);
            for (lang, words) in [
                (Lang::En, ["secondary", "customs decides"]),
                (Lang::ZhCn, ["二手", "海关"]),
            ] {
                let msg = Messages::embedded(lang);
                let l = ListCoverage::of(catalog, Entity::ForeignManufacturer, &msg);
                assert!(l.is_provisional());
                let notice = l.notice(&msg).expect("a notice");
                assert!(words.iter().all(|w| notice.contains(w)), "{notice}");
                assert!(!notice.contains("CBP"), "no C-TPAT wording: {notice}");
                let named = l.tier_name("X", &msg);
                assert!(named.starts_with('X') && named != "X", "{named}");
            }
        }
    }

    #[test]
    fn entity_names_read_inside_a_sentence() {
        assert_eq!(in_sentence("Foreign manufacturer"), "foreign manufacturer");
        assert_eq!(in_sentence("U.S. exporter"), "U.S. exporter");
        assert_eq!(in_sentence("境外生产商（工厂）"), "境外生产商（工厂）");
        assert_eq!(in_sentence(""), "");
    }

    #[test]
    fn only_partial_and_core_lists_are_provisional() {
        assert!(!Coverage::CrossChecked.is_provisional());
        assert!(!Coverage::MemberProfile.is_provisional());
        assert!(Coverage::Partial.is_provisional());
        assert!(Coverage::CoreOnly.is_provisional());
    }

    #[test]
    fn a_provisional_tier_is_named_as_such_in_both_languages() {
        for (lang, word) in [(Lang::En, "provisional"), (Lang::ZhCn, "暂定")] {
            let msg = Messages::embedded(lang);
            let named = list(Coverage::CoreOnly).tier_name("Ready", &msg);
            assert!(named.starts_with("Ready"), "{named}");
            assert!(named.contains("37"), "{named}");
            assert!(named.contains(word), "{named}");
            let short = list(Coverage::Partial).tier_name_short("Ready", &msg);
            assert!(short.contains(word), "{short}");
        }
    }

    #[test]
    fn a_cross_checked_or_member_list_says_nothing_extra() {
        let msg = Messages::embedded(Lang::En);
        for coverage in [Coverage::CrossChecked, Coverage::MemberProfile] {
            let l = list(coverage);
            assert_eq!(l.notice(&msg), None);
            assert_eq!(l.tier_name("Tier 2", &msg), "Tier 2");
            assert_eq!(l.tier_name_short("Tier 2", &msg), "Tier 2");
        }
    }

    #[test]
    fn the_notice_says_what_the_list_is_that_cbp_has_more_and_how_to_fix_it() {
        for lang in Lang::ALL {
            let msg = Messages::embedded(lang);
            for coverage in [Coverage::CoreOnly, Coverage::Partial] {
                let notice = list(coverage).notice(&msg).expect("provisional");
                assert!(notice.contains("37"), "{notice}");
                assert!(notice.contains("U.S. exporter"), "{notice}");
                assert!(notice.contains("--tailoring"), "{notice}");
                assert!(notice.contains("CBP"), "{notice}");
                assert!(!notice.contains('{'), "unfilled placeholder: {notice}");
            }
        }
    }

    #[test]
    fn shipped_catalogs_give_importers_a_final_list_and_exporters_a_provisional_one() {
        let msg = Messages::embedded(Lang::En);
        for version in embedded::msc_versions() {
            let catalog = embedded::loaded(version);
            assert!(!ListCoverage::of(catalog, Entity::Importer, &msg).is_provisional());
            let exporter = ListCoverage::of(catalog, Entity::Exporter, &msg);
            assert!(exporter.is_provisional());
            assert_eq!(exporter.entity_name, "U.S. exporter");
        }
    }
}
