//! The conflicts a form's new dates would create, shown before anything is saved, with the choice
//! to save anyway: a warning, never a block. Plain form fields, so it works without JavaScript; the
//! server checks again on every post.

use leptos::prelude::*;

use crate::components::localized::use_lang;
use crate::domain::coordination::DateCheck;
use crate::i18n::{t, use_i18n};

/// The warnings of a date check kept from the last post, if it found conflicts: the list, the
/// fingerprint of what was shown (hidden) and the "save anyway" checkbox, inside the form.
#[component]
pub fn DateWarnings(
    /// The check the server made of the posted dates.
    check: Option<DateCheck>,
    /// Prefix of the checkbox's id, so two date forms can share a page.
    #[prop(optional)]
    id_prefix: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    check.filter(|c| !c.is_clear()).map(|check| {
        let id = format!("{id_prefix}save-anyway");
        let heading = format!("{id_prefix}date-conflicts");
        let labelled_by = heading.clone();
        let label_for = id.clone();
        view! {
            <div class="date-warnings" role="alert" aria-labelledby=labelled_by>
                <p id=heading><strong>{t!(i18n, date_conflicts_heading)}</strong></p>
                {check.changed.then(|| view! { <p>{t!(i18n, date_conflicts_changed)}</p> })}
                <ul class="conflicts">
                    {check.warnings.into_iter().map(|w| {
                        let (kind, severity) = (w.kind, w.severity);
                        view! {
                            <li class=format!("conflict severity-{}", severity.code())>
                                <strong>{move || format!("{} · {}", kind.label(lang.get()), severity.label(lang.get()))}</strong>
                                " "
                                <span>{move || w.explain(lang.get()).to_owned()}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <p class="hint">{t!(i18n, date_conflicts_hint)}</p>
                <input type="hidden" name="conflicts_seen" value=check.fingerprint />
                <label class="check" for=label_for>
                    <input type="checkbox" id=id name="save_anyway" value="on" />
                    {t!(i18n, save_anyway)}
                </label>
            </div>
        }
    })
}
