//! `ctpat convert IN OUT`: an answers file to a questionnaire workbook with the answers
//! filled in (to send out again), or to a reviewable YAML file.
//!
//! IN goes through the same steps every command that scores a file uses (read, parse, pick
//! the catalog, validate), so whatever kinds of answers file they read, convert reads.

use super::assess::{shipped_version, validate_and_score, Validated};
use super::config::Verbosity;
use super::init::is_xlsx;
use super::{output, print_warnings, read_answers, say, Context, EXIT_OK};
use crate::workbook::write::{questionnaire, CompanyRecord, Questionnaire};
use anyhow::bail;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
The kind of OUT follows its extension: .xlsx writes a questionnaire workbook (the same as
`ctpat init --output FILE.xlsx`) with every answer, evidence item, note, owner, due date and
best practice filled in; .yaml or .yml writes a ctpat-answers/1 file. The workbook is in
--lang. OUT is never overwritten without --force. See docs/spreadsheets.md.

Examples:
  ctpat convert answers.yaml factory.xlsx --lang zh-CN    # send the answers out again
  ctpat convert answers.yaml clean.yaml                   # a normalised answers file
  ctpat convert filled.xlsx answers.yaml                  # a filled workbook as YAML

Exit codes: 0 written, 2 invalid input, usage or I/O error (nothing is written).")]
pub(super) struct Args {
    /// The answers file to convert.
    #[arg(value_name = "IN")]
    input: PathBuf,
    /// The file to write: FILE.xlsx or FILE.yaml / FILE.yml.
    #[arg(value_name = "OUT")]
    output: PathBuf,
    /// Overwrite OUT if it exists.
    #[arg(long)]
    force: bool,
}

/// What OUT is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Yaml,
    Xlsx,
}

fn kind_of(path: &Path) -> Option<Kind> {
    if is_xlsx(path) {
        return Some(Kind::Xlsx);
    }
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    matches!(ext.as_str(), "yaml" | "yml").then_some(Kind::Yaml)
}

pub(super) fn run(context: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let msg = context.messages();
    let out_name = args.output.display().to_string();
    let Some(kind) = kind_of(&args.output) else {
        bail!(say(&msg, "error:convert-kind", &[("path", &out_name)]));
    };
    if !args.force && args.output.exists() {
        bail!(say(&msg, "error:exists", &[("path", &out_name)]));
    }
    // A filled workbook (told by its content) converts like a YAML answers file.
    let (parsed, _) = read_answers(&args.input)?;
    let source = parsed.source().clone();
    let version = shipped_version(&parsed).map(str::to_string);
    let catalog = context.catalog(version.as_deref())?;
    let Validated {
        answers, warnings, ..
    } = validate_and_score(parsed, &catalog, context.as_of())?;
    print_warnings(&source, &warnings);
    let bytes = match kind {
        Kind::Yaml => {
            crate::answers::to_yaml(&answers, Some((&catalog, context.lang))).into_bytes()
        }
        Kind::Xlsx => {
            // The questionnaire workbook has no place for waivers yet: refuse rather than
            // drop the company's accepted risks without a word.
            if !answers.waivers.is_empty() {
                bail!(say(
                    &msg,
                    "error:convert-waivers",
                    &[
                        ("path", &args.input.display().to_string()),
                        ("count", &answers.waivers.len().to_string()),
                    ]
                ));
            }
            let company = CompanyRecord::from_answers(&answers);
            questionnaire(&Questionnaire {
                catalog: &catalog,
                entity: answers.company.entity,
                lang: context.lang,
                company: &company,
                answers: Some(&answers),
            })
            .map_err(|e| {
                anyhow::anyhow!(say(&msg, "error:xlsx-write", &[("reason", &e.to_string())]))
            })?
        }
    };
    output::write_file(&args.output, &bytes, args.force)?;
    if context.verbosity > Verbosity::Quiet {
        let line = say(
            &msg,
            "convert:wrote",
            &[
                ("path", &out_name),
                ("count", &answers.answers.len().to_string()),
                ("version", &catalog.program.version),
            ],
        );
        let _ = writeln!(std::io::stderr().lock(), "{line}");
    }
    Ok(ExitCode::from(EXIT_OK))
}

#[cfg(test)]
mod tests {
    use super::{kind_of, Kind};
    use std::path::Path;

    #[test]
    fn the_kind_follows_the_extension_in_any_case() {
        assert_eq!(kind_of(Path::new("a.xlsx")), Some(Kind::Xlsx));
        assert_eq!(kind_of(Path::new("dir/A.XLSX")), Some(Kind::Xlsx));
        assert_eq!(kind_of(Path::new("a.yaml")), Some(Kind::Yaml));
        assert_eq!(kind_of(Path::new("a.YML")), Some(Kind::Yaml));
        assert_eq!(kind_of(Path::new("a.csv")), None);
        assert_eq!(kind_of(Path::new("xlsx")), None);
    }
}
