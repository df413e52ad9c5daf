//! How fast `ctpat batch` scores a portfolio, measured against the YAML floor, and how much
//! memory it needs.
//!
//! ```sh
//! cargo bench --bench batch
//! ```
//!
//! For 1,000 and 10,000 synthetic importer answers files (about 22 KiB each, seed 42,
//! generated once under `target/tmp/`), it reports:
//! - the bare floor: the same files only listed, read and deserialized by serde-saphyr into
//!   plain structs of the answers format (no spans, no validation, no scoring): what any
//!   program reading these files with the same YAML library must at least pay;
//! - the floor: the same files listed, read and parsed by ctpat's own YAML layer
//!   (`ctpat::answers::parse`, spans included), in this process, on rayon's default pool (one
//!   thread per core);
//! - the batch: the real release binary, `ctpat batch DIR --quiet` with stdout to /dev/null
//!   (find, read, parse, validate, score, summary table; no per-client reports), default jobs;
//! - the ratios batch / bare floor and batch / floor in wall time (target: at most 1.1 over
//!   the bare floor), and in CPU time (user + system: steadier when other work shares the
//!   machine);
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
#[path = "support/timed.rs"]
mod timed;

use ctpat::diagnostic::Source;
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
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

/// The answers format as plain structs: what a program that only needs the data would read.
#[derive(Deserialize)]
#[allow(dead_code)]
struct BareAnswers {
    format: String,
    criteria_version: Option<String>,
    company: BareCompany,
    assessed_on: Option<String>,
    assessor: Option<String>,
    answers: BTreeMap<String, BareAnswer>,
    #[serde(default)]
    best_practices: Vec<BareBestPractice>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct BareCompany {
    name: String,
    entity: String,
    country: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct BareAnswer {
    status: Option<String>,
    #[serde(default)]
    evidence: Vec<String>,
    note: Option<String>,
    owner: Option<String>,
    due: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct BareBestPractice {
    title: String,
    criteria: Vec<String>,
    senior_management_support: bool,
    innovative: bool,
    documented: bool,
    verified: bool,
    checks_and_balances: bool,
    #[serde(default)]
    evidence: Vec<String>,
}

/// Lists and reads every file, then hands each one's bytes to `parse`; counts the files
/// `parse` accepted.
fn read_all(dir: &Path, parse: impl Fn(&Path, Vec<u8>) -> bool + Sync) -> (Run, usize) {
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
            parse(p, bytes)
        })
        .count();
    let wall = start.elapsed();
    let cpu = own_cpu().saturating_sub(cpu);
    (Run { wall, cpu }, parsed)
}

/// Lists, reads and deserializes every file into plain structs with serde-saphyr.
fn bare_floor(dir: &Path) -> (Run, usize) {
    read_all(dir, |_, bytes| {
        std::str::from_utf8(&bytes)
            .is_ok_and(|text| serde_saphyr::from_str::<BareAnswers>(text).is_ok())
    })
}

/// Lists, reads and parses every file with ctpat's YAML layer (spans included).
fn floor(dir: &Path) -> (Run, usize) {
    read_all(dir, |p, bytes| {
        ctpat::yaml::decode(&bytes).is_ok_and(|text| {
            ctpat::answers::parse(&Source::new(p.display().to_string(), text)).is_ok()
        })
    })
}

/// Runs the real binary on `dir` (see [`timed::batch`]); returns its run and its peak
/// resident set in KiB.
fn batch(dir: &Path) -> (Run, u64) {
    let (wall, cpu, rss) = timed::batch(dir);
    (Run { wall, cpu }, rss)
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
        "{:>6} {:>8} | {:>24} {:>9} | {:>24} {:>9} | {:>24} {:>9} | {:>14} {:>14} | {:>10}",
        "files",
        "KiB/file",
        "bare floor: plain serde",
        "CPU",
        "floor: ctpat's parse",
        "CPU",
        "batch: whole run",
        "CPU",
        "wall: /bare /fl",
        "CPU: /bare /fl",
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
        let (_, bare) = bare_floor(&dir);
        assert_eq!(
            bare as u64, count,
            "every synthetic file reads into plain structs"
        );
        let _ = batch(&dir);
        let mut best_bare = Run::NONE;
        let mut best_floor = Run::NONE;
        let mut best_batch = Run::NONE;
        let mut peak = 0;
        for _ in 0..rounds {
            best_bare = best_bare.best(bare_floor(&dir).0);
            best_floor = best_floor.best(floor(&dir).0);
            let (run, rss) = batch(&dir);
            best_batch = best_batch.best(run);
            peak = peak.max(rss);
        }
        let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
        println!(
            "{:>6} {:>8} | {:>24} {:>9} | {:>24} {:>9} | {:>24} {:>9} | {:>14} {:>14} | {:>10}",
            count,
            bytes / count / 1024,
            format!(
                "{:.0} files/s ({})",
                rate(count, best_bare.wall),
                secs(best_bare.wall)
            ),
            secs(best_bare.cpu),
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
            format!(
                "{:.2} {:.2}",
                ratio(best_batch.wall, best_bare.wall),
                ratio(best_batch.wall, best_floor.wall)
            ),
            format!(
                "{:.2} {:.2}",
                ratio(best_batch.cpu, best_bare.cpu),
                ratio(best_batch.cpu, best_floor.cpu)
            ),
            format!("{:.1} MiB", peak as f64 / 1024.0),
        );
    }
}
