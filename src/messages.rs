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

    /// Every key looked up with `msg.get` anywhere under src/ exists in criteria/ui.yaml, so a
    /// string added in code without its translation fails here.
    #[test]
    fn every_key_used_in_the_source_is_translated() {
        let messages = Messages::embedded(Lang::En);
        let mut missing = Vec::new();
        let mut used = 0;
        for (file, text) in sources() {
            for piece in text.split(".get(\"").skip(1) {
                if let Some(key) = piece.split('"').next() {
                    if key.contains(':') && !key.contains(' ') {
                        used += 1;
                        if !messages.strings.contains_key(key) {
                            missing.push(format!("{file}: {key}"));
                        }
                    }
                }
            }
        }
        assert!(
            used > 50,
            "the scan found only {used} keys; is src/ readable?"
        );
        assert!(
            missing.is_empty(),
            "keys missing from criteria/ui.yaml: {missing:?}"
        );
    }

    /// Every `.rs` file under src/, with its path.
    fn sources() -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("src/ is readable") {
                let path = entry.expect("directory entry").path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("source is UTF-8");
                    out.push((path.display().to_string(), text));
                }
            }
        }
        out.sort();
        out
    }
}
