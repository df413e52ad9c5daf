//! ctpat: self-assessment against the U.S. CBP C-TPAT Minimum Security Criteria.
//!
//! The core is pure: [`criteria`] loads and validates a catalog, [`answers`] loads a
//! company's answers against it, [`scoring`] turns both into an [`scoring::Assessment`]
//! with a tier recommendation and gaps. Nothing in the core reads files, the clock or the
//! terminal; [`cli`] is the edge that does. [`settings`] stacks flags, environment, the config
//! file and defaults; [`template`] writes the answers template `ctpat init` hands out.

#![forbid(unsafe_code)]

pub mod answers;
pub mod calendar;
pub mod cli;
pub mod criteria;
pub mod diagnostic;
pub mod findings;
pub mod messages;
pub mod portfolio;
pub mod questionnaire;
pub mod report;
pub mod scoring;
pub mod settings;
pub mod template;
pub mod text;
pub mod yaml;
