//! The fixed strings ctpat shows (headings, labels, table headers), in both languages.
//!
//! They are data, in `criteria/ui.yaml`, embedded in the binary like the catalogs, so a
//! translator edits YAML, not Rust. A key with no entry renders as the key itself, and a test
//! fails when code uses a key the file lacks.

use crate::diagnostic::{self, Diagnostic, Source};
use crate::text::{Lang, Text};
use crate::yaml::{self, location, Spanned, SpannedMap};
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The embedded UI strings file.
pub const EMBEDDED: &str = include_str!("../criteria/ui.yaml");

/// The embedded strings in their compiled form: a Rust table sorted by key, generated from
/// `criteria/ui.yaml` by the test `the_compiled_strings_match_ui_yaml` (`CTPAT_BLESS=1`), so
/// no run parses anything for its own strings. (Reading them from JSON was a fifth of the
/// instructions of `ctpat criteria list`.)
static COMPILED: &[Entry] = &include!("../criteria/compiled/ui.rs");

/// The format tag of the UI strings file.
pub const FORMAT_TAG: &str = "ctpat-ui/1";

/// The fixed strings of ctpat's user interface in English and Simplified Chinese.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "ctpat UI strings (ctpat-ui/1)")]
#[schemars(rename = "Messages")]
// Outside the tests (which build the compiled table from it) only its schema is used.
#[cfg_attr(not(test), allow(dead_code))]
struct RawMessages {
    /// Always `ctpat-ui/1`.
    #[schemars(extend("const" = "ctpat-ui/1"))]
    format: String,
    /// Strings by key, `area:name`; `area:name@programme` is another programme's wording of
    /// `area:name` (e.g. `report:title@gacc-aeo`), used with that programme's catalogs.
    #[schemars(extend("propertyNames" = { "pattern": "^[a-z0-9_-]+:[a-z0-9_-]+(@[a-z0-9-]+)?$" }))]
    strings: BTreeMap<String, Text>,
}

/// The JSON Schema (draft-07) of the UI strings file `criteria/ui.yaml`.
#[must_use]
pub fn json_schema() -> serde_json::Value {
    schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<RawMessages>()
        .to_value()
}

/// The UI strings file as `ctpat validate` reads it: every text located.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckedMessages {
    format: Spanned<String>,
    strings: SpannedMap<CheckedText>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckedText {
    en: Option<Spanned<String>>,
    #[serde(rename = "zh-CN")]
    zh_cn: Option<Spanned<String>>,
}

/// Every finding in a UI strings file (`ctpat-ui/1`): the YAML and schema (first problem
/// only), keys not of the form `area:name`, and missing or empty translations.
#[must_use]
pub fn check(source: &Source) -> Vec<Diagnostic> {
    let raw: CheckedMessages = match yaml::parse(&source.text) {
        Ok(raw) => raw,
        Err(d) => return vec![d],
    };
    let mut out = Vec::new();
    if raw.format.value != FORMAT_TAG {
        out.push(
            Diagnostic::error(
                "wrong-format",
                location(&raw.format),
                format!(
                    "this is not a UI strings file: format is `{}`",
                    raw.format.value
                ),
            )
            .with_help(format!(
                "UI strings files start with `format: {FORMAT_TAG}`"
            )),
        );
    }
    for (key, text) in &raw.strings.0 {
        let (base, programme) = key
            .value
            .split_once('@')
            .map_or((key.value.as_str(), None), |(b, p)| (b, Some(p)));
        let programme_ok = programme.is_none_or(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        });
        let well_formed = programme_ok
            && base.split_once(':').is_some_and(|(area, name)| {
                let ok = |p: &str| {
                    !p.is_empty()
                        && p.bytes().all(|b| {
                            b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_'
                        })
                };
                ok(area) && ok(name)
            });
        if !well_formed {
            out.push(
                Diagnostic::error(
                    "bad-key",
                    location(key),
                    format!("`{}` is not a UI string key", key.value),
                )
                .with_help("keys are `area:name` in lower case, e.g. `report:gaps`"),
            );
        }
        for (field, lang) in [(&text.en, "en"), (&text.zh_cn, "zh-CN")] {
            let problem = match field {
                None => Some((
                    location(key),
                    format!("`{}` has no `{lang}` text", key.value),
                )),
                Some(t) if t.value.trim().is_empty() => Some((
                    location(t),
                    format!("the {lang} text of `{}` is empty", key.value),
                )),
                Some(_) => None,
            };
            if let Some((at, message)) = problem {
                out.push(
                    Diagnostic::error("missing-translation", at, message)
                        .with_help("every string needs `en` and `zh-CN`"),
                );
            }
        }
    }
    diagnostic::sort(&mut out);
    out
}

/// One UI string as the compiled form holds it: key, English, Chinese (borrowed from the
/// binary in the compiled table; owned when the test builds the table from the YAML).
#[derive(Debug, PartialEq, Eq)]
struct Entry(Cow<'static, str>, Cow<'static, str>, Cow<'static, str>);

/// Every UI string, sorted by key (the compiled form is written in key order).
#[cfg(test)]
type Strings = Vec<Entry>;

/// The compiled form of a strings map: one entry per string, in key order.
#[cfg(test)]
fn compile(strings: &BTreeMap<String, Text>) -> Strings {
    strings
        .iter()
        .map(|(k, t)| {
            Entry(
                Cow::Owned(k.clone()),
                Cow::Owned(t.en.clone()),
                Cow::Owned(t.zh_cn.clone()),
            )
        })
        .collect()
}

/// UI strings by key.
#[derive(Debug, Clone)]
pub struct Messages {
    /// Sorted by key.
    strings: &'static [Entry],
    lang: Lang,
    /// The programme whose catalog is in use, when it is not the C-TPAT MSC.
    programme: Option<std::sync::Arc<Programme>>,
}

/// What changes the wording for another programme's catalog: its own variants of keys in
/// `ui.yaml` (`report:title@gacc-aeo`), and texts the catalog itself gives (its words for
/// each status, from its `grading.levels`), which come before both.
#[derive(Debug)]
struct Programme {
    id: String,
    own: BTreeMap<String, String>,
}

impl Messages {
    /// The embedded strings, speaking `lang`.
    ///
    /// A unit test keeps the compiled table equal to `criteria/ui.yaml`, so a broken or stale
    /// strings file fails the tests, never a user's run.
    #[must_use]
    pub fn embedded(lang: Lang) -> Messages {
        Messages {
            strings: COMPILED,
            lang,
            programme: None,
        }
    }

    /// These messages as they speak about `catalog`: for a C-TPAT MSC catalog unchanged; for
    /// another programme's, each key's `@programme` variant when `ui.yaml` has one, and the
    /// catalog's own words for the answer statuses (China Customs' 达标 / 基本达标 / 不达标 /
    /// 不适用) instead of C-TPAT's.
    #[must_use]
    pub fn for_catalog(&self, catalog: &crate::criteria::Catalog) -> Messages {
        if catalog.program.is_msc() {
            return self.clone();
        }
        let mut own = BTreeMap::new();
        if let Some(g) = &catalog.grading {
            for (key, text) in [
                ("status:implemented", &g.levels.implemented),
                ("status:partial", &g.levels.partial),
                ("status:not_implemented", &g.levels.not_implemented),
                ("status:not_applicable", &g.levels.not_applicable),
            ] {
                own.insert(key.to_string(), text.get(self.lang).to_string());
            }
        }
        self.with_programme(&catalog.program.programme, own)
    }

    /// These messages speaking the wording of `programme` (`None` or the MSC: unchanged),
    /// with `own` texts by key before everything else.
    #[must_use]
    pub fn for_programme(&self, programme: Option<&str>, own: &[(&str, &str)]) -> Messages {
        match programme {
            Some(p) if p != crate::criteria::CTPAT_MSC => self.with_programme(
                p,
                own.iter()
                    .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                    .collect(),
            ),
            _ => self.clone(),
        }
    }

    fn with_programme(&self, id: &str, own: BTreeMap<String, String>) -> Messages {
        Messages {
            strings: self.strings,
            lang: self.lang,
            programme: Some(std::sync::Arc::new(Programme {
                id: id.to_string(),
                own,
            })),
        }
    }

    /// The programme these messages speak for, when it is not the C-TPAT MSC.
    #[must_use]
    pub fn programme(&self) -> Option<&str> {
        self.programme.as_ref().map(|p| p.id.as_str())
    }

    /// The strings, sorted by key.
    fn strings(&self) -> &'static [Entry] {
        self.strings
    }

    /// The entry for `key`.
    fn entry(&self, key: &str) -> Option<&'static Entry> {
        let strings = self.strings();
        strings
            .binary_search_by(|e| e.0.as_ref().cmp(key))
            .ok()
            .map(|i| &strings[i])
    }

    /// The text of `entry` in this language.
    fn text(&self, entry: &'static Entry) -> &'static str {
        match self.lang {
            Lang::En => &entry.1,
            Lang::ZhCn => &entry.2,
        }
    }

    /// The language these messages speak.
    #[must_use]
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The string for `key`, or the key itself when it is missing.
    #[must_use]
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.template(key).unwrap_or(key)
    }

    /// A label and its value on one line: `Company: X` in English, `企业：X` in Chinese.
    #[must_use]
    pub fn labelled(&self, label_key: &str, value: &str) -> String {
        // The value goes in last, so braces in it are never read as placeholders.
        self.get("text:labelled")
            .replacen("{label}", self.get(label_key), 1)
            .replacen("{value}", value, 1)
    }

    /// Items joined as a list: `a, b` in English, `a、b` in Chinese.
    #[must_use]
    pub fn list<S: AsRef<str>>(&self, items: &[S]) -> String {
        let separator = self.get("report:ids-separator");
        let mut out = String::new();
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(separator);
            }
            out.push_str(item.as_ref());
        }
        out
    }

    /// The string for `key`, or `None` when the strings file lacks it. For another
    /// programme, its own text or its variant of the key comes first.
    #[must_use]
    pub fn template(&self, key: &str) -> Option<&str> {
        if let Some(p) = &self.programme {
            if let Some(own) = p.own.get(key) {
                return Some(own);
            }
            if let Some(e) = self.entry(&format!("{key}@{}", p.id)) {
                return Some(self.text(e));
            }
        }
        self.entry(key).map(|e| self.text(e))
    }

    /// Every key and its texts.
    pub fn all(&self) -> impl Iterator<Item = (&str, Text)> {
        self.strings()
            .iter()
            .map(|e| (e.0.as_ref(), Text::new(e.1.as_ref(), e.2.as_ref())))
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
            let looked_up = text
                .split(".get(\"")
                .skip(1)
                .filter_map(|piece| piece.split('"').next());
            // Keys passed to the CLI's `say(msg, "error:…", …)`, and the like.
            let named = text.split('"').skip(1).step_by(2).filter(|literal| {
                literal.split_once(':').is_some_and(|(area, name)| {
                    ["error", "diag", "diag-help"].contains(&area)
                        && !name.is_empty()
                        && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
                })
            });
            for key in looked_up.chain(named) {
                if key.contains(':') && !key.contains(' ') {
                    used += 1;
                    if messages.template(key).is_none() {
                        missing.push(format!("{file}: {key}"));
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

    /// A programme's variant of a key rewords a key that exists, for a programme ctpat ships,
    /// with only the placeholders the key's own English has (the code fills those).
    #[test]
    fn programme_variants_reword_existing_keys() {
        let raw: RawMessages = yaml::parse(EMBEDDED).expect("criteria/ui.yaml parses");
        let programmes: Vec<String> = crate::criteria::embedded::versions()
            .iter()
            .map(|v| {
                crate::criteria::embedded::loaded(v)
                    .program
                    .programme
                    .clone()
            })
            .collect();
        let names = |t: &str| -> std::collections::BTreeSet<String> {
            t.split('{')
                .skip(1)
                .filter_map(|p| p.split(['}', '|']).next().map(str::to_string))
                .collect()
        };
        let mut variants = 0;
        for (key, text) in &raw.strings {
            let Some((base, programme)) = key.split_once('@') else {
                continue;
            };
            variants += 1;
            assert!(
                programmes.iter().any(|p| p == programme),
                "{key}: no such programme"
            );
            let own = raw
                .strings
                .get(base)
                .unwrap_or_else(|| panic!("{key}: no `{base}`"));
            assert!(
                names(&text.en).is_subset(&names(&own.en)),
                "{key} uses a placeholder `{base}` does not have"
            );
        }
        assert!(variants > 0);
    }

    /// A workbook for a graded catalog offers the catalog's words for the statuses, and the
    /// reader knows them from ui.yaml's `status:*@programme`: the two must agree.
    #[test]
    fn status_variants_are_the_graded_catalogs_own_words() {
        for version in crate::criteria::embedded::versions() {
            let catalog = crate::criteria::embedded::loaded(version);
            let Some(g) = &catalog.grading else {
                continue;
            };
            for lang in Lang::ALL {
                let plain = Messages::embedded(lang);
                let p = &catalog.program.programme;
                for (id, text) in [
                    ("implemented", &g.levels.implemented),
                    ("partial", &g.levels.partial),
                    ("not_implemented", &g.levels.not_implemented),
                    ("not_applicable", &g.levels.not_applicable),
                ] {
                    let key = format!("status:{id}@{p}");
                    assert_eq!(
                        plain.template(&key),
                        Some(text.get(lang)),
                        "{version} {key}"
                    );
                }
            }
        }
    }

    /// A translation fills only placeholders the English has: the code supplies those.
    #[test]
    fn translations_use_only_the_placeholders_of_the_english() {
        let raw: RawMessages = yaml::parse(EMBEDDED).expect("criteria/ui.yaml parses");
        let placeholders = |text: &str| -> Vec<String> {
            text.split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(name, _)| name.to_string()))
                .filter(|name| {
                    !name.is_empty()
                        && name
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                })
                .collect()
        };
        for (key, text) in &raw.strings {
            let english = placeholders(&text.en);
            for name in placeholders(&text.zh_cn) {
                assert!(
                    english.contains(&name),
                    "{key}: the zh-CN text uses {{{name}}}, the English does not"
                );
            }
        }
    }

    /// Whether `c` is Chinese text or full-width punctuation.
    fn is_cjk(c: char) -> bool {
        matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}' | '“' | '”' | '…')
    }

    /// The ASCII `:` and `,` of `text` that sit next to Chinese text (spaces between them
    /// ignored), outside `code spans`: in Chinese they are `：` and `，` or `、`. Placeholders,
    /// ids, times and `key: value` examples have ASCII on both sides and pass.
    fn ascii_punctuation_in_chinese(text: &str) -> Vec<String> {
        let mut plain = String::new();
        for (i, piece) in text.split('`').enumerate() {
            // Odd pieces are code spans: keep their place, not their text.
            plain.push_str(if i % 2 == 0 { piece } else { "x" });
        }
        let chars: Vec<char> = plain.chars().collect();
        let mut found = Vec::new();
        for (i, &c) in chars.iter().enumerate() {
            if c != ':' && c != ',' {
                continue;
            }
            let before = chars[..i].iter().rev().find(|c| **c != ' ');
            let after = chars[i + 1..].iter().find(|c| **c != ' ');
            if before.copied().is_some_and(is_cjk) || after.copied().is_some_and(is_cjk) {
                let start = i.saturating_sub(6);
                let end = (i + 7).min(chars.len());
                found.push(chars[start..end].iter().collect());
            }
        }
        found
    }

    #[test]
    fn the_punctuation_check_tells_chinese_from_ascii_context() {
        assert_eq!(ascii_punctuation_in_chinese("企业: 东莞"), ["企业: 东莞"]);
        assert_eq!(ascii_punctuation_in_chinese("甲, 乙"), ["甲, 乙"]);
        assert!(ascii_punctuation_in_chinese("企业：{name}，时间 12:30").is_empty());
        assert!(ascii_punctuation_in_chinese("请添加 `status:`，例如 a: b").is_empty());
        assert!(ascii_punctuation_in_chinese("{path}:{line}").is_empty());
    }

    /// Regression: Chinese output mixed `企业: ` with `还差：` and joined lists with ASCII
    /// commas. Every zh-CN string uses full-width `：`, `，` and `、` next to Chinese text.
    #[test]
    fn chinese_strings_use_full_width_colons_and_commas() {
        let raw: RawMessages = yaml::parse(EMBEDDED).expect("criteria/ui.yaml parses");
        let mixed: Vec<String> = raw
            .strings
            .iter()
            .flat_map(|(key, text)| {
                ascii_punctuation_in_chinese(&text.zh_cn)
                    .into_iter()
                    .map(move |at| format!("{key}: …{at}…"))
            })
            .collect();
        assert!(mixed.is_empty(), "ASCII punctuation in Chinese: {mixed:#?}");
    }

    /// Regression: "1 Musts", "1 file(s)". Every English template reads right when each of
    /// its numbers is 1: no `(s)`, and no plural noun right after a 1.
    #[test]
    fn english_counts_agree_with_their_nouns() {
        const PLURALS: [&str; 13] = [
            "Musts",
            "Shoulds",
            "files",
            "errors",
            "warnings",
            "notes",
            "criteria",
            "gaps",
            "clients",
            "questions",
            "problems",
            "practices",
            "exist",
        ];
        let raw: RawMessages = yaml::parse(EMBEDDED).expect("criteria/ui.yaml parses");
        let mut wrong = Vec::new();
        for (key, text) in &raw.strings {
            // Help texts list exit codes ("1 errors"), not counts.
            if key.starts_with("cli") {
                continue;
            }
            let names: Vec<String> = text
                .en
                .split('{')
                .skip(1)
                .filter_map(|p| p.split(['}', '|']).next().map(str::to_string))
                .collect();
            let ones: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "1")).collect();
            // "criteria version" and "criteria files" name things, they do not count them.
            let filled = crate::settings::fill(&text.en, &ones)
                .replace("criteria version", "catalog version")
                .replace("criteria files", "catalog files");
            let words: Vec<&str> = filled
                .split(|c: char| !c.is_alphanumeric() && c != '(' && c != ')')
                .filter(|w| !w.is_empty())
                .collect();
            // A plural right after the 1, or after one word qualifying it ("1 applicable Musts");
            // not after "of", which takes the plural ("1 of 1 applicable Musts is open").
            const QUALIFIERS: [&str; 6] = [
                "applicable",
                "implemented",
                "more",
                "claimed",
                "output",
                "best",
            ];
            let after_one = words.windows(4).any(|w| {
                w[0] != "of"
                    && w[1] == "1"
                    && (PLURALS.contains(&w[2])
                        || QUALIFIERS.contains(&w[2]) && PLURALS.contains(&w[3]))
            });
            if filled.contains("(s)") || after_one {
                wrong.push(format!("{key}: {filled}"));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
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

    /// The compiled table as Rust source: an array expression, one entry a line (a string's
    /// `Debug` form is a Rust string literal).
    fn to_rust(strings: &Strings) -> String {
        use std::fmt::Write as _;
        let mut out = String::from(
            "// Generated from criteria/ui.yaml by `CTPAT_BLESS=1 cargo test --lib compiled`: do not edit.\n[\n",
        );
        for Entry(key, en, zh) in strings {
            let _ = writeln!(
                out,
                "    Entry(Cow::Borrowed({key:?}), Cow::Borrowed({en:?}), Cow::Borrowed({zh:?})),"
            );
        }
        out.push_str("]\n");
        out
    }

    #[test]
    fn the_compiled_strings_match_ui_yaml() {
        let raw: RawMessages = yaml::parse(EMBEDDED).expect("criteria/ui.yaml parses");
        let compiled = to_rust(&compile(&raw.strings));
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("criteria/compiled/ui.rs");
        if std::env::var_os("CTPAT_BLESS").is_some_and(|v| v == "1") {
            std::fs::write(&path, &compiled).expect("write criteria/compiled/ui.rs");
        } else {
            assert!(
                compiled == include_str!("../criteria/compiled/ui.rs"),
                "criteria/compiled/ui.rs is stale: run `CTPAT_BLESS=1 cargo test --lib compiled`"
            );
            // What a run reads: the table compiled into the binary.
            assert_eq!(COMPILED, compile(&raw.strings).as_slice());
            assert!(
                COMPILED.windows(2).all(|w| w[0].0 < w[1].0),
                "sorted by key, no duplicates"
            );
        }
    }

    #[test]
    fn the_resume_command_stands_on_a_line_of_its_own() {
        // Wrapped to the terminal, the command broke across two lines ("ctpat" / "assess
        // --resume ..."), so it could not be copied whole.
        for lang in Lang::ALL {
            let autosave = Messages::embedded(lang)
                .get("interactive:autosave")
                .to_string();
            assert!(autosave.ends_with("\n  {resume}"), "{lang:?}: {autosave}");
        }
    }
}
