//! Chinese for the user who reads little English: located diagnostics of answers files and
//! the errors of the command line, with the machine-readable parts unchanged.

use crate::support::{ctpat, fixture, write_temp};

/// Runs ctpat with `--lang zh-CN`, expects `code`, and returns stderr.
fn chinese_stderr(args: &[&str], code: i32) -> String {
    let out = ctpat()
        .args(["--lang", "zh-CN"])
        .args(args)
        .assert()
        .code(code);
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn unknown_status_is_located_in_chinese_with_the_same_prefix() {
    let path = fixture("answers/unknown-status.yaml");
    let err = chinese_stderr(&["assess", "--answers", &path], 2);
    let prefix = format!("{path}:6:20: error[unknown-status]: ");
    let first = err.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        format!("{prefix}条款 1.1 的状态 `done` 无法识别"),
        "{err}"
    );
    // The source excerpt and caret are the same as in English.
    assert!(
        err.contains("6 |   \"1.1\": { status: done }\n  |                    ^\n"),
        "{err}"
    );
    let help = err
        .lines()
        .find(|l| l.starts_with("  = help: "))
        .unwrap_or_else(|| panic!("no help line: {err}"));
    assert!(help.contains("implemented（已落实）"), "{help}");
    assert!(
        err.ends_with(&format!("错误：{path} 中有 1 处错误；没有写入任何文件\n")),
        "{err}"
    );

    // English keeps today's text.
    let out = ctpat()
        .args(["assess", "--answers", &path])
        .assert()
        .code(2);
    let english = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        english.starts_with(&format!("{prefix}unknown status `done` for 1.1\n")),
        "{english}"
    );
    assert!(
        english.contains("  = help: use one of: implemented, partial"),
        "{english}"
    );
    assert!(english.ends_with(&format!("error: {path} has 1 error; nothing was written\n")));
}

/// Every answers fixture, in Chinese: each located line keeps its `file:line:col:
/// severity[code]:` prefix, is followed by Chinese, and no placeholder or raw key leaks.
#[test]
fn every_answers_fixture_is_reported_in_chinese() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/answers");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "only {} fixtures", files.len());
    for name in files {
        let path = fixture(&format!("answers/{name}"));
        let out = ctpat()
            .args([
                "--lang",
                "zh-CN",
                "assess",
                "--answers",
                &path,
                "--format",
                "json",
            ])
            .output()
            .expect("runs");
        let english = ctpat()
            .args(["assess", "--answers", &path, "--format", "json"])
            .output()
            .expect("runs");
        assert_eq!(
            out.status.code(),
            english.status.code(),
            "{name}: exit code"
        );
        let err = String::from_utf8_lossy(&out.stderr);
        let located: Vec<&str> = err.lines().filter(|l| l.starts_with(&path)).collect();
        assert!(!located.is_empty(), "{name}: no diagnostic: {err}");
        for line in located {
            let (head, message) = line
                .split_once("]: ")
                .unwrap_or_else(|| panic!("{name}: not `file:line:col: severity[code]:`: {line}"));
            assert!(
                ["error[", "warning[", "note["]
                    .iter()
                    .any(|s| head.contains(s)),
                "{name}: {line}"
            );
            assert!(
                has_chinese(message),
                "{name}: message not in Chinese: {line}"
            );
        }
        for line in err.lines().filter(|l| l.starts_with("  = help: ")) {
            assert!(has_chinese(line), "{name}: help not in Chinese: {line}");
        }
        // Messages, help and the closing line; the quoted source lines may hold anything.
        let said = err.lines().filter(|l| {
            !l.trim_start()
                .starts_with(|c: char| c == '|' || c.is_ascii_digit())
        });
        for line in said {
            for leak in ["{", "diag:", "diag-help:", "error:"] {
                assert!(!line.contains(leak), "{name}: `{leak}` leaks: {line}");
            }
        }
    }
}

#[test]
fn machine_output_of_validate_is_the_same_in_chinese() {
    let path = fixture("answers/unknown-status.yaml");
    for format in ["json", "sarif", "github"] {
        let run = |lang: &str| {
            let out = ctpat()
                .args(["--lang", lang, "validate", &path, "--format", format])
                .assert()
                .code(1);
            out.get_output().stdout.clone()
        };
        assert_eq!(run("zh-CN"), run("en"), "{format}");
    }
    // The human form of validate speaks Chinese.
    let out = ctpat()
        .args(["--lang", "zh-CN", "validate", &path])
        .assert()
        .code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        text.contains(": error[unknown-status]: 条款 1.1 的状态 `done` 无法识别"),
        "{text}"
    );
}

#[test]
fn an_existing_output_is_refused_in_chinese() {
    let (_dir, out) = write_temp("report.md", "keep me\n");
    let err = chinese_stderr(
        &["report", "examples/importer-tier2.yaml", "--output", &out],
        2,
    );
    assert_eq!(err, format!("错误：{out} 已存在；如需覆盖请加 --force\n"));
    assert_eq!(std::fs::read_to_string(&out).expect("kept"), "keep me\n");
}

#[test]
fn option_and_file_errors_speak_chinese_with_the_same_exit_codes() {
    let cases: [(&[&str], &str); 6] = [
        (
            &[
                "assess",
                "--answers",
                "examples/importer-tier2.yaml",
                "--fail-under",
                "tier_9",
            ],
            "--fail-under tier_9：没有这个等级；可选：",
        ),
        (
            &[
                "assess",
                "--answers",
                "examples/importer-tier2.yaml",
                "--format",
                "markdown,html",
            ],
            "同时输出多种格式需要用 --out-dir 指定文件夹",
        ),
        (
            &[
                "assess",
                "--answers",
                "examples/importer-tier2.yaml",
                "--save",
                "x.yaml",
            ],
            "--save 只用于交互式问卷",
        ),
        (
            &["assess", "--answers", "no/such/file.yaml"],
            "无法读取 no/such/file.yaml",
        ),
        (
            &["assess", "--answers", "examples"],
            "examples 是文件夹；请指定一个文件",
        ),
        (
            &["criteria", "show", "5.99"],
            "标准版本 2023.01 中没有条款 5.99（是不是要查 5.29？）",
        ),
    ];
    for (args, expected) in cases {
        let err = chinese_stderr(args, 2);
        assert!(err.starts_with("错误："), "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    let err = chinese_stderr(&["criteria", "list", "--version", "1999.01"], 2);
    assert!(err.contains("本版 ctpat 未内置标准版本 `1999.01`"), "{err}");
    let err = chinese_stderr(&["assess"], 2);
    assert!(err.contains("交互式问卷需要在终端中运行"), "{err}");
}

#[test]
fn the_locale_alone_switches_diagnostics_to_chinese() {
    let path = fixture("answers/missing-status.yaml");
    let out = ctpat()
        .env("LANG", "zh_CN.UTF-8")
        .args(["assess", "--answers", &path])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("error[missing-status]: 条款 1.1 的回答缺少 `status:`"),
        "{err}"
    );
}

#[test]
fn batch_shows_a_bad_file_in_chinese() {
    let (dir, _) = write_temp(
        "bad.yaml",
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(fixture("answers/unknown-status.yaml")),
        )
        .expect("fixture"),
    );
    let folder = dir.path().to_string_lossy().into_owned();
    let out = ctpat()
        .args(["--lang", "zh-CN", "batch", &folder])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error[unknown-status]: 条款 1.1 的状态 `done` 无法识别"),
        "{err}"
    );
    // The summary table says it too; the JSON summary keeps the English message.
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains(":6:20: 条款 1.1 的状态 `done` 无法识别"),
        "{table}"
    );
    let summary = tempfile::tempdir().expect("tempdir");
    let out_dir = summary.path().join("out");
    ctpat()
        .args(["--lang", "zh-CN", "batch", &folder, "--out"])
        .arg(&out_dir)
        .assert()
        .code(2);
    let json = std::fs::read_to_string(out_dir.join("summary.json")).expect("summary.json");
    assert!(json.contains("unknown status `done` for 1.1"), "{json}");
}
