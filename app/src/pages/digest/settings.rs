//! `/digest/settings`: the secretariat sets the day of the week and the hour (in the region's
//! zone, San José) the weekly digest goes out; Monday 08:00 by default.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::api::AppError;
use crate::api::session::FormFlash;
use crate::components::forms::{CsrfField, FormErrors};
use crate::components::localized::use_lang;
use crate::domain::format;
use crate::i18n::{t, td_string, use_i18n};
use crate::pages::not_found::ErrorPanel;

/// The settings form's path.
pub const SETTINGS_PATH: &str = "/digest/settings";

/// The form's current values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleForm {
    /// Monday 0 to Sunday 6.
    pub day: u32,
    /// 0 to 23.
    pub hour: u32,
    /// Kept input and errors of a refused post.
    pub flash: Option<FormFlash>,
}

/// The schedule, for the secretariat only.
#[server]
pub async fn get_digest_schedule() -> Result<ScheduleForm, AppError> {
    use crate::api::manage::{deps, refused, viewer_account};
    let schedule = crate::usecase::digest::schedule(&deps()?, viewer_account().as_ref())
        .await
        .map_err(refused)?;
    let flash = crate::api::session::take_form_flash(SETTINGS_PATH.into()).await?;
    Ok(ScheduleForm {
        day: schedule.day_number(),
        hour: schedule.hour,
        flash,
    })
}

/// `/digest/settings`
#[component]
pub fn DigestSettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let query = use_query_map();
    let saved = move || query.read().get("saved").is_some();
    let data = Resource::new(|| (), |()| get_digest_schedule());
    view! {
        <Title text=td_string!(lang.get_untracked().locale(), ocd_settings_title).to_owned() />
        <h1>{t!(i18n, ocd_settings_title)}</h1>
        {move || saved().then(|| view! { <p class="notice" role="status" id="digest-saved">{t!(i18n, ocd_settings_saved)}</p> })}
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    Ok(form) => {
                        let l = lang.get_untracked();
                        let errors = form.flash.as_ref().map(|f| f.errors.clone()).unwrap_or_default();
                        view! {
                            <p>{t!(i18n, ocd_settings_intro)}</p>
                            <form method="post" action=SETTINGS_PATH class="digest-form">
                                <CsrfField />
                                <FormErrors errors=errors />
                                <div class="field">
                                    <label for="day">{t!(i18n, ocd_settings_day)}</label>
                                    <select id="day" name="day">
                                        {(0u32..7).map(|d| view! {
                                            <option value=d.to_string() selected=d == form.day>{format::weekday_name(l, d as usize, false)}</option>
                                        }).collect_view()}
                                    </select>
                                </div>
                                <div class="field">
                                    <label for="hour">{t!(i18n, ocd_settings_hour)}</label>
                                    <select id="hour" name="hour">
                                        {(0u32..24).map(|h| view! {
                                            <option value=h.to_string() selected=h == form.hour>{format!("{h:02}:00")}</option>
                                        }).collect_view()}
                                    </select>
                                </div>
                                <button type="submit">{t!(i18n, ocd_settings_save)}</button>
                            </form>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
