//! The answers template `ctpat init` writes: a `ctpat-answers/1` file for one entity type with
//! every applicable criterion and its guidance as comments, `status:` left for the client.
//!
//! The template is what a consultant sends to a client, so it reads top to bottom like a
//! questionnaire: how to fill it in, the company block, then the criteria grouped under their
//! category headings. It loads as it stands: every criterion is unanswered until its status
//! is filled in. Pure: the caller writes the text.

use crate::answers::{Status, FORMAT_TAG};
use crate::criteria::{Catalog, Entity, Requirement};
use crate::messages::Messages;
use crate::settings::fill;
use crate::text::{char_width, display_width};
use std::fmt::Write as _;

/// Width a comment line is wrapped to, in terminal columns (a CJK character takes two).
const WIDTH: usize = 96;

/// What the template says about the company, from the user's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    /// Legal name.
    pub name: Option<String>,
    /// ISO 3166 country code.
    pub country: Option<String>,
    /// Who makes the assessment.
    pub assessor: Option<String>,
}

/// The answers template for `entity` against `catalog`, commented in `msg`'s language.
#[must_use]
pub fn answers(catalog: &Catalog, entity: Entity, profile: &Profile, msg: &Messages) -> String {
    let msg = &msg.for_catalog(catalog);
    let lang = msg.lang();
    let version = &catalog.program.version;
    let entity_name = catalog
        .entity(entity)
        .map_or_else(|| entity.id().to_string(), |e| e.name.get(lang).to_string());
    let applicable: Vec<_> = catalog.applicable(entity).collect();
    let musts = applicable
        .iter()
        .filter(|c| c.requirement == Requirement::Must)
        .count();
    let mut s = String::new();
    let rule = format!("# {}\n", "=".repeat(WIDTH - 2));
    s.push_str(&rule);
    comment(
        &mut s,
        "",
        &fill(
            msg.get("init:header"),
            &[("entity", &entity_name), ("version", version)],
        ),
    );
    comment(
        &mut s,
        "",
        &fill(
            msg.get("init:count"),
            &[
                ("count", &applicable.len().to_string()),
                ("musts", &musts.to_string()),
                ("shoulds", &(applicable.len() - musts).to_string()),
            ],
        ),
    );
    let list = crate::coverage::ListCoverage::of(catalog, entity, msg);
    if let Some(notice) = list.notice(msg) {
        comment(&mut s, "", &crate::coverage::headed(&notice, msg));
    }
    if let Some(t) = &catalog.tailoring {
        comment(
            &mut s,
            "",
            &fill(msg.get("init:tailored"), &[("file", &t.name)]),
        );
    }
    s.push_str(&rule);
    for key in [
        "init:how",
        "init:how-blank",
        "init:how-evidence",
        "init:how-run",
    ] {
        comment(
            &mut s,
            "",
            &fill(msg.get(key), &[("statuses", &Status::IDS.join(", "))]),
        );
    }
    s.push('\n');
    let _ = writeln!(s, "format: {FORMAT_TAG}");
    let _ = writeln!(s, "criteria_version: {}", quote(version));
    s.push_str("company:\n");
    let placeholder = msg.get("init:company-placeholder").to_string();
    let _ = writeln!(
        s,
        "  name: {}",
        quote(profile.name.as_deref().unwrap_or(&placeholder))
    );
    let _ = writeln!(s, "  entity: {entity}");
    match &profile.country {
        Some(c) => {
            let _ = writeln!(s, "  country: {}", quote(c));
        }
        None => {
            let _ = writeln!(s, "  # country: CN  # {}", msg.get("init:country-hint"));
        }
    }
    comment(&mut s, "  ", msg.get("init:company-more-hint"));
    let _ = writeln!(
        s,
        "# assessed_on: YYYY-MM-DD  # {}",
        msg.get("init:date-hint")
    );
    match &profile.assessor {
        Some(a) => {
            let _ = writeln!(s, "assessor: {}", quote(a));
        }
        None => {
            let _ = writeln!(s, "# assessor: \"\"  # {}", msg.get("init:assessor-hint"));
        }
    }
    s.push_str("answers:\n");
    let mut category = None;
    for c in &applicable {
        if category != Some(c.category) {
            category = Some(c.category);
            let name = catalog
                .category(c.category)
                .map_or("", |k| k.name.get(lang));
            let _ = write!(s, "\n  # {}\n", "=".repeat(WIDTH - 4));
            comment(
                &mut s,
                "  ",
                &fill(
                    msg.get("init:category"),
                    &[("number", &c.category.to_string()), ("name", name)],
                ),
            );
            let _ = writeln!(s, "  # {}", "=".repeat(WIDTH - 4));
        }
        let badge = match c.requirement {
            Requirement::Must => msg.get("badge:must"),
            Requirement::Should => msg.get("badge:should"),
        };
        s.push('\n');
        comment(
            &mut s,
            "  ",
            &format!("{} [{badge}] {}", c.id, c.title.get(lang)),
        );
        labelled(&mut s, msg.get("show:question"), c.question.get(lang));
        // A tailoring's house criteria may leave it out.
        if !c.guidance.good.get(lang).is_empty() {
            labelled(&mut s, msg.get("show:good"), c.guidance.good.get(lang));
        }
        if !c.guidance.evidence.is_empty() {
            let colon = if lang == crate::text::Lang::En {
                ":"
            } else {
                "："
            };
            comment(
                &mut s,
                "  ",
                &format!("{}{colon}", msg.get("show:evidence")),
            );
            for e in &c.guidance.evidence {
                comment(&mut s, "  #   - ", e.get(lang));
            }
        }
        if let Some(flag) = &c.flag {
            labelled(&mut s, msg.get("show:flag"), flag.note.get(lang));
        }
        // Items of another programme that the answer does not settle on its own.
        if c.computed.is_some() {
            comment(&mut s, "  ", msg.get("init:computed"));
        }
        if c.checked_by.as_deref() == Some("customs_records") {
            comment(&mut s, "  ", msg.get("init:customs-records"));
        }
        if let Some(when) = &c.not_applicable_when {
            labelled(&mut s, msg.get("init:not-applicable-when"), when.get(lang));
        }
        let _ = writeln!(s, "  {}:", quote(&c.id.to_string()));
        let _ = writeln!(s, "    status:  # {}", Status::IDS.join(" | "));
        s.push_str("    evidence: []\n");
        s.push_str("    note:\n");
    }
    if catalog.finance.is_some() {
        financials(&mut s, msg);
    }
    s
}

/// The `financials:` block a catalog with computed items reads, every field empty and named.
fn financials(s: &mut String, msg: &Messages) {
    let _ = write!(s, "\n# {}\n", "=".repeat(WIDTH - 2));
    comment(s, "", msg.get("init:financials"));
    let _ = writeln!(s, "# {}", "=".repeat(WIDTH - 2));
    s.push_str("financials:\n");
    let mut field = |name: &str, hint: &str| {
        let _ = writeln!(s, "  {name}:  # {hint}");
    };
    for key in ["year", "producer", "audit_opinion", "in_liquidation"] {
        field(key, msg.get(&format!("figure:{key}")));
    }
    for f in crate::finance::Figure::ALL {
        field(f.id(), msg.get(&format!("figure:{}", f.id())));
    }
}

/// `label: text` as a comment of a criterion, continuation lines indented.
fn labelled(s: &mut String, label: &str, text: &str) {
    let colon = if label.is_ascii() { ": " } else { "：" };
    comment(s, "  ", &format!("{label}{colon}{text}"));
}

/// Appends `text` as comment lines after `prefix` (an indent, or an indent and a list mark).
fn comment(s: &mut String, prefix: &str, text: &str) {
    let (first, rest) = if prefix.ends_with("- ") {
        (
            prefix.to_string(),
            format!("{}  ", prefix.trim_end_matches("- ")),
        )
    } else {
        (format!("{prefix}# "), format!("{prefix}#   "))
    };
    let lead = display_width(&first).max(display_width(&rest));
    // Two columns are kept for hanging punctuation.
    let width = WIDTH.saturating_sub(lead + 2).max(20);
    for (i, line) in wrap(text, width).iter().enumerate() {
        let lead = if i == 0 { &first } else { &rest };
        let _ = writeln!(s, "{}", format!("{lead}{line}").trim_end());
    }
}

/// A YAML double-quoted scalar (JSON strings are valid YAML).
/// A YAML double-quoted scalar that reads back as `text`: the answers writer's quoting, which
/// escapes every character YAML would refuse or fold (DEL and the C1 controls included; JSON
/// quoting left them raw, and ctpat rejected the template it had written).
fn quote(text: &str) -> String {
    crate::answers::write::quote(text)
}

/// Punctuation that must not start a line (it may hang one character past the width).
const CLOSING: &str = "，。、；：？！）」』”’》,.;:?!)";

/// Greedy word wrap to `width` columns; words wider than a line (Chinese runs) are broken
/// between characters. Line breaks in `text` are kept.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        let mut used = 0;
        for word in paragraph.split_whitespace() {
            let w = display_width(word);
            if used > 0 && used + 1 + w <= width {
                line.push(' ');
                line.push_str(word);
                used += 1 + w;
            } else if w <= width && !word.chars().any(|c| char_width(c) == 2) {
                if used > 0 {
                    lines.push(std::mem::take(&mut line));
                }
                line.push_str(word);
                used = w;
            } else {
                let first = word.chars().next().map_or(1, char_width);
                if used > 0 && used + 1 + first <= width {
                    line.push(' ');
                    used += 1;
                } else if used > 0 {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                for piece in pieces(word) {
                    let pw = display_width(piece);
                    // Closing punctuation hangs past the width rather than open a line.
                    let hangs = piece.chars().all(|c| CLOSING.contains(c));
                    if used > 0 && used + pw > width && !hangs {
                        lines.push(std::mem::take(&mut line));
                        used = 0;
                    }
                    line.push_str(piece);
                    used += pw;
                }
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    lines
}

/// Splits a word holding wide (CJK) characters at the places a line may break: between two
/// wide characters and where a run of narrow ones (an English word, a number) begins or ends,
/// never inside that run.
fn pieces(word: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev_narrow = false;
    for (i, c) in word.char_indices() {
        let narrow = char_width(c) < 2;
        if i > start && !(narrow && prev_narrow) {
            out.push(&word[start..i]);
            start = i;
        }
        prev_narrow = narrow;
    }
    if start < word.len() {
        out.push(&word[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::embedded;
    use crate::diagnostic::Source;
    use crate::text::Lang;

    fn catalog() -> Catalog {
        embedded::loaded(embedded::default_version()).clone()
    }

    fn load(text: &str, catalog: &Catalog) -> crate::answers::Answers {
        let source = Source::new("template.yaml", text);
        crate::answers::parse(&source)
            .expect("parses")
            .validate(catalog)
            .expect("validates")
            .value
    }

    #[test]
    fn the_template_loads_with_every_criterion_unanswered() {
        let catalog = catalog();
        for entity in [
            Entity::Importer,
            Entity::ForeignManufacturer,
            Entity::AirCarrier,
        ] {
            for lang in Lang::ALL {
                let text = answers(
                    &catalog,
                    entity,
                    &Profile::default(),
                    &Messages::embedded(lang),
                );
                let loaded = load(&text, &catalog);
                assert!(loaded.answers.is_empty(), "{entity} {lang}");
                assert_eq!(loaded.company.entity, entity);
                let scored = crate::scoring::assess(
                    &catalog,
                    &loaded,
                    crate::calendar::date("2026-11-30").expect("a date"),
                );
                assert_eq!(scored.tier.id, "not_ready", "{entity} {lang}");
            }
        }
    }

    #[test]
    fn every_applicable_criterion_appears_in_catalog_order() {
        let catalog = catalog();
        let text = answers(
            &catalog,
            Entity::Importer,
            &Profile::default(),
            &Messages::embedded(Lang::En),
        );
        let keys: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("  \"") && l.ends_with("\":"))
            .map(|l| l.trim().trim_end_matches(':').trim_matches('"'))
            .collect();
        let expected: Vec<String> = catalog
            .applicable(Entity::Importer)
            .map(|c| c.id.to_string())
            .collect();
        assert_eq!(keys, expected);
        assert!(text.contains("# 3.9 [MUST] "), "{text}");
        assert!(text.contains("  # Category 1: Security Vision and Responsibility"));
    }

    #[test]
    fn the_profile_fills_the_company_block_safely() {
        let catalog = catalog();
        let profile = Profile {
            name: Some("Acme \"East\": #1 Co.".into()),
            country: Some("CN".into()),
            assessor: Some("李伟".into()),
        };
        let text = answers(
            &catalog,
            Entity::ForeignManufacturer,
            &profile,
            &Messages::embedded(Lang::ZhCn),
        );
        let loaded = load(&text, &catalog);
        assert_eq!(loaded.company.name, "Acme \"East\": #1 Co.");
        assert_eq!(loaded.company.country.as_deref(), Some("CN"));
        assert_eq!(loaded.assessor.as_deref(), Some("李伟"));
        assert!(text.contains("第 1 类"), "Chinese headings");
    }

    #[test]
    fn comment_lines_stay_within_the_width() {
        let catalog = catalog();
        for lang in Lang::ALL {
            let text = answers(
                &catalog,
                Entity::Importer,
                &Profile::default(),
                &Messages::embedded(lang),
            );
            for line in text.lines().filter(|l| l.trim_start().starts_with('#')) {
                assert!(display_width(line) <= WIDTH, "{lang}: {line}");
            }
        }
    }

    #[test]
    fn wrap_breaks_words_and_chinese_runs() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("一二三四五", 4), ["一二", "三四", "五"]);
        assert_eq!(wrap("一二。三", 4), ["一二。", "三"], "punctuation hangs");
        assert_eq!(
            wrap("公司的 CTPAT 联络人是否", 14),
            ["公司的 CTPAT", "联络人是否"]
        );
        assert_eq!(
            wrap("公司的 CTPAT 联络人是否", 15),
            ["公司的 CTPAT 联", "络人是否"]
        );
        assert_eq!(wrap("one\ntwo", 80), ["one", "two"]);
        assert_eq!(
            wrap("之一：implemented, partial", 16),
            ["之一：", "implemented,", "partial"],
            "an English word inside Chinese text is never split"
        );
        assert!(wrap("", 10).is_empty());
    }
}
