//! One timed run of the real binary for the benchmarks: `ctpat batch DIR --quiet` under
//! `/usr/bin/time`, so the figures are the child's own (Linux only).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `ctpat batch DIR --quiet` with stdout to /dev/null; returns its wall time, its CPU
/// time (user + system) and its peak resident set in KiB.
///
/// # Panics
/// When the run fails or `/usr/bin/time` prints something unexpected: a benchmark of a
/// failing run would measure nothing.
pub fn batch(dir: &Path) -> (Duration, Duration, u64) {
    let mut cmd = Command::new("/usr/bin/time");
    cmd.args(["-f", "%M %U %S", env!("CARGO_BIN_EXE_ctpat")])
        .arg("batch")
        .arg(dir)
        .arg("--quiet")
        .env("LANG", "C.UTF-8")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let out = cmd.output().expect("run ctpat batch");
    let wall = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "ctpat batch failed: {stderr}");
    let figures: Vec<f64> = stderr
        .lines()
        .last()
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    assert_eq!(
        figures.len(),
        3,
        "unexpected /usr/bin/time output: {stderr}"
    );
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let rss = figures[0] as u64;
    (wall, Duration::from_secs_f64(figures[1] + figures[2]), rss)
}
