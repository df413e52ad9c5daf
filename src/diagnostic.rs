//! Diagnostics: one problem found in an input file, with a stable code, a location and a hint.
//!
//! Every loader in ctpat (criteria, answers) reports problems as [`Diagnostic`]s and keeps
//! going where it can, so a user sees all the problems of a file at once. Rendering to the
//! human form `file:line:col: error[code]: message` with the offending source line lives here
//! too because it is pure string work, shared by every command.

use crate::messages::Messages;
use crate::text::Lang;
use serde::Serialize;
use std::fmt::Write as _;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input cannot be used.
    Error,
    /// The input can be used, but something in it is probably a mistake.
    Warning,
    /// Worth knowing, not a mistake (e.g. data the sources are unsure of).
    Note,
}

impl Severity {
    /// The lowercase word used in human output and JSON.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A 1-based line and column in a source file, or a cell of a workbook's sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Default)]
pub struct Location {
    /// The workbook sheet, for a cell (`line` is then the row, `column` the column).
    /// Sheet names are the fixed names of the workbook layout, hence `'static`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<&'static str>,
    /// 1-based line number (a workbook's row number).
    pub line: u32,
    /// 1-based column number (in characters; a workbook's column, A = 1).
    pub column: u32,
}

impl Location {
    /// A location from 1-based line and column numbers.
    #[must_use]
    pub fn new(line: u32, column: u32) -> Self {
        Location {
            sheet: None,
            line,
            column,
        }
    }

    /// The cell of `sheet` at 1-based `row` and `column` (A = 1).
    #[must_use]
    pub fn cell(sheet: &'static str, row: u32, column: u32) -> Self {
        Location {
            sheet: Some(sheet),
            line: row,
            column,
        }
    }

    /// The cell's reference as a spreadsheet writes it, `Answers!E17`, for a cell location.
    #[must_use]
    pub fn cell_ref(&self) -> Option<String> {
        let sheet = self.sheet?;
        let mut letters = Vec::new();
        let mut n = self.column;
        while n > 0 {
            let rem = (n - 1) % 26;
            letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
            n = (n - 1) / 26;
        }
        let column: String = letters.iter().rev().collect();
        Some(format!("{sheet}!{column}{}", self.line))
    }

    /// How the location follows the file name: `12:9` in a text file, `Answers!E17` in a
    /// workbook.
    #[must_use]
    pub fn shown(&self) -> String {
        self.cell_ref()
            .unwrap_or_else(|| format!("{}:{}", self.line, self.column))
    }
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable kebab-case code, e.g. `duplicate-id`. Tests, CI filters and docs rely on it.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where it is, when known.
    pub location: Option<Location>,
    /// How to fix it.
    pub help: Option<String>,
    /// How to say `message` and `help` in another language (human output only; never
    /// serialised, so JSON, SARIF and annotations stay the same in every language).
    /// Boxed: most diagnostics travel in `Result`s, which stay small this way.
    #[serde(skip)]
    pub translation: Box<Translation>,
}

/// The `criteria/ui.yaml` templates that translate a diagnostic, and the values of their
/// `{placeholders}`.
///
/// The English `message` and `help` stay the reference text: filling the English templates
/// with `args` gives them back exactly (a test checks this for every answers-file code), so a
/// translation can say everything the English says. A diagnostic without templates (criteria
/// files, written for catalog authors) is shown in English in every language.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Translation {
    /// Template of the message: key `diag:<name>`.
    pub message: Option<&'static str>,
    /// Template of the help line: key `diag-help:<name>`.
    pub help: Option<&'static str>,
    /// A sentence added to the help in parentheses: key `diag-help:<name>`.
    pub help_note: Option<&'static str>,
    /// Placeholder names and values, shared by the templates.
    pub args: Vec<(&'static str, String)>,
}

impl Diagnostic {
    /// An error at `location`.
    #[must_use]
    pub fn error(
        code: &'static str,
        location: Option<Location>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            location,
            help: None,
            translation: Box::default(),
        }
    }

    /// A warning at `location`.
    #[must_use]
    pub fn warning(
        code: &'static str,
        location: Option<Location>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, location, message)
        }
    }

    /// A note at `location`.
    #[must_use]
    pub fn note(
        code: &'static str,
        location: Option<Location>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(code, location, message)
        }
    }

    /// The same diagnostic with a help line.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same diagnostic, translated with the templates named after its code, `diag:<code>`
    /// and `diag-help:<code>`, where no other template is named yet.
    #[must_use]
    pub fn translated(mut self) -> Self {
        let t = &mut self.translation;
        t.message.get_or_insert(self.code);
        t.help.get_or_insert(self.code);
        self
    }

    /// The same diagnostic with its message translated by template `diag:<name>`.
    #[must_use]
    pub fn message_template(mut self, name: &'static str) -> Self {
        self.translation.message = Some(name);
        self
    }

    /// The same diagnostic with its help translated by template `diag-help:<name>`.
    #[must_use]
    pub fn help_template(mut self, name: &'static str) -> Self {
        self.translation.help = Some(name);
        self
    }

    /// The same diagnostic with placeholder `{name}` of its templates set to `value`.
    #[must_use]
    // By value so callers can pass numbers, ids and strings alike.
    #[allow(clippy::needless_pass_by_value)]
    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.translation.args.push((name, value.to_string()));
        self
    }

    /// Whether this diagnostic makes the input unusable.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A file's name and text, kept so diagnostics can quote the offending line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// How the file is named to the user: its path, `<embedded 2023.01>` or `<stdin>`.
    pub name: String,
    /// The text (lossily decoded when the file was not UTF-8).
    pub text: String,
    /// Where each line starts, found once on the first [`Source::line`]: looking a line up by
    /// counting from the top made quoting N findings cost O(N × file size), so `validate` on a
    /// file with 20,000 unknown ids took seconds (issue 14).
    lines: LineStarts,
}

/// The byte offsets of the starts of a text's lines, computed at most once. Two sources are
/// equal by their name and text alone, whether or not either has computed it.
#[derive(Debug, Clone, Default)]
struct LineStarts(std::sync::OnceLock<Vec<usize>>);

impl PartialEq for LineStarts {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for LineStarts {}

#[cfg(test)]
thread_local! {
    /// Bytes scanned for line starts on this thread: the work a test can count.
    static SCANNED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

impl Source {
    /// A source from a name and its text.
    #[must_use]
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source {
            name: name.into(),
            text: text.into(),
            lines: LineStarts::default(),
        }
    }

    /// The text without the byte order mark a file saved by Windows Notepad starts with (the
    /// parser does not count it as a column).
    fn body(&self) -> &str {
        self.text.strip_prefix('\u{feff}').unwrap_or(&self.text)
    }

    /// The text of 1-based line `line`, without its line break (and without the byte order
    /// mark). Lines end at `\n` (a `\r` before it is dropped), as [`str::lines`] counts them.
    #[must_use]
    pub fn line(&self, line: u32) -> Option<&str> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let body = self.body();
        let starts = self.lines.0.get_or_init(|| {
            #[cfg(test)]
            SCANNED.with(|n| n.set(n.get() + body.len()));
            std::iter::once(0)
                .chain(body.match_indices('\n').map(|(at, _)| at + 1))
                .filter(|&at| at < body.len())
                .collect()
        });
        let start = *starts.get(index)?;
        let end = starts.get(index + 1).map_or(body.len(), |&next| next);
        let text = &body[start..end];
        Some(match text.strip_suffix('\n') {
            Some(text) => text.strip_suffix('\r').unwrap_or(text),
            None => text,
        })
    }
}

/// The problems found in one file; an `Err` from every loader.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} has {} problem(s)", file.name, diagnostics.len())]
pub struct Invalid {
    /// The file the problems are in.
    pub file: Source,
    /// Every problem found, errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Invalid {
    /// Number of error-severity diagnostics.
    #[must_use]
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// Sorts diagnostics into file order (unlocated ones first), keeping the order of equals.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| d.location);
}

/// Renders one diagnostic the way compilers do:
///
/// ```text
/// criteria.yaml:12:9: error[duplicate-id]: criterion id "1.1" appears twice
///    |
/// 12 |   - id: "1.1"
///    |         ^
///    = help: the first "1.1" is at line 4; give this one its own id
/// ```
#[must_use]
pub fn render(source: &Source, diagnostic: &Diagnostic) -> String {
    render_styled(source, diagnostic, false)
}

/// ANSI styles of the human form; empty strings when colour is off.
struct Style {
    severity: &'static str,
    bold: &'static str,
    gutter: &'static str,
    reset: &'static str,
}

impl Style {
    fn new(color: bool, severity: Severity) -> Style {
        if !color {
            return Style {
                severity: "",
                bold: "",
                gutter: "",
                reset: "",
            };
        }
        Style {
            severity: match severity {
                Severity::Error => "\x1b[1;31m",
                Severity::Warning => "\x1b[1;33m",
                Severity::Note => "\x1b[1;36m",
            },
            bold: "\x1b[1m",
            gutter: "\x1b[1;34m",
            reset: "\x1b[0m",
        }
    }
}

/// [`render`], with ANSI colours when `color` is true (the caller decides: terminal,
/// `NO_COLOR`, `--color`).
#[must_use]
pub fn render_styled(source: &Source, diagnostic: &Diagnostic, color: bool) -> String {
    render_text(
        source,
        diagnostic,
        &diagnostic.message,
        diagnostic.help.as_deref(),
        color,
    )
}

/// [`render_styled`] in the language of `msg`: the message and help from the diagnostic's
/// templates when it has them, else the English text. The `file:line:col: error[code]:`
/// prefix, the severity word and the source excerpt are the same in every language, so tools
/// parsing the output need not care.
#[must_use]
pub fn render_localized(
    source: &Source,
    diagnostic: &Diagnostic,
    msg: &Messages,
    color: bool,
) -> String {
    let (message, help) = localize(diagnostic, msg);
    render_text(source, diagnostic, &message, help.as_deref(), color)
}

/// The message and help of `diagnostic` in the language of `msg`. English, a diagnostic
/// without templates, or a template missing from the strings file give the English text.
#[must_use]
pub fn localize(diagnostic: &Diagnostic, msg: &Messages) -> (String, Option<String>) {
    let t = &diagnostic.translation;
    let english = (diagnostic.message.clone(), diagnostic.help.clone());
    if msg.lang() == Lang::En {
        return english;
    }
    let template = |area: &str, name: Option<&str>| {
        name.and_then(|n| msg.template(&format!("{area}:{n}")))
            .map(|text| fill(text, &t.args))
    };
    let message = template("diag", t.message).unwrap_or(english.0);
    let help = diagnostic.help.as_ref().map(|english_help| {
        let Some(help) = template("diag-help", t.help) else {
            return english_help.clone();
        };
        match template("diag-help", t.help_note) {
            Some(note) => fill(
                msg.get("diag:help-with-note"),
                &[("help", help), ("note", note)],
            ),
            None => help,
        }
    });
    (message, help)
}

/// Replaces each `{name}` of `template` with its value in `args`, in one pass (a value holding
/// braces is not expanded again); unknown placeholders stay as written.
///
/// This is the one template engine: every `{placeholder}` message ctpat builds goes through
/// it, so a file named `{count}.yaml` is shown under its own name.
#[must_use]
pub fn fill<V: AsRef<str>>(template: &str, args: &[(&str, V)]) -> String {
    let borrowed: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_ref())).collect();
    let template = crate::text::choose_plurals(template, &borrowed);
    let mut out = String::with_capacity(template.len());
    let mut rest = template.as_str();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v.as_ref());
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

fn render_text(
    source: &Source,
    diagnostic: &Diagnostic,
    message: &str,
    help: Option<&str>,
    color: bool,
) -> String {
    let st = Style::new(color, diagnostic.severity);
    let (sev, bold, gutter, reset) = (st.severity, st.bold, st.gutter, st.reset);
    let mut out = String::new();
    let _ = match diagnostic.location {
        Some(loc) => write!(
            out,
            "{bold}{}:{}:{reset} ",
            inert(&source.name),
            loc.shown()
        ),
        None => write!(out, "{bold}{}:{reset} ", inert(&source.name)),
    };
    let _ = writeln!(
        out,
        "{sev}{}[{}]{reset}{bold}: {}{reset}",
        diagnostic.severity.as_str(),
        diagnostic.code,
        inert(message)
    );
    // A workbook has no source lines to quote: the cell reference says where.
    if let Some(loc) = diagnostic.location.filter(|l| l.sheet.is_none()) {
        if let Some(line) = source.line(loc.line) {
            let number = loc.line.to_string();
            let pad = " ".repeat(number.len());
            let caret_at = usize::try_from(loc.column.saturating_sub(1)).unwrap_or(0);
            let (line, indent) = excerpt(line, caret_at);
            let _ = writeln!(out, "{gutter}{pad} |{reset}");
            let _ = writeln!(out, "{gutter}{number} |{reset} {line}");
            let _ = writeln!(out, "{gutter}{pad} |{reset} {indent}{sev}^{reset}");
        }
    }
    if let Some(help) = help {
        let help = inert(help);
        let _ = writeln!(out, "  {gutter}={reset} {bold}help{reset}: {help}");
    }
    out
}

/// Longest source line (in characters) quoted whole; a longer one (minified or generated
/// YAML, a huge value) is shown as a window around the caret.
const EXCERPT_CHARS: usize = 160;

/// Characters of a long line shown before the caret.
const EXCERPT_BEFORE: usize = 60;

/// A value quoted from a hostile file must not recolour or clear the terminal it is printed
/// to, nor reorder its line: the one sanitizer, [`crate::text::inert`].
fn inert(text: &str) -> std::borrow::Cow<'_, str> {
    crate::text::inert(text)
}

/// The source line as printed (tabs as spaces, control characters inert, a window around
/// the caret when the line is long) and the blanks that put the caret under character
/// `caret_at` (0-based), counting the terminal width of wide (CJK) characters.
fn excerpt(line: &str, caret_at: usize) -> (String, String) {
    let chars: Vec<char> = line
        .chars()
        .map(|c| match c {
            '\t' => ' ',
            c if crate::text::is_unsafe(c) => '\u{fffd}',
            c => c,
        })
        .collect();
    let caret_at = caret_at.min(chars.len());
    let (start, end) = if chars.len() > EXCERPT_CHARS {
        let start = caret_at.saturating_sub(EXCERPT_BEFORE);
        (start, (start + EXCERPT_CHARS).min(chars.len()))
    } else {
        (0, chars.len())
    };
    let mut shown = String::new();
    let mut indent = String::new();
    if start > 0 {
        shown.push('…');
        indent.push(' ');
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    for &c in &chars[start..caret_at.min(end)] {
        if c.is_whitespace() {
            indent.push(c);
        } else {
            let width = unicode_width::UnicodeWidthChar::width(c).unwrap_or(1);
            indent.extend(std::iter::repeat_n(' ', width));
        }
    }
    (shown, indent)
}

/// The candidate nearest to `word` by edit distance, if it is close enough to be a likely typo.
#[must_use]
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (levenshtein(&word_lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(word.chars().count()) / 3).max(1))
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// Edit distance between two strings, counted in characters.
#[must_use]
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous_diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous_diagonal + usize::from(ca != *cb);
            previous_diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// Checks that `d` is translated: its English templates give back its English message and help
/// exactly (so the arguments carry everything the English says), and its Chinese templates
/// exist, use only its arguments and read as Chinese. `input` names the case in failures.
#[cfg(test)]
pub(crate) fn assert_translated(d: &Diagnostic, input: &str) {
    let en = Messages::embedded(Lang::En);
    let zh = Messages::embedded(Lang::ZhCn);
    let t = &d.translation;
    let context = format!("{} in {input:?}", d.code);
    let message = t
        .message
        .unwrap_or_else(|| panic!("{context}: no template"));
    let template = |m: &Messages, area: &str, name: &str| {
        m.template(&format!("{area}:{name}"))
            .unwrap_or_else(|| panic!("{context}: no {area}:{name} in ui.yaml"))
            .to_string()
    };
    assert_eq!(
        fill(&template(&en, "diag", message), &t.args),
        d.message,
        "{context}: the English template differs from the message"
    );
    let mut names = vec![("diag", message)];
    if let Some(help) = &d.help {
        let name = t
            .help
            .unwrap_or_else(|| panic!("{context}: no help template"));
        let mut english = fill(&template(&en, "diag-help", name), &t.args);
        if let Some(note) = t.help_note {
            english = fill(
                &template(&en, "diag", "help-with-note"),
                &[
                    ("help", english),
                    ("note", template(&en, "diag-help", note)),
                ],
            );
            names.push(("diag-help", note));
        }
        assert_eq!(
            &english, help,
            "{context}: the English help template differs from the help"
        );
        names.push(("diag-help", name));
    }
    for (area, name) in names {
        let chinese = template(&zh, area, name);
        for placeholder in chinese.split('{').skip(1) {
            let placeholder = placeholder.split('}').next().unwrap_or_default();
            assert!(
                t.args.iter().any(|(n, _)| *n == placeholder),
                "{context}: {area}:{name} uses {{{placeholder}}}, which it is not given"
            );
        }
    }
    let (message_zh, help_zh) = localize(d, &zh);
    for (what, shown) in [("message", Some(message_zh)), ("help", help_zh)] {
        let Some(shown) = shown else { continue };
        assert!(
            shown
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{context}: the Chinese {what} is not Chinese: {shown}"
        );
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn line_lookup_agrees_with_str_lines(text in "[a\r\n\u{feff}é]{0,40}", at in 0u32..45) {
            let source = Source::new("t", text.clone());
            let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let expected = usize::try_from(at).ok().and_then(|a| a.checked_sub(1)).and_then(|i| body.lines().nth(i));
            prop_assert_eq!(source.line(at), expected);
        }
    }

    /// The `{name}` placeholders of a template, in order.
    fn placeholders(template: &str) -> Vec<&str> {
        template
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .filter(|name| {
                !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            })
            .collect()
    }

    #[test]
    fn a_file_named_count_yaml_was_reported_under_another_name() {
        // Every UI template in both languages, each placeholder given a value that names
        // every placeholder there is: the values come out exactly as given, never expanded.
        let mut names: Vec<String> = Vec::new();
        for lang in Lang::ALL {
            let msg = crate::messages::Messages::embedded(lang);
            for (_, text) in msg.all() {
                for name in placeholders(text.get(lang)) {
                    if !names.iter().any(|n| n == name) {
                        names.push(name.to_string());
                    }
                }
            }
        }
        assert!(names.len() > 20, "{names:?}");
        let hostile: String = names.iter().map(|n| format!("{{{n}}}")).collect();
        for lang in Lang::ALL {
            let msg = crate::messages::Messages::embedded(lang);
            for (key, text) in msg.all() {
                let template = text.get(lang);
                let used = placeholders(template);
                if used.is_empty() {
                    continue;
                }
                let args: Vec<(&str, String)> = used
                    .iter()
                    .map(|n| (*n, format!("<{n}:{hostile}>")))
                    .collect();
                let out = fill(template, &args);
                for n in &used {
                    let value = format!("<{n}:{hostile}>");
                    let wanted = template.matches(&format!("{{{n}}}")).count();
                    assert_eq!(out.matches(&value).count(), wanted, "{key} ({lang}): {out}");
                }
                // The `&str` form the CLI's `say` uses is the same engine.
                let by_ref: Vec<(&str, &str)> =
                    args.iter().map(|(n, v)| (*n, v.as_str())).collect();
                assert_eq!(crate::settings::fill(template, &by_ref), out, "{key}");
            }
        }
    }

    #[test]
    fn validate_time_grew_quadratically_with_the_number_of_findings() {
        // Quoting every line of a 20,000-line file scans it once, not once per finding.
        let text: String = (0..20_000).map(|i| format!("  \"99.{i}\": x\n")).collect();
        let source = Source::new("many.yaml", text.clone());
        SCANNED.with(|n| n.set(0));
        for line in 1..=20_000 {
            assert!(source.line(line).is_some_and(|l| l.contains("99.")));
        }
        assert_eq!(source.line(20_001), None);
        assert_eq!(SCANNED.with(std::cell::Cell::get), text.len());
    }

    use super::*;

    #[test]
    fn fill_replaces_known_placeholders_once() {
        let args = [("id", "1.1".to_string()), ("value", "{id}".to_string())];
        assert_eq!(
            fill("{id}: `{value}` {other}", &args),
            "1.1: `{id}` {other}"
        );
        assert_eq!(fill("{ unclosed", &args), "{ unclosed");
    }

    #[test]
    fn localized_rendering_keeps_the_frame_and_changes_the_words() {
        let source = Source::new("a.yaml", "answers:\n  \"1.1\": { status: done }\n");
        let d = Diagnostic::error(
            "unknown-status",
            Some(Location::new(2, 20)),
            "unknown status `done` for 1.1",
        )
        .with_help("use one of: implemented")
        .translated()
        .arg("value", "done")
        .arg("id", "1.1")
        .arg("values", "implemented");
        let english = render_localized(&source, &d, &Messages::embedded(Lang::En), false);
        assert_eq!(english, render(&source, &d));
        let chinese = render_localized(&source, &d, &Messages::embedded(Lang::ZhCn), false);
        let (head, english_rest) = english.split_once("]: ").expect("frame");
        let (chinese_head, chinese_rest) = chinese.split_once("]: ").expect("frame");
        assert_eq!(head, chinese_head);
        assert!(chinese_rest.starts_with("条款 1.1 的状态 `done` 无法识别\n"));
        // The quoted line and caret are the same; the help line is translated.
        let excerpt = |s: &str| s.lines().skip(1).take(3).collect::<Vec<_>>().join("\n");
        assert_eq!(excerpt(english_rest), excerpt(chinese_rest));
        assert!(chinese.contains("  = help: 请填写以下之一"), "{chinese}");
        // Without templates (criteria files) the English shows in every language.
        let plain = Diagnostic::error("duplicate-id", None, "dup").with_help("rename it");
        assert_eq!(
            render_localized(&source, &plain, &Messages::embedded(Lang::ZhCn), false),
            render(&source, &plain)
        );
    }

    #[test]
    fn cell_references_are_written_as_spreadsheets_write_them() {
        let at = |column| Location::cell("Answers", 17, column).shown();
        assert_eq!(at(1), "Answers!A17");
        assert_eq!(at(5), "Answers!E17");
        assert_eq!(at(26), "Answers!Z17");
        assert_eq!(at(27), "Answers!AA17");
        assert_eq!(at(16_384), "Answers!XFD17");
        assert_eq!(Location::new(3, 4).shown(), "3:4");
        let source = Source::new("q.xlsx", "");
        let d = Diagnostic::error("bad-date", Some(Location::cell("Answers", 17, 9)), "x");
        assert_eq!(
            render(&source, &d),
            "q.xlsx:Answers!I17: error[bad-date]: x\n"
        );
    }

    #[test]
    fn levenshtein_counts_edits() {
        assert_eq!(levenshtein("status", "status"), 0);
        assert_eq!(levenshtein("statsu", "status"), 2);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("implemnted", "implemented"), 1);
    }

    #[test]
    fn did_you_mean_picks_close_candidates_only() {
        let fields = ["requirement", "applies_to", "category"];
        assert_eq!(did_you_mean("requirment", fields), Some("requirement"));
        assert_eq!(did_you_mean("applies-to", fields), Some("applies_to"));
        assert_eq!(did_you_mean("zzz", fields), None);
    }

    #[test]
    fn render_points_at_the_column() {
        let source = Source::new("c.yaml", "a: 1\n  - id: \"1.1\"\n");
        let d = Diagnostic::error("duplicate-id", Some(Location::new(2, 9)), "dup")
            .with_help("rename it");
        let text = render(&source, &d);
        assert_eq!(
            text,
            "c.yaml:2:9: error[duplicate-id]: dup\n  |\n2 |   - id: \"1.1\"\n  |         ^\n  = help: rename it\n"
        );
    }

    #[test]
    fn control_characters_from_the_file_are_made_inert() {
        let source = Source::new("a.yaml", "x: \"\x1b[2J\"\n");
        let d = Diagnostic::error("unknown-status", Some(Location::new(1, 4)), "bad `\x1b[2J`")
            .with_help("not \x07 this");
        let text = render(&source, &d);
        assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
        assert!(text.contains("bad `\u{fffd}[2J`"), "{text}");
    }

    #[test]
    fn long_lines_are_quoted_as_a_window_around_the_caret() {
        let line = format!("answers: {}{}", "[".repeat(5000), "]".repeat(5000));
        let source = Source::new("a.yaml", line.as_str());
        let d = Diagnostic::error("wrong-type", Some(Location::new(1, 2000)), "deep");
        let text = render(&source, &d);
        assert!(text.len() < 1000, "{} bytes", text.len());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[2], format!("1 | …{}…", "[".repeat(EXCERPT_CHARS)));
        assert_eq!(lines[3], format!("  | {}^", " ".repeat(1 + EXCERPT_BEFORE)));
    }

    #[test]
    fn the_caret_counts_chinese_characters_as_two_columns() {
        let source = Source::new("a.yaml", "company: {name: 深圳, entity: importr}\n");
        let d = Diagnostic::error("unknown-value", Some(Location::new(1, 29)), "x");
        let text = render(&source, &d);
        let lines: Vec<&str> = text.lines().collect();
        let caret = lines[3].find('^').unwrap_or_default();
        let value = lines[2].find("importr").unwrap_or_default();
        // Each Chinese character takes 3 bytes and 2 columns; the caret line is all blanks.
        assert_eq!(caret, value - 2, "{text}");
    }

    #[test]
    fn the_caret_ignores_a_byte_order_mark_on_line_one() {
        let source = Source::new("a.yaml", "\u{feff}format: x\n");
        let d = Diagnostic::error("wrong-format", Some(Location::new(1, 9)), "x");
        let lines: Vec<String> = render(&source, &d).lines().map(String::from).collect();
        assert_eq!(lines[2], "1 | format: x");
        assert_eq!(lines[3], "  |         ^");
    }

    #[test]
    fn styled_render_adds_colour_only_when_asked() {
        let source = Source::new("c.yaml", "a: 1\n");
        let d = Diagnostic::note("flagged-uncertain", Some(Location::new(1, 1)), "unsure");
        assert_eq!(render_styled(&source, &d, false), render(&source, &d));
        let coloured = render_styled(&source, &d, true);
        assert!(
            coloured.contains("\x1b[1;36mnote[flagged-uncertain]\x1b[0m"),
            "{coloured}"
        );
        let plain: String = strip_ansi(&coloured);
        assert_eq!(plain, render(&source, &d));
    }

    fn strip_ansi(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for d in chars.by_ref() {
                    if d == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }
}
