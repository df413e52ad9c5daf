//! Questionnaire workbooks read as answers files, end to end: workbooks written by openpyxl,
//! re-saved by LibreOffice and shaped as WPS Office writes them score exactly as the same
//! answers in YAML; every command that reads answers reads them; problems name the sheet and
//! cell in every output format; hostile workbooks are refused with exit 2 in bounded time.
//! The fixtures come from tests/fixtures/workbook/make.py.

use crate::support::{ctpat, ctpat_in, fixture, root};
use std::time::{Duration, Instant};

const EXAMPLE: &str = "examples/foreign-manufacturer-cn.yaml";

fn book(name: &str) -> String {
    fixture(&format!("workbook/{name}.xlsx"))
}

/// The JSON report of `assess --answers PATH`, with the answers file's hash blanked (the only
/// field that may differ between two files holding the same answers).
fn scored(path: &str) -> serde_json::Value {
    let out = ctpat()
        .args(["assess", "--format", "json", "--answers", path])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{path}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    report["manifest"]["answers_sha256"] = serde_json::Value::Null;
    report
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = ctpat().args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn workbooks_from_real_programs_score_exactly_as_the_same_answers_in_yaml() {
    let yaml = scored(EXAMPLE);
    assert_eq!(yaml["counts"]["applicable"], 97);
    // openpyxl; LibreOffice's re-save (shared strings, relative paths); WPS Office's shape
    // (absolute paths, inline strings, no or a wrong dimension); columns in another order.
    for name in ["openpyxl", "libreoffice", "wps-like", "reordered"] {
        let report = scored(&book(name));
        // Every answer, evidence item, note, owner, due date (typed four ways) and best
        // practice: the whole report is the same.
        assert_eq!(report, yaml, "{name}");
    }
}

#[test]
fn a_workbook_is_told_by_its_content_not_its_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let renamed = dir.path().join("answers.yaml");
    std::fs::copy(root().join(book("openpyxl")), &renamed).expect("copy");
    let as_yaml = dir.path().join("answers.xlsx");
    std::fs::copy(root().join(EXAMPLE), &as_yaml).expect("copy");
    let expected = scored(EXAMPLE);
    for path in [&renamed, &as_yaml] {
        assert_eq!(scored(&path.display().to_string()), expected, "{path:?}");
    }
}

#[test]
fn report_writes_a_workbooks_report_like_the_yamls() {
    let (code, from_book, err) = run(&["report", &book("libreoffice"), "--format", "markdown"]);
    assert_eq!(code, 0, "{err}");
    let (_, from_yaml, _) = run(&["report", EXAMPLE, "--format", "markdown"]);
    let without_hash = |s: &str| {
        s.lines()
            .filter(|l| !l.contains("SHA-256"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(without_hash(&from_book), without_hash(&from_yaml));
    assert!(from_book.contains("深圳示例电子有限公司"), "{from_book}");
}

#[test]
fn batch_picks_up_workbooks_beside_yaml_and_skips_lock_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let clients = dir.path().join("clients");
    std::fs::create_dir(&clients).expect("mkdir");
    std::fs::copy(root().join(EXAMPLE), clients.join("a-yaml.yaml")).expect("copy");
    std::fs::copy(root().join(book("wps-like")), clients.join("b-book.xlsx")).expect("copy");
    // The lock file Excel and WPS leave beside an open workbook: never a client.
    std::fs::write(clients.join("~$b-book.xlsx"), b"\x0bLi Wei  ").expect("lock file");
    let out = ctpat_in(dir.path())
        .args(["batch", "clients", "--out", "out"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let summary: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("out/summary.json")).expect("summary"),
    )
    .expect("JSON");
    assert_eq!(summary["totals"]["files"], 2, "{summary}");
    assert_eq!(summary["totals"]["scored"], 2, "{summary}");
    let clients = summary["clients"].as_array().expect("clients");
    let paths: Vec<&str> = clients.iter().filter_map(|c| c["path"].as_str()).collect();
    assert!(
        paths.iter().any(|p| p.ends_with("b-book.xlsx")),
        "{paths:?}"
    );
    assert!(!paths.iter().any(|p| p.contains("~$")), "{paths:?}");
    let scores: Vec<&serde_json::Value> = clients.iter().map(|c| &c["score"]).collect();
    assert_eq!(scores[0], scores[1], "{summary}");
}

#[test]
fn problems_name_the_sheet_and_cell_with_the_yaml_codes() {
    let path = book("mistakes");
    let (code, _, err) = run(&["assess", "--answers", &path]);
    assert_eq!(code, 2, "{err}");
    for line in [
        "mistakes.xlsx:Answers!E5: error[unknown-status]: unknown status `done` for 1.1",
        "mistakes.xlsx:Answers!I6: error[bad-date]: `next spring` is not a date",
        "mistakes.xlsx:Answers!E7: error[na-without-note]: 1.3 is a Must",
        "mistakes.xlsx:Answers!A122: error[unknown-criterion]: criterion 99.1 is not in criteria version 2023.01",
    ] {
        assert!(err.contains(line), "{line}\n{err}");
    }
    // In Chinese: the same frame, the words translated.
    let (code, _, err) = run(&["assess", "--lang", "zh-CN", "--answers", &path]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "mistakes.xlsx:Answers!E5: error[unknown-status]: 条款 1.1 的状态 `done` 无法识别"
        ),
        "{err}"
    );
}

#[test]
fn an_id_typed_as_a_number_is_refused_not_read_as_another_criterion() {
    let (code, _, err) = run(&["assess", "--answers", &book("numeric-id")]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("numeric-id.xlsx:Answers!A121: error[workbook-numeric-id]: the ID cell holds the number 12.1"),
        "{err}"
    );
}

#[test]
fn validate_locates_cells_in_every_output_format() {
    let path = book("mistakes");
    let (code, human, _) = run(&["validate", &path]);
    assert_eq!(code, 1, "{human}");
    assert!(
        human.contains("mistakes.xlsx:Answers!E5: error[unknown-status]"),
        "{human}"
    );

    let (_, json, _) = run(&["validate", "--format", "json", &path]);
    let doc: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let file = &doc["files"][0];
    assert_eq!(file["kind"], "answers");
    let status = file["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["code"] == "unknown-status"))
        .expect("unknown-status finding");
    assert_eq!(status["cell"], "Answers!E5");
    assert_eq!(
        (status["line"].clone(), status["column"].clone()),
        (5.into(), 5.into())
    );

    let (_, sarif, _) = run(&["validate", "--format", "sarif", &path]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif).expect("SARIF");
    let result = sarif["runs"][0]["results"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["ruleId"] == "bad-date"))
        .expect("bad-date result");
    let location = &result["locations"][0];
    assert_eq!(
        location["logicalLocations"][0]["fullyQualifiedName"],
        "Answers!I6"
    );
    assert!(
        result["message"]["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("Answers!I6: ")),
        "{result}"
    );

    // Valid SARIF 2.1.0 (the vendored official schema), rule levels matching the results'.
    let text = std::fs::read_to_string(root().join("tests/fixtures/sarif/sarif-schema-2.1.0.json"))
        .expect("vendored schema");
    // The schema's `run.language` pattern has a stray `]` strict regex engines refuse; ctpat
    // never writes `language`.
    let text = text.replace(
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
        r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#,
    );
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema JSON");
    let validator = jsonschema::draft7::new(&schema).expect("schema compiles");
    let (_, both, _) = run(&[
        "validate",
        "--format",
        "sarif",
        &path,
        &book("external-links"),
    ]);
    let both: serde_json::Value = serde_json::from_str(&both).expect("SARIF");
    let problems: Vec<String> = validator
        .iter_errors(&both)
        .map(|e| e.to_string())
        .collect();
    assert!(problems.is_empty(), "{problems:?}");
    let run0 = &both["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().expect("rules");
    for r in run0["results"].as_array().expect("results") {
        let rule = rules.iter().find(|x| x["id"] == r["ruleId"]).expect("rule");
        assert_eq!(rule["defaultConfiguration"]["level"], r["level"], "{r}");
    }

    let (_, github, _) = run(&["validate", "--format", "github", &path]);
    let line = github
        .lines()
        .find(|l| l.contains("ctpat unknown-criterion"))
        .expect("annotation");
    assert!(!line.contains(",line="), "{line}");
    assert!(line.contains("::Answers!A122: criterion 99.1"), "{line}");

    // A good workbook validates clean.
    let (code, human, _) = run(&["validate", &book("libreoffice")]);
    assert_eq!(code, 0, "{human}");
}

#[test]
fn a_workbook_without_a_stamp_or_with_external_links_is_read_with_a_warning() {
    let expected = scored(EXAMPLE);
    for (name, code) in [
        ("unstamped", "warning[workbook-unstamped]"),
        ("external-links", "warning[workbook-external-links]"),
    ] {
        let path = book(name);
        let (status, _, err) = run(&["assess", "--format", "json", "--answers", &path]);
        assert_eq!(status, 0, "{err}");
        assert!(err.contains(code), "{name}: {err}");
        assert_eq!(scored(&path), expected, "{name}");
    }
}

#[test]
fn a_workbook_for_other_criteria_is_refused_naming_both_versions() {
    let (code, _, err) = run(&["assess", "--answers", &book("other-version")]);
    assert_eq!(code, 2);
    assert!(
        err.contains("other-version.xlsx:ctpat!B2: error[workbook-version-mismatch]: this workbook was made for criteria 2099.01, but the criteria loaded are 2023.01"),
        "{err}"
    );
    assert!(err.contains("ctpat init --output FILE.xlsx"), "{err}");
    let (code, _, err) = run(&["assess", "--answers", &book("other-catalog")]);
    assert_eq!(code, 2);
    assert!(
        err.contains("other-catalog.xlsx:ctpat!B3: error[workbook-catalog-changed]"),
        "{err}"
    );
}

/// Each hostile workbook: its code, exit 2, no report written, and well under the time a hang
/// or an inflated bomb would take (a debug binary on a shared machine).
#[test]
fn hostile_workbooks_are_refused_with_exit_2_in_bounded_time() {
    let cases = [
        ("bomb-declared", "error[workbook-too-large]"),
        ("bomb-lying", "error[workbook-corrupt]"),
        ("million-rows", "error[workbook-too-large]"),
        ("many-cells", "error[workbook-too-many-cells]"),
        ("shared-strings-bomb", "error[workbook-too-large]"),
        ("text-fanout", "error[workbook-too-large]"),
        ("long-cell", "error[workbook-cell-too-long]"),
        ("corrupt", "error[workbook-corrupt]"),
        ("encrypted", "error[workbook-encrypted]"),
        ("legacy", "error[workbook-legacy]"),
        ("opendocument", "error[workbook-opendocument]"),
        ("macros", "error[workbook-macros]"),
        // Cells at A1 and XFD1048576 under a whole-grid dimension: read as two cells (and
        // refused for what they lack), never allocated as a 17-billion-cell range.
        ("huge-dimension", "error[empty-company-name]"),
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, code) in cases {
        let report = dir.path().join(format!("{name}.json"));
        let started = Instant::now();
        let out = ctpat()
            .args([
                "assess",
                "--format",
                "json",
                "--answers",
                &book(name),
                "--output",
            ])
            .arg(&report)
            .output()
            .expect("runs");
        let took = started.elapsed();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(err.contains(code), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(!report.exists(), "{name}: a report was written");
        assert!(took < Duration::from_secs(20), "{name} took {took:?}");
    }
    // The cell limit names the cell where reading stopped.
    let (_, _, err) = run(&["assess", "--answers", &book("many-cells")]);
    assert!(err.contains("many-cells.xlsx:Answers!"), "{err}");
}

#[test]
fn hostile_workbooks_count_as_one_bad_file_in_a_batch() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        root().join(book("bomb-lying")),
        dir.path().join("bomb.xlsx"),
    )
    .expect("copy");
    std::fs::copy(root().join(book("openpyxl")), dir.path().join("good.xlsx")).expect("copy");
    let out = ctpat_in(dir.path())
        .args(["batch", "."])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("bomb.xlsx: error[workbook-corrupt]"), "{err}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("good.xlsx"), "{stdout}");
}

#[test]
fn a_formula_cell_gives_its_cached_value_and_is_never_evaluated() {
    // 1.1's status is `="implemented"`, saved with the cached value `not_implemented`.
    let report = scored(&book("formula"));
    let gap = report["gaps"]
        .as_array()
        .and_then(|g| g.iter().find(|g| g["id"] == "1.1"))
        .expect("1.1 is a gap: the cached value was read");
    assert_eq!(gap["status"], "not_implemented");
    assert_eq!(
        report["counts"]["implemented"].as_u64(),
        scored(EXAMPLE)["counts"]["implemented"]
            .as_u64()
            .map(|n| n - 1)
    );
}

/// The writer and the reader keep one layout contract (src/workbook/mod.rs): the workbook
/// `ctpat convert` writes from an answers file, in either language, scores exactly as the
/// YAML, and a filled workbook taken to YAML, to a workbook and back to YAML is unchanged,
/// the company sheet's optional fields included.
#[test]
fn workbooks_ctpat_writes_read_back_as_the_same_answers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let expected = scored(EXAMPLE);
    for lang in ["en", "zh-CN"] {
        let book = dir.path().join(format!("q-{lang}.xlsx"));
        ctpat()
            .args(["convert", "--lang", lang, EXAMPLE])
            .arg(&book)
            .assert()
            .success();
        let book = book.to_string_lossy().into_owned();
        assert_eq!(scored(&book), expected, "{lang}");
    }

    let first = dir.path().join("first.yaml");
    let again = dir.path().join("again.xlsx");
    let last = dir.path().join("last.yaml");
    ctpat()
        .args(["convert", &book("libreoffice")])
        .arg(&first)
        .assert()
        .success();
    ctpat()
        .arg("convert")
        .args([&first, &again])
        .assert()
        .success();
    ctpat()
        .arg("convert")
        .args([&again, &last])
        .assert()
        .success();
    let first = std::fs::read_to_string(&first).expect("first.yaml");
    assert!(
        first.contains("  facility: \"Plant 2, Bao'an 宝安二厂\""),
        "{first}"
    );
    assert_eq!(std::fs::read_to_string(&last).expect("last.yaml"), first);
}

/// Folders are searched for *.xlsx, and `batch --out` writes portfolio.xlsx (and report
/// workbooks): a second `batch . --out reports` reads its own reports back as no client.
#[test]
fn batch_never_reads_its_own_out_folder_back_as_answers() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(root().join(EXAMPLE), dir.path().join("a.yaml")).expect("copy");
    std::fs::copy(root().join(book("openpyxl")), dir.path().join("b.xlsx")).expect("copy");
    for run in 0..2 {
        let out = ctpat_in(dir.path())
            .args([
                "batch",
                ".",
                "--out",
                "reports",
                "--format",
                "xlsx,json",
                "--force",
            ])
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "run {run}: {stderr}");
        let summary: serde_json::Value = serde_json::from_slice(
            &std::fs::read(dir.path().join("reports/summary.json")).expect("summary"),
        )
        .expect("JSON");
        assert_eq!(summary["totals"]["files"], 2, "run {run}: {summary}");
    }
    assert!(dir.path().join("reports/portfolio.xlsx").exists());
}
