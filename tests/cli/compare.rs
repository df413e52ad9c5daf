//! `ctpat compare`: two answers files of a company, what regressed and what improved, across
//! criteria versions, in every format and both languages, with its exit codes.
//!
//! Golden files live in `tests/snapshots/compare/`; regenerate them after an intended change
//! with `CTPAT_BLESS=1 cargo test --test cli compare` and review the diff.

use crate::support::{ctpat, fixture, stdout_json, write_temp};
use serde_json::Value;

const NOT_READY: &str = "examples/importer-not-ready.yaml";
const TIER1: &str = "examples/importer-tier1.yaml";
const TIER2: &str = "examples/importer-tier2.yaml";
const FACTORY: &str = "examples/foreign-manufacturer-cn.yaml";
const NOT_READY_2020: &str = "compare/importer-not-ready-2020.03.yaml";

fn json(old: &str, new: &str) -> Value {
    stdout_json(ctpat().args(["compare", old, new, "--format", "json"]))
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("a list of ids")
        .iter()
        .map(|x| x.as_str().expect("an id").to_string())
        .collect()
}

fn stdout(args: &[&str]) -> String {
    let out = ctpat().args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8")
}

#[test]
fn tier1_to_tier2_pins_tier_score_and_buckets() {
    let d = json(TIER1, TIER2);
    assert_eq!(d["format"], "ctpat-compare/1");
    assert_eq!(d["tier"]["old"], "tier_1");
    assert_eq!(d["tier"]["new"], "tier_2");
    assert_eq!(d["tier"]["change"], 1);
    assert_eq!(d["score"]["old"], 98.4);
    assert_eq!(d["score"]["new"], 98.6);
    assert_eq!(d["score"]["change"], 0.2);
    // Three Shoulds slipped while four improved: the Musts held.
    assert_eq!(ids(&d["regressed"]), ["4.4", "4.11", "9.11"]);
    assert_eq!(ids(&d["improved"]), ["2.4", "4.12", "5.5", "7.4"]);
    for empty in [
        "newly_answered",
        "no_longer_answered",
        "added",
        "removed",
        "evidence_aged_out",
        "waivers_expired",
    ] {
        assert_eq!(ids(&d[empty]), Vec::<String>::new(), "{empty}");
    }
    assert_eq!(
        d["split"],
        Value::Null,
        "one criteria version: nothing to split"
    );
    assert_eq!(d["provisional"], false);
    assert_eq!(d["coverage_notice"], Value::Null);
    let one = d["standings"]
        .as_array()
        .expect("standings")
        .iter()
        .find(|s| s["id"] == "4.11")
        .expect("4.11");
    assert_eq!(one["old"], "implemented");
    assert_eq!(one["new"], "partial");
    assert_eq!(one["requirement"], "should");
    for side in ["old", "new"] {
        let m = &d["manifest"][side];
        assert_eq!(m["criteria_version"], "2023.01");
        assert_eq!(m["answers_sha256"].as_str().map(str::len), Some(64), "{m}");
        assert_eq!(m["criteria_sha256"].as_str().map(str::len), Some(64), "{m}");
    }
    assert_eq!(d["manifest"]["old"]["file"], TIER1);
}

#[test]
fn not_ready_to_tier1_pins_the_buckets_with_musts_first() {
    let d = json(NOT_READY, TIER1);
    assert_eq!(
        (&d["tier"]["old"], &d["tier"]["new"]),
        (&"not_ready".into(), &"tier_1".into())
    );
    assert_eq!(ids(&d["regressed"]), ["9.11"]);
    let improved = ids(&d["improved"]);
    assert_eq!(improved.len(), 28);
    assert_eq!(
        improved[..14],
        [
            "2.1", "2.2", "3.9", "4.3", "4.13", "5.1", "5.2", "5.3", "5.4", "5.29", "6.1", "7.23",
            "11.1", "12.1"
        ],
        "the Musts, in catalog order"
    );
    assert_eq!(improved[14], "1.2", "then the Shoulds");
    assert_eq!(
        ids(&d["newly_answered"]),
        ["5.1", "5.2", "5.3", "5.4", "5.29", "5.5", "5.6", "5.8", "5.14", "5.16"]
    );
    assert!(ids(&d["no_longer_answered"]).is_empty());
    // The other way round, the buckets trade places.
    let back = json(TIER1, NOT_READY);
    assert_eq!(ids(&back["improved"]), ["9.11"]);
    assert_eq!(ids(&back["regressed"]), improved);
    assert_eq!(ids(&back["no_longer_answered"]), ids(&d["newly_answered"]));
    assert_eq!(back["tier"]["change"], -1);
}

#[test]
fn fail_on_regression_exits_1_only_when_a_must_regressed() {
    // Only Shoulds regressed: still 0.
    ctpat()
        .args(["compare", TIER1, TIER2, "--fail-on-regression"])
        .assert()
        .code(0);
    ctpat()
        .args(["compare", NOT_READY, TIER1, "--fail-on-regression"])
        .assert()
        .code(0);
    // Without the flag a regression is only reported.
    ctpat().args(["compare", TIER1, NOT_READY]).assert().code(0);
    let out = ctpat()
        .args(["compare", TIER1, NOT_READY, "--fail-on-regression"])
        .args(["--format", "json"])
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("14 Musts regressed: 2.1, 2.2, 3.9,"), "{err}");
    // The report is still written in full.
    let d: Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
    assert_eq!(ids(&d["regressed"]).len(), 28);
    let out = ctpat()
        .args([
            "--lang",
            "zh-CN",
            "compare",
            TIER1,
            NOT_READY,
            "--fail-on-regression",
        ])
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("有 14 项“必须”条款变差：2.1、2.2、3.9、"),
        "{err}"
    );
}

#[test]
fn across_criteria_versions_the_score_change_is_split() {
    let old = fixture(NOT_READY_2020);
    let d = json(&old, TIER1);
    assert_eq!(d["criteria"]["old"], "2020.03");
    assert_eq!(d["criteria"]["new"], "2023.01");
    assert_eq!(d["score"]["old"], 76.3, "3.9 was a Should in 2020.03");
    assert_eq!(d["score"]["new"], 98.4);
    let split = &d["split"];
    assert_eq!(split["migration"], "migrate");
    assert_eq!(split["migrated_tier"], "not_ready");
    assert_eq!(split["migrated_score"], 76.1);
    // 3.9 became a Must: its partial answer carries (to review) and now weighs as a Must's,
    // which costs 0.2 points.
    assert_eq!(split["criteria"], -0.2);
    assert_eq!(split["company"], 22.3);
    assert_eq!(d["score"]["change"], 22.1);
    // The shipped versions differ only in 3.9's requirement: no criterion added or removed.
    assert!(ids(&d["added"]).is_empty() && ids(&d["removed"]).is_empty());
    let three_nine = d["standings"]
        .as_array()
        .expect("standings")
        .iter()
        .find(|s| s["id"] == "3.9")
        .expect("3.9");
    assert_eq!(three_nine["old_requirement"], "should");
    assert_eq!(three_nine["requirement"], "must");
    // The same answers on both versions regress nothing, and the company changed nothing:
    // the whole change is the criteria's.
    let same = json(&old, NOT_READY);
    assert!(ids(&same["regressed"]).is_empty() && ids(&same["improved"]).is_empty());
    assert_eq!(same["split"]["company"], 0.0);
    assert_eq!(same["split"]["criteria"], -0.2);
    assert!(
        split["message"].as_str().is_some_and(|m| m.starts_with(
            "Criteria 2020.03 → 2023.01: of the score change of +22.1 points, +22.3 came from the company's own changes and -0.2 from the change of criteria"
        )),
        "{split}"
    );
    let text = stdout(&["compare", &old, TIER1]);
    for says in [
        "Criteria 2020.03 → 2023.01: of the score change of +22.1 points, +22.3 came from the",
        "Criteria added: none",
        "Criteria removed: none",
    ] {
        assert!(text.contains(says), "{says}:\n{text}");
    }
    // One version: added and removed are not shown at all.
    let text = stdout(&["compare", TIER1, TIER2]);
    assert!(!text.contains("Criteria added"), "{text}");
}

#[test]
fn a_workbook_compares_like_the_yaml_it_was_made_from() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = dir.path().join("tier1.xlsx");
    ctpat()
        .args(["convert", TIER1])
        .arg(&book)
        .assert()
        .success();
    let book = book.to_string_lossy().into_owned();
    let from_book = json(&book, TIER2);
    let from_yaml = json(TIER1, TIER2);
    for key in ["tier", "score", "regressed", "improved", "standings"] {
        assert_eq!(from_book[key], from_yaml[key], "{key}");
    }
}

#[test]
fn a_provisional_list_carries_the_coverage_notice_in_every_format() {
    let d = json(FACTORY, FACTORY);
    assert_eq!(d["provisional"], true);
    let notice = d["coverage_notice"].as_str().expect("a notice");
    assert!(notice.contains("--tailoring"), "{notice}");
    assert!(ids(&d["regressed"]).is_empty() && ids(&d["improved"]).is_empty());
    assert!(d["tier"]["old_name"]
        .as_str()
        .is_some_and(|n| n.contains("provisional")));
    let text = stdout(&["compare", FACTORY, FACTORY]);
    assert!(text.contains("Provisional result: "), "{text}");
    let md = stdout(&["compare", FACTORY, FACTORY, "--format", "markdown"]);
    assert!(md.contains("> **Provisional result**: "), "{md}");
    let zh = stdout(&["--lang", "zh-CN", "compare", FACTORY, FACTORY]);
    assert!(zh.contains("暂定结果："), "{zh}");
    // An importer's list is final: no notice.
    let text = stdout(&["compare", TIER1, TIER2]);
    assert!(!text.contains("Provisional"), "{text}");
}

#[test]
fn bad_input_exits_2_with_a_located_finding() {
    let (_dir, bad) = write_temp(
        "bad.yaml",
        "format: ctpat-answers/1\ncompany: {name: X, entity: importer}\nanswers:\n  \"1.1\": {status: done}\n",
    );
    let out = ctpat().args(["compare", TIER1, &bad]).assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("bad.yaml:4:"), "{err}");
    assert!(err.contains("unknown-status"), "{err}");
    assert!(out.get_output().stdout.is_empty());
    let out = ctpat()
        .args(["compare", "missing.yaml", TIER1])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("missing.yaml"), "{err}");
    let out = ctpat().args(["compare", FACTORY, TIER1]).assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("the same entity type"), "{err}");
    ctpat().args(["compare", "-", "-"]).assert().code(2);
    ctpat().args(["compare", TIER1]).assert().code(2);
}

#[test]
fn output_goes_to_a_file_and_is_never_overwritten_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("changes.md");
    let run = |extra: &[&str]| {
        let mut cmd = ctpat();
        cmd.args(["compare", TIER1, TIER2, "--format", "markdown", "--output"])
            .arg(&path)
            .args(extra);
        cmd
    };
    run(&[]).assert().success().stdout("");
    let written = std::fs::read_to_string(&path).expect("written");
    assert!(
        written.starts_with("# C-TPAT assessments compared: "),
        "{written}"
    );
    std::fs::write(&path, "mine").expect("write");
    run(&[]).assert().code(2);
    assert_eq!(std::fs::read_to_string(&path).expect("kept"), "mine");
    run(&["--force"]).assert().success();
    assert_eq!(std::fs::read_to_string(&path).expect("replaced"), written);
}

#[test]
fn the_json_satisfies_the_compare_schema() {
    let schema = stdout_json(ctpat().args(["schema", "compare"]));
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for (old, new) in [
        (TIER1.to_string(), TIER2.to_string()),
        (fixture(NOT_READY_2020), TIER1.to_string()),
        (FACTORY.to_string(), FACTORY.to_string()),
    ] {
        let d = json(&old, &new);
        let errors: Vec<String> = validator.iter_errors(&d).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{old} → {new}: {errors:?}");
    }
}

#[test]
fn markdown_and_json_match_their_golden_files_in_both_languages() {
    let old = fixture(NOT_READY_2020);
    let mut failures = Vec::new();
    for (name, args) in [
        ("tier1-to-tier2", [TIER1, TIER2]),
        ("not-ready-2020.03-to-tier1", [old.as_str(), TIER1]),
    ] {
        for lang in ["en", "zh-CN"] {
            for (format, ext) in [("markdown", "md"), ("json", "json"), ("terminal", "txt")] {
                let text = stdout(&[
                    "--lang", lang, "compare", args[0], args[1], "--format", format,
                ]);
                let suffix = if lang == "en" { "" } else { ".zh-CN" };
                let rel = format!("tests/snapshots/compare/{name}{suffix}.{ext}");
                failures.extend(crate::report::golden(&rel, &text));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn chinese_output_is_chinese() {
    let text = stdout(&["--lang", "zh-CN", "compare", NOT_READY, TIER1]);
    for says in [
        "C-TPAT 自我评估对比",
        "变差（1）",
        "改进（28）",
        "新作答（10）",
        "不再作答：无",
        "复核信息",
    ] {
        assert!(text.contains(says), "{says}:\n{text}");
    }
    for english in ["Regressed", "Improved", "Before", "Manifest", "compare:"] {
        assert!(!text.contains(english), "{english}:\n{text}");
    }
    let d = stdout_json(ctpat().args([
        "--lang", "zh-CN", "compare", NOT_READY, TIER1, "--format", "json",
    ]));
    assert_eq!(d["lang"], "zh-CN");
    assert_eq!(d["tier"]["new_name"], "一级（可申请认证）");
    assert_eq!(d["tier"]["new"], "tier_1", "ids stay ids");
}

#[test]
fn escape_sequences_in_a_company_name_never_reach_the_terminal() {
    let text = std::fs::read_to_string(crate::support::root().join(TIER1)).expect("example");
    let hostile = text.replace(
        "name: Midwest Fastener Distributors Corp.",
        "name: \"Evil\\e[2J\\e]0;owned\\a | <b>Co</b>\"",
    );
    assert_ne!(hostile, text);
    let (_dir, path) = write_temp("hostile.yaml", &hostile);
    for format in ["terminal", "markdown"] {
        let out = stdout(&["compare", &path, TIER2, "--format", format]);
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}'),
            "{format}: {out}"
        );
        assert!(out.contains("Evil"), "{format}: {out}");
    }
    let md = stdout(&["compare", &path, TIER2, "--format", "markdown"]);
    assert!(md.contains("\\| &lt;b&gt;Co&lt;/b&gt;"), "{md}");
}

#[test]
fn the_markdown_parses_into_one_table_per_non_empty_list() {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    for lang in ["en", "zh-CN"] {
        let md = stdout(&[
            "--lang", lang, "compare", NOT_READY, TIER1, "--format", "markdown",
        ]);
        let (mut tables, mut rows, mut headings) = (0, 0, 0);
        for event in Parser::new_ext(&md, Options::ENABLE_TABLES) {
            match event {
                Event::Start(Tag::Table(_)) => tables += 1,
                Event::End(TagEnd::TableRow) => rows += 1,
                Event::Start(Tag::Heading { .. }) => headings += 1,
                _ => {}
            }
        }
        // Summary, regressed, improved and newly answered; "no longer answered" is empty.
        assert_eq!(tables, 4, "{lang}:\n{md}");
        assert_eq!(rows, 3 + 1 + 28 + 10, "{lang}: body rows");
        // Title, summary, four lists, manifest.
        assert_eq!(headings, 7, "{lang}:\n{md}");
    }
}
