//! How fast `ctpat batch` scores filled questionnaire workbooks, against the same answers as
//! YAML files, and how much memory it needs.
//!
//! ```sh
//! cargo bench --bench workbooks
//! ```
//!
//! Two folders of 1,000 files each, made once under `target/tmp/`: copies of
//! `tests/fixtures/workbook/libreoffice.xlsx` (a factory's filled questionnaire, 92 answers
//! with evidence, notes, owners and due dates, as LibreOffice saves it: about 31 KB) and
//! copies of `examples/foreign-manufacturer-cn.yaml`, the same answers in YAML (the
//! workbook's report is identical but for its hash: tests/cli/workbook.rs checks it). For
//! each it runs the real release binary, `ctpat batch DIR --quiet` with stdout to
//! /dev/null, under `/usr/bin/time`, and reports files per second (wall), CPU time and the
//! peak resident memory, best of 5 alternating rounds after a warm-up. A benchmark, not a
//! test: `cargo test` never runs it. Needs Linux (`/usr/bin/time`).

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::cast_precision_loss
)]

#[path = "support/timed.rs"]
mod timed;

use std::path::{Path, PathBuf};
use std::time::Duration;
use timed::batch;

const FILES: usize = 1_000;
const ROUNDS: usize = 5;

/// A folder of `FILES` copies of `source` (relative to the repository root), made once.
fn corpus(name: &str, source: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(root.join(source)).expect("read the source file");
    let extension = Path::new(source)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("yaml");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("ctpat-workbook-bench")
        .join(name);
    let last = dir.join(format!("client-{:04}.{extension}", FILES - 1));
    if std::fs::read(&last).ok().as_deref() != Some(bytes.as_slice()) {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("corpus folder");
        for i in 0..FILES {
            std::fs::write(dir.join(format!("client-{i:04}.{extension}")), &bytes)
                .expect("write a corpus file");
        }
    }
    dir
}

fn main() {
    let kinds = [
        (
            "xlsx",
            corpus("xlsx", "tests/fixtures/workbook/libreoffice.xlsx"),
        ),
        (
            "yaml",
            corpus("yaml", "examples/foreign-manufacturer-cn.yaml"),
        ),
    ];
    for (_, dir) in &kinds {
        let _ = batch(dir);
    }
    let mut best = [(Duration::MAX, Duration::MAX, 0u64); 2];
    for _ in 0..ROUNDS {
        for (i, (_, dir)) in kinds.iter().enumerate() {
            let (wall, cpu, rss) = batch(dir);
            best[i] = (best[i].0.min(wall), best[i].1.min(cpu), best[i].2.max(rss));
        }
    }
    println!("ctpat batch over {FILES} files of the same answers, best of {ROUNDS} rounds");
    println!(
        "{:>5} | {:>26} | {:>8} | {:>10}",
        "kind", "wall", "CPU", "peak RSS"
    );
    for ((kind, _), (wall, cpu, rss)) in kinds.iter().zip(best) {
        println!(
            "{:>5} | {:>26} | {:>8} | {:>10}",
            kind,
            format!(
                "{:.0} files/s ({:.2} s)",
                FILES as f64 / wall.as_secs_f64(),
                wall.as_secs_f64()
            ),
            format!("{:.2} s", cpu.as_secs_f64()),
            format!("{:.1} MiB", rss as f64 / 1024.0),
        );
    }
    println!(
        "xlsx / yaml: {:.2}x the wall time, {:.2}x the CPU time",
        best[0].0.as_secs_f64() / best[1].0.as_secs_f64(),
        best[0].1.as_secs_f64() / best[1].1.as_secs_f64()
    );
}
