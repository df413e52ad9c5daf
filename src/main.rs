//! The `ctpat` binary: parse arguments, run the command, report errors, exit.

use std::process::ExitCode;

fn main() -> ExitCode {
    match ctpat::cli::run(std::env::args_os()) {
        Ok(code) => code,
        Err(error) => ctpat::cli::report_error(&error),
    }
}
