//! Property values: TEXT escapes, dates, times, durations and time zones.

use super::*;

#[test]
fn an_escaped_begin_in_a_summary_stays_one_title() {
    let text = with_event(
        r"SUMMARY:Taller\nBEGIN:VEVENT\nSUMMARY:Intruso\nEND:VEVENT\n de prueba
DTSTART;VALUE=DATE:20101201
LOCATION:San Salvador
DESCRIPTION:Uno\nBEGIN:VEVENT\nDos
",
    );
    let candidate = one(&text, Country::SV);
    assert_eq!(candidate.skip, None);
    assert_eq!(
        candidate.input.title_es,
        "Taller BEGIN:VEVENT SUMMARY:Intruso END:VEVENT  de prueba"
    );
    assert_eq!(candidate.input.description_es, "Uno\nBEGIN:VEVENT\nDos");
}

#[test]
fn text_escapes_are_undone() {
    let text = with_event(
        r"SUMMARY:Uno\, dos\; tres \\ cuatro\: cinco C:\Datos
DESCRIPTION:Línea uno\nLínea dos\NLínea tres\, con coma
DTSTART;VALUE=DATE:20101201
LOCATION:San Salvador
",
    );
    let input = one(&text, Country::SV).input;
    assert_eq!(input.title_es, r"Uno, dos; tres \ cuatro: cinco C:\Datos");
    assert_eq!(
        input.description_es,
        "Línea uno\nLínea dos\nLínea tres, con coma"
    );
}

#[rstest]
#[case("DTSTART;VALUE=DATE:20101301\n", "DTSTART")]
#[case("DTSTART:2010-12-01T09:00\n", "DTSTART")]
#[case("DTSTART:20101201T0900\nDTEND:20101201T1000\n", "DTSTART")]
#[case("DTSTART:20101201T090000\nDTEND;VALUE=DATE:20101202\n", "DTEND")]
#[case("DTSTART:20101201T090000\nDURATION:P1Y\n", "DURATION")]
#[case("DTSTART:20101201T090000\nDURATION:-PT1H\n", "DURATION")]
#[case("DTSTART;VALUE=DATE:20101201\nDURATION:P99999999999D\n", "DURATION")]
fn an_unreadable_date_is_skipped_naming_its_property(#[case] dates: &str, #[case] property: &str) {
    let text = with_event(&format!("SUMMARY:Taller\n{dates}"));
    match one(&text, Country::SV).skip {
        Some(SkipReason::BadDate { property: p, .. }) => assert_eq!(p, property),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_unknown_zone_is_skipped_with_its_name() {
    let text = with_event(
        "SUMMARY:Taller\nDTSTART;TZID=Mars/Olympus:20101201T090000\nDTEND;TZID=Mars/Olympus:20101201T100000\n",
    );
    assert_eq!(
        one(&text, Country::SV).skip,
        Some(SkipReason::UnknownZone("Mars/Olympus".into()))
    );
}

fn timed(dates: &str, host: Country) -> EventInput {
    let text = with_event(&format!("SUMMARY:Reunión\nLOCATION:Sede\n{dates}"));
    let candidate = one(&text, host);
    assert_eq!(candidate.skip, None, "{candidate:?}");
    candidate.input
}

fn when(input: &EventInput) -> [&str; 5] {
    [
        &input.tz,
        &input.start_date,
        &input.start_time,
        &input.end_date,
        &input.end_time,
    ]
}

#[rstest]
#[case::one_day_without_end("DTSTART;VALUE=DATE:20101206\n", "2010-12-06")]
#[case::one_day_same_end(
    "DTSTART;VALUE=DATE:20101206\nDTEND;VALUE=DATE:20101206\n",
    "2010-12-06"
)]
#[case::exclusive_end(
    "DTSTART;VALUE=DATE:20101206\nDTEND;VALUE=DATE:20101208\n",
    "2010-12-07"
)]
#[case::date_without_value_param("DTSTART:20101206\nDTEND:20101207\n", "2010-12-06")]
#[case::duration_days("DTSTART;VALUE=DATE:20101206\nDURATION:P3D\n", "2010-12-08")]
#[case::duration_one_day("DTSTART;VALUE=DATE:20101206\nDURATION:P1D\n", "2010-12-06")]
#[case::duration_week("DTSTART;VALUE=DATE:20101206\nDURATION:P1W\n", "2010-12-12")]
fn all_day_events_end_the_day_before_their_exclusive_end(#[case] dates: &str, #[case] last: &str) {
    let input = timed(dates, Country::GT);
    assert_eq!(input.start_date, "2010-12-06");
    assert_eq!(input.end_date, last);
    assert_eq!(
        (input.start_time.as_str(), input.end_time.as_str()),
        ("", "")
    );
    assert_eq!(input.tz, "America/Guatemala");
}

#[rstest]
#[case::zoned(
    "DTSTART;TZID=America/Guatemala:20101206T090000\nDTEND;TZID=America/Guatemala:20101206T170000\n",
    ["America/Guatemala", "2010-12-06", "09:00", "2010-12-06", "17:00"],
)]
#[case::multi_day(
    "DTSTART;TZID=America/Guatemala:20101206T090000\nDTEND;TZID=America/Guatemala:20101207T130000\n",
    ["America/Guatemala", "2010-12-06", "09:00", "2010-12-07", "13:00"],
)]
#[case::end_in_another_zone(
    "DTSTART;TZID=America/Guatemala:20101206T090000\nDTEND;TZID=America/New_York:20101206T190000\n",
    ["America/Guatemala", "2010-12-06", "09:00", "2010-12-06", "18:00"],
)]
#[case::floating_in_the_capital_zone(
    "DTSTART:20101206T090000\nDTEND:20101206T100000\n",
    ["America/Guatemala", "2010-12-06", "09:00", "2010-12-06", "10:00"],
)]
#[case::utc_in_the_capital_zone(
    "DTSTART:20101206T150000Z\nDTEND:20101207T010000Z\n",
    ["America/Guatemala", "2010-12-06", "09:00", "2010-12-06", "19:00"],
)]
#[case::tzid_utc_like_z(
    "DTSTART;TZID=UTC:20101206T150000\nDTEND;TZID=Etc/UTC:20101206T160000\n",
    ["America/Guatemala", "2010-12-06", "09:00", "2010-12-06", "10:00"],
)]
#[case::seconds_dropped(
    "DTSTART;TZID=America/Guatemala:20101206T090045\nDTEND;TZID=America/Guatemala:20101206T105959\n",
    ["America/Guatemala", "2010-12-06", "09:00", "2010-12-06", "10:59"],
)]
#[case::duration_hours_minutes(
    "DTSTART;TZID=America/Guatemala:20101206T090000\nDURATION:PT1H30M\n",
    ["America/Guatemala", "2010-12-06", "09:00", "2010-12-06", "10:30"],
)]
#[case::duration_days_and_hours(
    "DTSTART;TZID=America/Guatemala:20101206T090000\nDURATION:P1DT8H\n",
    ["America/Guatemala", "2010-12-06", "09:00", "2010-12-07", "17:00"],
)]
#[case::quoted_tzid(
    "DTSTART;TZID=\"America/Tegucigalpa\":20101206T090000\nDTEND;TZID=\"America/Tegucigalpa\":20101206T100000\n",
    ["America/Tegucigalpa", "2010-12-06", "09:00", "2010-12-06", "10:00"],
)]
#[case::mozilla_prefix(
    "DTSTART;TZID=/mozilla.org/20050126_1/America/Managua:20101206T090000\nDTEND;TZID=/mozilla.org/20050126_1/America/Managua:20101206T100000\n",
    ["America/Managua", "2010-12-06", "09:00", "2010-12-06", "10:00"],
)]
#[case::lower_case_windows_name(
    "DTSTART;TZID=central america standard time:20101206T090000\nDTEND;TZID=central america standard time:20101206T100000\n",
    ["America/Guatemala", "2010-12-06", "09:00", "2010-12-06", "10:00"],
)]
fn timed_events_are_local_to_their_zone(#[case] dates: &str, #[case] expected: [&str; 5]) {
    assert_eq!(when(&timed(dates, Country::GT)), expected);
}

#[test]
fn utc_times_follow_the_host_capital_across_years() {
    let dates = "DTSTART:20240315T150000Z\nDTEND:20240315T170000Z\n";
    // Mexico City has had no daylight-saving time since 2022; New York was on EDT.
    assert_eq!(
        when(&timed(dates, Country::MX)),
        [
            "America/Mexico_City",
            "2024-03-15",
            "09:00",
            "2024-03-15",
            "11:00"
        ]
    );
    assert_eq!(
        when(&timed(dates, Country::US)),
        [
            "America/New_York",
            "2024-03-15",
            "11:00",
            "2024-03-15",
            "13:00"
        ]
    );
}

#[test]
fn a_zone_described_by_the_file_is_found_through_x_lic_location() {
    let text = calendar(
        "BEGIN:VTIMEZONE\nTZID:Zona personalizada 1\nX-LIC-LOCATION:America/Tegucigalpa\nEND:VTIMEZONE\nBEGIN:VEVENT\nUID:a\nSUMMARY:Taller\nLOCATION:Sede\nDTSTART;TZID=Zona personalizada 1:20101206T090000\nDTEND;TZID=Zona personalizada 1:20101206T100000\nEND:VEVENT\n",
    );
    assert_eq!(one(&text, Country::HN).input.tz, "America/Tegucigalpa");
}

#[rstest]
#[case("Central America Standard Time", "America/Guatemala")]
#[case("Central Standard Time (Mexico)", "America/Mexico_City")]
#[case("Mountain Standard Time (Mexico)", "America/Mazatlan")]
#[case("Pacific Standard Time (Mexico)", "America/Tijuana")]
#[case("Eastern Standard Time (Mexico)", "America/Cancun")]
#[case("Eastern Standard Time", "America/New_York")]
#[case("Central Standard Time", "America/Chicago")]
#[case("Mountain Standard Time", "America/Denver")]
#[case("US Mountain Standard Time", "America/Phoenix")]
#[case("Pacific Standard Time", "America/Los_Angeles")]
#[case("Canada Central Standard Time", "America/Regina")]
#[case("Atlantic Standard Time", "America/Halifax")]
#[case("Newfoundland Standard Time", "America/St_Johns")]
#[case("SA Pacific Standard Time", "America/Panama")]
#[case("SA Western Standard Time", "America/Santo_Domingo")]
#[case("UTC", "UTC")]
fn windows_zone_names_map_to_iana_zones(#[case] windows: &str, #[case] iana: &str) {
    assert_eq!(resolve_zone(windows, None).map(|tz| tz.name()), Some(iana));
}

#[test]
fn an_overlong_zone_name_is_unknown_without_a_search() {
    let name = "a/".repeat(MAX_TZID_CHARS);
    assert_eq!(resolve_zone(&name, None), None);
}
