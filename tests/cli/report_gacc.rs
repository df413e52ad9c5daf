//! Reports on China Customs' AEO standards (issue 18): the indicative grade in every format,
//! in both languages, and the catalog's secondary-source notice in every output that uses it.
//!
//! Two fixtures of a Dongguan factory: one with a failed, an unanswered and basically-met
//! items plus an undetermined ratio (no level reached on either standard), one whose only
//! flaw is four basically-met items in one article (the advanced level missed, the certified
//! one reached). Terminal, Markdown, JSON and CSV are goldened; every format is searched for
//! the notice, the total against the pass line and the model's unverified status.

use crate::report::golden;
use crate::report_time::{docx_text, sheets_text, xlsx_text};
use crate::support::ctpat;

const MIXED: &str = "tests/fixtures/report/gacc-advanced-mixed.yaml";
const FALLS_BACK: &str = "tests/fixtures/report/gacc-advanced-falls-back.yaml";
const VERSIONS: [&str; 2] = ["gacc-aeo-2026-advanced", "gacc-aeo-2026-certified"];

fn run(args: &[&str]) -> Vec<u8> {
    ctpat()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

fn report(file: &str, format: &str, lang: &str) -> Vec<u8> {
    run(&["report", file, "--format", format, "--lang", lang])
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("UTF-8")
}

/// The catalog's own notice in `lang`, as the shipped file says it.
fn notice(version: &str, lang: &str) -> String {
    let catalog = ctpat::criteria::embedded::catalog(version)
        .expect("shipped")
        .expect("valid");
    let lang = lang.parse().expect("a language");
    catalog
        .program
        .secondary_notice()
        .expect("a secondary catalog")
        .get(lang)
        .to_string()
}

/// `s` without whitespace and comment marks, so a notice wrapped over comment lines or table
/// cells still matches.
fn flat(s: &str) -> String {
    s.replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '#' && *c != '⏎')
        .collect()
}

fn every_format(file: &str, lang: &str) -> Vec<(&'static str, String)> {
    vec![
        ("terminal", text(report(file, "terminal", lang))),
        ("markdown", text(report(file, "markdown", lang))),
        ("html", text(report(file, "html", lang))),
        ("json", text(report(file, "json", lang))),
        ("csv", text(report(file, "csv", lang))),
        ("docx", docx_text(&report(file, "docx", lang))),
        ("xlsx", {
            let (names, sheets) = xlsx_text(&report(file, "xlsx", lang));
            sheets_text(&names, &sheets)
        }),
    ]
}

#[test]
fn gacc_reports_match_their_golden_files_in_both_languages() {
    let mut failures = Vec::new();
    for (file, stem) in [
        (MIXED, "gacc-advanced-mixed"),
        (FALLS_BACK, "gacc-advanced-falls-back"),
    ] {
        for lang in ["en", "zh-CN"] {
            let suffix = if lang == "en" {
                String::new()
            } else {
                format!(".{lang}")
            };
            for (format, ext) in [
                ("terminal", "txt"),
                ("markdown", "md"),
                ("json", "json"),
                ("csv", "csv"),
            ] {
                let out = text(report(file, format, lang));
                let rel = format!("tests/snapshots/report/{stem}{suffix}.{ext}");
                failures.extend(golden(&rel, &out));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_report_format_carries_the_notice_the_total_and_the_unverified_model() {
    for lang in ["en", "zh-CN"] {
        let wanted = flat(&notice(VERSIONS[0], lang));
        let unverified = if lang == "en" {
            "unverified"
        } else {
            "未经核实"
        };
        let line = if lang == "en" {
            "pass line"
        } else {
            "通过线"
        };
        for (format, out) in every_format(MIXED, lang) {
            let flat_out = flat(&out);
            assert!(
                flat_out.contains(&wanted),
                "{format} ({lang}) lacks the notice"
            );
            assert!(out.contains(line), "{format} ({lang}) lacks the pass line");
            if format != "csv" {
                assert!(
                    out.contains(unverified) || out.contains("\"verified\": false"),
                    "{format} ({lang}) does not say the model is unverified"
                );
            }
            // China Customs' result levels, not C-TPAT's status words.
            if lang == "zh-CN" && format != "json" {
                assert!(out.contains("基本达标"), "{format} lacks 基本达标");
                assert!(!out.contains("部分落实"), "{format} uses C-TPAT's 部分落实");
            }
            for cbp in ["CBP", "C-TPAT 自我评估", "C-TPAT self-assessment"] {
                assert!(!out.contains(cbp), "{format} ({lang}) says {cbp:?}");
            }
        }
    }
}

/// A workbook made for a GACC catalog offers China Customs' words in its drop-down, and
/// reads them back as the statuses they stand for.
#[test]
fn a_gacc_workbook_round_trips_its_result_levels() {
    let dir = tempfile::tempdir().expect("temp dir");
    let book = dir.path().join("aeo.xlsx");
    let back = dir.path().join("aeo.yaml");
    let book_s = book.to_str().expect("UTF-8 path");
    run(&["convert", MIXED, book_s, "--lang", "zh-CN"]);
    let (names, sheets) = xlsx_text(&std::fs::read(&book).expect("written"));
    assert!(sheets_text(&names, &sheets).contains("基本达标"));
    run(&["convert", book_s, back.to_str().expect("UTF-8 path")]);
    let statuses = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| l.trim_start().starts_with("status: "))
            .map(|l| l.trim().to_string())
            .collect()
    };
    let before = std::fs::read_to_string(crate::support::root().join(MIXED)).expect("fixture");
    let after = std::fs::read_to_string(&back).expect("converted back");
    assert_eq!(statuses(&before), statuses(&after));
}

#[test]
fn the_lower_level_opens_the_result_when_the_advanced_one_is_missed() {
    let zh = text(report(FALLS_BACK, "terminal", "zh-CN"));
    assert!(
        zh.lines()
            .any(|l| l == "参考结论：认证企业（高级认证企业未达到）"),
        "{zh}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&report(FALLS_BACK, "json", "en")).expect("JSON");
    let lower = &json["grade"]["lower"];
    assert_eq!(lower["version"], "gacc-aeo-2026-certified");
    assert_eq!(lower["gates_hold"], true);
    assert_eq!(json["grade"]["gates_hold"], false);
    assert_eq!(json["grade"]["model"]["verified"], false);
    assert_eq!(json["programme"], "gacc-aeo");
}

#[test]
fn criteria_commands_and_init_carry_the_notice_in_both_languages() {
    for lang in ["en", "zh-CN"] {
        let versions = flat(&text(run(&["criteria", "versions", "--lang", lang])));
        for version in VERSIONS {
            let wanted = flat(&notice(version, lang));
            assert!(
                versions.contains(&wanted),
                "criteria versions lacks {version}'s notice"
            );
            let outputs = [
                (
                    "list",
                    run(&["criteria", "list", "--version", version, "--lang", lang]),
                ),
                (
                    "list --entity",
                    run(&[
                        "criteria",
                        "list",
                        "--version",
                        version,
                        "--entity",
                        "foreign_manufacturer",
                        "--lang",
                        lang,
                    ]),
                ),
                (
                    "show",
                    run(&[
                        "criteria",
                        "show",
                        "(1)",
                        "--version",
                        version,
                        "--lang",
                        lang,
                    ]),
                ),
                (
                    "init",
                    run(&[
                        "init",
                        "--entity",
                        "foreign_manufacturer",
                        "--version",
                        version,
                        "--lang",
                        lang,
                        "--output",
                        "-",
                    ]),
                ),
            ];
            for (what, out) in outputs {
                assert!(
                    flat(&text(out)).contains(&wanted),
                    "{what} ({version}, {lang}) lacks the notice"
                );
            }
            let book = run(&[
                "init",
                "--entity",
                "foreign_manufacturer",
                "--version",
                version,
                "--lang",
                lang,
                "--format",
                "xlsx",
                "--output",
                "-",
            ]);
            let (names, sheets) = xlsx_text(&book);
            let book = sheets_text(&names, &sheets);
            assert!(
                flat(&book).contains(&wanted),
                "init --format xlsx ({version}, {lang}) lacks the notice"
            );
            if lang == "zh-CN" {
                assert!(book.contains("通用"), "the workbook says Must, not 通用");
            }
        }
        let diff = flat(&text(run(&[
            "criteria",
            "diff",
            VERSIONS[0],
            VERSIONS[1],
            "--lang",
            lang,
        ])));
        assert!(
            diff.contains(&flat(&notice(VERSIONS[0], lang))),
            "diff lacks the notice"
        );
    }
}
