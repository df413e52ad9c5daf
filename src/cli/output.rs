//! The one door out: every file ctpat writes goes through [`write_file`] or an [`OutputSet`].
//!
//! A file is first written to a temporary file with an unpredictable name, created
//! exclusively (`O_EXCL`, so a planted link is never followed) in the target's own folder,
//! flushed and synced; only then is it renamed over the target. Without `--force` the rename
//! refuses to clobber, so of two processes writing the same `--output` one fails. Whatever
//! stands at the target must be a regular file: a link, a folder, a FIFO or a device node is
//! never replaced, with or without `--force`. Folders ctpat creates inside a folder the user
//! named are created without following links.

use super::{say, ui};
use anyhow::{bail, Context as _};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// Writes `content` to `path` atomically (see the module), or to stdout when `path` is `None`
/// or `-`.
///
/// # Errors
/// When `path` exists and `force` is false, when it is not a regular file, or on any I/O
/// error (named with the path).
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

/// Atomically creates `path` with `bytes`, or replaces it when `force` is given and it is a
/// regular file.
///
/// # Errors
/// When `path` exists and `force` is false, when it is not a regular file, or on any I/O
/// error.
pub(crate) fn write_file(path: &Path, bytes: &[u8], force: bool) -> anyhow::Result<()> {
    let mut set = OutputSet::new(force);
    set.add(path, bytes)?;
    set.commit()
}

/// Files written together, all or nothing: each is staged in a temporary file, and only
/// when every one is staged are they renamed into place. When a rename fails, the files of
/// the set already renamed that did not exist before are removed again (a file replaced with
/// `--force` cannot be brought back; its new content stays).
pub(crate) struct OutputSet {
    force: bool,
    staged: Vec<Staged>,
}

struct Staged {
    temp: NamedTempFile,
    target: PathBuf,
}

impl OutputSet {
    /// An empty set; `force` allows replacing existing regular files.
    pub(crate) fn new(force: bool) -> Self {
        OutputSet {
            force,
            staged: Vec::new(),
        }
    }

    /// Stages `bytes` for `path`. Dropping the set removes every staged file.
    ///
    /// # Errors
    /// As [`write_file`], before anything is renamed.
    pub(crate) fn add(&mut self, path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
        let name = path.display().to_string();
        let dir = folder_of(path, &name)?;
        check_target(path, &name, self.force)?;
        let file_name = path
            .file_name()
            .with_context(|| say(&ui(), "error:not-a-file-path", &[("path", &name)]))?;
        let temp = (|| {
            let mut temp = create_temp(dir, file_name)?;
            temp.write_all(bytes)?;
            temp.flush()?;
            temp.as_file().sync_all()?;
            Ok::<_, std::io::Error>(temp)
        })()
        .map_err(without_temp_name)
        .with_context(|| say(&ui(), "error:cannot-write", &[("path", &name)]))?;
        self.staged.push(Staged {
            temp,
            target: path.to_path_buf(),
        });
        Ok(())
    }

    /// Renames every staged file into place.
    ///
    /// # Errors
    /// When a target appeared meanwhile (without `--force`) or a rename fails; the new files
    /// of the set already renamed are removed again.
    pub(crate) fn commit(self) -> anyhow::Result<()> {
        let force = self.force;
        let mut created: Vec<PathBuf> = Vec::new();
        let mut staged = self.staged.into_iter();
        for Staged { temp, target } in staged.by_ref() {
            let name = target.display().to_string();
            let existed = std::fs::symlink_metadata(&target).is_ok();
            let result = if force {
                // Checked again just before the rename: what stands there now must still be
                // a regular file.
                check_target(&target, &name, true).and_then(|()| rename(temp, &target, &name, true))
            } else {
                rename(temp, &target, &name, false)
            };
            if let Err(e) = result {
                for path in &created {
                    let _ = std::fs::remove_file(path);
                }
                // The temporaries left in `staged` are removed as it drops.
                return Err(e);
            }
            if !existed {
                created.push(target.clone());
            }
            sync_folder(&target);
        }
        Ok(())
    }
}

/// Creates the temporary file for `file_name` in `dir`: `.NAME.XXXXXXXXXXXX.ctpat-tmp` (random
/// part from `tempfile`), created exclusively, hidden, and readable as a normal new file would
/// be (`0666` less the umask) rather than `tempfile`'s owner-only `0600`.
fn create_temp(dir: &Path, file_name: &std::ffi::OsStr) -> std::io::Result<NamedTempFile> {
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(file_name);
    prefix.push(".");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".ctpat-tmp").rand_bytes(12);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

fn rename(temp: NamedTempFile, target: &Path, name: &str, force: bool) -> anyhow::Result<()> {
    let result = if force {
        temp.persist(target)
    } else {
        temp.persist_noclobber(target)
    };
    match result {
        Ok(_) => Ok(()),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
            bail!(say(&ui(), "error:exists", &[("path", name)]))
        }
        Err(e) => Err(anyhow::Error::new(e.error))
            .with_context(|| say(&ui(), "error:cannot-write", &[("path", name)])),
    }
}

/// The system's error without the name of the temporary file `tempfile` adds to it ("No
/// space left on device at path .../.r.json.x8Kq.ctpat-tmp"): the user named the target, which
/// the message names already.
fn without_temp_name(error: std::io::Error) -> std::io::Error {
    // `tempfile` wraps the system error in a private type whose text ends in ` at path "..."`
    // and which does not hand the original out; its kind is kept.
    let text = error.get_ref().map(ToString::to_string);
    match text.as_deref().and_then(|t| t.rsplit_once(" at path ")) {
        Some((message, _)) => std::io::Error::new(error.kind(), message.to_string()),
        None => error,
    }
}

/// Makes the rename durable; a folder that cannot be synced (some file systems) is no error.
fn sync_folder(target: &Path) {
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

/// Refuses a target that exists without `force`, and one that is not a regular file (a link,
/// folder, FIFO, socket or device) even with it. The target itself is never followed.
fn check_target(path: &Path, name: &str, force: bool) -> anyhow::Result<()> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(anyhow::Error::new(e))
            .with_context(|| say(&ui(), "error:cannot-write", &[("path", name)])),
        Ok(meta) if !meta.file_type().is_file() => {
            let kind = ui().get(kind_of(&meta.file_type())).to_string();
            bail!(say(
                &ui(),
                "error:not-regular-file",
                &[("path", name), ("kind", &kind)]
            ))
        }
        Ok(_) if !force => bail!(say(&ui(), "error:exists", &[("path", name)])),
        Ok(_) => Ok(()),
    }
}

/// The UI string key naming what a non-regular file is.
pub(super) fn kind_of(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return "file-kind:fifo";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "file-kind:device";
        }
        if kind.is_socket() {
            return "file-kind:socket";
        }
    }
    if kind.is_symlink() {
        "file-kind:link"
    } else if kind.is_dir() {
        "file-kind:folder"
    } else {
        "file-kind:special"
    }
}

/// The folder a file is written into, which must exist.
fn folder_of<'a>(path: &'a Path, name: &str) -> anyhow::Result<&'a Path> {
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
            &[("path", name), ("folder", &dir.display().to_string())]
        ));
    }
    Ok(dir)
}

/// Creates folder `dir` and its parents, for `--out-dir` and `--out` (folders the user
/// named: a link the user put on that path is followed, as the user chose it).
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

/// Creates the folder `name` inside `parent` (which exists), or accepts one already there,
/// without following links: a link planted where ctpat's own sub-folder belongs is refused,
/// so reports cannot be sent elsewhere.
///
/// # Errors
/// When a link or anything but a folder stands there, or on any other I/O error.
pub(crate) fn create_subfolder(
    parent: &Path,
    name: &str,
    msg: &crate::messages::Messages,
) -> anyhow::Result<PathBuf> {
    let dir = parent.join(name);
    let shown = dir.display().to_string();
    match std::fs::create_dir(&dir) {
        Ok(()) => Ok(dir),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let meta = std::fs::symlink_metadata(&dir)
                .with_context(|| say(msg, "error:cannot-create-folder", &[("path", &shown)]))?;
            if meta.file_type().is_dir() {
                Ok(dir)
            } else {
                let kind = msg.get(kind_of(&meta.file_type())).to_string();
                bail!(say(
                    msg,
                    "error:not-a-folder",
                    &[("path", &shown), ("kind", &kind)]
                ))
            }
        }
        Err(e) => Err(anyhow::Error::new(e))
            .with_context(|| say(msg, "error:cannot-create-folder", &[("path", &shown)])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .expect("readable")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn temp_names_are_unpredictable_and_hidden() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = create_temp(dir.path(), "r.json".as_ref()).expect("temp");
        let b = create_temp(dir.path(), "r.json".as_ref()).expect("temp");
        let name = |t: &NamedTempFile| {
            t.path()
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned()
        };
        assert_ne!(name(&a), name(&b));
        assert!(name(&a).starts_with(".r.json."), "{}", name(&a));
        assert!(!name(&a).contains(&std::process::id().to_string()));
    }

    #[test]
    fn errors_name_the_target_not_the_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("gone");
        let error = create_temp(&missing, "r.json".as_ref()).expect_err("no folder");
        assert!(error.to_string().contains(".ctpat-tmp"), "{error}");
        let plain = without_temp_name(error);
        assert_eq!(plain.kind(), std::io::ErrorKind::NotFound);
        assert!(!plain.to_string().contains("ctpat-tmp"), "{plain}");
    }

    #[test]
    fn set_leaves_no_new_file_when_a_later_rename_fails() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (one, two) = (dir.path().join("one.md"), dir.path().join("two.md"));
        let mut set = OutputSet::new(false);
        set.add(&one, b"1").expect("stage one");
        set.add(&two, b"2").expect("stage two");
        // Another process writes `two.md` between staging and renaming.
        std::fs::write(&two, "theirs").expect("write");
        assert!(set.commit().is_err());
        assert_eq!(names(dir.path()), ["two.md"]);
        assert_eq!(std::fs::read_to_string(&two).expect("read"), "theirs");
    }

    #[test]
    fn set_leaves_no_temp_when_a_later_stage_fails() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut set = OutputSet::new(false);
        set.add(&dir.path().join("one.md"), b"1")
            .expect("stage one");
        let missing = dir.path().join("no-such-folder/two.md");
        assert!(set.add(&missing, b"2").is_err());
        drop(set);
        assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
    }

    #[cfg(unix)]
    #[test]
    fn force_never_replaces_a_link_or_a_fifo() {
        let dir = tempfile::tempdir().expect("tempdir");
        let outside = dir.path().join("outside.txt");
        std::fs::write(&outside, "keep").expect("write");
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&outside, &link).expect("symlink");
        assert!(write_file(&link, b"x", true).is_err());
        assert_eq!(std::fs::read_to_string(&outside).expect("read"), "keep");
        assert!(std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink());
    }
}
