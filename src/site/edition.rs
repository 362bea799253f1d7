//! Script editions (`editions: [zh-Hant]` in site.yaml): the whole site once
//! more under `/zh-Hant/`, its UI strings in that script and every text from
//! the data converted with OpenCC (Simplified ↔ Traditional), text by text,
//! never finished HTML.

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;

use crate::model::{Dataset, Lang};

/// Converts the data's texts from the site's script to `to`'s. English
/// editions keep the data as written (names stay in Chinese).
pub fn convert(dataset: &Dataset, from: Lang, to: Lang) -> Dataset {
    let config = match (from, to) {
        (Lang::ZhHans, Lang::ZhHant) => BuiltinConfig::S2t,
        (Lang::ZhHant, Lang::ZhHans) => BuiltinConfig::T2s,
        _ => return dataset.clone(),
    };
    let Ok(opencc) = OpenCC::from_config(config) else { return dataset.clone() };
    let c = |text: &mut String| {
        if !text.is_ascii() {
            *text = opencc.convert(text);
        }
    };
    let mut ds = dataset.clone();
    c(&mut ds.site.title);
    ds.site.sectors.iter_mut().for_each(|s| c(&mut s.name));
    ds.site.scope_labels.iter_mut().for_each(|(_, label)| c(label));
    ds.regions.list.iter_mut().for_each(|r| c(&mut r.name));
    for p in &mut ds.projects {
        for text in [&mut p.name, &mut p.investor]
            .into_iter()
            .chain(p.park.as_mut())
            .chain(p.origin.as_mut())
            .chain(p.summary.as_mut())
            .chain(p.progress.as_mut())
        {
            c(text);
        }
        p.tags.iter_mut().for_each(c);
    }
    for a in &mut ds.annuals {
        for f in &mut a.facts {
            c(&mut f.label);
            c(&mut f.unit);
        }
    }
    for b in &mut ds.briefings {
        for text in [&mut b.title, &mut b.body].into_iter().chain(b.summary.as_mut()).chain(b.source.as_mut()) {
            c(text);
        }
        b.authors.iter_mut().for_each(c);
    }
    ds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_names_to_traditional() {
        let opencc = OpenCC::from_config(BuiltinConfig::S2t).unwrap();
        assert_eq!(opencc.convert("鹤川市新签约项目"), "鶴川市新簽約項目");
    }
}
