//! The dependency bans of deny.toml, checked against Cargo.lock without cargo-deny.

use crate::support::root;

/// Crates ctpat must never depend on, directly or not (see deny.toml and STYLE.md).
const BANNED: [&str; 5] = ["serde_yaml", "serde_yml", "libyml", "noyalib", "atty"];

#[test]
fn no_banned_crate_is_in_the_lock_file() {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).expect("Cargo.lock");
    let names: Vec<&str> = lock
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .collect();
    assert!(
        names.contains(&"serde-saphyr"),
        "the lock file lists packages"
    );
    for banned in BANNED {
        assert!(!names.contains(&banned), "{banned} is banned (deny.toml)");
    }
    let deny = std::fs::read_to_string(root().join("deny.toml")).expect("deny.toml");
    for banned in BANNED {
        assert!(
            deny.contains(&format!("name = \"{banned}\"")),
            "deny.toml bans {banned}"
        );
    }
}
