//! Writes realistic synthetic answers files for trying or benchmarking `ctpat batch`.
//! (A Cargo example kept in tools/: examples/ holds only answers files.)
//!
//! ```sh
//! cargo run --release --example gen_answers -- --count 10000 --out /tmp/bench [--seed 42]
//! target/release/ctpat batch /tmp/bench --quiet
//! ```

#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../benches/support/synth.rs"]
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut count: u64 = 1000;
    let mut out: Option<PathBuf> = None;
    let mut seed: u64 = 42;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next();
        let ok = match (arg.as_str(), value) {
            ("--count", Some(v)) => v.parse().map(|n| count = n).is_ok(),
            ("--seed", Some(v)) => v.parse().map(|n| seed = n).is_ok(),
            ("--out", Some(v)) => {
                out = Some(PathBuf::from(v));
                true
            }
            _ => false,
        };
        if !ok {
            eprintln!("usage: gen_answers --count N --out DIR [--seed S]");
            return ExitCode::from(2);
        }
    }
    let Some(out) = out else {
        eprintln!("usage: gen_answers --count N --out DIR [--seed S]");
        return ExitCode::from(2);
    };
    match synth::write_corpus(&out, count, seed) {
        Ok(bytes) => {
            println!(
                "wrote {count} answers files ({} KiB on average) to {}",
                bytes / count.max(1) / 1024,
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write to {}: {e}", out.display());
            ExitCode::from(2)
        }
    }
}
