//! Where every page lives. Paths are site-relative (`2024/xishan/`), built
//! only from validated ids; pages link with relative URLs so the site also
//! works from a folder, without a server.

/// The site path of a page's folder, or of a file.
pub fn home() -> String {
    String::new()
}

/// A region's bulletin: the root region's is `/YEAR/`.
pub fn bulletin(year: i16, region: &str, is_root: bool) -> String {
    if is_root { format!("{year}/") } else { format!("{year}/{region}/") }
}

/// A 1—N月 bulletin, under its region's bulletin of the year (`2025/01-06/`).
pub fn period(bulletin: &str, months: u8) -> String {
    format!("{bulletin}01-{months:02}/")
}

/// The list of a region's 1—N月 bulletins of a year (`2025/periods/`).
pub fn periods(bulletin: &str) -> String {
    format!("{bulletin}periods/")
}

/// A 1—N月 bulletin's data: a folder per period, so that no region id
/// (`xishan-01-06`) can take its place.
/// The offline handout of a region's 1—N月 bulletin.
pub fn period_handout(year: i16, region: &str, months: u8) -> String {
    format!("handouts/{year}/01-{months:02}/{region}.html")
}

pub fn period_data(year: i16, region: &str, months: u8) -> String {
    format!("data/{year}/01-{months:02}/{region}.json")
}

pub fn region(id: &str) -> String {
    format!("regions/{id}/")
}

pub fn sector(id: &str) -> String {
    format!("sectors/{id}/")
}

pub fn projects() -> String {
    "projects/".to_string()
}

/// A page of a big site's project list: by year of signing, or unsigned.
/// Under `by-year/` so that no project id can take its place.
pub fn projects_shard(year: Option<i16>) -> String {
    match year {
        Some(year) => format!("projects/by-year/{year}/"),
        None => "projects/by-year/unsigned/".to_string(),
    }
}

pub fn project(id: &str) -> String {
    format!("projects/{id}/")
}

pub fn briefings() -> String {
    "briefings/".to_string()
}

pub fn briefing(slug: &str) -> String {
    format!("briefings/{slug}/")
}

pub fn search() -> String {
    "search/".to_string()
}

/// The page a server shows for a wrong address: a file at the root, where
/// servers look for it.
pub fn not_found() -> String {
    "404.html".to_string()
}

pub fn handout(year: i16, region: &str) -> String {
    format!("handouts/{year}/{region}.html")
}

pub fn data(year: i16, region: &str, extension: &str) -> String {
    format!("data/{year}/{region}.{extension}")
}

/// The file a page path is written to: folders get an `index.html`.
pub fn file_of(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() }
}

/// The prefix that leads from the page at `path` back to the site root:
/// `""` for the home page, `"../../"` for `2024/xishan/`.
pub fn root_prefix(path: &str) -> String {
    "../".repeat(file_of(path).matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_link_back_to_the_root() {
        assert_eq!(root_prefix(&home()), "");
        assert_eq!(root_prefix(&bulletin(2024, "xishan", false)), "../../");
        assert_eq!(root_prefix(&bulletin(2024, "hechuan", true)), "../");
        assert_eq!(root_prefix(&handout(2024, "xishan")), "../../");
        assert_eq!(root_prefix("404.html"), "");
        assert_eq!(file_of(&project("a-1")), "projects/a-1/index.html");
    }
}
