//! Calendar strings as ctpat's files write them: dates `YYYY-MM-DD`, versions `YYYY.MM`.
//!
//! Files keep dates as validated strings (ISO dates order correctly as text); arithmetic
//! (evidence age, expiry, the as-of date) goes through [`Date`], `jiff`'s civil date, so no
//! calendar rule is written by hand. The rules themselves ("12 months") are catalog data.

/// A calendar date without time zone.
pub use jiff::civil::Date;

/// `s` (`YYYY-MM-DD`, or any shape [`normalize_date`] accepts) as a [`Date`].
#[must_use]
pub fn date(s: &str) -> Option<Date> {
    let iso = normalize_date(s)?;
    iso.parse().ok()
}

/// `date` moved by `months` calendar months (the day clamped to the month's last day, so
/// 2024-01-31 + 1 month is 2024-02-29). Saturates at the ends of jiff's range.
#[must_use]
pub fn add_months(date: Date, months: i32) -> Date {
    date.checked_add(jiff::Span::new().months(months))
        .unwrap_or(if months < 0 { Date::MIN } else { Date::MAX })
}

/// `date` moved by `days` days, saturating.
#[must_use]
pub fn add_days(date: Date, days: i32) -> Date {
    date.checked_add(jiff::Span::new().days(days))
        .unwrap_or(if days < 0 { Date::MIN } else { Date::MAX })
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
#[must_use]
pub fn days_between(from: Date, to: Date) -> i64 {
    from.until(to).map_or(0, |span| i64::from(span.get_days()))
}

/// Whether `s` is `YYYY.MM` with a month from 01 to 12.
#[must_use]
pub fn is_version(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7
        && b[4] == b'.'
        && digits(&b[..4])
        && digits(&b[5..])
        && matches!(s[5..].parse::<u8>(), Ok(1..=12))
}

/// Whether `s` is a real calendar date written `YYYY-MM-DD`.
#[must_use]
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    if !digits(&b[..4]) || !digits(&b[5..7]) || !digits(&b[8..]) {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (
        s[..4].parse::<u32>(),
        s[5..7].parse::<u32>(),
        s[8..].parse::<u32>(),
    ) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// A date as people type it, normalised to `YYYY-MM-DD`: `2027-03-31`, `2027-3-31`,
/// `2027/3/31`, `2027.3.31` and `2027年3月31日` (full-width digits too, surrounding spaces
/// ignored). `None` when it is not one of those shapes or not a real calendar date.
#[must_use]
pub fn normalize_date(s: &str) -> Option<String> {
    let ascii: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (u32::from(c) - u32::from('０')) as u8),
            '／' | '－' | '．' => '-',
            _ => c,
        })
        .collect();
    let body = ascii.strip_suffix('日').unwrap_or(&ascii);
    let parts: Vec<&str> = body.split(['-', '/', '.', '年', '月']).collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let well_formed = y.len() == 4
        && (1..=2).contains(&m.len())
        && (1..=2).contains(&d.len())
        && [y, m, d].iter().all(|p| digits(p.as_bytes()));
    if !well_formed {
        return None;
    }
    let iso = format!("{y}-{m:0>2}-{d:0>2}");
    is_date(&iso).then_some(iso)
}

fn digits(b: &[u8]) -> bool {
    b.iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_clamps_to_month_ends() {
        let d = date("2024-01-31").expect("a date");
        assert_eq!(add_months(d, 1).to_string(), "2024-02-29");
        assert_eq!(add_months(d, 12).to_string(), "2025-01-31");
        assert_eq!(add_days(d, 30).to_string(), "2024-03-01");
        assert_eq!(days_between(d, date("2024-03-01").expect("a date")), 30);
        assert_eq!(days_between(date("2024-03-01").expect("a date"), d), -30);
        assert_eq!(
            date("2027年3月31日").expect("a date").to_string(),
            "2027-03-31"
        );
        assert!(date("2027-02-30").is_none());
    }

    #[test]
    fn versions() {
        assert!(is_version("2023.01"));
        assert!(!is_version("2023.1"));
        assert!(!is_version("2023.13"));
        assert!(!is_version("2023.00"));
        assert!(!is_version("v2023.01"));
    }

    #[test]
    fn dates() {
        assert!(is_date("2024-02-29"));
        assert!(is_date("2026-11-20"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2023-2-01"));
        assert!(!is_date("2023-+2-01"));
        assert!(!is_date("2023-04-31"));
        assert!(!is_date("2023年4月1日"));
    }

    #[test]
    fn typed_dates_normalise_to_iso() {
        for typed in [
            "2027-03-31",
            "2027-3-31",
            "2027/3/31",
            "2027/03/31",
            "2027.3.31",
            "2027年3月31日",
            "２０２７年３月３１日",
            " 2027/3/31 ",
        ] {
            assert_eq!(
                normalize_date(typed).as_deref(),
                Some("2027-03-31"),
                "{typed}"
            );
        }
        for wrong in [
            "2027/2/30",
            "31/3/2027",
            "2027/3",
            "27/3/31",
            "2027-003-31",
            "next week",
            "",
        ] {
            assert_eq!(normalize_date(wrong), None, "{wrong}");
        }
    }
}
