//! The I/O promises end to end (issue 14): one door in (a bounded reader for files, pipes,
//! devices and stdin), one door out (exclusive temp files, no clobbering without --force,
//! never replacing what is not a regular file), folders ctpat creates never followed through
//! links, files found by walking or globbing never followed out, and sets of outputs written
//! all or nothing. Each test is named after the defect it pins.
#![cfg(unix)]

use crate::support::{ctpat, root};
use std::io::Write as _;
use std::os::unix::fs::{symlink, FileTypeExt as _};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const ANSWERS: &str = "examples/importer-tier2.yaml";

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

fn is_fifo(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("readable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Runs `ctpat batch TARGET --out (fresh folder)`: its exit code, its stdout and the
/// `summary.json` it wrote.
fn batch(target: &str) -> (Option<i32>, String, serde_json::Value) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = ctpat()
        .args(["batch", target, "--out"])
        .arg(dir.path())
        .timeout(Duration::from_secs(60))
        .output()
        .expect("runs");
    let summary = std::fs::read_to_string(dir.path().join("summary.json")).expect("summary");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        serde_json::from_str(&summary).expect("JSON"),
    )
}

/// The binary as a plain `std::process::Command` (to run several at once, or to feed stdin
/// from a thread), with the same neutral settings as [`ctpat`].
fn spawnable() -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("ctpat"));
    let no_config = root().join("tests/fixtures/config/no-user-config");
    cmd.current_dir(root())
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .env("NO_COLOR", "1")
        .env("XDG_CONFIG_HOME", &no_config)
        .env("HOME", &no_config);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("CTPAT_") {
            cmd.env_remove(key);
        }
    }
    cmd
}

fn answers() -> String {
    root().join(ANSWERS).to_string_lossy().into_owned()
}

#[test]
fn force_replaced_a_fifo_named_as_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("out.json");
    mkfifo(&fifo);
    let out = ctpat()
        .args(["report", ANSWERS, "--format", "json", "--force", "--output"])
        .arg(&fifo)
        .timeout(Duration::from_secs(30))
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("a named pipe (FIFO), not a regular file"),
        "{err}"
    );
    assert!(is_fifo(&fifo), "the FIFO was replaced");
    assert_eq!(
        names(dir.path()),
        ["out.json"],
        "a temp file was left behind"
    );
}

#[test]
fn force_wrote_through_a_link_to_a_file_outside() {
    let dir = tempfile::tempdir().expect("tempdir");
    let outside = dir.path().join("outside.txt");
    std::fs::write(&outside, "keep me").expect("write");
    let link = dir.path().join("report.md");
    symlink(&outside, &link).expect("symlink");
    let out = ctpat()
        .args([
            "report", ANSWERS, "--format", "markdown", "--force", "--output",
        ])
        .arg(&link)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("a symbolic link, not a regular file"), "{err}");
    assert_eq!(std::fs::read_to_string(&outside).expect("read"), "keep me");
    assert!(std::fs::symlink_metadata(&link)
        .expect("link")
        .file_type()
        .is_symlink());
}

#[test]
fn two_writers_of_one_output_both_succeeded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("same.json");
    for round in 0..3 {
        let _ = std::fs::remove_file(&target);
        let children: Vec<_> = (0..6)
            .map(|_| {
                spawnable()
                    .args(["report", ANSWERS, "--format", "json", "--output"])
                    .arg(&target)
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        let outcomes: Vec<_> = children
            .into_iter()
            .map(|c| c.wait_with_output().expect("wait"))
            .collect();
        let won = outcomes.iter().filter(|o| o.status.success()).count();
        assert_eq!(
            won, 1,
            "round {round}: {won} writers of one --output succeeded"
        );
        for lost in outcomes.iter().filter(|o| !o.status.success()) {
            let err = String::from_utf8_lossy(&lost.stderr);
            assert!(err.contains("already exists"), "{err}");
        }
        assert_eq!(names(dir.path()), ["same.json"], "temp files left behind");
    }
}

#[test]
fn out_dir_left_a_partial_set_when_one_output_failed() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The JSON target is a FIFO, which ctpat refuses to replace: the Markdown and HTML of
    // the same set must not be left behind either.
    mkfifo(&dir.path().join("importer-tier2.json"));
    let out = ctpat()
        .args([
            "report",
            ANSWERS,
            "--format",
            "markdown,json,html",
            "--force",
            "--out-dir",
        ])
        .arg(dir.path())
        .timeout(Duration::from_secs(30))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(names(dir.path()), ["importer-tier2.json"]);
}

#[test]
fn a_link_at_out_clients_sent_every_client_report_elsewhere() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::create_dir_all(&elsewhere).expect("mkdir");
    symlink(&elsewhere, out.join("clients")).expect("symlink");
    let result = ctpat()
        .args(["batch", "examples", "--format", "json", "--out"])
        .arg(&out)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{err}");
    assert!(err.contains("is a symbolic link, not a folder"), "{err}");
    assert!(
        names(&elsewhere).is_empty(),
        "reports were sent through the link"
    );
}

#[test]
fn answers_dev_zero_read_until_memory_ran_out() {
    let out = ctpat()
        .args(["assess", "--answers", "/dev/zero"])
        .timeout(Duration::from_secs(30))
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("/dev/zero holds more than 8388608 bytes, the most ctpat reads"),
        "{err}"
    );
}

#[test]
fn an_endless_stdin_was_read_until_memory_ran_out() {
    for args in [
        &["assess", "--answers", "-"][..],
        &["report", "-"][..],
        &["validate", "-"][..],
    ] {
        let mut child = spawnable()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut stdin = child.stdin.take().expect("stdin");
        // `yes`: writes until ctpat stops reading and closes the pipe.
        let writer = std::thread::spawn(move || {
            let line = b"y\n".repeat(4096);
            let mut written = 0usize;
            while stdin.write_all(&line).is_ok() {
                written += line.len();
                if written > 64 << 20 {
                    break;
                }
            }
            written
        });
        let out = child.wait_with_output().expect("wait");
        let written = writer.join().expect("writer");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(written < 64 << 20, "{args:?}: ctpat kept reading");
        // `validate` reports it as a finding (exit 1); the others cannot go on (exit 2).
        let expected = if args[0] == "validate" { 1 } else { 2 };
        assert_eq!(out.status.code(), Some(expected), "{args:?}: {text}");
        assert!(text.contains("8388608"), "{args:?}: {text}");
    }
}

#[test]
fn dangling_yaml_links_were_skipped_silently_in_batch() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(answers(), dir.path().join("real.yaml")).expect("copy");
    symlink(
        dir.path().join("gone.yaml"),
        dir.path().join("dangling.yaml"),
    )
    .expect("symlink");
    let (code, stdout, summary) = batch(&dir.path().to_string_lossy());
    assert_eq!(code, Some(2), "{stdout}");
    let clients = summary["clients"].as_array().expect("clients");
    assert_eq!(clients.len(), 2, "{summary}");
    let row = clients
        .iter()
        .find(|c| {
            c["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("dangling.yaml"))
        })
        .expect("a row for the dangling link");
    assert_eq!(row["status"], "error", "{row}");
    assert!(row.to_string().contains("dangling-link"), "{row}");
    assert!(stdout.contains("dangling.yaml"), "{stdout}");
}

#[test]
fn a_yaml_link_to_proc_printed_the_environment_in_validate_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    symlink("/proc/self/environ", dir.path().join("env.yaml")).expect("symlink");
    std::fs::copy(answers(), dir.path().join("real.yaml")).expect("copy");
    let canary = "secret-canary-value";
    for target in [
        dir.path().to_string_lossy().into_owned(),
        format!("{}/*.yaml", dir.path().display()),
    ] {
        let out = ctpat()
            .args(["validate", "--format", "json", &target])
            .env("CTPAT_IO_SAFETY_CANARY", canary)
            .output()
            .expect("runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!stdout.contains(canary), "{target}: {stdout}");
        assert!(stdout.contains("link-outside"), "{target}: {stdout}");
        let (_, stdout, summary) = batch(&target);
        assert!(!stdout.contains(canary), "{target}: {stdout}");
        assert!(
            summary.to_string().contains("link-outside"),
            "{target}: {summary}"
        );
    }
}

#[test]
fn a_quoted_glob_over_a_link_loop_never_ended() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a");
    std::fs::create_dir(&a).expect("mkdir");
    std::fs::copy(answers(), a.join("client.yaml")).expect("copy");
    symlink("..", a.join("up")).expect("symlink");
    symlink("../a", a.join("again")).expect("symlink");
    let pattern = format!("{}/**/*.yaml", dir.path().display());
    let (code, stdout, summary) = batch(&pattern);
    assert_eq!(code, Some(0), "{stdout}");
    assert_eq!(
        summary["clients"].as_array().map(Vec::len),
        Some(1),
        "{summary}"
    );
    let out = ctpat()
        .args(["validate", "--format", "json", &pattern])
        .timeout(Duration::from_secs(60))
        .output()
        .expect("runs");
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(out.status.code(), Some(0), "{findings}");
    assert_eq!(
        findings["files"].as_array().map(Vec::len),
        Some(1),
        "{findings}"
    );
}

#[test]
fn validate_refusing_a_folder_or_a_quoted_glob_that_batch_accepts() {
    for target in ["examples", "examples/*.yaml", "examples/**/*.yaml"] {
        let (code, stdout, summary) = batch(target);
        assert_eq!(code, Some(0), "{target}: {stdout}");
        let clients = summary["clients"].as_array().expect("clients").len();
        // examples/one-year-on has a waiver that lapses on purpose (2026-09-30): check the
        // files as of a day when every example is valid.
        let validate = ctpat()
            .args([
                "validate",
                "--format",
                "json",
                "--as-of",
                "2026-06-01",
                target,
            ])
            .output()
            .expect("runs");
        let findings: serde_json::Value =
            serde_json::from_slice(&validate.stdout).expect("validate JSON");
        // validate checks every ctpat file; batch scores the answers files among them (a
        // tailoring file in examples/ is skipped, not a client).
        let files = findings["files"]
            .as_array()
            .expect("files")
            .iter()
            .filter(|f| f["kind"] == "answers")
            .count();
        assert_eq!(validate.status.code(), Some(0), "{target}: {findings}");
        assert_eq!(files, clients, "{target}");
        assert!(files >= 5, "{target}: {files}");
    }
}

/// An answers file with six unknown criterion ids: six errors, more than batch shows.
const SIX_UNKNOWN: &str = "format: ctpat-answers/1\ncompany: {name: X, entity: importer}\nanswers:\n  \"99.1\": {status: implemented}\n  \"99.2\": {status: implemented}\n  \"99.3\": {status: implemented}\n  \"99.4\": {status: implemented}\n  \"99.5\": {status: implemented}\n  \"99.6\": {status: implemented}\n  \"99.7\": {status: implemented}\n";

#[test]
fn a_file_named_count_yaml_was_reported_under_another_name_in_batch() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("{count}.yaml"), SIX_UNKNOWN).expect("write");
    let out = ctpat().arg("batch").arg(dir.path()).output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("{count}.yaml: 2 more problems not shown"),
        "{err}"
    );
    assert!(!err.contains("/2.yaml"), "{err}");
}

#[test]
fn raw_escapes_and_newlines_in_file_names_reached_the_terminal_and_annotations() {
    let dir = tempfile::tempdir().expect("tempdir");
    let name = "evil\u{1b}]0;pwned\u{7}\u{1b}[2J\nname,x:y%\u{202E}.yaml";
    std::fs::write(dir.path().join(name), SIX_UNKNOWN).expect("write");
    let path = dir.path().join(name);
    for format in ["human", "github"] {
        let out = ctpat()
            .args(["validate", "--format", format])
            .arg(&path)
            .output()
            .expect("runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(1), "{format}: {text}");
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{format}: {text:?}"
        );
        assert!(!text.contains('\u{202E}'), "{format}: {text:?}");
        if format == "github" {
            // One annotation per finding, each one line, the name encoded in `file=`.
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(lines.len(), 7, "{text}");
            for line in lines {
                assert!(line.starts_with("::error file="), "{line}");
                assert!(line.contains("%0Aname%2Cx%3Ay%25"), "{line}");
            }
        } else {
            assert!(!text.contains("\nname,x"), "{text:?}");
        }
    }
    // The batch table and its problems on stderr, too.
    let out = ctpat().arg("batch").arg(dir.path()).output().expect("runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{202E}'),
        "{text:?}"
    );
    // And an error about the path itself.
    let out = ctpat()
        .args(["assess", "--answers"])
        .arg(dir.path().join("missing\u{1b}[31m\u{202E}.yaml"))
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        !err.contains('\u{1b}') && !err.contains('\u{202E}'),
        "{err:?}"
    );
}

#[test]
fn bidi_overrides_reordered_report_lines_in_the_terminal_and_html() {
    let answers = std::fs::read_to_string(root().join(ANSWERS)).expect("read");
    let hostile = answers.replace(
        "name: Pacific Coast Outdoor Supply LLC",
        "name: \"Pacific \\u202Eevil\\u2066 Supply\\u200F LLC\"",
    );
    assert_ne!(hostile, answers, "the fixture's company line moved");
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("hostile.yaml");
    std::fs::write(&file, hostile).expect("write");
    for format in ["terminal", "html", "markdown"] {
        let out = ctpat()
            .args(["report", "--format", format])
            .arg(&file)
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{format}");
        assert!(
            !text.chars().any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')),
            "{format}: a bidi control reached the report"
        );
        if format == "html" {
            assert!(
                text.contains("<bdi>Pacific \u{fffd}evil\u{fffd} Supply\u{fffd} LLC</bdi>"),
                "{text}"
            );
        }
    }
}

#[test]
fn init_wrote_a_template_ctpat_rejects_for_a_company_name_with_controls() {
    let dir = tempfile::tempdir().expect("tempdir");
    let name = "Acme\u{7f} Ltd\u{9b}31m \u{85}\u{2028}\u{7} 工厂";
    // A TOML basic string with every character outside printable ASCII escaped.
    let escaped: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c.to_string()
            } else {
                format!("\\U{:08X}", u32::from(c))
            }
        })
        .collect();
    let toml = format!("[company]\nname = \"{escaped}\"\n");
    std::fs::write(dir.path().join("ctpat.toml"), toml).expect("write");
    crate::support::ctpat_in(dir.path())
        .args(["init", "--entity", "importer"])
        .assert()
        .success();
    let out = crate::support::ctpat_in(dir.path())
        .args(["validate", "answers.yaml"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let template = std::fs::read_to_string(dir.path().join("answers.yaml")).expect("read");
    assert!(
        !template.chars().any(|c| c.is_control() && c != '\n'),
        "{template:?}"
    );
}
