//! Registration pages: the form (`/events/{slug}/register`), a delegate's own registration behind
//! its private link (`/registrations/{token}`), mailing those links again
//! (`/registrations/resend`), the hosts' participant list
//! (`/events/{slug}/participants`) and logistics plan (`/events/{slug}/logistics`). Plain forms
//! that work without JavaScript; the server checks everything again.

mod fields;
mod logistics;
mod mine;
mod my_data;
mod participants;
mod register;
mod resend;

pub use logistics::LogisticsPage;
pub use mine::MyRegistrationPage;
pub use participants::ParticipantsPage;
pub use register::{RegisterPage, RegistrationBox};
pub use resend::{RESEND_PATH, ResendPage};
