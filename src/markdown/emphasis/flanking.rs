//! The CJK-friendly flanking rules: whether a delimiter run can open or close emphasis.

use super::unicode;

/// What precedes a delimiter run, in the terms of the CJK-friendly flanking rules. A variation
/// selector after a character counts as part of it.
pub(super) struct Before {
    whitespace: bool,
    punctuation: bool,
    non_cjk_punctuation: bool,
    cjk: bool,
    ideographic_variation_selector: bool,
    ascii_digit: bool,
}

impl Default for Before {
    /// The start of a line.
    fn default() -> Self {
        Self {
            whitespace: true,
            punctuation: false,
            non_cjk_punctuation: false,
            cjk: false,
            ideographic_variation_selector: false,
            ascii_digit: false,
        }
    }
}

impl Before {
    pub(super) fn at(source: &str, run_start: usize) -> Self {
        let mut chars = source.get(..run_start).unwrap_or("").chars().rev();
        let Some(last) = chars.next().filter(|&c| !unicode::is_whitespace(c)) else {
            return Self::default();
        };
        let selector = unicode::is_general_variation_selector(last).then_some(last);
        let base = if selector.is_some() { chars.next() } else { Some(last) };
        let punctuation = base.is_some_and(unicode::is_punctuation);
        let cjk = base.is_some_and(unicode::is_cjk);
        // `“︁` (a quotation mark asking for its full-width form) counts as CJK punctuation.
        let cjk_quotation =
            selector == Some('\u{FE01}') && base.is_some_and(|c| matches!(c, '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}'));
        Self {
            whitespace: false,
            punctuation,
            non_cjk_punctuation: punctuation && !cjk && !cjk_quotation,
            cjk,
            ideographic_variation_selector: unicode::is_ideographic_variation_selector(last),
            ascii_digit: last.is_ascii_digit(),
        }
    }
}

/// What follows a delimiter run, in the terms of the CJK-friendly flanking rules.
pub(super) struct After {
    whitespace: bool,
    punctuation: bool,
    non_cjk_punctuation: bool,
    cjk: bool,
    ascii_digit: bool,
}

impl Default for After {
    /// The end of a line.
    fn default() -> Self {
        Self { whitespace: true, punctuation: false, non_cjk_punctuation: false, cjk: false, ascii_digit: false }
    }
}

impl After {
    pub(super) fn at(source: &str, run_end: usize) -> Self {
        let Some(next) = source.get(run_end..).and_then(|rest| rest.chars().next()) else {
            return Self::default();
        };
        if unicode::is_whitespace(next) {
            return Self::default();
        }
        let punctuation = unicode::is_punctuation(next);
        let cjk = unicode::is_cjk(next);
        Self { whitespace: false, punctuation, non_cjk_punctuation: punctuation && !cjk, cjk, ascii_digit: next.is_ascii_digit() }
    }
}

/// Left- and right-flanking as amended for CJK, then CommonMark's rules for `*` and `_`.
/// `*` between two ASCII digits (`2*3*4`, `1200*600`) is multiplication, never emphasis.
pub(super) fn can_open_and_close(delimiter: u8, before: &Before, after: &After) -> (bool, bool) {
    let left_flanking = !after.whitespace
        && (!after.non_cjk_punctuation
            || before.whitespace
            || before.non_cjk_punctuation
            || before.cjk
            || before.ideographic_variation_selector);
    let right_flanking = !before.whitespace && (!before.non_cjk_punctuation || after.whitespace || after.non_cjk_punctuation || after.cjk);
    if delimiter == b'_' {
        (left_flanking && (!right_flanking || before.punctuation), right_flanking && (!left_flanking || after.punctuation))
    } else if before.ascii_digit && after.ascii_digit {
        (false, false)
    } else {
        (left_flanking, right_flanking)
    }
}
