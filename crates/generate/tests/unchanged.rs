//! `generate` draws exactly what it drew before: a summary of a whole scenario's values,
//! compared line by line with `tests/unchanged.expected` (recorded from the code whose
//! `Debug` fingerprint this test checked before, so it still holds the draws from before
//! the history generator was added).
//!
//! The summary has every table's totals, one line per region and per municipality (its
//! drawn facts, capacity, request, decision, dwellings and scores) and the first
//! households, persons and dwellings in full, so a failure names what changed. After a
//! deliberate change, rewrite it with
//! `UPDATE_EXPECT=1 cargo test -p landa-generate --test unchanged` and review the diff.

use landa_generate::{generate, GenerateOptions};
use landa_model::{Contract, Scenario};
use std::collections::BTreeMap;
use std::path::Path;

/// Households, persons and dwellings listed in full.
const FIRST: usize = 15;

fn join<T: ToString>(items: impl IntoIterator<Item = T>) -> String {
    let items: Vec<String> = items.into_iter().map(|i| i.to_string()).collect();
    if items.is_empty() {
        "-".into()
    } else {
        items.join(" ")
    }
}

fn opt<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map_or("-".into(), T::to_string)
}

/// Per municipality: (scores, their sum in units of 1e-4), dwellings (count, beds),
/// households tied to it.
#[derive(Default)]
struct Tally {
    scores: usize,
    score_sum: i64,
    dwellings: usize,
    beds: u32,
    ties: usize,
}

/// Scores have four decimals, so their sums are exact as integers of 1e-4.
fn ten_thousandths(value: f64) -> i64 {
    (value * 10_000.0).round() as i64
}

fn summary(s: &Scenario) -> String {
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    let meta = &s.meta;
    line(format!(
        "meta: name={} country={} year={} national_total={}",
        meta.name,
        meta.country,
        meta.year,
        opt(&meta.national_total)
    ));
    line(format!(
        "counts: regions={} municipalities={} households={} persons={} capacities={} \
         dwellings={} scores={} request_rounds={} decisions={}",
        s.regions.len(),
        s.municipalities.len(),
        s.households.len(),
        s.persons.len(),
        s.capacities.len(),
        s.dwellings.len(),
        s.scores.len(),
        s.request_rounds.len(),
        s.decisions.len()
    ));

    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut needs: BTreeMap<String, usize> = BTreeMap::new();
    let mut languages: BTreeMap<String, usize> = BTreeMap::new();
    let mut sizes: BTreeMap<u32, usize> = BTreeMap::new();
    for h in &s.households {
        let kind = match (h.is_unaccompanied_minor(), h.adults(), h.children()) {
            (true, _, _) => "minor",
            (_, 1, 0) => "single",
            (_, _, 0) => "adults",
            (_, 1, _) => "single_parent",
            _ => "family",
        };
        *kinds.entry(kind.into()).or_default() += 1;
        *sizes.entry(h.size()).or_default() += 1;
        for need in &h.needs {
            *needs.entry(need.to_string()).or_default() += 1;
        }
        for language in &h.languages {
            *languages.entry(language.to_string()).or_default() += 1;
        }
    }
    let counted = |map: &BTreeMap<String, usize>| join(map.iter().map(|(k, n)| format!("{k}={n}")));
    line(format!(
        "households: adults={} children={} tied={} waiting_since={}..{}",
        s.households.iter().map(|h| h.adults()).sum::<u32>(),
        s.households.iter().map(|h| h.children()).sum::<u32>(),
        s.households.iter().filter(|h| h.tie.is_some()).count(),
        opt(&s.households.iter().map(|h| h.waiting_since).min()),
        opt(&s.households.iter().map(|h| h.waiting_since).max()),
    ));
    line(format!("household kinds: {}", counted(&kinds)));
    line(format!(
        "household sizes: {}",
        join(sizes.iter().map(|(k, n)| format!("{k}={n}")))
    ));
    line(format!("household needs: {}", counted(&needs)));
    line(format!("household languages: {}", counted(&languages)));

    let mut sexes: BTreeMap<String, usize> = BTreeMap::new();
    let mut education: BTreeMap<String, usize> = BTreeMap::new();
    for p in &s.persons {
        *sexes.entry(p.sex.to_string()).or_default() += 1;
        *education.entry(p.education.to_string()).or_default() += 1;
    }
    line(format!(
        "persons: birth_year_sum={} min={} max={} sex: {} education: {}",
        s.persons
            .iter()
            .map(|p| u64::from(p.birth_year))
            .sum::<u64>(),
        opt(&s.persons.iter().map(|p| p.birth_year).min()),
        opt(&s.persons.iter().map(|p| p.birth_year).max()),
        counted(&sexes),
        counted(&education)
    ));

    let mut services: BTreeMap<String, u32> = BTreeMap::new();
    for c in &s.capacities {
        for (service, n) in &c.services {
            *services.entry(service.to_string()).or_default() += n;
        }
    }
    line(format!(
        "capacities: persons={} minors={} services: {}",
        s.capacities.iter().map(|c| c.persons()).sum::<u32>(),
        s.capacities
            .iter()
            .map(|c| c.unaccompanied_minors())
            .sum::<u32>(),
        join(services.iter().map(|(k, n)| format!("{k}={n}")))
    ));
    line(format!(
        "dwellings: beds={} accessible={} first_hand={} available={}..{}",
        s.dwellings.iter().map(|d| d.beds()).sum::<u32>(),
        s.dwellings.iter().filter(|d| d.accessible).count(),
        s.dwellings
            .iter()
            .filter(|d| d.contract == Contract::FirstHand)
            .count(),
        opt(&s.dwellings.iter().map(|d| d.available_from).min()),
        opt(&s.dwellings.iter().map(|d| d.available_from).max()),
    ));
    let score_sum: i64 = s.scores.iter().map(|x| ten_thousandths(x.value())).sum();
    line(format!(
        "scores: sum={:.4} min={} max={}",
        score_sum as f64 / 10_000.0,
        opt(&s.scores.iter().map(|x| x.value()).reduce(f64::min)),
        opt(&s.scores.iter().map(|x| x.value()).reduce(f64::max)),
    ));
    for round in &s.request_rounds {
        line(format!(
            "request round {} of {}: sent_on={} by {} requests={} persons={} minors={}",
            round.round,
            round.year,
            opt(&round.sent_on),
            round.sent_by,
            round.requests.len(),
            round.requests.iter().map(|r| r.persons).sum::<u32>(),
            round
                .requests
                .iter()
                .map(|r| r.unaccompanied_minors)
                .sum::<u32>(),
        ));
    }

    let mut tally: BTreeMap<&str, Tally> = BTreeMap::new();
    for x in &s.scores {
        let t = tally.entry(x.municipality.as_str()).or_default();
        t.scores += 1;
        t.score_sum += ten_thousandths(x.value());
    }
    for d in &s.dwellings {
        let t = tally.entry(d.municipality.as_str()).or_default();
        t.dwellings += 1;
        t.beds += d.beds();
    }
    for h in &s.households {
        if let Some(tie) = &h.tie {
            tally.entry(tie.as_str()).or_default().ties += 1;
        }
    }
    let capacity: BTreeMap<&str, _> = s
        .capacities
        .iter()
        .map(|c| (c.municipality.as_str(), c))
        .collect();
    let decision: BTreeMap<&str, _> = s
        .decisions
        .iter()
        .map(|d| (d.municipality.as_str(), d))
        .collect();
    let request: BTreeMap<&str, _> = s
        .request_rounds
        .iter()
        .flat_map(|r| &r.requests)
        .map(|r| (r.municipality.as_str(), r))
        .collect();

    line("region,name,municipalities,population,capacity_persons,dwellings,ties,scores".into());
    for region in &s.regions {
        let members: Vec<_> = s
            .municipalities
            .iter()
            .filter(|m| m.region == region.code)
            .collect();
        let code = |m: &&landa_model::Municipality| m.code.as_str().to_owned();
        let sum = |f: &dyn Fn(&Tally) -> usize| -> usize {
            members
                .iter()
                .filter_map(|m| tally.get(code(m).as_str()))
                .map(f)
                .sum()
        };
        line(format!(
            "{},{},{},{},{},{},{},{}",
            region.code,
            region.name,
            members.len(),
            members
                .iter()
                .filter_map(|m| m.population)
                .map(u64::from)
                .sum::<u64>(),
            members
                .iter()
                .filter_map(|m| capacity.get(code(m).as_str()))
                .map(|c| c.persons())
                .sum::<u32>(),
            sum(&|t| t.dwellings),
            sum(&|t| t.ties),
            sum(&|t| t.scores),
        ));
    }

    line(
        "municipality,region,population,employment_rate,reception_per_1000,housing,\
         capacity(persons/minors/services),requested(persons/minors),\
         decided(persons/minors/body/on),dwellings(count/beds),ties,scores(count/sum)"
            .into(),
    );
    for m in &s.municipalities {
        let code = m.code.as_str();
        let t = tally.get(code);
        let c = capacity.get(code).map_or("-".into(), |c| {
            format!(
                "{}/{}/{}",
                c.persons(),
                c.unaccompanied_minors(),
                join(c.services.iter().map(|(k, n)| format!("{k}={n}")))
            )
        });
        let r = request.get(code).map_or("-".into(), |r| {
            format!("{}/{}", r.persons, r.unaccompanied_minors)
        });
        let d = decision.get(code).map_or("-".into(), |d| {
            format!(
                "{}/{}/{}/{}",
                d.persons,
                d.unaccompanied_minors,
                opt(&d.body),
                opt(&d.decided_on)
            )
        });
        line(format!(
            "{code},{},{},{},{},{},{c},{r},{d},{}/{},{},{}/{:.4}",
            m.region,
            opt(&m.population),
            opt(&m.employment_rate()),
            opt(&m.reception_per_1000()),
            opt(&m.housing_market),
            t.map_or(0, |t| t.dwellings),
            t.map_or(0, |t| t.beds),
            t.map_or(0, |t| t.ties),
            t.map_or(0, |t| t.scores),
            t.map_or(0, |t| t.score_sum) as f64 / 10_000.0,
        ));
    }

    line("household,adults,children,minor,waiting_since,tie,needs,languages,scores".into());
    for h in s.households.iter().take(FIRST) {
        let scores = s
            .scores
            .iter()
            .filter(|x| x.household == h.id)
            .take(3)
            .map(|x| format!("{}={}", x.municipality, x.value()));
        line(format!(
            "{},{},{},{},{},{},{},{},{} ...",
            h.id,
            h.adults(),
            h.children(),
            h.is_unaccompanied_minor(),
            h.waiting_since,
            opt(&h.tie),
            join(&h.needs),
            join(&h.languages),
            join(scores),
        ));
    }
    line("person,household,birth_year,sex,education,languages".into());
    for p in s.persons.iter().take(FIRST) {
        line(format!(
            "{},{},{},{},{},{}",
            p.id,
            p.household,
            p.birth_year,
            p.sex,
            p.education,
            join(&p.languages)
        ));
    }
    line("dwelling,municipality,beds,available_from,accessible,contract".into());
    for d in s.dwellings.iter().take(FIRST) {
        line(format!(
            "{},{},{},{},{},{}",
            d.id,
            d.municipality,
            d.beds(),
            d.available_from,
            d.accessible,
            d.contract
        ));
    }
    out
}

/// The lines only in `expected` (`-`) and only in `actual` (`+`), in order, by a longest
/// common subsequence; at most `limit` of them.
fn diff(expected: &str, actual: &str, limit: usize) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    // common[i][j]: longest common subsequence of a[i..] and b[j..].
    let mut common = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            common[i][j] = if a[i] == b[j] {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut lines) = (0, 0, Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            (i, j) = (i + 1, j + 1);
        } else if j == b.len() || (i < a.len() && common[i + 1][j] >= common[i][j + 1]) {
            lines.push(format!("-{:>4}: {}", i + 1, a[i]));
            i += 1;
        } else {
            lines.push(format!("+{:>4}: {}", j + 1, b[j]));
            j += 1;
        }
    }
    let more = lines.len().saturating_sub(limit);
    lines.truncate(limit);
    if more > 0 {
        lines.push(format!("... and {more} more lines"));
    }
    lines.join("\n")
}

#[test]
fn generate_draws_what_it_drew_before() {
    let options = GenerateOptions {
        households: 400,
        seed: 3,
        ..Default::default()
    };
    let scenario = generate(&options).expect("valid options");
    let actual = summary(&scenario);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/unchanged.expected");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &actual).expect("the expectation is writable");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "{}: {error}; write it with UPDATE_EXPECT=1 and review it",
            path.display()
        )
    });
    assert!(
        actual == expected,
        "generate draws differently now (- expected, + actual, line numbers of each; \
         UPDATE_EXPECT=1 rewrites {} after a deliberate change):\n{}",
        path.display(),
        diff(&expected, &actual, 60)
    );
}

#[test]
fn the_summary_diff_names_the_changed_lines() {
    let changed = diff("a\nb\nc\n", "a\nB\nc\nd\n", 10);
    assert_eq!(changed, "-   2: b\n+   2: B\n+   4: d");
    assert_eq!(diff("a\nb\n", "a\nb\n", 10), "");
}
