//! gongbao (公报): a static site generator for annual investment-promotion
//! bulletins (年度招商引资公报), from a project ledger in YAML and briefings
//! in Markdown.

pub mod charts;
pub mod cli;
pub mod contain;
pub mod diag;
pub mod diff;
pub mod format;
pub mod i18n;
pub mod images;
pub mod init;
pub mod lede;
pub mod ledger;
pub mod ledger_tools;
pub mod load;
pub mod locale;
// Public only for the fuzz targets (fuzz/), not an API.
#[doc(hidden)]
pub mod markdown;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod script;
pub mod serve;
pub mod shortcodes;
pub mod site;
pub mod source;
pub mod stats;
#[cfg(test)]
mod testing;
pub mod theme;
pub mod validate;
pub mod yaml;
