//! Settings at the edge: the global flags, finding and reading `ctpat.toml`, the `CTPAT_*`
//! environment, building the [`Context`] every command runs with, and `ctpat config show`.

use super::{output, read_source, Context, EXIT_OK};
use crate::criteria::embedded;
use crate::diagnostic::{render_localized, Invalid};
use crate::messages::Messages;
use crate::settings::{self, fill, Layer, Layers, Origin, Settings};
use crate::text::{display_width, inert, Lang};
use anyhow::bail;
use clap::ValueEnum;
use std::fmt::Write as _;
use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Flags every command takes.
#[derive(Debug, clap::Args)]
pub(crate) struct Global {
    /// Read settings from this file instead of ./ctpat.toml or the user's config folder.
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,

    /// Load this criteria file instead of the embedded catalog.
    #[arg(long, global = true, value_name = "FILE")]
    criteria: Option<PathBuf>,

    /// Apply this tailoring file (ctpat-tailoring/1) on top of the criteria: a member's
    /// Portal profile, Must/Should changes, house criteria [default: CTPAT_TAILORING, ctpat.toml].
    #[arg(long, global = true, value_name = "FILE")]
    tailoring: Option<PathBuf>,

    /// Language of text and headings: en or zh-CN [default: CTPAT_LANG, ctpat.toml, LANG, else en].
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<Lang>,

    /// Assess as of this date (YYYY-MM-DD): evidence ages and waivers expire against it
    /// [default: CTPAT_AS_OF, else today].
    #[arg(long, global = true, value_name = "DATE", value_parser = super::clock::parse_as_of)]
    as_of: Option<crate::calendar::Date>,

    /// When to colour the output [NO_COLOR turns `auto` off].
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    /// Print only results and errors, no notes such as which file was written.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,

    /// Also say which config file is used.
    #[arg(long, short, global = true)]
    verbose: bool,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// How much a command says on stderr besides results and errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Verbosity {
    /// `--quiet`: results and errors only.
    Quiet,
    /// The default: results, errors, warnings and short notes.
    Normal,
    /// `--verbose`: also which config file is used.
    Verbose,
}

/// `ctpat config`.
#[derive(Debug, clap::Subcommand)]
pub(super) enum Command {
    /// Print the settings in effect and where each came from (flag, env, file or default).
    #[command(after_help = "\
Settings come from, strongest first: flags, CTPAT_* environment variables, the config file
(--config PATH, else ./ctpat.toml, else $XDG_CONFIG_HOME/ctpat/ctpat.toml or
~/.config/ctpat/ctpat.toml), then ctpat's defaults.

Examples:
  ctpat config show
  CTPAT_LANG=zh-CN ctpat config show
  ctpat config show --config ~/clients/acme/ctpat.toml --format json")]
    Show(ShowArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum ShowFormat {
    /// Aligned text.
    Text,
    /// JSON: every setting with its value and origin.
    Json,
}

#[derive(Debug, clap::Args)]
pub(super) struct ShowArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    format: ShowFormat,
}

/// Reads the environment, finds and reads the config file, and builds the context.
///
/// # Errors
/// A config file named with `--config` that does not exist, an invalid config file (its
/// diagnostics are printed here, in the chosen language), or invalid `CTPAT_*` values.
pub(super) fn context(global: Global) -> anyhow::Result<Context> {
    let var = |k: &str| std::env::var(k).ok();
    let locale = locale(&var);
    let flags = Layer {
        lang: global.lang,
        criteria: global.criteria,
        tailoring: global.tailoring,
        ..Layer::default()
    };
    // Messages about the settings themselves speak the language asked for so far.
    let early = flags
        .lang
        .or_else(|| var("CTPAT_LANG").and_then(|v| v.parse().ok()))
        .or(locale.as_ref().map(|l| l.1))
        .unwrap_or_default();
    super::set_ui_lang(early);
    let msg = Messages::embedded(early);
    let env =
        settings::from_env(var, &msg).map_err(|problems| anyhow::anyhow!(problems.join("\n")))?;
    let (found, looked) = find(global.config.as_deref(), &var);
    let file = match &found {
        Some(path) => Some(read(path, &msg)?),
        None => {
            if let Some(path) = &global.config {
                bail!(fill(
                    msg.get("config:not-found"),
                    &[("path", &path.display().to_string())]
                ));
            }
            None
        }
    };
    let settings = settings::resolve(&Layers {
        flags,
        env,
        file,
        locale,
    });
    let verbosity = if global.quiet {
        Verbosity::Quiet
    } else if global.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    if verbosity == Verbosity::Verbose {
        if let Some(path) = &found {
            let msg = Messages::embedded(settings.lang.value);
            let _ = writeln!(
                std::io::stderr().lock(),
                "{}",
                fill(
                    msg.get("config:using"),
                    &[("path", &path.display().to_string())]
                )
            );
        }
    }
    super::set_ui_lang(settings.lang.value);
    // `--as-of`, else `CTPAT_AS_OF` (a CI job pins the date once for every command), else
    // today.
    let as_of = match (
        global.as_of,
        var("CTPAT_AS_OF").filter(|v| !v.trim().is_empty()),
    ) {
        (Some(date), _) => Some(date),
        (None, Some(value)) => Some(super::clock::parse_as_of(&value).map_err(|problem| {
            anyhow::anyhow!(fill(
                msg.get("config:bad-env"),
                &[
                    ("var", "CTPAT_AS_OF"),
                    ("value", &value),
                    ("problem", &problem)
                ]
            ))
        })?),
        (None, None) => None,
    };
    let color = match global.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && var("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    Ok(Context {
        criteria: settings.criteria.value.clone(),
        tailoring: settings.tailoring.value.clone(),
        lang: settings.lang.value,
        criteria_version: settings.criteria_version.value.clone(),
        settings,
        config_file: found,
        looked_for: looked,
        color,
        verbosity,
        as_of_given: as_of,
        today: std::sync::OnceLock::new(),
    })
}

/// The language of this run as far as it is known before clap parses the arguments (for
/// clap's help and usage errors): `--lang` (the last one), else `CTPAT_LANG`, else the config
/// file's `lang` (`--config PATH` or the usual places), else the locale, else English. Any
/// problem here (a bad value, an invalid config file) is reported later, when the context is
/// built; this only picks a language.
pub(super) fn lang_before_parsing(args: &[std::ffi::OsString]) -> Lang {
    let var = |k: &str| std::env::var(k).ok();
    let mut flag = None;
    let mut config = None;
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        let mut value_of = |name: &str| -> Option<String> {
            let inline = word.strip_prefix(name)?;
            match inline.strip_prefix('=') {
                Some(v) => Some(v.to_string()),
                None if inline.is_empty() => words.next().map(std::borrow::Cow::into_owned),
                None => None,
            }
        };
        if let Some(v) = value_of("--lang") {
            flag = v.parse::<Lang>().ok().or(flag);
        } else if let Some(v) = value_of("--config") {
            config = Some(PathBuf::from(v));
        }
    }
    let from_file = || {
        let (found, _) = find(config.as_deref(), &var);
        let source = read_source(&found?).ok()?;
        let dir = Path::new("");
        let msg = Messages::embedded(Lang::En);
        settings::parse_file(&source, dir, &msg).ok()?.lang
    };
    flag.or_else(|| var("CTPAT_LANG").and_then(|v| v.parse().ok()))
        .or_else(from_file)
        .or_else(|| locale(&var).map(|l| l.1))
        .unwrap_or_default()
}

/// The language the locale asks for (`LC_ALL`, `LC_MESSAGES`, `LANG`) and the variable asking.
fn locale(var: &dyn Fn(&str) -> Option<String>) -> Option<(String, Lang)> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| var(k).filter(|v| !v.is_empty()).map(|v| (*k, v)))
        .and_then(|(k, v)| Lang::from_locale(&v).map(|l| (k.to_string(), l)))
}

/// The config file to read, and every place looked at (for `config show`).
///
/// `--config PATH`, else `CTPAT_CONFIG`, else `./ctpat.toml`, else the user's config folder:
/// `$XDG_CONFIG_HOME/ctpat/ctpat.toml`, else `$HOME/.config/ctpat/ctpat.toml` (on Windows
/// `%APPDATA%\ctpat\ctpat.toml`). The first that exists is used; files are not merged.
fn find(
    explicit: Option<&Path>,
    var: &dyn Fn(&str) -> Option<String>,
) -> (Option<PathBuf>, Vec<PathBuf>) {
    let nonempty = |k: &str| var(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(path) = explicit {
        return (
            path.exists().then(|| path.to_path_buf()),
            vec![path.to_path_buf()],
        );
    }
    if let Some(path) = nonempty("CTPAT_CONFIG") {
        return (path.exists().then(|| path.clone()), vec![path]);
    }
    let mut candidates = vec![PathBuf::from(settings::FILE_NAME)];
    let user_dir = nonempty("XDG_CONFIG_HOME")
        .filter(|p| p.is_absolute())
        .or_else(|| nonempty("HOME").map(|h| h.join(".config")))
        .or_else(|| nonempty("APPDATA"));
    if let Some(dir) = user_dir {
        candidates.push(dir.join("ctpat").join(settings::FILE_NAME));
    }
    let found = candidates.iter().find(|p| p.is_file()).cloned();
    (found, candidates)
}

/// Reads and checks a config file; on problems prints them and fails.
fn read(path: &Path, msg: &Messages) -> anyhow::Result<(String, Layer)> {
    let source = read_source(path)?;
    let dir = path.parent().unwrap_or(Path::new(""));
    match settings::parse_file(&source, dir, msg) {
        Ok(layer) => Ok((source.name, layer)),
        Err(invalid) => {
            print_invalid(&invalid);
            bail!(fill(
                msg.get("config:invalid"),
                &[
                    ("path", &source.name),
                    ("count", &invalid.error_count().to_string())
                ]
            ));
        }
    }
}

fn print_invalid(invalid: &Invalid) {
    let msg = super::ui();
    let mut err = std::io::stderr().lock();
    for d in &invalid.diagnostics {
        let _ = write!(err, "{}", render_localized(&invalid.file, d, &msg, false));
    }
}

pub(super) fn run(context: &Context, command: &Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Show(args) => show(context, args),
    }
}

fn show(context: &Context, args: &ShowArgs) -> anyhow::Result<ExitCode> {
    let text = match args.format {
        ShowFormat::Json => {
            let value = serde_json::json!({
                "format": "ctpat-config/1",
                "config_file": context.config_file,
                "looked_for": context.looked_for,
                "settings": context.settings,
            });
            let mut s = serde_json::to_string_pretty(&value)?;
            s.push('\n');
            s
        }
        ShowFormat::Text => show_text(context),
    };
    output::write(None, &text, false)?;
    Ok(ExitCode::from(EXIT_OK))
}

fn show_text(context: &Context) -> String {
    let msg = context.messages();
    let s: &Settings = &context.settings;
    let unset = || msg.get("config:unset").to_string();
    let text = |v: &Option<String>| v.clone().unwrap_or_else(unset);
    let path = |v: &Option<PathBuf>, none: &str| {
        v.as_ref()
            .map_or_else(|| msg.get(none).to_string(), |p| p.display().to_string())
    };
    let version = s.criteria_version.value.clone().unwrap_or_else(|| {
        if s.criteria.value.is_some() {
            unset()
        } else {
            fill(
                msg.get("config:newest"),
                &[("version", embedded::default_version())],
            )
        }
    });
    let rows: Vec<(&str, String, &Origin)> = vec![
        (
            settings::LANG.key,
            s.lang.value.tag().to_string(),
            &s.lang.origin,
        ),
        (
            settings::ENTITY.key,
            s.entity.value.map_or_else(unset, |e| e.id().to_string()),
            &s.entity.origin,
        ),
        (
            settings::CRITERIA.key,
            path(&s.criteria.value, "config:embedded"),
            &s.criteria.origin,
        ),
        (
            settings::CRITERIA_VERSION.key,
            version,
            &s.criteria_version.origin,
        ),
        (
            settings::TAILORING.key,
            path(&s.tailoring.value, "config:no-tailoring"),
            &s.tailoring.origin,
        ),
        (
            settings::FORMATS_NAMES.key,
            s.formats.value.join(", "),
            &s.formats.origin,
        ),
        (
            settings::OUTPUT_DIR.key,
            path(&s.output_dir.value, "config:cwd"),
            &s.output_dir.origin,
        ),
        (
            settings::COMPANY_NAME.key,
            text(&s.company_name.value),
            &s.company_name.origin,
        ),
        (
            settings::COMPANY_COUNTRY.key,
            text(&s.company_country.value),
            &s.company_country.origin,
        ),
        (
            settings::ASSESSOR.key,
            text(&s.assessor.value),
            &s.assessor.origin,
        ),
        (
            settings::PAPER.key,
            s.paper.value.unwrap_or_default().id().to_string(),
            &s.paper.origin,
        ),
        (
            settings::DOCX_TEMPLATE.key,
            path(&s.docx_template.value, "config:docx-no-template"),
            &s.docx_template.origin,
        ),
    ];
    let origin = |o: &Origin| match o {
        Origin::Flag(n) => fill(msg.get("config:origin-flag"), &[("name", n)]),
        Origin::Env(n) => fill(msg.get("config:origin-env"), &[("name", n)]),
        Origin::File(n) => fill(msg.get("config:origin-file"), &[("name", n)]),
        Origin::Default => msg.get("config:origin-default").to_string(),
    };
    let header = (
        msg.get("config:setting").to_string(),
        msg.get("config:value").to_string(),
        msg.get("config:origin").to_string(),
    );
    let defaults: Vec<bool> = rows.iter().map(|r| *r.2 == Origin::Default).collect();
    let body: Vec<(String, String, String)> = rows
        .into_iter()
        // Values and file names come from ctpat.toml and the environment: sanitized.
        .map(|(k, v, o)| {
            let o = origin(o);
            (
                k.to_string(),
                inert(&v).into_owned(),
                inert(&o).into_owned(),
            )
        })
        .collect();
    let w1 = std::iter::once(&header.0)
        .chain(body.iter().map(|r| &r.0))
        .map(|t| display_width(t))
        .max()
        .unwrap_or(0);
    let w2 = std::iter::once(&header.1)
        .chain(body.iter().map(|r| &r.1))
        .map(|t| display_width(t))
        .max()
        .unwrap_or(0);
    let pad = |t: &str, w: usize| format!("{t}{}", " ".repeat(w - display_width(t)));
    // With colour: a bold header, and origins other than the default in green.
    let (bold, green, reset) = if context.color {
        ("\x1b[1m", "\x1b[32m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{bold}{}  {}  {}{reset}",
        pad(&header.0, w1),
        pad(&header.1, w2),
        header.2
    );
    for ((a, b, c), default) in body.iter().zip(&defaults) {
        let (on, off) = if *default { ("", "") } else { (green, reset) };
        let _ = writeln!(out, "{}  {}  {on}{c}{off}", pad(a, w1), pad(b, w2));
    }
    let file = match &context.config_file {
        Some(p) => inert(&p.display().to_string()).into_owned(),
        None => {
            let looked: Vec<String> = context
                .looked_for
                .iter()
                .map(|p| inert(&p.display().to_string()).into_owned())
                .collect();
            fill(msg.get("config:no-file"), &[("paths", &looked.join(", "))])
        }
    };
    let colon = if context.lang == Lang::En {
        ": "
    } else {
        "："
    };
    let _ = writeln!(out, "\n{}{colon}{file}", msg.get("config:file"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_takes_the_first_set_variable() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_string())
            }
        };
        assert_eq!(
            locale(&env(&[("LANG", "zh_CN.UTF-8")])),
            Some(("LANG".to_string(), Lang::ZhCn))
        );
        assert_eq!(
            locale(&env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "zh_CN.UTF-8")])),
            Some(("LC_ALL".to_string(), Lang::En))
        );
        assert_eq!(
            locale(&env(&[("LC_MESSAGES", ""), ("LANG", "zh_CN.UTF-8")])),
            Some(("LANG".to_string(), Lang::ZhCn))
        );
        assert_eq!(locale(&env(&[("LANG", "C.UTF-8")])), None);
    }
}
