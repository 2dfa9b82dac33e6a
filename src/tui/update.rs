//! `App::update`: the one place the reader's state changes. Turns messages (keys,
//! resizes, finished background work) into new state and effects; does no IO.

use crate::keys::{Action, KeyMode, KeyName, KeySpec};

use super::app::{App, Effect, Geometry, Message, Mode, Msg, Pending};
use super::search;

/// Rows moved by one notch of the mouse wheel.
const WHEEL_ROWS: isize = 3;

impl App {
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let effects = match msg {
            Msg::Key(key) => self.key(key),
            Msg::Resize { cols, rows } => {
                self.geometry = Geometry::new(cols, rows, self.settings.measure());
                self.flow.set_options(self.layout_options());
                self.fill_screen_at_the_end();
                Vec::new()
            }
            Msg::Wheel(down) => {
                self.scroll(if down { WHEEL_ROWS } else { -WHEEL_ROWS });
                Vec::new()
            }
            Msg::Paste(text) => {
                if let Mode::Prompt { text: query, .. } = &mut self.mode {
                    query.push_str(&text.replace(['\n', '\r', '\t'], " "));
                    self.search_pending = true;
                } else {
                    self.paste_into_writing(&text);
                }
                Vec::new()
            }
            Msg::AnnotationsReady(placed) => self.annotations_anchored(placed),
            Msg::DocumentLoaded(doc) => {
                self.chars_per_minute = self
                    .settings
                    .config
                    .reader
                    .reading_speed
                    .unwrap_or_else(|| doc.chars_per_minute())
                    .max(1);
                self.content_end = doc.content_end();
                self.doc = doc;
                self.flow = crate::layout::Flow::new(self.layout_options());
                Vec::new()
            }
            Msg::PersistFailed(problem) => {
                self.warn(problem);
                Vec::new()
            }
            Msg::ExternalNote { id, note } => match note {
                Some(note) => self.external_note(&id, note),
                None => Vec::new(),
            },
            Msg::Mouse { kind, col, row } => {
                self.mouse(kind, col, row);
                Vec::new()
            }
            Msg::OutlineReady(outline) => {
                self.outline = Some(outline);
                Vec::new()
            }
            Msg::Terminate => self.quit(),
            Msg::Notice(text) => {
                self.warn(text);
                Vec::new()
            }
            Msg::Settle => {
                if std::mem::take(&mut self.search_pending) {
                    self.incremental_search();
                }
                Vec::new()
            }
        };
        self.refresh_screen();
        effects
    }

    fn key(&mut self, key: KeySpec) -> Vec<Effect> {
        match self.mode {
            Mode::Prompt { .. } => {
                self.prompt_key(key);
                Vec::new()
            }
            Mode::Help { .. } => {
                self.help_key(key);
                Vec::new()
            }
            Mode::Contents { .. } => {
                self.contents_key(key);
                Vec::new()
            }
            Mode::Select => self.select_key(key),
            Mode::Note(_) => self.note_key(key),
            Mode::Tags { .. } => self.tags_key(key),
            Mode::List { .. } => self.list_key(key),
            Mode::Reading => self.reading_key(key),
        }
    }

    fn reading_key(&mut self, key: KeySpec) -> Vec<Effect> {
        let plain_char = match key.name {
            KeyName::Char(c) if !key.ctrl && !key.alt => Some(c),
            _ => None,
        };
        if let Some(pending) = self.pending.take() {
            match plain_char {
                Some(letter) => self.mark_key(pending, letter),
                None => self.say("Cancelled"),
            }
            return Vec::new();
        }
        if let Some(digit) = plain_char.and_then(|c| c.to_digit(10))
            && (digit != 0 || self.count.is_some())
        {
            let count = self
                .count
                .unwrap_or(0)
                .saturating_mul(10)
                .saturating_add(digit as usize);
            self.count = Some(count.min(1_000_000_000));
            return Vec::new();
        }
        let count = self.count.take();
        let Some(action) = self.settings.keymap.action(KeyMode::Normal, key) else {
            let help = self
                .settings
                .keymap
                .first_key(KeyMode::Normal, Action::ToggleHelp);
            let hint = help.map(|k| format!(" (press {k} for help)")).unwrap_or_default();
            self.warn(format!("{key} does nothing here{hint}"));
            return Vec::new();
        };
        self.message = None;
        self.act(action, count)
    }

    fn act(&mut self, action: Action, count: Option<usize>) -> Vec<Effect> {
        let times = count.unwrap_or(1).min(isize::MAX as usize) as isize;
        let page = self.geometry.body_rows.max(1) as isize;
        match action {
            Action::ScrollDown => self.scroll(times),
            Action::ScrollUp => self.scroll(-times),
            Action::PageDown => self.scroll(times.saturating_mul(page)),
            Action::PageUp => self.scroll(-times.saturating_mul(page)),
            Action::HalfPageDown => self.scroll(times.saturating_mul((page / 2).max(1))),
            Action::HalfPageUp => self.scroll(-times.saturating_mul((page / 2).max(1))),
            Action::GoToStart => match count {
                Some(line) => self.go_to_line(line),
                None => self.jump_to(0),
            },
            Action::GoToEnd => self.go_to_end(),
            Action::GoToPercent => {
                let percent = count.unwrap_or(0).min(100);
                let target = (self.doc.len_chars() as u128 * percent as u128 / 100) as usize;
                self.jump_to(target);
            }
            Action::NextParagraph => self.next_paragraph(),
            Action::PreviousParagraph => self.previous_paragraph(),
            Action::NextHeading => self.heading(true),
            Action::PreviousHeading => self.heading(false),
            Action::SetMark => self.pending = Some(Pending::SetMark),
            Action::GoToMark => self.pending = Some(Pending::GoToMark),
            Action::SearchForward | Action::SearchBackward => {
                self.search_before_prompt = self.search.clone();
                self.mode = Mode::Prompt {
                    text: String::new(),
                    backward: action == Action::SearchBackward,
                    origin_top: self.top_char,
                };
            }
            Action::NextMatch => self.repeat_search(false),
            Action::PreviousMatch => self.repeat_search(true),
            Action::ToggleContents => {
                let selected = self.current_section().unwrap_or(0);
                self.mode = Mode::Contents { selected };
            }
            Action::ToggleHelp => self.mode = Mode::Help { scroll: 0 },
            Action::RevealHidden => {
                self.reveal_hidden = !self.reveal_hidden;
                self.flow.set_options(self.layout_options());
                self.say(if self.reveal_hidden {
                    "Showing bidi controls and invisible characters"
                } else {
                    "Hiding bidi controls and invisible characters"
                });
            }
            Action::Redraw => return vec![Effect::Redraw],
            Action::Quit => return self.quit(),
            Action::Select => self.start_selection(),
            Action::ToggleAnnotations => self.open_list(),
            Action::NextAnnotation => self.jump_annotation(true),
            Action::PreviousAnnotation => self.jump_annotation(false),
            Action::Undo => return self.undo_or_redo(false),
            Action::Redo => return self.undo_or_redo(true),
            Action::EditNote
            | Action::EditTags
            | Action::ToggleStatus
            | Action::DeleteAnnotation
            | Action::CycleColor
            | Action::EditNoteExternal
            | Action::CopyNote => return self.act_on_annotation(action),
            other => self.warn(format!("{} works only while selecting", other.help())),
        }
        Vec::new()
    }

    fn quit(&mut self) -> Vec<Effect> {
        vec![Effect::SavePosition(self.top_char), Effect::Quit]
    }

    /// Recomputes the rows on screen and the search matches among them.
    pub(super) fn refresh_screen(&mut self) {
        let height = usize::from(self.geometry.body_rows);
        self.screen = match self.flow.row_at(&self.doc, self.top_char) {
            Some(top) => self.flow.rows_from(&self.doc, &top, height),
            None => Vec::new(),
        };
        self.visible_matches.clear();
        if let (Some(search), Some(first), Some(last)) =
            (&self.search, self.screen.first(), self.screen.last())
        {
            let bytes = first.line().bytes.start..last.line().bytes.end;
            let text = self.doc.text();
            self.visible_matches = search::matches_in(text, &search.regex, bytes)
                .into_iter()
                .map(|m| self.doc.char_at(m.start)..self.doc.char_at(m.end))
                .collect();
        }
    }

    fn help_key(&mut self, key: KeySpec) {
        let page = usize::from(self.geometry.body_rows.saturating_sub(3)).max(1);
        let max = super::view::help_max_scroll(self);
        let Mode::Help { scroll } = &mut self.mode else {
            return;
        };
        *scroll = match key.name {
            KeyName::Char('j') | KeyName::Down | KeyName::Enter => *scroll + 1,
            KeyName::Char('k') | KeyName::Up => scroll.saturating_sub(1),
            KeyName::Char(' ' | 'f' | 'd') | KeyName::PageDown => *scroll + page,
            KeyName::Char('b' | 'u') | KeyName::PageUp => scroll.saturating_sub(page),
            KeyName::Char('g') | KeyName::Home => 0,
            KeyName::Char('G') | KeyName::End => max,
            _ => {
                self.mode = Mode::Reading;
                return;
            }
        }
        .min(max);
    }

    fn contents_key(&mut self, key: KeySpec) {
        let Mode::Contents { selected } = &mut self.mode else {
            return;
        };
        let count = self.outline.as_ref().map_or(0, |o| o.headings.len());
        match key.name {
            KeyName::Char('j') | KeyName::Down => *selected = (*selected + 1).min(count.saturating_sub(1)),
            KeyName::Char('k') | KeyName::Up => *selected = selected.saturating_sub(1),
            KeyName::Char(' ' | 'f') | KeyName::PageDown => {
                *selected = (*selected + 10).min(count.saturating_sub(1))
            }
            KeyName::Char('b') | KeyName::PageUp => *selected = selected.saturating_sub(10),
            KeyName::Char('g') | KeyName::Home => *selected = 0,
            KeyName::Char('G') | KeyName::End => *selected = count.saturating_sub(1),
            KeyName::Enter => {
                let target = self
                    .outline
                    .as_ref()
                    .and_then(|o| o.headings.get(*selected))
                    .map(|h| h.char_offset);
                self.mode = Mode::Reading;
                if let Some(char_offset) = target {
                    self.jump_to(char_offset);
                }
            }
            _ => self.mode = Mode::Reading,
        }
    }

    /// The annotations have been anchored: relocated ones move (saved at once), and
    /// if none needs review the sidecar remembers this text.
    fn annotations_anchored(&mut self, placed: Vec<super::annotations::Placed>) -> Vec<Effect> {
        let mut effects = Vec::new();
        let placed: Vec<_> = placed
            .into_iter()
            .map(|mut p| {
                if p.status == crate::anchor::AnchorStatus::Relocated && self.read_only.is_none() {
                    p.annotation.start = p.range.start;
                    p.annotation.end = p.range.end;
                    effects.push(Effect::SaveAnnotation(p.annotation.clone()));
                }
                p
            })
            .collect();
        let review = placed.iter().filter(|p| p.needs_review()).count();
        let changed = !effects.is_empty();
        self.annotations = super::annotations::Annotations::new(placed);
        self.annotations_ready = true;
        if review > 0 {
            self.warn(format!(
                "{review} annotation(s) need review after edits to the text (press A)"
            ));
        } else if self.read_only.is_none() && (changed || !self.annotations.all().is_empty()) {
            effects.push(Effect::MarkAnchored);
        }
        effects
    }

    /// The mouse, when captured: press and drag select text.
    fn mouse(&mut self, kind: super::app::MouseKind, col: u16, row: u16) {
        use super::app::MouseKind;
        let Some(screen_row) = self.screen.get(usize::from(row)).cloned() else {
            return;
        };
        let col = usize::from(col.saturating_sub(self.geometry.text_x));
        let char_offset = screen_row
            .layout
            .char_at_col(self.doc.text(), screen_row.row, col);
        match kind {
            MouseKind::Down => self.select_to(char_offset, true),
            MouseKind::Drag if self.selection.is_some() => self.select_to(char_offset, false),
            MouseKind::Drag | MouseKind::Up => {}
        }
    }

    pub(super) fn say(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
        });
    }

    pub(super) fn warn(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: true,
        });
    }
}
