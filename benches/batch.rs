//! How fast `ctpat batch` scores a portfolio, measured against the YAML floor, and how much
//! memory it needs.
//!
//! ```sh
//! cargo bench --bench batch
//! ```
//!
//! For 1,000 and 10,000 synthetic importer answers files (about 22 KiB each, seed 42,
//! generated once under `target/tmp/`), it reports:
//! - the floor: the same files only listed, read and parsed by the YAML layer
//!   (`ctpat::answers::parse`), in this process, on rayon's default pool (one thread per core);
//! - the batch: the real release binary, `ctpat batch DIR --quiet` with stdout to /dev/null
//!   (find, read, parse, validate, score, summary table; no per-client reports), default jobs;
//! - the ratio batch / floor in wall time (target: at most 1.3), and in CPU time (user +
//!   system: steadier when other work shares the machine);
//! - the batch's peak resident memory (`/usr/bin/time -f %M`, the child run itself).
//!
//! Each figure is the best of several alternating runs (7 for 1,000 files, 3 for 10,000)
//! after a warm-up, so the files are in the
//! page cache and the machine's noise counts least. It is a benchmark, not a test: `cargo
//! test` never runs it. Needs Linux (`/proc/self/stat`, `/usr/bin/time`).

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::cast_precision_loss
)]

#[path = "support/synth.rs"]
mod synth;

use ctpat::diagnostic::Source;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SEED: u64 = 42;
/// Corpus sizes and how many timed rounds each gets (more for the short one: noise weighs more).
const SIZES: [(u64, usize); 2] = [(1_000, 7), (10_000, 3)];

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

/// CPU time (user + system) this process has used so far, from `/proc/self/stat` (in clock
/// ticks of 1/100 s, Linux's `USER_HZ`).
fn own_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<u64> = after_name
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|f| f.parse().ok())
        .collect();
    Duration::from_millis(fields.iter().sum::<u64>() * 10)
}

/// A run's wall and CPU time.
#[derive(Clone, Copy)]
struct Run {
    wall: Duration,
    cpu: Duration,
}

impl Run {
    const NONE: Run = Run {
        wall: Duration::MAX,
        cpu: Duration::MAX,
    };

    fn best(self, other: Run) -> Run {
        Run {
            wall: self.wall.min(other.wall),
            cpu: self.cpu.min(other.cpu),
        }
    }
}

/// Lists, reads and parses every file: what any batch must at least do.
fn floor(dir: &Path) -> (Run, usize) {
    let cpu = own_cpu();
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
    let wall = start.elapsed();
    let cpu = own_cpu().saturating_sub(cpu);
    (Run { wall, cpu }, parsed)
}

/// Runs the real binary on `dir` under `/usr/bin/time`; returns its wall and CPU time and
/// its peak resident set in KiB.
fn batch(dir: &Path) -> (Run, u64) {
    let bin = env!("CARGO_BIN_EXE_ctpat");
    let mut cmd = Command::new("/usr/bin/time");
    cmd.args(["-f", "%M %U %S", bin])
        .arg("batch")
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
    let stderr = String::from_utf8_lossy(&out.stderr);
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
    let run = Run {
        wall: elapsed,
        cpu: Duration::from_secs_f64(figures[1] + figures[2]),
    };
    (run, rss)
}

fn rate(count: u64, d: Duration) -> f64 {
    count as f64 / d.as_secs_f64()
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn main() {
    let threads = rayon::current_num_threads();
    println!(
        "ctpat batch benchmark: synthetic importers (seed {SEED}), {threads} thread(s), best of 7 / 3 rounds"
    );
    println!(
        "{:>6} {:>8} | {:>24} {:>9} | {:>24} {:>9} | {:>10} {:>9} | {:>10}",
        "files",
        "KiB/file",
        "floor: list+read+parse",
        "CPU",
        "batch: whole run",
        "CPU",
        "wall ratio",
        "CPU ratio",
        "batch RSS"
    );
    for (count, rounds) in SIZES {
        let dir = corpus(count);
        let bytes: u64 = std::fs::read_dir(&dir)
            .expect("corpus")
            .map(|e| e.expect("entry").metadata().expect("metadata").len())
            .sum();
        // Warm-up: page cache, binary, allocator.
        let (_, parsed) = floor(&dir);
        assert_eq!(parsed as u64, count, "every synthetic file parses");
        let _ = batch(&dir);
        let mut best_floor = Run::NONE;
        let mut best_batch = Run::NONE;
        let mut peak = 0;
        for _ in 0..rounds {
            best_floor = best_floor.best(floor(&dir).0);
            let (run, rss) = batch(&dir);
            best_batch = best_batch.best(run);
            peak = peak.max(rss);
        }
        let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
        println!(
            "{:>6} {:>8} | {:>24} {:>9} | {:>24} {:>9} | {:>10.2} {:>9.2} | {:>10}",
            count,
            bytes / count / 1024,
            format!(
                "{:.0} files/s ({})",
                rate(count, best_floor.wall),
                secs(best_floor.wall)
            ),
            secs(best_floor.cpu),
            format!(
                "{:.0} files/s ({})",
                rate(count, best_batch.wall),
                secs(best_batch.wall)
            ),
            secs(best_batch.cpu),
            ratio(best_batch.wall, best_floor.wall),
            ratio(best_batch.cpu, best_floor.cpu),
            format!("{:.1} MiB", peak as f64 / 1024.0),
        );
    }
}
