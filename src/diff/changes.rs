//! What changed between the two sides.

use super::*;

/// Everything that changed, as printed (and, with English keys, as JSON).
#[derive(Debug, Serialize)]
pub(super) struct Changes {
    /// What the current site was compared with: the revision or folder.
    pub(super) base: String,
    pub(super) audience: &'static str,
    /// The site's money unit (`unit` in site.yaml), which money figures and
    /// amounts are in.
    pub(super) unit: &'static str,
    pub(super) changed: bool,
    pub(super) figures: Vec<FigureChange>,
    pub(super) projects: ProjectChanges,
    pub(super) ledes: Vec<LedeChange>,
}

#[derive(Debug, Serialize)]
pub(super) struct FigureChange {
    pub(super) region: String,
    pub(super) region_name: String,
    pub(super) year: i16,
    pub(super) metric: &'static str,
    #[serde(skip)]
    pub(super) label: String,
    #[serde(skip)]
    pub(super) kind: MetricKind,
    /// Exact decimals, as strings; `null` where the figure is not published.
    pub(super) old: Option<String>,
    pub(super) new: Option<String>,
    pub(super) difference: Option<String>,
}

#[derive(Debug, Default, Serialize)]
pub(super) struct ProjectChanges {
    pub(super) added: Vec<ProjectEntry>,
    pub(super) removed: Vec<ProjectEntry>,
    pub(super) changed: Vec<ProjectChange>,
}

#[derive(Debug, Serialize)]
pub(super) struct ProjectEntry {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) region: String,
    pub(super) amount: String,
    pub(super) status: String,
}

#[derive(Debug, Serialize)]
pub(super) struct ProjectChange {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) fields: Vec<FieldChange>,
}

#[derive(Debug, Serialize)]
pub(super) struct FieldChange {
    pub(super) field: &'static str,
    pub(super) old: String,
    pub(super) new: String,
}

#[derive(Debug, Serialize)]
pub(super) struct LedeChange {
    pub(super) region: String,
    pub(super) region_name: String,
    pub(super) year: i16,
    pub(super) old: Option<String>,
    pub(super) new: Option<String>,
}

pub(super) fn compare(base: &Side, current: &Side, label: String, audience: Audience) -> Changes {
    // Regions in the current site's order, then those only the base has.
    let place = |id: &str| -> (usize, String) {
        match (current.regions.get(id), base.regions.get(id)) {
            (Some((i, name)), _) => (*i, name.clone()),
            (None, Some((i, name))) => (current.regions.len() + i, name.clone()),
            (None, None) => (usize::MAX, id.to_string()),
        }
    };
    // Money of the base in the current unit, should the unit have changed.
    let in_unit = |metric: Metric, v: Decimal| if metric.kind() == MetricKind::Money { base.unit.convert(v, current.unit) } else { v };

    let keys: BTreeSet<&(String, i16, Metric)> = base.figures.keys().chain(current.figures.keys()).collect();
    let mut figures: Vec<FigureChange> = keys
        .into_iter()
        .filter_map(|key| {
            let old = base.figures.get(key).map(|&v| in_unit(key.2, v));
            let new = current.figures.get(key).copied();
            (old != new).then(|| {
                let (region, year, metric) = key;
                FigureChange {
                    region: region.clone(),
                    region_name: place(region).1,
                    year: *year,
                    metric: metric.info().id,
                    label: metric_label(*metric),
                    kind: metric.kind(),
                    old: old.map(|v| exact(metric.kind(), v)),
                    new: new.map(|v| exact(metric.kind(), v)),
                    difference: old.zip(new).map(|(o, n)| signed(exact(metric.kind(), n - o))),
                }
            })
        })
        .collect();
    figures.sort_by_key(|f| (f.year, place(&f.region).0, Metric::from_key(f.metric)));

    let mut projects = ProjectChanges::default();
    let value = |fields: &Fields, key: &str| fields.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()).unwrap_or_default();
    let entry = |id: &str, f: &Fields| ProjectEntry {
        id: id.to_string(),
        name: value(f, "name"),
        region: value(f, "region"),
        amount: value(f, "amount"),
        status: value(f, "status"),
    };
    for (id, old) in &base.projects {
        match current.projects.get(id) {
            None => projects.removed.push(entry(id, old)),
            Some(new) => {
                let mut keys: Vec<&'static str> = new.iter().map(|(k, _)| *k).collect();
                keys.extend(old.iter().map(|(k, _)| *k).filter(|k| !new.iter().any(|(n, _)| n == k)));
                let fields: Vec<FieldChange> = keys
                    .into_iter()
                    .map(|k| {
                        let (o, n) = (value(old, k), value(new, k));
                        let o = if k == "amount" || k == "planned_investment" { rescale(&o, base.unit, current.unit) } else { o };
                        FieldChange { field: k, old: o, new: n }
                    })
                    .filter(|c| c.old != c.new)
                    .collect();
                if !fields.is_empty() {
                    projects.changed.push(ProjectChange { id: id.clone(), name: value(new, "name"), fields });
                }
            }
        }
    }
    for (id, new) in &current.projects {
        if !base.projects.contains_key(id) {
            projects.added.push(entry(id, new));
        }
    }

    let keys: BTreeSet<&(String, i16)> = base.ledes.keys().chain(current.ledes.keys()).collect();
    let mut ledes: Vec<LedeChange> = keys
        .into_iter()
        .filter_map(|key| {
            let (old, new) = (base.ledes.get(key), current.ledes.get(key));
            (old != new).then(|| LedeChange {
                region: key.0.clone(),
                region_name: place(&key.0).1,
                year: key.1,
                old: old.cloned(),
                new: new.cloned(),
            })
        })
        .collect();
    ledes.sort_by_key(|l| (l.year, place(&l.region).0));

    let changed = !(figures.is_empty()
        && projects.added.is_empty()
        && projects.removed.is_empty()
        && projects.changed.is_empty()
        && ledes.is_empty());
    let audience = if audience == Audience::Internal { "internal" } else { "public" };
    Changes { base: label, audience, unit: current.unit.symbol(), changed, figures, projects, ledes }
}

/// An amount of the base, written in the current unit.
pub(super) fn rescale(text: &str, from: Unit, to: Unit) -> String {
    match text.parse::<Decimal>() {
        Ok(v) if from != to => from.convert(v, to).normalize().to_string(),
        _ => text.to_string(),
    }
}

/// A value as the diff shows it: money and counts exactly; a rate, an
/// endless decimal, to a hundredth of a point (as bulletins round it).
pub(super) fn exact(kind: MetricKind, v: Decimal) -> String {
    let v = if kind == MetricKind::Rate { v.round_dp(2) } else { v };
    v.normalize().to_string()
}

/// A difference with its sign: "+1.5", "-2", "0".
pub(super) fn signed(v: String) -> String {
    if v.starts_with('-') || v == "0" { v } else { format!("+{v}") }
}
