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
        ("empty", "empty-file", ": error", "examples/"),
    ] {
        let path = fixture(&format!("answers/{name}.yaml"));
        let err = stderr_of(&["assess", "--answers", &path], 2);
        assert!(err.contains(&format!("error[{code}]")), "{name}: {err}");
        assert!(err.contains(&format!("{name}.yaml{at}")), "{name}: {err}");
        assert!(err.contains(hint), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
}
