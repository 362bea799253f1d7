//! Numeric scales: value → coordinate mapping, "nice" axis ticks and their labels.

/// Maps a value domain linearly onto a coordinate range (either may be reversed).
#[derive(Debug, Clone, Copy)]
pub(super) struct Linear {
    pub domain: (f64, f64),
    pub range: (f64, f64),
}

impl Linear {
    pub fn map(&self, value: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        let span = d1 - d0;
        if span == 0.0 || !span.is_finite() {
            return r0;
        }
        r0 + (value - d0) / span * (r1 - r0)
    }
}

/// The smallest and largest of `values` together with zero, so bars and columns grow from a
/// visible baseline. All zeros (or nothing) give 0..1, a domain that can still be drawn.
pub(super) fn domain_with_zero(values: impl IntoIterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.into_iter().filter(|v| v.is_finite()).fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if lo == hi { (0.0, 1.0) } else { (lo, hi) }
}

/// Axis ticks at round numbers covering a domain; `decimals` is how many places the step needs.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Ticks {
    pub values: Vec<f64>,
    pub decimals: usize,
}

impl Ticks {
    pub fn first(&self) -> f64 {
        self.values.first().copied().unwrap_or(0.0)
    }

    pub fn last(&self) -> f64 {
        self.values.last().copied().unwrap_or(1.0)
    }
}

/// About `count` ticks at multiples of 1, 2 or 5 × 10ⁿ spanning `lo..=hi`.
pub(super) fn nice_ticks(lo: f64, hi: f64, count: usize) -> Ticks {
    let span = hi - lo;
    if !span.is_finite() || span <= 0.0 {
        return Ticks { values: vec![0.0, 1.0], decimals: 0 };
    }
    let raw_step = span / count.max(1) as f64;
    let magnitude = 10_f64.powf(raw_step.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * magnitude).find(|&s| s >= raw_step).unwrap_or(10.0 * magnitude);
    let first = (lo / step).floor();
    let last = (hi / step).ceil();
    let steps = (last - first).clamp(1.0, 50.0) as i64;
    let values = (0..=steps)
        .map(|i| {
            let v = (first + i as f64) * step;
            if v.abs() < step * 1e-9 { 0.0 } else { v }
        })
        .collect();
    let decimals = (-step.log10().floor()).clamp(0.0, 12.0) as usize;
    Ticks { values, decimals }
}

/// A tick label: fixed decimals, trailing zeros trimmed, never scientific notation, with
/// `thousands` between groups of three integer digits (empty in Chinese).
pub(super) fn format_tick(value: f64, decimals: usize, thousands: &str) -> String {
    let fixed = format!("{:.*}", decimals, value);
    let trimmed = if fixed.contains('.') { fixed.trim_end_matches('0').trim_end_matches('.') } else { &fixed };
    let (sign, digits) = match trimmed.strip_prefix('-') {
        Some(rest) if rest.chars().any(|c| c.is_ascii_digit() && c != '0') => ("-", rest),
        Some(rest) => ("", rest),
        None => ("", trimmed),
    };
    let (integer, fraction) = digits.split_once('.').map_or((digits, None), |(i, f)| (i, Some(f)));
    let mut out = String::from(sign);
    out.push_str(&group_thousands(integer, thousands));
    if let Some(fraction) = fraction {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

fn group_thousands(integer: &str, separator: &str) -> String {
    if separator.is_empty() {
        return integer.to_string();
    }
    let mut out = String::new();
    for (i, c) in integer.chars().enumerate() {
        if i > 0 && (integer.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_domain() {
        let t = nice_ticks(0.0, 52.8, 4);
        assert_eq!(t.values, vec![0.0, 20.0, 40.0, 60.0]);
        assert_eq!(t.decimals, 0);
        let t = nice_ticks(-3.0, 7.0, 4);
        assert_eq!(t.values, vec![-5.0, 0.0, 5.0, 10.0]);
        let t = nice_ticks(0.0, 1.0, 4);
        assert_eq!(t.values, vec![0.0, 0.5, 1.0]);
        assert_eq!(t.decimals, 1);
    }

    #[test]
    fn ticks_survive_bad_domains() {
        assert_eq!(nice_ticks(1.0, 1.0, 4).values, vec![0.0, 1.0]);
        assert_eq!(nice_ticks(f64::NAN, 1.0, 4).values, vec![0.0, 1.0]);
        assert_eq!(nice_ticks(-f64::MAX, f64::MAX, 4).values, vec![0.0, 1.0]);
        assert!(nice_ticks(0.0, 1e300, 0).values.len() <= 51);
    }

    #[test]
    fn labels_are_plain_numbers() {
        assert_eq!(format_tick(1500.0, 0, ""), "1500");
        assert_eq!(format_tick(1500.0, 0, ","), "1,500");
        assert_eq!(format_tick(1234567.0, 0, ","), "1,234,567");
        assert_eq!(format_tick(0.5, 1, ""), "0.5");
        assert_eq!(format_tick(2.0, 1, ""), "2");
        assert_eq!(format_tick(-0.0, 1, ""), "0");
        assert_eq!(format_tick(-20.0, 0, ""), "-20");
        assert_eq!(format_tick(1e20, 0, ""), "100000000000000000000");
        assert_eq!(format_tick(0.00005, 5, ""), "0.00005");
    }

    #[test]
    fn linear_maps_and_tolerates_empty_domain() {
        let s = Linear { domain: (0.0, 10.0), range: (100.0, 0.0) };
        assert_eq!(s.map(5.0), 50.0);
        let flat = Linear { domain: (3.0, 3.0), range: (7.0, 9.0) };
        assert_eq!(flat.map(3.0), 7.0);
    }

    #[test]
    fn domain_includes_zero() {
        assert_eq!(domain_with_zero([3.0, 5.0]), (0.0, 5.0));
        assert_eq!(domain_with_zero([-3.0, f64::NAN]), (-3.0, 0.0));
        assert_eq!(domain_with_zero([0.0, 0.0]), (0.0, 1.0));
        assert_eq!(domain_with_zero([]), (0.0, 1.0));
    }
}
