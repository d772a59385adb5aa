//! The two languages of Enlace and text that exists in both.

use serde::{Deserialize, Serialize};

/// A language of the interface and of event content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Lang {
    /// Spanish, the network's working language and the default.
    #[default]
    Es,
    /// English.
    En,
}

impl Lang {
    /// Both languages, Spanish first.
    pub const ALL: [Lang; 2] = [Lang::Es, Lang::En];

    /// The BCP 47 code (`es`, `en`).
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }

    /// Parses `es` or `en` (case-insensitive, region subtags ignored: `es-GT` is Spanish).
    #[must_use]
    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next()?.trim().to_ascii_lowercase();
        match primary.as_str() {
            "es" => Some(Lang::Es),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The leptos_i18n locale of this language: every user-visible string, on the server and in
    /// the browser, is looked up through it (`td_string!(lang.locale(), key)`).
    #[must_use]
    pub fn locale(self) -> crate::i18n::Locale {
        match self {
            Lang::Es => crate::i18n::Locale::es,
            Lang::En => crate::i18n::Locale::en,
        }
    }

    /// The other language.
    #[must_use]
    pub fn other(self) -> Lang {
        match self {
            Lang::Es => Lang::En,
            Lang::En => Lang::Es,
        }
    }

    /// This language's own name, as shown in a language switch.
    #[must_use]
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::Es => "Español",
            Lang::En => "English",
        }
    }
}

/// A text written in Spanish and English; either may be missing (empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Localized {
    /// The Spanish text, empty when missing.
    pub es: String,
    /// The English text, empty when missing.
    pub en: String,
}

/// A text picked for a reader, with the language it is really in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Picked<'a> {
    /// The text.
    pub text: &'a str,
    /// The language the text is in.
    pub lang: Lang,
    /// True when the reader's language was missing and the other one is shown.
    pub is_fallback: bool,
}

impl Localized {
    /// Builds a text from its Spanish and English versions.
    pub fn new(es: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            es: es.into(),
            en: en.into(),
        }
    }

    /// The version in `lang`, as written (possibly empty).
    #[must_use]
    pub fn raw(&self, lang: Lang) -> &str {
        match lang {
            Lang::Es => &self.es,
            Lang::En => &self.en,
        }
    }

    /// The version for a reader of `lang`, falling back to the other language when it is missing.
    #[must_use]
    pub fn pick(&self, lang: Lang) -> Picked<'_> {
        let wanted = self.raw(lang);
        if wanted.trim().is_empty() {
            let other = self.raw(lang.other());
            if !other.trim().is_empty() {
                return Picked {
                    text: other,
                    lang: lang.other(),
                    is_fallback: true,
                };
            }
        }
        Picked {
            text: wanted,
            lang,
            is_fallback: false,
        }
    }

    /// True when neither language has any text.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.es.trim().is_empty() && self.en.trim().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_subtags_are_ignored_when_parsing() {
        assert_eq!(Lang::parse("es-GT"), Some(Lang::Es));
        assert_eq!(Lang::parse("EN_us"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse(""), None);
    }

    #[test]
    fn missing_english_falls_back_to_spanish_visibly() {
        let text = Localized::new("Taller", "  ");
        let picked = text.pick(Lang::En);
        assert_eq!(picked.text, "Taller");
        assert_eq!(picked.lang, Lang::Es);
        assert!(picked.is_fallback);
        assert!(!text.pick(Lang::Es).is_fallback);
    }
}
