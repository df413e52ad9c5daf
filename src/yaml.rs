//! The one place ctpat parses YAML.
//!
//! Every criteria and answers file goes through [`parse`], which owns the parser's limits
//! (input size, nesting depth, node and alias budgets against "billion laughs" files) and
//! turns the parser's errors into located [`Diagnostic`]s with stable codes. The raw layers
//! (`criteria::raw`, `answers::raw`) use `Spanned` and `SpannedMap` from here; no
//! parser type leaves this module. Both describe themselves to `schemars` as the value they
//! hold, so the JSON Schemas of the files come straight from the raw types.

use crate::diagnostic::{did_you_mean, Diagnostic, Location};
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// A value and where it was written.
///
/// Wraps the parser's own spanned type so that type stays in this module, and so the JSON
/// Schema of a spanned field is the schema of its value.
#[derive(Debug, Clone)]
pub(crate) struct Spanned<T> {
    /// The value as parsed.
    pub value: T,
    at: Option<Location>,
}

impl<T> Spanned<T> {
    /// A value read from somewhere other than YAML (a workbook cell), with its location.
    pub(crate) fn new(value: T, at: Option<Location>) -> Self {
        Spanned { value, at }
    }
}

thread_local! {
    /// Set while [`parse_spanless`] runs on this thread: spanned values skip their locations.
    static SPANLESS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if SPANLESS.with(std::cell::Cell::get) {
            return T::deserialize(deserializer).map(|value| Spanned { value, at: None });
        }
        let inner = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        Ok(Spanned {
            at: to_location(inner.referenced),
            value: inner.value,
        })
    }
}

impl<T: JsonSchema> JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// Largest input ctpat will parse. The shipped catalog is about 200 KiB; answers files a few KiB.
pub const MAX_INPUT_BYTES: usize = 8 * 1024 * 1024;

/// The location of a spanned value in ctpat's own terms.
pub(crate) fn location<T>(spanned: &Spanned<T>) -> Option<Location> {
    spanned.at
}

fn to_location(loc: serde_saphyr::Location) -> Option<Location> {
    let line = u32::try_from(loc.line()).ok()?;
    let column = u32::try_from(loc.column()).ok()?;
    (line > 0).then(|| Location::new(line, column.max(1)))
}

/// Decodes bytes as UTF-8, or says where the first invalid byte is.
///
/// # Errors
/// A `not-utf8` diagnostic at the line and column of the first invalid byte.
pub fn decode(bytes: &[u8]) -> Result<&str, Diagnostic> {
    std::str::from_utf8(bytes)
        .map_err(|e| {
            let valid = &bytes[..e.valid_up_to()];
            // The prefix is valid UTF-8 by construction.
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            let line = prefix.matches('\n').count() + 1;
            let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Diagnostic::error(
                "not-utf8",
                Some(Location::new(
                    u32::try_from(line).unwrap_or(u32::MAX),
                    u32::try_from(column).unwrap_or(u32::MAX),
                )),
                "the file is not valid UTF-8 text",
            )
            .with_help(
                "save the file as UTF-8 (most editors offer this under \"Save with encoding\")",
            )
            .translated()
        })
        .map_err(|d| {
            // Windows Notepad's "Unicode" is UTF-16 with a byte order mark; every other character
            // is a zero byte, so the quoted line would be noise. Say which encoding it is.
            if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
                Diagnostic {
                    message: "the file is UTF-16 text (Windows \"Unicode\"), not UTF-8".to_string(),
                    location: None,
                    ..d
                }
                .message_template("not-utf8-utf16")
            } else {
                d
            }
        })
}

/// Parses `text` into `T` within ctpat's limits.
///
/// # Errors
/// One located diagnostic for the first syntax or schema problem: YAML cannot be read past a
/// structural error, so later problems are found by the validation step, not here.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, Diagnostic> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(Diagnostic::error(
            "input-too-large",
            None,
            format!(
                "the file is {} bytes; ctpat reads files up to {MAX_INPUT_BYTES} bytes",
                text.len()
            ),
        )
        .with_help("criteria and answers files are small; check that this is the right file")
        .translated()
        .arg("size", text.len())
        .arg("limit", MAX_INPUT_BYTES));
    }
    if text.trim().is_empty()
        || text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Err(Diagnostic::error("empty-file", None, "the file is empty")
            .with_help(
                "start from a template: `ctpat init --entity ENTITY --output answers.yaml` \
                 (`ctpat init` alone lists the entity types)",
            )
            .translated());
    }
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = 64;
    budget.max_nodes = 1_000_000;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_documents = 1;
    budget.max_total_scalar_bytes = MAX_INPUT_BYTES;
    let options = serde_saphyr::options! {
        budget: Some(budget),
        with_snippet: false,
        strict_booleans: true,
        // Comments are YAML syntax, still checked, but no caller deserializes them (the
        // header an answers file keeps is read from the text): collecting their text was
        // about a fifth of parsing a commented answers file.
        emit_comments: false,
    };
    serde_saphyr::from_str_with_options(text, options)
        .map_err(|e| typing_hint(convert(&e).translated(), text))
}

/// Like [`parse`], without recording where each spanned value was written: the quick
/// path for a file expected to be valid (recording locations is a large part of parsing).
/// A caller that finds any problem in the result must parse again with [`parse`] to
/// locate it; [`crate::answers::parse`] does exactly that.
///
/// # Errors
/// As [`parse`]; the diagnostic's location comes from the parser, so it is still located.
pub fn parse_spanless<T: DeserializeOwned>(text: &str) -> Result<T, Diagnostic> {
    /// Clears the flag however parsing ends, so no later parse on this thread loses spans.
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            SPANLESS.with(|s| s.set(false));
        }
    }
    SPANLESS.with(|s| s.set(true));
    let _reset = Reset;
    parse(text)
}

/// A typing slip that YAML reads as something else, named in words a user can act on: a
/// full-width colon `：` or space `　` (Chinese input methods type them), or a colon with no
/// space after it. The parser only says "expected mapping start" or "simple key expected".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slip {
    FullWidthColon,
    FullWidthSpace,
    NoSpaceAfterColon,
}

/// The slip in the key part of `line` (comments and values ignored, so a `：` inside a
/// Chinese note is not one).
fn slip_in(line: &str) -> Option<Slip> {
    let code = line.split(" #").next().unwrap_or_default();
    if code.trim_start().starts_with('#') {
        return None;
    }
    // A key as ctpat's formats write them: ASCII letters, digits, `_`, `.`, quotes. Text
    // such as an evidence item `- 安全小组名单：见附件` is not a key, so its `：` is no slip.
    let key_like = |k: &str| {
        let k = k
            .trim_start_matches([' ', '\u{3000}'])
            .trim_start_matches("- ");
        !k.is_empty()
            && k.chars().all(|c| {
                c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '"' | '\'' | '\u{3000}')
            })
    };
    let key_end = code.find(':').unwrap_or(code.len());
    let key = &code[..key_end];
    if let Some(wide) = key.find('\u{ff1a}') {
        if key_like(&key[..wide]) {
            return Some(Slip::FullWidthColon);
        }
    }
    let after = code[key_end..].chars().nth(1);
    let indent_wide = code
        .chars()
        .take_while(|c| c.is_whitespace())
        .any(|c| c == '\u{3000}');
    if key_like(key) && (indent_wide || key.contains('\u{3000}') || after == Some('\u{3000}')) {
        return Some(Slip::FullWidthSpace);
    }
    if key_like(key) && after.is_some_and(|c| !c.is_whitespace()) {
        return Some(Slip::NoSpaceAfterColon);
    }
    None
}

/// The ASCII character YAML needs where a Chinese input method types `c`, if `c` is one of
/// those full-width look-alikes.
fn ascii_twin(c: char) -> Option<char> {
    Some(match c {
        '\u{ff1a}' => ':',
        '\u{ff0c}' => ',',
        '\u{201c}' | '\u{201d}' | '\u{ff02}' => '"',
        '\u{2018}' | '\u{2019}' | '\u{ff07}' => '\'',
        '\u{ff3b}' | '\u{3010}' => '[',
        '\u{ff3d}' | '\u{3011}' => ']',
        '\u{ff5b}' => '{',
        '\u{ff5d}' => '}',
        '\u{3000}' => ' ',
        _ => return None,
    })
}

/// Replaces the help of a parser error with the slip on its line (or the line before, where
/// a broken key leaves the parser to complain about the next one).
fn typing_hint(d: Diagnostic, text: &str) -> Diagnostic {
    let Some(at) = d.location else { return d };
    let line = |n: u32| {
        usize::try_from(n)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| text.lines().nth(i))
    };
    let slip = line(at.line)
        .and_then(slip_in)
        .or_else(|| line(at.line.saturating_sub(1)).and_then(slip_in));
    let (help, template) = match slip {
        None => {
            // A full-width character where the parser stopped (a Chinese comma in a list,
            // curly quotes): name it and its ASCII twin.
            let column = usize::try_from(at.column).unwrap_or(0);
            let found = line(at.line).and_then(|l| {
                let chars: Vec<char> = l.chars().collect();
                [column.checked_sub(1), column.checked_sub(2)]
                    .into_iter()
                    .flatten()
                    .filter_map(|i| chars.get(i))
                    .find_map(|c| ascii_twin(*c).map(|a| (*c, a)))
            });
            let Some((wide, ascii)) = found else { return d };
            return d
                .with_help(format!(
                    "`{wide}` is a full-width character; YAML needs the ASCII `{ascii}` here \
                     (switch the input method to English)"
                ))
                .help_template("full-width-char")
                .arg("char", wide)
                .arg("ascii", ascii);
        }
        Some(Slip::FullWidthColon) => (
            "this line has a full-width colon `：`; YAML needs the ASCII colon `:` followed by \
             a space (switch the input method to English), e.g. `status: implemented`",
            "full-width-colon",
        ),
        Some(Slip::FullWidthSpace) => (
            "this line has a full-width space `　`; YAML needs ordinary ASCII spaces (switch \
             the input method to English), e.g. `status: implemented`",
            "full-width-space",
        ),
        Some(Slip::NoSpaceAfterColon) => (
            "put a space after the colon, e.g. `status: implemented`",
            "no-space-after-colon",
        ),
    };
    d.with_help(help).help_template(template)
}

/// Maps a parser error to a diagnostic with a stable code and a help line.
fn convert(error: &serde_saphyr::Error) -> Diagnostic {
    use serde_saphyr::Error as E;
    let location = error.location().and_then(to_location);
    let full = error.to_string();
    // The parser appends " at line L, column C"; ctpat prints the location itself.
    let message = full
        .split_once(" at line ")
        .map_or(full.as_str(), |(m, _)| m)
        .to_string();
    match error {
        E::SerdeUnknownField {
            field, expected, ..
        } => {
            let near = did_you_mean(field, expected.iter().copied());
            let fields = expected.join(", ");
            let (hint, help_template) = match near {
                Some(near) => (format!("did you mean `{near}`?"), "did-you-mean"),
                None => (format!("allowed here: {fields}"), "allowed-here"),
            };
            Diagnostic::error(
                "unknown-field",
                location,
                format!("unknown field `{field}`"),
            )
            .with_help(hint)
            .help_template(help_template)
            .arg("field", field)
            .arg("near", near.unwrap_or_default())
            .arg("fields", fields)
        }
        E::SerdeMissingField { field, .. } => Diagnostic::error(
            "missing-field",
            location,
            format!("missing required field `{field}`"),
        )
        .with_help(format!("add `{field}:` to this mapping"))
        .arg("field", field),
        E::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let near = did_you_mean(variant, expected.iter().copied());
            let values = expected.join(", ");
            let (hint, help_template) = match near {
                Some(near) => (format!("did you mean `{near}`?"), "did-you-mean"),
                None => (format!("use one of: {values}"), "use-one-of"),
            };
            Diagnostic::error(
                "unknown-value",
                location,
                format!("unknown value `{variant}`"),
            )
            .with_help(hint)
            .help_template(help_template)
            .arg("value", variant)
            .arg("near", near.unwrap_or_default())
            .arg("values", values)
        }
        E::DuplicateMappingKey { key, .. } => Diagnostic::error(
            "duplicate-key",
            location,
            match key {
                Some(k) => format!("the key `{k}` appears twice in the same mapping"),
                None => "a key appears twice in the same mapping".to_string(),
            },
        )
        .with_help("keep one of them; YAML mappings cannot repeat a key")
        .message_template(if key.is_some() {
            "duplicate-key"
        } else {
            "duplicate-key-unnamed"
        })
        .arg("key", key.as_deref().unwrap_or_default()),
        E::SerdeInvalidType { .. }
        | E::SerdeInvalidValue { .. }
        | E::SerdeInvalidLength { .. }
        | E::InvalidScalar { .. }
        | E::InvalidBooleanStrict { .. }
        | E::NullIntoString { .. }
        | E::Unexpected { .. } => {
            // The parser's words for the two commonest slips (a single value where a list or
            // `key: value` lines belong) mean little to a user; say what belongs there.
            let (message, template) = match message.as_str() {
                "expected sequence start" => (
                    "expected a list here, e.g. `[\"SP-01\", \"PR-02\"]` or one `- item` per line"
                        .to_string(),
                    "wrong-type-list",
                ),
                "expected mapping start" => (
                    "expected `key: value` lines here (a mapping), not a single value, a list or nothing"
                        .to_string(),
                    "wrong-type-mapping",
                ),
                _ => (message, "wrong-type"),
            };
            Diagnostic::error("wrong-type", location, message.clone())
                .with_help(
                    "check the value against criteria/FORMAT.md or the answers format in docs/assess.md",
                )
                .message_template(template)
                .arg("detail", message)
        }
        // The document budget (one document per file) trips before the parser's own
        // multiple-documents error; both mean the same thing to the user.
        E::MultipleDocuments { .. }
        | E::Budget {
            breach: serde_saphyr::budget::BudgetBreach::Documents { .. },
            ..
        } => Diagnostic::error(
            "multiple-documents",
            location,
            "the file holds more than one YAML document",
        )
        .with_help("remove the `---` separator; one file holds one catalog or one answers set"),
        E::Budget { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. } => {
            Diagnostic::error("yaml-too-complex", location, message.clone())
                .with_help("the file nests too deeply or expands too many aliases; simplify it")
                .arg("detail", message)
        }
        _ if message.starts_with("budget breached") => {
            Diagnostic::error("yaml-too-complex", location, message.clone())
                .with_help("the file nests too deeply or expands too many aliases; simplify it")
                .arg("detail", message)
        }
        _ => Diagnostic::error("yaml-syntax", location, message.clone())
            .with_help("fix the YAML syntax at this position (indentation, quotes, brackets)")
            .arg("detail", message),
    }
}

/// Serialises `value` as YAML (for `--format yaml` listings and answers templates).
///
/// # Errors
/// When `value` cannot be represented in YAML.
pub fn to_string<T: serde::Serialize>(value: &T) -> Result<String, serde_saphyr::SerializeError> {
    serde_saphyr::to_string(value)
}

/// A YAML mapping read as a list of entries, keeping each key's location and the file order.
///
/// Used where keys are data (criterion ids in answers), so unknown or misplaced keys can be
/// reported at their own line.
#[derive(Debug)]
pub(crate) struct SpannedMap<V>(pub Vec<(Spanned<String>, V)>);

impl<V: JsonSchema> JsonSchema for SpannedMap<V> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        format!("Map_of_{}", V::schema_name()).into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "type": "object",
            "propertyNames": { "pattern": CRITERION_ID_PATTERN },
            "additionalProperties": generator.subschema_for::<V>(),
        })
    }
}

/// The JSON Schema pattern of a criterion id such as `5.24`, or a tailoring's own such as
/// `ACME-5.1` (schema hint only; the loaders check ids themselves).
pub(crate) const CRITERION_ID_PATTERN: &str =
    "^([A-Z][A-Z0-9]{1,7}-)?[1-9][0-9]{0,3}\\.[1-9][0-9]{0,3}$";

impl<'de, V: Deserialize<'de>> Deserialize<'de> for SpannedMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<V> {
            type Value = SpannedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(SpannedMap(entries))
            }
        }
        deserializer.deserialize_map(EntriesVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        format: String,
        level: Option<Level>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Level {
        Must,
        Should,
    }

    fn err(text: &str) -> Diagnostic {
        parse::<Doc>(text).expect_err("should fail")
    }

    #[test]
    fn codes_and_locations() {
        let d = err("format: x\nformt: y\n");
        assert_eq!(d.code, "unknown-field");
        assert_eq!(d.location, Some(Location::new(2, 1)));
        assert_eq!(d.help.as_deref(), Some("did you mean `format`?"));

        assert_eq!(err("format: x\nformat: y\n").code, "duplicate-key");
        assert_eq!(err("format: \"x\nlevel: must\n").code, "yaml-syntax");
        assert_eq!(err("level: must\n").code, "missing-field");
        let d = err("format: x\nlevel: mutt\n");
        assert_eq!(
            (d.code, d.help.as_deref()),
            ("unknown-value", Some("did you mean `must`?"))
        );
        assert_eq!(err("").code, "empty-file");
        assert_eq!(err("# only a comment\n").code, "empty-file");
        assert_eq!(err("format: [1]\n").code, "wrong-type");
        assert_eq!(
            err("format: x\n---\nformat: y\n").code,
            "multiple-documents"
        );
    }

    #[test]
    fn typing_slips_are_named_in_the_help() {
        let slip = |text: &str| err(text).translation.help;
        for (text, hint) in [
            ("format: x\nlevel：must\n", "full-width-colon"),
            ("format：x\nlevel: must\n", "full-width-colon"),
            ("format: x\nlevel:\u{3000}must\n", "full-width-space"),
            ("format: x\n\u{3000}level: must\n", "full-width-space"),
            ("format: x\nlevel:must\n", "no-space-after-colon"),
        ] {
            assert_eq!(slip(text), Some(hint), "{text:?}");
        }
        let d = parse::<std::collections::BTreeMap<String, Vec<String>>>(
            "evidence: [\"a\"\u{ff0c}\"b\"]\n",
        )
        .expect_err("a Chinese comma");
        assert_eq!(d.translation.help, Some("full-width-char"));
        assert_eq!(
            d.help.as_deref(),
            Some("`，` is a full-width character; YAML needs the ASCII `,` here (switch the input method to English)")
        );
        // Without a slip, the parser's own help stays.
        assert_eq!(slip("format: [1]\n"), Some("wrong-type"));
    }

    #[test]
    fn a_value_where_a_list_or_mapping_belongs_says_which() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Lists {
            items: Vec<String>,
        }
        let d = parse::<Lists>("items: SP-01\n").expect_err("not a list");
        assert_eq!(d.code, "wrong-type");
        assert!(
            d.message.starts_with("expected a list here"),
            "{}",
            d.message
        );
        let d = parse::<Lists>("- a\n- b\n").expect_err("not a mapping");
        assert!(
            d.message.starts_with("expected `key: value` lines here"),
            "{}",
            d.message
        );
        // A full-width colon in a value or a comment is text, not a slip.
        assert_eq!(slip_in("note: \"备注：张贴\"  # 说明：x"), None);
        assert_eq!(slip_in("  # 自评问题：公司是否"), None);
        assert_eq!(slip_in("  \"1.1\": {status: done}"), None);
        assert_eq!(slip_in("note: http://example.com"), None);
        // Text in an evidence list is not a key: its full-width punctuation is no slip.
        assert_eq!(slip_in("      - 安全小组名单：见附件"), None);
        assert_eq!(slip_in("      - 安全\u{3000}小组"), None);
        assert_eq!(slip_in("  - status：partial"), Some(Slip::FullWidthColon));
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = i - 1;
            bomb.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        let d = parse::<std::collections::BTreeMap<String, serde::de::IgnoredAny>>(&bomb)
            .expect_err("budget should stop the expansion");
        assert_eq!(d.code, "yaml-too-complex");
    }

    #[test]
    fn utf16_is_named() {
        let d = decode(b"\xff\xfef\x00o\x00").expect_err("UTF-16");
        assert_eq!(d.code, "not-utf8");
        assert_eq!(d.location, None);
        assert!(d.message.contains("UTF-16"), "{}", d.message);
        assert_eq!(d.translation.message, Some("not-utf8-utf16"));
    }

    #[test]
    fn not_utf8_is_located() {
        let d = decode(b"format: x\nname: \xff\n").expect_err("invalid");
        assert_eq!(d.code, "not-utf8");
        assert_eq!(d.location, Some(Location::new(2, 7)));
    }
}
