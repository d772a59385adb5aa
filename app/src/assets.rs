//! The stylesheet's address in the pages: `/pkg/enlace.<hash>.css` when the build wrote content
//! hashes (`pkg/hash.txt`, in cargo-leptos's format: `css: <hash>`), else `/pkg/enlace.css`.
//! Leptos itself reads the same file for the script and the wasm (`LeptosOptions::hash_files`),
//! but not for the stylesheet.

/// The stylesheet's address without content hashes (`cargo leptos watch`, a plain build).
pub const UNHASHED_STYLESHEET: &str = "/pkg/enlace.css";

#[cfg(feature = "ssr")]
mod server {
    use std::path::PathBuf;
    use std::sync::OnceLock;

    /// Where the hash file is and the stylesheet's address without its hash.
    struct Hashes {
        file: PathBuf,
        prefix: String,
    }

    static HASHES: OnceLock<Hashes> = OnceLock::new();

    /// Set once by the server at start when the site has a hash file: its absolute path, the
    /// site's pkg directory (`pkg`) and the output name (`enlace`). A second call is ignored.
    pub fn use_hash_file(file: PathBuf, pkg_dir: &str, output_name: &str) {
        let prefix = format!("/{}/{output_name}", pkg_dir.trim_matches('/'));
        let _ = HASHES.set(Hashes { file, prefix });
    }

    /// The `css` hash of a hash file's text.
    #[must_use]
    pub fn css_hash(text: &str) -> Option<&str> {
        text.lines()
            .filter_map(|line| line.trim().split_once(':'))
            .find(|(key, _)| key.trim() == "css")
            .map(|(_, hash)| hash.trim())
            .filter(|hash| !hash.is_empty())
    }

    /// The stylesheet's address. The file is read on every page, as Leptos reads it for the
    /// script's and the wasm's names: after a rebuild swapped the site under a running server,
    /// the three names still agree.
    #[must_use]
    pub fn stylesheet_href() -> String {
        HASHES
            .get()
            .and_then(|h| {
                let text = std::fs::read_to_string(&h.file).ok()?;
                Some(format!("{}.{}.css", h.prefix, css_hash(&text)?))
            })
            .unwrap_or_else(|| super::UNHASHED_STYLESHEET.to_string())
    }

    #[cfg(test)]
    mod tests {
        use super::css_hash;

        #[test]
        fn the_css_hash_is_read_from_cargo_leptos_format() {
            let text = "js: 0011\nwasm: 2233\ncss: 4455aa\n";
            assert_eq!(css_hash(text), Some("4455aa"));
            assert_eq!(css_hash("js: 1\n"), None);
            assert_eq!(css_hash("css: \n"), None);
        }
    }
}

#[cfg(feature = "ssr")]
pub use server::{css_hash, stylesheet_href, use_hash_file};

/// In the browser, while hydrating: the address the server wrote into the page.
#[cfg(not(feature = "ssr"))]
#[must_use]
pub fn stylesheet_href() -> String {
    leptos::prelude::document()
        .get_element_by_id("leptos")
        .and_then(|link| link.get_attribute("href"))
        .unwrap_or_else(|| UNHASHED_STYLESHEET.to_string())
}
