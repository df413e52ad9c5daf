//! README is the front door and docs/ the guide: every command the binary has is named in the
//! guide, and README's quick start is the exact command pair CI and a new user run.

use crate::support::root;
use clap::CommandFactory as _;

fn guide() -> String {
    let mut text = String::new();
    let mut pages: Vec<_> = std::fs::read_dir(root().join("docs"))
        .expect("docs/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    for page in pages {
        text.push_str(&std::fs::read_to_string(&page).expect("page"));
        text.push('\n');
    }
    text
}

/// Every command path, e.g. `ctpat criteria list`, without clap's own `help`.
fn command_paths(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
    for sub in cmd.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        let path = format!("{prefix} {}", sub.get_name());
        out.push(path.clone());
        command_paths(sub, &path, out);
    }
}

#[test]
fn the_guide_names_every_command() {
    let guide = guide();
    let mut paths = Vec::new();
    command_paths(&ctpat::cli::Cli::command(), "ctpat", &mut paths);
    assert!(paths.len() > 10, "{paths:?}");
    let missing: Vec<_> = paths
        .iter()
        .filter(|p| !guide.contains(p.as_str()))
        .collect();
    assert!(missing.is_empty(), "docs/ never names {missing:?}");
}

#[test]
fn readme_links_only_to_guide_pages_that_exist() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let mut links = 0;
    for (i, _) in readme.match_indices("](docs/") {
        let rest = &readme[i + 2..];
        let target = &rest[..rest.find(')').expect("closing parenthesis")];
        let file = target.split('#').next().expect("path");
        assert!(
            root().join(file).is_file(),
            "README links to missing {file}"
        );
        links += 1;
    }
    assert!(links >= 5, "README links to {links} guide pages");
}

#[test]
fn readme_quick_start_is_what_ci_runs() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let ci = std::fs::read_to_string(root().join(".ci/run")).expect(".ci/run");
    let test_command = "cargo test --locked";
    assert!(readme.contains(&format!("\n{test_command}\n")), "README");
    assert!(
        ci.lines().any(|l| l.trim() == test_command),
        ".ci/run does not run `{test_command}`"
    );
    assert!(readme.contains("cargo run --release --locked -- assess --answers examples/"));
}
