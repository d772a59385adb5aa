//! The end-to-end tests run the built `enlace` binary and site: they refuse them when a source
//! that goes into them is newer, rather than quietly test older code.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::SystemTime;

/// Why a built output cannot be used.
#[derive(Debug, PartialEq, Eq)]
pub enum Stale {
    /// It was never built.
    Missing,
    /// This source changed after it was built.
    Older { newer: PathBuf },
}

/// Whether `output` is at least as new as every file in `inputs` (files, or directories read
/// recursively, leaving out hidden entries, `target` and `node_modules`). A missing input is no
/// input. On `Older`, names the newest of the newer files.
pub fn check(output: &Path, inputs: &[PathBuf]) -> Result<(), Stale> {
    let built = std::fs::metadata(output)
        .and_then(|m| m.modified())
        .map_err(|_| Stale::Missing)?;
    let mut newest: Option<(SystemTime, PathBuf)> = None;
    for input in inputs {
        visit(input, &mut |path, modified| {
            if modified > built && newest.as_ref().is_none_or(|(t, _)| modified > *t) {
                newest = Some((modified, path.to_path_buf()));
            }
        });
    }
    match newest {
        Some((_, newer)) => Err(Stale::Older { newer }),
        None => Ok(()),
    }
}

fn visit(path: &Path, found: &mut dyn FnMut(&Path, SystemTime)) {
    let Ok(meta) = std::fs::metadata(path) else {
        return;
    };
    if meta.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if !(name.starts_with('.') || name == "target" || name == "node_modules") {
                visit(&entry.path(), found);
            }
        }
    } else if let Ok(modified) = meta.modified() {
        found(path, modified);
    }
}

/// The command that rebuilds what the end-to-end tests run.
const REBUILD: &str = "bash scripts/build.sh";

/// Panics, naming the file and the command, unless the binary and the site are newer than every
/// source that goes into them. Checked once per test process.
pub fn ensure(workspace: &Path, binary: &Path, site: &Path) {
    static VERDICT: OnceLock<Result<(), String>> = OnceLock::new();
    let verdict = VERDICT.get_or_init(|| {
        let sources = |dirs: &[&str]| -> Vec<PathBuf> {
            dirs.iter()
                .chain(&["Cargo.toml", "Cargo.lock"])
                .map(|d| workspace.join(d))
                .collect()
        };
        let outputs = [
            (
                binary.to_path_buf(),
                sources(&["app", "server", "migrations", "vendor"]),
            ),
            (
                // Written last by the build (the assets' names are hashed).
                site.join("pkg/hash.txt"),
                sources(&["app", "style", "public", "vendor"]),
            ),
        ];
        for (output, inputs) in &outputs {
            match check(output, inputs) {
                Ok(()) => {}
                Err(Stale::Missing) => {
                    return Err(format!(
                        "{} is missing: build it first with `{REBUILD}` (the README's test command does)",
                        output.display()
                    ));
                }
                Err(Stale::Older { newer }) => {
                    return Err(format!(
                        "{} is older than {}: the end-to-end tests would run old code. \
                         Rebuild with `{REBUILD}` (the README's test command does)",
                        output.display(),
                        newer.display()
                    ));
                }
            }
        }
        Ok(())
    });
    if let Err(message) = verdict {
        panic!("{message}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::{File, FileTimes};
    use std::time::Duration;

    fn file_at(path: &Path, seconds: u64) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let file = File::create(path).unwrap();
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000 + seconds);
        file.set_times(FileTimes::new().set_modified(at)).unwrap();
    }

    #[test]
    fn an_output_older_than_a_source_is_refused_naming_the_newest_source() {
        let dir = std::env::temp_dir().join(format!("enlace-fresh-{}", uuid::Uuid::new_v4()));
        let bin = dir.join("target/debug/enlace");
        let inputs = [
            dir.join("server"),
            dir.join("Cargo.lock"),
            dir.join("absent"),
        ];
        file_at(&dir.join("server/src/main.rs"), 10);
        file_at(&dir.join("Cargo.lock"), 20);
        assert_eq!(check(&bin, &inputs), Err(Stale::Missing));

        file_at(&bin, 30);
        assert_eq!(check(&bin, &inputs), Ok(()), "built after every source");

        file_at(&dir.join("server/src/routes/new.rs"), 40);
        file_at(&dir.join("server/src/db.rs"), 50);
        // Editors' hidden files and build directories are not sources.
        file_at(&dir.join("server/.main.rs.swp"), 60);
        file_at(&dir.join("server/target/debug/x"), 60);
        assert_eq!(
            check(&bin, &inputs),
            Err(Stale::Older {
                newer: dir.join("server/src/db.rs")
            })
        );

        file_at(&bin, 50);
        assert_eq!(check(&bin, &inputs), Ok(()), "as new as the newest source");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
