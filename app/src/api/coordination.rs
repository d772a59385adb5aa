//! The secretariat's coordination page: every event in a range of months with the conflicts the
//! coordination engine finds among them, explained in both languages.

use leptos::prelude::*;

use super::AppError;

pub use crate::domain::coordination::view::{ConflictView, Coordination, HolidaySource, LegView};
pub use crate::domain::timeline::CoordinationQuery;

#[server]
pub async fn get_coordination(query: CoordinationQuery) -> Result<Coordination, AppError> {
    let viewer = super::manage::viewer_account();
    crate::usecase::coordination::page(&super::manage::deps()?, viewer.as_ref(), &query)
        .await
        .map_err(super::manage::refused)
}
