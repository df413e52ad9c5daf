//! Finding input files: the one expansion of paths, folders and quoted globs that `batch` and
//! `validate` share.
//!
//! The link rule: a path named on the command line is the user's choice and is read as named,
//! links and all. What ctpat finds itself, by walking a folder or matching a quoted glob, is
//! never followed out: a link to a folder is not entered (so a link loop cannot make the walk
//! endless), and a link to a file is read only when its target lies inside the folder being
//! searched (a `*.yaml` link to `/proc/self/environ` or to another client's folder is
//! reported, not read). A dangling link, a link outside, and anything that is not a regular
//! file are each reported as a problem with its path, never skipped in silence.

use super::{say, ui};
use anyhow::{bail, Context as _};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A file to read.
pub(super) struct Input {
    /// Where it is read from (for a link found inside the searched folder, its target).
    pub path: PathBuf,
    /// How it is shown and sorted: the path as found.
    pub display: String,
    /// Path components naming its reports: below the folder or the pattern's literal folders
    /// it was found by, or just its file name when it was named directly.
    pub relative: Vec<String>,
    /// What `std::fs::canonicalize(path)` gives, when the search already knows it: a regular
    /// file met by a walk is its resolved folder joined with its name, and a link's target is
    /// resolved when it is checked. Resolving each of 10,000 files again cost a system call
    /// per path component, most of the time `batch` spent before scoring its first file.
    /// Used to drop duplicates, then cleared.
    pub resolved: Option<PathBuf>,
}

impl Input {
    /// The file's resolved path (see [`Input::resolved`]), resolved now when the search did
    /// not; `None` when it cannot be.
    pub(super) fn canonical(&self) -> Option<PathBuf> {
        self.resolved
            .clone()
            .or_else(|| std::fs::canonicalize(&self.path).ok())
    }
}

/// A path that named no readable file.
pub(super) struct Problem {
    /// The path as given or found.
    pub path: String,
    /// A stable kebab-case code.
    pub code: &'static str,
    /// The English message (JSON summaries are the same in every language).
    pub english: String,
    /// The message in the language of the run.
    pub shown: String,
}

/// Finds the answers files the paths name, sorted by path and without duplicates: a file
/// named directly (any extension), the `*.yaml` / `*.yml` files and `*.xlsx` questionnaire
/// workbooks below a folder (hidden entries and `~$` lock files skipped), and what a quoted
/// glob matches (lock files skipped there too). Paths that name nothing are problems, so the run
/// goes on.
///
/// # Errors
/// `-` (standard input is no portfolio) or a malformed pattern.
pub(super) fn discover(paths: &[PathBuf]) -> anyhow::Result<(Vec<Input>, Vec<Problem>)> {
    let mut found = Found::default();
    for path in paths {
        // `-` means standard input elsewhere in ctpat; a portfolio is files, so say so
        // instead of "no such file or folder".
        if path.as_os_str() == "-" {
            bail!(ui().get("error:batch-stdin").to_string());
        }
        if std::fs::metadata(path).is_ok() {
            found.named(path, Vec::new());
            continue;
        }
        let pattern = path.to_string_lossy();
        if is_pattern(&pattern) {
            found.glob(&pattern)?;
        } else {
            found.problem(
                &pattern,
                "io-error",
                "no such file or folder".to_string(),
                ui().get("error:no-such-path").to_string(),
            );
        }
    }
    let Found {
        mut inputs,
        problems,
    } = found;
    inputs.sort_by(|a, b| a.display.cmp(&b.display));
    // Several paths, a glob, or a link beside its target can name one file twice. (Hashed:
    // a sorted set compared 10,000 long paths component by component, slower than hashing.)
    let mut seen = HashSet::new();
    // The resolved path moves into the set: kept in each input, 10,000 of them held a
    // megabyte for the whole run.
    inputs.retain_mut(|i| {
        let key = match i.resolved.take() {
            Some(resolved) => resolved,
            None => std::fs::canonicalize(&i.path).unwrap_or_else(|_| i.path.clone()),
        };
        seen.insert(key)
    });
    Ok((inputs, problems))
}

/// Whether a path that does not exist is meant as a glob pattern.
pub(super) fn is_pattern(path: &str) -> bool {
    path.contains(['*', '?', '['])
}

/// Whether a file found in a folder is an answers (or criteria) file, by its extension:
/// `*.yaml`, `*.yml` or a questionnaire workbook `*.xlsx` (not a lock file).
pub(super) fn is_answers_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".yaml")
        || lower.ends_with(".yml")
        || (lower.ends_with(".xlsx") && !is_lock_file(name))
}

/// Whether a file is the `~$name.xlsx` lock file Excel and WPS leave beside an open
/// workbook: never a client, even when a pattern matches it.
fn is_lock_file(name: &str) -> bool {
    name.starts_with("~$")
}

/// How a quoted glob matches: whole paths, `*` never crossing a `/`, hidden entries only when
/// the pattern spells the dot.
const GLOB_OPTIONS: glob::MatchOptions = glob::MatchOptions {
    case_sensitive: true,
    require_literal_separator: true,
    require_literal_leading_dot: true,
};

/// A quoted glob being expanded.
struct Glob<'a> {
    /// The pattern's literal folders, as spelled.
    base: &'a Path,
    /// The same folder resolved: links found below it may not lead out of it.
    root: PathBuf,
    matcher: glob::Pattern,
    /// How many levels below `base` a match can be, when the pattern has no `**`.
    depth: Option<usize>,
}

#[derive(Default)]
struct Found {
    inputs: Vec<Input>,
    problems: Vec<Problem>,
}

/// What a walk met at one entry, links not followed.
enum Entry {
    Folder,
    File,
    Link,
    Other(&'static str),
}

impl Found {
    fn problem(&mut self, path: &str, code: &'static str, english: String, shown: String) {
        self.problems.push(Problem {
            path: path.to_string(),
            code,
            english,
            shown,
        });
    }

    fn io_problem(&mut self, path: &Path, error: &std::io::Error) {
        let text = error.to_string();
        self.problem(&path.display().to_string(), "io-error", text.clone(), text);
    }

    /// A path named by the user, or matched by a glob: a folder is walked, anything else is
    /// taken as a file.
    fn named(&mut self, path: &Path, mut prefix: Vec<String>) {
        if path.is_dir() {
            let resolved = std::fs::canonicalize(path).ok();
            let root = resolved.clone().unwrap_or_else(|| path.to_path_buf());
            self.walk(&mut prefix, path, &root, resolved.as_deref());
        } else {
            if let Some(name) = path.file_name() {
                prefix.push(name.to_string_lossy().into_owned());
            }
            self.inputs.push(Input {
                path: path.to_path_buf(),
                display: path.display().to_string(),
                relative: prefix,
                resolved: None,
            });
        }
    }

    /// Walks `dir` (inside the searched folder `root`; `resolved`: `dir` resolved, when it
    /// could be) for `*.yaml` / `*.yml` / `*.xlsx`.
    fn walk(
        &mut self,
        relative: &mut Vec<String>,
        dir: &Path,
        root: &Path,
        resolved: Option<&Path>,
    ) {
        let Some(entries) = self.entries(dir) else {
            return;
        };
        for (name, path, entry) in entries {
            match entry {
                Entry::Folder => {
                    // A folder entry is no link, so its resolved path is its parent's and
                    // its name.
                    let below = resolved.map(|r| r.join(&name));
                    relative.push(name);
                    self.walk(relative, &path, root, below.as_deref());
                    relative.pop();
                }
                _ if !is_answers_file(&name) => {}
                Entry::File => {
                    let mut rel = relative.clone();
                    let resolved = resolved.map(|r| r.join(&name));
                    rel.push(name);
                    self.inputs.push(Input {
                        display: path.display().to_string(),
                        path,
                        relative: rel,
                        resolved,
                    });
                }
                Entry::Link => {
                    if let Some(target) = self.found_link(&path, root) {
                        let mut rel = relative.clone();
                        rel.push(name);
                        self.inputs.push(Input {
                            display: path.display().to_string(),
                            resolved: Some(target.clone()),
                            path: target,
                            relative: rel,
                        });
                    }
                }
                Entry::Other(kind) => self.not_a_file(&path, kind),
            }
        }
    }

    /// The entries of `dir`, hidden ones left out, each with what it is (links not followed).
    fn entries(&mut self, dir: &Path) -> Option<Vec<(String, PathBuf, Entry)>> {
        let read = match std::fs::read_dir(dir) {
            Ok(r) => r,
            Err(e) => {
                self.io_problem(dir, &e);
                return None;
            }
        };
        let mut out = Vec::new();
        for entry in read {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    self.io_problem(dir, &e);
                    continue;
                }
            };
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let kind = match entry.file_type() {
                Ok(t) if t.is_symlink() => Entry::Link,
                Ok(t) if t.is_dir() => Entry::Folder,
                Ok(t) if t.is_file() => Entry::File,
                Ok(t) => Entry::Other(super::output::kind_of(&t)),
                Err(e) => {
                    self.io_problem(&entry.path(), &e);
                    continue;
                }
            };
            let path = dir.join(&name);
            out.push((name, path, kind));
        }
        Some(out)
    }

    /// The target of a link found by a walk, when it is a regular file inside `root`; else a
    /// problem is recorded.
    fn found_link(&mut self, link: &Path, root: &Path) -> Option<PathBuf> {
        let shown = link.display().to_string();
        let target = match std::fs::canonicalize(link) {
            Ok(t) => t,
            Err(e) => {
                let english = format!("a link to nothing, skipped ({e})");
                let text = say(&ui(), "error:dangling-link", &[("path", &shown)]);
                self.problem(&shown, "dangling-link", english, text);
                return None;
            }
        };
        if !target.starts_with(root) {
            let (target, root) = (target.display().to_string(), root.display().to_string());
            let english = format!(
                "a link to {target}, outside {root}; links found in a folder or by a pattern are not followed out of it (name the file itself to read it)"
            );
            let text = say(
                &ui(),
                "error:link-outside",
                &[("path", &shown), ("target", &target), ("root", &root)],
            );
            self.problem(&shown, "link-outside", english, text);
            return None;
        }
        match std::fs::metadata(&target) {
            Ok(m) if m.is_file() => Some(target),
            Ok(m) => {
                self.not_a_file(link, super::output::kind_of(&m.file_type()));
                None
            }
            Err(e) => {
                self.io_problem(link, &e);
                None
            }
        }
    }

    fn not_a_file(&mut self, path: &Path, kind_key: &'static str) {
        let shown = path.display().to_string();
        let kind = ui().get(kind_key).to_string();
        let english = format!(
            "not a regular file ({})",
            kind_key.trim_start_matches("file-kind:")
        );
        let text = say(
            &ui(),
            "error:found-not-a-file",
            &[("path", &shown), ("kind", &kind)],
        );
        self.problem(&shown, "not-a-file", english, text);
    }

    /// Expands a quoted glob by walking its literal folders without following links and
    /// matching each entry, so a link loop cannot make it endless.
    fn glob(&mut self, pattern: &str) -> anyhow::Result<()> {
        let matcher = glob::Pattern::new(pattern)
            .with_context(|| say(&ui(), "error:bad-pattern", &[("pattern", pattern)]))?;
        // Reports are named from the part of each match below the pattern's literal folders:
        // `clients/*/answers.yaml` gives `acme__answers`, not `answers~2`.
        let base: PathBuf = Path::new(pattern)
            .components()
            .take_while(|c| !is_pattern(&c.as_os_str().to_string_lossy()))
            .collect();
        let before = self.inputs.len() + self.problems.len();
        let start = if base.as_os_str().is_empty() {
            Path::new(".")
        } else {
            base.as_path()
        };
        // The pattern's literal folders are the user's to name, links and all.
        if start.is_dir() {
            // Without `**`, nothing deeper than the pattern's own components can match, so
            // the walk stops there (`clients/*/answers.yaml` never lists `clients/*/*/...`).
            let depth = (!pattern.contains("**"))
                .then(|| Path::new(pattern).components().count() - base.components().count());
            let glob = Glob {
                base: &base,
                root: std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf()),
                matcher,
                depth,
            };
            self.match_below(&base, &glob);
        }
        if self.inputs.len() + self.problems.len() == before {
            self.problem(
                pattern,
                "no-match",
                "no file matches this pattern".to_string(),
                ui().get("error:no-match").to_string(),
            );
        }
        Ok(())
    }

    fn match_below(&mut self, dir: &Path, glob: &Glob<'_>) {
        let Some(entries) = self.entries(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        }) else {
            return;
        };
        for (name, path, entry) in entries {
            let path = if dir.as_os_str().is_empty() {
                PathBuf::from(&name)
            } else {
                path
            };
            let matched = glob.matcher.matches_path_with(&path, GLOB_OPTIONS);
            let below = || -> Vec<String> {
                path.strip_prefix(glob.base)
                    .unwrap_or(&path)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect()
            };
            match entry {
                Entry::Folder if matched => self.named(&path, below()),
                Entry::Folder if glob.depth.is_none_or(|d| below().len() < d) => {
                    self.match_below(&path, glob);
                }
                Entry::Folder => {}
                _ if !matched || is_lock_file(&name) => {}
                Entry::File => {
                    let mut prefix = below();
                    prefix.pop();
                    self.named(&path, prefix);
                }
                Entry::Link => {
                    if let Some(target) = self.found_link(&path, &glob.root) {
                        self.inputs.push(Input {
                            display: path.display().to_string(),
                            resolved: Some(target.clone()),
                            path: target,
                            relative: below(),
                        });
                    }
                }
                Entry::Other(kind) => self.not_a_file(&path, kind),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_files_are_yaml_or_workbooks_by_extension() {
        assert!(is_answers_file("a.yaml"));
        assert!(is_answers_file("B.YML"));
        assert!(!is_answers_file("a.json"));
        assert!(!is_answers_file("yaml"));
        assert!(is_answers_file("q.xlsx"));
        assert!(is_answers_file("Q.XLSX"));
        // The lock file Excel and WPS leave beside an open workbook is not a client.
        assert!(!is_answers_file("~$q.xlsx"));
    }

    #[test]
    fn lock_files_are_skipped_by_walks_and_globs() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("q.xlsx"), "PK").expect("write");
        std::fs::write(dir.path().join("~$q.xlsx"), "owner").expect("write");
        let pattern = dir.path().join("*.xlsx");
        for path in [dir.path().to_path_buf(), pattern] {
            let (inputs, problems) = discover(&[path]).expect("discover");
            let names: Vec<&str> = inputs.iter().map(|i| i.relative[0].as_str()).collect();
            assert_eq!(names, ["q.xlsx"]);
            assert!(problems.is_empty());
        }
    }

    #[cfg(unix)]
    #[test]
    fn glob_over_a_link_loop_ends() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sub = dir.path().join("a");
        std::fs::create_dir(&sub).expect("mkdir");
        std::fs::write(sub.join("x.yaml"), "format: ctpat-answers/1\n").expect("write");
        std::os::unix::fs::symlink("..", sub.join("up")).expect("link");
        std::os::unix::fs::symlink("../a", sub.join("again")).expect("link");
        let pattern = dir.path().join("**/*.yaml");
        let (inputs, problems) = discover(&[pattern]).expect("discover");
        assert_eq!(
            inputs.len(),
            1,
            "{:?}",
            problems.iter().map(|p| &p.english).collect::<Vec<_>>()
        );
        assert!(problems.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn found_links_are_not_followed_out_of_the_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let clients = dir.path().join("clients");
        std::fs::create_dir(&clients).expect("mkdir");
        std::fs::write(clients.join("real.yaml"), "x").expect("write");
        std::os::unix::fs::symlink("real.yaml", clients.join("alias.yaml")).expect("link");
        std::os::unix::fs::symlink("/proc/self/environ", clients.join("env.yaml")).expect("link");
        std::os::unix::fs::symlink("gone.yaml", clients.join("dangling.yaml")).expect("link");
        let (inputs, problems) = discover(&[clients]).expect("discover");
        // The link inside the folder names the same file as its target: listed once.
        assert_eq!(inputs.len(), 1);
        let mut codes: Vec<&str> = problems.iter().map(|p| p.code).collect();
        codes.sort_unstable();
        assert_eq!(codes, ["dangling-link", "link-outside"]);
    }
}
