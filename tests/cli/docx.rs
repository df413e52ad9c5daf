//! The Word report end to end: every shipped example in both languages is unzipped and its
//! XML read back (headings, tables and their header rows, gap ids), hostile text stays text,
//! the same input gives the same bytes, and `--template` restyles without losing content.

use crate::support::{ctpat, ctpat_in, root};
use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::path::Path;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const TEMPLATE: &str = "tests/fixtures/docx/letterhead.docx";
const HOSTILE: &str = "tests/fixtures/report/hostile-strings.yaml";
const TIME: &str = "tests/fixtures/report/dated-evidence-and-waivers.yaml";

/// Every part of a DOCX package, by name.
fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut parts = BTreeMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).expect("entry");
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("inflate");
        parts.insert(f.name().expect("a UTF-8 part name").to_string(), data);
    }
    parts
}

fn text(parts: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(
        parts
            .get(name)
            .unwrap_or_else(|| panic!("no {name}"))
            .clone(),
    )
    .expect("UTF-8")
}

/// Runs `ctpat ARGS --format docx --output DIR/report.docx` and returns the file's bytes.
fn docx(args: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("report.docx");
    ctpat()
        .args(args)
        .args(["--format", "docx", "--output"])
        .arg(&out)
        .assert()
        .success();
    std::fs::read(out).expect("written")
}

/// The text of a paragraph or cell: its `w:t` runs joined, `w:tab` and `w:br` as `\t`, `\n`.
fn text_of(node: roxmltree::Node<'_, '_>) -> String {
    let mut s = String::new();
    for n in node.descendants() {
        if n.has_tag_name((W, "t")) {
            s.push_str(n.text().unwrap_or_default());
        } else if n.has_tag_name((W, "tab")) {
            s.push('\t');
        } else if n.has_tag_name((W, "br")) {
            s.push('\n');
        }
    }
    s
}

fn style_of(p: roxmltree::Node<'_, '_>) -> Option<String> {
    p.children()
        .find(|n| n.has_tag_name((W, "pPr")))?
        .children()
        .find(|n| n.has_tag_name((W, "pStyle")))?
        .attribute((W, "val"))
        .map(str::to_string)
}

/// The body's paragraphs outside tables, as `(style, text)`.
fn paragraphs(doc: &roxmltree::Document<'_>) -> Vec<(Option<String>, String)> {
    let body = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "body")))
        .expect("a body");
    body.children()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(|p| (style_of(p), text_of(p)))
        .collect()
}

/// The JSON report of the same input: what the Word report must hold.
fn json(args: &[&str]) -> serde_json::Value {
    let out = ctpat()
        .args(args)
        .args(["--format", "json"])
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).expect("JSON")
}

fn ui(lang: &str, key: &str) -> String {
    let msg = ctpat::messages::Messages::embedded(lang.parse().expect("a language"));
    msg.get(key).to_string()
}

/// Checks one generated report against its JSON twin: headings, tables, gap ids, footer.
fn check_structure(bytes: &[u8], report: &serde_json::Value, lang: &str) {
    let parts = unzip(bytes);
    for part in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/styles.xml",
        "word/numbering.xml",
        "word/footer1.xml",
        "word/_rels/document.xml.rels",
        "docProps/core.xml",
    ] {
        assert!(parts.contains_key(part), "{part} is missing");
        if part.ends_with(".xml") || part.ends_with(".rels") {
            roxmltree::Document::parse(&text(&parts, part))
                .unwrap_or_else(|e| panic!("{part} is not well-formed: {e}"));
        }
    }
    let xml = text(&parts, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed");
    let paras = paragraphs(&doc);
    let company = report["company"]["name"].as_str().expect("name");
    assert_eq!(paras[0], (Some("Title".into()), company.to_string()));

    let h1: Vec<&str> = paras
        .iter()
        .filter(|(s, _)| s.as_deref() == Some("Heading1"))
        .map(|(_, t)| t.as_str())
        .collect();
    // The waiver and evidence-age sections appear only when they have something to list.
    let listed = |pointer: &str| {
        report
            .pointer(pointer)
            .and_then(serde_json::Value::as_array)
            .is_some_and(|a| !a.is_empty())
    };
    let want: Vec<String> = [
        ("doc:summary", true),
        ("doc:scores", true),
        ("report:gaps", true),
        ("doc:plan", true),
        ("doc:waivers", listed("/waivers")),
        ("doc:expiring", listed("/freshness/expiring")),
        ("doc:stale", listed("/freshness/stale")),
        ("doc:undated", listed("/freshness/undated")),
        ("doc:register", true),
        ("doc:practices", true),
        ("doc:manifest", true),
    ]
    .iter()
    .filter(|(_, shown)| *shown)
    .map(|(k, _)| ui(lang, k))
    .collect();
    assert_eq!(h1, want, "Heading 1s in {lang}");

    // Each gap is a Heading 4 "id title", in the report's order.
    let gap_ids: Vec<String> = report["gaps"]
        .as_array()
        .expect("gaps")
        .iter()
        .map(|g| g["id"].as_str().expect("id").to_string())
        .collect();
    let h4: Vec<String> = paras
        .iter()
        .filter(|(s, _)| s.as_deref() == Some("Heading4"))
        .map(|(_, t)| t.split(' ').next().unwrap_or_default().to_string())
        .collect();
    assert_eq!(h4, gap_ids, "one Heading 4 per gap, in order");

    // Data tables (Table Grid): a repeated header row, and no row splits across pages.
    let tables: Vec<roxmltree::Node<'_, '_>> = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "tbl")))
        .collect();
    let grids: Vec<&roxmltree::Node<'_, '_>> = tables
        .iter()
        .filter(|t| {
            t.descendants().any(|n| {
                n.has_tag_name((W, "tblStyle")) && n.attribute((W, "val")) == Some("TableGrid")
            })
        })
        .collect();
    let expected_grids = 1
        + usize::from(!gap_ids.is_empty())
        + usize::from(!report["register"].as_array().expect("register").is_empty())
        + usize::from(!report["best_practices"].as_array().expect("bp").is_empty());
    assert_eq!(
        grids.len(),
        expected_grids,
        "score, plan, register, practices"
    );
    for t in &tables {
        let rows: Vec<_> = t.children().filter(|n| n.has_tag_name((W, "tr"))).collect();
        assert!(!rows.is_empty());
        for r in &rows {
            assert!(
                r.descendants().any(|n| n.has_tag_name((W, "cantSplit"))),
                "a row may split"
            );
        }
        let headers = rows
            .iter()
            .filter(|r| r.descendants().any(|n| n.has_tag_name((W, "tblHeader"))))
            .count();
        if grids.iter().any(|g| g == &t) {
            assert_eq!(headers, 1, "one header row");
            assert!(rows[0]
                .descendants()
                .any(|n| n.has_tag_name((W, "tblHeader"))));
        } else {
            assert_eq!(headers, 0, "the chart has no header row");
        }
    }
    // The action plan lists every gap id once.
    if !gap_ids.is_empty() {
        let plan = grids[1];
        let mut ids: Vec<String> = plan
            .children()
            .filter(|n| n.has_tag_name((W, "tr")))
            .skip(1)
            .map(|r| {
                let cells: Vec<_> = r.children().filter(|n| n.has_tag_name((W, "tc"))).collect();
                text_of(cells[1])
            })
            .collect();
        ids.sort();
        let mut want = gap_ids.clone();
        want.sort();
        assert_eq!(ids, want, "the action plan holds every gap");
    }

    // No field, link or embedded object in the body; one fixed PAGE field in the footer.
    for forbidden in [
        "fldSimple",
        "instrText",
        "fldChar",
        "hyperlink",
        "object",
        "altChunk",
    ] {
        assert!(
            !doc.descendants().any(|n| n.has_tag_name((W, forbidden))),
            "document.xml has a w:{forbidden}"
        );
    }
    let footer = text(&parts, "word/footer1.xml");
    assert_eq!(footer.matches("<w:instrText").count(), 1);
    assert!(footer.contains("> PAGE </w:instrText>"));
    let styles = text(&parts, "word/styles.xml");
    assert!(
        styles.contains("w:eastAsia=\"SimSun\""),
        "East Asian font set"
    );
    if lang == "zh-CN" {
        assert!(footer.contains("第 "), "Chinese page label");
        assert!(xml.contains("评估结论："), "Chinese punctuation");
    }
}

#[test]
fn every_example_reads_back_with_its_structure_in_both_languages() {
    let examples = std::fs::read_dir(root().join("examples")).expect("examples");
    let mut seen = 0;
    for entry in examples {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let rel = format!(
            "examples/{}",
            path.file_name().expect("name").to_string_lossy()
        );
        for lang in ["en", "zh-CN"] {
            let args = ["report", rel.as_str(), "--lang", lang];
            check_structure(&docx(&args), &json(&args), lang);
        }
        seen += 1;
    }
    assert!(seen >= 5, "the shipped examples");
    // Dated evidence and waivers: every optional section is there, in both languages.
    for lang in ["en", "zh-CN"] {
        let args = ["report", TIME, "--lang", lang];
        let report = json(&args);
        for list in ["/waivers", "/freshness/expiring", "/freshness/stale"] {
            assert!(
                report
                    .pointer(list)
                    .and_then(serde_json::Value::as_array)
                    .is_some_and(|a| !a.is_empty()),
                "{list} is empty in the fixture"
            );
        }
        check_structure(&docx(&args), &report, lang);
    }
}

#[test]
fn hostile_text_stays_plain_text_in_word() {
    let args = ["report", HOSTILE];
    let bytes = docx(&args);
    check_structure(&bytes, &json(&args), "en");
    let parts = unzip(&bytes);
    let xml = text(&parts, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed");
    let all: String = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(|p| text_of(p) + "\n")
        .collect();
    for literal in [
        "# Evil | Co <script>alert('name')</script> \"><img src=x onerror=alert(1)> & [x](javascript:alert(1))",
        "=HYPERLINK(\"http://evil.example\",\"x\") <b>bold</b> | pipe",
        "<svg onload=alert(4)>",
        "</td></tr></table><script>alert(5)</script> | # title",
        "<a href=\"javascript:alert(6)\">click</a>",
        "+cmd|' /C calc'!A0",
        "Tabbed note with a \"quote\", a comma and a newline\nsecond line [2J[31mred",
    ] {
        assert!(all.contains(literal), "{literal:?} is not shown as text");
    }
    // The escape character is dropped (XML 1.0 forbids it), nothing else of the note is lost.
    assert!(!xml.contains('\u{1b}'));
    // Only ctpat's own elements: every element is in the main namespace.
    for n in doc.descendants().filter(roxmltree::Node::is_element) {
        assert_eq!(n.tag_name().namespace(), Some(W), "{:?}", n.tag_name());
    }
    let footer = text(&parts, "word/footer1.xml");
    let footer = roxmltree::Document::parse(&footer).expect("well-formed");
    assert!(
        text_of(footer.root_element()).starts_with("# Evil | Co <script>alert('name')</script>")
    );
}

#[test]
fn the_same_input_gives_the_same_bytes_from_report_and_batch() {
    let first = docx(&["report", "examples/importer-tier2.yaml"]);
    let second = docx(&["report", "examples/importer-tier2.yaml"]);
    assert_eq!(first, second, "report twice");
    let dir = tempfile::tempdir().expect("tempdir");
    let clients = dir.path().join("clients");
    std::fs::create_dir(&clients).expect("mkdir");
    for name in [
        "importer-tier2.yaml",
        "importer-tier1.yaml",
        "importer-tier3.yaml",
    ] {
        std::fs::copy(root().join("examples").join(name), clients.join(name)).expect("copy");
    }
    let out = dir.path().join("out");
    ctpat()
        .arg("batch")
        .arg(&clients)
        .args(["--format", "docx", "--jobs", "3", "--out"])
        .arg(&out)
        .assert()
        .success();
    let from_batch = std::fs::read(out.join("clients/importer-tier2.docx")).expect("written");
    assert_eq!(
        from_batch, first,
        "batch, in parallel, writes the same bytes"
    );
}

#[test]
fn paper_is_a4_by_default_and_letter_on_request() {
    let size = |bytes: &[u8]| {
        let xml = text(&unzip(bytes), "word/document.xml");
        xml.split("<w:pgSz ")
            .nth(1)
            .expect("pgSz")
            .split("/>")
            .next()
            .expect("end")
            .to_string()
    };
    let a4 = size(&docx(&["report", "examples/importer-tier1.yaml"]));
    assert_eq!(a4, "w:w=\"11906\" w:h=\"16838\"");
    let letter = size(&docx(&[
        "report",
        "examples/importer-tier1.yaml",
        "--paper",
        "letter",
    ]));
    assert_eq!(letter, "w:w=\"12240\" w:h=\"15840\"");

    // The same from ctpat.toml.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("ctpat.toml"),
        "[report]\npaper = \"letter\"\n",
    )
    .expect("toml");
    let out = dir.path().join("r.docx");
    ctpat_in(dir.path())
        .arg("report")
        .arg(root().join("examples/importer-tier1.yaml"))
        .args(["--format", "docx", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(size(&std::fs::read(&out).expect("written")), letter);
    std::fs::write(
        dir.path().join("ctpat.toml"),
        "[report]\npaper = \"legal\"\n",
    )
    .expect("toml");
    let refused = ctpat_in(dir.path())
        .args(["config", "show"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(
        stderr.contains("legal") && stderr.contains("a4, letter"),
        "{stderr}"
    );
}

/// The body's text, paragraph by paragraph and cell by cell.
fn content(bytes: &[u8]) -> Vec<String> {
    let xml = text(&unzip(bytes), "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed");
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(text_of)
        .collect()
}

#[test]
fn a_template_changes_the_styles_and_keeps_the_content() {
    let plain = docx(&["report", "examples/importer-tier1.yaml"]);
    let branded = docx(&[
        "report",
        "examples/importer-tier1.yaml",
        "--template",
        TEMPLATE,
    ]);
    assert_eq!(content(&plain), content(&branded), "the same text");
    let parts = unzip(&branded);
    let styles = text(&parts, "word/styles.xml");
    let doc = roxmltree::Document::parse(&styles).expect("well-formed");
    let heading = doc
        .descendants()
        .find(|n| n.attribute((W, "styleId")) == Some("Heading1"))
        .expect("Heading 1");
    let fonts = heading
        .descendants()
        .find(|n| n.has_tag_name((W, "rFonts")))
        .and_then(|n| n.attribute((W, "ascii")));
    let colour = heading
        .descendants()
        .find(|n| n.has_tag_name((W, "color")))
        .and_then(|n| n.attribute((W, "val")));
    assert_eq!((fonts, colour), (Some("Georgia"), Some("C01010")));
    assert_eq!(
        doc.descendants()
            .filter(|n| n.attribute((W, "styleId")) == Some("Heading1"))
            .count(),
        1,
        "the template's Heading 1 only"
    );
    // The letterhead: header text and logo, wired up by relationships and content types.
    let header = text(&parts, "word/header1.xml");
    assert!(header.contains("ACME Trade Compliance Consulting"));
    assert!(parts.contains_key("word/media/image1.png"));
    let rels = text(&parts, "word/_rels/document.xml.rels");
    assert!(rels.contains("Target=\"header1.xml\""));
    let types = text(&parts, "[Content_Types].xml");
    assert!(types.contains("Extension=\"png\""));
    let document = text(&parts, "word/document.xml");
    assert!(document.contains("<w:headerReference w:type=\"default\" r:id=\"rId9\"/>"));
    assert!(!document.contains("must not appear in the report"));
    // The template had no footer: the report's own (company, page) is added.
    assert!(document.contains("r:id=\"ctpatFooter\""));
    assert!(parts.contains_key("word/footer1.xml"));

    // The same from ctpat.toml, resolved against the config file's folder.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(root().join(TEMPLATE), dir.path().join("brand.docx")).expect("copy");
    std::fs::write(
        dir.path().join("ctpat.toml"),
        "[report]\ndocx_template = \"brand.docx\"\n",
    )
    .expect("toml");
    let out = dir.path().join("r.docx");
    ctpat_in(dir.path())
        .arg("report")
        .arg(root().join("examples/importer-tier1.yaml"))
        .args(["--format", "docx", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(std::fs::read(&out).expect("written"), branded);
}

/// A zip with one `word/document.xml` of `size` spaces: tiny packed, huge unpacked.
fn bomb(path: &Path, size: usize) {
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("word/document.xml", options).expect("start");
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..size >> 20 {
        w.write_all(&chunk).expect("write");
    }
    w.finish().expect("finish");
}

#[test]
fn hostile_templates_are_clean_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fake = dir.path().join("fake.docx");
    std::fs::write(&fake, "not a zip at all").expect("write");
    let big = dir.path().join("bomb.docx");
    bomb(&big, 40 << 20);
    assert!(
        std::fs::metadata(&big).expect("meta").len() < 1 << 20,
        "a small file"
    );
    let out = dir.path().join("r.docx");
    for (template, code) in [
        (fake.as_path(), "template-not-zip"),
        (big.as_path(), "template-part-too-large"),
        (dir.path(), "is a folder"),
        (Path::new("tests/fixtures/docx/missing.docx"), "cannot read"),
    ] {
        let refused = ctpat()
            .args([
                "report",
                "examples/importer-tier1.yaml",
                "--format",
                "docx",
                "-o",
            ])
            .arg(&out)
            .arg("--template")
            .arg(template)
            .assert()
            .code(2)
            .stdout("");
        let stderr = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
        assert!(stderr.contains(code), "{code}: {stderr}");
        assert!(!out.exists(), "nothing is written");
    }
    // Batch checks the template once, before it scores or writes anything.
    let batch_out = dir.path().join("batch");
    let refused = ctpat()
        .args(["batch", "examples", "--format", "docx", "--out"])
        .arg(&batch_out)
        .arg("--template")
        .arg(&fake)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(stderr.contains("template-not-zip"), "{stderr}");
    assert!(!batch_out.exists(), "nothing is written");
    // A template is only read for a Word report.
    ctpat()
        .args([
            "report",
            "examples/importer-tier1.yaml",
            "--format",
            "markdown",
        ])
        .arg("--template")
        .arg(&fake)
        .assert()
        .success();
}

#[test]
fn docx_goes_to_a_pipe_or_a_folder_never_as_text() {
    let out = ctpat()
        .args(["report", "examples/importer-tier1.yaml", "--format", "docx"])
        .assert()
        .success();
    assert!(
        out.get_output().stdout.starts_with(b"PK\x03\x04"),
        "a zip on the pipe"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    ctpat()
        .args([
            "report",
            "examples/importer-tier1.yaml",
            "--format",
            "markdown,docx",
            "--out-dir",
        ])
        .arg(dir.path())
        .assert()
        .success();
    let bytes = std::fs::read(dir.path().join("importer-tier1.docx")).expect("docx written");
    assert!(unzip(&bytes).contains_key("word/document.xml"));
    assert!(dir.path().join("importer-tier1.md").exists());
}

/// On a terminal, a Word report is refused with a hint (run in a pseudo-terminal); the
/// interactive questionnaire refuses it before the first question, not after the last.
#[test]
fn docx_to_a_terminal_is_refused_with_a_hint() {
    use expectrl::process::unix::WaitStatus;
    use expectrl::{Expect, Session};
    let dir = tempfile::tempdir().expect("tempdir");
    let example = root().join("examples/importer-tier1.yaml");
    let example = example.to_string_lossy();
    for args in [
        vec!["report", example.as_ref(), "--format", "docx"],
        vec!["assess", "--format", "docx", "--save", "a.yaml"],
    ] {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("ctpat"));
        cmd.args(&args)
            .current_dir(dir.path())
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8")
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .env("XDG_CONFIG_HOME", dir.path())
            .env("HOME", dir.path());
        let mut session = Session::spawn(cmd).expect("spawn ctpat in a pty");
        session.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
        session
            .expect("cannot be shown in a terminal; write it to a file with --output FILE")
            .unwrap_or_else(|e| panic!("{args:?}: no hint: {e}"));
        match session.get_process().wait().expect("wait") {
            WaitStatus::Exited(_, code) => assert_eq!(code, 2, "{args:?}"),
            other => panic!("ctpat did not exit normally: {other:?}"),
        }
        assert!(!dir.path().join("a.yaml").exists(), "no question was asked");
    }
}
