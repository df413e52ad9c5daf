//! A consultant's own Word document as the report's template: its styles, theme, page set-up,
//! headers and footers (letterhead, logo) are carried into the report; its text is not.
//!
//! The template is untrusted input. [`Template::from_bytes`] checks the zip directory before
//! inflating anything (how many parts, how large each says it unpacks, how large in all),
//! inflates only the parts it needs through a reader that stops at the limit whatever the
//! directory claims, and parses every XML part it keeps (no DTDs, so no entity expansion).
//! A part it cannot use is an error with the part's name, never a broken report.

use super::parts::kind;
use super::xml::{R_NS, W_NS};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read as _};

/// The largest template file read, in bytes.
pub const MAX_TEMPLATE_BYTES: u64 = 32 * 1024 * 1024;
/// The most parts (zip entries) a template may have.
pub const MAX_PARTS: usize = 2_000;
/// The most bytes one part may unpack to.
pub const MAX_PART_BYTES: u64 = 16 * 1024 * 1024;
/// The most bytes all parts together may unpack to.
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;

/// Why a template cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// Not a zip archive, or a damaged one.
    #[error("not a Word document (.docx): {detail}")]
    NotZip {
        /// What the zip reader said.
        detail: String,
    },
    /// More parts than [`MAX_PARTS`].
    #[error("{count} parts; a template may have at most {MAX_PARTS}")]
    TooManyParts {
        /// How many.
        count: usize,
    },
    /// A part unpacks to more than [`MAX_PART_BYTES`].
    #[error("{part} unpacks to more than {MAX_PART_BYTES} bytes")]
    PartTooLarge {
        /// The part.
        part: String,
    },
    /// All parts together unpack to more than [`MAX_UNPACKED_BYTES`].
    #[error("the parts unpack to more than {MAX_UNPACKED_BYTES} bytes")]
    TooLarge,
    /// A part cannot be read (encrypted, unsupported compression, damaged).
    #[error("{part} cannot be read: {detail}")]
    BadPart {
        /// The part.
        part: String,
        /// What went wrong.
        detail: String,
    },
    /// A part is not well-formed XML (or declares a DTD).
    #[error("{part}:{line}:{column}: not well-formed XML: {detail}")]
    BadXml {
        /// The part.
        part: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What the parser said.
        detail: String,
    },
    /// No `word/document.xml`: a zip, but not a Word document.
    #[error("no word/document.xml: not a Word document")]
    NotWord,
}

impl TemplateError {
    /// The stable kebab-case code.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            TemplateError::NotZip { .. } => "template-not-zip",
            TemplateError::TooManyParts { .. } => "template-too-many-parts",
            TemplateError::PartTooLarge { .. } => "template-part-too-large",
            TemplateError::TooLarge => "template-too-large",
            TemplateError::BadPart { .. } => "template-bad-part",
            TemplateError::BadXml { .. } => "template-bad-xml",
            TemplateError::NotWord => "template-not-word",
        }
    }

    /// Where in the template: the part, with line and column for XML.
    #[must_use]
    pub fn place(&self) -> Option<String> {
        match self {
            TemplateError::PartTooLarge { part } | TemplateError::BadPart { part, .. } => {
                Some(part.clone())
            }
            TemplateError::BadXml {
                part, line, column, ..
            } => Some(format!("{part}:{line}:{column}")),
            _ => None,
        }
    }
}

/// A part copied from the template as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CopiedPart {
    pub name: String,
    pub bytes: Vec<u8>,
    /// Its content type, when the template's `[Content_Types].xml` names one.
    pub content_type: Option<String>,
}

/// What a report takes from a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// `word/styles.xml`, when its root uses the `w` prefix (so ours can be added).
    pub(super) styles: Option<String>,
    /// Style ids the template defines.
    pub(super) style_ids: BTreeSet<String>,
    /// The id of each style by its name, lower-case: Word in Chinese saves the built-in
    /// "heading 1" as style `1` and "Title" as `a3`, so ctpat's styles are matched by name.
    pub(super) style_names: BTreeMap<String, String>,
    /// `word/numbering.xml`, with the ids free for our bullet list.
    pub(super) numbering: Option<(String, u32, u32)>,
    /// The theme part's bytes.
    pub(super) theme: Option<Vec<u8>>,
    /// The body's last `w:sectPr`, as written (printer settings removed).
    pub(super) section: Option<String>,
    /// Whether that section has a default footer of its own.
    pub(super) has_footer: bool,
    /// Header and footer relationships of the document: `(id, type, target)`.
    pub(super) rels: Vec<(String, &'static str, String)>,
    /// Headers, footers, their relationships and the media they use.
    pub(super) parts: Vec<CopiedPart>,
    /// Default content types by extension, for the copied media.
    pub(super) defaults: Vec<(String, String)>,
    /// Text width in twentieths of a point, from the page size and margins.
    pub(super) text_width: Option<u32>,
}

/// A part's name and bytes.
type NamedBytes = (String, Vec<u8>);

/// The template's zip, read part by part within the limits.
struct Package {
    archive: zip::ZipArchive<Cursor<Vec<u8>>>,
    names: BTreeSet<String>,
    unpacked: u64,
}

impl Package {
    fn open(bytes: Vec<u8>) -> Result<Package, TemplateError> {
        let mut archive =
            zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| TemplateError::NotZip {
                detail: e.to_string(),
            })?;
        if archive.len() > MAX_PARTS {
            return Err(TemplateError::TooManyParts {
                count: archive.len(),
            });
        }
        // The directory first: every declared size, before inflating anything.
        let mut names = BTreeSet::new();
        let mut declared: u64 = 0;
        for i in 0..archive.len() {
            let entry = archive.by_index_raw(i).map_err(|e| TemplateError::NotZip {
                detail: e.to_string(),
            })?;
            let name = entry
                .name()
                .map_err(|e| TemplateError::NotZip {
                    detail: e.to_string(),
                })?
                .to_string();
            if entry.size() > MAX_PART_BYTES {
                return Err(TemplateError::PartTooLarge { part: name });
            }
            declared = declared.saturating_add(entry.size());
            if declared > MAX_UNPACKED_BYTES {
                return Err(TemplateError::TooLarge);
            }
            names.insert(name);
        }
        Ok(Package {
            archive,
            names,
            unpacked: 0,
        })
    }

    /// The bytes of `name`, or `None` when there is no such part.
    fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, TemplateError> {
        if !self.names.contains(name) {
            return Ok(None);
        }
        let bad = |detail: String| TemplateError::BadPart {
            part: name.to_string(),
            detail,
        };
        let file = self.archive.by_name(name).map_err(|e| bad(e.to_string()))?;
        let mut bytes = Vec::new();
        // Bounded whatever the directory said: a part that inflates past its limit stops here.
        file.take(MAX_PART_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| bad(e.to_string()))?;
        if bytes.len() as u64 > MAX_PART_BYTES {
            return Err(TemplateError::PartTooLarge {
                part: name.to_string(),
            });
        }
        self.unpacked += bytes.len() as u64;
        if self.unpacked > MAX_UNPACKED_BYTES {
            return Err(TemplateError::TooLarge);
        }
        Ok(Some(bytes))
    }

    /// The text of XML part `name`, checked to be well-formed.
    fn read_xml(&mut self, name: &str) -> Result<Option<String>, TemplateError> {
        let Some(bytes) = self.read(name)? else {
            return Ok(None);
        };
        let text = String::from_utf8(bytes).map_err(|_| TemplateError::BadPart {
            part: name.to_string(),
            detail: "not UTF-8".to_string(),
        })?;
        check_xml(name, &text)?;
        Ok(Some(text))
    }
}

fn parse<'a>(name: &str, text: &'a str) -> Result<roxmltree::Document<'a>, TemplateError> {
    roxmltree::Document::parse(text).map_err(|e| {
        let pos = e.pos();
        TemplateError::BadXml {
            part: name.to_string(),
            line: pos.row,
            column: pos.col,
            detail: e.to_string(),
        }
    })
}

fn check_xml(name: &str, text: &str) -> Result<(), TemplateError> {
    parse(name, text).map(|_| ())
}

/// A relationship of a `.rels` part.
struct Rel {
    id: String,
    kind: String,
    target: String,
    external: bool,
}

fn rels(name: &str, text: &str) -> Result<Vec<Rel>, TemplateError> {
    let doc = parse(name, text)?;
    Ok(doc
        .descendants()
        .filter(|n| n.has_tag_name("Relationship"))
        .map(|n| Rel {
            id: n.attribute("Id").unwrap_or_default().to_string(),
            kind: n.attribute("Type").unwrap_or_default().to_string(),
            target: n.attribute("Target").unwrap_or_default().to_string(),
            external: n.attribute("TargetMode") == Some("External"),
        })
        .collect())
}

/// The part a relationship of a part in `word/` points at, or `None` for a target outside
/// the package or one that climbs out of it.
fn resolve(target: &str) -> Option<String> {
    let path = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("word/{target}"),
    };
    let clean = !path.contains('\\') && path.split('/').all(|s| !s.is_empty() && s != "..");
    clean.then_some(path)
}

/// The `.rels` part of part `name` (`word/header1.xml` → `word/_rels/header1.xml.rels`).
fn rels_of(name: &str) -> String {
    match name.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{name}.rels"),
    }
}

/// Whether the root element of `doc` binds the main namespace to `w` (and, if asked, the
/// relationships namespace to `r`), so our fragments can be inserted as they are written.
fn usual_prefixes(doc: &roxmltree::Document<'_>, relationships: bool) -> bool {
    let root = doc.root_element();
    root.tag_name().namespace() == Some(W_NS)
        && root.lookup_prefix(W_NS) == Some("w")
        && (!relationships || root.lookup_prefix(R_NS) == Some("r"))
}

fn twips(node: roxmltree::Node<'_, '_>, name: &str) -> Option<u32> {
    node.attribute((W_NS, name))?.parse().ok()
}

impl Template {
    /// Reads a template's bytes (a `.docx`, or a `.dotx` saved as a document).
    ///
    /// # Errors
    /// [`TemplateError`] for anything that is not a Word document within the limits.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Template, TemplateError> {
        let mut package = Package::open(bytes)?;
        let document = package
            .read_xml("word/document.xml")?
            .ok_or(TemplateError::NotWord)?;
        let doc_rels = match package.read_xml("word/_rels/document.xml.rels")? {
            Some(text) => rels("word/_rels/document.xml.rels", &text)?,
            None => Vec::new(),
        };
        let content_types = package.read_xml("[Content_Types].xml")?.unwrap_or_default();
        let (type_defaults, type_overrides) = content_type_entries(&content_types);
        let part_of = |name: &str| {
            doc_rels
                .iter()
                .find(|r| !r.external && r.kind.strip_prefix(kind::BASE) == Some(name))
                .and_then(|r| resolve(&r.target))
        };

        let mut template = Template {
            styles: None,
            style_ids: BTreeSet::new(),
            style_names: BTreeMap::new(),
            numbering: None,
            theme: None,
            section: None,
            has_footer: false,
            rels: Vec::new(),
            parts: Vec::new(),
            defaults: Vec::new(),
            text_width: None,
        };
        if let Some(name) = part_of("styles") {
            if let Some(text) = package.read_xml(&name)? {
                let doc = parse(&name, &text)?;
                for style in doc
                    .descendants()
                    .filter(|n| n.has_tag_name((W_NS, "style")))
                {
                    let Some(id) = style.attribute((W_NS, "styleId")) else {
                        continue;
                    };
                    template.style_ids.insert(id.to_string());
                    let name = style
                        .children()
                        .find(|n| n.has_tag_name((W_NS, "name")))
                        .and_then(|n| n.attribute((W_NS, "val")));
                    if let Some(name) = name {
                        template
                            .style_names
                            .entry(name.to_lowercase())
                            .or_insert_with(|| id.to_string());
                    }
                }
                if usual_prefixes(&doc, false) && text.trim_end().ends_with("</w:styles>") {
                    template.styles = Some(text.clone());
                }
            }
        }
        if let Some(name) = part_of("numbering") {
            if let Some(text) = package.read_xml(&name)? {
                let doc = parse(&name, &text)?;
                if usual_prefixes(&doc, false) && text.trim_end().ends_with("</w:numbering>") {
                    let max = |tag: &str, attr: &str| {
                        doc.descendants()
                            .filter(|n| n.has_tag_name((W_NS, tag)))
                            .filter_map(|n| n.attribute((W_NS, attr))?.parse::<u32>().ok())
                            .max()
                            .unwrap_or(0)
                    };
                    let free_abstract = max("abstractNum", "abstractNumId").saturating_add(1);
                    let free_num = max("num", "numId").saturating_add(1);
                    template.numbering = Some((text.clone(), free_abstract, free_num));
                }
            }
        }
        if let Some(name) = part_of("theme") {
            template.theme = package.read_xml(&name)?.map(String::into_bytes);
        }

        let doc = parse("word/document.xml", &document)?;
        let section = doc
            .descendants()
            .find(|n| n.has_tag_name((W_NS, "body")))
            .and_then(|body| {
                body.children()
                    .rev()
                    .find(|n| n.has_tag_name((W_NS, "sectPr")))
            });
        if let Some(section) = section.filter(|_| usual_prefixes(&doc, true)) {
            // Ranges of the section's children left behind: printer settings (a binary part
            // tied to one printer) and any header or footer that cannot be carried over whole.
            let mut dropped: Vec<std::ops::Range<usize>> = section
                .children()
                .filter(|n| n.has_tag_name((W_NS, "printerSettings")))
                .map(|n| n.range())
                .collect();
            let page = section.children().find(|n| n.has_tag_name((W_NS, "pgSz")));
            let margins = section.children().find(|n| n.has_tag_name((W_NS, "pgMar")));
            if let (Some(page), Some(margins)) = (page, margins) {
                let width = twips(page, "w");
                let left = twips(margins, "left").unwrap_or(0);
                let right = twips(margins, "right").unwrap_or(0);
                template.text_width = width
                    .and_then(|w| w.checked_sub(left.saturating_add(right)))
                    .filter(|w| *w >= 2_000);
            }
            for reference in section.children().filter(|n| {
                n.has_tag_name((W_NS, "headerReference"))
                    || n.has_tag_name((W_NS, "footerReference"))
            }) {
                let is_footer = reference.has_tag_name((W_NS, "footerReference"));
                let id = reference.attribute((R_NS, "id")).unwrap_or_default();
                let rel = doc_rels.iter().find(|r| r.id == id && !r.external);
                let Some((rel, name)) = rel.and_then(|r| Some((r, resolve(&r.target)?))) else {
                    dropped.push(reference.range());
                    continue;
                };
                let Some(parts) =
                    template.header_parts(&mut package, &name, &type_overrides, &type_defaults)?
                else {
                    dropped.push(reference.range());
                    continue;
                };
                if is_footer
                    && reference.attribute((W_NS, "type")).unwrap_or("default") == "default"
                {
                    template.has_footer = true;
                }
                let kind = if is_footer {
                    kind::FOOTER
                } else {
                    kind::HEADER
                };
                template
                    .rels
                    .push((id.to_string(), kind, rel.target.clone()));
                for (part, bytes) in parts {
                    template.copy(&part, bytes, &type_overrides, &type_defaults);
                }
            }
            let base = section.range().start;
            let mut text = document[section.range()].to_string();
            dropped.sort_by_key(|r| std::cmp::Reverse(r.start));
            for r in dropped {
                text.replace_range(r.start - base..r.end - base, "");
            }
            template.section = Some(text);
        }
        Ok(template)
    }

    /// A header or footer part with its relationships and the parts they point at, or
    /// `None` when any of them is missing or of a type the report could not declare (a
    /// letterhead carried over in part would make an office program repair the report).
    fn header_parts(
        &self,
        package: &mut Package,
        name: &str,
        overrides: &[(String, String)],
        defaults: &[(String, String)],
    ) -> Result<Option<Vec<NamedBytes>>, TemplateError> {
        let Some(xml) = package.read_xml(name)? else {
            return Ok(None);
        };
        let mut parts = vec![(name.to_string(), xml.into_bytes())];
        let rels_name = rels_of(name);
        if let Some(rels_text) = package.read_xml(&rels_name)? {
            for target in rels(&rels_name, &rels_text)? {
                if target.external {
                    continue;
                }
                let Some(target_name) = resolve(&target.target) else {
                    return Ok(None);
                };
                if parts.iter().any(|(n, _)| *n == target_name)
                    || self.parts.iter().any(|p| p.name == target_name)
                {
                    continue;
                }
                if !typed(&target_name, overrides, defaults) {
                    return Ok(None);
                }
                let Some(bytes) = package.read(&target_name)? else {
                    return Ok(None);
                };
                parts.push((target_name, bytes));
            }
            parts.push((rels_name, rels_text.into_bytes()));
        }
        Ok(Some(parts))
    }

    fn copy(
        &mut self,
        name: &str,
        bytes: Vec<u8>,
        overrides: &[(String, String)],
        defaults: &[(String, String)],
    ) {
        if self.parts.iter().any(|p| p.name == name) {
            return;
        }
        let content_type = overrides
            .iter()
            .find(|(part, _)| part.trim_start_matches('/') == name)
            .map(|(_, t)| t.clone());
        if content_type.is_none() {
            if let Some(ext) = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()) {
                let known = defaults
                    .iter()
                    .find(|(e, _)| e.eq_ignore_ascii_case(&ext))
                    .map(|(_, t)| t.as_str())
                    .or_else(|| image_type(&ext));
                if let Some(t) = known {
                    if ext != "xml"
                        && ext != "rels"
                        && !self.defaults.iter().any(|(e, _)| *e == ext)
                    {
                        self.defaults.push((ext, t.to_string()));
                    }
                }
            }
        }
        self.parts.push(CopiedPart {
            name: name.to_string(),
            bytes,
            content_type,
        });
    }
}

/// Whether the report can declare the content type of part `name`.
fn typed(name: &str, overrides: &[(String, String)], defaults: &[(String, String)]) -> bool {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    overrides
        .iter()
        .any(|(part, _)| part.trim_start_matches('/') == name)
        || defaults.iter().any(|(e, _)| e.eq_ignore_ascii_case(&ext))
        || image_type(&ext).is_some()
        || super::parts::content_type(name).is_some()
}

/// The content type of a picture a header may use, for a template whose own content types
/// do not list its extension (an office program would otherwise offer to repair the report).
fn image_type(ext: &str) -> Option<&'static str> {
    Some(match ext {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "bmp" => "image/bmp",
        "tif" | "tiff" => "image/tiff",
        "emf" => "image/x-emf",
        "wmf" => "image/x-wmf",
        "svg" => "image/svg+xml",
        _ => return None,
    })
}

/// `(key, content type)` pairs.
type TypePairs = Vec<(String, String)>;

/// `(extension, type)` defaults and `(part name, type)` overrides of a content types part.
fn content_type_entries(text: &str) -> (TypePairs, TypePairs) {
    let Ok(doc) = roxmltree::Document::parse(text) else {
        return (Vec::new(), Vec::new());
    };
    let mut defaults = Vec::new();
    let mut overrides = Vec::new();
    for n in doc.descendants() {
        match (n.tag_name().name(), n.attribute("ContentType")) {
            ("Default", Some(t)) => {
                if let Some(ext) = n.attribute("Extension") {
                    defaults.push((ext.to_ascii_lowercase(), t.to_string()));
                }
            }
            ("Override", Some(t)) => {
                if let Some(part) = n.attribute("PartName") {
                    overrides.push((part.to_string(), t.to_string()));
                }
            }
            _ => {}
        }
    }
    (defaults, overrides)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in parts {
            w.start_file(*name, options).expect("start");
            w.write_all(bytes).expect("write");
        }
        w.finish().expect("finish").into_inner()
    }

    #[test]
    fn not_a_zip_is_a_clean_error() {
        let e = Template::from_bytes(b"PK\x03\x04 but not really".to_vec()).expect_err("bad");
        assert_eq!(e.code(), "template-not-zip");
    }

    #[test]
    fn a_zip_without_a_document_is_not_a_word_document() {
        let e = Template::from_bytes(zip_of(&[("a.txt", b"x")])).expect_err("bad");
        assert_eq!(e, TemplateError::NotWord);
    }

    #[test]
    fn a_part_that_inflates_past_the_limit_is_refused_before_use() {
        let big = vec![b' '; usize::try_from(MAX_PART_BYTES).expect("fits") + 1];
        let e = Template::from_bytes(zip_of(&[("word/document.xml", &big)])).expect_err("bomb");
        assert_eq!(e.code(), "template-part-too-large");
        assert_eq!(e.place().as_deref(), Some("word/document.xml"));
    }

    /// A directory that lies about a part's size (says 100 bytes, inflates to 17 MiB) is
    /// still stopped at the limit while inflating, without a panic.
    #[test]
    fn a_part_that_lies_about_its_size_is_stopped_while_inflating() {
        let big = vec![b' '; usize::try_from(MAX_PART_BYTES).expect("fits") + (1 << 20)];
        let mut bytes = zip_of(&[("word/document.xml", &big)]);
        let mut patched = 0;
        for (signature, offset) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
            let at = bytes
                .windows(4)
                .position(|w| w == signature)
                .expect("a header");
            bytes[at + offset..at + offset + 4].copy_from_slice(&100u32.to_le_bytes());
            patched += 1;
        }
        assert_eq!(patched, 2);
        let e = Template::from_bytes(bytes).expect_err("a lie");
        assert!(
            ["template-part-too-large", "template-bad-part"].contains(&e.code()),
            "{e}"
        );
    }

    /// A template with one header whose picture is at `picture` (relative to `word/`).
    fn with_header(picture: &str) -> Vec<u8> {
        let document = format!(
            "<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body><w:p/><w:sectPr>\
             <w:headerReference w:type=\"default\" r:id=\"rId1\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
             <w:printerSettings r:id=\"rId2\"/></w:sectPr></w:body></w:document>"
        );
        let rels = |target: &str, kind: &str| {
            format!(
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
                 <Relationship Id=\"rId1\" Type=\"{}{kind}\" Target=\"{target}\"/></Relationships>",
                kind::BASE
            )
        };
        let header = format!("<w:hdr xmlns:w=\"{W_NS}\"><w:p/></w:hdr>");
        zip_of(&[
            ("word/document.xml", document.as_bytes()),
            (
                "word/_rels/document.xml.rels",
                rels("header1.xml", "header").as_bytes(),
            ),
            ("word/header1.xml", header.as_bytes()),
            (
                "word/_rels/header1.xml.rels",
                rels(picture, "image").as_bytes(),
            ),
            ("word/media/logo.png", b"\x89PNG"),
        ])
    }

    #[test]
    fn a_letterhead_comes_with_its_picture() {
        let t = Template::from_bytes(with_header("media/logo.png")).expect("usable");
        let section = t.section.as_deref().expect("a section");
        assert!(section.contains("<w:headerReference w:type=\"default\" r:id=\"rId1\"/>"));
        assert!(!section.contains("printerSettings"), "{section}");
        let names: Vec<&str> = t.parts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "word/header1.xml",
                "word/media/logo.png",
                "word/_rels/header1.xml.rels"
            ]
        );
        assert_eq!(t.defaults, [("png".to_string(), "image/png".to_string())]);
    }

    /// A header pointing outside the package (or at a missing part) is left behind whole,
    /// reference included, rather than carried over broken.
    #[test]
    fn a_letterhead_that_points_outside_the_package_is_left_behind() {
        for picture in ["../../etc/passwd", "media/missing.png"] {
            let t = Template::from_bytes(with_header(picture)).expect("usable");
            let section = t.section.as_deref().expect("a section");
            assert!(!section.contains("headerReference"), "{picture}: {section}");
            assert!(t.parts.is_empty() && t.rels.is_empty(), "{picture}");
        }
    }

    #[test]
    fn entity_expansion_is_refused() {
        let doc = b"<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaa\">]><w>&a;</w>";
        let e = Template::from_bytes(zip_of(&[("word/document.xml", doc)])).expect_err("dtd");
        assert_eq!(e.code(), "template-bad-xml");
    }

    #[test]
    fn targets_cannot_climb_out_of_the_package() {
        assert_eq!(resolve("header1.xml").as_deref(), Some("word/header1.xml"));
        assert_eq!(
            resolve("/word/media/a.png").as_deref(),
            Some("word/media/a.png")
        );
        assert_eq!(resolve("../../etc/passwd"), None);
        assert_eq!(resolve("media\\a.png"), None);
        assert_eq!(rels_of("word/header1.xml"), "word/_rels/header1.xml.rels");
    }
}
