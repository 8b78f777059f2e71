//! Structure-aware pieces: the words each protocol's parser looks for,
//! and the byte sequences that break careless parsers (line ends of every
//! kind, `%` and `=` escapes, numbers past every integer size, NUL, bytes
//! that are not UTF-8).
//!
//! # Layout
//! [`COMMON`], then one list per protocol: [`DNS`], [`URL`], [`HTTP`],
//! [`MIME`], [`SMTP`], [`POP3`], [`LINES`], [`LUA`], [`TOML`],
//! [`TRANSCRIPT`]. The lists are tables, laid out by hand.

/// Pieces every parser meets.
#[rustfmt::skip]
pub const COMMON: &[&[u8]] = &[
    b"\r\n", b"\n", b"\r", b" ", b"\t", b"\0", b"\xff", b"\xc3\xa9", b"\xe2\x82", b"\xef\xbb\xbf",
    b"%", b"%25", b"%00", b"%zz", b"%2e%2e", b"%2F", b"%0d%0a", b"=", b"==", b"=\r\n", b".", b"..",
    b"/", b"\\", b"\"", b"'", b":", b";", b",", b"-", b"+", b"#", b"?", b"@", b"[", b"]", b"0",
    b"-1", b"4294967296", b"18446744073709551616", b"99999999999999999999999",
];

/// DNS: pointers, reserved label bits, counts, record types.
#[rustfmt::skip]
pub const DNS: &[&[u8]] = &[
    b"\xc0\x0c", b"\xc0\x00", b"\xc0\x0e", b"\xc0\xff", b"\x3f", b"\x40", b"\x80", b"\xff\xff",
    b"\x00\x00", b"\x00\x01", b"\x00\x05", b"\x00\x0c", b"\x00\x1c", b"\x00\xff", b"\x81\x80",
    b"\x83\x80", b"\x02\x00", b"\x03www\x07workbook\x04test\x00", b"\x00\x01\x00\x01",
    b"\x00\x00\x01\x2c\x00\x04\xc0\x00\x02\x0a", b"\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00",
];

/// URLs: schemes, authorities, dot segments, escapes.
#[rustfmt::skip]
pub const URL: &[&[u8]] = &[
    b"http://", b"https://", b"ftp://", b"mailto:", b"//", b"@", b":", b"[::1]", b"[", b"]", b"?",
    b"#", b";", b"../", b"./", b"/..", b"/.", b"%2e", b"user:pass@", b":80", b":65536", b":-1",
    b"\t", b"http://a/b/c/d;p?q", b"g;x?y#s", b"../../../g", b"//g", b"a:b",
];

/// HTTP/1.1 heads, chunked bodies.
#[rustfmt::skip]
pub const HTTP: &[&[u8]] = &[
    b"GET ", b"POST ", b"HEAD ", b"PUT ", b" HTTP/1.1", b" HTTP/1.0", b"HTTP/2.0", b"HTTP/1.1 ",
    b"HTTP/1.1 200 OK", b"HTTP/1.1 302 Found", b"100 Continue", b"Host: ", b"Content-Length: ",
    b"Content-Length: 99999999999999999999", b"Transfer-Encoding: chunked", b"Connection: close",
    b"Connection: keep-alive", b"Location: ", b"\r\n ", b"\r\n\t", b" : ", b"\r\n\r\n",
    b"0\r\n\r\n", b"ffffffffffffffff", b"10000000000000000", b";ext=1", b"X-Trailer: yes\r\n", b"/",
    b"*",
];

/// MIME and mail headers: encoded words, QP escapes, base64.
#[rustfmt::skip]
pub const MIME: &[&[u8]] = &[
    b"=?UTF-8?B?", b"=?utf-8?q?", b"=?ISO-8859-1?Q?", b"?=", b"=?", b"=20", b"=3D", b"=0D=0A",
    b"=\r\n", b"= \r\n", b" \r\n", b"\t\r\n", b"=ff", b"=FG", b"_", b"Subject: ", b"From: ",
    b"To: ", b"Content-Transfer-Encoding: base64", b"aGVsbG8=", b"aGVsbG8", b"====", b"A===",
    b"\r\n\r\n", b"\r\n ", b"\r\n.\r\n", b"\n.\n",
];

/// SMTP commands and replies, SASL.
#[rustfmt::skip]
pub const SMTP: &[&[u8]] = &[
    b"EHLO ", b"HELO ", b"MAIL FROM:<", b"RCPT TO:<", b">", b"<>", b"DATA", b"QUIT", b"RSET",
    b"NOOP", b"AUTH PLAIN ", b"AUTH LOGIN", b"AUTH CRAM-MD5", b"VRFY ", b"250-", b"250 ", b"220 ",
    b"235 ", b"334 ", b"354 ", b"421 ", b"452 ", b"500 ", b"550 ", b"8BITMIME", b"SIZE=",
    b" SIZE=99999999999", b" BODY=8BITMIME", b"AUTH PLAIN LOGIN", b".\r\n", b"..", b"dXNlcg==",
    b"AHB1Y2sAbW9vbmxpZ2h0", b"*", b"puck@fairy.example",
];

/// POP3 commands and replies.
#[rustfmt::skip]
pub const POP3: &[&[u8]] = &[
    b"+OK ", b"-ERR ", b"USER ", b"PASS ", b"APOP ", b"STAT", b"LIST", b"LIST 1", b"UIDL",
    b"TOP 1 0", b"RETR 1", b"DELE 1", b"RSET", b"NOOP", b"QUIT", b"CAPA", b"<1.2@host>", b"puck",
    b"titania", b".\r\n", b"..", b"\r\n.\r\n", b"1 120\r\n", b"1 uid-1\r\n",
    b"TOP\r\nUIDL\r\nUSER\r\n", b"4294967296", b"0",
];

/// Line protocols: chat commands, echo, daytime.
#[rustfmt::skip]
pub const LINES: &[&[u8]] = &[
    b"/login ", b"/msg ", b"/who", b"/quit", b"/nick ", b"alice", b"bob", b"secret", b"*l", b"*a",
    b"\r\n", b"\n\n", b"Thursday, January 1, 1970 00:00:00-UTC",
];

/// Lua table literals.
#[rustfmt::skip]
pub const LUA: &[&[u8]] = &[
    b"{", b"}", b"{}", b"[", b"]", b"=", b",", b";", b"return ", b"true", b"false", b"nil", b"0/0",
    b"1/0", b"-1/0", b"\"", b"'", b"\\", b"\\255", b"\\256", b"\\x41", b"\\z", b"\\u{48}", b"\\\n",
    b"[[", b"]]", b"[==[", b"]==]", b"--", b"--[[", b"]]--", b"0x", b"0x1p4", b"1e", b"1e309",
    b".5", b"5.", b"9007199254740993", b"{{{{{{{{{{{{{{{{", b"a", b"_G", b"[1]=", b"x=", b"-",
    b"--x\n",
];

/// TOML: fault plans, accounts, configuration.
#[rustfmt::skip]
pub const TOML: &[&[u8]] = &[
    b"[[account]]", b"user = ", b"password = ", b"address = ", b"seed = ", b"chop = ",
    b"chop_random = ", b"delay_ms = ", b"bare_lf = true", b"close_after_bytes = ",
    b"reset_after_bytes = ", b"close_at_reply = ", b"[long_line]", b"length = ", b"at_reply = ",
    b"[[malformed]]", b"kind = \"garbage\"", b"kind = \"cut\"", b"[[reply]]", b"command = ",
    b"nth = ", b"reply = ", b"\"\"\"", b"'''", b"= [", b"{ ", b" }", b"inf", b"nan",
    b"1979-05-27T07:32:00Z", b"server = ", b"port = ", b"password_env = ", b"helo_name = ",
    b"9223372036854775807", b"9223372036854775808", b"0x7fffffffffffffff",
];

/// The transcript text format.
#[rustfmt::skip]
pub const TRANSCRIPT: &[&[u8]] = &[
    b"# ", b": ", b"# peer: smtp\n", b"1 open ", b"1 C> ", b"1 S> ", b"C| close", b"S| half-close",
    b"| reset", b"| timeout", b"- note ", b"\"", b"\\x", b"\\x0", b"\\xzz", b"\\r\\n", b"\\q",
    b"4294967296 ", b"-1 ",
];
