//! `ctpat init`: the answers template loads as all unanswered, speaks the chosen language,
//! takes the company from ctpat.toml, and never overwrites a file without --force.

use crate::support::{ctpat, ctpat_in, stdout_json};

fn template(args: &[&str]) -> String {
    let out = ctpat()
        .args(["init", "--output", "-"])
        .args(args)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8")
}

#[test]
fn init_then_assess_gives_all_unanswered_and_not_ready() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = ctpat_in(dir.path())
        .args(["init", "--entity", "importer"])
        .assert()
        .success();
    let note = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(note.contains("wrote answers.yaml: 93 criteria"), "{note}");
    let text = std::fs::read_to_string(dir.path().join("answers.yaml")).expect("written");
    assert!(text.contains("format: ctpat-answers/1\n"));

    let report = stdout_json(ctpat_in(dir.path()).args([
        "assess",
        "--answers",
        "answers.yaml",
        "--format",
        "json",
    ]));
    assert_eq!(report["tier"]["id"], "not_ready");
    let counts = &report["score"]["counts"];
    let unanswered = report.to_string();
    assert!(
        unanswered.contains("\"unanswered\":93"),
        "all 93 unanswered: {counts}"
    );
}

#[test]
fn the_template_lists_every_applicable_criterion_with_its_guidance() {
    let text = template(&["--entity", "foreign_manufacturer"]);
    let keys = text
        .lines()
        .filter(|l| l.starts_with("  \"") && l.ends_with("\":"))
        .count();
    assert_eq!(keys, 97);
    assert!(text.contains("  # Category 1: Security Vision and Responsibility"));
    assert!(text.contains("[MUST]"));
    assert!(text.contains("[SHOULD]"));
    assert!(text.contains("  # Question: "));
    assert!(text.contains("  # What good looks like: "));
    assert!(text.contains("  # Evidence a validator will ask for:\n  #   - "));
    assert!(
        text.contains("    status:  # implemented | partial | not_implemented | not_applicable\n")
    );
    assert!(text.contains("name: \"YOUR COMPANY'S LEGAL NAME\""));
}

#[test]
fn the_template_speaks_chinese() {
    let text = template(&["--entity", "foreign_manufacturer", "--lang", "zh-CN"]);
    assert!(
        text.contains("# C-TPAT 自我评估答卷：境外生产商（工厂）"),
        "{text}"
    );
    assert!(text.contains("  # 第 1 类：安全愿景与责任"));
    assert!(text.contains("  # 自评问题："));
    assert!(text.contains("  # 良好做法："));
    assert!(text.contains("[必须]"));
    assert!(text.contains("name: \"贵公司法定名称\""));
}

#[test]
fn the_company_comes_from_the_config_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("ctpat.toml"),
        "entity = \"exporter\"\n[company]\nname = \"Acme \\\"West\\\" Ltd.\"\ncountry = \"US\"\nassessor = \"Jordan Alvarez\"\n",
    )
    .expect("write");
    ctpat_in(dir.path()).arg("init").assert().success();
    let report = stdout_json(ctpat_in(dir.path()).args([
        "assess",
        "--answers",
        "answers.yaml",
        "--format",
        "json",
    ]));
    assert_eq!(report["company"]["name"], "Acme \"West\" Ltd.");
    assert_eq!(report["company"]["entity"], "exporter");
    assert_eq!(report["company"]["country"], "US");
    assert_eq!(report["assessor"], "Jordan Alvarez");
}

#[test]
fn init_never_overwrites_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("answers.yaml"), "keep me\n").expect("write");
    let out = ctpat_in(dir.path())
        .args(["init", "--entity", "importer"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("answers.yaml already exists; pass --force"),
        "{err}"
    );
    let kept = std::fs::read_to_string(dir.path().join("answers.yaml")).expect("read");
    assert_eq!(kept, "keep me\n");

    ctpat_in(dir.path())
        .args(["init", "--entity", "importer", "--force", "--quiet"])
        .assert()
        .success()
        .stderr("");
    let written = std::fs::read_to_string(dir.path().join("answers.yaml")).expect("read");
    assert!(written.contains("ctpat-answers/1"));
}

#[test]
fn init_without_an_entity_says_how_to_give_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = ctpat_in(dir.path()).arg("init").assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("pass --entity"), "{err}");
    assert!(err.contains("foreign_manufacturer"), "{err}");
    let out = ctpat_in(dir.path())
        .args(["init", "--lang", "zh-CN"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("未指定企业类型"), "{err}");
    assert!(!dir.path().join("answers.yaml").exists());
}

#[test]
fn a_filled_in_template_scores() {
    let text = template(&["--entity", "importer"]).replacen(
        "status:  # implemented | partial | not_implemented | not_applicable",
        "status: implemented",
        1,
    );
    let (_dir, path) = crate::support::write_temp("answers.yaml", &text);
    let report = stdout_json(ctpat().args(["assess", "--answers", &path, "--format", "json"]));
    assert!(
        report.to_string().contains("\"unanswered\":92"),
        "one answered"
    );
}

#[test]
fn an_empty_status_is_unanswered_but_a_missing_one_is_an_error() {
    let path = crate::support::fixture("answers/status-left-empty.yaml");
    let out = ctpat()
        .args(["assess", "--answers", &path, "--format", "json"])
        .assert()
        .success();
    let report: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
    assert!(report.to_string().contains("\"unanswered\":93"));
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("status-left-empty.yaml:11:3: warning[status-left-empty]"),
        "{err}"
    );

    let path = crate::support::fixture("answers/missing-status.yaml");
    let out = ctpat()
        .args(["assess", "--answers", &path])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains(":6:3: error[missing-status]"), "{err}");
    assert!(
        err.contains("leave it empty to keep the criterion unanswered"),
        "{err}"
    );
}
