//! Who a commitment binds: member states, the IOM, the RROCM, the Technical Secretariat, or all
//! the delegations of a meeting; and the zone each keeps its calendar days in.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::domain::country::Country;
use crate::domain::lang::Lang;
use crate::i18n::td_string;

/// The region's zone: that of San José, Costa Rica, seat of the CRM's Technical Secretariat (and
/// of the IOM's regional office for Central America, North America and the Caribbean). The days
/// of the IOM, the RROCM and the secretariat are counted in it.
pub const REGION_ZONE: Tz = Tz::America__Costa_Rica;

/// A party responsible for a commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Party {
    /// A member state.
    Member(Country),
    /// The International Organization for Migration (*OIM*).
    Iom,
    /// The Regional Network of Civil Organisations for Migration.
    Rrocm,
    /// The Technical Secretariat (*Secretaría Técnica*).
    Secretariat,
    /// Every delegation present at the meeting, each with its own status; never combined with
    /// other parties.
    AllDelegations,
}

impl Party {
    /// Every party a form offers: the member states, then the IOM, the RROCM, the secretariat and
    /// all delegations.
    #[must_use]
    pub fn all() -> Vec<Party> {
        Country::ALL
            .into_iter()
            .map(Party::Member)
            .chain([
                Party::Iom,
                Party::Rrocm,
                Party::Secretariat,
                Party::AllDelegations,
            ])
            .collect()
    }

    /// The stored code: a country's ISO code, `IOM`, `RROCM`, `ST` or `ALL`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Party::Member(c) => c.code(),
            Party::Iom => "IOM",
            Party::Rrocm => "RROCM",
            Party::Secretariat => "ST",
            Party::AllDelegations => "ALL",
        }
    }

    /// Parses a stored code (case-insensitive).
    #[must_use]
    pub fn parse(code: &str) -> Option<Party> {
        match code.trim().to_ascii_uppercase().as_str() {
            "IOM" => Some(Party::Iom),
            "RROCM" => Some(Party::Rrocm),
            "ST" => Some(Party::Secretariat),
            "ALL" => Some(Party::AllDelegations),
            other => Country::parse(other).map(Party::Member),
        }
    }

    /// The member state, for a member.
    #[must_use]
    pub fn country(self) -> Option<Country> {
        match self {
            Party::Member(c) => Some(c),
            _ => None,
        }
    }

    /// True for the parties whose commitments the secretariat updates: the IOM, the RROCM and
    /// itself.
    #[must_use]
    pub fn followed_by_secretariat(self) -> bool {
        matches!(self, Party::Iom | Party::Rrocm | Party::Secretariat)
    }

    /// The zone the party's calendar days are counted in: a member's capital, otherwise the
    /// region's ([`REGION_ZONE`]). For all delegations, each member counts in its own capital's
    /// zone (see [`super::is_overdue`]); the region's zone is only the summary's.
    #[must_use]
    pub fn zone(self) -> Tz {
        match self {
            Party::Member(c) => c.capital_zone(),
            _ => REGION_ZONE,
        }
    }

    /// The calendar day it is for this party at `now`.
    #[must_use]
    pub fn today(self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.zone()).date_naive()
    }

    /// The party's name in `lang`.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        let l = lang.locale();
        match self {
            Party::Member(c) => c.name(lang),
            Party::Iom => td_string!(l, oc_party_iom),
            Party::Rrocm => td_string!(l, oc_party_rrocm),
            Party::Secretariat => td_string!(l, oc_party_secretariat),
            Party::AllDelegations => td_string!(l, oc_party_all),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for party in Party::all() {
            assert_eq!(Party::parse(party.code()), Some(party), "{party:?}");
            assert_eq!(Party::parse(&party.code().to_lowercase()), Some(party));
            assert!(!party.label(Lang::Es).is_empty() && !party.label(Lang::En).is_empty());
        }
        assert_eq!(Party::parse("OIM"), None);
        assert_eq!(Party::parse(""), None);
    }

    #[test]
    fn members_count_days_in_their_capital_and_the_others_in_san_jose() {
        assert_eq!(Party::Member(Country::MX).zone(), Tz::America__Mexico_City);
        assert_eq!(Party::Member(Country::CA).zone(), Tz::America__Toronto);
        for p in [Party::Iom, Party::Rrocm, Party::Secretariat] {
            assert_eq!(p.zone(), Tz::America__Costa_Rica);
        }
        // 04:30 UTC on 1 March 2011: 22:30 on 28 February in San José and Mexico City (UTC-6),
        // 23:30 in Toronto (UTC-5), already 00:30 on 1 March in Santo Domingo (UTC-4).
        let now = DateTime::parse_from_rfc3339("2011-03-01T04:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let feb28 = NaiveDate::from_ymd_opt(2011, 2, 28).unwrap();
        let mar1 = NaiveDate::from_ymd_opt(2011, 3, 1).unwrap();
        assert_eq!(Party::Iom.today(now), feb28);
        assert_eq!(Party::Member(Country::MX).today(now), feb28);
        assert_eq!(Party::Member(Country::CA).today(now), feb28);
        assert_eq!(Party::Member(Country::DO).today(now), mar1);
    }
}
