//! The fixed strings ctpat shows (headings, labels, table headers), in both languages.
//!
//! They are data, in `criteria/ui.yaml`, embedded in the binary like the catalogs, so a
//! translator edits YAML, not Rust. A key with no entry renders as the key itself, and a test
//! fails when code uses a key the file lacks.

use crate::text::{Lang, Text};
use crate::yaml;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The embedded UI strings file.
pub const EMBEDDED: &str = include_str!("../criteria/ui.yaml");

/// The format tag of the UI strings file.
pub const FORMAT_TAG: &str = "ctpat-ui/1";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMessages {
    format: String,
    strings: BTreeMap<String, Text>,
}

/// UI strings by key.
#[derive(Debug, Clone)]
pub struct Messages {
    strings: BTreeMap<String, Text>,
    lang: Lang,
}

impl Messages {
    /// The embedded strings, speaking `lang`.
    ///
    /// # Panics
    /// Never for the shipped file: a unit test loads it, so a broken file fails the build's tests.
    #[must_use]
    pub fn embedded(lang: Lang) -> Messages {
        let strings = yaml::parse::<RawMessages>(EMBEDDED)
            .ok()
            .filter(|r| r.format == FORMAT_TAG)
            .map(|r| r.strings)
            .unwrap_or_default();
        Messages { strings, lang }
    }

    /// The language these messages speak.
    #[must_use]
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The string for `key`, or the key itself when it is missing.
    #[must_use]
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings.get(key).map_or(key, |t| t.get(self.lang))
    }

    /// Every key and its texts.
    pub fn all(&self) -> impl Iterator<Item = (&str, &Text)> {
        self.strings.iter().map(|(k, v)| (k.as_str(), v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_strings_load_and_are_translated() {
        let raw: RawMessages = yaml::parse(EMBEDDED).expect("criteria/ui.yaml parses");
        assert_eq!(raw.format, FORMAT_TAG);
        assert!(!raw.strings.is_empty());
        for (key, text) in &raw.strings {
            assert!(!text.en.trim().is_empty(), "{key} lacks English");
            assert!(!text.zh_cn.trim().is_empty(), "{key} lacks Chinese");
        }
    }

    /// Every `msg.get("...")` key used in the source exists in criteria/ui.yaml.
    #[test]
    fn every_key_used_in_the_source_is_translated() {
        let messages = Messages::embedded(Lang::En);
        let mut missing = Vec::new();
        for (file, text) in crate::messages::tests_support::sources() {
            for piece in text.split(".get(\"").skip(1) {
                if let Some(key) = piece.split('"').next() {
                    if key.contains(':') && !messages.strings.contains_key(key) {
                        missing.push(format!("{file}: {key}"));
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys missing from criteria/ui.yaml: {missing:?}"
        );
    }
}

#[cfg(test)]
mod tests_support {
    /// The source files that render UI strings.
    pub fn sources() -> Vec<(&'static str, &'static str)> {
        vec![
            ("src/cli/criteria.rs", include_str!("cli/criteria.rs")),
            ("src/cli/assess.rs", include_str!("cli/assess.rs")),
            ("src/cli/batch.rs", include_str!("cli/batch.rs")),
            ("src/portfolio.rs", include_str!("portfolio.rs")),
            ("src/cli/mod.rs", include_str!("cli/mod.rs")),
            ("src/report/terminal.rs", include_str!("report/terminal.rs")),
        ]
    }
}
