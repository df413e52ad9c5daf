//! `ctpat partners`: the example register's roll-up pinned partner by partner, the exit codes,
//! a broken answers file as one error row, located register errors, the reports and the
//! template.

use crate::support::{ctpat, ctpat_in, root, stdout_json, write_temp};

const REGISTER: &str = "examples/partners/partners.yaml";
const THREATS: &str = "examples/partners/threats.yaml";
const AS_OF: &str = "2026-11-30";

fn example_json() -> serde_json::Value {
    stdout_json(ctpat().args([
        "partners",
        "assess",
        REGISTER,
        "--threats",
        THREATS,
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]))
}

#[test]
fn every_example_partner_has_its_pinned_risk() {
    let json = example_json();
    assert_eq!(json["format"], "ctpat-partners-report/1");
    assert_eq!(json["as_of"], AS_OF);
    let rows: Vec<(String, String, String, String, String)> = json["partners"]
        .as_array()
        .expect("partners")
        .iter()
        .map(|p| {
            let s = |k: &str| p[k].as_str().unwrap_or_default().to_string();
            (
                s("id"),
                s("status"),
                s("threat"),
                s("vulnerability"),
                s("risk"),
            )
        })
        .collect();
    let expected = [
        ("MX-MTY-01", "assessed", "high", "high", "high"),
        ("CN-SZ-01", "assessed", "medium", "high", "high"),
        // Every Must implemented, but its seal and inspection evidence aged out in 2025.
        ("VN-HP-02", "assessed", "medium", "high", "high"),
        ("CN-DG-03", "unassessed", "medium", "high", "high"),
        ("HK-CON-01", "assessed", "medium", "medium", "medium"),
        // China's AEO is not under a U.S. arrangement: assessed on its answers.
        ("CN-NB-02", "assessed", "medium", "medium", "medium"),
        ("VN-HCM-01", "assessed", "low", "low", "low"),
        ("US-BRK-01", "assessed", "low", "low", "low"),
        ("TW-SEA-01", "exempt-certified", "high", "exempt", "exempt"),
        ("US-DRAY-01", "exempt-certified", "low", "exempt", "exempt"),
        (
            "MX-CTPAT-02",
            "exempt-certified",
            "high",
            "exempt",
            "exempt",
        ),
        (
            "NL-CON-02",
            "exempt-certified",
            "medium",
            "exempt",
            "exempt",
        ),
    ];
    let expected: Vec<(String, String, String, String, String)> = expected
        .iter()
        .map(|(a, b, c, d, e)| {
            (
                a.to_string(),
                b.to_string(),
                c.to_string(),
                d.to_string(),
                e.to_string(),
            )
        })
        .collect();
    assert_eq!(rows, expected);
    for p in json["partners"].as_array().expect("partners") {
        for key in [
            "id",
            "name",
            "role",
            "country",
            "status",
            "threat",
            "vulnerability",
            "risk",
        ] {
            assert!(p[key].is_string(), "{key} of {}", p["id"]);
        }
    }
    let flags = |id: &str| -> Vec<String> {
        json["partners"]
            .as_array()
            .and_then(|a| a.iter().find(|p| p["id"] == id))
            .map(|p| {
                p["flags"]
                    .as_array()
                    .expect("flags")
                    .iter()
                    .map(|f| f.as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(flags("CN-NB-02"), ["aeo-not-recognised"]);
    assert_eq!(flags("US-DRAY-01"), ["certificate-check-stale"]);
    assert_eq!(flags("NL-CON-02"), ["threat-stale"]);
    assert_eq!(flags("TW-SEA-01"), ["threat-unrated"]);
    assert_eq!(flags("VN-HP-02"), ["evidence-stale"]);
    assert_eq!(json["counts"]["high"], 4);
    assert_eq!(json["matrix"][0][0], 1);
}

#[test]
fn the_action_plan_names_owners_and_what_to_request() {
    let json = example_json();
    let actions = json["actions"].as_array().expect("actions");
    let first = &actions[0];
    assert_eq!(first["partner"], "MX-MTY-01");
    assert_eq!(
        first["requests"],
        serde_json::json!(["corrective-action", "audit"])
    );
    assert_eq!(first["gaps"][0]["id"], "5.3");
    assert_eq!(first["gaps"][0]["owner"], "Luis Garza");
    assert_eq!(first["gaps"][0]["due"], "2026-12-15");
    let dongguan = actions
        .iter()
        .find(|a| a["partner"] == "CN-DG-03")
        .expect("unassessed");
    assert_eq!(dongguan["requests"], serde_json::json!(["questionnaire"]));
    let haiphong = actions
        .iter()
        .find(|a| a["partner"] == "VN-HP-02")
        .expect("stale evidence");
    assert_eq!(haiphong["requests"][0], "fresh-evidence");
    assert_eq!(haiphong["stale"][0], "5.3");
    // The same file in April 2024: its evidence was current, one Should open.
    let earlier = stdout_json(ctpat().args([
        "partners",
        "assess",
        REGISTER,
        "--threats",
        THREATS,
        "--as-of",
        "2024-04-01",
        "--format",
        "json",
    ]));
    let row = earlier["partners"]
        .as_array()
        .and_then(|a| a.iter().find(|p| p["id"] == "VN-HP-02"))
        .expect("row");
    assert_eq!(row["vulnerability"], "medium");
    let drayage = actions
        .iter()
        .find(|a| a["partner"] == "US-DRAY-01")
        .expect("stale check");
    assert_eq!(
        drayage["requests"],
        serde_json::json!(["certificate-check"])
    );
    assert!(!actions.iter().any(|a| a["partner"] == "VN-HCM-01"));
}

#[test]
fn step_5_names_the_rules_the_date_and_every_input_hash() {
    let json = example_json();
    assert_eq!(json["rules"]["format"], "ctpat-partner-rules/1");
    assert_eq!(json["rules"]["mutual_recognition"]["as_of"], "2022-09");
    let inputs = json["inputs"].as_array().expect("inputs");
    let roles: Vec<&str> = inputs.iter().filter_map(|i| i["role"].as_str()).collect();
    assert_eq!(roles.iter().filter(|r| **r == "answers").count(), 7);
    for role in ["register", "threats", "rules", "criteria"] {
        assert!(roles.contains(&role), "{role}: {roles:?}");
    }
    let register = std::fs::read(root().join(REGISTER)).expect("register");
    let hash = inputs
        .iter()
        .find(|i| i["role"] == "register")
        .expect("register")["sha256"]
        .clone();
    assert_eq!(hash, sha256_hex(&register));
    assert!(inputs
        .iter()
        .all(|i| i["sha256"].as_str().is_some_and(|h| h.len() == 64)));
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn the_terminal_shows_the_matrix_and_the_action_plan() {
    let out = ctpat()
        .args([
            "partners",
            "assess",
            REGISTER,
            "--threats",
            THREATS,
            "--as-of",
            AS_OF,
        ])
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("Risk matrix"), "{stdout}");
    assert!(
        stdout.contains("│ high                   ┆ 1 (high)"),
        "{stdout}"
    );
    assert!(stdout.contains("Action plan"), "{stdout}");
    assert!(
        stdout.contains("criterion 6.6; owner: Chen Jing; due: 2027-01-31"),
        "{stdout}"
    );
    assert!(
        stdout.contains("12 partners: 4 high risk, 2 medium, 2 low, 4 exempt"),
        "{stdout}"
    );
}

#[test]
fn the_terminal_speaks_chinese() {
    let out = ctpat()
        .args([
            "--lang",
            "zh-CN",
            "partners",
            "assess",
            REGISTER,
            "--threats",
            THREATS,
            "--as-of",
            AS_OF,
        ])
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("风险矩阵"), "{stdout}");
    assert!(stdout.contains("行动计划"), "{stdout}");
    assert!(stdout.contains("发送安全问卷"), "{stdout}");
    assert!(!stdout.contains("Action plan"), "{stdout}");
}

#[test]
fn fail_on_high_exits_1_and_fail_on_nothing_exits_0() {
    ctpat()
        .args([
            "partners",
            "assess",
            REGISTER,
            "--threats",
            THREATS,
            "--as-of",
            AS_OF,
            "--fail-on",
            "high",
        ])
        .assert()
        .code(1);
    // Without the threat ratings every place is unrated (high): still high risk somewhere.
    ctpat()
        .args([
            "partners",
            "assess",
            REGISTER,
            "--as-of",
            AS_OF,
            "--fail-on",
            "medium",
            "--quiet",
        ])
        .assert()
        .code(1);
    let (_dir, path) = write_temp(
        "p.yaml",
        "format: ctpat-partners/1\nthreats:\n  - country: US\n    rated_on: 2026-10-01\n    ratings: { theft: low }\npartners:\n  - id: A\n    name: Certified Co\n    role: highway_carrier\n    country: US\n    certification: { programme: ctpat, number: X, checked_on: 2026-10-01 }\n",
    );
    ctpat()
        .args([
            "partners",
            "assess",
            &path,
            "--as-of",
            AS_OF,
            "--fail-on",
            "medium",
        ])
        .assert()
        .code(0);
}

#[test]
fn an_invalid_register_exits_2_located() {
    let (_dir, path) = write_temp(
        "p.yaml",
        "format: ctpat-partners/1\npartners:\n  - id: A\n    name: Alpha\n    role: factory\n    country: China\n",
    );
    let out = ctpat().args(["partners", "assess", &path]).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("p.yaml:5:11"), "{stderr}");
    assert!(stderr.contains("error[bad-role]"), "{stderr}");
    assert!(stderr.contains("p.yaml:6:14"), "{stderr}");
    assert!(stderr.contains("error[bad-country]"), "{stderr}");
}

#[test]
fn a_broken_answers_file_is_one_error_row_and_the_run_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = std::fs::read_to_string(
        root().join("examples/partners/answers/saigon-rattan-furniture.yaml"),
    )
    .expect("read");
    std::fs::write(dir.path().join("good.yaml"), good).expect("write");
    std::fs::write(
        dir.path().join("bad.yaml"),
        "format: ctpat-answers/1\ncompany: [\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("p.yaml"),
        "format: ctpat-partners/1\nthreats:\n  - country: VN\n    rated_on: 2026-10-01\n    ratings: { theft: low }\npartners:\n  - id: GOOD\n    name: Good\n    role: foreign_manufacturer\n    country: VN\n    answers: good.yaml\n  - id: BAD\n    name: Bad\n    role: foreign_manufacturer\n    country: VN\n    answers: bad.yaml\n  - id: GONE\n    name: Gone\n    role: foreign_manufacturer\n    country: VN\n    answers: missing.yaml\n",
    )
    .expect("write");
    let out = ctpat_in(dir.path())
        .args([
            "partners", "assess", "p.yaml", "--as-of", AS_OF, "--format", "json",
        ])
        .assert()
        .code(2);
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
    let status = |id: &str| {
        json["partners"]
            .as_array()
            .and_then(|a| a.iter().find(|p| p["id"] == id))
            .map(|p| {
                (
                    p["status"].as_str().unwrap_or_default().to_string(),
                    p["risk"].as_str().unwrap_or_default().to_string(),
                )
            })
    };
    assert_eq!(status("GOOD"), Some(("assessed".into(), "low".into())));
    assert_eq!(status("BAD"), Some(("error".into(), "medium".into())));
    assert_eq!(status("GONE"), Some(("error".into(), "medium".into())));
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("bad.yaml"), "{stderr}");
    assert!(stderr.contains("missing.yaml"), "{stderr}");
}

#[test]
fn out_writes_every_format_in_both_languages() {
    for lang in ["en", "zh-CN"] {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("risk");
        ctpat()
            .args([
                "--lang",
                lang,
                "partners",
                "assess",
                REGISTER,
                "--threats",
                THREATS,
                "--as-of",
                AS_OF,
                "--out",
            ])
            .arg(&out)
            .assert()
            .code(0);
        for name in [
            "partners.md",
            "partners.html",
            "partners.json",
            "partners.xlsx",
        ] {
            assert!(out.join(name).is_file(), "{lang}: {name}");
        }
        let md = std::fs::read_to_string(out.join("partners.md")).expect("md");
        let html = std::fs::read_to_string(out.join("partners.html")).expect("html");
        for text in [&md, &html] {
            assert!(text.contains(AS_OF), "{lang}");
            assert!(text.contains("SHA-256"), "{lang}");
        }
        if lang == "zh-CN" {
            assert!(md.contains("# 商业伙伴风险评估"), "{md}");
            assert!(html.contains("<html lang=\"zh-CN\">"));
        } else {
            assert!(md.contains("## Action plan"), "{md}");
            assert!(md.contains("There is no U.S.-China arrangement"), "{md}");
        }
        // The matrix picture, escaped names, and no script.
        assert!(html.contains("<svg class=\"matrix\""));
        assert!(!html.contains("<script"));
        // Existing reports are kept without --force.
        ctpat()
            .args(["partners", "assess", REGISTER, "--as-of", AS_OF, "--out"])
            .arg(&out)
            .assert()
            .code(2);
    }
}

#[test]
fn html_escapes_names_from_the_register() {
    let (_dir, path) = write_temp(
        "p.yaml",
        "format: ctpat-partners/1\ncompany: \"<script>alert(1)</script>\"\npartners:\n  - id: X\n    name: \"<img src=x onerror=alert(1)>\"\n    role: importer\n    country: US\n",
    );
    let out = ctpat()
        .args([
            "partners", "assess", &path, "--as-of", AS_OF, "--format", "html",
        ])
        .assert()
        .code(0);
    let html = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(html.contains("&#60;img src=x"), "{html}");
}

#[test]
fn init_writes_a_register_that_assesses() {
    for lang in ["en", "zh-CN"] {
        let dir = tempfile::tempdir().expect("tempdir");
        ctpat_in(dir.path())
            .args(["--lang", lang, "partners", "init"])
            .assert()
            .code(0);
        let text = std::fs::read_to_string(dir.path().join("partners.yaml")).expect("written");
        assert!(text.starts_with("# "), "{text}");
        if lang == "zh-CN" {
            assert!(text.contains("伙伴名册"), "{text}");
        }
        // Again without --force: refused.
        ctpat_in(dir.path())
            .args(["partners", "init"])
            .assert()
            .code(2);
        // The template's partner with an answers file has none yet: an error row (exit 2),
        // the certified ones are exempt.
        let out = ctpat_in(dir.path())
            .args([
                "partners",
                "assess",
                "partners.yaml",
                "--as-of",
                AS_OF,
                "--format",
                "json",
                "--quiet",
            ])
            .assert()
            .code(2);
        let json: serde_json::Value =
            serde_json::from_slice(&out.get_output().stdout).expect("JSON");
        assert_eq!(json["counts"]["exempt"], 2, "{lang}");
        assert_eq!(json["counts"]["errors"], 1, "{lang}");
    }
}

#[test]
fn validate_checks_registers_and_threat_ratings() {
    ctpat()
        .args(["validate", REGISTER, THREATS, "criteria/partners.yaml"])
        .assert()
        .code(0);
    let (_dir, path) = write_temp(
        "t.yaml",
        "format: ctpat-threats/1\nthreats:\n  - country: MX\n    rated_on: 2026-01-10\n    ratings: { piracy: high }\n",
    );
    let out = ctpat().args(["validate", &path]).assert().code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("unknown-threat-category"), "{stdout}");
}

#[test]
fn a_threats_file_given_as_the_register_is_refused() {
    let out = ctpat()
        .args(["partners", "assess", THREATS])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("threats.yaml:7:9: error[partners-wrong-format]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("this is not a partner register"),
        "{stderr}"
    );
}

#[test]
fn a_register_given_as_threat_ratings_is_refused() {
    let out = ctpat()
        .args(["partners", "assess", REGISTER, "--threats", REGISTER])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("error[threats-wrong-format]"), "{stderr}");
}

#[test]
fn chinese_diagnostics_for_a_bad_register() {
    let (_dir, path) = write_temp(
        "p.yaml",
        "format: ctpat-partners/1\npartners:\n  - id: A\n    name: Alpha\n    role: factory\n    country: CN\n",
    );
    let out = ctpat()
        .args(["--lang", "zh-CN", "partners", "assess", &path])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("`factory` 不是企业类型"), "{stderr}");
}

/// Compares `actual` with the golden file `rel`, or rewrites it under `CTPAT_BLESS=1`.
fn golden(rel: &str, actual: &str) -> Option<String> {
    let path = root().join(rel);
    if std::env::var_os("CTPAT_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, actual).expect("write golden file");
        return None;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    (expected != actual).then(|| {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        format!(
            "{rel} differs at line {} (CTPAT_BLESS=1 accepts the new output):\n  golden: {:?}\n  actual: {:?}",
            line + 1,
            expected.lines().nth(line).unwrap_or("<end>"),
            actual.lines().nth(line).unwrap_or("<end>")
        )
    })
}

#[test]
fn every_format_of_the_example_matches_its_golden_file() {
    let mut failures = Vec::new();
    for lang in ["en", "zh-CN"] {
        for (format, ext) in [
            ("terminal", "txt"),
            ("markdown", "md"),
            ("html", "html"),
            ("json", "json"),
        ] {
            let out = ctpat()
                .args([
                    "--lang",
                    lang,
                    "partners",
                    "assess",
                    REGISTER,
                    "--threats",
                    THREATS,
                ])
                .args(["--as-of", AS_OF, "--format", format])
                .assert()
                .code(0);
            let text = String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8");
            let rel = format!("tests/snapshots/partners/example.{lang}.{ext}");
            failures.extend(golden(&rel, &text));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_json_report_satisfies_its_schema() {
    let schema = ctpat()
        .args(["schema", "partners-report"])
        .assert()
        .success();
    let schema: serde_json::Value =
        serde_json::from_slice(&schema.get_output().stdout).expect("schema JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let json = example_json();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

/// The shipped rules with the medium-threat row made stricter: medium x medium is high.
fn stricter_rules() -> String {
    let shipped = std::fs::read_to_string(root().join("criteria/partners.yaml")).expect("rules");
    let row = "medium: { high: high, medium: medium, low: low }";
    assert!(shipped.contains(row), "the shipped matrix changed");
    shipped.replace(row, "medium: { high: high, medium: high, low: low }")
}

#[test]
fn a_rules_file_replaces_the_shipped_rules_and_is_named_with_its_hash() {
    let rules = stricter_rules();
    let (_dir, path) = write_temp("strict-rules.yaml", &rules);
    let json = stdout_json(ctpat().args([
        "partners",
        "assess",
        REGISTER,
        "--threats",
        THREATS,
        "--as-of",
        AS_OF,
        "--rules",
        &path,
        "--format",
        "json",
    ]));
    let risk = |json: &serde_json::Value, id: &str| {
        json["partners"]
            .as_array()
            .and_then(|a| a.iter().find(|p| p["id"] == id))
            .map(|p| p["risk"].as_str().unwrap_or_default().to_string())
            .unwrap_or_default()
    };
    // Medium threat and medium vulnerability: medium under the shipped matrix, high here.
    assert_eq!(risk(&example_json(), "HK-CON-01"), "medium");
    assert_eq!(risk(&json, "HK-CON-01"), "high");
    assert_eq!(risk(&json, "VN-HCM-01"), "low");
    assert_eq!(json["rules"]["matrix"]["medium"]["medium"], "high");
    let input = json["inputs"]
        .as_array()
        .and_then(|a| a.iter().find(|i| i["role"] == "rules"))
        .expect("the rules input")
        .clone();
    assert_eq!(input["path"], path.as_str());
    assert_eq!(input["sha256"], sha256_hex(rules.as_bytes()));
    // The Markdown's step 5 names the file and its hash.
    let out = ctpat()
        .args([
            "partners",
            "assess",
            REGISTER,
            "--threats",
            THREATS,
            "--as-of",
            AS_OF,
            "--rules",
            &path,
            "--format",
            "markdown",
        ])
        .assert()
        .code(0);
    let md = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(md.contains("strict-rules.yaml"), "{md}");
    assert!(md.contains(&sha256_hex(rules.as_bytes())), "{md}");
}

#[test]
fn a_broken_rules_file_exits_2_located_in_both_languages() {
    let rules = stricter_rules().replace("  low: { high: medium, medium: low, low: low }\n", "");
    let (_dir, path) = write_temp("rules.yaml", &rules);
    let line = rules
        .lines()
        .position(|l| l.starts_with("matrix:"))
        .expect("matrix")
        + 2;
    let out = ctpat()
        .args(["partners", "assess", REGISTER, "--rules", &path])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains(&format!("rules.yaml:{line}:")),
        "line {line}: {stderr}"
    );
    assert!(stderr.contains("error[incomplete-matrix]"), "{stderr}");
    let out = ctpat()
        .args([
            "--lang", "zh-CN", "partners", "assess", REGISTER, "--rules", &path,
        ])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("风险矩阵须为每个威胁等级"), "{stderr}");
    // A level that is not one: the parser's own finding, at its line.
    let bad = stricter_rules().replace("unrated_threat: high", "unrated_threat: severe");
    let (_dir, path) = write_temp("rules.yaml", &bad);
    let line = bad
        .lines()
        .position(|l| l.starts_with("unrated_threat:"))
        .expect("line")
        + 1;
    let out = ctpat()
        .args(["partners", "assess", REGISTER, "--rules", &path])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains(&format!("rules.yaml:{line}:")),
        "line {line}: {stderr}"
    );
}

/// The example register with the example threat ratings on its Threats sheet, written as a
/// workbook into a fresh folder beside a copy of its answers files.
fn example_workbook(lang: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    use ctpat::diagnostic::Source;
    let rules = ctpat::partners::rules::Rules::shipped();
    let categories = &rules.threat_categories;
    let read = |rel: &str| std::fs::read_to_string(root().join(rel)).expect("example");
    let mut register =
        ctpat::partners::register::load(&Source::new(REGISTER, read(REGISTER)), categories)
            .expect("the example register")
            .value;
    register.threats =
        ctpat::partners::register::load_threats(&Source::new(THREATS, read(THREATS)), categories)
            .expect("the example threats")
            .value;
    let lang = lang.parse().expect("a language");
    let bytes = ctpat::workbook::write::register(&register, lang, categories).expect("written");
    let dir = tempfile::tempdir().expect("tempdir");
    let answers = dir.path().join("answers");
    std::fs::create_dir(&answers).expect("mkdir");
    for entry in std::fs::read_dir(root().join("examples/partners/answers")).expect("answers") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), answers.join(entry.file_name())).expect("copy");
    }
    let path = dir.path().join("register.xlsx");
    std::fs::write(&path, bytes).expect("write");
    (dir, path)
}

#[test]
fn a_register_workbook_assesses_exactly_as_the_yaml_register() {
    let yaml = example_json();
    for lang in ["en", "zh-CN"] {
        let (dir, path) = example_workbook(lang);
        let book = stdout_json(ctpat_in(dir.path()).args([
            "partners",
            "assess",
            "register.xlsx",
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ]));
        for key in [
            "partners", "counts", "matrix", "actions", "threats", "company",
        ] {
            assert_eq!(book[key], yaml[key], "{lang}: {key}");
        }
        let input = &book["inputs"][0];
        assert_eq!(input["role"], "register");
        let bytes = std::fs::read(&path).expect("read");
        assert_eq!(input["sha256"], sha256_hex(&bytes), "{lang}");
        // Told by content, not by name.
        let renamed = dir.path().join("register.dat");
        std::fs::copy(&path, &renamed).expect("copy");
        let again = stdout_json(ctpat_in(dir.path()).args([
            "partners",
            "assess",
            "register.dat",
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ]));
        assert_eq!(again["partners"], yaml["partners"], "{lang}");
    }
}

/// `bytes` with every `from` of the workbook's shared strings turned into `to`, as a
/// spreadsheet program saving an edited cell would.
fn edit_shared_strings(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    edit_part(bytes, "xl/sharedStrings.xml", &|text| {
        text.contains(from).then(|| text.replace(from, to))
    })
}

/// `bytes` with the part `part` rewritten by `edit` (`None`: the edit found nothing).
fn edit_part(bytes: &[u8], part: &str, edit: &dyn Fn(&str) -> Option<String>) -> Vec<u8> {
    use std::io::{Read as _, Write as _};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut edited = false;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = entry.name().expect("name").to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("inflate");
        if name == part {
            let text = String::from_utf8(data).expect("UTF-8");
            let changed = edit(&text);
            edited = changed.is_some();
            data = changed.unwrap_or(text).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(&data).expect("write");
    }
    assert!(edited, "the edit of {part} found nothing");
    out.finish().expect("finish").into_inner()
}

#[test]
fn a_bad_cell_of_a_register_workbook_exits_2_at_its_sheet_and_cell() {
    let (dir, path) = example_workbook("en");
    let bytes = std::fs::read(&path).expect("read");
    let bad = edit_shared_strings(&bytes, ">highway_carrier<", ">truck<");
    std::fs::write(&path, bad).expect("write");
    for lang in ["en", "zh-CN"] {
        let out = ctpat_in(dir.path())
            .args(["--lang", lang, "partners", "assess", "register.xlsx"])
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        // The two Mexican highway carriers are the register's 6th and 7th partners: rows 8
        // and 9 under the member's row and the header; Role is column C.
        for cell in ["Partners!C8", "Partners!C9"] {
            assert!(
                stderr.contains(&format!("register.xlsx:{cell}: error[bad-role]")),
                "{lang}: {cell}: {stderr}"
            );
        }
        let message = if lang == "en" {
            "`truck` is not an entity type"
        } else {
            "`truck` 不是企业类型"
        };
        assert!(stderr.contains(message), "{lang}: {stderr}");
    }
}

#[test]
fn init_writes_a_register_workbook_that_assesses_like_the_yaml_template() {
    for lang in ["en", "zh-CN"] {
        let dir = tempfile::tempdir().expect("tempdir");
        for output in ["partners.yaml", "partners.xlsx"] {
            ctpat_in(dir.path())
                .args(["--lang", lang, "partners", "init", "--output", output])
                .assert()
                .code(0);
        }
        let bytes = std::fs::read(dir.path().join("partners.xlsx")).expect("written");
        assert!(bytes.starts_with(b"PK"), "{lang}");
        let mut runs = Vec::new();
        for register in ["partners.yaml", "partners.xlsx"] {
            let out = ctpat_in(dir.path())
                .args([
                    "partners", "assess", register, "--as-of", AS_OF, "--format", "json", "--quiet",
                ])
                .assert()
                .code(2);
            let json: serde_json::Value =
                serde_json::from_slice(&out.get_output().stdout).expect("JSON");
            runs.push(json);
        }
        for key in ["partners", "counts", "threats", "company"] {
            assert_eq!(runs[0][key], runs[1][key], "{lang}: {key}");
        }
        // Again without --force: refused.
        ctpat_in(dir.path())
            .args(["partners", "init", "--output", "partners.xlsx"])
            .assert()
            .code(2);
    }
}

#[test]
fn a_volume_typed_as_text_is_located_and_a_workbook_without_partners_is_named() {
    let (dir, path) = example_workbook("en");
    let bytes = std::fs::read(&path).expect("read");
    // CN-SZ-01's volume 220 (Partners!L3) typed as words.
    let bad = edit_part(&bytes, "xl/worksheets/sheet1.xml", &|text| {
        let at = text.find("<c r=\"L3\"")?;
        let value = at + text[at..].find("<v>220</v>")?;
        let mut out = text.to_string();
        out.replace_range(
            value..value + "<v>220</v>".len(),
            "<is><t>about 200</t></is>",
        );
        out.replace_range(at..at + 2, "<c t=\"inlineStr\"");
        Some(out)
    });
    std::fs::write(&path, bad).expect("write");
    let out = ctpat_in(dir.path())
        .args(["partners", "assess", "register.xlsx"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains(
            "register.xlsx:Partners!L3: error[bad-volume]: `about 200` is not a whole number"
        ),
        "{stderr}"
    );
    // A questionnaire is stamped as answers: named as the wrong format at its stamp.
    ctpat_in(dir.path())
        .args(["init", "--entity", "highway_carrier", "--output", "q.xlsx"])
        .assert()
        .code(0);
    let out = ctpat_in(dir.path())
        .args(["partners", "assess", "q.xlsx"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("q.xlsx:ctpat!B1: error[partners-wrong-format]"),
        "{stderr}"
    );
    // Without a stamp or a Partners sheet: the sheets it has are listed.
    let unstamped = crate::support::fixture("workbook/unstamped.xlsx");
    let out = ctpat()
        .args(["--lang", "zh-CN", "partners", "assess", &unstamped])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("error[workbook-no-partners-sheet]: 工作簿中没有名为 `Partners` 的工作表"),
        "{stderr}"
    );
    assert!(stderr.contains("Answers"), "{stderr}");
}

/// The example register filled into the zh-CN template by openpyxl, and that file saved again
/// by LibreOffice (tests/fixtures/partners-book/make.py), with the answers paths relative to
/// the workbook.
#[test]
fn register_workbooks_from_real_programs_assess_as_the_yaml_register() {
    let yaml = example_json();
    let without_paths = |json: &serde_json::Value| {
        let mut partners = json["partners"].clone();
        for p in partners.as_array_mut().expect("partners") {
            p.as_object_mut().expect("partner").remove("answers");
        }
        partners
    };
    for name in ["openpyxl-zh", "libreoffice-zh"] {
        let path = crate::support::fixture(&format!("partners-book/{name}.xlsx"));
        let book = stdout_json(ctpat().args([
            "partners", "assess", &path, "--as-of", AS_OF, "--format", "json",
        ]));
        assert_eq!(without_paths(&book), without_paths(&yaml), "{name}");
        for key in ["counts", "matrix", "actions", "threats", "company"] {
            assert_eq!(book[key], yaml[key], "{name}: {key}");
        }
        let answers = book["partners"][0]["answers"].as_str().unwrap_or_default();
        assert!(
            answers.starts_with("../../../examples/partners/answers/"),
            "{name}: {answers}"
        );
    }
}

#[test]
fn validate_checks_a_register_workbook_as_a_register() {
    let clean = crate::support::fixture("partners-book/libreoffice-zh.xlsx");
    ctpat().args(["validate", &clean]).assert().code(0);
    let (dir, path) = example_workbook("en");
    let bytes = std::fs::read(&path).expect("read");
    std::fs::write(
        &path,
        edit_shared_strings(&bytes, ">highway_carrier<", ">truck<"),
    )
    .expect("write");
    let out = ctpat_in(dir.path())
        .args(["validate", "register.xlsx"])
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        stdout.contains("register.xlsx:Partners!C8: error[bad-role]"),
        "{stdout}"
    );
    // A questionnaire workbook is still checked as answers.
    ctpat_in(dir.path())
        .args(["init", "--entity", "highway_carrier", "--output", "q.xlsx"])
        .assert()
        .code(0);
    let out = ctpat_in(dir.path()).args(["validate", "q.xlsx"]).assert();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(!stdout.contains("partners-wrong-format"), "{stdout}");
}

#[test]
fn the_threat_ratings_file_the_register_names_is_read_unless_threats_is_given() {
    let report = |extra: &[&str]| {
        let mut cmd = ctpat();
        cmd.args([
            "partners", "assess", REGISTER, "--as-of", AS_OF, "--format", "json",
        ])
        .args(extra);
        crate::support::stdout_json(&mut cmd)
    };
    // The example names threats.yaml: the command of issue 15 rates every place.
    let named = report(&[]);
    let given = report(&["--threats", THREATS]);
    assert_eq!(named["partners"], given["partners"]);
    assert_eq!(named["matrix"], given["matrix"]);
    let roles: Vec<&str> = named["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .map(|i| i["role"].as_str().expect("role"))
        .collect();
    assert!(roles.contains(&"threats"), "{roles:?}");
    // An empty name is located.
    let text = std::fs::read_to_string(crate::support::root().join(REGISTER)).expect("register");
    let (_dir, path) = crate::support::write_temp(
        "register.yaml",
        &text.replace("threats_file: threats.yaml", "threats_file: \" \""),
    );
    let out = ctpat().args(["partners", "assess", &path]).assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("error[empty-field]"), "{err}");
}
