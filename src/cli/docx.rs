//! The Word report's options at the edge: `--paper` and `--template`, the matching settings
//! (`report.paper`, `report.docx_template`), and reading the template within its limits.

use super::{say, ui, Context};
use crate::report::docx::{Options, Paper, Template, TemplateError, MAX_PARTS, MAX_PART_BYTES};
use crate::report::docx::{MAX_TEMPLATE_BYTES, MAX_UNPACKED_BYTES};
use anyhow::bail;
use std::path::{Path, PathBuf};

/// `--paper` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum PaperArg {
    /// ISO A4 (210 × 297 mm).
    A4,
    /// US Letter (8.5 × 11 in).
    Letter,
}

/// Options of Word (`--format docx`) reports.
#[derive(Debug, Clone, clap::Args)]
pub(super) struct DocxArgs {
    /// Word reports: page size [default: report.paper from ctpat.toml, else a4]; a
    /// --template's own page set-up comes first.
    #[arg(long, value_enum, value_name = "SIZE")]
    paper: Option<PaperArg>,
    /// Word reports: take the styles, page set-up, header and footer (letterhead, logo)
    /// from this Word document [default: report.docx_template from ctpat.toml].
    #[arg(long, value_name = "FILE.docx")]
    template: Option<PathBuf>,
}

/// The resolved options, with the template read.
pub(super) struct Loaded {
    paper: Paper,
    template: Option<Template>,
}

impl Loaded {
    /// ctpat's own styles on A4: what a run that writes no Word report passes along.
    pub(super) fn none() -> Loaded {
        Loaded {
            paper: Paper::A4,
            template: None,
        }
    }

    /// The options the renderer takes.
    pub(super) fn options(&self) -> Options<'_> {
        Options {
            paper: self.paper,
            template: self.template.as_ref(),
        }
    }
}

impl DocxArgs {
    /// Resolves the options, flags before settings; reads the template only when a Word
    /// report is to be written (`wanted`), so a broken template never stops other formats.
    ///
    /// # Errors
    /// When the template cannot be read or used (named, with the part at fault).
    pub(super) fn load(&self, context: &Context, wanted: bool) -> anyhow::Result<Loaded> {
        if !wanted {
            return Ok(Loaded::none());
        }
        let paper = match self.paper {
            Some(PaperArg::A4) => Paper::A4,
            Some(PaperArg::Letter) => Paper::Letter,
            None => context.settings.paper.value.unwrap_or_default(),
        };
        let path = self
            .template
            .clone()
            .or_else(|| context.settings.docx_template.value.clone());
        let template = path.as_deref().map(read_template).transpose()?;
        Ok(Loaded { paper, template })
    }
}

/// Reads and checks a template: through the one bounded reader, at most
/// [`MAX_TEMPLATE_BYTES`], then [`Template::from_bytes`] (which checks the zip directory
/// before inflating).
///
/// # Errors
/// A folder, a missing or unreadable file, a file over the limit, or a [`TemplateError`].
pub(super) fn read_template(path: &Path) -> anyhow::Result<Template> {
    let name = path.display().to_string();
    let bytes = match super::input::read_bytes(path, MAX_TEMPLATE_BYTES) {
        Ok(bytes) => bytes,
        Err(super::input::ReadError::IsDirectory) => {
            bail!(say(&ui(), "docx:template-is-folder", &[("path", &name)]))
        }
        Err(e) => return Err(super::read_error(&name, e)),
    };
    Template::from_bytes(bytes).map_err(|e| anyhow::anyhow!(explain(&name, &e)))
}

/// The template error in the user's language: what, where, and what to do.
fn explain(path: &str, e: &TemplateError) -> String {
    let msg = ui();
    let (count, limit, detail) = match e {
        TemplateError::TooManyParts { count } => (count.to_string(), MAX_PARTS.to_string(), ""),
        TemplateError::PartTooLarge { .. } => (String::new(), MAX_PART_BYTES.to_string(), ""),
        TemplateError::TooLarge => (String::new(), MAX_UNPACKED_BYTES.to_string(), ""),
        TemplateError::NotZip { detail }
        | TemplateError::BadPart { detail, .. }
        | TemplateError::BadXml { detail, .. } => (String::new(), String::new(), detail.as_str()),
        TemplateError::NotWord => (String::new(), String::new(), ""),
    };
    let place = e.place().unwrap_or_default();
    let problem = say(
        &msg,
        &format!("docx:{}", e.code()),
        &[
            ("part", &place),
            ("count", &count),
            ("limit", &limit),
            ("detail", detail),
        ],
    );
    format!(
        "{} [{}]\n{}",
        say(
            &msg,
            "docx:template-error",
            &[("path", path), ("problem", &problem)]
        ),
        e.code(),
        say(
            &msg,
            "docx:template-help",
            &[("limit", &MAX_TEMPLATE_BYTES.to_string())]
        )
    )
}
