//! How fast `ctpat batch` scores a portfolio, measured against the YAML floor, and how much
//! memory it needs.
//!
//! ```sh
//! cargo bench --bench batch
//! ```
//!
//! For 1,000 and 10,000 synthetic importer answers files (about 21 KiB each, seed 42,
//! generated once under `target/tmp/`), it reports:
//! - the floor: the same files only listed, read and parsed by the YAML layer
//!   (`ctpat::answers::parse`), in this process, on rayon's default pool (one thread per core);
//! - the batch: the real release binary, `ctpat batch DIR --quiet` with stdout to /dev/null
//!   (find, read, parse, validate, score, summary table; no per-client reports), default jobs;
//! - the ratio batch / floor (target: at most 1.3), and the batch's peak resident memory
//!   (`/usr/bin/time -f %M`, a separate child run).
//!
//! Each figure is the best of three alternating runs after a warm-up, so the files are in the
//! page cache and the machine's noise counts least. It is a benchmark, not a test: `cargo
//! test` never runs it.

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used)]

#[path = "support/synth.rs"]
mod synth;

use ctpat::diagnostic::Source;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SEED: u64 = 42;
const SIZES: [u64; 2] = [1_000, 10_000];
const ROUNDS: usize = 3;

/// The corpus of `count` files, generated once and reused while the generator is unchanged.
fn corpus(count: u64) -> PathBuf {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ctpat-batch-bench");
    let dir = base.join(format!("{count}-seed{SEED}"));
    let marker = base.join(format!("{count}-seed{SEED}.done"));
    let stamp = synth::answers_file(&synth::catalog(), SEED, 0);
    if std::fs::read_to_string(&marker).ok().as_deref() != Some(stamp.as_str()) {
        let _ = std::fs::remove_dir_all(&dir);
        eprintln!("generating {count} answers files in {} ...", dir.display());
        synth::write_corpus(&dir, count, SEED).expect("write the corpus");
        std::fs::write(&marker, &stamp).expect("write the marker");
    }
    dir
}

/// Lists, reads and parses every file: what any batch must at least do.
fn floor(dir: &Path) -> (Duration, usize) {
    let start = Instant::now();
    let files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus folder")
        .map(|e| e.expect("entry").path())
        .collect();
    let parsed = files
        .par_iter()
        .filter(|p| {
            let Ok(bytes) = std::fs::read(p) else {
                return false;
            };
            let Ok(text) = ctpat::yaml::decode(&bytes) else {
                return false;
            };
            ctpat::answers::parse(&Source::new(p.display().to_string(), text)).is_ok()
        })
        .count();
    (start.elapsed(), parsed)
}

/// Runs the real binary on `dir` under `/usr/bin/time`; returns the wall time and the peak
/// resident set in KiB (`None` when `/usr/bin/time` is missing).
fn batch(dir: &Path) -> (Duration, Option<u64>) {
    let bin = env!("CARGO_BIN_EXE_ctpat");
    let timer = Path::new("/usr/bin/time");
    let mut cmd = if timer.exists() {
        let mut c = Command::new(timer);
        c.args(["-f", "%M", bin]);
        c
    } else {
        Command::new(bin)
    };
    cmd.arg("batch")
        .arg(dir)
        .arg("--quiet")
        .env("LANG", "C.UTF-8")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let out = cmd.output().expect("run ctpat batch");
    let elapsed = start.elapsed();
    assert!(
        out.status.success(),
        "ctpat batch failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rss = String::from_utf8_lossy(&out.stderr)
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok());
    (elapsed, rss)
}

fn rate(count: u64, d: Duration) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let n = count as f64;
    n / d.as_secs_f64()
}

fn main() {
    // `cargo bench` passes `--bench`; a filter or `--list` from a harness runner is ignored.
    let threads = rayon::current_num_threads();
    println!("ctpat batch benchmark: synthetic importers (seed {SEED}), {threads} thread(s), best of {ROUNDS}");
    println!(
        "{:>7} {:>9} {:>22} {:>22} {:>7} {:>14}",
        "files", "KiB/file", "floor: read+parse", "batch: whole run", "ratio", "batch peak RSS"
    );
    for count in SIZES {
        let dir = corpus(count);
        let bytes: u64 = std::fs::read_dir(&dir)
            .expect("corpus")
            .map(|e| e.expect("entry").metadata().expect("metadata").len())
            .sum();
        // Warm-up: page cache, binary, allocator.
        let (_, parsed) = floor(&dir);
        assert_eq!(parsed as u64, count, "every synthetic file parses");
        let _ = batch(&dir);
        let mut best_floor = Duration::MAX;
        let mut best_batch = Duration::MAX;
        let mut peak = None;
        for _ in 0..ROUNDS {
            best_floor = best_floor.min(floor(&dir).0);
            let (t, rss) = batch(&dir);
            best_batch = best_batch.min(t);
            peak = peak.max(rss);
        }
        let ratio = best_batch.as_secs_f64() / best_floor.as_secs_f64();
        println!(
            "{:>7} {:>9} {:>22} {:>22} {:>7.2} {:>14}",
            count,
            bytes / count / 1024,
            format!(
                "{:.0} files/s ({:.2} s)",
                rate(count, best_floor),
                best_floor.as_secs_f64()
            ),
            format!(
                "{:.0} files/s ({:.2} s)",
                rate(count, best_batch),
                best_batch.as_secs_f64()
            ),
            ratio,
            peak.map_or_else(
                || "n/a".to_string(),
                |kib| format!("{:.1} MiB", kib as f64 / 1024.0)
            ),
        );
    }
}
