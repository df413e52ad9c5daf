//! `ctpat assess` end to end: every shipped example, the exit codes, and each bad input.

use crate::support::{ctpat, fixture, stdout_json};

fn assess_json(path: &str) -> serde_json::Value {
    stdout_json(ctpat().args(["assess", "--answers", path, "--format", "json"]))
}

fn stderr_of(args: &[&str], code: i32) -> String {
    let out = ctpat().args(args).assert().code(code);
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

#[test]
fn examples_reach_the_tiers_their_names_promise() {
    for (file, tier) in [
        ("examples/importer-not-ready.yaml", "not_ready"),
        ("examples/importer-tier1.yaml", "tier_1"),
        ("examples/importer-tier2.yaml", "tier_2"),
        ("examples/importer-tier3.yaml", "tier_3"),
        ("examples/foreign-manufacturer-cn.yaml", "not_ready"),
    ] {
        let report = assess_json(file);
        assert_eq!(report["format"], "ctpat-report/1", "{file}");
        assert_eq!(report["tier"]["id"], tier, "{file}");
        assert_eq!(report["criteria"]["version"], "2023.01", "{file}");
    }
}

#[test]
fn bad_answers_exit_2_with_a_located_error_and_a_hint() {
    for (name, code, at, hint) in [
        (
            "unknown-criterion",
            "unknown-criterion",
            ":7:3:",
            "did you mean \"5.29\"?",
        ),
        (
            "unknown-status",
            "unknown-status",
            ":6:20:",
            "use one of: implemented",
        ),
        (
            "unknown-entity",
            "unknown-entity",
            ":4:11:",
            "did you mean `importer`?",
        ),
        ("wrong-format", "wrong-format", ":1:9:", "ctpat-answers/1"),
        (
            "unshipped-criteria-version",
            "unknown-criteria-version",
            ":2:19:",
            "2020.03, 2023.01",
        ),
        (
            "na-must-without-note",
            "na-without-note",
            ":6:20:",
            "add a `note:`",
        ),
        (
            "duplicate-key",
            "duplicate-key",
            ":7:3:",
            "keep one of them",
        ),
        (
            "misspelt-field",
            "unknown-field",
            ":6:33:",
            "did you mean `evidence`?",
        ),
        (
            "criteria-file-given-as-answers",
            "wrong-format",
            ":1:9:",
            "--criteria",
        ),
        ("not-yaml", "yaml-syntax", ":4:11:", "YAML syntax"),
        ("empty", "empty-file", ": error", "ctpat init --entity"),
    ] {
        let path = fixture(&format!("answers/{name}.yaml"));
        let err = stderr_of(&["assess", "--answers", &path], 2);
        assert!(err.contains(&format!("error[{code}]")), "{name}: {err}");
        assert!(err.contains(&format!("{name}.yaml{at}")), "{name}: {err}");
        assert!(err.contains(hint), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
}

#[test]
fn json_report_holds_the_contract_fields_with_musts_before_shoulds() {
    let report = assess_json("examples/importer-not-ready.yaml");
    assert_eq!(report["company"]["name"], "Sunbelt Kitchenware Trading Co.");
    assert_eq!(report["company"]["entity"], "importer");
    assert_eq!(report["tier"]["id"], "not_ready");
    assert!(report["tier"]["reasons"]
        .as_array()
        .is_some_and(|r| !r.is_empty()));
    assert_eq!(report["tier"]["next"]["id"], "tier_1");
    let blockers = report["tier"]["next"]["blockers"]
        .as_array()
        .expect("blockers");
    assert!(blockers.iter().any(|b| b["criterion"] == "3.9"));
    assert!(report["score"]["percent"].is_number());
    assert_eq!(report["categories"].as_array().map(Vec::len), Some(12));
    let gaps = report["gaps"].as_array().expect("gaps");
    for g in gaps {
        for key in ["id", "requirement", "status", "category"] {
            assert!(!g[key].is_null(), "gap lacks {key}: {g}");
        }
    }
    let first_should = gaps
        .iter()
        .position(|g| g["requirement"] == "should")
        .expect("some Should gaps");
    assert!(gaps[..first_should]
        .iter()
        .all(|g| g["requirement"] == "must"));
    assert!(gaps[first_should..]
        .iter()
        .all(|g| g["requirement"] == "should"));
    // Unanswered criteria are gaps reported as unanswered.
    assert!(gaps
        .iter()
        .any(|g| g["id"] == "5.1" && g["status"] == "unanswered"));
}

#[test]
fn scores_are_reproducible_to_the_byte() {
    let run = || {
        ctpat()
            .args([
                "assess",
                "--answers",
                "examples/importer-tier2.yaml",
                "--format",
                "json",
            ])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    assert_eq!(run(), run());
}

#[test]
fn terminal_output_lists_tier_reasons_and_gaps_musts_first() {
    let out = ctpat()
        .args(["assess", "--answers", "examples/importer-tier1.yaml"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        text.contains("Midwest Fastener Distributors Corp."),
        "{text}"
    );
    assert!(
        text.contains("Tier 1 (ready to apply for certification)"),
        "{text}"
    );
    assert!(text.contains("Tier 2 (ready for CBP validation)"), "{text}");
    // Musts lacking evidence block Tier 2 and are named.
    assert!(text.contains("1.4"), "{text}");
    let must = text.find("MUST").expect("a Must gap row or badge");
    let should = text.rfind("SHOULD").expect("a Should gap row");
    assert!(must < should, "{text}");
}

#[test]
fn chinese_output_translates_headings_and_criteria() {
    let out = ctpat()
        .args([
            "assess",
            "--answers",
            "examples/foreign-manufacturer-cn.yaml",
            "--lang",
            "zh-CN",
        ])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for s in [
        "评估结论",
        "尚未就绪",
        "差距清单",
        "社会责任合规与强迫劳动防范",
    ] {
        assert!(text.contains(s), "missing {s}:\n{text}");
    }
    // CBP tiers are for importers; a factory is told so.
    assert!(text.contains("CBP 的一至三级仅授予进口商"), "{text}");
}

#[test]
fn fail_under_exits_1_below_and_0_at_or_above_the_threshold() {
    let code = |file: &str, tier: &str| {
        ctpat()
            .args([
                "assess",
                "--answers",
                file,
                "--format",
                "json",
                "--fail-under",
                tier,
            ])
            .output()
            .expect("runs")
            .status
            .code()
    };
    assert_eq!(code("examples/importer-tier1.yaml", "tier_2"), Some(1));
    assert_eq!(code("examples/importer-tier2.yaml", "tier_2"), Some(0));
    assert_eq!(code("examples/importer-tier3.yaml", "tier_3"), Some(0));
    assert_eq!(code("examples/importer-not-ready.yaml", "tier_1"), Some(1));
    let err = stderr_of(
        &[
            "assess",
            "--answers",
            "examples/importer-tier1.yaml",
            "--fail-under",
            "tier_9",
        ],
        2,
    );
    assert!(err.contains("tier_1, tier_2, tier_3"), "{err}");
}

#[test]
fn output_is_written_and_never_overwritten_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("report.json");
    let p = path.to_string_lossy().into_owned();
    let args = [
        "assess",
        "--answers",
        "examples/importer-tier3.yaml",
        "--format",
        "json",
        "--output",
        &p,
    ];
    ctpat().args(args).assert().success().stdout("");
    let first = std::fs::read_to_string(&path).expect("written");
    assert!(first.contains("\"tier_3\""));
    std::fs::write(&path, "keep me").expect("overwrite for test");
    let err = stderr_of(&args, 2);
    assert!(err.contains("--force"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).expect("still there"),
        "keep me"
    );
    let mut forced = args.to_vec();
    forced.push("--force");
    ctpat().args(forced).assert().success();
    assert_eq!(std::fs::read_to_string(&path).expect("replaced"), first);
    // No temporary files are left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn invalid_answers_never_leave_an_output_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("report.json");
    let answers = fixture("answers/unknown-status.yaml");
    ctpat()
        .args([
            "assess",
            "--answers",
            &answers,
            "--output",
            &path.to_string_lossy(),
        ])
        .assert()
        .code(2);
    assert!(!path.exists());
    assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0);
}

#[test]
fn an_answer_for_a_criterion_outside_the_entity_is_a_warning_only() {
    let out = ctpat()
        .args([
            "assess",
            "--answers",
            &fixture("answers/not-applicable-to-entity.yaml"),
            "--format",
            "json",
        ])
        .assert()
        .success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("warning[not-applicable-to-entity]"), "{err}");
    assert!(err.contains(":7:3:"), "{err}");
    let report: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).expect("json");
    assert!(report["gaps"]
        .as_array()
        .expect("gaps")
        .iter()
        .all(|g| g["id"] != "7.35"));
}

#[test]
fn answers_that_are_not_utf8_are_rejected_with_their_location() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("gbk.yaml");
    // "company: 深圳" in GBK, not UTF-8.
    std::fs::write(
        &path,
        b"format: ctpat-answers/1\ncompany:\n  name: \xc9\xee\xdb\xda\n  entity: importer\n",
    )
    .expect("write");
    let err = stderr_of(&["assess", "--answers", &path.to_string_lossy()], 2);
    assert!(err.contains("gbk.yaml:3:"), "{err}");
    assert!(err.contains("UTF-8"), "{err}");
}

#[test]
fn answers_can_come_from_standard_input() {
    let text = std::fs::read_to_string(crate::support::root().join("examples/importer-tier2.yaml"))
        .expect("example");
    let out = ctpat()
        .args(["assess", "--answers", "-", "--format", "json"])
        .write_stdin(text)
        .assert()
        .success();
    let report: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).expect("json");
    assert_eq!(report["tier"]["id"], "tier_2");
}

#[test]
fn version_2020_scores_3_9_as_a_should() {
    let text = std::fs::read_to_string(crate::support::root().join("examples/importer-tier2.yaml"))
        .expect("example")
        .replace(
            "criteria_version: \"2023.01\"",
            "criteria_version: \"2020.03\"",
        )
        .replace(
            "  \"3.9\":\n    status: implemented",
            "  \"3.9\":\n    status: partial",
        );
    let (_dir, path) = crate::support::write_temp("2020.yaml", &text);
    let report = assess_json(&path);
    assert_eq!(report["criteria"]["version"], "2020.03");
    // 3.9 partial is only a Should gap in 2020.03, so the company stays at Tier 2.
    assert_eq!(report["tier"]["id"], "tier_2");
    let gap = report["gaps"]
        .as_array()
        .expect("gaps")
        .iter()
        .find(|g| g["id"] == "3.9")
        .cloned()
        .expect("3.9 is a gap");
    assert_eq!(gap["requirement"], "should");
    // The same answers against 2023.01 are not ready.
    let text_2023 = text.replace(
        "criteria_version: \"2020.03\"",
        "criteria_version: \"2023.01\"",
    );
    let (_dir2, path2) = crate::support::write_temp("2023.yaml", &text_2023);
    assert_eq!(assess_json(&path2)["tier"]["id"], "not_ready");
}

#[test]
fn no_answers_and_no_terminal_exits_2_with_a_hint() {
    let err = stderr_of(&["assess"], 2);
    assert!(err.contains("--answers"), "{err}");
}
