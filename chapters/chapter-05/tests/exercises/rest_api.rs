use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Mutex;
use std::time::Duration;

use chapter_05::exercises::rest_api::Items;
use chapter_05::head::RequestHead;
use chapter_05::response::Response;
use chapter_05::server::{Config, Handler, Shutdown, run};
use chapter_05::site::Answer;
use serde_json::{Value, json};

fn json_of(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body:?}"))
}

#[test]
fn creates_lists_gets_and_deletes_items() {
    let mut items = Items::new();
    expect_eq!(items.handle("GET", "/items", b""), (200, "[]".to_string()));
    let (status, body) = items.handle("POST", "/items", br#"{"name": "apple"}"#);
    expect_eq!(
        (status, json_of(&body)),
        (201, json!({"id": 1, "name": "apple"}))
    );
    let (status, _) = items.handle("POST", "/items", br#"{"name": "pear"}"#);
    expect_eq!(status, 201);
    let (status, body) = items.handle("GET", "/items?sort=no", b"");
    expect_eq!(
        (status, json_of(&body)),
        (
            200,
            json!([{"id": 1, "name": "apple"}, {"id": 2, "name": "pear"}])
        )
    );
    let (status, body) = items.handle("GET", "/items/2", b"");
    expect_eq!(
        (status, json_of(&body)),
        (200, json!({"id": 2, "name": "pear"}))
    );
    expect_eq!(
        items.handle("DELETE", "/items/1", b""),
        (204, String::new())
    );
    expect_eq!(items.handle("DELETE", "/items/1", b"").0, 404);
    expect_eq!(items.handle("GET", "/items/1", b"").0, 404);
    let (_, body) = items.handle("POST", "/items", br#"{"name": "plum"}"#);
    expect_eq!(json_of(&body)["id"], 3, "ids are never reused");
}

#[test]
fn refuses_bad_bodies_methods_and_paths() {
    let mut items = Items::new();
    expect_eq!(items.handle("POST", "/items", b"not json").0, 400);
    expect_eq!(items.handle("POST", "/items", br#"{"title": "x"}"#).0, 400);
    expect_eq!(items.handle("PUT", "/items", b"").0, 405);
    expect_eq!(items.handle("PATCH", "/items/1", b"").0, 405);
    expect_eq!(items.handle("GET", "/elsewhere", b"").0, 404);
    expect_eq!(items.handle("GET", "/items/abc", b"").0, 404);
}

/// The learner's API behind the chapter's HTTP server.
struct Api(Mutex<Items>);

impl Handler for Api {
    fn handle(&self, head: &RequestHead, body: &[u8]) -> Answer {
        let (status, json) = self
            .0
            .lock()
            .unwrap()
            .handle(&head.method, &head.target, body);
        Answer {
            response: Response::new(status, "application/json", json),
            stop: false,
        }
    }
}

#[test]
fn works_over_http_on_one_keep_alive_connection() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let stop = Shutdown::new(&listener).unwrap();
    let server = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            run(
                listener,
                Api(Mutex::new(Items::new())),
                Config::default(),
                stop,
            )
        })
    };
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let body = r#"{"name":"kiwi"}"#;
    let requests = format!(
        "POST /items HTTP/1.1\r\nHost: t\r\nContent-Length: {}\r\n\r\n{body}GET /items HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(requests.as_bytes()).unwrap();
    let mut got = String::new();
    s.read_to_string(&mut got).unwrap();
    stop.trigger();
    server.join().unwrap().unwrap();
    let status_line = got.split("\r\n").next().unwrap_or("");
    expect_eq!(status_line, "HTTP/1.1 201 Created", "the first response");
    // The second response's body, after its blank line: exact compact JSON.
    let last_body = got.rsplit("\r\n\r\n").next().unwrap_or("");
    expect_eq!(
        last_body,
        r#"[{"id":1,"name":"kiwi"}]"#,
        "the body of GET /items, after:\n{got}"
    );
}
