//! `/import` and `/import/{id}`: importing events from an `.ics` file (an Outlook or Google
//! Calendar export). The upload form sends the file to the server, which reads it and keeps the
//! result; the preview lists what it found, each event with its host country, and creates the
//! chosen ones in one go. Both are plain forms that work without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::AppError;
use crate::api::import::{
    ImportPreview, ImportRow, MAX_FILE_BYTES, MAX_FILE_EVENTS, get_import, get_import_form,
};
use crate::api::session::{FormFlash, take_form_flash};
use crate::components::forms::{CountryOptions, CsrfField, FormErrors};
use crate::components::localized::{island_i18n, use_lang};
use crate::domain::access::Role;
use crate::domain::{Country, EventKind, Lang, format};
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::not_found::ErrorPanel;

/// `/import`: the upload form.
#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let data = Resource::new(
        || (),
        |()| async {
            let account = get_import_form().await?;
            let flash = take_form_flash("/import".into()).await?;
            Ok::<_, AppError>((account, flash))
        },
    );
    view! {
        <Title text=crate::i18n::td_string!(i18n.get_locale_untracked(), import_events).to_owned() />
        <h1>{t!(i18n, import_events)}</h1>
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    Ok((account, flash)) => {
                        let kept = |name: &str| flash.as_ref().and_then(|f| f.value(name)).map(str::to_owned);
                        let kind = kept("kind").unwrap_or_else(|| EventKind::Workshop.code().to_owned());
                        let file_lang = kept("lang").unwrap_or_else(|| lang.get().code().to_owned());
                        let host = kept("host").unwrap_or_default();
                        let errors = flash.map(|f| f.errors).unwrap_or_default();
                        let own = match account.role {
                            Role::Official(c) => Some(c),
                            Role::Secretariat => None,
                        };
                        let mb = MAX_FILE_BYTES / (1024 * 1024);
                        view! {
                            <p>{t!(i18n, import_intro)}</p>
                            <form method="post" action="/import" enctype="multipart/form-data" class="import-form">
                                <CsrfField />
                                <FormErrors errors />
                                <div class="field">
                                    <label for="file">{t!(i18n, import_file)}</label>
                                    <input type="file" id="file" name="file" accept=".ics,text/calendar" required aria-describedby="file-hint" />
                                    <p class="hint" id="file-hint">{t!(i18n, import_limits, mb = move || mb, max = move || MAX_FILE_EVENTS)}</p>
                                </div>
                                <div class="field">
                                    <label for="kind">{t!(i18n, import_kind)}</label>
                                    <select id="kind" name="kind">
                                        {EventKind::ALL.into_iter().map(|k| {
                                            let selected = k.code() == kind;
                                            view! { <option value=k.code() selected=selected>{move || k.label(lang.get())}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                                <div class="field">
                                    <label for="lang">{t!(i18n, import_file_lang)}</label>
                                    <select id="lang" name="lang">
                                        {[Lang::Es, Lang::En].into_iter().map(|l| {
                                            let selected = l.code() == file_lang;
                                            view! { <option value=l.code() selected=selected>{l.endonym()}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                                {match own {
                                    Some(country) => view! {
                                        <p>{t!(i18n, import_own_host)} " " <strong>{move || country.name(lang.get())}</strong></p>
                                    }.into_any(),
                                    None => view! {
                                        <div class="field">
                                            <label for="host">{t!(i18n, import_default_host)}</label>
                                            <select id="host" name="host" required>
                                                <CountryOptions selected=host />
                                            </select>
                                        </div>
                                    }.into_any(),
                                }}
                                <button type="submit">{t!(i18n, import_read)}</button>
                            </form>
                            <section aria-labelledby="import-help-heading">
                                <h2 id="import-help-heading">{t!(i18n, import_help_heading)}</h2>
                                <ul>
                                    <li>{t!(i18n, import_help_outlook)}</li>
                                    <li>{t!(i18n, import_help_google)}</li>
                                    <li>{t!(i18n, import_help_skipped)}</li>
                                </ul>
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// `/import/{id}`: what the uploaded file holds, to choose what to import.
#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(id, |id| async move {
        let preview = get_import(id.clone()).await?;
        let flash = take_form_flash(format!("/import/{id}")).await?;
        Ok::<_, AppError>((id, preview, flash))
    });
    view! {
        <Title text=crate::i18n::td_string!(i18n.get_locale_untracked(), import_preview_title).to_owned() />
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(AppError::NotFound) => view! { <BatchGone /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    Ok((id, preview, flash)) => view! { <PreviewForm id preview flash /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A batch that is not there (expired, imported, or someone else's): 404 with a way on.
#[component]
fn BatchGone() -> impl IntoView {
    crate::api::set_status_for(&AppError::NotFound);
    let i18n = use_i18n();
    view! {
        <section class="error-panel" role="alert">
            <h1>{t!(i18n, import_gone_title)}</h1>
            <p>{t!(i18n, import_gone_text)}</p>
            <p><a href="/import">{t!(i18n, import_another)}</a> " · " <A href="/dashboard">{t!(i18n, dashboard)}</A></p>
        </section>
    }
}

/// The preview table and its form.
#[component]
fn PreviewForm(id: String, preview: ImportPreview, flash: Option<FormFlash>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let hosts: Vec<Country> = match preview.account.role {
        Role::Official(c) => vec![c],
        Role::Secretariat => Country::ALL.to_vec(),
    };
    let selectable: Vec<bool> = preview
        .rows
        .iter()
        .zip(&preview.already_imported)
        .map(|(row, already)| row.importable() && !already)
        .collect();
    // After a refused submission, the choices made come back as they were.
    let included = |i: usize| match &flash {
        Some(f) => f.value(&format!("include_{i}")).is_some(),
        None => true,
    };
    let chosen: Vec<bool> = (0..preview.rows.len())
        .map(|i| selectable[i] && included(i))
        .collect();
    let count = chosen.iter().filter(|c| **c).count();
    let any = selectable.iter().any(|s| *s);
    let publish = flash.as_ref().and_then(|f| f.value("publish")).is_some();
    let errors = flash.as_ref().map(|f| f.errors.clone()).unwrap_or_default();
    let kind = preview.kind;
    let file_lang = preview.lang;
    let rows = preview
        .rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let host = flash
                .as_ref()
                .and_then(|f| f.value(&format!("host_{i}")))
                .and_then(Country::parse)
                .unwrap_or(row.host);
            view! {
                <PreviewRow
                    i
                    row
                    file_lang
                    already=preview.already_imported[i]
                    selectable=selectable[i]
                    checked=chosen[i]
                    host
                    hosts=hosts.clone()
                />
            }
        })
        .collect_view();
    view! {
        <h1>{t!(i18n, import_preview_title)}</h1>
        <p>{t!(i18n, import_preview_intro)}</p>
        <p>{t!(i18n, import_kind_is)} " " <strong>{move || kind.label(lang.get())}</strong></p>
        <form method="post" action=format!("/import/{id}") class="import-preview">
            <CsrfField />
            <FormErrors errors />
            <table class="audit import">
                <caption>{t!(i18n, import_caption)}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, import_col_include)}</th>
                    <th scope="col">{t!(i18n, import_col_event)}</th>
                    <th scope="col">{t!(i18n, import_col_when)}</th>
                    <th scope="col">{t!(i18n, import_col_where)}</th>
                    <th scope="col" id="import-col-host">{t!(i18n, import_col_host)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {if any {
                view! {
                    <div class="field">
                        <label class="check" for="publish">
                            <input type="checkbox" id="publish" name="publish" value="on" checked=publish />
                            {t!(i18n, import_publish)}
                        </label>
                    </div>
                    <ImportSubmit initial=count />
                }.into_any()
            } else {
                view! { <p class="notice">{t!(i18n, import_nothing)}</p> }.into_any()
            }}
        </form>
        // A plain link: the router's would mark it as the current page under `/import/…`.
        <p class="import-another"><a href="/import">{t!(i18n, import_another)}</a></p>
    }
}

/// The submit button, "Import N events", counting the ticked rows. An island: the rows stay server
/// HTML, and the button recounts the form's ticked boxes whenever one changes.
#[island]
fn ImportSubmit(
    /// The rows ticked when the page was made.
    initial: usize,
) -> impl IntoView {
    let i18n = island_i18n();
    let count = RwSignal::new(initial);
    #[cfg(feature = "hydrate")]
    {
        let listener = window_event_listener(leptos::ev::change, move |_| {
            let ticked = document()
                .query_selector_all(r#"form.import-preview input[name^="include_"]:checked"#)
                .map_or(0, |found| found.length());
            count.set(usize::try_from(ticked).unwrap_or_default());
        });
        on_cleanup(move || listener.remove());
    }
    view! { <button type="submit">{t!(i18n, import_submit, count = move || count.get())}</button> }
}

/// One event of the file: its include box and host country, or why it cannot be imported.
#[component]
fn PreviewRow(
    i: usize,
    row: ImportRow,
    file_lang: Lang,
    already: bool,
    selectable: bool,
    checked: bool,
    host: Country,
    hosts: Vec<Country>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let title_id = format!("import-title-{i}");
    let include = if already {
        view! { <span class="status">{t!(i18n, import_already)}</span> }.into_any()
    } else if selectable {
        view! {
            <input type="checkbox" name=format!("include_{i}") value="on" checked=checked
                aria-labelledby=title_id.clone() />
        }
        .into_any()
    } else {
        view! { <span class="status">{t!(i18n, import_not_importable)}</span> }.into_any()
    };
    let skip = (!row.importable()).then(|| {
        let row = row.clone();
        view! { <p class="hint">{move || row.skip(lang.get()).to_owned()}</p> }
    });
    let dates = row.dates;
    let when = move || match &dates {
        Some(d) => format::event_dates(lang.get(), d),
        None => t_string!(i18n, import_no_dates).to_string(),
    };
    let place = [row.venue.as_str(), row.city.as_str()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let host_cell = selectable.then(|| {
        view! {
            <select name=format!("host_{i}") aria-labelledby=format!("import-col-host {title_id}")>
                {hosts.into_iter().map(|c| view! {
                    <option value=c.code() selected=c == host>{move || c.name(lang.get())}</option>
                }).collect_view()}
            </select>
        }
    });
    view! {
        <tr>
            <td>{include}</td>
            <th scope="row">
                <span id=format!("import-title-{i}") lang=file_lang.code()>{row.title.clone()}</span>
                <small class="hint">" · " {t!(i18n, import_line)} " " {row.line}</small>
                {skip}
            </th>
            <td>
                {when}
                {dates.and_then(|d| d.times()).map(|_| view! { <br /><small>{row.zone.clone()}</small> })}
                {row.past.then(|| view! { <br /><small class="status">{t!(i18n, import_past)}</small> })}
            </td>
            <td>
                {place}
                {row.city_assumed.then(|| view! { <br /><small class="hint">{t!(i18n, import_city_assumed)}</small> })}
            </td>
            <td>{host_cell}</td>
        </tr>
    }
}
