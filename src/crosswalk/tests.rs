use super::*;
use crate::answers::{Company, CompanyDetails, Kept};
use crate::criteria::embedded;
use crate::diagnostic::Source;
use crate::questionnaire::Session;
use crate::scoring::assess;
use proptest::prelude::*;

fn msc() -> &'static Catalog {
    embedded::loaded("2023.01")
}

fn advanced() -> &'static Catalog {
    embedded::loaded("gacc-aeo-2026-advanced")
}

fn certified() -> &'static Catalog {
    embedded::loaded("gacc-aeo-2026-certified")
}

fn id(s: &str) -> CriterionId {
    s.parse().expect("valid id")
}

fn day() -> Date {
    crate::calendar::date("2026-11-30").expect("a date")
}

const SHA: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

fn en() -> Messages {
    Messages::embedded(Lang::En)
}

fn answer(status: Status, evidence: &str, note: Option<&str>) -> Answer {
    Answer {
        status,
        evidence: vec![evidence.into()],
        note: note.map(str::to_string),
        owner: None,
        due: None,
    }
}

fn factory(entity: Entity, answers: BTreeMap<CriterionId, Answer>) -> Answers {
    Answers {
        criteria_version: Some("2023.01".into()),
        company: Company {
            name: "Dongguan Example".into(),
            entity,
            country: Some("CN".into()),
            details: CompanyDetails::default(),
        },
        assessed_on: Some("2026-11-20".into()),
        assessor: Some("Li".into()),
        answers,
        best_practices: Vec::new(),
        waivers: Vec::new(),
        kept: Kept::default(),
        financials: None,
    }
}

fn shipped(to: &Catalog) -> Mapping {
    crate::mapping::between(msc(), to, None).expect("shipped crosswalk fits")
}

/// A user's crosswalk to the advanced standard with `rows` (YAML list items).
fn user_mapping(rows: &str) -> Mapping {
    let text = format!(
        "format: ctpat-mapping/1\nfrom: {{ programme: ctpat-msc, version: \"2023.01\" }}\n\
         to: {{ programme: gacc-aeo, version: gacc-aeo-2026-advanced }}\nrows:\n{rows}"
    );
    let file = crate::mapping::load(&Source::new("ours.yaml", text), msc(), advanced())
        .unwrap_or_else(|e| panic!("{:?}", e.diagnostics))
        .value;
    crate::mapping::between(msc(), advanced(), Some((&file, "ours.yaml"))).expect("fits")
}

fn walk(answers: &Answers, mapping: &Mapping) -> Crosswalked {
    crosswalk(answers, msc(), advanced(), mapping, day(), SHA, &en()).expect("crosswalks")
}

/// The rows into `to`.
fn into_rows<'m>(m: &'m Mapping, to: &str) -> Vec<&'m Row> {
    m.rows
        .iter()
        .filter(|r| r.to.as_deref() == Some(to))
        .collect()
}

#[test]
fn related_rows_arrive_as_drafts_quoting_the_ctpat_answers() {
    let mut given = BTreeMap::new();
    given.insert(
        id("9.13"),
        answer(Status::Implemented, "CCTV review log", Some("Daily review")),
    );
    given.insert(id("9.12"), answer(Status::Partial, "Camera plan", None));
    let walked = walk(
        &factory(Entity::ForeignManufacturer, given),
        &shipped(advanced()),
    );
    let out = &walked.answers;
    assert_eq!(
        out.criteria_version.as_deref(),
        Some("gacc-aeo-2026-advanced")
    );
    assert!(out.answers.is_empty(), "{:?}", out.answers.keys());
    let draft = &out.kept.drafts[&id("(48)")];
    let note = draft.note.as_deref().expect("a note");
    assert!(
        note.contains("C-TPAT 9.13 (Must; GACC asks more, China stricter)"),
        "{note}"
    );
    assert!(note.contains("implemented — Daily review"), "{note}");
    assert!(note.contains("C-TPAT 9.12 ("), "{note}");
    let evidence: Vec<&str> = draft.evidence.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(evidence, ["Camera plan", "CCTV review log"]);
    assert!(out.kept.review.contains(&id("(48)")));
    assert_eq!(walked.plan.review, [id("(48)")]);
    assert!(walked.plan.carried.is_empty());
    assert!(walked.plan.unanswered.contains(&id("(1)")));
    assert_eq!(
        walked.plan.computed,
        [id("(12)"), id("(13)"), id("(14)"), id("(15)")]
    );
    let from = out.kept.migrated_from.as_ref().expect("traced");
    assert_eq!(
        (from.criteria_version.as_str(), from.sha256.as_str()),
        ("2023.01", SHA)
    );
    assert_eq!(out.company.name, "Dongguan Example");
    assert_eq!(out.assessor.as_deref(), Some("Li"));
}

#[test]
fn the_written_file_loads_scores_and_asks_the_review_items_first() {
    let mut given = BTreeMap::new();
    given.insert(id("9.13"), answer(Status::Implemented, "CCTV log", None));
    given.insert(id("3.1"), answer(Status::Partial, "Screening SOP", None));
    let walked = walk(
        &factory(Entity::ForeignManufacturer, given),
        &shipped(advanced()),
    );
    for lang in [Lang::En, Lang::ZhCn] {
        let text = crate::answers::to_yaml(&walked.answers, Some((advanced(), lang)));
        let back = crate::answers::parse(&Source::new("gacc.yaml", text))
            .and_then(|p| p.validate(advanced()))
            .unwrap_or_else(|e| panic!("{:?}", e.diagnostics))
            .value;
        assert_eq!(back.kept.review, walked.answers.kept.review);
        assert_eq!(back.kept.drafts, walked.answers.kept.drafts);
        let scored = assess(advanced(), &back, day());
        assert!(scored.grade.is_some());
        assert_eq!(scored.tier.id, "not_ready");
    }
    let review: Vec<CriterionId> = walked.plan.review.clone();
    assert_eq!(review, [id("(48)"), id("(66)"), id("(67)")]);
    let session = Session::new(advanced(), walked.answers);
    assert_eq!(session.flagged(), review);
    assert_eq!(session.current().map(|c| c.id), Some(id("(48)")));
    assert!(session.current_flagged());
}

#[test]
fn notes_are_written_in_the_language_of_the_run() {
    let mut given = BTreeMap::new();
    given.insert(
        id("9.16"),
        answer(Status::Implemented, "Footage kept", None),
    );
    let zh = Messages::embedded(Lang::ZhCn);
    let walked = crosswalk(
        &factory(Entity::ForeignManufacturer, given),
        msc(),
        advanced(),
        &shipped(advanced()),
        day(),
        SHA,
        &zh,
    )
    .expect("crosswalks");
    let note = walked.answers.kept.drafts[&id("(48)")]
        .note
        .clone()
        .expect("a note");
    assert!(note.starts_with("待复核："), "{note}");
    assert!(note.contains("C-TPAT 9.16（"), "{note}");
    assert!(note.contains("海关更严"), "{note}");
}

#[test]
fn only_a_single_equal_row_carries_a_status() {
    let mut given = BTreeMap::new();
    given.insert(
        id("9.13"),
        answer(Status::Partial, "CCTV log", Some("Two cameras down")),
    );
    given.insert(id("1.1"), answer(Status::NotApplicable, "n/a", None));
    given.insert(id("1.2"), answer(Status::Implemented, "Team roster", None));
    let mapping = user_mapping(
        "  - { from: \"9.13\", to: \"(48)\", relation: equal }\n\
         \x20 - { from: \"1.1\", to: \"(2)\", relation: equal }\n\
         \x20 - { from: \"1.2\", to: \"(3)\", relation: equal }\n\
         \x20 - { from: \"1.4\", to: \"(3)\", relation: related }\n",
    );
    let walked = walk(
        &factory(Entity::ForeignManufacturer, given.clone()),
        &mapping,
    );
    // (48): the user's one equal row replaced the shipped ones; status and words carry.
    assert_eq!(walked.answers.answers[&id("(48)")], given[&id("9.13")]);
    assert!(!walked.answers.kept.review.contains(&id("(48)")));
    // (2): a bare not-applicable would not load on a mandatory item: to review.
    assert!(walked.answers.kept.drafts.contains_key(&id("(2)")));
    // (3): equal, but not the only row: to review.
    assert!(walked.answers.kept.drafts.contains_key(&id("(3)")));
    assert_eq!(walked.plan.carried, [id("(48)")]);
    assert!(walked.plan.review.contains(&id("(2)")) && walked.plan.review.contains(&id("(3)")));
}

#[test]
fn an_importer_cannot_be_crosswalked_to_a_manufacturers_standard() {
    let err = crosswalk(
        &factory(Entity::Importer, BTreeMap::new()),
        msc(),
        advanced(),
        &shipped(advanced()),
        day(),
        SHA,
        &en(),
    )
    .expect_err("no importer items");
    assert!(matches!(err, CrosswalkError::EntityNotCovered { .. }));
}

#[test]
fn side_by_side_shows_both_standings_shared_evidence_and_who_is_stricter() {
    let mut ctpat = BTreeMap::new();
    ctpat.insert(
        id("9.16"),
        answer(Status::Implemented, "CCTV footage kept 90 days", None),
    );
    ctpat.insert(id("4.1"), answer(Status::Partial, "IT policy", None));
    let ctpat = factory(Entity::ForeignManufacturer, ctpat);
    let mut gacc = walk(&ctpat, &shipped(advanced())).answers;
    let draft = gacc.kept.drafts.remove(&id("(48)")).expect("drafted");
    gacc.answers
        .insert(id("(48)"), draft.into_answer(Status::Partial));
    let scored = assess(advanced(), &gacc, day());
    let sbs = side_by_side(
        msc(),
        &ctpat,
        advanced(),
        &gacc,
        &scored,
        false,
        &shipped(advanced()),
        &en(),
    );
    assert_eq!(sbs.other_tier, "Not ready (indicative)");
    assert_eq!(sbs.pass_line, Some(95));
    assert!(sbs.draft);
    assert!(sbs
        .notice
        .as_deref()
        .is_some_and(|n| n.contains("indicative")));
    let control = sbs
        .controls
        .iter()
        .find(|c| c.gacc.id == id("(48)"))
        .expect("(48) is shared");
    assert_eq!(control.gacc.standing, "Basically meets");
    let side = control
        .ctpat
        .iter()
        .find(|s| s.item.id == id("9.16"))
        .expect("9.16 maps to (48)");
    assert_eq!(side.item.standing, "implemented");
    assert_eq!(side.stricter, Some(Stricter::To));
    assert_eq!(side.shared_evidence, ["CCTV footage kept 90 days"]);
    assert!(sbs.china_stricter.contains(&id("(48)")));
    assert!(sbs.ctpat_stricter.contains(&id("4.1")));
    assert_eq!(sbs.shared_evidence, ["CCTV footage kept 90 days"]);
    assert!(sbs.gacc_only.iter().any(|u| u.id == id("(1)")));
    assert!(sbs.ctpat_only.iter().all(|u| u.id != id("9.16")));
    let zh = side_by_side(
        msc(),
        &ctpat,
        advanced(),
        &gacc,
        &scored,
        false,
        &shipped(advanced()),
        &Messages::embedded(Lang::ZhCn),
    );
    let control = zh.controls.iter().find(|c| c.gacc.id == id("(48)"));
    assert_eq!(control.map(|c| c.gacc.standing.as_str()), Some("基本达标"));
}

// ---- properties --------------------------------------------------------------------------

fn status() -> impl Strategy<Value = Option<Status>> {
    prop_oneof![
        Just(None),
        Just(Some(Status::Implemented)),
        Just(Some(Status::Partial)),
        Just(Some(Status::NotImplemented)),
        Just(Some(Status::NotApplicable)),
    ]
}

fn relation() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("equal"),
        Just("related"),
        Just("broader"),
        Just("narrower")
    ]
}

/// Answers with `statuses` given, in order, to `catalog`'s items for a manufacturer (a
/// not-applicable with a note so it loads on a mandatory item).
fn answered(catalog: &Catalog, statuses: &[Option<Status>]) -> Answers {
    let mut given = BTreeMap::new();
    for (c, s) in catalog
        .applicable(Entity::ForeignManufacturer)
        .zip(statuses)
    {
        if let Some(s) = s {
            given.insert(c.id, answer(*s, "record", Some("why")));
        }
    }
    let mut a = factory(Entity::ForeignManufacturer, given);
    a.criteria_version = Some(catalog.program.version.clone());
    a
}

/// The applicable items of the general standard (not the bonus ones), by position.
fn general(catalog: &Catalog) -> Vec<usize> {
    catalog
        .applicable(Entity::ForeignManufacturer)
        .enumerate()
        .filter(|(_, c)| {
            catalog
                .category(c.category)
                .is_some_and(|cat| cat.focus_area != "additional")
        })
        .map(|(i, _)| i)
        .collect()
}

fn better(s: Option<Status>) -> Option<Status> {
    match s {
        None => Some(Status::NotImplemented),
        Some(Status::NotImplemented) => Some(Status::Partial),
        Some(Status::Partial | Status::Implemented) => Some(Status::Implemented),
        Some(Status::NotApplicable) => Some(Status::NotApplicable),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Whatever the C-TPAT answers and whatever the relations, a GACC item holds a status
    /// only through exactly one `equal` row, and then the C-TPAT status itself.
    #[test]
    fn crosswalk_never_invents_a_status(
        statuses in proptest::collection::vec(status(), 120),
        relations in proptest::collection::vec(relation(), 4),
    ) {
        let rows: String = [("9.13", "(48)"), ("3.1", "(66)"), ("11.1", "(49)"), ("7.23", "(60)")]
            .iter()
            .zip(&relations)
            .map(|((f, t), r)| format!("  - {{ from: \"{f}\", to: \"{t}\", relation: {r} }}\n"))
            .collect();
        let mapping = user_mapping(&rows);
        let source = answered(msc(), &statuses);
        let walked = walk(&source, &mapping);
        for (to, a) in &walked.answers.answers {
            let rows = into_rows(&mapping, &to.to_string());
            prop_assert_eq!(rows.len(), 1);
            prop_assert_eq!(rows[0].relation, Relation::Equal);
            let from = id(rows[0].from.as_deref().unwrap_or_default());
            prop_assert_eq!(source.answers.get(&from).map(|a| a.status), Some(a.status));
        }
        for to in &walked.plan.review {
            prop_assert!(!walked.answers.answers.contains_key(to));
        }
    }

    /// A failed item of the general standard keeps the company below every level, in both
    /// standards, whatever the other answers.
    #[test]
    fn a_failed_general_item_blocks_every_level(
        statuses in proptest::collection::vec(status(), 80),
        pick in any::<proptest::sample::Index>(),
        advanced_standard in any::<bool>(),
    ) {
        let catalog = if advanced_standard { advanced() } else { certified() };
        let items = general(catalog);
        let failed = items[pick.index(items.len())];
        let mut statuses = statuses;
        statuses[failed] = Some(Status::NotImplemented);
        let scored = assess(catalog, &answered(catalog, &statuses), day());
        let grade = scored.grade.expect("graded");
        prop_assert!(!grade.passes);
        prop_assert_eq!(scored.tier.rank, 0);
        prop_assert_eq!(scored.tier.id.as_str(), "not_ready");
    }

    /// Improving one answer (unanswered → not implemented → partial → implemented) never
    /// lowers the total.
    #[test]
    fn improving_an_answer_never_lowers_the_total(
        statuses in proptest::collection::vec(status(), 80),
        pick in any::<proptest::sample::Index>(),
        advanced_standard in any::<bool>(),
    ) {
        let catalog = if advanced_standard { advanced() } else { certified() };
        let n = catalog.applicable(Entity::ForeignManufacturer).count();
        let i = pick.index(n);
        let before = assess(catalog, &answered(catalog, &statuses), day());
        let mut improved = statuses.clone();
        improved[i] = better(statuses[i]);
        let after = assess(catalog, &answered(catalog, &improved), day());
        let total = |a: &crate::scoring::Assessment| a.grade.as_ref().map(|g| g.total);
        prop_assert!(total(&after) >= total(&before), "{:?} -> {:?}", total(&before), total(&after));
    }
}
