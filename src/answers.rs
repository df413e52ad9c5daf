//! A company's answers (placeholder until the scoring issue lands).
