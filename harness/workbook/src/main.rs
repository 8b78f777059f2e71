//! The `workbook` command: the learner's status, hints, verification, the book,
//! fake peers and conformance runs. See `workbook --help`.

fn main() -> std::process::ExitCode {
    workbook::main()
}
