//! Writing [`Answers`] back as a `ctpat-answers/1` YAML file.
//!
//! The interactive questionnaire saves after every answer, so the file it leaves behind must
//! load again exactly (`parse(to_yaml(x))` validates to `x`) and stay pleasant to edit by hand:
//! fixed key order, one answer per block, criterion ids quoted (`"1.10"` is not the number
//! 1.1), and every free text double-quoted with escapes, so no company name, note or
//! evidence item can change the structure (dashes, colons, `#`, quotes, newlines, `null`).
//! Pure: no I/O.

use super::{Answer, Answers, BestPractice, Draft, Evidence, MigratedFrom, Waiver, FORMAT_TAG};
use crate::calendar::is_date;
use crate::criteria::{Catalog, CriterionId, Entity};
use crate::messages::Messages;
use crate::text::Lang;
use std::fmt::Write as _;

/// The comment ctpat puts atop a file it writes, in `lang`.
fn own_header(lang: Lang) -> String {
    format!("# {}", Messages::embedded(lang).get("answers:header"))
}

/// Whether `lines` are the header ctpat writes (in any language): a rewrite renews it in
/// the language of the run rather than keeping it as the company's own comment.
pub(super) fn is_own_header(lines: &[String]) -> bool {
    match lines {
        [] => true,
        [line] => Lang::ALL.iter().any(|l| *line == own_header(*l)),
        _ => false,
    }
}

/// One entry of the `answers:` map: scored, a draft (no status yet), or set aside.
enum Entry<'a> {
    Answer(&'a Answer),
    Draft(&'a Draft),
}

/// Renders `answers` as the text of a `ctpat-answers/1` file.
///
/// With `titles`, each answer's key carries a comment with the criterion's title in that
/// language, to help whoever edits the file; comments do not change what the file means.
/// Everything kept from the file read ([`Answers::kept`]) is written back: its leading
/// comment block (else ctpat's own header, in the language of `titles`), unanswered entries
/// that carry details, and answers to criteria that do not apply, each under its id.
#[must_use]
pub fn to_yaml(answers: &Answers, titles: Option<(&Catalog, Lang)>) -> String {
    let mut s = String::new();
    if answers.kept.header.is_empty() {
        s.push_str(&own_header(titles.map_or(Lang::En, |(_, l)| l)));
        s.push('\n');
    } else {
        for line in &answers.kept.header {
            s.push_str(line);
            s.push('\n');
        }
    }
    let _ = writeln!(s, "format: {FORMAT_TAG}");
    if let Some(v) = &answers.criteria_version {
        let _ = writeln!(s, "criteria_version: {}", quote(v));
    }
    s.push_str("company:\n");
    let _ = writeln!(s, "  name: {}", quote(&answers.company.name));
    let _ = writeln!(s, "  entity: {}", entity(answers.company.entity));
    if let Some(c) = &answers.company.country {
        let _ = writeln!(s, "  country: {}", quote(c));
    }
    for (key, value) in answers.company.details.fields() {
        if let Some(v) = value {
            let _ = writeln!(s, "  {key}: {}", quote(v));
        }
    }
    if let Some(d) = &answers.assessed_on {
        let _ = writeln!(s, "assessed_on: {}", date(d));
    }
    if let Some(a) = &answers.assessor {
        let _ = writeln!(s, "assessor: {}", quote(a));
    }
    let mut entries: Vec<(CriterionId, Entry<'_>)> = answers
        .answers
        .iter()
        .chain(&answers.kept.outside)
        .map(|(id, a)| (*id, Entry::Answer(a)))
        .chain(
            answers
                .kept
                .drafts
                .iter()
                .map(|(id, d)| (*id, Entry::Draft(d))),
        )
        .collect();
    // Stable: should an id be in two maps (only code can do that), both are written and the
    // loader reports the duplicate rather than one silently winning.
    entries.sort_by_key(|(id, _)| *id);
    if !entries.is_empty() {
        s.push_str("answers:\n");
        for (id, entry) in entries {
            write_entry(&mut s, id, &entry, titles);
            if answers.kept.review.contains(&id) {
                s.push_str("    review: true\n");
            }
        }
    }
    if !answers.best_practices.is_empty() {
        s.push_str("best_practices:\n");
        for bp in &answers.best_practices {
            write_practice(&mut s, bp);
        }
    }
    if !answers.waivers.is_empty() {
        s.push_str("waivers:\n");
        for w in &answers.waivers {
            write_waiver(&mut s, "", w);
        }
    }
    if let Some(f) = &answers.financials {
        write_financials(&mut s, f);
    }
    if let Some(m) = &answers.kept.migrated_from {
        write_migrated_from(&mut s, m);
    }
    s
}

/// The `financials:` block, every field given, amounts as exact decimals.
fn write_financials(s: &mut String, f: &crate::finance::Financials) {
    s.push_str("financials:\n");
    if let Some(y) = f.year {
        let _ = writeln!(s, "  year: {y}");
    }
    if let Some(p) = f.producer {
        let _ = writeln!(s, "  producer: {p}");
    }
    if let Some(o) = f.audit_opinion {
        let _ = writeln!(s, "  audit_opinion: {}", o.id());
    }
    if let Some(l) = f.in_liquidation {
        let _ = writeln!(s, "  in_liquidation: {l}");
    }
    for (figure, amount) in &f.figures {
        let _ = writeln!(s, "  {}: {amount}", figure.id());
    }
}

/// The `migrated_from:` block: history, written last, each kept answer as it was.
fn write_migrated_from(s: &mut String, m: &MigratedFrom) {
    s.push_str("migrated_from:\n");
    let _ = writeln!(s, "  criteria_version: {}", quote(&m.criteria_version));
    let _ = writeln!(s, "  sha256: {}", quote(&m.sha256));
    let _ = writeln!(s, "  migrated_on: {}", date(&m.migrated_on));
    if !m.waivers.is_empty() {
        s.push_str("  waivers:\n");
        for w in &m.waivers {
            write_waiver(s, "  ", w);
        }
    }
    if m.answers.is_empty() {
        return;
    }
    s.push_str("  answers:\n");
    for (id, a) in &m.answers {
        let _ = writeln!(s, "    {}:", quote(id));
        match a.status {
            Some(status) => {
                let _ = writeln!(s, "      status: {}", status.id());
            }
            None => s.push_str("      status:\n"),
        }
        evidence_list(s, "      ", &a.evidence);
        for (key, value) in [("note", &a.note), ("owner", &a.owner), ("due", &a.due)] {
            if let Some(v) = value {
                let _ = writeln!(s, "      {key}: {}", quote(v));
            }
        }
    }
}

/// One waiver as a list item, `indent` deeper than the top level (a kept one sits under
/// `migrated_from:`).
fn write_waiver(s: &mut String, indent: &str, w: &Waiver) {
    let _ = writeln!(s, "{indent}  - criterion: \"{}\"", w.criterion);
    let _ = writeln!(s, "{indent}    justification: {}", quote(&w.justification));
    if let Some(a) = &w.approved_by {
        let _ = writeln!(s, "{indent}    approved_by: {}", quote(a));
    }
    if let Some(d) = &w.approved_on {
        let _ = writeln!(s, "{indent}    approved_on: {}", date(d));
    }
    if let Some(d) = &w.expires {
        let _ = writeln!(s, "{indent}    expires: {}", date(d));
    }
    list(
        s,
        &format!("{indent}    "),
        "compensating_controls",
        &w.compensating_controls,
    );
    evidence_list(s, &format!("{indent}    "), &w.evidence);
}

/// The `evidence:` block list: a plain item as a quoted string, a dated one as a flow
/// mapping `{ ref: ..., date: ..., valid_until: ... }`; nothing when empty.
fn evidence_list(s: &mut String, indent: &str, items: &[Evidence]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(s, "{indent}evidence:");
    for item in items {
        if item.is_dated() {
            let _ = write!(s, "{indent}  - {{ ref: {}", quote(&item.text));
            if let Some(d) = &item.date {
                let _ = write!(s, ", date: {}", date(d));
            }
            if let Some(d) = &item.valid_until {
                let _ = write!(s, ", valid_until: {}", date(d));
            }
            s.push_str(" }\n");
        } else {
            let _ = writeln!(s, "{indent}  - {}", quote(item));
        }
    }
}

fn write_entry(s: &mut String, id: CriterionId, e: &Entry<'_>, titles: Option<(&Catalog, Lang)>) {
    let _ = write!(s, "  \"{id}\":");
    if let Some((catalog, lang)) = titles {
        if let Some(c) = catalog.criterion(id) {
            let _ = write!(s, " # {}", comment(c.title.get(lang)));
        }
    }
    s.push('\n');
    let (status, evidence, note, owner, due) = match e {
        Entry::Answer(a) => (Some(a.status), &a.evidence, &a.note, &a.owner, &a.due),
        Entry::Draft(d) => (None, &d.evidence, &d.note, &d.owner, &d.due),
    };
    match status {
        Some(status) => {
            let _ = writeln!(s, "    status: {}", status.id());
        }
        // Left empty, as `ctpat init` writes it: unanswered.
        None => s.push_str("    status:\n"),
    }
    evidence_list(s, "    ", evidence);
    if let Some(n) = note {
        let _ = writeln!(s, "    note: {}", quote(n));
    }
    if let Some(o) = owner {
        let _ = writeln!(s, "    owner: {}", quote(o));
    }
    if let Some(d) = due {
        let _ = writeln!(s, "    due: {}", date(d));
    }
}

fn write_practice(s: &mut String, bp: &BestPractice) {
    let _ = writeln!(s, "  - title: {}", quote(&bp.title));
    if !bp.criteria.is_empty() {
        let ids: Vec<String> = bp.criteria.iter().map(|c| format!("\"{c}\"")).collect();
        let _ = writeln!(s, "    criteria: [{}]", ids.join(", "));
    }
    for (name, value) in [
        ("senior_management_support", bp.senior_management_support),
        ("innovative", bp.innovative),
        ("documented", bp.documented),
        ("verified", bp.verified),
        ("checks_and_balances", bp.checks_and_balances),
    ] {
        let _ = writeln!(s, "    {name}: {value}");
    }
    list(s, "    ", "evidence", &bp.evidence);
}

/// A block list of quoted strings, or nothing when empty.
fn list(s: &mut String, indent: &str, key: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(s, "{indent}{key}:");
    for item in items {
        let _ = writeln!(s, "{indent}  - {}", quote(item));
    }
}

/// Entity ids are fixed snake-case words, safe as plain scalars.
fn entity(e: Entity) -> &'static str {
    e.id()
}

/// A valid date plain (as people write it), anything else quoted so it still loads and the
/// validator can point at it.
fn date(d: &str) -> String {
    if is_date(d) {
        d.to_string()
    } else {
        quote(d)
    }
}

/// A YAML double-quoted scalar holding exactly `text`.
///
/// Escapes the backslash, the quote, and every character YAML does not allow raw in a
/// double-quoted scalar or would fold (line breaks, tabs, controls, NEL, the Unicode line and
/// paragraph separators, the byte-order mark, the non-characters U+FFFE and U+FFFF).
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'
        )
}

/// A comment's text on one line: every control or line break becomes a space.
fn comment(text: &str) -> String {
    text.chars()
        .map(|c| if needs_escape(c) { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{parse, Company, Kept, Status};
    use crate::criteria::{embedded, Requirement};
    use crate::diagnostic::Source;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn catalog() -> &'static Catalog {
        embedded::loaded(embedded::default_version())
    }

    fn reload(text: &str, catalog: &Catalog) -> Answers {
        let source = Source::new("written.yaml", text);
        let parsed = parse(&source).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        let loaded = parsed
            .validate(catalog)
            .unwrap_or_else(|e| panic!("{:?}\n{text}", e.diagnostics));
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        loaded.value
    }

    /// Loads `text`, warnings allowed (kept entries are warned about on every load).
    fn load(text: &str, catalog: &Catalog) -> Answers {
        let source = Source::new("written.yaml", text);
        let parsed = parse(&source).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        parsed
            .validate(catalog)
            .unwrap_or_else(|e| panic!("{:?}\n{text}", e.diagnostics))
            .value
    }

    fn sample() -> Answers {
        let mut answers = BTreeMap::new();
        answers.insert(
            CriterionId::new(1, 1),
            Answer {
                status: Status::Implemented,
                evidence: vec!["Policy SP-01, v3".into(), "- signed: yes".into()],
                note: Some("Posted in \"lobby\"\nand canteen".into()),
                owner: None,
                due: None,
            },
        );
        answers.insert(
            CriterionId::new(4, 10),
            Answer {
                status: Status::Partial,
                evidence: vec![],
                note: None,
                owner: Some("保安经理".into()),
                due: Some("2027-03-31".into()),
            },
        );
        Answers {
            criteria_version: Some("2023.01".into()),
            company: Company {
                name: "Acme: #1 Widgets".into(),
                entity: Entity::Importer,
                country: Some("NO".into()),
                details: crate::answers::CompanyDetails {
                    facility: Some("Plant 2: \"east\" #3".into()),
                    programme: Some("ctpat".into()),
                    ..crate::answers::CompanyDetails::default()
                },
            },
            assessed_on: Some("2026-11-23".into()),
            assessor: Some("null".into()),
            answers,
            best_practices: vec![BestPractice {
                title: "Seal photos".into(),
                criteria: vec![CriterionId::new(1, 1)],
                senior_management_support: true,
                innovative: false,
                documented: true,
                verified: true,
                checks_and_balances: true,
                evidence: vec!["SOP-17".into()],
            }],
            waivers: vec![crate::answers::Waiver {
                criterion: CriterionId::new(3, 7),
                justification: "Supplier audits resume: \"Q2\" #2".into(),
                approved_by: Some("CFO".into()),
                approved_on: Some("2026-01-10".into()),
                expires: Some("2027-01-10".into()),
                compensating_controls: vec!["- extra seal checks".into()],
                evidence: vec![Evidence {
                    text: "Board minutes 2026-01".into(),
                    date: Some("2026-01-10".into()),
                    valid_until: None,
                }],
            }],
            kept: crate::answers::Kept::default(),
            financials: None,
        }
    }

    #[test]
    fn written_file_is_stable_and_readable() {
        let catalog = catalog();
        let text = to_yaml(&sample(), Some((catalog, Lang::En)));
        let title = catalog
            .criterion(CriterionId::new(1, 1))
            .expect("1.1")
            .title
            .en
            .clone();
        let expected = format!(
            "# ctpat answers file: edit it freely, or continue with `ctpat assess --resume FILE`.
format: ctpat-answers/1
criteria_version: \"2023.01\"
company:
  name: \"Acme: #1 Widgets\"
  entity: importer
  country: \"NO\"
  facility: \"Plant 2: \\\"east\\\" #3\"
  programme: \"ctpat\"
assessed_on: 2026-11-23
assessor: \"null\"
answers:
  \"1.1\": # {title}
    status: implemented
    evidence:
      - \"Policy SP-01, v3\"
      - \"- signed: yes\"
    note: \"Posted in \\\"lobby\\\"\\nand canteen\"
  \"4.10\": # {}
    status: partial
    owner: \"保安经理\"
    due: 2027-03-31
best_practices:
  - title: \"Seal photos\"
    criteria: [\"1.1\"]
    senior_management_support: true
    innovative: false
    documented: true
    verified: true
    checks_and_balances: true
    evidence:
      - \"SOP-17\"
waivers:
  - criterion: \"3.7\"
    justification: \"Supplier audits resume: \\\"Q2\\\" #2\"
    approved_by: \"CFO\"
    approved_on: 2026-01-10
    expires: 2027-01-10
    compensating_controls:
      - \"- extra seal checks\"
    evidence:
      - {{ ref: \"Board minutes 2026-01\", date: 2026-01-10 }}
",
            catalog
                .criterion(CriterionId::new(4, 10))
                .expect("4.10")
                .title
                .en
        );
        assert_eq!(text, expected);
        assert_eq!(reload(&text, catalog), sample());
    }

    /// Regression: resuming a file deleted, at the first autosave, the details written under
    /// an empty `status:`, answers to criteria that do not apply to the entity, and the
    /// file's own comment on top.
    #[test]
    fn resume_deletes_answers_no_more() {
        let catalog = catalog();
        let text = "# Checked by QA on Monday.\n#\n# Next review: March.\nformat: ctpat-answers/1\n\
            company: { name: Acme, entity: exporter }\nanswers:\n  \
            \"1.1\": { status: implemented }\n  \
            \"5.24\": { status: partial, note: \"we seal anyway\", evidence: [\"Seal log, 2026\"] }\n  \
            \"1.2\": { status: , note: \"ask HR\", owner: Li, due: 2027-01-31 }\n  \
            \"1.3\": { status: \"\", evidence: [\"Org chart\"] }\n  \
            \"1.4\": { status: }\n";
        let first = load(text, catalog);
        assert!(
            !catalog
                .criterion(CriterionId::new(5, 24))
                .expect("5.24")
                .applies(Entity::Exporter),
            "the fixture needs a criterion that does not apply"
        );
        assert_eq!(
            first.kept.header,
            ["# Checked by QA on Monday.", "#", "# Next review: March."]
        );
        assert_eq!(
            first
                .kept
                .outside
                .keys()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            ["5.24"]
        );
        assert_eq!(
            first
                .kept
                .drafts
                .keys()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            ["1.2", "1.3"],
            "an empty entry carries nothing to keep"
        );
        for lang in Lang::ALL {
            let written = to_yaml(&first, Some((catalog, lang)));
            assert!(
                written
                    .starts_with("# Checked by QA on Monday.\n#\n# Next review: March.\nformat:"),
                "{written}"
            );
            for kept in [
                "we seal anyway",
                "Seal log, 2026",
                "ask HR",
                "\"Li\"",
                "2027-01-31",
                "Org chart",
            ] {
                assert!(written.contains(kept), "{kept} lost:\n{written}");
            }
            assert_eq!(load(&written, catalog), first, "{written}");
        }
        // What is kept does not score: the same as a file without it.
        let bare = Answers {
            kept: Kept::default(),
            ..first.clone()
        };
        assert_eq!(
            crate::scoring::assess(
                catalog,
                &first,
                crate::calendar::date("2026-11-30").expect("a date")
            ),
            crate::scoring::assess(
                catalog,
                &bare,
                crate::calendar::date("2026-11-30").expect("a date")
            )
        );
    }

    #[test]
    fn own_header_is_renewed_in_the_language_of_the_run() {
        let catalog = catalog();
        let english = to_yaml(&sample(), None);
        let reread = load(&english, catalog);
        assert!(reread.kept.header.is_empty(), "{:?}", reread.kept.header);
        let chinese = to_yaml(&reread, Some((catalog, Lang::ZhCn)));
        let first = chinese.lines().next().unwrap_or_default();
        assert!(first.starts_with("# ctpat 答卷文件"), "{first}");
        assert!(load(&chinese, catalog).kept.header.is_empty());
    }

    #[test]
    fn every_shipped_example_survives_a_rewrite() {
        for (name, text) in [
            (
                "importer-not-ready",
                include_str!("../../examples/importer-not-ready.yaml"),
            ),
            (
                "importer-tier1",
                include_str!("../../examples/importer-tier1.yaml"),
            ),
            (
                "importer-tier2",
                include_str!("../../examples/importer-tier2.yaml"),
            ),
            (
                "importer-tier3",
                include_str!("../../examples/importer-tier3.yaml"),
            ),
            (
                "foreign-manufacturer-cn",
                include_str!("../../examples/foreign-manufacturer-cn.yaml"),
            ),
        ] {
            let original = reload(text, catalog());
            let written = to_yaml(&original, Some((catalog(), Lang::ZhCn)));
            assert_eq!(reload(&written, catalog()), original, "{name}");
        }
    }

    #[test]
    fn quoting_escapes_what_yaml_would_misread() {
        assert_eq!(quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(quote("x\u{2028}y\u{7}"), r#""x\u2028y\u0007""#);
        assert_eq!(quote("\u{85}"), r#""\u0085""#);
        assert_eq!(comment("a\nb\u{2029}c"), "a b c");
    }

    /// Texts that break naive YAML writers, mixed with arbitrary Unicode.
    fn hostile() -> impl Strategy<Value = String> {
        let samples = [
            "- leading dash",
            "key: value",
            "\"quoted\" and 'single'",
            "# not a comment",
            "null",
            "~",
            "yes",
            "NO",
            "1.10",
            "2027-03-31",
            "&anchor *alias !tag %directive @at `tick`",
            "{a: b} [x, y]",
            "> folded",
            "| literal",
            "multi\nline\n\n  indented",
            "tab\there\r\nCRLF",
            "安全政策 SP-01：已签署，张贴于大堂",
            "back\\slash \\n not a newline",
            "\u{FEFF}bom \u{2028} sep \u{85} nel \u{0} nul \u{1b}[31m",
            "---",
            "...",
            "? question",
            ": colon first",
        ];
        prop_oneof![
            proptest::sample::select(samples.to_vec()).prop_map(str::to_string),
            any::<String>(),
            "[\\PC\\n\\t\"'#:\\-\\\\ ]{0,40}",
        ]
        // The loader trims texts and drops empty ones; write what it keeps.
        .prop_map(|s| {
            let t = s.trim();
            if t.is_empty() {
                "x".to_string()
            } else {
                t.to_string()
            }
        })
    }

    /// An evidence item: plain, or with one or both dates (in order, as the loader wants).
    fn evidence() -> impl Strategy<Value = Evidence> {
        (
            hostile(),
            proptest::option::of(date()),
            proptest::option::of(date()),
        )
            .prop_map(|(text, a, b)| {
                let (date, valid_until) = match (a, b) {
                    (Some(a), Some(b)) if b < a => (Some(b), Some(a)),
                    pair => pair,
                };
                Evidence {
                    text,
                    date,
                    valid_until,
                }
            })
    }

    fn date() -> impl Strategy<Value = String> {
        (1990u32..2100, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
    }

    fn answer(requirement: Requirement) -> impl Strategy<Value = Answer> {
        (
            0usize..4,
            proptest::collection::vec(evidence(), 0..3),
            proptest::option::of(hostile()),
            proptest::option::of(hostile()),
            proptest::option::of(date()),
            hostile(),
        )
            .prop_map(move |(s, evidence, note, owner, due, fallback)| {
                let status = [
                    Status::Implemented,
                    Status::Partial,
                    Status::NotImplemented,
                    Status::NotApplicable,
                ][s];
                // A Must marked not applicable needs its justification to load.
                let note = if status == Status::NotApplicable && requirement == Requirement::Must {
                    Some(note.unwrap_or(fallback))
                } else {
                    note
                };
                Answer {
                    status,
                    evidence,
                    note,
                    owner,
                    due,
                }
            })
    }

    fn draft() -> impl Strategy<Value = Draft> {
        (
            proptest::collection::vec(evidence(), 0..3),
            proptest::option::of(hostile()),
            proptest::option::of(hostile()),
            proptest::option::of(date()),
            hostile(),
        )
            .prop_map(|(evidence, note, owner, due, fallback)| {
                let mut d = Draft {
                    evidence,
                    note,
                    owner,
                    due,
                };
                // An entry with nothing in it is not kept: give it a note.
                if d.is_empty() {
                    d.note = Some(fallback);
                }
                d
            })
    }

    /// A comment block as people write it atop a file: `#` lines and blank lines.
    fn header() -> impl Strategy<Value = Vec<String>> {
        proptest::collection::vec(
            prop_oneof![
                Just(String::new()),
                "[ ]{0,2}#[\\PC\t]{0,30}".prop_map(|l| l.trim_end().to_string()),
            ],
            0..5,
        )
        .prop_map(|mut lines| {
            while lines.last().is_some_and(String::is_empty) {
                lines.pop();
            }
            lines
        })
    }

    /// A `migrated_from` block: old version, hash, date and kept answers of any content.
    fn migrated_from() -> impl Strategy<Value = crate::answers::MigratedFrom> {
        let kept = (
            proptest::option::of(0usize..4),
            proptest::collection::vec(evidence(), 0..3),
            proptest::option::of(hostile()),
            proptest::option::of(hostile()),
            proptest::option::of(hostile()),
        )
            .prop_map(
                |(s, evidence, note, owner, due)| crate::answers::KeptAnswer {
                    status: s.map(|s| {
                        [
                            Status::Implemented,
                            Status::Partial,
                            Status::NotImplemented,
                            Status::NotApplicable,
                        ][s]
                    }),
                    evidence,
                    note,
                    owner,
                    due,
                },
            );
        let waiver = (
            (1u16..13, 1u16..40),
            hostile(),
            proptest::option::of(hostile()),
            proptest::option::of(date()),
            proptest::option::of(date()),
            proptest::collection::vec(hostile(), 0..2),
            proptest::collection::vec(evidence(), 0..2),
        )
            .prop_map(
                |((c, n), justification, approved_by, approved_on, expires, controls, evidence)| {
                    crate::answers::Waiver {
                        criterion: CriterionId::new(c, n),
                        justification,
                        approved_by,
                        approved_on,
                        expires,
                        compensating_controls: controls,
                        evidence,
                    }
                },
            );
        (
            proptest::sample::select(vec!["2019.10", "2020.03"]),
            "[0-9a-f]{64}",
            date(),
            proptest::collection::btree_map("[1-9][0-9]?\\.[1-9][0-9]?", kept, 0..4),
            proptest::collection::vec(waiver, 0..3),
        )
            .prop_map(|(version, sha256, migrated_on, answers, waivers)| {
                crate::answers::MigratedFrom {
                    criteria_version: version.to_string(),
                    sha256,
                    migrated_on,
                    answers,
                    waivers,
                }
            })
    }

    fn answers_strategy(catalog: &Catalog) -> impl Strategy<Value = Answers> {
        let applicable: Vec<(CriterionId, Requirement)> = catalog
            .applicable(Entity::Importer)
            .map(|c| (c.id, c.requirement))
            .collect();
        let ids: Vec<CriterionId> = applicable.iter().map(|(id, _)| *id).collect();
        let outside: Vec<(CriterionId, Requirement)> = catalog
            .criteria
            .iter()
            .filter(|c| !c.applies(Entity::Importer))
            .map(|c| (c.id, c.requirement))
            .collect();
        // Each chosen criterion is answered or left as a draft (empty status, details kept).
        let picked = proptest::sample::subsequence(applicable, 0..16).prop_flat_map(|chosen| {
            chosen
                .into_iter()
                .map(|(id, req)| {
                    prop_oneof![
                        answer(req).prop_map(move |a| (id, Ok(a))),
                        draft().prop_map(move |d| (id, Err(d))),
                    ]
                })
                .collect::<Vec<_>>()
        });
        let set_aside = proptest::sample::subsequence(outside, 0..4).prop_flat_map(|chosen| {
            chosen
                .into_iter()
                .map(|(id, req)| answer(req).prop_map(move |a| (id, a)))
                .collect::<Vec<_>>()
        });
        let practice = (
            hostile(),
            proptest::sample::subsequence(ids, 0..3),
            proptest::collection::vec(any::<bool>(), 5),
            proptest::collection::vec(hostile(), 0..3),
        )
            .prop_map(|(title, criteria, flags, evidence)| BestPractice {
                title,
                criteria,
                senior_management_support: flags[0],
                innovative: flags[1],
                documented: flags[2],
                verified: flags[3],
                checks_and_balances: flags[4],
                evidence,
            });
        (
            (hostile(), proptest::option::of("[A-Z]{2}")),
            proptest::option::of(date()),
            proptest::option::of(hostile()),
            picked,
            set_aside,
            proptest::collection::vec(practice, 0..2),
            header(),
            (
                proptest::option::of(hostile()),
                proptest::option::of(hostile()),
            ),
        )
            .prop_map(
                |(
                    (name, country),
                    assessed_on,
                    assessor,
                    picked,
                    set_aside,
                    best_practices,
                    header,
                    (facility, mid),
                )| {
                    let mut answers = BTreeMap::new();
                    let mut drafts = BTreeMap::new();
                    for (id, entry) in picked {
                        match entry {
                            Ok(a) => {
                                answers.insert(id, a);
                            }
                            Err(d) => {
                                drafts.insert(id, d);
                            }
                        }
                    }
                    Answers {
                        criteria_version: Some("2023.01".into()),
                        company: Company {
                            name,
                            entity: Entity::Importer,
                            country,
                            details: crate::answers::CompanyDetails {
                                facility,
                                mid,
                                ..crate::answers::CompanyDetails::default()
                            },
                        },
                        assessed_on,
                        assessor,
                        answers,
                        best_practices,
                        waivers: Vec::new(),
                        kept: Kept {
                            header,
                            drafts,
                            outside: set_aside.into_iter().collect(),
                            ..Kept::default()
                        },
                        financials: None,
                    }
                },
            )
    }

    /// An answers file as a person might type it, in JSON (which is YAML too): any status
    /// (empty ones included), blank texts, ids that apply or not, comments on top, and the
    /// company's optional details (blank ones included).
    fn typed_file(catalog: &Catalog) -> impl Strategy<Value = String> {
        let ids: Vec<String> = catalog.criteria.iter().map(|c| c.id.to_string()).collect();
        let text = prop_oneof![hostile(), Just("  ".to_string())];
        let entry = (
            proptest::sample::select(vec![
                serde_json::Value::Null,
                "".into(),
                " ".into(),
                "implemented".into(),
                "partial".into(),
                "not_implemented".into(),
                "not_applicable".into(),
            ]),
            proptest::collection::vec(text.clone(), 0..3),
            proptest::option::of(text.clone()),
            proptest::option::of(text.clone()),
            proptest::option::of(date()),
        )
            .prop_map(|(status, evidence, note, owner, due)| {
                let mut m = serde_json::Map::new();
                m.insert("status".into(), status);
                m.insert("evidence".into(), evidence.into());
                for (k, v) in [("note", note), ("owner", owner), ("due", due)] {
                    if let Some(v) = v {
                        m.insert(k.into(), v.into());
                    }
                }
                serde_json::Value::Object(m)
            });
        (
            header(),
            proptest::sample::select(vec!["importer", "foreign_manufacturer", "exporter"]),
            proptest::collection::btree_map(proptest::sample::select(ids), entry, 0..12),
            (
                proptest::option::of(text.clone()),
                proptest::option::of(text),
            ),
        )
            .prop_map(|(header, entity, entries, (facility, respondent))| {
                let mut company = serde_json::json!({ "name": "Acme", "entity": entity });
                for (k, v) in [("facility", facility), ("respondent", respondent)] {
                    if let Some(v) = v {
                        company[k] = v.into();
                    }
                }
                let file = serde_json::json!({
                    "format": FORMAT_TAG,
                    "company": company,
                    "answers": entries,
                });
                let mut text = header.join("\n");
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(&serde_json::to_string_pretty(&file).unwrap_or_default());
                text
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn parse_of_write_gives_back_the_answers(
            answers in answers_strategy(catalog()),
            annotate in any::<bool>(),
        ) {
            let catalog = catalog();
            let titles = annotate.then_some((catalog, Lang::ZhCn));
            let text = to_yaml(&answers, titles);
            prop_assert_eq!(load(&text, catalog), answers);
        }

        /// Whatever the loader accepts, writing it back and loading that gives the same data:
        /// nothing read is lost (the questionnaire's autosave rewrites the file it resumes).
        #[test]
        fn load_write_load_is_identity_for_any_accepted_file(
            text in typed_file(catalog()),
            lang in proptest::sample::select(Lang::ALL.to_vec()),
        ) {
            let catalog = catalog();
            let source = Source::new("typed.yaml", &text);
            let Ok(loaded) = parse(&source).and_then(|p| p.validate(catalog)) else {
                // Refused files (a Must marked not applicable without a note) are not rewritten.
                return Ok(());
            };
            let first = loaded.value;
            let written = to_yaml(&first, Some((catalog, lang)));
            prop_assert_eq!(&load(&written, catalog), &first, "{}", written);
        }

        /// A migrated file's review flags and `migrated_from` block survive every rewrite
        /// (the questionnaire's autosave, `ctpat convert`), whatever they hold.
        #[test]
        fn review_flags_and_migrated_from_survive_a_rewrite(
            answers in answers_strategy(catalog()),
            flags in proptest::collection::vec(any::<bool>(), 24),
            from in proptest::option::of(migrated_from()),
        ) {
            let catalog = catalog();
            let mut answers = answers;
            let ids: Vec<CriterionId> = answers
                .answers
                .keys()
                .chain(answers.kept.drafts.keys())
                .chain(answers.kept.outside.keys())
                .copied()
                .collect();
            answers.kept.review = ids
                .into_iter()
                .enumerate()
                .filter(|(i, _)| flags[i % flags.len()])
                .map(|(_, id)| id)
                .collect();
            answers.kept.migrated_from = from;
            let text = to_yaml(&answers, Some((catalog, Lang::En)));
            prop_assert_eq!(&load(&text, catalog), &answers, "{}", text);
        }
    }
}
