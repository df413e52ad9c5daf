//! The fixed parts of the package around `word/document.xml`: styles, numbering, fonts,
//! settings, the footer, relationships, content types and document properties.
//!
//! The styles are Word's own built-in ones (Title, Heading 1–4, List Bullet, Table Grid,
//! Caption, footer), declared under their built-in names so that a theme, a "Change Styles"
//! set or a company template restyles the whole report.

use super::xml::{escape, paragraph, run, Look, R_NS, W_NS};
use crate::text::Lang;

/// East Asian fonts: the body in SimSun (宋体), headings in Microsoft YaHei (微软雅黑). Both
/// ship with every Chinese Windows and are known by name to WPS; the font table gives their
/// Chinese names and the GB2312 character set, so an office program without them picks a
/// Chinese substitute rather than a Latin font.
pub(super) const BODY_EAST_ASIA: &str = "SimSun";
/// See [`BODY_EAST_ASIA`].
pub(super) const HEADING_EAST_ASIA: &str = "Microsoft YaHei";

/// A run-properties font block for a style.
fn fonts(latin: &str, east_asia: &str) -> String {
    format!(
        "<w:rFonts w:ascii=\"{latin}\" w:hAnsi=\"{latin}\" w:eastAsia=\"{east_asia}\" w:cs=\"{latin}\"/>"
    )
}

/// One style definition: `(style id, XML)`, so a template's own definitions can win.
pub(super) fn styles() -> Vec<(&'static str, String)> {
    let heading = |level: u8, size: u8, before: u16| {
        format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"Heading{level}\"><w:name w:val=\"heading {level}\"/>\
             <w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/>\
             <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"{before}\" w:after=\"120\"/>\
             <w:outlineLvl w:val=\"{}\"/></w:pPr><w:rPr>{}<w:b/><w:bCs/><w:color w:val=\"1F3864\"/>\
             <w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr></w:style>",
            level - 1,
            fonts("Calibri Light", HEADING_EAST_ASIA)
        )
    };
    vec![
        (
            "Normal",
            "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>".into(),
        ),
        (
            "DefaultParagraphFont",
            "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>".into(),
        ),
        (
            "TableNormal",
            "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/>\
             <w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>\
             <w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>".into(),
        ),
        (
            "NoList",
            "<w:style w:type=\"numbering\" w:default=\"1\" w:styleId=\"NoList\"><w:name w:val=\"No List\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>".into(),
        ),
        (
            "Title",
            format!(
                "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/>\
                 <w:next w:val=\"Normal\"/><w:uiPriority w:val=\"10\"/><w:qFormat/><w:pPr><w:spacing w:after=\"240\"/>\
                 <w:contextualSpacing/></w:pPr><w:rPr>{}<w:color w:val=\"1F3864\"/><w:kern w:val=\"28\"/>\
                 <w:sz w:val=\"48\"/><w:szCs w:val=\"48\"/></w:rPr></w:style>",
                fonts("Calibri Light", HEADING_EAST_ASIA)
            ),
        ),
        (
            "Subtitle",
            "<w:style w:type=\"paragraph\" w:styleId=\"Subtitle\"><w:name w:val=\"Subtitle\"/><w:basedOn w:val=\"Normal\"/>\
             <w:next w:val=\"Normal\"/><w:uiPriority w:val=\"11\"/><w:qFormat/><w:rPr><w:color w:val=\"595959\"/>\
             <w:spacing w:val=\"10\"/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>".into(),
        ),
        ("Heading1", heading(1, 32, 360)),
        ("Heading2", heading(2, 26, 240)),
        ("Heading3", heading(3, 24, 200)),
        ("Heading4", heading(4, 22, 160)),
        (
            "ListBullet",
            "<w:style w:type=\"paragraph\" w:styleId=\"ListBullet\"><w:name w:val=\"List Bullet\"/><w:basedOn w:val=\"Normal\"/>\
             <w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/><w:pPr><w:spacing w:after=\"60\"/><w:ind w:left=\"360\" w:hanging=\"360\"/>\
             </w:pPr></w:style>".into(),
        ),
        (
            "TableGrid",
            "<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:basedOn w:val=\"TableNormal\"/>\
             <w:uiPriority w:val=\"39\"/><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>\
             <w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
             <w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
             <w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
             <w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/></w:tblBorders></w:tblPr>\
             <w:tblStylePr w:type=\"firstRow\"><w:rPr><w:b/><w:bCs/></w:rPr></w:tblStylePr></w:style>".into(),
        ),
        (
            "Caption",
            "<w:style w:type=\"paragraph\" w:styleId=\"Caption\"><w:name w:val=\"caption\"/><w:basedOn w:val=\"Normal\"/>\
             <w:next w:val=\"Normal\"/><w:uiPriority w:val=\"35\"/><w:unhideWhenUsed/><w:qFormat/><w:pPr><w:keepNext/>\
             <w:spacing w:after=\"120\"/></w:pPr><w:rPr><w:i/><w:iCs/><w:color w:val=\"44546A\"/><w:sz w:val=\"18\"/>\
             <w:szCs w:val=\"18\"/></w:rPr></w:style>".into(),
        ),
        (
            "Footer",
            "<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/>\
             <w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/><w:pPr><w:spacing w:after=\"0\"/></w:pPr><w:rPr><w:sz w:val=\"18\"/>\
             <w:szCs w:val=\"18\"/></w:rPr></w:style>".into(),
        ),
    ]
}

/// `word/styles.xml` with our styles only. Latin text is English and East Asian text
/// Chinese in both languages: marking Latin text Chinese would let office programs break
/// English words (evidence, file names) anywhere, as they do Chinese.
pub(super) fn styles_xml() -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"{W_NS}\">\
         <w:docDefaults><w:rPrDefault><w:rPr>{}<w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/>\
         <w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>",
        fonts("Calibri", BODY_EAST_ASIA)
    );
    for (_, style) in styles() {
        out.push_str(&style);
    }
    out.push_str("</w:styles>");
    out
}

/// The bullet list definition: `(abstractNum, num)` elements for ids `abstract_id` / `num_id`.
pub(super) fn bullet_numbering(abstract_id: u32, num_id: u32) -> (String, String) {
    (
        format!(
            "<w:abstractNum w:abstractNumId=\"{abstract_id}\"><w:multiLevelType w:val=\"singleLevel\"/>\
             <w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"\u{2022}\"/>\
             <w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"360\" w:hanging=\"360\"/></w:pPr></w:lvl></w:abstractNum>"
        ),
        format!("<w:num w:numId=\"{num_id}\"><w:abstractNumId w:val=\"{abstract_id}\"/></w:num>"),
    )
}

/// `word/numbering.xml` with the bullet list only.
pub(super) fn numbering_xml(abstract_id: u32, num_id: u32) -> String {
    let (abstract_num, num) = bullet_numbering(abstract_id, num_id);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:numbering xmlns:w=\"{W_NS}\">{abstract_num}{num}</w:numbering>"
    )
}

/// `word/fontTable.xml`: the fonts used, with the Chinese fonts' names and character set.
pub(super) fn font_table_xml() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:fonts xmlns:w=\"{W_NS}\">\
         <w:font w:name=\"Calibri\"><w:charset w:val=\"00\"/><w:family w:val=\"swiss\"/><w:pitch w:val=\"variable\"/></w:font>\
         <w:font w:name=\"Calibri Light\"><w:charset w:val=\"00\"/><w:family w:val=\"swiss\"/><w:pitch w:val=\"variable\"/></w:font>\
         <w:font w:name=\"{BODY_EAST_ASIA}\"><w:altName w:val=\"宋体\"/><w:charset w:val=\"86\"/><w:family w:val=\"auto\"/><w:pitch w:val=\"variable\"/></w:font>\
         <w:font w:name=\"{HEADING_EAST_ASIA}\"><w:altName w:val=\"微软雅黑\"/><w:charset w:val=\"86\"/><w:family w:val=\"swiss\"/><w:pitch w:val=\"variable\"/></w:font>\
         </w:fonts>"
    )
}

/// `word/settings.xml`: Chinese punctuation compressed at line starts and ends, Word 2013+
/// layout, and nothing that makes an office program prompt (no field updates on open).
pub(super) fn settings_xml() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:settings xmlns:w=\"{W_NS}\">\
         <w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl w:val=\"compressPunctuation\"/>\
         <w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
         <w:themeFontLang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:settings>"
    )
}

/// `word/footer1.xml`: the company name on the left, the page number on the right, in a
/// borderless two-cell table so a long name wraps in its own cell. The page number is the
/// one field in the document, and its instruction is fixed text.
pub(super) fn footer_xml(company: &str, page_label: &str, width: u32) -> String {
    let (before, after) = page_label.split_once("{page}").unwrap_or((page_label, ""));
    let mut page = String::new();
    if !before.is_empty() {
        page.push_str(&run(before, Look::PLAIN));
    }
    page.push_str(
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>\
         <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>",
    );
    if !after.is_empty() {
        page.push_str(&run(after, Look::PLAIN));
    }
    let left = width * 3 / 4;
    let right = width - left;
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:ftr xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\">\
         <w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblLayout w:type=\"fixed\"/>\
         <w:tblCellMar><w:left w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"0\" w:type=\"dxa\"/></w:tblCellMar>\
         <w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/>\
         </w:tblPr><w:tblGrid><w:gridCol w:w=\"{left}\"/><w:gridCol w:w=\"{right}\"/></w:tblGrid><w:tr>\
         <w:tc><w:tcPr><w:tcW w:w=\"{left}\" w:type=\"dxa\"/></w:tcPr>{}</w:tc>\
         <w:tc><w:tcPr><w:tcW w:w=\"{right}\" w:type=\"dxa\"/></w:tcPr>{}</w:tc></w:tr></w:tbl>{}</w:ftr>",
        paragraph(Some("Footer"), "", &run(company, Look::PLAIN)),
        paragraph(Some("Footer"), "<w:jc w:val=\"right\"/>", &page),
        paragraph(Some("Footer"), "", "")
    )
}

/// A relationship of `word/_rels/document.xml.rels`.
pub(super) struct Relationship {
    pub id: String,
    pub kind: &'static str,
    pub target: String,
}

/// Relationship type URIs of the main document's parts.
pub(super) mod kind {
    /// What every relationship type below starts with.
    pub(in super::super) const BASE: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
    pub(in super::super) const STYLES: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";
    pub(in super::super) const NUMBERING: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering";
    pub(in super::super) const SETTINGS: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings";
    pub(in super::super) const FONT_TABLE: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable";
    pub(in super::super) const FOOTER: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer";
    pub(in super::super) const HEADER: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header";
    pub(in super::super) const THEME: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme";
}

/// `word/_rels/document.xml.rels`.
pub(super) fn document_rels(rels: &[Relationship]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    for r in rels {
        out.push_str(&format!(
            "<Relationship Id=\"{}\" Type=\"{}\" Target=\"{}\"/>",
            escape(&r.id),
            r.kind,
            escape(&r.target)
        ));
    }
    out.push_str("</Relationships>");
    out
}

/// `_rels/.rels`: the package's own relationships.
pub(super) const PACKAGE_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
</Relationships>";

/// Content types of the parts we write ourselves.
pub(super) fn content_type(part: &str) -> Option<&'static str> {
    Some(match part {
        "word/document.xml" => {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
        }
        "word/styles.xml" => {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
        }
        "word/numbering.xml" => {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"
        }
        "word/settings.xml" => {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"
        }
        "word/fontTable.xml" => {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"
        }
        "docProps/core.xml" => "application/vnd.openxmlformats-package.core-properties+xml",
        "docProps/app.xml" => {
            "application/vnd.openxmlformats-officedocument.extended-properties+xml"
        }
        p if p.starts_with("word/theme/") => {
            "application/vnd.openxmlformats-officedocument.theme+xml"
        }
        p if p.starts_with("word/footer") && p.ends_with(".xml") => {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
        }
        p if p.starts_with("word/header") && p.ends_with(".xml") => {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
        }
        _ => return None,
    })
}

/// `[Content_Types].xml`: defaults by extension, then an override per part.
pub(super) fn content_types(
    defaults: &[(String, String)],
    overrides: &[(String, String)],
) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>",
    );
    for (ext, ty) in defaults {
        out.push_str(&format!(
            "<Default Extension=\"{}\" ContentType=\"{}\"/>",
            escape(ext),
            escape(ty)
        ));
    }
    for (part, ty) in overrides {
        out.push_str(&format!(
            "<Override PartName=\"/{}\" ContentType=\"{}\"/>",
            escape(part),
            escape(ty)
        ));
    }
    out.push_str("</Types>");
    out
}

/// `docProps/core.xml`: title, language and, when the answers give one, the assessment date
/// as the creation date. No clock: the same answers give the same properties.
pub(super) fn core_xml(title: &str, lang: Lang, assessed_on: Option<&str>) -> String {
    let date = assessed_on
        .filter(|d| {
            d.len() == 10
                && d.bytes().enumerate().all(|(i, b)| {
                    if i == 4 || i == 7 {
                        b == b'-'
                    } else {
                        b.is_ascii_digit()
                    }
                })
        })
        .map(|d| {
            format!(
                "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{d}T00:00:00Z</dcterms:created>\
                 <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{d}T00:00:00Z</dcterms:modified>"
            )
        })
        .unwrap_or_default();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:creator>ctpat</dc:creator><dc:language>{}</dc:language>{date}</cp:coreProperties>",
        escape(title),
        lang.tag()
    )
}

/// `docProps/app.xml`.
pub(super) fn app_xml() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Properties \
         xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
         <Application>ctpat {}</Application></Properties>",
        env!("CARGO_PKG_VERSION")
    )
}
