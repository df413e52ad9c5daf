//! The partner register (`ctpat-partners/1`) and the threat ratings (`ctpat-threats/1`) as
//! written, then validated.
//!
//! The raw serde types mirror the files (unknown fields refused, values kept spanned); the
//! validation turns them into [`Register`] and [`Threat`]s and reports every problem at its
//! line, each with a stable code and a help line in both languages. Pure: the caller reads
//! the files and names them.

use super::{Certification, Level, Partner, Place, Programme, Register, Threat};
use crate::calendar;
use crate::criteria::Entity;
use crate::diagnostic::{self, Diagnostic, Invalid, Location, Severity, Source};
use crate::messages::Messages;
use crate::text::Lang;
use crate::yaml::{self, location, Spanned, SpannedMap};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr as _;

/// The format tag of a partner register.
pub const FORMAT_TAG: &str = "ctpat-partners/1";
/// The format tag of a threat ratings file.
pub const THREATS_TAG: &str = "ctpat-threats/1";

type S<T> = Spanned<T>;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "ctpat partner register (ctpat-partners/1)",
    description = "A C-TPAT member's business partners (step 1 of CBP's 5-step risk assessment): role, country, route, the answers file holding each partner's assessment and its CTPAT or AEO certificate; optionally the threat ratings (step 2). See docs/partners.md."
)]
#[schemars(rename = "PartnerRegister")]
struct RawRegister {
    /// Always `ctpat-partners/1`.
    #[schemars(extend("const" = "ctpat-partners/1"))]
    format: S<String>,
    /// The member whose partners these are.
    company: Option<S<String>>,
    /// Threat ratings of countries, regions and route points (or give them with --threats).
    #[serde(default)]
    threats: Vec<RawThreat>,
    /// A `ctpat-threats/1` file of the member's threat ratings, relative to the register,
    /// read as if given with --threats (which, when given, is read instead).
    threats_file: Option<S<String>>,
    /// The business partners.
    #[serde(default)]
    partners: Vec<RawPartner>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "ctpat threat ratings (ctpat-threats/1)",
    description = "A member's own threat ratings of countries, regions and route points (step 2 of CBP's 5-step risk assessment). ctpat ships no ratings. See docs/partners.md."
)]
#[schemars(rename = "ThreatRatings")]
struct RawThreats {
    /// Always `ctpat-threats/1`.
    #[schemars(extend("const" = "ctpat-threats/1"))]
    format: S<String>,
    /// What these ratings are and who made them.
    title: Option<S<String>>,
    /// The ratings.
    #[serde(default)]
    threats: Vec<RawThreat>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Partner")]
struct RawPartner {
    /// A short id, unique in the register, e.g. `CN-SZ-01`.
    id: S<String>,
    /// The partner's name.
    name: S<String>,
    /// Its entity type, e.g. foreign_manufacturer, highway_carrier, consolidator.
    #[schemars(with = "Entity")]
    role: S<String>,
    /// ISO 3166 country code, e.g. CN.
    #[schemars(extend("pattern" = "^[A-Z]{2}$"))]
    country: S<String>,
    /// Region or province, matched against the threat ratings.
    region: Option<S<String>>,
    /// Other places the partner's cargo passes (transit hubs, border crossings).
    #[serde(default)]
    route: Vec<RawPlace>,
    /// The answers file holding its assessment, relative to the register (YAML or .xlsx).
    answers: Option<S<String>>,
    /// Its CTPAT or AEO certificate.
    certification: Option<RawCertification>,
    /// Yearly volume (shipments or containers), used to order partners of equal risk.
    volume: Option<S<u64>>,
    /// Free notes.
    notes: Option<S<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Place")]
struct RawPlace {
    /// ISO 3166 country code.
    #[schemars(extend("pattern" = "^[A-Z]{2}$"))]
    country: S<String>,
    /// Region, province or route point.
    region: Option<S<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Certification")]
struct RawCertification {
    /// `ctpat` (with the SVI number) or `aeo` (with the customs administration).
    #[schemars(extend("enum" = ["ctpat", "aeo"]))]
    programme: S<String>,
    /// For `aeo`: the customs administration that certified it (ISO code, or EU).
    customs: Option<S<String>>,
    /// The SVI or AEO number.
    number: Option<S<String>>,
    /// When the certificate was last checked (YYYY-MM-DD).
    checked_on: Option<S<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Threat")]
struct RawThreat {
    /// ISO 3166 country code.
    #[schemars(extend("pattern" = "^[A-Z]{2}$"))]
    country: S<String>,
    /// A region or route point; without it the rating covers the whole country.
    region: Option<S<String>>,
    /// high, medium or low for each threat category (terrorism, contraband_smuggling,
    /// human_smuggling, organized_crime, local_conditions, theft, hijacking).
    #[schemars(with = "BTreeMap<String, Level>")]
    ratings: SpannedMap<S<String>>,
    /// When the ratings were made (YYYY-MM-DD).
    rated_on: Option<S<String>>,
    /// Where they come from.
    #[serde(default)]
    sources: Vec<S<String>>,
}

/// Only the format tag, so a file of another kind is named as such before its other fields
/// are refused one by one.
#[derive(Deserialize)]
struct Probe {
    format: Option<S<String>>,
}

/// The wrong-format finding when `text` carries a format tag other than `tag`.
fn other_format(source: &Source, tag: &str, code: &'static str) -> Option<Invalid> {
    let probe: Probe = yaml::parse(&source.text).ok()?;
    let format = probe.format?;
    if format.value == tag {
        return None;
    }
    let mut v = Validator {
        categories: &[],
        out: Vec::new(),
    };
    v.format(&format, tag, code);
    Some(invalid(source, v.out))
}

/// A validated file and its warnings.
#[derive(Debug)]
pub struct Checked<T> {
    /// The value.
    pub value: T,
    /// Warnings found.
    pub warnings: Vec<Diagnostic>,
}

/// Parses and validates a partner register; `categories` are the rules' threat categories.
///
/// # Errors
/// [`Invalid`] with every problem found, when any is an error.
pub fn load(source: &Source, categories: &[String]) -> Result<Checked<Register>, Invalid> {
    if let Some(wrong) = other_format(source, FORMAT_TAG, "partners-wrong-format") {
        return Err(wrong);
    }
    let raw: RawRegister = yaml::parse(&source.text).map_err(|d| invalid(source, vec![d]))?;
    validate(source, raw, categories, Vec::new())
}

/// Reads and validates a partner register workbook (`Partners` and optional `Threats`
/// sheets): the cells become the raw register, checked exactly like the YAML, every finding
/// at its `Sheet!Cell`.
///
/// # Errors
/// [`Invalid`] with every problem found, when any is an error.
pub fn load_workbook(
    name: &str,
    bytes: &[u8],
    categories: &[String],
) -> Result<Checked<Register>, Invalid> {
    // A workbook has no text lines to quote; its diagnostics name cells instead.
    let source = Source::new(name, "");
    let book = crate::workbook::register::read(bytes, categories)
        .map_err(|d| invalid(&source, vec![d]))?;
    let mut v = Validator {
        categories,
        out: book.warnings.clone(),
    };
    let raw = v.raw_from_book(book);
    validate(&source, raw, categories, v.out)
}

/// Checks a raw register, `found` the problems already found reading it.
fn validate(
    source: &Source,
    raw: RawRegister,
    categories: &[String],
    found: Vec<Diagnostic>,
) -> Result<Checked<Register>, Invalid> {
    let mut v = Validator {
        categories,
        out: found,
    };
    v.format(&raw.format, FORMAT_TAG, "partners-wrong-format");
    let threats = raw
        .threats
        .into_iter()
        .filter_map(|t| v.threat(t))
        .collect();
    let mut seen = BTreeSet::new();
    let mut partners = Vec::new();
    for p in raw.partners {
        if !seen.insert(p.id.value.clone()) {
            v.push(
                Severity::Error,
                "duplicate-partner",
                location(&p.id),
                &[("id", p.id.value.clone())],
            );
        }
        if let Some(p) = v.partner(p) {
            partners.push(p);
        }
    }
    if partners.is_empty() && !v.out.iter().any(Diagnostic::is_error) {
        v.push(Severity::Error, "no-partners", location(&raw.format), &[]);
    }
    let threats_file = raw.threats_file.and_then(|f| {
        let name = f.value.trim().to_string();
        if name.is_empty() {
            v.push(
                Severity::Error,
                "empty-field",
                location(&f),
                &[("field", "threats_file".to_string())],
            );
            None
        } else {
            Some(name)
        }
    });
    v.finish(source, || Register {
        company: raw.company.map(|c| c.value),
        partners,
        threats,
        threats_file,
    })
}

/// Parses and validates a threat ratings file.
///
/// # Errors
/// [`Invalid`] with every problem found, when any is an error.
pub fn load_threats(
    source: &Source,
    categories: &[String],
) -> Result<Checked<Vec<Threat>>, Invalid> {
    if let Some(wrong) = other_format(source, THREATS_TAG, "threats-wrong-format") {
        return Err(wrong);
    }
    let raw: RawThreats = yaml::parse(&source.text).map_err(|d| invalid(source, vec![d]))?;
    let mut v = Validator {
        categories,
        out: Vec::new(),
    };
    v.format(&raw.format, THREATS_TAG, "threats-wrong-format");
    let _ = raw.title;
    let threats: Vec<Threat> = raw
        .threats
        .into_iter()
        .filter_map(|t| v.threat(t))
        .collect();
    v.finish(source, || threats)
}

fn invalid(source: &Source, diagnostics: Vec<Diagnostic>) -> Invalid {
    Invalid {
        file: source.clone(),
        diagnostics,
    }
}

/// The JSON Schema of `ctpat-partners/1`.
#[must_use]
pub fn json_schema() -> serde_json::Value {
    schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<RawRegister>()
        .to_value()
}

/// The JSON Schema of `ctpat-threats/1`.
#[must_use]
pub fn threats_schema() -> serde_json::Value {
    schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<RawThreats>()
        .to_value()
}

struct Validator<'a> {
    categories: &'a [String],
    out: Vec<Diagnostic>,
}

impl Validator<'_> {
    /// A finding worded by `diag:<code>` and `diag-help:<code>` of criteria/ui.yaml.
    fn push(
        &mut self,
        severity: Severity,
        code: &'static str,
        at: Option<Location>,
        args: &[(&'static str, String)],
    ) {
        let en = Messages::embedded(Lang::En);
        let fill = |area: &str| diagnostic::fill(en.get(&format!("{area}:{code}")), args);
        let d = Diagnostic {
            severity,
            ..Diagnostic::error(code, at, fill("diag"))
        }
        .with_help(fill("diag-help"))
        .translated();
        self.out
            .push(args.iter().fold(d, |d, (name, value)| d.arg(name, value)));
    }

    fn finish<T>(
        mut self,
        source: &Source,
        value: impl FnOnce() -> T,
    ) -> Result<Checked<T>, Invalid> {
        diagnostic::sort(&mut self.out);
        if self.out.iter().any(Diagnostic::is_error) {
            Err(invalid(source, self.out))
        } else {
            Ok(Checked {
                value: value(),
                warnings: self.out,
            })
        }
    }

    fn format(&mut self, format: &S<String>, tag: &str, code: &'static str) {
        if format.value != tag {
            self.push(
                Severity::Error,
                code,
                location(format),
                &[("format", format.value.clone())],
            );
        }
    }

    fn non_empty(&mut self, value: &S<String>, field: &str) -> bool {
        if value.value.trim().is_empty() {
            self.push(
                Severity::Error,
                "empty-field",
                location(value),
                &[("field", field.to_string())],
            );
            return false;
        }
        true
    }

    fn country(&mut self, value: &S<String>) -> Option<String> {
        let ok = value.value.len() == 2 && value.value.bytes().all(|b| b.is_ascii_uppercase());
        if ok {
            Some(value.value.clone())
        } else {
            self.push(
                Severity::Error,
                "bad-country",
                location(value),
                &[("value", value.value.clone())],
            );
            None
        }
    }

    fn date(&mut self, value: &S<String>) -> Option<calendar::Date> {
        let parsed = calendar::is_date(&value.value)
            .then(|| calendar::date(&value.value))
            .flatten();
        if parsed.is_none() {
            self.push(
                Severity::Error,
                "bad-date",
                location(value),
                &[("value", value.value.clone())],
            );
        }
        parsed
    }

    fn place(&mut self, raw: RawPlace) -> Option<Place> {
        let country = self.country(&raw.country)?;
        Some(Place {
            country,
            region: raw.region.map(|r| r.value),
        })
    }

    fn partner(&mut self, raw: RawPartner) -> Option<Partner> {
        let id_ok = self.non_empty(&raw.id, "id");
        let name_ok = self.non_empty(&raw.name, "name");
        let role = match Entity::from_str(&raw.role.value) {
            Ok(e) => Some(e),
            Err(_) => {
                self.push(
                    Severity::Error,
                    "bad-role",
                    location(&raw.role),
                    &[
                        ("value", raw.role.value.clone()),
                        ("roles", Entity::ids().join(", ")),
                    ],
                );
                None
            }
        };
        let country = self.country(&raw.country);
        let route: Vec<Option<Place>> = raw.route.into_iter().map(|p| self.place(p)).collect();
        let certification = raw.certification.and_then(|c| self.certification(c));
        let answers = raw
            .answers
            .and_then(|a| self.non_empty(&a, "answers").then_some(a.value));
        let (role, country) = (role?, country?);
        if !(id_ok && name_ok) {
            return None;
        }
        Some(Partner {
            id: raw.id.value,
            name: raw.name.value,
            role,
            place: Place {
                country,
                region: raw.region.map(|r| r.value),
            },
            route: route.into_iter().collect::<Option<Vec<_>>>()?,
            answers,
            certification,
            volume: raw.volume.map(|v| v.value),
            notes: raw.notes.map(|n| n.value),
        })
    }

    /// The raw register a workbook's cells spell, as the YAML would (a volume that is not
    /// a whole number is found here, at its cell).
    fn raw_from_book(&mut self, book: crate::workbook::register::Book) -> RawRegister {
        use crate::workbook::register::{BookRow, PARTNER_COLUMNS};
        // A right format is never reported, so its place is where an empty register's
        // finding goes: the first partner row. A wrong one stays at its stamp cell.
        let format = match &book.format {
            Some(f) if f.value != FORMAT_TAG => f.clone(),
            _ => Spanned::new(FORMAT_TAG.to_string(), Some(book.header_at)),
        };
        let partners = book
            .partners
            .iter()
            .map(|BookRow { row, values }| {
                let mut values = values.clone();
                let mut take = |name: &str| values.remove(name);
                // A required cell left blank reads as empty at its cell, so the finding
                // points where the value belongs.
                let mut required = |name: &'static str| {
                    debug_assert!(PARTNER_COLUMNS.contains(&name));
                    take(name).unwrap_or_else(|| {
                        Spanned::new(String::new(), book.partner_cell(*row, name))
                    })
                };
                let id = required("ID");
                let name = required("Name");
                let role = required("Role");
                let country = required("Country");
                let region = take("Region");
                let route = take("Route").map_or_else(Vec::new, |r| route_cell(&r));
                let answers = take("Answers");
                let programme = take("Programme");
                let customs = take("Customs");
                let number = take("Number");
                let checked_on = take("Checked on").map(date_cell);
                let volume = take("Volume").and_then(|v| self.volume(&v));
                let notes = take("Notes");
                let certification = if programme.is_some()
                    || customs.is_some()
                    || number.is_some()
                    || checked_on.is_some()
                {
                    let programme = programme.map_or_else(
                        || Spanned::new(String::new(), book.partner_cell(*row, "Programme")),
                        |p| {
                            let at = location(&p);
                            let id: String = p
                                .value
                                .chars()
                                .filter(char::is_ascii_alphanumeric)
                                .flat_map(char::to_lowercase)
                                .collect();
                            Spanned::new(if id.is_empty() { p.value } else { id }, at)
                        },
                    );
                    Some(RawCertification {
                        programme,
                        customs,
                        number,
                        checked_on,
                    })
                } else {
                    None
                };
                RawPartner {
                    id,
                    name,
                    role,
                    country,
                    region,
                    route,
                    answers,
                    certification,
                    volume,
                    notes,
                }
            })
            .collect();
        let threats = book
            .threats
            .iter()
            .map(|t| {
                let mut values = t.row.values.clone();
                let country = values.remove("Country").unwrap_or_else(|| {
                    Spanned::new(String::new(), book.threat_cell(t.row.row, "Country"))
                });
                RawThreat {
                    country,
                    region: values.remove("Region"),
                    ratings: SpannedMap(t.ratings.clone()),
                    rated_on: values.remove("Rated on").map(date_cell),
                    sources: values.remove("Sources").map_or_else(Vec::new, |s| {
                        let at = location(&s);
                        s.value
                            .lines()
                            .map(str::trim)
                            .filter(|l| !l.is_empty())
                            .map(|l| Spanned::new(l.to_string(), at))
                            .collect()
                    }),
                }
            })
            .collect();
        RawRegister {
            format,
            company: book.company,
            threats,
            threats_file: None,
            partners,
        }
    }

    /// A volume cell as a whole number, or a finding at the cell.
    fn volume(&mut self, cell: &S<String>) -> Option<S<u64>> {
        match cell.value.trim().parse::<u64>() {
            Ok(n) => Some(Spanned::new(n, location(cell))),
            Err(_) => {
                self.push(
                    Severity::Error,
                    "bad-volume",
                    location(cell),
                    &[("value", cell.value.clone())],
                );
                None
            }
        }
    }

    fn certification(&mut self, raw: RawCertification) -> Option<Certification> {
        let programme = match (raw.programme.value.as_str(), &raw.customs) {
            ("ctpat", _) => Some(Programme::Ctpat),
            ("aeo", Some(customs)) => {
                let ok = customs.value.len() == 2
                    && customs.value.bytes().all(|b| b.is_ascii_uppercase());
                if ok {
                    Some(Programme::Aeo {
                        customs: customs.value.clone(),
                    })
                } else {
                    self.push(
                        Severity::Error,
                        "bad-country",
                        location(customs),
                        &[("value", customs.value.clone())],
                    );
                    None
                }
            }
            ("aeo", None) => {
                self.push(
                    Severity::Error,
                    "aeo-without-customs",
                    location(&raw.programme),
                    &[],
                );
                None
            }
            (other, _) => {
                self.push(
                    Severity::Error,
                    "bad-programme",
                    location(&raw.programme),
                    &[("value", other.to_string())],
                );
                None
            }
        };
        let checked_on = match &raw.checked_on {
            Some(d) => Some(self.date(d)?),
            None => {
                self.push(
                    Severity::Warning,
                    "certificate-unchecked",
                    location(&raw.programme),
                    &[],
                );
                None
            }
        };
        Some(Certification {
            programme: programme?,
            number: raw.number.map(|n| n.value),
            checked_on,
        })
    }

    fn threat(&mut self, raw: RawThreat) -> Option<Threat> {
        let country = self.country(&raw.country);
        let mut ratings = BTreeMap::new();
        let mut ok = true;
        for (category, rating) in raw.ratings.0 {
            if !self.categories.contains(&category.value) {
                self.push(
                    Severity::Error,
                    "unknown-threat-category",
                    location(&category),
                    &[
                        ("value", category.value.clone()),
                        ("categories", self.categories.join(", ")),
                    ],
                );
                ok = false;
                continue;
            }
            match Level::from_id(&rating.value) {
                Some(level) => {
                    ratings.insert(category.value, level);
                }
                None => {
                    self.push(
                        Severity::Error,
                        "bad-rating",
                        location(&rating),
                        &[("value", rating.value.clone())],
                    );
                    ok = false;
                }
            }
        }
        if ratings.is_empty() && ok {
            self.push(Severity::Error, "no-ratings", location(&raw.country), &[]);
            ok = false;
        }
        let rated_on = match &raw.rated_on {
            Some(d) => self.date(d),
            None => {
                self.push(
                    Severity::Warning,
                    "threat-undated",
                    location(&raw.country),
                    &[],
                );
                None
            }
        };
        let country = country?;
        ok.then(|| Threat {
            place: Place {
                country,
                region: raw.region.map(|r| r.value),
            },
            ratings,
            rated_on,
            sources: raw.sources.into_iter().map(|s| s.value).collect(),
        })
    }
}

/// A route cell: places separated by `;` (or `；`) or new lines, each `CC` or `CC / region`.
fn route_cell(cell: &S<String>) -> Vec<RawPlace> {
    let at = location(cell);
    cell.value
        .split([';', '；', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (country, region) = match p.split_once('/') {
                Some((c, r)) => (c.trim(), Some(r.trim()).filter(|r| !r.is_empty())),
                None => (p, None),
            };
            RawPlace {
                country: Spanned::new(country.to_string(), at),
                region: region.map(|r| Spanned::new(r.to_string(), at)),
            }
        })
        .collect()
}

/// A date cell as `YYYY-MM-DD` when it is one in a shape people type, else as written.
fn date_cell(cell: S<String>) -> S<String> {
    let at = location(&cell);
    let value = calendar::normalize_date(&cell.value).unwrap_or(cell.value);
    Spanned::new(value, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn categories() -> Vec<String> {
        super::super::rules::Rules::shipped().threat_categories
    }

    fn errors(text: &str) -> Vec<Diagnostic> {
        load(&Source::new("partners.yaml", text), &categories())
            .expect_err("invalid")
            .diagnostics
    }

    const GOOD: &str = "format: ctpat-partners/1\ncompany: Acme\npartners:\n  - id: A\n    name: Alpha\n    role: foreign_manufacturer\n    country: CN\n    answers: a.yaml\n";

    #[test]
    fn a_small_register_loads() {
        let r = load(&Source::new("p.yaml", GOOD), &categories()).expect("valid");
        assert_eq!(r.value.partners.len(), 1);
        assert_eq!(r.value.partners[0].role, Entity::ForeignManufacturer);
        assert_eq!(r.value.partners[0].answers.as_deref(), Some("a.yaml"));
    }

    #[test]
    fn every_problem_is_reported_at_its_line() {
        let text = "format: ctpat-partners/1\npartners:\n  - id: A\n    name: Alpha\n    role: factory\n    country: China\n  - id: A\n    name: Again\n    role: importer\n    country: US\n    certification: { programme: aeo, checked_on: 2026-13-01 }\n";
        let d = errors(text);
        let codes: Vec<(&str, Option<u32>)> = d
            .iter()
            .map(|d| (d.code, d.location.map(|l| l.line)))
            .collect();
        assert!(codes.contains(&("bad-role", Some(5))), "{codes:?}");
        assert!(codes.contains(&("bad-country", Some(6))), "{codes:?}");
        assert!(codes.contains(&("duplicate-partner", Some(7))), "{codes:?}");
        assert!(
            codes.contains(&("aeo-without-customs", Some(11))),
            "{codes:?}"
        );
        for diag in &d {
            diagnostic::assert_translated(diag, text);
        }
    }

    #[test]
    fn an_unknown_threat_category_and_a_bad_rating_are_located() {
        let text = "format: ctpat-threats/1\nthreats:\n  - country: MX\n    rated_on: 2026-01-10\n    ratings:\n      piracy: high\n      theft: severe\n";
        let err = load_threats(&Source::new("t.yaml", text), &categories()).expect_err("invalid");
        let codes: Vec<(&str, Option<u32>)> = err
            .diagnostics
            .iter()
            .map(|d| (d.code, d.location.map(|l| l.line)))
            .collect();
        assert!(
            codes.contains(&("unknown-threat-category", Some(6))),
            "{codes:?}"
        );
        assert!(codes.contains(&("bad-rating", Some(7))), "{codes:?}");
    }

    #[test]
    fn a_threats_file_is_not_a_register() {
        let d = errors("format: ctpat-threats/1\npartners: []\n");
        assert_eq!(d[0].code, "partners-wrong-format");
        assert_eq!(d[0].location.map(|l| l.line), Some(1));
    }
}
