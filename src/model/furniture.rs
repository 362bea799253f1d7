//! What a government site carries besides its content: who runs it, its
//! 备案 numbers, a logo and contact details (`site.yaml`), and the picture
//! a shared link shows.

use crate::diag::Location;

#[derive(Debug, Clone, Default)]
pub struct Furniture {
    /// 主办单位.
    pub organizer: Option<String>,
    /// 承办单位.
    pub operator: Option<String>,
    /// ICP备案号, linked to the MIIT 备案 site.
    pub icp: Option<String>,
    /// 公安机关备案号 as its badge reads ("京公网安备 11010502030143号").
    pub police_record: Option<PoliceRecord>,
    /// 网站标识码.
    pub site_code: Option<String>,
    pub logo: Option<SiteImage>,
    pub contact: Contact,
    /// Free text under the marks, one entry per line written.
    pub footer: Vec<String>,
    /// The picture of a shared link (`og:image`).
    pub share_image: Option<SiteImage>,
}

#[derive(Debug, Clone, Default)]
pub struct Contact {
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PoliceRecord {
    pub text: String,
    /// The record's number, which the MPS search page is asked for.
    pub code: String,
}

/// An image file named in site.yaml: its path relative to the site folder,
/// and where it was written, for the problems the site stage finds.
#[derive(Debug, Clone)]
pub struct SiteImage {
    pub address: String,
    pub at: Location,
}

impl SiteImage {
    /// Where the image is published, under each edition's root: one name
    /// per role, keeping the kind's extension.
    pub fn output_path(&self, role: &str) -> String {
        let extension = self.address.rsplit('.').next().unwrap_or_default().to_ascii_lowercase();
        format!("assets/{role}.{extension}")
    }
}
