//! The catalogs shipped inside the binary, so ctpat works with no files beside it.

/// Shipped catalogs as (version, file name, text), oldest first; the last is the default.
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
];

/// The default version: the newest shipped.
#[must_use]
pub fn default_version() -> &'static str {
    CATALOGS.last().map_or("", |c| c.0)
}

/// The shipped versions, oldest first.
#[must_use]
pub fn versions() -> Vec<&'static str> {
    CATALOGS.iter().map(|c| c.0).collect()
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
