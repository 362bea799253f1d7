//! `DeError`: why a value could not be read, where, and under which key; and
//! how it reads as a diagnostic.

use std::fmt;
use std::sync::Arc;

use serde::de;

use super::messages::{integer_range, plain_expected, plain_unexpected};
use super::{Node, scalar_text};
use crate::diag::{Code, Diagnostic, Location, Span};

/// Why a value could not be read, where, and under which key.
#[derive(Debug, Clone, PartialEq)]
pub struct DeError {
    pub span: Option<Span>,
    /// The key whose value was wrong, as written (`amount`, `协议投资额`).
    pub key: Option<String>,
    pub kind: DeErrorKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DeErrorKind {
    UnknownField {
        field: String,
        expected: &'static [&'static str],
    },
    UnknownVariant {
        variant: String,
        expected: &'static [&'static str],
    },
    MissingField(&'static str),
    /// A key given twice under two of its names (`name` and `名称`).
    DuplicateField(&'static str),
    /// `expected` and `found` in plain words.
    InvalidType {
        expected: String,
        found: String,
    },
    /// Said by the type itself (a money or date parser); may carry a hint
    /// after `HINT`.
    Message(String),
}

/// Separates a message from its hint in the one string a `Deserialize`
/// impl can give serde. A YAML text cannot hold this control character, so
/// no value the user wrote can contain it.
pub const HINT: char = '\u{1f}';

/// A message and a hint as one serde error string (see `HINT`).
pub fn with_hint(message: impl fmt::Display, hint: impl fmt::Display) -> String {
    format!("{message}{HINT}{hint}")
}

impl DeError {
    fn new(kind: DeErrorKind) -> Self {
        DeError { span: None, key: None, kind }
    }

    pub(super) fn at(mut self, span: Span) -> Self {
        self.span.get_or_insert(span);
        self
    }

    /// The innermost key is the one to name: the caret shows the rest.
    pub(super) fn under(mut self, key: &Node) -> Self {
        if self.key.is_none() {
            self.key = scalar_text(key).map(str::to_string);
        }
        self
    }

    /// As a diagnostic of `file`, naming the key and with a hint where one helps.
    pub fn into_diagnostic(self, file: &Arc<str>, fallback: Span) -> Diagnostic {
        let location = Location::new(file, self.span.unwrap_or(fallback));
        let key = self.key.as_deref();
        match self.kind {
            DeErrorKind::UnknownField { field, expected } => {
                let d = Diagnostic::error(Code::UnknownKey, location, format!("unknown key `{field}`"));
                d.with_hint(match crate::diag::did_you_mean(&field, expected.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("known keys: {} (or their Chinese names)", english(expected).join(", ")),
                })
            }
            DeErrorKind::UnknownVariant { variant, expected } => {
                let message = match key {
                    Some(key) => format!("unknown value `{variant}` for `{key}`"),
                    None => format!("unknown value `{variant}`"),
                };
                // `[zh-Hans，en]` is one value: a full-width comma does not
                // separate items in YAML.
                let full_width = ['，', '；'].into_iter().find(|c| variant.contains(*c));
                Diagnostic::error(Code::UnknownValue, location, message).with_hint(match full_width {
                    Some(c) => format!(
                        "`{c}` is a full-width punctuation mark: write a half-width comma `,` between items (全角标点：请改为半角逗号,)"
                    ),
                    None => match crate::diag::did_you_mean(&variant, expected.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("one of: {}", english(expected).join(", ")),
                    },
                })
            }
            DeErrorKind::MissingField(field) => Diagnostic::error(Code::MissingField, location, format!("missing required key `{field}`")),
            DeErrorKind::DuplicateField(field) => {
                Diagnostic::error(Code::DuplicateKey, location, format!("the key `{field}` is given twice, under two of its names"))
                    .with_hint("a key's English and Chinese names are the same key; keep one")
            }
            DeErrorKind::InvalidType { expected, found } => {
                let message = match key {
                    Some(key) => format!("`{key}` should be {expected}, not {found}"),
                    None => format!("expected {expected}, found {found}"),
                };
                Diagnostic::error(Code::WrongType, location, message)
            }
            DeErrorKind::Message(m) => {
                let (message, hint) = m.split_once(HINT).map_or((m.as_str(), None), |(m, h)| (m, Some(h)));
                let message = match key {
                    Some(key) => format!("`{key}`: {message}"),
                    None => message.to_string(),
                };
                let d = Diagnostic::error(Code::WrongType, location, message);
                match hint {
                    Some(hint) => d.with_hint(hint),
                    None => d,
                }
            }
        }
    }
}

/// The names to list in a hint: the English ones when there are any (the
/// Chinese aliases would double the list), else all.
fn english(names: &'static [&'static str]) -> Vec<&'static str> {
    let ascii: Vec<&str> = names.iter().copied().filter(|n| n.is_ascii()).collect();
    if ascii.is_empty() { names.to_vec() } else { ascii }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            DeErrorKind::UnknownField { field, .. } => write!(f, "unknown key `{field}`"),
            DeErrorKind::UnknownVariant { variant, .. } => write!(f, "unknown value `{variant}`"),
            DeErrorKind::MissingField(field) => write!(f, "missing required key `{field}`"),
            DeErrorKind::DuplicateField(field) => write!(f, "the key `{field}` is given twice"),
            DeErrorKind::InvalidType { expected, found } => write!(f, "expected {expected}, found {found}"),
            DeErrorKind::Message(m) => f.write_str(m.split(HINT).next().unwrap_or_default()),
        }
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError::new(DeErrorKind::Message(msg.to_string()))
    }
    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        DeError::new(DeErrorKind::UnknownField { field: field.to_string(), expected })
    }
    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        DeError::new(DeErrorKind::UnknownVariant { variant: variant.to_string(), expected })
    }
    fn missing_field(field: &'static str) -> Self {
        DeError::new(DeErrorKind::MissingField(field))
    }
    fn duplicate_field(field: &'static str) -> Self {
        DeError::new(DeErrorKind::DuplicateField(field))
    }
    fn invalid_type(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        DeError::new(DeErrorKind::InvalidType { expected: plain_expected(exp), found: plain_unexpected(&unexp) })
    }
    fn invalid_value(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        let expected = exp.to_string();
        match (integer_range(&expected), unexp) {
            (Some((min, max)), de::Unexpected::Signed(_) | de::Unexpected::Unsigned(_)) => {
                Self::custom(format!("{} is out of range: it should be a whole number from {min} to {max}", plain_unexpected(&unexp)))
            }
            _ => Self::invalid_type(unexp, exp),
        }
    }
}
