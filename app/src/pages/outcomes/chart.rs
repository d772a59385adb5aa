//! The board's summary as a small bar chart drawn on the server in SVG: one stacked bar per
//! party, one segment per status, with the same counts in a table beside it (the accessible
//! alternative; the chart itself is an image with a title and a description).

use leptos::prelude::*;

use crate::api::outcomes::SummaryLine;
use crate::components::localized::use_lang;
use crate::domain::outcomes::CommitmentStatus;
use crate::i18n::{t, use_i18n};

/// Height of one bar and the gap below it, in SVG units.
const BAR: u32 = 18;
const GAP: u32 = 8;
/// Width of the party labels and of the bars' track.
const LABEL: u32 = 170;
const TRACK: u32 = 300;

/// A segment's `(x, width)` for `count` starting after `before`, on a track of `TRACK` units
/// where `max` fills it (at least one unit wide when the count is not zero).
#[must_use]
pub fn segment(before: u32, count: u32, max: u32) -> (u32, u32) {
    if max == 0 {
        return (LABEL, 0);
    }
    let x = LABEL + before * TRACK / max;
    let end = LABEL + (before + count) * TRACK / max;
    let width = if count > 0 { (end - x).max(1) } else { 0 };
    (x, width)
}

/// The chart and its table.
#[component]
pub fn SummaryChart(
    /// The counts per party and status.
    summary: Vec<SummaryLine>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let max = summary.iter().map(SummaryLine::total).max().unwrap_or(0);
    let height = u32::try_from(summary.len()).unwrap_or(0) * (BAR + GAP) + GAP + 24;
    let width = LABEL + TRACK + 40;
    let l = lang.get_untracked();
    let description = summary
        .iter()
        .map(|line| {
            let parts: Vec<String> = CommitmentStatus::ALL
                .iter()
                .zip(line.counts)
                .filter(|(_, n)| *n > 0)
                .map(|(s, n)| format!("{} {n}", s.label(l)))
                .collect();
            format!("{}: {}", line.party.label(l), parts.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let bars = summary.clone();
    view! {
        <div class="summary">
            <figure class="chart">
                <svg
                    viewBox=format!("0 0 {width} {height}")
                    width=width.to_string()
                    height=height.to_string()
                    role="img"
                    aria-labelledby="chart-title chart-desc"
                    class="summary-chart"
                >
                    <title id="chart-title">{t!(i18n, ocp_chart_title)}</title>
                    <desc id="chart-desc">{description}</desc>
                    {bars.into_iter().enumerate().map(|(i, line)| {
                        let y = GAP + u32::try_from(i).unwrap_or(0) * (BAR + GAP);
                        let mut before = 0;
                        let segments = CommitmentStatus::ALL.into_iter().zip(line.counts).map(|(status, count)| {
                            let (x, w) = segment(before, count, max);
                            before += count;
                            (count > 0).then(|| view! {
                                <rect class=format!("bar status-{}", status.code()) x=x.to_string() y=y.to_string() width=w.to_string() height=BAR.to_string()></rect>
                            })
                        }).collect_view();
                        let total = line.total();
                        let (end, _) = segment(total, 0, max);
                        view! {
                            <text x=(LABEL - 6).to_string() y=(y + BAR - 5).to_string() text-anchor="end" class="bar-label">{line.party.label(l)}</text>
                            {segments}
                            <text x=(end + 4).to_string() y=(y + BAR - 5).to_string() class="bar-total">{total.to_string()}</text>
                        }
                    }).collect_view()}
                </svg>
                <figcaption>
                    <ul class="legend">
                        {CommitmentStatus::ALL.into_iter().map(|s| view! {
                            <li><span class=format!("swatch status-{}", s.code()) aria-hidden="true"></span> {move || s.label(lang.get())}</li>
                        }).collect_view()}
                    </ul>
                </figcaption>
            </figure>
            <table class="summary-table">
                <caption>{t!(i18n, ocp_summary_caption)}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, ocp_col_party)}</th>
                    {CommitmentStatus::ALL.into_iter().map(|s| view! { <th scope="col">{move || s.label(lang.get())}</th> }).collect_view()}
                    <th scope="col">{t!(i18n, ocp_col_overdue)}</th>
                    <th scope="col">{t!(i18n, ocp_col_total)}</th>
                </tr></thead>
                <tbody>
                    {summary.into_iter().map(|line| {
                        let party = line.party;
                        let href = format!("/commitments?party={}", party.code());
                        let late = line.overdue > 0;
                        view! {
                            <tr>
                                <th scope="row"><a href=href>{move || party.label(lang.get())}</a></th>
                                {line.counts.into_iter().map(|n| view! { <td>{n.to_string()}</td> }).collect_view()}
                                {if late {
                                    view! { <td class="overdue-count">{line.overdue.to_string()}</td> }.into_any()
                                } else {
                                    view! { <td>{line.overdue.to_string()}</td> }.into_any()
                                }}
                                <td>{line.total().to_string()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_fill_the_track_for_the_longest_bar() {
        assert_eq!(segment(0, 4, 4), (LABEL, TRACK));
        assert_eq!(segment(0, 1, 4), (LABEL, TRACK / 4));
        assert_eq!(segment(1, 3, 4), (LABEL + TRACK / 4, 3 * TRACK / 4));
        // A count of one among many is still visible; none draws nothing.
        assert_eq!(segment(0, 1, 1000).1, 1);
        assert_eq!(segment(2, 0, 4).1, 0);
        assert_eq!(segment(0, 0, 0), (LABEL, 0));
    }
}
