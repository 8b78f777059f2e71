//! The fuzzer itself: a smoke run of every target, and the runner's
//! judgements on targets made to fail in each way it must catch (a panic,
//! a broken property, a greedy heap, a slow input), with their replays.
//!
//! Run with the fuzz profile, whose dependencies the CI build already has:
//! `cargo test --profile fuzz --manifest-path fuzz/Cargo.toml`.

use std::time::Duration;

use fuzz::check::{ChunkedStream, Outcome, chunks};
use fuzz::corpus::{Corpus, Kind};
use fuzz::make::{self, HUGE_MAX};
use fuzz::run::{self, Options, Report, cpu_time};
use fuzz::targets::{self, Target};
use std::io::Read;

const SEED: u64 = 22;

fn corpus() -> Corpus {
    Corpus::load(fuzz::root()).expect("the fixtures load")
}

fn options(inputs: u64) -> Options {
    Options {
        seed: SEED,
        inputs,
        strict: false,
        time_limit: Duration::from_secs(1),
        hang_limit: Duration::from_secs(600),
        jobs: 2,
    }
}

/// Runs `target` alone on seeds from the Lines kind.
fn run_one(target: Target, opts: &Options) -> Report {
    let seeds = corpus().seeds(target.kinds);
    fuzz::pool::run_all(&[(target, seeds)], opts, &|_| {}).remove(0)
}

fn fake(run: fn(&[u8], &mut make::Rng) -> Outcome) -> Target {
    Target::new(
        "fake",
        "a target for the runner's tests",
        &[Kind::Lines],
        &[fuzz::words::COMMON],
        run,
    )
}

#[test]
fn every_target_passes_a_smoke_run() {
    let corpus = corpus();
    let work: Vec<_> = targets::all()
        .into_iter()
        .map(|t| (t, corpus.seeds(t.kinds)))
        .collect();
    assert!(work.len() >= 50, "{} targets", work.len());
    let reports = fuzz::pool::run_all(&work, &options(200), &|_| {});
    let failed: Vec<String> = reports
        .iter()
        .filter_map(|r| r.failure.as_ref())
        .map(fuzz::show::failure)
        .collect();
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn every_target_is_fed_real_fixtures() {
    let corpus = corpus();
    for t in targets::all() {
        for kind in t.kinds {
            assert!(corpus.count(*kind) > 0, "{}: no seeds of {kind:?}", t.name);
        }
    }
}

#[test]
fn a_panic_is_reported_with_its_input_and_replay() {
    let target = fake(|input, _| {
        assert!(!input.contains(&b'\n'), "a line end");
        Ok(())
    });
    let report = run_one(target, &options(1000));
    let f = report.failure.expect("some input has a line end");
    assert!(
        f.why.starts_with("panicked") && f.why.contains("a line end"),
        "{}",
        f.why
    );
    assert_eq!(
        report.inputs,
        f.index + 1,
        "the run stops at its first failure"
    );
    let seeds = corpus().seeds(target.kinds);
    let (again, _) = run::make_input(&target, &seeds, &target.word_list(), SEED, f.index);
    assert_eq!(again, f.input, "--index makes the same input again");
    let shown = fuzz::show::failure(&f);
    let replay = format!("--target fake --seed {SEED} --index {}", f.index);
    assert!(shown.contains(&replay) && shown.contains("hex:"), "{shown}");
}

#[test]
fn a_broken_property_fails_its_input() {
    let report = run_one(
        fake(|input, _| match input.len() > 100 {
            true => Err(format!("{} bytes", input.len())),
            false => Ok(()),
        }),
        &options(1000),
    );
    let f = report.failure.expect("some input is long");
    assert_eq!(f.why, format!("{} bytes", f.input.len()));
}

#[test]
fn the_heap_bound_catches_a_greedy_input() {
    let greedy = fake(|_, _| {
        let v = vec![1u8; 3 << 20];
        std::hint::black_box(&v);
        Ok(())
    })
    .heap(|_| 2 << 20);
    let f = run_one(greedy, &options(10))
        .failure
        .expect("3 MiB is over 2 MiB");
    assert!(
        f.why
            .starts_with("peak heap 3.0 MiB over the bound 2.0 MiB"),
        "{}",
        f.why
    );
    let frugal = fake(|input, _| {
        std::hint::black_box(input.to_vec());
        Ok(())
    });
    let report = run_one(frugal, &options(200));
    assert!(report.failure.is_none());
    assert!(
        report.heaviest.value >= report.heaviest.len as u64,
        "{:?}",
        report.heaviest
    );
}

/// Burns 30 ms of CPU.
fn slow(_: &[u8], _: &mut make::Rng) -> Outcome {
    let start = cpu_time();
    while cpu_time() - start < Duration::from_millis(30) {}
    Ok(())
}

#[test]
fn a_slow_input_fails_only_with_strict() {
    let mut opts = Options {
        time_limit: Duration::from_millis(10),
        ..options(3)
    };
    let report = run_one(fake(slow), &opts);
    assert!(
        report.failure.is_none() && report.over_time == 3,
        "{report:?}"
    );
    assert!(report.slowest.value >= 30_000_000, "{:?}", report.slowest);
    opts.strict = true;
    let f = run_one(fake(slow), &opts).failure.expect("strict fails it");
    assert!(f.why.starts_with("took"), "{}", f.why);
    let exempt = run_one(fake(slow).slow_ok(|_| true), &opts);
    assert!(exempt.failure.is_none() && exempt.exempt == 3, "{exempt:?}");
}

#[test]
fn inputs_depend_on_seed_target_and_index_only() {
    let target = targets::find("qp").expect("a target");
    let seeds = corpus().seeds(target.kinds);
    let words = target.word_list();
    let input = |seed, index| run::make_input(&target, &seeds, &words, seed, index).0;
    assert_eq!(input(1, 7), input(1, 7));
    let distinct: std::collections::HashSet<Vec<u8>> = (0..50).map(|i| input(1, i)).collect();
    assert!(
        distinct.len() > 40,
        "{} distinct inputs of 50",
        distinct.len()
    );
    assert_ne!(input(1, 7), input(2, 7));
}

#[test]
fn huge_inputs_come_now_and_then_and_stay_under_the_cap() {
    let target = targets::find("rot13").expect("a target");
    let seeds = corpus().seeds(target.kinds);
    let words = target.word_list();
    let sizes: Vec<usize> = (0..40_000)
        .map(|i| run::make_input(&target, &seeds, &words, 5, i).0.len())
        .collect();
    assert!(
        sizes.iter().any(|&n| n >= 256 << 10),
        "no huge input in 40000"
    );
    assert!(
        sizes.iter().all(|&n| n <= HUGE_MAX),
        "an input over {HUGE_MAX}"
    );
    let small = sizes.iter().filter(|&&n| n < 64 << 10).count();
    assert!(small > 39_000, "only {small} of 40000 inputs under 64 KiB");
}

#[test]
fn chunks_and_chunked_streams_keep_every_byte() {
    let data: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
    for i in 0..200 {
        let mut rng = make::input_rng(i, "chunks", i);
        let pieces = chunks(&mut rng, &data[..(i as usize * 25) % data.len()]);
        assert_eq!(pieces.concat(), data[..(i as usize * 25) % data.len()]);
        let mut read = Vec::new();
        ChunkedStream::new(&pieces).read_to_end(&mut read).unwrap();
        assert_eq!(read, pieces.concat());
    }
}
