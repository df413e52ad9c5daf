//! The interactive questionnaire at a terminal: dialoguer prompts on stderr, an autosave
//! after every answer, resume, and a clean stop on Ctrl-C.
//!
//! The flow itself is [`crate::questionnaire`]; this module implements its [`Prompter`]
//! with dialoguer, picks and guards the answers file, and writes it atomically after each
//! answer, so killing the process loses at most the question being answered.

use super::{clock, output, print_warnings, read_source, say, Context};
use crate::answers::{self, to_yaml, Answers};
use crate::criteria::Catalog;
use crate::messages::Messages;
use crate::questionnaire::{self, PromptError, Prompter, Questionnaire, Session, Step};
use anyhow::{bail, Context as _};
use console::{Key, Term};
use dialoguer::theme::{ColorfulTheme, Theme as _};
use dialoguer::Input;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Exit code of a questionnaire stopped with Ctrl-C: 128 + SIGINT, as shells report a
/// process ended by Ctrl-C, so a calling script stops too. The answers are saved.
pub(super) const EXIT_INTERRUPTED: u8 = 130;

/// Where the answers go when `--save` is not given.
pub(super) const DEFAULT_SAVE: &str = "ctpat-answers.yaml";

/// Set by the SIGINT handler; checked before every prompt.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Taken by whoever reports the interrupt (the main thread or the handler), so it is said once.
static REPORTED: AtomicBool = AtomicBool::new(false);

/// What the handler says if it has to stop ctpat itself: where the answers are, how to go on.
static FAREWELL: Mutex<String> = Mutex::new(String::new());

/// How long the handler lets the main thread notice an interrupt before stopping ctpat itself.
const GRACE: Duration = Duration::from_millis(1500);

/// The SIGINT handler (on the ctrlc crate's thread).
///
/// A prompt waiting for a key notices Ctrl-C at once and stops cleanly. A SIGINT that lands
/// between prompts (while saving, or sent with `kill -INT`) only sets the flag, which the
/// next prompt sees; should none come within [`GRACE`], the handler restores the cursor,
/// says where the answers are and exits itself. Every answer was saved when it was given.
fn on_sigint() {
    INTERRUPTED.store(true, Ordering::SeqCst);
    std::thread::sleep(GRACE);
    if REPORTED.swap(true, Ordering::SeqCst) {
        return;
    }
    let term = Term::stderr();
    let _ = term.show_cursor();
    let farewell = FAREWELL.lock().map(|f| f.clone()).unwrap_or_default();
    let _ = term.write_line("");
    let _ = term.write_line(&farewell);
    std::process::exit(i32::from(EXIT_INTERRUPTED));
}

fn set_farewell(text: String) {
    if let Ok(mut f) = FAREWELL.lock() {
        *f = text;
    }
}

/// Whether this thread is the one to report the interrupt (the handler may have already).
fn claim_report() -> bool {
    !REPORTED.swap(true, Ordering::SeqCst)
}

/// What the questionnaire was asked to do.
pub(super) struct Request<'a> {
    /// Continue this answers file (`--resume`, or `--answers FILE --interactive`).
    pub(super) resume: Option<&'a Path>,
    /// `--save PATH`.
    pub(super) save: Option<&'a Path>,
    /// `--force`: replace an existing file without asking.
    pub(super) force: bool,
    /// Offer, at the end, to write the HTML report next to the answers file (when the
    /// command line names no report destination of its own).
    pub(super) offer_html: bool,
}

/// A finished questionnaire: the answers to report on, saved at `path`.
pub(super) struct Done {
    /// The language chosen.
    pub(super) msg: Messages,
    /// Where they were saved.
    pub(super) path: PathBuf,
    /// Where to write the HTML report too, if the person asked for it.
    pub(super) html: Option<PathBuf>,
}

/// How the questionnaire ended.
pub(super) enum Outcome {
    /// Every pass done.
    Finished(Box<Done>),
    /// Stopped early (save and quit, or Ctrl-C) with this exit code; the answers are saved.
    Stopped(u8),
}

/// Whether both ends of the conversation are a terminal.
pub(super) fn available() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Runs the questionnaire.
///
/// # Errors
/// No terminal, an answers file that cannot be read or written, or a terminal failure.
pub(super) fn run(context: &Context, request: &Request<'_>) -> anyhow::Result<Outcome> {
    if !available() {
        bail!(context.messages().get("error:no-terminal").to_string());
    }
    // Ctrl-C while a prompt reads a key arrives as a read error (raw mode) and, through
    // console, as SIGINT; elsewhere only as SIGINT. The handler turns SIGINT into a flag
    // instead of an abrupt exit, and both paths end in the same clean stop.
    set_farewell(
        context
            .messages()
            .get("interactive:interrupted-early")
            .to_string(),
    );
    let _ = ctrlc::set_handler(on_sigint);
    let mut term = Terminal::new(context.messages());
    let result = converse(context, request, &mut term);
    let _ = term.term.show_cursor();
    result
}

fn converse(
    context: &Context,
    request: &Request<'_>,
    term: &mut Terminal,
) -> anyhow::Result<Outcome> {
    let lang = if context.lang_given() {
        context.lang
    } else {
        match questionnaire::ask_language(term, context.lang) {
            Ok(lang) => lang,
            Err(e) => return stopped_before_saving(e, &context.messages()).map(Outcome::Stopped),
        }
    };
    let msg = Messages::embedded(lang);
    term.msg = msg.clone();
    // Errors from here on speak the language chosen in the questionnaire.
    super::set_ui_lang(lang);
    set_farewell(msg.get("interactive:interrupted-early").to_string());
    let Ready {
        catalog,
        answers,
        path,
        resumed,
    } = match open(context, request, term, &msg)? {
        Opened::Ready(ready) => *ready,
        Opened::Stopped(code) => return Ok(Outcome::Stopped(code)),
    };
    // From here on, the catalog's programme has its say (China Customs' level words).
    let msg = msg.for_catalog(&catalog);
    term.msg = msg.clone();
    let save = |answers: &Answers| -> anyhow::Result<()> {
        let text = to_yaml(answers, Some((&catalog, lang)));
        output::write_file(&path, text.as_bytes(), true)
    };
    save(&answers)?;
    let shown = path.display().to_string();
    let farewell = format!(
        "{}\n{}",
        say(&msg, "interactive:interrupted", &[("path", &shown)]),
        resume_line(&msg, &path)
    );
    set_farewell(farewell.clone());
    term.line(&say(
        &msg,
        "interactive:autosave",
        &[("path", &shown), ("resume", &resume_command(&path))],
    ))?;
    // The same words as every report: what the list is, and how to score the real one.
    let list = crate::coverage::ListCoverage::of(&catalog, answers.company.entity, &msg);
    if let Some(notice) = list.notice(&msg) {
        term.line(&crate::coverage::headed(&notice, &msg))?;
    }
    let session = Session::new(&catalog, answers);
    if resumed {
        term.line(&resuming_line(&msg, &session))?;
        let flagged = session.flagged().len();
        if flagged > 0 {
            let version = session
                .answers()
                .kept
                .migrated_from
                .as_ref()
                .map_or("?", |m| m.criteria_version.as_str());
            term.line(&say(
                &msg,
                "interactive:review-first",
                &[("count", &flagged.to_string()), ("version", version)],
            ))?;
        }
    }
    let mut q = Questionnaire::new(session, msg.clone(), resumed);
    loop {
        match q.step(term) {
            Ok(Step::Answered) => save(q.answers())?,
            Ok(Step::Moved) => {}
            Ok(Step::Finished) => break,
            Ok(Step::Quit) => {
                save(q.answers())?;
                term.line(&saved_line(&msg, &path, q.session().unanswered().len()))?;
                term.line(&resume_line(&msg, &path))?;
                return Ok(Outcome::Stopped(super::EXIT_OK));
            }
            Err(PromptError::Interrupted) => {
                // The last answer was saved when it was given; say where and how to go on.
                if claim_report() {
                    let _ = term.term.show_cursor();
                    term.line("")?;
                    term.line(&farewell)?;
                }
                return Ok(Outcome::Stopped(EXIT_INTERRUPTED));
            }
            Err(PromptError::Terminal(e)) => {
                return Err(e).context(say(&msg, "error:terminal-saved", &[("path", &shown)]));
            }
        }
    }
    let answers = q.answers().clone();
    save(&answers)?;
    let html = if request.offer_html {
        match offer_html(term, &msg, &path) {
            Ok(html) => html,
            Err(PromptError::Interrupted) => return Ok(Outcome::Stopped(EXIT_INTERRUPTED)),
            Err(PromptError::Terminal(e)) => {
                return Err(e).context(say(&msg, "error:terminal-saved", &[("path", &shown)]));
            }
        }
    } else {
        None
    };
    Ok(Outcome::Finished(Box::new(Done { msg, path, html })))
}

/// Asks whether to write the HTML report next to the answers file (same name, `.html`),
/// and whether to replace one already there; the file to write, if any.
fn offer_html(
    term: &mut Terminal,
    msg: &Messages,
    answers: &Path,
) -> Result<Option<PathBuf>, PromptError> {
    let html = answers.with_extension("html");
    let shown = html.display().to_string();
    if !term.confirm(
        &say(msg, "interactive:offer-html", &[("path", &shown)]),
        true,
    )? {
        return Ok(None);
    }
    if html.exists()
        && !term.confirm(
            &say(msg, "interactive:html-exists", &[("path", &shown)]),
            false,
        )?
    {
        return Ok(None);
    }
    Ok(Some(html))
}

/// A name for the backup of `path` that is not taken: `FILE.bak`, else `FILE.bak.2` ...
fn backup_name(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    (1..100)
        .map(|n| {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!(".{n}")
            };
            path.with_file_name(format!("{name}.bak{suffix}"))
        })
        .find(|p| !p.exists() && p.symlink_metadata().is_err())
}

/// Keeps a copy of the answers about to be replaced by "Start over"; says where.
fn back_up(path: &Path, msg: &Messages, term: &Terminal) -> anyhow::Result<()> {
    let source = read_source(path)?;
    let shown = path.display().to_string();
    let Some(backup) = backup_name(path) else {
        bail!(say(msg, "error:no-backup-name", &[("path", &shown)]));
    };
    output::write_file(&backup, source.text.as_bytes(), false)?;
    term.line(&say(
        msg,
        "interactive:backed-up",
        &[("path", &shown), ("backup", &backup.display().to_string())],
    ))
}

struct Ready {
    catalog: Catalog,
    answers: Answers,
    path: PathBuf,
    resumed: bool,
}

enum Opened {
    Ready(Box<Ready>),
    Stopped(u8),
}

/// Picks the answers file: loads the one to resume, or guards the one to create (never
/// replacing another file without asking, or `--force`) and asks the company questions.
fn open(
    context: &Context,
    request: &Request<'_>,
    term: &mut Terminal,
    msg: &Messages,
) -> anyhow::Result<Opened> {
    if let Some(from) = request.resume {
        let (catalog, answers, workbook) = load(context, from)?;
        // A workbook is never rewritten: its answers continue in YAML beside it (q.yaml).
        let path = match request.save {
            Some(save) => save.to_path_buf(),
            None if workbook => from.with_extension("yaml"),
            None => from.to_path_buf(),
        };
        let shown = path.display().to_string();
        // `./q.xlsx` or a link to it names the workbook too.
        let same = path == from
            || std::fs::canonicalize(&path)
                .ok()
                .zip(std::fs::canonicalize(from).ok())
                .is_some_and(|(a, b)| a == b);
        if workbook && same {
            bail!(say(msg, "error:resume-save-workbook", &[("path", &shown)]));
        }
        if path != from && path.exists() && !request.force {
            let replace = workbook && request.save.is_none() && {
                let prompt = say(
                    msg,
                    "interactive:replace-yaml",
                    &[("path", &shown), ("workbook", &from.display().to_string())],
                );
                match term.confirm(&prompt, false) {
                    Ok(answer) => answer,
                    Err(e) => return stopped_before_saving(e, msg).map(Opened::Stopped),
                }
            };
            if !replace {
                bail!(say(msg, "error:save-exists", &[("path", &shown)]));
            }
        }
        return Ok(Opened::Ready(Box::new(Ready {
            catalog,
            answers,
            path,
            resumed: true,
        })));
    }
    let path = request
        .save
        .map_or_else(|| PathBuf::from(DEFAULT_SAVE), Path::to_path_buf);
    let shown = path.display().to_string();
    if path.is_dir() {
        bail!(say(msg, "error:save-is-folder", &[("path", &shown)]));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.is_dir() {
            let key = if dir.exists() {
                "error:folder-is-file"
            } else {
                "error:save-no-folder"
            };
            bail!(say(
                msg,
                key,
                &[("path", &shown), ("folder", &dir.display().to_string())]
            ));
        }
    }
    if path.exists() && !request.force {
        match existing(&path) {
            Some(company) => {
                let items = [
                    msg.get("interactive:existing-resume").to_string(),
                    msg.get("interactive:existing-replace").to_string(),
                    msg.get("interactive:existing-cancel").to_string(),
                ];
                let prompt = say(
                    msg,
                    "interactive:existing-answers",
                    &[("path", &shown), ("company", &company)],
                );
                match term.select(&prompt, &items, 0) {
                    Ok(0) => {
                        let (catalog, answers, _) = load(context, &path)?;
                        return Ok(Opened::Ready(Box::new(Ready {
                            catalog,
                            answers,
                            path,
                            resumed: true,
                        })));
                    }
                    // Start over: the answers on file are kept in a backup first.
                    Ok(1) => back_up(&path, msg, term)?,
                    Ok(_) => return Ok(Opened::Stopped(super::EXIT_OK)),
                    Err(e) => return stopped_before_saving(e, msg).map(Opened::Stopped),
                }
            }
            None => {
                let prompt = say(msg, "interactive:existing-other", &[("path", &shown)]);
                match term.confirm(&prompt, false) {
                    Ok(true) => {}
                    Ok(false) => bail!(say(msg, "error:save-not-answers", &[("path", &shown)])),
                    Err(e) => return stopped_before_saving(e, msg).map(Opened::Stopped),
                }
            }
        }
    }
    let catalog = context.catalog(None)?;
    let answers =
        match questionnaire::ask_company(term, msg, &catalog, Some(clock::today().to_string())) {
            Ok(a) => a,
            Err(e) => return stopped_before_saving(e, msg).map(Opened::Stopped),
        };
    Ok(Opened::Ready(Box::new(Ready {
        catalog,
        answers,
        path,
        resumed: false,
    })))
}

/// The company named in `path` when it is a ctpat answers file, else `None`.
fn existing(path: &Path) -> Option<String> {
    let source = read_source(path).ok()?;
    answers::parse(&source).ok()?;
    // Parsed: the name is in the file; read it for the prompt without validating.
    let probe: Probe = crate::yaml::parse(&source.text).ok()?;
    Some(probe.company.name)
}

#[derive(serde::Deserialize)]
struct Probe {
    company: ProbeCompany,
}

#[derive(serde::Deserialize)]
struct ProbeCompany {
    name: String,
}

/// Loads an answers file (YAML or a questionnaire workbook) to resume, against the catalog
/// version it names; true when it was a workbook.
fn load(context: &Context, path: &Path) -> anyhow::Result<(Catalog, Answers, bool)> {
    let (parsed, _) = super::read_answers(path)?;
    let source = parsed.source().clone();
    let workbook = parsed.is_workbook();
    let version = super::assess::shipped_version(&parsed).map(str::to_string);
    let catalog = context.catalog(version.as_deref())?;
    let loaded = parsed.validate(&catalog)?;
    print_warnings(&source, &loaded.warnings);
    Ok((catalog, loaded.value, workbook))
}

/// Ctrl-C (or a terminal failure) before the answers file was first written.
fn stopped_before_saving(e: PromptError, msg: &Messages) -> anyhow::Result<u8> {
    match e {
        PromptError::Interrupted => {
            if claim_report() {
                let term = Term::stderr();
                let _ = term.show_cursor();
                let _ = term.write_line("");
                let _ = term.write_line(msg.get("interactive:interrupted-early"));
            }
            Ok(EXIT_INTERRUPTED)
        }
        PromptError::Terminal(e) => Err(e).context(msg.get("error:terminal").to_string()),
    }
}

fn resume_command(path: &Path) -> String {
    let shown = path.display().to_string();
    let quoted = if shown
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        shown
    } else {
        format!("'{}'", shown.replace('\'', "'\\''"))
    };
    format!("ctpat assess --resume {quoted}")
}

fn resume_line(msg: &Messages, path: &Path) -> String {
    say(
        msg,
        "interactive:resume-hint",
        &[("command", &resume_command(path))],
    )
}

/// Where a resumed questionnaire stands: the company and how many questions are answered.
fn resuming_line(msg: &Messages, session: &Session<'_>) -> String {
    let p = session.progress();
    let key = if p.answered == p.questions {
        "interactive:resuming-complete"
    } else {
        "interactive:resuming"
    };
    say(
        msg,
        key,
        &[
            ("company", &session.answers().company.name),
            ("answered", &p.answered.to_string()),
            ("questions", &p.questions.to_string()),
        ],
    )
}

fn saved_line(msg: &Messages, path: &Path, unanswered: usize) -> String {
    say(
        msg,
        "interactive:saved",
        &[
            ("path", &path.display().to_string()),
            ("count", &unanswered.to_string()),
        ],
    )
}

/// The questionnaire's [`Prompter`] on the terminal, on stderr: menus and yes/no questions
/// drawn here (they fit any terminal size, including one or two rows, re-measured at every
/// key so a resize cannot break them, and never wrap from the first choice to the last),
/// text input through dialoguer.
struct Terminal {
    term: Term,
    theme: ColorfulTheme,
    /// The language of the yes/no hints and answers.
    msg: Messages,
}

impl Terminal {
    fn new(msg: Messages) -> Self {
        Terminal {
            term: Term::stderr(),
            theme: ColorfulTheme::default(),
            msg,
        }
    }

    fn line(&self, text: &str) -> anyhow::Result<()> {
        self.term
            .write_line(&crate::text::wrap(text, self.columns()))
            .with_context(|| super::ui().get("error:cannot-write-terminal").to_string())
    }

    /// Columns to write in: one less than the terminal has, so a full line never wraps.
    fn columns(&self) -> usize {
        usize::from(self.term.size().1).saturating_sub(1).max(1)
    }

    fn check(&self) -> Result<(), PromptError> {
        if INTERRUPTED.load(Ordering::SeqCst) {
            Err(PromptError::Interrupted)
        } else {
            Ok(())
        }
    }

    /// A dialoguer error as the questionnaire's: Ctrl-C read in raw mode is an interrupt.
    fn convert(&self, e: dialoguer::Error) -> PromptError {
        let dialoguer::Error::IO(io) = e;
        self.convert_io(io)
    }

    fn convert_io(&self, io: std::io::Error) -> PromptError {
        if io.kind() == std::io::ErrorKind::Interrupted || INTERRUPTED.load(Ordering::SeqCst) {
            PromptError::Interrupted
        } else {
            PromptError::Terminal(io)
        }
    }

    /// Erases `drawn` lines, counting the screen rows each takes at the width the terminal
    /// has now (after a resize a line may take several).
    fn erase(&self, drawn: &[String]) -> std::io::Result<()> {
        let width = usize::from(self.term.size().1).max(1);
        let rows: usize = drawn
            .iter()
            .map(|l| console::measure_text_width(l).div_ceil(width).max(1))
            .sum();
        self.term.clear_last_lines(rows)
    }

    /// The lines of a menu at the terminal's present size (see [`menu`]).
    fn menu_lines(&self, prompt: &str, items: &[String], chosen: usize) -> Vec<String> {
        menu(
            &self.theme.active_item_style,
            prompt,
            items,
            chosen,
            (usize::from(self.term.size().0), self.columns()),
        )
    }

    /// Reads keys until one of `done` returns an answer, redrawing `draw()` before each key.
    fn keys<T>(
        &mut self,
        draw: &dyn Fn(&Self) -> Vec<String>,
        mut on_key: impl FnMut(console::Key) -> Option<T>,
    ) -> Result<T, PromptError> {
        let _ = self.term.hide_cursor();
        let mut drawn: Vec<String> = Vec::new();
        // On a terminal of one row a line and its newline would scroll the line away: it is
        // written without one, and erased in place.
        let mut inline = false;
        let result = loop {
            let lines = draw(self);
            let erased = if inline {
                self.term.clear_line()
            } else {
                self.erase(&drawn)
            };
            if let Err(e) = erased {
                break Err(PromptError::Terminal(e));
            }
            inline = self.term.size().0 <= 1 && lines.len() == 1;
            let written = if inline {
                lines.iter().try_for_each(|l| self.term.write_str(l))
            } else {
                lines.iter().try_for_each(|l| self.term.write_line(l))
            };
            drawn = lines;
            if let Err(e) = written {
                break Err(PromptError::Terminal(e));
            }
            match self.term.read_key() {
                Ok(key) => {
                    if let Some(answer) = on_key(key) {
                        break Ok(answer);
                    }
                }
                Err(e) => break Err(self.convert_io(e)),
            }
        };
        let _ = if inline {
            self.term.clear_line()
        } else {
            self.erase(&drawn)
        };
        let _ = self.term.show_cursor();
        result
    }

    /// Writes the one-line summary of an answered question.
    fn summary(&self, prompt: &str, answer: &str) -> Result<(), PromptError> {
        let room = self
            .columns()
            .saturating_sub(console::measure_text_width(prompt) + 3)
            .max(10);
        let mut line = String::new();
        let _ = self.theme.format_select_prompt_selection(
            &mut line,
            prompt,
            &console::truncate_str(answer, room, "…"),
        );
        let line = console::truncate_str(&line, self.columns(), "…").into_owned();
        self.term.write_line(&line)?;
        Ok(())
    }
}

impl Prompter for Terminal {
    fn show(&mut self, text: &str) -> Result<(), PromptError> {
        self.check()?;
        self.term
            .write_line(&crate::text::wrap(text, self.columns()))?;
        Ok(())
    }

    fn select(
        &mut self,
        prompt: &str,
        items: &[String],
        default: usize,
    ) -> Result<usize, PromptError> {
        self.check()?;
        let Some(last) = items.len().checked_sub(1) else {
            return Ok(0);
        };
        let mut chosen = default.min(last);
        let current = std::cell::Cell::new(chosen);
        let draw = |t: &Self| t.menu_lines(prompt, items, current.get());
        let picked = self.keys(&draw, |key| {
            match key {
                // No wrapping: ↑ on the first choice stays there (the last is "Save and quit").
                Key::ArrowUp | Key::ArrowLeft | Key::Char('k') => chosen = chosen.saturating_sub(1),
                Key::ArrowDown | Key::ArrowRight | Key::Tab | Key::Char('j') => {
                    chosen = (chosen + 1).min(last);
                }
                Key::Home | Key::PageUp => chosen = 0,
                Key::End | Key::PageDown => chosen = last,
                Key::Char(c) => {
                    if let Some(n) = c.to_digit(10).and_then(|n| usize::try_from(n).ok()) {
                        if (1..=items.len().min(9)).contains(&n) {
                            chosen = n - 1;
                        }
                    }
                }
                Key::Enter => return Some(chosen),
                _ => {}
            }
            current.set(chosen);
            None
        })?;
        self.summary(prompt, items.get(picked).map_or("", String::as_str))?;
        Ok(picked)
    }

    fn input(&mut self, prompt: &str, initial: &str) -> Result<String, PromptError> {
        self.check()?;
        Input::<String>::with_theme(&self.theme)
            .with_prompt(prompt)
            .with_initial_text(initial)
            .allow_empty(true)
            .interact_text_on(&self.term)
            .map_err(|e| self.convert(e))
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> Result<bool, PromptError> {
        self.check()?;
        let yes = self.msg.get("interactive:yes").to_string();
        let no = self.msg.get("interactive:no").to_string();
        let hint = say(
            &self.msg,
            "interactive:yes-no-hint",
            &[("default", if default { &yes } else { &no })],
        );
        let question = format!("? {prompt} {hint}");
        let draw = |t: &Self| {
            crate::text::wrap(&question, t.columns())
                .lines()
                .map(str::to_string)
                .collect()
        };
        let answer = self.keys(&draw, |key| match key {
            Key::Char('y' | 'Y' | '是') => Some(true),
            Key::Char('n' | 'N' | '否') => Some(false),
            Key::Enter => Some(default),
            _ => None,
        })?;
        self.summary(prompt, if answer { &yes } else { &no })?;
        Ok(answer)
    }
}

/// The lines of a menu on a terminal of `rows` rows with `columns` columns to write in: the
/// prompt and a window of items around the chosen one (numbered when there are at most
/// nine), each cut to one screen line and one row left free for the cursor; on a terminal
/// of one or two rows, one line holding the prompt, the position and the chosen item.
fn menu(
    active: &console::Style,
    prompt: &str,
    items: &[String],
    chosen: usize,
    (rows, columns): (usize, usize),
) -> Vec<String> {
    let fit = |s: &str| console::truncate_str(s, columns.max(1), "…").into_owned();
    let count = items.len();
    let chosen = chosen.min(count.saturating_sub(1));
    let numbered = |i: usize| {
        let item = items.get(i).map_or("", String::as_str);
        if count <= 9 {
            format!("{}. {item}", i + 1)
        } else {
            item.to_string()
        }
    };
    let position = format!(" ({}/{count})", chosen + 1);
    let room = rows.saturating_sub(1);
    if room < 2 {
        let line = format!("{prompt}{position} › {}", numbered(chosen));
        return vec![active.apply_to(fit(&line)).to_string()];
    }
    let visible = (room - 1).min(count);
    let top = (chosen + 1).saturating_sub(visible);
    let mut lines = vec![fit(&format!(
        "? {prompt}{}",
        if visible < count {
            position.as_str()
        } else {
            ""
        }
    ))];
    for i in top..top + visible {
        if i == chosen {
            let line = fit(&format!("❯ {}", numbered(i)));
            lines.push(active.apply_to(line).to_string());
        } else {
            lines.push(fit(&format!("  {}", numbered(i))));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resume_command_quotes_odd_paths() {
        assert_eq!(
            resume_command(Path::new("out/answers.yaml")),
            "ctpat assess --resume out/answers.yaml"
        );
        assert_eq!(
            resume_command(Path::new("my answers's.yaml")),
            "ctpat assess --resume 'my answers'\\''s.yaml'"
        );
    }

    /// Regression: messages were built with chained `replace`, so a company or file name
    /// holding a later placeholder (`{answered}`, `{count}`) was expanded again, and counts
    /// of 1 read "1 question(s)". One pass of `fill` shows names verbatim and picks the noun.
    #[test]
    fn names_with_placeholders_are_shown_verbatim_and_one_reads_singular() {
        let msg = Messages::embedded(crate::text::Lang::En);
        assert_eq!(
            saved_line(&msg, Path::new("out/{count}.yaml"), 1),
            "Saved to out/{count}.yaml; 1 question still unanswered."
        );
        assert_eq!(
            saved_line(&msg, Path::new("{path}.yaml"), 2),
            "Saved to {path}.yaml; 2 questions still unanswered."
        );

        let catalog =
            crate::criteria::embedded::loaded(crate::criteria::embedded::default_version());
        let mut answers: Answers = crate::answers::Answers {
            criteria_version: Some("2023.01".into()),
            company: crate::answers::Company {
                name: "{answered} of {questions} Ltd".into(),
                entity: crate::criteria::Entity::Importer,
                country: None,
                details: crate::answers::CompanyDetails::default(),
            },
            assessed_on: None,
            assessor: None,
            answers: std::collections::BTreeMap::new(),
            best_practices: Vec::new(),
            waivers: Vec::new(),
            kept: crate::answers::Kept::default(),
            financials: None,
        };
        let questions = catalog
            .applicable(crate::criteria::Entity::Importer)
            .count();
        let first = catalog
            .applicable(crate::criteria::Entity::Importer)
            .next()
            .expect("a question")
            .id;
        answers.answers.insert(
            first,
            crate::answers::Answer {
                status: crate::answers::Status::Implemented,
                evidence: Vec::new(),
                note: None,
                owner: None,
                due: None,
            },
        );
        let session = Session::new(catalog, answers);
        assert_eq!(
            resuming_line(&msg, &session),
            format!(
                "{{answered}} of {{questions}} Ltd: 1 of {questions} questions answered; \
                 continuing with the unanswered ones."
            )
        );
    }

    fn items(n: usize) -> Vec<String> {
        (1..=n)
            .map(|i| format!("Choice number {i} — 第{i}项"))
            .collect()
    }

    /// Regression (a two-row terminal panicked the questionnaire): a menu fits any terminal,
    /// down to no rows and no columns, and always shows the chosen item.
    #[test]
    fn a_menu_fits_any_terminal_size() {
        let style = console::Style::new();
        for (rows, columns) in [
            (0, 0),
            (1, 1),
            (2, 80),
            (3, 80),
            (4, 10),
            (24, 80),
            (200, 300),
        ] {
            for count in [1, 9, 13] {
                for chosen in [0, count / 2, count - 1, count + 5] {
                    let lines = menu(
                        &style,
                        "Your answer",
                        &items(count),
                        chosen,
                        (rows, columns),
                    );
                    assert!(!lines.is_empty());
                    assert!(
                        lines.len() <= rows.saturating_sub(1).max(1),
                        "{rows}: {lines:?}"
                    );
                    for line in &lines {
                        assert!(
                            console::measure_text_width(line) <= columns.max(1),
                            "{line:?} wider than {columns}"
                        );
                    }
                    // Wide enough to hold it, the chosen item is always in view.
                    let shown = format!("Choice number {} ", chosen.min(count - 1) + 1);
                    if columns >= 60 {
                        assert!(lines.iter().any(|l| l.contains(&shown)), "{lines:?}");
                    }
                }
            }
        }
        assert_eq!(
            menu(&style, "Your answer", &items(9), 1, (2, 80)),
            ["Your answer (2/9) › 2. Choice number 2 — 第2项"]
        );
        assert_eq!(
            menu(&style, "Pick", &items(3), 0, (24, 80)),
            [
                "? Pick",
                "❯ 1. Choice number 1 — 第1项",
                "  2. Choice number 2 — 第2项",
                "  3. Choice number 3 — 第3项"
            ]
        );
        // A short terminal scrolls the window to keep the chosen item in view.
        let window = menu(&style, "Pick", &items(13), 12, (5, 80));
        assert_eq!(window.len(), 4);
        assert_eq!(window[0], "? Pick (13/13)");
        assert_eq!(window[3], "❯ Choice number 13 — 第13项");
    }
}
