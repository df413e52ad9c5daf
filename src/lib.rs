//! ctpat: self-assessment against the U.S. CBP C-TPAT Minimum Security Criteria.
//!
//! The core is pure: [`criteria`] loads and validates a catalog, [`answers`] loads a
//! company's answers against it, [`scoring`] turns both into an [`scoring::Assessment`]
//! with a tier recommendation and gaps, and [`report`] turns that into the report data and
//! its renderings (terminal, Markdown, HTML, JSON, CSV). Around them, still pure:
//! [`questionnaire`] (the interactive flow, behind a prompt trait), [`portfolio`] (batch
//! summaries), [`findings`] (`ctpat validate` output: human, JSON, SARIF, GitHub),
//! [`settings`] (flags, environment, config file and defaults stacked), [`template`] (the
//! answers template of `ctpat init`), [`coverage`] (how complete a criteria list is, in words), with [`yaml`] the one place YAML is parsed and
//! [`diagnostic`] the located problems every loader reports. Nothing in the core reads
//! files, the clock or the terminal; [`cli`] is the edge that does.

#![forbid(unsafe_code)]

pub mod answers;
pub mod calendar;
pub mod cli;
pub mod compare;
pub mod coverage;
pub mod criteria;
pub mod crosswalk;
pub mod diagnostic;
pub mod finance;
pub mod findings;
pub mod grading;
pub mod mapping;
pub mod messages;
pub mod partners;
pub mod portfolio;
pub mod questionnaire;
pub mod report;
pub mod scoring;
pub mod settings;
pub mod template;
pub mod text;
pub mod workbook;
pub mod yaml;
