//! Shared helpers for the CLI tests.

use assert_cmd::Command;
use std::path::PathBuf;

/// The `ctpat` binary, run from the repository root with a neutral locale and no settings:
/// the user's own ctpat.toml and `CTPAT_*` variables never reach a test.
pub fn ctpat() -> Command {
    let mut cmd = Command::cargo_bin("ctpat").expect("binary builds");
    cmd.current_dir(root())
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .env("NO_COLOR", "1");
    let no_config = root().join("tests/fixtures/config/no-user-config");
    cmd.env("XDG_CONFIG_HOME", &no_config)
        .env("HOME", &no_config);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("CTPAT_") {
            cmd.env_remove(key);
        }
    }
    // Reports are as of a date: pin it, so golden files do not change with the calendar
    // (tests of the default remove it).
    cmd.env("CTPAT_AS_OF", AS_OF);
    cmd
}

/// The date every test runs as of, unless it says otherwise.
pub const AS_OF: &str = "2026-11-30";

/// `ctpat` run in `dir` (a temporary working folder), with `dir/config` as the user's
/// config folder, so tests can place `ctpat.toml` in either.
pub fn ctpat_in(dir: &std::path::Path) -> Command {
    let mut cmd = ctpat();
    cmd.current_dir(dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("HOME", dir.join("home"));
    cmd
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture's path relative to the repository root.
pub fn fixture(rel: &str) -> String {
    format!("tests/fixtures/{rel}")
}

/// Runs `cmd`, expects exit 0, and parses its stdout as JSON.
pub fn stdout_json(cmd: &mut Command) -> serde_json::Value {
    let out = cmd.assert().success();
    serde_json::from_slice(&out.get_output().stdout).expect("stdout is JSON")
}

/// Writes `text` to `name` in a fresh temporary folder; returns the folder (keep it alive)
/// and the file's path.
pub fn write_temp(name: &str, text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write fixture");
    let path = path.to_string_lossy().into_owned();
    (dir, path)
}
