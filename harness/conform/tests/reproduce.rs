//! A server case's reproduce line sets every address variable the program
//! gets, so it runs by hand as it ran in the case.

mod common;

use common::report;

#[test]
fn server_start_lines_set_every_address_variable() {
    let cases = [
        ("http-server", &[][..]),
        ("tcp-echo-server", &[][..]),
        ("smtp-server", &["SMTP"][..]),
        ("pop3-server", &["POP3"][..]),
    ];
    for (case, names) in cases {
        let report = report(case, &["true"]);
        let start = report
            .reproduce
            .iter()
            .find(|l| l.contains("# start your server"));
        let start = start.unwrap_or_else(|| panic!("{case}: {:?}", report.reproduce));
        for name in ["WORKBOOK"].iter().chain(names) {
            for var in [format!("{name}_HOST=127.0.0.1 "), format!("{name}_PORT=")] {
                assert!(start.contains(&var), "{case}: no {var} in {start}");
            }
        }
    }
}
