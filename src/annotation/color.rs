//! `ColorName`: an annotation's colour, a palette name such as `"yellow"`. The names of
//! the default palette are shared, never allocated per annotation: with 100,000
//! annotations, a copy of `"yellow"` in each is 3 MB of the reader's memory.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A colour name, compared and stored as the text it is.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ColorName(Cow<'static, str>);

/// Names held once for every annotation that uses them: the default palette's.
const SHARED: &[&str] = &[
    "yellow", "green", "blue", "pink", "purple", "orange", "red", "gray", "grey",
];

impl ColorName {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for ColorName {
    fn from(name: String) -> ColorName {
        match SHARED.iter().find(|shared| **shared == name) {
            Some(shared) => ColorName(Cow::Borrowed(shared)),
            None => ColorName(Cow::Owned(name)),
        }
    }
}

impl From<&str> for ColorName {
    fn from(name: &str) -> ColorName {
        match SHARED.iter().find(|shared| **shared == name) {
            Some(shared) => ColorName(Cow::Borrowed(shared)),
            None => ColorName(Cow::Owned(name.to_string())),
        }
    }
}

impl From<&String> for ColorName {
    fn from(name: &String) -> ColorName {
        ColorName::from(name.as_str())
    }
}

impl From<ColorName> for String {
    fn from(name: ColorName) -> String {
        name.0.into_owned()
    }
}

impl Deref for ColorName {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for ColorName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ColorName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// As the text: `"yellow"`.
impl fmt::Debug for ColorName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl PartialEq<str> for ColorName {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for ColorName {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for ColorName {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<ColorName> for &str {
    fn eq(&self, other: &ColorName) -> bool {
        **self == *other.0
    }
}

impl PartialEq<ColorName> for String {
    fn eq(&self, other: &ColorName) -> bool {
        **self == *other.0
    }
}

impl Serialize for ColorName {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ColorName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ColorName, D::Error> {
        String::deserialize(deserializer).map(ColorName::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_names_are_shared_and_others_kept_as_written() {
        let yellow = ColorName::from("yellow".to_string());
        assert!(
            matches!(yellow.0, Cow::Borrowed(_)),
            "a palette name is not copied"
        );
        assert_eq!(yellow, "yellow");
        let own = ColorName::from("Sea Green");
        assert!(matches!(own.0, Cow::Owned(_)));
        assert_eq!(own.as_str(), "Sea Green");
        assert_eq!(format!("{own} {own:?}"), "Sea Green \"Sea Green\"");
        assert_ne!(ColorName::from("Yellow"), yellow, "compared as written");
    }
}
