//! The only place ctpat reads the clock: today's date in the system's time zone, the
//! default of every `--as-of`. The core receives the date as an argument.

use crate::calendar::{self, Date};

/// Today's date where the user is (the system time zone; UTC when it cannot be read).
pub(crate) fn today() -> Date {
    jiff::Timestamp::now()
        .to_zoned_datetime(local_zone())
        .date()
}

/// The user's time zone: `TZ` when it names a zone (`Asia/Shanghai`, `:Asia/Shanghai`), read
/// from the system's zoneinfo files, else the system's own setting (`/etc/localtime`, a POSIX
/// `TZ` string, or Windows'). Reading the one file named is about a millisecond cheaper than
/// loading jiff's whole zone database at every start.
fn local_zone() -> jiff::tz::TimeZone {
    std::env::var("TZ")
        .ok()
        .and_then(|tz| named_zone(&tz))
        .unwrap_or_else(jiff::tz::TimeZone::system)
}

/// The zone a `TZ` value names, from the first zoneinfo folder that has it; `None` for a
/// value that is not a plain zone name (a POSIX rule, a path, `..`) or names no zone file.
fn named_zone(tz: &str) -> Option<jiff::tz::TimeZone> {
    /// Zone files are a few KiB; anything bigger is not one.
    const MAX_ZONE_FILE: u64 = 256 * 1024;
    let name = tz.trim_start_matches(':');
    let plain = !name.is_empty()
        && !name
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..")
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '+'));
    if !plain {
        return None;
    }
    [
        "/usr/share/zoneinfo",
        "/usr/lib/zoneinfo",
        "/usr/share/lib/zoneinfo",
    ]
    .into_iter()
    .map(|dir| std::path::Path::new(dir).join(name))
    .filter(|path| std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() <= MAX_ZONE_FILE))
    .find_map(|path| {
        let bytes = std::fs::read(path).ok()?;
        jiff::tz::TimeZone::tzif(name, &bytes).ok()
    })
}

/// Parses an `--as-of` value: `YYYY-MM-DD` (or `2027/3/31`, `2027年3月31日`).
pub(crate) fn parse_as_of(s: &str) -> Result<Date, String> {
    calendar::date(s)
        .ok_or_else(|| format!("`{s}` is not a date; write it YYYY-MM-DD, e.g. 2026-11-30"))
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

    #[test]
    fn a_named_zone_is_read_from_its_file_and_nothing_else_is() {
        // Only where the zone files are installed (every Linux CI image here has them).
        if std::path::Path::new("/usr/share/zoneinfo/Asia/Shanghai").is_file() {
            let eight = jiff::tz::Offset::from_hours(8).expect("an offset");
            for tz in ["Asia/Shanghai", ":Asia/Shanghai"] {
                let zone = named_zone(tz).expect("a zone");
                assert_eq!(
                    jiff::Timestamp::now().to_zoned_datetime(zone).offset(),
                    eight
                );
            }
        }
        for not_a_name in [
            "",
            "CST-8",
            "/etc/passwd",
            "../../etc/passwd",
            "Asia//X",
            "No/Such_Zone",
        ] {
            assert!(named_zone(not_a_name).is_none(), "{not_a_name}");
        }
    }
}
