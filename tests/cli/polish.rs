//! What a new user tripped over outside the questionnaire (issue 14, item 5): dates and
//! statuses as people type them, Chinese help and usage errors, punctuation, SARIF rules and
//! report layout.

use crate::support::{ctpat, fixture, stdout_json};

const TYPED: &str = "polish/dates-and-statuses-as-typed.yaml";

#[test]
fn dates_written_with_slashes_or_nian_yue_ri_are_accepted_as_iso() {
    let report = stdout_json(ctpat().args(["report", &fixture(TYPED), "--format", "json"]));
    assert_eq!(report["assessed_on"], "2026-11-03", "{report}");
    let text = report.to_string();
    for due in ["2027-03-31", "2027-03-01"] {
        assert!(
            text.contains(&format!("\"due\":\"{due}\"")),
            "{due}: {text}"
        );
    }
}

#[test]
fn statuses_written_as_their_chinese_labels_are_accepted() {
    let report = stdout_json(ctpat().args(["report", &fixture(TYPED), "--format", "json"]));
    // Category 1 holds 1.1 to 1.4: one of each status, none unanswered.
    let counts = &report["categories"][0]["counts"];
    assert_eq!(report["categories"][0]["number"], 1);
    for (status, n) in [
        ("implemented", 1),
        ("partial", 1),
        ("not_implemented", 1),
        ("not_applicable", 1),
        ("unanswered", 0),
    ] {
        assert_eq!(counts[status], n, "{status}: {counts}");
    }
}

#[test]
fn a_misspelt_status_or_impossible_date_is_still_refused() {
    let (_dir, path) = crate::support::write_temp(
        "typo.yaml",
        "format: ctpat-answers/1\ncompany: {name: X, entity: foreign_manufacturer}\n\
         answers:\n  \"1.1\": {status: 已落}\n  \"1.2\": {status: partial, due: 2027/2/30}\n",
    );
    let out = ctpat()
        .args(["--lang", "zh-CN", "validate", &path])
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("error[unknown-status]"), "{stdout}");
    assert!(stdout.contains("error[bad-date]"), "{stdout}");
}

#[test]
fn the_answers_schema_accepts_dates_and_statuses_as_typed() {
    let schema: serde_json::Value = stdout_json(ctpat().args(["schema", "answers"]));
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let good = serde_json::json!({
        "format": "ctpat-answers/1",
        "company": { "name": "X", "entity": "importer" },
        "assessed_on": "2026年11月3日",
        "answers": {
            "1.1": { "status": "已落实", "due": "2027/3/31" },
            "1.2": { "status": "部分落实", "due": "2027年3月31日" },
            "1.3": { "status": "未落实" },
            "1.4": { "status": "不适用", "note": "n" },
            "1.5": { "status": "implemented", "due": "2027-03-31" }
        }
    });
    let errors: Vec<String> = validator
        .iter_errors(&good)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let bad = serde_json::json!({
        "format": "ctpat-answers/1",
        "company": { "name": "X", "entity": "importer" },
        "answers": { "1.1": { "status": "已落", "due": "31.3.2027" } }
    });
    let errors: Vec<String> = validator
        .iter_errors(&bad)
        .map(|e| e.instance_path().to_string())
        .collect();
    for at in ["/answers/1.1/status", "/answers/1.1/due"] {
        assert!(
            errors.iter().any(|e| e == at),
            "{at} not flagged: {errors:?}"
        );
    }
}

/// The ASCII `:` and `,` of `text` next to Chinese text, outside `code spans`.
fn ascii_punctuation_next_to_chinese(text: &str) -> Vec<String> {
    let cjk = |c: &char| matches!(*c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}' | '“' | '”');
    let mut found = Vec::new();
    for line in text.lines() {
        let plain: String = line
            .split('`')
            .enumerate()
            .map(|(i, piece)| if i % 2 == 0 { piece } else { "x" })
            .collect();
        let chars: Vec<char> = plain.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            let before = chars[..i].iter().rev().find(|c| **c != ' ');
            let after = chars[i + 1..].iter().find(|c| **c != ' ');
            if matches!(c, ':' | ',') && (before.is_some_and(cjk) || after.is_some_and(cjk)) {
                found.push(line.to_string());
            }
        }
    }
    found
}

#[test]
fn chinese_reports_and_criteria_screens_use_full_width_colons_and_list_commas() {
    // Regression: `企业: ` next to `还差：`, and `适用于: 美国进口商, 美国出口商`.
    let runs: [&[&str]; 7] = [
        &[
            "assess",
            "--answers",
            "examples/foreign-manufacturer-cn.yaml",
        ],
        &[
            "report",
            "examples/importer-tier3.yaml",
            "--format",
            "markdown",
        ],
        &["report", "examples/importer-tier3.yaml", "--format", "html"],
        &["criteria", "show", "3.9"],
        &["criteria", "list", "--entity", "importer"],
        &[
            "compare",
            "tests/fixtures/compare/importer-not-ready-2020.03.yaml",
            "examples/importer-tier1.yaml",
        ],
        &[
            "compare",
            "examples/foreign-manufacturer-cn.yaml",
            "examples/foreign-manufacturer-cn.yaml",
            "--format",
            "markdown",
        ],
    ];
    for args in runs {
        let out = ctpat()
            .args(["--lang", "zh-CN"])
            .args(args)
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.is_empty(), "{args:?}");
        let mixed = ascii_punctuation_next_to_chinese(&text);
        assert!(mixed.is_empty(), "{args:?}: {mixed:#?}");
    }
}

#[test]
fn every_sarif_rule_has_help_and_a_link_to_its_section_of_docs_findings_md() {
    // Regression: GitHub code scanning wants `help` on every rule and `informationUri`.
    let page = std::fs::read_to_string(crate::support::root().join("docs/findings.md"))
        .expect("docs/findings.md");
    let sarif = stdout_json(ctpat().args([
        "validate",
        "--format",
        "sarif",
        "examples/importer-tier1.yaml",
    ]));
    let driver = &sarif["runs"][0]["tool"]["driver"];
    assert!(
        driver["informationUri"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://")),
        "{driver}"
    );
    let rules = driver["rules"].as_array().expect("rules");
    assert!(rules.len() > 50, "{} rules", rules.len());
    for rule in rules {
        let id = rule["id"].as_str().expect("id");
        let text = rule["help"]["text"].as_str().unwrap_or_default();
        let markdown = rule["help"]["markdown"].as_str().unwrap_or_default();
        assert!(text.contains("Fix: "), "{id}: {text}");
        assert!(markdown.contains("**Fix:**"), "{id}: {markdown}");
        let uri = rule["helpUri"].as_str().unwrap_or_default();
        assert!(
            uri.ends_with(&format!("/docs/findings.md#{id}")),
            "{id}: {uri}"
        );
        assert!(
            page.contains(&format!("\n### `{id}`\n")),
            "no section for {id}"
        );
        assert!(
            rule["name"].as_str().is_some_and(|n| !n.contains('-')),
            "{id}"
        );
    }
}

#[test]
fn markdown_report_has_no_table_with_an_empty_header_row() {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    for lang in ["en", "zh-CN"] {
        let out = ctpat()
            .args(["--lang", lang, "report", "examples/importer-tier1.yaml"])
            .args(["--format", "markdown"])
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let (mut in_head, mut head_text, mut heads) = (false, String::new(), Vec::new());
        for event in Parser::new_ext(&text, Options::ENABLE_TABLES) {
            match event {
                Event::Start(Tag::TableHead) => (in_head, head_text) = (true, String::new()),
                Event::End(TagEnd::TableHead) => {
                    in_head = false;
                    heads.push(head_text.clone());
                }
                Event::Text(t) | Event::Code(t) if in_head => head_text.push_str(&t),
                _ => {}
            }
        }
        assert!(heads.len() >= 3, "{lang}: {heads:?}");
        assert!(
            heads.iter().all(|h| !h.trim().is_empty()),
            "{lang}: {heads:?}"
        );
        assert!(
            text.contains("- **Company**: ") || text.contains("- **企业**："),
            "{text}"
        );
    }
}

#[test]
fn no_hint_sends_an_installed_binary_to_the_examples_folder() {
    // An installed ctpat has no examples/ beside it; hints name `ctpat init` instead.
    let ui =
        std::fs::read_to_string(crate::support::root().join("criteria/ui.yaml")).expect("ui.yaml");
    let hints: Vec<&str> = ui.lines().filter(|l| l.contains("examples/")).collect();
    assert!(hints.is_empty(), "{hints:#?}");
    // examples/ holds input files a user can run at once (answers at the top, other ctpat
    // files such as a tailoring in sub-folders) and a sub-folder's README.md telling its
    // story (the Dongguan factory's), never a program.
    let mut others = Vec::new();
    let mut folders = vec![crate::support::root().join("examples")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("examples/") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_none_or(|e| e != "yaml")
                && !(path.ends_with("README.md")
                    && folder != crate::support::root().join("examples"))
            {
                others.push(path.display().to_string());
            }
        }
    }
    assert!(
        others.is_empty(),
        "examples/ holds more than YAML input files: {others:?}"
    );
}

/// Words of clap's English that must not reach a Chinese screen.
const CLAP_ENGLISH: [&str; 9] = [
    "Usage:",
    "Options:",
    "Commands:",
    "Arguments:",
    "Print help",
    "Print version",
    "[default:",
    "possible values",
    "For more information",
];

fn english_left(text: &str) -> Vec<&'static str> {
    CLAP_ENGLISH
        .iter()
        .copied()
        .filter(|w| text.contains(w))
        .collect()
}

#[test]
fn help_under_zh_cn_is_chinese_for_every_command() {
    // Regression: `--lang zh-CN --help` printed clap's headings and every flag in English.
    for args in [
        &["--help"][..],
        &["assess", "--help"],
        &["report", "-h"],
        &["batch", "--help"],
        &["init", "--help"],
        &["validate", "--help"],
        &["criteria", "list", "--help"],
        &["criteria", "diff", "--help"],
        &["compare", "--help"],
        &["config", "show", "--help"],
        &["schema", "--help"],
        &["completions", "--help"],
        &["man", "--help"],
    ] {
        let out = ctpat()
            .args(["--lang", "zh-CN"])
            .args(args)
            .assert()
            .success();
        let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(text.contains("用法："), "{args:?}: {text}");
        assert!(
            english_left(&text).is_empty(),
            "{args:?}: {:?}\n{text}",
            english_left(&text)
        );
        assert!(
            !text.contains("Examples:") && !text.contains("Exit codes"),
            "{args:?}: {text}"
        );
    }
    // English stays clap's own.
    let out = ctpat().args(["assess", "--help"]).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("Usage: ctpat assess [OPTIONS]"), "{text}");
}

#[test]
fn usage_errors_under_zh_cn_are_chinese_and_exit_2() {
    for (args, says) in [
        (&["assess", "--bogus"][..], "无法识别的参数 '--bogus'"),
        (
            &["report", "x.yaml", "--format", "pdf"],
            "'pdf' 不是 '--format <FORMAT>' 的有效取值",
        ),
        (&["criteria", "show"], "缺少必填参数：<ID>"),
        (&["asess"], "是不是要写 'assess'？"),
        (&["assess", "-q", "-v"], "不能与"),
        (&[], "后面缺少子命令"),
    ] {
        let out = ctpat()
            .args(["--lang", "zh-CN"])
            .args(args)
            .assert()
            .code(2);
        let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(err.starts_with("错误："), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(english_left(&err).is_empty(), "{args:?}: {err}");
    }
}

#[test]
fn the_language_of_help_comes_from_the_environment_and_the_config_file_too() {
    let out = ctpat()
        .env("CTPAT_LANG", "zh-CN")
        .args(["init", "--help"])
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("用法："));
    let out = ctpat()
        .args(["--config", &fixture("config/full.toml"), "assess", "--nope"])
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("无法识别的参数"));
    // The flag beats both.
    let out = ctpat()
        .env("CTPAT_LANG", "zh-CN")
        .args(["--lang", "en", "init", "--help"])
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("Usage:"));
}

/// The CSS block of `html` that starts with `media` (up to the next `@media` or `</style>`).
fn media_block<'a>(html: &'a str, media: &str) -> &'a str {
    let start = html.find(media).unwrap_or_else(|| panic!("no {media}"));
    let rest = &html[start + media.len()..];
    let end = rest
        .find("@media")
        .or_else(|| rest.find("</style>"))
        .unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn the_html_score_table_fits_a_phone_and_page_one_is_not_left_half_empty() {
    // Regression: on a 390 px phone the score table's last column was cut off, and in print
    // the tall chart (kept whole) moved to page 2, leaving a third of page 1 blank. Checked by
    // hand with chromium --headless at 390x844 and 1280 wide, and --print-to-pdf + pdftoppm.
    let out = ctpat()
        .args(["report", "examples/importer-tier2.yaml", "--format", "html"])
        .assert()
        .success();
    let html = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let phone = media_block(&html, "@media (max-width: 600px)");
    assert!(phone.contains(".points { display: none; }"), "{phone}");
    let print = media_block(&html, "@media print");
    assert!(print.contains("svg.chart { display: none; }"), "{print}");
    // Every points cell of the score table carries the class the phone layout hides.
    let points_cells = html.matches(" / ").count();
    let classed = html.matches("<td class=\"num points\">").count();
    assert!(classed >= 13, "{classed} points cells");
    assert!(html.contains("<th class=\"num points\">"), "points heading");
    assert!(points_cells >= classed);
}
