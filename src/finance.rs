//! Finance items computed from a company's figures (China Customs' solvency and
//! profitability ratios, the auditor's opinion, liquidation).
//!
//! The rules are data (a catalog's `finance:` block, [`FinanceRules`]); the figures are the
//! answers file's `financials:` block ([`Financials`]). Amounts are exact decimals (up to four
//! places) and every comparison is done in integers, so a ratio exactly on its threshold is
//! judged exactly as the rule's operator says. A ratio whose denominator is zero, or whose
//! figures are missing, is `undetermined`: never divided, never passed. Pure: no I/O.

use crate::answers::Status;
use crate::criteria::CriterionId;
use crate::text::Text;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Decimal places an amount may have.
const PLACES: u32 = 4;
/// One unit in the amount's fixed-point form.
const UNIT: i128 = 10_i128.pow(PLACES);
/// Thresholds are kept in millionths.
const MILLION: i128 = 1_000_000;
/// The largest amount accepted (in whole units): far beyond any company's balance sheet, and
/// small enough that every product stays inside `i128`.
const MAX_WHOLE: i128 = 1_000_000_000_000_000;

/// An exact decimal amount, in any one currency unit the company chose (yuan or 万元): ratios
/// have no unit, so only consistency matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(i128);

impl Amount {
    /// The amount in ten-thousandths.
    #[must_use]
    pub fn raw(self) -> i128 {
        self.0
    }

    /// A whole number of units.
    #[must_use]
    pub fn whole(n: i64) -> Amount {
        Amount(i128::from(n) * UNIT)
    }
}

impl FromStr for Amount {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            format!("`{s}` is not an amount: write digits, an optional minus and up to {PLACES} decimals, e.g. 1250000.50")
        };
        // Thousands separators as people type them (`1,250,000`, `1，250，000`, `1 250 000`).
        let clean: String = s
            .trim()
            .chars()
            .filter(|c| !matches!(c, ',' | '，' | '_' | ' ' | '\u{a0}'))
            .collect();
        let (negative, digits) = match clean.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, clean.strip_prefix('+').unwrap_or(&clean)),
        };
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty()
            || !all_digits(whole)
            || !all_digits(frac)
            || frac.len() > PLACES as usize
        {
            return Err(bad());
        }
        if whole.len() > 19 {
            return Err(bad());
        }
        let w: i128 = whole.parse().map_err(|_| bad())?;
        if w > MAX_WHOLE {
            return Err(format!(
                "`{s}` is too large: amounts up to 10^15 are accepted"
            ));
        }
        let mut f: i128 = if frac.is_empty() {
            0
        } else {
            frac.parse().map_err(|_| bad())?
        };
        for _ in frac.len()..PLACES as usize {
            f *= 10;
        }
        let v = w * UNIT + f;
        Ok(Amount(if negative { -v } else { v }))
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let unit = UNIT.unsigned_abs();
        let (whole, frac) = (abs / unit, abs % unit);
        if frac == 0 {
            return write!(f, "{sign}{whole}");
        }
        let text = format!("{frac:04}");
        write!(f, "{sign}{whole}.{}", text.trim_end_matches('0'))
    }
}

impl Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// What an amount looks like, for the `wrong-type` finding a bad one gets.
        const EXPECTED: &str =
            "an amount: digits, an optional minus and up to 4 decimals, below 10^15, e.g. 1250000.50";
        fn read<E: serde::de::Error>(
            text: &str,
            unexpected: serde::de::Unexpected<'_>,
        ) -> Result<Amount, E> {
            text.parse()
                .map_err(|_| E::invalid_value(unexpected, &EXPECTED))
        }
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(EXPECTED)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Amount, E> {
                read(&v.to_string(), serde::de::Unexpected::Signed(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Amount, E> {
                read(&v.to_string(), serde::de::Unexpected::Unsigned(v))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Amount, E> {
                // The shortest text that reads back as the same float: what was typed.
                read(&format!("{v}"), serde::de::Unexpected::Float(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Amount, E> {
                read(v, serde::de::Unexpected::Str(v))
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl JsonSchema for Amount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Amount".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An amount in one currency unit used throughout (yuan or 万元): a number, or a string with up to 4 decimals and optional thousands separators.",
            "anyOf": [{ "type": "number" }, { "type": "string", "pattern": "^[-+]?[0-9][0-9,， _]*(\\.[0-9]{1,4})?$" }]
        })
    }
}

/// A figure from the financial statements that a ratio may use. The ids are a contract: the
/// answers file's `financials:` keys and the catalog's ratio terms.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Figure {
    TotalAssets,
    TotalAssetsOpening,
    TotalLiabilities,
    CurrentAssets,
    CurrentLiabilities,
    Cash,
    TradingFinancialAssets,
    NetOperatingCashFlow,
    Revenue,
    CostOfSales,
    OperatingProfit,
    NetProfit,
    TotalProfit,
    InterestExpense,
}

impl Figure {
    /// Every figure, in the order of a balance sheet, then cash flow and income statement.
    pub const ALL: [Figure; 14] = [
        Figure::TotalAssets,
        Figure::TotalAssetsOpening,
        Figure::TotalLiabilities,
        Figure::CurrentAssets,
        Figure::CurrentLiabilities,
        Figure::Cash,
        Figure::TradingFinancialAssets,
        Figure::NetOperatingCashFlow,
        Figure::Revenue,
        Figure::CostOfSales,
        Figure::OperatingProfit,
        Figure::NetProfit,
        Figure::TotalProfit,
        Figure::InterestExpense,
    ];

    /// The id as written in files.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Figure::TotalAssets => "total_assets",
            Figure::TotalAssetsOpening => "total_assets_opening",
            Figure::TotalLiabilities => "total_liabilities",
            Figure::CurrentAssets => "current_assets",
            Figure::CurrentLiabilities => "current_liabilities",
            Figure::Cash => "cash",
            Figure::TradingFinancialAssets => "trading_financial_assets",
            Figure::NetOperatingCashFlow => "net_operating_cash_flow",
            Figure::Revenue => "revenue",
            Figure::CostOfSales => "cost_of_sales",
            Figure::OperatingProfit => "operating_profit",
            Figure::NetProfit => "net_profit",
            Figure::TotalProfit => "total_profit",
            Figure::InterestExpense => "interest_expense",
        }
    }

    /// Every id, for suggestions.
    #[must_use]
    pub fn ids() -> Vec<&'static str> {
        Figure::ALL.iter().map(|f| f.id()).collect()
    }
}

impl FromStr for Figure {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Figure::ALL
            .into_iter()
            .find(|f| f.id() == s)
            .ok_or_else(|| format!("unknown figure `{s}`"))
    }
}

/// The auditor's opinion on the financial statements.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AuditOpinion {
    /// 无保留意见.
    Unqualified,
    /// 保留意见.
    Qualified,
    /// 否定意见.
    Adverse,
    /// 无法表示意见.
    Disclaimer,
}

impl AuditOpinion {
    /// Every opinion.
    pub const ALL: [AuditOpinion; 4] = [
        AuditOpinion::Unqualified,
        AuditOpinion::Qualified,
        AuditOpinion::Adverse,
        AuditOpinion::Disclaimer,
    ];

    /// The id as written in files.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            AuditOpinion::Unqualified => "unqualified",
            AuditOpinion::Qualified => "qualified",
            AuditOpinion::Adverse => "adverse",
            AuditOpinion::Disclaimer => "disclaimer",
        }
    }
}

impl AuditOpinion {
    /// The opinion's name on a Chinese audit report.
    #[must_use]
    pub fn chinese(self) -> &'static str {
        match self {
            AuditOpinion::Unqualified => "无保留意见",
            AuditOpinion::Qualified => "保留意见",
            AuditOpinion::Adverse => "否定意见",
            AuditOpinion::Disclaimer => "无法表示意见",
        }
    }
}

/// An opinion by its id, or by its name on a Chinese audit report (无保留意见, ...).
impl FromStr for AuditOpinion {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        AuditOpinion::ALL
            .into_iter()
            .find(|o| o.id() == s || o.chinese() == s)
            .ok_or_else(|| {
                format!("unknown audit opinion `{s}`: use unqualified, qualified, adverse or disclaimer")
            })
    }
}

/// The figures a company gives, from its audited statements of one year.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Financials {
    /// The financial year the figures are from.
    pub year: Option<u16>,
    /// Whether the company is a producer (生产型); thresholds may differ by kind. `None`:
    /// not said, so a threshold that depends on it is undetermined.
    pub producer: Option<bool>,
    /// The auditor's opinion.
    pub audit_opinion: Option<AuditOpinion>,
    /// Whether the company is in dissolution or declared bankrupt.
    pub in_liquidation: Option<bool>,
    /// The figures given, by id.
    pub figures: std::collections::BTreeMap<Figure, Amount>,
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// At most.
    Le,
    /// Below.
    Lt,
    /// At least.
    Ge,
    /// Above.
    Gt,
}

impl Op {
    /// The id as written in files.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Op::Le => "le",
            Op::Lt => "lt",
            Op::Ge => "ge",
            Op::Gt => "gt",
        }
    }

    /// The sign, for reports.
    #[must_use]
    pub fn sign(self) -> &'static str {
        match self {
            Op::Le => "≤",
            Op::Lt => "<",
            Op::Ge => "≥",
            Op::Gt => ">",
        }
    }

    fn holds(self, ordering: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        match self {
            Op::Le => matches!(ordering, Less | Equal),
            Op::Lt => ordering == Less,
            Op::Ge => matches!(ordering, Greater | Equal),
            Op::Gt => ordering == Greater,
        }
    }
}

impl FromStr for Op {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Op::Le, Op::Lt, Op::Ge, Op::Gt]
            .into_iter()
            .find(|o| o.id() == s)
            .ok_or_else(|| format!("unknown operator `{s}`: use le, lt, ge or gt"))
    }
}

/// A threshold in millionths (0.85 is 850000), the same for every company or one per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Threshold {
    /// One value.
    All(i64),
    /// Producers and other companies.
    ByKind {
        /// For a producer (生产型).
        producer: i64,
        /// For any other company.
        non_producer: i64,
    },
}

/// A threshold written as a decimal (`0.85`), in millionths.
#[must_use]
pub fn millionths(value: f64) -> Option<i64> {
    let m = (value * 1_000_000.0).round();
    // `as` is exact here: the value was rounded and checked to fit.
    #[allow(clippy::cast_possible_truncation)]
    (m.is_finite() && m.abs() < 1e15).then_some(m as i64)
}

/// A test on a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Test {
    /// How the value compares with the threshold.
    pub op: Op,
    /// The threshold.
    pub threshold: Threshold,
}

/// One term of a sum: a figure, added or subtracted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    /// The figure.
    pub figure: Figure,
    /// Subtracted rather than added.
    pub negative: bool,
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negative {
            f.write_str("-")?;
        }
        f.write_str(self.figure.id())
    }
}

/// What a ratio divides by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Denominator {
    /// Nothing: the numerator itself is tested.
    None,
    /// A sum of figures.
    Sum(Vec<Term>),
    /// The average of figures (opening and closing).
    Average(Vec<Figure>),
}

/// One ratio and its test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ratio {
    /// Snake-case id, e.g. `debt_ratio`.
    pub id: String,
    /// Display name.
    pub name: Text,
    /// The sum divided.
    pub numerator: Vec<Term>,
    /// What it is divided by.
    pub denominator: Denominator,
    /// Its test.
    pub test: Test,
    /// A second test on one figure that must hold too.
    pub also: Option<(Figure, Op, i64)>,
}

/// An item graded by how many of its ratios are met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatioGroup {
    /// Snake-case id (`solvency`).
    pub id: String,
    /// The item it grades.
    pub item: CriterionId,
    /// Display name.
    pub name: Text,
    /// Ratios met for `implemented`.
    pub meets_at: u32,
    /// Ratios met for `partial`.
    pub basically_at: u32,
    /// The ratios.
    pub ratios: Vec<Ratio>,
}

/// The catalog's finance rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinanceRules {
    /// Where the rules come from and what is not known.
    pub basis: Text,
    /// The item graded by the audit opinion, and the status each opinion gives.
    pub audit_opinion: Option<(CriterionId, Vec<(AuditOpinion, Status)>)>,
    /// The item that fails in dissolution or bankruptcy.
    pub liquidation: Option<CriterionId>,
    /// The items graded by ratios.
    pub groups: Vec<RatioGroup>,
}

impl FinanceRules {
    /// Every item these rules compute.
    #[must_use]
    pub fn items(&self) -> Vec<CriterionId> {
        let mut out: Vec<CriterionId> = self.groups.iter().map(|g| g.item).collect();
        out.extend(self.audit_opinion.as_ref().map(|a| a.0));
        out.extend(self.liquidation);
        out.sort();
        out
    }
}

/// How one ratio came out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RatioOutcome {
    /// The ratio's id.
    pub id: String,
    /// Its value to 4 decimals, when it could be computed.
    pub value: Option<String>,
    /// The threshold it was held to, as a decimal, when known.
    pub threshold: Option<String>,
    /// The operator.
    pub op: Op,
    /// `met`, `not_met` or `undetermined`.
    pub result: RatioResult,
    /// Why it is undetermined: `missing` (figures named), `zero-denominator`,
    /// `producer-unknown`.
    pub why: Option<String>,
}

/// Whether a ratio met its test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RatioResult {
    /// The test holds.
    Met,
    /// The test fails.
    NotMet,
    /// It could not be computed: never counted as met.
    Undetermined,
}

/// A computed item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Computed {
    /// The item.
    pub item: CriterionId,
    /// `audit_opinion`, `liquidation` or a ratio group's id.
    pub rule: String,
    /// The status it computes to; `None`: undetermined (scored as unanswered).
    pub status: Option<Status>,
    /// The ratios, for a ratio group.
    pub ratios: Vec<RatioOutcome>,
    /// For a ratio group: how many ratios were met.
    pub met: u32,
    /// Why the item is undetermined, when it is.
    pub why: Option<String>,
}

fn sum(terms: &[Term], fin: &Financials, missing: &mut Vec<&'static str>) -> Option<i128> {
    let mut total: i128 = 0;
    let mut complete = true;
    for t in terms {
        match fin.figures.get(&t.figure) {
            Some(a) => total += if t.negative { -a.0 } else { a.0 },
            None => {
                if !missing.contains(&t.figure.id()) {
                    missing.push(t.figure.id());
                }
                complete = false;
            }
        }
    }
    complete.then_some(total)
}

/// `n / d` to 4 decimals, rounded half away from zero, as text.
fn decimal(n: i128, d: i128) -> String {
    let scaled = n * 10_000;
    let q = scaled / d;
    let r = scaled % d;
    let q = if (2 * r).abs() >= d.abs() {
        q + if (n < 0) ^ (d < 0) { -1 } else { 1 }
    } else {
        q
    };
    let sign = if q < 0 { "-" } else { "" };
    let a = q.unsigned_abs();
    format!("{sign}{}.{:04}", a / 10_000, a % 10_000)
}

fn threshold_text(m: i64) -> String {
    let sign = if m < 0 { "-" } else { "" };
    let a = m.unsigned_abs();
    let frac = format!("{:06}", a % 1_000_000);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        format!("{sign}{}", a / 1_000_000)
    } else {
        format!("{sign}{}.{frac}", a / 1_000_000)
    }
}

/// One ratio, computed exactly.
#[must_use]
pub fn ratio(r: &Ratio, fin: &Financials) -> RatioOutcome {
    let threshold = match r.test.threshold {
        Threshold::All(v) => Some(v),
        Threshold::ByKind {
            producer,
            non_producer,
        } => fin
            .producer
            .map(|p| if p { producer } else { non_producer }),
    };
    let mut missing = Vec::new();
    let num = sum(&r.numerator, fin, &mut missing);
    // The denominator times `scale` is what the numerator is divided by.
    let (den, scale): (Option<i128>, i128) = match &r.denominator {
        Denominator::None => (Some(UNIT), 1),
        Denominator::Sum(terms) => (sum(terms, fin, &mut missing), 1),
        Denominator::Average(figures) => {
            let terms: Vec<Term> = figures
                .iter()
                .map(|f| Term {
                    figure: *f,
                    negative: false,
                })
                .collect();
            (
                sum(&terms, fin, &mut missing),
                i128::try_from(figures.len()).unwrap_or(1),
            )
        }
    };
    let also_figure = r.also.and_then(|(f, ..)| fin.figures.get(&f).copied());
    if let Some((f, ..)) = r.also {
        if also_figure.is_none() && !missing.contains(&f.id()) {
            missing.push(f.id());
        }
    }
    let undetermined = |why: String, value: Option<String>| RatioOutcome {
        id: r.id.clone(),
        value,
        threshold: threshold.map(threshold_text),
        op: r.test.op,
        result: RatioResult::Undetermined,
        why: Some(why),
    };
    if !missing.is_empty() {
        return undetermined(format!("missing: {}", missing.join(", ")), None);
    }
    let (Some(num), Some(den)) = (num, den) else {
        return undetermined("missing".to_string(), None);
    };
    if den == 0 {
        return undetermined("zero-denominator".to_string(), None);
    }
    // value = num * scale / den; compare with t / 1e6 without dividing:
    // num * scale * 1e6  ? t * den   (flipping the sense when den < 0).
    let value = decimal(num * scale, den);
    let Some(t) = threshold else {
        return undetermined("producer-unknown".to_string(), Some(value));
    };
    let left = num * scale * MILLION;
    let right = i128::from(t) * den;
    let ordering = if den > 0 {
        left.cmp(&right)
    } else {
        right.cmp(&left)
    };
    let mut met = r.test.op.holds(ordering);
    if let (Some((_, op, limit)), Some(a)) = (r.also, also_figure) {
        met &= op.holds((a.0 * MILLION).cmp(&(i128::from(limit) * UNIT)));
    }
    RatioOutcome {
        id: r.id.clone(),
        value: Some(value),
        threshold: Some(threshold_text(t)),
        op: r.test.op,
        result: if met {
            RatioResult::Met
        } else {
            RatioResult::NotMet
        },
        why: None,
    }
}

/// A ratio group's status from its ratios: determined only when the undetermined ratios could
/// not change it.
#[must_use]
pub fn group(g: &RatioGroup, fin: &Financials) -> Computed {
    let ratios: Vec<RatioOutcome> = g.ratios.iter().map(|r| ratio(r, fin)).collect();
    let count = |want: RatioResult| {
        u32::try_from(ratios.iter().filter(|r| r.result == want).count()).unwrap_or(u32::MAX)
    };
    let (met, open) = (count(RatioResult::Met), count(RatioResult::Undetermined));
    let level = |n: u32| {
        if n >= g.meets_at {
            Status::Implemented
        } else if n >= g.basically_at {
            Status::Partial
        } else {
            Status::NotImplemented
        }
    };
    // The worst and best the undetermined ratios allow.
    let (low, high) = (level(met), level(met + open));
    let status = (low == high).then_some(low);
    Computed {
        item: g.item,
        rule: g.id.clone(),
        status,
        why: status.is_none().then(|| {
            ratios
                .iter()
                .filter_map(|r| r.why.as_ref().map(|w| format!("{} {w}", r.id)))
                .collect::<Vec<_>>()
                .join("; ")
        }),
        ratios,
        met,
    }
}

/// Every item the rules compute from `fin`.
#[must_use]
pub fn compute(rules: &FinanceRules, fin: &Financials) -> Vec<Computed> {
    let mut out = Vec::new();
    if let Some((item, levels)) = &rules.audit_opinion {
        let status = fin
            .audit_opinion
            .and_then(|o| levels.iter().find(|(k, _)| *k == o).map(|(_, s)| *s));
        out.push(Computed {
            item: *item,
            rule: "audit_opinion".to_string(),
            status,
            ratios: Vec::new(),
            met: 0,
            why: status
                .is_none()
                .then(|| "missing: audit_opinion".to_string()),
        });
    }
    for g in &rules.groups {
        out.push(group(g, fin));
    }
    if let Some(item) = rules.liquidation {
        let status = fin.in_liquidation.map(|l| {
            if l {
                Status::NotImplemented
            } else {
                Status::Implemented
            }
        });
        out.push(Computed {
            item,
            rule: "liquidation".to_string(),
            status,
            ratios: Vec::new(),
            met: 0,
            why: status
                .is_none()
                .then(|| "missing: in_liquidation".to_string()),
        });
    }
    out.sort_by_key(|c| c.item);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fin(pairs: &[(Figure, i64)]) -> Financials {
        Financials {
            producer: Some(true),
            figures: pairs.iter().map(|(f, v)| (*f, Amount::whole(*v))).collect(),
            ..Financials::default()
        }
    }

    fn debt_ratio() -> Ratio {
        Ratio {
            id: "debt_ratio".into(),
            name: Text::new("Debt ratio", "资产负债率"),
            numerator: vec![Term {
                figure: Figure::TotalLiabilities,
                negative: false,
            }],
            denominator: Denominator::Sum(vec![Term {
                figure: Figure::TotalAssets,
                negative: false,
            }]),
            test: Test {
                op: Op::Le,
                threshold: Threshold::ByKind {
                    producer: 850_000,
                    non_producer: 750_000,
                },
            },
            also: None,
        }
    }

    #[test]
    fn opinions_read_by_id_or_by_their_chinese_name() {
        for o in AuditOpinion::ALL {
            assert_eq!(o.id().parse::<AuditOpinion>(), Ok(o));
            assert_eq!(o.chinese().parse::<AuditOpinion>(), Ok(o));
        }
        assert!("clean".parse::<AuditOpinion>().is_err());
    }

    #[test]
    fn amounts_read_as_typed_and_exactly() {
        assert_eq!("1,250,000.5".parse::<Amount>(), Ok(Amount(12_500_005_000)));
        assert_eq!("-0.0001".parse::<Amount>(), Ok(Amount(-1)));
        assert_eq!(Amount(12_500_005_000).to_string(), "1250000.5");
        for bad in [
            "",
            "1.23456",
            "abc",
            "1e5",
            "--1",
            "1.2.3",
            "12345678901234567890",
        ] {
            assert!(bad.parse::<Amount>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_ratio_on_its_threshold_is_judged_by_the_operator_exactly() {
        let r = debt_ratio();
        let at = ratio(
            &r,
            &fin(&[(Figure::TotalLiabilities, 85), (Figure::TotalAssets, 100)]),
        );
        assert_eq!(at.result, RatioResult::Met, "{at:?}");
        assert_eq!(at.value.as_deref(), Some("0.8500"));
        let over = ratio(
            &r,
            &Financials {
                figures: [
                    (Figure::TotalLiabilities, "85.0001".parse().expect("amount")),
                    (Figure::TotalAssets, Amount::whole(100)),
                ]
                .into_iter()
                .collect(),
                producer: Some(true),
                ..Financials::default()
            },
        );
        assert_eq!(over.result, RatioResult::NotMet);
        let other = Financials {
            producer: Some(false),
            ..fin(&[(Figure::TotalLiabilities, 80), (Figure::TotalAssets, 100)])
        };
        assert_eq!(ratio(&r, &other).result, RatioResult::NotMet);
    }

    #[test]
    fn zero_denominators_missing_figures_and_unknown_kinds_are_undetermined() {
        let r = debt_ratio();
        let zero = ratio(
            &r,
            &fin(&[(Figure::TotalLiabilities, 1), (Figure::TotalAssets, 0)]),
        );
        assert_eq!(zero.result, RatioResult::Undetermined);
        assert_eq!(zero.why.as_deref(), Some("zero-denominator"));
        let missing = ratio(&r, &fin(&[(Figure::TotalLiabilities, 1)]));
        assert_eq!(missing.why.as_deref(), Some("missing: total_assets"));
        let unknown = Financials {
            producer: None,
            ..fin(&[(Figure::TotalLiabilities, 1), (Figure::TotalAssets, 2)])
        };
        assert_eq!(ratio(&r, &unknown).why.as_deref(), Some("producer-unknown"));
    }

    #[test]
    fn a_group_is_determined_only_when_open_ratios_cannot_change_it() {
        let g = RatioGroup {
            id: "solvency".into(),
            item: CriterionId::item(13),
            name: Text::new("Solvency", "偿债能力"),
            meets_at: 2,
            basically_at: 1,
            ratios: vec![debt_ratio(), debt_ratio()],
        };
        let both = group(
            &g,
            &fin(&[(Figure::TotalLiabilities, 10), (Figure::TotalAssets, 100)]),
        );
        assert_eq!(both.status, Some(Status::Implemented));
        let none = group(
            &g,
            &fin(&[(Figure::TotalLiabilities, 1), (Figure::TotalAssets, 0)]),
        );
        assert_eq!(
            none.status, None,
            "two undetermined ratios may be 0, 1 or 2 met"
        );
        let failed = group(
            &g,
            &fin(&[(Figure::TotalLiabilities, 99), (Figure::TotalAssets, 100)]),
        );
        assert_eq!(failed.status, Some(Status::NotImplemented));
    }
}
