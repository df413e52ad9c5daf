//! `ctpat validate` end to end: one fixture per finding code with its output snapshot, the
//! output formats (JSON, SARIF checked against the official schema, GitHub annotations),
//! colour, stdin, and the exit codes. Refresh snapshots with
//! `CTPAT_BLESS=1 cargo test --test cli validate`.

use crate::support::{ctpat, fixture, root, write_temp};
use std::path::PathBuf;

/// Codes no fixture file can produce through `ctpat validate`, and where they are tested.
const NO_FIXTURE: [&str; 9] = [
    "cannot-read", // a missing file: unreadable_file_exits_2_and_the_rest_is_still_checked
    "input-too-large", // 8 MiB: oversized_file_is_a_finding
    "wrong-format", // validate routes by the tag, so the loaders never see a wrong one
    "mapping-wrong-format", // the same for mapping files (tests/cli/migrate.rs raises it)
    // validate checks a mapping against the versions it names itself (tests/cli/migrate.rs)
    "mapping-catalog-mismatch",
    "partners-wrong-format", // likewise; partners::a_threats_file_given_as_the_register_is_refused
    "threats-wrong-format",  // likewise; partners::a_register_given_as_threat_ratings_is_refused
    // Cells of a register workbook (no YAML can hold them); tests/cli/partners.rs raises them
    "bad-volume",
    "workbook-no-partners-sheet",
];

/// Codes about a questionnaire workbook itself, each with the workbook of
/// tests/fixtures/workbook (made by its make.py) that `ctpat validate` reports it for.
const WORKBOOK_FIXTURES: [(&str, &str); 15] = [
    ("workbook-corrupt", "corrupt"),
    ("workbook-encrypted", "encrypted"),
    ("workbook-legacy", "legacy"),
    ("workbook-opendocument", "opendocument"),
    ("workbook-macros", "macros"),
    ("workbook-too-large", "bomb-declared"),
    ("workbook-too-many-cells", "many-cells"),
    ("workbook-cell-too-long", "long-cell"),
    ("workbook-no-answers-sheet", "no-answers-sheet"),
    ("workbook-no-header", "no-header"),
    ("workbook-numeric-id", "numeric-id"),
    ("workbook-version-mismatch", "other-version"),
    ("workbook-catalog-changed", "other-catalog"),
    ("workbook-unstamped", "unstamped"),
    ("workbook-external-links", "external-links"),
];

fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures/validate"))
        .expect("fixture dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

/// `unknown-entity--typo` → `unknown-entity`.
fn code_of(path: &std::path::Path) -> String {
    let stem = path
        .file_stem()
        .expect("stem")
        .to_string_lossy()
        .into_owned();
    stem.split("--").next().unwrap_or_default().to_string()
}

/// Extra arguments a fixture asks for in a first-line `# args:` comment.
fn args_of(path: &std::path::Path) -> Vec<String> {
    let text = String::from_utf8_lossy(&std::fs::read(path).expect("read")).into_owned();
    text.lines()
        .next()
        .and_then(|l| l.strip_prefix("# args: "))
        .map(|a| a.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default()
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
fn every_fixture_reports_its_code_and_matches_its_snapshot() {
    let bless = std::env::var_os("CTPAT_BLESS").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    let files = fixtures();
    assert!(files.len() >= 60, "only {} fixtures", files.len());
    for path in files {
        let code = code_of(&path);
        let rel = path
            .strip_prefix(root())
            .expect("under root")
            .to_string_lossy()
            .into_owned();
        let mut args = vec!["validate".to_string(), "--color".into(), "never".into()];
        args.extend(args_of(&path));
        args.push(rel.clone());
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let (status, stdout, stderr) = run(&argv);
        assert!(
            stdout.contains(&format!("[{code}]: ")),
            "{rel} does not report {code}:\n{stdout}{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{rel}: {stderr}");
        assert!(matches!(status, 0 | 1), "{rel}: exit {status}\n{stderr}");
        let snapshot = format!("exit: {status}\n{stdout}");
        let snap_path = path.with_extension("out");
        if bless {
            std::fs::write(&snap_path, &snapshot).expect("write snapshot");
        } else if std::fs::read_to_string(&snap_path).ok().as_deref() != Some(snapshot.as_str()) {
            failures.push(format!("{rel}: got\n{snapshot}"));
        }
    }
    assert!(
        failures.is_empty(),
        "snapshots differ (CTPAT_BLESS=1 rewrites them):\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_code_has_a_fixture_and_every_fixture_a_known_code() {
    let codes: Vec<&str> = ctpat::findings::RULES.iter().map(|(c, _)| *c).collect();
    let fixture_codes: Vec<String> = fixtures().iter().map(|p| code_of(p)).collect();
    for code in &codes {
        if NO_FIXTURE.contains(code) {
            continue;
        }
        if code.starts_with("workbook-") {
            assert!(
                WORKBOOK_FIXTURES.iter().any(|(c, _)| c == code),
                "no workbook fixture for {code} in WORKBOOK_FIXTURES"
            );
        } else {
            assert!(
                fixture_codes.iter().any(|f| f == code),
                "no fixture tests/fixtures/validate/{code}.yaml"
            );
        }
    }
    for code in &fixture_codes {
        assert!(
            codes.contains(&code.as_str()),
            "{code} is not in findings::RULES"
        );
    }
}

#[test]
fn every_workbook_code_is_reported_for_its_fixture() {
    for (code, name) in WORKBOOK_FIXTURES {
        let path = fixture(&format!("workbook/{name}.xlsx"));
        let (status, stdout, stderr) = run(&["validate", "--color", "never", &path]);
        assert!(
            stdout.contains(&format!("[{code}]: ")),
            "{name}.xlsx does not report {code}:\n{stdout}{stderr}"
        );
        assert!(
            matches!(status, 0 | 1),
            "{name}.xlsx: exit {status}\n{stderr}"
        );
    }
}

#[test]
fn warnings_and_notes_pass_unless_strict() {
    for name in ["flagged-uncertain", "tier-not-distinct", "empty-evidence"] {
        let path = fixture(&format!("validate/{name}.yaml"));
        ctpat().args(["validate", &path]).assert().code(0);
        let out = ctpat()
            .args(["validate", "--strict", &path])
            .assert()
            .code(1);
        let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(text.contains(&format!("error[{name}]")), "{text}");
    }
}

#[test]
fn shipped_files_are_clean_but_strict_fails_on_flagged_criteria() {
    let (status, stdout, _) = run(&[
        "validate",
        "criteria/2020.03.yaml",
        "criteria/2023.01.yaml",
        "criteria/ui.yaml",
        "examples/importer-tier2.yaml",
        "examples/foreign-manufacturer-cn.yaml",
    ]);
    assert_eq!(status, 0, "{stdout}");
    assert!(stdout.contains("note[flagged-uncertain]"), "{stdout}");
    assert!(
        stdout.contains("criterion 2.2 is flagged uncertain"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("5 files checked: 0 errors, 0 warnings, 18 notes\n"),
        "{stdout}"
    );
    let (status, _, _) = run(&["validate", "--strict", "criteria/2023.01.yaml"]);
    assert_eq!(status, 1);
    let (status, stdout, _) = run(&["validate", "--strict", "examples/importer-tier3.yaml"]);
    assert_eq!(
        (status, stdout.as_str()),
        (0, "1 file checked: no problems found\n")
    );
}

/// The China Customs catalogs and every shipped mapping are what CI checks on each pull request
/// that touches them: no error and no warning (the catalogs' flagged items are notes).
#[test]
fn shipped_gacc_catalogs_and_mappings_are_clean() {
    let mut files: Vec<String> = vec![
        "criteria/gacc-aeo-2026-advanced.yaml".into(),
        "criteria/gacc-aeo-2026-certified.yaml".into(),
    ];
    let mut mappings: Vec<String> = std::fs::read_dir(root().join("criteria/mappings"))
        .expect("mappings folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            format!(
                "criteria/mappings/{}",
                p.file_name().expect("name").to_string_lossy()
            )
        })
        .collect();
    mappings.sort();
    assert!(mappings.len() >= 4, "{mappings:?}");
    files.extend(mappings);
    let mut args = vec!["validate", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let (status, stdout, stderr) = run(&args);
    let doc: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(status, 0, "{stdout}{stderr}");
    assert_eq!(doc["summary"]["files"], files.len(), "{stdout}");
    for file in doc["files"].as_array().expect("files") {
        let unclean: Vec<&serde_json::Value> = file["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["severity"] != "note")
            .collect();
        assert!(unclean.is_empty(), "{}: {unclean:#?}", file["path"]);
        let kind = if file["path"]
            .as_str()
            .is_some_and(|p| p.contains("/mappings/"))
        {
            "mapping"
        } else {
            "criteria"
        };
        assert_eq!(file["kind"], kind, "{}", file["path"]);
    }
    assert_eq!(doc["summary"]["errors"], 0);
    assert_eq!(doc["summary"]["warnings"], 0);
}

#[test]
fn all_files_are_reported_in_one_run() {
    let (status, stdout, _) = run(&[
        "validate",
        &fixture("validate/bad-version.yaml"),
        &fixture("validate/unknown-status.yaml"),
        "examples/importer-tier1.yaml",
        &fixture("validate/missing-translation.yaml"),
    ]);
    assert_eq!(status, 1);
    for code in ["bad-version", "unknown-status", "missing-translation"] {
        assert!(
            stdout.contains(&format!("error[{code}]")),
            "{code}: {stdout}"
        );
    }
    // Both missing translations of one file, not just the first.
    assert_eq!(
        stdout.matches("error[missing-translation]").count(),
        2,
        "{stdout}"
    );
    assert!(stdout.contains("4 files checked: 4 errors"), "{stdout}");
}

#[test]
fn unreadable_file_exits_2_and_the_rest_is_still_checked() {
    let (status, stdout, _) = run(&[
        "validate",
        "no/such/file.yaml",
        &fixture("validate/bad-version.yaml"),
    ]);
    assert_eq!(status, 2);
    assert!(
        stdout.contains("no/such/file.yaml: error[cannot-read]"),
        "{stdout}"
    );
    assert!(stdout.contains("error[bad-version]"), "{stdout}");
    // A folder is no longer unreadable: it is walked as `ctpat batch` walks it (see
    // io_safety::validate_refusing_a_folder_or_a_quoted_glob_that_batch_accepts).
    let (status, stdout, _) = run(&["validate", "criteria"]);
    assert_eq!(status, 0, "{stdout}");
    assert!(!stdout.contains("it is a directory"), "{stdout}");
}

#[test]
fn oversized_file_is_a_finding() {
    let big = format!(
        "format: ctpat-answers/1\n#{}\n",
        "x".repeat(8 * 1024 * 1024)
    );
    let (_dir, path) = write_temp("big.yaml", &big);
    let (status, stdout, _) = run(&["validate", &path]);
    assert_eq!(status, 1);
    assert!(stdout.contains("error[input-too-large]"), "{stdout}");
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(run(&["validate"]).0, 2);
    assert_eq!(
        run(&[
            "validate",
            "--format",
            "xml",
            "examples/importer-tier1.yaml"
        ])
        .0,
        2
    );
    assert_eq!(run(&["validate", "-", "-"]).0, 2);
}

#[test]
fn stdin_is_read_with_dash() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/validate/unknown-status.yaml"))
        .expect("read");
    let out = ctpat()
        .args(["validate", "-"])
        .write_stdin(text)
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        stdout.contains("<stdin>:8:20: error[unknown-status]"),
        "{stdout}"
    );
}

#[test]
fn skip_unknown_skips_other_yaml_files() {
    let other = fixture("validate/unknown-format--no-tag.yaml");
    assert_eq!(run(&["validate", &other]).0, 1);
    let (status, stdout, _) = run(&[
        "validate",
        "--skip-unknown",
        &other,
        "examples/importer-tier1.yaml",
    ]);
    assert_eq!(status, 0, "{stdout}");
    assert!(stdout.contains("1 file skipped"), "{stdout}");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let path = fixture("validate/bad-version.yaml");
    let (_, always, _) = run(&["validate", "--color", "always", &path]);
    assert!(
        always.contains("\x1b[1;31merror[bad-version]\x1b[0m"),
        "{always}"
    );
    // Auto: stdout is a pipe here, so no colour (NO_COLOR is set by the harness too).
    let (_, auto, _) = run(&["validate", &path]);
    assert!(!auto.contains('\x1b'), "{auto}");
    let out = ctpat()
        .env_remove("NO_COLOR")
        .args(["validate", &path])
        .output()
        .expect("runs");
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\x1b'));
}

#[test]
fn json_format_is_the_documented_shape() {
    let out = ctpat()
        .args([
            "validate",
            "--format",
            "json",
            &fixture("validate/missing-translation.yaml"),
            "examples/importer-tier1.yaml",
        ])
        .assert()
        .code(1);
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
    assert_eq!(doc["format"], "ctpat-findings/1");
    assert_eq!(doc["tool"]["name"], "ctpat");
    assert_eq!(doc["summary"]["files"], 2);
    assert_eq!(doc["summary"]["errors"], 2);
    let file = &doc["files"][0];
    assert_eq!(
        file["path"],
        "tests/fixtures/validate/missing-translation.yaml"
    );
    assert_eq!(file["kind"], "criteria");
    assert_eq!(file["errors"], 2);
    let f = &file["findings"][0];
    assert_eq!(f["code"], "missing-translation");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["line"], 50);
    assert_eq!(f["column"], 12);
    assert!(f["source_line"]
        .as_str()
        .is_some_and(|l| l.contains("Risk review")));
    assert!(f["help"].as_str().is_some_and(|h| h.contains("zh-CN")));
    assert_eq!(doc["files"][1]["kind"], "answers");
    assert_eq!(
        doc["files"][1]["findings"].as_array().map(Vec::len),
        Some(0)
    );
}

fn sarif_of(args: &[&str]) -> serde_json::Value {
    let out = ctpat().args(args).output().expect("runs");
    serde_json::from_slice(&out.stdout).expect("SARIF is JSON")
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/sarif/sarif-schema-2.1.0.json"))
        .expect("vendored schema");
    // The official schema's `run.language` pattern has a stray `]` that strict regex
    // checkers reject; ctpat never writes `language`, so a valid pattern stands in for it.
    let bad_pattern = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert!(text.contains(bad_pattern), "the vendored schema changed");
    let text = text.replace(bad_pattern, r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#);
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema JSON");
    let validator = jsonschema::draft7::new(&schema).expect("schema compiles");
    let log = sarif_of(&[
        "validate",
        "--format",
        "sarif",
        &fixture("validate/flagged-uncertain.yaml"),
        &fixture("validate/duplicate-id.yaml"),
        &fixture("validate/empty-evidence.yaml"),
        &fixture("validate/unknown-format--no-tag.yaml"),
    ]);
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // The schema does not catch a result pointing at the wrong rule; check that here.
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let results = run["results"].as_array().expect("results");
    let levels: Vec<&str> = results.iter().filter_map(|r| r["level"].as_str()).collect();
    assert_eq!(levels, ["note", "error", "warning", "error"]);
    for r in results {
        let i = usize::try_from(r["ruleIndex"].as_u64().expect("index")).expect("small");
        assert_eq!(rules[i]["id"], r["ruleId"]);
        assert_eq!(rules[i]["defaultConfiguration"]["level"], r["level"]);
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().expect("uri");
        assert!(uri.starts_with("tests/fixtures/validate/"), "{uri}");
        assert!(loc["region"]["startLine"].as_u64().is_some_and(|l| l >= 1));
        assert!(loc["region"]["startColumn"]
            .as_u64()
            .is_some_and(|c| c >= 1));
    }
    assert_eq!(results[1]["ruleId"], "duplicate-id");
    assert_eq!(
        results[1]["locations"][0]["physicalLocation"]["region"]["startLine"],
        46
    );
    // And the validator is not vacuous: a log without its version fails.
    let mut broken = log.clone();
    broken.as_object_mut().expect("object").remove("version");
    assert!(!validator.is_valid(&broken));
    assert!(rules.len() >= ctpat::findings::RULES.len());
}

#[test]
fn sarif_and_json_can_go_to_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("ctpat.sarif");
    let out_s = out.to_string_lossy().into_owned();
    let args = [
        "validate",
        "--format",
        "sarif",
        "-o",
        &out_s,
        "criteria/2023.01.yaml",
    ];
    let (status, stdout, _) = run(&args);
    assert_eq!((status, stdout.as_str()), (0, ""));
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("JSON");
    assert_eq!(log["version"], "2.1.0");
    // Never overwritten without --force.
    assert_eq!(run(&args).0, 2);
}

#[test]
fn github_annotations_are_workflow_commands() {
    let (status, stdout, _) = run(&[
        "validate",
        "--format",
        "github",
        &fixture("validate/unknown-status.yaml"),
        &fixture("validate/empty-evidence.yaml"),
        &fixture("validate/flagged-unverified.yaml"),
    ]);
    assert_eq!(status, 1);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert_eq!(
        lines[0],
        "::error file=tests/fixtures/validate/unknown-status.yaml,line=8,col=20,\
         title=ctpat unknown-status::unknown status `done` for 1.1%0Ahelp: use one of: \
         implemented, partial, not_implemented, not_applicable"
    );
    assert!(
        lines[1]
            .starts_with("::warning file=tests/fixtures/validate/empty-evidence.yaml,line=8,col="),
        "{}",
        lines[1]
    );
    assert!(lines[2].starts_with("::notice file="), "{}", lines[2]);
}

#[test]
fn the_guide_documents_every_code() {
    let readme = std::fs::read_to_string(root().join("docs/validate.md")).expect("README");
    for (code, _) in ctpat::findings::RULES {
        assert!(
            readme.contains(&format!("| `{code}` |")),
            "docs/validate.md's code table lacks {code}"
        );
    }
}
