//! `site.yaml`'s government-site furniture: texts trimmed and not blank, a
//! 公安机关备案号 that holds its number, an email address that is one. The
//! logo and share picture are only noted here: whether they are images
//! inside the site folder is checked where the folder is at hand
//! (`crate::images::check_site`).

use std::sync::Arc;

use super::Checker;
use crate::diag::{Code, Location};
use crate::model::furniture::{Contact, Furniture, PoliceRecord, SiteImage};
use crate::model::raw::RawSite;
use crate::tr;
use crate::yaml::Spanned;

impl Checker<'_> {
    pub(super) fn furniture(&mut self, file: &Arc<str>, s: &RawSite) -> Furniture {
        let contact = s.contact.as_ref();
        let email = self.text(file, contact.and_then(|c| c.email.as_ref()), &tr!(zh: "联系邮箱", en: "the contact email"));
        if let (Some(written), Some(email)) = (contact.and_then(|c| c.email.as_ref()), &email)
            && !looks_like_email(email)
        {
            self.error(
                Code::WrongType,
                file,
                written.span,
                tr!(zh: "`{email}` 不是电子邮箱地址", en: "`{email}` is not an email address"),
            )
            .hint = Some(tr!(
                zh: "只写邮箱地址，如 `邮箱: tzcj@hechuan.example.gov.cn`",
                en: "write the address alone, e.g. `邮箱: tzcj@hechuan.example.gov.cn`"
            ));
        }
        let police_record = s.police_record.as_ref().and_then(|written| {
            let text = self.text(file, Some(written), &tr!(zh: "公安机关备案号", en: "the 公安机关备案号"))?;
            let code = record_number(&text);
            if code.is_none() {
                self.error(
                    Code::WrongType,
                    file,
                    written.span,
                    tr!(zh: "`{text}` 里没有备案编号", en: "`{text}` holds no record number"),
                )
                .hint = Some(tr!(
                    zh: "照备案标识原样写，带上编号，如 `京公网安备 11010502030143号`",
                    en: "write the mark as the badge reads, with its number, e.g. `京公网安备 11010502030143号`"
                ));
            }
            Some(PoliceRecord { text, code: code.unwrap_or_default() })
        });
        let footer =
            self.text(file, s.footer.as_ref(), &tr!(zh: "页脚文字", en: "the footer text")).map(|text| lines(&text)).unwrap_or_default();
        Furniture {
            organizer: self.text(file, s.organizer.as_ref(), &tr!(zh: "主办单位", en: "the 主办单位")),
            operator: self.text(file, s.operator.as_ref(), &tr!(zh: "承办单位", en: "the 承办单位")),
            icp: self.text(file, s.icp.as_ref(), &tr!(zh: "ICP备案号", en: "the ICP备案号")),
            police_record,
            site_code: self.text(file, s.site_code.as_ref(), &tr!(zh: "网站标识码", en: "the 网站标识码")),
            logo: self.site_image(file, s.logo.as_ref(), &tr!(zh: "网站标志", en: "the logo")),
            contact: Contact {
                address: self.text(file, contact.and_then(|c| c.address.as_ref()), &tr!(zh: "联系地址", en: "the contact address")),
                phone: self.text(file, contact.and_then(|c| c.phone.as_ref()), &tr!(zh: "联系电话", en: "the contact phone")),
                email,
            },
            footer,
            share_image: self.site_image(file, s.share_image.as_ref(), &tr!(zh: "分享图片", en: "the share image")),
        }
    }

    /// An optional text: trimmed, and an error when written but blank.
    fn text(&mut self, file: &Arc<str>, text: Option<&Spanned<String>>, what: &str) -> Option<String> {
        let text = text?;
        self.check_text(file, text, what);
        Some(text.value.trim().to_string()).filter(|t| !t.is_empty())
    }

    fn site_image(&mut self, file: &Arc<str>, address: Option<&Spanned<String>>, what: &str) -> Option<SiteImage> {
        let written = address?;
        let address = self.text(file, Some(written), what)?;
        Some(SiteImage { address, at: Location::new(file, written.span) })
    }
}

/// The digits of a 公安机关备案号 ("京公网安备 11010502030143号" → the
/// number): its longest run of digits, as full-width digits are typed too.
fn record_number(text: &str) -> Option<String> {
    let digit = |c: char| match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    };
    let mut best = String::new();
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        match digit(c) {
            Some(d) => run.push(d),
            None => {
                if run.len() > best.len() {
                    best = std::mem::take(&mut run);
                }
                run.clear();
            }
        }
    }
    Some(best).filter(|b| !b.is_empty())
}

/// Enough of an address to catch a phone number or a name in its place.
fn looks_like_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((user, host)) => {
            !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.') && !text.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// A footer text as lines, each trimmed, blank ones left out.
fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn police_record_numbers() {
        assert_eq!(record_number("京公网安备 11010502030143号").as_deref(), Some("11010502030143"));
        assert_eq!(record_number("鹤公网安备１２３号").as_deref(), Some("123"));
        assert_eq!(record_number("京公网安备"), None);
    }

    #[test]
    fn email_addresses() {
        assert!(looks_like_email("tzcj@hechuan.example.gov.cn"));
        for bad in ["0871-1234567", "tzcj@", "@a.cn", "a b@c.cn", "a@cn"] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }
}
