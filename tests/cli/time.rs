//! Time (issue 13): the as-of date, dated evidence and its freshness, waivers, and a company
//! one year on (`examples/one-year-on/`), through the real binary.

use crate::support::{ctpat, root, stdout_json, AS_OF};
use serde_json::Value;

const Y2025: &str = "examples/one-year-on/importer-2025.yaml";
const Y2026: &str = "examples/one-year-on/importer-2026.yaml";

fn report(args: &[&str]) -> Value {
    let mut cmd = ctpat();
    cmd.args(["assess", "--format", "json", "--answers"])
        .args(args);
    stdout_json(&mut cmd)
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("a list")
        .iter()
        .map(|x| {
            x.as_str()
                .map(str::to_string)
                .or_else(|| x["id"].as_str().map(str::to_string))
                .expect("an id")
        })
        .collect()
}

#[test]
fn one_year_on_stale_risk_assessment_blocks_tier_2_and_says_which_and_when() {
    let r = report(&[Y2026]);
    assert_eq!(r["as_of"], AS_OF);
    assert_eq!(r["manifest"]["as_of"], AS_OF);
    assert_eq!(r["tier"]["id"], "tier_1");
    let blockers = r["tier"]["next"]["blockers"].as_array().expect("blockers");
    let stale: Vec<&Value> = blockers
        .iter()
        .filter(|b| b["missing"] == "fresh-evidence")
        .collect();
    assert_eq!(stale.len(), 1, "{blockers:?}");
    assert_eq!(stale[0]["criterion"], "2.3");
    assert_eq!(
        stale[0]["aged_out"]["evidence"],
        "Risk assessment review RA-2025, signed by the COO"
    );
    assert_eq!(stale[0]["aged_out"]["until"], "2026-10-15");
    assert!(stale[0]["message"]
        .as_str()
        .expect("text")
        .contains("2026-10-15"));
    // Freshness, per criterion and in lists.
    assert_eq!(ids(&r["freshness"]["stale"]), ["2.3"]);
    assert_eq!(ids(&r["freshness"]["expiring"]), ["9.8"]);
    assert_eq!(r["freshness"]["expiring"][0]["until"], "2026-12-20");
    let register = r["register"].as_array().expect("register");
    let of = |id: &str| {
        register
            .iter()
            .find(|e| e["id"] == id)
            .map(|e| e["freshness"].as_str().expect("freshness").to_string())
    };
    assert_eq!(of("2.3").as_deref(), Some("stale"));
    assert_eq!(of("9.8").as_deref(), Some("expiring"));
    assert_eq!(of("4.6").as_deref(), Some("fresh"));
    assert_eq!(of("1.1").as_deref(), Some("undated"));
    // Waivers: the expired one counts as the gap again; the new one holds.
    let waivers: Vec<(String, String, String)> = r["waivers"]
        .as_array()
        .expect("waivers")
        .iter()
        .map(|w| {
            (
                w["criterion"].as_str().expect("id").to_string(),
                w["state"].as_str().expect("state").to_string(),
                w["effect"].as_str().expect("effect").to_string(),
            )
        })
        .collect();
    assert_eq!(
        waivers,
        [
            ("1.2".into(), "expired".into(), "expired".into()),
            ("4.11".into(), "active".into(), "accepted".into())
        ]
    );
    let codes: Vec<&str> = r["tier"]["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .map(|x| x["code"].as_str().expect("code"))
        .collect();
    for code in ["musts-evidence-stale", "shoulds-waived", "waivers-expired"] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
}

#[test]
fn the_as_of_date_decides_and_the_report_records_it() {
    // The 2025 file as of its own day is Tier 2; the same file a year later is not.
    let then = report(&[Y2025, "--as-of", "2025-11-05"]);
    assert_eq!(then["tier"]["id"], "tier_2");
    assert_eq!(then["as_of"], "2025-11-05");
    assert_eq!(then["waivers"][0]["state"], "active");
    let now = report(&[Y2025]);
    assert_eq!(now["tier"]["id"], "tier_1");
    assert_eq!(now["waivers"][0]["state"], "expired");
    // Points do not age: only the ladder and the lists move.
    assert_eq!(then["score"], now["score"]);
    // The flag wins over CTPAT_AS_OF, and dates typed as people type them are read.
    let typed = report(&[Y2025, "--as-of", "2025年11月5日"]);
    assert_eq!(typed["as_of"], "2025-11-05");
}

#[test]
fn without_a_date_the_run_is_as_of_today() {
    let out = ctpat()
        .env_remove("CTPAT_AS_OF")
        .args(["assess", "--format", "json", "--answers", Y2026])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let r: Value = serde_json::from_slice(&out.stdout).expect("json");
    let today = jiff::ZonedDateTime::now().date().to_string();
    assert_eq!(r["as_of"], today.as_str());
}

#[test]
fn a_bad_as_of_date_is_a_usage_error_naming_it() {
    let out = ctpat()
        .args(["assess", "--answers", Y2026, "--as-of", "2026-02-30"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("2026-02-30"), "{err}");
    let out = ctpat()
        .env("CTPAT_AS_OF", "soon")
        .args(["assess", "--answers", Y2026])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("CTPAT_AS_OF=soon"), "{err}");
}

#[test]
fn compare_one_year_on_gives_the_expected_buckets() {
    let mut cmd = ctpat();
    cmd.args(["compare", Y2025, Y2026, "--format", "json"]);
    let c = stdout_json(&mut cmd);
    assert_eq!(c["tier"]["old"], "tier_2");
    assert_eq!(c["tier"]["new"], "tier_1");
    assert_eq!(ids(&c["regressed"]), ["5.5"]);
    assert_eq!(ids(&c["improved"]), ["4.4"]);
    assert_eq!(ids(&c["evidence_aged_out"]), ["2.3"]);
    assert_eq!(ids(&c["waivers_expired"]), ["1.2"]);
    assert_eq!(c["manifest"]["old"]["as_of"], "2025-11-05");
    assert_eq!(c["manifest"]["new"]["as_of"], AS_OF);
    // 2.3 is a Must whose evidence aged out: a regression CI should catch.
    let out = ctpat()
        .args(["compare", Y2025, Y2026, "--fail-on-regression"])
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("2.3"), "{err}");
}

#[test]
fn validate_reports_lapsed_and_lapsing_waivers_as_of_the_date() {
    // As of 2026-11-30 the waiver of 1.2 has lapsed: an error.
    let out = ctpat().args(["validate", Y2026]).assert().code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("error[waiver-expired]"), "{text}");
    // Two weeks before 1.2 lapsed it was a warning, and the file passed.
    let out = ctpat()
        .args(["validate", Y2025, "--as-of", "2026-09-16"])
        .assert()
        .code(0);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("warning[waiver-expiring]"), "{text}");
    ctpat()
        .args(["validate", Y2025, "--as-of", "2025-11-05"])
        .assert()
        .code(0);
}

#[test]
fn dated_evidence_survives_a_workbook_and_waivers_are_never_dropped_silently() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The 2026 file without its waivers: its dated evidence goes to a workbook and back.
    let text = std::fs::read_to_string(root().join(Y2026)).expect("example");
    let cut = text.find("\nwaivers:").expect("waivers block");
    let plain = dir.path().join("plain.yaml");
    std::fs::write(&plain, &text[..=cut]).expect("write");
    let book = dir.path().join("q.xlsx");
    ctpat()
        .args(["convert"])
        .arg(&plain)
        .arg(&book)
        .assert()
        .success();
    let back = dir.path().join("back.yaml");
    ctpat()
        .args(["convert"])
        .arg(&book)
        .arg(&back)
        .assert()
        .success();
    let again = std::fs::read_to_string(&back).expect("read");
    assert!(
        again.contains(
            "- { ref: \"CTPAT point-of-contact training certificates\", date: 2026-02-10, valid_until: 2027-02-09 }"
        ),
        "{again}"
    );
    let scored = |p: &std::path::Path| {
        let mut cmd = ctpat();
        cmd.args(["assess", "--format", "json", "--answers"]).arg(p);
        let r = stdout_json(&mut cmd);
        (
            r["tier"].clone(),
            r["freshness"].clone(),
            r["register"].clone(),
        )
    };
    assert_eq!(scored(&plain), scored(&book));
    // With waivers, the workbook is refused and nothing is written.
    let refused = dir.path().join("refused.xlsx");
    let out = ctpat()
        .args(["convert", Y2026])
        .arg(&refused)
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("2 waivers"), "{err}");
    assert!(!refused.exists());
}
