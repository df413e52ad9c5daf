//! Workbooks written end to end: `init --output q.xlsx`, `convert`, `report --format xlsx`,
//! `batch` (portfolio.xlsx), and CSVs as LibreOffice imports them (fixtures converted by
//! LibreOffice's own CSV import, read back here).

use crate::support::{ctpat, ctpat_in, fixture, root};
use calamine::{Data, Range, Reader, SheetVisible, Xlsx};
use std::io::Cursor;
use std::path::Path;

fn open(path: &Path) -> Xlsx<Cursor<Vec<u8>>> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Xlsx::new(Cursor::new(bytes)).expect("a workbook")
}

fn first_sheet(path: &Path) -> Range<Data> {
    let mut wb = open(path);
    let name = wb.sheet_names()[0].clone();
    wb.worksheet_range(&name).expect("a sheet")
}

fn text(range: &Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("({row}, {col}) is not text: {other:?}"),
    }
}

/// Column `col` of every row after the header: what a spreadsheet user sees there.
fn column(range: &Range<Data>, col: u32) -> Vec<Data> {
    (1..=range.end().expect("cells").0)
        .map(|row| range.get_value((row, col)).cloned().unwrap_or_default())
        .collect()
}

fn stderr(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

#[test]
fn init_writes_a_questionnaire_workbook_named_by_its_extension() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = ctpat_in(dir.path())
        .args([
            "init",
            "--entity",
            "foreign_manufacturer",
            "--lang",
            "zh-CN",
            "--output",
            "q.XLSX",
        ])
        .assert()
        .success();
    assert!(stderr(&out).contains("q.XLSX"), "{}", stderr(&out));
    let mut wb = open(&dir.path().join("q.XLSX"));
    assert_eq!(
        wb.sheet_names(),
        ["Company", "Answers", "BestPractices", "ctpat"]
    );
    let stamp = wb
        .sheets_metadata()
        .iter()
        .find(|s| s.name == "ctpat")
        .cloned();
    assert_eq!(stamp.map(|s| s.visible), Some(SheetVisible::Hidden));
    let stamp = wb.worksheet_range("ctpat").expect("stamp");
    assert_eq!(text(&stamp, 4, 1), "zh-CN");
    assert_eq!(text(&stamp, 3, 1), "foreign_manufacturer");
    let answers = wb.worksheet_range("Answers").expect("answers");
    assert_eq!(text(&answers, 1, 4), "Status 状态");

    // The same command again refuses to overwrite; --format xlsx with another name works.
    let again = ctpat_in(dir.path())
        .args(["init", "--entity", "importer", "--output", "q.XLSX"])
        .assert()
        .code(2);
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    ctpat_in(dir.path())
        .args(["init", "--entity", "importer", "--format", "xlsx"])
        .assert()
        .success();
    let company = open(&dir.path().join("answers.xlsx"))
        .worksheet_range("Company")
        .expect("company");
    assert_eq!(text(&company, 3, 1), "importer");
}

#[test]
fn init_prefills_the_company_from_the_config_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("ctpat.toml"),
        "[company]\nname = \"=Shenzhen Example Co.\"\ncountry = \"CN\"\nassessor = \"Li Wei\"\n",
    )
    .expect("config");
    ctpat_in(dir.path())
        .args(["init", "--entity", "importer", "--output", "q.xlsx"])
        .assert()
        .success();
    let company = open(&dir.path().join("q.xlsx"))
        .worksheet_range("Company")
        .expect("company");
    // Rows follow COMPANY_FIELDS: name, entity, country, ..., assessor at row 10.
    assert_eq!(text(&company, 2, 1), "=Shenzhen Example Co.");
    assert_eq!(text(&company, 4, 1), "CN");
    assert_eq!(text(&company, 10, 1), "Li Wei");
}

#[test]
fn the_same_init_gives_the_same_bytes_on_stdout_and_in_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let piped = ctpat_in(dir.path())
        .args([
            "init", "--entity", "importer", "--format", "xlsx", "--output", "-",
        ])
        .assert()
        .success();
    ctpat_in(dir.path())
        .args(["init", "--entity", "importer", "--output", "a.xlsx"])
        .assert()
        .success();
    let file = std::fs::read(dir.path().join("a.xlsx")).expect("written");
    assert_eq!(piped.get_output().stdout, file);
    assert!(file.starts_with(b"PK"));
}

#[test]
fn convert_sends_an_answers_file_out_again_as_a_workbook() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = root().join("examples/foreign-manufacturer-cn.yaml");
    let out = dir.path().join("back.xlsx");
    let input_arg = input.to_string_lossy().into_owned();
    let out_arg = out.to_string_lossy().into_owned();
    ctpat()
        .args(["convert", &input_arg, &out_arg, "--lang", "zh-CN"])
        .assert()
        .success();
    let mut wb = open(&out);
    let company = wb.worksheet_range("Company").expect("company");
    assert!(text(&company, 2, 1).ends_with("深圳示例电子有限公司"));
    let answers = wb.worksheet_range("Answers").expect("answers");
    let statuses: Vec<String> = column(&answers, 4)
        .into_iter()
        .filter_map(|d| match d {
            Data::String(s) => Some(s),
            _ => None,
        })
        .collect();
    assert!(statuses.iter().any(|s| s == "已落实"), "{statuses:?}");
    assert!(statuses.iter().any(|s| s == "部分落实"), "{statuses:?}");

    // OUT exists: refused without --force, replaced with it.
    let again = ctpat()
        .args(["convert", &input_arg, &out_arg])
        .assert()
        .code(2);
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    ctpat()
        .args(["convert", &input_arg, &out_arg, "--force"])
        .assert()
        .success();
}

#[test]
fn convert_to_yaml_keeps_the_answers_and_an_unknown_extension_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("same.yaml");
    let out_arg = out.to_string_lossy().into_owned();
    ctpat()
        .args(["convert", "examples/importer-tier2.yaml", &out_arg])
        .assert()
        .success();
    let json = |path: &str| {
        let out = ctpat()
            .args(["report", path, "--format", "json"])
            .assert()
            .success();
        let mut v: serde_json::Value =
            serde_json::from_slice(&out.get_output().stdout).expect("JSON");
        v["manifest"]["answers_sha256"] = serde_json::Value::Null;
        v
    };
    assert_eq!(json("examples/importer-tier2.yaml"), json(&out_arg));

    let bad = dir.path().join("out.csv").to_string_lossy().into_owned();
    let refused = ctpat()
        .args(["convert", "examples/importer-tier2.yaml", &bad])
        .assert()
        .code(2);
    assert!(stderr(&refused).contains(".xlsx"), "{}", stderr(&refused));
    assert!(!Path::new(&bad).exists());
}

#[test]
fn report_workbook_keeps_ids_as_text_and_never_overwrites_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("r.xlsx");
    let out_arg = out.to_string_lossy().into_owned();
    let input = fixture("xlsx/unanswered-importer.yaml");
    ctpat()
        .args(["report", &input, "--format", "xlsx", "--output", &out_arg])
        .assert()
        .success();
    let mut wb = open(&out);
    assert_eq!(
        wb.sheet_names(),
        [
            "Summary",
            "Gaps",
            "Action plan",
            "Evidence register",
            "Manifest"
        ]
    );
    let gaps = wb.worksheet_range("Gaps").expect("gaps");
    let ids: Vec<String> = (1..=gaps.end().expect("cells").0)
        .map(|row| text(&gaps, row, 0))
        .collect();
    for id in ["4.10", "7.10", "9.10", "10.10", "12.10"] {
        assert!(ids.iter().any(|i| i == id), "{id} missing from {ids:?}");
    }
    let manifest = wb.worksheet_range("Manifest").expect("manifest");
    assert_eq!(text(&manifest, 1, 1), "2023.01");

    let again = ctpat()
        .args(["report", &input, "--format", "xlsx", "--output", &out_arg])
        .assert()
        .code(2);
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn batch_writes_portfolio_xlsx_and_client_workbooks() {
    let out = tempfile::tempdir().expect("tempdir");
    let out_arg = out.path().to_string_lossy().into_owned();
    ctpat()
        .args([
            "batch",
            "tests/fixtures/batch/portfolio",
            "--out",
            &out_arg,
            "--format",
            "xlsx",
        ])
        .assert()
        .code(2);
    let clients = open(&out.path().join("portfolio.xlsx"))
        .worksheet_range("Clients")
        .expect("clients");
    let paths: Vec<String> = (1..=clients.end().expect("cells").0)
        .map(|row| text(&clients, row, 0))
        .collect();
    assert_eq!(paths.len(), 4, "{paths:?}");
    assert!(out.path().join("clients/acme__answers.xlsx").is_file());
}

/// LibreOffice's CSV import turned the committed fixtures' CSVs (made by `ctpat report
/// --format csv` and `ctpat batch --out` on `xlsx/unanswered-importer.yaml`) into these
/// workbooks; `soffice --headless --infilter=CSV:44,34,76 --convert-to xlsx` keeps every
/// other option of the import dialog at its default. Without the text formula, 12.10 came
/// back as the number 12.1.
#[test]
fn libreoffice_keeps_ids_and_versions_of_the_csvs_as_text() {
    let plan = first_sheet(&root().join(fixture("xlsx/libreoffice-action-plan-csv.xlsx")));
    let ids: Vec<Data> = column(&plan, 1);
    assert_eq!(ids.len(), 93);
    for id in &ids {
        assert!(matches!(id, Data::String(_)), "{id:?} is not text");
    }
    for id in ["4.10", "7.10", "9.10", "10.10", "12.10", "7.30"] {
        assert!(ids.contains(&Data::String(id.into())), "{id}");
    }
    let gaps = first_sheet(&root().join(fixture("xlsx/libreoffice-common-gaps-csv.xlsx")));
    assert!(column(&gaps, 0).contains(&Data::String("12.10".into())));
    let summary = first_sheet(&root().join(fixture("xlsx/libreoffice-summary-csv.xlsx")));
    assert_eq!(text(&summary, 0, 4), "criteria_version");
    assert_eq!(text(&summary, 1, 4), "2023.01");
}

/// A questionnaire filled by another program (openpyxl, from the answers of
/// examples/foreign-manufacturer-cn.yaml; see tests/fixtures/xlsx/fill_with_openpyxl.py) and
/// saved again by LibreOffice: sheets, the hidden stamp, the header row, the ids and every
/// status (as the Chinese drop-down label) survive both, where the reader looks for them.
#[test]
fn a_questionnaire_filled_elsewhere_and_saved_by_libreoffice_keeps_its_layout() {
    let example = std::fs::read_to_string(root().join("examples/foreign-manufacturer-cn.yaml"))
        .expect("example");
    // `"1.1":` then `status: implemented` on the next line, in the example's own layout.
    let mut expected = Vec::new();
    let mut id = None;
    for line in example.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix('"').and_then(|l| l.strip_suffix("\":")) {
            id = Some(rest.to_string());
        } else if let (Some(i), Some(status)) = (id.take(), line.strip_prefix("status: ")) {
            let label = match status {
                "implemented" => "已落实",
                "partial" => "部分落实",
                "not_implemented" => "未落实",
                _ => "不适用",
            };
            expected.push((i, label.to_string()));
        }
    }
    assert_eq!(expected.len(), 97);
    for name in ["openpyxl-filled-zh.xlsx", "libreoffice-filled-zh.xlsx"] {
        let mut wb = open(&root().join(fixture(&format!("xlsx/{name}"))));
        assert_eq!(
            wb.sheet_names(),
            ["Company", "Answers", "BestPractices", "ctpat"]
        );
        let hidden = wb
            .sheets_metadata()
            .iter()
            .find(|s| s.name == "ctpat")
            .cloned();
        assert_eq!(
            hidden.map(|s| s.visible),
            Some(SheetVisible::Hidden),
            "{name}"
        );
        let answers = wb.worksheet_range("Answers").expect("answers");
        assert_eq!(text(&answers, 1, 0), "ID 编号");
        assert_eq!(text(&answers, 1, 4), "Status 状态");
        let found: Vec<(String, String)> = (2..=answers.end().expect("cells").0)
            .filter_map(|row| match answers.get_value((row, 0)) {
                Some(Data::String(id)) if id.parse::<f64>().is_ok() => {
                    Some((id.clone(), text(&answers, row, 4)))
                }
                _ => None,
            })
            .collect();
        assert_eq!(found, expected, "{name}");
        let company = wb.worksheet_range("Company").expect("company");
        assert!(
            text(&company, 2, 1).ends_with("深圳示例电子有限公司"),
            "{name}"
        );
    }
}

/// Runs `ctpat ARGS` with its standard output on a pseudo-terminal; returns what the
/// terminal showed and the exit code.
fn on_a_terminal(dir: &Path, args: &[&str]) -> (String, i32) {
    use expectrl::process::unix::WaitStatus;
    use expectrl::Expect as _;
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("ctpat"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("LC_ALL")
        .env("LANG", "C.UTF-8")
        .env("NO_COLOR", "1");
    let mut session = expectrl::Session::spawn(cmd).expect("spawn ctpat in a pty");
    session.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
    let shown = session.expect(expectrl::Eof).expect("ctpat ends");
    // Eof's match is everything the terminal showed.
    let text = shown
        .matches()
        .map(|m| String::from_utf8_lossy(m).into_owned())
        .collect::<String>()
        + &String::from_utf8_lossy(shown.before());
    let code = match session.get_process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("ctpat did not exit normally: {other:?}"),
    };
    (text, code)
}

#[test]
fn a_workbook_is_never_written_to_a_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let example = root().join("examples/importer-tier2.yaml");
    let example = example.to_string_lossy();
    for args in [
        &["report", &*example, "--format", "xlsx"][..],
        &["assess", "--answers", &*example, "--format", "xlsx"][..],
        &[
            "init", "--entity", "importer", "--format", "xlsx", "--output", "-",
        ][..],
    ] {
        let (shown, code) = on_a_terminal(dir.path(), args);
        assert_eq!(code, 2, "{args:?}: {shown}");
        assert!(shown.contains("--output"), "{args:?}: {shown}");
        assert!(
            !shown.contains("PK\u{3}\u{4}"),
            "{args:?}: binary on the terminal"
        );
    }
}

#[test]
fn a_text_too_long_for_a_cell_is_refused_with_exit_2_and_nothing_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let example =
        std::fs::read_to_string(root().join("examples/importer-tier2.yaml")).expect("example");
    let long = example.replacen(
        "Security committee exists; HR and IT do not attend yet.",
        &"x".repeat(40_000),
        1,
    );
    assert_ne!(long, example);
    let input = dir.path().join("long.yaml");
    std::fs::write(&input, long).expect("write");
    let input = input.to_string_lossy().into_owned();
    for (args, out) in [
        (vec!["convert", &input, "q.xlsx"], "q.xlsx"),
        (
            vec!["report", &input, "--format", "xlsx", "-o", "r.xlsx"],
            "r.xlsx",
        ),
    ] {
        let failed = ctpat_in(dir.path()).args(&args).assert().code(2);
        let err = stderr(&failed);
        assert_eq!(err.matches("32,767").count(), 1, "{err}");
        assert!(!dir.path().join(out).exists(), "{out} written");
    }
}

/// The date an Excel serial day number stands for (1899-12-30 is day 0), as `YYYY-MM-DD`.
fn excel_day(serial: f64) -> String {
    // Days from 1970-01-01, then the civil date (H. Hinnant's algorithm).
    #[allow(clippy::cast_possible_truncation)]
    let z = serial as i64 - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[test]
fn excel_days_convert_to_dates() {
    assert_eq!(excel_day(46_477.0), "2027-03-31");
    assert_eq!(excel_day(25_569.0), "1970-01-01");
    assert_eq!(excel_day(45_351.0), "2024-02-29");
}

/// What a workbook row holds in the columns the company fills: status, evidence, note,
/// owner, due (empty strings for empty cells).
fn filled(range: &Range<Data>, row: u32) -> [String; 5] {
    let cell = |col: u32| match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::DateTime(d)) => excel_day(d.as_f64()),
        None | Some(Data::Empty) => String::new(),
        Some(other) => panic!("({row}, {col}): {other:?}"),
    };
    [cell(4), cell(5), cell(6), cell(7), cell(8)]
}

/// The same five values from an answers file's YAML.
fn expected(answer: Option<&serde_json::Value>, zh: bool) -> [String; 5] {
    let Some(a) = answer else {
        return Default::default();
    };
    let text = |key: &str| a[key].as_str().unwrap_or_default().to_string();
    let status = match (a["status"].as_str().unwrap_or_default(), zh) {
        ("implemented", false) => "implemented",
        ("partial", false) => "partial",
        ("not_implemented", false) => "not implemented",
        ("not_applicable", false) => "not applicable",
        ("implemented", true) => "已落实",
        ("partial", true) => "部分落实",
        ("not_implemented", true) => "未落实",
        ("not_applicable", true) => "不适用",
        (other, _) => panic!("status {other}"),
    };
    let evidence: Vec<&str> = a["evidence"]
        .as_array()
        .map(|e| e.iter().filter_map(serde_json::Value::as_str).collect())
        .unwrap_or_default();
    [
        status.to_string(),
        evidence.join("\n"),
        text("note"),
        text("owner"),
        text("due"),
    ]
}

/// Every shipped example through `convert` to a workbook, in both languages: every answer,
/// evidence item, note, owner, due date and best practice is on its criterion's row (found
/// by id, as the reader finds it), and every other applicable criterion is left empty.
#[test]
fn convert_puts_every_answer_of_every_example_on_its_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut examples: Vec<_> = std::fs::read_dir(root().join("examples"))
        .expect("examples")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    examples.sort();
    assert!(examples.len() >= 5, "{examples:?}");
    for example in &examples {
        let yaml: serde_json::Value =
            serde_saphyr::from_str(&std::fs::read_to_string(example).expect("read"))
                .expect("an answers file");
        for lang in ["en", "zh-CN"] {
            let out = dir.path().join(format!("{lang}.xlsx"));
            ctpat()
                .arg("convert")
                .arg(example)
                .arg(&out)
                .args(["--lang", lang, "--force", "-q"])
                .assert()
                .success();
            let mut wb = open(&out);
            let sheet = wb.worksheet_range("Answers").expect("answers");
            let mut rows = 0;
            for row in 2..=sheet.end().expect("cells").0 {
                let Some(Data::String(id)) = sheet.get_value((row, 0)) else {
                    continue;
                };
                if id.parse::<f64>().is_err() {
                    continue; // a category heading
                }
                rows += 1;
                let want = expected(yaml["answers"].get(id.as_str()), lang == "zh-CN");
                assert_eq!(
                    filled(&sheet, row),
                    want,
                    "{} {id} ({lang})",
                    example.display()
                );
            }
            let answered = yaml["answers"].as_object().map_or(0, serde_json::Map::len);
            assert!(rows >= answered, "{}: {rows} rows", example.display());
            let practices = wb.worksheet_range("BestPractices").expect("bp");
            let titles: Vec<String> = yaml["best_practices"]
                .as_array()
                .map(|list| {
                    list.iter()
                        .map(|bp| bp["title"].as_str().unwrap_or_default().to_string())
                        .collect()
                })
                .unwrap_or_default();
            for (row, title) in (2u32..).zip(&titles) {
                assert_eq!(&text(&practices, row, 0), title, "{}", example.display());
            }
        }
    }
}

/// The fields of the `financials:` block of an answers file, sorted (the example lists
/// opening total assets first).
fn financials_block(yaml: &str) -> Vec<String> {
    let start = yaml.find("\nfinancials:\n").expect("a financials block");
    let mut lines: Vec<String> = yaml[start + "\nfinancials:\n".len()..]
        .lines()
        .take_while(|l| l.starts_with(' '))
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

const GACC_EXAMPLE: &str = "examples/dongguan-factory/gacc-advanced.yaml";

/// The computed finance items of `ctpat assess --format json` on `path`.
fn computed(path: &str) -> serde_json::Value {
    let out = ctpat()
        .args(["assess", "--answers", path, "--format", "json"])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    v["computed"].clone()
}

/// A GACC questionnaire has a Financials sheet: `convert` YAML → workbook → YAML keeps every
/// figure, in either language, and the workbook computes the same finance items (12)–(15).
#[test]
fn convert_keeps_the_financial_figures_through_a_workbook() {
    let dir = tempfile::tempdir().expect("tempdir");
    let example = std::fs::read_to_string(root().join(GACC_EXAMPLE)).expect("example");
    let expected = financials_block(&example);
    assert_eq!(expected.len(), 18, "{expected:?}");
    for lang in ["zh-CN", "en"] {
        let book = dir.path().join(format!("gacc-{lang}.xlsx"));
        let back = dir.path().join(format!("gacc-{lang}.yaml"));
        ctpat()
            .args(["convert", "--lang", lang, GACC_EXAMPLE])
            .arg(&book)
            .assert()
            .success();
        let names = open(&book).sheet_names();
        assert_eq!(
            names,
            ["Company", "Answers", "BestPractices", "Financials", "ctpat"],
            "{lang}"
        );
        ctpat()
            .arg("convert")
            .args([&book, &back])
            .assert()
            .success();
        let back = std::fs::read_to_string(&back).expect("yaml");
        assert_eq!(financials_block(&back), expected, "{lang}");
        assert_eq!(
            computed(&book.to_string_lossy()),
            computed(GACC_EXAMPLE),
            "{lang}"
        );
    }
}

/// A Financials sheet filled by another program (openpyxl: numbers, text with ASCII and
/// full-width thousands separators, the drop-downs' Chinese labels; see
/// tests/fixtures/xlsx/fill_financials_with_openpyxl.py) and saved again by LibreOffice gives
/// the finance items exactly as the same figures in YAML do.
#[test]
fn a_financials_sheet_filled_elsewhere_and_saved_by_libreoffice_computes_the_finance_items() {
    let expected = computed(GACC_EXAMPLE);
    let statuses: Vec<(String, String)> = expected["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| (i["item"].to_string(), i["status"].to_string()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("\"(12)\"", "\"implemented\""),
            ("\"(13)\"", "\"implemented\""),
            ("\"(14)\"", "\"implemented\""),
            ("\"(15)\"", "\"implemented\"")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    for name in [
        "openpyxl-financials-zh.xlsx",
        "libreoffice-financials-zh.xlsx",
    ] {
        let path = fixture(&format!("xlsx/{name}"));
        assert_eq!(computed(&path), expected, "{name}");
    }
}
