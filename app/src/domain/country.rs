//! The member states of the Regional Conference on Migration: codes, names, capital zones, colours.

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::lang::Lang;

/// A member country of the CRM, by ISO 3166-1 alpha-2 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Country {
    /// Belize.
    BZ,
    /// Canada.
    CA,
    /// Costa Rica.
    CR,
    /// Dominican Republic.
    DO,
    /// El Salvador.
    SV,
    /// Guatemala.
    GT,
    /// Honduras.
    HN,
    /// Mexico.
    MX,
    /// Nicaragua.
    NI,
    /// Panama.
    PA,
    /// United States of America.
    US,
}

impl Country {
    /// All eleven member states, in ISO code order.
    pub const ALL: [Country; 11] = [
        Country::BZ,
        Country::CA,
        Country::CR,
        Country::DO,
        Country::GT,
        Country::HN,
        Country::MX,
        Country::NI,
        Country::PA,
        Country::SV,
        Country::US,
    ];

    /// The ISO 3166-1 alpha-2 code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Country::BZ => "BZ",
            Country::CA => "CA",
            Country::CR => "CR",
            Country::DO => "DO",
            Country::SV => "SV",
            Country::GT => "GT",
            Country::HN => "HN",
            Country::MX => "MX",
            Country::NI => "NI",
            Country::PA => "PA",
            Country::US => "US",
        }
    }

    /// Parses an ISO code of a member state (case-insensitive).
    #[must_use]
    pub fn parse(code: &str) -> Option<Country> {
        let code = code.trim();
        Country::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(code))
    }

    /// The country's name in `lang`.
    #[must_use]
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Country::BZ, Lang::Es) => "Belice",
            (Country::BZ, Lang::En) => "Belize",
            (Country::CA, Lang::Es) => "Canadá",
            (Country::CA, Lang::En) => "Canada",
            (Country::CR, _) => "Costa Rica",
            (Country::DO, Lang::Es) => "República Dominicana",
            (Country::DO, Lang::En) => "Dominican Republic",
            (Country::SV, _) => "El Salvador",
            (Country::GT, _) => "Guatemala",
            (Country::HN, _) => "Honduras",
            (Country::MX, Lang::Es) => "México",
            (Country::MX, Lang::En) => "Mexico",
            (Country::NI, _) => "Nicaragua",
            (Country::PA, Lang::Es) => "Panamá",
            (Country::PA, Lang::En) => "Panama",
            (Country::US, Lang::Es) => "Estados Unidos de América",
            (Country::US, Lang::En) => "United States of America",
        }
    }

    /// The IANA zone of the capital, the default zone of the country's events.
    #[must_use]
    pub fn capital_zone(self) -> Tz {
        match self {
            Country::BZ => Tz::America__Belize,
            Country::CA => Tz::America__Toronto,
            Country::CR => Tz::America__Costa_Rica,
            Country::DO => Tz::America__Santo_Domingo,
            Country::SV => Tz::America__El_Salvador,
            Country::GT => Tz::America__Guatemala,
            Country::HN => Tz::America__Tegucigalpa,
            Country::MX => Tz::America__Mexico_City,
            Country::NI => Tz::America__Managua,
            Country::PA => Tz::America__Panama,
            Country::US => Tz::America__New_York,
        }
    }

    /// The country's colour on calendars and timelines: dark enough for white text (WCAG AA, 4.5:1),
    /// and always shown beside the country's name, never alone.
    #[must_use]
    pub fn colour(self) -> &'static str {
        match self {
            Country::BZ => "#1f5f8b",
            Country::CA => "#b3261e",
            Country::CR => "#6a4c93",
            Country::DO => "#00695c",
            Country::SV => "#1a4fa0",
            Country::GT => "#2e7d32",
            Country::HN => "#0b6e99",
            Country::MX => "#8d3b12",
            Country::NI => "#4e5d23",
            Country::PA => "#a0295f",
            Country::US => "#3f3d8f",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relative_luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    #[test]
    fn every_colour_has_aa_contrast_with_white_text() {
        for country in Country::ALL {
            let ratio = 1.05 / (relative_luminance(country.colour()) + 0.05);
            assert!(ratio >= 4.5, "{country:?} contrast {ratio:.2}");
        }
    }

    #[test]
    fn colours_are_distinct() {
        let mut colours: Vec<_> = Country::ALL.iter().map(|c| c.colour()).collect();
        colours.sort_unstable();
        colours.dedup();
        assert_eq!(colours.len(), Country::ALL.len());
    }

    #[test]
    fn codes_round_trip_case_insensitively() {
        for country in Country::ALL {
            assert_eq!(
                Country::parse(&country.code().to_lowercase()),
                Some(country)
            );
        }
        assert_eq!(Country::parse("FR"), None);
    }
}
