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
#[serde(deny_unknown_fields)]
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

/// Punctuation that must not end a line (it opens what comes after it).
fn opens(c: char) -> bool {
    matches!(c, '（' | '“' | '‘' | '《' | '【' | '「' | '『' | '(' | '[')
}

/// Punctuation that must not begin a line (it closes what comes before it).
fn closes(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '！'
            | '？'
            | '）'
            | '」'
            | '』'
            | '”'
            | '’'
            | '》'
            | '】'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
    )
}

/// `text` wrapped to `width` terminal columns: lines break at spaces, and between CJK
/// characters (which need no space), never inside a word unless the word alone is wider
/// than the line. A line's leading spaces are kept, and the lines a bullet (`- `) continues
/// onto hang under its text. Only spaces and line breaks change; every other character
/// stays, in order.
#[must_use]
pub fn wrap(text: &str, width: usize) -> String {
    let width = width.max(1);
    let mut out: Vec<String> = Vec::new();
    for line in text.split('\n') {
        wrap_line(line, width, &mut out);
    }
    out.join("\n")
}

fn wrap_line(line: &str, width: usize, out: &mut Vec<String>) {
    let body = line.trim_start_matches(' ');
    let indent = line.len() - body.len();
    let bullet = body.starts_with("- ") || body.starts_with("• ");
    // No room to indent on a narrow terminal: start at the margin.
    let (indent, hang) = if indent + 2 + 8 > width {
        (0, 0)
    } else {
        (indent, indent + if bullet { 2 } else { 0 })
    };
    // Words: runs of narrow characters, each wide character alone, closing punctuation
    // glued to what it closes; with whether a space came before.
    let mut words: Vec<(String, bool)> = Vec::new();
    let mut space = false;
    let mut open = false;
    for c in body.chars() {
        if c == ' ' {
            space = true;
            open = false;
            continue;
        }
        let wide = char_width(c) > 1;
        match words.last_mut() {
            Some((w, _)) if !space && (closes(c) || (open && !wide) || w.ends_with(opens)) => {
                w.push(c);
            }
            _ => words.push((c.to_string(), space)),
        }
        open = !wide;
        space = false;
    }
    let mut current = " ".repeat(indent);
    let mut used = indent;
    let mut start = true;
    for (word, space_before) in words {
        let w = display_width(&word);
        let gap = usize::from(space_before && !start);
        if used + gap + w <= width {
            if gap == 1 {
                current.push(' ');
            }
            current.push_str(&word);
            used += gap + w;
            start = false;
            continue;
        }
        if !start {
            out.push(std::mem::take(&mut current));
            current = " ".repeat(hang);
            used = hang;
        }
        // A word wider than the line is cut where the line ends.
        for c in word.chars() {
            let cw = char_width(c);
            if used + cw > width && used > hang {
                out.push(std::mem::take(&mut current));
                current = " ".repeat(hang);
                used = hang;
            }
            current.push(c);
            used += cw;
        }
        start = false;
    }
    out.push(current);
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
    fn an_opening_bracket_never_ends_a_line() {
        // The questionnaire's coverage note ended a line on "（" before "见 docs/tailoring.md）".
        let note = "并在命令中加上 --tailoring 文件名（见 docs/tailoring.md）或“定制文件”。";
        for width in 12..60 {
            let wrapped = wrap(note, width);
            assert!(
                wrapped.lines().all(|l| !l.ends_with(opens)),
                "{width}: {wrapped:?}"
            );
        }
    }

    #[test]
    fn wrap_breaks_at_spaces_and_between_chinese_characters() {
        assert_eq!(
            wrap("Has a senior executive signed a statement", 16),
            "Has a senior\nexecutive signed\na statement"
        );
        // Two columns a character; the comma stays with the character before it.
        assert_eq!(
            wrap("是否有签署的声明，并张贴", 10),
            "是否有签署\n的声明，并\n张贴"
        );
        assert_eq!(
            wrap("  - Signed and dated statement", 20),
            "  - Signed and dated\n    statement"
        );
        assert_eq!(wrap("abcdefgh", 3), "abc\ndef\ngh");
        assert_eq!(wrap("a\n\nb", 1), "a\n\nb");
    }

    proptest::proptest! {
        /// No line is wider than asked (unless one character alone is), and nothing but spaces
        /// and line breaks changes.
        #[test]
        fn wrapped_lines_fit_and_keep_every_character(
            text in "[a-z ,，。的是安全 \n-]{0,80}",
            width in 1usize..40,
        ) {
            let wrapped = wrap(&text, width);
            for line in wrapped.split('\n') {
                let fits = display_width(line) <= width.max(2)
                    || line.trim().chars().count() == 1;
                proptest::prop_assert!(fits, "{line:?} wider than {width}");
            }
            let keep = |s: &str| s.chars().filter(|c| *c != ' ' && *c != '\n').collect::<String>();
            proptest::prop_assert_eq!(keep(&wrapped), keep(&text));
        }
    }

    #[test]
    fn lang_from_locale() {
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Some(Lang::ZhCn));
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::from_locale("C.UTF-8"), None);
        assert_eq!(Lang::from_locale("de_DE.UTF-8"), None);
    }
}
