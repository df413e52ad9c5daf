//! The interactive questionnaire end to end: the real binary in a pseudo-terminal, killed
//! mid-way and resumed, plus the refusals when there is no terminal.

use crate::support::ctpat;
use expectrl::process::unix::Signal;
use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;
use expectrl::{ControlCode, Expect, Session};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const ENTER: &str = "\r";
const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";

/// Starts `ctpat assess ARGS` in a pseudo-terminal inside `dir`.
fn spawn(dir: &Path, args: &[&str]) -> OsSession {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("ctpat"));
    cmd.arg("assess")
        .args(args)
        .current_dir(dir)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut session = Session::spawn(cmd).expect("spawn ctpat in a pty");
    // Generous: a debug binary on a busy machine; nothing here waits unless it must.
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session
}

/// Waits for `text` on the terminal, then types `keys`.
fn answer(s: &mut OsSession, text: &str, keys: &str) {
    if let Err(e) = s.expect(text) {
        panic!("waiting for {text:?}: {e}");
    }
    s.send(keys).expect("send keys");
}

/// Waits until the answer menu is fully drawn (its last item), then types `keys`.
fn choose(s: &mut OsSession, keys: &str) {
    answer(s, "Your answer", "");
    answer(s, "Save and quit", keys);
}

fn exit_code(s: &OsSession) -> i32 {
    match s.get_process().wait().expect("wait for ctpat") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("ctpat did not exit normally: {other:?}"),
    }
}

/// Scores a saved answers file with the batch command: proves it is a valid answers file.
fn report(path: &Path) -> serde_json::Value {
    let out = ctpat()
        .args(["assess", "--format", "json", "--answers"])
        .arg(path)
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).expect("JSON report")
}

fn gap<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["gaps"]
        .as_array()
        .and_then(|g| g.iter().find(|g| g["id"] == id))
        .unwrap_or_else(|| panic!("no gap {id} in {report}"))
}

#[test]
fn answers_survive_a_kill_and_the_session_resumes_where_it_stopped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("acme.yaml");

    // A new assessment: company, entity, two answers; then SIGKILL on the third question.
    let mut s = spawn(dir.path(), &["--lang", "en", "--save", "acme.yaml"]);
    answer(&mut s, "Company legal name", "Acme: \"PTY\" Ltd\r");
    answer(&mut s, "Entity type", ENTER); // importer, the first
    answer(&mut s, "Country", "us\r");
    answer(&mut s, "assessor", "Li Wei\r");
    answer(&mut s, "question 1/93", "");
    choose(&mut s, ENTER); // implemented
                           // One document per line: a comma belongs to the name.
    answer(&mut s, "Evidence", "SP-01, v3\r");
    answer(&mut s, "Next document", "Lobby photo\r");
    answer(&mut s, "Next document", ENTER);
    answer(&mut s, "question 2/93", "");
    choose(&mut s, &format!("{DOWN}{DOWN}{ENTER}")); // not implemented
    answer(&mut s, "Note", "No team yet\r");
    answer(&mut s, "Owner", "Li Wei\r");
    answer(&mut s, "Due date", "2027-13-01\r");
    answer(&mut s, "is not a date", "");
    // The rejected date is offered again for editing: clear it and type a good one.
    answer(&mut s, "2027-13-01", &"\x7f".repeat(10));
    s.send("2027-03-31\r").expect("date");
    answer(&mut s, "question 3/93", "");
    s.get_process_mut()
        .kill(Signal::SIGKILL)
        .expect("kill ctpat");
    let _ = s.get_process().wait();

    let saved = std::fs::read_to_string(&file).expect("answers file written");
    assert!(saved.starts_with("# ctpat answers file"), "{saved}");
    let r = report(&file);
    assert_eq!(r["company"]["name"], "Acme: \"PTY\" Ltd");
    assert_eq!(r["counts"]["implemented"], 1, "{saved}");
    assert_eq!(r["counts"]["not_implemented"], 1, "{saved}");
    assert_eq!(r["counts"]["unanswered"], 91, "{saved}");
    let g = gap(&r, "1.2");
    assert_eq!(g["status"], "not_implemented");
    assert_eq!(g["owner"], "Li Wei");
    assert_eq!(g["due"], "2027-03-31");
    assert!(
        saved.contains("- \"SP-01, v3\"\n      - \"Lobby photo\""),
        "{saved}"
    );
    assert!(saved.contains("country: \"US\""), "{saved}");
    assert!(saved.contains("assessor: \"Li Wei\""), "{saved}");

    // Resume: it starts at question 3; answer 3 and 4 partial, then save and quit on 5.
    let mut s = spawn(dir.path(), &["--lang", "en", "--resume", "acme.yaml"]);
    answer(&mut s, "2 of 93 questions answered", "");
    answer(&mut s, "question 3/93", "");
    choose(&mut s, &format!("{DOWN}{ENTER}")); // partial
    answer(&mut s, "Note", "Draft only\r");
    answer(&mut s, "Owner", ENTER);
    answer(&mut s, "Due date", ENTER);
    answer(&mut s, "question 4/93", "");
    // ↑ on the first choice does not wrap round to "Save and quit": it stays on the first.
    choose(&mut s, &format!("{UP}{UP}{DOWN}{ENTER}")); // partial
    answer(&mut s, "Note", ENTER);
    answer(&mut s, "Owner", ENTER);
    answer(&mut s, "Due date", ENTER);
    answer(&mut s, "question 5/93", "");
    choose(&mut s, "9\r"); // save and quit, the ninth
    answer(&mut s, "89 questions still unanswered", "");
    answer(&mut s, "To continue: ctpat assess --resume acme.yaml", "");
    assert_eq!(exit_code(&s), 0);

    let r = report(&file);
    assert_eq!(r["counts"]["partial"], 2);
    assert_eq!(r["counts"]["unanswered"], 89);
    assert_eq!(gap(&r, "1.3")["note"], "Draft only");

    // Ctrl-C on question 5: a clean stop with exit 130, the file as it was.
    let before = std::fs::read_to_string(&file).expect("saved");
    let mut s = spawn(dir.path(), &["--lang", "en", "--resume", "acme.yaml"]);
    answer(&mut s, "question 5/93", "");
    choose(&mut s, "");
    s.send(ControlCode::EndOfText).expect("Ctrl-C");
    answer(
        &mut s,
        "Interrupted. Every answer given so far is saved in acme.yaml",
        "",
    );
    answer(&mut s, "ctpat assess --resume acme.yaml", "");
    assert_eq!(exit_code(&s), 130);
    assert_eq!(std::fs::read_to_string(&file).expect("saved"), before);
}

#[test]
fn without_a_terminal_assess_needs_an_answers_file() {
    let out = ctpat().arg("assess").assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("needs a terminal"), "{err}");
    assert!(err.contains("ctpat assess --answers answers.yaml"), "{err}");
    // An installed binary has no examples/ folder: the hint is `ctpat init`.
    assert!(err.contains("ctpat init --entity"), "{err}");
    assert!(!err.contains("examples/"), "{err}");

    let out = ctpat()
        .args(["assess", "--resume", "examples/importer-tier1.yaml"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("needs a terminal"), "{err}");
}

#[test]
fn questionnaire_options_are_refused_where_they_make_no_sense() {
    let out = ctpat()
        .args([
            "assess",
            "--answers",
            "examples/importer-tier1.yaml",
            "--save",
            "x.yaml",
        ])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("--save is for the interactive questionnaire"),
        "{err}"
    );

    ctpat()
        .args([
            "assess",
            "--answers",
            "examples/importer-tier1.yaml",
            "--resume",
            "x.yaml",
        ])
        .assert()
        .code(2);
    let out = ctpat()
        .args(["assess", "--answers", "-", "--interactive"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("cannot continue standard input"), "{err}");
}

#[test]
fn a_complete_file_goes_to_review_then_the_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("t3.yaml");
    std::fs::copy(
        crate::support::root().join("examples/importer-tier3.yaml"),
        &file,
    )
    .expect("copy example");
    let before = report(&file);

    // Nothing unanswered: straight to the review offer (one N/A), declined; then the report.
    let mut s = spawn(
        dir.path(),
        &["--lang", "en", "--answers", "t3.yaml", "--interactive"],
    );
    answer(&mut s, "all 93 questions are answered", "");
    answer(
        &mut s,
        "Review the 1 answer marked partial or not applicable?",
        "n",
    );
    answer(&mut s, "Write the HTML report to t3.html", "n");
    answer(&mut s, "Recommendation:", "");
    answer(&mut s, "Gaps", "");
    answer(&mut s, "Answers saved in t3.yaml", "");
    assert_eq!(exit_code(&s), 0);

    // Rewritten by ctpat (quoting), it still says exactly the same and keeps its own comment.
    let saved = std::fs::read_to_string(&file).expect("saved");
    assert!(
        saved.starts_with(
            "# yaml-language-server: $schema=../schemas/answers.schema.json\n# A U.S. importer"
        ),
        "{saved}"
    );
    let mut after = report(&file);
    after["generator"] = before["generator"].clone();
    // The manifest hashes the file's bytes, which the rewrite changed on purpose.
    assert_ne!(
        after["manifest"]["answers_sha256"],
        before["manifest"]["answers_sha256"]
    );
    after["manifest"]["answers_sha256"] = before["manifest"]["answers_sha256"].clone();
    assert_eq!(after, before);
}

#[test]
fn resuming_a_workbook_saves_yaml_beside_it_and_never_rewrites_the_workbook() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = dir.path().join("q.xlsx");
    std::fs::copy(
        crate::support::root().join("tests/fixtures/workbook/libreoffice.xlsx"),
        &book,
    )
    .expect("copy workbook");
    let original = std::fs::read(&book).expect("workbook");
    let before = report(&book);

    let mut s = spawn(dir.path(), &["--lang", "en", "--resume", "q.xlsx"]);
    // Wide enough that the company's long name does not wrap the words waited for.
    s.get_process_mut()
        .set_window_size(200, 24)
        .expect("resize");
    answer(&mut s, "all 97 questions are answered", "");
    answer(&mut s, "marked partial or not applicable?", "n");
    // The HTML report is offered next to the YAML the answers are saved in.
    answer(&mut s, "Write the HTML report to q.html", "n");
    answer(&mut s, "Recommendation:", "");
    answer(&mut s, "Answers saved in q.yaml", "");
    assert_eq!(exit_code(&s), 0);

    assert_eq!(std::fs::read(&book).expect("workbook"), original);
    let saved = std::fs::read_to_string(dir.path().join("q.yaml")).expect("q.yaml written");
    assert!(
        saved.contains("  facility: \"Plant 2, Bao'an 宝安二厂\""),
        "{saved}"
    );
    let mut after = report(&dir.path().join("q.yaml"));
    after["manifest"]["answers_sha256"] = before["manifest"]["answers_sha256"].clone();
    assert_eq!(after, before);

    // Again: q.yaml exists now, so ctpat asks before replacing it; no keeps it.
    let yaml_before = std::fs::read(dir.path().join("q.yaml")).expect("q.yaml");
    let mut s = spawn(dir.path(), &["--lang", "en", "--resume", "q.xlsx"]);
    answer(
        &mut s,
        "q.yaml already exists. Replace it with the answers from q.xlsx?",
        "n",
    );
    answer(&mut s, "q.yaml already exists", "");
    assert_eq!(exit_code(&s), 2);
    assert_eq!(
        std::fs::read(dir.path().join("q.yaml")).expect("q.yaml"),
        yaml_before
    );
}

#[test]
fn resuming_a_workbook_refuses_to_save_over_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        crate::support::root().join("tests/fixtures/workbook/openpyxl.xlsx"),
        dir.path().join("q.xlsx"),
    )
    .expect("copy workbook");
    let original = std::fs::read(dir.path().join("q.xlsx")).expect("workbook");
    // Also under another spelling of its path, even with --force.
    for save in ["q.xlsx", "./q.xlsx"] {
        let mut s = spawn(
            dir.path(),
            &[
                "--lang", "en", "--resume", "q.xlsx", "--save", save, "--force",
            ],
        );
        answer(&mut s, "ctpat never rewrites a workbook", "");
        assert_eq!(exit_code(&s), 2, "{save}");
    }
    assert_eq!(
        std::fs::read(dir.path().join("q.xlsx")).expect("workbook"),
        original
    );
}

/// Regression: the first autosave of `--resume` deleted the details written under an empty
/// `status:`, the answers to criteria that do not apply to the entity, and the comment on top.
#[test]
fn resume_deletes_answers_no_more() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("exp.yaml");
    let original = "# Filled in by Li Wei with QA, 2026-11.\n# Ask before editing.\n\
        format: ctpat-answers/1\ncompany: { name: Acme, entity: exporter }\nanswers:\n  \
        \"1.1\": { status: implemented, evidence: [\"SP-01\"] }\n  \
        \"5.24\": { status: partial, note: \"we seal anyway\" }\n  \
        \"1.2\":\n    status:\n    note: \"ask HR\"\n    owner: \"Li Wei\"\n    due: 2027-01-31\n";
    std::fs::write(&file, original).expect("write answers");
    let before = report(&file);

    let mut s = spawn(dir.path(), &["--lang", "en", "--resume", "exp.yaml"]);
    // The draft's details are shown with its question; the autosave has happened by then.
    answer(&mut s, "no answer yet", "");
    answer(&mut s, "Note: ask HR", "");
    choose(&mut s, "");
    let saved = std::fs::read_to_string(&file).expect("saved");
    s.get_process_mut()
        .kill(Signal::SIGKILL)
        .expect("kill ctpat");
    let _ = s.get_process().wait();

    assert!(
        saved
            .starts_with("# Filled in by Li Wei with QA, 2026-11.\n# Ask before editing.\nformat:"),
        "{saved}"
    );
    for kept in [
        "we seal anyway",
        "\"5.24\"",
        "ask HR",
        "\"Li Wei\"",
        "due: 2027-01-31",
        "SP-01",
    ] {
        assert!(saved.contains(kept), "{kept} lost:\n{saved}");
    }
    let mut after = report(&file);
    after["manifest"]["answers_sha256"] = before["manifest"]["answers_sha256"].clone();
    assert_eq!(after, before, "the score is unchanged");
}

/// Regression: on a terminal two rows high the first menu panicked (the prompt library's
/// paging needed three). Menus now fit any size, also one row or one column, and a resize
/// while a menu is open.
#[test]
fn a_two_row_terminal_panicked_the_questionnaire() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = spawn(dir.path(), &["--lang", "zh-CN", "--save", "small.yaml"]);
    s.get_process_mut()
        .set_window_size(80, 2)
        .expect("two rows");
    answer(&mut s, "企业法定名称", "深圳示例电子有限公司\r");
    // One line: the prompt, the position and the chosen item.
    answer(&mut s, "(1/13) ›", ENTER);
    answer(&mut s, "所在国家或地区", ENTER);
    answer(&mut s, "评估人姓名", ENTER);
    answer(&mut s, "您的回答 (1/9) › 1. 已落实", "");
    for (cols, rows) in [(1, 1), (1, 5), (20, 3), (80, 24)] {
        s.get_process_mut()
            .set_window_size(cols, rows)
            .expect("resize");
        s.send(DOWN).expect("key");
        std::thread::sleep(Duration::from_millis(100));
    }
    answer(&mut s, "❯ 5. ", "9\r");
    answer(&mut s, "已保存到 small.yaml", "");
    assert_eq!(exit_code(&s), 0);
    let saved = std::fs::read_to_string(dir.path().join("small.yaml")).expect("saved");
    assert!(saved.starts_with("# ctpat 答卷文件"), "{saved}");
}

/// In Chinese the yes/no questions speak Chinese; the end offers the HTML report next to
/// the answers file; "Start over" keeps the answers it replaces in a backup.
#[test]
fn start_over_keeps_a_backup_and_the_html_report_is_offered() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("t3.yaml");
    let example = crate::support::root().join("examples/importer-tier3.yaml");
    std::fs::copy(&example, &file).expect("copy example");
    let original = std::fs::read_to_string(&file).expect("copied");

    let mut s = spawn(
        dir.path(),
        &["--lang", "zh-CN", "--answers", "t3.yaml", "--interactive"],
    );
    // Wide enough that no question wraps between the words waited for.
    s.get_process_mut()
        .set_window_size(200, 24)
        .expect("resize");
    // Short markers: under load the resize can land after a prompt is drawn at 80 columns,
    // and a long marker may then be wrapped in two.
    answer(&mut s, "要复核", "");
    answer(&mut s, "按 y 表示", "n");
    answer(&mut s, "HTML 报告写入", "y");
    answer(&mut s, "报告已写入", "");
    assert_eq!(exit_code(&s), 0);
    let html = std::fs::read_to_string(dir.path().join("t3.html")).expect("HTML written");
    assert!(
        html.contains("<html") && html.contains("lang=\"zh-CN\""),
        "{html}"
    );

    let rewritten = std::fs::read_to_string(&file).expect("saved");
    let mut s = spawn(dir.path(), &["--lang", "zh-CN", "--save", "t3.yaml"]);
    answer(&mut s, "t3.yaml 中已有", "");
    answer(&mut s, "取消", &format!("{DOWN}{ENTER}"));
    answer(&mut s, "已复制到 t3.yaml.bak", "");
    answer(&mut s, "企业法定名称", "新公司\r");
    answer(&mut s, "企业类型", ENTER);
    answer(&mut s, "所在国家或地区", ENTER);
    answer(&mut s, "评估人姓名", ENTER);
    answer(&mut s, "您的回答", "");
    answer(&mut s, "保存并退出", "9\r");
    assert_eq!(exit_code(&s), 0);
    let backup = std::fs::read_to_string(dir.path().join("t3.yaml.bak")).expect("backup");
    assert_eq!(backup, rewritten);
    assert!(original.starts_with(backup.lines().next().unwrap_or_default()));
    let fresh = std::fs::read_to_string(&file).expect("saved");
    assert!(fresh.contains("新公司"), "{fresh}");
}

/// After `ctpat migrate`, `--resume` asks the answers marked `review: true` first (the previous
/// answer as the default), clears the flag once answered, then the unanswered questions;
/// the `migrated_from` block survives the autosave.
#[test]
fn resume_asks_migrated_review_items_first_then_the_unanswered() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("m.yaml");
    let migrated = std::fs::read_to_string(
        crate::support::root().join("examples/importer-2020.03-migrated.yaml"),
    )
    .expect("example");
    // Leave 1.2 unanswered: it comes before 3.9 in the catalog, yet after it in the run.
    let start = migrated.find("  \"1.2\":").expect("1.2 answered");
    let end = start + migrated[start..].find("  \"1.3\":").expect("1.3 follows");
    let text = format!("{}{}", &migrated[..start], &migrated[end..]);
    assert!(text.contains("    review: true\n"));
    std::fs::write(&file, &text).expect("write");

    let mut s = spawn(dir.path(), &["--lang", "en", "--resume", "m.yaml"]);
    answer(
        &mut s,
        "1 answer carried from criteria 2020.03 to review first",
        "",
    );
    answer(&mut s, "3.9 [MUST]", "");
    answer(&mut s, "Current answer: partial", "");
    answer(&mut s, "Carried from criteria 2020.03, which changed", "");
    // Enter keeps partial; its note, owner and due date are offered again and kept.
    choose(&mut s, ENTER);
    answer(&mut s, "Note", ENTER);
    answer(&mut s, "Owner", ENTER);
    answer(&mut s, "Due", ENTER);
    answer(&mut s, "1.2 [", "");
    choose(&mut s, "");
    let saved = std::fs::read_to_string(&file).expect("saved");
    s.get_process_mut()
        .kill(Signal::SIGKILL)
        .expect("kill ctpat");
    let _ = s.get_process().wait();

    assert!(!saved.contains("    review: true\n"), "{saved}");
    let block = saved.split("\"3.9\":").nth(1).expect("3.9 kept");
    let block = block.split("\n  \"").next().unwrap_or_default();
    for kept in [
        "status: partial",
        "Compliance manager",
        "due: 2022-12-31",
        "SP-391",
    ] {
        assert!(block.contains(kept), "{kept} lost:\n{block}");
    }
    assert!(
        saved.contains("migrated_from:\n  criteria_version: \"2020.03\""),
        "{saved}"
    );
    assert!(
        !saved.contains("\"1.2\":"),
        "1.2 stays unanswered:\n{saved}"
    );
}

/// A crosswalked China Customs file: the questionnaire asks the items to review first, in
/// China Customs' words (达标 / 基本达标 / 不达标), and the answer is saved with its flag cleared.
#[test]
fn a_crosswalked_gacc_file_is_asked_in_china_customs_words_review_items_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("gacc.yaml");
    std::fs::copy(
        crate::support::root().join("examples/dongguan-factory/gacc-advanced-crosswalked.yaml"),
        &file,
    )
    .expect("copy the example");
    let before = std::fs::read_to_string(&file).expect("read");
    let flags = before.matches("review: true").count();
    let mut s = spawn(dir.path(), &["--lang", "zh-CN", "--resume", "gacc.yaml"]);
    answer(&mut s, "请先判定", "");
    answer(&mut s, "(9) [通用] 信息安全", "");
    answer(&mut s, "达标（有制度，且有相符的执行记录）", "");
    answer(&mut s, "基本达标（记录不全或现场执行有待改进）", "");
    answer(&mut s, "按序号跳到某一条目", "");
    answer(&mut s, "保存并退出", ENTER);
    // Keep the evidence the crosswalk listed.
    answer(&mut s, "保留这些证据吗", ENTER);
    // No further document.
    answer(&mut s, "下一份文件或记录", ENTER);
    // The next item to review is asked: the first answer is saved by then.
    answer(&mut s, "(44)", "");
    let saved = std::fs::read_to_string(&file).expect("saved");
    s.get_process_mut()
        .kill(Signal::SIGKILL)
        .expect("kill ctpat");
    let _ = s.get_process().wait();
    let nine = saved
        .split("\n  \"(")
        .find(|e| e.starts_with("9)\""))
        .expect("(9) is in the file");
    assert!(nine.contains("status: implemented"), "{nine}");
    assert!(!nine.contains("review: true"), "{nine}");
    assert_eq!(saved.matches("review: true").count(), flags - 1, "{saved}");
}
