//! Realistic synthetic answers files for the batch benchmark.
//!
//! Each file is an importer answering all applicable criteria of the shipped default catalog,
//! with evidence drawn from the catalog's guidance, notes, owners and due dates on open
//! items, some N/A with justifications, and now and then a best practice: about the size and
//! shape of `examples/importer-tier2.yaml`. Client `i` under seed `s` is always the same
//! bytes, so runs of the benchmark compare like with like.

use ctpat::criteria::{embedded, Catalog, Entity, Requirement};
use ctpat::diagnostic::Source;
use std::fmt::Write as _;
use std::path::Path;

/// SplitMix64: small, fast, good enough to vary synthetic data; no dependency.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, index: u64) -> Rng {
        let mut rng = Rng(seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True with probability `per_mille` / 1000.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = usize::try_from(self.below(items.len() as u64)).unwrap_or(0);
        items[i]
    }
}

const NAME_A: &[&str] = &[
    "Pacific",
    "Harbor",
    "Summit",
    "Lakeside",
    "Redwood",
    "Granite",
    "Silverline",
    "Northgate",
    "Bayview",
    "Prairie",
    "Cascade",
    "Ironbridge",
    "Blue Ridge",
    "Golden State",
    "Atlantic",
];
const NAME_B: &[&str] = &[
    "Outdoor Supply",
    "Kitchenware Trading",
    "Home Goods",
    "Auto Parts",
    "Apparel",
    "Electronics Distribution",
    "Toys and Games",
    "Furniture Imports",
    "Medical Supplies",
    "Tools and Hardware",
    "Sporting Goods",
    "Garden Products",
    "Lighting",
];
const NAME_C: &[&str] = &[
    "LLC",
    "Inc.",
    "Co.",
    "Corporation",
    "Group LLC",
    "Trading Co.",
];
const PEOPLE: &[&str] = &[
    "Marcus Reed",
    "Jordan Alvarez",
    "Priya Natarajan",
    "Emily Chen",
    "David Okafor",
    "Sarah Kowalski",
    "Luis Romero",
    "Hannah Park",
    "Tom Whitaker",
    "Grace Liu",
];
const OWNERS: &[&str] = &[
    "COO",
    "Security manager",
    "Logistics manager",
    "IT manager",
    "HR manager",
    "Compliance lead",
    "Warehouse supervisor",
    "Procurement manager",
    "CFO",
];
const PARTIAL_NOTES: &[&str] = &[
    "Procedure drafted and in review; not yet rolled out to every site.",
    "In place at the main warehouse; the overflow site still follows the old practice.",
    "Started last quarter; records exist for about half of the period.",
    "Covers ocean shipments; air and courier shipments are not included yet.",
    "Training given to supervisors; floor staff sessions are scheduled.",
    "Tool purchased and configured; monitoring reports are not reviewed regularly yet.",
];
const OPEN_NOTES: &[&str] = &[
    "Not started; budget requested for next fiscal year.",
    "No written procedure; done informally by the warehouse team.",
    "Waiting on the new logistics provider to share their records.",
    "Management decided to address this after the ERP migration.",
];
const NA_NOTES: &[&str] = &[
    "We do not operate our own trucks; all drayage is contracted and covered under 3.x.",
    "No company-owned facility handles international cargo; the 3PL's controls apply.",
    "We ship no agricultural goods and use no wood packaging material.",
    "Not relevant to our business model; confirmed with our consultant.",
];
const IMPLEMENTED_NOTES: &[&str] = &[
    "Reviewed at the last annual security review; no findings.",
    "Checked during the internal audit in the spring; two minor observations closed.",
    "Responsibility sits with the site security lead; deputy trained as backup.",
];

fn date(rng: &mut Rng, year: u32) -> String {
    format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28))
}

/// The catalog the files answer: the shipped default.
///
/// # Panics
/// If the embedded catalog does not load, which the test suite rules out.
#[must_use]
pub fn catalog() -> Catalog {
    let version = embedded::default_version();
    let (name, text) = embedded::get(version).expect("default catalog is shipped");
    ctpat::criteria::load(&Source::new(name, text))
        .expect("embedded catalog loads")
        .value
}

/// The text of synthetic client `index` under `seed`.
#[must_use]
pub fn answers_file(catalog: &Catalog, seed: u64, index: u64) -> String {
    let mut rng = Rng::new(seed, index);
    // How far along this client is: 60 % to 99.9 % of criteria implemented; about a third
    // of clients have every Must in place (Tier 1 or 2), the rest still have Musts open.
    let maturity = 600 + rng.below(400);
    let musts_done = rng.chance(350);
    let mut s = String::with_capacity(24 * 1024);
    let _ = writeln!(
        s,
        "# Synthetic client {index} for the batch benchmark (seed {seed}); generated, not a real company.\n\
         format: ctpat-answers/1\ncriteria_version: \"{}\"\ncompany:\n  name: \"{} {} {}\"\n  entity: importer\n  country: US\nassessed_on: {}\nassessor: {}\nanswers:",
        catalog.program.version,
        rng.pick(NAME_A),
        rng.pick(NAME_B),
        rng.pick(NAME_C),
        date(&mut rng, 2026),
        rng.pick(PEOPLE),
    );
    for c in catalog.applicable(Entity::Importer) {
        let _ = writeln!(s, "  \"{}\":", c.id);
        let roll = rng.below(1000);
        let open = 1000 - maturity;
        if roll < maturity || (musts_done && c.requirement == Requirement::Must) {
            s.push_str("    status: implemented\n");
            // Now and then a Must without evidence keeps a client at Tier 1.
            if !rng.chance(30) {
                s.push_str("    evidence:\n");
                for (k, e) in c.guidance.evidence.iter().enumerate().take(3) {
                    let _ = writeln!(
                        s,
                        "      - \"{} ({}-{}{})\"",
                        e.en.replace('"', "'"),
                        if k == 0 { "SP" } else { "PR" },
                        c.id.to_string().replace('.', ""),
                        k + 1
                    );
                }
            }
            if rng.chance(250) {
                let _ = writeln!(s, "    note: \"{}\"", rng.pick(IMPLEMENTED_NOTES));
            }
        } else if roll < maturity + open / 2 {
            let _ = writeln!(
                s,
                "    status: partial\n    note: \"{}\"\n    owner: \"{}\"\n    due: {}",
                rng.pick(PARTIAL_NOTES),
                rng.pick(OWNERS),
                date(&mut rng, 2027)
            );
        } else if roll < maturity + open * 85 / 100 || c.requirement == Requirement::Must {
            let _ = writeln!(
                s,
                "    status: not_implemented\n    note: \"{}\"\n    owner: \"{}\"\n    due: {}",
                rng.pick(OPEN_NOTES),
                rng.pick(OWNERS),
                date(&mut rng, 2027)
            );
        } else {
            let _ = writeln!(
                s,
                "    status: not_applicable\n    note: \"{}\"",
                rng.pick(NA_NOTES)
            );
        }
    }
    if rng.chance(400) {
        let all = rng.chance(500);
        let _ = writeln!(
            s,
            "best_practices:\n  - title: \"Seal photos sent to the consignee before departure\"\n    criteria: [\"7.5\"]\n    senior_management_support: true\n    innovative: true\n    documented: true\n    verified: {all}\n    checks_and_balances: true\n    evidence: [\"SOP-17 seal photo procedure\", \"Monthly audit log of seal photos\"]"
        );
    }
    s
}

/// Writes clients `0..count` as `client-00000.yaml`, ... into `dir` (created if missing).
///
/// # Errors
/// Any I/O error.
pub fn write_corpus(dir: &Path, count: u64, seed: u64) -> std::io::Result<u64> {
    let catalog = catalog();
    std::fs::create_dir_all(dir)?;
    let mut bytes = 0;
    for i in 0..count {
        let text = answers_file(&catalog, seed, i);
        bytes += text.len() as u64;
        std::fs::write(dir.join(format!("client-{i:05}.yaml")), text)?;
    }
    Ok(bytes)
}
