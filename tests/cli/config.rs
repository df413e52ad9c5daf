//! `ctpat.toml`, `CTPAT_*` and flags: precedence as `ctpat config show` reports it, the
//! config reaching real commands, and located errors for bad files.

use crate::support::{ctpat, ctpat_in, fixture, stdout_json};
use std::path::Path;

fn show_json(cmd: &mut assert_cmd::Command) -> serde_json::Value {
    stdout_json(cmd.args(["config", "show", "--format", "json"]))
}

fn setting<'a>(json: &'a serde_json::Value, name: &str) -> (&'a serde_json::Value, String) {
    let s = &json["settings"][name];
    let origin = &s["origin"];
    let shown = match origin["name"].as_str() {
        Some(n) => format!("{} {n}", origin["kind"].as_str().unwrap_or_default()),
        None => origin["kind"].as_str().unwrap_or_default().to_string(),
    };
    (&s["value"], shown)
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

#[test]
fn defaults_when_nothing_is_set() {
    let dir = tempfile::tempdir().expect("tempdir");
    let json = show_json(&mut ctpat_in(dir.path()));
    assert_eq!(json["config_file"], serde_json::Value::Null);
    assert_eq!(setting(&json, "lang"), (&"en".into(), "default".into()));
    assert_eq!(
        setting(&json, "entity"),
        (&serde_json::Value::Null, "default".into())
    );
    assert_eq!(json["settings"]["formats"]["value"][0], "terminal");
}

#[test]
fn flag_beats_env_beats_file_beats_default() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        &dir.path().join("ctpat.toml"),
        "lang = \"zh-CN\"\nentity = \"exporter\"\ncriteria_version = \"2020.03\"\n",
    );
    let file = "file ctpat.toml".to_string();

    let json = show_json(&mut ctpat_in(dir.path()));
    assert_eq!(json["config_file"], "ctpat.toml");
    assert_eq!(setting(&json, "lang"), (&"zh-CN".into(), file.clone()));
    assert_eq!(setting(&json, "entity"), (&"exporter".into(), file.clone()));
    assert_eq!(
        setting(&json, "criteria_version"),
        (&"2020.03".into(), file.clone())
    );

    let json = show_json(
        ctpat_in(dir.path())
            .env("CTPAT_LANG", "en")
            .env("CTPAT_ENTITY", "importer"),
    );
    assert_eq!(
        setting(&json, "lang"),
        (&"en".into(), "env CTPAT_LANG".into())
    );
    assert_eq!(
        setting(&json, "entity"),
        (&"importer".into(), "env CTPAT_ENTITY".into())
    );
    assert_eq!(setting(&json, "criteria_version").1, file);

    let json = show_json(
        ctpat_in(dir.path())
            .env("CTPAT_LANG", "en")
            .args(["--lang", "zh-CN"]),
    );
    assert_eq!(
        setting(&json, "lang"),
        (&"zh-CN".into(), "flag --lang".into())
    );
}

#[test]
fn show_prints_each_value_with_its_origin() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        &dir.path().join("ctpat.toml"),
        "entity = \"importer\"\n[company]\nname = \"Acme\"\n",
    );
    let out = ctpat_in(dir.path())
        .env("CTPAT_ASSESSOR", "Jordan Alvarez")
        .args(["config", "show"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let line = |key: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{key} ")))
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(line("entity"), "entity importer file ctpat.toml", "{text}");
    assert_eq!(line("company.name"), "company.name Acme file ctpat.toml");
    assert_eq!(
        line("company.assessor"),
        "company.assessor Jordan Alvarez env CTPAT_ASSESSOR"
    );
    assert_eq!(line("lang"), "lang en default");
    assert!(text.contains("Config file: ctpat.toml"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour in a pipe: {text}");
}

#[test]
fn the_user_config_folder_is_used_when_the_working_directory_has_none() {
    let dir = tempfile::tempdir().expect("tempdir");
    let user = dir.path().join("config/ctpat/ctpat.toml");
    write(&user, "lang = \"zh-CN\"\n");
    let json = show_json(&mut ctpat_in(dir.path()));
    assert_eq!(
        setting(&json, "lang"),
        (&"zh-CN".into(), format!("file {}", user.display()))
    );

    // Without XDG_CONFIG_HOME, ~/.config/ctpat/ctpat.toml.
    let home = dir.path().join("home/.config/ctpat/ctpat.toml");
    write(&home, "entity = \"sea_carrier\"\n");
    let json = show_json(ctpat_in(dir.path()).env_remove("XDG_CONFIG_HOME"));
    assert_eq!(setting(&json, "entity").0, "sea_carrier");

    // A ctpat.toml in the working directory wins over the user's.
    write(&dir.path().join("ctpat.toml"), "lang = \"en\"\n");
    let json = show_json(&mut ctpat_in(dir.path()));
    assert_eq!(
        setting(&json, "lang"),
        (&"en".into(), "file ctpat.toml".into())
    );

    // --config names the file outright.
    let json = show_json(ctpat_in(dir.path()).args(["--config", &user.to_string_lossy()]));
    assert_eq!(setting(&json, "lang").0, "zh-CN");
}

#[test]
fn unknown_key_is_located_with_a_suggestion_and_exits_2() {
    let out = ctpat()
        .args([
            "--config",
            &fixture("config/unknown-key.toml"),
            "config",
            "show",
        ])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("config/unknown-key.toml:7:1: error[unknown-key]: unknown key `contry`"),
        "{err}"
    );
    assert!(err.contains("7 | contry = \"US\""), "{err}");
    assert!(err.contains("= help: did you mean `country`?"), "{err}");
    assert!(out.get_output().stdout.is_empty());
}

#[test]
fn config_errors_speak_chinese_when_asked() {
    let out = ctpat()
        .env("LANG", "zh_CN.UTF-8")
        .args(["--config", &fixture("config/unknown-key.toml"), "assess"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("未知的配置项 `contry`"), "{err}");
    assert!(err.contains("是不是要写 `country`？"), "{err}");
}

#[test]
fn bad_values_in_file_and_env_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        &dir.path().join("ctpat.toml"),
        "lang = \"fr\"\nentity = \"importr\"\n",
    );
    let out = ctpat_in(dir.path())
        .args(["config", "show"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("ctpat.toml:1:8: error[bad-value]"), "{err}");
    assert!(err.contains("ctpat.toml:2:10: error[bad-value]"), "{err}");
    assert!(err.contains("did you mean `importer`?"), "{err}");

    let out = ctpat()
        .env("CTPAT_CRITERIA_VERSION", "2019.01")
        .args(["criteria", "list"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("CTPAT_CRITERIA_VERSION=2019.01"), "{err}");

    ctpat()
        .args(["--config", "does-not-exist.toml", "config", "show"])
        .assert()
        .code(2);
}

#[test]
fn configured_criteria_version_and_lang_reach_criteria_list() {
    let list = stdout_json(ctpat().args([
        "--config",
        &fixture("config/full.toml"),
        "criteria",
        "list",
        "--format",
        "json",
    ]));
    assert_eq!(list["criteria_version"], "2020.03");
    let list = stdout_json(
        ctpat()
            .env("CTPAT_CRITERIA_VERSION", "2023.01")
            .args(["--config", &fixture("config/full.toml")])
            .args(["criteria", "list", "--format", "json"]),
    );
    assert_eq!(list["criteria_version"], "2023.01", "env beats the file");

    let out = ctpat()
        .args(["--config", &fixture("config/full.toml"), "criteria", "list"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("标准版本：2020.03"), "{text}");
}

#[test]
fn configured_criteria_file_reaches_init_and_assess() {
    let dir = tempfile::tempdir().expect("tempdir");
    let catalog = crate::support::root().join("criteria/2020.03.yaml");
    write(
        &dir.path().join("ctpat.toml"),
        &format!(
            "criteria = {:?}\nentity = \"importer\"\n",
            catalog.to_string_lossy()
        ),
    );
    ctpat_in(dir.path()).args(["init"]).assert().success();
    let report = stdout_json(ctpat_in(dir.path()).args([
        "assess",
        "--answers",
        "answers.yaml",
        "--format",
        "json",
    ]));
    assert_eq!(report["criteria"]["version"], "2020.03");

    // The 2023.01 example does not match the configured 2020.03 file.
    let answers = crate::support::root().join("examples/importer-tier2.yaml");
    let out = ctpat_in(dir.path())
        .args(["assess", "--answers", &answers.to_string_lossy()])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("holds criteria version 2020.03, not 2023.01"),
        "{err}"
    );
}

#[test]
fn color_always_colours_config_show() {
    let out = ctpat()
        .args(["--color", "always", "config", "show"])
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("\u{1b}[1m"));
    ctpat()
        .args(["--quiet", "--verbose", "config", "show"])
        .assert()
        .code(2);
}

#[test]
fn verbose_names_the_config_file() {
    let out = ctpat()
        .args([
            "-v",
            "--config",
            &fixture("config/full.toml"),
            "config",
            "show",
        ])
        .assert()
        .success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("config/full.toml"), "{err}");
}

#[test]
fn configured_formats_and_folder_drive_report_and_assess() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        &dir.path().join("ctpat.toml"),
        "[output]\nformats = [\"markdown\", \"csv\"]\ndir = \"reports\"\n",
    );
    std::fs::create_dir(dir.path().join("reports")).expect("mkdir");
    let answers = crate::support::root().join("examples/importer-tier1.yaml");
    let answers = answers.to_string_lossy();
    ctpat_in(dir.path())
        .args(["report", &answers])
        .assert()
        .success();
    let mut written: Vec<String> = std::fs::read_dir(dir.path().join("reports"))
        .expect("reports/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, ["importer-tier1.csv", "importer-tier1.md"]);
    // A flag beats the file: one format to standard output, nothing more in reports/.
    let out = ctpat_in(dir.path())
        .args(["assess", "--answers", &answers, "--format", "json"])
        .assert()
        .success();
    let report: serde_json::Value =
        serde_json::from_slice(&out.get_output().stdout).expect("json on stdout");
    assert_eq!(report["tier"]["id"], "tier_1");
    // The environment beats the file: CTPAT_FORMATS=terminal prints to the terminal.
    let out = ctpat_in(dir.path())
        .env("CTPAT_FORMATS", "terminal")
        .args(["assess", "--answers", &answers])
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("Midwest Fastener"));
    assert_eq!(
        std::fs::read_dir(dir.path().join("reports"))
            .expect("reports/")
            .count(),
        2
    );
}
