//! `ctpat report`: score an answers file and write the full report in one or more formats.
//!
//! Also home of what `ctpat assess` shares with it: the `--format` values and writing one
//! format to a file or stdout, or several into a folder.

use super::docx::DocxArgs;
use super::{assess, output, say, Context, EXIT_OK};
use crate::messages::Messages;
use crate::report::{docx, render, render_bytes, terminal, Format, Report};
use anyhow::bail;
use clap::ValueEnum;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum FormatArg {
    /// Tables for a terminal: summary, scores and gaps.
    Terminal,
    /// GitHub-flavoured Markdown: the full report.
    Markdown,
    /// One self-contained HTML page (no scripts, no external files): the full report.
    Html,
    /// The `ctpat-report/1` JSON document (schema: schemas/report.schema.json).
    Json,
    /// The action plan as CSV, one row per gap (UTF-8 with BOM, for Excel).
    Csv,
    /// An editable Word document: the full report (binary: --output FILE, --out-dir or a pipe).
    Docx,
    /// A workbook: summary, gaps, action plan (a filterable table), evidence register and
    /// manifest sheets. Binary: needs --output or --out-dir (or a pipe).
    Xlsx,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Terminal => Format::Terminal,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Html => Format::Html,
            FormatArg::Json => Format::Json,
            FormatArg::Csv => Format::Csv,
            FormatArg::Docx => Format::Docx,
            FormatArg::Xlsx => Format::Xlsx,
        }
    }
}

/// The formats and folder a run writes: `--format` / `--out-dir` when given, else the
/// configured `output.formats` / `output.dir` (ctpat.toml or `CTPAT_*`), else `fallback`
/// to standard output. A configured folder takes the configured formats (unless they are
/// only the terminal view) or several `--format`s; one `--format` without `--out-dir` still
/// goes to standard output or `--output`.
fn destination_of(
    context: &Context,
    flag_formats: &[FormatArg],
    output: Option<&Path>,
    out_dir: Option<&Path>,
    fallback: FormatArg,
) -> (Vec<FormatArg>, Option<PathBuf>) {
    let configured: Vec<FormatArg> = context
        .settings
        .formats
        .value
        .iter()
        .filter_map(|f| FormatArg::from_str(f, true).ok())
        .collect();
    let formats = if !flag_formats.is_empty() {
        flag_formats.to_vec()
    } else if context.settings.formats.origin != crate::settings::Origin::Default
        && !configured.is_empty()
    {
        configured
    } else {
        vec![fallback]
    };
    // One format named on the command line goes to stdout (or --output); formats from the
    // config, or several on the command line, go to the configured folder.
    let wants_folder =
        flag_formats.len() > 1 || (flag_formats.is_empty() && formats != [FormatArg::Terminal]);
    let dir = match out_dir {
        Some(d) => Some(d.to_path_buf()),
        None if output.is_none() && wants_folder => context.settings.output_dir.value.clone(),
        None => None,
    };
    (formats, dir)
}

/// Where the rendered report goes.
pub(super) struct Destination<'a> {
    /// Formats, in the order given (duplicates ignored).
    pub formats: &'a [FormatArg],
    /// One file (`--output`), or stdout when `None`.
    pub output: Option<&'a Path>,
    /// A folder for one file per format (`--out-dir`).
    pub out_dir: Option<&'a Path>,
    /// Overwrite existing files.
    pub force: bool,
    /// File name stem inside `out_dir`.
    pub stem: &'a str,
    /// Layout of a Word report.
    pub docx: docx::Options<'a>,
}

/// Renders `report` in every format asked for and writes it where asked.
///
/// # Errors
/// Several formats without `--out-dir`; a file that exists without `--force` (checked for
/// every file before any is written); any render or I/O error.
pub(super) fn emit(report: &Report, msg: &Messages, to: &Destination<'_>) -> anyhow::Result<()> {
    let mut formats: Vec<Format> = Vec::new();
    for f in to.formats {
        let f = Format::from(*f);
        if !formats.contains(&f) {
            formats.push(f);
        }
    }
    let Some(dir) = to.out_dir else {
        let [format] = formats[..] else {
            bail!(say(
                msg,
                "error:formats-need-out-dir",
                &[(
                    "formats",
                    &formats.iter().map(|f| f.id()).collect::<Vec<_>>().join(",")
                )]
            ));
        };
        let to_stdout = to.output.is_none_or(|p| p.as_os_str() == "-");
        if format.is_binary() {
            if to_stdout && std::io::stdout().is_terminal() {
                bail!(say(
                    msg,
                    "error:binary-to-terminal",
                    &[("format", format.id())]
                ));
            }
            let bytes = render_bytes(report, msg, format, &to.docx)?;
            return output::write_binary(to.output, &bytes, to.force);
        }
        let text = if format == Format::Terminal && to_stdout && std::io::stdout().is_terminal() {
            // A terminal gets tables fitted to its width; files and pipes a stable 100.
            terminal::render(report, msg, None)
        } else {
            render(report, msg, format)?
        };
        return output::write(to.output, &text, to.force);
    };
    let targets: Vec<(Format, PathBuf)> = formats
        .iter()
        .map(|f| (*f, dir.join(format!("{}.{}", to.stem, f.extension()))))
        .collect();
    if !to.force {
        let existing: Vec<String> = targets
            .iter()
            .filter(|(_, p)| std::fs::symlink_metadata(p).is_ok())
            .map(|(_, p)| p.display().to_string())
            .collect();
        if !existing.is_empty() {
            bail!(say(
                msg,
                "error:outputs-exist",
                &[
                    ("paths", &msg.list(&existing)),
                    ("count", &existing.len().to_string())
                ]
            ));
        }
    }
    output::create_folder(dir, msg)?;
    // Render everything first so a failure leaves no partial set behind.
    let mut rendered = Vec::new();
    for (format, path) in targets {
        rendered.push((render_bytes(report, msg, format, &to.docx)?, path));
    }
    let mut set = output::OutputSet::new(to.force);
    for (bytes, path) in rendered {
        set.add(&path, &bytes)?;
    }
    set.commit()
}

/// The name stem for files in `--out-dir`: the answers file's, or `report` for stdin.
pub(super) fn stem(answers: &Path) -> String {
    if answers.as_os_str() == "-" {
        return "report".to_string();
    }
    answers.file_stem().map_or_else(
        || "report".to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Formats: terminal, markdown, html, json, csv (the action plan), docx (Word) and xlsx (a
workbook), both to a file or a pipe, never a terminal (--template FILE.docx takes a
letterhead's styles, header and footer). Several formats at once need
--out-dir DIR, which gets one file per format named after the answers file (e.g.
importer-tier2.md, importer-tier2.html). Files are never overwritten without --force.

Examples:
  ctpat report answers.yaml
  ctpat report answers.yaml --format html --output report.html
  ctpat report answers.yaml --format markdown,html,json,csv --out-dir reports/
  ctpat report answers.yaml --format html -o 报告.html --lang zh-CN
  ctpat report answers.yaml --format docx -o report.docx --template letterhead.docx
  ctpat report answers.yaml --format xlsx --output report.xlsx
  ctpat report answers.yaml --also gacc-advanced.yaml --lang zh-CN
  ctpat report answers.yaml --also gacc-aeo-2026-advanced --format html -o both.html

--also adds a side-by-side section with China Customs' AEO standard (see docs/gacc.md).

Exit codes: 0 written, 2 invalid input or I/O error (nothing is written).")]
pub(super) struct Args {
    /// The answers file to report on (`format: ctpat-answers/1`); `-` reads standard input.
    #[arg(value_name = "ANSWERS")]
    answers: PathBuf,
    /// Add a side-by-side section with another programme: its answers file (from `ctpat crosswalk`, completed) or its catalog id.
    #[arg(long, value_name = "FILE|PROGRAMME")]
    also: Option<String>,
    /// With --also: a crosswalk file (ctpat-mapping/1) whose rows replace the shipped rows for the ids it names.
    #[arg(long, value_name = "FILE", requires = "also")]
    also_mapping: Option<PathBuf>,
    #[command(flatten)]
    out: OutputArgs,
}

/// Where a report goes: the options `ctpat assess` and `ctpat report` share.
#[derive(Debug, clap::Args)]
pub(super) struct OutputArgs {
    /// Output format; several, comma-separated, with --out-dir [default: output.formats
    /// from ctpat.toml, else terminal for assess, markdown for report].
    #[arg(long, value_enum, value_delimiter = ',')]
    format: Vec<FormatArg>,
    /// Write the report to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "PATH", conflicts_with = "out_dir")]
    output: Option<PathBuf>,
    /// Write one file per format into this folder (created if missing) [default: output.dir
    /// from ctpat.toml, for configured formats or several --format].
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// Overwrite files that exist.
    #[arg(long)]
    pub(super) force: bool,
    #[command(flatten)]
    docx: DocxArgs,
}

impl OutputArgs {
    /// Whether the command line says where the report goes (a format, a file or a folder).
    pub(super) fn names_a_destination(&self) -> bool {
        !self.format.is_empty() || self.output.is_some() || self.out_dir.is_some()
    }

    /// Writes `report` (made from the answers file `answers`) where these options, else the
    /// settings, say; `fallback` is the format when neither names one. Returns the file or
    /// folder written, if the report did not go to standard output.
    ///
    /// # Errors
    /// See [`emit`].
    pub(super) fn write(
        &self,
        context: &Context,
        report: &Report,
        msg: &Messages,
        answers: &Path,
        fallback: FormatArg,
    ) -> anyhow::Result<Option<PathBuf>> {
        let (formats, out_dir) = destination_of(
            context,
            &self.format,
            self.output.as_deref(),
            self.out_dir.as_deref(),
            fallback,
        );
        let docx = self
            .docx
            .load(context, formats.contains(&FormatArg::Docx))?;
        emit(
            report,
            msg,
            &Destination {
                formats: &formats,
                output: self.output.as_deref(),
                out_dir: out_dir.as_deref(),
                force: self.force,
                stem: &stem(answers),
                docx: docx.options(),
            },
        )?;
        Ok(out_dir.or_else(|| self.output.clone().filter(|o| o.as_os_str() != "-")))
    }
}

impl OutputArgs {
    /// Checks, before an interactive run, what would otherwise fail only at its end: a Word
    /// report for a terminal, or a template that cannot be used.
    ///
    /// # Errors
    /// As [`emit`] and [`DocxArgs::load`] would fail.
    pub(super) fn preflight(&self, context: &Context, fallback: FormatArg) -> anyhow::Result<()> {
        let (formats, out_dir) = destination_of(
            context,
            &self.format,
            self.output.as_deref(),
            self.out_dir.as_deref(),
            fallback,
        );
        if !formats.contains(&FormatArg::Docx) {
            return Ok(());
        }
        if formats.len() == 1
            && out_dir.is_none()
            && self.output.as_deref().is_none_or(|p| p.as_os_str() == "-")
            && std::io::stdout().is_terminal()
        {
            bail!(say(
                &context.messages(),
                "error:binary-to-terminal",
                &[("format", Format::Docx.id())]
            ));
        }
        self.docx.load(context, true).map(|_| ())
    }
}

pub(super) fn run(context: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    if let Some(also) = &args.also {
        let msg = context.messages();
        let file = assess::read_and_score(context, &args.answers, |_| Ok(()))?;
        let mut report = Report::build(&file.catalog, &file.answers, &file.assessment, &msg)
            .with_input_hashes(file.criteria_text.as_bytes(), &file.bytes);
        let mapping = args.also_mapping.as_deref();
        report.also = Some(super::crosswalk::side_by_side_for(
            context, &file, also, mapping, &msg,
        )?);
        args.out
            .write(context, &report, &msg, &args.answers, FormatArg::Markdown)?;
        return Ok(ExitCode::from(EXIT_OK));
    }
    let scored = assess::score(context, &args.answers, context.messages(), |_| Ok(()))?;
    args.out.write(
        context,
        &scored.report,
        &scored.msg,
        &args.answers,
        FormatArg::Markdown,
    )?;
    Ok(ExitCode::from(EXIT_OK))
}

#[cfg(test)]
mod tests {
    use super::FormatArg;
    use clap::ValueEnum as _;

    #[test]
    fn every_format_a_config_file_may_name_is_a_format_flag_and_back() {
        for name in crate::settings::FORMATS {
            assert!(FormatArg::from_str(name, true).is_ok(), "{name}");
        }
        for f in FormatArg::value_variants() {
            let name = f.to_possible_value().expect("named").get_name().to_string();
            assert!(crate::settings::FORMATS.contains(&name.as_str()), "{name}");
        }
    }
}
