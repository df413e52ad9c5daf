//! End-to-end tests: run the real `ctpat` binary on fixtures and check stdout, stderr,
//! written files and exit codes. One test binary; one module per command.

mod assess;
mod batch;
mod compare;
mod config;
mod coverage;
mod criteria;
mod crosswalk;
mod docs;
mod docx;
mod i18n;
mod init;
mod interactive;
mod io_safety;
mod migrate;
mod partners;
mod polish;
mod promises;
mod qa;
mod report;
mod report_gacc;
mod report_time;
mod schema;
mod shell;
mod supply_chain;
mod support;
mod tailoring;
mod time;
mod validate;
mod workbook;
mod xlsx;
