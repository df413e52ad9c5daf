//! `ctpat batch` end to end: a portfolio of good, broken and below-threshold files, stable
//! output whatever the thread count, safe report names, and no overwriting without --force.

use crate::support::{ctpat, fixture};
use std::path::{Path, PathBuf};

const PORTFOLIO: &str = "batch/portfolio";

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file under `dir`, relative to it, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("readable folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).expect("under base");
                out.push(rel.to_string_lossy().into_owned());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn run(args: &[&str], code: i32) -> (String, String) {
    let out = ctpat().arg("batch").args(args).assert().code(code);
    let output = out.get_output();
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn portfolio_with_a_broken_file_scores_the_rest_and_exits_2() {
    let out = tempfile::tempdir().expect("tempdir");
    let out_dir = out.path().join("reports");
    let out_arg = out_dir.to_string_lossy().into_owned();
    let (stdout, stderr) = run(
        &[
            &fixture(PORTFOLIO),
            "--fail-under",
            "tier_2",
            "--out",
            &out_arg,
        ],
        2,
    );
    // Rows sorted by path; the hidden folder and notes.txt are skipped.
    let order: Vec<usize> = [
        "acme/answers.yaml",
        "beta/answers.yaml",
        "broken.yaml",
        "gamma.yml",
    ]
    .iter()
    .map(|p| {
        stdout
            .find(p)
            .unwrap_or_else(|| panic!("{p} missing:\n{stdout}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{stdout}");
    assert!(
        !stdout.contains(".archive") && !stdout.contains("notes.txt"),
        "{stdout}"
    );
    assert!(
        stdout.contains("broken.yaml:7:33: unknown field `evidnce`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("4 files: 3 scored, 1 with errors."),
        "{stdout}"
    );
    assert!(stdout.contains("2 clients below tier_2."), "{stdout}");
    assert!(
        stdout.contains("Most common gaps across the portfolio"),
        "{stdout}"
    );
    // The broken file's every problem, located, on stderr.
    assert!(stderr.contains("error[unknown-field]"), "{stderr}");
    assert!(stderr.contains("did you mean `evidence`?"), "{stderr}");

    assert_eq!(
        files_under(&out_dir),
        [
            "clients/acme__answers.json",
            "clients/beta__answers.json",
            "clients/gamma.json",
            "common-gaps.csv",
            "portfolio.xlsx",
            "summary.csv",
            "summary.json",
        ]
    );
    let acme: serde_json::Value =
        serde_json::from_str(&read(&out_dir.join("clients/acme__answers.json"))).expect("JSON");
    assert_eq!(acme["format"], "ctpat-report/1");
    assert_eq!(acme["company"]["name"], "Pacific Coast Outdoor Supply LLC");
    assert_eq!(acme["tier"]["id"], "tier_2");

    let summary: serde_json::Value =
        serde_json::from_str(&read(&out_dir.join("summary.json"))).expect("JSON");
    assert_eq!(summary["format"], "ctpat-portfolio/1");
    assert_eq!(summary["fail_under"], "tier_2");
    assert_eq!(summary["totals"]["files"], 4);
    assert_eq!(summary["totals"]["scored"], 3);
    assert_eq!(summary["totals"]["errors"], 1);
    assert_eq!(summary["totals"]["below_threshold"], 2);
    let clients = summary["clients"].as_array().expect("clients");
    let tiers: Vec<(&str, &str)> = clients
        .iter()
        .map(|c| {
            (
                c["status"].as_str().unwrap_or_default(),
                c["tier"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        tiers,
        [
            ("scored", "tier_2"),
            ("scored", "not_ready"),
            ("error", "-"),
            ("scored", "tier_1")
        ]
    );
    assert_eq!(clients[2]["code"], "unknown-field");
    assert_eq!(clients[2]["location"]["line"], 7);
    assert_eq!(clients[2]["location"]["column"], 33);
    // 1.2 is open in all three scored clients: the most common gap.
    assert_eq!(summary["common_gaps"][0]["id"], "1.2");
    assert_eq!(summary["common_gaps"][0]["clients"], 3);
    let gaps = summary["common_gaps"].as_array().expect("gaps");
    for pair in gaps.windows(2) {
        assert!(pair[0]["clients"].as_u64() >= pair[1]["clients"].as_u64());
    }

    let csv = read(&out_dir.join("summary.csv"));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 5, "{csv}");
    assert!(lines[1].starts_with("tests/fixtures/batch/portfolio/acme/answers.yaml,ok,"));
    // The version is a text formula, so a spreadsheet keeps 2023.01 (docs/spreadsheets.md).
    assert!(lines[2].contains(
        ",below,Sunbelt Kitchenware Trading Co.,importer,\"=\"\"2023.01\"\"\",not_ready,"
    ));
    assert!(lines[3].ends_with(",error,,,,,,,,,unknown-field,7,33,unknown field `evidnce`,,,"));
    assert!(
        lines[1].ends_with(",acme__answers,cross_checked,false"),
        "{csv}"
    );
    assert!(
        lines[0].ends_with(",error,report,coverage,provisional"),
        "{csv}"
    );
    let gaps_csv = read(&out_dir.join("common-gaps.csv"));
    assert!(gaps_csv.starts_with(
        "\u{feff}criterion,requirement,title,clients,applicable\r\n\"=\"\"1.2\"\"\",should,"
    ));
}

#[test]
fn below_threshold_without_errors_exits_1_and_all_good_exits_0() {
    let good = fixture("batch/portfolio/acme/answers.yaml");
    let low = fixture("batch/portfolio/gamma.yml");
    let (stdout, _) = run(&[&good, &low, "--fail-under", "tier_2"], 1);
    assert!(stdout.contains("1 client below tier_2."), "{stdout}");
    run(&[&good, &low, "--fail-under", "tier_1"], 0);
    run(&[&good, &low], 0);
}

#[test]
fn quoted_globs_are_expanded_by_ctpat() {
    let pattern = fixture("batch/portfolio/*/answers.yaml");
    let (stdout, _) = run(&[&pattern], 0);
    assert!(stdout.contains("acme/answers.yaml") && stdout.contains("beta/answers.yaml"));
    assert!(
        stdout.contains("2 files: 2 scored, 0 with errors."),
        "{stdout}"
    );
    let (stdout, _) = run(&[&fixture("batch/portfolio/*.nothing")], 2);
    assert!(stdout.contains("no file matches this pattern"), "{stdout}");
}

#[test]
fn a_missing_path_is_an_error_row_and_the_rest_is_scored() {
    let (stdout, _) = run(
        &[
            "tests/fixtures/batch/no-such-folder",
            &fixture("batch/portfolio/gamma.yml"),
        ],
        2,
    );
    assert!(stdout.contains("no such file or folder"), "{stdout}");
    assert!(
        stdout.contains("2 files: 1 scored, 1 with errors."),
        "{stdout}"
    );
}

#[test]
fn output_is_byte_identical_with_one_or_four_threads() {
    let runs: Vec<(String, tempfile::TempDir)> = ["1", "4"]
        .iter()
        .map(|jobs| {
            let dir = tempfile::tempdir().expect("tempdir");
            let out_arg = dir.path().to_string_lossy().into_owned();
            let (stdout, _) = run(
                &[
                    &fixture(PORTFOLIO),
                    &fixture("answers"),
                    "--jobs",
                    jobs,
                    "--out",
                    &out_arg,
                    "--fail-under",
                    "tier_1",
                ],
                2,
            );
            (stdout, dir)
        })
        .collect();
    assert_eq!(runs[0].0, runs[1].0);
    let files = files_under(runs[0].1.path());
    assert_eq!(files, files_under(runs[1].1.path()));
    assert!(files.len() > 6, "{files:?}");
    for f in &files {
        assert_eq!(
            std::fs::read(runs[0].1.path().join(f)).expect("read"),
            std::fs::read(runs[1].1.path().join(f)).expect("read"),
            "{f} differs"
        );
    }
}

#[test]
fn hostile_company_and_file_names_cannot_write_outside_out() {
    let root = tempfile::tempdir().expect("tempdir");
    let inputs = root.path().join("in");
    let nested = inputs.join("sub");
    std::fs::create_dir_all(&nested).expect("mkdir");
    let hostile = read(&PathBuf::from(fixture("batch/hostile/client.yaml")));
    // File names that would climb, hide, or carry control characters if used raw.
    for name in ["..yaml", "x\n..\u{1b}[2J.yaml", "CON.yaml", "a b.yaml"] {
        std::fs::write(inputs.join(name), &hostile).expect("write");
    }
    std::fs::write(nested.join("answers.yaml"), &hostile).expect("write");
    let out = root.path().join("out");
    // `..yaml` is hidden in a folder walk, so it is named directly too.
    let (stdout, _) = run(
        &[
            &inputs.to_string_lossy(),
            &inputs.join("..yaml").to_string_lossy(),
            &fixture("batch/hostile"),
            "--out",
            &out.to_string_lossy(),
        ],
        0,
    );
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
    assert!(
        !stdout.contains("../../evil"),
        "the table shows paths, not names"
    );
    // Everything written is inside --out, one report per input, named after its path.
    let mut all = files_under(root.path());
    all.retain(|f| !f.starts_with("in/"));
    assert_eq!(
        all,
        [
            "out/clients/_CON.json",
            "out/clients/a_b.json",
            "out/clients/client.json",
            "out/clients/client~2.json",
            "out/clients/sub__answers.json",
            "out/clients/x_.__2J.json",
            "out/common-gaps.csv",
            "out/portfolio.xlsx",
            "out/summary.csv",
            "out/summary.json",
        ]
    );
    assert!(!root.path().join("evil").exists());
    let report: serde_json::Value =
        serde_json::from_str(&read(&out.join("clients/a_b.json"))).expect("JSON");
    assert_eq!(
        report["company"]["name"],
        "../../evil/x\u{1b}[31m\u{7}\nCON"
    );
    let csv = read(&out.join("summary.csv"));
    assert!(!csv.contains('\u{1b}') && !csv.contains('\u{7}'), "{csv}");
}

#[test]
fn existing_outputs_are_kept_without_force() {
    let out = tempfile::tempdir().expect("tempdir");
    let out_arg = out.path().to_string_lossy().into_owned();
    let input = fixture("batch/portfolio/acme/answers.yaml");
    run(&[&input, "--out", &out_arg], 0);
    let summary = out.path().join("summary.json");
    std::fs::write(&summary, "kept\n").expect("write");
    let (stdout, stderr) = run(&[&input, "--out", &out_arg], 2);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("already exists"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(read(&summary), "kept\n");
    run(&[&input, "--out", &out_arg, "--force"], 0);
    assert!(read(&summary).contains("ctpat-portfolio/1"));
    // A client's report alone is kept too.
    for name in [
        "summary.json",
        "summary.csv",
        "common-gaps.csv",
        "portfolio.xlsx",
    ] {
        std::fs::remove_file(out.path().join(name)).expect("remove");
    }
    let report = out.path().join("clients/answers.json");
    std::fs::write(&report, "kept\n").expect("write");
    let (_, stderr) = run(&[&input, "--out", &out_arg], 2);
    assert!(stderr.contains("answers.json already exists"), "{stderr}");
    assert_eq!(read(&report), "kept\n");
    assert!(!summary.exists());
}

#[test]
fn every_report_format_is_written_per_client_with_real_input_hashes() {
    let out = tempfile::tempdir().expect("tempdir");
    let out_arg = out.path().to_string_lossy().into_owned();
    run(
        &[
            &fixture(PORTFOLIO),
            "--out",
            &out_arg,
            "--format",
            "markdown,html,json,csv",
        ],
        2,
    );
    let files = files_under(out.path());
    for ext in ["md", "html", "json", "csv"] {
        assert!(
            files.contains(&format!("clients/gamma.{ext}")),
            "{ext} missing: {files:?}"
        );
    }
    let html = read(&out.path().join("clients/gamma.html"));
    assert!(
        html.contains("Content-Security-Policy"),
        "self-contained HTML report"
    );
    // The manifest hashes the very bytes of the client's file and of the embedded catalog.
    let report: serde_json::Value =
        serde_json::from_str(&read(&out.path().join("clients/gamma.json"))).expect("JSON");
    let answers =
        std::fs::read(crate::support::root().join(fixture(&format!("{PORTFOLIO}/gamma.yml"))))
            .expect("fixture");
    assert_eq!(report["manifest"]["answers_sha256"], sha256_hex(&answers));
    let criteria = include_bytes!("../../criteria/2023.01.yaml");
    assert_eq!(report["manifest"]["criteria_sha256"], sha256_hex(criteria));
    // Formats need somewhere to go.
    let (_, stderr) = run(&[&fixture(PORTFOLIO), "--format", "json"], 2);
    assert!(stderr.contains("--out"), "{stderr}");
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn an_empty_folder_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, stderr) = run(&[&dir.path().to_string_lossy()], 2);
    assert!(stderr.contains("no answers files"), "{stderr}");
}

#[test]
fn criteria_file_scores_every_client_and_a_version_mismatch_is_an_error_row() {
    let acme = fixture("batch/portfolio/acme/answers.yaml");
    let (stdout, _) = run(&["--criteria", "criteria/2023.01.yaml", &acme], 0);
    assert!(
        stdout.contains("Tier 2 (ready for CBP validation)"),
        "{stdout}"
    );
    let (stdout, _) = run(&["--criteria", "criteria/2020.03.yaml", &acme, "-q"], 2);
    assert!(
        stdout.contains("answers.yaml:5:19: the answers were given against criteria 2023.01"),
        "{stdout}"
    );
}

#[test]
fn an_unknown_fail_under_tier_is_a_usage_error_before_any_work() {
    let out = tempfile::tempdir().expect("tempdir");
    let out_dir = out.path().join("never");
    let (stdout, stderr) = run(
        &[
            &fixture(PORTFOLIO),
            "--fail-under",
            "tier_9",
            "--out",
            &out_dir.to_string_lossy(),
        ],
        2,
    );
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("use one of: tier_1, tier_2, tier_3"),
        "{stderr}"
    );
    assert!(!out_dir.exists());
}

/// A portfolio with China Customs files says under the summary where that standard comes
/// from, in both languages; one of C-TPAT files only says nothing of it.
#[test]
fn a_summary_with_china_customs_files_carries_the_standards_notice() {
    for (lang, words) in [
        ("en", "About gacc-aeo-2026-advanced: A secondary encoding"),
        ("zh-CN", "关于 gacc-aeo-2026-advanced：本标准是二手编码"),
    ] {
        let out = ctpat()
            .args([
                "batch",
                "examples/dongguan-factory",
                "--quiet",
                "--lang",
                lang,
            ])
            .assert();
        let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(stdout.contains(words), "{stdout}");
    }
    let out = ctpat()
        .args(["batch", "examples/importer-tier2.yaml", "--quiet"])
        .assert();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(!stdout.contains("About "), "{stdout}");
}
