//! Both locale files hold exactly the same keys: a key missing from one would fail the build of
//! the pages that use it, but not of the ones that do not yet.

use std::collections::BTreeSet;

use serde_json::Value;

/// Every key path of a locale file (`a.b` for nested objects).
fn keys(value: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    if let Value::Object(map) = value {
        for (k, v) in map {
            let path = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            if v.is_object() {
                keys(v, &path, out);
            } else {
                out.insert(path);
            }
        }
    }
}

fn locale(name: &str) -> BTreeSet<String> {
    let path = format!("{}/locales/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut out = BTreeSet::new();
    keys(&value, "", &mut out);
    out
}

#[test]
fn every_key_exists_in_both_locales() {
    let es = locale("es");
    let en = locale("en");
    let only_es: Vec<&String> = es.difference(&en).collect();
    let only_en: Vec<&String> = en.difference(&es).collect();
    assert!(
        only_es.is_empty() && only_en.is_empty(),
        "missing from en.json: {only_es:?}; missing from es.json: {only_en:?}"
    );
}

#[test]
fn nested_keys_are_compared_by_path() {
    let value: Value = serde_json::json!({ "a": "x", "b": { "c": "y", "d": { "e": "z" } } });
    let mut out = BTreeSet::new();
    keys(&value, "", &mut out);
    assert_eq!(out.into_iter().collect::<Vec<_>>(), ["a", "b.c", "b.d.e"]);
}
