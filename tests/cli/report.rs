//! `ctpat report` and `--format` end to end: golden files of every format for every shipped
//! example, the JSON Schema, hostile text in every free-text field, and output files.
//!
//! Golden files live in `tests/snapshots/report/`; after an intended change, regenerate them
//! and `schemas/report.schema.json` with `CTPAT_BLESS=1 cargo test --test cli report` and
//! review the diff.

use crate::support::{ctpat, fixture, root};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::path::Path;

const EXAMPLES: [&str; 5] = [
    "importer-not-ready",
    "importer-tier1",
    "importer-tier2",
    "importer-tier3",
    "foreign-manufacturer-cn",
];

const FORMATS: [(&str, &str); 5] = [
    ("terminal", "txt"),
    ("markdown", "md"),
    ("html", "html"),
    ("json", "json"),
    ("csv", "csv"),
];

const HOSTILE: &str = "report/hostile-strings.yaml";
const HOSTILE_PATH: &str = "tests/fixtures/report/hostile-strings.yaml";

fn blessing() -> bool {
    std::env::var_os("CTPAT_BLESS").is_some_and(|v| v == "1")
}

/// Compares `actual` with the golden file `rel` (under the repository root), or rewrites it
/// when `CTPAT_BLESS=1`. Returns a failure message instead of panicking, so one run lists
/// every stale file.
pub(crate) fn golden(rel: &str, actual: &str) -> Option<String> {
    let path = root().join(rel);
    if blessing() {
        std::fs::write(&path, actual).expect("write golden file");
        return None;
    }
    let Ok(expected) = std::fs::read_to_string(&path) else {
        return Some(format!(
            "{rel} is missing; run with CTPAT_BLESS=1 to create it"
        ));
    };
    if expected == actual {
        return None;
    }
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    Some(format!(
        "{rel} differs from the output at line {}:\n  golden: {:?}\n  actual: {:?}\n(run with CTPAT_BLESS=1 to accept the new output)",
        line + 1,
        expected.lines().nth(line).unwrap_or("<end>"),
        actual.lines().nth(line).unwrap_or("<end>")
    ))
}

fn report(args: &[&str]) -> String {
    let out = ctpat().arg("report").args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8 output")
}

#[test]
fn every_format_of_every_example_matches_its_golden_file() {
    let mut failures = Vec::new();
    let mut cases: Vec<(&str, &str)> = EXAMPLES.iter().map(|e| (*e, "en")).collect();
    cases.push(("foreign-manufacturer-cn", "zh-CN"));
    cases.push(("importer-tier3", "zh-CN"));
    let machine = root().to_string_lossy().into_owned();
    for (example, lang) in cases {
        let answers = format!("examples/{example}.yaml");
        for (format, ext) in FORMATS {
            let text = report(&[&answers, "--format", format, "--lang", lang]);
            assert!(
                !text.contains(&machine) && !text.contains("/home/") && !text.contains("/tmp/"),
                "{example} {format}: output names a machine-specific path"
            );
            let suffix = if lang == "en" {
                String::new()
            } else {
                format!(".{lang}")
            };
            let rel = format!("tests/snapshots/report/{example}{suffix}.{ext}");
            failures.extend(golden(&rel, &text));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    for (format, _) in FORMATS {
        let a = report(&["examples/importer-tier2.yaml", "--format", format]);
        let b = report(&["examples/importer-tier2.yaml", "--format", format]);
        assert_eq!(a, b, "{format} is not deterministic");
    }
}

#[test]
fn committed_schema_is_fresh() {
    let mut text = serde_json::to_string_pretty(&ctpat::report::json_schema()).expect("json");
    text.push('\n');
    if let Some(failure) = golden("schemas/report.schema.json", &text) {
        panic!("schemas/report.schema.json is stale: {failure}");
    }
}

#[test]
fn json_of_every_example_and_fixture_validates_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/report.schema.json")).expect("schema"),
    )
    .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let mut inputs: Vec<String> = EXAMPLES
        .iter()
        .map(|e| format!("examples/{e}.yaml"))
        .collect();
    inputs.push(fixture(HOSTILE));
    for input in &inputs {
        for lang in ["en", "zh-CN"] {
            let text = report(&[input, "--format", "json", "--lang", lang]);
            let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            let errors: Vec<String> = validator
                .iter_errors(&json)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{input} ({lang}): {errors:#?}");
        }
    }
    // The schema really constrains: a report missing a field or with a stray one fails.
    let text = report(&["examples/importer-tier2.yaml", "--format", "json"]);
    let mut json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    json["manifest"]["surprise"] = serde_json::Value::Bool(true);
    assert!(!validator.is_valid(&json));
    let mut json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    json.as_object_mut().expect("object").remove("gaps");
    assert!(!validator.is_valid(&json));
}

#[test]
fn manifest_hashes_are_of_the_input_bytes() {
    let text = report(&["examples/importer-tier1.yaml", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let answers = std::fs::read(root().join("examples/importer-tier1.yaml")).expect("read");
    let criteria = std::fs::read(root().join("criteria/2023.01.yaml")).expect("read");
    assert_eq!(
        json["manifest"]["answers_sha256"],
        ctpat::report::sha256_hex(&answers)
    );
    assert_eq!(
        json["manifest"]["criteria_sha256"],
        ctpat::report::sha256_hex(&criteria)
    );
    assert_eq!(json["manifest"]["scoring"]["must_weight"], 3);
    // Known vector, so the hash function itself is pinned.
    assert_eq!(
        ctpat::report::sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn hostile_text_stays_text_in_html() {
    let html = report(&[&fixture(HOSTILE), "--format", "html"]);
    for tag in [
        "<script",
        "<img",
        "<iframe",
        "<b>bold",
        "<a href=\"javascript",
        "<style>body",
    ] {
        assert!(!html.contains(tag), "HTML contains a live {tag}");
    }
    // The page's own chart is the only SVG, its own stylesheet the only style element.
    assert_eq!(html.matches("<svg").count(), 1);
    assert_eq!(html.matches("<style").count(), 1);
    assert_eq!(
        html.matches("<table").count(),
        html.matches("</table>").count()
    );
    // Decoded, the escaped text is exactly what the answers say.
    let decoded = [
        "lt;", "gt;", "quot;", "#39;", "#34;", "#60;", "#62;", "amp;", "#38;",
    ]
    .iter()
    .zip(["<", ">", "\"", "'", "\"", "<", ">", "&", "&"])
    .fold(html.clone(), |s, (entity, c)| {
        s.replace(&format!("&{entity}"), c)
    });
    for literal in [
        "<script>alert('name')</script> \"><img src=x onerror=alert(1)> & [x]",
        "<svg onload=alert(4)>",
        "</td></tr></table><script>alert(5)</script> | # title",
        "<a href=\"javascript:alert(6)\">click</a>",
        "<style>body{display:none}</style>",
    ] {
        assert!(
            decoded.contains(literal),
            "{literal:?} is not shown as text"
        );
    }
    assert!(html.contains("Content-Security-Policy"));
}

/// Parses the Markdown as GitHub does (CommonMark, tables, math) and checks that the only
/// HTML is the `<br>` ctpat writes, there are no links, images, math or quotes, and every
/// table row has as many cells as its header.
#[test]
fn hostile_text_stays_text_in_markdown() {
    let md = report(&[&fixture(HOSTILE), "--format", "markdown"]);
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_MATH);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut h1 = 0;
    let mut header_cells = 0;
    let mut cells = 0;
    let mut text = String::new();
    for event in Parser::new_ext(&md, options) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => {
                assert_eq!(h.as_ref(), "<br>", "raw HTML in Markdown: {h}");
            }
            Event::Start(Tag::Heading { level, .. }) if level as usize == 1 => h1 += 1,
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                panic!("link or image to {dest_url}");
            }
            Event::Start(Tag::BlockQuote(_) | Tag::CodeBlock(_) | Tag::Strikethrough) => {
                panic!("user text made a block quote, code block or strikethrough");
            }
            Event::Start(Tag::List(Some(_))) => panic!("user text made an ordered list"),
            Event::InlineMath(m) | Event::DisplayMath(m) => panic!("math: {m}"),
            Event::Code(c) => assert!(
                c.len() == 64 && c.bytes().all(|b| b.is_ascii_hexdigit()),
                "inline code from user text: {c}"
            ),
            Event::Start(Tag::TableHead | Tag::TableRow) => cells = 0,
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(TagEnd::TableHead) => header_cells = cells,
            Event::End(TagEnd::TableRow) => {
                assert_eq!(cells, header_cells, "a table row has a stray cell");
            }
            Event::Text(t) => text.push_str(&t),
            _ => {}
        }
    }
    assert_eq!(h1, 1, "user text made a heading");
    for literal in [
        "<script>alert('name')</script>",
        "\"><img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "| a | b |",
        "# heading",
        "$x$ \\ *em* _u_ ```code```",
        "- nested item",
        "> quoted",
        "</td></tr></table><script>alert(5)</script> | # title",
    ] {
        assert!(text.contains(literal), "{literal:?} is not shown as text");
    }
}

#[test]
fn hostile_text_is_quoted_and_defused_in_csv() {
    let csv_text = report(&[&fixture(HOSTILE), "--format", "csv"]);
    let body = csv_text
        .strip_prefix('\u{feff}')
        .expect("CSV starts with a BOM");
    assert!(body.split('\n').next().is_some_and(|l| l.ends_with('\r')));
    let mut reader = csv::ReaderBuilder::new().from_reader(body.as_bytes());
    let headers = reader.headers().expect("header").clone();
    assert_eq!(headers.len(), 13);
    let owner = headers.iter().position(|h| h == "Owner").expect("owner");
    let note = headers.iter().position(|h| h == "Note").expect("note");
    let cited = headers
        .iter()
        .position(|h| h == "Evidence cited")
        .expect("evidence");
    let mut rows = 0;
    let mut seen = Vec::new();
    for record in reader.records() {
        let record = record.expect("well-formed CSV");
        assert_eq!(record.len(), 13);
        for (i, field) in record.iter().enumerate() {
            // The id is the one formula: `="1.3"`, its value the text 1.3, nothing else in it.
            if i == 1 {
                let inner = field.strip_prefix("=\"").and_then(|f| f.strip_suffix('"'));
                assert!(
                    inner.is_some_and(|f| f.bytes().all(|b| b.is_ascii_digit() || b == b'.')),
                    "id cell {field:?}"
                );
                continue;
            }
            assert!(
                !field.starts_with(['=', '+', '-', '@', '\t', '\r', '＝']),
                "formula cell {field:?}"
            );
        }
        seen.push((
            record[owner].to_string(),
            record[note].to_string(),
            record[cited].to_string(),
        ));
        rows += 1;
    }
    assert_eq!(rows, 91, "one row per gap");
    assert!(seen.iter().any(|(o, _, _)| o == "'=owner"));
    assert!(seen.iter().any(|(o, _, _)| o == "<svg onload=alert(4)>"));
    assert!(seen
        .iter()
        .any(|(_, n, _)| n.starts_with("'-2+3\n# heading")));
    assert!(seen
        .iter()
        .any(|(_, n, _)| n.contains("a \"quote\", a comma and a newline\nsecond line")));
    assert!(seen.iter().any(|(_, _, e)| e == "'=1+1"));
}

#[test]
fn output_is_refused_when_it_exists_and_replaced_with_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("r.html");
    let p = path.to_str().expect("utf-8 path");
    let answers = "examples/importer-tier1.yaml";
    ctpat()
        .args(["report", answers, "--format", "html", "--output", p])
        .assert()
        .success();
    let first = std::fs::read_to_string(&path).expect("written");
    assert!(first.starts_with("<!DOCTYPE html>"));
    std::fs::write(&path, "keep me").expect("write");
    let out = ctpat()
        .args(["report", answers, "--format", "html", "--output", p])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("already exists; pass --force"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "keep me");
    ctpat()
        .args([
            "report", answers, "--format", "html", "--output", p, "--force",
        ])
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&path).expect("read"), first);
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn several_formats_go_into_an_out_dir_all_or_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("reports");
    let o = out.to_str().expect("utf-8 path");
    ctpat()
        .args([
            "report",
            "examples/importer-tier2.yaml",
            "--format",
            "markdown,html,json,csv,terminal",
            "--out-dir",
            o,
        ])
        .assert()
        .success()
        .stdout("");
    assert_eq!(
        names(&out),
        [
            "importer-tier2.csv",
            "importer-tier2.html",
            "importer-tier2.json",
            "importer-tier2.md",
            "importer-tier2.txt"
        ]
    );
    let md = std::fs::read_to_string(out.join("importer-tier2.md")).expect("md");
    assert_eq!(md, report(&["examples/importer-tier2.yaml"]));
    // One file in the way: nothing is written, the others are not touched.
    std::fs::remove_file(out.join("importer-tier2.json")).expect("rm");
    std::fs::write(out.join("importer-tier2.csv"), "mine").expect("write");
    let result = ctpat()
        .args([
            "report",
            "examples/importer-tier2.yaml",
            "--format",
            "json,csv",
            "--out-dir",
            o,
        ])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&result.get_output().stderr).into_owned();
    assert!(stderr.contains("importer-tier2.csv"), "{stderr}");
    assert!(!out.join("importer-tier2.json").exists());
    assert_eq!(
        std::fs::read_to_string(out.join("importer-tier2.csv")).expect("csv"),
        "mine"
    );
    // No stray temporary files either.
    assert_eq!(names(&out).len(), 4);
}

#[test]
fn several_formats_without_out_dir_is_a_usage_error() {
    let out = ctpat()
        .args([
            "report",
            "examples/importer-tier2.yaml",
            "--format",
            "markdown,html",
        ])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("need --out-dir"), "{stderr}");
    ctpat()
        .args(["report", "examples/importer-tier2.yaml", "--format", "pdf"])
        .assert()
        .code(2);
}

#[test]
fn assess_renders_every_format_like_report() {
    for (format, _) in FORMATS {
        let out = ctpat()
            .args([
                "assess",
                "--answers",
                "examples/importer-tier3.yaml",
                "--format",
                format,
            ])
            .assert()
            .success();
        let via_assess = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert_eq!(
            via_assess,
            report(&["examples/importer-tier3.yaml", "--format", format]),
            "{format}"
        );
    }
}

#[test]
fn report_reads_answers_from_stdin() {
    let text = std::fs::read_to_string(root().join("examples/importer-tier1.yaml")).expect("read");
    let out = ctpat()
        .args(["report", "-", "--format", "json"])
        .write_stdin(text)
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
    assert_eq!(json["tier"]["id"], "tier_1");
    assert!(json["manifest"]["answers_sha256"].is_string());
}

#[test]
fn invalid_answers_write_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("r.md");
    ctpat()
        .args([
            "report",
            &fixture("answers/unknown-criterion.yaml"),
            "--output",
            path.to_str().expect("utf-8 path"),
        ])
        .assert()
        .code(2);
    assert!(!path.exists());
}

#[test]
fn chinese_reports_use_chinese_headings_and_criteria_text() {
    let md = report(&[
        "examples/foreign-manufacturer-cn.yaml",
        "--format",
        "markdown",
        "--lang",
        "zh-CN",
    ]);
    for heading in [
        "## 评估摘要",
        "## 整改行动计划",
        "## 证据登记表",
        "## 复核信息",
    ] {
        assert!(md.contains(heading), "{heading}");
    }
    assert!(!md.contains("Executive summary"));
    let html = report(&[
        "examples/foreign-manufacturer-cn.yaml",
        "--format",
        "html",
        "--lang",
        "zh-CN",
    ]);
    assert!(html.contains("<html lang=\"zh-CN\">"));
    assert!(html.contains("良好做法"));
    let csv_text = report(&[
        "examples/foreign-manufacturer-cn.yaml",
        "--format",
        "csv",
        "--lang",
        "zh-CN",
    ]);
    // A foreign manufacturer's list is partial: the plan opens with the provisional row.
    let mut lines = csv_text.lines();
    let first = lines.next().unwrap_or_default();
    assert!(
        first.starts_with("\u{feff}\"暂定结果：对于境外生产商（工厂）"),
        "{first}"
    );
    assert!(lines
        .next()
        .unwrap_or_default()
        .starts_with("\"#\",\"编号\""));
}

#[test]
fn hostile_text_cannot_drive_the_terminal() {
    for args in [
        vec!["report", HOSTILE_PATH, "--format", "terminal"],
        vec!["assess", "--answers", HOSTILE_PATH],
    ] {
        let out = ctpat().args(&args).assert().success();
        let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(
            !text.contains('\u{1b}'),
            "escape sequence reaches the terminal"
        );
        assert!(text.contains("\u{fffd}[2J"));
    }
}

#[test]
fn assess_refuses_to_overwrite_too() {
    let (_dir, path) = crate::support::write_temp("plan.csv", "mine");
    for force in [false, true] {
        let mut cmd = ctpat();
        cmd.args([
            "assess",
            "--answers",
            "examples/importer-not-ready.yaml",
            "--format",
            "csv",
            "--output",
            &path,
        ]);
        if force {
            cmd.arg("--force").assert().success();
        } else {
            cmd.assert().code(2);
        }
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(text == "mine", !force);
    }
}
