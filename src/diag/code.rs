//! The diagnostic codes: one list, the single source of each code's name
//! (the kebab-case string every output format prints), of the section of
//! docs/content.md that lists it, and of its docs line per severity. A code
//! without a docs line does not compile; the docs table is generated from
//! this list (`the_docs_table_is_the_registry`). CONTRIBUTING.md says how to
//! add one.

use super::Severity;

/// The section of docs/content.md whose table lists a code's error. A code
/// that is only ever a warning is listed under the warnings alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Reading,
    Yaml,
    Content,
    Warning,
}

impl Group {
    /// The heading of the group's table of errors.
    fn heading(self) -> Option<&'static str> {
        match self {
            Group::Reading => Some("Errors in reading files:"),
            Group::Yaml => Some("Errors in YAML:"),
            Group::Content => Some("Errors in content:"),
            Group::Warning => None,
        }
    }
}

/// One entry of the registry: its docs line for each severity it is given
/// with (a code such as `missing-date` is an error in one case and a
/// warning in another, and means something a little different in each).
#[derive(Debug, Clone, Copy)]
pub struct CodeInfo {
    pub code: Code,
    pub name: &'static str,
    pub group: Group,
    pub docs: &'static [(Severity, &'static str)],
}

/// Declares `Code` and its registry from one list, in the same order. The
/// docs lines are a `+` repetition: an entry without one is a syntax error.
macro_rules! codes {
    ($($variant:ident = $name:literal in $group:ident { $($severity:ident: $doc:literal),+ $(,)? }),* $(,)?) => {
        /// A diagnostic's stable code, which tools match on.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant),*
        }

        /// Every code, in the order of the docs.
        pub const CODES: &[CodeInfo] = &[
            $(CodeInfo {
                code: Code::$variant,
                name: $name,
                group: Group::$group,
                docs: &[$((Severity::$severity, $doc)),+],
            }),*
        ];
    };
}

codes! {
    Io = "io" in Reading { Error: "the file cannot be read" },
    FileTooLarge = "file-too-large" in Reading { Error: "the file is larger than 16 MB" },
    Encoding = "encoding" in Reading {
        Error: "the file is not UTF-8. The message names the encoding it seems to be in. Also a broken character in a UTF-16 or UTF-32 file",
    },
    NulByte = "nul-byte" in Reading { Error: "the file holds a NUL byte: it is probably not a text file" },
    ControlCharacter = "control-character" in Reading {
        Error: "a control character other than a tab or a line break, in a file or in a YAML value written with an escape",
    },
    MissingFile = "missing-file" in Reading { Error: "there is no content/regions.yaml" },
    NoRegions = "no-regions" in Reading { Error: "content/regions.yaml lists no regions" },
    IncompleteSite = "incomplete-site" in Reading {
        Error: "the site cannot be put together, and no other error says why. This is a gap in gongbao's checks: please report it",
    },
    FrontMatter = "front-matter" in Reading {
        Error: "a briefing has no `---` front matter, the front matter is not closed, or it is empty",
    },
    TooManyProblems = "too-many-problems" in Reading {
        Error: "more problems in a file than are shown (an error when any of them is an error)",
        Warning: "more warnings in a file than are shown",
        Info: "more notes on a file than are shown",
    },
    IgnoredFile = "ignored-file" in Warning { Warning: "a file in a content folder that is not read (wrong extension)" },
    NoHeaderRow = "no-header-row" in Reading {
        Error: "a ledger (.xlsx, .xls, .ods, .csv) in which no row names the columns with the keys of a project",
        Warning: "a sheet of a ledger that is not read: no row of it names the columns",
    },
    UnknownColumn = "unknown-column" in Reading {
        Error: "a `ledger_columns` entry of site.yaml that maps a header to no key of a project",
        Warning: "a column of a ledger whose header is no key of a project: it is not read. The hint suggests the closest key",
    },

    YamlSyntax = "yaml-syntax" in Yaml {
        Error: "the text is not YAML: a tab used for indentation, a `[` or `{` never closed, a value holding `: `, a line out of step with the lines above it, an unclosed quote, a `*` alias to no anchor",
    },
    YamlTooDeep = "yaml-too-deep" in Yaml { Error: "values are nested more than 64 levels deep" },
    YamlTooLarge = "yaml-too-large" in Yaml {
        Error: "the file holds more values than its size allows (at least 100,000, or one per two bytes; this catches \"alias bombs\" that repeat anchors), one record holds more than 100,000 values, or a `[…]` or `{…}` runs over 256 KB",
    },
    YamlTooLong = "yaml-too-long" in Yaml { Error: "one value is longer than 64 KB" },
    YamlComplexKey = "yaml-complex-key" in Yaml { Error: "a key that is a list or a mapping" },
    DuplicateKey = "duplicate-key" in Yaml {
        Error: "a key given twice in one mapping, or under both its English and its Chinese name",
    },
    UnknownKey = "unknown-key" in Yaml { Error: "a key the format does not have. The hint suggests the closest key" },
    UnknownValue = "unknown-value" in Yaml {
        Error: "a value outside a fixed list (`status`, `scope`, `kind`, `unit`, languages). The hint suggests the closest value",
    },
    MissingField = "missing-field" in Yaml { Error: "a required key is missing, or site.yaml is empty" },
    SecondSite = "second-site" in Yaml { Error: "site.yaml holds more than one set of settings" },
    WrongType = "wrong-type" in Yaml {
        Error: "a value of the wrong kind: a list where text belongs, words where an amount, date, percentage or whole number belongs, or a number out of range; a `police_record` without its number, a contact `email` that is not an address",
    },

    BadId = "bad-id" in Content {
        Error: "an id (or a briefing's file name) that is not lowercase `a-z`, `0-9` and `-`",
    },
    EmptyValue = "empty-value" in Content { Error: "a required text that is blank" },
    BadUrl = "bad-url" in Content { Error: "a `base_url` that is not `https://…`, `http://…` or `/…`" },
    DuplicateId = "duplicate-id" in Content {
        Error: "a region id, project id or briefing address used twice. Both places are named",
    },
    DuplicateSector = "duplicate-sector" in Content { Error: "a sector id or name listed twice" },
    DuplicateAnnual = "duplicate-annual" in Content { Error: "two annual files for the same region and year" },
    UnknownRegion = "unknown-region" in Content { Error: "a region id that is not in regions.yaml" },
    UnknownSector = "unknown-sector" in Content { Error: "a sector that is neither an id nor a name in site.yaml" },
    DuplicateCategory = "duplicate-category" in Content { Error: "an investor category id or name listed twice" },
    UnknownCategory = "unknown-category" in Content {
        Error: "a project's investor category that is neither an id nor a name of `investor_categories` in site.yaml",
    },
    NegativeAmount = "negative-amount" in Content { Error: "an amount below zero" },
    CurrencyMismatch = "currency-mismatch" in Content {
        Error: "US dollars where 人民币 is required (an agreed amount, a target in yuan), or yuan for the foreign-capital target",
    },
    OutOfRange = "out-of-range" in Content {
        Error: "an amount above 10^16 元, a percentage outside 0 to 100%, `percent_decimals` above 6, or a year outside 1900 to 2999",
    },
    MissingDate = "missing-date" in Content {
        Error: "the status needs a date that is not given",
        Warning: "a `producing` project without a `started` date: it counts in no year's new starts",
    },
    DateOrder = "date-order" in Content { Error: "dates out of order (for example started before signed)" },
    StatusDateMismatch = "status-date-mismatch" in Content {
        Error: "a project that is still `negotiating` has a `signed` date",
        Warning: "a date of a later stage than the status, or a `cancelled` date without the status",
    },
    BadDate = "bad-date" in Content {
        Error: "a `funds_in_place` key that is neither a year nor a date, or an `as_of` outside the file's year",
    },
    TooManyShortcodes = "too-many-shortcodes" in Content {
        Error: "a briefing places more than 200 charts and tables (`chart`, `projects`, `facts`)",
    },
    Shortcode = "shortcode" in Content {
        Error: "a shortcode that does not parse, is unknown, has an unknown or wrong argument, names an unknown metric, region, sector or chart, or is a block (`chart`, `projects`, `facts`) not alone on its line",
    },
    Image = "image" in Content {
        Error: "an image in a briefing, or site.yaml's `logo` or `share_image`, that is not a PNG/JPEG/GIF/WebP/SVG file beside the briefing or in the site folder (an image on another host, an address leaving the folder, a missing file, a file over 5 MB, bytes that are not an image or not the kind the name says, an SVG with scripts, event handlers or references to other files)",
    },
    OutsideRoot = "outside-root" in Content {
        Error: "a symbolic link (a content file or folder, `content/` itself, `site.yaml`, a theme file or folder, an image) that leads outside the site folder",
    },
    BrokenLink = "broken-link" in Content { Error: "a symbolic link that leads nowhere" },
    LinkLoop = "link-loop" in Content { Error: "a symbolic link to a folder it is in" },
    BadTheme = "bad-theme" in Content { Error: "`theme:` is not a plain folder name (a path, `..`, an absolute path)" },
    UnknownTheme = "unknown-theme" in Content { Error: "`theme:` names a folder that is not in `themes/`" },
    Template = "template" in Content { Error: "a template of the theme that does not compile" },
    Render = "render" in Content {
        Error: "a template of the theme that fails on a page (an unknown variable or filter, a wrong type): the build stops and writes nothing",
    },
    BadColour = "bad-colour" in Content { Error: "a colour in the theme's `chart-style.yaml` that is not `#rrggbb`" },

    FutureDate = "future-date" in Warning {
        Warning: "a date after today, or funds in place for a year still to come (a draft briefing's date is exempt)",
    },
    FundsAboveAmount = "funds-above-amount" in Warning { Warning: "`funds_in_place` add up to more than `amount`. Check the units" },
    FundsBeforeSigning = "funds-before-signing" in Warning { Warning: "funds in place dated before the signing" },
    StalledLong = "stalled-long" in Warning {
        Warning: "a `stalled` project that has been stalled for more than a year, counted from `stalled` (else `started`, else `signed`)",
    },
    BaselineDiffers = "baseline-differs" in Warning {
        Warning: "a `baseline` value differs from what last year's records add up to. The baseline is used",
    },
    FigureMissing = "figure-missing" in Warning { Warning: "a `figure` shortcode whose figure has no value (it shows —)" },
    AsOfDiffers = "as-of-differs" in Warning {
        Warning: "a region's `as_of` differs from the root region's, which every region's figures use",
    },
    AfterAsOf = "after-as-of" in Warning {
        Warning: "a record dated after the `as_of` of its year: not counted until `as_of` moves",
    },
    NoAsOf = "no-as-of" in Warning {
        Warning: "this year is not over, the root region has an annual file for it, and it gives no `as_of`",
    },
    UnknownString = "unknown-string" in Warning {
        Warning: "a key in a theme's strings file that the built-in theme does not have (a typo?)",
    },
    FullYearBaseline = "full-year-baseline" in Warning {
        Warning: "a year still running is compared with a full-year `baseline`: give `baseline_same_period` (上年同期) for the same months",
    },
    HiddenAlone = "hidden-alone" in Warning {
        Warning: "a signed project marked `public: false` counts in public totals, and is the only project of its region, or of a sector or month of its region, in its year: that figure is its amount",
        Info: "a signed project marked `public: false` counts in public totals, and is the only such project of its region, or of a sector or month of its region, in its year: the figure less the listed projects is its amount",
    },
    FigureUntracked = "figure-untracked" in Warning {
        Info: "a bulletin leaves figures out because no record of its region carries what they are counted from (no `started` date, say): untracked is not zero",
    },
    NoGrowth = "no-growth" in Warning {
        Info: "a bulletin shows no growth for some figures: last year is not in the ledger (or only partly, see `ledger_starts`) and the annual file gives no baseline for them",
    },
    ImplausibleAmount = "implausible-amount" in Warning {
        Warning: "an `amount` larger than its region's whole annual target for agreed investment, or more than 1000× the median project of its region and sector (a unit slip? see \"Guards against unit slips\")",
    },
    ImplausibleGrowth = "implausible-growth" in Warning {
        Warning: "a headline amount of a bulletin grows by more than 500% on last year (a unit slip in a record or a baseline?)",
    },
    ImplausibleFunds = "implausible-funds" in Warning {
        Warning: "a `funds_in_place` entry larger than the project's whole `amount` that would fit it in the unit 10,000 times smaller (6800 for 0.68亿元)",
    },
    AsOfMidMonth = "as-of-mid-month" in Warning {
        Info: "a running year's `as_of` is not a month's end: its pace (序时进度) counts the months before it only",
    },
}

impl Code {
    /// The code named `name` (`unknown-key`).
    pub fn from_name(name: &str) -> Option<Code> {
        CODES.iter().find(|info| info.name == name).map(|info| info.code)
    }

    pub fn info(self) -> &'static CodeInfo {
        // The registry is in the order of the enum (a test checks it).
        &CODES[self as usize]
    }

    /// The kebab-case name printed in every format.
    pub fn as_str(self) -> &'static str {
        self.info().name
    }

    /// Whether the docs describe this code with `severity`.
    pub fn documents(self, severity: Severity) -> bool {
        self.info().docs.iter().any(|(s, _)| *s == severity)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The tables of docs/content.md's "Errors and warnings", between its
/// markers: one table of errors per group, then one of every warning.
pub fn docs_tables() -> String {
    let mut out = String::new();
    let mut table = |heading: &str, rows: Vec<(&str, &str)>| {
        out.push_str(&format!("{heading}\n\n| code | meaning |\n|---|---|\n"));
        for (name, doc) in rows {
            out.push_str(&format!("| `{name}` | {doc} |\n"));
        }
        out.push('\n');
    };
    let rows = |severity: Severity, group: Option<Group>| {
        CODES
            .iter()
            .filter(|i| group.is_none_or(|g| g == i.group))
            .flat_map(|i| i.docs.iter().filter(|(s, _)| *s == severity).map(|(_, doc)| (i.name, *doc)))
            .collect::<Vec<_>>()
    };
    for group in [Group::Reading, Group::Yaml, Group::Content] {
        table(group.heading().unwrap_or_default(), rows(Severity::Error, Some(group)));
    }
    table("Warnings:", rows(Severity::Warning, None));
    table("Notes (printed as `info`, never fatal, not even with `--strict`):", rows(Severity::Info, None));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_is_in_the_order_of_the_enum() {
        for (i, info) in CODES.iter().enumerate() {
            assert_eq!(info.code as usize, i, "{}", info.name);
        }
    }

    /// Every code is kebab-case, unique, and has a docs line that fits in a
    /// table row; an error is listed in a table of errors, and a code of the
    /// warnings group is only ever a warning.
    #[test]
    fn every_code_has_a_name_and_docs() {
        let mut names = std::collections::BTreeSet::new();
        for i in CODES {
            let kebab = i.name.split('-').all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
            assert!(kebab, "`{}` is not kebab-case", i.name);
            assert!(names.insert(i.name), "`{}` is listed twice", i.name);
            for (severity, doc) in i.docs {
                assert!(!doc.trim().is_empty() && !doc.contains('|') && !doc.contains('\n'), "`{}`: a bad docs line", i.name);
                assert!(!(*severity == Severity::Error && i.group == Group::Warning), "`{}`: an error in the warnings group", i.name);
            }
            let severities: Vec<Severity> = i.docs.iter().map(|(s, _)| *s).collect();
            assert!(severities.windows(2).all(|w| w[0] < w[1]), "`{}`: one docs line per severity, error first", i.name);
        }
    }

    /// docs/content.md lists the registry's codes; after changing the
    /// registry, run with `GONGBAO_BLESS=1` to rewrite it.
    #[test]
    fn the_docs_table_is_the_registry() {
        crate::testing::check_generated("docs/content.md", "codes", &docs_tables());
    }
}
