//! The only place ctpat reads the clock: today's date in the system's time zone, the
//! default of every `--as-of`. The core receives the date as an argument.

use crate::calendar::{self, Date};

/// Today's date where the user is (the system time zone; UTC when it cannot be read).
pub(crate) fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}

/// Parses an `--as-of` value: `YYYY-MM-DD` (or `2027/3/31`, `2027年3月31日`).
pub(crate) fn parse_as_of(s: &str) -> Result<Date, String> {
    calendar::date(s)
        .ok_or_else(|| format!("`{s}` is not a date; write it YYYY-MM-DD, e.g. 2026-11-30"))
}

/// The as-of date a command runs at: the one given, or today.
pub(crate) fn as_of(given: Option<Date>) -> Date {
    given.unwrap_or_else(today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_of_accepts_typed_dates_and_refuses_others() {
        assert_eq!(
            parse_as_of("2027/3/31").expect("a date").to_string(),
            "2027-03-31"
        );
        assert!(parse_as_of("2027-02-30").is_err());
        assert!(parse_as_of("tomorrow").is_err());
        assert!(calendar::is_date(&today().to_string()));
    }
}
