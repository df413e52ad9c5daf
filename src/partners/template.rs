//! The commented partner register `ctpat partners init` writes, in the language of the run.
//! The comments come from criteria/ui.yaml; the keys and values are the file format's own.

use crate::messages::Messages;
use std::fmt::Write as _;

/// The template: a register with three example partners (a factory with an answers file, a
/// CTPAT-certified carrier, a consolidator certified under a recognised AEO) and one threat
/// rating, every field explained.
#[must_use]
pub fn register(msg: &Messages) -> String {
    let c = |key: &str| -> String {
        msg.get(&format!("partners-init:{key}"))
            .lines()
            .map(|l| format!("# {l}\n"))
            .collect()
    };
    let mut s = String::new();
    let _ = write!(s, "{}", c("intro"));
    s.push_str("format: ctpat-partners/1\n");
    s.push_str(&c("company"));
    s.push_str("company: Your Company Inc.\n\n");
    s.push_str(&c("threats"));
    s.push_str("threats:\n");
    s.push_str("  - country: CN\n    region: Guangdong\n");
    s.push_str(&indent(&c("ratings"), 4));
    s.push_str("    ratings:\n      terrorism: low\n      contraband_smuggling: medium\n      human_smuggling: low\n      organized_crime: medium\n      local_conditions: medium\n      theft: medium\n      hijacking: low\n");
    s.push_str("    rated_on: 2026-01-15\n    sources:\n      - \"Your own source, e.g. a government travel advisory, 2026-01\"\n\n");
    s.push_str(&c("partners"));
    s.push_str("partners:\n");
    s.push_str(&indent(&c("id"), 2));
    s.push_str("  - id: CN-FAC-01\n    name: Example Factory Co., Ltd.\n");
    s.push_str(&indent(&c("role"), 4));
    s.push_str("    role: foreign_manufacturer\n");
    s.push_str(&indent(&c("place"), 4));
    s.push_str("    country: CN\n    region: Guangdong\n");
    s.push_str(&indent(&c("route"), 4));
    s.push_str("    route:\n      - { country: CN, region: Yantian }\n");
    s.push_str(&indent(&c("answers"), 4));
    s.push_str("    answers: partners/example-factory.yaml\n");
    s.push_str(&indent(&c("volume"), 4));
    s.push_str("    volume: 120\n");
    s.push_str("    notes: Main supplier\n\n");
    s.push_str(&indent(&c("ctpat"), 2));
    s.push_str("  - id: US-CAR-01\n    name: Example Trucking LLC\n    role: highway_carrier\n    country: US\n    certification:\n      programme: ctpat\n      number: \"SVI-EXAMPLE\"\n      checked_on: 2026-10-01\n\n");
    s.push_str(&indent(&c("aeo"), 2));
    s.push_str("  - id: NL-CON-01\n    name: Example Consolidation B.V.\n    role: consolidator\n    country: NL\n    certification:\n      programme: aeo\n      customs: EU\n      number: \"NLAEOF0000000\"\n      checked_on: 2026-09-15\n");
    s
}

fn indent(text: &str, by: usize) -> String {
    text.lines()
        .map(|l| format!("{}{l}\n", " ".repeat(by)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Source;
    use crate::text::Lang;

    #[test]
    fn the_template_loads_as_a_register_in_both_languages() {
        let categories = super::super::rules::Rules::shipped().threat_categories;
        for lang in [Lang::En, Lang::ZhCn] {
            let text = register(&Messages::embedded(lang));
            let loaded =
                super::super::register::load(&Source::new("t.yaml", text.clone()), &categories)
                    .unwrap_or_else(|e| panic!("{lang}: {:?}", e.diagnostics));
            assert_eq!(loaded.value.partners.len(), 3, "{lang}");
            assert!(loaded.warnings.is_empty(), "{lang}: {:?}", loaded.warnings);
            assert!(
                text.lines()
                    .filter(|l| l.trim_start().starts_with('#'))
                    .count()
                    > 10,
                "{lang}"
            );
        }
    }
}
