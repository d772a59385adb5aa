//! The deployment guide as the test's input: the blocks of `docs/deploy.md` between
//! `<!-- deploy:NAME -->` and `<!-- /deploy:NAME -->`, the settings of its env file, exact
//! substitutions that must each find their text (so the guide and the test cannot drift apart
//! silently), and the tools the guide relies on, required under CI.

use std::path::Path;
use std::process::Command;

use crate::helpers::workspace;

/// The code of the fenced block marked `deploy:NAME` in `docs/deploy.md`.
pub fn block(name: &str) -> String {
    let path = workspace().join("docs/deploy.md");
    let text = std::fs::read_to_string(&path).expect("reading docs/deploy.md");
    let open = format!("<!-- deploy:{name} -->");
    let close = format!("<!-- /deploy:{name} -->");
    let start = text
        .find(&open)
        .unwrap_or_else(|| panic!("docs/deploy.md has no {open}"))
        + open.len();
    let end = text[start..]
        .find(&close)
        .unwrap_or_else(|| panic!("docs/deploy.md has no {close}"))
        + start;
    let marked = &text[start..end];
    let fence = marked
        .find("```")
        .unwrap_or_else(|| panic!("no fenced block in {open}"));
    let code = marked[fence..].split_once('\n').expect("a fence line").1;
    let code_end = code
        .rfind("```")
        .unwrap_or_else(|| panic!("the block in {open} is not closed"));
    code[..code_end].to_owned()
}

/// The settings of the guide's env file (`KEY=VALUE` lines; comments and blank lines skipped), as
/// systemd's `EnvironmentFile=` reads them.
pub fn env_file() -> Vec<(String, String)> {
    block("env")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let (key, value) = line
                .split_once('=')
                .unwrap_or_else(|| panic!("not KEY=VALUE: {line}"));
            (key.to_owned(), value.to_owned())
        })
        .collect()
}

/// `text` with each `(from, to)` replaced; every `from` must occur (the guide changed otherwise).
pub fn substitute(text: &str, replacements: &[(&str, &str)]) -> String {
    let mut out = text.to_owned();
    for (from, to) in replacements {
        assert!(
            out.contains(from),
            "docs/deploy.md no longer contains {from:?}: update the test with the guide"
        );
        out = out.replace(from, to);
    }
    out
}

/// Whether `program` can run. Missing under CI (`CI` set), the test fails; missing on a
/// developer's machine, the step is skipped with the reason printed.
pub fn available(program: &str, install: &str) -> bool {
    if Path::new(program).is_file() || which(program) {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{program} is missing under CI: scripts/test.sh installs {install}"
    );
    eprintln!(
        "SKIPPED: {program} is not installed (apt-get install {install}); this step does not run"
    );
    false
}

fn which(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A port on loopback, bound until the listener is dropped (then nginx binds it).
pub fn held_port() -> std::net::TcpListener {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap()
}

/// Runs `systemd-analyze verify` on the guide's units, with the binary and the backup script at
/// this checkout's paths; skipped (with the reason printed) where systemd-analyze is missing.
pub fn verify_units(bin: &Path) {
    if !which("systemd-analyze") {
        eprintln!(
            "SKIPPED: systemd-analyze is not installed here; the units in docs/deploy.md are not verified"
        );
        return;
    }
    let dir = std::env::temp_dir().join(format!("enlace-units-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let units = substitute(
        &block("units"),
        &[
            ("/opt/enlace/bin/enlace", &bin.display().to_string()),
            (
                "/opt/enlace/bin/backup.sh",
                &workspace().join("scripts/backup.sh").display().to_string(),
            ),
        ],
    );
    let mut names = Vec::new();
    for part in units.split("# /etc/systemd/system/").skip(1) {
        let (name, body) = part.split_once('\n').unwrap();
        std::fs::write(dir.join(name), body).unwrap();
        names.push(name.to_owned());
    }
    assert_eq!(
        names,
        [
            "enlace@.service",
            "enlace-backup.service",
            "enlace-backup.timer"
        ],
        "the units the guide names"
    );
    let output = Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .arg(dir.join("enlace@3001.service"))
        .arg(dir.join("enlace-backup.service"))
        .arg(dir.join("enlace-backup.timer"))
        .output()
        .expect("running systemd-analyze");
    let _ = std::fs::remove_dir_all(&dir);
    // It exits 0 on settings it ignores, but names them: any word from it is a fault.
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && said.trim().is_empty(),
        "systemd-analyze verify on the units of docs/deploy.md: {said}"
    );
}
