//! The interactive questionnaire as a pure state machine.
//!
//! [`Session`] holds the answers and the order of the questions still to ask: the next
//! question, back, skip, the pass over skipped questions, the review of partial and N/A
//! answers, and the progress counts. [`Questionnaire`] walks a company through it one
//! criterion at a time ([`Questionnaire::step`]), talking to the person only through the
//! [`Prompter`] trait, so the whole flow is tested with a scripted prompter and no terminal.
//! The edge (`cli`) implements the trait with dialoguer and saves the answers after every
//! [`Step::Answered`].

use crate::answers::{Answer, Answers, Company, Draft, Evidence, Status};
use crate::calendar::is_date;
use crate::criteria::{Catalog, Criterion, CriterionId, Entity, Requirement};
use crate::diagnostic::fill;
use crate::messages::Messages;
use crate::text::Lang;
use std::collections::BTreeMap;

/// Why a prompt gave no answer.
#[derive(Debug, thiserror::Error)]
pub enum PromptError {
    /// The person pressed Ctrl-C (or the process got SIGINT).
    #[error("interrupted")]
    Interrupted,
    /// The terminal failed.
    #[error("terminal error: {0}")]
    Terminal(#[from] std::io::Error),
}

/// How the questionnaire talks to a person: show text, pick from a list, type a line,
/// answer yes or no. Implemented with dialoguer in the CLI and by a script in tests.
pub trait Prompter {
    /// Shows lines of text (headings, progress, guidance).
    ///
    /// # Errors
    /// When the terminal fails or the session is interrupted.
    fn show(&mut self, text: &str) -> Result<(), PromptError>;

    /// Asks to pick one of `items`; returns its index. `default` is highlighted first.
    ///
    /// # Errors
    /// When the terminal fails or the session is interrupted.
    fn select(
        &mut self,
        prompt: &str,
        items: &[String],
        default: usize,
    ) -> Result<usize, PromptError>;

    /// Asks for one line of text, pre-filled with `initial`; may return an empty string.
    ///
    /// # Errors
    /// When the terminal fails or the session is interrupted.
    fn input(&mut self, prompt: &str, initial: &str) -> Result<String, PromptError>;

    /// Asks a yes/no question.
    ///
    /// # Errors
    /// When the terminal fails or the session is interrupted.
    fn confirm(&mut self, prompt: &str, default: bool) -> Result<bool, PromptError>;
}

/// Where the questionnaire stands in its run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// 1-based position of the current question's category among those with questions.
    pub category: usize,
    /// Categories with at least one applicable question.
    pub categories: usize,
    /// 1-based position of the current question among all applicable ones.
    pub question: usize,
    /// Applicable questions.
    pub questions: usize,
    /// Applicable questions answered so far.
    pub answered: usize,
    /// Applicable Musts answered partial or not implemented so far.
    pub must_gaps: usize,
}

/// Which pass over the questions is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// The unanswered questions, in catalog order.
    Main,
    /// Questions skipped in an earlier pass.
    Skipped,
    /// Answers marked partial or not applicable, offered for review after a resume.
    Review,
}

/// The answers and the questions still to ask: pure state, no prompting.
#[derive(Debug, Clone)]
pub struct Session<'c> {
    catalog: &'c Catalog,
    answers: Answers,
    applicable: Vec<CriterionId>,
    categories: Vec<u16>,
    queue: Vec<CriterionId>,
    pos: usize,
    pass: Pass,
}

impl<'c> Session<'c> {
    /// A session over `answers`: the first pass asks the answers marked `review: true` (carried
    /// by `ctpat migrate` from a criterion that changed), then every applicable question that
    /// has no answer yet, each group in catalog order (all of them for a new company).
    #[must_use]
    pub fn new(catalog: &'c Catalog, answers: Answers) -> Self {
        let entity = answers.company.entity;
        let applicable: Vec<CriterionId> = catalog.applicable(entity).map(|c| c.id).collect();
        let mut categories: Vec<u16> = applicable.iter().map(|id| id.category).collect();
        categories.dedup();
        let mut session = Session {
            catalog,
            answers,
            applicable,
            categories,
            queue: Vec::new(),
            pos: 0,
            pass: Pass::Main,
        };
        let flagged = session.flagged();
        let mut queue = flagged.clone();
        queue.extend(
            session
                .unanswered()
                .into_iter()
                .filter(|id| !flagged.contains(id)),
        );
        session.queue = queue;
        session
    }

    /// Applicable questions marked `review: true`, in catalog order.
    #[must_use]
    pub fn flagged(&self) -> Vec<CriterionId> {
        self.applicable
            .iter()
            .filter(|id| self.answers.kept.review.contains(id))
            .copied()
            .collect()
    }

    /// Whether the current question is marked `review: true`.
    #[must_use]
    pub fn current_flagged(&self) -> bool {
        self.queue
            .get(self.pos)
            .is_some_and(|id| self.answers.kept.review.contains(id))
    }

    /// The answers so far.
    #[must_use]
    pub fn answers(&self) -> &Answers {
        &self.answers
    }

    /// The pass running.
    #[must_use]
    pub fn pass(&self) -> Pass {
        self.pass
    }

    /// The question to ask now, or `None` when this pass is through.
    #[must_use]
    pub fn current(&self) -> Option<&'c Criterion> {
        let catalog: &'c Catalog = self.catalog;
        self.queue
            .get(self.pos)
            .and_then(|id| catalog.criterion(*id))
    }

    /// The answer already given to the current question, if any.
    #[must_use]
    pub fn current_answer(&self) -> Option<&Answer> {
        self.queue
            .get(self.pos)
            .and_then(|id| self.answers.answers.get(id))
    }

    /// Whether the current question is the first of this pass (nothing to go back to).
    #[must_use]
    pub fn at_start(&self) -> bool {
        self.pos == 0
    }

    /// What the current question already carries without a status (a note, evidence, an
    /// owner or a due date written under an empty `status:`), if anything.
    #[must_use]
    pub fn current_draft(&self) -> Option<&Draft> {
        self.queue
            .get(self.pos)
            .and_then(|id| self.answers.kept.drafts.get(id))
    }

    /// Records the answer to the current question and moves to the next.
    pub fn answer(&mut self, answer: Answer) {
        if let Some(id) = self.queue.get(self.pos) {
            // The draft's details were offered with the question; the answer replaces it.
            self.answers.kept.drafts.remove(id);
            // Answered again: reviewed.
            self.answers.kept.review.remove(id);
            self.answers.answers.insert(*id, answer);
            self.pos += 1;
        }
    }

    /// Moves on without changing the current question's answer (unanswered stays so).
    pub fn skip(&mut self) {
        if self.pos < self.queue.len() {
            self.pos += 1;
        }
    }

    /// Goes back to the previous question of this pass, or, at the first question of a pass
    /// (after a resume, or in the pass over skipped questions), to the question before it in
    /// catalog order, answered or not. False only at the very first applicable question.
    pub fn back(&mut self) -> bool {
        if self.pos > 0 {
            self.pos -= 1;
            return true;
        }
        let Some(current) = self.queue.get(self.pos) else {
            return false;
        };
        let Some(i) = self.applicable.iter().position(|id| id == current) else {
            return false;
        };
        match i.checked_sub(1).and_then(|j| self.applicable.get(j)) {
            Some(previous) => {
                self.queue.insert(self.pos, *previous);
                true
            }
            None => false,
        }
    }

    /// Makes `id` the current question (answered or not); after it is answered or skipped,
    /// the questionnaire carries on where it was. False when `id` does not apply.
    pub fn go_to(&mut self, id: CriterionId) -> bool {
        if !self.applicable.contains(&id) {
            return false;
        }
        let later = self.pos.min(self.queue.len());
        if let Some(j) = self.queue[later..].iter().position(|q| *q == id) {
            self.queue.remove(later + j);
        }
        self.queue.insert(later, id);
        true
    }

    /// Applicable questions with no answer, in catalog order.
    #[must_use]
    pub fn unanswered(&self) -> Vec<CriterionId> {
        self.applicable
            .iter()
            .filter(|id| !self.answers.answers.contains_key(id))
            .copied()
            .collect()
    }

    /// Applicable questions answered partial or not applicable, in catalog order.
    #[must_use]
    pub fn to_review(&self) -> Vec<CriterionId> {
        self.applicable
            .iter()
            .filter(|id| {
                self.answers
                    .answers
                    .get(id)
                    .is_some_and(|a| matches!(a.status, Status::Partial | Status::NotApplicable))
            })
            .copied()
            .collect()
    }

    /// Starts a new pass over `ids` (kept in catalog order).
    pub fn start_pass(&mut self, pass: Pass, mut ids: Vec<CriterionId>) {
        ids.sort();
        ids.dedup();
        ids.retain(|id| self.applicable.contains(id));
        self.queue = ids;
        self.pos = 0;
        self.pass = pass;
    }

    /// Where the run stands, for the progress line.
    #[must_use]
    pub fn progress(&self) -> Progress {
        let current = self.queue.get(self.pos);
        let question = current
            .and_then(|id| self.applicable.iter().position(|a| a == id))
            .map_or(self.applicable.len(), |i| i + 1);
        let category = current
            .and_then(|id| self.categories.iter().position(|c| *c == id.category))
            .map_or(self.categories.len(), |i| i + 1);
        let mut answered = 0;
        let mut must_gaps = 0;
        for id in &self.applicable {
            let Some(a) = self.answers.answers.get(id) else {
                continue;
            };
            answered += 1;
            let must = self
                .catalog
                .criterion(*id)
                .is_some_and(|c| c.requirement == Requirement::Must);
            if must && matches!(a.status, Status::Partial | Status::NotImplemented) {
                must_gaps += 1;
            }
        }
        Progress {
            category,
            categories: self.categories.len(),
            question,
            questions: self.applicable.len(),
            answered,
            must_gaps,
        }
    }
}

/// What one [`Questionnaire::step`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// An answer was recorded: save now.
    Answered,
    /// Moved without changing any answer (skip, back, a new pass).
    Moved,
    /// Every pass is through; the answers are final.
    Finished,
    /// The person chose "save and quit".
    Quit,
}

/// The choices offered for each criterion, in menu order.
const CHOICES: [&str; 9] = [
    "interactive:choice-implemented",
    "interactive:choice-partial",
    "interactive:choice-not-implemented",
    "interactive:choice-not-applicable",
    "interactive:choice-guidance",
    "interactive:choice-skip",
    "interactive:choice-back",
    "interactive:choice-goto",
    "interactive:choice-quit",
];

/// Index in [`CHOICES`] of each status.
fn choice_of(status: Status) -> usize {
    match status {
        Status::Implemented => 0,
        Status::Partial => 1,
        Status::NotImplemented => 2,
        Status::NotApplicable => 3,
    }
}

/// What comes after the current pass ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum After {
    /// Offer the skipped questions, then (after a resume) the review.
    OfferSkipped,
    /// Offer the review (after a resume).
    OfferReview,
    /// Done.
    Finish,
}

/// Walks a company through the criteria, one question per [`step`](Questionnaire::step).
#[derive(Debug)]
pub struct Questionnaire<'c> {
    session: Session<'c>,
    msg: Messages,
    resumed: bool,
    after: After,
    last_category: Option<u16>,
    last_area: Option<String>,
}

impl<'c> Questionnaire<'c> {
    /// A questionnaire over `session`, speaking `msg`'s language. `resumed` offers the
    /// review of partial and not-applicable answers at the end.
    #[must_use]
    pub fn new(session: Session<'c>, msg: Messages, resumed: bool) -> Self {
        Questionnaire {
            session,
            msg,
            resumed,
            after: After::OfferSkipped,
            last_category: None,
            last_area: None,
        }
    }

    /// The session (answers, progress).
    #[must_use]
    pub fn session(&self) -> &Session<'c> {
        &self.session
    }

    /// The answers so far.
    #[must_use]
    pub fn answers(&self) -> &Answers {
        self.session.answers()
    }

    /// Asks about one criterion (or offers the next pass when this one is through).
    ///
    /// # Errors
    /// When a prompt fails or is interrupted; every answer recorded before is kept.
    pub fn step(&mut self, p: &mut dyn Prompter) -> Result<Step, PromptError> {
        let Some(criterion) = self.session.current() else {
            return self.next_pass(p);
        };
        if !self.heading(p, criterion)? {
            p.show("")?;
        }
        let progress = self.session.progress();
        p.show(&self.progress_line(&progress))?;
        let badge = match criterion.requirement {
            Requirement::Must => self.msg.get("badge:must"),
            Requirement::Should => self.msg.get("badge:should"),
        };
        let lang = self.msg.lang();
        p.show(&format!(
            "{} [{badge}] {}\n{}",
            criterion.id,
            criterion.title.get(lang),
            criterion.question.get(lang)
        ))?;
        let existing = self.session.current_answer().cloned();
        if let Some(a) = &existing {
            let key = format!("status:{}", a.status.id());
            let line = fill(
                self.msg.get("interactive:current"),
                &[("status", self.msg.get(&key))],
            );
            p.show(&line)?;
        }
        if self.session.current_flagged() {
            let version = self
                .session
                .answers()
                .kept
                .migrated_from
                .as_ref()
                .map_or("?", |m| m.criteria_version.as_str());
            p.show(&fill(
                self.msg.get("interactive:needs-review"),
                &[("version", version)],
            ))?;
        }
        // Details written under an empty `status:` are offered with whichever answer is given.
        let draft = match &existing {
            Some(_) => None,
            None => self.session.current_draft().cloned(),
        };
        if let Some(d) = &draft {
            p.show(&self.draft_lines(d))?;
        }
        let items: Vec<String> = CHOICES
            .iter()
            .map(|k| self.msg.get(k).to_string())
            .collect();
        let default = existing.as_ref().map_or(0, |a| choice_of(a.status));
        loop {
            let choice = p.select(self.msg.get("interactive:answer"), &items, default)?;
            let status = match choice {
                0 => Status::Implemented,
                1 => Status::Partial,
                2 => Status::NotImplemented,
                3 => Status::NotApplicable,
                4 => {
                    p.show(&self.guidance(criterion))?;
                    continue;
                }
                5 => {
                    self.session.skip();
                    return Ok(Step::Moved);
                }
                6 => {
                    if self.session.back() {
                        // Show the heading again for the question gone back to.
                        self.last_category = None;
                        return Ok(Step::Moved);
                    }
                    p.show(self.msg.get("interactive:first-of-all"))?;
                    continue;
                }
                7 => {
                    if self.go_to(p)? {
                        self.last_category = None;
                        return Ok(Step::Moved);
                    }
                    continue;
                }
                _ => return Ok(Step::Quit),
            };
            let prior = existing
                .clone()
                .or_else(|| draft.as_ref().map(|d| d.with_status(status)));
            let answer = self.details(p, criterion, status, prior.as_ref())?;
            self.session.answer(answer);
            return Ok(Step::Answered);
        }
    }

    /// Prints the focus area and category when they change; true when it printed.
    fn heading(&mut self, p: &mut dyn Prompter, c: &Criterion) -> Result<bool, PromptError> {
        if self.last_category == Some(c.category) {
            return Ok(false);
        }
        self.last_category = Some(c.category);
        let lang = self.msg.lang();
        let catalog = self.session.catalog;
        let category = catalog.category(c.category);
        let area_id = category.map(|k| k.focus_area.clone());
        let mut text = String::from("\n");
        if area_id != self.last_area {
            self.last_area.clone_from(&area_id);
            if let Some(area) = area_id.as_deref().and_then(|a| catalog.focus_area(a)) {
                text.push_str(&format!("━━ {} ━━\n", area.name.get(lang).to_uppercase()));
            }
        }
        let name = category.map_or("", |k| k.name.get(lang));
        text.push_str(&format!("── {}. {name} ──", c.category));
        p.show(&text)?;
        Ok(true)
    }

    /// What an unanswered question already carries, one item per line.
    fn draft_lines(&self, d: &Draft) -> String {
        let mut s = self.msg.get("interactive:draft").to_string();
        for (key, value) in [
            ("interactive:draft-note", &d.note),
            ("interactive:draft-owner", &d.owner),
            ("interactive:draft-due", &d.due),
        ] {
            if let Some(v) = value {
                s.push_str("\n  ");
                s.push_str(&fill(self.msg.get(key), &[("value", v.as_str())]));
            }
        }
        for e in &d.evidence {
            s.push_str("\n  - ");
            s.push_str(e);
        }
        s
    }

    fn progress_line(&self, progress: &Progress) -> String {
        fill(
            self.msg.get("interactive:progress"),
            &[
                ("category", progress.category.to_string()),
                ("categories", progress.categories.to_string()),
                ("question", progress.question.to_string()),
                ("questions", progress.questions.to_string()),
                ("gaps", progress.must_gaps.to_string()),
            ],
        )
    }

    fn guidance(&self, c: &Criterion) -> String {
        let lang = self.msg.lang();
        let mut s = format!(
            "{}:\n  {}\n",
            self.msg.get("show:good"),
            c.guidance.good.get(lang)
        );
        if !c.guidance.evidence.is_empty() {
            s.push_str(self.msg.get("show:evidence"));
            s.push(':');
            for e in &c.guidance.evidence {
                s.push_str("\n  - ");
                s.push_str(e.get(lang));
            }
        }
        s
    }

    /// Asks what goes with `status`: evidence, a note, an owner and a due date.
    fn details(
        &self,
        p: &mut dyn Prompter,
        c: &Criterion,
        status: Status,
        existing: Option<&Answer>,
    ) -> Result<Answer, PromptError> {
        let same = existing.filter(|a| a.status == status);
        let mut answer = Answer {
            status,
            evidence: existing.map(|a| a.evidence.clone()).unwrap_or_default(),
            note: same.and_then(|a| a.note.clone()),
            owner: None,
            due: None,
        };
        match status {
            Status::Implemented => {
                answer.evidence = self.evidence(p, &answer.evidence)?;
                // A validator asks for proof of every Must: nudge once, then accept the answer.
                if answer.evidence.is_empty() && c.requirement == Requirement::Must {
                    p.show(&self.evidence_nudge(c))?;
                    answer.evidence = self.evidence(p, &[])?;
                }
            }
            Status::Partial | Status::NotImplemented => {
                let prior = existing.filter(|a| a.status != Status::Implemented);
                let initial = |f: fn(&Answer) -> &Option<String>| {
                    prior.and_then(|a| f(a).clone()).unwrap_or_default()
                };
                answer.note =
                    optional(&p.input(self.msg.get("interactive:note"), &initial(|a| &a.note))?);
                answer.owner =
                    optional(&p.input(self.msg.get("interactive:owner"), &initial(|a| &a.owner))?);
                answer.due = self.due(p, &initial(|a| &a.due))?;
            }
            Status::NotApplicable => {
                let must = c.requirement == Requirement::Must;
                let prompt = if must {
                    self.msg.get("interactive:note-required")
                } else {
                    self.msg.get("interactive:note")
                };
                let mut initial = existing.and_then(|a| a.note.clone()).unwrap_or_default();
                answer.note = loop {
                    let note = optional(&p.input(prompt, &initial)?);
                    if note.is_some() || !must {
                        break note;
                    }
                    p.show(self.msg.get("interactive:note-missing"))?;
                    initial.clear();
                };
            }
        }
        Ok(answer)
    }

    /// Asks for a criterion id and makes it the current question; false (after saying why)
    /// for an empty line, an id that is not a criterion, or one that does not apply.
    fn go_to(&mut self, p: &mut dyn Prompter) -> Result<bool, PromptError> {
        let Some(typed) = optional(&p.input(self.msg.get("interactive:goto"), "")?) else {
            return Ok(false);
        };
        let id = ascii_id(&typed).parse::<CriterionId>().ok();
        if id.is_some_and(|id| self.session.go_to(id)) {
            return Ok(true);
        }
        let key = if id.is_some_and(|id| self.session.catalog.criterion(id).is_some()) {
            "interactive:goto-not-applicable"
        } else {
            "interactive:goto-unknown"
        };
        p.show(&fill(self.msg.get(key), &[("id", typed.as_str())]))?;
        Ok(false)
    }

    /// Evidence items: keeps or drops those on file, then reads one document or record per
    /// line until an empty line (a name may hold commas: "Policy SP-01, v3").
    fn evidence(
        &self,
        p: &mut dyn Prompter,
        on_file: &[Evidence],
    ) -> Result<Vec<Evidence>, PromptError> {
        let mut items = Vec::new();
        if !on_file.is_empty() {
            let mut s = self.msg.get("interactive:evidence-on-file").to_string();
            for e in on_file {
                s.push_str("\n  - ");
                s.push_str(e);
                // Dated items keep their dates when kept; say which they are.
                let dates: Vec<&str> = [&e.date, &e.valid_until]
                    .into_iter()
                    .flatten()
                    .map(String::as_str)
                    .collect();
                if !dates.is_empty() {
                    s.push_str(" (");
                    s.push_str(&dates.join(" → "));
                    s.push(')');
                }
            }
            p.show(&s)?;
            if p.confirm(self.msg.get("interactive:keep-evidence"), true)? {
                items.extend(on_file.iter().cloned());
            }
        }
        loop {
            let prompt = if items.is_empty() {
                self.msg.get("interactive:evidence-line")
            } else {
                self.msg.get("interactive:evidence-line-more")
            };
            let Some(item) = optional(&p.input(prompt, "")?) else {
                return Ok(items);
            };
            if !items.iter().any(|e: &Evidence| e.text == item) {
                items.push(Evidence::from(item));
            }
        }
    }

    /// Said when a Must is marked implemented with no evidence: what a validator will ask for.
    fn evidence_nudge(&self, c: &Criterion) -> String {
        let lang = self.msg.lang();
        let mut s = self.msg.get("interactive:evidence-nudge").to_string();
        for e in &c.guidance.evidence {
            s.push_str("\n  - ");
            s.push_str(e.get(lang));
        }
        s
    }

    /// A due date, empty for none, asked again until it is a real `YYYY-MM-DD`.
    fn due(&self, p: &mut dyn Prompter, initial: &str) -> Result<Option<String>, PromptError> {
        let mut initial = initial.to_string();
        loop {
            let Some(due) = optional(&p.input(self.msg.get("interactive:due"), &initial)?) else {
                return Ok(None);
            };
            if is_date(&due) {
                return Ok(Some(due));
            }
            p.show(&fill(
                self.msg.get("interactive:bad-date"),
                &[("value", due.as_str())],
            ))?;
            initial = due;
        }
    }

    /// This pass is through: offer the skipped questions, then the review, then finish.
    fn next_pass(&mut self, p: &mut dyn Prompter) -> Result<Step, PromptError> {
        loop {
            match self.after {
                After::OfferSkipped => {
                    let skipped = self.session.unanswered();
                    if skipped.is_empty() {
                        self.after = After::OfferReview;
                        continue;
                    }
                    let prompt = fill(
                        self.msg.get("interactive:offer-skipped"),
                        &[("count", skipped.len().to_string())],
                    );
                    if p.confirm(&prompt, true)? {
                        self.session.start_pass(Pass::Skipped, skipped);
                        self.last_category = None;
                        return Ok(Step::Moved);
                    }
                    self.after = After::OfferReview;
                }
                After::OfferReview => {
                    self.after = After::Finish;
                    let review = self.session.to_review();
                    if !self.resumed || review.is_empty() {
                        continue;
                    }
                    let prompt = fill(
                        self.msg.get("interactive:offer-review"),
                        &[("count", review.len().to_string())],
                    );
                    if p.confirm(&prompt, false)? {
                        self.session.start_pass(Pass::Review, review);
                        self.last_category = None;
                        return Ok(Step::Moved);
                    }
                }
                After::Finish => return Ok(Step::Finished),
            }
        }
    }
}

/// `None` for a blank line, else the trimmed text.
fn optional(line: &str) -> Option<String> {
    let t = line.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A criterion id as typed with a Chinese input method (full-width digits and dots) in ASCII.
fn ascii_id(typed: &str) -> String {
    typed
        .trim()
        .chars()
        .map(|c| match c {
            '\u{ff10}'..='\u{ff19}' => {
                char::from_u32(u32::from(c) - 0xff10 + u32::from('0')).unwrap_or(c)
            }
            '\u{ff0e}' | '\u{3002}' => '.',
            c => c,
        })
        .collect()
}

/// Asks the language (English or Simplified Chinese); `default` is highlighted.
///
/// # Errors
/// When the prompt fails or is interrupted.
pub fn ask_language(p: &mut dyn Prompter, default: Lang) -> Result<Lang, PromptError> {
    let msg = Messages::embedded(default);
    let items = vec![
        msg.get("interactive:lang-en").to_string(),
        msg.get("interactive:lang-zh").to_string(),
    ];
    let start = Lang::ALL.iter().position(|l| *l == default).unwrap_or(0);
    let i = p.select(msg.get("interactive:language"), &items, start)?;
    Ok(Lang::ALL.get(i).copied().unwrap_or(default))
}

/// Asks the company's name (not empty), entity type (each with its one-line description),
/// country (optional, two letters) and assessor (optional), and returns a fresh answers set
/// for `catalog`.
///
/// # Errors
/// When a prompt fails or is interrupted.
pub fn ask_company(
    p: &mut dyn Prompter,
    msg: &Messages,
    catalog: &Catalog,
    assessed_on: Option<String>,
) -> Result<Answers, PromptError> {
    let name = loop {
        if let Some(name) = optional(&p.input(msg.get("interactive:company-name"), "")?) {
            break name;
        }
        p.show(msg.get("interactive:name-required"))?;
    };
    let lang = msg.lang();
    let entities: Vec<Entity> = catalog.entities.iter().map(|e| e.id).collect();
    let items: Vec<String> = catalog
        .entities
        .iter()
        .map(|e| format!("{} — {}", e.name.get(lang), e.description.get(lang)))
        .collect();
    let i = p.select(msg.get("interactive:entity"), &items, 0)?;
    let entity = entities.get(i).copied().unwrap_or(Entity::Importer);
    let country = loop {
        let Some(typed) = optional(&p.input(msg.get("interactive:country"), "")?) else {
            break None;
        };
        let code = typed.to_ascii_uppercase();
        if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
            break Some(code);
        }
        p.show(&fill(
            msg.get("interactive:bad-country"),
            &[("value", typed.as_str())],
        ))?;
    };
    let assessor = optional(&p.input(msg.get("interactive:assessor"), "")?);
    Ok(Answers {
        criteria_version: Some(catalog.program.version.clone()),
        company: Company {
            name,
            entity,
            country,
            details: crate::answers::CompanyDetails::default(),
        },
        assessed_on,
        assessor,
        answers: BTreeMap::new(),
        best_practices: Vec::new(),
        waivers: Vec::new(),
        financials: None,
        kept: crate::answers::Kept::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::embedded;
    use std::collections::VecDeque;

    fn catalog() -> &'static Catalog {
        embedded::loaded(embedded::default_version())
    }

    fn id(s: &str) -> CriterionId {
        s.parse().expect("valid id")
    }

    fn company() -> Answers {
        Answers {
            criteria_version: Some("2023.01".into()),
            company: Company {
                name: "Acme".into(),
                entity: Entity::Importer,
                country: None,
                details: crate::answers::CompanyDetails::default(),
            },
            assessed_on: None,
            assessor: None,
            answers: BTreeMap::new(),
            best_practices: Vec::new(),
            waivers: Vec::new(),
            kept: crate::answers::Kept::default(),
            financials: None,
        }
    }

    fn status(s: Status) -> Answer {
        Answer {
            status: s,
            evidence: Vec::new(),
            note: None,
            owner: None,
            due: None,
        }
    }

    /// Every applicable question answered `implemented` except `open`.
    fn all_but(open: &[&str]) -> Answers {
        let mut a = company();
        for c in catalog().applicable(Entity::Importer) {
            if !open.contains(&c.id.to_string().as_str()) {
                a.answers.insert(c.id, status(Status::Implemented));
            }
        }
        a
    }

    #[derive(Debug)]
    enum Reply {
        Select(usize),
        Input(&'static str),
        Confirm(bool),
        Interrupt,
    }
    use Reply::{Confirm, Input, Interrupt, Select};

    /// A prompter that plays back replies in order and records what it was shown and asked.
    struct Script {
        replies: VecDeque<Reply>,
        log: Vec<String>,
    }

    impl Script {
        fn new(replies: Vec<Reply>) -> Self {
            Script {
                replies: replies.into(),
                log: Vec::new(),
            }
        }
        fn next(&mut self, prompt: &str) -> Reply {
            self.log.push(format!("? {prompt}"));
            self.replies
                .pop_front()
                .unwrap_or_else(|| panic!("script ran out at {prompt:?}; log: {:#?}", self.log))
        }
        fn shown(&self, needle: &str) -> bool {
            self.log.iter().any(|l| l.contains(needle))
        }
    }

    impl Prompter for Script {
        fn show(&mut self, text: &str) -> Result<(), PromptError> {
            self.log.push(text.to_string());
            Ok(())
        }
        fn select(
            &mut self,
            prompt: &str,
            items: &[String],
            _: usize,
        ) -> Result<usize, PromptError> {
            match self.next(prompt) {
                Select(i) => {
                    assert!(i < items.len(), "{i} out of {items:?}");
                    Ok(i)
                }
                Interrupt => Err(PromptError::Interrupted),
                other => panic!("{prompt:?} is a select, script has {other:?}"),
            }
        }
        fn input(&mut self, prompt: &str, initial: &str) -> Result<String, PromptError> {
            self.log.push(format!("initial: {initial}"));
            match self.next(prompt) {
                Input(s) => Ok(s.to_string()),
                Interrupt => Err(PromptError::Interrupted),
                other => panic!("{prompt:?} is an input, script has {other:?}"),
            }
        }
        fn confirm(&mut self, prompt: &str, _: bool) -> Result<bool, PromptError> {
            match self.next(prompt) {
                Confirm(b) => Ok(b),
                Interrupt => Err(PromptError::Interrupted),
                other => panic!("{prompt:?} is a confirm, script has {other:?}"),
            }
        }
    }

    fn questionnaire(answers: Answers, resumed: bool) -> Questionnaire<'static> {
        Questionnaire::new(
            Session::new(catalog(), answers),
            Messages::embedded(Lang::En),
            resumed,
        )
    }

    /// Steps until the questionnaire finishes or quits; returns every step.
    fn run(q: &mut Questionnaire<'_>, script: &mut Script) -> Vec<Step> {
        let mut steps = Vec::new();
        loop {
            let step = q.step(script).expect("no prompt error");
            steps.push(step);
            if matches!(step, Step::Finished | Step::Quit) {
                assert!(
                    script.replies.is_empty(),
                    "unused replies: {:?}",
                    script.replies
                );
                return steps;
            }
        }
    }

    #[test]
    fn a_new_session_asks_every_applicable_question_in_catalog_order() {
        let mut s = Session::new(catalog(), company());
        let expected: Vec<CriterionId> = catalog()
            .applicable(Entity::Importer)
            .map(|c| c.id)
            .collect();
        assert_eq!(s.unanswered(), expected);
        let p = s.progress();
        assert_eq!(
            (
                p.category,
                p.categories,
                p.question,
                p.questions,
                p.answered,
                p.must_gaps
            ),
            (1, 12, 1, 93, 0, 0)
        );
        assert_eq!(s.current().map(|c| c.id), Some(id("1.1")));
        assert!(!s.back(), "nothing before the first question");
        s.answer(status(Status::NotImplemented));
        s.skip();
        assert_eq!(s.current().map(|c| c.id), Some(id("1.3")));
        let p = s.progress();
        assert_eq!((p.question, p.answered), (3, 1));
        assert_eq!(
            p.must_gaps,
            usize::from(
                catalog().criterion(id("1.1")).expect("1.1").requirement == Requirement::Must
            )
        );
        assert!(s.back());
        assert_eq!(s.current().map(|c| c.id), Some(id("1.2")));
        assert!(s.current_answer().is_none(), "skipped stays unanswered");
        assert!(s.back());
        assert_eq!(
            s.current_answer().map(|a| a.status),
            Some(Status::NotImplemented)
        );
    }

    #[test]
    fn progress_counts_categories_with_questions_and_must_gaps() {
        let mut answers = all_but(&["4.10"]);
        answers.answers.insert(id("1.1"), status(Status::Partial));
        answers
            .answers
            .insert(id("3.9"), status(Status::NotImplemented));
        answers
            .answers
            .insert(id("2.2"), status(Status::NotApplicable));
        let s = Session::new(catalog(), answers);
        let p = s.progress();
        let musts = ["1.1", "3.9"]
            .iter()
            .filter(|i| {
                catalog().criterion(id(i)).expect("in catalog").requirement == Requirement::Must
            })
            .count();
        assert_eq!(p.must_gaps, musts);
        assert_eq!(p.answered, 92);
        assert_eq!(p.category, 4);
        let position = catalog()
            .applicable(Entity::Importer)
            .position(|c| c.id == id("4.10"))
            .expect("4.10 applies")
            + 1;
        assert_eq!(p.question, position);
    }

    #[test]
    fn resume_asks_only_unanswered_and_reviews_partial_and_na() {
        let mut answers = all_but(&["2.3", "7.5"]);
        answers.answers.insert(id("1.2"), status(Status::Partial));
        let s = Session::new(catalog(), answers);
        assert_eq!(s.current().map(|c| c.id), Some(id("2.3")));
        assert_eq!(s.unanswered(), vec![id("2.3"), id("7.5")]);
        assert_eq!(s.to_review(), vec![id("1.2")]);
    }

    /// After `ctpat migrate`: the answers marked `review: true` come first (catalog order),
    /// then the unanswered; answering one clears its flag, skipping leaves it.
    #[test]
    fn review_flags_are_asked_first_and_cleared_when_answered() {
        let mut answers = all_but(&["2.3", "7.5"]);
        answers.kept.review.insert(id("9.1"));
        answers.kept.review.insert(id("3.9"));
        let mut s = Session::new(catalog(), answers);
        assert_eq!(s.flagged(), vec![id("3.9"), id("9.1")]);
        assert_eq!(s.current().map(|c| c.id), Some(id("3.9")));
        assert!(s.current_flagged());
        assert_eq!(
            s.current_answer().map(|a| a.status),
            Some(Status::Implemented)
        );
        s.answer(status(Status::Partial));
        assert!(!s.answers().kept.review.contains(&id("3.9")));
        assert_eq!(s.current().map(|c| c.id), Some(id("9.1")));
        s.skip();
        assert!(s.answers().kept.review.contains(&id("9.1")));
        assert_eq!(s.current().map(|c| c.id), Some(id("2.3")));
        assert!(!s.current_flagged());
        s.skip();
        assert_eq!(s.current().map(|c| c.id), Some(id("7.5")));
    }

    #[test]
    fn scripted_session_records_answers_with_details() {
        // 2.3 implemented with evidence; 7.5 not implemented with owner and a due date
        // typed wrong once.
        let mut q = questionnaire(all_but(&["2.3", "7.5"]), false);
        let mut script = Script::new(vec![
            Select(0),
            Input("Risk review 2026, signed; SOP-12"),
            Input("Minutes，March"),
            Input(""),
            Select(2),
            Input("Seal log not kept"),
            Input("Li Wei"),
            Input("2027-02-30"),
            Input("2027-03-31"),
        ]);
        let steps = run(&mut q, &mut script);
        assert_eq!(steps, [Step::Answered, Step::Answered, Step::Finished]);
        let a = &q.answers().answers;
        // One document per line: commas belong to the names.
        assert_eq!(
            a[&id("2.3")].evidence,
            ["Risk review 2026, signed; SOP-12", "Minutes，March"]
        );
        let gap = &a[&id("7.5")];
        assert_eq!(gap.status, Status::NotImplemented);
        assert_eq!(gap.note.as_deref(), Some("Seal log not kept"));
        assert_eq!(gap.owner.as_deref(), Some("Li Wei"));
        assert_eq!(gap.due.as_deref(), Some("2027-03-31"));
        assert!(
            script.shown("`2027-02-30` is not a date"),
            "{:#?}",
            script.log
        );
        assert!(
            script.shown("Category 2/12 · question "),
            "{:#?}",
            script.log
        );
        assert!(script.shown("2.3 [SHOULD]") || script.shown("2.3 [MUST]"));
    }

    /// Regression (resume deletes answers): details under an empty `status:` are shown and
    /// offered when the question is asked, and the answer takes their place.
    #[test]
    fn a_draft_under_an_empty_status_is_offered_then_answered() {
        let mut answers = all_but(&["2.3"]);
        answers.kept.drafts.insert(
            id("2.3"),
            Draft {
                evidence: vec!["Org chart".into()],
                note: Some("ask HR".into()),
                owner: Some("Li".into()),
                due: Some("2027-01-31".into()),
            },
        );
        let mut q = questionnaire(answers, false);
        let mut script = Script::new(vec![
            Select(1),
            Input("ask HR again"),
            Input("Li"),
            Input("2027-01-31"),
        ]);
        run(&mut q, &mut script);
        assert!(script.shown("no answer yet"), "{:#?}", script.log);
        assert!(script.shown("Note: ask HR"), "{:#?}", script.log);
        assert!(script.shown("initial: ask HR"), "{:#?}", script.log);
        assert!(script.shown("initial: 2027-01-31"), "{:#?}", script.log);
        let a = &q.answers().answers[&id("2.3")];
        assert_eq!(a.status, Status::Partial);
        assert_eq!(a.evidence, ["Org chart"]);
        assert_eq!(a.note.as_deref(), Some("ask HR again"));
        assert!(q.answers().kept.drafts.is_empty());
    }

    #[test]
    fn must_not_applicable_needs_a_note() {
        let must = catalog()
            .applicable(Entity::Importer)
            .find(|c| c.requirement == Requirement::Must)
            .expect("a Must")
            .id
            .to_string();
        let mut q = questionnaire(all_but(&[must.as_str()]), false);
        let mut script = Script::new(vec![Select(3), Input("  "), Input("We own no trucks")]);
        run(&mut q, &mut script);
        let a = &q.answers().answers[&must.parse::<CriterionId>().expect("id")];
        assert_eq!(a.status, Status::NotApplicable);
        assert_eq!(a.note.as_deref(), Some("We own no trucks"));
        assert!(script.shown("needs a justification"));
    }

    #[test]
    fn guidance_back_skip_and_the_skipped_pass() {
        let mut q = questionnaire(all_but(&["2.3", "7.5"]), false);
        let mut script = Script::new(vec![
            // 2.3: guidance, then skip.
            Select(4),
            Select(5),
            // 7.5: back to 2.3, answer it N/A (a Should or Must: give a note anyway).
            Select(6),
            Select(3),
            Input("No such activity"),
            // 7.5 again: skip; then offered the skipped one, take it, implement it.
            Select(5),
            Confirm(true),
            Select(0),
            Input("Seal log"),
            Input(""),
        ]);
        let steps = run(&mut q, &mut script);
        assert_eq!(
            steps,
            [
                Step::Moved,
                Step::Moved,
                Step::Answered,
                Step::Moved,
                Step::Moved,
                Step::Answered,
                Step::Finished
            ]
        );
        assert!(script.shown("What good looks like:"));
        assert!(script.shown("1 question is still unanswered. Answer it now?"));
        assert_eq!(q.answers().answers[&id("7.5")].status, Status::Implemented);
        assert_eq!(
            q.answers().answers[&id("2.3")].status,
            Status::NotApplicable
        );
    }

    /// Regression: after a resume, "Back" on the first question asked said there was nothing
    /// to go back to; it now goes to the question before it in catalog order, answered or not.
    #[test]
    fn back_after_a_resume_said_it_was_the_first_question() {
        let mut q = questionnaire(all_but(&["2.3"]), true);
        let previous = catalog()
            .applicable(Entity::Importer)
            .take_while(|c| c.id != id("2.3"))
            .last()
            .expect("2.3 is not the first")
            .id;
        let mut script = Script::new(vec![
            // 2.3: back to the one before, which is answered; change it to partial.
            Select(6),
            Select(1),
            Input("half done"),
            Input(""),
            Input(""),
            // Then 2.3 again: implemented with evidence; the review offered after a resume
            // is declined.
            Select(0),
            Input("Risk review"),
            Input(""),
            Confirm(false),
        ]);
        let steps = run(&mut q, &mut script);
        assert_eq!(
            steps,
            [Step::Moved, Step::Answered, Step::Answered, Step::Finished]
        );
        assert!(!script.shown("first question"), "{:#?}", script.log);
        assert!(
            script.shown("Current answer: implemented"),
            "{:#?}",
            script.log
        );
        assert_eq!(q.answers().answers[&previous].status, Status::Partial);
        assert_eq!(q.answers().answers[&id("2.3")].status, Status::Implemented);
        // At the very first applicable question there is truly nothing before.
        let mut s = Session::new(catalog(), company());
        assert!(!s.back());
    }

    /// Going to a criterion by its number (full-width digits too) revisits an implemented
    /// answer, then the questionnaire carries on where it was; unknown ids are explained.
    #[test]
    fn go_to_a_criterion_id_revisits_an_answer() {
        let mut q = questionnaire(all_but(&["7.5"]), false);
        let mut script = Script::new(vec![
            Select(7),
            Input("99.9"),
            Select(7),
            Input("\u{ff11}\u{ff0e}\u{ff11}"),
            // 1.1, implemented: mark it not implemented.
            Select(2),
            Input(""),
            Input(""),
            Input(""),
            // Back on 7.5: skip, decline the skipped pass.
            Select(5),
            Confirm(false),
        ]);
        run(&mut q, &mut script);
        assert!(
            script.shown("“99.9” is not a criterion number"),
            "{:#?}",
            script.log
        );
        assert!(script.shown("1.1 ["), "{:#?}", script.log);
        assert_eq!(
            q.answers().answers[&id("1.1")].status,
            Status::NotImplemented
        );
        assert!(!q.answers().answers.contains_key(&id("7.5")));
    }

    /// A Must marked implemented with no evidence gets one nudge listing what a validator asks
    /// for; an empty answer to it is accepted.
    #[test]
    fn a_must_implemented_without_evidence_is_nudged_once() {
        let must = catalog()
            .applicable(Entity::Importer)
            .find(|c| c.requirement == Requirement::Must && !c.guidance.evidence.is_empty())
            .expect("a Must with evidence guidance");
        let example = must.guidance.evidence[0].en.clone();
        let open = must.id.to_string();
        let mut q = questionnaire(all_but(&[open.as_str()]), false);
        let mut script = Script::new(vec![Select(0), Input(""), Input("")]);
        run(&mut q, &mut script);
        assert!(script.shown("a validator will ask"), "{:#?}", script.log);
        assert!(script.shown(&example), "{:#?}", script.log);
        assert_eq!(q.answers().answers[&must.id].status, Status::Implemented);
        // With evidence given, no nudge.
        let mut q = questionnaire(all_but(&[open.as_str()]), false);
        let mut script = Script::new(vec![Select(0), Input("SP-01"), Input("")]);
        run(&mut q, &mut script);
        assert!(!script.shown("a validator will ask"));
    }

    #[test]
    fn declining_the_skipped_pass_finishes_with_them_unanswered() {
        let mut q = questionnaire(all_but(&["2.3"]), false);
        let mut script = Script::new(vec![Select(5), Confirm(false)]);
        assert_eq!(run(&mut q, &mut script), [Step::Moved, Step::Finished]);
        assert!(!q.answers().answers.contains_key(&id("2.3")));
    }

    #[test]
    fn review_is_offered_after_a_resume_only() {
        let mut answers = all_but(&[]);
        answers.answers.insert(id("1.2"), status(Status::Partial));
        // Not resumed: nothing to ask.
        let mut q = questionnaire(answers.clone(), false);
        assert_eq!(run(&mut q, &mut Script::new(vec![])), [Step::Finished]);
        // Resumed: review offered; the partial becomes implemented, its evidence kept.
        answers.answers.get_mut(&id("1.2")).expect("1.2").evidence = vec!["Old memo".into()];
        let mut q = questionnaire(answers, true);
        let mut script = Script::new(vec![
            Confirm(true),
            Select(0),
            Confirm(true),
            Input("New policy"),
            Input(""),
        ]);
        assert_eq!(
            run(&mut q, &mut script),
            [Step::Moved, Step::Answered, Step::Finished]
        );
        assert!(script.shown("Current answer: partial"), "{:#?}", script.log);
        assert!(
            script.shown("Review the 1 answer marked partial or not applicable?"),
            "{:#?}",
            script.log
        );
        assert_eq!(
            q.answers().answers[&id("1.2")].evidence,
            ["Old memo", "New policy"]
        );
    }

    #[test]
    fn save_and_quit_and_interrupt_keep_recorded_answers() {
        let mut q = questionnaire(company(), false);
        let mut script = Script::new(vec![Select(2), Input(""), Input(""), Input(""), Select(8)]);
        assert_eq!(run(&mut q, &mut script), [Step::Answered, Step::Quit]);
        assert_eq!(q.answers().answers.len(), 1);

        let mut script = Script::new(vec![Select(1), Input("half done"), Interrupt]);
        let err = q.step(&mut script).expect_err("interrupted");
        assert!(matches!(err, PromptError::Interrupted));
        assert_eq!(
            q.answers().answers.len(),
            1,
            "the interrupted answer is not recorded"
        );
    }

    #[test]
    fn company_questions_refuse_an_empty_name() {
        let msg = Messages::embedded(Lang::ZhCn);
        let fm = catalog()
            .entities
            .iter()
            .position(|e| e.id == Entity::ForeignManufacturer)
            .expect("listed");
        let mut script = Script::new(vec![
            Input(" "),
            Input("深圳示例电子有限公司"),
            Select(fm),
            Input("中国"),
            Input("cn"),
            Input(" 王芳 "),
        ]);
        let a =
            ask_company(&mut script, &msg, catalog(), Some("2026-11-23".into())).expect("answered");
        assert_eq!(a.company.name, "深圳示例电子有限公司");
        assert_eq!(a.company.country.as_deref(), Some("CN"));
        assert_eq!(a.assessor.as_deref(), Some("王芳"));
        assert!(
            script.shown("“中国”不是两个字母的国家代码"),
            "{:#?}",
            script.log
        );
        assert_eq!(a.company.entity, Entity::ForeignManufacturer);
        assert_eq!(a.criteria_version.as_deref(), Some("2023.01"));
        assert!(script.shown(msg.get("interactive:name-required")));
        let mut script = Script::new(vec![Select(1)]);
        assert_eq!(
            ask_language(&mut script, Lang::En).expect("chosen"),
            Lang::ZhCn
        );
    }

    #[test]
    fn every_choice_is_translated() {
        for lang in Lang::ALL {
            let msg = Messages::embedded(lang);
            for key in CHOICES {
                assert_ne!(msg.get(key), key, "{key} missing from criteria/ui.yaml");
            }
        }
    }

    #[test]
    fn ids_typed_with_a_chinese_input_method_are_read() {
        assert_eq!(ascii_id(" \u{ff15}\u{3002}\u{ff12}\u{ff14} "), "5.24");
        assert_eq!(ascii_id("1.10"), "1.10");
    }
}
