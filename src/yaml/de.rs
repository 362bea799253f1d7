//! The serde deserializer over the tree: errors carry the position of the
//! value and the key it was under.

use std::cell::Cell;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use super::error::{DeError, DeErrorKind};
use super::spanned::SPANNED;
use super::{Node, NodeKind};
use crate::diag::Span;

/// Reads a `T` from a parsed node.
pub fn from_node<'de, T: de::Deserialize<'de>>(node: &'de Node) -> Result<T, DeError> {
    T::deserialize(NodeDeserializer(node))
}

#[derive(Clone, Copy)]
struct NodeDeserializer<'de>(&'de Node);

impl<'de> NodeDeserializer<'de> {
    fn scalar(&self) -> Option<(&'de str, bool)> {
        match &self.0.kind {
            NodeKind::Scalar { text, plain } => Some((text.as_str(), *plain)),
            _ => None,
        }
    }

    fn unexpected(&self) -> de::Unexpected<'de> {
        match &self.0.kind {
            _ if self.0.is_null() => de::Unexpected::Unit,
            NodeKind::Scalar { text, .. } => de::Unexpected::Str(text),
            NodeKind::Seq(_) => de::Unexpected::Seq,
            NodeKind::Map(_) => de::Unexpected::Map,
        }
    }

    fn number<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let Some((text, _)) = self.scalar().filter(|_| !self.0.is_null()) else {
            return Err(de::Error::invalid_type(self.unexpected(), &visitor));
        };
        let clean = text.trim();
        if let Ok(n) = clean.parse::<u64>() {
            visitor.visit_u64(n)
        } else if let Ok(n) = clean.parse::<i64>() {
            visitor.visit_i64(n)
        } else if looks_numeric(clean)
            && let Ok(n) = clean.parse::<f64>()
        {
            visitor.visit_f64(n)
        } else {
            Err(de::Error::invalid_type(de::Unexpected::Str(text), &visitor))
        }
    }
}

fn looks_numeric(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+' || c == '.')
        && s.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
}

macro_rules! forward_numbers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
            self.number(visitor).map_err(|e| e.at(self.0.span))
        }
    )*};
}

impl<'de> de::Deserializer<'de> for NodeDeserializer<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let span = self.0.span;
        let result = match &self.0.kind {
            _ if self.0.is_null() => visitor.visit_unit(),
            NodeKind::Scalar { text, plain: true } if text == "true" || text == "false" => visitor.visit_bool(text == "true"),
            NodeKind::Scalar { text, plain: true } if looks_numeric(text) && text.parse::<f64>().is_ok() => self.number(visitor),
            NodeKind::Scalar { text, .. } => visitor.visit_borrowed_str(text),
            NodeKind::Seq(_) => return self.deserialize_seq(visitor),
            NodeKind::Map(_) => return self.deserialize_map(visitor),
        };
        result.map_err(|e| e.at(span))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result = match self.scalar() {
            Some(("true", _)) => visitor.visit_bool(true),
            Some(("false", _)) => visitor.visit_bool(false),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        };
        result.map_err(|e: DeError| e.at(self.0.span))
    }

    forward_numbers!(deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32 deserialize_f64);

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result = match self.scalar() {
            Some((text, _)) if !self.0.is_null() => visitor.visit_borrowed_str(text),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        };
        result.map_err(|e: DeError| e.at(self.0.span))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.0.is_null() { visitor.visit_none() } else { visitor.visit_some(self) }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result = if self.0.is_null() { visitor.visit_unit() } else { Err(de::Error::invalid_type(self.unexpected(), &visitor)) };
        result.map_err(|e: DeError| e.at(self.0.span))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, DeError> {
        if name == SPANNED {
            let span = self.0.span;
            visitor.visit_seq(SpannedAccess { node: self, step: 0, span })
        } else {
            visitor.visit_newtype_struct(self)
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result = match &self.0.kind {
            NodeKind::Seq(items) => visitor.visit_seq(SeqDeserializer { items: items.iter() }),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        };
        result.map_err(|e: DeError| e.at(self.0.span))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _: &'static str, _: usize, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let NodeKind::Map(entries) = &self.0.kind else {
            return Err(DeError::at(de::Error::invalid_type(self.unexpected(), &visitor), self.0.span));
        };
        // An error raised by the visitor itself (a field given twice) is
        // best shown at the last key it read.
        let last_key = Cell::new(None);
        let result = visitor.visit_map(MapDeserializer { entries: entries.iter(), value: None, last_key: &last_key });
        result.map_err(|e| match e.kind {
            DeErrorKind::MissingField(_) => e.at(self.0.span),
            _ => e.at(last_key.get().unwrap_or(self.0.span)),
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        // A record written with Chinese keys is told of a missing key by its
        // Chinese name (`投资方`, not `investor`): `fields` holds the aliases.
        self.deserialize_map(visitor).map_err(|mut e| {
            // Only in the record that lacks it: an error from a record
            // nested deeper has passed a key on its way up.
            if let DeErrorKind::MissingField(field) = e.kind
                && e.key.is_none()
                && super::keys::has_chinese_keys(self.0)
            {
                e.kind = DeErrorKind::MissingField(super::keys::chinese_name(fields, field));
            }
            e
        })
    }

    fn deserialize_enum<V: Visitor<'de>>(self, _: &'static str, _: &'static [&'static str], visitor: V) -> Result<V::Value, DeError> {
        let result = match self.scalar() {
            Some((text, _)) if !self.0.is_null() => visitor.visit_enum(text.into_deserializer()),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        };
        result.map_err(|e: DeError| e.at(self.0.span))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }
}

struct SeqDeserializer<'de> {
    items: std::slice::Iter<'de, Node>,
}

impl<'de> de::SeqAccess<'de> for SeqDeserializer<'de> {
    type Error = DeError;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, DeError> {
        match self.items.next() {
            Some(node) => seed.deserialize(NodeDeserializer(node)).map(Some),
            None => Ok(None),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapDeserializer<'de, 'c> {
    entries: std::slice::Iter<'de, (Node, Node)>,
    /// The entry whose key was read and whose value is next.
    value: Option<(&'de Node, &'de Node)>,
    last_key: &'c Cell<Option<Span>>,
}

impl<'de> de::MapAccess<'de> for MapDeserializer<'de, '_> {
    type Error = DeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, DeError> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some((key, value));
                self.last_key.set(Some(key.span));
                seed.deserialize(NodeDeserializer(key)).map(Some).map_err(|e| e.at(key.span))
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        match self.value.take() {
            Some((key, node)) => seed.deserialize(NodeDeserializer(node)).map_err(|e| e.under(key)),
            None => Err(de::Error::custom("a value was read before its key")),
        }
    }
}

/// Hands a `Spanned<T>` its line, column, length and then the value.
struct SpannedAccess<'de> {
    node: NodeDeserializer<'de>,
    step: u8,
    span: Span,
}

impl<'de> de::SeqAccess<'de> for SpannedAccess<'de> {
    type Error = DeError;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, DeError> {
        self.step += 1;
        let number = |n: u32| seed_u32(n);
        match self.step {
            1 => seed.deserialize(number(self.span.line)).map(Some),
            2 => seed.deserialize(number(self.span.col)).map(Some),
            3 => seed.deserialize(number(self.span.len)).map(Some),
            4 => seed.deserialize(self.node).map(Some),
            _ => Ok(None),
        }
    }
}

fn seed_u32(n: u32) -> de::value::U32Deserializer<DeError> {
    n.into_deserializer()
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use crate::diag::Span;
    use crate::yaml::tests::{file, one};
    use crate::yaml::{DeErrorKind, NodeKind, Spanned, from_node};

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Record {
        id: Spanned<String>,
        #[serde(alias = "名称")]
        name: String,
        count: Option<u32>,
        tags: Option<Vec<String>>,
    }

    #[test]
    fn keeps_positions_of_values() {
        let node = one("id: a-1\n名称: 园区\ncount: 3\n");
        let r: Record = from_node(&node).unwrap();
        assert_eq!(r.id.span, Span::new(1, 5, 3));
        assert_eq!(r.name, "园区");
        assert_eq!(r.count, Some(3));
    }

    #[test]
    fn reports_unknown_key_at_the_key() {
        let node = one("id: a\nname: b\ncont: 3\n");
        let e = from_node::<Record>(&node).unwrap_err();
        assert_eq!(e.span.map(|s| (s.line, s.col)), Some((3, 1)));
        assert!(matches!(e.kind, DeErrorKind::UnknownField { ref field, .. } if field == "cont"));
    }

    #[test]
    fn reports_missing_key_at_the_mapping() {
        let node = one("- id: a\n  count: 2\n");
        let NodeKind::Seq(items) = &node.kind else { panic!() };
        let e = from_node::<Record>(&items[0]).unwrap_err();
        assert_eq!(e.kind, DeErrorKind::MissingField("name"));
        assert_eq!(e.span.map(|s| (s.line, s.col)), Some((1, 3)));
    }

    #[test]
    fn names_a_missing_key_in_the_records_language() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Named {
            #[serde(alias = "编号")]
            id: String,
            #[serde(alias = "名称")]
            name: String,
            #[serde(alias = "数量")]
            count: Option<u32>,
        }
        let e = from_node::<Named>(&one("编号: a\n数量: 2\n")).unwrap_err();
        assert_eq!(e.kind, DeErrorKind::MissingField("名称"));
        let e = from_node::<Named>(&one("id: a\ncount: 2\n")).unwrap_err();
        assert_eq!(e.kind, DeErrorKind::MissingField("name"));
    }

    #[test]
    fn reports_wrong_type_at_the_value() {
        let node = one("id: a\nname: b\ncount: [1, 2]\n");
        let e = from_node::<Record>(&node).unwrap_err();
        assert_eq!(e.span.map(|s| (s.line, s.col)), Some((3, 8)));
        assert_eq!(e.to_string(), "expected a whole number, found a list");
    }

    #[test]
    fn quoted_numbers_stay_text_and_crlf_is_fine() {
        let node = one("id: \"007\"\r\nname: x\r\ncount: 12\r\n");
        let r: Record = from_node(&node).unwrap();
        assert_eq!(r.id.value, "007");
        assert_eq!(r.count, Some(12));
    }

    #[test]
    fn errors_name_the_key_as_written() {
        let node = one("id: a\n名称: [x]\n");
        let e = from_node::<Record>(&node).unwrap_err();
        assert_eq!(e.key.as_deref(), Some("名称"));
        let d = e.into_diagnostic(&file(), Span::default());
        assert_eq!(d.message, "`名称` should be text, not a list");
    }
}
