//! WordprocessingML fragments built from text: the only way report text enters a DOCX part.
//!
//! Every string goes through [`escape`], which escapes the five XML metacharacters and drops
//! the characters XML 1.0 forbids, so text from an answers file can only ever become
//! character data inside `<w:t>`: never an element, a field code, a hyperlink or a macro.

/// Namespace declarations every part we write starts with.
pub(super) const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The relationships namespace (`r:id` on references).
pub(super) const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Whether XML 1.0 allows `c` in a document at all (its `Char` production).
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes `s` for character data or a quoted attribute value, dropping forbidden characters.
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Character formatting of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Look {
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
}

impl Look {
    pub(super) const PLAIN: Look = Look {
        bold: false,
        italic: false,
    };
    pub(super) const BOLD: Look = Look {
        bold: true,
        italic: false,
    };
    pub(super) const ITALIC: Look = Look {
        bold: false,
        italic: true,
    };

    fn properties(self) -> &'static str {
        match (self.bold, self.italic) {
            (false, false) => "",
            (true, false) => "<w:rPr><w:b/><w:bCs/></w:rPr>",
            (false, true) => "<w:rPr><w:i/><w:iCs/></w:rPr>",
            (true, true) => "<w:rPr><w:b/><w:bCs/><w:i/><w:iCs/></w:rPr>",
        }
    }
}

/// One run of `text`: line breaks become `<w:br/>`, tabs `<w:tab/>`, a CR is dropped.
pub(super) fn run(text: &str, look: Look) -> String {
    let mut out = format!("<w:r>{}", look.properties());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                out.push_str("<w:tab/>");
            }
            let piece = piece.replace('\r', "");
            if !piece.is_empty() {
                out.push_str("<w:t xml:space=\"preserve\">");
                out.push_str(&escape(&piece));
                out.push_str("</w:t>");
            }
        }
    }
    out.push_str("</w:r>");
    out
}

/// A paragraph of `runs` (already built by [`run`]) in paragraph style `style`.
pub(super) fn paragraph(style: Option<&str>, extra: &str, runs: &str) -> String {
    let mut out = String::from("<w:p>");
    if style.is_some() || !extra.is_empty() {
        out.push_str("<w:pPr>");
        if let Some(style) = style {
            out.push_str(&format!("<w:pStyle w:val=\"{style}\"/>"));
        }
        out.push_str(extra);
        out.push_str("</w:pPr>");
    }
    out.push_str(runs);
    out.push_str("</w:p>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_leaves_no_markup_and_no_forbidden_characters() {
        let s = escape("<w:fldSimple w:instr=\"HYPERLINK\"/> & 'x' \u{1b}[2J\u{0}\u{b}\u{fffe}ok");
        assert_eq!(
            s,
            "&lt;w:fldSimple w:instr=&quot;HYPERLINK&quot;/&gt; &amp; &apos;x&apos; [2Jok"
        );
    }

    #[test]
    fn runs_turn_line_ends_and_tabs_into_elements() {
        let r = run("a\tb\r\nc", Look::BOLD);
        assert_eq!(
            r,
            "<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space=\"preserve\">a</w:t><w:tab/>\
             <w:t xml:space=\"preserve\">b</w:t><w:br/><w:t xml:space=\"preserve\">c</w:t></w:r>"
        );
    }

    proptest::proptest! {
        /// Whatever the text, a run is well-formed XML whose text is the input, less the
        /// characters XML forbids and carriage returns: it can never become markup.
        #[test]
        fn any_text_reads_back_as_the_same_text(text in "\\PC*|[\\x00-\\x{7f}<>&'\"\\t\\n\\r]*") {
            let xml = format!("<w:p xmlns:w=\"{W_NS}\">{}</w:p>", run(&text, Look::BOLD));
            let doc = roxmltree::Document::parse(&xml).expect("well-formed");
            let mut back = String::new();
            for n in doc.descendants() {
                match n.tag_name().name() {
                    "t" => back.push_str(n.text().unwrap_or_default()),
                    "tab" => back.push('\t'),
                    "br" => back.push('\n'),
                    _ => {}
                }
                proptest::prop_assert!(["p", "r", "rPr", "b", "bCs", "t", "tab", "br", ""].contains(&n.tag_name().name()));
            }
            let want: String = text.chars().filter(|c| allowed(*c) && *c != '\r').collect();
            proptest::prop_assert_eq!(back, want);
        }
    }

    #[test]
    fn chinese_and_astral_characters_pass_unchanged() {
        assert_eq!(escape("评估：“好”𝄞"), "评估：“好”𝄞");
    }
}
