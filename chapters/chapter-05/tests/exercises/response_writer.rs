use chapter_05::exercises::response_writer::write_response;

#[test]
fn writes_the_whole_response_in_order() {
    let mut out = Vec::new();
    write_response(
        200,
        "OK",
        &[("Content-Type", "text/plain")],
        b"hi\n",
        false,
        &mut out,
    );
    expect_eq!(
        out,
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nhi\n".to_vec()
    );
}

#[test]
fn head_only_keeps_the_length_and_drops_the_body() {
    let mut out = b"earlier".to_vec();
    write_response(404, "Not Found", &[], b"missing", true, &mut out);
    expect_eq!(
        out,
        b"earlierHTTP/1.1 404 Not Found\r\nContent-Length: 7\r\n\r\n".to_vec()
    );
}

#[test]
fn an_independent_parser_reads_it_back() {
    let mut out = Vec::new();
    let body = vec![b'x'; 1000];
    write_response(
        201,
        "Created",
        &[("A", "1"), ("B", "two")],
        &body,
        false,
        &mut out,
    );
    let mut headers = [httparse::EMPTY_HEADER; 8];
    let mut response = httparse::Response::new(&mut headers);
    let httparse::Status::Complete(n) = response.parse(&out).unwrap() else {
        panic!("incomplete head");
    };
    expect_eq!(response.code, Some(201));
    let headers: Vec<String> = response
        .headers
        .iter()
        .map(|h| format!("{}: {}", h.name, String::from_utf8_lossy(h.value)))
        .collect();
    expect_eq!(headers, ["A: 1", "B: two", "Content-Length: 1000"]);
    expect_eq!(&out[n..], &body[..]);
}
