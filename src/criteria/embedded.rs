//! The catalogs shipped inside the binary, so ctpat works with no files beside it.

/// Shipped catalogs as (version, file name, text): the C-TPAT MSC versions oldest first (the
/// last of them is the default), then other programmes' catalogs (China Customs' AEO
/// standards), which are only used when named.
pub const CATALOGS: &[(&str, &str, &str)] = &[
    (
        "2020.03",
        "criteria/2020.03.yaml",
        include_str!("../../criteria/2020.03.yaml"),
    ),
    (
        "2023.01",
        "criteria/2023.01.yaml",
        include_str!("../../criteria/2023.01.yaml"),
    ),
    (
        "gacc-aeo-2026-advanced",
        "criteria/gacc-aeo-2026-advanced.yaml",
        include_str!("../../criteria/gacc-aeo-2026-advanced.yaml"),
    ),
    (
        "gacc-aeo-2026-certified",
        "criteria/gacc-aeo-2026-certified.yaml",
        include_str!("../../criteria/gacc-aeo-2026-certified.yaml"),
    ),
];

/// How many of [`CATALOGS`] (the first ones) are versions of the C-TPAT MSC.
const MSC_COUNT: usize = 2;

/// The shipped catalogs in their compiled form, as (version, validated catalog as JSON), in
/// the order of [`CATALOGS`]. The test `compiled_catalogs_match_the_yaml` generates them from
/// the YAML through the full loader (`CTPAT_BLESS=1 cargo test --lib compiled`) and fails when
/// one is stale, so the YAML stays the reviewed source of truth, every check of it runs before
/// a release, and a run only deserializes data already known to be valid.
const COMPILED: &[(&str, &str)] = &[
    (
        "2020.03",
        include_str!("../../criteria/compiled/2020.03.json"),
    ),
    (
        "2023.01",
        include_str!("../../criteria/compiled/2023.01.json"),
    ),
    (
        "gacc-aeo-2026-advanced",
        include_str!("../../criteria/compiled/gacc-aeo-2026-advanced.json"),
    ),
    (
        "gacc-aeo-2026-certified",
        include_str!("../../criteria/compiled/gacc-aeo-2026-certified.json"),
    ),
];

/// The SHA-256 (lower-case hex) of each shipped catalog's YAML bytes, in the order of
/// [`CATALOGS`], kept beside the compiled forms and checked by the same test, so a report's
/// manifest names the embedded catalog without hashing 160 KB on every run.
const SHA256: &[&str] = &[
    include_str!("../../criteria/compiled/2020.03.sha256"),
    include_str!("../../criteria/compiled/2023.01.sha256"),
    include_str!("../../criteria/compiled/gacc-aeo-2026-advanced.sha256"),
    include_str!("../../criteria/compiled/gacc-aeo-2026-certified.sha256"),
];

/// The SHA-256 of `bytes` when they are exactly a shipped catalog's text.
#[must_use]
pub fn known_sha256(bytes: &[u8]) -> Option<&'static str> {
    CATALOGS
        .iter()
        .zip(SHA256)
        .find(|((_, _, text), _)| text.as_bytes() == bytes)
        .map(|(_, hash)| hash.trim_end())
}

/// Shipped version `version`, validated, from its compiled form (falling back to loading the
/// YAML, which a test guarantees never happens for a shipped build).
///
/// # Errors
/// When the version is not shipped (`None`), or, were the compiled form unusable, the YAML's
/// own problems.
pub fn catalog(version: &str) -> Option<Result<super::Catalog, crate::diagnostic::Invalid>> {
    let (name, text) = get(version)?;
    let compiled = COMPILED.iter().find(|c| c.0 == version).map(|c| c.1);
    if let Some(Ok(mut catalog)) = compiled.map(serde_json::from_str::<super::Catalog>) {
        // The hash of the YAML bytes is kept beside the compiled form, not inside it.
        catalog.sha256 = super::sha256(text.as_bytes());
        return Some(Ok(catalog));
    }
    let source = crate::diagnostic::Source::new(format!("<embedded {name}>"), text);
    Some(super::load(&source).map(|loaded| loaded.value))
}

/// The default version: the newest shipped version of the C-TPAT MSC.
#[must_use]
pub fn default_version() -> &'static str {
    CATALOGS[..MSC_COUNT].last().map_or("", |c| c.0)
}

/// The shipped versions: the C-TPAT MSC ones oldest first, then other programmes'.
#[must_use]
pub fn versions() -> Vec<&'static str> {
    CATALOGS.iter().map(|c| c.0).collect()
}

/// The shipped versions of the C-TPAT MSC, oldest first.
#[must_use]
pub fn msc_versions() -> Vec<&'static str> {
    CATALOGS[..MSC_COUNT].iter().map(|c| c.0).collect()
}

/// The file name and text of shipped version `version`.
#[must_use]
pub fn get(version: &str) -> Option<(&'static str, &'static str)> {
    CATALOGS.iter().find(|c| c.0 == version).map(|c| (c.1, c.2))
}

/// Shipped version `version`, loaded once per test process (unit tests share it).
///
/// # Panics
/// When `version` is not shipped or does not load: a broken shipped catalog fails every test.
#[cfg(test)]
pub(crate) fn loaded(version: &str) -> &'static super::Catalog {
    use std::sync::OnceLock;
    static LOADED: OnceLock<Vec<(&'static str, super::Catalog)>> = OnceLock::new();
    let all = LOADED.get_or_init(|| {
        CATALOGS
            .iter()
            .map(|(v, name, text)| {
                let source = crate::diagnostic::Source::new(*name, *text);
                let catalog = super::load(&source)
                    .unwrap_or_else(|e| panic!("shipped catalog {name} is invalid: {e:?}"))
                    .value;
                (*v, catalog)
            })
            .collect()
    });
    all.iter()
        .find(|(v, _)| *v == version)
        .map(|(_, c)| c)
        .unwrap_or_else(|| panic!("criteria version {version} is not shipped"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_catalogs_match_the_yaml() {
        let bless = std::env::var_os("CTPAT_BLESS").is_some_and(|v| v == "1");
        assert_eq!(
            CATALOGS.iter().map(|c| c.0).collect::<Vec<_>>(),
            COMPILED.iter().map(|c| c.0).collect::<Vec<_>>(),
            "every shipped catalog has a compiled form, in the same order"
        );
        for ((version, name, text), (_, compiled)) in CATALOGS.iter().zip(COMPILED) {
            let source = crate::diagnostic::Source::new(*name, *text);
            let loaded = super::super::load(&source)
                .unwrap_or_else(|e| panic!("shipped catalog {name} is invalid: {e:?}"));
            assert!(
                loaded.warnings.is_empty(),
                "{name} loads with warnings: {:?}",
                loaded.warnings
            );
            let mut catalog = loaded.value;
            let json = serde_json::to_string(&catalog).expect("JSON") + "\n";
            let hash = crate::report::sha256_hex(text.as_bytes()) + "\n";
            let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("criteria/compiled");
            let index = CATALOGS
                .iter()
                .position(|c| c.0 == *version)
                .expect("listed");
            for (path, fresh, committed) in [
                (folder.join(format!("{version}.json")), &json, *compiled),
                (
                    folder.join(format!("{version}.sha256")),
                    &hash,
                    SHA256[index],
                ),
            ] {
                if bless {
                    std::fs::write(&path, fresh).expect("write the compiled form");
                } else {
                    assert!(
                        *fresh == committed,
                        "{} is stale: run `CTPAT_BLESS=1 cargo test --lib compiled`",
                        path.display()
                    );
                }
            }
            if !bless {
                assert_eq!(known_sha256(text.as_bytes()), Some(hash.trim_end()));
            }
            // What a run reads back is exactly what the loader built (but for the source
            // locations, which only the checks of the YAML itself use).
            for criterion in &mut catalog.criteria {
                criterion.location = None;
            }
            let mut read: super::super::Catalog = serde_json::from_str(&json).expect("reads back");
            // The catalog's hash is not in its JSON: catalog() takes it from the .sha256 file
            // (through criteria::sha256, as the loader does; a blessing run still sees the
            // committed one, rebuilt with the file it writes).
            if !bless {
                assert_eq!(catalog.sha256, hash.trim_end(), "{name}");
            }
            assert_eq!(read.sha256, "", "{name}");
            read.sha256.clone_from(&catalog.sha256);
            assert_eq!(read, catalog, "{name}");
            let from_binary = catalog_for_test(version);
            assert_eq!(
                from_binary, catalog,
                "{name}: catalog() gives the compiled form"
            );
        }
    }

    fn catalog_for_test(version: &str) -> super::super::Catalog {
        let mut c = catalog(version).expect("shipped").expect("loads");
        for criterion in &mut c.criteria {
            criterion.location = None;
        }
        c
    }

    #[test]
    fn an_unshipped_version_has_no_catalog() {
        assert!(catalog("1999.01").is_none());
    }

    /// One way of knowing a catalog's hash: what a workbook is checked against
    /// (`Catalog::sha256`) is what a report's manifest names (`criteria::sha256`), for a
    /// shipped catalog and for any other file.
    #[test]
    fn a_catalogs_hash_is_the_one_its_report_names() {
        for (version, name, text) in CATALOGS {
            let shipped = catalog(version).expect("shipped").expect("loads");
            assert_eq!(
                Some(shipped.sha256.as_str()),
                known_sha256(text.as_bytes()),
                "{name}"
            );
            assert_eq!(shipped.sha256, super::super::sha256(text.as_bytes()));
            // The same bytes under another name are the same catalog.
            let source = crate::diagnostic::Source::new("copy.yaml", *text);
            let loaded = super::super::load(&source).expect("loads").value;
            assert_eq!(loaded.sha256, shipped.sha256, "{name}");
            // A file of its own is hashed as it is.
            let edited = format!("{text}# edited\n");
            let source = crate::diagnostic::Source::new("edited.yaml", edited.as_str());
            let loaded = super::super::load(&source).expect("loads").value;
            assert_eq!(
                loaded.sha256,
                crate::report::sha256_hex(edited.as_bytes()),
                "{name}"
            );
            assert_eq!(loaded.sha256, super::super::sha256(edited.as_bytes()));
        }
    }

    #[test]
    fn a_catalog_one_byte_off_has_no_known_hash() {
        let (_, _, text) = CATALOGS[CATALOGS.len() - 1];
        let mut bytes = text.as_bytes().to_vec();
        bytes.push(b'\n');
        assert_eq!(known_sha256(&bytes), None);
    }
}
