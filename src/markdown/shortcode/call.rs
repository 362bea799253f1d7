//! The grammar of one shortcode call, parsed by recursive descent, with errors worded for authors.

use crate::markdown::ArgValue;
use crate::tr;

/// Where a call stops parsing (byte offset), and why.
pub(super) struct Failure {
    pub(super) at: usize,
    pub(super) message: String,
}

/// Recursive descent over one call, from its `{{`:
/// `{{ name ( [arg = value {, arg = value} [,]] ) }}`, whitespace (line breaks too) between
/// tokens, values `"string"`, `10`, `-0.5`, `true`, `false`.
pub(super) struct CallParser<'t> {
    text: &'t str,
    open: usize,
    pos: usize,
}

/// A call's name and arguments.
pub(super) type CallParts = (String, Vec<(String, ArgValue)>);

impl<'t> CallParser<'t> {
    pub(super) fn new(text: &'t str, open: usize) -> Self {
        Self { text, open, pos: open + 2 }
    }

    /// The call's parts and the offset just after its `}}`.
    pub(super) fn call(mut self) -> Result<(CallParts, usize), Failure> {
        self.skip_whitespace();
        let Some(name) = self.identifier() else {
            return Err(self.unexpected(&tr!(
                zh: "`{{{{` 后面的短代码名称（如果要写两个普通的大括号，请写 `\\{{{{`）",
                en: "a shortcode name after `{{{{` (write `\\{{{{` for two literal braces)"
            )));
        };
        self.skip_whitespace();
        if !self.eat('(') {
            return Err(self.unexpected(&tr!(zh: "`{name}` 后面的 `(`", en: "`(` after `{name}`")));
        }
        let args = self.arguments()?;
        self.skip_whitespace();
        if !self.rest().starts_with("}}") {
            let found = self.peek().map_or_else(|| tr!(zh: "文字结束", en: "the end of the text"), describe);
            return Err(Failure {
                at: self.open,
                message: tr!(
                    zh: "`{{{{` 没有闭合：`{name}(…)` 后面应是 `}}}}`，实际是{found}",
                    en: "unclosed `{{{{`: expected `}}}}` after `{name}(…)`, found {found}"
                ),
            });
        }
        Ok(((name.to_owned(), args), self.pos + 2))
    }

    fn arguments(&mut self) -> Result<Vec<(String, ArgValue)>, Failure> {
        let mut args: Vec<(String, ArgValue)> = Vec::new();
        loop {
            self.skip_whitespace();
            if self.eat(')') {
                return Ok(args);
            }
            let at = self.pos;
            let Some(name) = self.identifier() else {
                return Err(self.unexpected(&tr!(zh: "参数名称或 `)`", en: "an argument name or `)`")));
            };
            if args.iter().any(|(written, _)| written == name) {
                return Err(Failure { at, message: tr!(zh: "参数 `{name}` 写了两次", en: "duplicate argument `{name}`") });
            }
            self.skip_whitespace();
            if !self.eat('=') {
                return Err(self.unexpected(&tr!(zh: "参数 `{name}` 后面的 `=`", en: "`=` after argument `{name}`")));
            }
            self.skip_whitespace();
            let value = self.value(name)?;
            args.push((name.to_owned(), value));
            self.skip_whitespace();
            if !self.eat(',') && self.peek() != Some(')') {
                return Err(self.unexpected(&tr!(zh: "`{name}` 的值后面的 `,` 或 `)`", en: "`,` or `)` after the value of `{name}`")));
            }
        }
    }

    fn value(&mut self, arg: &str) -> Result<ArgValue, Failure> {
        match self.peek() {
            Some('"') => self.string().map(ArgValue::String),
            Some(c) if c == '-' || c.is_ascii_digit() => self.number(),
            _ => {
                let at = self.pos;
                match self.identifier() {
                    Some("true") => Ok(ArgValue::Bool(true)),
                    Some("false") => Ok(ArgValue::Bool(false)),
                    Some(word) => Err(Failure {
                        at,
                        message: tr!(
                            zh: "`{arg}` 的值必须是加引号的文字、数字、`true` 或 `false`：是不是要写 `\"{word}\"`？",
                            en: "the value of `{arg}` must be a \"quoted string\", a number, true or false: did you mean \"{word}\"?"
                        ),
                    }),
                    None => Err(self.unexpected(&tr!(
                        zh: "`{arg}` 的值（加引号的文字、数字、`true` 或 `false`）",
                        en: "a value for `{arg}` (a \"quoted string\", a number, true or false)"
                    ))),
                }
            }
        }
    }

    /// `"…"` on one line; `\"` and `\\` stand for `"` and `\`, other backslashes are kept.
    fn string(&mut self) -> Result<String, Failure> {
        let at = self.pos;
        self.bump();
        let mut value = String::new();
        loop {
            match self.bump() {
                Some('"') => return Ok(value),
                Some('\\') => match self.peek() {
                    Some(c @ ('"' | '\\')) => {
                        self.bump();
                        value.push(c);
                    }
                    _ => value.push('\\'),
                },
                Some('\n' | '\r') | None => {
                    return Err(Failure {
                        at,
                        message: tr!(
                            zh: "引号没有闭合：这一行缺少结尾的半角引号 `\"`",
                            en: "unterminated string: the closing `\"` is missing on this line"
                        ),
                    });
                }
                Some(c) => value.push(c),
            }
        }
    }

    /// `10`, `-3`, `0.5`: digits with an optional sign and fraction, nothing glued to them.
    fn number(&mut self) -> Result<ArgValue, Failure> {
        let at = self.pos;
        let rest = self.rest();
        let sign = usize::from(rest.starts_with('-'));
        let digits = |from: usize| rest.as_bytes().iter().skip(from).take_while(|b| b.is_ascii_digit()).count();
        let whole = digits(sign);
        let mut len = sign + whole;
        let fraction = if whole > 0 && rest.as_bytes().get(len) == Some(&b'.') { digits(len + 1) } else { 0 };
        if fraction > 0 {
            len += 1 + fraction;
        }
        let literal = rest.get(..len).unwrap_or("");
        self.pos += len;
        if whole == 0 || self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
            let token: String = rest.chars().take_while(|&c| !c.is_whitespace() && !matches!(c, ',' | ')' | '}')).collect();
            return Err(Failure {
                at,
                message: tr!(
                    zh: "`{token}` 不是数字：只写数字，例如 `10` 或 `0.5`",
                    en: "`{token}` is not a number: write digits only, as in 10 or 0.5"
                ),
            });
        }
        if fraction > 0 {
            return Ok(ArgValue::Decimal(literal.to_owned()));
        }
        literal.parse().map(ArgValue::Integer).map_err(|_| Failure {
            at,
            message: tr!(zh: "`{literal}` 太大，超出了整数的范围", en: "`{literal}` is too large for a whole number"),
        })
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`
    fn identifier(&mut self) -> Option<&'t str> {
        let rest = self.rest();
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            return None;
        }
        let len = rest.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
        self.pos += len;
        rest.get(..len)
    }

    fn unexpected(&self, expected: &str) -> Failure {
        match self.peek() {
            None => Failure {
                at: self.open,
                message: tr!(zh: "`{{{{` 没有闭合：应有{expected}，但文字已经结束", en: "unclosed `{{{{`: expected {expected}, but the text ends"),
            },
            Some(c) => {
                let found = describe(c);
                Failure {
                    at: self.pos, message: tr!(zh: "这里应是{expected}，实际是{found}", en: "expected {expected}, found {found}")
                }
            }
        }
    }

    fn rest(&self) -> &'t str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, expected: char) -> bool {
        let matched = self.peek() == Some(expected);
        if matched {
            self.pos += expected.len_utf8();
        }
        matched
    }

    fn skip_whitespace(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }
}

/// Names a character for an error message, pointing out full-width look-alikes that a Chinese
/// input method types in place of `(`, `=`, `,` or `"`.
fn describe(c: char) -> String {
    match c {
        '\u{FF01}'..='\u{FF5E}' | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' => {
            tr!(zh: "全角的 `{c}`（请把输入法切换到半角）", en: "full-width `{c}` (switch the input method to half-width)")
        }
        _ => format!("`{c}`"),
    }
}
