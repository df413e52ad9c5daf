//! Time in every report format (issue 13): the as-of date, evidence freshness and waivers,
//! in English and Chinese, on a fixture with fresh, expiring, stale and undated evidence, an
//! accepted Should, a waived Must and an expired waiver.
//!
//! The text formats are goldened with the shipped examples (`report.rs`); here the Word
//! report and the workbook are goldened as text (each paragraph with its style; each sheet's
//! cells), so a change to what they show is a reviewed diff, and the points that matter are
//! asserted in every format.

use crate::report::golden;
use crate::support::ctpat;
use std::collections::BTreeMap;
use std::io::{Cursor, Read as _};

const TIME: &str = "tests/fixtures/report/dated-evidence-and-waivers.yaml";
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn report(format: &str, lang: &str) -> Vec<u8> {
    let out = ctpat()
        .args(["report", TIME, "--format", format, "--lang", lang])
        .assert()
        .success();
    out.get_output().stdout.clone()
}

fn ui(lang: &str, key: &str) -> String {
    let msg = ctpat::messages::Messages::embedded(lang.parse().expect("a language"));
    msg.get(key).to_string()
}

/// The Word report's body as text: one line per paragraph, `[style] text`; table cells are
/// paragraphs too, so the tables' contents come out in reading order.
pub(crate) fn docx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("document.xml")
        .read_to_string(&mut xml)
        .expect("UTF-8");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed");
    let mut out = String::new();
    for p in doc.descendants().filter(|n| n.has_tag_name((W, "p"))) {
        let style = p
            .descendants()
            .find(|n| n.has_tag_name((W, "pStyle")))
            .and_then(|n| n.attribute((W, "val")))
            .unwrap_or("-");
        let text: String = p
            .descendants()
            .filter(|n| n.has_tag_name((W, "t")))
            .filter_map(|n| n.text())
            .collect();
        if !text.is_empty() {
            out.push_str(&format!("[{style}] {text}\n"));
        }
    }
    out
}

/// The workbook as text: each sheet by name, then one line per row, cells joined by ` | `.
pub(crate) fn xlsx_text(bytes: &[u8]) -> (Vec<String>, BTreeMap<String, Vec<Vec<String>>>) {
    use calamine::Reader as _;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("a workbook");
    let names = wb.sheet_names();
    let mut sheets = BTreeMap::new();
    for name in &names {
        let range = wb.worksheet_range(name).expect("a sheet");
        let rows = range
            .rows()
            .map(|r| r.iter().map(ToString::to_string).collect())
            .collect();
        sheets.insert(name.clone(), rows);
    }
    (names, sheets)
}

pub(crate) fn sheets_text(names: &[String], sheets: &BTreeMap<String, Vec<Vec<String>>>) -> String {
    let mut out = String::new();
    for name in names {
        out.push_str(&format!("== {name}\n"));
        for row in &sheets[name] {
            let line = row.join(" | ").replace('\n', "⏎");
            out.push_str(line.trim_end_matches([' ', '|']));
            out.push('\n');
        }
    }
    out
}

#[test]
fn word_and_workbook_reports_match_their_golden_text() {
    let mut failures = Vec::new();
    for lang in ["en", "zh-CN"] {
        let suffix = if lang == "en" {
            String::new()
        } else {
            format!(".{lang}")
        };
        let doc = docx_text(&report("docx", lang));
        failures.extend(golden(
            &format!("tests/snapshots/report/dated-evidence-and-waivers{suffix}.docx.txt"),
            &doc,
        ));
        let (names, sheets) = xlsx_text(&report("xlsx", lang));
        failures.extend(golden(
            &format!("tests/snapshots/report/dated-evidence-and-waivers{suffix}.xlsx.txt"),
            &sheets_text(&names, &sheets),
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_format_shows_the_as_of_date_freshness_and_waivers_in_both_languages() {
    for lang in ["en", "zh-CN"] {
        let as_of = ui(lang, "report:as-of");
        let not_met = ui(lang, "waiver-effect:not-met");
        let stale = ui(lang, "freshness:stale");
        let texts: Vec<(&str, String)> = vec![
            (
                "terminal",
                String::from_utf8(report("terminal", lang)).expect("UTF-8"),
            ),
            (
                "markdown",
                String::from_utf8(report("markdown", lang)).expect("UTF-8"),
            ),
            (
                "html",
                String::from_utf8(report("html", lang)).expect("UTF-8"),
            ),
            ("docx", docx_text(&report("docx", lang))),
            ("xlsx", {
                let (names, sheets) = xlsx_text(&report("xlsx", lang));
                sheets_text(&names, &sheets)
            }),
        ];
        for (format, text) in &texts {
            for (what, needle) in [
                ("as-of label", as_of.as_str()),
                ("as-of date", "2026-11-30"),
                ("how to reproduce", "--as-of 2026-11-30"),
                ("a waived Must", not_met.as_str()),
                ("stale evidence", stale.as_str()),
                // The evidence's own dates, through the evidence line.
                ("an evidence date", "2025-12-20"),
                ("a valid-until date", "2027-05-31"),
                // Every waiver's justification and approver.
                ("a justification", "Fence repair ordered"),
                ("an approver", "Dana Whitfield, CEO"),
                (
                    "a compensating control",
                    "Temporary camera on the damaged section",
                ),
                // The rules' bases, CBP's and ctpat's.
                ("CBP's rule", "CBP"),
            ] {
                // The terminal is a summary: it names no evidence item of the register.
                if *format == "terminal" && what.ends_with(" date") && what != "as-of date" {
                    continue;
                }
                assert!(
                    text.contains(needle),
                    "{format} ({lang}) does not show {what}: {needle:?}"
                );
            }
        }
        // The sections appear in the full formats, with their headings.
        for (format, text) in &texts[1..] {
            for key in [
                "doc:waivers",
                "doc:expiring",
                "doc:stale",
                "doc:undated",
                "doc:freshness-rules",
            ] {
                if *format == "xlsx" && key != "doc:freshness-rules" {
                    continue; // the workbook lists them on sheets of their own
                }
                let heading = ui(lang, key);
                assert!(
                    text.contains(&heading),
                    "{format} ({lang}) lacks {heading:?}"
                );
            }
        }
    }
}

#[test]
fn the_workbook_has_waiver_and_evidence_age_sheets_only_when_there_is_something_to_list() {
    let (names, sheets) = xlsx_text(&report("xlsx", "en"));
    assert_eq!(
        names,
        [
            "Summary",
            "Gaps",
            "Action plan",
            "Evidence register",
            "Waivers",
            "Evidence age",
            "Manifest"
        ]
    );
    let waivers = &sheets["Waivers"];
    let effects: Vec<(&str, &str)> = waivers[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[2].as_str()))
        .collect();
    assert_eq!(
        effects,
        [
            ("4.4", "accepted risk"),
            ("5.1", "⚠ waived, not met"),
            ("9.11", "⚠ expired")
        ]
    );
    let ages = &sheets["Evidence age"];
    assert_eq!(ages[1][..2], ["expiring".to_string(), "1.4".to_string()]);
    assert_eq!(ages[2][..2], ["stale".to_string(), "2.3".to_string()]);
    // A partly implemented gap's evidence ages too.
    assert_eq!(ages[3][..2], ["stale".to_string(), "4.11".to_string()]);
    assert!(ages[4..].iter().all(|r| r[0] == "undated"));
    // A report without dates or waivers keeps the five sheets it always had.
    let bytes = ctpat()
        .args([
            "report",
            "tests/fixtures/xlsx/unanswered-importer.yaml",
            "--format",
            "xlsx",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let (names, _) = xlsx_text(&bytes);
    assert_eq!(names.len(), 5, "{names:?}");
}

#[test]
fn the_csv_plan_ends_with_freshness_and_waiver_columns() {
    let text = String::from_utf8(report("csv", "en")).expect("UTF-8");
    let body = text.strip_prefix('\u{feff}').expect("BOM");
    let mut reader = csv::ReaderBuilder::new().from_reader(body.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("a record").iter().map(str::to_string).collect())
        .collect();
    let tail: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r[1].as_str(),
                r[13].as_str(),
                r[14].as_str(),
                r[15].as_str(),
            )
        })
        .collect();
    assert_eq!(
        tail,
        [
            ("=\"5.1\"", "no evidence", "waived, not met", "2027-01-31"),
            ("=\"4.11\"", "stale", "", ""),
            ("=\"1.2\"", "no evidence", "", ""),
            ("=\"4.4\"", "no evidence", "waived", "2027-06-30"),
            ("=\"9.11\"", "no evidence", "waiver expired", "2026-10-31"),
        ]
    );
}
