//! A learner's half-written exercise in one chapter must not stop another
//! chapter from building. Chapters 4, 5, 7, 8 and 9 use other chapters'
//! libraries; each chapter compiles its `src/exercises/` only under its
//! default feature `exercises`, which the chapters that depend on it turn
//! off. This test holds that arrangement in every manifest and library, so
//! a new dependency between chapters cannot bring the coupling back.
//! (Checked by hand once: with chapter 6's rot13 made not to compile,
//! `cargo test -p chapter-07` and `-p chapter-08` build and run.)

use std::path::Path;

use harness::workspace::Workspace;

fn workspace() -> Workspace {
    Workspace::discover(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn chapters(ws: &Workspace) -> Vec<String> {
    (1..=9)
        .map(|n| format!("{n:02}"))
        .filter(|nn| ws.chapter_dir(nn).exists())
        .collect()
}

#[test]
fn every_chapter_compiles_its_exercises_only_under_its_own_feature() {
    let ws = workspace();
    for nn in chapters(&ws) {
        let dir = ws.chapter_dir(&nn);
        let manifest: toml::Table =
            toml::from_str(&std::fs::read_to_string(dir.join("Cargo.toml")).unwrap()).unwrap();
        let feature = |name: &str| -> Vec<String> {
            manifest["features"]
                .get(name)
                .and_then(|v| v.as_array())
                .map(|list| {
                    list.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        assert_eq!(
            feature("default"),
            ["exercises"],
            "chapter {nn}: default features"
        );
        assert!(
            feature("solutions").contains(&"exercises".to_string()),
            "chapter {nn}: `solutions` must turn `exercises` on"
        );
        let lib = std::fs::read_to_string(dir.join("src/lib.rs")).unwrap();
        assert!(
            lib.contains("#[cfg(feature = \"exercises\")]\npub mod exercises;"),
            "chapter {nn}: src/lib.rs must gate `pub mod exercises` on the feature"
        );
    }
}

#[test]
fn no_chapter_builds_another_chapters_exercises() {
    let ws = workspace();
    for nn in chapters(&ws) {
        let path = ws.chapter_dir(&nn).join("Cargo.toml");
        let manifest: toml::Table =
            toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for section in ["dependencies", "dev-dependencies", "build-dependencies"] {
            let Some(deps) = manifest.get(section).and_then(|d| d.as_table()) else {
                continue;
            };
            for (name, spec) in deps.iter().filter(|(name, _)| name.starts_with("chapter-")) {
                let off = spec.get("default-features").and_then(|v| v.as_bool()) == Some(false);
                let features = spec.get("features").and_then(|v| v.as_array());
                let asks = features
                    .is_some_and(|list| list.iter().any(|f| f.as_str() == Some("exercises")));
                assert!(
                    off && !asks,
                    "chapter {nn}'s [{section}] {name} must have `default-features = false` and no \
                     `exercises` feature: otherwise a learner's broken exercise in {name} stops \
                     chapter {nn} from building"
                );
            }
        }
    }
}

/// Within a chapter too, one exercise that does not compile must not hide
/// the others: `workbook` (status, check, watch) leaves it out through the
/// chapter's `skip-<name>` feature and checks the rest. Every exercise needs
/// that feature, its module gated by it, and its test module too.
#[test]
fn every_exercise_can_be_left_out_of_its_chapter() {
    let ws = workspace();
    for nn in chapters(&ws) {
        let dir = ws.chapter_dir(&nn);
        let Ok(text) = std::fs::read_to_string(dir.join("exercises.toml")) else {
            continue;
        };
        let exercises: toml::Table = toml::from_str(&text).unwrap();
        let manifest: toml::Table =
            toml::from_str(&std::fs::read_to_string(dir.join("Cargo.toml")).unwrap()).unwrap();
        let module = std::fs::read_to_string(dir.join("src/exercises/mod.rs")).unwrap();
        let tests = std::fs::read_to_string(dir.join("tests/exercises/main.rs")).unwrap();
        for exercise in exercises["exercise"].as_array().unwrap() {
            let name = exercise["name"].as_str().unwrap();
            let feature = format!("skip-{name}");
            assert!(
                manifest["features"].get(&feature).is_some(),
                "chapter {nn}: no feature {feature} in Cargo.toml"
            );
            let gate = format!("#[cfg(not(feature = \"{feature}\"))]\n");
            assert!(
                module.contains(&format!("{gate}pub mod {name};")),
                "chapter {nn}: src/exercises/mod.rs must gate `pub mod {name};` with {gate}"
            );
            assert!(
                tests.contains(&format!("{gate}mod {name};")),
                "chapter {nn}: tests/exercises/main.rs must gate `mod {name};` with {gate}"
            );
        }
    }
}
