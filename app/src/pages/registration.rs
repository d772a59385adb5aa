//! Registration pages: the form (`/events/{slug}/register`), a delegate's own registration behind
//! its private link (`/registrations/{token}`), the hosts' participant list
//! (`/events/{slug}/participants`) and logistics plan (`/events/{slug}/logistics`). Plain forms
//! that work without JavaScript; the server checks everything again.

mod fields;
mod logistics;
mod mine;
mod my_data;
mod participants;
mod register;

pub use logistics::LogisticsPage;
pub use mine::MyRegistrationPage;
pub use participants::ParticipantsPage;
pub use register::{RegisterPage, RegistrationBox};
