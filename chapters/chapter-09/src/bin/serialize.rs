//! `serialize`: the seed's closing idea: nested data sent between programs
//! as a Lua table constructor, and read back by a parser that cannot run
//! anything.
//!
//! With no options it shows the round trip on a sample structure, then what
//! the writer and the reader refuse (a cycle, a function call). With `--read`
//! it reads a literal from stdin and writes it back (normalised, compact or
//! `--pretty`); with `--dump`, it prints the canonical dump that the Lua
//! script `fixtures/dump.lua` prints too (the `serialize` conformance case).
//!
//! ```sh
//! cargo run -p chapter-09 --bin serialize
//! echo '{ "a", b = { true, 1.5 } }' | cargo run -p chapter-09 --bin serialize -- --read --pretty
//! echo 'os.execute("rm -rf /")' | cargo run -p chapter-09 --bin serialize -- --read   # refused
//! ```
//!
//! Layout: [`Args`], [`sample`], [`demo`], [`read_stdin`], `main`.

use std::io::{self, Read};
use std::process::ExitCode;

use anyhow::{Context, Result};
use chapter_09::lua::dump::dump;
use chapter_09::lua::{Limits, Table, Value, WriteOptions, from_lua, to_lua};
use clap::Parser;

/// Write nested data as a Lua table literal, and read such literals back
/// safely (never by running them).
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Read a literal from stdin and write it back.
    #[arg(long)]
    read: bool,
    /// Read a literal from stdin and print its canonical dump.
    #[arg(long, conflicts_with = "read")]
    dump: bool,
    /// Write with one item per line, indented.
    #[arg(long)]
    pretty: bool,
    /// Deepest table nesting accepted.
    #[arg(long, default_value_t = Limits::default().max_depth)]
    max_depth: usize,
    /// Largest input accepted, in bytes.
    #[arg(long, default_value_t = Limits::default().max_bytes)]
    max_bytes: usize,
    /// Most values accepted.
    #[arg(long, default_value_t = Limits::default().max_items)]
    max_items: usize,
}

// ANCHOR: sample
/// A class list like the seed's: students with their courses (the array
/// part) and an id (the hash part).
fn sample() -> Value {
    let student =
        |courses: [&str; 3], id: i64| Table::list(courses.map(Value::from)).with("Id", id);
    Value::table(
        Table::default()
            .with("Ada", student(["MTH 201", "PHY 110", "CS 150"], 17))
            .with("Grace", student(["CS 150", "ENG 101", "MTH 201"], 23))
            .with("note", "quotes \" and\nnewlines survive")
            .with("active", true)
            .with("gpa", 3.75),
    )
}
// ANCHOR_END: sample

fn demo() -> Result<()> {
    let value = sample();
    let compact = to_lua(&value, &WriteOptions::default())?;
    println!("compact: {compact}");
    let pretty = WriteOptions {
        indent: Some(2),
        ..WriteOptions::default()
    };
    println!("pretty:\n{}", to_lua(&value, &pretty)?);
    let back = from_lua(compact.as_bytes(), Limits::default())?;
    println!("read back, same structure: {}", back.same_tree(&value));
    // A table that contains itself cannot be a literal.
    let looped = chapter_09::lua::TableRef::new(Table::list([Value::from("me")]));
    looped
        .0
        .borrow_mut()
        .hash
        .push(("self".into(), Value::Table(looped.clone())));
    let error = to_lua(&Value::Table(looped.clone()), &WriteOptions::default()).unwrap_err();
    println!("a cycle: {error}");
    // Break the cycle so the Rc can be freed.
    looped.0.borrow_mut().hash.clear();
    let attack = br#"{ name = os.execute("rm -rf ~") }"#;
    let error = from_lua(attack, Limits::default()).unwrap_err();
    println!("code instead of data: {error}");
    Ok(())
}

fn read_stdin(max: usize) -> Result<Vec<u8>> {
    let mut input = Vec::new();
    // One byte over the limit is enough to report it.
    io::stdin()
        .take(max as u64 + 1)
        .read_to_end(&mut input)
        .context("cannot read stdin")?;
    Ok(input)
}

fn main() -> Result<ExitCode> {
    let args = Args::parse();
    if !args.read && !args.dump {
        demo()?;
        return Ok(ExitCode::SUCCESS);
    }
    let limits = Limits {
        max_bytes: args.max_bytes,
        max_depth: args.max_depth,
        max_items: args.max_items,
    };
    let input = read_stdin(limits.max_bytes)?;
    let value = match from_lua(&input, limits) {
        Ok(value) => value,
        Err(e) => {
            // A plain message, not an error trace: bad input is expected here.
            eprintln!("serialize: stdin is not a Lua data literal: {e}");
            return Ok(ExitCode::FAILURE);
        }
    };
    if args.dump {
        println!("{}", dump(&value));
    } else {
        let options = WriteOptions {
            indent: args.pretty.then_some(2),
            ..WriteOptions::default()
        };
        println!("{}", to_lua(&value, &options)?);
    }
    Ok(ExitCode::SUCCESS)
}
