//! The user's settings and where each came from.
//!
//! A setting can be given four ways, strongest first: a command-line flag, a `CTPAT_*`
//! environment variable, the config file `ctpat.toml`, or ctpat's built-in default (the
//! language also falls back to the locale, `LC_ALL` / `LC_MESSAGES` / `LANG`, before the
//! default). Each way is read into a [`Layer`]; [`resolve`] stacks the layers into
//! [`Settings`], keeping the [`Origin`] of every value so `ctpat config show` can say why a
//! value is what it is.
//!
//! Everything here is pure: the edge finds and reads the file and the environment, and hands
//! their text over. The config file's text is checked like every other ctpat input: unknown
//! keys and bad values are [`Diagnostic`]s with a location, a stable code and a hint.

use crate::calendar::is_version;
use crate::criteria::{embedded, Entity};
use crate::diagnostic::{did_you_mean, Diagnostic, Invalid, Location, Source};
use crate::messages::Messages;
use crate::report::docx::Paper;
use crate::text::Lang;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The config file's name, looked up in the working directory and the user's config folder.
pub const FILE_NAME: &str = "ctpat.toml";

/// Output formats a config file may name in `output.formats`.
pub const FORMATS: [&str; 7] = [
    "terminal", "markdown", "html", "json", "csv", "docx", "xlsx",
];

/// One way of giving settings: every field is `None` where that way does not set it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layer {
    /// Language of the output.
    pub lang: Option<Lang>,
    /// Default entity type (for `ctpat init`).
    pub entity: Option<Entity>,
    /// A criteria file to load instead of the embedded catalog.
    pub criteria: Option<PathBuf>,
    /// The shipped criteria version to use when an input does not name one.
    pub criteria_version: Option<String>,
    /// A tailoring file applied on top of the catalog.
    pub tailoring: Option<PathBuf>,
    /// Report formats to write.
    pub formats: Option<Vec<String>>,
    /// Folder reports are written to.
    pub output_dir: Option<PathBuf>,
    /// The company's legal name.
    pub company_name: Option<String>,
    /// The company's ISO 3166 country code.
    pub company_country: Option<String>,
    /// Who makes the assessment.
    pub assessor: Option<String>,
    /// Page size of Word reports.
    pub paper: Option<Paper>,
    /// A Word document whose styles, page set-up, header and footer Word reports take.
    pub docx_template: Option<PathBuf>,
}

/// Where a resolved value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum Origin {
    /// A command-line flag, e.g. `--lang`.
    Flag(String),
    /// An environment variable, e.g. `CTPAT_LANG` or `LANG`.
    Env(String),
    /// The config file at this path.
    File(String),
    /// ctpat's built-in default.
    Default,
}

/// A resolved value and its origin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Setting<T> {
    /// The value.
    pub value: T,
    /// Where it came from.
    pub origin: Origin,
}

/// Every setting, resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// Language of the output.
    pub lang: Setting<Lang>,
    /// Default entity type; `None` when nothing sets it.
    pub entity: Setting<Option<Entity>>,
    /// Criteria file; `None` for the embedded catalog.
    pub criteria: Setting<Option<PathBuf>>,
    /// Criteria version; `None` for the newest shipped.
    pub criteria_version: Setting<Option<String>>,
    /// Tailoring file; `None` for none.
    pub tailoring: Setting<Option<PathBuf>>,
    /// Report formats.
    pub formats: Setting<Vec<String>>,
    /// Folder for reports; `None` for the working directory.
    pub output_dir: Setting<Option<PathBuf>>,
    /// Company name.
    pub company_name: Setting<Option<String>>,
    /// Company country.
    pub company_country: Setting<Option<String>>,
    /// Assessor.
    pub assessor: Setting<Option<String>>,
    /// Page size of Word reports; `None` for A4.
    pub paper: Setting<Option<Paper>>,
    /// Word template; `None` for ctpat's own styles.
    pub docx_template: Setting<Option<PathBuf>>,
}

/// The layers to stack, strongest first.
#[derive(Debug, Clone, Default)]
pub struct Layers {
    /// From command-line flags.
    pub flags: Layer,
    /// From `CTPAT_*` environment variables.
    pub env: Layer,
    /// From the config file, with its path as shown to the user.
    pub file: Option<(String, Layer)>,
    /// The language the locale asks for, with the variable that asked.
    pub locale: Option<(String, Lang)>,
}

/// How one setting is named in each layer.
#[derive(Debug, Clone, Copy)]
pub struct Names {
    /// Its key in `ctpat.toml`, dotted for tables (`company.name`).
    pub key: &'static str,
    /// Its environment variable.
    pub env: &'static str,
    /// Its command-line flag, when there is one.
    pub flag: Option<&'static str>,
}

macro_rules! names {
    ($key:literal, $env:literal, $flag:expr) => {
        Names {
            key: $key,
            env: $env,
            flag: $flag,
        }
    };
}

/// Names of `lang`.
pub const LANG: Names = names!("lang", "CTPAT_LANG", Some("--lang"));
/// Names of `entity`.
pub const ENTITY: Names = names!("entity", "CTPAT_ENTITY", Some("--entity"));
/// Names of `criteria`.
pub const CRITERIA: Names = names!("criteria", "CTPAT_CRITERIA", Some("--criteria"));
/// Names of `criteria_version`.
pub const CRITERIA_VERSION: Names = names!("criteria_version", "CTPAT_CRITERIA_VERSION", None);
/// Names of `tailoring`.
pub const TAILORING: Names = names!("tailoring", "CTPAT_TAILORING", Some("--tailoring"));
/// Names of `output.formats`.
pub const FORMATS_NAMES: Names = names!("output.formats", "CTPAT_FORMATS", None);
/// Names of `output.dir`.
pub const OUTPUT_DIR: Names = names!("output.dir", "CTPAT_OUTPUT_DIR", None);
/// Names of `company.name`.
pub const COMPANY_NAME: Names = names!("company.name", "CTPAT_COMPANY_NAME", None);
/// Names of `company.country`.
pub const COMPANY_COUNTRY: Names = names!("company.country", "CTPAT_COMPANY_COUNTRY", None);
/// Names of `company.assessor`.
pub const ASSESSOR: Names = names!("company.assessor", "CTPAT_ASSESSOR", None);

/// Names of `report.paper`.
pub const PAPER: Names = names!("report.paper", "CTPAT_PAPER", None);
/// Names of `report.docx_template`.
pub const DOCX_TEMPLATE: Names = names!("report.docx_template", "CTPAT_DOCX_TEMPLATE", None);

/// Every setting's names, in the order `ctpat config show` lists them.
pub const ALL: [Names; 12] = [
    LANG,
    ENTITY,
    CRITERIA,
    CRITERIA_VERSION,
    TAILORING,
    FORMATS_NAMES,
    OUTPUT_DIR,
    COMPANY_NAME,
    COMPANY_COUNTRY,
    ASSESSOR,
    PAPER,
    DOCX_TEMPLATE,
];

/// Stacks the layers: flag, then environment, then file, then default.
#[must_use]
pub fn resolve(layers: &Layers) -> Settings {
    let pick = |names: Names, get: &dyn Fn(&Layer) -> bool| -> Origin {
        if get(&layers.flags) {
            Origin::Flag(names.flag.unwrap_or(names.key).to_string())
        } else if get(&layers.env) {
            Origin::Env(names.env.to_string())
        } else if let Some((path, _)) = layers.file.as_ref().filter(|(_, l)| get(l)) {
            Origin::File(path.clone())
        } else {
            Origin::Default
        }
    };
    let ordered = || {
        [&layers.flags, &layers.env]
            .into_iter()
            .chain(layers.file.as_ref().map(|(_, l)| l))
    };
    macro_rules! setting {
        ($names:expr, $field:ident) => {
            Setting {
                value: ordered().find_map(|l| l.$field.clone()),
                origin: pick($names, &|l: &Layer| l.$field.is_some()),
            }
        };
    }
    let lang = match ordered().find_map(|l| l.lang) {
        Some(value) => Setting {
            value,
            origin: pick(LANG, &|l: &Layer| l.lang.is_some()),
        },
        None => match &layers.locale {
            Some((var, value)) => Setting {
                value: *value,
                origin: Origin::Env(var.clone()),
            },
            None => Setting {
                value: Lang::default(),
                origin: Origin::Default,
            },
        },
    };
    let formats = setting!(FORMATS_NAMES, formats);
    Settings {
        lang,
        entity: setting!(ENTITY, entity),
        criteria: setting!(CRITERIA, criteria),
        criteria_version: setting!(CRITERIA_VERSION, criteria_version),
        tailoring: setting!(TAILORING, tailoring),
        formats: Setting {
            value: formats
                .value
                .unwrap_or_else(|| vec![FORMATS[0].to_string()]),
            origin: formats.origin,
        },
        output_dir: setting!(OUTPUT_DIR, output_dir),
        company_name: setting!(COMPANY_NAME, company_name),
        company_country: setting!(COMPANY_COUNTRY, company_country),
        assessor: setting!(ASSESSOR, assessor),
        paper: setting!(PAPER, paper),
        docx_template: setting!(DOCX_TEMPLATE, docx_template),
    }
}

// ---- environment -------------------------------------------------------------------------

/// Reads the `CTPAT_*` variables through `var` (empty values count as unset).
///
/// # Errors
/// One message per variable whose value is not valid, in `msg`'s language.
pub fn from_env(
    var: impl Fn(&str) -> Option<String>,
    msg: &Messages,
) -> Result<Layer, Vec<String>> {
    let get = |names: Names| var(names.env).filter(|v| !v.trim().is_empty());
    let mut problems = Vec::new();
    let mut layer = Layer::default();
    if let Some(v) = get(LANG) {
        match check_lang(&v, msg) {
            Ok(l) => layer.lang = Some(l),
            Err(p) => problems.push(env_problem(msg, LANG, &v, &p)),
        }
    }
    if let Some(v) = get(ENTITY) {
        match check_entity(&v, msg) {
            Ok(e) => layer.entity = Some(e),
            Err(p) => problems.push(env_problem(msg, ENTITY, &v, &p)),
        }
    }
    layer.criteria = get(CRITERIA).map(PathBuf::from);
    layer.tailoring = get(TAILORING).map(PathBuf::from);
    if let Some(v) = get(CRITERIA_VERSION) {
        match check_version(&v, msg) {
            Ok(()) => layer.criteria_version = Some(v),
            Err(p) => problems.push(env_problem(msg, CRITERIA_VERSION, &v, &p)),
        }
    }
    if let Some(v) = get(FORMATS_NAMES) {
        let mut formats = Vec::new();
        for f in v.split(',').map(str::trim).filter(|f| !f.is_empty()) {
            match check_format(f, msg) {
                Ok(()) => formats.push(f.to_string()),
                Err(p) => problems.push(env_problem(msg, FORMATS_NAMES, f, &p)),
            }
        }
        layer.formats = Some(formats);
    }
    layer.output_dir = get(OUTPUT_DIR).map(PathBuf::from);
    layer.company_name = get(COMPANY_NAME).map(|v| v.trim().to_string());
    if let Some(v) = get(COMPANY_COUNTRY) {
        match check_country(&v, msg) {
            Ok(()) => layer.company_country = Some(v),
            Err(p) => problems.push(env_problem(msg, COMPANY_COUNTRY, &v, &p)),
        }
    }
    layer.assessor = get(ASSESSOR).map(|v| v.trim().to_string());
    if let Some(v) = get(PAPER) {
        match check_paper(&v, msg) {
            Ok(p) => layer.paper = Some(p),
            Err(p) => problems.push(env_problem(msg, PAPER, &v, &p)),
        }
    }
    layer.docx_template = get(DOCX_TEMPLATE).map(PathBuf::from);
    if problems.is_empty() {
        Ok(layer)
    } else {
        Err(problems)
    }
}

fn env_problem(msg: &Messages, names: Names, value: &str, problem: &Problem) -> String {
    let mut s = fill(
        msg.get("config:bad-env"),
        &[
            ("var", names.env),
            ("value", value),
            ("problem", &problem.0),
        ],
    );
    if let Some(help) = &problem.1 {
        s.push_str("; ");
        s.push_str(help);
    }
    s
}

// ---- the config file ---------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    lang: Option<Spanned<String>>,
    entity: Option<Spanned<String>>,
    criteria: Option<Spanned<String>>,
    criteria_version: Option<Spanned<String>>,
    tailoring: Option<Spanned<String>>,
    output: Option<RawOutput>,
    company: Option<RawCompany>,
    report: Option<RawReport>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReport {
    paper: Option<Spanned<String>>,
    docx_template: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutput {
    formats: Option<Vec<Spanned<String>>>,
    dir: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCompany {
    name: Option<Spanned<String>>,
    country: Option<Spanned<String>>,
    assessor: Option<Spanned<String>>,
}

/// What is wrong with a value, and how to fix it.
struct Problem(String, Option<String>);

/// Parses a `ctpat.toml`. Relative paths in it are taken from `dir`, the file's folder.
///
/// # Errors
/// [`Invalid`] with the first TOML syntax or unknown-key problem, or with every bad value.
pub fn parse_file(source: &Source, dir: &Path, msg: &Messages) -> Result<Layer, Invalid> {
    let invalid = |diagnostics| Invalid {
        file: source.clone(),
        diagnostics,
    };
    let raw: RawConfig =
        toml::from_str(&source.text).map_err(|e| invalid(vec![convert(source, &e, msg)]))?;
    let mut out = Vec::new();
    let mut bad = |at: &Spanned<String>, p: Problem| {
        let mut d = Diagnostic::error("bad-value", locate(source, at.span().start), p.0);
        if let Some(help) = p.1 {
            d = d.with_help(help);
        }
        out.push(d);
    };
    let mut layer = Layer::default();
    if let Some(v) = &raw.lang {
        match check_lang(v.get_ref(), msg) {
            Ok(l) => layer.lang = Some(l),
            Err(p) => bad(v, p),
        }
    }
    if let Some(v) = &raw.entity {
        match check_entity(v.get_ref(), msg) {
            Ok(e) => layer.entity = Some(e),
            Err(p) => bad(v, p),
        }
    }
    let path = |v: &Spanned<String>| {
        let p = Path::new(v.get_ref());
        if p.is_relative() && !dir.as_os_str().is_empty() {
            dir.join(p)
        } else {
            p.to_path_buf()
        }
    };
    if let Some(v) = &raw.criteria {
        if v.get_ref().trim().is_empty() {
            bad(v, empty(msg));
        } else {
            layer.criteria = Some(path(v));
        }
    }
    if let Some(v) = &raw.tailoring {
        if v.get_ref().trim().is_empty() {
            bad(v, empty(msg));
        } else {
            layer.tailoring = Some(path(v));
        }
    }
    if let Some(v) = &raw.criteria_version {
        match check_version(v.get_ref(), msg) {
            Ok(()) => layer.criteria_version = Some(v.get_ref().clone()),
            Err(p) => bad(v, p),
        }
    }
    if let Some(output) = &raw.output {
        if let Some(formats) = &output.formats {
            let mut ok = Vec::new();
            for f in formats {
                match check_format(f.get_ref(), msg) {
                    Ok(()) => ok.push(f.get_ref().clone()),
                    Err(p) => bad(f, p),
                }
            }
            layer.formats = Some(ok);
        }
        if let Some(v) = &output.dir {
            if v.get_ref().trim().is_empty() {
                bad(v, empty(msg));
            } else {
                layer.output_dir = Some(path(v));
            }
        }
    }
    if let Some(company) = &raw.company {
        let text = |v: &Option<Spanned<String>>| {
            v.as_ref()
                .map(|s| s.get_ref().trim().to_string())
                .filter(|s| !s.is_empty())
        };
        layer.company_name = text(&company.name);
        layer.assessor = text(&company.assessor);
        if let Some(v) = &company.country {
            match check_country(v.get_ref(), msg) {
                Ok(()) => layer.company_country = Some(v.get_ref().clone()),
                Err(p) => bad(v, p),
            }
        }
    }
    if let Some(report) = &raw.report {
        if let Some(v) = &report.paper {
            match check_paper(v.get_ref(), msg) {
                Ok(p) => layer.paper = Some(p),
                Err(p) => bad(v, p),
            }
        }
        if let Some(v) = &report.docx_template {
            if v.get_ref().trim().is_empty() {
                bad(v, empty(msg));
            } else {
                layer.docx_template = Some(path(v));
            }
        }
    }
    if out.is_empty() {
        Ok(layer)
    } else {
        Err(invalid(out))
    }
}

/// Turns a TOML error into a diagnostic; unknown keys get a "did you mean".
fn convert(source: &Source, error: &toml::de::Error, msg: &Messages) -> Diagnostic {
    let location = error.span().and_then(|s| locate(source, s.start));
    let message = error.message().trim();
    // serde words it: "unknown field `x`, expected one of `a`, `b`" (or "expected `a`").
    if message.starts_with("unknown field") {
        let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
        if let Some((key, expected)) = quoted.split_first() {
            let help = match did_you_mean(key, expected.iter().copied()) {
                Some(near) => fill(msg.get("config:did-you-mean"), &[("near", near)]),
                None => fill(
                    msg.get("config:allowed-keys"),
                    &[("keys", &expected.join(", "))],
                ),
            };
            return Diagnostic::error(
                "unknown-key",
                location,
                fill(msg.get("config:unknown-key"), &[("key", key)]),
            )
            .with_help(help);
        }
    }
    Diagnostic::error(
        "bad-config",
        location,
        fill(msg.get("config:bad-toml"), &[("problem", message)]),
    )
    .with_help(msg.get("config:bad-toml-help"))
}

/// The 1-based line and column of byte `offset` in `source`.
fn locate(source: &Source, offset: usize) -> Option<Location> {
    let before = source.text.get(..offset)?;
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some(Location::new(
        u32::try_from(line).ok()?,
        u32::try_from(column).ok()?,
    ))
}

// ---- value checks, shared by the file and the environment ----------------------------------

fn check_lang(v: &str, msg: &Messages) -> Result<Lang, Problem> {
    v.parse::<Lang>().map_err(|_| {
        Problem(
            fill(msg.get("config:bad-lang"), &[("value", v)]),
            Some(fill(
                msg.get("config:use-one-of"),
                &[("values", "en, zh-CN")],
            )),
        )
    })
}

fn check_entity(v: &str, msg: &Messages) -> Result<Entity, Problem> {
    v.parse::<Entity>().map_err(|_| {
        let help = match did_you_mean(v, Entity::ids()) {
            Some(near) => fill(msg.get("config:did-you-mean"), &[("near", near)]),
            None => fill(
                msg.get("config:use-one-of"),
                &[("values", &Entity::ids().join(", "))],
            ),
        };
        Problem(
            fill(msg.get("config:bad-entity"), &[("value", v)]),
            Some(help),
        )
    })
}

fn check_version(v: &str, msg: &Messages) -> Result<(), Problem> {
    if embedded::get(v).is_some() {
        return Ok(());
    }
    let key = if is_version(v) {
        "config:unshipped-version"
    } else {
        "config:bad-version"
    };
    Err(Problem(
        fill(msg.get(key), &[("value", v)]),
        Some(fill(
            msg.get("config:use-one-of"),
            &[("values", &embedded::versions().join(", "))],
        )),
    ))
}

fn check_format(v: &str, msg: &Messages) -> Result<(), Problem> {
    if FORMATS.contains(&v) {
        return Ok(());
    }
    let help = match did_you_mean(v, FORMATS) {
        Some(near) => fill(msg.get("config:did-you-mean"), &[("near", near)]),
        None => fill(
            msg.get("config:use-one-of"),
            &[("values", &FORMATS.join(", "))],
        ),
    };
    Err(Problem(
        fill(msg.get("config:bad-format"), &[("value", v)]),
        Some(help),
    ))
}

fn check_paper(v: &str, msg: &Messages) -> Result<Paper, Problem> {
    v.parse::<Paper>().map_err(|_| {
        let ids: Vec<&str> = Paper::ALL.iter().map(|p| p.id()).collect();
        Problem(
            fill(msg.get("config:bad-paper"), &[("value", v)]),
            Some(fill(
                msg.get("config:use-one-of"),
                &[("values", &ids.join(", "))],
            )),
        )
    })
}

fn check_country(v: &str, msg: &Messages) -> Result<(), Problem> {
    if v.len() == 2 && v.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(Problem(
            fill(msg.get("config:bad-country"), &[("value", v)]),
            Some(msg.get("config:bad-country-help").to_string()),
        ))
    }
}

fn empty(msg: &Messages) -> Problem {
    Problem(msg.get("config:empty").to_string(), None)
}

/// Replaces `{name}` placeholders in a UI string, in one pass: a value is never expanded
/// again ([`crate::diagnostic::fill`]).
#[must_use]
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    crate::diagnostic::fill(template, values)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg() -> Messages {
        Messages::embedded(Lang::En)
    }

    fn file(text: &str) -> Result<Layer, Invalid> {
        parse_file(&Source::new("ctpat.toml", text), Path::new(""), &msg())
    }

    fn layer_lang(lang: Lang) -> Layer {
        Layer {
            lang: Some(lang),
            ..Layer::default()
        }
    }

    #[test]
    fn a_full_file_parses() {
        let layer = file(
            "lang = \"zh-CN\"\nentity = \"foreign_manufacturer\"\ncriteria_version = \"2020.03\"\n\
             [output]\nformats = [\"terminal\", \"json\"]\ndir = \"reports\"\n\
             [company]\nname = \" Shenzhen Example Co. \"\ncountry = \"CN\"\nassessor = \"Li Wei\"\n",
        )
        .expect("valid");
        assert_eq!(layer.lang, Some(Lang::ZhCn));
        assert_eq!(layer.entity, Some(Entity::ForeignManufacturer));
        assert_eq!(layer.criteria_version.as_deref(), Some("2020.03"));
        assert_eq!(
            layer.formats,
            Some(vec!["terminal".to_string(), "json".to_string()])
        );
        assert_eq!(layer.output_dir, Some(PathBuf::from("reports")));
        assert_eq!(layer.company_name.as_deref(), Some("Shenzhen Example Co."));
        assert_eq!(layer.company_country.as_deref(), Some("CN"));
        assert_eq!(layer.assessor.as_deref(), Some("Li Wei"));
    }

    #[test]
    fn relative_paths_are_taken_from_the_file_folder() {
        let source = Source::new(
            "/etc/x/ctpat.toml",
            "criteria = \"my.yaml\"\ntailoring = \"acme/profile.yaml\"\n",
        );
        let layer = parse_file(&source, Path::new("/etc/x"), &msg()).expect("valid");
        assert_eq!(layer.criteria, Some(PathBuf::from("/etc/x/my.yaml")));
        assert_eq!(
            layer.tailoring,
            Some(PathBuf::from("/etc/x/acme/profile.yaml"))
        );
    }

    #[test]
    fn unknown_keys_are_located_with_a_suggestion() {
        let e = file("lang = \"en\"\nentitty = \"importer\"\n").expect_err("unknown key");
        let d = &e.diagnostics[0];
        assert_eq!(d.code, "unknown-key");
        assert_eq!(d.location, Some(Location::new(2, 1)));
        assert!(d.message.contains("entitty"), "{}", d.message);
        assert_eq!(d.help.as_deref(), Some("did you mean `entity`?"));

        let e = file("[company]\nname = \"A\"\ncountyr = \"CN\"\n").expect_err("unknown key");
        let d = &e.diagnostics[0];
        assert_eq!(d.location, Some(Location::new(3, 1)));
        assert_eq!(d.help.as_deref(), Some("did you mean `country`?"));

        let e = file("zzzzzz = 1\n").expect_err("unknown key");
        let help = e.diagnostics[0].help.clone().unwrap_or_default();
        assert!(help.contains("lang, entity"), "{help}");
    }

    #[test]
    fn every_bad_value_is_reported_at_its_place() {
        let e = file(
            "lang = \"fr\"\nentity = \"importr\"\ncriteria_version = \"2019.01\"\n\
             [output]\nformats = [\"jsn\"]\n[company]\ncountry = \"China\"\n",
        )
        .expect_err("bad values");
        let found: Vec<(u32, u32)> = e
            .diagnostics
            .iter()
            .map(|d| d.location.map_or((0, 0), |l| (l.line, l.column)))
            .collect();
        assert_eq!(found, [(1, 8), (2, 10), (3, 20), (5, 12), (7, 11)]);
        assert!(e.diagnostics.iter().all(|d| d.code == "bad-value"));
        assert_eq!(
            e.diagnostics[1].help.as_deref(),
            Some("did you mean `importer`?")
        );
        assert_eq!(
            e.diagnostics[3].help.as_deref(),
            Some("did you mean `json`?")
        );
    }

    #[test]
    fn syntax_errors_are_located() {
        let e = file("lang = \"en\nentity = 3\n").expect_err("syntax");
        assert_eq!(e.diagnostics[0].code, "bad-config");
        assert!(e.diagnostics[0].location.is_some());
        let e = file("lang = 3\n").expect_err("type");
        assert_eq!(e.diagnostics[0].code, "bad-config");
        assert_eq!(e.diagnostics[0].location, Some(Location::new(1, 8)));
    }

    #[test]
    fn an_empty_file_sets_nothing() {
        assert_eq!(file("").expect("empty is fine"), Layer::default());
        assert_eq!(file("# comment\n").expect("fine"), Layer::default());
    }

    #[test]
    fn flags_beat_env_beat_file_beat_locale_beat_default() {
        let file_layer = Layer {
            entity: Some(Entity::Exporter),
            ..layer_lang(Lang::En)
        };
        let mut layers = Layers {
            flags: Layer::default(),
            env: layer_lang(Lang::ZhCn),
            file: Some(("a/ctpat.toml".into(), file_layer)),
            locale: Some(("LANG".into(), Lang::En)),
        };
        let s = resolve(&layers);
        assert_eq!(s.lang.value, Lang::ZhCn);
        assert_eq!(s.lang.origin, Origin::Env("CTPAT_LANG".into()));
        assert_eq!(s.entity.value, Some(Entity::Exporter));
        assert_eq!(s.entity.origin, Origin::File("a/ctpat.toml".into()));
        assert_eq!(s.criteria.value, None);
        assert_eq!(s.criteria.origin, Origin::Default);
        assert_eq!(s.formats.value, ["terminal"]);

        layers.flags = layer_lang(Lang::En);
        let s = resolve(&layers);
        assert_eq!(
            (s.lang.value, s.lang.origin),
            (Lang::En, Origin::Flag("--lang".into()))
        );

        layers.flags = Layer::default();
        layers.env = Layer::default();
        let s = resolve(&layers);
        assert_eq!(s.lang.origin, Origin::File("a/ctpat.toml".into()));

        layers.file = None;
        let s = resolve(&layers);
        assert_eq!(s.lang.origin, Origin::Env("LANG".into()));

        layers.locale = None;
        let s = resolve(&layers);
        assert_eq!((s.lang.value, s.lang.origin), (Lang::En, Origin::Default));
    }

    #[test]
    fn environment_values_are_checked() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_string())
            }
        };
        let layer = from_env(
            env(&[
                ("CTPAT_LANG", "zh_CN"),
                ("CTPAT_ENTITY", "importer"),
                ("CTPAT_FORMATS", "json, terminal"),
                ("CTPAT_CRITERIA", ""),
            ]),
            &msg(),
        )
        .expect("valid");
        assert_eq!(layer.lang, Some(Lang::ZhCn));
        assert_eq!(layer.entity, Some(Entity::Importer));
        assert_eq!(
            layer.formats,
            Some(vec!["json".to_string(), "terminal".to_string()])
        );
        assert_eq!(layer.criteria, None, "empty counts as unset");

        let problems = from_env(
            env(&[("CTPAT_LANG", "fr"), ("CTPAT_CRITERIA_VERSION", "2023.1")]),
            &msg(),
        )
        .expect_err("invalid");
        assert_eq!(problems.len(), 2);
        assert!(problems[0].starts_with("CTPAT_LANG=fr"), "{}", problems[0]);
        assert!(problems[1].contains("2020.03, 2023.01"), "{}", problems[1]);
    }
}
