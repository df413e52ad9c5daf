//! The roll-up's rules and its invariants: a partner's risk never drops when its threat
//! rises or when one of its answers gets worse.

use super::*;
use crate::criteria::{embedded, Catalog};
use crate::diagnostic::Source;
use proptest::prelude::*;

fn as_of() -> Date {
    calendar::date("2026-11-30").expect("date")
}

fn place(country: &str, region: Option<&str>) -> Place {
    Place {
        country: country.into(),
        region: region.map(str::to_string),
    }
}

fn partner(id: &str, country: &str) -> Partner {
    Partner {
        id: id.into(),
        name: format!("Partner {id}"),
        role: Entity::ForeignManufacturer,
        place: place(country, None),
        route: Vec::new(),
        answers: Some(format!("{id}.yaml")),
        certification: None,
        volume: None,
        notes: None,
    }
}

fn threat(country: &str, region: Option<&str>, level: Level, rated_on: &str) -> Threat {
    Threat {
        place: place(country, region),
        ratings: BTreeMap::from([
            ("terrorism".to_string(), Level::Low),
            ("theft".to_string(), level),
        ]),
        rated_on: calendar::date(rated_on),
        sources: Vec::new(),
    }
}

fn register(partners: Vec<Partner>) -> Register {
    Register {
        company: None,
        partners,
        threats: Vec::new(),
        threats_file: None,
    }
}

fn scored(must: usize, should: usize) -> Loaded {
    Loaded::Scored(Findings {
        company: "X".into(),
        must_unmet: (1..=must)
            .map(|n| CriterionId::new(4, u16::try_from(n).unwrap_or(1)))
            .collect(),
        should_open: (1..=should)
            .map(|n| CriterionId::new(9, u16::try_from(n).unwrap_or(1)))
            .collect(),
        ..Findings::default()
    })
}

fn one(p: Partner, threats: &[Threat], loaded: Option<Loaded>) -> Row {
    let rules = Rules::shipped();
    let id = p.id.clone();
    let map = loaded.map(|l| (id, l)).into_iter().collect();
    let mut r = roll_up(&rules, &register(vec![p]), threats, &map, as_of());
    r.partners.remove(0)
}

#[test]
fn threat_is_the_highest_rating_of_the_country_its_region_and_its_route() {
    let mut p = partner("A", "MX");
    p.place.region = Some("Tamaulipas".into());
    p.route = vec![place("US", Some("Laredo"))];
    let threats = [
        threat("MX", None, Level::Medium, "2026-06-01"),
        threat("MX", Some("Tamaulipas"), Level::High, "2026-06-01"),
        threat("MX", Some("Jalisco"), Level::Low, "2026-06-01"),
        threat("US", None, Level::Low, "2026-06-01"),
    ];
    let r = one(p, &threats, Some(scored(0, 0)));
    assert_eq!(r.threat, Level::High);
    let places: Vec<&str> = r.threat_basis.iter().map(|b| b.place.as_str()).collect();
    assert_eq!(places, ["MX", "MX / Tamaulipas", "US"]);
    assert!(r.flags.is_empty(), "{:?}", r.flags);
}

#[test]
fn an_unrated_place_counts_as_high_and_is_flagged() {
    let r = one(partner("A", "VN"), &[], Some(scored(0, 0)));
    assert_eq!(r.threat, Level::High);
    assert_eq!(r.flags, [Flag::ThreatUnrated]);
    assert_eq!(r.risk, Rating::Level(Level::Medium));
}

#[test]
fn a_rating_older_than_a_year_is_flagged_stale() {
    let r = one(
        partner("A", "VN"),
        &[threat("VN", None, Level::Low, "2025-11-29")],
        Some(scored(0, 0)),
    );
    assert_eq!(r.flags, [Flag::ThreatStale]);
    let r = one(
        partner("A", "VN"),
        &[threat("VN", None, Level::Low, "2025-11-30")],
        Some(scored(0, 0)),
    );
    assert!(r.flags.is_empty());
}

#[test]
fn vulnerability_follows_the_musts_then_the_shoulds() {
    let t = [threat("CN", None, Level::Medium, "2026-06-01")];
    let high = one(partner("A", "CN"), &t, Some(scored(1, 0)));
    assert_eq!(
        (high.vulnerability, high.risk),
        (Rating::Level(Level::High), Rating::Level(Level::High))
    );
    let medium = one(partner("A", "CN"), &t, Some(scored(0, 3)));
    assert_eq!(
        (medium.vulnerability, medium.risk),
        (Rating::Level(Level::Medium), Rating::Level(Level::Medium))
    );
    let low = one(partner("A", "CN"), &t, Some(scored(0, 0)));
    assert_eq!(
        (low.vulnerability, low.risk),
        (Rating::Level(Level::Low), Rating::Level(Level::Low))
    );
}

#[test]
fn stale_must_evidence_makes_a_partner_high_and_asks_for_fresh_evidence() {
    let Loaded::Scored(mut f) = scored(0, 0) else {
        unreachable!()
    };
    f.must_stale = vec![CriterionId::new(6, 2)];
    let t = [threat("CN", None, Level::Medium, "2026-06-01")];
    let p = partner("A", "CN");
    let rules = Rules::shipped();
    let map = BTreeMap::from([("A".to_string(), Loaded::Scored(f))]);
    let r = roll_up(&rules, &register(vec![p]), &t, &map, as_of());
    assert_eq!(r.partners[0].vulnerability, Rating::Level(Level::High));
    assert_eq!(r.partners[0].flags, [Flag::EvidenceStale]);
    assert_eq!(
        r.actions[0].requests,
        [Request::FreshEvidence, Request::Audit]
    );
}

#[test]
fn ctpat_and_recognised_aeo_are_exempt_china_aeo_is_not() {
    let t = [threat("CN", None, Level::High, "2026-06-01")];
    let cert = |programme, checked: &str| Certification {
        programme,
        number: Some("123".into()),
        checked_on: calendar::date(checked),
    };
    let mut ctpat = partner("A", "CN");
    ctpat.answers = None;
    ctpat.certification = Some(cert(Programme::Ctpat, "2026-10-01"));
    let r = one(ctpat, &t, None);
    assert_eq!(
        (r.status, r.risk),
        (Status::ExemptCertified, Rating::Exempt)
    );
    assert!(r.flags.is_empty());

    let mut eu = partner("B", "DE");
    eu.certification = Some(cert(
        Programme::Aeo {
            customs: "EU".into(),
        },
        "2025-01-01",
    ));
    let r = one(eu, &[], None);
    assert_eq!(r.status, Status::ExemptCertified);
    assert!(r.flags.contains(&Flag::CertificateCheckStale));

    let mut cn = partner("C", "CN");
    cn.answers = None;
    cn.certification = Some(cert(
        Programme::Aeo {
            customs: "CN".into(),
        },
        "2026-10-01",
    ));
    let r = one(cn, &t, None);
    assert_eq!(
        (r.status, r.risk),
        (Status::Unassessed, Rating::Level(Level::High))
    );
    assert!(r.flags.contains(&Flag::AeoNotRecognised));
}

#[test]
fn answers_for_another_entity_type_are_flagged() {
    let Loaded::Scored(mut f) = scored(0, 0) else {
        unreachable!()
    };
    f.entity = Some(Entity::HighwayCarrier);
    let r = one(
        partner("A", "CN"),
        &[threat("CN", None, Level::Low, "2026-06-01")],
        Some(Loaded::Scored(f.clone())),
    );
    assert_eq!(r.flags, [Flag::RoleMismatch]);
    f.entity = Some(Entity::ForeignManufacturer);
    let r = one(
        partner("A", "CN"),
        &[threat("CN", None, Level::Low, "2026-06-01")],
        Some(Loaded::Scored(f)),
    );
    assert!(r.flags.is_empty());
}

#[test]
fn a_failed_file_is_an_error_row_at_high_vulnerability() {
    let failed = Loaded::Failed {
        code: "unknown-field".into(),
        message: "bad".into(),
    };
    let r = one(
        partner("A", "CN"),
        &[threat("CN", None, Level::Low, "2026-06-01")],
        Some(failed),
    );
    assert_eq!(
        (r.status, r.vulnerability),
        (Status::Error, Rating::Level(Level::High))
    );
    assert_eq!(r.error.as_deref(), Some("bad"));
}

#[test]
fn partners_are_sorted_by_risk_then_volume_then_id() {
    let t = [
        threat("CN", None, Level::High, "2026-06-01"),
        threat("VN", None, Level::Low, "2026-06-01"),
    ];
    let mut a = partner("A", "VN");
    a.volume = Some(10);
    let mut b = partner("B", "CN");
    b.volume = Some(5);
    let mut c = partner("C", "CN");
    c.volume = Some(50);
    let d = partner("D", "CN");
    let loaded = ["A", "B", "C", "D"]
        .into_iter()
        .map(|id| (id.to_string(), scored(0, 1)))
        .collect();
    let r = roll_up(
        &Rules::shipped(),
        &register(vec![a, b, c, d]),
        &t,
        &loaded,
        as_of(),
    );
    let ids: Vec<&str> = r.partners.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["C", "B", "D", "A"]);
    assert_eq!(r.matrix[0][1], 3);
    assert_eq!(r.matrix[2][1], 1);
    assert_eq!((r.counts.high, r.counts.low), (3, 1));
}

// ---- properties ---------------------------------------------------------------------------

fn level() -> impl Strategy<Value = Level> {
    prop::sample::select(Level::ALL.to_vec())
}

fn findings_strategy() -> impl Strategy<Value = (usize, usize, bool)> {
    (0usize..3, 0usize..3, any::<bool>())
}

fn findings_of((must, should, stale): (usize, usize, bool)) -> Findings {
    let Loaded::Scored(mut f) = scored(must, should) else {
        unreachable!()
    };
    if stale {
        f.must_stale = vec![CriterionId::new(6, 2)];
    }
    f
}

fn risk_of(threat_level: Option<Level>, loaded: Option<Loaded>) -> Rating {
    let t: Vec<Threat> = threat_level
        .map(|l| threat("CN", None, l, "2026-06-01"))
        .into_iter()
        .collect();
    one(partner("A", "CN"), &t, loaded).risk
}

/// The embedded catalog, and an answers file for a foreign manufacturer built from picks
/// (0 implemented, 1 partial, 2 not implemented, 3 not applicable, else unanswered).
fn catalog() -> &'static Catalog {
    embedded::loaded("2023.01")
}

fn answers_text(picks: &[u8]) -> String {
    let mut text = String::from(
        "format: ctpat-answers/1\ncriteria_version: \"2023.01\"\ncompany:\n  name: Gen\n  entity: foreign_manufacturer\nanswers:\n",
    );
    for (c, pick) in catalog().applicable(Entity::ForeignManufacturer).zip(picks) {
        let status = match pick {
            0 => "implemented",
            1 => "partial",
            2 => "not_implemented",
            3 => "not_applicable",
            _ => continue,
        };
        text.push_str(&format!(
            "  \"{}\":\n    status: {status}\n    note: because\n    evidence: [doc]\n",
            c.id
        ));
    }
    text
}

fn findings_from(text: &str) -> Findings {
    findings_on(text, as_of())
}

fn findings_on(text: &str, on: Date) -> Findings {
    let parsed = crate::answers::parse(&Source::new("gen.yaml", text)).expect("parses");
    let answers = parsed.validate(catalog()).expect("valid").value;
    let assessment = crate::scoring::assess(catalog(), &answers, on);
    findings(&assessment, &answers)
}

/// Every applicable criterion implemented, each with one evidence item dated `days[i]` days
/// before 2026-11-30 (criteria past the list keep undated evidence).
fn dated_answers(days: &[u16]) -> String {
    let base = as_of();
    let mut text = String::from(
        "format: ctpat-answers/1\ncriteria_version: \"2023.01\"\ncompany:\n  name: Gen\n  entity: foreign_manufacturer\nanswers:\n",
    );
    for (i, c) in catalog()
        .applicable(Entity::ForeignManufacturer)
        .enumerate()
    {
        let evidence = match days.get(i) {
            Some(d) => format!(
                "[{{ ref: doc, date: {} }}]",
                calendar::add_days(base, -i32::from(*d))
            ),
            None => "[doc]".to_string(),
        };
        text.push_str(&format!(
            "  \"{}\":\n    status: implemented\n    evidence: {evidence}\n",
            c.id
        ));
    }
    text
}

/// Ranks of a standing from best to worst: a step to the right is an answer getting worse.
const WORSE: [u8; 4] = [0, 1, 2, 4];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn risk_never_drops_when_the_threat_rises(
        low in level(), high in level(), f in findings_strategy(), unrated in any::<bool>(),
    ) {
        let (low, high) = (low.min(high), low.max(high));
        let loaded = Loaded::Scored(findings_of(f));
        let before = risk_of(Some(low), Some(loaded.clone()));
        let after = risk_of(Some(high), Some(loaded.clone()));
        prop_assert!(after >= before, "{low:?} -> {high:?}: {before:?} -> {after:?}");
        if unrated {
            // No rating at all counts as the rules' unrated level, the highest.
            prop_assert!(risk_of(None, Some(loaded)) >= after);
        }
    }

    #[test]
    fn risk_never_drops_when_findings_get_worse(
        t in level(), f in findings_strategy(), more_must in 0usize..2, more_should in 0usize..2, stale in any::<bool>(),
    ) {
        let better = findings_of(f);
        let worse = findings_of((f.0 + more_must, f.1 + more_should, f.2 || stale));
        let before = risk_of(Some(t), Some(Loaded::Scored(better)));
        let after = risk_of(Some(t), Some(Loaded::Scored(worse)));
        prop_assert!(after >= before);
        // No answers at all, or a file that fails, is never better than any answers.
        prop_assert!(risk_of(Some(t), None) >= after);
    }

    #[test]
    fn risk_never_drops_as_the_as_of_date_moves_later(
        days in prop::collection::vec(0u16..900, 1..40), earlier in 0i32..400, later in 0i32..400, t in level(),
    ) {
        let text = dated_answers(&days);
        let (a, b) = (earlier.min(later), earlier.max(later));
        let on = |n: i32| calendar::add_days(as_of(), n);
        let before = risk_of(Some(t), Some(Loaded::Scored(findings_on(&text, on(a)))));
        let after = risk_of(Some(t), Some(Loaded::Scored(findings_on(&text, on(b)))));
        prop_assert!(after >= before, "{before:?} on +{a} -> {after:?} on +{b}");
    }

    #[test]
    fn risk_never_drops_when_an_answer_gets_worse(
        picks in prop::collection::vec(0u8..5, 60), which in 0usize..60, step in 1usize..4, t in level(),
    ) {
        let current = picks[which];
        let Some(rank) = WORSE.iter().position(|s| *s == current) else {
            // Not applicable is no point on the better-worse scale.
            return Ok(());
        };
        let mut worse = picks.clone();
        worse[which] = WORSE[(rank + step).min(WORSE.len() - 1)];
        let before = risk_of(Some(t), Some(Loaded::Scored(findings_from(&answers_text(&picks)))));
        let after = risk_of(Some(t), Some(Loaded::Scored(findings_from(&answers_text(&worse)))));
        prop_assert!(after >= before, "{before:?} -> {after:?}");
    }
}

#[test]
fn evidence_that_aged_out_makes_the_partner_high_and_fresh_evidence_keeps_it_low() {
    let n = catalog().applicable(Entity::ForeignManufacturer).count();
    let old = findings_from(&dated_answers(&vec![800; n]));
    assert!(!old.must_stale.is_empty());
    assert!(old.must_unmet.is_empty());
    let t = Some(Level::Low);
    assert_eq!(
        risk_of(t, Some(Loaded::Scored(old))),
        Rating::Level(Level::Medium)
    );
    let fresh = findings_from(&dated_answers(&vec![10; n]));
    assert!(fresh.must_stale.is_empty(), "{:?}", fresh.must_stale);
    assert_eq!(
        risk_of(t, Some(Loaded::Scored(fresh))),
        Rating::Level(Level::Low)
    );
}
