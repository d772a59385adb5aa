//! Renders the region's change log as an Atom feed (RFC 4287): `/changes.atom` and
//! `/countries/{iso}/changes.atom`, in Spanish or English. Every element RFC 4287 §4.1.1 and
//! §4.1.2 require is there (the feed's `id`, `title`, `updated`, `author`, `link rel="self"`;
//! each entry's `id`, `title`, `updated`, `summary` and `link`), written with an XML writer that
//! escapes text and attribute values; characters XML 1.0 cannot carry are dropped.
//!
//! Ids are tag URIs (RFC 4151) of the site's host: the feed's
//! `tag:{host},2026:enlace/changes[/{iso}]/{lang}`, an entry's `tag:{host},2026:enlace/change/{id}`
//! from the entry's stored id, so an entry keeps its id for life and across both languages. An
//! entry's `updated` is the time it was written: entries are told once and never recomputed.
//!
//! - [`told`]: what the event lifecycle and registrations tell the log, in both languages;
//! - [`deadlines`]: the periodic job that tells of registration deadlines within 7 days.

pub mod deadlines;
pub mod told;

use std::io;

use app::domain::changes::ChangeEntry;
use app::domain::{Country, Lang};
use app::i18n::td_string;
use chrono::{DateTime, SecondsFormat, Utc};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

/// How many entries a feed carries at most (the newest).
pub const ENTRIES: u32 = 100;

/// The `updated` of a feed with no entry yet: the tag URIs' date, so an empty feed's bytes (and
/// ETag) stay the same.
const EPOCH: &str = "2026-01-01T00:00:00Z";

/// Which feed, in which language, on which site.
#[derive(Debug, Clone, Copy)]
pub struct AtomInfo<'a> {
    /// The site's public base URL (no trailing slash).
    pub base_url: &'a str,
    /// The country whose entries it carries; `None`: the whole region.
    pub country: Option<Country>,
    /// The language of titles and summaries.
    pub lang: Lang,
}

/// A feed's path, without the language: `/changes.atom` or `/countries/{iso}/changes.atom`.
#[must_use]
pub fn path(country: Option<Country>) -> String {
    match country {
        None => "/changes.atom".to_owned(),
        Some(c) => format!("/countries/{}/changes.atom", c.code().to_ascii_lowercase()),
    }
}

/// The tagging authority of ids: the base URL's host, lower case, without scheme, port or
/// path (`enlace.invalid` when there is none).
#[must_use]
pub fn authority(base_url: &str) -> String {
    let rest = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = if host.starts_with('[') {
        host.split(']')
            .next()
            .map_or("", |h| h.trim_start_matches('['))
    } else {
        host.split(':').next().unwrap_or("")
    };
    if host.is_empty() {
        "enlace.invalid".to_owned()
    } else {
        host.to_ascii_lowercase()
    }
}

/// An entry's id, stable for life: from its stored id.
#[must_use]
pub fn entry_id(authority: &str, id: i64) -> String {
    format!("tag:{authority},2026:enlace/change/{id}")
}

/// A feed's id.
#[must_use]
pub fn feed_id(authority: &str, country: Option<Country>, lang: Lang) -> String {
    match country {
        None => format!("tag:{authority},2026:enlace/changes/{}", lang.code()),
        Some(c) => format!(
            "tag:{authority},2026:enlace/changes/{}/{}",
            c.code().to_ascii_lowercase(),
            lang.code()
        ),
    }
}

/// The feed's title in `lang`.
#[must_use]
pub fn title(country: Option<Country>, lang: Lang) -> String {
    let l = lang.locale();
    match country {
        None => td_string!(l, ocf_atom_title_all).to_owned(),
        Some(c) => td_string!(l, ocf_atom_title_country, country = c.name(lang)),
    }
}

/// Drops what XML 1.0 cannot carry, escaped or not (§2.2: controls other than tab, line feed
/// and carriage return; U+FFFE, U+FFFF).
#[must_use]
pub fn xml_safe(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect()
}

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The newest entry's time (the feed's `updated` and `Last-Modified`).
#[must_use]
pub fn newest(entries: &[ChangeEntry]) -> Option<DateTime<Utc>> {
    entries.iter().map(|e| e.at).max()
}

fn text_element(w: &mut Writer<Vec<u8>>, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(&xml_safe(text)))?;
    Ok(())
}

fn link(w: &mut Writer<Vec<u8>>, rel: &str, kind: &str, href: &str) -> io::Result<()> {
    w.create_element("link")
        .with_attributes([("rel", rel), ("type", kind), ("href", &*xml_safe(href))])
        .write_empty()?;
    Ok(())
}

fn entry(
    w: &mut Writer<Vec<u8>>,
    e: &ChangeEntry,
    info: &AtomInfo<'_>,
    authority: &str,
) -> io::Result<()> {
    let lang = info.lang;
    let change = &e.change;
    w.create_element("entry").write_inner_content(|w| {
        text_element(w, "id", &entry_id(authority, e.id))?;
        text_element(w, "title", change.title.pick(lang).text)?;
        text_element(w, "updated", &time(e.at))?;
        text_element(w, "published", &time(e.at))?;
        link(
            w,
            "alternate",
            "text/html",
            &format!("{}{}", info.base_url, change.path),
        )?;
        w.create_element("category")
            .with_attribute(("term", change.kind.code()))
            .write_empty()?;
        text_element(w, "summary", change.summary.pick(lang).text)?;
        Ok(())
    })?;
    Ok(())
}

fn write(entries: &[ChangeEntry], info: &AtomInfo<'_>) -> io::Result<Vec<u8>> {
    let lang = info.lang;
    let authority = authority(info.base_url);
    let mut w = Writer::new_with_indent(Vec::with_capacity(4096 + entries.len() * 800), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    let updated = newest(entries).map_or_else(|| EPOCH.to_owned(), time);
    let own = format!(
        "{}{}?lang={}",
        info.base_url,
        path(info.country),
        lang.code()
    );
    w.create_element("feed")
        .with_attributes([
            ("xmlns", "http://www.w3.org/2005/Atom"),
            ("xml:lang", lang.code()),
        ])
        .write_inner_content(|w| {
            text_element(w, "id", &feed_id(&authority, info.country, lang))?;
            text_element(w, "title", &title(info.country, lang))?;
            text_element(w, "subtitle", td_string!(lang.locale(), ocf_atom_subtitle))?;
            text_element(w, "updated", &updated)?;
            w.create_element("author").write_inner_content(|w| {
                text_element(w, "name", td_string!(lang.locale(), ocf_atom_author))
            })?;
            link(w, "self", "application/atom+xml", &own)?;
            link(w, "alternate", "text/html", &format!("{}/", info.base_url))?;
            text_element(w, "generator", "Enlace")?;
            for e in entries {
                entry(w, e, info, &authority)?;
            }
            Ok(())
        })?;
    let mut out = w.into_inner();
    out.push(b'\n');
    Ok(out)
}

/// Renders `entries` (newest first) as one Atom feed document.
#[must_use]
pub fn render(entries: &[ChangeEntry], info: &AtomInfo<'_>) -> String {
    // Writing to memory cannot fail, and the writer emits only the UTF-8 it was given.
    write(entries, info)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default()
}

#[cfg(test)]
#[path = "atom_tests.rs"]
mod tests;
