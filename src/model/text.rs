//! Values written as text in content files (dates, amounts, percentages),
//! read one way: each parses its text, and its error becomes the serde
//! error with a message and a hint, which the YAML reader turns into a
//! diagnostic at the value.

use std::fmt;
use std::marker::PhantomData;

use serde::de;

use crate::yaml::with_hint;

/// Deserializes a value written as text with `parse`, whose error is the
/// message and the hint. `expecting` says what a value looks like, in
/// Chinese and in English (the run's language picks). A bare number is read
/// as its text.
pub fn from_text<'de, D, T, P>(deserializer: D, expecting: (&'static str, &'static str), parse: P) -> Result<T, D::Error>
where
    D: de::Deserializer<'de>,
    P: Fn(&str) -> Result<T, (String, String)>,
{
    struct TextVisitor<T, P> {
        expecting: (&'static str, &'static str),
        parse: P,
        value: PhantomData<T>,
    }
    impl<T, P: Fn(&str) -> Result<T, (String, String)>> de::Visitor<'_> for TextVisitor<T, P> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(if crate::locale::is_chinese() { self.expecting.0 } else { self.expecting.1 })
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
            (self.parse)(text).map_err(|(message, hint)| E::custom(with_hint(message, hint)))
        }
        fn visit_u64<E: de::Error>(self, n: u64) -> Result<T, E> {
            self.visit_str(&n.to_string())
        }
        fn visit_i64<E: de::Error>(self, n: i64) -> Result<T, E> {
            self.visit_str(&n.to_string())
        }
    }
    // Asking for text keeps the literal digits: no detour through f64.
    deserializer.deserialize_str(TextVisitor { expecting, parse, value: PhantomData })
}
