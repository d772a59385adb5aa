//! Venue, city and host guessed from LOCATION.

use super::*;

#[rstest]
#[case(
    "Hotel Camino Real, Ciudad de Guatemala, Guatemala",
    Country::GT,
    "Hotel Camino Real",
    "Ciudad de Guatemala"
)]
#[case("San Salvador, El Salvador", Country::GT, "", "San Salvador")]
#[case(
    "Av. Constituyentes 3, Centro, 76000 Santiago de Querétaro, Qro., México",
    Country::MX,
    "Av. Constituyentes 3, Centro",
    "Santiago de Querétaro"
)]
#[case(
    "1600 Pennsylvania Ave NW, Washington, DC 20500, USA",
    Country::US,
    "1600 Pennsylvania Ave NW",
    "Washington"
)]
#[case("Ciudad de México, D.F., México", Country::MX, "", "Ciudad de México")]
#[case("Ciudad de Panamá, Panamá", Country::PA, "", "Ciudad de Panamá")]
#[case("Sala B", Country::SV, "", "Sala B")]
#[case("Guatemala", Country::GT, "", "")]
#[case("Guatemala", Country::SV, "", "Guatemala")]
#[case(" , ,", Country::SV, "", "")]
#[case("", Country::SV, "", "")]
fn location_splits_into_venue_and_city(
    #[case] location: &str,
    #[case] host: Country,
    #[case] venue: &str,
    #[case] city: &str,
) {
    assert_eq!(
        split_location(location, host),
        (venue.to_owned(), city.to_owned())
    );
}

#[test]
fn a_location_naming_only_the_country_assumes_the_capital() {
    let text = with_event("SUMMARY:Taller\nDTSTART;VALUE=DATE:20101206\nLOCATION:Guatemala\n");
    let candidate = one(&text, Country::GT);
    assert_eq!(candidate.input.city, "Ciudad de Guatemala");
    assert!(candidate.city_assumed);
    assert_eq!(candidate.suggested_host, Some(Country::GT));
}
