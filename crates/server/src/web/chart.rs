//! Charts drawn on the server as SVG, so they show without scripts. Each chart is a
//! figure whose data is also in the table next to it, and carries a text alternative.

use maud::{html, Markup};

/// One bar pair: a label and two values.
pub struct Pair<'a> {
    pub label: &'a str,
    pub first: u64,
    pub second: u64,
}

/// Horizontal paired bars (e.g. requested and decided per municipality).
pub fn paired_bars(title: &str, first_name: &str, second_name: &str, pairs: &[Pair<'_>]) -> Markup {
    const ROW: u64 = 22;
    const LABEL: u64 = 130;
    const WIDTH: u64 = 640;
    let max = pairs
        .iter()
        .map(|p| p.first.max(p.second))
        .max()
        .unwrap_or(0)
        .max(1);
    let scale = |value: u64| (value * (WIDTH - LABEL - 60)) / max;
    let height = 30 + ROW * pairs.len() as u64;
    html! {
        figure.chart {
            svg role="img" aria-label=(title) viewBox=(format!("0 0 {WIDTH} {height}"))
                width="100%" xmlns="http://www.w3.org/2000/svg" {
                title { (title) }
                rect x=(LABEL) y="4" width="12" height="10" class="bar-first" {}
                text x=(LABEL + 16) y="13" class="legend" { (first_name) }
                rect x=(LABEL + 200) y="4" width="12" height="10" class="bar-second" {}
                text x=(LABEL + 216) y="13" class="legend" { (second_name) }
                @for (index, pair) in pairs.iter().enumerate() {
                    @let y = 24 + ROW * index as u64;
                    text x=(LABEL - 6) y=(y + 13) text-anchor="end" class="label" { (pair.label) }
                    rect x=(LABEL) y=(y + 2) width=(scale(pair.first)) height="8" class="bar-first" {
                        title { (pair.label) ": " (first_name) " " (pair.first) }
                    }
                    rect x=(LABEL) y=(y + 11) width=(scale(pair.second)) height="8" class="bar-second" {
                        title { (pair.label) ": " (second_name) " " (pair.second) }
                    }
                    text x=(LABEL + scale(pair.first.max(pair.second)) + 4) y=(y + 16) class="value" {
                        (pair.first) " / " (pair.second)
                    }
                }
            }
            figcaption { (title) }
        }
    }
}
