//! `ctpat schema`: the committed schemas are current, and every shipped file satisfies its
//! schema. Regenerate stale schemas with `CTPAT_BLESS=1 cargo test --test cli schema`.

use crate::support::{ctpat, root};

const KINDS: [&str; 11] = [
    "criteria",
    "answers",
    "ui",
    "report",
    "tailoring",
    "partners",
    "threats",
    "partner-rules",
    "partners-report",
    "mapping",
    "compare",
];

fn generated(kind: &str) -> String {
    let out = ctpat().args(["schema", kind]).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8")
}

#[test]
fn committed_schemas_are_current() {
    let bless = std::env::var_os("CTPAT_BLESS").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for kind in KINDS {
        let path = root().join(format!("schemas/{kind}.schema.json"));
        let fresh = generated(kind);
        if bless {
            std::fs::write(&path, &fresh).expect("write schema");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(fresh.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale schemas (regenerate with `CTPAT_BLESS=1 cargo test --test cli schema`): {stale:?}"
    );
}

fn yaml_as_json(path: &std::path::Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).expect("read");
    ctpat::yaml::parse::<serde_json::Value>(&text).expect("YAML")
}

fn files_in(dir: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(root().join(dir))
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn shipped_files_satisfy_their_schemas_and_point_at_them() {
    let mut checked = 0;
    let files = files_in("criteria")
        .into_iter()
        .chain(files_in("criteria/mappings"))
        .chain(files_in("examples"))
        .chain(files_in("examples/partners"));
    for path in files {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&path).expect("read");
        let kind = if name == "ui.yaml" {
            "ui"
        } else if text.contains("\nformat: ctpat-mapping/1\n") {
            "mapping"
        } else if text.contains("\nformat: ctpat-tailoring/1\n") {
            "tailoring"
        } else if text.contains("\nformat: ctpat-partner-rules/1\n") {
            "partner-rules"
        } else if text.contains("\nformat: ctpat-partners/1\n") {
            "partners"
        } else if text.contains("\nformat: ctpat-threats/1\n") {
            "threats"
        } else if path
            .parent()
            .is_some_and(|p| p.ends_with("examples") || p.ends_with("examples/partners"))
        {
            "answers"
        } else {
            "criteria"
        };
        // examples/partners/ and criteria/mappings/ are one folder deeper than the others.
        let up = if path
            .parent()
            .is_some_and(|p| p.ends_with("partners") || p.ends_with("mappings"))
        {
            "../../"
        } else {
            "../"
        };
        let first = std::fs::read_to_string(&path)
            .expect("read")
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        assert_eq!(
            first,
            format!("# yaml-language-server: $schema={up}schemas/{kind}.schema.json"),
            "{name}"
        );
        let schema: serde_json::Value =
            serde_json::from_str(&generated(kind)).expect("schema is JSON");
        let validator = jsonschema::validator_for(&schema).expect("schema compiles");
        let instance = yaml_as_json(&path);
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} files checked");
}

#[test]
fn schemas_reject_what_the_loaders_reject() {
    let schema: serde_json::Value =
        serde_json::from_str(&generated("answers")).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let bad = serde_json::json!({
        "format": "ctpat-answers/1",
        "company": { "name": "X", "entity": "importr" },
        "answers": { "1.1": { "status": "done", "evidnce": [] } }
    });
    let errors: Vec<String> = validator
        .iter_errors(&bad)
        .map(|e| e.instance_path().to_string())
        .collect();
    for at in ["/company/entity", "/answers/1.1/status", "/answers/1.1"] {
        assert!(
            errors.iter().any(|e| e == at),
            "{at} not flagged: {errors:?}"
        );
    }
}

#[test]
fn unknown_schema_kind_is_a_usage_error() {
    ctpat().args(["schema", "reportz"]).assert().code(2);
}
