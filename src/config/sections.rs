//! The plain sections of the config — `[reader]`, `[tags]`, `[sidecar]`, `[export]` —
//! with their defaults, deserialised by serde straight into the types the program
//! uses. A value that is of the right type but not acceptable is refused here with
//! the reason; which key and line it was is found from the error's span (`diagnose`).

use std::collections::BTreeMap;
use std::fmt;

use serde::de::value::StringDeserializer;
use serde::de::{self, Deserialize, Deserializer, Visitor};

use super::MIN_MEASURE;
use super::error::shown;
use crate::export::Format as ExportFormat;
use crate::layout::bidi::Bidi;
use crate::layout::width::AmbiguousWidth;
use crate::markup::Reading;
use crate::position::PositionPlace;
use crate::sidecar::SidecarLocation;

/// `[reader]`
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields, expecting = "a table")]
pub struct ReaderConfig {
    /// The widest the text column gets, in columns (at least `MIN_MEASURE`).
    #[serde(deserialize_with = "measure")]
    pub measure: u16,
    #[serde(deserialize_with = "ambiguous_width")]
    pub ambiguous_width: AmbiguousWidth,
    /// Capture the mouse for clicks and drag-selection (the wheel works without it).
    pub mouse: bool,
    /// Characters per minute for the "time left" estimate; `None`: chosen by script.
    #[serde(deserialize_with = "reading_speed")]
    pub reading_speed: Option<u32>,
    /// Stored as `author` on every annotation made, and as `resolved_by` when resolving.
    #[serde(deserialize_with = "author")]
    pub author: Option<String>,
    /// Where the reading position is kept: the per-user state folder, or the sidecar.
    #[serde(deserialize_with = "position_place")]
    pub position: PositionPlace,
    /// How ruby readings of typeset markup are shown.
    #[serde(deserialize_with = "reading")]
    pub reading: Reading,
    /// Whether right-to-left paragraphs are reordered by margent or by the terminal.
    #[serde(deserialize_with = "bidi")]
    pub bidi: Bidi,
    /// Whether links are sent to the terminal as OSC 8 hyperlinks.
    #[serde(deserialize_with = "hyperlinks")]
    pub hyperlinks: Hyperlinks,
}

/// When links become hyperlinks the terminal can open (`[reader] hyperlinks`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Hyperlinks {
    /// In terminals known to support them.
    #[default]
    Auto,
    Always,
    Never,
}

/// `[tags]`
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields, expecting = "a table")]
pub struct TagsConfig {
    /// Quick tagging: a key character and the tag it applies. A `quick` table in the
    /// file replaces these as a whole.
    #[serde(deserialize_with = "quick_tags")]
    pub quick: BTreeMap<char, String>,
}

/// `[sidecar]`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields, expecting = "a table")]
pub struct SidecarConfig {
    #[serde(deserialize_with = "sidecar_location")]
    pub location: SidecarLocation,
}

/// `[export]`
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields, expecting = "a table")]
pub struct ExportConfig {
    /// Used when `margent export` is given no `--format`.
    #[serde(deserialize_with = "export_format")]
    pub format: ExportFormat,
    /// Begin a CSV export with a UTF-8 byte order mark, which spreadsheets (Excel) need
    /// to read it as UTF-8; `margent export --bom` asks for it once.
    pub csv_bom: bool,
}

impl Default for ReaderConfig {
    fn default() -> Self {
        ReaderConfig {
            measure: 80,
            ambiguous_width: AmbiguousWidth::Narrow,
            mouse: false,
            reading_speed: None,
            author: None,
            position: PositionPlace::State,
            reading: Reading::Inline,
            bidi: Bidi::Reorder,
            hyperlinks: Hyperlinks::Auto,
        }
    }
}

impl Default for TagsConfig {
    fn default() -> Self {
        let quick = [
            ('1', "todo"),
            ('2', "question"),
            ('3', "important"),
            ('4', "disagree"),
            ('5', "follow-up"),
        ];
        TagsConfig {
            quick: quick
                .into_iter()
                .map(|(key, tag)| (key, tag.to_string()))
                .collect(),
        }
    }
}

impl Default for ExportConfig {
    fn default() -> Self {
        ExportConfig {
            format: ExportFormat::Md,
            csv_bom: false,
        }
    }
}

// Integers are read as i128, which takes any TOML integer (toml hands out i64, then
// u64, then i128), so that a huge number is refused as out of range.

fn measure<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u16, D::Error> {
    let measure = i128::deserialize(deserializer)?;
    u16::try_from(measure)
        .ok()
        .filter(|&measure| measure >= MIN_MEASURE)
        .ok_or_else(|| {
            de::Error::custom(format!(
                "must be between {MIN_MEASURE} and {} (found {measure})",
                u16::MAX
            ))
        })
}

fn ambiguous_width<'de, D: Deserializer<'de>>(deserializer: D) -> Result<AmbiguousWidth, D::Error> {
    match i128::deserialize(deserializer)? {
        1 => Ok(AmbiguousWidth::Narrow),
        2 => Ok(AmbiguousWidth::Wide),
        other => Err(de::Error::custom(format!("must be 1 or 2 (found {other})"))),
    }
}

/// A string or a whole number (a reading speed, a colour); anything else is refused as
/// not what `expected` says.
pub(super) enum Word {
    Text(String),
    Number(i128),
}

pub(super) fn word<'de, D: Deserializer<'de>>(
    deserializer: D,
    expected: &'static str,
) -> Result<Word, D::Error> {
    struct WordVisitor(&'static str);
    impl Visitor<'_> for WordVisitor {
        type Value = Word;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<Word, E> {
            Ok(Word::Text(text.to_string()))
        }
        fn visit_i64<E: de::Error>(self, number: i64) -> Result<Word, E> {
            Ok(Word::Number(number.into()))
        }
        fn visit_u64<E: de::Error>(self, number: u64) -> Result<Word, E> {
            Ok(Word::Number(number.into()))
        }
        fn visit_i128<E: de::Error>(self, number: i128) -> Result<Word, E> {
            Ok(Word::Number(number))
        }
    }
    deserializer.deserialize_any(WordVisitor(expected))
}

/// `"auto"` (`None`) or a positive number of characters per minute.
fn reading_speed<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    const EXPECTED: &str = "\"auto\" or a positive whole number";
    let refused = |found: String| de::Error::custom(format!("must be {EXPECTED} (found {found})"));
    match word(deserializer, EXPECTED)? {
        Word::Text(text) if text == "auto" => Ok(None),
        Word::Text(text) => Err(refused(format!("\"{}\"", shown(&text)))),
        Word::Number(speed) => u32::try_from(speed)
            .ok()
            .filter(|&speed| speed > 0)
            .map(Some)
            .ok_or_else(|| refused(speed.to_string())),
    }
}

/// One line of text; empty means no author.
fn author<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let author = one_line(String::deserialize(deserializer)?)?;
    Ok(Some(author).filter(|author| !author.is_empty()))
}

fn one_line<E: de::Error>(text: String) -> Result<String, E> {
    if crate::sanitize::inline(&text) != text {
        return Err(E::custom("must not contain control or invisible characters"));
    }
    Ok(text)
}

fn quick_tags<'de, D: Deserializer<'de>>(deserializer: D) -> Result<BTreeMap<char, String>, D::Error> {
    let quick = BTreeMap::<QuickKey, Tag>::deserialize(deserializer)?;
    Ok(quick
        .into_iter()
        .map(|(QuickKey(key), Tag(tag))| (key, tag))
        .collect())
}

/// A quick-tag key: one visible character.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct QuickKey(char);

impl<'de> Deserialize<'de> for QuickKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let key = String::deserialize(deserializer)?;
        let mut chars = key.chars();
        match (chars.next(), chars.next()) {
            (Some(key), None) if !key.is_whitespace() && !key.is_control() => Ok(QuickKey(key)),
            _ => Err(de::Error::custom("a quick-tag key must be a single character")),
        }
    }
}

/// A tag: tags are typed separated by spaces in the reader, so a tag is one word.
struct Tag(String);

impl<'de> Deserialize<'de> for Tag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let tag = String::deserialize(deserializer)?;
        if tag.is_empty() || tag.chars().any(char::is_whitespace) {
            let reason = format!("a tag must be one word (found \"{}\")", shown(&tag));
            return Err(de::Error::custom(reason));
        }
        one_line(tag).map(Tag)
    }
}

/// `SidecarLocation` by name (the type belongs to the sidecar module).
#[derive(serde::Deserialize)]
#[serde(remote = "SidecarLocation", rename_all = "lowercase")]
enum LocationName {
    Auto,
    Beside,
    #[serde(rename = "data")]
    DataDir,
}

fn sidecar_location<'de, D: Deserializer<'de>>(deserializer: D) -> Result<SidecarLocation, D::Error> {
    LocationName::deserialize(name(deserializer)?)
}

/// `PositionPlace` by name (the type belongs to the position module).
#[derive(serde::Deserialize)]
#[serde(remote = "PositionPlace", rename_all = "lowercase")]
enum PositionPlaceName {
    State,
    Sidecar,
}

fn position_place<'de, D: Deserializer<'de>>(deserializer: D) -> Result<PositionPlace, D::Error> {
    PositionPlaceName::deserialize(name(deserializer)?)
}

fn reading<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Reading, D::Error> {
    Reading::deserialize(name(deserializer)?)
}

fn bidi<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Bidi, D::Error> {
    Bidi::deserialize(name(deserializer)?)
}

fn hyperlinks<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Hyperlinks, D::Error> {
    Hyperlinks::deserialize(name(deserializer)?)
}

fn export_format<'de, D: Deserializer<'de>>(deserializer: D) -> Result<ExportFormat, D::Error> {
    ExportFormat::deserialize(name(deserializer)?)
}

/// A choice is written as its name: anything but a string is the wrong type (toml
/// would also take an enum from a table), then the name is read by the enum's derive.
fn name<'de, D: Deserializer<'de>>(deserializer: D) -> Result<StringDeserializer<D::Error>, D::Error> {
    Ok(StringDeserializer::new(String::deserialize(deserializer)?))
}
