//! The names of a record's keys, English and Chinese, as serde knows them,
//! so a message can name a key the way the record wrote it (`投资方` in a
//! record written with Chinese keys, `investor` in one written in English).

use serde::de::{self, Deserialize, Visitor};

use super::{Node, NodeKind, scalar_text};

/// Every key name a derived `T` accepts: each field's names in turn, the
/// English name first and its aliases after it (serde sorts them, and ASCII
/// sorts before Chinese). Empty for a type that is not a plain struct.
pub fn key_names<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    match T::deserialize(FieldsOnly) {
        Err(Caught(fields)) => fields,
        Ok(_) => &[],
    }
}

/// The Chinese name of the key `english` among `names` (from `key_names`),
/// or `english` itself when it has none. Of several, the shortest (投资方
/// rather than 投资主体): serde keeps them sorted, not in the order written.
pub fn chinese_name(names: &'static [&'static str], english: &'static str) -> &'static str {
    let Some(at) = names.iter().position(|n| *n == english) else { return english };
    let chinese = names[at + 1..].iter().take_while(|n| !is_english(n)).copied();
    chinese.min_by_key(|n| n.chars().count()).unwrap_or(english)
}

/// `english`, or its Chinese name when `record` is written with Chinese keys.
pub fn as_written(names: &'static [&'static str], english: &'static str, chinese_keys: bool) -> &'static str {
    if chinese_keys { chinese_name(names, english) } else { english }
}

/// Whether the mapping `record` is written mostly with Chinese keys.
pub fn has_chinese_keys(record: &Node) -> bool {
    let NodeKind::Map(entries) = &record.kind else { return false };
    let chinese = entries.iter().filter(|(k, _)| scalar_text(k).is_some_and(|k| !is_english(k))).count();
    chinese * 2 > entries.len()
}

fn is_english(name: &str) -> bool {
    name.is_ascii()
}

/// A deserializer that only asks the type for its field names.
struct FieldsOnly;

#[derive(Debug)]
struct Caught(&'static [&'static str]);

impl std::fmt::Display for Caught {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("field names caught")
    }
}

impl std::error::Error for Caught {}

impl de::Error for Caught {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Caught(&[])
    }
}

impl<'de> de::Deserializer<'de> for FieldsOnly {
    type Error = Caught;

    fn deserialize_struct<V: Visitor<'de>>(self, _: &'static str, fields: &'static [&'static str], _: V) -> Result<V::Value, Caught> {
        Err(Caught(fields))
    }

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Caught> {
        Err(Caught(&[]))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::raw::RawProject;

    #[test]
    fn names_a_key_in_the_records_language() {
        let names = key_names::<RawProject>();
        assert_eq!(chinese_name(names, "investor"), "投资方");
        assert_eq!(as_written(names, "investor", false), "investor");
        assert_eq!(chinese_name(names, "no-such-key"), "no-such-key");
    }
}
