//! The figures engine: every indicator of indicators.md for every region
//! (with its descendants) and year, in exact decimals.

mod metric;

pub use metric::{Metric, MetricKind};
