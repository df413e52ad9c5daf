//! `ctpat crosswalk` and `ctpat report --also`: the Dongguan example crosswalked to China
//! Customs' advanced standard with its buckets pinned, the committed files being what the
//! binary writes, the overwrite guard, a user's crosswalk, both languages, the completed
//! example's indicative level and total, and the side-by-side section's content.

use crate::support::{ctpat, root, stdout_json, write_temp};

const CTPAT: &str = "examples/dongguan-factory/ctpat.yaml";
const CROSSWALKED: &str = "examples/dongguan-factory/gacc-advanced-crosswalked.yaml";
const COMPLETED: &str = "examples/dongguan-factory/gacc-advanced.yaml";
const ADVANCED: &str = "gacc-aeo-2026-advanced";

fn stderr(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(out.get_output().stderr.clone()).expect("UTF-8")
}

/// The ids listed under the bucket whose line starts with `heading`.
fn bucket(plan: &str, heading: &str) -> Vec<String> {
    let mut lines = plan.lines();
    let line = lines
        .find(|l| l.trim_start().starts_with(heading))
        .unwrap_or_else(|| panic!("no {heading} in:\n{plan}"));
    let count: usize = line
        .rsplit([' ', '：'])
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a count");
    let ids: Vec<String> = match lines.next() {
        Some(l) if l.starts_with("    ") && count > 0 => {
            l.split([',', '、']).map(|s| s.trim().to_string()).collect()
        }
        _ => Vec::new(),
    };
    assert_eq!(ids.len(), count, "{heading}");
    ids
}

fn ids(range: impl IntoIterator<Item = u32>) -> Vec<String> {
    range.into_iter().map(|n| format!("({n})")).collect()
}

#[test]
fn the_dongguan_factory_crosswalks_with_every_bucket_pinned() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("gacc.yaml");
    let run = ctpat()
        .args(["crosswalk", CTPAT, "--to", ADVANCED, "--output"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let plan = stderr(&run);
    // The shipped crosswalk has no `equal` row: nothing carries a status.
    assert!(bucket(&plan, "Carried as answered").is_empty());
    let mut review = ids([9]);
    review.extend(ids(44..=68));
    assert_eq!(bucket(&plan, "Drafts to review"), review);
    let mut unanswered = ids(1..=8);
    unanswered.extend(ids([10, 11]));
    unanswered.extend(ids(16..=43));
    unanswered.extend(ids(69..=74));
    assert_eq!(bucket(&plan, "No answered C-TPAT counterpart"), unanswered);
    assert_eq!(bucket(&plan, "Computed from"), ids(12..=15));
    assert!(plan.contains("draft no person has reviewed"), "{plan}");
    assert!(plan.contains("customs decides"), "{plan}");
    let data: serde_json::Value =
        ctpat::yaml::parse(&std::fs::read_to_string(&out).expect("written")).expect("YAML");
    assert_eq!(data["criteria_version"], ADVANCED);
    let cctv = &data["answers"]["(48)"];
    assert!(cctv["status"].is_null(), "{cctv}");
    assert_eq!(cctv["review"], true);
    let note = cctv["note"].as_str().expect("a note");
    assert!(
        note.contains("C-TPAT 9.16 (Should; GACC asks more, China stricter): partial — "),
        "{note}"
    );
    assert_eq!(data["migrated_from"]["criteria_version"], "2023.01");
    // It loads, scores (not ready: everything is still to answer) and validates.
    let json = stdout_json(
        ctpat()
            .args(["assess", "--format", "json", "--answers"])
            .arg(&out),
    );
    assert_eq!(json["tier"]["id"], "not_ready");
}

#[test]
fn the_committed_crosswalked_example_is_what_the_binary_writes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("gacc.yaml");
    ctpat()
        .args([
            "crosswalk",
            CTPAT,
            "--to",
            ADVANCED,
            "--lang",
            "zh-CN",
            "--quiet",
        ])
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    let fresh = std::fs::read_to_string(&out).expect("written");
    let committed = std::fs::read_to_string(root().join(CROSSWALKED)).expect("example");
    assert_eq!(
        fresh, committed,
        "regenerate: CTPAT_AS_OF=2026-11-30 ctpat crosswalk {CTPAT} --to {ADVANCED} --lang zh-CN --output {CROSSWALKED} --force"
    );
}

#[test]
fn output_refuses_to_overwrite_without_force() {
    let (_dir, path) = write_temp("gacc.yaml", "keep me\n");
    let run = ctpat()
        .args(["crosswalk", CTPAT, "--to", ADVANCED, "--output", &path])
        .assert()
        .code(2);
    assert!(stderr(&run).contains("already exists"), "{}", stderr(&run));
    assert_eq!(std::fs::read_to_string(&path).expect("kept"), "keep me\n");
    ctpat()
        .args([
            "crosswalk",
            CTPAT,
            "--to",
            ADVANCED,
            "--force",
            "--output",
            &path,
        ])
        .assert()
        .success();
    assert_ne!(
        std::fs::read_to_string(&path).expect("replaced"),
        "keep me\n"
    );
}

#[test]
fn dry_run_in_chinese_prints_the_plan_and_the_notice() {
    let run = ctpat()
        .args([
            "crosswalk",
            CTPAT,
            "--to",
            ADVANCED,
            "--dry-run",
            "--lang",
            "zh-CN",
        ])
        .assert()
        .success();
    let out = String::from_utf8(run.get_output().stdout.clone()).expect("UTF-8");
    assert!(
        out.contains("待复核的草稿（review: true），已引用 C-TPAT 回答：26"),
        "{out}"
    );
    assert!(out.contains("能否认证由海关决定"), "{out}");
    assert!(stderr(&run).contains("试运行"), "{}", stderr(&run));
}

#[test]
fn a_users_equal_row_carries_the_answer_and_a_ctpat_target_is_refused() {
    let (_dir, mapping) = write_temp(
        "ours.yaml",
        "format: ctpat-mapping/1\nfrom: { programme: ctpat-msc, version: \"2023.01\" }\n\
         to: { programme: gacc-aeo, version: gacc-aeo-2026-advanced }\nstate: reviewed\n\
         rows:\n  - { from: \"9.16\", to: \"(48)\", relation: equal }\n",
    );
    let run = ctpat()
        .args([
            "crosswalk",
            CTPAT,
            "--to",
            ADVANCED,
            "--dry-run",
            "--mapping",
            &mapping,
        ])
        .assert()
        .success();
    let out = String::from_utf8(run.get_output().stdout.clone()).expect("UTF-8");
    assert_eq!(bucket(&out, "Carried as answered"), ["(48)"]);
    ctpat()
        .args(["crosswalk", CTPAT, "--to", "2023.01", "--dry-run"])
        .assert()
        .code(2);
}

#[test]
fn the_completed_example_is_indicatively_advanced_with_99_points() {
    let json = stdout_json(ctpat().args(["assess", "--format", "json", "--answers", COMPLETED]));
    assert_eq!(json["tier"]["id"], "gacc_advanced");
    let report =
        stdout_json(ctpat().args(["report", CTPAT, "--also", COMPLETED, "--format", "json"]));
    let also = &report["also"];
    assert_eq!(also["other_total"], 99);
    assert_eq!(also["pass_line"], 95);
    assert_eq!(
        also["other_tier"],
        "Advanced certified enterprise (indicative)"
    );
    assert_eq!(also["crosswalked"], false);
    assert_eq!(also["draft"], true);
}

#[test]
fn the_side_by_side_section_shows_stricter_rows_and_shared_evidence() {
    let report =
        stdout_json(ctpat().args(["report", CTPAT, "--also", COMPLETED, "--format", "json"]));
    let also = &report["also"];
    let list = |key: &str| -> Vec<String> {
        also[key]
            .as_array()
            .expect("a list")
            .iter()
            .map(|v| v.as_str().expect("text").to_string())
            .collect()
    };
    assert!(list("china_stricter").contains(&"(48)".to_string()));
    assert!(list("ctpat_stricter").contains(&"4.1".to_string()));
    let retention =
        "录像系统中的保存期限设置（SP-9161）/ Retention setting in the recording system";
    assert!(list("shared_evidence").contains(&retention.to_string()));
    let cctv = also["controls"]
        .as_array()
        .expect("controls")
        .iter()
        .find(|c| c["gacc"]["id"] == "(48)")
        .expect("(48) is shared");
    assert_eq!(cctv["gacc"]["status"], "partial");
    let side = cctv["ctpat"]
        .as_array()
        .expect("sides")
        .iter()
        .find(|s| s["id"] == "9.16")
        .expect("9.16");
    assert_eq!(side["status"], "partial");
    assert_eq!(side["stricter"], "to");
    // Markdown in Chinese: the section, the GACC level words, the notice and the draft state.
    let md = ctpat()
        .args(["report", CTPAT, "--also", COMPLETED, "--lang", "zh-CN"])
        .output()
        .expect("runs");
    let md = String::from_utf8(md.stdout).expect("UTF-8");
    assert!(md.contains("## 对照：C-TPAT 2023.01 与海关高级认证企业标准（2026 年版）"));
    assert!(md.contains("| (48) 视频监控 | 基本达标 |"), "{md}");
    assert!(
        md.contains("- (48) 视频监控 ← C-TPAT 9.12、9.13、9.16"),
        "{md}"
    );
    assert!(md.contains("对照表是草稿"));
    assert!(md.contains("能否认证由海关决定"));
    // A programme id crosswalks on the fly: its side stands unanswered.
    let html = ctpat()
        .args(["report", CTPAT, "--also", ADVANCED, "--format", "html"])
        .output()
        .expect("runs");
    let html = String::from_utf8(html.stdout).expect("UTF-8");
    assert!(html.contains("<section id=\"side-by-side\">"), "{html}");
    assert!(html.contains("crosswalked from the C-TPAT answers for this report"));
}
