//! Placing imported items on a document's text by their quotes, with the loose
//! matching of DESIGN §1.2 (`anchor::loose`, whitespace ignored as Kindle collapses it),
//! and an honest outcome for each: placed where its quote is; **needs review** where
//! the place is a guess (several equal places, a truncated or edited quote found by its
//! ends) — such an annotation carries the `needs-review` tag, and a guessed one keeps
//! the source's quote, so the anchoring engine reports it `fuzzy` too; **orphaned**
//! where nothing fits (kept with the source's quote, which anchoring then reports
//! orphaned; tagged too when it has no quote; never dropped). Pure.

use std::collections::HashMap;
use std::ops::Range;

use super::ids::import_id;
use super::{Item, NEEDS_REVIEW_TAG};
use crate::anchor::loose::{LooseText, Spacing, fold};
use crate::anchor::{self, AnchorStatus, capture};
use crate::annotation::{Annotation, now};
use crate::document::Document;
use crate::palette::Palette;

/// How an item landed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Its quote occurs once (loosely), or where the source said: the annotation anchors
    /// there as `exact`.
    Placed,
    /// Placed at a guess, tagged `needs-review`.
    NeedsReview,
    /// Not found: kept with its own quote, tagged `needs-review`.
    Orphaned,
}

/// An item made into an annotation for one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub annotation: Annotation,
    pub outcome: Outcome,
}

/// Folded quotes shorter than this are not searched for by their ends: too common.
const MIN_GUESS_CHARS: usize = 24;
/// Code points of each end of a long quote searched for alone.
const END_CHARS: usize = 32;

/// The id the item's annotation gets: the one it carries (margent's own exports), else
/// one derived from its source id, the same at every import.
pub fn id_of(item: &Item) -> String {
    item.margent_id
        .clone()
        .unwrap_or_else(|| import_id(&item.source_id, item.created))
}

/// Places items on one document; the text is folded once for all of them.
pub struct Placer<'d> {
    doc: &'d Document,
    loose: LooseText,
    palette: &'d Palette,
    /// Places of the quotes searched for in advance (`prepare`), by folded quote.
    known: HashMap<String, Vec<Range<usize>>>,
}

/// Where the quote was found.
enum Spot {
    Found(Range<usize>),
    Ambiguous(Range<usize>),
    Guess(Range<usize>),
    Nowhere,
}

impl<'d> Placer<'d> {
    pub fn new(doc: &'d Document, palette: &'d Palette) -> Placer<'d> {
        Placer {
            doc,
            loose: LooseText::new(doc.text(), Spacing::Ignored),
            palette,
            known: HashMap::new(),
        }
    }

    /// Finds the quotes of `items` in one pass over the text, so that placing thousands
    /// of them does not search the text once each.
    pub fn prepare<'i>(&mut self, items: impl IntoIterator<Item = &'i Item>) {
        self.known = self
            .loose
            .find_all(items.into_iter().map(|item| item.quote.as_str()));
    }

    fn find(&self, quote: &str) -> Vec<Range<usize>> {
        match self.known.get(&fold(quote, Spacing::Ignored)) {
            Some(places) => places.clone(),
            None => self.loose.find(quote),
        }
    }

    pub fn place(&self, item: &Item) -> Placed {
        let spot = self.spot(item);
        let found_once = matches!(spot, Spot::Found(_));
        let text = self.doc.text();
        let chars = self.doc.chars();
        let (mut annotation, outcome) = match spot {
            Spot::Found(range) | Spot::Ambiguous(range) => {
                let quote = capture(text, chars, range.start, range.end);
                let outcome = if found_once {
                    Outcome::Placed
                } else {
                    Outcome::NeedsReview
                };
                let annotation =
                    Annotation::new(item.kind, quote.exact, range).with_context(quote.prefix, quote.suffix);
                (annotation, outcome)
            }
            Spot::Guess(range) => {
                let around = capture(text, chars, range.start, range.end);
                let annotation = Annotation::new(item.kind, item.quote.clone(), range)
                    .with_context(around.prefix, around.suffix);
                // Said as the reader will show it: a guess the anchoring of the saved
                // note cannot confirm is an orphan there, so it is one here.
                let outcome = match anchor::anchor(text, chars, &annotation).status {
                    AnchorStatus::Orphaned => Outcome::Orphaned,
                    _ => Outcome::NeedsReview,
                };
                (annotation, outcome)
            }
            Spot::Nowhere => {
                let range = item.position.clone().unwrap_or(0..0);
                let annotation = Annotation::new(item.kind, item.quote.clone(), range).with_context(
                    item.prefix.clone().unwrap_or_default(),
                    item.suffix.clone().unwrap_or_default(),
                );
                (annotation, Outcome::Orphaned)
            }
        };
        annotation = self.with_item_data(annotation, item);
        // An orphan with a quote is reported orphaned (or fuzzy) by anchoring itself;
        // one without a quote would anchor at its empty range as if exact.
        // A quote that may be cut short is found where its start is: that is a guess.
        let outcome = match outcome {
            Outcome::Placed if item.cut => Outcome::NeedsReview,
            outcome => outcome,
        };
        let flag = match outcome {
            Outcome::Placed => false,
            Outcome::NeedsReview => true,
            Outcome::Orphaned => annotation.exact.trim().is_empty(),
        };
        if flag && !annotation.tags.iter().any(|tag| tag == NEEDS_REVIEW_TAG) {
            annotation.tags.push(NEEDS_REVIEW_TAG.to_string());
        }
        Placed { annotation, outcome }
    }

    fn with_item_data(&self, annotation: Annotation, item: &Item) -> Annotation {
        let created = item.created.unwrap_or_else(now);
        let mut annotation = annotation
            .with_id(id_of(item))
            .with_color(self.color(item.color.as_deref()))
            .with_tags(item.tags.iter().cloned())
            .with_note(item.note.clone())
            .with_status(item.status)
            .with_author(item.author.clone())
            .created_at(created)
            .modified_at(item.modified.unwrap_or(created));
        annotation.resolved_by = item.resolved_by.clone();
        annotation.resolved_at = item.resolved_at;
        annotation.normalised()
    }

    /// The palette's entry of that name, else one whose name the source's colour
    /// contains ("light yellow", "#yellow"), else the palette's default.
    fn color(&self, source: Option<&str>) -> String {
        let default = || self.palette.default_entry().name.clone();
        let Some(source) = source.map(str::to_lowercase) else {
            return default();
        };
        if let Some(entry) = self.palette.get(source.trim()) {
            return entry.name.clone();
        }
        self.palette
            .entries()
            .iter()
            .find(|entry| source.contains(&entry.name.to_lowercase()))
            .map_or_else(default, |entry| entry.name.clone())
    }

    fn spot(&self, item: &Item) -> Spot {
        let text = self.doc.text();
        if item.quote.trim().is_empty() {
            return Spot::Nowhere;
        }
        // Where the source says, when the quote is there (margent's own exports, and
        // Hypothesis on the same text): this also tells repeated quotes apart.
        if let Some(range) = &item.position
            && range.end <= self.doc.len_chars()
            && self.loose.holds_at(text, range.clone(), &item.quote)
        {
            return Spot::Found(range.clone());
        }
        let found = self.find(&item.quote);
        match found.len() {
            1 => return Spot::Found(found[0].clone()),
            0 => {}
            _ => return self.choose(item, found),
        }
        self.guess(item)
    }

    /// Several places: the one whose context agrees with the source's, when only one
    /// does; else the one nearest to the source's position (or the first), for review.
    fn choose(&self, item: &Item, found: Vec<Range<usize>>) -> Spot {
        if item.prefix.is_some() || item.suffix.is_some() {
            let probe = Annotation::new(item.kind, item.quote.clone(), 0..0).with_context(
                item.prefix.clone().unwrap_or_default(),
                item.suffix.clone().unwrap_or_default(),
            );
            let agreeing: Vec<&Range<usize>> = found
                .iter()
                .filter(|range| {
                    anchor::context_agreement(
                        self.doc.text(),
                        self.doc.chars(),
                        &probe,
                        range.start,
                        range.end,
                    )
                    .agrees
                })
                .collect();
            if let [only] = agreeing.as_slice() {
                return Spot::Found((*only).clone());
            }
        }
        let expected = item.position.as_ref().map_or(0, |range| range.start);
        let nearest = found
            .into_iter()
            .min_by_key(|range| range.start.abs_diff(expected))
            .unwrap_or(0..0);
        Spot::Ambiguous(nearest)
    }

    /// A quote not found whole: without a trailing ellipsis (a truncated highlight),
    /// else by its two ends (an edited or cut passage), else nowhere.
    fn guess(&self, item: &Item) -> Spot {
        let quote = item.quote.trim();
        let cut = quote
            .trim_end_matches(['…', '.', ' '])
            .trim_start_matches(['…', '.', ' ']);
        if cut.len() != quote.len() && fold(cut, Spacing::Ignored).chars().count() >= MIN_GUESS_CHARS {
            let found = self.loose.find(cut);
            if let Some(first) = found.first() {
                return Spot::Guess(first.clone());
            }
        }
        let chars: Vec<char> = cut.chars().collect();
        if fold(cut, Spacing::Ignored).chars().count() < MIN_GUESS_CHARS || chars.len() < 2 * END_CHARS {
            return Spot::Nowhere;
        }
        let head: String = chars[..END_CHARS].iter().collect();
        let tail: String = chars[chars.len() - END_CHARS..].iter().collect();
        let heads = self.loose.find(&head);
        let tails = self.loose.find(&tail);
        let longest = chars.len() * 2 + 64;
        for start in &heads {
            if let Some(end) = tails
                .iter()
                .find(|end| end.end > start.start && end.end - start.start <= longest)
            {
                return Spot::Guess(start.start..end.end);
            }
        }
        // One end alone: a highlight cut short by the device's limit.
        match (heads.as_slice(), tails.as_slice()) {
            ([only], _) => Spot::Guess(only.start..(only.start + chars.len()).min(self.doc.len_chars())),
            (_, [only]) => Spot::Guess(only.end.saturating_sub(chars.len())..only.end),
            _ => Spot::Nowhere,
        }
    }
}

#[cfg(test)]
mod tests;
