//! The HTML rendering of a [`Report`]: one self-contained page.
//!
//! The page comes from `templates/report.html`, an askama template checked at compile time
//! that HTML-escapes every value it prints, so text from the answers file cannot become
//! markup. It has no script, no external file and no font download: the stylesheet is
//! inline (allowed by its hash in a Content-Security-Policy that forbids everything else)
//! and the bar chart is inline SVG drawn with presentation attributes.

use super::{aging, BlockerPart, GapPart, NextPart, Report, WaiverPart};
use crate::answers::Evidence;
use crate::criteria::{CriterionId, Requirement};
use crate::messages::Messages;
use crate::scoring::{Freshness, Standing, WaiverState};
use askama::Template;
use sha2::{Digest as _, Sha256};

/// The page's stylesheet, inlined in a `<style>` element.
const CSS: &str = include_str!("../../templates/report.css");

/// Chart geometry (SVG user units).
const CHART_WIDTH: u32 = 480;
const CHART_TRACK: u32 = 420;
const ROW_HEIGHT: u32 = 36;

#[derive(Template)]
#[template(path = "report.html")]
struct Page<'a> {
    r: &'a Report,
    msg: &'a Messages,
    lang: &'static str,
    csp: String,
    css: &'static str,
    chart: Chart,
    score_rows: Vec<ScoreRow<'a>>,
    levels: Vec<Level<'a>>,
    plan: Vec<&'a GapPart>,
    manifest: Vec<(&'a str, String)>,
    /// The side-by-side section, rendered (and escaped) by its own template.
    also: String,
}

impl<'a> Page<'a> {
    fn t<'k>(&'k self, key: &'k str) -> &'k str {
        self.msg.get(key)
    }

    fn pct(&self, p: &f64) -> String {
        format!("{p:.1}%")
    }

    fn req(&self, r: &Requirement) -> &str {
        super::requirement_label(self.msg, *r)
    }

    fn status(&self, s: &Standing) -> &str {
        super::status_label(self.msg, *s)
    }

    fn fill(&self, key: &str, name: &str, value: &str) -> String {
        super::fill(self.msg.get(key), &[(name, value.to_string())])
    }

    fn label(&self, key: &str) -> String {
        super::label(self.msg, key)
    }

    fn blockers<'n>(&self, next: &'n NextPart) -> (&'n [BlockerPart], Option<String>) {
        super::summary_blockers(next, self.msg)
    }

    fn due(&self, date: &str) -> String {
        super::fill(self.msg.get("doc:due-on"), &[("date", date.to_string())])
    }

    fn ids(&self, ids: &[CriterionId]) -> String {
        super::ids(ids, self.msg)
    }

    fn elements(&self, e: &[&str]) -> String {
        super::elements(self.msg, e)
    }

    fn as_of(&self) -> String {
        aging::as_of_value(self.msg, &self.r.as_of)
    }

    fn evidence(&self, e: &Evidence) -> String {
        super::evidence_line(self.msg, e)
    }

    fn age(&self, f: &Freshness) -> &str {
        aging::freshness_label(self.msg, *f)
    }

    fn age_until(&self, f: &Freshness, until: &Option<String>) -> String {
        aging::until_phrase(self.msg, *f, until.as_deref()).unwrap_or_default()
    }

    fn waived(&self, state: &WaiverState, r: &Requirement) -> &str {
        aging::waiver_mark(self.msg, *state, *r)
    }

    /// The badge class of a gap's waiver: alarming for a Must left unmet or an expiry.
    fn waiver_class(&self, state: &WaiverState, r: &Requirement) -> &'static str {
        if !state.holds() || *r == Requirement::Must {
            "waiver-alarm"
        } else {
            "waiver-ok"
        }
    }

    fn effect(&self, w: &WaiverPart) -> String {
        aging::waiver_effect(self.msg, w)
    }

    fn alarming(&self, w: &WaiverPart) -> bool {
        aging::waiver_alarming(w)
    }

    fn facts(&self, w: &WaiverPart) -> Vec<(&str, Vec<String>)> {
        aging::waiver_facts(self.msg, w)
            .into_iter()
            .map(|(k, v)| (k, v.lines().map(str::to_string).collect()))
            .collect()
    }

    fn intro(&self, key: &str) -> String {
        aging::intro(self.msg, self.r, key)
    }

    fn undated(&self) -> Vec<String> {
        aging::undated_lines(self.r)
    }

    /// With a lower level graded: the indicative level, and this standard's own result.
    fn lower_headline(&self) -> Option<(String, String)> {
        self.r
            .grade
            .as_ref()
            .and_then(|g| g.lower.as_ref())
            .filter(|l| l.gates_hold)?;
        match super::headline(self.r, self.msg) {
            (first, Some(second)) => Some((first, second)),
            _ => None,
        }
    }

    /// The lower level's line when it was not reached either.
    fn lower_missed(&self) -> Option<&str> {
        self.r
            .grade
            .as_ref()
            .and_then(|g| g.lower.as_ref())
            .filter(|l| !l.gates_hold)
            .map(|l| l.line.as_str())
    }

    fn labelled(&self, key: &str, value: &str) -> String {
        self.msg.labelled(key, value)
    }

    fn declared(&self, id: &CriterionId) -> bool {
        self.r.declared(*id)
    }

    fn counts_line(
        &self,
        key: &str,
        c: &super::grade::CountsPart,
        words: &super::grade::LevelWords,
    ) -> String {
        super::grade_counts_line(self.msg, key, c, words)
    }

    /// The article table: each class's name, then its articles.
    fn article_rows<'g>(&self, g: &'g super::grade::GradePart) -> Vec<ArticleRow<'g>>
    where
        'a: 'g,
    {
        let mut rows = Vec::new();
        for (area, mine) in g.articles_by_area(&self.r.focus_areas) {
            rows.push(ArticleRow {
                area: true,
                number: 0,
                name: &area.name,
                counts: super::grade::CountsPart::default(),
            });
            rows.extend(mine.into_iter().map(|a| ArticleRow {
                area: false,
                number: a.number,
                name: &a.name,
                counts: a.counts,
            }));
        }
        rows
    }

    /// The items failed, unanswered and basically met, each list under its heading key.
    fn item_lists<'g>(
        &self,
        g: &'g super::grade::GradePart,
    ) -> Vec<(&'static str, &'g [super::grade::ItemPart])> {
        [
            ("grade:items-failed", &g.failed),
            ("grade:items-unanswered", &g.unanswered),
            ("grade:items-basically", &g.basically),
        ]
        .into_iter()
        .filter(|(_, items)| !items.is_empty())
        .map(|(k, items)| (k, items.as_slice()))
        .collect()
    }

    fn counts(&self) -> String {
        self.msg
            .labelled("report:freshness", &aging::counts_line(self.msg, self.r))
    }
}

struct Chart {
    width: u32,
    height: u32,
    track: u32,
    value_x: u32,
    bars: Vec<Bar>,
}

struct Bar {
    label: String,
    area: bool,
    label_y: u32,
    bar_y: u32,
    value_y: u32,
    width: String,
    fill: &'static str,
    value: String,
}

struct ScoreRow<'a> {
    area: bool,
    number: String,
    name: &'a str,
    percent: f64,
    earned: u64,
    possible: u64,
    must_gaps: usize,
    should_gaps: usize,
}

struct ArticleRow<'a> {
    area: bool,
    number: u16,
    name: &'a str,
    counts: super::grade::CountsPart,
}

struct Level<'a> {
    heading: &'a str,
    categories: Vec<CategoryGaps<'a>>,
}

struct CategoryGaps<'a> {
    title: String,
    gaps: Vec<&'a GapPart>,
}

/// Bar colour by score: red below 60 %, amber below 90 %, green from 90 %.
pub(super) fn fill(percent: f64, area: bool) -> &'static str {
    match (percent, area) {
        (p, false) if p < 60.0 => "#c0504d",
        (p, true) if p < 60.0 => "#a4262c",
        (p, false) if p < 90.0 => "#d08a1e",
        (p, true) if p < 90.0 => "#a15c00",
        (_, false) => "#4f9a53",
        (_, true) => "#2e7d32",
    }
}

fn chart(r: &Report) -> Chart {
    let mut rows: Vec<(String, bool, f64)> = Vec::new();
    for area in &r.focus_areas {
        rows.push((area.name.clone(), true, area.percent));
        for k in r.categories.iter().filter(|k| k.focus_area == area.id) {
            rows.push((format!("{}. {}", k.number, k.name), false, k.percent));
        }
    }
    let mut bars = Vec::new();
    let mut top = 0;
    for (label, area, percent) in rows {
        let clamped = percent.clamp(0.0, 100.0);
        bars.push(Bar {
            label,
            area,
            label_y: top + 13,
            bar_y: top + 18,
            value_y: top + 29,
            width: format!("{:.1}", clamped * f64::from(CHART_TRACK) / 100.0),
            fill: fill(clamped, area),
            value: format!("{percent:.1}%"),
        });
        top += ROW_HEIGHT;
    }
    Chart {
        width: CHART_WIDTH,
        height: top.max(ROW_HEIGHT),
        track: CHART_TRACK,
        value_x: CHART_WIDTH,
        bars,
    }
}

/// Standard base64 (RFC 4648, with padding), for the CSP hash.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The Content-Security-Policy: nothing may load or run except this page's own stylesheet.
fn csp() -> String {
    style_csp(CSS)
}

/// The Content-Security-Policy of a page whose only resource is the inline stylesheet `css`
/// (the partners report uses it too).
pub(crate) fn style_csp(css: &str) -> String {
    format!(
        "default-src 'none'; style-src 'sha256-{}'; img-src data:; base-uri 'none'; form-action 'none'",
        base64(&Sha256::digest(css.as_bytes()))
    )
}

/// Renders the whole report as one HTML page.
///
/// # Errors
/// When the template fails to render (it has no fallible parts; askama's API is fallible).
pub fn render(report: &Report, msg: &Messages) -> Result<String, askama::Error> {
    let mut score_rows = Vec::new();
    for area in &report.focus_areas {
        score_rows.push(ScoreRow {
            area: true,
            number: String::new(),
            name: &area.name,
            percent: area.percent,
            earned: area.earned,
            possible: area.possible,
            must_gaps: area.counts.must_gaps,
            should_gaps: area.counts.should_gaps,
        });
        for k in report.categories.iter().filter(|k| k.focus_area == area.id) {
            score_rows.push(ScoreRow {
                area: false,
                number: k.number.to_string(),
                name: &k.name,
                percent: k.percent,
                earned: k.earned,
                possible: k.possible,
                must_gaps: k.counts.must_gaps,
                should_gaps: k.counts.should_gaps,
            });
        }
    }
    let levels = [
        (Requirement::Must, "doc:gaps-musts"),
        (Requirement::Should, "doc:gaps-shoulds"),
    ]
    .into_iter()
    .filter_map(|(level, heading)| {
        let groups = super::gap_groups(report, level);
        (!groups.is_empty()).then(|| Level {
            heading: msg.get(heading),
            categories: groups
                .into_iter()
                .map(|(number, name, gaps)| CategoryGaps {
                    title: super::category_title(msg, number, name),
                    gaps,
                })
                .collect(),
        })
    })
    .collect();
    let page = Page {
        r: report,
        msg,
        lang: report.lang.tag(),
        csp: csp(),
        css: CSS,
        chart: chart(report),
        score_rows,
        levels,
        plan: report.action_plan(),
        manifest: super::manifest_lines(report, msg),
        also: super::also::html(report, msg)?,
    };
    // The template holds no bidi control, so every one in the page was quoted from a file:
    // neutralised, none can reorder a line (an override in a note made `1.1 Must` read
    // backwards). Names inline in a sentence are also isolated with `<bdi>` by the template.
    let mut html = page.render()?;
    if html.chars().any(crate::text::is_bidi_control) {
        html = html
            .chars()
            .map(|c| {
                if crate::text::is_bidi_control(c) {
                    '\u{fffd}'
                } else {
                    c
                }
            })
            .collect();
    }
    if !html.ends_with('\n') {
        html.push('\n');
    }
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (input, want) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), want);
        }
    }

    #[test]
    fn csp_allows_only_the_inline_stylesheet() {
        let csp = csp();
        assert!(csp.starts_with("default-src 'none'; style-src 'sha256-"));
        assert!(!csp.contains("script-src"));
        assert!(!csp.contains("unsafe"));
    }

    /// Every `self.t("...")` key the template uses exists in criteria/ui.yaml.
    #[test]
    fn every_template_key_is_translated() {
        let template = include_str!("../../templates/report.html");
        let en = Messages::embedded(crate::text::Lang::En);
        let keys: Vec<&str> = template
            .split("self.t(\"")
            .skip(1)
            .filter_map(|p| p.split('"').next())
            .collect();
        assert!(keys.len() > 20);
        for key in keys {
            assert_ne!(en.get(key), key, "{key} is not in criteria/ui.yaml");
        }
    }
}
