//! `ctpat migrate`: a 2020.03 answers file carried to 2023.01 with the buckets pinned, the
//! plan without writing, the overwrite guard, mapping files (good and bad), workbooks as
//! input, both languages, and the committed example being what the binary writes.

use crate::support::{ctpat, root};
use std::path::Path;

const OLD: &str = "examples/importer-2020.03.yaml";
const MIGRATED: &str = "examples/importer-2020.03-migrated.yaml";

fn text(out: &assert_cmd::assert::Assert) -> (String, String) {
    let o = out.get_output();
    (
        String::from_utf8(o.stdout.clone()).expect("UTF-8"),
        String::from_utf8(o.stderr.clone()).expect("UTF-8"),
    )
}

/// The file's data as JSON (YAML read by ctpat's own parser).
fn yaml(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).expect("written");
    ctpat::yaml::parse::<serde_json::Value>(&text).expect("YAML")
}

/// The ids listed under the bucket whose line starts with `heading`, and its count.
fn bucket(plan: &str, heading: &str) -> (usize, Vec<String>) {
    let mut lines = plan.lines();
    let line = lines
        .find(|l| l.trim_start().starts_with(heading))
        .unwrap_or_else(|| panic!("no {heading} in:\n{plan}"));
    let count = line
        .rsplit(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a count");
    let ids = match lines.next() {
        Some(l) if l.starts_with("    ") && count > 0 => {
            l.split(", ").map(|s| s.trim().to_string()).collect()
        }
        _ => Vec::new(),
    };
    assert_eq!(ids.len(), count, "{heading}");
    (count, ids)
}

#[test]
fn a_2020_03_file_migrates_to_2023_01_with_3_9_to_review() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("2023.yaml");
    let run = ctpat()
        .args(["migrate", OLD, "--to", "2023.01", "--output"])
        .arg(&out)
        .assert()
        .success();
    // The plan goes to stderr when a file is written (stdout is the file with `--output -`).
    let (stdout, stderr) = text(&run);
    assert_eq!(stdout, "");
    assert_eq!(bucket(&stderr, "Carried unchanged").0, 92);
    assert_eq!(bucket(&stderr, "Carried, to review").1, ["3.9"]);
    assert_eq!(bucket(&stderr, "New criteria").0, 0);
    assert_eq!(bucket(&stderr, "Removed").0, 0);
    assert!(
        stderr.contains("ctpat-msc-2020.03-2023.01.yaml"),
        "{stderr}"
    );
    assert!(stderr.contains("(criteria 2023.01)"), "{stderr}");
    let data = yaml(&out);
    assert_eq!(data["criteria_version"], "2023.01");
    assert_eq!(data["answers"]["3.9"]["review"], true);
    assert_eq!(data["answers"]["3.9"]["status"], "partial");
    assert!(data["answers"]["1.1"].get("review").is_none());
    let from = &data["migrated_from"];
    assert_eq!(from["criteria_version"], "2020.03");
    let bytes = std::fs::read(root().join(OLD)).expect("example");
    assert_eq!(from["sha256"], ctpat::report::sha256_hex(&bytes));
    let on = from["migrated_on"].as_str().expect("a date");
    assert!(ctpat::calendar::is_date(on), "{on}");
    // It validates at 2023.01, and the review flag does not change the score: the same file
    // without the flags and the history scores the same.
    ctpat().args(["validate"]).arg(&out).assert().success();
    let written = std::fs::read_to_string(&out).expect("written");
    let plain: String = written
        .split("migrated_from:")
        .next()
        .expect("head")
        .lines()
        .filter(|l| l.trim() != "review: true")
        .map(|l| format!("{l}\n"))
        .collect();
    let plain_path = dir.path().join("plain.yaml");
    std::fs::write(&plain_path, plain).expect("write");
    let score = |p: &Path| {
        let out = ctpat()
            .args(["assess", "--format", "json", "--answers"])
            .arg(p)
            .output()
            .expect("runs");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert!(json["score"]["percent"].is_number(), "{json}");
        (
            json["score"].clone(),
            json["tier"]["id"].clone(),
            json["gaps"].clone(),
        )
    };
    assert_eq!(score(&out), score(&plain_path));
    // The story of the example: Tier 2 at 2020.03; at 2023.01 the partial 3.9 is a Must gap.
    assert_eq!(score(&root().join(OLD)).1, "tier_2");
    assert_eq!(score(&out).1, "not_ready");
}

#[test]
fn the_committed_example_is_what_the_binary_writes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("m.yaml");
    ctpat()
        .args(["migrate", OLD, "--to", "2023.01", "--quiet", "--output"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let date_free = |t: String| -> String {
        t.lines()
            .filter(|l| !l.trim_start().starts_with("migrated_on:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let fresh = date_free(std::fs::read_to_string(&out).expect("written"));
    let committed = date_free(std::fs::read_to_string(root().join(MIGRATED)).expect("example"));
    assert_eq!(
        fresh, committed,
        "regenerate: ctpat migrate {OLD} --to 2023.01 --output {MIGRATED} --force"
    );
}

#[test]
fn output_dash_writes_the_migrated_file_to_stdout_and_the_plan_to_stderr() {
    let run = ctpat()
        .args(["migrate", OLD, "--to", "2023.01", "--output", "-"])
        .assert()
        .success();
    let (stdout, stderr) = text(&run);
    let data = ctpat::yaml::parse::<serde_json::Value>(&stdout).expect("YAML on stdout");
    assert_eq!(data["criteria_version"], "2023.01");
    assert_eq!(bucket(&stderr, "Carried, to review").1, ["3.9"]);
}

#[test]
fn dry_run_prints_the_plan_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("never.yaml");
    let run = ctpat()
        .args(["migrate", OLD, "--to", "2023.01", "--dry-run", "--output"])
        .arg(&out)
        .assert()
        .success();
    let (stdout, stderr) = text(&run);
    assert_eq!(bucket(&stdout, "Carried, to review").1, ["3.9"]);
    assert!(stderr.contains("dry run: nothing written"), "{stderr}");
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
    // Without --output, --dry-run is enough; without either, a usage error.
    ctpat()
        .args(["migrate", OLD, "--to", "2023.01", "--dry-run"])
        .assert()
        .success();
    ctpat()
        .args(["migrate", OLD, "--to", "2023.01"])
        .assert()
        .code(2);
}

#[test]
fn an_existing_output_is_never_replaced_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("taken.yaml");
    std::fs::write(&out, "mine\n").expect("write");
    let run = ctpat()
        .args(["migrate", OLD, "--to", "2023.01", "--output"])
        .arg(&out)
        .assert()
        .code(2);
    assert!(text(&run).1.contains("already exists"));
    assert_eq!(std::fs::read_to_string(&out).expect("kept"), "mine\n");
    ctpat()
        .args(["migrate", OLD, "--to", "2023.01", "--force", "--output"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(yaml(&out)["criteria_version"], "2023.01");
}

#[test]
fn a_mapping_file_overrides_the_derived_rows_and_the_buckets_follow() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mapping = dir.path().join("mapping.yaml");
    std::fs::write(
        &mapping,
        "format: ctpat-mapping/1\n\
         from: { programme: ctpat-msc, version: \"2020.03\" }\n\
         to: { programme: ctpat-msc, version: \"2023.01\" }\n\
         state: draft\n\
         rows:\n\
         \x20 - { from: \"1.2\", to: \"1.2\", relation: split }\n\
         \x20 - { from: \"1.2\", to: \"1.3\", relation: split }\n\
         \x20 - { from: \"2.4\", relation: removed }\n\
         \x20 - { to: \"2.4\", relation: added }\n",
    )
    .expect("write");
    let out = dir.path().join("m.yaml");
    let run = ctpat()
        .args(["migrate", OLD, "--to", "2023.01", "--mapping"])
        .arg(&mapping)
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    let (_, stdout) = text(&run);
    // 1.2 split into 1.2 and 1.3 (old 1.3 loses its row: kept); 2.4 removed and re-added.
    assert_eq!(bucket(&stdout, "Carried unchanged").0, 89);
    assert_eq!(
        bucket(&stdout, "Carried, to review").1,
        ["1.2", "1.3", "3.9"]
    );
    assert_eq!(bucket(&stdout, "New criteria").1, ["2.4"]);
    assert_eq!(bucket(&stdout, "Removed").1, ["1.3", "2.4"]);
    assert!(stdout.contains("mapping.yaml"), "{stdout}");
    let data = yaml(&out);
    assert_eq!(
        data["answers"]["1.3"]["status"],
        data["answers"]["1.2"]["status"]
    );
    assert!(data["answers"].get("2.4").is_none());
    let kept = &data["migrated_from"]["answers"];
    assert_eq!(kept["2.4"]["status"], "implemented");
    assert_eq!(kept["1.3"]["status"], "implemented");
}

#[test]
fn a_bad_mapping_file_is_located_and_exits_2_writing_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mapping = dir.path().join("bad.yaml");
    std::fs::write(
        &mapping,
        "format: ctpat-mapping/1\n\
         from: { programme: ctpat-msc, version: \"2020.03\" }\n\
         to: { programme: ctpat-msc, version: \"2023.01\" }\n\
         rows:\n\
         \x20 - { from: \"1.1\", to: \"1.1\", relation: equals }\n\
         \x20 - { from: \"1.1\", to: \"99.1\", relation: equal }\n",
    )
    .expect("write");
    let out = dir.path().join("m.yaml");
    for (lang, words) in [("en", "unknown relation"), ("zh-CN", "无法识别的对应关系")] {
        let run = ctpat()
            .args([
                "--lang",
                lang,
                "migrate",
                OLD,
                "--to",
                "2023.01",
                "--mapping",
            ])
            .arg(&mapping)
            .arg("--output")
            .arg(&out)
            .assert()
            .code(2);
        let (_, stderr) = text(&run);
        assert!(
            stderr.contains("bad.yaml:5:41: error[mapping-unknown-relation]"),
            "{stderr}"
        );
        assert!(
            stderr.contains("bad.yaml:6:42: error[mapping-unknown-item]"),
            "{stderr}"
        );
        assert!(stderr.contains(words), "{stderr}");
        assert!(!out.exists());
    }
    // An answers file given as the mapping says what it is.
    let run = ctpat()
        .args([
            "migrate",
            OLD,
            "--to",
            "2023.01",
            "--dry-run",
            "--mapping",
            OLD,
        ])
        .assert()
        .code(2);
    assert!(text(&run).1.contains("error[mapping-wrong-format]"));
}

#[test]
fn a_filled_workbook_migrates_like_its_yaml() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = dir.path().join("old.xlsx");
    ctpat().args(["convert", OLD]).arg(&book).assert().success();
    let run = ctpat()
        .args(["migrate"])
        .arg(&book)
        .args(["--to", "2023.01", "--dry-run"])
        .assert()
        .success();
    let (stdout, _) = text(&run);
    assert_eq!(bucket(&stdout, "Carried unchanged").0, 92);
    assert_eq!(bucket(&stdout, "Carried, to review").1, ["3.9"]);
}

#[test]
fn the_plan_speaks_chinese_and_same_version_is_refused() {
    let run = ctpat()
        .args([
            "--lang",
            "zh-CN",
            "migrate",
            OLD,
            "--to",
            "2023.01",
            "--dry-run",
        ])
        .assert()
        .success();
    let (stdout, stderr) = text(&run);
    assert!(
        stdout.contains("答卷从标准 2020.03 迁移到 2023.01"),
        "{stdout}"
    );
    assert!(
        stdout.contains("带过去、待复核（review: true）：1"),
        "{stdout}"
    );
    assert!(stderr.contains("试运行"), "{stderr}");
    let run = ctpat()
        .args([
            "migrate",
            "examples/importer-tier2.yaml",
            "--to",
            "2023.01",
            "--dry-run",
        ])
        .assert()
        .code(2);
    assert!(text(&run).1.contains("already at criteria 2023.01"));
    let run = ctpat()
        .args(["migrate", OLD, "--to", "2031.01", "--dry-run"])
        .assert()
        .code(2);
    assert!(text(&run).1.contains("not shipped"));
}

/// Issue 13, "done when": `ctpat compare` of a 2020.03 file against its migrated 2023.01 form.
/// Nothing the company answered changed, so nothing regressed or improved and the company's
/// share of the change is 0.0; the whole change (Tier 2 to not ready) is the criteria's, 3.9
/// having become a Must.
#[test]
fn compare_of_a_file_and_its_migrated_form_puts_the_whole_change_on_the_criteria() {
    let out = ctpat()
        .args(["compare", OLD, MIGRATED, "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(d["tier"]["old"], "tier_2");
    assert_eq!(d["tier"]["new"], "not_ready");
    assert_eq!(d["regressed"], serde_json::json!([]));
    assert_eq!(d["improved"], serde_json::json!([]));
    assert_eq!(d["added"], serde_json::json!([]));
    assert_eq!(d["removed"], serde_json::json!([]));
    let split = &d["split"];
    assert_eq!(split["migration"], "migrate");
    assert_eq!(split["company"], 0.0);
    assert_eq!(split["criteria"], d["score"]["change"]);
    assert_eq!(split["migrated_score"], d["score"]["new"]);
}
