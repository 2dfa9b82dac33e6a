//! The export formats by name, as the config and the command line spell them. The
//! command line mirrors this enum with its own clap type, so the core never depends on
//! the argument parser.

use std::fmt;
use std::str::FromStr;

/// One of the export formats of DESIGN §1.7.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Md,
    Org,
    Json,
    Csv,
    W3c,
    Html,
    Anki,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Md,
        Format::Org,
        Format::Json,
        Format::Csv,
        Format::W3c,
        Format::Html,
        Format::Anki,
    ];

    /// The name used in the config and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Org => "org",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::W3c => "w3c",
            Format::Html => "html",
            Format::Anki => "anki",
        }
    }

    pub fn names() -> impl Iterator<Item = &'static str> {
        Format::ALL.into_iter().map(Format::as_str)
    }
}

/// A name that is not one of the formats.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown export format {0:?}")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|format| format.as_str() == name)
            .ok_or_else(|| UnknownFormat(name.to_string()))
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for format in Format::ALL {
            assert_eq!(format.as_str().parse::<Format>(), Ok(format));
        }
        assert!("markdown".parse::<Format>().is_err());
    }
}
