//! Scoring (placeholder until the scoring issue lands).
