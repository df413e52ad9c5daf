//! Shell integration and conventions: completions for every shell, the man page, help with
//! examples on every subcommand, --version, and Chinese headings.

use crate::support::ctpat;

fn stdout(args: &[&str]) -> String {
    let out = ctpat().args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8")
}

#[test]
fn completions_generate_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(&["completions", shell]);
        for sub in ["assess", "criteria", "init", "config", "completions", "man"] {
            assert!(script.contains(sub), "{shell} completion lacks {sub}");
        }
        assert!(script.contains("lang"), "{shell} completion lacks --lang");
    }
    ctpat().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_page_generates() {
    let page = stdout(&["man"]);
    assert!(
        page.starts_with(".ie"),
        "roff: {}",
        &page[..40.min(page.len())]
    );
    assert!(page.contains(".TH ctpat 1"));
    for sub in ["assess", "criteria", "init", "config"] {
        assert!(page.contains(sub), "man page lacks {sub}");
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("ctpat.1");
    ctpat()
        .args(["man", "--output", &file.to_string_lossy()])
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&file).expect("written"), page);
    ctpat()
        .args(["man", "--output", &file.to_string_lossy()])
        .assert()
        .code(2);
}

#[test]
fn every_subcommand_has_help_with_examples() {
    for args in [
        &["assess"][..],
        &["criteria", "versions"],
        &["criteria", "list"],
        &["criteria", "show"],
        &["init"],
        &["config", "show"],
        &["completions"],
        &["man"],
    ] {
        let mut full = args.to_vec();
        full.push("--help");
        let help = stdout(&full);
        assert!(help.contains("Example"), "{args:?} --help has no examples");
    }
}

#[test]
fn version_names_the_built_in_criteria() {
    let v = stdout(&["--version"]);
    assert!(
        v.contains(
            "criteria 2020.03, 2023.01; default 2023.01; also gacc-aeo-2026-advanced, gacc-aeo-2026-certified"
        ),
        "{v}"
    );
}

#[test]
fn chinese_headings_in_assess_and_criteria_list() {
    let report = stdout(&[
        "assess",
        "--answers",
        "examples/importer-tier2.yaml",
        "--lang",
        "zh-CN",
    ]);
    for heading in ["C-TPAT 自我评估", "评估结论", "差距清单", "重点领域 / 类别"]
    {
        assert!(report.contains(heading), "assess lacks {heading}");
    }
    let out = ctpat()
        .env("LANG", "zh_CN.UTF-8")
        .args(["criteria", "list", "--entity", "importer"])
        .assert()
        .success();
    let list = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for heading in ["编号", "要求", "类别", "标题", "必须", "标准版本"] {
        assert!(list.contains(heading), "criteria list lacks {heading}");
    }
    let out = ctpat()
        .env("CTPAT_LANG", "zh-CN")
        .args(["config", "show"])
        .assert()
        .success();
    let show = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        show.contains("设置项") && show.contains("环境变量 CTPAT_LANG"),
        "{show}"
    );
}
