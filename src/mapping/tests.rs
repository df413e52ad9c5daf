use super::*;
use crate::answers::{Company, CompanyDetails, Kept};
use crate::criteria::{embedded, Entity, Requirement};
use crate::diagnostic::assert_translated;
use crate::scoring::assess;
use proptest::prelude::*;

fn v2020() -> &'static Catalog {
    embedded::loaded("2020.03")
}

fn v2023() -> &'static Catalog {
    embedded::loaded("2023.01")
}

fn id(s: &str) -> CriterionId {
    s.parse().expect("valid id")
}

fn day() -> Date {
    crate::calendar::date("2026-11-30").expect("a date")
}

const SHA: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

fn answer(status: Status, note: Option<&str>) -> Answer {
    Answer {
        status,
        evidence: vec![format!("{status:?} record").into()],
        note: note.map(str::to_string),
        owner: None,
        due: None,
    }
}

fn company(entity: Entity, answers: BTreeMap<CriterionId, Answer>) -> Answers {
    Answers {
        criteria_version: Some("2020.03".into()),
        company: Company {
            name: "Acme".into(),
            entity,
            country: None,
            details: CompanyDetails::default(),
        },
        assessed_on: None,
        assessor: None,
        answers,
        best_practices: Vec::new(),
        waivers: Vec::new(),
        kept: Kept::default(),
        financials: None,
    }
}

fn mapping_text(rows: &str) -> String {
    format!(
        "format: ctpat-mapping/1\nfrom: {{ programme: ctpat-msc, version: \"2020.03\" }}\n\
         to: {{ programme: ctpat-msc, version: \"2023.01\" }}\nrows:{}",
        if rows.is_empty() {
            " []\n".to_string()
        } else {
            format!("\n{rows}")
        }
    )
}

fn loaded(rows: &str) -> Mapping {
    let source = Source::new("m.yaml", mapping_text(rows));
    load(&source, v2020(), v2023())
        .unwrap_or_else(|e| panic!("{:?}", e.diagnostics))
        .value
}

fn relation_of<'a>(m: &'a Mapping, from: &str) -> Vec<&'a Row> {
    m.rows
        .iter()
        .filter(|r| r.from.as_deref() == Some(from))
        .collect()
}

#[test]
fn relations_are_read_as_written_and_serialize_the_same() {
    for (r, id) in Relation::ALL.into_iter().zip(Relation::IDS) {
        assert_eq!(r.id(), id);
        assert_eq!(Relation::parse(id), Some(r));
        assert_eq!(serde_json::to_value(r).expect("JSON"), id);
    }
    assert_eq!(Relation::parse("Equal"), None);
}

#[test]
fn the_shipped_mapping_loads_against_the_shipped_catalogs() {
    let (name, text) = shipped("2020.03", "2023.01").expect("shipped");
    let loaded = load(&Source::new(name, text), v2020(), v2023())
        .unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let m = between(v2020(), v2023(), None).expect("between");
    let rows = relation_of(&m, "3.9");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].relation, Relation::Changed);
    assert_eq!(rows[0].state, State::Reviewed);
    assert_eq!(m.overrides, [name]);
    // Every old criterion has exactly one row; nothing else changed between the versions.
    for c in &v2020().criteria {
        let rows = relation_of(&m, &c.id.to_string());
        assert_eq!(rows.len(), 1, "{}", c.id);
        if c.id != id("3.9") {
            assert_eq!(rows[0].relation, Relation::Equal, "{}", c.id);
        }
    }
}

/// The compiled forms of the shipped mappings are the YAML through the full loader;
/// `CTPAT_BLESS=1 cargo test --lib compiled` rewrites them.
#[test]
fn compiled_mappings_match_the_yaml() {
    let bless = std::env::var_os("CTPAT_BLESS").is_some_and(|v| v == "1");
    for (from, to, name, text, compiled) in SHIPPED {
        let old = embedded::loaded(from);
        let new = embedded::loaded(to);
        let loaded = load(&Source::new(*name, *text), old, new)
            .unwrap_or_else(|e| panic!("{name} is invalid: {:?}", e.diagnostics));
        assert!(loaded.warnings.is_empty(), "{name}: {:?}", loaded.warnings);
        let json = serde_json::to_string(&loaded.value).expect("JSON") + "\n";
        let stem = name
            .trim_start_matches("criteria/mappings/")
            .trim_end_matches(".yaml");
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("criteria/compiled/mappings/{stem}.json"));
        if bless {
            std::fs::write(&path, &json).expect("write the compiled form");
        } else {
            assert!(
                json == *compiled,
                "{} is stale: run `CTPAT_BLESS=1 cargo test --lib compiled`",
                path.display()
            );
            let (read, _) = shipped_mapping(from, to).expect("listed").expect("reads");
            // The same rows (where each was written is not compiled).
            let as_json = |m: &Mapping| serde_json::to_value(m).expect("JSON");
            assert_eq!(as_json(&read), as_json(&loaded.value));
        }
    }
}

#[test]
fn derive_reads_equal_changed_removed_and_added_off_the_catalogs() {
    let old = v2020().clone();
    let mut new = v2020().clone();
    // 1.2 removed, a new 1.99 added, 1.3's question reworded, 1.4 turned Should/Must.
    new.criteria.retain(|c| c.id != id("1.2"));
    let mut added = new.criteria[0].clone();
    added.id = id("1.99");
    let at = new
        .criteria
        .iter()
        .position(|c| c.id.category > 1)
        .unwrap_or(0);
    new.criteria.insert(at, added);
    for c in &mut new.criteria {
        if c.id == id("1.3") {
            c.question.en.push_str(" (reworded)");
        }
        if c.id == id("1.4") {
            c.requirement = match c.requirement {
                Requirement::Must => Requirement::Should,
                Requirement::Should => Requirement::Must,
            };
        }
    }
    let m = derive(&old, &new);
    let rel = |from: &str| relation_of(&m, from)[0].relation;
    assert_eq!(rel("1.1"), Relation::Equal);
    assert_eq!(rel("1.2"), Relation::Removed);
    assert_eq!(rel("1.3"), Relation::Changed);
    assert_eq!(rel("1.4"), Relation::Changed);
    let added: Vec<&Row> = m
        .rows
        .iter()
        .filter(|r| r.relation == Relation::Added)
        .collect();
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].to.as_deref(), Some("1.99"));
    assert!(m.rows.iter().all(|r| r.state == State::Draft));
    // The same catalog on both sides: every row equal.
    let same = derive(v2023(), v2023());
    assert!(same.rows.iter().all(|r| r.relation == Relation::Equal));
}

#[test]
fn a_file_overrides_the_derived_rows_for_the_ids_it_names_only() {
    let file = loaded(
        "  - { from: \"1.1\", to: \"1.1\", relation: split }\n  - { from: \"1.1\", to: \"1.2\", relation: split }\n  - { from: \"2.1\", relation: removed }\n",
    );
    let m = overlay(derive(v2020(), v2023()), &file, "m.yaml");
    assert_eq!(relation_of(&m, "1.1").len(), 2);
    assert!(relation_of(&m, "1.1")
        .iter()
        .all(|r| r.relation == Relation::Split));
    assert_eq!(relation_of(&m, "2.1")[0].relation, Relation::Removed);
    // Old 1.2 lost its derived row (its successor is named by the file): no row, so removed.
    assert!(relation_of(&m, "1.2").is_empty());
    // Untouched ids keep the derived row.
    assert_eq!(relation_of(&m, "1.3")[0].relation, Relation::Equal);
    assert_eq!(m.overrides, ["m.yaml"]);
}

#[test]
fn migrate_carries_reviews_splits_merges_and_keeps_removed_answers() {
    let mut given = BTreeMap::new();
    given.insert(id("1.1"), answer(Status::Implemented, None));
    given.insert(id("1.3"), answer(Status::Implemented, Some("audit")));
    given.insert(id("1.4"), answer(Status::Partial, Some("contacts")));
    given.insert(id("2.1"), answer(Status::Partial, None));
    given.insert(id("2.2"), answer(Status::NotImplemented, None));
    given.insert(id("3.9"), answer(Status::Implemented, None));
    let mut answers = company(Entity::Importer, given);
    answers.kept.drafts.insert(
        id("4.1"),
        Draft {
            note: Some("policy in draft".into()),
            ..Draft::default()
        },
    );
    let file = loaded(concat!(
        "  - { from: \"1.1\", to: \"1.1\", relation: split }\n",
        "  - { from: \"1.1\", to: \"1.2\", relation: split }\n",
        "  - { from: \"1.3\", to: \"1.3\", relation: merged }\n",
        "  - { from: \"1.4\", to: \"1.3\", relation: merged }\n",
        "  - { from: \"2.1\", relation: removed }\n",
        "  - { to: \"2.2\", relation: added }\n",
    ));
    let mapping = between(v2020(), v2023(), Some((&file, "m.yaml"))).expect("between");
    let m = migrate(&answers, v2020(), v2023(), &mapping, day(), SHA);
    let a = &m.answers;
    assert_eq!(a.criteria_version.as_deref(), Some("2023.01"));
    // Split: both new items get 1.1's answer, to review.
    assert_eq!(a.answers[&id("1.1")].status, Status::Implemented);
    assert_eq!(a.answers[&id("1.2")].status, Status::Implemented);
    // Merged: the weakest answer, evidence of both, both notes; the sources kept.
    let merged = &a.answers[&id("1.3")];
    assert_eq!(merged.status, Status::Partial);
    assert_eq!(merged.evidence.len(), 2);
    assert_eq!(merged.note.as_deref(), Some("audit\ncontacts"));
    // 3.9 became a Must: carried, to review.
    assert_eq!(a.answers[&id("3.9")].status, Status::Implemented);
    // Removed 2.1, and 1.4 and 2.2 whose rows the file replaced with nothing: kept.
    let from = a.kept.migrated_from.as_ref().expect("migrated_from");
    assert_eq!(from.criteria_version, "2020.03");
    assert_eq!(from.sha256, SHA);
    assert_eq!(from.migrated_on, "2026-11-30");
    let kept: Vec<&str> = from.answers.keys().map(String::as_str).collect();
    assert_eq!(kept, ["1.3", "1.4", "2.1", "2.2"]);
    assert_eq!(from.answers["2.1"].status, Some(Status::Partial));
    // The draft carried as a draft.
    assert!(a.kept.drafts.contains_key(&id("4.1")));
    let review: Vec<String> = a.kept.review.iter().map(ToString::to_string).collect();
    assert_eq!(review, ["1.1", "1.2", "1.3", "3.9"]);
    let ids = |v: &[CriterionId]| v.iter().map(ToString::to_string).collect::<Vec<_>>();
    assert_eq!(ids(&m.plan.review), ["1.1", "1.2", "1.3", "3.9"]);
    assert_eq!(ids(&m.plan.removed), ["2.1", "2.2"]);
    // New 1.4, 2.1 and 2.2 have no row into them any more: new, unanswered.
    assert_eq!(ids(&m.plan.new), ["1.4", "2.1", "2.2"]);
    assert!(m.plan.carried.contains(&id("4.1")));
    assert!(!m.plan.carried.contains(&id("1.4")));
    // What it writes loads back at the new version as it is.
    let text = crate::answers::to_yaml(a, None);
    let back = crate::answers::parse(&Source::new("m.yaml", text.clone()))
        .and_then(|p| p.validate(v2023()))
        .unwrap_or_else(|e| panic!("{:?}\n{text}", e.diagnostics))
        .value;
    assert_eq!(&back, a);
}

#[test]
fn waivers_follow_their_criteria_and_those_not_carried_unchanged_are_kept() {
    let waiver = |id: &str, expires: Option<&str>| crate::answers::Waiver {
        criterion: id.parse().expect("id"),
        justification: "accepted".into(),
        approved_by: None,
        approved_on: None,
        expires: expires.map(str::to_string),
        compensating_controls: Vec::new(),
        evidence: Vec::new(),
    };
    let mut answers = company(Entity::Importer, BTreeMap::new());
    // 1.1 is equal; 3.9 became a Must: without `expires` it cannot be carried.
    answers.waivers = vec![waiver("1.1", None), waiver("3.9", None)];
    let mapping = between(v2020(), v2023(), None).expect("between");
    let m = migrate(&answers, v2020(), v2023(), &mapping, day(), SHA);
    assert_eq!(m.answers.waivers, vec![waiver("1.1", None)]);
    let kept = &m
        .answers
        .kept
        .migrated_from
        .as_ref()
        .expect("block")
        .waivers;
    assert_eq!(kept, &vec![waiver("3.9", None)]);
    // With an expiry it is carried, and kept as well (its criterion changed).
    answers.waivers = vec![waiver("3.9", Some("2027-06-30"))];
    let m = migrate(&answers, v2020(), v2023(), &mapping, day(), SHA);
    assert_eq!(m.answers.waivers, answers.waivers);
    let kept = &m
        .answers
        .kept
        .migrated_from
        .as_ref()
        .expect("block")
        .waivers;
    assert_eq!(kept, &answers.waivers);
    // Either way the file loads back at 2023.01 as it was.
    let text = crate::answers::to_yaml(&m.answers, None);
    let back = crate::answers::parse(&Source::new("m.yaml", text.clone()))
        .and_then(|p| p.validate(v2023()))
        .unwrap_or_else(|e| panic!("{:?}\n{text}", e.diagnostics))
        .value;
    assert_eq!(back, m.answers);
}

#[test]
fn a_not_applicable_that_became_a_must_without_a_note_arrives_as_a_draft_to_review() {
    let mut given = BTreeMap::new();
    given.insert(id("3.9"), answer(Status::NotApplicable, None));
    let mut answers = company(Entity::Importer, given);
    let mapping = between(v2020(), v2023(), None).expect("between");
    let m = migrate(&answers, v2020(), v2023(), &mapping, day(), SHA);
    assert!(!m.answers.answers.contains_key(&id("3.9")));
    assert!(m.answers.kept.drafts.contains_key(&id("3.9")));
    assert!(m.answers.kept.review.contains(&id("3.9")));
    assert_eq!(m.plan.review, [id("3.9")]);
    let from = m.answers.kept.migrated_from.clone().expect("kept");
    assert_eq!(from.answers["3.9"].status, Some(Status::NotApplicable));
    // Regression: with no evidence either, the empty draft was dropped with its flag, and
    // the plan called 3.9 new. The empty draft now holds `review: true` through a rewrite.
    answers
        .answers
        .get_mut(&id("3.9"))
        .expect("3.9")
        .evidence
        .clear();
    let m = migrate(&answers, v2020(), v2023(), &mapping, day(), SHA);
    assert_eq!(m.plan.review, [id("3.9")]);
    assert!(m.plan.new.is_empty());
    let text = crate::answers::to_yaml(&m.answers, None);
    assert!(
        text.contains("  \"3.9\":\n    status:\n    review: true\n"),
        "{text}"
    );
    let back = crate::answers::parse(&Source::new("m.yaml", text.clone()))
        .and_then(|p| p.validate(v2023()))
        .unwrap_or_else(|e| panic!("{:?}\n{text}", e.diagnostics))
        .value;
    assert_eq!(back, m.answers);
}

#[test]
fn mapping_files_with_problems_say_where_in_both_languages() {
    let cases: [(&str, &str); 12] = [
        ("format: ctpat-answers/1\ncompany: {}\n", "mapping-wrong-format"),
        ("  - { from: \"1.1\", to: \"1.1\", relation: equals }\n", "mapping-unknown-relation"),
        ("  - { from: \"1.1\", to: \"1.1\", relation: removed }\n", "mapping-removed-has-to"),
        ("  - { from: \"1.1\", to: \"1.1\", relation: added }\n", "mapping-added-has-from"),
        ("  - { from: \"1.1\", relation: equal }\n", "mapping-row-incomplete"),
        ("  - { from: \"1.1\", to: \"1.1\", relation: equal, state: done }\n", "mapping-unknown-state"),
        ("  - { from: \"one\", to: \"1.1\", relation: equal }\n", "mapping-bad-id"),
        ("  - { from: \"1.1\", to: \"1.1\", relation: equal }\n  - { from: \"1.1\", to: \"1.1\", relation: changed }\n", "mapping-duplicate-row"),
        ("  - { from: \"1.1\", relation: removed }\n  - { from: \"1.1\", to: \"1.2\", relation: changed }\n", "mapping-lone-and-mapped"),
        ("  - { from: \"1.1\", to: \"1.2\", relation: split }\n", "mapping-single-row"),
        ("  - { from: \"1.1\", to: \"99.1\", relation: equal }\n", "mapping-unknown-item"),
        ("  - { from: \"1.1\", to: \"1.1\", relation: equal }\n", "mapping-catalog-mismatch"),
    ];
    for (rows, code) in cases {
        let text = if rows.starts_with("format:") {
            rows.to_string()
        } else if code == "mapping-catalog-mismatch" {
            mapping_text(rows).replace("version: \"2023.01\"", "version: \"2024.01\"")
        } else {
            mapping_text(rows)
        };
        let source = Source::new("m.yaml", text.clone());
        let found = match load(&source, v2020(), v2023()) {
            Ok(l) => l.warnings,
            Err(e) => e.diagnostics,
        };
        let d = found
            .iter()
            .find(|d| d.code == code)
            .unwrap_or_else(|| panic!("{code} not raised by:\n{text}\n{found:?}"));
        if code != "mapping-catalog-mismatch" {
            assert!(d.location.is_some(), "{code} has no location");
        }
        for d in &found {
            assert_translated(d, &text);
        }
    }
    for (side, bad, code) in [
        (
            "programme: ctpat-msc",
            "programme: CTPAT",
            "mapping-bad-programme",
        ),
        (
            "version: \"2020.03\"",
            "version: \" \"",
            "mapping-empty-version",
        ),
    ] {
        let text = mapping_text("").replacen(side, bad, 1);
        let e = parse(&Source::new("m.yaml", text.clone())).expect_err("refused");
        for d in &e.diagnostics {
            assert_translated(d, &text);
        }
        assert!(e.diagnostics.iter().any(|d| d.code == code), "{text}");
    }
}

/// Every code mapping.rs writes is raised by the test above.
#[test]
fn every_mapping_code_is_tested() {
    let code = include_str!("../mapping.rs");
    let tests = include_str!("tests.rs");
    for piece in code.split('"').skip(1).step_by(2) {
        if piece.starts_with("mapping-") && piece.len() > 8 && !piece.contains(' ') {
            assert!(tests.contains(&format!("\"{piece}\"")), "{piece} untested");
        }
    }
}

#[test]
fn answers_files_with_a_bad_migrated_from_say_where_in_both_languages() {
    let catalog = v2023();
    let text = "format: ctpat-answers/1\ncompany: { name: A, entity: importer }\n\
        answers:\n  \"1.1\": { status: implemented, review: true }\n\
        migrated_from:\n  criteria_version: \"2020\"\n  sha256: \"abc\"\n  migrated_on: soon\n\
        \x20 answers:\n    \"x\": { status: done }\n    \"3.9\": { status: partial }\n    \"3.8\": { status: nope }\n";
    let e = crate::answers::parse(&Source::new("a.yaml", text))
        .and_then(|p| p.validate(catalog))
        .expect_err("refused");
    let mut codes: Vec<&str> = e.diagnostics.iter().map(|d| d.code).collect();
    codes.sort_unstable();
    assert_eq!(
        codes,
        [
            "bad-date",
            "migrated-bad-id",
            "migrated-bad-sha256",
            "migrated-bad-status",
            "migrated-bad-version",
            "review-pending"
        ]
    );
    for d in &e.diagnostics {
        assert!(d.location.is_some(), "{}", d.code);
        assert_translated(d, text);
    }
}

fn answers_2020(entity: Entity) -> impl Strategy<Value = Answers> {
    let ids: Vec<(CriterionId, Requirement)> = v2020()
        .applicable(entity)
        .map(|c| (c.id, c.requirement))
        .collect();
    proptest::sample::subsequence(ids, 0..40).prop_flat_map(move |chosen| {
        let n = chosen.len();
        (
            Just(chosen),
            proptest::collection::vec((0usize..4, any::<bool>(), any::<bool>()), n),
        )
            .prop_map(move |(chosen, picks)| {
                let mut given = BTreeMap::new();
                for ((id, req), (s, evidence, note)) in chosen.into_iter().zip(picks) {
                    let status = [
                        Status::Implemented,
                        Status::Partial,
                        Status::NotImplemented,
                        Status::NotApplicable,
                    ][s];
                    let needs_note = status == Status::NotApplicable && req == Requirement::Must;
                    given.insert(
                        id,
                        Answer {
                            status,
                            evidence: if evidence {
                                vec!["record".into()]
                            } else {
                                Vec::new()
                            },
                            note: (note || needs_note).then(|| "why".to_string()),
                            owner: None,
                            due: None,
                        },
                    );
                }
                company(entity, given)
            })
    })
}

/// The standing of `id` in an assessment: its gap, or none (met or not applicable).
fn standing(a: &crate::scoring::Assessment, id: CriterionId) -> Option<crate::scoring::Gap> {
    a.gaps.iter().find(|g| g.id == id).cloned()
}

/// A user's mapping file of random rows between the two shipped versions (only files that
/// load are kept), as YAML rows.
fn random_rows() -> impl Strategy<Value = String> {
    let old: Vec<String> = v2020().criteria.iter().map(|c| c.id.to_string()).collect();
    let new: Vec<String> = v2023().criteria.iter().map(|c| c.id.to_string()).collect();
    let relations = vec![
        "equal", "changed", "split", "merged", "broader", "narrower", "related", "removed", "added",
    ];
    proptest::collection::vec(
        (
            proptest::sample::select(old),
            proptest::sample::select(new),
            proptest::sample::select(relations),
        ),
        0..12,
    )
    .prop_map(|rows| {
        rows.into_iter()
            .map(|(from, to, relation)| match relation {
                "removed" => format!("  - {{ from: \"{from}\", relation: removed }}\n"),
                "added" => format!("  - {{ to: \"{to}\", relation: added }}\n"),
                r => format!("  - {{ from: \"{from}\", to: \"{to}\", relation: {r} }}\n"),
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Nothing is lost: whatever the mapping, every old answer (or draft) is kept under
    /// `migrated_from`, or is the one answer carried into a new criterion with every detail.
    #[test]
    fn a_migration_loses_no_answer_whatever_the_mapping(
        answers in answers_2020(Entity::Importer),
        rows in random_rows(),
    ) {
        let source = Source::new("m.yaml", mapping_text(&rows));
        let Ok(file) = load(&source, v2020(), v2023()) else {
            return Ok(());
        };
        let mapping = between(v2020(), v2023(), Some((&file.value, "m.yaml"))).expect("between");
        let m = migrate(&answers, v2020(), v2023(), &mapping, day(), SHA);
        let kept = &m.answers.kept.migrated_from.as_ref().expect("block").answers;
        for (id, a) in &answers.answers {
            if kept.contains_key(&id.to_string()) {
                continue;
            }
            let carried = mapping
                .rows
                .iter()
                .filter(|r| r.from.as_deref() == Some(id.to_string().as_str()))
                .filter_map(|r| r.to.as_deref()?.parse::<CriterionId>().ok())
                .any(|t| {
                    m.answers.answers.get(&t).or_else(|| m.answers.kept.outside.get(&t)) == Some(a)
                });
            prop_assert!(carried, "{} lost with rows:\n{}", id, rows);
        }
        // And what it writes loads back at the new version unchanged.
        let text = crate::answers::to_yaml(&m.answers, None);
        let back = crate::answers::parse(&Source::new("m.yaml", text.clone()))
            .and_then(|p| p.validate(v2023()));
        prop_assert!(back.is_ok(), "{:?}\n{}", back.err().map(|e| e.diagnostics), text);
        prop_assert_eq!(&back.expect("loads").value, &m.answers);
    }

    /// Migrate then assess equals assess for unchanged criteria: every carried criterion
    /// stands exactly as it stood, and review flags do not change the score.
    #[test]
    fn migrate_then_assess_equals_assess_for_unchanged_criteria(
        answers in prop_oneof![
            answers_2020(Entity::Importer),
            answers_2020(Entity::ForeignManufacturer),
        ],
    ) {
        let mapping = between(v2020(), v2023(), None).expect("between");
        let m = migrate(&answers, v2020(), v2023(), &mapping, day(), SHA);
        let before = assess(v2020(), &answers, day());
        let after = assess(v2023(), &m.answers, day());
        for id in &m.plan.carried {
            prop_assert_eq!(standing(&before, *id), standing(&after, *id), "{}", id);
            prop_assert_eq!(answers.answers.get(id), m.answers.answers.get(id));
        }
        let mut unflagged = m.answers.clone();
        unflagged.kept.review.clear();
        unflagged.kept.migrated_from = None;
        prop_assert_eq!(assess(v2023(), &unflagged, day()), after);
        // Between a catalog and itself everything carries: the whole assessment is the same.
        let same = migrate(&answers, v2020(), v2020(), &derive(v2020(), v2020()), day(), SHA);
        prop_assert!(same.plan.review.is_empty() && same.plan.removed.is_empty());
        prop_assert_eq!(assess(v2020(), &same.answers, day()), before);
    }
}
