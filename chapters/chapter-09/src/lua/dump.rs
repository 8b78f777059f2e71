//! A canonical one-line dump of a value, for comparing our view of a
//! structure with Lua's own: `chapters/chapter-09/fixtures/dump.lua` prints the
//! same format from inside Lua, after Lua has loaded our text.
//!
//! Format: `true`/`false`; numbers as C's `%.16e` (`1.0000000000000000e+00`;
//! `nan`, `inf`, `-inf`), because Lua 5.1 keeps every number as a double, so
//! an integer and the equal float dump alike; strings as `s:` and the bytes
//! in hex; tables as `{key=value,...}` with the entries sorted by the key's
//! dump, bytewise (as Lua's `table.sort` does in the C locale).
//!
//! Only for trees: a cyclic value would make it recurse without end.
//!
//! Layout: [`dump`], [`dump_number`].

use super::value::Value;

/// The canonical dump of `value` (an acyclic value).
pub fn dump(value: &Value) -> String {
    match value {
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => dump_number(*i as f64),
        Value::Float(f) => dump_number(*f),
        Value::Str(s) => {
            let hex: String = s.iter().map(|b| format!("{b:02x}")).collect();
            format!("s:{hex}")
        }
        Value::Table(t) => {
            let t = t.0.borrow();
            let mut entries: Vec<(String, String)> = t
                .array
                .iter()
                .enumerate()
                .map(|(i, v)| (dump_number((i + 1) as f64), dump(v)))
                .chain(t.hash.iter().map(|(k, v)| (dump(k), dump(v))))
                .collect();
            entries.sort();
            let inner: Vec<String> = entries
                .into_iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            format!("{{{}}}", inner.join(","))
        }
    }
}

/// A number as C's `printf("%.16e")` writes it (`nan` for every NaN).
pub fn dump_number(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.into();
    }
    let text = format!("{f:.16e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exponent.abs())
}
