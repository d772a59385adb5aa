//! Where an event happens, guessed from its LOCATION: the venue, the city and the member state
//! it names, and the capital of the host when the file gives no city. A heuristic: the preview
//! shows the result for the host to check.

use app::domain::{Country, Lang};

use super::values::single_line;

/// Lower-case ASCII letters and digits of `text`, accents folded, other characters dropped, words
/// separated by one space: "EE. UU." and "ee uu" compare equal.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_whitespace() && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim_end().to_owned()
}

/// Other names of a member state in addresses.
fn aliases(country: Country) -> &'static [&'static str] {
    match country {
        Country::US => &[
            "usa",
            "ee uu",
            "eeuu",
            "eua",
            "estados unidos",
            "united states",
        ],
        Country::MX => &["estados unidos mexicanos"],
        Country::DO => &["rep dominicana"],
        _ => &[],
    }
}

/// The member state a part of a LOCATION names (in either language, or a common abbreviation;
/// never a bare ISO code, which "Los Angeles, CA" would misread).
pub(super) fn country_named(part: &str) -> Option<Country> {
    let part = fold(part);
    Country::ALL.into_iter().find(|c| {
        part == fold(c.name(Lang::Es))
            || part == fold(c.name(Lang::En))
            || aliases(*c).contains(&part.as_str())
    })
}

/// A part that is a state or province rather than a city: "Qro.", "D.F.", "DC", "ON".
fn is_region_abbreviation(part: &str) -> bool {
    let letters = part.chars().filter(|c| c.is_alphabetic()).count();
    (part.ends_with('.') && part.chars().count() <= 10)
        || (letters <= 5
            && part
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '.' || c == ' '))
}

/// The non-empty comma-separated parts of a LOCATION.
pub(super) fn location_parts(location: &str) -> Vec<String> {
    single_line(location)
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Venue and city from a LOCATION such as "Hotel Camino Real, 76000 Santiago de Querétaro, Qro.,
/// México": the city is the last part that is not a country nor a region abbreviation, without
/// its postal code; the venue is what comes before it. An empty city means none was found.
/// A heuristic: the preview shows the result for the host to check.
pub(super) fn split_location(location: &str, host: Country) -> (String, String) {
    let parts = location_parts(location);
    let last = parts.len().saturating_sub(1);
    // The host's name goes anywhere; another member state's only last, after the city.
    let is_country = |i: usize, part: &str| match country_named(part) {
        Some(c) => c == host || (i == last && i > 0),
        None => false,
    };
    let without_postal_code = |part: &str| {
        part.split_whitespace()
            .filter(|word| !word.chars().any(|c| c.is_ascii_digit()))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let candidates = || {
        parts
            .iter()
            .enumerate()
            .rev()
            .filter(|(i, part)| !is_country(*i, part))
    };
    let chosen = candidates()
        .map(|(i, part)| (i, without_postal_code(part)))
        .find(|(_, city)| !city.is_empty() && !is_region_abbreviation(city))
        .or_else(|| candidates().next().map(|(i, part)| (i, (*part).to_owned())));
    match chosen {
        Some((i, city)) => (parts[..i].join(", "), city),
        None => (String::new(), String::new()),
    }
}

/// The capital's name, for events whose file gives no city.
pub(super) fn capital_city(host: Country, lang: Lang) -> &'static str {
    match (host, lang) {
        (Country::BZ, _) => "Belmopan",
        (Country::CA, _) => "Ottawa",
        (Country::CR, _) => "San José",
        (Country::DO, _) => "Santo Domingo",
        (Country::SV, _) => "San Salvador",
        (Country::GT, Lang::Es) => "Ciudad de Guatemala",
        (Country::GT, Lang::En) => "Guatemala City",
        (Country::HN, _) => "Tegucigalpa",
        (Country::MX, Lang::Es) => "Ciudad de México",
        (Country::MX, Lang::En) => "Mexico City",
        (Country::NI, _) => "Managua",
        (Country::PA, Lang::Es) => "Ciudad de Panamá",
        (Country::PA, Lang::En) => "Panama City",
        (Country::US, _) => "Washington, D. C.",
    }
}
