//! `enlace admin create --email EMAIL [--name NAME]`: creates a secretariat account, reading the
//! password from a prompt (typed twice) or, when piped, from the first line of standard input.
//! There is no default password anywhere.

use std::io::{BufRead, IsTerminal};

use anyhow::{Context, bail};
use app::domain::Email;
use app::domain::access::Role;
use app::domain::account::check_new_password;
use app::ssr::NewAccount;

use crate::auth::hash_password;
use crate::config::Settings;

const USAGE: &str = "usage: enlace admin create --email EMAIL [--name NAME]\n\
    The password is asked for twice, or read from the first line of standard input when piped.";

/// Runs a command-line subcommand (`args` without the program name).
///
/// # Errors
/// Bad arguments, a weak password, a taken email or an unreachable database.
pub async fn run(args: &[String]) -> anyhow::Result<()> {
    let (mut email, mut name) = (None, String::new());
    match args {
        [admin, create, rest @ ..] if admin == "admin" && create == "create" => {
            let mut it = rest.iter();
            while let Some(flag) = it.next() {
                match flag.as_str() {
                    "--email" => email = it.next().cloned(),
                    "--name" => name = it.next().cloned().unwrap_or_default(),
                    other => bail!("unknown option {other}\n{USAGE}"),
                }
            }
        }
        _ => bail!("{USAGE}"),
    }
    let email = Email::parse(&email.context(USAGE)?)
        .map(Email::into_string)
        .map_err(|_| anyhow::anyhow!("not a valid email address"))?;
    let password = read_password()?;
    let settings = Settings::from_env()?;
    let store = crate::db::connect(&settings).await?;
    let hash =
        hash_password(&password).map_err(|e| anyhow::anyhow!("hashing the password: {e}"))?;
    let new = NewAccount {
        email: email.clone(),
        name,
        role: Role::Secretariat,
        password_hash: Some(hash),
    };
    match store.create_account(&new, chrono::Utc::now()).await {
        Ok(account) => {
            println!(
                "Created secretariat account {} (id {}).",
                account.email, account.id
            );
            Ok(())
        }
        Err(app::ssr::StoreError::Conflict(_)) => {
            bail!("an account with email {email} already exists")
        }
        Err(e) => Err(e.into()),
    }
}

fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password (at least 12 characters): ")?;
        let second = rpassword::prompt_password("Same password again: ")?;
        check_new_password(&first, &second)
            .map_err(|e| anyhow::anyhow!(e.message(app::domain::Lang::En)))?;
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        let password = line.trim_end_matches(['\r', '\n']).to_owned();
        check_new_password(&password, &password)
            .map_err(|e| anyhow::anyhow!(e.message(app::domain::Lang::En)))?;
        Ok(password)
    }
}
