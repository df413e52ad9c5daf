//! The promises of issue 14 that are not about the terminal: a catalog `ctpat validate`
//! accepts never makes scoring panic, and one it refuses is refused everywhere.

use crate::support::{ctpat, root};

/// The shipped catalog with its weights (and, with `implemented`, its points) replaced.
fn catalog_with_weights(
    dir: &std::path::Path,
    must: u64,
    should: u64,
    implemented: Option<u64>,
) -> std::path::PathBuf {
    let text = std::fs::read_to_string(root().join("criteria/2023.01.yaml")).expect("shipped");
    let mut text = text.replace(
        "weights: { must: 3, should: 1 }",
        &format!("weights: {{ must: {must}, should: {should} }}"),
    );
    if let Some(points) = implemented {
        text = text.replace(
            "points: { implemented: 2, partial: 1, not_implemented: 0 }",
            &format!("points: {{ implemented: {points}, partial: 1, not_implemented: 0 }}"),
        );
    }
    let path = dir.join("criteria.yaml");
    std::fs::write(&path, text).expect("write criteria");
    path
}

/// Regression: points and weights of 4294967295 passed `ctpat validate`, then `assess`,
/// `report` and `batch` panicked on an integer overflow in scoring (a division by zero in
/// release builds, once the sum wrapped).
#[test]
fn huge_catalog_numbers_made_scoring_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let max = u64::from(u32::MAX);
    let criteria = catalog_with_weights(dir.path(), max, max, Some(max));
    let out = ctpat().arg("validate").arg(&criteria).assert().code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        text.contains("error[number-out-of-range]: weights.must is 4294967295"),
        "{text}"
    );
    let answers = root().join("examples/importer-tier1.yaml");
    for command in [
        vec!["assess", "--answers"],
        vec!["report", "--format", "json"],
        vec!["batch"],
    ] {
        let out = ctpat()
            .args(&command)
            .arg(&answers)
            .arg("--criteria")
            .arg(&criteria)
            .assert()
            .code(2);
        let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(!err.contains("panicked"), "{command:?}: {err}");
        assert!(err.contains("number-out-of-range"), "{command:?}: {err}");
    }
}

/// The largest weights validation accepts score an answers file normally.
#[test]
fn weights_at_the_bound_score_like_small_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let criteria = catalog_with_weights(dir.path(), 1000, 1000, Some(1000));
    ctpat().arg("validate").arg(&criteria).assert().success();
    let answers = root().join("examples/importer-tier1.yaml");
    let out = ctpat()
        .args(["assess", "--format", "json", "--answers"])
        .arg(&answers)
        .arg("--criteria")
        .arg(&criteria)
        .assert();
    let report: serde_json::Value =
        serde_json::from_slice(&out.get_output().stdout).expect("JSON report");
    let percent = report["score"]["percent"].as_f64().expect("a percentage");
    assert!(percent > 0.0 && percent <= 100.0, "{report}");
}
