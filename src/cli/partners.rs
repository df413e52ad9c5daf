//! `ctpat partners`: the business partner programme. `init` writes a commented register;
//! `assess` reads the register and the threat ratings, loads and scores every partner's
//! answers file in parallel (a file that fails is one error row, the run goes on), rolls them
//! up ([`crate::partners::roll_up`]) and prints the matrix and the action plan, and writes the
//! reports where asked.

use super::assess::{shipped_version, validate_and_score};
use super::{output, read_input, read_source, say, Context, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::criteria::{embedded, Catalog};
use crate::diagnostic::{render_localized, Invalid};
use crate::messages::Messages;
use crate::partners::report::{Input, PartnersReport};
use crate::partners::rules::Rules;
use crate::partners::{self, register, Level, Loaded};
use anyhow::Context as _;
use clap::{Subcommand, ValueEnum};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// Write a commented partner register to fill in.
    #[command(after_help = "\
Examples:
  ctpat partners init                         # writes partners.yaml
  ctpat partners init --lang zh-CN --output partners.yaml
  ctpat partners init --output -              # to standard output
  ctpat partners init --output partners.xlsx  # a workbook: Partners and Threats sheets

Exit codes: 0 written, 2 usage or I/O error (an existing file without --force).")]
    Init(InitArgs),
    /// Roll the partners up into the 5-step risk assessment: matrix, partners by risk, action plan.
    #[command(after_help = "\
The register is YAML or a workbook (told by its content). Each partner's answers file (YAML or
workbook, relative to the register) is scored; its threat comes from the threat ratings (in the
register or --threats FILE), its vulnerability from its answers, and its risk from the matrix of
the rules (criteria/partners.yaml or --rules FILE, printed in every report). CTPAT partners and
AEO partners under a U.S. mutual recognition arrangement are exempt.

Examples:
  ctpat partners assess partners.yaml
  ctpat partners assess partners.yaml --threats threats.yaml --as-of 2026-11-30
  ctpat partners assess partners.yaml --out risk/ --format markdown,html,json,xlsx
  ctpat partners assess partners.yaml --format json > partners.json
  ctpat partners assess partners.yaml --fail-on high --quiet   # CI: exit 1 on a high-risk partner
  ctpat partners assess partners.xlsx --rules our-rules.yaml   # a workbook, your own rules

Exit codes: 0 rolled up, 1 some partner at or above --fail-on, 2 invalid register, threat
ratings or rules (located), an answers file that failed (its row says why; 2 wins over 1),
or a usage or I/O error.")]
    Assess(AssessArgs),
}

#[derive(Debug, clap::Args)]
pub(super) struct InitArgs {
    /// Where to write the register (atomically); `-` writes to standard output [default:
    /// partners.yaml].
    #[arg(long, short, value_name = "PATH")]
    output: Option<PathBuf>,
    /// Overwrite an existing file.
    #[arg(long)]
    force: bool,
}

/// Report formats of `partners assess`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum PartnersFormat {
    /// Tables for a terminal: the matrix, partners by risk, the action plan.
    Terminal,
    /// GitHub-flavoured Markdown: the full assessment.
    Markdown,
    /// One self-contained HTML page with the risk matrix.
    Html,
    /// The `ctpat-partners-report/1` JSON document.
    Json,
    /// A workbook shaped like the 5-step guide's attachments (binary: needs --out).
    Xlsx,
}

impl PartnersFormat {
    fn extension(self) -> &'static str {
        match self {
            PartnersFormat::Terminal => "txt",
            PartnersFormat::Markdown => "md",
            PartnersFormat::Html => "html",
            PartnersFormat::Json => "json",
            PartnersFormat::Xlsx => "xlsx",
        }
    }
}

/// `--fail-on` levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum FailOn {
    /// Any high-risk partner.
    High,
    /// Any medium- or high-risk partner.
    Medium,
}

#[derive(Debug, clap::Args)]
pub(super) struct AssessArgs {
    /// The partner register (`format: ctpat-partners/1`), YAML or a workbook.
    #[arg(value_name = "REGISTER")]
    register: PathBuf,
    /// Threat ratings (`format: ctpat-threats/1`), added to those in the register; read
    /// instead of the register's `threats_file:`.
    #[arg(long, value_name = "FILE")]
    threats: Option<PathBuf>,
    /// Write the reports into this folder (created if missing) as partners.md, .html, .json, .xlsx.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Report formats, comma-separated: terminal, markdown, html, json, xlsx [default: the
    /// terminal text; with --out: markdown, html, json, xlsx].
    #[arg(long, value_enum, value_name = "FORMATS", value_delimiter = ',')]
    format: Vec<PartnersFormat>,
    /// Exit with 1 when some partner's risk is at or above this level (high, medium).
    #[arg(long, value_enum, value_name = "LEVEL")]
    fail_on: Option<FailOn>,
    /// Overwrite existing reports in --out.
    #[arg(long)]
    force: bool,
    /// Partner rules (`format: ctpat-partner-rules/1`) to use instead of the shipped
    /// criteria/partners.yaml; the report names the file and its SHA-256.
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
}

pub(super) fn run(context: &Context, command: &Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Init(args) => init(context, args),
        Command::Assess(args) => assess(context, args),
    }
}

fn init(context: &Context, args: &InitArgs) -> anyhow::Result<ExitCode> {
    let msg = context.messages();
    let text = partners::template::register(&msg);
    let path = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from("partners.yaml"));
    if super::init::is_xlsx(&path) {
        // The same example partners as the YAML template, as rows of a workbook.
        let categories = Rules::shipped().threat_categories;
        let source = crate::diagnostic::Source::new("<template>", text);
        let template = register::load(&source, &categories)?.value;
        let bytes =
            crate::workbook::write::register(&template, msg.lang(), &categories).map_err(|e| {
                anyhow::anyhow!(say(&msg, "error:xlsx-write", &[("reason", &e.to_string())]))
            })?;
        output::write_binary(Some(&path), &bytes, args.force)?;
    } else {
        output::write(Some(&path), &text, args.force)?;
    }
    if path.as_os_str() != "-" && context.verbosity != super::config::Verbosity::Quiet {
        let line = say(
            &context.messages(),
            "partners:init-written",
            &[("path", &path.display().to_string())],
        );
        let _ = writeln!(std::io::stderr().lock(), "{}", crate::text::inert(&line));
    }
    Ok(ExitCode::from(EXIT_OK))
}

/// The catalogs of one run, each loaded once, on first use.
struct Catalogs<'c> {
    context: &'c Context,
    cells: Vec<(&'static str, OnceLock<Result<Catalog, String>>)>,
    fixed: OnceLock<Result<Catalog, String>>,
}

impl<'c> Catalogs<'c> {
    fn new(context: &'c Context) -> Self {
        Catalogs {
            context,
            cells: embedded::versions()
                .into_iter()
                .map(|v| (v, OnceLock::new()))
                .collect(),
            fixed: OnceLock::new(),
        }
    }

    fn get(&self, version: Option<&str>) -> Result<&Catalog, String> {
        let load = |v: Option<&str>| self.context.catalog(v).map_err(|e| format!("{e:#}"));
        let cell = if self.context.criteria.is_some() {
            &self.fixed
        } else {
            let version = version.unwrap_or(embedded::default_version());
            match self.cells.iter().find(|(v, _)| *v == version) {
                Some((_, cell)) => cell,
                None => return Err(format!("criteria version {version} is not shipped")),
            }
        };
        cell.get_or_init(|| load(version))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The catalogs loaded, for the report's inputs.
    fn used(&self) -> Vec<&Catalog> {
        self.cells
            .iter()
            .map(|(_, c)| c)
            .chain([&self.fixed])
            .filter_map(|c| c.get()?.as_ref().ok())
            .collect()
    }
}

/// One partner's answers file loaded: what the roll-up needs, its hash, and the problems to
/// show on stderr.
struct PartnerFile {
    id: String,
    path: String,
    loaded: Loaded,
    sha256: Option<String>,
    problems: String,
}

fn load_partner(
    as_of: crate::calendar::Date,
    id: &str,
    rel: &str,
    base: &Path,
    catalogs: &Catalogs<'_>,
    msg: &Messages,
) -> PartnerFile {
    let path = base.join(rel);
    let shown = path.display().to_string();
    let failed = |code: &str, message: String, problems: String, sha256| PartnerFile {
        id: id.to_string(),
        path: rel.to_string(),
        loaded: Loaded::Failed {
            code: code.to_string(),
            message,
        },
        sha256,
        problems,
    };
    let bytes = match read_input(&path) {
        Ok((_, b)) => b,
        Err(e) => {
            let message = super::error_chain(&e);
            let text = format!("{}\n", say(msg, "error:prefix", &[("message", &message)]));
            return failed("io-error", message, text, None);
        }
    };
    let sha = Some(crate::report::sha256_hex(&bytes));
    let invalid = |i: &Invalid, sha: Option<String>| {
        let first = i
            .diagnostics
            .iter()
            .find(|d| d.is_error())
            .or(i.diagnostics.first());
        let message = first.map_or_else(|| i.to_string(), |d| d.message.clone());
        let location = first
            .and_then(|d| d.location)
            .map(|l| format!("{shown}:{}: ", l.shown()))
            .unwrap_or_default();
        let problems: String = i
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .take(3)
            .map(|d| render_localized(&i.file, d, msg, false))
            .collect();
        failed(
            first.map_or("invalid", |d| d.code),
            format!("{location}{message}"),
            problems,
            sha,
        )
    };
    let parsed = match crate::answers::parse_input(&shown, &bytes) {
        Ok(p) => p,
        Err(i) => return invalid(&i, sha),
    };
    let catalog = match catalogs.get(shipped_version(&parsed)) {
        Ok(c) => c,
        Err(message) => {
            let text = say(
                msg,
                "error:file-error",
                &[("path", &shown), ("message", &message)],
            );
            return failed("criteria-error", message, text + "\n", sha);
        }
    };
    match validate_and_score(parsed, catalog, as_of) {
        Ok(v) => PartnerFile {
            id: id.to_string(),
            path: rel.to_string(),
            loaded: Loaded::Scored(partners::findings(&v.assessment, &v.answers)),
            sha256: sha,
            problems: String::new(),
        },
        Err(i) => invalid(&i, sha),
    }
}

fn assess(context: &Context, args: &AssessArgs) -> anyhow::Result<ExitCode> {
    let msg = context.messages();
    // The global --as-of (or CTPAT_AS_OF), else today.
    let as_of = context.as_of();
    let (rules, rules_input) = match &args.rules {
        Some(path) => {
            let source = read_source(path)?;
            let rules = crate::partners::rules::load(&source)?;
            let input = Input {
                role: "rules",
                path: source.name.clone(),
                sha256: crate::report::sha256_hex(source.text.as_bytes()),
            };
            (rules, input)
        }
        None => {
            let (name, text) = crate::partners::rules::SHIPPED;
            let input = Input {
                role: "rules",
                path: format!("<embedded {name}>"),
                sha256: crate::report::sha256_hex(text.as_bytes()),
            };
            (Rules::shipped(), input)
        }
    };
    let (name, bytes) = read_input(&args.register)?;
    let (source, loaded) = match crate::workbook::read::kind(&bytes) {
        crate::workbook::read::Kind::Text => {
            let source = match crate::yaml::decode(&bytes) {
                Ok(text) => crate::diagnostic::Source::new(name.clone(), text),
                Err(d) => {
                    return Err(Invalid {
                        file: crate::diagnostic::Source::new(
                            name.clone(),
                            String::from_utf8_lossy(&bytes),
                        ),
                        diagnostics: vec![d],
                    }
                    .into())
                }
            };
            let loaded = register::load(&source, &rules.threat_categories)?;
            (source, loaded)
        }
        _ => (
            crate::diagnostic::Source::new(name.clone(), ""),
            register::load_workbook(&name, &bytes, &rules.threat_categories)?,
        ),
    };
    super::print_warnings(&source, &loaded.warnings);
    let register = loaded.value;
    let mut inputs = vec![Input {
        role: "register",
        path: source.name.clone(),
        sha256: crate::report::sha256_hex(&bytes),
    }];
    let mut threats = register.threats.clone();
    // --threats FILE, else the file the register names, relative to the register.
    let named = register.threats_file.as_ref().map(|name| {
        args.register
            .parent()
            .map_or_else(PathBuf::new, Path::to_path_buf)
            .join(name)
    });
    if let Some(path) = args.threats.as_ref().or(named.as_ref()) {
        let source = read_source(path)?;
        let loaded = register::load_threats(&source, &rules.threat_categories)?;
        super::print_warnings(&source, &loaded.warnings);
        threats.extend(loaded.value);
        inputs.push(Input {
            role: "threats",
            path: source.name.clone(),
            sha256: crate::report::sha256_hex(source.text.as_bytes()),
        });
    }
    let base = args
        .register
        .parent()
        .map_or_else(PathBuf::new, Path::to_path_buf);
    let catalogs = Catalogs::new(context);
    let files: Vec<PartnerFile> = register
        .partners
        .par_iter()
        .filter_map(|p| Some((p, p.answers.as_deref()?)))
        .map(|(p, rel)| load_partner(as_of, &p.id, rel, &base, &catalogs, &msg))
        .collect();
    let quiet = context.verbosity == super::config::Verbosity::Quiet;
    if !quiet {
        let mut err = std::io::stderr().lock();
        for f in files.iter().filter(|f| !f.problems.is_empty()) {
            let _ = write!(err, "{}", crate::text::inert_except(&f.problems, &['\n']));
        }
    }
    let failed = files
        .iter()
        .filter(|f| matches!(f.loaded, Loaded::Failed { .. }))
        .count();
    inputs.push(rules_input);
    for c in catalogs.used() {
        inputs.push(Input {
            role: "criteria",
            path: format!("criteria {}", c.program.version),
            sha256: c.sha256.clone(),
        });
    }
    let mut by_id = BTreeMap::new();
    for f in files {
        if let Some(sha) = f.sha256 {
            inputs.push(Input {
                role: "answers",
                path: f.path,
                sha256: sha,
            });
        }
        by_id.insert(f.id, f.loaded);
    }
    let roll_up = partners::roll_up(&rules, &register, &threats, &by_id, as_of);
    let default_catalog = catalogs.get(None).map_err(|e| anyhow::anyhow!(e))?;
    let report = PartnersReport::build(
        roll_up,
        register.company.clone(),
        &rules,
        &threats,
        inputs,
        default_catalog,
    );
    write_reports(context, args, &report, &msg)?;
    let below = args.fail_on.is_some_and(|f| {
        report.any_at_least(match f {
            FailOn::High => Level::High,
            FailOn::Medium => Level::Medium,
        })
    });
    if below && !quiet {
        let _ = writeln!(
            std::io::stderr().lock(),
            "{}",
            msg.get("partners:fail-on-reached")
        );
    }
    Ok(ExitCode::from(if failed > 0 {
        EXIT_ERROR
    } else if below {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }))
}

/// Renders `report` in `format`.
fn render(
    report: &PartnersReport,
    msg: &Messages,
    format: PartnersFormat,
    width: Option<u16>,
) -> anyhow::Result<Vec<u8>> {
    Ok(match format {
        PartnersFormat::Terminal => partners::report::terminal(report, msg, width).into_bytes(),
        PartnersFormat::Markdown => partners::report::markdown(report, msg).into_bytes(),
        PartnersFormat::Html => partners::report::html(report, msg)?.into_bytes(),
        PartnersFormat::Json => {
            let mut json =
                serde_json::to_string_pretty(report).context("cannot render the report as JSON")?;
            json.push('\n');
            json.into_bytes()
        }
        PartnersFormat::Xlsx => crate::workbook::write::partners(report, msg).map_err(|e| {
            anyhow::anyhow!(say(msg, "error:xlsx-write", &[("reason", &e.to_string())]))
        })?,
    })
}

/// Prints the terminal text (or the one format asked for) and writes the reports into
/// `--out` as one set.
fn write_reports(
    context: &Context,
    args: &AssessArgs,
    report: &PartnersReport,
    msg: &Messages,
) -> anyhow::Result<()> {
    let width = if std::io::stdout().is_terminal() {
        None
    } else {
        Some(100)
    };
    let Some(out) = &args.out else {
        let format = match args.format.as_slice() {
            [] => PartnersFormat::Terminal,
            [one] => *one,
            _ => anyhow::bail!(msg.get("error:partners-one-format").to_string()),
        };
        if format == PartnersFormat::Xlsx && std::io::stdout().is_terminal() {
            anyhow::bail!(msg.get("error:partners-xlsx-needs-out").to_string());
        }
        let bytes = render(report, msg, format, width)?;
        return output::write_binary(None, &bytes, false);
    };
    let formats = if args.format.is_empty() {
        vec![
            PartnersFormat::Markdown,
            PartnersFormat::Html,
            PartnersFormat::Json,
            PartnersFormat::Xlsx,
        ]
    } else {
        args.format.clone()
    };
    output::create_folder(out, msg)?;
    let mut set = output::OutputSet::new(args.force);
    let mut written = Vec::new();
    for f in &formats {
        let target = out.join(format!("partners.{}", f.extension()));
        set.add(&target, &render(report, msg, *f, Some(100))?)?;
        written.push(target.display().to_string());
    }
    set.commit()?;
    let text = partners::report::terminal(report, msg, width);
    output::write_binary(None, text.as_bytes(), false)?;
    if context.verbosity != super::config::Verbosity::Quiet {
        let line = say(msg, "partners:written", &[("paths", &msg.list(&written))]);
        let _ = writeln!(std::io::stderr().lock(), "{}", crate::text::inert(&line));
    }
    Ok(())
}
