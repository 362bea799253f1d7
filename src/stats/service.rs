//! Figures beside the metrics (issue 15, items 5, 7 and 9): stated facts
//! with last year's value and the sums of children's facts, the ledger
//! figures of a campaign period, and the problems of project service.
//! Each is small and computed when a bulletin asks for it, outside the one
//! pass of `tally()`.

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use crate::stats::Figures;
    use crate::testing::dataset;

    const CATEGORIES: &str = "investor_categories:\n  - {id: fortune500, name: 世界500强, lede: true}\n  - {id: soe, name: 央企}\n  - {id: listed, name: 上市公司}\n";

    /// A project of two categories counts in both; the parent sums its
    /// children; a project below the threshold or not signed counts in none.
    #[test]
    fn categories_count_signed_projects_in_each_of_theirs() {
        let site = format!("{}{CATEGORIES}", crate::testing::SITE);
        let projects = "
- {id: a, name: 甲, investor: 甲公司, region: jia, sector: new-materials, amount: 12.5, scope: local, status: signed, signed: 2025-02-01, categories: [fortune500, listed]}
- {id: b, name: 乙, investor: 乙公司, region: yi, sector: new-energy, amount: 30, scope: local, status: signed, signed: 2025-03-01, 企业类别: [世界500强]}
- {id: c, name: 丙, investor: 丙公司, region: yi, sector: new-energy, amount: 0.05, scope: local, status: signed, signed: 2025-03-01, categories: [soe]}
- {id: d, name: 丁, investor: 丁公司, region: yi, sector: new-energy, amount: 8, scope: local, status: negotiating, categories: [soe]}
- {id: e, name: 戊, investor: 戊公司, region: jia, sector: new-energy, amount: 2, scope: local, status: signed, signed: 2025-05-01, categories: [央企]}
";
        let ds = dataset(&[("site.yaml", &site), ("content/projects/p.yaml", projects), ("content/annual/2025.yaml", "region: mouxian\nyear: 2025\n")]);
        let f = Figures::compute(&ds);
        let shares = |region: &str| {
            let t = f.tally(ds.regions.get(region).unwrap(), 2025).unwrap();
            t.by_category.iter().map(|s| (s.count, s.amount)).collect::<Vec<_>>()
        };
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(shares("mouxian"), [(2, d("42.5")), (1, d("2")), (1, d("12.5"))]);
        assert_eq!(shares("jia"), [(1, d("12.5")), (1, d("2")), (1, d("12.5"))]);
        assert_eq!(shares("yi"), [(1, d("30")), (0, d("0")), (0, d("0"))]);
    }
}
