//! Tailoring files (`ctpat-tailoring/1`) end to end: given by flag, environment or
//! `ctpat.toml`; recorded and shown in every report format in both languages; used by `init`,
//! `criteria list`/`show`, `batch`; checked by `validate` in every output format.

use crate::support::{ctpat, ctpat_in, root, stdout_json};
use std::path::Path;

const EXAMPLE: &str = "examples/tailoring/exporter-portal-profile.yaml";

/// The ids `criteria list` gives for `entity`, with or without the example tailoring.
fn ids(entity: &str, tailored: bool) -> Vec<String> {
    let mut cmd = ctpat();
    if tailored {
        cmd.args(["--tailoring", EXAMPLE]);
    }
    let json = stdout_json(cmd.args(["criteria", "list", "--entity", entity, "--format", "json"]));
    json["criteria"]
        .as_array()
        .expect("criteria")
        .iter()
        .map(|c| c["id"].as_str().expect("id").to_string())
        .collect()
}

/// An answers file for `entity` with every one of `ids` implemented and evidenced.
fn all_implemented(name: &str, entity: &str, ids: &[String]) -> String {
    let mut text = format!(
        "format: ctpat-answers/1\ncriteria_version: \"2023.01\"\ncompany: {{ name: {name}, entity: {entity} }}\nanswers:\n"
    );
    for id in ids {
        text.push_str(&format!(
            "  \"{id}\": {{ status: implemented, evidence: [\"Procedure {id}\"] }}\n"
        ));
    }
    text
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("folder");
    }
    std::fs::write(&path, text).expect("write");
    path.to_string_lossy().into_owned()
}

fn example_sha256() -> String {
    let text = std::fs::read_to_string(root().join(EXAMPLE)).expect("example");
    ctpat::report::sha256_hex(text.as_bytes())
}

#[test]
fn a_profile_tailoring_lists_the_members_criteria_and_the_house_one() {
    let core = ids("exporter", false);
    let tailored = ids("exporter", true);
    assert_eq!(core.len(), 37, "the shipped exporter list is the core set");
    assert_eq!(tailored.len(), 37 + 26 + 1, "{tailored:?}");
    assert!(tailored.iter().any(|i| i == "ACME-7.1"));
    assert!(core.iter().all(|i| tailored.contains(i)));
    // Other entity types keep their lists.
    assert_eq!(ids("importer", true), ids("importer", false));
    let out = ctpat()
        .args([
            "--tailoring",
            EXAMPLE,
            "criteria",
            "show",
            "ACME-7.1",
            "--lang",
            "zh-CN",
        ])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("装柜过程分四个阶段拍照"), "{text}");
    // The listing says it is tailored, in the table and in JSON.
    let out = ctpat()
        .args([
            "--tailoring",
            EXAMPLE,
            "--lang",
            "zh-CN",
            "criteria",
            "list",
        ])
        .args(["--entity", "exporter"])
        .assert()
        .success();
    let table = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        table.contains(
            "定制: 会员在 CTPAT 门户中的完整安全档案（比 ctpat 的清单多 26 项、少 0 项）"
        ),
        "{table}"
    );
    let json = stdout_json(ctpat().args([
        "--tailoring",
        EXAMPLE,
        "criteria",
        "list",
        "--format",
        "json",
    ]));
    assert_eq!(json["tailoring_sha256"], example_sha256().as_str());
    // `criteria versions` describes the shipped catalogs, untailored.
    let versions = |tailored: bool| {
        let mut cmd = ctpat();
        if tailored {
            cmd.args(["--tailoring", EXAMPLE]);
        }
        let out = cmd.args(["criteria", "versions"]).assert().success();
        String::from_utf8_lossy(&out.get_output().stdout).into_owned()
    };
    assert_eq!(versions(true), versions(false));
    // Without the tailoring the house criterion does not exist.
    ctpat()
        .args(["criteria", "show", "ACME-7.1"])
        .assert()
        .code(2);
}

#[test]
fn with_a_full_profile_the_exporters_coverage_is_the_members_and_the_manifest_names_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let answers = write(
        dir.path(),
        "acme.yaml",
        &all_implemented("ACME Export Co.", "exporter", &ids("exporter", true)),
    );
    let report = stdout_json(ctpat().args([
        "--tailoring",
        EXAMPLE,
        "assess",
        "--answers",
        &answers,
        "--format",
        "json",
    ]));
    assert_eq!(report["criteria"]["coverage"], "member_profile");
    assert_eq!(
        report["tier"]["provisional"], false,
        "the member's own list"
    );
    assert_eq!(
        report["manifest"]["tailoring"],
        "exporter-portal-profile.yaml"
    );
    assert_eq!(
        report["manifest"]["tailoring_sha256"],
        example_sha256().as_str()
    );
    let t = &report["criteria"]["tailoring"];
    assert_eq!(t["profile"], true);
    assert_eq!(t["added"].as_array().map(Vec::len), Some(26));
    assert_eq!(t["to_must"], serde_json::json!(["7.5"]));
    assert_eq!(t["house"], serde_json::json!(["ACME-7.1"]));
    assert_eq!(
        report["tier"]["id"], "tier_2",
        "every criterion is implemented (tier 3 needs best practices too)"
    );
    // The same exporter without the tailoring: ctpat's core list, and nothing recorded.
    let plain = write(
        dir.path(),
        "plain.yaml",
        &all_implemented("ACME Export Co.", "exporter", &ids("exporter", false)),
    );
    let report = stdout_json(ctpat().args(["assess", "--answers", &plain, "--format", "json"]));
    assert_eq!(report["criteria"]["coverage"], "core_only");
    assert_eq!(report["tier"]["provisional"], true, "ctpat's core list");
    assert!(report["criteria"].get("tailoring").is_none());
    assert!(report["manifest"].get("tailoring_sha256").is_none());
}

#[test]
fn every_report_format_says_the_report_is_tailored_in_both_languages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let answers = write(
        dir.path(),
        "acme.yaml",
        &all_implemented("ACME Export Co.", "exporter", &ids("exporter", true)),
    );
    let sha = example_sha256();
    for (lang, says) in [
        (
            "en",
            "the member's full CTPAT Portal profile (+26, −0 against ctpat's list), 1 changed to Must, +1 house criterion",
        ),
        (
            "zh-CN",
            "会员在 CTPAT 门户中的完整安全档案（比 ctpat 的清单多 26 项、少 0 项），1 项改为“必须”，自定条款 1 项",
        ),
    ] {
        for format in ["terminal", "markdown", "html", "json"] {
            let out = ctpat()
                .args(["--tailoring", EXAMPLE, "--lang", lang, "report", &answers])
                .args(["--format", format])
                .assert()
                .success();
            let text = String::from_utf8_lossy(&out.get_output().stdout)
                .replace("&#39;", "'")
                .replace("&#x27;", "'");
            assert!(text.contains(says), "{lang} {format}:\n{text}");
            if format != "terminal" {
                assert!(text.contains(&sha), "{lang} {format} lacks the hash");
            }
        }
    }
}

#[test]
fn the_tailoring_comes_from_the_environment_or_the_config_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let example = std::fs::read_to_string(root().join(EXAMPLE)).expect("example");
    write(dir.path(), "clients/acme/profile.yaml", &example);
    write(
        dir.path(),
        "clients/acme/ctpat.toml",
        "tailoring = \"profile.yaml\"\n",
    );
    let answers = write(
        dir.path(),
        "acme.yaml",
        &all_implemented("ACME Export Co.", "exporter", &ids("exporter", true)),
    );
    // ctpat.toml: the path is taken from the file's folder, not the working folder.
    let report = stdout_json(ctpat_in(dir.path()).args([
        "--config",
        "clients/acme/ctpat.toml",
        "assess",
        "--answers",
        &answers,
        "--format",
        "json",
    ]));
    assert_eq!(report["manifest"]["tailoring"], "profile.yaml");
    assert_eq!(report["criteria"]["coverage"], "member_profile");
    let shown = stdout_json(ctpat_in(dir.path()).args([
        "--config",
        "clients/acme/ctpat.toml",
        "config",
        "show",
        "--format",
        "json",
    ]));
    let setting = &shown["settings"]["tailoring"];
    assert!(
        setting["value"]
            .as_str()
            .is_some_and(|v| v.ends_with("clients/acme/profile.yaml")),
        "{setting}"
    );
    // CTPAT_TAILORING.
    let report = stdout_json(ctpat().env("CTPAT_TAILORING", EXAMPLE).args([
        "assess",
        "--answers",
        &answers,
        "--format",
        "json",
    ]));
    assert_eq!(
        report["manifest"]["tailoring_sha256"],
        example_sha256().as_str()
    );
    // Without any, the house criterion's answer is unknown: the answers need the tailoring.
    let out = ctpat()
        .args(["assess", "--answers", &answers])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("error[unknown-criterion]"), "{err}");
    assert!(
        err.contains("house criterion of a tailoring file: give that file with --tailoring FILE"),
        "{err}"
    );
}

#[test]
fn init_writes_the_tailored_list_and_the_template_assesses_with_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("answers.yaml");
    let path = path.to_string_lossy().into_owned();
    ctpat()
        .args(["--tailoring", EXAMPLE, "init", "--entity", "exporter"])
        .args(["--output", &path])
        .assert()
        .success();
    let text = std::fs::read_to_string(&path).expect("template");
    assert!(text.contains("64 criteria apply"), "{text}");
    assert!(text.contains("\"ACME-7.1\":"), "{text}");
    assert!(
        text.contains("--tailoring"),
        "the template says how to assess it"
    );
    ctpat()
        .args(["--tailoring", EXAMPLE, "validate", &path])
        .assert()
        .success();
}

#[test]
fn batch_applies_the_tailoring_to_every_client_of_its_entity_type() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tailored = ids("exporter", true);
    write(
        dir.path(),
        "in/acme.yaml",
        &all_implemented("ACME Export Co.", "exporter", &tailored),
    );
    write(
        dir.path(),
        "in/beta.yaml",
        &all_implemented("Beta Export Ltd.", "exporter", &tailored),
    );
    write(
        dir.path(),
        "in/gamma.yaml",
        &all_implemented("Gamma Imports", "importer", &ids("importer", false)),
    );
    let out = dir.path().join("out");
    ctpat()
        .args(["--tailoring", EXAMPLE, "batch"])
        .arg(dir.path().join("in"))
        .arg("--out")
        .arg(&out)
        .args(["--format", "json"])
        .assert()
        .success();
    let mut seen = 0;
    for entry in walk(&out) {
        if entry.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let report: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&entry).expect("read")).expect("JSON");
        if report["format"] != "ctpat-report/1" {
            continue;
        }
        seen += 1;
        assert_eq!(
            report["manifest"]["tailoring_sha256"],
            example_sha256().as_str()
        );
        let coverage = &report["criteria"]["coverage"];
        match report["company"]["entity"].as_str() {
            Some("exporter") => {
                assert_eq!(coverage, "member_profile");
                assert_eq!(report["criteria"]["tailoring"]["profile"], true);
            }
            Some("importer") => {
                assert_eq!(coverage, "cross_checked");
                assert_eq!(report["criteria"]["tailoring"]["profile"], false);
                assert_eq!(
                    report["criteria"]["tailoring"]["house"],
                    serde_json::json!([])
                );
            }
            other => panic!("unexpected entity {other:?}"),
        }
    }
    assert_eq!(seen, 3, "one report per client");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn validate_checks_tailoring_files_in_every_output_format() {
    let bad = "tests/fixtures/validate/outside-namespace.yaml";
    let out = ctpat()
        .args(["validate", "--format", "json", EXAMPLE, bad])
        .assert()
        .code(1);
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
    let files = json["files"].as_array().expect("files");
    assert!(files.iter().all(|f| f["kind"] == "tailoring"), "{json}");
    let out = ctpat()
        .args(["validate", "--format", "sarif", bad])
        .assert()
        .code(1);
    let sarif: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "outside-namespace");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        4
    );
    let out = ctpat()
        .args(["validate", "--format", "github", bad])
        .assert()
        .code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        text.starts_with(&format!("::error file={bad},line=4,col=9")),
        "{text}"
    );
    // A tailoring file is checked against the catalog, not against itself: --tailoring does
    // not make its house criteria count as known.
    ctpat()
        .args(["--tailoring", EXAMPLE, "validate", EXAMPLE])
        .assert()
        .success();
}

#[test]
fn an_invalid_tailoring_stops_every_command_with_located_errors() {
    let bad = "tests/fixtures/validate/missing-reason.yaml";
    for args in [
        vec!["criteria", "list"],
        vec!["assess", "--answers", "examples/importer-tier2.yaml"],
        vec!["init", "--entity", "exporter"],
    ] {
        let out = ctpat()
            .args(["--tailoring", bad])
            .args(&args)
            .assert()
            .code(2);
        let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(
            err.contains(&format!("{bad}:3:9: error[missing-reason]")),
            "{args:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    ctpat()
        .args(["--tailoring", "no/such/file.yaml", "criteria", "list"])
        .assert()
        .code(2);
}

#[test]
fn schema_tailoring_prints_the_committed_schema() {
    let out = ctpat().args(["schema", "tailoring"]).assert().success();
    let printed = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let committed =
        std::fs::read_to_string(root().join("schemas/tailoring.schema.json")).expect("committed");
    assert_eq!(printed, committed);
    assert!(printed.contains("ctpat-tailoring/1"));
}

#[test]
fn a_house_criterion_without_guidance_shows_no_empty_heading() {
    let (_dir, path) = crate::support::write_temp(
        "qa.yaml",
        "format: ctpat-tailoring/1\nnamespace: QA\ncriteria:\n  - id: QA-12.1\n    requirement: must\n    applies_to: [importer]\n    title: { en: Drill twice a year, zh-CN: 每年演练两次 }\n    question: { en: Do you run a drill twice a year?, zh-CN: 每年演练两次吗？ }\n",
    );
    let out = ctpat()
        .args(["--tailoring", &path, "criteria", "show", "QA-12.1"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("Do you run a drill twice a year?"), "{text}");
    assert!(!text.contains("What good looks like"), "{text}");
    let out = ctpat()
        .args([
            "--tailoring",
            &path,
            "init",
            "--entity",
            "importer",
            "--output",
            "-",
        ])
        .assert()
        .success();
    let template = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let house = template
        .split("# QA-12.1")
        .nth(1)
        .and_then(|rest| rest.split("status:").next())
        .expect("the house criterion is in the template");
    assert!(!house.contains("What good looks like"), "{house}");
}

#[test]
fn the_tailoring_schema_rejects_what_the_loader_rejects() {
    let out = ctpat().args(["schema", "tailoring"]).assert().success();
    let schema: serde_json::Value =
        serde_json::from_slice(&out.get_output().stdout).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let bad = serde_json::json!({
        "format": "ctpat-tailoring/1",
        "namespace": "acme",
        "entities": [{ "entity": "exportr", "profile": ["ACME-1.1"] }],
        "requirements": [{ "id": "7.5", "requirement": "must", "reasn": "x" }],
        "criteria": [{ "id": "7.1", "requirement": "must", "applies_to": ["exporter"],
                       "title": { "en": "T", "zh-CN": "题" }, "question": { "en": "Q", "zh-CN": "问" } }]
    });
    let errors: Vec<String> = validator
        .iter_errors(&bad)
        .map(|e| e.instance_path().to_string())
        .collect();
    for at in [
        "/namespace",
        "/entities/0/entity",
        "/entities/0/profile/0",
        "/requirements/0",
        "/criteria/0/id",
    ] {
        assert!(
            errors.iter().any(|e| e == at),
            "{at} not flagged: {errors:?}"
        );
    }
}

#[test]
fn batch_skips_a_tailoring_file_kept_beside_the_clients() {
    let dir = tempfile::tempdir().expect("tempdir");
    let example = std::fs::read_to_string(root().join(EXAMPLE)).expect("example");
    write(dir.path(), "clients/profile.yaml", &example);
    write(
        dir.path(),
        "clients/acme.yaml",
        &all_implemented("ACME Export Co.", "exporter", &ids("exporter", true)),
    );
    let out = ctpat()
        .args(["--tailoring", EXAMPLE, "batch", "--format", "json"])
        .arg(dir.path().join("clients"))
        .arg("--out")
        .arg(dir.path().join("out"))
        .assert()
        .success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(!err.contains("profile.yaml"), "{err}");
    let summary: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("out/summary.json")).expect("summary"),
    )
    .expect("JSON");
    let clients = summary["clients"].as_array().expect("clients");
    assert_eq!(clients.len(), 1, "{summary}");
}

#[test]
fn a_tailoring_title_with_escape_codes_reached_criteria_list_raw() {
    let (_dir, path) = crate::support::write_temp(
        "evil.yaml",
        "format: ctpat-tailoring/1\ntitle: \"Evil \\e[31mRED\\u202e txt\"\n",
    );
    for args in [
        vec!["criteria", "list"],
        vec!["assess", "--answers", "examples/importer-tier2.yaml"],
        vec![
            "report",
            "examples/importer-tier2.yaml",
            "--format",
            "markdown",
        ],
    ] {
        let out = ctpat()
            .args(["--tailoring", &path])
            .args(&args)
            .assert()
            .success();
        let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(text.contains("Evil \u{fffd}"), "{args:?}: {text}");
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{202e}'),
            "{args:?}"
        );
    }
}
