//! Writing results: to stdout, or atomically to a file that is never overwritten without
//! `--force`.

use super::{say, ui};
use anyhow::{bail, Context as _};
use std::io::Write as _;
use std::path::Path;

/// Writes `content` to `path` atomically (a temporary file in the same folder, then a
/// rename), or to stdout when `path` is `None` or `-`.
///
/// # Errors
/// When `path` exists and `force` is false, or on any I/O error (named with the path).
pub(crate) fn write(path: Option<&Path>, content: &str, force: bool) -> anyhow::Result<()> {
    match path {
        None => write_stdout(content),
        Some(p) if p.as_os_str() == "-" => write_stdout(content),
        Some(p) => write_file(p, content.as_bytes(), force),
    }
}

fn write_stdout(content: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(content.as_bytes()).and_then(|()| out.flush()) {
        // A closed pipe (`ctpat ... | head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.with_context(|| ui().get("error:cannot-write-stdout").to_string()),
    }
}

/// Atomically replaces or creates `path` with `bytes`.
///
/// # Errors
/// When `path` exists and `force` is false, or on any I/O error.
pub(crate) fn write_file(path: &Path, bytes: &[u8], force: bool) -> anyhow::Result<()> {
    let name = path.display().to_string();
    if !force && path.exists() {
        bail!(say(&ui(), "error:exists", &[("path", &name)]));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        let key = if dir.exists() {
            "error:folder-is-file"
        } else {
            "error:no-folder"
        };
        bail!(say(
            &ui(),
            key,
            &[("path", &name), ("folder", &dir.display().to_string())]
        ));
    }
    let file_name = path
        .file_name()
        .with_context(|| say(&ui(), "error:not-a-file-path", &[("path", &name)]))?
        .to_string_lossy();
    let tmp = dir.join(format!(".{file_name}.ctpat-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.with_context(|| say(&ui(), "error:cannot-write", &[("path", &name)]))
}

/// Creates folder `dir` and its parents, for `--out-dir` and `--out`.
///
/// # Errors
/// When a file stands where a folder is needed (named, rather than the system's "File exists"
/// or "Not a directory"), or on any other I/O error.
pub(crate) fn create_folder(dir: &Path, msg: &crate::messages::Messages) -> anyhow::Result<()> {
    let name = dir.display().to_string();
    if let Some(file) = dir.ancestors().find(|a| a.is_file()) {
        bail!(say(
            msg,
            "error:folder-is-file",
            &[("path", &name), ("folder", &file.display().to_string())]
        ));
    }
    std::fs::create_dir_all(dir)
        .with_context(|| say(msg, "error:cannot-create-folder", &[("path", &name)]))
}

/// Writes a binary report (`bytes`) to `path`, or to stdout when `path` is `None` or `-`
/// (a pipe or a redirect: the caller has already refused a terminal).
///
/// # Errors
/// As [`write_file`], or when stdout cannot be written.
pub(crate) fn write_binary(path: Option<&Path>, bytes: &[u8], force: bool) -> anyhow::Result<()> {
    match path {
        Some(p) if p.as_os_str() != "-" => write_file(p, bytes, force),
        _ => {
            let mut out = std::io::stdout().lock();
            match out.write_all(bytes).and_then(|()| out.flush()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.with_context(|| ui().get("error:cannot-write-stdout").to_string()),
            }
        }
    }
}
