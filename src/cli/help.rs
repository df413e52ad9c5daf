//! clap's own output in the language of the run: `--help` and usage errors.
//!
//! Help stays generated from the clap definitions: under zh-CN each command's `about` and
//! `after_help` and each argument's help are replaced by their translations from
//! `criteria/ui.yaml` (keys `cli-about:`, `cli-after:` and `cli-arg:`), and the fixed words
//! clap adds itself (headings, `-h/--help`, `[default: ...]`) are translated as the help is
//! printed. Usage errors are rendered here from the error's kind and context, in the same
//! language, and keep exit code 2. The language is decided before clap parses (flag,
//! `CTPAT_LANG`, config file, locale), as [`super::config::lang_before_parsing`] does.

use crate::messages::Messages;
use crate::settings::fill;
use crate::text::Lang;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// The name of a command for its keys: `ctpat`, `assess`, `criteria-list`.
fn key_path(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_string()
    } else {
        format!("{parent}-{name}")
    }
}

/// `cmd` with its texts (and its subcommands' texts) in `msg`'s language. English is the
/// clap definition itself and is returned unchanged.
#[must_use]
pub(super) fn localize(cmd: Command, msg: &Messages) -> Command {
    if msg.lang() == Lang::En {
        return cmd;
    }
    localize_at(cmd, "", msg)
}

fn localize_at(mut cmd: Command, parent: &str, msg: &Messages) -> Command {
    let path = key_path(parent, cmd.get_name());
    if let Some(about) = msg.template(&format!("cli-about:{path}")) {
        cmd = cmd.about(about.to_string()).long_about(None::<&str>);
    }
    if let Some(after) = msg.template(&format!("cli-after:{path}")) {
        cmd = cmd
            .after_help(after.to_string())
            .after_long_help(None::<&str>);
    }
    let heading = msg.get("cli:options").to_string();
    let positional = msg.get("cli:arguments").to_string();
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let text = arg_help(msg, &path, &id).map(str::to_string);
        let (heading, positional) = (heading.clone(), positional.clone());
        cmd = cmd.mut_arg(id, move |a| {
            let a = if a.is_positional() {
                a.help_heading(positional)
            } else {
                a.help_heading(heading)
            };
            match text {
                Some(text) => a.help(text).long_help(None::<&str>),
                None => a,
            }
        });
    }
    // clap's own -h and -V, with translated help under the translated heading. `--help` is
    // the summary too: the long form lists value descriptions that have no translation.
    cmd = cmd.disable_help_flag(true).arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::HelpShort)
            .help(msg.get("cli:help").to_string())
            .help_heading(heading.clone()),
    );
    if cmd.get_version().is_some() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(msg.get("cli:version").to_string())
                .help_heading(heading.clone()),
        );
    }
    cmd = cmd.subcommand_help_heading(msg.get("cli:commands").to_string());
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let path = path.clone();
        let msg = msg.clone();
        cmd = cmd.mut_subcommand(name, move |sub| {
            localize_at(sub, if path == "ctpat" { "" } else { &path }, &msg)
        });
    }
    cmd
}

/// The translated help of argument `id` of the command at `path`: its own key, else the
/// key shared by the global flags.
fn arg_help<'a>(msg: &'a Messages, path: &str, id: &str) -> Option<&'a str> {
    msg.template(&format!("cli-arg:{path}-{id}"))
        .or_else(|| msg.template(&format!("cli-arg:{id}")))
}

/// The words clap writes itself, as (English, key): replaced in rendered help and errors.
/// A bracket's opening also without its space: clap may wrap the line right after it.
const CLAP_WORDS: [(&str, &str); 12] = [
    ("Usage: ", "cli:usage"),
    ("Print help (see more with '--help')", "cli:help-short"),
    ("Print help (see a summary with '-h')", "cli:help-long"),
    (
        "Print this message or the help of the given subcommand(s)",
        "cli:help-command",
    ),
    ("Print help", "cli:help"),
    ("Print version", "cli:version"),
    ("[default: ", "cli:default"),
    ("[possible values: ", "cli:possible-values"),
    ("[default:", "cli:default"),
    ("[possible values:", "cli:possible-values"),
    ("[OPTIONS]", "cli:options-placeholder"),
    ("<COMMAND>", "cli:command-placeholder"),
];

/// Rendered clap text (help or usage) with clap's own words in `msg`'s language.
#[must_use]
pub(super) fn translate_clap_words(text: &str, msg: &Messages) -> String {
    if msg.lang() == Lang::En {
        return text.to_string();
    }
    let mut out = text.to_string();
    for (english, key) in CLAP_WORDS {
        out = out.replace(english, msg.get(key));
    }
    // Section headings end with clap's ASCII colon.
    for key in ["cli:options", "cli:arguments", "cli:commands"] {
        let heading = msg.get(key);
        out = out.replace(
            &format!("{heading}:\n"),
            &fill(msg.get("cli:heading"), &[("heading", heading)]),
        );
    }
    out.replace("Possible values:", msg.get("cli:possible-values-heading"))
}

/// A clap usage error in `msg`'s language, ready to print; `None` for the kinds clap
/// renders best itself (help and version output) or that need no translation.
#[must_use]
pub(super) fn render_error(error: &clap::Error, msg: &Messages) -> Option<String> {
    if msg.lang() == Lang::En {
        return None;
    }
    let context = |kind: ContextKind| -> Option<String> {
        error.get(kind).map(|v| match v {
            ContextValue::String(s) => s.clone(),
            ContextValue::Strings(list) => msg.list(list),
            ContextValue::StyledStr(s) => s.to_string(),
            ContextValue::StyledStrs(list) => {
                let list: Vec<String> = list.iter().map(ToString::to_string).collect();
                msg.list(&list)
            }
            ContextValue::Number(n) => n.to_string(),
            ContextValue::Bool(b) => b.to_string(),
            ContextValue::None => String::new(),
            _ => String::new(),
        })
    };
    let arg = context(ContextKind::InvalidArg).unwrap_or_default();
    let value = context(ContextKind::InvalidValue).unwrap_or_default();
    let (key, values): (&str, Vec<(&str, String)>) = match error.kind() {
        ErrorKind::UnknownArgument => ("cli:unknown-argument", vec![("arg", arg)]),
        ErrorKind::InvalidSubcommand => (
            "cli:unknown-command",
            vec![(
                "command",
                context(ContextKind::InvalidSubcommand).unwrap_or_default(),
            )],
        ),
        ErrorKind::InvalidValue => ("cli:invalid-value", vec![("arg", arg), ("value", value)]),
        ErrorKind::ValueValidation => ("cli:invalid-value", vec![("arg", arg), ("value", value)]),
        ErrorKind::MissingRequiredArgument => ("cli:missing-argument", vec![("arg", arg)]),
        ErrorKind::ArgumentConflict => (
            "cli:conflict",
            vec![
                ("arg", arg),
                ("other", context(ContextKind::PriorArg).unwrap_or_default()),
            ],
        ),
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => ("cli:bad-value-count", vec![("arg", arg)]),
        ErrorKind::InvalidUtf8 => ("cli:not-utf8", vec![]),
        ErrorKind::MissingSubcommand => (
            "cli:missing-command",
            vec![(
                "command",
                context(ContextKind::InvalidSubcommand).unwrap_or_else(|| "ctpat".into()),
            )],
        ),
        _ => return None,
    };
    let mut out = fill(
        msg.get("error:prefix"),
        &[("message", &fill_owned(msg.get(key), &values))],
    );
    out.push('\n');
    if let Some(valid) = context(ContextKind::ValidValue) {
        out.push_str(&fill(msg.get("cli:valid-values"), &[("values", &valid)]));
        out.push('\n');
    }
    if let Some(valid) = context(ContextKind::ValidSubcommand) {
        out.push_str(&fill(msg.get("cli:valid-commands"), &[("values", &valid)]));
        out.push('\n');
    }
    let suggestion = context(ContextKind::SuggestedArg)
        .or_else(|| context(ContextKind::SuggestedSubcommand))
        .or_else(|| context(ContextKind::SuggestedValue));
    if let Some(near) = suggestion {
        out.push_str(&fill(msg.get("cli:did-you-mean"), &[("near", &near)]));
        out.push('\n');
    }
    if let Some(usage) = context(ContextKind::Usage) {
        out.push('\n');
        out.push_str(&translate_clap_words(usage.trim(), msg));
        out.push('\n');
    }
    out.push('\n');
    out.push_str(msg.get("cli:more-help"));
    out.push('\n');
    Some(out)
}

fn fill_owned(template: &str, values: &[(&str, String)]) -> String {
    let borrowed: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    fill(template, &borrowed)
}

/// Every text of `cmd` a translation must cover: (key, English), for the test below.
#[cfg(test)]
fn texts(cmd: &Command, parent: &str, out: &mut Vec<(String, String)>) {
    let path = key_path(parent, cmd.get_name());
    if let Some(about) = cmd.get_about() {
        out.push((format!("cli-about:{path}"), about.to_string()));
    }
    if let Some(after) = cmd.get_after_help() {
        out.push((format!("cli-after:{path}"), after.to_string()));
    }
    for a in cmd.get_arguments() {
        let id = a.get_id().to_string();
        let english = a.get_help().map(ToString::to_string).unwrap_or_default();
        let key = if a.is_global_set() {
            format!("cli-arg:{id}")
        } else {
            format!("cli-arg:{path}-{id}")
        };
        out.push((key, english));
    }
    for sub in cmd.get_subcommands() {
        texts(sub, if path == "ctpat" { "" } else { &path }, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory as _;

    fn zh() -> Messages {
        Messages::embedded(Lang::ZhCn)
    }

    /// Every command, flag and argument has its Chinese help: a flag added without one fails
    /// here, so `--lang zh-CN --help` never falls back to English.
    #[test]
    fn every_command_and_argument_has_chinese_help() {
        let mut all = Vec::new();
        texts(&super::super::Cli::command(), "", &mut all);
        let msg = zh();
        let en = Messages::embedded(Lang::En);
        // The `en` copy is the clap text the translation was made from: when the English help
        // changes, this fails until the translation is looked at again.
        let stale: Vec<String> = all
            .iter()
            .filter(|(key, english)| en.template(key).is_some_and(|t| t != english))
            .map(|(key, english)| format!("{key}: {{ en: {english:?} }}"))
            .collect();
        assert!(stale.is_empty(), "English changed:\n{}", stale.join("\n"));
        let missing: Vec<String> = all
            .iter()
            .filter(|(key, _)| {
                let (area, rest) = key.split_once(':').unwrap_or_default();
                match area {
                    "cli-arg" => {
                        let id = rest.rsplit('-').next().unwrap_or(rest);
                        msg.template(key).is_none()
                            && msg.template(&format!("cli-arg:{id}")).is_none()
                    }
                    _ => msg.template(key).is_none(),
                }
            })
            .map(|(key, english)| format!("{key}: {{ en: {english:?} }}"))
            .collect();
        assert!(missing.is_empty(), "missing:\n{}", missing.join("\n"));
        assert!(all.len() > 40, "only {} texts found", all.len());
    }

    #[test]
    fn chinese_help_has_no_clap_english_left() {
        let mut cmd = localize(super::super::Cli::command(), &zh());
        let help = translate_clap_words(&cmd.render_help().to_string(), &zh());
        for english in [
            "Usage:",
            "Options:",
            "Commands:",
            "Print help",
            "Print version",
        ] {
            assert!(!help.contains(english), "{english} in:\n{help}");
        }
    }
}
