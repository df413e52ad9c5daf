//! Coverage end to end: an entity type whose criteria list is only a core set gets a result
//! called provisional in every output, in both languages; an importer's (cross-checked) does
//! not, though its JSON and manifest still state the coverage.

use crate::support::{ctpat, fixture, stdout_json, write_temp};

const EXPORTER: &str = "coverage/exporter-ready.yaml";
const IMPORTER: &str = "examples/importer-tier2.yaml";

/// What a provisional result must say, per language: the word and the way out (a tailoring
/// file).
fn provisional_words(lang: &str) -> [&'static str; 2] {
    match lang {
        "zh-CN" => ["暂定", "--tailoring"],
        _ => ["provisional", "--tailoring"],
    }
}

/// The coverage's short name, shown beside the criteria version (not in the CSV).
fn core_set(lang: &str) -> &'static str {
    match lang {
        "zh-CN" => "仅核心条款",
        _ => "core set only",
    }
}

/// Research shorthand that must never reach a reader.
const SHORTHAND: [&str; 6] = ["[P]", "[S]", "[B]", "[V]", "Sources: P", "来源: P"];

fn report(answers: &str, format: &str, lang: &str) -> String {
    let out = ctpat()
        .args(["report", answers, "--format", format, "--lang", lang])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8");
    // The page's stylesheet names the `provisional` class on every page: look at the body.
    match text.split_once("</style>") {
        Some((_, body)) if format == "html" => body.to_string(),
        _ => text,
    }
}

#[test]
fn an_exporter_result_is_provisional_in_every_format_and_both_languages() {
    let answers = fixture(EXPORTER);
    for lang in ["en", "zh-CN"] {
        for format in ["terminal", "markdown", "html", "csv"] {
            let text = report(&answers, format, lang);
            for word in provisional_words(lang) {
                assert!(
                    text.contains(word),
                    "{format} {lang} lacks {word:?}:\n{text}"
                );
            }
            assert!(text.contains("37"), "{format} {lang}: the list's size");
            if format != "csv" {
                assert!(
                    text.contains(core_set(lang)),
                    "{format} {lang}: coverage name"
                );
            }
            for s in SHORTHAND {
                assert!(!text.contains(s), "{format} {lang} shows {s:?}");
            }
        }
        let json: serde_json::Value =
            serde_json::from_str(&report(&answers, "json", lang)).expect("JSON");
        assert_eq!(json["criteria"]["coverage"], "core_only");
        assert_eq!(json["criteria"]["count"], 37);
        assert_eq!(json["tier"]["id"], "tier_2");
        assert_eq!(json["tier"]["provisional"], true);
        assert_eq!(json["manifest"]["coverage"], "core_only");
        let name = json["tier"]["name"].as_str().unwrap_or_default();
        assert!(name.contains(provisional_words(lang)[0]), "{name}");
        let notice = json["criteria"]["coverage_notice"]
            .as_str()
            .unwrap_or_default();
        assert!(notice.contains("--tailoring"), "{notice}");
    }
}

/// Regression: an exporter ready on the core set was told "Ready for validation" bare.
#[test]
fn a_core_set_never_yields_a_bare_ready_for_validation() {
    let out = ctpat()
        .args(["assess", "--answers", &fixture(EXPORTER)])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let line = text
        .lines()
        .find(|l| l.starts_with("Recommendation: "))
        .expect("a recommendation line");
    assert_eq!(
        line,
        "Recommendation: Ready for validation on the 37 criteria of ctpat's U.S. exporter list \
         — provisional"
    );
}

#[test]
fn an_importer_result_says_none_of_it_but_states_its_coverage_in_json() {
    for lang in ["en", "zh-CN"] {
        for format in ["terminal", "markdown", "html", "csv"] {
            let text = report(IMPORTER, format, lang);
            for word in [
                "provisional",
                "暂定",
                "--tailoring",
                "core set",
                "仅核心条款",
            ] {
                assert!(!text.contains(word), "{format} {lang} shows {word:?}");
            }
        }
        let json: serde_json::Value =
            serde_json::from_str(&report(IMPORTER, "json", lang)).expect("JSON");
        assert_eq!(json["criteria"]["coverage"], "cross_checked");
        assert_eq!(json["criteria"]["coverage_notice"], serde_json::Value::Null);
        assert_eq!(json["tier"]["provisional"], false);
        assert_eq!(json["manifest"]["coverage"], "cross_checked");
    }
    // The manifest names it in the human formats too.
    assert!(report(IMPORTER, "markdown", "en").contains("- **Criteria coverage**: cross-checked"));
}

#[test]
fn the_csv_action_plan_opens_with_the_provisional_row_and_stays_rectangular() {
    let text = report(&fixture(EXPORTER), "csv", "en");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert!(
        rows[0][0].starts_with("Provisional result: "),
        "{:?}",
        rows[0]
    );
    assert_eq!(&rows[1][0], "#");
    assert!(rows.iter().all(|r| r.len() == rows[1].len()));
}

#[test]
fn criteria_list_states_the_coverage_of_an_entity_list() {
    let out = ctpat()
        .args(["criteria", "list", "--entity", "exporter"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("Criteria coverage: core set only"), "{text}");
    assert!(text.contains("Provisional result: "), "{text}");
    let out = ctpat()
        .args([
            "criteria", "list", "--entity", "exporter", "--lang", "zh-CN",
        ])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("条款覆盖范围：仅核心条款"), "{text}");
    assert!(text.contains("暂定结果："), "{text}");
    let out = ctpat()
        .args(["criteria", "list", "--entity", "importer"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(!text.contains("Provisional"), "{text}");

    let json = stdout_json(ctpat().args([
        "criteria",
        "list",
        "--entity",
        "sea_carrier",
        "--format",
        "json",
    ]));
    assert_eq!(json["coverage"], "core_only");
    assert_eq!(json["provisional"], true);
    let json = stdout_json(ctpat().args([
        "criteria", "list", "--entity", "importer", "--format", "json",
    ]));
    assert_eq!(json["coverage"], "cross_checked");
    assert_eq!(json["provisional"], false);
    let json = stdout_json(ctpat().args(["criteria", "list", "--format", "json"]));
    assert!(json.get("coverage").is_none(), "no entity, no coverage");

    // The foreign port operator takes the U.S. port operator's list, and says why.
    let list = |entity: &str| {
        let json =
            stdout_json(ctpat().args(["criteria", "list", "--entity", entity, "--format", "json"]));
        let ids: Vec<String> = json["criteria"]
            .as_array()
            .expect("criteria")
            .iter()
            .map(|c| c["id"].to_string())
            .collect();
        (ids, json["coverage_note"].clone())
    };
    let (foreign, note) = list("foreign_marine_port_terminal_operator");
    assert_eq!(foreign, list("marine_port_terminal_operator").0);
    let note_en = note["en"].as_str().unwrap_or_default();
    assert!(note_en.contains("no separate document"), "{note}");
    assert!(
        !note["zh-CN"].as_str().unwrap_or_default().is_empty(),
        "{note}"
    );
}

fn template(args: &[&str]) -> String {
    let out = ctpat()
        .args(["init", "--output", "-"])
        .args(args)
        .assert()
        .success();
    String::from_utf8_lossy(&out.get_output().stdout).into_owned()
}

#[test]
fn init_templates_say_what_the_list_is() {
    let en = template(&["--entity", "exporter"]);
    assert!(en.contains("# 37 criteria apply"), "{en}");
    assert!(
        en.contains("# Provisional result: For this entity type (U.S. exporter)"),
        "{en}"
    );
    let zh = template(&["--entity", "exporter", "--lang", "zh-CN"]);
    assert!(zh.contains("# 暂定结果：对于美国出口商"), "{zh}");
    let importer = template(&["--entity", "importer"]);
    assert!(!importer.contains("Provisional"), "{importer}");
    // The template still loads as an answers file.
    let (_dir, path) = write_temp("answers.yaml", &en);
    ctpat().args(["validate", &path]).assert().success();
}

#[test]
fn batch_shows_a_coverage_column_and_marks_provisional_tiers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let exporter =
        std::fs::read_to_string(crate::support::root().join(fixture(EXPORTER))).expect("fixture");
    let importer = std::fs::read_to_string(crate::support::root().join(IMPORTER)).expect("example");
    std::fs::write(dir.path().join("exporter.yaml"), exporter).expect("write");
    std::fs::write(dir.path().join("importer.yaml"), importer).expect("write");
    let out_dir = dir.path().join("out");
    let clients = dir.path().to_string_lossy().into_owned();
    let out = ctpat()
        .args(["batch", &clients, "--out", &out_dir.to_string_lossy()])
        .assert()
        .success();
    let table = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let header = table.lines().next().unwrap_or_default();
    assert!(header.contains("Coverage"), "{table}");
    let row = |name: &str| {
        table
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_default()
            .to_string()
    };
    assert!(row("exporter.yaml").contains("core set only"), "{table}");
    assert!(
        row("exporter.yaml").contains("Ready for validation (provisional)"),
        "{table}"
    );
    assert!(row("importer.yaml").contains("cross-checked"), "{table}");
    assert!(!row("importer.yaml").contains("provisional"), "{table}");

    let csv = std::fs::read_to_string(out_dir.join("summary.csv")).expect("summary.csv");
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().expect("header").clone();
    let col = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let (entity, coverage, provisional) = (col("entity"), col("coverage"), col("provisional"));
    for record in reader.records() {
        let record = record.expect("a row");
        let expected = match &record[entity] {
            "exporter" => ("core_only", "true"),
            _ => ("cross_checked", "false"),
        };
        assert_eq!((&record[coverage], &record[provisional]), expected);
    }
}

#[test]
fn the_zh_cn_batch_table_marks_provisional_tiers_in_chinese() {
    let dir = tempfile::tempdir().expect("tempdir");
    let exporter =
        std::fs::read_to_string(crate::support::root().join(fixture(EXPORTER))).expect("fixture");
    std::fs::write(dir.path().join("exporter.yaml"), exporter).expect("write");
    let out = ctpat()
        .args(["batch", &dir.path().to_string_lossy(), "--lang", "zh-CN"])
        .assert()
        .success();
    let table = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(table.contains("覆盖范围"), "{table}");
    assert!(table.contains("可接受验证（暂定）"), "{table}");
}

#[test]
fn criteria_show_gives_sources_in_words() {
    let out = ctpat().args(["criteria", "show", "2.2"]).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        text.contains("Sources: two unofficial encodings agree"),
        "{text}"
    );
    assert!(text.contains("[SHOULD] Mapping the cargo's path"), "{text}");
    let out = ctpat()
        .args(["criteria", "show", "7.35", "--lang", "zh-CN"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        text.contains("由行业媒体、协会或顾问转述 CBP 的说明"),
        "{text}"
    );
    for s in SHORTHAND {
        assert!(!text.contains(s), "{s:?} in {text}");
    }
}

/// Other people's `ctpat-criteria/1` files wrote the program's name, entity notes and flag
/// notes as plain strings; they still load, the string serving both languages.
#[test]
fn a_catalog_with_plain_string_names_and_notes_still_loads() {
    let text: String = include_str!("../../criteria/2023.01.yaml")
        .lines()
        .map(|line| {
            if line.starts_with("  name: { en: \"C-TPAT Minimum Security Criteria\"") {
                "  name: House MSC".to_string()
            } else if line.starts_with("    note: { en: \"93 ids") {
                "    note: \"Plain note\"".to_string()
            } else {
                line.to_string()
            }
        })
        .map(|line| line + "\n")
        .collect();
    assert!(text.contains("  name: House MSC\n") && text.contains("note: \"Plain note\""));
    let (_dir, path) = write_temp("house.yaml", &text);
    for lang in ["en", "zh-CN"] {
        let json = stdout_json(ctpat().args([
            "--criteria",
            &path,
            "report",
            IMPORTER,
            "--format",
            "json",
            "--lang",
            lang,
        ]));
        assert_eq!(json["criteria"]["name"], "House MSC");
    }
}

#[test]
fn a_bilingual_note_missing_its_chinese_is_located() {
    let text = include_str!("../../criteria/2023.01.yaml").replacen(
        ", zh-CN: \"仅含被认为适用于所有企业类型的条款。\" }",
        " }",
        1,
    );
    let (_dir, path) = write_temp("broken.yaml", &text);
    let out = ctpat().args(["validate", &path]).assert().code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("error[missing-translation]"), "{text}");
    assert!(
        text.contains("the note of entity `mexican_long_haul_carrier` has no `zh-CN` text"),
        "{text}"
    );
}

/// The questionnaire's opening screen says the result will be provisional (in a
/// pseudo-terminal, as a user meets it), and the report at the end names the tier so.
#[test]
fn the_questionnaire_opens_with_a_note_on_a_core_set() {
    use expectrl::Expect as _;
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        crate::support::root().join(fixture(EXPORTER)),
        dir.path().join("exporter.yaml"),
    )
    .expect("copy fixture");
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("ctpat"));
    cmd.args([
        "assess",
        "--lang",
        "en",
        "--answers",
        "exporter.yaml",
        "--interactive",
    ])
    .current_dir(dir.path())
    .env_remove("LC_ALL")
    .env_remove("LC_MESSAGES")
    .env("LANG", "C.UTF-8")
    .env("NO_COLOR", "1")
    .env("TERM", "xterm");
    let mut s = expectrl::Session::spawn(cmd).expect("spawn ctpat in a pty");
    s.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
    for text in [
        // The note wraps at the 80 columns of the pseudo-terminal: wait for what stays on one line.
        "Provisional result: For this entity type (U.S. exporter)",
        "--tailoring",
        "all 37 questions are answered",
        "Write the HTML report",
    ] {
        if let Err(e) = s.expect(text) {
            panic!("waiting for {text:?}: {e}");
        }
    }
    s.send("n").expect("decline the HTML report");
    for text in [
        "Recommendation: Ready for validation on the 37 criteria of ctpat's U.S. exporter list",
        "Answers saved in exporter.yaml",
    ] {
        if let Err(e) = s.expect(text) {
            panic!("waiting for {text:?}: {e}");
        }
    }
}

/// The criteria the second source pass settled (issue 14 item 3), in both shipped versions.
#[test]
fn the_second_source_pass_is_in_both_catalogs() {
    let list = |version: &str, entity: &str| {
        stdout_json(ctpat().args([
            "criteria",
            "list",
            "--version",
            version,
            "--entity",
            entity,
            "--format",
            "json",
        ]))
    };
    let find = |list: &serde_json::Value, id: &str| {
        list["criteria"]
            .as_array()
            .and_then(|c| c.iter().find(|c| c["id"] == id))
            .cloned()
    };
    for version in ["2020.03", "2023.01"] {
        for entity in ["exporter", "customs_broker", "air_carrier", "rail_carrier"] {
            let c = find(&list(version, entity), "8.1").expect("8.1 for every entity type");
            assert_eq!(c["requirement"], "must", "{version} {entity}");
            assert_eq!(c["confidence"], "official");
        }
        let sea = list(version, "sea_carrier");
        for id in ["7.35", "7.36"] {
            let c = find(&sea, id).unwrap_or_else(|| panic!("{version}: {id} for sea carriers"));
            assert_eq!(c["requirement"], "must");
            assert_eq!(c["confidence"], "relayed");
        }
        assert!(find(&list(version, "importer"), "7.35").is_none());
        let highway = list(version, "highway_carrier");
        assert_eq!(find(&highway, "5.3").expect("5.3")["requirement"], "must");
    }
    for id in ["2.2", "7.10"] {
        let out = ctpat().args(["criteria", "show", id]).assert().success();
        let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(text.contains(&format!("{id} MUST")), "{text}");
        assert!(
            text.contains("Parts marked differently\n  - [SHOULD] "),
            "{text}"
        );
    }
    let out = ctpat()
        .args(["validate", "criteria/2023.01.yaml"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        !text.contains("focus area"),
        "the focus area's name is settled: {text}"
    );
}

/// The text of every XML part of an Office file (Word or workbook), tags and all: enough to
/// look for a word.
fn office_text(answers: &str, format: &str, lang: &str) -> String {
    use std::io::Read as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(format!("report.{format}"));
    ctpat()
        .args([
            "report", answers, "--format", format, "--lang", lang, "--output",
        ])
        .arg(&path)
        .assert()
        .success();
    let bytes = std::fs::read(&path).expect("written");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut text = String::new();
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).expect("part");
        if part.name().is_ok_and(|n| n.ends_with(".xml")) {
            part.read_to_string(&mut text).expect("UTF-8 XML");
        }
    }
    text
}

#[test]
fn word_and_workbook_reports_say_provisional_for_an_exporter_and_not_for_an_importer() {
    let exporter = fixture(EXPORTER);
    for lang in ["en", "zh-CN"] {
        for format in ["docx", "xlsx"] {
            let text = office_text(&exporter, format, lang);
            for word in provisional_words(lang).into_iter().chain([core_set(lang)]) {
                assert!(text.contains(word), "{format} {lang} lacks {word:?}");
            }
            let importer = office_text(IMPORTER, format, lang);
            for word in provisional_words(lang) {
                assert!(
                    !importer.contains(word),
                    "{format} {lang}: importer shows {word:?}"
                );
            }
        }
    }
}
