//! What only the browser knows, read through its `Intl` API: the viewer's time zone, whether a
//! zone name is one it knows, and a UTC instant's wall-clock time in a zone. The browser's build
//! holds only the region's zones (see app/Cargo.toml), so the viewer's own zone comes from here.

pub mod navigation;

use chrono::{NaiveDate, NaiveDateTime};
use js_sys::{Array, Date, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The browser's own IANA zone ("America/New_York").
#[must_use]
pub fn time_zone() -> Option<String> {
    let format = date_time_format(&Object::new())?;
    let resolved = Reflect::get(&format, &"resolvedOptions".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?
        .call0(&format)
        .ok()?;
    Reflect::get(&resolved, &"timeZone".into())
        .ok()?
        .as_string()
}

/// Whether the browser knows the zone `name` (it refuses unknown ones with a `RangeError`).
#[must_use]
pub fn zone_known(name: &str) -> bool {
    !name.is_empty() && zone_format(name).is_some()
}

/// The wall-clock date and time of the instant `millis` (milliseconds since 1970, UTC) in `zone`.
#[must_use]
pub fn local_time(millis: i64, zone: &str) -> Option<NaiveDateTime> {
    let format = zone_format(zone)?;
    // The date's value is a double in JavaScript: whole milliseconds are exact far beyond any event.
    #[allow(clippy::cast_precision_loss)]
    let date = Date::new(&JsValue::from_f64(millis as f64));
    let parts: Array = Reflect::get(&format, &"formatToParts".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?
        .call1(&format, &date)
        .ok()?
        .dyn_into()
        .ok()?;
    let mut found = [None::<u32>; 5];
    for part in parts.iter() {
        let kind = Reflect::get(&part, &"type".into()).ok()?.as_string()?;
        let slot = match kind.as_str() {
            "year" => 0,
            "month" => 1,
            "day" => 2,
            "hour" => 3,
            "minute" => 4,
            _ => continue,
        };
        let value = Reflect::get(&part, &"value".into()).ok()?.as_string()?;
        found[slot] = value.parse().ok();
    }
    let [Some(year), Some(month), Some(day), Some(hour), Some(minute)] = found else {
        return None;
    };
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?.and_hms_opt(hour, minute, 0)
}

/// An `Intl.DateTimeFormat` giving numeric parts in `zone`, on a 24-hour clock.
fn zone_format(zone: &str) -> Option<JsValue> {
    let options = Object::new();
    for (key, value) in [
        ("timeZone", zone),
        ("hourCycle", "h23"),
        ("year", "numeric"),
        ("month", "numeric"),
        ("day", "numeric"),
        ("hour", "numeric"),
        ("minute", "numeric"),
    ] {
        Reflect::set(&options, &key.into(), &value.into()).ok()?;
    }
    date_time_format(&options)
}

/// `new Intl.DateTimeFormat("en", options)`, or `None` where it throws (an unknown zone).
fn date_time_format(options: &Object) -> Option<JsValue> {
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let constructor = Reflect::get(&intl, &"DateTimeFormat".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    Reflect::construct(&constructor, &Array::of2(&"en".into(), options)).ok()
}
