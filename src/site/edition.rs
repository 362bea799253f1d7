//! The data as one language shows it. Traditional pages (a site whose
//! language is zh-Hant, or its `editions: [zh-Hant]`) show every text of the
//! data converted from Simplified (`crate::script`), text by text, never
//! finished HTML; a Simplified edition of a Traditional site converts back.
//! English pages show the English names given (`name_en` …) and the rest as
//! the site's own pages do.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::model::{Dataset, Lang};
use crate::script::{Converter, Unavailable};

/// The converter into `lang`'s script for data written in `site`'s
/// language, if the data needs one. Data is written in Simplified, so a
/// Traditional site converts its own pages too; only a Simplified edition
/// of a Traditional site converts the other way (back, for data written in
/// Traditional).
pub fn converter(dataset: &Dataset, lang: Lang) -> Result<Option<Converter>, Unavailable> {
    let site = dataset.site.language;
    Ok(match lang {
        Lang::ZhHant => Some(Converter::to_traditional(dataset)?),
        Lang::ZhHans if site == Lang::ZhHant => Some(Converter::to_simplified()?),
        // English pages keep the data's names in the script of the site's own pages.
        Lang::En if site == Lang::ZhHant => Some(Converter::to_traditional(dataset)?),
        Lang::ZhHans | Lang::En => None,
    })
}

/// Every text of the data that pages show, through `script`.
pub fn convert(dataset: &Dataset, script: &Converter) -> Dataset {
    let c = |text: &mut String| script.convert_in_place(text);
    let mut ds = dataset.clone();
    c(&mut ds.site.title);
    ds.site.sectors.iter_mut().for_each(|s| c(&mut s.name));
    ds.site.investor_categories.iter_mut().for_each(|k| c(&mut k.name));
    ds.site.chains.iter_mut().for_each(c);
    ds.site.scope_labels.iter_mut().for_each(|(_, label)| c(label));
    for text in ds.site.publisher.iter_mut().chain(ds.site.threshold_label.iter_mut()) {
        c(text);
    }
    // The 备案 marks too: a page keeps one script, and the registries are
    // searched by the number, which no conversion changes.
    let f = &mut ds.site.furniture;
    let texts = [&mut f.organizer, &mut f.operator, &mut f.icp, &mut f.contact.address];
    for text in texts.into_iter().flatten().chain(f.footer.iter_mut()).chain(f.police_record.as_mut().map(|p| &mut p.text)) {
        c(text);
    }
    ds.regions.list.iter_mut().for_each(|r| c(&mut r.name));
    // A province has 100,000 projects. Parks, origins, tags and investors
    // repeat: each distinct text is converted once, on every core.
    let distinct: std::collections::HashSet<&str> = dataset.projects.iter().flat_map(project_texts).collect();
    let converted: HashMap<&str, String> = distinct.into_par_iter().filter(|t| !t.is_ascii()).map(|t| (t, script.convert(t))).collect();
    ds.projects.par_iter_mut().for_each(|p| {
        let put = |text: &mut String| {
            if let Some(new) = converted.get(text.as_str()) {
                text.clone_from(new);
            }
        };
        for text in [&mut p.name, &mut p.investor]
            .into_iter()
            .chain(p.park.as_mut())
            .chain(p.origin.as_mut())
            .chain(p.summary.as_mut())
            .chain(p.progress.as_mut())
        {
            put(text);
        }
        p.tags.iter_mut().for_each(put);
    });
    for a in &mut ds.annuals {
        if let Some(publisher) = &mut a.publisher {
            c(publisher);
        }
        fn each(facts: &mut [crate::model::Fact], c: &dyn Fn(&mut String)) {
            for f in facts {
                c(&mut f.label);
                c(&mut f.unit);
                each(&mut f.items, c);
            }
        }
        each(&mut a.facts, &c);
        for campaign in &mut a.campaigns {
            c(&mut campaign.name);
            each(&mut campaign.facts, &c);
        }
    }
    ds.briefings.par_iter_mut().for_each(|b| {
        for text in [&mut b.title, &mut b.body].into_iter().chain(b.summary.as_mut()).chain(b.source.as_mut()) {
            c(text);
        }
        b.authors.iter_mut().for_each(c);
    });
    ds
}

/// The texts of a project that pages show.
fn project_texts(p: &crate::model::Project) -> impl Iterator<Item = &str> {
    [p.name.as_str(), p.investor.as_str()]
        .into_iter()
        .chain(p.park.as_deref())
        .chain(p.origin.as_deref())
        .chain(p.summary.as_deref())
        .chain(p.progress.as_deref())
        .chain(p.tags.iter().map(String::as_str))
}

/// The English names given (`title_en`, regions' and sectors' `name_en`,
/// facts' `label_en` and `unit_en`) in place of the Chinese ones.
pub fn english(mut ds: Dataset) -> Dataset {
    let put = |text: &mut String, english: &Option<String>| {
        if let Some(english) = english {
            text.clone_from(english);
        }
    };
    put(&mut ds.site.title, &ds.site.title_en);
    ds.site.sectors.iter_mut().for_each(|s| put(&mut s.name, &s.name_en));
    ds.site.investor_categories.iter_mut().for_each(|k| put(&mut k.name, &k.name_en));
    ds.regions.list.iter_mut().for_each(|r| put(&mut r.name, &r.name_en));
    for a in &mut ds.annuals {
        fn each(facts: &mut [crate::model::Fact], put: &dyn Fn(&mut String, &Option<String>)) {
            for f in facts {
                put(&mut f.label, &f.label_en);
                put(&mut f.unit, &f.unit_en);
                each(&mut f.items, put);
            }
        }
        each(&mut a.facts, &put);
        for campaign in &mut a.campaigns {
            each(&mut campaign.facts, &put);
        }
    }
    ds
}
