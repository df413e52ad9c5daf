//! The command-line edge: arguments, files, terminal output and exit codes.
//!
//! Each subcommand is a module owning its clap arguments and its `run`. Everything here may
//! do I/O; the core modules it calls may not.

mod assess;
mod batch;
mod clock;
mod compare;
mod completions;
mod config;
mod convert;
mod criteria;
mod crosswalk;
mod discover;
mod docx;
mod help;
mod init;
mod input;
mod interactive;
mod man;
mod migrate;
mod output;
mod partners;
mod report;
mod schema;
mod validate;

use crate::criteria::{embedded, Catalog};
use crate::diagnostic::{render_localized, Diagnostic, Invalid, Source};
use crate::messages::Messages;
use crate::settings::fill;
use crate::text::Lang;
use anyhow::bail;
use clap::{CommandFactory as _, FromArgMatches as _, Parser, Subcommand};
use std::ffi::OsString;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

/// Exit code: everything ran and nothing is below threshold.
pub const EXIT_OK: u8 = 0;
/// Exit code: findings, or a result below `--fail-under`.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage error, invalid input or I/O error.
pub const EXIT_ERROR: u8 = 2;

const AFTER_HELP: &str = "\
Exit codes:
  0    ok
  1    findings, or a result below --fail-under
  2    usage error, invalid input file, or I/O error
  130  interactive assessment stopped with Ctrl-C (the answers so far are saved)

Examples:
  ctpat assess                      # interactive questionnaire on a terminal
  ctpat init --entity foreign_manufacturer --lang zh-CN --output answers.yaml
  ctpat assess --answers answers.yaml
  ctpat report answers.yaml --format html --output report.html
  ctpat criteria list --entity importer --must-only
  ctpat criteria show 3.9 --lang zh-CN
  ctpat validate answers.yaml
  ctpat config show

Settings: flags > CTPAT_* environment variables > ctpat.toml (--config PATH, ./ctpat.toml,
then ~/.config/ctpat/ctpat.toml) > defaults; `ctpat config show` prints them.";

/// Self-assess a company against the U.S. CBP C-TPAT Minimum Security Criteria.
///
/// ctpat loads the criteria (embedded, or --criteria FILE), scores a company's answers, and
/// reports its gaps and the tier it can aim for.
#[derive(Debug, Parser)]
#[command(name = "ctpat", version = version_text(), after_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    global: config::Global,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Score a company's answers (or answer the questions interactively): tier and gaps.
    Assess(assess::Args),
    /// Write the full gap report: Markdown, HTML, JSON, CSV action plan, Word, workbook, terminal text.
    Report(report::Args),
    /// Compare two assessments of a company: tier, score, what regressed and what improved.
    Compare(compare::Args),
    /// Score many answers files at once: a portfolio summary and per-client reports.
    Batch(batch::Args),
    /// Write an answers template for an entity type, to fill in and assess.
    Init(init::Args),
    /// Check criteria and answers files (for CI and pre-commit): every finding, located.
    Validate(validate::Args),
    /// Convert an answers file to a questionnaire workbook (.xlsx) or a YAML file.
    Convert(convert::Args),
    /// Carry an answers file to another criteria version: unchanged answers kept, changed ones to review.
    Migrate(migrate::Args),
    /// Turn a C-TPAT answers file into a China Customs AEO answers file: answer once, see both.
    Crosswalk(crosswalk::Args),
    /// Browse the criteria: versions, lists, single criteria, differences between versions.
    #[command(
        subcommand,
        after_help = "Examples:\n  ctpat criteria versions\n  ctpat criteria list --entity foreign_manufacturer --must-only --lang zh-CN\n  ctpat criteria show 3.9\n  ctpat criteria diff 2020.03 2023.01"
    )]
    Criteria(criteria::Command),
    /// Show the settings in effect (config file, environment, flags) and their origin.
    #[command(subcommand, after_help = "Example:\n  ctpat config show")]
    Config(config::Command),
    /// Business partners: screen suppliers and carriers into CBP's 5-step risk assessment.
    #[command(
        subcommand,
        after_help = "Examples:\n  ctpat partners init\n  ctpat partners assess partners.yaml"
    )]
    Partners(partners::Command),
    /// Print the JSON Schema of a file format (criteria, answers, report, ui) for editors and CI.
    Schema(schema::Args),
    /// Print a shell completion script.
    Completions(completions::Args),
    /// Print the man page.
    Man(man::Args),
}

fn version_text() -> String {
    format!(
        "{} (criteria {}; default {}; also {})",
        env!("CARGO_PKG_VERSION"),
        embedded::msc_versions().join(", "),
        embedded::default_version(),
        embedded::versions()
            .into_iter()
            .filter(|v| !embedded::msc_versions().contains(v))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Whether this run speaks Chinese: for the edge code that has no [`Context`] at hand (reading
/// and writing files, the final error report). Set as soon as the language is known.
static UI_CHINESE: AtomicBool = AtomicBool::new(false);

/// Makes [`ui`] speak `lang` from now on.
pub(crate) fn set_ui_lang(lang: Lang) {
    UI_CHINESE.store(lang == Lang::ZhCn, Ordering::Relaxed);
}

/// UI strings in the language of this run (English until the language is known).
pub(crate) fn ui() -> Messages {
    Messages::embedded(if UI_CHINESE.load(Ordering::Relaxed) {
        Lang::ZhCn
    } else {
        Lang::En
    })
}

/// `template` (a UI string) with its `{placeholders}` filled.
pub(crate) fn say(msg: &Messages, key: &str, values: &[(&str, &str)]) -> String {
    fill(msg.get(key), values)
}

/// What every command needs: the resolved settings (language, how to find the catalog) and
/// the terminal conventions (colour, verbosity).
pub(crate) struct Context {
    criteria: Option<PathBuf>,
    /// The tailoring file applied on top of the catalog, if any.
    tailoring: Option<PathBuf>,
    lang: Lang,
    /// The shipped version to load when neither the command nor the input names one.
    criteria_version: Option<String>,
    /// Every setting with its origin.
    pub(crate) settings: crate::settings::Settings,
    /// The config file read, if any.
    pub(crate) config_file: Option<PathBuf>,
    /// Where a config file was looked for.
    pub(crate) looked_for: Vec<PathBuf>,
    /// Whether to colour standard output (`--color`, `NO_COLOR`, terminal or not).
    pub(crate) color: bool,
    /// `--quiet`, default or `--verbose`.
    pub(crate) verbosity: config::Verbosity,
    /// The date given with `--as-of` or `CTPAT_AS_OF`; see [`Context::as_of`].
    pub(crate) as_of_given: Option<crate::calendar::Date>,
    /// Today, read from the clock the first time a command needs the date.
    pub(crate) today: std::sync::OnceLock<crate::calendar::Date>,
}

impl Context {
    /// The date the run is as of: `--as-of` (or `CTPAT_AS_OF`), else today. The clock (and
    /// the system time zone) is read only by commands that need the date, and only once.
    pub(crate) fn as_of(&self) -> crate::calendar::Date {
        self.as_of_given
            .unwrap_or_else(|| *self.today.get_or_init(clock::today))
    }

    /// Whether the user chose the language (flag, `CTPAT_LANG` or config file), so the
    /// questionnaire need not ask; a language taken from the locale is only a default.
    pub(crate) fn lang_given(&self) -> bool {
        use crate::settings::Origin;
        match &self.settings.lang.origin {
            Origin::Flag(_) | Origin::File(_) => true,
            Origin::Env(var) => var == "CTPAT_LANG",
            Origin::Default => false,
        }
    }

    /// UI strings in the chosen language.
    pub(crate) fn messages(&self) -> Messages {
        Messages::embedded(self.lang)
    }

    /// Loads the catalog: `--criteria FILE` if given, else shipped `version` (default: the
    /// configured `criteria_version`, else the newest).
    pub(crate) fn catalog(&self, version: Option<&str>) -> anyhow::Result<Catalog> {
        self.catalog_and_source(version).map(|(catalog, _)| catalog)
    }

    /// Like [`Context::catalog`], also returning the source the catalog was loaded from. The
    /// tailoring file, when one is set, is applied (and recorded in the catalog).
    pub(crate) fn catalog_and_source(
        &self,
        version: Option<&str>,
    ) -> anyhow::Result<(Catalog, Source)> {
        let (catalog, source) = self.base_catalog_and_source(version)?;
        let Some(path) = &self.tailoring else {
            return Ok((catalog, source));
        };
        let tailoring = read_source(path)?;
        let loaded = crate::criteria::tailoring::load(&tailoring, &catalog)?;
        print_warnings(&tailoring, &loaded.warnings);
        Ok((loaded.value, source))
    }

    /// The catalog without the tailoring file: what a tailoring file is checked against.
    pub(crate) fn base_catalog(&self, version: Option<&str>) -> anyhow::Result<Catalog> {
        self.base_catalog_and_source(version)
            .map(|(catalog, _)| catalog)
    }

    fn base_catalog_and_source(&self, version: Option<&str>) -> anyhow::Result<(Catalog, Source)> {
        let source = match &self.criteria {
            Some(path) => read_source(path)?,
            None => {
                let version = version
                    .or(self.criteria_version.as_deref())
                    .unwrap_or(embedded::default_version());
                let Some((name, text)) = embedded::get(version) else {
                    bail!(say(
                        &self.messages(),
                        "error:version-not-shipped",
                        &[
                            ("version", version),
                            ("versions", &embedded::versions().join(", "))
                        ]
                    ));
                };
                let source = Source::new(format!("<embedded {name}>"), text);
                let catalog = embedded::catalog(version).ok_or_else(|| {
                    anyhow::anyhow!("criteria version {version} is not shipped")
                })??;
                return Ok((catalog, source));
            }
        };
        let loaded = crate::criteria::load(&source)?;
        if let (Some(_), Some(wanted)) = (&self.criteria, version) {
            if loaded.value.program.version != wanted {
                bail!(say(
                    &self.messages(),
                    "error:file-holds-version",
                    &[
                        ("path", &source.name),
                        ("found", &loaded.value.program.version),
                        ("wanted", wanted)
                    ]
                ));
            }
        }
        print_warnings(&source, &loaded.warnings);
        Ok((loaded.value, source))
    }
}

/// Reads an input's bytes through the bounded reader (`-`: standard input), with the name
/// its findings give it (`<stdin>` for standard input).
///
/// # Errors
/// An I/O error with the path, a folder, or an input that is too large.
pub(crate) fn read_input(path: &Path) -> anyhow::Result<(String, Vec<u8>)> {
    let name = if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let bytes = input::read_bytes(path, input::TEXT_LIMIT).map_err(|e| read_error(&name, e))?;
    Ok((name, bytes))
}

/// Reads and parses an answers file of either kind (`-`: standard input), a YAML file or a
/// questionnaire workbook (told by its content), and returns it with its exact bytes (for
/// the report's hash). A workbook is held to the same input limit as a text file before its
/// zip directory is looked at.
///
/// # Errors
/// What [`read_input`] returns, or [`Invalid`] when the file cannot be parsed.
pub(crate) fn read_answers(path: &Path) -> anyhow::Result<(crate::answers::Parsed, Vec<u8>)> {
    let (name, bytes) = read_input(path)?;
    let parsed = crate::answers::parse_input(&name, &bytes)?;
    Ok((parsed, bytes))
}

/// Reads a file for a loader (`-`: standard input, named `<stdin>`): its bytes, through the
/// bounded reader, checked as UTF-8.
///
/// # Errors
/// An I/O error with the path, or [`Invalid`] for a file that is not UTF-8 or too large.
pub(crate) fn read_source(path: &Path) -> anyhow::Result<Source> {
    let (name, bytes) = read_input(path)?;
    match crate::yaml::decode(&bytes) {
        Ok(text) => Ok(Source::new(name, text)),
        Err(d) => Err(Invalid {
            file: Source::new(name, String::from_utf8_lossy(&bytes)),
            diagnostics: vec![d],
        }
        .into()),
    }
}

/// The error for an input that could not be read, naming it and, when too large, the limit
/// and what to do.
fn read_error(name: &str, error: input::ReadError) -> anyhow::Error {
    let msg = ui();
    match error {
        input::ReadError::IsDirectory => {
            anyhow::anyhow!(say(&msg, "error:is-directory", &[("path", name)]))
        }
        input::ReadError::TooLarge {
            limit,
            size: Some(size),
        } => anyhow::anyhow!(say(
            &msg,
            "error:too-large",
            &[
                ("path", name),
                ("size", &size.to_string()),
                ("limit", &limit.to_string())
            ]
        )),
        input::ReadError::TooLarge { limit, size: None } => anyhow::anyhow!(say(
            &msg,
            "error:too-large-stream",
            &[("path", name), ("limit", &limit.to_string())]
        )),
        input::ReadError::Io(e) if name == "<stdin>" => {
            anyhow::Error::new(e).context(msg.get("error:cannot-read-stdin").to_string())
        }
        input::ReadError::Io(e) => {
            anyhow::Error::new(e).context(say(&msg, "error:cannot-read", &[("path", name)]))
        }
    }
}

/// Prints warnings to stderr in the human form, in the language of this run.
pub(crate) fn print_warnings(source: &Source, warnings: &[Diagnostic]) {
    if warnings.is_empty() {
        return;
    }
    let msg = ui();
    let mut err = std::io::stderr().lock();
    for w in warnings {
        let _ = write!(err, "{}", render_localized(source, w, &msg, false));
    }
}

/// Runs ctpat with these arguments and returns the exit code.
///
/// # Errors
/// Any failure to read, parse or write; the binary prints it and exits with 2.
pub fn run(args: impl IntoIterator<Item = OsString>) -> anyhow::Result<ExitCode> {
    let args: Vec<OsString> = args.into_iter().collect();
    // clap's help and usage errors speak the run's language too, so it is decided first.
    let lang = config::lang_before_parsing(&args);
    set_ui_lang(lang);
    let msg = Messages::embedded(lang);
    let parsed = help::localize(Cli::command(), &msg)
        .try_get_matches_from(&args)
        .and_then(|mut matches| Cli::from_arg_matches_mut(&mut matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with exit 0; usage errors to stderr with exit 2.
            let code = if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
            let text = help::render_error(&e, &msg)
                .unwrap_or_else(|| help::translate_clap_words(&e.render().to_string(), &msg));
            let _ = if e.use_stderr() {
                write!(std::io::stderr().lock(), "{text}")
            } else {
                write!(std::io::stdout().lock(), "{text}")
            };
            return Ok(ExitCode::from(code));
        }
    };
    let context = config::context(cli.global)?;
    match cli.command {
        Command::Criteria(command) => criteria::run(&context, command),
        Command::Assess(args) => assess::run(&context, &args),
        Command::Report(args) => report::run(&context, &args),
        Command::Init(args) => init::run(&context, &args),
        Command::Config(command) => config::run(&context, &command),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(&args),
        Command::Validate(args) => validate::run(&context, &args),
        Command::Schema(args) => schema::run(&args),
        Command::Batch(args) => batch::run(&context, &args),
        Command::Convert(args) => convert::run(&context, &args),
        Command::Partners(command) => partners::run(&context, &command),
        Command::Migrate(args) => migrate::run(&context, &args),
        Command::Crosswalk(args) => crosswalk::run(&context, &args),
        Command::Compare(args) => compare::run(&context, &args),
    }
}

/// Prints an error to stderr (located diagnostics when the input was invalid) in the
/// language of this run, and returns 2.
#[must_use]
pub fn report_error(error: &anyhow::Error) -> ExitCode {
    let msg = ui();
    let mut err = std::io::stderr().lock();
    let message = if let Some(invalid) = error.downcast_ref::<Invalid>() {
        for d in &invalid.diagnostics {
            let _ = write!(err, "{}", render_localized(&invalid.file, d, &msg, false));
        }
        say(
            &msg,
            "error:invalid-file",
            &[
                ("path", &invalid.file.name),
                ("count", &invalid.error_count().to_string()),
            ],
        )
    } else {
        error_chain(error)
    };
    // Paths and values in the message come from the command line, files and settings.
    let line = say(&msg, "error:prefix", &[("message", &message)]);
    let _ = writeln!(err, "{}", crate::text::inert(&line));
    ExitCode::from(EXIT_ERROR)
}

/// An error and its causes on one line, outermost first.
pub(crate) fn error_chain(error: &anyhow::Error) -> String {
    let mut message = error.to_string();
    for cause in error.chain().skip(1) {
        message.push_str(": ");
        message.push_str(&cause.to_string());
    }
    message
}
