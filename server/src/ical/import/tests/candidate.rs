//! Events that are read but cannot be imported, and how the rest map onto the form.

use super::*;

#[rstest]
#[case::rrule("RRULE:FREQ=WEEKLY;COUNT=4\n", SkipReason::Recurring)]
#[case::rdate("RDATE;VALUE=DATE:20101208\n", SkipReason::Recurring)]
#[case::exception("RECURRENCE-ID;VALUE=DATE:20101201\n", SkipReason::Recurring)]
#[case::cancelled("STATUS:CANCELLED\n", SkipReason::Cancelled)]
#[case::private("CLASS:PRIVATE\n", SkipReason::Private)]
#[case::confidential("CLASS:CONFIDENTIAL\n", SkipReason::Private)]
fn series_cancelled_and_private_events_are_skipped(
    #[case] extra: &str,
    #[case] reason: SkipReason,
) {
    let text = with_event(&format!(
        "SUMMARY:Taller\nDTSTART;VALUE=DATE:20101201\nLOCATION:San Salvador\n{extra}"
    ));
    let candidate = one(&text, Country::SV);
    assert_eq!(candidate.skip, Some(reason));
    assert_eq!(candidate.input.title_es, "Taller");
}

#[test]
fn an_event_without_a_title_is_skipped() {
    let text = with_event("SUMMARY:   \nDTSTART;VALUE=DATE:20101201\n");
    assert_eq!(one(&text, Country::SV).skip, Some(SkipReason::NoTitle));
    let text = with_event("DTSTART;VALUE=DATE:20101201\n");
    assert_eq!(one(&text, Country::SV).skip, Some(SkipReason::NoTitle));
}

#[test]
fn an_event_without_a_start_is_skipped() {
    let text = with_event("SUMMARY:Taller\n");
    assert_eq!(one(&text, Country::SV).skip, Some(SkipReason::NoStart));
}

#[test]
fn a_timed_event_without_an_end_is_skipped() {
    let text = with_event("SUMMARY:Taller\nDTSTART;TZID=America/El_Salvador:20101201T090000\n");
    assert_eq!(one(&text, Country::SV).skip, Some(SkipReason::NoEnd));
}

#[test]
fn an_event_the_form_would_refuse_is_skipped_with_the_form_errors() {
    let long = "x".repeat(app::domain::event::MAX_DESCRIPTION + 1);
    let text = with_event(&format!(
        "SUMMARY:Taller\u{7}\nDESCRIPTION:{long}\nDTSTART;VALUE=DATE:20101201\nLOCATION:San Salvador\n"
    ));
    let Some(SkipReason::Invalid(errors)) = one(&text, Country::SV).skip else {
        panic!("not invalid");
    };
    assert!(
        errors
            .for_field(Field::TitleEs)
            .any(|p| p == Problem::ControlCharacters)
    );
    assert!(errors.for_field(Field::DescriptionEs).any(|p| p
        == Problem::TooLong {
            max: app::domain::event::MAX_DESCRIPTION
        }));
}

#[test]
fn an_end_before_the_start_is_invalid() {
    let text = with_event(
        "SUMMARY:Taller\nDTSTART;VALUE=DATE:20101205\nDTEND;VALUE=DATE:20101201\nLOCATION:San Salvador\n",
    );
    assert!(matches!(
        one(&text, Country::SV).skip,
        Some(SkipReason::Invalid(_))
    ));
}

#[test]
fn a_time_in_a_daylight_saving_gap_is_invalid() {
    let text = with_event(
        "SUMMARY:Reunión\nLOCATION:Sede\nDTSTART;TZID=America/New_York:20240310T023000\nDTEND;TZID=America/New_York:20240310T100000\n",
    );
    let Some(SkipReason::Invalid(errors)) = one(&text, Country::US).skip else {
        panic!("not invalid");
    };
    assert!(
        errors
            .for_field(Field::StartTime)
            .any(|p| p == Problem::NonexistentTime)
    );
}

#[rstest]
#[case("STATUS:TENTATIVE\n", "tentative")]
#[case("STATUS:CONFIRMED\n", "confirmed")]
#[case("", "confirmed")]
fn status_maps_to_the_form(#[case] status: &str, #[case] code: &str) {
    let text = with_event(&format!(
        "SUMMARY:Taller\nDTSTART;VALUE=DATE:20101206\nLOCATION:Sede\n{status}"
    ));
    assert_eq!(one(&text, Country::GT).input.status, code);
}

#[test]
fn only_a_tentative_whole_month_becomes_a_month_only_event() {
    let month = "DTSTART;VALUE=DATE:20110201\nDTEND;VALUE=DATE:20110301\n";
    let text = with_event(&format!(
        "SUMMARY:II Reunión (fechas por confirmar)\nLOCATION:Sede\nSTATUS:TENTATIVE\n{month}"
    ));
    let input = one(&text, Country::SV).input;
    assert_eq!(input.month, "2011-02");
    assert_eq!(input.title_es, "II Reunión");
    let text = with_event(&format!("SUMMARY:Feria\nLOCATION:Sede\n{month}"));
    let input = one(&text, Country::SV).input;
    assert_eq!(input.month, "");
    assert_eq!(input.end_date, "2011-02-28");
}

#[test]
fn candidates_serialize_for_the_preview() {
    let candidates = read(&outlook(), Country::GT);
    let json = serde_json::to_string(&candidates).unwrap();
    let back: Vec<Candidate> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, candidates);
}
