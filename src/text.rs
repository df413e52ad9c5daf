//! Languages and bilingual text.
//!
//! ctpat speaks English and Simplified Chinese. Every text that comes from data (criteria,
//! categories, tiers, UI strings) is a [`Text`] holding both, and the caller picks one with a
//! [`Lang`].

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A language ctpat can speak.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
pub enum Lang {
    /// English.
    #[default]
    #[serde(rename = "en")]
    En,
    /// Simplified Chinese (mainland China).
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl Lang {
    /// Both languages, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// The tag used on the command line and in files: `en` or `zh-CN`.
    #[must_use]
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// The language a POSIX locale value such as `zh_CN.UTF-8` asks for, if ctpat has it.
    #[must_use]
    pub fn from_locale(value: &str) -> Option<Lang> {
        let base = value.split(['.', '@']).next().unwrap_or_default();
        match base.replace('_', "-").to_ascii_lowercase().as_str() {
            "zh-cn" | "zh-sg" | "zh-hans" | "zh" => Some(Lang::ZhCn),
            "" | "c" | "posix" => None,
            other if other.starts_with("en") => Some(Lang::En),
            _ => None,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "en" | "en-us" | "en-gb" | "english" => Ok(Lang::En),
            "zh-cn" | "zh" | "zh-hans" | "cn" | "chinese" => Ok(Lang::ZhCn),
            _ => Err(format!("unknown language `{s}`; use `en` or `zh-CN`")),
        }
    }
}

/// A text in both languages.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
pub struct Text {
    /// English.
    pub en: String,
    /// Simplified Chinese.
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
}

impl Text {
    /// A text from its English and Chinese forms.
    #[must_use]
    pub fn new(en: impl Into<String>, zh_cn: impl Into<String>) -> Self {
        Text {
            en: en.into(),
            zh_cn: zh_cn.into(),
        }
    }

    /// The text in `lang`.
    #[must_use]
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::ZhCn => &self.zh_cn,
        }
    }
}

/// Resolves the English plural choices of a UI template: `{count|error|errors}` becomes
/// `error` when the value named `count` is 1, else `errors`. Braces that are not a choice
/// over a known value (placeholders, `{...}` in text) are left as written, to be filled next.
/// Chinese needs no choices, so its templates have none.
#[must_use]
pub fn choose_plurals(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let choice = after.find('}').and_then(|close| {
            let mut parts = after[..close].split('|');
            let (name, one, many) = (parts.next()?, parts.next()?, parts.next()?);
            let value = values.iter().find(|(n, _)| *n == name)?.1;
            let word = if value.trim() == "1" { one } else { many };
            parts.next().is_none().then_some((word, close))
        });
        match choice {
            Some((word, close)) => {
                out.push_str(word);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Columns a character takes in a terminal: two for CJK and full-width forms, else one.
#[must_use]
pub fn char_width(c: char) -> usize {
    match u32::from(c) {
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 => 2,
        _ => 1,
    }
}

/// Columns a string takes in a terminal (see [`char_width`]).
#[must_use]
pub fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_choices_follow_the_named_count() {
        let t = "{n} {n|file|files}, {e} {e|error|errors} in {path}";
        assert_eq!(
            choose_plurals(t, &[("n", "1"), ("e", "2")]),
            "{n} file, {e} errors in {path}"
        );
        assert_eq!(
            choose_plurals(t, &[("n", "0")]),
            "{n} files, {e} {e|error|errors} in {path}"
        );
        assert_eq!(choose_plurals("{a|b}", &[("a", "1")]), "{a|b}");
    }

    #[test]
    fn lang_parses_common_spellings() {
        assert_eq!("zh-CN".parse::<Lang>(), Ok(Lang::ZhCn));
        assert_eq!("zh_cn".parse::<Lang>(), Ok(Lang::ZhCn));
        assert_eq!("EN".parse::<Lang>(), Ok(Lang::En));
        assert!("fr".parse::<Lang>().is_err());
    }

    #[test]
    fn lang_from_locale() {
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Some(Lang::ZhCn));
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::from_locale("C.UTF-8"), None);
        assert_eq!(Lang::from_locale("de_DE.UTF-8"), None);
    }
}
