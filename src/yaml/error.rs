//! `DeError`: why a value could not be read, where, and under which key; and
//! how it reads as a diagnostic.

use std::fmt;
use std::sync::Arc;

use serde::de;

use super::messages::{integer_range, plain_expected, plain_unexpected};
use super::{Node, scalar_text};
use crate::diag::{Code, Diagnostic, Location, Span};
use crate::tr;

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
                let d = Diagnostic::error(Code::UnknownKey, location, tr!(zh: "未知的键 `{field}`", en: "unknown key `{field}`"));
                d.with_hint(match crate::diag::did_you_mean(&field, expected.iter().copied()) {
                    Some(s) => did_you_mean(s),
                    None => {
                        let known = english(expected).join(", ");
                        tr!(zh: "可用的键：{known}（也可写中文名）", en: "known keys: {known} (or their Chinese names)")
                    }
                })
            }
            DeErrorKind::UnknownVariant { variant, expected } => {
                let message = match key {
                    Some(key) => tr!(zh: "`{key}` 的值 `{variant}` 不认识", en: "unknown value `{variant}` for `{key}`"),
                    None => tr!(zh: "不认识的值 `{variant}`", en: "unknown value `{variant}`"),
                };
                // `[zh-Hans，en]` is one value: a full-width comma does not
                // separate items in YAML.
                let full_width = ['，', '；'].into_iter().find(|c| variant.contains(*c));
                Diagnostic::error(Code::UnknownValue, location, message).with_hint(match full_width {
                    Some(c) => tr!(
                        zh: "`{c}` 是全角标点：各项之间请改为半角逗号 `,`",
                        en: "`{c}` is a full-width punctuation mark: write a half-width comma `,` between items (全角标点：请改为半角逗号,)"
                    ),
                    None => match crate::diag::did_you_mean(&variant, expected.iter().copied()) {
                        Some(s) => did_you_mean(s),
                        None => {
                            let known = english(expected).join(", ");
                            tr!(zh: "可选的值：{known}", en: "one of: {known}")
                        }
                    },
                })
            }
            DeErrorKind::MissingField(field) => {
                Diagnostic::error(Code::MissingField, location, tr!(zh: "缺少必填的键 `{field}`", en: "missing required key `{field}`"))
                    .with_hint(tr!(
                        zh: "在这条记录里加上 `{field}: …`；运行 `gongbao explain missing-field` 查看说明",
                        en: "add `{field}: …` to this record; run `gongbao explain missing-field` for more"
                    ))
            }
            DeErrorKind::DuplicateField(field) => Diagnostic::error(
                Code::DuplicateKey,
                location,
                tr!(zh: "键 `{field}` 用两个名字写了两次", en: "the key `{field}` is given twice, under two of its names"),
            )
            .with_hint(tr!(
                zh: "一个键的英文名和中文名是同一个键：只留一个",
                en: "a key's English and Chinese names are the same key; keep one"
            )),
            DeErrorKind::InvalidType { expected, found } => {
                let message = match key {
                    Some(key) => tr!(zh: "`{key}` 应为{expected}，而不是{found}", en: "`{key}` should be {expected}, not {found}"),
                    None => tr!(zh: "应为{expected}，而不是{found}", en: "expected {expected}, found {found}"),
                };
                Diagnostic::error(Code::WrongType, location, message)
            }
            DeErrorKind::Message(m) => {
                let (message, hint) = m.split_once(HINT).map_or((m.as_str(), None), |(m, h)| (m, Some(h)));
                let message = match key {
                    Some(key) => tr!(zh: "`{key}`：{message}", en: "`{key}`: {message}"),
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

fn did_you_mean(s: &str) -> String {
    tr!(zh: "是不是要写 `{s}`？", en: "did you mean `{s}`?")
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
                let value = plain_unexpected(&unexp);
                Self::custom(tr!(
                    zh: "{value} 超出范围：应为 {min} 到 {max} 之间的整数",
                    en: "{value} is out of range: it should be a whole number from {min} to {max}"
                ))
            }
            _ => Self::invalid_type(unexp, exp),
        }
    }
}
