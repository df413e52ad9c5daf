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

/// Whether `c` is a Unicode bidirectional control: the embeddings and overrides U+202A–U+202E,
/// the isolates U+2066–U+2069, the marks U+200E/U+200F and the Arabic letter mark U+061C.
/// Quoted from a file, one can make a line display in an order other than its bytes'.
#[must_use]
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Whether `c` must not reach a terminal or a CI log as it is: a control character (C0, DEL,
/// C1: escape sequences, line breaks) or a bidi control.
#[must_use]
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// The one sanitizer for text shown on a terminal or in a CI annotation: every character
/// [`is_unsafe`] becomes U+FFFD, so a file name, a config value or a note can neither
/// recolour, clear or move the cursor of the terminal it is printed to, nor start a new
/// line, nor reorder the line it is on. Text without such characters is returned as is.
#[must_use]
pub fn inert(text: &str) -> std::borrow::Cow<'_, str> {
    inert_except(text, &[])
}

/// [`inert`] for a block of several lines: the line breaks in `keep` stay.
#[must_use]
pub fn inert_except<'a>(text: &'a str, keep: &[char]) -> std::borrow::Cow<'a, str> {
    if !text.chars().any(|c| is_unsafe(c) && !keep.contains(&c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| {
            if is_unsafe(c) && !keep.contains(&c) {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inert_neutralises_escapes_line_breaks_and_bidi_controls() {
        let hostile = "a\u{1b}[2Jb\nc\r\u{202E}evil\u{2066}\u{200F}\u{061C}\u{9b}d";
        let shown = inert(hostile);
        assert!(!shown.chars().any(is_unsafe), "{shown:?}");
        assert_eq!(shown.chars().filter(|&c| c == '\u{fffd}').count(), 8);
        assert_eq!(inert_except("a\nb\u{202E}", &['\n']), "a\nb\u{fffd}");
        assert!(matches!(inert("工厂 A-1"), std::borrow::Cow::Borrowed(_)));
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
